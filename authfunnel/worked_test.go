package authfunnel

import (
	"errors"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
)

var (
	day1 = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	day2 = day1.Add(24 * time.Hour)
)

func at(base time.Time, hhmmss string) time.Time {
	d, err := time.ParseDuration(hhmmss)
	if err != nil {
		panic(err)
	}
	return base.Add(d)
}

// opens returns an AuthRequired event with the given combination.
func opens(id string, t time.Time, a AuthType, api API, tpp, bank Channel) Event {
	return Event{ConsentID: id, Kind: AuthRequired, At: t, AuthType: a, API: api, TPPChannel: tpp, BankChannel: bank}
}

func ev(id string, k Kind, t time.Time) Event { return Event{ConsentID: id, Kind: k, At: t} }

// The worked timeline of Rules AF-1, AF-2, AF-4 and RP-CBB-1, with the
// error each Add must return. Every expected figure below is derived by
// hand in the comments of TestWorkedTimeline.
var timeline = []struct {
	e    Event
	want error
}{
	// c1: the full path with a confirmation accepted.
	{opens("c1", at(day1, "9h"), Redirect, AIS, Web, Web), nil},
	{ev("c1", AuthAttempted, at(day1, "9h1m")), nil},
	{ev("c1", AuthSucceeded, at(day1, "9h2m")), nil},
	{ev("c1", ConfirmationRequired, at(day1, "9h3m")), nil},
	{ev("c1", ConfirmationAccepted, at(day1, "9h4m")), nil},
	// c2: abandoned.
	{opens("c2", at(day1, "10h"), Redirect, AIS, Web, Web), nil},
	{ev("c2", AuthAbandoned, at(day1, "10h5m")), nil},
	// c3: failed.
	{opens("c3", at(day1, "11h"), Redirect, AIS, Web, Web), nil},
	{ev("c3", AuthAttempted, at(day1, "11h1m")), nil},
	{ev("c3", AuthFailed, at(day1, "11h2m")), nil},
	// c4: succeeded with no confirmation, then re-authenticated the next
	// day: a second journey of the same consent, confirmation rejected.
	{opens("c4", at(day1, "12h"), Redirect, AIS, Web, Web), nil},
	{ev("c4", AuthAttempted, at(day1, "12h1m")), nil},
	{ev("c4", AuthSucceeded, at(day1, "12h2m")), nil},
	{opens("c4", at(day2, "8h"), Redirect, AIS, Web, Web), nil},
	{ev("c4", AuthAttempted, at(day2, "8h1m")), nil},
	{ev("c4", AuthSucceeded, at(day2, "8h2m")), nil},
	{ev("c4", ConfirmationRequired, at(day2, "8h3m")), nil},
	{ev("c4", ConfirmationRejected, at(day2, "8h4m")), nil},
	// c5: opened at 23:59 on day 1, finished after midnight: counts on day 1.
	{opens("c5", at(day1, "23h59m"), Redirect, AIS, Web, Web), nil},
	{ev("c5", AuthAttempted, at(day2, "30s")), nil},
	{ev("c5", AuthSucceeded, at(day2, "1m")), nil},
	// c6: success without an attempt: Unexpected, the journey is broken.
	{opens("c6", at(day1, "13h"), Redirect, AIS, Web, Web), nil},
	{ev("c6", AuthSucceeded, at(day1, "13h1m")), Unexpected},
	// c7: an attempt with no journey.
	{ev("c7", AuthAttempted, at(day1, "14h")), NoJourney},
	// c8: required again while attempted: Interrupted, the new one waits.
	{opens("c8", at(day1, "15h"), Decoupled, PIS, App, App), nil},
	{ev("c8", AuthAttempted, at(day1, "15h1m")), nil},
	{opens("c8", at(day1, "15h2m"), Decoupled, PIS, App, App), Interrupted},
	// bad input.
	{Event{ConsentID: "c9", Kind: 42, At: at(day1, "16h")}, UnknownKind},
	{Event{ConsentID: "c9", Kind: AuthRequired, At: at(day1, "16h"), AuthType: Redirect, API: AIS, TPPChannel: Web}, BadDimension},
	{Event{Kind: AuthAttempted, At: at(day1, "16h")}, EmptyConsent},
	{Event{ConsentID: "c9", Kind: AuthAttempted}, ZeroAt},
}

