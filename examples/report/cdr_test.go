package main

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

// cdrLog is a hand-built CDR log in Sydney (AEST, +10:00, no DST in
// June): 2026-06-09 and 2026-06-10, observed until 12:30 on the 10th.
const cdrLog = `received_at,endpoint,status,ttlb_ms,customer_present,authenticated,traffic_rejected
2026-06-09T23:30:00+10:00,POST /token,200,500,,false,false
2026-06-10T09:00:00+10:00,POST /token,200,800,,false,false
2026-06-10T09:10:00+10:00,POST /token,200,1200,,false,false
2026-06-10T09:20:00+10:00,POST /token,429,5,,false,true
2026-06-10T10:00:00+10:00,GET /banking/payees,200,1400,true,true,false
2026-06-10T10:05:00+10:00,GET /banking/payees,200,3000,false,true,false
2026-06-10T10:06:00+10:00,GET /banking/payees,503,100,false,true,false
`

func runDoc(t *testing.T, args ...string) map[string]any {
	t.Helper()
	var out, errb bytes.Buffer
	require.Equal(t, 0, run(args, &out, &errb), errb.String())
	var doc map[string]any
	require.NoError(t, json.Unmarshal(out.Bytes(), &doc))
	return doc
}

// at walks a decoded JSON document by keys and indices.
func at(t *testing.T, v any, path ...any) any {
	t.Helper()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			require.True(t, ok, "%v: not an object at %q", path, k)
			v, ok = m[k]
			if !ok {
				return nil
			}
		case int:
			a, ok := v.([]any)
			require.True(t, ok && k < len(a), "%v: no index %d", path, k)
			v = a[k]
		}
	}
	return v
}

func hoursOf(n int, set map[int]string) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = "1" // an hour without a call of a tier that had calls that day
		if s, ok := set[i]; ok {
			out[i] = s
		}
	}
	return out
}

