package availability

import (
	"slices"
	"sort"
	"time"
)

// DefaultProbeInterval is the RG-PROBE-1 probe interval when none is given
// (Open Finance Brasil probes every 30 s).
const DefaultProbeInterval = 30 * time.Second

// Probe is one result of a periodic status probe (RG-PROBE-1). The zero
// value is bad input (no instant). A monotonic clock reading in At (a
// probe timed with time.Now) is ignored, as everywhere in this package
// (package documentation, section Instants).
type Probe struct {
	At       time.Time
	Endpoint string // the probed endpoint; "" for the whole interface
	OK       bool
}

// Rule RG-PROBE-1: Probes derives outages from probe results: each failed
// probe at t adds [t, t + interval) of downtime, cut short by the first OK
// probe at or after t (so a failed and an OK probe at the same instant add
// nothing); overlapping or touching intervals of an endpoint merge into one
// Outage. Opened is the first failed probe (Kind ProbeResult; ties: lowest
// index); Closed is the OK probe at End if there is one (Kind
// ProbeResult), else the failed probe whose interval ran out (Kind
// ProbeInterval, At = End). Probe outages are never Ongoing nor Idle.
//
// t + interval past the last instant time.Time holds is that instant
// (package documentation, section Instants). interval ≤ 0 means
// DefaultProbeInterval. Probes may be in any order;
// evidence IDs are indices in probes. Probes with a zero instant are left
// out and reported in the returned error (a *ProbeInputError). The result
// is sorted by (Endpoint, Start). Planned windows are not probes: give
// them to Days (they are counted apart, as Brazil asks).
func Probes(probes []Probe, interval time.Duration) ([]Outage, error) {
	if interval <= 0 {
		interval = DefaultProbeInterval
	}
	var bad []int
	byEndpoint := map[string][]int{}
	for i := range probes {
		if probes[i].At.IsZero() {
			bad = append(bad, i)
			continue
		}
		byEndpoint[probes[i].Endpoint] = append(byEndpoint[probes[i].Endpoint], i)
	}
	keys := make([]string, 0, len(byEndpoint))
	for k := range byEndpoint {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []Outage
	for _, key := range keys {
		idx := byEndpoint[key]
		var oks, failed []instantEvidence
		for _, i := range idx {
			p := &probes[i]
			at := wall(p.At) // wall-clock instants only, as ProbeTracker (package doc, Instants)
			ev := Evidence{Kind: ProbeResult, At: at, Endpoint: p.Endpoint, ID: int64(i)}
			if p.OK {
				oks = append(oks, instantEvidence{at, ev})
			} else {
				failed = append(failed, instantEvidence{at, ev})
			}
		}
		slices.SortFunc(oks, byInstantThenID)
		slices.SortFunc(failed, byInstantThenID)
		// Each failed probe's interval, in order of start.
		var raws []Outage
		for _, f := range failed {
			end := loggedAt(f.at, interval)
			j := sort.Search(len(oks), func(j int) bool { return !oks[j].at.Before(f.at) })
			if j < len(oks) && oks[j].at.Before(end) {
				end = oks[j].at
			}
			if !end.After(f.at) {
				continue
			}
			raws = append(raws, Outage{Endpoint: key, Start: f.at, End: end, Opened: f.ev})
		}
		for _, o := range referenceMerge(raws) {
			// Closed: the OK probe at End, else the failed probe whose
			// interval ran out there.
			j := sort.Search(len(oks), func(j int) bool { return !oks[j].at.Before(o.End) })
			if j < len(oks) && oks[j].at.Equal(o.End) {
				o.Closed = oks[j].ev
			} else {
				for _, f := range failed {
					if loggedAt(f.at, interval).Equal(o.End) {
						o.Closed = Evidence{Kind: ProbeInterval, At: o.End, Endpoint: f.ev.Endpoint, ID: f.ev.ID}
						break
					}
				}
			}
			out = append(out, o)
		}
	}
	if bad != nil {
		return out, &ProbeInputError{Indices: bad}
	}
	return out, nil
}

// ProbeInputError lists the probes with a zero instant.
type ProbeInputError struct {
	Indices []int
}

func (e *ProbeInputError) Error() string { return ZeroProbeTime.Error() }

// Unwrap returns ZeroProbeTime.
func (e *ProbeInputError) Unwrap() error { return ZeroProbeTime }

// ProbeTracker is the streaming form of Probes for one endpoint: probes in
// non-decreasing order of At. It gives exactly the outages of Probes.
// Add refuses a probe of another endpoint than the first one
// (OtherEndpoint), one before the latest instant (OutOfOrder), any after
// Finish (AfterFinish), and rejects a zero instant (ZeroProbeTime); all
// counted in Refused.
//
// The zero value is a tracker with the default interval, ready to use. It
// is not safe for concurrent use. Add does not allocate in steady state.
// MarshalBinary and UnmarshalBinary persist its state between runs.
type ProbeTracker struct {
	interval time.Duration
	started  bool
	finished bool
	endpoint string

	// the probes of the current instant, not yet processed
	groupAt          time.Time
	groupOK, groupNo bool
	okEv, noEv       Evidence

	open bool
	cur  Outage
	out  []Outage

	refused Refusals
}

// NewProbeTracker returns a ProbeTracker with the given probe interval
// (≤ 0: DefaultProbeInterval).
func NewProbeTracker(interval time.Duration) *ProbeTracker {
	return &ProbeTracker{interval: interval}
}

func (t *ProbeTracker) step() time.Duration {
	if t.interval <= 0 {
		return DefaultProbeInterval
	}
	return t.interval
}

// Add feeds one probe with the caller's id for evidence.
func (t *ProbeTracker) Add(p *Probe, id int64) error {
	switch {
	case t.finished:
		t.refused.add(AfterFinish)
		return AfterFinish
	case p == nil || p.At.IsZero(): // a nil probe is the zero probe
		t.refused.add(ZeroProbeTime)
		return ZeroProbeTime
	}
	at := wall(p.At) // wall-clock instants only, as Probes (package doc, Instants)
	if !t.started {
		t.started, t.endpoint, t.groupAt = true, p.Endpoint, at
	} else {
		if p.Endpoint != t.endpoint {
			t.refused.add(OtherEndpoint)
			return OtherEndpoint
		}
		if at.Before(t.groupAt) {
			t.refused.add(OutOfOrder)
			return OutOfOrder
		}
		if at.After(t.groupAt) {
			t.process()
			t.groupAt = at
		}
	}
	ev := Evidence{Kind: ProbeResult, At: at, Endpoint: p.Endpoint, ID: id}
	if p.OK {
		if !t.groupOK || id < t.okEv.ID {
			t.okEv = ev
		}
		t.groupOK = true
	} else {
		if !t.groupNo || id < t.noEv.ID {
			t.noEv = ev
		}
		t.groupNo = true
	}
	return nil
}

// process applies the probes of the current instant.
func (t *ProbeTracker) process() {
	at := t.groupAt
	if t.open && at.After(t.cur.End) { // nothing later can reach the open outage
		t.out = append(t.out, t.cur)
		t.open = false
	}
	switch {
	case t.groupOK:
		if t.open && !t.cur.End.Before(at) { // an OK probe cuts the outage, or closes it at its end
			t.cur.End, t.cur.Closed = at, t.okEv
		}
	case t.groupNo:
		end := loggedAt(at, t.step())
		if !t.open {
			t.open = true
			t.cur = Outage{Endpoint: t.endpoint, Start: at, Opened: t.noEv}
		} else if !end.After(t.cur.End) {
			break
		}
		t.cur.End = end
		t.cur.Closed = Evidence{Kind: ProbeInterval, At: end, Endpoint: t.noEv.Endpoint, ID: t.noEv.ID}
	}
	t.groupOK, t.groupNo = false, false
}

// Outages appends the outages finished so far and forgets them.
func (t *ProbeTracker) Outages(dst []Outage) []Outage {
	dst = append(dst, t.out...)
	clear(t.out)
	t.out = t.out[:0]
	return dst
}

// Finish processes the last probes and appends every outage not yet
// collected. Later Adds are refused until Reset.
func (t *ProbeTracker) Finish(dst []Outage) []Outage {
	if !t.finished && t.started {
		t.process()
		if t.open {
			t.out = append(t.out, t.cur)
			t.open = false
		}
	}
	t.finished = true
	return t.Outages(dst)
}

// Reset empties the tracker, counts included, keeping its interval and
// buffers.
func (t *ProbeTracker) Reset() {
	clear(t.out)
	*t = ProbeTracker{interval: t.interval, out: t.out[:0]}
}

// Refused returns the probes refused by Refusal.
func (t *ProbeTracker) Refused() Refusals { return t.refused }
