package benchmark

import (
	"fmt"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

var (
	day10   = kpi.DateOf(2024, time.March, 10)
	day11   = kpi.DateOf(2024, time.March, 11)
	cofDom  = "GET /domestic-payment-consents/{ConsentId}/funds-confirmation"
	cofIntl = "GET /international-payment-consents/{ConsentId}/funds-confirmation"
)

func dayOf(d kpi.Date) kpi.Period { return kpi.Period{First: d, Last: d} }

func ms(v int64) kpi.Ratio { return kpi.RatioOfInt(v) }

// findingsOf returns the findings of target id.
func findingsOf(fs []Finding, id string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Target.ID == id {
			out = append(out, f)
		}
	}
	return out
}

// Rule BM-4 / BM-2: a CoF endpoint whose group average is 290 ms passes the
// 300 ms average but fails the 500 ms maximum with one call at 501 ms, and
// the failure names the endpoint.
func TestBM4CoFMaxFailsPerEndpoint(t *testing.T) {
	var m Measurements
	m.SetDay(AvgTTLBMs, Group(GroupCoF), day10, ms(290))
	m.SetDay(MaxTTLBMs, Endpoint(cofDom), day10, ms(501))
	m.SetDay(MaxTTLBMs, Endpoint(cofIntl), day10, ms(480))
	m.SetDay(MaxTTLBMs, Endpoint("GET /accounts/{AccountId}"), day10, ms(900)) // not CoF: ignored by the CoF target
	fs := Evaluate(CBB(), &m)

	avg := findingsOf(fs, "cbb.cof.avg-ttlb")
	require.Len(t, avg, 1)
	require.Equal(t, Pass, avg[0].Verdict)
	require.True(t, avg[0].Margin.Equal(ms(10)), "300 - 290 = 10 ms inside")

	mx := findingsOf(fs, "cbb.cof.max-ttlb")
	require.Len(t, mx, 2, "one finding per CoF endpoint measured")
	require.Equal(t, Endpoint(cofDom), mx[0].Scope, "byte order: domestic before international")
	require.Equal(t, Fail, mx[0].Verdict)
	require.True(t, mx[0].Margin.Equal(ms(-1)), "500 - 501 = -1 ms outside")
	require.Equal(t, Endpoint(cofIntl), mx[1].Scope)
	require.Equal(t, Pass, mx[1].Verdict)
	require.True(t, mx[1].Margin.Equal(ms(20)), "500 - 480 = 20 ms inside")
	require.Equal(t, "FAIL cbb.cof.max-ttlb endpoint "+cofDom+" 2024-03-10: 501.000 ms <= 500 ms (margin -1.000 ms)", mx[0].String())
}

// Rule BM-2: NO DATA findings for every kind of gap; none is a pass.
func TestBM2NoDataFindings(t *testing.T) {
	var m Measurements
	m.SetDay(AvgTTLBMs, Group(GroupPISP), day10, ms(700))
	m.SetDay(ErrorRatePercent, Interface(), day10, kpi.NoData) // ER-3: no requests
	fs := Evaluate(CBB(), &m)
	require.Len(t, fs, 6, "one finding per target: nothing silent")

	want := []struct {
		id, note string
		verdict  Verdict
		scope    Scope
		period   kpi.Period
	}{
		{"cbb.uptime", "no quarter period measured", Unjudged, Interface(), kpi.Period{}},
		{"cbb.pisp.avg-ttlb", "", Pass, Group(GroupPISP), dayOf(day10)},
		{"cbb.aisp.avg-ttlb-per-page", "not measured", Unjudged, Group(GroupAISP), dayOf(day10)},
		{"cbb.cof.avg-ttlb", "not measured", Unjudged, Group(GroupCoF), dayOf(day10)},
		{"cbb.cof.max-ttlb", "no endpoint measured", Unjudged, Group(GroupCoF), dayOf(day10)},
		{"cbb.error-rate", "no data", Unjudged, Interface(), dayOf(day10)},
	}
	for i, w := range want {
		f := fs[i]
		require.Equal(t, w.id, f.Target.ID)
		require.Equal(t, w.verdict, f.Verdict, w.id)
		require.Equal(t, w.note, f.Note, w.id)
		require.Equal(t, w.scope, f.Scope, w.id)
		require.Equal(t, w.period, f.Period, w.id)
		if f.Verdict == Unjudged {
			require.False(t, f.Margin.OK(), w.id)
		}
	}
	require.Equal(t, "NO DATA cbb.uptime interface -: no data, needs >= 99.5 % (no quarter period measured)", fs[0].String())

	// Covering the quarter turns the gap into a dated NO DATA finding.
	m.Cover(kpi.Quarter(day10))
	fs = Evaluate(CBB(), &m)
	up := findingsOf(fs, "cbb.uptime")
	require.Len(t, up, 1)
	require.Equal(t, "not measured", up[0].Note)
	require.Equal(t, "NO DATA cbb.uptime interface 2024-Q1: no data, needs >= 99.5 % (not measured)", up[0].String())
}

