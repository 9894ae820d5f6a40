package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi/examples/internal/callgen"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

// disorderRun is one way of reading inputs: the disorder bound (0: every
// call in memory), the pieces a plain CSV is cut into (1: one reader, on
// one core), and the rows of a part of a stream.
type disorderRun struct {
	name     string
	disorder time.Duration
	pieces   int
	partRows int
}

var disorderRuns = []disorderRun{
	{"memory, one reader", 0, 1, 0},
	{"bounded, one reader", 5 * time.Minute, 1, 0},
	{"bounded, one reader, parts of 1000 rows", 5 * time.Minute, 1, 1000},
	{"bounded, 7 pieces", 5 * time.Minute, 7, 0},
	{"bounded 1 s, 3 pieces", time.Second, 3, 0},
	{"memory, 5 pieces", 0, 5, 0},
}

// runDisorder builds the report of srcs under run and returns daily.csv
// and the input checks (kind: message).
func runDisorder(t *testing.T, rules string, srcs []source, run disorderRun) (string, []string) {
	t.Helper()
	cfg, err := parseFlags([]string{"-rules", rules, "-tz", "Asia/Dubai", "-format", "csv", "-lenient", "-disorder", run.disorder.String()}, io.Discard)
	require.NoError(t, err)
	cfg.sources = srcs
	cfg.splitMin, cfg.splitInto, cfg.partRows = 1, run.pieces, run.partRows
	rep, err := build(cfg)
	require.NoError(t, err, run.name)
	var csv bytes.Buffer
	require.NoError(t, daily.WriteCSV(&csv, rep.rows()))
	var kinds []string
	for _, w := range rep.checks() {
		kinds = append(kinds, w.Kind+": "+w.Message)
	}
	return csv.String(), kinds
}

// logLines returns the generated calls of cfg as a header and rows in
// log-write order: each row at its ReceivedAt plus its TTLB (a server
// logs a request when it ends), so the rows are out of ReceivedAt order
// by up to the longest TTLB (5.2 s here), well within a bound of 5
// minutes.
func logLines(t *testing.T, cfg callgen.Config) (string, []string) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, callgen.Write(&buf, cfg))
	lines := strings.SplitAfter(buf.String(), "\n")
	header, rows := lines[0], lines[1:len(lines)-1]
	end := func(l string) time.Time {
		f := strings.Split(l, ",")
		at, err := time.Parse(time.RFC3339Nano, f[0])
		require.NoError(t, err)
		var ms float64
		_, err = fmt.Sscan(f[4], &ms)
		require.NoError(t, err)
		return at.Add(time.Duration(ms * float64(time.Millisecond)))
	}
	ends := make(map[string]time.Time, len(rows))
	for _, l := range rows {
		ends[l] = end(l)
	}
	slices.SortStableFunc(rows, func(a, b string) int { return ends[a].Compare(ends[b]) })
	return header, rows
}

func csvSource(name, header string, rows []string) source {
	return bytesSource(name, []byte(header+strings.Join(rows, "")))
}

// The bounded path (records of the bound's window only), the parallel
// path (pieces read on several goroutines, absorbed in order) and the
// late-input fallback (the input read again in memory) give daily.csv
// byte for byte as one reader with every call in memory, on the embedded
// sample and on generated inputs: one hot endpoint, many endpoints, a
// log in log-write order, and logs out of order beyond the bound (a file
// given twice, the halves of a log swapped, a row far out of place, in a
// gzip stream read in parts). The input checks say when the input was
// read a second time, and only then.
func TestDisorderPathsGiveTheSameReport(t *testing.T) {
	hot := callgen.Bench(30_000)
	hot.Endpoints = slices.Clone(hot.Endpoints)
	hot.Endpoints[0].Weight = 2000 // nearly every call on one endpoint
	many := callgen.Bench(30_000)
	many.Days, many.CallsPerDay = 2, 15_000
	many.Endpoints = nil
	for i := range 300 {
		many.Endpoints = append(many.Endpoints, callgen.Endpoint{ID: fmt.Sprintf("GET /e%03d", i), Weight: 1 + float64(i%7), MedianMs: 100, Sigma: 0.8, Bytes: 900})
	}
	hh, hotRows := logLines(t, hot)
	dups := 0
	for i := len(hotRows) - 1; i > 0; i -= 997 { // duplicate rows, a row or two apart
		hotRows = slices.Insert(hotRows, i, hotRows[i-1])
		dups++
	}
	mh, manyRows := logLines(t, many)
	half := len(hotRows) / 2
	swapped := append(slices.Clone(hotRows[half:]), hotRows[:half]...)
	stray := slices.Clone(manyRows) // the 100th row moved 6,000 rows on: hours late
	stray = slices.Insert(slices.Delete(stray, 100, 101), 6_000, manyRows[100])
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	_, err := zw.Write([]byte(hh + strings.Join(swapped, "")))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	dir := t.TempDir()
	gzName := filepath.Join(dir, "swapped.csv.gz")
	require.NoError(t, os.WriteFile(gzName, gz.Bytes(), 0o644))

	cases := []struct {
		name  string
		rules string
		srcs  []source
		late  bool // out of order beyond 5 minutes
		log   bool // in log-write order: out of order by seconds (more than 1 s)
	}{
		{"the embedded sample (in ReceivedAt order)", "cbuae", sources(nil), false, false},
		{"the embedded sample, AV-CONSEC", "cbb", sources(nil), false, false},
		{"one hot endpoint, log order", "cbuae", []source{csvSource("hot.csv", hh, hotRows)}, false, true},
		{"300 endpoints, log order, AV-CONSEC", "cbb", []source{csvSource("many.csv", mh, manyRows)}, false, true},
		{"a file given twice", "cbuae", []source{csvSource("a.csv", hh, hotRows), csvSource("b.csv", hh, hotRows)}, true, true},
		{"the halves of a log swapped", "cbuae", []source{csvSource("swapped.csv", hh, swapped)}, true, true},
		{"a row hours out of place, AV-CONSEC", "cbb", []source{csvSource("stray.csv", mh, stray)}, true, true},
		{"a gzip stream out of order", "cbuae", sources([]string{gzName}), true, true},
	}
	for _, c := range cases {
		want, wantChecks := runDisorder(t, c.rules, c.srcs, disorderRuns[0])
		require.Greater(t, strings.Count(want, "\n"), 10, c.name)
		if c.name == "one hot endpoint, log order" {
			require.Contains(t, strings.Join(wantChecks, "\n"), fmt.Sprintf("duplicate-rows: %d row(s)", dups), "the duplicates inserted: one every 997 rows")
		}
		for _, run := range disorderRuns[1:] {
			got, checks := runDisorder(t, c.rules, c.srcs, run)
			require.Equal(t, want, got, "%s, %s", c.name, run.name)
			second := run.disorder > 0 && (c.late || (c.log && run.disorder < 5*time.Second))
			if second {
				require.True(t, strings.HasPrefix(checks[0], "input-disorder: "), "%s, %s: the input checks say the input was read twice", c.name, run.name)
				checks = checks[1:]
			}
			// The other checks (duplicate rows among them) are the same.
			require.Equal(t, wantChecks, checks, "%s, %s", c.name, run.name)
		}
	}
}

