package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// ofbLog is a hand-built log in São Paulo (-03:00, no DST): GET
// /accounts/{AccountId} called once a minute from 10:00 to 10:19 on
// 2026-03-10, answered 500 from 10:05 to 10:09 (a 5-minute incident,
// 103 ms) and 200 otherwise (100 ms), and once on the 9th; POST
// /consents called twice in the second 11:00:00 and once answered 429.
func ofbLog() string {
	var b strings.Builder
	b.WriteString("received_at,endpoint,status,ttlb_ms\n")
	b.WriteString("2026-03-09T12:00:00-03:00,GET /accounts/{AccountId},200,250\n")
	for m := range 20 {
		st, ms := 200, 100
		if m >= 5 && m <= 9 {
			st, ms = 500, 103
		}
		fmt.Fprintf(&b, "2026-03-10T10:%02d:00-03:00,GET /accounts/{AccountId},%d,%d\n", m, st, ms)
	}
	b.WriteString("2026-03-10T11:00:00-03:00,POST /consents,201,300\n")
	b.WriteString("2026-03-10T11:00:00.500-03:00,POST /consents,201,300\n")
	b.WriteString("2026-03-10T11:30:00-03:00,POST /consents,429,5\n")
	return b.String()
}

// TestOFBMetricsByHand: the admin metrics 2.0.1 document of ofbLog, with a
// planned window 02:00-03:00 on the 10th, derived by hand.
//
// Availability (OFB profile: failure clock, planned included): the first
// 500 is answered at 10:05:00.103, the next success at 10:10:00.100:
// 299.997 s unplanned; with the 3,600 s planned, 3,899.997 s, written
// 3900. Uptime (86,400 - 3,899.997) / 86,400 = 0.95486114...: "0.954861"
// for the endpoint and for the interface (POST /consents never failed,
// the union is the same); scheduledOutage 3600; POST's partialDowntime
// is the planned 3600.
//
// GET: 20 invocations, average (15 × 100 + 5 × 103) / 20 = 100.75 ms,
// written 101; 5 errors; average TPS 20 / 86,400, written 0; peak 1.
// Previous day: 1 invocation, average 250, peak 1.
// POST: 3 invocations, average (300 + 300 + 5) / 3 = 201.67, written 202;
// peak 2; rejections 1 (no traffic_rejected column: the 429s); previous
// day no call: 0 invocations and no average (previousDays empty).
func TestOFBMetricsByHand(t *testing.T) {
	calls := writeFile(t, "calls.csv", ofbLog())
	planned := writeFile(t, "planned.csv", "start,end\n2026-03-10T02:00:00-03:00,2026-03-10T03:00:00-03:00\n")
	doc := runDoc(t, "-rules", "ofb", "-format", "ofb-metrics", "-base-url", "https://api.banco.example", "-planned", planned, calls)
	data := at(t, doc, "data").([]any)
	require.Len(t, data, 2)
	get, post := data[0], data[1]
	require.Equal(t, "https://api.banco.example/accounts/%7BAccountId%7D", at(t, get, "endpoint"))
	require.Equal(t, "https://api.banco.example/consents", at(t, post, "endpoint"))
	require.Equal(t, "2026-03-11T03:00:00Z", at(t, get, "requestTime"), "asof: the next local midnight, in UTC")
	require.Equal(t, "0.954861", at(t, get, "availability", "uptime", "uptimeRate"))
	require.Equal(t, "0.954861", at(t, get, "availability", "uptime", "generalUptimeRate"))
	require.Equal(t, 3900.0, at(t, get, "availability", "downtime", "generalDowntime"))
	require.Equal(t, 3600.0, at(t, get, "availability", "downtime", "scheduledOutage"))
	require.Equal(t, 3900.0, at(t, get, "availability", "downtime", "partialDowntime"))
	require.Equal(t, 3600.0, at(t, post, "availability", "downtime", "partialDowntime"))
	require.Equal(t, "0.958333", at(t, post, "availability", "uptime", "uptimeRate"), "(86,400 - 3,600) / 86,400")

	days := func(item any, field string) []any {
		return append([]any{at(t, item, field, "currentDay")}, at(t, item, field, "previousDays").([]any)...)
	}
	require.Equal(t, []any{20.0, 1.0}, days(get, "invocations"))
	require.Equal(t, []any{101.0, 250.0}, days(get, "averageResponse"))
	require.Equal(t, []any{0.0, 0.0}, days(get, "averageTps"))
	require.Equal(t, []any{1.0, 1.0}, days(get, "peakTps"))
	require.Equal(t, []any{5.0, 0.0}, days(get, "errors"))
	require.Equal(t, []any{0.0, 0.0}, days(get, "rejections"))
	require.Equal(t, []any{3.0, 0.0}, days(post, "invocations"))
	require.Equal(t, []any{202.0}, days(post, "averageResponse"))
	require.Equal(t, []any{2.0, 0.0}, days(post, "peakTps"))
	require.Equal(t, []any{1.0, 0.0}, days(post, "rejections"))
	require.Equal(t, 2.0, at(t, doc, "meta", "totalRecords"))
}