// Rule BM-2 / BM-5: the strict reading of the platform dashboard against the >= reading,
// one input, two verdicts derived by hand: 99.9 % is not "> 99.9%" but is
// ">= 99.9%".
func TestBM5StrictVersusInclusive(t *testing.T) {
	var m Measurements
	m.SetDay(UptimePercent, Interface(), day10, kpi.RatioOf(999, 10))
	p := Platform()
	f := findingsOf(Evaluate(p, &m), "platform.uptime")[0]
	require.Equal(t, Fail, f.Verdict)
	require.True(t, f.Margin.Equal(ms(0)))

	inclusive, _ := p.Target("platform.uptime")
	inclusive.Cmp = AtLeast
	f = findingsOf(Evaluate(p.WithTarget(inclusive), &m), "platform.uptime")[0]
	require.Equal(t, Pass, f.Verdict)
	require.True(t, f.Margin.Equal(ms(0)))
}

// Rule BM-3: CBUAE uptime per day (this package's reading) against per
// month (Target.Period = Monthly). The same measurements: 2024-03-10 had
// 99.4 % (a bad day), March as a whole 99.8 % (AV-PCT-2). Daily: FAIL
// by 99.4 - 99.5 = -0.1; monthly: PASS by 99.8 - 99.5 = +0.3.
func TestBM3UptimeDailyVersusMonthly(t *testing.T) {
	var m Measurements
	m.SetDay(UptimePercent, Interface(), day10, kpi.RatioOf(994, 10))
	m.Set(UptimePercent, Interface(), kpi.Month(day10), kpi.RatioOf(998, 10))

	daily := findingsOf(Evaluate(CBUAE(), &m), "cbuae.uptime")
	require.Len(t, daily, 1)
	require.Equal(t, dayOf(day10), daily[0].Period)
	require.Equal(t, Fail, daily[0].Verdict)
	require.True(t, daily[0].Margin.Equal(kpi.RatioOfRat(rat(t, "-1/10"))))

	tg, _ := CBUAE().Target("cbuae.uptime")
	tg.Period = Monthly
	monthly := findingsOf(Evaluate(CBUAE().WithTarget(tg), &m), "cbuae.uptime")
	require.Len(t, monthly, 1)
	require.Equal(t, kpi.Month(day10), monthly[0].Period)
	require.Equal(t, Pass, monthly[0].Verdict)
	require.True(t, monthly[0].Margin.Equal(kpi.RatioOfRat(rat(t, "3/10"))))
	require.Equal(t, "PASS cbuae.uptime interface 2024-03: 99.800 % >= 99.5 % (margin +0.300 %)", monthly[0].String())
}

