package performance_test

import (
	"fmt"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/performance"
)

// Rule RG-TIER-1: a customer-present call to Get Payees is low priority
// (1500 ms), an unattended one is unattended (4000 ms). Hour 9 of the low
// priority tier: 1400 ms within, 1600 ms not, a call rejected for traffic
// thresholds out of the share: 1 of 2, 50 %. Its average response keeps
// the rejected call: (1400 + 1600 + 30) / 3 = 1010 ms.
func ExampleTierDay() {
	loc, _ := time.LoadLocation("Australia/Sydney")
	cal := kpi.NewCalendar(loc)
	route := performance.TierRoute{Present: performance.TierLowPriority, Unattended: performance.TierUnattended}
	var d performance.TierDay
	for _, x := range []struct {
		min, ms  int
		status   int
		rejected bool
	}{{1, 1400, 200, false}, {2, 1600, 200, false}, {3, 30, 429, true}} {
		c := kpi.Call{
			ReceivedAt: time.Date(2026, 6, 10, 9, x.min, 0, 0, loc), Endpoint: "GET /banking/payees",
			Status: x.status, TTLB: time.Duration(x.ms) * time.Millisecond,
			CustomerPresent: kpi.FlagYes, TrafficRejected: kpi.FlagOf(x.rejected),
		}
		_, slot := cal.HourOf(c.ReceivedAt)
		_ = d.Add(slot, route, &c)
	}
	lp := performance.TierLowPriority
	h := d.Hour(lp, 9)
	fmt.Println(lp, "hour 9:", h.Calls, "calls,", h.Within, "of", h.Timed, "within", performance.TierThreshold(lp), "=", h.WithinPercent(), "%")
	fmt.Println("average response ms:", d.AvgResponseMs(lp))
	// Output:
	// lowPriority hour 9: 3 calls, 1 of 2 within 1.5s = 50.000 %
	// average response ms: 1010.000
}
