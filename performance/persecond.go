package performance

import (
	"slices"
	"time"
)

// The packed per-second table behind Throughput and PIPS (Rule PF-TPS-1).
//
// Each entry is one uint64: the second (Unix second + secBias, 36 bits) in
// the high bits and a count (28 bits) in the low bits, so that sorting the
// entries as integers sorts them by second, and a day with traffic in k
// distinct seconds costs 8·k bytes (plus slice slack). A second with more
// than countMax calls (268 million: never seen, but not excluded) spills
// into further entries of the same second; every reading sums the entries
// of a second, so counts stay exact.
const (
	countBits = 28
	countMax  = 1<<countBits - 1
	secBits   = 64 - countBits // 36
	secBias   = 1 << (secBits - 1)

	// minTail is the unsorted tail length below which no compaction runs.
	minTail = 64
)

// secondKey returns the table key of t's Unix second, and false outside
// the span the table can hold: about 1970 ± 1088 years (882 to 3058).
func secondKey(t time.Time) (uint64, bool) {
	s := t.Unix()
	if s < -secBias || s >= secBias {
		return 0, false
	}
	return uint64(s + secBias), true
}

type perSecond struct {
	// e[:sorted] is canonical: sorted ascending, and each second holds at
	// most one non-full entry, which sorts before its full ones. e[sorted:]
	// is an unsorted tail of out-of-order seconds.
	e      []uint64
	sorted int
	total  uint64
}

func entrySec(e uint64) uint64   { return e >> countBits }
func entryCount(e uint64) uint64 { return e & countMax }

// add counts one call in second key. Calls in time order touch only the
// last entry (increment or append). A late call for a second already in
// the sorted part increments it in place (binary search); a late call for
// a new second goes to the tail, which is sorted and compacted into the
// rest once it outgrows max(minTail, sorted/2): amortised O(log n) per
// call, no allocation once the slice has grown.
func (p *perSecond) add(key uint64) {
	p.total++
	n := len(p.e)
	if n > 0 {
		if last := p.e[n-1]; entrySec(last) == key && entryCount(last) < countMax {
			p.e[n-1]++ // the last entry stays in order: only its count grows
			return
		}
	}
	if p.sorted == n && (n == 0 || entrySec(p.e[n-1]) < key) {
		p.e = append(p.e, key<<countBits|1) // a new second, in order
		p.sorted++
		return
	}
	// A late call: its second may be in the sorted part, whose first entry
	// for a second is the non-full one, if there is one.
	i, _ := slices.BinarySearch(p.e[:p.sorted], key<<countBits)
	if i < p.sorted && entrySec(p.e[i]) == key && entryCount(p.e[i]) < countMax {
		p.e[i]++
		return
	}
	p.e = append(p.e, key<<countBits|1)
	if tail := len(p.e) - p.sorted; tail > minTail && tail > p.sorted/2 {
		p.compact()
	}
}

// compact sorts the table and makes it canonical: the entries of each
// second are summed and written back as one non-full remainder entry (if
// any) followed by full entries. The rewrite is in place: a run of r
// entries holds at most r·countMax calls, so it needs at most r entries.
func (p *perSecond) compact() {
	slices.Sort(p.e)
	w := 0
	for i := 0; i < len(p.e); {
		sec := entrySec(p.e[i])
		var sum uint64
		j := i
		for ; j < len(p.e) && entrySec(p.e[j]) == sec; j++ {
			sum += entryCount(p.e[j])
		}
		if rem := sum % countMax; rem != 0 {
			p.e[w] = sec<<countBits | rem
			w++
		}
		for range sum / countMax {
			p.e[w] = sec<<countBits | countMax
			w++
		}
		i = j
	}
	p.e = p.e[:w]
	p.sorted = w
}

// merge adds o's counts into p; o is not changed (p.merge(p) doubles p).
// It appends and re-sorts: a day of 86,400 seconds merges in about 0.23 ms
// (BenchmarkThroughputMerge), so a two-run merge with scratch space was
// not worth its allocation.
func (p *perSecond) merge(o *perSecond) {
	if o.total == 0 {
		return
	}
	p.e = append(p.e, o.e...) // well defined when o == p
	p.total += o.total
	p.compact()
}

// settle compacts p if it has an unsorted tail.
func (p *perSecond) settle() {
	if p.sorted != len(p.e) {
		p.compact()
	}
}

func (p *perSecond) reset() {
	p.e = p.e[:0]
	p.sorted = 0
	p.total = 0
}

// peak returns the largest per-second count and its second (the earliest
// on a tie), compacting first. ok is false when the table is empty.
func (p *perSecond) peak() (count uint64, sec time.Time, ok bool) {
	p.settle()
	var best, bestKey uint64
	for i := 0; i < len(p.e); {
		key := entrySec(p.e[i])
		var sum uint64
		for ; i < len(p.e) && entrySec(p.e[i]) == key; i++ {
			sum += entryCount(p.e[i])
		}
		if sum > best {
			best, bestKey = sum, key
		}
	}
	if best == 0 {
		return 0, time.Time{}, false
	}
	return best, time.Unix(int64(bestKey)-secBias, 0).UTC(), true
}

// seconds is the number of distinct seconds with a count, compacting first.
func (p *perSecond) seconds() int {
	p.settle()
	n := 0
	for i := range p.e {
		if i == 0 || entrySec(p.e[i]) != entrySec(p.e[i-1]) {
			n++
		}
	}
	return n
}

func (p *perSecond) clone() perSecond {
	return perSecond{e: slices.Clone(p.e), sorted: p.sorted, total: p.total}
}
