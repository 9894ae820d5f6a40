package performance_test

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
	"unsafe"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/errorrate"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
	"github.com/openfinance-kpi/kpi/performance"
	"github.com/openfinance-kpi/kpi/volumes"
)

// Issue 8: the combined per-call ingest of one endpoint-day (error rate,
// performance with the latency histogram and throughput, daily volumes)
// against a baseline loop, on a realistic day: log-normal TTLB around
// 120 ms (σ = 0.5) with one call in 200 in a tail up to 5 s, ten calls a
// second in ReceivedAt order, every class of status.
//
// Run: go test ./performance/ -run '^$' -bench 'Ingest|Baseline' -count 5

// dayCalls returns n realistic calls of one endpoint, in time order.
func dayCalls(n int) []kpi.Call {
	rng := rand.New(rand.NewPCG(8, 8))
	statuses := []int{200, 200, 200, 201, 200, 204, 200, 200, 404, 200, 500, 200, 0, 302, 200, 200}
	mu := math.Log(float64(120 * time.Millisecond))
	calls := make([]kpi.Call, n)
	for i := range calls {
		ttlb := time.Duration(math.Exp(mu + 0.5*rng.NormFloat64()))
		if rng.IntN(200) == 0 {
			ttlb = time.Duration(rng.Int64N(int64(5 * time.Second)))
		}
		calls[i] = kpi.Call{
			ReceivedAt:    kpitest.Base.Add(time.Duration(i) * 100 * time.Millisecond),
			Endpoint:      "GET /accounts",
			Status:        statuses[i%len(statuses)],
			TTFB:          ttlb / 3,
			TTLB:          ttlb,
			ResponseBytes: int64(rng.IntN(20_000)),
			Records:       int64(rng.IntN(250)),
			Rejected:      i%37 == 0,
		}
	}
	return calls
}

// record is the 48-byte call record of the baseline.
type record struct {
	at, ttfb, ttlb, bytes int64
	records               int32
	endpoint              uint16
	status                uint16
	_                     [8]byte // flags and padding: 48 bytes
}

type baseAcc struct {
	count, sum, max, n5xx uint64
}

// BenchmarkBaseline is issue 8's yardstick: a plain loop over 48-byte
// records adding count, sum, max and a 5xx count into an array indexed by
// endpoint.
func BenchmarkBaseline(b *testing.B) {
	calls := dayCalls(4096)
	recs := make([]record, len(calls))
	for i, c := range calls {
		recs[i] = record{at: c.ReceivedAt.UnixNano(), ttfb: int64(c.TTFB), ttlb: int64(c.TTLB), bytes: c.ResponseBytes,
			records: int32(c.Records), endpoint: uint16(i % 8), status: uint16(c.Status)}
	}
	var acc [8]baseAcc
	cpu := startCPU(b)
	defer cpu.stop(b)
	for i := 0; b.Loop(); i++ {
		r := &recs[i&4095]
		a := &acc[r.endpoint]
		a.count++
		a.sum += uint64(r.ttlb)
		a.max = max(a.max, uint64(r.ttlb))
		if r.status >= 500 {
			a.n5xx++
		}
	}
}

// BenchmarkIngestSeparate is the combined ingest through each
// accumulator's own Add: five kpi.Check calls per call.
func BenchmarkIngestSeparate(b *testing.B) {
	calls := dayCalls(4096)
	var (
		ctr   errorrate.Counter
		daily volumes.Daily
		st    = performance.NewStats(performance.Options{Threshold: 500 * time.Millisecond})
		h     performance.Histogram
		tp    performance.Throughput
	)
	for i := range calls { // warm: the histogram's pages, the table's capacity
		_ = h.AddCall(&calls[i], performance.Responded)
		_ = tp.Add(&calls[i])
	}
	cpu := startCPU(b)
	defer cpu.stop(b)
	for i := 0; b.Loop(); i++ {
		if i&4095 == 0 {
			tp.Reset() // keep ReceivedAt in order: the calls repeat every 4,096
		}
		c := &calls[i&4095]
		_ = ctr.Add(c)
		_ = daily.Add(c)
		_ = st.Add(c)
		_ = h.AddCall(c, performance.Responded)
		_ = tp.Add(c)
	}
}

