package availability

import (
	"math/big"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/u128"
	"github.com/shopspring/decimal"
)

// Budget is a downtime budget (AV-BUDGET-1): for a period and an uptime
// target, the downtime used, allowed and left, in seconds, exact.
//
// The zero value has no data in every field. A Budget is a plain value.
type Budget struct {
	PeriodSeconds  kpi.Ratio // the period's length that counts (AV-PCT-2 denominator)
	UsedSeconds    kpi.Ratio // downtime used
	AllowedSeconds kpi.Ratio // (100 − target) / 100 × PeriodSeconds
	LeftSeconds    kpi.Ratio // AllowedSeconds − UsedSeconds; negative when the target is missed
}

// Exceeded reports whether more downtime was used than allowed (the target
// is missed). A Budget with no data is not exceeded.
func (b Budget) Exceeded() bool {
	return b.LeftSeconds.OK() && b.LeftSeconds.Cmp(kpi.RatioOfInt(0)) < 0
}

// budgetError is the error for a target outside 0..100 %.
type budgetError struct{}

func (budgetError) Error() string { return "availability: uptime target outside 0..100 %" }

// Rule AV-BUDGET-1: NewBudget returns the budget of a period of the given
// length with used downtime, for an uptime target in percent (99.5 for
// 99.5 %): allowed = (100 − target) / 100 × period, left = allowed − used.
// A target outside 0..100 or a negative duration is an error.
func NewBudget(period, used time.Duration, targetPercent decimal.Decimal) (Budget, error) {
	if period < 0 || used < 0 {
		return Budget{}, budgetError{}
	}
	return budget(u128.From(uint64(period)), u128.From(uint64(used)), targetPercent)
}

// PeriodBudget returns the budget over days of one scope (AV-BUDGET-1 with
// AV-PCT-2): the period is the sum of their lengths (86,400 s a day under
// FixedDayLength), used is their total downtime; under PlannedExcluded
// (RG-PLANNED-1) planned downtime leaves both and only unplanned is used.
func PeriodBudget(days []Day, opts Options, targetPercent decimal.Decimal) (Budget, error) {
	var length, used u128.U128
	var planned time.Duration
	for i := range days {
		d := &days[i]
		length.Add64(uint64(d.lengthFor(&opts)))
		if opts.PlannedExcluded {
			used.Add64(uint64(d.Unplanned))
			planned += d.Planned
		} else {
			used.Add64(uint64(d.Total))
		}
	}
	if opts.PlannedExcluded {
		l := new(big.Int).Sub(length.Big(), big.NewInt(int64(planned)))
		if l.Sign() < 0 {
			l.SetInt64(0)
		}
		return budgetBig(l, used.Big(), targetPercent)
	}
	return budget(length, used, targetPercent)
}

func budget(period, used u128.U128, targetPercent decimal.Decimal) (Budget, error) {
	return budgetBig(period.Big(), used.Big(), targetPercent)
}

func budgetBig(period, used *big.Int, targetPercent decimal.Decimal) (Budget, error) {
	target := targetPercent.Rat()
	if target.Sign() < 0 || target.Cmp(big.NewRat(100, 1)) > 0 {
		return Budget{}, budgetError{}
	}
	ns := new(big.Rat).SetInt(nsPerSecond())
	periodS := new(big.Rat).Quo(new(big.Rat).SetInt(period), ns)
	usedS := new(big.Rat).Quo(new(big.Rat).SetInt(used), ns)
	share := new(big.Rat).Sub(big.NewRat(100, 1), target)
	share.Quo(share, big.NewRat(100, 1))
	allowed := new(big.Rat).Mul(share, periodS)
	left := new(big.Rat).Sub(allowed, usedS)
	return Budget{
		PeriodSeconds:  kpi.RatioOfRat(periodS),
		UsedSeconds:    kpi.RatioOfRat(usedS),
		AllowedSeconds: kpi.RatioOfRat(allowed),
		LeftSeconds:    kpi.RatioOfRat(left),
	}, nil
}