// The input check of a second pass names the first row out of the
// bound, in input order, whatever the pieces.
func TestDisorderNoteNamesTheFirstLateRow(t *testing.T) {
	rows := []string{
		"2026-11-02T10:00:00.000Z,GET /accounts,200,1,2,10,,t,,\n",
		"2026-11-02T10:10:00.000Z,GET /accounts,200,1,2,10,,t,,\n",
		"2026-11-02T10:06:00.000Z,GET /accounts,200,1,2,10,,t,,\n", // 4 min before 10:10: within 5 minutes
		"2026-11-02T10:04:59.999Z,GET /accounts,200,1,2,10,,t,,\n", // 5 min 1 ms before 10:10: late (line 5)
		"2026-11-02T09:00:00.000Z,GET /accounts,200,1,2,10,,t,,\n", // late too, later in the input
	}
	header := "received_at,endpoint,status,ttfb_ms,ttlb_ms,response_bytes,records,tpp_id,attributable,rejected\n"
	// Parts of 1 to 5 rows: the late rows are then late against a row of
	// an earlier part, of their own part, or both; the part's reader
	// sorts its rows by instant, so the row of line 6 (09:00) comes first
	// in its part, and line 5 must still be named.
	for _, pieces := range []int{1, 2, 3, 5} {
		for _, partRows := range []int{0, 1, 2, 3, 5} {
			cfg, err := parseFlags([]string{"-tz", "Asia/Dubai", "-format", "csv"}, io.Discard)
			require.NoError(t, err)
			cfg.sources = []source{csvSource("x.csv", header, rows)}
			cfg.splitMin, cfg.splitInto, cfg.partRows = 1, pieces, partRows
			rep, err := build(cfg)
			require.NoError(t, err)
			require.Contains(t, rep.disorderNote, "x.csv:5 was received more than 5m0s before a row read earlier", "%d pieces, parts of %d rows", pieces, partRows)
			require.Equal(t, uint64(5), rep.res.Calls)
		}
	}
}

// An input more out of order than the bound is read a second time; a pipe
// cannot be, and the command says so and what to do, rather than reading
// an empty second pass. A format that does not carry the input checks
// (here html) has them on stderr, so the second pass is never silent.
func TestDisorderOnAPipeAndInEveryFormat(t *testing.T) {
	header := "received_at,endpoint,status,ttfb_ms,ttlb_ms,response_bytes,records,tpp_id,attributable,rejected\n"
	data := header + "2026-11-02T10:20:00Z,GET /accounts,200,,100,10,,,,\n" +
		"2026-11-02T10:00:00Z,GET /accounts,200,,100,10,,,,\n" // 20 minutes late: past the 5-minute bound
	dir := t.TempDir()
	fifo := filepath.Join(dir, "calls.csv")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	// The writer serves the data to every opening of the pipe until the
	// test ends; cleanup releases a writer still waiting for a reader.
	done := make(chan struct{})
	go func() {
		for {
			f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
			if err != nil {
				return
			}
			_, _ = f.WriteString(data)
			_ = f.Close()
			select {
			case <-done:
				return
			default:
			}
		}
	}()
	t.Cleanup(func() {
		close(done)
		if f, err := os.OpenFile(fifo, os.O_RDONLY|syscall.O_NONBLOCK, 0); err == nil {
			time.Sleep(10 * time.Millisecond) // the writer's last round, if it was waiting
			_, _ = io.Copy(io.Discard, f)
			_ = f.Close()
		}
	})
	var stdout, stderr bytes.Buffer
	require.Equal(t, 2, run([]string{"-format", "csv", fifo}, &stdout, &stderr))
	require.Contains(t, stderr.String(), "is not a regular file, so it cannot be read a second time: run with -disorder 0")
	require.Empty(t, stdout.String())

	file := filepath.Join(dir, "file.csv")
	require.NoError(t, os.WriteFile(file, []byte(data), 0o600))
	for _, format := range []string{"html", "uk-mi", "csv"} {
		stdout.Reset()
		stderr.Reset()
		require.Equal(t, 0, run([]string{"-format", format, file}, &stdout, &stderr), stderr.String())
		require.Contains(t, stderr.String(), "report: warning: the input is more out of order than -disorder 5m0s allows ("+file+":3 ", format)
	}
}
