package accesslog

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// jsonTarget is one value of a JSON line that the reader reads: its key
// path and its meaning.
type jsonTarget struct {
	path []string
	kind kind
	name string // for messages
}

// jsonMapping is the compiled -map (or an Envoy json_format).
type jsonMapping struct {
	targets []jsonTarget
}

// The -map targets: the calls CSV's columns, with the unit in the name
// where a number has one.
var mapTargets = map[string]kind{
	"received_at":         kTimeAny,
	"received_at_unix_s":  kTimeSec,
	"received_at_unix_ms": kTimeMS,
	"received_at_unix_us": kTimeUS,
	"endpoint":            kEndpoint,
	"method":              kMethod,
	"path":                kPath,
	"status":              kStatus,
	"ttlb_ms":             kTTLBms,
	"ttlb_s":              kTTLBs,
	"ttlb_us":             kTTLBus,
	"ttfb_ms":             kTTFBms,
	"ttfb_s":              kTTFBs,
	"ttfb_us":             kTTFBus,
	"response_bytes":      kBytesBody,
	"records":             kRecords,
	"attributable":        kAttributable,
	"rejected":            kRejected,
}

// parseMap compiles -map "target=source.path,...".
func parseMap(spec string) (*jsonMapping, error) {
	if strings.TrimSpace(spec) == "" {
		return nil, errors.New("-map is required for -input-format json: e.g. -map received_at=time,endpoint=route,status=status,ttlb_ms=latency_ms")
	}
	m := &jsonMapping{}
	seen := map[string]bool{}
	for item := range strings.SplitSeq(spec, ",") {
		target, source, ok := strings.Cut(strings.TrimSpace(item), "=")
		k, known := mapTargets[target]
		if !ok || source == "" {
			return nil, fmt.Errorf("-map %q: want target=source", item)
		}
		if !known {
			var names []string
			for n := range mapTargets {
				names = append(names, n)
			}
			sortStrings(names)
			return nil, fmt.Errorf("-map: unknown target %q: want one of %s", target, strings.Join(names, ", "))
		}
		if seen[target] {
			return nil, fmt.Errorf("-map: target %q given twice", target)
		}
		seen[target] = true
		m.targets = append(m.targets, jsonTarget{path: strings.Split(source, "."), kind: k, name: source})
	}
	count := func(names ...string) int {
		n := 0
		for _, s := range names {
			if seen[s] {
				n++
			}
		}
		return n
	}
	switch {
	case count("received_at", "received_at_unix_s", "received_at_unix_ms", "received_at_unix_us") != 1:
		return nil, errors.New("-map: give exactly one of received_at, received_at_unix_s, received_at_unix_ms, received_at_unix_us")
	case count("endpoint") == 0 && count("method", "path") != 2:
		return nil, errors.New("-map: give endpoint, or method and path")
	case count("endpoint") == 1 && count("method", "path") > 0:
		return nil, errors.New("-map: give endpoint, or method and path, not both")
	case count("status") == 0:
		return nil, errors.New("-map: give status")
	case count("ttlb_ms", "ttlb_s", "ttlb_us") != 1:
		return nil, errors.New("-map: give exactly one of ttlb_ms, ttlb_s, ttlb_us")
	case count("ttfb_ms", "ttfb_s", "ttfb_us") > 1:
		return nil, errors.New("-map: give at most one of ttfb_ms, ttfb_s, ttfb_us")
	}
	return m, nil
}

// jsonParser reads one JSON object per line with a hand-written scanner:
// it walks the object once, keeps the values of the mapped paths (string
// escapes decoded into a reused buffer) and skips the rest, with no
// allocation per line.
type jsonParser struct {
	m       *jsonMapping
	t       template // state and the format's after function (Envoy)
	vals    [][]byte
	found   []bool
	scratch []byte
	stack   [maxJSONDepth][]byte
}

const maxJSONDepth = 32

var errJSON = "not a JSON object"

func (p *jsonParser) parse(line []byte, r *rec) string {
	if p.vals == nil {
		p.vals = make([][]byte, len(p.m.targets))
		p.found = make([]bool, len(p.m.targets))
	}
	for i := range p.found {
		p.found[i] = false
	}
	p.scratch = p.scratch[:0]
	p.t.state = tstate{}
	i := ws(line, 0)
	if i >= len(line) || line[i] != '{' {
		return errJSON
	}
	i, reason := p.object(line, i, 0)
	if reason != "" {
		return reason
	}
	if ws(line, i) != len(line) {
		return "text after the JSON object"
	}
	for j, tg := range p.m.targets {
		if !p.found[j] {
			continue
		}
		if reason := p.t.apply(tg.kind, p.vals[j], r); reason != "" {
			return tg.name + ": " + reason
		}
	}
	if p.t.after != nil {
		return p.t.after(&p.t, r)
	}
	return ""
}

