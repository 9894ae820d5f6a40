package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark/book"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

// num is an exact figure in JSON: a number with 3 decimals, or null for
// no data (daily.NumJSON, as the gateway's /kpi page writes it).
func num(x kpi.Ratio) json.RawMessage { return daily.NumJSON(x) }

func optUint(ok bool, v uint64) *uint64 {
	if !ok {
		return nil
	}
	return &v
}

type jsonRow struct {
	Date               string          `json:"date"`
	Endpoint           json.RawMessage `json:"endpoint"` // daily.IDJSON
	Calls              uint64          `json:"calls"`
	Responded          uint64          `json:"responded"`
	Status2xx          uint64          `json:"status_2xx"`
	Status3xx          uint64          `json:"status_3xx"`
	Status4xx          uint64          `json:"status_4xx"`
	Status5xx          uint64          `json:"status_5xx"`
	NoResponse         uint64          `json:"no_response"`
	Rejected           uint64          `json:"rejected"`
	Errors5xx          uint64          `json:"errors_5xx"`
	ErrorRatePct       json.RawMessage `json:"error_rate_pct"`
	TotalTTLBMs        json.RawMessage `json:"total_ttlb_ms"`
	AvgTTLBMs          json.RawMessage `json:"avg_ttlb_ms"`
	MaxTTLBMs          json.RawMessage `json:"max_ttlb_ms"`
	TotalTTFBMs        json.RawMessage `json:"total_ttfb_ms"`
	AvgTTFBMs          json.RawMessage `json:"avg_ttfb_ms"`
	TotalResponseBytes json.RawMessage `json:"total_response_bytes"`
	MsPerMB            json.RawMessage `json:"ms_per_mb"`
	DowntimeS          json.RawMessage `json:"downtime_s"`
	PlannedDowntimeS   json.RawMessage `json:"planned_downtime_s"`
	UnplannedDowntimeS json.RawMessage `json:"unplanned_downtime_s"`
	UptimePct          json.RawMessage `json:"uptime_pct"`
	PeakTPS            *uint64         `json:"peak_tps"`
	MaxPIPS            *uint64         `json:"max_pips"`
	// Unobserved marks a day of the row's scope with no call and no
	// monitoring outage (AV-EVIDENCE-2): its uptime is judged NO DATA.
	Unobserved bool `json:"unobserved,omitempty"`
}

type jsonEvidence struct {
	Kind string `json:"kind"`
	At   string `json:"at,omitempty"`
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
}

type jsonOutage struct {
	Endpoint json.RawMessage `json:"endpoint"` // daily.IDJSON
	Start    string          `json:"start"`
	End      string          `json:"end"`
	Seconds  json.RawMessage `json:"seconds"`
	Ongoing  bool            `json:"ongoing"`
	Idle     bool            `json:"idle"`
	Opened   jsonEvidence    `json:"opened"`
	Closed   jsonEvidence    `json:"closed"`
}

type jsonBadRow struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Reason string `json:"reason"`
}

type jsonReport struct {
	Rules       string        `json:"rules"`
	Profile     string        `json:"profile"`
	Zone        string        `json:"zone"`
	AsOf        string        `json:"asof,omitempty"`
	Files       []string      `json:"files"`
	Calls       uint64        `json:"calls"`
	SkippedRows int           `json:"skipped_rows"`
	BadRows     []jsonBadRow  `json:"bad_rows"` // the first -max-bad-listed of skipped_rows
	Days        []jsonRow     `json:"days"`
	Findings    []jsonFinding `json:"findings"`
	Outages     []jsonOutage  `json:"outages"`
	// Warnings are the input checks (checks.go); OutsideCatalogue the
	// calls outside the catalogue in force (EP-1), by endpoint.
	Warnings         []jsonWarning       `json:"warnings"`
	OutsideCatalogue []jsonEndpointCount `json:"outside_catalogue"`
}

type jsonEndpointCount struct {
	Endpoint string `json:"endpoint"`
	Calls    uint64 `json:"calls"`
}

type jsonWarning struct {
	Kind      string              `json:"kind"`
	Message   string              `json:"message"`
	Endpoints []jsonEndpointCount `json:"endpoints,omitempty"`
	Items     []string            `json:"items,omitempty"`
}

func endpointCounts(cs []kpi.EndpointCount) []jsonEndpointCount {
	out := []jsonEndpointCount{}
	for _, c := range cs {
		out = append(out, jsonEndpointCount{Endpoint: c.Endpoint, Calls: c.Calls})
	}
	return out
}

