package performance

import (
	"math"
	"math/bits"
	"time"
	"unsafe"

	"github.com/openfinance-kpi/kpi/internal/sum"

	"github.com/openfinance-kpi/kpi"
)

// The histogram's layout (Rules PF-PCTL-1, RG-P95-1): log-linear, 2^subBits
// linear sub-buckets per power of two.
const (
	subBits = 6
	subN    = 1 << subBits // 64 sub-buckets per power of two
	// rangeBits sets the tracked range [0, 2^rangeBits) ns.
	rangeBits = 40

	// HistogramRange is the end of the range a Histogram tracks with a
	// bounded relative error: 2^40 ns, about 18 min 19.5 s. A TTLB at or
	// past it lands in one overflow bucket.
	HistogramRange = time.Duration(1) << rangeBits

	// MaxRelativeError is the Histogram's error bound: for every q whose
	// exact quantile x is below HistogramRange, |Quantile(q) - x| <= x /
	// 128, i.e. 0.78125 %, inside the 1 % of Rule PF-PCTL-1.
	MaxRelativeError = 1.0 / (2 * subN)

	numBuckets = (rangeBits - subBits + 1) * subN // 2240 tracked buckets: 128 exact, then 33 powers of two × 64
	overflow   = numBuckets                       // index of the overflow bucket
)

// bucketOf returns the bucket of v >= 0. Values below 128 have a bucket
// each; from 2^e (e >= 7) on, the power of two [2^e, 2^(e+1)) is cut into
// 64 buckets of width 2^(e-6).
func bucketOf(v uint64) int {
	if v >= uint64(HistogramRange) {
		return overflow
	}
	return trackedBucket(v)
}

// trackedBucket is bucketOf for v < HistogramRange, without a branch: v
// ORed with 127 has the bit length of v from 128 on and 7 below, so the
// shift is 0 for the exact values below 128 (bucket v) and e-6 in
// [2^e, 2^(e+1)).
func trackedBucket(v uint64) int {
	shift := bits.Len64(v|(2*subN-1)) - 1 - subBits
	return shift*subN + int(v>>uint(shift))
}

// rangeGuard added to a duration 0 <= d < 2^63 sets the sign bit exactly
// when d >= HistogramRange (the sum stays below 2^64).
const rangeGuard = 1<<63 - uint64(HistogramRange)

// bucketBounds returns the lowest value of bucket i < overflow and its
// width: the bucket is [lower, lower+width).
func bucketBounds(i int) (lower, width uint64) {
	if i < 2*subN {
		return uint64(i), 1
	}
	shift := i/subN - 1
	return uint64(i-shift*subN) << uint(shift), 1 << uint(shift)
}

// The buckets live in pages of subN counters: bucket i is slot i&(subN-1)
// of page i>>subBits (page 0 and 1 the exact values below 64 and 128, then
// one page per power of two, and a last page whose slot 0 is the overflow
// bucket).
const (
	numPages = overflow/subN + 1 // 35 pages of buckets, then a page whose slot 0 is the overflow bucket
	pageSize = subN * 8          // bytes of one page of 64 uint64 counters
)

type histPage [subN]uint64

