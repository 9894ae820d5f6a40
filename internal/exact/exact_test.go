package exact

import (
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"
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
