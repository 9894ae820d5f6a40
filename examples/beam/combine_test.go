package main

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark/book"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
	"github.com/openfinance-kpi/kpi/internal/wire"
	"github.com/openfinance-kpi/kpi/performance"
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
		kf := &segKeyFn{Cfg: Config{Segment: seglen}, clock: opts.Rule == availability.Clock}
		for _, c := range calls {
			kf.ProcessElement(c, func(k string, c kpi.Call) { cells[k] = append(cells[k], c) })
		}
		fanout := rapid.IntRange(1, 5).Draw(t, "fanout")
		sf := &summarizeFn{Cfg: Config{Segment: seglen, Fanout: fanout}, avail: opts}
		bySub := make(map[string][]availability.Segment)
		keys := make([]string, 0, len(cells))
		for k := range cells {
			keys = append(keys, k)
		}
		slices.Sort(keys) // map order would make the test's draws unrepeatable
		for _, k := range keys {
			rs := rapid.Permutation(cells[k]).Draw(t, "recOrder")
			i := 0
			sub, seg, err := sf.ProcessElement(k, func(c *kpi.Call) bool {
				if i == len(rs) {
					return false
				}
				*c, i = roundTrip(t, rs[i], func(c kpi.Call) ([]byte, error) { return encodeCall(c), nil }, decodeCall), i+1
				return true
			})
			require.NoError(t, err)
			require.Equal(t, ep, dropSub(sub))
			bySub[sub] = append(bySub[sub], roundTrip(t, seg, encodeSegment, decodeSegment))
		}

		// Stage 1 (segFn) per sub-key, segments added in random groups;
		// stage 2 (mergeSegFn) joins the partial runs in random order.
		fn, fn2 := &segFn{}, &mergeSegFn{}
		var accs []segAcc
		subs := make([]string, 0, len(bySub))
		for k := range bySub {
			subs = append(subs, k)
		}
		slices.Sort(subs)
		for _, sub := range subs {
			segs := rapid.Permutation(bySub[sub]).Draw(t, "order")
			for _, group := range partitions(t, segs, "seg") {
				a := fn.CreateAccumulator()
				for _, s := range group {
					a, err = fn.AddInput(a, s)
					require.NoError(t, err)
				}
				accs = append(accs, roundTrip(t, fn.ExtractOutput(a), encodeSegAcc, decodeSegAcc))
			}
		}
		ctx := context.Background()
		acc := fn2.CreateAccumulator()
		for _, i := range rapid.Permutation(seqTo(len(accs))).Draw(t, "mergeOrder") {
			before, err := encodeSegAcc(accs[i])
			require.NoError(t, err)
			if rapid.Bool().Draw(t, "add") {
				acc, err = fn2.AddInput(ctx, acc, accs[i])
			} else {
				acc, err = fn2.MergeAccumulators(ctx, acc, accs[i])
			}
			require.NoError(t, err)
			after, err := encodeSegAcc(accs[i])
			require.NoError(t, err)
			require.Equal(t, before, after, "the join changed its argument")
			acc = roundTrip(t, acc, encodeSegAcc, decodeSegAcc)
		}
		got, err := fn2.ExtractOutput(ctx, acc)
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

// dayFn: calls of one endpoint-day added in random groups, merged in
// random order through the coder, give the row of one book.EndpointDay
// over all the calls.
func TestDayCombinerAnyOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		payment := rapid.Bool().Draw(t, "payment")
		fn := &dayFn{payments: map[string]bool{"POST /payments": true}}
		ep := "GET /accounts"
		if payment {
			ep = "POST /payments"
		}
		calls := goodCalls(t)
		one := book.NewEndpointDay(performance.Options{}, payment)
		for i := range calls {
			calls[i].Endpoint = ep
			require.NoError(t, one.Add(&calls[i]))
		}
		var accs []dayAcc
		for _, group := range partitions(t, calls, "call") {
			a := fn.CreateAccumulator()
			for _, c := range group {
				var err error
				a, err = fn.AddInput(a, c)
				require.NoError(t, err)
			}
			accs = append(accs, roundTrip(t, a, encodeDay, decodeDay))
		}
		acc := fn.CreateAccumulator()
		var err error
		for _, i := range rapid.Permutation(seqTo(len(accs))).Draw(t, "mergeOrder") {
			acc, err = fn.MergeAccumulators(acc, accs[i])
			require.NoError(t, err)
			acc = roundTrip(t, acc, encodeDay, decodeDay)
		}
		acc = fn.ExtractOutput(acc)
		day := &availability.Day{}
		want := record(0, ep, false, &one, day, availability.Options{})
		if len(calls) == 0 {
			empty := book.NewEndpointDay(performance.Options{}, false)
			want = record(0, ep, false, &empty, day, availability.Options{})
		}
		require.Equal(t, want, record(0, ep, false, acc.D, day, availability.Options{}))
	})
}

