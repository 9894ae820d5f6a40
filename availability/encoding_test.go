package availability

import (
	"encoding"
	"slices"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/wire"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// Encoding: the binary encodings of Segment, Tracker and ProbeTracker.

var (
	_ encoding.BinaryMarshaler   = Segment{}
	_ encoding.BinaryAppender    = Segment{}
	_ encoding.BinaryUnmarshaler = (*Segment)(nil)
	_ encoding.BinaryAppender    = (*Tracker)(nil)
	_ encoding.BinaryUnmarshaler = (*Tracker)(nil)
	_ encoding.BinaryAppender    = (*ProbeTracker)(nil)
	_ encoding.BinaryUnmarshaler = (*ProbeTracker)(nil)
)

// roundTripSegment encodes s, decodes it, and checks the decoded value
// equals s (as a state), encodes to the same bytes, and that every strict
// prefix fails with wire.ErrTruncated.
func roundTripSegment(t require.TestingT, s Segment) Segment {
	b, err := s.MarshalBinary()
	require.NoError(t, err)
	var d Segment
	require.NoError(t, d.UnmarshalBinary(b))
	require.Equal(t, canon(s), canon(d))
	again, err := d.MarshalBinary()
	require.NoError(t, err)
	require.Equal(t, b, again, "re-encoding gives the same bytes")
	app, err := s.AppendBinary([]byte("prefix"))
	require.NoError(t, err)
	require.Equal(t, append([]byte("prefix"), b...), app)
	for n := 0; n < len(b); n++ {
		var p Segment
		require.ErrorIs(t, p.UnmarshalBinary(b[:n]), wire.ErrTruncated, "prefix %d of %d", n, len(b))
	}
	return d
}

// Rule AV-MERGE-1 through the encoding: segments summarised over a random
// cut, some of them encoded and decoded (and some combinations too),
// combined in a random order, give the same Outages and the same day
// accounting as the combination of the originals, and as Reference.
func TestPropertySegmentEncodingRoundTrip(t *testing.T) {
	cal := kpi.NewCalendar(time.FixedZone("UTC+4", 4*3600))
	rapid.Check(t, func(t *rapid.T) {
		calls := genCalls(t)
		o := genOptions(t)
		asOf := at(time.Duration(rapid.IntRange(-60, 300).Draw(t, "asOf")) * time.Minute)
		want, _ := Reference(calls, asOf, o)
		spans := genCuts(t)
		for _, key := range streamKeys(calls, o) {
			segs := summarizeAll(t, calls, key, spans, o)
			enc := make([]Segment, len(segs))
			for i, s := range segs {
				enc[i] = s
				if rapid.Bool().Draw(t, "encode") {
					enc[i] = roundTripSegment(t, s)
				}
			}
			// Combine some neighbours, then round-trip the combination.
			if len(enc) > 1 && rapid.Bool().Draw(t, "encodeCombined") {
				i := rapid.IntRange(0, len(enc)-2).Draw(t, "at")
				ab, err := Combine(enc[i], enc[i+1])
				require.NoError(t, err)
				enc = append(enc[:i], append([]Segment{roundTripSegment(t, ab)}, enc[i+2:]...)...)
			}
			orig := combineRandomly(t, segs)
			got := combineRandomly(t, enc)
			require.Equal(t, canon(orig), canon(got), "stream %q", key)
			require.Equal(t, orig.Outages(asOf), got.Outages(asOf))
			require.Equal(t, outagesOf(want, key), got.Outages(asOf))
			require.Equal(t, orig.Span(), got.Span())
			require.Equal(t, orig.Endpoint(), got.Endpoint())
			require.Equal(t, orig.Empty(), got.Empty())
			first, last := cal.DateOf(t0.Add(-time.Hour)), cal.DateOf(asOf.Add(48*time.Hour))
			require.Equal(t, Days(cal, first, last, key, orig.Outages(asOf), nil, nil),
				Days(cal, first, last, key, got.Outages(asOf), nil, nil))
			roundTripSegment(t, got)
		}
	})
}

// The zero Segment, and one Reset, encode as the zero Segment.
func TestSegmentEncodingZero(t *testing.T) {
	var z Segment
	b, err := z.MarshalBinary()
	require.NoError(t, err)
	require.Equal(t, []byte{wire.Magic, byte(wire.KindSegment), 1, 0}, b)
	d := roundTripSegment(t, z)
	require.Equal(t, Segment{}, d)

	s, err := Summarize([]kpi.Call{call("A", 0, 503, 0)}, nil, "A", kpi.Interval{Start: t0, End: at(time.Hour)}, Options{})
	require.NoError(t, err)
	s.Reset()
	got, err := s.MarshalBinary()
	require.NoError(t, err)
	require.Equal(t, b, got)
}

// Rule AV-MERGE-1 by hand through the encoding (the straddling series of
// TestSegmentStraddlingSeries): five 503s at 0..4 s and a success at 10 s,
// cut at 2.5 s; both halves go through the encoding, combine to [0, 10 s).
func TestSegmentEncodingStraddlingSeries(t *testing.T) {
	calls := []kpi.Call{call("A", 0, 503, 0), call("A", sec(1), 503, 0), call("A", sec(2), 503, 0),
		call("A", sec(3), 503, 0), call("A", sec(4), 503, 0), call("A", sec(10), 200, 0)}
	o := Options{Rule: Consecutive}
	cut := at(ms(2500))
	a, err := Summarize(calls, nil, "A", kpi.Interval{Start: t0, End: cut}, o)
	require.NoError(t, err)
	b, err := Summarize(calls, nil, "A", kpi.Interval{Start: cut, End: at(time.Minute)}, o)
	require.NoError(t, err)
	require.Len(t, a.s.tail, 3, "N−1 = 4: the first half keeps its three unanswered calls")
	ab, err := Combine(roundTripSegment(t, b), roundTripSegment(t, a))
	require.NoError(t, err)
	require.Equal(t, []Outage{{Endpoint: "A", Start: t0, End: at(sec(10)),
		Opened: Evidence{Kind: Call, At: t0, Endpoint: "A", ID: 0},
		Closed: Evidence{Kind: Call, At: at(sec(10)), Endpoint: "A", ID: 5}}}, ab.Outages(at(time.Minute)))
}

// Instants decode in UTC: results are the same instants (time.Time.Equal)
// and the same day accounting, only the location of the instants in the
// outages differs.
func TestSegmentEncodingKeepsInstantsNotLocations(t *testing.T) {
	dubai := time.FixedZone("Dubai", 4*3600)
	c1 := call("A", 0, 503, 0)
	c1.ReceivedAt = c1.ReceivedAt.In(dubai)
	c2 := call("A", time.Hour, 200, 0)
	c2.ReceivedAt = c2.ReceivedAt.In(dubai)
	s, err := Summarize([]kpi.Call{c1, c2}, nil, "A", kpi.Interval{Start: t0, End: at(2 * time.Hour)}, Options{})
	require.NoError(t, err)
	b, err := s.MarshalBinary()
	require.NoError(t, err)
	var d Segment
	require.NoError(t, d.UnmarshalBinary(b))
	want, got := s.Outages(at(3*time.Hour)), d.Outages(at(3*time.Hour))
	require.Len(t, got, 1)
	require.True(t, want[0].Start.Equal(got[0].Start) && want[0].End.Equal(got[0].End))
	require.Equal(t, dubai, want[0].Start.Location())
	require.Equal(t, time.UTC, got[0].Start.Location())
	cal := kpi.NewCalendar(dubai)
	dw := Days(cal, cal.DateOf(t0), cal.DateOf(t0), "A", want, nil, nil)
	dg := Days(cal, cal.DateOf(t0), cal.DateOf(t0), "A", got, nil, nil)
	require.Equal(t, time.Hour, dw[0].Total) // [23:00, 00:00) UTC = 1 h, inside the Dubai day of 2025-03-30
	require.Equal(t, dw[0].Total, dg[0].Total)
	require.Equal(t, dw[0].UptimePercent(Options{}), dg[0].UptimePercent(Options{}))
}

// segmentBase is a Consecutive (N = 3) segment with every part filled: a
// leading run, a closed leading series, a middle interval, a trailing run
// and an open trailing series.
func segmentBase(t require.TestingT) Segment {
	var calls []kpi.Call
	add := func(s int64, status int) { calls = append(calls, call("A", sec(s), status, 0)) }
	add(0, 503)
	add(1, 503)
	add(2, 503) // series [0 s, 3 s)
	add(3, 200)
	add(4, 503)
	add(5, 503)
	add(6, 503) // series [4 s, 7 s)
	add(7, 200)
	add(8, 503)
	add(9, 503) // trailing run of 2 = N−1, no series
	s, err := Summarize(calls, nil, "A", kpi.Interval{Start: t0, End: at(time.Minute)}, Options{Rule: Consecutive, N: 3})
	require.NoError(t, err)
	require.Len(t, s.s.lead, 2)
	require.True(t, s.s.leadRaw.ok)
	require.Len(t, s.s.mid, 1)
	require.Len(t, s.s.tail, 2)
	require.True(t, s.s.hasSucc)
	return s
}

// A decoded Segment satisfies the invariants Merge and Outages rely on, or
// the decoder fails with wire.ErrInvalid: each case breaks one.
func TestSegmentDecodeRefusesImpossibleStates(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(s *Segment)
	}{
		{"empty span", func(s *Segment) { s.span.End = s.span.Start }},
		{"span reversed", func(s *Segment) { s.span.Start, s.span.End = s.span.End, s.span.Start }},
		{"options not an outage key", func(s *Segment) { s.opts.FixedDayLength = true }},
		{"options not normalized", func(s *Segment) { s.opts.Window = 0 }},
		{"negative N", func(s *Segment) { s.opts.N = -3 }},
		{"unknown rule", func(s *Segment) { s.opts.Rule = 7 }},
		{"endpoint under InterfaceWide", func(s *Segment) { s.opts.InterfaceWide = true }},
		{"lead longer than N-1", func(s *Segment) { s.s.lead = append(s.s.lead, s.s.lead[1]) }},
		{"tail longer than N-1", func(s *Segment) { s.s.tail = append(s.s.tail, s.s.tail[1]) }},
		{"lead unordered", func(s *Segment) { s.s.lead[0], s.s.lead[1] = s.s.lead[1], s.s.lead[0] }},
		{"tail unordered", func(s *Segment) { s.s.tail[0], s.s.tail[1] = s.s.tail[1], s.s.tail[0] }},
		{"tail suffix elsewhere", func(s *Segment) { s.s.tail[0].suffix.first = s.s.tail[0].suffix.first.Add(-time.Second) }},
		{"intervals unordered", func(s *Segment) { s.s.leadRaw, s.s.mid[0] = s.s.mid[0], s.s.leadRaw }},
		{"leading interval open after a success", func(s *Segment) {
			s.s.leadRaw.closed = false
			s.s.leadRaw.end = time.Time{}
			s.s.leadRaw.closer = Evidence{}
		}},
		{"middle interval open", func(s *Segment) {
			s.s.mid[0].closed = false
			s.s.mid[0].end = time.Time{}
			s.s.mid[0].closer = Evidence{}
		}},
		{"trailing interval closed", func(s *Segment) { s.s.tailDown = s.s.mid[0] }},
		{"middle interval without success", func(s *Segment) { s.s.hasSucc = false; s.s.s1 = Evidence{}; s.s.leadGap = gapRun{} }},
		{"interval ends before it starts", func(s *Segment) { s.s.mid[0].end = s.s.mid[0].start.Add(-1); s.s.mid[0].closer.At = s.s.mid[0].end }},
		{"opener not at the start", func(s *Segment) { s.s.mid[0].opener.At = s.s.mid[0].opener.At.Add(1) }},
		{"closer not at the end", func(s *Segment) { s.s.mid[0].closer.At = s.s.mid[0].closer.At.Add(1) }},
		{"evidence of a probe", func(s *Segment) { s.s.lead[0].Kind = ProbeResult }},
		{"evidence kind unknown", func(s *Segment) { s.s.lead[0].Kind = 99 }},
		{"arrivals outside the span", func(s *Segment) { s.s.arr.last = s.span.End }},
		{"arrivals backwards", func(s *Segment) { s.s.arr.first, s.s.arr.last = s.s.arr.last, s.s.arr.first }},
		{"negative gap", func(s *Segment) { s.s.arr.max = -1 }},
		{"success without arrivals", func(s *Segment) { s.s.leadGap = gapRun{} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := segmentBase(t)
			b, err := s.MarshalBinary()
			require.NoError(t, err)
			var ok Segment
			require.NoError(t, ok.UnmarshalBinary(b), "the base is valid")
			tc.mutate(&s)
			b, err = s.MarshalBinary()
			require.NoError(t, err)
			before := ok.Clone()
			require.ErrorIs(t, ok.UnmarshalBinary(b), wire.ErrInvalid)
			require.Equal(t, canon(before), canon(ok), "on error the receiver is unchanged")
		})
	}
}

