package benchmark

import (
	"bufio"
	"math/big"
	"os"
	"strings"
	"testing"

	"github.com/openfinance-kpi/kpi"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func parseCmp(t testing.TB, s string) Comparison {
	for c := AtLeast; c < numComparisons; c++ {
		if c.String() == s {
			return c
		}
	}
	t.Fatalf("unknown comparison %q", s)
	return 0
}

func rat(t testing.TB, s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	require.True(t, ok, "bad rational %q", s)
	return r
}

// Rule BM-2: the boundary scenarios of testdata/BM-2-boundaries.txt, each
// with a verdict and margin derived by hand.
func TestBM2Boundaries(t *testing.T) {
	f, err := os.Open("testdata/BM-2-boundaries.txt")
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Split(line, "|")
		require.Len(t, fields, 7, line)
		for i := range fields {
			fields[i] = strings.TrimSpace(fields[i])
		}
		name := fields[0]
		t.Run(name, func(t *testing.T) {
			tg := Target{ID: "t", KPI: AvgTTLBMs, Cmp: parseCmp(t, fields[2]), Threshold: decimal.RequireFromString(fields[3])}
			verdict, margin := tg.Judge(kpi.RatioOfRat(rat(t, fields[4])))
			require.Equal(t, fields[5], verdict.String())
			require.True(t, margin.Equal(kpi.RatioOfRat(rat(t, fields[6]))), "margin %s, want %s", margin.Rat(), fields[6])
		})
		n++
	}
	require.NoError(t, sc.Err())
	require.GreaterOrEqual(t, n, 10)
}

// Rule BM-2: 99.4996 % prints as 99.500 at 3 places but still fails
// ">= 99.5 %" (kpi's EXACT), and the printed margin keeps its sign.
func TestBM2ExactNotRounded(t *testing.T) {
	tg := CBUAE().Targets[0] // uptime >= 99.5
	measured := kpi.RatioOf(994996, 10000)
	require.Equal(t, "99.500", measured.Format(3))
	v, margin := tg.Judge(measured)
	require.Equal(t, Fail, v)
	// margin = 99.4996 - 99.5 = -0.0004
	require.True(t, margin.Equal(kpi.RatioOfRat(big.NewRat(-4, 10000))))
	f := Finding{Target: tg, Scope: Interface(), Period: kpi.Period{First: 19792, Last: 19792}, Measured: measured, Verdict: v, Margin: margin}
	require.Equal(t, "FAIL cbuae.uptime interface 2024-03-10: 99.500 % >= 99.5 % (margin -0.000 %)", f.String())
}

// Rule BM-2: no data is never a pass, whatever the comparison.
func TestBM2NoDataNeverPasses(t *testing.T) {
	for c := AtLeast; c < numComparisons; c++ {
		v, margin := Target{KPI: UptimePercent, Cmp: c, Threshold: decimal.NewFromInt(0)}.Judge(kpi.NoData)
		require.Equal(t, Unjudged, v, c.String())
		require.False(t, margin.OK())
	}
	// An invalid comparison judges nothing either.
	v, _ := Target{KPI: UptimePercent}.Judge(kpi.RatioOfInt(100))
	require.Equal(t, Unjudged, v)
	require.Equal(t, Unjudged, Verdict(0), "the zero Verdict is Unjudged, NO DATA")
}

// Rule BM-2 property: the verdict agrees with an exact big.Rat comparison
// written independently here, the margin is the exact signed distance,
// and its sign agrees with the verdict.
func TestBM2JudgeProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		num := rapid.Int64Range(-2_000_000, 2_000_000).Draw(t, "num")
		den := rapid.Int64Range(1, 10_000).Draw(t, "den")
		thrUnscaled := rapid.Int64Range(-2_000_000, 2_000_000).Draw(t, "thr")
		thrExp := rapid.Int32Range(-4, 2).Draw(t, "exp")
		cmp := rapid.SampledFrom([]Comparison{AtLeast, Above, AtMost, Below}).Draw(t, "cmp")
		thr := decimal.New(thrUnscaled, thrExp)
		m := big.NewRat(num, den)

		// Reference: plain big.Rat arithmetic.
		th := new(big.Rat).SetFrac(big.NewInt(thrUnscaled), big.NewInt(1))
		if thrExp < 0 {
			th.Quo(th, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-thrExp)), nil)))
		} else {
			th.Mul(th, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(thrExp)), nil)))
		}
		var pass bool
		var wantMargin *big.Rat
		switch cmp {
		case AtLeast:
			pass, wantMargin = m.Cmp(th) >= 0, new(big.Rat).Sub(m, th)
		case Above:
			pass, wantMargin = m.Cmp(th) > 0, new(big.Rat).Sub(m, th)
		case AtMost:
			pass, wantMargin = m.Cmp(th) <= 0, new(big.Rat).Sub(th, m)
		case Below:
			pass, wantMargin = m.Cmp(th) < 0, new(big.Rat).Sub(th, m)
		}
		want := Fail
		if pass {
			want = Pass
		}

		v, margin := Target{KPI: AvgTTLBMs, Cmp: cmp, Threshold: thr}.Judge(kpi.RatioOfRat(m))
		require.Equal(t, want, v)
		require.Zero(t, margin.Rat().Cmp(wantMargin))
		s := margin.Rat().Sign()
		if v == Pass {
			require.True(t, s > 0 || (s == 0 && !cmp.Strict()), "PASS with margin %s", margin.Rat())
		} else {
			require.True(t, s < 0 || (s == 0 && cmp.Strict()), "FAIL with margin %s", margin.Rat())
		}
	})
}

func TestComparisonStrings(t *testing.T) {
	require.Equal(t, ">=", AtLeast.String())
	require.Equal(t, ">", Above.String())
	require.Equal(t, "<=", AtMost.String())
	require.Equal(t, "<", Below.String())
	require.Equal(t, "Comparison(0)", Comparison(0).String())
	require.Equal(t, "PASS", Pass.String())
	require.Equal(t, "FAIL", Fail.String())
	require.Equal(t, "NO DATA", Unjudged.String())
	require.Equal(t, "%", UptimePercent.Unit())
	require.Equal(t, "ms", AvgTTLBPerPageMs.Unit())
	require.Equal(t, "UptimePercent", UptimePercent.String())
	require.Equal(t, "", KPI(0).Unit())
	for k := KPI(1); k < numKPIs; k++ {
		require.NotEmpty(t, k.Unit(), k.String())
		require.NotEmpty(t, kpiInfo[k].name)
	}
}
