package book_test

import (
	"fmt"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/benchmark/book"
)

// A bank's program: calls in any order, Close, the CBUAE verdicts. Two
// endpoints over two local days in Dubai (UTC+4), and a 503 at 23:50 that
// keeps the bank data API down past midnight.
//
// By hand (CBUAE: the failure clock on logged instants ReceivedAt + TTLB,
// days of 86,400 s):
//   - the 503 received 23:50:00 with TTLB 1 s is logged at 23:50:01; the
//     next success on GET /accounts is logged at 00:10:00.2, so the
//     outage is [23:50:01, 00:10:00.2): 599 s on 1 March and 600.2 s on 2
//     March (AV-WINDOW-1);
//   - uptime: 100 - 599 / 864 = 99.30671... % and 100 - 600.2 / 864 =
//     99.30532... %, both under 99.5 % (margins -0.19329 and -0.19468);
//   - service initiation (POST /payments): 300 ms, then 400 ms, under
//     500 ms (margins +200 and +100);
//   - bank data per page (GET /accounts, records unknown: one page a
//     response): (100 + 1000) / 2 = 550 ms, then 200 ms;
//   - payment execution: no payment records were given, so NO DATA;
//   - the outage's pieces: 1 March from 23:50:01 to midnight, 2 March
//     from midnight to 00:10:00.2.
func Example() {
	dubai := time.FixedZone("Asia/Dubai", 4*3600)
	at := func(day, h, m int) time.Time { return time.Date(2026, 3, day, h, m, 0, 0, dubai) }
	ms := time.Millisecond
	calls := []kpi.Call{ // not in time order
		{ReceivedAt: at(2, 0, 10), Endpoint: "GET /accounts", Status: 200, TTLB: 200 * ms},
		{ReceivedAt: at(1, 23, 50), Endpoint: "GET /accounts", Status: 503, TTLB: 1000 * ms},
		{ReceivedAt: at(2, 9, 0), Endpoint: "POST /payments", Status: 201, TTLB: 400 * ms},
		{ReceivedAt: at(1, 10, 0), Endpoint: "GET /accounts", Status: 200, TTLB: 100 * ms},
		{ReceivedAt: at(1, 12, 0), Endpoint: "POST /payments", Status: 201, TTLB: 300 * ms},
	}
	b := book.New(book.Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(dubai)})
	for i := range calls {
		if err := b.Add(&calls[i], int64(i)); err != nil {
			fmt.Println(err)
		}
	}
	res, err := b.Close(time.Time{}, nil, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range res.Findings() {
		fmt.Println(f.Format(3))
	}
	for o := range res.Outages() {
		fmt.Printf("outage %s opened by call %d, closed by call %d\n", o.Endpoint, o.Opened.ID, o.Closed.ID)
		cal := res.Config.Calendar
		for d := cal.DateOf(o.Start); d <= cal.DateOf(o.End); d++ { // its pieces, day by day
			for _, p := range res.Pieces(o.Endpoint, d) {
				fmt.Printf("  %s: down %s to %s\n", d, p.Start.In(dubai).Format("15:04:05.0"), p.End.In(dubai).Format("15:04:05.0"))
			}
		}
	}
	// Output:
	// FAIL cbuae.uptime interface 2026-03-01: 99.307 % >= 99.5 % (margin -0.193 %)
	// FAIL cbuae.uptime interface 2026-03-02: 99.305 % >= 99.5 % (margin -0.195 %)
	// PASS cbuae.service-initiation.avg-ttlb group service initiation 2026-03-01: 300.000 ms <= 500 ms (margin +200.000 ms)
	// PASS cbuae.service-initiation.avg-ttlb group service initiation 2026-03-02: 400.000 ms <= 500 ms (margin +100.000 ms)
	// FAIL cbuae.bank-data.avg-ttlb-per-page group bank data 2026-03-01: 550.000 ms <= 500 ms (margin -50.000 ms)
	// PASS cbuae.bank-data.avg-ttlb-per-page group bank data 2026-03-02: 200.000 ms <= 500 ms (margin +300.000 ms)
	// NO DATA cbuae.payment-execution interface 2026-03-01: no data, needs <= 3000 ms (not measured)
	// NO DATA cbuae.payment-execution interface 2026-03-02: no data, needs <= 3000 ms (not measured)
	// outage GET /accounts opened by call 1, closed by call 0
	//   2026-03-01: down 23:50:01.0 to 00:00:00.0
	//   2026-03-02: down 00:00:00.0 to 00:10:00.2
}
