package measure_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/examples/gateway/live"
	"github.com/openfinance-kpi/kpi/examples/gateway/measure"
	"github.com/openfinance-kpi/kpi/examples/internal/callgen"
)

// discard is an in-process http.ResponseWriter (and Flusher) that allocates
// nothing, so that the benchmark shows the middleware's own cost.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
func (d *discard) WriteHeader(int)             {}
func (d *discard) Flush()                      {}

var body = []byte(`{"Data":{"Balance":[{"Amount":{"Amount":"1000.00","Currency":"AED"}}]}}`)

func bareHandler(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}

type nop struct{}

func (nop) Record(*measure.Sample) {}

// handlers returns the handler of each benchmark case: the bare handler, the
// middleware with a Recorder that does nothing (the middleware alone), and
// the middleware recording into a live.Store over the CBUAE standard's catalogue.
func handlers() []struct {
	name string
	h    http.Handler
} {
	reg := &kpi.Registry{}
	for _, e := range callgen.CBUAE {
		reg.Intern(e.ID)
	}
	store := live.New(live.Config{Registry: reg, Calendar: kpi.NewCalendar(nil), Profile: benchmark.CBUAE()})
	opts := measure.Options{Registry: reg}
	return []struct {
		name string
		h    http.Handler
	}{
		{"bare", http.HandlerFunc(bareHandler)},
		{"middleware", measure.New(http.HandlerFunc(bareHandler), nop{}, opts)},
		{"middleware+store", measure.New(http.HandlerFunc(bareHandler), store, opts)},
	}
}

// BenchmarkOverhead is the middleware's cost per request, in process: the
// same handler bare, behind the middleware alone, and behind the middleware
// recording into a live.Store. The differences are the overhead added (see
// README.md for the figures measured).
func BenchmarkOverhead(b *testing.B) {
	for _, c := range handlers() {
		b.Run(c.name, func(b *testing.B) {
			w := &discard{h: http.Header{}}
			r := httptest.NewRequest("GET", "/accounts/42/balances", nil)
			b.ReportAllocs()
			for b.Loop() {
				c.h.ServeHTTP(w, r)
			}
		})
	}
}

// BenchmarkOverheadParallel is BenchmarkOverhead with every P recording at
// once: the shards keep the Store's locks uncontended.
func BenchmarkOverheadParallel(b *testing.B) {
	for _, c := range handlers() {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				w := &discard{h: http.Header{}}
				r := httptest.NewRequest("GET", "/accounts/42/balances", nil)
				for pb.Next() {
					c.h.ServeHTTP(w, r)
				}
			})
		})
	}
}

// TestOverheadAllocs: the middleware adds at most 2 allocations per request
// (the target); it adds exactly one, its per-request struct, and the
// Store adds none in steady state.
func TestOverheadAllocs(t *testing.T) {
	hs := handlers()
	allocs := make([]float64, len(hs))
	for i, c := range hs {
		w := &discard{h: http.Header{}}
		r := httptest.NewRequest("GET", "/accounts/42/balances", nil)
		for range 10000 { // warm up: the store's tables grow to their size
			c.h.ServeHTTP(w, r)
		}
		allocs[i] = testing.AllocsPerRun(1000, func() { c.h.ServeHTTP(w, r) })
	}
	require.Equal(t, 0.0, allocs[0], "bare")
	require.Equal(t, 1.0, allocs[1]-allocs[0], "middleware")
	require.Equal(t, 1.0, allocs[2]-allocs[0], "middleware+store")
}
