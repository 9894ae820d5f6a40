package book

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// sortRuns sorts like slices.SortFunc whatever the runs: one run (no
// work), a few (merged two by two, odd counts included), more than
// maxRuns (sorted), and equal instants split across runs.
func TestPropSortRunsSorts(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		runs := rapid.IntRange(0, maxRuns+40).Draw(t, "runs")
		var xs []record
		for r := range runs {
			n := rapid.IntRange(1, 12).Draw(t, "n")
			at := rapid.Int64Range(0, 50).Draw(t, "start")
			for i := range n {
				at += rapid.Int64Range(0, 3).Draw(t, "step") // ties across and within runs
				xs = append(xs, record{at: at, id: int64(r*100 + i), ep: uint32(r % 7)})
			}
		}
		want := slices.Clone(xs)
		slices.SortFunc(want, recordCmp)
		var scratch []record
		if rapid.Bool().Draw(t, "scratch") {
			scratch = make([]record, 3)
		}
		got := slices.Clone(xs)
		scratch = sortRuns(got, scratch, recordCmp)
		require.Equal(t, want, got)
		// The scratch returned is the caller's to reuse: sorting again is a no-op.
		again := slices.Clone(got)
		sortRuns(again, scratch, recordCmp)
		require.Equal(t, got, again)
	})
}

// Forty endpoints' records of a log in time order, absorbed as forty
// runs, cost merges, not a sort: no allocation once scratch has grown.
func TestSortRunsAllocatesOnce(t *testing.T) {
	xs := make([]record, 0, 40*100)
	for ep := range 40 {
		for i := range 100 {
			xs = append(xs, record{at: int64(i*40 + ep), id: int64(i*40 + ep), ep: uint32(ep)})
		}
	}
	buf := slices.Clone(xs)
	scratch := sortRuns(buf, nil, recordCmp)
	require.True(t, slices.IsSortedFunc(buf, recordCmp))
	require.Zero(t, testing.AllocsPerRun(5, func() {
		copy(buf, xs)
		scratch = sortRuns(buf, scratch, recordCmp)
	}))
}
