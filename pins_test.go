package kpi_test

import (
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
)

// Rule CLASS at every class's edges: the first and last status of each
// class, and the statuses just outside the range 200-599. Failure is an
// attributable 5xx or status 0; success a 2xx or 3xx; a 4xx is neither.
func TestClassBoundaries(t *testing.T) {
	for _, tc := range []struct {
		status  int
		class   kpi.Class
		success bool
		failure bool
		check   kpi.Reason
	}{
		{-1, kpi.ClassInvalid, false, false, kpi.BadStatus},
		{0, kpi.ClassNoResponse, false, true, kpi.OK},
		{1, kpi.ClassInvalid, false, false, kpi.BadStatus},
		{199, kpi.ClassInvalid, false, false, kpi.BadStatus},
		{200, kpi.Class2xx, true, false, kpi.OK},
		{299, kpi.Class2xx, true, false, kpi.OK},
		{300, kpi.Class3xx, true, false, kpi.OK},
		{399, kpi.Class3xx, true, false, kpi.OK},
		{400, kpi.Class4xx, false, false, kpi.OK},
		{499, kpi.Class4xx, false, false, kpi.OK},
		{500, kpi.Class5xx, false, true, kpi.OK},
		{599, kpi.Class5xx, false, true, kpi.OK},
		{600, kpi.ClassInvalid, false, false, kpi.BadStatus},
	} {
		c := kpi.Call{ReceivedAt: time.Unix(0, 1), Endpoint: "GET /a", Status: tc.status}
		require.Equal(t, tc.class, kpi.ClassOf(tc.status), "ClassOf(%d)", tc.status)
		require.Equal(t, tc.class, c.Class(), "Call.Class %d", tc.status)
		require.Equal(t, tc.check, kpi.Check(&c), "Check %d", tc.status)
		if tc.check != kpi.OK {
			continue // a bad call is neither (it is never counted)
		}
		require.Equal(t, tc.success, c.Success(), "Success %d", tc.status)
		require.Equal(t, tc.failure, c.Failure(), "Failure %d", tc.status)
		c.NotAttributable = true
		require.False(t, c.Failure(), "a non-attributable %d is no failure", tc.status)
		require.Equal(t, tc.success, c.Success(), "attribution does not change success, %d", tc.status)
	}
}

// Rule DAY before 1970: Date counts days from 1970-01-01 with floor
// division, so 1969-12-31 is day -1 (not 0, as truncation toward zero
// would give: 1969-12-31T00:00Z is Unix -86400, -86400/86400 = -1; but
// 1969-12-31T12:00Z is Unix -43200, which truncates to 0 and floors to
// -1). 1969-12-31 was a Wednesday, in ISO week 1970-W01.
func TestDateBefore1970(t *testing.T) {
	d := kpi.DateOf(1969, 12, 31)
	require.Equal(t, kpi.Date(-1), d)
	require.Equal(t, kpi.Date(0), kpi.DateOf(1970, 1, 1))
	require.Equal(t, kpi.Date(-365), kpi.DateOf(1969, 1, 1)) // 1969 is not a leap year
	require.Equal(t, "1969-12-31", d.String())
	y, m, dd := d.Civil()
	require.Equal(t, []int{1969, 12, 31}, []int{y, int(m), dd})
	require.Equal(t, time.Wednesday, d.Weekday())
	wy, w := d.ISOWeek()
	require.Equal(t, []int{1970, 1}, []int{wy, w})
	p, err := kpi.ParseDate("1969-12-31")
	require.NoError(t, err)
	require.Equal(t, d, p)

	var cal kpi.Calendar // UTC
	for _, at := range []time.Time{
		time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC),
		time.Date(1969, 12, 31, 12, 0, 0, 0, time.UTC),
		time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.UTC),
	} {
		require.Equal(t, d, cal.DateOf(at), "%s", at)
		k := cal.Cursor()
		require.Equal(t, d, k.DateOf(at), "cursor %s", at)
	}
	require.Equal(t, kpi.Date(0), cal.DateOf(time.Unix(0, 0)))
	require.Equal(t, time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC), cal.Start(d))
	require.Equal(t, 24*time.Hour, cal.Length(d))
	require.Equal(t, kpi.Period{First: kpi.DateOf(1969, 12, 1), Last: d}, kpi.Month(d))
	require.Equal(t, kpi.Period{First: kpi.DateOf(1969, 10, 1), Last: d}, kpi.Quarter(d))
}

// Rule EXACT: Ratio.Cmp orders NoData before every value (both ways) and
// equal to itself, so sorting findings by value puts the missing ones
// first; Equal is false between NoData and any value, 0 % included, and
// between two different values.
func TestRatioCmpNoDataAndEqual(t *testing.T) {
	zero, half, one := kpi.PercentOf(0, 1), kpi.RatioOf(1, 2), kpi.RatioOfInt(1)
	require.Equal(t, -1, kpi.NoData.Cmp(zero))
	require.Equal(t, 1, zero.Cmp(kpi.NoData))
	require.Equal(t, 0, kpi.NoData.Cmp(kpi.NoData))
	require.Equal(t, -1, half.Cmp(one))
	require.Equal(t, 1, one.Cmp(half))
	xs := []kpi.Ratio{one, kpi.NoData, zero, half, kpi.NoData}
	slices.SortStableFunc(xs, kpi.Ratio.Cmp)
	require.Equal(t, []string{"no data", "no data", "0.000", "0.500", "1.000"},
		[]string{xs[0].String(), xs[1].String(), xs[2].String(), xs[3].String(), xs[4].String()})

	require.False(t, kpi.NoData.Equal(zero))
	require.False(t, zero.Equal(kpi.NoData))
	require.False(t, half.Equal(one))
	require.True(t, kpi.NoData.Equal(kpi.NoData))
	require.True(t, half.Equal(kpi.RatioOf(2, 4)))
}
