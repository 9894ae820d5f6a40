package monthly_test

import (
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/volumes/monthly"
)

func day(d, h int) time.Time { return time.Date(2025, 3, d, h, 0, 0, 0, time.UTC) }

// Rule VO-USER-1: a customer who used AIS and PIS in the same month for
// the first time is counted once in each total, once as first-time in
// each service, and once in "both". Carol used both before: she is in
// the totals only.
func ExampleUsers() {
	history := &monthly.UserHistory{}
	history.Add(monthly.Retail, monthly.AIS, "carol")
	history.Add(monthly.Retail, monthly.PIS, "carol")
	var u monthly.Users
	for _, e := range []monthly.UserEvent{
		{UserID: "alice", Segment: monthly.Retail, Service: monthly.AIS, Kind: monthly.NewAuthorisation, At: day(3, 9)},
		{UserID: "alice", Segment: monthly.Retail, Service: monthly.AIS, Kind: monthly.Accessed, At: day(4, 9)},
		{UserID: "alice", Segment: monthly.Retail, Service: monthly.PIS, Kind: monthly.NewAuthorisation, At: day(5, 9)},
		{UserID: "carol", Segment: monthly.Retail, Service: monthly.AIS, Kind: monthly.Reauthenticated, At: day(6, 9)},
		{UserID: "carol", Segment: monthly.Retail, Service: monthly.PIS, Kind: monthly.NewAuthorisation, At: day(7, 9)},
	} {
		if err := u.Add(&e); err != nil {
			fmt.Println("bad input:", err)
		}
	}
	v := u.Volumes(history, monthly.UserOptions{}).Retail
	fmt.Printf("AIS first %d of %d, PIS first %d of %d, both first %d of %d\n",
		v.AISFirstTime, v.AISTotal, v.PISFirstTime, v.PISTotal, v.BothFirstTime, v.BothTotal)
	// Output:
	// AIS first 1 of 2, PIS first 1 of 2, both first 1 of 2
}

// Rule VO-USER-1 OPTION BothFirstTimeIsBothNew (CBB 3.8): frank had used
// AIS before March; in March he accesses his accounts and authorises his
// first payment. DEFAULT: March is his first month with both services,
// so he is a first-time "both" user (1). OPTION: he is not new to AIS, so
// he is not new to both (0). The same Users is read both ways.
func ExampleUserOptions() {
	var history monthly.UserHistory
	history.Add(monthly.Retail, monthly.AIS, "frank")
	var u monthly.Users
	for _, e := range []monthly.UserEvent{
		{UserID: "frank", Segment: monthly.Retail, Service: monthly.AIS, Kind: monthly.Accessed, At: day(9, 9)},
		{UserID: "frank", Segment: monthly.Retail, Service: monthly.PIS, Kind: monthly.NewAuthorisation, At: day(9, 10)},
	} {
		_ = u.Add(&e)
	}
	def := u.Volumes(&history, monthly.UserOptions{}).Retail
	opt := u.Volumes(&history, monthly.UserOptions{BothFirstTimeIsBothNew: true}).Retail
	fmt.Println("both first time, DEFAULT:", def.BothFirstTime, "of", def.BothTotal)
	fmt.Println("both first time, BothFirstTimeIsBothNew:", opt.BothFirstTime, "of", opt.BothTotal)
	// Output:
	// both first time, DEFAULT: 1 of 1
	// both first time, BothFirstTimeIsBothNew: 0 of 1
}

// Rule VO-USER-1: months are local. 2025-02-28T22:00Z is March 1 01:00 in
// Bahrain, so a router in the bank's zone sends that event to March.
func ExampleUsers_monthsAreLocal() {
	bahrain := kpi.NewCalendar(time.FixedZone("Asia/Bahrain", 3*3600))
	e := monthly.UserEvent{UserID: "alice", Segment: monthly.Retail, Service: monthly.AIS,
		Kind: monthly.NewAuthorisation, At: time.Date(2025, 2, 28, 22, 0, 0, 0, time.UTC)}
	fmt.Println("UTC:", kpi.Calendar{}.DateOf(e.At), "Bahrain:", bahrain.DateOf(e.At))
	march := kpi.Month(kpi.DateOf(2025, 3, 1))
	m, _ := monthly.ReferenceUsers([]monthly.UserEvent{e}, bahrain, march, nil, monthly.UserOptions{})
	fmt.Println("March AIS first time in Bahrain:", m.Retail.AISFirstTime)
	// Output:
	// UTC: 2025-02-28 Bahrain: 2025-03-01
	// March AIS first time in Bahrain: 1
}

