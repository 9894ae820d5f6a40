package main

import (
	"cmp"
	"fmt"
	"html/template"
	"io"
	"math/big"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/authfunnel"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/benchmark/book"
	"github.com/openfinance-kpi/kpi/errorrate"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
	"github.com/openfinance-kpi/kpi/examples/internal/dashboard"
	"github.com/openfinance-kpi/kpi/performance"
	"github.com/openfinance-kpi/kpi/volumes/monthly"
)

// The HTML dashboard (-format html): one self-contained file, organised
// as a platform dashboard (executive overview, API operations, usage by
// partner, compliance, platform KPIs), every chart drawn as inline SVG by
// examples/internal/dashboard with its figures as a table. Every figure is
// the library's, formatted as daily.csv formats it; the page loads
// nothing (its Content Security Policy forbids it).

type tile struct {
	Key, Value, Unit, Class, Note string
}

type chip struct {
	Text, Class, Title string
}

type benchLine struct {
	ID, Title, Scope, Rule, Unit string
	Worst                        string
	Pass, Fail, NoData           int
	Chips                        []chip
}

type endpointLine struct {
	Endpoint                                   string
	Calls, S2xx, S4xx, S5xx, NoResp            uint64
	ErrorRate, Avg, P95, Max, Downtime, Uptime string
	PeakTPS                                    uint64
	Days, Unobserved                           int
}

type rollupLine struct {
	Kind, Period, Coverage      string
	Partial                     bool
	Calls                       uint64
	ErrorRate, Avg, P95, Uptime string
	Downtime                    string
}

type partnerLine struct {
	TPP                             string
	Calls, S2xx, S4xx, S5xx, NoResp uint64
	Share, ErrorRate, Avg, P95, Max string
}

type outageLine struct {
	Endpoint, Start, End, Seconds, Flags, Opened, Closed string
}

type authLine struct {
	Date, AuthType, API, TPPChannel, BankChannel string
	authfunnel.Counts
	Check string
}

type htmlView struct {
	Rules, Profile, Zone, Files, First, Last, AsOf string
	Calls                                          uint64
	Skipped                                        int
	Overview                                       []tile
	Benchmarks                                     []benchLine
	Budgets                                        []template.HTML
	BudgetTiles                                    []tile
	Ops                                            []template.HTML
	Endpoints                                      []endpointLine
	EndpointsTotal                                 int // Endpoints lists the busiest htmlMaxEndpoints when there are more
	EndpointCharts                                 []template.HTML
	Rollups                                        []rollupLine
	Partners                                       []partnerLine
	PartnerChart                                   template.HTML
	HasPartners                                    bool
	Findings                                       []daily.Finding
	Outages                                        []outageLine
	OutagesTotal                                   int // Outages lists the longest htmlMaxOutages when there are more
	Planned                                        []outageLine
	Unobserved                                     []string
	BadRows                                        []string
	Platform                                       []tile
	Missing                                        string
	HasAuth, HasUsers, HasTPPs                     bool
	AuthTotals                                     []tile
	AuthChart                                      template.HTML
	Auth                                           []authLine
	AuthRejected                                   string
	UserHeader, TPPHeader                          []string
	Users, TPPs                                    [][]string

	// -platform's figures (platform.go).
	HasPlatform                          bool
	PlatformNote                         string
	PlatformCharts                       []template.HTML
	PlatformHeader, PlatformPeriodHeader []string
	PlatformMonths, PlatformPeriods      [][]string
}

// text is an exact figure as daily.csv writes it, or "no data".
func text(x kpi.Ratio) string {
	if !x.OK() {
		return "no data"
	}
	return x.Format(places)
}

func ms(d time.Duration, ok bool) kpi.Ratio {
	if !ok || d < 0 {
		return kpi.NoData
	}
	return kpi.RatioOf(uint64(d), uint64(time.Millisecond))
}

func count(v uint64) kpi.Ratio { return kpi.RatioOf(v, 1) }

// p95 is PF-PCTL-1's estimate from a state's histogram, in ms.
func p95(s *book.EndpointDay) kpi.Ratio {
	if s == nil {
		return kpi.NoData
	}
	return ms(s.Hist.Quantile(0.95))
}

// merged returns the merge of states (nil ones skipped).
func (r *report) merged(states ...*book.EndpointDay) *book.EndpointDay {
	e := book.NewEndpointDay(r.cfg.Config().Performance, false)
	for _, s := range states {
		if s != nil {
			_ = e.Merge(s) // one configuration; counts far below overflow
		}
	}
	return &e
}

func errRate(s *book.EndpointDay) kpi.Ratio { return s.Errors.RatePercent(errorrate.Options{}) }
func avgTTLB(s *book.EndpointDay) kpi.Ratio { return s.Perf.AvgTTLBMs(performance.Responded) }

// interfaceTarget returns the profile's interface target of k, if any.
func interfaceTarget(p benchmark.Profile, k benchmark.KPI) (benchmark.Target, bool) {
	for _, t := range p.Targets {
		if t.KPI == k && t.Scope == benchmark.ScopeInterface {
			return t, true
		}
	}
	return benchmark.Target{}, false
}

