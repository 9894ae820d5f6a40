package availability

import (
	"math"
	"math/big"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// instant orders and rebuilds exactly as time.Time does, over every second
// count time.Time holds (no 1678–2262 limit as with UnixNano), for instants
// without monotonic readings and with them (ignored); add is the exact sum
// (a big.Int oracle) saturated at the first and last instants time.Time
// holds, and equals time.Time.Add (and loggedAt) whenever the sum is in
// range.
func TestPropertyInstantIsTimeTime(t *testing.T) {
	mono := time.Now() // a monotonic reading, to derive others with Add (tests only)
	rapid.Check(t, func(t *rapid.T) {
		draw := func(label string) time.Time {
			var tm time.Time
			switch rapid.IntRange(0, 3).Draw(t, label+"kind") {
			case 0: // anywhere
				tm = time.Unix(rapid.Int64().Draw(t, label+"sec"), rapid.Int64Range(0, 1e9-1).Draw(t, label+"ns"))
			case 1: // near the ends of time.Time's range
				s := rapid.Int64Range(-100, 100).Draw(t, label+"edge")
				lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
				base := hi - unixToInternal // wraps, as time.Unix's own sum
				if s < 0 {
					base = lo - unixToInternal
				}
				tm = time.Unix(base-s, rapid.Int64Range(0, 1e9-1).Draw(t, label+"ns"))
			case 2: // near now, with a monotonic reading
				tm = mono.Add(time.Duration(rapid.Int64Range(-1e12, 1e12).Draw(t, label+"d")))
			case 3:
				tm = at(time.Duration(rapid.Int64Range(-1e12, 1e12).Draw(t, label+"d")))
			}
			if rapid.Bool().Draw(t, label+"local") {
				tm = tm.In(time.FixedZone("X", 3600))
			}
			return tm
		}
		a, b := draw("a"), draw("b")
		d := time.Duration(rapid.Int64().Draw(t, "d"))
		if rapid.Bool().Draw(t, "small") {
			d = time.Duration(rapid.Int64Range(-3e9, 3e9).Draw(t, "d"))
		}
		wa, wb := wall(a), wall(b)
		require.Equal(t, wa.Compare(wb), instantOf(a).compare(instantOf(b)))
		require.Equal(t, wa, instantOf(a).time(a.Location()))

		ia := instantOf(a)
		got := ia.add(d)
		require.Equal(t, exactSum(ia, d), got)
		require.True(t, got.nsec >= 0 && got.nsec < 1e9)
		if d >= 0 {
			require.False(t, got.before(ia), "a + d before a")
		} else {
			require.False(t, ia.before(got), "a + d after a")
		}
		if got != lastInstant && got != firstInstant { // in range: as time.Time.Add
			require.Equal(t, wa.Add(d), got.time(a.Location()))
		}
		if d >= 0 {
			require.Equal(t, got.time(a.Location()), loggedAt(a, d))
		}
	})
}

// The package's instants are wall-clock (doc.go, Instants): calls,
// spans and asOf carrying monotonic clock readings give, on all three
// paths, the outages of the same instants without them, with no reading in
// any result. (time.Time.Add moves the wall and monotonic readings
// together, so a reading derived by Add cannot order differently from its
// wall clock; what this shows is that the paths strip readings alike.
// Some calls keep theirs and some do not, so comparisons mix both kinds.)
func TestPropertyMonotonicReadingsIgnored(t *testing.T) {
	m0 := time.Now()                         // carries a monotonic reading (tests only)
	rebase := func(tm time.Time) time.Time { // t0+d → m0+d, reading kept
		if tm.IsZero() {
			return tm
		}
		return m0.Add(tm.Sub(t0))
	}
	rapid.Check(t, func(t *rapid.T) {
		calls := genCalls(t)
		o := genOptions(t)
		asOf := rebase(at(time.Duration(rapid.IntRange(-60, 300).Draw(t, "asOf")) * time.Minute))
		mono := make([]kpi.Call, len(calls))
		plain := make([]kpi.Call, len(calls))
		for i := range calls {
			mono[i], plain[i] = calls[i], calls[i]
			mono[i].ReceivedAt = rebase(calls[i].ReceivedAt)
			if rapid.Bool().Draw(t, "strip") {
				mono[i].ReceivedAt = wall(mono[i].ReceivedAt)
			}
			plain[i].ReceivedAt = wall(mono[i].ReceivedAt)
		}
		want, _ := Reference(plain, wall(asOf), o)
		got, _ := Reference(mono, asOf, o)
		require.Equal(t, want, got, "Reference")
		spans := genCuts(t)
		for i := range spans {
			spans[i] = kpi.Interval{Start: rebase(spans[i].Start), End: rebase(spans[i].End)}
		}
		for _, key := range streamKeys(mono, o) {
			require.Equal(t, outagesOf(want, key), track(t, mono, streamOrder(t, mono, key, o), asOf, o), "Tracker %q", key)
			segs := make([]Segment, len(spans))
			for i, sp := range spans {
				segs[i], _ = Summarize(mono, nil, key, sp, o)
			}
			all := combineRandomly(t, segs)
			require.Equal(t, outagesOf(want, key), all.Outages(asOf), "Segments %q", key)
		}
	})
}

// exactSum is a + d computed in big integers (nanoseconds since year 1),
// clamped to the first and last instants time.Time holds.
func exactSum(a instant, d time.Duration) instant {
	e9 := big.NewInt(1e9)
	ns := func(sec int64, nsec int32) *big.Int {
		x := new(big.Int).Mul(big.NewInt(sec), e9)
		return x.Add(x, big.NewInt(int64(nsec)))
	}
	sum := ns(a.sec, a.nsec)
	sum.Add(sum, big.NewInt(int64(d)))
	switch {
	case sum.Cmp(ns(math.MaxInt64, 999_999_999)) > 0:
		return lastInstant
	case sum.Cmp(ns(math.MinInt64, 0)) < 0:
		return firstInstant
	}
	q, r := new(big.Int).DivMod(sum, e9, new(big.Int)) // Euclidean: 0 ≤ r < 1e9
	return instant{sec: q.Int64(), nsec: int32(r.Int64())}
}

// Instants far outside UnixNano's years 1678–2262 are neither refused nor
// wrong: a failure in 1500 closed by a success in 3000, and a success whose
// logged instant saturates at the last instant time.Time holds (its last
// second, 999,999,999 ns; loggedAt).
func TestTrackerInstantsOutsideUnixNano(t *testing.T) {
	last := time.Unix(math.MaxInt64-unixToInternal, 0).UTC() // the last second, 0 ns
	end := time.Unix(math.MaxInt64-unixToInternal, 999_999_999).UTC()
	for _, calls := range [][]kpi.Call{
		{
			{ReceivedAt: time.Date(1500, 1, 1, 0, 0, 0, 0, time.UTC), Endpoint: "A", Status: 503, TTLB: sec(1)},
			{ReceivedAt: time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), Endpoint: "A", Status: 200, TTLB: sec(1)},
		},
		{
			{ReceivedAt: last.Add(-sec(10)), Endpoint: "A", Status: 503, TTLB: sec(1)},
			{ReceivedAt: last.Add(-sec(5)), Endpoint: "A", Status: 200, TTLB: time.Hour},
		},
	} {
		want, err := Reference(calls, calls[1].ReceivedAt, Options{})
		require.NoError(t, err)
		require.Len(t, want, 1)
		// The interval runs from the failure's logged instant to the
		// success's: 1500-01-01T00:00:01 to 3000-01-01T00:00:01, or from
		// last−9 s to the last instant (last−5 s + 1 h saturates there).
		require.Equal(t, calls[0].ReceivedAt.Add(sec(1)), want[0].Start)
		if calls[0].ReceivedAt.Year() == 1500 {
			require.Equal(t, time.Date(3000, 1, 1, 0, 0, 1, 0, time.UTC), want[0].End)
		} else {
			require.Equal(t, end, want[0].End)
		}
		tr := NewTracker(Options{})
		for i := range calls {
			require.NoError(t, tr.Add(&calls[i], int64(i)))
		}
		require.Equal(t, want, tr.Finish(calls[1].ReceivedAt, nil))
	}
	// time.Time.Add caps only the seconds: last−5 s + 1 h is last, 0 ns.
	require.Equal(t, last, last.Add(-sec(5)).Add(time.Hour))
}
