package main

import (
	"slices"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// These properties check the combiners without an engine: whatever
// grouping and order the engine picks, and with every accumulator sent
// through its coder between steps as the engine does, the result is the
// one-pass result.

// goodCalls draws calls that pass kpi.Check (the pipeline's parser lets
// no other through).
func goodCalls(t *rapid.T) []kpi.Call {
	var out []kpi.Call
	for _, c := range kpitest.Calls.Draw(t, "calls") {
		if kpi.Check(&c) == kpi.OK {
			out = append(out, c)
		}
	}
	return out
}

// roundTrip sends v through its coder.
func roundTrip[T any](t require.TestingT, v T, enc func(T) ([]byte, error), dec func([]byte) (T, error)) T {
	b, err := enc(v)
	require.NoError(t, err)
	w, err := dec(b)
	require.NoError(t, err)
	return w
}

// partitions deals xs into random groups, in random order.
func partitions[T any](t *rapid.T, xs []T, label string) [][]T {
	n := rapid.IntRange(1, max(1, len(xs))).Draw(t, label+"Groups")
	groups := make([][]T, n)
	for _, x := range xs {
		k := rapid.IntRange(0, n-1).Draw(t, label+"Group")
		groups[k] = append(groups[k], x)
	}
	return groups
}

type outageFigures struct {
	Start, End    time.Time
	Ongoing, Idle bool
}

func figures(outs []availability.Outage) []outageFigures {
	var f []outageFigures
	for _, o := range outs {
		f = append(f, outageFigures{o.Start.UTC(), o.End.UTC(), o.Ongoing, o.Idle})
	}
	return f
}

// Rule AV-MERGE-1 through segFn: the calls of one endpoint keyed into
// segments (segKeyFn), each summarised (summarizeFn's Summarize), the
// segments added to accumulators in random groups, the accumulators
// merged in random order through their coder: the outages equal those of
// one segment over all the calls, under AV-CLOCK and AV-CONSEC.
func TestSegmentCombinerAnyOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		opts := availability.Options{Rule: rapid.SampledFrom([]availability.Rule{availability.Clock, availability.Consecutive}).Draw(t, "rule")}
		seglen := rapid.SampledFrom([]time.Duration{time.Second, 17 * time.Second, time.Minute, time.Hour, 7 * time.Hour, 24 * time.Hour}).Draw(t, "segment")
		const ep = "GET /accounts"
		var calls []kpi.Call
		for _, c := range goodCalls(t) {
			c.Endpoint = ep
			calls = append(calls, c)
		}
		asOf := kpitest.Base.Add(5 * 24 * time.Hour)
		whole, err := availability.Summarize(calls, nil, ep, kpi.Interval{Start: kpitest.Base.Add(-time.Hour), End: asOf}, opts)
		require.NoError(t, err)

		// Key and group as the pipeline does.
		cells := make(map[string][]kpi.Call)
		kf := &segKeyFn{Cfg: Config{Segment: seglen}}
		for _, c := range calls {
			kf.ProcessElement(c, func(k string, c kpi.Call) { cells[k] = append(cells[k], c) })
		}
		sf := &summarizeFn{Cfg: Config{Segment: seglen}, avail: opts}
		var segs []availability.Segment
		keys := make([]string, 0, len(cells))
		for k := range cells {
			keys = append(keys, k)
		}
		slices.Sort(keys) // map order would make the test's draws unrepeatable
		for _, k := range keys {
			cs := cells[k]
			i := 0
			_, seg, err := sf.ProcessElement(k, func(c *kpi.Call) bool {
				if i == len(cs) {
					return false
				}
				*c, i = cs[i], i+1
				return true
			})
			require.NoError(t, err)
			segs = append(segs, roundTrip(t, seg, encodeSegment, decodeSegment))
		}
		rapid.Permutation(segs).Draw(t, "order")

		fn := &segFn{}
		var accs []segAcc
		for _, group := range partitions(t, segs, "seg") {
			a := fn.CreateAccumulator()
			for _, s := range group {
				a, err = fn.AddInput(a, s)
				require.NoError(t, err)
			}
			accs = append(accs, roundTrip(t, a, encodeSegAcc, decodeSegAcc))
		}
		acc := fn.CreateAccumulator()
		for _, i := range rapid.Permutation(seqTo(len(accs))).Draw(t, "mergeOrder") {
			before, err := encodeSegAcc(accs[i])
			require.NoError(t, err)
			acc, err = fn.MergeAccumulators(acc, accs[i])
			require.NoError(t, err)
			after, err := encodeSegAcc(accs[i])
			require.NoError(t, err)
			require.Equal(t, before, after, "MergeAccumulators changed its argument")
			acc = roundTrip(t, acc, encodeSegAcc, decodeSegAcc)
		}
		got, err := fn.ExtractOutput(acc)
		require.NoError(t, err)
		require.Equal(t, figures(whole.Outages(asOf)), figures(got.Outages(asOf)))
	})
}

