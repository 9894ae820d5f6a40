package availability

import (
	"slices"
	"time"
)

// waiting is a call of the current instant, waiting for the walk order.
type waiting struct {
	r        time.Time
	endpoint string
	status   int
	ttlb     time.Duration
	id       int64
	role     consecRole
}

func cmpWaiting(a, b waiting) int {
	return walkCmp(a.r, b.r, a.endpoint, b.endpoint, a.status, b.status, a.ttlb, b.ttlb, a.id, b.id)
}

// runCall is an unanswered call of the current run, kept while it can still
// be the first call of a series.
type runCall struct {
	ev        Evidence      // At = ReceivedAt
	gapToNext time.Duration // longest gap between arrivals from this call to the next run call
}

// consecState is the AV-CONSEC streaming walk of one stream.
//
// Rule AV-CONSEC-1 as a walk: calls of one ReceivedAt wait until a later
// ReceivedAt arrives, then are walked in tie order (endpoint, status, TTLB),
// so the result never depends on input order. While up, the last N−1
// unanswered calls of the run are kept in a ring; an unanswered call that
// finds N−1 of them, the oldest within W of it, makes a series starting at
// that oldest call. Ring calls older than W before the current call can
// never start a series and are dropped (so the ring stays small under the
// span condition). A success clears the ring and, when down, closes the
// series' interval at its ReceivedAt + TTLB.
//
// Intervals of consecutive series can overlap; they go through a merger,
// which holds the last interval until no later series can start at or
// before its end (the earliest possible start is the ring's oldest call, or
// the watermark).
type consecState struct {
	ties []waiting

	ring       []runCall // circular
	head, n    int
	runMax     time.Duration // longest gap since the ring's newest call
	lastArrive time.Time
	arrived    bool

	down bool
	raw  rawOut

	m merger
}

func (s *consecState) reset() {
	clear(s.ties)
	s.ties = s.ties[:0]
	clear(s.ring)
	s.head, s.n, s.runMax = 0, 0, 0
	s.lastArrive, s.arrived = time.Time{}, false
	s.down, s.raw = false, rawOut{}
	s.m = merger{}
}

func (s *consecState) at(i int) *runCall { return &s.ring[(s.head+i)%len(s.ring)] }

func (s *consecState) ringPush(c runCall) {
	if s.n == len(s.ring) { // grow, unrolling the circle
		grown := make([]runCall, max(4, 2*len(s.ring)))
		for i := 0; i < s.n; i++ {
			grown[i] = *s.at(i)
		}
		s.ring, s.head = grown, 0
	}
	s.ring[(s.head+s.n)%len(s.ring)] = c
	s.n++
}

func (s *consecState) ringPopFront() {
	*s.at(0) = runCall{}
	s.head = (s.head + 1) % len(s.ring)
	s.n--
}

func (s *consecState) ringClear() {
	for s.n > 0 {
		s.ringPopFront()
	}
	s.head, s.runMax = 0, 0
}

// walk processes the waiting calls in walk order.
func (s *consecState) walk(key string, o *Options, out []Outage) []Outage {
	if len(s.ties) > 1 {
		slices.SortFunc(s.ties, cmpWaiting)
	}
	for i := range s.ties {
		out = s.step(&s.ties[i], key, o, out)
	}
	if len(s.ties) == 1 {
		// One call per instant is the common case; clear (a runtime call
		// with write barriers) cost more than the whole step here.
		s.ties[0] = waiting{}
	} else {
		clear(s.ties) // drop the strings for the collector
	}
	s.ties = s.ties[:0]
	return out
}

func (s *consecState) step(c *waiting, key string, o *Options, out []Outage) []Outage {
	// Every call reached the stream (AV-CLOCK-6 instants). runMax is
	// read only while the run holds calls (it becomes the newest run
	// call's gapToNext, or part of a series' gaps) and is reset when a
	// call joins an empty run, so it is kept at 0 while the run is empty:
	// the common path (successes) skips time.Time.Sub, the costliest step
	// of a call here (about 130 of 300 instructions per call).
	if s.n > 0 && s.arrived {
		if d := c.r.Sub(s.lastArrive); d > s.runMax {
			s.runMax = d
		}
	}
	s.lastArrive, s.arrived = c.r, true
	if s.down {
		s.raw.gap.add(c.r)
	}
	switch c.role {
	case consecUnanswered:
		if s.down {
			break // further unanswered calls keep it down
		}
		ev := Evidence{Kind: Call, At: c.r, Endpoint: c.endpoint, ID: c.id}
		if !o.NoSpanCondition {
			for s.n > 0 && c.r.Sub(s.at(0).ev.At) > o.Window {
				s.ringPopFront()
			}
		}
		if s.n >= o.N-1 { // a series: the oldest ring call (or c when N = 1) is its first
			first := ev
			g := point(c.r)
			if s.n > 0 {
				first = s.at(0).ev
				longest := s.runMax
				for i := 0; i < s.n-1; i++ {
					longest = max(longest, s.at(i).gapToNext)
				}
				g = gapRun{ok: true, first: first.At, last: c.r, max: longest}
			}
			s.down = true
			s.raw = rawOut{ok: true, start: first.At, opener: first, gap: g}
			s.ringClear()
			break
		}
		if s.n > 0 {
			s.at(s.n - 1).gapToNext = s.runMax
		}
		s.runMax = 0
		s.ringPush(runCall{ev: ev})
	case consecSuccess:
		if s.down {
			end := loggedAt(c.r, c.ttlb) // AV-CONSEC's end, saturating (loggedAt)
			s.raw.closed = true
			s.raw.end = end
			s.raw.closer = Evidence{Kind: Call, At: end, Endpoint: c.endpoint, ID: c.id}
			if done, ok := s.m.add(s.raw.outage(key, time.Time{}, o.IdleSpan)); ok {
				out = append(out, done)
			}
			s.down, s.raw = false, rawOut{}
		}
		s.ringClear()
	}
	return out
}

// release hands over the merged outage once no later series can reach it:
// every later series starts at or after low.
func (s *consecState) release(watermark instant, out []Outage) []Outage {
	if !s.m.pending {
		return out
	}
	low := watermark
	switch {
	case s.down:
		low = instantOf(s.raw.start)
	case s.n > 0:
		low = instantOf(s.at(0).ev.At)
	}
	if instantOf(s.m.cur.End).before(low) {
		o, _ := s.m.flush()
		out = append(out, o)
	}
	return out
}

func (s *consecState) finish(asOf time.Time, key string, o *Options, out []Outage) []Outage {
	out = s.walk(key, o, out)
	if s.down {
		if done, ok := s.m.add(s.raw.outage(key, asOf, o.IdleSpan)); ok {
			out = append(out, done)
		}
		s.down, s.raw = false, rawOut{}
	}
	if last, ok := s.m.flush(); ok {
		out = append(out, last)
	}
	s.ringClear()
	return out
}
