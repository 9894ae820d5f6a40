package authfunnel

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

var (
	base   = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	calUTC kpi.Calendar
)

// paths are the valid journeys; the ended ones may be followed by a
// re-authentication without breaking anything.
var paths = [][]Kind{
	{AuthRequired},
	{AuthRequired, AuthAbandoned},
	{AuthRequired, AuthAttempted},
	{AuthRequired, AuthAttempted, AuthSucceeded},
	{AuthRequired, AuthAttempted, AuthFailed},
	{AuthRequired, AuthAttempted, AuthSucceeded, ConfirmationRequired},
	{AuthRequired, AuthAttempted, AuthSucceeded, ConfirmationRequired, ConfirmationAccepted},
	{AuthRequired, AuthAttempted, AuthSucceeded, ConfirmationRequired, ConfirmationRejected},
}

func ended(p []Kind) bool { return !open(p[len(p)-1]) }

// stream is a generated input: the events in slice order, and for each
// consent the positions of its events in that order.
type stream struct {
	events []Event
	cal    kpi.Calendar
}

// genStream draws events for up to 6 consents over about three days, each
// consent's events at strictly increasing instants, interleaved in time
// order. With defects, about one event in eight is damaged in one of the
// ways the package rejects.
func genStream(t *rapid.T, defects bool) stream {
	zones := []kpi.Calendar{{}, kpi.NewCalendar(time.FixedZone("UTC+3", 3*3600)), kpi.NewCalendar(time.FixedZone("UTC-11", -11*3600))}
	s := stream{cal: rapid.SampledFrom(zones).Draw(t, "cal")}
	type timed struct {
		e   Event
		seq int
	}
	var all []timed
	nc := rapid.IntRange(0, 6).Draw(t, "consents")
	for c := 0; c < nc; c++ {
		id := "c" + strconv.Itoa(c)
		at := base.Add(time.Duration(rapid.IntRange(0, 2*86400).Draw(t, "start")) * time.Second)
		nj := rapid.IntRange(1, 4).Draw(t, "journeys")
		for j := 0; j < nj; j++ {
			var p []Kind
			for {
				p = rapid.SampledFrom(paths).Draw(t, "path")
				if j == nj-1 || ended(p) || defects {
					break
				}
			}
			dims := Event{
				AuthType:    rapid.SampledFrom([]AuthType{Redirect, Decoupled}).Draw(t, "auth"),
				API:         rapid.SampledFrom([]API{AIS, PIS}).Draw(t, "api"),
				TPPChannel:  rapid.SampledFrom([]Channel{Web, App}).Draw(t, "tpp"),
				BankChannel: rapid.SampledFrom([]Channel{Web, App}).Draw(t, "bank"),
			}
			for _, k := range p {
				e := dims
				e.ConsentID, e.Kind, e.At = id, k, at
				at = at.Add(time.Duration(rapid.IntRange(1, 3*3600).Draw(t, "gap")) * time.Second)
				if defects {
					switch rapid.IntRange(0, 24).Draw(t, "defect") {
					case 0:
						e.Kind = Kind(rapid.IntRange(0, 10).Draw(t, "kind"))
					case 1:
						continue // a lost event
					case 2:
						e.API = 0
					case 3:
						e.ConsentID = ""
					}
				}
				all = append(all, timed{e, len(all)})
			}
		}
	}
	slices.SortStableFunc(all, func(a, b timed) int { return a.e.At.Compare(b.e.At) })
	for _, x := range all {
		if defects && rapid.IntRange(0, 40).Draw(t, "zero") == 0 {
			x.e.At = time.Time{}
		}
		s.events = append(s.events, x.e)
	}
	return s
}

func build(cal kpi.Calendar, events []Event) Funnel {
	f := NewFunnel(cal)
	for i := range events {
		_ = f.Add(&events[i])
	}
	return f
}

