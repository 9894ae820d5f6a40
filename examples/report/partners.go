package main

import (
	"cmp"
	"errors"
	"slices"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/errorrate"
	"github.com/openfinance-kpi/kpi/performance"
	"github.com/openfinance-kpi/kpi/volumes"
)

// partners is the usage by partner of the dashboard: for each tpp_id of
// the calls CSV (kpi.Call.TPP; "" for calls without one), volumes by
// class, ER-1 errors, PF-AVG-1 and PF-MAX-1 times and the PF-PCTL-1
// histogram over the whole report. The book keeps no TPP: the report
// adds this small map beside it, for -format html only. Its memory is a
// few kilobytes a partner, whatever the calls and the days.
type partners struct {
	cfg *config
	by  map[string]*usage
}

// usage is one partner's accumulators: an endpoint-day's without its
// per-second table. The page shows no partner's peak TPS, and a table
// over a week of traffic is up to 604,800 seconds a partner (the 50 M
// calls of a week took 274 MiB with it, 169 MiB without: what daily.csv
// alone takes).
type usage struct {
	Volumes volumes.Counter
	Errors  errorrate.Counter
	Perf    performance.Stats
	Hist    performance.Histogram
}

func newPartners(cfg *config) *partners {
	return &partners{cfg: cfg, by: map[string]*usage{}}
}

// get returns the usage of partner id, making it when new.
func (p *partners) get(id string) *usage {
	u := p.by[id]
	if u == nil {
		u = &usage{Perf: performance.NewStats(p.cfg.Config().Performance)}
		p.by[id] = u
	}
	return u
}

// addChecked counts a call the book accepted: it passed kpi.Check there,
// once (a bad row is the reader's to count, never a partner's).
func (p *partners) addChecked(c *kpi.Call) {
	u, k := p.get(c.TPP), c.Class()
	u.Volumes.AddChecked(c, k)
	u.Errors.AddChecked(c, k)
	u.Perf.AddChecked(c, k)
	u.Hist.AddChecked(c, k, performance.Responded)
}

// merge adds o's partners into p (o is one input's, p the report's).
func (p *partners) merge(o *partners) error {
	for id, ou := range o.by {
		u := p.get(id)
		if err := errors.Join(u.Volumes.Merge(&ou.Volumes), u.Errors.Merge(&ou.Errors), u.Perf.Merge(&ou.Perf), u.Hist.Merge(&ou.Hist)); err != nil {
			return err
		}
	}
	return nil
}

// partner is one partner's state.
type partner struct {
	TPP   string
	State *usage
}

// sorted returns the partners by calls, most first, then by ID.
func (p *partners) sorted() []partner {
	var out []partner
	for id, e := range p.by {
		out = append(out, partner{id, e})
	}
	slices.SortFunc(out, func(a, b partner) int {
		if c := cmp.Compare(b.State.Volumes.Figures().Calls, a.State.Volumes.Figures().Calls); c != 0 {
			return c
		}
		return cmp.Compare(a.TPP, b.TPP)
	})
	return out
}
