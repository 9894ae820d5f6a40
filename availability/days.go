package availability

import (
	"cmp"
	"slices"
	"time"

	"github.com/openfinance-kpi/kpi"
)

// Window is a supplied downtime interval: a planned maintenance window
// (AV-PLAN-1) or a monitoring outage (AV-MON-1) during which calls could
// not arrive. Endpoint "" applies to every endpoint. A window whose End is
// not after its Start is empty and ignored. The zero value is empty.
type Window struct {
	kpi.Interval
	Endpoint string
}

// Piece is one stretch of a day's downtime with the evidence behind it
// (AV-EVIDENCE-1). The pieces of a Day are disjoint, sorted, and cover its
// downtime exactly; each second of downtime is in one piece.
//
// Each piece is attributed to one source: a planned window if one covers
// it (then Planned), else the derived outage or monitoring outage that was
// already covering the time before (or the earliest-starting one), so that
// a source keeps its downtime until it ends, a planned window takes over,
// or the day ends.
type Piece struct {
	kpi.Interval
	// Planned: inside a planned window (AV-PLAN-1); Source is the window.
	Planned bool
	// Monitoring: attributed to a monitoring outage (AV-MON-1).
	Monitoring bool
	// Source is the outage's Opened evidence (the first failure or first
	// call of the series) or the window (Kind PlannedWindow or
	// MonitoringOutage, At its start, ID its index in the slice).
	Source Evidence
	// Closed is what ends the source: the outage's Closed evidence, or the
	// window's end.
	Closed Evidence
	// CutAtStart says why the piece starts after its source's own start:
	// DayBoundary (local midnight, or the first day asked for), or the kind
	// of the source of the piece just before (PlannedWindow, Call, ...),
	// which covered that time. NoEvidence: it starts where its source does.
	CutAtStart EvidenceKind
	// CutAtEnd says why the piece ends before its source's own end:
	// DayBoundary, or PlannedWindow (a window takes over). ObservationEnd:
	// the source is an ongoing outage, cut at asOf (AV-CLOCK-3).
	// NoEvidence: it ends where its source does.
	CutAtEnd EvidenceKind
}

// Day is the downtime of one local day for one endpoint, or for the
// interface (Endpoint ""), with its evidence.
//
// Rule AV-PLAN-1: Total = |derived outages ∪ planned windows ∪ monitoring
// outages| inside the day; Planned = |Total ∩ planned windows|; Unplanned =
// Total − Planned (monitoring outages are unplanned, AV-MON-1). Rule
// AV-WINDOW-1: only the part inside the day counts, so Total ≤ Length.
//
// Rule AV-EVIDENCE-2: a day on which the scope received no call (Calls
// 0) and which no monitoring outage or probe result covers (Monitored
// false) has no availability evidence: Observed reports false. Its
// downtime is computed as for any day (an outage or window that covers it
// counts), but a benchmark judges it NO DATA, never a pass.
//
// The zero value is a day of no length. A Day is a plain value.
type Day struct {
	Date     kpi.Date
	Endpoint string        // "" = the interface: the union over endpoints (AV-SCOPE-1)
	Length   time.Duration // the real length of the local day: 23, 24 or 25 h
	Total    time.Duration
	Planned  time.Duration
	// Unplanned is Total − Planned.
	Unplanned time.Duration
	Pieces    []Piece
	// Calls is the number of calls the scope received on the day, every
	// class counted (AV-EVIDENCE-2). Days never sees calls and leaves it
	// 0: the caller, which counted the day's calls, sets it.
	// InterfaceDays sums the endpoints'.
	Calls uint64
	// Monitored: a monitoring outage (a monitoring window given to Days,
	// AV-MON-1) or an outage derived from probe results (Opened.Kind
	// ProbeResult, RG-PROBE-1) covers some of the day, which is
	// availability evidence without calls (AV-EVIDENCE-2). Days sets it;
	// InterfaceDays sets it when any endpoint's day has it. A caller that
	// holds probe results that found the scope up that day sets it too.
	Monitored bool
}

