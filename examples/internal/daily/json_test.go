package daily

import (
	"encoding/json"
	"testing"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/stretchr/testify/require"
)

// NumJSON rounds half away from zero to Places decimals: 2/3 = 0.6666…
// gives 0.667, 1/2000 = 0.0005 gives 0.001; NoData is null, "no data" as
// text.
func TestNum(t *testing.T) {
	require.Equal(t, json.RawMessage("0.667"), NumJSON(kpi.RatioOf(2, 3)))
	require.Equal(t, json.RawMessage("0.001"), NumJSON(kpi.RatioOf(1, 2000)))
	require.Equal(t, json.RawMessage("null"), NumJSON(kpi.Ratio{}))
	require.Equal(t, "0.667", Num(kpi.RatioOf(2, 3)).String())
	require.Equal(t, "no data", Num(kpi.Ratio{}).String())
	b, err := json.Marshal(struct{ A, B Num }{Num(kpi.RatioOf(5, 1)), Num(kpi.Ratio{})})
	require.NoError(t, err)
	require.Equal(t, `{"A":5.000,"B":null}`, string(b))
}

// FindingOf: "period" sits after "scope" when asked for ("" for the zero
// Period), and is left out otherwise.
func TestFindingOf(t *testing.T) {
	f := benchmark.Finding{Measured: kpi.RatioOf(1, 4), Note: "n"}
	f.Target.ID = "t"
	with, err := json.Marshal(FindingOf(&f, true))
	require.NoError(t, err)
	require.Contains(t, string(with), `"scope":"`)
	require.Regexp(t, `"scope":"[^"]*","period":"","measured":0.250,`, string(with))
	f.Period = kpi.Period{First: 10, Last: 12}
	require.Equal(t, kpi.Date(10).String()+"/"+kpi.Date(12).String(), FindingOf(&f, true).Period)
	without, err := json.Marshal(FindingOf(&f, false))
	require.NoError(t, err)
	require.NotContains(t, string(without), "period")
	require.Regexp(t, `"scope":"[^"]*","measured":0.250,`, string(without))
	require.Contains(t, string(without), `"margin":null,"note":"n"`)
}
