package kpi

import (
	"math/big"

	"github.com/openfinance-kpi/kpi/internal/exact"
	"github.com/shopspring/decimal"
)

// Ratio is an EXACT value (# Rules): a rational number computed from
// integer counts and integer nanoseconds, never rounded until presented.
// Every KPI result in this module is a Ratio in the unit its name says
// (percent, milliseconds, ...).
//
// The zero value is "no data" (ER-3, PF-MB-1, ...): it is not 0 and never
// compares as passing anything. A Ratio is immutable and safe for
// concurrent use; it allocates only when built, at the result edge.
type Ratio struct {
	r *big.Rat // nil: no data
}

// NoData is the Ratio that carries no value.
var NoData = Ratio{}

// RatioOf returns num/den, or NoData when den is 0.
func RatioOf(num, den uint64) Ratio {
	if den == 0 {
		return NoData
	}
	return Ratio{new(big.Rat).SetFrac(new(big.Int).SetUint64(num), new(big.Int).SetUint64(den))}
}

// PercentOf returns 100 × num / den, or NoData when den is 0.
func PercentOf(num, den uint64) Ratio {
	if den == 0 {
		return NoData
	}
	n := new(big.Int).SetUint64(num)
	n.Mul(n, big.NewInt(100))
	return Ratio{new(big.Rat).SetFrac(n, new(big.Int).SetUint64(den))}
}

// RatioOfBig returns num/den, or NoData when den is 0. It copies its
// arguments.
func RatioOfBig(num, den *big.Int) Ratio {
	if den.Sign() == 0 {
		return NoData
	}
	return Ratio{new(big.Rat).SetFrac(num, den)}
}

// RatioOfRat returns a Ratio holding a copy of r (nil: NoData).
func RatioOfRat(r *big.Rat) Ratio {
	if r == nil {
		return NoData
	}
	return Ratio{new(big.Rat).Set(r)}
}

// RatioOfInt returns the whole number n.
func RatioOfInt(n int64) Ratio { return Ratio{new(big.Rat).SetInt64(n)} }

// OK reports whether x carries a value (is not NoData).
func (x Ratio) OK() bool { return x.r != nil }

// Rat returns a copy of the exact value, or nil for NoData.
func (x Ratio) Rat() *big.Rat {
	if x.r == nil {
		return nil
	}
	return new(big.Rat).Set(x.r)
}

// Equal reports whether x and y are the same value, or both NoData.
func (x Ratio) Equal(y Ratio) bool {
	if x.r == nil || y.r == nil {
		return x.r == nil && y.r == nil
	}
	return x.r.Cmp(y.r) == 0
}

// Cmp compares x and y exactly: -1, 0 or +1. NoData sorts before any
// value; callers that compare against a threshold must check OK first.
func (x Ratio) Cmp(y Ratio) int {
	switch {
	case x.r == nil && y.r == nil:
		return 0
	case x.r == nil:
		return -1
	case y.r == nil:
		return 1
	}
	return x.r.Cmp(y.r)
}

// CmpDecimal compares x with d exactly. NoData compares as less than
// every d; callers comparing against a threshold check OK first.
func (x Ratio) CmpDecimal(d decimal.Decimal) int {
	if x.r == nil {
		return -1
	}
	return x.r.Cmp(d.Rat())
}

// Sub returns x - y (NoData if either is).
func (x Ratio) Sub(y Ratio) Ratio {
	if x.r == nil || y.r == nil {
		return NoData
	}
	return Ratio{new(big.Rat).Sub(x.r, y.r)}
}

// Round returns x rounded to places fractional digits, half away from zero,
// from the exact numerator and denominator. NoData gives decimal.Zero and
// false.
func (x Ratio) Round(places int) (decimal.Decimal, bool) {
	if x.r == nil {
		return decimal.Zero, false
	}
	return decimal.NewFromBigInt(exact.Scaled(x.r, places), int32(-places)), true
}

// Format writes x with exactly places fractional digits, rounded half away
// from zero from the exact value; NoData is written as "". This is the one
// presentation helper: 99.4996 formats as "99.500" at 3 places while still
// comparing as less than 99.5.
func (x Ratio) Format(places int) string {
	if x.r == nil {
		return ""
	}
	return exact.Format(x.r, places)
}

// String formats x at 3 places, or "no data".
func (x Ratio) String() string {
	if x.r == nil {
		return "no data"
	}
	return exact.Format(x.r, 3)
}

// Float64 returns the nearest float64 (for plotting, never for comparing),
// and false for NoData.
func (x Ratio) Float64() (float64, bool) {
	if x.r == nil {
		return 0, false
	}
	f, _ := x.r.Float64()
	return f, true
}
