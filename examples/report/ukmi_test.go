package main

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestUKMIByHand: the Performance & Availability rows of a hand-built day
// in London (GMT in March before the change), derived by hand.
//
// POST /domestic-payments (a payment endpoint by -payment-endpoints),
// version 3.1: four 201s with TTLB 40, 10, 30, 20 ms, TTFB half of each,
// payloads 100 × TTLB bytes, and a call with no response (status 0,
// 30,000 ms):
//   - lower medians (RG-MEDIAN-1, the ceil(4/2) = 2nd smallest of the
//     responded calls): TTLB 20, TTFB 10, payload 2000;
//   - averages over the responded calls: TTLB (40+10+30+20)/4 = 25, TTFB
//     12.5; totals 100 and 50 ms; payload 10,000 bytes;
//   - Max PIPS: two 201s in the second 09:00:01: 2;
//   - 5 calls; no downtime (AV-CONSEC needs five unanswered within 30 s).
//
// GET /accounts, no version, no TTFB, no payload: one 200 in 50 ms: TTFB
// figures and PIPS NULL, median payload 0.
func TestUKMIByHand(t *testing.T) {
	calls := writeFile(t, "calls.csv", `received_at,endpoint,status,ttlb_ms,ttfb_ms,response_bytes,api_version
2026-03-10T09:00:00Z,POST /domestic-payments,201,40,20,4000,3.1
2026-03-10T09:00:01Z,POST /domestic-payments,201,10,5,1000,3.1
2026-03-10T09:00:01.500Z,POST /domestic-payments,201,30,15,3000,3.1
2026-03-10T09:00:03Z,POST /domestic-payments,201,20,10,2000,3.1
2026-03-10T09:00:04Z,POST /domestic-payments,0,30000,,,3.1
2026-03-10T10:00:00Z,GET /accounts,200,50,,,
`)
	var out, errb bytes.Buffer
	require.Equal(t, 0, run([]string{"-rules", "uk", "-format", "uk-mi", "-entity", "BRAND1", "-payment-endpoints", "POST /domestic-payments", calls}, &out, &errb), errb.String())
	recs, err := csv.NewReader(&out).ReadAll()
	require.NoError(t, err)
	require.Equal(t, ukMIHeader, recs[0])
	require.Len(t, recs, 3)
	require.Equal(t, []string{"2026-03-10", "BRAND1", "GET /accounts", "NULL", "100.000", "0.000", "0.000",
		"50.000", "NULL", "0", "NULL", "50.000", "NULL", "1", "50.000", "NULL", "0", "NULL"}, recs[1])
	require.Equal(t, []string{"2026-03-10", "BRAND1", "POST /domestic-payments", "NULL", "100.000", "0.000", "0.000",
		"20.000", "10.000", "2000", "2", "25.000", "12.500", "5", "100.000", "50.000", "10000", "3.1"}, recs[2])
	for _, rec := range recs {
		for i, cell := range rec {
			require.NotEmpty(t, cell, "column %q: NULL, never empty", recs[0][i])
		}
	}
}
