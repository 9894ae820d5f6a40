package book

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"
	"unsafe"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/performance"
)

// Config is what a Book computes under: a regime's profile (its targets,
// catalogues, payment endpoints and availability options) and the
// calendar of the reporting day. It is a plain value; a Book keeps its own
// copy of the profile.
type Config struct {
	// Profile is the regime: Profile.Availability are the availability
	// rule and OPTIONs, Profile.PaymentEndpoints the endpoints whose calls
	// count for Max PIPS, Profile.Groups the catalogues the group targets
	// read. Change a profile with its own methods (WithTarget, Clone).
	Profile benchmark.Profile
	// Calendar says which local day a call belongs to (the profile's Zone
	// loaded by the caller, or another).
	Calendar kpi.Calendar
	// Performance are the Stats options of every endpoint-day (PF-THR-1
	// threshold, PF-PAGE-1 page size); the zero value is the DEFAULT.
	Performance performance.Options
	// Catalogue is the endpoint catalogue in force (Rule EP-1): each call's
	// endpoint is matched to a template and counted under the template's
	// ID; a call that matches none is outside the interface, counted in
	// no KPI and listed by its endpoint (Book.Outside, Result.Outside).
	// nil is Rule EP-2: every endpoint ID counts as written.
	Catalogue *kpi.Catalogue
	// Extras are the opt-in figures of other regimes (Extras; ExtrasFor
	// gives a profile's). The zero value adds nothing.
	Extras Extras
}

// Validate reports invalid availability options (the only ones that can
// make a Close fail) and invalid Performance options (which the
// endpoint-days' Stats, fed the checked calls, trust).
func (c *Config) Validate() error {
	return errors.Join(c.Profile.Availability.Validate(), c.Performance.Validate())
}

// same reports whether two configs give the same figures.
func (c *Config) same(o *Config) bool {
	return c.Profile.Name == o.Profile.Name && c.Profile.Availability == o.Profile.Availability &&
		slices.Equal(c.Profile.PaymentEndpoints, o.Profile.PaymentEndpoints) &&
		c.Calendar.Location().String() == o.Calendar.Location().String() &&
		c.Performance == o.Performance && c.Extras == o.Extras && sameCatalogue(c.Catalogue, o.Catalogue)
}

// sameCatalogue reports whether two catalogues hold the same templates.
func sameCatalogue(a, b *kpi.Catalogue) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a == b || slices.Equal(a.Templates(), b.Templates())
}

// ErrOutsideCatalogue is returned by Add for a call whose endpoint matches
// no template of the catalogue in force (Rule EP-1); such calls are counted
// by endpoint in Outside.
var ErrOutsideCatalogue = errors.New("book: endpoint outside the catalogue in force")

// ErrConfigDiffers is returned by Merge for books made with different
// configurations: their endpoint-days and clocks do not combine. It wraps
// kpi.ErrOptionsDiffer (errors.Is holds for both).
var ErrConfigDiffers = fmt.Errorf("book: merging books of different configurations: %w", kpi.ErrOptionsDiffer)

// ErrAsOfBeforeLastCall is returned by Close for an observation end
// before the last call's ReceivedAt.
var ErrAsOfBeforeLastCall = errors.New("book: asOf before the last call")

// ErrOutOfRange is returned by Add for a call whose ReceivedAt lies
// outside the years 1678 to 2262, which Unix nanoseconds cannot hold; such
// calls are counted in OutOfRange.
var ErrOutOfRange = errors.New("book: received_at outside the years 1678 to 2262")

