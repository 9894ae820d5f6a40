package benchmark

import (
	"errors"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// Rule AV-PCT-2: quarterly uptime = 1 - (sum of downtime) / (length of the
// quarter), from daily rows. Asia/Bahrain (no daylight saving), Q1 2024:
// 91 days * 86,400 s = 7,862,400 s. Downtime 3 h + 5 h + 10,512 s =
// 10,800 + 18,000 + 10,512 = 39,312 s = 0.5 % of the quarter: uptime
// exactly 99.5 %, which passes the CBB target (>= 99.5 %).
func TestAVPCT2QuarterFromDays(t *testing.T) {
	cal := zone(t, "Asia/Bahrain")
	q1 := kpi.Quarter(kpi.DateOf(2024, time.February, 1))
	days := DaysOf(cal, q1, false)
	require.Len(t, days, 91)
	days[4].Downtime = 3 * time.Hour        // 2024-01-05
	days[40].Downtime = 5 * time.Hour       // 2024-02-10
	days[79].Downtime = 10512 * time.Second // 2024-03-20
	require.Equal(t, kpi.DateOf(2024, time.March, 20), days[79].Date)

	got, err := PeriodUptimePercent(days)
	require.NoError(t, err)
	require.True(t, got.Equal(kpi.RatioOf(995, 10)), "got %s", got)

	var acc PeriodUptime
	for i := range days {
		require.NoError(t, acc.Add(&days[i]))
	}
	require.True(t, acc.Percent().Equal(got))
	require.True(t, acc.DowntimeSeconds().Equal(kpi.RatioOfInt(39312)))

	var m Measurements
	m.Set(UptimePercent, Interface(), q1, got)
	f := findingsOf(Evaluate(CBB(), &m), "cbb.uptime")[0]
	require.Equal(t, Pass, f.Verdict)
	require.True(t, f.Margin.Equal(kpi.RatioOfInt(0)))
}

// Rule AV-PCT-2 with the AV-PCT-1 OPTION, one input, two answers derived
// by hand. Europe/London Q1 2024 has 91 days, 2024-03-31 being 23 h.
// 39,312 s (10.92 h) of downtime:
//
//	fixed 86,400 s days: 1 - 10.92 / 2,184 = 0.995       -> 99.5 % exactly (PASS >= 99.5)
//	real day lengths:    100 * (2,183 - 10.92) / 2,183 = 217,208 / 2,183 % (~99.49977, FAIL)
func TestAVPCT2FixedDayOption(t *testing.T) {
	cal := zone(t, "Europe/London")
	q1 := kpi.Quarter(kpi.DateOf(2024, time.February, 1))

	real := DaysOf(cal, q1, false)
	fixed := DaysOf(cal, q1, true)
	require.Equal(t, 23*time.Hour, real[90].Length, "2024-03-31 is 23 h in London")
	require.Equal(t, 24*time.Hour, fixed[90].Length)
	real[31].Downtime = 39312 * time.Second
	fixed[31].Downtime = 39312 * time.Second

	gotFixed, err := PeriodUptimePercent(fixed)
	require.NoError(t, err)
	require.True(t, gotFixed.Equal(kpi.RatioOf(995, 10)), "fixed: %s", gotFixed)
	gotReal, err := PeriodUptimePercent(real)
	require.NoError(t, err)
	require.True(t, gotReal.Equal(kpi.RatioOf(217208, 2183)), "real: %s", gotReal)

	up, _ := CBB().Target("cbb.uptime")
	v, _ := up.Judge(gotFixed)
	require.Equal(t, Pass, v)
	v, _ = up.Judge(gotReal)
	require.Equal(t, Fail, v)

	// AV-PCT-1: never below 0 %. 2024-10-27 is 25 h in London; 24.5 h of
	// downtime: fixed day (24 h) -> 0 %; real day -> 100 * 0.5 / 25 = 2 %.
	d := kpi.DateOf(2024, time.October, 27)
	one := kpi.Period{First: d, Last: d}
	r, f := DaysOf(cal, one, false), DaysOf(cal, one, true)
	r[0].Downtime, f[0].Downtime = 24*time.Hour+30*time.Minute, 24*time.Hour+30*time.Minute
	gotR, _ := PeriodUptimePercent(r)
	gotF, _ := PeriodUptimePercent(f)
	require.True(t, gotR.Equal(kpi.RatioOfInt(2)), "real: %s", gotR)
	require.True(t, gotF.Equal(kpi.RatioOfInt(0)), "fixed: %s", gotF)
}

// Monthly call volume (BM-5 ">= 10 M calls a month"): 31 days of 322,581
// calls = 10,000,011 (PASS); 30 days of 333,333 and one quiet day =
// 9,999,990 (FAIL by 10).
func TestMonthlyCallVolume(t *testing.T) {
	march := kpi.Month(kpi.DateOf(2024, time.March, 1))
	var rows []DailyCalls
	var acc CallVolume
	require.False(t, acc.Total().OK(), "nothing counted is no data, not 0 calls")
	for d := march.First; d <= march.Last; d++ {
		rows = append(rows, DailyCalls{Date: d, Calls: 322581})
	}
	for i := range rows {
		require.NoError(t, acc.Add(&rows[i]))
	}
	require.True(t, TotalCalls(rows).Equal(kpi.RatioOfInt(10000011)))
	require.True(t, acc.Total().Equal(kpi.RatioOfInt(10000011)))

	for i := range rows {
		rows[i].Calls = 333333
	}
	rows[30].Calls = 0
	total := TotalCalls(rows)
	require.True(t, total.Equal(kpi.RatioOfInt(9999990)))
	var m Measurements
	m.Set(Calls, Interface(), march, total)
	f := findingsOf(Evaluate(Platform(), &m), "platform.calls")[0]
	require.Equal(t, Fail, f.Verdict)
	require.True(t, f.Margin.Equal(kpi.RatioOfInt(-10)))
	require.Equal(t, "FAIL platform.calls interface 2024-03: 9999990 calls >= 10000000 calls (margin -10 calls)", f.String())
	require.False(t, TotalCalls(nil).OK())
}

// Rules PF-PAGE-1 / PF-AVG-2 roll-up: the mean TTLB per page over the
// CBUAE bank data group is sum T / sum pages, not the mean of endpoint
// averages. GET /accounts: 3,000 ms over 10 pages (300 ms a page);
// transactions: 12,000 ms over 20 pages (600 ms a page); POST /payments is
// not bank data. Pooled: 15,000 / 30 = 500 ms (PASS <= 500); the mean of
// averages would be (300 + 600) / 2 = 450 ms.
func TestPFPageGroupRollup(t *testing.T) {
	rows := []DailyPages{
		{Date: day10, Endpoint: "GET /accounts", TTLB: 3000 * time.Millisecond, Pages: 10},
		{Date: day10, Endpoint: "POST /payments", TTLB: 1000 * time.Second, Pages: 1},
		{Date: day10, Endpoint: "GET /accounts/{AccountID}/transactions", TTLB: 12000 * time.Millisecond, Pages: 20},
	}
	got, err := GroupMeanPerPageMs(CBUAE(), GroupBankData, rows)
	require.NoError(t, err)
	require.True(t, got.Equal(kpi.RatioOfInt(500)), "got %s", got)

	p := CBUAE()
	var acc PageLatency
	for i := range rows {
		if p.InGroup(GroupBankData, rows[i].Endpoint) {
			require.NoError(t, acc.Add(&rows[i]))
		}
	}
	require.True(t, acc.MeanPerPageMs().Equal(got))

	var m Measurements
	m.SetDay(AvgTTLBPerPageMs, Group(GroupBankData), day10, got)
	f := findingsOf(Evaluate(p, &m), "cbuae.bank-data.avg-ttlb-per-page")[0]
	require.Equal(t, Pass, f.Verdict)

	// Bad rows in the group keep their original index in the error.
	rows = append(rows, DailyPages{Endpoint: "GET /accounts", TTLB: -1})
	_, err = GroupMeanPerPageMs(p, GroupBankData, rows)
	var re *RowsError
	require.ErrorAs(t, err, &re)
	require.Equal(t, 3, re.Rows[0].Index)
	require.ErrorIs(t, err, NegativeRowTTLB)
}

// Bad rows: not counted, named by the reference, counted by the
// accumulator; nothing panics.
func TestRollupBadRows(t *testing.T) {
	days := []DailyDowntime{
		{Downtime: time.Hour, Length: 24 * time.Hour},
		{Downtime: -time.Second, Length: 24 * time.Hour},
		{Downtime: 0, Length: 0},
	}
	got, err := PeriodUptimePercent(days)
	// Only row 0 counts: 100 * (24 - 1) / 24 = 2300/24 %.
	require.True(t, got.Equal(kpi.RatioOf(2300, 24)))
	var re *RowsError
	require.ErrorAs(t, err, &re)
	require.Len(t, re.Rows, 2)
	require.Equal(t, 1, re.Rows[0].Index)
	require.Equal(t, NegativeDowntime, re.Rows[0].Problem)
	require.Equal(t, 2, re.Rows[1].Index)
	require.Equal(t, NonPositiveLength, re.Rows[1].Problem)
	require.Equal(t, "2 bad row(s); row 1: negative downtime; row 2: day length not positive", err.Error())

	var acc PeriodUptime
	for i := range days {
		_ = acc.Add(&days[i])
	}
	require.True(t, acc.Percent().Equal(got))
	rej := acc.Rejected()
	require.Equal(t, uint64(2), rej.Total())
	require.Equal(t, uint64(1), rej[NegativeDowntime])
	require.True(t, errors.Is(acc.Add(&days[2]), NonPositiveLength))

	pages := []DailyPages{{TTLB: time.Second, Pages: 0}}
	v, err := MeanPerPageMs(pages)
	require.False(t, v.OK())
	require.ErrorIs(t, err, TTLBWithoutPages)
	empty, err := PeriodUptimePercent(nil)
	require.NoError(t, err)
	require.False(t, empty.OK())
}

// accumulator is the shape every roll-up accumulator has.
type accumulator[R any, A comparable] interface {
	*A
	Add(*R) error
	Merge(*A)
	Reset()
}

// checkMergeable checks, for one drawn input: the accumulator over all rows
// gives want; any split merged in any order gives the same state; Merge
// leaves its argument unchanged; the zero value is the identity on both
// sides; Reset empties.
func checkMergeable[R any, A comparable, P accumulator[R, A]](t *rapid.T, rows []R, result func(*A) kpi.Ratio, want kpi.Ratio) {
	var whole A
	for i := range rows {
		_ = P(&whole).Add(&rows[i])
	}
	require.True(t, result(&whole).Equal(want), "accumulator %s, reference %s", result(&whole), want)

	// Any split: cut points, one accumulator per part.
	k := rapid.IntRange(1, 5).Draw(t, "parts")
	cuts := []int{0}
	for i := 1; i < k; i++ {
		cuts = append(cuts, rapid.IntRange(cuts[len(cuts)-1], len(rows)).Draw(t, "cut"))
	}
	cuts = append(cuts, len(rows))
	parts := make([]A, k)
	for i := range k {
		for j := cuts[i]; j < cuts[i+1]; j++ {
			_ = P(&parts[i]).Add(&rows[j])
		}
	}
	// Any merge order; the argument is unchanged.
	order := make([]int, k)
	for i := range order {
		order[i] = i
	}
	var merged A
	for _, i := range rapid.Permutation(order).Draw(t, "order") {
		before := parts[i]
		P(&merged).Merge(&parts[i])
		require.Equal(t, before, parts[i], "Merge changed its argument")
	}
	require.Equal(t, whole, merged)

	// Associativity on three parts: (a+b)+c == a+(b+c).
	if k >= 3 {
		ab := parts[0]
		P(&ab).Merge(&parts[1])
		P(&ab).Merge(&parts[2])
		bc := parts[1]
		P(&bc).Merge(&parts[2])
		a := parts[0]
		P(&a).Merge(&bc)
		require.Equal(t, ab, a)
	}

	// Zero value: identity on both sides.
	var zero A
	x := whole
	P(&x).Merge(&zero)
	require.Equal(t, whole, x)
	y := zero
	P(&y).Merge(&whole)
	require.Equal(t, whole, y)

	P(&x).Reset()
	require.Equal(t, zero, x)
}

func drawDowntime(t *rapid.T) []DailyDowntime {
	return rapid.SliceOfN(rapid.Custom(func(t *rapid.T) DailyDowntime {
		r := DailyDowntime{
			Date:     kpi.Date(rapid.IntRange(19000, 19100).Draw(t, "date")),
			Downtime: time.Duration(rapid.Int64Range(0, int64(26*time.Hour)).Draw(t, "downtime")),
			Length:   rapid.SampledFrom([]time.Duration{23 * time.Hour, 24 * time.Hour, 25 * time.Hour}).Draw(t, "length"),
		}
		switch rapid.IntRange(0, 15).Draw(t, "bad") {
		case 0:
			r.Downtime = -time.Duration(rapid.Int64Range(1, int64(time.Hour)).Draw(t, "neg"))
		case 1:
			r.Length = -time.Duration(rapid.Int64Range(0, int64(time.Hour)).Draw(t, "len"))
		}
		return r
	}), 0, 60).Draw(t, "days")
}

func drawPages(t *rapid.T) []DailyPages {
	return rapid.SliceOfN(rapid.Custom(func(t *rapid.T) DailyPages {
		r := DailyPages{
			Endpoint: rapid.SampledFrom([]string{"GET /accounts", "GET /accounts/{AccountID}/transactions"}).Draw(t, "endpoint"),
			TTLB:     time.Duration(rapid.Int64Range(0, 1<<62).Draw(t, "ttlb")),
			Pages:    rapid.Uint64Range(0, 1<<40).Draw(t, "pages"),
		}
		if rapid.IntRange(0, 15).Draw(t, "bad") == 0 {
			r.TTLB = -time.Duration(rapid.Int64Range(1, 1000).Draw(t, "neg"))
		}
		return r
	}), 0, 60).Draw(t, "rows")
}

// problemsOf counts the reference's bad rows by problem, to compare with
// an accumulator's Rejected.
func problemsOf(t require.TestingT, err error) RowRejections {
	var r RowRejections
	if err == nil {
		return r
	}
	var re *RowsError
	require.ErrorAs(t, err, &re)
	for _, e := range re.Rows {
		r.Add(e.Problem)
	}
	return r
}

// Rule AV-PCT-2 property: PeriodUptime equals PeriodUptimePercent on any
// rows (bad ones included: same result, same rejection counts), any
// split, any merge order; zero value identity; argument unchanged.
func TestAVPCT2AccumulatorMatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		days := drawDowntime(t)
		want, err := PeriodUptimePercent(days)
		checkMergeable[DailyDowntime, PeriodUptime](t, days, (*PeriodUptime).Percent, want)
		var acc PeriodUptime
		for i := range days {
			_ = acc.Add(&days[i])
		}
		require.Equal(t, problemsOf(t, err), acc.Rejected())
		if want.OK() {
			require.True(t, want.CmpDecimal(decimal.Zero) >= 0, "uptime below 0 %%")
			require.True(t, want.Cmp(kpi.RatioOfInt(100)) <= 0, "uptime above 100 %%")
		}
	})
}

