package main

import (
	"cmp"
	bin "encoding/binary"
	"fmt"
	"hash/maphash"
	"slices"
	"sort"
	"unsafe"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

// The input checks: what a report must say before any verdict when the
// input looks wrong (they never change a figure or the exit status). Text
// output prints them in an "Input checks" section before the tables; JSON
// in "warnings"; with -format csv they go to stderr.
//
//   - outside-catalogue (Rule EP-1): calls whose endpoint matches no
//     template of the catalogue in force, by endpoint, with their counts;
//     they are in no figure.
//   - not-in-profile-catalogue (Rule EP-2, no catalogue in force):
//     endpoints the profile's catalogue does not contain, with their
//     counts; they count as written, but in no group of the profile (raw
//     paths such as GET /accounts/ACC1 are the usual cause: try
//     -catalogue profile).
//   - unknown-endpoint: a -planned or -monitoring window, or a
//     -payment-endpoints item, names an endpoint that no call used and no
//     catalogue contains (a misspelling gives a phantom endpoint its own
//     downtime).
//   - duplicate-rows: rows equal in every field to an earlier row (the
//     same file twice, overlapping log rotations); they are still counted.
//   - input-disorder: the input was more out of order than -disorder
//     allows (a call received more than the bound before a row read
//     earlier), so it was read a second time with every call in memory;
//     the figures are exact, the run took two passes.
//   - unobserved-days (Rule AV-EVIDENCE-2): days on which the interface
//     received no call and no monitoring outage covers; their uptime is
//     judged NO DATA.

// warning is one input check that found something.
type warning struct {
	Kind    string
	Message string
	Counts  []kpi.EndpointCount // endpoints with their calls, where the check lists them
	Names   []string            // endpoints or dates, where the check lists them
}

// callHasher hashes the fields of a parsed row, so that exact duplicates
// can be counted in 8 bytes a row (a 64-bit hash: two different rows
// collide with probability about n²/2^65, under 10^-5 for 10^7 rows).
//
// The endpoint and the TPP enter as their own 64-bit hashes, kept in a
// small cache by the strings' addresses (the readers intern them: a row
// repeats one of a few strings), so that a row is hashed in one pass over
// a fixed buffer of its numbers, not copied with its strings first. Two
// rows that differ only in strings of equal hashes collide besides: about
// 2^-64 for each pair of distinct strings.
type callHasher struct {
	seed  maphash.Seed
	buf   [hashedBytes]byte
	cache [1 << hashCacheBits]strHash
}

// The bytes callHasher hashes: received_at, status, ttfb, ttlb,
// response_bytes, records, the endpoint's and the TPP's hashes (8 bytes
// each), and a byte of flags.
const hashedBytes = 8*8 + 1

const hashCacheBits = 6

// strHash is a string and its hash, in callHasher's cache.
type strHash struct {
	s  string
	h  uint64
	ok bool
}

func (h *callHasher) sum(c *kpi.Call) uint64 {
	b := &h.buf
	bin.LittleEndian.PutUint64(b[0:], uint64(c.ReceivedAt.UnixNano()))
	bin.LittleEndian.PutUint64(b[8:], uint64(c.Status))
	bin.LittleEndian.PutUint64(b[16:], uint64(c.TTFB))
	bin.LittleEndian.PutUint64(b[24:], uint64(c.TTLB))
	bin.LittleEndian.PutUint64(b[32:], uint64(c.ResponseBytes))
	bin.LittleEndian.PutUint64(b[40:], uint64(c.Records))
	bin.LittleEndian.PutUint64(b[48:], h.str(c.Endpoint))
	bin.LittleEndian.PutUint64(b[56:], h.str(c.TPP))
	var flags byte
	if !c.HasTTFB {
		flags |= 1
	}
	if c.NotAttributable {
		flags |= 2
	}
	if c.Rejected {
		flags |= 4
	}
	b[64] = flags
	return maphash.Bytes(h.seed, b[:])
}

// str returns maphash.String(h.seed, s), from the cache when s was hashed
// before (its slot is chosen by its address; the strings are compared,
// which is immediate for the same address, so a string whose bytes differ
// is never given another's hash).
func (h *callHasher) str(s string) uint64 {
	var p uintptr
	if len(s) > 0 {
		p = uintptr(unsafe.Pointer(unsafe.StringData(s)))
	}
	e := &h.cache[uint64(p>>3)*0x9E3779B97F4A7C15>>(64-hashCacheBits)]
	if e.ok && e.s == s {
		return e.h
	}
	*e = strHash{s, maphash.String(h.seed, s), true}
	return e.h
}

// hashList collects row hashes in chunks of hashChunk: growing one slice
// would allocate about five times its final size (Go grows large slices
// by a quarter), 40 MB for a million rows instead of 8.
type hashList struct {
	chunks [][]uint64
	n      int
}

const hashChunk = 8192

func (h *hashList) add(x uint64) {
	k := len(h.chunks) - 1
	if k < 0 || len(h.chunks[k]) == hashChunk {
		h.chunks = append(h.chunks, make([]uint64, 0, hashChunk))
		k++
	}
	h.chunks[k] = append(h.chunks[k], x)
	h.n++
}

// sorted returns the hashes in ascending order and empties h: a
// least-significant-digit radix sort, four passes of 16 bits, the first
// reading the chunks (linear: the hashes of 1,000,000 rows sort in a few
// milliseconds, about a tenth of slices.Sort's time); fewer than 4,096
// hashes take slices.Sort.
func (h *hashList) sorted() []uint64 {
	defer func() { *h = hashList{} }()
	if h.n < 1<<12 {
		out := make([]uint64, 0, h.n)
		for _, ch := range h.chunks {
			out = append(out, ch...)
		}
		slices.Sort(out)
		return out
	}
	a, b := make([]uint64, h.n), make([]uint64, h.n)
	var count [1 << 16]int
	// The first pass scatters from the chunks into a.
	for _, ch := range h.chunks {
		for _, x := range ch {
			count[x&0xFFFF]++
		}
	}
	prefix(&count)
	for _, ch := range h.chunks {
		for _, x := range ch {
			d := x & 0xFFFF
			a[count[d]] = x
			count[d]++
		}
	}
	src, dst := a, b
	for shift := 16; shift < 64; shift += 16 {
		clear(count[:])
		for _, x := range src {
			count[x>>shift&0xFFFF]++
		}
		prefix(&count)
		for _, x := range src {
			d := x >> shift & 0xFFFF
			dst[count[d]] = x
			count[d]++
		}
		src, dst = dst, src
	}
	return src
}

// prefix turns counts into the start of each digit's run.
func prefix(count *[1 << 16]int) {
	sum := 0
	for i, c := range count {
		count[i] = sum
		sum += c
	}
}

// duplicates counts the hashes equal to an earlier one, over runs each
// sorted (sortHashes). Up to mergeWays runs (an input read on every core
// gives one a core) are walked together in merge order, counting equal
// neighbours without building the merge: on the main goroutine after the
// parallel reading, building it cost an allocation of every hash and
// about a tenth of a 2-core run's time. More runs are merged two by two,
// then equal neighbours counted.
func duplicates(runs [][]uint64) int {
	runs = slices.DeleteFunc(slices.Clone(runs), func(r []uint64) bool { return len(r) == 0 })
	if len(runs) <= mergeWays {
		n, last := 0, uint64(0)
		for seen := false; len(runs) > 0; seen = true {
			m := 0
			for i := 1; i < len(runs); i++ {
				if runs[i][0] < runs[m][0] {
					m = i
				}
			}
			// Run m's head is the smallest: take it and every next value
			// of run m up to the other runs' smallest head.
			bound := ^uint64(0)
			for i := range runs {
				if i != m && runs[i][0] < bound {
					bound = runs[i][0]
				}
			}
			r := runs[m]
			j := 0
			for ; j < len(r) && r[j] <= bound; j++ {
				if seen && r[j] == last {
					n++
				}
				last, seen = r[j], true
			}
			if runs[m] = r[j:]; len(runs[m]) == 0 {
				runs = slices.Delete(runs, m, m+1)
			}
		}
		return n
	}
	for len(runs) > 1 {
		next := runs[:0]
		for i := 0; i < len(runs); i += 2 {
			if i+1 == len(runs) {
				next = append(next, runs[i])
				break
			}
			next = append(next, mergeSorted(runs[i], runs[i+1]))
		}
		runs = next
	}
	n := 0
	for _, hashes := range runs {
		for i := 1; i < len(hashes); i++ {
			if hashes[i] == hashes[i-1] {
				n++
			}
		}
	}
	return n
}

// mergeWays is the most runs duplicates walks together.
const mergeWays = 16

// mergeSorted returns the sorted merge of sorted a and b.
func mergeSorted(a, b []uint64) []uint64 {
	out := make([]uint64, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if a[i] <= b[j] {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// checks runs the input checks on a built report.
func (r *report) checks() []warning {
	var ws []warning
	res := r.res
	if res == nil {
		return nil
	}
	if r.disorderNote != "" {
		ws = append(ws, warning{Kind: "input-disorder", Message: r.disorderNote})
	}
	if len(res.Outside) > 0 {
		var n uint64
		for _, c := range res.Outside {
			n += c.Calls
		}
		ws = append(ws, warning{Kind: "outside-catalogue", Counts: res.Outside,
			Message: fmt.Sprintf("%d call(s) on %d endpoint(s) outside the catalogue in force (EP-1): left out of every figure", n, len(res.Outside))})
	}
	var used kpi.EndpointCounts // calls by endpoint, as counted
	for i := range res.Rows {
		if rw := &res.Rows[i]; !rw.Interface && rw.Calls > 0 {
			used.Add(rw.Endpoint, rw.Calls)
		}
	}
	// A profile without groups (platform) has no endpoint catalogue: its
	// payment list says which calls count for Max PIPS, not which
	// endpoints the interface has.
	profileCat := r.cfg.regimeCatalogue
	if r.cfg.Catalogue == nil && profileCat != nil {
		if out := profileCat.Unlisted(&used); len(out) > 0 {
			ws = append(ws, warning{Kind: "not-in-profile-catalogue", Counts: out,
				Message: fmt.Sprintf("%d endpoint(s) not in the %s profile's catalogue (EP-2): counted as written, in no group (raw paths? try -catalogue profile)", len(out), r.cfg.Profile.Name)})
		}
	}
	known := func(id string) bool {
		return used.Get(id) > 0 || (profileCat != nil && profileCat.Contains(id)) || (r.cfg.Catalogue != nil && r.cfg.Catalogue.Contains(id))
	}
	var unknown []string
	for _, src := range []struct {
		what string
		ws   []availability.Window
	}{{"-planned", r.planned}, {"-monitoring", r.monitoring}} {
		for _, w := range src.ws {
			if w.Endpoint != "" && !known(w.Endpoint) {
				unknown = append(unknown, src.what+" window on "+daily.IDText(w.Endpoint))
			}
		}
	}
	for _, id := range r.cfg.payments { // the items given, not the profile's own list
		if !known(id) {
			unknown = append(unknown, "-payment-endpoints item "+daily.IDText(id))
		}
	}
	if len(unknown) > 0 {
		ws = append(ws, warning{Kind: "unknown-endpoint", Names: unknown,
			Message: fmt.Sprintf("%d endpoint(s) named in a side input that no call used and no catalogue contains (misspelt?)", len(unknown))})
	}
	if n := r.duplicates; n > 0 {
		ws = append(ws, warning{Kind: "duplicate-rows",
			Message: fmt.Sprintf("%d row(s) equal in every field to an earlier row (the same file twice? overlapping log rotations?): still counted", n)})
	}
	var runs []string // runs of consecutive unobserved days
	n := 0
	days := res.Days("")
	for i := 0; i < len(days); i++ {
		if days[i].Observed() || days[i].Length == 0 { // a skipped date is no day to observe
			continue
		}
		j := i
		for j+1 < len(days) && !days[j+1].Observed() && days[j+1].Length > 0 {
			j++
		}
		run := days[i].Date.String()
		if j > i {
			run += " to " + days[j].Date.String()
		}
		runs = append(runs, run)
		n += j - i + 1
		i = j
	}
	if n > 0 {
		ws = append(ws, warning{Kind: "unobserved-days", Names: runs,
			Message: fmt.Sprintf("%d day(s) with no call and no monitoring outage (AV-EVIDENCE-2): their uptime is judged NO DATA, never PASS", n)})
	}
	return ws
}

// dupKey is a row for the duplicate-rows check under a disorder bound:
// its ReceivedAt (Unix ns), its hash and its evidence ID.
type dupKey struct {
	at int64
	h  uint64
	id int64
}

// dupWindow counts duplicate rows under a disorder bound in the memory
// of the bound's window: equal rows have equal instants, so the rows
// received more than d before the latest seen are settled (sorted, their
// equal neighbours counted, then dropped); a row received at or before a
// settled one (later than the bound) is late, and the input is read
// again without the bound (readAll). The count is that of duplicates on
// every row.
type dupWindow struct {
	d       int64
	pending []dupKey // sorted by dupCmp
	scratch []dupKey
	flushAt int
	max     int64 // the latest instant seen
	hasMax  bool
	fed     bool
	lastFed int64

	late      uint64
	firstLate int64 // the smallest evidence ID of a late row
	dups      int
}

// dupFlushMin is the fewest pending rows before a flush.
const dupFlushMin = 1 << 14

// add takes a part's keys, sorted by dupCmp (its reader sorts them:
// sortKeys; keys out of order are sorted here). The pending keys stay
// sorted: the part's are merged with them, linear in both.
func (w *dupWindow) add(keys []dupKey) {
	if !slices.IsSortedFunc(keys, dupCmp) {
		slices.SortFunc(keys, dupCmp)
	}
	n := len(w.pending)
	w.pending = slices.Grow(w.pending, len(keys)) // one growth for the part, not append's quarter at a time
	for _, k := range keys {
		if w.fed && k.at <= w.lastFed {
			if w.late == 0 || k.id < w.firstLate {
				w.firstLate = k.id
			}
			w.late++
			continue
		}
		if !w.hasMax || k.at > w.max {
			w.max, w.hasMax = k.at, true
		}
		w.pending = append(w.pending, k)
	}
	if head, tail := w.pending[:n], w.pending[n:]; n > 0 && len(tail) > 0 && dupCmp(head[n-1], tail[0]) > 0 {
		out := slices.Grow(w.scratch[:0], len(w.pending))
		i, j := 0, 0
		for i < len(head) && j < len(tail) {
			if dupCmp(tail[j], head[i]) < 0 {
				out = append(out, tail[j])
				j++
			} else {
				out = append(out, head[i])
				i++
			}
		}
		out = append(append(out, head[i:]...), tail[j:]...)
		w.pending, w.scratch = out, w.pending[:0]
	}
	if len(w.pending) >= max(w.flushAt, dupFlushMin) {
		w.flush(false)
	}
}

// dupCmp orders keys by instant, then hash: equal rows are neighbours.
func dupCmp(a, b dupKey) int {
	if c := cmp.Compare(a.at, b.at); c != 0 {
		return c
	}
	return cmp.Compare(a.h, b.h)
}

// flush counts and drops the settled pending rows (all of them when all
// is true); the pending rows are sorted (add).
func (w *dupWindow) flush(all bool) {
	n := len(w.pending)
	if !all {
		s := w.max - w.d
		n = sort.Search(len(w.pending), func(k int) bool { return w.pending[k].at >= s })
	}
	for k := 1; k < n; k++ {
		if w.pending[k].at == w.pending[k-1].at && w.pending[k].h == w.pending[k-1].h {
			w.dups++
		}
	}
	if n > 0 {
		w.fed, w.lastFed = true, w.pending[n-1].at
		w.pending = w.pending[:copy(w.pending, w.pending[n:])]
	}
	w.flushAt = 2 * len(w.pending)
}

// finish counts the rows still pending and returns the duplicates.
func (w *dupWindow) finish() int {
	w.flush(true)
	return w.dups
}
