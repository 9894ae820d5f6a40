package performance

import (
	"encoding/binary"
	"iter"
	"math/bits"
	"slices"
	"unsafe"

	"github.com/openfinance-kpi/kpi"
)

// Ranks is an exact multiset of non-negative values (durations in
// nanoseconds, payload sizes in bytes): a count per distinct value. It
// answers any rank exactly (Rank), so it serves Rules RG-P95-2 (the
// nearest-rank p95, P95Rank) and RG-MEDIAN-1 (the lower median,
// LowerMedianRank) from one state: the answer is always one of the values
// added, never an interpolation or a bucket bound.
//
// # Memory
//
// A Ranks keeps one 16-byte slot (value, count) per distinct value in an
// open-addressing table that is at most three quarters full, so it
// retains between 16·4/3 ≈ 21.3 and 42.7 bytes per distinct value, plus
// a 72-byte header (RetainedBytes reports it). Its size depends on the
// number of DISTINCT values, not on the number of calls. A gateway log at
// millisecond resolution holds whole-millisecond TTLBs, so an
// endpoint-day whose slowest call took M ms holds at most M+1 distinct
// values, whatever its traffic: a day with a 60 s gateway timeout at
// most 60,001 slots (a table of 2^17 slots, 2 MiB, in the worst case
// where every millisecond from 0 to 60 s occurs). A simulated realistic
// day, 864,000 whole-millisecond TTLBs log-normal around 120 ms (σ 0.5)
// with a 0.1 % tail spread to 5 s, has 1,521 distinct values: a
// 2,048-slot table, 32,816 bytes. Keep such logs at their own resolution:
// values with nanosecond noise (a log written at nanosecond resolution)
// are exact too, but each distinct value takes a slot, up to one per call.
// Payload sizes in bytes are as distinct as the responses are; the
// same bound applies (at most one slot per call).
//
// Exactness does not depend on the resolution: the table keys on the
// value itself, so a value that is not a multiple of a millisecond is
// kept exactly as well; the resolution only bounds the memory.
//
// The zero value is an empty Ranks ready to use. It is not safe for
// concurrent use; give each goroutine its own and Merge. Copying a Ranks
// by assignment SHARES its table: copy with Clone and compare with Equal.
// Add does not allocate once the table has grown to the number of
// distinct values (it doubles, so Add allocates about log2(distinct)
// times in a Ranks' life); Reset keeps the table, so a Ranks reused day
// after day on similar traffic does not allocate. A Merge into a table
// allocates only to grow it; into a packed or empty Ranks, the runs it
// writes. Rank on a table sorts a copy of the distinct values and
// allocates it.
//
// Packed: Pack holds a finished day's Ranks in a few bytes a distinct
// value (the values in order, as varint differences): about 4 bytes for
// times in nanoseconds at microsecond resolution, where the table takes
// 21 to 43. A Merge into a packed or empty Ranks keeps it packed (the
// other's values sorted first when they are a table), so that a day
// merged from many parts (a log read in pieces) never holds a table. A
// packed Ranks reads as it did (Rank reads it in order, without sorting
// or allocating); Add unpacks it first.
type Ranks struct {
	slots []rankSlot // len is 0 or a power of two; a slot with n == 0 is empty
	used  int        // slots in use (distinct values); 0 when packed
	shift uint8      // 64 - log2(len(slots))
	n     uint64     // values counted
	// runs, when not empty, hold the values in place of slots: each a
	// packedRun, and a value may be in several. A Merge into a packed
	// Ranks adds the other's values as runs and merges the last two while
	// the last is at least half the one before, so that their sizes at
	// least halve from one to the next: at most log2 of the values of
	// them, and each value re-encoded at most that many times. Their bytes
	// are never changed once written (Clone shares them).
	runs []packedRun
}

// packedRun is a list of distinct values in ascending order, each as two
// uvarints: its difference from the value before (the first: from 0) and
// its count.
type packedRun struct {
	b    []byte
	used int // values in b
}

type rankSlot struct {
	v, n uint64 // value and its count (n == 0: empty)
}

const rankSlotBytes = int(unsafe.Sizeof(rankSlot{}))

// Add counts value v once. It does not allocate once the table holds
// room for v (see Memory).
func (r *Ranks) Add(v uint64) {
	if r.runs != nil {
		r.unpack()
	}
	r.addN(v, 1)
}

func (r *Ranks) addN(v, k uint64) {
	if 4*(r.used+1) > 3*len(r.slots) {
		r.grow()
	}
	mask := uint64(len(r.slots) - 1)
	i := (v * 0x9E3779B97F4A7C15) >> r.shift
	for {
		s := &r.slots[i]
		if s.n == 0 {
			s.v, s.n = v, k
			r.used++
			break
		}
		if s.v == v {
			s.n += k
			break
		}
		i = (i + 1) & mask
	}
	r.n += k
}

