package perfsuite

import (
	"bytes"
	"math"
	"slices"
	"testing"
	"time"
	"unsafe"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/examples/internal/callgen"
	"github.com/openfinance-kpi/kpi/performance"
	"github.com/stretchr/testify/require"
)

// No test here times anything: timings are the benchmarks' (issue 8).

func TestRecordIs48Bytes(t *testing.T) {
	require.Equal(t, uintptr(48), unsafe.Sizeof(Record{}))
}

// The data has issue 8's shape: about 40 endpoints, about 97 % 2xx, 2 % 4xx
// and 1 % 5xx, TTLB log-normal around 120 ms with a tail to 5 s, sorted.
func TestDataShape(t *testing.T) {
	d := suiteData()
	require.Len(t, d.Calls, len(d.Records))
	require.InDelta(t, 40, len(d.Endpoints), 2)
	var class [kpi.ClassInvalid + 1]int
	var ttlb []time.Duration
	for i := range d.Calls {
		c := &d.Calls[i]
		class[c.Class()]++
		if c.Responded() {
			ttlb = append(ttlb, c.TTLB)
		}
		if i > 0 {
			require.False(t, c.ReceivedAt.Before(d.Calls[i-1].ReceivedAt), "call %d out of order", i)
		}
	}
	n := float64(len(d.Calls))
	share := func(k kpi.Class) float64 { return float64(class[k]) / n }
	require.InDelta(t, 0.97, share(kpi.Class2xx), 0.01)
	require.InDelta(t, 0.02, share(kpi.Class4xx), 0.005)
	require.InDelta(t, 0.01, share(kpi.Class5xx), 0.003)
	slices.Sort(ttlb)
	median, top := ttlb[len(ttlb)/2], ttlb[len(ttlb)-1]
	t.Logf("%d calls, %d endpoints, 2xx %.2f%% 4xx %.2f%% 5xx %.2f%% none %.3f%%, median TTLB %v, max %v",
		len(d.Calls), len(d.Endpoints), 100*share(kpi.Class2xx), 100*share(kpi.Class4xx), 100*share(kpi.Class5xx),
		100*share(kpi.ClassNoResponse), median, top)
	require.InDelta(t, float64(120*time.Millisecond), float64(median), float64(60*time.Millisecond))
	require.Greater(t, top, 4*time.Second)
	require.LessOrEqual(t, top, 5*time.Second+350*600*time.Microsecond) // 5 s, plus paging time
}

// Both sides of every family see the same calls: the baseline's counts and
// 5xx counts per endpoint equal the library's (ER-1 requests, VO-DAY-1 5xx).
func TestBaselineAgreesWithLibrary(t *testing.T) {
	d := suiteData()
	var base Baseline
	for i := range d.Records {
		base.Add(&d.Records[i])
	}
	in := NewIngest(d)
	for i := range d.Calls {
		require.NoError(t, in.Add(&d.Calls[i], d.EP[i]))
	}
	for ep := range d.Endpoints {
		var s EndpointDay
		for day := range in.State {
			require.NoError(t, s.Merge(&in.State[day][ep]))
		}
		require.Equal(t, base.EP[ep].Count, s.Errors.Requests(), d.Endpoints[ep])
		require.Equal(t, base.EP[ep].Errors5xx, s.Volumes.Counts().Status5xx, d.Endpoints[ep])
		require.Equal(t, base.EP[ep].Count, s.Hist.Count()+s.Volumes.Counts().NoResponse, d.Endpoints[ep])
	}
}

