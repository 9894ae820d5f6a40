package monthly

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// Rule VO-GOV-1 ecosystem growth: 100 × (end - start) / start.
// 4 -> 5 developers: +25 %; 5 -> 4: -20 %; from 0: no data.
func TestVOGOV1Growth(t *testing.T) {
	requireRatio(t, rat(25, 1), GrowthPercent(4, 5), "4 -> 5")
	requireRatio(t, rat(-20, 1), GrowthPercent(5, 4), "5 -> 4")
	require.False(t, GrowthPercent(0, 3).OK())
	var prev, cur Adoption
	for _, id := range []string{"d1", "d2", "d3", "d4"} {
		_ = prev.AddDeveloper(id)
		_ = cur.AddDeveloper(id)
	}
	_ = cur.AddDeveloper("d5")
	_ = prev.AddPartnerAtEnd("p1")
	_ = prev.AddPartnerAtEnd("p2")
	_ = cur.AddPartnerAtEnd("p1")
	requireRatio(t, rat(25, 1), DeveloperGrowthPercent(&prev, &cur), "developers 4 -> 5")
	requireRatio(t, rat(-50, 1), PartnerGrowthPercent(&prev, &cur), "partners 2 -> 1")
	// A nil Adoption is the zero Adoption: growth from 0 has no data,
	// growth to 0 is -100 %.
	require.False(t, DeveloperGrowthPercent(nil, &cur).OK())
	requireRatio(t, rat(-100, 1), DeveloperGrowthPercent(&cur, nil), "developers 5 -> 0")
	require.False(t, PartnerGrowthPercent(nil, nil).OK())
	requireRatio(t, rat(-100, 1), PartnerGrowthPercent(&prev, nil), "partners 2 -> 0")
}

// Rule VO-GOV-1 records with an ID: a data store added as compliant and
// encrypted, then as compliant only, is one store; the conflict keeps the
// least favourable record (not encrypted), in any order and across
// Merge: protection 100 %, encryption 0 %, one ConflictingRecord.
func TestVOGOV1ConflictingRecords(t *testing.T) {
	both := DataStore{"s1", true, true}
	compliantOnly := DataStore{"s1", true, false}
	var a, b, c Governance
	require.NoError(t, a.AddDataStore(&compliantOnly))
	require.ErrorIs(t, a.AddDataStore(&both), ConflictingRecord)
	require.NoError(t, a.AddDataStore(&both), "a repeat of a known record")
	require.NoError(t, b.AddDataStore(&both))
	require.NoError(t, c.AddDataStore(&compliantOnly))
	b.Merge(&c)
	for _, g := range []*Governance{&a, &b} {
		f := g.Figures()
		require.Equal(t, uint64(1), f.DataStores)
		requireRatio(t, rat(100, 1), f.DataProtectionPercent, "compliant")
		requireRatio(t, rat(0, 1), f.EncryptionPercent, "not encrypted kept")
		rej := g.Rejections()
		require.Equal(t, uint64(1), rej[ConflictingRecord])
	}
	// nil records are bad input, never a panic.
	for _, err := range []error{a.AddDataStore(nil), a.AddVulnerability(nil), a.AddIncident(nil), a.AddMarketVolume(nil)} {
		require.ErrorIs(t, err, EmptyID)
	}
	a.Merge(nil)
}

func governanceOf(in GovernanceRecords) *Governance {
	var g Governance
	for _, op := range governanceOps(in) {
		op(&g)
	}
	return &g
}

func governanceOps(in GovernanceRecords) []func(*Governance) {
	var ops []func(*Governance)
	for _, m := range in.Market {
		ops = append(ops, func(g *Governance) { _ = g.AddMarketVolume(&m) })
	}
	for _, id := range in.Products {
		ops = append(ops, func(g *Governance) { _ = g.AddProduct(id) })
	}
	for _, id := range in.AcquiredCustomers {
		ops = append(ops, func(g *Governance) { _ = g.AddAcquiredCustomer(id) })
	}
	for _, met := range in.Requirements {
		ops = append(ops, func(g *Governance) { g.AddRequirement(met) })
	}
	for _, ok := range in.Audits {
		ops = append(ops, func(g *Governance) { g.AddAudit(ok) })
	}
	for _, s := range in.DataStores {
		ops = append(ops, func(g *Governance) { _ = g.AddDataStore(&s) })
	}
	for _, x := range in.Incidents {
		ops = append(ops, func(g *Governance) { _ = g.AddIncident(&x) })
	}
	for _, v := range in.Vulnerabilities {
		ops = append(ops, func(g *Governance) { _ = g.AddVulnerability(&v) })
	}
	return ops
}

