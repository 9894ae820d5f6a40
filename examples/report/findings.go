package main

import (
	"fmt"
	"io"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

func (r *report) findings() []benchmark.Finding {
	if r.res == nil {
		return nil
	}
	if r.monthly == nil || (!r.monthly.hasConsents && r.monthly.platform == nil) || r.res.Calls == 0 {
		return r.res.Findings()
	}
	m := r.res.Measurements() // with the authentication KPIs (monthly.go)
	r.authMeasurements(m)
	r.platformMeasurements(m) // and the platform records' (platform.go)
	return benchmark.Evaluate(r.cfg.Profile, m)
}

func writeFindingsText(w io.Writer, r *report) {
	fs := r.findings()
	fmt.Fprintf(w, "\nBenchmarks, profile %s (BM-2: NO DATA is never a pass):\n", r.cfg.Profile.Name)
	for i, f := range fs {
		if i == 0 || fs[i-1].Target.ID != f.Target.ID {
			fmt.Fprintf(w, "  %s: %s\n", f.Target.ID, f.Target.Source)
		}
		if f.Scope.Kind == benchmark.ScopeEndpoint {
			f.Scope.Name = r.ids.label(f.Scope.Name) // escaped, cut when long
		}
		fmt.Fprintf(w, "    %s\n", f.Format(daily.Places))
		r.ids.flush(w)
	}
	// AV-BUDGET-1: the downtime budget of each quarter the report touches,
	// so far, at the profile's uptime target.
	seen := make(map[kpi.Period]bool)
	for d := r.res.First; d <= r.res.Last; d++ {
		q := kpi.Quarter(d)
		if seen[q] {
			continue
		}
		seen[q] = true
		_, used := availability.PeriodDowntime(r.res.DaysIn(q), r.cfg.Profile.Availability)
		b, ok := r.cfg.Profile.DowntimeBudget(r.cfg.Cal, q, used)
		if !ok {
			continue
		}
		fmt.Fprintf(w, "  Downtime budget %s to %s at %s %%: used %s s, allowed %s s, left %s s (%s; AV-BUDGET-1, days observed %s to %s)\n",
			q.First, q.Last, b.TargetPercent, b.Used.Format(places), b.Allowed.Format(places), b.Left.Format(places),
			b.Verdict(), max(q.First, r.res.First), min(q.Last, r.res.Last))
	}
}

// jsonFinding is a verdict in the JSON "findings", with its period
// (daily.Finding, shared with the gateway's /kpi page).
type jsonFinding = daily.Finding
