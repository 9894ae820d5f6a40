package availability

import (
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// summarizeAll cuts one stream at the given spans.
func summarizeAll(t *rapid.T, calls []kpi.Call, key string, spans []kpi.Interval, o Options) []Segment {
	segs := make([]Segment, len(spans))
	for i, sp := range spans {
		segs[i], _ = Summarize(calls, nil, key, sp, o)
	}
	return segs
}

// canon returns s with empty slices as nil, for comparing states.
func canon(s Segment) Segment {
	c := s.Clone()
	if len(c.s.lead) == 0 {
		c.s.lead = nil
	}
	if len(c.s.mid) == 0 {
		c.s.mid = nil
	}
	if len(c.s.tail) == 0 {
		c.s.tail = nil
	}
	return c
}

// Rule AV-MERGE-1 algebra: Combine is commutative and associative (equal
// states, not just equal outages), the zero Segment is its identity, and
// neither Combine nor Merge changes its argument.
func TestPropertySegmentAlgebra(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		calls := genCalls(t)
		o := genOptions(t)
		keys := streamKeys(calls, o)
		if len(keys) == 0 {
			return
		}
		key := rapid.SampledFrom(keys).Draw(t, "key")
		spans := genCuts(t)
		if len(spans) < 3 {
			return
		}
		i := rapid.IntRange(0, len(spans)-3).Draw(t, "i")
		segs := summarizeAll(t, calls, key, spans[i:i+3], o)
		a, b, c := segs[0], segs[1], segs[2]
		aCopy, bCopy := a.Clone(), b.Clone()

		ab, err := Combine(a, b)
		require.NoError(t, err)
		ba, err := Combine(b, a)
		require.NoError(t, err)
		require.Equal(t, canon(ab), canon(ba), "commutative")
		require.Equal(t, canon(aCopy), canon(a), "Combine leaves its arguments unchanged")
		require.Equal(t, canon(bCopy), canon(b))

		abc1, err := Combine(ab, c)
		require.NoError(t, err)
		bc, err := Combine(b, c)
		require.NoError(t, err)
		abc2, err := Combine(a, bc)
		require.NoError(t, err)
		require.Equal(t, canon(abc1), canon(abc2), "associative")

		var zero Segment
		za, err := Combine(zero, a)
		require.NoError(t, err)
		az, err := Combine(a, zero)
		require.NoError(t, err)
		require.Equal(t, canon(a), canon(za), "zero is the identity")
		require.Equal(t, canon(a), canon(az))

		m := b.Clone()
		require.NoError(t, m.Merge(&a))
		require.Equal(t, canon(aCopy), canon(a), "Merge leaves its argument unchanged")
		require.Equal(t, canon(ab), canon(m))
	})
}

// Rule AV-MERGE-1: segments need not be adjacent when no call has an
// instant between them; here the empty segments are left out and the rest
// combined neighbour with neighbour in a random order.
func TestPropertySegmentsSkippingEmptyOnes(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		calls := genCalls(t)
		o := genOptions(t)
		asOf := at(time.Duration(rapid.IntRange(0, 300).Draw(t, "asOf")) * time.Minute)
		want, _ := Reference(calls, asOf, o)
		spans := genCuts(t)
		for _, key := range streamKeys(calls, o) {
			var kept []Segment
			for _, s := range summarizeAll(t, calls, key, spans, o) {
				if !s.Empty() {
					kept = append(kept, s)
				}
			}
			all := combineRandomly(t, kept)
			require.Equal(t, outagesOf(want, key), all.Outages(asOf))
		}
	})
}