// Book holds calls of any endpoints and days, in any order, and gives the
// daily figures, outages and benchmark findings of the whole when closed.
// A bank's program is: Add per call, Close, then Result.Findings.
//
// Add routes each call to its endpoint-day (EndpointDay, keyed by the
// endpoint ID and the local day of ReceivedAt in the Calendar) and keeps
// the 32-byte record the availability rules need (instant, TTLB, status,
// attribution and the caller's evidence ID), in any order. Merge adds
// another book's calls, from another goroutine or machine. Close walks
// each endpoint's records in time order through the availability rules
// and assembles the result; the book is unchanged and can take more calls
// and be closed again.
//
// Make a Book with New; the zero value is not usable. A Book is not safe
// for concurrent use: give each goroutine its own and Merge them.
// MarshalBinary and UnmarshalBinary carry its state (not its Config)
// between machines: decode into a Book made with New from the same Config,
// then Merge.
type Book struct {
	cfg      Config
	payments map[string]bool
	ids      map[string]int // endpoint ID -> index in names and recs
	names    []string
	recs     []records
	days     []epDays // by endpoint index: the days it had calls
	cursor   kpi.DayCursor

	calls       uint64
	first, last int64 // Unix ns of the earliest and latest ReceivedAt
	rejected    kpi.Rejections[kpi.Reason]
	outOfRange  uint64
	outside     kpi.EndpointCounts // calls outside the catalogue in force

	// The endpoint look-up cache (see lookup), and the endpoint-days of
	// the day of the previous call: logs come in runs of one day, and
	// interleave a few endpoints.
	epCache [epCacheSize]epSlot
	curSet  bool
	curDate kpi.Date
	curEps  []*EndpointDay // the endpoint-days of curDate by endpoint index, as found (nil: not yet looked up)
	// With extras: the start of curDate (Unix ns), and the endpoints'
	// RG-TIER-1 routes.
	curStart int64
	routes   map[string]performance.TierRoute
	// workers is the number of goroutines Close and a bounded book's walks use (SetWorkers).
	workers int
	// bnd is the disorder bound's state (SetDisorder); nil: no bound,
	// every record kept in recs until Close.
	bnd *bound
}

// New returns an empty Book for cfg. Invalid availability options are
// reported by Close (and by cfg.Validate up front).
func New(cfg Config) *Book {
	b := &Book{
		cfg:      cfg,
		payments: make(map[string]bool, len(cfg.Profile.PaymentEndpoints)),
		ids:      make(map[string]int),
		cursor:   cfg.Calendar.Cursor(),
	}
	b.cfg.Profile = cfg.Profile.Clone()
	if cfg.Extras.Tiers {
		b.routes = benchmark.TierRoutes(b.cfg.Profile)
	}
	for _, id := range cfg.Profile.PaymentEndpoints {
		b.payments[id] = true
	}
	return b
}

// Config returns the book's configuration.
func (b *Book) Config() Config { return b.cfg }

// Calls returns the number of calls counted.
func (b *Book) Calls() uint64 { return b.calls }

// Span returns the earliest and latest ReceivedAt counted; ok is false
// for a book with no call.
func (b *Book) Span() (first, last time.Time, ok bool) {
	if b.calls == 0 {
		return time.Time{}, time.Time{}, false
	}
	return time.Unix(0, b.first), time.Unix(0, b.last), true
}

// Rejections returns the calls Add refused as bad input, by reason.
func (b *Book) Rejections() kpi.Rejections[kpi.Reason] { return b.rejected }

// OutOfRange returns the number of calls refused with ErrOutOfRange.
func (b *Book) OutOfRange() uint64 { return b.outOfRange }

// Outside returns the calls refused with ErrOutsideCatalogue, by their
// endpoint as written, in byte order.
func (b *Book) Outside() []kpi.EndpointCount { return b.outside.Sorted() }

// Bounds of Unix seconds whose every nanosecond fits in an int64.
const (
	minUnixSec = -9223372036 + 1
	maxUnixSec = 9223372036 - 1
)

