package availability

import (
	"math"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
)

// quarterDays returns the days of endpoint "A" over Q1 2025 in cal with
// the given outages and planned windows.
func quarterDays(t *testing.T, cal kpi.Calendar, outs []Outage, planned []Window) []Day {
	q := kpi.Quarter(kpi.DateOf(2025, 2, 1))
	days := Days(cal, q.First, q.Last, "A", outs, planned, nil)
	require.Len(t, days, 90) // 31 + 28 + 31
	return days
}

// Rule AV-BUDGET-1, AV-PCT-2 by hand: Q1 2025 in UTC has 90 days of
// 86,400 s = 7,776,000 s. One outage of 10,000 s (2 h 46 min 40 s) uses
// 10,000 s; one of 40,000 s (11 h 6 min 40 s) uses 40,000 s. Uptime is
// 100 × (7,776,000 − used) / 7,776,000.
func TestPeriodDowntimeQuarter(t *testing.T) {
	start := utc(2025, 1, 10, 0, 0, 0)
	for _, used := range []time.Duration{10000 * time.Second, 40000 * time.Second} {
		days := quarterDays(t, kpi.Calendar{}, []Outage{outage("A", start, start.Add(used), 0)}, nil)
		length, got := PeriodDowntime(days, Options{})
		require.Equal(t, 7776000*time.Second, length)
		require.Equal(t, used, got)
		want := kpi.PercentOf(uint64(7776000*time.Second-used), uint64(7776000*time.Second))
		require.True(t, want.Equal(PeriodUptimePercent(days, Options{})))
	}
}

// Rule AV-BUDGET-1 with AV-PCT-1 and RG-PLANNED-1 over days: Q1 2025 in
// London holds the 23-hour 2025-03-30, so its real length is 90 × 86,400
// − 3,600 = 7,772,400 s; FixedDayLength counts 7,776,000 s. One day with
// 1 h unplanned and 2 h planned: used 3,600 + 7,200 = 10,800 s by
// DEFAULT; under PlannedExcluded used 3,600 s of a period 7,200 s
// shorter: 7,772,400 − 7,200 = 7,765,200 s (FixedDayLength too:
// 7,776,000 − 7,200 = 7,768,800 s). PeriodUptimePercent divides the same
// sums: 100 × (length − used) / length.
func TestPeriodDowntime(t *testing.T) {
	o := outage("A", utc(2025, 1, 10, 10, 0, 0), utc(2025, 1, 10, 11, 0, 0), 0)
	w := window("", utc(2025, 1, 10, 12, 0, 0), utc(2025, 1, 10, 14, 0, 0))
	days := quarterDays(t, london(t), []Outage{o}, []Window{w})
	for _, tc := range []struct {
		opts         Options
		length, used int64 // seconds
	}{
		{Options{}, 7772400, 10800},
		{Options{FixedDayLength: true}, 7776000, 10800},
		{Options{PlannedExcluded: true}, 7765200, 3600},
		{Options{FixedDayLength: true, PlannedExcluded: true}, 7768800, 3600},
	} {
		length, used := PeriodDowntime(days, tc.opts)
		require.Equal(t, time.Duration(tc.length)*time.Second, length, "%+v", tc.opts)
		require.Equal(t, time.Duration(tc.used)*time.Second, used, "%+v", tc.opts)
		want := kpi.PercentOf(uint64(tc.length-tc.used), uint64(tc.length))
		require.True(t, want.Equal(PeriodUptimePercent(days, tc.opts)), "%+v", tc.opts)
	}
}

// Rule AV-PCT-2, RG-PLANNED-1 at the edges: no days is a period of no
// length (no data). A 25-hour day all planned under FixedDayLength and
// PlannedExcluded: 86,400 − 90,000 < 0, floored at 0 (no data). Days
// that Days cannot build — a negative field, or lengths summing past
// 2^63 − 1 ns — give 0, 0 (no data), never a wrapped sum.
func TestPeriodDowntimeEdges(t *testing.T) {
	length, used := PeriodDowntime(nil, Options{})
	require.Zero(t, length)
	require.Zero(t, used)
	require.False(t, PeriodUptimePercent(nil, Options{}).OK())

	d := kpi.DateOf(2025, 10, 26)
	dayStart := utc(2025, 10, 25, 23, 0, 0) // 00:00 BST
	w := window("", dayStart, dayStart.Add(25*time.Hour))
	days := Days(london(t), d, d, "A", nil, []Window{w}, nil)
	require.Equal(t, 25*time.Hour, days[0].Planned)
	o := Options{FixedDayLength: true, PlannedExcluded: true}
	length, used = PeriodDowntime(days, o)
	require.Zero(t, length)
	require.Zero(t, used)
	require.False(t, PeriodUptimePercent(days, o).OK())

	huge := []Day{{Length: math.MaxInt64}, {Length: 1}}
	length, used = PeriodDowntime(huge, Options{})
	require.Zero(t, length)
	require.Zero(t, used)
	require.False(t, PeriodUptimePercent(huge, Options{}).OK())
	negative := []Day{{Length: time.Hour, Total: -time.Second}}
	length, used = PeriodDowntime(negative, Options{})
	require.Zero(t, length)
	require.Zero(t, used)
}