func targetLabel(t benchmark.Target) string {
	return fmt.Sprintf("%s %s %s (%s, per %s)", t.Cmp, t.Threshold, t.KPI.Unit(), t.ID, t.Period)
}

// threshold returns the chart threshold of t and each value's failure.
func threshold(t benchmark.Target, ok bool, values []kpi.Ratio) (*dashboard.Threshold, []bool) {
	if !ok {
		return nil, nil
	}
	fail := make([]bool, len(values))
	for i, v := range values {
		verdict, _ := t.Judge(v)
		fail[i] = verdict == benchmark.Fail
	}
	return &dashboard.Threshold{Value: kpi.RatioOfRat(t.Threshold.Rat()), Label: targetLabel(t)}, fail
}

func (r *report) chart(c *dashboard.Chart) template.HTML {
	c.Places = places
	if c.Ticks == nil {
		c.Ticks = dashboard.ShortDates(c.X)
	}
	h, err := c.HTML()
	if err != nil { // a template error is a bug; show it rather than hide the chart
		return template.HTML(template.HTMLEscapeString("chart " + c.ID + ": " + err.Error()))
	}
	return h
}

func writeHTML(w io.Writer, r *report) error {
	return htmlTemplate.Execute(w, r.htmlView())
}

func (r *report) htmlView() *htmlView {
	cfg, res := r.cfg, r.res
	loc := cfg.Cal.Location()
	v := &htmlView{Rules: cfg.Rules, Profile: cfg.Profile.Name, Zone: loc.String(), Files: strings.Join(r.files, ", "),
		Calls: res.Calls, Skipped: len(r.bad)}
	for i, b := range r.bad {
		if i == 50 {
			v.BadRows = append(v.BadRows, fmt.Sprintf("... and %d more (all on stderr)", len(r.bad)-50))
			break
		}
		v.BadRows = append(v.BadRows, b.String())
	}
	if res.Calls == 0 {
		return v
	}
	v.First, v.Last, v.AsOf = res.First.String(), res.Last.String(), res.AsOf.In(loc).Format(time.RFC3339)
	iface := map[kpi.Date]*book.Row{}
	var ifaceStates []*book.EndpointDay
	for i := range res.Rows {
		if rw := &res.Rows[i]; rw.Interface {
			iface[rw.Date] = rw
			ifaceStates = append(ifaceStates, rw.State)
		}
	}
	var dates []kpi.Date
	var x []string
	for d := res.First; d <= res.Last; d++ {
		dates = append(dates, d)
		x = append(x, d.String())
	}
	xName := "day (" + loc.String() + ")"
	all := r.merged(ifaceStates...)
	opts := cfg.Profile.Availability
	spanUptime := availability.PeriodUptimePercent(res.DaysIn(kpi.Period{First: res.First, Last: res.Last}), opts)
	findings := r.findings()

	// Executive overview: health tiles.
	var pass, fail, nodata int
	for _, f := range findings {
		switch f.Verdict {
		case benchmark.Pass:
			pass++
		case benchmark.Fail:
			fail++
		default:
			nodata++
		}
	}
	ut, uok := cfg.Profile.UptimeTarget()
	peak := uint64(0)
	for _, rw := range iface {
		peak = max(peak, rw.PeakTPS)
	}
	verdictTile := tile{Key: "Benchmark findings", Value: fmt.Sprintf("%d FAIL", fail), Unit: "", Note: fmt.Sprintf("%d PASS, %d NO DATA (profile %s)", pass, nodata, cfg.Profile.Name), Class: "PASS"}
	if fail > 0 {
		verdictTile.Class = "FAIL"
	}
	var downSum time.Duration
	for o := range res.Outages() {
		downSum += o.End.Sub(o.Start)
	}
	v.Overview = []tile{
		verdictTile,
		{Key: "Interface uptime over the days (AV-PCT-2)", Value: text(spanUptime), Unit: "%", Note: "no uptime target in the profile"},
		{Key: "Calls", Value: daily.U(res.Calls), Unit: "calls", Note: fmt.Sprintf("%s to %s", res.First, res.Last)},
		{Key: "Error rate (pooled, ER-2)", Value: text(errRate(all)), Unit: "%"},
		{Key: "Average TTLB (PF-AVG-2)", Value: text(avgTTLB(all)), Unit: "ms"},
		{Key: "p95 TTLB (PF-PCTL-1, ±0.8 %)", Value: text(p95(all)), Unit: "ms"},
		{Key: "Peak TPS (a day's most calls in one second)", Value: daily.U(peak), Unit: "calls/s"},
		{Key: "Outages derived from calls", Value: fmt.Sprint(res.NumOutages()), Unit: "", Note: fmt.Sprintf("%s of endpoint downtime", downSum.Round(time.Second))},
	}

	// Each benchmark's verdict per period, with its margin and unit.
	type key struct{ id, scope string }
	index := map[key]int{}
	for _, f := range findings {
		k := key{f.Target.ID, f.Scope.String()}
		i, ok := index[k]
		if !ok {
			i = len(v.Benchmarks)
			index[k] = i
			v.Benchmarks = append(v.Benchmarks, benchLine{ID: f.Target.ID, Title: f.Target.Title, Scope: f.Scope.String(),
				Rule: fmt.Sprintf("%s %s %s %s per %s", f.Target.KPI, f.Target.Cmp, f.Target.Threshold, f.Target.KPI.Unit(), f.Target.Period)})
		}
		b := &v.Benchmarks[i]
		period := "no period"
		if f.Period != (kpi.Period{}) {
			period = f.Period.First.String()
			if f.Period.Last != f.Period.First {
				period += "/" + f.Period.Last.String()
			}
		}
		margin := "no data"
		if f.Margin.OK() {
			margin = f.Margin.Format(places)
			if !strings.HasPrefix(margin, "-") {
				margin = "+" + margin
			}
			margin += " " + f.Target.KPI.Unit()
		}
		title := fmt.Sprintf("%s %s: measured %s %s, margin %s", f.Target.ID, period, text(f.Measured), f.Target.KPI.Unit(), margin)
		if f.Note != "" {
			title += " (" + f.Note + ")"
		}
		b.Chips = append(b.Chips, chip{Text: period + " " + f.Verdict.String() + " " + margin, Class: f.Verdict.String(), Title: title})
		switch f.Verdict {
		case benchmark.Pass:
			b.Pass++
		case benchmark.Fail:
			b.Fail++
		default:
			b.NoData++
		}
		if b.Worst == "" || f.Verdict == benchmark.Fail {
			b.Worst = f.Verdict.String()
		}
	}

	// The uptime tile takes the colour of the uptime target's findings
	// (the figure over the days is shown; the target judges its periods).
	if uok {
		var p, f, nd int
		for _, b := range v.Benchmarks {
			if b.ID == ut.ID {
				p, f, nd = p+b.Pass, f+b.Fail, nd+b.NoData
			}
		}
		t := &v.Overview[1]
		t.Class = "PASS"
		switch {
		case f > 0:
			t.Class = "FAIL"
		case p == 0:
			t.Class = "NO DATA"
		}
		t.Note = fmt.Sprintf("%s: %d FAIL, %d PASS, %d NO DATA (target %s %s %% per %s)", ut.ID, f, p, nd, ut.Cmp, ut.Threshold, ut.Period)
	}

	// AV-BUDGET-1: the downtime budget of each quarter, burned down.
	seenQ := map[kpi.Period]bool{}
	for _, d := range dates {
		q := kpi.Quarter(d)
		if seenQ[q] {
			continue
		}
		seenQ[q] = true
		r.budget(v, q)
	}

	// API operations: the interface's days.
	n := len(dates)
	uptime, avg, pct95, errs, tps := make([]kpi.Ratio, n), make([]kpi.Ratio, n), make([]kpi.Ratio, n), make([]kpi.Ratio, n), make([]kpi.Ratio, n)
	classes := []string{"2xx", "3xx", "4xx", "5xx", "no response"}
	vol := make([][]kpi.Ratio, len(classes))
	for k := range vol {
		vol[k] = make([]kpi.Ratio, n)
	}
	for i, d := range dates {
		rw := iface[d]
		uptime[i], avg[i], pct95[i], errs[i] = rw.UptimePercent, rw.AvgTTLBMs, p95(rw.State), rw.ErrorRatePercent
		tps[i] = kpi.NoData
		if rw.HasPeakTPS {
			tps[i] = count(rw.PeakTPS)
		}
		for k, c := range []uint64{rw.Status2xx, rw.Status3xx, rw.Status4xx, rw.Status5xx, rw.NoResponse} {
			vol[k][i] = count(c)
		}
	}
	t, ok := interfaceTarget(cfg.Profile, benchmark.UptimePercent)
	th, fl := threshold(t, ok, uptime)
	unobserved := make([]bool, n)
	for i, d := range dates {
		unobserved[i] = !iface[d].Day.Observed()
	}
	v.Ops = append(v.Ops, r.chart(&dashboard.Chart{ID: "ops-uptime", Title: "Interface uptime per day (AV-PCT-1; hollow: no call that day, judged NO DATA)", Unit: "%", XName: xName, X: x,
		Series: []dashboard.Series{{Name: "uptime", Values: uptime}}, Threshold: th, Fail: fl, Unobserved: unobserved}))
	t, ok = interfaceTarget(cfg.Profile, benchmark.AvgTTLBMs)
	th, fl = threshold(t, ok, avg)
	v.Ops = append(v.Ops, r.chart(&dashboard.Chart{ID: "ops-ttlb", Title: "Interface TTLB per day: average (PF-AVG-2) and p95 (PF-PCTL-1)", Unit: "ms", XName: xName, X: x,
		Series: []dashboard.Series{{Name: "average", Values: avg}, {Name: "p95", Values: pct95}}, Threshold: th, Fail: fl, ZeroBase: true}))
	m := r.res.Measurements()
	for _, t := range cfg.Profile.Targets {
		if t.Scope != benchmark.ScopeGroup || t.Period != benchmark.Daily {
			continue
		}
		vals := make([]kpi.Ratio, n)
		for i, d := range dates {
			vals[i] = kpi.NoData
			if got, ok := m.Get(t.KPI, benchmark.Group(t.Group), kpi.Period{First: d, Last: d}); ok {
				vals[i] = got
			}
		}
		th, fl := threshold(t, true, vals)
		v.Ops = append(v.Ops, r.chart(&dashboard.Chart{ID: "ops-" + t.ID, Title: fmt.Sprintf("%s: %s of group %q per day", t.Title, t.KPI, t.Group), Unit: t.KPI.Unit(), XName: xName, X: x,
			Series: []dashboard.Series{{Name: t.Group, Values: vals}}, Threshold: th, Fail: fl, ZeroBase: true}))
	}
	t, ok = interfaceTarget(cfg.Profile, benchmark.ErrorRatePercent)
	th, fl = threshold(t, ok, errs)
	v.Ops = append(v.Ops, r.chart(&dashboard.Chart{ID: "ops-errors", Title: "Interface error rate per day (ER-2: attributable 5xx over all calls)", Unit: "%", XName: xName, X: x,
		Series: []dashboard.Series{{Name: "error rate", Values: errs}}, Threshold: th, Fail: fl, ZeroBase: true}))
	var volSeries []dashboard.Series
	for k, c := range classes {
		volSeries = append(volSeries, dashboard.Series{Name: c, Values: vol[k]})
	}
	v.Ops = append(v.Ops, r.chart(&dashboard.Chart{ID: "ops-volumes", Title: "Calls per day by class of final status (VO-DAY-1)", Unit: "calls", XName: xName, X: x, Kind: dashboard.Bars, Counts: true, Series: volSeries}))
	v.Ops = append(v.Ops, r.chart(&dashboard.Chart{ID: "ops-tps", Title: "Peak calls in one second per day (PF-TPS-1)", Unit: "calls/s", XName: xName, X: x, Kind: dashboard.Bars, Counts: true,
		Series: []dashboard.Series{{Name: "peak TPS", Values: tps}}}))

	r.endpoints(v, dates, x, xName)
	r.rollups(v)
	r.partnersView(v)

	// Compliance.
	for _, f := range findings {
		jf := daily.FindingOf(&f, true)
		if f.Period.First == f.Period.Last && f.Period != (kpi.Period{}) {
			jf.FindingPeriod = &daily.FindingPeriod{Period: f.Period.First.String()} // one day
		}
		v.Findings = append(v.Findings, jf)
	}
	stamp := "2006-01-02 15:04:05.000"
	v.OutagesTotal = res.NumOutages()
	shown := longestOutages(res, htmlMaxOutages)
	k := -1
	for o := range res.Outages() {
		if k++; !shown(k) {
			continue
		}
		flags := ""
		if o.Ongoing {
			flags = "ongoing"
		}
		if o.Idle {
			flags = strings.TrimSpace(flags + " idle (no traffic for a while)")
		}
		v.Outages = append(v.Outages, outageLine{Endpoint: o.Endpoint, Start: o.Start.In(loc).Format(stamp), End: o.End.In(loc).Format(stamp),
			Seconds: text(o.Seconds()), Flags: flags, Opened: r.evidence(o.Opened), Closed: r.evidence(o.Closed)})
	}
	for _, p := range r.planned {
		ep := p.Endpoint
		if ep == "" {
			ep = "every endpoint"
		}
		v.Planned = append(v.Planned, outageLine{Endpoint: ep, Start: p.Start.In(loc).Format(stamp), End: p.End.In(loc).Format(stamp),
			Seconds: text(kpi.RatioOf(uint64(p.End.Sub(p.Start)), uint64(time.Second)))})
	}
	for i := range res.Rows {
		if rw := &res.Rows[i]; !rw.Day.Observed() {
			v.Unobserved = append(v.Unobserved, rw.Date.String()+" "+daily.Endpoint(rw))
		}
	}
	r.platformView(v, all, iface, dates, spanUptime)
	return v
}

