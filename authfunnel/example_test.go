package authfunnel_test

import (
	"encoding/csv"
	"fmt"
	"os"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/authfunnel"
)

var t0 = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

func opened(id string, at time.Time, userAgent string) authfunnel.Event {
	return authfunnel.Event{ConsentID: id, Kind: authfunnel.AuthRequired, At: at,
		AuthType: authfunnel.Redirect, API: authfunnel.AIS,
		TPPChannel: authfunnel.ChannelOf(userAgent), BankChannel: authfunnel.App}
}

func step(id string, k authfunnel.Kind, at time.Time) authfunnel.Event {
	return authfunnel.Event{ConsentID: id, Kind: k, At: at}
}

// Journeys in, CBB sheet 2 rows and AF-4 rates out (Rules AF-1, AF-2,
// AF-4, RP-CBB-1). Two customers authenticate, one abandons; the close at
// the end of the day ends c3's journey, which succeeded with no
// confirmation step.
func Example() {
	ua := "okhttp/4.12.0"
	events := []authfunnel.Event{
		opened("c1", t0, ua),
		opened("c2", t0.Add(time.Minute), ua),
		step("c1", authfunnel.AuthAttempted, t0.Add(2*time.Minute)),
		step("c2", authfunnel.AuthAbandoned, t0.Add(3*time.Minute)),
		step("c1", authfunnel.AuthSucceeded, t0.Add(4*time.Minute)),
		step("c1", authfunnel.ConfirmationRequired, t0.Add(5*time.Minute)),
		step("c1", authfunnel.ConfirmationAccepted, t0.Add(6*time.Minute)),
		opened("c3", t0.Add(7*time.Minute), ua),
		step("c3", authfunnel.AuthAttempted, t0.Add(8*time.Minute)),
		step("c3", authfunnel.AuthSucceeded, t0.Add(9*time.Minute)),
	}
	f := authfunnel.NewFunnel(kpi.Calendar{}, authfunnel.Options{})
	for i := range events {
		if err := f.Add(&events[i]); err != nil {
			fmt.Println(err)
		}
	}
	f.Close(time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC), 30*time.Minute)
	w := csv.NewWriter(os.Stdout)
	rows := f.Rows("Example Bank")
	_ = w.Write(rows[0].Header()[6:])
	for _, r := range rows {
		_ = w.Write(r.Record()[6:])
	}
	w.Flush()
	r := rows[0]
	fmt.Println("success %:", r.AuthenticationSuccessPercent().Format(3))
	fmt.Println("abandonment %:", r.AbandonmentPercent().Format(3))
	fmt.Println("consent management %:", r.ConsentManagementPercent().Format(3))
	// Output:
	// Consents requiring Authentication,Authentications Attempted by users/customers,Authentications Abandoned by users/customers,Authentications Succeeded,Authentications Failed,Confirmations Required,Confirmations Accepted by user/customer,Confirmations Rejected by users/customers
	// 3,2,1,2,0,1,1,0
	// success %: 100.000
	// abandonment %: 33.333
	// consent management %: 100.000
}

// Rule AF-3: a browser is Web, an in-app browser of a social app too; an
// app's HTTP stack, an app's embedded web view, a bot or no header at all
// is App.
func ExampleChannelOf() {
	for _, ua := range []string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/456.0.0.38.108]",
		"Mozilla/5.0 (Linux; Android 13; SM-A536B; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0 Mobile Safari/537.36",
		"MyTPP/5.2 CFNetwork/1494.0.7 Darwin/23.4.0",
		"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
		"",
	} {
		fmt.Println(authfunnel.ChannelOf(ua))
	}
	// Output:
	// Web
	// Web
	// App
	// App
	// App
	// App
}