// Rule VO-USER-1: "first time" comes from the history; Absorb turns a
// month into history for the next one.
func ExampleUserHistory_Absorb() {
	var h monthly.UserHistory
	var march, april monthly.Users
	e := monthly.UserEvent{UserID: "dave", Segment: monthly.Business, Service: monthly.MobileBanking, Kind: monthly.NewAuthorisation, At: day(2, 8)}
	_ = march.Add(&e)
	fmt.Println("March new mobile users:", march.Volumes(&h, monthly.UserOptions{}).Business.MobileNew)
	h.Absorb(&march)
	e.At = time.Date(2025, 4, 2, 8, 0, 0, 0, time.UTC)
	_ = april.Add(&e)
	fmt.Println("April new mobile users:", april.Volumes(&h, monthly.UserOptions{}).Business.MobileNew)
	// Output:
	// March new mobile users: 1
	// April new mobile users: 0
}

// Rule VO-TPP-1: a TPP onboarded and deregistered in the same month is in
// both Additions and Deregistrations; cumulative = registered at the 1st
// + additions - deregistrations = 1 + 1 - 1 = 1.
func ExampleTPPs() {
	var t monthly.TPPs
	for _, e := range []monthly.TPPEvent{
		{TPPID: "acme", Role: monthly.AISP, Kind: monthly.Onboarded, At: time.Date(2025, 1, 5, 0, 0, 0, 0, time.UTC)},
		{TPPID: "brisk", Role: monthly.AISP, Kind: monthly.Onboarded, At: day(10, 9)},
		{TPPID: "brisk", Role: monthly.AISP, Kind: monthly.Deregistered, At: day(20, 9)},
	} {
		_ = t.Add(&e)
	}
	march := kpi.Month(kpi.DateOf(2025, 3, 1))
	v := t.Month(kpi.Calendar{}, march).AISP
	fmt.Printf("registered at 1st %d, additions %d, deregistrations %d, cumulative %d\n",
		v.RegisteredAtFirst, v.Additions, v.Deregistrations, v.Cumulative)
	// Output:
	// registered at 1st 1, additions 1, deregistrations 1, cumulative 1
}

// Rule VO-TPP-1: at one instant an onboarding is applied before a
// deregistration. A live TPP deregistered and re-registered at the same
// instant therefore ends deregistered (the onboarding, while live, is
// ignored); a re-registration 1 ns later is an addition.
func ExampleTPPs_sameInstant() {
	var t monthly.TPPs
	at := day(10, 12)
	for _, e := range []monthly.TPPEvent{
		{TPPID: "W", Role: monthly.AISP, Kind: monthly.Onboarded, At: time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC)},
		{TPPID: "W", Role: monthly.AISP, Kind: monthly.Deregistered, At: at},
		{TPPID: "W", Role: monthly.AISP, Kind: monthly.Onboarded, At: at},
		{TPPID: "V", Role: monthly.AISP, Kind: monthly.Onboarded, At: time.Date(2025, 1, 10, 0, 0, 0, 0, time.UTC)},
		{TPPID: "V", Role: monthly.AISP, Kind: monthly.Deregistered, At: at},
		{TPPID: "V", Role: monthly.AISP, Kind: monthly.Onboarded, At: at.Add(time.Nanosecond)},
	} {
		_ = t.Add(&e)
	}
	v := t.Month(kpi.Calendar{}, kpi.Month(kpi.DateOf(2025, 3, 1))).AISP
	fmt.Printf("at 1st %d, additions %d, deregistrations %d, cumulative %d, ignored onboardings %d\n",
		v.RegisteredAtFirst, v.Additions, v.Deregistrations, v.Cumulative, v.IgnoredOnboardings)
	// Output:
	// at 1st 2, additions 1, deregistrations 2, cumulative 1, ignored onboardings 1
}

