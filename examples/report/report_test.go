package main

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

// The command is tested as a program: built once, run with arguments,
// stdout, stderr and exit status read back.
var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "report-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "report")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = err
			t.Logf("%s", out)
		}
	})
	require.NoError(t, buildErr)
	return binPath
}

type result struct {
	stdout, stderr string
	status         int
}

func runCmd(t *testing.T, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	status := 0
	if ee, ok := err.(*exec.ExitError); ok {
		status = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return result{out.String(), errb.String(), status}
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(content), 0o644))
	return p
}

// parseDaily reads daily.csv into maps keyed by "date endpoint".
func parseDaily(t *testing.T, s string) (map[string]map[string]string, []string) {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(s)).ReadAll()
	require.NoError(t, err)
	require.Equal(t, daily.CSVHeader, recs[0])
	rows := make(map[string]map[string]string)
	var order []string
	for _, rec := range recs[1:] {
		m := make(map[string]string)
		for i, v := range rec {
			m[recs[0][i]] = v
		}
		key := rec[0] + " " + rec[1]
		rows[key] = m
		order = append(order, key)
	}
	return rows, order
}

// small is a two-day input whose daily.csv is derived by hand below.
const small = `received_at,endpoint,status,ttfb_ms,ttlb_ms,response_bytes,records
2025-06-01T10:00:00Z,GET /a,200,10,100,1000,
2025-06-01T10:00:00.5Z,GET /a,500,,50,200,
2025-06-01T10:00:10Z,GET /a,200,20,200,3000,
2025-06-01T10:00:10Z,POST /domestic-payments,201,5,300,500,
2025-06-01T23:59:50Z,POST /domestic-payments,503,,1000,0,
2025-06-02T00:00:30Z,POST /domestic-payments,201,,500,400,
2025-06-02T08:00:00Z,GET /a,404,,30,100,
`

