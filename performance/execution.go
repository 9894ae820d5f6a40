package performance

import (
	"fmt"
	"time"

	"github.com/openfinance-kpi/kpi/internal/sum"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/u128"
)

// ExecutionOptions are fixed when an Execution is made: the share within
// the limit is a count taken as payments arrive, so it must be known then.
// The zero value is the default (3 s). A comparable value, safe to share.
type ExecutionOptions struct {
	// Limit of Rule PF-EXEC-1: a payment is within it when Executed -
	// Accepted <= Limit (inclusive, "within 3 seconds"). 0 means
	// DefaultExecutionLimit; a negative value is invalid (Validate).
	Limit time.Duration
}

func (o ExecutionOptions) canonical() ExecutionOptions {
	if o.Limit == DefaultExecutionLimit {
		o.Limit = 0
	}
	return o
}

// Validate reports a negative Limit: an error wrapping ErrBadOptions. The
// zero value is valid. An Execution made with options it refuses refuses
// every Add with ErrBadOptions.
func (o ExecutionOptions) Validate() error {
	if o.Limit < 0 {
		return fmt.Errorf("%w: negative Limit %v", ErrBadOptions, o.Limit)
	}
	return nil
}

func (o ExecutionOptions) limit() time.Duration {
	if o.Limit <= 0 {
		return DefaultExecutionLimit
	}
	return o.Limit
}

// Execution is Rule PF-EXEC-1 (CBUAE §5): execution time per payment
// (Executed - Accepted), the share within the limit, the average and the
// maximum.
//
// The zero value is empty with the default 3 s limit; NewExecution sets
// another. An Execution is a small value with no pointers. It is not safe
// for concurrent use: give each goroutine its own and Merge. Add, Merge and
// Reset do not allocate. ReferenceExecution is the batch version.
type Execution struct {
	opts     ExecutionOptions // canonical
	n        uint64
	sum      u128.U128 // Σ execution time in ns
	max      time.Duration
	within   uint64
	rejected kpi.Rejections[PaymentReason]
}

// NewExecution returns an empty Execution that counts with opts.
func NewExecution(opts ExecutionOptions) Execution {
	return Execution{opts: opts.canonical()}
}

// Options returns the options e counts with (Limit spelled out).
func (e *Execution) Options() ExecutionOptions {
	return ExecutionOptions{Limit: e.opts.limit()}
}

// Add records one payment. A bad payment (CheckPayment) is not recorded:
// it is counted in Rejected and its PaymentReason returned.
func (e *Execution) Add(p Payment) error {
	if e.opts.Limit < 0 {
		return ErrBadOptions
	}
	if r := CheckPayment(p); r != PaymentOK {
		e.rejected.Add(r)
		return r
	}
	d := p.Executed.Sub(p.Accepted)
	e.n++
	e.sum.Add64(uint64(d))
	if d > e.max {
		e.max = d
	}
	if d <= e.opts.limit() {
		e.within++
	}
	return nil
}

// Merge adds o into e: associative and commutative, with the empty
// Execution (no payment recorded) as identity on either side (an empty e
// takes o's options). When both hold payments and their limits differ it
// returns kpi.ErrOptionsDiffer and changes nothing. o is not changed.
//
// Merge never wraps around (see kpi.ErrMergeOverflow): when a count, the
// sum or a rejection count would not fit it returns kpi.ErrMergeOverflow
// and e is unchanged; the merged state is one UnmarshalBinary accepts (the
// average at most the maximum).
func (e *Execution) Merge(o *Execution) error {
	if o == nil {
		return nil
	}
	n := *e
	if o.n != 0 {
		if e.n == 0 {
			n.opts = o.opts
		} else if e.opts != o.opts {
			return kpi.ErrOptionsDiffer
		}
	}
	var a sum.Adder
	n.n = a.Add(e.n, o.n)
	n.sum = a.Add128(e.sum, o.sum)
	n.max = max(e.max, o.max)
	n.within = a.Add(e.within, o.within)
	if a.Overflow || !n.valid() || n.rejected.Merge(&o.rejected) != nil {
		return kpi.ErrMergeOverflow
	}
	*e = n
	return nil
}

// Reset empties e and keeps its options.
func (e *Execution) Reset() { *e = Execution{opts: e.opts} }

// Count is the number of payments recorded.
func (e *Execution) Count() uint64 { return e.n }

// Within returns the payments executed within the limit, and of how many.
func (e *Execution) Within() (within, of uint64) { return e.within, e.n }

// WithinPercent is Rule PF-EXEC-1's share within the limit: within / Count
// · 100. NoData when no payment was recorded.
func (e *Execution) WithinPercent() kpi.Ratio { return kpi.PercentOf(e.within, e.n) }

// AvgMs is Rule PF-EXEC-1's average execution time in ms. NoData when no
// payment was recorded.
func (e *Execution) AvgMs() kpi.Ratio { return perMs(e.sum, u128.From(e.n)) }

// TotalMs is the sum of the execution times in ms; NoData when empty.
func (e *Execution) TotalMs() kpi.Ratio { return ms(e.sum, e.n != 0) }

// Max is Rule PF-EXEC-1's maximum execution time, false when empty.
func (e *Execution) Max() (time.Duration, bool) { return e.max, e.n != 0 }

// Rejections returns the payments Add refused, by reason.
func (e *Execution) Rejections() kpi.Rejections[PaymentReason] { return e.rejected }

// ExecutionFigures is what Execution reports (Execution.Figures), as
// ReferenceExecution computes it; compare two with Equal. The zero value
// is the figures of no payment. A plain value, safe to share.
type ExecutionFigures struct {
	Count, Within uint64
	WithinPercent kpi.Ratio
	AvgMs         kpi.Ratio
	Max           time.Duration
	HasMax        bool
}

// Figures returns every reading of e.
func (e *Execution) Figures() ExecutionFigures {
	f := ExecutionFigures{Count: e.n, Within: e.within, WithinPercent: e.WithinPercent(), AvgMs: e.AvgMs()}
	f.Max, f.HasMax = e.Max()
	return f
}

// Equal reports whether f and g hold the same values.
func (f ExecutionFigures) Equal(g ExecutionFigures) bool {
	return f.Count == g.Count && f.Within == g.Within && f.WithinPercent.Equal(g.WithinPercent) &&
		f.AvgMs.Equal(g.AvgMs) && f.Max == g.Max && f.HasMax == g.HasMax
}
