package performance

import (
	"math/big"
	"time"

	"github.com/openfinance-kpi/kpi"
)

// Figures is every reading of a Stats for one Basis, as exact values: the
// row a report writes for one scope, and what Reference returns so that a
// test can compare the two whole.
//
// The zero value is the figures of no calls (big.Int fields nil: read them
// as 0). A Figures is a plain value, safe to share once built.
type Figures struct {
	Basis     Basis
	Calls     uint64 // every accepted call (CBB 1.10)
	V         uint64 // Rule PF-AVG-1 V over Basis
	TTFBCount uint64 // calls of the Basis with a known TTFB

	TotalTTLBMs kpi.Ratio // PF-AVG-1 T in ms (CBB 1.11)
	AvgTTLBMs   kpi.Ratio // PF-AVG-1 T / V in ms (CBB 1.8)
	TotalTTFBMs kpi.Ratio // CBB 1.12
	AvgTTFBMs   kpi.Ratio // CBB 1.9

	MaxTTLB    time.Duration // PF-MAX-1; valid when HasMaxTTLB
	HasMaxTTLB bool

	Pages            *big.Int  // PF-PAGE-1 Σ ceil(R/P)
	AvgTTLBPerPageMs kpi.Ratio // PF-PAGE-1 T / Σ pages in ms

	ResponseBytes *big.Int  // Σ ResponseBytes of every call (CBB 1.13)
	MsPerMB       kpi.Ratio // PF-MB-1 DEFAULT (10^6 bytes), over Responded
	MsPerMiB      kpi.Ratio // PF-MB-1 OPTION (2^20 bytes), over Responded

	Within, Of    uint64    // PF-THR-1 counts over Basis (0, 0: no threshold)
	WithinPercent kpi.Ratio // PF-THR-1 within / of · 100
}

// Figures returns every reading of s over basis b.
func (s *Stats) Figures(b Basis) Figures {
	b = b.valid()
	f := Figures{
		Basis:            b,
		Calls:            s.Calls(),
		V:                s.Volume(b),
		TTFBCount:        s.TTFBCount(b),
		TotalTTLBMs:      s.TotalTTLBMs(b),
		AvgTTLBMs:        s.AvgTTLBMs(b),
		TotalTTFBMs:      s.TotalTTFBMs(b),
		AvgTTFBMs:        s.AvgTTFBMs(b),
		Pages:            s.PagesBig(b),
		AvgTTLBPerPageMs: s.AvgTTLBPerPageMs(b),
		ResponseBytes:    s.ResponseBytes(),
		MsPerMB:          s.MsPerMB(MB),
		MsPerMiB:         s.MsPerMB(MiB),
		WithinPercent:    s.WithinThresholdPercent(b),
	}
	f.MaxTTLB, f.HasMaxTTLB = s.MaxTTLB(b)
	f.Within, f.Of = s.WithinThreshold(b)
	return f
}

func bigEqual(x, y *big.Int) bool {
	if x == nil {
		x = new(big.Int)
	}
	if y == nil {
		y = new(big.Int)
	}
	return x.Cmp(y) == 0
}

// Equal reports whether f and g hold the same values (Ratios compared
// exactly, nil big.Ints as 0).
func (f Figures) Equal(g Figures) bool {
	return f.Basis == g.Basis && f.Calls == g.Calls && f.V == g.V && f.TTFBCount == g.TTFBCount &&
		f.TotalTTLBMs.Equal(g.TotalTTLBMs) && f.AvgTTLBMs.Equal(g.AvgTTLBMs) &&
		f.TotalTTFBMs.Equal(g.TotalTTFBMs) && f.AvgTTFBMs.Equal(g.AvgTTFBMs) &&
		f.MaxTTLB == g.MaxTTLB && f.HasMaxTTLB == g.HasMaxTTLB &&
		bigEqual(f.Pages, g.Pages) && f.AvgTTLBPerPageMs.Equal(g.AvgTTLBPerPageMs) &&
		bigEqual(f.ResponseBytes, g.ResponseBytes) &&
		f.MsPerMB.Equal(g.MsPerMB) && f.MsPerMiB.Equal(g.MsPerMiB) &&
		f.Within == g.Within && f.Of == g.Of && f.WithinPercent.Equal(g.WithinPercent)
}
