package accesslog

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

// Options choose a reader: the flags -input-format, -log-format, -log-tz
// and -map of the report command.
type Options struct {
	// Format is csv (the calls CSV, the default when empty), apache, nginx,
	// haproxy, envoy, alb or json.
	Format string
	// LogFormat is the server's format line: Apache's LogFormat (or a
	// preset name, optionally followed by more directives: "combined %D"),
	// nginx's log_format (likewise "combined $request_time"), Envoy's text
	// format or json_format object (default: Envoy's default text format).
	LogFormat string
	// TZ is the zone of timestamps written without an offset: "+02:00",
	// "Z" or an IANA name. Required when the format's timestamps have no
	// offset (HAProxy, an Apache %{...}t without %z).
	TZ string
	// Map is the json format's field mapping, "target=source,...": see
	// the package documentation.
	Map string
	// MaxLineBytes is the longest line read (its line ending not counted);
	// a longer line is a bad line, read and discarded in bounded memory.
	// Zero or less: daily.DefaultMaxLineBytes.
	MaxLineBytes int
	// KeepTPP keeps the calls CSV's tpp_id in each call's TPP (the csv
	// format only: access logs carry no TPP column), for a report's usage
	// by partner.
	KeepTPP bool
}

// Reader reads one input format into calls. Make it with New; a Reader is
// immutable and safe for concurrent use (each Read has its own state).
type Reader struct {
	format  string
	loc     *time.Location // nil: no -log-tz
	mk      func() parser  // a fresh parser per Read
	max     int            // line limit
	keepTPP bool           // csv: keep tpp_id (Options.KeepTPP)
}

// parser parses one line into r, or says why the line is bad.
type parser interface {
	parse(line []byte, r *rec) string
}

// Formats lists the accepted values of Options.Format.
var Formats = []string{"csv", "apache", "nginx", "haproxy", "envoy", "alb", "json"}

// New checks o and returns its Reader, or an error that says which option
// is wrong and how to mend it.
func New(o Options) (*Reader, error) {
	rd := &Reader{format: o.Format, max: o.MaxLineBytes, keepTPP: o.KeepTPP}
	if rd.max <= 0 {
		rd.max = daily.DefaultMaxLineBytes
	}
	if rd.format == "" {
		rd.format = "csv"
	}
	if o.TZ != "" {
		loc, err := parseTZ(o.TZ)
		if err != nil {
			return nil, err
		}
		rd.loc = loc
	}
	if rd.format != "json" && o.Map != "" {
		return nil, fmt.Errorf("-map is for -input-format json, not %s", rd.format)
	}
	var naive bool // the format's timestamps have no offset
	var err error
	switch rd.format {
	case "csv":
		if o.LogFormat != "" || o.TZ != "" {
			return nil, errors.New("-log-format and -log-tz are for access logs: give -input-format")
		}
		return rd, nil
	case "apache":
		rd.mk, naive, err = compileApache(o.LogFormat)
	case "nginx":
		rd.mk, naive, err = compileNginx(o.LogFormat)
	case "envoy":
		rd.mk, naive, err = compileEnvoy(o.LogFormat)
	case "haproxy":
		if o.LogFormat != "" {
			return nil, errors.New("-log-format: the haproxy reader reads the fixed 'option httplog' line; it takes no format")
		}
		rd.mk, naive = func() parser { return &haproxyParser{} }, true
	case "alb":
		if o.LogFormat != "" {
			return nil, errors.New("-log-format: the alb reader reads the fixed ALB access log line; it takes no format")
		}
		rd.mk = func() parser { return &albParser{} }
	case "json":
		if o.LogFormat != "" {
			return nil, errors.New("-log-format is not used by -input-format json: give the fields with -map")
		}
		var m *jsonMapping
		m, err = parseMap(o.Map)
		if m != nil {
			rd.mk = func() parser { return &jsonParser{m: m} }
		}
	default:
		return nil, fmt.Errorf("-input-format %q: want one of %s", o.Format, strings.Join(Formats, ", "))
	}
	if err != nil {
		return nil, err
	}
	if naive && rd.loc == nil {
		return nil, fmt.Errorf("-log-tz is required: the %s log's timestamps have no UTC offset (give e.g. -log-tz +02:00 or -log-tz Europe/Zurich)", rd.format)
	}
	return rd, nil
}

// Format is the reader's input format.
func (rd *Reader) Format() string { return rd.format }

func parseTZ(s string) (*time.Location, error) {
	if s == "Z" || s == "UTC" {
		return time.UTC, nil
	}
	if len(s) == 6 && (s[0] == '+' || s[0] == '-') && s[3] == ':' {
		h, ok1 := num(s[1:3])
		m, ok2 := num(s[4:6])
		if ok1 && ok2 && h <= 23 && m <= 59 {
			off := (h*60 + m) * 60
			if s[0] == '-' {
				off = -off
			}
			return time.FixedZone(s, off), nil
		}
	}
	loc, err := time.LoadLocation(s)
	if err != nil {
		return nil, fmt.Errorf("-log-tz %q: want an offset like +02:00, Z, or an IANA zone name", s)
	}
	return loc, nil
}

