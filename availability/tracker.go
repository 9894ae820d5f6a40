package availability

import (
	"slices"
	"time"

	"github.com/openfinance-kpi/kpi"
)

// Tracker derives the outages of one stream — one endpoint's calls, or all
// the interface's calls under Options.InterfaceWide — from calls in
// non-decreasing ReceivedAt order (a log sorted by request time), in
// bounded memory. It gives exactly the outages of Reference on the same
// calls (with the ids given to Add as evidence IDs).
//
// Feed it with Add, collect finished outages with Outages as often as you
// like (memory stays flat), and end with Finish(asOf), which runs an open
// clock to asOf (AV-CLOCK-3). Reset makes it reusable and keeps its
// buffers.
//
// The stream's endpoint is the endpoint of the first call accepted (or ""
// under InterfaceWide). Add refuses, and counts in Refused: a call of
// another endpoint (OtherEndpoint), a call received before the latest
// ReceivedAt seen (OutOfOrder), any call after Finish (AfterFinish), and
// every call when the options are invalid (BadOptions). It rejects bad
// input (kpi.Check) with its kpi.Reason, counted in Rejected. Nothing is
// dropped silently, nothing panics.
//
// The zero value is a Tracker with the default Options (AV-CLOCK), ready
// to use; NewTracker sets other options. A Tracker is not safe for concurrent use; use one per stream, or
// Segments to spread one stream over goroutines. Add does not allocate in
// steady state (the AV-CONSEC walk's state is made at its first call, and
// the refusal counts at the first refusal: a Tracker of the default rule
// that refuses nothing is 392 bytes). MarshalBinary and UnmarshalBinary persist its whole state
// between runs (see the package documentation, section Encoding).
type Tracker struct {
	opts     Options
	ready    bool // opts normalized
	valid    bool
	started  bool
	finished bool
	key      string
	w        instant // watermark: the latest ReceivedAt accepted

	clock clockState
	// consec is the AV-CONSEC walk, made at its first call: an AV-CLOCK
	// tracker (the default rule) does without its 536 bytes.
	consec *consecState
	out    []Outage // finished outages not yet collected

	// bad counts the refused calls, made at the first one: a tracker per
	// endpoint of a log with a million endpoints holds none.
	bad *trackerBad
}

// trackerBad is what a Tracker refused: bad input by kpi.Reason, and
// the calls refused by Refusal.
type trackerBad struct {
	rejected kpi.Rejections[kpi.Reason]
	refused  Refusals
}

// counts returns t's refusal counts, making them when t has none.
func (t *Tracker) counts() *trackerBad {
	if t.bad == nil {
		t.bad = new(trackerBad)
	}
	return t.bad
}

// NewTracker returns a Tracker for opts.
func NewTracker(opts Options) *Tracker {
	t := &Tracker{}
	t.init(opts)
	return t
}

func (t *Tracker) init(opts Options) {
	t.valid = opts.Validate() == nil
	t.opts = opts.normalized()
	t.ready = true
}

// Add feeds one call with the caller's id for evidence (e.g. the line
// number of a log). It returns nil, a kpi.Reason (bad input), or a Refusal.
func (t *Tracker) Add(c *kpi.Call, id int64) error {
	if !t.started || t.finished {
		return t.addFirst(c, id)
	}
	// A started, unfinished stream: its options are valid (a stream with
	// invalid options never starts) and normalized.
	if r := kpi.Check(c); r != kpi.OK {
		t.counts().rejected.Add(r)
		return r
	}
	if !t.opts.InterfaceWide && c.Endpoint != t.key {
		return t.refuse(OtherEndpoint)
	}
	order := instantOf(c.ReceivedAt).compare(t.w) // integers: see instant
	if order < 0 {
		return t.refuse(OutOfOrder)
	}
	if t.opts.Rule == Clock {
		t.addClock(c, id, order > 0)
		return nil
	}
	t.addConsec(c, id, order > 0)
	return nil
}

// addFirst is Add for a Tracker not streaming: not initialized, not
// started, or finished.
func (t *Tracker) addFirst(c *kpi.Call, id int64) error {
	if !t.ready {
		t.init(Options{})
	}
	switch {
	case !t.valid:
		return t.refuse(BadOptions)
	case t.finished:
		return t.refuse(AfterFinish)
	}
	if r := kpi.Check(c); r != kpi.OK {
		t.counts().rejected.Add(r)
		return r
	}
	t.started, t.key, t.w = true, t.opts.streamKey(c.Endpoint), instantOf(c.ReceivedAt)
	if t.opts.Rule == Clock {
		t.addClock(c, id, false)
	} else {
		t.addConsec(c, id, false)
	}
	return nil
}

// addClock feeds an accepted call to the AV-CLOCK walk; later tells whether
// its ReceivedAt is after the watermark.
//
// Instants are integers here (see instant, for the measurement); the
// call's own time.Time is read only for its zone, and for AV-CLOCK-6 while
// a clock is open.
func (t *Tracker) addClock(c *kpi.Call, id int64, later bool) {
	r := instantOf(c.ReceivedAt)
	s := &t.clock
	if later && len(s.heap) > 0 {
		if len(s.heap) == 1 && !s.open && s.heap[0].stop && s.heap[0].at().before(r) {
			// The common case, inline: the lone success held back (the
			// stream's previous call) has become final with the clock
			// stopped, where it changes nothing (AV-CLOCK-1): drop it.
			// Its slot is reused below or cleared.
			s.heap = s.heap[:0]
		} else {
			t.out = s.flush(r, false, t.key, t.opts.IdleSpan, t.out)
		}
	}
	t.w = r
	s.arrive(c.ReceivedAt)
	role := clockRoleOf(c, &t.opts)
	if role == clockNone {
		if n := len(s.heap); n < cap(s.heap) {
			s.heap[:n+1][n] = clockEvent{} // a dropped event's string, for the collector
		}
		return
	}
	if !t.opts.ReceivedInstants {
		r = r.add(c.TTLB) // AV-CLOCK-2 logged instant
	}
	// The event is written field by field into its slot, not built in a
	// local and copied in: the copy's 16-byte loads of fields just stored
	// one by one missed store-to-load forwarding, a stall that took a
	// quarter of Add's samples in the profile. Measured: perfsuite
	// BenchmarkTracker 16 → 14.5 ns, BenchmarkTrackerAddClock 38 → 30 ns.
	n := len(s.heap)
	if n < cap(s.heap) {
		s.heap = s.heap[:n+1]
	} else {
		s.heap = append(s.heap, clockEvent{})
	}
	e := &s.heap[n]
	e.sec, e.nsec, e.stop, e.loc, e.endpoint, e.id = r.sec, r.nsec, role == clockStop, c.ReceivedAt.Location(), c.Endpoint, id
	if n > 0 {
		s.up(n)
	}
}

