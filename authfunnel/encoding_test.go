package authfunnel

import (
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
	"github.com/openfinance-kpi/kpi/internal/wire"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// latestEvent is the latest instant of an event f remembers (the zero
// time if none).
func latestEvent(f *Funnel) time.Time {
	var at time.Time
	for _, c := range f.consents {
		for _, s := range append([]segment{c.seg}, c.more...) {
			for _, e := range [...]*ev{&s.first, &s.last} {
				if e.at.After(at) {
					at = e.at
				}
			}
		}
	}
	return at
}

// sameFunnel fails t unless a and b are equal in state and in every
// result.
func sameFunnel(t require.TestingT) func(a, b *Funnel) {
	return func(a, b *Funnel) {
		require.Equal(t, snapshot(a), snapshot(b))
		require.Equal(t, a.Options(), b.Options())
		require.Equal(t, a.Report("E"), b.Report("E"))
		require.Equal(t, a.Rows("E"), b.Rows("E"))
		require.Equal(t, a.Totals(), b.Totals())
		require.Equal(t, a.Rejections(), b.Rejections())
	}
}

// Round trip: a Funnel built from random events, split and merged (so
// consents hold several runs), sometimes closed, obeys the encoding laws
// (kpitest.CheckCodecInto: decoded into a Funnel of its calendar, equal
// value and results, same bytes again, prefixes, other kinds and a
// trailing byte refused with the receiver unchanged).
func TestEncodingRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genStream(t, true, true)
		f := splitMerge(t, s)
		if rapid.Bool().Draw(t, "close") {
			closeWith(&f, genClosings(t))
		}
		fresh := func() *Funnel { g := NewFunnel(s.cal, Options{}); return &g }
		g := kpitest.CheckCodecInto(t, &f, fresh, sameFunnel(t))
		// The decoded Funnel goes on like the original.
		cs := genClosings(t)
		closeWith(&f, cs)
		closeWith(g, cs)
		require.Equal(t, f.Report("E"), g.Report("E"))
	})
}

// sampleFunnel is the worked timeline (testdata/AF-1-2-worked.txt), cut in
// two and merged, so that consents hold two runs, with the OPTION on.
func sampleFunnel(t *testing.T) Funnel {
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
	return a
}

// The encoding laws on the sample, decoded into the zero Funnel.
func TestEncodingPrefixesAndForeign(t *testing.T) {
	f := sampleFunnel(t)
	g := kpitest.CheckCodec(t, &f, sameFunnel(t))
	require.True(t, g.Options().AttemptTimeoutIsFailure, "options are decoded")
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
	sample := sampleFunnel(&testing.T{})
	enc, err := sample.MarshalBinary()
	require.NoError(f, err)
	f.Add(enc)
	var zero Funnel
	enc, _ = zero.MarshalBinary()
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
		// Close at the latest event the state holds (Close ends a journey
		// whose last event is at or before asOf − idle): every journey
		// ends, wherever the decoded instants lie.
		g.Close(latestEvent(&g), 0)
		g.Settle()
		requireSound(t, g.Report(""))
		require.Zero(t, g.Consents())
	})
}

// A run's last event never precedes its first: a state that says so is
// refused (the fuzzer's finding: such a run was decoded, and its journey
// could not be closed by an instant after its "last" event).
func TestEncodingRefusesRunEndingBeforeItStarts(t *testing.T) {
	f := NewFunnel(kpi.Calendar{}, Options{})
	e1 := opens("a", day1, Redirect, AIS, Web, Web)
	e2 := step("a", AuthAttempted, day1.Add(time.Minute))
	require.NoError(t, f.Add(&e1))
	require.NoError(t, f.Add(&e2))
	enc, err := f.MarshalBinary()
	require.NoError(t, err)
	var g Funnel
	require.NoError(t, g.UnmarshalBinary(enc), "the run as Add built it")

	c := f.consents["a"]
	c.seg.last.at = day1.Add(-time.Minute) // before the run's first event
	f.consents["a"] = c
	enc, err = f.MarshalBinary()
	require.NoError(t, err)
	require.ErrorIs(t, g.UnmarshalBinary(enc), wire.ErrInvalid)
	require.Equal(t, 1, g.Consents(), "on error the receiver is unchanged")
}
