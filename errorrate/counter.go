package errorrate

import (
	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/sum"
)

// Counter is the mergeable ER-1 state of one scope (an endpoint-day, an
// interface-day, a month...): how many requests were received and how many
// of them were errors of each kind.
//
// Options apply when reading, not when adding, so one Counter serves both
// readings of ER-1.
//
// The zero value is an empty Counter, ready to use: it has no requests, so
// its rate is kpi.NoData (ER-3), and it is the identity of Merge. A Counter
// is not safe for concurrent use; give each goroutine its own and Merge
// them. Add, Merge and Reset do not allocate.
//
// Reach for Add per call, Merge to pool scopes (ER-2), RatePercent to read.
type Counter struct {
	requests   uint64 // every valid call: ER-1 denominator
	attr5xx    uint64 // attributable 5xx: ER-1 numerator (DEFAULT)
	attrNoResp uint64 // attributable status 0: added to the numerator by the OPTION
	excl5xx    uint64 // non-attributable 5xx: denominator only
	exclNoResp uint64 // non-attributable status 0: denominator only
	rejected   kpi.Rejections[kpi.Reason]
}

// Add counts one call (Rule ER-1). A bad call (kpi.Check) is not counted
// in the rate: Add returns its kpi.Reason and counts it in Rejected. A nil
// call is rejected as kpi.ZeroReceivedAt. Add does not allocate.
func (c *Counter) Add(call *kpi.Call) error {
	if call == nil {
		c.rejected.Add(kpi.ZeroReceivedAt)
		return kpi.ZeroReceivedAt
	}
	r := kpi.Check(call)
	if r != kpi.OK {
		c.rejected.Add(r)
		return r
	}
	k := call.Class()
	c.AddChecked(call, k)
	return nil
}

// AddChecked is Add for a call that has passed kpi.Check, with k its class
// (call.Class()): a combined ingest checks a call once and hands it to
// every accumulator (errorrate, volumes, performance), counting the bad
// calls in its own kpi.Rejections[kpi.Reason]. A k that names no class (>=
// kpi.ClassInvalid) is counted in Rejected as kpi.BadStatus, as
// volumes.Counter does; AddChecked reads no other field but
// NotAttributable, so no call can make its counts disagree. It does not
// allocate.
func (c *Counter) AddChecked(call *kpi.Call, k kpi.Class) {
	if call == nil { // a nil call is the zero Call: bad input
		c.rejected.Add(kpi.ZeroReceivedAt)
		return
	}
	if k >= kpi.ClassInvalid {
		c.rejected.Add(kpi.BadStatus)
		return
	}
	c.requests++
	switch k {
	case kpi.Class5xx:
		if call.NotAttributable {
			c.excl5xx++
		} else {
			c.attr5xx++
		}
	case kpi.ClassNoResponse:
		if call.NotAttributable {
			c.exclNoResp++
		} else {
			c.attrNoResp++
		}
	}
}

// Merge adds o's counts into c (Rule ER-2: pooling). It is associative and
// commutative, the zero Counter is its identity, and o is left unchanged.
// A nil o is the zero Counter. Merge does not allocate.
//
// Merge never wraps around (see kpi.ErrMergeOverflow): when a count of
// the sum would pass 2^64 − 1 it returns kpi.ErrMergeOverflow and c is
// unchanged, so the merged state is one UnmarshalBinary accepts (errors
// at most Calls: RatePercent at most 100 %).
func (c *Counter) Merge(o *Counter) error {
	if o == nil {
		return nil
	}
	var a sum.Adder
	n := Counter{
		requests:   a.Add(c.requests, o.requests),
		attr5xx:    a.Add(c.attr5xx, o.attr5xx),
		attrNoResp: a.Add(c.attrNoResp, o.attrNoResp),
		excl5xx:    a.Add(c.excl5xx, o.excl5xx),
		exclNoResp: a.Add(c.exclNoResp, o.exclNoResp),
		rejected:   c.rejected,
	}
	if a.Overflow || !n.valid() || n.rejected.Merge(&o.rejected) != nil {
		return kpi.ErrMergeOverflow
	}
	*c = n
	return nil
}

// Reset empties c, as if it were the zero Counter. It does not allocate.
func (c *Counter) Reset() { *c = Counter{} }

// Calls is the ER-1 denominator, the requests received: every valid call
// of the scope, of every class (2xx, 3xx, 4xx, 5xx and no response),
// attributable or not. Bad input is not a call; see Rejections. (Calls is
// the module's one name for this count: performance.Stats.Calls,
// volumes.Figures.Calls.)
func (c *Counter) Calls() uint64 { return c.requests }

// Errors is the ER-1 numerator: attributable 5xx responses, plus
// attributable no-response calls (status 0) when opts.CountNoResponse is
// set.
func (c *Counter) Errors(opts Options) uint64 {
	if opts.CountNoResponse {
		return c.attr5xx + c.attrNoResp
	}
	return c.attr5xx
}

// NotAttributableErrors is how many calls the numerator would hold but for
// attribution: non-attributable 5xx responses, plus non-attributable
// no-response calls when opts.CountNoResponse is set. They are in Calls
// and not in Errors. A report shows this beside the rate, so that the
// exclusions the institution claimed are visible.
func (c *Counter) NotAttributableErrors(opts Options) uint64 {
	if opts.CountNoResponse {
		return c.excl5xx + c.exclNoResp
	}
	return c.excl5xx
}

// RatePercent is Rule ER-1: 100 × Errors(opts) / Calls(), exact. Over a
// Counter that merged several scopes it is the pooled rate of ER-2. It is
// kpi.NoData when Calls() is 0 (Rule ER-3: no data, not 0 %).
func (c *Counter) RatePercent(opts Options) kpi.Ratio {
	return kpi.PercentOf(c.Errors(opts), c.requests)
}

// Rejections counts, by reason, the bad calls Add refused (kpi's BAD
// INPUT). They are in no figure of c.
func (c *Counter) Rejections() kpi.Rejections[kpi.Reason] { return c.rejected }
