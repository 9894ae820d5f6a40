package daily

import (
	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/errorrate"
	"github.com/openfinance-kpi/kpi/performance"
	"github.com/openfinance-kpi/kpi/volumes"
)

// Scope is the per-call state of one endpoint-day (or, merged, of the
// interface for a day): the library's accumulators, nothing else. The zero
// Scope is an empty one on a non-payment endpoint; set Payment before the
// first Add for a catalogue payment endpoint. Not safe for concurrent use.
type Scope struct {
	Errs    errorrate.Counter      // ER-1
	Vol     volumes.Daily          // VO-DAY-1
	Perf    performance.Stats      // PF-AVG-1, PF-MAX-1, PF-MB-1, PF-PAGE-1
	TPS     performance.Throughput // PF-TPS-1 peak TPS
	PIPS    performance.PIPS       // PF-TPS-1 Max PIPS (payment endpoints only)
	Payment bool                   // the endpoint is in the payment catalogue
}

// Add adds a call that ParseRow accepted (so every accumulator accepts
// it).
func (s *Scope) Add(c *kpi.Call) {
	s.Errs.Add(c)
	s.Vol.Add(c)
	s.Perf.Add(c)
	s.TPS.Add(c)
	if s.Payment {
		s.PIPS.Add(c)
	}
}

// Merge adds o's calls to s (RULES: each accumulator's Merge); o is
// unchanged. A payment scope merged in makes s one.
func (s *Scope) Merge(o *Scope) error {
	s.Errs.Merge(&o.Errs)
	s.Vol.Merge(&o.Vol)
	if err := s.Perf.Merge(&o.Perf); err != nil {
		return err
	}
	s.TPS.Merge(&o.TPS)
	if o.Payment {
		s.Payment = true
		return s.PIPS.Merge(&o.PIPS)
	}
	return nil
}