// budget adds quarter q's burn-down (AV-BUDGET-1) to v: the downtime used
// from the first reported day to each day, against the quarter's
// allowance at the profile's uptime target, and the straight line that
// spends it evenly.
func (r *report) budget(v *htmlView, q kpi.Period) {
	cfg, res := r.cfg, r.res
	opts := cfg.Profile.Availability
	full, ok := cfg.Profile.DowntimeBudget(cfg.Cal, q, 0)
	if !ok {
		return
	}
	days := int(q.Last-q.First) + 1
	var x []string
	used, even := make([]kpi.Ratio, days), make([]kpi.Ratio, days)
	fail := make([]bool, days)
	first := max(q.First, res.First)
	var usedTotal time.Duration
	for i := range days {
		d := q.First + kpi.Date(i)
		x = append(x, d.String())
		even[i] = kpi.RatioOfRat(new(big.Rat).Mul(full.Allowed.Rat(), big.NewRat(int64(i+1), int64(days))))
		used[i] = kpi.NoData
		if d < first || d > res.Last {
			continue
		}
		_, u := availability.PeriodDowntime(res.DaysIn(kpi.Period{First: first, Last: d}), opts)
		usedTotal = u
		used[i] = kpi.RatioOf(uint64(u), uint64(time.Second))
		c := used[i].Cmp(full.Allowed)
		fail[i] = c > 0 || (c == 0 && full.Strict)
	}
	v.Budgets = append(v.Budgets, r.chart(&dashboard.Chart{ID: "budget-" + q.First.String(),
		Title: fmt.Sprintf("Downtime budget %s to %s, burned down (AV-BUDGET-1; days observed %s to %s)", q.First, q.Last, first, min(q.Last, res.Last)),
		Unit:  "s", XName: "day (" + cfg.Cal.Location().String() + ")", X: x, ZeroBase: true,
		Series:    []dashboard.Series{{Name: "downtime used so far", Values: used}, {Name: "allowance spent evenly", Values: even}},
		Threshold: &dashboard.Threshold{Value: full.Allowed, Label: fmt.Sprintf("allowance %s s at %s %% uptime", full.Allowed.Format(0), full.TargetPercent)},
		Fail:      fail}))
	b, _ := cfg.Profile.DowntimeBudget(cfg.Cal, q, usedTotal)
	v.BudgetTiles = append(v.BudgetTiles, tile{Key: fmt.Sprintf("Downtime budget %s to %s", q.First, q.Last), Value: text(b.Left), Unit: "s left",
		Class: b.Verdict().String(), Note: fmt.Sprintf("used %s s of %s s allowed at %s %%", text(b.Used), text(b.Allowed), b.TargetPercent)})
}

