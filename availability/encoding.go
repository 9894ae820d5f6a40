package availability

import (
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/wire"
)

// Encoding: the versioned binary encodings of Segment, Tracker and
// ProbeTracker (encoding.BinaryMarshaler, encoding.BinaryAppender,
// encoding.BinaryUnmarshaler), written with internal/wire. See the package
// documentation, section Encoding, for what is kept.
//
// Every decoder reads into a fresh value, checks the invariants the
// methods rely on (failing with wire.ErrInvalid), and only then assigns the
// receiver: on error the receiver is unchanged.

// The versions this release writes and reads.
const (
	segmentVersion      = 1
	trackerVersion      = 1
	probeTrackerVersion = 1
)

// Smallest encodings of repeated items, for wire.Reader.Len: an Evidence is
// a kind, a time flag, an empty string and an ID (4 bytes); a gapRun at
// least its flag.
const (
	minEvidence = 4
	minGapRun   = 1
	minRawOut   = 1
	// A middle interval is open and closed: flag, start, opener, a gap run
	// (flag, first, last, max), closed flag, end, closer, with every
	// instant at least its 1-byte flag.
	minClosedRaw = 1 + 1 + minEvidence + 4 + 1 + 1 + minEvidence
	minTailCall  = minEvidence + minGapRun
	minOutage    = 1 + 2 + 2*minEvidence + 2 // endpoint, start, end, evidence, flags
	minClockEv   = 1 + 1 + 1 + 1             // instant, stop, endpoint, ID
	minWaiting   = 1 + 1 + 1 + 1 + 1 + 1
	minRunCall   = minEvidence + 1
	maxEvidence  = ProbeInterval
	maxConsecRol = consecSuccess
)

// ---- shared fields ----

func appendOptions(b []byte, o *Options) []byte {
	b = wire.AppendUvarint(b, uint64(o.Rule))
	b = wire.AppendBool(b, o.ReceivedInstants)
	b = wire.AppendBool(b, o.ClientErrorsStopClock)
	b = wire.AppendDuration(b, o.IdleSpan)
	b = wire.AppendVarint(b, int64(o.N))
	b = wire.AppendDuration(b, o.Window)
	b = wire.AppendBool(b, o.NoSpanCondition)
	b = wire.AppendBool(b, o.ServerErrorsAreReplies)
	b = wire.AppendBool(b, o.LateRepliesAreReplies)
	b = wire.AppendBool(b, o.InterfaceWide)
	b = wire.AppendBool(b, o.FixedDayLength)
	return wire.AppendBool(b, o.PlannedExcluded)
}

func readOptions(r *wire.Reader) Options {
	var o Options
	rule := r.Uvarint()
	if rule > 255 {
		r.Fail(wire.ErrInvalid)
	}
	o.Rule = Rule(rule)
	o.ReceivedInstants = r.Bool()
	o.ClientErrorsStopClock = r.Bool()
	o.IdleSpan = r.Duration()
	o.N = r.Int()
	o.Window = r.Duration()
	o.NoSpanCondition = r.Bool()
	o.ServerErrorsAreReplies = r.Bool()
	o.LateRepliesAreReplies = r.Bool()
	o.InterfaceWide = r.Bool()
	o.FixedDayLength = r.Bool()
	o.PlannedExcluded = r.Bool()
	return o
}

func appendEvidence(b []byte, e *Evidence) []byte {
	b = wire.AppendUvarint(b, uint64(e.Kind))
	b = wire.AppendTime(b, e.At)
	b = wire.AppendString(b, e.Endpoint)
	return wire.AppendVarint(b, e.ID)
}

func readEvidence(r *wire.Reader) Evidence {
	var e Evidence
	k := r.Uvarint()
	if k > uint64(maxEvidence) {
		r.Fail(wire.ErrInvalid)
	}
	e.Kind = EvidenceKind(k)
	e.At = r.Time()
	e.Endpoint = r.String()
	e.ID = r.Varint()
	return e
}

