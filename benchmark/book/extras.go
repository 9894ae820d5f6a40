package book

import (
	"errors"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/performance"
	"github.com/openfinance-kpi/kpi/volumes"
)

// Extras are the figures beyond the default ones that the regimes of
// Australia (CDR), Brazil (OFB), the UK MI and the UAE operator need. Each
// costs memory per endpoint-day and time per call, so each is opt-in: the
// zero value adds nothing, and a book without extras computes exactly
// what it computed before they existed.
//
// Memory per endpoint-day when on: P95 and Medians a Ranks per measure
// (21 to 43 bytes per distinct value while the endpoint-day takes calls,
// a few once packed, see performance.Ranks: a finished day is, and so is
// a day a bounded book took from a part, and what merges into it),
// Minutes 12 KB, Tiers 3.7 KB, Codes 14 KB.
type Extras struct {
	// P95 is RG-P95-2: the exact nearest-rank p95 TTLB per endpoint-day
	// (Figures.P95TTLBMs, benchmark.P95TTLBMs).
	P95 bool
	// Medians is RG-MEDIAN-1: lower medians of TTLB, TTFB and payload size
	// (Figures.MedianTTLBMs..., benchmark.MedianTTLBMs).
	Medians bool
	// Minutes is RG-MINUTE-1: daily minute-slot availability
	// (Figures.MinuteAvailabilityPercent; benchmark's
	// MinuteAvailabilityPercent and LongMinuteAvailabilityPercent).
	Minutes bool
	// Tiers is RG-TIER-1: per tier and hour, with each endpoint's route
	// from benchmark.TierRoutes of the profile (Figures.Tiers,
	// benchmark.WorstHourWithinThresholdPercent per tier group).
	Tiers bool
	// Codes counts calls by status code and authentication, with the
	// traffic rejections (volumes.Codes, Figures.Codes).
	Codes bool
}

// Any reports whether any extra is on.
func (x Extras) Any() bool { return x != Extras{} }

// ExtrasFor returns the extras a profile's targets read: P95 for
// P95TTLBMs, Medians for MedianTTLBMs, Minutes for the minute
// availabilities, Tiers (and Codes, which the same regime reports) for
// WorstHourWithinThresholdPercent.
func ExtrasFor(p benchmark.Profile) Extras {
	var x Extras
	for _, t := range p.Targets {
		switch t.KPI {
		case benchmark.P95TTLBMs:
			x.P95 = true
		case benchmark.MedianTTLBMs:
			x.Medians = true
		case benchmark.MinuteAvailabilityPercent, benchmark.LongMinuteAvailabilityPercent:
			x.Minutes = true
		case benchmark.WorstHourWithinThresholdPercent:
			x.Tiers, x.Codes = true, true
		}
	}
	return x
}

// ErrExtrasNotEncoded is returned by EndpointDay's AppendBinary and
// MarshalBinary for an endpoint-day with extras: their states have no
// wire format yet.
var ErrExtrasNotEncoded = errors.New("book: an EndpointDay with extras has no binary encoding yet")

// Enable gives e the accumulators of the extras x on (empty), keeping
// those it has. The book enables its endpoint-days by Config.Extras.
func (e *EndpointDay) Enable(x Extras) {
	if x.P95 && e.P95 == nil {
		e.P95 = new(performance.P95)
	}
	if x.Medians && e.Medians == nil {
		e.Medians = new(performance.Medians)
	}
	if x.Minutes && e.Minutes == nil {
		e.Minutes = new(availability.MinuteDay)
	}
	if x.Tiers && e.Tiers == nil {
		e.Tiers = new(performance.TierDay)
	}
	if x.Codes && e.Codes == nil {
		e.Codes = new(volumes.Codes)
	}
}

// Extras reports which extras e has.
func (e *EndpointDay) Extras() Extras {
	return Extras{P95: e.P95 != nil, Medians: e.Medians != nil, Minutes: e.Minutes != nil, Tiers: e.Tiers != nil, Codes: e.Codes != nil}
}

func (e *EndpointDay) hasExtras() bool {
	return e.P95 != nil || e.Medians != nil || e.Minutes != nil || e.Tiers != nil || e.Codes != nil
}

