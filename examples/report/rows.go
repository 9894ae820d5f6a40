package main

import (
	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

// buildRows makes daily.csv's rows (daily.BuildRows) from the report's
// endpoint-day scopes and accounted days.
func (r *report) buildRows(sp daily.Span) error {
	order := r.sortedEndpoints()
	names := make([]string, len(order))
	for i, ep := range order {
		names[i] = r.names[ep]
	}
	scope := func(d kpi.Date, i int) *scope {
		if eps := r.days[d]; order[i] < len(eps) {
			return eps[order[i]]
		}
		return nil
	}
	days := func(i int) []availability.Day { return r.availDays[names[i]] }
	var err error
	r.rows, err = daily.BuildRows(sp, names, scope, days, r.availDays[""], r.cfg.avail)
	return err
}
