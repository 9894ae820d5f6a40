package benchmark

import (
	"errors"
	"fmt"

	"github.com/openfinance-kpi/kpi"
)

// Catalogue returns the profile's endpoint catalogue as Rule EP-1
// templates: the endpoints of every group (groups in name order, each in
// its own order), then the payment endpoints, each once. Use it to match
// raw logged paths ("GET /accounts/8f3a/balances") to the IDs the groups
// name (Catalogue.Match), or, without a catalogue in force (Rule EP-2), to
// list the endpoints of the calls that it does not contain
// (Catalogue.Unlisted).
//
// It returns an error naming the group (or "payment endpoints") and ID of
// every entry that is not a well-formed template, or that spells a
// template another entry spells otherwise (parameter names do not matter
// to matching, so a catalogue holds one spelling); the shipped profiles
// have none. The catalogue is built afresh on each call.
func (p Profile) Catalogue() (*kpi.Catalogue, error) {
	c := &kpi.Catalogue{}
	var errs []error
	add := func(where, id string) {
		if err := c.Add("", id); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", where, err))
		}
	}
	for _, g := range p.GroupNames() {
		for _, id := range p.Groups[g] {
			add("group "+g, id)
		}
	}
	for _, id := range p.PaymentEndpoints {
		add("payment endpoints", id)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return c, nil
}