// grow doubles the table (or makes the first one, of 16 slots) and
// re-inserts every slot.
func (r *Ranks) grow() {
	old := r.slots
	size := 16
	if len(old) > 0 {
		size = 2 * len(old)
	}
	r.slots = make([]rankSlot, size)
	r.shift = uint8(64 - bits.TrailingZeros(uint(size)))
	r.used, r.n = 0, 0
	for _, s := range old {
		if s.n != 0 {
			r.addN(s.v, s.n)
		}
	}
}

// Merge adds the values of o into r, so that r reads as if it had been
// given the values of both. It is exact, associative and commutative, the
// empty Ranks is its identity, and it never changes o (r.Merge(r) doubles
// every count). Into a table r it allocates only to grow the table; a
// packed or empty r stays or becomes packed (see Pack), and it allocates
// the runs it writes. A nil o is empty.
// When the number of values would pass 2^64 − 1 it returns
// kpi.ErrMergeOverflow and r is unchanged (every count is at most N).
func (r *Ranks) Merge(o *Ranks) error {
	if o == nil {
		return nil
	}
	if _, c := bits.Add64(r.n, o.n, 0); c != 0 {
		return kpi.ErrMergeOverflow
	}
	if r.runs != nil || r.used == 0 {
		// Packed or empty: o's values join as runs (a table's sorted
		// first), and r stays (or becomes) packed with no table.
		add := slices.Clone(o.runs) // as it is before r changes (r may be o)
		if o.runs == nil {
			if o.used == 0 {
				return nil
			}
			add = []packedRun{packRun(o.Values())}
		}
		r.slots, r.shift, r.used = nil, 0, 0
		for _, run := range add {
			r.runs = append(r.runs, run)
			r.settle()
		}
		r.n += o.n
		return nil
	}
	if o.runs != nil { // in value order: scattered in r's table
		for v, k := range runValues(o.runs) {
			r.addN(v, k)
		}
		return nil
	}
	if r == o {
		for i := range r.slots {
			r.slots[i].n *= 2
		}
		r.n *= 2
		return nil
	}
	// o's slots are taken in a scattered order (a stride of mergeStride,
	// odd, visits each of a power of two once). In slot order the values
	// come in the order of their place in a table: a receiver smaller
	// than o, as an empty one is while it grows, took them all in its
	// first slots first, one run that each value probed to its end. A
	// million distinct values took 43 s to merge into an empty Ranks that
	// way, 40,787 ns a value (BenchmarkRanksMerge).
	mask := len(o.slots) - 1
	for k, i := 0, 0; k < len(o.slots); k, i = k+1, (i+mergeStride)&mask {
		if s := o.slots[i]; s.n != 0 {
			r.addN(s.v, s.n)
		}
	}
	return nil
}

// mergeStride is the stride Merge visits a table's slots at: odd, and
// far from any power of two, so that consecutive visits land far apart.
const mergeStride = 0x9E3779B9

// Reset empties r and keeps its table for reuse (a packed r has none).
// It does not allocate.
func (r *Ranks) Reset() {
	clear(r.slots)
	r.used, r.n, r.runs = 0, 0, nil
}

// Pack holds r in fewer bytes, for a day whose values are all in: its
// distinct values in ascending order, each as its difference from the
// one before and its count (two uvarints), in one run. That is about 4
// bytes a value for times in nanoseconds at microsecond resolution over
// a few seconds, and 2 to 3 for payload sizes, where the table takes 21
// to 43 bytes. The readings (N, Distinct, Rank, Values, Equal) read the
// packed values as they are, Rank in order without sorting or allocating,
// and a Merge of r into another reads them without unpacking r; Add
// unpacks r first, into a table of the smallest size that holds its
// values. Pack on an empty Ranks does nothing.
func (r *Ranks) Pack() {
	switch {
	case len(r.runs) > 1:
		for len(r.runs) > 1 { // the smallest first
			r.mergeLast()
		}
		r.runs = []packedRun{r.runs[0]} // a new array of one: the old is let go
	case r.runs == nil && r.used > 0:
		r.runs = []packedRun{packRun(r.Values())}
		r.slots, r.shift, r.used = nil, 0, 0
	}
}

// settle merges r's last two runs while the last is at least half the
// one before (see runs).
func (r *Ranks) settle() {
	for n := len(r.runs); n > 1 && 2*len(r.runs[n-1].b) >= len(r.runs[n-2].b); n = len(r.runs) {
		r.mergeLast()
	}
}

