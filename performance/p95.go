package performance

import (
	"fmt"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/sum"
)

// Measure is the duration of a call that a rank rule (RG-P95-2) orders:
// TTLB (the DEFAULT) or TTFB (the OPTION). The zero value is MeasureTTLB;
// a value naming no measure reads as MeasureTTLB.
type Measure uint8

const (
	// MeasureTTLB is the DEFAULT of Rule RG-P95-2: the response time is
	// the TTLB, the library's response time everywhere else.
	MeasureTTLB Measure = iota
	// MeasureTTFB is the OPTION of Rule RG-P95-2: the response time is the
	// TTFB, closer to Open Finance Brasil's processTimespan (time to the
	// first byte of the response). Calls whose TTFB is unknown are left
	// out and counted (P95.NoTTFB).
	MeasureTTFB
)

func (m Measure) String() string {
	if m == MeasureTTFB {
		return "ttfb"
	}
	return "ttlb"
}

// P95Options are the ingest-time parameters of a P95. The zero value is
// the DEFAULT (TTLB).
type P95Options struct {
	// Measure is the duration ordered: MeasureTTLB (DEFAULT) or
	// MeasureTTFB (OPTION).
	Measure Measure
}

func (o P95Options) canonical() P95Options { return o }

// Validate reports a Measure that names no measure: an error wrapping
// ErrBadOptions. The zero value is valid. A P95 made with options it
// refuses refuses every Add with ErrBadOptions.
func (o P95Options) Validate() error {
	if o.Measure > MeasureTTFB {
		return fmt.Errorf("%w: unknown Measure %d", ErrBadOptions, o.Measure)
	}
	return nil
}

// P95Excluded reports whether status is left out of Rule RG-P95-2: 423
// (locked), 429 (too many requests) and 529 (site overloaded), the
// answers Open Finance Brasil's monitoring does not time.
func P95Excluded(status int) bool { return status == 423 || status == 429 || status == 529 }

// P95 is the mergeable state of Rule RG-P95-2 for one endpoint-day: the
// exact nearest-rank 95th percentile of the day's response times. Every
// call counts except those answered 423, 429 or 529 (counted apart,
// Excluded); a call with no response (Status 0) counts with its TTLB, the
// time until the gateway gave up, since RG-P95-2 leaves out only those
// three statuses.
//
// Value returns the k-th smallest time, k = P95Rank(n): one of the
// times added, exact. ReferenceP95 is the batch version it is tested
// against. Memory is that of a Ranks: about 21 to 43 bytes per distinct
// response time, bounded for a millisecond-resolution log by the slowest
// call in ms (see Ranks, Memory).
//
// The zero value is an empty P95 with the default options (TTLB);
// NewP95 makes one with others. Copying a P95 by assignment shares its
// table: use Clone. Not safe for concurrent use. Add does not allocate
// once the table has grown (see Ranks).
type P95 struct {
	opts     P95Options
	r        Ranks
	excluded uint64 // calls answered 423, 429 or 529
	noTTFB   uint64 // MeasureTTFB: calls with an unknown TTFB
	rejected kpi.Rejections[kpi.Reason]
}

// NewP95 returns an empty P95 that counts with opts.
func NewP95(opts P95Options) P95 { return P95{opts: opts.canonical()} }

// Options returns the options p counts with.
func (p *P95) Options() P95Options { return p.opts }

// Add ingests one call. A call that fails kpi.Check is not counted: Add
// returns its kpi.Reason and counts it in Rejected. A call answered 423,
// 429 or 529 is counted in Excluded only; under MeasureTTFB a call with
// an unknown TTFB is counted in NoTTFB only. Every other call adds its
// time. Add does not allocate once the table has grown.
func (p *P95) Add(c *kpi.Call) error {
	if p.opts.Measure > MeasureTTFB {
		return ErrBadOptions
	}
	if r := kpi.Check(c); r != kpi.OK {
		p.rejected.Add(r)
		return r
	}
	p.AddChecked(c)
	return nil
}