// splitMerge deals each consent's events, cut into runs, to distinct
// parts (a run is contiguous in the consent's own order; every part sees
// the events it gets in stream order), then merges two random parts until
// one is left: any split by consent and by time, any merge tree.
func splitMerge(t *rapid.T, s stream) Funnel {
	k := rapid.IntRange(1, 5).Draw(t, "parts")
	parts := make([]*Funnel, k)
	for i := range parts {
		f := NewFunnel(s.cal)
		parts[i] = &f
	}
	type place struct{ part, left, used int }
	where := map[string]*place{}
	for i := range s.events {
		e := &s.events[i]
		if check(e) != OK { // bad input: anywhere
			_ = parts[rapid.IntRange(0, k-1).Draw(t, "bad")].Add(e)
			continue
		}
		p := where[e.ConsentID]
		if p == nil {
			p = &place{part: rapid.IntRange(0, k-1).Draw(t, "first"), left: rapid.IntRange(1, 6).Draw(t, "run"), used: 1}
			where[e.ConsentID] = p
		}
		_ = parts[p.part].Add(e)
		// Run over: the next run goes to a part this consent has not used
		// (once all are used, the last run goes on where it is).
		if p.left--; p.left == 0 {
			p.left = rapid.IntRange(1, 6).Draw(t, "run")
			if p.used < k {
				p.part = (p.part + 1) % k
				p.used++
			}
		}
	}
	for len(parts) > 1 {
		i := rapid.IntRange(0, len(parts)-1).Draw(t, "i")
		j := rapid.IntRange(0, len(parts)-2).Draw(t, "j")
		if j >= i {
			j++
		}
		parts[i].Merge(parts[j])
		parts = append(parts[:j], parts[j+1:]...)
	}
	return *parts[0]
}

// counted is the number of events in journeys that count.
func counted(rows []CBBAuthenticationRow) uint64 {
	var n uint64
	for _, r := range rows {
		n += r.Required + r.Attempted + r.Abandoned + r.Succeeded + r.Failed + r.ConfirmationsRequired + r.Accepted + r.Rejected
	}
	return n
}

// Rules AF-1, AF-2: the accumulator equals the reference on any input,
// under any split and merge order; every row satisfies AF-2; every event
// is counted or rejected.
func TestFunnelEqualsReferenceUnderAnySplit(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genStream(t, rapid.Bool().Draw(t, "defects"))
		want, wantRej, _ := Reference(s.cal, "E", s.events)
		for _, r := range want {
			require.NoError(t, r.Check())
		}
		require.Equal(t, uint64(len(s.events)), counted(want)+wantRej.Total())

		whole := build(s.cal, s.events)
		require.Equal(t, want, whole.Rows("E"))
		require.Equal(t, wantRej, whole.Rejected())
		require.Equal(t, Total(want), whole.Totals())

		merged := splitMerge(t, s)
		require.Equal(t, want, merged.Rows("E"))
		require.Equal(t, wantRej, merged.Rejected())

		merged.Settle()
		require.Equal(t, want, merged.Rows("E"))
		require.Equal(t, wantRej, merged.Rejected())
	})
}

// Rule AF-2: on every valid event stream (no defect, no journey
// interrupted) nothing is rejected and every row satisfies AF-2; with
// every journey ended, the RULES equalities hold with no Awaiting.
func TestAF2InvariantsOnValidStreams(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genStream(t, false)
		rows, rej, err := Reference(s.cal, "", s.events)
		require.NoError(t, err)
		require.Zero(t, rej.Total())
		f := splitMerge(t, s)
		require.Equal(t, rows, f.Rows(""))
		for _, r := range f.Rows("") {
			require.NoError(t, r.Check())
			require.Zero(t, r.Broken)
			require.Equal(t, r.Required, r.Attempted+r.Abandoned+r.AwaitingAttempt)
			require.Equal(t, r.Attempted, r.Succeeded+r.Failed+r.AwaitingOutcome)
			require.LessOrEqual(t, r.Accepted+r.Rejected, r.ConfirmationsRequired)
			require.LessOrEqual(t, r.ConfirmationsRequired, r.Succeeded)
		}
	})
}

