package availability

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
)

// Rules AV-CLOCK-1 and AV-CLOCK-4 at the class edges (instants logged,
// TTLB 0): 500 at 0 s starts the clock; 499 (10 s) and 400 (20 s) neither
// stop nor start it; 399 (30 s) stops it: [0, 30 s). 500 at 40 s, 300 at
// 50 s: [40, 50 s). 599 at 60 s, 299 at 70 s: [60, 70 s). 499 at 80 s
// starts nothing. Reference and Tracker agree.
func TestClockClassEdges(t *testing.T) {
	statuses := []struct {
		at     int64
		status int
	}{{0, 500}, {10, 499}, {20, 400}, {30, 399}, {40, 500}, {50, 300}, {60, 599}, {70, 299}, {80, 499}}
	var calls []kpi.Call
	for _, s := range statuses {
		calls = append(calls, call("A", sec(s.at), s.status, 0))
	}
	want := [][2]time.Duration{{0, sec(30)}, {sec(40), sec(50)}, {sec(60), sec(70)}}
	check := func(name string, got []Outage) {
		require.Len(t, got, len(want), name)
		for i, w := range want {
			require.Equal(t, at(w[0]), got[i].Start, "%s outage %d start", name, i)
			require.Equal(t, at(w[1]), got[i].End, "%s outage %d end", name, i)
		}
	}
	ref, err := Reference(calls, at(sec(100)), Options{})
	require.NoError(t, err)
	check("Reference", ref)
	tr := NewTracker(Options{})
	for i := range calls {
		require.NoError(t, tr.Add(&calls[i], int64(i)))
	}
	check("Tracker", tr.Finish(at(sec(100)), nil))
}

// Rule AV-CONSEC-2 at the class edges: 499 within W is skipped (neither
// counts nor breaks), 500 is unanswered, 399 is a success. Five calls
// 500, 499, 500, 500, 500, 500 at 0..5 s: the 499 is skipped, so the five
// 500s are a series from 0 s; the 399 at 10 s (TTLB 1 s) ends it at 11 s.
func TestConsecClassEdges(t *testing.T) {
	calls := []kpi.Call{
		call("A", 0, 500, 0), call("A", sec(1), 499, 0), call("A", sec(2), 500, 0),
		call("A", sec(3), 500, 0), call("A", sec(4), 500, 0), call("A", sec(5), 500, 0),
		call("A", sec(10), 399, sec(1)),
	}
	got, err := Reference(calls, at(sec(20)), Options{Rule: Consecutive})
	require.NoError(t, err)
	require.Len(t, got, 1)
	require.Equal(t, at(0), got[0].Start)
	require.Equal(t, at(sec(11)), got[0].End)
	// With a 599 in place of the 399 nothing ends it: ongoing to asOf.
	calls[6].Status = 599
	got, err = Reference(calls, at(sec(20)), Options{Rule: Consecutive})
	require.NoError(t, err)
	require.Len(t, got, 1)
	require.True(t, got[0].Ongoing)
	require.Equal(t, at(sec(20)), got[0].End)
}

// Rule AV-CONSEC-1 with N = 6, in the Tracker: the run of unanswered calls
// is kept in a ring that grows (4, then 8 slots) while it holds calls, and
// here it grows while wrapped. Unanswered calls at 0, 1, 2, 3 s fill the 4
// slots; the call at 31.5 s drops the calls older than W = 30 s before it
// (0 and 1 s: 31.5 − 1 = 30.5 > 30; 31.5 − 2 = 29.5 is not), so the run
// starts in the third slot and 31.5 s and 31.6 s wrap to the first two;
// 31.7 s finds the ring full and grows it; 31.8 s is the sixth call of a
// run 2 s .. 31.8 s (29.8 s <= 30 s): a series whose first call is the
// 2 s one. The success at 40 s (TTLB 0) ends it: [2 s, 40 s), opened by
// call 2, closed by call 8.
func TestConsecRingGrowsWhileHoldingCalls(t *testing.T) {
	calls := []kpi.Call{
		call("A", 0, 503, 0), call("A", sec(1), 503, 0), call("A", sec(2), 503, 0), call("A", sec(3), 503, 0),
		call("A", ms(31500), 503, 0), call("A", ms(31600), 503, 0), call("A", ms(31700), 503, 0), call("A", ms(31800), 503, 0),
		call("A", sec(40), 200, 0),
	}
	o := Options{Rule: Consecutive, N: 6}
	tr := NewTracker(o)
	for i := range calls {
		require.NoError(t, tr.Add(&calls[i], int64(i)))
	}
	got := tr.Finish(at(sec(50)), nil)
	require.Len(t, got, 1)
	require.Equal(t, at(sec(2)), got[0].Start)
	require.Equal(t, at(sec(40)), got[0].End)
	require.Equal(t, int64(2), got[0].Opened.ID)
	require.Equal(t, int64(8), got[0].Closed.ID)
	ref, err := Reference(calls, at(sec(50)), o)
	require.NoError(t, err)
	require.Equal(t, ref, got)
}

