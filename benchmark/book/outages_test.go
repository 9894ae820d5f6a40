package book

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark"
)

// An outage list gives back every outage it was given, in order, field
// for field (== on the whole struct, locations included): packed when the
// packed form gives it back exactly, kept whole otherwise.
func TestOutageListKeepsEveryOutage(t *testing.T) {
	names := []string{"GET /accounts", "POST /payments"}
	ids := map[string]int{names[0]: 0, names[1]: 1}
	at := func(s int64) time.Time { return time.Unix(s, 123) } // as a book's records give them
	ev := func(k availability.EvidenceKind, s int64, ep string, id int64) availability.Evidence {
		return availability.Evidence{Kind: k, At: at(s), Endpoint: ep, ID: id}
	}
	packable := []availability.Outage{
		{Endpoint: names[0], Start: at(10), End: at(20), Opened: ev(availability.Call, 10, names[0], 7), Closed: ev(availability.Call, 20, names[0], 9)},
		{Endpoint: names[1], Start: at(30), End: at(40), Opened: ev(availability.Call, 30, names[1], 1<<40), Closed: ev(availability.Call, 40, names[1], -3), Idle: true},
		// The interface walk's: Endpoint "", each evidence its call's own.
		{Endpoint: "", Start: at(50), End: at(60), Opened: ev(availability.Call, 50, names[1], 2), Closed: ev(availability.Call, 60, names[0], 3)},
		{Endpoint: names[0], Start: at(70), End: at(70), Opened: ev(availability.Call, 70, names[0], 4), Closed: ev(availability.ObservationEnd, 70, "", 0), Ongoing: true},
	}
	whole := []availability.Outage{
		// Not the location time.Unix gives (UTC, not Local).
		{Endpoint: names[0], Start: at(80).UTC(), End: at(90), Opened: ev(availability.Call, 80, names[0], 5), Closed: ev(availability.Call, 90, names[0], 6)},
		// A zero instant: outside Unix nanoseconds.
		{Endpoint: names[0], Start: at(100), End: at(110), Opened: ev(availability.Call, 100, names[0], 8), Closed: availability.Evidence{Kind: availability.ObservationEnd}},
		// An endpoint the book does not name.
		{Endpoint: "GET /other", Start: at(120), End: at(130), Opened: ev(availability.Call, 120, "GET /other", 10), Closed: ev(availability.Call, 130, "GET /other", 11)},
		// Past the years Unix nanoseconds hold.
		{Endpoint: names[1], Start: time.Date(2300, 1, 1, 0, 0, 0, 0, time.Local), End: at(140), Opened: ev(availability.Call, 140, names[1], 12), Closed: ev(availability.Call, 140, names[1], 13)},
	}
	// Interleaved: packed, whole, packed, ...
	var in []availability.Outage
	for i := range max(len(packable), len(whole)) {
		if i < len(packable) {
			in = append(in, packable[i])
		}
		if i < len(whole) {
			in = append(in, whole[i])
		}
	}
	var l outageList
	for i := range in {
		l.add(&in[i], names, ids)
	}
	require.Equal(t, len(in), l.len())
	require.Len(t, l.odd(), len(whole), "only the outages the packed form cannot give back are kept whole")
	got := l.appendTo(nil, names)
	require.Len(t, got, len(in))
	for i := range in {
		require.True(t, in[i] == got[i], "outage %d: %+v, want %+v", i, got[i], in[i])
	}

	// A view reads the list as it is, then the outages given: what the
	// list packs later is not in it; a clone packs on its own.
	more := packable[1:3]
	v := l.view(more)
	c := l.clone()
	l.add(&packable[0], names, ids)
	l.add(&whole[0], names, ids)
	require.Equal(t, len(in)+2, l.len())
	require.Equal(t, append(slices.Clone(in), more...), v.appendTo(nil, names))
	require.Equal(t, in, c.appendTo(nil, names))
	require.Equal(t, append(slices.Clone(in), packable[0], whole[0]), l.appendTo(nil, names))
	v.add(&packable[3], names, ids) // a view's recs are clipped: its own grow apart
	require.Equal(t, append(slices.Clone(in), packable[0], whole[0]), l.appendTo(nil, names))
}

