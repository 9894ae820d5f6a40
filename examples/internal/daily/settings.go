package daily

import (
	"fmt"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/benchmark/book"
)

// Settings is what the flags that change daily.csv mean: -rules, -tz,
// -asof and -payment-endpoints. Make it with NewSettings.
type Settings struct {
	Rules string // a name Rules knows
	// Profile is the rule set's benchmark profile, with -payment-endpoints
	// as its PaymentEndpoints when given.
	Profile benchmark.Profile
	Cal     kpi.Calendar // the reporting day's zone
	AsOf    time.Time    // observation end; zero: the default (book.Book.Close)
	// Catalogue is the endpoint catalogue in force (Rule EP-1), nil for
	// none (Rule EP-2: every endpoint counts as written).
	Catalogue *kpi.Catalogue

	asOfOut error // AsOf lies outside the accepted years (CheckAsOf)
}

// CheckAsOf reports an -asof outside the accepted years (1678 to 2261),
// unless it equals the default observation end of calls whose last
// ReceivedAt is last (the next local midnight after it), which is always
// accepted: a report of calls on 31 December 2261 may name its own
// default, 1 January 2262. ok is false when no call was read.
func (st *Settings) CheckAsOf(last time.Time, ok bool) error {
	if st.asOfOut == nil {
		return nil
	}
	if ok && st.AsOf.Equal(st.Cal.Start(st.Cal.DateOf(last)+1)) {
		return nil
	}
	return st.asOfOut
}

// Config is the book configuration of the settings.
func (st *Settings) Config() book.Config {
	return book.Config{Profile: st.Profile, Calendar: st.Cal, Catalogue: st.Catalogue}
}

// NewSettings checks and resolves the flags: rules names the rule set, tz
// the zone ("" = the profile's), asOf an RFC 3339 instant ("" = the
// default), payments the -payment-endpoints items (nil = the profile's
// catalogue; an empty, non-nil list = none).
func NewSettings(rules, tz, asOf string, payments []string) (*Settings, error) {
	st := &Settings{Rules: rules}
	var err error
	if st.Profile, err = Rules(rules); err != nil {
		return nil, err
	}
	zone := st.Profile.Zone
	if tz != "" {
		zone = tz
	}
	// time.LoadLocation takes "Local", the machine's zone: a report that
	// would change with the machine it runs on. An IANA name is required
	// ("UTC" included).
	if zone == "Local" {
		return nil, fmt.Errorf("-tz %q: want an IANA zone name (Asia/Dubai, UTC, ...), not the machine's zone", zone)
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
		if !InRange(st.AsOf) { // decided once the calls are read: CheckAsOf
			st.asOfOut = fmt.Errorf("-asof %q: %v", asOf, ErrYears)
		}
	}
	if payments != nil {
		st.Profile.PaymentEndpoints = PaymentList(payments)
	}
	return st, nil
}