// endpoints adds the per-endpoint table and charts.
func (r *report) endpoints(v *htmlView, dates []kpi.Date, x []string, xName string) {
	res, cfg := r.res, r.cfg
	opts := cfg.Profile.Availability
	byEP := map[string]map[kpi.Date]*book.Row{}
	for i := range res.Rows {
		rw := &res.Rows[i]
		if rw.Interface {
			continue
		}
		if byEP[rw.Endpoint] == nil {
			byEP[rw.Endpoint] = map[kpi.Date]*book.Row{}
		}
		byEP[rw.Endpoint][rw.Date] = rw
	}
	v.EndpointsTotal = len(res.Endpoints)
	for _, ep := range busiest(res.Endpoints, byEP, htmlMaxEndpoints) {
		rows := byEP[ep]
		var states []*book.EndpointDay
		for _, rw := range rows {
			states = append(states, rw.State)
		}
		s := r.merged(states...)
		c := s.Volumes.Figures()
		epDays := res.Days(ep)
		_, down := availability.PeriodDowntime(epDays, opts)
		line := endpointLine{Endpoint: ep, Calls: c.Calls, S2xx: c.Successful, S4xx: c.FailedBusiness, S5xx: c.Status5xx, NoResp: c.NoResponse,
			ErrorRate: text(errRate(s)), Avg: text(avgTTLB(s)), P95: text(p95(s)), Max: text(s.Perf.MaxTTLBMs(performance.Responded)),
			Downtime: text(kpi.RatioOf(uint64(down), uint64(time.Second))), Uptime: text(availability.PeriodUptimePercent(epDays, opts)), Days: len(rows)}
		for _, rw := range rows {
			line.PeakTPS = max(line.PeakTPS, rw.PeakTPS)
		}
		for _, d := range epDays {
			if !d.Observed() {
				line.Unobserved++
			}
		}
		v.Endpoints = append(v.Endpoints, line)

		n := len(dates)
		avg, pct := make([]kpi.Ratio, n), make([]kpi.Ratio, n)
		for i, d := range dates {
			avg[i], pct[i] = kpi.NoData, kpi.NoData
			if rw := rows[d]; rw != nil {
				avg[i], pct[i] = rw.AvgTTLBMs, p95(rw.State)
			}
		}
		var th *dashboard.Threshold
		var fl []bool
		for _, t := range cfg.Profile.Targets { // the endpoint's group target on TTLB, if any
			if t.KPI == benchmark.AvgTTLBMs && t.Scope == benchmark.ScopeGroup && cfg.Profile.InGroup(t.Group, ep) {
				th, fl = threshold(t, true, avg)
				th.Label += " (pooled over the group; this endpoint shown against it)"
				break
			}
		}
		v.EndpointCharts = append(v.EndpointCharts, r.chart(&dashboard.Chart{ID: "ep-" + ep, Title: ep + ": TTLB per day", Unit: "ms", XName: xName, X: x,
			Series: []dashboard.Series{{Name: "average", Values: avg}, {Name: "p95", Values: pct}}, Threshold: th, Fail: fl, ZeroBase: true}))
	}
}

