package kpi

import (
	"fmt"
	"strings"
)

// Endpoint is an interned endpoint ID: a small integer, dense from 0, that
// indexes per-endpoint state in a slice instead of a map keyed by string.
type Endpoint uint32

// Registry interns endpoint IDs ("GET /accounts/{AccountID}/balances") to
// Endpoints and matches concrete requests ("GET", "/accounts/123/balances")
// to their templates.
//
// A template is a method, a space, and a path whose segments are literals
// or patterns: a segment holding one {Name} matches any non-empty text in
// its place, with the literal text around the braces as prefix and suffix
// ("payment-consents{ConsentId}" matches "payment-consents42", as seed
// 001 writes some paths). Where several templates match, the one whose
// first differing segment is a literal wins ("/file-payments/report"
// beats "/file-payments/{PaymentId}").
//
// The zero value is an empty registry ready to use. Registration is not
// safe for concurrent use; once built, Lookup, Name and Match are, and they
// do not allocate.
type Registry struct {
	names []string
	ids   map[string]Endpoint
	roots map[string]*node // by method
}

type node struct {
	endpoint Endpoint
	terminal bool
	literal  map[string]*node
	patterns []pattern
}

type pattern struct {
	prefix, suffix string
	next           *node
}

// Intern returns the Endpoint of id, adding it if it is new. An id that
// looks like a template (method, space, path starting with "/") also
// becomes matchable by Match.
func (r *Registry) Intern(id string) Endpoint {
	if e, ok := r.ids[id]; ok {
		return e
	}
	if r.ids == nil {
		r.ids = make(map[string]Endpoint)
	}
	e := Endpoint(len(r.names))
	r.names = append(r.names, id)
	r.ids[id] = e
	if method, path, ok := strings.Cut(id, " "); ok && strings.HasPrefix(path, "/") {
		r.addTemplate(method, path, e)
	}
	return e
}

// Lookup returns the Endpoint of id and whether it is registered.
func (r *Registry) Lookup(id string) (Endpoint, bool) {
	e, ok := r.ids[id]
	return e, ok
}

// Name returns the ID of e. It panics if e was not returned by r.
func (r *Registry) Name(e Endpoint) string { return r.names[e] }

// Len is the number of registered endpoints; Endpoints are 0..Len()-1.
func (r *Registry) Len() int { return len(r.names) }

// Check returns UnknownEndpoint when c.Endpoint is not registered, and
// Check(c) otherwise: the validation to use where a catalogue is in force
// (RULES §0 BAD INPUT).
func (r *Registry) Check(c *Call) Reason {
	if reason := Check(c); reason != OK {
		return reason
	}
	if _, ok := r.ids[c.Endpoint]; !ok {
		return UnknownEndpoint
	}
	return OK
}

func (r *Registry) addTemplate(method, path string, e Endpoint) {
	if r.roots == nil {
		r.roots = make(map[string]*node)
	}
	n := r.roots[method]
	if n == nil {
		n = &node{}
		r.roots[method] = n
	}
	for seg, rest, more := nextSegment(path); more; seg, rest, more = nextSegment(rest) {
		n = n.child(seg)
	}
	if !n.terminal { // the first template registered for a shape wins
		n.terminal, n.endpoint = true, e
	}
}

func (n *node) child(seg string) *node {
	open := strings.IndexByte(seg, '{')
	close := strings.LastIndexByte(seg, '}')
	if open < 0 || close < open {
		if n.literal == nil {
			n.literal = make(map[string]*node)
		}
		c := n.literal[seg]
		if c == nil {
			c = &node{}
			n.literal[seg] = c
		}
		return c
	}
	p := pattern{prefix: seg[:open], suffix: seg[close+1:]}
	for _, q := range n.patterns {
		if q.prefix == p.prefix && q.suffix == p.suffix {
			return q.next
		}
	}
	p.next = &node{}
	n.patterns = append(n.patterns, p)
	return p.next
}

// nextSegment splits the first path segment off path, skipping slashes; it
// reports false when no segment is left.
func nextSegment(path string) (seg, rest string, ok bool) {
	for len(path) > 0 && path[0] == '/' {
		path = path[1:]
	}
	if path == "" {
		return "", "", false
	}
	if i := strings.IndexByte(path, '/'); i >= 0 {
		return path[:i], path[i:], true
	}
	return path, "", true
}

// Match returns the Endpoint whose template matches the request method and
// path, and whether one does. A query string or fragment is ignored, and so
// are repeated and trailing slashes. Match does not allocate.
func (r *Registry) Match(method, path string) (Endpoint, bool) {
	if i := strings.IndexAny(path, "?#"); i >= 0 {
		path = path[:i]
	}
	n := r.roots[method]
	if n == nil {
		return 0, false
	}
	return n.match(path)
}

func (n *node) match(path string) (Endpoint, bool) {
	seg, rest, ok := nextSegment(path)
	if !ok {
		return n.endpoint, n.terminal
	}
	if c := n.literal[seg]; c != nil {
		if e, ok := c.match(rest); ok {
			return e, true
		}
	}
	for _, p := range n.patterns {
		if len(seg) > len(p.prefix)+len(p.suffix) &&
			strings.HasPrefix(seg, p.prefix) && strings.HasSuffix(seg, p.suffix) {
			if e, ok := p.next.match(rest); ok {
				return e, true
			}
		}
	}
	return 0, false
}

// String lists the registered IDs, for debugging.
func (r *Registry) String() string { return fmt.Sprint(r.names) }