func TestWorkedTimeline(t *testing.T) { // Rules AF-1, AF-2, AF-4, RP-CBB-1
	var f Funnel
	events := make([]Event, len(timeline))
	for i, s := range timeline {
		events[i] = s.e
		err := f.Add(&s.e)
		if s.want == nil {
			require.NoError(t, err, "step %d: %s of %s", i, s.e.Kind, s.e.ConsentID)
		} else {
			require.ErrorIs(t, err, s.want, "step %d: %s of %s", i, s.e.Kind, s.e.ConsentID)
		}
	}

	// Day 1, Redirection/AIS/Web/Web: journeys c1 (accepted), c2
	// (abandoned), c3 (failed), c4's first (succeeded, no confirmation),
	// c5 (succeeded after midnight, counted on its start day); c6 broken.
	//   required  = c1 c2 c3 c4 c5      = 5
	//   attempted = c1 c3 c4 c5         = 4   (5 = 4 + 1 abandoned)
	//   succeeded = c1 c4 c5            = 3   (4 = 3 + 1 failed)
	//   confirmations = c1 = 1, accepted 1, rejected 0 (1 = 1 + 0 <= 3)
	// Day 1, Decoupled/PIS/App/App: c8's first journey broken, its second
	// waits for the customer: required 1, awaiting attempt 1, broken 1.
	// Day 2, Redirection/AIS/Web/Web: c4's re-authentication: required,
	// attempted, succeeded, confirmation required, rejected: 1 each.
	d1, d2 := kpi.DateOf(2025, 3, 1), kpi.DateOf(2025, 3, 2)
	want := []CBBAuthenticationRow{
		{ReportDate: d1, EntityName: "Bank", AuthenticationType: Redirect, APIType: AIS, TPPChannel: Web, BankChannel: Web,
			Counts: Counts{Required: 5, Attempted: 4, Abandoned: 1, Succeeded: 3, Failed: 1, ConfirmationsRequired: 1, Accepted: 1, Broken: 1}},
		{ReportDate: d1, EntityName: "Bank", AuthenticationType: Decoupled, APIType: PIS, TPPChannel: App, BankChannel: App,
			Counts: Counts{Required: 1, AwaitingAttempt: 1, Broken: 1}},
		{ReportDate: d2, EntityName: "Bank", AuthenticationType: Redirect, APIType: AIS, TPPChannel: Web, BankChannel: Web,
			Counts: Counts{Required: 1, Attempted: 1, Succeeded: 1, ConfirmationsRequired: 1, Rejected: 1}},
	}
	require.Equal(t, want, f.Rows("Bank"))
	for _, r := range want {
		require.NoError(t, r.Check())
	}

	// Rejected events: c6's two (Unexpected), c7's one (NoJourney), c8's
	// first journey's two (Interrupted), and one of each bad input.
	var rej Rejections
	rej[Unexpected], rej[NoJourney], rej[Interrupted] = 2, 1, 2
	rej[UnknownKind], rej[BadDimension], rej[EmptyConsent], rej[ZeroAt] = 1, 1, 1, 1
	require.Equal(t, rej, f.Rejected())
	// 31 events = counted (day 1: 5+4+1+3+1+1+1+0 = 16, PIS row 1, day 2: 5) + rejected 9.
	require.Len(t, timeline, 16+1+5+9)

	// Rule AF-4 on day 1's first row: success 3/4 = 75 %; abandonment
	// 1/5 = 20 %; consent management (5 - 0) / (5 + 1) = 83.333... %.
	r := want[0]
	require.Equal(t, "75.000", r.AuthenticationSuccessPercent().Format(3))
	require.Equal(t, "20.000", r.AbandonmentPercent().Format(3))
	require.Equal(t, "83.333", r.ConsentManagementPercent().Format(3))
	// The PIS row: nothing attempted: no data; consent management
	// (1 - 1) / (1 + 1) = 0 %.
	require.False(t, want[1].AuthenticationSuccessPercent().OK())
	require.Equal(t, "0.000", want[1].ConsentManagementPercent().Format(3))

	// Totals over everything: required 7, attempted 5, succeeded 4,
	// failed 1, abandoned 1; success 4/5 = 80 %.
	tot := f.Totals()
	require.Equal(t, uint64(7), tot.Required)
	require.Equal(t, "80.000", tot.AuthenticationSuccessPercent().Format(3))
	require.Equal(t, tot, Total(want))

	// RP-CBB-1: the template's columns for day 1's first row.
	require.Equal(t, []string{"2025-03-01", "Bank", "Redirection", "AIS", "Web", "Web", "5", "4", "1", "3", "1", "1", "1", "0"}, r.Record())
	require.Len(t, r.Header(), len(r.Record()))
	require.Equal(t, "Consents requiring Authentication", r.Header()[6])

	// The reference gives the same rows and names each bad event.
	rows, refRej, err := Reference(kpi.Calendar{}, "Bank", events)
	require.Equal(t, want, rows)
	require.Equal(t, rej, refRej)
	var ie *InputError
	require.ErrorAs(t, err, &ie)
	require.Len(t, ie.Events, 7)
	require.Equal(t, &JourneyError{Index: 22, ConsentID: "c6", Kind: AuthSucceeded, At: at(day1, "13h1m"), Reason: Unexpected, Dropped: 2}, ie.Events[0])
	require.Equal(t, &JourneyError{Index: 23, ConsentID: "c7", Kind: AuthAttempted, At: at(day1, "14h"), Reason: NoJourney, Dropped: 1}, ie.Events[1])
	require.Equal(t, &JourneyError{Index: 26, ConsentID: "c8", Kind: AuthRequired, At: at(day1, "15h2m"), Reason: Interrupted, Dropped: 2}, ie.Events[2])
	require.True(t, errors.Is(err, Interrupted))
	require.Contains(t, err.Error(), `consent "c6"`)
}

