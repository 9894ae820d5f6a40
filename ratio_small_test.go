package kpi

import (
	"math"
	"math/big"
	"testing"

	"github.com/openfinance-kpi/kpi/internal/exact"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// genU64 draws a count: small, any, or at the top of 64 bits.
func genU64() *rapid.Generator[uint64] {
	return rapid.OneOf(rapid.Uint64Range(0, 1000), rapid.Uint64(), rapid.Uint64Range(math.MaxUint64-3, math.MaxUint64))
}

// bigRat is num/den (den > 0) as the big.Rat the first releases held.
func bigRat(num, den uint64, neg bool) *big.Rat {
	r := new(big.Rat).SetFrac(new(big.Int).SetUint64(num), new(big.Int).SetUint64(den))
	if neg {
		r.Neg(r)
	}
	return r
}

// A Ratio held as a 64-bit fraction answers every method as the big.Rat
// of its value does, and each value has one form whatever constructor
// built it (== and require.Equal agree with Equal).
func TestRatioSmallAgreesWithBig(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n1, n2 := genU64().Draw(t, "n1"), genU64().Draw(t, "n2")
		d1, d2 := max(genU64().Draw(t, "d1"), 1), max(genU64().Draw(t, "d2"), 1)
		neg := rapid.Bool().Draw(t, "neg")
		places := rapid.IntRange(-1, 21).Draw(t, "places")
		x, y := RatioOf(n1, d1), RatioOf(n2, d2)
		bx, by := bigRat(n1, d1, false), bigRat(n2, d2, false)
		require.Equal(t, bx.Cmp(by), x.Cmp(y))
		require.Equal(t, bx.Cmp(by) == 0, x.Equal(y))
		require.Equal(t, bx.Cmp(by) == 0, x == y, "one form per value")
		require.Equal(t, exact.Format(bx, places), x.Format(places))
		require.Equal(t, 0, bx.Cmp(x.Rat()))
		f, _ := bx.Float64()
		got, ok := x.Float64()
		require.True(t, ok)
		require.Equal(t, f, got)
		// The other constructors give the same form for the same value.
		require.Equal(t, x, RatioOfBig(new(big.Int).SetUint64(n1), new(big.Int).SetUint64(d1)))
		require.Equal(t, x, RatioOfRat(bx))
		d := x.Sub(y)
		require.Equal(t, RatioOfRat(new(big.Rat).Sub(bx, by)), d)
		require.Equal(t, 0, new(big.Rat).Sub(bx, by).Cmp(d.Rat()))
		// A negative value is held as a big.Rat, and formats the same.
		nb := bigRat(n1, d1, neg)
		nx := RatioOfRat(nb)
		require.Equal(t, exact.Format(nb, places), nx.Format(places))
		require.Equal(t, nb.Cmp(by), nx.Cmp(y))
		// PercentOf: 100·n1/d1, past 64 bits too.
		p := new(big.Rat).Mul(bx, big.NewRat(100, 1))
		require.Equal(t, RatioOfRat(p), PercentOf(n1, d1))
	})
}

// By hand: 2/4 is held reduced, as 1/2, so it is == RatioOf(1, 2); 3/4 −
// 1/4 = 1/2 too; 0/7 is 0/1; RatioOfInt(-3) is −3 (a big.Rat form).
func TestRatioOneForm(t *testing.T) {
	require.Equal(t, RatioOf(1, 2), RatioOf(2, 4))
	require.Equal(t, Ratio{num: 1, den: 2}, RatioOf(2, 4))
	require.Equal(t, RatioOf(1, 2), RatioOf(3, 4).Sub(RatioOf(1, 4)))
	require.Equal(t, Ratio{num: 0, den: 1}, RatioOf(0, 7))
	require.True(t, RatioOf(0, 7).OK())
	require.Equal(t, "-3.00", RatioOfInt(-3).Format(2))
	require.Equal(t, -1, RatioOfInt(-3).Cmp(RatioOf(0, 1)))
	require.Equal(t, RatioOfInt(3), RatioOf(6, 2))
	require.False(t, NoData.OK())
	require.Equal(t, NoData, RatioOf(1, 0))
	require.Equal(t, NoData, RatioOfRat(nil))
}

// Building and formatting a 64-bit Ratio allocates only the string.
func TestRatioSmallAllocs(t *testing.T) {
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = PercentOf(99, 100) }))
	x := RatioOf(994996, 10000)
	require.Equal(t, 1.0, testing.AllocsPerRun(100, func() { _ = x.Format(3) }))
}
