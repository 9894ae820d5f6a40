package authfunnel

import (
	"math"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
)

// The worked timelines of Rules AF-1, AF-2 and AF-4 are data: see
// testdata/ and scenario_test.go. This file holds the checks that are not
// event timelines.

var day1 = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)

func at(base time.Time, d string) time.Time {
	x, err := time.ParseDuration(d)
	if err != nil {
		panic(err)
	}
	return base.Add(x)
}

// opens returns an AuthRequired event with the given combination.
func opens(id string, t time.Time, a AuthType, api API, tpp, bank Channel) Event {
	return Event{ConsentID: id, Kind: AuthRequired, At: t, AuthType: a, API: api, TPPChannel: tpp, BankChannel: bank}
}

func step(id string, k Kind, t time.Time) Event { return Event{ConsentID: id, Kind: k, At: t} }

// Rule AF-2: Counts.Check names the relation that fails, and its sums do
// not wrap around.
func TestCheckNamesTheBrokenRelation(t *testing.T) {
	require.NoError(t, Counts{}.Check())
	require.NoError(t, Counts{Required: 3, Attempted: 2, Abandoned: 1, Succeeded: 2, ConfirmationsRequired: 2, Accepted: 1}.Check())
	require.ErrorContains(t, Counts{Required: 2, Attempted: 1}.Check(), "required 2 != attempted 1 + abandoned 0")
	require.ErrorContains(t, Counts{Required: 1, Attempted: 1}.Check(), "attempted 1 != succeeded 0 + failed 0")
	require.ErrorContains(t, Counts{Required: 1, Attempted: 1, Succeeded: 1, ConfirmationsRequired: 1, Accepted: 1, Rejected: 1}.Check(),
		"accepted 1 + rejected 1 > confirmations required 1")
	require.ErrorContains(t, Counts{ConfirmationsRequired: 1, Accepted: 1}.Check(), "confirmations required 1 > succeeded 0")
	// 2^64 - 1 + 1 wraps to 0 in uint64: Check must not take it for 0.
	require.Error(t, Counts{Required: 0, Attempted: math.MaxUint64, Abandoned: 1}.Check())
	// Awaiting and Broken are outside the template relations.
	require.NoError(t, Counts{AwaitingAttempt: 5, AwaitingOutcome: 1, AwaitingEnd: 2, AwaitingConfirmation: 3, Broken: 4}.Check())
}

// Rule AF-4 on counts from elsewhere: the rates never wrap around. An
// earlier version computed Required − Awaiting, which wrapped when Awaiting > Required.
func TestRatesDoNotWrap(t *testing.T) {
	// Open journeys are in no rate: Awaiting > Required changes nothing.
	c := Counts{Required: 1, Attempted: 1, Succeeded: 1, AwaitingAttempt: 5}
	require.Equal(t, "100.000", c.ConsentManagementPercent().Format(3))
	// Required + Broken past 2^64: 100 × (2^64 − 1) / (2^64 − 1 + 2) =
	// 99.99999999999999998916...: below 100, rounds to 100.000.
	c = Counts{Required: math.MaxUint64, Broken: 2}
	r := c.ConsentManagementPercent()
	require.Equal(t, -1, r.Cmp(kpi.RatioOfInt(100)))
	require.Equal(t, "100.000", r.Format(3))
	require.Equal(t, "0.000", Counts{Broken: 1}.ConsentManagementPercent().Format(3))
	require.False(t, Counts{}.ConsentManagementPercent().OK())
	require.False(t, Counts{}.AuthenticationSuccessPercent().OK())
	require.False(t, Counts{}.AbandonmentPercent().OK())
}

// Rule RP-CBB-1: the template's columns, in the order of Record.
func TestRecordAndHeader(t *testing.T) {
	r := CBBAuthenticationRow{ReportDate: kpi.DateOf(2025, 3, 1), EntityName: "Bank", AuthenticationType: Decoupled, APIType: PIS,
		TPPChannel: Web, BankChannel: App,
		Counts: Counts{Required: 5, Attempted: 4, Abandoned: 1, Succeeded: 3, Failed: 1, ConfirmationsRequired: 2, Accepted: 1, Rejected: 1, Broken: 7}}
	require.Equal(t, []string{"2025-03-01", "Bank", "Decoupled", "PIS", "Web", "App", "5", "4", "1", "3", "1", "2", "1", "1"}, r.Record())
	require.Len(t, r.Header(), len(r.Record()))
	require.Equal(t, "Consents requiring Authentication", r.Header()[6])
	require.Equal(t, "Confirmations Rejected by users/customers", r.Header()[13])
}

