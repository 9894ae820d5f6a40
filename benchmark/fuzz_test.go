package benchmark

import (
	"math/big"
	"testing"

	"github.com/openfinance-kpi/kpi"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// FuzzJudge: no panic on any value and threshold; PASS only with a
// margin on the inside, FAIL only with one on the outside or on a strict
// threshold.
func FuzzJudge(f *testing.F) {
	f.Add(int64(994996), int64(10000), int64(995), int32(-1), uint8(1))
	f.Add(int64(500), int64(1), int64(500), int32(0), uint8(3))
	f.Add(int64(0), int64(0), int64(0), int32(0), uint8(0))
	f.Fuzz(func(t *testing.T, num, den, thr int64, exp int32, cmp uint8) {
		if exp < -30 || exp > 30 {
			exp %= 30
		}
		measured := kpi.NoData
		if den != 0 {
			measured = kpi.RatioOfRat(big.NewRat(num, den))
		}
		tg := Target{KPI: AvgTTLBMs, Cmp: Comparison(cmp), Threshold: decimal.New(thr, exp)}
		v, margin := tg.Judge(measured)
		switch v {
		case Unjudged:
			require.True(t, !measured.OK() || !tg.Cmp.Valid())
			require.False(t, margin.OK())
		case Pass:
			s := margin.Rat().Sign()
			require.True(t, s > 0 || (s == 0 && !tg.Cmp.Strict()))
		case Fail:
			s := margin.Rat().Sign()
			require.True(t, s < 0 || (s == 0 && tg.Cmp.Strict()))
		default:
			t.Fatalf("verdict %d", v)
		}
		_ = Finding{Target: tg, Measured: measured, Verdict: v, Margin: margin}.String()
	})
}
