package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/core/metrics"
	//lint:ignore SA1019 deprecated in favour of Prism, but --runner=direct is asked for and still works
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/direct"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"github.com/openfinance-kpi/kpi/examples/internal/accesslog"
	"github.com/openfinance-kpi/kpi/examples/internal/callgen"
	"github.com/stretchr/testify/require"
)

// The pipeline is checked against the report command itself: for each
// input, daily.csv from Beam must be byte-identical to
// `report -format csv` on the same input and flags. The report's own
// tests derive its figures by hand; these tests prove the distributed
// computation (any split of the input, any segment length, any order the
// engine picks) changes none of them.

var (
	big    = flag.Bool("big", false, "also run the 1,000,000-call comparison (about a minute)")
	bigDir = flag.String("bigdir", "", "with -big: keep the generated input in this directory (calls.csv and parts/calls-*.csv)")
)

func TestMain(m *testing.M) {
	flag.Parse()
	beam.Init()
	os.Exit(m.Run())
}

var (
	reportOnce sync.Once
	reportBin  string
	reportErr  error
)

// report runs the report command (built once from ../report) with
// -format csv and returns its stdout.
func report(t *testing.T, args ...string) []byte {
	t.Helper()
	reportOnce.Do(func() {
		dir, err := os.MkdirTemp("", "beam-report")
		if err != nil {
			reportErr = err
			return
		}
		reportBin = filepath.Join(dir, "report")
		out, err := exec.Command("go", "build", "-C", "../..", "-o", reportBin, "./examples/report").CombinedOutput()
		if err != nil {
			reportErr = fmt.Errorf("%v: %s", err, out)
		}
	})
	require.NoError(t, reportErr)
	cmd := exec.Command(reportBin, append([]string{"-format", "csv"}, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	require.NoError(t, cmd.Run(), errb.String())
	return out.Bytes()
}

// pipeline runs the Beam pipeline in-process on runner and returns
// daily.csv, or the error.
func pipeline(t *testing.T, runner string, cfg Config) ([]byte, error) {
	t.Helper()
	out, _, err := pipelineResult(t, runner, cfg)
	return out, err
}

// pipelineResult is pipeline with the run's result (its metrics).
func pipelineResult(t *testing.T, runner string, cfg Config) ([]byte, beam.PipelineResult, error) {
	t.Helper()
	if cfg.Output == "" {
		cfg.Output = filepath.Join(t.TempDir(), "daily.csv")
	}
	if cfg.Rules == "" {
		cfg.Rules = "cbuae"
	}
	if cfg.Segment == 0 {
		cfg.Segment = time.Hour
	}
	if cfg.Fanout == 0 {
		cfg.Fanout = 4
	}
	p, s := beam.NewPipelineWithRoot()
	if err := Build(s, cfg); err != nil {
		return nil, nil, err
	}
	res, err := beam.Run(context.Background(), runner, p)
	if err != nil {
		return nil, res, err
	}
	out, err := os.ReadFile(cfg.Output)
	return out, res, err
}

// counter returns the committed value of the counter kpi/name.
func counter(t *testing.T, res beam.PipelineResult, name string) int64 {
	t.Helper()
	require.NotNil(t, res)
	var sum int64
	for _, c := range res.Metrics().Query(func(r metrics.SingleResult) bool { return r.Namespace() == "kpi" && r.Name() == name }).Counters() {
		sum += c.Result()
	}
	return sum
}

type outage struct {
	Endpoint, Start, End string
	Ongoing              bool
}

// reportOutages runs the report with -format json and returns its outages.
func reportOutages(t *testing.T, args ...string) []outage {
	t.Helper()
	var out struct{ Outages []outage }
	require.NoError(t, json.Unmarshal(report(t, append([]string{"-format", "json"}, args...)...), &out))
	return out.Outages
}

// requireOutage requires an outage of endpoint that starts at start
// (RFC 3339 in the report's zone) and ends after the local midnight that
// follows it (or, with ongoing, runs to asOf still open).
func requireOutage(t *testing.T, outs []outage, endpoint, start string, ongoing bool, asOf string) {
	t.Helper()
	for _, o := range outs {
		if o.Endpoint != endpoint || o.Start != start {
			continue
		}
		if ongoing {
			require.True(t, o.Ongoing, "%s from %s: want it open at -asof", endpoint, start)
			end, err := time.Parse(time.RFC3339Nano, o.End)
			require.NoError(t, err)
			want, err := time.Parse(time.RFC3339Nano, asOf)
			require.NoError(t, err)
			require.True(t, end.Equal(want), "%s from %s ends %s, want -asof %s", endpoint, start, o.End, asOf)
			return
		}
		require.NotEqual(t, start[:10], o.End[:10], "%s from %s ends %s: want it to cross midnight", endpoint, start, o.End)
		return
	}
	t.Fatalf("no outage of %s starting at %s in %v", endpoint, start, outs)
}

func mustPipeline(t *testing.T, runner string, cfg Config) []byte {
	t.Helper()
	out, err := pipeline(t, runner, cfg)
	require.NoError(t, err)
	return out
}

// requireSameCSV fails with the first differing line.
func requireSameCSV(t *testing.T, want, got []byte, msg string) {
	t.Helper()
	if bytes.Equal(want, got) {
		return
	}
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			t.Fatalf("%s: daily.csv differs at line %d:\nreport: %s\nbeam:   %s", msg, i+1, wl, gl)
		}
	}
	t.Fatalf("%s: daily.csv differs", msg)
}