// Header errors: another kind, another magic, a later version, bytes left
// over; the receiver is unchanged on every error.
func TestSegmentDecodeErrors(t *testing.T) {
	s := segmentBase(t)
	b, err := s.MarshalBinary()
	require.NoError(t, err)
	var d Segment
	foreign := append([]byte{}, b...)
	foreign[1] = byte(wire.KindTracker)
	require.ErrorIs(t, d.UnmarshalBinary(foreign), wire.ErrForeign)
	require.ErrorIs(t, d.UnmarshalBinary([]byte("{\"json\": true}")), wire.ErrForeign)
	later := append([]byte{}, b...)
	later[2] = 2
	require.ErrorIs(t, d.UnmarshalBinary(later), wire.ErrVersion)
	require.ErrorIs(t, d.UnmarshalBinary(append(b, 0)), wire.ErrTrailing)
	require.Equal(t, Segment{}, d)
	tb, err := NewTracker(Options{}).MarshalBinary()
	require.NoError(t, err)
	require.ErrorIs(t, d.UnmarshalBinary(tb), wire.ErrForeign)
	require.ErrorContains(t, d.UnmarshalBinary(tb), "availability.Segment")
}

// AppendBinary into a buffer with room does not allocate.
func TestSegmentAppendBinaryAllocs(t *testing.T) {
	s := segmentBase(t)
	buf := make([]byte, 0, 4096)
	allocs := testing.AllocsPerRun(100, func() {
		buf, _ = s.AppendBinary(buf[:0])
	})
	require.Zero(t, allocs)
}

