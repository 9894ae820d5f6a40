package measure_test

import (
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi/examples/gateway/measure"
)

// fakeWriter is an in-process http.ResponseWriter whose writes or flushes
// can fail as they do on a connection the client has closed.
type fakeWriter struct {
	h                  http.Header
	status             int
	writeErr, flushErr error
}

func (f *fakeWriter) Header() http.Header { return f.h }
func (f *fakeWriter) WriteHeader(code int) {
	if f.status == 0 {
		f.status = code
	}
}
func (f *fakeWriter) Write(p []byte) (int, error) {
	if f.writeErr != nil {
		return 0, f.writeErr
	}
	return len(p), nil
}
func (f *fakeWriter) FlushError() error { return f.flushErr }

var discardLog = log.New(io.Discard, "", 0)

var errReset = errors.New("write tcp 127.0.0.1:8080->127.0.0.1:50000: connection reset by peer")

// serveRecover serves r and returns what the middleware re-raised.
func serveRecover(h http.Handler, w http.ResponseWriter, r *http.Request) (p any) {
	defer func() { p = recover() }()
	h.ServeHTTP(w, r)
	return nil
}

// TestPanicPaths: what a panic is recorded as, by what had happened before.
//
//	a write had failed (client gone)        0, ClientGone
//	no header; the 500's write fails        0, ClientGone
//	no header; the 500's flush fails        0, ClientGone
//	no header, HTTP/1.1                     500 sent with Connection: close
//	no header, HTTP/2                       500 sent without Connection (no GOAWAY)
func TestPanicPaths(t *testing.T) {
	for _, tc := range []struct {
		name               string
		writeFirst         bool
		writeErr, flushErr error
		protoMajor         int
		status             int
		connection         string
	}{
		{"write failed, then panic", true, errReset, nil, 1, 0, ""},
		{"the 500's write fails", false, errReset, nil, 1, 0, "close"},
		{"the 500's flush fails", false, nil, errReset, 1, 0, "close"},
		{"HTTP/1.1", false, nil, nil, 1, 500, "close"},
		{"HTTP/2", false, nil, nil, 2, 500, ""},
	} {
		m, rec := middleware(func(w http.ResponseWriter, r *http.Request) {
			if tc.writeFirst {
				_, _ = io.WriteString(w, "partial")
			}
			panic("boom")
		}, measure.Options{}, nil)
		r := httptest.NewRequest("GET", "/stream", nil)
		r.ProtoMajor = tc.protoMajor
		w := &fakeWriter{h: http.Header{}, writeErr: tc.writeErr, flushErr: tc.flushErr}
		require.Equal(t, "boom", serveRecover(m, w, r), tc.name)
		s := rec.next(t)
		require.True(t, s.Panicked, tc.name)
		require.Equal(t, tc.status, s.Call.Status, tc.name)
		require.Equal(t, tc.status == 0, s.ClientGone, tc.name)
		require.Equal(t, tc.connection, w.h.Get("Connection"), tc.name)
		if !tc.writeFirst {
			require.Equal(t, 500, w.status, "%s: the 500 was attempted", tc.name)
		}
	}
}

// TestHijackThenPanic: a handler that hijacked the connection and then
// panics is recorded as Hijacked (no API call), not as a 500; nothing is
// written on the hijacked connection.
func TestHijackThenPanic(t *testing.T) {
	srv, rec := server(t, func(w http.ResponseWriter, r *http.Request) {
		conn, brw, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)
			return
		}
		_, _ = brw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi")
		_ = brw.Flush()
		conn.Close()
		panic(http.ErrAbortHandler)
	}, measure.Options{})
	resp, err := srv.Client().Get(srv.URL + "/stream")
	require.NoError(t, err)
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, "hi", string(b))
	s := rec.next(t)
	require.True(t, s.Hijacked)
	require.True(t, s.Panicked)
	require.Equal(t, 0, s.Call.Status)
}

// TestGoexitIsRecordedOnce: runtime.Goexit in a handler (t.FailNow in a
// test handler does it) still reaches the Recorder, once, as a panic: the
// middleware sends and records a 500, and Goexit goes on.
func TestGoexitIsRecordedOnce(t *testing.T) {
	m, rec := middleware(func(w http.ResponseWriter, r *http.Request) {
		runtime.Goexit()
	}, measure.Options{}, nil)
	w := &fakeWriter{h: http.Header{}}
	done := make(chan struct{})
	go func() {
		defer close(done)
		m.ServeHTTP(w, httptest.NewRequest("GET", "/stream", nil))
		t.Errorf("Goexit did not go on")
	}()
	<-done
	s := rec.next(t)
	require.True(t, s.Panicked)
	require.Equal(t, 500, s.Call.Status)
	require.Equal(t, 500, w.status)
	require.Empty(t, rec.ch, "recorded once")
}

// TestPanicOverHTTP2KeepsTheConnection: on HTTP/2 the middleware's 500 has
// no Connection: close, which would make net/http shut the whole
// connection down (GOAWAY): the next request reuses the connection.
func TestPanicOverHTTP2KeepsTheConnection(t *testing.T) {
	m, rec := middleware(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("do") == "panic" {
			panic(http.ErrAbortHandler)
		}
		_, _ = io.WriteString(w, "ok")
	}, measure.Options{}, nil)
	srv := httptest.NewUnstartedServer(m)
	srv.EnableHTTP2 = true
	srv.Config.ErrorLog = discardLog
	srv.StartTLS()
	defer srv.Close()
	client := srv.Client()

	resp, err := client.Get(srv.URL + "/stream?do=panic")
	require.NoError(t, err)
	require.Equal(t, 2, resp.ProtoMajor)
	require.Equal(t, 500, resp.StatusCode)
	_, _ = io.Copy(io.Discard, resp.Body) // the stream is then reset
	resp.Body.Close()
	s := rec.next(t)
	require.True(t, s.Panicked)
	require.Equal(t, 500, s.Call.Status)

	var reused bool
	trace := &httptrace.ClientTrace{GotConn: func(i httptrace.GotConnInfo) { reused = i.Reused }}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(t.Context(), trace), "GET", srv.URL+"/stream", nil)
	require.NoError(t, err)
	resp, err = client.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)
	require.True(t, reused, "the HTTP/2 connection survived the panic")
	rec.next(t)
}