func writeTemp(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, data, 0o644))
	return p
}

// generate returns cfg's calls CSV.
func generate(t testing.TB, cfg callgen.Config) []byte {
	var buf bytes.Buffer
	require.NoError(t, callgen.Write(&buf, cfg))
	return buf.Bytes()
}

// split shuffles the rows of a calls CSV (seeded) and deals them into n
// files, each with the header, in dir; it returns their paths.
func split(t testing.TB, dir string, csv []byte, n int, seed uint64) []string {
	lines := strings.Split(strings.TrimSuffix(string(csv), "\n"), "\n")
	header, rows := lines[0], lines[1:]
	rng := rand.New(rand.NewPCG(seed, 1))
	rng.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	parts := make([]strings.Builder, n)
	for i := range parts {
		parts[i].WriteString(header + "\n")
	}
	for i, r := range rows {
		k := i % n
		if n > 1 {
			k = rng.IntN(n) // uneven parts
		}
		parts[k].WriteString(r + "\n")
	}
	var paths []string
	for i := range parts {
		p := filepath.Join(dir, fmt.Sprintf("calls-%d.csv", i))
		require.NoError(t, os.WriteFile(p, []byte(parts[i].String()), 0o644))
		paths = append(paths, p)
	}
	return paths
}

const sampleCalls, samplePlanned = "../report/sample/calls.csv", "../report/sample/planned.csv"

// The embedded sample (a week on the CBUAE endpoints, an outage across
// midnight, a burst of unanswered calls, a planned window), each -rules.
func TestSampleMatchesReport(t *testing.T) {
	planned, err := os.ReadFile(samplePlanned)
	require.NoError(t, err)
	for _, rules := range []string{"cbuae", "cbb", "platform"} {
		t.Run(rules, func(t *testing.T) {
			want := report(t, "-rules", rules) // no file: the embedded sample and its planned windows
			got := mustPipeline(t, "prism", Config{Inputs: []string{sampleCalls}, Rules: rules,
				Planned: string(planned), PlanName: samplePlanned})
			requireSameCSV(t, want, got, rules)
		})
	}
}

