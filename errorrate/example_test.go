package errorrate_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/errorrate"
)

// at returns a call to GET /accounts on 2025-03-01 (UTC) plus day days, at
// the given second of the day.
func at(day, sec, status int) kpi.Call {
	return kpi.Call{
		ReceivedAt: time.Date(2025, 3, 1+day, 0, 0, sec, 0, time.UTC),
		Endpoint:   "GET /accounts",
		Status:     status,
		TTFB:       20 * time.Millisecond,
		HasTTFB:    true,
		TTLB:       80 * time.Millisecond,
	}
}

// One endpoint-day (Rule ER-1): 4xx and no-response calls are requests; a
// non-attributable 5xx is a request but not an error. 6 requests, 1 error:
// 100 × 1/6 = 16.666... %.
func ExampleCounter() {
	calls := []kpi.Call{at(0, 1, 200), at(0, 2, 201), at(0, 3, 404), at(0, 4, 0), at(0, 5, 500), at(0, 6, 503)}
	calls[5].NotAttributable = true // the bank showed the TPP caused it

	var day errorrate.Counter
	for i := range calls {
		if err := day.Add(&calls[i]); err != nil {
			fmt.Println("rejected:", err)
		}
	}
	fmt.Println("requests:", day.Calls())
	fmt.Println("errors:", day.Errors(errorrate.Options{}))
	fmt.Println("not attributable:", day.NotAttributableErrors(errorrate.Options{}))
	fmt.Println("rate %:", day.RatePercent(errorrate.Options{}).Format(3))
	// Output:
	// requests: 6
	// errors: 1
	// not attributable: 1
	// rate %: 16.667
}

// The ER-1 OPTION on one input: calls 200, 500, no response, 404. The
// default counts the 500 only, 1/4 = 25 %; CountNoResponse adds the status
// 0, 2/4 = 50 %. One Counter answers both: options apply when reading.
func ExampleOptions() {
	calls := []kpi.Call{at(0, 1, 200), at(0, 2, 500), at(0, 3, 0), at(0, 4, 404)}
	var c errorrate.Counter
	for i := range calls {
		_ = c.Add(&calls[i])
	}
	fmt.Println("5xx only:        ", c.RatePercent(errorrate.Options{}).Format(3))
	fmt.Println("5xx + no response:", c.RatePercent(errorrate.Options{CountNoResponse: true}).Format(3))
	// Output:
	// 5xx only:         25.000
	// 5xx + no response: 50.000
}

// Rule ER-3: a scope with no requests has no data, which is not 0 %.
func ExampleCounter_RatePercent_noData() {
	var quiet errorrate.Counter
	r := quiet.RatePercent(errorrate.Options{})
	fmt.Println(r.OK(), r)

	ok := at(0, 1, 200)
	_ = quiet.Add(&ok)
	r = quiet.RatePercent(errorrate.Options{})
	fmt.Println(r.OK(), r)
	// Output:
	// false no data
	// true 0.000
}

// Rule ER-2: scopes pool by Merge. Endpoint A had 10 requests and 1 error
// (10 %), endpoint B 90 requests and none (0 %): the interface's rate is
// 1/100 = 1 %, not the 5 % mean of the two endpoints.
func ExampleCounter_Merge() {
	var a, b errorrate.Counter
	for i := range 10 {
		c := at(0, i, 200)
		if i == 0 {
			c.Status = 500
		}
		_ = a.Add(&c)
	}
	for i := range 90 {
		c := at(0, i, 200)
		c.Endpoint = "GET /balances"
		_ = b.Add(&c)
	}
	var iface errorrate.Counter
	iface.Merge(&a)
	iface.Merge(&b)
	fmt.Println("A:", a.RatePercent(errorrate.Options{}).Format(1))
	fmt.Println("B:", b.RatePercent(errorrate.Options{}).Format(1))
	fmt.Println("interface:", iface.RatePercent(errorrate.Options{}).Format(1))
	// Output:
	// A: 10.0
	// B: 0.0
	// interface: 1.0
}

