package accesslog

import (
	"bytes"
	"time"
)

// haproxyParser reads HAProxy's 'option httplog' line, with or without a
// syslog prefix:
//
//	[prefix] client:port [accept_date] frontend backend/server
//	TR/Tw/Tc/Tr/Ta status bytes_read req_cookie resp_cookie
//	termination_state actconn/feconn/beconn/srv_conn/retries
//	srv_queue/backend_queue [{req_headers}] [{resp_headers}] "request"
//
// (HAProxy before 1.9: Tq/Tw/Tc/Tr/Tt, read the same way; doc.go.)
type haproxyParser struct {
	tok [10][]byte
}

func (p *haproxyParser) parse(line []byte, r *rec) string {
	// The accept date: the first " [" followed by "dd/Mon/".
	i := 0
	for {
		j := bytes.Index(line[i:], []byte(" ["))
		if j < 0 {
			return "not an HAProxy httplog line: no [accept_date]"
		}
		i += j + 2
		if _, ok := month(line, i+3); ok && i+7 <= len(line) && line[i+2] == '/' && line[i+6] == '/' {
			break
		}
	}
	end := bytes.IndexByte(line[i:], ']')
	if end < 0 || !parseCLF(line[i:i+end], &r.at) {
		return "accept_date: not dd/Mon/yyyy:hh:mm:ss.mmm"
	}
	if r.at.hasOff {
		return "accept_date: not dd/Mon/yyyy:hh:mm:ss.mmm"
	}
	rest := line[i+end+1:]
	for k := range p.tok {
		rest = bytes.TrimLeft(rest, " ")
		j := bytes.IndexByte(rest, ' ')
		if j < 0 {
			return "not an HAProxy httplog line: too few fields"
		}
		p.tok[k], rest = rest[:j], rest[j+1:]
	}
	timers, status, size, term := p.tok[2], p.tok[3], p.tok[4], p.tok[7]
	// The request: the last quoted field, after any captured headers.
	rest = bytes.TrimLeft(rest, " ")
	for len(rest) > 0 && rest[0] == '{' {
		j := bytes.IndexByte(rest, '}')
		if j < 0 {
			return "captured headers: no closing }"
		}
		rest = bytes.TrimLeft(rest[j+1:], " ")
	}
	if len(rest) < 2 || rest[0] != '"' || rest[len(rest)-1] != '"' {
		return "not an HAProxy httplog line: no \"request\""
	}
	req := rest[1 : len(rest)-1]
	m, path, ok := splitRequest(req)
	if !ok {
		return "no request line (" + safe(req) + ")"
	}
	r.method, r.path, r.pathEsc = m, path, '#'

	var t [5]time.Duration
	var known [5]bool
	for k := range t {
		j := bytes.IndexByte(timers, '/')
		v := timers
		if k < 4 {
			if j < 0 {
				return "timers: want TR/Tw/Tc/Tr/Ta"
			}
			v, timers = timers[:j], timers[j+1:]
		} else if j >= 0 {
			return "timers: want TR/Tw/Tc/Tr/Ta"
		}
		if k == 4 && len(v) > 0 && v[0] == '+' { // option logasap
			v = v[1:]
		}
		if string(v) == "-1" {
			continue
		}
		d, ok := parseDec(v, time.Millisecond)
		if !ok {
			return "timers: not milliseconds or -1"
		}
		t[k], known[k] = d, true
	}
	if !known[0] {
		return "TR is -1: the request was never received whole"
	}
	if !known[4] || t[4] < t[0] {
		return "timers: Ta less than TR"
	}
	r.shift = t[0]
	r.ttlb, r.hasTTLB = t[4]-t[0], true
	if known[1] && known[2] && known[3] {
		r.ttfb, r.hasTTFB = t[1]+t[2]+t[3], true
		if r.ttfb > r.ttlb {
			return "timers: Tw+Tc+Tr greater than Ta-TR"
		}
	}
	if string(status) == "-1" {
		r.noResponse = true
	} else {
		s, ok := dig(status, 0, len(status))
		if !ok || len(status) != 3 {
			return "status: not a status or -1"
		}
		r.status, r.hasStatus = s, true
	}
	if len(term) >= 2 {
		before := bytes.IndexByte([]byte("RQCH"), term[1]) >= 0 // before the response headers
		switch term[0] {
		case 'C', 'c', 'S', 's':
			if before {
				r.noResponse = true
			}
		}
	}
	n, ok := parseDec(size, 1)
	if !ok {
		return "bytes_read: not a count"
	}
	r.bytes = int64(n)
	return ""
}

// safe is b for a message, cut and quoted.
func safe(b []byte) string {
	if len(b) > 40 {
		b = b[:40]
	}
	return string(b)
}