// Rule AF-2: a journey counts in the template fields only when it ends.
// Until Close ends it, an open journey shows only in the Awaiting fields.
func ExampleFunnel_Close() {
	var f authfunnel.Funnel
	for _, e := range []authfunnel.Event{
		opened("c1", t0, ""),
		step("c1", authfunnel.AuthAttempted, t0.Add(time.Minute)),
	} {
		_ = f.Add(&e)
	}
	tot := f.Totals()
	fmt.Println("before: rows", len(f.Rows("")), "required", tot.Required, "awaiting outcome", tot.AwaitingOutcome)
	// Thirty minutes after its last event, the customer has left.
	fmt.Println("closed:", f.Close(t0.Add(31*time.Minute), 30*time.Minute))
	r := f.Rows("")[0]
	fmt.Println("after: required", r.Required, "attempted", r.Attempted, "abandoned", r.Abandoned, "awaiting", r.Awaiting())
	// Output:
	// before: rows 0 required 0 awaiting outcome 1
	// closed: 1
	// after: required 1 attempted 0 abandoned 1 awaiting 0
}

// OPTION AttemptTimeoutIsFailure: an attempt with no outcome when the
// journey is closed is Abandoned by DEFAULT (2.8: attempted means "not
// abandoned"), Failed with the option.
func ExampleOptions() {
	events := []authfunnel.Event{
		opened("c1", t0, ""),
		step("c1", authfunnel.AuthAttempted, t0.Add(time.Minute)),
	}
	close := authfunnel.Closing{AsOf: t0.Add(time.Hour), Idle: 30 * time.Minute}
	for _, o := range []authfunnel.Options{{}, {AttemptTimeoutIsFailure: true}} {
		rep, _ := authfunnel.Reference(kpi.Calendar{}, o, "", events, close)
		r := rep.Rows[0]
		fmt.Printf("%+v: attempted %d abandoned %d failed %d\n", o, r.Attempted, r.Abandoned, r.Failed)
	}
	// Output:
	// {AttemptTimeoutIsFailure:false}: attempted 0 abandoned 1 failed 0
	// {AttemptTimeoutIsFailure:true}: attempted 1 abandoned 0 failed 1
}

// Re-authentication: a new AuthRequired of a consent ends its open journey
// as Close would (a confirmation left unanswered is Rejected) and starts a
// new one; a journey that already ended is left as it is.
func ExampleFunnel_reauthentication() {
	var f authfunnel.Funnel
	for _, e := range []authfunnel.Event{
		opened("c1", t0, ""),
		step("c1", authfunnel.AuthSucceeded, t0.Add(time.Minute)), // the attempt is implied
		step("c1", authfunnel.ConfirmationRequired, t0.Add(2*time.Minute)),
		opened("c1", t0.Add(10*time.Minute), ""),
		step("c1", authfunnel.AuthAttempted, t0.Add(11*time.Minute)),
		step("c1", authfunnel.AuthFailed, t0.Add(12*time.Minute)),
		opened("c1", t0.Add(20*time.Minute), ""),
		step("c1", authfunnel.AuthAbandoned, t0.Add(21*time.Minute)),
	} {
		if err := f.Add(&e); err != nil {
			fmt.Println(err)
		}
	}
	r := f.Rows("")[0]
	fmt.Println("required", r.Required, "attempted", r.Attempted, "abandoned", r.Abandoned,
		"succeeded", r.Succeeded, "failed", r.Failed, "confirmations", r.ConfirmationsRequired, "rejected", r.Rejected)
	// Output:
	// required 3 attempted 2 abandoned 1 succeeded 1 failed 1 confirmations 1 rejected 1
}

// A broken journey is an error naming the consent and the event; the
// other journeys still count (Rule AF-2).
func ExampleReference() {
	events := []authfunnel.Event{
		opened("good", t0, ""),
		step("good", authfunnel.AuthAbandoned, t0.Add(time.Minute)),
		opened("bad", t0, ""),
		step("bad", authfunnel.ConfirmationRequired, t0.Add(time.Minute)), // before any success
	}
	rep, err := authfunnel.Reference(kpi.Calendar{}, authfunnel.Options{}, "", events)
	fmt.Println(err)
	fmt.Println("required", rep.Rows[0].Required, "abandoned", rep.Rows[0].Abandoned, "broken", rep.Rows[0].Broken)
	fmt.Println("events not counted:", rep.Rejections.Total())
	// Output:
	// 1 bad event(s); event 3 (consent "bad", confirmation required at 2025-03-01T09:01:00Z): event the journey's state does not allow (journey broken)
	// required 1 abandoned 1 broken 1
	// events not counted: 2
}

