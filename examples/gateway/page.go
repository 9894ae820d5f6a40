package main

import (
	"bytes"
	"encoding/json"
	"html/template"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/examples/gateway/live"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
	"github.com/openfinance-kpi/kpi/examples/internal/dashboard"
)

// statusPage serves /kpi: today's KPIs (or ?day=YYYY-MM-DD, today or
// yesterday); HTML for people, JSON for "Accept: application/json" (or
// ?format=json). The snapshot comes from cache: merged from the shards at
// most once per pageEvery, and shared by every request of that interval
// (those that come while it is computed wait for it), so that readers cost
// the API one snapshot a second however many there are.
type statusPage struct {
	store *live.Store
	cache *live.Cache
	now   func() time.Time

	mu       sync.Mutex
	rendered []rendering // the latest pages, at most 4
}

// pageEvery is how often the page's snapshot is computed at most: its
// figures are at most this old (the page reloads every 2 s).
const pageEvery = time.Second

func (p *statusPage) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	now := p.now()
	var snap live.Snapshot
	if s := r.URL.Query().Get("day"); s != "" {
		d, err := kpi.ParseDate(s)
		if err != nil {
			http.Error(w, "day: want YYYY-MM-DD", http.StatusBadRequest)
			return
		}
		snap = p.cache.SnapshotDay(d, now)
	} else {
		snap = p.cache.Snapshot(now)
	}
	asJSON := strings.Contains(r.Header.Get("Accept"), "application/json") || r.URL.Query().Get("format") == "json"
	body := p.render(&snap, asJSON)
	w.Header().Set("Cache-Control", "no-store")
	if asJSON {
		w.Header().Set("Content-Type", "application/json")
	} else {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
	}
	_, _ = w.Write(body)
}

// render returns the page of snap, HTML or JSON, rendered once per
// snapshot and format: the requests that share a snapshot (see live.Cache)
// share its bytes too. A snapshot is known by its day and AsOf (one
// computed as of the same instant is the same).
func (p *statusPage) render(snap *live.Snapshot, asJSON bool) []byte {
	key := renderKey{snap.Date, snap.AsOf, asJSON}
	p.mu.Lock()
	defer p.mu.Unlock() // the requests of a new snapshot wait for its one rendering
	for _, r := range p.rendered {
		if r.key == key {
			return r.body
		}
	}
	cfg := p.store.Config()
	view := newView(snap, cfg.Calendar)
	view.Hours, view.Charts = hourCharts(snap, cfg.Calendar, cfg.Profile)
	var buf bytes.Buffer
	if asJSON {
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		_ = enc.Encode(view)
	} else {
		_ = pageTemplate.Execute(&buf, view)
	}
	// The last few renderings: HTML and JSON of today and of another day.
	p.rendered = append(p.rendered, rendering{key, buf.Bytes()})
	if len(p.rendered) > 4 {
		p.rendered = p.rendered[1:]
	}
	return buf.Bytes()
}

type renderKey struct {
	date   kpi.Date
	asOf   time.Time
	asJSON bool
}

type rendering struct {
	key  renderKey
	body []byte
}

// num is an exact Ratio rounded for presentation (half away from zero),
// as a JSON number or null for no data, and as text for the page
// (daily.Num, as the report command writes it).
type num = daily.Num

type figuresView struct {
	Endpoint        string `json:"endpoint"`
	Calls           uint64 `json:"calls"`
	UptimePercent   num    `json:"uptime_percent"`
	DowntimeSeconds num    `json:"downtime_seconds"`
	Down            bool   `json:"down"`
	ErrorRate       num    `json:"error_rate_percent"`
	AvgTTLBMs       num    `json:"avg_ttlb_ms"`
	P95TTLBMs       num    `json:"p95_ttlb_ms"` // estimate, within 1/128 (PF-PCTL-1)
	MaxTTLBMs       num    `json:"max_ttlb_ms"`
	PeakTPS         uint64 `json:"peak_tps"`
}

// findingView is a verdict as the report command writes it, without the
// period: the page judges one day.
type findingView = daily.Finding

type outageView struct {
	Endpoint string    `json:"endpoint"`
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"`
	Seconds  num       `json:"seconds"`
	Ongoing  bool      `json:"ongoing"`
}

