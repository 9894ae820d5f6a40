package monthly

import (
	"math/big"
	"time"

	"github.com/openfinance-kpi/kpi/internal/sum"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/u128"
)

// Onboarding is one partner's (or developer's) path to go-live, for the
// VO-ADOPT-1 average onboarding time: from Started (the onboarding
// request) to Live (the first day in production). Each PartnerID counts
// once (see AddOnboarding). The zero value is bad input (EmptyID).
type Onboarding struct {
	PartnerID string
	Started   time.Time
	Live      time.Time
}

// Ticket is one developer support ticket, for the VO-ADOPT-1 average
// support resolution time. A ticket with a zero Resolved is still open: it
// is counted in OpenTickets and not in the average. Each ID counts once
// (see AddTicket). The zero value is bad input (EmptyID).
type Ticket struct {
	ID       string
	Opened   time.Time
	Resolved time.Time // zero: not resolved yet
}

// AdoptionFigures are the VO-ADOPT-1 figures of one month, each in the
// unit its name says (the units of BM-5's targets). Ratios are EXACT and
// kpi.NoData where their denominator is 0. The money totals are read with
// RevenueMinor and CostMinor. The zero value is a month without records.
type AdoptionFigures struct {
	Calls                    uint64    // good API calls in the month (BM-5: >= 10 M)
	ActiveEndpoints          uint64    // distinct endpoint keys with a good call in the month
	UniqueDevelopers         uint64    // distinct developer IDs
	ApplicationRegistrations uint64    // distinct application IDs registered
	ActivePartners           uint64    // distinct partners active at the end of the month
	PartnerRetentionPercent  kpi.Ratio // 100 × |active at start ∩ active at end| / |active at start| (BM-5: > 90)
	AvgOnboardingDays        kpi.Ratio // mean(Live - Started) / 24 h over partners (BM-5: < 30)
	Onboardings              uint64    // the partners in that mean
	RevenuePerPartnerMinor   kpi.Ratio // revenue / ActivePartners, minor units
	CostPerCallMinor         kpi.Ratio // cost / Calls, minor units
	ROIPercent               kpi.Ratio // 100 × (revenue - cost) / cost (BM-5: > 200)
	Promoters                uint64    // survey answers 9-10
	Passives                 uint64    // survey answers 7-8
	Detractors               uint64    // survey answers 0-6
	NPS                      kpi.Ratio // 100 × (Promoters - Detractors) / answers, in points -100..100 (BM-5: > 50)
	ResolvedTickets          uint64    // tickets in the mean below
	OpenTickets              uint64    // tickets not resolved (in no mean)
	AvgResolutionHours       kpi.Ratio // mean(Resolved - Opened) / 1 h (BM-5: < 4)

	revenue, cost u128.U128 // minor currency units
}

// RevenueMinor is the month's revenue in minor currency units (a new
// big.Int each call).
func (f *AdoptionFigures) RevenueMinor() *big.Int { return f.revenue.Big() }

// CostMinor is the month's cost in minor currency units (a new big.Int
// each call).
func (f *AdoptionFigures) CostMinor() *big.Int { return f.cost.Big() }

// Adoption is the mergeable VO-ADOPT-1 state of one month: a count of good
// calls and the set of their endpoints, exact sets of developer,
// application and partner IDs, onboardings and tickets keyed by ID,
// revenue and cost in minor units, and the NPS answers by score. Like
// Daily it does not know the month: route each record to the Adoption of
// its month (see the package doc).
//
// The zero value is an empty month, ready to use, and the identity of
// Merge. An Adoption is not safe for concurrent use; give each goroutine
// its own and Merge them.
//
// Reach for the Add methods per record, Merge to combine shards of the
// same month, and Figures (or one figure's method) to read. Call and
// record rejections are counted apart: CallsRejections and Rejections.
type Adoption struct {
	calls        uint64
	endpoints    idSet // endpoint keys with a good call
	developers   idSet
	applications idSet
	partnersAt   [2]idSet    // active at the start, at the end
	onboardings  keyed[span] // by partner: Started, Live
	tickets      keyed[span] // by ticket: Opened, Resolved (zero: open)
	revenue      u128.U128
	cost         u128.U128
	answers      [11]uint64 // NPS answers by score
	rejected     kpi.Rejections[Reason]
	callsRej     kpi.Rejections[kpi.Reason]
}

// AddCall counts one API call of the month (monthly calls) and its
// endpoint key (active endpoints). A bad call (kpi.Check) is in no count:
// AddCall returns its kpi.Reason and counts it in CallsRejections(). A nil
// call is rejected as kpi.ZeroReceivedAt. Every call counts, whatever its
// status: the dashboard's volume is calls received. It allocates only for
// an endpoint not yet seen.
func (a *Adoption) AddCall(c *kpi.Call) error {
	if c == nil {
		a.callsRej.Add(kpi.ZeroReceivedAt)
		return kpi.ZeroReceivedAt
	}
	if r := kpi.Check(c); r != kpi.OK {
		a.callsRej.Add(r)
		return r
	}
	a.calls++
	a.endpoints.insert(c.Endpoint)
	return nil
}

