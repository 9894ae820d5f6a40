// Package backend is the gateway example's stub bank: it answers every
// endpoint of a catalogue (the CBUAE standard's, from examples/internal/callgen) after
// a log-normal delay, with a small share of 4xx and 5xx, and can be told to
// fail one endpoint for a while so that availability visibly moves. A paged
// endpoint (callgen.Endpoint.PerRecord > 0) answers a page of 0 to 349
// records and says how many in the RecordsHeader response header, which
// the gateway's middleware reads (measure.Options.Records, PF-PAGE-1).
//
// It is test and demo scaffolding, not part of the measured path. A Backend
// is safe for concurrent use.
package backend

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/examples/internal/callgen"
)

// RecordsHeader is the response header in which a paged endpoint says how
// many records its page holds.
const RecordsHeader = "X-Records"

// Config says how the stub behaves. The zero value answers at once with 2xx.
type Config struct {
	Endpoints []callgen.Endpoint
	// Speed scales every delay: 1 is the callgen medians (90 to 900 ms),
	// 0 answers at once. It must be finite and not negative (the command
	// checks its flag).
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
	// Read the request body first, as a bank does: net/http notices a
	// client (the gateway) going away only once the body is read, so a
	// POST whose caller gave up would otherwise be served to its end.
	_, _ = io.Copy(io.Discard, r.Body)
	if b.cfg.Speed > 0 {
		delay := time.Duration(ep.TTLBMs(rand.NormFloat64()) * b.cfg.Speed * float64(time.Millisecond))
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
	size := ep.Bytes
	if ep.PerRecord > 0 { // a page of records
		n := rand.IntN(350)
		size += n * ep.PerRecord
		w.Header().Set(RecordsHeader, strconv.Itoa(n))
	}
	body := make([]byte, 0, size+32)
	body = append(body, `{"endpoint":`...)
	body = strconv.AppendQuote(body, ep.ID)
	body = append(body, `,"data":"`...)
	for len(body) < size {
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
