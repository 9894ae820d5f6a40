package perfsuite

import (
	"github.com/openfinance-kpi/kpi"
)

// MaxEndpoints bounds the baseline's per-endpoint array.
const MaxEndpoints = 64

// Record is the baseline's 48-byte call record: what a hand-written loop
// would read.
type Record struct {
	ReceivedAt int64 // Unix nanoseconds
	TTFB       int64 // nanoseconds
	TTLB       int64 // nanoseconds
	Bytes      int64
	Records    int32
	Endpoint   uint16 // interned endpoint index, < MaxEndpoints
	Status     uint16
	Flags      uint32 // FlagNotAttributable | FlagRejected
	_          uint32
}

// Record flags.
const (
	FlagNotAttributable = 1 << iota
	FlagRejected
)

// RecordOf converts c, whose endpoint index is ep.
func RecordOf(c *kpi.Call, ep uint16) Record {
	r := Record{
		ReceivedAt: c.ReceivedAt.UnixNano(), TTFB: int64(c.TTFB), TTLB: int64(c.TTLB),
		Bytes: c.ResponseBytes, Records: int32(c.Records), Endpoint: ep, Status: uint16(c.Status),
	}
	if c.NotAttributable {
		r.Flags |= FlagNotAttributable
	}
	if c.Rejected {
		r.Flags |= FlagRejected
	}
	return r
}

// EndpointTotals is the baseline's state of one endpoint.
type EndpointTotals struct {
	Count     uint64
	SumTTLB   int64 // nanoseconds; int64 is enough for a benchmark, not for a quarter (kpi's EXACT)
	MaxTTLB   int64
	Errors5xx uint64
}

// Baseline is the per-call yardstick: count, sum, max and a 5xx count per
// endpoint, in a plain array. The zero value is empty.
type Baseline struct {
	EP [MaxEndpoints]EndpointTotals
}

// Add is the plain loop's body.
func (b *Baseline) Add(r *Record) {
	t := &b.EP[r.Endpoint%MaxEndpoints]
	t.Count++
	t.SumTTLB += r.TTLB
	t.MaxTTLB = max(t.MaxTTLB, r.TTLB)
	if r.Status >= 500 {
		t.Errors5xx++
	}
}

// Merge adds o's totals into t: the plain struct's merge, the baseline of
// BenchmarkMerge (one endpoint-day into another) and BenchmarkSegment (24
// hourly totals into a day).
func (t *EndpointTotals) Merge(o *EndpointTotals) {
	t.Count += o.Count
	t.SumTTLB += o.SumTTLB
	t.MaxTTLB = max(t.MaxTTLB, o.MaxTTLB)
	t.Errors5xx += o.Errors5xx
}

// SecondCount is one second with traffic in the baseline's per-second
// table: what a hand-written throughput count keeps.
type SecondCount struct {
	Second uint32 // Unix seconds
	Calls  uint32
}

// SecondCounts returns the per-second counts of recs (sorted by
// ReceivedAt), sorted by Second.
func SecondCounts(recs []Record) []SecondCount {
	var out []SecondCount
	for i := range recs {
		s := uint32(recs[i].ReceivedAt / 1e9)
		if n := len(out); n > 0 && out[n-1].Second == s {
			out[n-1].Calls++
			continue
		}
		out = append(out, SecondCount{Second: s, Calls: 1})
	}
	return out
}

// MergeCounts appends to dst the merge of a and b (each sorted by Second,
// one entry a second), the counts of a second in both added: the plain
// sorted pair merge, the baseline of BenchmarkMergeThroughput.
func MergeCounts(dst, a, b []SecondCount) []SecondCount {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].Second < b[j].Second:
			dst = append(dst, a[i])
			i++
		case a[i].Second > b[j].Second:
			dst = append(dst, b[j])
			j++
		default:
			dst = append(dst, SecondCount{Second: a[i].Second, Calls: a[i].Calls + b[j].Calls})
			i++
			j++
		}
	}
	dst = append(dst, a[i:]...)
	return append(dst, b[j:]...)
}
