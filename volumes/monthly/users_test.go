package monthly

import (
	"errors"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func ue(id string, seg CustomerSegment, svc Service, kind UserEventKind, at time.Time) UserEvent {
	return UserEvent{UserID: id, Segment: seg, Service: svc, Kind: kind, At: at}
}

// Rule VO-USER-1 OPTION UserOptions.BothFirstTimeIsBothNew on the worked
// example of testdata/VO-USER-1.json (see its "why"): one month's Users
// read both ways. Retail both first time: DEFAULT alice and frank (frank
// had used AIS, not PIS, so this is his first month with both) = 2;
// OPTION alice only (frank is not a first-time AIS user) = 1.
func TestVOUSER1OptionBothFirstTime(t *testing.T) {
	c := userCaseNamed(t, "VO-USER-1/march-2025-bahrain")
	var u Users
	routeUsers(&u, c.cal, c.month, c.events)
	require.Equal(t, uint64(2), u.Volumes(c.history, UserOptions{}).Retail.BothFirstTime)
	require.Equal(t, uint64(1), u.Volumes(c.history, UserOptions{BothFirstTimeIsBothNew: true}).Retail.BothFirstTime)
	want, _ := ReferenceUsers(c.events, c.cal, c.month, c.history, UserOptions{BothFirstTimeIsBothNew: true})
	require.Equal(t, uint64(1), want.Retail.BothFirstTime)
}

// Rule VO-USER-1: Absorb rolls March into the history of April, segment
// by segment. alice gave her first AIS consent in March (Retail): her new
// consent in April is not a first time. kim used AIS in March as a
// Business user only: in April she is new to AIS in Retail, not in
// Business. Absorb(nil) adds nothing.
func TestVOUSER1Absorb(t *testing.T) {
	c := userCaseNamed(t, "VO-USER-1/march-2025-bahrain")
	var march Users
	routeUsers(&march, c.cal, c.month, c.events)
	e := ue("kim", Business, AIS, Accessed, mar(20, 9, 0))
	require.NoError(t, march.Add(&e))
	h := c.history
	h.Absorb(&march)
	h.Absorb(nil) // the zero Users: nothing
	var april Users
	for _, e := range []UserEvent{
		ue("alice", Retail, AIS, NewAuthorisation, time.Date(2025, 4, 2, 0, 0, 0, 0, time.UTC)),
		ue("kim", Retail, AIS, NewAuthorisation, time.Date(2025, 4, 2, 0, 0, 0, 0, time.UTC)),
		ue("kim", Business, AIS, NewAuthorisation, time.Date(2025, 4, 2, 0, 0, 0, 0, time.UTC)),
	} {
		require.NoError(t, april.Add(&e))
	}
	// Retail: alice seen (March), kim not seen in Retail: first 1 of 2.
	// Business: kim seen (March): first 0 of 1.
	got := april.Volumes(h, UserOptions{})
	require.Equal(t, UserVolumes{AISFirstTime: 1, AISTotal: 2}, got.Retail)
	require.Equal(t, UserVolumes{AISTotal: 1}, got.Business)
	require.True(t, h.Seen(Business, AIS, "kim"))
	require.False(t, h.Seen(Retail, AIS, "kim"))
	require.False(t, h.Seen(0, AIS, "kim"), "unknown segment")
	var none *UserHistory
	require.False(t, none.Seen(Retail, AIS, "alice"))
}

// Rule VO-USER-1: PIS events other than an authorisation are accepted: a
// payment under an existing consent (Accessed) and a re-authentication
// count the user in the PIS total, not as a first time.
func TestVOUSER1PISKinds(t *testing.T) {
	var u Users
	for _, e := range []UserEvent{
		ue("p", Retail, PIS, Accessed, mar(2, 0, 0)),
		ue("q", Retail, PIS, Reauthenticated, mar(2, 0, 0)),
		ue("r", Retail, PIS, NewAuthorisation, mar(2, 0, 0)),
	} {
		require.NoError(t, u.Add(&e))
	}
	require.Equal(t, UserVolumes{PISFirstTime: 1, PISTotal: 3}, u.Volumes(nil, UserOptions{}).Retail)
}

// Rule VO-USER-1 and kpi's BAD INPUT: every reason of CheckUserEvent.
func TestVOUSER1BadEvents(t *testing.T) {
	good := ue("u", Retail, AIS, Accessed, mar(1, 0, 0))
	cases := []struct {
		name string
		edit func(*UserEvent)
		want Reason
	}{
		{"empty id", func(e *UserEvent) { e.UserID = "" }, EmptyID},
		{"zero instant", func(e *UserEvent) { e.At = time.Time{} }, ZeroInstant},
		{"segment", func(e *UserEvent) { e.Segment = 3 }, UnknownSegment},
		{"service", func(e *UserEvent) { e.Service = 0 }, UnknownService},
		{"kind", func(e *UserEvent) { e.Kind = 9 }, UnknownEvent},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := good
			c.edit(&e)
			var u Users
			err := u.Add(&e)
			require.True(t, errors.Is(err, c.want), "got %v", err)
			require.Equal(t, UserMonth{}, u.Volumes(nil, UserOptions{}))
			rej := u.Rejections()
			require.Equal(t, uint64(1), rej[c.want])
		})
	}
	var u Users
	require.ErrorIs(t, u.Add(nil), EmptyID)
}

