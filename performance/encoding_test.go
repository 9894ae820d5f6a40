package performance

import (
	"math"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
	"github.com/openfinance-kpi/kpi/internal/u128"
	"github.com/openfinance-kpi/kpi/internal/wire"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// Encoding: the binary encodings. For each accumulator: a rapid round trip
// over states built by Add over random splits merged in random order
// (equal value, equal readings, identical bytes when re-encoded), every
// strict prefix fails with wire.ErrTruncated, another kind with
// wire.ErrForeign, a trailing byte with wire.ErrTrailing, the receiver
// unchanged on error (those laws in kpitest.CheckCodec; the sameXxx
// functions compare the value and every reading); worked encodings and
// impossible states by hand; a fuzz target per decoder.

func sameStats(t require.TestingT) func(a, b *Stats) {
	return func(a, b *Stats) {
		require.Equal(t, *a, *b)
		for _, basis := range []Basis{Responded, Only2xx} {
			require.True(t, a.Figures(basis).Equal(b.Figures(basis)), "figures of %v", basis)
		}
		for _, u := range []ByteUnit{MB, MiB} {
			require.True(t, a.MsPerMB(u).Equal(b.MsPerMB(u)))
		}
		require.Equal(t, a.Options(), b.Options())
		require.Equal(t, a.Rejections(), b.Rejections())
	}
}

func TestPropStatsEncodingRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		calls := genCalls(t, "")
		opts := genOptions(t)
		var s Stats
		parts := split(t, calls)
		for _, i := range order(t, len(parts)) {
			p := statsOf(opts, parts[i])
			require.NoError(t, s.Merge(&p))
		}
		kpitest.CheckCodec(t, &s, sameStats(t))
	})
}

func sameHistogram(t require.TestingT) func(a, b *Histogram) {
	return func(a, b *Histogram) {
		require.True(t, a.Equal(b))
		require.Equal(t, *a, *b, "the decoded histogram holds the same pages")
		for _, q := range []float64{0, 0.5, 0.9, 0.95, 0.99, 1} {
			x, okx := a.Quantile(q)
			y, oky := b.Quantile(q)
			require.Equal(t, okx, oky)
			require.Equal(t, x, y, "q=%v", q)
		}
		require.Equal(t, a.RetainedBytes(), b.RetainedBytes())
	}
}

func TestPropHistogramEncodingRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := genDurations(t)
		if rapid.Bool().Draw(t, "negative") {
			ds = append(ds, -1) // a rejection
		}
		var h Histogram
		parts := split(t, ds)
		for _, i := range order(t, len(parts)) {
			p := histogramOf(parts[i])
			h.Merge(&p)
		}
		kpitest.CheckCodec(t, &h, sameHistogram(t))
	})
}

func sameThroughput(t require.TestingT) func(a, b *Throughput) {
	return func(a, b *Throughput) {
		require.True(t, a.Equal(b))
		require.Equal(t, *a, *b)
		require.Equal(t, throughputFigures(a), throughputFigures(b))
		require.Equal(t, a.SecondsWithTraffic(), b.SecondsWithTraffic())
		require.True(t, a.AvgTPS(24*time.Hour).Equal(b.AvgTPS(24*time.Hour)))
		require.True(t, a.AvgReceivedTPS(24*time.Hour).Equal(b.AvgReceivedTPS(24*time.Hour)))
		require.Equal(t, a.Rejections(), b.Rejections())
		require.Equal(t, a.OutOfRange(), b.OutOfRange())
	}
}

func TestPropThroughputEncodingRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		calls := genTPSCalls(t)
		var tp Throughput
		parts := split(t, calls)
		for _, i := range order(t, len(parts)) {
			p := throughputOf(parts[i])
			tp.Merge(&p)
		}
		got := kpitest.CheckCodec(t, &tp, sameThroughput(t))
		checkCanonical(t, &got.sec)
	})
}

