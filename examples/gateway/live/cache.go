package live

import (
	"sync"
	"time"

	"github.com/openfinance-kpi/kpi"
)

// Cache serves a Store's snapshots to a page that many read at once (the
// gateway's /kpi, which reloads every 2 s). A Snapshot merges and closes
// the whole day's books, O(calls); through a Cache a day's snapshot is
// computed by one reader at a time, and kept for Every after it is ready:
//
//   - a reader that finds one ready, made for a now less than Every
//     plus the time it took before its own now, gets it;
//   - a reader that finds one being computed waits for it and gets it
//     (single flight: never two computations of a day at once);
//   - otherwise the reader computes it (Store.SnapshotDay with its now),
//     and the readers that come meanwhile share it.
//
// So however many read, snapshots take at most a share
// computation / (computation + Every) of the time, and reading costs the
// readers and the API one snapshot per Every, not one per reader. A
// reader gets figures as of the instant the computing reader asked
// (Snapshot.AsOf): at most Every plus one computation old. A now earlier
// than the kept snapshot's (a clock set back) gets its own computation.
// Store.Snapshot and Store.SnapshotDay stay exact, for callers that need
// the figures as of a given instant.
//
// The snapshots are shared between readers: read them, do not modify
// them. A Cache is safe for concurrent use. Make it with NewCache.
type Cache struct {
	store *Store
	every time.Duration
	mu    sync.Mutex
	days  map[kpi.Date]*cached // the latest snapshot of each day asked for
}

// cached is one snapshot of a day: done is closed once snap and until are
// set.
type cached struct {
	at    time.Time // the computing reader's now
	done  chan struct{}
	snap  Snapshot
	until time.Time // a reader's now before it gets snap: at + computation + Every
}

// NewCache returns a Cache over st that keeps a snapshot for every after
// it is ready.
func NewCache(st *Store, every time.Duration) *Cache {
	return &Cache{store: st, every: max(every, 0), days: map[kpi.Date]*cached{}}
}

// Snapshot returns today's snapshot (the local day of now), as
// SnapshotDay.
func (c *Cache) Snapshot(now time.Time) Snapshot {
	return c.SnapshotDay(c.store.cfg.Calendar.DateOf(now), now)
}

// SnapshotDay returns a snapshot of day d (see Cache): the one being
// computed, the one kept if now is before its end, or a new one as of now.
func (c *Cache) SnapshotDay(d kpi.Date, now time.Time) Snapshot {
	c.mu.Lock()
	if e := c.days[d]; e != nil && !now.Before(e.at) {
		select {
		case <-e.done:
			if now.Before(e.until) {
				c.mu.Unlock()
				return e.snap
			}
		default: // being computed: wait for it
			c.mu.Unlock()
			<-e.done
			return e.snap
		}
	}
	e := &cached{at: now, done: make(chan struct{})}
	if old := c.days[d]; old == nil || !now.Before(old.at) {
		c.days[d] = e
	}
	for k, o := range c.days { // forget days not asked for lately
		if k != d && o.at.Before(now.Add(-time.Hour)) {
			delete(c.days, k)
		}
	}
	c.mu.Unlock()
	defer close(e.done)
	started := time.Now()
	e.snap = c.store.SnapshotDay(d, now)
	e.until = now.Add(time.Since(started) + c.every)
	return e.snap
}