// Expected values, derived by hand from the rules (platform: AV-CLOCK with
// logged instants, the real day length; UTC, so every day is 86,400 s):
//
// 2025-06-01 GET /a: 3 calls, 2 2xx, 1 5xx. ER-1 = 1/3 = 33.333 %.
// T = 100+50+200 = 350 ms, V = 3, avg 116.667, max 200. TTFB known on two
// calls: 10+20 = 30, avg 15. Bytes 4,200; PF-MB-1 = 350 / 0.0042 =
// 83,333.333 ms/MB. AV-CLOCK: the 500 is logged at 10:00:00.550; the first
// success logged at or after it is the 200 logged at 10:00:10.200: 9.650 s
// down; uptime = 100 − 9.65/864 = 99.98883… → 99.989. Peak TPS: two calls
// in second 10:00:00.
//
// 2025-06-01 POST /domestic-payments: 201 (300 ms, TTFB 5, 500 B) and a
// 503 logged at 23:59:51, closed by the 201 logged 2025-06-02T00:00:30.5:
// 9 s on this day (AV-WINDOW-1), 30.5 s on the next. ER-1 50 %. T 1,300,
// avg 650, max 1,000; MB: 1300/0.0005 = 2,600,000. Uptime 100 − 9/864 =
// 99.98958… → 99.990. Max PIPS 1 (one 2xx payment in any second).
//
// 2025-06-01 ALL: 5 calls, 3 2xx, 2 5xx, ER-2 pooled 2/5 = 40 %. T 1,650,
// avg 330, max 1,000; TTFB 35 over 3 calls = 11.667. Bytes 4,700; MB:
// 1650/0.0047 = 351,063.8297… → 351,063.830. Downtime is the union:
// 9.65 + 9 = 18.650 s; uptime 100 − 18.65/864 = 99.97841… → 99.978. Peak:
// second 10:00:00 has two calls, so has 10:00:10: 2. PIPS 1.
//
// 2025-06-02 GET /a: one 404, 30 ms, 100 B: ER 0 %, avg 30, no TTFB; MB
// 30/0.0001 = 300,000. No downtime (4xx neither starts nor stops the clock).
// POST: one 201, 500 ms, 400 B: MB 1,250,000; 30.5 s down: uptime
// 100 − 30.5/864 = 99.96469… → 99.965. ALL: 2 calls, T 530, avg 265,
// bytes 500, MB 1,060,000, down 30.500, uptime 99.965, peak 1, PIPS 1.
var smallWant = map[string]map[string]string{
	"2025-06-01 GET /a": {
		"calls": "3", "responded": "3", "status_2xx": "2", "status_3xx": "0", "status_4xx": "0", "status_5xx": "1",
		"no_response": "0", "rejected": "0", "errors_5xx": "1", "error_rate_pct": "33.333",
		"total_ttlb_ms": "350.000", "avg_ttlb_ms": "116.667", "max_ttlb_ms": "200.000",
		"total_ttfb_ms": "30.000", "avg_ttfb_ms": "15.000", "total_response_bytes": "4200", "ms_per_mb": "83333.333",
		"downtime_s": "9.650", "planned_downtime_s": "0.000", "unplanned_downtime_s": "9.650", "uptime_pct": "99.989",
		"peak_tps": "2", "max_pips": "",
	},
	"2025-06-01 POST /domestic-payments": {
		"calls": "2", "responded": "2", "status_2xx": "1", "status_5xx": "1", "errors_5xx": "1", "error_rate_pct": "50.000",
		"total_ttlb_ms": "1300.000", "avg_ttlb_ms": "650.000", "max_ttlb_ms": "1000.000",
		"total_ttfb_ms": "5.000", "avg_ttfb_ms": "5.000", "total_response_bytes": "500", "ms_per_mb": "2600000.000",
		"downtime_s": "9.000", "unplanned_downtime_s": "9.000", "uptime_pct": "99.990", "peak_tps": "1", "max_pips": "1",
	},
	"2025-06-01 ALL": {
		"calls": "5", "responded": "5", "status_2xx": "3", "status_5xx": "2", "errors_5xx": "2", "error_rate_pct": "40.000",
		"total_ttlb_ms": "1650.000", "avg_ttlb_ms": "330.000", "max_ttlb_ms": "1000.000",
		"total_ttfb_ms": "35.000", "avg_ttfb_ms": "11.667", "total_response_bytes": "4700", "ms_per_mb": "351063.830",
		"downtime_s": "18.650", "planned_downtime_s": "0.000", "uptime_pct": "99.978", "peak_tps": "2", "max_pips": "1",
	},
	"2025-06-02 GET /a": {
		"calls": "1", "responded": "1", "status_4xx": "1", "errors_5xx": "0", "error_rate_pct": "0.000",
		"total_ttlb_ms": "30.000", "avg_ttlb_ms": "30.000", "max_ttlb_ms": "30.000", "total_ttfb_ms": "", "avg_ttfb_ms": "",
		"total_response_bytes": "100", "ms_per_mb": "300000.000", "downtime_s": "0.000", "uptime_pct": "100.000",
		"peak_tps": "1", "max_pips": "",
	},
	"2025-06-02 POST /domestic-payments": {
		"calls": "1", "ms_per_mb": "1250000.000", "downtime_s": "30.500", "uptime_pct": "99.965", "max_pips": "1",
	},
	"2025-06-02 ALL": {
		"calls": "2", "total_ttlb_ms": "530.000", "avg_ttlb_ms": "265.000", "max_ttlb_ms": "500.000", "avg_ttfb_ms": "",
		"total_response_bytes": "500", "ms_per_mb": "1060000.000", "downtime_s": "30.500", "uptime_pct": "99.965",
		"peak_tps": "1", "max_pips": "1",
	},
}

func requireRows(t *testing.T, got map[string]map[string]string, want map[string]map[string]string) {
	t.Helper()
	for key, cols := range want {
		row, ok := got[key]
		require.True(t, ok, "no row %q", key)
		for col, v := range cols {
			require.Equal(t, v, row[col], "%s: %s", key, col)
		}
	}
}

func TestSmallDailyCSV(t *testing.T) {
	in := writeFile(t, "calls.csv", small)
	res := runCmd(t, "-rules", "platform", "-format", "csv", in)
	require.Equal(t, 0, res.status, res.stderr)
	rows, order := parseDaily(t, res.stdout)
	require.Equal(t, []string{
		"2025-06-01 GET /a", "2025-06-01 POST /domestic-payments", "2025-06-01 ALL",
		"2025-06-02 GET /a", "2025-06-02 POST /domestic-payments", "2025-06-02 ALL",
	}, order)
	requireRows(t, rows, smallWant)
}

