package performance

import (
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
)

// The allocation promises of the package doc: Add, Merge and Reset
// allocate nothing (Throughput and PIPS once their table has grown), and
// returning a bad call's Reason allocates nothing either.

func TestAllocsStats(t *testing.T) {
	good := call(0, 200, 120*time.Millisecond)
	good.Records, good.ResponseBytes = 150, 2048
	bad := call(0, 200, -1)
	s := NewStats(Options{Threshold: 200 * time.Millisecond})
	o := statsOf(Options{Threshold: 200 * time.Millisecond}, []kpi.Call{good})
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = s.Add(&good) }), "Add")
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = s.Add(&bad) }), "Add of a bad call")
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = s.Merge(&o) }), "Merge")
	require.Zero(t, testing.AllocsPerRun(100, func() { s.Reset() }), "Reset")
}

func TestAllocsHistogram(t *testing.T) {
	var h, o Histogram
	_ = o.Add(time.Second)
	_ = o.Add(time.Millisecond)
	c := call(0, 200, time.Millisecond)
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = h.Add(120 * time.Millisecond) }), "Add")
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = h.Add(-1) }), "Add negative")
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = h.AddCall(&c, Responded) }), "AddCall")
	require.Zero(t, testing.AllocsPerRun(100, func() { h.Merge(&o) }), "Merge")
	require.Zero(t, testing.AllocsPerRun(100, func() { _, _ = h.Quantile(0.95) }), "Quantile")
	require.Zero(t, testing.AllocsPerRun(100, func() { h.Reset() }), "Reset")
}

// Merge into a receiver that lacks some of the argument's pages allocates
// one page per power of two the argument has and the receiver lacks, and
// no more, and its table (416 bytes: 36 page pointers, rejections) when
// it has none and ends with two values or more. By hand: 1 ms = 10^6 ns
// lies in [2^19, 2^20), 120 ms in [2^26, 2^27) and 5 s in [2^32, 2^33):
// three powers of two, three pages.
func TestAllocsHistogramMergeFresh(t *testing.T) {
	var o Histogram
	for _, d := range []time.Duration{time.Millisecond, 120 * time.Millisecond, 121 * time.Millisecond, 5 * time.Second} {
		require.NoError(t, o.Add(d))
	}
	require.Equal(t, 32+416+3*512, o.RetainedBytes(), "header, table, three pages")
	require.Equal(t, 4.0, testing.AllocsPerRun(20, func() {
		var fresh Histogram
		fresh.Merge(&o)
	}), "a fresh receiver: the table and the three pages")
	require.Equal(t, 2.0, testing.AllocsPerRun(20, func() {
		var h Histogram
		_ = h.Add(100 * time.Millisecond) // [2^26, 2^27): the page of 120 ms
		_ = h.Add(100 * time.Millisecond) // the second value: the table and that page
		h.Merge(&o)
	})-2, "a receiver with the table and the 120 ms page: two more (the Adds allocated two)")
	var one Histogram
	_ = one.Add(100 * time.Millisecond) // held as min and max: no table, no page
	require.Zero(t, testing.AllocsPerRun(20, func() {
		var to Histogram
		to.Merge(&one)
		to.Reset()
	}), "one value merged into a fresh receiver: held as min and max")
	var warm Histogram
	warm.Merge(&o)
	require.Zero(t, testing.AllocsPerRun(20, func() { warm.Merge(&o) }), "a receiver with every page")
}

func TestAllocsThroughput(t *testing.T) {
	var tp Throughput
	// Warm: an hour of seconds, so the table has its capacity.
	for i := range 3600 {
		c := call(time.Duration(i)*time.Second, 200, 1)
		require.NoError(t, tp.Add(&c))
	}
	next := call(3600*time.Second, 200, 1)
	late := call(1800*time.Second+time.Millisecond, 200, 1) // a second already in the table
	bad := call(0, 100, 1)
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = tp.Add(&next) }), "Add in order")
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = tp.Add(&late) }), "Add late")
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = tp.Add(&bad) }), "Add bad")
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = tp.Peak() }), "Peak")

	o := throughputOf([]kpi.Call{call(10*time.Second, 200, 1), call(7000*time.Second, 200, 1)})
	var dst Throughput
	dst.Merge(&tp) // grow once
	dst.Merge(&o)
	require.Zero(t, testing.AllocsPerRun(100, func() {
		dst.Reset()
		dst.Merge(&tp)
		dst.Merge(&o)
	}), "Reset and Merge, warm")
}

func TestAllocsPIPS(t *testing.T) {
	p := NewPIPS(PIPSOptions{Success: CBBStrict})
	for i := range 100 {
		c := call(time.Duration(i)*time.Second, 201, 1)
		require.NoError(t, p.Add(&c))
	}
	c := call(100*time.Second, 201, 1)
	fail := call(100*time.Second, 503, 1)
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = p.Add(&c) }), "Add")
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = p.Add(&fail) }), "Add failure")
	o := p.Clone()
	dst := NewPIPS(PIPSOptions{Success: CBBStrict})
	require.NoError(t, dst.Merge(&o))
	require.Zero(t, testing.AllocsPerRun(100, func() {
		dst.Reset()
		_ = dst.Merge(&o)
	}), "Reset and Merge, warm")
}

func TestAllocsExecution(t *testing.T) {
	var e Execution
	o := NewExecution(ExecutionOptions{})
	_ = o.Add(payment(0, time.Second))
	good, bad := payment(0, 2*time.Second), payment(0, -time.Second)
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = e.Add(good) }), "Add")
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = e.Add(bad) }), "Add bad")
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = e.Merge(&o) }), "Merge")
	require.Zero(t, testing.AllocsPerRun(100, func() { e.Reset() }), "Reset")
}
