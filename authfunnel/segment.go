package authfunnel

import "time"

// ev is what a Funnel keeps of one event: enough to recognise an exact
// duplicate (Rule AF-2, at-least-once delivery) and to order runs.
type ev struct {
	at   time.Time
	kind Kind
	auth AuthType
	api  API
	tpp  Channel
	bank Channel
}

func evOf(e *Event) ev {
	return ev{at: e.At, kind: e.Kind, auth: e.AuthType, api: e.API, tpp: e.TPPChannel, bank: e.BankChannel}
}

// same reports whether a and b are the same event: kind, instant and every
// dimension equal (the consent is equal by construction).
func (a *ev) same(b *ev) bool {
	return a.kind == b.kind && a.at.Equal(b.at) && a.auth == b.auth && a.api == b.api && a.tpp == b.tpp && a.bank == b.bank
}

func (a *ev) compare(b *ev) int {
	if c := a.at.Compare(b.at); c != 0 {
		return c
	}
	for _, p := range [...][2]uint8{
		{uint8(a.kind), uint8(b.kind)}, {uint8(a.auth), uint8(b.auth)}, {uint8(a.api), uint8(b.api)},
		{uint8(a.tpp), uint8(b.tpp)}, {uint8(a.bank), uint8(b.bank)},
	} {
		if p[0] != p[1] {
			return cmp3(int64(p[0]), int64(p[1]))
		}
	}
	return 0
}

// headEv is an event kept in a run's head: its kind and bank channel.
type headEv struct {
	kind Kind
	bank Channel
}

// headCap is how many events before a run's first AuthRequired are kept:
// from any state a journey takes at most 4 more events (attempted,
// succeeded, confirmation required, accepted) before it ends or breaks, so
// every later event of the head is NoJourney whatever the state it meets.
// A head's first event may be a duplicate of the previous run's last
// event, which is then not an AuthRequired: the journey it meets is past
// AuthRequired and takes at most 3 more. Tested by the split properties
// (with 3, they fail).
const headCap = 4

// segment is what a Funnel knows of one consent from one run of its
// events (the run one accumulator saw, or runs already joined). Journeys
// that start and end inside the run are already counted in the cells;
// what is kept is the part that can meet another run's events:
//
//   - first, last: the run's first and last events (the order of runs, and
//     a duplicate across runs);
//   - head: the events before the run's first AuthRequired, which belong to
//     a journey opened in an earlier run (or to none: NoJourney);
//   - opened: whether the run has an AuthRequired (which ends whatever
//     journey came before, as a re-authentication);
//   - tail: the run's last journey while it is live (it can still take
//     events from a later run, and is ended by Close).
type segment struct {
	first, last ev
	head        [headCap]headEv
	headN       uint8
	headMore    uint64 // head events past headCap: NoJourney whatever comes before
	opened      bool
	tail        journey
}

func (s *segment) pushHead(h headEv) {
	if s.headN < headCap {
		s.head[s.headN] = h
		s.headN++
	} else {
		s.headMore++
	}
}

// compare orders the runs of a consent: by first instant, then last
// instant (runs that do not interleave: the one that ends first), then
// the first event's kind in the journey's order (a run starting with
// AuthRequired before one starting with a later step at the same
// instant), then by content, so that the order (and Merge) never depends
// on which Funnel held which run.
func (s *segment) compare(t *segment) int {
	if c := s.first.at.Compare(t.first.at); c != 0 {
		return c
	}
	if c := s.last.at.Compare(t.last.at); c != 0 {
		return c
	}
	if c := s.first.compare(&t.first); c != 0 {
		return c
	}
	if c := s.last.compare(&t.last); c != 0 {
		return c
	}
	switch {
	case s.opened != t.opened:
		if !s.opened {
			return -1
		}
		return 1
	case s.headN != t.headN:
		return cmp3(int64(s.headN), int64(t.headN))
	case s.head != t.head:
		for i := range s.head {
			if c := cmp3(int64(s.head[i].kind), int64(t.head[i].kind)); c != 0 {
				return c
			}
			if c := cmp3(int64(s.head[i].bank), int64(t.head[i].bank)); c != 0 {
				return c
			}
		}
	case s.headMore != t.headMore:
		if s.headMore < t.headMore {
			return -1
		}
		return 1
	case s.tail.state != t.tail.state:
		return cmp3(int64(s.tail.state), int64(t.tail.state))
	case s.tail.n != t.tail.n:
		return cmp3(int64(s.tail.n), int64(t.tail.n))
	}
	return s.tail.cell.compare(t.tail.cell)
}

// absorb folds run s, which follows acc in the consent's order, into acc,
// counting with l the journeys that end and the events rejected. s's
// first event is dropped as a Duplicate when it repeats acc's last event.
func (l ledger) absorb(acc, s *segment) {
	dup := s.first.same(&acc.last)
	head := s.head[:s.headN]
	if dup && len(head) > 0 {
		l.rej.AddN(Duplicate, 1)
		head = head[1:]
	}
	if acc.opened {
		for _, h := range head {
			l.step(&acc.tail, h.kind, h.bank)
		}
		l.rej.AddN(NoJourney, s.headMore)
	} else {
		for _, h := range head {
			acc.pushHead(h)
		}
		acc.headMore += s.headMore
	}
	if s.opened {
		if dup && s.headN == 0 && acc.tail.state == AuthRequired && acc.tail.n == 1 {
			// s opens with the AuthRequired that opened acc's tail: the
			// same journey, which s continues.
			l.rej.AddN(Duplicate, 1)
		} else {
			l.close(&acc.tail)
		}
		acc.opened = true
		acc.tail = s.tail
	}
	acc.last = s.last
}

// consent is the runs of one consent, in order: seg, then more (only
// after a Merge brought another run).
type consent struct {
	seg  segment
	more []segment
}

func (c *consent) last() *segment {
	if len(c.more) > 0 {
		return &c.more[len(c.more)-1]
	}
	return &c.seg
}

// join returns the runs of c folded into one, counting with l.
func (l ledger) join(c *consent) segment {
	acc := c.seg
	for i := range c.more {
		l.absorb(&acc, &c.more[i])
	}
	return acc
}

func (c consent) clone() consent {
	if c.more != nil {
		c.more = append([]segment(nil), c.more...)
	}
	return c
}

// merge returns the runs of c and o in order.
func (c consent) merge(o *consent) consent {
	all := make([]segment, 0, 2+len(c.more)+len(o.more))
	all = append(all, c.seg)
	all = append(all, c.more...)
	for i := -1; i < len(o.more); i++ {
		s := &o.seg
		if i >= 0 {
			s = &o.more[i]
		}
		k := len(all)
		for k > 0 && s.compare(&all[k-1]) < 0 {
			k--
		}
		all = append(all, segment{})
		copy(all[k+1:], all[k:])
		all[k] = *s
	}
	return consent{seg: all[0], more: all[1:]}
}
