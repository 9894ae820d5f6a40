package book

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
)

// ErrLate is returned by Close for a bounded book (SetDisorder) that
// received calls it could not place any more: each was received at or
// before a call the book had already walked, so more than the disorder
// bound after a call received later. The figures are never given wrong:
// read the input again into a book without a bound.
var ErrLate = errors.New("book: calls later than the disorder bound")

// ErrBoundedMerge is returned by Merge and Absorb when the book given has
// walked calls already (a bounded book past its first window) and the
// receiver is not empty: its walks cannot be combined with other calls.
var ErrBoundedMerge = errors.New("book: merging a bounded book that has walked calls into a non-empty book")

// ErrBoundedWalked is returned by SetDisorder when removing the bound of
// a book that has walked calls (their records are gone).
var ErrBoundedWalked = errors.New("book: the book has walked calls already")

// ErrBoundedEncoding is returned by AppendBinary and MarshalBinary for a
// bounded book with calls: its state is not encoded (encode books
// without a bound).
var ErrBoundedEncoding = errors.New("book: a bounded book's state has no encoding")

// minFlush is the fewest pending records a bounded book holds before it
// walks the settled ones.
const minFlush = 4096

// bound is the state of a bounded book (SetDisorder): the records not yet
// walked, and the walks of those settled.
//
// pending holds the records not yet walked, each with its endpoint's
// index: pending[:sorted] in walk order (recordCmp, then the endpoint's
// name), the rest as they came. A flush sorts the rest, merges, and walks
// every record received more than d before the latest call seen (max);
// the others stay. lastFed is the instant of the last record walked: a
// record received at or before it cannot be placed any more (late).
type bound struct {
	d       int64 // the disorder bound, ns (> 0)
	pending []record
	sorted  int
	scratch []record
	flushAt int
	least   int   // the fewest pending records before a flush (minFlush; tests set less)
	max     int64 // the latest ReceivedAt seen (of pending records)
	hasMax  bool

	fed     bool  // some record was walked
	lastFed int64 // the ReceivedAt of the last record walked

	walk      availability.Options // each endpoint's walk (InterfaceWide off)
	trackers  []*availability.Tracker
	outs      []outageList          // by endpoint index: outages finished, packed
	iface     *availability.Tracker // under InterfaceWide: the interface's walk
	ifaceOuts outageList
	found     []availability.Outage // a walk step's outages, before they are packed
	err       error                 // the first refusal of a walk (cannot happen: kept for safety)

	late      uint64
	firstLate int64 // the smallest evidence ID of a late call
	feedMin   int   // the fewest pending records walked on several goroutines (parallelFeedMin; tests set less)

	// Scratch of flushByEndpoint: the pending records grouped by endpoint,
	// where each group starts, the endpoints with records (one per group)
	// and a count by endpoint index (zero between flushes).
	byEp   []record
	starts []int
	eps    []int
	count  []int

	// owner is the book p bounds (bind); packedTo: its endpoint-days
	// before this day have their per-second tables packed (packSettled),
	// once hasPacked.
	owner     *Book
	packedTo  kpi.Date
	hasPacked bool
}