// Rule BM-2: several days are judged in date order, whatever the order
// of Set.
func TestBM2PeriodsInOrder(t *testing.T) {
	var m Measurements
	m.SetDay(AvgTTLBMs, Group(GroupServiceInitiation), day11, ms(501))
	m.SetDay(AvgTTLBMs, Group(GroupServiceInitiation), day10, ms(500))
	fs := findingsOf(Evaluate(CBUAE(), &m), "cbuae.service-initiation.avg-ttlb")
	require.Len(t, fs, 2)
	require.Equal(t, dayOf(day10), fs[0].Period)
	require.Equal(t, Pass, fs[0].Verdict, "exactly 500 ms passes <= 500")
	require.Equal(t, dayOf(day11), fs[1].Period)
	require.Equal(t, Fail, fs[1].Verdict)
}

// Rule BM-2: an endpoint target without a group expands to every endpoint
// measured; an unusable target is reported, not skipped; the zero profile
// judges nothing.
func TestBM2ExpansionAndInvalid(t *testing.T) {
	p := Profile{Name: "bank", Targets: []Target{
		{ID: "max", KPI: MaxTTLBMs, Scope: ScopeEndpoint, Cmp: AtMost, Threshold: decimal.NewFromInt(1000), Source: "SLA"},
		{ID: "broken", KPI: AvgTTLBMs, Scope: ScopeGroup, Group: "missing", Cmp: AtMost, Source: "SLA"},
		{},
	}}
	var m Measurements
	m.SetDay(MaxTTLBMs, Endpoint("POST /b"), day10, ms(1001))
	m.SetDay(MaxTTLBMs, Endpoint("GET /a"), day10, ms(10))
	m.SetDay(MaxTTLBMs, Group("g"), day10, ms(5)) // a group figure is not an endpoint figure
	fs := Evaluate(p, &m)
	require.Len(t, fs, 4)
	require.Equal(t, Endpoint("GET /a"), fs[0].Scope)
	require.Equal(t, Pass, fs[0].Verdict)
	require.Equal(t, Endpoint("POST /b"), fs[1].Scope)
	require.Equal(t, Fail, fs[1].Verdict)
	require.Equal(t, Unjudged, fs[2].Verdict)
	require.Equal(t, `invalid target: group "missing" not in the catalogue`, fs[2].Note)
	require.Equal(t, Unjudged, fs[3].Verdict)
	require.Contains(t, fs[3].Note, "invalid target: invalid KPI")

	require.Nil(t, Evaluate(Profile{}, &m))
	fs = Evaluate(CBUAE(), nil)
	require.Len(t, fs, 4, "nil measurements: one NO DATA finding per target")
	for _, f := range fs {
		require.Equal(t, Unjudged, f.Verdict)
		require.Equal(t, "no day period measured", f.Note)
	}
}

func TestPeriodKinds(t *testing.T) {
	d := kpi.DateOf(2024, time.February, 29)
	for _, c := range []struct {
		kind PeriodKind
		want kpi.Period
		text string
	}{
		{Daily, dayOf(d), "2024-02-29"},
		{Monthly, kpi.Period{First: kpi.DateOf(2024, 2, 1), Last: kpi.DateOf(2024, 2, 29)}, "2024-02"},
		{Quarterly, kpi.Period{First: kpi.DateOf(2024, 1, 1), Last: kpi.DateOf(2024, 3, 31)}, "2024-Q1"},
		{Yearly, kpi.Period{First: kpi.DateOf(2024, 1, 1), Last: kpi.DateOf(2024, 12, 31)}, "2024"},
	} {
		p := PeriodOf(c.kind, d)
		require.Equal(t, c.want, p, c.kind.String())
		k, ok := KindOf(p)
		require.True(t, ok)
		require.Equal(t, c.kind, k)
		require.Equal(t, c.text, formatPeriod(p))
	}
	week := kpi.Week(d)
	_, ok := KindOf(week)
	require.False(t, ok, "an ISO week is no target's kind")
	require.Equal(t, "2024-02-26..2024-03-03", formatPeriod(week))

	// A week's figure is kept but judges no shipped target.
	var m Measurements
	m.Set(UptimePercent, Interface(), week, kpi.RatioOfInt(100))
	for _, f := range Evaluate(CBUAE(), &m) {
		require.Equal(t, Unjudged, f.Verdict)
	}
}

