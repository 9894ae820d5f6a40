//go:build kpicheckcount

package book

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/benchmark"
)

// The book's path checks every call exactly once: kpi.Check counts its
// runs in this build (go test -tags kpicheckcount, run by CI), and adding
// n calls to a Book (good ones on a payment endpoint, so that all six
// accumulators take them, and bad ones) or to an EndpointDay must run it
// n times, not once per accumulator.
func TestBookChecksEachCallOnce(t *testing.T) {
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	calls := []kpi.Call{
		{ReceivedAt: at, Endpoint: "POST /payments", Status: 201, TTLB: time.Second},
		{ReceivedAt: at, Endpoint: "GET /accounts", Status: 503, TTLB: time.Second},
		{ReceivedAt: at.Add(25 * time.Hour), Endpoint: "POST /payments", Status: 200, TTLB: time.Second, TTFB: time.Millisecond, HasTTFB: true},
		{ReceivedAt: at, Endpoint: "GET /accounts", Status: 150, TTLB: time.Second}, // bad: 1xx
		{Endpoint: "GET /accounts", Status: 200},                                    // bad: no instant
	}
	b := New(Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(time.UTC)})
	all := New(Config{Profile: benchmark.CDR(), Calendar: kpi.NewCalendar(time.UTC),
		Extras: Extras{P95: true, Medians: true, Minutes: true, Tiers: true, Codes: true}})
	before := kpi.ChecksForTest()
	for i := range calls {
		_ = all.Add(&calls[i], int64(i))
	}
	require.Equal(t, uint64(len(calls)), kpi.ChecksForTest()-before, "Book.Add with every extra: one kpi.Check per call")
	before = kpi.ChecksForTest()
	for i := range calls {
		_ = b.Add(&calls[i], int64(i))
	}
	require.Equal(t, uint64(len(calls)), kpi.ChecksForTest()-before, "Book.Add: one kpi.Check per call")
	require.Equal(t, uint64(3), b.Calls())
	rej := b.Rejections()
	require.Equal(t, uint64(2), rej.Total())

	e := NewEndpointDay(Config{}.Performance, true)
	before = kpi.ChecksForTest()
	for i := range calls {
		_ = e.Add(&calls[i])
	}
	require.Equal(t, uint64(len(calls)), kpi.ChecksForTest()-before, "EndpointDay.Add: one kpi.Check per call")
	require.Equal(t, uint64(3), e.PIPS.Payments(), "a payment endpoint-day's PIPS takes every good call")
	require.Equal(t, uint64(2), e.Rejections.Total())
}