func samePIPS(t require.TestingT) func(a, b *PIPS) {
	return func(a, b *PIPS) {
		require.True(t, a.Equal(b))
		require.Equal(t, *a, *b)
		m1, at1, ok1 := a.MaxAt()
		m2, at2, ok2 := b.MaxAt()
		require.Equal(t, []any{m1, at1, ok1}, []any{m2, at2, ok2})
		require.Equal(t, a.Payments(), b.Payments())
		require.Equal(t, a.Successful(), b.Successful())
		require.Equal(t, a.Options(), b.Options())
	}
}

func TestPropPIPSEncodingRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		calls := genTPSCalls(t)
		opts := PIPSOptions{Success: rapid.SampledFrom([]SuccessCodes{Any2xx, CBBStrict}).Draw(t, "success")}
		var p PIPS
		parts := split(t, calls)
		for _, i := range order(t, len(parts)) {
			q := NewPIPS(opts)
			for j := range parts[i] {
				_ = q.Add(&parts[i][j])
			}
			require.NoError(t, p.Merge(&q))
		}
		kpitest.CheckCodec(t, &p, samePIPS(t))
	})
}

func sameExecution(t require.TestingT) func(a, b *Execution) {
	return func(a, b *Execution) {
		require.Equal(t, *a, *b)
		require.True(t, a.Figures().Equal(b.Figures()))
		require.Equal(t, a.Options(), b.Options())
		require.Equal(t, a.Rejections(), b.Rejections())
	}
}

func TestPropExecutionEncodingRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 60).Draw(t, "n")
		opts := ExecutionOptions{Limit: rapid.SampledFrom([]time.Duration{0, time.Second, 3 * time.Second, 5 * time.Second}).Draw(t, "limit")}
		var e Execution
		for range rapid.IntRange(1, 4).Draw(t, "parts") {
			part := NewExecution(opts)
			for range n {
				acc := t0.Add(time.Duration(rapid.Int64Range(0, int64(24*time.Hour)).Draw(t, "acc")))
				d := time.Duration(rapid.Int64Range(-int64(time.Second), int64(10*time.Second)).Draw(t, "exec"))
				if rapid.IntRange(0, 20).Draw(t, "huge") == 0 {
					d = time.Duration(rapid.Int64Range(0, 1<<62).Draw(t, "hugeExec"))
				}
				_ = part.Add(Payment{Accepted: acc, Executed: acc.Add(d)})
			}
			require.NoError(t, e.Merge(&part))
		}
		kpitest.CheckCodec(t, &e, sameExecution(t))
	})
}

// Worked encodings, field by field.

