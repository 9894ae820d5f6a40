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

// Each optional column alone is read (ParseRow looks at them only when
// the header has one of them): a header of the required columns and that
// one, a row with its value set.
func TestRegimeColumnAlone(t *testing.T) {
	split := func(s string) [][]byte { return bytes.Split([]byte(s), []byte(",")) }
	intern := func(b []byte) string { return string(b) }
	for col, want := range map[string]func(c *kpi.Call) bool{
		"customer_present": func(c *kpi.Call) bool { return c.CustomerPresent == kpi.FlagYes },
		"authenticated":    func(c *kpi.Call) bool { return c.Authenticated == kpi.FlagYes },
		"traffic_rejected": func(c *kpi.Call) bool { return c.TrafficRejected == kpi.FlagYes },
		"api_version":      func(c *kpi.Call) bool { return c.APIVersion == "true" },
	} {
		h, err := ParseHeader(split("received_at,endpoint,status,ttlb_ms," + col))
		require.NoError(t, err)
		var c kpi.Call
		require.Empty(t, ParseRow(&h, split("2026-03-01T10:00:00Z,GET /x,200,5,true"), &c, intern), col)
		require.True(t, want(&c), col)
		if col != "api_version" { // free text
			require.Equal(t, col+": "+errBool.Error(), ParseRow(&h, split("2026-03-01T10:00:00Z,GET /x,200,5,yes"), &c, intern), col)
		}
	}
}
