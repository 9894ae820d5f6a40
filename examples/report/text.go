package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

// writeText writes the report for people: a table per day (each endpoint
// and ALL), the benchmark verdicts, the outages with their evidence.
func writeText(w io.Writer, r *report) error {
	cfg := r.cfg
	fmt.Fprintf(w, "Open-finance KPI report: rules %s (%s), zone %s\n", cfg.Rules, cfg.Profile.Name, cfg.Cal.Location())
	res := r.res
	fmt.Fprintf(w, "Input: %s; %d calls", strings.Join(r.files, ", "), res.Calls)
	if res.Calls > 0 {
		fmt.Fprintf(w, ", %s to %s; observation end %s", res.First, res.Last, res.AsOf.In(cfg.Cal.Location()).Format(time.RFC3339))
	}
	fmt.Fprintln(w)
	if r.badRows > len(r.bad) {
		fmt.Fprintf(w, "Skipped %d bad row(s) (-lenient); the first %d are listed on stderr.\n", r.badRows, len(r.bad))
	} else if r.badRows > 0 {
		fmt.Fprintf(w, "Skipped %d bad row(s) (-lenient); they are listed on stderr.\n", r.badRows)
	}
	if res.Calls == 0 {
		fmt.Fprintln(w, "No valid call: nothing to report.")
		return nil
	}
	rows := res.Rows
	for start := 0; start < len(rows); {
		d := rows[start].Date
		end := start
		for end < len(rows) && rows[end].Date == d {
			end++
		}
		fmt.Fprintf(w, "\n%s (%s)\n", d, d.Weekday())
		width := 0
		for i := range rows[start:end] {
			width = max(width, len(daily.IDText(daily.Endpoint(&rows[start+i]))))
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "%-*s\tcalls\t4xx\t5xx\tno resp\terr %%\tavg ttlb ms\tmax ttlb ms\tdown s\tplanned s\tuptime %%\tpeak tps\tpips\t\n", width, "endpoint")
		for i := range rows[start:end] {
			rw := &rows[start+i]
			pips := "-"
			if rw.HasMaxPIPS {
				pips = daily.U(rw.MaxPIPS)
			}
			fmt.Fprintf(tw, "%-*s\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", width, daily.IDText(daily.Endpoint(rw)), rw.Calls, rw.Status4xx, rw.Status5xx, rw.NoResponse,
				dash(rw.ErrorRatePercent.Format(places)), dash(rw.AvgTTLBMs.Format(places)), dash(rw.MaxTTLBMs.Format(places)),
				rw.DowntimeSeconds.Format(places), rw.PlannedSeconds.Format(places), rw.UptimePercent.Format(places),
				dash(fmtOpt(rw.HasPeakTPS, rw.PeakTPS)), pips)
		}
		tw.Flush()
		start = end
	}
	writeFindingsText(w, r)
	writeOutagesText(w, r)
	return nil
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func fmtOpt(ok bool, v uint64) string {
	if !ok {
		return ""
	}
	return daily.U(v)
}

// places is the fractional digits of every decimal figure.
const places = daily.Places

// evidence names the row behind a call ID (source<<32 | line).
func (r *report) evidence(e availability.Evidence) string {
	switch e.Kind {
	case availability.Call:
		name, line := r.sourceLine(e.ID)
		return fmt.Sprintf("%s:%d at %s", name, line, e.At.In(r.cfg.Cal.Location()).Format("2006-01-02T15:04:05.000"))
	case availability.ObservationEnd:
		return "the observation end (still down)"
	}
	return e.Kind.String()
}

func writeOutagesText(w io.Writer, r *report) {
	loc := r.cfg.Cal.Location()
	fmt.Fprintf(w, "\nOutages derived from calls (%s): %d\n", ruleName(r.cfg), len(r.res.Outages))
	for _, o := range r.res.Outages {
		flags := ""
		if o.Ongoing {
			flags += " ONGOING"
		}
		if o.Idle {
			flags += " (no traffic for a while: a monitoring call would have closed it sooner)"
		}
		fmt.Fprintf(w, "  %s  %s -> %s  %s s%s\n", daily.IDText(o.Endpoint), o.Start.In(loc).Format("2006-01-02T15:04:05.000"),
			o.End.In(loc).Format("2006-01-02T15:04:05.000"), o.Seconds().Format(places), flags)
		fmt.Fprintf(w, "      opened by %s\n      closed by %s\n", r.evidence(o.Opened), r.evidence(o.Closed))
		if d0, d1 := r.cfg.Cal.DateOf(o.Start), r.cfg.Cal.DateOf(o.End.Add(-time.Nanosecond)); d1 > d0 {
			fmt.Fprintf(w, "      split at local midnight: counted on %s to %s\n", d0, d1)
		}
	}
	if len(r.planned) > 0 {
		fmt.Fprintf(w, "Planned windows (downtime, counted as planned): %d\n", len(r.planned))
		for _, p := range r.planned {
			ep := daily.IDText(p.Endpoint)
			if ep == "" {
				ep = "every endpoint"
			}
			fmt.Fprintf(w, "  %s  %s -> %s  %s\n", ep, p.Start.In(loc).Format(time.RFC3339), p.End.In(loc).Format(time.RFC3339), p.End.Sub(p.Start))
		}
	}
}

func ruleName(cfg *config) string {
	if cfg.Profile.Availability.Rule == availability.Consecutive {
		return "AV-CONSEC, five unanswered within 30 s"
	}
	return "AV-CLOCK, first failure to next success"
}
