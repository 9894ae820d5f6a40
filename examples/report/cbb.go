package main

import (
	"encoding/csv"
	"io"

	"github.com/openfinance-kpi/kpi/examples/internal/daily"
	"github.com/openfinance-kpi/kpi/volumes"
)

// The CBB reporting template (Rule RP-CBB-1), with the
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
	rows := r.rows()
	for i := range rows {
		rw := &rows[i]
		if rw.Interface {
			continue
		}
		pips := "NULL"
		if rw.HasMaxPIPS {
			pips = daily.U(rw.MaxPIPS)
		}
		bytes := "0"
		if rw.ResponseBytes != nil {
			bytes = rw.ResponseBytes.String()
		}
		cw.Write([]string{
			rw.Date.String(), r.cfg.entity, rw.Endpoint, rw.UptimePercent.Format(places), rw.PlannedSeconds.Format(places),
			rw.UnplannedSeconds.Format(places), pips, rw.AvgTTLBMs.Format(places), rw.AvgTTFBMs.Format(places),
			daily.U(rw.Calls), rw.TotalTTLBMs.Format(places), rw.TotalTTFBMs.Format(places), bytes,
		})
	}
	cw.Flush()
	return cw.Error()
}

func writeCBBSheet5(w io.Writer, r *report) error {
	cw := csv.NewWriter(w)
	cw.Write(volumes.CBBDailyVolumeRow{}.Header())
	rows := r.rows()
	for i := range rows {
		rw := &rows[i]
		if rw.Interface {
			continue
		}
		var counts volumes.Figures // an endpoint-day with downtime and no calls: zeros, as in sheet 1
		if rw.State != nil {
			counts = rw.State.Volumes.Figures()
		}
		row := volumes.NewCBBDailyVolumeRow(rw.Date, r.cfg.entity, rw.Endpoint, counts)
		cw.Write(row.Record())
	}
	cw.Flush()
	return cw.Error()
}
