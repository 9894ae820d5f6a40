package kpi

import (
	"bytes"
	"errors"
	"fmt"
	"math/bits"
	"slices"
	"strings"
)

// Catalogue is a list of endpoint templates ("GET /accounts/{AccountID}")
// and the matcher of Rule EP-1: it gives a logged endpoint such as
// "GET /accounts/123/balances?page=2" the catalogue's own ID
// "GET /accounts/{AccountID}/balances".
//
// Rule EP-1: an endpoint "METHOD /raw/path" matches a template when
//
//   - the methods are equal compared in upper case (ASCII letters only:
//     methods are ASCII tokens);
//   - the path, without its query string (from the first "?") and without
//     one trailing "/", has as many "/"-separated segments as the
//     template's, where
//   - a literal segment is equal byte for byte,
//   - a "{Name}" segment matches any one non-empty segment, and
//   - a mixed segment, literal text around one "{Name}"
//     ("payment-consents{ConsentId}", as the UAE standard writes some
//     paths), matches a segment that begins and ends with that text and has
//     a non-empty rest in between.
//
// Parameter names never matter: "GET /accounts/{AccountID}" and
// "GET /accounts/{AccountId}" are the same template, and a catalogue holds
// it once, under the first spelling added (Add rejects the other spelling,
// so that a catalogue never carries two IDs for one template).
//
// Where several templates match, the first segment at which they differ
// decides: a literal wins over a mixed segment, and a mixed segment over a
// bare "{Name}"; between two mixed segments, the one with more literal
// text wins (then the longer leading text, then byte order). So
// "GET /file-payments/summary" beats "GET /file-payments/{PaymentId}" for
// "/file-payments/summary", and "GET /payment-consents{ConsentId}" beats
// "GET /{Resource}" for "/payment-consents42".
//
// A template may be added under a path prefix (Add's prefix argument, the
// "prefix" line of ParseCatalogue): a gateway that logs
// "/open-banking/v3.1/aisp/accounts" for the template "GET /accounts" gets
// its calls matched once the prefix "/open-banking/v3.1/aisp" is removed.
// A template under a prefix matches only paths that begin with the prefix
// (whole segments); the matched ID is the template without the prefix.
//
// The zero value is an empty catalogue ready to use. Adding is not safe
// for concurrent use; once built, a Catalogue is safe for concurrent
// reads, and Match, MatchRequest and Contains do not allocate.
type Catalogue struct {
	ids    []string       // the templates in the order added, as spelt
	shapes map[string]int // template with parameter names erased -> index in ids
	byID   map[string]int // template as spelt -> index in ids
	roots  []methodRoot
}

type methodRoot struct {
	method string // ASCII upper case
	root   *cnode
}

// cnode is a node of the matching trie: one per distinct segment sequence.
type cnode struct {
	tmpl    int // index in ids + 1; 0 = no template ends here
	literal map[string]*cnode
	mixed   []mixedEdge // in matching order (see mixedBefore)
	param   *cnode      // a bare {Name}
}

type mixedEdge struct {
	prefix, suffix string
	next           *cnode
}

// segment is one parsed template segment: a literal (param false) or
// prefix{Name}suffix.
type segment struct {
	param          bool
	prefix, suffix string // the literal is in prefix
}