// FuzzUnmarshalSegment: decoding never panics; a decoded Segment re-encodes
// to a value that decodes equal, and can be combined with a neighbour and
// report its outages without panicking.
func FuzzUnmarshalSegment(f *testing.F) {
	calls := []kpi.Call{call("A", 0, 503, 0), call("A", sec(1), 0, 0), call("A", sec(2), 503, sec(40)),
		call("A", sec(3), 200, sec(1)), call("A", sec(9), 503, 0), call("A", sec(20), 200, 0), call("A", sec(30), 503, 0)}
	for _, o := range []Options{{}, {Rule: Consecutive, N: 2}, {Rule: Consecutive, NoSpanCondition: true}} {
		for _, end := range []time.Duration{sec(2), sec(10), time.Minute} {
			s, _ := Summarize(calls, []int64{1, 2, 3, 4, 5, 6, 7}, "A", kpi.Interval{Start: t0, End: at(end)}, o)
			b, _ := s.MarshalBinary()
			f.Add(b)
		}
	}
	var z Segment
	zb, _ := z.MarshalBinary()
	f.Add(zb)
	f.Fuzz(func(t *testing.T, b []byte) {
		var s Segment
		if err := s.UnmarshalBinary(b); err != nil {
			return
		}
		again, err := s.MarshalBinary()
		require.NoError(t, err)
		var d Segment
		require.NoError(t, d.UnmarshalBinary(again))
		require.Equal(t, canon(s), canon(d))
		s.Outages(at(time.Hour))
		s.Empty()
		if !s.has {
			return
		}
		// A neighbour on each side, of the same stream and options.
		after, err1 := Summarize(calls, nil, s.key, kpi.Interval{Start: s.span.End, End: s.span.End.Add(time.Hour)}, s.opts)
		before, err2 := Summarize(calls, nil, s.key, kpi.Interval{Start: s.span.Start.Add(-time.Hour), End: s.span.Start}, s.opts)
		if err1 != nil || err2 != nil { // spans at the end of time
			return
		}
		x, err := Combine(s, after)
		require.NoError(t, err)
		x.Outages(s.span.End)
		require.NoError(t, x.Merge(&before))
		x.Outages(s.span.End.Add(time.Hour))
		require.ErrorIs(t, x.Merge(&s), SegmentsOverlap)
	})
}