// A Stats with the default options and one 200 call of TTLB 5 ns, no
// TTFB, 3 bytes, unknown records (1 page): PageSize 0, Threshold 0,
// calls 1, bytes (0, 3); the 2xx sums: v 1, T (0, 5), TTFB count 0, TTFB
// (0, 0), pages (0, 1), max 5 (zig-zag 10), within 0; the other sums all
// zero (1 + 2 + 1 + 2 + 2 + 1 + 1 = 10 zero bytes); 11 reasons
// (kpi.NumReasons) of 0.
func TestStatsEncodingBytes(t *testing.T) {
	c := call(0, 200, 5)
	c.ResponseBytes = 3
	s := statsOf(Options{}, []kpi.Call{c})
	b, err := s.MarshalBinary()
	require.NoError(t, err)
	want := []byte{'K', byte(wire.KindStats), 1, 0, 0, 1, 0, 3, 1, 0, 5, 0, 0, 0, 0, 1, 10, 0}
	want = append(want, make([]byte, 10)...)
	want = append(want, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
	require.Equal(t, want, b)
	kpitest.CheckCodec(t, &s, sameStats(t))
	// The options are part of the state: a Stats made with a threshold
	// encodes it (200 ms = 2e8 ns) even when empty, and decodes to it.
	e := NewStats(Options{Threshold: 200 * time.Millisecond, PageSize: 7})
	got := kpitest.CheckCodec(t, &e, sameStats(t))
	require.Equal(t, Options{PageSize: 7, Threshold: 200 * time.Millisecond}, got.Options())
}

// A Histogram of 1000, 1000 and 5000 ns: 1000 lies in bucket 125 + 64·3
// = 317 ([512, 1024) is page 4 = shift 3: index 3·64 + 1000>>3 = 192 +
// 125 = 317), 5000 in [4096, 8192), shift 6: 6·64 + 5000>>6 = 384 + 78 =
// 462. So: n 3, min 1000 (zig-zag 2000), max 5000 (10000), 2 buckets:
// delta 317 with count 2, delta 462-317-1 = 144 with count 1; 11 reasons.
func TestHistogramEncodingBytes(t *testing.T) {
	h := histogramOf([]time.Duration{1000, 1000, 5000})
	require.Equal(t, 317, bucketOf(1000))
	require.Equal(t, 462, bucketOf(5000))
	b, err := h.MarshalBinary()
	require.NoError(t, err)
	want := wire.AppendHeader(nil, wire.KindHistogram, 1)
	for _, x := range []uint64{3} {
		want = wire.AppendUvarint(want, x)
	}
	want = wire.AppendVarint(want, 1000)
	want = wire.AppendVarint(want, 5000)
	for _, x := range []uint64{2, 317, 2, 144, 1, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0} {
		want = wire.AppendUvarint(want, x)
	}
	require.Equal(t, want, b)
	got := kpitest.CheckCodec(t, &h, sameHistogram(t))
	require.Equal(t, 32+416+2*512, got.RetainedBytes(), "header, table, pages 4 and 7 only")
}

// A Throughput of 3 calls in second s and 1 in second s+2 (s = t0's
// second): one block, base key>>17, 2 entries (sec-of-block, 3) and
// (delta 2, 1); responded 4, no rejection (11 reasons of 0).
func TestThroughputEncodingBytes(t *testing.T) {
	tp := throughputOf([]kpi.Call{call(0, 200, 1), call(1, 200, 1), call(2, 500, 1), call(2*time.Second, 201, 1)})
	key, _ := secondKey(t0)
	b, err := tp.MarshalBinary()
	require.NoError(t, err)
	want := wire.AppendHeader(nil, wire.KindThroughput, 1)
	for _, x := range []uint64{4, 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, key >> blockBits, 2, key & blockMask, 3, 2, 1} {
		want = wire.AppendUvarint(want, x)
	}
	require.Equal(t, want, b)
	kpitest.CheckCodec(t, &tp, sameThroughput(t))
}

// States no Add and Merge make are refused with wire.ErrInvalid, and the
// receiver keeps its value.
func TestDecodeInvalid(t *testing.T) {
	hdr := func(k wire.Kind, xs ...uint64) []byte {
		b := wire.AppendHeader(nil, k, 1)
		for _, x := range xs {
			b = wire.AppendUvarint(b, x)
		}
		return b
	}
	rej := []uint64{0} // no reasons listed
	zeroPop := []uint64{0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	pop := func(v, ttlbLo, ttfbN, ttfbLo, pagesLo, maxZigZag, within uint64) []uint64 {
		return []uint64{v, 0, ttlbLo, ttfbN, 0, ttfbLo, 0, pagesLo, maxZigZag, within}
	}
	stats := func(page, threshZigZag, calls uint64, ok, other []uint64) []byte {
		xs := append([]uint64{page, threshZigZag, calls, 0, 0}, ok...)
		xs = append(append(xs, other...), rej...)
		return hdr(wire.KindStats, xs...)
	}
	key, _ := secondKey(t0)
	base, sec := key>>blockBits, key&blockMask
	pipsBytes := func(success byte, payments uint64, table ...uint64) []byte {
		b := append(wire.AppendHeader(nil, wire.KindPIPS, 1), success)
		b = wire.AppendUvarint(wire.AppendUvarint(wire.AppendUvarint(b, payments), 0), 0)
		for _, x := range table {
			b = wire.AppendUvarint(b, x)
		}
		return b
	}
	for name, tc := range map[string]struct {
		b []byte
		v interface{ UnmarshalBinary([]byte) error }
	}{
		"stats: page size 100 not canonical": {stats(200, 0, 0, zeroPop, zeroPop), new(Stats)},
		"stats: negative threshold":          {stats(0, 1, 0, zeroPop, zeroPop), new(Stats)},
		"stats: more responded than calls":   {stats(0, 0, 1, pop(2, 10, 0, 0, 2, 10, 0), zeroPop), new(Stats)},
		"stats: average above max":           {stats(0, 0, 1, pop(1, 10, 0, 0, 1, 8, 0), zeroPop), new(Stats)},
		"stats: within without threshold":    {stats(0, 0, 1, pop(1, 10, 0, 0, 1, 20, 1), zeroPop), new(Stats)},
		"stats: fewer pages than calls":      {stats(0, 0, 1, pop(1, 10, 0, 0, 0, 20, 0), zeroPop), new(Stats)},
		"stats: sums without calls":          {stats(0, 0, 0, zeroPop, pop(0, 10, 0, 0, 0, 0, 0)), new(Stats)},
		"stats: all within, max above":       {stats(0, 10, 1, pop(1, 10, 0, 0, 1, 20, 1), zeroPop), new(Stats)}, // Threshold 5 ns, the one TTLB 10 ns
		"stats: max within, not all within":  {stats(0, 20, 1, pop(1, 10, 0, 0, 1, 20, 0), zeroPop), new(Stats)}, // Threshold 10 ns, max 10 ns
		"stats: TTFB sum without TTFBs":      {stats(0, 0, 1, pop(1, 10, 0, 5, 1, 20, 0), zeroPop), new(Stats)},
		"stats: TTFB sum above max·TTFBs":    {stats(0, 0, 2, pop(2, 20, 1, 11, 2, 20, 0), zeroPop), new(Stats)}, // max 10 ns, one TTFB of 11
		"stats: pages past v·ceil(MaxInt64/P)": {hdr(wire.KindStats, append(append([]uint64{0, 0, 2, 0, 0},
			2, 0, 20, 0, 0, 0, 0, maxPages2+1, 20, 0), append(zeroPop, rej...)...)...), new(Stats)},
		"stats: 2^128-1 pages": {hdr(wire.KindStats, append(append([]uint64{0, 0, 2, 0, 0},
			2, 0, 20, 0, 0, 0, ^uint64(0), ^uint64(0), 20, 0), append(zeroPop, rej...)...)...), new(Stats)},
		"stats: bytes past calls·MaxInt64":   {hdr(wire.KindStats, append([]uint64{0, 0, 1, 0, 1 << 63}, append(append(zeroPop, zeroPop...), rej...)...)...), new(Stats)},
		"histogram: n 1, min != max":         {hdr(wire.KindHistogram, 1, 2000, 2014, 1, 317, 1, 0), new(Histogram)}, // 1000 and 1007 ns share bucket 317
		"histogram: counts do not sum to n":  {hdr(wire.KindHistogram, 2, 20, 20, 1, 10, 1, 0), new(Histogram)},
		"histogram: zero count":              {hdr(wire.KindHistogram, 0, 0, 0, 1, 10, 0, 0), new(Histogram)},
		"histogram: bucket out of range":     {hdr(wire.KindHistogram, 1, 0, 0, 1, 5000, 1, 0), new(Histogram)},
		"histogram: min not in first bucket": {hdr(wire.KindHistogram, 1, 18, 20, 1, 10, 1, 0), new(Histogram)},
		"throughput: responded > calls":      {hdr(wire.KindThroughput, 2, 0, 0, 1, base, 1, sec, 1), new(Throughput)},
		"throughput: count 0":                {hdr(wire.KindThroughput, 0, 0, 0, 1, base, 1, sec, 0), new(Throughput)},
		"throughput: count past 15 bits":     {hdr(wire.KindThroughput, 0, 0, 0, 1, base, 1, sec, countMax+1), new(Throughput)},
		"throughput: repeated non-full":      {hdr(wire.KindThroughput, 0, 0, 0, 1, base, 2, sec, 1, 0, 1), new(Throughput)},
		"throughput: second past the block":  {hdr(wire.KindThroughput, 0, 0, 0, 1, base, 1, blockMask+1, 1), new(Throughput)},
		"throughput: blocks not ascending":   {hdr(wire.KindThroughput, 0, 0, 0, 2, base, 1, sec, 1, 0, 1, sec, 1), new(Throughput)},
		"throughput: base out of range":      {hdr(wire.KindThroughput, 0, 0, 0, 1, maxBase+1, 1, sec, 1), new(Throughput)},
		"pips: unknown success codes":        {pipsBytes(2, 0, 0), new(PIPS)},
		"pips: more successes than payments": {pipsBytes(0, 0, 1, base, 1, sec, 1), new(PIPS)},
		"execution: within > n":              {hdr(wire.KindExecution, 0, 1, 0, 10, 20, 2, 0), new(Execution)},
		"execution: sum above max·n":         {hdr(wire.KindExecution, 0, 1, 0, 10, 8, 0, 0), new(Execution)},
		"execution: limit 3 s not canonical": {hdr(wire.KindExecution, 6e9, 0, 0, 0, 0, 0, 0), new(Execution)},
		"execution: max within, not all":     {hdr(wire.KindExecution, 0, 1, 0, 10, 20, 0, 0), new(Execution)},  // 10 ns, within 3 s
		"execution: all within, max above":   {hdr(wire.KindExecution, 10, 1, 0, 10, 20, 1, 0), new(Execution)}, // limit 5 ns, 10 ns
		"execution: unknown reason counted":  {hdr(wire.KindExecution, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 1), new(Execution)},
	} {
		err := tc.v.UnmarshalBinary(tc.b)
		require.ErrorIs(t, err, wire.ErrInvalid, name)
		require.Contains(t, err.Error(), "performance.", name)
	}

	// The twins one step inside each new bound decode: the bounds are
	// where Add can reach, not short of it.
	for name, tc := range map[string]struct {
		b []byte
		v interface{ UnmarshalBinary([]byte) error }
	}{
		"stats: threshold 10 ns, max 10 ns, all within": {stats(0, 20, 1, pop(1, 10, 0, 0, 1, 20, 1), zeroPop), new(Stats)},
		"stats: threshold 5 ns, max 10 ns, none within": {stats(0, 10, 1, pop(1, 10, 0, 0, 1, 20, 0), zeroPop), new(Stats)},
		"stats: TTFB sum max·TTFBs":                     {stats(0, 0, 2, pop(2, 20, 1, 10, 2, 20, 0), zeroPop), new(Stats)},
		"stats: pages v·ceil(MaxInt64/P)": {hdr(wire.KindStats, append(append([]uint64{0, 0, 2, 0, 0},
			2, 0, 20, 0, 0, 0, 0, maxPages2, 20, 0), append(zeroPop, rej...)...)...), new(Stats)},
		"stats: bytes calls·MaxInt64": {hdr(wire.KindStats, append([]uint64{0, 0, 1, 0, 1<<63 - 1}, append(append(zeroPop, zeroPop...), rej...)...)...), new(Stats)},
		"histogram: n 1, min = max":   {hdr(wire.KindHistogram, 1, 2000, 2000, 1, 317, 1, 0), new(Histogram)},
		"histogram: n 2, min != max":  {hdr(wire.KindHistogram, 2, 2000, 2014, 1, 317, 2, 0), new(Histogram)},
		"execution: max within, all":  {hdr(wire.KindExecution, 0, 1, 0, 10, 20, 1, 0), new(Execution)},
		"execution: max above, none":  {hdr(wire.KindExecution, 10, 1, 0, 10, 20, 0, 0), new(Execution)},
	} {
		require.NoError(t, tc.v.UnmarshalBinary(tc.b), name)
	}
}

// maxPages2 is the most pages two calls can add at the default page size
// P = 100 (Rule PF-PAGE-1): each at most ceil((2^63 - 1) / 100) =
// ceil(92,233,720,368,547,758.07) = 92,233,720,368,547,759, so 2 · that.
const maxPages2 = 2 * 92_233_720_368_547_759

// Those bounds are reached: two calls of MaxInt64 records and bytes.
func TestDecodeBoundsReached(t *testing.T) {
	c := call(0, 200, 10)
	c.Records, c.ResponseBytes = math.MaxInt64, math.MaxInt64
	var s Stats
	require.NoError(t, s.Add(&c))
	require.NoError(t, s.Add(&c))
	require.Equal(t, uint64(maxPages2), s.Pages(Responded))
	b, err := s.MarshalBinary()
	require.NoError(t, err)
	var d Stats
	require.NoError(t, d.UnmarshalBinary(b))
	require.Equal(t, s, d)
}

// fuzzDecode is the body of every FuzzUnmarshalXxx: decoding any bytes
// never panics; when it succeeds, the value re-encodes and decodes to an
// equal value, and use (readings, a merge into a copy) does not panic.
func fuzzDecode[T any, P kpitest.Codec[T]](t *testing.T, b []byte, same func(a, b P), use func(P)) {
	v := P(new(T))
	if v.UnmarshalBinary(b) != nil {
		return
	}
	again, err := v.MarshalBinary()
	require.NoError(t, err)
	w := P(new(T))
	require.NoError(t, w.UnmarshalBinary(again))
	same(v, w)
	use(w)
}

func seeds[T any, P kpitest.Codec[T]](f *testing.F, vs ...P) {
	for _, v := range vs {
		b, err := v.MarshalBinary()
		require.NoError(f, err)
		f.Add(b)
	}
}

var fuzzSeedCalls = []kpi.Call{
	call(0, 200, 120*time.Millisecond), call(0, 201, 5*time.Second), call(time.Second, 503, time.Millisecond),
	call(2*time.Second, 0, time.Minute), call(2*time.Second, 404, 0), call(90_000*time.Second, 302, 1<<41),
}

func FuzzUnmarshalStats(f *testing.F) {
	s := statsOf(Options{Threshold: time.Second, PageSize: 7}, fuzzSeedCalls)
	var zero Stats
	seeds(f, &s, &zero)
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzDecode(t, b, sameStats(t), func(s *Stats) {
			_ = s.Figures(Responded)
			_ = s.Figures(Only2xx)
			for _, basis := range []Basis{Responded, Only2xx} {
				// A decoded state never lies: with calls in the basis, the
				// averages exist and lie between 0 and the maximum, and
				// the per-page average too (no page sum wrapped).
				if s.Volume(basis) == 0 {
					continue
				}
				mx, _ := s.MaxTTLB(basis)
				maxMs := ms(u128.From(uint64(mx)), true)
				require.True(t, s.AvgTTLBMs(basis).OK())
				require.LessOrEqual(t, s.AvgTTLBMs(basis).Cmp(maxMs), 0)
				require.True(t, s.AvgTTLBPerPageMs(basis).OK())
				require.LessOrEqual(t, s.AvgTTLBPerPageMs(basis).Cmp(maxMs), 0)
				require.GreaterOrEqual(t, s.Pages(basis), s.Volume(basis))
				if w, of := s.WithinThreshold(basis); of != 0 {
					require.Equal(t, w == of, mx <= s.Options().Threshold)
				}
			}
			_ = s.MsPerMB(MiB)
			c := *s
			_ = c.Merge(s)
		})
	})
}

