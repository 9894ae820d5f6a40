package performance

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"pgregory.net/rapid"
)

// Properties of Stats (Rules PF-AVG-1, PF-AVG-2, PF-PAGE-1, PF-MB-1,
// PF-MAX-1, PF-THR-1): the accumulator equals the reference on any input,
// any split, any merge order; Merge is associative and commutative with the
// zero value as identity and leaves its argument unchanged.

func TestPropStatsEqualsReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		calls := genCalls(t, "")
		opts := genOptions(t)
		s := statsOf(opts, calls)
		// The bad calls, by index and reason, straight from kpi.Check.
		var badIdx []int
		var byReason kpi.Rejections[kpi.Reason]
		for i := range calls {
			if r := kpi.Check(&calls[i]); r != kpi.OK {
				badIdx = append(badIdx, i)
				byReason.Add(r)
			}
		}
		for _, b := range []Basis{Responded, Only2xx} {
			ref, err := Reference(calls, opts, b)
			var got []int
			var ie *kpi.InputError
			if errors.As(err, &ie) {
				for _, ce := range ie.Calls {
					got = append(got, ce.Index)
				}
			} else if err != nil {
				t.Fatalf("reference error %v is not an *kpi.InputError", err)
			}
			if !slices.Equal(got, badIdx) {
				t.Fatalf("reference names bad calls %v, want %v", got, badIdx)
			}
			if got := s.Figures(b); !got.Equal(ref) {
				t.Fatalf("basis %v:\nstats     %+v\nreference %+v", b, got, ref)
			}
		}
		bad := len(badIdx)
		rej := s.Rejections()
		if rej != byReason {
			t.Fatalf("rejected by reason %v, want %v", rej, byReason)
		}
		if rej.Total() != uint64(bad) || s.Calls()+rej.Total() != uint64(len(calls)) {
			t.Fatalf("rejected %d, bad %d, calls %d of %d", rej.Total(), bad, s.Calls(), len(calls))
		}
	})
}

func TestPropStatsAnySplitAnyMergeOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		calls := genCalls(t, "")
		opts := genOptions(t)
		whole := statsOf(opts, calls)
		parts := split(t, calls)
		states := make([]Stats, len(parts))
		for i, p := range parts {
			states[i] = statsOf(opts, p)
		}
		var got Stats // the zero value, whatever opts is
		for _, i := range order(t, len(states)) {
			arg := states[i]
			if err := got.Merge(&states[i]); err != nil {
				t.Fatal(err)
			}
			if states[i] != arg {
				t.Fatal("Merge changed its argument")
			}
		}
		if whole.Empty() {
			got.opts = whole.opts // no call accepted: the zero value kept its own Options
		}
		if got != whole {
			t.Fatalf("merged %+v\nwhole  %+v", got, whole)
		}
	})
}

func TestPropStatsMergeAlgebra(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		opts := genOptions(t)
		a := statsOf(opts, genCalls(t, "a"))
		b := statsOf(opts, genCalls(t, "b"))
		c := statsOf(opts, genCalls(t, "c"))
		merge := func(x, y Stats) Stats {
			if err := x.Merge(&y); err != nil {
				t.Fatal(err)
			}
			return x
		}
		if merge(merge(a, b), c) != merge(a, merge(b, c)) {
			t.Fatal("not associative")
		}
		if merge(a, b) != merge(b, a) {
			t.Fatal("not commutative")
		}
		var zero Stats
		if merge(zero, a) != a && !a.Empty() {
			t.Fatal("zero is not a left identity")
		}
		if merge(a, zero) != a {
			t.Fatal("zero is not a right identity")
		}
		if merge(a, NewStats(Options{PageSize: 3})) != a {
			t.Fatal("an empty Stats with other Options is not a right identity")
		}
		r := a
		r.Reset()
		if r != NewStats(opts) {
			t.Fatal("Reset did not keep the Options")
		}
	})
}

