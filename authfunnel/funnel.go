package authfunnel

import (
	"time"

	"github.com/openfinance-kpi/kpi/internal/sum"

	"github.com/openfinance-kpi/kpi"
)

// Funnel is the streaming, mergeable state of Rule AF-1: the journeys of
// consents built from their events (AF-2) and counted per day and
// combination when they end.
//
// The zero value is an empty Funnel counting days in UTC with the DEFAULT
// Options, ready to use, and the identity of Merge; NewFunnel gives one
// for another calendar or options. A Funnel is not safe for concurrent
// use: give each goroutine (or machine, or day) its own and Merge them.
//
// Reach for Add per event, Merge to combine, Close to end the journeys
// the customers have left, Report (or Rows, Totals, Rejected) for the
// results, and Settle to forget consents whose journeys are over.
type Funnel struct {
	cal      kpi.Calendar
	opts     Options
	cells    map[cell]tally         // journeys ended, by row
	consents map[string]consent     // every consent seen, since the last Settle
	rejected kpi.Rejections[Reason] // decided at Add; the heads add theirs at read time
}

// NewFunnel returns an empty Funnel that counts each journey on the local
// day of cal that holds its AuthRequired event, with the readings opts.
func NewFunnel(cal kpi.Calendar, opts Options) Funnel { return Funnel{cal: cal, opts: opts} }

// Calendar returns the calendar f counts days in.
func (f *Funnel) Calendar() kpi.Calendar { return f.cal }

// Options returns the readings f counts with.
func (f *Funnel) Options() Options { return f.opts }

func (f *Funnel) ledger() ledger {
	if f.cells == nil {
		f.cells = make(map[cell]tally)
	}
	return ledger{cells: f.cells, rej: &f.rejected, opts: f.opts}
}

// Add applies one event to its consent's journey (Rules AF-1, AF-2).
//
// It returns nil when the event is counted (so far), or the Reason it is
// not: bad input; Duplicate (the exact repeat of the consent's previous
// event, ignored); NoJourney; Unexpected (the journey is broken and none
// of its events count; the other journeys are unaffected); or
// NoBankChannel (the event is counted but ended its journey, or, an
// AuthRequired, the previous one, with no bank channel known: that
// journey is not). The events not counted are in Rejections().
//
// An event of a consent whose journey this Funnel has not seen open
// returns NoJourney; that is provisional: if a Merge brings the consent's
// earlier events (a journey opened in an earlier run), the event joins
// that journey. Add does not allocate except to remember a consent it has
// not seen (once per consent, not per event) and a new row.
func (f *Funnel) Add(e *Event) error {
	if r := check(e); r != OK {
		f.rejected.AddN(r, 1)
		return r
	}
	l := f.ledger()
	if f.consents == nil {
		f.consents = make(map[string]consent)
	}
	x := evOf(e)
	c, ok := f.consents[e.ConsentID]
	if !ok {
		c.seg.first = x
	} else if c.last().last.same(&x) {
		f.rejected.AddN(Duplicate, 1)
		return Duplicate
	}
	s := c.last()
	var r Reason
	switch {
	case e.Kind == AuthRequired:
		cl := cell{day: f.cal.DateOf(e.At), auth: e.AuthType, api: e.API, tpp: e.TPPChannel, bank: e.BankChannel}
		r = l.open(&s.tail, cl)
		s.opened = true
	case !s.opened:
		// No journey of this run yet: keep the event for the run before.
		s.pushHead(headEv{kind: e.Kind, bank: e.BankChannel})
		r = NoJourney
	default:
		r = l.step(&s.tail, e.Kind, e.BankChannel)
	}
	s.last = x
	f.consents[e.ConsentID] = c
	if r == OK {
		return nil
	}
	return r
}

// Merge adds o into f (Rule AF-1 across goroutines, machines and days).
// It is associative and commutative, the zero Funnel is its identity, and
// o is left unchanged (a nil o is the zero Funnel). f.Merge(f) merges a
// copy of f: every count of an ended journey and every rejection doubles,
// and each remembered consent gets its runs twice (as if its events had
// been delivered twice, not as adjacent duplicates); after Close and
// Settle nothing is remembered and every row doubles exactly.
//
// Merge is exact, equal to one Funnel that saw every event, whenever no
// consent's events are interleaved between the Funnels: each Funnel saw
// one run of a consent's events, and the runs are ordered by the instants
// of their first and last events (see the package doc). That holds when
// the stream is split by consent (shard by ConsentID) or by time (one
// Funnel per hour, day or file), whatever the order of the merges. Runs
// are joined when results are read, so a journey that crosses a split
// counts once, in full. Merge before Close: a journey closed in one
// Funnel cannot take the events of another.
//
// When both hold journeys (rows or remembered consents) and were made
// with different options or calendars (locations of different names),
// Merge returns kpi.ErrOptionsDiffer and changes nothing: o's rows are
// dated by its calendar and its ended journeys counted with its options.
// An f that holds no journey takes o's calendar and options, so the
// empty Funnel is the identity whatever it was made with. Merge does not
// allocate when o
// remembers no consent (as after Close and Settle) and has no row f
// lacks; a consent new to f, or present on both sides (a second run),
// allocates.
//
// Merge never wraps around (see kpi.ErrMergeOverflow): when a row's
// count, a rejection count or the number of journeys the state holds
// (ended or open, the bound UnmarshalBinary checks) would pass 2^64 − 1,
// it returns kpi.ErrMergeOverflow and f is unchanged.
func (f *Funnel) Merge(o *Funnel) error {
	if o == nil {
		return nil
	}
	adopt := false // an empty f takes o's calendar and options, once nothing can fail
	if !o.empty() {
		if f.empty() {
			adopt = true
		} else if f.opts != o.opts || f.cal.Location().String() != o.cal.Location().String() {
			return kpi.ErrOptionsDiffer
		}
	}
	var a sum.Adder
	a.Add(f.journeys(&a), o.journeys(&a))
	if a.Overflow || !sum.Fits(f.rejected[:], o.rejected[:]) {
		return kpi.ErrMergeOverflow
	}
	if adopt {
		f.cal, f.opts = o.cal, o.opts
	}
	// Every count of a row is at most the journeys its Funnel holds, so
	// no row's sum can wrap once the totals fit.
	if o == f {
		cp := f.clone()
		o = &cp
	}
	_ = f.rejected.Merge(&o.rejected) // fits: checked above
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
	return nil
}