func ws(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// strEnd is the index of the quote closing the string whose content
// starts at i, and whether it has escapes; -1 if it is not closed.
func strEnd(b []byte, i int) (int, bool) {
	start := i
	for i < len(b) {
		j := bytes.IndexByte(b[i:], '"')
		if j < 0 {
			return -1, false
		}
		q := i + j
		if !escaped(b, start, q) {
			return q, bytes.IndexByte(b[start:q], '\\') >= 0
		}
		i = q + 1
	}
	return -1, false
}

// object scans the object at b[i] == '{' at depth, keeping mapped values;
// it returns the index after its '}'.
func (p *jsonParser) object(b []byte, i, depth int) (int, string) {
	if depth >= maxJSONDepth {
		return 0, "JSON nested too deep"
	}
	i = ws(b, i+1)
	if i < len(b) && b[i] == '}' {
		return i + 1, ""
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return 0, errJSON + ": want a key"
		}
		end, _ := strEnd(b, i+1)
		if end < 0 {
			return 0, errJSON + ": open string"
		}
		p.stack[depth] = b[i+1 : end]
		i = ws(b, end+1)
		if i >= len(b) || b[i] != ':' {
			return 0, errJSON + ": want ':'"
		}
		i = ws(b, i+1)
		if i >= len(b) {
			return 0, errJSON + ": want a value"
		}
		var reason string
		switch b[i] {
		case '{':
			i, reason = p.object(b, i, depth+1)
		case '[':
			i, reason = skipArray(b, i)
		case '"':
			end, esc := strEnd(b, i+1)
			if end < 0 {
				return 0, errJSON + ": open string"
			}
			if t := p.match(depth); t >= 0 {
				v := b[i+1 : end]
				if esc {
					start := len(p.scratch)
					var ok bool
					p.scratch, ok = jsonUnquote(p.scratch, v)
					if !ok {
						return 0, errJSON + ": bad string escape"
					}
					v = p.scratch[start:]
				}
				p.vals[t], p.found[t] = v, true
			}
			i = end + 1
		default:
			j := i
			for j < len(b) && b[j] != ',' && b[j] != '}' && b[j] != ']' && b[j] != ' ' && b[j] != '\t' {
				j++
			}
			v := b[i:j]
			if j == i {
				return 0, errJSON + ": want a value"
			}
			if t := p.match(depth); t >= 0 && string(v) != "null" {
				p.vals[t], p.found[t] = v, true
			}
			i = j
		}
		if reason != "" {
			return 0, reason
		}
		i = ws(b, i)
		if i >= len(b) {
			return 0, errJSON + ": not closed"
		}
		switch b[i] {
		case ',':
			i = ws(b, i+1)
		case '}':
			return i + 1, ""
		default:
			return 0, errJSON + ": want ',' or '}'"
		}
	}
}

// match is the target whose path is the key stack up to depth, or -1.
func (p *jsonParser) match(depth int) int {
	for t, tg := range p.m.targets {
		if len(tg.path) != depth+1 || tg.path[depth] != string(p.stack[depth]) {
			continue
		}
		ok := true
		for d := 0; d < depth && ok; d++ {
			ok = tg.path[d] == string(p.stack[d])
		}
		if ok {
			return t
		}
	}
	return -1
}

// skipArray skips the array at b[i] == '[' (strings, nesting).
func skipArray(b []byte, i int) (int, string) {
	depth := 0
	for ; i < len(b); i++ {
		switch b[i] {
		case '[', '{':
			depth++
		case ']', '}':
			depth--
			if depth == 0 {
				return i + 1, ""
			}
		case '"':
			end, _ := strEnd(b, i+1)
			if end < 0 {
				return 0, errJSON + ": open string"
			}
			i = end
		}
	}
	return 0, errJSON + ": array not closed"
}

// jsonUnquote appends the JSON string content s, escapes decoded.
func jsonUnquote(dst, s []byte) ([]byte, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			dst = append(dst, c)
			continue
		}
		i++
		if i >= len(s) {
			return dst, false
		}
		switch s[i] {
		case '"', '\\', '/':
			dst = append(dst, s[i])
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, ok := hex4(s, i+1)
			if !ok {
				return dst, false
			}
			i += 4
			if r >= 0xD800 && r < 0xDC00 && i+6 < len(s)+0 && s[i+1] == '\\' && s[i+2] == 'u' {
				if r2, ok := hex4(s, i+3); ok && r2 >= 0xDC00 && r2 < 0xE000 {
					r = (r-0xD800)<<10 | (r2 - 0xDC00) + 0x10000
					i += 6
				}
			}
			dst = utf8.AppendRune(dst, r)
		default:
			return dst, false
		}
	}
	return dst, true
}

func hex4(s []byte, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range s[i : i+4] {
		v, ok := hexv(c)
		if !ok {
			return 0, false
		}
		r = r<<4 | rune(v)
	}
	return r, true
}
