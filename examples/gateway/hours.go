package main

import (
	"html/template"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/examples/gateway/live"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
	"github.com/openfinance-kpi/kpi/examples/internal/dashboard"
)

// hourView is one hour of the day so far, in the page's JSON.
type hourView struct {
	Start     string `json:"start"` // local, with the zone's offset
	Calls     uint64 `json:"calls"`
	Status2xx uint64 `json:"status_2xx"`
	Status4xx uint64 `json:"status_4xx"`
	Status5xx uint64 `json:"status_5xx_or_no_response"`
	ErrorRate num    `json:"error_rate_percent"`
	AvgTTLBMs num    `json:"avg_ttlb_ms"`
	P95TTLBMs num    `json:"p95_ttlb_ms"`
	PeakTPS   uint64 `json:"peak_tps"`
}

// hourCharts draws the day's hours with the report's chart code
// (examples/internal/dashboard): calls by class, average and p95 TTLB,
// error rate, each against the profile's interface target where it has
// one (a target judges the day: an hour above it is a warning, not a
// verdict).
func hourCharts(s *live.Snapshot, cal kpi.Calendar, p benchmark.Profile) ([]hourView, []template.HTML) {
	zone := cal.Location().String()
	n := len(s.Hours)
	x := make([]string, n)
	views := make([]hourView, n)
	calls := make([][]kpi.Ratio, 3)
	avg, p95, errs := make([]kpi.Ratio, n), make([]kpi.Ratio, n), make([]kpi.Ratio, n)
	for i, h := range s.Hours {
		x[i] = h.Start.Format("15:04")
		views[i] = hourView{Start: h.Start.Format("2006-01-02T15:04:05Z07:00"), Calls: h.Calls, Status2xx: h.Status2xx, Status4xx: h.Status4xx,
			Status5xx: h.Status5xx, ErrorRate: num(h.ErrorRatePercent), AvgTTLBMs: num(h.AvgTTLBMs), P95TTLBMs: num(h.P95TTLBMs), PeakTPS: h.PeakTPS}
		for k, c := range []uint64{h.Status2xx, h.Status4xx, h.Status5xx} {
			calls[k] = append(calls[k], kpi.RatioOf(c, 1))
		}
		avg[i], p95[i], errs[i] = h.AvgTTLBMs, h.P95TTLBMs, h.ErrorRatePercent
	}
	target := func(k benchmark.KPI, values []kpi.Ratio) (*dashboard.Threshold, []bool) {
		for _, t := range p.Targets {
			if t.KPI != k || t.Scope != benchmark.ScopeInterface {
				continue
			}
			fail := make([]bool, len(values))
			for i, v := range values {
				verdict, _ := t.Judge(v)
				fail[i] = verdict == benchmark.Fail
			}
			return &dashboard.Threshold{Value: kpi.RatioOfRat(t.Threshold.Rat()),
				Label: t.Cmp.String() + " " + t.Threshold.String() + " " + t.KPI.Unit() + " (" + t.ID + ", judged per " + t.Period.String() + ")"}, fail
		}
		return nil, nil
	}
	xName := "hour starting (" + zone + ")"
	var out []template.HTML
	add := func(c *dashboard.Chart) {
		c.Places = daily.Places
		if h, err := c.HTML(); err == nil {
			out = append(out, h)
		}
	}
	add(&dashboard.Chart{ID: "hour-calls", Title: "Calls per hour by class", Unit: "calls", XName: xName, X: x, Kind: dashboard.Bars, Counts: true,
		Series: []dashboard.Series{{Name: "2xx", Values: calls[0]}, {Name: "4xx", Values: calls[1]}, {Name: "5xx or no response", Values: calls[2]}}})
	th, fl := target(benchmark.AvgTTLBMs, avg)
	add(&dashboard.Chart{ID: "hour-ttlb", Title: "TTLB per hour: average and p95", Unit: "ms", XName: xName, X: x, ZeroBase: true,
		Series: []dashboard.Series{{Name: "average", Values: avg}, {Name: "p95", Values: p95}}, Threshold: th, Fail: fl})
	th, fl = target(benchmark.ErrorRatePercent, errs)
	add(&dashboard.Chart{ID: "hour-errors", Title: "Error rate per hour (attributable 5xx over all calls)", Unit: "%", XName: xName, X: x, ZeroBase: true,
		Series: []dashboard.Series{{Name: "error rate", Values: errs}}, Threshold: th, Fail: fl})
	return views, out
}