var genUserEvent = rapid.Custom(func(t *rapid.T) UserEvent {
	return UserEvent{
		UserID:  genID(t, "user", "u"),
		Segment: CustomerSegment(rapid.IntRange(0, 2).Draw(t, "segment")),
		Service: Service(rapid.IntRange(0, 4).Draw(t, "service")),
		Kind:    UserEventKind(rapid.IntRange(0, 3).Draw(t, "kind")),
		At:      genInstant(t, "at"),
	}
})

var genHistory = rapid.Custom(func(t *rapid.T) *UserHistory {
	h := &UserHistory{}
	for i := rapid.IntRange(0, 20).Draw(t, "n"); i > 0; i-- {
		h.Add(CustomerSegment(rapid.IntRange(1, 2).Draw(t, "seg")), Service(rapid.IntRange(1, 4).Draw(t, "svc")), genID(t, "id", "u"))
	}
	return h
})

// genCalendar is UTC or the bank's zone, Bahrain (UTC+3), where
// genInstant's edges around 00:00Z fall at 03:00 local and the local
// month edges (21:00Z) fall inside genInstant's range.
func genCalendar(t *rapid.T) kpi.Calendar {
	if rapid.Bool().Draw(t, "bahrain") {
		return kpi.NewCalendar(time.FixedZone("UTC+3", 3*3600))
	}
	return kpi.Calendar{}
}

func inMonth(cal kpi.Calendar, p kpi.Period, at time.Time) bool {
	return !at.IsZero() && p.Contains(cal.DateOf(at))
}

// Rule VO-USER-1: a Users fed March's events (March of UTC or of
// Bahrain) equals ReferenceUsers on any input, history and options, under
// any split and merge order; its figures keep the invariants; bad events
// are rejected exactly as CheckUserEvent says.
func TestPropUsersEqualReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		events := rapid.SliceOfN(genUserEvent, 0, 60).Draw(t, "events")
		h := genHistory.Draw(t, "history")
		cal := genCalendar(t)
		opts := UserOptions{BothFirstTimeIsBothNew: rapid.Bool().Draw(t, "bothNew")}
		want, err := ReferenceUsers(events, cal, march, h, opts)
		var bad int
		var routed []UserEvent
		for _, e := range events {
			if CheckUserEvent(&e) != OK {
				bad++
				routed = append(routed, e) // bad input reaches Add and is refused
			} else if inMonth(cal, march, e.At) {
				routed = append(routed, e)
			}
		}
		u := splitMergeRecords(t, routed, func(u *Users, e UserEvent) { _ = u.Add(&e) })
		require.Equal(t, want, u.Volumes(h, opts))
		rej := u.Rejections()
		require.Equal(t, uint64(bad), rej.Total())
		require.Equal(t, bad > 0, err != nil)
		for _, v := range []UserVolumes{want.Retail, want.Business} {
			require.LessOrEqual(t, v.AISFirstTime, v.AISTotal)
			require.LessOrEqual(t, v.PISFirstTime, v.PISTotal)
			require.LessOrEqual(t, v.BothTotal, min(v.AISTotal, v.PISTotal))
			require.LessOrEqual(t, v.BothFirstTime, v.BothTotal)
			require.LessOrEqual(t, v.OnlineNew, v.OnlineTotal)
			require.LessOrEqual(t, v.MobileNew, v.MobileTotal)
		}
		checkLaws(t, func(part int) *Users {
			var x Users
			for _, e := range partOf(routed, 3, part) {
				_ = x.Add(&e)
			}
			return &x
		})
	})
}

// Adding a user already in the sets, merging a state whose users are all
// known, and Reset do not allocate.
func TestUsersAllocs(t *testing.T) {
	events := userCaseNamed(t, "VO-USER-1/march-2025-bahrain").events
	var u, o Users
	for i := range events {
		_ = u.Add(&events[i])
		_ = o.Add(&events[i])
	}
	e := events[0]
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = u.Add(&e) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { u.Merge(&o) }))
	require.Zero(t, testing.AllocsPerRun(100, func() { u.Reset() }))
}