type view struct {
	Date      string            `json:"date"`
	Hours     []hourView        `json:"hours"`
	Charts    []template.HTML   `json:"-"` // today's hours, drawn (hours.go)
	Zone      string            `json:"zone"`
	AsOf      time.Time         `json:"as_of"`
	Kept      bool              `json:"kept"`
	Profile   string            `json:"profile"`
	Interface figuresView       `json:"interface"`
	Endpoints []figuresView     `json:"endpoints"`
	Findings  []findingView     `json:"findings"`
	Outages   []outageView      `json:"outages"`       // the latest maxOutagesShown, latest first
	OutagesN  int               `json:"outages_total"` // every outage overlapping the day
	Rejected  map[string]uint64 `json:"rejected"`
	Hijacked  uint64            `json:"hijacked"`
	Outside   uint64            `json:"outside_catalogue"` // requests no template matched: not the API's
	Late      uint64            `json:"late"`
	Undated   map[string]uint64 `json:"undated"` // no day at all (zero received_at), across all days
}

// reasons names the non-zero counts of r.
func reasons(r *kpi.Rejections[kpi.Reason]) map[string]uint64 {
	m := map[string]uint64{}
	for k, n := range r {
		if n > 0 {
			m[kpi.Reason(k).String()] = n
		}
	}
	return m
}

func figuresOf(f *live.Figures) figuresView {
	v := figuresView{
		Endpoint: f.Endpoint, Calls: f.Calls, UptimePercent: num(f.UptimePercent),
		DowntimeSeconds: num(f.DowntimeSeconds), Down: f.Down, ErrorRate: num(f.ErrorRatePercent),
		AvgTTLBMs: num(f.AvgTTLBMs), MaxTTLBMs: num(f.MaxTTLBMs), PeakTPS: f.PeakTPS,
	}
	if f.HasP95 {
		v.P95TTLBMs = num(kpi.RatioOf(uint64(f.P95TTLB), uint64(time.Millisecond)))
	}
	if v.Endpoint == "" {
		v.Endpoint = "ALL (interface)"
	}
	return v
}

func newView(s *live.Snapshot, cal kpi.Calendar) view {
	v := view{
		Date: s.Date.String(), Zone: cal.Location().String(), AsOf: s.AsOf, Kept: s.Kept, Profile: s.Profile,
		Interface: figuresOf(&s.Interface), Endpoints: []figuresView{}, Findings: []findingView{},
		Outages: []outageView{}, Rejected: reasons(&s.Rejections), Hijacked: s.Hijacked, Outside: s.Outside, Late: s.Late,
		Undated: reasons(&s.Undated), OutagesN: len(s.Outages),
	}
	for i := range s.Endpoints {
		v.Endpoints = append(v.Endpoints, figuresOf(&s.Endpoints[i]))
	}
	for _, f := range s.Findings {
		v.Findings = append(v.Findings, daily.FindingOf(&f, false))
	}
	for _, o := range latestOutages(s.Outages, maxOutagesShown) {
		v.Outages = append(v.Outages, outageView{
			Endpoint: o.Endpoint, Start: o.Start.In(cal.Location()), End: o.End.In(cal.Location()),
			Seconds: num(o.Seconds()), Ongoing: o.Ongoing,
		})
	}
	return v
}

// maxOutagesShown is the most outages the page lists (the latest): a
// day of many short outages would otherwise make every read cost as much
// as the day's calls.
const maxOutagesShown = 100

// latestOutages returns the n outages of os that started last, latest
// first (ties: by endpoint), without changing os (a shared snapshot's).
func latestOutages(os []availability.Outage, n int) []*availability.Outage {
	out := make([]*availability.Outage, len(os))
	for i := range os {
		out[i] = &os[i]
	}
	slices.SortFunc(out, func(a, b *availability.Outage) int {
		if c := b.Start.Compare(a.Start); c != 0 {
			return c
		}
		return strings.Compare(a.Endpoint, b.Endpoint)
	})
	return out[:min(len(out), n)]
}

