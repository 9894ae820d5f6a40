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
// consents hold several runs), decodes to an equal value with equal
// results, and re-encodes to the same bytes.
func TestEncodingRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genStream(t, true)
		f := splitMerge(t, s)
		b, err := f.MarshalBinary()
		require.NoError(t, err)
		g := NewFunnel(s.cal)
		require.NoError(t, g.UnmarshalBinary(b))
		require.Equal(t, f, g)
		require.Equal(t, f.Rows("E"), g.Rows("E"))
		require.Equal(t, f.Rejected(), g.Rejected())
		require.Equal(t, f.Totals(), g.Totals())
		b2, err := g.AppendBinary([]byte("x"))
		require.NoError(t, err)
		require.Equal(t, b, b2[1:])
	})
}

func sampleEncoding(t *testing.T) []byte {
	var a, b Funnel
	for i := range timeline {
		_ = a.Add(&timeline[i].e)
	}
	e := ev("c8", AuthAttempted, at(day2, "1h"))
	_ = b.Add(&e)
	_ = b.Add(&Event{ConsentID: "zz", Kind: AuthFailed, At: day2})
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
}

// The calendar is checked, not rebuilt: decode into a Funnel of the same
// calendar.
func TestEncodingChecksCalendar(t *testing.T) {
	plus3 := kpi.NewCalendar(time.FixedZone("UTC+3", 3*3600))
	f := NewFunnel(plus3)
	e := opens("a", day1, Redirect, AIS, Web, Web)
	require.NoError(t, f.Add(&e))
	enc, err := f.MarshalBinary()
	require.NoError(t, err)
	var utc Funnel
	require.ErrorIs(t, utc.UnmarshalBinary(enc), wire.ErrInvalid)
	g := NewFunnel(plus3)
	require.NoError(t, g.UnmarshalBinary(enc))
	require.Equal(t, f.Rows(""), g.Rows(""))
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
		_ = g.Rows("")
		_ = g.Rejected()
		for _, r := range g.Rows("") {
			require.NoError(t, r.Check())
		}
		b, err := g.MarshalBinary()
		require.NoError(t, err)
		var h Funnel
		require.NoError(t, h.UnmarshalBinary(b))
		require.Equal(t, g, h)
		h.Merge(&g)
		_ = h.Rows("")
	})
}