// Rule AF-1 days: a journey counts on the local day of its AuthRequired.
// 22:30 UTC on 1 March is 01:30 on 2 March in UTC+3.
func TestJourneyDayIsLocalDayOfRequired(t *testing.T) {
	e := []Event{
		opens("a", at(day1, "22h30m"), Redirect, PIS, App, Web),
		ev("a", AuthAbandoned, at(day1, "22h40m")),
	}
	for _, tc := range []struct {
		cal  kpi.Calendar
		want kpi.Date
	}{
		{kpi.Calendar{}, kpi.DateOf(2025, 3, 1)},
		{kpi.NewCalendar(time.FixedZone("UTC+3", 3*3600)), kpi.DateOf(2025, 3, 2)},
	} {
		f := NewFunnel(tc.cal)
		for i := range e {
			require.NoError(t, f.Add(&e[i]))
		}
		rows := f.Rows("")
		require.Len(t, rows, 1)
		require.Equal(t, tc.want, rows[0].ReportDate)
		ref, _, err := Reference(tc.cal, "", e)
		require.NoError(t, err)
		require.Equal(t, rows, ref)
	}
}

// Rule AF-2 across a split: the journey opened on machine A (required,
// attempted) and concluded on machine B (succeeded, confirmation
// required, accepted) counts once, in full, whichever way they merge;
// B alone sees three events with no journey.
func TestJourneyAcrossSplit(t *testing.T) {
	a, b := NewFunnel(kpi.Calendar{}), NewFunnel(kpi.Calendar{})
	for _, e := range []Event{opens("x", at(day1, "23h58m"), Redirect, AIS, App, App), ev("x", AuthAttempted, at(day1, "23h59m"))} {
		require.NoError(t, a.Add(&e))
	}
	for _, e := range []Event{ev("x", AuthSucceeded, at(day2, "1m")), ev("x", ConfirmationRequired, at(day2, "2m")), ev("x", ConfirmationAccepted, at(day2, "3m"))} {
		require.ErrorIs(t, b.Add(&e), NoJourney) // provisional
	}
	var alone Rejections
	alone[NoJourney] = 3
	require.Equal(t, alone, b.Rejected())

	full := Counts{Required: 1, Attempted: 1, Succeeded: 1, ConfirmationsRequired: 1, Accepted: 1}
	ab, ba := a.clone(), b.clone()
	ab.Merge(&b)
	ba.Merge(&a)
	for _, m := range []*Funnel{&ab, &ba} {
		require.Equal(t, full, m.Totals())
		require.Equal(t, Rejections{}, m.Rejected())
		require.Equal(t, kpi.DateOf(2025, 3, 1), m.Rows("")[0].ReportDate)
	}
}

// Rule AF-2: a later run that starts with AuthRequired interrupts the
// journey an earlier run left open, exactly as one Funnel would.
func TestInterruptAcrossSplit(t *testing.T) {
	a, b := NewFunnel(kpi.Calendar{}), NewFunnel(kpi.Calendar{})
	e1 := opens("x", at(day1, "1h"), Redirect, AIS, App, App)
	e2 := ev("x", AuthAttempted, at(day1, "2h"))
	e3 := opens("x", at(day1, "3h"), Redirect, AIS, App, App)
	require.NoError(t, a.Add(&e1))
	require.NoError(t, a.Add(&e2))
	require.NoError(t, b.Add(&e3)) // b cannot know yet
	a.Merge(&b)
	var rej Rejections
	rej[Interrupted] = 2
	require.Equal(t, rej, a.Rejected())
	require.Equal(t, Counts{Required: 1, AwaitingAttempt: 1, Broken: 1}, a.Totals())
}

// Settle keeps every result and forgets the consents.
func TestSettleKeepsResults(t *testing.T) {
	var f Funnel
	for i := range timeline {
		_ = f.Add(&timeline[i].e)
	}
	rows, rej := f.Rows("B"), f.Rejected()
	require.NotZero(t, f.Consents())
	f.Settle()
	require.Zero(t, f.Consents())
	require.Equal(t, rows, f.Rows("B"))
	require.Equal(t, rej, f.Rejected())
}

// Counts.Check names the AF-2 relation that fails.
func TestCheckNamesTheBrokenRelation(t *testing.T) {
	require.NoError(t, Counts{}.Check())
	require.ErrorContains(t, Counts{Required: 2, Attempted: 1}.Check(), "required 2 != attempted 1")
	require.ErrorContains(t, Counts{Required: 1, Attempted: 1, Succeeded: 0}.Check(), "attempted 1 != succeeded 0")
	require.ErrorContains(t, Counts{ConfirmationsRequired: 1}.Check(), "confirmations required 1 != accepted 0")
	require.ErrorContains(t, Counts{ConfirmationsRequired: 1, Accepted: 1}.Check(), "confirmations required 1 > succeeded 0")
}
