package monthly

import (
	"cmp"
	"math/big"
	"slices"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/u128"
)

// The monthly rules written for obviousness, batch over slices: the
// accumulators (Users, TPPs, Adoption, Governance) are the streaming
// versions and must agree with these on any input.

// ReferenceUsers is Rule VO-USER-1 written for obviousness, batch over a
// slice: it keeps the good events whose At falls in month (local days of
// cal), and for each segment counts, by walking the list of distinct users,
// who had which event, reading as o says. Bad events are in no count and
// are listed in a *InputError (index into events); events of other
// months are not errors, just not counted. Users is the streaming version
// and must agree with ReferenceUsers on the events of the month.
func ReferenceUsers(events []UserEvent, cal kpi.Calendar, month kpi.Period, h History, o UserOptions) (UserMonth, error) {
	var bad badList
	type key struct {
		seg CustomerSegment
		id  string
	}
	// what each user did in the month: [service-1][kind-1]
	did := map[key]*[numServices][3]bool{}
	var order []key
	for i := range events {
		e := &events[i]
		if r := CheckUserEvent(e); r != OK {
			bad.add(i, "user event", e.UserID, e.At, r)
			continue
		}
		if !month.Contains(cal.DateOf(e.At)) {
			continue
		}
		k := key{e.Segment, e.UserID}
		if did[k] == nil {
			did[k] = new([numServices][3]bool)
			order = append(order, k)
		}
		did[k][e.Service-1][e.Kind-1] = true
	}
	var out UserMonth
	for _, k := range order {
		seen := func(svc Service) bool { return h != nil && h.Seen(k.seg, svc, k.id) }
		v := &out.Retail
		if k.seg == Business {
			v = &out.Business
		}
		d := did[k]
		used := func(svc Service) bool {
			x := d[svc-1]
			return x[0] || x[1] || x[2]
		}
		firstTime := func(svc Service) bool { return d[svc-1][NewAuthorisation-1] && !seen(svc) }
		count := func(n *uint64, yes bool) {
			if yes {
				*n++
			}
		}
		count(&v.AISFirstTime, firstTime(AIS))
		count(&v.AISTotal, used(AIS))
		count(&v.PISFirstTime, firstTime(PIS))
		count(&v.PISTotal, used(PIS))
		both := used(AIS) && used(PIS)
		count(&v.BothTotal, both)
		if o.BothFirstTimeIsBothNew {
			count(&v.BothFirstTime, firstTime(AIS) && firstTime(PIS))
		} else {
			count(&v.BothFirstTime, both && !(seen(AIS) && seen(PIS)))
		}
		count(&v.OnlineNew, firstTime(OnlineBanking))
		count(&v.MobileNew, firstTime(MobileBanking))
		count(&v.OnlineTotal, used(OnlineBanking))
		count(&v.MobileTotal, used(MobileBanking))
	}
	return out, bad.err()
}

