package benchmark

import (
	"testing"

	"github.com/openfinance-kpi/kpi"
)

// Evaluate runs once per report; this shows its cost on a CBB day.
func BenchmarkEvaluateCBBDay(b *testing.B) {
	b.ReportAllocs()
	var m Measurements
	m.SetDay(AvgTTLBMs, Group(GroupPISP), day10, kpi.RatioOfInt(700))
	m.SetDay(AvgTTLBMs, Group(GroupCoF), day10, kpi.RatioOfInt(290))
	m.SetDay(MaxTTLBMs, Endpoint(cofDom), day10, kpi.RatioOfInt(501))
	m.SetDay(ErrorRatePercent, Interface(), day10, kpi.RatioOf(3, 5))
	p := CBB()
	for b.Loop() {
		_ = Evaluate(p, &m)
	}
}
