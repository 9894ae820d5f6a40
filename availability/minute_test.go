package availability

import (
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// Rule RG-MINUTE-1: hand-derived days, zones, the long window, then
// properties.

// minuteDayOf feeds calls to one MinuteDay per (endpoint, local day),
// routed with MinuteOf.
func minuteDayOf(cal kpi.Calendar, opts MinuteOptions, calls []kpi.Call) map[MinuteKey]*MinuteDay {
	out := map[MinuteKey]*MinuteDay{}
	for i := range calls {
		c := &calls[i]
		if kpi.Check(c) != kpi.OK {
			continue
		}
		d, slot := MinuteOf(cal, c.ReceivedAt)
		k := MinuteKey{c.Endpoint, d}
		if out[k] == nil {
			m := NewMinuteDay(opts)
			out[k] = &m
		}
		_ = out[k].Add(slot, c)
	}
	return out
}

func requirePercent(t *testing.T, num, den int64, got kpi.Ratio) {
	t.Helper()
	require.True(t, got.OK(), "no data")
	require.Zero(t, big.NewRat(num, den).Cmp(got.Rat()), "got %s, want %d/%d", got.Rat().RatString(), num, den)
}

// A day with a 5-minute incident. From 09:00 to 10:59 UTC (120 minutes)
// the endpoint gets 20 calls a minute. From 10:00 to 10:04 two calls of
// each minute are 500: 18 of 20 = 90 % < 95 %, down (5 minutes). At 10:30
// one call of 20 is 503: 19 of 20 = 95 %, up (the boundary is inclusive).
// Every minute also has a 404, which is not a valid call. Up = 120 - 5 =
// 115 of 120 active minutes: 100 · 115 / 120 = 575/6 % (95.833).
func TestMinuteIncidentDay(t *testing.T) {
	base := time.Date(2025, 3, 10, 9, 0, 0, 0, time.UTC)
	var calls []kpi.Call
	for m := 0; m < 120; m++ {
		for i := 0; i < 20; i++ {
			status := 200
			if m >= 60 && m < 65 && i < 2 {
				status = 500
			}
			if m == 90 && i == 0 {
				status = 503
			}
			calls = append(calls, kpi.Call{ReceivedAt: base.Add(time.Duration(m)*time.Minute + time.Duration(i)*time.Second), Endpoint: "GET /accounts", Status: status, TTLB: time.Millisecond})
		}
		calls = append(calls, kpi.Call{ReceivedAt: base.Add(time.Duration(m)*time.Minute + 59*time.Second), Endpoint: "GET /accounts", Status: 404, TTLB: time.Millisecond})
	}
	cal := kpi.NewCalendar(time.UTC)
	days := minuteDayOf(cal, MinuteOptions{}, calls)
	day := days[MinuteKey{"GET /accounts", kpi.DateOf(2025, 3, 10)}]
	require.NotNil(t, day)
	up, active := day.Minutes()
	require.Equal(t, 115, up)
	require.Equal(t, 120, active)
	requirePercent(t, 575, 6, day.Percent())
	require.Equal(t, uint64(120), day.NotValid())
	ref, err := ReferenceMinutes(calls, cal, MinuteOptions{})
	require.NoError(t, err)
	require.Equal(t, MinuteFigure{Date: kpi.DateOf(2025, 3, 10), Up: 115, Active: 120}, ref[MinuteKey{"GET /accounts", kpi.DateOf(2025, 3, 10)}])
}

// Valid and success statuses: 422 is a success, 408 an error, 302 and 404
// are not valid. One minute: 200, 422, 408 -> 2 of 3 valid succeed, 66 %:
// down. Next minute: 19 × 422 and one 408 -> 95 %: up. Up 1 of 2: 50 %.
// A minute of 18 × 200 and one 500 (18/19 = 94.7 %) is down; an empty day
// (only 404 and 302) has no data.
func TestMinuteStatuses(t *testing.T) {
	var m MinuteDay
	c := func(status int) *kpi.Call {
		return &kpi.Call{ReceivedAt: time.Unix(1, 0), Endpoint: "E", Status: status}
	}
	for _, s := range []int{200, 422, 408, 302, 404} {
		require.NoError(t, m.Add(0, c(s)))
	}
	for i := 0; i < 19; i++ {
		require.NoError(t, m.Add(1, c(422)))
	}
	require.NoError(t, m.Add(1, c(408)))
	up, active := m.Minutes()
	require.Equal(t, [2]int{1, 2}, [2]int{up, active})
	requirePercent(t, 50, 1, m.Percent())

	var n MinuteDay
	for i := 0; i < 18; i++ {
		require.NoError(t, n.Add(7, c(200)))
	}
	require.NoError(t, n.Add(7, c(500)))
	requirePercent(t, 0, 1, n.Percent())

	var empty MinuteDay
	require.NoError(t, empty.Add(3, c(404)))
	require.NoError(t, empty.Add(3, c(302)))
	require.False(t, empty.Percent().OK(), "no valid call: no data")
	require.Equal(t, uint64(2), empty.NotValid())

	require.ErrorIs(t, empty.Add(MaxMinuteSlots, c(200)), ErrSlotOutOfRange)
	require.ErrorIs(t, empty.Add(-1, c(200)), ErrSlotOutOfRange)
	require.Equal(t, uint64(2), empty.BadSlots())
	bad := c(200)
	bad.TTLB = -1
	require.ErrorIs(t, empty.Add(0, bad), kpi.NegativeTTLB)
	require.Equal(t, uint64(1), empty.Rejections()[kpi.NegativeTTLB])
}

// OPTION NoResponseIgnored: a minute with one 200 and one no-response.
// DEFAULT: 1 of 2 valid succeed, 50 %: down, day 0 %. OPTION: the
// no-response is not valid, 1 of 1: up, day 100 %.
func TestMinuteNoResponseOption(t *testing.T) {
	calls := []kpi.Call{
		{ReceivedAt: time.Unix(60, 0), Endpoint: "E", Status: 200},
		{ReceivedAt: time.Unix(61, 0), Endpoint: "E", Status: 0, TTLB: 30 * time.Second},
	}
	cal := kpi.NewCalendar(time.UTC)
	def := minuteDayOf(cal, MinuteOptions{}, calls)[MinuteKey{"E", 0}]
	opt := minuteDayOf(cal, MinuteOptions{NoResponseIgnored: true}, calls)[MinuteKey{"E", 0}]
	requirePercent(t, 0, 1, def.Percent())
	requirePercent(t, 100, 1, opt.Percent())
	require.ErrorIs(t, def.Merge(opt), kpi.ErrOptionsDiffer)
}

// Minute slots in zones with half- and quarter-hour offsets and on
// daylight-saving days.
func TestMinuteSlotsZones(t *testing.T) {
	kolkata, err := time.LoadLocation("Asia/Kolkata") // +05:30
	require.NoError(t, err)
	cal := kpi.NewCalendar(kolkata)
	// 00:00:30 local on 2024-03-04 is 2024-03-03 18:30:30 UTC: slot 0.
	d, s := MinuteOf(cal, time.Date(2024, 3, 3, 18, 30, 30, 0, time.UTC))
	require.Equal(t, kpi.DateOf(2024, 3, 4), d)
	require.Equal(t, 0, s)
	// 23:59:59 local: slot 23·60 + 59 = 1439.
	d, s = MinuteOf(cal, time.Date(2024, 3, 4, 23, 59, 59, 0, kolkata))
	require.Equal(t, [2]int{int(kpi.DateOf(2024, 3, 4)), 1439}, [2]int{int(d), s})

	kathmandu, err := time.LoadLocation("Asia/Kathmandu") // +05:45
	require.NoError(t, err)
	// 10:07:00 local is slot 10·60 + 7 = 607.
	_, s = MinuteOf(kpi.NewCalendar(kathmandu), time.Date(2024, 3, 4, 10, 7, 0, 0, kathmandu))
	require.Equal(t, 607, s)

	london, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	lc := kpi.NewCalendar(london)
	// 2024-10-27 is 25 hours long: 1,500 slots. 01:30 BST is 00:30 UTC,
	// 90 minutes after midnight (23:00 UTC the day before): slot 90; 01:30
	// GMT is 01:30 UTC, 150 minutes after: slot 150.
	require.Equal(t, 1500, MinutesIn(lc, kpi.DateOf(2024, 10, 27)))
	_, s = MinuteOf(lc, time.Date(2024, 10, 27, 0, 30, 0, 0, time.UTC))
	require.Equal(t, 90, s)
	_, s = MinuteOf(lc, time.Date(2024, 10, 27, 1, 30, 0, 0, time.UTC))
	require.Equal(t, 150, s)
	// The last minute, 23:59 GMT = 23:59 UTC: 24 h 59 min after 23:00 UTC
	// the day before, slot 1499.
	_, s = MinuteOf(lc, time.Date(2024, 10, 27, 23, 59, 0, 0, time.UTC))
	require.Equal(t, 1499, s)
	// 2024-03-31 is 23 hours long: 1,380 slots.
	require.Equal(t, 1380, MinutesIn(lc, kpi.DateOf(2024, 3, 31)))
	require.Equal(t, 1440, MinutesIn(lc, kpi.DateOf(2024, 3, 30)))
}

// Long availability by hand: days of 100 %, 50 % (1/2) and 575/6 %:
// (100 + 50 + 575/6) / 3 = (600 + 300 + 575) / 18 = 1475/18 (81.944). A day
// without data is skipped. With 91 days of data, the earliest (0 %) leaves
// and the mean of the last 90 (all 100 %) is 100.
func TestMinuteWindowByHand(t *testing.T) {
	var w MinuteWindow
	for _, f := range []MinuteFigure{{Date: 3, Up: 115, Active: 120}, {Date: 1, Up: 5, Active: 5}, {Date: 2, Up: 1, Active: 2}, {Date: 4}} {
		_, err := w.Add(f)
		require.NoError(t, err)
	}
	requirePercent(t, 1475, 18, w.Percent())
	_, err := w.Add(MinuteFigure{Date: 2, Up: 2, Active: 2})
	require.ErrorIs(t, err, ErrDayTwice)

	var long MinuteWindow
	figs := []MinuteFigure{{Date: 100, Up: 0, Active: 1}}
	for d := kpi.Date(101); d <= 190; d++ {
		figs = append(figs, MinuteFigure{Date: d, Up: 3, Active: 3})
	}
	for _, f := range figs {
		_, _ = long.Add(f)
	}
	requirePercent(t, 100, 1, long.Percent())
	requirePercent(t, 100, 1, ReferenceLongAvailability(figs))
	require.Len(t, long.Days(), 90)
	require.Equal(t, kpi.Date(101), long.Days()[0].Date)
	require.False(t, (&MinuteWindow{}).Percent().OK())
}

// Rule RG-MINUTE-1: MinuteDay states equal the reference on any input,
// split and merge order, in a zone with a 25-hour day.
func TestPropMinuteEqualsReference(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	cal := kpi.NewCalendar(london)
	base := time.Date(2024, 10, 26, 22, 0, 0, 0, time.UTC) // 23:00 BST, the day before the 25-hour day
	rapid.Check(t, func(t *rapid.T) {
		opts := MinuteOptions{NoResponseIgnored: rapid.Bool().Draw(t, "ignore0")}
		n := rapid.IntRange(0, 120).Draw(t, "n")
		calls := make([]kpi.Call, n)
		for i := range calls {
			calls[i] = kpi.Call{
				ReceivedAt: base.Add(time.Duration(rapid.IntRange(0, 27*60*4).Draw(t, "q")) * 15 * time.Second),
				Endpoint:   rapid.SampledFrom([]string{"A", "B"}).Draw(t, "ep"),
				Status:     rapid.SampledFrom([]int{0, 200, 204, 302, 404, 408, 422, 429, 500, 503}).Draw(t, "status"),
				TTLB:       time.Duration(rapid.IntRange(-1, 5).Draw(t, "ttlb")) * time.Millisecond,
			}
		}
		k := rapid.IntRange(1, 4).Draw(t, "parts")
		parts := make([][]kpi.Call, k)
		for i := range calls {
			j := rapid.IntRange(0, k-1).Draw(t, "part")
			parts[j] = append(parts[j], calls[i])
		}
		var states []map[MinuteKey]*MinuteDay
		for _, p := range parts {
			states = append(states, minuteDayOf(cal, opts, p))
		}
		merged := map[MinuteKey]*MinuteDay{}
		for _, i := range rapid.Permutation(seq(len(states))).Draw(t, "order") {
			for key, m := range states[i] {
				if merged[key] == nil {
					merged[key] = &MinuteDay{}
				}
				if err := merged[key].Merge(m); err != nil {
					t.Fatalf("merge: %v", err)
				}
			}
		}
		ref, _ := ReferenceMinutes(calls, cal, opts)
		got := map[MinuteKey]MinuteFigure{}
		for key, m := range merged {
			up, active := m.Minutes()
			if active > 0 {
				got[key] = MinuteFigure{Date: key.Date, Up: up, Active: active}
			}
		}
		if len(got) != len(ref) {
			t.Fatalf("%d endpoint-days with data, reference %d", len(got), len(ref))
		}
		for key, f := range ref {
			if got[key] != f {
				t.Fatalf("%v: %+v, reference %+v", key, got[key], f)
			}
		}
	})
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// Rule RG-MINUTE-1 long availability: windows built from any split of
// distinct days, merged in any order, equal the reference.
func TestPropMinuteWindowEqualsReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		dates := rapid.SliceOfNDistinct(rapid.IntRange(0, 300), 0, 150, func(d int) int { return d }).Draw(t, "dates")
		var figs []MinuteFigure
		for _, d := range dates {
			active := rapid.IntRange(0, 30).Draw(t, "active")
			figs = append(figs, MinuteFigure{Date: kpi.Date(d), Active: active, Up: rapid.IntRange(0, max(active, 0)).Draw(t, "up")})
		}
		k := rapid.IntRange(1, 4).Draw(t, "parts")
		ws := make([]MinuteWindow, k)
		for _, f := range figs {
			if _, err := ws[rapid.IntRange(0, k-1).Draw(t, "w")].Add(f); err != nil {
				t.Fatalf("add: %v", err)
			}
		}
		for len(ws) > 1 {
			i := rapid.IntRange(0, len(ws)-1).Draw(t, "into")
			j := rapid.IntRange(0, len(ws)-2).Draw(t, "from")
			if j >= i {
				j++
			}
			if err := ws[i].Merge(&ws[j]); err != nil {
				t.Fatalf("merge: %v", err)
			}
			ws = slices.Delete(ws, j, j+1)
		}
		want := ReferenceLongAvailability(figs)
		if got := ws[0].Percent(); !got.Equal(want) {
			t.Fatalf("window %v, reference %v", got, want)
		}
	})
}

// Add, Merge and Reset allocate nothing.
func TestAllocsMinute(t *testing.T) {
	var m, o MinuteDay
	c := kpi.Call{ReceivedAt: time.Unix(1, 0), Endpoint: "E", Status: 200}
	_ = o.Add(5, &c)
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = m.Add(5, &c) }), "Add")
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = m.Merge(&o) }), "Merge")
	require.Zero(t, testing.AllocsPerRun(100, func() { m.Reset() }), "Reset")
	var w MinuteWindow
	d := kpi.Date(0)
	require.Zero(t, testing.AllocsPerRun(100, func() { d++; _, _ = w.Add(MinuteFigure{Date: d, Up: 1, Active: 1}) }), "Window.Add")
}