// Add counts one call. id is the caller's evidence ID of the call (a line
// number, a request ID's hash; AV-EVIDENCE-1): the outages name the calls
// that opened and closed them by it, and equal instants are walked by
// ascending id.
//
// A call failing kpi.Check is counted in Rejections and its kpi.Reason
// returned; one whose ReceivedAt Unix nanoseconds cannot hold is counted
// in OutOfRange and ErrOutOfRange returned; with a catalogue in force, one
// whose endpoint matches no template is counted in Outside and
// ErrOutsideCatalogue returned (Rule EP-1), and a matched call is counted
// under the template's ID (the catalogue's spelling). The call is checked once: each
// accumulator of its EndpointDay gets the checked call. Add allocates only
// for an endpoint or day it has not seen and as records fill a new chunk.
func (b *Book) Add(c *kpi.Call, id int64) error {
	if r := kpi.Check(c); r != kpi.OK {
		b.rejected.Add(r)
		return r
	}
	if s := c.ReceivedAt.Unix(); s < minUnixSec || s > maxUnixSec {
		b.outOfRange++
		return ErrOutOfRange
	}
	i, ok := b.lookup(c.Endpoint)
	if !ok {
		b.outside.Add(c.Endpoint, 1)
		return ErrOutsideCatalogue
	}
	at := c.ReceivedAt.UnixNano()
	d := b.cursor.DateOf(c.ReceivedAt)
	if !b.curSet || d != b.curDate {
		// A new day: the cache of its endpoint-days by endpoint index
		// starts empty (capacity kept) and fills from the book's maps.
		b.curSet, b.curDate = true, d
		clear(b.curEps)
		if b.cfg.Extras.Any() {
			b.curStart = b.cfg.Calendar.Start(d).UnixNano()
		}
	}
	var e *EndpointDay
	if i < len(b.curEps) {
		e = b.curEps[i]
	}
	if e == nil {
		e = b.endpointDay(d, i)
		for len(b.curEps) <= i {
			b.curEps = append(b.curEps, nil)
		}
		b.curEps[i] = e
	}
	k := c.Class()
	if err := e.addChecked(c, k); err != nil {
		return err // unreachable within the years above; kept for safety
	}
	if b.cfg.Extras.Any() {
		// The extras' own refusals (a minute or hour slot out of range)
		// cannot happen for a call placed in its own day; they would be
		// counted by the extras.
		_ = e.addExtras(c, time.Duration(at-b.curStart))
	}
	if r := (record{at: at, ttlb: int64(c.TTLB), id: id, status: uint16(c.Status), notAttr: c.NotAttributable}); b.bnd == nil {
		b.recs[i].add(r)
	} else {
		b.bnd.add(r, i)
	}
	if b.calls == 0 || at < b.first {
		b.first = at
	}
	if b.calls == 0 || at > b.last {
		b.last = at
	}
	b.calls++
	return nil
}

// The endpoint look-up cache has epCacheSize = 2^epCacheBits sets of
// epCacheWays slots. (One way of 64 slots lost about a quarter of the
// perfsuite's 40 endpoints to collisions, each miss a map look-up:
// 256 slots in 2 ways keep them all.)
const (
	epCacheBits = 7
	epCacheWays = 2
	epCacheSize = epCacheWays << epCacheBits
)

// epSlot is one slot of the endpoint look-up cache: an endpoint string as
// a caller gave it, and its endpoint's index.
type epSlot struct {
	s   string
	idx int
}

// lookup returns the index of the endpoint of a call whose endpoint is
// written name (the catalogue's template ID with a catalogue in force,
// adding it when new); false when name matches no template.
//
// A caller that hands the same string for the same endpoint (an interned
// one, as the report's reader and most parsers do) finds it in a small
// cache whose set is picked by the string's address, without hashing
// it or matching it against the catalogue. A slot hits when it holds a
// string at the same address and the strings compare equal (which returns
// at once for the same address, and stays right for a string whose bytes
// were reused: one made with unsafe from a buffer). Other strings take the
// map (and the catalogue), as before, and enter the set's first slot, its
// occupant moving to the second.
func (b *Book) lookup(name string) (int, bool) {
	var p *byte
	if len(name) > 0 {
		p = unsafe.StringData(name)
	}
	set := (*[epCacheWays]epSlot)(b.epCache[epCacheWays*int((uint64(uintptr(unsafe.Pointer(p)))>>3)*0x9E3779B97F4A7C15>>(64-epCacheBits)):])
	if p != nil {
		if s := set[0].s; unsafe.StringData(s) == p && s == name {
			return set[0].idx, true
		}
		if s := set[1].s; unsafe.StringData(s) == p && s == name {
			return set[1].idx, true
		}
	}
	id := name
	if b.cfg.Catalogue != nil {
		m, ok := b.cfg.Catalogue.Match(name)
		if !ok {
			return 0, false
		}
		id = m
	}
	i := b.endpoint(id)
	if p != nil {
		set[1], set[0] = set[0], epSlot{name, i}
	}
	return i, true
}

