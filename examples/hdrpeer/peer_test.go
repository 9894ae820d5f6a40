package hdrpeer

import (
	"sync"
	"testing"
	"time"

	"github.com/HdrHistogram/hdrhistogram-go"

	"github.com/openfinance-kpi/kpi/examples/internal/perfsuite"
)

var (
	dataOnce sync.Once
	data     *perfsuite.Data
)

func suiteData() *perfsuite.Data {
	dataOnce.Do(func() { data = perfsuite.Generate(perfsuite.DefaultCalls) })
	return data
}

// peerDay is the performance suite's one-endpoint-day (BenchmarkIngestDay).
const peerDay = 3

// BenchmarkPeer: see the package doc. Each side resets its state at the
// end of the day's calls, inside the timer (a day closes).
func BenchmarkPeer(b *testing.B) {
	d := suiteData()
	ep := d.Busiest()
	calls := d.EndpointDay(ep, peerDay)
	b.Run("impl=hdrhistogram", func(b *testing.B) {
		h := hdrhistogram.New(1, int64(time.Hour/time.Microsecond), 3)
		b.ReportAllocs()
		k, errs := 0, 0
		for b.Loop() {
			if h.RecordValue(int64(calls[k].TTLB/time.Microsecond)) != nil {
				errs++
			}
			if k++; k == len(calls) {
				h.Reset()
				k = 0
			}
		}
		if errs > 0 {
			b.Fatalf("%d values refused", errs)
		}
	})
	b.Run("impl=endpointday", func(b *testing.B) {
		e := d.NewEndpointDay(ep)
		for i := range calls { // warm: pages and tables grown, then Reset
			if err := e.Add(&calls[i]); err != nil {
				b.Fatal(err)
			}
		}
		e.Reset()
		b.ReportAllocs()
		k, errs := 0, 0
		for b.Loop() {
			if e.Add(&calls[k]) != nil {
				errs++
			}
			if k++; k == len(calls) {
				e.Reset()
				k = 0
			}
		}
		if errs > 0 {
			b.Fatalf("%d calls refused", errs)
		}
	})
	b.Run("impl=book", func(b *testing.B) {
		bk := perfsuite.NewBook(d)
		b.ReportAllocs()
		k, errs := 0, 0
		for b.Loop() {
			if bk.Add(&d.Calls[k], int64(k)) != nil {
				errs++
			}
			if k++; k == len(d.Calls) {
				b.StopTimer() // a new run: a fresh Book (see perfsuite's BenchmarkIngest)
				bk = perfsuite.NewBook(d)
				k = 0
				b.StartTimer()
			}
		}
		if errs > 0 {
			b.Fatalf("%d calls refused", errs)
		}
	})
}