// mergeLast merges r's last two runs into one.
func (r *Ranks) mergeLast() {
	n := len(r.runs)
	r.runs[n-2] = mergeRuns(r.runs[n-2].b, r.runs[n-1].b)
	r.runs[n-1] = packedRun{}
	r.runs = r.runs[:n-1]
}

// runsUsed is the sum of the runs' values: at least the distinct values
// (a value may be in several runs).
func (r *Ranks) runsUsed() int {
	n := 0
	for _, run := range r.runs {
		n += run.used
	}
	return n
}

// unpack turns a packed r back into a table, of the smallest size that
// holds its values at most three quarters full.
func (r *Ranks) unpack() {
	runs, used := r.runs, r.runsUsed()
	size := 16
	for 4*used > 3*size {
		size *= 2
	}
	r.slots = make([]rankSlot, size)
	r.shift = uint8(64 - bits.TrailingZeros(uint(size)))
	r.used, r.n, r.runs = 0, 0, nil
	for v, k := range runValues(runs) { // in value order: scattered in the table
		r.addN(v, k)
	}
}

// packRun returns the run of values vs (ascending, distinct), exactly
// sized.
func packRun(vs []RankCount) packedRun {
	size, prev := 0, uint64(0)
	for _, vc := range vs {
		size += uvarintLen(vc.Value-prev) + uvarintLen(vc.Count)
		prev = vc.Value
	}
	b := make([]byte, 0, size)
	prev = 0
	for _, vc := range vs {
		b = binary.AppendUvarint(b, vc.Value-prev)
		b = binary.AppendUvarint(b, vc.Count)
		prev = vc.Value
	}
	return packedRun{b, len(vs)}
}

// runValues yields the values of runs in ascending order, each once with
// its count over every run.
func runValues(runs []packedRun) iter.Seq2[uint64, uint64] {
	return func(yield func(v, k uint64) bool) {
		if len(runs) == 1 { // the usual packed Ranks: no merging
			for p := (runReader{b: runs[0].b}); p.next(); {
				if !yield(p.v, p.k) {
					return
				}
			}
			return
		}
		rs := make([]runReader, 0, len(runs))
		for _, run := range runs {
			if p := (runReader{b: run.b}); p.next() {
				rs = append(rs, p)
			}
		}
		for len(rs) > 0 {
			v := rs[0].v
			for _, p := range rs[1:] {
				v = min(v, p.v)
			}
			var k uint64
			for i := 0; i < len(rs); {
				if rs[i].v != v {
					i++
					continue
				}
				k += rs[i].k
				if rs[i].next() {
					i++
					continue
				}
				rs = slices.Delete(rs, i, i+1)
			}
			if !yield(v, k) {
				return
			}
		}
	}
}

// runReader reads a run: each next gives the next value v and its count
// k, false at the end.
type runReader struct {
	b    []byte
	v, k uint64
}

func (p *runReader) next() bool {
	d, i := binary.Uvarint(p.b)
	if i <= 0 {
		return false // the end (or, unreachable, bytes packRun did not write)
	}
	k, j := binary.Uvarint(p.b[i:])
	if j <= 0 {
		return false
	}
	p.b = p.b[i+j:]
	p.v += d
	p.k = k
	return true
}

// mergeRuns returns the run of the values of runs a and b (counts of a
// value in both added: the caller checked that the total fits).
func mergeRuns(a, b []byte) packedRun {
	out := make([]byte, 0, len(a)+len(b)) // never more: see below
	var prev uint64
	used := 0
	put := func(v, k uint64) {
		out = binary.AppendUvarint(out, v-prev)
		out = binary.AppendUvarint(out, k)
		prev = v
		used++
	}
	pa, pb := runReader{b: a}, runReader{b: b}
	okA, okB := pa.next(), pb.next()
	for okA || okB {
		switch {
		case okA && (!okB || pa.v < pb.v):
			put(pa.v, pa.k)
			okA = pa.next()
		case okB && (!okA || pb.v < pa.v):
			put(pb.v, pb.k)
			okB = pb.next()
		default: // the same value in both
			put(pa.v, pa.k+pb.k)
			okA, okB = pa.next(), pb.next()
		}
	}
	// A value's difference from the one before is at most what it was in
	// its own run, and a value in both takes one entry of two, its count
	// at most one byte longer: out fits in len(a)+len(b). Shrunk when the
	// runs shared many values (times at whole milliseconds).
	if len(out) < cap(out)*3/4 {
		out = append([]byte(nil), out...)
	}
	return packedRun{out, used}
}

