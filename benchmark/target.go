package benchmark

import (
	"fmt"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/exact"
	"github.com/shopspring/decimal"
)

// ScopeKind says what a target's measurement covers (Rule BM-1). The zero
// value is ScopeInterface, the whole interface.
type ScopeKind uint8

// The scopes.
const (
	// ScopeInterface is the whole interface (every endpoint together; for
	// non-API KPIs such as NPS, the whole platform). Name is "".
	ScopeInterface ScopeKind = iota
	// ScopeGroup is an endpoint group of the profile's catalogue; Name is
	// the group name. A group figure is pooled over the group (PF-AVG-2),
	// never the mean of endpoint figures.
	ScopeGroup
	// ScopeEndpoint is one endpoint; Name is the endpoint ID, matched byte
	// for byte.
	ScopeEndpoint
	numScopeKinds
)

var scopeNames = [...]string{"interface", "group", "endpoint"}

// String returns "interface", "group" or "endpoint".
func (s ScopeKind) String() string {
	if s >= numScopeKinds {
		return fmt.Sprintf("ScopeKind(%d)", uint8(s))
	}
	return scopeNames[s]
}

// Scope is what one measurement covers: the interface, a named group, or
// a named endpoint. The zero value is the interface. Scope is comparable
// and usable as a map key.
type Scope struct {
	Kind ScopeKind
	// Name is the group name or endpoint ID; "" for the interface.
	Name string
}

// Interface is the scope of the whole interface.
func Interface() Scope { return Scope{} }

// Group is the scope of the named endpoint group.
func Group(name string) Scope { return Scope{Kind: ScopeGroup, Name: name} }

// Endpoint is the scope of the endpoint with ID id.
func Endpoint(id string) Scope { return Scope{Kind: ScopeEndpoint, Name: id} }

// String returns "interface", "group <name>" or "endpoint <id>".
func (s Scope) String() string {
	if s.Kind == ScopeInterface {
		return "interface"
	}
	return s.Kind.String() + " " + s.Name
}

// Comparison is how a measured value must relate to the threshold
// (Rule BM-1). The zero value is not a comparison: Profile.Validate
// rejects it and Evaluate reports a target carrying it as NO DATA.
type Comparison uint8

// The comparisons. The platform dashboard uses the strict ones ("> 99.9%", "< 200ms");
// the CBUAE and CBB texts state benchmarks that are met at the threshold
// ("Uptime of 99.5%", "An average TTLB of 500ms").
const (
	_       Comparison = iota
	AtLeast            // measured >= threshold
	Above              // measured > threshold
	AtMost             // measured <= threshold
	Below              // measured < threshold
	numComparisons
)

var cmpSymbols = [...]string{"", ">=", ">", "<=", "<"}

// Valid reports whether c is one of AtLeast, Above, AtMost, Below.
func (c Comparison) Valid() bool { return c > 0 && c < numComparisons }

// String returns the symbol: ">=", ">", "<=" or "<".
func (c Comparison) String() string {
	if !c.Valid() {
		return fmt.Sprintf("Comparison(%d)", uint8(c))
	}
	return cmpSymbols[c]
}

// Strict reports whether c excludes the threshold itself (> and <).
func (c Comparison) Strict() bool { return c == Above || c == Below }

// higherIsBetter reports whether c is >= or >.
func (c Comparison) higherIsBetter() bool { return c == AtLeast || c == Above }

// Holds reports whether a value that compares to the threshold as sign
// (-1, 0, +1; see big.Rat.Cmp) meets c.
func (c Comparison) Holds(sign int) bool {
	switch c {
	case AtLeast:
		return sign >= 0
	case Above:
		return sign > 0
	case AtMost:
		return sign <= 0
	case Below:
		return sign < 0
	}
	return false
}

// Verdict is the outcome of one finding (Rule BM-2). The zero value is
// Unjudged (printed "NO DATA"), so that a verdict nobody set is never a
// pass. It is named apart from kpi.NoData, the Ratio that carries no
// value: a verdict is Unjudged because its measured value is kpi.NoData.
type Verdict uint8

// The verdicts.
const (
	Unjudged Verdict = iota // no measured value (kpi.NoData): never a pass; printed NO DATA
	Pass                    // the measured value meets the threshold
	Fail                    // the measured value misses the threshold
)

var verdictNames = [...]string{"NO DATA", "PASS", "FAIL"}

// String returns "PASS", "FAIL" or "NO DATA".
func (v Verdict) String() string {
	if int(v) < len(verdictNames) {
		return verdictNames[v]
	}
	return fmt.Sprintf("Verdict(%d)", uint8(v))
}

// Target is one benchmark of a profile (Rule BM-1): a KPI over a scope and
// a period must compare to a threshold, with the source it comes from.
//
// Scope and Group together say what is measured:
//
//   - ScopeInterface: one figure for the whole interface (Group unused).
//   - ScopeGroup: one pooled figure for the group named Group.
//   - ScopeEndpoint: one figure per endpoint, each judged on its own (CBB
//     CoF "a max of 500 ms per response"); when Group is set, only the
//     endpoints of that group's catalogue.
//
// The zero value is not a usable target (no KPI, no comparison):
// Profile.Validate says so, and Evaluate reports it as NO DATA. A Target is
// a plain value; copy it and change a field to make a variant. Use Judge
// to compare one measured value with it.
type Target struct {
	// ID is unique within a profile, such as "cbb.cof.max-ttlb".
	ID string
	// Title is a short human label, such as "CoF maximum TTLB".
	Title string
	KPI   KPI
	Scope ScopeKind
	// Group names a group of the profile's catalogue for ScopeGroup, and
	// optionally restricts ScopeEndpoint to that group's endpoints.
	Group string
	// Period is the period the KPI is measured over (day, month, ...).
	Period PeriodKind
	Cmp    Comparison
	// Threshold is in the KPI's unit (percent as 99.5, not 0.995). It is
	// compared exactly: 99.4996 misses >= 99.5.
	Threshold decimal.Decimal
	// Source cites the text the target comes from: the public document,
	// its section and the words of the benchmark.
	Source string
}

// Judge compares measured with t exactly (Rule BM-2) and returns the
// verdict and the margin, in the KPI's unit:
//
//	margin = measured - threshold   for >= and >
//	margin = threshold - measured   for <= and <
//
// so a positive margin is always inside the target and a negative one
// outside. At the threshold the margin is 0: PASS for >= and <=, FAIL for
// > and <. kpi.NoData measured (or a target with an invalid comparison)
// gives Unjudged and a kpi.NoData margin: no data is never a pass.
func (t Target) Judge(measured kpi.Ratio) (Verdict, kpi.Ratio) {
	if !measured.OK() || !t.Cmp.Valid() {
		return Unjudged, kpi.NoData
	}
	thr := kpi.RatioOfRat(t.Threshold.Rat())
	margin := measured.Sub(thr)
	if !t.Cmp.higherIsBetter() {
		margin = thr.Sub(measured)
	}
	if t.Cmp.Holds(measured.CmpDecimal(t.Threshold)) {
		return Pass, margin
	}
	return Fail, margin
}

// formatDecimal writes d with its own number of fractional digits, without
// reading shopspring/decimal's package-level formatting switches.
func formatDecimal(d decimal.Decimal) string {
	places := 0
	if e := d.Exponent(); e < 0 {
		places = int(-e)
	}
	return exact.Format(d.Rat(), places)
}
