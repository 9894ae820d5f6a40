package book

import (
	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/performance"
	"github.com/openfinance-kpi/kpi/volumes"
)

// Measurements returns what the profile's targets read, each figure
// computed by the package that owns its rule:
//
//   - EP-2: the endpoints the calls used (Measurements.SetSeen), so that
//     a group target's NO DATA says when no endpoint of its group was
//     seen (an ID spelt otherwise than the catalogue is in no group);
//   - AV-EVIDENCE-2: every day on which a scope (the interface, an
//     endpoint with a row) received no call and no monitoring outage
//     covers is marked unobserved: its uptime is judged NO DATA, and a
//     period's finding says how many of its days were unobserved;
//   - per day, the interface (the interface rows): uptime (AV-PCT-1, of
//     the union AV-SCOPE-1), error rate (ER-2 pooled), average and
//     maximum TTLB;
//   - per day, each endpoint with calls: average and maximum TTLB,
//     average TTLB per page (PF-PAGE-1), error rate (ER-1);
//   - per day, each catalogue group with calls: the members' Stats pooled
//     (PF-AVG-2: ΣT/ΣV, never a mean of averages), per call and per page;
//   - per month, quarter and year that the days cover entirely: the
//     interface's uptime (AV-PCT-2, availability.PeriodUptimePercent) and
//     its calls (the period's volumes.Counter merged). A period the days
//     cover only in part is not measured: a quarter judged on one week
//     would be a verdict about days nobody saw, so its targets are NO
//     DATA (Book users show the downtime budget so far instead,
//     AV-BUDGET-1: see DaysIn).
//
// With Config.Extras (see Extras), also:
//
//   - per day, each endpoint with calls: the p95 TTLB (RG-P95-2), the
//     lower median TTLB (RG-MEDIAN-1), the minute availability
//     (RG-MINUTE-1; NoData on a day without a valid call);
//   - per day, each CDR tier group with calls (benchmark.TierGroup): the
//     worst hour's share within the threshold (RG-TIER-1, RG-HOURLY-1),
//     over every endpoint's calls of the tier;
//   - per month whose last day the days cover, each endpoint: the long
//     minute availability (RG-MINUTE-1), the mean of the latest 90 daily
//     values with data up to that day (the regulator takes it on the
//     month's last day; the 90 days may reach before the days covered,
//     which then count with what the book saw).
func (r *Result) Measurements() *benchmark.Measurements {
	m := &benchmark.Measurements{}
	// Rule EP-2: the endpoints the calls used, so that a group's NO DATA
	// says when none of its endpoints was seen.
	var seen []string
	for _, ep := range r.Endpoints {
		if r.called(ep) {
			seen = append(seen, ep)
		}
	}
	m.SetSeen(seen...)
	if r.Calls == 0 {
		return m
	}
	p := r.Config.Profile
	iface := benchmark.Interface()
	for i := range r.Rows {
		rw := &r.Rows[i]
		if !rw.Day.Observed() { // AV-EVIDENCE-2: judged NO DATA, never PASS
			scope := iface
			if !rw.Interface {
				scope = benchmark.Endpoint(rw.Endpoint)
			}
			m.SetUnobserved(scope, rw.Date)
		}
		if rw.Interface {
			m.SetDay(benchmark.UptimePercent, iface, rw.Date, rw.UptimePercent)
			m.SetDay(benchmark.ErrorRatePercent, iface, rw.Date, rw.ErrorRatePercent)
			m.SetDay(benchmark.AvgTTLBMs, iface, rw.Date, rw.AvgTTLBMs)
			m.SetDay(benchmark.MaxTTLBMs, iface, rw.Date, rw.MaxTTLBMs)
			continue
		}
		if rw.State == nil {
			continue
		}
		ep := benchmark.Endpoint(rw.Endpoint)
		m.SetDay(benchmark.AvgTTLBMs, ep, rw.Date, rw.AvgTTLBMs)
		m.SetDay(benchmark.MaxTTLBMs, ep, rw.Date, rw.MaxTTLBMs)
		m.SetDay(benchmark.AvgTTLBPerPageMs, ep, rw.Date, rw.AvgTTLBPerPageMs)
		m.SetDay(benchmark.ErrorRatePercent, ep, rw.Date, rw.ErrorRatePercent)
		r.setExtrasDay(m, ep, rw)
	}
	r.setExtrasPeriods(m)
	states := r.statesByDay()
	for d := r.First; d <= r.Last; d++ {
		for _, g := range p.GroupNames() {
			var members []*performance.Stats
			for _, id := range p.Groups[g] {
				if s := states[d][id]; s != nil {
					members = append(members, &s.Perf)
				}
			}
			if len(members) == 0 {
				continue // no call to the group that day: NO DATA
			}
			m.SetDay(benchmark.AvgTTLBMs, benchmark.Group(g), d, performance.PooledAvgTTLBMs(members, performance.Responded))
			m.SetDay(benchmark.AvgTTLBPerPageMs, benchmark.Group(g), d, performance.PooledAvgTTLBPerPageMs(members, performance.Responded))
		}
	}
	for _, period := range r.fullPeriods() {
		m.Set(benchmark.UptimePercent, iface, period, availability.PeriodUptimePercent(r.DaysIn(period), p.Availability))
		var vol volumes.Counter // VO-ADOPT-1's calls of the period: its days merged
		calls := kpi.NoData
		var err error
		for d := period.First; d <= period.Last && err == nil; d++ {
			for _, s := range states[d] {
				if err = vol.Merge(&s.Volumes); err != nil {
					break // more calls than a count holds: no figure
				}
			}
		}
		if err == nil {
			calls = kpi.RatioOf(vol.Figures().Calls, 1)
		}
		m.Set(benchmark.Calls, iface, period, calls)
	}
	return m
}

// called reports whether endpoint had a call on some day of r.
func (r *Result) called(endpoint string) bool {
	for _, d := range r.days[endpoint] {
		if d.Calls > 0 {
			return true
		}
	}
	return false
}

// statesByDay indexes the endpoint rows' states by day and endpoint.
func (r *Result) statesByDay() map[kpi.Date]map[string]*EndpointDay {
	out := make(map[kpi.Date]map[string]*EndpointDay)
	for i := range r.Rows {
		rw := &r.Rows[i]
		if rw.Interface || rw.State == nil {
			continue
		}
		if out[rw.Date] == nil {
			out[rw.Date] = make(map[string]*EndpointDay)
		}
		out[rw.Date][rw.Endpoint] = rw.State
	}
	return out
}

// fullPeriods returns the months, quarters and years that r's days cover
// entirely.
func (r *Result) fullPeriods() []kpi.Period {
	var out []kpi.Period
	seen := make(map[kpi.Period]bool)
	for d := r.First; d <= r.Last; d++ {
		for _, k := range []benchmark.PeriodKind{benchmark.Monthly, benchmark.Quarterly, benchmark.Yearly} {
			p := benchmark.PeriodOf(k, d)
			if !seen[p] && p.First >= r.First && p.Last <= r.Last {
				seen[p] = true
				out = append(out, p)
			}
		}
	}
	return out
}

// Findings evaluates the profile on Measurements (benchmark.Evaluate): one
// finding per target, scope and period; none when the book had no call.
func (r *Result) Findings() []benchmark.Finding {
	if r.Calls == 0 {
		return nil
	}
	return benchmark.Evaluate(r.Config.Profile, r.Measurements())
}