func num(s string) (int, bool) {
	v := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		v = v*10 + int(s[i]-'0')
	}
	return v, len(s) > 0
}

// rec is one parsed line before it becomes a kpi.Call: each reader fills
// it with its format's meaning already applied (see doc.go).
type rec struct {
	at         stamp
	atEnd      bool          // at is when the response ended: ReceivedAt = at - TTLB
	shift      time.Duration // added to at (Envoy's %REQUEST_DURATION%)
	method     []byte
	path       []byte // raw, with escapes (pathEsc) and maybe the query
	pathEsc    byte   // 0, '\\' (Apache, nginx) or '#' (HAProxy) escapes in path and method
	status     int
	hasStatus  bool
	noResponse bool // status 0, whatever status was logged
	ttlb       time.Duration
	hasTTLB    bool
	ttfb       time.Duration
	hasTTFB    bool
	bytes      int64
	records    int64
	notAttr    bool
	rejected   bool
}

// Read reads one input named name (for the bad-line listing): onCall gets
// every good call (c is reused for the next one: copy what you keep) and
// its line number, onBad every bad line as "file:line: reason". Endpoint
// strings come from intern. The csv format is daily.ReadCalls. A read
// error fails the input; bad lines do not.
func (rd *Reader) Read(name string, in io.Reader, intern func([]byte) string, onCall func(c *kpi.Call, line int), onBad func(daily.BadRow)) error {
	if rd.format == "csv" {
		return daily.ReadCallsWith(name, in, daily.ReadOptions{MaxLineBytes: rd.max, KeepTPP: rd.keepTPP}, intern, onCall, onBad)
	}
	_, err := rd.ReadPiece(name, in, true, intern, onCall, onBad)
	return err
}

// ReadPiece is Read for a piece of a log in a line-based format (any
// format but csv, whose pieces daily.ReadCallsAt reads): the bytes of the
// log from a line start on, its lines numbered from 1 (start says the
// piece is the log's start: a byte-order mark is dropped). It returns the
// number of lines it read, so that the pieces read in parallel are
// renumbered in order by the lines of those before. Every line start is a
// place to cut such a log: a record is one line.
func (rd *Reader) ReadPiece(name string, in io.Reader, start bool, intern func([]byte) string, onCall func(c *kpi.Call, line int), onBad func(daily.BadRow)) (lines int, err error) {
	if rd.format == "csv" {
		return 0, fmt.Errorf("%s: accesslog: ReadPiece of a calls CSV: use daily.ReadCallsAt", name)
	}
	p := rd.mk()
	lr := lineReader{r: bufio.NewReaderSize(in, 256<<10), first: start, max: rd.max}
	defer func() { lines = lr.line }()
	var (
		c   kpi.Call
		r   rec
		buf []byte
	)
	for {
		line, n, err := lr.next()
		if err == io.EOF {
			return 0, nil
		}
		if err == errLong {
			onBad(daily.BadRow{File: name, Line: n, Reason: fmt.Sprintf("line longer than %d bytes", rd.max)})
			continue
		}
		if err != nil {
			return 0, fmt.Errorf("%s: %v", name, err)
		}
		r = rec{}
		reason := p.parse(line, &r)
		if reason == "" {
			buf, reason = rd.call(&r, &c, intern, buf)
		}
		if reason != "" {
			onBad(daily.BadRow{File: name, Line: n, Reason: reason})
			continue
		}
		onCall(&c, n)
	}
}

// call turns r into c: the endpoint "METHOD /path" (escapes decoded,
// query removed, an absolute URL's scheme and host removed), the receive
// instant, then kpi.Check and the report's year range.
func (rd *Reader) call(r *rec, c *kpi.Call, intern func([]byte) string, buf []byte) ([]byte, string) {
	*c = kpi.Call{}
	if len(r.method) == 0 || isDash(r.method) {
		return buf, "no request method"
	}
	if len(r.path) == 0 || isDash(r.path) {
		return buf, "no request path"
	}
	if !r.hasStatus && !r.noResponse {
		return buf, "no status"
	}
	if !r.hasTTLB {
		return buf, "no duration"
	}
	buf = unescape(buf[:0], r.method, r.pathEsc)
	buf = append(buf, ' ')
	start := len(buf)
	buf = unescape(buf, r.path, r.pathEsc)
	p := buf[start:]
	if i := bytes.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	p = stripAbsolute(p)
	if len(p) == 0 {
		return buf, "no request path"
	}
	buf = append(buf[:start], p...) // p is inside buf at or after start: copy moves it left
	c.Endpoint = intern(buf)
	at, reason := r.at.instant(rd.loc)
	if reason != "" {
		return buf, reason
	}
	at = at.Add(r.shift)
	if r.atEnd {
		at = at.Add(-r.ttlb)
	}
	c.ReceivedAt = at
	c.Status = r.status
	if r.noResponse {
		c.Status = 0
	}
	c.TTLB = r.ttlb
	c.TTFB, c.HasTTFB = r.ttfb, r.hasTTFB
	c.ResponseBytes = r.bytes
	c.Records = r.records
	c.NotAttributable = r.notAttr
	c.Rejected = r.rejected
	if k := kpi.Check(c); k != kpi.OK {
		return buf, k.String()
	}
	if !daily.InRange(c.ReceivedAt) {
		return buf, "time: " + daily.ErrYears.Error()
	}
	return buf, ""
}

