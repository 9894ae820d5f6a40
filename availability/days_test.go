package availability

import (
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
)

func london(t testing.TB) kpi.Calendar {
	loc, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	return kpi.NewCalendar(loc)
}

func utc(y int, m time.Month, d, hh, mm, ss int) time.Time {
	return time.Date(y, m, d, hh, mm, ss, 0, time.UTC)
}

func outage(ep string, start, end time.Time, id int64) Outage {
	return Outage{Endpoint: ep, Start: start, End: end,
		Opened: Evidence{Kind: Call, At: start, Endpoint: ep, ID: id},
		Closed: Evidence{Kind: Call, At: end, Endpoint: ep, ID: id + 1}}
}

func window(ep string, start, end time.Time) Window {
	return Window{Interval: kpi.Interval{Start: start, End: end}, Endpoint: ep}
}

// Rule AV-WINDOW-1: the clock across midnight (see TestTimelineClockAcrossMidnight)
// is split at local midnight; each day counts its part.
func TestDaysClockAcrossMidnight(t *testing.T) {
	calls := []kpi.Call{call("A", 0, 200, ms(100)), call("A", 10*time.Minute, 503, sec(2)), call("A", 70*time.Minute, 200, ms(500))}
	outs, err := Reference(calls, at(2*time.Hour), Options{})
	require.NoError(t, err)
	d29, d30 := kpi.DateOf(2025, 3, 29), kpi.DateOf(2025, 3, 30)
	days := Days(kpi.Calendar{}, d29, d30, "A", outs, nil, nil)
	require.Len(t, days, 2)
	// 23:10:02 to 24:00 is 49m58s; 00:00 to 00:10:00.5 is 10m0.5s.
	require.Equal(t, 49*time.Minute+58*time.Second, days[0].Total)
	require.Equal(t, 10*time.Minute+ms(500), days[1].Total)
	require.Equal(t, days[0].Total, days[0].Unplanned)
	opened := Evidence{Kind: Call, At: utc(2025, 3, 29, 23, 10, 2), Endpoint: "A", ID: 1}
	closed := Evidence{Kind: Call, At: utc(2025, 3, 30, 0, 10, 0).Add(ms(500)), Endpoint: "A", ID: 2}
	require.Equal(t, []Piece{{Interval: kpi.Interval{Start: opened.At, End: utc(2025, 3, 30, 0, 0, 0)},
		Source: opened, Closed: closed, CutAtEnd: DayBoundary}}, days[0].Pieces)
	require.Equal(t, []Piece{{Interval: kpi.Interval{Start: utc(2025, 3, 30, 0, 0, 0), End: closed.At},
		Source: opened, Closed: closed, CutAtStart: DayBoundary}}, days[1].Pieces)
	// AV-PCT-1: 100 − 600.5 / 86400 × 100 = 100 × 85799.5 / 86400.
	require.True(t, kpi.RatioOf(100*857995, 864000).Equal(days[1].UptimePercent(Options{})))
}

// Rule AV-WINDOW-1, AV-PCT-1: the 23-hour day (Europe/London, 2025-03-30:
// 01:00 GMT becomes 02:00 BST). An outage from 23:30 GMT on the 29th to
// 12:00 BST (11:00 UTC) on the 30th: 30 minutes on the 29th, 11 hours on
// the 30th, whose real length is 23 h.
func TestDays23HourDay(t *testing.T) {
	cal := london(t)
	d29, d30 := kpi.DateOf(2025, 3, 29), kpi.DateOf(2025, 3, 30)
	o := outage("A", utc(2025, 3, 29, 23, 30, 0), utc(2025, 3, 30, 11, 0, 0), 0)
	days := Days(cal, d29, d30, "A", []Outage{o}, nil, nil)
	require.Equal(t, 24*time.Hour, days[0].Length)
	require.Equal(t, 23*time.Hour, days[1].Length)
	require.Equal(t, 30*time.Minute, days[0].Total)
	require.Equal(t, 11*time.Hour, days[1].Total)
	// Real length: 100 × (23 − 11) / 23 = 1200/23 (52.174).
	require.True(t, kpi.RatioOf(1200, 23).Equal(days[1].UptimePercent(Options{})))
	require.Equal(t, "52.174", days[1].UptimePercent(Options{}).Format(3))
	// FixedDayLength: 100 × (24 − 11) / 24 = 325/6 (54.167).
	require.True(t, kpi.RatioOf(325, 6).Equal(days[1].UptimePercent(Options{FixedDayLength: true})))
	// Downtime percent: 100 − 1200/23 = 1100/23.
	require.True(t, kpi.RatioOf(1100, 23).Equal(days[1].DowntimePercent(Options{})))
}

