// Package exact rounds exact rationals for presentation.
//
// kpi's EXACT: rounding happens only when presenting, with the
// caller's number of places, half away from zero, from the exact integer
// numerator and denominator. shopspring/decimal's Div stops at 16 digits,
// so it is never used to divide here: the quotient and remainder of
// big.Int division decide the last digit.
package exact

import (
	"math"
	"math/big"
	"math/bits"
	"strconv"
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
//
// A value whose numerator and denominator fit in 64 bits, at 19 places or
// fewer (every figure of a daily report), is rounded with 128-bit integer
// arithmetic, the same quotient and remainder without a big.Int: a report
// of a million rows formats some ten million cells.
func Format(r *big.Rat, places int) string {
	if places < 0 {
		places = 0
	}
	if s, ok := formatSmall(r, places); ok {
		return s
	}
	return formatBig(r, places)
}

// pow10 holds 10^0 to 10^19, the powers a uint64 holds.
var pow10 = func() (p [20]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// word returns the magnitude of x when it fits in a uint64.
func word(x *big.Int) (uint64, bool) {
	ws := x.Bits()
	switch {
	case len(ws) == 0:
		return 0, true
	case len(ws) == 1 && bits.UintSize == 64:
		return uint64(ws[0]), true
	}
	return 0, false
}

// formatSmall is Format for a numerator and denominator of 64 bits and at
// most 19 places (places >= 0); false when r is not such a value or the
// scaled value does not fit in 64 bits.
func formatSmall(r *big.Rat, places int) (string, bool) {
	n, okN := word(r.Num())
	d, okD := word(r.Denom())
	if !okN || !okD {
		return "", false
	}
	return FormatFrac(n, d, r.Sign() < 0, places)
}

// FormatFrac is Format of n/d (negated when neg) for d > 0 and places from
// 0 to 19, with 64-bit integers; false (and "") when d is 0, places is
// outside that range or n·10^places / d does not fit in 64 bits: the
// caller formats the value with Format then.
func FormatFrac(n, d uint64, neg bool, places int) (string, bool) {
	if places < 0 || places >= len(pow10) || d == 0 {
		return "", false
	}
	hi, lo := bits.Mul64(n, pow10[places])
	if hi >= d { // the quotient would not fit in 64 bits
		return "", false
	}
	q, rem := bits.Div64(hi, lo, d)
	if rem >= d-rem { // half away from zero: 2·rem >= d, without overflow
		if q == math.MaxUint64 {
			return "", false
		}
		q++
	}
	var digits [48]byte
	ds := strconv.AppendUint(digits[:0], q, 10)
	if len(ds) <= places { // at least one digit before the point
		pad := places - len(ds) + 1
		n := len(ds)
		for range pad {
			ds = append(ds, '0')
		}
		copy(ds[pad:], ds[:n])
		for k := range pad {
			ds[k] = '0'
		}
	}
	var buf [48]byte
	b := buf[:0]
	if neg && q != 0 {
		b = append(b, '-')
	}
	cut := len(ds) - places
	b = append(b, ds[:cut]...)
	if places > 0 {
		b = append(b, '.')
		b = append(b, ds[cut:]...)
	}
	return string(b), true
}

// formatBig is Format with big.Int arithmetic, for any value.
func formatBig(r *big.Rat, places int) string {
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
