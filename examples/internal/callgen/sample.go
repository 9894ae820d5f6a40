package callgen

import "time"

// CBUAE is the endpoint list of the CBUAE Open Finance standards (section 4, "API Performance"),
// written as the standard writes it, with traffic weights and timings for a
// mid-sized bank.
var CBUAE = []Endpoint{
	{"GET /account-access-consents", 3, 90, 0.4, 900, 0},
	{"GET /accounts", 14, 140, 0.45, 2400, 0},
	{"GET /accounts/{AccountID}/balances", 18, 110, 0.45, 800, 0},
	{"GET /accounts/{AccountID}/beneficiaries", 3, 160, 0.5, 600, 300},
	{"GET /accounts/{AccountID}/consents", 1, 120, 0.4, 700, 0},
	{"GET /accounts/{AccountID}/direct-debits", 1, 150, 0.5, 500, 250},
	{"GET /accounts/{AccountID}/parties", 2, 120, 0.4, 900, 0},
	{"GET /accounts/{AccountID}/product", 1, 130, 0.4, 1500, 0},
	{"GET /accounts/{AccountID}/scheduled-payments", 1, 150, 0.5, 500, 300},
	{"GET /accounts/{AccountID}/standing-orders", 1, 150, 0.5, 500, 300},
	{"GET /accounts/{AccountID}/transactions", 16, 260, 0.55, 1200, 420},
	{"GET /payment-consents", 1, 100, 0.4, 700, 0},
	{"GET /payment-consents{ConsentId}", 3, 95, 0.4, 900, 0},
	{"GET /payment-consents{ConsentId}/refund", 0.3, 110, 0.4, 600, 0},
	{"POST /payment-consents/{ConsentId}/file", 0.2, 600, 0.6, 400, 0},
	{"PATCH /payment-consents{ConsentId}", 0.5, 140, 0.4, 800, 0},
	{"GET /payments/{PaymentId}", 5, 120, 0.45, 1100, 0},
	{"POST /payments", 8, 330, 0.4, 1300, 0},
	{"HEAD /payments", 0.5, 40, 0.3, 0, 0},
	{"GET /file-payments/{PaymentId}", 0.4, 150, 0.5, 1100, 0},
	{"POST /file-payments", 0.4, 900, 0.6, 1300, 0},
	{"HEAD /file-payments", 0.1, 45, 0.3, 0, 0},
	{"GET /file-payments/{PaymentId}/report", 0.2, 700, 0.6, 30000, 0},
	{"POST /confirmation", 6, 180, 0.4, 300, 0},
	{"POST /discovery", 3, 150, 0.4, 400, 0},
	{"GET /insurance-consents", 0.5, 110, 0.4, 800, 0},
	{"GET /insurance-consents{ConsentId}", 0.5, 100, 0.4, 900, 0},
	{"PATCH /insurance-consents{ConsentId}", 0.2, 140, 0.4, 800, 0},
	{"GET /insurance-policies", 1, 210, 0.5, 3000, 0},
	{"GET /insurance-policies/{InsurancePolicyId}", 1, 170, 0.5, 2500, 0},
}

// Sample is the report command's embedded sample: the week of Monday
// 2026-11-09 to Sunday 2026-11-15 in Asia/Dubai, 2,000 calls a day on the
// CBUAE endpoints, with
//   - an outage of POST /payments across midnight, Wednesday 23:52 to
//     Thursday 00:17 (every call 503, plus a call every 40 s);
//   - a burst of six unanswered GET /accounts/{AccountID}/balances calls
//     within 25 s, Friday 14:03:10 (the gateway gave up after 30 s);
//   - a planned window, Sunday 02:00 to 02:30, on every endpoint
//     (PlannedCSV), with no traffic but a few 503s from a release;
//   - 4xx noise, isolated 5xx (some not attributable), rejected payments
//     and paged account data.
func Sample() Config {
	dubai := time.FixedZone("+04", 4*3600) // Asia/Dubai has no daylight saving
	at := func(day, h, m, s int) time.Time { return time.Date(2026, 11, day, h, m, s, 0, dubai) }
	return Config{
		Seed:        20261109,
		Start:       at(9, 0, 0, 0),
		Days:        7,
		CallsPerDay: 2000,
		Endpoints:   CBUAE,
		TPPs:        6,
		Quiet:       [][2]time.Time{{at(15, 2, 0, 0), at(15, 2, 30, 0)}},
		Incidents: []Incident{
			{Endpoint: "POST /payments", Start: at(11, 23, 52, 0), End: at(12, 0, 17, 0), Status: 503, TTLB: 1500 * time.Millisecond, Every: 40 * time.Second},
			{Endpoint: "GET /accounts/{AccountID}/balances", Start: at(13, 14, 3, 10), End: at(13, 14, 3, 35), Status: 0, TTLB: 30 * time.Second, Every: 5 * time.Second},
			{Endpoint: "POST /payments", Start: at(15, 2, 10, 0), End: at(15, 2, 11, 0), Status: 503, TTLB: 20 * time.Millisecond, Every: 20 * time.Second},
		},
	}
}

// PlannedCSV is the sample's planned windows, in the -planned format.
const PlannedCSV = "start,end\n2026-11-15T02:00:00+04:00,2026-11-15T02:30:00+04:00\n"

// Bench is the benchmarks' traffic (the shape of the speed targets): about 40 endpoints
// (the CBUAE list and ten more), about 97 % 2xx, 2 % 4xx and 1 % 5xx,
// log-normal TTLB (median about 150 ms over the endpoint mix; the speed targets
// asked for about 120 ms) with a tail to 5 s, calls spread over a
// week in UTC.
func Bench(calls int) Config {
	eps := append([]Endpoint(nil), CBUAE...)
	for _, id := range []string{"POST /domestic-payments", "GET /domestic-payments/{PaymentId}", "POST /funds-confirmations",
		"GET /cards", "GET /cards/{CardId}/transactions", "GET /loans", "GET /standing-orders", "POST /consents",
		"DELETE /consents/{ConsentId}", "GET /statements/{StatementId}"} {
		eps = append(eps, Endpoint{ID: id, Weight: 3, MedianMs: 120, Sigma: 0.6, Bytes: 1500})
	}
	return Config{
		Seed: 8, Start: time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC), Days: 7, CallsPerDay: calls / 7,
		Endpoints: eps, TPPs: 20, ServerErrors: 0.01,
	}
}