// Rule PF-AVG-2: the group average equals the reference on the pooled
// calls, for any grouping.
func TestPropGroupEqualsReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		calls := genCalls(t, "")
		parts := split(t, calls)
		members := make([]*Stats, len(parts))
		for i, p := range parts {
			s := statsOf(genOptions(t), p) // options may differ per member
			members[i] = &s
		}
		b := rapid.SampledFrom([]Basis{Responded, Only2xx}).Draw(t, "basis")
		want, _ := ReferencePooledAvgTTLBMs(parts, b)
		if got := PooledAvgTTLBMs(members, b); !got.Equal(want) {
			t.Fatalf("group %v, reference %v", got, want)
		}
	})
}

// Rules PF-PCTL-1 and RG-P95-1: any sample, any q: the estimate is within
// x/128 of the exact quantile x (or the exact max past the range).

func genDurations(t *rapid.T) []time.Duration {
	n := rapid.IntRange(1, 300).Draw(t, "n")
	ds := make([]time.Duration, n)
	for i := range ds {
		switch rapid.IntRange(0, 9).Draw(t, "kind") {
		case 0:
			ds[i] = time.Duration(rapid.Int64Range(0, 300).Draw(t, "small"))
		case 1:
			ds[i] = time.Duration(rapid.Int64Range(int64(HistogramRange)-1000, int64(HistogramRange)+1000).Draw(t, "edge"))
		case 2:
			ds[i] = time.Duration(rapid.Int64Range(0, 1<<62).Draw(t, "huge"))
		default:
			e := rapid.IntRange(0, 40).Draw(t, "exp")
			ds[i] = time.Duration(rapid.Int64Range(0, 1<<e).Draw(t, "log"))
		}
	}
	return ds
}

func histogramOf(ds []time.Duration) Histogram {
	var h Histogram
	for _, d := range ds {
		_ = h.Add(d)
	}
	return h
}

func TestPropHistogramWithinBound(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := genDurations(t)
		h := histogramOf(ds)
		qs := []float64{0, 0.5, 0.9, 0.95, 0.99, 1, rapid.Float64Range(0, 1).Draw(t, "q")}
		for _, q := range qs {
			x, ok := ExactQuantile(ds, q)
			if !ok {
				t.Fatal("exact quantile missing")
			}
			e, ok := h.Quantile(q)
			if !ok {
				t.Fatal("estimate missing")
			}
			checkBound(t, q, x, e, slices.Max(ds))
		}
	})
}

// checkBound is the documented bound: 128·|e − x| <= x below the range;
// past it, the exact max (or x itself, when its rank is 1: the exact min).
func checkBound(t interface{ Fatalf(string, ...any) }, q float64, x, e, maxD time.Duration) {
	if x >= HistogramRange {
		if e != maxD && e != x {
			t.Fatalf("q=%v: x=%d past the range, got %d, want the max %d", q, x, e, maxD)
		}
		return
	}
	diff := e - x
	if diff < 0 {
		diff = -diff
	}
	if 128*uint64(diff) > uint64(x) {
		t.Fatalf("q=%v: estimate %d, exact %d: error %d > x/128", q, e, x, diff)
	}
}

func TestPropHistogramAnySplitAnyMergeOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ds := genDurations(t)
		whole := histogramOf(ds)
		parts := split(t, ds)
		hs := make([]Histogram, len(parts))
		for i, p := range parts {
			hs[i] = histogramOf(p)
		}
		var got Histogram
		for _, i := range order(t, len(hs)) {
			arg := hs[i].Clone()
			got.Merge(&hs[i])
			if !hs[i].Equal(&arg) {
				t.Fatal("Merge changed its argument")
			}
		}
		if !got.Equal(&whole) {
			t.Fatal("merged histogram differs from the whole")
		}
		var zero Histogram
		got.Merge(&zero)
		if !got.Equal(&whole) {
			t.Fatal("zero is not a right identity")
		}
		zero.Merge(&whole)
		if !zero.Equal(&whole) {
			t.Fatal("zero is not a left identity")
		}
		// Reset keeps the pages, zeroed: equal to the zero value, and the
		// same calls again give the same histogram without allocating.
		got.Reset()
		if !got.Equal(&Histogram{}) {
			t.Fatal("reset is not empty")
		}
		for _, d := range ds {
			_ = got.Add(d)
		}
		if !got.Equal(&whole) {
			t.Fatal("reset then refill differs from the whole")
		}
	})
}

