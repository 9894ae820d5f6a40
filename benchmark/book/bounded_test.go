package book

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
)

// logOrder returns the indices of calls in the order a log whose lines
// are written up to jitter after their ReceivedAt would hold them: each
// call's ReceivedAt plus a drawn delay in [0, jitter], sorted. No call then
// comes more than jitter after a call received later.
func logOrder(t *rapid.T, calls []kpi.Call, jitter time.Duration) []int {
	type key struct {
		at time.Time
		i  int
	}
	keys := make([]key, len(calls))
	for i := range calls {
		// The extremes often (a delay of exactly the jitter), else any.
		delay := time.Duration(rapid.SampledFrom([]int64{0, int64(jitter), int64(jitter) / 2, -1}).Draw(t, "delayKind"))
		if delay < 0 {
			delay = time.Duration(rapid.Int64Range(0, int64(jitter)).Draw(t, "delay"))
		}
		keys[i] = key{calls[i].ReceivedAt.Add(delay), i}
	}
	slices.SortStableFunc(keys, func(a, b key) int { return a.at.Compare(b.at) })
	out := make([]int, len(keys))
	for k := range keys {
		out[k] = keys[k].i
	}
	return out
}

// Property: a bounded book given calls whose disorder is within its bound
// closes to exactly Reference, whether the calls are added to it or read
// in consecutive pieces into books without a bound and merged or absorbed
// into it in order, and whether it walks the endpoints on one goroutine
// or several; with a bound smaller than the disorder it closes to
// Reference or fails with ErrLate, never to another result.
func TestPropBoundedEqualsReference(t *testing.T) {
	loc, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	rapid.Check(t, func(t *rapid.T) {
		cfg := genConfig(t, loc)
		calls := genCallsUpTo(t, loc, 120)
		planned, monitoring := genWindows(t, loc, "planned"), genWindows(t, loc, "monitoring")
		jitter := time.Duration(rapid.SampledFrom([]int64{0, 1, 30, 900, 7200}).Draw(t, "jitterSec")) * time.Second
		order := logOrder(t, calls, jitter)
		// A bound at the disorder or just above it, or any.
		d := jitter + time.Duration(rapid.SampledFrom([]int64{0, 1, int64(time.Second), int64(time.Hour)}).Draw(t, "boundOver"))
		if rapid.Bool().Draw(t, "anyBound") {
			d = time.Duration(rapid.SampledFrom([]int64{1, 30, 900, 3600, 7201}).Draw(t, "boundSec")) * time.Second
		}
		d = max(d, 1)
		b := New(cfg)
		require.NoError(t, b.SetDisorder(d))
		b.bnd.least = rapid.IntRange(1, 8).Draw(t, "least") // walk as often as every call
		b.bnd.flushAt = b.bnd.least
		b.bnd.feedMin = rapid.IntRange(0, 8).Draw(t, "feedMin")
		b.SetWorkers(rapid.SampledFrom([]int{1, 3}).Draw(t, "workers")) // the walks as they settle, and Close
		pieces := rapid.IntRange(0, 3).Draw(t, "pieces")                // 0: every call added to b
		if pieces == 0 {
			for _, i := range order {
				_ = b.Add(&calls[i], int64(i))
			}
		} else {
			for k := range pieces {
				part := New(cfg)
				for _, i := range order[k*len(order)/pieces : (k+1)*len(order)/pieces] {
					_ = part.Add(&calls[i], int64(i))
				}
				if rapid.Bool().Draw(t, "absorb") {
					require.NoError(t, b.Absorb(part))
				} else {
					require.NoError(t, b.Merge(part))
				}
			}
		}
		got, err := b.Close(time.Time{}, planned, monitoring)
		late, _, isLate := b.Late()
		if d >= jitter {
			require.NoError(t, err, "disorder %s within the bound %s", jitter, d)
			require.False(t, isLate)
		} else if err != nil {
			require.ErrorIs(t, err, ErrLate)
			require.True(t, isLate)
			require.NotZero(t, late)
			return
		}
		want, err := Reference(cfg, calls, time.Time{}, planned, monitoring)
		require.NoError(t, err)
		requireSameResult(t, want, got)
		// Close left the book as it was: closing again gives the same.
		again, err := b.Close(time.Time{}, planned, monitoring)
		require.NoError(t, err)
		requireSameResult(t, want, again)
	})
}

// A bounded book walks the calls received more than the bound before the
// latest one; a call that comes after a later one was walked is late, and
// Close says so instead of giving figures.
func TestBoundedLateCall(t *testing.T) {
	cfg := Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(time.UTC)}
	b := New(cfg)
	require.NoError(t, b.SetDisorder(time.Minute))
	b.bnd.least, b.bnd.flushAt = 1, 1
	t0 := time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)
	call := func(at time.Duration) *kpi.Call {
		return &kpi.Call{ReceivedAt: t0.Add(at), Endpoint: "GET /accounts", Status: 200, TTLB: time.Millisecond}
	}
	// 10:00 and 10:05: the 10:05 call settles 10:00 (more than a minute
	// before it), which is walked; 10:04:30 is within the minute: kept.
	require.NoError(t, b.Add(call(0), 1))
	require.NoError(t, b.Add(call(5*time.Minute), 2))
	require.NoError(t, b.Add(call(4*time.Minute+30*time.Second), 3))
	require.Equal(t, 2, b.Pending(), "10:00 walked, 10:05 and 10:04:30 pending")
	_, _, late := b.Late()
	require.False(t, late)
	// 10:00 again (ID 4, and ID 5 before it): at or before the walked
	// 10:00, so late; the smallest ID is named.
	require.NoError(t, b.Add(call(0), 5))
	require.NoError(t, b.Add(call(-time.Second), 4))
	n, first, late := b.Late()
	require.True(t, late)
	require.Equal(t, uint64(2), n)
	require.Equal(t, int64(4), first)
	require.Equal(t, uint64(5), b.Calls(), "the late calls are counted in every other figure")
	_, err := b.Close(time.Time{}, nil, nil)
	require.ErrorIs(t, err, ErrLate)
	require.ErrorContains(t, err, "2 call(s)")
}