// A page for people: past these, the endpoints table and its charts show
// the busiest endpoints, and the outages table the longest outages (a
// log of raw paths has an endpoint per path: 200,000 endpoints made a
// page of 500 MB). -format csv and json give every one.
const (
	htmlMaxEndpoints = 100
	htmlMaxOutages   = 500
)

// busiest returns eps (in byte order) when there are at most n;
// otherwise the n with the most calls, busiest first (busiestFirst).
func busiest(eps []string, byEP map[string]map[kpi.Date]*book.Row, n int) []string {
	if len(eps) <= n {
		return eps
	}
	counts := make([]kpi.EndpointCount, len(eps))
	for i, ep := range eps {
		counts[i].Endpoint = ep
		for _, rw := range byEP[ep] {
			counts[i].Calls += rw.Calls
		}
	}
	out := make([]string, 0, n)
	for _, c := range busiestFirst(counts, n) {
		out = append(out, c.Endpoint)
	}
	return out
}

// longestOutages returns whether outage k (in res.Outages' order) is
// shown: every one when there are at most n; otherwise the n longest
// (ties: the first in that order).
func longestOutages(res *book.Result, n int) func(k int) bool {
	total := res.NumOutages()
	if total <= n {
		return func(int) bool { return true }
	}
	type length struct {
		d time.Duration
		k int
	}
	ls := make([]length, 0, total)
	for o := range res.Outages() {
		ls = append(ls, length{o.Duration(), len(ls)})
	}
	slices.SortFunc(ls, func(a, b length) int {
		if c := cmp.Compare(b.d, a.d); c != 0 {
			return c
		}
		return cmp.Compare(a.k, b.k)
	})
	show := make([]bool, total)
	for _, l := range ls[:n] {
		show[l.k] = true
	}
	return func(k int) bool { return show[k] }
}