// A gapRun is its flag, then (if ok) first, last and the longest gap.
func appendGap(b []byte, g *gapRun) []byte {
	b = wire.AppendBool(b, g.ok)
	if !g.ok {
		return b
	}
	b = wire.AppendTime(b, g.first)
	b = wire.AppendTime(b, g.last)
	return wire.AppendDuration(b, g.max)
}

// readGap reads a gapRun: an empty run is the zero value; a run has
// first ≤ last and a gap ≥ 0 (then and add rely on both).
func readGap(r *wire.Reader) gapRun {
	if !r.Bool() {
		return gapRun{}
	}
	g := gapRun{ok: true, first: r.Time(), last: r.Time(), max: r.Duration()}
	if g.last.Before(g.first) || g.max < 0 {
		r.Fail(wire.ErrInvalid)
	}
	return g
}

// A rawOut is its flag, then (if ok) start, opener, gap and closed, then
// (if closed) end and closer.
func appendRaw(b []byte, x *rawOut) []byte {
	b = wire.AppendBool(b, x.ok)
	if !x.ok {
		return b
	}
	b = wire.AppendTime(b, x.start)
	b = appendEvidence(b, &x.opener)
	b = appendGap(b, &x.gap)
	b = wire.AppendBool(b, x.closed)
	if !x.closed {
		return b
	}
	b = wire.AppendTime(b, x.end)
	return appendEvidence(b, &x.closer)
}

// readRaw reads a rawOut: none is the zero value; an interval starts at
// its opener's instant, has arrivals (gap), and if closed ends at its
// closer's instant, not before its start; all its evidence is of calls.
func readRaw(r *wire.Reader) rawOut {
	if !r.Bool() {
		return rawOut{}
	}
	x := rawOut{ok: true, start: r.Time(), opener: readEvidence(r), gap: readGap(r), closed: r.Bool()}
	if x.closed {
		x.end = r.Time()
		x.closer = readEvidence(r)
	}
	if !x.opener.At.Equal(x.start) || x.opener.Kind != Call || !x.gap.ok ||
		x.closed && (!x.closer.At.Equal(x.end) || x.closer.Kind != Call || x.end.Before(x.start)) {
		r.Fail(wire.ErrInvalid)
	}
	return x
}

func appendOutage(b []byte, o *Outage) []byte {
	b = wire.AppendString(b, o.Endpoint)
	b = wire.AppendTime(b, o.Start)
	b = wire.AppendTime(b, o.End)
	b = appendEvidence(b, &o.Opened)
	b = appendEvidence(b, &o.Closed)
	b = wire.AppendBool(b, o.Ongoing)
	return wire.AppendBool(b, o.Idle)
}

func readOutage(r *wire.Reader) Outage {
	return Outage{Endpoint: r.String(), Start: r.Time(), End: r.Time(), Opened: readEvidence(r),
		Closed: readEvidence(r), Ongoing: r.Bool(), Idle: r.Bool()}
}

// readOutages reads a count and that many outages, which must be in order
// of Start and end no earlier than they start.
func readOutages(r *wire.Reader) []Outage {
	n := r.Len(minOutage)
	var out []Outage
	if n > 0 {
		out = make([]Outage, n)
	}
	for i := range out {
		out[i] = readOutage(r)
		if out[i].End.Before(out[i].Start) || i > 0 && out[i].Start.Before(out[i-1].Start) {
			r.Fail(wire.ErrInvalid)
		}
	}
	return out
}

// Refusals are written like kpi.Rejections[kpi.Reason]: their number, then the counts.
func appendRefusals(b []byte, x *Refusals) []byte {
	b = wire.AppendUvarint(b, uint64(len(x)))
	for _, n := range x {
		b = wire.AppendUvarint(b, n)
	}
	return b
}

// readRefusals reads counts written by appendRefusals; counts of refusals
// this release does not know must be zero.
func readRefusals(r *wire.Reader) Refusals {
	var x Refusals
	n := r.Len(1)
	for i := 0; i < n; i++ {
		v := r.Uvarint()
		if i < len(x) {
			x[i] = v
		} else if v != 0 {
			r.Fail(wire.ErrInvalid)
		}
	}
	return x
}

