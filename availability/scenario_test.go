package availability

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
)

// A scenario file (testdata/<RULE-ID>.txt) holds worked examples of one
// rule, each derived by hand from the rule (package doc, # Rules), in this format:
//
//	scenario <name>                 starts a scenario
//	options <k=v> ...               rule=clock|consecutive, received, 4xxstop, idle=<dur>,
//	                                n=<int>, window=<dur>, nospan, 5xxreply, latereply, wide
//	asof <offset>                   observation end
//	call <ep> <offset> <status> <ttlb> [na]   a call received at t0+offset (na: not attributable);
//	                                its ID is its position among the scenario's calls, from 0
//	want <ep> <start> <end> opened=<id> closed=<id>|asof [ongoing] [idle]
//
// Offsets and durations use time.ParseDuration; t0 is 2025-03-29 23:00 UTC.
// Every scenario runs through Reference, the Tracker (one per stream, calls
// in ReceivedAt order, ties in input and reversed order) and Segments (cut
// every 10 s and combined in reverse).
type scenario struct {
	name  string
	line  int
	opts  Options
	asOf  time.Time
	calls []kpi.Call
	want  []Outage
}

func loadScenarios(t *testing.T, path string) []*scenario {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var out []*scenario
	var sc *scenario
	sn := bufio.NewScanner(f)
	for line := 1; sn.Scan(); line++ {
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("%s:%d: %s", path, line, fmt.Sprintf(format, args...))
		}
		duration := func(v string) time.Duration {
			t.Helper()
			d, err := time.ParseDuration(v)
			if err != nil {
				fail("%v", err)
			}
			return d
		}
		integer := func(v string) int {
			t.Helper()
			n, err := strconv.Atoi(v)
			if err != nil {
				fail("%v", err)
			}
			return n
		}
		callID := func(v string) int {
			t.Helper()
			id := integer(v)
			if id < 0 || id >= len(sc.calls) {
				fail("no call %d (the scenario has %d)", id, len(sc.calls))
			}
			return id
		}
		fields := strings.Fields(sn.Text())
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if fields[0] != "scenario" && sc == nil {
			fail("%q before any scenario", fields[0])
		}
		arity := map[string][2]int{"scenario": {2, -1}, "options": {1, -1}, "asof": {2, 2}, "call": {5, 6}, "want": {4, -1}}[fields[0]]
		if n := len(fields); arity[0] > 0 && (n < arity[0] || arity[1] > 0 && n > arity[1]) {
			fail("%q: %d fields", fields[0], n)
		}
		switch fields[0] {
		case "scenario":
			sc = &scenario{name: strings.Join(fields[1:], " "), line: line}
			out = append(out, sc)
		case "options":
			for _, kv := range fields[1:] {
				k, v, hasValue := strings.Cut(kv, "=")
				flag := func(b *bool) {
					t.Helper()
					if hasValue {
						fail("option %q takes no value", k)
					}
					*b = true
				}
				value := func() string {
					t.Helper()
					if !hasValue {
						fail("option %q needs a value", k)
					}
					return v
				}
				switch k {
				case "rule":
					switch value() {
					case "clock":
						sc.opts.Rule = Clock
					case "consecutive":
						sc.opts.Rule = Consecutive
					default:
						fail("unknown rule %q", v)
					}
				case "received":
					flag(&sc.opts.ReceivedInstants)
				case "4xxstop":
					flag(&sc.opts.ClientErrorsStopClock)
				case "idle":
					sc.opts.IdleSpan = duration(value())
				case "n":
					sc.opts.N = integer(value())
				case "window":
					sc.opts.Window = duration(value())
				case "nospan":
					flag(&sc.opts.NoSpanCondition)
				case "5xxreply":
					flag(&sc.opts.ServerErrorsAreReplies)
				case "latereply":
					flag(&sc.opts.LateRepliesAreReplies)
				case "wide":
					flag(&sc.opts.InterfaceWide)
				default:
					fail("unknown option %q", k)
				}
			}
			if err := sc.opts.Validate(); err != nil {
				fail("%v", err)
			}
		case "asof":
			sc.asOf = at(duration(fields[1]))
		case "call":
			c := call(fields[1], duration(fields[2]), integer(fields[3]), duration(fields[4]))
			if len(fields) > 5 {
				if fields[5] != "na" {
					fail("unknown call flag %q", fields[5])
				}
				c.NotAttributable = true
			}
			sc.calls = append(sc.calls, c)
		case "want":
			ep := fields[1]
			if ep == "-" {
				ep = "" // interface-wide
			}
			o := Outage{Endpoint: ep, Start: at(duration(fields[2])), End: at(duration(fields[3]))}
			for _, f := range fields[4:] {
				k, v, hasValue := strings.Cut(f, "=")
				switch {
				case k == "opened" && hasValue:
					id := callID(v)
					o.Opened = Evidence{Kind: Call, At: o.Start, Endpoint: sc.calls[id].Endpoint, ID: int64(id)}
				case k == "closed" && v == "asof":
					o.Closed = Evidence{Kind: ObservationEnd, At: sc.asOf}
				case k == "closed" && hasValue:
					id := callID(v)
					o.Closed = Evidence{Kind: Call, At: o.End, Endpoint: sc.calls[id].Endpoint, ID: int64(id)}
				case k == "ongoing" && !hasValue:
					o.Ongoing = true
				case k == "idle" && !hasValue:
					o.Idle = true
				default:
					fail("unknown want field %q", f)
				}
			}
			sc.want = append(sc.want, o)
		default:
			fail("unknown directive %q", fields[0])
		}
	}
	require.NoError(t, sn.Err())
	return out
}

