package availability

import (
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// Rule AV-BUDGET-1 by hand: Q1 2025 has 90 days = 7,776,000 s; at 99.5 %
// the allowed downtime is 0.5 % of it, 38,880 s (10.8 h: CBB's "approx. 11
// hours per quarter"); with 10,000 s used, 28,880 s are left.
func TestBudgetQuarter(t *testing.T) {
	b, err := NewBudget(90*24*time.Hour, 10000*time.Second, decimal.RequireFromString("99.5"))
	require.NoError(t, err)
	require.True(t, kpi.RatioOfInt(7776000).Equal(b.PeriodSeconds))
	require.True(t, kpi.RatioOfInt(10000).Equal(b.UsedSeconds))
	require.True(t, kpi.RatioOfInt(38880).Equal(b.AllowedSeconds))
	require.True(t, kpi.RatioOfInt(28880).Equal(b.LeftSeconds))
	require.False(t, b.Exceeded())

	// 40,000 s used: 1,120 s over.
	b, err = NewBudget(90*24*time.Hour, 40000*time.Second, decimal.RequireFromString("99.5"))
	require.NoError(t, err)
	require.True(t, kpi.RatioOfInt(-1120).Equal(b.LeftSeconds))
	require.True(t, b.Exceeded())

	for _, bad := range []string{"-1", "100.5"} {
		_, err = NewBudget(time.Hour, 0, decimal.RequireFromString(bad))
		require.Error(t, err)
	}
	_, err = NewBudget(-time.Hour, 0, decimal.RequireFromString("99"))
	require.Error(t, err)
	require.False(t, Budget{}.Exceeded())
}

// Rule AV-BUDGET-1 with AV-PCT-1 and RG-PLANNED-1 over days: Q1 2025 in
// London holds the 23-hour 2025-03-30, so its real length is 7,772,400 s
// and 0.5 % of it is 38,862 s; FixedDayLength counts 7,776,000 s (38,880
// s allowed). One day with 1 h unplanned and 2 h planned: used 10,800 s
// by DEFAULT; under PlannedExcluded used 3,600 s of a period 7,200 s
// shorter (0.5 % of 7,765,200 = 38,826 s).
func TestPeriodBudget(t *testing.T) {
	cal := london(t)
	q := kpi.Quarter(kpi.DateOf(2025, 2, 1))
	o := outage("A", utc(2025, 1, 10, 10, 0, 0), utc(2025, 1, 10, 11, 0, 0), 0)
	w := window("", utc(2025, 1, 10, 12, 0, 0), utc(2025, 1, 10, 14, 0, 0))
	days := Days(cal, q.First, q.Last, "A", []Outage{o}, []Window{w}, nil)
	require.Len(t, days, 90)
	target := decimal.RequireFromString("99.5")

	b, err := PeriodBudget(days, Options{}, target)
	require.NoError(t, err)
	require.True(t, kpi.RatioOfInt(7772400).Equal(b.PeriodSeconds))
	require.True(t, kpi.RatioOfInt(10800).Equal(b.UsedSeconds))
	require.True(t, kpi.RatioOfInt(38862).Equal(b.AllowedSeconds))

	b, err = PeriodBudget(days, Options{FixedDayLength: true}, target)
	require.NoError(t, err)
	require.True(t, kpi.RatioOfInt(38880).Equal(b.AllowedSeconds))

	b, err = PeriodBudget(days, Options{PlannedExcluded: true}, target)
	require.NoError(t, err)
	require.True(t, kpi.RatioOfInt(7765200).Equal(b.PeriodSeconds))
	require.True(t, kpi.RatioOfInt(3600).Equal(b.UsedSeconds))
	require.True(t, kpi.RatioOfInt(38826).Equal(b.AllowedSeconds))
}