// SetDisorder bounds b's memory by the disorder of its input: d > 0 says
// that no call comes more than d after a call received later (a log
// written in time order, with requests logged when they end, has the
// longest TTLB as its disorder). The book then walks the availability
// rules over the calls received more than d before the latest call seen,
// as they settle, and keeps only their outages; its records are those of
// the last d (and of the calls not yet settled), whatever the number of
// calls. A call that comes later than the bound allows (received at or
// before a call already walked) is counted as late (Late) and Close then
// fails with ErrLate: the figures are never wrong, and the caller reads
// the input again into a book without a bound.
//
// d <= 0 removes the bound (the default: every record kept until Close),
// which fails with ErrBoundedWalked once the book has walked calls. A
// book with records takes the bound at once. Reset keeps the setting.
//
// A bounded book merges (Merge, Absorb) a book that has walked nothing
// (a book without a bound, or a bounded one still in its first window):
// its records join b's as if added, in b's walk. A bounded book that has
// walked calls merges only into an empty book; otherwise Merge returns
// ErrBoundedMerge and changes nothing. Books of consecutive pieces of a
// log are read each into a book without a bound and absorbed, in order,
// into one bounded book: the report command does so.
func (b *Book) SetDisorder(d time.Duration) error {
	if d <= 0 {
		if b.bnd == nil {
			return nil
		}
		if b.bnd.fed {
			return ErrBoundedWalked
		}
		p := b.bnd
		b.bnd = nil
		for _, r := range p.pending {
			b.recs[r.ep].add(r)
		}
		return nil
	}
	if b.bnd != nil {
		b.bnd.d = int64(d)
		return nil
	}
	b.bnd = b.newBound(int64(d))
	for i := range b.recs {
		for _, ch := range b.recs[i].chunks {
			for _, r := range ch {
				b.bnd.push(r, i)
			}
		}
		b.recs[i] = records{}
	}
	b.bnd.flush(false)
	return nil
}

// Disorder returns the disorder bound (SetDisorder), 0 for none.
func (b *Book) Disorder() time.Duration {
	if b.bnd == nil {
		return 0
	}
	return time.Duration(b.bnd.d)
}

// Late returns the number of calls a bounded book could not place
// (SetDisorder) and the smallest evidence ID among them; 0 and false for
// none.
func (b *Book) Late() (n uint64, firstID int64, ok bool) {
	if b.bnd == nil || b.bnd.late == 0 {
		return 0, 0, false
	}
	return b.bnd.late, b.bnd.firstLate, true
}

// Pending returns the number of records a book holds for the
// availability rules: every call's without a bound, those of the last
// disorder window with one (SetDisorder).
func (b *Book) Pending() int {
	if b.bnd != nil {
		return len(b.bnd.pending)
	}
	n := 0
	for i := range b.recs {
		n += b.recs[i].n
	}
	return n
}

func (b *Book) newBound(d int64) *bound {
	walk := b.cfg.Profile.Availability
	walk.InterfaceWide = false
	p := &bound{d: d, flushAt: minFlush, least: minFlush, walk: walk, feedMin: parallelFeedMin}
	p.bind(b)
	if b.cfg.Profile.Availability.InterfaceWide {
		p.iface = availability.NewTracker(b.cfg.Profile.Availability)
	}
	return p
}

// bind makes p the bound of b (a bound moved or cloned into b): its
// records' endpoint indices are those of b's names and ids, in the same
// order.
func (p *bound) bind(b *Book) {
	p.owner = b
}

// packSettled packs the per-second tables (performance.Throughput.Pack,
// PIPS.Pack) of the endpoint-days that no call can reach any more, with
// a day to spare: every call b takes from now on is received after at
// (the last one walked; an earlier one is late), so on at's day or
// later, and the days before the day before it are finished. A book read
// in time order then holds its finished days packed, about a byte per
// second with traffic instead of four, while it reads the rest (a day's
// late endpoint-day merged in, as Absorb may, just unpacks it again). It
// looks up each endpoint's newly settled days, never every day again.
func (b *Book) packSettled(at int64) {
	p := b.bnd
	d := b.cfg.Calendar.DateOf(time.Unix(0, at)) - 1
	from := d
	if p.hasPacked {
		if d <= p.packedTo {
			return
		}
		from = p.packedTo
	} else if first, _, ok := b.Span(); ok {
		from = b.cfg.Calendar.DateOf(first)
	}
	for i := range b.days {
		ds := b.days[i]
		k, _ := slices.BinarySearchFunc(ds, from, cmpDay)
		for ; k < len(ds) && ds[k].date < d; k++ {
			ds[k].e.pack()
		}
	}
	p.packedTo, p.hasPacked = d, true
}

// cmp is the walk order of pending records: recordCmp, then the
// endpoint's name (the interface walk's order).
func (p *bound) cmp(x, y record) int {
	if c := recordCmp(x, y); c != 0 {
		return c
	}
	names := p.owner.names
	return strings.Compare(names[x.ep], names[y.ep])
}