var pageTemplate = template.Must(template.New("kpi").Funcs(template.FuncMap{"text": daily.NumText, "css": func() template.CSS { return template.CSS(dashboard.CSS) }}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>KPIs {{.Date}}</title>
<style>{{css}}
.down{color:#b00020}.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:0 1.5em}
</style></head><body>
<h1>Open-finance KPIs, {{.Date}} ({{.Zone}})</h1>
<p>As of {{.AsOf.Format "2006-01-02 15:04:05"}} {{.Zone}}, profile <b>{{.Profile}}</b>. Every time on this page is in {{.Zone}}. Computed at most once a second, shared by every reader (this page reloads every 2 s).
{{if not .Kept}}<b>This day is not kept (only today and yesterday are).</b>{{end}}</p>
<h2>Today's hours ({{.Zone}})</h2>
<div class="charts" id="hours">{{range .Charts}}{{.}}{{end}}</div>
<h2>The day so far</h2>
<table id="endpoints">
<tr><th>Endpoint</th><th>Calls</th><th>Uptime %</th><th>Downtime s</th><th>Error rate %</th><th>Avg TTLB ms</th><th>p95 TTLB ms (&plusmn;0.8%)</th><th>Max TTLB ms</th><th>Peak TPS</th></tr>
{{with .Interface}}<tr class="all" data-endpoint="ALL"><td>{{.Endpoint}}</td><td>{{.Calls}}</td><td{{if .Down}} class="down"{{end}}>{{.UptimePercent}}</td><td>{{.DowntimeSeconds}}</td><td>{{.ErrorRate}}</td><td>{{.AvgTTLBMs}}</td><td>{{.P95TTLBMs}}</td><td>{{.MaxTTLBMs}}</td><td>{{.PeakTPS}}</td></tr>{{end}}
{{range .Endpoints}}<tr data-endpoint="{{.Endpoint}}"><td>{{.Endpoint}}</td><td>{{.Calls}}</td><td{{if .Down}} class="down"{{end}}>{{.UptimePercent}}</td><td>{{.DowntimeSeconds}}</td><td>{{.ErrorRate}}</td><td>{{.AvgTTLBMs}}</td><td>{{.P95TTLBMs}}</td><td>{{.MaxTTLBMs}}</td><td>{{.PeakTPS}}</td></tr>
{{end}}</table>
<h2>Verdicts ({{.Profile}})</h2>
<table id="findings"><tr><th>Target</th><th>Scope</th><th>Measured</th><th>Threshold</th><th>Verdict</th><th>Margin</th><th>Source</th></tr>
{{range .Findings}}<tr><td>{{.ID}}</td><td>{{.Scope}}</td><td>{{text .Measured}} {{.Unit}}</td><td>{{.Cmp}} {{.Threshold}} {{.Unit}}</td><td class="{{.Verdict}}">{{.Verdict}}{{if .Note}} ({{.Note}}){{end}}</td><td>{{text .Margin}} {{.Unit}}</td><td>{{.Source}}</td></tr>
{{end}}</table>
<h2>Outages</h2>
<p>Each overlapping the day, with its own start and end (an outage begun the day before counts only from midnight){{if gt .OutagesN (len .Outages)}}: the latest {{len .Outages}} of {{.OutagesN}}{{end}}, latest first.</p>
{{if .Outages}}<table id="outages"><tr><th>Endpoint</th><th>Start ({{.Zone}})</th><th>End ({{.Zone}})</th><th>Seconds</th><th>Ongoing</th></tr>
{{range .Outages}}<tr><td>{{.Endpoint}}</td><td>{{.Start.Format "2006-01-02 15:04:05.000"}}</td><td>{{.End.Format "2006-01-02 15:04:05.000"}}</td><td>{{.Seconds}}</td><td>{{.Ongoing}}</td></tr>
{{end}}</table>{{else}}<p>None today.</p>{{end}}
<h2>Not counted</h2>
<p id="rejected">Rejected (bad input): {{range $k, $v := .Rejected}}{{$k}}: {{$v}}; {{else}}none; {{end}}
requests outside the catalogue (not the API's): {{.Outside}}; hijacked connections: {{.Hijacked}}; late calls: {{.Late}}; undated calls: {{range $k, $v := .Undated}}{{$k}}: {{$v}}; {{else}}none{{end}}.</p>
</body></html>
`))
