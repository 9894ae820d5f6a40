package kpi

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func mustCatalogue(t *testing.T, templates ...string) *Catalogue {
	t.Helper()
	c, err := NewCatalogue(templates...)
	require.NoError(t, err)
	return c
}

func requireMatch(t *testing.T, c *Catalogue, endpoint, want string) {
	t.Helper()
	got, ok := c.Match(endpoint)
	if want == "" {
		require.False(t, ok, "%q matched %q", endpoint, got)
		return
	}
	require.True(t, ok, "%q matched nothing", endpoint)
	require.Equal(t, want, got, "%q", endpoint)
}

// Rule EP-1, one case per clause, on the UAE standard's list (seed001) plus a few templates
// that make the precedence clauses bite.
func TestCatalogueMatchEP1(t *testing.T) {
	c := mustCatalogue(t, seed001...)
	for _, tc := range []struct{ endpoint, want string }{
		// Methods compared in upper case.
		{"GET /accounts", "GET /accounts"},
		{"get /accounts", "GET /accounts"},
		{"pAtCh /payment-consents7", "PATCH /payment-consents{ConsentId}"},
		{"POST /accounts", ""},
		// The query string (from "?") and one trailing "/" are ignored.
		{"GET /accounts?page=2&x=/y", "GET /accounts"},
		{"GET /accounts/", "GET /accounts"},
		{"GET /accounts/?page=2", "GET /accounts"},
		{"GET /accounts//", ""}, // two trailing slashes: an empty segment
		{"GET //accounts", ""},  // an empty first segment
		{"GET /accounts#f", ""}, // a fragment is not a query: "accounts#f" is a literal
		{"GET /accounts ", ""},  // "accounts " is not "accounts"
		// Same number of segments.
		{"GET /accounts/42", ""},
		{"GET /accounts/42/balances/x", ""},
		{"GET /", ""},
		// Literal segments byte for byte.
		{"GET /Accounts", ""},
		{"GET /accounts/42/Balances", ""},
		// {Name} matches one non-empty segment, whatever it holds.
		{"GET /accounts/42/balances", "GET /accounts/{AccountID}/balances"},
		{"GET /accounts/{AccountId}/balances", "GET /accounts/{AccountID}/balances"},
		{"GET /accounts/a b%20c/balances", "GET /accounts/{AccountID}/balances"},
		{"GET /accounts//balances", ""},
		// A mixed segment: the literal, then a non-empty rest.
		{"GET /payment-consents42", "GET /payment-consents{ConsentId}"},
		{"GET /payment-consents{ConsentId}", "GET /payment-consents{ConsentId}"},
		{"GET /payment-consents42/refund", "GET /payment-consents{ConsentId}/refund"},
		{"GET /payment-consents", "GET /payment-consents"}, // empty rest: the literal template
		{"GET /payment-consents/42", ""},                   // two segments: no GET template has them
		{"POST /payment-consents/42/file", "POST /payment-consents/{ConsentId}/file"},
		{"POST /payment-consents42/file", ""},
		// Request without a method or a path.
		{"GET", ""},
		{"GET accounts", ""},
		{"", ""},
	} {
		requireMatch(t, c, tc.endpoint, tc.want)
	}
}

// Rule EP-1: a literal wins over a parameter at the first segment where two
// templates differ; a mixed segment ranks between the two; between mixed
// segments, more literal text wins.
func TestCataloguePrecedence(t *testing.T) {
	c := mustCatalogue(t,
		"GET /file-payments/{PaymentId}",
		"GET /file-payments/summary",
		"GET /{Resource}",
		"GET /payment-consents{ConsentId}",
		"GET /pay{X}",
		"GET /a/{X}/c",
		"GET /{Y}/b/{Z}",
		"GET /{Id}.json",
	)
	for _, tc := range []struct{ endpoint, want string }{
		{"GET /file-payments/summary", "GET /file-payments/summary"},
		{"GET /file-payments/p1", "GET /file-payments/{PaymentId}"},
		// "payment-consents42" fits "payment-consents{}", "pay{}" and "{}":
		// 16 literal bytes beat 3, which beat none.
		{"GET /payment-consents42", "GET /payment-consents{ConsentId}"},
		{"GET /payment-7", "GET /pay{X}"},
		{"GET /payment-consents", "GET /pay{X}"}, // rest "ment-consents"
		{"GET /pay", "GET /{Resource}"},          // "pay" with an empty rest
		{"GET /other", "GET /{Resource}"},
		// "/a/b/c" fits both: they first differ at segment 1, literal "a"
		// against {Y}, so "/a/{X}/c" wins although "/{Y}/b/{Z}" has the
		// literal at segment 2.
		{"GET /a/b/c", "GET /a/{X}/c"},
		// "/a/b/d" fits only the second: the literal branch is tried, fails
		// at "d", and the parameter branch is taken.
		{"GET /a/b/d", "GET /{Y}/b/{Z}"},
		// Literal text after the parameter.
		{"GET /7.json", "GET /{Id}.json"},
		{"GET /.json", "GET /{Resource}"}, // empty rest
	} {
		requireMatch(t, c, tc.endpoint, tc.want)
	}
}