// ReferenceTPPs is Rule VO-TPP-1 written for obviousness, batch over a
// slice: for each role and TPP separately, it sorts the TPP's good events
// by instant (onboarding first at the same instant), walks them keeping
// whether the TPP is live, and adds the TPP to RegisteredAtFirst if live
// when month starts, to Cumulative if live when it ends, and its
// onboardings and deregistrations inside the month to Additions and
// Deregistrations. Bad events, and events that contradict the TPP's
// history (anywhere in the input), are in no count and are listed in a
// *InputError with their index. TPPs is the streaming version and
// must agree with ReferenceTPPs on any input.
func ReferenceTPPs(events []TPPEvent, cal kpi.Calendar, month kpi.Period) (TPPMonth, error) {
	start, end := cal.Start(month.First), cal.Start(month.Last+1)
	var bad badList
	type key struct {
		role Role
		id   string
	}
	byTPP := map[key][]int{} // indices of each TPP's good events
	var keys []key
	for i := range events {
		if r := CheckTPPEvent(&events[i]); r != OK {
			bad.add(i, "tpp event", events[i].TPPID, events[i].At, r)
			continue
		}
		k := key{events[i].Role, events[i].TPPID}
		if byTPP[k] == nil {
			keys = append(keys, k)
		}
		byTPP[k] = append(byTPP[k], i)
	}
	var out TPPMonth
	for _, k := range keys {
		idx := byTPP[k]
		slices.SortStableFunc(idx, func(a, b int) int {
			return cmp.Or(events[a].At.Compare(events[b].At), cmp.Compare(events[a].Kind, events[b].Kind))
		})
		v := &out.AISP
		if k.role == PISP {
			v = &out.PISP
		}
		var live, liveAtStart, liveAtEnd, startSeen, endSeen bool
		for _, i := range idx {
			e := events[i]
			if !startSeen && !e.At.Before(start) {
				startSeen, liveAtStart = true, live
			}
			if !endSeen && !e.At.Before(end) {
				endSeen, liveAtEnd = true, live
			}
			inMonth := startSeen && !endSeen
			switch {
			case e.Kind == Onboarded && live:
				bad.add(i, "tpp event", e.TPPID, e.At, AlreadyRegistered)
				if inMonth {
					v.IgnoredOnboardings++
				}
			case e.Kind == Deregistered && !live:
				bad.add(i, "tpp event", e.TPPID, e.At, NotRegistered)
				if inMonth {
					v.IgnoredDeregistrations++
				}
			case e.Kind == Onboarded:
				live = true
				if inMonth {
					v.Additions++
				}
			default:
				live = false
				if inMonth {
					v.Deregistrations++
				}
			}
		}
		if !startSeen {
			liveAtStart = live
		}
		if !endSeen {
			liveAtEnd = live
		}
		if liveAtStart {
			v.RegisteredAtFirst++
		}
		if liveAtEnd {
			v.Cumulative++
		}
	}
	slices.SortFunc(bad, func(a, b *RecordError) int { return cmp.Compare(a.Index, b.Index) })
	return out, bad.err()
}

// AdoptionRecords are one month's VO-ADOPT-1 inputs as slices, for
// ReferenceAdoption.
type AdoptionRecords struct {
	Calls           []kpi.Call
	Developers      []string
	Applications    []string
	PartnersAtStart []string
	PartnersAtEnd   []string
	Onboardings     []Onboarding
	Tickets         []Ticket
	RevenueMinor    []int64
	CostMinor       []int64
	SurveyAnswers   []int
}

