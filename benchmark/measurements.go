package benchmark

import (
	"slices"

	"github.com/openfinance-kpi/kpi"
)

// Measurements holds the figures the caller computed with the other
// packages (availability, errorrate, performance, volumes, authfunnel),
// each for one KPI, scope and period, ready for Evaluate. The input is
// neutral: this package never computes a KPI from calls.
//
// A figure is a kpi.Ratio in the KPI's unit (KPI.Unit): percent as 99.5,
// milliseconds as 500. Record kpi.NoData where the source package said
// "no data" (ER-3: no requests; PF-AVG-1: no responses): the finding is
// then NO DATA for that scope, which is never a pass.
//
// The zero value is empty and ready to use. Measurements is not safe for
// concurrent use; fill it, then hand it to Evaluate (which only reads it).
type Measurements struct {
	values  map[mkey]kpi.Ratio
	periods map[kpi.Period]struct{}
}

type mkey struct {
	kpi    KPI
	scope  Scope
	period kpi.Period
}

// Set records v as the value of k over scope s and period p, replacing any
// earlier value, and declares p as a period under evaluation (see Cover).
// The kind of p (day, month, quarter, year) is read from its dates
// (KindOf).
func (m *Measurements) Set(k KPI, s Scope, p kpi.Period, v kpi.Ratio) {
	if m.values == nil {
		m.values = make(map[mkey]kpi.Ratio)
	}
	m.values[mkey{k, s, p}] = v
	m.Cover(p)
}

// SetDay is Set for the single day d.
func (m *Measurements) SetDay(k KPI, s Scope, d kpi.Date, v kpi.Ratio) {
	m.Set(k, s, kpi.Period{First: d, Last: d}, v)
}

// Cover declares p as a period under evaluation without recording a value:
// every target of p's kind then gets a finding for p, NO DATA where
// nothing was measured. Set declares its period itself.
func (m *Measurements) Cover(p kpi.Period) {
	if m.periods == nil {
		m.periods = make(map[kpi.Period]struct{})
	}
	m.periods[p] = struct{}{}
}

// Get returns the value of k over s and p, and whether one was recorded
// (a recorded kpi.NoData gives NoData and true).
func (m *Measurements) Get(k KPI, s Scope, p kpi.Period) (kpi.Ratio, bool) {
	if m == nil {
		return kpi.NoData, false
	}
	v, ok := m.values[mkey{k, s, p}]
	return v, ok
}

// Len is the number of recorded values.
func (m *Measurements) Len() int {
	if m == nil {
		return 0
	}
	return len(m.values)
}

// Periods returns the periods under evaluation, sorted by first day, then
// last day.
func (m *Measurements) Periods() []kpi.Period {
	if m == nil {
		return nil
	}
	out := make([]kpi.Period, 0, len(m.periods))
	for p := range m.periods {
		out = append(out, p)
	}
	slices.SortFunc(out, comparePeriods)
	return out
}

func comparePeriods(a, b kpi.Period) int {
	if a.First != b.First {
		return int(a.First) - int(b.First)
	}
	return int(a.Last) - int(b.Last)
}

// endpoints returns the endpoint IDs with a value of k over p, sorted byte
// by byte.
func (m *Measurements) endpoints(k KPI, p kpi.Period) []string {
	var out []string
	for key := range m.values {
		if key.kpi == k && key.period == p && key.scope.Kind == ScopeEndpoint {
			out = append(out, key.scope.Name)
		}
	}
	slices.Sort(out)
	return out
}
