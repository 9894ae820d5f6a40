package performance

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/openfinance-kpi/kpi"
)

// Rule PF-TPS-1: peak calls in one whole second of ReceivedAt, calls in
// any order, and the average over the day's length.
func TestPF_TPS_1_PeakAndAverage(t *testing.T) {
	at := func(ms int) kpi.Call { return call(time.Duration(ms)*time.Millisecond, 200, time.Millisecond) }
	calls := []kpi.Call{at(100), at(500), at(900), at(1000), at(2200), at(2300), at(950)}
	var tp Throughput
	for i := range calls {
		require.NoError(t, tp.Add(&calls[i]))
	}
	// Second 0 holds 100, 500, 900 and the late 950 ms: 4 calls; second 1
	// holds 1000 ms: 1; second 2 holds 2200 and 2300 ms: 2. Peak = 4 at t0.
	n, sec, ok := tp.PeakAt()
	require.True(t, ok)
	require.Equal(t, uint64(4), n)
	require.Equal(t, t0, sec)
	require.Equal(t, uint64(4), tp.Peak())
	require.Equal(t, uint64(7), tp.Calls())
	require.Equal(t, 3, tp.SecondsWithTraffic())
	// Average TPS = 7 responded calls / 86,400 s on a 24-hour day, 7 / 90,000 on a
	// 25-hour day (the caller passes kpi.Calendar.Length).
	requireRatio(t, "7/86400", tp.AvgTPS(24*time.Hour), "24 h")
	requireRatio(t, "7/90000", tp.AvgTPS(25*time.Hour), "25 h")
	requireRatio(t, "nodata", tp.AvgTPS(0), "no day length")
	var empty Throughput
	requireRatio(t, "0", empty.AvgTPS(24*time.Hour), "a day without calls is 0 TPS")
	require.Equal(t, uint64(0), empty.Peak())
}

// Rule PF-TPS-1: average TPS is V / day length, V the calls that got a
// response (PF-AVG-1); AvgReceivedTPS averages every call received.
func TestPF_TPS_1_AverageRespondedOnly(t *testing.T) {
	calls := []kpi.Call{call(0, 200, 1), call(0, 0, time.Minute), call(time.Second, 503, 1)}
	tp := throughputOf(calls)
	// The 2 responded / 10 s = 1/5 TPS (PF-TPS-1); all 3 received / 10 s = 3/10.
	requireRatio(t, "3/10", tp.AvgReceivedTPS(10*time.Second), "calls")
	requireRatio(t, "1/5", tp.AvgTPS(10*time.Second), "responded: PF-TPS-1 V")
	require.Equal(t, uint64(2), tp.Peak(), "the no-response call was received: it is load")
}

// Rule PF-TPS-1: Merge is exact: a second split across two states sums.
func TestPF_TPS_1_SecondSplitAcrossStates(t *testing.T) {
	five := func(ms int) kpi.Call { return call(5*time.Second+time.Duration(ms)*time.Millisecond, 200, 1) }
	a := throughputOf([]kpi.Call{five(1), five(2)})
	b := throughputOf([]kpi.Call{five(3), five(4), five(5), call(9*time.Second, 200, 1)})
	require.Equal(t, uint64(2), a.Peak())
	require.Equal(t, uint64(3), b.Peak())
	a.Merge(&b)
	// Second 5 holds 2 + 3 = 5 calls: the peak is 5, not max(2, 3).
	require.Equal(t, uint64(5), a.Peak())
	require.Equal(t, uint64(6), a.Calls())
	require.Equal(t, uint64(3), b.Peak(), "the argument is unchanged")
}

// Seconds are whole Unix seconds, floored: 1969-12-31T23:59:59.5Z is
// second -1, and a ReceivedAt outside the table's years is refused,
// counted, never dropped silently.
func TestPF_TPS_1_Range(t *testing.T) {
	var tp Throughput
	before := call(0, 200, 1)
	before.ReceivedAt = time.Date(1969, 12, 31, 23, 59, 59, 500_000_000, time.UTC)
	require.NoError(t, tp.Add(&before))
	_, sec, _ := tp.PeakAt()
	require.Equal(t, int64(-1), sec.Unix())

	far := call(0, 200, 1)
	far.ReceivedAt = time.Date(3100, 1, 1, 0, 0, 0, 0, time.UTC)
	require.ErrorIs(t, tp.Add(&far), ErrOutOfRange)
	bad := call(0, 100, 1)
	require.ErrorIs(t, tp.Add(&bad), kpi.BadStatus)
	require.Equal(t, uint64(1), tp.OutOfRange())
	rej := tp.Rejections()
	require.Equal(t, uint64(1), rej[kpi.BadStatus])
	require.Equal(t, uint64(1), tp.Calls())

	c := tp.Clone()
	tp.Reset()
	require.Equal(t, uint64(0), tp.Calls())
	require.Equal(t, uint64(1), c.Calls(), "a clone shares nothing")
}

