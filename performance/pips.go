package performance

import (
	"fmt"
	"time"
	"unsafe"

	"github.com/openfinance-kpi/kpi/internal/sum"

	"github.com/openfinance-kpi/kpi"
)

// SuccessCodes says which statuses count as a successful payment
// initiation for Max PIPS (Rule PF-TPS-1). The zero value is Any2xx, the
// DEFAULT.
type SuccessCodes uint8

const (
	// Any2xx is the DEFAULT: every 2xx status is a success ("the most 2xx
	// payment-order POSTs in one second").
	Any2xx SuccessCodes = iota
	// CBBStrict is the OPTION: only 200, 201 and 204, the codes CBB 1.7
	// and 5.4 count as "successful".
	CBBStrict
)

// Success reports whether status is a success under s.
func (s SuccessCodes) Success(status int) bool {
	if s == CBBStrict {
		return status == 200 || status == 201 || status == 204
	}
	return status >= 200 && status <= 299
}

// PIPSOptions are fixed when a PIPS is made (NewPIPS): a second's count of
// successes is taken as calls arrive. The zero value is the default (any
// 2xx). A comparable value, safe to share.
type PIPSOptions struct {
	Success SuccessCodes
}

// PIPS is Rule PF-TPS-1's Max PIPS (CBB 1.7): the most successful
// payment-order calls in one second of ReceivedAt, a whole number. The
// CALLER decides which calls are payment-order calls (the payment-order
// POST endpoints) and adds only those; PIPS counts every call it is given
// in Payments and, per second, the successful ones.
//
// The zero value is empty with the default options; NewPIPS makes one
// with others. Like Throughput it holds a packed per-second table
// (4 bytes per second with a success, plus append's slack while live;
// Compact clips it at day close): copy with Clone; not safe for
// concurrent use, not even for reads; Add does not allocate once the
// table has grown.
type PIPS struct {
	opts       PIPSOptions
	sec        perSecond
	payments   uint64
	rejected   kpi.Rejections[kpi.Reason]
	outOfRange uint64
}

// Validate reports a Success that names no SuccessCodes: an error
// wrapping ErrBadOptions. The zero value is valid.
func (o PIPSOptions) Validate() error {
	if o.Success > CBBStrict {
		return fmt.Errorf("%w: unknown SuccessCodes %d", ErrBadOptions, o.Success)
	}
	return nil
}

// NewPIPS returns an empty PIPS that counts with opts. A PIPS made with
// options Validate refuses refuses every Add with ErrBadOptions.
func NewPIPS(opts PIPSOptions) PIPS { return PIPS{opts: opts} }

// Options returns the options p counts with.
func (p *PIPS) Options() PIPSOptions { return p.opts }

// Add counts one payment-order call: in Payments, and in its second when
// it is a success. A call failing kpi.Check is counted in Rejected and its
// Reason returned; a ReceivedAt outside the years 882 to 3058 is counted in
// OutOfRange and ErrOutOfRange returned.
func (p *PIPS) Add(c *kpi.Call) error {
	r := kpi.Check(c)
	if r != kpi.OK {
		p.rejected.Add(r)
		return r
	}
	k := c.Class()
	return p.AddChecked(c, k)
}

// AddChecked is Add for a call that has passed kpi.Check, with k its class
// (c.Class()); see Throughput.AddChecked: a k that names no class is
// counted in Rejected as kpi.BadStatus (and returned), a ReceivedAt
// outside the table's years in OutOfRange. The success test reads
// c.Status itself (CBBStrict needs the code).
func (p *PIPS) AddChecked(c *kpi.Call, k kpi.Class) error {
	if p.opts.Success > CBBStrict {
		return ErrBadOptions
	}
	if c == nil { // a nil call is the zero Call: bad input
		p.rejected.Add(kpi.ZeroReceivedAt)
		return kpi.ZeroReceivedAt
	}
	if k >= kpi.ClassInvalid {
		p.rejected.Add(kpi.BadStatus)
		return kpi.BadStatus
	}
	key, ok := secondKey(c.ReceivedAt)
	if !ok {
		p.outOfRange++
		return ErrOutOfRange
	}
	p.payments++
	if p.opts.Success.Success(c.Status) {
		p.sec.add(key)
	}
	return nil
}

