package book

import (
	"fmt"
	"math/big"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
)

// genCalls draws calls over three endpoints (one of them a CBUAE payment
// endpoint) across the three local days around London's 2026 spring change
// (28 March 24 h, 29 March 23 h, 30 March 24 h), with instants drawn from a
// small grid so that equal instants are common, every class and a bad
// status among the statuses, and the flags that change figures.
func genCalls(t *rapid.T, loc *time.Location) []kpi.Call { return genCallsUpTo(t, loc, 60) }

// genCallsUpTo is genCalls with at most max calls.
func genCallsUpTo(t *rapid.T, loc *time.Location, max int) []kpi.Call {
	base := time.Date(2026, 3, 28, 0, 0, 0, 0, loc)
	eps := []string{"GET /accounts", "GET /accounts/{AccountID}/balances", "POST /payments", "GET /banking/payees", "POST /token"}
	n := rapid.IntRange(0, max).Draw(t, "n")
	// Either spread over the three days, or crowded into two hours so
	// that AV-CONSEC series (five unanswered within 30 s) are common.
	steps := rapid.SampledFrom([]int{71 * 4, 8}).Draw(t, "steps")
	calls := make([]kpi.Call, n)
	for i := range calls {
		c := &calls[i]
		// 71 hours in 15-minute steps plus a few seconds: the days'
		// edges, the DST gap and equal instants all happen.
		step := rapid.IntRange(0, steps).Draw(t, "step")
		sec := rapid.SampledFrom([]int{0, 0, 1, 7, 29, 31}).Draw(t, "sec")
		c.ReceivedAt = base.Add(time.Duration(step)*15*time.Minute + time.Duration(sec)*time.Second)
		c.Endpoint = rapid.SampledFrom(eps).Draw(t, "endpoint")
		c.Status = rapid.SampledFrom([]int{0, 200, 201, 204, 299, 302, 399, 404, 499, 500, 503, 599, 199}).Draw(t, "status")
		c.TTLB = time.Duration(rapid.SampledFrom([]int64{0, 1, 120, 500, 999, 30000, 31000, 3600000}).Draw(t, "ttlbMs")) * time.Millisecond
		if rapid.Bool().Draw(t, "ttfbKnown") {
			c.TTFB, c.HasTTFB = c.TTLB/2, true
		} else {
			c.HasTTFB = false
		}
		c.ResponseBytes = rapid.Int64Range(0, 3_000_000).Draw(t, "bytes")
		c.Records = rapid.SampledFrom([]int64{0, 1, 100, 101, 250}).Draw(t, "records")
		c.NotAttributable = rapid.IntRange(0, 9).Draw(t, "notAttr") == 0
		c.Rejected = rapid.IntRange(0, 9).Draw(t, "rejected") == 0
		c.CustomerPresent = kpi.Flag(rapid.IntRange(0, 2).Draw(t, "present"))
		c.Authenticated = kpi.Flag(rapid.IntRange(0, 2).Draw(t, "auth"))
		c.TrafficRejected = kpi.Flag(rapid.IntRange(0, 2).Draw(t, "traffic"))
	}
	return calls
}

// genConfig draws a profile whose availability rule is AV-CLOCK (CBUAE,
// fixed days) or AV-CONSEC (CBB, real days) in London.
func genConfig(t *rapid.T, loc *time.Location) Config {
	p := benchmark.CBUAE()
	if rapid.Bool().Draw(t, "consecutive") {
		p = benchmark.CBB()
		p.PaymentEndpoints = []string{"POST /payments"}
		// AV-SCOPE-1's OPTION: one more walk over the interface's calls.
		p.Availability.InterfaceWide = rapid.Bool().Draw(t, "interfaceWide")
	}
	if rapid.Bool().Draw(t, "cdr") { // the CDR tier groups route two of the endpoints
		p = benchmark.CDR()
	}
	x := Extras{
		P95: rapid.Bool().Draw(t, "p95"), Medians: rapid.Bool().Draw(t, "medians"), Minutes: rapid.Bool().Draw(t, "minutes"),
		Tiers: rapid.Bool().Draw(t, "tiers"), Codes: rapid.Bool().Draw(t, "codes"),
	}
	return Config{Profile: p, Calendar: kpi.NewCalendar(loc), Extras: x}
}

// genWindows draws planned windows (global and per endpoint, one naming an
// endpoint no call uses) around the same days.
func genWindows(t *rapid.T, loc *time.Location, label string) []availability.Window {
	base := time.Date(2026, 3, 28, 0, 0, 0, 0, loc)
	var ws []availability.Window
	for i := range rapid.IntRange(0, 2).Draw(t, label+"n") {
		start := base.Add(time.Duration(rapid.IntRange(0, 70).Draw(t, fmt.Sprint(label, "start", i))) * time.Hour)
		end := start.Add(time.Duration(rapid.IntRange(0, 180).Draw(t, fmt.Sprint(label, "min", i))) * time.Minute)
		ep := rapid.SampledFrom([]string{"", "GET /accounts", "GET /nope"}).Draw(t, fmt.Sprint(label, "ep", i))
		ws = append(ws, availability.Window{Interval: kpi.Interval{Start: start, End: end}, Endpoint: ep})
	}
	return ws
}

