package monthly

import (
	"math/big"
	"time"

	"github.com/openfinance-kpi/kpi/internal/sum"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/u128"
)

// PatchTarget is the window of the VO-GOV-1 share of critical
// vulnerabilities patched in time: 24 hours (platform dashboard: "Time to patch
// critical vulnerabilities (Target: < 24 hours)").
const PatchTarget = 24 * time.Hour

// Vulnerability is one critical vulnerability, for the VO-GOV-1 time to
// patch: from Found to Patched. A zero Patched is still open: counted in
// OpenVulnerabilities, in no mean or share. Pass critical ones only; each
// ID counts once. The zero value is bad input (EmptyID).
type Vulnerability struct {
	ID      string
	Found   time.Time
	Patched time.Time // zero: not patched yet
}

// Incident is one security incident (a breach), for the VO-GOV-1 count.
// Incidents are counted once per ID. The zero value is bad input
// (EmptyID).
type Incident struct {
	ID string
	At time.Time
}

// DataStore is one data store (or field) in scope of data protection, for
// the VO-GOV-1 data-protection and encryption coverage. Each ID counts
// once. The zero value is bad input (EmptyID).
type DataStore struct {
	ID        string
	Compliant bool // complies with the data-protection regulations
	Encrypted bool // its data is properly encrypted
}

// MarketRecord is one market-share input: the institution's volume and
// the whole market's, in the same unit (customers, calls, payments: the
// caller's choice).
type MarketRecord struct{ Own, Market uint64 }

// storeFacts is what a DataStore says; its order puts the least
// favourable first (not compliant, then not encrypted), which is the one
// a conflict keeps.
type storeFacts struct{ compliant, encrypted bool }

func (a storeFacts) compare(b storeFacts) int {
	bit := func(x bool) int {
		if x {
			return 1
		}
		return 0
	}
	if c := bit(a.compliant) - bit(b.compliant); c != 0 {
		return c
	}
	return bit(a.encrypted) - bit(b.encrypted)
}

// instant is what an Incident says; on a conflict the earlier is kept.
type instant struct{ at time.Time }

func (a instant) compare(b instant) int { return a.at.Compare(b.at) }

func instantOf(t time.Time) instant { return instant{t.Round(0).UTC()} }

// GovernanceFigures are the VO-GOV-1 figures of one period, each in the
// unit its name says. Ratios are EXACT and kpi.NoData where their
// denominator is 0. The market-share totals are read with OwnVolume and
// MarketVolume. The zero value is a period without records.
type GovernanceFigures struct {
	MarketSharePercent      kpi.Ratio // 100 × own / market
	InnovationIndex         uint64    // distinct new products enabled
	CustomerAcquisition     uint64    // distinct new customers acquired through partners
	RequirementsApplicable  uint64
	RequirementsMet         uint64
	ComplianceScorePercent  kpi.Ratio // 100 × met / applicable (target 100)
	Audits, AuditsPassed    uint64
	AuditSuccessPercent     kpi.Ratio // 100 × passed / audits
	DataStores              uint64    // distinct data store IDs
	DataProtectionPercent   kpi.Ratio // 100 × compliant / data stores
	EncryptionPercent       kpi.Ratio // 100 × encrypted / data stores
	SecurityIncidents       uint64    // distinct incident IDs (target 0)
	PatchedVulnerabilities  uint64
	OpenVulnerabilities     uint64
	AvgTimeToPatchHours     kpi.Ratio // mean(Patched - Found) / 1 h over patched ones
	PatchedWithin24hPercent kpi.Ratio // 100 × |Patched - Found <= 24 h| / patched ones

	own, market u128.U128 // the market-share inputs, summed
}

// OwnVolume is the sum of the institution's market-share volumes (a new
// big.Int each call).
func (f *GovernanceFigures) OwnVolume() *big.Int { return f.own.Big() }

// MarketVolume is the sum of the market's volumes (a new big.Int each
// call).
func (f *GovernanceFigures) MarketVolume() *big.Int { return f.market.Big() }