// AddChecked is Add for a call that passed kpi.Check (a caller that
// checks once and feeds several accumulators). It does not allocate once
// the table has grown.
func (p *P95) AddChecked(c *kpi.Call) {
	if c == nil { // a nil call is the zero Call: bad input
		p.rejected.Add(kpi.ZeroReceivedAt)
		return
	}
	switch {
	case P95Excluded(c.Status):
		p.excluded++
	case p.opts.Measure == MeasureTTFB:
		if !c.HasTTFB {
			p.noTTFB++
			return
		}
		p.r.Add(uint64(c.TTFB))
	default:
		p.r.Add(uint64(c.TTLB))
	}
}

// Merge adds o into p, so that p reads as if it had been given the calls
// of both. It is exact, associative and commutative; an empty P95 (no call
// accepted; rejections are carried) is its identity on either side and an
// empty p takes o's options. When both hold calls and their options
// differ, Merge returns kpi.ErrOptionsDiffer and changes nothing. It never
// changes o and allocates only to grow p's table.
func (p *P95) Merge(o *P95) error {
	if o == nil {
		return nil
	}
	var a sum.Adder
	a.Add(p.r.n, o.r.n)
	a.Add(p.excluded, o.excluded)
	a.Add(p.noTTFB, o.noTTFB)
	if a.Overflow || !sum.Fits(p.rejected[:], o.rejected[:]) {
		return kpi.ErrMergeOverflow
	}
	if !o.empty() {
		if p.empty() {
			p.opts = o.opts
		} else if p.opts != o.opts {
			return kpi.ErrOptionsDiffer
		}
	}
	_ = p.r.Merge(&o.r) // fits: checked above
	p.excluded += o.excluded
	p.noTTFB += o.noTTFB
	_ = p.rejected.Merge(&o.rejected)
	return nil
}

func (p *P95) empty() bool { return p.r.n == 0 && p.excluded == 0 && p.noTTFB == 0 }

// Reset empties p, keeping its options and its table. It does not
// allocate.
func (p *P95) Reset() {
	p.r.Reset()
	p.excluded, p.noTTFB = 0, 0
	p.rejected = kpi.Rejections[kpi.Reason]{}
}

// Pack holds p's times in a few bytes each, for a day whose calls are
// all in (see Ranks.Pack): it reads the same, and Add or a Merge into p
// unpacks it.
func (p *P95) Pack() { p.r.Pack() }

// Clone returns an independent copy of p.
func (p *P95) Clone() P95 {
	c := *p
	c.r = p.r.Clone()
	return c
}

// Equal reports whether p and o hold the same state.
func (p *P95) Equal(o *P95) bool {
	return p.opts == o.opts && p.excluded == o.excluded && p.noTTFB == o.noTTFB &&
		p.rejected == o.rejected && p.r.Equal(&o.r)
}

// N is the number of times ranked (n of Rule RG-P95-2).
func (p *P95) N() uint64 { return p.r.n }

// Excluded is the number of calls left out for their status (423, 429,
// 529).
func (p *P95) Excluded() uint64 { return p.excluded }

// NoTTFB is the number of calls left out under MeasureTTFB because their
// TTFB is unknown (0 under MeasureTTLB).
func (p *P95) NoTTFB() uint64 { return p.noTTFB }

// Rejections returns the calls Add refused, by reason.
func (p *P95) Rejections() kpi.Rejections[kpi.Reason] { return p.rejected }

// RetainedBytes is the memory p holds (see Ranks.RetainedBytes).
func (p *P95) RetainedBytes() int {
	return p.r.RetainedBytes() + int(sizeofP95) - int(sizeofRanks)
}

// Value is Rule RG-P95-2: the k-th smallest time, k = P95Rank(N()), and
// false when no time was counted. It allocates a sorted copy of the
// distinct values.
func (p *P95) Value() (time.Duration, bool) {
	v, ok := p.r.Rank(P95Rank(p.r.n))
	return time.Duration(v), ok
}

// Ms is Value in ms, exact (ns / 10^6); NoData when no time was counted.
func (p *P95) Ms() kpi.Ratio {
	d, ok := p.Value()
	return durationMs(d, ok)
}

func durationMs(d time.Duration, ok bool) kpi.Ratio {
	if !ok {
		return kpi.NoData
	}
	return kpi.RatioOf(uint64(d), 1_000_000)
}
