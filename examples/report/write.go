package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

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
		err = daily.WriteCSV(bw, r.rows())
	case "json":
		err = writeJSON(bw, r)
	case "html":
		err = writeHTML(bw, r)
	case formatCDR:
		err = writeCDRMetrics(bw, r)
	case formatOFB:
		err = writeOFBMetrics(bw, r)
	case formatUKMI:
		err = writeUKMI(bw, r)
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
		"daily.csv": func(w io.Writer) error { return daily.WriteCSV(w, r.rows()) },
	}
	if cfg.format == "json" {
		files["report.json"] = func(w io.Writer) error { return writeJSON(w, r) }
	}
	if cfg.format == "text" {
		files["report.txt"] = func(w io.Writer) error { return writeText(w, r) }
	}
	if cfg.format == "html" {
		files["dashboard.html"] = func(w io.Writer) error { return writeHTML(w, r) }
	}
	if name, fn := regimeFile(cfg, r); fn != nil {
		files[name] = fn
	}
	if cfg.Rules == "cbb" {
		files["cbb_sheet1_performance_availability.csv"] = func(w io.Writer) error { return writeCBBSheet1(w, r) }
		files["cbb_sheet5_daily_volumes.csv"] = func(w io.Writer) error { return writeCBBSheet5(w, r) }
		if m := r.monthly; m != nil && m.hasConsents {
			files["cbb_sheet2_authentication.csv"] = func(w io.Writer) error { return writeCBBSheet2(w, r) }
		}
		if m := r.monthly; m != nil && m.hasUsers {
			files["cbb_sheet3_user_volumes.csv"] = func(w io.Writer) error { return writeCBBSheet3(w, r) }
		}
		if m := r.monthly; m != nil && m.hasTPPs {
			files["cbb_sheet4_tpp_volumes.csv"] = func(w io.Writer) error { return writeCBBSheet4(w, r) }
		}
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