// At-least-once log delivery: the exact repeat of a consent's previous
// event is ignored and counted as Duplicate; the journey goes on.
func ExampleFunnel_Add_duplicate() {
	var f authfunnel.Funnel
	attempt := step("c1", authfunnel.AuthAttempted, t0.Add(time.Minute))
	for _, e := range []authfunnel.Event{
		opened("c1", t0, ""),
		attempt,
		attempt,
		step("c1", authfunnel.AuthFailed, t0.Add(2*time.Minute)),
	} {
		if err := f.Add(&e); err != nil {
			fmt.Println(err)
		}
	}
	r := f.Rows("")[0]
	fmt.Println("attempted", r.Attempted, "failed", r.Failed, "duplicates", f.Rejections()[authfunnel.Duplicate])
	// Output:
	// duplicate of the consent's previous event (ignored)
	// attempted 1 failed 1 duplicates 1
}

// CBB 2.6: the bank channel may be unknown when authentication is
// required; the first later event that carries it fills it in. A journey
// that ends without one is not counted (NoBankChannel).
func ExampleEvent_bankChannel() {
	var f authfunnel.Funnel
	web := authfunnel.Event{ConsentID: "c1", Kind: authfunnel.AuthAttempted, At: t0.Add(time.Minute), BankChannel: authfunnel.Web}
	for _, e := range []authfunnel.Event{
		{ConsentID: "c1", Kind: authfunnel.AuthRequired, At: t0, AuthType: authfunnel.Decoupled, API: authfunnel.PIS, TPPChannel: authfunnel.App},
		web,
		step("c1", authfunnel.AuthFailed, t0.Add(2*time.Minute)),
		{ConsentID: "c2", Kind: authfunnel.AuthRequired, At: t0, AuthType: authfunnel.Decoupled, API: authfunnel.PIS, TPPChannel: authfunnel.App},
		step("c2", authfunnel.AuthAbandoned, t0.Add(time.Minute)),
	} {
		if err := f.Add(&e); err != nil {
			fmt.Println(e.ConsentID, err)
		}
	}
	r := f.Rows("")[0]
	fmt.Println(r.BankChannel, "required", r.Required, "failed", r.Failed, "broken in totals", f.Totals().Broken)
	// Output:
	// c2 journey ended with no bank channel (journey broken)
	// Web required 1 failed 1 broken in totals 1
}

// A journey opened before midnight on one machine and concluded after
// midnight on another counts once, in full, on the day it started.
func ExampleFunnel_Merge() {
	late := time.Date(2025, 3, 1, 23, 59, 0, 0, time.UTC)
	var before, after authfunnel.Funnel
	e1, e2 := opened("c1", late, ""), step("c1", authfunnel.AuthAttempted, late.Add(30*time.Second))
	e3 := step("c1", authfunnel.AuthFailed, late.Add(2*time.Minute))
	_ = before.Add(&e1)
	_ = before.Add(&e2)
	fmt.Println("alone:", after.Add(&e3)) // provisional
	after.Merge(&before)
	r := after.Rows("")[0]
	fmt.Println(r.ReportDate, "required", r.Required, "attempted", r.Attempted, "failed", r.Failed, "not counted", after.Rejections().Total())
	// Output:
	// alone: event before the journey started or after it ended
	// 2025-03-01 required 1 attempted 1 failed 1 not counted 0
}

// Close then Settle bounds memory: the Funnel forgets every consent with
// no open journey and keeps the results; a journey crossing midnight is
// kept until it ends.
func ExampleFunnel_Settle() {
	var f authfunnel.Funnel
	for _, e := range []authfunnel.Event{
		opened("c1", t0, ""),
		step("c1", authfunnel.AuthAbandoned, t0.Add(time.Minute)),
		opened("c2", t0.Add(14*time.Hour+58*time.Minute), ""), // 23:58
	} {
		_ = f.Add(&e)
	}
	midnight := time.Date(2025, 3, 2, 0, 0, 0, 0, time.UTC)
	f.Close(midnight, 30*time.Minute)
	f.Settle()
	fmt.Println("remembered:", f.Consents(), "required:", f.Totals().Required, "open:", f.Totals().Awaiting())
	// Output:
	// remembered: 1 required: 1 open: 1
}
