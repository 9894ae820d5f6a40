package accesslog

import (
	"bytes"
	"time"
)

// albParser reads AWS Application Load Balancer access log lines:
//
//	type time elb client:port target:port request_processing_time
//	target_processing_time response_processing_time elb_status_code
//	target_status_code received_bytes sent_bytes "request" "user_agent"
//	ssl_cipher ssl_protocol target_group_arn "trace_id" "domain_name"
//	"chosen_cert_arn" matched_rule_priority request_creation_time ...
//
// Fields after request_creation_time are not read; lines of logs older
// than it (21 fields or fewer) are read without it (doc.go).
type albParser struct {
	tok [22][]byte
}

const (
	albTime       = 1
	albReqProc    = 5
	albTargetProc = 6
	albRespProc   = 7
	albELBStatus  = 8
	albTgtStatus  = 9
	albSent       = 11
	albRequest    = 12
	albCreation   = 21
)

func (p *albParser) parse(line []byte, r *rec) string {
	n := 0
	for i := 0; n < len(p.tok) && i < len(line); n++ {
		if line[i] == '"' {
			end := quotedEnd(line, i+1)
			if end >= len(line) {
				return "a quoted field is not closed"
			}
			p.tok[n] = line[i+1 : end]
			i = end + 1
		} else {
			j := len(line)
			if k := bytes.IndexByte(line[i:], ' '); k >= 0 {
				j = i + k
			}
			p.tok[n] = line[i:j]
			i = j
		}
		if i < len(line) && line[i] != ' ' {
			return "not an ALB access log line: want a space after a quoted field"
		}
		i++
	}
	if n <= albRequest {
		return "not an ALB access log line: too few fields"
	}
	var end stamp
	if !parseISO(p.tok[albTime], &end) || !end.hasOff {
		return "time: not an ISO 8601 time with Z"
	}
	m, path, ok := splitRequest(p.tok[albRequest])
	if !ok {
		return "request: not METHOD URL PROTOCOL"
	}
	r.method, r.path, r.pathEsc = m, path, '\\'

	var proc [3]time.Duration
	known := true
	for k := range proc {
		v := p.tok[albReqProc+k]
		if string(v) == "-1" {
			known = false
			continue
		}
		d, ok := parseDec(v, time.Second)
		if !ok {
			return "processing time: not seconds or -1"
		}
		proc[k] = d
	}
	sum := proc[0] + proc[1] + proc[2]
	if known {
		r.ttfb, r.hasTTFB = sum, true
	}
	r.hasTTLB = true
	if n > albCreation && !isDash(p.tok[albCreation]) {
		if !parseISO(p.tok[albCreation], &r.at) || !r.at.hasOff {
			return "request_creation_time: not an ISO 8601 time with Z"
		}
		t0, reason := r.at.instant(nil)
		t1, _ := end.instant(nil)
		if reason != "" {
			return reason
		}
		if t1.Before(t0) {
			return "time before request_creation_time"
		}
		r.ttlb = t1.Sub(t0)
	} else {
		r.at, r.atEnd, r.ttlb = end, true, sum
	}
	if r.hasTTFB && r.ttfb > r.ttlb {
		if r.ttfb-r.ttlb > 2*time.Millisecond {
			return "processing times greater than time - request_creation_time"
		}
		r.ttfb = r.ttlb // three values of whole milliseconds: rounding
	}

	elb, tgt := p.tok[albELBStatus], p.tok[albTgtStatus]
	if isDash(elb) {
		r.noResponse = true
	} else {
		s, ok := dig(elb, 0, len(elb))
		if !ok || len(elb) != 3 {
			return "elb_status_code: not a status"
		}
		r.status, r.hasStatus = s, true
		switch s {
		case 460: // the client closed the connection
			r.noResponse = true
		case 502, 504: // the target did not answer
			r.noResponse = isDash(tgt)
		}
	}
	b, ok := parseDec(p.tok[albSent], 1)
	if !ok {
		return "sent_bytes: not a count"
	}
	r.bytes = int64(b)
	return ""
}
