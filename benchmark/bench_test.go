package benchmark

import (
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
)

func BenchmarkPeriodUptimeAdd(b *testing.B) {
	b.ReportAllocs()
	r := DailyDowntime{Downtime: time.Minute, Length: 24 * time.Hour}
	var a PeriodUptime
	for b.Loop() {
		_ = a.Add(&r)
	}
}

func BenchmarkPeriodUptimeMerge(b *testing.B) {
	b.ReportAllocs()
	var a, o PeriodUptime
	_ = o.Add(&DailyDowntime{Downtime: time.Minute, Length: 24 * time.Hour})
	for b.Loop() {
		a.Merge(&o)
	}
}

func BenchmarkPageLatencyAdd(b *testing.B) {
	b.ReportAllocs()
	r := DailyPages{TTLB: time.Second, Pages: 3}
	var a PageLatency
	for b.Loop() {
		_ = a.Add(&r)
	}
}

func BenchmarkPageLatencyMerge(b *testing.B) {
	b.ReportAllocs()
	var a, o PageLatency
	_ = o.Add(&DailyPages{TTLB: time.Second, Pages: 3})
	for b.Loop() {
		a.Merge(&o)
	}
}

func BenchmarkCallVolumeAdd(b *testing.B) {
	b.ReportAllocs()
	r := DailyCalls{Calls: 322581}
	var a CallVolume
	for b.Loop() {
		_ = a.Add(&r)
	}
}

func BenchmarkCallVolumeMerge(b *testing.B) {
	b.ReportAllocs()
	var a, o CallVolume
	_ = o.Add(&DailyCalls{Calls: 1})
	for b.Loop() {
		a.Merge(&o)
	}
}

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
