package main

import (
	"io"
	"time"

	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

// Parsing, the per endpoint-day accumulators, the rows and the daily.csv
// writer live in examples/internal/daily, shared with the Beam pipeline
// (examples/beam) so that both write the same daily.csv from one
// implementation. These names keep the command's code and tests short.

type (
	scope = daily.Scope
	row   = daily.Row
)

const (
	places       = daily.Places
	allEndpoints = daily.AllEndpoints
)

var (
	dailyHeader = daily.CSVHeader
	errQuote    = daily.ErrQuote
)

func u(v uint64) string { return daily.U(v) }
func newRecordReader(r io.Reader) *daily.RecordReader {
	return daily.NewRecordReader(r)
}
func parseRFC3339(b []byte) (time.Time, error)    { return daily.ParseRFC3339(b) }
func parseMillis(b []byte) (time.Duration, error) { return daily.ParseMillis(b) }
func parseUint(b []byte) (int64, error)           { return daily.ParseUint(b) }
func writeDailyCSV(w io.Writer, rows []row) error {
	return daily.WriteCSV(w, rows)
}
