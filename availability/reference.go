package availability

import (
	"cmp"
	"slices"
	"sort"
	"time"

	"github.com/openfinance-kpi/kpi"
)

// Reference derives every outage from a batch of calls: the obvious
// transcription of the rules, written to be read, against which the Tracker
// and Segments are tested. Calls may be in any order and of any endpoints.
// Evidence IDs are the calls' indices in calls.
//
// Rule AV-CLOCK-1: per stream, downtime = ∪ over failures f of
// [t(f), s(f)), where s(f) is the first instant at or after t(f) at which a
// success was logged (AV-CLOCK-2 instants, AV-CLOCK-4/5 roles). A failure
// with no such success runs to asOf (AV-CLOCK-3).
//
// Rule AV-CONSEC-1: per stream, the calls in walk order (ReceivedAt, then
// endpoint, status, TTLB); each run of unanswered calls between successes
// (skipped calls ignored) is down from the first call of its first window
// of N calls with last − first ≤ W, until ReceivedAt + TTLB of the success
// that ends the run (or asOf).
//
// The result is sorted by (Endpoint, Start); overlapping or touching
// intervals of a stream are merged (see Outage). Bad calls are left out and
// listed in the returned *kpi.InputError; invalid options return their
// error and no outages. asOf is never an error: an open clock runs to
// asOf, or holds no downtime if asOf is not after its start; closed outages
// are never cut.
func Reference(calls []kpi.Call, asOf time.Time, opts Options) ([]Outage, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	o := opts.normalized()
	inputErr := kpi.CheckCalls(calls)
	// Wall-clock instants only (package doc, Instants): the Tracker
	// compares integers that ignore monotonic clock readings.
	calls, asOf = wallCalls(calls), wall(asOf)

	streams := map[string][]int{}
	for i := range calls {
		if kpi.Check(&calls[i]) != kpi.OK {
			continue
		}
		key := o.streamKey(calls[i].Endpoint)
		streams[key] = append(streams[key], i)
	}
	keys := make([]string, 0, len(streams))
	for k := range streams {
		keys = append(keys, k)
	}
	sort.Strings(keys)

	var out []Outage
	for _, key := range keys {
		idx := streams[key]
		var raws []Outage
		if o.Rule == Clock {
			raws = referenceClock(calls, idx, key, asOf, &o)
		} else {
			raws = referenceConsec(calls, idx, key, asOf, &o)
		}
		out = append(out, referenceMerge(raws)...)
	}
	return out, inputErr
}

type instantEvidence struct {
	at time.Time
	ev Evidence
}

// byInstantThenID orders evidence by instant, then by ID (ties at one
// instant resolve to the lowest ID, whatever the input order).
func byInstantThenID(a, b instantEvidence) int {
	if c := a.at.Compare(b.at); c != 0 {
		return c
	}
	return cmp.Compare(a.ev.ID, b.ev.ID)
}

// referenceClock returns the AV-CLOCK-1 intervals of one stream, in order
// of start.
func referenceClock(calls []kpi.Call, idx []int, key string, asOf time.Time, o *Options) []Outage {
	var failures, successes []instantEvidence
	for _, i := range idx {
		c := &calls[i]
		t := clockInstant(c, o)
		ev := Evidence{Kind: Call, At: t, Endpoint: c.Endpoint, ID: int64(i)}
		switch clockRoleOf(c, o) {
		case clockFail:
			failures = append(failures, instantEvidence{t, ev})
		case clockStop:
			successes = append(successes, instantEvidence{t, ev})
		}
	}
	slices.SortFunc(successes, byInstantThenID)
	slices.SortFunc(failures, byInstantThenID)

	// Every failure's interval [t(f), s(f)); intervals that share s(f) form
	// one maximal interval, and intervals with different s(f) are disjoint
	// (if s(f1) < s(f2), the success at s(f1) is before t(f2)).
	type group struct {
		opener Evidence
		seen   bool
	}
	groups := make([]group, len(successes)+1) // index len(successes): no success (open)
	for _, f := range failures {
		j := sort.Search(len(successes), func(j int) bool { return !successes[j].at.Before(f.at) })
		if j < len(successes) && successes[j].at.Equal(f.at) {
			continue // a success at the same instant: [t, t) is empty
		}
		if !groups[j].seen { // failures are sorted: the first one seen opens the group
			groups[j] = group{opener: f.ev, seen: true}
		}
	}
	arrivals := receivedInstants(calls, idx)
	var out []Outage
	for j, g := range groups {
		if !g.seen {
			continue
		}
		r := Outage{Endpoint: key, Start: g.opener.At, Opened: g.opener}
		if j < len(successes) {
			r.End, r.Closed = successes[j].at, successes[j].ev
			r.Idle = longestGap(r.Start, arrivals, r.End, false) > o.IdleSpan
		} else {
			r.End, r.Ongoing = laterOf(asOf, r.Start), true
			r.Closed = Evidence{Kind: ObservationEnd, At: asOf}
			r.Idle = longestGap(r.Start, arrivals, asOf, true) > o.IdleSpan
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b Outage) int { return a.Start.Compare(b.Start) })
	return out
}