// A second with more than countMax calls (32,767) spills into further
// entries and every reading sums them.
func TestPerSecondSpill(t *testing.T) {
	const key = secBias + 100 // block secBias>>17, second 100 of it
	base, sec := uint32(key>>blockBits), uint32(key&blockMask)
	ent := func(s, n uint32) uint32 { return s<<countBits | n }
	p := perSecond{b: []secBlock{{base: base, sorted: 1, e: []uint32{ent(sec, countMax-1)}}}, total: countMax - 1}
	p.add(key) // fills the entry
	p.add(key) // spills into a new entry
	p.add(key)
	require.Equal(t, uint64(countMax+2), p.total)
	n, at, ok := p.peak()
	require.True(t, ok)
	require.Equal(t, uint64(countMax+2), n)
	require.Equal(t, int64(100), at.Unix())
	require.Equal(t, []uint32{ent(sec, 2), ent(sec, countMax)}, p.b[0].e, "canonical: remainder, then full")

	q := p.clone()
	p.merge(&q)
	// 2·(countMax + 2) = 2 full entries and a remainder of 4.
	require.Equal(t, []uint32{ent(sec, 4), ent(sec, countMax), ent(sec, countMax)}, p.b[0].e)
	n, _, _ = p.peak()
	require.Equal(t, uint64(2*countMax+4), n)

	p.merge(&p) // doubling a table by itself
	n, _, _ = p.peak()
	require.Equal(t, uint64(4*countMax+8), n)

	// A late call to a second whose entries are all full goes to the tail.
	r := perSecond{b: []secBlock{{base: base, sorted: 3, e: []uint32{ent(sec-1, 1), ent(sec, countMax), ent(sec+1, 1)}}}, total: countMax + 2}
	r.add(key)
	r.flush() // the pending run of one call goes to the table
	require.Equal(t, int32(3), r.b[0].sorted)
	require.Len(t, r.b[0].e, 4)
	n, _, _ = r.peak()
	require.Equal(t, uint64(countMax+1), n)

	// In time order, a second of 2·countMax + 5 calls goes through the
	// pending run, flushed each time it fills: two full entries and a
	// remainder of 5, canonical.
	var run perSecond
	for range 2*countMax + 5 {
		run.add(key)
	}
	run.add(key + 1)
	run.settle()
	require.Equal(t, []uint32{ent(sec, 5), ent(sec, countMax), ent(sec, countMax), ent(sec+1, 1)}, run.b[0].e)
	n, _, _ = run.peak()
	require.Equal(t, uint64(2*countMax+5), n)
}

// Blocks of 2^17 s: a day crossing a block boundary, calls in any order,
// a late call in an earlier block, and a block dropped by Reset reused.
func TestPerSecondBlocks(t *testing.T) {
	// The boundary after t0: the first key that is a multiple of 2^17.
	k0, _ := secondKey(t0)
	edge := (k0>>blockBits + 1) << blockBits
	at := func(key uint64) kpi.Call { return call(keyTime(key).Sub(t0), 200, 1) }
	calls := []kpi.Call{at(edge - 1), at(edge), at(edge), at(edge + 5), at(edge - 1), at(edge - 7), at(edge - 1)}
	tp := throughputOf(calls)
	require.Len(t, tp.sec.b, 2, "two blocks")
	require.Less(t, tp.sec.b[0].base, tp.sec.b[1].base)
	// edge-1 holds 3 calls (the peak), edge 2, edge+5 and edge-7 one each.
	n, sec, ok := tp.PeakAt()
	require.True(t, ok)
	require.Equal(t, uint64(3), n)
	require.Equal(t, keyTime(edge-1), sec)
	require.Equal(t, 4, tp.SecondsWithTraffic())
	want, _ := ReferenceThroughput(calls)
	require.Equal(t, want, throughputFigures(&tp))

	// Reset keeps both blocks' entries for reuse; the same calls refill
	// them without allocating.
	tp.Reset()
	before := tp.RetainedBytes()
	require.Zero(t, testing.AllocsPerRun(10, func() {
		tp.Reset()
		for i := range calls {
			_ = tp.Add(&calls[i])
		}
	}))
	require.Equal(t, before, tp.RetainedBytes())
	require.Equal(t, want, throughputFigures(&tp))
}

