package performance_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/performance"
)

// routes of the tests: a fixed high-priority endpoint, an endpoint whose
// customer-present calls are low priority and whose others are
// unattended, and an endpoint of no tier.
func tierRoute(endpoint string) performance.TierRoute {
	switch endpoint {
	case "POST /token":
		return performance.TierRoute{Present: performance.TierHighPriority, Unattended: performance.TierHighPriority}
	case "GET /banking/payees":
		return performance.TierRoute{Present: performance.TierLowPriority, Unattended: performance.TierUnattended}
	}
	return performance.TierRoute{}
}

func sydney(t require.TestingT) kpi.Calendar {
	loc, err := time.LoadLocation("Australia/Sydney")
	require.NoError(t, err)
	return kpi.NewCalendar(loc)
}

func tierAdd(t *testing.T, cal kpi.Calendar, d *performance.TierDay, c kpi.Call) {
	_, slot := cal.HourOf(c.ReceivedAt)
	require.NoError(t, d.Add(slot, tierRoute(c.Endpoint), &c))
}

// A hand-built day in Sydney (2026-06-10, AEST +10, 24 hours):
//
//	09:05 POST /token 200  900 ms  high priority, within 1000
//	09:10 POST /token 200 1000 ms  within (inclusive)
//	09:20 POST /token 200 1001 ms  not within
//	09:30 POST /token 429   50 ms  traffic-rejected: out of the share, in the average
//	09:40 POST /token   0 1200 ms  no response: in the share's denominator, out of the average
//	10:00 POST /token 200  400 ms  hour 10
//	09:15 GET /banking/payees present=yes 200 1400 ms  low priority, within 1500
//	09:16 GET /banking/payees present=no  200 3000 ms  unattended, within 4000
//	09:17 GET /banking/payees presence unknown       counted apart
//	09:18 GET /unknown 200                            no tier
//
// High priority, hour 9: calls 5, timed 4 (the 429 out), within 2 (900,
// 1000): share 2/4 = 50 %. Hour 10: 1/1 = 100 %. Worst hour 50 %.
// Average response: responded calls 900 + 1000 + 1001 + 50 + 400 = 3351
// ms over 5 = 670.2 ms (the no-response call out, the 429 in).
// Low priority hour 9: 1/1; unattended hour 9: 1/1.
func TestTierDayByHand(t *testing.T) {
	cal := sydney(t)
	at := func(h, m int) time.Time { return time.Date(2026, 6, 10, h, m, 0, 0, cal.Location()) }
	mk := func(h, m int, ep string, status, ms int) kpi.Call {
		return kpi.Call{ReceivedAt: at(h, m), Endpoint: ep, Status: status, TTLB: time.Duration(ms) * time.Millisecond}
	}
	var d performance.TierDay
	calls := []kpi.Call{
		mk(9, 5, "POST /token", 200, 900),
		mk(9, 10, "POST /token", 200, 1000),
		mk(9, 20, "POST /token", 200, 1001),
		mk(9, 30, "POST /token", 429, 50),
		mk(9, 40, "POST /token", 0, 1200),
		mk(10, 0, "POST /token", 200, 400),
		mk(9, 15, "GET /banking/payees", 200, 1400),
		mk(9, 16, "GET /banking/payees", 200, 3000),
		mk(9, 17, "GET /banking/payees", 200, 10),
		mk(9, 18, "GET /unknown", 200, 10),
	}
	calls[3].TrafficRejected = kpi.FlagYes
	calls[6].CustomerPresent = kpi.FlagYes
	calls[7].CustomerPresent = kpi.FlagNo
	for _, c := range calls {
		tierAdd(t, cal, &d, c)
	}
	hp := performance.TierHighPriority
	require.Equal(t, performance.TierHour{Calls: 5, Timed: 4, Within: 2}, d.Hour(hp, 9))
	require.Equal(t, "50", d.Hour(hp, 9).WithinPercent().Format(0))
	require.Equal(t, performance.TierHour{Calls: 1, Timed: 1, Within: 1}, d.Hour(hp, 10))
	require.Equal(t, "50.000", d.WorstHourPercent(hp).String())
	require.Equal(t, "670.200", d.AvgResponseMs(hp).String())
	require.Equal(t, uint64(1), d.TrafficRejected(hp))
	require.Equal(t, performance.TierHour{Calls: 6, Timed: 5, Within: 3}, d.Day(hp))
	require.Equal(t, performance.TierHour{Calls: 1, Timed: 1, Within: 1}, d.Hour(performance.TierLowPriority, 9))
	require.Equal(t, performance.TierHour{Calls: 1, Timed: 1, Within: 1}, d.Hour(performance.TierUnattended, 9))
	require.Equal(t, uint64(1), d.PresenceUnknown())
	require.Equal(t, uint64(1), d.NoTier())
	require.False(t, d.WorstHourPercent(performance.TierLargePayload).OK(), "a tier without calls has no share")
	require.False(t, d.Hour(hp, 11).WithinPercent().OK(), "an hour without calls has no share")

	want, err := performance.ReferenceTiers(cal, cal.DateOf(at(0, 0)), calls, tierRoute)
	require.NoError(t, err)
	requireSameTiers(t, want, d.Figures())

	require.ErrorIs(t, d.Add(25, tierRoute("POST /token"), &calls[0]), performance.ErrHourSlot)
	require.Equal(t, uint64(1), d.BadSlots())
	bad := calls[0]
	bad.Status = 700
	require.Equal(t, kpi.BadStatus, d.Add(0, tierRoute("POST /token"), &bad))
}