// -rules cbb: AV-CONSEC finds no five unanswered calls, so no downtime,
// while every per-call figure stays the same.
func TestSmallUnderCBB(t *testing.T) {
	in := writeFile(t, "calls.csv", small)
	res := runCmd(t, "-rules", "cbb", "-tz", "UTC", "-format", "csv", in)
	require.Equal(t, 0, res.status, res.stderr)
	rows, _ := parseDaily(t, res.stdout)
	for key, row := range rows {
		require.Equal(t, "0.000", row["downtime_s"], key)
		require.Equal(t, "100.000", row["uptime_pct"], key)
	}
	require.Equal(t, "116.667", rows["2025-06-01 GET /a"]["avg_ttlb_ms"])
	require.Equal(t, "1", rows["2025-06-01 POST /domestic-payments"]["max_pips"])
}

// -rules cbuae: POST /domestic-payments is not in the CBUAE payment
// catalogue (POST /payments, POST /file-payments), so Max PIPS is empty.
func TestSmallUnderCBUAE(t *testing.T) {
	in := writeFile(t, "calls.csv", small)
	res := runCmd(t, "-rules", "cbuae", "-tz", "UTC", "-format", "csv", in)
	require.Equal(t, 0, res.status, res.stderr)
	rows, _ := parseDaily(t, res.stdout)
	require.Equal(t, "", rows["2025-06-01 POST /domestic-payments"]["max_pips"])
	require.Equal(t, "9.650", rows["2025-06-01 GET /a"]["downtime_s"])
	// -payment-endpoints replaces the catalogue.
	res = runCmd(t, "-rules", "cbuae", "-tz", "UTC", "-format", "csv", "-payment-endpoints", " POST /domestic-payments ,,", in)
	require.Equal(t, 0, res.status, res.stderr)
	rows, _ = parseDaily(t, res.stdout)
	require.Equal(t, "1", rows["2025-06-01 POST /domestic-payments"]["max_pips"])
}

// AV-CLOCK-3: an open clock runs to -asof. The 503 below is never
// followed by a success: with -asof 2025-06-03T06:00:00Z it is down from
// 23:59:51 on 06-01 to 06:00 on 06-03: 9 s, 86,400 s and 21,600 s, and a
// row for 06-03 appears although it had no call (the -asof day).
func TestOpenClockRunsToAsOf(t *testing.T) {
	in := writeFile(t, "calls.csv", "received_at,endpoint,status,ttlb_ms\n"+
		"2025-06-01T12:00:00Z,POST /x,201,100\n2025-06-01T23:59:50Z,POST /x,503,1000\n")
	res := runCmd(t, "-rules", "platform", "-format", "csv", "-asof", "2025-06-03T06:00:00Z", in)
	require.Equal(t, 0, res.status, res.stderr)
	rows, order := parseDaily(t, res.stdout)
	require.Equal(t, []string{"2025-06-01 POST /x", "2025-06-01 ALL", "2025-06-02 POST /x", "2025-06-02 ALL", "2025-06-03 POST /x", "2025-06-03 ALL"}, order)
	require.Equal(t, "9.000", rows["2025-06-01 POST /x"]["downtime_s"])
	require.Equal(t, "86400.000", rows["2025-06-02 POST /x"]["downtime_s"])
	require.Equal(t, "0.000", rows["2025-06-02 POST /x"]["uptime_pct"])
	require.Equal(t, "0", rows["2025-06-02 POST /x"]["calls"])
	require.Equal(t, "", rows["2025-06-02 POST /x"]["error_rate_pct"])
	require.Equal(t, "", rows["2025-06-02 POST /x"]["peak_tps"])
	require.Equal(t, "21600.000", rows["2025-06-03 ALL"]["downtime_s"])
	// 100 − 21600/864 = 75: the denominator is the whole day, also on the -asof day.
	require.Equal(t, "75.000", rows["2025-06-03 ALL"]["uptime_pct"])

	res = runCmd(t, "-rules", "platform", "-format", "json", "-asof", "2025-06-03T06:00:00Z", in)
	require.Equal(t, 0, res.status, res.stderr)
	var rep jsonReport
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &rep))
	require.Len(t, rep.Outages, 1)
	require.True(t, rep.Outages[0].Ongoing)
	require.Equal(t, 3, rep.Outages[0].Opened.Line)
}

