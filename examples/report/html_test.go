package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// chromium returns the headless browser on PATH, or skips.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no chromium, chromium-browser or google-chrome on PATH: `apt-get install -y chromium`")
	return ""
}

// browse runs headless Chromium on the file with args (--dump-dom,
// --screenshot=...) and returns its stdout.
func browse(t *testing.T, browser, file string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	all := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
		"--user-data-dir=" + t.TempDir(), "--window-size=1300,2200"}, args...)
	cmd := exec.CommandContext(ctx, browser, append(all, "file://"+file)...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "chromium: %s", stderr.String())
	return string(out)
}

// tableRow returns the cells of the row data-x=x of the chart table id.
func tableRow(t *testing.T, dom, id, x string) []string {
	t.Helper()
	start := strings.Index(dom, `<table data-table="`+id+`">`)
	require.GreaterOrEqual(t, start, 0, "table %s", id)
	table := dom[start:]
	table = table[:strings.Index(table, "</table>")]
	m := regexp.MustCompile(`<tr data-x="` + regexp.QuoteMeta(x) + `"[^>]*>(.*?)</tr>`).FindStringSubmatch(table)
	require.NotNil(t, m, "row %s of %s", x, id)
	var cells []string
	for _, c := range regexp.MustCompile(`<td>(.*?)</td>`).FindAllStringSubmatch(m[1], -1) {
		cells = append(cells, c[1])
	}
	require.Equal(t, x, cells[0])
	return cells[1:] // the figures, then the verdict when the chart has a threshold
}

