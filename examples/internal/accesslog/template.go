package accesslog

import (
	"bytes"
	"fmt"
	"strconv"
	"time"
)

// kind is what a field of a log line means for the call model, whatever
// the format that wrote it.
type kind uint8

const (
	kLit       kind = iota // a literal of the format string
	kSkip                  // a field the call model does not use
	kTimeCLF               // "02/Jan/2006:15:04:05 -0700"
	kTimeBrCLF             // the same in brackets (Apache's plain %t)
	kTimeISO               // RFC 3339, offset optional
	kTimeAny               // kTimeISO or kTimeCLF (json)
	kTimeStrf              // Apache %{strftime}t
	kTimeSec               // epoch seconds, decimal
	kTimeMS                // epoch milliseconds, decimal
	kTimeUS                // epoch microseconds
	kFracMS                // Apache %{msec_frac}t: 3 digits
	kFracUS                // Apache %{usec_frac}t: 6 digits
	kRequest               // "METHOD target PROTOCOL"
	kMethod
	kPath // the target, query included or not
	kStatus
	kBytesBody // response body bytes
	kBytesAll  // response bytes with headers
	kTTLBus
	kTTLBms
	kTTLBs
	kTTFBus
	kTTFBms
	kTTFBs
	kUpResp   // nginx $upstream_response_time
	kUpHeader // nginx $upstream_header_time
	kEnvFlags // Envoy %RESPONSE_FLAGS%
	kEnvReqMS // Envoy %REQUEST_DURATION%
	kEnvTxMS  // Envoy %RESPONSE_TX_DURATION%
	kEndpoint // "METHOD /path" in one field (json)
	kRecords
	kAttributable
	kRejected
)

// field is one part of a compiled format string.
type field struct {
	kind   kind
	lit    []byte   // kLit
	strf   []strfOp // kTimeStrf
	quoted bool     // between quotes: scan with escapes
	name   string   // the directive, for messages
}

// template parses lines of a format string compiled into fields. Literals
// must match; a field ends where the next literal starts (a quoted field
// at its closing quote, escapes skipped), a time field where its layout
// ends.
type template struct {
	fields []field
	atEnd  bool                             // the format's time is when the response ended
	esc    byte                             // the server's escape byte in quoted fields
	after  func(t *template, r *rec) string // the format's meanings (status 0, TTFB)
	state  tstate
}

// tstate is what a line's fields leave for the format's after function.
type tstate struct {
	upResp, upHeader, flags []byte
	envReq, envTx           time.Duration
	hasEnvReq, hasEnvTx     bool
	fracNS                  int
	hasFrac                 bool
}

func (t *template) parse(line []byte, r *rec) string {
	t.state = tstate{}
	r.atEnd = t.atEnd
	r.pathEsc = t.esc
	pos := 0
	for i := range t.fields {
		f := &t.fields[i]
		if f.kind == kLit {
			if !bytes.HasPrefix(line[pos:], f.lit) {
				return fmt.Sprintf("does not match the log format at byte %d: want %q", pos+1, f.lit)
			}
			pos += len(f.lit)
			continue
		}
		var end int
		switch {
		case f.kind == kTimeStrf:
			n, ok := parseStrf(f.strf, line[pos:], &r.at)
			if !ok {
				return fmt.Sprintf("%s: not a time of the format at byte %d", f.name, pos+1)
			}
			pos += n
			continue
		case f.kind == kTimeBrCLF:
			j := bytes.IndexByte(line[pos:], ']')
			if j < 0 || line[pos] != '[' {
				return fmt.Sprintf("%s: no [time] at byte %d", f.name, pos+1)
			}
			end = pos + j + 1
		case f.quoted:
			end = quotedEnd(line, pos)
		case i+1 < len(t.fields) && t.fields[i+1].kind == kLit:
			j := bytes.Index(line[pos:], t.fields[i+1].lit)
			if j < 0 {
				return fmt.Sprintf("does not match the log format after byte %d: want %q", pos, t.fields[i+1].lit)
			}
			end = pos + j
			if f.kind == kUpResp || f.kind == kUpHeader {
				// nginx lists attempts as "0.1, 0.2 : 0.3": go on past
				// a literal that splits the list.
				lit := t.fields[i+1].lit
				for end < len(line) && (line[end-1] == ',' || bytes.HasPrefix(line[end+len(lit):], []byte(": "))) {
					j := bytes.Index(line[end+len(lit):], lit)
					if j < 0 {
						break
					}
					end += len(lit) + j
				}
			}
		default:
			end = len(line)
		}
		if reason := t.apply(f.kind, line[pos:end], r); reason != "" {
			return f.name + ": " + reason
		}
		pos = end
	}
	if pos != len(line) {
		return fmt.Sprintf("does not match the log format: %d bytes left at byte %d", len(line)-pos, pos+1)
	}
	if t.state.hasFrac {
		r.at.ns = t.state.fracNS
	}
	return t.after(t, r)
}