// Property: for any calls, any split into books (in any order within each
// book, empty books included) and any tree of merges, Close gives exactly
// what Reference gives on the whole input: every row's figures and
// availability, and every outage with its evidence.
func TestPropCloseEqualsReferenceUnderAnySplitAndMerge(t *testing.T) {
	loc, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	rapid.Check(t, func(t *rapid.T) {
		cfg := genConfig(t, loc)
		calls := genCalls(t, loc)
		planned, monitoring := genWindows(t, loc, "planned"), genWindows(t, loc, "monitoring")
		k := rapid.IntRange(1, 4).Draw(t, "books")
		books := make([]*Book, k)
		for i := range books {
			books[i] = New(cfg)
		}
		for _, i := range rapid.Permutation(indices(len(calls))).Draw(t, "order") {
			c := calls[i]
			if rapid.Bool().Draw(t, "freshString") { // the look-up cache's miss path
				c.Endpoint = strings.Clone(c.Endpoint)
			}
			_ = books[rapid.IntRange(0, k-1).Draw(t, "book")].Add(&c, int64(i))
		}
		for len(books) > 1 { // a random tree of merges
			i := rapid.IntRange(0, len(books)-1).Draw(t, "into")
			j := rapid.IntRange(0, len(books)-2).Draw(t, "from")
			if j >= i {
				j++
			}
			if rapid.Bool().Draw(t, "absorb") {
				require.NoError(t, books[i].Absorb(books[j]))
				require.Zero(t, books[j].Calls())
			} else {
				require.NoError(t, books[i].Merge(books[j]))
			}
			books = append(books[:j], books[j+1:]...)
		}
		books[0].SetWorkers(rapid.SampledFrom([]int{1, 3}).Draw(t, "workers")) // Close on several goroutines
		got, err := books[0].Close(time.Time{}, planned, monitoring)
		require.NoError(t, err)
		want, err := Reference(cfg, calls, time.Time{}, planned, monitoring)
		require.NoError(t, err)
		requireSameResult(t, want, got)
	})
}

// Property: Merge is associative and commutative, and an empty book is its
// identity on either side (compared through Close, which is how a book is
// read).
func TestPropMergeLaws(t *testing.T) {
	loc, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	rapid.Check(t, func(t *rapid.T) {
		cfg := genConfig(t, loc)
		fill := func(label string) []kpi.Call { return genCalls(t, loc) }
		parts := [3][]kpi.Call{fill("a"), fill("b"), fill("c")}
		mk := func(idx ...int) *Book {
			b := New(cfg)
			for _, p := range idx {
				for i := range parts[p] {
					_ = b.Add(&parts[p][i], int64(p*1000+i))
				}
			}
			return b
		}
		closeOf := func(b *Book) *Result {
			r, err := b.Close(time.Time{}, nil, nil)
			require.NoError(t, err)
			return r
		}
		// (a+b)+c
		ab := mk(0)
		require.NoError(t, ab.Merge(mk(1)))
		require.NoError(t, ab.Merge(mk(2)))
		// a+(b+c)
		bc := mk(1)
		require.NoError(t, bc.Merge(mk(2)))
		a := mk(0)
		require.NoError(t, a.Merge(bc))
		// (c+b)+a
		cb := mk(2)
		require.NoError(t, cb.Merge(mk(1)))
		require.NoError(t, cb.Merge(mk(0)))
		requireSameResult(t, closeOf(ab), closeOf(a))
		requireSameResult(t, closeOf(ab), closeOf(cb))
		// identity, both sides
		left := New(cfg)
		require.NoError(t, left.Merge(mk(0)))
		right := mk(0)
		require.NoError(t, right.Merge(New(cfg)))
		requireSameResult(t, closeOf(mk(0)), closeOf(left))
		requireSameResult(t, closeOf(mk(0)), closeOf(right))
	})
}

