package main

import (
	"bytes"
	"io"
	"sync"
	"testing"

	"github.com/openfinance-kpi/kpi/examples/internal/callgen"
	"github.com/stretchr/testify/require"
)

var (
	benchOnce sync.Once
	benchCSV  []byte
)

const benchRows = 1_000_000

// BenchmarkPipeline runs the whole report (parse, validate, accumulate,
// availability, rows, daily.csv) on a generated 1,000,000-row CSV held in
// memory. Issue targets: at least 1,000,000 rows/s on one core, at most
// 100 B allocated per row. Run with -cpu 1 for the one-core figure:
//
//	go test ./examples/report -run '^$' -bench Pipeline -cpu 1 -count 5
func BenchmarkPipeline(b *testing.B) {
	benchOnce.Do(func() {
		var buf bytes.Buffer
		require.NoError(b, callgen.Write(&buf, callgen.Bench(benchRows)))
		benchCSV = buf.Bytes()
	})
	cfg, err := parseFlags([]string{"-rules", "cbuae", "-tz", "UTC", "-format", "csv"}, io.Discard)
	require.NoError(b, err)
	cfg.sources = []source{{name: "bench.csv", open: func() (io.ReadCloser, error) {
		return io.NopCloser(bytes.NewReader(benchCSV)), nil
	}}}
	b.SetBytes(int64(len(benchCSV)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rep, err := build(cfg)
		if err != nil {
			b.Fatal(err)
		}
		if err := writeDailyCSV(io.Discard, rep.rows); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)*benchRows/b.Elapsed().Seconds(), "rows/s")
}