func seqTo(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// scopeFn: calls of one endpoint-day added in random groups, merged in
// random order through the coder, give the row of one Scope over all the
// calls.
func TestScopeCombinerAnyOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		payment := rapid.Bool().Draw(t, "payment")
		fn := &scopeFn{Payments: []string{"POST /payments"}}
		fn.Setup()
		ep := "GET /accounts"
		if payment {
			ep = "POST /payments"
		}
		calls := goodCalls(t)
		one := &daily.Scope{Payment: payment}
		for i := range calls {
			calls[i].Endpoint = ep
			one.Add(&calls[i])
		}
		var accs []scopeAcc
		for _, group := range partitions(t, calls, "call") {
			a := fn.CreateAccumulator()
			for _, c := range group {
				a = fn.AddInput(a, c)
			}
			accs = append(accs, roundTrip(t, a, encodeScope, decodeScope))
		}
		acc := fn.CreateAccumulator()
		var err error
		for _, i := range rapid.Permutation(seqTo(len(accs))).Draw(t, "mergeOrder") {
			acc, err = fn.MergeAccumulators(acc, accs[i])
			require.NoError(t, err)
			acc = roundTrip(t, acc, encodeScope, decodeScope)
		}
		acc = fn.ExtractOutput(acc)
		day := &availability.Day{}
		want := daily.NewRow(0, ep, one, day, availability.Options{})
		got := daily.NewRow(0, ep, acc.S, day, availability.Options{})
		if len(calls) == 0 {
			want = daily.NewRow(0, ep, &daily.Scope{}, day, availability.Options{})
		}
		require.Equal(t, want.Record(), got.Record())
	})
}

// The call coder keeps every field the daily figures use.
func TestCallCoder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		for _, c := range goodCalls(t) {
			c.TTFBUnknown = rapid.Bool().Draw(t, "ttfbUnknown")
			c.ResponseBytes = rapid.Int64Range(0, 1<<40).Draw(t, "bytes")
			c.Records = rapid.Int64Range(0, 1000).Draw(t, "records")
			got := roundTrip(t, c, func(c kpi.Call) ([]byte, error) { return encodeCall(c), nil }, decodeCall)
			require.True(t, c.ReceivedAt.Equal(got.ReceivedAt))
			c.ReceivedAt, got.ReceivedAt, c.TPP = time.Time{}, time.Time{}, ""
			require.Equal(t, c, got)
		}
	})
	for _, b := range [][]byte{nil, {1}, encodeCall(kpi.Call{Endpoint: "x"})[:3]} {
		_, err := decodeCall(b)
		require.Error(t, err)
	}
}

// A segAcc whose runs are out of order or overlap is refused: combining
// it would fail or lie later.
func TestSegAccDecodeValidates(t *testing.T) {
	mk := func(from, to int) availability.Segment {
		s, err := availability.Summarize(nil, nil, "e", kpi.Interval{Start: time.Unix(int64(from), 0), End: time.Unix(int64(to), 0)}, availability.Options{})
		require.NoError(t, err)
		return s
	}
	for _, runs := range [][]availability.Segment{{mk(10, 20), mk(0, 10)}, {mk(0, 10), mk(5, 15)}} {
		b, err := encodeSegAcc(segAcc{Runs: runs})
		require.NoError(t, err)
		_, err = decodeSegAcc(b)
		require.Error(t, err)
	}
	ok := []availability.Segment{mk(0, 10), mk(20, 30)}
	got := roundTrip(t, segAcc{Runs: ok}, encodeSegAcc, decodeSegAcc)
	require.Len(t, got.Runs, 2)
	require.True(t, slices.IsSortedFunc(got.Runs, runCmp))
}