// ---- Segment ----

// MarshalBinary encodes s (wire.KindSegment, version 1): see AppendBinary.
func (s Segment) MarshalBinary() ([]byte, error) { return s.AppendBinary(nil) }

// AppendBinary appends the encoding of s to b: everything Merge, Combine,
// Outages and Empty use (endpoint, outage options, span, arrivals, first
// success, leading and trailing runs, closed intervals). The zero Segment
// encodes as the header and one byte. Instants keep their value, not
// their location: a decoded Segment holds them in UTC, which changes no
// result (only the location of the instants in its Outages). It does not
// allocate when b has room.
func (s Segment) AppendBinary(b []byte) ([]byte, error) {
	b = wire.AppendHeader(b, wire.KindSegment, segmentVersion)
	b = wire.AppendBool(b, s.has)
	if !s.has {
		return b, nil
	}
	b = wire.AppendString(b, s.key)
	b = appendOptions(b, &s.opts)
	b = wire.AppendTime(b, s.span.Start)
	b = wire.AppendTime(b, s.span.End)
	g := &s.s
	b = appendGap(b, &g.arr)
	b = wire.AppendBool(b, g.hasSucc)
	if g.hasSucc {
		b = appendEvidence(b, &g.s1)
		b = appendGap(b, &g.leadGap)
	}
	b = wire.AppendUvarint(b, uint64(len(g.lead)))
	for i := range g.lead {
		b = appendEvidence(b, &g.lead[i])
	}
	b = appendRaw(b, &g.leadRaw)
	b = wire.AppendUvarint(b, uint64(len(g.mid)))
	for i := range g.mid {
		b = appendRaw(b, &g.mid[i])
	}
	b = appendRaw(b, &g.tailDown)
	b = wire.AppendUvarint(b, uint64(len(g.tail)))
	for i := range g.tail {
		b = appendEvidence(b, &g.tail[i].ev)
		b = appendGap(b, &g.tail[i].suffix)
	}
	return b, nil
}

// UnmarshalBinary decodes an encoding of a Segment into s. It fails with
// wire.ErrTruncated, wire.ErrForeign (another type's encoding),
// wire.ErrVersion, wire.ErrTrailing, or wire.ErrInvalid when the encoding
// holds a state Summarize and Merge cannot reach in a way that matters to
// them (options that are not a normalized outage key, an empty span,
// leading or trailing runs longer than N−1 calls, unordered evidence or
// intervals, an interval open where it must be closed, ...). A decoded
// Segment combines and reports exactly as the one encoded. On error s is
// unchanged.
func (s *Segment) UnmarshalBinary(data []byte) error {
	r, _ := wire.NewReader(data, "availability.Segment", wire.KindSegment, segmentVersion)
	var d Segment
	d.has = r.Bool()
	if d.has {
		d.key = r.String()
		d.opts = readOptions(r)
		d.span.Start = r.Time()
		d.span.End = r.Time()
		g := &d.s
		g.arr = readGap(r)
		g.hasSucc = r.Bool()
		if g.hasSucc {
			g.s1 = readEvidence(r)
			g.leadGap = readGap(r)
		}
		// Counts are checked against what valid allows before anything is
		// allocated for them (the runs hold at most N−1 calls, the middle
		// intervals exist only after a success), and every item against
		// the smallest encoding it can have: the decoder allocates at most
		// a constant factor of its input (the in-memory item over its
		// smallest encoding, under 16) before it fails.
		n1 := max(0, d.opts.N-1)
		if n := r.Len(minEvidence); n > n1 {
			r.Fail(wire.ErrInvalid)
		} else if n > 0 {
			g.lead = make([]Evidence, n)
			for i := range g.lead {
				g.lead[i] = readEvidence(r)
			}
		}
		g.leadRaw = readRaw(r)
		if n := r.Len(minClosedRaw); n > 0 && !g.hasSucc {
			r.Fail(wire.ErrInvalid)
		} else if n > 0 {
			g.mid = make([]rawOut, n)
			for i := range g.mid {
				g.mid[i] = readRaw(r)
			}
		}
		g.tailDown = readRaw(r)
		if n := r.Len(minTailCall); n > n1 {
			r.Fail(wire.ErrInvalid)
		} else if n > 0 {
			g.tail = make([]tailCall, n)
			for i := range g.tail {
				g.tail[i] = tailCall{ev: readEvidence(r), suffix: readGap(r)}
			}
		}
		if r.Err() == nil && !d.valid() {
			r.Fail(wire.ErrInvalid)
		}
	}
	if err := r.Err(); err != nil {
		return err
	}
	*s = d
	return nil
}