// push adds r of endpoint index ep to the pending records, or counts it
// late; it does not walk.
func (p *bound) push(r record, ep int) {
	if p.fed && r.at <= p.lastFed {
		if p.late == 0 || r.id < p.firstLate {
			p.firstLate = r.id
		}
		p.late++
		return
	}
	r.ep = uint32(ep)
	p.pending = append(p.pending, r)
	if !p.hasMax || r.at > p.max {
		p.max, p.hasMax = r.at, true
	}
}

// add is Add's part: push, and walk the settled records when enough are
// pending.
func (p *bound) add(r record, ep int) {
	p.push(r, ep)
	if len(p.pending) >= p.flushAt {
		p.flush(false)
	}
}

// sort puts the pending records in walk order.
func (p *bound) sort() {
	tail := p.pending[p.sorted:]
	if len(tail) == 0 {
		return
	}
	p.scratch = sortRuns(tail, p.scratch, p.cmp)
	if p.sorted > 0 && p.cmp(p.pending[p.sorted-1], tail[0]) > 0 {
		// Merge the sorted head and tail through scratch.
		head := p.pending[:p.sorted]
		out := p.scratch[:0]
		i, j := 0, 0
		for i < len(head) && j < len(tail) {
			if p.cmp(tail[j], head[i]) < 0 {
				out = append(out, tail[j])
				j++
			} else {
				out = append(out, head[i])
				i++
			}
		}
		out = append(out, head[i:]...)
		out = append(out, tail[j:]...)
		p.pending, p.scratch = out, p.pending[:0]
	}
	p.sorted = len(p.pending)
}

// maxRuns is the most sorted runs sortRuns merges; past it, it sorts.
const maxRuns = 256

// sortRuns sorts xs by cmp, which must order by the instant (at) first
// (recordCmp does), and returns scratch, grown as needed. The
// records a book absorbs come as one sorted run per endpoint (each
// endpoint's records of a log in time order), so it merges the runs two
// by two, O(n log runs), where a sort would cost O(n log n) comparisons;
// with more than maxRuns runs (a log out of order) it sorts.
func sortRuns(xs, scratch []record, cmp func(x, y record) int) []record {
	var bounds [maxRuns + 1]int // bounds[k] is where run k starts
	runs := 1
	for i := 1; i < len(xs); i++ {
		if a, b := &xs[i-1], &xs[i]; a.at > b.at || a.at == b.at && cmp(*a, *b) > 0 {
			if runs == maxRuns {
				slices.SortFunc(xs, cmp)
				return scratch
			}
			bounds[runs] = i
			runs++
		}
	}
	if runs == 1 {
		return scratch
	}
	bounds[runs] = len(xs)
	scratch = slices.Grow(scratch[:0], len(xs))[:len(xs)]
	src, dst := xs, scratch
	for runs > 1 {
		k := 0
		for r := 0; r < runs; r += 2 {
			lo, mid := bounds[r], bounds[min(r+1, runs)]
			hi := bounds[min(r+2, runs)]
			i, j, o := lo, mid, lo
			for i < mid && j < hi {
				// recordCmp's first key inline: ties are rare.
				if a, b := &src[j], &src[i]; a.at < b.at || a.at == b.at && cmp(*a, *b) < 0 {
					dst[o] = src[j]
					j++
				} else {
					dst[o] = src[i]
					i++
				}
				o++
			}
			o += copy(dst[o:], src[i:mid])
			copy(dst[o:], src[j:hi])
			bounds[k] = lo
			k++
		}
		bounds[k] = len(xs)
		runs = k
		src, dst = dst, src
	}
	if &src[0] != &xs[0] {
		copy(xs, src)
	}
	return scratch
}

// flush walks the settled pending records (received more than d before
// the latest seen; all of them when all is true) and drops them.
func (p *bound) flush(all bool) {
	fed, lastFed := p.fed, p.lastFed
	if p.iface != nil {
		p.flushInOrder(all)
	} else {
		p.flushByEndpoint(all)
	}
	if p.fed && (!fed || p.lastFed != lastFed) && p.owner != nil {
		p.owner.packSettled(p.lastFed)
	}
	p.flushAt = max(p.least, 2*len(p.pending))
}

