package measure

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// writer is the per-request state: the wrapped http.ResponseWriter, the
// instants it saw, and the Sample it records (one allocation per request).
//
// Every field but bodyEOF belongs to the handler's goroutine. bodyEOF is
// written by whoever reads the request body, which need not be the handler's
// goroutine (httputil.ReverseProxy's transport sends the body from its own).
type writer struct {
	rw           http.ResponseWriter
	now          func() time.Time
	start        time.Time    // the handler started
	first        time.Time    // the response was committed (TTFB); zero: not yet
	flushedAt    time.Time    // the last successful flush
	bodyEOF      atomic.Int64 // 1 + nanoseconds from start to the body's io.EOF; 0: not yet
	status       int
	bytes        int64
	flushedBytes int64 // bytes at the last successful flush
	wroteHeader  bool
	hijacked     bool
	failed       bool // a Write or Flush failed: the client is gone
	timedOut     bool // a Write or Flush returned http.ErrHandlerTimeout
	body         body
	s            Sample
}

// commit notes the final status and the first byte, once.
func (w *writer) commit(status int) {
	if !w.wroteHeader {
		w.wroteHeader, w.status, w.first = true, status, w.now()
	}
}

// fail notes a write or flush error: the connection failed, unless the error
// is a handler bug, the writer's lack of a feature, or http.TimeoutHandler
// saying that it has answered in the handler's place.
func (w *writer) fail(err error) {
	switch {
	case err == nil, errors.Is(err, http.ErrBodyNotAllowed), errors.Is(err, http.ErrContentLength),
		errors.Is(err, http.ErrHijacked), errors.Is(err, http.ErrNotSupported):
	case errors.Is(err, http.ErrHandlerTimeout):
		w.timedOut = true
	default:
		w.failed = true
	}
}

// complete reports whether the whole response had been handed to the
// connection by a successful flush: the header, and the body when it has one
// (the declared Content-Length, all written). Such a response is delivered
// whatever the client does next.
func (w *writer) complete(r *http.Request) bool {
	if !w.wroteHeader || w.flushedAt.IsZero() || w.flushedBytes != w.bytes {
		return false
	}
	if r.Method == http.MethodHead || w.status == http.StatusNoContent || w.status == http.StatusNotModified {
		return true
	}
	n, err := strconv.ParseInt(w.rw.Header().Get("Content-Length"), 10, 64)
	return err == nil && n == w.bytes
}

// receivedAt is the instant the request was received: the handler start, or
// (ReceivedAtBodyRead) the body's end if that came before the first byte.
func (w *writer) receivedAt() time.Time {
	if v := w.bodyEOF.Load(); v != 0 {
		eof := w.start.Add(time.Duration(v - 1))
		if w.first.IsZero() || !eof.After(w.first) {
			return eof
		}
	}
	return w.start
}

func (w *writer) Header() http.Header { return w.rw.Header() }

// WriteHeader passes code on; the first final status (not 1xx, except 101)
// is the one recorded and its instant the TTFB.
func (w *writer) WriteHeader(code int) {
	if code < 100 || code > 199 || code == http.StatusSwitchingProtocols {
		w.commit(code)
	}
	w.rw.WriteHeader(code)
}

func (w *writer) Write(p []byte) (int, error) {
	w.commit(http.StatusOK)
	n, err := w.rw.Write(p)
	w.bytes += int64(n)
	w.fail(err)
	return n, err
}

// ReadFrom keeps io.ReaderFrom (and so sendfile) of the server's writer.
func (w *writer) ReadFrom(src io.Reader) (int64, error) {
	w.commit(http.StatusOK)
	var n int64
	var err error
	if rf, ok := w.rw.(io.ReaderFrom); ok {
		n, err = rf.ReadFrom(src)
	} else {
		n, err = io.Copy(writerOnly{w.rw}, src)
	}
	w.bytes += n
	// err may be the source's; a gone client shows in the context.
	return n, err
}

// Flush is http.Flusher.
func (w *writer) Flush() { _ = w.FlushError() }

// FlushError is what http.ResponseController.Flush calls.
func (w *writer) FlushError() error {
	w.commit(http.StatusOK)
	err := http.NewResponseController(w.rw).Flush()
	w.flushed(err, time.Time{})
	return err
}

// flushed notes the outcome of a flush (at, or now if at is zero): the
// first successful flush after the last byte written is when the response
// had wholly left.
func (w *writer) flushed(err error, at time.Time) {
	if err != nil {
		w.fail(err)
		return
	}
	if w.flushedAt.IsZero() || w.flushedBytes != w.bytes {
		if at.IsZero() {
			at = w.now()
		}
		w.flushedAt, w.flushedBytes = at, w.bytes
	}
}

// Hijack is http.Hijacker.
func (w *writer) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	c, brw, err := http.NewResponseController(w.rw).Hijack()
	if err == nil {
		w.hijacked = true
	}
	return c, brw, err
}

// Unwrap lets http.ResponseController reach the server's writer.
func (w *writer) Unwrap() http.ResponseWriter { return w.rw }

type writerOnly struct{ io.Writer }

// body notes when the request body was read to its end
// (Options.ReceivedAtBodyRead). Read may run on any goroutine.
type body struct {
	rc io.ReadCloser
	w  *writer
}

func (b *body) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if err == io.EOF && b.w.bodyEOF.Load() == 0 {
		b.w.bodyEOF.CompareAndSwap(0, int64(max(b.w.now().Sub(b.w.start), 0))+1)
	}
	return n, err
}

func (b *body) Close() error { return b.rc.Close() }
