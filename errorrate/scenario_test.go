package errorrate_test

import (
	"encoding/json"
	"math/big"
	"os"
	"testing"
	"time"
	_ "time/tzdata" // the scenarios name IANA zones; do not depend on the host's

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/errorrate"
	"github.com/stretchr/testify/require"
)

// scenario is one worked example of testdata/scenarios.json: calls and the
// values derived by hand from the rule named by ID (the arithmetic is in
// Why). Each runs through the reference functions and through Counters.
type scenario struct {
	ID       string
	Why      string
	Location string
	Calls    []struct {
		At              time.Time
		Endpoint        *string // nil: "GET /accounts"
		Status          int
		TTLBNs          int64 `json:"ttlb_ns"`
		NotAttributable bool  `json:"not_attributable"`
		Rejected        bool
		Count           int // 0: 1
	}
	Want struct {
		Requests              uint64
		Errors                uint64
		ErrorsOption          uint64 `json:"errors_option"`
		NotAttributable       uint64 `json:"not_attributable"`
		NotAttributableOption uint64 `json:"not_attributable_option"`
		Rejected              uint64
		Rate                  string
		RateOption            string `json:"rate_option"`
		MeanDaily             string `json:"mean_daily"`
		MeanDailyOption       string `json:"mean_daily_option"`
		Days                  *int
	}
}

func loadScenarios(t *testing.T) []scenario {
	t.Helper()
	b, err := os.ReadFile("testdata/scenarios.json")
	require.NoError(t, err)
	var out []scenario
	require.NoError(t, json.Unmarshal(b, &out))
	require.NotEmpty(t, out)
	return out
}

func (s scenario) calls() []kpi.Call {
	var calls []kpi.Call
	for _, c := range s.Calls {
		ep := "GET /accounts"
		if c.Endpoint != nil {
			ep = *c.Endpoint
		}
		n := max(c.Count, 1)
		for range n {
			calls = append(calls, kpi.Call{
				ReceivedAt:      c.At,
				Endpoint:        ep,
				Status:          c.Status,
				TTLB:            time.Duration(c.TTLBNs),
				NotAttributable: c.NotAttributable,
				Rejected:        c.Rejected,
			})
		}
	}
	return calls
}

func (s scenario) calendar(t *testing.T) kpi.Calendar {
	if s.Location == "" {
		return kpi.NewCalendar(time.UTC)
	}
	loc, err := time.LoadLocation(s.Location)
	require.NoError(t, err)
	return kpi.NewCalendar(loc)
}

// ratio parses "no data" or an exact rational such as "100/3" or "1.25".
func ratio(t *testing.T, s string) kpi.Ratio {
	t.Helper()
	if s == "no data" {
		return kpi.NoData
	}
	r, ok := new(big.Rat).SetString(s)
	require.True(t, ok, "bad ratio %q", s)
	return kpi.RatioOfRat(r)
}

func requireRatio(t *testing.T, want kpi.Ratio, got kpi.Ratio, what string) {
	t.Helper()
	require.True(t, want.Equal(got), "%s: want %s (%v), got %s (%v)", what, want, want.Rat(), got, got.Rat())
}

// Rules ER-1, ER-2, ER-3: every scenario of testdata/scenarios.json, through
// Reference, ReferenceMeanOfDailyRates and Counters routed by local day.
func TestScenarios(t *testing.T) {
	for _, s := range loadScenarios(t) {
		t.Run(s.ID, func(t *testing.T) {
			calls := s.calls()
			cal := s.calendar(t)
			def, opt := errorrate.Options{}, errorrate.Options{CountNoResponse: true}

			// The reference functions.
			for _, o := range []struct {
				opts      errorrate.Options
				rate, avg string
			}{{def, s.Want.Rate, s.Want.MeanDaily}, {opt, s.Want.RateOption, s.Want.MeanDailyOption}} {
				got, err := errorrate.Reference(calls, o.opts)
				requireRejected(t, s.Want.Rejected, err)
				requireRatio(t, ratio(t, o.rate), got, "Reference")
				mean, err := errorrate.ReferenceMeanOfDailyRates(calls, cal, o.opts)
				requireRejected(t, s.Want.Rejected, err)
				requireRatio(t, ratio(t, o.avg), mean, "ReferenceMeanOfDailyRates")
			}

			// The streaming path: one Counter per local day, and one for all.
			var all errorrate.Counter
			byDay := map[kpi.Date]*errorrate.Counter{}
			cur := cal.Cursor()
			for i := range calls {
				err := all.Add(&calls[i])
				if err != nil {
					continue
				}
				d := cur.DateOf(calls[i].ReceivedAt)
				if byDay[d] == nil {
					byDay[d] = new(errorrate.Counter)
				}
				require.NoError(t, byDay[d].Add(&calls[i]))
			}
			var days []*errorrate.Counter
			for _, c := range byDay {
				days = append(days, c)
			}
			if s.Want.Days != nil {
				require.Len(t, days, *s.Want.Days, "local days with data")
			}
			rej := all.Rejections()
			require.Equal(t, s.Want.Rejected, rej.Total())
			require.Equal(t, s.Want.Requests, all.Calls())
			require.Equal(t, s.Want.Errors, all.Errors(def))
			require.Equal(t, s.Want.ErrorsOption, all.Errors(opt))
			require.Equal(t, s.Want.NotAttributable, all.NotAttributableErrors(def))
			require.Equal(t, s.Want.NotAttributableOption, all.NotAttributableErrors(opt))
			requireRatio(t, ratio(t, s.Want.Rate), all.RatePercent(def), "RatePercent")
			requireRatio(t, ratio(t, s.Want.RateOption), all.RatePercent(opt), "RatePercent option")
			requireRatio(t, ratio(t, s.Want.Rate), errorrate.PooledRatePercent(days, def), "PooledRatePercent")
			requireRatio(t, ratio(t, s.Want.RateOption), errorrate.PooledRatePercent(days, opt), "PooledRatePercent option")
			requireRatio(t, ratio(t, s.Want.MeanDaily), errorrate.MeanOfDailyRatesPercent(days, def), "MeanOfDailyRatesPercent")
			requireRatio(t, ratio(t, s.Want.MeanDailyOption), errorrate.MeanOfDailyRatesPercent(days, opt), "MeanOfDailyRatesPercent option")
		})
	}
}

func requireRejected(t *testing.T, want uint64, err error) {
	t.Helper()
	if want == 0 {
		require.NoError(t, err)
		return
	}
	var ie *kpi.InputError
	require.ErrorAs(t, err, &ie)
	require.Len(t, ie.Calls, int(want))
}
