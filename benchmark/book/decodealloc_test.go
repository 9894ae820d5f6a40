package book

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
	"github.com/openfinance-kpi/kpi/internal/wire"
	"github.com/openfinance-kpi/kpi/performance"
)

// EndpointDay's and Book's decoders allocate at most
// kpitest.DecodeAllocFactor bytes per input byte on 1 MiB inputs crafted
// from a valid encoding: each count of the format, wherever it is, claims
// as many of the smallest items as the input holds (a Book's endpoints,
// records and endpoint-days; an EndpointDay's parts' items).
func TestDecodeAllocatesBoundedByInput(t *testing.T) {
	cfg := Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(time.UTC)}
	e := NewEndpointDay(performance.Options{Threshold: time.Second}, true)
	b := New(cfg)
	for i, st := range []int{200, 503} {
		c := call("POST /payments", t0.Add(time.Duration(i)*time.Second), st, time.Duration(i+1)*100*time.Millisecond)
		require.NoError(t, e.Add(&c))
		require.NoError(t, b.Add(&c, int64(i)))
	}
	enc, err := e.MarshalBinary()
	require.NoError(t, err)
	worst := kpitest.CheckDecodeAlloc(t, enc, func(x []byte) error {
		d := NewEndpointDay(performance.Options{}, false)
		return d.UnmarshalBinary(x)
	}, kpitest.DecodeAllocFactor)
	t.Logf("EndpointDay (%d bytes): at most %.2f bytes allocated per input byte", len(enc), worst)

	enc, err = b.MarshalBinary()
	require.NoError(t, err)
	worst = kpitest.CheckDecodeAlloc(t, enc, func(x []byte) error { return New(cfg).UnmarshalBinary(x) }, bookDecodeAllocFactor)
	t.Logf("Book (%d bytes): at most %.2f bytes allocated per input byte", len(enc), worst)
}

// A Book whose endpoint-days are many and each the smallest an encoding
// can hold (an empty state, 154 bytes), all on the last of 1 or 20,000
// endpoints (one record each; the state is refused once read, its records
// disagreeing with its days' calls): each endpoint-day is allocated from
// its part's bytes, not from the number of endpoints. Before, a day held a
// slot per endpoint up to the one it had (160 KB a day for 20,000), and
// the decoder allocated an endpoint-day before decoding its part into
// another.
func TestBookDecodeEndpointDaysBoundedByInput(t *testing.T) {
	cfg := Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(time.UTC)}
	for _, endpoints := range []int{1, 20000} {
		b := New(cfg)
		for i := range endpoints {
			b.recs[b.endpoint(fmt.Sprintf("GET /%05d", i))].add(record{})
			b.calls++
		}
		part, err := b.endpointDay(0, endpoints-1).MarshalBinary()
		require.NoError(t, err)
		days := kpitest.HostileSize / (len(part) + 4)
		for d := range days {
			b.endpointDay(kpi.Date(d), endpoints-1)
		}
		enc, err := b.MarshalBinary()
		require.NoError(t, err)
		var decodeErr error
		got := kpitest.AllocatedBy(func() { decodeErr = New(cfg).UnmarshalBinary(enc) })
		t.Logf("%d endpoints, %d endpoint-days of %d bytes: %d bytes allocated for %d input bytes (%.2f per byte)",
			endpoints, days, len(part), got, len(enc), float64(got)/float64(len(enc)))
		require.ErrorIs(t, decodeErr, wire.ErrInvalid)
		require.LessOrEqual(t, got, uint64(bookDecodeAllocFactor*len(enc)))
	}
}

// A Book of many endpoints, each name as short as it can be (1 to 4
// bytes) with one record as short as it can be (5 bytes: the Unix epoch,
// status 0) and no endpoint-day (refused, once all are read, as records
// that disagree with their days' calls): each endpoint is allocated from
// its own bytes (its name, index entry, records header and record: about
// 170 bytes from 8 to 11).
func TestBookDecodeEndpointsBoundedByInput(t *testing.T) {
	cfg := Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(time.UTC)}
	b := New(cfg)
	for i := range kpitest.HostileSize / 10 {
		b.recs[b.endpoint(strconv.FormatInt(int64(i), 36))].add(record{})
		b.calls++
	}
	enc, err := b.MarshalBinary()
	require.NoError(t, err)
	var decodeErr error
	got := kpitest.AllocatedBy(func() { decodeErr = New(cfg).UnmarshalBinary(enc) })
	t.Logf("%d endpoints: %d bytes allocated for %d input bytes (%.2f per byte)", len(b.names), got, len(enc), float64(got)/float64(len(enc)))
	require.ErrorIs(t, decodeErr, wire.ErrInvalid)
	require.LessOrEqual(t, got, uint64(bookDecodeAllocFactor*len(enc)))
}

// bookDecodeAllocFactor is the Book's bound: an endpoint holds its name
// (16 bytes), its index entry (about 50), its records' header and first
// chunk (32 + 32 + 32 for one record) and its count (8), about 170 bytes,
// from at least 8 bytes (a 1-byte name, a count, a 5-byte record): 21,
// plus slack.
const bookDecodeAllocFactor = 24
