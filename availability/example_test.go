package availability_test

import (
	"fmt"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/shopspring/decimal"
)

var t0 = time.Date(2025, 3, 29, 23, 0, 0, 0, time.UTC)

// c is a call received at t0+r.
func c(endpoint string, r time.Duration, status int, ttlb time.Duration) kpi.Call {
	return kpi.Call{ReceivedAt: t0.Add(r), Endpoint: endpoint, Status: status, TTLB: ttlb}
}

func show(outs []availability.Outage) {
	if len(outs) == 0 {
		fmt.Println("no downtime")
	}
	for _, o := range outs {
		fmt.Printf("%s [%s, %s) %v opened by %d, closed by %v %d", o.Endpoint, o.Start.Format("15:04:05.0"),
			o.End.Format("15:04:05.0"), o.Duration(), o.Opened.ID, o.Closed.Kind, o.Closed.ID)
		if o.Ongoing {
			fmt.Print(" ongoing")
		}
		if o.Idle {
			fmt.Print(" idle")
		}
		fmt.Println()
	}
}

func downtime(calls []kpi.Call, opts availability.Options) time.Duration {
	outs, _ := availability.Reference(calls, t0.Add(time.Hour), opts)
	var d time.Duration
	for _, o := range outs {
		d += o.Duration()
	}
	return d
}

// Rule AV-CLOCK-1: a failure starts the clock, the next success stops it;
// the clock instants are the logged ones (ReceivedAt + TTLB).
func ExampleReference() {
	calls := []kpi.Call{
		c("GET /accounts", 0, 200, 100*time.Millisecond),
		c("GET /accounts", 10*time.Second, 503, 2*time.Second), // failure logged 23:00:12
		c("GET /accounts", 20*time.Second, 404, 0),             // 4xx: no effect
		c("GET /accounts", 30*time.Second, 200, time.Second),   // success logged 23:00:31
		c("GET /balances", 40*time.Second, 0, 30*time.Second),  // no response, logged 23:01:10
	}
	outs, err := availability.Reference(calls, t0.Add(2*time.Minute), availability.Options{})
	fmt.Println(err)
	show(outs)
	// Output:
	// <nil>
	// GET /accounts [23:00:12.0, 23:00:31.0) 19s opened by 1, closed by call 3
	// GET /balances [23:01:10.0, 23:02:00.0) 50s opened by 4, closed by observation end 0 ongoing
}

// The Tracker takes one endpoint's calls in ReceivedAt order and hands over
// outages as they become final; Finish runs an open clock to asOf.
func ExampleTracker() {
	tr := availability.NewTracker(availability.Options{})
	calls := []kpi.Call{
		c("GET /accounts", 0, 503, 0),
		c("GET /accounts", 5*time.Second, 200, 0),
		c("GET /accounts", 6*time.Second, 500, 0),
		c("GET /accounts", 7*time.Second, 150, 0), // bad input: 1xx
	}
	for i := range calls {
		if err := tr.Add(&calls[i], int64(i+2)); err != nil { // ids: log line numbers
			fmt.Println("line", i+2, "rejected:", err)
		}
		show(tr.Outages(nil))
	}
	show(tr.Finish(t0.Add(time.Minute), nil))
	rejected := tr.Rejections()
	fmt.Println("rejected:", rejected.Total())
	// Output:
	// no downtime
	// no downtime
	// GET /accounts [23:00:00.0, 23:00:05.0) 5s opened by 2, closed by call 3
	// line 5 rejected: status outside 0 and 200-599
	// no downtime
	// GET /accounts [23:00:06.0, 23:01:00.0) 54s opened by 4, closed by observation end 0 ongoing
	// rejected: 1
}

// Rule AV-MERGE-1: segments summarised apart (here two half-minutes, in
// any order) combine into the outages of the whole stream, even when a
// series straddles them.
func ExampleCombine() {
	var calls []kpi.Call
	for i := 0; i < 5; i++ {
		calls = append(calls, c("GET /accounts", time.Duration(25+i)*time.Second, 503, 0)) // 25s..29s
	}
	calls = append(calls, c("GET /accounts", 40*time.Second, 200, time.Second))
	opts := availability.Options{Rule: availability.Consecutive}
	first, _ := availability.Summarize(calls, nil, "GET /accounts", kpi.Interval{Start: t0, End: t0.Add(27 * time.Second)}, opts)
	second, _ := availability.Summarize(calls, nil, "GET /accounts", kpi.Interval{Start: t0.Add(27 * time.Second), End: t0.Add(time.Minute)}, opts)
	show(first.Outages(t0.Add(time.Minute)))
	all, err := availability.Combine(second, first)
	fmt.Println(err)
	show(all.Outages(t0.Add(time.Minute)))
	// Output:
	// no downtime
	// <nil>
	// GET /accounts [23:00:25.0, 23:00:41.0) 16s opened by 0, closed by call 5
}

