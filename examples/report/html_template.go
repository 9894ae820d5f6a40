package main

import (
	"html/template"

	"github.com/openfinance-kpi/kpi/examples/internal/daily"
	"github.com/openfinance-kpi/kpi/examples/internal/dashboard"
)

// htmlTemplate is the dashboard page. Its Content Security Policy lets
// nothing load (default-src 'none'): styles are inline, there is no
// script, and the charts are inline SVG.
var htmlTemplate = template.Must(template.New("dashboard").Funcs(template.FuncMap{
	"css":  func() template.CSS { return template.CSS(dashboard.CSS) },
	"text": daily.NumText,
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Open-finance KPI dashboard: {{.Profile}} {{.First}} to {{.Last}}</title>
<style>{{css}}
.chips{display:flex;flex-wrap:wrap;gap:.25em}.chip{font-size:.78em;border-radius:3px;padding:.05em .35em;border:1px solid #ccc;white-space:nowrap}
.chip.PASS{background:#eef8f0;border-color:#1a7f37}.chip.FAIL{background:#fdecee;border-color:#b00020}.chip.NO.DATA{background:#fff8e1;border-color:#8a6d00}
table.text td,table.text th{text-align:left}
.wide{overflow-x:auto}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:0 1.5em}
</style></head><body>
<header id="top"><h1>Open-finance KPI dashboard</h1>
<p>Rules <b>{{.Rules}}</b> (profile {{.Profile}}), reporting days in <b>{{.Zone}}</b>{{if .First}}: {{.First}} to {{.Last}}, observation end {{.AsOf}}{{end}}.
Input: {{.Files}}; {{.Calls}} calls{{if .Skipped}}; <span class="FAIL">{{.Skipped}} bad row(s) skipped (-lenient)</span>{{end}}.
Every time is in {{.Zone}}; every figure is exact, rounded to 3 decimals as in daily.csv.</p>
<nav><a href="#overview">Executive overview</a><a href="#operations">API operations</a><a href="#partners">Usage by partner</a><a href="#compliance">Compliance</a><a href="#platform">Platform KPIs</a></nav>
</header>
{{if not .First}}<p>No valid call: nothing to report.</p>{{else}}
<section id="overview"><h2>Executive overview</h2>
<h3>Health</h3>
<div class="tiles" id="health">{{range .Overview}}<div class="tile {{.Class}}"><div class="k">{{.Key}}</div><div class="v">{{.Value}} <small>{{.Unit}}</small></div>{{if .Note}}<div class="k">{{.Note}}</div>{{end}}</div>{{end}}</div>
<h3>Benchmarks: each target's verdict per period, with its margin</h3>
<p class="note">Margin: how far inside (+) or outside (&minus;) the threshold, in the target's unit. NO DATA is never a pass.</p>
<table id="benchmarks"><tr><th>Target</th><th>Scope</th><th>Rule</th><th>Verdicts per period (margin)</th></tr>
{{range .Benchmarks}}<tr data-target="{{.ID}}"><td class="{{.Worst}}">{{.ID}}<br><small>{{.Title}}</small></td><td>{{.Scope}}</td><td>{{.Rule}}</td><td><b>{{if .Fail}}<span class="FAIL">{{.Fail}} FAIL</span> · {{end}}{{.Pass}} PASS{{if .NoData}} · <span class="nodata">{{.NoData}} NO DATA</span>{{end}}</b><div class="chips">{{range .Chips}}<span class="chip {{.Class}}" title="{{.Title}}">{{.Text}}</span>{{end}}</div></td></tr>
{{end}}</table>
<h3>Downtime budget</h3>
<div class="tiles" id="budget">{{range .BudgetTiles}}<div class="tile {{.Class}}"><div class="k">{{.Key}}</div><div class="v">{{.Value}} <small>{{.Unit}}</small></div><div class="k">{{.Note}}</div></div>{{end}}</div>
{{range .Budgets}}{{.}}{{end}}
</section>

<section id="operations"><h2>API operations</h2>
<p class="note">The interface's days; red points fail the profile's target for that day (or, for a target judged over a longer period, lie below its level).</p>
<div class="charts">{{range .Ops}}{{.}}{{end}}</div>
<h3>Endpoints over the report's days</h3>
{{if gt .EndpointsTotal (len .Endpoints)}}<p class="note" id="endpoints-shown">The {{len .Endpoints}} busiest of {{.EndpointsTotal}} endpoints, busiest first: -format csv and json give every one.</p>
{{end}}<div class="wide"><table id="endpoints"><tr><th>Endpoint</th><th>Calls</th><th>2xx</th><th>4xx</th><th>5xx</th><th>No response</th><th>Error rate %</th><th>Avg TTLB ms</th><th>p95 TTLB ms</th><th>Max TTLB ms</th><th>Peak TPS</th><th>Downtime s</th><th>Uptime %</th><th>Days with calls</th><th>Days unobserved</th></tr>
{{range .Endpoints}}<tr data-endpoint="{{.Endpoint}}"><td>{{.Endpoint}}</td><td>{{.Calls}}</td><td>{{.S2xx}}</td><td>{{.S4xx}}</td><td>{{.S5xx}}</td><td>{{.NoResp}}</td><td>{{.ErrorRate}}</td><td>{{.Avg}}</td><td>{{.P95}}</td><td>{{.Max}}</td><td>{{.PeakTPS}}</td><td>{{.Downtime}}</td><td>{{.Uptime}}</td><td>{{.Days}}</td><td{{if .Unobserved}} class="nodata"{{end}}>{{.Unobserved}}</td></tr>
{{end}}</table></div>
<details id="endpoint-charts"><summary>TTLB per day of each endpoint ({{len .EndpointCharts}} charts)</summary><div class="charts">{{range .EndpointCharts}}{{.}}{{end}}</div></details>
<h3>Roll-ups</h3>
<p class="note">Pooled over each week (ISO), month and quarter the days touch; a period the days cover only in part is marked partial, and its figures are those of the days observed.</p>
<table id="rollups"><tr><th>Period</th><th>Days covered</th><th>Calls</th><th>Error rate %</th><th>Avg TTLB ms</th><th>p95 TTLB ms</th><th>Uptime % (AV-PCT-2)</th><th>Downtime s</th></tr>
{{range .Rollups}}<tr data-kind="{{.Kind}}"><td>{{.Kind}} {{.Period}}</td><td{{if .Partial}} class="nodata"{{end}}>{{.Coverage}}{{if .Partial}} (partial){{end}}</td><td>{{.Calls}}</td><td>{{.ErrorRate}}</td><td>{{.Avg}}</td><td>{{.P95}}</td><td>{{.Uptime}}</td><td>{{.Downtime}}</td></tr>
{{end}}</table>
</section>

<section id="partners"><h2>Usage by partner</h2>
{{if .HasPartners}}{{.PartnerChart}}
<table id="partner-table"><tr><th>tpp_id</th><th>Calls</th><th>Share %</th><th>2xx</th><th>4xx</th><th>5xx</th><th>No response</th><th>Error rate %</th><th>Avg TTLB ms</th><th>p95 TTLB ms</th><th>Max TTLB ms</th></tr>
{{range .Partners}}<tr data-tpp="{{.TPP}}"><td>{{.TPP}}</td><td>{{.Calls}}</td><td>{{.Share}}</td><td>{{.S2xx}}</td><td>{{.S4xx}}</td><td>{{.S5xx}}</td><td>{{.NoResp}}</td><td>{{.ErrorRate}}</td><td>{{.Avg}}</td><td>{{.P95}}</td><td>{{.Max}}</td></tr>
{{end}}</table>{{else}}<p>The calls carry no tpp_id.</p>{{end}}
</section>

<section id="compliance"><h2>Compliance</h2>
<h3>Findings, with their sources</h3>
<div class="wide"><table id="findings" class="text"><tr><th>Target</th><th>Scope</th><th>Period</th><th>Measured</th><th>Threshold</th><th>Verdict</th><th>Margin</th><th>Source</th></tr>
{{range .Findings}}<tr class="{{if eq .Verdict "FAIL"}}fail{{end}}"><td>{{.ID}}</td><td>{{.Scope}}</td><td>{{.Period}}</td><td>{{text .Measured}} {{.Unit}}</td><td>{{.Cmp}} {{.Threshold}} {{.Unit}}</td><td class="{{.Verdict}}">{{.Verdict}}{{if .Note}} ({{.Note}}){{end}}</td><td>{{text .Margin}} {{.Unit}}</td><td><small>{{.Source}}</small></td></tr>
{{end}}</table></div>
<h3>Outages derived from calls, with their evidence</h3>
{{if gt .OutagesTotal (len .Outages)}}<p class="note" id="outages-shown">The {{len .Outages}} longest of {{.OutagesTotal}} outages, by endpoint and start: -format json gives every one.</p>
{{end}}{{if .Outages}}<div class="wide"><table id="outages" class="text"><tr><th>Endpoint</th><th>Start</th><th>End</th><th>Seconds</th><th></th><th>Opened by</th><th>Closed by</th></tr>
{{range .Outages}}<tr><td>{{.Endpoint}}</td><td>{{.Start}}</td><td>{{.End}}</td><td>{{.Seconds}}</td><td>{{.Flags}}</td><td><small>{{.Opened}}</small></td><td><small>{{.Closed}}</small></td></tr>
{{end}}</table></div>{{else}}<p id="outages">None.</p>{{end}}
{{if .Planned}}<h3>Planned windows (downtime counted as planned)</h3><table id="planned" class="text"><tr><th>Scope</th><th>Start</th><th>End</th><th>Seconds</th></tr>
{{range .Planned}}<tr><td>{{.Endpoint}}</td><td>{{.Start}}</td><td>{{.End}}</td><td>{{.Seconds}}</td></tr>{{end}}</table>{{end}}
<h3>Unobserved days (AV-EVIDENCE-2: no call and no monitoring; uptime judged NO DATA)</h3>
{{if .Unobserved}}<p id="unobserved">{{len .Unobserved}} endpoint-days: {{range $i, $u := .Unobserved}}{{if $i}}, {{end}}<span class="nodata">{{$u}}</span>{{end}}.</p>{{else}}<p id="unobserved">None: every scope received calls every day.</p>{{end}}
<h3>Input</h3>
{{if .BadRows}}<p>Bad rows skipped (-lenient):</p><ul id="bad-rows">{{range .BadRows}}<li><code>{{.}}</code></li>{{end}}</ul>{{else}}<p id="bad-rows">No bad row.</p>{{end}}
</section>

<section id="platform"><h2>Platform KPIs</h2>
<p class="note">The platform dashboard's KPIs whose inputs were given, judged by the platform profile's targets whatever -rules says.</p>
<div class="tiles" id="platform-tiles">{{range .Platform}}<div class="tile {{.Class}}"><div class="k">{{.Key}}</div><div class="v">{{.Value}} <small>{{.Unit}}</small></div>{{if .Note}}<div class="k">{{.Note}}</div>{{end}}</div>{{end}}</div>
<p class="note">Not shown: {{.Missing}}.</p>
{{if .HasPlatform}}<h3>Platform records: adoption, developer experience, finance, compliance and security (VO-ADOPT-1, VO-GOV-1)</h3>
<p class="note" id="platform-note">{{.PlatformNote}} Each figure's verdict is the platform profile's for its period: per month, compliance per quarter, partner retention and ROI per year (a quarter or year is judged only when the file declares all its months).</p>
<div class="charts" id="platform-charts">{{range .PlatformCharts}}{{.}}{{end}}</div>
<div class="wide"><table id="platform-months"><tr>{{range .PlatformHeader}}<th>{{.}}</th>{{end}}</tr>{{range .PlatformMonths}}<tr data-month="{{index . 0}}">{{range .}}<td>{{.}}</td>{{end}}</tr>{{end}}</table></div>
{{if .PlatformPeriods}}<div class="wide"><table id="platform-periods"><tr>{{range .PlatformPeriodHeader}}<th>{{.}}</th>{{end}}</tr>{{range .PlatformPeriods}}<tr data-period="{{index . 0}}">{{range .}}<td>{{.}}</td>{{end}}</tr>{{end}}</table></div>{{end}}{{end}}
{{if .HasAuth}}<h3>Consent journeys (CBB sheet 2)</h3>
<div class="tiles" id="auth-totals">{{range .AuthTotals}}<div class="tile"><div class="k">{{.Key}}</div><div class="v">{{.Value}} <small>{{.Unit}}</small></div>{{if .Note}}<div class="k">{{.Note}}</div>{{end}}</div>{{end}}</div>
<div class="charts">{{.AuthChart}}</div>
{{if .AuthRejected}}<p class="note">Events not counted: {{.AuthRejected}}.</p>{{end}}
<details><summary>Sheet 2 rows ({{len .Auth}})</summary><div class="wide"><table id="sheet2"><tr><th>ReportDate</th><th>Authentication Type</th><th>API Type</th><th>TPP channel</th><th>Bank channel</th><th>Required</th><th>Attempted</th><th>Abandoned</th><th>Succeeded</th><th>Failed</th><th>Confirmations required</th><th>Accepted</th><th>Rejected</th><th>AF-2</th></tr>
{{range .Auth}}<tr><td>{{.Date}}</td><td>{{.AuthType}}</td><td>{{.API}}</td><td>{{.TPPChannel}}</td><td>{{.BankChannel}}</td><td>{{.Required}}</td><td>{{.Attempted}}</td><td>{{.Abandoned}}</td><td>{{.Succeeded}}</td><td>{{.Failed}}</td><td>{{.ConfirmationsRequired}}</td><td>{{.Accepted}}</td><td>{{.Rejected}}</td><td>{{.Check}}</td></tr>
{{end}}</table></div></details>{{end}}
{{if .HasUsers}}<h3>Users (CBB sheet 3)</h3><div class="wide"><table id="sheet3"><tr>{{range .UserHeader}}<th>{{.}}</th>{{end}}</tr>{{range .Users}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>{{end}}</table></div>{{end}}
{{if .HasTPPs}}<h3>TPPs (CBB sheet 4)</h3><div class="wide"><table id="sheet4"><tr>{{range .TPPHeader}}<th>{{.}}</th>{{end}}</tr>{{range .TPPs}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>{{end}}</table></div>{{end}}
</section>
{{end}}
</body></html>
`))