// Histogram is a mergeable log-linear histogram of durations (TTLB) for
// Rules PF-PCTL-1 and RG-P95-1: p50 / p90 / p95 / p99 per endpoint per
// day with a stated error bound. Use ExactQuantile where the caller asks
// for exact. Copying a Histogram by assignment (or passing it by value)
// SHARES its pages: an Add or Merge into the copy changes the original's counts too,
// and the two disagree on count, min and max. Copy with Clone, and compare
// with Equal (== and reflect.DeepEqual compare page pointers).
//
// # Error bound
//
// Quantile(q) answers with the midpoint of the bucket that holds the value
// of rank ceil(q·n) (the exact quantile x, see ExactQuantile), clamped to
// the exact [min, max]. Values below 128 ns have a bucket each (exact).
// From 2^e ns (e >= 7) each power of two is cut into 64 buckets of width
// w = 2^(e-6), so a bucket [L, L+w) has L >= 64·w. The midpoint
// m = L + w/2 is at most w/2 from any value in the bucket, hence
// |m - x| <= w/2 = (64·w) / 128 <= L / 128 <= x / 128. Clamping to
// [min, max] only moves m towards x, which lies in that range. So
// |Quantile(q) - x| <= x / 128 < 1 % for every x below HistogramRange
// (2^40 ns). Rank 1 and rank n answer the exact min and max. A quantile
// whose rank falls in the overflow bucket (x >= 2^40 ns) answers the exact
// max, which is >= x.
//
// # Memory
//
// The 2,241 buckets are kept in 36 pages of 64 uint64 counters (512
// bytes): one page per power of two, allocated the first time a value of
// that power of two is added (or merged in). The page pointers and the
// rejection counts live in a 416-byte table behind the 32-byte header
// (count, min, max, the table's pointer), made at the second value (or
// the first rejection): a histogram of one value holds it as its min
// and max alone, 32 bytes, which is what most endpoint-days of a log
// with one endpoint per resource need. A realistic endpoint-day, 864,000
// TTLBs log-normal around 120 ms with a tail to 5 s, touches the powers
// of two from [2^23, 2^24) ns (8.4 ms) to [2^32, 2^33) ns (4.3 to 8.6 s):
// 10 pages, 32 + 416 + 10·512 = 5,568 bytes
// (TestHistogramRetainedRealisticDay pins them; a day with a value under
// 8.4 ms takes an 11th page, 6,080 bytes), where the dense array of the
// first release took 18 KB. The worst case, every power of two from 1 ns
// to past 18 min, is 32 + 416 + 36·512 = 18,880 bytes. RetainedBytes
// reports the size.
//
// The zero value is an empty histogram ready to use. It is not safe for
// concurrent use; give each goroutine its own and Merge. Add allocates
// the table at the second value (or first rejection) and one page the
// first time a power of two is seen (the first value's page with the
// second value), and never after: at most 37 allocations in a
// Histogram's life. Merge allocates the table when the receiver ends with
// two values or more and has none, and one page for each power of two
// its argument has and the receiver lacks, so it allocates nothing only
// when the receiver already has them (as after the first merge of a day
// into it, or in a receiver Reset and reused); a fresh receiver takes one
// allocation per page of the argument and one for the table
// (TestAllocsHistogramMergeFresh). Reset zeroes the pages and keeps them
// and the table, so a reset Histogram fed the same traffic allocates
// nothing.
type Histogram struct {
	n        uint64
	min, max time.Duration // valid when n > 0
	// t holds the pages and rejections; nil until a second value or a
	// rejection. With one value (n == 1) the value is min (and max) and
	// no page counts it: the pages count every value only from n == 2.
	t *histTable
}

// histTable is a Histogram's pages and rejection counts.
type histTable struct {
	pages    [numPages]*histPage
	rejected kpi.Rejections[kpi.Reason]
}

// table returns h's table, making it when h has none.
func (h *Histogram) table() *histTable {
	if h.t == nil {
		h.t = new(histTable)
	}
	return h.t
}

// reject counts a refused value for reason r.
func (h *Histogram) reject(r kpi.Reason) { h.table().rejected.Add(r) }

// page returns page i, nil when h has none.
func (h *Histogram) page(i int) *histPage {
	if h.t == nil {
		return nil
	}
	return h.t.pages[i]
}

// Add records one duration. A negative d is bad input: it is not recorded,
// it is counted in Rejected as kpi.NegativeTTLB, and that Reason is
// returned. Add allocates only the table at the second value and a page
// the first time d's power of two is seen.
func (h *Histogram) Add(d time.Duration) error {
	if d < 0 {
		h.reject(kpi.NegativeTTLB)
		return kpi.NegativeTTLB
	}
	h.add(d, kpi.Class2xx, Responded)
	return nil
}

