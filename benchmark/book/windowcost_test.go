package book

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi/internal/kpitest"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark"
)

// windowDay is the day of the window-cost cases: every call and window
// falls on it (UTC).
var windowDay = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// globalWindowsBook returns a book with one answered call on each of n
// endpoints on windowDay, and w planned windows that apply to every
// endpoint (Endpoint ""): 30 s each, every 40 s from midnight (2,000 of
// them fit in the day: 80,000 s < 86,400 s).
func globalWindowsBook(t testing.TB, n, w int) (*Book, []availability.Window) {
	b := New(Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(time.UTC)})
	for i := range n {
		c := call(fmt.Sprintf("GET /e%05d", i), windowDay.Add(time.Duration(i)*time.Second), 200, 100*time.Millisecond)
		require.NoError(t, b.Add(&c, int64(i)))
	}
	ws := make([]availability.Window, w)
	for i := range ws {
		start := windowDay.Add(time.Duration(i) * 40 * time.Second)
		ws[i] = availability.Window{Interval: kpi.Interval{Start: start, End: start.Add(30 * time.Second)}}
	}
	return b, ws
}

// namedWindowsBook returns a book with one answered call on GET /a and w
// planned windows each naming its own endpoint (no call), one minute each
// on windowDay.
func namedWindowsBook(t testing.TB, w int) (*Book, []availability.Window) {
	b := New(Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(time.UTC)})
	c := call("GET /a", windowDay, 200, 100*time.Millisecond)
	require.NoError(t, b.Add(&c, 0))
	ws := make([]availability.Window, w)
	for i := range ws {
		start := windowDay.Add(time.Duration(i%1440) * time.Minute)
		ws[i] = availability.Window{Interval: kpi.Interval{Start: start, End: start.Add(time.Minute)}, Endpoint: fmt.Sprintf("GET /w%06d", i)}
	}
	return b, ws
}

// closeBytes returns what Close allocates.
func closeBytes(t *testing.T, b *Book, planned []availability.Window) uint64 {
	var err error
	got := kpitest.AllocatedBy(func() { _, err = b.Close(time.Time{}, planned, nil) })
	require.NoError(t, err)
	return got
}

// windowBytesPerItem bounds what Close allocates per window and per
// endpoint: an endpoint's row (its figures, exact ratios) and day, a
// window's piece and its sorting, with slack (measured: about 1.9 KiB at
// 2,000 × 2,000, 5.4 KiB per named window with its endpoint's row).
const windowBytesPerItem = 8 << 10

// Windows that apply to every endpoint are accounted once, not once per
// endpoint: 2,000 global planned windows on the day of 2,000 endpoints'
// calls add at most a constant per window and per endpoint to what Close
// allocates without them. Before, each endpoint's day swept every window
// (2,000 pieces per endpoint-day, the interface's union 4,000,000): 10.1 GB
// allocated; after, 7.5 MB more than without windows.
func TestCloseGlobalWindowsCostOnce(t *testing.T) {
	const n, w = 2000, 2000
	b, ws := globalWindowsBook(t, n, w)
	none := closeBytes(t, b, nil)
	with := closeBytes(t, b, ws)
	t.Logf("Close: %d bytes without windows, %d with %d global windows over %d endpoints", none, with, w, n)
	require.LessOrEqual(t, with-min(with, none), uint64(windowBytesPerItem*(n+w)))
}

// Windows that name distinct endpoints cost each endpoint its own windows,
// not a pass over all of them (that pass allocated nothing, so its
// quadratic time shows in BenchmarkCloseNamedWindows, not here): what Close
// allocates stays a constant per window. Scaled down from 100,000 windows
// to 20,000 (the bound is per window; 100,000 allocated 545 MB, 5.4 KiB
// each).
func TestCloseNamedWindowsCostLinear(t *testing.T) {
	const w = 20000
	b, ws := namedWindowsBook(t, w)
	got := closeBytes(t, b, ws)
	t.Logf("Close: %d bytes with %d windows naming distinct endpoints", got, w)
	require.LessOrEqual(t, got, uint64(windowBytesPerItem*w))
}

// Close with windows naming distinct endpoints (go test -bench
// CloseNamedWindows ./benchmark/book): each endpoint's days are accounted
// with its own window, found by name, not by a pass over every window.
func BenchmarkCloseNamedWindows(b *testing.B) {
	bk, ws := namedWindowsBook(b, 10000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := bk.Close(time.Time{}, ws, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// Close with windows that apply to every endpoint (go test -bench
// CloseGlobalWindows ./benchmark/book): 2,000 windows on the day of 2,000
// endpoints' calls.
func BenchmarkCloseGlobalWindows(b *testing.B) {
	bk, ws := globalWindowsBook(b, 2000, 2000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := bk.Close(time.Time{}, ws, nil); err != nil {
			b.Fatal(err)
		}
	}
}
