package performance

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
)

// The rulebook's worked examples live in testdata/scenarios.json, one per
// rule ID, each with the hand arithmetic ("why") behind its expected
// values. Every scenario runs through the reference, a Stats, and a Stats
// built from two halves merged.

type scenarioCall struct {
	At      string  `json:"at"`
	Status  int     `json:"status"`
	TTLB    string  `json:"ttlb"`
	TTFB    *string `json:"ttfb"` // absent: unknown
	Bytes   int64   `json:"bytes"`
	Records int64   `json:"records"`
}

type scenarioWant struct {
	Calls             *uint64 `json:"calls"`
	V                 *uint64 `json:"v"`
	TTFBCount         *uint64 `json:"ttfb_count"`
	TotalTTLBMs       *string `json:"total_ttlb_ms"`
	AvgTTLBMs         *string `json:"avg_ttlb_ms"`
	TotalTTFBMs       *string `json:"total_ttfb_ms"`
	AvgTTFBMs         *string `json:"avg_ttfb_ms"`
	MaxTTLB           *string `json:"max_ttlb"` // "none": no max
	Pages             *uint64 `json:"pages"`
	AvgTTLBPerPageMs  *string `json:"avg_ttlb_per_page_ms"`
	ResponseBytes     *string `json:"response_bytes"`
	MsPerMB           *string `json:"ms_per_mb"`
	MsPerMiB          *string `json:"ms_per_mib"`
	Within            *uint64 `json:"within"`
	Of                *uint64 `json:"of"`
	WithinPercentWant *string `json:"within_percent"`
}

type scenario struct {
	Rule    string   `json:"rule"`
	Name    string   `json:"name"`
	Why     []string `json:"why"`
	Options struct {
		PageSize  int    `json:"page_size"`
		Threshold string `json:"threshold"`
	} `json:"options"`
	Calls []scenarioCall          `json:"calls"`
	Want  map[string]scenarioWant `json:"want"` // by basis: "responded", "2xx"
}

func mustDuration(t *testing.T, s string) time.Duration {
	t.Helper()
	if s == "" {
		return 0
	}
	d, err := time.ParseDuration(s)
	require.NoError(t, err)
	return d
}

func loadScenarios(t *testing.T) []scenario {
	t.Helper()
	b, err := os.ReadFile("testdata/scenarios.json")
	require.NoError(t, err)
	var ss []scenario
	require.NoError(t, json.Unmarshal(b, &ss))
	require.NotEmpty(t, ss)
	return ss
}

func (sc scenario) build(t *testing.T) (Options, []kpi.Call) {
	opts := Options{PageSize: sc.Options.PageSize, Threshold: mustDuration(t, sc.Options.Threshold)}
	calls := make([]kpi.Call, len(sc.Calls))
	for i, c := range sc.Calls {
		calls[i] = kpi.Call{
			ReceivedAt:    t0.Add(mustDuration(t, c.At)),
			Endpoint:      "GET /accounts/{AccountId}/transactions",
			Status:        c.Status,
			TTLB:          mustDuration(t, c.TTLB),
			ResponseBytes: c.Bytes,
			Records:       c.Records,
			HasTTFB:       c.TTFB != nil,
		}
		if c.TTFB != nil {
			calls[i].TTFB, calls[i].HasTTFB = mustDuration(t, *c.TTFB), true
		}
	}
	return opts, calls
}

func checkFigures(t *testing.T, path string, w scenarioWant, f Figures) {
	t.Helper()
	u := func(name string, want *uint64, got uint64) {
		if want != nil {
			require.Equal(t, *want, got, "%s: %s", path, name)
		}
	}
	r := func(name string, want *string, got Figures, read func(Figures) kpi.Ratio) {
		if want != nil {
			requireRatio(t, *want, read(got), "%s: %s", path, name)
		}
	}
	u("calls", w.Calls, f.Calls)
	u("v", w.V, f.V)
	u("ttfb_count", w.TTFBCount, f.TTFBCount)
	r("total_ttlb_ms", w.TotalTTLBMs, f, func(f Figures) kpi.Ratio { return f.TotalTTLBMs })
	r("avg_ttlb_ms", w.AvgTTLBMs, f, func(f Figures) kpi.Ratio { return f.AvgTTLBMs })
	r("total_ttfb_ms", w.TotalTTFBMs, f, func(f Figures) kpi.Ratio { return f.TotalTTFBMs })
	r("avg_ttfb_ms", w.AvgTTFBMs, f, func(f Figures) kpi.Ratio { return f.AvgTTFBMs })
	r("avg_ttlb_per_page_ms", w.AvgTTLBPerPageMs, f, func(f Figures) kpi.Ratio { return f.AvgTTLBPerPageMs })
	r("ms_per_mb", w.MsPerMB, f, func(f Figures) kpi.Ratio { return f.MsPerMB })
	r("ms_per_mib", w.MsPerMiB, f, func(f Figures) kpi.Ratio { return f.MsPerMiB })
	r("within_percent", w.WithinPercentWant, f, func(f Figures) kpi.Ratio { return f.WithinPercent })
	u("within", w.Within, f.Within)
	u("of", w.Of, f.Of)
	if w.MaxTTLB != nil {
		if *w.MaxTTLB == "none" {
			require.False(t, f.HasMaxTTLB, "%s: max_ttlb", path)
		} else {
			require.True(t, f.HasMaxTTLB, "%s: max_ttlb", path)
			require.Equal(t, mustDuration(t, *w.MaxTTLB), f.MaxTTLB, "%s: max_ttlb", path)
		}
	}
	if w.Pages != nil {
		require.Equal(t, int64(*w.Pages), f.Pages.Int64(), "%s: pages", path)
	}
	if w.ResponseBytes != nil {
		require.Equal(t, *w.ResponseBytes, f.ResponseBytes.String(), "%s: response_bytes", path)
	}
}

// TestScenarios runs the worked examples of Rules PF-AVG-1, PF-PAGE-1,
// PF-MB-1, PF-MAX-1 and PF-THR-1 through the reference and the
// accumulator.
func TestScenarios(t *testing.T) {
	for _, sc := range loadScenarios(t) {
		t.Run(sc.Rule+"/"+sc.Name, func(t *testing.T) {
			require.NotEmpty(t, sc.Why, "a scenario says how its values were derived")
			opts, calls := sc.build(t)
			whole := statsOf(opts, calls)
			half := len(calls) / 2
			a, b := statsOf(opts, calls[:half]), statsOf(opts, calls[half:])
			require.NoError(t, b.Merge(&a))
			for name, w := range sc.Want {
				basis := map[string]Basis{"responded": Responded, "2xx": Only2xx}[name]
				require.Contains(t, []string{"responded", "2xx"}, name)
				ref, err := Reference(calls, opts, basis)
				require.NoError(t, err)
				checkFigures(t, "reference/"+name, w, ref)
				checkFigures(t, "stats/"+name, w, whole.Figures(basis))
				checkFigures(t, "merged/"+name, w, b.Figures(basis))
			}
		})
	}
}
