package availability

import (
	"slices"
	"time"

	"github.com/openfinance-kpi/kpi"
)

// Segment summarises one stream's calls whose rule instants lie in a span
// [From, To) of time, in bounded state, so that a stream can be cut into
// segments (say one endpoint-hour each) summarised in parallel or on
// different machines and combined later (AV-MERGE-1).
//
// Rule AV-MERGE-1: the state is the first success, the leading failure (or
// series) before it, the intervals closed between the first and last
// success, the trailing open failure (or series); for AV-CONSEC also the
// first and last N−1 unanswered calls of the leading and trailing runs (a
// series can straddle segments), and for AV-CLOCK-6 the arrival gaps at the
// edges. Summarising by segments and combining gives exactly Reference on
// the whole stream.
//
// The rule instant of a call is its clock instant under AV-CLOCK (the
// logged instant by default, AV-CLOCK-2) and its ReceivedAt under
// AV-CONSEC; for AV-CLOCK-6 every call also arrives at its ReceivedAt. A
// segment takes the part of each call that falls in its span (a span
// ending at the last instant time.Time holds also holds that instant, where
// logged instants saturate: package documentation, section Instants).
//
// Combining is associative and commutative (the result is ordered by span,
// not by argument), and the zero Segment is its identity. Only segments of
// one stream and options, with disjoint spans, combine; segments need not
// be adjacent, but combining two asserts that no call of the stream has an
// instant between them (combine neighbours first).
//
// A Segment owns its slices: Combine returns a new one, Merge reuses the
// receiver's storage (so a copy made by assignment must not be Merged into
// while the original is used; use Clone). A Segment is not safe for
// concurrent mutation; reading (Outages, Combine's arguments) is.
// MarshalBinary and UnmarshalBinary carry it between machines (see the
// package documentation, section Encoding).
type Segment struct {
	has  bool // false: the zero Segment, identity of Combine
	key  string
	opts Options // outageKey of the options
	span kpi.Interval
	s    seg
}

// seg is the state of a segment, also that of a single instant or call.
// See merge for how two combine.
type seg struct {
	arr      gapRun     // every arrival
	hasSucc  bool       // some success (a stop)
	s1       Evidence   // the first success (At: the end of the interval it closes)
	leadGap  gapRun     // arrivals up to the first success's closing point, inclusive
	lead     []Evidence // first ≤ N−1 unanswered calls before the first success (AV-CONSEC)
	leadRaw  rawOut     // the first failure or series before the first success: closed by it, or (no success) open at the end
	mid      []rawOut   // intervals closed after the first success
	tailDown rawOut     // (hasSucc) the failure or series open at the end, started after the last success
	tail     []tailCall // last ≤ N−1 unanswered calls after the last success (AV-CONSEC)
}

// tailCall is an unanswered call of the trailing run, with the arrivals
// from it to the end of the segment.
type tailCall struct {
	ev     Evidence
	suffix gapRun
}

// trailing returns the interval open at the end when the segment is
// entered with no interval open.
func (s *seg) trailing() rawOut {
	if s.hasSucc {
		return s.tailDown
	}
	return s.leadRaw
}

func (s *seg) reset() {
	clear(s.lead)
	clear(s.mid)
	clear(s.tail)
	*s = seg{lead: s.lead[:0], mid: s.mid[:0], tail: s.tail[:0]}
}

