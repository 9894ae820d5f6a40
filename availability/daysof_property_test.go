package availability

import (
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/openfinance-kpi/kpi"
)

// DaysOf given, in ID order, only the windows that apply to the endpoint
// and touch the days asked for (numbered by their index) returns exactly
// what Days returns given every window, pieces and evidence included; so
// does InterfaceDays when endpoints share one slice of pieces (it is
// joined once) and when each holds its own copy.
func TestPropertyDaysOfEqualsDays(t *testing.T) {
	cal := london(t)
	rapid.Check(t, func(t *rapid.T) {
		outs, planned, mon := genDayInput(t)
		first := kpi.DateOf(2025, 10, 25) + kpi.Date(rapid.IntRange(0, 3).Draw(t, "first"))
		last := first + kpi.Date(rapid.IntRange(0, 3).Draw(t, "days"))
		rangeStart, rangeEnd := cal.Start(first), cal.Start(last+1)
		for _, ep := range []string{"A", "B", ""} {
			choose := func(ws []Window) []NumberedWindow {
				var out []NumberedWindow
				for i, w := range ws {
					applies := ep == "" || w.Endpoint == "" || w.Endpoint == ep
					if applies && w.Start.Before(rangeEnd) && w.End.After(rangeStart) {
						out = append(out, NumberedWindow{Window: w, ID: int64(i)})
					}
				}
				return out
			}
			require.Equal(t, Days(cal, first, last, ep, outs, planned, mon),
				DaysOf(cal, first, last, ep, outs, choose(planned), choose(mon)), "endpoint %q", ep)
		}
		// The interface over endpoints that share the global windows'
		// day, as one slice or as copies.
		global := func(ws []Window) []Window {
			var out []Window
			for _, w := range ws {
				if w.Endpoint == "" {
					out = append(out, w)
				}
			}
			return out
		}
		g := Days(cal, first, last, "", nil, global(planned), global(mon))
		copied := func() []Day {
			out := make([]Day, len(g))
			for i, d := range g {
				d.Pieces = append([]Piece(nil), d.Pieces...)
				out[i] = d
			}
			return out
		}
		a := Days(cal, first, last, "A", outs, planned, mon)
		require.Equal(t, InterfaceDays([][]Day{a, copied(), copied()}), InterfaceDays([][]Day{a, g, g}))
	})
}