// crossing is an input built to straddle every boundary the pipeline cuts
// at: in Asia/Dubai, over three days,
//   - POST /payments answers 503 from 23:40 on day 1 to 00:50 on day 2:
//     across local midnight and the hour segments 23:00 and 00:00 (and
//     several 7-minute ones);
//   - GET /accounts gets six unanswered calls (status 0, TTLB 30 s) every 5
//     s from 10:59:45 to 11:00:10 on day 2: an AV-CONSEC series split by
//     the 11:00 segment boundary, whose logged instants fall after it;
//   - GET /accounts/{AccountID}/balances fails with a 90 s TTLB from 13:59
//     to 14:03 on day 2, so the logged instants (AV-CLOCK) land in the next
//     segment;
//   - GET /accounts/{AccountID}/transactions is down from 20:30 on day 3
//     to past the end of the data (503 every 10 minutes: an outage still
//     open at -asof under AV-CLOCK), and answers nothing (status 0 every
//     5 s) from 23:55 (the same under AV-CONSEC);
//   - GET /accounts gets unanswered calls every 5 s across Bahrain's
//     midnight (20:58 to 21:02 UTC on day 1) and UTC's (23:58 on day 2
//     to 00:02 on day 3): outages across midnight under cbb and platform;
//   - a planned window on POST /payments only, 00:00 to 00:20 on day 2.
func crossing() (callgen.Config, string) {
	dubai := time.FixedZone("+04", 4*3600)
	at := func(day, h, m, s int) time.Time { return time.Date(2026, 3, day, h, m, s, 0, dubai) }
	utc := func(day, h, m int) time.Time { return time.Date(2026, 3, day, h, m, 0, 0, time.UTC) }
	cfg := callgen.Config{
		Seed: 77, Start: at(1, 0, 0, 0), Days: 3, CallsPerDay: 3000, Endpoints: callgen.CBUAE, TPPs: 4,
		Incidents: []callgen.Incident{
			{Endpoint: "POST /payments", Start: at(1, 23, 40, 0), End: at(2, 0, 50, 0), Status: 503, TTLB: 2 * time.Second, Every: 45 * time.Second},
			{Endpoint: "GET /accounts", Start: at(2, 10, 59, 45), End: at(2, 11, 0, 15), Status: 0, TTLB: 30 * time.Second, Every: 5 * time.Second},
			{Endpoint: "GET /accounts/{AccountID}/balances", Start: at(2, 13, 59, 0), End: at(2, 14, 3, 0), Status: 500, TTLB: 90 * time.Second, Every: 20 * time.Second},
			{Endpoint: "GET /accounts/{AccountID}/transactions", Start: at(3, 20, 30, 0), End: at(4, 0, 0, 0), Status: 503, TTLB: 5 * time.Second, Every: 10 * time.Minute},
			{Endpoint: "GET /accounts/{AccountID}/transactions", Start: at(3, 23, 55, 0), End: at(4, 0, 0, 0), Status: 0, TTLB: 30 * time.Second, Every: 5 * time.Second},
			{Endpoint: "GET /accounts", Start: utc(1, 20, 58), End: utc(1, 21, 2), Status: 0, TTLB: 30 * time.Second, Every: 5 * time.Second},
			{Endpoint: "GET /accounts", Start: utc(2, 23, 58), End: utc(3, 0, 2), Status: 0, TTLB: 30 * time.Second, Every: 5 * time.Second},
		},
	}
	planned := "start,end,endpoint\n2026-03-02T00:00:00+04:00,2026-03-02T00:20:00+04:00,POST /payments\n"
	return cfg, planned
}