// Memory and speed targets: at most 4 bytes per second that had traffic. A day of 86,400
// seconds with traffic: one 4-byte entry a second, 345,600 bytes of
// entries. A live table holds more: append's growth slack, and when calls
// reach it out of order, an unsorted tail of late runs (up to half the
// sorted entries) before it is compacted. The bounds below are what this
// release measures, with a little room: 4.743 bytes a second for two calls
// a second in order, 6.071 for ten a second, each Added up to 3 s after
// its ReceivedAt. Compact brings either to exactly the entries plus the
// header and blocks (see TestThroughputCompact).
func TestThroughputBytesPerSecond(t *testing.T) {
	for _, tc := range []struct {
		name    string
		perSec  int
		jitter  bool
		maxLive float64
	}{{"in order", 2, false, 4.8}, {"3 s jitter", 10, true, 6.2}} {
		// With jitter, each call reaches the accumulator up to 3 s after
		// its ReceivedAt, so the Adds come out of order.
		rng := rand.New(rand.NewPCG(3, 3))
		type arrival struct{ at, arrive time.Duration }
		xs := make([]arrival, tc.perSec*86_400)
		for i := range xs {
			at := time.Duration(i) * time.Second / time.Duration(tc.perSec)
			xs[i] = arrival{at, at}
			if tc.jitter {
				xs[i].arrive += time.Duration(rng.Int64N(int64(3 * time.Second)))
			}
		}
		slices.SortStableFunc(xs, func(a, b arrival) int { return cmp.Compare(a.arrive, b.arrive) })
		var tp Throughput
		for _, x := range xs {
			c := call(x.at, 200, 1)
			require.NoError(t, tp.Add(&c))
		}
		live := float64(tp.RetainedBytes()) / 86_400
		t.Logf("%s: live %d bytes, %.3f bytes per active second", tc.name, tp.RetainedBytes(), live)
		require.LessOrEqual(t, live, tc.maxLive, tc.name)
		require.Equal(t, uint64(len(xs)), tp.Calls())
		tp.Compact()
		require.Equal(t, 86_400, tp.SecondsWithTraffic(), tc.name)
		require.Equal(t, 86_400, tp.sec.entries(), "one entry a second")
		require.Equal(t, throughputHeader+32*len(tp.sec.b)+4*86_400, tp.RetainedBytes(), tc.name)
	}
}

// throughputHeader is the size of a Throughput itself: the table's slice
// header, total, pending second and count (48 bytes), responded (8), the
// rejections (kpi.MaxReasons = 16 counts · 8) and the out-of-range count (8).
const throughputHeader = 48 + 8 + 16*8 + 8

