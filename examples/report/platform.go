package main

import (
	"bytes"
	_ "embed"
	"fmt"
	"math/big"
	"slices"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
	"github.com/openfinance-kpi/kpi/examples/internal/dashboard"
	"github.com/openfinance-kpi/kpi/volumes/monthly"
)

// The embedded sample's platform records (sample/README.md), read when no
// calls file is given.
//
//go:embed sample/platform.csv
var samplePlatform []byte

// platform is what -platform gives: the platform dashboard's business
// figures (monthly.Adoption, Rule VO-ADOPT-1; monthly.Governance, Rule
// VO-GOV-1) of each month the file declares, of each quarter and year all
// of whose months it declares, and what was read but counts in no figure.
type platform struct {
	name     string
	records  []daily.PlatformRecord
	declared map[kpi.Date]bool // first days of the declared months
	currency string

	months, quarters, years []kpi.Period
	adoption                map[kpi.Period]*monthly.Adoption   // months and years
	governance              map[kpi.Period]*monthly.Governance // months and quarters

	outside     int // dated records in no declared month
	nonCritical int // vulnerabilities marked not critical
	repeats     int // rows equal to an earlier one of the same ID
}

// platformKey is what makes two records "the same ID": the kind and ID,
// and for a data store, the month assessed (a store is assessed again
// every month).
type platformKey struct {
	kind  daily.PlatformKind
	id    string
	month kpi.Date
}

// readPlatform reads -platform (or the embedded sample) into m.
func (r *report) readPlatform(m *monthlyInputs, intern func([]byte) string) error {
	name, data, err := r.monthlyInput("platform", r.cfg.platform, samplePlatform)
	if err != nil || name == "" {
		return err
	}
	cal := r.cfg.Cal
	p := &platform{name: name, declared: map[kpi.Date]bool{}}
	type seenRecord struct {
		rec  daily.PlatformRecord
		line int
	}
	seen := map[platformKey]seenRecord{}
	err = daily.ReadPlatformRecords(name, bytes.NewReader(data), intern, func(rec *daily.PlatformRecord, line int) {
		switch rec.Kind {
		case daily.PlatformMonth:
			p.declared[rec.Month] = true
			return
		case daily.PlatformRevenue, daily.PlatformCost, daily.PlatformNPS:
			// no ID: every row counts
		default:
			k := platformKey{kind: rec.Kind, id: rec.ID}
			if rec.Kind == daily.PlatformDataStore {
				k.month = kpi.Month(cal.DateOf(rec.At)).First
			}
			if rec.Kind == daily.PlatformRequirement || rec.Kind == daily.PlatformAudit {
				k.month = kpi.Quarter(cal.DateOf(rec.At)).First // assessed once a quarter
			}
			if old, ok := seen[k]; ok {
				if sameRecord(&old.rec, rec) {
					p.repeats++
					return
				}
				r.addBad(daily.BadRow{File: name, Line: line, Reason: fmt.Sprintf("%s %q: conflicts with line %d (one record an ID%s)",
					rec.Kind, rec.ID, old.line, map[bool]string{true: " and period", false: ""}[k.month != 0])})
				return
			}
			seen[k] = seenRecord{*rec, line}
		}
		if rec.Currency != "" {
			p.currency = rec.Currency
		}
		p.records = append(p.records, *rec)
	}, r.addBad)
	if err != nil {
		return err
	}
	p.compute(cal)
	m.platform = p
	return nil
}

// sameRecord reports whether a and b say the same (instants compared as
// instants, whatever their offsets).
func sameRecord(a, b *daily.PlatformRecord) bool {
	x, y := *a, *b
	for _, t := range [][2]*time.Time{{&x.At, &y.At}, {&x.Start, &y.Start}, {&x.End, &y.End}, {&x.Offboarded, &y.Offboarded}} {
		if !t[0].Equal(*t[1]) {
			return false
		}
		*t[0], *t[1] = time.Time{}, time.Time{}
	}
	return x == y
}

