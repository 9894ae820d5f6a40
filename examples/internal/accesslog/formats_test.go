package accesslog

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
	"github.com/stretchr/testify/require"
)

// Each format's testdata file was written from the server's documentation
// and every expected call below was derived by hand from the line and the
// reading in doc.go (the arithmetic is in the comments).

type got struct {
	calls []kpi.Call
	lines []int
	bad   []string
}

func readWith(t *testing.T, o Options, name, text string) got {
	t.Helper()
	rd, err := New(o)
	require.NoError(t, err)
	var g got
	err = rd.Read(name, strings.NewReader(text), make(daily.Interner).Intern,
		func(c *kpi.Call, line int) { g.calls = append(g.calls, *c); g.lines = append(g.lines, line) },
		func(b daily.BadRow) { g.bad = append(g.bad, b.String()) })
	require.NoError(t, err)
	return g
}

func readFile(t *testing.T, o Options, file string) got {
	t.Helper()
	data, err := os.ReadFile("testdata/" + file)
	require.NoError(t, err)
	return readWith(t, o, file, string(data))
}

func at(s string) time.Time {
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return v
}

func ms(v float64) time.Duration { return time.Duration(v * float64(time.Millisecond)) }

// call builds an expected call; ttfb < 0 means unknown.
func call(received, endpoint string, status int, ttlb, ttfb time.Duration, bytes int64) kpi.Call {
	return kpi.Call{ReceivedAt: at(received), Endpoint: endpoint, Status: status, TTLB: ttlb, TTFB: max(ttfb, 0), HasTTFB: ttfb >= 0, ResponseBytes: bytes}
}

const unknown = -1

func requireCalls(t *testing.T, want []kpi.Call, g got) {
	t.Helper()
	require.Len(t, g.calls, len(want), "bad: %v", g.bad)
	for i := range want {
		w, c := want[i], g.calls[i]
		require.True(t, w.ReceivedAt.Equal(c.ReceivedAt), "call %d received_at: want %v, got %v", i, w.ReceivedAt.UTC(), c.ReceivedAt.UTC())
		w.ReceivedAt = c.ReceivedAt
		require.Equal(t, w, c, "call %d", i)
	}
}

func TestApache(t *testing.T) {
	g := readFile(t, Options{Format: "apache", LogFormat: "combined %D"}, "apache.log")
	requireCalls(t, []kpi.Call{
		// 13:55:36 +0200 = 11:55:36Z (%t is when the request was received);
		// %D 123456 us = 123.456 ms; query removed.
		call("2024-10-10T11:55:36Z", "GET /accounts/123/balances", 200, ms(123.456), unknown, 2326),
		// IPv6 client, %b "-" = 0 bytes, %D 2000001 us = 2000.001 ms.
		call("2024-10-10T11:55:37Z", "POST /payments", 201, ms(2000.001), unknown, 0),
		// A raw space and escaped quotes in the path are kept, decoded.
		call("2024-10-10T11:55:38Z", `GET /files/my report "v2".pdf`, 404, ms(0.512), unknown, 196),
		// \xc3\xa9 is é.
		call("2024-10-10T11:55:39Z", "GET /café", 200, 0, unknown, 0),
		// A proxy's 502 after 30 s stays a 502 (Apache cannot say whose);
		// 23:59:59 +0200 = 21:59:59Z.
		call("2024-10-10T21:59:59Z", "GET /accounts", 502, ms(30001.234), unknown, 341),
	}, g)
	require.Equal(t, []int{1, 2, 4, 5, 6}, g.lines)
	require.Equal(t, []string{
		"apache.log:7: %r: no request line",
		"apache.log:8: time: out of range",
		// The line ends after "200": 70 bytes read, the status field.
		`apache.log:9: does not match the log format after byte 70: want " "`,
	}, g.bad)
}

func TestApacheStrftimeNaive(t *testing.T) {
	// The netnea-style layout: a naive time with microseconds, in -log-tz.
	f := `%h [%{%Y-%m-%d %H:%M:%S}t.%{usec_frac}t] "%r" %>s %b %D`
	line := `192.168.1.1 [2015-05-20 12:53:11.139981] "GET /EMail/login.aspx?u=x HTTP/1.1" 200 7362 935006` + "\n"
	_, err := New(Options{Format: "apache", LogFormat: f})
	require.ErrorContains(t, err, "-log-tz is required")
	g := readWith(t, Options{Format: "apache", LogFormat: f, TZ: "+02:00"}, "x.log", line)
	// 12:53:11.139981 +02:00 = 10:53:11.139981Z; 935006 us = 935.006 ms.
	requireCalls(t, []kpi.Call{call("2015-05-20T10:53:11.139981Z", "GET /EMail/login.aspx", 200, ms(935.006), unknown, 7362)}, g)
	// An IANA zone: 2015-05-20 is summer time in Zurich, +02:00 again.
	g = readWith(t, Options{Format: "apache", LogFormat: f, TZ: "Europe/Zurich"}, "x.log", line)
	requireCalls(t, []kpi.Call{call("2015-05-20T10:53:11.139981Z", "GET /EMail/login.aspx", 200, ms(935.006), unknown, 7362)}, g)
	// %{end:...}t is the end: 12:00:01 - 1.5 s.
	g = readWith(t, Options{Format: "apache", LogFormat: `%{end:%d/%b/%Y:%H:%M:%S %z}t "%r" %>s %{ms}T`}, "x.log", `01/Jan/2024:12:00:01 +0000 "GET /a HTTP/1.1" 200 1500`)
	requireCalls(t, []kpi.Call{call("2024-01-01T11:59:59.5Z", "GET /a", 200, ms(1500), unknown, 0)}, g)
}

