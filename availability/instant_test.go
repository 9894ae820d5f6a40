package availability

import (
	"math"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// instant orders, adds and rebuilds exactly as time.Time does, over every
// second count time.Time holds (no 1678–2262 limit as with UnixNano), for
// instants without monotonic readings and with them (ignored).
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
		d := time.Duration(rapid.Int64Range(0, math.MaxInt64).Draw(t, "d"))
		if rapid.Bool().Draw(t, "small") {
			d = time.Duration(rapid.Int64Range(0, 3e9).Draw(t, "d"))
		}
		wa, wb := wall(a), wall(b)
		require.Equal(t, wa.Compare(wb), instantOf(a).compare(instantOf(b)))
		require.Equal(t, instantOf(wa.Add(d)), instantOf(a).add(d))
		require.Equal(t, wa, instantOf(a).time(a.Location()))
		require.Equal(t, wa.Add(d), instantOf(a).add(d).time(a.Location()))
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

// Instants far outside UnixNano's years 1678–2262 are neither refused nor
// wrong: a failure in 1500 closed by a success in 3000, and a success whose
// logged instant saturates at the last instant time.Time holds, as
// time.Time.Add does.
func TestTrackerInstantsOutsideUnixNano(t *testing.T) {
	last := time.Unix(math.MaxInt64-unixToInternal, 0).UTC()
	for _, calls := range [][]kpi.Call{
		{
			{ReceivedAt: time.Date(1500, 1, 1, 0, 0, 0, 0, time.UTC), Endpoint: "A", Status: 503, TTLB: sec(1), TTFBUnknown: true},
			{ReceivedAt: time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), Endpoint: "A", Status: 200, TTLB: sec(1), TTFBUnknown: true},
		},
		{
			{ReceivedAt: last.Add(-sec(10)), Endpoint: "A", Status: 503, TTLB: sec(1), TTFBUnknown: true},
			{ReceivedAt: last.Add(-sec(5)), Endpoint: "A", Status: 200, TTLB: time.Hour, TTFBUnknown: true},
		},
	} {
		want, err := Reference(calls, calls[1].ReceivedAt, Options{})
		require.NoError(t, err)
		require.Len(t, want, 1)
		// The interval runs from the failure's logged instant to the
		// success's: 1500-01-01T00:00:01 to 3000-01-01T00:00:01, or from
		// last−9 s to last (last−5 s + 1 h saturates).
		require.Equal(t, calls[0].ReceivedAt.Add(sec(1)), want[0].Start)
		require.Equal(t, calls[1].ReceivedAt.Add(calls[1].TTLB), want[0].End)
		tr := NewTracker(Options{})
		for i := range calls {
			require.NoError(t, tr.Add(&calls[i], int64(i)))
		}
		require.Equal(t, want, tr.Finish(calls[1].ReceivedAt, nil))
	}
	require.Equal(t, last, last.Add(-sec(5)).Add(time.Hour))
}