// Rule AV-WINDOW-1, AV-PCT-1: the 25-hour day (Europe/London,
// 2025-10-26: 02:00 BST becomes 01:00 GMT). 24.5 hours of downtime: real
// length 100 × 0.5 / 25 = 2 %; under FixedDayLength 24.5 h > 86,400 s and
// uptime floors at 0, while downtime % is not capped: 88,200 s / 86,400 s
// × 100 = 8,820,000 / 86,400 = 1225/12 = 102.083…% (real length: 88,200 /
// 90,000 × 100 = 98 %).
func TestDays25HourDay(t *testing.T) {
	cal := london(t)
	d := kpi.DateOf(2025, 10, 26)
	dayStart := utc(2025, 10, 25, 23, 0, 0) // 00:00 BST
	require.Equal(t, dayStart, cal.Start(d).UTC())
	o := outage("A", dayStart, dayStart.Add(24*time.Hour+30*time.Minute), 0)
	days := Days(cal, d, d, "A", []Outage{o}, nil, nil)
	require.Equal(t, 25*time.Hour, days[0].Length)
	require.Equal(t, 24*time.Hour+30*time.Minute, days[0].Total)
	require.True(t, kpi.RatioOfInt(2).Equal(days[0].UptimePercent(Options{})))
	require.True(t, kpi.RatioOfInt(0).Equal(days[0].UptimePercent(Options{FixedDayLength: true})))
	require.True(t, kpi.RatioOfInt(98).Equal(days[0].DowntimePercent(Options{})))
	require.True(t, kpi.RatioOf(1225, 12).Equal(days[0].DowntimePercent(Options{FixedDayLength: true})))
	require.Equal(t, "102.083", days[0].DowntimePercent(Options{FixedDayLength: true}).Format(3))
	// The whole 25-hour day down: Total 25 h ≤ Length; 0 % either way.
	o.End = dayStart.Add(48 * time.Hour)
	days = Days(cal, d, d, "A", []Outage{o}, nil, nil)
	require.Equal(t, 25*time.Hour, days[0].Total)
	require.True(t, kpi.RatioOfInt(0).Equal(days[0].UptimePercent(Options{})))
}

