package main

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/examples/gateway/live"
)

// The page lists the latest maxOutagesShown outages, latest first (ties
// by endpoint), and counts them all: a day of many short outages costs
// each read what 100 cost. 150 outages started a minute apart, the later
// half on GET /b: the 100 listed start at minutes 149 down to 50.
func TestPageListsTheLatestOutages(t *testing.T) {
	start := time.Date(2026, 11, 10, 0, 0, 0, 0, time.UTC)
	var snap live.Snapshot
	for i := range 150 {
		ep := "GET /a"
		if i >= 75 {
			ep = "GET /b"
		}
		at := start.Add(time.Duration(i) * time.Minute)
		snap.Outages = append(snap.Outages, availability.Outage{Endpoint: ep, Start: at, End: at.Add(time.Second)})
	}
	// A tie at minute 149: GET /a sorts before GET /b.
	snap.Outages = append(snap.Outages, availability.Outage{Endpoint: "GET /a", Start: start.Add(149 * time.Minute), End: start.Add(150 * time.Minute)})
	v := newView(&snap, kpi.NewCalendar(time.UTC))
	require.Equal(t, 151, v.OutagesN)
	require.Len(t, v.Outages, maxOutagesShown)
	require.Equal(t, "GET /a", v.Outages[0].Endpoint)
	require.Equal(t, "GET /b", v.Outages[1].Endpoint)
	for k, o := range v.Outages[1:] {
		require.Equal(t, start.Add(time.Duration(149-k)*time.Minute), o.Start, fmt.Sprint("outage ", k+1))
	}
	require.Len(t, snap.Outages, 151, "the shared snapshot is unchanged")
	require.Equal(t, start, snap.Outages[0].Start)
}
