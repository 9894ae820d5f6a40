package performance

import (
	"math"
	"math/big"
	"testing"
	"time"
	"unsafe"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
)

// Rule PF-AVG-1 OPTION: the same calls read over responded calls (DEFAULT)
// and over 2xx only give different averages.
func TestPF_AVG_1_OptionOnly2xx(t *testing.T) {
	calls := []kpi.Call{
		call(0, 200, 100*time.Millisecond),
		call(time.Second, 404, 40*time.Millisecond),
		call(2*time.Second, 503, 900*time.Millisecond),
	}
	s := statsOf(Options{}, calls)
	// Responded: V = 3, T = 100 + 40 + 900 = 1040 ms, Avg = 1040/3 ms.
	require.Equal(t, uint64(3), s.Responded())
	requireRatio(t, "1040/3", s.AvgTTLBMs(Responded), "DEFAULT")
	// Only2xx: V = 1, T = 100 ms, Avg = 100 ms.
	require.Equal(t, uint64(1), s.Volume(Only2xx))
	requireRatio(t, "100", s.AvgTTLBMs(Only2xx), "OPTION")
	// A Basis that names nothing reads as the DEFAULT, without panicking.
	requireRatio(t, "1040/3", s.AvgTTLBMs(Basis(9)), "bad basis")
}

// Rule PF-AVG-2: the group average is ΣT/ΣV, not the mean of the
// endpoints' averages.
func TestPF_AVG_2_GroupIsPooledNotMeanOfAverages(t *testing.T) {
	a := statsOf(Options{}, []kpi.Call{call(0, 201, 100*time.Millisecond)})
	b := statsOf(Options{}, []kpi.Call{
		call(0, 201, 400*time.Millisecond),
		call(time.Second, 201, 400*time.Millisecond),
		call(2*time.Second, 201, 400*time.Millisecond),
	})
	// Endpoint averages: A = 100 ms, B = 1200/3 = 400 ms; their mean is
	// (100 + 400) / 2 = 250 ms, which is NOT the group figure.
	requireRatio(t, "100", a.AvgTTLBMs(Responded), "A")
	requireRatio(t, "400", b.AvgTTLBMs(Responded), "B")
	// Pool: ΣT = 100 + 1200 = 1300 ms, ΣV = 1 + 3 = 4, 1300/4 = 325 ms.
	requireRatio(t, "325", PooledAvgTTLBMs([]*Stats{&a, nil, &b}, Responded), "group")
	g, err := Pool([]*Stats{&a, &b})
	require.NoError(t, err)
	requireRatio(t, "325", g.AvgTTLBMs(Responded), "Pool then read")
	ref, err := ReferencePooledAvgTTLBMs([][]kpi.Call{
		{call(0, 201, 100*time.Millisecond)},
		{call(0, 201, 400*time.Millisecond), call(time.Second, 201, 400*time.Millisecond), call(2*time.Second, 201, 400*time.Millisecond)},
	}, Responded)
	require.NoError(t, err)
	requireRatio(t, "325", ref, "reference")
	requireRatio(t, "nodata", PooledAvgTTLBMs(nil, Responded), "empty group")
}

// Rules PF-AVG-2 and PF-PAGE-1: bank data per page across a group.
func TestPF_AVG_2_GroupPerPage(t *testing.T) {
	c1 := call(0, 200, 300*time.Millisecond)
	c1.Records = 250 // 3 pages
	c2 := call(0, 200, 100*time.Millisecond)
	c2.Records = 0 // 1 page
	a, b := statsOf(Options{}, []kpi.Call{c1}), statsOf(Options{}, []kpi.Call{c2})
	// Σ T = 400 ms over Σ pages = 4: 100 ms per page.
	requireRatio(t, "100", PooledAvgTTLBPerPageMs([]*Stats{&a, &b}, Responded), "per page")
}

// Rule PF-MB-1 OPTION: the same calls per MB and per MiB.
func TestPF_MB_1_OptionMiB(t *testing.T) {
	c := call(0, 200, 1000*time.Millisecond)
	c.ResponseBytes = 1 << 20 // exactly one MiB = 1.048576 MB
	s := statsOf(Options{}, []kpi.Call{c})
	// MB: 1000 ms / 1.048576 MB = 1000 / (1048576/10^6) = 10^9 / 1048576
	// = 953.67431640625 ms per MB.
	requireRatio(t, "953.67431640625", s.MsPerMB(MB), "MB")
	// MiB: 1000 ms / 1 MiB = 1000 ms per MiB.
	requireRatio(t, "1000", s.MsPerMB(MiB), "MiB")
	require.Equal(t, "1048576", s.ResponseBytes().String())
}