// merge sets s to the combination of a then b, where s is a (sFirst) or
// b (!sFirst) and o is the other one; o is not modified. n1 is N−1.
//
// Entering b with the state a leaves at its end: if an interval D is open
// (a's trailing one, or a series that straddles a's trailing run and b's
// leading run), b's first success closes it and b's own leading interval
// is absorbed; otherwise b's leading interval stands. After b's first
// success everything is b's own.
func (s *seg) merge(o *seg, sFirst bool, n1 int, window time.Duration, noSpan bool) {
	a, b := s, o
	if !sFirst {
		a, b = o, s
	}

	// The interval open when b starts, if any.
	d := a.trailing()
	if !d.ok {
		d = straddle(a.tail, b.lead, n1, window, noSpan)
	}
	var closing, trailDown rawOut // the interval b's first success closes; the one open at the end
	if d.ok {
		if b.hasSucc {
			d.closed, d.end, d.closer = true, b.s1.At, b.s1
			d.gap = d.gap.then(b.leadGap)
			closing = d
		} else {
			d.gap = d.gap.then(b.arr)
			trailDown = d
		}
	} else if b.hasSucc {
		closing = b.leadRaw
	} else {
		trailDown = b.leadRaw
	}
	if b.hasSucc {
		trailDown = b.tailDown
	}

	// Scalars of the result.
	r := seg{arr: a.arr.then(b.arr)}
	switch {
	case a.hasSucc:
		r.hasSucc, r.s1, r.leadGap, r.leadRaw, r.tailDown = true, a.s1, a.leadGap, a.leadRaw, trailDown
	case b.hasSucc:
		r.hasSucc, r.s1, r.leadGap, r.leadRaw, r.tailDown = true, b.s1, a.arr.then(b.leadGap), closing, trailDown
	default:
		r.leadRaw = trailDown
	}
	if !r.hasSucc {
		r.tailDown = rawOut{}
	}
	bArr := b.arr

	// Slices, in place: mid = a.mid ++ [closing, if a had a success] ++ b.mid;
	// lead = first n1 of a.lead ++ (b.lead unless a had a success);
	// tail = b.tail if b had a success, else last n1 of (a.tail then b.arr) ++ b.tail.
	var x []rawOut
	if a.hasSucc && closing.ok {
		x = []rawOut{closing}
	}
	if sFirst {
		s.mid = append(s.mid, x...)
		s.mid = append(s.mid, o.mid...)
		if !a.hasSucc {
			for _, e := range o.lead {
				if len(s.lead) >= n1 {
					break
				}
				s.lead = append(s.lead, e)
			}
		}
		if b.hasSucc {
			s.tail = append(s.tail[:0], o.tail...)
		} else {
			for i := range s.tail {
				s.tail[i].suffix = s.tail[i].suffix.then(bArr)
			}
			s.tail = append(s.tail, o.tail...)
			if k := len(s.tail) - n1; k > 0 {
				s.tail = s.tail[:copy(s.tail, s.tail[k:])]
			}
		}
	} else {
		s.mid = prepend(s.mid, o.mid, x)
		if a.hasSucc {
			s.lead = append(s.lead[:0], o.lead...)
		} else {
			s.lead = prepend(s.lead, o.lead, nil)
			if len(s.lead) > n1 {
				s.lead = s.lead[:n1]
			}
		}
		if !b.hasSucc {
			keep := min(len(o.tail), n1-len(s.tail))
			if keep < 0 {
				keep = 0
			}
			from := o.tail[len(o.tail)-keep:]
			s.tail = prepend(s.tail, from, nil)
			for i := 0; i < keep; i++ {
				s.tail[i].suffix = s.tail[i].suffix.then(bArr)
			}
		}
	}
	lead, mid, tail := s.lead, s.mid, s.tail
	*s = r
	s.lead, s.mid, s.tail = lead, mid, tail
}

// straddle finds the first series made of the last calls of a's trailing
// run and the first of b's leading run (Rule AV-CONSEC-1: the first window
// of N consecutive unanswered calls that fits within W). Windows wholly
// inside a or b were found when they were summarised.
func straddle(tail []tailCall, lead []Evidence, n1 int, window time.Duration, noSpan bool) rawOut {
	for i := range tail {
		fromB := n1 + 1 - (len(tail) - i) // calls the window takes from b
		if fromB < 1 || fromB > len(lead) {
			continue
		}
		last := lead[fromB-1]
		if !noSpan && last.At.Sub(tail[i].ev.At) > window {
			continue
		}
		return rawOut{ok: true, start: tail[i].ev.At, opener: tail[i].ev, gap: tail[i].suffix}
	}
	return rawOut{}
}

// prepend returns front ++ x ++ s, in s's storage when it is large enough.
func prepend[T any](s, front, x []T) []T {
	k := len(front) + len(x)
	if k == 0 {
		return s
	}
	n := len(s)
	s = slices.Grow(s, k)[:n+k]
	copy(s[k:], s[:n])
	copy(s, front)
	copy(s[len(front):], x)
	return s
}

