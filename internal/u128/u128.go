// Package u128 is an unsigned 128-bit integer for sums that outgrow uint64.
//
// kpi's EXACT: a quarter of 1 billion calls a day at 120 ms is about
// 1.1e19 ns, past int64 and close to the end of uint64. Durations and byte
// counts are therefore summed in a U128, which costs one add with carry
// per call and never allocates.
package u128

import (
	"math/big"
	"math/bits"
)

// U128 is Hi*2^64 + Lo. The zero value is 0.
type U128 struct{ Hi, Lo uint64 }

// From returns v as a U128.
func From(v uint64) U128 { return U128{Lo: v} }

// Add64 adds v in place.
func (a *U128) Add64(v uint64) {
	var c uint64
	a.Lo, c = bits.Add64(a.Lo, v, 0)
	a.Hi += c
}

// Add adds b in place.
func (a *U128) Add(b U128) {
	var c uint64
	a.Lo, c = bits.Add64(a.Lo, b.Lo, 0)
	a.Hi, _ = bits.Add64(a.Hi, b.Hi, c)
}

// IsZero reports whether a is 0.
func (a U128) IsZero() bool { return a.Hi == 0 && a.Lo == 0 }

// Cmp returns -1, 0 or +1 as a is less than, equal to or greater than b.
func (a U128) Cmp(b U128) int {
	switch {
	case a.Hi < b.Hi:
		return -1
	case a.Hi > b.Hi:
		return 1
	case a.Lo < b.Lo:
		return -1
	case a.Lo > b.Lo:
		return 1
	}
	return 0
}

// Big returns a as a new big.Int.
func (a U128) Big() *big.Int {
	z := new(big.Int).SetUint64(a.Hi)
	z.Lsh(z, 64)
	return z.Or(z, new(big.Int).SetUint64(a.Lo))
}
