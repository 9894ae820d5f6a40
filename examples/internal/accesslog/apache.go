package accesslog

import (
	"errors"
	"fmt"
	"strings"
)

// Apache httpd's LogFormat presets, as its default configuration names
// them. None has a duration: give one more directive, "combined %D".
var apachePresets = map[string]string{
	"common":     `%h %l %u %t "%r" %>s %b`,
	"combined":   `%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"`,
	"combinedio": `%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i" %I %O`,
}

// configLine takes the format string out of a server's configuration
// line ("LogFormat \"...\" name", "log_format name '...' '...';") or
// expands a preset name at its start ("combined %D"). Anything else is the
// format itself.
func configLine(s, directive string, presets map[string]string) string {
	s = strings.TrimSpace(s)
	if rest, ok := strings.CutPrefix(s, directive+" "); ok {
		s = strings.TrimSpace(rest)
		if directive == "LogFormat" && strings.HasPrefix(s, `"`) {
			var b strings.Builder
			for i := 1; i < len(s); i++ {
				if s[i] == '\\' && i+1 < len(s) && (s[i+1] == '"' || s[i+1] == '\\') {
					b.WriteByte(s[i+1])
					i++
					continue
				}
				if s[i] == '"' {
					break
				}
				b.WriteByte(s[i])
			}
			return b.String()
		}
		return s
	}
	name, rest, _ := strings.Cut(s, " ")
	if p, ok := presets[name]; ok {
		if rest != "" {
			return p + " " + rest
		}
		return p
	}
	return s
}

// compileApache compiles an Apache LogFormat (mod_log_config).
func compileApache(format string) (func() parser, bool, error) {
	if format == "" {
		return nil, false, errors.New("-log-format is required for apache: give the server's LogFormat line, or a preset (common, combined, combinedio) followed by a duration, e.g. 'combined %D'")
	}
	format = configLine(format, "LogFormat", apachePresets)
	var fields []field
	lit := func(s string) {
		if n := len(fields); n > 0 && fields[n-1].kind == kLit {
			fields[n-1].lit = append(fields[n-1].lit, s...)
			return
		}
		fields = append(fields, field{kind: kLit, lit: []byte(s)})
	}
	var timeBegin, timeEnd, naive bool
	for i := 0; i < len(format); i++ {
		c := format[i]
		if c == '\\' && i+1 < len(format) { // C escapes of the format string
			switch format[i+1] {
			case 'n':
				lit("\n")
			case 't':
				lit("\t")
			default:
				lit(format[i+1 : i+2])
			}
			i++
			continue
		}
		if c != '%' {
			lit(format[i : i+1])
			continue
		}
		i++
		if i < len(format) && format[i] == '%' {
			lit("%")
			continue
		}
		start := i - 1
		final := false
		for i < len(format) && strings.IndexByte("<>!,0123456789", format[i]) >= 0 {
			final = final || format[i] == '>'
			i++
		}
		arg := ""
		if i < len(format) && format[i] == '{' {
			j := strings.IndexByte(format[i:], '}')
			if j < 0 {
				return nil, false, fmt.Errorf("-log-format: %q has no closing }", format[start:])
			}
			arg, i = format[i+1:i+j], i+j+1
		}
		if i >= len(format) {
			return nil, false, fmt.Errorf("-log-format: %q ends without a directive letter", format[start:])
		}
		letter := format[i : i+1]
		if letter == "^" && i+2 < len(format) {
			letter, i = format[i:i+3], i+2
		}
		f := field{kind: kSkip, name: format[start : i+1]}
		switch letter {
		case "t":
			a := arg
			if rest, ok := strings.CutPrefix(a, "end:"); ok {
				a, timeEnd = rest, true
			} else {
				a = strings.TrimPrefix(a, "begin:")
				timeBegin = true
			}
			switch a {
			case "":
				f.kind = kTimeBrCLF
			case "sec":
				f.kind = kTimeSec
			case "msec":
				f.kind = kTimeMS
			case "usec":
				f.kind = kTimeUS
			case "msec_frac":
				f.kind = kFracMS
			case "usec_frac":
				f.kind = kFracUS
			default:
				ops, hasZone, err := compileStrf(a)
				if err != nil {
					return nil, false, fmt.Errorf("-log-format %s: %v", f.name, err)
				}
				f.kind, f.strf, naive = kTimeStrf, ops, !hasZone
			}
		case "D":
			f.kind = kTTLBus
		case "T":
			switch arg {
			case "", "s":
				f.kind = kTTLBs
			case "ms":
				f.kind = kTTLBms
			case "us":
				f.kind = kTTLBus
			}
		case "s":
			f.kind = kStatus
			if !final {
				f.name = "%s" // the original status: used only without %>s
			}
		case "b", "B":
			f.kind = kBytesBody
		case "O":
			f.kind = kBytesAll
		case "r":
			f.kind = kRequest
		case "m":
			f.kind = kMethod
		case "U":
			f.kind = kPath
		}
		fields = append(fields, f)
	}
	markQuoted(fields)
	// One field per meaning: the finest duration, %>s over %s, body bytes
	// over bytes with headers.
	keepBest(fields, []kind{kTTLBus, kTTLBms, kTTLBs})
	keepBest(fields, []kind{kBytesBody, kBytesAll})
	hasFinal := false
	for _, f := range fields {
		hasFinal = hasFinal || (f.kind == kStatus && f.name != "%s")
	}
	for i := range fields {
		if hasFinal && fields[i].kind == kStatus && fields[i].name == "%s" {
			fields[i].kind = kSkip
		}
	}
	if err := need(fields, "apache", map[string][]kind{
		"a duration: add %D (microseconds; %{ms}T or %T also do) to the LogFormat": {kTTLBus, kTTLBms, kTTLBs},
		"a time: add %t to the LogFormat":                                          {kTimeBrCLF, kTimeStrf, kTimeSec, kTimeMS, kTimeUS},
		`a request: add "%r" (or %m and %U) to the LogFormat`:                      {kRequest, kPath},
		"a status: add %>s to the LogFormat":                                       {kStatus},
	}); err != nil {
		return nil, false, err
	}
	t := template{fields: fields, atEnd: timeEnd && !timeBegin, esc: '\\', after: func(*template, *rec) string { return "" }}
	return func() parser { c := t; return &c }, naive, nil
}