// Observed reports whether the day has availability evidence (Rule
// AV-EVIDENCE-2): a call (Calls > 0) or monitoring (Monitored). A day
// whose Calls the caller never set is unobserved unless monitored: a
// missing count errs towards NO DATA, never towards a pass.
func (d *Day) Observed() bool { return d.Calls > 0 || d.Monitored }

// contrib is one interval joining a day's union: an outage, a window or (in
// InterfaceDays) an endpoint's piece, clipped to the day.
type contrib struct {
	kpi.Interval
	planned          bool
	src, closed      Evidence
	cutStart, cutEnd EvidenceKind
	order            int // position in the input: the last tie-break
}

// Days returns the days first..last (inclusive, local days of cal) of one
// endpoint — or of the interface when endpoint is "" — from outages (only
// the endpoint's, or all of them for ""), planned windows and monitoring
// outages (those of the endpoint and those with Endpoint "", or all of
// them for "").
//
// Rule AV-WINDOW-1: every interval is split at local midnight
// (kpi.Calendar.Split), so a 23- or 25-hour day counts its own part. Rule
// AV-PLAN-1, AV-MON-1, AV-SCOPE-1: see Day. Days(cal, f, l, "", all
// outages, ...) is the interface's union; InterfaceDays gives the same
// totals from per-endpoint days.
//
// Rule AV-EVIDENCE-2: Days sets Monitored on the days a monitoring
// outage or a probe-derived outage (Opened.Kind ProbeResult) covers for
// some time; it leaves Calls 0 for the caller to set (see Day.Observed).
//
// Days with no downtime have Total 0 and no pieces. last before first
// gives nil.
func Days(cal kpi.Calendar, first, last kpi.Date, endpoint string, outages []Outage, planned, monitoring []Window) []Day {
	each := func(ws []Window) func(func(*Window, int64)) {
		return func(yield func(*Window, int64)) {
			for i := range ws {
				yield(&ws[i], int64(i))
			}
		}
	}
	return days(cal, first, last, endpoint, outages, each(planned), each(monitoring))
}

// NumberedWindow is a window with the evidence ID its pieces carry
// (Evidence.ID): Days numbers windows by their index in the slice it is
// given, DaysOf takes the number with each window.
type NumberedWindow struct {
	Window
	ID int64
}

// DaysOf is Days over windows the caller has already chosen: planned and
// monitoring hold, each in increasing ID order, at least the windows that
// apply to endpoint (Days' filter by endpoint still applies) and touch
// first..last, each with its ID. Given those of Days' slices numbered by
// their index, DaysOf returns exactly what Days returns. Days visits every
// window on each call; a caller that accounts many endpoints or ranges over
// the same windows (a book's close) sorts them once and passes each call
// only its own, so that the cost follows the windows that count.
func DaysOf(cal kpi.Calendar, first, last kpi.Date, endpoint string, outages []Outage, planned, monitoring []NumberedWindow) []Day {
	each := func(ws []NumberedWindow) func(func(*Window, int64)) {
		return func(yield func(*Window, int64)) {
			for i := range ws {
				yield(&ws[i].Window, ws[i].ID)
			}
		}
	}
	return days(cal, first, last, endpoint, outages, each(planned), each(monitoring))
}

