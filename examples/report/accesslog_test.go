package main

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi/examples/internal/callgen"
)

const nginxFormat = "combined $request_time $upstream_response_time $upstream_header_time"

// TestNginxInput runs the command on testdata/nginx.log; the ALL row is
// derived by hand. nginx logs the end: ReceivedAt = time - $request_time.
//
//	line 1: 10:00:01 - 0.100 = 10:00:00.900, 200, TTLB 100, TTFB 100-(90-50) = 60, 1000 B
//	line 2: 10:00:01 - 0.200 = 10:00:00.800, 200, TTLB 200, TTFB 200-(150-100) = 150, 500 B
//	line 3: 499: status 0 (not responded), 10:00:02.000, 0 B
//	line 4: 503, TTLB 1, TTFB 1-(1-1) = 1, 120 B
//
// calls 4, responded 3, 2xx 2, 5xx 1, no response 1; total TTLB 100+200+1
// = 301, max 200; total TTFB 60+150+1 = 211; bytes 1000+500+0+120 = 1620;
// peak: lines 1 and 2 in second 10:00:00 = 2.
func TestNginxInput(t *testing.T) {
	r := runCmd(t, "-input-format", "nginx", "-log-format", nginxFormat, "-rules", "platform", "-format", "csv", "testdata/nginx.log")
	require.Equal(t, 0, r.status, r.stderr)
	rows, _ := parseDaily(t, r.stdout)
	all := rows["2024-10-10 ALL"]
	require.NotNil(t, all, r.stdout)
	want := map[string]string{
		"calls": "4", "responded": "3", "status_2xx": "2", "status_5xx": "1", "no_response": "1",
		"total_ttlb_ms": "301.000", "max_ttlb_ms": "200.000", "total_ttfb_ms": "211.000",
		"total_response_bytes": "1620", "peak_tps": "2",
	}
	for k, v := range want {
		require.Equal(t, v, all[k], k)
	}
	require.NotNil(t, rows["2024-10-10 GET /accounts"], "query removed, one endpoint")
	require.NotNil(t, rows["2024-10-10 POST /payments"])
}

func TestNginxInputBadLine(t *testing.T) {
	log := writeFile(t, "bad.log", "192.0.2.1 - - [10/Oct/2024:10:00:01 +0000] \"GET /a HTTP/1.1\" 200 1 \"-\" \"-\" 0.100 - -\nnot a log line\n")
	r := runCmd(t, "-input-format", "nginx", "-log-format", nginxFormat, "-rules", "platform", "-format", "csv", log)
	require.Equal(t, 2, r.status)
	require.Contains(t, r.stderr, log+":2: does not match the log format")
	r = runCmd(t, "-input-format", "nginx", "-log-format", nginxFormat, "-rules", "platform", "-format", "csv", "-lenient", log)
	require.Equal(t, 0, r.status, r.stderr)
	require.Contains(t, r.stderr, "skipped 1 bad row(s)")
}

func TestInputFormatRefusals(t *testing.T) {
	for _, tc := range []struct {
		args []string
		msg  string
	}{
		{[]string{"-input-format", "nginx", "-log-format", "combined", "testdata/nginx.log"}, "$request_time"},
		{[]string{"-input-format", "nginx", "-log-format", nginxFormat}, "give the log file"},
		{[]string{"-input-format", "haproxy", "testdata/nginx.log"}, "-log-tz is required"},
		{[]string{"-input-format", "yaml", "testdata/nginx.log"}, "want one of"},
	} {
		r := runCmd(t, tc.args...)
		require.Equal(t, 2, r.status, strings.Join(tc.args, " "))
		require.Contains(t, r.stderr, tc.msg)
	}
}

// gensample -nginx writes the calls of the CSV as an nginx log
// (callgen.WriteNginx): read back by the report, each endpoint has the
// same calls, responses by class, calls without a response and response
// bytes over the week as the CSV of the same calls. (Per day they may
// differ: the log's times are to the second, so a call in the first second
// after midnight may land on the day before. TTLB sums differ in the
// microseconds the log rounds away.)
func TestNginxLogOfTheGeneratedCalls(t *testing.T) {
	cfg := callgen.Bench(20_000)
	var csvData, logData bytes.Buffer
	require.NoError(t, callgen.Write(&csvData, cfg))
	require.NoError(t, callgen.WriteNginx(&logData, cfg))
	sum := func(args ...string) map[string]map[string]int {
		r := runCmd(t, append([]string{"-rules", "platform", "-tz", "UTC", "-format", "csv", "-disorder", "0"}, args...)...)
		require.Equal(t, 0, r.status, r.stderr)
		rows, _ := parseDaily(t, r.stdout)
		out := map[string]map[string]int{}
		for _, row := range rows {
			if out[row["endpoint"]] == nil {
				out[row["endpoint"]] = map[string]int{}
			}
			for _, k := range []string{"calls", "responded", "status_2xx", "status_4xx", "status_5xx", "no_response", "total_response_bytes"} {
				n, err := strconv.Atoi(row[k])
				require.NoError(t, err, k)
				out[row["endpoint"]][k] += n
			}
		}
		return out
	}
	want := sum(writeFile(t, "calls.csv", csvData.String()))
	got := sum("-input-format", "nginx", "-log-format", callgen.NginxFormat, writeFile(t, "access.log", logData.String()))
	require.Len(t, want, len(cfg.Endpoints)+1, "every endpoint and ALL")
	require.Equal(t, 20_000-1, want["ALL"]["calls"]) // Bench's 20,000 over 7 days: 2,857 a day
	require.Equal(t, want, got)
}