func TestApacheRefusals(t *testing.T) {
	for _, f := range []string{"", "combined", `LogFormat "%h %l %u %t \"%r\" %>s %b" common`} {
		_, err := New(Options{Format: "apache", LogFormat: f})
		require.Error(t, err)
		require.Contains(t, err.Error(), "%D", "format %q", f)
	}
	_, err := New(Options{Format: "apache", LogFormat: `LogFormat "%h %t \"%r\" %>s %b %D" kpi`})
	require.NoError(t, err)
	_, err = New(Options{Format: "apache", LogFormat: `%h %{%j}t "%r" %>s %D`})
	require.ErrorContains(t, err, "%j")
}

func TestNginx(t *testing.T) {
	o := Options{Format: "nginx", LogFormat: `log_format kpi '$remote_addr - $remote_user [$time_iso8601] "$request" $status $body_bytes_sent '
                   '"$http_user_agent" $request_time $upstream_response_time $upstream_header_time';`}
	g := readFile(t, o, "nginx.log")
	requireCalls(t, []kpi.Call{
		// nginx logs at the end: 13:55:36+02:00 - 0.120 s = 11:55:35.880Z.
		// TTFB = TTLB - (upstream response - upstream header)
		//      = 120 - (100 - 80) = 100 ms.
		call("2024-10-10T11:55:35.880Z", "GET /accounts/123/balances", 200, ms(120), ms(100), 2326),
		// 499: the client went away, no response. 13:55:40 - 5.001 s.
		call("2024-10-10T11:55:34.999Z", "POST /payments", 0, ms(5001), unknown, 0),
		// 504 with no upstream header: nginx gave up; 13:56:40 - 60.002 s.
		call("2024-10-10T11:55:39.998Z", "GET /accounts", 0, ms(60002), unknown, 160),
		// 504 that the upstream sent (it has a header time): kept.
		// TTFB = 50 - (40 - 40) = 50 ms; 13:57:00 - 0.050 s.
		call("2024-10-10T11:56:59.950Z", "GET /accounts", 504, ms(50), ms(50), 20),
		// Two attempts: the last one's times, TTFB = 300 - (150 - 120) =
		// 270 ms; 13:58:00 - 0.300 s.
		call("2024-10-10T11:57:59.700Z", "GET /products", 200, ms(300), ms(270), 512),
		// A raw space and \x22 (a quote) in the path; no upstream.
		call("2024-10-10T11:58:59.999Z", `GET /search/a b"c`, 404, ms(1), unknown, 0),
	}, g)
	require.Equal(t, []string{"nginx.log:7: $status: not a status"}, g.bad)
}

func TestNginxMsecAndRefusal(t *testing.T) {
	// $msec is epoch seconds with milliseconds, at the end.
	g := readWith(t, Options{Format: "nginx", LogFormat: `combined $request_time $msec`}, "x.log",
		`::1 - - [10/Oct/2024:13:55:36 +0200] "GET /a HTTP/1.1" 200 5 "-" "-" 0.250 1728561336.750`)
	// 1728561336 = 2024-10-10T11:55:36Z; .750 - .250 = .500.
	requireCalls(t, []kpi.Call{call("2024-10-10T11:55:36.5Z", "GET /a", 200, ms(250), unknown, 5)}, g)
	_, err := New(Options{Format: "nginx", LogFormat: "combined"})
	require.ErrorContains(t, err, "$request_time")
}

