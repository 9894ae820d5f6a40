package performance

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// Rules RG-P95-2 and RG-MEDIAN-1: hand-derived cases, then properties.

func msd(n int) time.Duration { return time.Duration(n) * time.Millisecond }

// Rule RG-P95-2: k = round(0.95·n), half away from zero, clamped to [1, n].
func TestP95Rank(t *testing.T) {
	for _, c := range []struct{ n, k uint64 }{
		{0, 0},
		{1, 1},   // 0.95 rounds to 1
		{2, 2},   // 1.9 -> 2
		{10, 10}, // 9.5 -> 10 (half away from zero)
		{11, 10}, // 10.45 -> 10
		{13, 12}, // 12.35 -> 12
		{20, 19}, // 19 exactly
		{30, 29}, // 28.5 -> 29 (half to even would give 28)
		{50, 48}, // 47.5 -> 48 (half to even would give 48 too)
		{70, 67}, // 66.5 -> 67 (half to even would give 66)
		// 0.95·(2^64-1) = 17524406870024074034.25 -> ...034 (python: (95*n+50)//100)
		{math.MaxUint64, 17524406870024074034},
	} {
		require.Equal(t, c.k, P95Rank(c.n), "n=%d", c.n)
	}
}

// Rule RG-MEDIAN-1: the lower median is the ceil(n/2)-th smallest.
func TestLowerMedianRank(t *testing.T) {
	for _, c := range []struct{ n, k uint64 }{{0, 0}, {1, 1}, {2, 1}, {3, 2}, {4, 2}, {5, 3}, {math.MaxUint64, 1 << 63}} {
		require.Equal(t, c.k, LowerMedianRank(c.n), "n=%d", c.n)
	}
}

func p95Of(opts P95Options, calls []kpi.Call) P95 {
	p := NewP95(opts)
	for i := range calls {
		_ = p.Add(&calls[i])
	}
	return p
}

// Rule RG-P95-2 at the rounding boundary: n = 30 times 1..30 ms. 0.95·30 =
// 28.5, half away from zero 29: the 29th smallest, 29 ms.
func TestP95RoundingBoundary(t *testing.T) {
	var calls []kpi.Call
	for i := 30; i >= 1; i-- { // descending: Add must not rely on order
		calls = append(calls, call(0, 200, msd(i)))
	}
	p := p95Of(P95Options{}, calls)
	d, ok := p.Value()
	require.True(t, ok)
	require.Equal(t, msd(29), d)
	requireRatio(t, "29", p.Ms(), "p95 ms")
	ref, ok, err := ReferenceP95(calls, P95Options{})
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, msd(29), ref)
}

// Rule RG-P95-2 with n = 10: 9.5 rounds to 10, the maximum.
func TestP95TenCalls(t *testing.T) {
	var calls []kpi.Call
	for i := 1; i <= 10; i++ {
		calls = append(calls, call(0, 200, msd(10*i)))
	}
	p := p95Of(P95Options{}, calls)
	d, ok := p.Value()
	require.True(t, ok)
	require.Equal(t, msd(100), d)
}

// Rule RG-P95-2: 423, 429 and 529 are left out; every other status counts,
// 4xx, 5xx and no response included. 17 calls 1..17 ms answered 200, a
// 404 at 18 ms, a 500 at 19 ms, a no-response at 20 ms: n = 20, k = 19,
// the 19th smallest is 19 ms. The three left-out calls took 1000 ms; had
// they counted, n = 23, k = round(21.85) = 22, and p95 would be 1000 ms.
func TestP95ExcludedStatuses(t *testing.T) {
	var calls []kpi.Call
	for i := 1; i <= 17; i++ {
		calls = append(calls, call(0, 200, msd(i)))
	}
	calls = append(calls, call(0, 404, msd(18)), call(0, 500, msd(19)), call(0, 0, msd(20)))
	calls = append(calls, call(0, 423, msd(1000)), call(0, 429, msd(1000)), call(0, 529, msd(1000)))
	p := p95Of(P95Options{}, calls)
	require.Equal(t, uint64(20), p.N())
	require.Equal(t, uint64(3), p.Excluded())
	d, _ := p.Value()
	require.Equal(t, msd(19), d)
}