// Rule AV-WINDOW-1, AV-PLAN-1, AV-EVIDENCE-1: an outage across midnight and
// a planned window, day by day, piece by piece.
func ExampleDays() {
	outs, _ := availability.Reference([]kpi.Call{
		c("GET /accounts", 50*time.Minute, 503, 0), // 23:50
		c("GET /accounts", 70*time.Minute, 200, 0), // 00:10
	}, t0.Add(2*time.Hour), availability.Options{})
	planned := []availability.Window{{Interval: kpi.Interval{Start: t0.Add(65 * time.Minute), End: t0.Add(80 * time.Minute)}}}
	d := kpi.DateOf(2025, 3, 29)
	for _, day := range availability.Days(kpi.Calendar{}, d, d+1, "GET /accounts", outs, planned, nil) {
		fmt.Println(day.Date, "total", day.Total, "planned", day.Planned, "unplanned", day.Unplanned,
			"uptime", day.UptimePercent(availability.Options{}).Format(3))
		for _, p := range day.Pieces {
			fmt.Printf("  [%s, %s) %v %d cut %v/%v\n", p.Start.Format("15:04"), p.End.Format("15:04"),
				p.Source.Kind, p.Source.ID, p.CutAtStart, p.CutAtEnd)
		}
	}
	// Output:
	// 2025-03-29 total 10m0s planned 0s unplanned 10m0s uptime 99.306
	//   [23:50, 00:00) call 0 cut none/day boundary
	// 2025-03-30 total 20m0s planned 15m0s unplanned 5m0s uptime 98.611
	//   [00:00, 00:05) call 0 cut day boundary/planned window
	//   [00:05, 00:20) planned window 0 cut none/none
}

// Rule AV-SCOPE-1: the interface's downtime is the union of its endpoints'.
func ExampleInterfaceDays() {
	outs, _ := availability.Reference([]kpi.Call{
		c("A", 0, 503, 0), c("A", 20*time.Minute, 200, 0), // A down 20 min
		c("B", 10*time.Minute, 503, 0), c("B", 30*time.Minute, 200, 0), // B down 20 min, 10 of them with A
	}, t0.Add(time.Hour), availability.Options{})
	d := kpi.DateOf(2025, 3, 29)
	a := availability.Days(kpi.Calendar{}, d, d, "A", outs, nil, nil)
	b := availability.Days(kpi.Calendar{}, d, d, "B", outs, nil, nil)
	all := availability.InterfaceDays([][]availability.Day{a, b})
	fmt.Println(a[0].Total, b[0].Total, all[0].Total)
	// Output: 20m0s 20m0s 30m0s
}

// Rule AV-PCT-2: a period's uptime pools seconds; the mean of daily
// percentages is a different figure.
func ExamplePeriodUptimePercent() {
	loc, _ := time.LoadLocation("Europe/London")
	cal := kpi.NewCalendar(loc)
	start := time.Date(2025, 3, 30, 0, 0, 0, 0, time.UTC)
	outs := []availability.Outage{{Endpoint: "A", Start: start, End: start.Add(11 * time.Hour)}}
	days := availability.Days(cal, kpi.DateOf(2025, 3, 30), kpi.DateOf(2025, 3, 31), "A", outs, nil, nil)
	fmt.Println(days[0].Length, days[1].Length)
	fmt.Println(availability.PeriodUptimePercent(days, availability.Options{}).Format(3))
	fmt.Println(availability.MeanOfDailyUptimePercent(days, availability.Options{}).Format(3))
	// Output:
	// 23h0m0s 24h0m0s
	// 76.596
	// 76.087
}

