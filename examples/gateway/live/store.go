package live

import (
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/benchmark/book"
	"github.com/openfinance-kpi/kpi/examples/gateway/measure"
	"github.com/openfinance-kpi/kpi/performance"
)

// Config says what a Store measures. The zero value measures nothing useful
// (an empty catalogue leaves every request outside the API) in UTC.
type Config struct {
	// Registry is the endpoint catalogue; Samples carry indices into it.
	// It must not change once the Store is made.
	Registry *kpi.Registry
	// Calendar says which local day a call belongs to (kpi's DAY).
	Calendar kpi.Calendar
	// Profile is the benchmark profile the verdicts are judged against; its
	// Availability are the availability rule and OPTIONs.
	Profile benchmark.Profile
	// Performance are the Stats options (PF-THR-1, PF-PAGE-1).
	Performance performance.Options
	// Shards is the number of shards; 0 means 4 × GOMAXPROCS, rounded up
	// to a power of two.
	Shards int
}

// book returns the library's configuration of the Store's books.
func (c *Config) book() book.Config {
	return book.Config{Profile: c.Profile, Calendar: c.Calendar, Performance: c.Performance}
}

// Store records calls into sharded per-day books (benchmark/book) and
// merges them on read (Snapshot). Make it with New.
//
// A Store is safe for concurrent use: Record is the hot path (a shard picked
// at random, one uncontended mutex in practice, no allocation in steady
// state but a new chunk of availability records now and then), Snapshot
// the cold one.
type Store struct {
	cfg    Config
	names  []string
	shards []*shard
	mask   uint32
}

// day is one shard's state for one local day: a book.Book, and what the
// book never sees (calls outside the catalogue, hijacked connections).
type day struct {
	date     kpi.Date
	used     bool
	book     *book.Book
	outside  uint64 // requests outside the catalogue (Rule EP-1): no API call
	hijacked uint64
	hours    hours // the day's calls by hour, for the page's charts (hours.go)
}

type shard struct {
	mu      sync.Mutex
	index   int64
	seq     int64 // calls recorded: the evidence IDs (see Store.Record)
	cursor  kpi.DayCursor
	days    [2]day                     // today and yesterday, by date parity
	late    uint64                     // calls for a day older than the two kept
	undated kpi.Rejections[kpi.Reason] // calls with no day: a zero ReceivedAt
	_       [64]byte
}

// New returns a Store for cfg.
func New(cfg Config) *Store {
	n := cfg.Shards
	if n <= 0 {
		n = 4 * runtime.GOMAXPROCS(0)
	}
	p := 1
	for p < n {
		p <<= 1
	}
	st := &Store{cfg: cfg, shards: make([]*shard, p), mask: uint32(p - 1)}
	if cfg.Registry != nil {
		for e := range cfg.Registry.Len() {
			st.names = append(st.names, cfg.Registry.Name(kpi.Endpoint(e)))
		}
	}
	for i := range st.shards {
		st.shards[i] = &shard{index: int64(i), cursor: cfg.Calendar.Cursor()}
	}
	return st
}

// Config returns the Store's configuration.
func (st *Store) Config() Config { return st.cfg }

// shardBits is how many low bits of an evidence ID name the shard.
const shardBits = 16

// Record is measure.Recorder: it counts one measured request in the day of
// its ReceivedAt. See the package documentation for what is counted where.
// A call's evidence ID (in the outages) is its sequence number in its
// shard << 16 | the shard's index.
func (st *Store) Record(s *measure.Sample) {
	// rand.Uint32 reads the runtime's per-thread generator: no memory
	// shared between goroutines on the way to the shard.
	sh := st.shards[rand.Uint32()&st.mask]
	sh.mu.Lock()
	st.add(sh, s)
	sh.mu.Unlock()
}

func (st *Store) add(sh *shard, s *measure.Sample) {
	c := &s.Call
	if c.ReceivedAt.IsZero() { // no day to count it in
		sh.undated.Add(kpi.ZeroReceivedAt) // kpi.Check's reason for it
		return
	}
	date := sh.cursor.DateOf(c.ReceivedAt)
	d := &sh.days[date&1]
	switch {
	case !d.used || d.date < date: // a new day: the slot of two days ago is reused
		d.reset(date, &st.cfg)
	case d.date > date:
		sh.late++
		return
	}
	if s.Hijacked {
		d.hijacked++
		return
	}
	if !s.Matched || int(s.Endpoint) >= len(st.names) {
		d.outside++ // a browser's /favicon.ico, a health check: not the API's
		return
	}
	sh.seq++
	_ = d.book.Add(c, sh.seq<<shardBits|sh.index) // a bad call is counted in the book's Rejections
	d.hours.add(c, st.cfg.Performance)
}

// reset starts date in d.
func (d *day) reset(date kpi.Date, cfg *Config) {
	d.date, d.used = date, true
	if d.book == nil {
		d.book = book.New(cfg.book())
	} else {
		d.book.Reset()
	}
	d.outside = 0
	d.hijacked = 0
	d.hours.reset(cfg.Calendar.Start(date))
}