// Rule VO-TPP-1: a deregistration of a TPP never registered is in no
// count; the month says how many were ignored and Conflicts names them.
func ExampleTPPs_Conflicts() {
	var t monthly.TPPs
	e := monthly.TPPEvent{TPPID: "ghost", Role: monthly.PISP, Kind: monthly.Deregistered, At: day(3, 0)}
	_ = t.Add(&e)
	v := t.Month(kpi.Calendar{}, kpi.Month(kpi.DateOf(2025, 3, 1))).PISP
	fmt.Println("deregistrations:", v.Deregistrations, "ignored:", v.IgnoredDeregistrations)
	for _, c := range t.Conflicts() {
		fmt.Println(c, errors.Is(c, monthly.NotRegistered))
	}
	// Output:
	// deregistrations: 0 ignored: 1
	// tpp event "ghost" at 2025-03-03T00:00:00Z: deregistration of a tpp not registered true
}

// Rule VO-ADOPT-1 NPS: promoters (9-10) minus detractors (0-6), in points
// of all answers; passives (7-8) only dilute. 2 promoters, 2 passives, 1
// detractor: 100 × (2 - 1) / 5 = 20 points. An 11 is bad input.
func ExampleAdoption_NPS() {
	var a monthly.Adoption
	for _, s := range []int{10, 9, 8, 7, 3, 11} {
		if err := a.AddSurveyAnswer(s); err != nil {
			fmt.Println("bad input:", err)
		}
	}
	p, q, d := a.Survey()
	fmt.Println("promoters", p, "passives", q, "detractors", d, "NPS", a.NPS().Format(1))
	// Output:
	// bad input: score outside 0-10
	// promoters 2 passives 2 detractors 1 NPS 20.0
}

// Rule VO-ADOPT-1 money figures, from integer minor units: revenue
// 3,000,000 and cost 1,000,000 give ROI 100 × 2,000,000 / 1,000,000 =
// 200 %, which does not pass BM-5's "> 200 %".
func ExampleAdoption_ROIPercent() {
	var a monthly.Adoption
	_ = a.AddRevenue(3_000_000)
	_ = a.AddCost(1_000_000)
	roi := a.ROIPercent()
	fmt.Println("ROI", roi.Format(2), "% ; passes > 200:", roi.Cmp(kpi.RatioOfInt(200)) > 0)
	// Output:
	// ROI 200.00 % ; passes > 200: false
}

// Rule VO-ADOPT-1 partner retention and support time: 3 of 4 partners
// active at the start are still active at the end (75 %); tickets of 1 h
// and 4 h average 2.5 h; the open ticket is in no mean.
func ExampleAdoption_PartnerRetentionPercent() {
	var a monthly.Adoption
	for _, id := range []string{"p1", "p2", "p3", "p4"} {
		_ = a.AddPartnerAtStart(id)
	}
	for _, id := range []string{"p1", "p2", "p3", "p9"} {
		_ = a.AddPartnerAtEnd(id)
	}
	_ = a.AddTicket(&monthly.Ticket{ID: "t1", Opened: day(1, 9), Resolved: day(1, 10)})
	_ = a.AddTicket(&monthly.Ticket{ID: "t2", Opened: day(1, 9), Resolved: day(1, 13)})
	_ = a.AddTicket(&monthly.Ticket{ID: "t3", Opened: day(1, 9)})
	fmt.Println("retention", a.PartnerRetentionPercent().Format(1), "%")
	fmt.Println("resolution", a.AvgResolutionHours().Format(2), "h, open", a.Figures().OpenTickets)
	// Output:
	// retention 75.0 %
	// resolution 2.50 h, open 1
}

