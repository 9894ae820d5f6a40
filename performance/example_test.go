package performance_test

import (
	"fmt"
	"time"
	_ "time/tzdata"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/performance"
)

var start = time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)

func mk(at time.Duration, status int, ttlb time.Duration) kpi.Call {
	return kpi.Call{ReceivedAt: start.Add(at), Endpoint: "GET /accounts", Status: status, TTLB: ttlb}
}

// Rule PF-AVG-1: Avg = T / V over the calls that got a response. The
// no-response call counts as a call but is in neither T nor V.
func ExampleStats() {
	var s performance.Stats
	for _, c := range []kpi.Call{
		mk(0, 200, 100*time.Millisecond),
		mk(time.Second, 404, 50*time.Millisecond),
		mk(2*time.Second, 0, 30*time.Second),
	} {
		_ = s.Add(&c)
	}
	fmt.Println("calls", s.Calls(), "V", s.Responded())
	fmt.Println("T ms", s.TotalTTLBMs(performance.Responded))
	fmt.Println("avg ms", s.AvgTTLBMs(performance.Responded))
	// Output:
	// calls 3 V 2
	// T ms 150.000
	// avg ms 75.000
}

// Rule PF-AVG-1 OPTION: V over 2xx only, read from the same state.
func ExampleStats_AvgTTLBMs_only2xx() {
	var s performance.Stats
	for _, c := range []kpi.Call{
		mk(0, 200, 100*time.Millisecond),
		mk(time.Second, 500, 700*time.Millisecond),
	} {
		_ = s.Add(&c)
	}
	fmt.Println("responded:", s.AvgTTLBMs(performance.Responded))
	fmt.Println("2xx only: ", s.AvgTTLBMs(performance.Only2xx))
	// Output:
	// responded: 400.000
	// 2xx only:  100.000
}

// Rule PF-MB-1: ms per MB (DEFAULT, 10^6 bytes) and per MiB (OPTION).
func ExampleStats_MsPerMB() {
	var s performance.Stats
	c := mk(0, 200, 1200*time.Millisecond)
	c.ResponseBytes = 4_000_000
	_ = s.Add(&c)
	fmt.Println("ms/MB ", s.MsPerMB(performance.MB).Format(4))
	fmt.Println("ms/MiB", s.MsPerMB(performance.MiB).Format(4))
	// Output:
	// ms/MB  300.0000
	// ms/MiB 314.5728
}

// Rule PF-PAGE-1: records 0 (unknown: 1 page), 1, 100 and 101 (2 pages).
func ExampleStats_AvgTTLBPerPageMs() {
	var s performance.Stats // PageSize 0: pages of 100 records
	for i, r := range []int64{0, 1, 100, 101} {
		c := mk(time.Duration(i)*time.Second, 200, time.Duration(i+1)*100*time.Millisecond)
		c.Records = r
		_ = s.Add(&c)
	}
	fmt.Println("pages", s.Pages(performance.Responded))
	fmt.Println("per page ms", s.AvgTTLBPerPageMs(performance.Responded))
	fmt.Println("per response ms", s.AvgTTLBMs(performance.Responded))
	// Output:
	// pages 5
	// per page ms 200.000
	// per response ms 250.000
}

// Rule PF-AVG-2: a group's average is ΣT / ΣV, not the mean of averages.
func ExamplePooledAvgTTLBMs() {
	var quiet, busy performance.Stats
	c := mk(0, 201, 100*time.Millisecond)
	_ = quiet.Add(&c)
	for i := range 3 {
		c := mk(time.Duration(i)*time.Second, 201, 400*time.Millisecond)
		_ = busy.Add(&c)
	}
	fmt.Println("quiet", quiet.AvgTTLBMs(performance.Responded), "busy", busy.AvgTTLBMs(performance.Responded))
	fmt.Println("group", performance.PooledAvgTTLBMs([]*performance.Stats{&quiet, &busy}, performance.Responded))
	// Output:
	// quiet 100.000 busy 400.000
	// group 325.000
}

// Rule PF-THR-1: share of responded calls with TTLB <= the threshold.
func ExampleStats_WithinThresholdPercent() {
	s := performance.NewStats(performance.Options{Threshold: 200 * time.Millisecond})
	for i, d := range []time.Duration{100, 200, 201} {
		c := mk(time.Duration(i)*time.Second, 200, d*time.Millisecond)
		_ = s.Add(&c)
	}
	within, of := s.WithinThreshold(performance.Responded)
	fmt.Println(within, "of", of, "=", s.WithinThresholdPercent(performance.Responded), "%")
	// Output:
	// 2 of 3 = 66.667 %
}

// Rule RG-HOURLY-1: one Stats per clock hour of the 25-hour day
// 2024-10-27 in London; the hours merge into the day.
func ExampleStats_hourly() {
	london, _ := time.LoadLocation("Europe/London")
	cal := kpi.NewCalendar(london)
	day := kpi.DateOf(2024, time.October, 27)
	opts := performance.Options{Threshold: 200 * time.Millisecond}
	hours := make([]performance.Stats, cal.HoursIn(day))
	for i := range hours {
		hours[i] = performance.NewStats(opts)
	}
	dayStart := cal.Start(day)
	for _, c := range []kpi.Call{
		{ReceivedAt: dayStart.Add(90 * time.Minute), Endpoint: "GET /accounts", Status: 200, TTLB: 300 * time.Millisecond},  // 01:30 BST
		{ReceivedAt: dayStart.Add(150 * time.Minute), Endpoint: "GET /accounts", Status: 200, TTLB: 150 * time.Millisecond}, // 01:30 GMT
	} {
		_, h := cal.HourOf(c.ReceivedAt)
		_ = hours[h].Add(&c)
	}
	fmt.Println(len(hours), "hours")
	var whole performance.Stats
	for h := range hours {
		if !hours[h].Empty() {
			fmt.Println(cal.HourSpan(day, h).Start.In(london).Format("15:04 MST"), hours[h].WithinThresholdPercent(performance.Responded), "%")
		}
		_ = whole.Merge(&hours[h])
	}
	fmt.Println("day", whole.WithinThresholdPercent(performance.Responded), "%")
	// Output:
	// 25 hours
	// 01:00 BST 0.000 %
	// 01:00 GMT 100.000 %
	// day 50.000 %
}

