package availability

import (
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
)

// downtimeBoth returns the total downtime of Reference and checks the
// Tracker agrees, stream by stream.
func downtimeBoth(t *testing.T, calls []kpi.Call, asOf time.Time, o Options) (time.Duration, []Outage) {
	t.Helper()
	ref, err := Reference(calls, asOf, o)
	require.NoError(t, err)
	var total time.Duration
	for _, x := range ref {
		total += x.Duration()
	}
	var tracked []Outage
	for _, key := range streamKeys(calls, o) { // every call is good: Reference returned no error
		tr := NewTracker(o)
		for i := range calls { // the inputs below are in ReceivedAt order
			if o.streamKey(calls[i].Endpoint) == key {
				require.NoError(t, tr.Add(&calls[i], int64(i)))
			}
		}
		tracked = tr.Finish(asOf, tracked)
	}
	require.Equal(t, ref, nilIfEmpty(tracked))
	return total, ref
}

// Every availability OPTION (package doc, # Rules) on one input where the DEFAULT and the OPTION
// give different answers, both derived by hand.
func TestOptionsTwoReadings(t *testing.T) {
	asOf := at(10 * time.Minute)
	five503 := func(ttlb time.Duration) []kpi.Call {
		var cs []kpi.Call
		for i := int64(0); i < 5; i++ {
			cs = append(cs, call("A", sec(i), 503, ttlb))
		}
		return cs
	}
	cases := []struct {
		name           string
		calls          []kpi.Call
		def, opt       Options
		wantDef, wantO time.Duration
	}{{
		// AV-CLOCK-2: failure logged at 20s, success logged at 6s, another
		// at 30s. Logged: [20s, 30s) = 10 s. Received: [0, 5s) = 5 s.
		name:  "AV-CLOCK-2 ReceivedInstants",
		calls: []kpi.Call{call("A", 0, 503, sec(20)), call("A", sec(5), 200, sec(1)), call("A", sec(30), 200, 0)},
		def:   Options{}, opt: Options{ReceivedInstants: true},
		wantDef: sec(10), wantO: sec(5),
	}, {
		// AV-CLOCK-4: 503 at 0, 404 at 10s, 200 at 60s. DEFAULT [0, 60s);
		// OPTION the 404 stops it: [0, 10s).
		name:  "AV-CLOCK-4 ClientErrorsStopClock",
		calls: []kpi.Call{call("A", 0, 503, 0), call("A", sec(10), 404, 0), call("A", sec(60), 200, 0)},
		def:   Options{}, opt: Options{ClientErrorsStopClock: true},
		wantDef: sec(60), wantO: sec(10),
	}, {
		// AV-CONSEC-1 N: three unanswered then a success: N = 5 none;
		// N = 3: [0, 3s).
		name:  "AV-CONSEC-1 N",
		calls: []kpi.Call{call("A", 0, 503, 0), call("A", sec(1), 503, 0), call("A", sec(2), 503, 0), call("A", sec(3), 200, 0)},
		def:   Options{Rule: Consecutive}, opt: Options{Rule: Consecutive, N: 3},
		wantDef: 0, wantO: sec(3),
	}, {
		// AV-CONSEC-1 W: five unanswered 10 s apart (40 s), success at 50s.
		// W = 30 s none; W = 60 s: [0, 50s).
		name: "AV-CONSEC-1 Window",
		calls: []kpi.Call{call("A", 0, 503, 0), call("A", sec(10), 503, 0), call("A", sec(20), 503, 0),
			call("A", sec(30), 503, 0), call("A", sec(40), 503, 0), call("A", sec(50), 200, 0)},
		def: Options{Rule: Consecutive}, opt: Options{Rule: Consecutive, Window: time.Minute},
		wantDef: 0, wantO: sec(50),
	}, {
		// AV-CONSEC-1 span: five unanswered a minute apart, success at 5m.
		// DEFAULT none; OPTION [0, 5m).
		name: "AV-CONSEC-1 NoSpanCondition",
		calls: []kpi.Call{call("A", 0, 503, 0), call("A", sec(60), 503, 0), call("A", sec(120), 503, 0),
			call("A", sec(180), 503, 0), call("A", sec(240), 503, 0), call("A", sec(300), 200, 0)},
		def: Options{Rule: Consecutive}, opt: Options{Rule: Consecutive, NoSpanCondition: true},
		wantDef: 0, wantO: 5 * time.Minute,
	}, {
		// AV-CONSEC-2: five 503 in 4 s, success at 10s. DEFAULT [0, 10s);
		// OPTION 5xx are replies: none.
		name:  "AV-CONSEC-2 ServerErrorsAreReplies",
		calls: append(five503(0), call("A", sec(10), 200, 0)),
		def:   Options{Rule: Consecutive}, opt: Options{Rule: Consecutive, ServerErrorsAreReplies: true},
		wantDef: sec(10), wantO: 0,
	}, {
		// AV-CONSEC-2: four no-response, a 200 after 40 s, one more
		// no-response, a success at 50s. DEFAULT: the late 200 is the
		// fifth unanswered: [0, 50s). OPTION: it is a success: runs of 4
		// and 1, none.
		name: "AV-CONSEC-2 LateRepliesAreReplies",
		calls: []kpi.Call{call("A", 0, 0, sec(30)), call("A", sec(1), 0, sec(30)), call("A", sec(2), 0, sec(30)),
			call("A", sec(3), 0, sec(30)), call("A", sec(4), 200, sec(40)), call("A", sec(5), 0, sec(30)), call("A", sec(50), 200, 0)},
		def: Options{Rule: Consecutive}, opt: Options{Rule: Consecutive, LateRepliesAreReplies: true},
		wantDef: sec(50), wantO: 0,
	}, {
		// AV-SCOPE-1: A 503 ×3, B 503 ×2, B 200 at 10s. Per endpoint:
		// none. One walk: five in a row, [0, 10s).
		name: "AV-SCOPE-1 InterfaceWide",
		calls: []kpi.Call{call("A", 0, 503, 0), call("A", sec(1), 503, 0), call("A", sec(2), 503, 0),
			call("B", sec(3), 503, 0), call("B", sec(4), 503, 0), call("B", sec(10), 200, 0)},
		def: Options{Rule: Consecutive}, opt: Options{Rule: Consecutive, InterfaceWide: true},
		wantDef: 0, wantO: sec(10),
	}, {
		// The rule itself: one 503 then a success 20 s later. AV-CLOCK:
		// [0, 20s); AV-CONSEC: one unanswered call is no series.
		name:  "Rule Clock vs Consecutive",
		calls: []kpi.Call{call("A", 0, 503, 0), call("A", sec(20), 200, 0)},
		def:   Options{}, opt: Options{Rule: Consecutive},
		wantDef: sec(20), wantO: 0,
	}}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := downtimeBoth(t, tc.calls, asOf, tc.def)
			require.Equal(t, tc.wantDef, got, "DEFAULT")
			got, _ = downtimeBoth(t, tc.calls, asOf, tc.opt)
			require.Equal(t, tc.wantO, got, "OPTION")
		})
	}
}

