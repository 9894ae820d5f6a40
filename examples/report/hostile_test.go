package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Regression tests for hostile and unlucky input: nothing lost, nothing
// amplified, no state that lies. Each is built from the failing case,
// scaled down (the scaling is said in each test).

// One unterminated quote used to swallow the rest of the file as one
// field: "skipped 1 bad row", and every call after it was gone (eight 500s
// disappeared and a 95.836 % FAIL day became 100.000 % PASS). Scaled
// down: one good call, the bad quote, two 500s and a 200 on GET /a.
//
// Failure clock over the real day (-rules platform, UTC): GET /a fails at
// 06:00 and next succeeds at 18:00, 12 h = 43,200 s down:
// uptime = 100 * (86,400 - 43,200) / 86,400 = 50.000 %. Calls: lines 2,
// 4, 5 and 6 = 4; line 3 is the one bad row.
func TestUnterminatedQuoteCostsOneRow(t *testing.T) {
	in := writeFile(t, "calls.csv", "received_at,endpoint,status,ttlb_ms\n"+
		"2024-10-10T00:00:00Z,GET /a,200,5\n"+
		"2024-10-10T00:00:01Z,\"GET /unclosed,200,5\n"+
		"2024-10-10T06:00:00Z,GET /a,500,5\n"+
		"2024-10-10T12:00:00Z,GET /a,500,5\n"+
		"2024-10-10T18:00:00Z,GET /a,200,5\n")
	res := runCmd(t, "-rules", "platform", "-tz", "UTC", "-format", "csv", "-lenient", in)
	require.Equal(t, 0, res.status, res.stderr)
	require.Contains(t, res.stderr, "calls.csv:3: malformed quoted field")
	require.Contains(t, res.stderr, "skipped 1 bad row")
	rows, _ := parseDaily(t, res.stdout)
	all := rows["2024-10-10 ALL"]
	require.Equal(t, "4", all["calls"])
	require.Equal(t, "2", all["status_5xx"])
	require.Equal(t, "43200.000", all["downtime_s"])
	require.Equal(t, "50.000", all["uptime_pct"])
}