// canonTracker returns t's state with the run unrolled (oldest first, no
// spare room), empty buffers nil, an AV-CONSEC walk not yet made as an
// empty one and zero refusal counts as none, for comparing states.
func canonTracker(t *Tracker) Tracker {
	c := *t
	c.clock.heap = emptyAsNil(t.clock.heap)
	cs := consecState{}
	if t.consec != nil {
		cs = *t.consec
	}
	cs.ties = emptyAsNil(cs.ties)
	c.out = emptyAsNil(t.out)
	var ring []runCall
	for i := 0; i < cs.n; i++ {
		ring = append(ring, *cs.at(i))
	}
	cs.ring, cs.head = ring, 0
	c.consec = &cs
	if t.bad != nil && *t.bad == (trackerBad{}) {
		c.bad = nil
	}
	return c
}

func emptyAsNil[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return append([]T(nil), s...)
}

// roundTripTracker encodes tr, decodes it, and checks the state, the
// re-encoding and every strict prefix.
func roundTripTracker(t require.TestingT, tr *Tracker) *Tracker {
	b, err := tr.MarshalBinary()
	require.NoError(t, err)
	d := new(Tracker)
	require.NoError(t, d.UnmarshalBinary(b))
	require.Equal(t, canonTracker(tr), canonTracker(d))
	require.Equal(t, tr.Rejections(), d.Rejections())
	require.Equal(t, tr.Refused(), d.Refused())
	require.Equal(t, tr.Endpoint(), d.Endpoint())
	require.Equal(t, tr.Pending(), d.Pending())
	again, err := d.MarshalBinary()
	require.NoError(t, err)
	require.Equal(t, b, again, "re-encoding gives the same bytes")
	for n := 0; n < len(b); n++ {
		var p Tracker
		require.ErrorIs(t, p.UnmarshalBinary(b[:n]), wire.ErrTruncated, "prefix %d of %d", n, len(b))
	}
	return d
}

// trackerFeed is a stream for one Tracker: the good calls of one stream in
// ReceivedAt order, with other calls of the input slipped in at random (bad
// input, other endpoints, late calls: rejected or refused, or accepted when
// they fit).
func trackerFeed(t *rapid.T, calls []kpi.Call, key string, o Options) []int {
	var feed []int
	for _, i := range streamOrder(t, calls, key, o) {
		if len(calls) > 0 && rapid.IntRange(0, 5).Draw(t, "extra") == 0 {
			feed = append(feed, rapid.IntRange(0, len(calls)-1).Draw(t, "which"))
		}
		feed = append(feed, i)
	}
	return feed
}

// Encoding, Tracker: feed a stream and encode and decode the tracker after
// EVERY Add, going on with the decoded one: every Add answers the same,
// and Finish, the outages collected on the way, Rejected and Refused equal
// those of the same stream fed without the round trips (also after
// Finish, and with invalid options). Every state on the way is reachable,
// so every one decodes, also near the ends of time.Time's range (genBase:
// logged instants saturating at the last instant). Calls are in UTC, the
// zone the encoding keeps (doc.go, Encoding).
func TestPropertyTrackerEncodingResumes(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sc := genScene(t, true)
		calls, asOf := sc.calls, sc.asOf
		o := genOptions(t)
		if rapid.IntRange(0, 20).Draw(t, "badOptions") == 0 {
			o.N = -1
		}
		keys := streamKeys(calls, o)
		if len(keys) == 0 {
			keys = []string{""}
		}
		key := rapid.SampledFrom(keys).Draw(t, "key")
		feed := trackerFeed(t, calls, key, o)
		full := rapid.IntRange(0, len(feed)).Draw(t, "full") // the step whose every prefix is checked too
		collect := make([]bool, len(feed))
		for i := range collect {
			collect[i] = rapid.IntRange(0, 3).Draw(t, "collect") == 0
		}

		whole := NewTracker(o)
		var wantOut []Outage
		var wantErrs []error
		for k, i := range feed {
			wantErrs = append(wantErrs, whole.Add(&calls[i], int64(i)))
			if collect[k] {
				wantOut = whole.Outages(wantOut)
			}
		}
		wantOut = whole.Finish(asOf, wantOut)

		part := NewTracker(o)
		if rapid.IntRange(0, 9).Draw(t, "zeroTracker") == 0 && o == (Options{}) {
			part = new(Tracker)
		}
		var gotOut []Outage
		var gotErrs []error
		for k := 0; ; k++ {
			if k == full {
				part = roundTripTracker(t, part)
			} else {
				part = quickTripTracker(t, part)
			}
			if k == len(feed) {
				break
			}
			i := feed[k]
			gotErrs = append(gotErrs, part.Add(&calls[i], int64(i)))
			if collect[k] {
				gotOut = part.Outages(gotOut)
			}
		}
		gotOut = part.Finish(asOf, gotOut)

		require.Equal(t, wantErrs, gotErrs)
		require.Equal(t, wantOut, gotOut)
		require.Equal(t, whole.Rejections(), part.Rejections())
		require.Equal(t, whole.Refused(), part.Refused())
		require.Equal(t, whole.Endpoint(), part.Endpoint())

		// A finished tracker round-trips too, and still refuses.
		done := roundTripTracker(t, part)
		if len(calls) > 0 {
			err := done.Add(&calls[0], 0)
			require.Error(t, err)
			require.Equal(t, whole.Add(&calls[0], 0), err)
		}
	})
}