// AddDeveloper counts a registered developer (unique developers): the
// developers registered as at the end of the month, each once however
// often added. An empty ID is rejected (EmptyID).
func (a *Adoption) AddDeveloper(id string) error { return addID(&a.rejected, &a.developers, id) }

// AddApplication counts a registered third-party application (application
// registrations), each ID once. An empty ID is rejected (EmptyID).
func (a *Adoption) AddApplication(id string) error { return addID(&a.rejected, &a.applications, id) }

// AddPartnerAtStart records that a partner was active (live integration)
// at the start of the month: the denominator of partner retention.
func (a *Adoption) AddPartnerAtStart(id string) error {
	return addID(&a.rejected, &a.partnersAt[0], id)
}

// AddPartnerAtEnd records that a partner was active at the end of the
// month: active partners, and the retained ones among those at the start.
func (a *Adoption) AddPartnerAtEnd(id string) error { return addID(&a.rejected, &a.partnersAt[1], id) }

// CheckOnboarding returns the first reason o is bad input, or OK.
func CheckOnboarding(o *Onboarding) Reason {
	if o.PartnerID == "" {
		return EmptyID
	}
	return spanOf(o.Started, o.Live).check(false)
}

// AddOnboarding adds one partner's go-live to the average onboarding
// time: add the partners that went live in the month. A partner counts
// once: adding the same onboarding again changes nothing, and a different
// one for the same partner is a conflict (ConflictingRecord: the longer
// onboarding is kept, see the package doc). A nil o is rejected as
// EmptyID.
func (a *Adoption) AddOnboarding(o *Onboarding) error {
	if o == nil {
		return a.reject(EmptyID)
	}
	return addRecord(&a.rejected, CheckOnboarding(o), &a.onboardings, o.PartnerID, spanOf(o.Started, o.Live))
}

func (a *Adoption) reject(r Reason) error {
	a.rejected.Add(r)
	return r
}

// CheckTicket returns the first reason t is bad input, or OK. A
// zero Resolved is an open ticket, not bad input.
func CheckTicket(t *Ticket) Reason {
	if t.ID == "" {
		return EmptyID
	}
	return spanOf(t.Opened, t.Resolved).check(true)
}

// AddTicket adds one support ticket: a resolved one to the average
// resolution time, an open one to OpenTickets. Add the tickets resolved
// in the month and those still open at its end. A ticket counts once per
// ID: the same ticket again changes nothing, a different one with the
// same ID is a conflict (ConflictingRecord: an open one, else the longer,
// is kept). A nil t is rejected as EmptyID.
func (a *Adoption) AddTicket(t *Ticket) error {
	if t == nil {
		return a.reject(EmptyID)
	}
	return addRecord(&a.rejected, CheckTicket(t), &a.tickets, t.ID, spanOf(t.Opened, t.Resolved))
}

// AddRevenue adds revenue of the month (API revenue and transaction fees),
// in minor currency units. A negative amount is rejected (NegativeAmount):
// net refunds before adding.
func (a *Adoption) AddRevenue(minor int64) error {
	if minor < 0 {
		return a.reject(NegativeAmount)
	}
	a.revenue.Add64(uint64(minor))
	return nil
}

// AddCost adds operating cost of the month, in minor currency units. A
// negative amount is rejected (NegativeAmount).
func (a *Adoption) AddCost(minor int64) error {
	if minor < 0 {
		return a.reject(NegativeAmount)
	}
	a.cost.Add64(uint64(minor))
	return nil
}

// AddSurveyAnswer adds one developer-survey answer to "how likely are you
// to recommend us", 0 to 10. Another score is rejected (ScoreOutOfRange).
func (a *Adoption) AddSurveyAnswer(score int) error {
	if score < 0 || score > 10 {
		return a.reject(ScoreOutOfRange)
	}
	a.answers[score]++
	return nil
}

