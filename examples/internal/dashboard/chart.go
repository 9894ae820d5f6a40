// Package dashboard draws the charts and the style sheet that the report
// command's HTML dashboard (examples/report -format html) and the
// gateway's live /kpi page (examples/gateway) share.
//
// A Chart is data: labels along the x axis, one or more series of exact
// figures (kpi.Ratio; kpi.NoData leaves a gap), an optional threshold and
// the x positions that fail it. HTML renders it as inline SVG written by
// html/template (every label escaped, no script, no external request),
// followed by the same figures as a table inside <details>, so that a
// reader without SVG, a screen reader or a test reads the numbers exactly
// as the report's CSV writes them (Ratio.Format with Places decimals).
//
// The charts are drawn by this package rather than by a JavaScript
// library: a dashboard is a file a bank archives beside its regulatory
// return, and it must open offline, years later, under a strict Content
// Security Policy, with no dependency to vendor or update. SVG written by
// the program does that, and the tests can read it.
package dashboard

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"strconv"

	"github.com/openfinance-kpi/kpi"
)

// Kind is how a chart draws its series.
type Kind uint8

const (
	// Line joins each series' points; kpi.NoData breaks the line.
	Line Kind = iota
	// Bars stacks the series' values at each x position (volumes by
	// class).
	Bars
)

// Series is one named run of figures, one per x position.
type Series struct {
	Name   string
	Values []kpi.Ratio // len(Chart.X); kpi.NoData is a gap
}

// Threshold is a horizontal line at a target's level.
type Threshold struct {
	Value kpi.Ratio
	Label string // e.g. ">= 99.5 % (cbuae.uptime)"
}

// Chart is one chart and its table.
type Chart struct {
	ID    string // the HTML id of the figure (html/template escapes it)
	Title string
	Unit  string // the y axis unit: "%", "ms", "calls", "s"
	XName string // the x axis: "day (Asia/Dubai)", "hour (UTC)"
	X     []string
	// Ticks, when set (len(X)), are the axis's labels instead of X (the
	// table keeps X): "11-09" for "2026-11-09" on a long run of days.
	Ticks []string
	Kind  Kind
	// Series are drawn in order (stacked bottom up for Bars).
	Series    []Series
	Threshold *Threshold
	// Fail marks the x positions that fail the threshold (the first
	// series' point drawn red, the row listed as FAIL in the table); nil
	// or shorter: none.
	Fail []bool
	// Unobserved marks the x positions without evidence (a day with no
	// call: Rule AV-EVIDENCE-2): drawn hollow and grey, never FAIL, and
	// NO DATA in the table's verdict, whatever the figure computed.
	Unobserved []bool
	// ZeroBase starts the y axis at 0; otherwise it starts near the
	// smallest value (uptime near 100 %).
	ZeroBase bool
	// Places is the decimals of the table's figures (the CSV's 3);
	// Counts writes them without decimals instead (calls, journeys).
	Places int
	Counts bool
}

// places is the decimals the chart's figures are written with.
func (c *Chart) places() int {
	if c.Counts {
		return 0
	}
	return c.Places
}

// ShortDates returns the "MM-DD" ticks of "YYYY-MM-DD" labels when there
// are more than 8 of them (nil otherwise): a long run of days stays
// legible.
func ShortDates(x []string) []string {
	if len(x) <= 8 {
		return nil
	}
	out := make([]string, len(x))
	for i, s := range x {
		out[i] = s
		if len(s) == len("2006-01-02") && s[4] == '-' {
			out[i] = s[5:]
		}
	}
	return out
}

// Palette is the series colours, in order.
var Palette = []string{"#1f77b4", "#2ca02c", "#ff7f0e", "#d62728", "#7f7f7f", "#9467bd", "#8c564b"}

// FailColour marks failing points and the threshold line;
// UnobservedColour outlines the points of days without evidence.
const (
	FailColour       = "#c0392b"
	UnobservedColour = "#8a6d00"
)

// Geometry of every chart, in SVG user units.
const (
	width, height               = 760.0, 250.0
	left, right, top, bottom    = 72.0, 16.0, 28.0, 44.0
	plotW, plotH                = width - left - right, height - top - bottom
	maxXLabels                  = 12
	markRadius, failMarkRadius  = 2.5, 5.0
	barFill                     = 0.7
	legendStep, legendTextShift = 150.0, 14.0
)

type tick struct {
	Y    string
	Text string
}

type xlabel struct {
	X    string
	Text string
}

type mark struct {
	X, Y   string
	R      string
	Fill   string
	Stroke string
	Title  string
}

type rect struct {
	X, Y, W, H string
	Fill       string
	Title      string
}