// Rule EP-1: parameter names never matter; a matched call carries the
// catalogue's spelling.
func TestCatalogueParameterNames(t *testing.T) {
	c := mustCatalogue(t, "GET /accounts/{AccountID}/balances")
	// The same template under another spelling is refused, and changes
	// nothing.
	err := c.Add("", "GET /accounts/{AccountId}/balances")
	require.ErrorContains(t, err, `is template "GET /accounts/{AccountID}/balances"`)
	// Spelt the same, it is the same template again: no error, no new entry.
	require.NoError(t, c.Add("", "GET /accounts/{AccountID}/balances"))
	require.Equal(t, 1, c.Len())
	requireMatch(t, c, "GET /accounts/{AccountId}/balances", "GET /accounts/{AccountID}/balances")
	// Methods are compared in upper case for identity too.
	require.Error(t, c.Add("", "get /accounts/{X}/balances"))
	// Mixed segments: the literal text is part of the identity, the name is not.
	c = mustCatalogue(t, "GET /payment-consents{ConsentId}")
	require.Error(t, c.Add("", "GET /payment-consents{Id}"))
	require.NoError(t, c.Add("", "GET /payment-consent{Id}"))
	_, err = NewCatalogue("GET /a/{x}", "GET /a/{y}")
	require.Error(t, err)
	// Contains is byte for byte (Rule EP-2 counts IDs as written).
	require.True(t, c.Contains("GET /payment-consents{ConsentId}"))
	require.False(t, c.Contains("GET /payment-consents{Id}"))
	require.False(t, c.Contains("get /payment-consents{ConsentId}"))
}

// Rule EP-1: a per-set path prefix is removed before matching.
func TestCataloguePrefix(t *testing.T) {
	var c Catalogue
	require.NoError(t, c.Add("/open-banking/v3.1/aisp", "GET /accounts"))
	require.NoError(t, c.Add("/open-banking/v3.1/aisp/", "GET /accounts/{AccountId}"))
	require.NoError(t, c.Add("/open-banking/v3.1/pisp", "POST /domestic-payments"))
	require.NoError(t, c.Add("/open-banking/v3.1/cbpii", "GET /accounts")) // same template, second prefix
	require.NoError(t, c.Add("/", "GET /health"))                          // "/" is no prefix
	require.Equal(t, 4, c.Len())
	for _, tc := range []struct{ endpoint, want string }{
		{"GET /open-banking/v3.1/aisp/accounts", "GET /accounts"},
		{"GET /open-banking/v3.1/aisp/accounts/?x", "GET /accounts"},
		{"GET /open-banking/v3.1/cbpii/accounts", "GET /accounts"},
		{"GET /open-banking/v3.1/aisp/accounts/9", "GET /accounts/{AccountId}"},
		{"POST /open-banking/v3.1/pisp/domestic-payments", "POST /domestic-payments"},
		{"GET /health", "GET /health"},
		{"GET /accounts", ""},                        // the prefix is required
		{"GET /open-banking/v3.1/aispaccounts", ""},  // whole segments
		{"GET /open-banking/v3.1/pisp/accounts", ""}, // another set's prefix
		{"POST /open-banking/v3.1/aisp/domestic-payments", ""},
	} {
		requireMatch(t, &c, tc.endpoint, tc.want)
	}
	// Through a prefix, a template that would match exactly the paths of
	// another is refused.
	require.ErrorContains(t, c.Add("", "GET /open-banking/v3.1/aisp/accounts"), "matches the same paths")
	// A prefix has literal segments only.
	require.Error(t, c.Add("/open-banking/{v}", "GET /x"))
	require.Error(t, c.Add("open-banking", "GET /x"))
	require.Equal(t, 4, c.Len())
}

func TestCatalogueMalformed(t *testing.T) {
	for _, bad := range []string{
		"GET",
		"GET accounts",
		"/accounts",
		" /accounts",
		"GE T /accounts",
		"GET /accounts?page=1",
		"GET /a//b",
		"GET //",
		"GET /a/{}",
		"GET /a/{x}{y}",
		"GET /a/{x",
		"GET /a/x}",
		"GET /a/}x{",
		"GET /a b",
	} {
		_, err := NewCatalogue(bad)
		require.Error(t, err, "%q", bad)
	}
	// The root path has no segment.
	c := mustCatalogue(t, "GET /")
	requireMatch(t, c, "GET /", "GET /")
	requireMatch(t, c, "GET /?q", "GET /")
	requireMatch(t, c, "GET ", "")
	// A nil catalogue matches and contains nothing.
	var nilc *Catalogue
	requireMatch(t, nilc, "GET /", "")
	require.False(t, nilc.Contains("GET /"))
	require.Zero(t, nilc.Len())
}

