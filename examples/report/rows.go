package main

import (
	"math/big"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/errorrate"
	"github.com/openfinance-kpi/kpi/performance"
)

// row is one line of daily.csv: a local day and an endpoint, or "ALL".
// Every figure is a library result; the writers only format.
type row struct {
	date     kpi.Date
	endpoint string
	s        *scope // nil: no calls that day
	day      *availability.Day

	calls, responded                      uint64
	s2xx, s3xx, s4xx, s5xx, noResp, rejct uint64
	errors5xx                             uint64
	errorRate                             kpi.Ratio
	totalTTLB, avgTTLB, maxTTLB           kpi.Ratio
	totalTTFB, avgTTFB                    kpi.Ratio
	bytes                                 *big.Int // nil when calls = 0
	msPerMB                               kpi.Ratio
	downtime, planned, unplanned, uptime  kpi.Ratio
	peakTPS                               uint64
	hasPeak                               bool
	maxPIPS                               uint64
	hasPIPS                               bool
}

const allEndpoints = "ALL"

func (r *report) newRow(d kpi.Date, endpoint string, s *scope, day *availability.Day) row {
	rw := row{date: d, endpoint: endpoint, s: s, day: day}
	if s != nil {
		v := s.vol.Counts()
		rw.calls, rw.responded = v.Total, v.Responded()
		rw.s2xx, rw.s3xx, rw.s4xx, rw.s5xx, rw.noResp, rw.rejct = v.Successful, v.Redirects, v.FailedBusiness, v.Status5xx, v.NoResponse, v.Rejected
		rw.errors5xx = s.errs.Errors(errorrate.Options{})
		rw.errorRate = s.errs.RatePercent(errorrate.Options{})
		rw.totalTTLB = s.perf.TotalTTLBMs(performance.Responded)
		rw.avgTTLB = s.perf.AvgTTLBMs(performance.Responded)
		rw.maxTTLB = s.perf.MaxTTLBMs()
		rw.totalTTFB = s.perf.TotalTTFBMs(performance.Responded)
		rw.avgTTFB = s.perf.AvgTTFBMs(performance.Responded)
		if rw.calls > 0 {
			rw.bytes = s.perf.ResponseBytes()
			rw.peakTPS, rw.hasPeak = s.tps.Peak(), true
		}
		rw.msPerMB = s.perf.MsPerMB(performance.MB)
		if s.payment {
			rw.maxPIPS, rw.hasPIPS = s.pips.Max()
		}
	}
	rw.downtime = day.DowntimeSeconds()
	rw.planned = day.PlannedSeconds()
	rw.unplanned = day.UnplannedSeconds()
	rw.uptime = day.UptimePercent(r.cfg.avail)
	return rw
}

// buildRows makes one row per local day and endpoint that had calls or
// downtime that day, and one ALL row per day, from the first call's day to
// the later of the last call's day and the -asof day (REPORT-CONTRACT.md).
func (r *report) buildRows() error {
	order := r.sortedEndpoints()
	iface := r.availDays[""]
	for d := r.firstDay; d <= r.lastDay; d++ {
		i := int(d - r.firstDay)
		eps := r.days[d]
		var all *scope
		for _, ep := range order {
			var s *scope
			if ep < len(eps) {
				s = eps[ep]
			}
			day := &r.availDays[r.names[ep]][i]
			if s == nil && day.Total == 0 {
				continue
			}
			r.rows = append(r.rows, r.newRow(d, r.names[ep], s, day))
			if s != nil {
				if all == nil {
					all = &scope{}
				}
				if err := all.merge(s); err != nil {
					return err
				}
			}
		}
		r.rows = append(r.rows, r.newRow(d, allEndpoints, all, &iface[i]))
	}
	return nil
}