// N is the number of values counted.
func (r *Ranks) N() uint64 { return r.n }

// Distinct is the number of distinct values counted (a pass over the
// values of a Ranks packed in several runs).
func (r *Ranks) Distinct() int {
	switch len(r.runs) {
	case 0:
		return r.used
	case 1:
		return r.runs[0].used
	}
	n := 0
	for range runValues(r.runs) {
		n++
	}
	return n
}

// RetainedBytes is the memory r holds: its 72-byte header and 16 bytes per
// slot of its table, or its runs (32 bytes each) and their bytes.
func (r *Ranks) RetainedBytes() int {
	n := int(unsafe.Sizeof(*r)) + rankSlotBytes*cap(r.slots) + cap(r.runs)*int(unsafe.Sizeof(packedRun{}))
	for _, run := range r.runs {
		n += cap(run.b)
	}
	return n
}

// Clone returns an independent copy of r (packed when r is; the runs'
// bytes, never changed, are shared).
func (r *Ranks) Clone() Ranks {
	c := *r
	c.slots = slices.Clone(r.slots)
	c.runs = slices.Clone(r.runs)
	return c
}

// Equal reports whether r and o hold the same values with the same counts
// (whatever the size of their tables).
func (r *Ranks) Equal(o *Ranks) bool {
	if r.n != o.n {
		return false
	}
	if r.runs != nil || o.runs != nil {
		return slices.Equal(r.Values(), o.Values())
	}
	if r.used != o.used {
		return false
	}
	for _, s := range r.slots {
		if s.n != 0 && o.count(s.v) != s.n {
			return false
		}
	}
	return true
}

// count returns how many times v was counted.
func (r *Ranks) count(v uint64) uint64 {
	if len(r.slots) == 0 {
		return 0
	}
	mask := uint64(len(r.slots) - 1)
	for i := (v * 0x9E3779B97F4A7C15) >> r.shift; ; i = (i + 1) & mask {
		s := r.slots[i]
		if s.n == 0 {
			return 0
		}
		if s.v == v {
			return s.n
		}
	}
}

// Values returns the distinct values and their counts in ascending order
// of value (a fresh slice of (value, count) pairs).
func (r *Ranks) Values() []RankCount {
	if r.runs != nil {
		out := make([]RankCount, 0, r.runsUsed())
		for v, k := range runValues(r.runs) {
			out = append(out, RankCount{Value: v, Count: k})
		}
		return out
	}
	out := make([]RankCount, 0, r.used)
	for _, s := range r.slots {
		if s.n != 0 {
			out = append(out, RankCount{Value: s.v, Count: s.n})
		}
	}
	slices.SortFunc(out, func(a, b RankCount) int {
		switch {
		case a.Value < b.Value:
			return -1
		case a.Value > b.Value:
			return 1
		}
		return 0
	})
	return out
}

// RankCount is a distinct value of a Ranks and the number of times it was
// counted.
type RankCount struct {
	Value, Count uint64
}

// Rank returns the k-th smallest value counted (1-based, repeats
// included), and false when k is 0 or above N.
func (r *Ranks) Rank(k uint64) (uint64, bool) {
	if k == 0 || k > r.n {
		return 0, false
	}
	var seen uint64
	if r.runs != nil {
		for v, c := range runValues(r.runs) {
			if seen += c; seen >= k {
				return v, true
			}
		}
		return 0, false // unreachable: the counts add up to N
	}
	for _, vc := range r.Values() {
		seen += vc.Count
		if seen >= k {
			return vc.Value, true
		}
	}
	return 0, false // unreachable: the counts add up to N
}

// P95Rank is the rank of Rule RG-P95-2 among n values: k = round(0.95·n),
// half away from zero, clamped to [1, n]; 0 when n is 0. It is computed in
// integers, (95·n + 50) / 100 with a 128-bit product, so it is exact for
// every n. The .5 case arises when 95·n ends in 50, that is for n = 10,
// 30, 50, ...: n = 10 gives 9.5, rounded up to 10.
func P95Rank(n uint64) uint64 {
	if n == 0 {
		return 0
	}
	hi, lo := bits.Mul64(n, 95)
	lo, c := bits.Add64(lo, 50, 0)
	k, _ := bits.Div64(hi+c, lo, 100) // hi+c < 100: 95·n + 50 < 100·2^64
	return min(max(k, 1), n)
}

// LowerMedianRank is the rank of Rule RG-MEDIAN-1 among n values: the
// lower median, ceil(n/2); 0 when n is 0.
func LowerMedianRank(n uint64) uint64 { return n/2 + n%2 }
