package monthly

import (
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
)

func fuzzTime(unix int64) time.Time {
	if unix == 0 {
		return time.Time{}
	}
	return time.Unix(unix, 0)
}

// FuzzUsersAdd: any event is either in the sets or rejected, never a
// panic; the VO-USER-1 invariants hold with any history.
func FuzzUsersAdd(f *testing.F) {
	f.Add("alice", uint8(1), uint8(1), uint8(1), int64(1741000000), true)
	f.Add("", uint8(3), uint8(9), uint8(0), int64(0), false)
	f.Add("bob", uint8(2), uint8(2), uint8(2), int64(-1), true)
	f.Fuzz(func(t *testing.T, id string, seg, svc, kind uint8, unix int64, seen bool) {
		e := UserEvent{UserID: id, Segment: CustomerSegment(seg), Service: Service(svc), Kind: UserEventKind(kind), At: fuzzTime(unix)}
		var u Users
		err := u.Add(&e)
		h := &UserHistory{}
		if seen {
			h.Add(CustomerSegment(seg), Service(svc), id)
		}
		m := u.Volumes(h, UserOptions{BothFirstTimeIsBothNew: unix%2 == 0})
		rej := u.Rejections()
		total := m.Retail.AISTotal + m.Retail.PISTotal + m.Retail.OnlineTotal + m.Retail.MobileTotal +
			m.Business.AISTotal + m.Business.PISTotal + m.Business.OnlineTotal + m.Business.MobileTotal
		if total+rej.Total() != 1 || (err == nil) != (total == 1) || (err != nil && err != CheckUserEvent(&e)) {
			t.Fatalf("event neither counted nor rejected once: err=%v %+v", err, m)
		}
		for _, v := range []UserVolumes{m.Retail, m.Business} {
			if v.AISFirstTime > v.AISTotal || v.PISFirstTime > v.PISTotal || v.OnlineNew > v.OnlineTotal ||
				v.MobileNew > v.MobileTotal || (seen && v.AISFirstTime+v.PISFirstTime+v.OnlineNew+v.MobileNew != 0) {
				t.Fatalf("invariants broken: %+v", v)
			}
		}
	})
}

// FuzzTPPsAdd: any pair of events, no panic; cumulative = registered +
// additions - deregistrations in every month around them.
func FuzzTPPsAdd(f *testing.F) {
	f.Add("A", uint8(1), uint8(1), int64(1741000000), "A", uint8(1), uint8(2), int64(1741000000))
	f.Add("", uint8(0), uint8(3), int64(0), "B", uint8(2), uint8(2), int64(1))
	f.Fuzz(func(t *testing.T, id1 string, role1, kind1 uint8, unix1 int64, id2 string, role2, kind2 uint8, unix2 int64) {
		var s TPPs
		events := []TPPEvent{
			{TPPID: id1, Role: Role(role1), Kind: TPPEventKind(kind1), At: fuzzTime(unix1)},
			{TPPID: id2, Role: Role(role2), Kind: TPPEventKind(kind2), At: fuzzTime(unix2)},
		}
		var bad uint64
		for i := range events {
			if err := s.Add(&events[i]); err != nil {
				bad++
				if err != CheckTPPEvent(&events[i]) {
					t.Fatalf("Add %v, Check %v", err, CheckTPPEvent(&events[i]))
				}
			}
		}
		rej := s.Rejections()
		if rej.Total() != bad || uint64(s.Len())+bad != 2 {
			t.Fatalf("events lost: len %d, rejected %d", s.Len(), rej.Total())
		}
		for _, at := range []time.Time{events[0].At, events[1].At} {
			if at.IsZero() || at.Year() < 1 || at.Year() > 9999 {
				continue
			}
			d := kpi.Calendar{}.DateOf(at)
			got := s.Month(kpi.Calendar{}, kpi.Month(d))
			want, _ := ReferenceTPPs(events, kpi.Calendar{}, kpi.Month(d))
			if got != want {
				t.Fatalf("month %v: streaming %+v, reference %+v", d, got, want)
			}
			for _, v := range []TPPVolumes{got.AISP, got.PISP} {
				if v.Cumulative != v.RegisteredAtFirst+v.Additions-v.Deregistrations {
					t.Fatalf("cumulative broken: %+v", v)
				}
			}
		}
	})
}

// FuzzAdoptionAdd: any amount, score, onboarding and ticket; no panic;
// each record counted or rejected once; NPS within -100..100.
func FuzzAdoptionAdd(f *testing.F) {
	f.Add(int64(100), int64(-5), 9, "p", int64(1741000000), int64(1741086400))
	f.Add(int64(-1), int64(1<<62), 11, "", int64(0), int64(-9e15))
	f.Fuzz(func(t *testing.T, revenue, cost int64, score int, id string, start, end int64) {
		var a Adoption
		errs := 0
		for _, err := range []error{
			a.AddRevenue(revenue), a.AddCost(cost), a.AddSurveyAnswer(score),
			a.AddOnboarding(&Onboarding{id, fuzzTime(start), fuzzTime(end)}),
			a.AddTicket(&Ticket{id, fuzzTime(start), fuzzTime(end)}),
			a.AddTicket(&Ticket{id, fuzzTime(start), time.Time{}}), // same ID: a conflict unless bad
		} {
			if err != nil {
				errs++
			}
		}
		rej := a.Rejections()
		if rej.Total() != uint64(errs) {
			t.Fatalf("%d errors, %d rejected", errs, rej.Total())
		}
		f := a.Figures()
		if f.NPS.OK() && (f.NPS.Cmp(rat(100, 1)) > 0 || f.NPS.Cmp(rat(-100, 1)) < 0) {
			t.Fatalf("NPS %s", f.NPS)
		}
		if f.AvgOnboardingDays.OK() && f.AvgOnboardingDays.Cmp(rat(0, 1)) < 0 {
			t.Fatalf("negative onboarding %s", f.AvgOnboardingDays)
		}
	})
}

// FuzzGovernanceAdd: any market record and vulnerability; no panic; every
// share within 0..100 %.
func FuzzGovernanceAdd(f *testing.F) {
	f.Add(uint64(1), uint64(2), "v", int64(1741000000), int64(1741086400))
	f.Add(uint64(3), uint64(2), "", int64(0), int64(-1))
	f.Fuzz(func(t *testing.T, own, market uint64, id string, found, patched int64) {
		var g Governance
		errs := 0
		for _, err := range []error{
			g.AddMarketVolume(&MarketRecord{own, market}),
			g.AddVulnerability(&Vulnerability{id, fuzzTime(found), fuzzTime(patched)}),
			g.AddVulnerability(&Vulnerability{id, fuzzTime(found), time.Time{}}),
			g.AddIncident(&Incident{id, fuzzTime(found)}),
			g.AddDataStore(&DataStore{id, own%2 == 0, market%2 == 0}),
			g.AddDataStore(&DataStore{id, true, true}),
		} {
			if err != nil {
				errs++
			}
		}
		rej := g.Rejections()
		if rej.Total() != uint64(errs) {
			t.Fatalf("%d errors, %d rejected", errs, rej.Total())
		}
		for _, r := range []kpi.Ratio{g.MarketSharePercent(), g.PatchedWithin24hPercent()} {
			if r.OK() && (r.Cmp(rat(100, 1)) > 0 || r.Cmp(rat(0, 1)) < 0) {
				t.Fatalf("share %s", r)
			}
		}
	})
}
