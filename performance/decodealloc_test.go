package performance

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
)

// Every decoder of the package allocates at most
// kpitest.DecodeAllocFactor bytes per input byte on 1 MiB inputs crafted
// from a valid encoding: each count of the format, wherever it is, claims
// as many of the smallest items as the input holds (a Histogram's pages,
// the per-second blocks of Throughput and PIPS, their entries).
func TestDecodeAllocatesBoundedByInput(t *testing.T) {
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	var calls []kpi.Call
	for i := range 8 {
		calls = append(calls, kpi.Call{ReceivedAt: at.Add(time.Duration(i*i) * 37 * time.Second), Endpoint: "POST /payments",
			Status: []int{200, 201, 503, 404}[i%4], TTLB: time.Duration(1+i*i*i) * time.Millisecond})
	}
	var h Histogram
	var tp Throughput
	p := NewPIPS(PIPSOptions{})
	e := NewExecution(ExecutionOptions{Limit: time.Second})
	for i := range calls {
		h.Add(calls[i].TTLB)
		_ = tp.Add(&calls[i])
		_ = p.Add(&calls[i])
		_ = e.Add(Payment{Accepted: calls[i].ReceivedAt, Executed: calls[i].ReceivedAt.Add(calls[i].TTLB)})
	}
	check := func(name string, enc []byte, err error, decode func([]byte) error) {
		require.NoError(t, err)
		worst := kpitest.CheckDecodeAlloc(t, enc, decode, kpitest.DecodeAllocFactor)
		t.Logf("%s: at most %.2f bytes allocated per input byte", name, worst)
	}
	enc, err := h.MarshalBinary()
	check("Histogram", enc, err, func(b []byte) error { var d Histogram; return d.UnmarshalBinary(b) })
	enc, err = tp.MarshalBinary()
	check("Throughput", enc, err, func(b []byte) error { var d Throughput; return d.UnmarshalBinary(b) })
	enc, err = p.MarshalBinary()
	check("PIPS", enc, err, func(b []byte) error { var d PIPS; return d.UnmarshalBinary(b) })
	enc, err = e.MarshalBinary()
	check("Execution", enc, err, func(b []byte) error { var d Execution; return d.UnmarshalBinary(b) })
}
