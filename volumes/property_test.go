package volumes

import (
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func dailyOver(calls []kpi.Call) Counter {
	var d Counter
	for i := range calls {
		_ = d.Add(&calls[i])
	}
	return d
}

// requireInvariants checks the VO-DAY-1 invariants of n.
func requireInvariants(t require.TestingT, n Figures) {
	require.Equal(t, n.Successful+n.Redirects+n.FailedBusiness+n.FailedTechnical, n.Calls, "Calls = sum of classes")
	require.Equal(t, n.Status5xx+n.NoResponse, n.FailedTechnical, "FailedTechnical = 5xx + no response")
	require.LessOrEqual(t, n.Rejected, n.Calls, "Rejected <= Calls")
	require.LessOrEqual(t, n.SuccessfulOther2xx, n.Successful)
	require.Equal(t, n.Calls-n.NoResponse, n.Responded())
}

// Rule VO-DAY-1 and kpi's BAD INPUT: a Counter equals Reference on any input,
// its counts keep the invariants, and Add's verdict is kpi.Check's.
func TestPropCounterEqualsReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		calls := kpitest.Calls.Draw(t, "calls")
		var d Counter
		var bad uint64
		for i := range calls {
			err := d.Add(&calls[i])
			if r := kpi.Check(&calls[i]); r != kpi.OK {
				bad++
				require.Equal(t, r, err)
			} else {
				require.NoError(t, err)
			}
		}
		want, err := Reference(calls)
		require.Equal(t, want, d.Figures())
		requireInvariants(t, d.Figures())
		require.Equal(t, uint64(len(calls))-bad, d.Figures().Calls)
		rej := d.Rejections()
		require.Equal(t, bad, rej.Total())
		if bad == 0 {
			require.NoError(t, err)
		} else {
			var ie *kpi.InputError
			require.ErrorAs(t, err, &ie)
			require.Len(t, ie.Calls, int(bad))
		}
	})
}

// Any split of the input into parts, merged in any order and any tree
// shape, gives the Counter of the whole input, and so the reference.
func TestPropAnySplitAnyMergeOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		calls := kpitest.Calls.Draw(t, "calls")
		merged := kpitest.SplitMerge(t, calls, (*Counter).Add, (*Counter).Merge)
		require.Equal(t, dailyOver(calls), merged)
		want, _ := Reference(calls)
		require.Equal(t, want, merged.Figures())
	})
}

// Merge is associative and commutative, the zero Counter is its identity,
// Merge leaves its argument unchanged, and Reset gives the zero Counter.
func TestPropMergeLaws(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := dailyOver(kpitest.Calls.Draw(t, "a"))
		b := dailyOver(kpitest.Calls.Draw(t, "b"))
		c := dailyOver(kpitest.Calls.Draw(t, "c"))

		kpitest.CheckMergeLaws(t, a, b, c, (*Counter).Merge, (*Counter).Reset)
	})
}

// Rule VO-DAY-1 per endpoint-day: Counters routed by local day and endpoint
// equal ReferenceDaily, in UTC and in zones that move calls across
// midnight; the CBB rows come out sorted and one per scope.
func TestPropCountersEqualReferenceDaily(t *testing.T) {
	zones := []*time.Location{time.UTC, time.FixedZone("UTC+3", 3*3600), time.FixedZone("UTC-11", -11*3600)}
	rapid.Check(t, func(t *rapid.T) {
		calls := kpitest.Calls.Draw(t, "calls")
		cal := kpi.NewCalendar(rapid.SampledFrom(zones).Draw(t, "zone"))
		scopes := map[Key]*Counter{}
		cur := cal.Cursor()
		for i := range calls {
			if kpi.Check(&calls[i]) != kpi.OK {
				continue
			}
			k := Key{Date: cur.DateOf(calls[i].ReceivedAt), Endpoint: calls[i].Endpoint}
			if scopes[k] == nil {
				scopes[k] = new(Counter)
			}
			require.NoError(t, scopes[k].Add(&calls[i]))
		}
		want, _ := ReferenceDaily(calls, cal)
		got := make(map[Key]Figures, len(scopes))
		for k, d := range scopes {
			got[k] = d.Figures()
			requireInvariants(t, got[k])
		}
		require.Equal(t, want, got)

		rows := CBBDailyVolumeRows("E", got)
		require.Len(t, rows, len(got))
		for i := 1; i < len(rows); i++ {
			p, q := rows[i-1], rows[i]
			require.True(t, p.ReportDate < q.ReportDate || (p.ReportDate == q.ReportDate && p.EndpointID < q.EndpointID), "sorted")
		}
	})
}