// Governance is the mergeable VO-GOV-1 state of one period (the dashboard
// reviews compliance quarterly; route records as the report needs): sums
// and counts, exact sets of product and customer IDs, and incidents, data
// stores and vulnerabilities keyed by ID. It does not know the period.
//
// The zero value is empty, ready to use, and the identity of Merge. A
// Governance is not safe for concurrent use; give each goroutine its own
// and Merge them. Ecosystem growth compares two periods' Adoption states:
// see DeveloperGrowthPercent and PartnerGrowthPercent.
//
// Reach for the Add methods per record, Merge to combine shards of the
// same period, and Figures (or one figure's method) to read.
type Governance struct {
	own, market     u128.U128
	products        idSet
	customers       idSet
	incidents       keyed[instant]
	applicable, met uint64
	audits, passed  uint64
	stores          keyed[storeFacts]
	vulns           keyed[span] // Found, Patched (zero: open)
	rejected        kpi.Rejections[Reason]
}

func (g *Governance) reject(r Reason) error {
	g.rejected.Add(r)
	return r
}

// AddMarketVolume adds one market-share record (Own and Market in the
// same unit). Own > Market is rejected (PartExceedsWhole), a nil m as
// EmptyID.
func (g *Governance) AddMarketVolume(m *MarketRecord) error {
	switch {
	case m == nil:
		return g.reject(EmptyID)
	case m.Own > m.Market:
		return g.reject(PartExceedsWhole)
	}
	g.own.Add64(m.Own)
	g.market.Add64(m.Market)
	return nil
}

// AddProduct counts a new financial product enabled (innovation index),
// once per ID.
func (g *Governance) AddProduct(id string) error { return addID(&g.rejected, &g.products, id) }

// AddAcquiredCustomer counts a new customer acquired through an open
// banking partnership (customer acquisition), once per ID.
func (g *Governance) AddAcquiredCustomer(id string) error {
	return addID(&g.rejected, &g.customers, id)
}

// CheckIncident returns the first reason i is bad input, or OK.
func CheckIncident(i *Incident) Reason {
	switch {
	case i.ID == "":
		return EmptyID
	case i.At.IsZero():
		return ZeroInstant
	}
	return OK
}

// AddIncident counts a security incident, once per ID: the same incident
// again changes nothing; another instant for the same ID is a conflict
// (ConflictingRecord; the earlier instant is kept). A nil i is rejected
// as EmptyID.
func (g *Governance) AddIncident(i *Incident) error {
	if i == nil {
		return g.reject(EmptyID)
	}
	return addRecord(&g.rejected, CheckIncident(i), &g.incidents, i.ID, instantOf(i.At))
}

// AddRequirement counts one applicable regulatory requirement, met or not
// (compliance score). Add each applicable requirement once: requirements
// carry no ID, so a repeat counts again.
func (g *Governance) AddRequirement(met bool) {
	g.applicable++
	if met {
		g.met++
	}
}

// AddAudit counts one regulatory audit, passed or not (no ID: a repeat
// counts again).
func (g *Governance) AddAudit(passed bool) {
	g.audits++
	if passed {
		g.passed++
	}
}

// AddDataStore counts one data store in scope, compliant or not,
// encrypted or not, once per ID: the same store again changes nothing; a
// different record for the same ID is a conflict (ConflictingRecord: the
// least favourable record is kept, not compliant before compliant, then
// not encrypted before encrypted). An empty ID or a nil s is rejected
// (EmptyID).
func (g *Governance) AddDataStore(s *DataStore) error {
	if s == nil {
		return g.reject(EmptyID)
	}
	r := OK
	if s.ID == "" {
		r = EmptyID
	}
	return addRecord(&g.rejected, r, &g.stores, s.ID, storeFacts{s.Compliant, s.Encrypted})
}

// CheckVulnerability returns the first reason v is bad input, or
// OK. A zero Patched is an open vulnerability, not bad input.
func CheckVulnerability(v *Vulnerability) Reason {
	if v.ID == "" {
		return EmptyID
	}
	return spanOf(v.Found, v.Patched).check(true)
}

