package live

import (
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/errorrate"
	"github.com/openfinance-kpi/kpi/examples/gateway/measure"
	"github.com/openfinance-kpi/kpi/performance"
)

// Config says what a Store measures. The zero value measures nothing useful
// (an empty catalogue rejects every call as kpi.UnknownEndpoint) in UTC.
type Config struct {
	// Registry is the endpoint catalogue; Samples carry indices into it.
	// It must not change once the Store is made.
	Registry *kpi.Registry
	// Calendar says which local day a call belongs to (RULES §0 DAY).
	Calendar kpi.Calendar
	// Profile is the benchmark profile the verdicts are judged against.
	Profile benchmark.Profile
	// Availability, ErrorRate and Performance are the rule options.
	Availability availability.Options
	ErrorRate    errorrate.Options
	Performance  performance.Options
	// Shards is the number of shards; 0 means 4 × GOMAXPROCS, rounded up
	// to a power of two.
	Shards int
}

// Store records calls into sharded per-day accumulators and merges them on
// read (Snapshot). Make it with New.
//
// A Store is safe for concurrent use: Record is the hot path (a shard picked
// at random, one uncontended mutex in practice, no allocation in steady
// state), Snapshot the cold one.
type Store struct {
	cfg    Config
	names  []string
	shards []*shard
	mask   uint32
}

// record is the compact call kept for availability (24 bytes).
type record struct {
	at     int64 // ReceivedAt, Unix nanoseconds
	ttlb   int64 // nanoseconds
	ep     uint32
	status uint16
	notAtt bool
}

// endpointDay is one endpoint's accumulators for one day in one shard.
type endpointDay struct {
	errors errorrate.Counter
	perf   performance.Stats
	hist   performance.Histogram // a few KB: pages allocated as its calls reach new powers of two
	tps    performance.Throughput
}

// day is one shard's state for one local day.
type day struct {
	date     kpi.Date
	used     bool
	eps      []*endpointDay // by kpi.Endpoint; nil until a call arrives
	rejected kpi.Rejections
	hijacked uint64
	records  []record
}

type shard struct {
	mu      sync.Mutex
	cursor  kpi.DayCursor
	days    [2]day         // today and yesterday, by date parity
	late    uint64         // calls for a day older than the two kept
	undated kpi.Rejections // calls with no day: a zero ReceivedAt
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
		st.shards[i] = &shard{cursor: cfg.Calendar.Cursor()}
	}
	return st
}

// Config returns the Store's configuration.
func (st *Store) Config() Config { return st.cfg }

// Record is measure.Recorder: it counts one measured request in the day of
// its ReceivedAt. See the package documentation for what is counted where.
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
		d.reset(date)
	case d.date > date:
		sh.late++
		return
	}
	if s.Hijacked {
		d.hijacked++
		return
	}
	reason := kpi.UnknownEndpoint
	if s.Matched && int(s.Endpoint) < len(st.names) {
		reason = kpi.Check(c)
	}
	if reason != kpi.OK {
		d.rejected.Add(reason)
		return
	}
	e := d.endpoint(s.Endpoint, &st.cfg)
	_ = e.errors.Add(c) // c passed kpi.Check: the accumulators accept it
	_ = e.perf.Add(c)
	_ = e.hist.AddCall(c, performance.Responded)
	_ = e.tps.Add(c)
	d.records = append(d.records, record{
		at: c.ReceivedAt.UnixNano(), ttlb: int64(c.TTLB), ep: uint32(s.Endpoint),
		status: uint16(c.Status), notAtt: c.NotAttributable,
	})
}

// reset starts date in d, keeping its capacity.
func (d *day) reset(date kpi.Date) {
	d.date, d.used = date, true
	for _, e := range d.eps {
		if e != nil {
			e.errors.Reset()
			e.perf.Reset()
			e.hist.Reset()
			e.tps.Reset()
		}
	}
	d.rejected = kpi.Rejections{}
	d.hijacked = 0
	d.records = d.records[:0]
}

func (d *day) endpoint(e kpi.Endpoint, cfg *Config) *endpointDay {
	for int(e) >= len(d.eps) {
		d.eps = append(d.eps, nil)
	}
	if d.eps[e] == nil {
		d.eps[e] = &endpointDay{perf: performance.NewStats(cfg.Performance)}
	}
	return d.eps[e]
}
