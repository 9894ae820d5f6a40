package measure_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/examples/gateway/measure"
)

// FuzzMiddleware drives the middleware with handlers that write any status,
// any number of bytes in any pieces, flush or not, and panic or not. The
// invariants: exactly one sample per request; it passes kpi.Check (a final
// status the rules accept is recorded as is, a panic as 500); bytes are
// those the server's writer accepted; TTFB <= TTLB.
func FuzzMiddleware(f *testing.F) {
	f.Add(200, 10, 3, true, false, "/accounts/1/balances")
	f.Add(503, 0, 0, false, false, "/payments")
	f.Add(0, 5, 1, false, true, "/x")
	f.Add(404, 100, 7, true, true, "//accounts//1//balances?x=1")
	f.Fuzz(func(t *testing.T, status, n, pieces int, flush, panics bool, path string) {
		if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, " \r\n\t\x00") || len(path) > 200 {
			return
		}
		status = 200 + (max(status, -status)%400+400)%400 // 200-599: final statuses
		n, pieces = (max(n, -n)%10000+10000)%10000, (max(pieces, -pieces)%8+8)%8
		reg := registry("GET /accounts/{AccountID}/balances", "GET /payments")
		var got []measure.Sample
		var written int64 // what the server's writer accepted (not a 204's body)
		h := measure.New(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(status)
			for i := range pieces {
				k, _ := io.WriteString(w, strings.Repeat("x", n/pieces+i%2))
				written += int64(k)
				if flush {
					w.(http.Flusher).Flush()
				}
			}
			if panics {
				panic("fuzz")
			}
		}), measure.RecorderFunc(func(s *measure.Sample) { got = append(got, *s) }), measure.Options{Registry: reg})
		r := httptest.NewRequest("GET", "http://example.com/", nil)
		r.URL.Path = path
		w := httptest.NewRecorder()
		func() {
			defer func() {
				p := recover()
				require.Equal(t, panics, p != nil)
			}()
			h.ServeHTTP(w, r)
		}()
		require.Len(t, got, 1)
		s := got[0]
		want := status
		if panics {
			want = 500
		}
		require.Equal(t, want, s.Call.Status)
		require.Equal(t, written, s.Call.ResponseBytes)
		require.LessOrEqual(t, s.Call.TTFB, s.Call.TTLB)
		if s.Matched {
			require.Equal(t, kpi.OK, kpi.Check(&s.Call))
		} else {
			require.Empty(t, s.Call.Endpoint)
		}
	})
}
