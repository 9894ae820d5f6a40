package book

import (
	"bytes"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
	"github.com/openfinance-kpi/kpi/performance"
)

var t0 = time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)

func call(ep string, at time.Time, status int, ttlb time.Duration) kpi.Call {
	return kpi.Call{ReceivedAt: at, Endpoint: ep, Status: status, TTLB: ttlb, TTFB: ttlb / 2, HasTTFB: true, ResponseBytes: 1000, Records: 150}
}

// EndpointDay.Add, Merge and Reset allocate nothing once the state holds
// the values and seconds it sees (the Histogram's page and the per-second
// tables are then allocated).
func TestEndpointDayAllocs(t *testing.T) {
	e := NewEndpointDay(performance.Options{Threshold: 500 * time.Millisecond}, true)
	c := call("POST /payments", t0, 201, 300*time.Millisecond)
	require.NoError(t, e.Add(&c))
	require.Zero(t, testing.AllocsPerRun(1000, func() { _ = e.Add(&c) }), "Add")
	o := NewEndpointDay(performance.Options{Threshold: 500 * time.Millisecond}, true)
	require.NoError(t, o.Add(&c))
	require.NoError(t, e.Merge(&o))
	require.Zero(t, testing.AllocsPerRun(100, func() { _ = e.Merge(&o) }), "Merge")
	require.Zero(t, testing.AllocsPerRun(100, func() { e.Reset() }), "Reset")
}

// A bad call is counted in Rejected by its reason and changes no figure.
func TestEndpointDayRejects(t *testing.T) {
	e := NewEndpointDay(performance.Options{}, false)
	bad := call("GET /a", t0, 150, time.Second) // a final 1xx is no outcome
	require.ErrorIs(t, e.Add(&bad), kpi.BadStatus)
	require.Equal(t, uint64(1), e.Rejections[kpi.BadStatus])
	require.Zero(t, e.Calls())
	require.True(t, e.Perf.Empty())
}

// Merge refuses states of different Stats options and leaves the
// receiver's figures as they were.
func TestEndpointDayMergeOptionsDiffer(t *testing.T) {
	a := NewEndpointDay(performance.Options{Threshold: time.Second}, false)
	b := NewEndpointDay(performance.Options{Threshold: 2 * time.Second}, false)
	c := call("GET /a", t0, 200, time.Second)
	require.NoError(t, a.Add(&c))
	require.NoError(t, b.Add(&c))
	require.ErrorIs(t, a.Merge(&b), kpi.ErrOptionsDiffer)
	require.Equal(t, uint64(1), a.Calls())
}

// The encoding laws (internal/kpitest.CheckCodec): round trip, identical
// re-encoding, truncation, foreign kinds, trailing bytes.
func TestEndpointDayCodec(t *testing.T) {
	e := NewEndpointDay(performance.Options{Threshold: time.Second}, true)
	for i, st := range []int{200, 201, 503, 0, 404, 302} {
		c := call("POST /payments", t0.Add(time.Duration(i)*time.Second), st, time.Duration(i+1)*100*time.Millisecond)
		require.NoError(t, e.Add(&c))
	}
	bad := call("POST /payments", t0, 99, 0)
	_ = e.Add(&bad)
	kpitest.CheckCodec(t, &e, func(a, b *EndpointDay) {
		x, err := a.MarshalBinary()
		require.NoError(t, err)
		y, err := b.MarshalBinary()
		require.NoError(t, err)
		require.True(t, bytes.Equal(x, y))
		require.Equal(t, a.Payment, b.Payment)
		require.Equal(t, a.Rejections, b.Rejections)
		require.Equal(t, a.Volumes.Figures(), b.Volumes.Figures())
	})
	// A non-payment endpoint-day whose PIPS holds payments is impossible.
	var np EndpointDay
	pay := NewEndpointDay(performance.Options{}, true)
	c := call("POST /payments", t0, 201, time.Second)
	require.NoError(t, pay.Add(&c))
	enc, err := pay.MarshalBinary()
	require.NoError(t, err)
	enc[3] = 0 // the Payment flag, right after the 3-byte header
	require.Error(t, np.UnmarshalBinary(enc))
}

