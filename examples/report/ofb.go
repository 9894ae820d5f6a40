package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/volumes"
)

// Open Finance Brasil admin metrics 2.0.1 (GET /open-banking/admin/v2/
// metrics with period=ALL: the current day and up to 7 previous days),
// one item per endpoint. Every field of an item is required and none can
// say "not available", so an endpoint whose current-day figures are not
// all available is left out of data (and counted in no field: the
// command's README says which). README.md lists what each field is made
// of.

type ofbDoc struct {
	Data  []ofbItem         `json:"data"`
	Links map[string]string `json:"links"`
	Meta  struct {
		TotalRecords int `json:"totalRecords"`
		TotalPages   int `json:"totalPages"`
	} `json:"meta"`
}

type ofbDays struct {
	CurrentDay   json.Number   `json:"currentDay"`
	PreviousDays []json.Number `json:"previousDays"`
}

type ofbItem struct {
	Endpoint     string `json:"endpoint"`
	RequestTime  string `json:"requestTime"`
	Availability struct {
		Uptime struct {
			GeneralUptimeRate string `json:"generalUptimeRate"`
			UptimeRate        string `json:"uptimeRate"`
		} `json:"uptime"`
		Downtime struct {
			GeneralDowntime json.Number `json:"generalDowntime"`
			ScheduledOutage json.Number `json:"scheduledOutage"`
			PartialDowntime json.Number `json:"partialDowntime"`
		} `json:"downtime"`
	} `json:"availability"`
	Invocations     ofbDays `json:"invocations"`
	AverageResponse ofbDays `json:"averageResponse"`
	AverageTps      ofbDays `json:"averageTps"`
	PeakTps         ofbDays `json:"peakTps"`
	Errors          ofbDays `json:"errors"`
	Rejections      ofbDays `json:"rejections"`
}

func writeOFBMetrics(w io.Writer, r *report) error {
	doc, err := ofbMetrics(r)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

// integer writes an exact figure rounded half away from zero to an
// integer.
func integer(x kpi.Ratio) json.Number { return json.Number(x.Format(0)) }

// ofbURI is the endpoint's URI: the base URL and the endpoint ID's path
// (the method dropped), each segment percent-encoded ({AccountID} becomes
// %7BAccountID%7D).
func ofbURI(base, endpoint string) string {
	path := endpoint
	if _, p, ok := strings.Cut(endpoint, " "); ok {
		path = p
	}
	u := url.URL{Path: "/" + strings.TrimPrefix(path, "/")}
	return base + u.EscapedPath()
}

func ofbMetrics(r *report) (*ofbDoc, error) {
	res := r.res
	if res == nil || res.Calls == 0 {
		return nil, fmt.Errorf("-format %s: no call read", formatOFB)
	}
	cal := r.cfg.Cal
	base := r.cfg.regime.baseURL
	doc := &ofbDoc{Data: []ofbItem{}, Links: map[string]string{"self": base + "/open-banking/admin/v2/metrics"}}
	cur, prev := days(res, 7)
	iface := interfaceRow(res, cur)
	requestTime := res.AsOf.UTC().Format("2006-01-02T15:04:05Z")
	general, err := benchmark.OFBRate(iface.UptimePercent)
	if err != nil {
		return nil, fmt.Errorf("-format %s: interface uptime: %v", formatOFB, err)
	}
	for _, ep := range res.Endpoints {
		rw := endpointRow(res, cur, ep)
		if rw == nil || rw.State == nil || !rw.AvgTTLBMs.OK() {
			continue // no call (or none answered) today: the required figures are not available
		}
		uptime, err := benchmark.OFBRate(rw.UptimePercent)
		if err != nil {
			continue
		}
		it := ofbItem{Endpoint: ofbURI(base, ep), RequestTime: requestTime}
		it.Availability.Uptime.GeneralUptimeRate, it.Availability.Uptime.UptimeRate = general, uptime
		it.Availability.Downtime.GeneralDowntime = integer(iface.DowntimeSeconds)
		it.Availability.Downtime.ScheduledOutage = integer(iface.PlannedSeconds)
		it.Availability.Downtime.PartialDowntime = integer(rw.DowntimeSeconds)
		for i, d := range append([]kpi.Date{cur}, prev...) {
			day := endpointRow(res, d, ep)
			var calls, peak, errs5xx uint64
			avg := kpi.NoData
			rej := json.Number("0")
			if day != nil && day.State != nil {
				calls, peak, errs5xx, avg = day.Calls, day.PeakTPS, day.Status5xx, day.AvgTTLBMs
				rej = ofbRejections(day.Codes)
			}
			tps := integer(kpi.RatioOf(calls, observedSeconds(res, cal, d)))
			fields := []struct {
				to *ofbDays
				v  json.Number
			}{
				{&it.Invocations, json.Number(fmt.Sprint(calls))}, {&it.AverageTps, tps}, {&it.PeakTps, json.Number(fmt.Sprint(peak))},
				{&it.Errors, json.Number(fmt.Sprint(errs5xx))}, {&it.Rejections, rej},
			}
			if avg.OK() {
				fields = append(fields, struct {
					to *ofbDays
					v  json.Number
				}{&it.AverageResponse, integer(avg)})
			}
			for _, f := range fields {
				switch {
				case i == 0:
					f.to.CurrentDay, f.to.PreviousDays = f.v, []json.Number{}
				case len(f.to.PreviousDays) == i-1: // contiguous: an average stops at the first day without one
					f.to.PreviousDays = append(f.to.PreviousDays, f.v)
				}
			}
		}
		doc.Data = append(doc.Data, it)
	}
	doc.Meta.TotalRecords, doc.Meta.TotalPages = len(doc.Data), 1
	return doc, nil
}

// ofbRejections is the day's rejected calls: those rejected for traffic
// thresholds when every call recorded whether it was, otherwise those
// answered 429 (the answer to a call over its traffic limit).
func ofbRejections(c *volumes.CodeFigures) json.Number {
	if c == nil {
		return "0"
	}
	var calls, known, rejected, tooMany uint64
	for a := range c.ByStatus {
		for st, n := range c.ByStatus[a] {
			calls += n
			if st == 429 {
				tooMany += n
			}
		}
		known += c.Known[a]
		rejected += c.Rejected[a]
	}
	if known == calls {
		return json.Number(fmt.Sprint(rejected))
	}
	return json.Number(fmt.Sprint(tooMany))
}
