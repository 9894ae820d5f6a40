package performance

import (
	"encoding"
	"math"
	"math/bits"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/u128"
	"github.com/openfinance-kpi/kpi/internal/wire"
)

// The binary encodings of the package's accumulators, written
// with internal/wire: a header (magic, kind, version 1), then the fields
// below in order. See the package doc, Encoding. Every decoder reads into
// a fresh value, checks what later methods rely on (failing with
// wire.ErrInvalid), and assigns the receiver only on success.

// --- Stats (wire.KindStats) ---------------------------------------------

// AppendBinary appends the encoding of s to b (encoding.BinaryAppender):
// its Options (PageSize, Threshold), Calls, Σ bytes, the sums of the 2xx
// and of the other responded calls, and the rejections by reason.
func (s *Stats) AppendBinary(b []byte) ([]byte, error) {
	b = wire.AppendHeader(b, wire.KindStats, 1)
	b = wire.AppendVarint(b, int64(s.opts.PageSize))
	b = wire.AppendDuration(b, s.opts.Threshold)
	b = wire.AppendUvarint(b, s.calls)
	b = wire.AppendU128(b, s.bytes)
	b = s.ok.append(b)
	b = s.other.append(b)
	return wire.AppendRejections(b, s.rejected[:], kpi.NumReasons), nil
}

// MarshalBinary returns the encoding of s (AppendBinary(nil)).
func (s *Stats) MarshalBinary() ([]byte, error) { return s.AppendBinary(nil) }

// UnmarshalBinary sets s to the Stats data encodes. On error s is
// unchanged: wire.ErrTruncated, ErrForeign (not a Stats), ErrVersion,
// ErrTrailing, or ErrInvalid for a state no sequence of Add and Merge
// makes (say, more calls in the sums than in Calls, an average above the
// maximum, more pages or bytes than Add can sum for the calls, a share
// within the threshold that disagrees with the maximum, or Options not in
// canonical form or refused by Validate; see population.valid).
func (s *Stats) UnmarshalBinary(data []byte) error {
	r, _ := wire.NewReader(data, "performance.Stats", wire.KindStats, 1)
	var d Stats
	d.opts.PageSize = r.Int()
	d.opts.Threshold = r.Duration()
	d.calls = r.Uvarint()
	d.bytes = r.U128()
	d.ok.read(r)
	d.other.read(r)
	r.Rejections(d.rejected[:kpi.NumReasons])
	if r.Err() != nil {
		return r.Err()
	}
	if !d.valid() || d.opts.bad() {
		r.Fail(wire.ErrInvalid)
		return r.Err()
	}
	*s = d
	return nil
}

// valid reports whether s is a state Add and Merge can make (see
// UnmarshalBinary and population.valid).
func (s *Stats) valid() bool {
	responded, carry := bits.Add64(s.ok.v, s.other.v, 0)
	return s.opts == s.opts.canonical() && carry == 0 && responded <= s.calls &&
		!above(s.bytes, s.calls, math.MaxInt64) && // each call adds 0 to MaxInt64 bytes
		s.ok.valid(s.opts) && s.other.valid(s.opts)
}

func (p *population) append(b []byte) []byte {
	b = wire.AppendUvarint(b, p.v)
	b = wire.AppendU128(b, p.ttlb)
	b = wire.AppendUvarint(b, p.ttfbN)
	b = wire.AppendU128(b, p.ttfb)
	b = wire.AppendU128(b, p.pages)
	b = wire.AppendDuration(b, p.max)
	return wire.AppendUvarint(b, p.within)
}

func (p *population) read(r *wire.Reader) {
	p.v = r.Uvarint()
	p.ttlb = r.U128()
	p.ttfbN = r.Uvarint()
	p.ttfb = r.U128()
	p.pages = r.U128()
	p.max = r.Duration()
	p.within = r.Uvarint()
}

// valid reports whether p is a state Add and Merge can make: empty when v
// is 0; otherwise TTFBs counted <= v, Σ TTFB 0 when none is counted,
// within <= v (0 without a threshold), and with a threshold all v calls
// within exactly when the maximum is (max <= Threshold: every TTLB is at
// most max; max > Threshold: the call that set it is not within). Each
// call adds 1 to ceil(MaxInt64 / P) pages (pagesOf of Records 0 to
// MaxInt64), so v <= Σ pages <= v·ceil(MaxInt64 / P); Σ TTFB <= Σ TTLB and
// Σ TTFB <= max·TTFBs (a known TTFB is at most its TTLB); max <= Σ TTLB
// <= max·v (the average lies between 0 and the maximum).
func (p *population) valid(o Options) bool {
	if p.v == 0 {
		return *p == population{}
	}
	allWithin := p.within == p.v
	if p.ttfbN > p.v || p.within > p.v || p.max < 0 || (p.ttfbN == 0 && !p.ttfb.IsZero()) ||
		(o.Threshold == 0 && p.within != 0) || (o.Threshold > 0 && allWithin != (p.max <= o.Threshold)) ||
		p.pages.Cmp(u128.From(p.v)) < 0 || p.ttfb.Cmp(p.ttlb) > 0 || p.ttlb.Cmp(u128.From(uint64(p.max))) < 0 {
		return false
	}
	return !above(p.pages, p.v, pagesOf(math.MaxInt64, o.PageSize)) &&
		!above(p.ttlb, p.v, uint64(p.max)) && !above(p.ttfb, p.ttfbN, uint64(p.max))
}