// Rule AV-BUDGET-1: PeriodDowntime gives benchmark.DowntimeBudget the
// period's length and used downtime. Q1 2025 in UTC is 90 days, 90 ×
// 86,400 = 7,776,000 s; 99.5 % allows 0.5 % of it, 38,880 s; 3 h = 10,800
// s used leaves 38,880 − 10,800 = 28,080 s.
func ExamplePeriodDowntime() {
	q := kpi.Quarter(kpi.DateOf(2025, 2, 1))
	start := time.Date(2025, 1, 10, 10, 0, 0, 0, time.UTC)
	outs := []availability.Outage{{Endpoint: "A", Start: start, End: start.Add(3 * time.Hour)}}
	days := availability.Days(kpi.Calendar{}, q.First, q.Last, "A", outs, nil, nil)
	length, used := availability.PeriodDowntime(days, availability.Options{})
	b := benchmark.DowntimeBudget(length, used, decimal.RequireFromString("99.5"))
	fmt.Println(b.PeriodSeconds.Format(0), b.Allowed.Format(0), b.Used.Format(0), b.Left.Format(0), b.Verdict())
	// Output: 7776000 38880 10800 28080 PASS
}

// Rule RG-PROBE-1: each failed probe adds one probe interval of downtime
// until an OK probe.
func ExampleProbes() {
	var probes []availability.Probe
	for i, ok := range []bool{true, false, false, true, false} {
		probes = append(probes, availability.Probe{At: t0.Add(time.Duration(i) * 30 * time.Second), Endpoint: "status", OK: ok})
	}
	outs, _ := availability.Probes(probes, 30*time.Second)
	show(outs)
	// Output:
	// status [23:00:30.0, 23:01:30.0) 1m0s opened by 1, closed by probe 3
	// status [23:02:00.0, 23:02:30.0) 30s opened by 4, closed by probe interval 4
}

// AV-CLOCK-2 OPTION ReceivedInstants: a failure received at 0 and logged at
// 20s, a success received at 5s and logged at 6s, another at 30s.
func ExampleOptions_receivedInstants() {
	calls := []kpi.Call{c("A", 0, 503, 20*time.Second), c("A", 5*time.Second, 200, time.Second), c("A", 30*time.Second, 200, 0)}
	fmt.Println(downtime(calls, availability.Options{}))
	fmt.Println(downtime(calls, availability.Options{ReceivedInstants: true}))
	// Output:
	// 10s
	// 5s
}

// AV-CLOCK-4 OPTION ClientErrorsStopClock: a 404 between a failure and a
// success.
func ExampleOptions_clientErrorsStopClock() {
	calls := []kpi.Call{c("A", 0, 503, 0), c("A", 10*time.Second, 404, 0), c("A", time.Minute, 200, 0)}
	fmt.Println(downtime(calls, availability.Options{}))
	fmt.Println(downtime(calls, availability.Options{ClientErrorsStopClock: true}))
	// Output:
	// 1m0s
	// 10s
}

// AV-CLOCK-6 IdleSpan: a 10-minute outage with a call after 4 minutes is
// idle for a 5-minute span, not for the default 15 minutes.
func ExampleOptions_idleSpan() {
	calls := []kpi.Call{c("A", 0, 503, 0), c("A", 4*time.Minute, 404, 0), c("A", 10*time.Minute, 200, 0)}
	for _, span := range []time.Duration{0, 5 * time.Minute} {
		outs, _ := availability.Reference(calls, t0.Add(time.Hour), availability.Options{IdleSpan: span})
		show(outs)
	}
	// Output:
	// A [23:00:00.0, 23:10:00.0) 10m0s opened by 0, closed by call 2
	// A [23:00:00.0, 23:10:00.0) 10m0s opened by 0, closed by call 2 idle
}

// Rule AV-CONSEC-1: five unanswered within 30 s; one failure is downtime
// under the clock, not under the five-in-a-row rule.
func ExampleOptions_consecutive() {
	one := []kpi.Call{c("A", 0, 503, 0), c("A", 20*time.Second, 200, 0)}
	fmt.Println(downtime(one, availability.Options{}), downtime(one, availability.Options{Rule: availability.Consecutive}))
	// Output: 20s 0s
}

// AV-CONSEC-1 N: three unanswered calls make a series when N = 3.
func ExampleOptions_n() {
	calls := []kpi.Call{c("A", 0, 503, 0), c("A", time.Second, 503, 0), c("A", 2*time.Second, 503, 0), c("A", 3*time.Second, 200, 0)}
	fmt.Println(downtime(calls, availability.Options{Rule: availability.Consecutive}))
	fmt.Println(downtime(calls, availability.Options{Rule: availability.Consecutive, N: 3}))
	// Output:
	// 0s
	// 3s
}