// Rule ER-2: the pooled rate and the mean of daily rates differ when days
// differ in volume. Day 1: 1000 requests, 5 errors (0.5 %); day 2: 100
// requests, 2 errors (2 %). Pooled: 7/1100 = 0.636 %; mean: 1.25 %.
func ExampleMeanOfDailyRatesPercent() {
	var day1, day2 errorrate.Counter
	for i := range 1000 {
		c := at(0, i, 200)
		if i < 5 {
			c.Status = 500
		}
		_ = day1.Add(&c)
	}
	for i := range 100 {
		c := at(1, i, 200)
		if i < 2 {
			c.Status = 502
		}
		_ = day2.Add(&c)
	}
	days := []*errorrate.Counter{&day1, &day2}
	fmt.Println("pooled %:", errorrate.PooledRatePercent(days, errorrate.Options{}).Format(3))
	fmt.Println("mean of daily %:", errorrate.MeanOfDailyRatesPercent(days, errorrate.Options{}).Format(3))
	// Output:
	// pooled %: 0.636
	// mean of daily %: 1.250
}

// A benchmark compares exact values: 0.5 % is met by 5 errors in 1000
// requests, and missed by 5 in 999 (0.5005 %), even though both print as
// 0.50 at two places.
func ExampleCounter_RatePercent_benchmark() {
	limit := kpi.RatioOf(1, 2) // 0.5 %
	for _, n := range []int{1000, 999} {
		var c errorrate.Counter
		for i := range n {
			call := at(0, i, 200)
			if i < 5 {
				call.Status = 500
			}
			_ = c.Add(&call)
		}
		r := c.RatePercent(errorrate.Options{})
		fmt.Printf("%d requests: %s %%, within 0.5 %%: %v\n", n, r.Format(2), r.OK() && r.Cmp(limit) <= 0)
	}
	// Output:
	// 1000 requests: 0.50 %, within 0.5 %: true
	// 999 requests: 0.50 %, within 0.5 %: false
}

// The reference computes over the good calls and names every bad one
// (kpi's BAD INPUT): a 1xx is not an API call's outcome.
func ExampleReference() {
	calls := []kpi.Call{at(0, 1, 200), at(0, 2, 500), at(0, 3, 101)}
	rate, err := errorrate.Reference(calls, errorrate.Options{})
	fmt.Println("rate %:", rate.Format(3))
	fmt.Println(errors.Is(err, kpi.BadStatus))
	fmt.Println(err)
	// Output:
	// rate %: 50.000
	// true
	// 1 bad call(s); call 2 ("GET /accounts" at 2025-03-01T00:00:03Z): status outside 0 and 200-599
}

// Days are local (kpi's DAY). In Asia/Dubai (UTC+4) a 500 at 19:30 UTC
// is on 1 March and two 200 at 20:30 and 21:00 UTC are on 2 March: the
// daily rates are 100 % and 0 %.
func ExampleReferenceDaily() {
	dubai := time.FixedZone("GST", 4*3600) // Asia/Dubai: UTC+4, no daylight saving
	calls := []kpi.Call{at(0, 19*3600+1800, 500), at(0, 20*3600+1800, 200), at(0, 21*3600, 200)}
	daily, _ := errorrate.ReferenceDaily(calls, kpi.NewCalendar(dubai), errorrate.Options{})
	for _, d := range []kpi.Date{kpi.DateOf(2025, 3, 1), kpi.DateOf(2025, 3, 2)} {
		fmt.Println(d, daily[d].Format(1))
	}
	mean, _ := errorrate.ReferenceMeanOfDailyRates(calls, kpi.NewCalendar(dubai), errorrate.Options{})
	fmt.Println("mean of daily %:", mean.Format(1))
	// Output:
	// 2025-03-01 100.0
	// 2025-03-02 0.0
	// mean of daily %: 50.0
}

// Encoding: a Counter travels as bytes (between machines, or kept from one
// run to the next) and pools on the other side as if never encoded (Rule
// ER-2). 3 requests, 1 attributable 5xx: the 3-byte header, five
// one-byte counts, then 12 bytes of rejection counts (their number, 11,
// and eleven zeros): 20 bytes.
func ExampleCounter_MarshalBinary() {
	var machineA, machineB errorrate.Counter
	for _, c := range []kpi.Call{at(0, 1, 200), at(0, 2, 500), at(0, 3, 404)} {
		_ = machineA.Add(&c)
	}
	b, _ := machineA.MarshalBinary()
	var received errorrate.Counter
	if err := received.UnmarshalBinary(b); err != nil {
		fmt.Println(err)
	}
	c := at(0, 4, 200)
	_ = machineB.Add(&c)
	machineB.Merge(&received)
	fmt.Println(len(b), "bytes")
	fmt.Println(machineB.RatePercent(errorrate.Options{}), "%")
	// Output:
	// 20 bytes
	// 25.000 %
}
