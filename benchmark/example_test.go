package benchmark_test

import (
	"fmt"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/shopspring/decimal"
)

var day = kpi.DateOf(2024, time.March, 10)

// A small day under the CBUAE profile (Rule BM-3). The figures come from
// the other packages; here they are written down: 300 s of downtime, a
// service initiation T/V of 4,820,000 ms / 10,000 calls, bank data at
// 512.5 ms a page, the slowest payment executed in 2.95 s.
func ExampleEvaluate_cbuae() {
	var m benchmark.Measurements
	m.SetDay(benchmark.UptimePercent, benchmark.Interface(), day, kpi.RatioOf((86400-300)*100, 86400))
	m.SetDay(benchmark.AvgTTLBMs, benchmark.Group(benchmark.GroupServiceInitiation), day, kpi.RatioOf(4_820_000, 10_000))
	m.SetDay(benchmark.AvgTTLBPerPageMs, benchmark.Group(benchmark.GroupBankData), day, kpi.RatioOf(5125, 10))
	m.SetDay(benchmark.MaxPaymentExecutionMs, benchmark.Interface(), day, kpi.RatioOfInt(2950))
	for _, f := range benchmark.Evaluate(benchmark.CBUAE(), &m) {
		fmt.Println(f)
		fmt.Println("   ", f.Target.Source)
	}
	// Output:
	// PASS cbuae.uptime interface 2024-03-10: 99.653 % >= 99.5 % (margin +0.153 %)
	//     CBUAE Open Finance Standards, "Availability, Performance and Usage Benchmarks" (https://openfinanceuae.atlassian.net/wiki/spaces/standardsv1dot1final/pages/210800738), section 2 "API Availability", benchmark: "Uptime of 99.5%."
	// PASS cbuae.service-initiation.avg-ttlb group service initiation 2024-03-10: 482.000 ms <= 500 ms (margin +18.000 ms)
	//     CBUAE Open Finance Standards, "Availability, Performance and Usage Benchmarks" (https://openfinanceuae.atlassian.net/wiki/spaces/standardsv1dot1final/pages/210800738), section 4 "API Performance", benchmark: "An average TTLB of 500ms per response across all service initiation APIs, excluding batch/file payments."
	// FAIL cbuae.bank-data.avg-ttlb-per-page group bank data 2024-03-10: 512.500 ms <= 500 ms (margin -12.500 ms)
	//     CBUAE Open Finance Standards, "Availability, Performance and Usage Benchmarks" (https://openfinanceuae.atlassian.net/wiki/spaces/standardsv1dot1final/pages/210800738), section 4 "API Performance", benchmark: "An average TTLB of 500ms per response across all bank data APIs, or per page of up to 100 records for large datasets."
	// PASS cbuae.payment-execution interface 2024-03-10: 2950.000 ms <= 3000 ms (margin +50.000 ms)
	//     CBUAE Open Finance Standards, "Availability, Performance and Usage Benchmarks" (https://openfinanceuae.atlassian.net/wiki/spaces/standardsv1dot1final/pages/210800738), section 5 "Payment Execution", benchmark: "3 seconds per payment"
}

