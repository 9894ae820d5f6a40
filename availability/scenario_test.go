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
// rule, each derived by hand from RULES.md, in this format:
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

func mustDuration(s string) time.Duration {
	d, err := time.ParseDuration(s)
	if err != nil {
		panic(err)
	}
	return d
}

func loadScenarios(t *testing.T, path string) []*scenario {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var out []*scenario
	var sc *scenario
	sn := bufio.NewScanner(f)
	for line := 1; sn.Scan(); line++ {
		fields := strings.Fields(sn.Text())
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if fields[0] != "scenario" && sc == nil {
			t.Fatalf("%s:%d: %q before any scenario", path, line, fields[0])
		}
		switch fields[0] {
		case "scenario":
			sc = &scenario{name: strings.Join(fields[1:], " "), line: line}
			out = append(out, sc)
		case "options":
			for _, kv := range fields[1:] {
				k, v, _ := strings.Cut(kv, "=")
				switch k {
				case "rule":
					sc.opts.Rule = map[string]Rule{"clock": Clock, "consecutive": Consecutive}[v]
				case "received":
					sc.opts.ReceivedInstants = true
				case "4xxstop":
					sc.opts.ClientErrorsStopClock = true
				case "idle":
					sc.opts.IdleSpan = mustDuration(v)
				case "n":
					sc.opts.N, _ = strconv.Atoi(v)
				case "window":
					sc.opts.Window = mustDuration(v)
				case "nospan":
					sc.opts.NoSpanCondition = true
				case "5xxreply":
					sc.opts.ServerErrorsAreReplies = true
				case "latereply":
					sc.opts.LateRepliesAreReplies = true
				case "wide":
					sc.opts.InterfaceWide = true
				default:
					t.Fatalf("%s:%d: unknown option %q", path, line, k)
				}
			}
		case "asof":
			sc.asOf = at(mustDuration(fields[1]))
		case "call":
			status, err := strconv.Atoi(fields[3])
			require.NoError(t, err)
			c := call(fields[1], mustDuration(fields[2]), status, mustDuration(fields[4]))
			c.NotAttributable = len(fields) > 5 && fields[5] == "na"
			sc.calls = append(sc.calls, c)
		case "want":
			ep := fields[1]
			if ep == "-" {
				ep = "" // interface-wide
			}
			o := Outage{Endpoint: ep, Start: at(mustDuration(fields[2])), End: at(mustDuration(fields[3]))}
			for _, f := range fields[4:] {
				k, v, _ := strings.Cut(f, "=")
				switch k {
				case "opened":
					id, _ := strconv.Atoi(v)
					c := sc.calls[id]
					o.Opened = Evidence{Kind: Call, At: o.Start, Endpoint: c.Endpoint, ID: int64(id)}
				case "closed":
					if v == "asof" {
						o.Closed = Evidence{Kind: ObservationEnd, At: sc.asOf}
					} else {
						id, _ := strconv.Atoi(v)
						c := sc.calls[id]
						o.Closed = Evidence{Kind: Call, At: o.End, Endpoint: c.Endpoint, ID: int64(id)}
					}
				case "ongoing":
					o.Ongoing = true
				case "idle":
					o.Idle = true
				default:
					t.Fatalf("%s:%d: unknown want field %q", path, line, k)
				}
			}
			sc.want = append(sc.want, o)
		default:
			t.Fatalf("%s:%d: unknown directive %q", path, line, fields[0])
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

	keys := streamKeysT(sc.calls, o)
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

func streamKeysT(calls []kpi.Call, o Options) []string {
	var keys []string
	for i := range calls {
		keys = append(keys, o.streamKey(calls[i].Endpoint))
	}
	slices.Sort(keys)
	return slices.Compact(keys)
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