// referenceConsec returns the AV-CONSEC-1 intervals of one stream, one per
// run of unanswered calls that holds a series, in walk order.
func referenceConsec(calls []kpi.Call, idx []int, key string, asOf time.Time, o *Options) []Outage {
	walk := slices.Clone(idx)
	slices.SortFunc(walk, func(a, b int) int {
		ca, cb := &calls[a], &calls[b]
		return walkCmp(ca.ReceivedAt, cb.ReceivedAt, ca.Endpoint, cb.Endpoint,
			ca.Status, cb.Status, ca.TTLB, cb.TTLB, int64(a), int64(b))
	})
	var rel []int // unanswered calls and successes, in walk order
	for _, i := range walk {
		if consecRoleOf(&calls[i], o) != consecSkip {
			rel = append(rel, i)
		}
	}
	arrivals := receivedInstants(calls, idx)
	var out []Outage
	for i := 0; i < len(rel); {
		j := i // the run of unanswered calls is rel[i:j]; rel[j] is the success after it, if any
		for j < len(rel) && consecRoleOf(&calls[rel[j]], o) == consecUnanswered {
			j++
		}
		for k := i; k+o.N <= j; k++ { // the first window of N that fits
			first, last := &calls[rel[k]], &calls[rel[k+o.N-1]]
			if !o.NoSpanCondition && last.ReceivedAt.Sub(first.ReceivedAt) > o.Window {
				continue
			}
			r := Outage{Endpoint: key, Start: first.ReceivedAt,
				Opened: Evidence{Kind: Call, At: first.ReceivedAt, Endpoint: first.Endpoint, ID: int64(rel[k])}}
			if j < len(rel) {
				s := &calls[rel[j]]
				r.End = loggedAt(s.ReceivedAt, s.TTLB)
				r.Closed = Evidence{Kind: Call, At: r.End, Endpoint: s.Endpoint, ID: int64(rel[j])}
				r.Idle = longestGap(r.Start, arrivals, s.ReceivedAt, false) > o.IdleSpan
			} else {
				r.End, r.Ongoing = laterOf(asOf, r.Start), true
				r.Closed = Evidence{Kind: ObservationEnd, At: asOf}
				r.Idle = longestGap(r.Start, arrivals, asOf, true) > o.IdleSpan
			}
			out = append(out, r)
			break
		}
		i = j + 1
	}
	return out
}

// referenceMerge merges overlapping or touching intervals, given in order
// of start (see Outage).
func referenceMerge(raws []Outage) []Outage {
	var out []Outage
	for _, r := range raws {
		if n := len(out); n > 0 && !r.Start.After(out[n-1].End) {
			last := &out[n-1]
			if !r.End.Before(last.End) {
				last.End, last.Closed = r.End, r.Closed
			}
			last.Ongoing = last.Ongoing || r.Ongoing
			last.Idle = last.Idle || r.Idle
			continue
		}
		out = append(out, r)
	}
	return out
}

// receivedInstants returns the sorted ReceivedAt of every call of the
// stream (any class, any attribution): the instants at which a call reached
// it (AV-CLOCK-6).
func receivedInstants(calls []kpi.Call, idx []int) []time.Time {
	ts := make([]time.Time, len(idx))
	for k, i := range idx {
		ts[k] = calls[i].ReceivedAt
	}
	slices.SortFunc(ts, time.Time.Compare)
	return ts
}

// longestGap is the AV-CLOCK-6 measure: the longest stretch without a call
// between start and end, over the points start, every arrival after start
// (before end, unless open), and end. For an open outage every later arrival
// counts and end (asOf) comes last. arrivals is sorted.
func longestGap(start time.Time, arrivals []time.Time, end time.Time, open bool) time.Duration {
	first := sort.Search(len(arrivals), func(i int) bool { return arrivals[i].After(start) })
	points := []time.Time{start}
	for _, a := range arrivals[first:] {
		if !open && !a.Before(end) {
			break
		}
		points = append(points, a)
	}
	points = append(points, end)
	var longest time.Duration
	for k := 1; k < len(points); k++ {
		if d := points[k].Sub(points[k-1]); d > longest {
			longest = d
		}
	}
	return longest
}

func laterOf(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