// settledBefore returns the instant before which records have settled,
// and false when none has.
func (p *bound) settledBefore() (int64, bool) {
	if p.max < math.MinInt64+p.d { // p.max - p.d would wrap
		return 0, false
	}
	return p.max - p.d, true
}

// flushInOrder is flush for an interface-wide walk, which takes every
// record in one order: the pending records are sorted (walk order) and
// the settled ones walked one after the other.
func (p *bound) flushInOrder(all bool) {
	p.sort()
	n := len(p.pending)
	if !all {
		n = 0
		if s, ok := p.settledBefore(); ok {
			n = sort.Search(len(p.pending), func(k int) bool { return p.pending[k].at >= s })
		}
	}
	for k := range p.pending[:n] {
		p.feed(&p.pending[k])
	}
	if n > 0 {
		p.fed, p.lastFed = true, p.pending[n-1].at
		m := copy(p.pending, p.pending[n:])
		clear(p.pending[m:]) // nothing to collect, but keep it tidy
		p.pending = p.pending[:m]
		p.sorted = m
	}
}

// parallelFeedMin is the fewest pending records flushByEndpoint walks on
// several goroutines.
const parallelFeedMin = 4096

// flushByEndpoint is flush when each endpoint is walked on its own calls
// (AV-SCOPE-1), so that only each endpoint's records need an order: the
// pending records are grouped by endpoint (a stable counting sort), each
// group is sorted (recordCmp; a group is the sorted rest of the last
// flush and a sorted run per book absorbed, which sortRuns merges in a
// pass or two), and its settled records are walked. The groups are
// independent: with the book's workers (SetWorkers) they are sorted and
// walked on that many goroutines, so that the walk of a bounded book,
// which runs as its input is absorbed, is not all on the one goroutine
// that absorbs. The walks, outages and refusals are those of flushInOrder
// (the same records settle: those before one instant), and so is the
// late check (lastFed is the latest settled instant); the records kept
// stay grouped, not in walk order (p.sorted is 0).
func (p *bound) flushByEndpoint(all bool) {
	s, settles := p.settledBefore()
	if !all && !settles {
		return
	}
	names := p.owner.names
	p.tables(len(names))
	rs := p.pending
	// Count each endpoint's records in p.count (zero between flushes: only
	// the endpoints with records are touched, so a flush costs its
	// records, not the book's endpoints, which may be a million).
	if n := len(names) - len(p.count); n > 0 {
		p.count = append(p.count, make([]int, n)...)
	}
	eps := p.eps[:0] // the endpoints with pending records
	for k := range rs {
		e := rs[k].ep
		if p.count[e] == 0 {
			eps = append(eps, int(e))
		}
		p.count[e]++
	}
	slices.Sort(eps) // the first refusal is the first endpoint's, whatever the pending order
	p.eps = eps
	// Group j is groups[p.starts[j]:p.starts[j+1]].
	p.starts = slices.Grow(p.starts[:0], len(eps)+1)[:len(eps)+1]
	pos := 0
	for j, e := range eps {
		p.starts[j] = pos
		pos += p.count[e]
		p.count[e] = p.starts[j] // now the next place of e's records
	}
	p.starts[len(eps)] = pos
	groups := rs // one endpoint: its records are the group, in place
	if len(eps) > 1 {
		p.byEp = slices.Grow(p.byEp[:0], len(rs))[:len(rs)] // the groups; rs is then their sorting scratch
		groups = p.byEp
		for k := range rs {
			e := rs[k].ep
			groups[p.count[e]] = rs[k]
			p.count[e]++
		}
	}
	for _, e := range eps {
		p.count[e] = 0
	}
	w := 1
	if p.owner != nil {
		w = p.owner.workers
	}
	if len(rs) < p.feedMin {
		w = 1
	}
	walked := make([]int, len(eps)) // by group: its records walked
	errs := make([]error, len(eps))
	parallelN(w, len(eps), func(j int) {
		i := eps[j]
		lo, hi := p.starts[j], p.starts[j+1]
		g := groups[lo:hi]
		if len(eps) == 1 {
			p.scratch = sortRuns(g, p.scratch, recordCmp)
		} else {
			sortRuns(g, rs[lo:hi:hi], recordCmp)
		}
		n := len(g)
		if !all {
			n = sort.Search(len(g), func(k int) bool { return g[k].at >= s })
		}
		if n == 0 {
			return
		}
		tr := p.trackers[i]
		if tr == nil {
			tr = availability.NewTracker(p.walk)
			p.trackers[i] = tr
		}
		name := names[i]
		call := kpi.Call{Endpoint: name} // one call, its record's fields set for each (setCall): not a new one zeroed and filled
		for k := range g[:n] {
			g[k].setCall(&call)
			if err := tr.Add(&call, g[k].id); err != nil && errs[j] == nil {
				errs[j] = fmt.Errorf("book: availability of %s: %w", name, err)
			}
		}
		found := tr.Outages(nil) // most groups have none: no allocation
		for k := range found {
			p.outs[i].add(&found[k], names, p.owner.ids) // the book's map, read only here
		}
		walked[j] = n
	})
	kept := 0 // the records not walked, group by group, to the front of pending
	for j := range eps {
		g := groups[p.starts[j]:p.starts[j+1]]
		if n := walked[j]; n > 0 {
			if !p.fed || g[n-1].at > p.lastFed {
				p.fed, p.lastFed = true, g[n-1].at
			}
		}
		kept += copy(p.pending[kept:], g[walked[j]:]) // in place for one group: copy moves forward
		if errs[j] != nil && p.err == nil {
			p.err = errs[j]
		}
	}
	clear(p.pending[kept:]) // nothing to collect, but keep it tidy
	p.pending = p.pending[:kept]
	p.sorted = 0
}