// Rule VO-GOV-1 time to patch: 6 h and 30 h average 18 h; one of two
// within 24 h (50 %).
func ExampleGovernance() {
	var g monthly.Governance
	_ = g.AddVulnerability(&monthly.Vulnerability{ID: "v1", Found: day(1, 0), Patched: day(1, 6)})
	_ = g.AddVulnerability(&monthly.Vulnerability{ID: "v2", Found: day(2, 0), Patched: day(3, 6)})
	g.AddRequirement(true)
	g.AddRequirement(false)
	fmt.Println("time to patch", g.AvgTimeToPatchHours().Format(1), "h, within 24 h", g.PatchedWithin24hPercent().Format(1), "%")
	fmt.Println("compliance", g.ComplianceScorePercent().Format(1), "%")
	// Output:
	// time to patch 18.0 h, within 24 h 50.0 %
	// compliance 50.0 %
}

// Rule VO-GOV-1 records with an ID count once: the same data store again
// changes nothing; a different record for it is a ConflictingRecord, and
// the least favourable record (here: not encrypted) is kept, whatever the
// order of arrival or of Merge.
func ExampleGovernance_AddDataStore() {
	var g monthly.Governance
	fmt.Println(g.AddDataStore(&monthly.DataStore{ID: "crm", Compliant: true, Encrypted: true}))
	fmt.Println(g.AddDataStore(&monthly.DataStore{ID: "crm", Compliant: true, Encrypted: true}))
	fmt.Println(g.AddDataStore(&monthly.DataStore{ID: "crm", Compliant: true}))
	f := g.Figures()
	rej := g.Rejections()
	fmt.Println("stores", f.DataStores, "encrypted", f.EncryptionPercent.Format(0), "% conflicts", rej[monthly.ConflictingRecord])
	// Output:
	// <nil>
	// <nil>
	// conflicts with another record of the same id
	// stores 1 encrypted 0 % conflicts 1
}

// Rule RP-CBB-1: sheets 3 and 4 as CSV, with the template's column names.
func ExampleCBBTPPVolumeRow() {
	march := kpi.Month(kpi.DateOf(2025, 3, 1))
	m := monthly.TPPMonth{
		AISP: monthly.TPPVolumes{RegisteredAtFirst: 4, Additions: 1, Deregistrations: 2, Cumulative: 3},
		PISP: monthly.TPPVolumes{RegisteredAtFirst: 2, Additions: 1, Cumulative: 3},
	}
	row := monthly.NewCBBTPPVolumeRow(march, "Bank of Example", m)
	w := csv.NewWriter(os.Stdout)
	_ = w.Write(row.Header())
	_ = w.Write(row.Record())
	w.Flush()
	// Output:
	// ReportMonth,Entity Name,Total AISPs Registered (at 1st of the month),AISP Additions,AISP Deregistrations,Cumulative Monthly number of AISPs,Total PISPs Registered (at 1st of the month),PISP Additions,PISP Deregistrations,Cumulative Monthly number of PISPs
	// 2025-03,Bank of Example,4,1,2,3,2,1,0,3
}

func ExampleCBBUserVolumeRow() {
	march := kpi.Month(kpi.DateOf(2025, 3, 1))
	m := monthly.UserMonth{Retail: monthly.UserVolumes{AISFirstTime: 1, AISTotal: 4, PISFirstTime: 2, PISTotal: 3,
		BothFirstTime: 2, BothTotal: 3, MobileNew: 1, OnlineTotal: 1, MobileTotal: 1}}
	w := csv.NewWriter(os.Stdout)
	for i, row := range monthly.NewCBBUserVolumeRows(march, "Bank of Example", m) {
		if i == 0 {
			_ = w.Write(row.Header()[:5])
		}
		_ = w.Write(row.Record()[:5])
	}
	w.Flush()
	// Output:
	// ReportMonth,Entity Name,Retail/Business user/customer,user/customer used AIS Services for the first time,Total users/customers used AIS Services
	// 2025-03,Bank of Example,Retail,1,4
	// 2025-03,Bank of Example,Business,0,0
}
