package accesslog

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

// benchCases are one typical line per format (the call each one gives is
// the same: GET on one of a few endpoints, 200, about 120 ms, 2,326 bytes)
// and the calls CSV row of that call, the baseline.
var benchCases = []struct {
	name string
	opts Options
	line string
}{
	{"csv", Options{Format: "csv"}, "2024-10-10T11:55:36.123+02:00,GET /accounts/%d/balances,200,,120.5,2326"},
	{"apache", Options{Format: "apache", LogFormat: "combined %D"},
		`192.0.2.10 - - [10/Oct/2024:13:55:36 +0200] "GET /accounts/%d/balances?from=2024-01-01 HTTP/1.1" 200 2326 "https://tpp.example/" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36" 120500`},
	{"nginx", Options{Format: "nginx", LogFormat: "combined $request_time $upstream_response_time $upstream_header_time"},
		`192.0.2.10 - - [10/Oct/2024:13:55:36 +0200] "GET /accounts/%d/balances?from=2024-01-01 HTTP/1.1" 200 2326 "https://tpp.example/" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36" 0.120 0.100 0.080`},
	{"haproxy", Options{Format: "haproxy", TZ: "+02:00"},
		`Oct 10 13:55:36 lb1 haproxy[14389]: 192.0.2.10:33317 [10/Oct/2024:13:55:36.003] https-in~ api/srv1 10/0/1/69/130 200 2326 - - ---- 1/1/1/1/0 0/0 "GET /accounts/%d/balances?from=2024-01-01 HTTP/1.1"`},
	{"envoy", Options{Format: "envoy"},
		`[2024-10-10T11:55:36.123Z] "GET /accounts/%d/balances?from=2024-01-01 HTTP/1.1" 200 - 0 2326 120 110 "192.0.2.10" "Mozilla/5.0 (X11; Linux x86_64)" "c8a3e0e2-1d1b-4f4e-9e1b-8f3c1a2b3c4d" "api.example" "10.0.0.5:8080"`},
	{"alb", Options{Format: "alb"},
		`https 2024-10-10T11:55:36.243641Z app/my-loadbalancer/50dc6c495c0c9188 192.0.2.10:2817 10.0.0.1:80 0.001 0.118 0.001 200 200 340 2326 "GET https://api.example.com:443/accounts/%d/balances?from=2024-01-01 HTTP/1.1" "Mozilla/5.0 (X11; Linux x86_64)" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "Root=1-58337262-36d228ad5d99923122bbe354" "api.example.com" "arn:aws:acm:us-east-2:123456789012:certificate/12345678" 0 2024-10-10T11:55:36.123000Z "forward" "-" "-" "10.0.0.1:80" "200" "-" "-"`},
	{"json", Options{Format: "json", Map: "received_at=time,method=req.method,path=req.uri,status=status,ttlb_ms=latency.total,ttfb_ms=latency.upstream,response_bytes=size"},
		`{"time":"2024-10-10T11:55:36.123Z","req":{"method":"GET","uri":"/accounts/%d/balances?from=2024-01-01","ua":"Mozilla/5.0 (X11; Linux x86_64)"},"status":200,"latency":{"total":120.5,"upstream":100},"size":2326,"id":"c8a3e0e2"}`},
}

func init() {
	for i := range benchCases { // one endpoint in TestReadAllocs
		benchCases[i].line = fmt.Sprintf(benchCases[i].line, 1)
	}
}

// benchInput is n lines of a case (the CSV with its header), over 16
// endpoints so that interning is exercised as in a real log.
func benchInput(name, line string, n int) []byte {
	var b bytes.Buffer
	if name == "csv" {
		b.WriteString("received_at,endpoint,status,ttfb_ms,ttlb_ms,response_bytes\n")
	}
	i := bytes.Index([]byte(line), []byte("/accounts/1/"))
	for k := range n {
		fmt.Fprintf(&b, "%s/accounts/%d/%s\n", line[:i], k%16, line[i+len("/accounts/1/"):])
	}
	return b.Bytes()
}

// BenchmarkRead reads 100,000 lines of each format, and of the calls CSV
// as the baseline (daily.ReadCalls on the rows of the same calls), in the
// same run. rows/s is reported; the target is at least 1,000,000 rows/s
// on one core:
//
//	go test ./examples/internal/accesslog -run '^$' -bench Read -cpu 1
func BenchmarkRead(b *testing.B) {
	const n = 100_000
	for _, tc := range benchCases {
		b.Run(tc.name, func(b *testing.B) {
			rd, err := New(tc.opts)
			if err != nil {
				b.Fatal(err)
			}
			data := benchInput(tc.name, tc.line, n)
			intern := make(daily.Interner).Intern
			calls := 0
			onCall := func(*kpi.Call, int) { calls++ }
			onBad := func(r daily.BadRow) { b.Fatal(r) }
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if err := rd.Read(tc.name, bytes.NewReader(data), intern, onCall, onBad); err != nil {
					b.Fatal(err)
				}
			}
			if calls != n*b.N {
				b.Fatalf("%d calls, want %d", calls, n*b.N)
			}
			b.ReportMetric(float64(calls)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
