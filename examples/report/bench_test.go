package main

import (
	"bytes"
	"io"
	"sync"
	"testing"

	"github.com/openfinance-kpi/kpi/examples/internal/callgen"
	"github.com/openfinance-kpi/kpi/examples/internal/perfsuite"
	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

var (
	benchOnce sync.Once
	benchCSV  []byte
)

// benchRows asks callgen for 1,000,000 calls: 142,857 a day for 7 days,
// 999,999 rows. rows/s counts the rows each side actually read.
const benchRows = 1_000_000

// benchLines is the number of data rows in benchInput: its lines, less
// the header.
func benchLines(data []byte) int { return bytes.Count(data, []byte("\n")) - 1 }

func benchInput(b *testing.B) []byte {
	benchOnce.Do(func() {
		var buf bytes.Buffer
		require.NoError(b, callgen.Write(&buf, callgen.Bench(benchRows)))
		benchCSV = buf.Bytes()
	})
	return benchCSV
}

// BenchmarkPipeline runs the whole report (parse, validate, accumulate,
// availability, rows, daily.csv) on a generated 1,000,000-row CSV held in
// memory (impl=kpi), beside the baseline on the same bytes
// (impl=baseline: perfsuite.CSVBaseline, a hand-written parse of each row
// into a 48-byte record followed by the plain count/sum/max/5xx loop per
// endpoint; parse + loop, no validation, no days, no availability). Issue
// 8's target: at least 1,000,000 rows/s on one core (B/op and allocs/op
// are reported, not targets). Run with -cpu 1 for the one-core figure, and
// enough iterations per sample (one takes about half a second):
//
//	go test ./examples/report -run '^$' -bench Pipeline -cpu 1 -benchtime 5x -count 6
//
// or the whole suite with examples/internal/perfsuite/run.sh.
func BenchmarkPipeline(b *testing.B) {
	b.Run("impl=baseline", func(b *testing.B) {
		data := benchInput(b)
		eps := callgen.Bench(benchRows).Endpoints
		ids := make([]string, len(eps))
		for i, e := range eps {
			ids[i] = e.ID
		}
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		rows := 0
		for b.Loop() {
			cb := perfsuite.NewCSVBaseline(ids)
			if err := cb.Read(data); err != nil {
				b.Fatal(err)
			}
			rows += cb.Rows
		}
		if want := b.N * benchLines(data); rows != want {
			b.Fatalf("read %d rows, the input has %d", rows, want)
		}
		b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
	})
	b.Run("impl=kpi", func(b *testing.B) {
		data := benchInput(b)
		cfg, err := parseFlags([]string{"-rules", "cbuae", "-tz", "UTC", "-format", "csv"}, io.Discard)
		require.NoError(b, err)
		cfg.sources = []source{bytesSource("bench.csv", data)} // read in pieces on more than one core
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		rows := 0
		for b.Loop() {
			rep, err := build(cfg)
			if err != nil {
				b.Fatal(err)
			}
			if err := daily.WriteCSV(io.Discard, rep.rows()); err != nil {
				b.Fatal(err)
			}
			rows += int(rep.res.Calls) + rep.badRows // every row read: calls and skipped rows
		}
		if want := b.N * benchLines(data); rows != want {
			b.Fatalf("read %d rows, the input has %d", rows, want)
		}
		b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
	})
}