// AddVulnerability adds one critical vulnerability, once per ID: a
// patched one to the mean time to patch and to the share within
// PatchTarget (inclusive), an open one to OpenVulnerabilities. The same
// record again changes nothing; a different one for the same ID is a
// conflict (ConflictingRecord: an open record is kept before a patched
// one, then the longer time to patch, then the earlier Found). A nil v is
// rejected as EmptyID.
func (g *Governance) AddVulnerability(v *Vulnerability) error {
	if v == nil {
		return g.reject(EmptyID)
	}
	return addRecord(&g.rejected, CheckVulnerability(v), &g.vulns, v.ID, spanOf(v.Found, v.Patched))
}

// Merge adds o's records into g: counts and sums add, ID sets and keyed
// records unite (a conflict between g's and o's record for one ID keeps
// the least favourable, as Add does, and counts in Rejected). It is
// associative and commutative, the zero Governance is its identity, and o
// is left unchanged. It allocates only for IDs g has not seen. A nil o is
// the zero Governance.
//
// Merge is right for shards of the SAME period: it does not know periods,
// and merging two periods' states gives neither period's figures.
//
// Merge never wraps around (see kpi.ErrMergeOverflow): when a count or a
// sum would not fit it returns kpi.ErrMergeOverflow and g is unchanged.
func (g *Governance) Merge(o *Governance) error {
	if o == nil {
		return nil
	}
	var a sum.Adder
	a.Add128(g.own, o.own)
	a.Add128(g.market, o.market)
	a.Add(g.applicable, o.applicable)
	a.Add(g.met, o.met)
	a.Add(g.audits, o.audits)
	a.Add(g.passed, o.passed)
	if a.Overflow || !sum.Fits(g.rejected[:], o.rejected[:]) {
		return kpi.ErrMergeOverflow
	}
	g.own.Add(o.own)
	g.market.Add(o.market)
	g.products.union(o.products)
	g.customers.union(o.customers)
	g.incidents.union(o.incidents)
	g.applicable += o.applicable
	g.met += o.met
	g.audits += o.audits
	g.passed += o.passed
	g.stores.union(o.stores)
	g.vulns.union(o.vulns)
	_ = g.rejected.Merge(&o.rejected) // fits: checked above
	return nil
}

// Reset empties g and keeps the sets' capacity. It does not allocate.
func (g *Governance) Reset() {
	p, c, i, s, v := g.products, g.customers, g.incidents, g.stores, g.vulns
	clear(p)
	clear(c)
	clear(i)
	clear(s)
	clear(v)
	*g = Governance{products: p, customers: c, incidents: i, stores: s, vulns: v}
}

// Rejections counts, by reason, the bad records the Add methods refused.
// Its ConflictingRecord count is derived from the records held: for each
// incident, data store or vulnerability ID, its distinct records minus
// one, so it is the same under any split and merge order.
func (g *Governance) Rejections() kpi.Rejections[Reason] {
	r := g.rejected
	r[ConflictingRecord] += g.incidents.conflicts() + g.stores.conflicts() + g.vulns.conflicts()
	return r
}

// MarketSharePercent is 100 × own volume / market volume, in percent.
func (g *Governance) MarketSharePercent() kpi.Ratio {
	return percentBig(g.own.Big(), g.market.Big())
}

// OwnVolume is the sum of the institution's market-share volumes (a new
// big.Int each call).
func (g *Governance) OwnVolume() *big.Int { return g.own.Big() }

// MarketVolume is the sum of the market's volumes (a new big.Int each
// call).
func (g *Governance) MarketVolume() *big.Int { return g.market.Big() }

// ComplianceScorePercent is 100 × requirements met / applicable, in
// percent (platform dashboard target: 100).
func (g *Governance) ComplianceScorePercent() kpi.Ratio { return kpi.PercentOf(g.met, g.applicable) }

// AuditSuccessPercent is 100 × audits passed / audits, in percent.
func (g *Governance) AuditSuccessPercent() kpi.Ratio { return kpi.PercentOf(g.passed, g.audits) }

// storeCounts returns the data stores and, of them, the compliant and
// the encrypted ones (by the record kept for each ID).
func (g *Governance) storeCounts() (stores, compliant, encrypted uint64) {
	for _, e := range g.stores {
		stores++
		if e.first.compliant {
			compliant++
		}
		if e.first.encrypted {
			encrypted++
		}
	}
	return
}