// Rule PF-PAGE-1: the records of the brief, 0 (unknown), 1, 100, 101.
func TestPF_PAGE_1_PagesOf(t *testing.T) {
	for _, tc := range []struct {
		records  int64
		pageSize int
		want     uint64
	}{
		{0, 100, 1}, // unknown = 1 page
		{1, 100, 1},
		{100, 100, 1},
		{101, 100, 2},
		{250, 0, 3}, // PageSize 0 means 100
		{5, 1, 5},
		{math.MaxInt64, 1, math.MaxInt64},
		{math.MaxInt64, 100, (math.MaxInt64-1)/100 + 1},
	} {
		require.Equal(t, tc.want, pagesOf(tc.records, tc.pageSize), "R=%d P=%d", tc.records, tc.pageSize)
	}
}

// Rule PF-PAGE-1: Σ pages past 2^64 stays exact in PagesBig, and Pages
// saturates rather than wrapping.
func TestPF_PAGE_1_PagesPast64Bits(t *testing.T) {
	c := call(0, 200, time.Millisecond)
	c.Records = math.MaxInt64
	s := statsOf(Options{PageSize: 1}, []kpi.Call{c, c, c})
	want := new(big.Int).Mul(big.NewInt(math.MaxInt64), big.NewInt(3)) // 27670116110564327421
	require.Equal(t, "27670116110564327421", want.String())
	require.Zero(t, want.Cmp(s.PagesBig(Responded)))
	require.Equal(t, uint64(math.MaxUint64), s.Pages(Responded))
}

// Rule PF-MAX-1 with PF-AVG-1: a Stats with only no-response calls has no
// maximum and no average, but counts the calls.
func TestPF_MAX_1_NoneWithoutResponses(t *testing.T) {
	s := statsOf(Options{}, []kpi.Call{call(0, 0, time.Minute)})
	_, ok := s.MaxTTLB(Responded)
	require.False(t, ok)
	requireRatio(t, "nodata", s.MaxTTLBMs(Responded), "max in ms")
	require.Equal(t, uint64(1), s.Calls())
	require.Equal(t, uint64(0), s.Responded())
	requireRatio(t, "nodata", s.AvgTTLBMs(Responded), "avg")
	requireRatio(t, "nodata", s.TotalTTLBMs(Responded), "total")

	s = statsOf(Options{}, []kpi.Call{call(0, 200, 0)})
	d, ok := s.MaxTTLB(Responded)
	require.True(t, ok, "a 0 ns maximum is a maximum")
	require.Equal(t, time.Duration(0), d)
	requireRatio(t, "0", s.MaxTTLBMs(Responded), "0 ms, not no data")

	// 1.5 ms and 250.000001 ms: the maximum is 250000001 ns = 250000001/10^6 ms.
	s = statsOf(Options{}, []kpi.Call{call(0, 200, 1500*time.Microsecond), call(0, 200, 250*time.Millisecond+1)})
	requireRatio(t, "250000001/1000000", s.MaxTTLBMs(Responded), "exact ms")
}

// kpi's EXACT: a quarter of 10^9 calls a day at 120 ms is 1.104e19 ns,
// past int64; T must not overflow. The day is built with Merge by
// doubling (Merge is exact), then 92 days are merged.
func TestScaleQuarterAt120ms(t *testing.T) {
	one := statsOf(Options{}, []kpi.Call{call(0, 200, 120*time.Millisecond)})
	day := times(t, one, 1_000_000_000)
	require.Equal(t, uint64(1_000_000_000), day.Calls())
	var quarter Stats
	for range 92 {
		require.NoError(t, quarter.Merge(&day))
	}
	// 92 · 10^9 = 9.2e10 calls; T = 9.2e10 · 1.2e8 ns = 1.104e19 ns
	// = 1.104e13 ms; Avg = 120 ms exactly.
	require.Equal(t, uint64(92_000_000_000), quarter.Responded())
	requireRatio(t, "11040000000000", quarter.TotalTTLBMs(Responded), "T")
	requireRatio(t, "120", quarter.AvgTTLBMs(Responded), "avg")
	require.Equal(t, 1, quarter.pop(Responded).ttlb.Cmp(fromU64(math.MaxInt64)), "T is past int64")

	// Past uint64 too: three TTLBs of 292 years.
	huge := call(0, 200, math.MaxInt64)
	s := statsOf(Options{}, []kpi.Call{huge, huge, huge})
	// T = 3 · 9223372036854775807 ns = 27670116110564327421 ns.
	requireRatio(t, "27670116110564327421/1000000", s.TotalTTLBMs(Responded), "T past uint64")
	requireRatio(t, "9223372036854775807/1000000", s.AvgTTLBMs(Responded), "avg past uint64")
}

