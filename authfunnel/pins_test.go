package authfunnel_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/authfunnel"
)

var pinDay = time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)

type pinCell struct {
	day  int // days after 2025-03-01
	auth authfunnel.AuthType
	api  authfunnel.API
	tpp  authfunnel.Channel
	bank authfunnel.Channel
}

// journey returns the events of a journey of consent id in cell c that
// ends failed (AuthFailed ends it, so it counts in its row at once).
func journey(id string, c pinCell) []authfunnel.Event {
	at := pinDay.AddDate(0, 0, c.day)
	return []authfunnel.Event{
		{ConsentID: id, Kind: authfunnel.AuthRequired, At: at, AuthType: c.auth, API: c.api, TPPChannel: c.tpp, BankChannel: c.bank},
		{ConsentID: id, Kind: authfunnel.AuthFailed, At: at.Add(time.Minute)},
	}
}

// Rules AF-1 and RP-CBB-1: the rows are ordered by day, then
// authentication type, API type, TPP channel and bank channel (each in
// its constants' order: Redirect before Decoupled, AIS before PIS, Web
// before App). The six cells below are in that order, and each adjacent
// pair differs in two fields in opposite directions, so that comparing
// them in another order of fields puts the pair the other way round:
//
//	1 d1 Redirect  AIS Web Web
//	2 d1 Redirect  AIS Web App   (bank App, tpp Web)
//	3 d1 Redirect  AIS App Web   (tpp App, bank Web: after 2)
//	4 d1 Redirect  PIS Web Web   (api PIS, tpp Web: after 3)
//	5 d1 Decoupled AIS Web Web   (auth Decoupled, api AIS: after 4)
//	6 d2 Redirect  AIS Web Web   (day 2, auth Redirect: after 5)
//
// They are added last first; the Funnel and the Reference give rows 1..6.
func TestAF1RowOrder(t *testing.T) {
	R, D := authfunnel.Redirect, authfunnel.Decoupled
	AIS, PIS := authfunnel.AIS, authfunnel.PIS
	W, A := authfunnel.Web, authfunnel.App
	cells := []pinCell{{0, R, AIS, W, W}, {0, R, AIS, W, A}, {0, R, AIS, A, W}, {0, R, PIS, W, W}, {0, D, AIS, W, W}, {1, R, AIS, W, W}}
	var events []authfunnel.Event
	for i := len(cells) - 1; i >= 0; i-- {
		events = append(events, journey(string(rune('a'+i)), cells[i])...)
	}
	f := authfunnel.NewFunnel(kpi.Calendar{}, authfunnel.Options{})
	for i := range events {
		require.NoError(t, f.Add(&events[i]))
	}
	ref, err := authfunnel.Reference(kpi.Calendar{}, authfunnel.Options{}, "", events)
	require.NoError(t, err)
	for name, rows := range map[string][]authfunnel.CBBAuthenticationRow{"Funnel": f.Rows(""), "Reference": ref.Rows} {
		require.Len(t, rows, len(cells), name)
		for i, c := range cells {
			r := rows[i]
			got := pinCell{int(r.ReportDate - kpi.DateOf(2025, 3, 1)), r.AuthenticationType, r.APIType, r.TPPChannel, r.BankChannel}
			require.Equal(t, c, got, "%s row %d", name, i)
			require.Equal(t, uint64(1), r.Failed, "%s row %d", name, i)
		}
	}
}

// Rule AF-2 over merged funnels: a consent whose journey came in two
// runs (its AuthRequired in one Funnel, its attempt in another) holds
// several runs after a Merge. Merging that Funnel into an empty one copies
// the runs; events added to the copy afterwards must not reach the
// original. By hand: the original's consent "x" is attempted with no
// outcome, an open journey (AwaitingOutcome 1, no template field); after
// AuthSucceeded reaches the copy, the copy's journey succeeded while the
// original still awaits its outcome.
func TestAF2MergedRunsAreCopied(t *testing.T) {
	cal := kpi.Calendar{}
	opened := authfunnel.NewFunnel(cal, authfunnel.Options{})
	attempted := authfunnel.NewFunnel(cal, authfunnel.Options{})
	req := authfunnel.Event{ConsentID: "x", Kind: authfunnel.AuthRequired, At: pinDay,
		AuthType: authfunnel.Redirect, API: authfunnel.AIS, TPPChannel: authfunnel.Web, BankChannel: authfunnel.App}
	att := authfunnel.Event{ConsentID: "x", Kind: authfunnel.AuthAttempted, At: pinDay.Add(time.Minute)}
	require.NoError(t, opened.Add(&req))
	require.Equal(t, error(authfunnel.NoJourney), attempted.Add(&att)) // provisional: the journey opened in the other run

	orig := authfunnel.NewFunnel(cal, authfunnel.Options{})
	require.NoError(t, orig.Merge(&opened))
	require.NoError(t, orig.Merge(&attempted)) // "x" now has two runs
	before := orig.Report("")
	require.Equal(t, uint64(1), before.Totals.AwaitingOutcome)

	cp := authfunnel.NewFunnel(cal, authfunnel.Options{})
	require.NoError(t, cp.Merge(&orig))
	ok := authfunnel.Event{ConsentID: "x", Kind: authfunnel.AuthSucceeded, At: pinDay.Add(2 * time.Minute)}
	// The copy's last run has no AuthRequired of its own: NoJourney, kept
	// provisionally in that run and joined to the journey when read.
	require.Equal(t, error(authfunnel.NoJourney), cp.Add(&ok))
	cp.Close(pinDay.Add(24*time.Hour), time.Hour)
	require.Equal(t, uint64(1), cp.Totals().Succeeded, "the copy's journey succeeded")

	require.Equal(t, before, orig.Report(""), "the original is untouched")
	require.Equal(t, uint64(0), orig.Totals().Succeeded)
}