// The pipeline's baseline parses exactly the records the suite converts.
func TestCSVBaselineReadsTheRecords(t *testing.T) {
	d := suiteData()
	var buf bytes.Buffer
	require.NoError(t, callgen.Write(&buf, d.Config))
	cb := NewCSVBaseline(d.Endpoints)
	require.NoError(t, cb.Read(buf.Bytes()))
	var want Baseline
	for i := range d.Records {
		want.Add(&d.Records[i])
	}
	require.Equal(t, len(d.Records), cb.Rows)
	require.Equal(t, want, cb.Base)

	var r Record
	ok := false
	r.ReceivedAt, ok = parseUTC([]byte("2026-11-02T13:04:05.678Z"))
	require.True(t, ok)
	require.Equal(t, time.Date(2026, 11, 2, 13, 4, 5, 678e6, time.UTC).UnixNano(), r.ReceivedAt)
	require.Equal(t, int64(123_456_000), parseMs([]byte("123.456")))
	require.Equal(t, int64(7_000_000), parseMs([]byte("7")))
	require.Equal(t, int64(7_500_000), parseMs([]byte("7.5")))
	_, ok = parseUTC([]byte("2026-11-02T13:04:05+04:00"))
	require.False(t, ok)
	require.Error(t, NewCSVBaseline(nil).Read([]byte("h\n2026-11-02T13:04:05.678Z,GET /x,200,1,2,3,,tpp-1,,\n")))
}

// Issue 8 / Rule PF-PCTL-1: Histogram quantiles p50, p90, p95, p99 within
// 1 % relative error of the exact nearest-rank quantile, on every
// endpoint-day of the generated log-normal data and on every endpoint's
// week.
func TestPercentilesWithinOnePercent(t *testing.T) {
	d := suiteData()
	worst, where := 0.0, ""
	check := func(name string, h *performance.Histogram, ds []time.Duration) {
		for _, q := range []float64{0.5, 0.9, 0.95, 0.99} {
			exact, ok := performance.ExactQuantile(ds, q)
			require.True(t, ok)
			got, ok := h.Quantile(q)
			require.True(t, ok)
			rel := math.Abs(float64(got-exact)) / float64(exact)
			if rel > worst {
				worst, where = rel, name
			}
			require.Less(t, rel, 0.01, "%s q=%v: histogram %v, exact %v", name, q, got, exact)
		}
	}
	cursor := d.Cal.Cursor()
	type key struct{ ep, day int }
	days := map[key][]time.Duration{}
	weeks := make([][]time.Duration, len(d.Endpoints))
	for i := range d.Calls {
		c := &d.Calls[i]
		if !c.Responded() {
			continue
		}
		k := key{int(d.EP[i]), int(cursor.DateOf(c.ReceivedAt) - d.First)}
		days[k] = append(days[k], c.TTLB)
		weeks[k.ep] = append(weeks[k.ep], c.TTLB)
	}
	n := 0
	for k, ds := range days {
		var h performance.Histogram
		for _, v := range ds {
			require.NoError(t, h.Add(v))
		}
		check(d.Endpoints[k.ep]+" day "+(d.First+kpi.Date(k.day)).String(), &h, ds)
		n++
	}
	for ep, ds := range weeks {
		var h performance.Histogram
		for _, v := range ds {
			require.NoError(t, h.Add(v))
		}
		check(d.Endpoints[ep]+" week", &h, ds)
	}
	t.Logf("worst relative error %.4f%% (%s) over %d endpoint-days and %d endpoint-weeks", 100*worst, where, n, len(weeks))
}

// Issue 8's memory targets: <= 8 KB per endpoint-day without the per-second
// throughput state, and at most 4 bytes per second that had traffic for
// that state. It measures memory, not time. The throughput target is
// checked on finished days (Throughput.Compact, as a day is closed) with
// the library's own accounting: 4 bytes per entry, one entry per second
// with traffic here (no second reaches 32,767 calls), plus the fixed
// overhead Compact documents: the 144-byte struct and 32 bytes per block,
// at most two blocks a day. The heap figures, which add the allocator's
// size-class rounding and, as ingested, growth slack, are logged.
func TestRetainedMemory(t *testing.T) {
	m := Retained(suiteData())
	t.Logf("endpoint-day state %.0f B on average over %d endpoint-days (struct %d B), %.0f B for the busiest; throughput struct %d B, tables %.2f B per active second as ingested, %.2f after Compact (heap; %d active seconds)",
		m.StateBytes, m.EndpointDays, m.StructBytes, m.BusiestStateBytes, m.ThroughputStructBytes, m.ThroughputBytesPerSecond(), m.ThroughputCompactBytesPerSecond(), m.ActiveSeconds)
	require.Positive(t, m.ActiveSeconds)
	require.LessOrEqual(t, m.StateBytes, float64(8<<10), "endpoint-day state, average")
	require.LessOrEqual(t, m.BusiestStateBytes, float64(8<<10), "endpoint-day state, busiest endpoint")
	n := uint64(suiteData().Days * len(suiteData().Endpoints)) // every Throughput, with traffic or not
	fixed := n * (uint64(m.ThroughputStructBytes) + 2*32)
	require.LessOrEqual(t, m.ThroughputCompactRetained, fixed+4*uint64(m.ActiveSeconds),
		"compacted throughput: 4 B per second with traffic + fixed overhead")
}

