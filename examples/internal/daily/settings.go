package daily

import (
	"fmt"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark"
)

// Settings is what the flags that change daily.csv mean
// (REPORT-CONTRACT.md "Invocation"): -rules, -tz, -asof and
// -payment-endpoints. Make it with NewSettings.
type Settings struct {
	Rules    string               // cbuae, cbb or platform
	Profile  benchmark.Profile    // the rule set's benchmark profile
	Avail    availability.Options // its availability options (Rules)
	Cal      kpi.Calendar         // the reporting day's zone
	AsOf     time.Time            // observation end; zero: the default (SpanOf)
	Payments map[string]bool      // endpoint IDs counted for Max PIPS (PaymentSet)
}

// NewSettings checks and resolves the flags: rules names the rule set, tz
// the zone ("" = the profile's), asOf an RFC 3339 instant ("" = the
// default), payments the -payment-endpoints items (nil = the profile's
// catalogue; an empty, non-nil list = none).
func NewSettings(rules, tz, asOf string, payments []string) (*Settings, error) {
	st := &Settings{Rules: rules}
	var err error
	if st.Avail, st.Profile, err = Rules(rules); err != nil {
		return nil, err
	}
	zone := st.Profile.Zone
	if tz != "" {
		zone = tz
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, fmt.Errorf("-tz %q: %v", zone, err)
	}
	st.Cal = kpi.NewCalendar(loc)
	if asOf != "" {
		if st.AsOf, err = ParseRFC3339([]byte(asOf)); err != nil {
			return nil, fmt.Errorf("-asof %q: %v", asOf, err)
		}
		if !InRange(st.AsOf) {
			return nil, fmt.Errorf("-asof %q: %v", asOf, ErrYears)
		}
	}
	if payments == nil {
		payments = st.Profile.PaymentEndpoints
	}
	st.Payments = PaymentSet(payments)
	return st, nil
}