// valid reports whether a decoded (non-zero) Segment satisfies what
// Summarize guarantees and Merge and Outages rely on.
func (s *Segment) valid() bool {
	o := s.opts
	if o.Validate() != nil || o != o.outageKey() || o.InterfaceWide && s.key != "" {
		return false
	}
	if !s.span.End.After(s.span.Start) {
		return false
	}
	g := &s.s
	n1 := max(0, o.N-1) // 0 under AV-CLOCK, where N is not part of the key
	if len(g.lead) > n1 || len(g.tail) > n1 {
		return false
	}
	// Arrivals are ReceivedAt instants inside the span.
	if g.arr.ok && (!inSpan(s.span, g.arr.first) || !inSpan(s.span, g.arr.last)) {
		return false
	}
	// Before the first success nothing closes; after it, the leading
	// interval and the middle ones are closed, the trailing one open.
	if g.hasSucc {
		if g.s1.Kind != Call || !g.leadGap.ok {
			return false
		}
		if g.leadRaw.ok && !g.leadRaw.closed || g.tailDown.closed {
			return false
		}
		for i := range g.mid {
			if !g.mid[i].ok || !g.mid[i].closed {
				return false
			}
		}
	} else if len(g.mid) > 0 || g.tailDown.ok || g.leadRaw.closed {
		return false
	}
	// Intervals in order of start, as Outages merges them.
	var last time.Time
	seen := false
	for _, x := range g.intervals() {
		if !x.ok {
			continue
		}
		if seen && x.start.Before(last) {
			return false
		}
		last, seen = x.start, true
	}
	// The unanswered calls of the runs are calls, in walk order.
	for i := range g.lead {
		if g.lead[i].Kind != Call || i > 0 && g.lead[i].At.Before(g.lead[i-1].At) {
			return false
		}
	}
	for i := range g.tail {
		c := &g.tail[i]
		if c.ev.Kind != Call || !c.suffix.ok || !c.suffix.first.Equal(c.ev.At) ||
			i > 0 && c.ev.At.Before(g.tail[i-1].ev.At) {
			return false
		}
	}
	return true
}

// intervals returns the segment's intervals in the order Outages takes
// them (empty ones included).
func (g *seg) intervals() []*rawOut {
	out := make([]*rawOut, 0, len(g.mid)+2)
	out = append(out, &g.leadRaw)
	for i := range g.mid {
		out = append(out, &g.mid[i])
	}
	return append(out, &g.tailDown)
}

// ---- Tracker ----

// MarshalBinary encodes t (wire.KindTracker, version 1): see AppendBinary.
func (t *Tracker) MarshalBinary() ([]byte, error) { return t.AppendBinary(nil) }

