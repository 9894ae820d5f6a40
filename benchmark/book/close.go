package book

import (
	"cmp"
	"fmt"
	"iter"
	"math"
	"math/big"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/errorrate"
	"github.com/openfinance-kpi/kpi/performance"
	"github.com/openfinance-kpi/kpi/volumes"
)

// Row is the figures of one local day for one endpoint, or for the whole
// interface (Interface true, Endpoint ""): a line of a daily report.
// Every figure is a library result, exact (kpi.Ratio: kpi.NoData where the
// rule says there is none); writers only format.
type Row struct {
	Date      kpi.Date
	Endpoint  string // "" on the interface row
	Interface bool
	// State is the endpoint-day's accumulators (the interface's: every
	// endpoint's merged), nil when no call was received that day.
	State *EndpointDay
	// Day is the availability of the scope that day: its figures (its
	// Pieces are nil; Result.Pieces gives them, with their evidence).
	Day *availability.Day

	Figures
}

// Figures are the numbers of a Row, in the units their names say.
type Figures struct {
	Calls      uint64 // calls received, every class (VO-DAY-1 total)
	Responded  uint64 // calls with a status other than 0 (PF-AVG-1 V)
	Status2xx  uint64
	Status3xx  uint64
	Status4xx  uint64
	Status5xx  uint64
	NoResponse uint64 // status 0
	Rejected   uint64 // calls flagged as business rejections (VO-DAY-1)

	Errors5xx        uint64    // attributable 5xx, the ER-1 numerator
	ErrorRatePercent kpi.Ratio // ER-1 (the interface row: ER-2 pooled)

	TotalTTLBMs kpi.Ratio // PF-AVG-1 T over responded calls
	AvgTTLBMs   kpi.Ratio // PF-AVG-1 T / V
	MaxTTLBMs   kpi.Ratio // PF-MAX-1
	TotalTTFBMs kpi.Ratio // the same over responded calls with a known TTFB
	AvgTTFBMs   kpi.Ratio
	// AvgTTLBPerPageMs is PF-PAGE-1: T / Σ ceil(records / page size).
	AvgTTLBPerPageMs kpi.Ratio

	ResponseBytes *big.Int  // Σ response bytes of every call; nil when Calls = 0
	MsPerMB       kpi.Ratio // PF-MB-1: TotalTTLBMs / (bytes / 10^6)

	DowntimeSeconds, PlannedSeconds, UnplannedSeconds kpi.Ratio // AV-PLAN-1 inside the day
	UptimePercent                                     kpi.Ratio // AV-PCT-1

	PeakTPS    uint64 // PF-TPS-1: most calls received in one whole Unix second
	HasPeakTPS bool   // false when Calls = 0
	MaxPIPS    uint64 // PF-TPS-1: most 2xx payment calls in one second
	HasMaxPIPS bool   // false where the scope had no payment call that day

	// The extras (Config.Extras): NoData, zero or nil when off or when
	// the rule has no figure (the interface row's are over every call of
	// the day).
	P95TTLBMs                  kpi.Ratio // RG-P95-2, exact nearest rank
	MedianTTLBMs, MedianTTFBMs kpi.Ratio // RG-MEDIAN-1, lower medians
	MedianResponseBytes        int64     // RG-MEDIAN-1
	HasMedianBytes             bool      // false when no call responded
	MinuteUp, MinuteActive     int       // RG-MINUTE-1: up minutes, minutes with a valid call
	MinuteAvailabilityPercent  kpi.Ratio // RG-MINUTE-1: 100 · MinuteUp / MinuteActive
	Tiers                      *performance.TierFigures
	Codes                      *volumes.CodeFigures
}

// NewRow computes the row of a scope on d from its state (nil: no calls)
// and its accounted day, as Close does: endpoint "" and iface true for the
// interface. A program that keeps endpoint-day states and days apart (a
// distributed engine) builds the rows of Result.Rows with it, in the order
// Order gives.
func NewRow(d kpi.Date, endpoint string, iface bool, s *EndpointDay, day *availability.Day, opts availability.Options) Row {
	rw := Row{Date: d, Endpoint: endpoint, Interface: iface, State: s, Day: day}
	f := &rw.Figures
	if s != nil {
		v := s.Volumes.Figures()
		f.Calls, f.Responded = v.Calls, v.Responded()
		f.Status2xx, f.Status3xx, f.Status4xx, f.Status5xx = v.Successful, v.Redirects, v.FailedBusiness, v.Status5xx
		f.NoResponse, f.Rejected = v.NoResponse, v.Rejected
		f.Errors5xx = s.Errors.Errors(errorrate.Options{})
		f.ErrorRatePercent = s.Errors.RatePercent(errorrate.Options{})
		f.TotalTTLBMs = s.Perf.TotalTTLBMs(performance.Responded)
		f.AvgTTLBMs = s.Perf.AvgTTLBMs(performance.Responded)
		f.MaxTTLBMs = s.Perf.MaxTTLBMs(performance.Responded)
		f.TotalTTFBMs = s.Perf.TotalTTFBMs(performance.Responded)
		f.AvgTTFBMs = s.Perf.AvgTTFBMs(performance.Responded)
		f.AvgTTLBPerPageMs = s.Perf.AvgTTLBPerPageMs(performance.Responded)
		if f.Calls > 0 {
			f.ResponseBytes = s.Perf.ResponseBytes()
			f.PeakTPS, f.HasPeakTPS = s.TPS.Peak(), true
		}
		f.MsPerMB = s.Perf.MsPerMB(performance.MB)
		if s.Payment {
			f.MaxPIPS, f.HasMaxPIPS = s.pips().Max()
		}
		extraFigures(f, s)
	}
	f.DowntimeSeconds = day.DowntimeSeconds()
	f.PlannedSeconds = day.PlannedSeconds()
	f.UnplannedSeconds = day.UnplannedSeconds()
	f.UptimePercent = day.UptimePercent(opts)
	return rw
}

