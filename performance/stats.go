package performance

import (
	"math"
	"math/big"
	"math/bits"
	"time"

	"github.com/openfinance-kpi/kpi/internal/sum"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/u128"
)

// population holds the sums of one Basis.
type population struct {
	v      uint64        // V: calls in the population
	ttlb   u128.U128     // T: Σ TTLB in ns
	ttfbN  uint64        // calls with a known TTFB
	ttfb   u128.U128     // Σ TTFB in ns over those
	pages  u128.U128     // Σ ceil(R/P), unknown R = 1 page
	max    time.Duration // max TTLB (valid when v > 0)
	within uint64        // TTLB <= Threshold (when measured)
}

func (p *population) merge(o *population) {
	var a sum.Adder
	p.mergeChecked(o, &a)
}

// mergeChecked is merge, noting in a any sum that does not fit.
func (p *population) mergeChecked(o *population, a *sum.Adder) {
	p.v = a.Add(p.v, o.v)
	p.ttlb = a.Add128(p.ttlb, o.ttlb)
	p.ttfbN = a.Add(p.ttfbN, o.ttfbN)
	p.ttfb = a.Add128(p.ttfb, o.ttfb)
	p.pages = a.Add128(p.pages, o.pages)
	if o.max > p.max {
		p.max = o.max
	}
	p.within = a.Add(p.within, o.within)
}

// Stats is the mergeable per-call state of one scope: an endpoint-day, an
// endpoint-hour, a group-day. It implements Rules PF-AVG-1, PF-AVG-2 (by
// Merge or PooledAvgTTLBMs), PF-PAGE-1, PF-MB-1, PF-MAX-1, PF-THR-1 and
// RG-HOURLY-1 (one Stats per endpoint-hour, merged into the day).
//
// Reach for Add to ingest a call, Merge to combine scopes (hours into a
// day, endpoints into a group, machines into one), and the reading methods
// (AvgTTLBMs, AvgTTLBPerPageMs, MsPerMB, MaxTTLB, WithinThresholdPercent,
// or Figures for all of them) to report. Reference is the batch version it
// is tested against.
//
// One reading convention: every reading that Rule PF-AVG-1's basis
// changes takes the Basis as its argument (Responded is the DEFAULT,
// Only2xx the OPTION), with no shorthand; the readings the basis does not
// change (Calls, Responded, ResponseBytes, MsPerMB, Options) take none.
//
// The zero value is an empty Stats with the default Options; NewStats makes
// one with other Options. A Stats is a small value (a few hundred bytes,
// no pointers) that can be copied, kept in a slice per endpoint, and
// compared with ==. It is not safe for concurrent use: give each goroutine
// its own and Merge them. Add, Merge and Reset do not allocate; readings
// allocate only the Ratio they return.
type Stats struct {
	opts  Options // canonical: defaults spelled as zero
	calls uint64
	bytes u128.U128 // Σ ResponseBytes of every call
	// The responded calls in two disjoint parts, 2xx and the rest (3xx to
	// 5xx), so that each call adds into one part: the Responded basis is
	// their sum, read by pop. Measured (CPU time, one 2xx call with 150
	// records added again and again): adding into one part, inline, instead
	// of calling population.add for both the Responded and the Only2xx
	// sums took Add from 7.5 to 6.1 ns; on the combined ingest (now the
	// perfsuite's BenchmarkIngestDay) Stats' share went from 3.9 to 2.0 ns.
	ok, other population
	rejected  kpi.Rejections[kpi.Reason]
}

// pop returns the sums of basis b.
func (s *Stats) pop(b Basis) population {
	if b.valid() == Only2xx {
		return s.ok
	}
	p := s.ok
	p.merge(&s.other)
	return p
}

// NewStats returns an empty Stats that counts with opts.
func NewStats(opts Options) Stats { return Stats{opts: opts.canonical()} }

// Options returns the options the Stats counts with, defaults spelled out
// (PageSize is never 0).
func (s *Stats) Options() Options {
	o := s.opts
	if o.PageSize == 0 {
		o.PageSize = DefaultPageSize
	}
	return o
}

// pagesOf is Rule PF-PAGE-1 for one response: ceil(R / P) pages, and 1 page
// when R is unknown (0). pageSize is Options.PageSize in canonical form (0
// is DefaultPageSize).
func pagesOf(records int64, pageSize int) uint64 {
	if records <= 0 {
		return 1
	}
	p := uint64(pageSize)
	if pageSize < 1 {
		p = DefaultPageSize
	}
	if uint64(records) <= p {
		// One page, the usual response, without the division (a 64-bit
		// divide is tens of cycles on the ingest path).
		return 1
	}
	return (uint64(records)-1)/p + 1
}

