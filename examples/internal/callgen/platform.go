package callgen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"time"
)

// Platform says what the platform records of the report's sample hold
// (the report's -platform columns): Months calendar months from First,
// each declared complete, with partners going live, developers and
// applications registering, developer survey answers, support tickets,
// revenue and cost, quarterly compliance assessments and audits, monthly
// data-store assessments, incidents and vulnerabilities. Every instant is
// between the 2nd and the 27th of its month, 08:00 to 18:00 in the zone,
// so its month is the same in any zone within ±12 h.
type Platform struct {
	Seed       uint64
	First      time.Time // the first month's first local midnight
	Months     int
	Partners   int // live before First
	Developers int // registered before First
	Currency   string
}

// SamplePlatform is the report's embedded sample: January 2025 to November
// 2026 in Asia/Dubai (so that 2025 is a whole year, and November 2026 the
// month of SampleMonth), amounts in fils.
func SamplePlatform() Platform {
	dubai := time.FixedZone("+04", 4*3600)
	return Platform{Seed: 2025, First: time.Date(2025, 1, 1, 0, 0, 0, 0, dubai), Months: 23, Partners: 12, Developers: 40, Currency: "AED"}
}

// WritePlatform writes p's records, one month after the other.
func WritePlatform(w io.Writer, p Platform) error {
	rng := rand.New(rand.NewPCG(p.Seed, 4))
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "kind,id,month,at,score,amount,currency,onboarded_at,live_at,offboarded_at,opened_at,resolved_at,found_at,patched_at,met,passed,protected,encrypted,critical")
	// row writes kind and id, then the named columns' values (the others empty).
	cols := []string{"month", "at", "score", "amount", "currency", "onboarded_at", "live_at", "offboarded_at", "opened_at", "resolved_at",
		"found_at", "patched_at", "met", "passed", "protected", "encrypted", "critical"}
	row := func(kind, id string, kv ...string) {
		vals := make([]string, len(cols))
		for i := 0; i < len(kv); i += 2 {
			for c, name := range cols {
				if name == kv[i] {
					vals[c] = kv[i+1]
				}
			}
		}
		fmt.Fprintf(bw, "%s,%s", kind, id)
		for _, v := range vals {
			fmt.Fprintf(bw, ",%s", v)
		}
		fmt.Fprintln(bw)
	}
	ts := func(t time.Time) string { return t.Format(time.RFC3339) }
	// within returns an instant of month m: day 2 to 27, 08:00 to 18:00.
	within := func(m time.Time) time.Time {
		return m.AddDate(0, 0, 1+rng.IntN(26)).Add(8*time.Hour + time.Duration(rng.Int64N(int64(10*time.Hour)))).Truncate(time.Second)
	}
	yes := func(b bool) string { return fmt.Sprint(b) }

	// Developers before the first month, and the partners live then; partners
	// are written last, with their final state (one record a partner).
	type partner struct {
		id                   string
		onboarded, live, off time.Time
	}
	var partners []*partner
	var live []*partner
	for i := 1; i <= p.Partners; i++ {
		golive := within(p.First.AddDate(0, -3+i%3, 0))
		pt := &partner{id: fmt.Sprintf("partner-%02d", i), onboarded: golive.AddDate(0, 0, -20-rng.IntN(20)), live: golive}
		partners, live = append(partners, pt), append(live, pt)
	}
	for i := 1; i <= p.Developers; i++ {
		row("developer", fmt.Sprintf("dev-%04d", i), "at", ts(within(p.First.AddDate(0, -1-rng.IntN(12), 0))))
	}
	nPartners, nDevs, nApps, nTickets, nVulns, nIncidents := p.Partners, p.Developers, 0, 0, 0, 0
	for k := range p.Months {
		m := p.First.AddDate(0, k, 0)
		month := m.Format("2006-01")
		row("month", "", "month", month)
		// One or two partners go live after 15 to 44 days of onboarding;
		// now and then one leaves.
		for range 1 + rng.IntN(2) {
			nPartners++
			pt := &partner{id: fmt.Sprintf("partner-%02d", nPartners)}
			partners = append(partners, pt)
			golive := within(m)
			if k == p.Months-1 && golive.Day() > 14 {
				pt.onboarded = golive.AddDate(0, 0, -30) // still onboarding
				continue
			}
			pt.onboarded, pt.live = golive.Add(-time.Duration(15+rng.IntN(30))*24*time.Hour), golive
			live = append(live, pt)
		}
		if rng.IntN(5) == 0 && len(live) > 3 {
			i := rng.IntN(len(live))
			gone := live[i]
			live = append(live[:i], live[i+1:]...)
			gone.off = within(m)
			if !gone.off.After(gone.live) {
				gone.off = gone.live.Add(24 * time.Hour)
			}
		}
		for range 5 + rng.IntN(11) {
			nDevs++
			row("developer", fmt.Sprintf("dev-%04d", nDevs), "at", ts(within(m)))
		}
		for range 2 + rng.IntN(5) {
			nApps++
			row("application", fmt.Sprintf("app-%04d", nApps), "at", ts(within(m)))
		}
		// Survey answers: mostly promoters and passives, a few detractors.
		for i := range 12 + rng.IntN(9) {
			score := []int{10, 10, 10, 10, 9, 9, 9, 8, 7, 5}[rng.IntN(10)]
			row("nps", fmt.Sprintf("resp-%s-%02d", month, i+1), "at", ts(within(m)), "score", fmt.Sprint(score))
		}
		// Tickets resolved in 20 minutes to 9 hours; the last month's
		// last two still open.
		nt := 10 + rng.IntN(11)
		for i := range nt {
			nTickets++
			opened := within(m)
			if k == p.Months-1 && i >= nt-2 {
				row("ticket", fmt.Sprintf("tkt-%05d", nTickets), "opened_at", ts(opened))
				continue
			}
			took := time.Duration(20+rng.IntN(440)) * time.Minute
			row("ticket", fmt.Sprintf("tkt-%05d", nTickets), "opened_at", ts(opened), "resolved_at", ts(opened.Add(took)))
		}
		row("revenue", "", "month", month, "amount", fmt.Sprint(110_000_00+rng.IntN(60_000_00)), "currency", p.Currency)
		row("cost", "", "month", month, "amount", fmt.Sprint(35_000_00+rng.IntN(15_000_00)), "currency", p.Currency)
		// Compliance each quarter's last month: 24 requirements, one
		// sometimes not met; one audit.
		if m.Month()%3 == 0 {
			at := within(m)
			miss := rng.IntN(3) == 0
			for i := 1; i <= 24; i++ {
				row("requirement", fmt.Sprintf("req-%02d", i), "at", ts(at), "met", yes(!(miss && i == 7)))
			}
			row("audit", fmt.Sprintf("audit-%s", month), "at", ts(at), "passed", yes(!miss))
		}
		// Data stores assessed monthly; the analytics store unencrypted
		// for a while.
		for i, s := range []string{"accounts-db", "payments-db", "consents-db", "analytics-lake", "logs-archive", "crm"} {
			row("data_store", s, "at", ts(m.AddDate(0, 0, 24).Add(time.Duration(9+i)*time.Hour)), "protected", "true", "encrypted", yes(!(s == "analytics-lake" && k >= 5 && k < 9)))
		}
		if rng.IntN(10) == 0 {
			nIncidents++
			row("incident", fmt.Sprintf("inc-%03d", nIncidents), "at", ts(within(m)))
		}
		for range rng.IntN(4) {
			nVulns++
			found := within(m)
			critical := rng.IntN(3) > 0
			took := time.Duration(2+rng.IntN(34)) * time.Hour
			row("vulnerability", fmt.Sprintf("cve-%04d", nVulns), "found_at", ts(found), "patched_at", ts(found.Add(took)), "critical", yes(critical))
		}
	}
	for _, pt := range partners {
		kv := []string{"onboarded_at", ts(pt.onboarded)}
		if !pt.live.IsZero() {
			kv = append(kv, "live_at", ts(pt.live))
		}
		if !pt.off.IsZero() {
			kv = append(kv, "offboarded_at", ts(pt.off))
		}
		row("partner", pt.id, kv...)
	}
	return bw.Flush()
}