var genGovernanceRecords = rapid.Custom(func(t *rapid.T) GovernanceRecords {
	ids := func(label, prefix string) []string {
		return rapid.SliceOfN(rapid.Custom(func(t *rapid.T) string { return genID(t, label, prefix) }), 0, 8).Draw(t, label+"s")
	}
	var in GovernanceRecords
	for i := rapid.IntRange(0, 5).Draw(t, "market"); i > 0; i-- {
		in.Market = append(in.Market, MarketRecord{rapid.Uint64Range(0, 1<<63).Draw(t, "own"), rapid.Uint64Range(0, 1<<63).Draw(t, "whole")})
	}
	in.Products, in.AcquiredCustomers = ids("product", "pr"), ids("customer", "c")
	in.Requirements = rapid.SliceOfN(rapid.Bool(), 0, 8).Draw(t, "requirements")
	in.Audits = rapid.SliceOfN(rapid.Bool(), 0, 8).Draw(t, "audits")
	for i := rapid.IntRange(0, 6).Draw(t, "stores"); i > 0; i-- {
		in.DataStores = append(in.DataStores, DataStore{genID(t, "store", "s"), rapid.Bool().Draw(t, "c"), rapid.Bool().Draw(t, "e")})
	}
	for i := rapid.IntRange(0, 6).Draw(t, "incidents"); i > 0; i-- {
		in.Incidents = append(in.Incidents, Incident{genID(t, "incident", "i"), genInstant(t, "at")})
	}
	for i := rapid.IntRange(0, 6).Draw(t, "vulns"); i > 0; i-- {
		f, p := genSpan(t)
		if rapid.IntRange(0, 3).Draw(t, "near24h") == 0 && !f.IsZero() {
			p = f.Add(24*time.Hour + time.Duration(rapid.IntRange(-1, 1).Draw(t, "ns")))
		}
		in.Vulnerabilities = append(in.Vulnerabilities, Vulnerability{genID(t, "vuln", "v"), f, p})
	}
	in.DataStores = withRepeats(t, in.DataStores)
	in.Incidents = withRepeats(t, in.Incidents)
	in.Vulnerabilities = withRepeats(t, in.Vulnerabilities)
	return in
})

// Rule VO-GOV-1: a Governance equals ReferenceGovernance on any records,
// under any split and merge order; Merge obeys its laws.
func TestPropGovernanceEqualsReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := genGovernanceRecords.Draw(t, "records")
		want, err := ReferenceGovernance(in)
		ops := governanceOps(in)
		g := splitMergeRecords(t, ops, func(g *Governance, op func(*Governance)) { op(g) })
		requireSameFigures(t, want, g.Figures())
		rej := g.Rejections()
		require.Equal(t, err != nil, rej.Total() > 0)
		var ie *InputError
		if errors.As(err, &ie) {
			require.Equal(t, uint64(len(ie.Records)), rej.Total(), "one rejection per bad record")
		}
		checkLaws(t, func(part int) *Governance {
			var x Governance
			for _, op := range partOf(ops, 3, part) {
				op(&x)
			}
			return &x
		})
	})
}

// Adding known IDs and records and sums, merging a state whose IDs are
// all known, and Reset do not allocate.
func TestGovernanceAllocs(t *testing.T) {
	in := loadGovernanceCases(t)[0].in
	g, o := governanceOf(in), governanceOf(in)
	v, s, i := in.Vulnerabilities[0], in.DataStores[0], in.Incidents[0]
	m := MarketRecord{1, 2}
	require.Zero(t, testing.AllocsPerRun(100, func() {
		_ = g.AddMarketVolume(&m)
		_ = g.AddProduct("pr1")
		g.AddRequirement(true)
		_ = g.AddVulnerability(&v)
		_ = g.AddDataStore(&s)
		_ = g.AddIncident(&i)
	}))
	require.Zero(t, testing.AllocsPerRun(100, func() { g.Merge(o) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { g.Reset() }))
}
