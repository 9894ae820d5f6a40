package live

import (
	"sort"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/performance"
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
	// evidence (AV-EVIDENCE-1; IDs are indices in the merged records read,
	// see Store.SnapshotDay). One that began the day before keeps its own
	// Start: the figures count only its part inside the day.
	Outages []availability.Outage
	// Findings are the profile's verdicts on the day (BM-2).
	Findings []benchmark.Finding
	// Rejected counts the calls refused as bad input, by reason (RULES §0).
	Rejected kpi.Rejections
	// Hijacked counts hijacked connections (no API calls).
	Hijacked uint64
	// Late counts calls that arrived for a day the Store no longer keeps
	// (older than yesterday), across all days.
	Late uint64
	// Undated counts calls with no day (a zero ReceivedAt), by kpi.Check's
	// reason, across all days.
	Undated kpi.Rejections
	// Kept reports whether the Store still holds the day (today or
	// yesterday); a day it does not hold reads as no calls.
	Kept bool
}

// Snapshot returns today's KPIs as of now: today is the local day of now.
func (st *Store) Snapshot(now time.Time) Snapshot {
	return st.SnapshotDay(st.cfg.Calendar.DateOf(now), now)
}

// SnapshotDay returns the KPIs of day d as of now (a past day is observed to
// its end). Only today and yesterday are kept.
//
// Downtime does not stop at midnight: a clock started before it runs into
// the day, and an AV-CONSEC series may span it. So availability is derived
// from the records of d together with those of the day before (when the
// Store still holds all of it: no shard has begun a day after d) and of the
// day after (when kept), and availability.Days keeps the part inside d.
// Today's view therefore sees yesterday; yesterday's view cannot see the
// day before it (its slot is reused as soon as today begins), so an outage
// that began the day before yesterday and had no call since is lost from
// it.
func (st *Store) SnapshotDay(d kpi.Date, now time.Time) Snapshot {
	cal := st.cfg.Calendar
	asOf := now
	if end := cal.Day(d).End; !asOf.Before(end) {
		asOf = end
	}
	snap := Snapshot{Date: d, AsOf: asOf, Profile: st.cfg.Profile.Name}

	// Merge on read: each shard's lock is held only while its days are
	// copied.
	eps := make([]*endpointDay, len(st.names))
	var records, before []record // of d and d+1; of d-1
	after := false               // some shard has begun a day after d
	for _, sh := range st.shards {
		sh.mu.Lock()
		snap.Late += sh.late
		snap.Undated.Merge(&sh.undated)
		for k := range sh.days {
			sd := &sh.days[k]
			switch {
			case !sd.used:
			case sd.date == d-1:
				before = append(before, sd.records...)
			case sd.date == d+1:
				records = append(records, sd.records...)
				after = true
			case sd.date > d+1:
				after = true
			}
		}
		if sd := &sh.days[d&1]; sd.used && sd.date == d {
			snap.Kept = true
			snap.Rejected.Merge(&sd.rejected)
			snap.Hijacked += sd.hijacked
			records = append(records, sd.records...)
			for i, e := range sd.eps {
				if e == nil || e.perf.Empty() {
					continue
				}
				if eps[i] == nil {
					eps[i] = &endpointDay{perf: performance.NewStats(st.cfg.Performance)}
				}
				eps[i].errors.Merge(&e.errors)
				_ = eps[i].perf.Merge(&e.perf) // same Options in every shard
				eps[i].hist.Merge(&e.hist)
				eps[i].tps.Merge(&e.tps)
			}
		}
		sh.mu.Unlock()
	}

	// Availability on read: the records of every shard, by the reference.
	if !after { // the day before is whole in the Store
		records = append(records, before...)
	}
	calls := make([]kpi.Call, len(records))
	for i, r := range records {
		calls[i] = kpi.Call{
			ReceivedAt: time.Unix(0, r.at), Endpoint: st.names[r.ep], Status: int(r.status),
			TTLB: time.Duration(r.ttlb), TTFBUnknown: true, NotAttributable: r.notAtt,
		}
	}
	// Shards interleave: sort for stable evidence IDs (Reference itself
	// does not depend on the order).
	sort.Slice(calls, func(i, j int) bool { return calls[i].ReceivedAt.Before(calls[j].ReceivedAt) })
	aopts := st.cfg.Availability
	outages, _ := availability.Reference(calls, asOf, aopts) // every record passed kpi.Check
	day := cal.Day(d)
	for _, o := range outages {
		if o.End.After(day.Start) && o.Start.Before(day.End) {
			snap.Outages = append(snap.Outages, o)
		}
	}

	var all endpointDay
	all.perf = performance.NewStats(st.cfg.Performance)
	for i, e := range eps {
		if e == nil {
			continue
		}
		f := st.figures(e, st.names[i], d, snap.Outages)
		snap.Endpoints = append(snap.Endpoints, f)
		all.errors.Merge(&e.errors)
		_ = all.perf.Merge(&e.perf)
		all.hist.Merge(&e.hist)
		all.tps.Merge(&e.tps)
	}
	if len(snap.Endpoints) > 0 {
		snap.Interface = st.figures(&all, "", d, snap.Outages)
	}
	snap.Findings = benchmark.Evaluate(st.cfg.Profile, st.measurements(d, eps, &snap))
	return snap
}