// Rule RG-P95-2 OPTION MeasureTTFB orders TTFB and leaves out calls with
// an unknown TTFB. Two calls: TTLB 100 ms / TTFB 10 ms and TTLB 50 ms /
// TTFB 40 ms, plus one with TTFB unknown at TTLB 900 ms. TTLB: n = 3,
// k = round(2.85) = 3, 900 ms. TTFB: n = 2, k = round(1.9) = 2, 40 ms.
func TestP95MeasureOption(t *testing.T) {
	a := call(0, 200, msd(100))
	a.TTFB, a.HasTTFB = msd(10), true
	b := call(0, 200, msd(50))
	b.TTFB, b.HasTTFB = msd(40), true
	c := call(0, 200, msd(900))
	calls := []kpi.Call{a, b, c}
	ttlb := p95Of(P95Options{}, calls)
	ttfb := p95Of(P95Options{Measure: MeasureTTFB}, calls)
	d1, _ := ttlb.Value()
	d2, _ := ttfb.Value()
	require.Equal(t, msd(900), d1)
	require.Equal(t, msd(40), d2)
	require.Equal(t, uint64(1), ttfb.NoTTFB())
	require.ErrorIs(t, ttlb.Merge(&ttfb), kpi.ErrOptionsDiffer)
	require.Equal(t, uint64(3), ttlb.N(), "a refused Merge changes nothing")
}

// RG-P95-2: bad input is counted by reason and never ranked; an empty
// day is no data.
func TestP95BadInputAndEmpty(t *testing.T) {
	var p P95
	bad := call(0, 200, -1)
	require.ErrorIs(t, p.Add(&bad), kpi.NegativeTTLB)
	_, ok := p.Value()
	require.False(t, ok)
	require.False(t, p.Ms().OK())
	require.Equal(t, uint64(1), p.Rejections()[kpi.NegativeTTLB])
}

// Rule RG-MEDIAN-1 by hand. Five responded calls (odd n): TTLB 50, 10, 40,
// 20, 30 ms -> sorted 10..50, 3rd = 30 ms; payload 500, 100, 300, 200,
// 400 B -> 3rd = 300 B. TTFB known on four of them (even n): 4, 1, 3, 2 ms
// -> 2nd smallest = 2 ms (the lower median, not 2.5). A no-response call
// (TTLB 60 s, 0 B) is left out; had it counted, n = 6 and the TTLB median
// would be the 3rd, 30 ms still, but the bytes median 100 B.
func TestMediansByHand(t *testing.T) {
	var calls []kpi.Call
	for i, v := range []struct {
		ttlb, ttfb int
		known      bool
		bytes      int64
	}{{50, 4, true, 500}, {10, 1, true, 100}, {40, 0, false, 300}, {20, 3, true, 200}, {30, 2, true, 400}} {
		c := call(time.Duration(i)*time.Second, 200, msd(v.ttlb))
		c.TTFB, c.HasTTFB, c.ResponseBytes = msd(v.ttfb), v.known, v.bytes
		calls = append(calls, c)
	}
	calls = append(calls, call(0, 0, time.Minute))
	var m Medians
	for i := range calls {
		require.NoError(t, m.Add(&calls[i]))
	}
	want := MedianFigures{TTLB: msd(30), TTFB: msd(2), ResponseBytes: 300, HasTTLB: true, HasTTFB: true, HasBytes: true}
	require.Equal(t, want, m.Figures())
	ref, err := ReferenceMedians(calls)
	require.NoError(t, err)
	require.Equal(t, want, ref)
	require.Equal(t, uint64(1), m.NoResponse())
	requireRatio(t, "30", m.TTLBMs(), "median ttlb ms")
	requireRatio(t, "2", m.TTFBMs(), "median ttfb ms")
}

// Rule RG-MEDIAN-1 on even n: 10, 20, 30, 40 ms -> ceil(4/2) = 2nd = 20 ms.
func TestMedianEven(t *testing.T) {
	var m Medians
	for _, v := range []int{40, 10, 30, 20} {
		c := call(0, 200, msd(v))
		require.NoError(t, m.Add(&c))
	}
	d, ok := m.TTLB()
	require.True(t, ok)
	require.Equal(t, msd(20), d)
}

// --- properties -------------------------------------------------------