// times returns s merged with itself n times over (n·s), by doubling.
func times(t *testing.T, s Stats, n uint64) Stats {
	var acc Stats
	for n > 0 {
		if n&1 == 1 {
			require.NoError(t, acc.Merge(&s))
		}
		require.NoError(t, s.Merge(&s))
		n >>= 1
	}
	return acc
}

// kpi's BAD INPUT: a bad call is not counted, Add says why, Rejected
// counts it, and the reference lists it by index.
func TestBadInputIsCountedNotDropped(t *testing.T) {
	good := call(0, 200, 100*time.Millisecond)
	neg := call(time.Second, 200, -time.Millisecond)
	info := call(2*time.Second, 101, time.Millisecond)
	var s Stats
	require.NoError(t, s.Add(&good))
	err := s.Add(&neg)
	require.ErrorIs(t, err, kpi.NegativeTTLB)
	require.ErrorIs(t, s.Add(&info), kpi.BadStatus)
	require.Equal(t, uint64(1), s.Calls())
	rej := s.Rejections()
	require.Equal(t, uint64(2), rej.Total())
	require.Equal(t, uint64(1), rej[kpi.NegativeTTLB])
	require.Equal(t, uint64(1), rej[kpi.BadStatus])

	f, err := Reference([]kpi.Call{good, neg, info}, Options{}, Responded)
	var ie *kpi.InputError
	require.ErrorAs(t, err, &ie)
	require.Len(t, ie.Calls, 2)
	require.Equal(t, 1, ie.Calls[0].Index)
	require.Equal(t, 2, ie.Calls[1].Index)
	require.True(t, f.Equal(s.Figures(Responded)), "figures over the good calls")
}

// Merge refuses states counted with different Options, and an empty side
// is the identity whatever its Options.
func TestMergeOptions(t *testing.T) {
	c := call(0, 200, 100*time.Millisecond)
	a := statsOf(Options{Threshold: 200 * time.Millisecond}, []kpi.Call{c})
	b := statsOf(Options{}, []kpi.Call{c})
	before := a
	require.ErrorIs(t, a.Merge(&b), kpi.ErrOptionsDiffer)
	require.Equal(t, before, a, "a failed Merge changes nothing")

	// PageSize 0 and 100 are one option.
	d := statsOf(Options{PageSize: 100}, []kpi.Call{c})
	require.NoError(t, d.Merge(&b))
	require.Equal(t, NewStats(Options{PageSize: 100}), Stats{}, "default Options equal the zero value")

	// An empty Stats made with other Options takes a's.
	e := NewStats(Options{PageSize: 7})
	require.NoError(t, e.Merge(&a))
	require.Equal(t, a, e)
	require.Equal(t, Options{PageSize: 100, Threshold: 200 * time.Millisecond}, e.Options())
	// And is the identity on the right.
	empty := NewStats(Options{PageSize: 7})
	require.NoError(t, a.Merge(&empty))
	require.Equal(t, before, a)

	// Reset keeps the Options.
	a.Reset()
	require.Equal(t, NewStats(Options{Threshold: 200 * time.Millisecond}), a)
}

// Stats stays small enough to keep one per endpoint-hour: its figures
// take at most 200 bytes, beside the module's one bad-input counter
// (kpi.Rejections, 16 counts of 8 bytes: 128 bytes), 328 bytes in all.
func TestStatsSize(t *testing.T) {
	size := unsafe.Sizeof(Stats{})
	require.LessOrEqual(t, size-unsafe.Sizeof(kpi.Rejections[kpi.Reason]{}), uintptr(200), "figures under 200 bytes")
	require.LessOrEqual(t, size, uintptr(328), "the doc promises a few hundred bytes")
	t.Logf("Stats is %d bytes", size)
}

func TestErrorsText(t *testing.T) {
	require.Contains(t, kpi.ErrOptionsDiffer.Error(), "different options")
	require.Contains(t, ErrOutOfRange.Error(), "range")
	require.Contains(t, Error(99).Error(), "unknown")
	require.Equal(t, "2xx", Only2xx.String())
	require.Equal(t, "MiB", MiB.String())
	require.Equal(t, uint64(1_000_000), ByteUnit(9).Bytes())
}
