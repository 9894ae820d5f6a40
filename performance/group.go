package performance

import (
	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/u128"
)

// PooledAvgTTLBMs is Rule PF-AVG-2: the average TTLB of a group of endpoints
// (say all service-initiation endpoints except file payments, CBUAE §4) is
// Σ T / Σ V over the members, in ms, over basis b: a busy endpoint weighs
// by its calls. It is never the mean of the members' averages. nil members
// are skipped; NoData when the group has no call of the basis.
//
// T and V do not depend on Options, so members made with different
// Options may be pooled here; Pool merges whole states instead.
// PooledAvgTTLBMs does not change the members and allocates only the
// result.
func PooledAvgTTLBMs(members []*Stats, b Basis) kpi.Ratio {
	b = b.valid()
	var t, v u128.U128
	for _, m := range members {
		if m == nil {
			continue
		}
		p := m.pop(b)
		t.Add(p.ttlb)
		v.Add64(p.v)
	}
	return perMs(t, v)
}

// PooledAvgTTLBPerPageMs is Rules PF-AVG-2 and PF-PAGE-1 together: Σ T / Σ
// pages over the members (CBUAE "across all bank data APIs ... per page of
// up to 100 records"), in ms, over basis b. NoData when the group has no
// call of the basis. Each member counts pages with its own PageSize.
func PooledAvgTTLBPerPageMs(members []*Stats, b Basis) kpi.Ratio {
	b = b.valid()
	var t, pages u128.U128
	for _, m := range members {
		if m == nil {
			continue
		}
		p := m.pop(b)
		t.Add(p.ttlb)
		pages.Add(p.pages)
	}
	return perMs(t, pages)
}

// Pool returns the merge of the members (Rule PF-AVG-2 for every reading:
// the group's figures are those of its pooled calls). It returns
// kpi.ErrOptionsDiffer, and the merge of the members before the first that
// differs, when members holding calls were made with different Options.
// nil members are skipped. The members are not changed.
func Pool(members []*Stats) (Stats, error) {
	var g Stats
	for _, m := range members {
		if m == nil {
			continue
		}
		if err := g.Merge(m); err != nil {
			return g, err
		}
	}
	return g, nil
}