// Add ingests one call. A call that fails kpi.Check is not counted: Add
// returns its kpi.Reason and counts it in Rejected (kpi's BAD INPUT).
// A Stats made with Options that Validate refuses counts nothing and
// returns ErrBadOptions. Otherwise every call counts in Calls and
// ResponseBytes; a call with a
// response (Status != 0) also enters the Responded sums, and a 2xx the
// Only2xx sums. Add does not allocate.
func (s *Stats) Add(c *kpi.Call) error {
	if s.opts.bad() {
		return ErrBadOptions
	}
	r := kpi.Check(c)
	if r != kpi.OK {
		s.rejected.Add(r)
		return r
	}
	k := c.Class()
	s.AddChecked(c, k)
	return nil
}

// AddChecked is Add for a call that has passed kpi.Check, with k its class
// (c.Class()): the combined ingest checks a call once and hands it to
// every accumulator (see the package doc, Concurrency and allocation); it
// trusts the caller to have validated the Options too (a negative
// PageSize then reads as the default, a negative Threshold as none).
// It still refuses, in one predictable branch, what would corrupt its
// sums: a k that names no class (>= kpi.ClassInvalid) is counted in
// Rejected as kpi.BadStatus, and a negative TTLB or ResponseBytes or a
// known TTFB negative or above TTLB as kpi.Check's Reason for it. (A
// negative Records reads as unknown, 1 page, as kpi.Check would have
// refused it: no sum goes wrong.) It does not allocate.
func (s *Stats) AddChecked(c *kpi.Call, k kpi.Class) {
	if c == nil { // a nil call is the zero Call: bad input
		s.rejected.Add(kpi.ZeroReceivedAt)
		return
	}
	if badFields(c, k) {
		s.rejected.Add(fieldReason(c, k))
		return
	}
	s.calls++
	s.bytes.Add64(uint64(c.ResponseBytes))
	if k == kpi.ClassNoResponse {
		return
	}
	p := &s.other
	if k == kpi.Class2xx {
		p = &s.ok
	}
	// population.add by hand (see the Stats fields): as a function it is
	// past the inliner's budget, and the call was part of the cost.
	ttlb := c.TTLB
	p.v++
	p.ttlb.Add64(uint64(ttlb))
	if c.HasTTFB {
		p.ttfbN++
		p.ttfb.Add64(uint64(c.TTFB))
	}
	p.pages.Add64(pagesOf(c.Records, s.opts.PageSize))
	if ttlb > p.max {
		p.max = ttlb
	}
	if s.opts.Threshold > 0 && ttlb <= s.opts.Threshold {
		p.within++
	}
}

// badFields reports whether k names no class or a field whose sums Stats
// keeps is bad input (see fieldReason), as one branch: the sign bits of
// TTLB, TTFB, bytes, of TTLB - TTFB (no wrap once both are >= 0) and of
// (ClassInvalid-1) - k, ORed together; a TTFB without HasTTFB reads as 0,
// and is bad input unless it is 0 (kpi.UnflaggedTTFB). It
// costs about 0.8 ns a call on the combined ingest (CPU time per call,
// 12.8 ns without the guards and 13.6 with them, same run; the benchmark
// is now examples/internal/perfsuite's BenchmarkIngestDay).
func badFields(c *kpi.Call, k kpi.Class) bool {
	ttfb := c.TTFB
	if !c.HasTTFB {
		if ttfb != 0 {
			return true
		}
	}
	x := uint64(c.TTLB) | uint64(ttfb) | uint64(c.TTLB-ttfb) | uint64(c.ResponseBytes) |
		(uint64(kpi.ClassInvalid-1) - uint64(k))
	return int64(x) < 0
}

// fieldReason is kpi.Check's Reason for the first bad field badFields
// sees, in kpi.Check's order, with k standing for the status.
func fieldReason(c *kpi.Call, k kpi.Class) kpi.Reason {
	switch {
	case k >= kpi.ClassInvalid:
		return kpi.BadStatus
	case c.TTLB < 0:
		return kpi.NegativeTTLB
	case !c.HasTTFB && c.TTFB != 0:
		return kpi.UnflaggedTTFB
	case c.HasTTFB && c.TTFB < 0:
		return kpi.NegativeTTFB
	case c.HasTTFB && c.TTFB > c.TTLB:
		return kpi.TTFBAfterTTLB
	}
	return kpi.NegativeBytes
}