// Rule AF-2: a JourneyError names the consent, the event and the reason,
// and errors.Is finds the Reason through the InputError.
func TestJourneyErrorNamesConsentAndEvent(t *testing.T) {
	events := []Event{
		opens("x", at(day1, "9h"), Redirect, AIS, Web, Web),
		step("x", ConfirmationAccepted, at(day1, "9h1m")),
	}
	_, err := Reference(kpi.Calendar{}, Options{}, "", events)
	require.ErrorIs(t, err, Unexpected)
	require.EqualError(t, err, `1 bad event(s); event 1 (consent "x", confirmation accepted at 2025-03-01T09:01:00Z): event the journey's state does not allow (journey broken)`)
}

// Rule AF-1 days: a Funnel's and Reference's calendar decide the day of
// a journey's AuthRequired. 22:30 UTC on 1 March is 01:30 on 2 March in
// UTC+3.
func TestJourneyDayIsLocalDayOfRequired(t *testing.T) {
	e := []Event{
		opens("a", at(day1, "22h30m"), Redirect, PIS, App, Web),
		step("a", AuthAbandoned, at(day1, "22h40m")),
	}
	for _, tc := range []struct {
		cal  kpi.Calendar
		want kpi.Date
	}{
		{kpi.Calendar{}, kpi.DateOf(2025, 3, 1)},
		{kpi.NewCalendar(time.FixedZone("UTC+3", 3*3600)), kpi.DateOf(2025, 3, 2)},
	} {
		f := NewFunnel(tc.cal, Options{})
		for i := range e {
			require.NoError(t, f.Add(&e[i]))
		}
		rows := f.Rows("")
		require.Len(t, rows, 1)
		require.Equal(t, tc.want, rows[0].ReportDate)
		ref, err := Reference(tc.cal, Options{}, "", e)
		require.NoError(t, err)
		require.Equal(t, rows, ref.Rows)
	}
}

// Settle forgets only consents with no open journey and keeps every
// result (an earlier version broke journeys crossing midnight).
func TestSettleKeepsOpenJourneys(t *testing.T) {
	var f Funnel
	for _, e := range []Event{
		opens("done", at(day1, "9h"), Redirect, AIS, Web, Web),
		step("done", AuthAbandoned, at(day1, "9h1m")),
		opens("late", at(day1, "23h58m"), Redirect, AIS, Web, Web),
		step("late", AuthAttempted, at(day1, "23h59m")),
	} {
		_ = f.Add(&e)
	}
	before := f.Report("B")
	f.Settle()
	require.Equal(t, 1, f.Consents(), "only the open journey is remembered")
	require.Equal(t, before, f.Report("B"))
	// After midnight the journey goes on and ends on its own day.
	e := step("late", AuthSucceeded, at(day1, "24h1m"))
	require.NoError(t, f.Add(&e))
	require.Equal(t, 1, f.Close(at(day1, "25h"), 30*time.Minute))
	f.Settle()
	require.Zero(t, f.Consents())
	// required 2 = attempted 1 + abandoned 1; attempted 1 = succeeded 1 + 0.
	require.Equal(t, Counts{Required: 2, Attempted: 1, Abandoned: 1, Succeeded: 1}, f.Totals())
	require.Equal(t, kpi.DateOf(2025, 3, 1), f.Rows("")[0].ReportDate)
}

// f.Merge(f) merges a copy: after Close and Settle every row doubles;
// with consents remembered it equals merging an independent copy.
func TestSelfMerge(t *testing.T) {
	var f Funnel
	for _, e := range []Event{
		opens("a", at(day1, "9h"), Redirect, AIS, Web, Web),
		step("a", AuthAttempted, at(day1, "9h1m")),
		step("a", AuthFailed, at(day1, "9h2m")),
		opens("b", at(day1, "9h"), Redirect, AIS, Web, Web),
		{ConsentID: "c", Kind: 42, At: day1},
	} {
		_ = f.Add(&e)
	}
	g := f.clone()
	cp := f.clone()
	g.Merge(&cp)
	f.Merge(&f)
	require.Equal(t, snapshot(&g), snapshot(&f), "f.Merge(f) == f.Merge(copy of f)")

	f.Reset()
	for _, e := range []Event{
		opens("a", at(day1, "9h"), Redirect, AIS, Web, Web),
		step("a", AuthAttempted, at(day1, "9h1m")),
		opens("b", at(day1, "9h"), Redirect, AIS, Web, Web),
		{ConsentID: "c", Kind: 42, At: day1},
	} {
		_ = f.Add(&e)
	}
	f.Close(at(day1, "10h"), 0)
	f.Settle()
	one := f.Report("")
	f.Merge(&f)
	two := f.Report("")
	require.Len(t, two.Rows, 1)
	// a and b abandoned at the close: required 2, abandoned 2; doubled: 4, 4.
	require.Equal(t, Counts{Required: 2, Abandoned: 2}, one.Rows[0].Counts)
	require.Equal(t, Counts{Required: 4, Abandoned: 4}, two.Rows[0].Counts)
	require.Equal(t, uint64(2), two.Rejections[UnknownKind])
}
