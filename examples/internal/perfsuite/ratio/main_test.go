package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRatio(t *testing.T) {
	in := `goos: linux
BenchmarkIngest/impl=baseline-2   100  2.0 ns/op  0 B/op  0 allocs/op
BenchmarkIngest/impl=baseline-2   100  4.0 ns/op  0 B/op  0 allocs/op
BenchmarkIngest/impl=baseline-2   100  3.0 ns/op  0 B/op  0 allocs/op
BenchmarkIngest/impl=kpi-2        100  30.0 ns/op  0 B/op  0 allocs/op
BenchmarkIngest/impl=kpi-2        100  36.0 ns/op  0 B/op  0 allocs/op
BenchmarkPipeline/impl=kpi        1    900000000 ns/op  1100000 rows/s  40 B/op  3 allocs/op
BenchmarkPipeline/impl=kpi        1    800000000 ns/op  1250000 rows/s  40 B/op  3 allocs/op
BenchmarkPipeline/impl=kpi        1    1000000000 ns/op  1000000 rows/s  40 B/op  3 allocs/op
BenchmarkRetained-2               10   5 ns/op  4096 B/endpoint-day
`
	var out bytes.Buffer
	require.NoError(t, run(strings.NewReader(in), &out))
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 4, out.String())
	// median kpi 33 / median baseline 3 = 11x
	require.Regexp(t, `Ingest\s+kpi\s+33\s+3.00\s+11.0x\s+0\s+0\s+2`, lines[1])
	// rows/s: median 1,100,000 of 1,000,000, 1,100,000 and 1,250,000
	require.Regexp(t, `Pipeline\s+kpi\s+900000000\s+-\s+-\s+40\s+3\s+1100000 \[1000000-1250000\] rows/s\s+3`, lines[2])
	require.Regexp(t, `Retained\s+kpi\s+5\s+-\s+-\s+-\s+-\s+4096 B/endpoint-day`, lines[3])
	require.Error(t, run(strings.NewReader("nothing"), &out))
}
