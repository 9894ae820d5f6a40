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

// stream is a generated input: the events in slice order, the calendar
// and the options.
type stream struct {
	events []Event
	cal    kpi.Calendar
	opts   Options
}

// walk draws one journey by a random walk over the state machine (Rule
// AF-2): every valid path, ended or left open.
func walk(t *rapid.T) []Kind {
	p := []Kind{AuthRequired}
	for s := AuthRequired; ; {
		var nexts []Kind
		for k := AuthAttempted; k <= ConfirmationRejected; k++ {
			if _, ok := next(s, k); ok {
				nexts = append(nexts, k)
			}
		}
		i := rapid.IntRange(0, len(nexts)).Draw(t, "step") // len: leave it open
		if i == len(nexts) {
			return p
		}
		s = nexts[i]
		p = append(p, s)
		if _, done := endOf(s); done {
			return p
		}
	}
}

// genStream draws events for up to 6 consents over about three days, each
// consent's events at strictly increasing instants (but for exact
// duplicates), interleaved in time order. Bank channels are sometimes
// known only at a later event, or never. With defects, about one event
// in eight is damaged in one of the ways the package rejects; with dups,
// some events are delivered twice in a row.
func genStream(t *rapid.T, defects, dups bool) stream {
	zones := []kpi.Calendar{{}, kpi.NewCalendar(time.FixedZone("UTC+3", 3*3600)), kpi.NewCalendar(time.FixedZone("UTC-11", -11*3600))}
	s := stream{cal: rapid.SampledFrom(zones).Draw(t, "cal"), opts: Options{AttemptTimeoutIsFailure: rapid.Bool().Draw(t, "failure")}}
	channels := []Channel{0, Web, App}
	var all []Event
	nc := rapid.IntRange(0, 6).Draw(t, "consents")
	for c := 0; c < nc; c++ {
		id := "c" + strconv.Itoa(c)
		at := base.Add(time.Duration(rapid.IntRange(0, 2*86400).Draw(t, "start")) * time.Second)
		nj := rapid.IntRange(1, 4).Draw(t, "journeys")
		for j := 0; j < nj; j++ {
			dims := Event{
				AuthType:    rapid.SampledFrom([]AuthType{Redirect, Decoupled}).Draw(t, "auth"),
				API:         rapid.SampledFrom([]API{AIS, PIS}).Draw(t, "api"),
				TPPChannel:  rapid.SampledFrom([]Channel{Web, App}).Draw(t, "tpp"),
				BankChannel: rapid.SampledFrom([]Channel{Web, App, 0}).Draw(t, "bank"),
			}
			for i, k := range walk(t) {
				e := Event{ConsentID: id, Kind: k, At: at}
				if i == 0 {
					e.AuthType, e.API, e.TPPChannel, e.BankChannel = dims.AuthType, dims.API, dims.TPPChannel, dims.BankChannel
				} else {
					e.BankChannel = rapid.SampledFrom(channels).Draw(t, "later bank")
				}
				at = at.Add(time.Duration(rapid.IntRange(1, 3*3600).Draw(t, "gap")) * time.Second)
				if defects {
					switch rapid.IntRange(0, 30).Draw(t, "defect") {
					case 0:
						e.Kind = Kind(rapid.IntRange(0, 10).Draw(t, "kind"))
					case 1:
						continue // a lost event
					case 2:
						e.API = 0
					case 3:
						e.ConsentID = ""
					case 4:
						e.BankChannel = 7
					case 5:
						e.At = time.Time{}
					}
				}
				all = append(all, e)
				if dups && rapid.IntRange(0, 8).Draw(t, "dup") == 0 {
					all = append(all, e)
				}
			}
		}
	}
	slices.SortStableFunc(all, func(a, b Event) int { return a.At.Compare(b.At) })
	s.events = all
	return s
}

// genClosings draws up to two closings over the stream's days.
func genClosings(t *rapid.T) []Closing {
	var out []Closing
	for i, n := 0, rapid.IntRange(0, 2).Draw(t, "closings"); i < n; i++ {
		out = append(out, Closing{
			AsOf: base.Add(time.Duration(rapid.IntRange(0, 4*86400).Draw(t, "asOf")) * time.Second),
			Idle: time.Duration(rapid.IntRange(-60, 6*3600).Draw(t, "idle")) * time.Second,
		})
	}
	return out
}

func build(s stream) Funnel {
	f := NewFunnel(s.cal, s.opts)
	for i := range s.events {
		_ = f.Add(&s.events[i])
	}
	return f
}

func closeWith(f *Funnel, cs []Closing) {
	for _, c := range cs {
		f.Close(c.AsOf, c.Idle)
	}
}

