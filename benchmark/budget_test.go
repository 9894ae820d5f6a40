package benchmark

import (
	"math/big"
	"testing"
	"time"
	_ "time/tzdata" // tests load zones; the library never does

	"github.com/openfinance-kpi/kpi"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func seconds(t testing.TB, s string) kpi.Ratio { return kpi.RatioOfRat(rat(t, s)) }

func zone(t testing.TB, name string) kpi.Calendar {
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return kpi.NewCalendar(loc)
}

// Rule AV-BUDGET-1, worked examples derived by hand.
func TestAVBudget1Examples(t *testing.T) {
	// CBB guidelines, Table 1: "A quarterly downtime of 0.5%. (approx. 11 hours per
	// quarter". A 92-day quarter: 92 * 86,400 = 7,948,800 s;
	// * 0.005 = 39,744 s = 11 h 2 min 24 s. 10 h used: 36,000 s; left
	// 3,744 s.
	b := DowntimeBudget(92*24*time.Hour, 10*time.Hour, decimal.RequireFromString("99.5"))
	require.True(t, b.PeriodSeconds.Equal(seconds(t, "7948800")))
	require.True(t, b.Allowed.Equal(seconds(t, "39744")))
	require.True(t, b.Used.Equal(seconds(t, "36000")))
	require.True(t, b.Left.Equal(seconds(t, "3744")))
	require.Equal(t, Pass, b.Verdict())

	// Overspent: 12 h used leaves 39,744 - 43,200 = -3,456 s.
	b = DowntimeBudget(92*24*time.Hour, 12*time.Hour, decimal.RequireFromString("99.5"))
	require.True(t, b.Left.Equal(seconds(t, "-3456")))
	require.Equal(t, Fail, b.Verdict())

	// Exactly spent at >= : PASS (uptime exactly 99.5 %). A 1-day period
	// allows 86,400 * 0.005 = 432 s.
	b = DowntimeBudget(24*time.Hour, 432*time.Second, decimal.RequireFromString("99.5"))
	require.True(t, b.Left.Equal(seconds(t, "0")))
	require.Equal(t, Pass, b.Verdict())

	// Sub-second exactness: 1 ns used of a 432 s budget leaves
	// 431.999999999 s.
	b = DowntimeBudget(24*time.Hour, time.Nanosecond, decimal.RequireFromString("99.5"))
	require.True(t, b.Left.Equal(seconds(t, "431999999999/1000000000")))

	// Bad input: no meaningful budget, NO DATA, never a pass.
	for _, bad := range []Budget{
		DowntimeBudget(0, 0, decimal.RequireFromString("99.5")),
		DowntimeBudget(time.Hour, -time.Second, decimal.RequireFromString("99.5")),
		DowntimeBudget(time.Hour, 0, decimal.RequireFromString("100.1")),
		DowntimeBudget(time.Hour, 0, decimal.RequireFromString("-1")),
	} {
		require.False(t, bad.Allowed.OK())
		require.Equal(t, Unjudged, bad.Verdict())
	}
	require.Equal(t, Unjudged, Budget{}.Verdict())
}

// Rule AV-BUDGET-1 at the profile's target: strict platform dashboard "> 99.9%"
// misses when the budget is exactly spent. One day: 86,400 * 0.001 =
// 86.4 s allowed.
func TestAVBudget1StrictTarget(t *testing.T) {
	cal := kpi.NewCalendar(time.UTC)
	b, ok := Platform().DowntimeBudget(cal, dayOf(day10), 86400*time.Millisecond)
	require.True(t, ok)
	require.True(t, b.Strict)
	require.True(t, b.Allowed.Equal(seconds(t, "864/10")))
	require.True(t, b.Left.Equal(seconds(t, "0")))
	require.Equal(t, Fail, b.Verdict(), "uptime exactly 99.9 % is not > 99.9 %")

	b, _ = Platform().DowntimeBudget(cal, dayOf(day10), 86399*time.Millisecond)
	require.True(t, b.Left.Equal(seconds(t, "1/1000")))
	require.Equal(t, Pass, b.Verdict())

	_, ok = Profile{}.DowntimeBudget(cal, dayOf(day10), 0)
	require.False(t, ok, "no uptime target, no budget")
}

// Rule AV-BUDGET-1 with the AV-PCT-1 OPTION: Europe/London's Q1 2024 has
// 91 days, one of them 23 h (2024-03-31). Real length: 91*24 - 1 =
// 2,183 h = 7,858,800 s; allowed at 99.5 %: 39,294 s. Fixed 86,400 s
// days: 2,184 h = 7,862,400 s; allowed 39,312 s.
func TestAVBudget1FixedDayOption(t *testing.T) {
	cal := zone(t, "Europe/London")
	q1 := kpi.Quarter(kpi.DateOf(2024, time.January, 15))
	real := CBB() // real day length (DEFAULT)
	b, ok := real.DowntimeBudget(cal, q1, 0)
	require.True(t, ok)
	require.True(t, b.PeriodSeconds.Equal(seconds(t, "7858800")))
	require.True(t, b.Allowed.Equal(seconds(t, "39294")))

	fixed := CBB()
	fixed.Availability.FixedDayLength = true // OPTION
	b, _ = fixed.DowntimeBudget(cal, q1, 0)
	require.True(t, b.PeriodSeconds.Equal(seconds(t, "7862400")))
	require.True(t, b.Allowed.Equal(seconds(t, "39312")))
}

// Rule AV-BUDGET-1 property: the budget's verdict is the verdict of the
// period's uptime (100 * (L - U) / L, at least 0) against the target.
func TestAVBudget1AgreesWithJudge(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		length := time.Duration(rapid.Int64Range(1, int64(92*24*time.Hour)).Draw(t, "length"))
		used := time.Duration(rapid.Int64Range(0, int64(length)+int64(time.Hour)).Draw(t, "used"))
		target := decimal.New(rapid.Int64Range(1, 1_000_000).Draw(t, "target"), -4) // (0, 100]
		cmp := rapid.SampledFrom([]Comparison{AtLeast, Above}).Draw(t, "cmp")

		b := DowntimeBudget(length, used, target)
		b.Strict = cmp.Strict()
		up := new(big.Rat).SetFrac(big.NewInt(int64(length-used)), big.NewInt(int64(length)))
		if up.Sign() < 0 {
			up.SetInt64(0)
		}
		up.Mul(up, big.NewRat(100, 1))
		v, _ := Target{KPI: UptimePercent, Cmp: cmp, Threshold: target}.Judge(kpi.RatioOfRat(up))
		require.Equal(t, v, b.Verdict())
		// Left = Allowed - Used, exactly.
		require.True(t, b.Left.Equal(b.Allowed.Sub(b.Used)))
	})
}

