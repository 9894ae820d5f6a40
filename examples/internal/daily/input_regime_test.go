package daily

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
)

// The regimes' optional columns: true or false, empty when not recorded;
// a bad value names its column.
func TestRegimeColumns(t *testing.T) {
	split := func(s string) [][]byte { return bytes.Split([]byte(s), []byte(",")) }
	h, err := ParseHeader(split("received_at,endpoint,status,ttlb_ms,customer_present,authenticated,traffic_rejected,api_version"))
	require.NoError(t, err)
	intern := func(b []byte) string { return string(b) }
	var c kpi.Call
	require.Empty(t, ParseRow(&h, split("2026-03-01T10:00:00Z,GET /x,200,5,true,false,,3.1"), &c, intern))
	require.Equal(t, kpi.FlagYes, c.CustomerPresent)
	require.Equal(t, kpi.FlagNo, c.Authenticated)
	require.Equal(t, kpi.FlagUnknown, c.TrafficRejected)
	require.Equal(t, "3.1", c.APIVersion)
	require.Equal(t, "traffic_rejected: "+errBool.Error(), ParseRow(&h, split("2026-03-01T10:00:00Z,GET /x,200,5,,,yes,"), &c, intern))
}