// sameFinding compares two findings by value (Ratios by exact value).
func sameFinding(t require.TestingT, a, b Finding) {
	require.Equal(t, a.Target.ID, b.Target.ID)
	require.Equal(t, a.Scope, b.Scope)
	require.Equal(t, a.Period, b.Period)
	require.Equal(t, a.Verdict, b.Verdict)
	require.Equal(t, a.Note, b.Note)
	require.True(t, a.Measured.Equal(b.Measured))
	require.True(t, a.Margin.Equal(b.Margin))
}

type setOp struct {
	k     KPI
	s     Scope
	d     kpi.Date
	v     kpi.Ratio
	month bool
}

// Rule BM-2 properties, on random measurements under each preset: the
// findings do not depend on the order of Set; each finding's verdict and
// margin are Target.Judge of its measured value; no target is silent; a
// NO DATA finding is never a pass and has no margin.
func TestBM2EvaluateProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := rapid.SampledFrom([]Profile{CBUAE(), CBB(), Platform()}).Draw(t, "profile")
		var kpis []KPI
		for _, tg := range p.Targets {
			kpis = append(kpis, tg.KPI)
		}
		scopes := []Scope{Interface(), Endpoint("GET /other")}
		for _, g := range p.GroupNames() {
			scopes = append(scopes, Group(g), Endpoint(p.Groups[g][0]))
		}
		n := rapid.IntRange(0, 25).Draw(t, "n")
		ops := make([]setOp, n)
		for i := range ops {
			ops[i] = setOp{
				k:     rapid.SampledFrom(kpis).Draw(t, "kpi"),
				s:     rapid.SampledFrom(scopes).Draw(t, "scope"),
				d:     day10 + kpi.Date(rapid.IntRange(0, 40).Draw(t, "day")),
				month: rapid.Bool().Draw(t, "month"),
			}
			if rapid.IntRange(0, 9).Draw(t, "nodata") > 0 {
				ops[i].v = kpi.RatioOf(rapid.Uint64Range(0, 200_000).Draw(t, "num"), rapid.Uint64Range(1, 200).Draw(t, "den"))
			}
		}
		// Later Sets overwrite earlier ones; keep the last op per key so
		// that any order gives the same measurements.
		key := func(op setOp) string {
			per := dayOf(op.d)
			if op.month {
				per = kpi.Month(op.d)
			}
			return fmt.Sprint(op.k, op.s, per)
		}
		last := map[string]int{}
		for i, op := range ops {
			last[key(op)] = i
		}
		apply := func(order []int) *Measurements {
			var m Measurements
			for _, i := range order {
				op := ops[i]
				if last[key(op)] != i {
					continue
				}
				per := dayOf(op.d)
				if op.month {
					per = kpi.Month(op.d)
				}
				m.Set(op.k, op.s, per, op.v)
			}
			return &m
		}
		order := make([]int, n)
		for i := range order {
			order[i] = i
		}
		a := Evaluate(p, apply(order))
		b := Evaluate(p, apply(rapid.Permutation(order).Draw(t, "order")))
		require.Len(t, b, len(a))
		for i := range a {
			sameFinding(t, a[i], b[i])
		}
		perTarget := map[string]int{}
		for _, f := range a {
			perTarget[f.Target.ID]++
			v, margin := f.Target.Judge(f.Measured)
			require.Equal(t, v, f.Verdict)
			require.True(t, margin.Equal(f.Margin))
			if f.Verdict == Unjudged {
				require.False(t, f.Margin.OK())
				require.NotEmpty(t, f.Note)
			} else {
				require.True(t, f.Measured.OK())
			}
		}
		for _, tg := range p.Targets {
			require.Positive(t, perTarget[tg.ID], "target %s is silent", tg.ID)
		}
	})
}
