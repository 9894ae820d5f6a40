package availability

import (
	"math"
	"math/big"
	"time"

	"github.com/openfinance-kpi/kpi"
)

// EvidenceKind says what a piece of evidence is (AV-EVIDENCE-1). The zero
// value, NoEvidence, also means "not cut" in Piece.CutAtStart/CutAtEnd.
type EvidenceKind uint8

// The kinds of evidence.
const (
	NoEvidence       EvidenceKind = iota
	Call                          // a call: ID is its index in the Reference input or the id given to Add
	PlannedWindow                 // a planned window (AV-PLAN-1): ID is its index in the planned slice
	MonitoringOutage              // a monitoring outage (AV-MON-1): ID is its index in the monitoring slice
	ObservationEnd                // the caller's asOf (AV-CLOCK-3)
	DayBoundary                   // a local midnight (AV-WINDOW-1)
	ProbeResult                   // a probe (RG-PROBE-1): ID is its index or the id given to Add
	ProbeInterval                 // the probe interval of the last failed probe ran out (RG-PROBE-1)
)

var kindNames = [...]string{"none", "call", "planned window", "monitoring outage",
	"observation end", "day boundary", "probe", "probe interval"}

// String returns a short name such as "call".
func (k EvidenceKind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "evidence?"
}

// Evidence names what opened, closed or cut a downtime interval
// (AV-EVIDENCE-1): a person checking a report finds the call (or window)
// by Endpoint and ID.
//
// At is the instant the evidence acts: for the call that opened an AV-CLOCK
// outage, its rule instant (AV-CLOCK-2); for the first call of an AV-CONSEC
// series, its ReceivedAt; for the success that closed an outage, the end of
// the outage (its logged instant under AV-CLOCK, ReceivedAt + TTLB under
// AV-CONSEC); for ObservationEnd, asOf.
type Evidence struct {
	Kind     EvidenceKind
	At       time.Time
	Endpoint string // the call's own endpoint (also in an interface-wide walk)
	ID       int64
}

// Outage is one maximal downtime interval [Start, End) derived from one
// stream of calls (AV-CLOCK-1 or AV-CONSEC-1): an endpoint's calls, or
// all calls when Options.InterfaceWide (Endpoint "").
//
// Under AV-CONSEC one series' downtime may overlap the next one's (a
// success's TTLB runs past the next series' first call); overlapping or
// touching intervals of one stream are merged into one Outage: Opened is
// the first series' first call, Closed the evidence of the constituent that
// ends last (on a tie, the later one), Ongoing and Idle are set if any
// constituent's are.
//
// The zero value is an empty outage of no stream.
type Outage struct {
	Endpoint   string
	Start, End time.Time // [Start, End)
	Opened     Evidence  // the first failure (AV-CLOCK) / first call of the series (AV-CONSEC)
	Closed     Evidence  // the success that stopped it, or ObservationEnd
	// Ongoing is AV-CLOCK-3: no success closed the outage before the end
	// of the data; End is the caller's asOf (or Start, when asOf is not
	// after Start: such an outage holds no downtime yet but says a clock is
	// open).
	Ongoing bool
	// Idle is the AV-CLOCK-6 flag: somewhere inside the outage no call of
	// the stream arrived for longer than Options.IdleSpan (see the package
	// documentation for the exact instants). It never changes a figure.
	Idle bool
}

// Duration is End − Start (0 when End is not after Start; time.Time.Sub
// saturates past 292 years).
func (o *Outage) Duration() time.Duration {
	if !o.End.After(o.Start) {
		return 0
	}
	return o.End.Sub(o.Start)
}

// Seconds is End − Start in seconds, exact (0 when End is not after
// Start), even past the 292 years where Duration saturates.
func (o *Outage) Seconds() kpi.Ratio {
	if !o.End.After(o.Start) {
		return kpi.RatioOfInt(0)
	}
	if d := o.End.Sub(o.Start); d < math.MaxInt64 { // Sub saturates at MaxInt64
		return seconds(d)
	}
	ns := new(big.Int).Sub(big.NewInt(o.End.Unix()), big.NewInt(o.Start.Unix()))
	ns.Mul(ns, big.NewInt(int64(time.Second)))
	ns.Add(ns, big.NewInt(int64(o.End.Nanosecond()-o.Start.Nanosecond())))
	return kpi.RatioOfBig(ns, big.NewInt(int64(time.Second)))
}

// rawOut is one downtime interval as the rule first derives it: one AV-CLOCK
// interval, or one AV-CONSEC series up to its success, before merging.
type rawOut struct {
	ok     bool
	start  time.Time
	opener Evidence
	closed bool
	end    time.Time // if closed
	closer Evidence  // if closed
	gap    gapRun    // the instants that measure idleness (AV-CLOCK-6), up to the close
}

// outage finishes r: an open one runs to asOf (AV-CLOCK-3).
func (r *rawOut) outage(endpoint string, asOf time.Time, idle time.Duration) Outage {
	o := Outage{Endpoint: endpoint, Start: r.start, Opened: r.opener}
	g := r.gap
	if r.closed {
		o.End, o.Closed = r.end, r.closer
	} else {
		o.End = r.start
		if asOf.After(r.start) {
			o.End = asOf
		}
		o.Closed = Evidence{Kind: ObservationEnd, At: asOf}
		o.Ongoing = true
		g.add(asOf)
	}
	o.Idle = g.max > idle
	return o
}

// merger merges the raw intervals of one stream, arriving in order of
// start, into maximal outages (see Outage).
type merger struct {
	pending bool
	cur     Outage
}

// add merges o into the pending outage, or returns the pending one (done)
// and keeps o pending.
func (m *merger) add(o Outage) (done Outage, ok bool) {
	if !m.pending {
		m.cur, m.pending = o, true
		return Outage{}, false
	}
	if !o.Start.After(m.cur.End) { // overlapping or touching
		if !o.End.Before(m.cur.End) {
			m.cur.End, m.cur.Closed = o.End, o.Closed
		}
		m.cur.Ongoing = m.cur.Ongoing || o.Ongoing
		m.cur.Idle = m.cur.Idle || o.Idle
		return Outage{}, false
	}
	done = m.cur
	m.cur = o
	return done, true
}

// flush returns the pending outage, if any.
func (m *merger) flush() (Outage, bool) {
	if !m.pending {
		return Outage{}, false
	}
	m.pending = false
	o := m.cur
	m.cur = Outage{}
	return o, true
}
