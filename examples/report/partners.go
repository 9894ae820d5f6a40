package main

import (
	"cmp"
	"slices"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/benchmark/book"
)

// partners is the usage by partner of the dashboard: for each tpp_id of
// the calls CSV (kpi.Call.TPP; "" for calls without one), the same
// accumulators as an endpoint-day (book.EndpointDay: volumes by class,
// ER-1 errors, PF-AVG-1 and PF-MAX-1 times, the PF-PCTL-1 histogram, peak
// TPS) over the whole report. The book keeps no TPP: the report adds this
// small map beside it, for -format html only. Its memory is one
// EndpointDay per partner, a few kilobytes each.
type partners struct {
	cfg *config
	by  map[string]*book.EndpointDay
}

func newPartners(cfg *config) *partners {
	return &partners{cfg: cfg, by: map[string]*book.EndpointDay{}}
}

// add counts one good call (the reader checked it).
func (p *partners) add(c *kpi.Call) {
	e := p.by[c.TPP]
	if e == nil {
		n := book.NewEndpointDay(p.cfg.Config().Performance, false)
		e = &n
		p.by[c.TPP] = e
	}
	_ = e.Add(c) // checked by the reader: counted
}

// merge adds o's partners into p (o is one input's, p the report's).
func (p *partners) merge(o *partners) error {
	for id, oe := range o.by {
		e := p.by[id]
		if e == nil {
			n := book.NewEndpointDay(p.cfg.Config().Performance, false)
			e = &n
			p.by[id] = e
		}
		if err := e.Merge(oe); err != nil {
			return err
		}
	}
	return nil
}

// partner is one partner's state.
type partner struct {
	TPP   string
	State *book.EndpointDay
}

// sorted returns the partners by calls, most first, then by ID.
func (p *partners) sorted() []partner {
	var out []partner
	for id, e := range p.by {
		out = append(out, partner{id, e})
	}
	slices.SortFunc(out, func(a, b partner) int {
		if c := cmp.Compare(b.State.Calls(), a.State.Calls()); c != 0 {
			return c
		}
		return cmp.Compare(a.TPP, b.TPP)
	})
	return out
}