// above reports whether sum > n·each, in 128 bits (n·each cannot wrap).
func above(sum u128.U128, n, each uint64) bool {
	hi, lo := bits.Mul64(n, each)
	return sum.Cmp(u128.U128{Hi: hi, Lo: lo}) > 0
}

// --- Histogram (wire.KindHistogram) -------------------------------------

// AppendBinary appends the encoding of h to b: the count, min and max,
// then the non-empty buckets as (index delta, count) pairs in ascending
// order, then the rejections. Empty buckets and untouched pages cost
// nothing: a realistic endpoint-day encodes in a few hundred bytes.
func (h *Histogram) AppendBinary(b []byte) ([]byte, error) {
	b = wire.AppendHeader(b, wire.KindHistogram, 1)
	b = wire.AppendUvarint(b, h.n)
	b = wire.AppendDuration(b, h.min)
	b = wire.AppendDuration(b, h.max)
	rej := h.Rejections()
	if h.n == 1 { // the one value, in its bucket (no page holds it)
		b = wire.AppendUvarint(b, 1)
		b = wire.AppendUvarint(b, uint64(bucketOf(uint64(h.min))))
		b = wire.AppendUvarint(b, 1)
		return wire.AppendRejections(b, rej[:], kpi.NumReasons), nil
	}
	nonEmpty := 0
	for i := range numPages {
		if p := h.page(i); p != nil {
			for _, c := range p {
				if c != 0 {
					nonEmpty++
				}
			}
		}
	}
	b = wire.AppendUvarint(b, uint64(nonEmpty))
	prev := -1
	for pi := range numPages {
		p := h.page(pi)
		if p == nil {
			continue
		}
		for j, c := range p {
			if c != 0 {
				i := pi<<subBits | j
				b = wire.AppendUvarint(b, uint64(i-prev-1))
				b = wire.AppendUvarint(b, c)
				prev = i
			}
		}
	}
	return wire.AppendRejections(b, rej[:], kpi.NumReasons), nil
}

// MarshalBinary returns the encoding of h (AppendBinary(nil)).
func (h *Histogram) MarshalBinary() ([]byte, error) { return h.AppendBinary(nil) }

// UnmarshalBinary sets h to the Histogram data encodes. On error h is
// unchanged: wire.ErrTruncated, ErrForeign, ErrVersion, ErrTrailing, or
// ErrInvalid when a bucket index is out of range, a count is 0, the counts
// do not sum to the count, min and max are not in the first and last
// non-empty buckets, or a single value has min != max. The decoded Histogram holds only the pages it needs.
func (h *Histogram) UnmarshalBinary(data []byte) error {
	r, _ := wire.NewReader(data, "performance.Histogram", wire.KindHistogram, 1)
	var d Histogram
	d.n = r.Uvarint()
	d.min = r.Duration()
	d.max = r.Duration()
	k := r.Len(2)
	var sum uint64
	sumOK := true
	first, last := -1, -1
	for range k {
		i := last + 1 + int(min(r.Uvarint(), overflow+1)) // capped: no int overflow
		c := r.Uvarint()
		if i > overflow || c == 0 { // or a read failed: the first error sticks
			r.Fail(wire.ErrInvalid)
			break
		}
		d.table()
		p := d.t.pages[i>>subBits]
		if p == nil {
			p = d.newPage(i >> subBits)
		}
		p[i&(subN-1)] = c
		var carry uint64
		sum, carry = bits.Add64(sum, c, 0)
		sumOK = sumOK && carry == 0
		if first < 0 {
			first = i
		}
		last = i
	}
	var rej kpi.Rejections[kpi.Reason]
	r.Rejections(rej[:kpi.NumReasons])
	if r.Err() != nil {
		return r.Err()
	}
	if d.n == 1 {
		d.t = nil // one value is kept as min and max alone
	}
	if rej != (kpi.Rejections[kpi.Reason]{}) {
		d.table().rejected = rej
	}
	ok := sumOK && sum == d.n
	if d.n == 0 {
		ok = ok && d.min == 0 && d.max == 0
	} else {
		ok = ok && d.min >= 0 && d.min <= d.max && bucketOf(uint64(d.min)) == first && bucketOf(uint64(d.max)) == last &&
			(d.n > 1 || d.min == d.max) // one value is both the min and the max
	}
	if !ok {
		r.Fail(wire.ErrInvalid)
		return r.Err()
	}
	*h = d
	return nil
}