func indices(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// requireSameResult compares two results figure by figure.
func requireSameResult(t require.TestingT, want, got *Result) {
	require.Equal(t, want.Calls, got.Calls, "calls")
	require.Equal(t, want.Rejections, got.Rejections, "rejected")
	require.True(t, want.AsOf.Equal(got.AsOf), "asOf %v, want %v", got.AsOf, want.AsOf)
	require.Equal(t, want.First, got.First, "first day")
	require.Equal(t, want.Last, got.Last, "last day")
	require.Equal(t, want.Endpoints, got.Endpoints, "endpoints")
	require.Len(t, got.Rows, len(want.Rows), "rows")
	for i := range want.Rows {
		w, g := &want.Rows[i], &got.Rows[i]
		where := fmt.Sprintf("row %d (%s %q interface=%v)", i, w.Date, w.Endpoint, w.Interface)
		require.Equal(t, w.Date, g.Date, where)
		require.Equal(t, w.Endpoint, g.Endpoint, where)
		require.Equal(t, w.Interface, g.Interface, where)
		requireSameFigures(t, &w.Figures, &g.Figures, where)
	}
	wantOuts, gotOuts := slices.Collect(want.Outages()), slices.Collect(got.Outages())
	require.Len(t, gotOuts, len(wantOuts), "outages")
	require.Equal(t, len(gotOuts), got.NumOutages(), "outages counted")
	for i := range wantOuts {
		w, g := &wantOuts[i], &gotOuts[i]
		where := fmt.Sprintf("outage %d of %q", i, w.Endpoint)
		require.Equal(t, w.Endpoint, g.Endpoint, where)
		require.True(t, w.Start.Equal(g.Start) && w.End.Equal(g.End), "%s: [%v, %v), want [%v, %v)", where, g.Start, g.End, w.Start, w.End)
		require.Equal(t, w.Ongoing, g.Ongoing, where)
		require.Equal(t, w.Idle, g.Idle, where)
		for _, e := range [][2]availability.Evidence{{w.Opened, g.Opened}, {w.Closed, g.Closed}} {
			require.Equal(t, e[0].Kind, e[1].Kind, where)
			require.Equal(t, e[0].ID, e[1].ID, where)
			require.True(t, e[0].At.Equal(e[1].At), where)
		}
	}
	// Days, per endpoint and for the interface, over the whole span (Close
	// keeps an endpoint's days sparse and fills them in when asked), and
	// their pieces (which a result derives when asked: the days hold none).
	for _, ep := range append([]string{""}, want.Endpoints...) {
		wd, gd := want.Days(ep), got.Days(ep)
		require.Len(t, gd, len(wd), "days of %q", ep)
		for k := range wd {
			where := fmt.Sprintf("day %s of %q", wd[k].Date, ep)
			require.Equal(t, wd[k].Date, gd[k].Date, where)
			require.Equal(t, wd[k].Endpoint, gd[k].Endpoint, where)
			require.Equal(t, wd[k].Length, gd[k].Length, where)
			require.Equal(t, wd[k].Total, gd[k].Total, where)
			require.Equal(t, wd[k].Planned, gd[k].Planned, where)
			require.Equal(t, wd[k].Calls, gd[k].Calls, where)
			require.Equal(t, wd[k].Monitored, gd[k].Monitored, where)
			require.Nil(t, wd[k].Pieces, where)
			require.Nil(t, gd[k].Pieces, where)
			wp, gp := want.Pieces(ep, wd[k].Date), got.Pieces(ep, gd[k].Date)
			require.Len(t, gp, len(wp), where)
			var sum time.Duration
			for j := range wp { // and their evidence (AV-EVIDENCE-1)
				w, g := &wp[j], &gp[j]
				sum += g.End.Sub(g.Start)
				at := fmt.Sprintf("%s, piece %d", where, j)
				require.True(t, w.Start.Equal(g.Start) && w.End.Equal(g.End), at)
				require.Equal(t, []any{w.Planned, w.Monitoring, w.CutAtStart, w.CutAtEnd}, []any{g.Planned, g.Monitoring, g.CutAtStart, g.CutAtEnd}, at)
				for _, e := range [][2]availability.Evidence{{w.Source, g.Source}, {w.Closed, g.Closed}} {
					require.Equal(t, []any{e[0].Kind, e[0].ID, e[0].Endpoint}, []any{e[1].Kind, e[1].ID, e[1].Endpoint}, at)
					require.True(t, e[0].At.Equal(e[1].At), at)
				}
			}
			require.Equal(t, gd[k].Total, sum, "%s: the pieces make the day's downtime", where)
		}
	}
}

func requireSameFigures(t require.TestingT, w, g *Figures, where string) {
	counts := func(f *Figures) []uint64 {
		return []uint64{f.Calls, f.Responded, f.Status2xx, f.Status3xx, f.Status4xx, f.Status5xx, f.NoResponse,
			f.Rejected, f.Errors5xx, f.PeakTPS, f.MaxPIPS}
	}
	require.Equal(t, counts(w), counts(g), where)
	require.Equal(t, w.HasPeakTPS, g.HasPeakTPS, where)
	require.Equal(t, w.HasMaxPIPS, g.HasMaxPIPS, where)
	ratios := func(f *Figures) []kpi.Ratio {
		return []kpi.Ratio{f.ErrorRatePercent, f.TotalTTLBMs, f.AvgTTLBMs, f.MaxTTLBMs, f.TotalTTFBMs, f.AvgTTFBMs,
			f.AvgTTLBPerPageMs, f.MsPerMB, f.DowntimeSeconds, f.PlannedSeconds, f.UnplannedSeconds, f.UptimePercent}
	}
	names := []string{"error rate", "total ttlb", "avg ttlb", "max ttlb", "total ttfb", "avg ttfb", "per page",
		"ms per MB", "downtime", "planned", "unplanned", "uptime"}
	wr, gr := ratios(w), ratios(g)
	for i := range wr {
		require.True(t, wr[i].Equal(gr[i]), "%s: %s %s, want %s", where, names[i], gr[i], wr[i])
	}
	xs := func(f *Figures) []kpi.Ratio {
		return []kpi.Ratio{f.P95TTLBMs, f.MedianTTLBMs, f.MedianTTFBMs, f.MinuteAvailabilityPercent}
	}
	xn := []string{"p95", "median ttlb", "median ttfb", "minute availability"}
	wx, gx := xs(w), xs(g)
	for i := range wx {
		require.True(t, wx[i].Equal(gx[i]), "%s: %s %s, want %s", where, xn[i], gx[i], wx[i])
	}
	require.Equal(t, []any{w.MedianResponseBytes, w.HasMedianBytes, w.MinuteUp, w.MinuteActive},
		[]any{g.MedianResponseBytes, g.HasMedianBytes, g.MinuteUp, g.MinuteActive}, where)
	require.Equal(t, w.Tiers == nil, g.Tiers == nil, "%s: tiers nil", where)
	if w.Tiers != nil {
		require.Equal(t, w.Tiers.Hours, g.Tiers.Hours, "%s: tier hours", where)
		require.Equal(t, [][6]uint64{w.Tiers.Responded, w.Tiers.TrafficRejected}, [][6]uint64{g.Tiers.Responded, g.Tiers.TrafficRejected}, where)
		require.Equal(t, []uint64{w.Tiers.NoTier, w.Tiers.PresenceUnknown, w.Tiers.BadSlots}, []uint64{g.Tiers.NoTier, g.Tiers.PresenceUnknown, g.Tiers.BadSlots}, where)
		for i := range w.Tiers.AvgResponseMs {
			require.True(t, w.Tiers.AvgResponseMs[i].Equal(g.Tiers.AvgResponseMs[i]), "%s: tier %d avg", where, i)
		}
	}
	require.Equal(t, w.Codes, g.Codes, "%s: codes", where)
	require.Equal(t, w.ResponseBytes == nil, g.ResponseBytes == nil, "%s: bytes nil", where)
	if w.ResponseBytes != nil {
		require.Zero(t, w.ResponseBytes.Cmp(g.ResponseBytes), "%s: bytes %s, want %s", where, g.ResponseBytes, w.ResponseBytes)
	}
}

var _ = big.NewInt

// Property: a book's state survives its encoding: for any calls and
// windows, decoding the encoding into a fresh book of the same Config and
// closing it gives what the original gives, and the encoding laws hold
// (kpitest.CheckCodecInto: prefixes truncated, foreign kinds, trailing
// bytes, identical re-encoding, receiver unchanged on error).
func TestPropBookEncoding(t *testing.T) {
	loc, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	rapid.Check(t, func(t *rapid.T) {
		cfg := genConfig(t, loc)
		extras := cfg.Extras
		cfg.Extras = Extras{}             // the extras have no encoding yet (below)
		calls := genCallsUpTo(t, loc, 12) // CheckCodecInto decodes every prefix
		b := New(cfg)
		for i := range calls {
			_ = b.Add(&calls[i], int64(i))
		}
		got := kpitest.CheckCodecInto(t, b, func() *Book { return New(cfg) }, func(x, y *Book) {
			rx, err := x.Close(time.Time{}, nil, nil)
			require.NoError(t, err)
			ry, err := y.Close(time.Time{}, nil, nil)
			require.NoError(t, err)
			requireSameResult(t, rx, ry)
		})
		// And it merges like the original.
		m := New(cfg)
		require.NoError(t, m.Merge(got))
		require.Equal(t, b.Calls(), m.Calls())
		// A book with extras refuses to encode rather than drop them.
		if extras != (Extras{}) && b.Calls() > 0 {
			cfg.Extras = extras
			x := New(cfg)
			for i := range calls {
				_ = x.Add(&calls[i], int64(i))
			}
			if x.Calls() > 0 {
				_, err := x.MarshalBinary()
				require.ErrorIs(t, err, ErrExtrasNotEncoded)
			}
		}
	})
}