// splitMerge deals each consent's events, cut into runs, to distinct
// parts (a run is contiguous in the consent's own order; every part sees
// the events it gets in stream order), then merges two random parts until
// one is left: any split by consent and by time, any merge tree.
func splitMerge(t *rapid.T, s stream) Funnel {
	k := rapid.IntRange(1, 5).Draw(t, "parts")
	parts := make([]*Funnel, k)
	for i := range parts {
		f := NewFunnel(s.cal, s.opts)
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
		require.NoError(t, parts[i].Merge(parts[j]))
		parts = append(parts[:j], parts[j+1:]...)
	}
	return *parts[0]
}

// template is c's template fields (2.7 to 2.14) only.
func template(c Counts) Counts {
	return Counts{Required: c.Required, Attempted: c.Attempted, Abandoned: c.Abandoned, Succeeded: c.Succeeded,
		Failed: c.Failed, ConfirmationsRequired: c.ConfirmationsRequired, Accepted: c.Accepted, Rejected: c.Rejected}
}

// requireSound checks what every Report promises: each row satisfies AF-2
// exactly and has a journey that ended; the rows' template fields add up
// to the totals'.
func requireSound(t require.TestingT, rep Report) {
	for _, r := range rep.Rows {
		require.NoError(t, r.Check())
		require.NotZero(t, r.Required, "a row whose template fields are all 0")
		require.True(t, r.cell().valid())
	}
	require.NoError(t, rep.Totals.Check())
	require.Equal(t, template(Total(rep.Rows)), template(rep.Totals))
}

// Rules AF-1, AF-2: the accumulator equals the reference on any input,
// under any split and merge order, after any closings; every row
// satisfies AF-2; every event is counted or rejected; Settle changes no
// result.
func TestFunnelEqualsReferenceUnderAnySplit(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genStream(t, rapid.Bool().Draw(t, "defects"), rapid.Bool().Draw(t, "dups"))
		cs := genClosings(t)
		want, counted, _ := reference(s.cal, s.opts, "E", s.events, cs)
		requireSound(t, want)
		require.Equal(t, uint64(len(s.events)), counted+want.Rejections.Total(), "every event counted or rejected")

		whole := build(s)
		closeWith(&whole, cs)
		require.Equal(t, want, whole.Report("E"))

		merged := splitMerge(t, s)
		closeWith(&merged, cs)
		require.Equal(t, want, merged.Report("E"))
		require.Equal(t, want.Rows, merged.Rows("E"))
		require.Equal(t, want.Totals, merged.Totals())
		require.Equal(t, want.Rejections, merged.Rejections())

		merged.Settle()
		require.Equal(t, want, merged.Report("E"))
	})
}

// Rule AF-2 after any Close: Close called at any points of the stream,
// with any asOf and idle, leaves every row satisfying AF-2 exactly, and
// no row without an ended journey.
func TestAF2AfterAnyClose(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genStream(t, rapid.Bool().Draw(t, "defects"), rapid.Bool().Draw(t, "dups"))
		f := NewFunnel(s.cal, s.opts)
		for i := range s.events {
			_ = f.Add(&s.events[i])
			if rapid.IntRange(0, 5).Draw(t, "close now") == 0 {
				idle := time.Duration(rapid.IntRange(0, 3*3600).Draw(t, "idle")) * time.Second
				f.Close(s.events[i].At, idle)
				requireSound(t, f.Report(""))
			}
			if rapid.IntRange(0, 10).Draw(t, "settle now") == 0 {
				before := f.Report("")
				f.Settle()
				require.Equal(t, before, f.Report(""))
			}
		}
		f.Close(base.AddDate(1, 0, 0), 0)
		rep := f.Report("")
		requireSound(t, rep)
		require.Zero(t, rep.Totals.Awaiting(), "a close after every event leaves no journey open")
	})
}

