package measure_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/examples/gateway/measure"
)

// TestTimeoutHandlerInside: the middleware inside http.TimeoutHandler. The
// handler outlives the 50 ms limit, TimeoutHandler answers 503 in its place,
// and the call is recorded as that 503 (TimedOut), not as a client gone:
// the deadline is no cancellation by the client. The handler is released
// only once the client holds the 503, then either writes (refused with
// http.ErrHandlerTimeout) or returns without writing (the middleware asks
// with an empty Write). TTFB = TTLB = the deadline, which TimeoutHandler set
// before the middleware started: at most 50 ms after ReceivedAt.
func TestTimeoutHandlerInside(t *testing.T) {
	const limit = 50 * time.Millisecond
	for _, writes := range []bool{true, false} {
		release := make(chan struct{})
		m, rec := middleware(func(w http.ResponseWriter, r *http.Request) {
			<-release
			if writes {
				if _, err := io.WriteString(w, "late"); !errors.Is(err, http.ErrHandlerTimeout) {
					t.Errorf("late write: %v, want http.ErrHandlerTimeout", err)
				}
			}
		}, measure.Options{}, nil)
		srv := httptest.NewServer(http.TimeoutHandler(m, limit, "too slow"))
		resp, err := srv.Client().Get(srv.URL + "/stream")
		require.NoError(t, err)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.Equal(t, http.StatusServiceUnavailable, resp.StatusCode)
		require.Equal(t, "too slow", string(b))
		close(release)

		s := rec.next(t)
		srv.Close()
		require.True(t, s.TimedOut, "writes=%v", writes)
		require.False(t, s.ClientGone, "writes=%v", writes)
		require.Equal(t, http.StatusServiceUnavailable, s.Call.Status, "writes=%v", writes)
		require.Equal(t, s.Call.TTFB, s.Call.TTLB)
		require.LessOrEqual(t, s.Call.TTLB, limit)
		require.Zero(t, s.Call.ResponseBytes)
		require.Equal(t, kpi.OK, kpi.Check(&s.Call))
	}

	// Outside TimeoutHandler (the placement to prefer), its 503 is recorded
	// as any status.
	release := make(chan struct{})
	srv, rec := server(t, http.TimeoutHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
	}), limit, "too slow").ServeHTTP, measure.Options{})
	resp, err := srv.Client().Get(srv.URL + "/stream")
	require.NoError(t, err)
	resp.Body.Close()
	close(release)
	s := rec.next(t)
	require.Equal(t, http.StatusServiceUnavailable, s.Call.Status)
	require.False(t, s.TimedOut)
	require.Equal(t, int64(len("too slow")), s.Call.ResponseBytes)
}

// TestDeadlineIsNoClientGone: an outer middleware gives each request a
// 10 ms deadline; the handler sees it expire and answers 504, which the
// client receives: recorded 504, not status 0.
func TestDeadlineIsNoClientGone(t *testing.T) {
	m, rec := middleware(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
		http.Error(w, "upstream timeout", http.StatusGatewayTimeout)
	}, measure.Options{}, nil)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 10*time.Millisecond)
		defer cancel()
		m.ServeHTTP(w, r.WithContext(ctx))
	}))
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL + "/stream")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusGatewayTimeout, resp.StatusCode)
	s := rec.next(t)
	require.Equal(t, http.StatusGatewayTimeout, s.Call.Status)
	require.False(t, s.ClientGone)
	require.False(t, s.TimedOut)
}

// TestCompleteResponseThenClientGone: the handler sends a Content-Length
// response in full and flushes it, then lingers; the client reads it all
// and closes its connection before the handler returns. The response was
// delivered: recorded 200, with TTLB the flush. On the manual clock: first
// byte at T+10 ms, flush at T+15 ms, return at T+115 ms, so TTFB 10 ms,
// TTLB 15 ms. Declaring 10 bytes and sending 5 is no complete response:
// the same client leaving makes it status 0, TTLB the handler's return
// (115 ms).
func TestCompleteResponseThenClientGone(t *testing.T) {
	for _, tc := range []struct {
		declared   int
		status     int
		ttlb       time.Duration
		clientGone bool
	}{
		{5, 200, 15 * time.Millisecond, false},
		{10, 0, 115 * time.Millisecond, true},
	} {
		clk := newClock()
		srv, rec := serverClock(t, func(w http.ResponseWriter, r *http.Request) {
			clk.advance(10 * time.Millisecond)
			w.Header().Set("Content-Length", strconv.Itoa(tc.declared))
			_, _ = io.WriteString(w, "hello")
			clk.advance(5 * time.Millisecond)
			if err := http.NewResponseController(w).Flush(); err != nil {
				t.Errorf("flush: %v", err)
			}
			select {
			case <-r.Context().Done():
			case <-time.After(10 * time.Second):
				t.Errorf("the client's leaving did not cancel the request")
			}
			clk.advance(100 * time.Millisecond)
		}, measure.Options{}, clk)
		client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
		resp, err := client.Get(srv.URL + "/stream")
		require.NoError(t, err)
		buf := make([]byte, 5)
		_, err = io.ReadFull(resp.Body, buf)
		require.NoError(t, err)
		resp.Body.Close() // DisableKeepAlives: the connection closes
		client.CloseIdleConnections()

		s := rec.next(t)
		require.Equal(t, tc.status, s.Call.Status, "declared %d", tc.declared)
		require.Equal(t, tc.clientGone, s.ClientGone, "declared %d", tc.declared)
		require.Equal(t, 10*time.Millisecond, s.Call.TTFB, "declared %d", tc.declared)
		require.Equal(t, tc.ttlb, s.Call.TTLB, "declared %d", tc.declared)
		require.Equal(t, int64(5), s.Call.ResponseBytes)
	}
}

