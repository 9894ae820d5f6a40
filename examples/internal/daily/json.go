package daily

import (
	"encoding/json"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/benchmark"
)

// NumJSON is an exact figure as the programs write it in JSON (the
// report's -format json, the gateway's /kpi page): a number rounded to
// Places decimals, half away from zero (kpi.Ratio.Format), or null for no
// data.
func NumJSON(r kpi.Ratio) json.RawMessage {
	if !r.OK() {
		return json.RawMessage("null")
	}
	return json.RawMessage(r.Format(Places))
}

// NumText is what NumJSON wrote, as text for people: the number, or "no
// data" for null.
func NumText(n json.RawMessage) string {
	if string(n) == "null" {
		return "no data"
	}
	return string(n)
}

// Num is an exact figure as a JSON field (NumJSON) that also prints for
// people (NumText): the gateway's /kpi page uses it in both its JSON and
// its HTML.
type Num kpi.Ratio

// MarshalJSON returns NumJSON of the figure.
func (n Num) MarshalJSON() ([]byte, error) { return NumJSON(kpi.Ratio(n)), nil }

// String returns NumText of the figure.
func (n Num) String() string { return NumText(NumJSON(kpi.Ratio(n))) }

// Finding is a benchmark verdict (BM-2) as the report's JSON "findings"
// and the gateway's /kpi page show it. Make it with FindingOf.
type Finding struct {
	ID    string `json:"id"`
	KPI   string `json:"kpi"`
	Unit  string `json:"unit"`
	Scope string `json:"scope"`
	// Endpoint is the endpoint ID of an endpoint-scope finding (IDJSON:
	// lossless where Scope, a string, cannot hold invalid UTF-8); absent
	// for other scopes.
	Endpoint json.RawMessage `json:"endpoint,omitempty"`
	// FindingPeriod, when not nil, writes "period" here; nil leaves the
	// field out (the gateway judges one day only).
	*FindingPeriod
	Measured  json.RawMessage `json:"measured"` // NumJSON
	Cmp       string          `json:"comparison"`
	Threshold string          `json:"threshold"`
	Verdict   string          `json:"verdict"`
	Margin    json.RawMessage `json:"margin"` // NumJSON
	Note      string          `json:"note,omitempty"`
	Source    string          `json:"source"`
}

// FindingPeriod is the period a Finding judged.
type FindingPeriod struct {
	// Period is "first/last", or "" when the finding judged no period
	// (the zero kpi.Period, see benchmark.Finding.Note).
	Period string `json:"period"`
}

// FindingOf returns f as a Finding, with its period when withPeriod is
// set (FindingPeriod nil otherwise).
func FindingOf(f *benchmark.Finding, withPeriod bool) Finding {
	v := Finding{
		ID: f.Target.ID, KPI: f.Target.KPI.String(), Unit: f.Target.KPI.Unit(), Scope: f.Scope.String(),
		Measured: NumJSON(f.Measured), Cmp: f.Target.Cmp.String(), Threshold: f.Target.Threshold.String(),
		Verdict: f.Verdict.String(), Margin: NumJSON(f.Margin), Note: f.Note, Source: f.Target.Source,
	}
	if f.Scope.Kind == benchmark.ScopeEndpoint {
		v.Endpoint = IDJSON(f.Scope.Name)
	}
	if withPeriod {
		v.FindingPeriod = &FindingPeriod{}
		if f.Period != (kpi.Period{}) {
			v.Period = f.Period.First.String() + "/" + f.Period.Last.String()
		}
	}
	return v
}
