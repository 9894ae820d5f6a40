package performance

import (
	"math/big"
	"time"
	"unsafe"

	"github.com/openfinance-kpi/kpi"
)

// Throughput is Rule PF-TPS-1's load figures: calls per whole Unix second
// of ReceivedAt, for the peak calls per second, and the average TPS over a
// day.
//
// Calls may arrive in any order. Memory is proportional to the number of
// seconds that had traffic: 4 bytes per second (a packed second-of-block
// and count; TestThroughputBytesPerSecond pins it), plus slice slack, 32
// bytes per 36.4-hour block of seconds, and a short unsorted tail for
// late calls; RetainedBytes reports it. Add does not allocate once the
// table has grown to the day's seconds; Merge and Reset keep capacity
// (Merge allocates only to grow it).
//
// The zero value is empty and ready to use. A Throughput holds a slice:
// copying one shares its table, so use Clone to copy. It is not safe for
// concurrent use, not even for reads (Peak sorts the table in place):
// give each goroutine its own and Merge them.
type Throughput struct {
	sec        perSecond
	responded  uint64
	rejected   kpi.Rejections
	outOfRange uint64
}

// Add counts one call in the second of its ReceivedAt (time.Time.Unix: the
// whole second at or before it). Every class counts, no-response included:
// the gateway received the call. A call failing kpi.Check is counted in
// Rejected and its Reason returned; a ReceivedAt outside the years 882 to
// 3058 is counted in OutOfRange and ErrOutOfRange returned.
func (t *Throughput) Add(c *kpi.Call) error {
	r := kpi.Check(c)
	if r != kpi.OK {
		t.rejected.Add(r)
		return r
	}
	k := c.Class()
	return t.AddChecked(c, k)
}

// AddChecked is Add for a call that has passed kpi.Check, with k its class
// (c.Class()): the combined ingest checks a call once and hands it to
// every accumulator (see the package doc, Concurrency and allocation). It
// still refuses a ReceivedAt outside the table's years (ErrOutOfRange,
// counted in OutOfRange). Given a call that did not pass kpi.Check it does
// not panic, but what it counts is meaningless.
func (t *Throughput) AddChecked(c *kpi.Call, k kpi.Class) error {
	key, ok := secondKey(c.ReceivedAt)
	if !ok {
		t.outOfRange++
		return ErrOutOfRange
	}
	t.sec.add(key)
	if k != kpi.ClassNoResponse {
		t.responded++
	}
	return nil
}

// Merge adds o's counts into t, exactly: a second split across the two
// sums. It is associative and commutative, the empty Throughput is its
// identity, and o is not changed (t.Merge(t) doubles t).
func (t *Throughput) Merge(o *Throughput) {
	t.sec.merge(&o.sec)
	t.responded += o.responded
	t.rejected.Merge(&o.rejected)
	t.outOfRange += o.outOfRange
}

// Reset empties t and keeps the table's capacity.
func (t *Throughput) Reset() {
	t.sec.reset()
	t.responded = 0
	t.rejected = kpi.Rejections{}
	t.outOfRange = 0
}

// Clone returns a copy of t that shares nothing with it.
func (t *Throughput) Clone() Throughput {
	c := *t
	c.sec = t.sec.clone()
	return c
}

// Calls is the number of calls counted.
func (t *Throughput) Calls() uint64 { return t.sec.total }

// Responded is the number of calls counted that got a response (Status
// != 0): V of Rule PF-AVG-1.
func (t *Throughput) Responded() uint64 { return t.responded }

// Seconds is the number of distinct seconds that had a call.
func (t *Throughput) Seconds() int { return t.sec.distinct() }

// RetainedBytes is the memory t holds: its header, the blocks and the
// capacity of their entries (4 bytes each), spare capacity kept by Reset
// included.
func (t *Throughput) RetainedBytes() int { return int(unsafe.Sizeof(*t)) + t.sec.retainedBytes() }

// Equal reports whether t and o hold the same counts, per second and in
// total, and the same rejections. It may sort both tables (a read).
func (t *Throughput) Equal(o *Throughput) bool {
	return t.responded == o.responded && t.rejected == o.rejected && t.outOfRange == o.outOfRange &&
		t.sec.equal(&o.sec)
}

// Peak is Rule PF-TPS-1's peak: the most calls in one second, 0 when t is
// empty.
func (t *Throughput) Peak() uint64 {
	n, _, _ := t.sec.peak()
	return n
}

// PeakAt returns the peak and the first second that reached it (UTC), and
// false when t is empty.
func (t *Throughput) PeakAt() (calls uint64, second time.Time, ok bool) {
	return t.sec.peak()
}

// AvgTPS is Rule PF-TPS-1's average TPS: V / day in seconds, with V of
// Rule PF-AVG-1 (calls that got a response), where day is the length of the
// reporting day (kpi.Calendar.Length: 23, 24 or 25 h; or any period).
// NoData when day <= 0; 0 for a day without calls.
func (t *Throughput) AvgTPS(day time.Duration) kpi.Ratio { return tps(t.responded, day) }

// AvgReceivedTPS is the average load: every call received (Calls, the
// calls Peak counts, no-response included) / day in seconds. It is not
// PF-TPS-1's figure (see AvgTPS) but its companion: the average of the
// same calls whose peak Peak gives. NoData when day <= 0.
func (t *Throughput) AvgReceivedTPS(day time.Duration) kpi.Ratio { return tps(t.sec.total, day) }

// tps returns n / (day / 1 s) = n · 10^9 / day_ns.
func tps(n uint64, day time.Duration) kpi.Ratio {
	if day <= 0 {
		return kpi.NoData
	}
	num := new(big.Int).SetUint64(n)
	num.Mul(num, big.NewInt(int64(time.Second)))
	return kpi.RatioOfBig(num, big.NewInt(int64(day)))
}

// Rejected returns the calls Add refused as bad input, by reason.
func (t *Throughput) Rejected() kpi.Rejections { return t.rejected }

// OutOfRange is the number of calls Add refused with ErrOutOfRange.
func (t *Throughput) OutOfRange() uint64 { return t.outOfRange }
