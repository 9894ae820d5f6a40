package benchmark

import (
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
)

// Rule BM-2: the periods under evaluation are sorted by first day, then by
// last day, so that for periods starting the same day the shorter comes
// first: 2025-01-01 (day), 2025-01 (month), 2025-Q1 (quarter), 2025
// (year), then 2025-01-02. They are covered in the reverse order.
func TestPeriodsStartingTheSameDay(t *testing.T) {
	d := kpi.DateOf(2025, 1, 1)
	want := []kpi.Period{
		{First: d, Last: d},
		kpi.Month(d),
		kpi.Quarter(d),
		{First: d, Last: kpi.DateOf(2025, 12, 31)},
		{First: d + 1, Last: d + 1},
	}
	var m Measurements
	for i := len(want) - 1; i >= 0; i-- {
		m.Cover(want[i])
	}
	require.Equal(t, want, m.Periods())
}

// Rule RG-FORMAT-1, the formats' guards at their exact limits: CDR's
// RateString holds 1 to 16 places (0 and 17 are ErrPlaces); a rate of
// exactly 0 % is "0.0" at 1 place, a rate just below 0 (−1/10^9 %) is
// ErrRateRange. Open Finance Brasil's rate holds 0 to 1: 100 % is
// "1.000000" and 0 % "0.000000", 100 % + 1/10^9 % and −1/10^9 % are
// ErrRateRange.
func TestFormatGuardsAtTheirLimits(t *testing.T) {
	half := kpi.RatioOfInt(50)
	for _, tc := range []struct {
		places int
		want   string
		err    error
	}{
		{0, "", ErrPlaces}, {1, "0.5", nil}, {16, "0.5000000000000000", nil}, {17, "", ErrPlaces},
	} {
		got, err := CDRRateString(half, tc.places)
		require.ErrorIs(t, err, tc.err, "places %d", tc.places)
		if tc.err == nil {
			require.NoError(t, err)
		}
		require.Equal(t, tc.want, got, "places %d", tc.places)
	}
	tiny := kpi.RatioOf(1, 1_000_000_000)
	zero := kpi.RatioOfInt(0)
	got, err := CDRRateString(zero, 1)
	require.NoError(t, err)
	require.Equal(t, "0.0", got)
	_, err = CDRRateString(zero.Sub(tiny), 6)
	require.ErrorIs(t, err, ErrRateRange)

	hundred := kpi.RatioOfInt(100)
	got, err = OFBRate(hundred)
	require.NoError(t, err)
	require.Equal(t, "1.000000", got)
	got, err = OFBRate(zero)
	require.NoError(t, err)
	require.Equal(t, "0.000000", got)
	_, err = OFBRate(kpi.RatioOfRat(new(big.Rat).Add(hundred.Rat(), tiny.Rat())))
	require.ErrorIs(t, err, ErrRateRange)
	_, err = OFBRate(zero.Sub(tiny))
	require.ErrorIs(t, err, ErrRateRange)
}