// TestClientGoneNotAttributableOption: the OPTION on kpi's Attributable
// for a client that went away, on one input. On the manual clock: call A is
// received at T, its client goes away, the handler gives up at T+2 s
// (status 0, TTLB 2 s); call B is received at T+10 s and answers 200 after
// 1 s. AV-CLOCK (DEFAULT instants, logged = ReceivedAt + TTLB): A's failure
// is logged at T+2 s, B's success at T+11 s.
//
//	DEFAULT  A attributable: downtime [T+2 s, T+11 s) = 9 s
//	OPTION   A not attributable: it starts no clock, downtime 0
func TestClientGoneNotAttributableOption(t *testing.T) {
	for _, tc := range []struct {
		option   bool
		downtime time.Duration
	}{{false, 9 * time.Second}, {true, 0}} {
		clk := newClock()
		var cancel context.CancelFunc
		m, rec := middleware(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Query().Get("do") == "leave" {
				cancel() // the client goes away
				clk.advance(2 * time.Second)
				return
			}
			clk.advance(time.Second)
			_, _ = io.WriteString(w, "ok")
		}, measure.Options{ClientGoneNotAttributable: tc.option}, clk)

		var ctx context.Context
		ctx, cancel = context.WithCancel(context.Background())
		defer cancel()
		m.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/stream?do=leave", nil).WithContext(ctx))
		a := rec.next(t)
		clk.advance(8 * time.Second) // T+10 s
		m.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/stream", nil))
		b := rec.next(t)

		require.True(t, a.ClientGone)
		require.Equal(t, 0, a.Call.Status)
		require.Equal(t, 2*time.Second, a.Call.TTLB)
		require.Equal(t, tc.option, a.Call.NotAttributable)
		require.Equal(t, t0.Add(10*time.Second), b.Call.ReceivedAt)
		outages, err := availability.Reference([]kpi.Call{a.Call, b.Call}, t0.Add(time.Hour), availability.Options{})
		require.NoError(t, err)
		var down time.Duration
		for i := range outages {
			down += outages[i].Duration()
		}
		require.Equal(t, tc.downtime, down, "option %v", tc.option)
	}
}

// TestRecordsHook: Options.Records gives PF-PAGE-1's record count from the
// response header the backend set; without the hook, or with a missing or
// malformed header, Records is 0 (unknown: one page).
func TestRecordsHook(t *testing.T) {
	h := func(w http.ResponseWriter, r *http.Request) {
		if v := r.URL.Query().Get("records"); v != "" {
			w.Header().Set("X-Records", v)
		}
		_, _ = io.WriteString(w, "[]")
	}
	for _, tc := range []struct {
		hook  bool
		query string
		want  int64
	}{
		{true, "?records=250", 250},
		{true, "", 0},
		{true, "?records=many", 0},
		{true, "?records=-3", 0},
		{false, "?records=250", 0},
	} {
		opts := measure.Options{}
		if tc.hook {
			opts.Records = measure.RecordsHeader("x-records")
		}
		m, rec := middleware(h, opts, nil)
		m.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/stream"+tc.query, nil))
		s := rec.next(t)
		require.Equal(t, tc.want, s.Call.Records, "hook %v %s", tc.hook, tc.query)
		require.Equal(t, kpi.OK, kpi.Check(&s.Call))
	}
}

// TestCompleteWithoutHandlerFlush: the handler writes a whole Content-Length
// response without flushing (a large write goes past the buffers), and the
// client, holding it all, closes before the handler returns. The
// middleware's final flush, tried although the request is cancelled,
// succeeds: delivered. On the manual clock: first byte T+10 ms, return and
// final flush T+110 ms, so TTLB 110 ms. If that flush fails, or the body is
// short of its Content-Length, the client is gone: status 0.
func TestCompleteWithoutHandlerFlush(t *testing.T) {
	for _, tc := range []struct {
		name     string
		declared int
		flushErr error
		status   int
	}{
		{"complete, flush succeeds", 5, nil, 200},
		{"complete, flush fails", 5, errReset, 0},
		{"short of its Content-Length", 10, nil, 0},
	} {
		clk := newClock()
		ctx, cancel := context.WithCancel(context.Background())
		m, rec := middleware(func(w http.ResponseWriter, r *http.Request) {
			clk.advance(10 * time.Millisecond)
			w.Header().Set("Content-Length", strconv.Itoa(tc.declared))
			_, _ = io.WriteString(w, "hello")
			cancel() // the client closes
			clk.advance(100 * time.Millisecond)
		}, measure.Options{}, clk)
		m.ServeHTTP(&fakeWriter{h: http.Header{}, flushErr: tc.flushErr}, httptest.NewRequest("GET", "/stream", nil).WithContext(ctx))
		cancel()
		s := rec.next(t)
		require.Equal(t, tc.status, s.Call.Status, tc.name)
		require.Equal(t, tc.status == 0, s.ClientGone, tc.name)
		require.Equal(t, 10*time.Millisecond, s.Call.TTFB, tc.name)
		require.Equal(t, 110*time.Millisecond, s.Call.TTLB, tc.name)
	}
}
