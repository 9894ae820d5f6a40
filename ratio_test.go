package kpi

import (
	"math/big"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// Rule EXACT: 99.4996 % presents as 99.500 but compares as less than 99.5.
func TestRatioPresentsButComparesExactly(t *testing.T) {
	x := RatioOf(994996, 10000)
	require.Equal(t, "99.500", x.Format(3))
	require.Equal(t, "99.500", x.String())
	require.Equal(t, -1, x.CmpDecimal(decimal.RequireFromString("99.5")))
	r, ok := x.Round(3)
	require.True(t, ok)
	require.Equal(t, "99.5", r.String())
	require.Equal(t, 0, RatioOf(995, 10).CmpDecimal(decimal.RequireFromString("99.5")))
}

func TestNoData(t *testing.T) {
	require.False(t, RatioOf(5, 0).OK())
	require.False(t, NoData.OK())
	require.Equal(t, "", NoData.Format(3))
	require.Equal(t, "no data", NoData.String())
	require.True(t, NoData.Equal(RatioOf(1, 0)))
	require.False(t, NoData.Equal(RatioOf(0, 1)), "no data is not 0")
	require.Nil(t, NoData.Rat())
	_, ok := NoData.Float64()
	require.False(t, ok)
	require.False(t, RatioOf(1, 2).Sub(NoData).OK())
}

func TestRatioArithmetic(t *testing.T) {
	a := RatioOfBig(big.NewInt(1), big.NewInt(3))
	b := RatioOfRat(big.NewRat(1, 6))
	require.Equal(t, "0.167", a.Sub(b).Format(3))
	require.Equal(t, 1, a.Cmp(b))
	require.Equal(t, -1, NoData.Cmp(b))
	require.Equal(t, "-7", RatioOfInt(-7).Format(0))
	f, ok := RatioOf(1, 4).Float64()
	require.True(t, ok)
	require.Equal(t, 0.25, f)
	// Rat returns a copy: changing it does not change the Ratio.
	r := a.Rat()
	r.SetInt64(9)
	require.Equal(t, "0.333", a.Format(3))
}

func TestPercentOf(t *testing.T) {
	require.Equal(t, "33.333", PercentOf(1, 3).Format(3)) // 100/3
	require.Equal(t, "200.000", PercentOf(2, 1).Format(3))
	require.False(t, PercentOf(1, 0).OK(), "no denominator: no data, not 0 %")
	// 100 × (2^64 − 1) does not overflow: it is formed in big.Int.
	require.Equal(t, "1844674407370955161500", PercentOf(1<<64-1, 1).Format(0))
}