// Rule AV-MERGE-1 by hand: a series that straddles two segments. Five
// 503s at 0..4 s, a success at 10s; cut at 2.5 s: the first segment holds
// three unanswered calls, the second two and the success.
func TestSegmentStraddlingSeries(t *testing.T) {
	calls := []kpi.Call{call("A", 0, 503, 0), call("A", sec(1), 503, 0), call("A", sec(2), 503, 0),
		call("A", sec(3), 503, 0), call("A", sec(4), 503, 0), call("A", sec(10), 200, 0)}
	o := Options{Rule: Consecutive}
	cut := at(ms(2500))
	a, err := Summarize(calls, nil, "A", kpi.Interval{Start: t0, End: cut}, o)
	require.NoError(t, err)
	b, err := Summarize(calls, nil, "A", kpi.Interval{Start: cut, End: at(time.Minute)}, o)
	require.NoError(t, err)
	require.Empty(t, a.Outages(at(time.Minute)))
	require.Empty(t, b.Outages(at(time.Minute)))
	ab, err := Combine(b, a)
	require.NoError(t, err)
	// [0, 10s): opened by call 0 (in a), closed by call 5 (in b).
	require.Equal(t, []Outage{{Endpoint: "A", Start: t0, End: at(sec(10)),
		Opened: Evidence{Kind: Call, At: t0, Endpoint: "A", ID: 0},
		Closed: Evidence{Kind: Call, At: at(sec(10)), Endpoint: "A", ID: 5}}}, ab.Outages(at(time.Minute)))
	require.Equal(t, kpi.Interval{Start: t0, End: at(time.Minute)}, ab.Span())
	require.Equal(t, "A", ab.Endpoint())
}

// Combine refuses what it cannot combine.
func TestSegmentErrors(t *testing.T) {
	calls := []kpi.Call{call("A", 0, 503, 0), call("B", 0, 503, 0)}
	h := func(a, b time.Duration) kpi.Interval { return kpi.Interval{Start: at(a), End: at(b)} }
	a1, _ := Summarize(calls, nil, "A", h(0, time.Hour), Options{})
	a2, _ := Summarize(calls, nil, "A", h(30*time.Minute, 2*time.Hour), Options{})
	b1, _ := Summarize(calls, nil, "B", h(time.Hour, 2*time.Hour), Options{})
	c1, _ := Summarize(calls, nil, "A", h(time.Hour, 2*time.Hour), Options{Rule: Consecutive})
	_, err := Combine(a1, a2)
	require.ErrorIs(t, err, SegmentsOverlap)
	_, err = Combine(a1, b1)
	require.ErrorIs(t, err, OtherEndpoint)
	_, err = Combine(a1, c1)
	require.ErrorIs(t, err, kpi.ErrOptionsDiffer)
	_, err = Summarize(calls, nil, "A", h(time.Hour, time.Hour), Options{})
	require.ErrorIs(t, err, EmptySpan)
	_, err = Summarize(calls, nil, "A", h(0, time.Hour), Options{InterfaceWide: true})
	require.ErrorIs(t, err, OtherEndpoint)
	_, err = Summarize(calls, []int64{1}, "A", h(0, time.Hour), Options{})
	require.ErrorIs(t, err, IDCount)
	// Options that do not decide outages do not stop a combination.
	d1, _ := Summarize(calls, nil, "A", h(time.Hour, 2*time.Hour), Options{FixedDayLength: true, N: 3})
	_, err = Combine(a1, d1)
	require.NoError(t, err)
	// Bad calls are reported beside the segment.
	bad := []kpi.Call{call("A", 0, 503, -time.Second), call("A", sec(1), 503, 0)}
	s, err := Summarize(bad, []int64{10, 11}, "A", h(0, time.Hour), Options{})
	var ie *kpi.InputError
	require.ErrorAs(t, err, &ie)
	require.Len(t, ie.Calls, 1)
	require.Equal(t, int64(11), s.Outages(at(time.Hour))[0].Opened.ID)
	// Reset keeps nothing but storage.
	s.Reset()
	require.Empty(t, s.Outages(at(time.Hour)))
	require.Equal(t, kpi.Interval{}, s.Span())
}