// DataProtectionPercent is 100 × compliant data stores / data stores.
func (g *Governance) DataProtectionPercent() kpi.Ratio {
	n, c, _ := g.storeCounts()
	return kpi.PercentOf(c, n)
}

// EncryptionPercent is 100 × encrypted data stores / data stores.
func (g *Governance) EncryptionPercent() kpi.Ratio {
	n, _, e := g.storeCounts()
	return kpi.PercentOf(e, n)
}

// SecurityIncidents is the number of distinct incidents (target 0).
func (g *Governance) SecurityIncidents() uint64 { return uint64(len(g.incidents)) }

// AvgTimeToPatchHours is sum(Patched - Found) / patched vulnerabilities,
// in hours; NoData when none was patched.
func (g *Governance) AvgTimeToPatchHours() kpi.Ratio {
	n, sum, _ := spanSums(g.vulns, 0)
	return meanIn(sum, n, time.Hour)
}

// PatchedWithin24hPercent is 100 × vulnerabilities patched within 24 h
// (Patched - Found <= PatchTarget) / patched ones, in percent.
func (g *Governance) PatchedWithin24hPercent() kpi.Ratio {
	n, _, within := spanSums(g.vulns, PatchTarget)
	return kpi.PercentOf(within, n)
}

// Figures returns every VO-GOV-1 figure of g.
func (g *Governance) Figures() GovernanceFigures {
	patched, _, _ := spanSums(g.vulns, 0)
	stores, _, _ := g.storeCounts()
	return GovernanceFigures{
		MarketSharePercent:      g.MarketSharePercent(),
		InnovationIndex:         uint64(len(g.products)),
		CustomerAcquisition:     uint64(len(g.customers)),
		RequirementsApplicable:  g.applicable,
		RequirementsMet:         g.met,
		ComplianceScorePercent:  g.ComplianceScorePercent(),
		Audits:                  g.audits,
		AuditsPassed:            g.passed,
		AuditSuccessPercent:     g.AuditSuccessPercent(),
		DataStores:              stores,
		DataProtectionPercent:   g.DataProtectionPercent(),
		EncryptionPercent:       g.EncryptionPercent(),
		SecurityIncidents:       g.SecurityIncidents(),
		PatchedVulnerabilities:  patched,
		OpenVulnerabilities:     uint64(len(g.vulns)) - patched,
		AvgTimeToPatchHours:     g.AvgTimeToPatchHours(),
		PatchedWithin24hPercent: g.PatchedWithin24hPercent(),
		own:                     g.own,
		market:                  g.market,
	}
}

// GrowthPercent is Rule VO-GOV-1's ecosystem growth between two periods,
//
//	100 × (end - start) / start
//
// in percent, negative for a shrinking ecosystem; NoData when start is 0.
func GrowthPercent(start, end uint64) kpi.Ratio {
	n := new(big.Int).SetUint64(end)
	n.Sub(n, new(big.Int).SetUint64(start))
	return percentBig(n, new(big.Int).SetUint64(start))
}

// DeveloperGrowthPercent is the ecosystem growth of unique developers from
// the period of prev to that of cur: GrowthPercent(prev, cur). A nil
// Adoption is the zero Adoption (no developers).
func DeveloperGrowthPercent(prev, cur *Adoption) kpi.Ratio {
	n := func(a *Adoption) uint64 {
		if a == nil {
			return 0
		}
		return a.UniqueDevelopers()
	}
	return GrowthPercent(n(prev), n(cur))
}

// PartnerGrowthPercent is the ecosystem growth of active partners (at the
// end of each period) from prev to cur: GrowthPercent(prev, cur). A nil
// Adoption is the zero Adoption (no partners).
func PartnerGrowthPercent(prev, cur *Adoption) kpi.Ratio {
	n := func(a *Adoption) uint64 {
		if a == nil {
			return 0
		}
		return a.ActivePartners()
	}
	return GrowthPercent(n(prev), n(cur))
}

func percentBig(num, den *big.Int) kpi.Ratio {
	n := new(big.Int).Mul(num, big.NewInt(100))
	return kpi.RatioOfBig(n, den)
}