// Rule AF-2: one broken journey gives an error naming its consent and
// the breaking event, and every other journey still counts: the rows are
// those of the stream without that journey, plus one Broken.
func TestOneBrokenJourney(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genStream(t, false)
		var opensAt []int
		for i, e := range s.events {
			if e.Kind == AuthRequired {
				opensAt = append(opensAt, i)
			}
		}
		if len(opensAt) == 0 {
			t.Skip("no journey")
		}
		i := rapid.SampledFrom(opensAt).Draw(t, "journey")
		victim := s.events[i]
		// The journey's events: from i to the consent's next AuthRequired.
		var rest []Event
		in := true
		for j, e := range s.events {
			if j > i && e.ConsentID == victim.ConsentID && e.Kind == AuthRequired {
				in = false
			}
			if j >= i && in && e.ConsentID == victim.ConsentID {
				continue
			}
			rest = append(rest, e)
		}
		// Break it: a confirmation accepted right after the AuthRequired.
		bad := Event{ConsentID: victim.ConsentID, Kind: ConfirmationAccepted, At: victim.At.Add(time.Nanosecond)}
		broken := slices.Insert(slices.Clone(s.events), i+1, bad)

		rows, _, err := Reference(s.cal, "", broken)
		var ie *InputError
		require.ErrorAs(t, err, &ie)
		require.Equal(t, &JourneyError{Index: i + 1, ConsentID: victim.ConsentID, Kind: ConfirmationAccepted, At: bad.At, Reason: Unexpected, Dropped: 2}, ie.Events[0])
		for _, je := range ie.Events {
			require.Equal(t, victim.ConsentID, je.ConsentID)
		}
		want, _, err := Reference(s.cal, "", rest)
		require.NoError(t, err)
		row := cell{day: s.cal.DateOf(victim.At), auth: victim.AuthType, api: victim.API, tpp: victim.TPPChannel, bank: victim.BankChannel}
		k, found := slices.BinarySearchFunc(want, row, func(r CBBAuthenticationRow, c cell) int { return r.cell().compare(c) })
		if !found {
			want = slices.Insert(want, k, CBBAuthenticationRow{ReportDate: row.day, AuthenticationType: row.auth, APIType: row.api, TPPChannel: row.tpp, BankChannel: row.bank})
		}
		want[k].Broken++
		require.Equal(t, want, rows)
		f := splitMerge(t, stream{events: broken, cal: s.cal})
		require.Equal(t, want, f.Rows(""))
	})
}

// snapshot is f's state with empty maps as nil, for comparing states.
func snapshot(f *Funnel) Funnel {
	g := f.clone()
	if len(g.cells) == 0 {
		g.cells = nil
	}
	if len(g.consents) == 0 {
		g.consents = nil
	}
	return g
}

// Merge laws: commutative, associative, zero identity, argument unchanged,
// Reset gives the zero state; on Funnels of independent streams (whose
// consents may interleave: the laws hold even where exactness does not).
func TestMergeLaws(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cal := kpi.Calendar{}
		mk := func() Funnel {
			s := genStream(t, true)
			return build(cal, s.events)
		}
		a, b, c := mk(), mk(), mk()
		merge := func(x, y Funnel) Funnel {
			z := x.clone()
			z.Merge(&y)
			return z
		}
		require.Equal(t, snapshot(ptr(merge(a, b))), snapshot(ptr(merge(b, a))), "commutative")
		require.Equal(t, snapshot(ptr(merge(merge(a, b), c))), snapshot(ptr(merge(a, merge(b, c)))), "associative")
		var zero Funnel
		require.Equal(t, snapshot(&a), snapshot(ptr(merge(a, zero))), "a + 0")
		require.Equal(t, snapshot(&a), snapshot(ptr(merge(zero, a))), "0 + a")
		before := b.clone()
		x := a.clone()
		x.Merge(&b)
		require.Equal(t, before, b, "argument unchanged")
		x.Merge(&x) // merging into itself doubles
		x.Reset()
		require.Equal(t, snapshot(&zero), snapshot(&x), "reset")
	})
}

func ptr(f Funnel) *Funnel { return &f }

// Add, Merge and Reset do not allocate once the consents and rows exist.
func TestNoAllocations(t *testing.T) {
	events := []Event{
		opens("a", base, Redirect, AIS, Web, App),
		ev("a", AuthAttempted, base.Add(time.Second)),
		ev("a", AuthSucceeded, base.Add(2*time.Second)),
		ev("a", ConfirmationRequired, base.Add(3*time.Second)),
		ev("a", ConfirmationAccepted, base.Add(4*time.Second)),
		ev("a", AuthAttempted, base.Add(5*time.Second)), // NoJourney
		{ConsentID: "a", Kind: 99, At: base},            // bad input
	}
	var f Funnel
	for i := range events {
		_ = f.Add(&events[i])
	}
	require.Zero(t, testing.AllocsPerRun(100, func() {
		for i := range events {
			_ = f.Add(&events[i])
		}
	}), "Add")
	f.Settle()
	g := f.clone()
	require.Zero(t, testing.AllocsPerRun(100, func() { f.Merge(&g) }), "Merge")
	require.Zero(t, testing.AllocsPerRun(100, func() { f.Reset() }), "Reset")
}
