package callgen

import (
	"testing"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
)

// TestRequestLine: every catalogue template's concrete request matches
// the template again, and the path is filled as documented.
func TestRequestLine(t *testing.T) {
	var reg kpi.Registry
	for _, e := range CBUAE {
		reg.Intern(e.ID)
	}
	for _, e := range CBUAE {
		m, p := RequestLine(e.ID, "a-17")
		require.NotContains(t, p, "{", e.ID)
		got, ok := reg.Match(m, p)
		require.True(t, ok, "%s -> %s %s", e.ID, m, p)
		require.Equal(t, e.ID, reg.Name(got), "%s %s", m, p)
	}
	for _, c := range []struct{ template, method, path string }{
		{"GET /accounts/{AccountId}/balances", "GET", "/accounts/x9/balances"},
		{"GET /payment-consents{ConsentId}", "GET", "/payment-consentsx9"},
		{"PATCH /a/{A}/b/{B}", "PATCH", "/a/x9/b/x9"},
		{"GET /plain", "GET", "/plain"},
		{"GET /open/{Name", "GET", "/open/{Name"},
		{"GET /x/{A}/{open", "GET", "/x/x9/{open"},
	} {
		m, p := RequestLine(c.template, "x9")
		require.Equal(t, c.method, m, c.template)
		require.Equal(t, c.path, p, c.template)
	}
}
