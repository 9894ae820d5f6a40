package perfsuite

import (
	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/errorrate"
	"github.com/openfinance-kpi/kpi/performance"
	"github.com/openfinance-kpi/kpi/volumes"
)

// EndpointDay is the per-call state of one endpoint-day, without the
// per-second throughput state: what issue 8's memory and merge targets
// are about. The zero value is empty; copying one shares the Histogram's
// pages (performance.Histogram allocates a page per power of two seen), so
// build each state in place.
type EndpointDay struct {
	Errors   errorrate.Counter     // ER-1
	Perf     performance.Stats     // PF-AVG-1, PF-PAGE-1, PF-MB-1, PF-MAX-1, PF-THR-1
	Hist     performance.Histogram // PF-PCTL-1 (TTLB of responded calls)
	Volumes  volumes.Daily         // VO-DAY-1
	Rejected kpi.Rejections        // bad calls, checked once for all four
}

// Add adds c to every accumulator the way a combined ingest should: one
// kpi.Check for the four of them, then each one's AddChecked. A bad call
// is counted in Rejected and its Reason returned.
func (s *EndpointDay) Add(c *kpi.Call) error {
	if r := kpi.Check(c); r != kpi.OK {
		s.Rejected.Add(r)
		return r
	}
	k := c.Class()
	s.Errors.AddChecked(c, k)
	s.Perf.AddChecked(c, k)
	s.Hist.AddChecked(c, k, performance.Responded)
	s.Volumes.AddChecked(c, k)
	return nil
}

// Merge merges o into s.
func (s *EndpointDay) Merge(o *EndpointDay) error {
	s.Errors.Merge(&o.Errors)
	s.Hist.Merge(&o.Hist)
	s.Volumes.Merge(&o.Volumes)
	s.Rejected.Merge(&o.Rejected)
	return s.Perf.Merge(&o.Perf)
}

// Ingest is the combined per-call ingest of issue 8: one EndpointDay and
// one performance.Throughput per endpoint and day, the day found with a
// kpi.DayCursor (calls arrive in ReceivedAt order, as in a log).
type Ingest struct {
	cursor kpi.DayCursor
	first  kpi.Date
	State  [][]EndpointDay            // [day][endpoint]
	TPS    [][]performance.Throughput // [day][endpoint]
}

// NewIngest makes the state for the days and endpoints of d.
func NewIngest(d *Data) *Ingest {
	in := &Ingest{cursor: d.Cal.Cursor(), first: d.First}
	for range d.Days {
		in.State = append(in.State, make([]EndpointDay, len(d.Endpoints)))
		in.TPS = append(in.TPS, make([]performance.Throughput, len(d.Endpoints)))
	}
	return in
}

// Add ingests c, whose endpoint index is ep.
func (in *Ingest) Add(c *kpi.Call, ep uint16) error {
	day := int(in.cursor.DateOf(c.ReceivedAt) - in.first)
	st := &in.State[day][ep]
	if err := st.Add(c); err != nil {
		return err
	}
	return in.TPS[day][ep].AddChecked(c, c.Class())
}

// Reset empties s, keeping what its accumulators keep on Reset.
func (s *EndpointDay) Reset() {
	s.Errors.Reset()
	s.Perf.Reset()
	s.Hist.Reset()
	s.Volumes.Reset()
	s.Rejected = kpi.Rejections{}
}

// Reset empties every state, keeping capacity.
func (in *Ingest) Reset() {
	for d := range in.State {
		for e := range in.State[d] {
			in.State[d][e].Reset()
			in.TPS[d][e].Reset()
		}
	}
}
