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

// Journeys in, CBB sheet 2 rows and AF-4 rates out (Rules AF-1, AF-4,
// RP-CBB-1). Two customers authenticate, one abandons.
func Example() {
	ua := "okhttp/4.12.0"
	events := []authfunnel.Event{
		opened("c1", t0, ua),
		opened("c2", t0.Add(time.Minute), ua),
		step("c1", authfunnel.AuthAttempted, t0.Add(2*time.Minute)),
		step("c2", authfunnel.AuthAbandoned, t0.Add(3*time.Minute)),
		step("c1", authfunnel.AuthSucceeded, t0.Add(4*time.Minute)),
		opened("c3", t0.Add(5*time.Minute), ua),
		step("c3", authfunnel.AuthAttempted, t0.Add(6*time.Minute)),
		step("c3", authfunnel.AuthSucceeded, t0.Add(7*time.Minute)),
	}
	f := authfunnel.NewFunnel(kpi.Calendar{})
	for i := range events {
		if err := f.Add(&events[i]); err != nil {
			fmt.Println(err)
		}
	}
	w := csv.NewWriter(os.Stdout)
	rows := f.Rows("Example Bank")
	_ = w.Write(rows[0].Header()[:8])
	for _, r := range rows {
		_ = w.Write(r.Record()[:8])
	}
	w.Flush()
	r := rows[0]
	fmt.Println("success %:", r.AuthenticationSuccessPercent().Format(3))
	fmt.Println("abandonment %:", r.AbandonmentPercent().Format(3))
	fmt.Println("consent management %:", r.ConsentManagementPercent().Format(3))
	// Output:
	// ReportDate,Entity Name,Authentication Type,API Type,API Request AISP / PISP Channel,ASPSP Authentication Channel,Consents requiring Authentication,Authentications Attempted by users/customers
	// 2025-03-01,Example Bank,Redirection,AIS,App,App,3,2
	// success %: 100.000
	// abandonment %: 33.333
	// consent management %: 100.000
}

// Rule AF-3: a browser is Web; an app's HTTP stack, an embedded web view
// or no header at all is App.
func ExampleChannelOf() {
	for _, ua := range []string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
		"Mozilla/5.0 (Linux; Android 13; SM-A536B; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0 Mobile Safari/537.36",
		"MyTPP/5.2 CFNetwork/1494.0.7 Darwin/23.4.0",
		"",
	} {
		fmt.Println(authfunnel.ChannelOf(ua))
	}
	// Output:
	// Web
	// App
	// App
	// App
}

// Re-authentication: after a journey succeeded, a later AuthRequired of
// the same consent starts a second journey, counted on its own day.
func ExampleFunnel_reauthentication() {
	var f authfunnel.Funnel
	next := t0.AddDate(0, 0, 90)
	for _, e := range []authfunnel.Event{
		opened("c1", t0, ""),
		step("c1", authfunnel.AuthAttempted, t0.Add(time.Minute)),
		step("c1", authfunnel.AuthSucceeded, t0.Add(2*time.Minute)),
		opened("c1", next, ""),
		step("c1", authfunnel.AuthAttempted, next.Add(time.Minute)),
		step("c1", authfunnel.AuthFailed, next.Add(2*time.Minute)),
	} {
		_ = f.Add(&e)
	}
	for _, r := range f.Rows("") {
		fmt.Println(r.ReportDate, "required", r.Required, "succeeded", r.Succeeded, "failed", r.Failed)
	}
	// Output:
	// 2025-03-01 required 1 succeeded 1 failed 0
	// 2025-05-30 required 1 succeeded 0 failed 1
}

// A broken journey is an error naming the consent and the event; the
// other journeys still count (Rule AF-2).
func ExampleReference() {
	events := []authfunnel.Event{
		opened("good", t0, ""),
		step("good", authfunnel.AuthAbandoned, t0.Add(time.Minute)),
		opened("bad", t0, ""),
		step("bad", authfunnel.AuthSucceeded, t0.Add(time.Minute)), // no attempt
	}
	rows, rejected, err := authfunnel.Reference(kpi.Calendar{}, "", events)
	fmt.Println(err)
	fmt.Println("required", rows[0].Required, "abandoned", rows[0].Abandoned, "broken", rows[0].Broken)
	fmt.Println("events not counted:", rejected.Total())
	// Output:
	// 1 bad event(s); event 3 (consent "bad", authentication succeeded at 2025-03-01T09:01:00Z): event the journey's state does not allow (journey broken)
	// required 1 abandoned 1 broken 1
	// events not counted: 2
}

// A journey opened before midnight on one machine and concluded after
// midnight on another counts once, in full, on the day it started.
func ExampleFunnel_Merge() {
	late := time.Date(2025, 3, 1, 23, 59, 0, 0, time.UTC)
	var before, after authfunnel.Funnel
	e1, e2 := opened("c1", late, ""), step("c1", authfunnel.AuthAttempted, late.Add(30*time.Second))
	e3 := step("c1", authfunnel.AuthSucceeded, late.Add(2*time.Minute))
	_ = before.Add(&e1)
	_ = before.Add(&e2)
	fmt.Println("alone:", after.Add(&e3)) // provisional
	after.Merge(&before)
	r := after.Rows("")[0]
	fmt.Println(r.ReportDate, "required", r.Required, "attempted", r.Attempted, "succeeded", r.Succeeded, "not counted", after.Rejected().Total())
	// Output:
	// alone: event before the journey started
	// 2025-03-01 required 1 attempted 1 succeeded 1 not counted 0
}
