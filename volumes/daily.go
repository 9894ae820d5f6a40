package volumes

import (
	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/sum"
)

// Figures are the VO-DAY-1 readings of one scope (usually one
// endpoint-day), as Counter.Figures and Reference return them. The zero
// value is a scope with no calls. Figures is a plain value, safe to copy
// and to share.
//
// Invariants: Calls = Successful + Redirects + FailedBusiness +
// FailedTechnical; FailedTechnical = Status5xx + NoResponse; Rejected <=
// Calls; SuccessfulOther2xx <= Successful.
type Figures struct {
	Successful      uint64 // 2xx
	Redirects       uint64 // 3xx
	FailedBusiness  uint64 // 4xx
	FailedTechnical uint64 // 5xx and no response
	Status5xx       uint64 // the 5xx part of FailedTechnical
	NoResponse      uint64 // the status-0 part of FailedTechnical
	Rejected        uint64 // calls flagged Rejected, across classes (<= Calls)
	Calls           uint64 // = Successful + Redirects + FailedBusiness + FailedTechnical

	// SuccessfulOther2xx is the part of Successful whose status is a 2xx
	// other than the 200, 201 or 204 that CBB 5.4 names. When it is 0 the
	// rulebook's 2xx and the CBB's codes give the same Successful.
	SuccessfulOther2xx uint64
}

// Responded is the number of calls that got a response: Calls - NoResponse.
func (c Figures) Responded() uint64 { return c.Calls - c.NoResponse }

// Counter is the mergeable VO-DAY-1 state of one scope (usually one
// endpoint-day): a count of calls per class of final status, and of calls
// flagged as business rejections.
//
// The zero value is an empty Counter, ready to use, and the identity of
// Merge. A Counter is not safe for concurrent use; give each goroutine its
// own and Merge them. Add, Merge, Reset and Figures do not allocate.
//
// Reach for Add per call, Merge to combine scopes, Figures to read, and
// NewCBBDailyVolumeRow to report.
type Counter struct {
	class      [kpi.ClassInvalid]uint64   // by kpi.Class of the status
	other2xx   uint64                     // 2xx other than 200, 201, 204
	businessRj uint64                     // good calls flagged Rejected
	rejected   kpi.Rejections[kpi.Reason] // bad input
}

// Add counts one call (Rule VO-DAY-1) in its class, and in Rejected when
// it carries the business rejection flag. Attribution plays no part. A bad
// call (kpi.Check) is in no count: Add returns its kpi.Reason and counts it
// in Rejections(). A nil call is rejected as kpi.ZeroReceivedAt. Add does not
// allocate.
func (d *Counter) Add(c *kpi.Call) error {
	if c == nil {
		d.rejected.Add(kpi.ZeroReceivedAt)
		return kpi.ZeroReceivedAt
	}
	r := kpi.Check(c)
	if r != kpi.OK {
		d.rejected.Add(r)
		return r
	}
	k := c.Class()
	d.AddChecked(c, k)
	return nil
}

// AddChecked is Add for a call that has passed kpi.Check, with k its class
// (c.Class()): a combined ingest checks a call once and hands it to every
// accumulator (errorrate, volumes, performance), counting the bad calls in
// its own kpi.Rejections[kpi.Reason]. A k that names no class (>= kpi.ClassInvalid)
// is counted in Rejected as kpi.BadStatus, in no count. It reads no other
// field but Status (for the 2xx other than 200/201/204) and the Rejected
// flag, so no call can make its counts disagree (a k that is not
// c.Class() is counted in class k). It does not allocate.
func (d *Counter) AddChecked(c *kpi.Call, k kpi.Class) {
	if c == nil { // a nil call is the zero Call: bad input
		d.rejected.Add(kpi.ZeroReceivedAt)
		return
	}
	if k >= kpi.ClassInvalid {
		d.rejected.Add(kpi.BadStatus)
		return
	}
	d.class[k]++
	if k == kpi.Class2xx && !cbbSuccessCode(c.Status) {
		d.other2xx++
	}
	if c.Rejected {
		d.businessRj++
	}
}

// cbbSuccessCode reports whether status is one of the codes CBB 5.4 names.
func cbbSuccessCode(status int) bool {
	return status == 200 || status == 201 || status == 204
}

// Merge adds o's counts into d. It is associative and commutative, the
// zero Counter is its identity, and o is left unchanged. A nil o is the zero
// Counter. Merge does not allocate.
//
// Merge never wraps around (see kpi.ErrMergeOverflow): when a class count,
// Figures().Calls or a rejection count would pass 2^64 − 1 it returns
// kpi.ErrMergeOverflow and d is unchanged, so the merged state is one
// UnmarshalBinary accepts (Rejected at most Calls, and so on).
func (d *Counter) Merge(o *Counter) error {
	if o == nil {
		return nil
	}
	var a sum.Adder
	n := *d
	for i := range n.class {
		n.class[i] = a.Add(d.class[i], o.class[i])
	}
	n.other2xx = a.Add(d.other2xx, o.other2xx)
	n.businessRj = a.Add(d.businessRj, o.businessRj)
	if a.Overflow || !n.valid() || n.rejected.Merge(&o.rejected) != nil {
		return kpi.ErrMergeOverflow
	}
	*d = n
	return nil
}

// Reset empties d, as if it were the zero Counter. It does not allocate.
func (d *Counter) Reset() { *d = Counter{} }

// Figures returns the VO-DAY-1 figures of d's calls.
func (d *Counter) Figures() Figures {
	c := Figures{
		Successful:         d.class[kpi.Class2xx],
		Redirects:          d.class[kpi.Class3xx],
		FailedBusiness:     d.class[kpi.Class4xx],
		Status5xx:          d.class[kpi.Class5xx],
		NoResponse:         d.class[kpi.ClassNoResponse],
		Rejected:           d.businessRj,
		SuccessfulOther2xx: d.other2xx,
	}
	c.FailedTechnical = c.Status5xx + c.NoResponse
	c.Calls = c.Successful + c.Redirects + c.FailedBusiness + c.FailedTechnical
	return c
}

// Rejections counts, by reason, the bad calls Add refused (kpi's BAD
// INPUT): they are in no count. This is not Figures().Rejected, which
// counts good calls flagged as business rejections.
func (d *Counter) Rejections() kpi.Rejections[kpi.Reason] { return d.rejected }