// Rule AV-CLOCK-6: the idle span changes the flag, never the figure. A
// failure at 0, a 404 at 4m, a success at 10m: gaps 4m and 6m. Default
// 15m: not idle; 5m: idle; both 10 minutes of downtime.
func TestOptionIdleSpan(t *testing.T) {
	calls := []kpi.Call{call("A", 0, 503, 0), call("A", 4*time.Minute, 404, 0), call("A", 10*time.Minute, 200, 0)}
	total, def := downtimeBoth(t, calls, at(time.Hour), Options{})
	require.Equal(t, 10*time.Minute, total)
	require.Len(t, def, 1)
	require.False(t, def[0].Idle)
	total, opt := downtimeBoth(t, calls, at(time.Hour), Options{IdleSpan: 5 * time.Minute})
	require.Equal(t, 10*time.Minute, total)
	require.Len(t, opt, 1)
	require.True(t, opt[0].Idle)
}

// Options.Validate: unknown rule and negative values are errors; the
// Tracker refuses every call and Reference returns the error.
func TestOptionsValidate(t *testing.T) {
	for _, o := range []Options{{Rule: 7}, {N: -1}, {Window: -1}, {IdleSpan: -1}} {
		require.Error(t, o.Validate())
		_, err := Reference([]kpi.Call{call("A", 0, 503, 0)}, at(time.Minute), o)
		require.Error(t, err)
		tr := NewTracker(o)
		c := call("A", 0, 503, 0)
		require.ErrorIs(t, tr.Add(&c, 0), BadOptions)
		r := tr.Refused()
		require.Equal(t, uint64(1), r[BadOptions])
		_, err = Summarize(nil, nil, "A", kpi.Interval{Start: t0, End: at(time.Hour)}, o)
		require.Error(t, err)
	}
	require.NoError(t, Options{}.Validate())
}