func TestHAProxy(t *testing.T) {
	_, err := New(Options{Format: "haproxy"})
	require.ErrorContains(t, err, "-log-tz is required")
	g := readFile(t, Options{Format: "haproxy", TZ: "+01:00"}, "haproxy.log")
	requireCalls(t, []kpi.Call{
		// 12:14:14.655 +01:00 + TR 10 ms = 11:14:14.665Z; TTLB = Ta - TR =
		// 109 - 10 = 99; TTFB = Tw + Tc + Tr = 0 + 30 + 69 = 99.
		call("2009-02-06T11:14:14.665Z", "GET /index.html", 200, ms(99), ms(99), 2750),
		// sH: the server timed out, HAProxy answered 504 itself: status 0.
		// 12:15:00.000 + 5 ms; 30006 - 5 = 30001; Tr -1: TTFB unknown.
		call("2009-02-06T11:15:00.005Z", "POST /payments", 0, ms(30001), unknown, 194),
		// CH, status -1: the client went away before the response.
		// 12:16:00.100 + 3 ms; 2503 - 3 = 2500.
		call("2009-02-06T11:16:00.103Z", "GET /accounts", 0, ms(2500), unknown, 0),
		// CD: the client went away during the body: the status stays.
		// 12:17:00 + 2 ms; 5042 - 2 = 5040; 0 + 1 + 40 = 41.
		call("2009-02-06T11:17:00.002Z", "GET /statements", 200, ms(5040), ms(41), 1024),
		// logasap "+31": 31 - 10 = 21; 0 + 1 + 20 = 21; #20 is a space,
		// #22 a quote.
		call("2009-02-06T11:19:00.010Z", `GET /a b"c`, 200, ms(21), ms(21), 77),
	}, g)
	require.Equal(t, []string{"haproxy.log:5: no request line (<BADREQ>)"}, g.bad)
}

func TestEnvoy(t *testing.T) {
	g := readFile(t, Options{Format: "envoy"}, "envoy.log")
	requireCalls(t, []kpi.Call{
		// The default format has no %RESPONSE_DURATION%: TTFB unknown.
		call("2024-10-10T11:55:36.310Z", "GET /accounts/1", 200, ms(120), unknown, 2326),
		// UT: upstream request timeout, Envoy's own 504: status 0.
		call("2024-10-10T11:56:00Z", "POST /payments", 0, ms(15001), unknown, 24),
		// Response code 0 (DC): no response.
		call("2024-10-10T11:57:00Z", "GET /accounts", 0, ms(2300), unknown, 0),
		// UH: Envoy's 503, answered at once: kept.
		call("2024-10-10T11:58:00Z", "GET /accounts", 503, 0, unknown, 19),
	}, g)
	require.Equal(t, []string{"envoy.log:5: no request method"}, g.bad)
}

func TestEnvoyDurations(t *testing.T) {
	f := `[%START_TIME%] "%REQ(:METHOD)% %REQ(:PATH)%" %RESPONSE_CODE% %RESPONSE_FLAGS% %BYTES_SENT% %REQUEST_DURATION% %RESPONSE_DURATION% %RESPONSE_TX_DURATION%`
	g := readWith(t, Options{Format: "envoy", LogFormat: f}, "x.log",
		`[2024-10-10T11:55:36.000Z] "POST /payments" 201 - 40 10 110 30`+"\n")
	// No %DURATION%: TTLB = RESPONSE_DURATION + RESPONSE_TX_DURATION =
	// 140 ms from the start; the request was whole 10 ms after the start,
	// so ReceivedAt = .010, TTLB = 130, TTFB = 110 - 10 = 100.
	requireCalls(t, []kpi.Call{call("2024-10-10T11:55:36.010Z", "POST /payments", 201, ms(130), ms(100), 40)}, g)

	j := `{"start": "%START_TIME%", "req": {"m": "%REQ(:METHOD)%", "p": "%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%"}, "code": "%RESPONSE_CODE%", "flags": "%RESPONSE_FLAGS%", "sent": "%BYTES_SENT%", "dur": "%DURATION%", "ttfb": "%RESPONSE_DURATION%", "ua": "%REQ(USER-AGENT)%"}`
	g = readWith(t, Options{Format: "envoy", LogFormat: j}, "x.log",
		`{"start":"2024-10-10T11:55:36.000Z","req":{"m":"GET","p":"/a?b=1"},"code":200,"flags":"-","sent":12,"dur":50,"ttfb":20,"ua":"curl"}`+"\n"+
			`{"start":"2024-10-10T11:55:37.000Z","req":{"m":"GET","p":"/a"},"code":504,"flags":"UT","sent":24,"dur":15000,"ttfb":null,"ua":null}`+"\n")
	requireCalls(t, []kpi.Call{
		call("2024-10-10T11:55:36Z", "GET /a", 200, ms(50), ms(20), 12),
		call("2024-10-10T11:55:37Z", "GET /a", 0, ms(15000), unknown, 24),
	}, g)
}