// --- the per-second table (Throughput and PIPS) -------------------------

// append encodes the table in canonical form (it compacts p first): the
// number of blocks, then per block the base (the first as is, then the
// delta from the previous base), the number of entries, and each entry as
// (second delta from the previous entry of the block, count). A second
// with more than 32,767 calls is several entries, the later ones full
// with a delta of 0, exactly as held, so that a decoder allocates no more
// entries than the input lists.
func (p *perSecond) append(b []byte) []byte {
	p.settle()
	b = wire.AppendUvarint(b, uint64(len(p.b)))
	var prevBase uint32
	for bi := range p.b {
		blk := &p.b[bi]
		if bi == 0 {
			b = wire.AppendUvarint(b, uint64(blk.base))
		} else {
			b = wire.AppendUvarint(b, uint64(blk.base-prevBase))
		}
		prevBase = blk.base
		b = wire.AppendUvarint(b, uint64(len(blk.e)))
		var prevSec uint32
		for _, e := range blk.e {
			b = wire.AppendUvarint(b, uint64(entrySec(e)-prevSec))
			b = wire.AppendUvarint(b, uint64(entryCount(e)))
			prevSec = entrySec(e)
		}
	}
	return b
}

// read decodes a table written by append, checking that it is canonical:
// bases ascending within range, blocks non-empty, seconds within the
// block and ascending, counts 1 to 32,767, and a repeated second only as
// a full entry after its first.
func (p *perSecond) read(r *wire.Reader) {
	nb := r.Len(4)
	if nb == 0 {
		return
	}
	p.b = make([]secBlock, 0, nb)
	var base uint64
	for bi := range nb {
		delta := r.Uvarint()
		if bi > 0 && delta == 0 {
			r.Fail(wire.ErrInvalid)
		}
		base += min(delta, maxBase+1) // capped: no wrap
		ne := r.Len(2)
		if base > maxBase || ne == 0 { // or a read failed: the first error sticks
			r.Fail(wire.ErrInvalid)
			return
		}
		blk := secBlock{base: uint32(base), sorted: int32(ne), e: make([]uint32, ne)}
		var sec uint64
		for i := range ne {
			ds := r.Uvarint()
			c := r.Uvarint()
			sec += min(ds, blockMask+1)
			if sec > blockMask || c == 0 || c > countMax || (i > 0 && ds == 0 && c != countMax) {
				r.Fail(wire.ErrInvalid)
				return
			}
			blk.e[i] = uint32(sec)<<countBits | uint32(c)
			p.total += c // at most 32,767 per input byte pair: cannot overflow
		}
		p.b = append(p.b, blk)
	}
}

// --- Throughput (wire.KindThroughput) -----------------------------------

// AppendBinary appends the encoding of t to b: the responded count, the
// out-of-range count, the rejections, then the per-second table (see
// perSecond.append; Calls is the sum of its counts). Like the reading
// methods, it compacts t's table in place first, so it must not run
// concurrently with any other use of t.
func (t *Throughput) AppendBinary(b []byte) ([]byte, error) {
	b = wire.AppendHeader(b, wire.KindThroughput, 1)
	b = wire.AppendUvarint(b, t.responded)
	b = wire.AppendUvarint(b, t.outOfRange)
	b = wire.AppendRejections(b, t.rejected[:], kpi.NumReasons)
	return t.sec.append(b), nil
}

// MarshalBinary returns the encoding of t (AppendBinary(nil)).
func (t *Throughput) MarshalBinary() ([]byte, error) { return t.AppendBinary(nil) }

// UnmarshalBinary sets t to the Throughput data encodes. On error t is
// unchanged: wire.ErrTruncated, ErrForeign, ErrVersion, ErrTrailing, or
// ErrInvalid for a table that is not canonical or more responded calls
// than calls. The decoded table has no slack.
func (t *Throughput) UnmarshalBinary(data []byte) error {
	r, _ := wire.NewReader(data, "performance.Throughput", wire.KindThroughput, 1)
	var d Throughput
	d.responded = r.Uvarint()
	d.outOfRange = r.Uvarint()
	r.Rejections(d.rejected[:kpi.NumReasons])
	d.sec.read(r)
	if r.Err() != nil {
		return r.Err()
	}
	if d.responded > d.sec.total {
		r.Fail(wire.ErrInvalid)
		return r.Err()
	}
	*t = d
	return nil
}

// --- PIPS (wire.KindPIPS) -----------------------------------------------