// AddAt adds one call received sinceStart after the start of its local
// day (kpi.Calendar.Start): Add, with the minute slot (RG-MINUTE-1) and
// the hour slot (RG-TIER-1) of the extras that need them. A Book calls
// it; Add alone cannot place a call in its day, so its Minutes and Tiers
// count the call in their BadSlots.
func (e *EndpointDay) AddAt(c *kpi.Call, sinceStart time.Duration) error {
	if r := kpi.Check(c); r != kpi.OK {
		e.Rejections.Add(r)
		return r
	}
	return e.addCheckedAt(c, c.Class(), sinceStart)
}

// addExtras feeds the extras a checked call (slot: since the day's start,
// negative when unknown). Their own refusals (a slot out of range) are
// counted by them; the first is returned.
func (e *EndpointDay) addExtras(c *kpi.Call, sinceStart time.Duration) error {
	var err error
	if e.P95 != nil {
		e.P95.AddChecked(c)
	}
	if e.Medians != nil {
		e.Medians.AddChecked(c)
	}
	minute, hour := -1, -1
	if sinceStart >= 0 {
		minute, hour = int(sinceStart/time.Minute), int(sinceStart/time.Hour)
	}
	if e.Minutes != nil {
		if merr := e.Minutes.AddChecked(minute, c); err == nil {
			err = merr
		}
	}
	if e.Tiers != nil {
		if terr := e.Tiers.AddChecked(hour, e.Route, c); err == nil {
			err = terr
		}
	}
	if e.Codes != nil {
		e.Codes.AddChecked(c)
	}
	return err
}

// mergeExtras merges o's extras into e, giving e those it lacks.
func (e *EndpointDay) mergeExtras(o *EndpointDay) error {
	e.Enable(o.Extras())
	var err error
	if o.P95 != nil {
		err = e.P95.Merge(o.P95)
	}
	keep := func(merr error) {
		if err == nil {
			err = merr
		}
	}
	if o.Medians != nil {
		keep(e.Medians.Merge(o.Medians))
	}
	if o.Minutes != nil {
		keep(e.Minutes.Merge(o.Minutes))
	}
	if o.Tiers != nil {
		keep(e.Tiers.Merge(o.Tiers))
	}
	if o.Codes != nil {
		keep(e.Codes.Merge(o.Codes))
	}
	return err
}

func (e *EndpointDay) resetExtras() {
	if e.P95 != nil {
		e.P95.Reset()
	}
	if e.Medians != nil {
		e.Medians.Reset()
	}
	if e.Minutes != nil {
		e.Minutes.Reset()
	}
	if e.Tiers != nil {
		e.Tiers.Reset()
	}
	if e.Codes != nil {
		e.Codes.Reset()
	}
}

// extraFigures fills the figures of s's extras.
func extraFigures(f *Figures, s *EndpointDay) {
	if s.P95 != nil {
		f.P95TTLBMs = s.P95.Ms()
	}
	if s.Medians != nil {
		f.MedianTTLBMs, f.MedianTTFBMs = s.Medians.TTLBMs(), s.Medians.TTFBMs()
		f.MedianResponseBytes, f.HasMedianBytes = s.Medians.ResponseBytes()
	}
	if s.Minutes != nil {
		f.MinuteUp, f.MinuteActive = s.Minutes.Minutes()
		f.MinuteAvailabilityPercent = s.Minutes.Percent()
	}
	if s.Tiers != nil {
		t := s.Tiers.Figures()
		f.Tiers = &t
	}
	if s.Codes != nil {
		c := s.Codes.Figures()
		f.Codes = &c
	}
}

