package main

import (
	"io"
	"net/http"
	"runtime/metrics"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/examples/gateway/backend"
	"github.com/openfinance-kpi/kpi/examples/gateway/measure"
)

// BenchmarkKPIPageUnderLoad: with 200,000 calls of today in the Store, API
// requests through the proxy (8 clients for 5 s) alone, then
// again while 20 clients read /kpi on the same port: without pause
// ("tight", the worst case), or each every 2 s as the page reloads
// ("page"). It reports the API's p99 latency both ways and their ratio,
// the API's rate both ways, the page's rate, and the largest live heap
// seen. Run it once: go test -run XXX -bench KPIPageUnderLoad -benchtime
// 1x ./examples/gateway (about 30 s).
func BenchmarkKPIPageUnderLoad(b *testing.B) {
	for _, c := range []struct {
		name  string
		pause time.Duration
	}{{"tight", 0}, {"page", 2 * time.Second}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				benchKPIPageUnderLoad(b, c.pause)
			}
		})
	}
}

func benchKPIPageUnderLoad(b *testing.B, pause time.Duration) {
	g, err := newGateway(gatewayConfig{addr: "127.0.0.1:0", calendar: kpi.NewCalendar(time.UTC), profile: benchmark.CBUAE(),
		backend: backend.Config{Speed: 0}})
	if err != nil {
		b.Fatal(err)
	}
	defer g.Close()
	// 200,000 calls of today so far, over the catalogue's endpoints, one
	// in fifty a 503.
	now := time.Now()
	start := now.Truncate(24 * time.Hour)
	n := 200000
	step := max(now.Sub(start)/time.Duration(n), time.Microsecond)
	for i := range n {
		s := measure.Sample{Matched: true, Endpoint: kpi.Endpoint(i % g.reg.Len())}
		s.Call = kpi.Call{ReceivedAt: start.Add(time.Duration(i) * step), Endpoint: g.reg.Name(s.Endpoint),
			Status: 200, TTLB: time.Duration(20+i%300) * time.Millisecond}
		if i%50 == 0 {
			s.Call.Status = 503
		}
		g.store.Record(&s)
	}
	paths := []string{"/accounts", "/accounts/7/balances", "/payments/p1", "/payment-consents42"}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	defer client.CloseIdleConnections()
	fetch := func(url string) {
		resp, err := client.Get(url)
		if err != nil {
			b.Error(err)
			return
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	// api runs requests from 8 clients for 5 s and returns their p99 and
	// rate.
	api := func() (time.Duration, float64) {
		const workers = 8
		lats := make([][]time.Duration, workers)
		var wg sync.WaitGroup
		t0 := time.Now()
		end := t0.Add(5 * time.Second)
		for w := range workers {
			wg.Go(func() {
				for i := w; time.Now().Before(end); i += workers {
					s := time.Now()
					fetch(g.url + paths[i%len(paths)])
					lats[w] = append(lats[w], time.Since(s))
				}
			})
		}
		wg.Wait()
		lat := slices.Concat(lats...)
		rate := float64(len(lat)) / time.Since(t0).Seconds()
		slices.Sort(lat)
		return lat[len(lat)*99/100], rate
	}
	fetch(g.url + "/kpi") // warm up
	p99Alone, rateAlone := api()

	stop := make(chan struct{})
	var reads atomic.Int64
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				fetch(g.url + "/kpi")
				reads.Add(1)
				if pause > 0 {
					select {
					case <-stop:
						return
					case <-time.After(pause):
					}
				}
			}
		})
	}
	var peak uint64
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	wg.Go(func() {
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				metrics.Read(sample)
				peak = max(peak, sample[0].Value.Uint64())
			}
		}
	})
	time.Sleep(2 * time.Second) // the readers are under way
	t0 := time.Now()
	reads.Store(0)
	p99Loaded, rateLoaded := api()
	readRate := float64(reads.Load()) / time.Since(t0).Seconds()
	close(stop)
	wg.Wait()

	b.ReportMetric(float64(p99Alone.Microseconds())/1000, "p99-alone-ms")
	b.ReportMetric(float64(p99Loaded.Microseconds())/1000, "p99-loaded-ms")
	b.ReportMetric(float64(p99Loaded)/float64(p99Alone), "p99-ratio")
	b.ReportMetric(rateAlone, "api-alone-req/s")
	b.ReportMetric(rateLoaded, "api-loaded-req/s")
	b.ReportMetric(readRate, "kpi-reads/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}