type legend struct {
	X, TX string
	Fill  string
	Name  string
}

type cell struct {
	Text  string
	Class string
}

type tableRow struct {
	X          string
	Cells      []cell
	Fail       bool
	Unobserved bool
	NoData     bool // the judged (first) series has no figure here
}

type geometry struct {
	*Chart
	W, H, Left, Right, Top, Bottom string
	YTicks                         []tick
	XLabels                        []xlabel
	Lines                          []struct{ Points, Stroke string }
	Marks                          []mark
	Rects                          []rect
	Legend                         []legend
	ThresholdY                     string
	HasThreshold                   bool
	Rows                           []tableRow
	Headers                        []string
	HasFail                        bool
	XAxisY, YAxisLabelX, YAxisMidY string
	AriaLabel                      string
}

func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

func value(r kpi.Ratio) (float64, bool) {
	if !r.OK() {
		return 0, false
	}
	return r.Float64()
}

func (c *Chart) failing(i int) bool { return i < len(c.Fail) && c.Fail[i] && !c.unobserved(i) }

func (c *Chart) unobserved(i int) bool { return i < len(c.Unobserved) && c.Unobserved[i] }

// bounds returns the y range of the chart's values and threshold.
func (c *Chart) bounds() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	see := func(v float64) { lo, hi = min(lo, v), max(hi, v) }
	if c.Kind == Bars {
		for i := range c.X {
			sum := 0.0
			for _, s := range c.Series {
				if i < len(s.Values) {
					if v, ok := value(s.Values[i]); ok {
						sum += v
					}
				}
			}
			see(sum)
		}
	} else {
		for _, s := range c.Series {
			for _, r := range s.Values {
				if v, ok := value(r); ok {
					see(v)
				}
			}
		}
	}
	if c.Threshold != nil {
		if v, ok := value(c.Threshold.Value); ok {
			see(v)
		}
	}
	if math.IsInf(lo, 1) { // no figure at all
		return 0, 1
	}
	if c.ZeroBase || c.Kind == Bars {
		lo = min(lo, 0)
	}
	if hi == lo {
		if hi == 0 {
			hi = 1
		} else {
			lo, hi = lo-math.Abs(lo)*0.01, hi+math.Abs(hi)*0.01
		}
	}
	return lo, hi
}

// niceStep returns a step of 1, 2 or 5 times a power of ten that cuts span
// into about n intervals.
func niceStep(span float64, n int) float64 {
	raw := span / float64(n)
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= raw {
			return m * p
		}
	}
	return 10 * p
}

// tickText formats a tick value with as many decimals as the step needs.
func tickText(v, step float64) string {
	d := 0
	for s := step; s < 1 && d < 6; s *= 10 {
		d++
	}
	if math.Abs(v) < step/1e6 {
		v = 0
	}
	return strconv.FormatFloat(v, 'f', d, 64)
}