// Rule AV-MERGE-1: Summarize summarises the calls of one stream whose rule
// instants lie in span (see Segment). Pass it every call that may have an
// instant in the span (a superset is fine: the rest is left to the
// neighbouring segments; under AV-CLOCK with logged instants, include the
// calls received up to the longest TTLB before the span). endpoint names
// the stream: only its calls count ("" under InterfaceWide, where every
// call counts). ids are the evidence IDs (nil: the index in calls).
//
// Bad calls are left out and listed in the *kpi.InputError returned beside
// the segment, by index in calls. The error reports the bad calls of the
// whole input, whatever their endpoint or instant (a bad call may have no
// instant to place in a span): segments summarised from the same or
// overlapping inputs each report the same bad calls, so count bad input
// once per input, not per segment. Invalid options, an empty span, a non-empty endpoint under
// InterfaceWide, or ids of another length than calls return an error and
// the zero Segment.
func Summarize(calls []kpi.Call, ids []int64, endpoint string, span kpi.Interval, opts Options) (Segment, error) {
	if err := opts.Validate(); err != nil {
		return Segment{}, err
	}
	// Wall-clock instants only, as the Tracker (package doc, Instants).
	span = kpi.Interval{Start: wall(span.Start), End: wall(span.End)}
	if !span.End.After(span.Start) {
		return Segment{}, EmptySpan
	}
	if opts.InterfaceWide && endpoint != "" {
		return Segment{}, OtherEndpoint
	}
	if ids != nil && len(ids) != len(calls) {
		return Segment{}, IDCount
	}
	o := opts.normalized()
	inputErr := kpi.CheckCalls(calls)
	calls = wallCalls(calls)
	id := func(i int) int64 {
		if ids != nil {
			return ids[i]
		}
		return int64(i)
	}
	out := Segment{has: true, key: endpoint, opts: o.outageKey(), span: span}
	n1 := o.N - 1
	var atom seg
	if o.Rule == Clock {
		// Atoms are instants: arrivals (ReceivedAt) and clock events.
		type event struct {
			at   time.Time
			role clockRole // clockNone: an arrival
			ev   Evidence
		}
		var events []event
		for i := range calls {
			c := &calls[i]
			if kpi.Check(c) != kpi.OK || o.streamKey(c.Endpoint) != endpoint {
				continue
			}
			if inSpan(span, c.ReceivedAt) {
				events = append(events, event{at: c.ReceivedAt})
			}
			if role := clockRoleOf(c, &o); role != clockNone {
				if t := clockInstant(c, &o); inSpan(span, t) {
					events = append(events, event{at: t, role: role, ev: Evidence{Kind: Call, At: t, Endpoint: c.Endpoint, ID: id(i)}})
				}
			}
		}
		slices.SortFunc(events, func(a, b event) int { return a.at.Compare(b.at) })
		for i := 0; i < len(events); {
			t := events[i].at
			var stop, fail, arrived bool
			var stopEv, failEv Evidence
			for ; i < len(events) && events[i].at.Equal(t); i++ {
				e := &events[i]
				switch e.role {
				case clockNone:
					arrived = true
				case clockStop:
					if !stop || e.ev.ID < stopEv.ID {
						stopEv = e.ev
					}
					stop = true
				case clockFail:
					if !fail || e.ev.ID < failEv.ID {
						failEv = e.ev
					}
					fail = true
				}
			}
			atom.reset()
			if arrived {
				atom.arr = point(t)
			}
			switch {
			case stop: // the clock stops here; a failure at the same instant adds nothing
				atom.hasSucc, atom.s1, atom.leadGap = true, stopEv, point(stopEv.At)
			case fail:
				atom.leadRaw = rawOut{ok: true, start: failEv.At, opener: failEv, gap: point(failEv.At)}
			}
			out.s.merge(&atom, true, n1, o.Window, o.NoSpanCondition)
		}
		return out, inputErr
	}
	// AV-CONSEC: atoms are calls in walk order.
	var walk []int
	for i := range calls {
		c := &calls[i]
		if kpi.Check(c) == kpi.OK && o.streamKey(c.Endpoint) == endpoint && inSpan(span, c.ReceivedAt) {
			walk = append(walk, i)
		}
	}
	slices.SortFunc(walk, func(a, b int) int {
		ca, cb := &calls[a], &calls[b]
		return walkCmp(ca.ReceivedAt, cb.ReceivedAt, ca.Endpoint, cb.Endpoint, ca.Status, cb.Status, ca.TTLB, cb.TTLB, id(a), id(b))
	})
	for _, i := range walk {
		c := &calls[i]
		atom.reset()
		atom.arr = point(c.ReceivedAt)
		ev := Evidence{Kind: Call, At: c.ReceivedAt, Endpoint: c.Endpoint, ID: id(i)}
		switch consecRoleOf(c, &o) {
		case consecUnanswered:
			if n1 > 0 {
				atom.lead = append(atom.lead, ev)
				atom.tail = append(atom.tail, tailCall{ev: ev, suffix: point(c.ReceivedAt)})
			} else {
				atom.leadRaw = rawOut{ok: true, start: ev.At, opener: ev, gap: point(ev.At)}
			}
		case consecSuccess:
			end := loggedAt(c.ReceivedAt, c.TTLB)
			ev.At = end
			atom.hasSucc, atom.s1, atom.leadGap = true, ev, point(c.ReceivedAt)
		}
		out.s.merge(&atom, true, n1, o.Window, o.NoSpanCondition)
	}
	return out, inputErr
}

