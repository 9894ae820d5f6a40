package accesslog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// envoyDefault is Envoy's default access log format (without its
// newline).
const envoyDefault = `[%START_TIME%] "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS% %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)% "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%" "%UPSTREAM_HOST%"`

// envoyKind is the meaning of one Envoy command ("START_TIME",
// "REQ(:METHOD)", with any ":N" length limit removed).
func envoyKind(cmd string) (kind, error) {
	if i := strings.LastIndexByte(cmd, ':'); i > 0 && strings.LastIndexByte(cmd, ')') < i {
		cmd = cmd[:i] // %REQ(:PATH):256%
	}
	switch cmd {
	case "START_TIME":
		return kTimeISO, nil
	case "REQ(:METHOD)":
		return kMethod, nil
	case "REQ(X-ENVOY-ORIGINAL-PATH?:PATH)", "REQ(:PATH)", "REQ(:PATH?X-ENVOY-ORIGINAL-PATH)":
		return kPath, nil
	case "RESPONSE_CODE":
		return kStatus, nil
	case "RESPONSE_FLAGS":
		return kEnvFlags, nil
	case "BYTES_SENT":
		return kBytesBody, nil
	case "DURATION":
		return kTTLBms, nil
	case "RESPONSE_DURATION":
		return kTTFBms, nil
	case "RESPONSE_TX_DURATION":
		return kEnvTxMS, nil
	case "REQUEST_DURATION":
		return kEnvReqMS, nil
	}
	if strings.HasPrefix(cmd, "START_TIME(") {
		return 0, fmt.Errorf("%%%s%%: only the default %%START_TIME%% (RFC 3339) is read", cmd)
	}
	return kSkip, nil
}

var envoyNeeds = map[string][]kind{
	"a duration: add %DURATION% (or %RESPONSE_DURATION% and %RESPONSE_TX_DURATION%)": {kTTLBms, kEnvTxMS},
	"a time: add %START_TIME%":      {kTimeISO},
	"a path: add %REQ(:PATH)%":      {kPath},
	"a method: add %REQ(:METHOD)%":  {kMethod},
	"a status: add %RESPONSE_CODE%": {kStatus},
}

// compileEnvoy compiles an Envoy text format, or a json_format object
// (a format starting with '{').
func compileEnvoy(format string) (func() parser, bool, error) {
	if format == "" {
		format = envoyDefault
	}
	if strings.HasPrefix(strings.TrimSpace(format), "{") {
		return compileEnvoyJSON(format)
	}
	format = strings.TrimSuffix(format, "\n")
	format = strings.TrimSuffix(format, `\n`)
	var fields []field
	lit := func(s string) {
		if n := len(fields); n > 0 && fields[n-1].kind == kLit {
			fields[n-1].lit = append(fields[n-1].lit, s...)
			return
		}
		fields = append(fields, field{kind: kLit, lit: []byte(s)})
	}
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			lit(format[i : i+1])
			continue
		}
		j := strings.IndexByte(format[i+1:], '%')
		if j < 0 {
			return nil, false, fmt.Errorf("-log-format: %q has no closing %%", format[i:])
		}
		cmd := format[i+1 : i+1+j]
		i += j + 1
		if cmd == "" {
			lit("%")
			continue
		}
		k, err := envoyKind(cmd)
		if err != nil {
			return nil, false, fmt.Errorf("-log-format: %v", err)
		}
		fields = append(fields, field{kind: k, name: "%" + cmd + "%"})
	}
	markQuoted(fields)
	if err := need(fields, "envoy", envoyNeeds); err != nil {
		return nil, false, err
	}
	t := template{fields: fields, after: envoyAfter}
	return func() parser { c := t; return &c }, false, nil
}

// compileEnvoyJSON compiles a json_format object: each value that is one
// command gives its key path a meaning.
func compileEnvoyJSON(format string) (func() parser, bool, error) {
	var obj map[string]any
	if err := json.Unmarshal([]byte(format), &obj); err != nil {
		return nil, false, fmt.Errorf("-log-format: not a JSON object: %v", err)
	}
	var targets []jsonTarget
	var walk func(prefix []string, o map[string]any) error
	walk = func(prefix []string, o map[string]any) error {
		keys := make([]string, 0, len(o))
		for k := range o {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			path := append(append([]string(nil), prefix...), k)
			switch v := o[k].(type) {
			case map[string]any:
				if err := walk(path, v); err != nil {
					return err
				}
			case string:
				if len(v) < 2 || v[0] != '%' || v[len(v)-1] != '%' || strings.Count(v, "%") != 2 {
					continue // not one command: not read
				}
				kd, err := envoyKind(v[1 : len(v)-1])
				if err != nil {
					return fmt.Errorf("-log-format: %v", err)
				}
				if kd != kSkip {
					targets = append(targets, jsonTarget{path: path, kind: kd, name: strings.Join(path, ".")})
				}
			}
		}
		return nil
	}
	if err := walk(nil, obj); err != nil {
		return nil, false, err
	}
	fields := make([]field, len(targets))
	for i, tg := range targets {
		fields[i] = field{kind: tg.kind}
	}
	if err := need(fields, "envoy", envoyNeeds); err != nil {
		return nil, false, err
	}
	m := &jsonMapping{targets: targets}
	return func() parser { return &jsonParser{m: m, t: template{after: envoyAfter}} }, false, nil
}

// envoyNoResponse are the response flags for which the service sent no
// response (doc.go): upstream request timeout, upstream connection
// failure, termination, remote and local reset.
var envoyNoResponse = []string{"UT", "UF", "UC", "UR", "LR"}

// envoyAfter applies Envoy's meanings (doc.go).
func envoyAfter(t *template, r *rec) string {
	st := &t.state
	if !r.hasTTLB && r.hasTTFB && st.hasEnvTx {
		r.ttlb, r.hasTTLB = r.ttfb+st.envTx, true
	}
	if st.hasEnvReq && r.hasTTLB && st.envReq <= r.ttlb {
		// The request was whole at START_TIME + REQUEST_DURATION.
		r.shift = st.envReq
		r.ttlb -= st.envReq
		if r.hasTTFB {
			r.ttfb -= st.envReq
			if r.ttfb < 0 {
				r.ttfb = 0
			}
		}
	}
	if r.hasTTFB && r.hasTTLB && r.ttfb > r.ttlb && r.ttfb-r.ttlb <= time.Millisecond {
		r.ttfb = r.ttlb // whole milliseconds each: rounding; more is a bad line
	}
	for f := range bytes.SplitSeq(st.flags, []byte(",")) {
		for _, nr := range envoyNoResponse {
			if string(f) == nr {
				r.noResponse = true
			}
		}
	}
	return ""
}