var rankStatuses = []int{0, 200, 201, 204, 302, 400, 404, 408, 422, 423, 429, 500, 503, 529}

// genRankCall draws a call whose times repeat often (whole milliseconds
// from a small range) or not at all (any nanosecond), sometimes bad.
func genRankCall(t *rapid.T) kpi.Call {
	c := kpi.Call{ReceivedAt: t0, Endpoint: "GET /accounts", Status: rapid.SampledFrom(rankStatuses).Draw(t, "status")}
	switch rapid.IntRange(0, 5).Draw(t, "scale") {
	case 0:
		c.TTLB = time.Duration(rapid.Int64Range(0, math.MaxInt64).Draw(t, "ttlb"))
	case 1:
		c.TTLB = time.Duration(rapid.Int64Range(-3, 1000).Draw(t, "ttlb")) // sometimes bad
	default:
		c.TTLB = msd(rapid.IntRange(0, 40).Draw(t, "ttlbMs"))
	}
	if rapid.Bool().Draw(t, "ttfbKnown") && c.TTLB >= 0 {
		c.TTFB, c.HasTTFB = time.Duration(rapid.Int64Range(0, int64(c.TTLB)).Draw(t, "ttfb")), true
	} else {
		c.HasTTFB = false
	}
	c.ResponseBytes = rapid.SampledFrom([]int64{0, 1, 100, 512, 4096, math.MaxInt64}).Draw(t, "bytes")
	return c
}

func genRankCalls(t *rapid.T) []kpi.Call {
	return rapid.SliceOfN(rapid.Custom(genRankCall), 0, 80).Draw(t, "calls")
}

// mergeAll merges parts into one in a random tree: it picks two states at
// random, merges one into the other, and repeats, so that every order and
// association is drawn.
func mergeAll[S any](t *rapid.T, parts []S, merge func(a, b *S) error) S {
	for len(parts) > 1 {
		i := rapid.IntRange(0, len(parts)-1).Draw(t, "into")
		j := rapid.IntRange(0, len(parts)-2).Draw(t, "from")
		if j >= i {
			j++
		}
		if err := merge(&parts[i], &parts[j]); err != nil {
			t.Fatalf("merge: %v", err)
		}
		parts = slices.Delete(parts, j, j+1)
	}
	return parts[0]
}

// Rule RG-P95-2: P95 equals the reference (sorting) on any input, any
// split and any merge order, and every rank of the merged Ranks equals
// the sorted times.
func TestPropP95EqualsReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		calls := genRankCalls(t)
		opts := P95Options{Measure: rapid.SampledFrom([]Measure{MeasureTTLB, MeasureTTFB}).Draw(t, "measure")}
		var parts []P95
		for _, part := range split(t, calls) {
			parts = append(parts, p95Of(opts, part))
		}
		got := mergeAll(t, parts, func(a, b *P95) error { return a.Merge(b) })
		want, ok, _ := ReferenceP95(calls, opts.canonical())
		d, gotOK := got.Value()
		if ok != gotOK || d != want {
			t.Fatalf("p95 %v %v, reference %v %v", d, gotOK, want, ok)
		}
		whole := p95Of(opts, calls)
		if !whole.Equal(&got) {
			t.Fatalf("merged state differs from the state fed every call")
		}
		// Every rank, against a sort of the same times.
		var times []uint64
		for _, c := range calls {
			if kpi.Check(&c) != kpi.OK || P95Excluded(c.Status) {
				continue
			}
			if opts.canonical().Measure == MeasureTTFB {
				if c.HasTTFB {
					times = append(times, uint64(c.TTFB))
				}
				continue
			}
			times = append(times, uint64(c.TTLB))
		}
		slices.Sort(times)
		for k := range times {
			if v, _ := got.r.Rank(uint64(k + 1)); v != times[k] {
				t.Fatalf("rank %d = %d, sorted %d", k+1, v, times[k])
			}
		}
		if _, ok := got.r.Rank(uint64(len(times) + 1)); ok {
			t.Fatalf("rank n+1 answered")
		}
	})
}

