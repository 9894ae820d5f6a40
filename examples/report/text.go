package main

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/openfinance-kpi/kpi"
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
	writeChecksText(w, r.checks())
	if res.Calls == 0 {
		fmt.Fprintln(w, "No valid call: nothing to report.")
		return nil
	}
	unobserved := map[kpi.Date]bool{}
	for _, d := range res.Days("") {
		if !d.Observed() {
			unobserved[d.Date] = true
		}
	}
	rows := res.Rows
	for start := 0; start < len(rows); {
		d := rows[start].Date
		end := start
		for end < len(rows) && rows[end].Date == d {
			end++
		}
		mark := ""
		if unobserved[d] {
			mark = "  UNOBSERVED: no call and no monitoring (AV-EVIDENCE-2)"
		}
		fmt.Fprintf(w, "\n%s (%s)%s\n", d, d.Weekday(), mark)
		width := 0
		labels := make([]string, end-start)
		for i := range rows[start:end] {
			labels[i] = r.ids.label(daily.Endpoint(&rows[start+i]))
			width = max(width, utf8.RuneCountInString(labels[i]))
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintf(tw, "%-*s\tcalls\t4xx\t5xx\tno resp\terr %%\tavg ttlb ms\tmax ttlb ms\tdown s\tplanned s\tuptime %%\tpeak tps\tpips\t\n", width, "endpoint")
		for i := range rows[start:end] {
			rw := &rows[start+i]
			pips := "-"
			if rw.HasMaxPIPS {
				pips = daily.U(rw.MaxPIPS)
			}
			fmt.Fprintf(tw, "%-*s\t%d\t%d\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", width, labels[i], rw.Calls, rw.Status4xx, rw.Status5xx, rw.NoResponse,
				dash(rw.ErrorRatePercent.Format(places)), dash(rw.AvgTTLBMs.Format(places)), dash(rw.MaxTTLBMs.Format(places)),
				rw.DowntimeSeconds.Format(places), rw.PlannedSeconds.Format(places), rw.UptimePercent.Format(places),
				dash(fmtOpt(rw.HasPeakTPS, rw.PeakTPS)), pips)
		}
		tw.Flush()
		r.ids.flush(w)
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
	fmt.Fprintf(w, "\nOutages derived from calls (%s): %d\n", ruleName(r.cfg), r.res.NumOutages())
	for o := range r.res.Outages() {
		flags := ""
		if o.Ongoing {
			flags += " ONGOING"
		}
		if o.Idle {
			flags += " (no traffic for a while: a monitoring call would have closed it sooner)"
		}
		if n := r.unobservedDays(&o); n > 0 {
			flags += fmt.Sprintf(" (over %d unobserved day(s))", n)
		}
		fmt.Fprintf(w, "  %s  %s -> %s  %s s%s\n", r.ids.label(o.Endpoint), o.Start.In(loc).Format("2006-01-02T15:04:05.000"),
			o.End.In(loc).Format("2006-01-02T15:04:05.000"), o.Seconds().Format(places), flags)
		fmt.Fprintf(w, "      opened by %s\n      closed by %s\n", r.evidence(o.Opened), r.evidence(o.Closed))
		r.ids.flush(w)
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

// maxIDWidth is the widest endpoint ID the text output writes in a table
// cell or a listing line, in runes (after daily.IDText). A longer ID is
// cut to a prefix ending in "...[n]", and written whole once, as "[n] ID"
// under the first table or line that uses it: so the output grows with
// the input, not with the longest ID times the rows (each row used to be
// padded to the day's longest ID).
const maxIDWidth = 64

// idLabels gives the text label of each endpoint ID (see maxIDWidth).
type idLabels struct {
	num     map[string]int // long IDs by their note's number
	pending []string       // notes not yet written
}

func (l *idLabels) label(id string) string {
	s := daily.IDText(id)
	if utf8.RuneCountInString(s) <= maxIDWidth {
		return s
	}
	n, ok := l.num[id]
	if !ok {
		if l.num == nil {
			l.num = make(map[string]int)
		}
		n = len(l.num) + 1
		l.num[id] = n
		l.pending = append(l.pending, fmt.Sprintf("  [%d] %s", n, s))
	}
	mark := fmt.Sprintf("...[%d]", n)
	cut, runes := 0, 0
	for cut < len(s) && runes < maxIDWidth-len(mark) {
		_, size := utf8.DecodeRuneInString(s[cut:])
		cut += size
		runes++
	}
	return s[:cut] + mark
}

// flush writes the notes of the long IDs labelled since the last flush.
func (l *idLabels) flush(w io.Writer) {
	for _, n := range l.pending {
		fmt.Fprintln(w, n)
	}
	l.pending = l.pending[:0]
}

func ruleName(cfg *config) string {
	if cfg.Profile.Availability.Rule == availability.Consecutive {
		return "AV-CONSEC, five unanswered within 30 s"
	}
	return "AV-CLOCK, first failure to next success"
}

// maxListed is how many items of one input check the text lists; the rest
// are counted on a line of their own (JSON lists them all).
const maxListed = 20

// writeChecksText writes the "Input checks" section: before any table, so
// that a reader sees what looks wrong in the input before any verdict.
func writeChecksText(w io.Writer, ws []warning) {
	if len(ws) == 0 {
		return
	}
	fmt.Fprintf(w, "\nInput checks (%d):\n", len(ws))
	for _, c := range ws {
		writeCheck(w, c, "  ! ", "      ")
	}
}

// busiestFirst returns counts (in their order) when there are at most n;
// otherwise the n with the most calls, busiest first (ties in the order
// given). A page or a list for people shows these of a log of raw paths.
func busiestFirst(counts []kpi.EndpointCount, n int) []kpi.EndpointCount {
	if len(counts) <= n {
		return counts
	}
	counts = slices.Clone(counts)
	slices.SortStableFunc(counts, func(a, b kpi.EndpointCount) int { return cmp.Compare(b.Calls, a.Calls) })
	return counts[:n]
}

// writeCheck writes one input check: its message after head, then the
// first maxListed endpoints or names it lists, each after indent, and how
// many more there are (a log of raw paths lists a million). Endpoints
// past maxListed are cut to the busiest (most calls, then by name), in
// that order: the ones a reader of a log of raw paths looks for first.
func writeCheck(w io.Writer, c warning, head, indent string) {
	fmt.Fprintf(w, "%s%s\n", head, c.Message)
	counts := busiestFirst(c.Counts, maxListed)
	n := 0
	for _, ec := range counts {
		if n == maxListed {
			break
		}
		fmt.Fprintf(w, "%s%s  %d call(s)\n", indent, daily.IDText(ec.Endpoint), ec.Calls)
		n++
	}
	for _, name := range c.Names {
		if n == maxListed {
			break
		}
		fmt.Fprintf(w, "%s%s\n", indent, name)
		n++
	}
	if more := len(c.Counts) + len(c.Names) - n; more > 0 {
		fmt.Fprintf(w, "%s... and %d more (all of them in -format json)\n", indent, more)
	}
}

// unobservedDays counts the unobserved days (AV-EVIDENCE-2) of o's scope
// that o covers.
func (r *report) unobservedDays(o *availability.Outage) int {
	cal := r.cfg.Cal
	n := 0
	for d := cal.DateOf(o.Start); d <= cal.DateOf(o.End.Add(-time.Nanosecond)); d++ {
		if day, ok := r.res.Day(o.Endpoint, d); ok && !day.Observed() && day.Length > 0 {
			n++
		}
	}
	return n
}
