package measure

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/openfinance-kpi/kpi"
)

// Sample is one measured request: the call, and what the middleware knows
// about it beyond kpi's CALL.
//
// The zero value is no call (ReceivedAt zero). A Recorder gets a *Sample that
// lives only during Record.
type Sample struct {
	// Call is the call as kpi's CALL defines it. Call.Endpoint is the
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
	// Panicked reports that the handler panicked or called runtime.Goexit
	// (Status is then 500, or 0 when the client had gone).
	Panicked bool
	// ClientGone reports that the client went away before the response was
	// complete (Status is then 0; see Options.ClientGoneDeadline).
	ClientGone bool
	// TimedOut reports that an http.TimeoutHandler around the middleware
	// answered 503 in the handler's place (Status is then 503).
	TimedOut bool
}

// Recorder receives every measured request, synchronously, on the request's
// goroutine, once the handler has returned: possibly after the client has
// the whole response. It must be safe for concurrent use and must not keep s.
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
	// ClientGoneDeadline says when a call whose client went away (Status
	// 0) is the bank's failure (Rule AV-CLOCK-5 and the call's
	// Attributable: a failure the institution shows was outside its
	// control, TPP software or TPP connectivity, is not attributable).
	//
	// A client that leaves before the call has run ClientGoneDeadline (its
	// TTLB: until the handler gave up) abandoned a bank that was within
	// its deadline: the TPP's own timeout, software or connection ended
	// the call, and the call is marked NotAttributable (it starts no
	// AV-CLOCK and counts in no failure). A client that leaves once the
	// call has run ClientGoneDeadline or more left a bank already past its
	// deadline: the call is attributable, a failure.
	//
	// DEFAULT (0): no deadline is set, so the bank is never past one and
	// every abandoned call is NotAttributable. Set it to the bank's own
	// answer deadline (a gateway's upstream timeout); 1 ns makes every
	// abandoned call attributable (the strict reading that a middleware
	// cannot show why a client left).
	ClientGoneDeadline time.Duration
	// Records, when set, gives the number of records in a response (kpi's
	// CALL Records, PF-PAGE-1) from the request and the response header the
	// handler sent (see RecordsHeader). It is called once per call with a
	// response (Status != 0), on the request's goroutine, and must not keep
	// or change h. nil: Records 0, unknown (one page).
	Records func(r *http.Request, h http.Header) int64
}

// RecordsHeader returns an Options.Records that reads the record count
// from the response header name (for example "X-Records", set by the
// backend on paged endpoints). A missing, malformed or negative value is
// unknown (0), which PF-PAGE-1 counts as one page: the call itself is
// still counted everywhere else.
func RecordsHeader(name string) func(r *http.Request, h http.Header) int64 {
	key := http.CanonicalHeaderKey(name)
	return func(_ *http.Request, h http.Header) int64 {
		v := h[key]
		if len(v) == 0 {
			return 0
		}
		n, err := strconv.ParseInt(v[0], 10, 64)
		if err != nil || n < 0 {
			return 0
		}
		return n
	}
}

// Middleware measures every request to the handler it wraps and records it.
// Build it with New. It is safe for concurrent use.
type Middleware struct {
	next http.Handler
	rec  Recorder
	opts Options
	now  func() time.Time // time.Now; tests set their own clock
}

// New returns a Middleware recording every request to next into rec.
func New(next http.Handler, rec Recorder, opts Options) *Middleware {
	return &Middleware{next: next, rec: rec, opts: opts, now: time.Now}
}

// ServeHTTP measures one request (see the package documentation for what is
// measured when).
func (m *Middleware) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	w := &writer{rw: rw, now: m.now, start: m.now()}
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
	returned := false
	defer func() {
		if returned {
			return // finish ran (a panic in the Recorder goes on as it is)
		}
		p := recover() // nil: the handler called runtime.Goexit
		m.finishPanic(w, r)
		if p != nil {
			panic(p)
		}
	}()
	m.next.ServeHTTP(w, r)
	returned = true
	m.finish(w, r)
}

// clientCanceled reports whether net/http cancelled the request because the
// client went away (the connection closed, or HTTP/2 reset the stream):
// cancellation with context.Canceled. A deadline (http.TimeoutHandler, a
// per-request timeout) or another cause is not a client going away.
func clientCanceled(r *http.Request) bool {
	ctx := r.Context()
	return ctx.Err() != nil && errors.Is(context.Cause(ctx), context.Canceled)
}

// checkTimeout notes whether an http.TimeoutHandler around the middleware
// answered in the handler's place: once the request's deadline has passed,
// its writer refuses every write with http.ErrHandlerTimeout, so an empty
// Write tells. Only asked after a deadline.
func (m *Middleware) checkTimeout(w *writer, r *http.Request) {
	ctx := r.Context()
	if w.timedOut || ctx.Err() == nil || !errors.Is(context.Cause(ctx), context.DeadlineExceeded) {
		return
	}
	if _, err := w.rw.Write(nil); errors.Is(err, http.ErrHandlerTimeout) {
		w.timedOut = true
	}
}

