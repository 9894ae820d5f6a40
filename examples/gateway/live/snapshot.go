package live

import (
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/benchmark/book"
)

// Figures are one scope's KPIs for one day so far: an endpoint, or the
// interface (Endpoint "").
//
// The zero value is a scope with no calls (every Ratio NoData). A Figures is a
// plain value, safe to share.
type Figures struct {
	Endpoint string
	Calls    uint64 // every accepted call, every class (CBB 1.10)
	// UptimePercent is AV-PCT-1 over the whole local day (the rest of
	// today counts as up until it happens); DowntimeSeconds its downtime.
	UptimePercent   kpi.Ratio
	DowntimeSeconds kpi.Ratio
	// Down reports an outage still running at AsOf (AV-CLOCK-3).
	Down bool
	// ErrorRatePercent is ER-1 (pooled across endpoints for the interface,
	// ER-2).
	ErrorRatePercent kpi.Ratio
	// AvgTTLBMs is PF-AVG-1 (PF-AVG-2 for the interface); MaxTTLBMs PF-MAX-1.
	AvgTTLBMs kpi.Ratio
	MaxTTLBMs kpi.Ratio
	// P95TTLB is PF-PCTL-1's p95 from the histogram, within 1/128 of the
	// exact value (performance.Histogram); HasP95 is false with no response.
	P95TTLB time.Duration
	HasP95  bool
	// PeakTPS is PF-TPS-1's peak: the most calls received in one second.
	PeakTPS uint64
}

// Snapshot is a day's KPIs as of an instant, merged from every shard.
//
// The zero value is a day with no calls. A Snapshot is a plain value.
type Snapshot struct {
	Date kpi.Date
	// AsOf is the observation end (AV-CLOCK-3): the instant asked for, or
	// the end of the day for a past day.
	AsOf      time.Time
	Profile   string
	Interface Figures
	// Endpoints are those with at least one accepted call, in catalogue
	// order.
	Endpoints []Figures
	// Outages are the derived downtime intervals that overlap the day, with
	// evidence (AV-EVIDENCE-1; IDs as Store.Record gives them). One that began the day before keeps its own
	// Start: the figures count only its part inside the day.
	Outages []availability.Outage
	// Findings are the profile's verdicts on the day (BM-2).
	Findings []benchmark.Finding
	// Rejections counts the calls refused as bad input, by reason (kpi.Check).
	Rejections kpi.Rejections[kpi.Reason]
	// Outside counts the requests that matched no template of the
	// catalogue (Rule EP-1: a browser's /favicon.ico, a load balancer's
	// health check): they are no API call, counted in no figure and not
	// as rejections.
	Outside uint64
	// Hijacked counts hijacked connections (no API calls).
	Hijacked uint64
	// Late counts calls that arrived for a day the Store no longer keeps
	// (older than yesterday), across all days.
	Late uint64
	// Undated counts calls with no day (a zero ReceivedAt), by kpi.Check's
	// reason, across all days.
	Undated kpi.Rejections[kpi.Reason]
	// Kept reports whether the Store still holds the day (today or
	// yesterday); a day it does not hold reads as no calls.
	Kept bool
	// Hours are the interface's figures for each hour of the day so far
	// (hours since the day's start, in the Store's calendar location).
	Hours []Hour
}

// Snapshot returns today's KPIs as of now: today is the local day of now.
func (st *Store) Snapshot(now time.Time) Snapshot {
	return st.SnapshotDay(st.cfg.Calendar.DateOf(now), now)
}

