package kpi

import "fmt"

// Endpoint is an interned endpoint ID: a small integer, dense from 0, that
// indexes per-endpoint state in a slice instead of a map keyed by string.
type Endpoint uint32

// Registry interns endpoint IDs ("GET /accounts/{AccountID}/balances") to
// Endpoints and matches concrete requests ("GET", "/accounts/123/balances")
// to their templates under Rule EP-1 (see Catalogue, which does the
// matching: methods in upper case, the query string and one trailing
// slash ignored, literal before mixed before bare parameter at the first
// segment where templates differ).
//
// The zero value is an empty registry ready to use. Registration is not
// safe for concurrent use; once built, Lookup, Name and Match are, and they
// do not allocate.
type Registry struct {
	names []string
	ids   map[string]Endpoint
	cat   Catalogue
	byTmp []Endpoint // catalogue index -> Endpoint
}

// Intern returns the Endpoint of id, adding it if it is new. An id that is
// a template (Catalogue.Add accepts it, and no template with other
// parameter names came first) also becomes matchable by Match.
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
	// An ID that is not a well-formed template, or that is a template
	// already interned under another spelling, stays unmatchable: the first
	// spelling keeps matching.
	if n := r.cat.Len(); r.cat.Add("", id) == nil && r.cat.Len() > n {
		r.byTmp = append(r.byTmp, e)
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
// (the shared model's BAD INPUT).
func (r *Registry) Check(c *Call) Reason {
	if reason := Check(c); reason != OK {
		return reason
	}
	if _, ok := r.ids[c.Endpoint]; !ok {
		return UnknownEndpoint
	}
	return OK
}

// Match returns the Endpoint whose template matches the request method and
// path under Rule EP-1, and whether one does. Match does not allocate.
func (r *Registry) Match(method, path string) (Endpoint, bool) {
	i, ok := r.cat.MatchRequest(method, path)
	if !ok {
		return 0, false
	}
	return r.byTmp[i], true
}

// String lists the registered IDs, for debugging.
func (r *Registry) String() string { return fmt.Sprint(r.names) }