func TestParseCatalogue(t *testing.T) {
	text := "\uFEFF# the bank's catalogue\r\n" +
		"GET /accounts/{AccountID}/balances   # bank data\r\n" +
		"\n" +
		"   \t\n" +
		"prefix /open-banking/v3.1/pisp\n" +
		"POST\t/domestic-payments\n" +
		"prefix /\n" +
		"GET /payment-consents{ConsentId}\n"
	c, err := ParseCatalogue([]byte(text))
	require.NoError(t, err)
	require.Equal(t, []string{
		"GET /accounts/{AccountID}/balances",
		"POST /domestic-payments", // one space, whatever the file had
		"GET /payment-consents{ConsentId}",
	}, c.Templates())
	requireMatch(t, c, "GET /accounts/1/balances", "GET /accounts/{AccountID}/balances")
	requireMatch(t, c, "POST /open-banking/v3.1/pisp/domestic-payments", "POST /domestic-payments")
	requireMatch(t, c, "POST /domestic-payments", "")
	requireMatch(t, c, "GET /payment-consents1", "GET /payment-consents{ConsentId}")
}

func TestParseCatalogueErrors(t *testing.T) {
	text := strings.Join([]string{
		"GET /accounts/{AccountID}", // 1 good
		"GET /accounts/{AccountId}", // 2 same template, other spelling
		"GET",                       // 3 no path
		"prefix",                    // 4 no prefix path
		"prefix /a/{b}",             // 5 parameter in a prefix
		"GET /x extra",              // 6 three words
		"# GET /not-a-template{",    // 7 comment
		"GET /y?q",                  // 8 query in a template
		"POST /ok",                  // 9 good
	}, "\n")
	c, err := ParseCatalogue([]byte(text))
	require.Nil(t, c)
	var lines []int
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var ce *CatalogueError
		require.True(t, errors.As(e, &ce))
		lines = append(lines, ce.Line)
	}
	require.Equal(t, []int{2, 3, 4, 5, 6, 8}, lines)
	require.Contains(t, err.Error(), "catalogue line 2: ")

	for _, empty := range []string{"", "# nothing\n\n", "prefix /a\n"} {
		_, err = ParseCatalogue([]byte(empty))
		require.EqualError(t, err, "catalogue: no template", "%q", empty)
	}
}

func TestEndpointCounts(t *testing.T) {
	var a, b EndpointCounts
	require.Nil(t, a.Sorted())
	a.Add("GET /c", 1)
	a.Add("GET /a", 2)
	a.Add("GET /x", 0) // nothing
	b.Add("GET /a", 5)
	b.Add("GET /b", 1)
	a.Merge(&b)
	// GET /a: 2 + 5 = 7; GET /b: 1; GET /c: 1; total 9.
	require.Equal(t, []EndpointCount{{"GET /a", 7}, {"GET /b", 1}, {"GET /c", 1}}, a.Sorted())
	require.Equal(t, uint64(9), a.Total())
	require.Equal(t, 3, a.Len())
	require.Equal(t, uint64(5), b.Get("GET /a"), "Merge leaves its argument alone")
	var zero EndpointCounts
	a.Merge(&zero)
	require.Equal(t, uint64(9), a.Total())
}

// Rule EP-2: without a catalogue in force, the endpoints the profile's
// catalogue does not contain byte for byte are listed with their calls.
func TestCatalogueUnlisted(t *testing.T) {
	c := mustCatalogue(t, "GET /a", "GET /b/{Id}")
	var n EndpointCounts
	n.Add("GET /a", 3)      // listed
	n.Add("GET /b/{ID}", 2) // the same template, spelt otherwise: counts as written, so unlisted
	n.Add("GET /c", 1)
	n.Add("GET /b/7", 4) // a raw path: unlisted
	// Byte order: "GET /b/7" < "GET /b/{ID}" ('7' 0x37 < '{' 0x7b) < "GET /c".
	require.Equal(t, []EndpointCount{{"GET /b/7", 4}, {"GET /b/{ID}", 2}, {"GET /c", 1}}, c.Unlisted(&n))
	var none *Catalogue
	require.Len(t, none.Unlisted(&n), 4)
	require.Nil(t, c.Unlisted(&EndpointCounts{}))
}

func TestCatalogueMatchAllocs(t *testing.T) {
	c := mustCatalogue(t, seed001...)
	require.NoError(t, c.Add("/open-banking/v3.1/aisp", "GET /accounts"))
	allocs := testing.AllocsPerRun(1000, func() {
		c.Match("GET /accounts/123/balances?x=1")
		c.Match("get /payment-consents42/refund")
		c.Match("GET /open-banking/v3.1/aisp/accounts/")
		c.Match("GET /nope/nope")
		c.Contains("GET /accounts")
	})
	require.Zero(t, allocs)
}

func BenchmarkCatalogueMatch(b *testing.B) {
	c, err := NewCatalogue(seed001...)
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		c.Match("GET /accounts/123/balances?page=2")
	}
}

func BenchmarkCatalogueMatchMixed(b *testing.B) {
	c, err := NewCatalogue(seed001...)
	require.NoError(b, err)
	b.ReportAllocs()
	for b.Loop() {
		c.Match("GET /payment-consents42/refund")
	}
}