// AppendBinary appends the encoding of t's whole streaming state to b: its
// options, stream endpoint and watermark, the events and calls it holds
// back, an open clock or series, the outages finished and not collected,
// and its Rejected and Refused counts. A Tracker decoded from it continues
// the stream exactly where t stood (a gateway restarting mid-day). The
// buffers' capacities are not kept. It does not allocate when b has room.
func (t *Tracker) AppendBinary(b []byte) ([]byte, error) {
	b = wire.AppendHeader(b, wire.KindTracker, trackerVersion)
	b = wire.AppendBool(b, t.ready)
	if !t.ready { // the zero Tracker: nothing happened yet
		return b, nil
	}
	b = appendOptions(b, &t.opts)
	b = wire.AppendBool(b, t.started)
	b = wire.AppendBool(b, t.finished)
	b = wire.AppendString(b, t.key)
	b = wire.AppendTime(b, t.w.time(time.UTC))
	// AV-CLOCK: the heap in its array order, the open clock.
	b = wire.AppendUvarint(b, uint64(len(t.clock.heap)))
	for i := range t.clock.heap {
		e := &t.clock.heap[i]
		b = wire.AppendTime(b, e.when())
		b = wire.AppendBool(b, e.stop)
		b = wire.AppendString(b, e.endpoint)
		b = wire.AppendVarint(b, e.id)
	}
	b = wire.AppendBool(b, t.clock.open)
	b = appendRaw(b, &t.clock.raw)
	// AV-CONSEC: the calls of the current instant, the run (oldest first),
	// the arrivals, the open series, the outage being merged.
	c := t.consec
	if c == nil {
		c = &consecState{} // no AV-CONSEC call yet: the empty walk
	}
	b = wire.AppendUvarint(b, uint64(len(c.ties)))
	for i := range c.ties {
		w := &c.ties[i]
		b = wire.AppendTime(b, w.r)
		b = wire.AppendString(b, w.endpoint)
		b = wire.AppendVarint(b, int64(w.status))
		b = wire.AppendDuration(b, w.ttlb)
		b = wire.AppendVarint(b, w.id)
		b = wire.AppendUvarint(b, uint64(w.role))
	}
	b = wire.AppendUvarint(b, uint64(c.n))
	for i := 0; i < c.n; i++ {
		rc := c.at(i)
		b = appendEvidence(b, &rc.ev)
		b = wire.AppendDuration(b, rc.gapToNext)
	}
	b = wire.AppendDuration(b, c.runMax)
	b = wire.AppendBool(b, c.arrived)
	b = wire.AppendTime(b, c.lastArrive)
	b = wire.AppendBool(b, c.down)
	b = appendRaw(b, &c.raw)
	b = wire.AppendBool(b, c.m.pending)
	if c.m.pending {
		b = appendOutage(b, &c.m.cur)
	}
	b = wire.AppendUvarint(b, uint64(len(t.out)))
	for i := range t.out {
		b = appendOutage(b, &t.out[i])
	}
	rej, ref := t.Rejections(), t.Refused()
	b = wire.AppendRejections(b, rej[:], kpi.NumReasons)
	return appendRefusals(b, &ref), nil
}

// UnmarshalBinary decodes an encoding of a Tracker into t. It fails with
// wire.ErrTruncated, wire.ErrForeign, wire.ErrVersion, wire.ErrTrailing,
// or wire.ErrInvalid when the state is one Add cannot reach in a way that
// matters (options not normalized, held events out of heap order or before
// the watermark, a run longer than N−1 calls, state of the other rule,
// buffers after Finish, ...). On error t is unchanged.
func (t *Tracker) UnmarshalBinary(data []byte) error {
	r, _ := wire.NewReader(data, "availability.Tracker", wire.KindTracker, trackerVersion)
	var d Tracker
	d.ready = r.Bool()
	if d.ready {
		d.opts = readOptions(r)
		d.valid = d.opts.Validate() == nil
		d.started = r.Bool()
		d.finished = r.Bool()
		d.key = r.String()
		d.w = instantOf(r.Time())
		if n := r.Len(minClockEv); n > 0 {
			d.clock.heap = make([]clockEvent, n)
			for i := range d.clock.heap {
				at := r.Time() // UTC, as every decoded instant
				d.clock.heap[i] = clockEvent{loc: at.Location(), stop: r.Bool(), endpoint: r.String(), id: r.Varint()}
				d.clock.heap[i].setAt(instantOf(at))
			}
		}
		d.clock.open = r.Bool()
		d.clock.raw = readRaw(r)
		c := new(consecState)
		d.consec = c
		if n := r.Len(minWaiting); n > 0 {
			c.ties = make([]waiting, n)
			for i := range c.ties {
				w := waiting{r: r.Time(), endpoint: r.String(), status: r.Int(), ttlb: r.Duration(), id: r.Varint()}
				role := r.Uvarint()
				if role > uint64(maxConsecRol) {
					r.Fail(wire.ErrInvalid)
				}
				w.role = consecRole(role)
				c.ties[i] = w
			}
		}
		if n := r.Len(minRunCall); n > 0 {
			c.ring = make([]runCall, max(4, n))
			c.n = n
			for i := 0; i < n; i++ {
				c.ring[i] = runCall{ev: readEvidence(r), gapToNext: r.Duration()}
			}
		}
		c.runMax = r.Duration()
		c.arrived = r.Bool()
		c.lastArrive = r.Time()
		c.down = r.Bool()
		c.raw = readRaw(r)
		c.m.pending = r.Bool()
		if c.m.pending {
			c.m.cur = readOutage(r)
		}
		d.out = readOutages(r)
		var bad trackerBad
		r.Rejections(bad.rejected[:kpi.NumReasons])
		bad.refused = readRefusals(r)
		if bad != (trackerBad{}) {
			d.bad = &bad
		}
		if r.Err() == nil && !d.validState() {
			r.Fail(wire.ErrInvalid)
		}
		if d.opts.Rule == Clock {
			d.consec = nil // validState found it empty
		}
	}
	if err := r.Err(); err != nil {
		return err
	}
	*t = d
	return nil
}

