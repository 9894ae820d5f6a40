package performance

import (
	"slices"
	"time"
)

// ExactQuantile is the exact q-quantile of ds (Rule RG-P95-1 "exact where
// the caller asks for exact", and the reference Histogram is tested
// against): the value of rank Rank(q, n) = ceil(q·n), 1-based, in ds
// sorted ascending (the nearest-rank definition; no interpolation, so the
// answer is always one of the values). It returns false when ds is empty
// or q is outside [0, 1] or NaN. It sorts a copy, so ds is not changed;
// it allocates that copy.
func ExactQuantile(ds []time.Duration, q float64) (time.Duration, bool) {
	r := Rank(q, uint64(len(ds)))
	if r == 0 {
		return 0, false
	}
	sorted := slices.Clone(ds)
	slices.Sort(sorted)
	return sorted[r-1], true
}
