package measure_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/examples/gateway/measure"
)

// The middleware records each request as a kpi.Call: the endpoint template
// it matched, the status sent and the bytes written.
func ExampleNew() {
	reg := &kpi.Registry{}
	reg.Intern("GET /accounts/{AccountID}/balances")
	h := measure.New(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusAccepted)
		_, _ = io.WriteString(w, `{"ok":true}`)
	}), measure.RecorderFunc(func(s *measure.Sample) {
		c := &s.Call
		fmt.Println(c.Endpoint, c.Status, c.ResponseBytes, c.TTFB <= c.TTLB, kpi.Check(c))
	}), measure.Options{Registry: reg})
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/accounts/42/balances", nil))
	// Output: GET /accounts/{AccountID}/balances 202 11 true ok
}

// A handler that panics is recorded as a 500, and the panic goes on to
// net/http.
func ExampleNew_panic() {
	h := measure.New(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		panic("bug")
	}), measure.RecorderFunc(func(s *measure.Sample) {
		fmt.Println(s.Call.Status, s.Panicked)
	}), measure.Options{})
	w := httptest.NewRecorder()
	func() {
		defer func() { fmt.Println("re-raised:", recover()) }()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/", nil))
	}()
	fmt.Println("sent:", w.Code)
	// Output:
	// 500 true
	// re-raised: bug
	// sent: 500
}

// Options.Records reads PF-PAGE-1's record count from a header the backend
// sets on paged endpoints; without it every call is one page (Records 0).
func ExampleRecordsHeader() {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Records", "250")
		_, _ = io.WriteString(w, `{"Data":{"Transaction":[]}}`)
	})
	for _, hook := range []func(*http.Request, http.Header) int64{nil, measure.RecordsHeader("X-Records")} {
		m := measure.New(h, measure.RecorderFunc(func(s *measure.Sample) {
			fmt.Println("records:", s.Call.Records)
		}), measure.Options{Records: hook})
		m.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/accounts/1/transactions", nil))
	}
	// Output:
	// records: 0
	// records: 250
}

// A client that goes away is status 0. By DEFAULT it is not attributable
// (no deadline: the bank is never past one); under the OPTION
// ClientGoneDeadline, a client leaving a call that ran the deadline or
// longer is the bank's failure (here 1 ns: every such call).
func ExampleOptions_clientGoneDeadline() {
	for _, deadline := range []time.Duration{0, time.Nanosecond} {
		ctx, cancel := context.WithCancel(context.Background())
		m := measure.New(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			cancel() // the client leaves before the answer
			time.Sleep(time.Millisecond)
		}), measure.RecorderFunc(func(s *measure.Sample) {
			fmt.Println(s.Call.Status, s.ClientGone, s.Call.NotAttributable, s.Call.Failure())
		}), measure.Options{ClientGoneDeadline: deadline})
		m.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil).WithContext(ctx))
	}
	// Output:
	// 0 true true false
	// 0 true false true
}
