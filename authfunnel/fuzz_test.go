package authfunnel

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// FuzzJourneys drives the journey builder with arbitrary event streams:
// every 3 bytes are one event (consent, kind and dimensions, time step).
// No panic; the Funnel equals the reference (whole, and split in two by
// time); every row satisfies AF-2; every event is counted or rejected.
func FuzzJourneys(f *testing.F) {
	f.Add([]byte{0, 1, 1, 0, 2, 1, 0, 4, 1, 0, 6, 1, 0, 7, 1})
	f.Add([]byte{0, 2, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 0, 5, 0, 0, 1, 0})
	f.Add([]byte{3, 9, 0, 3, 0, 0, 2, 0xf1, 5})
	f.Fuzz(func(t *testing.T, data []byte) {
		var events []Event
		at := base
		for i := 0; i+2 < len(data); i += 3 {
			id := string(rune('a' + data[i]%4))
			if data[i]%16 == 15 {
				id = ""
			}
			k := Kind(data[i+1] % 10)
			dims := data[i+1] >> 4
			at = at.Add(time.Duration(data[i+2]) * time.Minute)
			e := Event{ConsentID: id, Kind: k, At: at,
				AuthType: AuthType(1 + dims&1), API: API(1 + dims>>1&1), TPPChannel: Channel(1 + dims>>2&1), BankChannel: Channel(dims >> 3 << 1)}
			if data[i+2] == 0xff {
				e.At = time.Time{}
			}
			events = append(events, e)
		}
		want, wantRej, _ := Reference(calUTC, "", events)
		var whole, first, second Funnel
		cut := len(events) / 2
		for i := range events {
			_ = whole.Add(&events[i])
			if i < cut {
				_ = first.Add(&events[i])
			} else {
				_ = second.Add(&events[i])
			}
		}
		second.Merge(&first)
		for _, g := range []*Funnel{&whole, &second} {
			rows := g.Rows("")
			require.Equal(t, want, rows)
			require.Equal(t, wantRej, g.Rejected())
			for _, r := range rows {
				require.NoError(t, r.Check())
			}
			require.Equal(t, uint64(len(events)), counted(rows)+wantRej.Total())
		}
	})
}
