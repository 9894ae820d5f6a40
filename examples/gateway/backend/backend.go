// Package backend is the gateway example's stub bank: it answers every
// endpoint of a catalogue (seed 001's, from examples/internal/callgen) after
// a log-normal delay, with a small share of 4xx and 5xx, and can be told to
// fail one endpoint for a while so that availability visibly moves.
//
// It is test and demo scaffolding, not part of the measured path. A Backend
// is safe for concurrent use.
package backend

import (
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/examples/internal/callgen"
)

// Config says how the stub behaves. The zero value answers at once with 2xx.
type Config struct {
	Endpoints []callgen.Endpoint
	// Speed scales every delay: 1 is the callgen medians (90 to 900 ms),
	// 0 answers at once.
	Speed float64
	// ClientErrors and ServerErrors are the shares of 4xx and 5xx answers.
	ClientErrors, ServerErrors float64
}

// Backend is the stub bank. Make it with New.
type Backend struct {
	cfg  Config
	reg  kpi.Registry
	mu   sync.Mutex
	down map[kpi.Endpoint]time.Time // failing until
}

// New returns a Backend answering cfg.Endpoints.
func New(cfg Config) *Backend {
	b := &Backend{cfg: cfg, down: make(map[kpi.Endpoint]time.Time)}
	for _, e := range cfg.Endpoints {
		b.reg.Intern(e.ID)
	}
	return b
}

// Fail makes endpoint answer 503 until the instant until.
func (b *Backend) Fail(endpoint string, until time.Time) error {
	e, ok := b.reg.Lookup(endpoint)
	if !ok {
		return fmt.Errorf("backend: unknown endpoint %q", endpoint)
	}
	b.mu.Lock()
	b.down[e] = until
	b.mu.Unlock()
	return nil
}

func (b *Backend) failing(e kpi.Endpoint, now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return now.Before(b.down[e])
}

// ServeHTTP answers one request.
func (b *Backend) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e, ok := b.reg.Match(r.Method, r.URL.Path)
	if !ok {
		http.Error(w, "no such endpoint", http.StatusNotFound)
		return
	}
	ep := b.cfg.Endpoints[e]
	if b.cfg.Speed > 0 {
		delay := time.Duration(ep.MedianMs * b.cfg.Speed * math.Exp(ep.Sigma*rand.NormFloat64()) * float64(time.Millisecond))
		select {
		case <-time.After(min(delay, 20*time.Second)):
		case <-r.Context().Done():
			return
		}
	}
	if b.failing(e, time.Now()) {
		http.Error(w, "service unavailable", http.StatusServiceUnavailable)
		return
	}
	switch u := rand.Float64(); {
	case u < b.cfg.ServerErrors:
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	case u < b.cfg.ServerErrors+b.cfg.ClientErrors:
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	body := make([]byte, 0, ep.Bytes+32)
	body = append(body, `{"endpoint":`...)
	body = strconv.AppendQuote(body, ep.ID)
	body = append(body, `,"data":"`...)
	for len(body) < ep.Bytes {
		body = append(body, 'x')
	}
	body = append(body, "\"}\n"...)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	status := http.StatusOK
	if r.Method == http.MethodPost {
		status = http.StatusCreated
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}
