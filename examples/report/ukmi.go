package main

import (
	"encoding/csv"
	"io"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

// The UK OBIE MI template, Performance & Availability: one row per
// endpoint and day, the template's field names, and NULL (never an empty
// cell) where a figure is not available or not applicable. README.md
// lists what each field is made of.
var ukMIHeader = []string{
	"Report Date", "ASPSP Brand ID", "Endpoint ID", "Core/Non Core Hours", "Up Time", "Planned Downtime",
	"Unplanned Downtime", "Median TTLB Response Time", "Median TTFB Response Time", "Median Response Payload Size",
	"Max Payment Initiations Per Second (PIPS)", "Average TTLB Response Time", "Average TTFB Response Time",
	"Total Number of API calls", "Total TTLB Response Time", "Total TTFB Response Time",
	"Total Response Payload Size", "Version",
}

const null = "NULL"

// orNull formats an exact figure at the report's places, NULL for no data.
func orNull(x kpi.Ratio) string {
	if !x.OK() {
		return null
	}
	return x.Format(places)
}

func writeUKMI(w io.Writer, r *report) error {
	cw := csv.NewWriter(w)
	cw.Write(ukMIHeader)
	brand := r.cfg.entity
	if brand == "" {
		brand = null
	}
	rows := r.rows()
	for i := range rows {
		rw := &rows[i]
		if rw.Interface {
			continue
		}
		pips, medianBytes, bytes := null, null, "0"
		if rw.HasMaxPIPS {
			pips = daily.U(rw.MaxPIPS)
		}
		if rw.HasMedianBytes {
			medianBytes = daily.U(uint64(rw.MedianResponseBytes))
		}
		if rw.ResponseBytes != nil {
			bytes = rw.ResponseBytes.String()
		}
		version := r.versions[versionKey{rw.Date, rw.Endpoint}]
		if version == "" || version == mixedVersions {
			version = null
		}
		cw.Write([]string{
			rw.Date.String(), brand, rw.Endpoint, null, orNull(rw.UptimePercent), orNull(rw.PlannedSeconds),
			orNull(rw.UnplannedSeconds), orNull(rw.MedianTTLBMs), orNull(rw.MedianTTFBMs), medianBytes,
			pips, orNull(rw.AvgTTLBMs), orNull(rw.AvgTTFBMs),
			daily.U(rw.Calls), orNull(rw.TotalTTLBMs), orNull(rw.TotalTTFBMs), bytes, version,
		})
	}
	cw.Flush()
	return cw.Error()
}
