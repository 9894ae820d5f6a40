package authfunnel

import (
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/wire"
	"github.com/stretchr/testify/require"
)

// pinBase is a state as Add builds it: consent "a" with an open journey
// (AuthRequired then AuthAttempted: a run opened, no head, a live tail in
// state AuthAttempted with 2 events), consent "b" with one event and no
// journey (AuthAttempted: a run not opened, its head that one event), and
// one ended row (a success on day1).
func pinBase(t *testing.T) Funnel {
	f := NewFunnel(kpi.Calendar{}, Options{})
	a1 := opens("a", day1, Redirect, AIS, Web, Web)
	a2 := step("a", AuthAttempted, day1.Add(time.Minute))
	b1 := step("b", AuthAttempted, day1.Add(2*time.Minute))
	require.NoError(t, f.Add(&a1))
	require.NoError(t, f.Add(&a2))
	require.ErrorIs(t, f.Add(&b1), NoJourney)
	f.cells[cell{day: kpi.NewCalendar(time.UTC).DateOf(day1), auth: Redirect, api: AIS, tpp: Web, bank: Web}] = tally{oSucceeded: 1}
	return f
}

// Pins of the Funnel decoder's validity rules (UnmarshalBinary's doc):
// each mutation of pinBase breaks exactly one rule and must fail with
// wire.ErrInvalid; pinBase itself, and each good twin, decodes.
func TestFunnelDecoderValidityPins(t *testing.T) {
	decode := func(f *Funnel) error {
		enc, err := f.MarshalBinary()
		require.NoError(t, err)
		var g Funnel
		return g.UnmarshalBinary(enc)
	}
	base := pinBase(t)
	require.NoError(t, decode(&base))
	// edit applies fn to consent id's first run.
	edit := func(f *Funnel, id string, fn func(s *segment)) {
		c := f.consents[id]
		fn(&c.seg)
		f.consents[id] = c
	}
	row := cell{day: kpi.NewCalendar(time.UTC).DateOf(day1), auth: Redirect, api: AIS, tpp: Web, bank: Web}
	for name, tc := range map[string]struct {
		bad, good func(f *Funnel)
	}{
		"rejections: OK counted": {
			func(f *Funnel) { f.rejected[OK] = 1 },
			func(f *Funnel) { f.rejected[Duplicate] = 1 }},
		"rejections: a reason this release does not know": {
			func(f *Funnel) { f.rejected[NumReasons] = 1 },
			func(f *Funnel) { f.rejected[NumReasons-1] = 1 }},
		"row: ended journeys without a bank channel": {
			func(f *Funnel) { r := row; r.bank = 0; f.cells[r] = tally{oSucceeded: 1} },
			func(f *Funnel) { r := row; r.bank = 0; f.cells[r] = tally{oBroken: 1} }},
		"row: dimension out of range": {
			func(f *Funnel) { r := row; r.auth = Decoupled + 1; f.cells[r] = tally{oSucceeded: 1} },
			func(f *Funnel) { r := row; r.auth = Decoupled; f.cells[r] = tally{oSucceeded: 1} }},
		"consent: empty id": {
			func(f *Funnel) { f.consents[""] = f.consents["a"] },
			func(f *Funnel) { f.consents["0"] = f.consents["a"] }},
		"consent: runs out of order": {
			func(f *Funnel) {
				c := f.consents["b"]
				earlier := c.seg
				earlier.first.at = earlier.first.at.Add(-time.Hour)
				earlier.last.at = earlier.last.at.Add(-time.Hour)
				c.more = []segment{earlier}
				f.consents["b"] = c
			},
			func(f *Funnel) {
				c := f.consents["b"]
				later := c.seg
				later.first.at = later.first.at.Add(time.Hour)
				later.last.at = later.last.at.Add(time.Hour)
				c.more = []segment{later}
				f.consents["b"] = c
			}},
		"event: unknown kind": {
			func(f *Funnel) { edit(f, "a", func(s *segment) { s.last.kind = ConfirmationRejected + 1 }) },
			func(f *Funnel) { edit(f, "a", func(s *segment) { s.last.kind = ConfirmationRejected }) }},
		"event: zero instant": {
			func(f *Funnel) { edit(f, "a", func(s *segment) { s.first.at = time.Time{} }) },
			func(f *Funnel) { edit(f, "a", func(s *segment) { s.first.at = s.first.at.Add(-time.Hour) }) }},
		"event: unknown bank channel": {
			func(f *Funnel) { edit(f, "a", func(s *segment) { s.last.bank = App + 1 }) },
			func(f *Funnel) { edit(f, "a", func(s *segment) { s.last.bank = App }) }},
		"event: AuthRequired without its dimensions": {
			func(f *Funnel) { edit(f, "a", func(s *segment) { s.first.api = 0 }) },
			func(f *Funnel) { edit(f, "a", func(s *segment) { s.first.api = PIS }) }},
		"head: event with an unknown bank channel": {
			func(f *Funnel) { edit(f, "b", func(s *segment) { s.head[0].bank = App + 1 }) },
			func(f *Funnel) { edit(f, "b", func(s *segment) { s.head[0].bank = App }) }},
		"head: an AuthRequired in a head": {
			// The run's first and last event become that AuthRequired (with
			// its dimensions), so that only the head rule breaks.
			func(f *Funnel) {
				ar := f.consents["a"].seg.first
				edit(f, "b", func(s *segment) {
					ar.at = s.first.at
					s.head[0].kind, s.first, s.last = AuthRequired, ar, ar
				})
			},
			func(f *Funnel) {
				edit(f, "b", func(s *segment) { s.head[0].kind = AuthFailed; s.first.kind = AuthFailed })
			}},
		"head: events past a head not full": {
			func(f *Funnel) { edit(f, "b", func(s *segment) { s.headMore = 1 }) },
			func(f *Funnel) {
				edit(f, "b", func(s *segment) {
					for i := 1; i < headCap; i++ {
						s.head[i] = s.head[0]
					}
					s.headN, s.headMore = headCap, 1
				})
			}},
		"run: first event not the head's first": {
			func(f *Funnel) { edit(f, "b", func(s *segment) { s.head[0].kind = AuthSucceeded }) },
			func(f *Funnel) {
				edit(f, "b", func(s *segment) { s.head[0].kind = AuthSucceeded; s.first.kind = AuthSucceeded })
			}},
		"run: a live journey in a run not opened": {
			func(f *Funnel) { a := f.consents["a"].seg.tail; edit(f, "b", func(s *segment) { s.tail = a }) },
			func(f *Funnel) {
				a := f.consents["a"].seg.tail
				edit(f, "b", func(s *segment) { s.tail = a; s.opened = true })
			}},
		"run: not opened and no head": {
			func(f *Funnel) {
				first := f.consents["a"].seg.first
				edit(f, "b", func(s *segment) { s.headN, s.first = 0, first })
			},
			func(f *Funnel) {
				first := f.consents["a"].seg.first
				edit(f, "b", func(s *segment) { s.headN, s.first, s.opened = 0, first, true })
			}},
		"run: no head and the first event not an AuthRequired": {
			func(f *Funnel) { edit(f, "a", func(s *segment) { s.first.kind = AuthAttempted }) },
			func(f *Funnel) { edit(f, "a", func(s *segment) { s.first.kind = AuthRequired }) }},
		"run: live journey with more events than its state allows": {
			func(f *Funnel) { edit(f, "a", func(s *segment) { s.tail.n = 3 }) }, // AuthAttempted: 2 events
			func(f *Funnel) { edit(f, "a", func(s *segment) { s.tail.n = 2 }) }},
		"run: live journey in no live state": {
			func(f *Funnel) { edit(f, "a", func(s *segment) { s.tail.state, s.tail.n = AuthFailed, 0 }) }, // an end, never live
			func(f *Funnel) { edit(f, "a", func(s *segment) { s.tail.state = AuthSucceeded; s.tail.n = 3 }) }},
	} {
		bad, good := pinBase(t), pinBase(t)
		tc.bad(&bad)
		tc.good(&good)
		require.ErrorIs(t, decode(&bad), wire.ErrInvalid, name)
		require.NoError(t, decode(&good), name+" (good twin)")
	}
}
