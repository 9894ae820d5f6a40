package accesslog

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"time"
)

// nginx's log_format presets: combined is built in, main is the one of
// the default nginx.conf. Neither has a duration: give one more variable,
// "combined $request_time".
var nginxPresets = map[string]string{
	"combined": `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"`,
	"main":     `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for"`,
}

// nginxConfig takes the format out of a log_format directive: the quoted
// strings after the name (and escape=), joined.
func nginxConfig(s string) string {
	s = strings.TrimSpace(s)
	rest, ok := strings.CutPrefix(s, "log_format ")
	if !ok {
		return configLine(s, "log_format", nginxPresets)
	}
	var b strings.Builder
	for i := 0; i < len(rest); i++ {
		q := rest[i]
		if q != '\'' && q != '"' {
			continue
		}
		for i++; i < len(rest) && rest[i] != q; i++ {
			if rest[i] == '\\' && i+1 < len(rest) {
				i++
			}
			b.WriteByte(rest[i])
		}
	}
	return b.String()
}

// compileNginx compiles an nginx log_format (ngx_http_log_module).
func compileNginx(format string) (func() parser, bool, error) {
	if format == "" {
		return nil, false, errors.New("-log-format is required for nginx: give the server's log_format line, or combined followed by a duration, e.g. 'combined $request_time'")
	}
	format = nginxConfig(format)
	var fields []field
	lit := func(s string) {
		if n := len(fields); n > 0 && fields[n-1].kind == kLit {
			fields[n-1].lit = append(fields[n-1].lit, s...)
			return
		}
		fields = append(fields, field{kind: kLit, lit: []byte(s)})
	}
	hasRequestURI := strings.Contains(format, "$request_uri") || strings.Contains(format, "${request_uri}")
	for i := 0; i < len(format); i++ {
		if format[i] != '$' {
			lit(format[i : i+1])
			continue
		}
		var name string
		if i+1 < len(format) && format[i+1] == '{' {
			j := strings.IndexByte(format[i:], '}')
			if j < 0 {
				return nil, false, fmt.Errorf("-log-format: %q has no closing }", format[i:])
			}
			name, i = format[i+2:i+j], i+j
		} else {
			j := i + 1
			for j < len(format) && (format[j] == '_' || format[j] >= 'a' && format[j] <= 'z' || format[j] >= 'A' && format[j] <= 'Z' || format[j] >= '0' && format[j] <= '9') {
				j++
			}
			if j == i+1 {
				lit("$")
				continue
			}
			name, i = format[i+1:j], j-1
		}
		f := field{kind: kSkip, name: "$" + name}
		switch name {
		case "time_local":
			f.kind = kTimeCLF
		case "time_iso8601":
			f.kind = kTimeISO
		case "msec":
			f.kind = kTimeSec
		case "request_time":
			f.kind = kTTLBs
		case "upstream_response_time":
			f.kind = kUpResp
		case "upstream_header_time":
			f.kind = kUpHeader
		case "status":
			f.kind = kStatus
		case "body_bytes_sent":
			f.kind = kBytesBody
		case "bytes_sent":
			f.kind = kBytesAll
		case "request":
			f.kind = kRequest
		case "request_method":
			f.kind = kMethod
		case "request_uri":
			f.kind = kPath
		case "uri":
			if !hasRequestURI {
				f.kind = kPath
			}
		}
		fields = append(fields, f)
	}
	markQuoted(fields)
	keepBest(fields, []kind{kTimeSec, kTimeISO, kTimeCLF})
	keepBest(fields, []kind{kRequest, kPath})
	keepBest(fields, []kind{kBytesBody, kBytesAll})
	if err := need(fields, "nginx", map[string][]kind{
		"a duration: add $request_time to the log_format":                     {kTTLBs},
		"a time: add $time_iso8601 (or $msec, $time_local) to the log_format": {kTimeSec, kTimeISO, kTimeCLF},
		`a request: add "$request" (or $request_method and $request_uri)`:     {kRequest, kPath},
		"a status: add $status to the log_format":                             {kStatus},
	}); err != nil {
		return nil, false, err
	}
	hasHeader := false
	for _, f := range fields {
		hasHeader = hasHeader || f.kind == kUpHeader
	}
	t := template{fields: fields, atEnd: true, esc: '\\', after: func(t *template, r *rec) string { return nginxAfter(t, r, hasHeader) }}
	return func() parser { c := t; return &c }, false, nil
}

// nginxAfter applies nginx's meanings (doc.go): 499 and 444 are no
// response; a 502 or 504 with no upstream header is nginx's own (no
// response from the service); TTFB from the upstream times.
func nginxAfter(t *template, r *rec, hasHeader bool) string {
	hdr := lastUpstream(t.state.upHeader)
	switch r.status {
	case 444, 499:
		r.noResponse = true
	case 502, 504:
		if hasHeader && (len(hdr) == 0 || isDash(hdr)) {
			r.noResponse = true
		}
	}
	resp := lastUpstream(t.state.upResp)
	if len(hdr) > 0 && len(resp) > 0 && !isDash(hdr) && !isDash(resp) && r.hasTTLB {
		h, ok1 := parseDec(hdr, time.Second)
		u, ok2 := parseDec(resp, time.Second)
		if !ok1 || !ok2 {
			return "$upstream_header_time or $upstream_response_time: not seconds"
		}
		// TTFB = TTLB - (the answering upstream's time after its header).
		ttfb := r.ttlb - (u - h)
		if ttfb < 0 {
			ttfb = 0
		}
		if ttfb > r.ttlb {
			ttfb = r.ttlb
		}
		r.ttfb, r.hasTTFB = ttfb, true
	}
	return ""
}

// lastUpstream is the last attempt's value of an $upstream_* list
// ("0.010, 0.020 : 0.030").
func lastUpstream(v []byte) []byte {
	for i := len(v) - 1; i >= 0; i-- {
		if v[i] == ',' || v[i] == ':' {
			v = v[i+1:]
			break
		}
	}
	return bytes.TrimSpace(v)
}