// Outages across midnight and segment boundaries, each -rules, the input
// split into shuffled files: byte-identical to the report.
func TestCrossingMatchesReport(t *testing.T) {
	gen, planned := crossing()
	dir := t.TempDir()
	whole := writeTemp(t, dir, "calls.csv", generate(t, gen))
	plannedPath := writeTemp(t, dir, "planned.csv", []byte(planned))
	parts := split(t, t.TempDir(), generate(t, gen), 3, 1)
	// The input does what it is for, under each rule (the report's
	// outages, in the profile's zone; the default -asof is the local
	// midnight after the last call, received just before 2026-03-03T20:00Z):
	//   - cbuae (AV-CLOCK, Dubai): POST /payments' first 503 is received at
	//     23:40:00 and logged at 23:40:02 (TTLB 2 s), and the 503s go on to
	//     00:50 on day 2; transactions' 503s from 20:30:00 (logged 20:30:05)
	//     never stop: open at -asof, 2026-03-04T00:00:00+04:00.
	//   - cbb (AV-CONSEC, Bahrain): GET /accounts' 5 status-0 calls from
	//     23:58:00 (20:58Z) are 5 in 20 s, the outage starts at the first and
	//     ends at the next success, after 21:02Z = 00:02 on day 2;
	//     transactions' status-0 calls from 22:55:00 Bahrain (23:55 Dubai)
	//     are never followed by a success: open at -asof, Bahrain's
	//     midnight after 22:59:55, 2026-03-04T00:00:00+03:00.
	//   - platform (AV-CLOCK, UTC): GET /accounts' first status-0 call of
	//     23:58:00Z is logged at 23:58:30Z; the failures go on past 00:02Z;
	//     transactions as under cbuae, open at 2026-03-04T00:00:00Z.
	outs := map[string][]outage{}
	for _, rules := range []string{"cbuae", "cbb", "platform"} {
		outs[rules] = reportOutages(t, "-rules", rules, "-planned", plannedPath, whole)
	}
	requireOutage(t, outs["cbuae"], "POST /payments", "2026-03-01T23:40:02+04:00", false, "")
	requireOutage(t, outs["cbuae"], "GET /accounts/{AccountID}/transactions", "2026-03-03T20:30:05+04:00", true, "2026-03-04T00:00:00+04:00")
	requireOutage(t, outs["cbb"], "GET /accounts", "2026-03-01T23:58:00+03:00", false, "")
	requireOutage(t, outs["cbb"], "GET /accounts/{AccountID}/transactions", "2026-03-03T22:55:00+03:00", true, "2026-03-04T00:00:00+03:00")
	requireOutage(t, outs["platform"], "GET /accounts", "2026-03-02T23:58:30Z", false, "")
	requireOutage(t, outs["platform"], "GET /accounts/{AccountID}/transactions", "2026-03-03T16:30:05Z", true, "2026-03-04T00:00:00Z")
	for _, rules := range []string{"cbuae", "cbb", "platform"} {
		t.Run(rules, func(t *testing.T) {
			want := report(t, "-rules", rules, "-planned", plannedPath, whole)
			got := mustPipeline(t, "prism", Config{Inputs: parts, Rules: rules, Planned: planned, PlanName: plannedPath})
			requireSameCSV(t, want, got, rules)
		})
	}
}

// The flags that change daily.csv: -tz, -asof (an outage still open runs
// to it, and its day gets rows), -payment-endpoints.
func TestFlagsMatchReport(t *testing.T) {
	gen, _ := crossing()
	whole := writeTemp(t, t.TempDir(), "calls.csv", generate(t, gen))
	// Under cbb in UTC: GET /accounts' status-0 calls from 23:58:00Z on
	// day 2 open an outage across UTC midnight (5 in 20 s), and
	// transactions' from 19:55:00Z on day 3 one still open at the later
	// -asof, 2026-03-05T06:00:00Z (two days of rows after the data).
	outs := reportOutages(t, "-rules", "cbb", "-tz", "UTC", "-asof", "2026-03-05T06:00:00Z", whole)
	requireOutage(t, outs, "GET /accounts", "2026-03-02T23:58:00Z", false, "")
	requireOutage(t, outs, "GET /accounts/{AccountID}/transactions", "2026-03-03T19:55:00Z", true, "2026-03-05T06:00:00Z")
	want := report(t, "-rules", "cbb", "-tz", "UTC", "-asof", "2026-03-05T06:00:00Z",
		"-payment-endpoints", " GET /accounts ,POST /payments,", whole)
	got := mustPipeline(t, "prism", Config{Inputs: []string{whole}, Rules: "cbb", TZ: "UTC",
		AsOf: "2026-03-05T06:00:00Z", Payments: []string{" GET /accounts ", "POST /payments", ""}})
	requireSameCSV(t, want, got, "flags")
}