// rollups adds the weekly, monthly and quarterly figures of the periods
// the days touch; a period the days cover only in part says so.
func (r *report) rollups(v *htmlView) {
	res := r.res
	opts := r.cfg.Profile.Availability
	states := map[kpi.Date]*book.EndpointDay{}
	for i := range res.Rows {
		if rw := &res.Rows[i]; rw.Interface {
			states[rw.Date] = rw.State
		}
	}
	week := func(d kpi.Date) kpi.Period {
		first := d.AddDays(-((int(d.Weekday()) + 6) % 7))
		return kpi.Period{First: first, Last: first.AddDays(6)}
	}
	for _, kind := range []struct {
		name string
		of   func(kpi.Date) kpi.Period
	}{{"week", week}, {"month", kpi.Month}, {"quarter", kpi.Quarter}} {
		seen := map[kpi.Period]bool{}
		for d := res.First; d <= res.Last; d++ {
			p := kind.of(d)
			if seen[p] {
				continue
			}
			seen[p] = true
			first, last := max(p.First, res.First), min(p.Last, res.Last)
			var ss []*book.EndpointDay
			for e := first; e <= last; e++ {
				ss = append(ss, states[e])
			}
			s := r.merged(ss...)
			in := res.DaysIn(p)
			_, down := availability.PeriodDowntime(in, opts)
			covered, total := int(last-first)+1, int(p.Last-p.First)+1
			name := p.First.String() + " to " + p.Last.String()
			if kind.name == "week" {
				y, w := p.First.ISOWeek()
				name = fmt.Sprintf("%d-W%02d (%s)", y, w, name)
			}
			v.Rollups = append(v.Rollups, rollupLine{Kind: kind.name, Period: name, Coverage: fmt.Sprintf("%d of %d days", covered, total),
				Partial: covered < total, Calls: s.Calls(), ErrorRate: text(errRate(s)), Avg: text(avgTTLB(s)), P95: text(p95(s)),
				Uptime: text(availability.PeriodUptimePercent(in, opts)), Downtime: text(kpi.RatioOf(uint64(down), uint64(time.Second)))})
		}
	}
}

// partnersView adds the usage by partner.
func (r *report) partnersView(v *htmlView) {
	if r.partners == nil {
		return
	}
	list := r.partners.sorted()
	v.HasPartners = len(list) > 0 && !(len(list) == 1 && list[0].TPP == "")
	total := r.res.Calls
	var x []string
	classes := []string{"2xx", "3xx", "4xx", "5xx", "no response"}
	vol := make([][]kpi.Ratio, len(classes))
	for i, p := range list {
		c := p.State.Volumes.Figures()
		id := p.TPP
		if id == "" {
			id = "(no tpp_id)"
		}
		v.Partners = append(v.Partners, partnerLine{TPP: id, Calls: c.Calls, S2xx: c.Successful, S4xx: c.FailedBusiness, S5xx: c.Status5xx, NoResp: c.NoResponse,
			Share: text(kpi.PercentOf(c.Calls, total)), ErrorRate: text(p.State.Errors.RatePercent(errorrate.Options{})),
			Avg: text(p.State.Perf.AvgTTLBMs(performance.Responded)), P95: text(ms(p.State.Hist.Quantile(0.95))),
			Max: text(p.State.Perf.MaxTTLBMs(performance.Responded))})
		if i < 20 {
			x = append(x, id)
			for k, n := range []uint64{c.Successful, c.Redirects, c.FailedBusiness, c.Status5xx, c.NoResponse} {
				vol[k] = append(vol[k], count(n))
			}
		}
	}
	var series []dashboard.Series
	for k, c := range classes {
		series = append(series, dashboard.Series{Name: c, Values: vol[k]})
	}
	title := "Calls by partner and class of final status"
	if len(list) > 20 {
		title += " (the 20 busiest; all in the table)"
	}
	v.PartnerChart = r.chart(&dashboard.Chart{ID: "partners-calls", Title: title, Unit: "calls", XName: "tpp_id", X: x, Kind: dashboard.Bars, Counts: true, Series: series})
}