// days is Days and DaysOf: planned and monitoring give each window with
// its evidence ID, in the order that breaks ties (see better).
func days(cal kpi.Calendar, first, last kpi.Date, endpoint string, outages []Outage, planned, monitoring func(func(*Window, int64))) []Day {
	if last < first {
		return nil
	}
	days := make([]Day, int(last-first)+1)
	for i := range days {
		d := first + kpi.Date(i)
		days[i] = Day{Date: d, Endpoint: endpoint, Length: cal.Length(d)}
	}
	buckets := make([][]contrib, len(days))
	rangeStart, rangeEnd := cal.Start(first), cal.Start(last+1)
	order := 0
	add := func(c contrib, evidence bool) {
		order++
		c.order = order
		iv := c.Interval
		if iv.Start.Before(rangeStart) {
			iv.Start = rangeStart
		}
		if iv.End.After(rangeEnd) {
			iv.End = rangeEnd
		}
		cal.Split(iv, func(d kpi.Date, part kpi.Interval) {
			if d < first || d > last {
				return
			}
			p := c
			p.Interval = part
			if !part.Start.Equal(c.Start) {
				p.cutStart = DayBoundary
			}
			if !part.End.Equal(c.End) {
				p.cutEnd = DayBoundary
			}
			if evidence && part.End.After(part.Start) {
				days[d-first].Monitored = true // AV-EVIDENCE-2
			}
			buckets[d-first] = append(buckets[d-first], p)
		})
	}
	for i := range outages {
		o := &outages[i]
		if endpoint != "" && o.Endpoint != endpoint {
			continue
		}
		c := contrib{Interval: kpi.Interval{Start: o.Start, End: o.End}, src: o.Opened, closed: o.Closed}
		if o.Ongoing {
			c.cutEnd = ObservationEnd
		}
		add(c, o.Opened.Kind == ProbeResult)
	}
	addWindows := func(ws func(func(*Window, int64)), kind EvidenceKind) {
		ws(func(w *Window, id int64) {
			if endpoint != "" && w.Endpoint != "" && w.Endpoint != endpoint {
				return
			}
			add(contrib{Interval: w.Interval, planned: kind == PlannedWindow,
				src:    Evidence{Kind: kind, At: w.Start, Endpoint: w.Endpoint, ID: id},
				closed: Evidence{Kind: kind, At: w.End, Endpoint: w.Endpoint, ID: id}},
				kind == MonitoringOutage)
		})
	}
	addWindows(planned, PlannedWindow)
	addWindows(monitoring, MonitoringOutage)
	for i := range days {
		days[i].Pieces, days[i].Total, days[i].Planned = sweep(buckets[i])
		days[i].Unplanned = days[i].Total - days[i].Planned
	}
	return days
}

// InterfaceDays returns the interface's days (Endpoint "") from the days of
// every endpoint, computed with one calendar: per date, the union of the
// endpoints' downtime, and its planned part the union of theirs (Rule
// AV-SCOPE-1: partial downtime is downtime, never an average). Dates
// missing for some endpoints are taken from those that have them. The
// result is sorted by date.
//
// Rule AV-EVIDENCE-2: an interface day's Calls is the sum of its
// endpoints' days' Calls, and it is Monitored when any of them is, so it
// is observed when any endpoint's day is. Pass the days of every endpoint
// a monitoring window names, so that its evidence reaches the interface.
//
// Days of one date whose Pieces are the same slice (the days of endpoints
// that share the pieces of windows applying to every endpoint) join the
// union once: the same pieces again change nothing in it, and would cost
// endpoints × pieces.
func InterfaceDays(perEndpoint [][]Day) []Day {
	byDate := map[kpi.Date]int{}
	var days []Day
	var buckets [][]contrib
	type sharedPieces struct {
		date  kpi.Date
		first *Piece
		n     int
	}
	seen := map[sharedPieces]bool{}
	order := 0
	for _, ds := range perEndpoint {
		for i := range ds {
			d := &ds[i]
			k, ok := byDate[d.Date]
			if !ok {
				k = len(days)
				byDate[d.Date] = k
				days = append(days, Day{Date: d.Date, Length: d.Length})
				buckets = append(buckets, nil)
			}
			days[k].Calls += d.Calls
			days[k].Monitored = days[k].Monitored || d.Monitored
			if len(d.Pieces) > 0 {
				key := sharedPieces{d.Date, &d.Pieces[0], len(d.Pieces)}
				if seen[key] {
					continue
				}
				seen[key] = true
			}
			for _, p := range d.Pieces {
				order++
				buckets[k] = append(buckets[k], contrib{Interval: p.Interval, planned: p.Planned,
					src: p.Source, closed: p.Closed, cutStart: p.CutAtStart, cutEnd: p.CutAtEnd, order: order})
			}
		}
	}
	for k := range days {
		days[k].Pieces, days[k].Total, days[k].Planned = sweep(buckets[k])
		days[k].Unplanned = days[k].Total - days[k].Planned
	}
	slices.SortFunc(days, func(a, b Day) int { return cmp.Compare(a.Date, b.Date) })
	return days
}

