package monthly

import (
	"errors"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// NoData where a denominator is 0; a loss gives a negative ROI, more
// detractors than promoters a negative NPS.
func TestVOADOPT1EdgeCases(t *testing.T) {
	var a Adoption
	f := a.Figures()
	for name, r := range map[string]kpi.Ratio{"retention": f.PartnerRetentionPercent, "onboarding": f.AvgOnboardingDays,
		"per partner": f.RevenuePerPartnerMinor, "per call": f.CostPerCallMinor, "roi": f.ROIPercent, "nps": f.NPS,
		"resolution": f.AvgResolutionHours} {
		require.False(t, r.OK(), name)
	}
	require.NoError(t, a.AddRevenue(100))
	require.NoError(t, a.AddCost(400))
	requireRatio(t, rat(-75, 1), a.ROIPercent(), "100 × (100 - 400) / 400")
	for _, s := range []int{0, 8, 10} {
		require.NoError(t, a.AddSurveyAnswer(s))
	}
	requireRatio(t, rat(0, 1), a.NPS(), "100 × (1 - 1) / 3") // a passive only dilutes
	require.NoError(t, a.AddSurveyAnswer(6))
	requireRatio(t, rat(-25, 1), a.NPS(), "100 × (1 - 2) / 4")

	// nil records are bad input, never a panic.
	require.ErrorIs(t, a.AddOnboarding(nil), EmptyID)
	require.ErrorIs(t, a.AddTicket(nil), EmptyID)
	require.ErrorIs(t, a.AddCall(nil), kpi.ZeroReceivedAt)
	a.Merge(nil)

	// The money totals are fresh copies: changing one changes nothing.
	r := a.RevenueMinor()
	r.SetInt64(-1)
	require.Equal(t, int64(100), a.RevenueMinor().Int64())
	f = a.Figures()
	require.Equal(t, int64(400), f.CostMinor().Int64())
}

// Rule VO-ADOPT-1 records with an ID: an exact re-add is idempotent (nil,
// no count), a different record for the same ID is ConflictingRecord,
// counted once per distinct losing record, and the kept record does not
// depend on the order of Add or on how shards are merged: onboarding
// p1 of 10 days and of 20 days keep the longer, 20.
func TestVOADOPT1ConflictingRecords(t *testing.T) {
	short := Onboarding{"p1", mar(1, 0, 0), mar(11, 0, 0)}
	long := Onboarding{"p1", mar(1, 0, 0), mar(21, 0, 0)}
	var a, b, c Adoption
	require.NoError(t, a.AddOnboarding(&short))
	require.NoError(t, a.AddOnboarding(&short))
	require.ErrorIs(t, a.AddOnboarding(&long), ConflictingRecord)
	require.NoError(t, a.AddOnboarding(&long), "a repeat of a known record")
	require.NoError(t, b.AddOnboarding(&long))
	require.NoError(t, c.AddOnboarding(&short))
	b.Merge(&c) // the conflict meets in Merge
	for _, x := range []*Adoption{&a, &b} {
		requireRatio(t, rat(20, 1), x.AvgOnboardingDays(), "longer kept")
		rej := x.Rejections()
		require.Equal(t, uint64(1), rej[ConflictingRecord])
		require.Equal(t, uint64(1), x.Figures().Onboardings)
	}
}

func adoptionOf(in AdoptionRecords) *Adoption {
	var a Adoption
	for _, op := range adoptionOps(in) {
		op(&a)
	}
	return &a
}

// adoptionOps turns records into Add calls, one closure per record.
func adoptionOps(in AdoptionRecords) []func(*Adoption) {
	var ops []func(*Adoption)
	for _, c := range in.Calls {
		ops = append(ops, func(a *Adoption) { _ = a.AddCall(&c) })
	}
	for _, id := range in.Developers {
		ops = append(ops, func(a *Adoption) { _ = a.AddDeveloper(id) })
	}
	for _, id := range in.Applications {
		ops = append(ops, func(a *Adoption) { _ = a.AddApplication(id) })
	}
	for _, id := range in.PartnersAtStart {
		ops = append(ops, func(a *Adoption) { _ = a.AddPartnerAtStart(id) })
	}
	for _, id := range in.PartnersAtEnd {
		ops = append(ops, func(a *Adoption) { _ = a.AddPartnerAtEnd(id) })
	}
	for _, o := range in.Onboardings {
		ops = append(ops, func(a *Adoption) { _ = a.AddOnboarding(&o) })
	}
	for _, x := range in.Tickets {
		ops = append(ops, func(a *Adoption) { _ = a.AddTicket(&x) })
	}
	for _, x := range in.RevenueMinor {
		ops = append(ops, func(a *Adoption) { _ = a.AddRevenue(x) })
	}
	for _, x := range in.CostMinor {
		ops = append(ops, func(a *Adoption) { _ = a.AddCost(x) })
	}
	for _, x := range in.SurveyAnswers {
		ops = append(ops, func(a *Adoption) { _ = a.AddSurveyAnswer(x) })
	}
	return ops
}

var genAmount = rapid.Custom(func(t *rapid.T) int64 {
	if rapid.IntRange(0, 10).Draw(t, "neg") == 0 {
		return -rapid.Int64Range(1, 1e6).Draw(t, "amount")
	}
	if rapid.IntRange(0, 10).Draw(t, "huge") == 0 {
		return rapid.Int64Range(1<<62, 1<<63-1).Draw(t, "amount") // sums pass uint64
	}
	return rapid.Int64Range(0, 1e9).Draw(t, "amount")
})

// withRepeats appends exact copies of some records (a re-add must change
// nothing), so that repeats and conflicts (genID's small pool) both occur.
func withRepeats[E any](t *rapid.T, in []E) []E {
	for i := rapid.IntRange(0, len(in)).Draw(t, "repeats"); i > 0; i-- {
		in = append(in, in[rapid.IntRange(0, len(in)-1).Draw(t, "repeat")])
	}
	return in
}

func genSpan(t *rapid.T) (time.Time, time.Time) {
	a := genInstant(t, "start")
	if rapid.IntRange(0, 8).Draw(t, "open") == 0 {
		return a, time.Time{}
	}
	return a, a.Add(time.Duration(rapid.Int64Range(-3600e9, 60*24*3600e9).Draw(t, "span")))
}

var genAdoptionRecords = rapid.Custom(func(t *rapid.T) AdoptionRecords {
	ids := func(label, prefix string) []string {
		return rapid.SliceOfN(rapid.Custom(func(t *rapid.T) string { return genID(t, label, prefix) }), 0, 8).Draw(t, label+"s")
	}
	var in AdoptionRecords
	in.Calls = rapid.SliceOfN(kpitest.Call, 0, 20).Draw(t, "calls")
	in.Developers, in.Applications = ids("dev", "d"), ids("app", "a")
	in.PartnersAtStart, in.PartnersAtEnd = ids("p0", "p"), ids("p1", "p")
	for i := rapid.IntRange(0, 6).Draw(t, "onboardings"); i > 0; i-- {
		s, e := genSpan(t)
		in.Onboardings = append(in.Onboardings, Onboarding{genID(t, "ob", "p"), s, e})
	}
	for i := rapid.IntRange(0, 6).Draw(t, "tickets"); i > 0; i-- {
		s, e := genSpan(t)
		in.Tickets = append(in.Tickets, Ticket{genID(t, "tk", "t"), s, e})
	}
	in.Onboardings = withRepeats(t, in.Onboardings)
	in.Tickets = withRepeats(t, in.Tickets)
	in.RevenueMinor = rapid.SliceOfN(genAmount, 0, 6).Draw(t, "revenue")
	in.CostMinor = rapid.SliceOfN(genAmount, 0, 6).Draw(t, "cost")
	in.SurveyAnswers = rapid.SliceOfN(rapid.IntRange(-1, 11), 0, 12).Draw(t, "answers")
	return in
})

// Rule VO-ADOPT-1: an Adoption equals ReferenceAdoption on any records,
// under any split and merge order; Merge obeys its laws.
func TestPropAdoptionEqualsReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := genAdoptionRecords.Draw(t, "records")
		want, err := ReferenceAdoption(in)
		ops := adoptionOps(in)
		a := splitMergeRecords(t, ops, func(a *Adoption, op func(*Adoption)) { op(a) })
		requireSameFigures(t, want, a.Figures())
		rej, crej := a.Rejections(), a.CallsRejections()
		require.Equal(t, err != nil, rej.Total()+crej.Total() > 0)
		var ie *InputError
		if errors.As(err, &ie) {
			require.Equal(t, uint64(len(ie.Records)), rej.Total(), "one rejection per bad record")
		}
		checkLaws(t, func(part int) *Adoption {
			var x Adoption
			for _, op := range partOf(ops, 3, part) {
				op(&x)
			}
			return &x
		})
	})
}

// Adding known IDs and records and sums, merging a state whose IDs are all
// known, and Reset do not allocate.
func TestAdoptionAllocs(t *testing.T) {
	in := loadAdoptionCases(t)[0].in
	a, o := adoptionOf(in), adoptionOf(in)
	c := in.Calls[0]
	tk := in.Tickets[0]
	ob := in.Onboardings[0]
	require.Zero(t, testing.AllocsPerRun(100, func() {
		_ = a.AddCall(&c)
		_ = a.AddDeveloper("d1")
		_ = a.AddPartnerAtEnd("p1")
		_ = a.AddTicket(&tk)
		_ = a.AddOnboarding(&ob)
		_ = a.AddRevenue(5)
		_ = a.AddSurveyAnswer(9)
	}))
	require.Zero(t, testing.AllocsPerRun(100, func() { a.Merge(o) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { a.Reset() }))
}
