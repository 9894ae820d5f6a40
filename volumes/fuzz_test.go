package volumes

import (
	"testing"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
)

// FuzzCounterAdd feeds arbitrary calls to Add: it must not panic, a call is
// either counted (in exactly one class) or rejected, and the VO-DAY-1
// invariants hold after Merge.
func FuzzCounterAdd(f *testing.F) {
	f.Add(int64(1740823200), "GET /accounts", 200, int64(1e6), int64(5e6), false, false, false)
	f.Add(int64(1740823200), "GET /accounts", 202, int64(0), int64(0), false, true, true)
	f.Add(int64(1740823200), "GET /accounts", 0, int64(0), int64(30e9), true, false, true)
	f.Add(int64(0), "", 101, int64(-1), int64(-2), false, false, false)
	f.Add(int64(kpitest.ZeroTimeUnix), "x", 599, int64(9), int64(8), false, false, true)
	f.Fuzz(func(t *testing.T, unix int64, endpoint string, status int, ttfb, ttlb int64, ttfbUnknown, notAttributable, rejected bool) {
		c := kpitest.FuzzCall(unix, endpoint, status, ttfb, ttlb, ttfbUnknown, notAttributable, rejected)
		var a, b Counter
		err := a.Add(&c)
		_ = b.Add(&c)
		_ = b.Add(&c)
		n := a.Figures()
		rej := a.Rejections()
		if n.Calls+rej.Total() != 1 || (err == nil) != (n.Calls == 1) {
			t.Fatalf("call neither counted nor rejected exactly once: err=%v counts=%+v rejected=%d", err, n, rej.Total())
		}
		if err != nil && err != kpi.Check(&c) {
			t.Fatalf("Add returned %v, Check says %v", err, kpi.Check(&c))
		}
		if err == nil && (n.Rejected == 1) != rejected {
			t.Fatalf("flag %v counted as %d", rejected, n.Rejected)
		}
		a.Merge(&b)
		n = a.Figures()
		if n.Calls != n.Successful+n.Redirects+n.FailedBusiness+n.FailedTechnical ||
			n.FailedTechnical != n.Status5xx+n.NoResponse || n.Rejected > n.Calls ||
			n.SuccessfulOther2xx > n.Successful {
			t.Fatalf("invariants broken: %+v", n)
		}
		if want, _ := Reference([]kpi.Call{c, c, c}); want != n {
			t.Fatalf("reference %+v, daily %+v", want, n)
		}
	})
}