// validState reports whether a decoded, initialized Tracker is in a state
// Add and Finish can reach, as far as their correctness depends on it.
func (t *Tracker) validState() bool {
	o := &t.opts
	if *o != o.normalized() {
		return false
	}
	c := t.consec
	if c == nil {
		c = &consecState{}
	}
	holding := len(t.clock.heap) > 0 || t.clock.open || t.clock.raw.ok || len(c.ties) > 0 || c.n > 0 ||
		c.down || c.raw.ok || c.m.pending
	if !t.started {
		// No call accepted yet (invalid options accept none).
		return t.key == "" && t.w == instant{} && !holding && len(t.out) == 0 && !c.arrived &&
			c.runMax == 0 && c.lastArrive.IsZero() && (t.valid || t.bad == nil || t.bad.rejected.Total() == 0)
	}
	if !t.valid || o.InterfaceWide && t.key != "" {
		return false
	}
	if t.finished && holding {
		return false
	}
	if t.clock.open != t.clock.raw.ok || t.clock.raw.closed || c.down != c.raw.ok || c.raw.closed {
		return false
	}
	// An open clock started at an event the watermark has passed; a
	// series started at a call received by the watermark. (Else a later
	// success could end it before its start.)
	if t.clock.open && !instantOf(t.clock.raw.start).before(t.w) || c.down && t.w.before(instantOf(c.raw.start)) {
		return false
	}
	if !c.m.pending && c.m.cur != (Outage{}) || c.m.pending && c.m.cur.End.Before(c.m.cur.Start) {
		return false
	}
	if o.Rule == Clock {
		if len(c.ties) > 0 || c.n > 0 || c.down || c.m.pending || c.arrived || c.runMax != 0 || !c.lastArrive.IsZero() {
			return false
		}
		// Rule AV-CLOCK-2: held events are at or after the watermark, in
		// heap order (pop relies on it).
		h := t.clock.heap
		for i := range h {
			if h[i].at().before(t.w) ||
				i > 0 && h[i].at().before(h[(i-1)/2].at()) {
				return false
			}
		}
		return true
	}
	if len(t.clock.heap) > 0 || t.clock.open {
		return false
	}
	// Rule AV-CONSEC-1: the waiting calls are those of the watermark's
	// instant; the run holds at most N−1 calls, none while down, in order,
	// received no later than the watermark.
	for i := range c.ties {
		if instantOf(c.ties[i].r) != t.w {
			return false
		}
	}
	if c.n > o.N-1 || c.down && c.n > 0 || c.runMax < 0 {
		return false
	}
	for i := 0; i < c.n; i++ {
		rc := c.at(i)
		if rc.ev.Kind != Call || rc.gapToNext < 0 || t.w.before(instantOf(rc.ev.At)) || i > 0 && rc.ev.At.Before(c.at(i-1).ev.At) {
			return false
		}
	}
	return true
}

