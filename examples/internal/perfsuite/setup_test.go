package perfsuite

import (
	"sync"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark/book"
)

// The setup the benchmarks and TestFamiliesDoNotAllocate share, so that
// the allocation test checks the state the benchmarks time.

var (
	dataOnce sync.Once
	data     *Data
)

// suiteData is generated once per test binary (about a second).
func suiteData() *Data {
	dataOnce.Do(func() { data = Generate(DefaultCalls) })
	return data
}

// The busiest endpoint's days that the one-endpoint-day families use.
const (
	mergeDayA = 2
	mergeDayB = 3 // also BenchmarkIngestDay's and BenchmarkSegment's day
)

// readyDays returns the endpoint-days of d after one warm-up pass (the
// per-second tables and the Histograms' pages have grown) and a Reset: the
// steady state of a week already under way.
func readyDays(tb testing.TB, d *Data) *Days {
	in := NewDays(d)
	for i := range d.Calls {
		if err := in.Add(&d.Calls[i], d.EP[i]); err != nil {
			tb.Fatal(err)
		}
	}
	in.Reset()
	return in
}

// trackers is one availability.Tracker per endpoint (AV-CLOCK), fed in
// ReceivedAt order; finished outages are collected every 4,096 calls.
type trackers struct {
	d    *Data
	trs  []*availability.Tracker
	out  []availability.Outage
	asOf time.Time
}

// readyTrackers returns the trackers after one warm-up pass (buffers have
// grown) and a finish.
func readyTrackers(tb testing.TB, d *Data) *trackers {
	t := &trackers{d: d, asOf: d.AsOf()}
	for range d.Endpoints {
		t.trs = append(t.trs, availability.NewTracker(availability.Options{}))
	}
	for i := range d.Calls {
		if err := t.add(i); err != nil {
			tb.Fatal(err)
		}
	}
	t.finish()
	return t
}

// add adds call i to its endpoint's tracker.
func (t *trackers) add(i int) error {
	err := t.trs[t.d.EP[i]].Add(&t.d.Calls[i], int64(i))
	if i%4096 == 0 {
		for _, tr := range t.trs {
			t.out = tr.Outages(t.out[:0])
		}
	}
	return err
}

// finish ends the data's week: every tracker is finished and reset.
func (t *trackers) finish() {
	for _, tr := range t.trs {
		t.out = tr.Finish(t.asOf, t.out[:0])
		tr.Reset()
	}
}

// ingestDay returns endpoint ep's book.EndpointDay fed calls (a warm-up
// pass) and reset.
func ingestDay(tb testing.TB, ep int, calls []kpi.Call) *book.EndpointDay {
	e := filled(tb, ep, calls)
	e.Reset()
	return e
}

// filled returns endpoint ep's book.EndpointDay holding calls.
func filled(tb testing.TB, ep int, calls []kpi.Call) *book.EndpointDay {
	e := suiteData().NewEndpointDay(ep)
	for i := range calls {
		if err := e.Add(&calls[i]); err != nil {
			tb.Fatal(err)
		}
	}
	return &e
}

// mergePair returns the endpoint-days of the busiest endpoint on days
// mergeDayA and mergeDayB, ready for a Merge (whole or MergeCore) that
// allocates nothing: the receiver has already taken two Merges of the
// argument (the Histogram's pages, the Throughput table's room).
func mergePair(tb testing.TB) (a, o *book.EndpointDay) {
	d := suiteData()
	ep := d.Busiest()
	a, o = filled(tb, ep, d.EndpointDay(ep, mergeDayA)), filled(tb, ep, d.EndpointDay(ep, mergeDayB))
	for range 2 {
		if err := a.Merge(o); err != nil {
			tb.Fatal(err)
		}
	}
	return a, o
}

// hourSegments summarises the busiest endpoint's day mergeDayB into 24
// hourly AV-MERGE-1 segments (and returns the whole day's, for the test).
func hourSegments(tb testing.TB) (segs []availability.Segment, whole availability.Segment) {
	d := suiteData()
	ep := d.Busiest()
	var calls []kpi.Call
	var ids []int64
	for i := range d.Calls {
		if int(d.EP[i]) == ep {
			calls = append(calls, d.Calls[i])
			ids = append(ids, int64(i))
		}
	}
	day := d.First + mergeDayB
	start := d.Cal.Start(day)
	for h := range 24 {
		span := kpi.Interval{Start: start.Add(time.Duration(h) * time.Hour), End: start.Add(time.Duration(h+1) * time.Hour)}
		s, err := availability.Summarize(calls, ids, d.Endpoints[ep], span, availability.Options{})
		if err != nil {
			tb.Fatal(err)
		}
		segs = append(segs, s)
	}
	whole, err := availability.Summarize(calls, ids, d.Endpoints[ep], d.Cal.Day(day), availability.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return segs, whole
}

// hourTotals is the baseline of BenchmarkSegment: the plain totals of the
// same endpoint-day, one per hour.
func hourTotals() []EndpointTotals {
	d := suiteData()
	start := d.Cal.Start(d.First + mergeDayB).UnixNano()
	hours := make([]EndpointTotals, 24)
	for _, r := range d.EndpointDayRecords(d.Busiest(), mergeDayB) {
		var b Baseline
		b.Add(&r)
		hours[(r.ReceivedAt-start)/int64(time.Hour)].Merge(&b.EP[r.Endpoint])
	}
	return hours
}

// dayTotals is the baseline of BenchmarkMerge: the plain totals of the
// busiest endpoint on day.
func dayTotals(day int) EndpointTotals {
	d := suiteData()
	var b Baseline
	recs := d.EndpointDayRecords(d.Busiest(), day)
	for i := range recs {
		b.Add(&recs[i])
	}
	return b.EP[d.Busiest()]
}
