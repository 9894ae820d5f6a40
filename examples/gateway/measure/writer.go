package measure

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"time"
)

// writer is the per-request state: the wrapped http.ResponseWriter, the
// instants it saw, and the Sample it records (one allocation per request).
type writer struct {
	rw          http.ResponseWriter
	start       time.Time // the handler started
	first       time.Time // the response was committed (TTFB); zero: not yet
	bodyEOF     time.Time // the body was read to its end (ReceivedAtBodyRead)
	status      int
	bytes       int64
	wroteHeader bool
	hijacked    bool
	failed      bool // a Write or Flush failed: the client is gone
	body        body
	s           Sample
}

// commit notes the final status and the first byte, once.
func (w *writer) commit(status int) {
	if !w.wroteHeader {
		w.wroteHeader, w.status, w.first = true, status, time.Now()
	}
}

// fail notes a write error that means the connection failed.
func (w *writer) fail(err error) {
	if err != nil && !errors.Is(err, http.ErrBodyNotAllowed) && !errors.Is(err, http.ErrContentLength) &&
		!errors.Is(err, http.ErrHijacked) && !errors.Is(err, http.ErrNotSupported) {
		w.failed = true
	}
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
	w.fail(err)
	return err
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
// (Options.ReceivedAtBodyRead).
type body struct {
	rc io.ReadCloser
	w  *writer
}

func (b *body) Read(p []byte) (int, error) {
	n, err := b.rc.Read(p)
	if err == io.EOF && b.w.bodyEOF.IsZero() {
		b.w.bodyEOF = time.Now()
	}
	return n, err
}

func (b *body) Close() error { return b.rc.Close() }
