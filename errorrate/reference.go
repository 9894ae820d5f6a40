package errorrate

import (
	"math/big"

	"github.com/openfinance-kpi/kpi"
)

// Reference is Rules ER-1..3 written for obviousness, batch over a slice:
// the pooled error rate, in percent, of every good call in calls.
//
//	requests = number of good calls (every class, attributable or not)
//	errors   = good calls with 500 <= Status <= 599 that are attributable,
//	           plus, with opts.CountNoResponse, attributable ones with Status 0
//	rate     = 100 × errors / requests, or no data when requests = 0 (ER-3)
//
// Bad calls (kpi.ValidCalls) are left out of both counts and returned as
// an *kpi.InputError beside the rate over the good ones; err is nil when
// every call is good. Counter is the streaming version and must agree
// with Reference on any input.
func Reference(calls []kpi.Call, opts Options) (kpi.Ratio, error) {
	good, err := kpi.ValidCalls(calls)
	requests, errors := referenceCounts(good, opts)
	return referencePercent(errors, requests), err
}

// ReferenceDaily is Rule ER-1 per local day, written for obviousness: it
// groups the good calls by the local day of their ReceivedAt in cal and
// returns each day's rate (Reference over that day's calls). Days without
// a good call have no entry. Pass the calls of one scope (one endpoint, or
// one interface's endpoints): the calls of each day are pooled (ER-2).
// Bad calls are returned as an *kpi.InputError, as Reference does.
func ReferenceDaily(calls []kpi.Call, cal kpi.Calendar, opts Options) (map[kpi.Date]kpi.Ratio, error) {
	good, err := kpi.ValidCalls(calls)
	byDay := map[kpi.Date][]kpi.Call{}
	for _, c := range good {
		d := cal.DateOf(c.ReceivedAt)
		byDay[d] = append(byDay[d], c)
	}
	rates := make(map[kpi.Date]kpi.Ratio, len(byDay))
	for d, dayCalls := range byDay {
		requests, errors := referenceCounts(dayCalls, opts)
		rates[d] = referencePercent(errors, requests)
	}
	return rates, err
}

// ReferenceMeanOfDailyRates is the batch version of
// MeanOfDailyRatesPercent: the plain mean of the ReferenceDaily rates of
// the days that have a good call, or kpi.NoData when there is none.
func ReferenceMeanOfDailyRates(calls []kpi.Call, cal kpi.Calendar, opts Options) (kpi.Ratio, error) {
	rates, err := ReferenceDaily(calls, cal, opts)
	if len(rates) == 0 {
		return kpi.NoData, err
	}
	sum := new(big.Rat)
	for _, r := range rates {
		sum.Add(sum, r.Rat())
	}
	mean := sum.Quo(sum, new(big.Rat).SetInt64(int64(len(rates))))
	return kpi.RatioOfRat(mean), err
}

// referenceCounts counts requests and errors straight from the words of
// ER-1, without the Counter's class switch.
func referenceCounts(good []kpi.Call, opts Options) (requests, errors uint64) {
	for _, c := range good {
		requests++
		attributable := !c.NotAttributable
		is5xx := c.Status >= 500 && c.Status <= 599
		noResponse := c.Status == 0
		if attributable && (is5xx || (opts.CountNoResponse && noResponse)) {
			errors++
		}
	}
	return requests, errors
}

// referencePercent is 100 × errors / requests as a big.Rat, or no data.
func referencePercent(errors, requests uint64) kpi.Ratio {
	if requests == 0 {
		return kpi.NoData
	}
	r := new(big.Rat).SetFrac(new(big.Int).SetUint64(errors), new(big.Int).SetUint64(requests))
	return kpi.RatioOfRat(r.Mul(r, big.NewRat(100, 1)))
}