// The result does not depend on how the work is split and ordered: one
// file or many, rows shuffled across them, segments of 1 minute to a day
// (and a length that does not divide a day), each endpoint-day's calls
// spread over 1 to 16 sub-keys whose partial endpoint-days and segment runs the
// engine joins with the library's Merge, on Prism. Every run must equal
// the report. (Prism at these sizes runs each stage as one bundle on one
// worker and never splits a key: what varies is the input's split and
// order, the keys, and which joins the fan-out makes the engine run.)
func TestSplitsAndSegmentsDoNotMatter(t *testing.T) {
	gen, planned := crossing()
	csv := generate(t, gen)
	dir := t.TempDir()
	whole := writeTemp(t, dir, "calls.csv", csv)
	plannedPath := writeTemp(t, dir, "planned.csv", []byte(planned))
	for _, rules := range []string{"cbuae", "cbb"} {
		want := report(t, "-rules", rules, "-planned", plannedPath, whole)
		for i, tc := range []struct {
			files   int
			segment time.Duration
			fanout  int
		}{{1, time.Hour, 1}, {5, time.Minute, 4}, {2, 7 * time.Minute, 16}, {4, 24 * time.Hour, 3}, {3, 17*time.Minute + 3*time.Second, 7}} {
			name := fmt.Sprintf("%s/files=%d/segment=%v/fanout=%d", rules, tc.files, tc.segment, tc.fanout)
			t.Run(name, func(t *testing.T) {
				inputs := []string{whole}
				if tc.files > 1 {
					inputs = split(t, t.TempDir(), csv, tc.files, uint64(i+10))
				}
				got, res, err := pipelineResult(t, "prism", Config{Inputs: inputs, Rules: rules, Planned: planned,
					PlanName: plannedPath, Segment: tc.segment, Fanout: tc.fanout})
				require.NoError(t, err)
				requireSameCSV(t, want, got, name)
				// The engine ran the library's Merge: partial endpoint-days of an
				// endpoint-day joined (each of the ~24 endpoint-days has ~300
				// calls, so with fanout > 1 all its sub-keys are non-empty),
				// segments joined by Segment.Merge inside mergeSegFn (with
				// fanout 1 every join is still there: ExtractOutput's).
				joins, segJoins := counter(t, res, "endpoint_day_joins"), counter(t, res, "segment_joins")
				if tc.fanout > 1 {
					require.Positive(t, joins, "endpoint_day_joins")
				} else {
					require.Zero(t, joins, "endpoint_day_joins: one sub-key, nothing to join")
				}
				require.Positive(t, segJoins, "segment_joins")
				require.Positive(t, counter(t, res, "interface_joins"), "interface_joins")
			})
		}
	}
}

// The direct runner runs the same pipeline (it executes in one process,
// without Prism's bundling).
func TestDirectRunner(t *testing.T) {
	planned, err := os.ReadFile(samplePlanned)
	require.NoError(t, err)
	want := report(t, "-rules", "cbuae")
	got := mustPipeline(t, "direct", Config{Inputs: []string{sampleCalls}, Rules: "cbuae",
		Planned: string(planned), PlanName: samplePlanned})
	requireSameCSV(t, want, got, "direct")
}

const badInput = `received_at,endpoint,status,ttlb_ms
2025-06-01T10:00:00Z,GET /a,200,100
2025-06-01T10:00:01Z,GET /a,200
2025-06-01T10:00:02Z,GET /a,abc,100
2025-06-01T10:00:03Z,GET /a,503,100
2025-06-01T10:00:04Z,GET /a,200,100
`