func FuzzUnmarshalHistogram(f *testing.F) {
	h := histogramOf([]time.Duration{0, 5, 1000, 120 * time.Millisecond, 5 * time.Second, 1 << 41})
	var zero Histogram
	seeds(f, &h, &zero)
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzDecode(t, b, sameHistogram(t), func(h *Histogram) {
			if h.Count() == 1 {
				mn, _ := h.Min()
				mx, _ := h.Max()
				require.Equal(t, mn, mx)
			}
			for _, q := range []float64{0, 0.5, 0.99, 1} {
				_, _ = h.Quantile(q)
			}
			c := h.Clone()
			c.Merge(h)
			require.Equal(t, 2*h.Count(), c.Count())
		})
	})
}

func FuzzUnmarshalThroughput(f *testing.F) {
	tp := throughputOf(fuzzSeedCalls)
	var zero Throughput
	seeds(f, &tp, &zero)
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzDecode(t, b, sameThroughput(t), func(tp *Throughput) {
			c := tp.Clone()
			c.Merge(tp)
			late := call(-time.Hour, 200, 1)
			_ = c.Add(&late)
			require.Equal(t, 2*tp.Calls()+1, c.Calls())
			_ = c.Peak()
		})
	})
}

func FuzzUnmarshalPIPS(f *testing.F) {
	p := NewPIPS(PIPSOptions{Success: CBBStrict})
	for i := range fuzzSeedCalls {
		_ = p.Add(&fuzzSeedCalls[i])
	}
	var zero PIPS
	seeds(f, &p, &zero)
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzDecode(t, b, samePIPS(t), func(p *PIPS) {
			// Merged into a copy of itself: doubled, or refused with
			// ErrMergeOverflow and the copy unchanged when a decoded
			// count is past half the range (Merge's contract).
			c := p.Clone()
			if err := c.Merge(p); err != nil {
				require.ErrorIs(t, err, kpi.ErrMergeOverflow)
				samePIPS(t)(&c, p)
			} else {
				doubled(t, p.Payments(), c.Payments())
				doubled(t, p.Successful(), c.Successful())
				doubled(t, p.OutOfRange(), c.OutOfRange())
				for r, n := range p.Rejections() {
					doubled(t, n, c.Rejections()[r])
				}
			}
			_, _ = c.Max()
		})
	})
}

