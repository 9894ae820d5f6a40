package monthly

import (
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func te(id string, role Role, kind TPPEventKind, at time.Time) TPPEvent {
	return TPPEvent{TPPID: id, Role: role, Kind: kind, At: at}
}

// kpi's BAD INPUT for TPP events.
func TestVOTPP1BadEvents(t *testing.T) {
	for _, c := range []struct {
		e    TPPEvent
		want Reason
	}{
		{te("", AISP, Onboarded, mar(1, 0, 0)), EmptyID},
		{te("x", AISP, Onboarded, time.Time{}), ZeroInstant},
		{te("x", 0, Onboarded, mar(1, 0, 0)), UnknownRole},
		{te("x", PISP, 7, mar(1, 0, 0)), UnknownEvent},
	} {
		var s TPPs
		require.ErrorIs(t, s.Add(&c.e), c.want)
		require.Zero(t, s.Len())
		rej := s.Rejections()
		require.Equal(t, uint64(1), rej[c.want])
	}
	var s TPPs
	require.ErrorIs(t, s.Add(nil), EmptyID)
}

var genTPPEvent = rapid.Custom(func(t *rapid.T) TPPEvent {
	return TPPEvent{
		TPPID: genID(t, "tpp", "t"),
		Role:  Role(rapid.IntRange(0, 2).Draw(t, "role")),
		Kind:  TPPEventKind(rapid.IntRange(0, 2).Draw(t, "kind")),
		At:    genInstant(t, "at"),
	}
})

// Rule VO-TPP-1: for any event history, in any month, cumulative =
// registered at the 1st + additions - deregistrations; a month's
// cumulative is the next month's registered at the 1st; the streaming
// log equals the reference under any split and merge order; bad events
// are refused exactly as CheckTPPEvent says.
func TestPropTPPs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		events := rapid.SliceOfN(genTPPEvent, 0, 60).Draw(t, "events")
		cal := genCalendar(t)
		s := splitMergeRecords(t, events, func(s *TPPs, e TPPEvent) { _ = s.Add(&e) })
		var bad uint64
		for _, e := range events {
			if CheckTPPEvent(&e) != OK {
				bad++
			}
		}
		rej := s.Rejections()
		require.Equal(t, bad, rej.Total())
		require.Equal(t, len(events)-int(bad), s.Len())

		var prev *TPPMonth
		for m := 1; m <= 5; m++ {
			month := kpi.Month(kpi.DateOf(2025, time.Month(m), 1))
			want, err := ReferenceTPPs(events, cal, month)
			got := s.Month(cal, month)
			require.Equal(t, want, got, "month %d", m)
			for _, v := range []TPPVolumes{got.AISP, got.PISP} {
				require.Equal(t, v.RegisteredAtFirst+v.Additions-v.Deregistrations, v.Cumulative, "month %d", m)
				require.LessOrEqual(t, v.Deregistrations, v.RegisteredAtFirst+v.Additions)
			}
			if prev != nil {
				require.Equal(t, prev.AISP.Cumulative, got.AISP.RegisteredAtFirst)
				require.Equal(t, prev.PISP.Cumulative, got.PISP.RegisteredAtFirst)
			}
			prev = &got
			var ie *InputError
			if err != nil {
				require.ErrorAs(t, err, &ie)
				require.Equal(t, int(bad)+len(s.Conflicts()), len(ie.Records))
			} else {
				require.Zero(t, bad)
				require.Empty(t, s.Conflicts())
			}
		}
		checkLaws(t, func(part int) *TPPs {
			var x TPPs
			for _, e := range partOf(events, 3, part) {
				_ = x.Add(&e)
			}
			return &x
		})
	})
}

// Once the log has capacity, Add, Merge and Reset do not allocate.
func TestTPPsAllocs(t *testing.T) {
	events := tppCaseNamed(t, "VO-TPP-1/march-2025").events
	var s, o TPPs
	for i := range events {
		_ = o.Add(&events[i])
	}
	for i := 0; i < 20; i++ {
		s.Merge(&o) // grow the log
	}
	s.Reset()
	e := events[0]
	require.Zero(t, testing.AllocsPerRun(100, func() {
		s.Reset()
		_ = s.Add(&e)
		s.Merge(&o)
	}))
}