func TestAsOfBeforeLastCall(t *testing.T) {
	in := writeFile(t, "calls.csv", small)
	res := runCmd(t, "-rules", "platform", "-format", "csv", "-asof", "2025-06-02T07:00:00Z", in)
	require.Equal(t, 2, res.status)
	require.Empty(t, res.stdout)
	require.Contains(t, res.stderr, "-asof")
}

// A planned window is downtime (AV-PLAN-1): total = union of the derived
// clock and the window; planned = total ∩ window; unplanned = the rest.
// GET /a is down 10:00:00.550 to 10:00:10.200 (9.65 s); the window
// [10:00:05, 10:00:20) adds 15 s overlapping it by 5.2 s: total = from
// 10:00:00.550 to 10:00:20 = 19.45 s, planned 15, unplanned 4.45.
// The window names no endpoint, so POST /domestic-payments gets 15 s
// planned too, and ALL is the union: 10:00:00.550–10:00:20 plus
// 23:59:51–24:00 = 19.45 + 9 = 28.45 s, 15 planned.
func TestPlannedWindow(t *testing.T) {
	in := writeFile(t, "calls.csv", small)
	planned := writeFile(t, "planned.csv", "start,end\n2025-06-01T10:00:05Z,2025-06-01T10:00:20Z\n")
	res := runCmd(t, "-rules", "platform", "-format", "csv", "-planned", planned, in)
	require.Equal(t, 0, res.status, res.stderr)
	rows, _ := parseDaily(t, res.stdout)
	requireRows(t, rows, map[string]map[string]string{
		"2025-06-01 GET /a":                  {"downtime_s": "19.450", "planned_downtime_s": "15.000", "unplanned_downtime_s": "4.450"},
		"2025-06-01 POST /domestic-payments": {"downtime_s": "24.000", "planned_downtime_s": "15.000", "unplanned_downtime_s": "9.000"},
		"2025-06-01 ALL":                     {"downtime_s": "28.450", "planned_downtime_s": "15.000", "unplanned_downtime_s": "13.450"},
	})
	// A window for an endpoint with no calls gives it rows.
	planned = writeFile(t, "planned.csv", "start,end,endpoint\n2025-06-02T01:00:00Z,2025-06-02T02:00:00Z,GET /b\n")
	res = runCmd(t, "-rules", "platform", "-format", "csv", "-planned", planned, in)
	require.Equal(t, 0, res.status, res.stderr)
	rows, _ = parseDaily(t, res.stdout)
	requireRows(t, rows, map[string]map[string]string{
		"2025-06-02 GET /b": {"calls": "0", "downtime_s": "3600.000", "planned_downtime_s": "3600.000", "avg_ttlb_ms": ""},
	})
	_, ok := rows["2025-06-01 GET /b"]
	require.False(t, ok, "no calls and no downtime: no row")
}

func TestPlannedFileErrors(t *testing.T) {
	in := writeFile(t, "calls.csv", small)
	for name, content := range map[string]string{
		"headerless":       "2025-06-01T10:00:05Z,2025-06-01T10:00:20Z\n",
		"end before start": "start,end\n2025-06-01T10:00:20Z,2025-06-01T10:00:05Z\n",
		"trimmed header":   "start, end\n",
		"bad instant":      "start,end\n2025-06-01 10:00:05,2025-06-01T10:00:20Z\n",
	} {
		planned := writeFile(t, "planned.csv", content)
		res := runCmd(t, "-rules", "platform", "-format", "csv", "-lenient", "-planned", planned, in)
		require.Equal(t, 2, res.status, name)
		require.Empty(t, res.stdout, name)
		require.Contains(t, res.stderr, "-planned", name)
	}
}

