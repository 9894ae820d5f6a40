package benchmark

import (
	"math/big"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/shopspring/decimal"
)

// Budget is the downtime budget of a period at an uptime target
// (Rule AV-BUDGET-1), in exact seconds:
//
//	Allowed = period length * (100 - target%) / 100
//	Left    = Allowed - Used      (negative: overspent)
//
// At 99.5 % a 92-day quarter allows 92 * 86,400 * 0.005 = 39,744 s
// (11 h 2 min 24 s; CBB guidelines: "approx. 11 hours per quarter").
//
// The zero value has every figure NoData and Verdict Unjudged. A Budget is a
// plain value, safe to copy and share.
type Budget struct {
	// TargetPercent is the uptime target the budget is computed at.
	TargetPercent decimal.Decimal
	// Strict is set for a strict target (> 99.9 %): spending the whole
	// budget, Left == 0, then misses it.
	Strict bool
	// PeriodSeconds is the length of the period.
	PeriodSeconds kpi.Ratio
	// Used, Allowed and Left are downtime seconds.
	Used, Allowed, Left kpi.Ratio
}

// DowntimeBudget returns the downtime budget of a period of the given
// length at targetUptimePercent (>=, not strict; Profile.DowntimeBudget
// takes the comparison from the profile's target). used is the downtime
// already spent (for AV-PCT-2 the sum of the period's downtime). A
// non-positive length, a negative used, or a target outside [0, 100] gives
// the zero Budget: there is no meaningful budget, and its Verdict is
// NO DATA.
func DowntimeBudget(periodLength, used time.Duration, targetUptimePercent decimal.Decimal) Budget {
	if periodLength <= 0 || used < 0 ||
		targetUptimePercent.Sign() < 0 || targetUptimePercent.Cmp(decimal.NewFromInt(100)) > 0 {
		return Budget{}
	}
	nsPerS := big.NewInt(int64(time.Second))
	length := big.NewRat(int64(periodLength), 1)
	length.Quo(length, new(big.Rat).SetInt(nsPerS))
	// allowed = length * (100 - target) / 100
	share := new(big.Rat).Sub(big.NewRat(100, 1), targetUptimePercent.Rat())
	share.Quo(share, big.NewRat(100, 1))
	allowed := new(big.Rat).Mul(length, share)
	usedS := new(big.Rat).SetFrac(big.NewInt(int64(used)), nsPerS)
	return Budget{
		TargetPercent: targetUptimePercent,
		PeriodSeconds: kpi.RatioOfRat(length),
		Used:          kpi.RatioOfRat(usedS),
		Allowed:       kpi.RatioOfRat(allowed),
		Left:          kpi.RatioOfRat(new(big.Rat).Sub(allowed, usedS)),
	}
}

// Verdict is PASS while the downtime used keeps the period's uptime at
// the target (Left >= 0; Left > 0 for a strict target), FAIL otherwise,
// and NO DATA for the zero Budget. It agrees with judging the period's
// uptime percentage against the target (for a target above 0 %).
func (b Budget) Verdict() Verdict {
	if !b.Left.OK() {
		return Unjudged
	}
	switch sign := b.Left.CmpDecimal(decimal.Zero); {
	case sign < 0, sign == 0 && b.Strict:
		return Fail
	}
	return Pass
}

// DowntimeBudget returns the downtime budget of period at the profile's
// interface uptime target (UptimeTarget), whatever that target's own
// period kind: the CBB 99.5 % applied to a month gives the month's share.
// The period's length is its real length in cal (AV-PCT-1 DEFAULT), or
// 86,400 s a day when p.Availability.FixedDayLength is set (the OPTION). It returns
// false when p has no interface uptime target.
func (p Profile) DowntimeBudget(cal kpi.Calendar, period kpi.Period, used time.Duration) (Budget, bool) {
	t, ok := p.UptimeTarget()
	if !ok {
		return Budget{}, false
	}
	length := cal.Span(period).Duration()
	if p.Availability.FixedDayLength {
		length = time.Duration(period.Days()) * 24 * time.Hour
	}
	b := DowntimeBudget(length, used, t.Threshold)
	b.Strict = t.Cmp.Strict()
	return b, true
}

// Headroom is how far a response-time figure is below its target
// (AV-BUDGET-1's "latency headroom per endpoint group"), in ms:
//
//	HeadroomMs = ThresholdMs - MeasuredMs   (negative: over the target)
//
// The zero value has every figure NoData.
type Headroom struct {
	Target     Target
	Scope      Scope
	Period     kpi.Period
	MeasuredMs kpi.Ratio
	// ThresholdMs is the target's threshold.
	ThresholdMs kpi.Ratio
	// HeadroomMs is NoData when MeasuredMs is.
	HeadroomMs kpi.Ratio
}

// LatencyHeadroom returns the headroom of every response-time finding of
// Evaluate(p, m) (targets on AvgTTLBMs, AvgTTLBPerPageMs, MaxTTLBMs,
// P95TTLBMs and MedianTTLBMs),
// in the same order: one per group (and per endpoint for endpoint-scoped
// targets) and period.
func LatencyHeadroom(p Profile, m *Measurements) []Headroom {
	var out []Headroom
	for _, f := range Evaluate(p, m) {
		if !f.Target.KPI.latency() {
			continue
		}
		thr := kpi.RatioOfRat(f.Target.Threshold.Rat())
		out = append(out, Headroom{
			Target: f.Target, Scope: f.Scope, Period: f.Period,
			MeasuredMs: f.Measured, ThresholdMs: thr, HeadroomMs: thr.Sub(f.Measured),
		})
	}
	return out
}