// AppendBinary appends the encoding of p to b: its options (the success
// codes, one byte), the payments, the out-of-range count, the rejections,
// then the per-second table of successes. It compacts p's table in place
// first, as the reading methods do.
func (p *PIPS) AppendBinary(b []byte) ([]byte, error) {
	b = wire.AppendHeader(b, wire.KindPIPS, 1)
	b = append(b, byte(p.opts.Success))
	b = wire.AppendUvarint(b, p.payments)
	b = wire.AppendUvarint(b, p.outOfRange)
	b = wire.AppendRejections(b, p.rejected[:], kpi.NumReasons)
	return p.sec.append(b), nil
}

// MarshalBinary returns the encoding of p (AppendBinary(nil)).
func (p *PIPS) MarshalBinary() ([]byte, error) { return p.AppendBinary(nil) }

// UnmarshalBinary sets p to the PIPS data encodes. On error p is
// unchanged: wire.ErrTruncated, ErrForeign, ErrVersion, ErrTrailing, or
// ErrInvalid for unknown success codes, a table that is not canonical, or
// more successes than payments.
func (p *PIPS) UnmarshalBinary(data []byte) error {
	r, _ := wire.NewReader(data, "performance.PIPS", wire.KindPIPS, 1)
	var d PIPS
	d.opts.Success = SuccessCodes(r.Byte())
	d.payments = r.Uvarint()
	d.outOfRange = r.Uvarint()
	r.Rejections(d.rejected[:kpi.NumReasons])
	d.sec.read(r)
	if r.Err() != nil {
		return r.Err()
	}
	if d.opts.Success > CBBStrict || d.sec.total > d.payments {
		r.Fail(wire.ErrInvalid)
		return r.Err()
	}
	*p = d
	return nil
}

// --- Execution (wire.KindExecution) -------------------------------------

// AppendBinary appends the encoding of e to b: its limit (0 for the
// default), the count, Σ execution time, the maximum, the count within
// the limit, and the rejections by PaymentReason (preceded by their
// number, as wire.AppendRejections does for calls).
func (e *Execution) AppendBinary(b []byte) ([]byte, error) {
	b = wire.AppendHeader(b, wire.KindExecution, 1)
	b = wire.AppendDuration(b, e.opts.Limit)
	b = wire.AppendUvarint(b, e.n)
	b = wire.AppendU128(b, e.sum)
	b = wire.AppendDuration(b, e.max)
	b = wire.AppendUvarint(b, e.within)
	return wire.AppendRejections(b, e.rejected[:], int(numPaymentReasons)), nil
}

// MarshalBinary returns the encoding of e (AppendBinary(nil)).
func (e *Execution) MarshalBinary() ([]byte, error) { return e.AppendBinary(nil) }

// UnmarshalBinary sets e to the Execution data encodes. On error e is
// unchanged: wire.ErrTruncated, ErrForeign, ErrVersion, ErrTrailing, or
// ErrInvalid for a limit not in canonical form, more payments within than
// payments, all within the limit while the maximum is not (or the other
// way round), a maximum outside [average, Σ], or counts of payment
// reasons this release does not know or of PaymentOK.
func (e *Execution) UnmarshalBinary(data []byte) error {
	r, _ := wire.NewReader(data, "performance.Execution", wire.KindExecution, 1)
	var d Execution
	d.opts.Limit = r.Duration()
	d.n = r.Uvarint()
	d.sum = r.U128()
	d.max = r.Duration()
	d.within = r.Uvarint()
	r.Rejections(d.rejected[:numPaymentReasons])
	if r.Err() != nil {
		return r.Err()
	}
	if !d.valid() || d.opts.Limit < 0 {
		r.Fail(wire.ErrInvalid)
		return r.Err()
	}
	*e = d
	return nil
}

// valid reports whether e is a state Add and Merge can make (see
// UnmarshalBinary).
func (e *Execution) valid() bool {
	ok := e.opts == e.opts.canonical() && e.within <= e.n
	if e.n == 0 {
		return ok && e.sum.IsZero() && e.max == 0 && e.within == 0
	}
	// Every execution time is at most max, so all are within the limit
	// exactly when max is; and max <= Σ <= max·n.
	return ok && e.max >= 0 && (e.within == e.n) == (e.max <= e.opts.limit()) &&
		e.sum.Cmp(u128.From(uint64(e.max))) >= 0 && !above(e.sum, e.n, uint64(e.max))
}

// The accumulators are encoding.BinaryMarshaler, BinaryAppender and
// BinaryUnmarshaler.
var (
	_ binaryCodec = (*Stats)(nil)
	_ binaryCodec = (*Histogram)(nil)
	_ binaryCodec = (*Throughput)(nil)
	_ binaryCodec = (*PIPS)(nil)
	_ binaryCodec = (*Execution)(nil)
)

type binaryCodec interface {
	encoding.BinaryMarshaler
	encoding.BinaryAppender
	encoding.BinaryUnmarshaler
}
