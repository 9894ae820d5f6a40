package book

import (
	"slices"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/errorrate"
	"github.com/openfinance-kpi/kpi/performance"
	"github.com/openfinance-kpi/kpi/volumes"
)

// Reference is Close written for obviousness, from the rule packages'
// own reference functions over the whole batch: it keeps the good calls,
// derives every outage with availability.Reference, accounts the days
// with availability.Days and InterfaceDays, and computes each row's
// figures from the calls of its endpoint-day (all of the day's calls for
// the interface row) with errorrate.Reference, volumes.Reference,
// performance.Reference, performance.ReferenceThroughput and
// performance.ReferencePIPS. The evidence ID of a call is its index in
// calls. Its rows have no State.
//
// Tests compare a Book, fed the same calls in any order and split, with
// it; it is also the way to check a Book's figures by hand.
func Reference(cfg Config, calls []kpi.Call, asOf time.Time, planned, monitoring []availability.Window) (*Result, error) {
	opts := cfg.Profile.Availability
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	res := &Result{Config: cfg, days: map[string][]availability.Day{}}
	var good []kpi.Call
	var index []int64 // index[i]: the position in calls of good[i]
	for i := range calls {
		c := &calls[i]
		if r := kpi.Check(c); r != kpi.OK {
			res.Rejections.Add(r)
			continue
		}
		if s := c.ReceivedAt.Unix(); s < minUnixSec || s > maxUnixSec {
			res.OutOfRange++
			continue
		}
		good = append(good, *c)
		index = append(index, int64(i))
	}
	res.Calls = uint64(len(good))
	if len(good) == 0 {
		return res, nil
	}
	cal := cfg.Calendar
	first, last := good[0].ReceivedAt, good[0].ReceivedAt
	for _, c := range good {
		if c.ReceivedAt.Before(first) {
			first = c.ReceivedAt
		}
		if c.ReceivedAt.After(last) {
			last = c.ReceivedAt
		}
	}
	if asOf.IsZero() {
		asOf = cal.Start(cal.DateOf(last) + 1)
	} else if asOf.Before(last) {
		return nil, ErrAsOfBeforeLastCall
	}
	res.AsOf = asOf
	res.First = cal.DateOf(first)
	res.Last = max(cal.DateOf(last), cal.DateOf(asOf.Add(-time.Nanosecond)))

	walk := opts
	walk.InterfaceWide = false
	// Evidence IDs of Reference are indices in good: back to calls'.
	toCalls := func(outs []availability.Outage) {
		for i := range outs {
			for _, e := range []*availability.Evidence{&outs[i].Opened, &outs[i].Closed} {
				if e.Kind == availability.Call {
					e.ID = index[e.ID]
				}
			}
		}
	}
	outs, err := availability.Reference(good, asOf, walk)
	if err != nil {
		return nil, err
	}
	toCalls(outs)
	if opts.InterfaceWide { // the AV-SCOPE-1 OPTION: one more walk, over every call
		wide, err := availability.Reference(good, asOf, opts)
		if err != nil {
			return nil, err
		}
		toCalls(wide)
		outs = append(outs, wide...)
	}

	for _, c := range good {
		res.Endpoints = append(res.Endpoints, c.Endpoint)
	}
	for _, ws := range [][]availability.Window{planned, monitoring} {
		for _, w := range ws {
			if w.Endpoint != "" {
				res.Endpoints = append(res.Endpoints, w.Endpoint)
			}
		}
	}
	slices.Sort(res.Endpoints)
	res.Endpoints = slices.Compact(res.Endpoints)
	var perEndpoint [][]availability.Day
	var own []availability.Outage // the endpoints' own walks
	for _, o := range outs {
		if o.Endpoint != "" {
			own = append(own, o)
		}
	}
	for _, name := range res.Endpoints {
		days := availability.Days(cal, res.First, res.Last, name, own, planned, monitoring)
		for k := range days {
			for _, c := range good {
				if c.Endpoint == name && cal.DateOf(c.ReceivedAt) == days[k].Date {
					days[k].Calls++
				}
			}
		}
		res.days[name] = days
		perEndpoint = append(perEndpoint, days)
	}
	if opts.InterfaceWide {
		wide := outs[len(own):]
		perEndpoint = append(perEndpoint, availability.Days(cal, res.First, res.Last, "", wide, nil, nil))
	}
	res.days[""] = availability.InterfaceDays(perEndpoint)
	// The outages, by endpoint (each endpoint's in the order found), and
	// the interface walk's. The days keep their pieces in pieces, their
	// figures in days, as a closed book's.
	res.outs = make([]outageList, len(res.Endpoints))
	for _, o := range outs {
		if k, ok := slices.BinarySearch(res.Endpoints, o.Endpoint); ok && o.Endpoint != "" {
			res.outs[k].addUnpacked(o)
		} else {
			res.ifaceOuts.addUnpacked(o)
		}
	}
	res.pieces = map[string][]availability.Day{}
	for name, days := range res.days {
		res.pieces[name] = slices.Clone(days)
		for k := range days {
			days[k].Pieces = nil
		}
	}

	payment := func(c *kpi.Call) bool { return slices.Contains(cfg.Profile.PaymentEndpoints, c.Endpoint) }
	for d := res.First; d <= res.Last; d++ {
		k := int(d - res.First)
		if res.days[""][k].Length == 0 {
			continue // a skipped date: no row
		}
		var all []kpi.Call
		for _, name := range res.Endpoints {
			var eps []kpi.Call
			for _, c := range good {
				if c.Endpoint == name && cal.DateOf(c.ReceivedAt) == d {
					eps = append(eps, c)
				}
			}
			day := &res.days[name][k]
			if len(eps) == 0 && day.Total == 0 {
				continue
			}
			all = append(all, eps...)
			isPay := len(eps) > 0 && payment(&eps[0])
			res.Rows = append(res.Rows, referenceRow(d, name, false, eps, isPay, day, cfg))
		}
		anyPay := slices.ContainsFunc(all, func(c kpi.Call) bool { return payment(&c) })
		res.Rows = append(res.Rows, referenceRow(d, "", true, all, anyPay, &res.days[""][k], cfg))
	}
	return res, nil
}