// tables extends the walks' tables (trackers, outs) to n endpoints,
// doubling their capacity as the book's own tables do (append grows a
// large slice by a quarter: a million endpoints copied them some 20
// times, a fifth of a flush's time).
func (p *bound) tables(n int) {
	if n <= len(p.trackers) {
		return
	}
	if n > cap(p.trackers) {
		p.trackers = slices.Grow(p.trackers, max(n, 2*cap(p.trackers))-len(p.trackers))
	}
	if n > cap(p.outs) {
		p.outs = slices.Grow(p.outs, max(n, 2*cap(p.outs))-len(p.outs))
	}
	old := len(p.trackers)
	p.trackers = p.trackers[:n]
	clear(p.trackers[old:])
	for len(p.outs) < n {
		p.outs = append(p.outs, outageList{})
	}
}

// feed walks one settled record.
func (p *bound) feed(r *record) {
	p.tables(int(r.ep) + 1)
	tr := p.step(r)
	p.found = tr.Outages(p.found[:0])
	p.keep(&p.outs[r.ep])
	if p.iface != nil {
		p.found = p.iface.Outages(p.found[:0])
		p.keep(&p.ifaceOuts)
	}
}

// step walks record r through its endpoint's walk (made on first use;
// p.trackers must hold r.ep) and the interface-wide walk, if any, keeping
// the first refusal; the caller collects the outages they finish.
func (p *bound) step(r *record) *availability.Tracker {
	name := p.owner.names[r.ep]
	tr := p.trackers[r.ep]
	if tr == nil {
		tr = availability.NewTracker(p.walk)
		p.trackers[r.ep] = tr
	}
	call := r.call(name)
	if err := tr.Add(&call, r.id); err != nil && p.err == nil {
		p.err = fmt.Errorf("book: availability of %s: %w", name, err)
	}
	if p.iface != nil {
		if err := p.iface.Add(&call, r.id); err != nil && p.err == nil {
			p.err = fmt.Errorf("book: availability of the interface: %w", err)
		}
	}
	return tr
}

// keep packs the outages found into l.
func (p *bound) keep(l *outageList) {
	if len(p.found) == 0 {
		return
	}
	names := p.owner.names
	for k := range p.found {
		l.add(&p.found[k], names, p.owner.ids)
	}
	clear(p.found) // their strings are names', but keep nothing
}