// Every bad-row kind, with and without -lenient.
func TestBadRows(t *testing.T) {
	header := "received_at,endpoint,status,ttfb_ms,ttlb_ms,response_bytes,records,attributable,rejected\n"
	good := "2025-06-01T10:00:00Z,GET /a,200,10,100,1000,,,\n"
	bad := map[string]string{
		"unparseable time":    "2025-06-01 10:00:00,GET /a,200,10,100,1000,,,\n",
		"missing endpoint":    "2025-06-01T10:00:00Z,,200,10,100,1000,,,\n",
		"missing status":      "2025-06-01T10:00:00Z,GET /a,,10,100,1000,,,\n",
		"missing ttlb":        "2025-06-01T10:00:00Z,GET /a,200,10,,1000,,,\n",
		"status 1xx":          "2025-06-01T10:00:00Z,GET /a,101,10,100,1000,,,\n",
		"status 600":          "2025-06-01T10:00:00Z,GET /a,600,10,100,1000,,,\n",
		"signed ttlb":         "2025-06-01T10:00:00Z,GET /a,200,10,-100,1000,,,\n",
		"ttlb exponent":       "2025-06-01T10:00:00Z,GET /a,200,10,1e3,1000,,,\n",
		"ttfb > ttlb":         "2025-06-01T10:00:00Z,GET /a,200,200,100,1000,,,\n",
		"negative bytes":      "2025-06-01T10:00:00Z,GET /a,200,10,100,-1,,,\n",
		"records not integer": "2025-06-01T10:00:00Z,GET /a,200,10,100,1000,1.5,,\n",
		"attributable TRUE":   "2025-06-01T10:00:00Z,GET /a,200,10,100,1000,,TRUE,\n",
		"rejected yes":        "2025-06-01T10:00:00Z,GET /a,200,10,100,1000,,,yes\n",
		"too few fields":      "2025-06-01T10:00:00Z,GET /a,200,10,100\n",
		"too many fields":     "2025-06-01T10:00:00Z,GET /a,200,10,100,1000,,,,x\n",
		"broken quote":        "2025-06-01T10:00:00Z,\"GET /a\"x,200,10,100,1000,,,\n",
	}
	for name, line := range bad {
		t.Run(name, func(t *testing.T) {
			in := writeFile(t, "calls.csv", header+good+line+good)
			res := runCmd(t, "-rules", "platform", "-format", "csv", in)
			require.Equal(t, 2, res.status)
			require.Empty(t, res.stdout)
			require.Contains(t, res.stderr, "calls.csv:3: ")

			res = runCmd(t, "-rules", "platform", "-format", "csv", "-lenient", in)
			require.Equal(t, 0, res.status, res.stderr)
			require.Contains(t, res.stderr, "calls.csv:3: ")
			require.Contains(t, res.stderr, "skipped 1 bad row")
			rows, _ := parseDaily(t, res.stdout)
			require.Equal(t, "2", rows["2025-06-01 ALL"]["calls"], "the two good rows still count")

			res = runCmd(t, "-rules", "platform", "-format", "text", "-lenient", in)
			require.Equal(t, 0, res.status, res.stderr)
			require.Contains(t, res.stdout, "Skipped 1 bad row")
			res = runCmd(t, "-rules", "platform", "-format", "json", "-lenient", in)
			require.Equal(t, 0, res.status, res.stderr)
			var rep jsonReport
			require.NoError(t, json.Unmarshal([]byte(res.stdout), &rep))
			require.Equal(t, 1, rep.SkippedRows)
			require.Equal(t, 3, rep.BadRows[0].Line)
		})
	}
}

func TestInputForms(t *testing.T) {
	half := strings.SplitAfterN(small, "\n", 5) // header + 3 rows | the rest
	first := half[0] + half[1] + half[2] + half[3]
	second := "response_bytes,ttlb_ms,received_at,status,endpoint,ttfb_ms,records,extra\n" // other column order, an unknown column
	for _, line := range strings.Split(strings.TrimSpace(half[4]), "\n") {
		f := strings.Split(line, ",")
		second += strings.Join([]string{f[5], f[4], f[0], f[2], f[1], f[3], f[6], "x"}, ",") + "\n"
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte("\xEF\xBB\xBF" + strings.ReplaceAll(second, "\n", "\r\n\r\n"))) // BOM, CRLF, blank lines
	require.NoError(t, zw.Close())
	a := writeFile(t, "a.csv", first)
	b := writeFile(t, "b.csv.gz", gz.String())
	res := runCmd(t, "-rules", "platform", "-format", "csv", b, a) // order of files does not matter
	require.Equal(t, 0, res.status, res.stderr)
	rows, _ := parseDaily(t, res.stdout)
	requireRows(t, rows, smallWant)
}