// Result is a closed book: the days it covers, a Row per endpoint-day
// with calls or downtime and per day for the interface, the outages with
// their evidence, and what the profile's targets read (Measurements,
// Findings). It is a plain value, safe to read concurrently.
type Result struct {
	Config Config
	// AsOf is the observation end: an outage still open runs to here.
	AsOf time.Time
	// First and Last are the local days covered: from the first call's
	// day to the later of the last call's day and AsOf's (the day of the
	// instant 1 ns before AsOf). Both zero when the book had no call.
	First, Last kpi.Date
	// Calls is the number of calls counted; Rejections, OutOfRange and
	// Outside the calls refused (see Book.Add). Outside lists the calls
	// outside the catalogue in force by their endpoint as written (Rule
	// EP-1), in byte order.
	Calls      uint64
	Rejections kpi.Rejections[kpi.Reason]
	OutOfRange uint64
	Outside    []kpi.EndpointCount
	// Endpoints are the endpoints with rows, in byte order: those that had
	// calls and those a planned or monitoring window names.
	Endpoints []string
	// Rows: by date, each day's endpoints in byte order (those with calls
	// or downtime that day), then the day's interface row.
	Rows []Row

	// days: by endpoint, "" the interface. The interface's run from First
	// to Last; an endpoint's (from Close) only the days that can hold
	// anything, in date order: those it had calls and those its outages or
	// windows touch (every other day of the span has no call and no
	// downtime). Days fills in the rest when asked. Their Pieces are nil:
	// Pieces derives them when asked, or, in a reference result, reads
	// them in pieces (the same days, from First, with their pieces).
	days   map[string][]availability.Day
	pieces map[string][]availability.Day
	// The outages: outs by Endpoints index, ifaceOuts the interface
	// walk's (the AV-SCOPE-1 OPTION); names are what their packed records'
	// endpoint indices name.
	outs      []outageList
	ifaceOuts outageList
	names     []string
	// ws: the windows Close was given, indexed, for Pieces.
	ws *windows
}

// Outages returns every endpoint's derived outages (AV-CLOCK or AV-CONSEC,
// with AV-EVIDENCE-1), by endpoint in byte order, then start; under the
// AV-SCOPE-1 OPTION (Availability.InterfaceWide) the interface walk's
// outages (Endpoint "") follow. A result holds them packed (some 17 bytes
// each, where an availability.Outage takes 184) and gives each as a new
// value: at one 5xx in a hundred calls, 50,000,000 calls open some
// 375,000 outages.
func (r *Result) Outages() iter.Seq[availability.Outage] {
	return func(yield func(availability.Outage) bool) {
		for k := range r.outs {
			if !r.outs[k].each(r.names, yield) {
				return
			}
		}
		r.ifaceOuts.each(r.names, yield)
	}
}

// NumOutages returns the number of outages Outages gives.
func (r *Result) NumOutages() int {
	n := r.ifaceOuts.len()
	for k := range r.outs {
		n += r.outs[k].len()
	}
	return n
}

// Pieces returns the pieces of endpoint's downtime ("" for the
// interface's) on local day d, with their evidence (AV-EVIDENCE-1): each
// second of the day's downtime attributed to one outage or window, as
// availability.Day.Pieces. A result keeps each day's figures, not its
// pieces (the Days, Day, DaysIn and Rows' Day have none): Pieces derives
// them when asked, from the outages touching d and the windows Close was
// given, exactly as Close accounted the day (for the interface, from every
// endpoint's that day). nil when the day has no downtime. The pieces of
// different endpoints may share a slice (those of the windows that apply
// to every endpoint): read them, do not modify them.
func (r *Result) Pieces(endpoint string, d kpi.Date) []availability.Piece {
	day, ok := r.Day(endpoint, d)
	if !ok || day.Total == 0 {
		return nil
	}
	if r.pieces != nil {
		return r.pieces[endpoint][d-r.First].Pieces
	}
	if endpoint != "" {
		k, _ := slices.BinarySearch(r.Endpoints, endpoint) // Day found it
		return r.endpointDay(k, d).Pieces
	}
	return r.interfacePieces(d)
}

// endpointDay is the accounted day d of endpoint index k (into
// Endpoints), with its pieces: its outages that touch d with the windows
// that do (availability.DaysOf over d alone; a day's figures and pieces
// do not depend on the range asked for). Its Calls are the caller's.
func (r *Result) endpointDay(k int, d kpi.Date) availability.Day {
	x := r.ws
	start, end := x.cal.Start(d), x.cal.Start(d+1)
	outs := r.outs[k].touching(nil, start, end, r.names)
	name := r.Endpoints[k]
	run := dayRun{d, d}
	p, m := x.named[name].touching(run, nil, nil)
	if len(outs) == 0 && len(p)+len(m) == 0 {
		// The global windows' day alone, its pieces shared as Close
		// shares them (InterfaceDays joins a shared slice once).
		day := availability.Day{Date: d, Endpoint: name, Length: x.cal.Length(d)}
		if j, ok := dayAt(x.globalDays, d); ok {
			day = x.globalDays[j]
			day.Endpoint = name
		}
		return day
	}
	p, m = x.global.touching(run, p, m)
	sortByID(p)
	sortByID(m)
	return availability.DaysOf(x.cal, d, d, name, outs, p, m)[0]
}