// AV-CONSEC-1 W: five unanswered calls over 40 s fit a 60 s window, not
// the default 30 s.
func ExampleOptions_window() {
	var calls []kpi.Call
	for i := 0; i < 5; i++ {
		calls = append(calls, c("A", time.Duration(i)*10*time.Second, 503, 0))
	}
	calls = append(calls, c("A", 50*time.Second, 200, 0))
	fmt.Println(downtime(calls, availability.Options{Rule: availability.Consecutive}))
	fmt.Println(downtime(calls, availability.Options{Rule: availability.Consecutive, Window: time.Minute}))
	// Output:
	// 0s
	// 50s
}

// AV-CONSEC-1 OPTION NoSpanCondition: five unanswered a minute apart.
func ExampleOptions_noSpanCondition() {
	var calls []kpi.Call
	for i := 0; i < 5; i++ {
		calls = append(calls, c("A", time.Duration(i)*time.Minute, 503, 0))
	}
	calls = append(calls, c("A", 5*time.Minute, 200, 0))
	fmt.Println(downtime(calls, availability.Options{Rule: availability.Consecutive}))
	fmt.Println(downtime(calls, availability.Options{Rule: availability.Consecutive, NoSpanCondition: true}))
	// Output:
	// 0s
	// 5m0s
}

// AV-CONSEC-2 OPTION ServerErrorsAreReplies: five quick 503s are a series
// by default, replies under the option.
func ExampleOptions_serverErrorsAreReplies() {
	var calls []kpi.Call
	for i := 0; i < 5; i++ {
		calls = append(calls, c("A", time.Duration(i)*time.Second, 503, 0))
	}
	calls = append(calls, c("A", 10*time.Second, 200, 0))
	fmt.Println(downtime(calls, availability.Options{Rule: availability.Consecutive}))
	fmt.Println(downtime(calls, availability.Options{Rule: availability.Consecutive, ServerErrorsAreReplies: true}))
	// Output:
	// 10s
	// 0s
}

// AV-CONSEC-2 OPTION LateRepliesAreReplies: a 200 sent after 40 s is the
// fifth unanswered call by default, a success under the option.
func ExampleOptions_lateRepliesAreReplies() {
	calls := []kpi.Call{c("A", 0, 0, 30*time.Second), c("A", time.Second, 0, 30*time.Second), c("A", 2*time.Second, 0, 30*time.Second),
		c("A", 3*time.Second, 0, 30*time.Second), c("A", 4*time.Second, 200, 40*time.Second), c("A", 50*time.Second, 200, 0)}
	fmt.Println(downtime(calls, availability.Options{Rule: availability.Consecutive}))
	fmt.Println(downtime(calls, availability.Options{Rule: availability.Consecutive, LateRepliesAreReplies: true}))
	// Output:
	// 50s
	// 0s
}

// AV-SCOPE-1 OPTION InterfaceWide: three failures on A and two on B are
// five in a row over the interface.
func ExampleOptions_interfaceWide() {
	calls := []kpi.Call{c("A", 0, 503, 0), c("A", time.Second, 503, 0), c("A", 2*time.Second, 503, 0),
		c("B", 3*time.Second, 503, 0), c("B", 4*time.Second, 503, 0), c("B", 10*time.Second, 200, 0)}
	fmt.Println(downtime(calls, availability.Options{Rule: availability.Consecutive}))
	outs, _ := availability.Reference(calls, t0.Add(time.Hour), availability.Options{Rule: availability.Consecutive, InterfaceWide: true})
	show(outs)
	// Output:
	// 0s
	//  [23:00:00.0, 23:00:10.0) 10s opened by 0, closed by call 5
}

// AV-PCT-1 OPTION FixedDayLength: 1 h of downtime on the 25-hour London
// day 2025-10-26: 100 × 24/25 = 96 % of the real day, 100 × 23/24 of
// 86,400 s.
func ExampleOptions_fixedDayLength() {
	loc, _ := time.LoadLocation("Europe/London")
	cal := kpi.NewCalendar(loc)
	d := kpi.DateOf(2025, 10, 26)
	s := cal.Start(d).Add(time.Hour)
	days := availability.Days(cal, d, d, "A", []availability.Outage{{Endpoint: "A", Start: s, End: s.Add(time.Hour)}}, nil, nil)
	fmt.Println(days[0].Length)
	fmt.Println(days[0].UptimePercent(availability.Options{}).Format(3))
	fmt.Println(days[0].UptimePercent(availability.Options{FixedDayLength: true}).Format(3))
	// Output:
	// 25h0m0s
	// 96.000
	// 95.833
}

