package book

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/performance"
)

// A hand-built CDR day in Sydney, every extra on:
//
//	POST /token (high priority, 1000 ms): 09:00 200 800 ms, 09:01 200 1200
//	ms, 09:02 500 100 ms; hour 9: 2 of 3 within (800, 100): worst hour
//	66.667 %.
//	GET /banking/payees, customer present (low priority, 1500 ms): 10:00
//	200 1400 ms: 1 of 1, 100 %.
//
// P95 of POST /token: n = 3, k = round(2.85) = 3: the 3rd smallest, 1200
// ms. Lower median: ceil(3/2) = 2nd smallest of 100, 800, 1200: 800 ms.
// Minutes of POST /token: 09:00 up (1/1), 09:01 up, 09:02 down (500 is an
// error): 2 of 3 minutes, 66.667 %.
func TestExtrasMeasurementsByHand(t *testing.T) {
	loc, err := time.LoadLocation("Australia/Sydney")
	require.NoError(t, err)
	at := func(h, m int) time.Time { return time.Date(2026, 6, 10, h, m, 0, 0, loc) }
	calls := []kpi.Call{
		{ReceivedAt: at(9, 0), Endpoint: "POST /token", Status: 200, TTLB: 800 * time.Millisecond},
		{ReceivedAt: at(9, 1), Endpoint: "POST /token", Status: 200, TTLB: 1200 * time.Millisecond},
		{ReceivedAt: at(9, 2), Endpoint: "POST /token", Status: 500, TTLB: 100 * time.Millisecond},
		{ReceivedAt: at(10, 0), Endpoint: "GET /banking/payees", Status: 200, TTLB: 1400 * time.Millisecond, CustomerPresent: kpi.FlagYes},
	}
	cfg := Config{Profile: benchmark.CDR(), Calendar: kpi.NewCalendar(loc), Extras: Extras{P95: true, Medians: true, Minutes: true, Tiers: true, Codes: true}}
	require.Equal(t, Extras{Tiers: true, Codes: true}, ExtrasFor(benchmark.CDR()))
	require.Equal(t, Extras{P95: true, Minutes: true}, ExtrasFor(benchmark.OFB()))
	b := New(cfg)
	for i := range calls {
		require.NoError(t, b.Add(&calls[i], int64(i)))
	}
	res, err := b.Close(time.Time{}, nil, nil)
	require.NoError(t, err)
	m := res.Measurements()
	d := kpi.Period{First: res.First, Last: res.First}
	get := func(k benchmark.KPI, s benchmark.Scope) string {
		v, ok := m.Get(k, s, d)
		require.True(t, ok, "%s %v", k, s)
		return v.String()
	}
	tok := benchmark.Endpoint("POST /token")
	require.Equal(t, "1200.000", get(benchmark.P95TTLBMs, tok))
	require.Equal(t, "800.000", get(benchmark.MedianTTLBMs, tok))
	require.Equal(t, "66.667", get(benchmark.MinuteAvailabilityPercent, tok))
	require.Equal(t, "66.667", get(benchmark.WorstHourWithinThresholdPercent, benchmark.Group(benchmark.GroupCDRHighPriority)))
	require.Equal(t, "100.000", get(benchmark.WorstHourWithinThresholdPercent, benchmark.Group(benchmark.GroupCDRLowPriority)))
	_, ok := m.Get(benchmark.WorstHourWithinThresholdPercent, benchmark.Group(benchmark.GroupCDRUnattended), d)
	require.False(t, ok, "no unattended call: no figure")

	iface := res.Rows[len(res.Rows)-1]
	require.True(t, iface.Interface)
	require.Equal(t, performance.TierHour{Calls: 3, Timed: 3, Within: 2}, iface.Tiers.Hours[9][performance.TierHighPriority])

	_, err = b.EndpointDay(res.First, "POST /token").MarshalBinary()
	require.ErrorIs(t, err, ErrExtrasNotEncoded)
}

// The default path is unchanged: a book without extras has none on its
// endpoint-days, and its rows' extra figures are empty.
func TestNoExtrasByDefault(t *testing.T) {
	b := New(Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(time.UTC)})
	c := kpi.Call{ReceivedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Endpoint: "GET /x", Status: 200}
	require.NoError(t, b.Add(&c, 0))
	res, err := b.Close(time.Time{}, nil, nil)
	require.NoError(t, err)
	require.Equal(t, Extras{}, res.Rows[0].State.Extras())
	require.False(t, res.Rows[0].P95TTLBMs.OK())
	require.Nil(t, res.Rows[0].Tiers)
}

// EndpointDay.AddAt with every extra on does not allocate in steady state
// (the rank tables have grown to the day's distinct times).
func TestExtrasAddAllocs(t *testing.T) {
	e := NewEndpointDay(performance.Options{}, true)
	e.Enable(Extras{P95: true, Medians: true, Minutes: true, Tiers: true, Codes: true})
	e.Route = performance.TierRoute{Present: performance.TierHighPriority, Unattended: performance.TierHighPriority}
	c := kpi.Call{ReceivedAt: time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC), Endpoint: "POST /token", Status: 200, TTLB: 120 * time.Millisecond}
	require.NoError(t, e.AddAt(&c, 9*time.Hour))
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = e.AddAt(&c, 9*time.Hour) }))
}
