package main

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/openfinance-kpi/kpi"
)

// The embedded sample: a generated week of calls on the CBUAE endpoint
// list and its planned windows (sample/README.md says how it was made).
//
//go:embed sample/calls.csv
var sampleCalls []byte

//go:embed sample/planned.csv
var samplePlanned []byte

// source is one input file (or the embedded sample).
type source struct {
	name string
	open func() (io.ReadCloser, error)
}

func sources(files []string) []source {
	if len(files) == 0 {
		return []source{{name: "sample/calls.csv", open: func() (io.ReadCloser, error) {
			return io.NopCloser(bytes.NewReader(sampleCalls)), nil
		}}}
	}
	var srcs []source
	for _, name := range files {
		srcs = append(srcs, source{name: name, open: func() (io.ReadCloser, error) { return openFile(name) }})
	}
	return srcs
}

// openFile opens name, through gzip when it ends in ".gz".
func openFile(name string) (io.ReadCloser, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	if !strings.HasSuffix(name, ".gz") {
		return f, nil
	}
	z, err := gzip.NewReader(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return struct {
		io.Reader
		io.Closer
	}{z, f}, nil
}

// The columns of the calls CSV.
const (
	colReceivedAt = iota
	colEndpoint
	colStatus
	colTTLB
	colTTFB
	colBytes
	colRecords
	colTPP
	colAttributable
	colRejected
	numCols
)

var colNames = [numCols]string{"received_at", "endpoint", "status", "ttlb_ms", "ttfb_ms", "response_bytes", "records", "tpp_id", "attributable", "rejected"}

const numRequired = colTTLB + 1

// header maps the file's columns to ours: col[c] is the field index of
// column c, or -1.
type header struct {
	col    [numCols]int
	fields int
}

func parseHeader(fields [][]byte) (header, error) {
	h := header{fields: len(fields)}
	for i := range h.col {
		h.col[i] = -1
	}
	for i, f := range fields {
		for c, name := range colNames {
			if string(f) == name {
				if h.col[c] >= 0 {
					return h, fmt.Errorf("column %q appears twice", name)
				}
				h.col[c] = i
			}
		}
	}
	for c := 0; c < numRequired; c++ {
		if h.col[c] < 0 {
			return h, fmt.Errorf("header has no %q column", colNames[c])
		}
	}
	return h, nil
}

// parseRow fills c from a record, or says why the row is bad. Endpoint
// strings come from intern, so a row costs no allocation once its endpoint
// has been seen.
func parseRow(h *header, fields [][]byte, c *kpi.Call, intern func([]byte) string) string {
	if len(fields) != h.fields {
		return fmt.Sprintf("%d fields, header has %d", len(fields), h.fields)
	}
	get := func(col int) []byte {
		if h.col[col] < 0 {
			return nil
		}
		return fields[h.col[col]]
	}
	for col := 0; col < numRequired; col++ {
		if len(get(col)) == 0 {
			return "missing " + colNames[col]
		}
	}
	*c = kpi.Call{}
	var err error
	if c.ReceivedAt, err = parseRFC3339(get(colReceivedAt)); err != nil {
		return "received_at: " + err.Error()
	}
	c.Endpoint = intern(get(colEndpoint))
	status, err := parseUint(get(colStatus))
	if err != nil {
		return "status: " + err.Error()
	}
	c.Status = int(status) // 1xx and others: kpi.Check below says BadStatus
	if c.TTLB, err = parseMillis(get(colTTLB)); err != nil {
		return "ttlb_ms: " + err.Error()
	}
	if f := get(colTTFB); len(f) > 0 {
		if c.TTFB, err = parseMillis(f); err != nil {
			return "ttfb_ms: " + err.Error()
		}
	} else {
		c.TTFBUnknown = true
	}
	if f := get(colBytes); len(f) > 0 {
		if c.ResponseBytes, err = parseUint(f); err != nil {
			return "response_bytes: " + err.Error()
		}
	}
	if f := get(colRecords); len(f) > 0 {
		if c.Records, err = parseUint(f); err != nil {
			return "records: " + err.Error()
		}
	}
	// tpp_id is a known column, but no daily figure uses it: it is not kept
	// (interning every distinct client would only grow memory).
	if f := get(colAttributable); len(f) > 0 {
		attributable, err := parseBool(f)
		if err != nil {
			return "attributable: " + err.Error()
		}
		c.NotAttributable = !attributable
	}
	if f := get(colRejected); len(f) > 0 {
		if c.Rejected, err = parseBool(f); err != nil {
			return "rejected: " + err.Error()
		}
	}
	// The library's own validation (RULES §0 BAD INPUT): TTFB > TTLB, ...
	if r := kpi.Check(c); r != kpi.OK {
		return r.String()
	}
	return ""
}

// readPlanned reads a -planned file (REPORT-CONTRACT.md): header exactly
// "start,end" or "start,end,endpoint"; RFC 3339 instants; [start, end);
// end before start is an error; an empty or absent endpoint is every
// endpoint; fields are not trimmed.
func readPlanned(name string, data []byte) ([]plannedWindow, error) {
	rr := newRecordReader(bytes.NewReader(data))
	fields, _, err := rr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("-planned %s: empty file, want a header start,end[,endpoint]", name)
	}
	if err != nil {
		return nil, fmt.Errorf("-planned %s: line 1: %v", name, err)
	}
	var hdr []string
	for _, f := range fields {
		hdr = append(hdr, string(f))
	}
	withEndpoint := false
	switch strings.Join(hdr, ",") {
	case "start,end":
	case "start,end,endpoint":
		withEndpoint = true
	default:
		return nil, fmt.Errorf("-planned %s: line 1: header %q, want exactly start,end or start,end,endpoint", name, strings.Join(hdr, ","))
	}
	var out []plannedWindow
	for {
		fields, line, err := rr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("-planned %s: line %d: %v", name, line, err)
		}
		if len(fields) != len(hdr) {
			return nil, fmt.Errorf("-planned %s: line %d: %d fields, header has %d", name, line, len(fields), len(hdr))
		}
		var w plannedWindow
		if w.start, err = parseRFC3339(fields[0]); err != nil {
			return nil, fmt.Errorf("-planned %s: line %d: start: %v", name, line, err)
		}
		if w.end, err = parseRFC3339(fields[1]); err != nil {
			return nil, fmt.Errorf("-planned %s: line %d: end: %v", name, line, err)
		}
		if w.end.Before(w.start) {
			return nil, fmt.Errorf("-planned %s: line %d: end before start", name, line)
		}
		if withEndpoint {
			w.endpoint = string(fields[2])
		}
		out = append(out, w)
	}
}

type plannedWindow struct {
	start, end time.Time
	endpoint   string // "" = every endpoint
}