// endpoint returns the index of the endpoint ID, adding it when new.
func (b *Book) endpoint(id string) int {
	if i, ok := b.ids[id]; ok {
		return i
	}
	i := len(b.names)
	if i == cap(b.names) || i == cap(b.recs) || i == cap(b.days) {
		// Doubled, not grown by append's quarter past a few hundred: a
		// log of a million endpoints copied these tables some 20 times.
		n := max(i, 8)
		b.names, b.recs, b.days = slices.Grow(b.names, n), slices.Grow(b.recs, n), slices.Grow(b.days, n)
	}
	b.names = append(b.names, id)
	b.ids[id] = i
	b.recs = append(b.recs, records{})
	b.days = append(b.days, nil)
	return i
}

// endpointDay returns the endpoint-day of endpoint index i on d, making it
// when new.
func (b *Book) endpointDay(d kpi.Date, i int) *EndpointDay {
	e := b.days[i].get(d)
	if e == nil {
		e = newEndpointDay(b.cfg.Performance, b.payments[b.names[i]])
		if b.cfg.Extras.Any() {
			e.Enable(b.cfg.Extras)
			e.Route = b.routes[b.names[i]]
		}
		b.setDay(d, i, e)
	}
	return e
}

// setDay keeps e as endpoint index i's state on d. The book keeps, per
// endpoint, only the days it had calls, so that an endpoint-day costs the
// same whatever the number of endpoints.
func (b *Book) setDay(d kpi.Date, i int, e *EndpointDay) {
	b.days[i].set(d, e)
}

// epDays are the endpoint-days of one endpoint, by date: a sorted slice,
// not a map, so that an endpoint of one day costs one 16-byte entry (a
// map cost about 250 bytes, which a million endpoints of one call each
// felt). Logs come a day at a time, so set appends, and get looks from
// the end.
type epDays []dayState

// dayState is one endpoint-day of an endpoint.
type dayState struct {
	date kpi.Date
	e    *EndpointDay
}

// get returns the endpoint-day of d, nil when none.
func (ds epDays) get(d kpi.Date) *EndpointDay {
	if n := len(ds); n > 0 && ds[n-1].date == d {
		return ds[n-1].e
	}
	if k, ok := slices.BinarySearchFunc(ds, d, cmpDay); ok {
		return ds[k].e
	}
	return nil
}

// set keeps e as the endpoint-day of d.
func (ds *epDays) set(d kpi.Date, e *EndpointDay) {
	if n := len(*ds); n == 0 || (*ds)[n-1].date < d {
		if n == 0 {
			*ds = make(epDays, 0, 1) // most endpoints of a large log have one day
		}
		*ds = append(*ds, dayState{d, e})
		return
	}
	k, ok := slices.BinarySearchFunc(*ds, d, cmpDay)
	if ok {
		(*ds)[k].e = e
		return
	}
	*ds = slices.Insert(*ds, k, dayState{d, e})
}

func cmpDay(x dayState, d kpi.Date) int { return cmp.Compare(x.date, d) }

// dayKey is an endpoint-day: its local day and its endpoint's index.
type dayKey struct {
	date kpi.Date
	ep   int
}

// dayKeys returns b's endpoint-days, by date then endpoint index.
func (b *Book) dayKeys() []dayKey {
	var keys []dayKey
	for i, ds := range b.days {
		for _, x := range ds {
			keys = append(keys, dayKey{x.date, i})
		}
	}
	slices.SortFunc(keys, func(x, y dayKey) int {
		if c := cmp.Compare(x.date, y.date); c != 0 {
			return c
		}
		return cmp.Compare(x.ep, y.ep)
	})
	return keys
}

// EndpointDay returns the state of endpoint on local day d, or nil when it
// had no call that day. The state belongs to the book: read it, do not
// change it.
func (b *Book) EndpointDay(d kpi.Date, endpoint string) *EndpointDay {
	i, ok := b.ids[endpoint]
	if !ok {
		return nil
	}
	return b.days[i].get(d)
}