// quickTripTracker is roundTripTracker without the prefixes: encode,
// decode, same state, same bytes again.
func quickTripTracker(t require.TestingT, tr *Tracker) *Tracker {
	b, err := tr.MarshalBinary()
	require.NoError(t, err)
	d := new(Tracker)
	require.NoError(t, d.UnmarshalBinary(b), "a reachable state decodes")
	require.Equal(t, canonTracker(tr), canonTracker(d))
	again, err := d.MarshalBinary()
	require.NoError(t, err)
	require.Equal(t, b, again, "re-encoding gives the same bytes")
	return d
}

// The zero Tracker encodes as the header and one byte, and decodes to the
// zero Tracker (default options, not yet initialized).
func TestTrackerEncodingZero(t *testing.T) {
	var z Tracker
	b, err := z.MarshalBinary()
	require.NoError(t, err)
	require.Equal(t, []byte{wire.Magic, byte(wire.KindTracker), 1, 0}, b)
	d := roundTripTracker(t, &z)
	require.Equal(t, Tracker{}, *d)
}

// Rule AV-CLOCK-2 by hand through the encoding: a 503 received at 0 s and
// logged at 10 s (TTLB 10 s) and a 200 received at 1 s and logged at 3 s
// are both held back (the watermark is 1 s). After a restart the tracker
// still knows them: a call at 20 s releases them, the clock runs
// [10 s, ...) since the success at 3 s came first, and the 200 at 20 s
// (logged at 20 s) stops it: one outage [10 s, 20 s).
func TestTrackerEncodingHeldEvents(t *testing.T) {
	tr := NewTracker(Options{})
	c0, c1 := call("A", 0, 503, sec(10)), call("A", sec(1), 200, sec(2))
	require.NoError(t, tr.Add(&c0, 0))
	require.NoError(t, tr.Add(&c1, 1))
	require.Equal(t, 2, tr.Pending())
	d := roundTripTracker(t, tr)
	require.Equal(t, 2, d.Pending())
	c2 := call("A", sec(20), 200, 0)
	require.NoError(t, d.Add(&c2, 2))
	require.Equal(t, []Outage{{Endpoint: "A", Start: at(sec(10)), End: at(sec(20)),
		Opened: Evidence{Kind: Call, At: at(sec(10)), Endpoint: "A", ID: 0},
		Closed: Evidence{Kind: Call, At: at(sec(20)), Endpoint: "A", ID: 2}}}, d.Finish(at(time.Minute), nil))
}

// trackerBases returns a tracker of each rule with every buffer in use.
func trackerBases(t require.TestingT) (clock, consec *Tracker) {
	clock = NewTracker(Options{})
	for i, c := range []kpi.Call{call("A", 0, 503, 0), call("A", sec(1), 503, sec(10)), call("A", sec(2), 200, sec(3)), call("A", sec(2), 200, sec(4))} {
		require.NoError(t, clock.Add(&c, int64(i)))
	}
	require.Len(t, clock.clock.heap, 3)
	require.True(t, clock.clock.open)
	// N = 4: a series [0 s, 14 s) held by the merger, a run of two, two
	// calls waiting at 7 s.
	consec = NewTracker(Options{Rule: Consecutive, N: 4})
	for i, c := range []kpi.Call{call("A", 0, 503, 0), call("A", sec(1), 503, 0), call("A", sec(2), 503, 0), call("A", sec(3), 503, 0),
		call("A", sec(4), 200, sec(10)), call("A", sec(5), 503, 0), call("A", sec(6), 503, 0), call("A", sec(7), 503, 0), call("A", sec(7), 0, 0)} {
		require.NoError(t, consec.Add(&c, int64(i)))
	}
	require.Equal(t, 2, consec.consec.n)
	require.Len(t, consec.consec.ties, 2)
	require.True(t, consec.consec.m.pending)
	return clock, consec
}

