package authfunnel

import (
	"math"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// genCraftedFunnel draws a Funnel state that decodes, in the calendar
// cal: built by Add over a random stream (split and merged), and, when
// crafted, with its rows' counts raised towards 2^64 − 1 (the journeys
// it holds still fitting in a uint64) and a rejection count anywhere;
// passed through its encoding.
func genCraftedFunnel(t *rapid.T, cal kpi.Calendar, label string) *Funnel {
	s := genStream(t, true, true)
	s.cal = cal
	f := splitMerge(t, s)
	if rapid.Bool().Draw(t, label+"Crafted") {
		room := uint64(math.MaxUint64) - uint64(len(f.consents))
		for _, tl := range f.cells {
			for _, n := range tl {
				room -= n
			}
		}
		for k, tl := range f.cells {
			for j := range tl {
				if tl[j] != 0 {
					x := kpitest.CountUpTo(t, room, label+"Raise")
					tl[j] += x
					room -= x
				}
			}
			f.cells[k] = tl
		}
		f.rejected[Duplicate] = kpitest.Count.Draw(t, label+"Rejected")
	}
	b, err := f.MarshalBinary()
	require.NoError(t, err)
	g := NewFunnel(cal, Options{})
	require.NoError(t, g.UnmarshalBinary(b))
	return &g
}

// The principle of kpi.ErrMergeOverflow on Funnel: merged, the state
// decodes back to itself and every row satisfies AF-2 (a row's outcomes
// add up to its Required), or Merge refuses and changes nothing.
func TestPropFunnelMergeSound(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cal := kpi.Calendar{}
		a, b := genCraftedFunnel(t, cal, "a"), genCraftedFunnel(t, cal, "b")
		fresh := func() *Funnel { f := NewFunnel(cal, Options{}); return &f }
		kpitest.CheckMergeSound(t, a, b, fresh, (*Funnel).Merge, func(f *Funnel) { requireSound(t, f.Report("")) })
	})
}

// FuzzMergeFunnel: any two byte strings that decode as (UTC) Funnels obey
// the principle of kpi.ErrMergeOverflow.
func FuzzMergeFunnel(f *testing.F) {
	sample := sampleFunnel(&testing.T{})
	enc, _ := sample.MarshalBinary()
	f.Add(enc, enc)
	f.Fuzz(func(t *testing.T, x, y []byte) {
		var a, b Funnel
		if a.UnmarshalBinary(x) != nil || b.UnmarshalBinary(y) != nil {
			return
		}
		kpitest.CheckMergeSound(t, &a, &b, func() *Funnel { return new(Funnel) }, (*Funnel).Merge,
			func(f *Funnel) { requireSound(t, f.Report("")) })
	})
}

// A funnel with no journey takes the other's calendar and options when it
// merges, but only when the merge succeeds: a refused merge (its
// rejection counts would pass 2^64 − 1) leaves its options as they were.
// (Found by TestPropFunnelMergeSound: the options were taken first.)
func TestFunnelRefusedMergeKeepsOptions(t *testing.T) {
	var f Funnel // no journey, the default options
	f.rejected[Duplicate] = math.MaxUint64
	o := NewFunnel(kpi.NewCalendar(time.UTC), Options{AttemptTimeoutIsFailure: true})
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	require.NoError(t, o.Add(&Event{Kind: AuthRequired, At: at, ConsentID: "c1", AuthType: Redirect, API: AIS, TPPChannel: Web}))
	o.rejected[Duplicate] = 1
	require.ErrorIs(t, f.Merge(&o), kpi.ErrMergeOverflow)
	require.Equal(t, Options{}, f.opts, "options not taken by a refused merge")
	require.Equal(t, uint64(math.MaxUint64), f.rejected[Duplicate])
}
