package availability_test

import (
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// AV-BUDGET-1 lives in benchmark.DowntimeBudget; availability gives it a
// period's length and used downtime (PeriodDowntime). These are the
// hand-derived budgets availability's own Budget used to pin.

func q1Days(t *testing.T, cal kpi.Calendar, outs []availability.Outage, planned []availability.Window) []availability.Day {
	q := kpi.Quarter(kpi.DateOf(2025, 2, 1))
	days := availability.Days(cal, q.First, q.Last, "A", outs, planned, nil)
	require.Len(t, days, 90)
	return days
}

func ratioIs(t *testing.T, want int64, got kpi.Ratio, what string) {
	t.Helper()
	require.True(t, kpi.RatioOfInt(want).Equal(got), "%s: want %d, got %v", what, want, got)
}

// Rule AV-BUDGET-1 by hand: Q1 2025 (UTC) has 90 days = 7,776,000 s; at
// 99.5 % the allowed downtime is 0.5 % of it, 38,880 s (10.8 h: CBB's
// "approx. 11 hours per quarter"); with 10,000 s used, 38,880 − 10,000 =
// 28,880 s are left (PASS); with 40,000 s used, 38,880 − 40,000 = −1,120 s
// (FAIL).
func TestDowntimeBudgetOfPeriodDowntimeQuarter(t *testing.T) {
	start := time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC)
	target := decimal.RequireFromString("99.5")
	for _, tc := range []struct {
		used    time.Duration
		left    int64
		verdict benchmark.Verdict
	}{
		{10000 * time.Second, 28880, benchmark.Pass},
		{40000 * time.Second, -1120, benchmark.Fail},
	} {
		outs := []availability.Outage{{Endpoint: "A", Start: start, End: start.Add(tc.used)}}
		length, used := availability.PeriodDowntime(q1Days(t, kpi.Calendar{}, outs, nil), availability.Options{})
		b := benchmark.DowntimeBudget(length, used, target)
		ratioIs(t, 7776000, b.PeriodSeconds, "period")
		ratioIs(t, int64(tc.used/time.Second), b.Used, "used")
		ratioIs(t, 38880, b.Allowed, "allowed")
		ratioIs(t, tc.left, b.Left, "left")
		require.Equal(t, tc.verdict, b.Verdict())
	}
}

// Rule AV-BUDGET-1 with AV-PCT-1 and RG-PLANNED-1: Q1 2025 in London
// (7,772,400 s with the 23-hour 2025-03-30) and one day with 1 h
// unplanned and 2 h planned. DEFAULT: 0.5 % of 7,772,400 = 38,862 s
// allowed, 38,862 − 10,800 = 28,062 s left. FixedDayLength: 0.5 % of
// 7,776,000 = 38,880 s, 38,880 − 10,800 = 28,080 s left. PlannedExcluded:
// 0.5 % of 7,765,200 = 38,826 s, 38,826 − 3,600 = 35,226 s left.
func TestDowntimeBudgetOfPeriodDowntime(t *testing.T) {
	loc, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	utc := func(d, h int) time.Time { return time.Date(2025, 1, d, h, 0, 0, 0, time.UTC) }
	outs := []availability.Outage{{Endpoint: "A", Start: utc(10, 10), End: utc(10, 11)}}
	planned := []availability.Window{{Interval: kpi.Interval{Start: utc(10, 12), End: utc(10, 14)}}}
	days := q1Days(t, kpi.NewCalendar(loc), outs, planned)
	target := decimal.RequireFromString("99.5")
	for _, tc := range []struct {
		opts                        availability.Options
		period, used, allowed, left int64
	}{
		{availability.Options{}, 7772400, 10800, 38862, 28062},
		{availability.Options{FixedDayLength: true}, 7776000, 10800, 38880, 28080},
		{availability.Options{PlannedExcluded: true}, 7765200, 3600, 38826, 35226},
	} {
		length, used := availability.PeriodDowntime(days, tc.opts)
		b := benchmark.DowntimeBudget(length, used, target)
		ratioIs(t, tc.period, b.PeriodSeconds, "period")
		ratioIs(t, tc.used, b.Used, "used")
		ratioIs(t, tc.allowed, b.Allowed, "allowed")
		ratioIs(t, tc.left, b.Left, "left")
		require.Equal(t, benchmark.Pass, b.Verdict())
	}
}