// Combine returns the combination of a and b (see Segment), in new
// storage: a and b are unchanged. It fails with OtherEndpoint,
// kpi.ErrOptionsDiffer or SegmentsOverlap.
func Combine(a, b Segment) (Segment, error) {
	r := a.Clone()
	if err := r.Merge(&b); err != nil {
		return Segment{}, err
	}
	return r, nil
}

// Merge combines o into s in place (see Segment), reusing s's storage: it
// does not allocate once s has grown enough. o is unchanged. On error s is
// unchanged.
func (s *Segment) Merge(o *Segment) error {
	if o == nil || !o.has {
		return nil
	}
	if !s.has {
		s.has, s.key, s.opts, s.span = true, o.key, o.opts, o.span
		s.s.reset()
		s.s.merge(&o.s, true, max(0, o.opts.N-1), o.opts.Window, o.opts.NoSpanCondition)
		return nil
	}
	switch {
	case s.key != o.key:
		return OtherEndpoint
	case s.opts != o.opts:
		return kpi.ErrOptionsDiffer
	}
	var sFirst bool
	switch {
	case !s.span.End.After(o.span.Start):
		sFirst = true
	case !o.span.End.After(s.span.Start):
		sFirst = false
	default:
		return SegmentsOverlap
	}
	s.s.merge(&o.s, sFirst, max(0, s.opts.N-1), s.opts.Window, s.opts.NoSpanCondition)
	if sFirst {
		s.span.End = o.span.End
	} else {
		s.span.Start = o.span.Start
	}
	return nil
}

// Clone returns a copy of s with its own storage.
func (s Segment) Clone() Segment {
	c := s
	c.s.lead = slices.Clone(s.s.lead)
	c.s.mid = slices.Clone(s.s.mid)
	c.s.tail = slices.Clone(s.s.tail)
	return c
}

// Reset makes s the zero Segment, keeping its storage.
func (s *Segment) Reset() {
	inner := s.s
	inner.reset()
	*s = Segment{s: inner}
}

// Span returns the span s covers (the hull of the combined spans); the
// zero Segment covers nothing.
func (s *Segment) Span() kpi.Interval { return s.span }

// Endpoint returns the stream's endpoint ("" under InterfaceWide).
func (s *Segment) Endpoint() string { return s.key }

// Empty reports whether no call of the stream has an instant in s: such a
// segment may be left out, and its neighbours combined directly.
func (s *Segment) Empty() bool {
	return !s.s.arr.ok && !s.s.hasSucc && !s.s.leadRaw.ok && len(s.s.lead) == 0
}

// Outages returns the outages of the calls summarised, as Reference would
// on the same calls: an interval still open at the end runs to asOf
// (AV-CLOCK-3).
func (s *Segment) Outages(asOf time.Time) []Outage {
	if !s.has {
		return nil
	}
	asOf = wall(asOf)
	var out []Outage
	var m merger
	add := func(r *rawOut) {
		if !r.ok {
			return
		}
		if done, ok := m.add(r.outage(s.key, asOf, s.opts.IdleSpan)); ok {
			out = append(out, done)
		}
	}
	add(&s.s.leadRaw)
	for i := range s.s.mid {
		add(&s.s.mid[i])
	}
	if s.s.hasSucc {
		add(&s.s.tailDown)
	}
	if last, ok := m.flush(); ok {
		out = append(out, last)
	}
	return out
}