// Merge adds o's calls to b; o is unchanged. It is associative and
// commutative, and an empty book is its identity: Close gives the same
// result whatever the split of the calls into books and the order of the
// merges. Books of different configurations return ErrConfigDiffers and
// leave b unchanged.
//
// A bounded book (SetDisorder) merges only in some cases (see
// SetDisorder); in the others Merge returns ErrBoundedMerge and leaves b
// unchanged.
func (b *Book) Merge(o *Book) error {
	if o == nil {
		return nil
	}
	if !b.cfg.same(&o.cfg) {
		return ErrConfigDiffers
	}
	if !b.countsFit(o) {
		return kpi.ErrMergeOverflow
	}
	if done, err := b.mergeBounded(o, false); done || err != nil {
		return err
	}
	idx := make([]int, len(o.names))
	for oi, name := range o.names {
		i := b.endpoint(name)
		idx[oi] = i
		b.recs[i].merge(&o.recs[oi])
	}
	return b.mergeRest(o, false, idx)
}

// empty reports whether b holds nothing Merge would combine: no call,
// no refusal, no late call.
func (b *Book) empty() bool {
	return b.calls == 0 && b.outOfRange == 0 && b.rejected == (kpi.Rejections[kpi.Reason]{}) && len(b.outside.Sorted()) == 0 &&
		len(b.names) == 0 && (b.bnd == nil || (b.bnd.late == 0 && !b.bnd.fed))
}

// mergeBounded merges o's records into b when either is bounded (done
// true), and then the rest of o; with move, o's records are not copied
// where they can move. It changes nothing when it fails.
func (b *Book) mergeBounded(o *Book, move bool) (done bool, err error) {
	if b.bnd == nil && o.bnd == nil {
		return false, nil
	}
	if o.bnd != nil && o.bnd.fed {
		// o has walked calls: b must be empty, and becomes o.
		if !b.empty() {
			return true, ErrBoundedMerge
		}
		idx := make([]int, len(o.names))
		for oi, name := range o.names {
			idx[oi] = b.endpoint(name)
		}
		if move {
			b.bnd, o.bnd = o.bnd, nil
			b.bnd.bind(b)
		} else {
			b.bnd = o.bnd.clone(b)
		}
		return true, b.mergeRest(o, move, idx)
	}
	// o has walked nothing: its records join b's, as if added.
	idx := make([]int, len(o.names))
	for oi, name := range o.names {
		idx[oi] = b.endpoint(name)
	}
	switch {
	case b.bnd == nil && move: // o's pending records, into b's records
		for _, r := range o.bnd.pending {
			b.recs[idx[r.ep]].add(r)
		}
	case b.bnd == nil:
		for _, r := range o.bnd.pending {
			b.recs[idx[r.ep]].add(r)
		}
	case o.bnd == nil:
		n := 0
		for oi := range o.recs {
			n += o.recs[oi].n
		}
		// One growth for o's records, not append's quarter at a time (each
		// a copy of every pending record: a tenth of a bounded absorb).
		b.bnd.pending = slices.Grow(b.bnd.pending, n)
		for oi := range o.recs {
			for _, ch := range o.recs[oi].chunks {
				for _, r := range ch {
					b.bnd.push(r, idx[oi])
				}
			}
		}
	default:
		for _, r := range o.bnd.pending {
			b.bnd.push(r, idx[r.ep])
		}
	}
	if o.bnd != nil && o.bnd.late > 0 {
		if b.bnd == nil {
			b.bnd = b.newBound(o.bnd.d)
			for i := range b.recs { // keep the records where they are: move them to pending
				for _, ch := range b.recs[i].chunks {
					for _, r := range ch {
						b.bnd.push(r, i)
					}
				}
				b.recs[i] = records{}
			}
		}
		if b.bnd.late == 0 || o.bnd.firstLate < b.bnd.firstLate {
			b.bnd.firstLate = o.bnd.firstLate
		}
		b.bnd.late += o.bnd.late
	}
	if b.bnd != nil && len(b.bnd.pending) >= b.bnd.flushAt {
		b.bnd.flush(false)
	}
	return true, b.mergeRest(o, move, idx)
}