// Merge adds o into s, so that s reads as if it had been given the calls
// of both. Merge is associative and commutative, and an empty Stats (no
// call accepted; rejections are carried) is its identity on either side:
// an empty s takes o's Options. When both hold calls and their Options
// differ, Merge returns kpi.ErrOptionsDiffer and changes nothing. Merge never
// changes o (s.Merge(s) doubles s) and does not allocate.
//
// Merge never wraps around (see kpi.ErrMergeOverflow): when a count, a
// sum or a rejection count would not fit it returns kpi.ErrMergeOverflow
// and s is unchanged; the merged state is one UnmarshalBinary accepts
// (every average at most its maximum, and so on).
func (s *Stats) Merge(o *Stats) error {
	if o == nil {
		return nil
	}
	n := *s
	if o.calls != 0 {
		if s.calls == 0 {
			n.opts = o.opts
		} else if s.opts != o.opts {
			return kpi.ErrOptionsDiffer
		}
	}
	var a sum.Adder
	n.calls = a.Add(s.calls, o.calls)
	n.bytes = a.Add128(s.bytes, o.bytes)
	n.ok.mergeChecked(&o.ok, &a)
	n.other.mergeChecked(&o.other, &a)
	if a.Overflow || !n.valid() || n.rejected.Merge(&o.rejected) != nil {
		return kpi.ErrMergeOverflow
	}
	*s = n
	return nil
}

// Reset empties s and keeps its Options. It does not allocate.
func (s *Stats) Reset() { *s = Stats{opts: s.opts} }

// Rejections returns the calls Add refused, by reason.
func (s *Stats) Rejections() kpi.Rejections[kpi.Reason] { return s.rejected }

// Empty reports whether no call has been accepted (rejections aside).
func (s *Stats) Empty() bool { return s.calls == 0 }

// Calls is the number of calls accepted, every class and no-response
// included (CBB 1.10 "Total Number of API calls").
func (s *Stats) Calls() uint64 { return s.calls }

// Responded is V of Rule PF-AVG-1 (DEFAULT): calls with Status != 0.
func (s *Stats) Responded() uint64 { return s.ok.v + s.other.v }

// Volume is V of Rule PF-AVG-1 over basis b.
func (s *Stats) Volume(b Basis) uint64 {
	if b.valid() == Only2xx {
		return s.ok.v
	}
	return s.Responded()
}

var nsPerMs = big.NewInt(1_000_000)

// ms returns ns / 10^6 as a Ratio, or NoData when ok is false.
func ms(ns u128.U128, ok bool) kpi.Ratio {
	if !ok {
		return kpi.NoData
	}
	if ns.Hi == 0 { // the same Ratio, without a big.Int
		return kpi.RatioOf(ns.Lo, 1_000_000)
	}
	return kpi.RatioOfBig(ns.Big(), nsPerMs)
}

// perMs returns ns / (n · 10^6): a mean in ms of n durations, NoData when
// n is 0.
func perMs(ns, n u128.U128) kpi.Ratio {
	if n.IsZero() {
		return kpi.NoData
	}
	if hi, den := bits.Mul64(n.Lo, 1_000_000); ns.Hi == 0 && n.Hi == 0 && hi == 0 { // the same Ratio, without a big.Int
		return kpi.RatioOf(ns.Lo, den)
	}
	return kpi.RatioOfBig(ns.Big(), new(big.Int).Mul(n.Big(), nsPerMs))
}

// TotalTTLBMs is T of Rule PF-AVG-1 in ms (exact: Σ ns / 10^6) over basis
// b; CBB 1.11 "Total TTLB". NoData when V is 0.
func (s *Stats) TotalTTLBMs(b Basis) kpi.Ratio {
	p := s.pop(b)
	return ms(p.ttlb, p.v != 0)
}

// AvgTTLBMs is Rule PF-AVG-1: Avg = T / V in ms, where V is the calls of
// basis b (Responded: Status != 0; Only2xx: 2xx) and T the sum of their
// TTLB. NoData when V is 0.
func (s *Stats) AvgTTLBMs(b Basis) kpi.Ratio {
	p := s.pop(b)
	return perMs(p.ttlb, u128.From(p.v))
}

// TTFBCount is the number of calls of basis b whose TTFB is known: the V
// of the TTFB average (Rule PF-AVG-1 "TTFB the same").
func (s *Stats) TTFBCount(b Basis) uint64 { p := s.pop(b); return p.ttfbN }

