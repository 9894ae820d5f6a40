package monthly

import (
	"strconv"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
)

func BenchmarkUsersAdd(b *testing.B) {
	events := make([]UserEvent, 1024)
	for i := range events {
		events[i] = ue("u"+strconv.Itoa(i%200), CustomerSegment(1+i%2), Service(1+i%4), NewAuthorisation, mar(1+i%28, 9, 0))
	}
	var u Users
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = u.Add(&events[i%len(events)])
	}
}

func BenchmarkUsersMerge(b *testing.B) {
	var u, o Users
	for i := 0; i < 1000; i++ {
		e := ue("u"+strconv.Itoa(i), Retail, AIS, Accessed, mar(2, 0, 0))
		_ = o.Add(&e)
	}
	u.Merge(&o)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		u.Merge(&o)
	}
}

func BenchmarkTPPsAdd(b *testing.B) {
	tppWorkedExample := tppCaseNamed(b, "VO-TPP-1/march-2025").events
	var s TPPs
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if i%1024 == 0 {
			s.Reset()
		}
		e := tppWorkedExample[i%len(tppWorkedExample)]
		_ = s.Add(&e)
	}
}

func BenchmarkTPPsMerge(b *testing.B) {
	tppWorkedExample := tppCaseNamed(b, "VO-TPP-1/march-2025").events
	var s, o TPPs
	for i := range tppWorkedExample {
		_ = o.Add(&tppWorkedExample[i])
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if i%64 == 0 {
			s.Reset()
		}
		s.Merge(&o)
	}
}

func BenchmarkAdoptionAddCall(b *testing.B) {
	var a Adoption
	c := kpi.Call{ReceivedAt: mar(2, 9, 0), Endpoint: "GET /accounts", Status: 200, TTLB: time.Millisecond}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = a.AddCall(&c)
	}
}

func BenchmarkAdoptionMerge(b *testing.B) {
	in := loadAdoptionCases(b)[0].in
	a, o := adoptionOf(in), adoptionOf(in)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		a.Merge(o)
	}
}

func BenchmarkGovernanceAddVulnerability(b *testing.B) {
	var g Governance
	v := loadGovernanceCases(b)[0].in.Vulnerabilities[0]
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = g.AddVulnerability(&v)
	}
}

func BenchmarkGovernanceMerge(b *testing.B) {
	in := loadGovernanceCases(b)[0].in
	g, o := governanceOf(in), governanceOf(in)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		g.Merge(o)
	}
}