// figures reads one scope's accumulators; endpoint "" is the interface,
// whose downtime is the union of the endpoints' (AV-SCOPE-1).
func (st *Store) figures(e *endpointDay, endpoint string, d kpi.Date, outages []availability.Outage) Figures {
	aopts := st.cfg.Availability
	days := availability.Days(st.cfg.Calendar, d, d, endpoint, outages, nil, nil)
	f := Figures{
		Endpoint:         endpoint,
		Calls:            e.perf.Calls(),
		UptimePercent:    days[0].UptimePercent(aopts),
		DowntimeSeconds:  days[0].DowntimeSeconds(),
		ErrorRatePercent: e.errors.RatePercent(st.cfg.ErrorRate),
		AvgTTLBMs:        e.perf.AvgTTLBMs(performance.Responded),
		MaxTTLBMs:        e.perf.MaxTTLBMs(),
		PeakTPS:          e.tps.Peak(),
	}
	f.P95TTLB, f.HasP95 = e.hist.Quantile(0.95)
	for _, o := range outages {
		if o.Ongoing && o.End.After(o.Start) && (endpoint == "" || o.Endpoint == endpoint) {
			f.Down = true
		}
	}
	return f
}

// measurements hands the day's figures to package benchmark: the interface,
// each endpoint, and each catalogue group of the profile (the members'
// Stats pooled: PF-AVG-2's ΣT/ΣV, never a mean of averages).
func (st *Store) measurements(d kpi.Date, eps []*endpointDay, snap *Snapshot) *benchmark.Measurements {
	m := &benchmark.Measurements{}
	m.Cover(kpi.Period{First: d, Last: d})
	if len(snap.Endpoints) == 0 {
		return m // no call: every daily target NO DATA
	}
	iface := benchmark.Interface()
	m.SetDay(benchmark.UptimePercent, iface, d, snap.Interface.UptimePercent)
	m.SetDay(benchmark.ErrorRatePercent, iface, d, snap.Interface.ErrorRatePercent)
	m.SetDay(benchmark.AvgTTLBMs, iface, d, snap.Interface.AvgTTLBMs)
	m.SetDay(benchmark.MaxTTLBMs, iface, d, snap.Interface.MaxTTLBMs)
	byName := make(map[string]*endpointDay, len(eps))
	for i, e := range eps {
		if e == nil {
			continue
		}
		byName[st.names[i]] = e
		ep := benchmark.Endpoint(st.names[i])
		m.SetDay(benchmark.AvgTTLBMs, ep, d, e.perf.AvgTTLBMs(performance.Responded))
		m.SetDay(benchmark.MaxTTLBMs, ep, d, e.perf.MaxTTLBMs())
		m.SetDay(benchmark.AvgTTLBPerPageMs, ep, d, e.perf.AvgTTLBPerPageMs())
		m.SetDay(benchmark.ErrorRatePercent, ep, d, e.errors.RatePercent(st.cfg.ErrorRate))
	}
	p := st.cfg.Profile
	for _, g := range p.GroupNames() {
		var members []*performance.Stats
		for _, id := range p.Groups[g] {
			if e := byName[id]; e != nil {
				members = append(members, &e.perf)
			}
		}
		if len(members) == 0 {
			continue // no call to the group today: NO DATA
		}
		m.SetDay(benchmark.AvgTTLBMs, benchmark.Group(g), d, performance.GroupAvgTTLBMs(members, performance.Responded))
		m.SetDay(benchmark.AvgTTLBPerPageMs, benchmark.Group(g), d, performance.GroupAvgTTLBPerPageMs(members, performance.Responded))
	}
	return m
}
