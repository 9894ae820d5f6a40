package availability

import (
	"math/big"
	"slices"
	"time"

	"github.com/openfinance-kpi/kpi"
)

// MinuteKey names one endpoint-day of Rule RG-MINUTE-1.
type MinuteKey struct {
	Endpoint string
	Date     kpi.Date
}

// ReferenceMinutes is Rule RG-MINUTE-1's daily figure over a batch of
// calls, written for obviousness: for each endpoint and local day (cal),
// group the valid calls by their minute from the local day's start, call
// a minute up when 100·successes >= 95·valid, and count the up minutes
// and the minutes with a valid call. Endpoint-days without a valid call
// are absent (no data). Bad calls are left out and listed in the returned
// *kpi.InputError.
func ReferenceMinutes(calls []kpi.Call, cal kpi.Calendar, opts MinuteOptions) (map[MinuteKey]MinuteFigure, error) {
	good, err := kpi.ValidCalls(calls)
	type minute struct {
		key MinuteKey
		i   int64
	}
	valid := map[minute]int{}
	success := map[minute]int{}
	for _, c := range good {
		if !MinuteValid(c.Status, opts) {
			continue
		}
		d := cal.DateOf(c.ReceivedAt)
		m := minute{MinuteKey{c.Endpoint, d}, int64(c.ReceivedAt.Sub(cal.Start(d)) / time.Minute)}
		valid[m]++
		if MinuteSuccess(c.Status) {
			success[m]++
		}
	}
	out := map[MinuteKey]MinuteFigure{}
	for m, v := range valid {
		f := out[m.key]
		f.Date = m.key.Date
		f.Active++
		if 100*success[m] >= 95*v {
			f.Up++
		}
		out[m.key] = f
	}
	return out, err
}

// ReferenceLongAvailability is Rule RG-MINUTE-1's long availability over
// any number of daily figures: keep the days with data, sort them by date,
// take the last 90 and average their percentages exactly. NoData when no
// day has data.
func ReferenceLongAvailability(days []MinuteFigure) kpi.Ratio {
	var with []MinuteFigure
	for _, f := range days {
		if f.Active > 0 && f.Up >= 0 && f.Up <= f.Active {
			with = append(with, f)
		}
	}
	if len(with) == 0 {
		return kpi.NoData
	}
	slices.SortFunc(with, func(a, b MinuteFigure) int { return int(a.Date) - int(b.Date) })
	if len(with) > LongDays {
		with = with[len(with)-LongDays:]
	}
	sum := new(big.Rat)
	for _, f := range with {
		sum.Add(sum, new(big.Rat).Mul(big.NewRat(100, 1), big.NewRat(int64(f.Up), int64(f.Active))))
	}
	return kpi.RatioOfRat(sum.Quo(sum, big.NewRat(int64(len(with)), 1)))
}
