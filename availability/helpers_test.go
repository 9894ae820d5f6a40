package availability

import (
	"math"
	"slices"
	"time"

	"github.com/openfinance-kpi/kpi"
	"pgregory.net/rapid"
)

// t0 is 23:00 UTC on 2025-03-29, one hour before midnight, so that
// generated calls cross a day boundary.
var t0 = time.Date(2025, 3, 29, 23, 0, 0, 0, time.UTC)

func at(d time.Duration) time.Time { return t0.Add(d) }

func ms(n int64) time.Duration  { return time.Duration(n) * time.Millisecond }
func sec(n int64) time.Duration { return time.Duration(n) * time.Second }

// call builds a call at t0+r.
func call(endpoint string, r time.Duration, status int, ttlb time.Duration) kpi.Call {
	return kpi.Call{ReceivedAt: at(r), Endpoint: endpoint, Status: status, TTLB: ttlb}
}

// genCall draws calls made to collide: few endpoints, instants on a coarse
// grid (ties) after base (offsets divided by div), in one of zones, statuses of every class, TTLB
// around the 30 s window, and now and then bad input.
func genCall(t *rapid.T, label string, dense bool, base time.Time, div time.Duration, zones []*time.Location) kpi.Call {
	endpoint := rapid.SampledFrom([]string{"A", "B", "C"}).Draw(t, label+"ep")
	var r time.Duration
	var status int
	if dense { // a minute of mostly unanswered calls
		r = time.Duration(rapid.IntRange(0, 120).Draw(t, label+"r")) * time.Second / 2
		status = rapid.SampledFrom([]int{0, 0, 200, 404, 500, 503, 503}).Draw(t, label+"status")
	} else {
		unit := rapid.SampledFrom([]time.Duration{time.Second, 10 * time.Second, time.Minute, 7 * time.Minute}).Draw(t, label+"unit")
		r = time.Duration(rapid.IntRange(0, 240).Draw(t, label+"r")) * unit / 2
		status = rapid.SampledFrom([]int{0, 200, 204, 299, 300, 302, 399, 400, 404, 429, 499, 500, 502, 503}).Draw(t, label+"status")
	}
	ttlb := rapid.SampledFrom([]time.Duration{0, ms(1), ms(250), sec(5), sec(30), sec(30) + ms(1), sec(31), sec(90), time.Hour}).Draw(t, label+"ttlb")
	c := kpi.Call{ReceivedAt: base.Add(r / div).In(rapid.SampledFrom(zones).Draw(t, label+"zone")),
		Endpoint: endpoint, Status: status, TTLB: ttlb}
	c.NotAttributable = rapid.IntRange(0, 9).Draw(t, label+"na") == 0
	switch rapid.IntRange(0, 40).Draw(t, label+"bad") {
	case 0:
		c.TTLB = -time.Second
	case 1:
		c.Status = 150
	case 2:
		c.ReceivedAt = time.Time{}
	}
	return c
}

// genCalls draws calls after t0, in UTC.
func genCalls(t *rapid.T) []kpi.Call {
	return genCallsFrom(t, t0, 1, nil)
}

// genZones are the zones genScene draws instants in: the package keeps an
// instant's zone (doc.go, Instants), so every path must carry it alike.
var genZones = []*time.Location{time.UTC, time.FixedZone("UTC+4", 4*3600), time.FixedZone("UTC-9:30", -(9*3600 + 1800))}

// genCallsFrom draws calls after base (a zero base: one drawn by genBase),
// offsets divided by div, in one of zones (nil: UTC).
func genCallsFrom(t *rapid.T, base time.Time, div time.Duration, zones []*time.Location) []kpi.Call {
	n := rapid.IntRange(0, 60).Draw(t, "n")
	dense := rapid.Bool().Draw(t, "dense")
	if zones == nil {
		zones = []*time.Location{time.UTC}
	}
	calls := make([]kpi.Call, n)
	for i := range calls {
		calls[i] = genCall(t, "", dense, base, div, zones)
	}
	return calls
}

