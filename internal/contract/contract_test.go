package contract

import (
	"bytes"
	"sort"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/authfunnel"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/benchmark/book"
	"github.com/openfinance-kpi/kpi/errorrate"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
	"github.com/openfinance-kpi/kpi/performance"
	"github.com/openfinance-kpi/kpi/volumes"
	"github.com/openfinance-kpi/kpi/volumes/monthly"
	"github.com/stretchr/testify/require"
)

var t0 = kpitest.Base

// call is a good call, i seconds after t0.
func call(i int) *kpi.Call {
	return &kpi.Call{
		ReceivedAt: t0.Add(time.Duration(i) * time.Second), Endpoint: "GET /accounts",
		Status: 200 + 300*(i%2), TTFB: 10 * time.Millisecond, HasTTFB: true, TTLB: 90 * time.Millisecond,
		ResponseBytes: 1000, Records: 5,
	}
}

// good is the call AddGood adds, made once so that building it is not
// counted as an allocation of Add.
var good = call(1)

// calls adds the same three good calls with add.
func calls(add func(c *kpi.Call)) {
	for i := range 3 {
		add(call(i))
	}
}

// callAccumulator is what the accumulators of calls share: Add a call,
// Merge, Reset, and the bad input counted.
type callAccumulator[T any] interface {
	*T
	Add(c *kpi.Call) error
	Merge(o *T) error
	Reset()
	Rejections() kpi.Rejections[kpi.Reason]
}

// forCalls is the table row of an accumulator of calls: filled with the
// three good calls, Add(nil) and addCheckedNil (its AddChecked of a nil
// call) as the nil Adds and, when withOptions is given, an accumulator it
// makes (other options) against the zero value as the pair that differs.
func forCalls[T any, P callAccumulator[T]](addCheckedNil func(*T) error, withOptions func() T) kpitest.Contract[T] {
	fill := func(x *T) { calls(func(c *kpi.Call) { _ = P(x).Add(c) }) }
	c := kpitest.Contract[T]{
		New:        func() *T { return new(T) },
		Fill:       fill,
		AddGood:    func(x *T) { _ = P(x).Add(good) },
		AddNil:     []func(*T) error{func(x *T) error { return P(x).Add(nil) }, addCheckedNil},
		Rejections: func(x *T) uint64 { r := P(x).Rejections(); return r.Total() },
		Merge:      func(x, o *T) error { return P(x).Merge(o) },
		Reset:      func(x *T) { P(x).Reset() },
	}
	if withOptions != nil {
		c.Differ = func() (*T, *T) {
			a, b := withOptions(), *new(T)
			fill(&a)
			fill(&b)
			return &a, &b
		}
	}
	return c
}

