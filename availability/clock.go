package availability

import "time"

// clockEvent is a failure or a stop (success) at its rule instant, waiting
// for the watermark to pass it. It keeps only what the evidence of an
// outage needs (AV-EVIDENCE-1); the Evidence itself is built by evidence,
// only for the few events that open or close an outage. (Keeping a whole
// Evidence here made every event 88 bytes instead of 56, copied on every
// push and pop.)
//
// Its instant is an integer pair (see instant) with the call's time zone
// beside it, from which the time.Time is rebuilt only for the evidence and
// the outage: comparing held events is the heap's and the watermark's
// work, on every call. The instant's two fields are inlined so that stop
// fits in their padding: 48 bytes, not 56 with a nested instant (measured:
// BenchmarkTrackerAddClock, whose heap is busier, 30 → 26 ns per call).
type clockEvent struct {
	sec      int64 // the instant (see instant), its fields here so that
	nsec     int32 // stop fits in its padding
	stop     bool
	loc      *time.Location
	endpoint string
	id       int64
}

func (e *clockEvent) at() instant { return instant{e.sec, e.nsec} }

func (e *clockEvent) setAt(a instant) { e.sec, e.nsec = a.sec, a.nsec }

// when returns the event's instant as a time.Time (no monotonic reading).
func (e *clockEvent) when() time.Time {
	if e.loc == nil { // not from Add or the decoder; In would panic
		return e.at().time(time.UTC)
	}
	return e.at().time(e.loc)
}

func (e *clockEvent) evidence() Evidence {
	return Evidence{Kind: Call, At: e.when(), Endpoint: e.endpoint, ID: e.id}
}

// clockState is the AV-CLOCK streaming walk of one stream.
//
// Rule AV-CLOCK-1 as a walk: events are taken in order of instant, all
// events of one instant together: if the clock runs and a success is among
// them, the clock stops there; if it is stopped and there are failures but
// no success, it starts there. This gives exactly the set ∪[t(f), s(f)).
//
// Rule AV-CLOCK-2: with logged instants (ReceivedAt + TTLB) and calls in
// ReceivedAt order, events arrive out of order. An event at instant t is
// final once the watermark (the latest ReceivedAt) is after t: every later
// call's instant is at or after its ReceivedAt. Until then it waits in a
// min-heap, which holds only calls still "in flight" at the watermark, not
// the stream.
type clockState struct {
	heap []clockEvent
	open bool
	raw  rawOut
}

func (s *clockState) reset() {
	clear(s.heap) // drop the strings for the collector
	s.heap = s.heap[:0]
	s.open = false
	s.raw = rawOut{}
}

// up restores heap order after the event at i was placed last.
func (s *clockState) up(i int) {
	h := s.heap
	for i > 0 {
		p := (i - 1) / 2
		if !h[i].at().before(h[p].at()) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
}

// pop removes the first event into *dst.
func (s *clockState) pop(dst *clockEvent) {
	h := s.heap
	*dst = h[0]
	n := len(h) - 1
	h[0] = h[n]
	h[n] = clockEvent{}
	h = h[:n]
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && h[r].at().before(h[l].at()) {
			m = r
		}
		if !h[m].at().before(h[i].at()) {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
	s.heap = h
}

// arrive records that a call reached the stream at t (AV-CLOCK-6).
func (s *clockState) arrive(t time.Time) {
	if s.open {
		s.raw.gap.add(wall(t))
	}
}

// flush processes every waiting event before limit (all of them if all),
// instant by instant, appending closed outages to out.
func (s *clockState) flush(limit instant, all bool, key string, idle time.Duration, out []Outage) []Outage {
	if len(s.heap) == 1 && (all || s.heap[0].at().before(limit)) {
		// The lone event, the common case (a stream's calls are mostly
		// answered before the next one arrives): an instant of one event,
		// without the heap's pop.
		e := &s.heap[0]
		switch {
		case e.stop && s.open:
			out = s.stop(e, key, idle, out)
		case !e.stop && !s.open:
			s.start(e)
		}
		*e = clockEvent{} // drop the string for the collector
		s.heap = s.heap[:0]
		return out
	}
	var e, stopE, failE clockEvent
	for len(s.heap) > 0 && (all || s.heap[0].at().before(limit)) {
		t := s.heap[0].at()
		var stop, fail bool
		for len(s.heap) > 0 && s.heap[0].at() == t {
			s.pop(&e)
			// Of several events of one instant, the evidence is the one
			// with the least ID (the input order of Reference).
			if e.stop {
				if !stop || e.id < stopE.id {
					stopE = e
				}
				stop = true
			} else {
				if !fail || e.id < failE.id {
					failE = e
				}
				fail = true
			}
		}
		switch {
		case s.open && stop:
			out = s.stop(&stopE, key, idle, out)
		case !s.open && fail && !stop:
			s.start(&failE)
		}
	}
	return out
}

// start opens the clock at failure f.
func (s *clockState) start(f *clockEvent) {
	s.open = true
	ev := f.evidence()
	s.raw = rawOut{ok: true, start: ev.At, opener: ev, gap: point(ev.At)}
}

// stop closes the open clock at success e and appends the outage.
func (s *clockState) stop(e *clockEvent, key string, idle time.Duration, out []Outage) []Outage {
	s.raw.closed = true
	ev := e.evidence()
	s.raw.end, s.raw.closer = ev.At, ev
	s.raw.gap.add(ev.At)
	// Clock intervals of one stream never touch (a failure at the stopping
	// instant is cancelled by the success), so each is a maximal outage as
	// soon as it closes.
	out = append(out, s.raw.outage(key, time.Time{}, idle))
	s.open, s.raw = false, rawOut{}
	return out
}

// finish processes everything and runs an open clock to asOf.
func (s *clockState) finish(asOf time.Time, key string, idle time.Duration, out []Outage) []Outage {
	out = s.flush(instant{}, true, key, idle, out)
	if s.open {
		out = append(out, s.raw.outage(key, asOf, idle))
		s.open, s.raw = false, rawOut{}
	}
	return out
}