// Rules PF-PCTL-1, RG-P95-1: p95 from the histogram, within 1/128 of the
// exact nearest-rank value.
func ExampleHistogram() {
	var h performance.Histogram
	var ds []time.Duration
	for i := 1; i <= 100; i++ {
		d := time.Duration(i) * 10 * time.Millisecond
		ds = append(ds, d)
		_ = h.Add(d)
	}
	est, _ := h.Quantile(0.95)
	exact, _ := performance.ExactQuantile(ds, 0.95)
	fmt.Println("exact p95", exact)
	fmt.Println("estimate within bound:", 128*(est-exact).Abs() <= exact)
	// Output:
	// exact p95 950ms
	// estimate within bound: true
}

// Rule RG-P95-1 "exact where the caller asks for exact": nearest rank,
// the value of rank ceil(q·n).
func ExampleExactQuantile() {
	ds := []time.Duration{5, 1, 4, 2, 3, 9, 8, 7, 6, 10}
	p90, _ := performance.ExactQuantile(ds, 0.9) // rank ceil(9) = 9
	p50, _ := performance.ExactQuantile(ds, 0.5) // rank ceil(5) = 5
	fmt.Println(int64(p90), int64(p50))
	// Output:
	// 9 5
}

// Rule PF-TPS-1: peak calls per second and the average over the day.
func ExampleThroughput() {
	var tp performance.Throughput
	for _, ms := range []int{100, 500, 900, 1000, 2200, 950} { // the last one late
		c := mk(time.Duration(ms)*time.Millisecond, 200, time.Millisecond)
		_ = tp.Add(&c)
	}
	peak, at, _ := tp.PeakAt()
	fmt.Println("peak", peak, "at", at.Format(time.TimeOnly))
	fmt.Println("avg TPS", tp.AvgTPS(24*time.Hour).Format(6))
	// Output:
	// peak 4 at 09:00:00
	// avg TPS 0.000069
}

// Max PIPS (Rule PF-TPS-1) with the DEFAULT (any 2xx).
func ExamplePIPS() {
	var p performance.PIPS
	for _, st := range []int{201, 202, 202} {
		c := mk(0, st, time.Millisecond)
		_ = p.Add(&c)
	}
	m, ok := p.Max()
	fmt.Println(m, ok)
	// Output:
	// 3 true
}

// Max PIPS with the OPTION: CBB 1.7 counts only 200, 201 and 204.
func ExamplePIPS_cbbStrict() {
	p := performance.NewPIPS(performance.PIPSOptions{Success: performance.CBBStrict})
	for _, st := range []int{201, 202, 202} {
		c := mk(0, st, time.Millisecond)
		_ = p.Add(&c)
	}
	m, ok := p.Max()
	fmt.Println(m, ok)
	// Output:
	// 1 true
}

// Rule PF-EXEC-1: execution time per payment, share within 3 s, average
// and maximum.
func ExampleExecution() {
	var e performance.Execution // limit 3 s
	for _, took := range []time.Duration{time.Second, 3 * time.Second, 3500 * time.Millisecond, 500 * time.Millisecond} {
		_ = e.Add(performance.Payment{Accepted: start, Executed: start.Add(took)})
	}
	err := e.Add(performance.Payment{Accepted: start, Executed: start.Add(-time.Second)})
	mx, _ := e.Max()
	fmt.Println("within 3 s", e.WithinPercent(), "%")
	fmt.Println("avg ms", e.AvgMs(), "max", mx)
	fmt.Println("rejected:", err)
	// Output:
	// within 3 s 75.000 %
	// avg ms 2000.000 max 3.5s
	// rejected: executed before accepted
}

// kpi's BAD INPUT: a bad call is refused, says why, and is counted.
func ExampleStats_Add() {
	var s performance.Stats
	bad := mk(0, 200, -time.Millisecond)
	fmt.Println(s.Add(&bad))
	rej := s.Rejections()
	fmt.Println("calls", s.Calls(), "rejected", rej.Total(), "negative ttlb", rej[kpi.NegativeTTLB])
	// Output:
	// negative ttlb
	// calls 0 rejected 1 negative ttlb 1
}

// Merge combines the states of goroutines, machines or hours exactly;
// states made with different Options do not merge.
func ExampleStats_Merge() {
	a, b := performance.NewStats(performance.Options{}), performance.NewStats(performance.Options{})
	c1, c2 := mk(0, 200, 100*time.Millisecond), mk(time.Second, 200, 300*time.Millisecond)
	_ = a.Add(&c1)
	_ = b.Add(&c2)
	fmt.Println(a.Merge(&b), a.AvgTTLBMs(performance.Responded))
	other := performance.NewStats(performance.Options{PageSize: 50})
	_ = other.Add(&c1)
	fmt.Println(a.Merge(&other))
	// Output:
	// <nil> 200.000
	// merge of states built with different options
}