// markQuoted marks the fields that sit between two quotes.
func markQuoted(fields []field) {
	for i := range fields {
		if fields[i].kind == kLit || i == 0 || i+1 >= len(fields) {
			continue
		}
		prev, next := fields[i-1], fields[i+1]
		if prev.kind == kLit && next.kind == kLit && prev.lit[len(prev.lit)-1] == '"' && next.lit[0] == '"' {
			fields[i].quoted = true
		}
	}
}

// keepBest keeps the first kind of order that the format has and makes
// the fields of the others kSkip.
func keepBest(fields []field, order []kind) {
	for _, best := range order {
		for _, f := range fields {
			if f.kind == best {
				for i := range fields {
					for _, k := range order {
						if fields[i].kind == k && k != best {
							fields[i].kind = kSkip
						}
					}
				}
				return
			}
		}
	}
}

// need refuses a format that lacks one of the meanings: each message's
// kinds are alternatives.
func need(fields []field, format string, wants map[string][]kind) error {
	var missing []string
	for msg, kinds := range wants {
		found := false
		for _, f := range fields {
			for _, k := range kinds {
				found = found || f.kind == k
			}
		}
		if !found {
			missing = append(missing, msg)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	sortStrings(missing)
	return fmt.Errorf("-log-format: the %s format has no %s", format, strings.Join(missing, "; no "))
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// strfOp is one step of a strftime layout: a literal byte or a directive.
type strfOp struct {
	lit byte
	dir byte // 0 for a literal
}

// compileStrf compiles the strftime directives Apache's %{...}t takes
// that a log needs: %Y %m %d %e %H %M %S %b %h %z %T %F %%.
func compileStrf(s string) ([]strfOp, bool, error) {
	var ops []strfOp
	zone := false
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			ops = append(ops, strfOp{lit: s[i]})
			continue
		}
		i++
		if i >= len(s) {
			return nil, false, errors.New("strftime layout ends in %")
		}
		switch d := s[i]; d {
		case 'Y', 'm', 'd', 'e', 'H', 'M', 'S', 'b', 'h', 'z':
			ops = append(ops, strfOp{dir: d})
			zone = zone || d == 'z'
		case 'T':
			ops = append(ops, strfOp{dir: 'H'}, strfOp{lit: ':'}, strfOp{dir: 'M'}, strfOp{lit: ':'}, strfOp{dir: 'S'})
		case 'F':
			ops = append(ops, strfOp{dir: 'Y'}, strfOp{lit: '-'}, strfOp{dir: 'm'}, strfOp{lit: '-'}, strfOp{dir: 'd'})
		case '%':
			ops = append(ops, strfOp{lit: '%'})
		default:
			return nil, false, fmt.Errorf("strftime %%%c is not read (the reader reads %%Y %%m %%d %%e %%H %%M %%S %%b %%h %%z %%T %%F)", d)
		}
	}
	return ops, zone, nil
}

// parseStrf reads a time laid out by ops at the start of b into st,
// keeping a fraction already set; n is the bytes read.
func parseStrf(ops []strfOp, b []byte, st *stamp) (int, bool) {
	v := stamp{set: true, d: 1, mo: 1, ns: st.ns}
	i := 0
	for _, op := range ops {
		if op.dir == 0 {
			if i >= len(b) || b[i] != op.lit {
				return 0, false
			}
			i++
			continue
		}
		var x, n int
		ok := true
		switch op.dir {
		case 'Y':
			x, ok = dig(b, i, 4)
			n = 4
		case 'b', 'h':
			x, ok = month(b, i)
			n = 3
		case 'e':
			if i < len(b) && b[i] == ' ' {
				x, ok = dig(b, i+1, 1)
			} else {
				x, ok = dig(b, i, 2)
			}
			n = 2
		case 'z':
			var off int
			off, n, ok = offset(b, i)
			v.off, v.hasOff = off, true
		default:
			x, ok = dig(b, i, 2)
			n = 2
		}
		if !ok {
			return 0, false
		}
		switch op.dir {
		case 'Y':
			v.y = x
		case 'm', 'b', 'h':
			v.mo = x
		case 'd', 'e':
			v.d = x
		case 'H':
			v.h = x
		case 'M':
			v.mi = x
		case 'S':
			v.s = x
		}
		i += n
	}
	*st = v
	return i, true
}
