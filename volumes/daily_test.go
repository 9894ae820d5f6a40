package volumes_test

import (
	"testing"
	"time"
	_ "time/tzdata" // Asia/Dubai without depending on the host

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/volumes"
	"github.com/stretchr/testify/require"
)

func call(sec, status int) kpi.Call {
	return kpi.Call{
		ReceivedAt: time.Date(2025, 3, 1, 10, 0, sec, 0, time.UTC),
		Endpoint:   "GET /accounts",
		Status:     status,
		TTFB:       10 * time.Millisecond,
		HasTTFB:    true,
		TTLB:       40 * time.Millisecond,
	}
}

// Rule VO-DAY-1: Calls is the sum of the classes and Rejected is a flag
// across them. Calls: 200 flagged, 301, 404 flagged, 500, 0: successful 1,
// redirects 1, failed business 1, failed technical 2 (1 + 1), total 5,
// rejected 2, responded 5 - 1 = 4.
func TestVODAY1_ClassesAndFlag(t *testing.T) {
	calls := []kpi.Call{call(0, 200), call(1, 301), call(2, 404), call(3, 500), call(4, 0)}
	calls[0].Rejected = true
	calls[2].Rejected = true
	var d volumes.Counter
	for i := range calls {
		require.NoError(t, d.Add(&calls[i]))
	}
	want := volumes.Figures{Successful: 1, Redirects: 1, FailedBusiness: 1, FailedTechnical: 2,
		Status5xx: 1, NoResponse: 1, Rejected: 2, Calls: 5}
	require.Equal(t, want, d.Figures())
	require.Equal(t, uint64(4), d.Figures().Responded())
}

// Package decision (no strict-CBB option): every 2xx is Successful, and
// SuccessfulOther2xx shows the readings differ. Calls 200, 202, 206: the
// rulebook's Successful is 3; CBB 5.4's codes would give 3 - 2 = 1.
func TestVODAY1_Every2xxIsSuccessful(t *testing.T) {
	var d volumes.Counter
	for _, s := range []int{200, 202, 206} {
		c := call(0, s)
		require.NoError(t, d.Add(&c))
	}
	n := d.Figures()
	require.Equal(t, uint64(3), n.Successful)
	require.Equal(t, uint64(2), n.SuccessfulOther2xx)
	require.Equal(t, uint64(1), n.Successful-n.SuccessfulOther2xx)
	require.Equal(t, uint64(3), n.Calls)
}

// kpi's BAD INPUT: Add returns the Reason and counts it; the call is in
// no count. A nil call is rejected as ZeroReceivedAt.
func TestBadInputIsCountedNotDropped(t *testing.T) {
	var d volumes.Counter
	bad := call(0, 199)
	bad.Rejected = true
	require.Equal(t, kpi.BadStatus, d.Add(&bad))
	neg := call(0, 200)
	neg.ResponseBytes = -1
	require.ErrorIs(t, d.Add(&neg), kpi.NegativeBytes)
	require.Equal(t, kpi.ZeroReceivedAt, d.Add(nil))
	require.Equal(t, volumes.Figures{}, d.Figures())
	rej := d.Rejections()
	require.Equal(t, uint64(3), rej.Total())
	require.Equal(t, uint64(1), rej[kpi.BadStatus])
	require.Equal(t, uint64(1), rej[kpi.NegativeBytes])
	require.Equal(t, uint64(1), rej[kpi.ZeroReceivedAt])
}

// Merge of nil is a no-op; Reset empties, rejections included.
func TestMergeNilAndReset(t *testing.T) {
	var d volumes.Counter
	c := call(0, 500)
	require.NoError(t, d.Add(&c))
	require.Error(t, d.Add(nil))
	d.Merge(nil)
	require.Equal(t, uint64(1), d.Figures().Calls)
	d.Reset()
	require.Equal(t, volumes.Counter{}, d)
}

