package authfunnel

import (
	"strconv"
	"testing"
	"time"
)

// benchEvents returns 1,000 consents' complete journeys, interleaved.
func benchEvents() []Event {
	var events []Event
	path := []Kind{AuthRequired, AuthAttempted, AuthSucceeded, ConfirmationRequired, ConfirmationAccepted}
	for step := range path {
		for c := 0; c < 1000; c++ {
			e := Event{ConsentID: "consent-" + strconv.Itoa(c), Kind: path[step], At: base.Add(time.Duration(step*1000+c) * time.Second)}
			e.AuthType, e.API, e.TPPChannel, e.BankChannel = Redirect, AIS, Channel(1+c%2), App
			events = append(events, e)
		}
	}
	return events
}

func BenchmarkAdd(b *testing.B) {
	events := benchEvents()
	var f Funnel
	for i := range events {
		_ = f.Add(&events[i])
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = f.Add(&events[i%len(events)])
	}
}

func BenchmarkMergeSettled(b *testing.B) {
	s := stream{events: benchEvents()}
	f, g := build(s), build(s)
	f.Settle()
	g.Settle()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f.Merge(&g)
	}
}

func BenchmarkClose(b *testing.B) {
	f := build(stream{events: benchEvents()})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f.Close(base.Add(24*time.Hour), time.Hour)
	}
}

func BenchmarkChannelOf(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = ChannelOf(userAgents[i%len(userAgents)].ua)
	}
}

func BenchmarkReport(b *testing.B) {
	f := build(stream{events: benchEvents()})
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = f.Report("")
	}
}