// A small day under the CBB profile (Rule BM-4): the CoF group averages
// 290 ms but one CoF endpoint had a call at 501 ms, so the maximum fails
// on that endpoint; 6 errors in 1,000 requests are 0.6 %. The quarterly
// uptime target has no quarter to judge on a single day: NO DATA, never a
// pass.
func ExampleEvaluate_cbb() {
	const (
		dom  = "GET /domestic-payment-consents/{ConsentId}/funds-confirmation"
		intl = "GET /international-payment-consents/{ConsentId}/funds-confirmation"
	)
	var m benchmark.Measurements
	m.SetDay(benchmark.AvgTTLBMs, benchmark.Group(benchmark.GroupPISP), day, kpi.RatioOfInt(700))
	m.SetDay(benchmark.AvgTTLBPerPageMs, benchmark.Group(benchmark.GroupAISP), day, kpi.RatioOfInt(750))
	m.SetDay(benchmark.AvgTTLBMs, benchmark.Group(benchmark.GroupCoF), day, kpi.RatioOfInt(290))
	m.SetDay(benchmark.MaxTTLBMs, benchmark.Endpoint(dom), day, kpi.RatioOfInt(501))
	m.SetDay(benchmark.MaxTTLBMs, benchmark.Endpoint(intl), day, kpi.RatioOfInt(480))
	m.SetDay(benchmark.ErrorRatePercent, benchmark.Interface(), day, kpi.RatioOf(6*100, 1000))
	for _, f := range benchmark.Evaluate(benchmark.CBB(), &m) {
		fmt.Println(f)
	}
	// Output:
	// NO DATA cbb.uptime interface -: no data, needs >= 99.5 % (no quarter period measured)
	// PASS cbb.pisp.avg-ttlb group PISP 2024-03-10: 700.000 ms <= 750 ms (margin +50.000 ms)
	// PASS cbb.aisp.avg-ttlb-per-page group AISP 2024-03-10: 750.000 ms <= 750 ms (margin 0.000 ms)
	// PASS cbb.cof.avg-ttlb group CoF 2024-03-10: 290.000 ms <= 300 ms (margin +10.000 ms)
	// FAIL cbb.cof.max-ttlb endpoint GET /domestic-payment-consents/{ConsentId}/funds-confirmation 2024-03-10: 501.000 ms <= 500 ms (margin -1.000 ms)
	// PASS cbb.cof.max-ttlb endpoint GET /international-payment-consents/{ConsentId}/funds-confirmation 2024-03-10: 480.000 ms <= 500 ms (margin +20.000 ms)
	// FAIL cbb.error-rate interface 2024-03-10: 0.600 % <= 0.5 % (margin -0.100 %)
}

// A small day under the platform dashboard's targets (Rule BM-5): strict
// comparisons, so an uptime of exactly 99.9 % fails "> 99.9%". Consent
// management was not measured; the monthly, quarterly and yearly targets
// have no period to judge on one day. Every gap is a NO DATA finding.
func ExampleEvaluate_platform() {
	var m benchmark.Measurements
	m.SetDay(benchmark.UptimePercent, benchmark.Interface(), day, kpi.RatioOf(999, 10))
	m.SetDay(benchmark.AvgTTLBMs, benchmark.Interface(), day, kpi.RatioOfInt(180))
	m.SetDay(benchmark.ErrorRatePercent, benchmark.Interface(), day, kpi.RatioOf(1, 4))
	m.SetDay(benchmark.AuthSuccessPercent, benchmark.Interface(), day, kpi.RatioOf(9995, 100))
	for _, f := range benchmark.Evaluate(benchmark.Platform(), &m) {
		fmt.Println(f)
	}
	// Output:
	// FAIL platform.uptime interface 2024-03-10: 99.900 % > 99.9 % (margin 0.000 %)
	// PASS platform.response-time interface 2024-03-10: 180.000 ms < 200 ms (margin +20.000 ms)
	// PASS platform.error-rate interface 2024-03-10: 0.250 % < 1 % (margin +0.750 %)
	// NO DATA platform.calls interface -: no data, needs >= 10000000 calls (no month period measured)
	// NO DATA platform.onboarding interface -: no data, needs < 30 days (no month period measured)
	// NO DATA platform.nps interface -: no data, needs > 50 points (no month period measured)
	// NO DATA platform.support-resolution interface -: no data, needs < 4 h (no month period measured)
	// NO DATA platform.documentation interface -: no data, needs > 4.5 /5 (no month period measured)
	// NO DATA platform.partner-retention interface -: no data, needs > 90 % (no year period measured)
	// NO DATA platform.roi interface -: no data, needs > 200 % (no year period measured)
	// NO DATA platform.compliance-score interface -: no data, needs >= 100 % (no quarter period measured)
	// NO DATA platform.consent-management interface 2024-03-10: no data, needs > 99.9 % (not measured)
	// NO DATA platform.security-incidents interface -: no data, needs <= 0 incidents (no month period measured)
	// NO DATA platform.patch-time interface -: no data, needs < 24 h (no month period measured)
	// PASS platform.auth-success interface 2024-03-10: 99.950 % > 99.9 % (margin +0.050 %)
}

