package volumes

import (
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func dailyOver(calls []kpi.Call) Daily {
	var d Daily
	for i := range calls {
		_ = d.Add(&calls[i])
	}
	return d
}

// requireInvariants checks the VO-DAY-1 invariants of n.
func requireInvariants(t require.TestingT, n Counts) {
	require.Equal(t, n.Successful+n.Redirects+n.FailedBusiness+n.FailedTechnical, n.Total, "Total = sum of classes")
	require.Equal(t, n.Status5xx+n.NoResponse, n.FailedTechnical, "FailedTechnical = 5xx + no response")
	require.LessOrEqual(t, n.Rejected, n.Total, "Rejected <= Total")
	require.LessOrEqual(t, n.SuccessfulOther2xx, n.Successful)
	require.Equal(t, n.Total-n.NoResponse, n.Responded())
}

// Rule VO-DAY-1 and kpi's BAD INPUT: a Daily equals Reference on any input,
// its counts keep the invariants, and Add's verdict is kpi.Check's.
func TestPropDailyEqualsReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		calls := kpitest.Calls.Draw(t, "calls")
		var d Daily
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
		require.Equal(t, want, d.Counts())
		requireInvariants(t, d.Counts())
		require.Equal(t, uint64(len(calls))-bad, d.Counts().Total)
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
// shape, gives the Daily of the whole input, and so the reference.
func TestPropAnySplitAnyMergeOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		calls := kpitest.Calls.Draw(t, "calls")
		merged := kpitest.SplitMerge(t, calls, (*Daily).Add, (*Daily).Merge)
		require.Equal(t, dailyOver(calls), merged)
		want, _ := Reference(calls)
		require.Equal(t, want, merged.Counts())
	})
}

// Merge is associative and commutative, the zero Daily is its identity,
// Merge leaves its argument unchanged, and Reset gives the zero Daily.
func TestPropMergeLaws(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := dailyOver(kpitest.Calls.Draw(t, "a"))
		b := dailyOver(kpitest.Calls.Draw(t, "b"))
		c := dailyOver(kpitest.Calls.Draw(t, "c"))

		kpitest.CheckMergeLaws(t, a, b, c, (*Daily).Merge, (*Daily).Reset)
	})
}

// Rule VO-DAY-1 per endpoint-day: Dailies routed by local day and endpoint
// equal ReferenceDaily, in UTC and in zones that move calls across
// midnight; the CBB rows come out sorted and one per scope.
func TestPropDailiesEqualReferenceDaily(t *testing.T) {
	zones := []*time.Location{time.UTC, time.FixedZone("UTC+3", 3*3600), time.FixedZone("UTC-11", -11*3600)}
	rapid.Check(t, func(t *rapid.T) {
		calls := kpitest.Calls.Draw(t, "calls")
		cal := kpi.NewCalendar(rapid.SampledFrom(zones).Draw(t, "zone"))
		scopes := map[Key]*Daily{}
		cur := cal.Cursor()
		for i := range calls {
			if kpi.Check(&calls[i]) != kpi.OK {
				continue
			}
			k := Key{Date: cur.DateOf(calls[i].ReceivedAt), Endpoint: calls[i].Endpoint}
			if scopes[k] == nil {
				scopes[k] = new(Daily)
			}
			require.NoError(t, scopes[k].Add(&calls[i]))
		}
		want, _ := ReferenceDaily(calls, cal)
		got := make(map[Key]Counts, len(scopes))
		for k, d := range scopes {
			got[k] = d.Counts()
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