// doubled checks that twice n, with no wrap past 2^64 - 1, is got: a
// count merged with itself.
func doubled(t *testing.T, n, got uint64) {
	t.Helper()
	require.LessOrEqual(t, n, uint64(math.MaxUint64/2), "a merge that wraps around")
	require.Equal(t, 2*n, got)
}

func FuzzUnmarshalExecution(f *testing.F) {
	e := NewExecution(ExecutionOptions{Limit: time.Second})
	_ = e.Add(payment(0, 2*time.Second))
	_ = e.Add(payment(0, 500*time.Millisecond))
	_ = e.Add(payment(0, -time.Second))
	var zero Execution
	seeds(f, &e, &zero)
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzDecode(t, b, sameExecution(t), func(e *Execution) {
			_ = e.Figures()
			if mx, ok := e.Max(); ok {
				w, of := e.Within()
				require.Equal(t, w == of, mx <= e.Options().Limit)
			}
			// Merged into a copy of itself: doubled, or refused with
			// ErrMergeOverflow and the copy unchanged when a decoded
			// count is past half the range (Merge's contract; the
			// corpus holds a payment count of 2^63 and more).
			c := *e
			if err := c.Merge(e); err != nil {
				require.ErrorIs(t, err, kpi.ErrMergeOverflow)
				sameExecution(t)(&c, e)
			} else {
				doubled(t, e.Count(), c.Count())
				w, _ := e.Within()
				cw, _ := c.Within()
				doubled(t, w, cw)
				for r, n := range e.Rejections() {
					doubled(t, n, c.Rejections()[r])
				}
			}
		})
	})
}