// compute feeds each declared month's Adoption and Governance, each
// quarter's Governance and each year's Adoption whose months are all
// declared.
//
// Per month [start, end) in the report's zone: partners active at start
// and at the end (live before it, not offboarded before it), onboardings
// gone live in the month, developers registered before its end,
// applications registered, survey answers given, tickets resolved in it
// or open at its end, revenue and cost of the month, requirements,
// audits and data stores assessed in it, incidents in it, critical
// vulnerabilities patched in it or open at its end. A quarter takes its
// requirements and audits; a year its partners at its start and end, and
// its months' revenue and cost.
func (p *platform) compute(cal kpi.Calendar) {
	p.adoption = map[kpi.Period]*monthly.Adoption{}
	p.governance = map[kpi.Period]*monthly.Governance{}
	for d := range p.declared {
		p.months = append(p.months, kpi.Month(d))
	}
	byFirst := func(a, b kpi.Period) int { return int(a.First - b.First) }
	slices.SortFunc(p.months, byFirst)
	covered := func(q kpi.Period) bool {
		for d := q.First; d <= q.Last; d = kpi.Month(d).Last + 1 {
			if !p.declared[d] {
				return false
			}
		}
		return true
	}
	for _, mo := range p.months {
		if q := kpi.Quarter(mo.First); q.First == mo.First && covered(q) {
			p.quarters = append(p.quarters, q)
		}
		if y := benchmark.PeriodOf(benchmark.Yearly, mo.First); y.First == mo.First && covered(y) {
			p.years = append(p.years, y)
		}
	}
	in := func(t time.Time, iv kpi.Interval) bool { return !t.Before(iv.Start) && t.Before(iv.End) }
	for i := range p.records {
		rec := &p.records[i]
		var at time.Time
		switch rec.Kind {
		case daily.PlatformRevenue, daily.PlatformCost:
			if !p.declared[rec.Month] {
				p.outside++
			}
			continue
		case daily.PlatformNPS, daily.PlatformApplication, daily.PlatformRequirement, daily.PlatformAudit, daily.PlatformDataStore, daily.PlatformIncident:
			at = rec.At
		case daily.PlatformVulnerability:
			if !rec.Critical {
				p.nonCritical++
			}
			continue
		default:
			continue // partners, developers, tickets: a state over months
		}
		if !p.declared[kpi.Month(cal.DateOf(at)).First] {
			p.outside++
		}
	}
	for _, mo := range p.months {
		iv := cal.Span(mo)
		a, g := &monthly.Adoption{}, &monthly.Governance{}
		p.adoption[mo], p.governance[mo] = a, g
		for i := range p.records {
			rec := &p.records[i]
			switch rec.Kind {
			case daily.PlatformPartner:
				if activeAt(rec, iv.Start, false) {
					_ = a.AddPartnerAtStart(rec.ID)
				}
				if activeAt(rec, iv.End, true) {
					_ = a.AddPartnerAtEnd(rec.ID)
				}
				if !rec.End.IsZero() && in(rec.End, iv) {
					_ = a.AddOnboarding(&monthly.Onboarding{PartnerID: rec.ID, Started: rec.Start, Live: rec.End})
				}
			case daily.PlatformDeveloper:
				if rec.At.Before(iv.End) {
					_ = a.AddDeveloper(rec.ID)
				}
			case daily.PlatformApplication:
				if in(rec.At, iv) {
					_ = a.AddApplication(rec.ID)
				}
			case daily.PlatformNPS:
				if in(rec.At, iv) {
					_ = a.AddSurveyAnswer(rec.Score)
				}
			case daily.PlatformTicket:
				switch {
				case !rec.End.IsZero() && in(rec.End, iv):
					_ = a.AddTicket(&monthly.Ticket{ID: rec.ID, Opened: rec.Start, Resolved: rec.End})
				case rec.Start.Before(iv.End) && (rec.End.IsZero() || !rec.End.Before(iv.End)):
					_ = a.AddTicket(&monthly.Ticket{ID: rec.ID, Opened: rec.Start}) // open at the month's end
				}
			case daily.PlatformRevenue:
				if rec.Month == mo.First {
					_ = a.AddRevenue(rec.Amount)
				}
			case daily.PlatformCost:
				if rec.Month == mo.First {
					_ = a.AddCost(rec.Amount)
				}
			case daily.PlatformRequirement:
				if in(rec.At, iv) {
					g.AddRequirement(rec.Met)
				}
			case daily.PlatformAudit:
				if in(rec.At, iv) {
					g.AddAudit(rec.Met)
				}
			case daily.PlatformDataStore:
				if in(rec.At, iv) {
					_ = g.AddDataStore(&monthly.DataStore{ID: rec.ID, Compliant: rec.Protected, Encrypted: rec.Encrypted})
				}
			case daily.PlatformIncident:
				if in(rec.At, iv) {
					_ = g.AddIncident(&monthly.Incident{ID: rec.ID, At: rec.At})
				}
			case daily.PlatformVulnerability:
				if !rec.Critical {
					continue
				}
				switch {
				case !rec.End.IsZero() && in(rec.End, iv):
					_ = g.AddVulnerability(&monthly.Vulnerability{ID: rec.ID, Found: rec.Start, Patched: rec.End})
				case rec.Start.Before(iv.End) && (rec.End.IsZero() || !rec.End.Before(iv.End)):
					_ = g.AddVulnerability(&monthly.Vulnerability{ID: rec.ID, Found: rec.Start}) // open at the month's end
				}
			}
		}
	}
	for _, q := range p.quarters {
		iv := cal.Span(q)
		g := &monthly.Governance{}
		for i := range p.records {
			switch rec := &p.records[i]; {
			case rec.Kind == daily.PlatformRequirement && in(rec.At, iv):
				g.AddRequirement(rec.Met)
			case rec.Kind == daily.PlatformAudit && in(rec.At, iv):
				g.AddAudit(rec.Met)
			}
		}
		p.governance[q] = g
	}
	for _, y := range p.years {
		iv := cal.Span(y)
		a := &monthly.Adoption{}
		for i := range p.records {
			rec := &p.records[i]
			switch rec.Kind {
			case daily.PlatformPartner:
				if activeAt(rec, iv.Start, false) {
					_ = a.AddPartnerAtStart(rec.ID)
				}
				if activeAt(rec, iv.End, true) {
					_ = a.AddPartnerAtEnd(rec.ID)
				}
			case daily.PlatformRevenue:
				if rec.Month >= y.First && rec.Month <= y.Last {
					_ = a.AddRevenue(rec.Amount)
				}
			case daily.PlatformCost:
				if rec.Month >= y.First && rec.Month <= y.Last {
					_ = a.AddCost(rec.Amount)
				}
			}
		}
		p.adoption[y] = a
	}
}