// clone returns a copy of p whose walks and records are its own, for the
// book owner (whose endpoint names are in the same order as p's).
func (p *bound) clone(owner *Book) *bound {
	c := *p
	c.bind(owner)
	c.hasPacked = false // owner's days are its own: packed from its first on
	c.byEp, c.starts, c.eps, c.count = nil, nil, nil, nil
	c.pending = slices.Clone(p.pending)
	c.scratch = nil
	c.trackers = make([]*availability.Tracker, len(p.trackers))
	c.outs = make([]outageList, len(p.outs))
	for i, tr := range p.trackers {
		if tr != nil {
			c.trackers[i] = tr.Clone()
		}
		c.outs[i] = p.outs[i].clone()
	}
	if p.iface != nil {
		c.iface = p.iface.Clone()
	}
	c.ifaceOuts = p.ifaceOuts.clone()
	c.found = nil
	return &c
}

// finish returns the outages of every endpoint (by index) and of the
// interface walk that p does not hold (p.outs, p.ifaceOuts): those its
// pending records give and those still open at asOf, from p's walks
// cloned, fed every pending record and finished at asOf. Each endpoint's
// outages are then p.outs[i]'s followed by eps[i] (appendOutages). p is
// unchanged but for its pending records' order and the capacity of its
// slices: the sort scratch is dropped and the pending records' spare
// capacity (what the largest piece absorbed left) released, for Close
// needs the memory more than a later flush.
func (p *bound) finish(n int, asOf time.Time) (eps [][]availability.Outage, iface []availability.Outage, err error) {
	p.sort()
	p.scratch = nil
	if cap(p.pending) > 2*len(p.pending) {
		// A new slice (slices.Clone of an empty one would keep the old
		// array's pointer, and so the array).
		p.pending = append([]record(nil), p.pending...)
	}
	// c's walks are p's cloned when first needed: by a pending record,
	// else to finish, one at a time (a log of raw paths has a million
	// walks, which held together cloned were 113 MB more at Close).
	c := *p
	c.trackers = make([]*availability.Tracker, len(p.trackers))
	c.found = nil
	walk := func(i int) *availability.Tracker {
		if c.trackers[i] == nil && i < len(p.trackers) && p.trackers[i] != nil {
			c.trackers[i] = p.trackers[i].Clone()
		}
		return c.trackers[i]
	}
	if p.iface != nil {
		c.iface = p.iface.Clone()
	}
	// c's walks give their outages here, not into p's lists.
	tail := make([][]availability.Outage, 0, len(p.trackers)) // feedTo extends it to the records' endpoints
	var ifaceTail []availability.Outage
	for k := range p.pending {
		r := &p.pending[k]
		if int(r.ep) < len(c.trackers) {
			walk(int(r.ep))
		}
		c.feedTo(r, &tail, &ifaceTail)
	}
	if c.err != nil {
		return nil, nil, c.err
	}
	eps = make([][]availability.Outage, n)
	for i := range min(n, len(c.trackers)) {
		if tr := walk(i); tr != nil {
			var more []availability.Outage
			if i < len(tail) {
				more = tail[i]
			}
			eps[i] = tr.Finish(asOf, more)
			c.trackers[i] = nil
		}
	}
	if c.iface != nil {
		iface = c.iface.Finish(asOf, ifaceTail)
	}
	return eps, iface, nil
}

// feedTo walks one record, as feed does, in a clone of the walks whose
// outages go to tail (by endpoint index) and ifaceTail, unpacked.
func (p *bound) feedTo(r *record, tail *[][]availability.Outage, ifaceTail *[]availability.Outage) {
	for len(p.trackers) <= int(r.ep) {
		p.trackers = append(p.trackers, nil)
	}
	for len(*tail) <= int(r.ep) {
		*tail = append(*tail, nil)
	}
	tr := p.step(r)
	(*tail)[r.ep] = tr.Outages((*tail)[r.ep])
	if p.iface != nil {
		*ifaceTail = p.iface.Outages(*ifaceTail)
	}
}
