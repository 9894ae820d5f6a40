package daily

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Every rule set resolves to its profile and the profile's zone (EBA: UTC,
// its profile names none).
func TestRulesZones(t *testing.T) {
	for name, zone := range map[string]string{
		"cbuae": "Asia/Dubai", "cbb": "Asia/Bahrain", "cdr": "Australia/Sydney", "ofb": "America/Sao_Paulo",
		"uk": "Europe/London", "eba": "UTC", "cbuae-nebras": "Asia/Dubai",
	} {
		st, err := NewSettings(name, "", "", nil)
		require.NoError(t, err, name)
		require.Equal(t, zone, st.Cal.Location().String(), name)
		require.Equal(t, name, st.Profile.Name, name)
	}
	_, err := Rules("mars")
	require.ErrorContains(t, err, RuleNames)
}