// A decoded Tracker is in a state Add can reach, or the decoder fails with
// wire.ErrInvalid: each case breaks one invariant.
func TestTrackerDecodeRefusesImpossibleStates(t *testing.T) {
	for _, tc := range []struct {
		name   string
		consec bool
		mutate func(tr *Tracker)
	}{
		{"options not normalized", false, func(tr *Tracker) { tr.opts.IdleSpan = 0 }},
		{"invalid options with state", false, func(tr *Tracker) { tr.opts.Window = -1 }},
		{"endpoint under InterfaceWide", false, func(tr *Tracker) { tr.opts.InterfaceWide = true }},
		{"heap out of order", false, func(tr *Tracker) { h := tr.clock.heap; h[0], h[2] = h[2], h[0] }},
		{"held event before the watermark", false, func(tr *Tracker) { tr.clock.heap[0].setAt(instantOf(t0)) }},
		{"open clock started at the watermark", false, func(tr *Tracker) { // found by FuzzUnmarshalTracker: a later success closed it before its start
			r, w := &tr.clock.raw, at(sec(2))
			r.start, r.opener.At, r.gap.first = w, w, w
		}},
		{"open clock without interval", false, func(tr *Tracker) { tr.clock.raw = rawOut{} }},
		{"closed interval open", false, func(tr *Tracker) {
			tr.clock.raw.closed, tr.clock.raw.end, tr.clock.raw.closer = true, tr.clock.raw.start, tr.clock.raw.opener
		}},
		{"AV-CONSEC state under AV-CLOCK", false, func(tr *Tracker) { tr.consec = &consecState{arrived: true} }},
		{"buffers after Finish", false, func(tr *Tracker) { tr.finished = true }},
		{"state before the first call", false, func(tr *Tracker) { tr.started = false }},
		{"AV-CLOCK state under AV-CONSEC", true, func(tr *Tracker) { tr.clock.heap = []clockEvent{{sec: tr.w.sec, nsec: tr.w.nsec, endpoint: "A"}} }},
		{"waiting call of another instant", true, func(tr *Tracker) { tr.consec.ties[0].r = t0 }},
		{"unknown role", true, func(tr *Tracker) { tr.consec.ties[0].role = 9 }},
		{"run longer than N-1", true, func(tr *Tracker) { tr.consec.ringPush(*tr.consec.at(1)); tr.consec.ringPush(*tr.consec.at(1)) }},
		{"run unordered", true, func(tr *Tracker) { a, b := tr.consec.at(0), tr.consec.at(1); *a, *b = *b, *a }},
		{"run while down", true, func(tr *Tracker) {
			tr.consec.down, tr.consec.raw = true, rawOut{ok: true, start: t0, opener: Evidence{Kind: Call, At: t0}, gap: point(t0)}
		}},
		{"series started after the watermark", true, func(tr *Tracker) {
			tr.consec.ringClear()
			s := at(sec(8))
			tr.consec.down, tr.consec.raw = true, rawOut{ok: true, start: s, opener: Evidence{Kind: Call, At: s}, gap: point(s)}
		}},
		{"merged outage reversed", true, func(tr *Tracker) { tr.consec.m.cur.End = tr.consec.m.cur.Start.Add(-1) }},
		{"finished outages unordered", true, func(tr *Tracker) {
			o := tr.consec.m.cur
			tr.out = []Outage{o, o}
			tr.out[1].Start = o.Start.Add(-time.Second)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock, consec := trackerBases(t)
			tr := clock
			if tc.consec {
				tr = consec
			}
			b, err := tr.MarshalBinary()
			require.NoError(t, err)
			var ok Tracker
			require.NoError(t, ok.UnmarshalBinary(b), "the base is valid")
			before := canonTracker(&ok)
			tc.mutate(tr)
			b, err = tr.MarshalBinary()
			require.NoError(t, err)
			require.ErrorIs(t, ok.UnmarshalBinary(b), wire.ErrInvalid)
			require.Equal(t, before, canonTracker(&ok), "on error the receiver is unchanged")
		})
	}
}

// Header errors of the Tracker's decoder.
func TestTrackerDecodeErrors(t *testing.T) {
	_, tr := trackerBases(t)
	b, err := tr.MarshalBinary()
	require.NoError(t, err)
	var d Tracker
	sb, err := Segment{}.MarshalBinary()
	require.NoError(t, err)
	require.ErrorIs(t, d.UnmarshalBinary(sb), wire.ErrForeign)
	later := append([]byte{}, b...)
	later[2] = 9
	require.ErrorIs(t, d.UnmarshalBinary(later), wire.ErrVersion)
	require.ErrorIs(t, d.UnmarshalBinary(append(b, 1)), wire.ErrTrailing)
	require.Equal(t, Tracker{}, d)
}

// AppendBinary into a buffer with room does not allocate.
func TestTrackerAppendBinaryAllocs(t *testing.T) {
	clock, consec := trackerBases(t)
	buf := make([]byte, 0, 4096)
	allocs := testing.AllocsPerRun(100, func() {
		buf, _ = clock.AppendBinary(buf[:0])
		buf, _ = consec.AppendBinary(buf[:0])
	})
	require.Zero(t, allocs)
}