// runScenario checks one scenario through the three paths.
func runScenario(t *testing.T, sc *scenario) {
	o := sc.opts
	got, err := Reference(sc.calls, sc.asOf, o)
	require.NoError(t, err)
	require.Equal(t, sc.want, got, "Reference")

	keys := streamKeys(sc.calls, o) // every call is good: Reference returned no error
	for _, reverseTies := range []bool{false, true} {
		var all []Outage
		for _, key := range keys {
			idx := []int{}
			for i := range sc.calls {
				if o.streamKey(sc.calls[i].Endpoint) == key {
					idx = append(idx, i)
				}
			}
			if reverseTies {
				slices.Reverse(idx)
			}
			slices.SortStableFunc(idx, func(a, b int) int { return sc.calls[a].ReceivedAt.Compare(sc.calls[b].ReceivedAt) })
			tr := NewTracker(o)
			var out []Outage
			for _, i := range idx {
				require.NoError(t, tr.Add(&sc.calls[i], int64(i)))
				out = tr.Outages(out)
			}
			all = append(all, tr.Finish(sc.asOf, out)...)
		}
		require.Equal(t, sc.want, nilIfEmpty(all), "Tracker (ties reversed: %v)", reverseTies)
	}

	var all []Outage
	for _, key := range keys {
		var segs []Segment
		for s := t0.Add(-time.Hour); s.Before(sc.asOf.Add(2 * time.Hour)); s = s.Add(10 * time.Second) {
			seg, err := Summarize(sc.calls, nil, key, kpi.Interval{Start: s, End: s.Add(10 * time.Second)}, o)
			require.NoError(t, err)
			segs = append(segs, seg)
		}
		var acc Segment
		for i := len(segs) - 1; i >= 0; i-- {
			require.NoError(t, acc.Merge(&segs[i]))
		}
		all = append(all, acc.Outages(sc.asOf)...)
	}
	require.Equal(t, sc.want, nilIfEmpty(all), "Segments")
}

func nilIfEmpty(o []Outage) []Outage {
	if len(o) == 0 {
		return nil
	}
	return o
}

// TestScenarios runs every testdata/<RULE-ID>.txt file, one subtest per
// rule ID and scenario.
func TestScenarios(t *testing.T) {
	files, err := filepath.Glob("testdata/AV-*.txt")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, path := range files {
		rule := strings.TrimSuffix(filepath.Base(path), ".txt")
		for _, sc := range loadScenarios(t, path) {
			t.Run(fmt.Sprintf("%s/%s", rule, sc.name), func(t *testing.T) {
				runScenario(t, sc)
			})
		}
	}
}
