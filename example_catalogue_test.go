package kpi_test

import (
	"fmt"

	"github.com/openfinance-kpi/kpi"
)

// A catalogue file's text, parsed and used to give logged calls their
// template IDs (Rule EP-1); the calls that match nothing are counted by
// endpoint, never dropped.
func ExampleCatalogue_Match() {
	cat, err := kpi.ParseCatalogue([]byte(`
# bank data
GET /accounts/{AccountID}/balances
GET /payment-consents{ConsentId}
prefix /open-banking/v3.1/pisp
POST /domestic-payments
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	var outside kpi.EndpointCounts
	for _, logged := range []string{
		"GET /accounts/8f3a/balances?page=2",
		"get /payment-consents42",
		"POST /open-banking/v3.1/pisp/domestic-payments/",
		"GET /accounts/8f3a/statements",
		"GET /accounts/8f3a/statements",
	} {
		if id, ok := cat.Match(logged); ok {
			fmt.Printf("%-48s -> %s\n", logged, id)
		} else {
			outside.Add(logged, 1)
		}
	}
	for _, o := range outside.Sorted() {
		fmt.Printf("outside the catalogue: %s (%d calls)\n", o.Endpoint, o.Calls)
	}
	// Output:
	// GET /accounts/8f3a/balances?page=2               -> GET /accounts/{AccountID}/balances
	// get /payment-consents42                          -> GET /payment-consents{ConsentId}
	// POST /open-banking/v3.1/pisp/domestic-payments/  -> POST /domestic-payments
	// outside the catalogue: GET /accounts/8f3a/statements (2 calls)
}