// Rule AV-PLAN-1: a planned window overlapping a derived outage. Outage
// [10:00, 12:00), window [11:00, 13:00): total [10:00, 13:00) = 3 h,
// planned [11:00, 13:00) = 2 h, unplanned 1 h.
func TestDaysPlannedOverlapsOutage(t *testing.T) {
	d := kpi.DateOf(2025, 3, 30)
	o := outage("A", utc(2025, 3, 30, 10, 0, 0), utc(2025, 3, 30, 12, 0, 0), 4)
	w := window("", utc(2025, 3, 30, 11, 0, 0), utc(2025, 3, 30, 13, 0, 0))
	days := Days(kpi.Calendar{}, d, d, "A", []Outage{o}, []Window{w}, nil)
	day := days[0]
	require.Equal(t, 3*time.Hour, day.Total)
	require.Equal(t, 2*time.Hour, day.Planned)
	require.Equal(t, time.Hour, day.Unplanned)
	wEv := Evidence{Kind: PlannedWindow, At: w.Start, ID: 0}
	require.Equal(t, []Piece{
		{Interval: kpi.Interval{Start: o.Start, End: w.Start}, Source: o.Opened, Closed: o.Closed, CutAtEnd: PlannedWindow},
		{Interval: w.Interval, Planned: true, Source: wEv, Closed: Evidence{Kind: PlannedWindow, At: w.End}},
	}, day.Pieces)
	// AV-PCT-1 DEFAULT (planned is downtime): 100 × 21/24 = 87.5.
	require.True(t, kpi.RatioOf(875, 10).Equal(day.UptimePercent(Options{})))
	// RG-PLANNED-1 OPTION: (24 − 2 − 1)/(24 − 2) × 100 = 1050/11 (95.455).
	require.True(t, kpi.RatioOf(1050, 11).Equal(day.UptimePercent(Options{PlannedExcluded: true})))
	require.Equal(t, "95.455", day.UptimePercent(Options{PlannedExcluded: true}).Format(3))
}

// Rule AV-PLAN-1, AV-MON-1: a planned window inside an outage cuts it in
// two; a monitoring outage adds unplanned downtime; a window of another
// endpoint does not count.
func TestDaysPlannedInsideOutageAndMonitoring(t *testing.T) {
	d := kpi.DateOf(2025, 3, 30)
	o := outage("A", utc(2025, 3, 30, 10, 0, 0), utc(2025, 3, 30, 12, 0, 0), 4)
	planned := []Window{
		window("A", utc(2025, 3, 30, 10, 30, 0), utc(2025, 3, 30, 11, 0, 0)),
		window("B", utc(2025, 3, 30, 20, 0, 0), utc(2025, 3, 30, 21, 0, 0)),
	}
	mon := []Window{window("", utc(2025, 3, 30, 14, 0, 0), utc(2025, 3, 30, 15, 0, 0))}
	day := Days(kpi.Calendar{}, d, d, "A", []Outage{o}, planned, mon)[0]
	// [10:00, 12:00) ∪ [14:00, 15:00) = 3 h; planned [10:30, 11:00).
	require.Equal(t, 3*time.Hour, day.Total)
	require.Equal(t, 30*time.Minute, day.Planned)
	require.Equal(t, 150*time.Minute, day.Unplanned)
	require.Len(t, day.Pieces, 4)
	require.Equal(t, PlannedWindow, day.Pieces[0].CutAtEnd)
	require.True(t, day.Pieces[1].Planned)
	require.Equal(t, o.Opened, day.Pieces[2].Source)
	require.Equal(t, PlannedWindow, day.Pieces[2].CutAtStart)
	require.Equal(t, NoEvidence, day.Pieces[2].CutAtEnd)
	require.True(t, day.Pieces[3].Monitoring)
	require.Equal(t, Evidence{Kind: MonitoringOutage, At: mon[0].Start}, day.Pieces[3].Source)
	// B's own day: its window and the monitoring outage: 2 h, 1 h planned.
	dayB := Days(kpi.Calendar{}, d, d, "B", []Outage{o}, planned, mon)[0]
	require.Equal(t, 2*time.Hour, dayB.Total)
	require.Equal(t, time.Hour, dayB.Planned)
}

