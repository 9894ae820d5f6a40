package performance

import (
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
// a 48-byte header (RetainedBytes reports it). Its size depends on the
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
// after day on similar traffic does not allocate. Merge allocates only to
// grow the receiver's table. Rank sorts a copy of the distinct values and
// allocates it.
type Ranks struct {
	slots []rankSlot // len is 0 or a power of two; a slot with n == 0 is empty
	used  int        // slots in use (distinct values)
	shift uint8      // 64 - log2(len(slots))
	n     uint64     // values counted
}

type rankSlot struct {
	v, n uint64 // value and its count (n == 0: empty)
}

const rankSlotBytes = int(unsafe.Sizeof(rankSlot{}))

// Add counts value v once. It does not allocate once the table holds
// room for v (see Memory).
func (r *Ranks) Add(v uint64) { r.addN(v, 1) }

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
// every count). It allocates only to grow r's table. A nil o is empty.
// When the number of values would pass 2^64 − 1 it returns
// kpi.ErrMergeOverflow and r is unchanged (every count is at most N).
func (r *Ranks) Merge(o *Ranks) error {
	if o == nil {
		return nil
	}
	if _, c := bits.Add64(r.n, o.n, 0); c != 0 {
		return kpi.ErrMergeOverflow
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

// Reset empties r and keeps its table for reuse. It does not allocate.
func (r *Ranks) Reset() {
	clear(r.slots)
	r.used, r.n = 0, 0
}

// N is the number of values counted.
func (r *Ranks) N() uint64 { return r.n }

// Distinct is the number of distinct values counted.
func (r *Ranks) Distinct() int { return r.used }

// RetainedBytes is the memory r holds: its 48-byte header and 16 bytes per
// slot of its table.
func (r *Ranks) RetainedBytes() int {
	return int(unsafe.Sizeof(*r)) + rankSlotBytes*cap(r.slots)
}

// Clone returns an independent copy of r.
func (r *Ranks) Clone() Ranks {
	c := *r
	c.slots = slices.Clone(r.slots)
	return c
}

// Equal reports whether r and o hold the same values with the same counts
// (whatever the size of their tables).
func (r *Ranks) Equal(o *Ranks) bool {
	if r.n != o.n || r.used != o.used {
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
