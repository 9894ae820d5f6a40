package book

import (
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/internal/wire"
	"github.com/openfinance-kpi/kpi/performance"
	"github.com/stretchr/testify/require"
)

// pinRec is one availability record of a crafted Book encoding.
type pinRec struct {
	at, ttlb, id int64
	status       uint64
}

// pinEndpoint is one endpoint of a crafted Book encoding.
type pinEndpoint struct {
	name string
	recs []pinRec
}

// pinDay is one endpoint-day of a crafted Book encoding.
type pinDay struct {
	date kpi.Date
	ep   uint64
	part []byte
}

// pinBook is a Book encoding written field by field, as AppendBinary
// writes it, so that each validity rule of UnmarshalBinary can be broken
// alone.
type pinBook struct {
	calls       uint64
	first, last int64
	outside     []kpi.EndpointCount
	endpoints   []pinEndpoint
	days        []pinDay
}

func (p pinBook) encode() []byte {
	b := wire.AppendHeader(nil, wire.KindBook, 1)
	b = wire.AppendUvarint(b, p.calls)
	b = wire.AppendVarint(b, p.first)
	b = wire.AppendVarint(b, p.last)
	b = wire.AppendUvarint(b, 0) // out of range
	b = wire.AppendRejections(b, make([]uint64, kpi.NumReasons), kpi.NumReasons)
	b = wire.AppendUvarint(b, uint64(len(p.outside)))
	for _, c := range p.outside {
		b = wire.AppendUvarint(wire.AppendString(b, c.Endpoint), c.Calls)
	}
	b = wire.AppendUvarint(b, uint64(len(p.endpoints)))
	for _, e := range p.endpoints {
		b = wire.AppendUvarint(wire.AppendString(b, e.name), uint64(len(e.recs)))
		for _, r := range e.recs {
			b = wire.AppendVarint(b, r.at)
			b = wire.AppendVarint(b, r.ttlb)
			b = wire.AppendVarint(b, r.id)
			b = wire.AppendUvarint(b, r.status)
			b = wire.AppendBool(b, false)
		}
	}
	b = wire.AppendUvarint(b, uint64(len(p.days)))
	for _, d := range p.days {
		b = wire.AppendUvarint(wire.AppendVarint(b, int64(d.date)), d.ep)
		b = append(wire.AppendUvarint(b, uint64(len(d.part))), d.part...)
	}
	return b
}

