package daily

import (
	"encoding/csv"
	"io"
	"strconv"

	"github.com/openfinance-kpi/kpi/availability"
)

// CSVHeader is daily.csv's header (REPORT-CONTRACT.md "Output").
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

// Record returns the row's daily.csv fields.
func (rw *Row) Record() []string {
	opt := func(ok bool, v uint64) string {
		if !ok {
			return ""
		}
		return U(v)
	}
	bytes := ""
	if rw.Bytes != nil {
		bytes = rw.Bytes.String()
	}
	return []string{
		rw.Date.String(), rw.Endpoint, U(rw.Calls), U(rw.Responded), U(rw.S2xx), U(rw.S3xx), U(rw.S4xx),
		U(rw.S5xx), U(rw.NoResp), U(rw.Rejected), U(rw.Errors5xx), rw.ErrorRate.Format(Places),
		rw.TotalTTLB.Format(Places), rw.AvgTTLB.Format(Places), rw.MaxTTLB.Format(Places),
		rw.TotalTTFB.Format(Places), rw.AvgTTFB.Format(Places), bytes, rw.MsPerMB.Format(Places),
		rw.Downtime.Format(Places), rw.Planned.Format(Places), rw.Unplanned.Format(Places),
		rw.Uptime.Format(Places), opt(rw.HasPeak, rw.PeakTPS), opt(rw.HasPIPS, rw.MaxPIPS),
	}
}

// WriteCSV writes daily.csv: the header, then the rows.
func WriteCSV(w io.Writer, rows []Row) error {
	recs := make([][]string, len(rows))
	for i := range rows {
		recs[i] = rows[i].Record()
	}
	return WriteRecords(w, recs)
}

// dayCol is the first of the four availability columns of a record
// (downtime_s, planned_downtime_s, unplanned_downtime_s, uptime_pct).
const dayCol = 19

// SetDay sets the availability columns of rec, a Record, to day's: a row's
// other figures come from its scope alone, so a distributed engine may
// compute them where the scope is and account the day later.
func SetDay(rec []string, day *availability.Day, opts availability.Options) {
	var rw Row
	rw.setDay(day, opts)
	copy(rec[dayCol:], rw.Record()[dayCol:dayCol+4])
}

// WriteRecords writes daily.csv from records: the header, then recs.
func WriteRecords(w io.Writer, recs [][]string) error {
	cw := csv.NewWriter(w)
	cw.Write(CSVHeader)
	cw.WriteAll(recs)
	cw.Flush()
	return cw.Error()
}