// TotalTTFBMs is the sum of the known TTFBs of basis b in ms (CBB 1.12).
// NoData when no call of the basis has a known TTFB.
func (s *Stats) TotalTTFBMs(b Basis) kpi.Ratio {
	p := s.pop(b)
	return ms(p.ttfb, p.ttfbN != 0)
}

// AvgTTFBMs is Rule PF-AVG-1 for TTFB: Σ TTFB / TTFBCount in ms over the
// calls of basis b with a known TTFB. NoData when there are none.
func (s *Stats) AvgTTFBMs(b Basis) kpi.Ratio {
	p := s.pop(b)
	return perMs(p.ttfb, u128.From(p.ttfbN))
}

// MaxTTLB is Rule PF-MAX-1: the largest TTLB of a call of basis b, and
// false when there is none.
func (s *Stats) MaxTTLB(b Basis) (time.Duration, bool) {
	p := s.pop(b)
	return p.max, p.v != 0
}

// MaxTTLBMs is MaxTTLB in ms (exact); NoData when basis b has no call.
func (s *Stats) MaxTTLBMs(b Basis) kpi.Ratio {
	d, ok := s.MaxTTLB(b)
	return ms(u128.From(uint64(d)), ok)
}

func saturate(a u128.U128) uint64 {
	if a.Hi != 0 {
		return math.MaxUint64
	}
	return a.Lo
}

// Pages is Σ pages of Rule PF-PAGE-1 over the calls of basis b: a
// response with R records is ceil(R / P) pages, unknown R (0) is 1 page.
// The sum is kept in 128 bits; Pages saturates at math.MaxUint64 (beyond
// 1.8e19 pages; PagesBig is exact).
func (s *Stats) Pages(b Basis) uint64 { p := s.pop(b); return saturate(p.pages) }

// PagesBig is Σ pages over basis b, exact.
func (s *Stats) PagesBig(b Basis) *big.Int { p := s.pop(b); return p.pages.Big() }

// AvgTTLBPerPageMs is Rule PF-PAGE-1: T / Σ pages in ms over the calls
// of basis b. NoData when V is 0.
func (s *Stats) AvgTTLBPerPageMs(b Basis) kpi.Ratio {
	p := s.pop(b)
	return perMs(p.ttlb, p.pages)
}

// ResponseBytes is Σ ResponseBytes of every accepted call, no-response
// calls included (CBB 1.13 "Total Response Payload Size": the payloads
// "generated by the Total Number of API calls").
func (s *Stats) ResponseBytes() *big.Int { return s.bytes.Big() }

// MsPerMB is Rule PF-MB-1: T (ms) / (Σ ResponseBytes / unit), where T is
// the responded calls' TTLB (as AvgTTLBMs(Responded)), the bytes are those
// of every call (ResponseBytes), and unit is 10^6 bytes (MB, DEFAULT) or
// 2^20 (MiB, OPTION). NoData when the bytes or V are 0. It takes no
// Basis: the rule divides the responded calls' T by every call's bytes.
func (s *Stats) MsPerMB(unit ByteUnit) kpi.Ratio {
	p := s.pop(Responded)
	if p.v == 0 || s.bytes.IsZero() {
		return kpi.NoData
	}
	nh, nl := bits.Mul64(p.ttlb.Lo, unit.Bytes())
	dh, dl := bits.Mul64(s.bytes.Lo, 1_000_000)
	if p.ttlb.Hi == 0 && s.bytes.Hi == 0 && nh == 0 && dh == 0 { // the same Ratio, without a big.Int
		return kpi.RatioOf(nl, dl)
	}
	num := p.ttlb.Big()
	num.Mul(num, new(big.Int).SetUint64(unit.Bytes()))
	den := s.bytes.Big()
	den.Mul(den, nsPerMs)
	return kpi.RatioOfBig(num, den)
}

// WithinThreshold is Rule PF-THR-1 as counts over the calls of basis b:
// within = calls with TTLB <= Options.Threshold, of = V. When no
// Threshold is set it returns (0, 0). A call with no response is never
// within (it was not responded to) and is not in of, as it is not in V.
func (s *Stats) WithinThreshold(b Basis) (within, of uint64) {
	if s.opts.Threshold <= 0 {
		return 0, 0
	}
	p := s.pop(b)
	return p.within, p.v
}

// WithinThresholdPercent is Rule PF-THR-1 (and RG-HOURLY-1 on an hour's
// Stats): within / of · 100 over the calls of basis b. NoData when there
// is no Threshold or V is 0.
func (s *Stats) WithinThresholdPercent(b Basis) kpi.Ratio {
	return kpi.PercentOf(s.WithinThreshold(b))
}