// PF-PAGE-1 roll-up property: PageLatency equals MeanPerPageMs.
func TestPFPageAccumulatorMatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rows := drawPages(t)
		want, err := MeanPerPageMs(rows)
		checkMergeable[DailyPages, PageLatency](t, rows, (*PageLatency).MeanPerPageMs, want)
		var acc PageLatency
		for i := range rows {
			_ = acc.Add(&rows[i])
		}
		require.Equal(t, problemsOf(t, err), acc.Rejected())
	})
}

// Monthly calls property: CallVolume equals TotalCalls, sums past 2^64
// included.
func TestCallVolumeMatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rows := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) DailyCalls {
			return DailyCalls{Calls: rapid.Uint64().Draw(t, "calls")}
		}), 0, 40).Draw(t, "rows")
		checkMergeable[DailyCalls, CallVolume](t, rows, (*CallVolume).Total, TotalCalls(rows))
	})
}

// Add, Merge and Reset never allocate, bad rows included.
func TestRollupAllocs(t *testing.T) {
	good := DailyDowntime{Downtime: time.Hour, Length: 24 * time.Hour}
	bad := DailyDowntime{Downtime: -1, Length: 24 * time.Hour}
	var u, u2 PeriodUptime
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = u.Add(&good) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = u.Add(&bad) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { u2.Merge(&u) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { u2.Reset() }))

	pg := DailyPages{TTLB: time.Second, Pages: 2}
	pb := DailyPages{TTLB: time.Second}
	var p, p2 PageLatency
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = p.Add(&pg) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = p.Add(&pb) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { p2.Merge(&p) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { p2.Reset() }))

	c := DailyCalls{Calls: 7}
	var v, v2 CallVolume
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = v.Add(&c) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { v2.Merge(&v) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { v2.Reset() }))

	prof := CBUAE()
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = prof.InGroup(GroupBankData, "GET /accounts") }))
}