func requireSameTiers(t require.TestingT, want, got performance.TierFigures) {
	require.Equal(t, want.Hours, got.Hours, "hours")
	require.Equal(t, want.Responded, got.Responded, "responded")
	require.Equal(t, want.TrafficRejected, got.TrafficRejected, "rejected")
	require.Equal(t, [3]uint64{want.NoTier, want.PresenceUnknown, want.BadSlots}, [3]uint64{got.NoTier, got.PresenceUnknown, got.BadSlots})
	for i := range want.AvgResponseMs {
		require.True(t, want.AvgResponseMs[i].Equal(got.AvgResponseMs[i]), "avg of tier %d: %s, want %s", i, got.AvgResponseMs[i], want.AvgResponseMs[i])
	}
}

// A 25-hour day (Sydney, 2026-04-05: clocks go back at 03:00 AEDT): the
// repeated local hour 02:00 is two slots, 2 and 3, and the day's last
// hour is slot 24.
func TestTierDayDSTSlots(t *testing.T) {
	cal := sydney(t)
	d0 := cal.DateOf(time.Date(2026, 4, 5, 12, 0, 0, 0, cal.Location()))
	require.Equal(t, 25, cal.HoursIn(d0))
	last := cal.Start(d0 + 1).Add(-time.Minute)
	_, slot := cal.HourOf(last)
	require.Equal(t, 24, slot)
}

func genTierCalls(t *rapid.T, cal kpi.Calendar) []kpi.Call {
	base := time.Date(2026, 4, 5, 0, 0, 0, 0, cal.Location()) // the 25-hour day
	n := rapid.IntRange(0, 50).Draw(t, "n")
	calls := make([]kpi.Call, n)
	for i := range calls {
		c := &calls[i]
		c.ReceivedAt = base.Add(time.Duration(rapid.IntRange(-30, 26*60).Draw(t, "min")) * time.Minute)
		c.Endpoint = rapid.SampledFrom([]string{"POST /token", "GET /banking/payees", "GET /x"}).Draw(t, "ep")
		c.Status = rapid.SampledFrom([]int{0, 200, 429, 500, 99}).Draw(t, "status")
		c.TTLB = time.Duration(rapid.SampledFrom([]int{0, 999, 1000, 1001, 1500, 1501, 4000, 4001}).Draw(t, "ms")) * time.Millisecond
		c.HasTTFB = false
		c.CustomerPresent = kpi.Flag(rapid.IntRange(0, 3).Draw(t, "present"))
		c.TrafficRejected = kpi.Flag(rapid.IntRange(0, 2).Draw(t, "traffic"))
	}
	return calls
}

// Property: a TierDay fed any calls, split across any number of states
// merged in any order, gives ReferenceTiers' figures.
func TestPropTierDayEqualsReference(t *testing.T) {
	cal := sydney(t)
	rapid.Check(t, func(t *rapid.T) {
		calls := genTierCalls(t, cal)
		day := cal.DateOf(time.Date(2026, 4, 5, 12, 0, 0, 0, cal.Location()))
		k := rapid.IntRange(1, 4).Draw(t, "parts")
		parts := make([]performance.TierDay, k)
		for i := range calls {
			d, slot := cal.HourOf(calls[i].ReceivedAt)
			if d != day {
				slot = -1 // another day: counted in BadSlots, as the reference does
			}
			_ = parts[rapid.IntRange(0, k-1).Draw(t, "part")].Add(slot, tierRoute(calls[i].Endpoint), &calls[i])
		}
		var all performance.TierDay
		for _, i := range rapid.Permutation(indices(k)).Draw(t, "order") {
			all.Merge(&parts[i])
		}
		want, _ := performance.ReferenceTiers(cal, day, calls, tierRoute)
		requireSameTiers(t, want, all.Figures())
	})
}

// Property: Merge is associative and commutative with the zero value as
// identity.
func TestPropTierDayMergeLaws(t *testing.T) {
	cal := sydney(t)
	rapid.Check(t, func(t *rapid.T) {
		var s [3]performance.TierDay
		for j := range s {
			for _, c := range genTierCalls(t, cal) {
				_, slot := cal.HourOf(c.ReceivedAt)
				_ = s[j].Add(slot, tierRoute(c.Endpoint), &c)
			}
		}
		ab, bc := s[0], s[1]
		ab.Merge(&s[1])
		ab.Merge(&s[2]) // (a+b)+c
		bc.Merge(&s[2])
		a := s[0]
		a.Merge(&bc) // a+(b+c)
		require.Equal(t, ab, a)
		cb := s[2]
		cb.Merge(&s[1])
		cb.Merge(&s[0])
		require.Equal(t, ab, cb)
		var zero performance.TierDay
		left := zero
		left.Merge(&s[0])
		right := s[0]
		right.Merge(&zero)
		require.Equal(t, s[0], left)
		require.Equal(t, s[0], right)
	})
}

func TestTierDayAllocs(t *testing.T) {
	var d, o performance.TierDay
	c := kpi.Call{ReceivedAt: time.Unix(1, 0), Endpoint: "POST /token", Status: 200, TTLB: time.Second}
	bad := c
	bad.Status = 1
	r := tierRoute("POST /token")
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = d.Add(3, r, &c) }), "Add")
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = d.Add(3, r, &bad) }), "Add of a bad call")
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = d.Add(30, r, &c) }), "Add of a bad slot")
	require.Zero(t, testing.AllocsPerRun(100, func() { d.Merge(&o) }), "Merge")
}

func indices(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}