// better reports whether contributor a should take over from b as a
// piece's source: planned first, then the earliest start, then outages
// before monitoring, then input order.
func better(a, b *contrib) bool {
	if a.planned != b.planned {
		return a.planned
	}
	if c := a.Start.Compare(b.Start); c != 0 {
		return c < 0
	}
	if a.src.Kind != b.src.Kind {
		return a.src.Kind < b.src.Kind
	}
	return a.order < b.order
}

// sweep returns the union of cs as attributed pieces, its length, and the
// length of its planned part. It walks the elementary intervals between
// consecutive boundaries with the set of contributors covering each: the
// source of the previous interval goes on while it covers and no planned
// window does (or it is one); otherwise the best covering contributor
// (see better) takes over.
func sweep(cs []contrib) (pieces []Piece, total, planned time.Duration) {
	cs = slices.DeleteFunc(cs, func(c contrib) bool { return !c.End.After(c.Start) })
	if len(cs) == 0 {
		return nil, 0, 0
	}
	slices.SortStableFunc(cs, func(a, b contrib) int { return a.Start.Compare(b.Start) })
	bounds := make([]time.Time, 0, 2*len(cs))
	for i := range cs {
		bounds = append(bounds, cs[i].Start, cs[i].End)
	}
	slices.SortFunc(bounds, time.Time.Compare)
	bounds = slices.CompactFunc(bounds, time.Time.Equal)

	var srcOf []int // the contributor of each piece
	var active []int
	cur, next := -1, 0
	for k := 0; k+1 < len(bounds); k++ {
		t, end := bounds[k], bounds[k+1]
		w := 0
		for _, i := range active {
			if cs[i].End.After(t) {
				active[w] = i
				w++
			}
		}
		active = active[:w]
		for ; next < len(cs) && !cs[next].Start.After(t); next++ {
			active = append(active, next) // starts at t: bounds hold every start
		}
		if len(active) == 0 {
			cur = -1
			continue
		}
		anyPlanned := false
		for _, i := range active {
			anyPlanned = anyPlanned || cs[i].planned
		}
		keep := cur >= 0 && cs[cur].End.After(t) && (cs[cur].planned || !anyPlanned)
		if keep {
			pieces[len(pieces)-1].End = end // the same source goes on
			continue
		}
		prev := cur
		cur = active[0]
		for _, i := range active[1:] {
			if better(&cs[i], &cs[cur]) {
				cur = i
			}
		}
		c := &cs[cur]
		p := Piece{Interval: kpi.Interval{Start: t, End: end}, Planned: c.planned,
			Monitoring: c.src.Kind == MonitoringOutage, Source: c.src, Closed: c.closed}
		if t.Equal(c.Start) {
			p.CutAtStart = c.cutStart
		} else { // c covered the time before, attributed to the previous piece's source
			p.CutAtStart = pieces[len(pieces)-1].Source.Kind
		}
		if prev >= 0 && cs[prev].End.After(t) {
			pieces[len(pieces)-1].CutAtEnd = p.Source.Kind // the previous source goes on, under this one
		}
		pieces = append(pieces, p)
		srcOf = append(srcOf, cur)
	}
	for i := range pieces {
		p := &pieces[i]
		if c := &cs[srcOf[i]]; c.End.Equal(p.End) {
			p.CutAtEnd = c.cutEnd // a day boundary, the observation end, or nothing
		}
		total += p.Duration()
		if p.Planned {
			planned += p.Duration()
		}
	}
	return pieces, total, planned
}
