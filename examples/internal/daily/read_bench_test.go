package daily

import (
	"bytes"
	"sync"
	"testing"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/examples/internal/callgen"
)

var (
	readBenchOnce sync.Once
	readBenchCSV  []byte
)

// readBenchInput is callgen's benchmark week of 200,000 calls as CSV.
func readBenchInput(b *testing.B) []byte {
	readBenchOnce.Do(func() {
		var buf bytes.Buffer
		if err := callgen.Write(&buf, callgen.Bench(200_000)); err != nil {
			b.Fatal(err)
		}
		readBenchCSV = buf.Bytes()
	})
	return readBenchCSV
}

// BenchmarkReadCalls is the report's reading alone: CSV records
// (RecordReader), fields parsed and checked (ParseRow), endpoints
// interned; no book. ns/op is per pass; rows/s counts the rows read.
//
//	go test ./examples/internal/daily -run '^$' -bench ReadCalls -cpu 1 -count 6
func BenchmarkReadCalls(b *testing.B) {
	data := readBenchInput(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	rows := 0
	for b.Loop() {
		strs := NewStrings()
		err := ReadCalls("bench.csv", bytes.NewReader(data), strs.Intern,
			func(c *kpi.Call, line int) { rows++ },
			func(BadRow) { b.Fatal("bad row") })
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkRecordReader is the CSV splitting alone (RecordReader.Read
// over the same input). rows/s counts the records.
func BenchmarkRecordReader(b *testing.B) {
	data := readBenchInput(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	rows := 0
	for b.Loop() {
		rr := NewRecordReader(bytes.NewReader(data))
		for {
			_, _, err := rr.Read()
			if err != nil {
				break
			}
			rows++
		}
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkSplitUnquoted is the field split alone over the lines of the
// same input (no line search, no reader). rows/s counts the lines.
func BenchmarkSplitUnquoted(b *testing.B) {
	lines := bytes.Split(bytes.TrimSuffix(readBenchInput(b), []byte("\n")), []byte("\n"))
	b.ReportAllocs()
	var fields [][]byte
	rows := 0
	for b.Loop() {
		for _, l := range lines {
			fields, _ = splitUnquoted(fields[:0], l)
		}
		rows += len(lines)
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}