// Comparisons are exact (kpi's EXACT): 99.4996 % prints as 99.500 at
// three places and still fails ">= 99.5 %"; the margin keeps its sign.
func ExampleTarget_Judge() {
	uptime, _ := benchmark.CBUAE().Target("cbuae.uptime")
	measured := kpi.RatioOf(994996, 10000)
	verdict, margin := uptime.Judge(measured)
	fmt.Println(measured.Format(3), verdict, margin.Rat())
	// Output:
	// 99.500 FAIL -1/2500
}

// The comparison is a field of the target: 99.5 % passes ">= 99.5" (the CBUAE
// and CBB texts) and fails "> 99.5" (the strict reading of the platform
// dashboard).
func ExampleTarget_Judge_strict() {
	t := benchmark.Target{KPI: benchmark.UptimePercent, Cmp: benchmark.AtLeast, Threshold: decimal.RequireFromString("99.5")}
	v, _ := t.Judge(kpi.RatioOf(995, 10))
	fmt.Println(t.Cmp, v)
	t.Cmp = benchmark.Above
	v, _ = t.Judge(kpi.RatioOf(995, 10))
	fmt.Println(t.Cmp, v)
	// Output:
	// >= PASS
	// > FAIL
}

// Change one target of a preset without touching anyone else's: judge
// CBUAE uptime per month (AV-PCT-2) instead of per day.
func ExampleProfile_WithTarget() {
	p := benchmark.CBUAE()
	t, _ := p.Target("cbuae.uptime")
	t.Period = benchmark.Monthly
	monthly := p.WithTarget(t)

	var m benchmark.Measurements
	m.SetDay(benchmark.UptimePercent, benchmark.Interface(), day, kpi.RatioOf(994, 10))
	m.Set(benchmark.UptimePercent, benchmark.Interface(), kpi.Month(day), kpi.RatioOf(998, 10))
	fmt.Println(benchmark.Evaluate(p, &m)[0])
	fmt.Println(benchmark.Evaluate(monthly, &m)[0])
	// Output:
	// FAIL cbuae.uptime interface 2024-03-10: 99.400 % >= 99.5 % (margin -0.100 %)
	// PASS cbuae.uptime interface 2024-03: 99.800 % >= 99.5 % (margin +0.300 %)
}

// Cover declares a period without a value, so that a target of its kind
// says NO DATA for that very period.
func ExampleMeasurements_Cover() {
	var m benchmark.Measurements
	m.Cover(kpi.Quarter(day))
	fmt.Println(benchmark.Evaluate(benchmark.CBB(), &m)[0])
	// Output:
	// NO DATA cbb.uptime interface 2024-Q1: no data, needs >= 99.5 % (not measured)
}

// Rule AV-BUDGET-1: a 92-day quarter at 99.5 % allows 39,744 s of downtime
// (CBB guidelines: "approx. 11 hours per quarter"); 10 hours used leave 3,744 s.
func ExampleDowntimeBudget() {
	b := benchmark.DowntimeBudget(92*24*time.Hour, 10*time.Hour, decimal.RequireFromString("99.5"))
	fmt.Println("used", b.Used.Format(0), "allowed", b.Allowed.Format(0), "left", b.Left.Format(0), b.Verdict())
	// Output:
	// used 36000 allowed 39744 left 3744 PASS
}

