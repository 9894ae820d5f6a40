package benchmark

import (
	"strings"
	"testing"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func shippedProfiles() []Profile { return []Profile{CBUAE(), CBB(), Platform()} }

// Rule EP-1: the shipped catalogues are well-formed templates; each ID
// matches itself.
func TestProfileCatalogue(t *testing.T) {
	// Distinct IDs: CBUAE 11 bank data + 7 service initiation + 5 file
	// payments + 2 confirmation of payee + 5 insurance = 30, its two
	// payment endpoints being in groups already; CBB 12 PISP + 3 bulk + 14
	// AISP + 3 CoF = 32, its seven payment orders being in PISP and bulk;
	// Platform: no groups, its 7 payment orders.
	for p, want := range map[string]int{"cbuae": 30, "cbb": 32, "platform": 7} {
		prof := map[string]Profile{"cbuae": CBUAE(), "cbb": CBB(), "platform": Platform()}[p]
		c, err := prof.Catalogue()
		require.NoError(t, err, p)
		require.Equal(t, want, c.Len(), p)
		for _, id := range c.Templates() {
			got, ok := c.Match(id)
			require.True(t, ok, id)
			require.Equal(t, id, got)
		}
		for _, id := range prof.PaymentEndpoints {
			require.True(t, c.Contains(id), id)
		}
	}
}

// The shipped catalogues spell every template they share the same way:
// one catalogue of all their IDs is accepted (Add refuses a second
// spelling of a template). CBB's account reads use CBUAE's {AccountID}.
func TestShippedCataloguesAgree(t *testing.T) {
	var all []string
	for _, p := range shippedProfiles() {
		c, err := p.Catalogue()
		require.NoError(t, err)
		all = append(all, c.Templates()...)
	}
	_, err := kpi.NewCatalogue(all...)
	require.NoError(t, err)
	cbb, _ := CBB().Catalogue()
	require.True(t, cbb.Contains("GET /accounts/{AccountID}/balances"))
	got, ok := cbb.Match("GET /accounts/{AccountId}/balances")
	require.True(t, ok)
	require.Equal(t, "GET /accounts/{AccountID}/balances", got)
}

func TestProfileCatalogueErrors(t *testing.T) {
	p := CBUAE()
	p.Groups["extra"] = []string{"GET /accounts/{AccountId}/balances", "balances"}
	_, err := p.Catalogue()
	require.ErrorContains(t, err, `group extra: template "GET /accounts/{AccountId}/balances" is template "GET /accounts/{AccountID}/balances"`)
	require.ErrorContains(t, err, `group extra: template "balances"`)
}

// Rule EP-1: a raw path made from any template of a shipped catalogue by
// filling its parameters with any non-empty values (no "/" or "?"), with
// any method case, an optional trailing slash and query, gives that
// template back.
func TestShippedCatalogueFilledTemplates(t *testing.T) {
	value := rapid.Custom(func(t *rapid.T) string {
		b := rapid.SliceOfN(rapid.Byte().Filter(func(b byte) bool { return b != '/' && b != '?' }), 1, 12).Draw(t, "bytes")
		return string(b)
	})
	rapid.Check(t, func(t *rapid.T) {
		for _, p := range shippedProfiles() {
			c, err := p.Catalogue()
			require.NoError(t, err)
			for _, id := range c.Templates() {
				method, path, _ := strings.Cut(id, " ")
				if rapid.Bool().Draw(t, "lower") {
					method = strings.ToLower(method)
				}
				var b strings.Builder
				b.WriteString(method + " ")
				for _, seg := range strings.Split(path, "/")[1:] {
					if open := strings.IndexByte(seg, '{'); open >= 0 {
						seg = seg[:open] + value.Draw(t, "value") + seg[strings.IndexByte(seg, '}')+1:]
					}
					b.WriteString("/" + seg)
				}
				if rapid.Bool().Draw(t, "slash") {
					b.WriteByte('/')
				}
				if rapid.Bool().Draw(t, "query") {
					b.WriteString("?" + rapid.String().Draw(t, "q"))
				}
				got, ok := c.Match(b.String())
				require.True(t, ok, "%s: %q from %q", p.Name, b.String(), id)
				require.Equal(t, id, got, "%s: %q", p.Name, b.String())
			}
		}
	})
}