// TestCDRMetricsByHand: every figure derived by hand from cdrLog.
//
// Tiers (CDR profile): POST /token is high priority (1000 ms) whoever
// calls; GET /banking/payees is low priority (1500 ms) with the customer
// present and unattended (4000 ms) without.
//
// Current day 2026-06-10, 13 hour slots (00:00 to the 12:00 hour begun
// before -asof 12:30):
//   - high priority hour 9: 3 calls, the 429 rejected for traffic out of
//     the share, 1 of 2 within 1000 ms (800; 1200 is over): "0.500000";
//   - low priority hour 10: 1 of 1 (1400 <= 1500): "1.000000";
//   - unattended hour 10: 2 of 2 (3000, 100 <= 4000): "1.000000";
//   - aggregate: (1 + 1 + 2) / (2 + 1 + 2) = 0.8: "0.800000";
//   - invocations 3, 1, 2; average response (800 + 1200 + 5) / 3 =
//     668.333 ms = 0.668 s, 1.400 s, (3000 + 100) / 2 = 1.550 s;
//   - sessions: 2 successful POST /token; errors.aggregate: one 5xx;
//   - TPS: 6 calls / 45,000 s observed = 0.000133; peak 1;
//   - authenticated (3 calls): {503: 1}, TPS 3 / 45,000 = 0.000067,
//     rejections 0; unauthenticated (3): {429: 1}, rejections 1.
//
// Previous day 2026-06-09, 24 slots: high priority hour 23: "1.000000"; 1
// invocation; average 0.500 s; 1 session; TPS 1 / 86,400 = 0.000012. Low
// priority and unattended had no call: [] and 0 invocations, no average
// (the averages' previousDays are left out).
//
// Availability (CDR: failure clock, planned excluded): the 503 answered
// at 10:06:00.100 (AV-CLOCK-2: ReceivedAt + TTLB) opens a clock on GET
// /banking/payees that nothing closes: it runs to -asof 12:30, 8,639.9
// s. June so far = 2 days of 86,400 s: (172,800 - 8,639.9) / 172,800 =
// 0.9500005787..., at 6 places "0.950001".
func TestCDRMetricsByHand(t *testing.T) {
	calls := writeFile(t, "calls.csv", cdrLog)
	doc := runDoc(t, "-rules", "cdr", "-format", "cdr-metrics", "-asof", "2026-06-10T12:30:00+10:00",
		"-base-url", "https://api.bank.example/cds-au/v1", "-cdr-counts", "customers=7,recipients=2,individual=5,nonIndividual=1", calls)
	d := at(t, doc, "data")
	require.Equal(t, "2026-06-10T12:30:00+10:00", at(t, d, "requestTime"))
	require.Equal(t, "https://api.bank.example/cds-au/v1/admin/metrics", at(t, doc, "links", "self"))

	require.Equal(t, hoursOf(13, map[int]string{9: "0.500000"}), at(t, d, "performance", "highPriority", "currentDay"))
	require.Equal(t, hoursOf(13, map[int]string{10: "1.000000"}), at(t, d, "performance", "lowPriority", "currentDay"))
	require.Equal(t, hoursOf(13, map[int]string{10: "1.000000"}), at(t, d, "performance", "unattended", "currentDay"))
	require.Nil(t, at(t, d, "performance", "unauthenticated", "currentDay"), "no call of the tier: left out")
	require.Equal(t, []any{hoursOf(24, map[int]string{23: "1.000000"})}, at(t, d, "performance", "highPriority", "previousDays"))
	require.Equal(t, []any{[]any{}}, at(t, d, "performance", "lowPriority", "previousDays"))
	require.Equal(t, "0.800000", at(t, d, "performance", "aggregate", "currentDay"))
	require.Equal(t, []any{"1.000000"}, at(t, d, "performance", "aggregate", "previousDays"))

	for tier, want := range map[string][2]float64{"highPriority": {3, 1}, "lowPriority": {1, 0}, "unattended": {2, 0}, "unauthenticated": {0, 0}, "largePayload": {0, 0}} {
		require.Equal(t, want[0], at(t, d, "invocations", tier, "currentDay"), tier)
		require.Equal(t, []any{want[1]}, at(t, d, "invocations", tier, "previousDays"), tier)
	}
	require.Equal(t, 0.668, at(t, d, "averageResponse", "highPriority", "currentDay"))
	require.Equal(t, []any{0.5}, at(t, d, "averageResponse", "highPriority", "previousDays"))
	require.Equal(t, 1.4, at(t, d, "averageResponse", "lowPriority", "currentDay"))
	require.Equal(t, 1.55, at(t, d, "averageResponse", "unattended", "currentDay"))
	require.Nil(t, at(t, d, "averageResponse", "unattended", "previousDays"), "no average on the 9th")
	require.Nil(t, at(t, d, "averageResponse", "largePayload", "currentDay"))

	require.Equal(t, 2.0, at(t, d, "sessionCount", "currentDay"))
	require.Equal(t, []any{1.0}, at(t, d, "sessionCount", "previousDays"))
	require.Equal(t, 0.000133, at(t, d, "averageTps", "aggregate", "currentDay"))
	require.Equal(t, []any{0.000012}, at(t, d, "averageTps", "aggregate", "previousDays"))
	require.Equal(t, 0.000067, at(t, d, "averageTps", "authenticated", "currentDay"))
	require.Equal(t, 1.0, at(t, d, "peakTps", "aggregate", "currentDay"))
	require.Nil(t, at(t, d, "peakTps", "authenticated", "currentDay"), "no per-second state per authentication")
	require.Equal(t, 1.0, at(t, d, "errors", "aggregate", "currentDay"))
	require.Equal(t, map[string]any{"503": 1.0}, at(t, d, "errors", "authenticated", "currentDay"))
	require.Equal(t, map[string]any{"429": 1.0}, at(t, d, "errors", "unauthenticated", "currentDay"))
	require.Equal(t, 0.0, at(t, d, "rejections", "authenticated", "currentDay"))
	require.Equal(t, 1.0, at(t, d, "rejections", "unauthenticated", "currentDay"))
	require.Equal(t, []any{0.0}, at(t, d, "rejections", "unauthenticated", "previousDays"))

	require.Equal(t, "0.950001", at(t, d, "availability", "aggregate", "currentMonth"))
	require.Nil(t, at(t, d, "availability", "aggregate", "previousMonths"), "May is not covered")
	require.Equal(t, map[string]any{}, at(t, d, "availability", "authenticated"))
	require.Equal(t, 7.0, at(t, d, "customerCount"))
	require.Equal(t, 5.0, at(t, d, "authorisations", "activeAuthorisationCount", "individual"))
}