// touching gives the outages of a sorted list that touch a closed
// interval, ends included: the ones that end at its start and start at
// its end too (DaysOf then clips them).
func TestOutageListTouching(t *testing.T) {
	names := []string{"GET /accounts"}
	ids := map[string]int{names[0]: 0}
	at := func(s int64) time.Time { return time.Unix(s, 0) }
	var l outageList
	var outs []availability.Outage
	for _, se := range [][2]int64{{10, 20}, {30, 40}, {50, 60}, {70, 80}} {
		o := availability.Outage{Endpoint: names[0], Start: at(se[0]), End: at(se[1]),
			Opened: availability.Evidence{Kind: availability.Call, At: at(se[0]), Endpoint: names[0]},
			Closed: availability.Evidence{Kind: availability.Call, At: at(se[1]), Endpoint: names[0]}}
		outs = append(outs, o)
		l.add(&o, names, ids)
	}
	require.Equal(t, outs[1:3], l.touching(nil, at(40), at(50), names), "[30,40) ends at 40, [50,60) starts at 50")
	require.Equal(t, outs[1:2], l.touching(nil, at(35), at(36), names))
	require.Empty(t, l.touching(nil, at(21), at(29), names))
	require.Equal(t, outs, l.touching(nil, at(0), at(100), names))
	require.Equal(t, outs[3:], l.touching(nil, at(80), at(90), names))
}

// A bounded book's Close gives the Result the outages it holds, packed,
// without a copy (once), and the book still takes calls
// and closes again: the second Result is a book's without a bound given
// every call, the first stays what it was, and a clock still open at the
// first Close (an ongoing outage then) is closed by the calls after it.
func TestBoundedCloseSharesOutages(t *testing.T) {
	cfg := Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(time.UTC)}
	t0 := time.Date(2026, 5, 4, 1, 0, 0, 0, time.UTC)
	eps := []string{"GET /accounts", "GET /balances"}
	call := func(i int) kpi.Call {
		status := 200
		// A 503 every 50 calls of each endpoint, and the last 30 calls of
		// the first part all 503 (open at the first Close).
		if i%100 >= 98 || i >= 4970 && i < 5000 {
			status = 503
		}
		return kpi.Call{ReceivedAt: t0.Add(time.Duration(i) * 2 * time.Second), Endpoint: eps[i%2], Status: status, TTLB: 50 * time.Millisecond}
	}
	bounded, all, first := New(cfg), New(cfg), New(cfg)
	require.NoError(t, bounded.SetDisorder(time.Minute))
	bounded.bnd.least, bounded.bnd.flushAt = 64, 64 // walk as the calls come
	for i := range 5000 {
		c := call(i)
		require.NoError(t, bounded.Add(&c, int64(i)))
		require.NoError(t, all.Add(&c, int64(i)))
		require.NoError(t, first.Add(&c, int64(i)))
	}
	res1, err := bounded.Close(time.Time{}, nil, nil)
	require.NoError(t, err)
	want1, err := first.Close(time.Time{}, nil, nil)
	require.NoError(t, err)
	requireSameResult(t, want1, res1)
	outs1 := slices.Collect(res1.Outages())
	require.Greater(t, len(outs1), 50, "two outages every 100 calls")
	require.True(t, outs1[len(outs1)-1].Ongoing || outs1[len(outs1)/2-1].Ongoing, "a clock open at the end")
	// Held once: the result reads the records the bound packed, not a
	// copy of them.
	walked := 0
	for k, name := range res1.Endpoints {
		l := &bounded.bnd.outs[bounded.ids[name]]
		require.NotEmpty(t, l.b, name)
		require.Same(t, &l.b[0], &res1.outs[k].b[0], "%s: copied", name)
		walked += l.n
	}
	require.Greater(t, walked, 40)
	snapshot := slices.Collect(res1.Outages())

	for i := 5000; i < 10000; i++ {
		c := call(i)
		require.NoError(t, bounded.Add(&c, int64(i)))
		require.NoError(t, all.Add(&c, int64(i)))
	}
	res2, err := bounded.Close(time.Time{}, nil, nil)
	require.NoError(t, err)
	want2, err := all.Close(time.Time{}, nil, nil)
	require.NoError(t, err)
	requireSameResult(t, want2, res2)
	res3, err := bounded.Close(time.Time{}, nil, nil)
	require.NoError(t, err)
	requireSameResult(t, want2, res3)
	require.Equal(t, snapshot, slices.Collect(res1.Outages()), "a later Add or Close never writes into an earlier Result")
}