// Rule AF-2: one broken journey gives an error naming its consent and the
// breaking event, and every other journey still counts: the results are
// those of the stream without that journey, plus one Broken.
func TestOneBrokenJourney(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genStream(t, false, false)
		var firsts []int // first AuthRequired of each consent: no journey before it
		seen := map[string]bool{}
		for i, e := range s.events {
			if e.Kind == AuthRequired && !seen[e.ConsentID] {
				firsts = append(firsts, i)
				seen[e.ConsentID] = true
			}
		}
		if len(firsts) == 0 {
			t.Skip("no journey")
		}
		i := rapid.SampledFrom(firsts).Draw(t, "journey")
		victim := s.events[i]
		// The journey's events: from i to the consent's next AuthRequired.
		var rest []Event
		var later []int // the victim's events after its AuthRequired, in the broken stream
		in := true
		for j, e := range s.events {
			if j > i && e.ConsentID == victim.ConsentID && e.Kind == AuthRequired {
				in = false
			}
			if j >= i && in && e.ConsentID == victim.ConsentID {
				if j > i {
					later = append(later, j+1) // one event is inserted before it
				}
				continue
			}
			rest = append(rest, e)
		}
		// Break it: a confirmation accepted right after the AuthRequired.
		bad := Event{ConsentID: victim.ConsentID, Kind: ConfirmationAccepted, At: victim.At.Add(time.Nanosecond)}
		broken := slices.Insert(slices.Clone(s.events), i+1, bad)

		got, err := Reference(s.cal, s.opts, "", broken)
		var ie *InputError
		require.ErrorAs(t, err, &ie)
		want, err := Reference(s.cal, s.opts, "", rest)
		var others int // the other journeys' errors (NoBankChannel)
		if err != nil {
			var re *InputError
			require.ErrorAs(t, err, &re)
			others = len(re.Events)
		}
		var mine []*JourneyError
		for _, je := range ie.Events {
			if je.Index == i+1 || slices.Contains(later, je.Index) {
				mine = append(mine, je)
			}
		}
		require.Len(t, ie.Events, len(mine)+others)
		require.Equal(t, &JourneyError{Index: i + 1, ConsentID: victim.ConsentID, Kind: ConfirmationAccepted, At: bad.At, Reason: Unexpected, Dropped: 2}, mine[0])
		require.Len(t, mine, 1+len(later))
		for k, je := range mine[1:] {
			require.Equal(t, victim.ConsentID, je.ConsentID)
			require.Equal(t, later[k], je.Index)
			require.Equal(t, NoJourney, je.Reason)
		}
		row := cell{day: s.cal.DateOf(victim.At), auth: victim.AuthType, api: victim.API, tpp: victim.TPPChannel, bank: victim.BankChannel}
		if k, found := slices.BinarySearchFunc(want.Rows, row, func(r CBBAuthenticationRow, c cell) int { return r.cell().compare(c) }); found {
			want.Rows[k].Broken++
		}
		want.Totals.Broken++
		want.Rejections[Unexpected] += 2
		want.Rejections[NoJourney] += uint64(len(later))
		require.Equal(t, want, got)
		f := splitMerge(t, stream{events: broken, cal: s.cal, opts: s.opts})
		require.Equal(t, want, f.Report(""))
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
		mk := func() Funnel {
			s := genStream(t, true, true)
			s.cal, s.opts = kpi.Calendar{}, Options{}
			f := build(s)
			if rapid.Bool().Draw(t, "closed") {
				closeWith(&f, genClosings(t))
			}
			return f
		}
		a, b, c := mk(), mk(), mk()
		merge := func(x, y Funnel) Funnel {
			z := x.clone()
			z.Merge(&y)
			return z
		}
		require.Equal(t, snapshot(ptr(merge(a, b))), snapshot(ptr(merge(b, a))), "commutative")
		require.Equal(t, snapshot(ptr(merge(merge(a, b), c))), snapshot(ptr(merge(a, merge(b, c)))), "associative")
		require.Equal(t, ptr(merge(a, b)).Report("E"), ptr(merge(b, a)).Report("E"), "commutative results")
		var zero Funnel
		require.Equal(t, snapshot(&a), snapshot(ptr(merge(a, zero))), "a + 0")
		require.Equal(t, snapshot(&a), snapshot(ptr(merge(zero, a))), "0 + a")
		before := b.clone()
		x := a.clone()
		x.Merge(&b)
		require.Equal(t, before, b, "argument unchanged")
		y, cp := x.clone(), x.clone()
		y.Merge(&cp)
		x.Merge(&x)
		require.Equal(t, snapshot(&y), snapshot(&x), "x.Merge(x) merges a copy")
		x.Reset()
		require.Equal(t, snapshot(&zero), snapshot(&x), "reset")
	})
}

func ptr(f Funnel) *Funnel { return &f }

// Add, Merge, Close and Reset do not allocate once the consents and rows
// exist (the package doc's promise).
func TestNoAllocations(t *testing.T) {
	events := []Event{
		opens("a", base, Redirect, AIS, Web, App),
		step("a", AuthAttempted, base.Add(time.Second)),
		step("a", AuthAttempted, base.Add(time.Second)), // Duplicate
		step("a", AuthSucceeded, base.Add(2*time.Second)),
		step("a", ConfirmationRequired, base.Add(3*time.Second)),
		step("a", ConfirmationAccepted, base.Add(4*time.Second)),
		step("a", AuthAttempted, base.Add(5*time.Second)), // NoJourney
		opens("b", base, Redirect, AIS, Web, App),
		step("b", ConfirmationAccepted, base.Add(time.Second)), // Unexpected
		opens("c", base, Redirect, AIS, Web, 0),
		step("c", AuthAbandoned, base.Add(time.Second)), // NoBankChannel
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
	f.Close(base.Add(time.Hour), 0)
	require.Zero(t, testing.AllocsPerRun(100, func() { f.Close(base.Add(time.Hour), 0) }), "Close")
	f.Settle()
	require.Zero(t, f.Consents())
	g := f.clone()
	require.Zero(t, testing.AllocsPerRun(100, func() { f.Merge(&g) }), "Merge of a settled Funnel with no new row")
	require.Zero(t, testing.AllocsPerRun(100, func() { f.Reset() }), "Reset")
}
