package sum

import (
	"math"
	"testing"

	"github.com/openfinance-kpi/kpi/internal/u128"
	"github.com/stretchr/testify/require"
)

func TestAdder(t *testing.T) {
	var a Adder
	require.Equal(t, uint64(5), a.Add(2, 3))
	require.False(t, a.Overflow)
	a.Add(math.MaxUint64, 1) // 2^64 does not fit
	require.True(t, a.Overflow)

	var b Adder
	// (2^64 − 1) + 1 carries into Hi: 2^64 = {Hi 1, Lo 0}.
	require.Equal(t, u128.U128{Hi: 1}, b.Add128(u128.From(math.MaxUint64), u128.From(1)))
	require.False(t, b.Overflow)
	b.Add128(u128.U128{Hi: math.MaxUint64}, u128.U128{Hi: 1}) // 2^128
	require.True(t, b.Overflow)
}

func TestIntoAllOrNothing(t *testing.T) {
	dst := []uint64{1, 2, math.MaxUint64 - 1}
	require.True(t, Into(dst, []uint64{10, 20, 1}))
	require.Equal(t, []uint64{11, 22, math.MaxUint64}, dst)
	require.False(t, Fits(dst, []uint64{1, 1, 1}))
	require.False(t, Into(dst, []uint64{1, 1, 1}), "the last sum is 2^64")
	require.Equal(t, []uint64{11, 22, math.MaxUint64}, dst, "unchanged: the first two were not added")
}
