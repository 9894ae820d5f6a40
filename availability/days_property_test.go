package availability

import (
	"slices"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// Instants on a minute grid around the London 25-hour day (2025-10-26),
// so that a brute force over every minute checks the day accounting.
var gridStart = time.Date(2025, 10, 25, 20, 0, 0, 0, time.UTC)

func gridAt(m int) time.Time { return gridStart.Add(time.Duration(m) * time.Minute) }

const gridMinutes = 60 * 60 // 2.5 days

func genSpan(t *rapid.T, label string) (time.Time, time.Time) {
	a := rapid.IntRange(0, gridMinutes).Draw(t, label+"a")
	n := rapid.IntRange(0, 30*60).Draw(t, label+"n")
	return gridAt(a), gridAt(min(a+n, gridMinutes))
}

func genDayInput(t *rapid.T) (outs []Outage, planned, mon []Window) {
	eps := []string{"A", "B"}
	for i := range rapid.IntRange(0, 6).Draw(t, "outages") {
		s, e := genSpan(t, "o")
		o := outage(rapid.SampledFrom(eps).Draw(t, "oep"), s, e, int64(2*i))
		o.Ongoing = rapid.Bool().Draw(t, "ongoing")
		outs = append(outs, o)
	}
	for range rapid.IntRange(0, 3).Draw(t, "planned") {
		s, e := genSpan(t, "p")
		planned = append(planned, window(rapid.SampledFrom([]string{"", "A", "B"}).Draw(t, "pep"), s, e))
	}
	for range rapid.IntRange(0, 2).Draw(t, "mon") {
		s, e := genSpan(t, "m")
		mon = append(mon, window(rapid.SampledFrom([]string{"", "A", "B"}).Draw(t, "mep"), s, e))
	}
	return outs, planned, mon
}

// covers is the brute-force membership of minute m in the day's
// contributors for endpoint ep ("" = all).
func covers(m int, ep string, outs []Outage, ws []Window) bool {
	t := gridAt(m)
	for _, o := range outs {
		if (ep == "" || o.Endpoint == ep) && !t.Before(o.Start) && t.Before(o.End) {
			return true
		}
	}
	for _, w := range ws {
		if (ep == "" || w.Endpoint == "" || w.Endpoint == ep) && w.Contains(t) {
			return true
		}
	}
	return false
}

// Rules AV-WINDOW-1, AV-PLAN-1, AV-MON-1, AV-SCOPE-1, AV-EVIDENCE-1 on any
// outages and windows around a 25-hour day: each day's Total and Planned
// equal a count of minutes; Planned + Unplanned = Total ≤ Length; pieces
// are sorted, disjoint, inside the day, covered by their source; the
// interface's downtime is at least every endpoint's and InterfaceDays
// equals Days over all endpoints.
func TestPropertyDays(t *testing.T) {
	cal := london(t)
	first, last := kpi.DateOf(2025, 10, 25), kpi.DateOf(2025, 10, 28)
	rapid.Check(t, func(t *rapid.T) {
		outs, planned, mon := genDayInput(t)
		windows := append(slices.Clone(planned), mon...)
		perEndpoint := map[string][]Day{}
		for _, ep := range []string{"A", "B", ""} {
			days := Days(cal, first, last, ep, outs, planned, mon)
			perEndpoint[ep] = days
			require.Len(t, days, int(last-first)+1)
			for _, d := range days {
				day := cal.Day(d.Date)
				require.Equal(t, day.Duration(), d.Length)
				require.Equal(t, d.Total, d.Planned+d.Unplanned)
				require.LessOrEqual(t, d.Total, d.Length)
				var total, plan time.Duration
				for m := 0; m < gridMinutes; m++ {
					if tm := gridAt(m); !day.Contains(tm) {
						continue
					}
					if covers(m, ep, outs, windows) {
						total += time.Minute
						if covers(m, ep, nil, planned) {
							plan += time.Minute
						}
					}
				}
				require.Equal(t, total, d.Total, "%v %q total", d.Date, ep)
				require.Equal(t, plan, d.Planned, "%v %q planned", d.Date, ep)
				for i, p := range d.Pieces {
					require.True(t, p.End.After(p.Start))
					require.False(t, p.Start.Before(day.Start))
					require.False(t, p.End.After(day.End))
					if i > 0 {
						require.False(t, p.Start.Before(d.Pieces[i-1].End))
					}
					// The source covers the piece.
					switch p.Source.Kind {
					case Call:
						found := false
						for _, o := range outs {
							if o.Opened == p.Source && !p.Start.Before(o.Start) && !p.End.After(o.End) {
								found = true
							}
						}
						require.True(t, found, "piece %d of %v", i, d.Date)
					case PlannedWindow:
						w := planned[p.Source.ID]
						require.True(t, p.Planned)
						require.False(t, p.Start.Before(w.Start) || p.End.After(w.End))
					case MonitoringOutage:
						w := mon[p.Source.ID]
						require.True(t, p.Monitoring)
						require.False(t, p.Start.Before(w.Start) || p.End.After(w.End))
					}
				}
			}
		}
		viaEndpoints := InterfaceDays([][]Day{perEndpoint["A"], perEndpoint["B"]})
		for i, d := range perEndpoint[""] {
			require.GreaterOrEqual(t, d.Total, perEndpoint["A"][i].Total)
			require.GreaterOrEqual(t, d.Total, perEndpoint["B"][i].Total)
			require.Equal(t, d.Date, viaEndpoints[i].Date)
			require.Equal(t, d.Total, viaEndpoints[i].Total)
			require.Equal(t, d.Planned, viaEndpoints[i].Planned)
		}
		// AV-PCT-2 over the days, every reading: between 0 and 100.
		for _, o := range []Options{{}, {FixedDayLength: true}, {PlannedExcluded: true}, {FixedDayLength: true, PlannedExcluded: true}} {
			p := PeriodUptimePercent(perEndpoint[""], o)
			if p.OK() {
				require.GreaterOrEqual(t, p.Cmp(kpi.RatioOfInt(0)), 0)
				require.LessOrEqual(t, p.Cmp(kpi.RatioOfInt(100)), 0)
			}
			for _, d := range perEndpoint[""] {
				// AV-PCT-1: uptime = max(0, 100 − downtime %); a day is the
				// period of that one day (the same sums).
				u, down := d.UptimePercent(o), d.DowntimePercent(o)
				require.True(t, u.Equal(PeriodUptimePercent([]Day{d}, o)))
				require.Equal(t, u.OK(), down.OK())
				if u.OK() {
					require.GreaterOrEqual(t, u.Cmp(kpi.RatioOfInt(0)), 0)
					if u.Cmp(kpi.RatioOfInt(0)) > 0 {
						require.True(t, kpi.RatioOfInt(100).Sub(down).Equal(u))
					} else {
						require.GreaterOrEqual(t, down.Cmp(kpi.RatioOfInt(100)), 0)
					}
				}
			}
		}
	})
}

// Rules AV-CLOCK-*, AV-CONSEC-*, AV-PLAN-1, AV-SCOPE-1 end to end: from
// arbitrary calls, Days of every endpoint and of the interface keep
// planned + unplanned = total ≤ length, and the interface's downtime is
// at least every endpoint's.
func TestPropertyDaysFromCalls(t *testing.T) {
	cal := london(t)
	rapid.Check(t, func(t *rapid.T) {
		calls := genCalls(t)
		o := genOptions(t)
		o.InterfaceWide = false
		asOf := at(time.Duration(rapid.IntRange(0, 900).Draw(t, "asOf")) * time.Minute)
		outs, _ := Reference(calls, asOf, o)
		planned := []Window{window(rapid.SampledFrom([]string{"", "A"}).Draw(t, "pep"), at(10*time.Minute), at(70*time.Minute))}
		first, last := kpi.DateOf(2025, 3, 29), kpi.DateOf(2025, 3, 30)
		all := Days(cal, first, last, "", outs, planned, nil)
		var per [][]Day
		for _, ep := range []string{"A", "B", "C"} {
			days := Days(cal, first, last, ep, outs, planned, nil)
			per = append(per, days)
			for i, d := range days {
				require.Equal(t, d.Total, d.Planned+d.Unplanned)
				require.LessOrEqual(t, d.Total, d.Length)
				require.GreaterOrEqual(t, all[i].Total, d.Total)
				require.GreaterOrEqual(t, all[i].Planned, d.Planned)
			}
		}
		via := InterfaceDays(per)
		for i := range all {
			require.Equal(t, all[i].Total, via[i].Total)
			require.Equal(t, all[i].Planned, via[i].Planned)
		}
	})
}
