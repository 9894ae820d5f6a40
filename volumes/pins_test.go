package volumes_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/volumes"
)

// Rule VO-DAY-1 at the class edges: 299 is Successful (and not one of the
// CBB's 200/201/204), 300 and 399 Redirects, 400, 404 and 499
// FailedBusiness, 500 FailedTechnical. By hand: Successful 1, Redirects 2,
// FailedBusiness 3, Status5xx 1, FailedTechnical 1, Calls 7,
// SuccessfulOther2xx 1 (every class a different count, so that a swap
// shows). The accumulator and the reference agree.
func TestVODay1ClassEdges(t *testing.T) {
	var calls []kpi.Call
	for i, s := range []int{299, 300, 399, 400, 404, 499, 500} {
		calls = append(calls, kpi.Call{ReceivedAt: time.Unix(int64(i), 0), Endpoint: "GET /a", Status: s})
	}
	want := volumes.Figures{Successful: 1, Redirects: 2, FailedBusiness: 3, FailedTechnical: 1, Status5xx: 1, Calls: 7, SuccessfulOther2xx: 1}
	var d volumes.Counter
	for i := range calls {
		require.NoError(t, d.Add(&calls[i]))
	}
	require.Equal(t, want, d.Figures())
	ref, err := volumes.Reference(calls)
	require.NoError(t, err)
	require.Equal(t, want, ref)
}