func isDash(b []byte) bool { return len(b) == 1 && b[0] == '-' }

// stripAbsolute turns an absolute-form target ("http://host:80/a") into
// its path ("/a"); an authority with no path is "/".
func stripAbsolute(p []byte) []byte {
	var rest []byte
	switch {
	case bytes.HasPrefix(p, []byte("http://")):
		rest = p[len("http://"):]
	case bytes.HasPrefix(p, []byte("https://")):
		rest = p[len("https://"):]
	default:
		return p
	}
	if i := bytes.IndexByte(rest, '/'); i >= 0 {
		return rest[i:]
	}
	return []byte("/")
}

// unescape appends src to dst, decoding the server's log escapes: with
// '\\', Apache's and nginx's (\" \\ \xHH \n \t \r \b \v); with '#',
// HAProxy's #HH. An escape that is not one is kept as it is.
func unescape(dst, src []byte, esc byte) []byte {
	if esc == 0 || bytes.IndexByte(src, esc) < 0 {
		return append(dst, src...)
	}
	for i := 0; i < len(src); i++ {
		ch := src[i]
		if ch != esc || i+1 >= len(src) {
			dst = append(dst, ch)
			continue
		}
		if esc == '#' {
			if v, ok := hex2(src[i+1:]); ok {
				dst = append(dst, v)
				i += 2
				continue
			}
			dst = append(dst, ch)
			continue
		}
		switch n := src[i+1]; n {
		case 'x':
			if v, ok := hex2(src[i+2:]); ok {
				dst = append(dst, v)
				i += 3
				continue
			}
			dst = append(dst, ch)
		case '"', '\\':
			dst = append(dst, n)
			i++
		case 'n', 't', 'r', 'b', 'v':
			dst = append(dst, "\n\t\r\b\v"[strings.IndexByte("ntrbv", n)])
			i++
		default:
			dst = append(dst, ch)
		}
	}
	return dst
}

func hex2(b []byte) (byte, bool) {
	if len(b) < 2 {
		return 0, false
	}
	h, ok1 := hexv(b[0])
	l, ok2 := hexv(b[1])
	return h<<4 | l, ok1 && ok2
}

func hexv(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// splitRequest splits a request line "METHOD target PROTOCOL" into method
// and target. The target is everything between the first and the last
// space, so a path with raw spaces stays whole; a line with one space
// ("GET /") is HTTP/0.9's and has no protocol.
func splitRequest(b []byte) (method, target []byte, ok bool) {
	i := bytes.IndexByte(b, ' ')
	if i <= 0 {
		return nil, nil, false
	}
	method, rest := b[:i], b[i+1:]
	if j := bytes.LastIndexByte(rest, ' '); j >= 0 && bytes.HasPrefix(rest[j+1:], []byte("HTTP/")) {
		rest = rest[:j]
	}
	if len(rest) == 0 {
		return nil, nil, false
	}
	return method, rest, true
}

// lineReader returns a file's lines without their line ending, skipping
// blank lines and a UTF-8 byte-order mark, with no allocation per line.
type lineReader struct {
	r     *bufio.Reader
	line  int
	first bool
	long  []byte
	max   int // the longest line read; a longer one is a bad line
}

var errLong = errors.New("line too long")

func (lr *lineReader) next() ([]byte, int, error) {
	for {
		b, err := lr.r.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			lr.long = append(lr.long[:0], b...)
			for err == bufio.ErrBufferFull {
				b, err = lr.r.ReadSlice('\n')
				if len(lr.long) <= lr.max+2 { // +2: the line ending
					lr.long = append(lr.long, b...)
				}
			}
			b = lr.long
		}
		if err == io.EOF && len(b) > 0 {
			err = nil
		}
		if err != nil {
			return nil, lr.line, err
		}
		lr.line++
		b = bytes.TrimSuffix(b, []byte("\n"))
		b = bytes.TrimSuffix(b, []byte("\r"))
		if len(b) > lr.max {
			return nil, lr.line, errLong
		}
		if lr.first {
			lr.first = false
			b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
		}
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		return b, lr.line, nil
	}
}
