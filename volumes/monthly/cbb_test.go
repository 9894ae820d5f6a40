package monthly

import (
	"testing"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
)

// Rule RP-CBB-1 sheet 3: the worked example of testdata/VO-USER-1.json
// (march-2025-bahrain) as rows; every field lands in its column, in the
// template's order 3.4 to 3.13.
func TestRPCBB1Sheet3(t *testing.T) {
	c := userCaseNamed(t, "VO-USER-1/march-2025-bahrain")
	var u Users
	routeUsers(&u, c.cal, c.month, c.events)
	rows := NewCBBUserVolumeRows(c.month, "Bank", u.Volumes(c.history, c.opts))
	require.Len(t, rows, 2)
	require.Len(t, rows[0].Header(), 13)
	require.Len(t, rows[0].Record(), 13)
	require.Equal(t, []string{"2025-03", "Bank", "Retail", "1", "4", "2", "4", "2", "3", "0", "1", "1", "1"}, rows[0].Record())
	require.Equal(t, []string{"2025-03", "Bank", "Business", "2", "2", "1", "1", "1", "1", "0", "0", "0", "0"}, rows[1].Record())
	require.Equal(t, c.want.Business, rows[1].UserVolumes)
}

// Rule RP-CBB-1 sheet 4: the worked example of testdata/VO-TPP-1.json
// (march-2025) as a row, in the template's order 4.3 to 4.10.
func TestRPCBB1Sheet4(t *testing.T) {
	c := tppCaseNamed(t, "VO-TPP-1/march-2025")
	var s TPPs
	for i := range c.events {
		_ = s.Add(&c.events[i])
	}
	row := NewCBBTPPVolumeRow(march, "Bank", s.Month(c.cal, march))
	require.Len(t, row.Header(), 10)
	require.Equal(t, []string{"2025-03", "Bank", "2", "2", "2", "2", "1", "1", "0", "2"}, row.Record())
	require.Equal(t, c.want[0], row.TPPMonth)
	require.Equal(t, "0999-12", monthText(kpi.Month(kpi.DateOf(999, 12, 5))))
}
