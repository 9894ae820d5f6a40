package daily

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark/book"
)

// CSVHeader is daily.csv's header (examples/report/README.md "Output").
var CSVHeader = []string{
	"date", "endpoint", "calls", "responded", "status_2xx", "status_3xx", "status_4xx", "status_5xx",
	"no_response", "rejected", "errors_5xx", "error_rate_pct", "total_ttlb_ms", "avg_ttlb_ms",
	"max_ttlb_ms", "total_ttfb_ms", "avg_ttfb_ms", "total_response_bytes", "ms_per_mb", "downtime_s",
	"planned_downtime_s", "unplanned_downtime_s", "uptime_pct", "peak_tps", "max_pips",
}

// Places is the fractional digits of every decimal figure, rounded half
// away from zero.
const Places = 3

// U formats a count.
func U(v uint64) string { return strconv.FormatUint(v, 10) }

// AllEndpoints is the endpoint column of a day's interface row.
const AllEndpoints = "ALL"

// Endpoint returns the endpoint column of rw: its endpoint ID, or
// AllEndpoints on the interface row.
func Endpoint(rw *book.Row) string {
	if rw.Interface {
		return AllEndpoints
	}
	return rw.Endpoint
}

// Record returns the row's daily.csv fields.
func Record(rw *book.Row) []string {
	opt := func(ok bool, v uint64) string {
		if !ok {
			return ""
		}
		return U(v)
	}
	bytes := ""
	if rw.ResponseBytes != nil {
		bytes = rw.ResponseBytes.String()
	}
	return []string{
		rw.Date.String(), Endpoint(rw), U(rw.Calls), U(rw.Responded), U(rw.Status2xx), U(rw.Status3xx), U(rw.Status4xx),
		U(rw.Status5xx), U(rw.NoResponse), U(rw.Rejected), U(rw.Errors5xx), rw.ErrorRatePercent.Format(Places),
		rw.TotalTTLBMs.Format(Places), rw.AvgTTLBMs.Format(Places), rw.MaxTTLBMs.Format(Places),
		rw.TotalTTFBMs.Format(Places), rw.AvgTTFBMs.Format(Places), bytes, rw.MsPerMB.Format(Places),
		rw.DowntimeSeconds.Format(Places), rw.PlannedSeconds.Format(Places), rw.UnplannedSeconds.Format(Places),
		rw.UptimePercent.Format(Places), opt(rw.HasPeakTPS, rw.PeakTPS), opt(rw.HasMaxPIPS, rw.MaxPIPS),
	}
}

// WriteCSV writes daily.csv: the header, then the rows.
func WriteCSV(w io.Writer, rows []book.Row) error {
	recs := make([][]string, len(rows))
	for i := range rows {
		recs[i] = Record(&rows[i])
	}
	return WriteRecords(w, recs)
}

// dayCol is the first of the four availability columns of a record
// (downtime_s, planned_downtime_s, unplanned_downtime_s, uptime_pct).
const dayCol = 19

// SetDay sets the availability columns of rec, a Record, to day's: a row's
// other figures come from its state alone, so a distributed engine may
// compute them where the state is and account the day later.
func SetDay(rec []string, day *availability.Day, opts availability.Options) {
	copy(rec[dayCol:], []string{
		day.DowntimeSeconds().Format(Places), day.PlannedSeconds().Format(Places),
		day.UnplannedSeconds().Format(Places), day.UptimePercent(opts).Format(Places),
	})
}

// WriteRecords writes daily.csv from records: the header, then recs.
func WriteRecords(w io.Writer, recs [][]string) error {
	cw := csv.NewWriter(w)
	cw.Write(CSVHeader)
	cw.WriteAll(recs)
	cw.Flush()
	return cw.Error()
}