// The dashboard of the embedded sample, opened in headless Chromium:
// every section and chart rendered, the figures of a chosen day equal to
// daily.csv's, nothing loaded from anywhere, and screenshots saved
// (KPI_SCREENSHOTS=dir keeps them; otherwise a temporary directory).
func TestDashboardChromium(t *testing.T) {
	browser := chromium(t)
	dir := t.TempDir()
	res := runCmd(t, "-format", "html", "-out", dir)
	require.Equal(t, 0, res.status, res.stderr)
	page := filepath.Join(dir, "dashboard.html")
	raw, err := os.ReadFile(page)
	require.NoError(t, err)
	html := string(raw)

	// Offline: no URL to fetch, no script, and a policy that forbids any
	// load should one slip in. The findings' sources cite the regulators'
	// public pages by URL as text (escaped, never a link); no attribute
	// or style may hold one.
	require.NotRegexp(t, `(?i)(src|href|action|data|poster|srcset)\s*=\s*["']?\s*(https?:)?//`, html)
	require.NotRegexp(t, `(?i)<script|<link|<img|<iframe|\ssrc=|url\(|@import`, html)
	for _, href := range regexp.MustCompile(`href="([^"]*)"`).FindAllStringSubmatch(html, -1) {
		require.True(t, strings.HasPrefix(href[1], "#"), "link %q leaves the page", href[1])
	}
	require.Contains(t, html, `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`)

	dom := browse(t, browser, page, "--dump-dom")
	for _, id := range []string{"overview", "health", "benchmarks", "budget", "operations", "endpoints", "rollups",
		"partners", "partner-table", "compliance", "findings", "outages", "unobserved", "platform", "platform-tiles",
		"sheet2", "sheet3", "sheet4", "platform-charts", "platform-months", "platform-periods"} {
		require.Contains(t, dom, `id="`+id+`"`, "section %s", id)
	}
	charts := regexp.MustCompile(`(?s)<figure class="chart" id="([^"]+)".*?</figure>`).FindAllStringSubmatch(dom, -1)
	ids := map[string]bool{}
	for _, c := range charts {
		ids[c[1]] = true
		require.Contains(t, c[0], "<svg", "chart %s", c[1])
		require.Regexp(t, `<polyline|<rect x="[0-9.]+" y="[0-9.]+" width`, c[0], "chart %s draws nothing", c[1])
		require.Contains(t, c[0], `<table data-table="`, "chart %s has no table", c[1])
	}
	for _, id := range []string{"budget-2026-10-01", "ops-uptime", "ops-ttlb", "ops-errors", "ops-volumes", "ops-tps",
		"ops-cbuae.service-initiation.avg-ttlb", "ops-cbuae.bank-data.avg-ttlb-per-page", "partners-calls",
		"auth-journeys", "auth-success", "ep-POST /payments", "platform-NPSPoints", "platform-OnboardingDays",
		"platform-SupportResolutionHours", "platform-PatchTimeHours", "platform-SecurityIncidents", "platform-money"} {
		require.True(t, ids[id], "chart %s", id)
	}
	// The threshold line and the failing days: the sample's uptime fails
	// CBUAE's 99.5 % every day (isolated 5xx on quiet endpoints).
	uptime := regexp.MustCompile(`(?s)<figure class="chart" id="ops-uptime".*?</figure>`).FindString(dom)
	require.Contains(t, uptime, `class="threshold"`)
	require.Contains(t, uptime, `fill="#c0392b"`)
	require.Contains(t, uptime, `class="fail"`)

	// The figures of Thursday 2026-11-12 (the day the POST /payments
	// outage ends) equal daily.csv's ALL row.
	csvData, err := os.ReadFile(filepath.Join(dir, "daily.csv"))
	require.NoError(t, err)
	rows, _ := parseDaily(t, string(csvData))
	want := rows["2026-11-12 ALL"]
	require.Equal(t, want["uptime_pct"], tableRow(t, dom, "ops-uptime", "2026-11-12")[0])
	ttlb := tableRow(t, dom, "ops-ttlb", "2026-11-12")
	require.Equal(t, want["avg_ttlb_ms"], ttlb[0])
	require.Equal(t, want["error_rate_pct"], tableRow(t, dom, "ops-errors", "2026-11-12")[0])
	require.Equal(t, []string{want["status_2xx"], want["status_3xx"], want["status_4xx"], want["status_5xx"], want["no_response"]},
		tableRow(t, dom, "ops-volumes", "2026-11-12"))
	require.Equal(t, want["peak_tps"], tableRow(t, dom, "ops-tps", "2026-11-12")[0])
	// The endpoint table's calls of POST /payments equal the sum of its
	// days in daily.csv.
	var calls int
	for key, row := range rows {
		if strings.HasSuffix(key, " POST /payments") {
			n, err := strconv.Atoi(row["calls"])
			require.NoError(t, err)
			calls += n
		}
	}
	require.Regexp(t, `<tr data-endpoint="POST /payments"><td>POST /payments</td><td>`+strconv.Itoa(calls)+`</td>`, dom)

	shots := os.Getenv("KPI_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	require.NoError(t, os.MkdirAll(shots, 0o755))
	for _, size := range []string{"1300,2200", "1300,9000"} {
		name := filepath.Join(shots, "dashboard-"+strings.ReplaceAll(size, ",", "x")+".png")
		browse(t, browser, page, "--window-size="+size, "--screenshot="+name)
		info, err := os.Stat(name)
		require.NoError(t, err)
		require.Greater(t, info.Size(), int64(50_000), "screenshot %s", name)
		t.Logf("screenshot: %s", name)
	}
}

// Endpoint IDs and partner IDs are escaped: a hostile ID is text, never
// markup.
func TestDashboardEscapes(t *testing.T) {
	in := writeFile(t, "calls.csv", "received_at,endpoint,status,ttlb_ms,tpp_id\n"+
		"2026-03-01T10:00:00Z,\"GET /<script>alert(1)</script>\",200,100,\"<img src=x onerror=alert(2)>\"\n"+
		"2026-03-01T10:00:01Z,GET /a,503,100,t1\n")
	res := runCmd(t, "-rules", "platform", "-format", "html", in)
	require.Equal(t, 0, res.status, res.stderr)
	require.NotContains(t, res.stdout, "<script")
	require.NotContains(t, res.stdout, "<img")
	require.Contains(t, res.stdout, "GET /&lt;script&gt;alert(1)&lt;/script&gt;")
	require.Contains(t, res.stdout, "&lt;img src=x onerror=alert(2)&gt;")
}

// A page for people: past 100 endpoints the table and its charts show the
// busiest 100, and past 500 outages the table shows the 500 longest, each
// saying how many there are in all.
//
// The input: endpoint k (k = 0..100, "GET /e000" to "GET /e100") has
// k+1 calls at 200; with GET /down (1,002 calls) there are 102
// endpoints, so the two least busy, GET /e000 and GET /e001 (one and two
// calls), are left out, and GET /down, then GET /e100 (101 calls), are
// listed first. GET /down has
// 501 pairs: a 503 at second 10i and a 200 at 10i + 1 + i/1000 s, i =
// 0..500, so outage i lasts (1 + i/1000) s minus the 503's TTLB plus the
// 200's (both 1 ms: AV-CLOCK-2's logged instants): all distinct, the
// shortest the first (i = 0, exactly 1 s), which is left out.
func TestDashboardShowsTheBusiestAndTheLongest(t *testing.T) {
	var b strings.Builder
	b.WriteString("received_at,endpoint,status,ttlb_ms\n")
	t0 := time.Date(2026, 3, 1, 1, 0, 0, 0, time.UTC)
	for k := range 101 {
		for c := range k + 1 {
			fmt.Fprintf(&b, "%s,GET /e%03d,200,1\n", t0.Add(time.Duration(k*200+c)*time.Millisecond).Format(time.RFC3339Nano), k)
		}
	}
	t1 := t0.Add(time.Hour)
	for i := range 501 {
		at := t1.Add(time.Duration(10*i) * time.Second)
		fmt.Fprintf(&b, "%s,GET /down,503,1\n", at.Format(time.RFC3339Nano))
		fmt.Fprintf(&b, "%s,GET /down,200,1\n", at.Add(time.Second+time.Duration(i)*time.Millisecond).Format(time.RFC3339Nano))
	}
	in := writeFile(t, "calls.csv", b.String())
	res := runCmd(t, "-rules", "platform", "-format", "html", "-lenient", in)
	require.Equal(t, 0, res.status, res.stderr)
	page := res.stdout
	require.True(t, strings.Contains(page, "The 100 busiest of 102 endpoints, busiest first"), "the endpoints note")
	require.True(t, strings.Contains(page, "The 500 longest of 501 outages"), "the outages note")
	has := func(s string) bool { return strings.Contains(page, s) }
	require.False(t, has(`data-endpoint="GET /e000"`), "GET /e000 left out")
	require.False(t, has(`data-endpoint="GET /e001"`), "GET /e001 left out")
	require.True(t, has(`data-endpoint="GET /e002"`), "GET /e002 listed")
	require.Less(t, strings.Index(page, `data-endpoint="GET /down"`), strings.Index(page, `data-endpoint="GET /e100"`), "GET /down (1,002 calls) first")
	require.Less(t, strings.Index(page, `data-endpoint="GET /e100"`), strings.Index(page, `data-endpoint="GET /e099"`), "busiest first")
	require.Equal(t, 100, strings.Count(page, "<tr data-endpoint="))
	outages := page[strings.Index(page, `<table id="outages"`):]
	outages = outages[:strings.Index(outages, "</table>")]
	require.Equal(t, 500, strings.Count(outages, "<tr><td>GET /down</td>"))
	require.NotContains(t, outages, "<td>1.000</td>", "the shortest (1 s) is left out")
	require.Contains(t, outages, "<td>1.001</td>")
	require.Contains(t, outages, "<td>1.500</td>")
}