// Merge adds o into p: exact, associative and commutative, and the empty
// PIPS (no payment counted) is its identity on either side (an empty p
// takes o's options). When both hold payments and their options differ it
// returns kpi.ErrOptionsDiffer and changes nothing. o is not changed.
//
// Merge never wraps around (see kpi.ErrMergeOverflow): when the payments,
// the successes, OutOfRange or a rejection count would pass 2^64 − 1 it
// returns kpi.ErrMergeOverflow and p is unchanged (successes stay at most
// payments).
func (p *PIPS) Merge(o *PIPS) error {
	if o == nil {
		return nil
	}
	if o.payments != 0 && p.payments != 0 && p.opts != o.opts {
		return kpi.ErrOptionsDiffer
	}
	var a sum.Adder
	a.Add(p.sec.total, o.sec.total)
	a.Add(p.payments, o.payments)
	a.Add(p.outOfRange, o.outOfRange)
	if a.Overflow || !sum.Fits(p.rejected[:], o.rejected[:]) {
		return kpi.ErrMergeOverflow
	}
	if o.payments != 0 && p.payments == 0 {
		p.opts = o.opts
	}
	p.sec.merge(&o.sec)
	p.payments += o.payments
	_ = p.rejected.Merge(&o.rejected) // fits: checked above
	p.outOfRange += o.outOfRange
	return nil
}

// Reset empties p, keeping its options and the table's capacity.
func (p *PIPS) Reset() {
	p.sec.reset()
	p.payments = 0
	p.rejected = kpi.Rejections[kpi.Reason]{}
	p.outOfRange = 0
}

// Clone returns a copy of p that shares nothing with it.
func (p *PIPS) Clone() PIPS {
	c := *p
	c.sec = p.sec.clone()
	return c
}

// Compact sorts p's table, writes the pending run and clips the table's
// capacity to its length, as Throughput.Compact does: afterwards
// RetainedBytes is exactly the 200-byte PIPS + 32 bytes per block + 4
// bytes per second with a success. Call it at day close.
func (p *PIPS) Compact() { p.sec.clip() }

// Pack packs a finished day's table as Throughput.Pack does: Max and
// MaxAt read it as it is; a change unpacks it first.
func (p *PIPS) Pack() { p.sec.pack() }

// Payments is the number of payment-order calls counted.
func (p *PIPS) Payments() uint64 { return p.payments }

// Successful is the number of them that succeeded.
func (p *PIPS) Successful() uint64 { return p.sec.total }

// Max is Max PIPS: the most successful payment-order calls in one second.
// It returns false when p was given no payment call (CBB 1.7: NULL, as
// for AIS endpoints), and (0, true) when it was given some and none
// succeeded.
func (p *PIPS) Max() (uint64, bool) {
	if p.payments == 0 {
		return 0, false
	}
	n, _, _ := p.sec.peak()
	return n, true
}

// MaxAt returns Max PIPS and the first second (UTC) that reached it; the
// second is the zero time when no payment succeeded.
func (p *PIPS) MaxAt() (pips uint64, second time.Time, ok bool) {
	if p.payments == 0 {
		return 0, time.Time{}, false
	}
	n, sec, _ := p.sec.peak()
	return n, sec, true
}

// Rejections returns the calls Add refused as bad input, by reason.
func (p *PIPS) Rejections() kpi.Rejections[kpi.Reason] { return p.rejected }

// OutOfRange is the number of calls Add refused with ErrOutOfRange.
func (p *PIPS) OutOfRange() uint64 { return p.outOfRange }

// RetainedBytes is the memory p holds (see Throughput.RetainedBytes).
func (p *PIPS) RetainedBytes() int { return int(unsafe.Sizeof(*p)) + p.sec.retainedBytes() }

// Equal reports whether p and o hold the same options, counts and
// rejections. It may sort both tables (a read).
func (p *PIPS) Equal(o *PIPS) bool {
	return p.opts == o.opts && p.payments == o.payments && p.rejected == o.rejected &&
		p.outOfRange == o.outOfRange && p.sec.equal(&o.sec)
}
