package daily

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
)

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
	// The optional columns of the other regimes (kpi.Call's optional
	// facts): customer_present, authenticated and traffic_rejected are
	// true or false (empty: not recorded), api_version free text.
	colCustomerPresent
	colAuthenticated
	colTrafficRejected
	colAPIVersion
	numCols
)

var colNames = [numCols]string{"received_at", "endpoint", "status", "ttlb_ms", "ttfb_ms", "response_bytes", "records", "tpp_id", "attributable", "rejected",
	"customer_present", "authenticated", "traffic_rejected", "api_version"}

const numRequired = colTTLB + 1

// Header maps a file's columns to the contract's: it is made from the
// file's first record by ParseHeader and used by ParseRow for the rest.
type Header struct {
	col    [numCols]int // field index of column c, or -1
	fields int
	opt    bool // one of the other regimes' columns is present (customer_present ... api_version)
}

// ParseHeader reads the header record of a calls CSV: columns in any
// order, unknown columns ignored, the required columns present, none
// twice.
func ParseHeader(fields [][]byte) (Header, error) {
	h := Header{fields: len(fields)}
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
	for c := colCustomerPresent; c < numCols; c++ {
		h.opt = h.opt || h.col[c] >= 0
	}
	return h, nil
}

// ErrReservedEndpoint is the reason of a row whose endpoint is "ALL"
// (AllEndpoints): the outputs name the interface row so, and an endpoint
// of that name could not be told from it in daily.csv, JSON or text. The
// name is reserved: such a row is bad, never renamed.
var ErrReservedEndpoint = errors.New(`endpoint: "ALL" is reserved for the interface row`)

// ParseRow fills c from a record, or says why the row is bad (the empty
// string: a good row, which passed kpi.Check and whose received_at is
// InRange). Endpoint strings come from intern, so a row costs no
// allocation once its endpoint has been seen.
func ParseRow(h *Header, fields [][]byte, c *kpi.Call, intern func([]byte) string) string {
	return parseRow(h, fields, c, intern, nil)
}

// parseRow is ParseRow, received_at parsed with the minute cache mc (nil:
// none; see parseRFC3339).
func parseRow(h *Header, fields [][]byte, c *kpi.Call, intern func([]byte) string, mc *minuteCache) string {
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
	if c.ReceivedAt, err = parseRFC3339(get(colReceivedAt), mc); err != nil {
		return "received_at: " + err.Error()
	}
	if ep := get(colEndpoint); string(ep) == AllEndpoints {
		return ErrReservedEndpoint.Error()
	}
	c.Endpoint = intern(get(colEndpoint))
	status, err := ParseUint(get(colStatus))
	if err != nil {
		return "status: " + err.Error()
	}
	c.Status = int(status) // 1xx and others: kpi.Check below says BadStatus
	if c.TTLB, err = ParseMillis(get(colTTLB)); err != nil {
		return "ttlb_ms: " + err.Error()
	}
	if f := get(colTTFB); len(f) > 0 {
		if c.TTFB, err = ParseMillis(f); err != nil {
			return "ttfb_ms: " + err.Error()
		}
		c.HasTTFB = true
	} else {
		c.TTFB, c.HasTTFB = 0, false
	}
	if f := get(colBytes); len(f) > 0 {
		if c.ResponseBytes, err = ParseUint(f); err != nil {
			return "response_bytes: " + err.Error()
		}
	}
	if f := get(colRecords); len(f) > 0 {
		if c.Records, err = ParseUint(f); err != nil {
			return "records: " + err.Error()
		}
	}
	// tpp_id is a known column, but no daily figure uses it: it is not kept
	// (interning every distinct client would only grow memory).
	if f := get(colAttributable); len(f) > 0 {
		attributable, err := ParseBool(f)
		if err != nil {
			return "attributable: " + err.Error()
		}
		c.NotAttributable = !attributable
	}
	if f := get(colRejected); len(f) > 0 {
		if c.Rejected, err = ParseBool(f); err != nil {
			return "rejected: " + err.Error()
		}
	}
	if h.opt { // none of these columns: nothing to look up
		if r := parseOptional(h, fields, c, intern); r != "" {
			return r
		}
	}
	// The library's own validation (kpi's BAD INPUT): TTFB > TTLB, ...
	if r := kpi.Check(c); r != kpi.OK {
		return r.String()
	}
	if !InRange(c.ReceivedAt) {
		return "received_at: " + ErrYears.Error()
	}
	return ""
}