// Rule RG-MEDIAN-1: Medians equals the reference on any input, split and
// merge order.
func TestPropMediansEqualsReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		calls := genRankCalls(t)
		var parts []Medians
		for _, part := range split(t, calls) {
			var m Medians
			for i := range part {
				_ = m.Add(&part[i])
			}
			parts = append(parts, m)
		}
		got := mergeAll(t, parts, func(a, b *Medians) error { return a.Merge(b) })
		want, _ := ReferenceMedians(calls)
		if got.Figures() != want {
			t.Fatalf("medians %+v, reference %+v", got.Figures(), want)
		}
	})
}

// Ranks: Merge is commutative and has the empty Ranks as identity; a
// self-merge doubles; Reset empties; Clone is independent.
func TestPropRanksMergeLaws(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		gen := rapid.SliceOf(rapid.Uint64Range(0, 50))
		var a, b Ranks
		for _, v := range gen.Draw(t, "a") {
			a.Add(v)
		}
		for _, v := range gen.Draw(t, "b") {
			b.Add(v)
		}
		ab, ba := a.Clone(), b.Clone()
		ab.Merge(&b)
		ba.Merge(&a)
		if !ab.Equal(&ba) {
			t.Fatalf("not commutative")
		}
		var z Ranks
		z.Merge(&a)
		if !z.Equal(&a) {
			t.Fatalf("empty is not a left identity")
		}
		a2 := a.Clone()
		a2.Merge(&Ranks{})
		if !a2.Equal(&a) {
			t.Fatalf("empty is not a right identity")
		}
		d := a.Clone()
		d.Merge(&d)
		aa := a.Clone()
		aa.Merge(&a)
		if !d.Equal(&aa) {
			t.Fatalf("self-merge is not a doubling")
		}
		a2.Reset()
		if !a2.Equal(&Ranks{}) || a.N() != uint64(len(a.Values())) && a.N() < uint64(a.Distinct()) {
			t.Fatalf("reset")
		}
	})
}

// 0 allocations per Add once the table has grown (and for Merge into a
// receiver that has room, and Reset).
func TestAllocsRanks(t *testing.T) {
	var p P95
	var m Medians
	c := call(0, 200, msd(120))
	c.TTFB, c.HasTTFB, c.ResponseBytes = msd(20), true, 2048
	_ = p.Add(&c)
	_ = m.Add(&c)
	require.Zero(t, testing.AllocsPerRun(200, func() { _ = p.Add(&c) }), "P95.Add")
	require.Zero(t, testing.AllocsPerRun(200, func() { _ = m.Add(&c) }), "Medians.Add")
	bad := call(0, 200, -1)
	require.Zero(t, testing.AllocsPerRun(200, func() { _ = p.Add(&bad) }), "P95.Add bad")
	o := p.Clone()
	require.Zero(t, testing.AllocsPerRun(50, func() { _ = p.Merge(&o) }), "P95.Merge")
	require.Zero(t, testing.AllocsPerRun(50, func() { p.Reset(); _ = p.Add(&c) }), "Reset then Add")
	// A table grown to a day's distinct values: adding any of them again
	// allocates nothing.
	var r Ranks
	for v := uint64(0); v < 5000; v++ {
		r.Add(v * 1e6)
	}
	i := uint64(0)
	require.Zero(t, testing.AllocsPerRun(1000, func() { r.Add((i % 5000) * 1e6); i++ }), "Ranks.Add")
}

// Memory (package doc): the header is the table (a slice, 24 bytes),
// the used slots (8), the shift (1, padded to 8), the count (8) and the
// packed values (a slice, 24): 72 bytes. 5,000 distinct values fill a
// table of 8,192 slots (5,000 > 3/4 of 4,096 = 3,072, <= 3/4 of 8,192 =
// 6,144): 72 + 16·8,192 = 131,144 bytes, whatever the number of calls.
// Packed, the values 0, 10^6, ..., 4,999·10^6, each counted 3 times,
// take 2 bytes for the first (difference 0, count 3) and 4 for each
// other (10^6 < 2^21: a 3-byte difference; count 3): 2 + 4,999·4 =
// 19,998 bytes, in one run (32 bytes: its slice and its count of
// values): 72 + 32 + 19,998 = 20,102 in all, also merged into an empty
// Ranks.
func TestRanksRetainedBytes(t *testing.T) {
	var r Ranks
	require.Equal(t, 72, r.RetainedBytes())
	for n := 0; n < 3; n++ {
		for v := uint64(0); v < 5000; v++ {
			r.Add(v * 1e6)
		}
	}
	require.Equal(t, uint64(15000), r.N())
	require.Equal(t, 5000, r.Distinct())
	require.Equal(t, 72+16*8192, r.RetainedBytes())
	r.Pack()
	require.Equal(t, 72+32+19_998, r.RetainedBytes())
	require.Equal(t, 5000, r.Distinct())
	v, ok := r.Rank(7_500) // 7,500 = 3·2,500: the last copy of 2,499·10^6
	require.True(t, ok)
	require.Equal(t, uint64(2_499e6), v)
	// Merged into an empty Ranks, the packed values stay packed: no table.
	var z Ranks
	require.NoError(t, z.Merge(&r))
	require.Equal(t, 72+32+19_998, z.RetainedBytes())
}