// ReferenceAdoption is Rule VO-ADOPT-1 written for obviousness, batch
// over one month's records: it counts, de-duplicates IDs with a map,
// keeps one record per partner or ticket ID (distinctRecords), sums with
// math/big and divides once. Bad records are in no figure and are listed
// in the error: bad calls as a *kpi.InputError, other bad records as a
// *InputError (Record names the slice, Index the position in it),
// joined when both occur. Adoption is the streaming version and must
// agree with ReferenceAdoption on any input.
func ReferenceAdoption(in AdoptionRecords) (AdoptionFigures, error) {
	var f AdoptionFigures
	good, callErr := kpi.ValidCalls(in.Calls)
	endpoints := map[string]bool{}
	for _, c := range good {
		f.Calls++
		endpoints[c.Endpoint] = true
	}
	f.ActiveEndpoints = uint64(len(endpoints))
	var bad badList
	distinct := func(record string, ids []string) map[string]bool {
		m := map[string]bool{}
		for i, id := range ids {
			if id == "" {
				bad.add(i, record, "", time.Time{}, EmptyID)
				continue
			}
			m[id] = true
		}
		return m
	}
	f.UniqueDevelopers = uint64(len(distinct("developer", in.Developers)))
	f.ApplicationRegistrations = uint64(len(distinct("application", in.Applications)))
	start, end := distinct("partner at start", in.PartnersAtStart), distinct("partner at end", in.PartnersAtEnd)
	f.ActivePartners = uint64(len(end))
	var kept uint64
	for id := range start {
		if end[id] {
			kept++
		}
	}
	f.PartnerRetentionPercent = kpi.PercentOf(kept, uint64(len(start)))

	var onboardings []keyedInput[span]
	for i, o := range in.Onboardings {
		if r := CheckOnboarding(&o); r != OK {
			bad.add(i, "onboarding", o.PartnerID, o.Started, r)
			continue
		}
		onboardings = append(onboardings, keyedInput[span]{i, o.PartnerID, o.Started, spanOf(o.Started, o.Live)})
	}
	onboardNs := new(big.Int)
	for _, s := range distinctRecords("onboarding", onboardings, &bad) {
		f.Onboardings++
		onboardNs.Add(onboardNs, big.NewInt(int64(s.end.Sub(s.start))))
	}
	f.AvgOnboardingDays = kpi.RatioOfBig(onboardNs, mulBig(f.Onboardings, 24*time.Hour))

	var tickets []keyedInput[span]
	for i, t := range in.Tickets {
		if r := CheckTicket(&t); r != OK {
			bad.add(i, "ticket", t.ID, t.Opened, r)
			continue
		}
		tickets = append(tickets, keyedInput[span]{i, t.ID, t.Opened, spanOf(t.Opened, t.Resolved)})
	}
	resolveNs := new(big.Int)
	for _, s := range distinctRecords("ticket", tickets, &bad) {
		if s.end.IsZero() {
			f.OpenTickets++
			continue
		}
		f.ResolvedTickets++
		resolveNs.Add(resolveNs, big.NewInt(int64(s.end.Sub(s.start))))
	}
	f.AvgResolutionHours = kpi.RatioOfBig(resolveNs, mulBig(f.ResolvedTickets, time.Hour))

	sum := func(record string, amounts []int64) *big.Int {
		s := new(big.Int)
		for i, x := range amounts {
			if x < 0 {
				bad.add(i, record, "", time.Time{}, NegativeAmount)
				continue
			}
			s.Add(s, big.NewInt(x))
		}
		return s
	}
	revenue, cost := sum("revenue", in.RevenueMinor), sum("cost", in.CostMinor)
	f.revenue = u128From(revenue)
	f.cost = u128From(cost)
	f.RevenuePerPartnerMinor = kpi.RatioOfBig(revenue, new(big.Int).SetUint64(f.ActivePartners))
	f.CostPerCallMinor = kpi.RatioOfBig(cost, new(big.Int).SetUint64(f.Calls))
	profit := new(big.Int).Sub(revenue, cost)
	f.ROIPercent = kpi.RatioOfBig(profit.Mul(profit, big.NewInt(100)), cost)

	for i, s := range in.SurveyAnswers {
		switch {
		case s < 0 || s > 10:
			bad.add(i, "survey answer", "", time.Time{}, ScoreOutOfRange)
		case s >= 9:
			f.Promoters++
		case s >= 7:
			f.Passives++
		default:
			f.Detractors++
		}
	}
	f.NPS = npsOf(f.Promoters, f.Passives, f.Detractors)
	return f, joinErrors(callErr, bad.err())
}

// keyedInput is one good record with an ID, for distinctRecords.
type keyedInput[F any] struct {
	index int
	id    string
	at    time.Time
	f     F
}

// distinctRecords is the reference reading of records that carry an ID:
// for each ID, the least favourable of its distinct records (the least in
// F's order) is the one kept. A record equal to an earlier one of its ID
// is a repeat and changes nothing; a record that differs from every
// earlier one of its ID (after the first) is listed as ConflictingRecord.
func distinctRecords[F fact[F]](record string, in []keyedInput[F], bad *badList) map[string]F {
	kept := map[string]F{}
	seen := map[string][]F{}
	for _, x := range in {
		if slices.Contains(seen[x.id], x.f) {
			continue
		}
		if len(seen[x.id]) > 0 {
			bad.add(x.index, record, x.id, x.at, ConflictingRecord)
		}
		seen[x.id] = append(seen[x.id], x.f)
		if old, ok := kept[x.id]; !ok || x.f.compare(old) < 0 {
			kept[x.id] = x.f
		}
	}
	return kept
}

// u128From converts a non-negative big.Int below 2^128.
func u128From(x *big.Int) u128.U128 {
	lo := new(big.Int).And(x, new(big.Int).SetUint64(^uint64(0)))
	hi := new(big.Int).Rsh(x, 64)
	return u128.U128{Hi: hi.Uint64(), Lo: lo.Uint64()}
}

// mulBig returns n × unit as a big.Int.
func mulBig(n uint64, unit time.Duration) *big.Int {
	x := new(big.Int).SetUint64(n)
	return x.Mul(x, big.NewInt(int64(unit)))
}