// Rule AV-MERGE-1 / BAD INPUT: Summarize under the consecutive rule, as
// under the clock, returns the bad calls as a *kpi.InputError beside the
// segment over the good ones (here: a status-600 call, index 1, between
// good calls; the segment still holds the good calls' series).
func TestSummarizeConsecReturnsInputError(t *testing.T) {
	calls := []kpi.Call{call("A", 0, 503, 0), call("A", sec(1), 600, 0)}
	for i := 2; i <= 5; i++ {
		calls = append(calls, call("A", sec(int64(i)), 503, 0))
	}
	calls = append(calls, call("A", sec(10), 200, 0))
	for _, o := range []Options{{Rule: Consecutive}, {}} {
		s, err := Summarize(calls, nil, "A", kpi.Interval{Start: at(0), End: at(time.Minute)}, o)
		var ie *kpi.InputError
		require.ErrorAs(t, err, &ie, "rule %v", o.Rule)
		require.Len(t, ie.Calls, 1)
		require.Equal(t, 1, ie.Calls[0].Index)
		require.Equal(t, kpi.BadStatus, ie.Calls[0].Reason)
		got := s.Outages(at(time.Minute))
		require.Len(t, got, 1, "rule %v", o.Rule)
		require.Equal(t, at(0), got[0].Start)
		require.Equal(t, at(sec(10)), got[0].End)
	}
}

// Rule AV-EVIDENCE-1, the pieces of a day (UTC, 2025-03-01): which source
// each second of downtime is attributed to. Sources:
//
//	B  outage 00:30-01:30 (opened by call 3, closed by call 4)
//	A  outage 01:00-03:00 (opened by call 1, closed by call 2)
//	M  monitoring outage 02:00-04:00 (index 0)
//	P  planned window 02:30-02:45 (index 0)
//
// Rule: a planned window takes every second it covers; otherwise the
// source already covering the time before keeps it until it ends; where
// none does, the earliest-starting source covering it. So by hand:
//
//	00:30-01:30 B  (first; A starting at 01:00 does not take over)
//	01:30-02:30 A  (B ended; A covers, M only from 02:00 and later-starting); cut at end by P
//	02:30-02:45 P  planned
//	02:45-03:00 A  (P ended; A and M cover, A started first); cut at start by P
//	03:00-04:00 M  monitoring; cut at start by A's end (a call's outage)
//
// Total 3 h 30 min, planned 15 min, unplanned 3 h 15 min.
func TestDaysAttributesEachPieceToItsSource(t *testing.T) {
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	hm := func(h, m int) time.Time { return day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	ev := func(id int64, t time.Time) Evidence { return Evidence{Kind: Call, At: t, Endpoint: "A", ID: id} }
	a := Outage{Endpoint: "A", Start: hm(1, 0), End: hm(3, 0), Opened: ev(1, hm(1, 0)), Closed: ev(2, hm(3, 0))}
	b := Outage{Endpoint: "A", Start: hm(0, 30), End: hm(1, 30), Opened: ev(3, hm(0, 30)), Closed: ev(4, hm(1, 30))}
	planned := []Window{{Interval: kpi.Interval{Start: hm(2, 30), End: hm(2, 45)}}}
	monitoring := []Window{{Interval: kpi.Interval{Start: hm(2, 0), End: hm(4, 0)}}}
	d := kpi.DateOf(2025, 3, 1)
	days := Days(kpi.Calendar{}, d, d, "A", []Outage{a, b}, planned, monitoring)
	require.Len(t, days, 1)
	got := days[0]
	require.Equal(t, 3*time.Hour+30*time.Minute, got.Total)
	require.Equal(t, 15*time.Minute, got.Planned)
	require.Equal(t, 3*time.Hour+15*time.Minute, got.Unplanned)

	type piece struct {
		from, to     time.Time
		kind         EvidenceKind
		id           int64
		planned, mon bool
		cutStart     EvidenceKind
		cutEnd       EvidenceKind
	}
	want := []piece{
		{hm(0, 30), hm(1, 30), Call, 3, false, false, NoEvidence, NoEvidence},
		{hm(1, 30), hm(2, 30), Call, 1, false, false, Call, PlannedWindow},
		{hm(2, 30), hm(2, 45), PlannedWindow, 0, true, false, NoEvidence, NoEvidence},
		{hm(2, 45), hm(3, 0), Call, 1, false, false, PlannedWindow, NoEvidence},
		{hm(3, 0), hm(4, 0), MonitoringOutage, 0, false, true, Call, NoEvidence},
	}
	require.Len(t, got.Pieces, len(want))
	for i, w := range want {
		p := got.Pieces[i]
		require.Equal(t, w.from, p.Start, "piece %d start", i)
		require.Equal(t, w.to, p.End, "piece %d end", i)
		require.Equal(t, w.kind, p.Source.Kind, "piece %d source kind", i)
		require.Equal(t, w.id, p.Source.ID, "piece %d source id", i)
		require.Equal(t, w.planned, p.Planned, "piece %d planned", i)
		require.Equal(t, w.mon, p.Monitoring, "piece %d monitoring", i)
		require.Equal(t, w.cutStart, p.CutAtStart, "piece %d cut at start", i)
		require.Equal(t, w.cutEnd, p.CutAtEnd, "piece %d cut at end", i)
	}
}
