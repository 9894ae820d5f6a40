package dashboard

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
)

// A line chart with a gap, a threshold and a failing point: the gap
// splits the line in two, the failing point is red, the table holds the
// exact figures (3 decimals, "no data" for the gap) and the verdicts, and
// every label is escaped.
func TestChartHTML(t *testing.T) {
	c := &Chart{ID: `up"<x>`, Title: "Uptime <b>", Unit: "%", XName: "day (UTC)", Places: 3,
		X:         []string{"2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04"},
		Series:    []Series{{Name: "GET /<script>", Values: []kpi.Ratio{kpi.RatioOf(1999, 20), kpi.NoData, kpi.RatioOf(99, 1), kpi.RatioOf(100, 1)}}},
		Threshold: &Threshold{Value: kpi.RatioOf(995, 10), Label: ">= 99.5 %"},
		Fail:      []bool{false, false, true, false},
	}
	h, err := c.HTML()
	require.NoError(t, err)
	s := string(h)
	require.NotContains(t, s, "<script")
	require.NotContains(t, s, "<b>")
	require.Contains(t, s, "GET /&lt;script&gt;")
	require.Contains(t, s, `id="up&#34;&lt;x&gt;"`)
	require.Len(t, regexp.MustCompile(`<polyline `).FindAllString(s, -1), 2, "the gap splits the line")
	require.Len(t, regexp.MustCompile(`<circle [^>]*fill="#c0392b"`).FindAllString(s, -1), 1, "one failing point")
	require.Contains(t, s, `class="threshold"`)
	// 1999/20 = 99.95; 99; 100. NO DATA is never a pass.
	for _, row := range []string{
		`<tr data-x="2026-03-01"><td>2026-03-01</td><td>99.950</td><td>PASS</td></tr>`,
		`<tr data-x="2026-03-02"><td>2026-03-02</td><td>no data</td><td>NO DATA</td></tr>`,
		`<tr data-x="2026-03-03" class="fail"><td>2026-03-03</td><td>99.000</td><td>FAIL</td></tr>`,
	} {
		require.Contains(t, s, row)
	}
	// The y axis spans the values and the threshold: 99 to 100, ticks
	// every 0.2 (a span of 1 in about 5 steps).
	require.Contains(t, s, `class="ytick">99.0</text>`)
	require.Contains(t, s, `class="ytick">100.0</text>`)
	require.True(t, strings.HasPrefix(s, `<figure class="chart"`))
}

// Stacked bars of counts: each bar's rectangles stack, the table writes
// counts without decimals.
func TestChartBars(t *testing.T) {
	c := &Chart{ID: "v", Title: "calls", Unit: "calls", XName: "day", Kind: Bars, Counts: true, X: []string{"a", "b"},
		Series: []Series{{Name: "2xx", Values: []kpi.Ratio{kpi.RatioOf(10, 1), kpi.RatioOf(20, 1)}},
			{Name: "5xx", Values: []kpi.Ratio{kpi.RatioOf(0, 1), kpi.RatioOf(5, 1)}}}}
	h, err := c.HTML()
	require.NoError(t, err)
	s := string(h)
	// Three rectangles with a title (a zero count draws none) beside the
	// legend's two swatches.
	require.Len(t, regexp.MustCompile(`<rect [^>]*><title>`).FindAllString(s, -1), 3)
	require.Contains(t, s, `<tr data-x="b"><td>b</td><td>20</td><td>5</td></tr>`)
}

func TestShortDates(t *testing.T) {
	require.Nil(t, ShortDates([]string{"2026-03-01"}))
	x := []string{"2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06", "2026-03-07", "2026-03-08", "2026-03-09"}
	require.Equal(t, "03-09", ShortDates(x)[8])
}