// Ranks.Pack: a packed Ranks reads as the values it was given, sorted
// (N, Distinct, every rank, Values) and equals its table. Parts packed or
// not, merged in any order into an empty Ranks, a reset one or one of
// them (packed into packed, into a table, a table into packed), hold
// every value of every part. Add after Pack counts; a packed Ranks merged
// into itself doubles; a packed clone stays as it was.
func TestPropRanksPacked(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		values := rapid.OneOf(rapid.Uint64Range(0, 50), rapid.Uint64Range(0, 1<<40), rapid.Uint64())
		gen := rapid.Custom(func(t *rapid.T) []uint64 { // sizes apart, so that runs stay apart
			return rapid.SliceOfN(values, 0, 1<<rapid.IntRange(0, 9).Draw(t, "log2 size")).Draw(t, "values")
		})
		parts := make([]Ranks, rapid.IntRange(1, 10).Draw(t, "parts"))
		var all []uint64
		var order []int
		for i := range parts {
			vs := gen.Draw(t, fmt.Sprintf("values %d", i))
			for _, v := range vs {
				parts[i].Add(v)
			}
			all = append(all, vs...)
			if rapid.Bool().Draw(t, fmt.Sprintf("pack %d", i)) {
				table := parts[i].Clone()
				parts[i].Pack()
				if !parts[i].Equal(&table) || !table.Equal(&parts[i]) {
					t.Fatalf("part %d packed differs from its table", i)
				}
				checkRanks(t, &parts[i], vs)
			}
			order = append(order, i)
		}
		order = rapid.Permutation(order).Draw(t, "order")
		var got Ranks
		switch rapid.IntRange(0, 2).Draw(t, "into") {
		case 1: // a reset Ranks: a table, and no value
			got.Add(7)
			got.Reset()
		case 2:
			got = parts[order[0]].Clone()
			order = order[1:]
		}
		for _, i := range order {
			if err := got.Merge(&parts[i]); err != nil {
				t.Fatalf("merge: %v", err)
			}
		}
		checkRanks(t, &got, all)

		got.Pack()
		checkRanks(t, &got, all)
		extra := rapid.Uint64().Draw(t, "extra")
		got.Add(extra)
		all = append(all, extra)
		checkRanks(t, &got, all)

		got.Pack()
		c := got.Clone()
		if err := got.Merge(&got); err != nil {
			t.Fatalf("self-merge: %v", err)
		}
		checkRanks(t, &got, append(slices.Clone(all), all...))
		checkRanks(t, &c, all)
	})
}