// AV-BUDGET-1 latency headroom: threshold - measured per group (and per
// CoF endpoint), in ms, in Evaluate's order.
func TestAVBudget1LatencyHeadroom(t *testing.T) {
	var m Measurements
	m.SetDay(AvgTTLBMs, Group(GroupPISP), day10, ms(700))
	m.SetDay(AvgTTLBMs, Group(GroupCoF), day10, ms(290))
	m.SetDay(MaxTTLBMs, Endpoint(cofDom), day10, ms(501))
	m.SetDay(ErrorRatePercent, Interface(), day10, kpi.RatioOf(1, 10)) // not a latency
	hs := LatencyHeadroom(CBB(), &m)
	want := []struct {
		id       string
		scope    Scope
		headroom string // "" = kpi.NoData
	}{
		{"cbb.pisp.avg-ttlb", Group(GroupPISP), "50"},        // 750 - 700
		{"cbb.aisp.avg-ttlb-per-page", Group(GroupAISP), ""}, // not measured
		{"cbb.cof.avg-ttlb", Group(GroupCoF), "10"},          // 300 - 290
		{"cbb.cof.max-ttlb", Endpoint(cofDom), "-1"},         // 500 - 501
	}
	require.Len(t, hs, len(want))
	for i, w := range want {
		require.Equal(t, w.id, hs[i].Target.ID)
		require.Equal(t, w.scope, hs[i].Scope)
		if w.headroom == "" {
			require.False(t, hs[i].HeadroomMs.OK(), w.id)
			continue
		}
		require.True(t, hs[i].HeadroomMs.Equal(seconds(t, w.headroom)), "%s: %s", w.id, hs[i].HeadroomMs)
	}
	require.True(t, hs[0].ThresholdMs.Equal(ms(750)))
}