// contracts is the table: one row per accumulator type, named "pkg.Type"
// as accumulatorTypes names it. Each row runs kpitest.CheckContract.
var contracts = map[string]func(t *testing.T){
	"kpi.Rejections": func(t *testing.T) {
		type R = kpi.Rejections[kpi.Reason]
		kpitest.CheckContract(t, kpitest.Contract[R]{
			New:     func() *R { return new(R) },
			Fill:    func(x *R) { x.Add(kpi.BadStatus); x.AddN(kpi.EmptyEndpoint, 2) },
			AddGood: func(x *R) { x.Add(kpi.NegativeTTLB) },
			Merge:   func(x, o *R) error { return x.Merge(o) },
		})
	},
	"kpi.EndpointCounts": func(t *testing.T) {
		type E = kpi.EndpointCounts
		kpitest.CheckContract(t, kpitest.Contract[E]{
			New:     func() *E { return new(E) },
			Fill:    func(x *E) { x.Add("GET /a", 2); x.Add("GET /b", 1) },
			AddGood: func(x *E) { x.Add("GET /a", 1) },
			Merge:   func(x, o *E) error { return x.Merge(o) },
		})
	},
	"errorrate.Counter": func(t *testing.T) {
		type C = errorrate.Counter
		kpitest.CheckContract(t, forCalls[C](func(x *C) error { x.AddChecked(nil, kpi.Class5xx); return kpi.ZeroReceivedAt }, nil))
	},
	"performance.Stats": func(t *testing.T) {
		type S = performance.Stats
		kpitest.CheckContract(t, forCalls[S](func(x *S) error { x.AddChecked(nil, kpi.Class2xx); return kpi.ZeroReceivedAt },
			func() S { return performance.NewStats(performance.Options{PageSize: 10}) }))
	},
	"performance.Histogram": func(t *testing.T) {
		type H = performance.Histogram
		kpitest.CheckContract(t, kpitest.Contract[H]{
			New:     func() *H { return new(H) },
			Fill:    func(x *H) { calls(func(c *kpi.Call) { _ = x.AddCall(c, performance.Responded) }) },
			AddGood: func(x *H) { _ = x.AddCall(good, performance.Responded) },
			AddNil: []func(*H) error{
				func(x *H) error { return x.AddCall(nil, performance.Responded) },
				func(x *H) error { x.AddChecked(nil, kpi.Class2xx, performance.Responded); return kpi.ZeroReceivedAt },
			},
			Rejections: func(x *H) uint64 { r := x.Rejections(); return r.Total() },
			Same:       func(a, b *H) bool { return a.Equal(b) },
			Merge:      func(x, o *H) error { return x.Merge(o) },
			Reset:      func(x *H) { x.Reset() },
		})
	},
	"performance.Throughput": func(t *testing.T) {
		type T = performance.Throughput
		c := forCalls[T](func(x *T) error { return x.AddChecked(nil, kpi.Class2xx) }, nil)
		c.Same = func(a, b *T) bool { return a.Equal(b) }
		kpitest.CheckContract(t, c)
	},
	"performance.PIPS": func(t *testing.T) {
		type P = performance.PIPS
		c := forCalls[P](func(x *P) error { return x.AddChecked(nil, kpi.Class2xx) },
			func() P { return performance.NewPIPS(performance.PIPSOptions{Success: performance.CBBStrict}) })
		c.Same = func(a, b *P) bool { return a.Equal(b) }
		kpitest.CheckContract(t, c)
	},
	// A Ranks merged into an empty one is packed (Ranks.Pack): the same
	// values in another layout, compared with Equal.
	"performance.P95": func(t *testing.T) {
		type P = performance.P95
		c := forCalls[P](func(x *P) error { x.AddChecked(nil); return kpi.ZeroReceivedAt },
			func() P { return performance.NewP95(performance.P95Options{Measure: performance.MeasureTTFB}) })
		c.Same = func(a, b *P) bool { return a.Equal(b) }
		kpitest.CheckContract(t, c)
	},
	"performance.Medians": func(t *testing.T) {
		type M = performance.Medians
		c := forCalls[M](func(x *M) error { x.AddChecked(nil); return kpi.ZeroReceivedAt }, nil)
		c.Same = func(a, b *M) bool { return a.Equal(b) }
		kpitest.CheckContract(t, c)
	},
	"performance.Ranks": func(t *testing.T) {
		type R = performance.Ranks
		kpitest.CheckContract(t, kpitest.Contract[R]{
			New:     func() *R { return new(R) },
			Fill:    func(x *R) { x.Add(1); x.Add(5); x.Add(5) },
			AddGood: func(x *R) { x.Add(5) },
			Merge:   func(x, o *R) error { return x.Merge(o) },
			Reset:   func(x *R) { x.Reset() },
			Same:    func(a, b *R) bool { return a.Equal(b) },
		})
	},
	"performance.TierDay": func(t *testing.T) {
		type D = performance.TierDay
		route := performance.TierRoute{Present: performance.TierHighPriority, Unattended: performance.TierHighPriority}
		kpitest.CheckContract(t, kpitest.Contract[D]{
			New:     func() *D { return new(D) },
			Fill:    func(x *D) { calls(func(c *kpi.Call) { _ = x.Add(1, route, c) }) },
			AddGood: func(x *D) { _ = x.Add(1, route, good) },
			AddNil: []func(*D) error{
				func(x *D) error { return x.Add(1, route, nil) },
				func(x *D) error { return x.AddChecked(1, route, nil) },
			},
			Rejections: func(x *D) uint64 { r := x.Rejections(); return r.Total() },
			Merge:      func(x, o *D) error { return x.Merge(o) },
			Reset:      func(x *D) { x.Reset() },
		})
	},
	"performance.Execution": func(t *testing.T) {
		type E = performance.Execution
		pay := func(i int) performance.Payment {
			a := t0.Add(time.Duration(i) * time.Second)
			return performance.Payment{Accepted: a, Executed: a.Add(time.Duration(i+1) * time.Second)}
		}
		fill := func(x *E) {
			for i := range 3 {
				_ = x.Add(pay(i))
			}
		}
		kpitest.CheckContract(t, kpitest.Contract[E]{
			New:     func() *E { return new(E) },
			Fill:    fill,
			AddGood: func(x *E) { _ = x.Add(pay(1)) },
			Merge:   func(x, o *E) error { return x.Merge(o) },
			Reset:   func(x *E) { x.Reset() },
			Differ: func() (*E, *E) {
				a, b := performance.NewExecution(performance.ExecutionOptions{Limit: time.Second}), performance.Execution{}
				fill(&a)
				fill(&b)
				return &a, &b
			},
		})
	},
	"availability.MinuteDay": func(t *testing.T) {
		type M = availability.MinuteDay
		fill := func(x *M) { calls(func(c *kpi.Call) { _ = x.Add(3, c) }) }
		kpitest.CheckContract(t, kpitest.Contract[M]{
			New:     func() *M { return new(M) },
			Fill:    fill,
			AddGood: func(x *M) { _ = x.Add(3, good) },
			AddNil: []func(*M) error{
				func(x *M) error { return x.Add(3, nil) },
				func(x *M) error { return x.AddChecked(3, nil) },
			},
			Rejections: func(x *M) uint64 { r := x.Rejections(); return r.Total() },
			Merge:      func(x, o *M) error { return x.Merge(o) },
			Reset:      func(x *M) { x.Reset() },
			Differ: func() (*M, *M) {
				a, b := availability.NewMinuteDay(availability.MinuteOptions{NoResponseIgnored: true}), availability.MinuteDay{}
				fill(&a)
				fill(&b)
				return &a, &b
			},
		})
	},
	"availability.MinuteWindow": func(t *testing.T) {
		type W = availability.MinuteWindow
		fig := func(d int) availability.MinuteFigure {
			return availability.MinuteFigure{Date: kpi.Date(20000 + d), Up: 5, Active: 10}
		}
		kpitest.CheckContract(t, kpitest.Contract[W]{
			New:     func() *W { return new(W) },
			Fill:    func(x *W) { _, _ = x.Add(fig(1)); _, _ = x.Add(fig(2)) },
			AddGood: func(x *W) { _, _ = x.Add(fig(1)) },
			Merge:   func(x, o *W) error { return x.Merge(o) },
			Reset:   func(x *W) { x.Reset() },
		})
	},
	"authfunnel.Funnel": func(t *testing.T) {
		type F = authfunnel.Funnel
		ev := func(id string, i int) *authfunnel.Event {
			return &authfunnel.Event{ConsentID: id, Kind: authfunnel.AuthRequired, At: t0.Add(time.Duration(i) * time.Second),
				AuthType: authfunnel.Redirect, API: authfunnel.AIS, TPPChannel: authfunnel.Web, BankChannel: authfunnel.App}
		}
		fill := func(x *F) { _ = x.Add(ev("c1", 0)); _ = x.Add(ev("c2", 1)) }
		kpitest.CheckContract(t, kpitest.Contract[F]{
			New:            func() *F { return new(F) },
			Fill:           fill,
			AddGood:        func(x *F) { _ = x.Add(ev("c1", 0)) },
			AddNil:         []func(*F) error{func(x *F) error { return x.Add(nil) }},
			Rejections:     func(x *F) uint64 { r := x.Rejections(); return r.Total() },
			Same:           sameEncoding[F],
			Merge:          func(x, o *F) error { return x.Merge(o) },
			Reset:          func(x *F) { x.Reset() },
			MergeAllocates: "a consent remembered on both sides (a second run) gets its runs anew",
			Differ: func() (*F, *F) {
				dubai := kpi.NewCalendar(time.FixedZone("Asia/Dubai", 4*3600))
				a, b := authfunnel.NewFunnel(dubai, authfunnel.Options{}), authfunnel.Funnel{}
				fill(&a)
				fill(&b)
				return &a, &b
			},
		})
	},
	"volumes.Counter": func(t *testing.T) {
		type C = volumes.Counter
		kpitest.CheckContract(t, forCalls[C](func(x *C) error { x.AddChecked(nil, kpi.Class2xx); return kpi.ZeroReceivedAt }, nil))
	},
	"volumes.Codes": func(t *testing.T) {
		type C = volumes.Codes
		kpitest.CheckContract(t, forCalls[C](func(x *C) error { x.AddChecked(nil); return kpi.ZeroReceivedAt }, nil))
	},
	"volumes/monthly.Users": func(t *testing.T) {
		type U = monthly.Users
		ev := func(id string) *monthly.UserEvent {
			return &monthly.UserEvent{UserID: id, Segment: monthly.Retail, Service: monthly.AIS, Kind: monthly.NewAuthorisation, At: t0}
		}
		kpitest.CheckContract(t, kpitest.Contract[U]{
			New:        func() *U { return new(U) },
			Fill:       func(x *U) { _ = x.Add(ev("u1")); _ = x.Add(ev("u2")) },
			AddGood:    func(x *U) { _ = x.Add(ev("u1")) },
			AddNil:     []func(*U) error{func(x *U) error { return x.Add(nil) }},
			Rejections: func(x *U) uint64 { r := x.Rejections(); return r.Total() },
			Merge:      func(x, o *U) error { return x.Merge(o) },
			Reset:      func(x *U) { x.Reset() },
		})
	},
	"volumes/monthly.TPPs": func(t *testing.T) {
		type T = monthly.TPPs
		ev := func(id string) *monthly.TPPEvent {
			return &monthly.TPPEvent{TPPID: id, Role: monthly.AISP, Kind: monthly.Onboarded, At: t0}
		}
		kpitest.CheckContract(t, kpitest.Contract[T]{
			New:        func() *T { return new(T) },
			Fill:       func(x *T) { _ = x.Add(ev("t1")); _ = x.Add(ev("t2")) },
			AddGood:    func(x *T) { _ = x.Add(ev("t1")) },
			AddNil:     []func(*T) error{func(x *T) error { return x.Add(nil) }},
			Rejections: func(x *T) uint64 { r := x.Rejections(); return r.Total() },
			Merge:      func(x, o *T) error { return x.Merge(o) },
			Reset:      func(x *T) { x.Reset() },
		})
	},
	"volumes/monthly.Adoption": func(t *testing.T) {
		type A = monthly.Adoption
		kpitest.CheckContract(t, kpitest.Contract[A]{
			New:     func() *A { return new(A) },
			Fill:    func(x *A) { calls(func(c *kpi.Call) { _ = x.AddCall(c) }); _ = x.AddDeveloper("d1") },
			AddGood: func(x *A) { _ = x.AddCall(good) },
			AddNil: []func(*A) error{
				func(x *A) error { return x.AddCall(nil) },
				func(x *A) error { return x.AddOnboarding(nil) },
				func(x *A) error { return x.AddTicket(nil) },
			},
			Rejections: func(x *A) uint64 { r, c := x.Rejections(), x.CallsRejections(); return r.Total() + c.Total() },
			Merge:      func(x, o *A) error { return x.Merge(o) },
			Reset:      func(x *A) { x.Reset() },
		})
	},
	"volumes/monthly.Governance": func(t *testing.T) {
		type G = monthly.Governance
		kpitest.CheckContract(t, kpitest.Contract[G]{
			New:     func() *G { return new(G) },
			Fill:    func(x *G) { _ = x.AddProduct("p1"); x.AddAudit(true) },
			AddGood: func(x *G) { _ = x.AddProduct("p1") },
			AddNil: []func(*G) error{
				func(x *G) error { return x.AddMarketVolume(nil) },
				func(x *G) error { return x.AddIncident(nil) },
				func(x *G) error { return x.AddDataStore(nil) },
				func(x *G) error { return x.AddVulnerability(nil) },
			},
			Rejections: func(x *G) uint64 { r := x.Rejections(); return r.Total() },
			Merge:      func(x, o *G) error { return x.Merge(o) },
			Reset:      func(x *G) { x.Reset() },
		})
	},
	"benchmark/book.EndpointDay": func(t *testing.T) {
		type E = book.EndpointDay
		fill := func(x *E) { calls(func(c *kpi.Call) { _ = x.Add(c) }) }
		kpitest.CheckContract(t, kpitest.Contract[E]{
			New:     func() *E { return new(E) },
			Fill:    fill,
			AddGood: func(x *E) { _ = x.Add(good) },
			AddNil: []func(*E) error{
				func(x *E) error { return x.Add(nil) },
				func(x *E) error { return x.AddAt(nil, time.Second) },
			},
			Rejections: func(x *E) uint64 { return x.Rejections.Total() },
			Same:       sameEncoding[E],
			Merge:      func(x, o *E) error { return x.Merge(o) },
			Reset:      func(x *E) { x.Reset() },
			Differ: func() (*E, *E) {
				a, b := book.NewEndpointDay(performance.Options{PageSize: 10}, false), book.EndpointDay{}
				fill(&a)
				fill(&b)
				return &a, &b
			},
		})
	},
	"benchmark/book.Book": func(t *testing.T) {
		type B = book.Book
		cfg := book.Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(time.UTC)}
		fill := func(x *B) {
			calls(func(c *kpi.Call) { _ = x.Add(c, 1) })
		}
		kpitest.CheckContract(t, kpitest.Contract[B]{
			New:        func() *B { return book.New(cfg) },
			Fill:       fill,
			AddGood:    func(x *B) { _ = x.Add(good, 1) },
			AddNil:     []func(*B) error{func(x *B) error { return x.Add(nil, 1) }},
			Rejections: func(x *B) uint64 { r := x.Rejections(); return r.Total() },
			Same:       sameEncoding[B],
			Merge:      func(x, o *B) error { return x.Merge(o) },
			Reset:      func(x *B) { x.Reset() },
			Differ: func() (*B, *B) {
				a, b := book.New(cfg), book.New(book.Config{Profile: benchmark.CBB(), Calendar: kpi.NewCalendar(time.UTC)})
				fill(a)
				fill(b)
				return a, b
			},
			MergeAllocates: "a Book's Merge copies the availability records of o's calls",
			ResetAllocates: "a Book's Reset makes its maps anew (New)",
		})
	},
}

// sameEncoding compares two values by their binary encodings, which do
// not depend on the layout of their per-second tables.
func sameEncoding[T any, P interface {
	*T
	MarshalBinary() ([]byte, error)
}](a, b *T) bool {
	x, errA := P(a).MarshalBinary()
	y, errB := P(b).MarshalBinary()
	return errA == nil && errB == nil && bytes.Equal(x, y)
}

func TestEveryAccumulatorIsInTheTable(t *testing.T) {
	found := accumulatorTypes(t)
	var missing, stale []string
	for _, name := range found {
		if contracts[name] == nil {
			missing = append(missing, name)
		}
	}
	for name := range contracts {
		if !contains(found, name) {
			stale = append(stale, name)
		}
	}
	sort.Strings(stale)
	require.Empty(t, missing, "accumulators (exported types with Add* and Merge) not in the contract table")
	require.Empty(t, stale, "rows of the contract table that name no accumulator")
}

func contains(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

func TestContract(t *testing.T) {
	names := make([]string, 0, len(contracts))
	for name := range contracts {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, contracts[name])
	}
}