// Compact holds a finished day at 4 bytes per active second plus a fixed
// overhead: the 192-byte Throughput and 32 bytes per block, at most two
// blocks for a day, so 256 bytes. It allocates once (the entries), keeps
// every reading, makes a compact table without allocating, and leaves
// the table usable: later Adds, a Reset and a refill.
func TestThroughputCompact(t *testing.T) {
	require.Equal(t, throughputHeader, int(unsafe.Sizeof(Throughput{})))
	// Ten calls a second for 3 h across a block edge (two blocks); in
	// every third second a call swaps places with one a second earlier.
	edge := time.Unix(int64((uint64(t0.Unix()+secBias)>>blockBits+1)<<blockBits)-secBias, 0).UTC()
	start := edge.Add(-90 * time.Minute)
	var calls []kpi.Call
	for sec := range 3 * 3600 {
		for j := range 10 {
			c := call(0, 200, 1)
			c.ReceivedAt = start.Add(time.Duration(sec)*time.Second + time.Duration(j)*100*time.Millisecond)
			calls = append(calls, c)
		}
		if sec%3 == 2 {
			n := len(calls)
			calls[n-10], calls[n-20] = calls[n-20], calls[n-10] // out of order
		}
	}
	var tp Throughput
	for i := range calls {
		require.NoError(t, tp.Add(&calls[i]))
	}
	want := tp.Clone()
	cloneOnly := testing.AllocsPerRun(1, func() { c := tp.Clone(); _ = c })
	cloneCompact := testing.AllocsPerRun(1, func() { c := tp.Clone(); c.Compact() })
	require.Equal(t, 3.0, cloneOnly, "the blocks and two entry slices")
	require.Equal(t, 1.0, cloneCompact-cloneOnly, "Compact: one allocation, the entries")
	tp.Compact()
	require.Len(t, tp.sec.b, 2, "two blocks")
	require.Equal(t, 3*3600, tp.SecondsWithTraffic())
	// 192 + 2·32 + 4·10,800 = 43,456 bytes: 4.024 bytes per active second.
	require.Equal(t, 43_456, tp.RetainedBytes())
	require.LessOrEqual(t, tp.RetainedBytes(), 4*tp.SecondsWithTraffic()+throughputHeader+2*32)
	require.True(t, tp.Equal(&want))
	require.Equal(t, want.Peak(), tp.Peak())
	require.Zero(t, testing.AllocsPerRun(5, tp.Compact), "already compact")

	// Still usable: a late call, a new second, then Reset and a refill.
	late := calls[5]
	require.NoError(t, tp.Add(&late))
	require.NoError(t, want.Add(&late))
	require.True(t, tp.Equal(&want))
	tp.Reset()
	for i := range calls {
		require.NoError(t, tp.Add(&calls[i]))
	}
	require.NoError(t, tp.Add(&late))
	require.True(t, tp.Equal(&want))
	tp.Compact()
	require.Equal(t, 43_456, tp.RetainedBytes())

	// PIPS: the same table, its own 200-byte header.
	var p PIPS
	for i := range calls {
		require.NoError(t, p.Add(&calls[i]))
	}
	p.Compact()
	require.Equal(t, 200+2*32+4*3*3600, p.RetainedBytes())
	m, ok := p.Max()
	require.True(t, ok)
	require.Equal(t, uint64(10), m)

	// An empty table, or one emptied by Reset, compacts to the header.
	var empty Throughput
	empty.Compact()
	require.Equal(t, throughputHeader, empty.RetainedBytes())
	tp.Reset()
	tp.Compact()
	require.Equal(t, throughputHeader, tp.RetainedBytes())
}

// Max PIPS, DEFAULT any 2xx against the CBB 1.7 OPTION 200/201/204, on
// one input.
func TestPF_TPS_1_MaxPIPSOption(t *testing.T) {
	at := func(ms, status int) kpi.Call {
		return call(time.Duration(ms)*time.Millisecond, status, time.Millisecond)
	}
	calls := []kpi.Call{
		at(0, 201), at(100, 202), at(200, 202), at(300, 202), // second 0
		at(1000, 200), at(1100, 204), at(1200, 204), at(1300, 500), // second 1
	}
	def, strict := NewPIPS(PIPSOptions{}), NewPIPS(PIPSOptions{Success: CBBStrict})
	for i := range calls {
		require.NoError(t, def.Add(&calls[i]))
		require.NoError(t, strict.Add(&calls[i]))
	}
	// Any 2xx: second 0 has 4 (201, 202, 202, 202), second 1 has 3
	// (200, 204, 204): Max PIPS 4.
	m, ok := def.Max()
	require.True(t, ok)
	require.Equal(t, uint64(4), m)
	require.Equal(t, uint64(7), def.Successful())
	// 200/201/204 only: second 0 has 1 (201), second 1 has 3: Max PIPS 3,
	// in second 1.
	m, sec, ok := strict.MaxAt()
	require.True(t, ok)
	require.Equal(t, uint64(3), m)
	require.Equal(t, t0.Add(time.Second), sec)
	require.Equal(t, uint64(4), strict.Successful())
	require.Equal(t, uint64(8), strict.Payments())

	// Different options do not merge; an empty side does.
	require.ErrorIs(t, def.Merge(&strict), kpi.ErrOptionsDiffer)
	var empty PIPS
	require.NoError(t, empty.Merge(&strict))
	require.Equal(t, PIPSOptions{Success: CBBStrict}, empty.Options())
}