// Rule AV-BUDGET-1 at a profile's target, with the AV-PCT-1 OPTION: in
// Europe/London Q1 2024 is 2,183 hours long (31 March has 23), or 2,184
// hours of fixed 86,400 s days; 0.5 % of each.
func ExampleProfile_DowntimeBudget() {
	loc, _ := time.LoadLocation("Europe/London")
	cal := kpi.NewCalendar(loc)
	q1 := kpi.Quarter(day)
	p := benchmark.CBB()
	real, _ := p.DowntimeBudget(cal, q1, 0)
	p.Availability.FixedDayLength = true
	fixed, _ := p.DowntimeBudget(cal, q1, 0)
	fmt.Println("real days:", real.Allowed.Format(0), "s; fixed days:", fixed.Allowed.Format(0), "s")
	// Output:
	// real days: 39294 s; fixed days: 39312 s
}

// AV-BUDGET-1 latency headroom per group: threshold minus measured, ms.
func ExampleLatencyHeadroom() {
	var m benchmark.Measurements
	m.SetDay(benchmark.AvgTTLBMs, benchmark.Group(benchmark.GroupServiceInitiation), day, kpi.RatioOfInt(482))
	m.SetDay(benchmark.AvgTTLBPerPageMs, benchmark.Group(benchmark.GroupBankData), day, kpi.RatioOf(5125, 10))
	for _, h := range benchmark.LatencyHeadroom(benchmark.CBUAE(), &m) {
		fmt.Println(h.Scope, h.HeadroomMs.Format(1), "ms")
	}
	// Output:
	// group service initiation 18.0 ms
	// group bank data -12.5 ms
}

// Rule AV-PCT-2: a profile's quarterly uptime target judges the figure
// package availability computes from the quarter's days, pooled (never
// the mean of daily percentages). Q1 2024 in Asia/Bahrain is 91 days,
// 7,862,400 s; 39,312 s of downtime is exactly 0.5 %, so 99.5000 % passes
// CBB's ">= 99.5 %".
func ExampleProfile_quarterlyUptime() {
	loc, _ := time.LoadLocation("Asia/Bahrain")
	cbb := benchmark.CBB()
	q := kpi.Quarter(day)
	days := availability.Days(kpi.NewCalendar(loc), q.First, q.Last, "", nil, nil, nil)
	days[4].Total = 3 * time.Hour
	days[40].Total = 5 * time.Hour
	days[79].Total = 10512 * time.Second
	uptime := availability.PeriodUptimePercent(days, cbb.Availability)
	target, _ := cbb.Target("cbb.uptime")
	v, _ := target.Judge(uptime)
	fmt.Println(len(days), "days:", uptime.Format(4), "%", v)
	// Output:
	// 91 days: 99.5000 % PASS
}

// The AV-PCT-1 OPTION a profile carries: the same 39,312 s of downtime in
// Europe/London's Q1 2024 is exactly 99.5 % over fixed 86,400 s days
// (91 x 86,400 = 7,862,400 s) but 1 - 39,312 / 7,858,800 = 99.49977 % over
// the real days (31 March is 23 h), which misses ">= 99.5 %".
func ExampleProfile_fixedDayLength() {
	loc, _ := time.LoadLocation("Europe/London")
	cal := kpi.NewCalendar(loc)
	target, _ := benchmark.CBB().Target("cbb.uptime")
	q := kpi.Quarter(day)
	for _, fixed := range []bool{false, true} {
		opts := availability.Options{FixedDayLength: fixed}
		days := availability.Days(cal, q.First, q.Last, "", nil, nil, nil)
		days[31].Total = 39312 * time.Second
		u := availability.PeriodUptimePercent(days, opts)
		v, _ := target.Judge(u)
		fmt.Printf("fixed=%v %s %% %v\n", fixed, u.Format(5), v)
	}
	// Output:
	// fixed=false 99.49977 % FAIL
	// fixed=true 99.50000 % PASS
}
