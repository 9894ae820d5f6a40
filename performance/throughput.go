package performance

import (
	"math/big"
	"time"
	"unsafe"

	"github.com/openfinance-kpi/kpi/internal/sum"

	"github.com/openfinance-kpi/kpi"
)

// Throughput is Rule PF-TPS-1's load figures: calls per whole Unix second
// of ReceivedAt, for the peak calls per second, and the average TPS over a
// day.
//
// Calls may arrive in any order. Memory is proportional to the number of
// seconds that had traffic: one 4-byte entry per second (a packed
// second-of-block and count), 32 bytes per 36.4-hour block of seconds,
// and the 192-byte header; RetainedBytes reports it. A live table, still
// ingesting, holds more: append's growth slack (a slice grows by about
// 1.25x at these sizes, so up to a quarter of its capacity is spare) and,
// with late calls, an unsorted tail of up to half the sorted entries
// before it is compacted. TestThroughputBytesPerSecond measures a day of
// 86,400 active seconds: 4.74 bytes per second for calls in time order,
// 6.07 for ten calls a second each added up to 3 s late. Compact, at day
// close, brings a finished day to exactly 4 bytes per second plus the
// fixed overhead (192 + 32 per block: at most 256 bytes for a day). Add does not
// allocate once the table has grown to the day's seconds; Merge and Reset
// keep capacity (Merge allocates only to grow it).
//
// The zero value is empty and ready to use. A Throughput holds a slice:
// copying one shares its table, so use Clone to copy. It is not safe for
// concurrent use, not even for reads (Peak sorts the table in place):
// give each goroutine its own and Merge them.
type Throughput struct {
	sec        perSecond
	responded  uint64
	rejected   kpi.Rejections[kpi.Reason]
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
// still refuses a k that names no class (>= kpi.ClassInvalid: counted in
// Rejected as kpi.BadStatus, which it returns) and a ReceivedAt outside
// the table's years (ErrOutOfRange, counted in OutOfRange); it reads no
// other field. It does not allocate once the table has grown.
func (t *Throughput) AddChecked(c *kpi.Call, k kpi.Class) error {
	if c == nil { // a nil call is the zero Call: bad input
		t.rejected.Add(kpi.ZeroReceivedAt)
		return kpi.ZeroReceivedAt
	}
	if k >= kpi.ClassInvalid {
		t.rejected.Add(kpi.BadStatus)
		return kpi.BadStatus
	}
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
//
// Merge never wraps around (see kpi.ErrMergeOverflow): when Calls,
// Responded, OutOfRange or a rejection count would pass 2^64 − 1 it
// returns kpi.ErrMergeOverflow and t is unchanged.
func (t *Throughput) Merge(o *Throughput) error {
	if o == nil {
		return nil
	}
	var a sum.Adder
	a.Add(t.sec.total, o.sec.total)
	a.Add(t.responded, o.responded)
	a.Add(t.outOfRange, o.outOfRange)
	if a.Overflow || !sum.Fits(t.rejected[:], o.rejected[:]) {
		return kpi.ErrMergeOverflow
	}
	t.sec.merge(&o.sec)
	t.responded += o.responded
	_ = t.rejected.Merge(&o.rejected) // fits: checked above
	t.outOfRange += o.outOfRange
	return nil
}

// MergeAll merges every table of os into t, each as it was when MergeAll
// was called, with the result of t.Merge(o) for each of those (nil ones
// are empty; t among them counts as it was: t.MergeAll(t, t) triples t,
// where t.Merge(t) twice would quadruple it), faster when
// they are many and their seconds dense in the span they cover: an
// interface's day made of its endpoints' days is summed in one pass over
// each, where merging them one by one or two by two passes over the
// growing sum again and again. The table it leaves is settled and clipped
// (as Compact leaves it) after such a sum.
//
// When Calls, Responded, OutOfRange or a rejection count of them all
// would pass 2^64 − 1, it returns kpi.ErrMergeOverflow and t is
// unchanged.
func (t *Throughput) MergeAll(os ...*Throughput) error {
	var a sum.Adder
	calls, responded, outOfRange, rej := t.sec.total, t.responded, t.outOfRange, t.rejected
	secs := make([]*perSecond, 0, len(os))
	for _, o := range os {
		if o == nil {
			continue
		}
		calls = a.Add(calls, o.sec.total)
		responded = a.Add(responded, o.responded)
		outOfRange = a.Add(outOfRange, o.outOfRange)
		if a.Overflow || rej.Merge(&o.rejected) != nil {
			return kpi.ErrMergeOverflow
		}
		secs = append(secs, &o.sec)
	}
	t.sec.mergeMany(secs)
	t.responded, t.outOfRange, t.rejected = responded, outOfRange, rej
	return nil
}

// Reset empties t and keeps the table's capacity.
func (t *Throughput) Reset() {
	t.sec.reset()
	t.responded = 0
	t.rejected = kpi.Rejections[kpi.Reason]{}
	t.outOfRange = 0
}

// Clone returns a copy of t that shares nothing with it.
func (t *Throughput) Clone() Throughput {
	c := *t
	c.sec = t.sec.clone()
	return c
}

// Compact makes t hold a finished day at 4 bytes per second with traffic
// plus a fixed overhead: it sorts the table, writes the pending run, and
// clips the table's capacity to its length, in one allocation (two when
// the blocks' own slice has spare room, as after a Reset). Afterwards
// RetainedBytes is exactly the 192-byte Throughput + 32 bytes per block
// (at most two for a day) + 4 bytes per entry, one entry per second with
// traffic (and one more per 32,767 calls in a second past that):
// TestThroughputCompact pins it. Call it at day close, before keeping or
// sending the day. t stays usable: a later Add grows its block again.
// Compact on a compact table does nothing and allocates nothing.
func (t *Throughput) Compact() { t.sec.clip() }

// Pack holds a finished day in fewer bytes than Compact: each second
// with traffic as its gap from the one before and its count, one byte
// when the gap is 1 to 4 seconds and the count 1 to 32, or the gap 1 to
// 32 and the count 1 to 4, a few otherwise (a day with calls in a third
// of its seconds: about 1.03 bytes a second with traffic, where Compact
// keeps 4). It packs only when that is smaller, and otherwise does what
// Compact does. The
// readings (Peak, PeakAt, SecondsWithTraffic) read the packed table as
// it is, and a Merge of t into another reads it into a temporary copy;
// anything that changes t (Add, a Merge into t) or encodes it unpacks it
// first, to what Compact gives. Pack on a packed table does nothing.
func (t *Throughput) Pack() { t.sec.pack() }

// Calls is the number of calls counted.
func (t *Throughput) Calls() uint64 { return t.sec.total }

// Responded is the number of calls counted that got a response (Status
// != 0): V of Rule PF-AVG-1.
func (t *Throughput) Responded() uint64 { return t.responded }

// SecondsWithTraffic is the number of distinct seconds that had a call.
func (t *Throughput) SecondsWithTraffic() int { return t.sec.distinct() }

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

// Rejections returns the calls Add refused as bad input, by reason.
func (t *Throughput) Rejections() kpi.Rejections[kpi.Reason] { return t.rejected }

// OutOfRange is the number of calls Add refused with ErrOutOfRange.
func (t *Throughput) OutOfRange() uint64 { return t.outOfRange }