// Merge adds o's records into a: counts and sums add, ID sets and keyed
// records unite. It is associative and commutative, the zero Adoption is
// its identity, and o is left unchanged. It allocates only for IDs a has
// not seen. A nil o is the zero Adoption.
//
// Merge is right for shards of the SAME month (goroutines, machines,
// days of the month): it does not know periods. Merging two months' states
// gives neither month's figures (partners at start and end, the IDs, the
// sums all mix); compare months with DeveloperGrowthPercent and
// PartnerGrowthPercent instead.
//
// Merge never wraps around (see kpi.ErrMergeOverflow): when a count or a
// sum would not fit it returns kpi.ErrMergeOverflow and a is unchanged.
func (a *Adoption) Merge(o *Adoption) error {
	if o == nil {
		return nil
	}
	var ad sum.Adder
	ad.Add(a.calls, o.calls)
	ad.Add128(a.revenue, o.revenue)
	ad.Add128(a.cost, o.cost)
	if ad.Overflow || !sum.Fits(a.answers[:], o.answers[:]) || !sum.Fits(a.rejected[:], o.rejected[:]) ||
		!sum.Fits(a.callsRej[:], o.callsRej[:]) {
		return kpi.ErrMergeOverflow
	}
	a.calls += o.calls
	a.endpoints.union(o.endpoints)
	a.developers.union(o.developers)
	a.applications.union(o.applications)
	a.partnersAt[0].union(o.partnersAt[0])
	a.partnersAt[1].union(o.partnersAt[1])
	a.onboardings.union(o.onboardings)
	a.tickets.union(o.tickets)
	a.revenue.Add(o.revenue)
	a.cost.Add(o.cost)
	for i := range a.answers {
		a.answers[i] += o.answers[i]
	}
	_ = a.rejected.Merge(&o.rejected) // fits: checked above
	_ = a.callsRej.Merge(&o.callsRej)
	return nil
}

// Reset empties a and keeps the sets' capacity. It does not allocate.
func (a *Adoption) Reset() {
	ep, dev, app, p0, p1 := a.endpoints, a.developers, a.applications, a.partnersAt[0], a.partnersAt[1]
	for _, s := range [...]idSet{ep, dev, app, p0, p1} {
		clear(s)
	}
	ob, tk := a.onboardings, a.tickets
	clear(ob)
	clear(tk)
	*a = Adoption{endpoints: ep, developers: dev, applications: app, partnersAt: [2]idSet{p0, p1}, onboardings: ob, tickets: tk}
}

// Rejections counts, by reason, the bad records the Add methods refused
// (calls apart: CallsRejections). Its ConflictingRecord count is derived
// from the records held: for each partner or ticket ID, its distinct
// records minus one, so it is the same under any split and merge order.
func (a *Adoption) Rejections() kpi.Rejections[Reason] {
	r := a.rejected
	r[ConflictingRecord] += a.onboardings.conflicts() + a.tickets.conflicts()
	return r
}

// CallsRejections counts, by kpi.Reason, the bad calls AddCall refused.
func (a *Adoption) CallsRejections() kpi.Rejections[kpi.Reason] { return a.callsRej }

// Calls is the number of good calls of the month (BM-5: >= 10 M).
func (a *Adoption) Calls() uint64 { return a.calls }

// ActiveEndpoints is the number of distinct endpoint keys (kpi.Call's
// Endpoint) that had a good call in the month: the dashboard's "active
// APIs" counted by endpoint. A caller who counts APIs as products passes
// the product's ID as the endpoint key of its calls (or feeds a separate
// Adoption's AddCall with it).
func (a *Adoption) ActiveEndpoints() uint64 { return uint64(len(a.endpoints)) }

// UniqueDevelopers is the number of distinct developers added.
func (a *Adoption) UniqueDevelopers() uint64 { return uint64(len(a.developers)) }

// ApplicationRegistrations is the number of distinct applications added.
func (a *Adoption) ApplicationRegistrations() uint64 { return uint64(len(a.applications)) }

// ActivePartners is the number of distinct partners active at the end of
// the month.
func (a *Adoption) ActivePartners() uint64 { return uint64(len(a.partnersAt[1])) }

// PartnerRetentionPercent is Rule VO-ADOPT-1's partner retention rate:
//
//	100 × |active at start ∩ active at end| / |active at start|
//
// in percent (BM-5: > 90); NoData without partners at the start. For the
// dashboard's annual rate, feed the start and end of the year.
func (a *Adoption) PartnerRetentionPercent() kpi.Ratio {
	var kept uint64
	for id := range a.partnersAt[0] {
		if a.partnersAt[1].has(id) {
			kept++
		}
	}
	return kpi.PercentOf(kept, uint64(len(a.partnersAt[0])))
}

// AvgOnboardingDays is Rule VO-ADOPT-1's average onboarding time to
// go-live, sum(Live - Started) / count, in days of 24 hours of elapsed
// time (BM-5: < 30); NoData without onboardings.
func (a *Adoption) AvgOnboardingDays() kpi.Ratio {
	n, sum, _ := spanSums(a.onboardings, 0)
	return meanIn(sum, n, 24*time.Hour)
}

// AvgResolutionHours is Rule VO-ADOPT-1's average support resolution
// time, sum(Resolved - Opened) / resolved tickets, in hours (BM-5: < 4);
// NoData without resolved tickets. Open tickets are in no mean.
func (a *Adoption) AvgResolutionHours() kpi.Ratio {
	n, sum, _ := spanSums(a.tickets, 0)
	return meanIn(sum, n, time.Hour)
}

