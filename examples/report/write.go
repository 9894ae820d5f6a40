package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
)

// dailyHeader is daily.csv's header (REPORT-CONTRACT.md "Output").
var dailyHeader = []string{
	"date", "endpoint", "calls", "responded", "status_2xx", "status_3xx", "status_4xx", "status_5xx",
	"no_response", "rejected", "errors_5xx", "error_rate_pct", "total_ttlb_ms", "avg_ttlb_ms",
	"max_ttlb_ms", "total_ttfb_ms", "avg_ttfb_ms", "total_response_bytes", "ms_per_mb", "downtime_s",
	"planned_downtime_s", "unplanned_downtime_s", "uptime_pct", "peak_tps", "max_pips",
}

const places = 3 // every decimal figure: 3 places, half away from zero

func u(v uint64) string { return strconv.FormatUint(v, 10) }

func (rw *row) record() []string {
	opt := func(ok bool, v uint64) string {
		if !ok {
			return ""
		}
		return u(v)
	}
	bytes := ""
	if rw.bytes != nil {
		bytes = rw.bytes.String()
	}
	return []string{
		rw.date.String(), rw.endpoint, u(rw.calls), u(rw.responded), u(rw.s2xx), u(rw.s3xx), u(rw.s4xx),
		u(rw.s5xx), u(rw.noResp), u(rw.rejct), u(rw.errors5xx), rw.errorRate.Format(places),
		rw.totalTTLB.Format(places), rw.avgTTLB.Format(places), rw.maxTTLB.Format(places),
		rw.totalTTFB.Format(places), rw.avgTTFB.Format(places), bytes, rw.msPerMB.Format(places),
		rw.downtime.Format(places), rw.planned.Format(places), rw.unplanned.Format(places),
		rw.uptime.Format(places), opt(rw.hasPeak, rw.peakTPS), opt(rw.hasPIPS, rw.maxPIPS),
	}
}

func writeDailyCSV(w io.Writer, rows []row) error {
	cw := csv.NewWriter(w)
	cw.Write(dailyHeader)
	for i := range rows {
		cw.Write(rows[i].record())
	}
	cw.Flush()
	return cw.Error()
}

// write writes the report in cfg.format to stdout, or daily.csv (and the
// CBB sheets) into cfg.out.
func write(cfg *config, r *report, stdout io.Writer) error {
	if cfg.out != "" {
		return writeDir(cfg, r)
	}
	bw := bufio.NewWriter(stdout)
	var err error
	switch cfg.format {
	case "csv":
		err = writeDailyCSV(bw, r.rows)
	case "json":
		err = writeJSON(bw, r)
	default:
		err = writeText(bw, r)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

func writeDir(cfg *config, r *report) error {
	if err := os.MkdirAll(cfg.out, 0o755); err != nil {
		return err
	}
	files := map[string]func(io.Writer) error{
		"daily.csv": func(w io.Writer) error { return writeDailyCSV(w, r.rows) },
	}
	if cfg.format == "json" {
		files["report.json"] = func(w io.Writer) error { return writeJSON(w, r) }
	}
	if cfg.format == "text" {
		files["report.txt"] = func(w io.Writer) error { return writeText(w, r) }
	}
	if cfg.rules == "cbb" {
		files["cbb_sheet1_performance_availability.csv"] = func(w io.Writer) error { return writeCBBSheet1(w, r) }
		files["cbb_sheet5_daily_volumes.csv"] = func(w io.Writer) error { return writeCBBSheet5(w, r) }
	}
	for name, fn := range files {
		f, err := os.Create(filepath.Join(cfg.out, name))
		if err != nil {
			return err
		}
		bw := bufio.NewWriter(f)
		err = fn(bw)
		if err == nil {
			err = bw.Flush()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
	}
	return nil
}