// Rule AV-SCOPE-1: the interface is the union of the endpoints' downtime.
// A [10:00, 12:00) and B [11:00, 13:00) unplanned, B planned [13:00,
// 14:00): interface 4 h, 1 h planned; never an average.
func TestDaysInterfaceUnion(t *testing.T) {
	d := kpi.DateOf(2025, 3, 30)
	outs := []Outage{
		outage("A", utc(2025, 3, 30, 10, 0, 0), utc(2025, 3, 30, 12, 0, 0), 0),
		outage("B", utc(2025, 3, 30, 11, 0, 0), utc(2025, 3, 30, 13, 0, 0), 2),
	}
	planned := []Window{window("B", utc(2025, 3, 30, 13, 0, 0), utc(2025, 3, 30, 14, 0, 0))}
	a := Days(kpi.Calendar{}, d, d, "A", outs, planned, nil)
	b := Days(kpi.Calendar{}, d, d, "B", outs, planned, nil)
	require.Equal(t, 2*time.Hour, a[0].Total)
	require.Equal(t, 3*time.Hour, b[0].Total)
	all := Days(kpi.Calendar{}, d, d, "", outs, planned, nil)
	require.Equal(t, 4*time.Hour, all[0].Total)
	require.Equal(t, time.Hour, all[0].Planned)
	viaEndpoints := InterfaceDays([][]Day{a, b})
	require.Len(t, viaEndpoints, 1)
	require.Equal(t, "", viaEndpoints[0].Endpoint)
	require.Equal(t, all[0].Total, viaEndpoints[0].Total)
	require.Equal(t, all[0].Planned, viaEndpoints[0].Planned)
	require.Equal(t, all[0].Pieces, viaEndpoints[0].Pieces)
}

// Rule AV-CLOCK-3 with AV-EVIDENCE-1: the piece of an ongoing outage that
// ends at asOf says so.
func TestDaysOngoingCutAtObservationEnd(t *testing.T) {
	calls := []kpi.Call{call("A", 0, 503, 0)}
	outs, err := Reference(calls, at(30*time.Minute), Options{})
	require.NoError(t, err)
	day := Days(kpi.Calendar{}, kpi.DateOf(2025, 3, 29), kpi.DateOf(2025, 3, 29), "A", outs, nil, nil)[0]
	require.Equal(t, 30*time.Minute, day.Total)
	require.Equal(t, ObservationEnd, day.Pieces[0].CutAtEnd)
	require.Equal(t, ObservationEnd, day.Pieces[0].Closed.Kind)
}

// Rule AV-PCT-2: a period's uptime is 1 − Σdowntime/Σlength, not the mean
// of daily percentages. London 2025-03-30 (23 h, 11 h down) and
// 2025-03-31 (24 h, none): period 100 × (1 − 11/47) = 3600/47 (76.596);
// the mean of daily uptimes (1200/23 + 100)/2 = 1750/23 (76.087).
func TestPeriodUptimeIsNotTheMean(t *testing.T) {
	cal := london(t)
	o := outage("A", utc(2025, 3, 30, 0, 0, 0), utc(2025, 3, 30, 11, 0, 0), 0)
	days := Days(cal, kpi.DateOf(2025, 3, 30), kpi.DateOf(2025, 3, 31), "A", []Outage{o}, nil, nil)
	require.True(t, kpi.RatioOf(3600, 47).Equal(PeriodUptimePercent(days, Options{})))
	require.True(t, kpi.RatioOf(1750, 23).Equal(MeanOfDailyUptimePercent(days, Options{})))
	// FixedDayLength: 100 × (1 − 11/48) = 3700/48.
	require.True(t, kpi.RatioOf(3700, 48).Equal(PeriodUptimePercent(days, Options{FixedDayLength: true})))
	require.False(t, PeriodUptimePercent(nil, Options{}).OK())
	require.False(t, MeanOfDailyUptimePercent(nil, Options{}).OK())
}