// spanSums returns, over the kept record of each ID of k, the number of
// closed spans, the sum of their lengths in nanoseconds, and how many are
// at most within long (0: not counted).
func spanSums(k keyed[span], within time.Duration) (closed uint64, sum u128.U128, inTime uint64) {
	for _, e := range k {
		if e.first.end.IsZero() {
			continue
		}
		d := e.first.length()
		closed++
		sum.Add64(uint64(d))
		if d <= within {
			inTime++
		}
	}
	return closed, sum, inTime
}

// RevenueMinor is the month's revenue in minor currency units (a new
// big.Int each call).
func (a *Adoption) RevenueMinor() *big.Int { return a.revenue.Big() }

// CostMinor is the month's cost in minor currency units (a new big.Int
// each call).
func (a *Adoption) CostMinor() *big.Int { return a.cost.Big() }

// RevenuePerPartnerMinor is revenue / active partners (at the end of the
// month), in minor units; NoData without active partners.
func (a *Adoption) RevenuePerPartnerMinor() kpi.Ratio {
	return kpi.RatioOfBig(a.revenue.Big(), new(big.Int).SetUint64(a.ActivePartners()))
}

// CostPerCallMinor is cost / monthly calls, in minor units; NoData without
// calls.
func (a *Adoption) CostPerCallMinor() kpi.Ratio {
	return kpi.RatioOfBig(a.cost.Big(), new(big.Int).SetUint64(a.calls))
}

// ROIPercent is Rule VO-ADOPT-1's return on investment,
//
//	100 × (revenue - cost) / cost
//
// in percent, negative for a loss (BM-5: > 200); NoData without cost.
func (a *Adoption) ROIPercent() kpi.Ratio {
	num := new(big.Int).Sub(a.revenue.Big(), a.cost.Big())
	return kpi.RatioOfBig(num.Mul(num, big.NewInt(100)), a.cost.Big())
}

// Survey returns the NPS answers by group: promoters (9-10), passives
// (7-8) and detractors (0-6).
func (a *Adoption) Survey() (promoters, passives, detractors uint64) {
	for s, n := range a.answers {
		switch {
		case s >= 9:
			promoters += n
		case s >= 7:
			passives += n
		default:
			detractors += n
		}
	}
	return
}

// NPS is Rule VO-ADOPT-1's Net Promoter Score,
//
//	100 × (promoters - detractors) / answers
//
// in points from -100 to 100 (BM-5: > 50); passives count in the answers
// only. NoData without answers.
func (a *Adoption) NPS() kpi.Ratio {
	p, q, d := a.Survey()
	return npsOf(p, q, d)
}

func npsOf(p, q, d uint64) kpi.Ratio {
	n := new(big.Int).SetUint64(p)
	n.Sub(n, new(big.Int).SetUint64(d))
	n.Mul(n, big.NewInt(100))
	total := new(big.Int).SetUint64(p)
	total.Add(total, new(big.Int).SetUint64(q))
	total.Add(total, new(big.Int).SetUint64(d))
	return kpi.RatioOfBig(n, total)
}

// meanIn returns sum / (n × unit): a mean of nanoseconds in the given
// unit, NoData for n = 0.
func meanIn(sum u128.U128, n uint64, unit time.Duration) kpi.Ratio {
	den := new(big.Int).SetUint64(n)
	return kpi.RatioOfBig(sum.Big(), den.Mul(den, big.NewInt(int64(unit))))
}

// Figures returns every VO-ADOPT-1 figure of a.
func (a *Adoption) Figures() AdoptionFigures {
	p, q, d := a.Survey()
	resolved, _, _ := spanSums(a.tickets, 0)
	return AdoptionFigures{
		Calls:                    a.calls,
		ActiveEndpoints:          a.ActiveEndpoints(),
		UniqueDevelopers:         a.UniqueDevelopers(),
		ApplicationRegistrations: a.ApplicationRegistrations(),
		ActivePartners:           a.ActivePartners(),
		PartnerRetentionPercent:  a.PartnerRetentionPercent(),
		AvgOnboardingDays:        a.AvgOnboardingDays(),
		Onboardings:              uint64(len(a.onboardings)),
		RevenuePerPartnerMinor:   a.RevenuePerPartnerMinor(),
		CostPerCallMinor:         a.CostPerCallMinor(),
		ROIPercent:               a.ROIPercent(),
		Promoters:                p,
		Passives:                 q,
		Detractors:               d,
		NPS:                      a.NPS(),
		ResolvedTickets:          resolved,
		OpenTickets:              uint64(len(a.tickets)) - resolved,
		AvgResolutionHours:       a.AvgResolutionHours(),
		revenue:                  a.revenue,
		cost:                     a.cost,
	}
}