// ---- ProbeTracker ----

// MarshalBinary encodes t (wire.KindProbeTracker, version 1): see
// AppendBinary.
func (t *ProbeTracker) MarshalBinary() ([]byte, error) { return t.AppendBinary(nil) }

// AppendBinary appends the encoding of t's whole state to b: the probe
// interval, the endpoint, the probes of the current instant, the open
// outage, the outages not yet collected and the Refused counts. It does
// not allocate when b has room.
func (t *ProbeTracker) AppendBinary(b []byte) ([]byte, error) {
	b = wire.AppendHeader(b, wire.KindProbeTracker, probeTrackerVersion)
	b = wire.AppendDuration(b, t.interval)
	b = wire.AppendBool(b, t.started)
	b = wire.AppendBool(b, t.finished)
	b = wire.AppendString(b, t.endpoint)
	b = wire.AppendTime(b, t.groupAt)
	b = wire.AppendBool(b, t.groupOK)
	b = wire.AppendBool(b, t.groupNo)
	// The evidence of a group is kept even when its flag is down (Add
	// overwrites it then): the decoded value equals the encoded one.
	b = appendEvidence(b, &t.okEv)
	b = appendEvidence(b, &t.noEv)
	b = wire.AppendBool(b, t.open)
	b = appendOutage(b, &t.cur)
	b = wire.AppendUvarint(b, uint64(len(t.out)))
	for i := range t.out {
		b = appendOutage(b, &t.out[i])
	}
	return appendRefusals(b, &t.refused), nil
}

// UnmarshalBinary decodes an encoding of a ProbeTracker into t. It fails
// with wire.ErrTruncated, wire.ErrForeign, wire.ErrVersion,
// wire.ErrTrailing, or wire.ErrInvalid when the state is one Add cannot
// reach in a way that matters (probes or an open outage before the first
// probe or after Finish, an open outage after the current instant or of
// another endpoint, outages out of order). On error t is unchanged.
func (t *ProbeTracker) UnmarshalBinary(data []byte) error {
	r, _ := wire.NewReader(data, "availability.ProbeTracker", wire.KindProbeTracker, probeTrackerVersion)
	d := ProbeTracker{
		interval: r.Duration(),
		started:  r.Bool(),
		finished: r.Bool(),
		endpoint: r.String(),
		groupAt:  r.Time(),
		groupOK:  r.Bool(),
		groupNo:  r.Bool(),
		okEv:     readEvidence(r),
		noEv:     readEvidence(r),
		open:     r.Bool(),
		cur:      readOutage(r),
	}
	d.out = readOutages(r)
	d.refused = readRefusals(r)
	if r.Err() == nil && !d.validState() {
		r.Fail(wire.ErrInvalid)
	}
	if err := r.Err(); err != nil {
		return err
	}
	*t = d
	return nil
}

func (t *ProbeTracker) validState() bool {
	if !t.started {
		return t.endpoint == "" && t.groupAt.IsZero() && !t.groupOK && !t.groupNo && !t.open &&
			t.okEv == (Evidence{}) && t.noEv == (Evidence{}) && t.cur == (Outage{}) && len(t.out) == 0
	}
	if t.groupAt.IsZero() || t.finished && (t.groupOK || t.groupNo || t.open) {
		return false
	}
	group := func(on bool, e *Evidence) bool {
		return !on || e.Kind == ProbeResult && e.At.Equal(t.groupAt) && e.Endpoint == t.endpoint
	}
	if !group(t.groupOK, &t.okEv) || !group(t.groupNo, &t.noEv) {
		return false
	}
	if t.open && (t.cur.Endpoint != t.endpoint || t.cur.Opened.Kind != ProbeResult ||
		t.cur.End.Before(t.cur.Start) || t.cur.Start.After(t.groupAt)) {
		return false
	}
	for i := range t.out {
		if t.out[i].Endpoint != t.endpoint {
			return false
		}
	}
	return len(t.out) == 0 || !t.open || !t.cur.Start.Before(t.out[len(t.out)-1].Start)
}