// SnapshotDay returns the KPIs of day d as of now (a past day is observed to
// its end). Only today and yesterday are kept.
//
// Downtime does not stop at midnight: a clock started before it runs into
// the day, and an AV-CONSEC series may span it. So the shards' books of d
// are merged with those of the day before (when the Store still holds all
// of it: no shard has begun a day after d) and of the day after (when
// kept), the merged book is closed, and d's rows and the outages that
// overlap d are read from the result. Today's view therefore sees
// yesterday; yesterday's view cannot see the day before it (its slot is
// reused as soon as today begins), so an outage that began the day before
// yesterday and had no call since is lost from it.
func (st *Store) SnapshotDay(d kpi.Date, now time.Time) Snapshot {
	cal := st.cfg.Calendar
	asOf := now
	if end := cal.Day(d).End; !asOf.Before(end) {
		asOf = end
	}
	snap := Snapshot{Date: d, AsOf: asOf, Profile: st.cfg.Profile.Name}

	// Merge on read: each shard's lock is held only while its books are
	// merged.
	merged, before := book.New(st.cfg.book()), book.New(st.cfg.book())
	after := false // some shard has begun a day after d
	var hrs []*hours
	for _, sh := range st.shards {
		sh.mu.Lock()
		snap.Late += sh.late
		snap.Undated.Merge(&sh.undated)
		for k := range sh.days {
			sd := &sh.days[k]
			switch {
			case !sd.used:
			case sd.date == d-1:
				_ = before.Merge(sd.book) // one configuration: Merge cannot refuse
			case sd.date == d:
				snap.Kept = true
				snap.Outside += sd.outside
				rej := sd.book.Rejections() // bad calls, by kpi.Check's reason
				snap.Rejections.Merge(&rej)
				snap.Hijacked += sd.hijacked
				_ = merged.Merge(sd.book)
				hc := sd.hours // copied under the shard's lock, merged below
				hc.by = [maxHours]*book.EndpointDay{}
				for k, e := range sd.hours.by {
					if e != nil {
						c := book.NewEndpointDay(st.cfg.Performance, false)
						_ = c.Merge(e)
						hc.by[k] = &c
					}
				}
				hrs = append(hrs, &hc)
			case sd.date == d+1:
				_ = merged.Merge(sd.book)
				after = true
			case sd.date > d+1:
				after = true
			}
		}
		sh.mu.Unlock()
	}
	snap.Hours = hoursOf(hrs, cal, d, asOf, st.cfg.Performance)
	if !after { // the day before is whole in the Store
		_ = merged.Merge(before)
	}

	// The book's observation end: now, or its last call when a call of the
	// day after is stamped later (the day's figures are cut at its end).
	bookAsOf := now
	if _, last, ok := merged.Span(); ok && last.After(bookAsOf) {
		bookAsOf = last
	}
	res, err := merged.Close(bookAsOf, nil, nil)
	if err != nil { // invalid availability options: no figures, every verdict NO DATA
		res = &book.Result{}
	}
	rows := make(map[string]*book.Row)
	for i := range res.Rows {
		rw := &res.Rows[i]
		if rw.Date != d || rw.State == nil {
			continue
		}
		if rw.Interface {
			rows[""] = rw
		} else {
			rows[rw.Endpoint] = rw
		}
	}
	day := cal.Day(d)
	for o := range res.Outages() {
		if o.End.After(day.Start) && o.Start.Before(day.End) {
			snap.Outages = append(snap.Outages, o)
		}
	}
	for _, name := range st.names { // catalogue order
		if rw := rows[name]; rw != nil {
			snap.Endpoints = append(snap.Endpoints, figures(rw, name, snap.Outages))
		}
	}
	if rw := rows[""]; rw != nil && len(snap.Endpoints) > 0 {
		snap.Interface = figures(rw, "", snap.Outages)
	}
	m := res.Measurements()
	period := kpi.Period{First: d, Last: d}
	m.Cover(period) // no call that day: every daily target NO DATA
	for _, f := range benchmark.Evaluate(st.cfg.Profile, m) {
		if f.Period == period {
			snap.Findings = append(snap.Findings, f)
		}
	}
	return snap
}

// figures reads one scope's row; endpoint "" is the interface, whose
// downtime is the union of the endpoints' (AV-SCOPE-1).
func figures(rw *book.Row, endpoint string, outages []availability.Outage) Figures {
	f := Figures{
		Endpoint:         endpoint,
		Calls:            rw.Calls,
		UptimePercent:    rw.UptimePercent,
		DowntimeSeconds:  rw.DowntimeSeconds,
		ErrorRatePercent: rw.ErrorRatePercent,
		AvgTTLBMs:        rw.AvgTTLBMs,
		MaxTTLBMs:        rw.MaxTTLBMs,
		PeakTPS:          rw.PeakTPS,
	}
	f.P95TTLB, f.HasP95 = rw.State.Hist.Quantile(0.95)
	for _, o := range outages {
		if o.Ongoing && o.End.After(o.Start) && (endpoint == "" || o.Endpoint == endpoint) {
			f.Down = true
		}
	}
	return f
}