// quotedEnd is the index of the first '"' at or after pos that is not
// escaped by a backslash (or the end of line).
func quotedEnd(line []byte, pos int) int {
	for i := pos; i < len(line); {
		j := bytes.IndexByte(line[i:], '"')
		if j < 0 {
			return len(line)
		}
		q := i + j
		if !escaped(line, pos, q) {
			return q
		}
		i = q + 1
	}
	return len(line)
}

// escaped reports whether b[q] is preceded, from start on, by an odd
// number of backslashes.
func escaped(b []byte, start, q int) bool {
	n := 0
	for k := q - 1; k >= start && b[k] == '\\'; k-- {
		n++
	}
	return n%2 == 1
}

// applyCommon parses the fields every text format shares.
func (t *template) apply(k kind, v []byte, r *rec) string {
	switch k {
	case kSkip:
	case kTimeCLF:
		if !parseCLF(v, &r.at) {
			return "not a time dd/Mon/yyyy:hh:mm:ss ±hhmm"
		}
	case kTimeBrCLF:
		if len(v) < 2 || !parseCLF(v[1:len(v)-1], &r.at) {
			return "not a time [dd/Mon/yyyy:hh:mm:ss ±hhmm]"
		}
	case kTimeISO:
		if !parseISO(v, &r.at) {
			return "not an ISO 8601 time"
		}
	case kTimeAny:
		if !parseISO(v, &r.at) && !parseCLF(v, &r.at) {
			return "not an RFC 3339 time or dd/Mon/yyyy:hh:mm:ss ±hhmm"
		}
	case kTimeSec, kTimeMS, kTimeUS:
		unit := time.Second
		if k == kTimeMS {
			unit = time.Millisecond
		} else if k == kTimeUS {
			unit = time.Microsecond
		}
		if !parseEpoch(v, unit, &r.at) {
			return "not a decimal epoch time"
		}
	case kFracMS, kFracUS:
		n, scale := 3, 1_000_000
		if k == kFracUS {
			n, scale = 6, 1000
		}
		f, ok := dig(v, 0, n)
		if !ok || len(v) != n {
			return "not " + strconv.Itoa(n) + " digits"
		}
		t.state.fracNS, t.state.hasFrac = f*scale, true
	case kRequest:
		m, p, ok := splitRequest(v)
		if !ok {
			if isDash(v) {
				return "no request line"
			}
			return "not a request line METHOD target PROTOCOL"
		}
		r.method, r.path = m, p
	case kEndpoint:
		i := bytes.IndexByte(v, ' ')
		if i <= 0 {
			return "not METHOD /path"
		}
		r.method, r.path = v[:i], v[i+1:]
	case kRecords:
		n, ok := parseDec(v, 1)
		if !ok {
			return "not a count"
		}
		r.records = int64(n)
	case kAttributable, kRejected:
		var b bool
		switch string(v) {
		case "true":
			b = true
		case "false":
		default:
			return "not true or false"
		}
		if k == kAttributable {
			r.notAttr = !b
		} else {
			r.rejected = b
		}
	case kMethod:
		r.method = v
	case kPath:
		r.path = v
	case kStatus:
		s, ok := dig(v, 0, len(v))
		if !ok || len(v) == 0 || len(v) > 3 {
			return "not a status"
		}
		r.status, r.hasStatus = s, true
	case kBytesBody, kBytesAll:
		if isDash(v) {
			r.bytes = 0
			break
		}
		n, ok := parseDec(v, 1)
		if !ok {
			return "not a byte count"
		}
		r.bytes = int64(n)
	case kTTLBus, kTTLBms, kTTLBs, kTTFBus, kTTFBms, kTTFBs:
		if isDash(v) || len(v) == 0 || (k > kTTLBs && string(v) == "-1") {
			break // unknown (a TTFB of -1: no upstream answered)
		}
		unit := time.Microsecond
		switch k {
		case kTTLBms, kTTFBms:
			unit = time.Millisecond
		case kTTLBs, kTTFBs:
			unit = time.Second
		}
		d, ok := parseDec(v, unit)
		if !ok {
			return "not a duration (digits, optionally '.' and digits)"
		}
		if k <= kTTLBs {
			r.ttlb, r.hasTTLB = d, true
		} else {
			r.ttfb, r.hasTTFB = d, true
		}
	case kUpResp:
		t.state.upResp = v
	case kUpHeader:
		t.state.upHeader = v
	case kEnvFlags:
		t.state.flags = v
	case kEnvReqMS, kEnvTxMS:
		if isDash(v) {
			break
		}
		d, ok := parseDec(v, time.Millisecond)
		if !ok {
			return "not milliseconds"
		}
		if k == kEnvReqMS {
			t.state.envReq, t.state.hasEnvReq = d, true
		} else {
			t.state.envTx, t.state.hasEnvTx = d, true
		}
	default:
		return "field not read by this format"
	}
	return ""
}
