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
	SumTTLB   int64 // nanoseconds; int64 is enough for a benchmark, not for a quarter (RULES §0 EXACT)
	MaxTTLB   int64
	Errors5xx uint64
}

// Baseline is issue 8's yardstick: count, sum, max and a 5xx count per
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