// Pins of the Book decoder's validity rules: each crafted encoding breaks
// exactly one rule and fails with wire.ErrInvalid naming it; its good twin
// decodes. The base is what a Book that was given one call encodes.
func TestBookDecoderValidityPins(t *testing.T) {
	cfg := Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(time.UTC)}
	at := time.Date(2025, 3, 1, 10, 0, 0, 0, time.UTC)
	c := kpi.Call{ReceivedAt: at, Endpoint: "GET /a", Status: 200, TTLB: 90 * time.Millisecond}
	real := New(cfg)
	require.NoError(t, real.Add(&c, 1))
	day := cfg.Calendar.DateOf(at)
	partOf := func(perf performance.Options, payment bool, calls ...kpi.Call) []byte {
		e := NewEndpointDay(perf, payment)
		for i := range calls {
			require.NoError(t, e.Add(&calls[i]))
		}
		return must(e.MarshalBinary())
	}
	part := partOf(performance.Options{}, false, c)
	rec := pinRec{at: at.UnixNano(), ttlb: int64(90 * time.Millisecond), id: 1, status: 200}
	base := func() pinBook {
		return pinBook{calls: 1, first: rec.at, last: rec.at,
			endpoints: []pinEndpoint{{"GET /a", []pinRec{rec}}}, days: []pinDay{{day, 0, part}}}
	}
	require.Equal(t, must(real.MarshalBinary()), base().encode(), "the crafted base is the real encoding")

	two := func() pinBook { // two endpoints, a call each
		p := base()
		p.calls = 2
		c2 := c
		c2.Endpoint = "GET /b"
		p.endpoints = append(p.endpoints, pinEndpoint{"GET /b", []pinRec{rec}})
		p.days = append(p.days, pinDay{day, 1, partOf(performance.Options{}, false, c2)})
		return p
	}
	for name, tc := range map[string]struct {
		rule      string // the text of the error
		bad, good func(p *pinBook)
	}{
		"outside: a zero count": {"calls outside the catalogue out of order or zero",
			func(p *pinBook) { p.outside = []kpi.EndpointCount{{Endpoint: "x", Calls: 0}} },
			func(p *pinBook) { p.outside = []kpi.EndpointCount{{Endpoint: "x", Calls: 1}} }},
		"outside: out of order": {"calls outside the catalogue out of order or zero",
			func(p *pinBook) {
				p.outside = []kpi.EndpointCount{{Endpoint: "y", Calls: 1}, {Endpoint: "x", Calls: 1}}
			},
			func(p *pinBook) {
				p.outside = []kpi.EndpointCount{{Endpoint: "x", Calls: 1}, {Endpoint: "y", Calls: 1}}
			}},
		"outside: twice": {"calls outside the catalogue out of order or zero",
			func(p *pinBook) {
				p.outside = []kpi.EndpointCount{{Endpoint: "x", Calls: 1}, {Endpoint: "x", Calls: 1}}
			},
			func(p *pinBook) { p.outside = []kpi.EndpointCount{{Endpoint: "x", Calls: 2}} }},
		"endpoint: empty name": {"an endpoint empty or twice",
			func(p *pinBook) { p.endpoints[0].name = "" },
			func(p *pinBook) { p.endpoints[0].name = "G" }},
		"endpoint: twice": {"an endpoint empty or twice",
			func(p *pinBook) { *p = two(); p.endpoints[1].name = "GET /a" },
			func(p *pinBook) { *p = two() }},
		"endpoint: no records": {"an endpoint without records",
			func(p *pinBook) { p.endpoints = append(p.endpoints, pinEndpoint{name: "GET /b"}) },
			func(p *pinBook) {}},
		"record: status 199": {"a record no checked call leaves",
			func(p *pinBook) { p.endpoints[0].recs[0].status = 199 },
			func(p *pinBook) { p.endpoints[0].recs[0].status = 0 }}, // no response: a record a check leaves
		"record: status 600": {"a record no checked call leaves",
			func(p *pinBook) { p.endpoints[0].recs[0].status = 600 },
			func(p *pinBook) { p.endpoints[0].recs[0].status = 599 }},
		"record: negative TTLB": {"a record no checked call leaves",
			func(p *pinBook) { p.endpoints[0].recs[0].ttlb = -1 },
			func(p *pinBook) { p.endpoints[0].recs[0].ttlb = 0 }},
		"endpoint-day: of no endpoint": {"an endpoint-day of no endpoint, or twice",
			func(p *pinBook) { p.days[0].ep = 1 },
			func(p *pinBook) {}},
		"endpoint-day: twice": {"an endpoint-day of no endpoint, or twice",
			func(p *pinBook) { p.days = append(p.days, p.days[0]) },
			func(p *pinBook) {}},
		"endpoint-day: a payment day of no payment endpoint": {"payment flag",
			func(p *pinBook) { p.days[0].part = partOf(performance.Options{}, true, c) },
			func(p *pinBook) {}},
		"endpoint-day: other performance options": {"performance options against the configuration's",
			func(p *pinBook) { p.days[0].part = partOf(performance.Options{PageSize: 10}, false, c) },
			func(p *pinBook) {
				p.days[0].part = partOf(performance.Options{PageSize: performance.DefaultPageSize}, false, c)
			}},
		"counts: calls against the records": {"counts that disagree with the records",
			func(p *pinBook) { p.calls = 2 },
			func(p *pinBook) {}},
		"counts: first instant against the records": {"counts that disagree with the records",
			func(p *pinBook) { p.first-- },
			func(p *pinBook) {}},
		"counts: last instant against the records": {"counts that disagree with the records",
			func(p *pinBook) { p.last++ },
			func(p *pinBook) {}},
		"counts: records against the days' calls": {"an endpoint's records that disagree with its days' calls",
			func(p *pinBook) { p.days = nil },
			func(p *pinBook) {}},
		"counts: instants without calls": {"instants without calls",
			func(p *pinBook) { *p = pinBook{first: 5} },
			func(p *pinBook) { *p = pinBook{} }},
	} {
		bad, good := base(), base()
		tc.bad(&bad)
		tc.good(&good)
		err := New(cfg).UnmarshalBinary(bad.encode())
		require.ErrorIs(t, err, wire.ErrInvalid, name)
		require.ErrorContains(t, err, tc.rule, name)
		require.NoError(t, New(cfg).UnmarshalBinary(good.encode()), name+" (good twin)")
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}