// Absorb is Merge, then o is Reset: o's availability records, and its
// endpoint-days that b does not have, move to b instead of being copied
// (no allocation, no copy of the 32 bytes a call keeps), which is what a
// program merging the books of its goroutines wants. Books of different configurations return ErrConfigDiffers and
// leave both unchanged, and so do books whose call counts would pass
// 2^64 − 1 (kpi.ErrMergeOverflow). On another error (see Merge) o is Reset all the
// same, and b holds o's records and part of its endpoint-days. A book
// absorbed into itself is unchanged.
func (b *Book) Absorb(o *Book) error {
	if o == b {
		return nil // b's calls are already b's; Merge would double them
	}
	if !b.cfg.same(&o.cfg) {
		return ErrConfigDiffers
	}
	if !b.countsFit(o) {
		return kpi.ErrMergeOverflow
	}
	d := o.Disorder()
	if done, err := b.mergeBounded(o, true); done {
		if !errors.Is(err, ErrBoundedMerge) {
			o.Reset()
			if o.bnd == nil && d > 0 { // its bound moved to b with its walks: Reset keeps the setting
				_ = o.SetDisorder(d) // an empty book takes any bound
			}
		}
		return err
	}
	idx := make([]int, len(o.names))
	for oi, name := range o.names {
		i := b.endpoint(name)
		idx[oi] = i
		b.recs[i].take(&o.recs[oi])
	}
	err := b.mergeRest(o, true, idx)
	o.Reset()
	return err
}

// countsFit reports whether b's call and out-of-range counts can take
// o's without passing 2^64 − 1 (checked before anything changes; the
// endpoint-days check their own sums as they merge).
func (b *Book) countsFit(o *Book) bool {
	return b.calls <= math.MaxUint64-o.calls && b.outOfRange <= math.MaxUint64-o.outOfRange
}

// mergeRest adds all of o but its records to b. With take (Absorb: o is
// Reset next), an endpoint-day b does not have is moved from o instead of
// merged into a new one: the same state (Merge into an empty
// endpoint-day is exact), without the copy of its tables, on the
// goroutine that merges the books of the others (the first book absorbed
// into an empty one moves all of its days).
//
// idx[oi] is the index in b of o's endpoint oi (the callers have added
// them all): no second look-up of each name.
func (b *Book) mergeRest(o *Book, take bool, idx []int) error {
	for oi, ds := range o.days {
		i := idx[oi]
		for _, x := range ds {
			d, e := x.date, x.e
			if take && b.days[i].get(d) == nil {
				// Its ranks packed: the day's other parts merge into them
				// packed, and the day never holds them as tables (the
				// report's -format uk-mi on 10 M rows, three medians a
				// call: 434 MiB of RSS taken as tables, 232 MiB packed).
				e.packRanks()
				b.setDay(d, i, e)
				continue
			}
			if err := b.endpointDay(d, i).Merge(e); err != nil {
				return fmt.Errorf("book: merging %s on %s: %w", o.names[oi], d, err)
			}
		}
	}
	if o.calls > 0 {
		if b.calls == 0 || o.first < b.first {
			b.first = o.first
		}
		if b.calls == 0 || o.last > b.last {
			b.last = o.last
		}
	}
	b.calls += o.calls
	b.outOfRange += o.outOfRange
	if err := b.outside.Merge(&o.outside); err != nil {
		return err
	}
	return b.rejected.Merge(&o.rejected)
}

// Reset empties b, keeping its configuration and workers.
func (b *Book) Reset() {
	w, d := b.workers, b.Disorder()
	*b = *New(b.cfg)
	b.workers = w
	if d > 0 {
		b.bnd = b.newBound(int64(d))
	}
}

// SetWorkers sets the number of goroutines Close uses: the endpoints'
// availability walks and the days' rows are independent, and Close does
// them on up to n goroutines at once; so does a bounded book
// (SetDisorder) with the walks of the calls that settle as it takes
// them, once a few thousand have (not under an interface-wide
// AV-CONSEC walk, which is one walk of every call). n <= 1, the default,
// does all on the caller's goroutine. The result is the same for any n.
// Books that are merged keep their own setting.
func (b *Book) SetWorkers(n int) { b.workers = n }
