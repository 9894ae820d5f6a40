package errorrate

import (
	"testing"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
)

// FuzzCounterAdd feeds arbitrary calls to Add: it must not panic, a call is
// either counted or rejected (never both, never neither), and the rate
// stays in [0, 100] with no data only when there is no request (ER-3).
func FuzzCounterAdd(f *testing.F) {
	f.Add(int64(1740823200), "GET /accounts", 200, int64(1e6), int64(5e6), false, false, false)
	f.Add(int64(1740823200), "GET /accounts", 500, int64(0), int64(0), false, true, false)
	f.Add(int64(1740823200), "GET /accounts", 0, int64(0), int64(30e9), true, false, true)
	f.Add(int64(0), "", 101, int64(-1), int64(-2), false, false, false)
	f.Add(int64(kpitest.ZeroTimeUnix), "x", 599, int64(9), int64(8), false, false, false)
	f.Fuzz(func(t *testing.T, unix int64, endpoint string, status int, ttfb, ttlb int64, ttfbUnknown, notAttributable, rejected bool) {
		c := kpitest.FuzzCall(unix, endpoint, status, ttfb, ttlb, ttfbUnknown, notAttributable, rejected)
		var a, b Counter
		err := a.Add(&c)
		_ = b.Add(&c)
		_ = b.Add(&c)
		rej := a.Rejections()
		if (err == nil) != (a.Calls() == 1) || a.Calls()+rej.Total() != 1 {
			t.Fatalf("call neither counted nor rejected exactly once: err=%v requests=%d rejected=%d", err, a.Calls(), rej.Total())
		}
		if err != nil && err != kpi.Check(&c) {
			t.Fatalf("Add returned %v, Check says %v", err, kpi.Check(&c))
		}
		a.Merge(&b)
		for _, opts := range []Options{{}, {CountNoResponse: true}} {
			if a.Errors(opts)+a.NotAttributableErrors(opts) > a.Calls() {
				t.Fatalf("errors %d + excluded %d > requests %d", a.Errors(opts), a.NotAttributableErrors(opts), a.Calls())
			}
			r := a.RatePercent(opts)
			if r.OK() != (a.Calls() > 0) {
				t.Fatalf("rate %s with %d requests", r, a.Calls())
			}
			if r.OK() && (r.Cmp(kpi.RatioOf(0, 1)) < 0 || r.Cmp(kpi.RatioOf(100, 1)) > 0) {
				t.Fatalf("rate %s outside [0, 100]", r)
			}
		}
		if want, _ := Reference([]kpi.Call{c, c, c}, Options{}); !want.Equal(a.RatePercent(Options{})) {
			t.Fatalf("reference %s, counter %s", want, a.RatePercent(Options{}))
		}
	})
}
