package kpi

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Seed 001's endpoint list, as the seed writes it (some IDs lack the slash
// before the brace).
var seed001 = []string{
	"GET /accounts",
	"GET /accounts/{AccountID}/balances",
	"GET /accounts/{AccountID}/transactions",
	"GET /payment-consents",
	"GET /payment-consents{ConsentId}",
	"GET /payment-consents{ConsentId}/refund",
	"PATCH /payment-consents{ConsentId}",
	"POST /payment-consents/{ConsentId}/file",
	"GET /payments/{PaymentId}",
	"POST /payments",
	"HEAD /payments",
	"GET /file-payments/{PaymentId}",
	"GET /file-payments/{PaymentId}/report",
	"POST /file-payments",
}

func TestRegistryMatch(t *testing.T) {
	var r Registry
	for _, id := range seed001 {
		r.Intern(id)
	}
	r.Intern("GET /file-payments/summary") // a literal beside a pattern
	require.Equal(t, len(seed001)+1, r.Len())
	for _, tc := range []struct {
		method, path, want string
	}{
		{"GET", "/accounts", "GET /accounts"},
		{"GET", "/accounts/", "GET /accounts"},
		{"GET", "/accounts?page=2", "GET /accounts"},
		{"GET", "/accounts/123/balances", "GET /accounts/{AccountID}/balances"},
		{"GET", "/accounts/abc-9/transactions", "GET /accounts/{AccountID}/transactions"},
		{"get", "/accounts/abc-9/transactions", "GET /accounts/{AccountID}/transactions"}, // EP-1: methods in upper case
		{"GET", "/payment-consents", "GET /payment-consents"},
		{"GET", "/payment-consents42", "GET /payment-consents{ConsentId}"},
		{"GET", "/payment-consents42/refund", "GET /payment-consents{ConsentId}/refund"},
		{"PATCH", "/payment-consents42", "PATCH /payment-consents{ConsentId}"},
		{"POST", "/payment-consents/42/file", "POST /payment-consents/{ConsentId}/file"},
		{"POST", "/payments", "POST /payments"},
		{"HEAD", "/payments", "HEAD /payments"},
		{"GET", "/file-payments/p1/report", "GET /file-payments/{PaymentId}/report"},
		{"GET", "/file-payments/summary", "GET /file-payments/summary"},
		{"GET", "/file-payments/p1", "GET /file-payments/{PaymentId}"},
	} {
		e, ok := r.Match(tc.method, tc.path)
		require.True(t, ok, "%s %s", tc.method, tc.path)
		require.Equal(t, tc.want, r.Name(e), "%s %s", tc.method, tc.path)
	}
	for _, miss := range [][2]string{
		{"DELETE", "/accounts"},
		{"GET", "/accounts/123"},
		{"GET", "/accounts/123/balances/x"},
		{"GET", "/"},
		{"POST", "/payments/1"},
		// Rule EP-1 ignores the query and one trailing slash, nothing else.
		{"GET", "/accounts/abc-9/transactions#x"},
		{"GET", "/accounts//"},
		{"GET", "//accounts"},
	} {
		_, ok := r.Match(miss[0], miss[1])
		require.False(t, ok, "%v", miss)
	}
}

func TestRegistryInternIsStable(t *testing.T) {
	var r Registry
	a := r.Intern("GET /x")
	b := r.Intern("not a template")
	require.Equal(t, a, r.Intern("GET /x"))
	require.Equal(t, Endpoint(1), b)
	e, ok := r.Lookup("not a template")
	require.True(t, ok)
	require.Equal(t, b, e)
	_, ok = r.Lookup("GET /y")
	require.False(t, ok)
}

func TestRegistryMatchAllocs(t *testing.T) {
	var r Registry
	for _, id := range seed001 {
		r.Intern(id)
	}
	allocs := testing.AllocsPerRun(1000, func() {
		r.Match("GET", "/accounts/123/balances?x=1")
		r.Match("GET", "/payment-consents42/refund")
		r.Match("GET", "/nope/nope")
	})
	require.Zero(t, allocs)
}

func BenchmarkRegistryMatch(b *testing.B) {
	var r Registry
	for _, id := range seed001 {
		r.Intern(id)
	}
	b.ReportAllocs()
	for b.Loop() {
		r.Match("GET", "/accounts/123/balances")
	}
}