// add records d, the TTLB of a call of class k, when k is in basis b. The
// rare cases take one branch: the sign bits of d (negative), of m = k -
// 2xx (k is ClassNoResponse), of last - m, with last the basis' last
// class (5xx, or 2xx under Only2xx: k names no class or is outside the
// basis), and of d + rangeGuard (d at or past HistogramRange: the
// overflow bucket), ORed together; skipOrRefuse sorts them out. The branch
// lives here, not in AddChecked, so that AddChecked stays one inlined call
// as it was before the guard (a second call put it past the inliner's
// budget). The common case computes its bucket without a branch
// (trackedBucket).
func (h *Histogram) add(d time.Duration, k kpi.Class, b Basis) {
	m := uint64(k) - uint64(kpi.Class2xx)
	last := uint64(kpi.Class5xx - kpi.Class2xx)
	if b == Only2xx {
		last = 0
	}
	var i int
	if int64(uint64(d)|m|(last-m)|(uint64(d)+rangeGuard)) < 0 {
		if h.skipOrRefuse(d, k, m, last) {
			return
		}
		i = overflow
	} else {
		i = trackedBucket(uint64(d))
	}
	// insert, written out: the call cost the ingest a few percent.
	if h.n < 2 {
		h.insertFew(d, i)
		return
	}
	p := h.t.pages[i>>subBits]
	if p == nil {
		p = h.newPage(i >> subBits)
	}
	p[i&(subN-1)]++
	if d < h.min {
		h.min = d
	} else if d > h.max {
		h.max = d
	}
	h.n++
}

// insert records d >= 0, in bucket i (bucketOf(d)).
func (h *Histogram) insert(d time.Duration, i int) {
	if h.n < 2 {
		h.insertFew(d, i)
		return
	}
	p := h.t.pages[i>>subBits]
	if p == nil {
		p = h.newPage(i >> subBits)
	}
	p[i&(subN-1)]++
	if d < h.min {
		h.min = d
	} else if d > h.max {
		h.max = d
	}
	h.n++
}

// insertFew is insert into a histogram of no value or one: the first
// value is kept as min and max alone; the second puts both in pages.
func (h *Histogram) insertFew(d time.Duration, i int) {
	if h.n == 0 {
		h.min, h.max, h.n = d, d, 1
		return
	}
	h.spill()
	h.n = 2
	h.count(i)
	h.min, h.max = min(h.min, d), max(h.max, d)
}

// spill puts the value of a one-value histogram (its min) in its bucket,
// making the table and page as needed; n is unchanged.
func (h *Histogram) spill() {
	h.table()
	h.count(bucketOf(uint64(h.min)))
}

// count adds one to bucket i (h has its table).
func (h *Histogram) count(i int) {
	p := h.t.pages[i>>subBits]
	if p == nil {
		p = h.newPage(i >> subBits)
	}
	p[i&(subN-1)]++
}

// newPage allocates page i (h has its table).
func (h *Histogram) newPage(i int) *histPage {
	p := new(histPage)
	h.t.pages[i] = p
	return p
}

// AddCall records c.TTLB when c is in basis b (Responded: Status != 0, the
// population of Rule PF-AVG-1; Only2xx: 2xx). A call failing kpi.Check is
// counted in Rejected and its Reason returned; a valid call outside the
// basis is skipped (nil). It allocates only as Add does.
func (h *Histogram) AddCall(c *kpi.Call, b Basis) error {
	r := kpi.Check(c)
	if r != kpi.OK {
		h.reject(r)
		return r
	}
	k := c.Class()
	h.AddChecked(c, k, b)
	return nil
}

