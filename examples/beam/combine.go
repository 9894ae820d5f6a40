package main

import (
	"context"
	"slices"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark/book"
	"github.com/openfinance-kpi/kpi/performance"
)

// dayAcc is the accumulator of an endpoint-day, or of a date's
// endpoint-days merged for its interface row: book.EndpointDay, every
// per-call accumulator of the library the row reads. Its coder is the
// EndpointDay's binary encoding.
type dayAcc struct{ D *book.EndpointDay }

// empty reports whether a holds no call.
func (a dayAcc) empty() bool { return a.D == nil || a.D.Calls() == 0 }

// newDayAcc returns an empty accumulator with the configuration's
// performance options (book.Config.Performance).
func newDayAcc(perf performance.Options) dayAcc {
	d := book.NewEndpointDay(perf, false)
	return dayAcc{D: &d}
}

// dayFn combines the calls of one endpoint-day (one fan-out sub-key of it)
// into a book.EndpointDay: AddInput is its Add, MergeAccumulators its
// Merge, which is associative and commutative with the empty endpoint-day
// as identity, so the engine may add and merge in any grouping and order.
type dayFn struct {
	Cfg      Config
	perf     performance.Options
	payments map[string]bool
}

func (fn *dayFn) Setup() error {
	st, err := fn.Cfg.settings()
	if err != nil {
		return err
	}
	fn.perf = st.Config().Performance
	fn.payments = make(map[string]bool)
	for _, id := range st.Profile.PaymentEndpoints {
		fn.payments[id] = true
	}
	return nil
}

func (fn *dayFn) CreateAccumulator() dayAcc { return newDayAcc(fn.perf) }

// AddInput adds c. parseFn lets only checked calls through (daily.ParseRow
// runs kpi.Check, and keeps the years 1678 to 2261), so Add refuses none.
func (fn *dayFn) AddInput(a dayAcc, c kpi.Call) (dayAcc, error) {
	// Every call of a key has the same endpoint: the flag is the key's.
	a.D.Payment = a.D.Payment || fn.payments[c.Endpoint]
	return a, a.D.Add(&c)
}

func (fn *dayFn) MergeAccumulators(a, b dayAcc) (dayAcc, error) {
	return a, a.D.Merge(b.D)
}

func (fn *dayFn) ExtractOutput(a dayAcc) dayAcc { return a }

// mergeDayFn joins whole endpoint-days: the partial endpoint-days of an
// endpoint-day (one per fan-out sub-key), or the endpoint-days of a date
// for its interface row. AddInput and MergeAccumulators are both
// EndpointDay.Merge, called in whatever grouping and order the engine
// picks; each join of two non-empty endpoint-days counts in the counter
// kpi/Counter, so a test can see that the engine itself ran the library's
// Merge.
type mergeDayFn struct {
	Cfg     Config
	Counter string
	perf    performance.Options
	joins   beam.Counter
}

func (fn *mergeDayFn) Setup() error {
	st, err := fn.Cfg.settings()
	if err != nil {
		return err
	}
	fn.perf = st.Config().Performance
	fn.joins = beam.NewCounter("kpi", fn.Counter)
	return nil
}

func (fn *mergeDayFn) CreateAccumulator() dayAcc { return newDayAcc(fn.perf) }

func (fn *mergeDayFn) AddInput(ctx context.Context, a, part dayAcc) (dayAcc, error) {
	return fn.MergeAccumulators(ctx, a, part)
}

func (fn *mergeDayFn) MergeAccumulators(ctx context.Context, a, b dayAcc) (dayAcc, error) {
	if !a.empty() && !b.empty() {
		fn.joins.Inc(ctx, 1)
	}
	return a, a.D.Merge(b.D)
}

func (fn *mergeDayFn) ExtractOutput(a dayAcc) dayAcc { return a }

// segAcc is the accumulator of one endpoint's availability: its segments
// (availability.Segment, AV-MERGE-1) sorted by span, neighbours (one's end
// is the next one's start) merged as soon as both are there.
//
// Segment.Merge combines any two segments whose spans are disjoint, but
// combining two that are not neighbours asserts that no call of the stream
// falls between them: true only once every segment of the endpoint has
// been seen. A combiner sees its inputs in an order the engine chooses, so
// it merges neighbours only, and mergeSegFn's ExtractOutput, which runs
// after every segment of the endpoint is in, combines what is left in span
// order.
type segAcc struct{ Runs []availability.Segment }

