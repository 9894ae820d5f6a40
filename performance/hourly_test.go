package performance

import (
	"testing"
	"time"
	_ "time/tzdata" // the test does not depend on the machine's zoneinfo

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
)

// Rule RG-HOURLY-1: share within threshold per clock hour over the 25-hour
// day of 2024-10-27 in Europe/London (BST ends at 02:00 BST = 01:00 GMT, so
// the local hour 01:00 happens twice). One Stats per hour slot; the hours
// merge into the day.
func TestRG_HOURLY_1_25HourDayLondon(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	cal := kpi.NewCalendar(london)
	day := kpi.DateOf(2024, time.October, 27)
	require.Equal(t, 25, cal.HoursIn(day))
	require.Equal(t, 23, cal.HoursIn(kpi.DateOf(2024, time.March, 31)))
	require.Equal(t, 24, cal.HoursIn(kpi.DateOf(2024, time.October, 28)))

	utc := func(h, m int) time.Time {
		return time.Date(2024, 10, 26, 23, 0, 0, 0, time.UTC).Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
	}
	// Instants as hours after the day's start (2024-10-26 23:00 UTC = 00:00 BST).
	mk := func(at time.Time, ttlb time.Duration) kpi.Call {
		return kpi.Call{ReceivedAt: at, Endpoint: "GET /accounts", Status: 200, TTLB: ttlb}
	}
	calls := []kpi.Call{
		mk(utc(0, 30), 100*time.Millisecond),  // 00:30 BST, slot 0: within
		mk(utc(1, 30), 300*time.Millisecond),  // 01:30 BST, slot 1: not within
		mk(utc(2, 30), 150*time.Millisecond),  // 01:30 GMT, slot 2: within
		mk(utc(2, 45), 250*time.Millisecond),  // 01:45 GMT, slot 2: not within
		mk(utc(24, 30), 180*time.Millisecond), // 23:30 GMT, slot 24: within
	}
	opts := Options{Threshold: 200 * time.Millisecond}
	hours := make([]Stats, cal.HoursIn(day))
	for i := range hours {
		hours[i] = NewStats(opts)
	}
	for i := range calls {
		d, h := cal.HourOf(calls[i].ReceivedAt)
		require.Equal(t, day, d)
		require.NoError(t, hours[h].Add(&calls[i]))
	}
	// By hand: slot 0: 1 of 1 = 100 %; slot 1: 0 of 1 = 0 %; slot 2: 1 of
	// 2 = 50 %; slot 24: 1 of 1 = 100 %; the other 21 slots: no data.
	want := map[int]string{0: "100", 1: "0", 2: "50", 24: "100"}
	for h := range hours {
		w, ok := want[h]
		if !ok {
			w = "nodata"
		}
		requireRatio(t, w, hours[h].WithinThresholdPercent(Responded), "slot %d", h)
	}
	// Slots 1 and 2 are both the clock hour 01:00, first BST then GMT.
	s1, s2 := cal.HourSpan(day, 1).Start.In(london), cal.HourSpan(day, 2).Start.In(london)
	require.Equal(t, "01:00 BST", s1.Format("15:04 MST"))
	require.Equal(t, "01:00 GMT", s2.Format("15:04 MST"))
	require.Equal(t, cal.Day(day).End, cal.HourSpan(day, 24).End)

	// The day is the merge of its hours: 3 within of 5 = 60 %, the same as
	// one Stats fed the whole day.
	var merged Stats
	for h := range hours {
		require.NoError(t, merged.Merge(&hours[h]))
	}
	requireRatio(t, "60", merged.WithinThresholdPercent(Responded), "day")
	require.Equal(t, statsOf(opts, calls), merged)
}