func TestHeaderOnly(t *testing.T) {
	in := writeFile(t, "calls.csv", "received_at,endpoint,status,ttlb_ms\n")
	res := runCmd(t, "-rules", "platform", "-format", "csv", in)
	require.Equal(t, 0, res.status, res.stderr)
	require.Equal(t, strings.Join(daily.CSVHeader, ",")+"\n", res.stdout)
}

func TestFileErrors(t *testing.T) {
	for name, content := range map[string]string{
		"no header column": "received_at,endpoint,status\n2025-06-01T10:00:00Z,GET /a,200\n",
		"empty file":       "",
	} {
		in := writeFile(t, "calls.csv", content)
		res := runCmd(t, "-format", "csv", "-lenient", in)
		require.Equal(t, 2, res.status, name)
		require.Empty(t, res.stdout, name)
	}
	res := runCmd(t, "-format", "csv", filepath.Join(t.TempDir(), "missing.csv"))
	require.Equal(t, 2, res.status)
	for _, args := range [][]string{{"-rules", "mars"}, {"-format", "xml"}, {"-tz", "Mars/Olympus"}, {"-asof", "yesterday"}, {"-nope"}} {
		res := runCmd(t, args...)
		require.Equal(t, 2, res.status, "%v", args)
		require.Empty(t, res.stdout, "%v", args)
	}
}

// The embedded sample under each rule set and format (README.md:
// no file given). The sample holds a POST /payments outage from Wednesday
// 23:52 to past Thursday midnight (every call 503, callgen.Sample), so
// under the failure clock both days show downtime on that endpoint; and a
// planned window on Sunday 02:00-02:30 for every endpoint: 1,800 s
// planned on every endpoint with calls that day and on ALL.
func TestEmbeddedSample(t *testing.T) {
	for _, rules := range []string{"cbuae", "cbb", "platform"} {
		t.Run(rules, func(t *testing.T) {
			res := runCmd(t, "-rules", rules, "-format", "csv")
			require.Equal(t, 0, res.status, res.stderr)
			if rules == "cbb" {
				// The sample is the CBUAE endpoint list: under CBB's
				// catalogue 20 of its 30 endpoints are in no group, and the
				// report says so (EP-2) on stderr, with their counts.
				require.True(t, strings.HasPrefix(res.stderr, "report: warning: 20 endpoint(s) not in the cbb profile's catalogue (EP-2)"), res.stderr)
				require.Equal(t, 21, strings.Count(res.stderr, "\n"), res.stderr)
			} else {
				require.Empty(t, res.stderr)
			}
			rows, order := parseDaily(t, res.stdout)
			require.Equal(t, "ALL", rows[order[len(order)-1]]["endpoint"])
			all := 0
			for _, key := range order {
				if strings.HasSuffix(key, " ALL") {
					all++
				}
			}
			// The week is in Asia/Dubai (UTC+4). Read in Bahrain (UTC+3) or
			// UTC, its first minutes fall on the Sunday before: eight days.
			wantDays := map[string]int{"cbuae": 7, "cbb": 8, "platform": 8}[rules]
			require.Equal(t, wantDays, all, "one ALL row per local day")
			if rules == "cbuae" {
				// Asia/Dubai: the outage is split at the local midnight.
				require.NotEqual(t, "0.000", rows["2026-11-11 POST /payments"]["downtime_s"])
				require.NotEqual(t, "0.000", rows["2026-11-12 POST /payments"]["downtime_s"])
				require.Equal(t, "1800.000", rows["2026-11-15 ALL"]["planned_downtime_s"])
				require.Equal(t, "1800.000", rows["2026-11-15 GET /accounts"]["planned_downtime_s"])
			}
			for _, format := range []string{"text", "json"} {
				res := runCmd(t, "-rules", rules, "-format", format)
				require.Equal(t, 0, res.status, res.stderr)
				if format == "json" {
					var rep jsonReport
					require.NoError(t, json.Unmarshal([]byte(res.stdout), &rep))
					require.Len(t, rep.Days, len(order))
					require.NotEmpty(t, rep.Findings)
				} else {
					require.Contains(t, res.stdout, "Benchmarks, profile "+rules)
					require.Contains(t, res.stdout, "Outages derived from calls")
				}
			}
		})
	}
}