func (c *Chart) geometry() *geometry {
	g := &geometry{Chart: c, W: f1(width), H: f1(height), Left: f1(left), Right: f1(width - right), Top: f1(top),
		Bottom: f1(top + plotH), XAxisY: f1(top + plotH), YAxisLabelX: "14", YAxisMidY: f1(top + plotH/2)}
	g.AriaLabel = fmt.Sprintf("%s, %s, by %s", c.Title, c.Unit, c.XName)
	lo, hi := c.bounds()
	step := niceStep(hi-lo, 5)
	lo, hi = math.Floor(lo/step)*step, math.Ceil(hi/step)*step
	if hi == lo {
		hi = lo + step
	}
	yOf := func(v float64) float64 { return top + plotH - (v-lo)/(hi-lo)*plotH }
	for v := lo; v <= hi+step/2; v += step {
		g.YTicks = append(g.YTicks, tick{Y: f1(yOf(v)), Text: tickText(v, step)})
	}
	n := len(c.X)
	slot := plotW / float64(max(n, 1))
	xOf := func(i int) float64 { return left + slot*(float64(i)+0.5) }
	every := (n + maxXLabels - 1) / maxXLabels
	for i, x := range c.X {
		if i < len(c.Ticks) {
			x = c.Ticks[i]
		}
		if every <= 1 || i%every == 0 {
			g.XLabels = append(g.XLabels, xlabel{X: f1(xOf(i)), Text: x})
		}
	}
	for k, s := range c.Series {
		colour := Palette[k%len(Palette)]
		g.Legend = append(g.Legend, legend{X: f1(left + float64(k)*legendStep), TX: f1(left + float64(k)*legendStep + legendTextShift), Fill: colour, Name: s.Name})
	}
	if c.Kind == Bars {
		for i := range c.X {
			base := 0.0
			for k, s := range c.Series {
				if i >= len(s.Values) {
					continue
				}
				v, ok := value(s.Values[i])
				if !ok || v == 0 {
					continue
				}
				y0, y1 := yOf(base), yOf(base+v)
				fill := Palette[k%len(Palette)]
				g.Rects = append(g.Rects, rect{X: f1(xOf(i) - slot*barFill/2), Y: f1(y1), W: f1(slot * barFill), H: f1(y0 - y1),
					Fill: fill, Title: fmt.Sprintf("%s %s: %s %s", c.X[i], s.Name, s.Values[i].Format(c.places()), c.Unit)})
				base += v
			}
			if c.failing(i) {
				g.Marks = append(g.Marks, mark{X: f1(xOf(i)), Y: f1(yOf(base) - 8), R: f1(failMarkRadius), Fill: FailColour, Title: c.X[i] + ": FAIL"})
			}
		}
	} else {
		for k, s := range c.Series {
			colour := Palette[k%len(Palette)]
			var pts bytes.Buffer
			flush := func() {
				if pts.Len() > 0 {
					g.Lines = append(g.Lines, struct{ Points, Stroke string }{pts.String(), colour})
					pts.Reset()
				}
			}
			for i, r := range s.Values {
				v, ok := value(r)
				if !ok {
					flush()
					continue
				}
				if pts.Len() > 0 {
					pts.WriteByte(' ')
				}
				x, y := f1(xOf(i)), f1(yOf(v))
				pts.WriteString(x + "," + y)
				m := mark{X: x, Y: y, R: f1(markRadius), Fill: colour, Title: fmt.Sprintf("%s %s: %s %s", c.X[i], s.Name, r.Format(c.places()), c.Unit)}
				switch {
				case k == 0 && c.failing(i): // the first series is the judged one
					m.R, m.Fill, m.Title = f1(failMarkRadius), FailColour, m.Title+" (FAIL)"
				case k == 0 && c.unobserved(i):
					m.R, m.Fill, m.Stroke, m.Title = f1(failMarkRadius), "#fff", UnobservedColour, m.Title+" (unobserved: NO DATA)"
				}
				g.Marks = append(g.Marks, m)
			}
			flush()
		}
	}
	if c.Threshold != nil {
		if v, ok := value(c.Threshold.Value); ok {
			g.HasThreshold, g.ThresholdY = true, f1(yOf(v))
		}
	}
	// The table: one row per x position.
	for _, s := range c.Series {
		g.Headers = append(g.Headers, s.Name+" ("+c.Unit+")")
	}
	for i, x := range c.X {
		row := tableRow{X: x, Fail: c.failing(i), Unobserved: c.unobserved(i)}
		row.NoData = len(c.Series) == 0 || i >= len(c.Series[0].Values) || !c.Series[0].Values[i].OK()
		for _, s := range c.Series {
			text := "no data"
			if i < len(s.Values) && s.Values[i].OK() {
				text = s.Values[i].Format(c.places())
			}
			row.Cells = append(row.Cells, cell{Text: text})
		}
		g.HasFail = g.HasFail || row.Fail || row.Unobserved
		g.Rows = append(g.Rows, row)
	}
	if c.Threshold != nil {
		g.HasFail = true // the verdict column says PASS as well
	}
	return g
}