// RG-PLANNED-1: a day that is all planned has no uptime under
// PlannedExcluded (nothing left to measure); the DEFAULT gives 0 %.
func TestAllPlannedDay(t *testing.T) {
	d := kpi.DateOf(2025, 3, 30)
	w := window("", utc(2025, 3, 30, 0, 0, 0), utc(2025, 3, 31, 0, 0, 0))
	day := Days(kpi.Calendar{}, d, d, "A", nil, []Window{w}, nil)[0]
	require.Equal(t, 24*time.Hour, day.Planned)
	require.True(t, kpi.RatioOfInt(0).Equal(day.UptimePercent(Options{})))
	require.False(t, day.UptimePercent(Options{PlannedExcluded: true}).OK())
	require.False(t, day.DowntimePercent(Options{PlannedExcluded: true}).OK())
	require.True(t, kpi.RatioOfInt(86400).Equal(day.DowntimeSeconds()))
	require.True(t, kpi.RatioOfInt(86400).Equal(day.PlannedSeconds()))
	require.True(t, kpi.RatioOfInt(0).Equal(day.UnplannedSeconds()))
}

// Rule AV-EVIDENCE-1: every second of a day's downtime is followed back to
// the calls behind it: the failure that opened it, logged at or before
// that second, with no success logged between that failure and the second,
// and the success that closed it after the second; or to the planned
// window that holds it.
func TestEvidenceEverySecond(t *testing.T) {
	calls := []kpi.Call{
		call("A", 0, 200, 0),
		call("A", 5*time.Minute, 503, sec(3)), // failure 23:05:03
		call("A", 6*time.Minute, 0, sec(30)),  // failure 23:06:30
		call("A", 9*time.Minute, 404, 0),
		call("A", 20*time.Minute, 200, sec(1)),  // success 23:20:01
		call("A", 40*time.Minute, 500, 0),       // failure 23:40
		call("A", 65*time.Minute, 302, ms(250)), // success 00:05:00.25
		call("A", 70*time.Minute, 503, 0),       // failure 00:10, ongoing
	}
	asOf := at(2 * time.Hour)
	outs, err := Reference(calls, asOf, Options{})
	require.NoError(t, err)
	planned := []Window{window("", utc(2025, 3, 29, 23, 30, 0), utc(2025, 3, 29, 23, 45, 0))}
	cal := kpi.Calendar{}
	d := kpi.DateOf(2025, 3, 29)
	day := Days(cal, d, d, "A", outs, planned, nil)[0]

	logged := func(c *kpi.Call) time.Time { return c.ReceivedAt.Add(c.TTLB) }
	var counted time.Duration
	for s := cal.Start(d); s.Before(cal.Start(d + 1)); s = s.Add(time.Second) {
		var piece *Piece
		for i := range day.Pieces {
			if day.Pieces[i].Contains(s) {
				piece = &day.Pieces[i]
			}
		}
		if piece == nil {
			continue
		}
		counted += time.Second
		switch piece.Source.Kind {
		case PlannedWindow:
			require.True(t, planned[piece.Source.ID].Contains(s), "second %v", s)
		case Call:
			f := &calls[piece.Source.ID]
			require.True(t, f.Failure(), "second %v: source %d is no failure", s, piece.Source.ID)
			require.Equal(t, piece.Source.At, logged(f))
			require.False(t, logged(f).After(s))
			for i := range calls {
				c := &calls[i]
				if c.Success() && !logged(c).Before(logged(f)) && !logged(c).After(s) {
					t.Fatalf("second %v: success %d logged between failure %d and it", s, i, piece.Source.ID)
				}
			}
			if piece.Closed.Kind == Call {
				sc := &calls[piece.Closed.ID]
				require.True(t, sc.Success())
				require.True(t, logged(sc).After(s))
			} else {
				require.Equal(t, ObservationEnd, piece.Closed.Kind)
			}
		default:
			t.Fatalf("second %v: unexpected source %v", s, piece.Source.Kind)
		}
	}
	require.Equal(t, day.Total, counted)
	// By hand: [23:05:03, 23:20:01) = 14m58s, [23:40, 24:00) = 20m, with
	// the window [23:30, 23:45) adding 10m: 44m58s, 15m of it planned.
	require.Equal(t, 44*time.Minute+58*time.Second, day.Total)
	require.Equal(t, 15*time.Minute, day.Planned)
}
