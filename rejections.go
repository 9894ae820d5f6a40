package kpi

import "github.com/openfinance-kpi/kpi/internal/sum"

// MaxReasons is the number of reasons a Rejections can count, OK
// included: every package's reason type fits in it.
const MaxReasons = 16

// Rejections counts bad input by reason. It is the one bad-input counter
// of the module: every accumulator keeps one, indexed by its package's
// reason type (Reason for calls, authfunnel.Reason for funnel events,
// performance.PaymentReason for payments, and so on), and returns it from
// its Rejections method.
//
// Reason 0 of every reason type means "not bad input" (OK, PaymentOK,
// ...) and is never counted; nor is a reason at or past MaxReasons, which
// no package defines. Index it with a reason (r[kpi.BadStatus]) to read
// one count. The zero value is empty; a Rejections is a plain value, safe
// to copy and compare with ==.
type Rejections[R ~uint8] [MaxReasons]uint64

// Add counts one input rejected for reason. OK (0) is not counted.
func (r *Rejections[R]) Add(reason R) { r.AddN(reason, 1) }

// AddN counts n inputs rejected for reason. OK (0) is not counted. The
// count saturates at 2^64 − 1 rather than wrap (2^64 inputs are
// centuries of traffic).
func (r *Rejections[R]) AddN(reason R, n uint64) {
	if reason == 0 || int(reason) >= MaxReasons {
		return
	}
	if r[reason] > ^uint64(0)-n {
		r[reason] = ^uint64(0)
		return
	}
	r[reason] += n
}

// Merge adds o's counts into r, or returns ErrMergeOverflow and changes
// nothing when a count would pass 2^64 − 1. A nil o is empty.
func (r *Rejections[R]) Merge(o *Rejections[R]) error {
	if o == nil {
		return nil
	}
	if !sum.Into(r[:], o[:]) {
		return ErrMergeOverflow
	}
	return nil
}

// Total is the number of rejected inputs (saturating at 2^64 − 1).
func (r Rejections[R]) Total() uint64 {
	var n uint64
	for _, v := range r {
		if n > ^uint64(0)-v {
			return ^uint64(0)
		}
		n += v
	}
	return n
}