// Book.Add refuses what it cannot count, saying why; Close refuses an
// observation end before the last call and invalid options; Merge refuses
// books of another configuration.
func TestBookRefusals(t *testing.T) {
	cfg := Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(time.UTC)}
	b := New(cfg)
	c := call("GET /a", t0, 200, time.Second)
	require.NoError(t, b.Add(&c, 1))
	bad := call("GET /a", t0, 200, -time.Second)
	require.ErrorIs(t, b.Add(&bad, 2), kpi.NegativeTTLB)
	far := call("GET /a", time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC), 200, time.Second)
	require.ErrorIs(t, b.Add(&far, 3), ErrOutOfRange)
	require.Equal(t, uint64(1), b.OutOfRange())
	require.Equal(t, uint64(1), b.Calls())

	_, err := b.Close(t0.Add(-time.Nanosecond), nil, nil)
	require.ErrorIs(t, err, ErrAsOfBeforeLastCall)
	res, err := b.Close(t0, nil, nil) // asOf equal to the last call is fine
	require.NoError(t, err)
	require.Equal(t, uint64(1), res.OutOfRange)

	cbb := cfg
	cbb.Profile = benchmark.CBB()
	require.ErrorIs(t, b.Merge(New(cbb)), ErrConfigDiffers)
	dubai := cfg
	dubai.Calendar = kpi.NewCalendar(time.FixedZone("Asia/Dubai", 4*3600))
	require.ErrorIs(t, b.Merge(New(dubai)), ErrConfigDiffers)
	require.Equal(t, uint64(1), b.Calls(), "a refused merge changes nothing")

	badOpts := cfg
	badOpts.Profile.Availability.N = -1
	nb := New(badOpts)
	require.NoError(t, nb.Add(&c, 1))
	_, err = nb.Close(time.Time{}, nil, nil)
	// The options' own refusal, named: N = -1 is no series length.
	require.EqualError(t, err, "book: availability: negative N -1")
}

// Rule AV-PLAN-1 and the rows: an endpoint named only by a planned window
// gets a row on the days the window covers; the interface row is last and
// carries the union. Hand-derived: a 30-minute global window and a 1-hour
// window on GET /nope on 1 March (UTC, CBUAE's fixed 86,400 s day): GET /a
// has 1,800 s planned, GET /nope 3,600 s, the interface the union 3,600 s
// (the global window lies inside GET /nope's), uptime 100 - 3600/864 =
// 95.833... %.
func TestBookPlannedRowsAndInterface(t *testing.T) {
	cfg := Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(time.UTC)}
	b := New(cfg)
	c := call("GET /a", t0, 200, time.Second)
	require.NoError(t, b.Add(&c, 7))
	day := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	planned := []availability.Window{
		{Interval: kpi.Interval{Start: day.Add(2 * time.Hour), End: day.Add(2*time.Hour + 30*time.Minute)}},
		{Interval: kpi.Interval{Start: day.Add(2 * time.Hour), End: day.Add(3 * time.Hour)}, Endpoint: "GET /nope"},
	}
	res, err := b.Close(time.Time{}, planned, nil)
	require.NoError(t, err)
	require.Equal(t, []string{"GET /a", "GET /nope"}, res.Endpoints)
	require.Len(t, res.Rows, 3)
	require.Equal(t, "1800.000", res.Rows[0].PlannedSeconds.Format(3))
	require.Equal(t, "GET /nope", res.Rows[1].Endpoint)
	require.Nil(t, res.Rows[1].State)
	require.Equal(t, "3600.000", res.Rows[1].PlannedSeconds.Format(3))
	require.True(t, res.Rows[2].Interface)
	require.Equal(t, "3600.000", res.Rows[2].DowntimeSeconds.Format(3))
	require.Equal(t, "95.833", res.Rows[2].UptimePercent.Format(3))
	require.Equal(t, uint64(1), res.Rows[2].Calls)
}

// Rule AV-EVIDENCE-2: a day inside the report on which no call arrived is
// unobserved: its computed uptime (100 %, nothing went down) is judged NO
// DATA, never PASS, while the days with calls are judged as usual. Calls
// on 1 and 3 March (UTC, CBUAE), none on 2 March.
func TestBookUnobservedDayIsNoData(t *testing.T) {
	b := New(Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(time.UTC)})
	for i, at := range []time.Time{t0, t0.Add(48 * time.Hour)} {
		c := call("GET /accounts", at, 200, 100*time.Millisecond)
		require.NoError(t, b.Add(&c, int64(i)))
	}
	res, err := b.Close(time.Time{}, nil, nil)
	require.NoError(t, err)
	verdicts := map[string]benchmark.Verdict{}
	for _, f := range res.Findings() {
		if f.Target.ID == "cbuae.uptime" {
			verdicts[f.Period.First.String()] = f.Verdict
		}
	}
	require.Equal(t, map[string]benchmark.Verdict{
		"2026-03-01": benchmark.Pass, "2026-03-02": benchmark.Unjudged, "2026-03-03": benchmark.Pass,
	}, verdicts)
	require.False(t, res.Days("")[1].Observed())
	require.Equal(t, uint64(1), res.Days("")[0].Calls)
}

