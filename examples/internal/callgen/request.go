package callgen

import "strings"

// RequestLine returns a concrete request for an endpoint template
// "METHOD /path/{Name}": the method, and the path with every {Name}
// replaced by id, so that kpi.Registry.Match maps it back to the template:
// RequestLine("GET /accounts/{AccountId}/balances", "a-17") gives "GET",
// "/accounts/a-17/balances", and "GET /payment-consents{ConsentId}" gives
// "/payment-consentsa-17". id must not be empty (a {Name} matches one or
// more bytes). An unclosed '{' and what follows it are kept as they stand.
// The gateway's load generator and perfsuite's Requests use it.
func RequestLine(template, id string) (method, path string) {
	method, rest, _ := strings.Cut(template, " ")
	var b strings.Builder
	for {
		open := strings.IndexByte(rest, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(rest[open:], '}')
		if end < 0 {
			break
		}
		b.WriteString(rest[:open])
		b.WriteString(id)
		rest = rest[open+end+1:]
	}
	b.WriteString(rest)
	return method, b.String()
}