// -rules cbb -out DIR writes daily.csv and the CBB template's sheets 1 and
// 5 with the template's field names.
func TestCBBSheets(t *testing.T) {
	in := writeFile(t, "calls.csv", small)
	dir := t.TempDir()
	res := runCmd(t, "-rules", "cbb", "-tz", "UTC", "-format", "csv", "-entity", "Bank of Tests", "-out", dir, in)
	require.Equal(t, 0, res.status, res.stderr)
	require.Empty(t, res.stdout)
	daily, err := os.ReadFile(filepath.Join(dir, "daily.csv"))
	require.NoError(t, err)
	rows, _ := parseDaily(t, string(daily))
	require.Equal(t, "116.667", rows["2025-06-01 GET /a"]["avg_ttlb_ms"])

	s1, err := os.ReadFile(filepath.Join(dir, "cbb_sheet1_performance_availability.csv"))
	require.NoError(t, err)
	recs, err := csv.NewReader(bytes.NewReader(s1)).ReadAll()
	require.NoError(t, err)
	require.Equal(t, cbbSheet1Header, recs[0])
	// One row per endpoint-day (no ALL): four. GET /a on 06-01: uptime
	// 100 (no five unanswered), PIPS NULL (not a payment endpoint),
	// average TTLB 116.667, TTFB 15, 3 calls, 350 / 30 ms, 4,200 bytes.
	require.Len(t, recs, 5)
	require.Equal(t, []string{"2025-06-01", "Bank of Tests", "GET /a", "100.000", "0.000", "0.000", "NULL",
		"116.667", "15.000", "3", "350.000", "30.000", "4200"}, recs[1])
	require.Equal(t, "1", recs[2][6], "Max PIPS of POST /domestic-payments")

	s5, err := os.ReadFile(filepath.Join(dir, "cbb_sheet5_daily_volumes.csv"))
	require.NoError(t, err)
	recs, err = csv.NewReader(bytes.NewReader(s5)).ReadAll()
	require.NoError(t, err)
	require.Contains(t, recs[0][3], "Successful API Calls")
	// POST /domestic-payments on 06-01: one 201, no 4xx, one 503, none rejected.
	require.Equal(t, []string{"2025-06-01", "Bank of Tests", "POST /domestic-payments", "1", "0", "1", "0"}, recs[2])
}

// A quarter covered entirely is judged on AV-PCT-2. Q1 2025 in UTC is
// 31+28+31 = 90 days = 7,776,000 s. Five calls unanswered within 20 s on
// 02-10 (AV-CONSEC) start downtime at 10:00:00; the 200 received at
// 10:01:00 with TTLB 500 ms ends it at 10:01:00.5: 60.5 s. Quarterly
// uptime = 100 × (1 − 60.5 / 7,776,000) = 99.99922… → 99.999, a PASS of
// CBB's ">= 99.5 %" with margin 0.49922… → +0.499. The budget (AV-BUDGET-1)
// allows 0.5 % of 7,776,000 = 38,880 s; 60.5 used leaves 38,819.5.
// Under -rules platform, January (one call) fails ">= 10,000,000 calls".
func TestFullQuarterFindings(t *testing.T) {
	rows := "received_at,endpoint,status,ttlb_ms\n2025-01-01T00:00:00Z,GET /a,200,100\n"
	for s := 0; s <= 20; s += 5 {
		rows += fmt.Sprintf("2025-02-10T10:00:%02dZ,GET /a,0,30000\n", s)
	}
	rows += "2025-02-10T10:01:00Z,GET /a,200,500\n2025-03-31T12:00:00Z,GET /a,200,100\n"
	in := writeFile(t, "calls.csv", rows)

	res := runCmd(t, "-rules", "cbb", "-tz", "UTC", "-format", "json", in)
	require.Equal(t, 0, res.status, res.stderr)
	var rep jsonReport
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &rep))
	var uptime []jsonFinding
	for _, f := range rep.Findings {
		if f.ID == "cbb.uptime" {
			uptime = append(uptime, f)
		}
	}
	require.Len(t, uptime, 1)
	require.Equal(t, "2025-01-01/2025-03-31", uptime[0].Period)
	require.Equal(t, "PASS", uptime[0].Verdict)
	require.Equal(t, json.RawMessage("99.999"), uptime[0].Measured)
	require.Equal(t, json.RawMessage("0.499"), uptime[0].Margin)

	res = runCmd(t, "-rules", "cbb", "-tz", "UTC", in)
	require.Equal(t, 0, res.status, res.stderr)
	require.Contains(t, res.stdout, "used 60.500 s, allowed 38880.000 s, left 38819.500 s (PASS")

	res = runCmd(t, "-rules", "platform", "-format", "json", in)
	require.Equal(t, 0, res.status, res.stderr)
	rep = jsonReport{}
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &rep))
	found := false
	for _, f := range rep.Findings {
		if f.ID == "platform.calls" && f.Period == "2025-01-01/2025-01-31" {
			found = true
			require.Equal(t, "FAIL", f.Verdict)
			require.Equal(t, json.RawMessage("1.000"), f.Measured)
		}
	}
	require.True(t, found, "January is covered entirely, so it is judged")
}

