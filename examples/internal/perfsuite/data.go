package perfsuite

import (
	"strconv"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/examples/internal/callgen"
)

// DefaultCalls asks for 2^18 calls over a week: callgen spreads
// DefaultCalls/7 = 37,449 a day, 262,143 in all (the busiest endpoint about
// 5,500 a day).
const DefaultCalls = 1 << 18

// Data is the suite's input: the same calls as kpi.Calls and as Records.
type Data struct {
	Config    callgen.Config
	Calls     []kpi.Call // sorted by ReceivedAt
	Records   []Record   // Records[i] is Calls[i]
	EP        []uint16   // EP[i] is the endpoint index of Calls[i]
	Endpoints []string   // endpoint IDs by index (the templates)
	Cal       kpi.Calendar
	First     kpi.Date // the first day
	Days      int
}

// Generate builds the suite's data from callgen.Bench(n): deterministic,
// the same for every run.
func Generate(n int) *Data {
	cfg := callgen.Bench(n)
	d := &Data{Config: cfg, Calls: callgen.Calls(cfg), Cal: kpi.NewCalendar(cfg.Start.Location()), Days: cfg.Days}
	d.First = d.Cal.DateOf(cfg.Start)
	ids := make(map[string]uint16)
	for _, e := range cfg.Endpoints {
		ids[e.ID] = uint16(len(d.Endpoints))
		d.Endpoints = append(d.Endpoints, e.ID)
	}
	if len(d.Endpoints) > MaxEndpoints {
		panic("perfsuite: more endpoints than MaxEndpoints")
	}
	d.Records = make([]Record, len(d.Calls))
	d.EP = make([]uint16, len(d.Calls))
	for i := range d.Calls {
		ep := ids[d.Calls[i].Endpoint]
		d.EP[i] = ep
		d.Records[i] = RecordOf(&d.Calls[i], ep)
	}
	return d
}

// Day returns the day index (0 = First) of calls[i].
func (d *Data) Day(i int) int { return int(d.Cal.DateOf(d.Calls[i].ReceivedAt) - d.First) }

// EndpointDay returns the calls of endpoint ep on day index day, in order.
func (d *Data) EndpointDay(ep, day int) []kpi.Call {
	var out []kpi.Call
	for _, i := range d.endpointDay(ep, day) {
		out = append(out, d.Calls[i])
	}
	return out
}

// EndpointDayRecords returns the same calls as EndpointDay, as Records.
func (d *Data) EndpointDayRecords(ep, day int) []Record {
	var out []Record
	for _, i := range d.endpointDay(ep, day) {
		out = append(out, d.Records[i])
	}
	return out
}

// endpointDay returns the indices of the calls of endpoint ep on day index
// day.
func (d *Data) endpointDay(ep, day int) []int {
	span := d.Cal.Day(d.First + kpi.Date(day))
	var out []int
	for i := range d.Calls {
		c := &d.Calls[i]
		if int(d.EP[i]) == ep && !c.ReceivedAt.Before(span.Start) && c.ReceivedAt.Before(span.End) {
			out = append(out, i)
		}
	}
	return out
}

// Busiest returns the endpoint index with the most calls.
func (d *Data) Busiest() int {
	var n [MaxEndpoints]int
	best := 0
	for _, ep := range d.EP {
		n[ep]++
		if n[ep] > n[best] {
			best = int(ep)
		}
	}
	return best
}

// Request is a concrete HTTP request line, as a gateway sees it before
// matching it to an endpoint template.
type Request struct {
	Method, Path string
}

// Requests returns one concrete request per call: the call's template with
// every {Name} replaced by a generated ID ("a-1234", callgen.RequestLine),
// so that kpi.Registry.Match maps it back to the call's endpoint.
func (d *Data) Requests() []Request {
	out := make([]Request, len(d.Calls))
	for i := range d.Calls {
		method, path := callgen.RequestLine(d.Calls[i].Endpoint, "a-"+strconv.Itoa(i%100_000))
		if i%16 == 0 { // some clients send a query string
			path += "?page=2"
		}
		out[i] = Request{Method: method, Path: path}
	}
	return out
}

// Registry returns a kpi.Registry holding the endpoint templates, interned
// in index order (Endpoint(i) is Endpoints[i]).
func (d *Data) Registry() *kpi.Registry {
	var r kpi.Registry
	for _, id := range d.Endpoints {
		r.Intern(id)
	}
	return &r
}

// AsOf is the observation end of the data: the end of its last day.
func (d *Data) AsOf() time.Time { return d.Cal.Start(d.First + kpi.Date(d.Days)) }