// The segment family combines to the whole day's segment (AV-MERGE-1), so
// it measures real work.
func TestSegmentsCombineToTheDay(t *testing.T) {
	segs, whole := hourSegments(t)
	var acc availability.Segment
	for i := range segs {
		require.NoError(t, acc.Merge(&segs[i]))
	}
	asOf := suiteData().AsOf()
	require.Equal(t, whole.Outages(asOf), acc.Outages(asOf))
	require.NotEmpty(t, whole.Outages(asOf), "the day has outages to combine")
}

// Every generated request matches its call's endpoint.
func TestMatchFindsEveryEndpoint(t *testing.T) {
	d := suiteData()
	reg := d.Registry()
	for i, r := range d.Requests() {
		e, ok := reg.Match(r.Method, r.Path)
		require.True(t, ok, "%s %s", r.Method, r.Path)
		require.Equal(t, kpi.Endpoint(d.EP[i]), e, "%s %s", r.Method, r.Path)
	}
}

// The families' hot paths allocate nothing in steady state (issue 8: 0
// allocations).
func TestFamiliesDoNotAllocate(t *testing.T) {
	d := suiteData()
	in := NewIngest(d)
	for i := range d.Calls {
		require.NoError(t, in.Add(&d.Calls[i], d.EP[i]))
	}
	in.Reset()
	k := 0
	require.Zero(t, testing.AllocsPerRun(10_000, func() {
		_ = in.Add(&d.Calls[k], d.EP[k])
		k++
	}), "Ingest.Add")

	tr := availability.NewTracker(availability.Options{})
	ep := d.Busiest()
	calls := d.EndpointDay(ep, 3)
	for i := range calls[:len(calls)/2] { // warm-up: buffers have grown
		_ = tr.Add(&calls[i], int64(i))
	}
	k = len(calls) / 2
	require.Zero(t, testing.AllocsPerRun(len(calls)/4, func() {
		require.NoError(t, tr.Add(&calls[k], int64(k)))
		k++
	}), "Tracker.Add")

	a, o, ta, to := mergePair(t)
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = a.Merge(&o) }), "EndpointDay.Merge")
	ta.Merge(&to)
	ta.Merge(&to)
	require.Zero(t, testing.AllocsPerRun(100, func() { ta.Merge(&to) }), "Throughput.Merge")

	segs, _ := hourSegments(t)
	var acc availability.Segment
	require.Zero(t, testing.AllocsPerRun(100, func() {
		acc.Reset()
		for i := range segs {
			_ = acc.Merge(&segs[i])
		}
	}), "Segment.Merge")

	reg, reqs := d.Registry(), d.Requests()
	k = 0
	require.Zero(t, testing.AllocsPerRun(10_000, func() {
		_, _ = reg.Match(reqs[k].Method, reqs[k].Path)
		k++
	}), "Registry.Match")

	cb := NewCSVBaseline(d.Endpoints)
	row := []byte("h\n2026-11-02T13:04:05.678Z," + d.Endpoints[0] + ",200,1.5,2.25,3,,tpp-1,,\n")
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = cb.Read(row) }), "CSVBaseline.Read")
}
