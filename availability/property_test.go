package availability

import (
	"testing"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// Rules AV-CLOCK-1..6, AV-CONSEC-1/2, AV-SCOPE-1: on any calls (ties, 4xx,
// non-attributable calls, late replies, status 0, bad input, midnight), for
// both rules and every option, the Tracker fed each stream in ReceivedAt
// order (ties in any order) gives exactly the Reference's outages.
//
// Calls start near t0 or near the ends of time.Time's range (genBase:
// logged instants that saturate at the last instant, negative seconds with
// a nanosecond borrow), in several zones, which every path keeps alike.
func TestPropertyTrackerEqualsReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sc := genScene(t, false)
		calls, asOf := sc.calls, sc.asOf
		o := genOptions(t)
		want, _ := Reference(calls, asOf, o)
		for _, key := range streamKeys(calls, o) {
			got := track(t, calls, streamOrder(t, calls, key, o), asOf, o)
			require.Equal(t, outagesOf(want, key), got, "stream %q", key)
		}
	})
}

// Rule AV-MERGE-1: any cut of the stream into segments, summarised apart
// and combined in any order, gives exactly the Reference's outages.
// Inputs as in TestPropertyTrackerEqualsReference (anywhere in time.Time's
// range, several zones); the last span may end at the last instant.
func TestPropertySegmentsEqualReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sc := genScene(t, false)
		calls, asOf := sc.calls, sc.asOf
		o := genOptions(t)
		want, _ := Reference(calls, asOf, o)
		spans := genCutsFrom(t, sc.base, sc.div)
		for _, key := range streamKeys(calls, o) {
			segs := make([]Segment, len(spans))
			for i, sp := range spans {
				var err error
				segs[i], err = Summarize(calls, nil, key, sp, o)
				if err != nil {
					var ie *kpi.InputError
					require.ErrorAs(t, err, &ie)
				}
			}
			all := combineRandomly(t, segs)
			require.Equal(t, outagesOf(want, key), all.Outages(asOf), "stream %q", key)
		}
	})
}
