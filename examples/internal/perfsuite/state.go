package perfsuite

import (
	"time"
	"unsafe"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/errorrate"
	"github.com/openfinance-kpi/kpi/performance"
	"github.com/openfinance-kpi/kpi/volumes"
)

// Threshold is Rule PF-THR-1's threshold the suite's Stats count calls
// within: CBUAE's 500 ms (seed 001), so that the within-threshold count is
// part of every measured Add and Merge.
const Threshold = 500 * time.Millisecond

// EndpointDay is the per-call state of one endpoint-day, without the
// per-second throughput state: what issue 8's memory and merge targets
// are about. Make one with NewEndpointDay (the zero value is empty but its
// Stats count no PF-THR-1 threshold). Copying one shares the Histogram's
// pages (performance.Histogram allocates a page per power of two seen), so
// build each state in place.
type EndpointDay struct {
	Errors   errorrate.Counter     // ER-1
	Perf     performance.Stats     // PF-AVG-1, PF-PAGE-1, PF-MB-1, PF-MAX-1, PF-THR-1 (Threshold)
	Hist     performance.Histogram // PF-PCTL-1 (TTLB of responded calls)
	Volumes  volumes.Daily         // VO-DAY-1
	Rejected kpi.Rejections        // bad calls, checked once for all four
}

// NewEndpointDay returns an empty EndpointDay whose Stats count PF-THR-1
// against Threshold.
func NewEndpointDay() EndpointDay {
	return EndpointDay{Perf: performance.NewStats(performance.Options{Threshold: Threshold})}
}

// Add adds c to every accumulator the way a combined ingest should: one
// kpi.Check for the four of them, then each one's AddChecked. A bad call
// is counted in Rejected and its Reason returned.
func (s *EndpointDay) Add(c *kpi.Call) error {
	_, err := s.add(c)
	return err
}

// add is Add, returning the call's class for the caller's other
// accumulators (Ingest's Throughput).
func (s *EndpointDay) add(c *kpi.Call) (kpi.Class, error) {
	if r := kpi.Check(c); r != kpi.OK {
		s.Rejected.Add(r)
		return kpi.ClassInvalid, r
	}
	k := c.Class()
	s.Errors.AddChecked(c, k)
	s.Perf.AddChecked(c, k)
	s.Hist.AddChecked(c, k, performance.Responded)
	s.Volumes.AddChecked(c, k)
	return k, nil
}

// Merge merges o into s.
func (s *EndpointDay) Merge(o *EndpointDay) error {
	s.Errors.Merge(&o.Errors)
	s.Hist.Merge(&o.Hist)
	s.Volumes.Merge(&o.Volumes)
	s.Rejected.Merge(&o.Rejected)
	return s.Perf.Merge(&o.Perf)
}

// Reset empties s, keeping what its accumulators keep on Reset (the
// Histogram's pages, the Stats' Options).
func (s *EndpointDay) Reset() {
	s.Errors.Reset()
	s.Perf.Reset()
	s.Hist.Reset()
	s.Volumes.Reset()
	s.Rejected = kpi.Rejections{}
}

// RetainedBytes is the memory s holds: its own size plus the Histogram's
// pages, the only heap an EndpointDay refers to (Counter, Stats, Daily and
// Rejections are plain values). Histogram.RetainedBytes counts the
// Histogram's header, which unsafe.Sizeof(EndpointDay{}) already holds, so
// that is taken off once. The pages are 512 bytes, one of Go's size
// classes: the heap holds exactly this, no rounding.
func (s *EndpointDay) RetainedBytes() int {
	return int(unsafe.Sizeof(*s)) - int(unsafe.Sizeof(s.Hist)) + s.Hist.RetainedBytes()
}

// DayIngest is the combined per-call ingest of one endpoint-day: its
// EndpointDay and its per-second Throughput.
type DayIngest struct {
	State EndpointDay
	TPS   performance.Throughput
}

// NewDayIngest returns an empty DayIngest.
func NewDayIngest() *DayIngest { return &DayIngest{State: NewEndpointDay()} }

// Add ingests c: one kpi.Check and one Class for the five accumulators.
func (di *DayIngest) Add(c *kpi.Call) error {
	k, err := di.State.add(c)
	if err != nil {
		return err
	}
	return di.TPS.AddChecked(c, k)
}

// Reset empties di, keeping capacity.
func (di *DayIngest) Reset() {
	di.State.Reset()
	di.TPS.Reset()
}

// Ingest is the combined per-call ingest of issue 8 over the whole data:
// one DayIngest per endpoint and day, the day found with a kpi.DayCursor
// (calls arrive in ReceivedAt order, as in a log).
type Ingest struct {
	cursor kpi.DayCursor
	first  kpi.Date
	Days   [][]DayIngest // [day][endpoint]
}

// NewIngest makes the state for the days and endpoints of d.
func NewIngest(d *Data) *Ingest {
	in := &Ingest{cursor: d.Cal.Cursor(), first: d.First}
	for range d.Days {
		row := make([]DayIngest, len(d.Endpoints))
		for e := range row {
			row[e].State = NewEndpointDay()
		}
		in.Days = append(in.Days, row)
	}
	return in
}

// Add ingests c, whose endpoint index is ep.
func (in *Ingest) Add(c *kpi.Call, ep uint16) error {
	day := int(in.cursor.DateOf(c.ReceivedAt) - in.first)
	return in.Days[day][ep].Add(c)
}

// Reset empties every state, keeping capacity.
func (in *Ingest) Reset() {
	for d := range in.Days {
		for e := range in.Days[d] {
			in.Days[d][e].Reset()
		}
	}
}