var chartTemplate = template.Must(template.New("chart").Parse(`<figure class="chart" id="{{.ID}}" data-chart="{{.ID}}">
<figcaption>{{.Title}} <span class="unit">({{.Unit}})</span></figcaption>
<svg viewBox="0 0 {{.W}} {{.H}}" role="img" aria-label="{{.AriaLabel}}" class="plot">
{{- range .Legend}}<rect x="{{.X}}" y="6" width="10" height="10" fill="{{.Fill}}"/><text x="{{.TX}}" y="15" class="legend">{{.Name}}</text>{{end}}
{{- range .YTicks}}<line x1="{{$.Left}}" x2="{{$.Right}}" y1="{{.Y}}" y2="{{.Y}}" class="grid"/><text x="{{$.Left}}" dx="-6" y="{{.Y}}" dy="4" class="ytick">{{.Text}}</text>{{end}}
<line x1="{{.Left}}" x2="{{.Right}}" y1="{{.XAxisY}}" y2="{{.XAxisY}}" class="axis"/>
<line x1="{{.Left}}" x2="{{.Left}}" y1="{{.Top}}" y2="{{.Bottom}}" class="axis"/>
<text x="{{.YAxisLabelX}}" y="{{.YAxisMidY}}" class="yname" transform="rotate(-90 {{.YAxisLabelX}} {{.YAxisMidY}})">{{.Unit}}</text>
{{- range .XLabels}}<text x="{{.X}}" y="{{$.XAxisY}}" dy="15" class="xtick">{{.Text}}</text>{{end}}
<text x="{{.Right}}" y="{{.H}}" dy="-4" class="xname">{{.XName}}</text>
{{- range .Rects}}<rect x="{{.X}}" y="{{.Y}}" width="{{.W}}" height="{{.H}}" fill="{{.Fill}}"><title>{{.Title}}</title></rect>{{end}}
{{- range .Lines}}<polyline points="{{.Points}}" fill="none" stroke="{{.Stroke}}" stroke-width="1.8"/>{{end}}
{{- if .HasThreshold}}<line x1="{{.Left}}" x2="{{.Right}}" y1="{{.ThresholdY}}" y2="{{.ThresholdY}}" class="threshold"/><text x="{{.Right}}" y="{{.ThresholdY}}" dy="-4" class="tlabel">{{.Threshold.Label}}</text>{{end}}
{{- range .Marks}}<circle cx="{{.X}}" cy="{{.Y}}" r="{{.R}}" fill="{{.Fill}}"{{if .Stroke}} stroke="{{.Stroke}}" stroke-width="1.5"{{end}}><title>{{.Title}}</title></circle>{{end}}
</svg>
<details class="table"><summary>Table: {{.Title}}</summary>
<table data-table="{{.ID}}"><tr><th>{{.XName}}</th>{{range .Headers}}<th>{{.}}</th>{{end}}{{if .HasFail}}<th>verdict</th>{{end}}</tr>
{{range .Rows}}<tr data-x="{{.X}}"{{if .Fail}} class="fail"{{else if .Unobserved}} class="nodata"{{end}}><td>{{.X}}</td>{{range .Cells}}<td>{{.Text}}</td>{{end}}{{if $.HasFail}}<td>{{if .Fail}}FAIL{{else if .Unobserved}}NO DATA (unobserved){{else if .NoData}}NO DATA{{else if $.Threshold}}PASS{{end}}</td>{{end}}</tr>
{{end}}</table>{{if .Threshold}}<p class="note">Threshold: {{.Threshold.Label}}.</p>{{end}}</details>
</figure>
`))

// HTML returns the chart as a <figure>: its SVG and its table.
func (c *Chart) HTML() (template.HTML, error) {
	var b bytes.Buffer
	if err := chartTemplate.Execute(&b, c.geometry()); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil // written by html/template above
}

// CSS is the style sheet of the pages that show charts: put it in a
// <style> element (inline: the pages load nothing).
const CSS = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.2em 2em;color:#222;max-width:1200px}
h1{font-size:1.5em;margin-bottom:.2em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:1.6em}h3{margin-bottom:.3em}
table{border-collapse:collapse;margin:.4em 0 1em;font-size:.88em}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:right;vertical-align:top}
td:first-child,th:first-child{text-align:left}th{background:#f4f4f4}tr.all{font-weight:bold;background:#f7f7f7}
.PASS,.pass{color:#1a7f37}.FAIL,.fail td,.fail{color:#b00020}.NO.DATA,.nodata{color:#8a6d00}
tr.fail td{background:#fdecee}.tiles{display:flex;flex-wrap:wrap;gap:.8em;margin:.6em 0}
.tile{border:1px solid #ccc;border-radius:6px;padding:.5em .9em;min-width:11em}.tile .v{font-size:1.5em;font-weight:600}
.tile .k{font-size:.8em;color:#555}.tile.FAIL{border-color:#b00020;background:#fdecee}.tile.PASS{border-color:#1a7f37;background:#eef8f0}
.tile.NO.DATA{border-color:#8a6d00;background:#fff8e1}
figure.chart{margin:.8em 0 1.2em;max-width:800px}figcaption{font-weight:600;margin-bottom:.2em}.unit{font-weight:normal;color:#555}
svg.plot{width:100%;height:auto;background:#fff;border:1px solid #eee}
svg .grid{stroke:#eee}svg .axis{stroke:#555}svg text{font-size:11px;fill:#333}
svg .ytick{text-anchor:end}svg .xtick{text-anchor:middle}svg .xname{text-anchor:end;fill:#555}svg .yname{text-anchor:middle;fill:#555}
svg .threshold{stroke:#c0392b;stroke-dasharray:6 4;stroke-width:1.5}svg .tlabel{text-anchor:end;fill:#c0392b}
details.table summary{cursor:pointer;color:#555;font-size:.85em}.note{font-size:.85em;color:#555}
nav a{margin-right:1em}code{font-size:.9em}`
