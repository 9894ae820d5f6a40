package availability

import (
	"math"
	"time"

	"github.com/openfinance-kpi/kpi"
)

// instant is a wall-clock instant as integers, for the Tracker's hot path:
// seconds since January 1, year 1 UTC (time.Time's own internal count, so
// every time.Time has one, with no range limit) and nanoseconds. Comparing
// two instants is two integer compares, inlined; time.Time's Compare,
// Before and Add are calls (about 110 instructions each in Go 1.26), and
// they made up most of Tracker.Add. Measured (AV-CLOCK, 2 shared cores):
// the perfsuite's BenchmarkTracker went from 21–31 to 16 ns per call, this
// package's BenchmarkTrackerAddClock from 51 to 38 ns.
//
// An instant ignores monotonic clock readings, like every instant of this
// package (see the package documentation, section Instants).
type instant struct {
	sec  int64 // since January 1, year 1, 00:00:00 UTC
	nsec int32 // [0, 1e9)
}

// unixToInternal is the seconds from year 1 to 1970 (time's own constant):
// t.Unix() + unixToInternal is t's internal second count exactly, wrapping
// arithmetic included, so instants order every time.Time.
const unixToInternal int64 = (1969*365 + 1969/4 - 1969/100 + 1969/400) * 24 * 60 * 60

// instantOf returns t's wall-clock instant (inlined: Unix and Nanosecond
// are).
func instantOf(t time.Time) instant {
	return instant{sec: t.Unix() + unixToInternal, nsec: int32(t.Nanosecond())}
}

func (a instant) before(b instant) bool {
	return a.sec < b.sec || a.sec == b.sec && a.nsec < b.nsec
}

func (a instant) compare(b instant) int {
	switch {
	case a.before(b):
		return -1
	case b.before(a):
		return 1
	}
	return 0
}

// lastInstant and firstInstant are the last and first instants time.Time
// holds: the largest and smallest internal second, nanoseconds 999,999,999
// and 0.
var (
	lastInstant  = instant{sec: math.MaxInt64, nsec: 999_999_999}
	firstInstant = instant{sec: math.MinInt64}
)

// add returns a + d, saturating at the last instant time.Time holds
// (lastInstant) when the exact sum lies beyond it, so a + d is never
// before a for d ≥ 0. time.Time.Add saturates the seconds alone and lets
// the nanoseconds wrap, which can land before a in the last second; add
// does not copy that. A negative d (never one of this package: TTLB < 0 is
// bad input and probe intervals are positive) is guarded explicitly: the
// sum saturates at firstInstant, so add is exact or saturated for every d.
func (a instant) add(d time.Duration) instant {
	if d < 0 {
		return addNegative(a, d) // not inlined here: keeps add within the inlining budget
	}
	// d >= 0, the hot path (a TTLB): unsigned division by a constant, one
	// carry, one overflow test. Measured with the perfsuite's
	// BenchmarkTracker (-count 3, twice each): 17.1-17.7 ns per call with
	// one inlined signed two-sided version, 16.5-17.0 with this one, which
	// is not inlined (the call to addNegative puts it over the budget).
	sec := a.sec + int64(uint64(d)/uint64(time.Second)) // < 2^34: no overflow on its own
	nsec := a.nsec + int32(uint64(d)%uint64(time.Second))
	if nsec >= 1e9 {
		sec++
		nsec -= 1e9
	}
	if sec < a.sec { // the seconds overflowed
		return lastInstant
	}
	return instant{sec: sec, nsec: nsec}
}

// addNegative is add for d < 0, saturating at firstInstant.
//
//go:noinline
func addNegative(a instant, d time.Duration) instant {
	sec := a.sec + int64(d/time.Second)
	nsec := a.nsec + int32(d%time.Second)
	if nsec < 0 {
		sec--
		nsec += 1e9
	}
	if sec > a.sec { // the seconds underflowed
		return firstInstant
	}
	return instant{sec: sec, nsec: nsec}
}

// loggedAt returns t + d, wall-clock (no monotonic reading), in t's zone,
// saturating at the last instant time.Time holds as instant.add does: the
// one sum of this package (AV-CLOCK-2's logged instant ReceivedAt + TTLB,
// AV-CONSEC's success end, RG-PROBE-1's t + interval), so that Reference,
// Tracker, Segment, Probes and ProbeTracker add alike and no such sum is
// before its base.
func loggedAt(t time.Time, d time.Duration) time.Time {
	return instantOf(t).add(d).time(t.Location())
}

// inSpan reports whether t lies in span [Start, End), or is the last
// instant time.Time holds and span ends there: no half-open span can
// contain that instant, where a logged instant saturates (loggedAt), so
// the span that reaches it holds it.
func inSpan(span kpi.Interval, t time.Time) bool {
	return span.Contains(t) || instantOf(span.End) == lastInstant && instantOf(t) == lastInstant
}

// time returns the instant as a time.Time in loc, without a monotonic
// reading: equal (==) to wall(t) for the t it came from with loc =
// t.Location().
func (a instant) time(loc *time.Location) time.Time {
	return time.Unix(a.sec-unixToInternal, int64(a.nsec)).In(loc)
}

// wall returns t without its monotonic clock reading (Round(0)).
func wall(t time.Time) time.Time { return t.Round(0) }

// wallCalls returns calls with every ReceivedAt stripped of its monotonic
// clock reading: calls itself if none has one, else a copy. Reference and
// Summarize take their calls through it, so that they see the instants the
// Tracker sees.
func wallCalls(calls []kpi.Call) []kpi.Call {
	for i := range calls {
		if calls[i].ReceivedAt != wall(calls[i].ReceivedAt) {
			cp := make([]kpi.Call, len(calls))
			copy(cp, calls)
			for j := i; j < len(cp); j++ {
				cp[j].ReceivedAt = wall(cp[j].ReceivedAt)
			}
			return cp
		}
	}
	return calls
}