// AddChecked is AddCall for a call that has passed kpi.Check, with k its
// class (c.Class()): the combined ingest checks a call once and hands it
// to every accumulator (see the package doc, Concurrency and allocation).
// A call in a class outside basis b is skipped. It still refuses, in one
// predictable branch, what would corrupt the histogram: a k that names no
// class (>= kpi.ClassInvalid) is counted in Rejected as kpi.BadStatus, a
// negative TTLB as kpi.NegativeTTLB (whatever the basis, as AddCall does).
func (h *Histogram) AddChecked(c *kpi.Call, k kpi.Class, b Basis) {
	if c == nil { // a nil call is the zero Call: bad input
		h.reject(kpi.ZeroReceivedAt)
		return
	}
	h.add(c.TTLB, k, b)
}

// skipOrRefuse is AddChecked's rare path (m and last as in add): it
// counts a k that names no class or a negative TTLB d in Rejected, skips
// a call outside the basis (no response, or not a 2xx under Only2xx), and
// reports whether it did either; false leaves a value d >= HistogramRange
// of the basis, for the overflow bucket.
func (h *Histogram) skipOrRefuse(d time.Duration, k kpi.Class, m, last uint64) bool {
	switch {
	case k >= kpi.ClassInvalid:
		h.reject(kpi.BadStatus)
	case d < 0:
		h.reject(kpi.NegativeTTLB)
	case int64(m|(last-m)) < 0:
	default:
		return false
	}
	return true
}

// Merge adds o's counts into h: the result equals a Histogram given both
// inputs, bucket for bucket. It is associative and commutative, the empty
// Histogram is its identity, and o is not changed (h.Merge(h) doubles h).
// It allocates one page for each power of two o has and h lacks: nothing
// when h already has o's pages (a receiver that has merged such a day
// before, or was Reset after one), up to one per page of o when h is
// fresh.
//
// Merge never wraps around (see kpi.ErrMergeOverflow): when the count or
// a rejection count would pass 2^64 − 1 (every bucket is at most the
// count) it returns kpi.ErrMergeOverflow and h is unchanged.
func (h *Histogram) Merge(o *Histogram) error {
	if o == nil {
		return nil
	}
	var or *kpi.Rejections[kpi.Reason] // o's rejections, nil when none
	if o.t != nil && o.t.rejected != (kpi.Rejections[kpi.Reason]{}) {
		or = &o.t.rejected
	}
	if _, c := bits.Add64(h.n, o.n, 0); c != 0 {
		return kpi.ErrMergeOverflow
	}
	if or != nil {
		hr := h.Rejections()
		if !sum.Fits(hr[:], or[:]) {
			return kpi.ErrMergeOverflow
		}
		_ = h.table().rejected.Merge(or) // fits: checked above
	}
	switch {
	case o.n == 0:
		return nil
	case o.n == 1: // its one value, as Add would record it
		h.insert(o.min, bucketOf(uint64(o.min)))
		return nil
	case h.n == 1: // h's one value joins the pages o's are merged into
		h.spill()
	}
	ht, ot := h.table(), o.t
	// Only the pages of o's occupied range [bucket(min), bucket(max)] can
	// hold counts (a page kept by Reset may be allocated and zero).
	lo, hi := bucketOf(uint64(o.min))>>subBits, bucketOf(uint64(o.max))>>subBits
	for i := lo; i <= hi; i++ {
		op := ot.pages[i]
		if op == nil {
			continue
		}
		hp := ht.pages[i]
		if hp == nil {
			hp = h.newPage(i)
		}
		for j := range hp {
			hp[j] += op[j]
		}
	}
	if h.n == 0 || o.min < h.min {
		h.min = o.min
	}
	if h.n == 0 || o.max > h.max {
		h.max = o.max
	}
	h.n += o.n
	return nil
}

// Reset empties h and keeps its table and pages (zeroed). It does not
// allocate.
func (h *Histogram) Reset() {
	if h.t != nil {
		for _, p := range h.t.pages {
			if p != nil {
				*p = histPage{}
			}
		}
		h.t.rejected = kpi.Rejections[kpi.Reason]{}
	}
	h.n, h.min, h.max = 0, 0, 0
}

