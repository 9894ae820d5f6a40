// Package exact rounds exact rationals for presentation.
//
// kpi's EXACT: rounding happens only when presenting, with the
// caller's number of places, half away from zero, from the exact integer
// numerator and denominator. shopspring/decimal's Div stops at 16 digits,
// so it is never used to divide here: the quotient and remainder of
// big.Int division decide the last digit.
package exact

import (
	"math/big"
	"strings"
)

var ten = big.NewInt(10)

// Scaled returns r*10^places rounded half away from zero to an integer.
func Scaled(r *big.Rat, places int) *big.Int {
	if places < 0 {
		places = 0
	}
	num := new(big.Int).Set(r.Num())
	neg := num.Sign() < 0
	num.Abs(num)
	num.Mul(num, new(big.Int).Exp(ten, big.NewInt(int64(places)), nil))
	q, rem := new(big.Int).QuoRem(num, r.Denom(), new(big.Int))
	// Half away from zero: round up when 2*rem >= den.
	if rem.Lsh(rem, 1).Cmp(r.Denom()) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if neg {
		q.Neg(q)
	}
	return q
}

// Format writes r with exactly places fractional digits, rounded half away
// from zero. A value that rounds to zero is written without a sign.
func Format(r *big.Rat, places int) string {
	if places < 0 {
		places = 0
	}
	q := Scaled(r, places)
	neg := q.Sign() < 0
	digits := new(big.Int).Abs(q).String()
	if len(digits) <= places {
		digits = strings.Repeat("0", places-len(digits)+1) + digits
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	cut := len(digits) - places
	b.WriteString(digits[:cut])
	if places > 0 {
		b.WriteByte('.')
		b.WriteString(digits[cut:])
	}
	return b.String()
}