// Max PIPS: no payment call at all is no data (CBB: NULL); payments none of
// which succeeded give 0.
func TestPF_TPS_1_MaxPIPSEmpty(t *testing.T) {
	var p PIPS
	_, ok := p.Max()
	require.False(t, ok)
	_, _, ok = p.MaxAt()
	require.False(t, ok)
	failed := call(0, 500, time.Millisecond)
	require.NoError(t, p.Add(&failed))
	m, ok := p.Max()
	require.True(t, ok)
	require.Equal(t, uint64(0), m)
	_, sec, _ := p.MaxAt()
	require.True(t, sec.IsZero())

	bad := call(0, 200, -1)
	require.ErrorIs(t, p.Add(&bad), kpi.NegativeTTLB)
	far := call(0, 200, 1)
	far.ReceivedAt = time.Date(800, 1, 1, 0, 0, 0, 0, time.UTC)
	require.ErrorIs(t, p.Add(&far), ErrOutOfRange)
	rej := p.Rejections()
	require.Equal(t, uint64(1), rej.Total())
	require.Equal(t, uint64(1), p.OutOfRange())
	require.Equal(t, uint64(1), p.Payments())
	p.Reset()
	require.Equal(t, uint64(0), p.Payments())
	odd := NewPIPS(PIPSOptions{Success: 42})
	require.ErrorIs(t, PIPSOptions{Success: 42}.Validate(), ErrBadOptions)
	good := call(0, 200, 1)
	require.ErrorIs(t, odd.Add(&good), ErrBadOptions, "an unknown option is refused, not read as the default")
	require.Zero(t, odd.Payments())
}

// Merging days that share most of their seconds (the endpoints' days of
// a daily report into the interface's) keeps the merged entries once the
// table is finished (Compact, as Close does): 40 endpoints with a call in
// every second of the same 20,000 seconds (each an in-order table of
// 20,000 entries, the two tables merged in one pass each time) merge into
// 20,000 entries, 80,000 bytes, where the joint length of the last merge
// alone was 40,000 entries (a merge keeps that as room, so that merging
// the same seconds again allocates nothing: the accumulator contract).
// Bound: the header, two blocks, and the entries.
func TestThroughputMergeOverlapKeepsEntries(t *testing.T) {
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	eps := make([]Throughput, 40)
	for e := range eps {
		for s := range 20_000 {
			c := kpi.Call{ReceivedAt: day.Add(time.Duration(s) * time.Second), Endpoint: "GET /x", Status: 200}
			require.NoError(t, eps[e].Add(&c))
		}
		eps[e].Compact()
	}
	// Two by two, as a book's interface rows are merged.
	xs := make([]*Throughput, len(eps))
	for e := range eps {
		c := eps[e].Clone()
		xs[e] = &c
	}
	for len(xs) > 1 {
		n := 0
		for i := 0; i < len(xs); i += 2 {
			if i+1 < len(xs) {
				require.NoError(t, xs[i].Merge(xs[i+1]))
			}
			xs[n] = xs[i]
			n++
		}
		xs = xs[:n]
	}
	all := xs[0]
	require.Equal(t, uint64(40*20_000), all.Calls())
	require.Equal(t, 20_000, all.SecondsWithTraffic())
	require.Equal(t, uint64(40), all.Peak())
	all.Compact()
	require.LessOrEqual(t, all.RetainedBytes(), throughputHeader+2*32+4*20_000)
}