// Rule VO-DAY-1 per endpoint and local day, and RP-CBB-1 rows from it. In
// Asia/Dubai (UTC+4): 19:59:59Z is 23:59:59 on 03-01, 20:00:00Z is 00:00
// on 03-02. Calls: /a 200 at 19:59:59Z, /a 500 at 20:00:00Z, /b 404
// flagged at 20:00:00Z. Rows: (03-01, /a) 1 successful; (03-02, /a) 1
// technical; (03-02, /b) 1 business, 1 rejected.
func TestRPCBB1_RowsByLocalDay(t *testing.T) {
	dubai, err := time.LoadLocation("Asia/Dubai")
	require.NoError(t, err)
	mk := func(utc time.Time, ep string, status int) kpi.Call {
		return kpi.Call{ReceivedAt: utc, Endpoint: ep, Status: status}
	}
	calls := []kpi.Call{
		mk(time.Date(2025, 3, 1, 19, 59, 59, 0, time.UTC), "GET /a", 200),
		mk(time.Date(2025, 3, 1, 20, 0, 0, 0, time.UTC), "GET /a", 500),
		mk(time.Date(2025, 3, 1, 20, 0, 0, 0, time.UTC), "GET /b", 404),
	}
	calls[2].Rejected = true
	byDay, err := volumes.ReferenceDaily(calls, kpi.NewCalendar(dubai))
	require.NoError(t, err)
	rows := volumes.CBBDailyVolumeRows("Bank", byDay)
	d1, d2 := kpi.DateOf(2025, 3, 1), kpi.DateOf(2025, 3, 2)
	require.Equal(t, []volumes.CBBDailyVolumeRow{
		{ReportDate: d1, EntityName: "Bank", EndpointID: "GET /a", SuccessfulCalls: 1},
		{ReportDate: d2, EntityName: "Bank", EndpointID: "GET /a", FailedTechnicalCalls: 1},
		{ReportDate: d2, EntityName: "Bank", EndpointID: "GET /b", FailedBusinessCalls: 1, RejectedCalls: 1},
	}, rows)
	require.Equal(t, []string{"2025-03-02", "Bank", "GET /b", "0", "1", "0", "1"}, rows[2].Record())

	// In UTC all three are on 03-01.
	byUTC, err := volumes.ReferenceDaily(calls, kpi.Calendar{})
	require.NoError(t, err)
	require.Len(t, byUTC, 2)
	require.Equal(t, uint64(2), byUTC[volumes.Key{Date: d1, Endpoint: "GET /a"}].Calls)
}

// Rule RP-CBB-1: the header is the template's, field for field (CBB template
// fields 5.1-5.7), and a row maps Figures to it; redirects have no column.
func TestRPCBB1_HeaderAndRow(t *testing.T) {
	row := volumes.NewCBBDailyVolumeRow(kpi.DateOf(2025, 3, 1), "Bank of Bahrain", "GET /accounts",
		volumes.Figures{Successful: 7, Redirects: 5, FailedBusiness: 3, FailedTechnical: 2, Status5xx: 1, NoResponse: 1, Rejected: 4, Calls: 17})
	require.Equal(t, []string{
		"ReportDate", "Entity Name", "Endpoint ID",
		"Successful API Calls (200, 201 or 204 codes)",
		"Failed API Calls Business Reasons (4xx Codes)",
		"Failed API Technical Calls Reasons (5xx Codes)",
		"API Calls Rejected Status",
	}, row.Header())
	require.Equal(t, []string{"2025-03-01", "Bank of Bahrain", "GET /accounts", "7", "3", "2", "4"}, row.Record())
	require.Len(t, row.Record(), len(row.Header()))
}

// Add, Merge, Reset and Figures do not allocate, for good and bad calls.
func TestNoAllocations(t *testing.T) {
	good := call(0, 201)
	good.Rejected = true
	bad := call(0, 101)
	var d, o volumes.Counter
	require.NoError(t, o.Add(&good))
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = d.Add(&good) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = d.Add(&bad) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = d.Add(nil) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { d.Merge(&o) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = d.Figures() }))
	require.Zero(t, testing.AllocsPerRun(100, func() { d.Reset() }))
}

// AddChecked (the combined ingest, after the caller's kpi.Check) counts a
// call of a class as Add does, and refuses any k that names no class:
// counted in Rejected as kpi.BadStatus, in no count.
func TestCounterAddChecked(t *testing.T) {
	var viaAdd, viaChecked volumes.Counter
	for _, st := range []int{200, 202, 301, 404, 500, 0} {
		c := call(1, st)
		c.Rejected = st == 404
		require.NoError(t, viaAdd.Add(&c))
		viaChecked.AddChecked(&c, c.Class())
	}
	require.Equal(t, viaAdd, viaChecked)

	c := call(1, 200)
	var bad volumes.Counter
	for _, k := range []kpi.Class{kpi.ClassInvalid, 200, 255} {
		bad.AddChecked(&c, k)
	}
	rej := bad.Rejections()
	require.Equal(t, uint64(3), rej[kpi.BadStatus])
	require.Equal(t, uint64(3), rej.Total())
	require.Equal(t, volumes.Figures{}, bad.Figures())
}