// empty reports whether f holds no journey, ended or open (rejections
// aside).
func (f *Funnel) empty() bool { return len(f.cells) == 0 && len(f.consents) == 0 }

// journeys is the number of journeys f holds, ended (in its rows) or
// open (at most one per consent), noting in a when it passes 2^64 − 1.
func (f *Funnel) journeys(a *sum.Adder) uint64 {
	total := uint64(len(f.consents))
	for _, t := range f.cells {
		for _, n := range t {
			total = a.Add(total, n)
		}
	}
	return total
}

func (f *Funnel) clone() Funnel {
	g := Funnel{cal: f.cal, opts: f.opts, rejected: f.rejected}
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

// Reset empties f, keeping its calendar, options and the capacity of its
// maps. It does not allocate.
func (f *Funnel) Reset() {
	clear(f.cells)
	clear(f.consents)
	f.rejected = kpi.Rejections[Reason]{}
}

// Close ends every open journey whose last event is at or before
// asOf − idle (Rule AF-2; a negative idle is taken as 0), and returns how
// many it ended. A journey ends as the customer left it: awaiting an
// attempt -> Abandoned; attempted with no outcome -> Abandoned (Failed
// with Options.AttemptTimeoutIsFailure); succeeded with no confirmation
// step -> Succeeded; confirmation required with no answer -> Rejected. A
// journey that ends with no bank channel known is NoBankChannel (Broken).
//
// Time is an argument: Close(asOf, 30*time.Minute) at the end of each
// day, on the Funnel that has merged every run of the day, counts the
// journeys the customers have left. It joins each consent's runs (a run
// merged later cannot join them), and allocates only for new rows.
func (f *Funnel) Close(asOf time.Time, idle time.Duration) int {
	l := f.ledger()
	cut := Closing{AsOf: asOf, Idle: idle}.cutoff()
	n := 0
	for id, c := range f.consents {
		s := l.join(&c)
		if s.tail.live() && !s.last.at.After(cut) {
			l.close(&s.tail)
			n++
		}
		f.consents[id] = consent{seg: s}
	}
	return n
}

// Settle forgets every consent with no open journey, keeping every result
// unchanged: its ended journeys are counted already, and the events of
// its first run that no journey claimed are counted NoJourney for good.
// Consents with an open journey (one that crosses midnight, say) are kept,
// their runs joined. Close then Settle is the bounded-memory recipe: the
// Funnel then remembers only the journeys still in progress.
//
// After Settle, an event of a forgotten consent starts afresh: NoJourney
// unless it is an AuthRequired (a late duplicate of its last event too),
// and a run merged later cannot join its journeys. It allocates only for
// new rows.
func (f *Funnel) Settle() {
	l := f.ledger()
	for id, c := range f.consents {
		s := l.join(&c)
		if s.tail.live() {
			f.consents[id] = consent{seg: s}
			continue
		}
		f.rejected.AddN(NoJourney, uint64(s.headN)+s.headMore)
		delete(f.consents, id)
	}
}

// Consents is the number of consents f remembers (all it has seen since
// the last Reset, but those Settle forgot): the size of its one growing
// map.
func (f *Funnel) Consents() int { return len(f.consents) }

// resolve joins the runs of every consent, in order, into copies of the
// cells and rejections, and returns the counts of every row (open
// journeys in the Awaiting fields) and the rejections. Head events no
// journey claims are NoJourney.
func (f *Funnel) resolve() (map[cell]*Counts, kpi.Rejections[Reason]) {
	cells := make(map[cell]tally, len(f.cells))
	for k, v := range f.cells {
		cells[k] = v
	}
	rej := f.rejected
	l := ledger{cells: cells, rej: &rej, opts: f.opts}
	var open []journey
	for _, c := range f.consents {
		s := l.join(&c)
		rej.AddN(NoJourney, uint64(s.headN)+s.headMore)
		if s.tail.live() {
			open = append(open, s.tail)
		}
	}
	out := make(map[cell]*Counts, len(cells))
	get := func(k cell) *Counts {
		c := out[k]
		if c == nil {
			c = new(Counts)
			out[k] = c
		}
		return c
	}
	for k, t := range cells {
		*get(k) = t.counts()
	}
	for i := range open {
		open[i].addOpen(get(open[i].cell))
	}
	return out, rej
}