// RG-PLANNED-1 OPTION PlannedExcluded: 2 h planned and 1 h unplanned in a
// 24 h day: 21/24 by default, 21/22 with planned time removed (CDR).
func ExampleOptions_plannedExcluded() {
	d := kpi.DateOf(2025, 3, 30)
	day0 := time.Date(2025, 3, 30, 0, 0, 0, 0, time.UTC)
	outs := []availability.Outage{{Endpoint: "A", Start: day0.Add(10 * time.Hour), End: day0.Add(11 * time.Hour)}}
	planned := []availability.Window{{Interval: kpi.Interval{Start: day0.Add(2 * time.Hour), End: day0.Add(4 * time.Hour)}}}
	day := availability.Days(kpi.Calendar{}, d, d, "A", outs, planned, nil)[0]
	fmt.Println(day.UptimePercent(availability.Options{}).Format(3))
	fmt.Println(day.UptimePercent(availability.Options{PlannedExcluded: true}).Format(3))
	// Output:
	// 87.500
	// 95.455
}

// Encoding: a Segment travels as bytes (between machines, or as a Beam
// coder) and combines after decoding exactly as before.
func ExampleSegment_MarshalBinary() {
	calls := []kpi.Call{
		c("GET /accounts", 10*time.Second, 503, 0),
		c("GET /accounts", 70*time.Second, 200, 0),
	}
	opts := availability.Options{ReceivedInstants: true}
	first, _ := availability.Summarize(calls, nil, "GET /accounts", kpi.Interval{Start: t0, End: t0.Add(time.Minute)}, opts)
	second, _ := availability.Summarize(calls, nil, "GET /accounts", kpi.Interval{Start: t0.Add(time.Minute), End: t0.Add(2 * time.Minute)}, opts)
	b, _ := first.MarshalBinary() // on one machine
	var decoded availability.Segment
	fmt.Println(decoded.UnmarshalBinary(b)) // on another
	all, _ := availability.Combine(decoded, second)
	show(all.Outages(t0.Add(2 * time.Minute)))
	fmt.Println(decoded.UnmarshalBinary(b[:len(b)-1]))
	// Output:
	// <nil>
	// GET /accounts [23:00:10.0, 23:01:10.0) 1m0s opened by 0, closed by call 1
	// availability.Segment: truncated encoding
}

// Encoding: a gateway persists its Tracker and, after a restart, continues
// the stream where it stood: the clock opened before the restart is closed
// by the first success after it.
func ExampleTracker_MarshalBinary() {
	tr := availability.NewTracker(availability.Options{})
	before := c("GET /accounts", 0, 503, 0)
	_ = tr.Add(&before, 1)
	state, _ := tr.MarshalBinary() // persisted at shutdown

	restarted := new(availability.Tracker)
	fmt.Println(restarted.UnmarshalBinary(state))
	after := c("GET /accounts", 30*time.Second, 200, 0)
	_ = restarted.Add(&after, 2)
	show(restarted.Finish(t0.Add(time.Minute), nil))
	// Output:
	// <nil>
	// GET /accounts [23:00:00.0, 23:00:30.0) 30s opened by 1, closed by call 2
}

// Encoding: a ProbeTracker persists the same way.
func ExampleProbeTracker_MarshalBinary() {
	tr := availability.NewProbeTracker(30 * time.Second)
	_ = tr.Add(&availability.Probe{At: t0, Endpoint: "GET /accounts"}, 1)
	state, _ := tr.MarshalBinary()

	restarted := new(availability.ProbeTracker)
	fmt.Println(restarted.UnmarshalBinary(state))
	_ = restarted.Add(&availability.Probe{At: t0.Add(20 * time.Second), Endpoint: "GET /accounts", OK: true}, 2)
	show(restarted.Finish(nil))
	// Output:
	// <nil>
	// GET /accounts [23:00:00.0, 23:00:20.0) 20s opened by 1, closed by probe 2
}