// scene is a generated input anywhere in time.Time's range: calls (in
// several zones unless UTC-only), the base they start at and the divisor
// of their offsets (genBase), and asOf.
type scene struct {
	calls []kpi.Call
	base  time.Time
	div   time.Duration
	asOf  time.Time
}

// genScene draws calls from genBase in genZones (UTC only if utc), and an
// asOf from an hour before base to 5 h after it, in any of genZones.
func genScene(t *rapid.T, utc bool) scene {
	zones := genZones
	if utc {
		zones = nil
	}
	base, div := genBase(t)
	calls := genCallsFrom(t, base, div, zones)
	asOf := shift(base, time.Duration(rapid.IntRange(-60, 300).Draw(t, "asOf"))*time.Minute/div)
	if !utc {
		asOf = asOf.In(rapid.SampledFrom(genZones).Draw(t, "asOfZone"))
	}
	return scene{calls: calls, base: base, div: div, asOf: asOf}
}

// genBase draws where generated calls start, and the divisor of their
// offsets: mostly t0 (an hour before a UTC midnight), else near the ends of
// time.Time's range or of Unix time, with nanoseconds that carry or borrow
// as genCall's half seconds are added. Near the last instant, base leaves
// room for genCall's ReceivedAt (up to 14 h after base) so that logged
// instants ReceivedAt + TTLB saturate (doc.go, Instants) but ReceivedAt
// does not; in the last second itself, offsets are divided by 10^6 (14 h
// become 50.4 ms) so that calls are received there and a logged instant
// that wrapped like time.Time.Add would land before its ReceivedAt.
func genBase(t *rapid.T) (time.Time, time.Duration) {
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	switch rapid.IntRange(0, 8).Draw(t, "base") {
	case 0: // negative Unix seconds, a nanosecond short of a second
		return time.Unix(-5, 999_999_990).UTC(), 1
	case 1: // before year 1: negative internal seconds
		return time.Date(-100, 3, 1, 0, 0, 0, 999_999_998, time.UTC), 1
	case 2: // the first instants (room for genCuts' 1000 h before base)
		return time.Unix(lo-unixToInternal+4_000_000, 999_999_990).UTC(), 1 // wraps, as time.Unix's own sum
	case 3: // the last instants
		return time.Unix(hi-unixToInternal-(840*60+100), 999_999_990).UTC(), 1
	case 4: // the last second (from 0.94 s: calls up to 0.991 s), compressed
		return time.Unix(hi-unixToInternal, 940_000_000).UTC(), 1e6
	}
	return t0, 1
}

// shift returns base + d saturated at the ends of time.Time's range
// (instant.add; time.Time.Add would wrap the nanoseconds there).
func shift(base time.Time, d time.Duration) time.Time {
	return instantOf(base).add(d).time(base.Location())
}

func genOptions(t *rapid.T) Options {
	return Options{
		Rule:                   rapid.SampledFrom([]Rule{Clock, Consecutive}).Draw(t, "rule"),
		ReceivedInstants:       rapid.Bool().Draw(t, "received"),
		ClientErrorsStopClock:  rapid.Bool().Draw(t, "4xxstop"),
		IdleSpan:               rapid.SampledFrom([]time.Duration{0, sec(5), sec(20), time.Minute, 5 * time.Minute}).Draw(t, "idle"),
		N:                      rapid.SampledFrom([]int{0, 1, 2, 3, 5, 6, 9}).Draw(t, "N"),
		Window:                 rapid.SampledFrom([]time.Duration{0, sec(10), time.Minute}).Draw(t, "W"),
		NoSpanCondition:        rapid.Bool().Draw(t, "nospan"),
		ServerErrorsAreReplies: rapid.Bool().Draw(t, "5xxreply"),
		LateRepliesAreReplies:  rapid.Bool().Draw(t, "latereply"),
		InterfaceWide:          rapid.Bool().Draw(t, "wide"),
	}
}