// FuzzUnmarshalTracker: decoding never panics; a decoded Tracker re-encodes
// to a value that decodes equal, and takes more calls and finishes without
// panicking, its outages well-formed.
func FuzzUnmarshalTracker(f *testing.F) {
	clock, consec := trackerBases(f)
	for _, tr := range []*Tracker{clock, consec, new(Tracker), NewTracker(Options{N: -1})} {
		b, _ := tr.MarshalBinary()
		f.Add(b)
	}
	more := []kpi.Call{call("A", sec(5), 503, sec(1)), call("A", sec(6), 0, 0), call("A", sec(7), 200, 0), call("B", sec(8), 200, 0), call("A", sec(9), 503, 0)}
	f.Fuzz(func(t *testing.T, b []byte) {
		var tr Tracker
		if err := tr.UnmarshalBinary(b); err != nil {
			return
		}
		again, err := tr.MarshalBinary()
		require.NoError(t, err)
		var d Tracker
		require.NoError(t, d.UnmarshalBinary(again))
		require.Equal(t, canonTracker(&tr), canonTracker(&d))
		var out []Outage
		for i := range more {
			_ = tr.Add(&more[i], int64(i))
			out = tr.Outages(out)
		}
		out = tr.Finish(at(time.Hour), out)
		for _, o := range out {
			require.False(t, o.End.Before(o.Start), "outage %+v", o)
		}
	})
}

// roundTripProbeTracker encodes tr, decodes it, and checks the state, the
// re-encoding and every strict prefix.
func roundTripProbeTracker(t require.TestingT, tr *ProbeTracker) *ProbeTracker {
	b, err := tr.MarshalBinary()
	require.NoError(t, err)
	d := new(ProbeTracker)
	require.NoError(t, d.UnmarshalBinary(b))
	c := *tr
	c.out = emptyAsNil(tr.out)
	require.Equal(t, c, *d)
	require.Equal(t, tr.Refused(), d.Refused())
	again, err := d.MarshalBinary()
	require.NoError(t, err)
	require.Equal(t, b, again, "re-encoding gives the same bytes")
	for n := 0; n < len(b); n++ {
		var p ProbeTracker
		require.ErrorIs(t, p.UnmarshalBinary(b[:n]), wire.ErrTruncated, "prefix %d of %d", n, len(b))
	}
	return d
}

// Encoding, ProbeTracker (RG-PROBE-1): feed a prefix of the probes,
// encode, decode, feed the rest: every Add answers the same, and the
// outages and Refused equal those without the round trip, and Probes'.
func TestPropertyProbeTrackerEncodingResumes(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 40).Draw(t, "n")
		probes := make([]Probe, n)
		for i := range probes {
			probes[i] = Probe{At: at(time.Duration(rapid.IntRange(0, 60).Draw(t, "at")) * 10 * time.Second),
				Endpoint: "A", OK: rapid.Bool().Draw(t, "ok")}
		}
		slices.SortStableFunc(probes, func(a, b Probe) int { return a.At.Compare(b.At) })
		for i := range probes { // now and then a probe that is refused
			switch rapid.IntRange(0, 15).Draw(t, "odd") {
			case 0:
				probes[i].Endpoint = "B"
			case 1:
				probes[i].At = time.Time{}
			case 2:
				probes[i].At = t0.Add(-time.Hour)
			}
		}
		interval := time.Duration(rapid.IntRange(0, 90).Draw(t, "interval")) * time.Second
		cut := rapid.IntRange(0, n).Draw(t, "cut")
		run := func(tr *ProbeTracker, from, to int, out []Outage, errs []error) ([]Outage, []error) {
			for i := from; i < to; i++ {
				errs = append(errs, tr.Add(&probes[i], int64(i)))
				if i%3 == 0 {
					out = tr.Outages(out)
				}
			}
			return out, errs
		}
		whole := NewProbeTracker(interval)
		wantOut, wantErrs := run(whole, 0, n, nil, nil)
		wantOut = whole.Finish(wantOut)

		part := NewProbeTracker(interval)
		gotOut, gotErrs := run(part, 0, cut, nil, nil)
		resumed := roundTripProbeTracker(t, part)
		gotOut, gotErrs = run(resumed, cut, n, gotOut, gotErrs)
		gotOut = resumed.Finish(gotOut)

		require.Equal(t, wantErrs, gotErrs)
		require.Equal(t, wantOut, gotOut)
		require.Equal(t, whole.Refused(), resumed.Refused())
		roundTripProbeTracker(t, resumed)
	})
}

// RG-PROBE-1 by hand through the encoding: probes every 30 s, a failed
// probe at 30 s, restart, a failed probe at 60 s and an OK one at 90 s:
// one outage [30 s, 90 s) opened by probe 1, closed by probe 3.
func TestProbeTrackerEncodingByHand(t *testing.T) {
	tr := NewProbeTracker(30 * time.Second)
	probes := []Probe{{At: at(0), Endpoint: "A", OK: true}, {At: at(sec(30)), Endpoint: "A"},
		{At: at(sec(60)), Endpoint: "A"}, {At: at(sec(90)), Endpoint: "A", OK: true}}
	require.NoError(t, tr.Add(&probes[0], 0))
	require.NoError(t, tr.Add(&probes[1], 1))
	d := roundTripProbeTracker(t, tr)
	require.NoError(t, d.Add(&probes[2], 2))
	require.NoError(t, d.Add(&probes[3], 3))
	require.Equal(t, []Outage{{Endpoint: "A", Start: at(sec(30)), End: at(sec(90)),
		Opened: Evidence{Kind: ProbeResult, At: at(sec(30)), Endpoint: "A", ID: 1},
		Closed: Evidence{Kind: ProbeResult, At: at(sec(90)), Endpoint: "A", ID: 3}}}, d.Finish(nil))
}

