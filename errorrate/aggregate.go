package errorrate

import (
	"math/big"

	"github.com/openfinance-kpi/kpi"
)

// PooledRatePercent is Rule ER-2 over several scopes (endpoints, days):
// 100 × ΣErrors / ΣRequests, the same as merging the Counters and reading
// RatePercent, without changing any of them. Nil entries are empty scopes.
// It is kpi.NoData when no scope has a request (ER-3).
func PooledRatePercent(scopes []*Counter, opts Options) kpi.Ratio {
	var all Counter
	for _, s := range scopes {
		if all.Merge(s) != nil {
			return kpi.NoData // the pooled counts pass 2^64 − 1: no figure is right
		}
	}
	return all.RatePercent(opts)
}

// MeanOfDailyRatesPercent is the figure ER-2 names apart from the error
// rate: the arithmetic mean of the daily rates,
//
//	(1/n) × Σ 100 × Errors_d / Requests_d   over the n days with data.
//
// Each day weighs the same whatever its traffic, so it differs from the
// pooled rate (PooledRatePercent) whenever days differ in volume: a day of
// 4 requests and no error (0 %) and a day of 1 request and 1 error (100 %)
// pool to 1/5 = 20 % but average to 50 %.
//
// days holds one Counter per day of one scope. Nil entries and days with
// no requests are skipped: they have no rate (ER-3), and a missing rate is
// not 0 %. The result is kpi.NoData when no day has a request. The mean is
// exact: the sum of the daily fractions is kept as a big.Rat.
func MeanOfDailyRatesPercent(days []*Counter, opts Options) kpi.Ratio {
	sum := new(big.Rat)
	var n int64
	for _, d := range days {
		if d == nil || d.requests == 0 {
			continue
		}
		sum.Add(sum, new(big.Rat).SetFrac(
			new(big.Int).SetUint64(d.Errors(opts)),
			new(big.Int).SetUint64(d.requests)))
		n++
	}
	if n == 0 {
		return kpi.NoData
	}
	sum.Mul(sum, big.NewRat(100, n))
	return kpi.RatioOfRat(sum)
}