// streamOrder returns the indices of the good calls of one stream sorted
// by ReceivedAt, with ties in a random order (the tracker must not care).
func streamOrder(t *rapid.T, calls []kpi.Call, key string, o Options) []int {
	var idx []int
	for i := range calls {
		if kpi.Check(&calls[i]) == kpi.OK && o.streamKey(calls[i].Endpoint) == key {
			idx = append(idx, i)
		}
	}
	idx = rapid.Permutation(idx).Draw(t, "perm")
	slices.SortStableFunc(idx, func(a, b int) int { return calls[a].ReceivedAt.Compare(calls[b].ReceivedAt) })
	return idx
}

// streamKeys returns the stream keys of the good calls, sorted.
func streamKeys(calls []kpi.Call, o Options) []string {
	var keys []string
	for i := range calls {
		if kpi.Check(&calls[i]) == kpi.OK {
			keys = append(keys, o.streamKey(calls[i].Endpoint))
		}
	}
	slices.Sort(keys)
	return slices.Compact(keys)
}

// track runs a Tracker over the calls of one stream in the given order,
// collecting outages at random points, and finishes at asOf.
func track(t *rapid.T, calls []kpi.Call, order []int, asOf time.Time, o Options) []Outage {
	tr := NewTracker(o)
	var out []Outage
	for _, i := range order {
		if err := tr.Add(&calls[i], int64(i)); err != nil {
			t.Fatalf("Add(%d): %v", i, err)
		}
		if rapid.IntRange(0, 4).Draw(t, "collect") == 0 {
			out = tr.Outages(out)
		}
	}
	return tr.Finish(asOf, out)
}

func outagesOf(all []Outage, key string) []Outage {
	var out []Outage
	for _, o := range all {
		if o.Endpoint == key {
			out = append(out, o)
		}
	}
	return out
}

// genCuts draws a partition of all time used by genCall from t0 into spans.
func genCuts(t *rapid.T) []kpi.Interval { return genCutsFrom(t, t0, 1) }

// genCutsFrom draws a partition of all time used by genCall from base
// (offsets divided by div) into spans, the last one ending at the latest 1000 h after base or at the last
// instant time.Time holds (which it then holds: inSpan), with some
// nanoseconds off the grid.
func genCutsFrom(t *rapid.T, base time.Time, div time.Duration) []kpi.Interval {
	unit := rapid.SampledFrom([]time.Duration{time.Second, 10 * time.Second}).Draw(t, "cutunit")
	cuts := rapid.SliceOfNDistinct(rapid.IntRange(-120, 1200), 0, 12, rapid.ID[int]).Draw(t, "cuts")
	slices.Sort(cuts)
	bounds := []time.Time{shift(base, -1000*time.Hour/div)}
	for _, c := range cuts {
		bounds = append(bounds, shift(base, time.Duration(c)*unit/div+time.Duration(rapid.IntRange(0, 2).Draw(t, "cutns"))))
	}
	bounds = append(bounds, shift(base, 1000*time.Hour/div))
	var spans []kpi.Interval
	for i := 0; i+1 < len(bounds); i++ {
		if bounds[i+1].After(bounds[i]) { // saturated bounds collapse at the last instant
			spans = append(spans, kpi.Interval{Start: bounds[i], End: bounds[i+1]})
		}
	}
	return spans
}

// combineRandomly combines neighbouring segments of segs in a random order
// (a random binary tree), alternating Combine and in-place Merge in either
// direction.
func combineRandomly(t *rapid.T, segs []Segment) Segment {
	segs = slices.Clone(segs)
	for len(segs) > 1 {
		i := rapid.IntRange(0, len(segs)-2).Draw(t, "pair")
		a, b := segs[i], segs[i+1]
		var c Segment
		var err error
		switch rapid.IntRange(0, 2).Draw(t, "how") {
		case 0:
			c, err = Combine(a, b)
		case 1:
			c, err = Combine(b, a)
		case 2:
			c = b.Clone()
			err = c.Merge(&a)
		}
		if err != nil {
			t.Fatalf("combine: %v", err)
		}
		segs = slices.Replace(segs, i, i+2, c)
	}
	if len(segs) == 0 {
		return Segment{}
	}
	return segs[0]
}
