package main

import (
	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

// buildRows makes daily.csv's rows (daily.BuildRows) from the report's
// endpoint-day scopes and accounted days.
func (r *report) buildRows(sp daily.Span) error {
	names := daily.Endpoints(r.names, nil) // r.names holds the planned file's too
	scope := func(d kpi.Date, i int) *scope {
		if eps, ep := r.days[d], r.ids[names[i]]; ep < len(eps) {
			return eps[ep]
		}
		return nil
	}
	days := func(i int) []availability.Day { return r.availDays[names[i]] }
	var err error
	r.rows, err = daily.BuildRows(sp, names, scope, days, r.availDays[""], r.cfg.Avail)
	return err
}