// activeAt reports whether partner rec was live at instant t (live at or
// before t, not offboarded at or before it), or, with atEnd, at the end of
// a period ending at t (live before t, not offboarded before t).
func activeAt(rec *daily.PlatformRecord, t time.Time, atEnd bool) bool {
	if rec.End.IsZero() {
		return false
	}
	if atEnd {
		return rec.End.Before(t) && (rec.Offboarded.IsZero() || !rec.Offboarded.Before(t))
	}
	return !rec.End.After(t) && (rec.Offboarded.IsZero() || rec.Offboarded.After(t))
}

// platformMeasurements adds the figures of -platform to ms, for the
// profile's targets of their KPIs only (another profile's findings stay
// as they were): per declared month onboarding time, NPS, support
// resolution, security incidents and time to patch; per quarter the
// compliance score; per year partner retention and ROI.
func (r *report) platformMeasurements(ms *benchmark.Measurements) {
	if r.monthly == nil || r.monthly.platform == nil {
		return
	}
	p := r.monthly.platform
	judged := map[benchmark.KPI]bool{}
	for _, t := range r.cfg.Profile.Targets {
		judged[t.KPI] = true
	}
	set := func(k benchmark.KPI, period kpi.Period, v kpi.Ratio) {
		if judged[k] {
			ms.Set(k, benchmark.Interface(), period, v)
		}
	}
	for _, mo := range p.months {
		a, g := p.adoption[mo], p.governance[mo]
		set(benchmark.OnboardingDays, mo, a.AvgOnboardingDays())
		set(benchmark.NPSPoints, mo, a.NPS())
		set(benchmark.SupportResolutionHours, mo, a.AvgResolutionHours())
		set(benchmark.SecurityIncidents, mo, kpi.RatioOf(g.SecurityIncidents(), 1))
		set(benchmark.PatchTimeHours, mo, g.AvgTimeToPatchHours())
	}
	for _, q := range p.quarters {
		set(benchmark.ComplianceScorePercent, q, p.governance[q].ComplianceScorePercent())
	}
	for _, y := range p.years {
		set(benchmark.PartnerRetentionPercent, y, p.adoption[y].PartnerRetentionPercent())
		set(benchmark.ROIPercent, y, p.adoption[y].ROIPercent())
	}
}