func runCmp(a, b availability.Segment) int { return a.Span().Start.Compare(b.Span().Start) }

// add inserts s (which a does not own: it is cloned) and merges it with
// its neighbours; it returns how many Segment.Merge calls joined two
// segments.
func (a *segAcc) add(s *availability.Segment) (int, error) {
	joins := 0
	i, _ := slices.BinarySearchFunc(a.Runs, *s, runCmp)
	a.Runs = slices.Insert(a.Runs, i, s.Clone())
	if i+1 < len(a.Runs) && a.Runs[i].Span().End.Equal(a.Runs[i+1].Span().Start) {
		if err := a.Runs[i].Merge(&a.Runs[i+1]); err != nil {
			return joins, err
		}
		a.Runs = slices.Delete(a.Runs, i+1, i+2)
		joins++
	}
	if i > 0 && a.Runs[i-1].Span().End.Equal(a.Runs[i].Span().Start) {
		if err := a.Runs[i-1].Merge(&a.Runs[i]); err != nil {
			return joins, err
		}
		a.Runs = slices.Delete(a.Runs, i, i+1)
		joins++
	}
	return joins, nil
}

// merge adds b's runs to a.
func (a *segAcc) merge(b *segAcc) (int, error) {
	joins := 0
	for i := range b.Runs {
		n, err := a.add(&b.Runs[i])
		if joins += n; err != nil {
			return joins, err
		}
	}
	return joins, nil
}

// segFn combines the segments of one endpoint that share a fan-out
// sub-key into runs (segAcc).
type segFn struct{}

func (fn *segFn) CreateAccumulator() segAcc { return segAcc{} }

func (fn *segFn) AddInput(a segAcc, s availability.Segment) (segAcc, error) {
	_, err := a.add(&s)
	return a, err
}

func (fn *segFn) MergeAccumulators(a, b segAcc) (segAcc, error) {
	_, err := a.merge(&b)
	return a, err
}

func (fn *segFn) ExtractOutput(a segAcc) segAcc { return a }

// mergeSegFn joins the runs of an endpoint's sub-keys and combines them
// into one Segment: AddInput, MergeAccumulators and ExtractOutput all join
// segments with the library's Segment.Merge, each join counted in
// kpi/segment_joins.
type mergeSegFn struct{ joins beam.Counter }

func (fn *mergeSegFn) Setup() { fn.joins = beam.NewCounter("kpi", "segment_joins") }

func (fn *mergeSegFn) CreateAccumulator() segAcc { return segAcc{} }

func (fn *mergeSegFn) AddInput(ctx context.Context, a, part segAcc) (segAcc, error) {
	return fn.MergeAccumulators(ctx, a, part)
}

func (fn *mergeSegFn) MergeAccumulators(ctx context.Context, a, b segAcc) (segAcc, error) {
	n, err := a.merge(&b)
	fn.joins.Inc(ctx, int64(n))
	return a, err
}

func (fn *mergeSegFn) ExtractOutput(ctx context.Context, a segAcc) (availability.Segment, error) {
	var out availability.Segment
	for i := range a.Runs {
		if err := out.Merge(&a.Runs[i]); err != nil {
			return availability.Segment{}, err
		}
	}
	fn.joins.Inc(ctx, int64(max(0, len(a.Runs)-1)))
	return out, nil
}

// bounds is the first and last received_at of the input (Unix
// nanoseconds), which fix the report's days and the default -asof.
type bounds struct {
	Has         bool
	First, Last int64
}

// boundsFn combines instants into their bounds.
type boundsFn struct{}

func (fn *boundsFn) CreateAccumulator() bounds { return bounds{} }

func (fn *boundsFn) AddInput(a bounds, ns int64) bounds {
	return fn.MergeAccumulators(a, bounds{Has: true, First: ns, Last: ns})
}

func (fn *boundsFn) MergeAccumulators(a, b bounds) bounds {
	switch {
	case !b.Has:
		return a
	case !a.Has:
		return b
	}
	return bounds{Has: true, First: min(a.First, b.First), Last: max(a.Last, b.Last)}
}

func (fn *boundsFn) ExtractOutput(a bounds) bounds { return a }
