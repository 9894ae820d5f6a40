package performance

import (
	"slices"
	"time"

	"github.com/openfinance-kpi/kpi"
)

// ReferenceP95 is Rule RG-P95-2 over a batch of one endpoint-day's calls,
// written for obviousness: drop the calls answered 423, 429 or 529 (and,
// under MeasureTTFB, those with an unknown TTFB), sort the n remaining
// times, take k = round(0.95·n) half away from zero, clamp k to [1, n],
// answer the k-th smallest. False when no time remains. Bad calls
// (kpi.Check) are left out and listed in the returned *kpi.InputError.
func ReferenceP95(calls []kpi.Call, opts P95Options) (time.Duration, bool, error) {
	if err := opts.Validate(); err != nil {
		return 0, false, err
	}
	good, err := kpi.ValidCalls(calls)
	var times []time.Duration
	for _, c := range good {
		if c.Status == 423 || c.Status == 429 || c.Status == 529 {
			continue
		}
		if opts.Measure == MeasureTTFB {
			if c.HasTTFB {
				times = append(times, c.TTFB)
			}
			continue
		}
		times = append(times, c.TTLB)
	}
	n := len(times)
	if n == 0 {
		return 0, false, err
	}
	slices.Sort(times)
	// round(0.95·n) half away from zero = floor(0.95·n + 0.5) for n > 0,
	// in integers: floor((95·n + 50) / 100).
	k := (95*n + 50) / 100
	k = max(1, min(k, n))
	return times[k-1], true, err
}

// MedianFigures are the three lower medians of Rule RG-MEDIAN-1; each Has
// field is false when its population is empty.
type MedianFigures struct {
	TTLB, TTFB       time.Duration
	ResponseBytes    int64
	HasTTLB, HasTTFB bool
	HasBytes         bool
}

// ReferenceMedians is Rule RG-MEDIAN-1 over a batch of one endpoint-day's
// calls, written for obviousness: the responded calls (Status != 0) give
// their TTLB, known TTFB and ResponseBytes; each list is sorted and its
// ceil(n/2)-th smallest is the lower median. Bad calls are left out and
// listed in the returned *kpi.InputError.
func ReferenceMedians(calls []kpi.Call) (MedianFigures, error) {
	good, err := kpi.ValidCalls(calls)
	var ttlb, ttfb []time.Duration
	var size []int64
	for _, c := range good {
		if c.Status == 0 {
			continue
		}
		ttlb = append(ttlb, c.TTLB)
		if c.HasTTFB {
			ttfb = append(ttfb, c.TTFB)
		}
		size = append(size, c.ResponseBytes)
	}
	var f MedianFigures
	f.TTLB, f.HasTTLB = lowerMedian(ttlb)
	f.TTFB, f.HasTTFB = lowerMedian(ttfb)
	f.ResponseBytes, f.HasBytes = lowerMedian(size)
	return f, err
}

func lowerMedian[T time.Duration | int64](xs []T) (T, bool) {
	if len(xs) == 0 {
		return 0, false
	}
	slices.Sort(xs)
	return xs[(len(xs)+1)/2-1], true
}