// Property: a packed table (Pack) reads as the table it packs, is read
// by a Merge without being changed, unpacks when changed (an Add, a
// Merge into it, itself included), and never holds more than its
// entries would.
func TestPropThroughputPackIsTransparent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		calls := genTPSCalls(t)
		k := rapid.IntRange(0, len(calls)).Draw(t, "k")
		plain, packed := throughputOf(calls[:k]), throughputOf(calls[:k])
		packed.Pack()
		pc := plain.Clone()
		entries := 4 * pc.sec.entries()
		var z []byte
		if packed.sec.isPacked() {
			z = slices.Clone(packed.sec.packedBytes())
			if len(z) >= entries {
				t.Fatalf("packed %d bytes, entries %d", len(z), entries)
			}
		}
		if throughputFigures(&packed) != throughputFigures(&plain) || packed.SecondsWithTraffic() != plain.SecondsWithTraffic() {
			t.Fatalf("packed reads %+v, plain %+v", throughputFigures(&packed), throughputFigures(&plain))
		}
		var a, b Throughput
		require.NoError(t, a.Merge(&packed))
		require.NoError(t, b.Merge(&plain))
		if z != nil && !slices.Equal(z, packed.sec.packedBytes()) {
			t.Fatal("a reading or a Merge from it changed the packed table")
		}
		if !a.sec.equal(&b.sec) || throughputFigures(&a) != throughputFigures(&b) {
			t.Fatal("merged from packed differs")
		}
		// Into a packed table, then more calls, then itself.
		rest := throughputOf(calls[k:])
		r1, r2 := rest.Clone(), rest.Clone()
		r1.Pack()
		require.NoError(t, r1.Merge(&packed))
		require.NoError(t, r2.Merge(&plain))
		for i := range calls[k:] {
			_ = packed.Add(&calls[k+i])
			_ = plain.Add(&calls[k+i])
		}
		whole := throughputOf(calls)
		for _, got := range []*Throughput{&r1, &r2, &packed, &plain} {
			if throughputFigures(got) != throughputFigures(&whole) || !got.sec.equal(&whole.sec) {
				t.Fatalf("%+v, want %+v", throughputFigures(got), throughputFigures(&whole))
			}
		}
		packed.Pack()
		require.NoError(t, packed.Merge(&packed))
		require.NoError(t, whole.Merge(&whole))
		if !packed.Equal(&whole) {
			t.Fatal("a packed table merged into itself")
		}
		checkCanonical(t, &packed.sec)
	})
}

// Pack: a call in every second of a day is one byte a second (gap 1,
// count 1), 86,400 bytes where Compact keeps 345,600 and two blocks at
// most; a second with more calls than an entry holds (40,000 > 32,767)
// and gaps past a byte's 32 s and past a block's 2^17 s read back exact.
// It allocates once, the bytes; reading it allocates nothing.
func TestThroughputPack(t *testing.T) {
	var day Throughput
	for s := range 86_400 {
		c := call(time.Duration(s)*time.Second, 200, 1)
		require.NoError(t, day.Add(&c))
	}
	want := day.Clone()
	require.Equal(t, 1.0, testing.AllocsPerRun(1, func() { c := day.Clone(); c.Pack() })-testing.AllocsPerRun(1, func() { c := day.Clone(); _ = c }))
	day.Pack()
	// 86,400 bytes, and 7 for the first second (a 0xFF byte, its 36-bit
	// key from 0 in a 6-byte uvarint, its count), in 21,602 words, in the
	// blocks' own slice (the day's two blocks).
	require.Equal(t, throughputHeader+2*32+4*21_602, day.RetainedBytes())
	require.Zero(t, testing.AllocsPerRun(5, func() { _, _, _ = day.PeakAt(); _ = day.SecondsWithTraffic() }))
	require.Equal(t, 86_400, day.SecondsWithTraffic())
	require.True(t, day.Equal(&want))

	var odd Throughput
	at := []time.Duration{0, 5 * time.Second, 200_000 * time.Second, 200_001 * time.Second, 200_004 * time.Second}
	n := []int{40_000, 1, 64, 2, 63}
	for i := range at {
		for range n[i] {
			c := call(at[i], 200, 1)
			require.NoError(t, odd.Add(&c))
		}
	}
	wantOdd := odd.Clone()
	odd.Pack()
	require.True(t, odd.sec.isPacked())
	// 40,000 from key 0 (0xFF, the 36-bit key in 6 uvarint bytes, 40,000
	// in 3), a gap of 5 with 1 (one byte, 0x80 | 4<<2 | 0 = 144), of
	// 199,995 with 64 (0xFF, 3 bytes, 1), of 1 with 2 (one byte, 0<<5 | 1
	// = 1), of 3 with 63 (63 > 32 and > 4: 0xFF, 3, 63): 10 + 1 + 5 + 1 +
	// 3 = 20 bytes.
	z := odd.sec.packedBytes()
	require.Len(t, z, 20)
	require.Equal(t, byte(144), z[10])
	require.Equal(t, []byte{1, 0xFF, 3, 63}, z[16:])
	peak, peakAt, ok := odd.PeakAt()
	require.True(t, ok)
	require.Equal(t, uint64(40_000), peak)
	require.True(t, peakAt.Equal(t0))
	require.Equal(t, 5, odd.SecondsWithTraffic())
	require.True(t, odd.Equal(&wantOdd))
	require.False(t, odd.sec.isPacked(), "Equal unpacks")
	// Unpacked canonical: the 40,000 calls as 7,233 then a full 32,767.
	sec0 := uint32(uint64(t0.Unix()+secBias) & blockMask)
	require.Equal(t, []uint32{sec0<<countBits | 7_233, sec0<<countBits | countMax}, odd.sec.b[0].e[:2])
}