// interfacePieces returns the pieces of the interface's day d: the union
// of every endpoint's day d (availability.InterfaceDays) and, under the
// OPTION, the interface walk's, as Close accounted it (interfaceFigures).
func (r *Result) interfacePieces(d kpi.Date) []availability.Piece {
	var sources [][]availability.Day
	r.interfaceSources(d, nil, true, func(day availability.Day) {
		sources = append(sources, []availability.Day{day})
	})
	if len(sources) == 0 {
		return nil
	}
	return availability.InterfaceDays(sources)[0].Pieces
}

// interfaceSources calls f with each day that joins the interface's day
// d: the day d of each endpoint of eps (the indices of the endpoints that
// have one; every: look at every endpoint instead), with its pieces
// (endpointDay) when it has downtime, and under the AV-SCOPE-1 OPTION
// the interface walk's. A day's pieces may be dropped once f returns: no
// more than one endpoint's are made at a time.
func (r *Result) interfaceSources(d kpi.Date, eps []int32, every bool, f func(availability.Day)) {
	add := func(k int) {
		ds := r.days[r.Endpoints[k]]
		j, ok := dayAt(ds, d)
		if !ok {
			return
		}
		day := ds[j]
		if day.Total > 0 { // else no pieces: the figures are the day
			day.Pieces = r.endpointDay(k, d).Pieces
		}
		f(day)
	}
	if every {
		for k := range r.Endpoints {
			add(k)
		}
	} else {
		for _, k := range eps {
			add(int(k))
		}
	}
	if r.Config.Profile.Availability.InterfaceWide {
		x := r.ws
		outs := r.ifaceOuts.touching(nil, x.cal.Start(d), x.cal.Start(d+1), r.names)
		for _, day := range availability.DaysOf(x.cal, d, d, "", outs, nil, nil) {
			f(day)
		}
	}
}

// interfaceFigures is the interface's accounted day d (Length of
// template) without its pieces, as Close keeps it (eps the endpoints that
// have a day d): the figures interfacePieces' union has. InterfaceDays
// gives a second of the union to a planned window whenever one covers
// it, so the union's Total is the time any of the sources' pieces
// covers and its Planned the time a planned piece covers: each source's
// pieces are read as bare intervals, one source at a time, and the
// day's intervals alone are held, not every endpoint's pieces with their
// evidence and the union's (a day of 50,000 outages: 30 MB a worker).
func (r *Result) interfaceFigures(d kpi.Date, eps []int32, template *availability.Day) availability.Day {
	day := *template
	var all, planned []kpi.Interval
	var global *availability.Piece // the first piece of the global windows' day d, which endpoints share
	if j, ok := dayAt(r.ws.globalDays, d); ok && len(r.ws.globalDays[j].Pieces) > 0 {
		global = &r.ws.globalDays[j].Pieces[0]
	}
	joined, sources := false, 0
	r.interfaceSources(d, eps, false, func(src availability.Day) {
		sources++
		day.Calls += src.Calls
		day.Monitored = day.Monitored || src.Monitored
		if len(src.Pieces) > 0 && &src.Pieces[0] == global {
			if joined {
				return // the same pieces again change nothing in the union
			}
			joined = true
		}
		for i := range src.Pieces {
			p := &src.Pieces[i]
			if !p.End.After(p.Start) {
				continue // no time: InterfaceDays drops it too
			}
			all = append(all, p.Interval)
			if p.Planned {
				planned = append(planned, p.Interval)
			}
		}
	})
	if sources == 0 {
		return *template
	}
	day.Total, day.Planned = unionLength(all), unionLength(planned)
	day.Unplanned = day.Total - day.Planned
	return day
}

// unionLength returns the length of the union of ivs, none of them
// empty (it sorts them).
func unionLength(ivs []kpi.Interval) time.Duration {
	slices.SortFunc(ivs, func(a, b kpi.Interval) int { return a.Start.Compare(b.Start) })
	var n time.Duration
	var cur kpi.Interval
	for i, iv := range ivs {
		switch {
		case i == 0:
			cur = iv
		case iv.Start.After(cur.End):
			n += cur.End.Sub(cur.Start)
			cur = iv
		case iv.End.After(cur.End):
			cur.End = iv.End
		}
	}
	if len(ivs) > 0 {
		n += cur.End.Sub(cur.Start)
	}
	return n
}

// Days returns the accounted days of endpoint ("" for the interface) from
// First to Last, nil for an endpoint the result has no rows for. Close
// keeps, per endpoint, only the days with calls or downtime, so that a
// span of centuries does not hold a day per endpoint for each of them;
// Days(endpoint) makes the span's slice when called (the days without
// calls or downtime: zero, with their Date, Endpoint and Length). The
// days hold their figures; their Pieces are nil (Pieces gives them).
func (r *Result) Days(endpoint string) []availability.Day {
	ds, ok := r.days[endpoint]
	if !ok || r.Calls == 0 {
		return nil
	}
	n := int(r.Last-r.First) + 1
	if len(ds) == n {
		return ds
	}
	cal := r.Config.Calendar
	full := make([]availability.Day, n)
	for k := range full {
		d := r.First + kpi.Date(k)
		full[k] = availability.Day{Date: d, Endpoint: endpoint, Length: cal.Length(d)}
	}
	for _, d := range ds {
		full[d.Date-r.First] = d
	}
	return full
}