func TestALB(t *testing.T) {
	g := readFile(t, Options{Format: "alb"}, "alb.log")
	requireCalls(t, []kpi.Call{
		// ReceivedAt = request_creation_time; TTLB = time - creation =
		// 23:00.186641 - 22:48.364000 = 11.822641 s; TTFB = 0 + 1 + 0 ms.
		call("2018-07-02T22:22:48.364Z", "GET /", 200, ms(11822.641), ms(1), 366),
		// Target processing -1 and target status "-" with a 504: the
		// target did not answer: status 0. 23:31 - 23:01 = 30 s.
		call("2018-07-02T22:23:01Z", "GET /accounts/9/transactions", 0, ms(30000), unknown, 200),
		// 460: the client closed the connection: status 0; 0.5 s.
		call("2018-07-02T22:24:00Z", "POST /payments", 0, ms(500), unknown, 0),
		// An old line without request_creation_time: TTLB = the sum of
		// processing times = 1 ms, ReceivedAt = time - 1 ms.
		call("2016-08-10T22:08:42.944958Z", "GET /x", 200, ms(1), ms(1), 366),
	}, g)
	require.Equal(t, []string{"alb.log:5: no request method"}, g.bad)
}

func TestJSONLines(t *testing.T) {
	o := Options{Format: "json", Map: "received_at=time,method=req.method,path=req.uri,status=status,ttlb_ms=latency.total,ttfb_ms=latency.upstream,response_bytes=size"}
	g := readFile(t, o, "json.log")
	requireCalls(t, []kpi.Call{
		call("2024-10-10T11:55:36.5Z", "GET /accounts/1", 200, ms(12.5), ms(10), 100),
		// A CLF time (API Gateway's requestTime); \u00e9 is é, \" a quote,
		// \/ a slash; status as a string; -1 upstream: TTFB unknown.
		call("2024-10-10T11:55:37Z", `POST /payé "x"/y`, 201, ms(3), unknown, 0),
	}, g)
	require.Equal(t, []string{
		"json.log:3: " + errNoOffset,
		"json.log:4: no status",
		"json.log:5: not a JSON object",
	}, g.bad)
	// With -log-tz the naive time is read: 13:55:38 +02:00.
	o.TZ = "+02:00"
	g = readFile(t, o, "json.log")
	require.Len(t, g.calls, 3)
	require.True(t, g.calls[2].ReceivedAt.Equal(at("2024-10-10T11:55:38Z")))
}

func TestJSONKong(t *testing.T) {
	// Kong's file-log: started_at in epoch ms, latencies in ms.
	o := Options{Format: "json", Map: "received_at_unix_ms=started_at,method=request.method,path=request.uri,status=response.status,ttlb_ms=latencies.request,response_bytes=response.size"}
	g := readWith(t, o, "kong.log", `{"request":{"method":"GET","uri":"/accounts?x=1","size":80},"response":{"status":200,"size":934},"latencies":{"kong":2,"proxy":30,"request":33},"started_at":1728561336123}`)
	// 1728561336 s = 2024-10-10T11:55:36Z, .123.
	requireCalls(t, []kpi.Call{call("2024-10-10T11:55:36.123Z", "GET /accounts", 200, ms(33), unknown, 934)}, g)
}

func TestOptions(t *testing.T) {
	for _, o := range []Options{
		{Format: "xml"},
		{Format: "json"},
		{Format: "json", Map: "received_at=t,endpoint=e,status=s"},
		{Format: "json", Map: "received_at=t,endpoint=e,status=s,ttlb_ms=a,colour=c"},
		{Format: "csv", TZ: "+02:00"},
		{Format: "nginx", LogFormat: "combined $request_time", TZ: "Mars/Olympus"},
		{Format: "alb", Map: "a=b"},
		{Format: "haproxy", TZ: "Z", LogFormat: "%h"},
	} {
		_, err := New(o)
		require.Error(t, err, "%+v", o)
	}
	rd, err := New(Options{})
	require.NoError(t, err)
	require.Equal(t, "csv", rd.Format())
}

func TestReadAllocs(t *testing.T) {
	for _, tc := range benchCases {
		rd, err := New(tc.opts)
		require.NoError(t, err)
		in := bytes.NewReader(benchInput(tc.name, tc.line, 100))
		intern := make(daily.Interner).Intern
		n := 0
		onCall := func(*kpi.Call, int) { n++ }
		onBad := func(b daily.BadRow) { t.Fatalf("%s: %s", tc.name, b) }
		require.NoError(t, rd.Read(tc.name, in, intern, onCall, onBad))
		require.Equal(t, 100, n, tc.name)
		// Per line, nothing: the allocations of a Read are its buffers.
		data := benchInput(tc.name, tc.line, 1000)
		require.Equal(t, 100, n, tc.name)
		allocs := testing.AllocsPerRun(5, func() {
			in.Reset(data)
			_ = rd.Read(tc.name, in, intern, onCall, onBad)
		})
		require.Less(t, allocs, 20.0, tc.name)
	}
}
