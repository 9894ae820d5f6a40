package benchmark

import (
	"math/big"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// FuzzRollupAdd feeds arbitrary rows to the roll-up accumulators: no
// panic; every row is either counted or rejected (never both, never
// neither); uptime stays within [0, 100] %; merging into the zero value
// reproduces the state.
func FuzzRollupAdd(f *testing.F) {
	f.Add(int64(time.Hour), int64(24*time.Hour), int64(time.Second), uint64(3), uint64(10))
	f.Add(int64(-1), int64(0), int64(-1), uint64(0), uint64(0))
	f.Add(int64(1<<62), int64(1), int64(1<<62), uint64(1<<63), ^uint64(0))
	f.Fuzz(func(t *testing.T, downtime, length, ttlb int64, pages, calls uint64) {
		var u PeriodUptime
		var p PageLatency
		var c CallVolume
		d := DailyDowntime{Downtime: time.Duration(downtime), Length: time.Duration(length)}
		r := DailyPages{TTLB: time.Duration(ttlb), Pages: pages}
		for range 3 {
			errU := u.Add(&d)
			require.Equal(t, CheckDowntime(&d) != RowOK, errU != nil)
			errP := p.Add(&r)
			require.Equal(t, CheckPages(&r) != RowOK, errP != nil)
			require.NoError(t, c.Add(&DailyCalls{Calls: calls}))
		}
		if CheckDowntime(&d) == RowOK {
			require.Zero(t, u.Rejected().Total())
			v := u.Percent()
			require.True(t, v.OK())
			require.GreaterOrEqual(t, v.Cmp(kpi.RatioOfInt(0)), 0)
			require.LessOrEqual(t, v.Cmp(kpi.RatioOfInt(100)), 0)
		} else {
			require.Equal(t, uint64(3), u.Rejected().Total())
			require.False(t, u.Percent().OK())
		}
		if CheckPages(&r) != RowOK {
			require.Equal(t, uint64(3), p.Rejected().Total())
		}
		// 3 * calls, exactly, past 2^64 too.
		want := new(big.Int).Mul(new(big.Int).SetUint64(calls), big.NewInt(3))
		require.True(t, c.Total().Equal(kpi.RatioOfBig(want, big.NewInt(1))))

		var u2 PeriodUptime
		u2.Merge(&u)
		require.Equal(t, u, u2)
	})
}

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
		case NoData:
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