// Clone returns a copy of h that shares nothing with it (only the pages
// that hold counts are copied).
func (h *Histogram) Clone() Histogram {
	c := *h
	if h.t != nil {
		c.t = &histTable{rejected: h.t.rejected}
		for i, p := range h.t.pages {
			if p != nil && *p != (histPage{}) {
				cp := *p
				c.t.pages[i] = &cp
			}
		}
	}
	return c
}

// Equal reports whether h and o hold the same counts, min, max and
// rejections: whether they answer every reading alike. A missing page
// equals a zeroed one.
func (h *Histogram) Equal(o *Histogram) bool {
	if h.n != o.n || h.Rejections() != o.Rejections() || (h.n != 0 && (h.min != o.min || h.max != o.max)) {
		return false
	}
	for i := range numPages {
		a, b := h.page(i), o.page(i)
		switch {
		case a == b:
		case a == nil:
			if *b != (histPage{}) {
				return false
			}
		case b == nil:
			if *a != (histPage{}) {
				return false
			}
		case *a != *b:
			return false
		}
	}
	return true
}

// RetainedBytes is the memory h holds: the header, its table and its
// pages.
func (h *Histogram) RetainedBytes() int {
	n := int(unsafe.Sizeof(*h))
	if h.t == nil {
		return n
	}
	n += int(unsafe.Sizeof(*h.t))
	for _, p := range h.t.pages {
		if p != nil {
			n += pageSize
		}
	}
	return n
}

// Count is the number of durations recorded.
func (h *Histogram) Count() uint64 { return h.n }

// Rejections returns what Add and AddCall refused, by reason.
func (h *Histogram) Rejections() kpi.Rejections[kpi.Reason] {
	if h.t == nil {
		return kpi.Rejections[kpi.Reason]{}
	}
	return h.t.rejected
}

// Min returns the smallest duration recorded (exact), false when empty.
func (h *Histogram) Min() (time.Duration, bool) { return h.min, h.n > 0 }

// Max returns the largest duration recorded (exact), false when empty.
func (h *Histogram) Max() (time.Duration, bool) { return h.max, h.n > 0 }

// Quantile estimates the q-quantile (q in [0, 1]; 0.95 for p95) within
// MaxRelativeError of ExactQuantile (see the type's error bound). It
// returns false when h is empty or q is outside [0, 1] or NaN.
func (h *Histogram) Quantile(q float64) (time.Duration, bool) {
	if h.n == 0 || !(q >= 0 && q <= 1) {
		return 0, false
	}
	r := Rank(q, h.n)
	switch {
	case r == 1:
		return h.min, true
	case r == h.n:
		return h.max, true
	}
	var seen uint64 // n >= 3 here (rank 1 < r < n): h has its table
	for i := bucketOf(uint64(h.min)); i <= overflow; i++ {
		p := h.t.pages[i>>subBits]
		if p == nil { // a page never touched: skip it whole
			i |= subN - 1
			continue
		}
		seen += p[i&(subN-1)]
		if seen < r {
			continue
		}
		if i == overflow {
			return h.max, true
		}
		lower, width := bucketBounds(i)
		est := time.Duration(lower + width/2)
		return min(max(est, h.min), h.max), true
	}
	return h.max, true // unreachable: the counts sum to n
}

// Rank is the 1-based rank of the q-quantile among n values: ceil(q·n),
// at least 1 and at most n, with q·n computed in float64 (so the p95 of
// 100 values is the 95th, and the p90 of 10 the 9th). Exact for n below
// 2^53. It returns 0 when n is 0 or q is outside [0, 1] or NaN.
func Rank(q float64, n uint64) uint64 {
	if n == 0 || !(q >= 0 && q <= 1) {
		return 0
	}
	r := math.Ceil(q * float64(n))
	if r < 1 {
		return 1
	}
	if r >= float64(n) {
		return n
	}
	return uint64(r)
}
