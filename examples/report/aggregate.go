package main

import (
	"fmt"
	"io"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

type badRow = daily.BadRow

// report is everything the writers print.
type report struct {
	cfg       *config
	files     []string
	names     []string       // endpoint IDs by index
	ids       map[string]int // endpoint ID -> index
	strs      daily.Interner
	days      map[kpi.Date][]*scope
	recs      []recChunks // by endpoint
	calls     int
	first     time.Time
	last      time.Time
	asOf      time.Time
	firstDay  kpi.Date
	lastDay   kpi.Date
	planned   []daily.PlannedWindow
	bad       []badRow
	rows      []row
	outages   []availability.Outage
	availDays map[string][]availability.Day // by endpoint; "" = interface
}

func (r *report) endpoint(id string) int {
	if i, ok := r.ids[id]; ok {
		return i
	}
	i := len(r.names)
	r.names = append(r.names, id)
	r.ids[id] = i
	r.recs = append(r.recs, recChunks{})
	return i
}

func newReport(cfg *config) *report {
	return &report{
		cfg:  cfg,
		ids:  make(map[string]int),
		strs: make(daily.Interner),
		days: make(map[kpi.Date][]*scope),
	}
}

// build reads every input and computes the report.
func build(cfg *config) (*report, error) {
	r := newReport(cfg)
	if err := r.readPlanned(); err != nil {
		return nil, err
	}
	srcs := cfg.sources
	if srcs == nil {
		srcs = sources(cfg.files)
	}
	for i, src := range srcs {
		rc, err := src.open()
		if err != nil {
			return nil, err
		}
		r.files = append(r.files, src.name)
		err = r.read(i, src.name, rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
	}
	if err := r.finish(); err != nil {
		return nil, err
	}
	return r, nil
}

func (r *report) readPlanned() error {
	name, data := r.cfg.planned, []byte(nil)
	switch {
	case name != "":
		rc, err := openFile(name)
		if err != nil {
			return fmt.Errorf("-planned: %v", err)
		}
		data, err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return fmt.Errorf("-planned %s: %v", name, err)
		}
	case len(r.cfg.files) == 0:
		name, data = "sample/planned.csv", samplePlanned // the sample's own windows
	default:
		return nil
	}
	windows, err := daily.ReadPlanned(name, data)
	if err != nil {
		return err
	}
	r.planned = windows
	for _, w := range windows {
		if w.Endpoint != "" {
			r.endpoint(w.Endpoint) // endpoints named in the planned file get rows
		}
	}
	return nil
}

// read streams one input: each row is parsed, checked and added to the
// accumulators of its endpoint-day as it comes.
func (r *report) read(src int, name string, in io.Reader) error {
	cursor := r.cfg.Cal.Cursor()
	readCalls := daily.ReadCalls
	if r.cfg.input != nil { // -input-format: an access log reader (csv is daily.ReadCalls too)
		readCalls = r.cfg.input.Read
	}
	return readCalls(name, in, r.strs.Intern,
		func(c *kpi.Call, line int) { r.add(c, cursor.DateOf(c.ReceivedAt), uint16(src), uint32(line)) },
		func(b badRow) { r.bad = append(r.bad, b) })
}

func (r *report) add(c *kpi.Call, d kpi.Date, src uint16, line uint32) {
	ep := r.endpoint(c.Endpoint)
	eps := r.days[d]
	if len(eps) <= ep {
		eps = append(eps, make([]*scope, ep+1-len(eps))...)
		r.days[d] = eps
	}
	s := eps[ep]
	if s == nil {
		s = &scope{Payment: r.cfg.Payments[c.Endpoint]}
		eps[ep] = s
	}
	s.Add(c)
	r.recs[ep].add(availRec{at: c.ReceivedAt.UnixNano(), ttlb: int64(c.TTLB), line: line, src: src, status: daily.AvailStatus(c)})
	if r.calls == 0 || c.ReceivedAt.Before(r.first) {
		r.first = c.ReceivedAt
	}
	if r.calls == 0 || c.ReceivedAt.After(r.last) {
		r.last = c.ReceivedAt
	}
	r.calls++
}

// finish runs the availability rule over each endpoint's calls in time
// order, accounts downtime per day, and builds the rows.
func (r *report) finish() error {
	if r.calls == 0 {
		return nil // no valid call at all: the header only
	}
	cal := r.cfg.Cal
	sp, err := daily.SpanOf(cal, r.first, r.last, r.cfg.AsOf)
	if err != nil {
		return err
	}
	r.asOf, r.firstDay, r.lastDay = sp.AsOf, sp.First, sp.Last
	r.availDays = make(map[string][]availability.Day)
	var perEndpoint [][]availability.Day
	var call kpi.Call
	for ep := range r.recs {
		tr := availability.NewTracker(r.cfg.Avail)
		var outs []availability.Outage
		err := r.recs[ep].each(func(rec *availRec) error {
			call = daily.AvailCall(r.names[ep], rec.at, rec.ttlb, rec.status)
			if err := tr.Add(&call, rec.id()); err != nil {
				return fmt.Errorf("availability: %s: %v", r.names[ep], err)
			}
			outs = tr.Outages(outs)
			return nil
		})
		if err != nil {
			return err
		}
		outs = tr.Finish(r.asOf, outs)
		r.recs[ep] = recChunks{} // done with them
		r.outages = append(r.outages, outs...)
		days := daily.EndpointDays(cal, sp, r.names[ep], outs, r.planned)
		r.availDays[r.names[ep]] = days
		perEndpoint = append(perEndpoint, days)
	}
	r.availDays[""] = availability.InterfaceDays(perEndpoint)
	return r.buildRows(sp)
}