// platformRecordsView adds the figures of -platform to the dashboard's
// Platform KPIs: a tile per judged KPI for its latest period, a chart per
// monthly KPI with the platform profile's threshold, the months' table
// and the quarters' and years' (every figure in its unit, every judged
// one with its verdict).
func (r *report) platformRecordsView(v *htmlView, plat benchmark.Profile) {
	mo := r.monthly
	if mo == nil || mo.platform == nil {
		return
	}
	p := mo.platform
	v.HasPlatform = true
	money := "minor units"
	if p.currency != "" {
		money += " of " + p.currency
	}
	v.PlatformNote = fmt.Sprintf("%s: %d months declared complete (%d quarters, %d years whole); %d dated records in no declared month, %d vulnerabilities not critical, %d repeated rows: in no figure.",
		p.name, len(p.months), len(p.quarters), len(p.years), p.outside, p.nonCritical, p.repeats)
	judge := func(id string, x kpi.Ratio) (benchmark.Target, string) {
		t, _ := plat.Target(id)
		verdict, _ := t.Judge(x)
		return t, verdict.String()
	}
	verdictCell := func(id string, x kpi.Ratio) string {
		_, verdict := judge(id, x)
		return text(x) + " " + verdict
	}
	latest := func(ps []kpi.Period, id, key string, value func(kpi.Period) kpi.Ratio) {
		if len(ps) == 0 {
			return
		}
		last := ps[len(ps)-1]
		x := value(last)
		t, verdict := judge(id, x)
		v.Platform = append(v.Platform, tile{Key: key + " (" + periodName(last) + ")", Value: text(x), Unit: t.KPI.Unit(), Class: verdict,
			Note: fmt.Sprintf("target %s %s %s per %s (%s)", t.Cmp, t.Threshold, t.KPI.Unit(), t.Period, t.ID)})
	}
	adopt := func(f func(*monthly.Adoption) kpi.Ratio) func(kpi.Period) kpi.Ratio {
		return func(q kpi.Period) kpi.Ratio { return f(p.adoption[q]) }
	}
	gov := func(f func(*monthly.Governance) kpi.Ratio) func(kpi.Period) kpi.Ratio {
		return func(q kpi.Period) kpi.Ratio { return f(p.governance[q]) }
	}
	incidents := func(g *monthly.Governance) kpi.Ratio { return count(g.SecurityIncidents()) }
	latest(p.months, "platform.onboarding", "Onboarding time (VO-ADOPT-1)", adopt((*monthly.Adoption).AvgOnboardingDays))
	latest(p.months, "platform.nps", "Developer NPS (VO-ADOPT-1)", adopt((*monthly.Adoption).NPS))
	latest(p.months, "platform.support-resolution", "Support resolution (VO-ADOPT-1)", adopt((*monthly.Adoption).AvgResolutionHours))
	latest(p.years, "platform.partner-retention", "Partner retention (VO-ADOPT-1)", adopt((*monthly.Adoption).PartnerRetentionPercent))
	latest(p.years, "platform.roi", "ROI (VO-ADOPT-1)", adopt((*monthly.Adoption).ROIPercent))
	latest(p.quarters, "platform.compliance-score", "Compliance score (VO-GOV-1)", gov((*monthly.Governance).ComplianceScorePercent))
	latest(p.months, "platform.security-incidents", "Security incidents (VO-GOV-1)", gov(incidents))
	latest(p.months, "platform.patch-time", "Time to patch critical vulnerabilities (VO-GOV-1)", gov((*monthly.Governance).AvgTimeToPatchHours))

	// The months: a chart per judged monthly KPI, then the table.
	var x []string
	for _, m := range p.months {
		x = append(x, periodName(m))
	}
	series := func(value func(kpi.Period) kpi.Ratio) []kpi.Ratio {
		out := make([]kpi.Ratio, len(p.months))
		for i, m := range p.months {
			out[i] = value(m)
		}
		return out
	}
	for _, c := range []struct {
		id, title string
		value     func(kpi.Period) kpi.Ratio
		bars      bool
	}{
		{"platform.nps", "Developer NPS per month (VO-ADOPT-1: 100 × (promoters - detractors) / answers)", adopt((*monthly.Adoption).NPS), false},
		{"platform.onboarding", "Average onboarding time of the partners gone live per month (VO-ADOPT-1)", adopt((*monthly.Adoption).AvgOnboardingDays), false},
		{"platform.support-resolution", "Average support resolution time of the tickets resolved per month (VO-ADOPT-1)", adopt((*monthly.Adoption).AvgResolutionHours), false},
		{"platform.patch-time", "Average time to patch the critical vulnerabilities patched per month (VO-GOV-1)", gov((*monthly.Governance).AvgTimeToPatchHours), false},
		{"platform.security-incidents", "Security incidents per month (VO-GOV-1)", gov(incidents), true},
	} {
		t, _ := plat.Target(c.id)
		vals := series(c.value)
		th, fl := threshold(t, true, vals)
		ch := &dashboard.Chart{ID: "platform-" + t.KPI.String(), Title: c.title, Unit: t.KPI.Unit(), XName: "month (" + r.cfg.Cal.Location().String() + ")", X: x,
			Series: []dashboard.Series{{Name: t.KPI.String(), Values: vals}}, Threshold: th, Fail: fl, ZeroBase: true}
		if c.bars {
			ch.Kind, ch.Counts = dashboard.Bars, true
		}
		v.PlatformCharts = append(v.PlatformCharts, r.chart(ch))
	}
	rev, cost := make([]kpi.Ratio, len(p.months)), make([]kpi.Ratio, len(p.months))
	for i, m := range p.months {
		rev[i], cost[i] = kpi.RatioOfBig(p.adoption[m].RevenueMinor(), big.NewInt(1)), kpi.RatioOfBig(p.adoption[m].CostMinor(), big.NewInt(1))
	}
	v.PlatformCharts = append(v.PlatformCharts, r.chart(&dashboard.Chart{ID: "platform-money", Title: "Revenue and cost per month", Unit: money,
		XName: "month", X: x, Counts: true, ZeroBase: true, Series: []dashboard.Series{{Name: "revenue", Values: rev}, {Name: "cost", Values: cost}}}))

	v.PlatformHeader = []string{"Month", "Active partners at the end", "Partner retention over the month %", "Onboardings", "Onboarding time days",
		"Unique developers", "Developer growth %", "Applications registered", "NPS answers (promoters / passives / detractors)", "NPS points",
		"Tickets resolved / open", "Support resolution h", "Revenue (" + money + ")", "Cost (" + money + ")", "Revenue per partner (" + money + ")", "ROI over the month %",
		"Requirements met / applicable", "Data stores", "Data protection %", "Encryption %", "Security incidents",
		"Critical vulnerabilities patched / open", "Time to patch h", "Patched within 24 h %"}
	var prev *monthly.Adoption
	for i, m := range p.months {
		if i > 0 && p.months[i-1].Last+1 != m.First {
			prev = nil // growth from the month before only
		}
		a, g := p.adoption[m], p.governance[m]
		f, gf := a.Figures(), g.Figures()
		v.PlatformMonths = append(v.PlatformMonths, []string{periodName(m), daily.U(f.ActivePartners), text(f.PartnerRetentionPercent), daily.U(f.Onboardings),
			verdictCell("platform.onboarding", f.AvgOnboardingDays), daily.U(f.UniqueDevelopers), text(monthly.DeveloperGrowthPercent(prev, a)), daily.U(f.ApplicationRegistrations),
			fmt.Sprintf("%d / %d / %d", f.Promoters, f.Passives, f.Detractors), verdictCell("platform.nps", f.NPS),
			fmt.Sprintf("%d / %d", f.ResolvedTickets, f.OpenTickets), verdictCell("platform.support-resolution", f.AvgResolutionHours),
			a.RevenueMinor().String(), a.CostMinor().String(), text(f.RevenuePerPartnerMinor), text(f.ROIPercent),
			fmt.Sprintf("%d / %d", gf.RequirementsMet, gf.RequirementsApplicable), daily.U(gf.DataStores), text(gf.DataProtectionPercent), text(gf.EncryptionPercent),
			verdictCell("platform.security-incidents", count(gf.SecurityIncidents)), fmt.Sprintf("%d / %d", gf.PatchedVulnerabilities, gf.OpenVulnerabilities),
			verdictCell("platform.patch-time", gf.AvgTimeToPatchHours), text(gf.PatchedWithin24hPercent)})
		prev = a
	}
	v.PlatformPeriodHeader = []string{"Period", "Compliance score %", "Audits passed / held", "Audit success %", "Partner retention %",
		"Revenue (" + money + ")", "Cost (" + money + ")", "ROI %"}
	for _, q := range p.quarters {
		gf := p.governance[q].Figures()
		v.PlatformPeriods = append(v.PlatformPeriods, []string{periodName(q), verdictCell("platform.compliance-score", gf.ComplianceScorePercent),
			fmt.Sprintf("%d / %d", gf.AuditsPassed, gf.Audits), text(gf.AuditSuccessPercent), "", "", "", ""})
	}
	for _, y := range p.years {
		a := p.adoption[y]
		v.PlatformPeriods = append(v.PlatformPeriods, []string{periodName(y), "", "", "", verdictCell("platform.partner-retention", a.PartnerRetentionPercent()),
			a.RevenueMinor().String(), a.CostMinor().String(), verdictCell("platform.roi", a.ROIPercent())})
	}
}

// periodName writes a month as 2026-03, a quarter as 2026-Q1, a year as
// 2026.
func periodName(p kpi.Period) string {
	y, m, _ := p.First.Civil()
	switch k, _ := benchmark.KindOf(p); k {
	case benchmark.Monthly:
		return fmt.Sprintf("%04d-%02d", y, int(m))
	case benchmark.Quarterly:
		return fmt.Sprintf("%04d-Q%d", y, (int(m)-1)/3+1)
	case benchmark.Yearly:
		return fmt.Sprintf("%04d", y)
	}
	return p.First.String() + ".." + p.Last.String()
}
