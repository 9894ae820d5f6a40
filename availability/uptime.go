package availability

import (
	"math"
	"math/big"
	"time"

	"github.com/openfinance-kpi/kpi"
)

// lengthFor is the AV-PCT-1 day length: the real one, or 86,400 s under
// FixedDayLength.
func (d *Day) lengthFor(opts *Options) time.Duration {
	if opts.FixedDayLength {
		return NominalDay
	}
	return d.Length
}

// DowntimeSeconds is Total in seconds (exact).
func (d *Day) DowntimeSeconds() kpi.Ratio { return seconds(d.Total) }

// PlannedSeconds is Planned in seconds (exact).
func (d *Day) PlannedSeconds() kpi.Ratio { return seconds(d.Planned) }

// UnplannedSeconds is Unplanned in seconds (exact).
func (d *Day) UnplannedSeconds() kpi.Ratio { return seconds(d.Unplanned) }

// UptimePercent is the day's uptime: max(0, 100 − DowntimePercent).
//
// Rule AV-PCT-1: uptime % = 100 − downtime %, never below 0 (a 25-hour
// day with more than 24 h of downtime under FixedDayLength).
//
// Rule RG-PLANNED-1: under PlannedExcluded, uptime % = (L − P − U) /
// (L − P) × 100; a day that is all planned (L − P ≤ 0) has no data.
//
// It is PeriodUptimePercent of the one day: the same sums.
func (d *Day) UptimePercent(opts Options) kpi.Ratio {
	var s periodSums
	s.add(d, &opts)
	return uptimeOf(s.result())
}

// DowntimePercent is the day's downtime percentage.
//
// Rule AV-PCT-1: downtime % = downtime seconds inside the day / day length
// × 100, the length being the real local day length or, under
// FixedDayLength, 86,400 s. It is not capped: a 25-hour day with more than
// 24 h of downtime under FixedDayLength is down more than 100 % (only
// uptime floors at 0). Under PlannedExcluded (RG-PLANNED-1) it is U /
// (L − P) × 100; a day that is all planned has no data.
func (d *Day) DowntimePercent(opts Options) kpi.Ratio {
	var s periodSums
	s.add(d, &opts)
	length, used := s.result()
	if length <= 0 {
		return kpi.NoData
	}
	return kpi.PercentOf(uint64(used), uint64(length))
}

// PeriodDowntime returns the length of a period — a month, a quarter —
// and the downtime used in it, from the days of one scope (one endpoint,
// or the interface): the inputs of benchmark.DowntimeBudget (Rule
// AV-BUDGET-1), from the very sums PeriodUptimePercent divides.
//
// Rule AV-PCT-2: length = Σ day length, used = Σ downtime. Day lengths
// follow AV-PCT-1 (FixedDayLength: 86,400 s a day). Rule RG-PLANNED-1:
// under PlannedExcluded planned downtime leaves both, length = ΣL − ΣP
// (floored at 0) and used = ΣU; by DEFAULT used = Σ Total.
//
// The sums are int64 nanoseconds, exact: a quarter is about 8·10^15 ns,
// and int64 holds 2^63 − 1 ≈ 9.2·10^18 ns, over 102,000 days even if
// every one lasted 25 h (280 years), so no period of real days can
// overflow, and 128-bit sums would buy nothing. Days that could not come
// from Days — a negative Length, Total, Planned or Unplanned, or sums past
// 2^63 − 1 ns — make no meaningful period: PeriodDowntime returns 0, 0, which
// PeriodUptimePercent reports as no data and benchmark.DowntimeBudget as
// its NO DATA budget.
func PeriodDowntime(days []Day, opts Options) (length, used time.Duration) {
	var s periodSums
	for i := range days {
		s.add(&days[i], &opts)
	}
	return s.result()
}

// PeriodUptimePercent is the uptime of a period — a month, a quarter —
// from the days of one scope (one endpoint, or the interface).
//
// Rule AV-PCT-2: with length and used from PeriodDowntime (so the two
// never disagree), uptime % = 100 × (1 − used / length), never below 0;
// never the mean of daily percentages (see MeanOfDailyUptimePercent).
// Day lengths follow AV-PCT-1, planned downtime RG-PLANNED-1
// (PlannedExcluded: (ΣL − ΣP − ΣU) / (ΣL − ΣP)). No days, nothing left
// after planned, or days PeriodDowntime refuses give no data.
func PeriodUptimePercent(days []Day, opts Options) kpi.Ratio {
	return uptimeOf(PeriodDowntime(days, opts))
}

// MeanOfDailyUptimePercent is the mean of the days' UptimePercent (days
// with no data left out): a different figure from PeriodUptimePercent,
// which the rules ask for (AV-PCT-2); offered for comparison only. No day
// with data gives no data.
func MeanOfDailyUptimePercent(days []Day, opts Options) kpi.Ratio {
	sum := new(big.Rat)
	n := int64(0)
	for i := range days {
		if r := days[i].UptimePercent(opts).Rat(); r != nil {
			sum.Add(sum, r)
			n++
		}
	}
	if n == 0 {
		return kpi.NoData
	}
	return kpi.RatioOfRat(sum.Quo(sum, new(big.Rat).SetInt64(n)))
}

// periodSums accumulates the AV-PCT-2 sums of days: Σ length (AV-PCT-1),
// Σ planned and Σ downtime used (RG-PLANNED-1), in int64 nanoseconds
// (see PeriodDowntime), with bad set on a negative field or an overflow.
type periodSums struct {
	length, planned, used time.Duration
	plannedExcluded       bool
	bad                   bool
}

func (s *periodSums) add(d *Day, o *Options) {
	used := d.Total
	if o.PlannedExcluded {
		used = d.Unplanned
	}
	s.plannedExcluded = o.PlannedExcluded
	l := d.lengthFor(o)
	if l < 0 || d.Planned < 0 || used < 0 ||
		l > math.MaxInt64-s.length || d.Planned > math.MaxInt64-s.planned || used > math.MaxInt64-s.used {
		s.bad = true
		return
	}
	s.length += l
	s.planned += d.Planned
	s.used += used
}

// result is the period's length and used downtime (see PeriodDowntime).
func (s *periodSums) result() (length, used time.Duration) {
	if s.bad {
		return 0, 0
	}
	length = s.length
	if s.plannedExcluded {
		length = max(0, length-s.planned) // both ≥ 0: no overflow
	}
	return length, s.used
}

// uptimeOf is 100 × (length − used) / length, floored at 0: max(0, 100 −
// the downtime %), and no data when length ≤ 0. Both are ≥ 0 (periodSums).
func uptimeOf(length, used time.Duration) kpi.Ratio {
	if length <= 0 {
		return kpi.NoData
	}
	return kpi.PercentOf(uint64(max(0, length-used)), uint64(length))
}

// seconds returns d in seconds, exactly.
func seconds(d time.Duration) kpi.Ratio {
	if d < 0 { // -d wraps for math.MinInt64, but uint64 of it is still 2^63
		return kpi.RatioOfInt(0).Sub(kpi.RatioOf(uint64(-d), uint64(time.Second)))
	}
	return kpi.RatioOf(uint64(d), uint64(time.Second))
}