// Day returns the accounted day d of endpoint ("" for the interface): a
// day without calls, outages or windows has no downtime and no calls. ok
// is false outside First..Last or for an endpoint without rows.
func (r *Result) Day(endpoint string, d kpi.Date) (day availability.Day, ok bool) {
	ds, found := r.days[endpoint]
	if !found || r.Calls == 0 || d < r.First || d > r.Last {
		return availability.Day{}, false
	}
	if i, hit := dayAt(ds, d); hit {
		return ds[i], true
	}
	return availability.Day{Date: d, Endpoint: endpoint, Length: r.Config.Calendar.Length(d)}, true
}

// dayAt finds day d in days sorted by date: its index, and whether it is
// there.
func dayAt(days []availability.Day, d kpi.Date) (int, bool) {
	return slices.BinarySearchFunc(days, d, func(x availability.Day, d kpi.Date) int { return cmp.Compare(x.Date, d) })
}

// DaysIn returns the interface's accounted days of period that r covers.
func (r *Result) DaysIn(p kpi.Period) []availability.Day {
	first, last := max(p.First, r.First), min(p.Last, r.Last)
	if r.Calls == 0 || first > last {
		return nil
	}
	return r.days[""][first-r.First : last-r.First+1]
}

// Span is the days a result covers and its observation end.
type Span struct {
	AsOf        time.Time
	First, Last kpi.Date
}

// SpanOf returns the span of calls received from first to last, observed
// until asOf, as Close computes it: a zero asOf is the next local midnight
// after last; the days run from first's to the later of last's and the
// day of the instant 1 ns before asOf. An asOf before last is
// ErrAsOfBeforeLastCall.
func SpanOf(cal kpi.Calendar, first, last, asOf time.Time) (Span, error) {
	if asOf.IsZero() {
		asOf = cal.Start(cal.DateOf(last) + 1)
	} else if asOf.Before(last) {
		return Span{}, fmt.Errorf("%w: %s is before the last call (%s)", ErrAsOfBeforeLastCall, asOf.Format(time.RFC3339Nano), last.Format(time.RFC3339Nano))
	}
	return Span{AsOf: asOf, First: cal.DateOf(first), Last: max(cal.DateOf(last), cal.DateOf(asOf.Add(-time.Nanosecond)))}, nil
}