// writeJSON writes the report as one JSON object (indented by two
// spaces). The days, the findings and the outages, which grow with the
// days covered and the calls, are encoded one element at a time into w
// rather than as one value in memory: the output is the bytes
// json.MarshalIndent would give for the whole document, with a newline.
// (The outages of 50 M calls, 375,000 of them with their evidence, held
// as one value took 991 MiB of RSS where daily.csv takes 166 MiB.)
func writeJSON(w io.Writer, r *report) error {
	loc := r.cfg.Cal.Location()
	res := r.res
	out := jsonReport{
		Rules: r.cfg.Rules, Profile: r.cfg.Profile.Name, Zone: loc.String(), Files: r.files,
		Calls: res.Calls, SkippedRows: r.badRows, BadRows: []jsonBadRow{}, Days: []jsonRow{},
		Findings: []jsonFinding{}, Outages: []jsonOutage{},
	}
	if !res.AsOf.IsZero() {
		out.AsOf = res.AsOf.In(loc).Format(time.RFC3339Nano)
	}
	out.Warnings = []jsonWarning{}
	for _, c := range r.checks() {
		jw := jsonWarning{Kind: c.Kind, Message: c.Message, Items: c.Names}
		if len(c.Counts) > 0 {
			jw.Endpoints = endpointCounts(c.Counts)
		}
		out.Warnings = append(out.Warnings, jw)
	}
	out.OutsideCatalogue = endpointCounts(res.Outside)
	for _, b := range r.bad {
		out.BadRows = append(out.BadRows, jsonBadRow{b.File, b.Line, b.Reason})
	}
	head, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	fs := r.findings()
	// The streamed arrays, in jsonReport's field order, each in place of
	// its empty one in head.
	streamed := []struct {
		key   string
		elems iter.Seq[any]
	}{
		{"\n  \"days\": []", func(yield func(any) bool) {
			for k := range res.Rows {
				if !yield(newJSONRow(&res.Rows[k])) {
					return
				}
			}
		}},
		{"\n  \"findings\": []", func(yield func(any) bool) {
			for k := range fs {
				if !yield(daily.FindingOf(&fs[k], true)) {
					return
				}
			}
		}},
		{"\n  \"outages\": []", func(yield func(any) bool) {
			for o := range res.Outages() {
				if !yield(r.newJSONOutage(o)) {
					return
				}
			}
		}},
	}
	for _, s := range streamed {
		i := bytes.Index(head, []byte(s.key))
		if i < 0 {
			return fmt.Errorf("json: %s not where expected", s.key) // unreachable: jsonReport's fields
		}
		if _, err := w.Write(head[:i+len(s.key)-2]); err != nil {
			return err
		}
		if err := jsonArray(w, s.elems); err != nil {
			return err
		}
		head = head[i+len(s.key):]
	}
	if _, err := w.Write(head); err != nil {
		return err
	}
	_, err = io.WriteString(w, "\n")
	return err
}

// jsonArray writes the array of a top-level field whose elements elems
// yields, each encoded as json.MarshalIndent encodes them in the whole
// document: "[]" when it yields none.
func jsonArray(w io.Writer, elems iter.Seq[any]) error {
	n := 0
	var err error
	for v := range elems {
		var b []byte
		if b, err = json.MarshalIndent(v, "    ", "  "); err != nil {
			break
		}
		sep := ",\n    "
		if n == 0 {
			sep = "[\n    "
		}
		if _, err = io.WriteString(w, sep); err == nil {
			_, err = w.Write(b)
		}
		if err != nil {
			break
		}
		n++
	}
	switch {
	case err != nil:
		return err
	case n == 0:
		_, err = io.WriteString(w, "[]")
	default:
		_, err = io.WriteString(w, "\n  ]")
	}
	return err
}

func (r *report) newJSONOutage(o availability.Outage) jsonOutage {
	loc := r.cfg.Cal.Location()
	return jsonOutage{
		Endpoint: daily.IDJSON(o.Endpoint), Start: o.Start.In(loc).Format(time.RFC3339Nano), End: o.End.In(loc).Format(time.RFC3339Nano),
		Seconds: num(o.Seconds()), Ongoing: o.Ongoing, Idle: o.Idle,
		Opened: r.jsonEvidence(o.Opened), Closed: r.jsonEvidence(o.Closed),
	}
}

func newJSONRow(rw *book.Row) jsonRow {
	rb := json.RawMessage("null")
	if rw.ResponseBytes != nil {
		rb = json.RawMessage(rw.ResponseBytes.String())
	}
	return jsonRow{
		Date: rw.Date.String(), Endpoint: daily.IDJSON(daily.Endpoint(rw)), Calls: rw.Calls, Responded: rw.Responded,
		Status2xx: rw.Status2xx, Status3xx: rw.Status3xx, Status4xx: rw.Status4xx, Status5xx: rw.Status5xx,
		NoResponse: rw.NoResponse, Rejected: rw.Rejected, Errors5xx: rw.Errors5xx,
		ErrorRatePct: num(rw.ErrorRatePercent), TotalTTLBMs: num(rw.TotalTTLBMs), AvgTTLBMs: num(rw.AvgTTLBMs),
		MaxTTLBMs: num(rw.MaxTTLBMs), TotalTTFBMs: num(rw.TotalTTFBMs), AvgTTFBMs: num(rw.AvgTTFBMs),
		TotalResponseBytes: rb, MsPerMB: num(rw.MsPerMB), DowntimeS: num(rw.DowntimeSeconds),
		PlannedDowntimeS: num(rw.PlannedSeconds), UnplannedDowntimeS: num(rw.UnplannedSeconds),
		UptimePct: num(rw.UptimePercent), PeakTPS: optUint(rw.HasPeakTPS, rw.PeakTPS), MaxPIPS: optUint(rw.HasMaxPIPS, rw.MaxPIPS),
		Unobserved: !rw.Day.Observed(),
	}
}

func (r *report) jsonEvidence(e availability.Evidence) jsonEvidence {
	je := jsonEvidence{Kind: e.Kind.String()}
	if !e.At.IsZero() {
		je.At = e.At.In(r.cfg.Cal.Location()).Format(time.RFC3339Nano)
	}
	if e.Kind == availability.Call {
		je.File, je.Line = r.sourceLine(e.ID)
	}
	return je
}
