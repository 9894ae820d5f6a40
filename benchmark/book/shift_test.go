package book

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/benchmark"
)

// Two pieces of one log, each read with IDs from 1 and shifted by the
// lines before it, absorbed in order: the same result as one book of the
// whole log with its own line numbers, outage evidence included. The log
// (one endpoint, AV-CLOCK): lines 1 to 3 in the first piece (200, 503 at
// 10:01, 503 at 10:02), lines 4 and 5 in the second (503 at 10:03, 200 at
// 10:04), so the one outage is opened by line 2 and closed by line 5;
// read locally, the second piece calls those lines 1 and 2.
func TestShiftIDsPiecesAsWhole(t *testing.T) {
	cfg := Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(time.UTC)}
	log := []kpi.Call{
		call("GET /accounts", t0, 200, time.Millisecond),
		call("GET /accounts", t0.Add(time.Minute), 503, time.Millisecond),
		call("GET /accounts", t0.Add(2*time.Minute), 503, time.Millisecond),
		call("GET /accounts", t0.Add(3*time.Minute), 503, time.Millisecond),
		call("GET /accounts", t0.Add(4*time.Minute), 200, time.Millisecond),
	}
	whole := New(cfg)
	for i := range log {
		require.NoError(t, whole.Add(&log[i], int64(i+1)))
	}
	want, err := whole.Close(time.Time{}, nil, nil)
	require.NoError(t, err)
	outs := slices.Collect(want.Outages())
	require.Len(t, outs, 1)
	require.Equal(t, int64(2), outs[0].Opened.ID)
	require.Equal(t, int64(5), outs[0].Closed.ID)

	for _, bounded := range []bool{false, true} {
		first, second := New(cfg), New(cfg)
		for i := range log[:3] {
			require.NoError(t, first.Add(&log[i], int64(i+1)))
		}
		for i := range log[3:] {
			require.NoError(t, second.Add(&log[3+i], int64(i+1)))
		}
		require.NoError(t, second.ShiftIDs(3))
		got := New(cfg)
		if bounded {
			require.NoError(t, got.SetDisorder(time.Second))
		}
		require.NoError(t, got.Absorb(first))
		require.NoError(t, got.Absorb(second))
		res, err := got.Close(time.Time{}, nil, nil)
		require.NoError(t, err)
		requireSameResult(t, want, res)
	}
}

// A shift that would carry an ID past the int64 range changes nothing.
func TestShiftIDsRange(t *testing.T) {
	cfg := Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(time.UTC)}
	b := New(cfg)
	c := call("GET /accounts", t0, 503, time.Millisecond)
	require.NoError(t, b.Add(&c, math.MaxInt64-1))
	require.NoError(t, b.ShiftIDs(1))
	require.ErrorIs(t, b.ShiftIDs(1), ErrIDRange)
	res, err := b.Close(time.Time{}, nil, nil)
	require.NoError(t, err)
	require.Equal(t, 1, res.NumOutages())
	for o := range res.Outages() {
		require.Equal(t, int64(math.MaxInt64), o.Opened.ID)
	}

	low := New(cfg)
	require.NoError(t, low.Add(&c, math.MinInt64))
	require.ErrorIs(t, low.ShiftIDs(-1), ErrIDRange)
	require.NoError(t, New(cfg).ShiftIDs(math.MaxInt64), "an empty book has no ID to carry")
}
