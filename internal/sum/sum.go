// Package sum adds counts without wrapping around: the library's Merges
// compute every sum with it and refuse the merge (changing nothing) when
// one does not fit, instead of returning a state no sequence of Adds can
// make (an error rate above 100 %, more successes than payments).
package sum

import (
	"math/bits"

	"github.com/openfinance-kpi/kpi/internal/u128"
)

// Adder adds and remembers whether any addition did not fit. The zero
// value is ready; a Merge adds every field into a copy with one Adder and
// assigns the copy only when Overflow is false.
type Adder struct{ Overflow bool }

// Add returns x + y (wrapped when it does not fit, which sets Overflow).
func (a *Adder) Add(x, y uint64) uint64 {
	s, c := bits.Add64(x, y, 0)
	if c != 0 {
		a.Overflow = true
	}
	return s
}

// Add128 returns x + y in 128 bits (wrapped when it does not fit, which
// sets Overflow).
func (a *Adder) Add128(x, y u128.U128) u128.U128 {
	var c uint64
	x.Lo, c = bits.Add64(x.Lo, y.Lo, 0)
	x.Hi, c = bits.Add64(x.Hi, y.Hi, c)
	if c != 0 {
		a.Overflow = true
	}
	return x
}

// Into adds src into dst element by element (dst[i] += src[i], for the i
// both hold) when every sum fits, and reports whether it did; otherwise
// dst is unchanged.
func Into(dst, src []uint64) bool {
	n := min(len(dst), len(src))
	for i := range n {
		if _, c := bits.Add64(dst[i], src[i], 0); c != 0 {
			return false
		}
	}
	for i := range n {
		dst[i] += src[i]
	}
	return true
}

// Fits reports whether every dst[i] + src[i] fits in a uint64.
func Fits(dst, src []uint64) bool {
	for i := range min(len(dst), len(src)) {
		if _, c := bits.Add64(dst[i], src[i], 0); c != 0 {
			return false
		}
	}
	return true
}
