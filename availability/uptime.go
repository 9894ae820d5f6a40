package availability

import (
	"math/big"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/u128"
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
func (d *Day) DowntimeSeconds() kpi.Ratio { return seconds(u128.From(uint64(d.Total))) }

// PlannedSeconds is Planned in seconds (exact).
func (d *Day) PlannedSeconds() kpi.Ratio { return seconds(u128.From(uint64(d.Planned))) }

// UnplannedSeconds is Unplanned in seconds (exact).
func (d *Day) UnplannedSeconds() kpi.Ratio { return seconds(u128.From(uint64(d.Unplanned))) }

// UptimePercent is the day's uptime.
//
// Rule AV-PCT-1: uptime % = 100 − downtime seconds inside the day / day
// length × 100, the length being the real local day length or, under
// FixedDayLength, 86,400 s; never below 0 (a 25-hour day with more than
// 24 h of downtime under FixedDayLength).
//
// Rule RG-PLANNED-1: under PlannedExcluded, uptime % = (L − P − U) /
// (L − P) × 100; a day that is all planned (L − P ≤ 0) has no data.
func (d *Day) UptimePercent(opts Options) kpi.Ratio {
	return uptimePercent(u128.From(uint64(d.lengthFor(&opts))), u128.From(uint64(d.Planned)), u128.From(uint64(d.Unplanned)), opts.PlannedExcluded)
}

// DowntimePercent is 100 − UptimePercent (Rule AV-PCT-1), at most 100.
func (d *Day) DowntimePercent(opts Options) kpi.Ratio {
	up := d.UptimePercent(opts)
	if !up.OK() {
		return kpi.NoData
	}
	return kpi.RatioOfInt(100).Sub(up)
}

// PeriodUptimePercent is the uptime of a period — a month, a quarter —
// from the days of one scope (one endpoint, or the interface).
//
// Rule AV-PCT-2: uptime % = (1 − Σ downtime / Σ day length) × 100 over the
// days, never the mean of daily percentages (see MeanOfDailyUptimePercent).
// Day lengths follow AV-PCT-1 (FixedDayLength: 86,400 s a day), planned
// downtime RG-PLANNED-1 (PlannedExcluded: (ΣL − ΣP − ΣU) / (ΣL − ΣP)).
// Never below 0; no days (or nothing left after planned) is no data.
// Sums are exact over any number of days.
func PeriodUptimePercent(days []Day, opts Options) kpi.Ratio {
	var length, planned, unplanned u128.U128
	for i := range days {
		length.Add64(uint64(days[i].lengthFor(&opts)))
		planned.Add64(uint64(days[i].Planned))
		unplanned.Add64(uint64(days[i].Unplanned))
	}
	return uptimePercent(length, planned, unplanned, opts.PlannedExcluded)
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

// uptimePercent is 100 × (den − down) / den, floored at 0, where den is
// length (minus planned under plannedExcluded) and down the downtime that
// counts.
func uptimePercent(length, planned, unplanned u128.U128, plannedExcluded bool) kpi.Ratio {
	den := length.Big()
	down := new(big.Int).Add(planned.Big(), unplanned.Big())
	if plannedExcluded {
		den.Sub(den, planned.Big())
		down = unplanned.Big()
	}
	if den.Sign() <= 0 {
		return kpi.NoData
	}
	up := new(big.Int).Sub(den, down)
	if up.Sign() < 0 {
		up.SetInt64(0)
	}
	return kpi.RatioOfBig(up.Mul(up, big.NewInt(100)), den)
}

// nsPerSecond returns 10^9 (a new Int: no package-level mutable state).
func nsPerSecond() *big.Int { return big.NewInt(int64(time.Second)) }

// seconds returns ns nanoseconds in seconds, exactly.
func seconds(ns u128.U128) kpi.Ratio { return kpi.RatioOfBig(ns.Big(), nsPerSecond()) }
