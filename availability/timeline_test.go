package availability

import (
	"fmt"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
)

// A timeline step feeds one call to a Tracker (id = step number) and says
// which outages Outages must hand over right after it, as [start, end)
// offsets from t0; finish steps end the stream at asOf.
type step struct {
	c      kpi.Call
	finish bool
	asOf   time.Time
	want   []string
}

func span(o Outage) string {
	s := fmt.Sprintf("[%v, %v)", o.Start.Sub(t0), o.End.Sub(t0))
	if o.Ongoing {
		s += " ongoing"
	}
	if o.Idle {
		s += " idle"
	}
	return s
}

func runSteps(t *testing.T, opts Options, steps []step) {
	t.Helper()
	tr := NewTracker(opts)
	for i, st := range steps {
		var got []Outage
		if st.finish {
			got = tr.Finish(st.asOf, nil)
		} else {
			require.NoError(t, tr.Add(&st.c, int64(i)), "step %d", i)
			got = tr.Outages(nil)
		}
		spans := []string{}
		for _, o := range got {
			spans = append(spans, span(o))
		}
		want := st.want
		if want == nil {
			want = []string{}
		}
		require.Equal(t, want, spans, "step %d: %s %v status %d ttlb %v: want %v",
			i, st.c.Endpoint, st.c.ReceivedAt.Sub(t0), st.c.Status, st.c.TTLB, want)
	}
}

// Rule AV-CLOCK-1, AV-CLOCK-2, AV-CLOCK-4, AV-WINDOW-1: a clock across
// midnight, a 4xx between the failure and the success, and the watermark:
// an outage is handed over only once the ReceivedAt of later calls has
// passed its success's logged instant.
func TestTimelineClockAcrossMidnight(t *testing.T) {
	runSteps(t, Options{}, []step{
		0: {c: call("A", 0, 200, ms(100))},                // success logged 23:00:00.1
		1: {c: call("A", 10*time.Minute, 503, sec(2))},    // failure logged 23:10:02
		2: {c: call("A", 30*time.Minute, 404, ms(5))},     // 4xx: no effect (AV-CLOCK-4)
		3: {c: call("A", 70*time.Minute, 200, ms(500))},   // success logged 00:10:00.5, after the watermark 00:10:00
		4: {c: call("A", 70*time.Minute+ms(400), 404, 0)}, // watermark 00:10:00.4: the stop is still ahead
		5: {c: call("A", 71*time.Minute, 404, 0), // watermark 00:11: the outage is final
			want: []string{"[10m2s, 1h10m0.5s) idle"}}, // no call from 23:30 to 00:10 (40m > 15m)
		6: {finish: true, asOf: at(2 * time.Hour)},
	})
}

// Rule AV-CLOCK-2: with logged instants a failure received after a
// success may be logged before it; the tracker waits for the watermark.
func TestTimelineClockLoggedOutOfOrder(t *testing.T) {
	runSteps(t, Options{}, []step{
		0: {c: call("A", 0, 503, sec(10))},     // failure logged at 10s
		1: {c: call("A", sec(1), 200, sec(8))}, // success logged at 9s: before the failure
		2: {c: call("A", sec(2), 500, 0)},      // failure logged at 2s: starts the clock, which the success at 9s stops
		3: {c: call("A", sec(12), 404, 0), // watermark 12s: [2s, 9s) final; the failure at 10s opens a clock
			want: []string{"[2s, 9s)"}},
		4: {c: call("A", sec(20), 200, sec(1))}, // stops it at 21s, final once the watermark passes 21s
		5: {finish: true, asOf: at(time.Minute), want: []string{"[10s, 21s)"}},
	})
}

// Rule AV-CLOCK-3: an open clock cut at the observation end.
func TestTimelineClockOpenAtObservationEnd(t *testing.T) {
	runSteps(t, Options{}, []step{
		0: {c: call("A", 0, 0, sec(30))},              // no response: failure at 30s
		1: {c: call("A", time.Minute, 503, 0)},        // clock runs
		2: {c: call("A", 2*time.Minute, 404, sec(1))}, // 4xx: clock runs
		3: {finish: true, asOf: at(10 * time.Minute), want: []string{"[30s, 10m0s) ongoing"}},
	})
}

// Rule AV-CONSEC-1: five unanswered within exactly 30 s, then a success;
// the outage is handed over once no later series can start at or before
// its end (the success at 40s ends it at 41s).
func TestTimelineConsecutiveFiveWithin30s(t *testing.T) {
	runSteps(t, Options{Rule: Consecutive}, []step{
		0: {c: call("A", 0, 503, 0)},
		1: {c: call("A", ms(7500), 503, 0)},
		2: {c: call("A", sec(15), 503, 0)},
		3: {c: call("A", ms(22500), 503, 0)},
		4: {c: call("A", sec(30), 503, 0)},      // waits: calls of one instant are walked when a later one arrives
		5: {c: call("A", sec(40), 200, sec(1))}, // the fifth call at 30s makes the series [0, ...)
		6: {c: call("A", sec(41), 503, 0)},      // walks the success: [0, 41s), but a series may still start at 41s
		7: {c: call("A", sec(42), 404, 0)},      // the call at 41s is the oldest of a possible series
		8: {c: call("A", sec(42), 200, 0)},      // same instant: waits
		9: {c: call("A", sec(43), 200, 0), // the success at 42s ends the run: nothing can reach 41s any more
			want: []string{"[0s, 41s)"}},
		10: {finish: true, asOf: at(time.Minute)},
	})
}

// Rule AV-CONSEC-1: 30.001 s is no series; four then a success is none.
func TestTimelineConsecutiveNoSeries(t *testing.T) {
	runSteps(t, Options{Rule: Consecutive}, []step{
		0:  {c: call("A", 0, 503, 0)},
		1:  {c: call("A", ms(7500), 503, 0)},
		2:  {c: call("A", sec(15), 503, 0)},
		3:  {c: call("A", ms(22500), 503, 0)},
		4:  {c: call("A", sec(30)+ms(1), 503, 0)}, // 30.001 s after the first: no series
		5:  {c: call("A", sec(40), 200, sec(1))},
		6:  {c: call("A", sec(50), 0, sec(30))},
		7:  {c: call("A", sec(51), 0, sec(30))},
		8:  {c: call("A", sec(52), 0, sec(30))},
		9:  {c: call("A", sec(53), 0, sec(30))},
		10: {c: call("A", sec(54), 200, 0)}, // four, then a success
		11: {finish: true, asOf: at(2 * time.Minute)},
	})
}

// Rule AV-CONSEC-2: a 200 after 31 s is unanswered.
func TestTimelineConsecutiveLateReply(t *testing.T) {
	runSteps(t, Options{Rule: Consecutive}, []step{
		0: {c: call("A", 0, 503, 0)},
		1: {c: call("A", sec(1), 503, 0)},
		2: {c: call("A", sec(2), 503, 0)},
		3: {c: call("A", sec(3), 503, 0)},
		4: {c: call("A", sec(4), 200, sec(31))}, // late: the fifth unanswered
		5: {c: call("A", sec(10), 200, sec(1))}, // ends it at 11s
		6: {c: call("A", sec(20), 200, 0),
			want: []string{"[0s, 11s)"}},
		7: {finish: true, asOf: at(time.Minute)},
	})
}