// Rule AV-SCOPE-1 and its OPTION under AV-CONSEC (CBB): five unanswered
// calls within 30 s spread over three endpoints (2 + 2 + 1) make no series
// on any endpoint's own walk, so the DEFAULT interface row has no
// downtime; with InterfaceWide the interface walk finds the series: down
// from the first call's ReceivedAt (10:00:00) to the next success's
// ReceivedAt + TTLB (10:00:40 + 1 s), 41 s, on the interface row only.
func TestBookInterfaceWideWalk(t *testing.T) {
	eps := []string{"GET /a", "GET /b", "GET /a", "GET /c", "GET /b"}
	var calls []kpi.Call
	for i, ep := range eps {
		calls = append(calls, call(ep, t0.Add(time.Duration(i)*5*time.Second), 503, 10*time.Millisecond))
	}
	calls = append(calls, call("GET /c", t0.Add(40*time.Second), 200, time.Second))
	for _, wide := range []bool{false, true} {
		p := benchmark.CBB()
		p.Availability.InterfaceWide = wide
		b := New(Config{Profile: p, Calendar: kpi.NewCalendar(time.UTC)})
		for i := range calls {
			require.NoError(t, b.Add(&calls[i], int64(i)))
		}
		res, err := b.Close(time.Time{}, nil, nil)
		require.NoError(t, err)
		last := res.Rows[len(res.Rows)-1]
		require.True(t, last.Interface)
		want := "0.000"
		if wide {
			want = "41.000"
		}
		require.Equal(t, want, last.DowntimeSeconds.Format(3), "interface-wide %v", wide)
		for _, rw := range res.Rows[:len(res.Rows)-1] {
			require.Equal(t, "0.000", rw.DowntimeSeconds.Format(3), "%s keeps its own walk", rw.Endpoint)
		}
	}
}

// Rule EP-2 in the findings: with calls only on GET /accounts (bank
// data), CBUAE's service-initiation target has NO DATA and says that no
// endpoint of its group was seen.
func TestBookGroupNotSeen(t *testing.T) {
	b := New(Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(time.UTC)})
	c := call("GET /accounts", t0, 200, 100*time.Millisecond)
	require.NoError(t, b.Add(&c, 1))
	res, err := b.Close(time.Time{}, nil, nil)
	require.NoError(t, err)
	for _, f := range res.Findings() {
		if f.Target.ID == "cbuae.service-initiation.avg-ttlb" {
			require.Equal(t, benchmark.Unjudged, f.Verdict)
			require.Contains(t, f.Note, "no endpoint of group service initiation seen")
			return
		}
	}
	t.Fatal("no service-initiation finding")
}

// Rule EP-1 in the book: with a catalogue in force a raw path is counted
// under its template's ID and a path outside is refused and listed.
func TestBookCatalogue(t *testing.T) {
	cat, err := kpi.NewCatalogue("GET /accounts/{AccountID}/balances")
	require.NoError(t, err)
	b := New(Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(time.UTC), Catalogue: cat})
	in := call("GET /accounts/A1/balances?x=1", t0, 200, time.Second)
	out := call("GET /favicon.ico", t0, 404, time.Millisecond)
	require.NoError(t, b.Add(&in, 1))
	require.ErrorIs(t, b.Add(&out, 2), ErrOutsideCatalogue)
	require.ErrorIs(t, b.Add(&out, 3), ErrOutsideCatalogue)
	res, err := b.Close(time.Time{}, nil, nil)
	require.NoError(t, err)
	require.Equal(t, []string{"GET /accounts/{AccountID}/balances"}, res.Endpoints)
	require.Equal(t, []kpi.EndpointCount{{Endpoint: "GET /favicon.ico", Calls: 2}}, res.Outside)
	require.Equal(t, uint64(1), res.Calls)
}

