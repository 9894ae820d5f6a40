package performance

import (
	"fmt"
	"math"
	"math/big"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/u128"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// t0 is the instant the test timelines start from: Monday 2024-03-04
// 00:00:00 UTC.
var t0 = time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)

// call builds a good call at t0+at.
func call(at time.Duration, status int, ttlb time.Duration) kpi.Call {
	return kpi.Call{ReceivedAt: t0.Add(at), Endpoint: "GET /accounts", Status: status, TTLB: ttlb}
}

// ratio parses an expected exact value ("725/2", "314.5728") or "nodata".
func ratio(t testing.TB, s string) kpi.Ratio {
	t.Helper()
	if s == "nodata" {
		return kpi.NoData
	}
	r, ok := new(big.Rat).SetString(s)
	require.True(t, ok, "bad expected value %q", s)
	return kpi.RatioOfRat(r)
}

// requireRatio fails unless got is exactly want ("nodata" for NoData).
// The message shows got as an exact fraction, not rounded.
func requireRatio(t testing.TB, want string, got kpi.Ratio, msg string, args ...any) {
	t.Helper()
	exact := "nodata"
	if r := got.Rat(); r != nil {
		exact = r.RatString()
	}
	require.Truef(t, ratio(t, want).Equal(got), "%s: got %s, want %s", fmt.Sprintf(msg, args...), exact, want)
}

// statsOf feeds calls to a fresh Stats made with opts.
func statsOf(opts Options, calls []kpi.Call) Stats {
	s := NewStats(opts)
	for i := range calls {
		_ = s.Add(&calls[i])
	}
	return s
}

// --- rapid generators -------------------------------------------------

var statuses = []int{0, 200, 201, 202, 204, 299, 302, 400, 404, 429, 500, 503, 599}

// genCall draws a call: mostly good, sometimes bad in one of the ways
// kpi.Check rejects, with durations, bytes and records at every scale.
func genCall(t *rapid.T, label string) kpi.Call {
	c := kpi.Call{
		ReceivedAt: t0.Add(time.Duration(rapid.Int64Range(-2_000, 90_000).Draw(t, label+"at")) * time.Millisecond),
		Endpoint:   "POST /payments",
		Status:     rapid.SampledFrom(statuses).Draw(t, label+"status"),
	}
	switch rapid.IntRange(0, 9).Draw(t, label+"scale") {
	case 0: // near the top of int64
		c.TTLB = time.Duration(rapid.Int64Range(math.MaxInt64/2, math.MaxInt64).Draw(t, label+"ttlb"))
	case 1: // tiny
		c.TTLB = time.Duration(rapid.Int64Range(0, 300).Draw(t, label+"ttlb"))
	default: // up to a minute
		c.TTLB = time.Duration(rapid.Int64Range(0, int64(time.Minute)).Draw(t, label+"ttlb"))
	}
	if rapid.Bool().Draw(t, label+"ttfbKnown") {
		c.TTFB, c.HasTTFB = time.Duration(rapid.Int64Range(0, int64(c.TTLB)).Draw(t, label+"ttfb")), true
	} else {
		c.HasTTFB = false
	}
	if rapid.IntRange(0, 9).Draw(t, label+"bigBytes") == 0 {
		c.ResponseBytes = rapid.Int64Range(0, math.MaxInt64).Draw(t, label+"bytes")
		c.Records = rapid.Int64Range(0, math.MaxInt64).Draw(t, label+"records")
	} else {
		c.ResponseBytes = rapid.Int64Range(0, 5_000_000).Draw(t, label+"bytes")
		c.Records = rapid.Int64Range(0, 1_000).Draw(t, label+"records")
	}
	switch rapid.IntRange(0, 24).Draw(t, label+"bad") {
	case 0:
		c.ReceivedAt = time.Time{}
	case 1:
		c.Status = 100
	case 2:
		c.TTLB = -c.TTLB - 1
	case 3:
		c.ResponseBytes = -1
	case 4:
		c.Endpoint = ""
	case 5:
		c.HasTTFB, c.TTFB = true, c.TTLB+1
	}
	return c
}

func genCalls(t *rapid.T, label string) []kpi.Call {
	n := rapid.IntRange(0, 60).Draw(t, label+"n")
	calls := make([]kpi.Call, n)
	for i := range calls {
		calls[i] = genCall(t, label)
	}
	return calls
}

func genOptions(t *rapid.T) Options {
	return Options{
		PageSize:  rapid.SampledFrom([]int{0, 1, 7, 100, 250}).Draw(t, "pageSize"),
		Threshold: rapid.SampledFrom([]time.Duration{0, time.Millisecond, 200 * time.Millisecond, 10 * time.Second}).Draw(t, "threshold"),
	}
}

// split cuts xs into k consecutive parts at random points (some empty).
func split[T any](t *rapid.T, xs []T) [][]T {
	k := rapid.IntRange(1, 5).Draw(t, "parts")
	cuts := make([]int, k-1)
	for i := range cuts {
		cuts[i] = rapid.IntRange(0, len(xs)).Draw(t, "cut")
	}
	// sort the cuts
	for i := range cuts {
		for j := i + 1; j < len(cuts); j++ {
			if cuts[j] < cuts[i] {
				cuts[i], cuts[j] = cuts[j], cuts[i]
			}
		}
	}
	var parts [][]T
	prev := 0
	for _, c := range cuts {
		parts = append(parts, xs[prev:c])
		prev = c
	}
	return append(parts, xs[prev:])
}

// order returns a random permutation of 0..n-1.
func order(t *rapid.T, n int) []int {
	return rapid.Permutation(func() []int {
		p := make([]int, n)
		for i := range p {
			p[i] = i
		}
		return p
	}()).Draw(t, "order")
}

func fromU64(v uint64) u128.U128 { return u128.From(v) }

func bigOf(v int64) *big.Int { return big.NewInt(v) }