// Bad rows: without -lenient the pipeline fails, lists them and writes no
// daily.csv; with -lenient daily.csv is the report's, and the list is
// still written.
func TestBadRows(t *testing.T) {
	dir := t.TempDir()
	in := writeTemp(t, dir, "bad.csv", []byte(badInput))
	out := filepath.Join(dir, "daily.csv")
	writeTemp(t, dir, "daily.csv", []byte("a daily.csv from an earlier run\n")) // must not survive a failed run
	_, err := pipeline(t, "prism", Config{Inputs: []string{in}, Rules: "platform", Output: out})
	require.ErrorContains(t, err, "2 bad row(s)")
	require.NoFileExists(t, out)
	list, err := os.ReadFile(out + ".bad_rows.txt")
	require.NoError(t, err)
	require.Equal(t, in+":3: 3 fields, header has 4\n"+in+":4: status: not an integer (digits only)\n", string(list))

	got := mustPipeline(t, "prism", Config{Inputs: []string{in}, Rules: "platform", Output: out, Lenient: true})
	requireSameCSV(t, report(t, "-rules", "platform", "-lenient", in), got, "lenient")
}

// --segment is above 0 and at most a day (a segment's calls are grouped
// on one worker).
func TestSegmentBounds(t *testing.T) {
	for _, seg := range []time.Duration{-time.Hour, 24*time.Hour + time.Nanosecond} {
		_, err := pipeline(t, "prism", Config{Inputs: []string{sampleCalls}, Segment: seg})
		require.ErrorContains(t, err, "-segment")
	}
}

// No valid call: the header only, as the report.
func TestHeaderOnly(t *testing.T) {
	in := writeTemp(t, t.TempDir(), "empty.csv", []byte("received_at,endpoint,status,ttlb_ms\n"))
	got := mustPipeline(t, "prism", Config{Inputs: []string{in}})
	requireSameCSV(t, report(t, in), got, "header only")
}

// The load: 1,000,000 calls split into 8 files with the rows
// shuffled across them. Run with -big (CI skips it):
//
//	go test -run Big -big -timeout 20m
func TestBigMatchesReport(t *testing.T) {
	if !*big {
		t.Skip("run with -big")
	}
	csv := generate(t, callgen.Bench(1_000_000))
	dir, partDir := t.TempDir(), t.TempDir()
	if *bigDir != "" {
		dir, partDir = *bigDir, filepath.Join(*bigDir, "parts")
		require.NoError(t, os.MkdirAll(partDir, 0o755))
	}
	whole := writeTemp(t, dir, "calls.csv", csv)
	parts := split(t, partDir, csv, 8, 99)
	for _, rules := range []string{"cbuae", "cbb", "platform"} {
		t.Run(rules, func(t *testing.T) {
			want := report(t, "-rules", rules, whole)
			start := time.Now()
			got := mustPipeline(t, "prism", Config{Inputs: parts, Rules: rules})
			t.Logf("prism, %s, 1,000,000 calls in 8 files: %v", rules, time.Since(start))
			requireSameCSV(t, want, got, "1,000,000 calls, "+rules)
		})
	}
}

// The report's readers work on Beam too (as the report's -input-format):
// the report's own nginx test log, read by the pipeline, gives the
// report's daily.csv byte for byte.
func TestNginxLogMatchesReport(t *testing.T) {
	const log = "../report/testdata/nginx.log"
	const format = "combined $request_time $upstream_response_time $upstream_header_time"
	want := report(t, "-input-format", "nginx", "-log-format", format, "-rules", "platform", log)
	got := mustPipeline(t, "prism", Config{Inputs: []string{log}, Rules: "platform",
		Log: accesslog.Options{Format: "nginx", LogFormat: format}})
	requireSameCSV(t, want, got, "nginx")
}
