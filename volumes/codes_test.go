package volumes_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/volumes"
)

// By hand: three authenticated calls (200, 500, 500), one unauthenticated
// 404, one of unknown authentication 503, and one 429 authenticated and
// rejected for traffic thresholds. Authenticated: 500 twice, 200 once,
// 429 once; rejections 1 of the 2 that recorded it (the 200 recorded
// "no", the 500s nothing).
func TestCodesByHand(t *testing.T) {
	at := time.Date(2026, 6, 10, 9, 0, 0, 0, time.UTC)
	mk := func(status int, auth, traffic kpi.Flag) kpi.Call {
		return kpi.Call{ReceivedAt: at, Endpoint: "GET /x", Status: status, Authenticated: auth, TrafficRejected: traffic}
	}
	calls := []kpi.Call{
		mk(200, kpi.FlagYes, kpi.FlagNo), mk(500, kpi.FlagYes, 0), mk(500, kpi.FlagYes, 0),
		mk(404, kpi.FlagNo, 0), mk(503, 0, 0), mk(429, kpi.FlagYes, kpi.FlagYes),
	}
	var s volumes.Codes
	for i := range calls {
		require.NoError(t, s.Add(&calls[i]))
	}
	require.Equal(t, uint64(2), s.Count(kpi.FlagYes, 500))
	require.Equal(t, uint64(1), s.Count(kpi.FlagYes, 429))
	require.Equal(t, uint64(4), s.Calls(kpi.FlagYes))
	require.Equal(t, uint64(1), s.Count(kpi.FlagNo, 404))
	require.Equal(t, uint64(1), s.Count(kpi.FlagUnknown, 503))
	require.Equal(t, uint64(1), s.Count(kpi.Flag(9), 503), "an invalid flag reads as unknown")
	rej, known := s.TrafficRejected(kpi.FlagYes)
	require.Equal(t, [2]uint64{1, 2}, [2]uint64{rej, known})
	_, known = s.TrafficRejected(kpi.FlagNo)
	require.Zero(t, known, "no unauthenticated call recorded rejections: not available")
	bad := calls[0]
	bad.Status = 99
	require.Equal(t, kpi.BadStatus, s.Add(&bad))
	require.Zero(t, testing.AllocsPerRun(50, func() { _ = s.Add(&calls[0]) }))
}

func genCodeCalls(t *rapid.T) []kpi.Call {
	n := rapid.IntRange(0, 40).Draw(t, "n")
	out := make([]kpi.Call, n)
	for i := range out {
		out[i] = kpi.Call{
			ReceivedAt: time.Unix(int64(i), 0), Endpoint: "GET /x",
			Status:          rapid.SampledFrom([]int{0, 200, 302, 400, 429, 500, 599, 700}).Draw(t, "status"),
			Authenticated:   kpi.Flag(rapid.IntRange(0, 3).Draw(t, "auth")),
			TrafficRejected: kpi.Flag(rapid.IntRange(0, 3).Draw(t, "traffic")),
		}
	}
	return out
}

// Property: any split merged in any order equals ReferenceCodes; Merge is
// associative and commutative with the zero value as identity.
func TestPropCodes(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var parts [3]volumes.Codes
		var all []kpi.Call
		for j := range parts {
			calls := genCodeCalls(t)
			all = append(all, calls...)
			for i := range calls {
				_ = parts[j].Add(&calls[i])
			}
		}
		ab := parts[0]
		ab.Merge(&parts[1])
		ab.Merge(&parts[2])
		bc := parts[1]
		bc.Merge(&parts[2])
		a := parts[0]
		a.Merge(&bc)
		cb := parts[2]
		cb.Merge(&parts[1])
		cb.Merge(&parts[0])
		require.Equal(t, ab, a)
		require.Equal(t, ab, cb)
		var zero volumes.Codes
		z := zero
		z.Merge(&ab)
		require.Equal(t, ab, z)
		want, _ := volumes.ReferenceCodes(all)
		require.Equal(t, want, ab.Figures())
	})
}