// A bounded book that has walked calls merges only into an empty book;
// into another, Merge and Absorb refuse and change nothing. It has no
// encoding, and its bound cannot be removed.
func TestBoundedMergeRefusals(t *testing.T) {
	cfg := Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(time.UTC)}
	t0 := time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)
	mk := func(bound time.Duration, ats ...time.Duration) *Book {
		b := New(cfg)
		require.NoError(t, b.SetDisorder(bound))
		if b.bnd != nil {
			b.bnd.least, b.bnd.flushAt = 1, 1
		}
		for i, at := range ats {
			require.NoError(t, b.Add(&kpi.Call{ReceivedAt: t0.Add(at), Endpoint: "GET /accounts", Status: 503, TTLB: time.Millisecond}, int64(i)))
		}
		return b
	}
	walked := mk(time.Second, 0, time.Hour) // 10:00 walked
	require.True(t, walked.bnd.fed)
	other := mk(0, 2*time.Hour)
	require.ErrorIs(t, other.Merge(walked), ErrBoundedMerge)
	require.ErrorIs(t, other.Absorb(walked), ErrBoundedMerge)
	require.Equal(t, uint64(1), other.Calls())
	require.Equal(t, uint64(2), walked.Calls())
	_, err := walked.MarshalBinary()
	require.ErrorIs(t, err, ErrBoundedEncoding)
	require.ErrorIs(t, walked.SetDisorder(0), ErrBoundedWalked)

	want, err := walked.Close(time.Time{}, nil, nil)
	require.NoError(t, err)
	empty := New(cfg)
	require.NoError(t, empty.Merge(walked))
	got, err := empty.Close(time.Time{}, nil, nil)
	require.NoError(t, err)
	requireSameResult(t, want, got)
	moved := New(cfg)
	require.NoError(t, moved.Absorb(walked))
	require.Zero(t, walked.Calls())
	got, err = moved.Close(time.Time{}, nil, nil)
	require.NoError(t, err)
	requireSameResult(t, want, got)
	// Two 503s an hour apart, AV-CLOCK: one outage from the first call's
	// logged instant (AV-CLOCK-2: 10:00 plus its 1 ms TTLB), closed by no
	// success: it runs to asOf, the next midnight.
	outs := slices.Collect(got.Outages())
	require.Len(t, outs, 1)
	require.Equal(t, t0.Add(time.Millisecond), outs[0].Start.UTC())
	require.Equal(t, t0.Add(14*time.Hour), outs[0].End.UTC())
	// Books without a bound merge as before.
	require.NoError(t, other.Merge(mk(0, 3*time.Hour)))
}

// A bounded book's memory does not grow with the calls: over 200,000
// calls in time order (one every 400 ms, 22 hours of one day on one
// endpoint) with a bound of a minute, it holds at most 2 × 4,096 records
// at a time (the buffer is walked when it reaches 4,096 records, or
// twice what it kept: a minute is 150 calls), and allocates at least 30
// bytes a call less than a book without a bound, which keeps every
// 32-byte record (and its chunk's slack) until Close. The figures are
// the same.
func TestBoundedMemoryDoesNotGrowWithCalls(t *testing.T) {
	cfg := Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(time.UTC)}
	t0 := time.Date(2026, 5, 4, 1, 0, 0, 0, time.UTC)
	const n = 200_000
	calls := make([]kpi.Call, n)
	for i := range calls {
		status := 200
		if i%1000 == 999 {
			status = 503 // an outage now and then: the walks keep those
		}
		calls[i] = kpi.Call{ReceivedAt: t0.Add(time.Duration(i) * 400 * time.Millisecond), Endpoint: "GET /accounts", Status: status, TTLB: 50 * time.Millisecond}
	}
	run := func(bound time.Duration) (*Book, uint64) {
		b := New(cfg)
		require.NoError(t, b.SetDisorder(bound))
		most := 0
		bytes := kpitest.AllocatedBy(func() {
			for i := range calls {
				_ = b.Add(&calls[i], int64(i))
				if bound > 0 && i%1000 == 0 {
					most = max(most, b.Pending())
				}
			}
		})
		if bound > 0 {
			require.LessOrEqual(t, most, 2*minFlush)
			require.LessOrEqual(t, b.Pending(), 2*minFlush)
		}
		return b, bytes
	}
	all, allBytes := run(0)
	bounded, boundedBytes := run(time.Minute)
	require.Equal(t, n, all.Pending())
	require.GreaterOrEqual(t, float64(allBytes)-float64(boundedBytes), float64(30*n), "all %d B, bounded %d B", allBytes, boundedBytes)
	want, err := all.Close(time.Time{}, nil, nil)
	require.NoError(t, err)
	got, err := bounded.Close(time.Time{}, nil, nil)
	require.NoError(t, err)
	requireSameResult(t, want, got)
	require.Equal(t, n/1000, got.NumOutages(), "one outage per 503")
}
