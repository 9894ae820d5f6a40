package benchmark

import (
	"errors"
	"math/big"

	"github.com/openfinance-kpi/kpi"
)

// Rule RG-FORMAT-1: rates are written in each regulator's own format, from
// the EXACT value, rounded half away from zero only at the digit the
// format asks for. The library's percentages (kpi.Ratio, 0 to 100) become
// rates of 0 to 1 here.

// Errors of the format helpers.
var (
	// ErrNoValue: the value is NoData; a format has no spelling for it
	// (the caller leaves the field out or writes the regime's null).
	ErrNoValue = errors.New("benchmark: no data to format")
	// ErrRateRange: the rate is outside what the format can hold
	// (negative for CDR; outside 0 to 1 for Open Finance Brasil).
	ErrRateRange = errors.New("benchmark: rate outside the format's range")
	// ErrPlaces: CDR's RateString holds 1 to 16 digits after the point.
	ErrPlaces = errors.New("benchmark: places outside 1 to 16")
)

var hundred = big.NewRat(100, 1)

// rateOf returns percent / 100 as a Ratio.
func rateOf(percent kpi.Ratio) (kpi.Ratio, error) {
	r := percent.Rat()
	if r == nil {
		return kpi.NoData, ErrNoValue
	}
	return kpi.RatioOfRat(r.Quo(r, hundred)), nil
}

// CDRRateString writes a percentage as the Consumer Data Standards'
// RateString (the Get Metrics v5 availability and performance fields):
// 100 % is "1", written here with exactly places digits after the point
// (1 to 16, as the type allows), rounded half away from zero from the
// exact value. A negative value is ErrRateRange (v5's fields "Must be a
// positive value or zero"), NoData ErrNoValue. A rate that rounds up to 1
// is written "1.000…": a share of 99.99995 % at 6 places is "1.000000".
func CDRRateString(percent kpi.Ratio, places int) (string, error) {
	if places < 1 || places > 16 {
		return "", ErrPlaces
	}
	rate, err := rateOf(percent)
	if err != nil {
		return "", err
	}
	if rate.Rat().Sign() < 0 {
		return "", ErrRateRange
	}
	return rate.Format(places), nil
}

// OFBRate writes a percentage in Open Finance Brasil's admin metrics rate
// format, d.dddddd (pattern ^\d{1}\.\d{6}$: uptimeRate,
// generalUptimeRate): the rate of 0 to 1 with six digits after the point,
// rounded half away from zero from the exact value. A value outside 0 to
// 100 % is ErrRateRange, NoData ErrNoValue.
func OFBRate(percent kpi.Ratio) (string, error) {
	rate, err := rateOf(percent)
	if err != nil {
		return "", err
	}
	r := rate.Rat()
	if r.Sign() < 0 || r.Cmp(big.NewRat(1, 1)) > 0 {
		return "", ErrRateRange
	}
	return rate.Format(6), nil
}
