package performance

import (
	"time"
	"unsafe"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/sum"
)

var (
	sizeofRanks   = unsafe.Sizeof(Ranks{})
	sizeofP95     = unsafe.Sizeof(P95{})
	sizeofMedians = unsafe.Sizeof(Medians{})
)

// Medians is the mergeable state of Rule RG-MEDIAN-1 for one endpoint-day
// (the UK Open Banking MI "Median TTLB", "Median TTFB" and "Median
// Response Payload Size"): the lower median, the ceil(n/2)-th smallest,
// of the TTLB, the TTFB and the response payload size, each exact (one of
// the values added).
//
// The population is that of Rule PF-AVG-1: the calls that got a response
// (Status != 0). A call with no response has no response time and no
// payload; it is counted in NoResponse. The TTFB median is over the
// responded calls whose TTFB is known. ReferenceMedians is the batch
// version it is tested against.
//
// Memory: three Ranks, about 21 to 43 bytes per distinct value of each
// (see Ranks, Memory); payload sizes are often more distinct than
// millisecond times. The zero value is empty and ready to use. Copying
// by assignment shares the tables: use Clone. Not safe for concurrent
// use. Add does not allocate once the tables have grown.
type Medians struct {
	ttlb, ttfb, bytes Ranks
	noResponse        uint64
	rejected          kpi.Rejections[kpi.Reason]
}

// Add ingests one call. A call that fails kpi.Check is not counted: Add
// returns its kpi.Reason and counts it in Rejected. A call with no
// response is counted in NoResponse only.
func (m *Medians) Add(c *kpi.Call) error {
	if r := kpi.Check(c); r != kpi.OK {
		m.rejected.Add(r)
		return r
	}
	m.AddChecked(c)
	return nil
}

// AddChecked is Add for a call that passed kpi.Check.
func (m *Medians) AddChecked(c *kpi.Call) {
	if c == nil { // a nil call is the zero Call: bad input
		m.rejected.Add(kpi.ZeroReceivedAt)
		return
	}
	if c.Status == 0 {
		m.noResponse++
		return
	}
	m.ttlb.Add(uint64(c.TTLB))
	if c.HasTTFB {
		m.ttfb.Add(uint64(c.TTFB))
	}
	m.bytes.Add(uint64(c.ResponseBytes))
}

// Merge adds o into m: exact, associative and commutative, with the empty
// Medians as identity; a nil o is empty. There are no options to
// disagree on. When a count would pass 2^64 − 1 it returns
// kpi.ErrMergeOverflow and m is unchanged. It never changes o.
func (m *Medians) Merge(o *Medians) error {
	if o == nil {
		return nil
	}
	var a sum.Adder
	a.Add(m.ttlb.n, o.ttlb.n)
	a.Add(m.ttfb.n, o.ttfb.n)
	a.Add(m.bytes.n, o.bytes.n)
	a.Add(m.noResponse, o.noResponse)
	if a.Overflow || !sum.Fits(m.rejected[:], o.rejected[:]) {
		return kpi.ErrMergeOverflow
	}
	_ = m.ttlb.Merge(&o.ttlb) // fits: checked above
	_ = m.ttfb.Merge(&o.ttfb)
	_ = m.bytes.Merge(&o.bytes)
	m.noResponse += o.noResponse
	_ = m.rejected.Merge(&o.rejected)
	return nil
}

// Reset empties m and keeps its tables. It does not allocate.
func (m *Medians) Reset() {
	m.ttlb.Reset()
	m.ttfb.Reset()
	m.bytes.Reset()
	m.noResponse = 0
	m.rejected = kpi.Rejections[kpi.Reason]{}
}

// Pack holds m's values in a few bytes each, for a day whose calls are
// all in (see Ranks.Pack): it reads the same, and Add or a Merge into m
// unpacks it.
func (m *Medians) Pack() {
	m.ttlb.Pack()
	m.ttfb.Pack()
	m.bytes.Pack()
}

// Clone returns an independent copy of m.
func (m *Medians) Clone() Medians {
	c := *m
	c.ttlb, c.ttfb, c.bytes = m.ttlb.Clone(), m.ttfb.Clone(), m.bytes.Clone()
	return c
}

// Equal reports whether m and o hold the same state.
func (m *Medians) Equal(o *Medians) bool {
	return m.noResponse == o.noResponse && m.rejected == o.rejected &&
		m.ttlb.Equal(&o.ttlb) && m.ttfb.Equal(&o.ttfb) && m.bytes.Equal(&o.bytes)
}

// Responded is the number of calls in the TTLB and payload medians.
func (m *Medians) Responded() uint64 { return m.ttlb.n }

// TTFBCount is the number of calls in the TTFB median.
func (m *Medians) TTFBCount() uint64 { return m.ttfb.n }

// NoResponse is the number of calls left out because no response was
// sent.
func (m *Medians) NoResponse() uint64 { return m.noResponse }

// Rejections returns the calls Add refused, by reason.
func (m *Medians) Rejections() kpi.Rejections[kpi.Reason] { return m.rejected }

// RetainedBytes is the memory m holds: its header and its three tables.
func (m *Medians) RetainedBytes() int {
	return int(sizeofMedians) - 3*int(sizeofRanks) +
		m.ttlb.RetainedBytes() + m.ttfb.RetainedBytes() + m.bytes.RetainedBytes()
}

// TTLB is the lower median TTLB (Rule RG-MEDIAN-1), false when no call
// responded.
func (m *Medians) TTLB() (time.Duration, bool) {
	v, ok := m.ttlb.Rank(LowerMedianRank(m.ttlb.n))
	return time.Duration(v), ok
}

// TTFB is the lower median of the known TTFBs, false when there is none.
func (m *Medians) TTFB() (time.Duration, bool) {
	v, ok := m.ttfb.Rank(LowerMedianRank(m.ttfb.n))
	return time.Duration(v), ok
}

// ResponseBytes is the lower median response payload size in bytes, false
// when no call responded.
func (m *Medians) ResponseBytes() (int64, bool) {
	v, ok := m.bytes.Rank(LowerMedianRank(m.bytes.n))
	return int64(v), ok
}

// TTLBMs is TTLB in ms, exact; NoData when no call responded.
func (m *Medians) TTLBMs() kpi.Ratio { return durationMs(m.TTLB()) }

// TTFBMs is TTFB in ms, exact; NoData when no TTFB is known.
func (m *Medians) TTFBMs() kpi.Ratio { return durationMs(m.TTFB()) }

// Figures returns the three medians at once, in the shape ReferenceMedians
// returns.
func (m *Medians) Figures() MedianFigures {
	var f MedianFigures
	f.TTLB, f.HasTTLB = m.TTLB()
	f.TTFB, f.HasTTFB = m.TTFB()
	f.ResponseBytes, f.HasBytes = m.ResponseBytes()
	return f
}