// platformView adds the platform dashboard's KPIs whose inputs were given,
// each judged by the platform profile's target when it has one, and the
// CBB sheets 2 to 4.
func (r *report) platformView(v *htmlView, all *book.EndpointDay, iface map[kpi.Date]*book.Row, dates []kpi.Date, spanUptime kpi.Ratio) {
	plat := benchmark.Platform()
	judgeDays := func(id string, value func(rw *book.Row) kpi.Ratio) (string, string) {
		t, ok := plat.Target(id)
		if !ok {
			return "", ""
		}
		passed := 0
		for _, d := range dates {
			if verdict, _ := t.Judge(value(iface[d])); verdict == benchmark.Pass {
				passed++
			}
		}
		class := "PASS"
		if passed < len(dates) {
			class = "FAIL"
		}
		return class, fmt.Sprintf("%d of %d days %s %s %s (%s)", passed, len(dates), t.Cmp, t.Threshold, t.KPI.Unit(), t.ID)
	}
	judge := func(id string, x kpi.Ratio) (string, string) {
		t, ok := plat.Target(id)
		if !ok {
			return "", ""
		}
		verdict, _ := t.Judge(x)
		return verdict.String(), fmt.Sprintf("target %s %s %s (%s)", t.Cmp, t.Threshold, t.KPI.Unit(), t.ID)
	}
	add := func(key, value, unit, class, note string) {
		v.Platform = append(v.Platform, tile{Key: key, Value: value, Unit: unit, Class: class, Note: note})
	}
	c, n := judgeDays("platform.uptime", func(rw *book.Row) kpi.Ratio { return rw.UptimePercent })
	add("API uptime (over the days)", text(spanUptime), "%", c, n)
	c, n = judgeDays("platform.response-time", func(rw *book.Row) kpi.Ratio { return rw.AvgTTLBMs })
	add("Response time (average TTLB)", text(avgTTLB(all)), "ms", c, n)
	c, n = judgeDays("platform.error-rate", func(rw *book.Row) kpi.Ratio { return rw.ErrorRatePercent })
	add("Error rate", text(errRate(all)), "%", c, n)
	peak := uint64(0)
	for _, rw := range iface {
		peak = max(peak, rw.PeakTPS)
	}
	add("Throughput (peak)", daily.U(peak), "calls/s", "", "most calls received in one second")
	active := 0
	for _, ep := range r.res.Endpoints {
		for _, d := range r.res.Days(ep) {
			if d.Calls > 0 {
				active++
				break
			}
		}
	}
	add("Active APIs", fmt.Sprint(active), "endpoints", "", "endpoints with at least one call (VO-ADOPT-1)")
	calls := r.res.Calls
	note := fmt.Sprintf("%d days observed: the monthly target judges whole months only", len(dates))
	cls := ""
	if m := r.res.Measurements(); m != nil {
		for _, p := range m.Periods() {
			if k, ok := benchmark.KindOf(p); ok && k == benchmark.Monthly {
				if got, ok := m.Get(benchmark.Calls, benchmark.Interface(), p); ok {
					cls, note = judge("platform.calls", got)
					calls = 0
					if f, ok := got.Float64(); ok {
						calls = uint64(f)
					}
					note += " for " + p.First.String() + " to " + p.Last.String()
				}
			}
		}
	}
	add("API call volume", daily.U(calls), "calls", cls, note)
	if r.partners != nil {
		active := 0
		for id := range r.partners.by {
			if id != "" {
				active++
			}
		}
		add("Active partners (with calls)", fmt.Sprint(active), "TPPs", "", "distinct tpp_id in the calls")
	}
	mo := r.monthly
	var missing []string
	if mo != nil && mo.hasConsents {
		v.HasAuth = true
		tot := mo.auth.Totals
		c, n := judge("platform.auth-success", tot.AuthenticationSuccessPercent())
		add("Authentication success (AF-4)", text(tot.AuthenticationSuccessPercent()), "%", c, n+", over every journey read")
		c, n = judge("platform.consent-management", tot.ConsentManagementPercent())
		add("Consent management (AF-4)", text(tot.ConsentManagementPercent()), "%", c, n+", over every journey read")
		v.AuthTotals = []tile{
			{Key: "Consents requiring authentication (2.7)", Value: daily.U(tot.Required), Unit: "journeys"},
			{Key: "Succeeded (2.10)", Value: daily.U(tot.Succeeded), Unit: "journeys"},
			{Key: "Failed (2.11)", Value: daily.U(tot.Failed), Unit: "journeys"},
			{Key: "Abandoned (2.9)", Value: daily.U(tot.Abandoned), Unit: "journeys", Note: "abandonment " + text(tot.AbandonmentPercent()) + " %"},
			{Key: "Broken (AF-2, in no template field)", Value: daily.U(tot.Broken), Unit: "journeys"},
		}
		byDay := map[kpi.Date]*authfunnel.Counts{}
		var days []kpi.Date
		for _, row := range mo.auth.Rows {
			cnt := byDay[row.ReportDate]
			if cnt == nil {
				cnt = &authfunnel.Counts{}
				byDay[row.ReportDate] = cnt
				days = append(days, row.ReportDate)
			}
			cnt.Add(row.Counts)
			check := "AF-2 holds"
			if err := row.Counts.Check(); err != nil {
				check = err.Error()
			}
			v.Auth = append(v.Auth, authLine{Date: row.ReportDate.String(), AuthType: row.AuthenticationType.String(), API: row.APIType.String(),
				TPPChannel: row.TPPChannel.String(), BankChannel: row.BankChannel.String(), Counts: row.Counts, Check: check})
		}
		sort.Slice(days, func(i, j int) bool { return days[i] < days[j] })
		var ax []string
		outcome := make([][]kpi.Ratio, 3)
		success := make([]kpi.Ratio, len(days))
		for i, d := range days {
			ax = append(ax, d.String())
			cnt := byDay[d]
			for k, n := range []uint64{cnt.Succeeded, cnt.Failed, cnt.Abandoned} {
				outcome[k] = append(outcome[k], count(n))
			}
			success[i] = cnt.AuthenticationSuccessPercent()
		}
		v.AuthChart = r.chart(&dashboard.Chart{ID: "auth-journeys", Title: "Consent journeys per day by outcome (CBB sheet 2, AF-1)", Unit: "journeys", Counts: true,
			XName: "day of the journey's start (" + r.cfg.Cal.Location().String() + ")", X: ax, Kind: dashboard.Bars,
			Series: []dashboard.Series{{Name: "succeeded", Values: outcome[0]}, {Name: "failed", Values: outcome[1]}, {Name: "abandoned", Values: outcome[2]}}})
		t, _ := plat.Target("platform.auth-success")
		th, fl := threshold(t, true, success)
		v.AuthChart += r.chart(&dashboard.Chart{ID: "auth-success", Title: "Authentication success per day (AF-4)", Unit: "%",
			XName: "day (" + r.cfg.Cal.Location().String() + ")", X: ax, Series: []dashboard.Series{{Name: "success", Values: success}}, Threshold: th, Fail: fl})
		var rej []string
		rs := mo.funnel.Rejections()
		for k, n := range rs {
			if n > 0 {
				rej = append(rej, fmt.Sprintf("%s: %d", authfunnel.Reason(k), n))
			}
		}
		v.AuthRejected = strings.Join(rej, "; ")
	} else {
		missing = append(missing, "authentication success and consent management (-consents)")
	}
	if mo != nil && mo.hasUsers {
		v.HasUsers = true
		v.UserHeader = monthly.CBBUserVolumeRow{}.Header()
		for _, p := range mo.months {
			for _, row := range monthly.NewCBBUserVolumeRows(p, r.cfg.entity, mo.userRes[p]) {
				v.Users = append(v.Users, row.Record())
			}
		}
		if len(mo.months) > 0 {
			last := mo.months[len(mo.months)-1]
			um := mo.userRes[last]
			add("Users of AIS / PIS ("+last.First.String()[:7]+")", fmt.Sprintf("%d / %d", um.Retail.AISTotal+um.Business.AISTotal, um.Retail.PISTotal+um.Business.PISTotal), "users",
				"", fmt.Sprintf("first time: %d / %d (VO-USER-1)", um.Retail.AISFirstTime+um.Business.AISFirstTime, um.Retail.PISFirstTime+um.Business.PISFirstTime))
		}
	} else {
		missing = append(missing, "users (-users)")
	}
	if mo != nil && mo.hasTPPs {
		v.HasTPPs = true
		v.TPPHeader = monthly.CBBTPPVolumeRow{}.Header()
		for _, p := range mo.months {
			v.TPPs = append(v.TPPs, monthly.NewCBBTPPVolumeRow(p, r.cfg.entity, mo.tppRes[p]).Record())
		}
		if len(mo.months) > 0 {
			last := mo.months[len(mo.months)-1]
			tm := mo.tppRes[last]
			add("Registered TPPs at month end ("+last.First.String()[:7]+")", fmt.Sprintf("%d AISP / %d PISP", tm.AISP.Cumulative, tm.PISP.Cumulative), "",
				"", fmt.Sprintf("additions %d / %d, de-registrations %d / %d (VO-TPP-1)", tm.AISP.Additions, tm.PISP.Additions, tm.AISP.Deregistrations, tm.PISP.Deregistrations))
		}
	} else {
		missing = append(missing, "TPP registrations (-tpps)")
	}
	r.platformRecordsView(v, plat)
	if mo == nil || mo.platform == nil {
		missing = append(missing, "partners, onboarding time, developer NPS, support resolution, revenue, ROI, compliance score, security incidents and patch time (-platform)")
	}
	missing = append(missing, "documentation score and market share (no input of this command carries them)")
	v.Missing = strings.Join(missing, "; ")
}
