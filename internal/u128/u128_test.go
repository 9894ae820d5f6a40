package u128

import (
	"math"
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func TestCarry(t *testing.T) {
	a := From(math.MaxUint64)
	a.Add64(1)
	require.Equal(t, U128{Hi: 1, Lo: 0}, a)
	want, _ := new(big.Int).SetString("18446744073709551616", 10)
	require.Zero(t, want.Cmp(a.Big()))
}

// A quarter (92 days) of 1e9 calls a day at 120 ms each: 1.104e19 ns, which
// overflows int64 (kpi's EXACT).
func TestQuarterAtScale(t *testing.T) {
	var sum U128
	perDay := uint64(1_000_000_000) * uint64(120_000_000) // 1.2e17 ns
	for range 92 {
		sum.Add64(perDay)
	}
	require.Equal(t, "11040000000000000000", sum.Big().String())
	require.Equal(t, 1, sum.Cmp(From(math.MaxInt64)))
}

func TestAddMatchesBig(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		vs := rapid.SliceOf(rapid.Uint64()).Draw(t, "vs")
		var a U128
		want := new(big.Int)
		for _, v := range vs {
			a.Add64(v)
			want.Add(want, new(big.Int).SetUint64(v))
		}
		if want.Cmp(a.Big()) != 0 {
			t.Fatalf("sum %v, want %v", a.Big(), want)
		}
		var b U128
		b.Add(a)
		b.Add(a)
		if new(big.Int).Mul(want, big.NewInt(2)).Cmp(b.Big()) != 0 {
			t.Fatalf("double %v", b.Big())
		}
	})
}