// PF-TPS-1 on ALL: the interface's peak is the most calls in one second
// across endpoints, not the highest endpoint peak. Four calls to four
// endpoints in second 10:00:00 give each endpoint a peak of 1 and ALL a
// peak of 4; two of them are successful payment orders (cbb catalogue),
// so ALL's Max PIPS is 2 while each payment endpoint's is 1.
func TestPeakAcrossEndpoints(t *testing.T) {
	in := writeFile(t, "calls.csv", "received_at,endpoint,status,ttlb_ms\n"+
		"2025-06-01T10:00:00.1Z,GET /a,200,10\n2025-06-01T10:00:00.2Z,GET /b,200,10\n"+
		"2025-06-01T10:00:00.3Z,POST /domestic-payments,201,10\n2025-06-01T10:00:00.9Z,POST /international-payments,201,10\n")
	res := runCmd(t, "-rules", "platform", "-format", "csv", in)
	require.Equal(t, 0, res.status, res.stderr)
	rows, _ := parseDaily(t, res.stdout)
	requireRows(t, rows, map[string]map[string]string{
		"2025-06-01 GET /a":                       {"peak_tps": "1", "max_pips": ""},
		"2025-06-01 POST /domestic-payments":      {"peak_tps": "1", "max_pips": "1"},
		"2025-06-01 POST /international-payments": {"peak_tps": "1", "max_pips": "1"},
		"2025-06-01 ALL":                          {"peak_tps": "4", "max_pips": "2"},
	})
}

// Instants the availability records cannot hold as Unix nanoseconds are
// refused: as a bad row in the input, as an error in -asof.
func TestYearsOutOfRange(t *testing.T) {
	in := writeFile(t, "calls.csv", "received_at,endpoint,status,ttlb_ms\n"+
		"2025-06-01T10:00:00Z,GET /a,200,10\n2300-01-01T00:00:00Z,GET /a,200,10\n")
	res := runCmd(t, "-rules", "platform", "-format", "csv", in)
	require.Equal(t, 2, res.status)
	require.Contains(t, res.stderr, "calls.csv:3: received_at: out of range (years 1678 to 2261)")
	res = runCmd(t, "-rules", "platform", "-format", "csv", "-asof", "9999-01-01T00:00:00Z", in)
	require.Equal(t, 2, res.status)
	require.Contains(t, res.stderr, "-asof")
}

// -h names every output format the report writes: a format it accepts
// and does not name would be found only by a wrong guess.
func TestHelpNamesEveryFormat(t *testing.T) {
	var out, errs bytes.Buffer
	run([]string{"-h"}, &out, &errs)
	help := out.String() + errs.String()
	_, usage, ok := strings.Cut(help, "-format string")
	require.True(t, ok, help)
	usage, _, _ = strings.Cut(usage, "\n  -")
	for _, f := range []string{"text", "csv", "json", "html", formatCDR, formatOFB, formatUKMI} {
		require.Contains(t, usage, f)
		var o, e bytes.Buffer
		run([]string{"-format", f}, &o, &e)
		require.NotContains(t, e.String(), "want text", "-format %s refused", f)
	}
}
