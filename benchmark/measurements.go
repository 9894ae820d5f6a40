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
// Beside the figures it holds the evidence Evaluate needs to be honest:
// the days a scope had no availability evidence (SetUnobserved, Rule
// AV-EVIDENCE-2) and the endpoint IDs the calls used (SetSeen, Rule EP-2).
//
// The zero value is empty and ready to use. Measurements is not safe for
// concurrent use; fill it, then hand it to Evaluate (which only reads it).
type Measurements struct {
	values     map[mkey]kpi.Ratio
	periods    map[kpi.Period]struct{}
	unobserved map[scopeDay]struct{}
	seen       map[string]struct{}
	seenKnown  bool // SetSeen was called
}

type scopeDay struct {
	scope Scope
	day   kpi.Date
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

// SetUnobserved records that scope s had no availability evidence on day d
// (Rule AV-EVIDENCE-2: no call, and no monitoring outage or probe result
// covering the day; availability.Day.Observed false). Evaluate then
// judges an UptimePercent target of s on the single day d NO DATA, never
// a pass, and counts d in Finding.Unobserved of every longer period of s
// that holds it. It declares no period (see Cover).
func (m *Measurements) SetUnobserved(s Scope, d kpi.Date) {
	if m.unobserved == nil {
		m.unobserved = make(map[scopeDay]struct{})
	}
	m.unobserved[scopeDay{s, d}] = struct{}{}
}

// Unobserved reports whether day d of scope s was recorded unobserved.
func (m *Measurements) Unobserved(s Scope, d kpi.Date) bool {
	if m == nil {
		return false
	}
	_, ok := m.unobserved[scopeDay{s, d}]
	return ok
}

// UnobservedDays is the number of days of p recorded unobserved for s.
func (m *Measurements) UnobservedDays(s Scope, p kpi.Period) int {
	if m == nil || len(m.unobserved) == 0 {
		return 0
	}
	n := 0
	for d := p.First; d <= p.Last; d++ {
		if m.Unobserved(s, d) {
			n++
		}
	}
	return n
}

// SetSeen records endpoint IDs that the calls used, as written (Rule
// EP-2); call it once with none to say that the calls used no endpoint.
// Once it was called, Evaluate adds to every NO DATA finding of a group
// target none of whose group's endpoints was seen the note "no endpoint
// of group G seen": the group's IDs are matched byte for byte, so an ID
// spelt otherwise is in no group (list those with
// kpi.Catalogue.Unlisted). Before any call, Evaluate knows nothing of the
// calls and adds no such note.
func (m *Measurements) SetSeen(endpoints ...string) {
	m.seenKnown = true
	if m.seen == nil {
		m.seen = make(map[string]struct{}, len(endpoints))
	}
	for _, e := range endpoints {
		m.seen[e] = struct{}{}
	}
}

// groupUnseen reports whether SetSeen was called and saw no endpoint of
// ids.
func (m *Measurements) groupUnseen(ids []string) bool {
	if m == nil || !m.seenKnown {
		return false
	}
	for _, id := range ids {
		if _, ok := m.seen[id]; ok {
			return false
		}
	}
	return true
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