// Runs: a packed Ranks of 1,000 values, then 10 merged in, holds two
// runs (the second far below half the first), and reads as one: the 10
// values 0.5, 1.5, ... 9.5 (·10^6) fall between the first ten of 0, 10^6,
// ..., so the 2nd smallest is 0.5·10^6 and the 20th 9.5·10^6, the 21st
// 10·10^6. Merged with a copy of itself, the large runs make one and the
// small ones another; merged into itself, every value counts 4 times;
// Pack makes one run of all.
func TestRanksRuns(t *testing.T) {
	var big, small Ranks
	for v := uint64(0); v < 1000; v++ {
		big.Add(v * 1e6)
	}
	for v := uint64(0); v < 10; v++ {
		small.Add(v*1e6 + 5e5)
	}
	big.Pack()
	small.Pack()
	require.NoError(t, big.Merge(&small))
	require.Equal(t, 2, len(big.runs))
	require.Equal(t, 1010, big.Distinct())
	require.Equal(t, uint64(1010), big.N())
	for k, want := range map[uint64]uint64{1: 0, 2: 5e5, 20: 9.5e6, 21: 10e6, 1010: 999e6} {
		v, ok := big.Rank(k)
		require.True(t, ok)
		require.Equal(t, want, v, "rank %d", k)
	}
	again := big.Clone()
	require.NoError(t, big.Merge(&again)) // each value twice
	require.Equal(t, 2, len(big.runs))
	require.NoError(t, big.Merge(&big)) // several runs into themselves: 4 times
	for _, pack := range []bool{false, true} {
		if pack {
			big.Pack()
			require.Equal(t, 1, len(big.runs))
		}
		require.Equal(t, 1010, big.Distinct())
		require.Equal(t, uint64(4040), big.N())
		for k, want := range map[uint64]uint64{4: 0, 5: 5e5, 8: 5e5, 9: 1e6, 4040: 999e6} {
			v, ok := big.Rank(k) // 0 four times, then 5·10^5 four times, ...
			require.True(t, ok)
			require.Equal(t, want, v, "rank %d", k)
		}
	}
}

// checkRanks fails t unless r holds exactly the values of all.
func checkRanks(t *rapid.T, r *Ranks, all []uint64) {
	sorted := slices.Sorted(slices.Values(all))
	if r.N() != uint64(len(sorted)) {
		t.Fatalf("N %d, want %d", r.N(), len(sorted))
	}
	var want []RankCount
	for _, v := range sorted {
		if n := len(want); n > 0 && want[n-1].Value == v {
			want[n-1].Count++
			continue
		}
		want = append(want, RankCount{Value: v, Count: 1})
	}
	if r.Distinct() != len(want) || !slices.Equal(r.Values(), want) && len(want) > 0 {
		t.Fatalf("values %v (%d distinct), want %v", r.Values(), r.Distinct(), want)
	}
	for k, v := range sorted {
		if got, ok := r.Rank(uint64(k + 1)); !ok || got != v {
			t.Fatalf("rank %d = %d %v, want %d", k+1, got, ok, v)
		}
	}
	if _, ok := r.Rank(uint64(len(sorted) + 1)); ok {
		t.Fatalf("rank n+1 answered")
	}
}

// Ranks under any sequence of its operations (Add, Merge of another Ranks
// or of itself, Pack, Reset, Clone), each Ranks packed or a table, holds
// exactly the values a plain list of each was given: every rank, N,
// Distinct and Values after every step, and Equal between a Ranks and
// its clone.
func TestPropRanksAnySequence(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		const n = 3
		var rs [n]Ranks
		var want [n][]uint64
		value := rapid.OneOf(rapid.Uint64Range(0, 30), rapid.Uint64Range(0, 1<<40), rapid.Uint64())
		pick := rapid.IntRange(0, n-1)
		t.Repeat(map[string]func(*rapid.T){
			"add": func(t *rapid.T) {
				i := pick.Draw(t, "i")
				for _, v := range rapid.SliceOfN(value, 1, 40).Draw(t, "values") {
					rs[i].Add(v)
					want[i] = append(want[i], v)
				}
			},
			"merge": func(t *rapid.T) {
				i, j := pick.Draw(t, "into"), pick.Draw(t, "from")
				if err := rs[i].Merge(&rs[j]); err != nil {
					t.Fatalf("merge: %v", err)
				}
				want[i] = append(want[i], want[j]...) // j == i: each value twice
			},
			"pack": func(t *rapid.T) { rs[pick.Draw(t, "i")].Pack() },
			"reset": func(t *rapid.T) {
				i := pick.Draw(t, "i")
				rs[i].Reset()
				want[i] = nil
			},
			"clone": func(t *rapid.T) {
				i, j := pick.Draw(t, "to"), pick.Draw(t, "from")
				rs[i] = rs[j].Clone()
				want[i] = slices.Clone(want[j])
				if !rs[i].Equal(&rs[j]) {
					t.Fatalf("a clone differs")
				}
			},
			"": func(t *rapid.T) {
				for i := range rs {
					checkRanks(t, &rs[i], want[i])
				}
			},
		})
	})
}
