package kpi_test

import (
	"fmt"
	"time"
	_ "time/tzdata" // Europe/London without depending on the host

	"github.com/shopspring/decimal"

	"github.com/openfinance-kpi/kpi"
)

// Rule DAY: a reporting day is [00:00, 24:00) local time, and in a
// daylight-saving zone it is not always 24 hours. In Europe/London the
// clocks go forward at 01:00 GMT on Sunday 2026-03-29 (the day runs from
// 00:00Z to 23:00Z: 23 h) and back at 02:00 BST on Sunday 2026-10-25 (from
// 00:00 BST = 2026-10-24T23:00Z to 00:00 GMT = 2026-10-26T00:00Z: 25 h).
// On the 25th the local hour 01:00-02:00 happens twice, at 00:30Z (BST) and
// at 01:30Z (GMT): both calls belong to the 25th, and so does 23:30Z on
// the 24th (00:30 BST on the 25th).
func ExampleCalendar_Length() {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		fmt.Println(err)
		return
	}
	cal := kpi.NewCalendar(london)
	for _, d := range []kpi.Date{kpi.DateOf(2026, 3, 29), kpi.DateOf(2026, 10, 24), kpi.DateOf(2026, 10, 25)} {
		fmt.Println(d, cal.Length(d), cal.Start(d).Format(time.RFC3339))
	}
	fmt.Println(
		cal.DateOf(time.Date(2026, 10, 25, 0, 30, 0, 0, time.UTC)),
		cal.DateOf(time.Date(2026, 10, 25, 1, 30, 0, 0, time.UTC)),
		cal.DateOf(time.Date(2026, 10, 24, 23, 30, 0, 0, time.UTC)),
	)
	// Output:
	// 2026-03-29 23h0m0s 2026-03-29T00:00:00Z
	// 2026-10-24 24h0m0s 2026-10-24T00:00:00+01:00
	// 2026-10-25 25h0m0s 2026-10-25T00:00:00+01:00
	// 2026-10-25 2026-10-25 2026-10-25
}

// Rule EXACT: 994,996 good seconds out of 1,000,000 is 99.4996 %. Rounded
// half away from zero at 3 places it prints as 99.500 (the 4th digit, 6,
// rounds 99.4996 up), yet it is below the 99.5 % threshold: a comparison
// is always on the exact value. NoData (no calls, no figure) sorts before
// every value and is never OK.
func ExampleRatio_CmpDecimal() {
	up := kpi.PercentOf(994996, 1000000)
	fmt.Println(up.Format(3))
	fmt.Println(up.CmpDecimal(decimal.RequireFromString("99.5")))
	fmt.Println(up.Cmp(kpi.PercentOf(995, 1000)), up.Cmp(kpi.NoData), kpi.NoData.Cmp(up), kpi.NoData.Cmp(kpi.NoData))
	fmt.Println(kpi.NoData.OK(), kpi.NoData)
	// Output:
	// 99.500
	// -1
	// -1 1 -1 0
	// false no data
}

// Rule EP-1: a Registry interns template IDs (0, 1, 2 in the order given)
// and matches a request's method and raw path to one of them: the method
// compared in upper case, the query string and one trailing slash
// ignored, a {Param} matching one non-empty segment, and a literal segment
// winning over a parameter ("statements" is not an AccountID). An empty
// segment, or a method no template has, matches nothing.
func ExampleRegistry_Match() {
	var reg kpi.Registry
	reg.Intern("GET /accounts/{AccountID}/balances")
	reg.Intern("GET /accounts/{AccountID}")
	reg.Intern("GET /accounts/statements")
	for _, req := range [][2]string{
		{"GET", "/accounts/8f3a/balances"},
		{"get", "/accounts/8f3a/?page=2"},
		{"GET", "/accounts/statements"},
		{"GET", "/accounts//balances"},
		{"POST", "/accounts/8f3a"},
	} {
		if e, ok := reg.Match(req[0], req[1]); ok {
			fmt.Printf("%s %s -> %d %s\n", req[0], req[1], e, reg.Name(e))
		} else {
			fmt.Printf("%s %s -> no template\n", req[0], req[1])
		}
	}
	// Output:
	// GET /accounts/8f3a/balances -> 0 GET /accounts/{AccountID}/balances
	// get /accounts/8f3a/?page=2 -> 1 GET /accounts/{AccountID}
	// GET /accounts/statements -> 2 GET /accounts/statements
	// GET /accounts//balances -> no template
	// POST /accounts/8f3a -> no template
}