// addConsec feeds an accepted call to the AV-CONSEC walk; later tells
// whether its ReceivedAt is after the watermark.
func (t *Tracker) addConsec(c *kpi.Call, id int64, later bool) {
	r := wall(c.ReceivedAt)
	if t.consec == nil {
		t.consec = new(consecState)
	}
	if later {
		t.out = t.consec.walk(t.key, &t.opts, t.out)
	}
	t.w = instantOf(r)
	t.consec.ties = append(t.consec.ties, waiting{r: r, endpoint: c.Endpoint, status: c.Status,
		ttlb: c.TTLB, id: id, role: consecRoleOf(c, &t.opts)})
}

func (t *Tracker) refuse(r Refusal) error {
	t.counts().refused.add(r)
	return r
}

// Outages appends the outages finished so far to dst, in order of Start,
// and forgets them. An outage is finished once no later call can change
// it: under AV-CLOCK when its success's instant has passed the watermark;
// under AV-CONSEC also when no later series can start at or before its
// end (see Outage on merging).
func (t *Tracker) Outages(dst []Outage) []Outage {
	if t.opts.Rule == Consecutive && !t.finished && t.consec != nil {
		t.out = t.consec.release(t.w, t.out)
	}
	dst = append(dst, t.out...)
	clear(t.out)
	t.out = t.out[:0]
	return dst
}

// Finish ends the stream at the observation end asOf and appends every
// outage not yet collected to dst. A clock still open runs to asOf and is
// Ongoing (AV-CLOCK-3); if asOf is not after its start it ends at its start
// (no downtime, still Ongoing). Closed outages are never cut. Later Adds
// are refused until Reset.
func (t *Tracker) Finish(asOf time.Time, dst []Outage) []Outage {
	if !t.ready {
		t.init(Options{})
	}
	asOf = wall(asOf)
	if !t.finished && t.valid {
		if t.opts.Rule == Clock {
			t.out = t.clock.finish(asOf, t.key, t.opts.IdleSpan, t.out)
		} else if t.consec != nil { // nil: no call, nothing to finish
			t.out = t.consec.finish(asOf, t.key, &t.opts, t.out)
		}
	}
	t.finished = true
	return t.Outages(dst)
}

// Reset empties the tracker, counts included, for a new stream with the
// same options, keeping its buffers.
func (t *Tracker) Reset() {
	t.started, t.finished, t.key, t.w = false, false, "", instant{}
	t.clock.reset()
	if t.consec != nil {
		t.consec.reset()
	}
	clear(t.out)
	t.out = t.out[:0]
	if t.bad != nil {
		*t.bad = trackerBad{}
	}
}

// Clone returns an independent copy of t: feeding or finishing either
// leaves the other as it was (a program that must read the outages of an
// unfinished stream, Finish on the copy, and go on feeding t).
func (t *Tracker) Clone() *Tracker {
	c := *t
	c.clock.heap = slices.Clone(t.clock.heap)
	if t.consec != nil {
		cs := *t.consec
		cs.ties = slices.Clone(t.consec.ties)
		cs.ring = slices.Clone(t.consec.ring)
		c.consec = &cs
	}
	if t.bad != nil {
		bad := *t.bad
		c.bad = &bad
	}
	c.out = slices.Clone(t.out)
	return &c
}

// Rejections returns the bad calls counted by kpi.Reason.
func (t *Tracker) Rejections() kpi.Rejections[kpi.Reason] {
	if t.bad == nil {
		return kpi.Rejections[kpi.Reason]{}
	}
	return t.bad.rejected
}

// Refused returns the calls refused by Refusal.
func (t *Tracker) Refused() Refusals {
	if t.bad == nil {
		return Refusals{}
	}
	return t.bad.refused
}

// Endpoint returns the stream's endpoint ("" before the first call, and
// under InterfaceWide).
func (t *Tracker) Endpoint() string { return t.key }

// Pending reports how many calls the tracker holds back: events waiting for
// the watermark (AV-CLOCK-2) or calls of the current instant waiting for the
// walk order (AV-CONSEC-1), plus AV-CONSEC's run calls. Its capacity
// counterpart is Retained. Both are for tests and monitoring.
func (t *Tracker) Pending() int {
	if t.consec == nil {
		return len(t.clock.heap)
	}
	return len(t.clock.heap) + len(t.consec.ties) + t.consec.n
}

// Retained reports the capacity, in elements, of the tracker's internal
// buffers: it stays bounded by the calls in flight, not by the stream.
func (t *Tracker) Retained() int {
	n := cap(t.clock.heap) + cap(t.out)
	if t.consec != nil {
		n += cap(t.consec.ties) + len(t.consec.ring)
	}
	return n
}