// Endpoints returns the endpoints a result has rows for, in byte order:
// those that had calls (seen, in any order, repeats allowed) and those the
// windows name.
func Endpoints(seen []string, windows ...[]availability.Window) []string {
	out := slices.Clone(seen)
	for _, ws := range windows {
		for _, w := range ws {
			if w.Endpoint != "" {
				out = append(out, w.Endpoint)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Order walks the rows of a result in Result.Rows' order: for every day
// of sp (but a day of zero length: a zone that skipped a whole date, as
// Pacific/Apia skipped 30 December 2011, has no row), each endpoint i of n (in byte order) that had calls that day
// (hasCalls) or downtime, then the day's interface row (i = -1). days(i)
// is endpoint i's accounted days from sp.First, iface the interface's;
// emit gets each row's day. Close builds its rows in this order; a
// program that keeps the states elsewhere uses it with NewRow.
func Order(sp Span, n int, hasCalls func(d kpi.Date, i int) bool, days func(i int) []availability.Day, iface []availability.Day, emit func(d kpi.Date, i int, day *availability.Day) error) error {
	for d := sp.First; d <= sp.Last; d++ {
		k := int(d - sp.First)
		if iface[k].Length == 0 {
			continue // a local day of zero length (a zone that skipped a date) has no row
		}
		for i := range n {
			if day := &days(i)[k]; hasCalls(d, i) || day.Total > 0 {
				if err := emit(d, i, day); err != nil {
					return err
				}
			}
		}
		if err := emit(d, -1, &iface[k]); err != nil {
			return err
		}
	}
	return nil
}

// Close derives every outage (the profile's availability rule, each
// endpoint's calls walked in time order; AV-CLOCK-3: a clock still open
// runs to asOf), accounts downtime on every local day covered with the
// planned windows (AV-PLAN-1) and monitoring outages (AV-MON-1) given
// (Endpoint "" applies to every endpoint; their evidence IDs are their
// indices in the slices), and assembles the rows. A zero asOf is the next
// local midnight after the last call; an asOf before the last call is an
// error. Endpoints that windows name get rows even without calls.
//
// The book is unchanged (its records are sorted in place and its
// per-second tables packed, which changes nothing it gives), so it can
// take more calls and be closed again. A
// bounded book (SetDisorder) then holds the outages it had walked in the
// Result's Outages, not in a copy of its own: each outage is held once;
// a later Add or Close never writes into an earlier Result.
func (b *Book) Close(asOf time.Time, planned, monitoring []availability.Window) (*Result, error) {
	cfg := b.cfg
	opts := cfg.Profile.Availability
	if err := opts.Validate(); err != nil {
		return nil, fmt.Errorf("book: %w", err)
	}
	res := &Result{Config: cfg, Calls: b.calls, Rejections: b.rejected, OutOfRange: b.outOfRange,
		Outside: b.outside.Sorted(), days: map[string][]availability.Day{}}
	if b.calls == 0 {
		return res, nil
	}
	cal := cfg.Calendar
	sp, err := SpanOf(cal, time.Unix(0, b.first), time.Unix(0, b.last), asOf)
	if err != nil {
		return nil, err
	}
	asOf = sp.AsOf
	res.AsOf, res.First, res.Last = sp.AsOf, sp.First, sp.Last
	// A bounded book (SetDisorder) has walked its settled records: its
	// walks, copied, take the pending ones and finish at asOf (boundOuts,
	// boundIface: the outages found after those the bound holds).
	var boundOuts [][]availability.Outage
	var boundIface []availability.Outage
	if p := b.bnd; p != nil {
		if p.late > 0 {
			return nil, fmt.Errorf("%w: %d call(s) came after a call received later had been walked (the smallest evidence ID: %d); read the input without the bound", ErrLate, p.late, p.firstLate)
		}
		if p.err != nil {
			return nil, p.err
		}
		if boundOuts, boundIface, err = p.finish(len(b.names), asOf); err != nil {
			return nil, err
		}
	}
	res.Endpoints = Endpoints(b.names, planned, monitoring)
	res.names = slices.Clip(b.names)
	res.days = make(map[string][]availability.Day, len(res.Endpoints)+1) // sized once: a log of raw paths has a million
	b.packTables()
	walk := opts
	walk.InterfaceWide = false // each endpoint's own calls (AV-SCOPE-1 DEFAULT)
	callDates := b.callDates()
	// The windows, indexed once (sorted; the global ones accounted once a
	// day); each endpoint's walk reads them, never copies them, and so
	// does Pieces.
	ws := indexWindows(cal, sp, planned, monitoring)
	res.ws = ws
	// Each endpoint's outages and accounted days, on the workers. A
	// bounded book's outages are its own lists read as they are (a view:
	// held once) and those finish gave; an unbounded book's are walked
	// here and packed. The days keep their figures: their pieces go as
	// each endpoint's are accounted (Pieces derives them when asked).
	res.outs = make([]outageList, len(res.Endpoints))
	perEndpoint := make([][]availability.Day, len(res.Endpoints))
	errs := make([]error, len(res.Endpoints))
	b.parallel(len(res.Endpoints), func(k int) {
		name := res.Endpoints[k]
		var dates []kpi.Date
		var outs []availability.Outage
		if i, ok := b.ids[name]; ok {
			dates = callDates[i]
			if p := b.bnd; p != nil {
				if i < len(p.outs) {
					res.outs[k] = p.outs[i].view(boundOuts[i])
				} else {
					var none outageList
					res.outs[k] = none.view(boundOuts[i])
				}
				outs = res.outs[k].appendTo(nil, res.names)
			} else {
				if outs, errs[k] = b.walkRecords(i, name, walk, asOf); errs[k] != nil {
					return
				}
				for j := range outs {
					res.outs[k].add(&outs[j], b.names, b.ids) // read only: the book's map
				}
			}
		}
		days := ws.sparseDays(name, dates, outs)
		for j := range days {
			days[j].Pieces = nil
			if s := b.EndpointDay(days[j].Date, name); s != nil { // AV-EVIDENCE-2: a day with calls is observed
				days[j].Calls = s.Calls()
			}
		}
		perEndpoint[k] = days
	})
	for k, name := range res.Endpoints {
		if errs[k] != nil {
			return nil, errs[k]
		}
		res.days[name] = perEndpoint[k]
	}
	if opts.InterfaceWide {
		if p := b.bnd; p != nil {
			res.ifaceOuts = p.ifaceOuts.view(boundIface)
		} else {
			outs, err := b.interfaceWalk(opts, asOf)
			if err != nil {
				return nil, err
			}
			for j := range outs {
				res.ifaceOuts.add(&outs[j], b.names, b.ids)
			}
		}
	}
	// The interface's days: every day of the span, its downtime the union
	// of the endpoints' (AV-SCOPE-1) and, under the OPTION, of the
	// interface walk's outages, a day at a time on the workers: each
	// endpoint day with downtime gives its pieces again, read as bare
	// intervals for the union's figures (Result.interfaceFigures), so
	// that a worker holds one endpoint's pieces at a time and a day's
	// intervals (at 10,000,000 calls with 1 % of 5xx, every endpoint's
	// pieces held together for the union were 14 MB).
	n := int(sp.Last-sp.First) + 1
	byDate := make([][]int32, n)
	for k, days := range perEndpoint {
		for j := range days {
			byDate[days[j].Date-sp.First] = append(byDate[days[j].Date-sp.First], int32(k))
		}
	}
	iface := make([]availability.Day, n)
	b.parallel(n, func(j int) {
		d := sp.First + kpi.Date(j)
		iface[j] = res.interfaceFigures(d, byDate[j], &availability.Day{Date: d, Length: cal.Length(d)})
	})
	res.days[""] = iface
	return res, b.assemble(res, perEndpoint)
}

// packTables packs the per-second tables of every endpoint-day
// (performance.Throughput.Pack, PIPS.Pack): a closed book holds them in
// about a byte per second with traffic, not four (the report's 40
// endpoints over a week at 10,000,000 calls: 26 MB of entries, 7 MB
// packed). Close reads
// them as they are; a later Add unpacks the day it counts in.
func (b *Book) packTables() {
	b.parallel(len(b.days), func(i int) {
		for _, ds := range b.days[i] {
			ds.e.pack()
		}
	})
}

// walkRecords walks the records of endpoint index i (named name)
// through the availability rule and finishes at asOf.
func (b *Book) walkRecords(i int, name string, walk availability.Options, asOf time.Time) ([]availability.Outage, error) {
	tr := availability.NewTracker(walk)
	var call kpi.Call
	var outs []availability.Outage
	err := b.recs[i].each(func(r *record) error {
		call = r.call(name)
		if err := tr.Add(&call, r.id); err != nil {
			return fmt.Errorf("book: availability of %s: %w", name, err)
		}
		outs = tr.Outages(outs)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return tr.Finish(asOf, outs), nil
}

// callDates returns, per endpoint index, the days it had calls, in order.
func (b *Book) callDates() [][]kpi.Date {
	out := make([][]kpi.Date, len(b.names))
	for i, ds := range b.days {
		out[i] = make([]kpi.Date, len(ds))
		for k, x := range ds {
			out[i][k] = x.date // in date order
		}
	}
	return out
}

// dayRun is a run of consecutive local days, first to last.
type dayRun struct{ first, last kpi.Date }

// touched returns the days of the span that the interval [start, end)
// touches (its start's day for an empty one); false when none.
func touched(cal kpi.Calendar, sp Span, start, end time.Time) (dayRun, bool) {
	f, l := cal.DateOf(start), cal.DateOf(start)
	if end.After(start) {
		l = cal.DateOf(end.Add(-time.Nanosecond))
	}
	f, l = max(f, sp.First), min(l, sp.Last)
	return dayRun{f, l}, f <= l
}

// mergeRuns sorts runs and merges those that overlap or touch, in place.
func mergeRuns(runs []dayRun) []dayRun {
	slices.SortFunc(runs, func(a, b dayRun) int { return int(a.first) - int(b.first) })
	merged := runs[:0]
	for _, r := range runs {
		if n := len(merged); n > 0 && r.first <= merged[n-1].last+1 {
			merged[n-1].last = max(merged[n-1].last, r.last)
			continue
		}
		merged = append(merged, r)
	}
	return merged
}

// windowRef is one planned window or monitoring outage with its evidence
// ID (its index in its slice) and the days of the span it touches.
type windowRef struct {
	availability.NumberedWindow
	planned bool
	days    dayRun
}

// windowSet is a sorted list of windows: by first day touched, with the
// greatest last day touched of each prefix, so that the windows touching a
// run of days are found by binary search.
type windowSet struct {
	ws      []windowRef
	maxLast []kpi.Date
}

func newWindowSet(ws []windowRef) windowSet {
	slices.SortFunc(ws, func(a, b windowRef) int { return int(a.days.first) - int(b.days.first) })
	maxLast := make([]kpi.Date, len(ws))
	for i := range ws {
		maxLast[i] = ws[i].days.last
		if i > 0 {
			maxLast[i] = max(maxLast[i], maxLast[i-1])
		}
	}
	return windowSet{ws, maxLast}
}

// touching appends to planned and monitoring the windows of s that touch
// the days of r: those that start in r (a binary search), and those that
// start before and reach into it (walking back while a window of the
// prefix still reaches r).
func (s windowSet) touching(r dayRun, planned, monitoring []availability.NumberedWindow) ([]availability.NumberedWindow, []availability.NumberedWindow) {
	lo := sort.Search(len(s.ws), func(k int) bool { return s.ws[k].days.first >= r.first })
	hi := sort.Search(len(s.ws), func(k int) bool { return s.ws[k].days.first > r.last })
	add := func(w *windowRef) {
		if w.planned {
			planned = append(planned, w.NumberedWindow)
		} else {
			monitoring = append(monitoring, w.NumberedWindow)
		}
	}
	for k := lo - 1; k >= 0 && s.maxLast[k] >= r.first; k-- {
		if s.ws[k].days.last >= r.first {
			add(&s.ws[k])
		}
	}
	for k := lo; k < hi; k++ {
		add(&s.ws[k])
	}
	return planned, monitoring
}

// windows is the planned windows and monitoring outages of a close, found
// once: those that apply to every endpoint with their days accounted once
// (global: each day they touch, with no outage and no other window), and
// those that name an endpoint by its name. An endpoint's days then cost
// what its own outages and windows touch, plus a copy of the global day
// elsewhere, never a pass over every window.
type windows struct {
	cal    kpi.Calendar
	sp     Span
	global windowSet
	named  map[string]windowSet
	// globalDays: the accounted days of the global windows alone, in date
	// order, every day they touch (Endpoint "").
	globalDays []availability.Day
}

func indexWindows(cal kpi.Calendar, sp Span, planned, monitoring []availability.Window) *windows {
	var global []windowRef
	named := map[string][]windowRef{}
	for _, src := range []struct {
		ws      []availability.Window
		planned bool
	}{{planned, true}, {monitoring, false}} {
		for i, w := range src.ws {
			r, ok := touched(cal, sp, w.Start, w.End)
			if !ok {
				continue
			}
			ref := windowRef{availability.NumberedWindow{Window: w, ID: int64(i)}, src.planned, r}
			if w.Endpoint == "" {
				global = append(global, ref)
			} else {
				named[w.Endpoint] = append(named[w.Endpoint], ref)
			}
		}
	}
	x := &windows{cal: cal, sp: sp, global: newWindowSet(global), named: map[string]windowSet{}}
	for name, ws := range named {
		x.named[name] = newWindowSet(ws)
	}
	runs := make([]dayRun, len(global))
	for i := range global {
		runs[i] = global[i].days
	}
	for _, r := range mergeRuns(runs) {
		p, m := x.global.touching(r, nil, nil)
		sortByID(p)
		sortByID(m)
		x.globalDays = append(x.globalDays, availability.DaysOf(cal, r.first, r.last, "", nil, p, m)...)
	}
	return x
}

func sortByID(ws []availability.NumberedWindow) {
	slices.SortFunc(ws, func(a, b availability.NumberedWindow) int { return cmp.Compare(a.ID, b.ID) })
}

// sparseDays returns the accounted days of endpoint name that can hold
// anything, in date order: the days it had calls (dates), those its
// outages (sorted, not overlapping: one Tracker's) or its own windows
// touch, and those of the global windows, within the span. Each day of a
// run of consecutive days that its outages or own windows touch is
// accounted by availability.DaysOf with those and the global windows
// that touch it (a day's figures do not depend on the range asked for, so
// they are those of the whole span), and keeps its figures, not its
// pieces: a day at a time, a run's pieces are never held together (a
// week of 10,000 outages: 24 MB a worker); any other day is the global
// windows' day (its Pieces shared) or a day without downtime.
func (x *windows) sparseDays(name string, dates []kpi.Date, outs []availability.Outage) []availability.Day {
	own := x.named[name]
	var runs []dayRun
	for i := range own.ws {
		runs = append(runs, own.ws[i].days)
	}
	for i := range outs {
		if r, ok := touched(x.cal, x.sp, outs[i].Start, outs[i].End); ok {
			runs = append(runs, r)
		}
	}
	runs = mergeRuns(runs)
	var ownDays []availability.Day
	var p, m []availability.NumberedWindow
	for _, r := range runs {
		for d := r.first; d <= r.last; d++ {
			start, end := x.cal.Start(d), x.cal.Start(d+1)
			lo := sort.Search(len(outs), func(k int) bool { return !outs[k].End.Before(start) })
			hi := max(lo, sort.Search(len(outs), func(k int) bool { return outs[k].Start.After(end) }))
			p, m = own.touching(dayRun{d, d}, p[:0], m[:0])
			p, m = x.global.touching(dayRun{d, d}, p, m)
			sortByID(p)
			sortByID(m)
			day := availability.DaysOf(x.cal, d, d, name, outs[lo:hi], p, m)[0]
			day.Pieces = nil
			ownDays = append(ownDays, day)
		}
	}
	// The other days: those with calls and those of the global windows,
	// outside the runs, in date order.
	days := make([]availability.Day, 0, len(ownDays)+len(dates)+len(x.globalDays))
	gd := x.globalDays
	i, j, k := 0, 0, 0 // into dates, gd, ownDays
	for i < len(dates) || j < len(gd) || k < len(ownDays) {
		d := kpi.Date(math.MaxInt32)
		if i < len(dates) {
			d = dates[i]
		}
		if j < len(gd) {
			d = min(d, gd[j].Date)
		}
		if k < len(ownDays) {
			d = min(d, ownDays[k].Date)
		}
		switch {
		case k < len(ownDays) && ownDays[k].Date == d:
			days = append(days, ownDays[k])
			k++
		case j < len(gd) && gd[j].Date == d:
			day := gd[j]
			day.Endpoint = name
			days = append(days, day)
		default:
			days = append(days, availability.Day{Date: d, Endpoint: name, Length: x.cal.Length(d)})
		}
		for i < len(dates) && dates[i] == d {
			i++
		}
		for j < len(gd) && gd[j].Date == d {
			j++
		}
	}
	return days
}

// assemble builds res.Rows in Order's order from the endpoints' sparse
// days (perEndpoint, in res.Endpoints' order): the interface row's state
// is the merge of the day's endpoint states. It walks the span's days and
// the endpoint-days that exist, never days × endpoints.
func (b *Book) assemble(res *Result, perEndpoint [][]availability.Day) error {
	opts := b.cfg.Profile.Availability
	type entry struct {
		i   int
		day *availability.Day
		s   *EndpointDay // nil: no call that day
	}
	byDate := make(map[kpi.Date][]entry)
	for i, days := range perEndpoint {
		id, known := b.ids[res.Endpoints[i]]
		for k := range days {
			d := &days[k]
			var s *EndpointDay
			if known {
				s = b.days[id].get(d.Date)
			}
			if d.Total > 0 || s != nil {
				byDate[d.Date] = append(byDate[d.Date], entry{i, d, s})
			}
		}
	}
	iface := res.days[""]
	n := int(res.Last-res.First) + 1
	// Each day's rows have their place in res.Rows, made once at its
	// size: day k's are res.Rows[start[k]:start[k+1]] (a Row is some 600
	// bytes; rows built apart and copied in held a million of them twice).
	start := make([]int, n+1)
	for k := range n {
		start[k+1] = start[k]
		if iface[k].Length != 0 { // a local day of zero length (a skipped date) has no row
			start[k+1] += len(byDate[res.First+kpi.Date(k)]) + 1
		}
	}
	res.Rows = make([]Row, start[n])
	errs := make([]error, n)
	b.parallel(n, func(k int) {
		d := res.First + kpi.Date(k)
		rows := res.Rows[start[k]:start[k+1]]
		if len(rows) == 0 {
			return
		}
		var states []*EndpointDay
		for j, e := range byDate[d] {
			rows[j] = NewRow(d, res.Endpoints[e.i], false, e.s, e.day, opts)
			if e.s != nil {
				states = append(states, e.s)
			}
		}
		all, err := b.mergeTree(states)
		if err != nil {
			errs[k] = fmt.Errorf("book: interface of %s: %w", d, err)
			return
		}
		if all != nil {
			all.pack()
		}
		rows[len(rows)-1] = NewRow(d, "", true, all, &iface[k], opts)
	})
	for k := range errs {
		if errs[k] != nil {
			res.Rows = nil
			return errs[k]
		}
	}
	return nil
}

// parallel calls fn(0) to fn(n-1), on up to the book's workers goroutines
// (SetWorkers), each taking the next index as it is free; on the caller's
// alone with one worker.
func (b *Book) parallel(n int, fn func(i int)) { parallelN(b.workers, n, fn) }

// parallelN calls fn(0) to fn(n-1) on up to w goroutines, each taking the
// next index as it is free; on the caller's alone for w <= 1.
func parallelN(w, n int, fn func(i int)) {
	w = min(w, n)
	if w <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range w {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				fn(i)
			}
		})
	}
	wg.Wait()
}

// mergeTree returns the merge of states (nil for none) into a new
// EndpointDay, merged two by two, then the pairs two by two, and so on:
// each Merge joins states of about the same size, which the per-second
// tables merge in one linear pass, O(n log len(states)) in all. Merging
// them one after the other into one state merged small tables into an
// ever larger one, which the tables took as late seconds and sorted again
// and again (measured: 70% of Close on a week of 40 endpoints). Merge is
// exact, associative and commutative: the result is the same.
//
// The tree is walked as a binary counter: a stack of partial merges, the
// top two joined while they hold as many states, so that at most about
// log2(len(states)) partial merges are alive at once, and one merged into
// another is Reset and reused for the next state (a fresh EndpointDay per
// state cost a million allocations, with their histogram pages and
// tables, for a day of a million endpoints).
//
// The calls-per-second tables are left out of the tree and summed at the
// end, all at once (performance.Throughput.MergeAll): a day's tables are
// dense in its seconds, and summing them in one pass each took the tree's
// 0.24 s of CPU to 0.08 s on the report's 10 M-row input.
func (b *Book) mergeTree(states []*EndpointDay) (*EndpointDay, error) {
	if len(states) == 0 {
		return nil, nil
	}
	type partial struct {
		e *EndpointDay
		n int // states merged into e
	}
	var stack []partial
	var free []*EndpointDay
	for _, s := range states {
		var x *EndpointDay
		if k := len(free); k > 0 {
			x, free = free[k-1], free[:k-1]
		} else {
			x = newEndpointDay(b.cfg.Performance, false)
		}
		if err := x.merge(s, false); err != nil {
			return nil, err
		}
		stack = append(stack, partial{x, 1})
		for k := len(stack); k >= 2 && stack[k-2].n == stack[k-1].n; k = len(stack) {
			top := stack[k-1]
			stack = stack[:k-1]
			if err := stack[k-2].e.merge(top.e, false); err != nil {
				return nil, err
			}
			stack[k-2].n += top.n
			top.e.Reset()
			top.e.Payment = false // as new: a later state sets it again when it is one
			free = append(free, top.e)
		}
	}
	for k := len(stack); k >= 2; k = len(stack) { // the smaller partial merges into the larger
		if err := stack[k-2].e.merge(stack[k-1].e, false); err != nil {
			return nil, err
		}
		stack = stack[:k-1]
	}
	tps := make([]*performance.Throughput, len(states))
	for i, s := range states {
		tps[i] = &s.TPS
	}
	if err := stack[0].e.TPS.MergeAll(tps...); err != nil {
		return nil, err
	}
	return stack[0].e, nil
}

// interfaceWalk is the AV-SCOPE-1 OPTION: one walk over all the
// interface's calls together (Options.InterfaceWide), whose outages join
// the interface's union beside every endpoint's own (the endpoint rows keep
// their own walks). The stricter reading can add downtime to the
// interface, never hide an endpoint's.
func (b *Book) interfaceWalk(opts availability.Options, asOf time.Time) ([]availability.Outage, error) {
	type epRecord struct {
		r  record
		ep int
	}
	all := make([]epRecord, 0, b.calls)
	for ep := range b.recs {
		for _, ch := range b.recs[ep].chunks {
			for _, r := range ch {
				all = append(all, epRecord{r, ep})
			}
		}
	}
	slices.SortFunc(all, func(x, y epRecord) int {
		if c := recordCmp(x.r, y.r); c != 0 {
			return c
		}
		return strings.Compare(b.names[x.ep], b.names[y.ep])
	})
	tr := availability.NewTracker(opts)
	var outs []availability.Outage
	for i := range all {
		call := all[i].r.call(b.names[all[i].ep])
		if err := tr.Add(&call, all[i].r.id); err != nil {
			return nil, fmt.Errorf("book: availability of the interface: %w", err)
		}
		outs = tr.Outages(outs)
	}
	return tr.Finish(asOf, outs), nil
}
