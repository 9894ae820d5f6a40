package authfunnel

import (
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/wire"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// Round trip: a Funnel built from random events, split and merged (so
// consents hold several runs), sometimes closed, decodes to an equal value
// with equal results, and re-encodes to the same bytes.
func TestEncodingRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genStream(t, true, true)
		f := splitMerge(t, s)
		if rapid.Bool().Draw(t, "close") {
			closeWith(&f, genClosings(t))
		}
		b, err := f.MarshalBinary()
		require.NoError(t, err)
		g := NewFunnel(s.cal, Options{})
		require.NoError(t, g.UnmarshalBinary(b))
		require.Equal(t, snapshot(&f), snapshot(&g))
		require.Equal(t, f.Options(), g.Options())
		require.Equal(t, f.Report("E"), g.Report("E"))
		require.Equal(t, f.Rows("E"), g.Rows("E"))
		require.Equal(t, f.Totals(), g.Totals())
		require.Equal(t, f.Rejected(), g.Rejected())
		b2, err := g.AppendBinary([]byte("x"))
		require.NoError(t, err)
		require.Equal(t, b, b2[1:])
		// The decoded Funnel goes on like the original.
		cs := genClosings(t)
		closeWith(&f, cs)
		closeWith(&g, cs)
		require.Equal(t, f.Report("E"), g.Report("E"))
	})
}

// sampleEncoding is the worked timeline (testdata/AF-1-2-worked.txt), cut
// in two and merged, so that consents hold two runs, with the OPTION on.
func sampleEncoding(t *testing.T) []byte {
	scs := loadScenarios(t, "testdata/AF-1-2-worked.txt")
	events := scs[0].events
	a, b := NewFunnel(kpi.Calendar{}, Options{AttemptTimeoutIsFailure: true}), NewFunnel(kpi.Calendar{}, Options{})
	for i := range events {
		if i%3 == 0 {
			_ = a.Add(&events[i])
		} else {
			_ = b.Add(&events[i])
		}
	}
	a.Merge(&b)
	enc, err := a.MarshalBinary()
	require.NoError(t, err)
	return enc
}

func TestEncodingPrefixesAndForeign(t *testing.T) {
	enc := sampleEncoding(t)
	for n := 0; n < len(enc); n++ {
		var f Funnel
		require.ErrorIs(t, f.UnmarshalBinary(enc[:n]), wire.ErrTruncated, "prefix %d", n)
		require.Equal(t, Funnel{}, f, "unchanged on error")
	}
	other := append([]byte{}, enc...)
	other[1] = byte(wire.KindStats)
	var f Funnel
	require.ErrorIs(t, f.UnmarshalBinary(other), wire.ErrForeign)
	require.ErrorIs(t, f.UnmarshalBinary(append(enc, 0)), wire.ErrTrailing)
	require.NoError(t, f.UnmarshalBinary(enc))
	require.True(t, f.Options().AttemptTimeoutIsFailure, "options are decoded")
}

// The calendar is checked, not rebuilt: decode into a Funnel of the same
// calendar.
func TestEncodingChecksCalendar(t *testing.T) {
	plus3 := kpi.NewCalendar(time.FixedZone("UTC+3", 3*3600))
	f := NewFunnel(plus3, Options{})
	e := opens("a", day1, Redirect, AIS, Web, Web)
	require.NoError(t, f.Add(&e))
	enc, err := f.MarshalBinary()
	require.NoError(t, err)
	var utc Funnel
	require.ErrorIs(t, utc.UnmarshalBinary(enc), wire.ErrInvalid)
	g := NewFunnel(plus3, Options{})
	require.NoError(t, g.UnmarshalBinary(enc))
	require.Equal(t, f.Report(""), g.Report(""))
}

func FuzzUnmarshalFunnel(f *testing.F) {
	f.Add(sampleEncoding(&testing.T{}))
	var zero Funnel
	enc, _ := zero.MarshalBinary()
	f.Add(enc)
	f.Fuzz(func(t *testing.T, data []byte) {
		var g Funnel
		if g.UnmarshalBinary(data) != nil {
			return
		}
		requireSound(t, g.Report(""))
		b, err := g.MarshalBinary()
		require.NoError(t, err)
		var h Funnel
		require.NoError(t, h.UnmarshalBinary(b))
		require.Equal(t, snapshot(&g), snapshot(&h))
		h.Merge(&g) // no panic
		_ = h.Report("")
		g.Close(base.AddDate(10, 0, 0), 0)
		g.Settle()
		requireSound(t, g.Report(""))
		require.Zero(t, g.Consents())
	})
}