// NewCatalogue returns a catalogue of the given templates, without a
// prefix, or the errors of the bad ones (see Add).
func NewCatalogue(templates ...string) (*Catalogue, error) {
	c := &Catalogue{}
	var errs []error
	for _, t := range templates {
		if err := c.Add("", t); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return c, nil
}

// Add adds template ("METHOD /path", one space between) under prefix ("" or
// "/" for none; else "/" and literal segments, such as
// "/open-banking/v3.1/aisp").
//
// The method is an HTTP token (letters, digits and !#$%&'*+-.^_`|~); the
// path starts with "/", holds no space, tab or "?", and one trailing "/" is
// ignored; every segment is non-empty and holds at most one "{Name}", with
// a non-empty Name and no other brace.
//
// Adding a template again under the same prefix, spelt the same, changes
// nothing. Add returns an error, and changes nothing, when the template is
// malformed, when the catalogue holds the same template (parameter names
// erased) under another spelling, or when, through prefixes, it would
// match exactly the paths another template matches.
func (c *Catalogue) Add(prefix, template string) error {
	method, path, ok := strings.Cut(template, " ")
	if !ok {
		return fmt.Errorf("template %q: want METHOD /path", template)
	}
	if !isToken(method) {
		return fmt.Errorf("template %q: method %q is not an HTTP token", template, method)
	}
	segs, err := parsePath(path, true)
	if err != nil {
		return fmt.Errorf("template %q: %v", template, err)
	}
	var pre []segment
	if prefix != "" && prefix != "/" {
		if pre, err = parsePath(prefix, false); err != nil {
			return fmt.Errorf("prefix %q: %v", prefix, err)
		}
	}
	upper := asciiUpper(method)
	shape := shapeKey(upper, segs)
	idx, known := c.shapes[shape]
	if known && c.ids[idx] != template {
		return fmt.Errorf("template %q is template %q (parameter names do not matter)", template, c.ids[idx])
	}
	if !known {
		idx = len(c.ids)
	}
	// Walk (and grow) the trie; only the terminal can conflict.
	n := c.root(upper)
	for _, s := range pre {
		n = n.child(s)
	}
	for _, s := range segs {
		n = n.child(s)
	}
	switch {
	case n.tmpl == idx+1:
		return nil // the same template under the same prefix again
	case n.tmpl != 0:
		return fmt.Errorf("template %q under prefix %q matches the same paths as %q", template, prefix, c.ids[n.tmpl-1])
	}
	n.tmpl = idx + 1
	if !known {
		if c.shapes == nil {
			c.shapes, c.byID = make(map[string]int), make(map[string]int)
		}
		c.ids = append(c.ids, template)
		c.shapes[shape] = idx
		c.byID[template] = idx
	}
	return nil
}

// Len is the number of templates; their indices are 0..Len()-1.
func (c *Catalogue) Len() int {
	if c == nil {
		return 0
	}
	return len(c.ids)
}

// Template returns the i-th template as spelt when added.
func (c *Catalogue) Template(i int) string { return c.ids[i] }

// Templates returns a copy of the templates, in the order added.
func (c *Catalogue) Templates() []string {
	if c == nil {
		return nil
	}
	return slices.Clone(c.ids)
}

// Contains reports whether id is one of the templates, byte for byte (the
// membership of Rule EP-2, where IDs count as written). It does not
// allocate.
func (c *Catalogue) Contains(id string) bool {
	if c == nil {
		return false
	}
	_, ok := c.byID[id]
	return ok
}

// Match returns the ID, as the catalogue spells it, of the template that
// endpoint ("METHOD /raw/path", as a gateway logs it) matches under Rule
// EP-1, and whether one does. An endpoint without a space, or whose path
// does not start with "/", matches nothing. Match does not allocate.
func (c *Catalogue) Match(endpoint string) (string, bool) {
	method, path, ok := strings.Cut(endpoint, " ")
	if !ok {
		return "", false
	}
	i, ok := c.MatchRequest(method, path)
	if !ok {
		return "", false
	}
	return c.ids[i], true
}

// MatchRequest is Match for a request's method and path (path as sent:
// "/accounts/1/balances?x=1"); it returns the template's index (see
// Template). It does not allocate.
func (c *Catalogue) MatchRequest(method, path string) (int, bool) {
	if c == nil || path == "" || path[0] != '/' {
		return 0, false
	}
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	path = strings.TrimSuffix(path, "/") // one trailing slash; "/" becomes ""
	for i := range c.roots {
		if equalUpper(method, c.roots[i].method) {
			if t := c.roots[i].root.match(path); t != 0 {
				return t - 1, true
			}
			return 0, false
		}
	}
	return 0, false
}

// match returns the template (index + 1) that path ("" or "/seg/...")
// reaches from n, 0 for none: depth first, literal before mixed before
// bare parameter, so the first differing segment decides (Rule EP-1).
func (n *cnode) match(path string) int {
	if path == "" {
		return n.tmpl
	}
	seg, rest := path[1:], ""
	if i := strings.IndexByte(seg, '/'); i >= 0 {
		seg, rest = seg[:i], seg[i:]
	}
	if c := n.literal[seg]; c != nil {
		if t := c.match(rest); t != 0 {
			return t
		}
	}
	for i := range n.mixed {
		m := &n.mixed[i]
		if len(seg) > len(m.prefix)+len(m.suffix) &&
			strings.HasPrefix(seg, m.prefix) && strings.HasSuffix(seg, m.suffix) {
			if t := m.next.match(rest); t != 0 {
				return t
			}
		}
	}
	if n.param != nil && seg != "" {
		return n.param.match(rest)
	}
	return 0
}

func (c *Catalogue) root(upperMethod string) *cnode {
	for _, r := range c.roots {
		if r.method == upperMethod {
			return r.root
		}
	}
	n := &cnode{}
	c.roots = append(c.roots, methodRoot{method: upperMethod, root: n})
	return n
}

func (n *cnode) child(s segment) *cnode {
	switch {
	case !s.param:
		if n.literal == nil {
			n.literal = make(map[string]*cnode)
		}
		c := n.literal[s.prefix]
		if c == nil {
			c = &cnode{}
			n.literal[s.prefix] = c
		}
		return c
	case s.prefix == "" && s.suffix == "":
		if n.param == nil {
			n.param = &cnode{}
		}
		return n.param
	}
	for _, m := range n.mixed {
		if m.prefix == s.prefix && m.suffix == s.suffix {
			return m.next
		}
	}
	e := mixedEdge{prefix: s.prefix, suffix: s.suffix, next: &cnode{}}
	n.mixed = append(n.mixed, e)
	slices.SortFunc(n.mixed, mixedOrder)
	return e.next
}

// mixedOrder orders mixed segments for matching: more literal text first,
// then the longer leading text, then byte order of the leading, then of
// the trailing text.
func mixedOrder(a, b mixedEdge) int {
	if la, lb := len(a.prefix)+len(a.suffix), len(b.prefix)+len(b.suffix); la != lb {
		return lb - la
	}
	if len(a.prefix) != len(b.prefix) {
		return len(b.prefix) - len(a.prefix)
	}
	if c := strings.Compare(a.prefix, b.prefix); c != 0 {
		return c
	}
	return strings.Compare(a.suffix, b.suffix)
}

// parsePath splits a template path (params allowed) or a prefix (literal
// segments only) into segments, after removing one trailing slash.
func parsePath(path string, params bool) ([]segment, error) {
	if path == "" || path[0] != '/' {
		return nil, errors.New(`the path does not start with "/"`)
	}
	if i := strings.IndexAny(path, " \t\r\n\v\f?"); i >= 0 {
		return nil, fmt.Errorf("the path holds %q", path[i])
	}
	path = strings.TrimSuffix(path, "/")
	var segs []segment
	for path != "" {
		s := path[1:]
		if i := strings.IndexByte(s, '/'); i >= 0 {
			s, path = s[:i], s[i:]
		} else {
			path = ""
		}
		if s == "" {
			return nil, errors.New("empty segment")
		}
		open, close := strings.IndexByte(s, '{'), strings.IndexByte(s, '}')
		if open < 0 && close < 0 {
			segs = append(segs, segment{prefix: s})
			continue
		}
		if !params {
			return nil, fmt.Errorf("segment %q: a prefix has no parameters", s)
		}
		if open < 0 || close < open+2 || strings.Count(s, "{") != 1 || strings.Count(s, "}") != 1 {
			return nil, fmt.Errorf("segment %q: want literal text around at most one {Name}", s)
		}
		segs = append(segs, segment{param: true, prefix: s[:open], suffix: s[close+1:]})
	}
	return segs, nil
}

// shapeKey is the template's identity: upper-case method and the path with
// parameter names erased ("GET /accounts/{}/balances").
func shapeKey(upperMethod string, segs []segment) string {
	var b strings.Builder
	b.WriteString(upperMethod)
	b.WriteByte(' ')
	if len(segs) == 0 {
		b.WriteByte('/')
	}
	for _, s := range segs {
		b.WriteByte('/')
		b.WriteString(s.prefix)
		if s.param {
			b.WriteString("{}")
			b.WriteString(s.suffix)
		}
	}
	return b.String()
}

// isToken reports whether s is a non-empty HTTP token (RFC 9110 §5.6.2).
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		switch {
		case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", b) >= 0:
		default:
			return false
		}
	}
	return true
}

func asciiUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// equalUpper reports whether raw in ASCII upper case equals upper.
func equalUpper(raw, upper string) bool {
	if len(raw) != len(upper) {
		return false
	}
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c != upper[i] {
			return false
		}
	}
	return true
}

// CatalogueError is one bad line of a catalogue text (ParseCatalogue).
// Line is 1-based; 0 is the text as a whole.
type CatalogueError struct {
	Line   int
	Reason string
}

// Error returns "catalogue line N: reason" ("catalogue: reason" for line 0).
func (e *CatalogueError) Error() string {
	if e.Line == 0 {
		return "catalogue: " + e.Reason
	}
	return fmt.Sprintf("catalogue line %d: %s", e.Line, e.Reason)
}

// ParseCatalogue reads a catalogue from text: one template per line,
// "METHOD /path/{Param}" (see Add); blank lines ignored, and "#" begins a
// comment (a line, or the rest of one after a space); a line
// "prefix /path" sets the prefix of the templates after it, until the next
// prefix line ("prefix /" for none). Words are separated by spaces or
// tabs, lines by "\n" or "\r\n"; a UTF-8 byte-order mark at the start is
// ignored. "prefix" in lower case is the keyword, never a method.
//
// On any bad line ParseCatalogue returns a nil catalogue and an error
// joining one *CatalogueError per bad line, in line order; a text without
// any template is an error too.
func ParseCatalogue(text []byte) (*Catalogue, error) {
	text = bytes.TrimPrefix(text, []byte("\uFEFF"))
	c := &Catalogue{}
	var errs []error
	prefix := ""
	for i, line := range strings.Split(string(text), "\n") {
		fields := strings.FieldsFunc(line, func(r rune) bool { return r == ' ' || r == '\t' || r == '\r' })
		for j, f := range fields {
			if strings.HasPrefix(f, "#") {
				fields = fields[:j]
				break
			}
		}
		bad := func(format string, args ...any) {
			errs = append(errs, &CatalogueError{Line: i + 1, Reason: fmt.Sprintf(format, args...)})
		}
		switch {
		case len(fields) == 0:
		case fields[0] == "prefix":
			if len(fields) != 2 {
				bad("want prefix /path")
				continue
			}
			if _, err := parsePath(fields[1], false); err != nil {
				bad("prefix %q: %v", fields[1], err)
				continue
			}
			prefix = fields[1]
		case len(fields) != 2:
			bad("want METHOD /path, got %d words", len(fields))
		default:
			if err := c.Add(prefix, fields[0]+" "+fields[1]); err != nil {
				bad("%v", err)
			}
		}
	}
	if len(errs) == 0 && c.Len() == 0 {
		errs = append(errs, &CatalogueError{Reason: "no template"})
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return c, nil
}

// EndpointCount is one endpoint's number of calls.
type EndpointCount struct {
	Endpoint string
	Calls    uint64
}

// EndpointCounts counts calls by endpoint ID: the list of calls outside the
// catalogue in force (Rule EP-1), or of endpoints the profile's catalogue
// does not contain (Rule EP-2, see Catalogue.Unlisted), which a report
// shows so that no call is dropped silently.
//
// The zero value is empty and ready to use. Add does not allocate for an
// endpoint already counted (a new endpoint grows the map). Merge is
// associative and commutative, with the zero value as identity. Not safe
// for concurrent use: give each goroutine its own and Merge them.
type EndpointCounts struct {
	m map[string]uint64
}

// Add counts n calls of endpoint; n = 0 changes nothing.
func (c *EndpointCounts) Add(endpoint string, n uint64) {
	if n == 0 {
		return
	}
	if c.m == nil {
		c.m = make(map[string]uint64)
	}
	c.m[endpoint] += n
}

// Merge adds o's counts into c; o is unchanged and a nil o is empty.
// When the total would pass 2^64 − 1 it returns ErrMergeOverflow and c
// is unchanged. It allocates only for an endpoint c has not counted.
func (c *EndpointCounts) Merge(o *EndpointCounts) error {
	if o == nil {
		return nil
	}
	a, okA := c.total()
	b, okB := o.total()
	if _, carry := bits.Add64(a, b, 0); carry != 0 || !okA || !okB {
		return ErrMergeOverflow
	}
	for e, n := range o.m {
		c.Add(e, n)
	}
	return nil
}

// Get returns the calls counted for endpoint.
func (c *EndpointCounts) Get(endpoint string) uint64 { return c.m[endpoint] }

// Len is the number of endpoints counted.
func (c *EndpointCounts) Len() int { return len(c.m) }

// Total is the number of calls counted.
func (c *EndpointCounts) Total() uint64 {
	t, _ := c.total()
	return t
}

// total is Total and whether it fits in a uint64 (it wraps otherwise).
func (c *EndpointCounts) total() (uint64, bool) {
	var t, carry uint64
	ok := true
	for _, n := range c.m {
		t, carry = bits.Add64(t, n, 0)
		ok = ok && carry == 0
	}
	return t, ok
}

// Sorted returns the counts by endpoint in byte order; nil when empty.
func (c *EndpointCounts) Sorted() []EndpointCount {
	if len(c.m) == 0 {
		return nil
	}
	out := make([]EndpointCount, 0, len(c.m))
	for e, n := range c.m {
		out = append(out, EndpointCount{Endpoint: e, Calls: n})
	}
	slices.SortFunc(out, func(a, b EndpointCount) int { return strings.Compare(a.Endpoint, b.Endpoint) })
	return out
}

// Unlisted returns the endpoints of counts that c does not contain byte for
// byte (Contains), with their calls, sorted by endpoint: Rule EP-2's list,
// where without a catalogue in force every ID counts as written, so an ID
// spelt otherwise than the profile's catalogue is in none of its groups
// and must be named. A nil catalogue contains nothing.
func (c *Catalogue) Unlisted(counts *EndpointCounts) []EndpointCount {
	var out []EndpointCount
	for _, ec := range counts.Sorted() {
		if !c.Contains(ec.Endpoint) {
			out = append(out, ec)
		}
	}
	return out
}