// The document's shape, as ResponseMetricsListV5 requires it: the
// required objects of data, every tier, the six abandonment stages.
func TestCDRMetricsShape(t *testing.T) {
	calls := writeFile(t, "calls.csv", cdrLog)
	doc := runDoc(t, "-rules", "cdr", "-format", "cdr-metrics", "-base-url", "https://x.example", "-cdr-counts", "customers=0,recipients=0,individual=0,nonIndividual=0", calls)
	d := at(t, doc, "data").(map[string]any)
	for _, k := range []string{"requestTime", "availability", "performance", "invocations", "averageResponse", "sessionCount", "averageTps", "peakTps", "errors", "rejections", "customerCount", "recipientCount", "authorisations"} {
		require.Contains(t, d, k)
	}
	for _, k := range []string{"performance", "invocations", "averageResponse"} {
		for _, tier := range []string{"unauthenticated", "highPriority", "lowPriority", "unattended", "largePayload"} {
			require.Contains(t, d[k], tier, k)
		}
	}
	for _, k := range []string{"averageTps", "peakTps", "errors", "availability"} {
		for _, s := range []string{"aggregate", "authenticated", "unauthenticated"} {
			require.Contains(t, d[k], s, k)
		}
	}
	require.Len(t, at(t, d, "authorisations", "abandonmentsByStage"), 6)
	require.Contains(t, doc, "links")
}

func TestCDRMetricsFlags(t *testing.T) {
	var out, errb bytes.Buffer
	require.Equal(t, 2, run([]string{"-rules", "cdr", "-format", "cdr-metrics"}, &out, &errb))
	require.Contains(t, errb.String(), "-base-url")
	errb.Reset()
	require.Equal(t, 2, run([]string{"-rules", "cdr", "-format", "cdr-metrics", "-base-url", "https://x.example", "-cdr-counts", "customers=1"}, &out, &errb))
	require.Contains(t, errb.String(), "-cdr-counts")
}

// A 25-hour day (Sydney, 2026-04-05: 03:00 AEDT becomes 02:00 AEST): its
// hourly arrays have 25 entries; the call at 23:30 AEST is 24.5 hours
// after local midnight (00:00 AEDT, +11:00): slot 24, the last.
func TestCDRMetricsDSTDay(t *testing.T) {
	calls := writeFile(t, "calls.csv", `received_at,endpoint,status,ttlb_ms
2026-04-05T23:30:00+10:00,POST /token,200,100
2026-04-06T01:00:00+10:00,POST /token,200,100
`)
	doc := runDoc(t, "-rules", "cdr", "-format", "cdr-metrics", "-base-url", "https://x.example", "-cdr-counts", "customers=0,recipients=0,individual=0,nonIndividual=0", calls)
	require.Equal(t, []any{hoursOf(25, map[int]string{24: "1.000000"})}, at(t, doc, "data", "performance", "highPriority", "previousDays"))
	require.Len(t, at(t, doc, "data", "performance", "highPriority", "currentDay"), 24)
}