// Rule PF-TPS-1: Throughput and PIPS equal their references on calls in
// any order, any split, any merge order.

func genTPSCalls(t *rapid.T) []kpi.Call {
	n := rapid.IntRange(0, 400).Draw(t, "n")
	span := rapid.SampledFrom([]int64{1, 3, 60, 1000, 100_000}).Draw(t, "span") // seconds
	calls := make([]kpi.Call, n)
	for i := range calls {
		at := time.Duration(rapid.Int64Range(0, span*1000-1).Draw(t, "ms")) * time.Millisecond
		calls[i] = call(at, rapid.SampledFrom(statuses).Draw(t, "status"), time.Millisecond)
		switch rapid.IntRange(0, 40).Draw(t, "odd") {
		case 0:
			calls[i].Status = 100 // bad input
		case 1:
			calls[i].ReceivedAt = time.Date(3100, 1, 1, 0, 0, 0, 0, time.UTC) // out of range
		case 2:
			calls[i].ReceivedAt = time.Date(1969, 12, 31, 23, 59, 59, 500, time.UTC) // before the epoch
		}
	}
	if rapid.Bool().Draw(t, "sorted") {
		slices.SortFunc(calls, func(a, b kpi.Call) int { return a.ReceivedAt.Compare(b.ReceivedAt) })
	}
	return calls
}

func throughputOf(calls []kpi.Call) Throughput {
	var tp Throughput
	for i := range calls {
		_ = tp.Add(&calls[i])
	}
	return tp
}

func throughputFigures(tp *Throughput) ThroughputFigures {
	peak, at, _ := tp.PeakAt()
	return ThroughputFigures{Calls: tp.Calls(), Responded: tp.Responded(), Peak: peak, PeakAt: at}
}

func TestPropThroughputEqualsReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		calls := genTPSCalls(t)
		tp := throughputOf(calls)
		want, _ := ReferenceThroughput(calls)
		if got := throughputFigures(&tp); got != want {
			t.Fatalf("throughput %+v, reference %+v", got, want)
		}
		rej := tp.Rejections()
		if tp.Calls()+rej.Total()+tp.OutOfRange() != uint64(len(calls)) {
			t.Fatal("a call was dropped silently")
		}
		checkCanonical(t, &tp.sec)
	})
}

// checkCanonical checks the table invariant after settle: blocks sorted
// by base and non-empty, entries sorted, and at most one non-full entry
// per second, before the full ones.
func checkCanonical(t interface{ Fatalf(string, ...any) }, p *perSecond) {
	p.settle()
	var sum uint64
	for bi, b := range p.b {
		if len(b.e) == 0 || int(b.sorted) != len(b.e) {
			t.Fatalf("block %d: empty or unsorted", bi)
		}
		if bi > 0 && p.b[bi-1].base >= b.base {
			t.Fatalf("block %d out of order", bi)
		}
		for i, e := range b.e {
			sum += uint64(entryCount(e))
			if entryCount(e) == 0 {
				t.Fatalf("entry %d has count 0", i)
			}
			if i > 0 && b.e[i-1] > e {
				t.Fatalf("entry %d out of order", i)
			}
			if i > 0 && entrySec(b.e[i-1]) == entrySec(e) && entryCount(e) != countMax {
				t.Fatalf("entry %d: a second's later entry is not full", i)
			}
		}
	}
	if sum != p.total {
		t.Fatalf("counts sum to %d, total %d", sum, p.total)
	}
}

// sameTable reports whether two tables are identical as they stand
// (unsorted tails included): Merge must leave its argument so.
func sameTable(a, b *perSecond) bool {
	if a.total != b.total || len(a.b) != len(b.b) || a.curKey != b.curKey || a.curN != b.curN {
		return false
	}
	for i := range a.b {
		if a.b[i].base != b.b[i].base || a.b[i].sorted != b.b[i].sorted || !slices.Equal(a.b[i].e, b.b[i].e) {
			return false
		}
	}
	return true
}

func TestPropThroughputAnySplitAnyMergeOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		calls := genTPSCalls(t)
		whole := throughputOf(calls)
		parts := split(t, calls)
		ts := make([]Throughput, len(parts))
		for i, p := range parts {
			ts[i] = throughputOf(p)
		}
		var got Throughput
		for _, i := range order(t, len(ts)) {
			arg := ts[i].Clone()
			got.Merge(&ts[i])
			if !sameTable(&ts[i].sec, &arg.sec) {
				t.Fatal("Merge changed its argument")
			}
		}
		checkCanonical(t, &got.sec)
		if !got.sec.equal(&whole.sec) || throughputFigures(&got) != throughputFigures(&whole) ||
			got.Rejections() != whole.Rejections() || got.OutOfRange() != whole.OutOfRange() {
			t.Fatalf("merged %+v\nwhole  %+v", got, whole)
		}
		var zero Throughput
		zero.Merge(&whole)
		if !zero.Equal(&whole) || throughputFigures(&zero) != throughputFigures(&whole) {
			t.Fatal("zero is not a left identity")
		}
	})
}

func TestPropPIPSEqualsReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		calls := genTPSCalls(t)
		opts := PIPSOptions{Success: rapid.SampledFrom([]SuccessCodes{Any2xx, CBBStrict}).Draw(t, "success")}
		parts := split(t, calls)
		var got PIPS
		for _, i := range order(t, len(parts)) {
			p := NewPIPS(opts)
			for j := range parts[i] {
				_ = p.Add(&parts[i][j])
			}
			arg := p.Clone()
			if err := got.Merge(&p); err != nil {
				t.Fatal(err)
			}
			if !sameTable(&p.sec, &arg.sec) || p.payments != arg.payments {
				t.Fatal("Merge changed its argument")
			}
		}
		want, _ := ReferencePIPS(calls, opts)
		pips, at, ok := got.MaxAt()
		gotF := PIPSFigures{Payments: got.Payments(), Successful: got.Successful(), Max: pips, HasMax: ok, MaxAt: at}
		if gotF != want {
			t.Fatalf("pips %+v, reference %+v", gotF, want)
		}
		if m, ok2 := got.Max(); m != pips || ok2 != ok {
			t.Fatal("Max and MaxAt disagree")
		}
	})
}

// Rule PF-EXEC-1: Execution equals its reference, any split, any order.
func TestPropExecutionEqualsReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 80).Draw(t, "n")
		ps := make([]Payment, n)
		for i := range ps {
			acc := t0.Add(time.Duration(rapid.Int64Range(0, int64(24*time.Hour)).Draw(t, "acc")))
			d := time.Duration(rapid.Int64Range(-int64(time.Second), int64(10*time.Second)).Draw(t, "exec"))
			if rapid.IntRange(0, 20).Draw(t, "huge") == 0 {
				d = time.Duration(rapid.Int64Range(0, 1<<62).Draw(t, "hugeExec"))
			}
			ps[i] = Payment{Accepted: acc, Executed: acc.Add(d)}
			if rapid.IntRange(0, 30).Draw(t, "zero") == 0 {
				ps[i].Accepted = time.Time{}
			}
		}
		opts := ExecutionOptions{Limit: rapid.SampledFrom([]time.Duration{0, time.Second, 3 * time.Second, 5 * time.Second}).Draw(t, "limit")}
		want, _ := ReferenceExecution(ps, opts)
		var got Execution
		for _, part := range split(t, ps) {
			e := NewExecution(opts)
			for _, p := range part {
				_ = e.Add(p)
			}
			arg := e
			if err := got.Merge(&e); err != nil {
				t.Fatal(err)
			}
			if e != arg {
				t.Fatal("Merge changed its argument")
			}
		}
		if !got.Figures().Equal(want) {
			t.Fatalf("execution %+v, reference %+v", got.Figures(), want)
		}
		rej := got.Rejections()
		if got.Count()+rej.Total() != uint64(n) {
			t.Fatal("a payment was dropped silently")
		}
	})
}
