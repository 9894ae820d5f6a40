package kpi

import (
	"cmp"
	"math/big"
	"math/bits"

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
// concurrent use; it allocates only when built, at the result edge, and
// a value that is not negative and whose reduced numerator and
// denominator fit in 64 bits (nearly every figure) not even then.
type Ratio struct {
	// Each value has one form, so that == and reflect.DeepEqual agree
	// with Equal: num/den reduced (den > 0, r nil) when the value is not
	// negative and both fit in 64 bits; r otherwise. NoData: den 0, r nil.
	num, den uint64
	r        *big.Rat
}

// NoData is the Ratio that carries no value.
var NoData = Ratio{}

// small returns the Ratio n/d (d > 0), reduced.
func small(n, d uint64) Ratio {
	g := gcd(n, d)
	return Ratio{num: n / g, den: d / g}
}

// gcd returns the greatest common divisor of a and b (b > 0).
func gcd(a, b uint64) uint64 {
	for a != 0 {
		a, b = b%a, a
	}
	return b
}

// ratOf returns the Ratio holding r (which it keeps: the caller's own
// new value), in its one form.
func ratOf(r *big.Rat) Ratio {
	if r.Sign() >= 0 && r.Num().BitLen() <= 64 && r.Denom().BitLen() <= 64 {
		return Ratio{num: r.Num().Uint64(), den: r.Denom().Uint64()} // big.Rat keeps its fraction reduced
	}
	return Ratio{r: r}
}

// rat returns x's value as a big.Rat the caller must not change (nil for
// NoData).
func (x Ratio) rat() *big.Rat {
	if x.r != nil || x.den == 0 {
		return x.r
	}
	return new(big.Rat).SetFrac(new(big.Int).SetUint64(x.num), new(big.Int).SetUint64(x.den))
}

// RatioOf returns num/den, or NoData when den is 0.
func RatioOf(num, den uint64) Ratio {
	if den == 0 {
		return NoData
	}
	return small(num, den)
}

// PercentOf returns 100 × num / den, or NoData when den is 0.
func PercentOf(num, den uint64) Ratio {
	if den == 0 {
		return NoData
	}
	if hi, lo := bits.Mul64(num, 100); hi == 0 {
		return small(lo, den)
	}
	n := new(big.Int).SetUint64(num)
	n.Mul(n, big.NewInt(100))
	return ratOf(new(big.Rat).SetFrac(n, new(big.Int).SetUint64(den)))
}

// RatioOfBig returns num/den, or NoData when den is 0. It copies its
// arguments.
func RatioOfBig(num, den *big.Int) Ratio {
	if den.Sign() == 0 {
		return NoData
	}
	if num.Sign() >= 0 && den.Sign() > 0 && num.BitLen() <= 64 && den.BitLen() <= 64 {
		return small(num.Uint64(), den.Uint64())
	}
	return ratOf(new(big.Rat).SetFrac(num, den))
}

// RatioOfRat returns a Ratio holding a copy of r (nil: NoData).
func RatioOfRat(r *big.Rat) Ratio {
	if r == nil {
		return NoData
	}
	return ratOf(new(big.Rat).Set(r))
}

// RatioOfInt returns the whole number n.
func RatioOfInt(n int64) Ratio {
	if n >= 0 {
		return Ratio{num: uint64(n), den: 1}
	}
	return Ratio{r: new(big.Rat).SetInt64(n)}
}

// OK reports whether x carries a value (is not NoData).
func (x Ratio) OK() bool { return x.r != nil || x.den != 0 }

// Rat returns a copy of the exact value, or nil for NoData.
func (x Ratio) Rat() *big.Rat {
	if x.r == nil {
		return x.rat() // new, or nil
	}
	return new(big.Rat).Set(x.r)
}

// Equal reports whether x and y are the same value, or both NoData.
func (x Ratio) Equal(y Ratio) bool {
	if !x.OK() || !y.OK() {
		return x.OK() == y.OK()
	}
	if x.r == nil && y.r == nil {
		return x.num == y.num && x.den == y.den // both reduced
	}
	return x.rat().Cmp(y.rat()) == 0
}

// Cmp compares x and y exactly: -1, 0 or +1. NoData sorts before any
// value; callers that compare against a threshold must check OK first.
func (x Ratio) Cmp(y Ratio) int {
	switch {
	case !x.OK() && !y.OK():
		return 0
	case !x.OK():
		return -1
	case !y.OK():
		return 1
	}
	if x.r == nil && y.r == nil { // x.num·y.den against y.num·x.den, in 128 bits
		ah, al := bits.Mul64(x.num, y.den)
		bh, bl := bits.Mul64(y.num, x.den)
		if ah != bh {
			return cmp.Compare(ah, bh)
		}
		return cmp.Compare(al, bl)
	}
	return x.rat().Cmp(y.rat())
}

// CmpDecimal compares x with d exactly. NoData compares as less than
// every d; callers comparing against a threshold check OK first.
func (x Ratio) CmpDecimal(d decimal.Decimal) int {
	if !x.OK() {
		return -1
	}
	return x.rat().Cmp(d.Rat())
}

// Sub returns x - y (NoData if either is).
func (x Ratio) Sub(y Ratio) Ratio {
	if !x.OK() || !y.OK() {
		return NoData
	}
	return ratOf(new(big.Rat).Sub(x.rat(), y.rat()))
}

// Round returns x rounded to places fractional digits, half away from zero,
// from the exact numerator and denominator. NoData gives decimal.Zero and
// false.
func (x Ratio) Round(places int) (decimal.Decimal, bool) {
	if !x.OK() {
		return decimal.Zero, false
	}
	return decimal.NewFromBigInt(exact.Scaled(x.rat(), places), int32(-places)), true
}

// Format writes x with exactly places fractional digits, rounded half away
// from zero from the exact value; NoData is written as "". This is the one
// presentation helper: 99.4996 formats as "99.500" at 3 places while still
// comparing as less than 99.5.
func (x Ratio) Format(places int) string {
	if !x.OK() {
		return ""
	}
	if x.r == nil {
		if s, ok := exact.FormatFrac(x.num, x.den, false, max(places, 0)); ok {
			return s
		}
	}
	return exact.Format(x.rat(), places)
}

// String formats x at 3 places, or "no data".
func (x Ratio) String() string {
	if !x.OK() {
		return "no data"
	}
	return x.Format(3)
}

// Float64 returns the nearest float64 (for plotting, never for comparing),
// and false for NoData.
func (x Ratio) Float64() (float64, bool) {
	if !x.OK() {
		return 0, false
	}
	if x.r == nil && x.num <= 1<<53 && x.den <= 1<<53 {
		// Both exact in a float64: IEEE division rounds the quotient to
		// the nearest, as big.Rat.Float64 does.
		return float64(x.num) / float64(x.den), true
	}
	f, _ := x.rat().Float64()
	return f, true
}
