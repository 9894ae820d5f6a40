package measure

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/openfinance-kpi/kpi"
)

// Sample is one measured request: the call, and what the middleware knows
// about it beyond RULES §0.
//
// The zero value is no call (ReceivedAt zero). A Recorder gets a *Sample that
// lives only during Record.
type Sample struct {
	// Call is the call as RULES §0 defines it. Call.Endpoint is the
	// template's ID (Registry.Name), "" when Matched is false.
	Call kpi.Call
	// Endpoint is the template's index in the Registry, valid when Matched.
	Endpoint kpi.Endpoint
	// Matched reports whether a template of the Registry matched the
	// request's method and path.
	Matched bool
	// Hijacked reports that the handler took the connection over: the
	// exchange is no API call (see the package documentation).
	Hijacked bool
	// Panicked reports that the handler panicked (Status is then 500, or 0
	// when the client had gone).
	Panicked bool
	// ClientGone reports that the client went away before the response was
	// complete (Status is then 0).
	ClientGone bool
}

// Recorder receives every measured request, synchronously, on the request's
// goroutine. It must be safe for concurrent use and must not keep s.
type Recorder interface {
	Record(s *Sample)
}

// RecorderFunc adapts a function to a Recorder.
type RecorderFunc func(s *Sample)

// Record calls f(s).
func (f RecorderFunc) Record(s *Sample) { f(s) }

// Options configure a Middleware. The zero value is the DEFAULT of every
// option (see the package documentation) with no Registry: every request is
// then unmatched.
type Options struct {
	// Registry maps requests to endpoint templates (kpi.Registry.Match).
	// It must not change while the Middleware serves.
	Registry *kpi.Registry
	// ReceivedAtBodyRead is the OPTION: a request is received when the
	// handler has read its body to the end, if before the first byte of the
	// response. DEFAULT: when the handler starts.
	ReceivedAtBodyRead bool
	// SkipFinalFlush leaves the last buffer to net/http: TTLB is taken when
	// the handler returns, without flushing.
	SkipFinalFlush bool
}

// Middleware measures every request to the handler it wraps and records it.
// Build it with New. It is safe for concurrent use.
type Middleware struct {
	next http.Handler
	rec  Recorder
	opts Options
}

// New returns a Middleware recording every request to next into rec.
func New(next http.Handler, rec Recorder, opts Options) *Middleware {
	return &Middleware{next: next, rec: rec, opts: opts}
}

// ServeHTTP measures one request (see the package documentation for what is
// measured when).
func (m *Middleware) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	w := &writer{rw: rw, start: time.Now()}
	if reg := m.opts.Registry; reg != nil {
		if e, ok := reg.Match(r.Method, r.URL.Path); ok {
			w.s.Endpoint, w.s.Matched = e, true
			w.s.Call.Endpoint = reg.Name(e)
		}
	}
	if m.opts.ReceivedAtBodyRead && r.Body != nil && r.Body != http.NoBody {
		w.body = body{rc: r.Body, w: w}
		r.Body = &w.body
	}
	defer func() {
		if p := recover(); p != nil {
			m.finishPanic(w, r)
			panic(p)
		}
	}()
	m.next.ServeHTTP(w, r)
	m.finish(w, r)
}

// finish records a call whose handler returned.
func (m *Middleware) finish(w *writer, r *http.Request) {
	gone := r.Context().Err() != nil
	if w.hijacked {
		w.s.Hijacked = true
		m.record(w, time.Now(), 0)
		return
	}
	if !gone && w.wroteHeader && !m.opts.SkipFinalFlush {
		if err := http.NewResponseController(w.rw).Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) {
			gone = true
		}
	}
	end := time.Now()
	if gone || w.failed {
		w.s.ClientGone = true
		m.record(w, end, 0)
		return
	}
	status := w.status
	if !w.wroteHeader { // nothing written: net/http sends 200 with no body now
		status, w.first = http.StatusOK, end
	}
	m.record(w, end, status)
}

var panicBody = []byte("Internal Server Error\n")

// finishPanic records a call whose handler panicked, sending the 500 it
// records when no header has been sent yet.
func (m *Middleware) finishPanic(w *writer, r *http.Request) {
	w.s.Panicked = true
	if r.Context().Err() != nil {
		w.s.ClientGone = true
		m.record(w, time.Now(), 0)
		return
	}
	if !w.wroteHeader && !w.hijacked {
		h := w.rw.Header()
		for k := range h {
			delete(h, k)
		}
		h.Set("Content-Type", "text/plain; charset=utf-8")
		h.Set("Content-Length", strconv.Itoa(len(panicBody)))
		h.Set("Connection", "close")
		w.wroteHeader, w.status, w.first = true, http.StatusInternalServerError, time.Now()
		w.rw.WriteHeader(http.StatusInternalServerError)
		n, _ := w.rw.Write(panicBody)
		w.bytes += int64(n)
		_ = http.NewResponseController(w.rw).Flush()
	}
	m.record(w, time.Now(), http.StatusInternalServerError)
}

// record fills the Sample's call and hands it to the Recorder.
func (m *Middleware) record(w *writer, end time.Time, status int) {
	received := w.start
	if !w.bodyEOF.IsZero() && (w.first.IsZero() || !w.bodyEOF.After(w.first)) {
		received = w.bodyEOF
	}
	c := &w.s.Call
	c.ReceivedAt = received.Round(0) // wall clock only; durations below are monotonic
	c.Status = status
	c.TTLB = end.Sub(received)
	if w.first.IsZero() {
		c.TTFBUnknown = true
	} else {
		c.TTFB = w.first.Sub(received)
	}
	c.ResponseBytes = w.bytes
	m.rec.Record(&w.s)
}
