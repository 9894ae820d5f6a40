package authfunnel

import (
	"time"

	"github.com/openfinance-kpi/kpi"
)

// Funnel is the streaming, mergeable state of Rule AF-1: the journeys of
// consents built from their events (AF-2) and counted per day and
// combination.
//
// The zero value is an empty Funnel counting days in UTC, ready to use,
// and the identity of Merge; NewFunnel gives one for another calendar. A
// Funnel is not safe for concurrent use: give each goroutine (or machine,
// or day) its own and Merge them.
//
// Reach for Add per event, Merge to combine, Rows for the CBB sheet 2
// rows, Totals for the AF-4 rates over everything, Rejected for what was
// not counted, and Settle to forget consents whose journeys are over.
type Funnel struct {
	cal      kpi.Calendar
	cells    map[cell]tally     // journeys finished inside one segment
	consents map[string]consent // every consent seen, since the last Settle
	rejected Rejections         // decided at Add; the heads add theirs at read time
}

// segment is what a Funnel knows of one consent from one run of its
// events (the run one accumulator saw). Journeys that start and end inside
// the run are already in the cells; what is kept is the part that can
// meet another run's events:
//
//   - head: the events before the run's first AuthRequired, which belong
//     to a journey opened in an earlier run (or to none: NoJourney);
//   - opened: whether the run has an AuthRequired (it ends, or
//     interrupts, whatever journey came before);
//   - tail: the state and cell of the run's last journey while it is
//     live (it can still take events from a later run), else 0.
type segment struct {
	first    time.Time // At of the run's first event: orders the runs of a consent
	head     [headCap]Kind
	headN    uint8
	headMore uint64 // head events past headCap: NoJourney whatever comes before
	opened   bool
	tail     Kind
	cell     cell // the tail journey's cell, when tail != 0
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

// NewFunnel returns an empty Funnel that counts each journey on the local
// day of cal that holds its AuthRequired event.
func NewFunnel(cal kpi.Calendar) Funnel { return Funnel{cal: cal} }

// Calendar returns the calendar f counts days in.
func (f *Funnel) Calendar() kpi.Calendar { return f.cal }

// Add applies one event to its consent's journey (Rules AF-1, AF-2).
//
// It returns nil when the event is counted (so far), or the Reason the
// event, or the journey it broke, is not counted; the events not counted
// are in Rejected() (see Rejections). A journey broken by Unexpected or
// Interrupted leaves the other journeys as they are.
//
// An event of a consent that this Funnel has seen no AuthRequired for
// returns NoJourney and is counted so in Rejected; that is provisional:
// if a Merge brings the consent's earlier events (a journey opened in an
// earlier run), the event joins that journey. Add does not allocate
// except to remember a consent it has not seen (amortised: once per
// consent, not per event) and a new day or combination.
func (f *Funnel) Add(e *Event) error {
	if r := check(e); r != OK {
		f.rejected.Add(r, 1)
		return r
	}
	if f.consents == nil {
		f.consents = make(map[string]consent)
	}
	c, ok := f.consents[e.ConsentID]
	if !ok {
		c.seg.first = e.At
	}
	r := f.apply(c.last(), e)
	f.consents[e.ConsentID] = c
	if r == OK {
		return nil
	}
	return r
}

// apply applies a good event to the last run s of its consent.
func (f *Funnel) apply(s *segment, e *Event) Reason {
	var r Reason
	if e.Kind == AuthRequired {
		if s.opened && s.tail != 0 {
			if open(s.tail) {
				r = Interrupted
				f.rejected.Add(Interrupted, pathLen[s.tail])
				f.count(s.cell, 0)
			} else { // AuthSucceeded: re-authentication ends it as it stands
				f.count(s.cell, s.tail)
			}
		}
		s.opened = true
		s.tail = AuthRequired
		s.cell = cell{day: f.cal.DateOf(e.At), auth: e.AuthType, api: e.API, tpp: e.TPPChannel, bank: e.BankChannel}
		return r
	}
	if !s.opened {
		// No journey of this run yet: keep the event for the run before.
		if s.headN < headCap {
			s.head[s.headN] = e.Kind
			s.headN++
		} else {
			s.headMore++
		}
		return NoJourney
	}
	t, r, n := step(s.tail, e.Kind)
	switch r {
	case Unexpected:
		f.rejected.Add(Unexpected, n)
		f.count(s.cell, 0)
		s.tail, s.cell = 0, cell{} // canonical: no row without a journey
	case NoJourney:
		f.rejected.Add(NoJourney, n)
	default:
		if closed(t) {
			f.count(s.cell, t)
			t, s.cell = 0, cell{}
		}
		s.tail = t
	}
	return r
}

// count counts one journey of cell c whose final state is k (0: broken).
func (f *Funnel) count(c cell, k Kind) {
	if f.cells == nil {
		f.cells = make(map[cell]tally)
	}
	t := f.cells[c]
	t[k]++
	f.cells[c] = t
}

// Merge adds o into f (Rule AF-1 across goroutines, machines and days).
// It is associative and commutative, the zero Funnel is its identity, and
// o is left unchanged (a nil o is the zero Funnel).
//
// Merge is exact, equal to one Funnel that saw every event, whenever no
// consent's events are interleaved between the Funnels: each Funnel saw
// one run of a consent's events, and the runs are ordered by the instant
// of their first event. That holds when the stream is split by consent
// (shard by ConsentID) or by time (one Funnel per hour, day or file),
// whatever the order of the merges. Runs are joined when results are
// read, so a journey that crosses a split (opened on one machine,
// concluded on another, or across midnight) counts once, in full.
//
// Merge keeps f's calendar: merging Funnels of different calendars adds
// rows already dated by their own calendars. Merge does not allocate when
// o holds no consents f lacks and no second run of one (as after Settle);
// otherwise it allocates for those consents.
func (f *Funnel) Merge(o *Funnel) {
	if o == nil {
		return
	}
	if o == f {
		cp := f.clone()
		o = &cp
	}
	f.rejected.Merge(&o.rejected)
	if len(o.cells) > 0 && f.cells == nil {
		f.cells = make(map[cell]tally, len(o.cells))
	}
	for k, t := range o.cells {
		x := f.cells[k]
		x.add(&t)
		f.cells[k] = x
	}
	if len(o.consents) > 0 && f.consents == nil {
		f.consents = make(map[string]consent, len(o.consents))
	}
	for id, oc := range o.consents {
		c, ok := f.consents[id]
		if !ok {
			f.consents[id] = oc.clone()
			continue
		}
		f.consents[id] = c.merge(&oc)
	}
}

func (c consent) clone() consent {
	if c.more != nil {
		c.more = append([]segment(nil), c.more...)
	}
	return c
}

// merge returns the runs of c and o in order (c's slice may be reused:
// c belongs to the receiver).
func (c consent) merge(o *consent) consent {
	all := make([]segment, 0, 2+len(c.more)+len(o.more))
	all = append(all, c.seg)
	all = append(all, c.more...)
	for _, s := range append([]segment{o.seg}, o.more...) {
		i := len(all)
		for i > 0 && s.compare(&all[i-1]) < 0 {
			i--
		}
		all = append(all, segment{})
		copy(all[i+1:], all[i:])
		all[i] = s
	}
	return consent{seg: all[0], more: all[1:]}
}

// compare orders the runs of a consent: by first instant, then by
// content, so that the order (and Merge) never depends on which Funnel
// held which run.
func (s *segment) compare(t *segment) int {
	if c := s.first.Compare(t.first); c != 0 {
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
			if s.head[i] != t.head[i] {
				return cmp3(int64(s.head[i]), int64(t.head[i]))
			}
		}
	case s.headMore != t.headMore:
		if s.headMore < t.headMore {
			return -1
		}
		return 1
	case s.tail != t.tail:
		return cmp3(int64(s.tail), int64(t.tail))
	}
	return s.cell.compare(t.cell)
}