// Close releases what a bounded book holds only for its next flush: the
// sort scratch and the pending records' spare capacity (a large piece
// absorbed at once grows them to its size), and the figures stay those
// of the calls.
func TestBoundedCloseReleasesSpare(t *testing.T) {
	cfg := Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(time.UTC)}
	t0 := time.Date(2026, 5, 4, 1, 0, 0, 0, time.UTC)
	bounded, all := New(cfg), New(cfg)
	require.NoError(t, bounded.SetDisorder(time.Minute))
	// A piece of 20,000 calls a second apart, absorbed at once: every
	// record is pending before the flush, and the last minute's (60
	// records, and 61 with the one at the minute's edge) stay pending.
	piece := New(cfg)
	for i := range 20_000 {
		c := kpi.Call{ReceivedAt: t0.Add(time.Duration(i) * time.Second), Endpoint: "GET /accounts", Status: 200, TTLB: time.Millisecond}
		require.NoError(t, piece.Add(&c, int64(i)))
		require.NoError(t, all.Add(&c, int64(i)))
	}
	require.NoError(t, bounded.Absorb(piece))
	p := bounded.bnd
	require.GreaterOrEqual(t, cap(p.pending), 20_000, "grown to the piece")
	require.LessOrEqual(t, len(p.pending), 61)
	got, err := bounded.Close(time.Time{}, nil, nil)
	require.NoError(t, err)
	require.LessOrEqual(t, cap(p.pending), 2*len(p.pending))
	require.Nil(t, p.scratch)
	want, err := all.Close(time.Time{}, nil, nil)
	require.NoError(t, err)
	requireSameResult(t, want, got)
}

// A bounded book read in time order packs the per-second tables of the
// days no call can reach any more (a day to spare), as it reads: a call
// every 2 s over four days, at most one day of traffic apart from the
// walked instant, leaves days 1 and 2 packed (43,200 seconds, one byte
// each but the first second's 8, about 43 KB against 172,800 bytes of
// entries) and days 3 and 4 as entries; Close gives what a book without
// a bound gives, and packs the rest.
func TestBoundedPacksSettledDays(t *testing.T) {
	cfg := Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(time.UTC)}
	t0 := time.Date(2026, 5, 4, 0, 0, 0, 0, time.UTC)
	bounded, all := New(cfg), New(cfg)
	require.NoError(t, bounded.SetDisorder(time.Minute))
	for i := range 4 * 43_200 {
		c := kpi.Call{ReceivedAt: t0.Add(time.Duration(i) * 2 * time.Second), Endpoint: "GET /accounts", Status: 200, TTLB: time.Millisecond}
		require.NoError(t, bounded.Add(&c, int64(i)))
		require.NoError(t, all.Add(&c, int64(i)))
	}
	d0 := cfg.Calendar.DateOf(t0)
	for k, packed := range []bool{true, true, false, false} {
		e := bounded.EndpointDay(d0+kpi.Date(k), "GET /accounts")
		require.NotNil(t, e)
		require.Equal(t, 43_200, e.TPS.SecondsWithTraffic())
		if got := e.TPS.RetainedBytes(); packed {
			require.Less(t, got, 50_000, "day %d", k+1)
		} else {
			require.GreaterOrEqual(t, got, 4*43_200, "day %d", k+1)
		}
	}
	want, err := all.Close(time.Time{}, nil, nil)
	require.NoError(t, err)
	got, err := bounded.Close(time.Time{}, nil, nil)
	require.NoError(t, err)
	requireSameResult(t, want, got)
	require.Less(t, bounded.EndpointDay(d0+3, "GET /accounts").TPS.RetainedBytes(), 50_000, "Close packs the rest")
}