// Close accounts an endpoint only on the days it had calls or downtime:
// 100 endpoints with a call each on the first and the last of 5,001 days
// used to be accounted on 100 × 5,001 endpoint-days (every day of the
// span); the rows are the 5,001 interface rows and the 200 endpoint-days
// with calls, and Close allocates under 16 MiB (measured: 3.7 MiB; the
// dense accounting: 68 MiB). Days still gives an endpoint's whole span.
func TestCloseSparseOverLongSpan(t *testing.T) {
	b := New(Config{Profile: benchmark.Platform(), Calendar: kpi.NewCalendar(time.UTC)})
	first := time.Date(2000, 1, 1, 12, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 0, 5000)
	for i := range 100 {
		for _, at := range []time.Time{first, last} {
			c := kpi.Call{ReceivedAt: at, Endpoint: fmt.Sprintf("GET /e%03d", i), Status: 200, TTLB: time.Millisecond}
			require.NoError(t, b.Add(&c, int64(i)))
		}
	}
	var res *Result
	var err error
	allocated := kpitest.AllocatedBy(func() { res, err = b.Close(time.Time{}, nil, nil) })
	require.NoError(t, err)
	t.Logf("Close allocated %d bytes", allocated)
	require.Len(t, res.Rows, 5001+200)
	require.Less(t, allocated, uint64(16<<20))
	days := res.Days("GET /e042")
	require.Len(t, days, 5001)
	require.Equal(t, uint64(1), days[0].Calls)
	require.Equal(t, uint64(1), days[5000].Calls)
	require.Zero(t, days[2500].Calls)
	require.Equal(t, "GET /e042", days[2500].Endpoint)
	require.Equal(t, 24*time.Hour, days[2500].Length)
	require.Equal(t, uint64(100), res.Days("")[5000].Calls)
}

// Result.Day reads one accounted day without building the span: a day of
// the endpoint with calls, a day without (no downtime, no calls, the day's
// length), and nothing outside the span or for an unknown endpoint.
func TestResultDay(t *testing.T) {
	b := New(Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(time.UTC)})
	for i, at := range []time.Time{t0, t0.Add(48 * time.Hour)} {
		c := call("GET /a", at, 200, time.Millisecond)
		require.NoError(t, b.Add(&c, int64(i)))
	}
	res, err := b.Close(time.Time{}, nil, nil)
	require.NoError(t, err)
	d0 := kpi.DateOf(2026, 3, 1)
	day, ok := res.Day("GET /a", d0)
	require.True(t, ok)
	require.Equal(t, uint64(1), day.Calls)
	day, ok = res.Day("GET /a", d0+1)
	require.True(t, ok)
	require.Zero(t, day.Calls)
	require.Equal(t, 24*time.Hour, day.Length)
	require.False(t, day.Observed())
	_, ok = res.Day("GET /a", d0+3)
	require.False(t, ok)
	_, ok = res.Day("GET /nope", d0)
	require.False(t, ok)
}

// Two payment endpoint-days whose PIPS count different successes cannot
// merge, and the refusal comes before anything changes: the Stats, whose
// options agree, are not merged either.
func TestEndpointDayMergePIPSOptionsDifferChangesNothing(t *testing.T) {
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	pay := func(opts performance.PIPSOptions) EndpointDay {
		e := NewEndpointDay(performance.Options{}, true)
		p := performance.NewPIPS(opts)
		e.PIPS = &p
		c := call("POST /payments", at, 201, 100*time.Millisecond)
		require.NoError(t, e.Add(&c))
		return e
	}
	a, b := pay(performance.PIPSOptions{}), pay(performance.PIPSOptions{Success: performance.CBBStrict})
	before, err := a.MarshalBinary()
	require.NoError(t, err)
	require.ErrorIs(t, a.Merge(&b), kpi.ErrOptionsDiffer)
	after, err := a.MarshalBinary()
	require.NoError(t, err)
	require.Equal(t, before, after, "nothing merged")
	require.Equal(t, uint64(1), a.Perf.Calls())
}

// Merge and Absorb refuse, before changing anything, books whose call
// counts would pass 2^64 − 1 together (a decoded or crafted book).
func TestBookMergeCallsOverflow(t *testing.T) {
	cfg := Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(time.UTC)}
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	a, o := New(cfg), New(cfg)
	c := call("GET /accounts", at, 200, time.Millisecond)
	require.NoError(t, o.Add(&c, 1))
	a.calls = math.MaxUint64 // 2^64 − 1 calls and 1 more cannot be counted
	require.ErrorIs(t, a.Merge(o), kpi.ErrMergeOverflow)
	require.ErrorIs(t, a.Absorb(o), kpi.ErrMergeOverflow)
	require.Equal(t, uint64(math.MaxUint64), a.Calls())
	require.Equal(t, uint64(1), o.Calls(), "o not reset by a refused Absorb")
	require.Equal(t, 0, a.Pending(), "no record merged")
}
