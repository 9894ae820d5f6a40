package authfunnel

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
)

// The Funnel's decoder allocates at most kpitest.DecodeAllocFactor bytes
// per input byte on 1 MiB inputs crafted from the worked sample's
// first events: each count of the format, wherever it is, claims as many of
// the smallest items as the input holds (rows, consents, runs).
func TestDecodeAllocatesBoundedByInput(t *testing.T) {
	// The first events of the worked sample, cut in two and merged (as
	// sampleFunnel does): rows, consents with two runs.
	events := loadScenarios(t, "testdata/AF-1-2-worked.txt")[0].events[:10]
	f, g := NewFunnel(kpi.Calendar{}, Options{AttemptTimeoutIsFailure: true}), NewFunnel(kpi.Calendar{}, Options{})
	for i := range events {
		if i%3 == 0 {
			_ = f.Add(&events[i])
		} else {
			_ = g.Add(&events[i])
		}
	}
	f.Merge(&g)
	enc, err := f.MarshalBinary()
	require.NoError(t, err)
	worst := kpitest.CheckDecodeAlloc(t, enc, func(b []byte) error { var d Funnel; return d.UnmarshalBinary(b) }, kpitest.DecodeAllocFactor)
	t.Logf("Funnel (%d bytes): at most %.2f bytes allocated per input byte", len(enc), worst)
}
