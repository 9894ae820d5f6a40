package performance

import (
	"math/big"

	"github.com/openfinance-kpi/kpi"
)

// Reference computes every Figure of Rules PF-AVG-1, PF-PAGE-1, PF-MB-1,
// PF-MAX-1 and PF-THR-1 over a batch of calls, written for obviousness
// rather than speed: it picks the calls of the basis into a slice, then
// sums with big.Int and divides with big.Rat. Stats must agree with it on
// every input (the package's property tests check that).
//
// Bad calls (kpi.Check) are left out and listed in the returned
// *kpi.InputError; the Figures are those of the good calls.
func Reference(calls []kpi.Call, opts Options, b Basis) (Figures, error) {
	if err := opts.Validate(); err != nil {
		return Figures{}, err
	}
	good, err := kpi.ValidCalls(calls)
	b = b.valid()
	pageSize := opts.PageSize
	if pageSize < 1 {
		pageSize = DefaultPageSize
	}

	// The population of Rule PF-AVG-1: responded calls (Status != 0), or
	// under the OPTION only the 2xx.
	var pop []kpi.Call
	for _, c := range good {
		if c.Status == 0 {
			continue
		}
		if b == Only2xx && !(c.Status >= 200 && c.Status <= 299) {
			continue
		}
		pop = append(pop, c)
	}
	var responded []kpi.Call
	for _, c := range good {
		if c.Status != 0 {
			responded = append(responded, c)
		}
	}

	f := Figures{Basis: b, Calls: uint64(len(good)), V: uint64(len(pop))}

	T := new(big.Int)
	for _, c := range pop {
		T.Add(T, big.NewInt(int64(c.TTLB)))
	}
	million := big.NewRat(1_000_000, 1)
	if len(pop) > 0 {
		tMs := new(big.Rat).Quo(new(big.Rat).SetInt(T), million)
		f.TotalTTLBMs = kpi.RatioOfRat(tMs)
		f.AvgTTLBMs = kpi.RatioOfRat(new(big.Rat).Quo(tMs, big.NewRat(int64(len(pop)), 1)))
	}

	TF := new(big.Int)
	for _, c := range pop {
		if c.HasTTFB {
			f.TTFBCount++
			TF.Add(TF, big.NewInt(int64(c.TTFB)))
		}
	}
	if f.TTFBCount > 0 {
		tfMs := new(big.Rat).Quo(new(big.Rat).SetInt(TF), million)
		f.TotalTTFBMs = kpi.RatioOfRat(tfMs)
		f.AvgTTFBMs = kpi.RatioOfRat(new(big.Rat).Quo(tfMs, new(big.Rat).SetInt(new(big.Int).SetUint64(f.TTFBCount))))
	}

	for _, c := range pop {
		if !f.HasMaxTTLB || c.TTLB > f.MaxTTLB {
			f.MaxTTLB, f.HasMaxTTLB = c.TTLB, true
		}
	}

	// PF-PAGE-1: ceil(R / P) pages, unknown R = 1 page.
	f.Pages = new(big.Int)
	for _, c := range pop {
		pages := big.NewInt(1)
		if c.Records > 0 {
			q, r := new(big.Int).QuoRem(big.NewInt(c.Records), big.NewInt(int64(pageSize)), new(big.Int))
			if r.Sign() != 0 {
				q.Add(q, big.NewInt(1))
			}
			pages = q
		}
		f.Pages.Add(f.Pages, pages)
	}
	if f.Pages.Sign() > 0 {
		tMs := new(big.Rat).Quo(new(big.Rat).SetInt(T), million)
		f.AvgTTLBPerPageMs = kpi.RatioOfRat(tMs.Quo(tMs, new(big.Rat).SetInt(f.Pages)))
	}

	// PF-MB-1: T of the responded calls (ms) / (bytes of every call / unit).
	f.ResponseBytes = new(big.Int)
	for _, c := range good {
		f.ResponseBytes.Add(f.ResponseBytes, big.NewInt(c.ResponseBytes))
	}
	TR := new(big.Int)
	for _, c := range responded {
		TR.Add(TR, big.NewInt(int64(c.TTLB)))
	}
	if len(responded) > 0 && f.ResponseBytes.Sign() > 0 {
		trMs := new(big.Rat).Quo(new(big.Rat).SetInt(TR), million)
		mb := new(big.Rat).Quo(new(big.Rat).SetInt(f.ResponseBytes), big.NewRat(1_000_000, 1))
		mib := new(big.Rat).Quo(new(big.Rat).SetInt(f.ResponseBytes), big.NewRat(1<<20, 1))
		f.MsPerMB = kpi.RatioOfRat(new(big.Rat).Quo(trMs, mb))
		f.MsPerMiB = kpi.RatioOfRat(new(big.Rat).Quo(trMs, mib))
	}

	// PF-THR-1: TTLB <= threshold, over the population.
	if opts.Threshold > 0 {
		f.Of = uint64(len(pop))
		for _, c := range pop {
			if c.TTLB <= opts.Threshold {
				f.Within++
			}
		}
		if f.Of > 0 {
			w := new(big.Rat).SetInt(new(big.Int).SetUint64(f.Within))
			of := new(big.Rat).SetInt(new(big.Int).SetUint64(f.Of))
			f.WithinPercent = kpi.RatioOfRat(w.Mul(w.Quo(w, of), big.NewRat(100, 1)))
		}
	}
	return f, err
}

// ReferencePooledAvgTTLBMs is Rule PF-AVG-2 written for obviousness: the
// calls of every member endpoint pooled, then T / V in ms (Reference over
// the union). PooledAvgTTLBMs must agree with it.
func ReferencePooledAvgTTLBMs(members [][]kpi.Call, b Basis) (kpi.Ratio, error) {
	var all []kpi.Call
	for _, m := range members {
		all = append(all, m...)
	}
	f, err := Reference(all, Options{}, b)
	return f.AvgTTLBMs, err
}