// PIPS.Pack packs the payments' table as Throughput.Pack does: 2xx
// payments at 00:00:01 (three), :02, :03, :04 (one each) and :09 (two)
// give a Max PIPS of 3 at 00:00:01 before and after, in 1 + 6 + 1 bytes
// (the first second: 0xFF, its key in six uvarint bytes, its count), a
// byte each for the next three (gap 1, count 1: 0) and one for the last
// (gap 5, count 2: 0x80 | 4<<2 | 1): 12 bytes where its five entries take
// 20; a later payment unpacks it when it is written.
func TestPIPSPack(t *testing.T) {
	p := NewPIPS(PIPSOptions{})
	for _, s := range []int{1, 1, 1, 2, 3, 4, 9, 9} {
		c := call(time.Duration(s)*time.Second, 201, time.Millisecond)
		c.Endpoint = "POST /domestic-payments"
		require.NoError(t, p.Add(&c))
	}
	want := p.Clone()
	p.Pack()
	require.True(t, p.sec.isPacked())
	require.Equal(t, []byte{0, 0, 0, 0x91}, p.sec.packedBytes()[8:])
	n, at, ok := p.MaxAt()
	require.True(t, ok)
	require.Equal(t, uint64(3), n)
	require.True(t, at.Equal(t0.Add(time.Second)))
	c := call(9*time.Second, 201, time.Millisecond)
	c.Endpoint = "POST /domestic-payments"
	require.NoError(t, p.Add(&c))
	require.NoError(t, want.Add(&c))
	// 00:00:09 now has three too: the earliest keeps the peak. The call
	// waits as the pending run; the reading writes it, unpacking.
	n, at, _ = p.MaxAt()
	require.Equal(t, uint64(3), n)
	require.True(t, at.Equal(t0.Add(time.Second)))
	require.False(t, p.sec.isPacked())
	require.True(t, p.Equal(&want))
}

// Rule PF-TPS-1 through MergeAll: many tables summed in one pass count
// every second as merging them one at a time does.
func TestPropThroughputMergeAllEqualsMerge(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		calls := genTPSCalls(t)
		parts := split(t, calls)
		os := make([]*Throughput, len(parts))
		args := make([]Throughput, len(parts))
		for i, p := range parts {
			tp := throughputOf(p)
			if rapid.Bool().Draw(t, "pack") {
				tp.Pack()
			}
			os[i], args[i] = &tp, tp.Clone()
		}
		var got Throughput
		if len(os) > 0 && rapid.Bool().Draw(t, "into a part") {
			got = os[0].Clone()
		}
		want := got.Clone()
		if len(os) > 0 && rapid.Bool().Draw(t, "nil") {
			os = append(os, nil)
		}
		for _, o := range os {
			require.NoError(t, want.Merge(o))
		}
		require.NoError(t, got.MergeAll(os...))
		for i := range args {
			if !sameTable(&os[i].sec, &args[i].sec) {
				t.Fatal("MergeAll changed its argument")
			}
		}
		checkCanonical(t, &got.sec)
		if !got.sec.equal(&want.sec) || throughputFigures(&got) != throughputFigures(&want) ||
			got.Rejections() != want.Rejections() || got.OutOfRange() != want.OutOfRange() {
			t.Fatalf("MergeAll %+v\nMerge    %+v", got, want)
		}

		// The dense sum itself, wherever its span allows one, whichever
		// way mergeMany chose.
		secs := []*perSecond{}
		lo, hi := uint64(math.MaxUint64), uint64(0)
		for i := range args {
			secs = append(secs, &args[i].sec)
			args[i].sec.keys(func(key, _ uint64) { lo, hi = min(lo, key), max(hi, key) })
		}
		if lo <= hi && hi-lo < denseSpan {
			var dense perSecond
			dense.mergeDense(secs, lo, hi)
			var one perSecond
			for _, s := range secs {
				one.merge(s)
			}
			checkCanonical(t, &dense)
			if !dense.equal(&one) {
				t.Fatal("the dense sum differs from merging one at a time")
			}
		}
	})
}

