package main

import (
	"encoding/csv"
	"io"

	"github.com/openfinance-kpi/kpi/volumes"
)

// The CBB reporting template (seed 002, RULES RP-CBB-1), with the
// template's own field names. One row per endpoint and day (the template
// reports endpoints, so the ALL rows are left out).
//
// Sheet 1's Uptime is written as the percentage its definition computes
// ("100% minus the total percentage downtime for each day"), and the
// downtimes as seconds; Max PIPS is NULL on endpoints outside the payment
// catalogue, as field 1.7 asks for AIS endpoints.
var cbbSheet1Header = []string{
	"ReportDate", "Entity Name", "Endpoint ID", "Uptime", "Planned Downtime", "Unplanned Downtime",
	"Max Payment Initiations Per Second (PIPS)", "Average TTLB Response Time (Time to Last Byte)",
	"Average TTFB Response Time (Time to First Byte)", "Total Number of API calls",
	"Total TTLB Response Time (Time to Last Byte)", "Total TTFB Response Time (Time to First Byte)",
	"Total ResponsePayload Size",
}

func writeCBBSheet1(w io.Writer, r *report) error {
	cw := csv.NewWriter(w)
	cw.Write(cbbSheet1Header)
	for i := range r.rows {
		rw := &r.rows[i]
		if rw.Endpoint == allEndpoints {
			continue
		}
		pips := "NULL"
		if rw.HasPIPS {
			pips = u(rw.MaxPIPS)
		}
		bytes := "0"
		if rw.Bytes != nil {
			bytes = rw.Bytes.String()
		}
		cw.Write([]string{
			rw.Date.String(), r.cfg.entity, rw.Endpoint, rw.Uptime.Format(places), rw.Planned.Format(places),
			rw.Unplanned.Format(places), pips, rw.AvgTTLB.Format(places), rw.AvgTTFB.Format(places),
			u(rw.Calls), rw.TotalTTLB.Format(places), rw.TotalTTFB.Format(places), bytes,
		})
	}
	cw.Flush()
	return cw.Error()
}

func writeCBBSheet5(w io.Writer, r *report) error {
	cw := csv.NewWriter(w)
	cw.Write(volumes.CBBDailyVolumeRow{}.Header())
	for i := range r.rows {
		rw := &r.rows[i]
		if rw.Endpoint == allEndpoints {
			continue
		}
		var counts volumes.Counts // an endpoint-day with downtime and no calls: zeros, as in sheet 1
		if rw.Scope != nil {
			counts = rw.Scope.Vol.Counts()
		}
		row := volumes.NewCBBDailyVolumeRow(rw.Date, r.cfg.entity, rw.Endpoint, counts)
		cw.Write(row.Record())
	}
	cw.Flush()
	return cw.Error()
}