// A decoded ProbeTracker is in a state Add can reach, or the decoder fails
// with wire.ErrInvalid.
func TestProbeTrackerDecodeRefusesImpossibleStates(t *testing.T) {
	base := func() *ProbeTracker {
		tr := NewProbeTracker(0)
		for i, p := range []Probe{{At: at(0), Endpoint: "A"}, {At: at(sec(10)), Endpoint: "A", OK: true},
			{At: at(sec(60)), Endpoint: "A"}, {At: at(sec(70)), Endpoint: "A"}} {
			require.NoError(t, tr.Add(&p, int64(i)))
		}
		require.True(t, tr.open)
		require.True(t, tr.groupNo)
		require.Len(t, tr.out, 1)
		return tr
	}
	for _, tc := range []struct {
		name   string
		mutate func(tr *ProbeTracker)
	}{
		{"state before the first probe", func(tr *ProbeTracker) { tr.started = false }},
		{"probes after Finish", func(tr *ProbeTracker) { tr.finished = true }},
		{"no current instant", func(tr *ProbeTracker) { tr.groupAt = time.Time{} }},
		{"group evidence elsewhere", func(tr *ProbeTracker) { tr.noEv.At = t0 }},
		{"group evidence of a call", func(tr *ProbeTracker) { tr.noEv.Kind = Call }},
		{"open outage of another endpoint", func(tr *ProbeTracker) { tr.cur.Endpoint = "B" }},
		{"open outage after the current instant", func(tr *ProbeTracker) { tr.cur.Start = at(time.Hour); tr.cur.End = at(2 * time.Hour) }},
		{"open outage reversed", func(tr *ProbeTracker) { tr.cur.End = tr.cur.Start.Add(-1) }},
		{"outages unordered", func(tr *ProbeTracker) { tr.out = append(tr.out, tr.out[0]); tr.out[1].Start = t0.Add(-time.Hour) }},
		{"outage before the open one", func(tr *ProbeTracker) { tr.out[0].Start = at(time.Hour); tr.out[0].End = at(time.Hour) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := base()
			tc.mutate(tr)
			b, err := tr.MarshalBinary()
			require.NoError(t, err)
			ok := base()
			before := *ok
			require.ErrorIs(t, ok.UnmarshalBinary(b), wire.ErrInvalid)
			require.Equal(t, before, *ok, "on error the receiver is unchanged")
		})
	}
	var d ProbeTracker
	sb, _ := Segment{}.MarshalBinary()
	require.ErrorIs(t, d.UnmarshalBinary(sb), wire.ErrForeign)
}

// FuzzUnmarshalProbeTracker: decoding never panics; a decoded ProbeTracker
// re-encodes to a value that decodes equal, and takes more probes.
func FuzzUnmarshalProbeTracker(f *testing.F) {
	tr := NewProbeTracker(time.Minute)
	for i, p := range []Probe{{At: at(0), Endpoint: "A"}, {At: at(sec(10)), Endpoint: "A", OK: true}, {At: at(sec(60)), Endpoint: "A"}} {
		_ = tr.Add(&p, int64(i))
		b, _ := tr.MarshalBinary()
		f.Add(b)
	}
	more := []Probe{{At: at(sec(100)), Endpoint: "A"}, {At: at(sec(130)), Endpoint: "A", OK: true}, {At: at(sec(140)), Endpoint: "A"}}
	f.Fuzz(func(t *testing.T, b []byte) {
		var tr ProbeTracker
		if err := tr.UnmarshalBinary(b); err != nil {
			return
		}
		again, err := tr.MarshalBinary()
		require.NoError(t, err)
		var d ProbeTracker
		require.NoError(t, d.UnmarshalBinary(again))
		c := tr
		c.out = emptyAsNil(tr.out)
		require.Equal(t, c, d)
		for i := range more {
			_ = tr.Add(&more[i], int64(i))
		}
		for _, o := range tr.Finish(nil) {
			require.False(t, o.End.Before(o.Start), "outage %+v", o)
		}
	})
}

// Refusal counts from a later release with more refusals decode when the
// extra counts are zero, and fail with wire.ErrInvalid otherwise (a count
// this release cannot report would be dropped silently).
func TestDecodeRefusalsOfALaterRelease(t *testing.T) {
	var z ProbeTracker
	b, err := z.MarshalBinary()
	require.NoError(t, err)
	n := len(Refusals{})
	head := b[:len(b)-1-n] // the encoding ends with the count (one byte) and n zeros
	require.Equal(t, byte(n), b[len(head)])
	later := append(append([]byte{}, head...), byte(n+1))
	later = append(later, make([]byte, n+1)...)
	var d ProbeTracker
	require.NoError(t, d.UnmarshalBinary(later))
	later[len(later)-1] = 5
	require.ErrorIs(t, d.UnmarshalBinary(later), wire.ErrInvalid)
}
