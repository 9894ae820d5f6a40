package live_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi/examples/gateway/live"
)

// A Cache keeps a day's snapshot for Every after it is ready: a reader
// within that time gets it as the first reader computed it (as of its now:
// a call recorded since is not in it), a reader after it gets a new one,
// and a reader whose now is before the kept one's gets its own. The
// Store's own snapshots stay exact.
func TestCacheKeepsASnapshotForEvery(t *testing.T) {
	st, reg := newStore(4)
	c := live.NewCache(st, time.Second)
	st.Record(sample(reg, "GET /a", t0, 200, 100*ms))
	first := c.Snapshot(t0.Add(time.Minute))
	require.Equal(t, t0.Add(time.Minute), first.AsOf)
	require.Equal(t, uint64(1), first.Interface.Calls)

	st.Record(sample(reg, "GET /a", t0.Add(time.Second), 200, 100*ms))
	kept := c.Snapshot(t0.Add(time.Minute + 500*ms)) // within Every of the first
	require.Equal(t, first.AsOf, kept.AsOf, "the kept snapshot, as of the first reader's now")
	require.Equal(t, uint64(1), kept.Interface.Calls)
	require.Equal(t, uint64(2), st.Snapshot(t0.Add(time.Minute+500*ms)).Interface.Calls, "the Store is exact")

	earlier := c.Snapshot(t0.Add(30 * time.Second)) // a clock set back: its own
	require.Equal(t, t0.Add(30*time.Second), earlier.AsOf)
	require.Equal(t, uint64(2), earlier.Interface.Calls)
	require.Equal(t, first.AsOf, c.Snapshot(t0.Add(time.Minute+600*ms)).AsOf, "still kept")

	later := c.Snapshot(t0.Add(time.Hour)) // past Every (and the computation's time)
	require.Equal(t, t0.Add(time.Hour), later.AsOf)
	require.Equal(t, uint64(2), later.Interface.Calls)

	day := c.SnapshotDay(st.Config().Calendar.DateOf(t0)-1, t0.Add(time.Hour)) // another day: its own
	require.False(t, day.Kept)
	require.Zero(t, day.Interface.Calls)
}

// Concurrent readers and writers (go test -race): readers of one instant
// share one snapshot, readers of later instants get snapshots no older
// than Every plus a computation, and nothing races.
func TestCacheConcurrentReaders(t *testing.T) {
	st, reg := newStore(4)
	c := live.NewCache(st, time.Hour) // one snapshot for the readers of t0+1m
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 200 {
			st.Record(sample(reg, "GET /b", t0.Add(time.Duration(i)*ms), 200, ms))
		}
	})
	now := t0.Add(time.Minute)
	got := make([]live.Snapshot, 20)
	for i := range got {
		wg.Go(func() { got[i] = c.Snapshot(now) })
	}
	wg.Wait()
	for i := range got {
		require.Equal(t, got[0].Interface.Calls, got[i].Interface.Calls, "reader %d", i)
		require.Equal(t, now, got[i].AsOf)
	}
	// Kept for an hour after it was ready, whatever was recorded since.
	require.Equal(t, got[0].Interface.Calls, c.Snapshot(now.Add(59*time.Minute)).Interface.Calls)
	require.Equal(t, uint64(200), c.Snapshot(now.Add(2*time.Hour)).Interface.Calls)
}
