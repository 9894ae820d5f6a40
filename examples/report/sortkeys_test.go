package main

import (
	"cmp"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// Property: sortNearly sorts any keys as slices.SortFunc by dupCmp does
// (the same instants and hashes in the same order, the same keys): keys
// in order, with ties of an instant in any hash order, a few out of place
// (the insertion path), or many (past its budget: the fallback, entered
// at any point of a shift).
func TestPropSortNearly(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 600).Draw(t, "n")
		keys := make([]dupKey, n)
		for i := range keys {
			keys[i] = dupKey{at: int64(i / rapid.IntRange(1, 4).Draw(t, "tie")), h: rapid.Uint64Range(0, 5).Draw(t, "h"), id: int64(i)}
		}
		for range rapid.IntRange(0, n).Draw(t, "moves") {
			i, j := rapid.IntRange(0, n-1).Draw(t, "i"), rapid.IntRange(0, n-1).Draw(t, "j")
			keys[i], keys[j] = keys[j], keys[i]
		}
		want := slices.Clone(keys)
		slices.SortFunc(want, dupCmp)
		got := slices.Clone(keys)
		sortNearly(got)
		require.True(t, slices.IsSortedFunc(got, dupCmp))
		require.Equal(t, sortByID(want), sortByID(got), "not the same keys") // equal keys differ in id only
	})
}

// sortByID orders keys by instant, hash, then id.
func sortByID(keys []dupKey) []dupKey {
	slices.SortFunc(keys, func(a, b dupKey) int {
		if c := dupCmp(a, b); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	})
	return keys
}