// referenceRow computes a row's figures from its calls (all good) with the
// rule packages' reference functions; PIPS over the payment calls when
// payment is true.
func referenceRow(d kpi.Date, endpoint string, iface bool, calls []kpi.Call, payment bool, day *availability.Day, cfg Config) Row {
	rw := Row{Date: d, Endpoint: endpoint, Interface: iface, Day: day}
	f := &rw.Figures
	opts := cfg.Profile.Availability
	f.DowntimeSeconds, f.PlannedSeconds, f.UnplannedSeconds = day.DowntimeSeconds(), day.PlannedSeconds(), day.UnplannedSeconds()
	f.UptimePercent = day.UptimePercent(opts)
	if len(calls) == 0 {
		return rw
	}
	v, _ := volumes.Reference(calls) // every call passed kpi.Check
	f.Calls, f.Responded = v.Calls, v.Responded()
	f.Status2xx, f.Status3xx, f.Status4xx, f.Status5xx = v.Successful, v.Redirects, v.FailedBusiness, v.Status5xx
	f.NoResponse, f.Rejected = v.NoResponse, v.Rejected
	for _, c := range calls {
		if c.Class() == kpi.Class5xx && !c.NotAttributable {
			f.Errors5xx++
		}
	}
	f.ErrorRatePercent, _ = errorrate.Reference(calls, errorrate.Options{})
	p, _ := performance.Reference(calls, cfg.Performance, performance.Responded)
	f.TotalTTLBMs, f.AvgTTLBMs = p.TotalTTLBMs, p.AvgTTLBMs
	if p.HasMaxTTLB {
		f.MaxTTLBMs = kpi.RatioOf(uint64(p.MaxTTLB), uint64(time.Millisecond))
	}
	f.TotalTTFBMs, f.AvgTTFBMs, f.AvgTTLBPerPageMs = p.TotalTTFBMs, p.AvgTTFBMs, p.AvgTTLBPerPageMs
	f.ResponseBytes, f.MsPerMB = p.ResponseBytes, p.MsPerMB
	tps, _ := performance.ReferenceThroughput(calls)
	f.PeakTPS, f.HasPeakTPS = tps.Peak, true
	if payment {
		var pays []kpi.Call
		for _, c := range calls {
			if slices.Contains(cfg.Profile.PaymentEndpoints, c.Endpoint) {
				pays = append(pays, c)
			}
		}
		pips, _ := performance.ReferencePIPS(pays, performance.PIPSOptions{})
		f.MaxPIPS, f.HasMaxPIPS = pips.Max, pips.HasMax
	}
	referenceExtras(f, d, calls, cfg)
	return rw
}
