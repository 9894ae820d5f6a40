package main

import (
	"slices"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

// scopeFn combines the calls of one endpoint-day into a daily.Scope: the
// library's accumulators (errorrate.Counter, volumes.Daily,
// performance.Stats, Throughput, PIPS). MergeAccumulators is their Merge,
// which is associative and commutative with the zero value as identity,
// so the engine may add and merge in any grouping and order.
type scopeFn struct {
	Payments []string // the payment catalogue (Max PIPS)
	set      map[string]bool
}

func (fn *scopeFn) Setup() { fn.set = daily.PaymentSet(fn.Payments) }

func (fn *scopeFn) CreateAccumulator() scopeAcc { return scopeAcc{S: &daily.Scope{}} }

func (fn *scopeFn) AddInput(a scopeAcc, c kpi.Call) scopeAcc {
	// Every call of a key has the same endpoint: the flag is the key's.
	a.S.Payment = a.S.Payment || fn.set[c.Endpoint]
	a.S.Add(&c)
	return a
}

func (fn *scopeFn) MergeAccumulators(a, b scopeAcc) (scopeAcc, error) {
	err := a.S.Merge(b.S)
	return a, err
}

func (fn *scopeFn) ExtractOutput(a scopeAcc) scopeAcc { return a }

// mergeScopeFn joins the partial scopes of an endpoint-day (one per
// fan-out sub-key): AddInput and MergeAccumulators are both the library's
// Merge, called in whatever grouping and order the engine picks.
type mergeScopeFn struct{}

func (fn *mergeScopeFn) CreateAccumulator() scopeAcc { return scopeAcc{S: &daily.Scope{}} }

func (fn *mergeScopeFn) AddInput(a, part scopeAcc) (scopeAcc, error) {
	err := a.S.Merge(part.S)
	return a, err
}

func (fn *mergeScopeFn) MergeAccumulators(a, b scopeAcc) (scopeAcc, error) {
	err := a.S.Merge(b.S)
	return a, err
}

func (fn *mergeScopeFn) ExtractOutput(a scopeAcc) scopeAcc { return a }

// segAcc is the accumulator of one endpoint's availability: its segments
// (availability.Segment, AV-MERGE-1) sorted by span, neighbours (one's end
// is the next one's start) merged as soon as both are there.
//
// Segment.Merge combines any two segments whose spans are disjoint, but
// combining two that are not neighbours asserts that no call of the stream
// falls between them: true only once every segment of the endpoint has
// been seen. A combiner sees its inputs in an order the engine chooses, so
// it merges neighbours only, and ExtractOutput, which runs after every
// input has been added, combines what is left in span order.
type segAcc struct{ Runs []availability.Segment }

func runCmp(a, b availability.Segment) int { return a.Span().Start.Compare(b.Span().Start) }

// add inserts s (which a does not own: it is cloned) and merges it with
// its neighbours.
func (a *segAcc) add(s *availability.Segment) error {
	i, _ := slices.BinarySearchFunc(a.Runs, *s, runCmp)
	a.Runs = slices.Insert(a.Runs, i, s.Clone())
	if i+1 < len(a.Runs) && a.Runs[i].Span().End.Equal(a.Runs[i+1].Span().Start) {
		if err := a.Runs[i].Merge(&a.Runs[i+1]); err != nil {
			return err
		}
		a.Runs = slices.Delete(a.Runs, i+1, i+2)
	}
	if i > 0 && a.Runs[i-1].Span().End.Equal(a.Runs[i].Span().Start) {
		if err := a.Runs[i-1].Merge(&a.Runs[i]); err != nil {
			return err
		}
		a.Runs = slices.Delete(a.Runs, i, i+1)
	}
	return nil
}

// segFn combines the segments of one endpoint into one Segment.
type segFn struct{}

func (fn *segFn) CreateAccumulator() segAcc { return segAcc{} }

func (fn *segFn) AddInput(a segAcc, s availability.Segment) (segAcc, error) {
	err := a.add(&s)
	return a, err
}

func (fn *segFn) MergeAccumulators(a, b segAcc) (segAcc, error) {
	for i := range b.Runs {
		if err := a.add(&b.Runs[i]); err != nil {
			return a, err
		}
	}
	return a, nil
}

func (fn *segFn) ExtractOutput(a segAcc) (availability.Segment, error) {
	var out availability.Segment
	for i := range a.Runs {
		if err := out.Merge(&a.Runs[i]); err != nil {
			return availability.Segment{}, err
		}
	}
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