// BenchmarkIngestChecked is the combined ingest with one kpi.Check and one
// Class per call, handed to every accumulator's AddChecked.
func BenchmarkIngestChecked(b *testing.B) {
	calls := dayCalls(4096)
	var (
		rej   kpi.Rejections
		ctr   errorrate.Counter
		daily volumes.Daily
		st    = performance.NewStats(performance.Options{Threshold: 500 * time.Millisecond})
		h     performance.Histogram
		tp    performance.Throughput
	)
	for i := range calls {
		_ = h.AddCall(&calls[i], performance.Responded)
		_ = tp.Add(&calls[i])
	}
	cpu := startCPU(b)
	defer cpu.stop(b)
	for i := 0; b.Loop(); i++ {
		if i&4095 == 0 {
			tp.Reset()
		}
		c := &calls[i&4095]
		if r := kpi.Check(c); r != kpi.OK {
			rej.Add(r)
			continue
		}
		k := c.Class()
		ctr.AddChecked(c, k)
		daily.AddChecked(c, k)
		st.AddChecked(c, k)
		h.AddChecked(c, k, performance.Responded)
		_ = tp.AddChecked(c, k)
	}
}

// endpointDay is the state issue 8's Merge target counts: error rate,
// performance with the histogram, daily volumes (not throughput).
type endpointDay struct {
	ctr   errorrate.Counter
	daily volumes.Daily
	st    performance.Stats
	h     performance.Histogram
}

func endpointDayOf(calls []kpi.Call) *endpointDay {
	d := &endpointDay{st: performance.NewStats(performance.Options{Threshold: 500 * time.Millisecond})}
	for i := range calls {
		_ = d.ctr.Add(&calls[i])
		_ = d.daily.Add(&calls[i])
		_ = d.st.Add(&calls[i])
		_ = d.h.AddCall(&calls[i], performance.Responded)
	}
	return d
}

// BenchmarkMergeEndpointDay merges two endpoint-day states (a day of
// 864,000 calls split in two halves): Counter, Daily, Stats and
// Histogram. The receiver already has the histogram's pages (as after the
// first merge of a day), so nothing allocates. It reports the retained
// bytes of one state.
func BenchmarkMergeEndpointDay(b *testing.B) {
	calls := dayCalls(864_000)
	a, o := endpointDayOf(calls[:432_000]), endpointDayOf(calls[432_000:])
	a.h.Merge(&o.h) // the pages
	cpu := startCPU(b)
	for b.Loop() {
		a.ctr.Merge(&o.ctr)
		a.daily.Merge(&o.daily)
		_ = a.st.Merge(&o.st)
		a.h.Merge(&o.h)
	}
	cpu.stop(b)
	size := int(unsafe.Sizeof(*a)) - int(unsafe.Sizeof(a.h)) + a.h.RetainedBytes()
	b.ReportMetric(float64(size), "B/endpoint-day")
}

// BenchmarkMergeThroughputDay merges two halves of a day's per-second
// table (ten calls a second), then resets: the per-second state issue 8
// counts apart. It reports the retained bytes per active second.
func BenchmarkMergeThroughputDay(b *testing.B) {
	calls := dayCalls(864_000)
	var x, y, dst performance.Throughput
	for i := range calls {
		if i < len(calls)/2 {
			_ = x.Add(&calls[i])
		} else {
			_ = y.Add(&calls[i])
		}
	}
	dst.Merge(&x)
	dst.Merge(&y)
	cpu := startCPU(b)
	for b.Loop() {
		dst.Reset()
		dst.Merge(&x)
		dst.Merge(&y)
	}
	cpu.stop(b)
	b.ReportMetric(float64(dst.RetainedBytes())/float64(dst.Seconds()), "B/active-second")
}