func (f *Funnel) clone() Funnel {
	g := Funnel{cal: f.cal, rejected: f.rejected}
	if f.cells != nil {
		g.cells = make(map[cell]tally, len(f.cells))
		for k, v := range f.cells {
			g.cells[k] = v
		}
	}
	if f.consents != nil {
		g.consents = make(map[string]consent, len(f.consents))
		for k, v := range f.consents {
			g.consents[k] = v.clone()
		}
	}
	return g
}

// Reset empties f, keeping its calendar and the capacity of its maps. It
// does not allocate.
func (f *Funnel) Reset() {
	clear(f.cells)
	clear(f.consents)
	f.rejected = Rejections{}
}

// resolve joins the runs of every consent, in order, and returns the
// tallies and rejections of every journey. Journeys still live at the end
// count in their current state (Awaiting, or succeeded); head events no
// journey claims are NoJourney.
func (f *Funnel) resolve() (map[cell]tally, Rejections) {
	cells := make(map[cell]tally, len(f.cells))
	for k, v := range f.cells {
		cells[k] = v
	}
	rej := f.rejected
	countIn := func(c cell, k Kind) {
		t := cells[c]
		t[k]++
		cells[c] = t
	}
	for _, c := range f.consents {
		var cur Kind // the journey coming into the next run
		var at cell
		for i := -1; i < len(c.more); i++ {
			s := &c.seg
			if i >= 0 {
				s = &c.more[i]
			}
			for _, k := range s.head[:s.headN] {
				t, r, n := step(cur, k)
				if r == Unexpected {
					countIn(at, 0)
				}
				rej.Add(r, n)
				cur = t
			}
			rej.Add(NoJourney, s.headMore)
			if !s.opened {
				continue
			}
			switch {
			case open(cur):
				rej.Add(Interrupted, pathLen[cur])
				countIn(at, 0)
			case cur != 0:
				countIn(at, cur)
			}
			cur, at = s.tail, s.cell
		}
		if cur != 0 {
			countIn(at, cur)
		}
	}
	return cells, rej
}

// Rejected returns the events not counted, by Reason: bad input, and the
// events of journeys that broke the state machine (Rule AF-2). It
// allocates (it joins the runs of every consent).
func (f *Funnel) Rejected() Rejections {
	_, rej := f.resolve()
	return rej
}

// Totals returns the counts of every row added together: the AF-4 rates
// of the whole Funnel are its methods.
func (f *Funnel) Totals() Counts {
	cells, _ := f.resolve()
	var c Counts
	for _, t := range cells {
		c.Add(t.counts())
	}
	return c
}

// Settle declares every consent's journeys over: it counts each live
// journey in its current state (open ones as Awaiting) and each head
// event no journey claims as NoJourney, as Rows and Rejected already do,
// then forgets the consents. Results are unchanged; memory drops to one
// entry per row, and later Merges of settled Funnels do not allocate.
//
// Call it when no event of these journeys can still come (for example
// the day after the journeys of a day started): an event that comes
// later for a settled consent starts afresh (NoJourney unless it is an
// AuthRequired), and a run merged in later cannot join a settled journey.
func (f *Funnel) Settle() {
	cells, rej := f.resolve()
	f.cells, f.rejected = cells, rej
	clear(f.consents)
}

// Consents is the number of consents f remembers (since the last Settle
// or Reset): the size of its one growing map.
func (f *Funnel) Consents() int { return len(f.consents) }
