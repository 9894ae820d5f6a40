package exact

import (
	"math"
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		num, den int64
		places   int
		want     string
	}{
		{1, 3, 3, "0.333"},
		{2, 3, 3, "0.667"},
		{1, 8, 2, "0.13"},    // 0.125: half away from zero goes up
		{-1, 8, 2, "-0.13"},  // and down for negatives
		{1, 400, 2, "0.00"},  // 0.0025 rounds to 0.00 at 2 places
		{-1, 400, 2, "0.00"}, // no "-0.00"
		{5, 2, 0, "3"},
		{-5, 2, 0, "-3"},
		{999995, 10000, 3, "100.000"}, // 99.9995: the half goes up
		{999996, 10000, 3, "100.000"}, // 99.9996
		{999994, 10000, 3, "99.999"},
		{7, 1, 3, "7.000"},
		{0, 1, 3, "0.000"},
		// kpi's EXACT: 99.4996 % presents as 99.500.
		{994996, 10000, 3, "99.500"},
	} {
		got := Format(big.NewRat(tc.num, tc.den), tc.places)
		require.Equal(t, tc.want, got, "%d/%d at %d places", tc.num, tc.den, tc.places)
	}
}

// Format's 64-bit path gives what the big.Int path gives, on any
// numerator and denominator that fit (and on the edges: a quotient at the
// top of 64 bits, 19 places), and Format falls back to it for the rest.
func TestFormatSmallAgreesWithBig(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		num := rapid.OneOf(rapid.Uint64(), rapid.Uint64Range(0, 1000), rapid.Just(uint64(math.MaxUint64))).Draw(t, "num")
		den := rapid.OneOf(rapid.Uint64Range(1, math.MaxUint64), rapid.Uint64Range(1, 1000), rapid.Just(uint64(1))).Draw(t, "den")
		places := rapid.IntRange(-1, 22).Draw(t, "places")
		neg := rapid.Bool().Draw(t, "neg")
		r := new(big.Rat).SetFrac(new(big.Int).SetUint64(num), new(big.Int).SetUint64(den))
		if neg {
			r.Neg(r)
		}
		p := max(places, 0)
		want := formatBig(r, p)
		require.Equal(t, want, Format(r, places))
		if s, ok := formatSmall(r, p); ok {
			require.Equal(t, want, s)
		}
	})
}

// The 64-bit path by hand: 1/3 at 3 places is 333 rem 1 (1000 = 3·333 +
// 1; 2·1 < 3: down); 5/1000 at 3 places is 5, padded to "0.005"; 2^64−1
// at 0 places is the largest quotient; at 1 place it does not fit (the
// big path answers).
func TestFormatSmallEdges(t *testing.T) {
	s, ok := formatSmall(big.NewRat(1, 3), 3)
	require.True(t, ok)
	require.Equal(t, "0.333", s)
	s, ok = formatSmall(big.NewRat(-5, 1000), 3)
	require.True(t, ok)
	require.Equal(t, "-0.005", s)
	s, ok = formatSmall(big.NewRat(-1, 1000), 2)
	require.True(t, ok)
	require.Equal(t, "0.00", s, "no sign on a value that rounds to zero")
	maxU := new(big.Rat).SetInt(new(big.Int).SetUint64(math.MaxUint64))
	s, ok = formatSmall(maxU, 0)
	require.True(t, ok)
	require.Equal(t, "18446744073709551615", s)
	_, ok = formatSmall(maxU, 1)
	require.False(t, ok)
	require.Equal(t, "18446744073709551615.0", Format(maxU, 1))
}