// Any outages, packed across blocks (any int64 instants and IDs, any
// endpoints and kinds, some kept whole), come back in order, field for
// field, read in order or one at a time.
func TestPropOutageListRoundTrip(t *testing.T) {
	names := []string{"GET /a", "GET /b", "GET /c"}
	ids := map[string]int{names[0]: 0, names[1]: 1, names[2]: 2}
	rapid.Check(t, func(t *rapid.T) {
		anyInt := rapid.OneOf(rapid.Int64(), rapid.Int64Range(-5, 5),
			rapid.SampledFrom([]int64{math.MinInt64, math.MaxInt64, math.MinInt64 + 1, math.MaxInt64 - 1}))
		ep := rapid.SampledFrom(append([]string{""}, names...))
		n := rapid.IntRange(0, 3*outBlock+5).Draw(t, "n")
		var in []availability.Outage
		var l outageList
		start := rapid.Int64().Draw(t, "start")
		for range n {
			start += rapid.Int64Range(0, 1e10).Draw(t, "gap") // a walk's starts increase, mostly
			if rapid.IntRange(0, 9).Draw(t, "wild") == 0 {
				start = anyInt.Draw(t, "start")
			}
			end := start + rapid.Int64Range(0, 1e10).Draw(t, "len")
			at := func(v int64, label string) time.Time {
				if rapid.Bool().Draw(t, label+" usual") {
					return time.Unix(0, v)
				}
				return time.Unix(0, anyInt.Draw(t, label))
			}
			kind := rapid.Custom(func(t *rapid.T) availability.EvidenceKind {
				return availability.EvidenceKind(rapid.IntRange(0, 17).Draw(t, "kind"))
			})
			e := ep.Draw(t, "ep")
			o := availability.Outage{Endpoint: e, Start: time.Unix(0, start), End: time.Unix(0, end),
				Opened:  availability.Evidence{Kind: kind.Draw(t, "opened"), At: at(start, "openedAt"), Endpoint: e, ID: anyInt.Draw(t, "openedID")},
				Closed:  availability.Evidence{Kind: kind.Draw(t, "closed"), At: at(end, "closedAt"), Endpoint: e, ID: anyInt.Draw(t, "closedID")},
				Ongoing: rapid.Bool().Draw(t, "ongoing"), Idle: rapid.Bool().Draw(t, "idle")}
			if rapid.IntRange(0, 4).Draw(t, "other eps") == 0 {
				o.Opened.Endpoint, o.Closed.Endpoint = ep.Draw(t, "openedEp"), ep.Draw(t, "closedEp")
			}
			if rapid.IntRange(0, 9).Draw(t, "odd") == 0 {
				o.Start = o.Start.UTC() // not the location time.Unix gives: kept whole
			}
			in = append(in, o)
			l.add(&o, names, ids)
		}
		require.Equal(t, len(in), l.len())
		got := l.appendTo(nil, names)
		for i := range in {
			require.True(t, in[i] == got[i], "outage %d: %+v, want %+v", i, got[i], in[i])
		}
		if n > 0 {
			k := rapid.IntRange(0, n-1).Draw(t, "k")
			require.True(t, in[k] == l.at(k, names), "at(%d)", k)
			seen := 0
			l.each(names, func(availability.Outage) bool { seen++; return seen <= k })
			require.Equal(t, k+1, seen, "each stops when yield says so")
		}
	})
}