// The same log under -rules ofb, judged (json findings): RG-MINUTE-1 on
// the 10th for GET: 20 minutes with a valid call, the 5 of the incident
// down (0 of 1 success each), 15 up: 75 %, FAIL against 95 %. POST: one
// minute with valid calls (11:00, both 201; the 429 is not valid): 100 %.
func TestOFBMinuteAvailabilityByHand(t *testing.T) {
	calls := writeFile(t, "calls.csv", ofbLog())
	doc := runDoc(t, "-rules", "ofb", "-format", "json", calls)
	found := map[string]any{}
	for _, f := range at(t, doc, "findings").([]any) {
		if at(t, f, "id") == "ofb.availability.daily" && at(t, f, "period") == "2026-03-10/2026-03-10" {
			found[at(t, f, "scope").(string)] = []any{at(t, f, "measured"), at(t, f, "verdict")}
		}
	}
	require.Equal(t, []any{75.0, "FAIL"}, found["endpoint GET /accounts/{AccountId}"], "%v", found)
	require.Equal(t, []any{100.0, "PASS"}, found["endpoint POST /consents"], "%v", found)
}

// RG-P95-2 under -rules cbuae-nebras (500 ms per Ozone Connect endpoint
// and day): GET /accounts answered in 100, 200, ..., 1000 ms and once 429
// in 50 ms. The 429 is left out: n = 10, k = round(9.5) = 10, the 10th
// smallest, 1000 ms (counting the 429 would give n = 11, k = round(10.45)
// = 10: 900 ms). FAIL against 500.
func TestNebrasP95ByHand(t *testing.T) {
	var b strings.Builder
	b.WriteString("received_at,endpoint,status,ttlb_ms\n")
	for i := 1; i <= 10; i++ {
		fmt.Fprintf(&b, "2026-03-10T10:%02d:00+04:00,GET /accounts,200,%d\n", i, 100*i)
	}
	b.WriteString("2026-03-10T11:00:00+04:00,GET /accounts,429,50\n")
	calls := writeFile(t, "calls.csv", b.String())
	doc := runDoc(t, "-rules", "cbuae-nebras", "-format", "json", calls)
	var got []any
	for _, f := range at(t, doc, "findings").([]any) {
		if at(t, f, "id") == "cbuae-nebras.p95" && at(t, f, "scope") == "endpoint GET /accounts" {
			got = append(got, at(t, f, "measured"), at(t, f, "verdict"))
		}
	}
	require.Equal(t, []any{1000.0, "FAIL"}, got)
}

func TestOFBMetricsNeedsBaseURL(t *testing.T) {
	var out, errb bytes.Buffer
	require.Equal(t, 2, run([]string{"-rules", "ofb", "-format", "ofb-metrics", "-base-url", "api.banco.example"}, &out, &errb))
	require.Contains(t, errb.String(), "-base-url")
}
