package authfunnel

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// fuzzEvents decodes a fuzz input: the first byte chooses the cut point
// and the options, then every 4 bytes are one event: consent (4 IDs, or
// empty), kind (0-10: invalid ones included), dimensions (AuthType and
// API 0-3: invalid ones included; TPP and bank channel 0-3: unset, Web,
// App, invalid), time step in minutes (0: an exact repeat of the previous
// event, at-least-once delivery; 0xff: the zero time). Distinct events of
// a consent are at distinct instants, so that a cut never leaves two runs
// of one consent at one instant in an order Merge cannot tell.
func fuzzEvents(data []byte) (events []Event, cut int, opts Options) {
	if len(data) == 0 {
		return nil, 0, opts
	}
	head, data := data[0], data[1:]
	opts.AttemptTimeoutIsFailure = head&0x80 != 0
	at := base
	for i := 0; i+3 < len(data); i += 4 {
		id := string(rune('a' + data[i]%4))
		if data[i]%16 == 15 {
			id = ""
		}
		if data[i+3] == 0 && len(events) > 0 {
			events = append(events, events[len(events)-1])
			continue
		}
		d := data[i+2]
		at = at.Add(time.Duration(data[i+3]) * time.Minute)
		e := Event{ConsentID: id, Kind: Kind(data[i+1] % 11), At: at,
			AuthType: AuthType(d & 3), API: API(d >> 2 & 3), TPPChannel: Channel(d >> 4 & 3), BankChannel: Channel(d >> 6)}
		if data[i+3] == 0xff {
			e.At = time.Time{}
		}
		events = append(events, e)
	}
	if len(events) > 0 {
		cut = int(head&0x7f) % (len(events) + 1)
	}
	return events, cut, opts
}

// FuzzJourneys drives the journey builder with arbitrary event streams.
// No panic; the Funnel equals the reference, whole and cut in two at a
// fuzz-chosen point (merged both ways), before and after a Close at the
// last instant; every row satisfies AF-2 and has an ended journey; every
// event is counted or rejected.
func FuzzJourneys(f *testing.F) {
	// a: required (Redirect, AIS, Web, bank unset), attempted (bank App),
	// succeeded, confirm, accepted; cut at 2.
	f.Add([]byte{2, 0, 1, 0x15, 1, 0, 2, 0x80, 1, 0, 4, 0, 1, 0, 5, 0, 1, 0, 6, 0, 1})
	// b: required twice (a duplicate), then abandoned; c: an attempt with
	// no journey; cut at 1; the OPTION on.
	f.Add([]byte{0x81, 1, 1, 0x55, 1, 1, 1, 0x55, 0, 1, 3, 0, 1, 2, 2, 0, 1})
	// invalid kinds, dimensions and instants.
	f.Add([]byte{3, 3, 9, 0xff, 0, 15, 1, 0x15, 5, 0, 1, 0xff, 0, 0, 10, 0, 0xff})
	// a: required (Web bank), attempted, then left: the close decides.
	f.Add([]byte{1, 0, 1, 0x55, 1, 0, 2, 0, 30})
	f.Fuzz(func(t *testing.T, data []byte) { checkJourneys(t, data) })
}

// checkJourneys is FuzzJourneys's property.
func checkJourneys(t require.TestingT, data []byte) {
	events, cut, opts := fuzzEvents(data)
	last := base
	for _, e := range events {
		if e.At.After(last) {
			last = e.At
		}
	}
	for _, cs := range [][]Closing{nil, {{AsOf: last, Idle: 30 * time.Minute}}} {
		want, counted, _ := reference(calUTC, opts, "", events, cs)
		requireSound(t, want)
		require.Equal(t, uint64(len(events)), counted+want.Rejections.Total())
		whole, a, b := NewFunnel(calUTC, opts), NewFunnel(calUTC, opts), NewFunnel(calUTC, opts)
		for i := range events {
			_ = whole.Add(&events[i])
			if i < cut {
				_ = a.Add(&events[i])
			} else {
				_ = b.Add(&events[i])
			}
		}
		ab, ba := a.clone(), b.clone()
		ab.Merge(&b)
		ba.Merge(&a)
		for _, g := range []*Funnel{&whole, &ab, &ba} {
			closeWith(g, cs)
			require.Equal(t, want, g.Report(""))
		}
	}
}
