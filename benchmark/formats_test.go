package benchmark

import (
	"fmt"
	"testing"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
)

// Rule RG-FORMAT-1, by hand.
func TestCDRRateString(t *testing.T) {
	for _, c := range []struct {
		num, den uint64 // the percentage num/den
		places   int
		want     string
	}{
		{995, 10, 3, "0.995"},                  // 99.5 % -> 0.995
		{100, 1, 1, "1.0"},                     // 100 %
		{0, 1, 2, "0.00"},                      // 0 %
		{19999999, 200000, 6, "1.000000"},      // 99.999995 % = 0.99999995 -> rounds up at 6 places
		{2, 3, 6, "0.006667"},                  // 2/3 % = 0.0066666… -> 0.006667
		{99_999_949, 1_000_000, 6, "0.999999"}, // 99.999949 % = 0.99999949: the 7th digit is 4, down
	} {
		got, err := CDRRateString(kpi.RatioOf(c.num, c.den), c.places)
		require.NoError(t, err)
		require.Equal(t, c.want, got, "%d/%d", c.num, c.den)
	}
	// 0.9999995 exactly (99.99995 %): the half rounds away from zero.
	got, err := CDRRateString(kpi.RatioOf(9999995, 100000), 6)
	require.NoError(t, err)
	require.Equal(t, "1.000000", got)
	_, err = CDRRateString(kpi.NoData, 3)
	require.ErrorIs(t, err, ErrNoValue)
	_, err = CDRRateString(kpi.RatioOfInt(-1), 3)
	require.ErrorIs(t, err, ErrRateRange)
	_, err = CDRRateString(kpi.RatioOfInt(1), 17)
	require.ErrorIs(t, err, ErrPlaces)
}

func TestOFBRate(t *testing.T) {
	// 575/6 % = 0.958333… -> 0.958333; 100 % -> 1.000000; 0 -> 0.000000;
	// 99.99995 % = 0.9999995 -> 1.000000 (half away from zero).
	for _, c := range []struct {
		r    kpi.Ratio
		want string
	}{
		{kpi.RatioOf(575, 6), "0.958333"},
		{kpi.RatioOfInt(100), "1.000000"},
		{kpi.RatioOfInt(0), "0.000000"},
		{kpi.RatioOf(9999995, 100000), "1.000000"},
		{kpi.RatioOf(9999994, 100000), "0.999999"},
	} {
		got, err := OFBRate(c.r)
		require.NoError(t, err)
		require.Equal(t, c.want, got)
		require.Regexp(t, `^\d{1}\.\d{6}$`, got)
	}
	_, err := OFBRate(kpi.RatioOf(100001, 1000))
	require.ErrorIs(t, err, ErrRateRange)
	_, err = OFBRate(kpi.NoData)
	require.ErrorIs(t, err, ErrNoValue)
}

// Rule RG-FORMAT-1: Open Finance Brasil's d.dddddd and CDR's RateString
// from one exact percentage, 575/6 % (95.8333…).
func ExampleOFBRate() {
	share := kpi.RatioOf(575, 6)
	ofb, _ := OFBRate(share)
	cdr, _ := CDRRateString(share, 4)
	fmt.Println(ofb, cdr)
	// Output:
	// 0.958333 0.9583
}