// MergeAll into itself: t among its arguments counts as it was when
// called, each time, whether its seconds are summed densely (a span of 3
// seconds) or merged one table at a time (a span of 10^6 seconds, 8
// times more than the tables' entries).
func TestThroughputMergeAllSelf(t *testing.T) {
	for _, far := range []time.Duration{2 * time.Second, 1_000_000 * time.Second} {
		var tp Throughput
		for _, at := range []time.Duration{0, 400 * time.Millisecond, far} {
			c := call(at, 200, time.Millisecond)
			require.NoError(t, tp.Add(&c))
		}
		// Seconds 0 (2 calls) and far (1 call), then tp twice more, as it
		// was: 3 times each (not 4, as tp.Merge(&tp) twice would give).
		require.NoError(t, tp.MergeAll(&tp, nil, &tp))
		require.Equal(t, uint64(9), tp.Calls(), "far %v", far)
		require.Equal(t, uint64(6), tp.Peak(), "far %v", far)
		require.Equal(t, 2, tp.SecondsWithTraffic())
		checkCanonical(t, &tp.sec)
	}
}

// A worked sum: seconds 10 and 11 of three tables, one packed, one with
// more calls in a second than an entry holds (32,767).
func TestThroughputMergeAllWorked(t *testing.T) {
	at := func(sec int) kpi.Call { return call(time.Duration(sec)*time.Second, 200, time.Millisecond) }
	var a, b, c Throughput
	for range 2 {
		x := at(10)
		require.NoError(t, a.Add(&x))
	}
	x, y := at(10), at(11)
	require.NoError(t, b.Add(&x))
	for range 3 {
		require.NoError(t, b.Add(&y))
	}
	b.Pack()
	for range 40_000 {
		require.NoError(t, c.Add(&y))
	}
	// Second 10: 2 + 1 = 3 calls; second 11: 3 + 40,000 = 40,003.
	require.NoError(t, a.MergeAll(&b, &c))
	checkCanonical(t, &a.sec)
	require.Equal(t, uint64(40_006), a.Calls())
	peak, when, ok := a.PeakAt()
	require.True(t, ok)
	require.Equal(t, uint64(40_003), peak)
	require.Equal(t, at(11).ReceivedAt.Unix(), when.Unix())
	n := 0
	a.sec.seconds(func(key, count uint64) {
		n++
		require.Equal(t, map[int]uint64{1: 3, 2: 40_003}[n], count)
	})
	require.Equal(t, 2, n)
}

// The packed bytes at the edges of their one-byte forms: a gap of 4 with
// 32 calls is the last near byte (3<<5 | 31 = 127), a gap of 32 with 3
// the last far one (0x80 | 31<<2 | 2 = 254); a gap of 32 with 4 would be
// 0xFF, the escape, so it is written long (0xFF, 32, 4), as a gap of 4
// with 33 is (0xFF, 4, 33).
func TestThroughputPackEdges(t *testing.T) {
	var tp Throughput
	at, n := 0, []int{1, 32, 3, 4, 33}
	gaps := []int{0, 4, 32, 32, 4}
	for i := range n {
		at += gaps[i]
		for range n[i] {
			c := call(time.Duration(at)*time.Second, 200, 1)
			require.NoError(t, tp.Add(&c))
		}
	}
	want := tp.Clone()
	tp.Pack()
	require.True(t, tp.sec.isPacked())
	z := tp.sec.packedBytes()
	require.Equal(t, []byte{127, 254, 0xFF, 32, 4, 0xFF, 4, 33}, z[8:], "after the first second's 8 bytes")
	require.True(t, tp.Equal(&want))
}