// The call coder keeps every field the daily figures use.
func TestCallCoder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		for _, c := range goodCalls(t) {
			c.HasTTFB = rapid.Bool().Draw(t, "hasTTFB")
			c.ResponseBytes = rapid.Int64Range(0, 1<<40).Draw(t, "bytes")
			c.Records = rapid.Int64Range(0, 1000).Draw(t, "records")
			c.TPP = rapid.SampledFrom([]string{"", "tpp-1", "a TPP, with a comma"}).Draw(t, "tpp")
			got := roundTrip(t, c, func(c kpi.Call) ([]byte, error) { return encodeCall(c), nil }, decodeCall)
			require.True(t, c.ReceivedAt.Equal(got.ReceivedAt))
			c.ReceivedAt, got.ReceivedAt = time.Time{}, time.Time{}
			require.Equal(t, c, got)
		}
	})
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

// The pipeline's own coders (versioned, internal/wire): every strict
// prefix of an encoding fails with wire.ErrTruncated, another type's
// encoding with wire.ErrForeign, an unknown version with wire.ErrVersion.
func TestCodersRefuseForeignAndTruncated(t *testing.T) {
	seg, err := availability.Summarize([]kpi.Call{{ReceivedAt: time.Unix(5, 0), Endpoint: "e", Status: 503}}, nil, "e",
		kpi.Interval{Start: time.Unix(0, 0), End: time.Unix(10, 0)}, availability.Options{})
	require.NoError(t, err)
	ed := book.NewEndpointDay(performance.Options{}, true)
	require.NoError(t, ed.Add(&kpi.Call{ReceivedAt: time.Unix(5, 0), Endpoint: "e", Status: 200, TTLB: time.Second}))
	day, err := encodeDay(dayAcc{D: &ed})
	require.NoError(t, err)
	runs, err := encodeSegAcc(segAcc{Runs: []availability.Segment{seg}})
	require.NoError(t, err)
	encs := map[string][]byte{
		"call":   encodeCall(kpi.Call{ReceivedAt: time.Unix(5, 0), Endpoint: "e", Status: 200, TPP: "t"}),
		"dayAcc": day,
		"segAcc": runs,
	}
	decs := map[string]func([]byte) error{
		"call":   func(b []byte) error { _, err := decodeCall(b); return err },
		"dayAcc": func(b []byte) error { _, err := decodeDay(b); return err },
		"segAcc": func(b []byte) error { _, err := decodeSegAcc(b); return err },
	}
	for name, enc := range encs {
		dec := decs[name]
		require.NoError(t, dec(enc), name)
		for n := 0; n < len(enc); n++ {
			require.ErrorIs(t, dec(enc[:n]), wire.ErrTruncated, "%s: prefix %d", name, n)
		}
		require.ErrorIs(t, dec(append(slices.Clone(enc), 0)), wire.ErrTrailing, name)
		v := slices.Clone(enc)
		v[2] = 9
		require.ErrorIs(t, dec(v), wire.ErrVersion, name)
		for other, o := range encs {
			if other != name {
				require.ErrorIs(t, dec(o), wire.ErrForeign, "%s decoding %s", name, other)
			}
		}
	}
}

// The fan-out sub-key is spread even when every instant is a whole
// millisecond (a multiple of 1000 ns): a bare modulo would put every call
// on sub-key 0 for fanouts 2, 4, 8 and 16.
func TestFanoutSpreadsMilliseconds(t *testing.T) {
	base := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for _, n := range []int{2, 4, 8, 16} {
		fn := &dayKeyFn{Cfg: Config{Fanout: n}, cal: kpi.NewCalendar(time.UTC)}
		subs := make(map[string]bool)
		for i := range 1000 {
			key, _ := fn.ProcessElement(kpi.Call{ReceivedAt: base.Add(time.Duration(i) * time.Millisecond), Endpoint: "e"})
			subs[key[:strings.IndexByte(key, '|')]] = true
			require.Zero(t, base.Add(time.Duration(i)*time.Millisecond).UnixNano()%1000)
		}
		require.Len(t, subs, n, "fanout %d: 1000 millisecond instants should reach every sub-key", n)
	}
}
