// Package kpitest holds what the rule packages' tests share: a rapid
// generator of calls that are usually good and sometimes bad in every way
// package kpi's shared model names, the decoding of a fuzz input into a call, a fixed set
// of calls for benchmarks, the Merge laws (CheckMergeLaws) and the laws
// every binary encoding obeys (CheckCodec). It is imported by tests only.
package kpitest

import (
	"math"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// Base is the first instant the generators use: 2025-03-01T00:00:00Z.
var Base = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)

// Call draws a call spread over four UTC days and three endpoints, of
// every class (with 2xx codes outside 200/201/204 too, and every class's
// first and last status: 200/299, 300/399, 400/499, 500/599), attributable or
// not, rejected or not; about one in seven is bad input of one of the
// kpi's BAD INPUT kinds.
var Call = rapid.Custom(func(t *rapid.T) kpi.Call {
	c := kpi.Call{
		ReceivedAt:      Base.Add(time.Duration(rapid.Int64Range(0, 4*86400-1).Draw(t, "sec")) * time.Second),
		Endpoint:        rapid.SampledFrom([]string{"GET /accounts", "POST /payments", "GET /balances"}).Draw(t, "endpoint"),
		Status:          rapid.SampledFrom([]int{0, 200, 201, 204, 202, 206, 299, 300, 301, 302, 399, 400, 404, 429, 499, 500, 502, 503, 599}).Draw(t, "status"),
		TTLB:            time.Duration(rapid.Int64Range(0, 40e9).Draw(t, "ttlb")),
		NotAttributable: rapid.Bool().Draw(t, "notAttributable"),
		Rejected:        rapid.Bool().Draw(t, "rejected"),
	}
	c.TTFB, c.HasTTFB = c.TTLB/2, true
	switch rapid.IntRange(0, 40).Draw(t, "defect") {
	case 0:
		c.Status = rapid.IntRange(-2, 700).Draw(t, "anyStatus") // mostly bad
	case 1:
		c.ReceivedAt = time.Time{}
	case 2:
		c.Endpoint = ""
	case 3:
		c.TTLB, c.TTFB, c.HasTTFB = -1, 0, false
	case 4:
		c.TTFB = c.TTLB + 1
	case 5:
		c.ResponseBytes = -1
	case 6:
		c.Records = -1
	case 7: // a TTFB not flagged as measured: bad input if non-zero
		c.HasTTFB = false
	case 8, 9: // a good call whose TTFB was not measured
		c.TTFB, c.HasTTFB = 0, false
	}
	return c
})

// Calls draws up to 150 calls (rapid's own slices stay short).
var Calls = rapid.Custom(func(t *rapid.T) []kpi.Call {
	n := rapid.IntRange(0, 150).Draw(t, "n")
	calls := make([]kpi.Call, n)
	for i := range calls {
		calls[i] = Call.Draw(t, "call")
	}
	return calls
})

// ZeroTimeUnix is the fuzz input that stands for the zero ReceivedAt.
const ZeroTimeUnix = -62135596800

// FuzzCall builds the call a fuzz input describes; unix ZeroTimeUnix
// gives the zero ReceivedAt, so the fuzzer can reach that bad input.
func FuzzCall(unix int64, endpoint string, status int, ttfb, ttlb int64, ttfbUnknown, notAttributable, rejected bool) kpi.Call {
	c := kpi.Call{
		Endpoint:        endpoint,
		Status:          status,
		TTFB:            time.Duration(ttfb),
		TTLB:            time.Duration(ttlb),
		HasTTFB:         !ttfbUnknown,
		NotAttributable: notAttributable,
		Rejected:        rejected,
	}
	if unix != ZeroTimeUnix {
		c.ReceivedAt = time.Unix(unix, 0)
	}
	return c
}

// BenchCalls returns 1,024 good calls, one a second, cycling through
// statuses (every fifth one flagged rejected).
func BenchCalls(statuses ...int) []kpi.Call {
	calls := make([]kpi.Call, 1024)
	for i := range calls {
		calls[i] = kpi.Call{
			ReceivedAt: Base.Add(time.Duration(i) * time.Second),
			Endpoint:   "GET /accounts",
			Status:     statuses[i%len(statuses)],
			TTFB:       10 * time.Millisecond,
			HasTTFB:    true,
			TTLB:       90 * time.Millisecond,
			Rejected:   i%5 == 0,
		}
	}
	return calls
}

// CheckMergeLaws checks the laws every accumulator's Merge obeys, on three
// states built from independent inputs: commutative, associative, the zero
// value is the identity on both sides, the argument is left unchanged, and
// reset gives the zero value. States are compared with require.Equal, so
// unexported fields count.
func CheckMergeLaws[T any](t require.TestingT, a, b, c T, mergeErr func(into, from *T) error, reset func(*T)) {
	merge := func(into, from *T) { require.NoError(t, mergeErr(into, from)) }
	ab, ba := a, b
	merge(&ab, &b)
	merge(&ba, &a)
	require.Equal(t, ab, ba, "commutative")

	abc1, bc := ab, b
	merge(&abc1, &c)
	merge(&bc, &c)
	abc2 := a
	merge(&abc2, &bc)
	require.Equal(t, abc1, abc2, "associative")

	var zero T
	az, za := a, zero
	merge(&az, &zero)
	merge(&za, &a)
	require.Equal(t, a, az, "a + 0")
	require.Equal(t, a, za, "0 + a")

	before, x := b, a
	merge(&x, &b)
	require.Equal(t, before, b, "argument unchanged")

	reset(&x)
	require.Equal(t, zero, x, "reset gives the zero value")
}

// SplitMerge deals calls at random into up to six accumulators, then merges
// two random ones (in a random direction) until one is left, so that every
// split and every merge tree shape is reachable, and returns it. A property
// compares it with the accumulator of the whole input.
func SplitMerge[T any](t *rapid.T, calls []kpi.Call, add func(*T, *kpi.Call) error, merge func(into, from *T) error) T {
	k := rapid.IntRange(1, 6).Draw(t, "parts")
	parts := make([]*T, k)
	for i := range parts {
		parts[i] = new(T)
	}
	for i := range calls {
		_ = add(parts[rapid.IntRange(0, k-1).Draw(t, "part")], &calls[i])
	}
	for len(parts) > 1 {
		i := rapid.IntRange(0, len(parts)-1).Draw(t, "i")
		j := rapid.IntRange(0, len(parts)-2).Draw(t, "j")
		if j >= i {
			j++
		}
		require.NoError(t, merge(parts[i], parts[j]))
		parts = append(parts[:j], parts[j+1:]...)
	}
	return *parts[0]
}

// Count draws a count for a crafted state: small, near 2^64 − 1 (where
// sums of two wrap around), or anywhere in between.
var Count = rapid.OneOf(
	rapid.Uint64Range(0, 1000),
	rapid.Uint64Range(math.MaxUint64-1000, math.MaxUint64),
	rapid.Uint64Range(math.MaxUint64/2-1000, math.MaxUint64/2+1000),
	rapid.Uint64(),
)

// CountUpTo draws a count in [0, n], small, near n or anywhere.
func CountUpTo(t *rapid.T, n uint64, label string) uint64 {
	switch rapid.IntRange(0, 2).Draw(t, label+"Kind") {
	case 0:
		return rapid.Uint64Range(0, min(n, 1000)).Draw(t, label)
	case 1:
		return n - rapid.Uint64Range(0, min(n, 1000)).Draw(t, label)
	}
	return rapid.Uint64Range(0, n).Draw(t, label)
}