// referenceExtras fills the figures of the extras cfg asks for from the
// calls of a row (all good, of local day d) with the rules' reference
// functions.
func referenceExtras(f *Figures, d kpi.Date, calls []kpi.Call, cfg Config) {
	x := cfg.Extras
	if x.P95 {
		v, ok, _ := performance.ReferenceP95(calls, performance.P95Options{})
		if ok {
			f.P95TTLBMs = kpi.RatioOf(uint64(v), uint64(time.Millisecond))
		}
	}
	if x.Medians {
		m, _ := performance.ReferenceMedians(calls)
		if m.HasTTLB {
			f.MedianTTLBMs = kpi.RatioOf(uint64(m.TTLB), uint64(time.Millisecond))
		}
		if m.HasTTFB {
			f.MedianTTFBMs = kpi.RatioOf(uint64(m.TTFB), uint64(time.Millisecond))
		}
		f.MedianResponseBytes, f.HasMedianBytes = m.ResponseBytes, m.HasBytes
	}
	if x.Minutes {
		one := make([]kpi.Call, len(calls)) // every call under one name: the row's minutes
		for i, c := range calls {
			c.Endpoint = "row"
			one[i] = c
		}
		figs, _ := availability.ReferenceMinutes(one, cfg.Calendar, availability.MinuteOptions{})
		m := figs[availability.MinuteKey{Endpoint: "row", Date: d}]
		f.MinuteUp, f.MinuteActive = m.Up, m.Active
		f.MinuteAvailabilityPercent = kpi.PercentOf(uint64(m.Up), uint64(m.Active))
	}
	if x.Tiers {
		routes := benchmark.TierRoutes(cfg.Profile)
		t, _ := performance.ReferenceTiers(cfg.Calendar, d, calls, func(ep string) performance.TierRoute { return routes[ep] })
		f.Tiers = &t
	}
	if x.Codes {
		c, _ := volumes.ReferenceCodes(calls)
		f.Codes = &c
	}
}

// setExtrasDay records the extras' figures of an endpoint row.
func (r *Result) setExtrasDay(m *benchmark.Measurements, ep benchmark.Scope, rw *Row) {
	s := rw.State
	if s.P95 != nil {
		m.SetDay(benchmark.P95TTLBMs, ep, rw.Date, rw.P95TTLBMs)
	}
	if s.Medians != nil {
		m.SetDay(benchmark.MedianTTLBMs, ep, rw.Date, rw.MedianTTLBMs)
	}
	if s.Minutes != nil {
		m.SetDay(benchmark.MinuteAvailabilityPercent, ep, rw.Date, rw.MinuteAvailabilityPercent)
	}
}

// setExtrasPeriods records the tier groups' worst hours (from the
// interface rows, whose TierDay is every endpoint's merged) and the long
// minute availabilities.
func (r *Result) setExtrasPeriods(m *benchmark.Measurements) {
	if !r.Config.Extras.Tiers && !r.Config.Extras.Minutes {
		return
	}
	for i := range r.Rows {
		rw := &r.Rows[i]
		if !rw.Interface || rw.Tiers == nil {
			continue
		}
		for _, t := range performance.Tiers {
			if day := tierDay(rw.Tiers, t); day.Calls > 0 {
				m.SetDay(benchmark.WorstHourWithinThresholdPercent, benchmark.Group(benchmark.TierGroup(t)), rw.Date, worstHour(rw.Tiers, t))
			}
		}
	}
	if !r.Config.Extras.Minutes {
		return
	}
	for _, ep := range r.Endpoints {
		var days []availability.MinuteFigure
		for i := range r.Rows {
			if rw := &r.Rows[i]; !rw.Interface && rw.Endpoint == ep && rw.MinuteActive > 0 {
				days = append(days, availability.MinuteFigure{Date: rw.Date, Up: rw.MinuteUp, Active: rw.MinuteActive})
			}
		}
		if len(days) == 0 {
			continue
		}
		for d := r.First; d <= r.Last; d++ {
			month := benchmark.PeriodOf(benchmark.Monthly, d)
			if d != month.Last {
				continue
			}
			var w availability.MinuteWindow
			for _, f := range days {
				if f.Date <= d {
					_, _ = w.Add(f)
				}
			}
			m.Set(benchmark.LongMinuteAvailabilityPercent, benchmark.Endpoint(ep), month, w.Percent())
		}
	}
}

// tierDay sums tier t's hours.
func tierDay(f *performance.TierFigures, t performance.Tier) performance.TierHour {
	var out performance.TierHour
	for s := range f.Hours {
		h := f.Hours[s][t]
		out.Calls += h.Calls
		out.Timed += h.Timed
		out.Within += h.Within
	}
	return out
}

// worstHour is the lowest hourly share within the threshold of tier t
// (NoData when no hour has a share).
func worstHour(f *performance.TierFigures, t performance.Tier) kpi.Ratio {
	worst := kpi.NoData
	for s := range f.Hours {
		p := f.Hours[s][t].WithinPercent()
		if p.OK() && (!worst.OK() || p.Cmp(worst) < 0) {
			worst = p
		}
	}
	return worst
}
