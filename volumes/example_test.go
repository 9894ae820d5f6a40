package volumes_test

import (
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/volumes"
)

func at(sec, status int) kpi.Call {
	return kpi.Call{
		ReceivedAt: time.Date(2025, 3, 1, 9, 0, sec, 0, time.UTC),
		Endpoint:   "POST /domestic-payments",
		Status:     status,
		TTFB:       30 * time.Millisecond,
		HasTTFB:    true,
		TTLB:       120 * time.Millisecond,
	}
}

// One endpoint-day (Rule VO-DAY-1): each call is counted in the class of
// its status; the business rejection flag is counted across classes. Calls
// 201, 201 flagged, 302, 422 flagged, 500, no response: successful 2,
// redirects 1, business 1, technical 2, total 6, rejected 2.
func ExampleCounter() {
	calls := []kpi.Call{at(1, 201), at(2, 201), at(3, 302), at(4, 422), at(5, 500), at(6, 0)}
	calls[1].Rejected = true
	calls[3].Rejected = true
	var d volumes.Counter
	for i := range calls {
		if err := d.Add(&calls[i]); err != nil {
			fmt.Println("bad input:", err)
		}
	}
	n := d.Figures()
	fmt.Printf("successful %d, redirects %d, business %d, technical %d (5xx %d, no response %d)\n",
		n.Successful, n.Redirects, n.FailedBusiness, n.FailedTechnical, n.Status5xx, n.NoResponse)
	fmt.Printf("total %d, responded %d, rejected %d\n", n.Calls, n.Responded(), n.Rejected)
	// Output:
	// successful 2, redirects 1, business 1, technical 2 (5xx 1, no response 1)
	// total 6, responded 5, rejected 2
}

// Attribution does not matter for volumes: a 503 the bank shows was the
// TPP's fault is still a technical failure in the count.
func ExampleCounter_attribution() {
	c := at(1, 503)
	c.NotAttributable = true
	var d volumes.Counter
	_ = d.Add(&c)
	fmt.Println("technical failures:", d.Figures().FailedTechnical)
	// Output:
	// technical failures: 1
}

// Every 2xx is a success (VO-DAY-1); CBB 5.4 names 200, 201 and 204
// only. SuccessfulOther2xx shows how far the two readings are apart: here
// 3 successes, 1 of them a 202, so the CBB's codes alone would give 2.
func ExampleFigures_SuccessfulOther2xx() {
	var d volumes.Counter
	for i, s := range []int{200, 201, 202} {
		c := at(i, s)
		_ = d.Add(&c)
	}
	n := d.Figures()
	fmt.Println("successful (2xx):", n.Successful)
	fmt.Println("of which not 200/201/204:", n.SuccessfulOther2xx)
	// Output:
	// successful (2xx): 3
	// of which not 200/201/204: 1
}

// Counters of the same scope combine by Merge, in any order: two gateway
// nodes' counts of the same endpoint-day.
func ExampleCounter_Merge() {
	var node1, node2 volumes.Counter
	a, b, c := at(1, 201), at(2, 400), at(3, 201)
	_ = node1.Add(&a)
	_ = node1.Add(&b)
	_ = node2.Add(&c)
	var day volumes.Counter
	day.Merge(&node2)
	day.Merge(&node1)
	fmt.Println(day.Figures().Successful, day.Figures().FailedBusiness, day.Figures().Calls)
	// Output:
	// 2 1 3
}

// The reference counts the good calls and names every bad one (kpi's
// BAD INPUT).
func ExampleReference() {
	n, err := volumes.Reference([]kpi.Call{at(1, 201), at(2, 102)})
	fmt.Println("total:", n.Calls)
	fmt.Println(errors.Is(err, kpi.BadStatus))
	// Output:
	// total: 1
	// true
}

// Rule RP-CBB-1: sheet 5 of the CBB template as CSV, one row per
// endpoint and local day (Asia/Bahrain, UTC+3: 21:30 UTC on 1 March is
// 00:30 on 2 March). The library builds the rows; writing is the caller's.
func ExampleCBBDailyVolumeRows() {
	bahrain := time.FixedZone("AST", 3*3600) // Asia/Bahrain: UTC+3, no daylight saving
	calls := []kpi.Call{at(0, 201), at(1, 400), at(2, 500)}
	calls[1].Rejected = true
	late := at(0, 201)
	late.ReceivedAt = time.Date(2025, 3, 1, 21, 30, 0, 0, time.UTC)
	calls = append(calls, late)

	byDay, err := volumes.ReferenceDaily(calls, kpi.NewCalendar(bahrain))
	if err != nil {
		fmt.Println(err)
	}
	rows := volumes.CBBDailyVolumeRows("Example Bank B.S.C.", byDay)
	w := csv.NewWriter(os.Stdout)
	_ = w.Write(volumes.CBBDailyVolumeRow{}.Header())
	for _, r := range rows {
		_ = w.Write(r.Record())
	}
	w.Flush()
	// Output:
	// ReportDate,Entity Name,Endpoint ID,"Successful API Calls (200, 201 or 204 codes)",Failed API Calls Business Reasons (4xx Codes),Failed API Technical Calls Reasons (5xx Codes),API Calls Rejected Status
	// 2025-03-01,Example Bank B.S.C.,POST /domestic-payments,1,1,1,1
	// 2025-03-02,Example Bank B.S.C.,POST /domestic-payments,1,0,0,0
}

// Rule RP-CBB-1: one row from one Counter, for a caller that keeps its own
// Counters per endpoint-day.
func ExampleNewCBBDailyVolumeRow() {
	var d volumes.Counter
	for i, s := range []int{200, 200, 404, 0} {
		c := at(i, s)
		c.Endpoint = "GET /accounts"
		_ = d.Add(&c)
	}
	row := volumes.NewCBBDailyVolumeRow(kpi.DateOf(2025, 3, 1), "Example Bank B.S.C.", "GET /accounts", d.Figures())
	fmt.Println(row.Record())
	// Output:
	// [2025-03-01 Example Bank B.S.C. GET /accounts 2 1 1 0]
}
