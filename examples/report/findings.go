package main

import (
	"fmt"
	"io"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
	"github.com/openfinance-kpi/kpi/performance"
	"github.com/openfinance-kpi/kpi/volumes"
)

// measurements hands the profile's KPIs to package benchmark: per day for
// the interface (the ALL rows), for each catalogue group (the members'
// accumulators merged: PF-AVG-2's ΣT/ΣV, never a mean of averages) and for
// each endpoint. A month, quarter or year target is measured only when the
// data covers the whole period: a quarter judged on one week would be a
// verdict about days nobody saw. Such targets are NO DATA, and the text
// shows the downtime budget of the period so far instead (AV-BUDGET-1).
func (r *report) measurements() *benchmark.Measurements {
	m := &benchmark.Measurements{}
	p := r.cfg.Profile
	iface := benchmark.Interface()
	for i := range r.rows {
		rw := &r.rows[i]
		if rw.Endpoint == allEndpoints {
			m.SetDay(benchmark.UptimePercent, iface, rw.Date, rw.Uptime)
			m.SetDay(benchmark.ErrorRatePercent, iface, rw.Date, rw.ErrorRate)
			m.SetDay(benchmark.AvgTTLBMs, iface, rw.Date, rw.AvgTTLB)
			m.SetDay(benchmark.MaxTTLBMs, iface, rw.Date, rw.MaxTTLB)
			continue
		}
		if rw.Scope == nil {
			continue
		}
		ep := benchmark.Endpoint(rw.Endpoint)
		m.SetDay(benchmark.AvgTTLBMs, ep, rw.Date, rw.AvgTTLB)
		m.SetDay(benchmark.MaxTTLBMs, ep, rw.Date, rw.MaxTTLB)
		m.SetDay(benchmark.AvgTTLBPerPageMs, ep, rw.Date, rw.Scope.Perf.AvgTTLBPerPageMs())
		m.SetDay(benchmark.ErrorRatePercent, ep, rw.Date, rw.ErrorRate)
	}
	for d := r.firstDay; d <= r.lastDay; d++ {
		eps := r.days[d]
		for _, g := range p.GroupNames() {
			var members []*performance.Stats
			for _, id := range p.Groups[g] {
				if i, ok := r.ids[id]; ok && i < len(eps) && eps[i] != nil {
					members = append(members, &eps[i].Perf)
				}
			}
			if len(members) == 0 {
				continue // no call to the group that day: NO DATA
			}
			m.SetDay(benchmark.AvgTTLBMs, benchmark.Group(g), d, performance.GroupAvgTTLBMs(members, performance.Responded))
			m.SetDay(benchmark.AvgTTLBPerPageMs, benchmark.Group(g), d, performance.GroupAvgTTLBPerPageMs(members, performance.Responded))
		}
	}
	for _, period := range r.fullPeriods() {
		m.Set(benchmark.UptimePercent, iface, period, r.periodUptime(period))
		var vol volumes.Daily // VO-ADOPT-1's monthly calls: the period's days merged
		for d := period.First; d <= period.Last; d++ {
			for _, s := range r.days[d] {
				if s != nil {
					vol.Merge(&s.Vol)
				}
			}
		}
		m.Set(benchmark.Calls, iface, period, kpi.RatioOf(vol.Counts().Total, 1))
	}
	return m
}

// fullPeriods returns the months, quarters and years that the report's
// days cover entirely.
func (r *report) fullPeriods() []kpi.Period {
	var out []kpi.Period
	seen := make(map[kpi.Period]bool)
	for d := r.firstDay; d <= r.lastDay; d++ {
		for _, k := range []benchmark.PeriodKind{benchmark.Monthly, benchmark.Quarterly, benchmark.Yearly} {
			p := benchmark.PeriodOf(k, d)
			if !seen[p] && p.First >= r.firstDay && p.Last <= r.lastDay {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// interfaceDays returns the interface's accounted days of period that the
// report holds.
func (r *report) interfaceDays(period kpi.Period) []availability.Day {
	first, last := max(period.First, r.firstDay), min(period.Last, r.lastDay)
	if first > last {
		return nil
	}
	return r.availDays[""][first-r.firstDay : last-r.firstDay+1]
}

// periodUptime is AV-PCT-2 over the days of period (the caller passes only
// periods the report covers entirely).
func (r *report) periodUptime(period kpi.Period) kpi.Ratio {
	return availability.PeriodUptimePercent(r.interfaceDays(period), r.cfg.Avail)
}

func (r *report) findings() []benchmark.Finding {
	if r.calls == 0 {
		return nil
	}
	return benchmark.Evaluate(r.cfg.Profile, r.measurements())
}

func writeFindingsText(w io.Writer, r *report) {
	fs := r.findings()
	fmt.Fprintf(w, "\nBenchmarks, profile %s (BM-2: NO DATA is never a pass):\n", r.cfg.Profile.Name)
	for i, f := range fs {
		if i == 0 || fs[i-1].Target.ID != f.Target.ID {
			fmt.Fprintf(w, "  %s: %s\n", f.Target.ID, f.Target.Source)
		}
		fmt.Fprintf(w, "    %s\n", f.Format(places))
	}
	// AV-BUDGET-1: the downtime budget of each quarter the report touches,
	// so far, at the profile's uptime target.
	seen := make(map[kpi.Period]bool)
	for d := r.firstDay; d <= r.lastDay; d++ {
		q := kpi.Quarter(d)
		if seen[q] {
			continue
		}
		seen[q] = true
		_, used := availability.PeriodDowntime(r.interfaceDays(q), r.cfg.Avail)
		b, ok := r.cfg.Profile.DowntimeBudget(r.cfg.Cal, q, used)
		if !ok {
			continue
		}
		fmt.Fprintf(w, "  Downtime budget %s to %s at %s %%: used %s s, allowed %s s, left %s s (%s; AV-BUDGET-1, days observed %s to %s)\n",
			q.First, q.Last, b.TargetPercent, b.Used.Format(places), b.Allowed.Format(places), b.Left.Format(places),
			b.Verdict(), max(q.First, r.firstDay), min(q.Last, r.lastDay))
	}
}

// jsonFinding is a verdict in the JSON "findings", with its period
// (daily.Finding, shared with the gateway's /kpi page).
type jsonFinding = daily.Finding

func (r *report) jsonFindings() []jsonFinding {
	out := []jsonFinding{}
	for _, f := range r.findings() {
		out = append(out, daily.FindingOf(&f, true))
	}
	return out
}