// GovernanceRecords are one period's VO-GOV-1 inputs as slices, for
// ReferenceGovernance.
type GovernanceRecords struct {
	Market            []MarketRecord
	Products          []string
	AcquiredCustomers []string
	Requirements      []bool // met?
	Audits            []bool // passed?
	DataStores        []DataStore
	Incidents         []Incident
	Vulnerabilities   []Vulnerability
}

// ReferenceGovernance is Rule VO-GOV-1 written for obviousness, batch over
// one period's records; incidents, data stores and vulnerabilities keep
// one record per ID (distinctRecords). Bad records are in no figure and
// are listed in a *InputError (Record names the slice, Index the
// position). Governance is the streaming version and must agree with it
// on any input.
func ReferenceGovernance(in GovernanceRecords) (GovernanceFigures, error) {
	var f GovernanceFigures
	var bad badList
	own, market := new(big.Int), new(big.Int)
	for i, m := range in.Market {
		if m.Own > m.Market {
			bad.add(i, "market volume", "", time.Time{}, PartExceedsWhole)
			continue
		}
		own.Add(own, new(big.Int).SetUint64(m.Own))
		market.Add(market, new(big.Int).SetUint64(m.Market))
	}
	f.own, f.market = u128From(own), u128From(market)
	f.MarketSharePercent = percentBig(own, market)
	distinct := func(record string, ids []string) uint64 {
		m := map[string]bool{}
		for i, id := range ids {
			if id == "" {
				bad.add(i, record, "", time.Time{}, EmptyID)
				continue
			}
			m[id] = true
		}
		return uint64(len(m))
	}
	f.InnovationIndex = distinct("product", in.Products)
	f.CustomerAcquisition = distinct("acquired customer", in.AcquiredCustomers)
	for _, met := range in.Requirements {
		f.RequirementsApplicable++
		if met {
			f.RequirementsMet++
		}
	}
	f.ComplianceScorePercent = kpi.PercentOf(f.RequirementsMet, f.RequirementsApplicable)
	for _, passed := range in.Audits {
		f.Audits++
		if passed {
			f.AuditsPassed++
		}
	}
	f.AuditSuccessPercent = kpi.PercentOf(f.AuditsPassed, f.Audits)

	var stores []keyedInput[storeFacts]
	for i, s := range in.DataStores {
		if s.ID == "" {
			bad.add(i, "data store", "", time.Time{}, EmptyID)
			continue
		}
		stores = append(stores, keyedInput[storeFacts]{i, s.ID, time.Time{}, storeFacts{s.Compliant, s.Encrypted}})
	}
	var compliant, encrypted uint64
	for _, s := range distinctRecords("data store", stores, &bad) {
		f.DataStores++
		if s.compliant {
			compliant++
		}
		if s.encrypted {
			encrypted++
		}
	}
	f.DataProtectionPercent = kpi.PercentOf(compliant, f.DataStores)
	f.EncryptionPercent = kpi.PercentOf(encrypted, f.DataStores)

	var incidents []keyedInput[instant]
	for i, x := range in.Incidents {
		if r := CheckIncident(&x); r != OK {
			bad.add(i, "incident", x.ID, x.At, r)
			continue
		}
		incidents = append(incidents, keyedInput[instant]{i, x.ID, x.At, instantOf(x.At)})
	}
	f.SecurityIncidents = uint64(len(distinctRecords("incident", incidents, &bad)))

	var vulns []keyedInput[span]
	for i, v := range in.Vulnerabilities {
		if r := CheckVulnerability(&v); r != OK {
			bad.add(i, "vulnerability", v.ID, v.Found, r)
			continue
		}
		vulns = append(vulns, keyedInput[span]{i, v.ID, v.Found, spanOf(v.Found, v.Patched)})
	}
	patchNs := new(big.Int)
	var within uint64
	for _, v := range distinctRecords("vulnerability", vulns, &bad) {
		if v.end.IsZero() {
			f.OpenVulnerabilities++
			continue
		}
		d := v.end.Sub(v.start)
		f.PatchedVulnerabilities++
		patchNs.Add(patchNs, big.NewInt(int64(d)))
		if d <= 24*time.Hour {
			within++
		}
	}
	f.AvgTimeToPatchHours = kpi.RatioOfBig(patchNs, mulBig(f.PatchedVulnerabilities, time.Hour))
	f.PatchedWithin24hPercent = kpi.PercentOf(within, f.PatchedVulnerabilities)
	return f, bad.err()
}