// parseOptional is parseRow's part for the other regimes' columns.
func parseOptional(h *Header, fields [][]byte, c *kpi.Call, intern func([]byte) string) string {
	get := func(col int) []byte {
		if h.col[col] < 0 {
			return nil
		}
		return fields[h.col[col]]
	}
	for _, x := range [...]struct {
		col  int
		flag *kpi.Flag
	}{{colCustomerPresent, &c.CustomerPresent}, {colAuthenticated, &c.Authenticated}, {colTrafficRejected, &c.TrafficRejected}} {
		if f := get(x.col); len(f) > 0 {
			v, err := ParseBool(f)
			if err != nil {
				return colNames[x.col] + ": " + err.Error()
			}
			*x.flag = kpi.FlagOf(v)
		}
	}
	if f := get(colAPIVersion); len(f) > 0 {
		c.APIVersion = intern(f)
	}
	return ""
}

// ReadPlanned reads a -planned file: ReadWindows for the flag -planned.
func ReadPlanned(name string, data []byte) ([]availability.Window, error) {
	return ReadWindows("-planned", name, data)
}

// ReadMonitoring reads a -monitoring file (Rule AV-MON-1: connectivity
// outages from synthetic monitoring): ReadWindows for the flag
// -monitoring.
func ReadMonitoring(name string, data []byte) ([]availability.Window, error) {
	return ReadWindows("-monitoring", name, data)
}

// ReadWindows reads a file of windows given with flag (-planned,
// -monitoring): header exactly "start,end" or "start,end,endpoint";
// RFC 3339 instants; [start, end); end before start is an error; an empty
// or absent endpoint is every endpoint; fields are not trimmed. Errors
// name the flag, the file and the line.
func ReadWindows(flag, name string, data []byte) ([]availability.Window, error) {
	rr := NewRecordReader(bytes.NewReader(data))
	fields, _, err := rr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s %s: empty file, want a header start,end[,endpoint]", flag, name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s %s: line 1: %v", flag, name, err)
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
		return nil, fmt.Errorf("%s %s: line 1: header %q, want exactly start,end or start,end,endpoint", flag, name, strings.Join(hdr, ","))
	}
	var out []availability.Window
	for {
		fields, line, err := rr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s %s: line %d: %v", flag, name, line, err)
		}
		if len(fields) != len(hdr) {
			return nil, fmt.Errorf("%s %s: line %d: %d fields, header has %d", flag, name, line, len(fields), len(hdr))
		}
		var w availability.Window
		if w.Start, err = ParseRFC3339(fields[0]); err != nil {
			return nil, fmt.Errorf("%s %s: line %d: start: %v", flag, name, line, err)
		}
		if w.End, err = ParseRFC3339(fields[1]); err != nil {
			return nil, fmt.Errorf("%s %s: line %d: end: %v", flag, name, line, err)
		}
		if w.End.Before(w.Start) {
			return nil, fmt.Errorf("%s %s: line %d: end before start", flag, name, line)
		}
		if withEndpoint {
			if string(fields[2]) == AllEndpoints {
				return nil, fmt.Errorf("-planned %s: line %d: %v (leave the endpoint empty for every endpoint)", name, line, ErrReservedEndpoint)
			}
			w.Endpoint = string(fields[2])
		}
		out = append(out, w)
	}
}