// finish records a call whose handler returned.
func (m *Middleware) finish(w *writer, r *http.Request) {
	if w.hijacked {
		w.s.Hijacked = true
		m.record(w, r, w.now(), 0)
		return
	}
	if m.checkTimeout(w, r); w.timedOut {
		m.recordTimeout(w, r)
		return
	}
	// Did the client leave while the handler ran? Asked before the final
	// flush: a client that closes once it has the flushed response has not
	// gone before it.
	canceled := clientCanceled(r)
	// The final flush, even when the client has left: the last bytes of a
	// complete response may already be out (a large write bypasses the
	// buffers), and the client may have closed because it had them all.
	var end time.Time
	if !w.failed && w.wroteHeader && !m.opts.SkipFinalFlush {
		err := http.NewResponseController(w.rw).Flush()
		end = w.now()
		w.flushed(err, end)
	} else {
		end = w.now()
	}
	if w.failed || canceled {
		if w.complete(r) { // the whole response had left: delivered
			m.record(w, r, w.flushedAt, w.status)
		} else {
			m.recordGone(w, r, end)
		}
		return
	}
	status := w.status
	if !w.wroteHeader { // nothing written: net/http sends 200 with no body now
		status, w.first = http.StatusOK, end
	}
	m.record(w, r, end, status)
}

var panicBody = []byte("Internal Server Error\n")

// finishPanic records a call whose handler panicked (or called
// runtime.Goexit), sending the 500 it records when no header has been sent
// yet.
func (m *Middleware) finishPanic(w *writer, r *http.Request) {
	w.s.Panicked = true
	if w.hijacked {
		w.s.Hijacked = true
		m.record(w, r, w.now(), 0)
		return
	}
	m.checkTimeout(w, r)
	if !w.timedOut && !w.failed && !clientCanceled(r) && !w.wroteHeader {
		m.send500(w, r)
	}
	switch {
	case w.timedOut:
		m.recordTimeout(w, r)
	case (w.failed || clientCanceled(r)) && !w.complete(r):
		m.recordGone(w, r, w.now())
	default:
		m.record(w, r, w.now(), http.StatusInternalServerError)
	}
}

// send500 sends the 500 recorded for a panic before any header, through the
// writer (so that a failed write or flush is seen). Connection: close tells
// an HTTP/1 client what net/http does after a panic; HTTP/2 would take it
// for the whole connection (GOAWAY), so it is set for HTTP/1 only.
func (m *Middleware) send500(w *writer, r *http.Request) {
	h := w.rw.Header()
	clear(h)
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(panicBody)))
	if r.ProtoMajor == 1 {
		h.Set("Connection", "close")
	}
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = w.Write(panicBody)
	_ = w.FlushError()
}

// recordGone records a call whose client went away: Status 0,
// attributable only when it ran at least Options.ClientGoneDeadline.
func (m *Middleware) recordGone(w *writer, r *http.Request, end time.Time) {
	w.s.ClientGone = true
	d := m.opts.ClientGoneDeadline
	w.s.Call.NotAttributable = d <= 0 || end.Sub(w.receivedAt()) < d
	m.record(w, r, end, 0)
}

// recordTimeout records the 503 that http.TimeoutHandler sent in the
// handler's place when the deadline passed: TTFB = TTLB = the deadline (not
// before the call was received); the handler's bytes were never sent and
// the TimeoutHandler's own are not seen (0).
func (m *Middleware) recordTimeout(w *writer, r *http.Request) {
	w.s.TimedOut = true
	at := w.now()
	if dl, ok := r.Context().Deadline(); ok && dl.Before(at) {
		at = dl
	}
	at = laterOf(at, w.start)
	w.first, w.bytes = at, 0
	m.record(w, r, laterOf(at, w.receivedAt()), http.StatusServiceUnavailable)
}

func laterOf(a, b time.Time) time.Time {
	if a.Before(b) {
		return b
	}
	return a
}

// record fills the Sample's call and hands it to the Recorder.
func (m *Middleware) record(w *writer, r *http.Request, end time.Time, status int) {
	received := w.receivedAt()
	c := &w.s.Call
	c.ReceivedAt = received.Round(0) // wall clock only; durations below are monotonic
	c.Status = status
	c.TTLB = end.Sub(received)
	if w.first.IsZero() {
		c.TTFB, c.HasTTFB = 0, false
	} else {
		c.TTFB, c.HasTTFB = w.first.Sub(received), true
	}
	c.ResponseBytes = w.bytes
	if status != 0 && m.opts.Records != nil {
		c.Records = m.opts.Records(r, w.rw.Header())
	}
	m.rec.Record(&w.s)
}
