package monthly

import (
	"slices"
	"strings"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/wire"
)

// Encodings of the monthly accumulators (see the package doc, # Encoding).
// Each is versioned (1), portable, and canonical: ID sets are written in
// increasing order and the TPP log in its canonical order, so that equal
// states have identical bytes.

// appendSet writes s as its size then its IDs in increasing order.
func appendSet(b []byte, s idSet) []byte {
	b = wire.AppendUvarint(b, uint64(len(s)))
	for _, id := range s.sorted() {
		b = wire.AppendString(b, id)
	}
	return b
}

// readSet reads a set written by appendSet: IDs non-empty and strictly
// increasing. The empty set decodes as nil, as a set never added to is.
func readSet(r *wire.Reader) idSet {
	n := r.Len(2) // a length byte and at least one byte of ID
	if n == 0 {
		return nil
	}
	// Sized for the IDs the input can hold, not the count it claims: the
	// IDs are distinct, so only 256 take 2 bytes (a length and 1 byte) and
	// the others 3 or more.
	s := make(idSet, min(n, 256+r.Remaining()/3))
	prev := ""
	for i := 0; i < n; i++ {
		id := r.String()
		if id == "" || (i > 0 && strings.Compare(prev, id) >= 0) {
			r.Fail(wire.ErrInvalid)
			return nil
		}
		s[id] = struct{}{}
		prev = id
	}
	return s
}

func appendRejections(b []byte, m *kpi.Rejections[Reason]) []byte {
	return wire.AppendRejections(b, m[:], int(numReasons))
}

// readRejections reads counts written by appendRejections;
// a count for a reason this release does not know must be 0, and so must
// the counts no Add method keeps (OK, and ConflictingRecord,
// AlreadyRegistered and NotRegistered, which are derived when read).
func readRejections(r *wire.Reader, out *kpi.Rejections[Reason]) {
	n := r.Len(1)
	for i := 0; i < n; i++ {
		x := r.Uvarint()
		switch {
		case x != 0 && (i == int(OK) || i == int(ConflictingRecord) || i == int(AlreadyRegistered) || i == int(NotRegistered)):
			r.Fail(wire.ErrInvalid)
		case i < int(numReasons):
			out[i] = x
		case x != 0:
			r.Fail(wire.ErrInvalid)
		}
	}
}

// subset reports whether every ID of a is in b.
func subset(a, b idSet) bool {
	for id := range a {
		if !b.has(id) {
			return false
		}
	}
	return true
}

// appendKeyed writes k as its number of IDs, then, for each ID in
// increasing order, the ID, the number of its distinct records and the
// records in increasing order of F (the kept one first), each written by
// put.
func appendKeyed[F fact[F]](b []byte, k keyed[F], put func([]byte, F) []byte) []byte {
	ids := make([]string, 0, len(k))
	for id := range k {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	b = wire.AppendUvarint(b, uint64(len(ids)))
	for _, id := range ids {
		e := k[id]
		b = wire.AppendString(b, id)
		b = wire.AppendUvarint(b, uint64(1+len(e.more)))
		b = put(b, e.first)
		for _, f := range e.more {
			b = put(b, f)
		}
	}
	return b
}

// readKeyed reads what appendKeyed wrote (each record at least minBytes
// long, read by get): IDs non-empty and strictly increasing, at least one
// record per ID, records good (ok) and strictly increasing in F's order.
// The empty map decodes as nil, as one never added to is.
func readKeyed[F fact[F]](r *wire.Reader, minBytes int, get func(*wire.Reader) F, ok func(F) bool) keyed[F] {
	n := r.Len(3 + minBytes) // ID (2+), count, a record
	if n == 0 {
		return nil
	}
	// Sized for the IDs the input can hold (distinct: only 256 take 1
	// byte, the others 2 or more, each with its length, a count and a
	// record), not the count it claims.
	k := make(keyed[F], min(n, 256+r.Remaining()/(4+minBytes)))
	prev := ""
	for i := 0; i < n; i++ {
		id := r.String()
		m := r.Len(minBytes)
		if id == "" || (i > 0 && strings.Compare(prev, id) >= 0) || m == 0 {
			r.Fail(wire.ErrInvalid) // no-op after a truncation: the first error sticks
			return nil
		}
		var e records[F]
		for j := 0; j < m; j++ {
			f := get(r)
			if !ok(f) || (j > 0 && prevF(e).compare(f) >= 0) {
				r.Fail(wire.ErrInvalid)
				return nil
			}
			if j == 0 {
				e.first = f
			} else {
				e.more = append(e.more, f)
			}
		}
		k[id] = e
		prev = id
	}
	return k
}

// prevF is the last record of e.
func prevF[F any](e records[F]) F {
	if len(e.more) > 0 {
		return e.more[len(e.more)-1]
	}
	return e.first
}

func appendSpan(b []byte, s span) []byte { return wire.AppendTime(wire.AppendTime(b, s.start), s.end) }

func readSpan(r *wire.Reader) span { return span{r.Time(), r.Time()} }

// MarshalBinary encodes u (wire.KindUsers, version 1).
func (u *Users) MarshalBinary() ([]byte, error) { return u.AppendBinary(nil) }

// AppendBinary appends the encoding of u to b: per segment, service and
// set (authorised, active) the IDs in increasing order, then Rejections().
func (u *Users) AppendBinary(b []byte) ([]byte, error) {
	b = wire.AppendHeader(b, wire.KindUsers, 1)
	for seg := range u.sets {
		for svc := range u.sets[seg] {
			for k := range u.sets[seg][svc] {
				b = appendSet(b, u.sets[seg][svc][k])
			}
		}
	}
	return appendRejections(b, &u.rejected), nil
}

// UnmarshalBinary decodes an encoding of MarshalBinary into u, replacing
// it; on error u is unchanged. Every authorised user must be in the active
// set of the same segment and service (ErrInvalid otherwise).
func (u *Users) UnmarshalBinary(data []byte) error {
	r, _ := wire.NewReader(data, "monthly.Users", wire.KindUsers, 1)
	var v Users
	for seg := range v.sets {
		for svc := range v.sets[seg] {
			for k := range v.sets[seg][svc] {
				v.sets[seg][svc][k] = readSet(r)
			}
			if !subset(v.sets[seg][svc][authorised], v.sets[seg][svc][active]) {
				r.Fail(wire.ErrInvalid)
			}
		}
	}
	readRejections(r, &v.rejected)
	if err := r.Err(); err != nil {
		return err
	}
	*u = v
	return nil
}

// MarshalBinary encodes t (wire.KindTPPs, version 1).
func (t *TPPs) MarshalBinary() ([]byte, error) { return t.AppendBinary(nil) }

// AppendBinary appends the encoding of t to b: the number of events, then
// each event's fields (TPP ID, role, kind, instant) in the log's canonical
// order (by instant, then role, TPP ID and kind), then Rejections().
func (t *TPPs) AppendBinary(b []byte) ([]byte, error) {
	b = wire.AppendHeader(b, wire.KindTPPs, 1)
	b = wire.AppendUvarint(b, uint64(len(t.events)))
	for _, e := range t.events {
		b = wire.AppendString(b, e.TPPID)
		b = append(b, byte(e.Role), byte(e.Kind))
		b = wire.AppendTime(b, e.At)
	}
	return appendRejections(b, &t.rejected), nil
}

// UnmarshalBinary decodes an encoding of MarshalBinary into t, replacing
// it; on error t is unchanged. Every event must be good (CheckTPPEvent)
// and the log in canonical order (ErrInvalid otherwise).
func (t *TPPs) UnmarshalBinary(data []byte) error {
	r, _ := wire.NewReader(data, "monthly.TPPs", wire.KindTPPs, 1)
	n := r.Len(6) // ID (2+), role, kind, instant (2+)
	var v TPPs
	if n > 0 {
		v.events = make([]TPPEvent, 0, n)
	}
	for i := 0; i < n && r.Remaining() > 0; i++ {
		e := TPPEvent{TPPID: r.String(), Role: Role(r.Byte()), Kind: TPPEventKind(r.Byte()), At: r.Time()}
		if CheckTPPEvent(&e) != OK || (i > 0 && compareTPPEvents(v.events[i-1], e) > 0) {
			r.Fail(wire.ErrInvalid)
			break
		}
		v.events = append(v.events, e)
	}
	if len(v.events) != n {
		r.Fail(wire.ErrTruncated)
	}
	readRejections(r, &v.rejected)
	if err := r.Err(); err != nil {
		return err
	}
	*t = v
	return nil
}

// MarshalBinary encodes a (wire.KindAdoption, version 1).
func (a *Adoption) MarshalBinary() ([]byte, error) { return a.AppendBinary(nil) }

// AppendBinary appends the encoding of a to b: the call count, every ID
// set, the onboardings and tickets by ID, the money sums, the 11 NPS
// answer counts, and both rejection counts.
func (a *Adoption) AppendBinary(b []byte) ([]byte, error) {
	b = wire.AppendHeader(b, wire.KindAdoption, 1)
	b = wire.AppendUvarint(b, a.calls)
	b = appendSet(b, a.endpoints)
	b = appendSet(b, a.developers)
	b = appendSet(b, a.applications)
	b = appendSet(b, a.partnersAt[0])
	b = appendSet(b, a.partnersAt[1])
	b = appendKeyed(b, a.onboardings, appendSpan)
	b = appendKeyed(b, a.tickets, appendSpan)
	b = wire.AppendU128(b, a.revenue)
	b = wire.AppendU128(b, a.cost)
	b = wire.AppendUvarint(b, uint64(len(a.answers)))
	for _, n := range a.answers {
		b = wire.AppendUvarint(b, n)
	}
	b = appendRejections(b, &a.rejected)
	return wire.AppendRejections(b, a.callsRej[:], kpi.NumReasons), nil
}

// UnmarshalBinary decodes an encoding of MarshalBinary into a, replacing
// it; on error a is unchanged. It checks what the figures rely on: calls
// and active endpoints are both zero or both not, with no more endpoints
// than calls, and every onboarding and ticket is a good record
// (ErrInvalid otherwise).
func (a *Adoption) UnmarshalBinary(data []byte) error {
	r, _ := wire.NewReader(data, "monthly.Adoption", wire.KindAdoption, 1)
	var v Adoption
	v.calls = r.Uvarint()
	v.endpoints = readSet(r)
	v.developers = readSet(r)
	v.applications = readSet(r)
	v.partnersAt[0] = readSet(r)
	v.partnersAt[1] = readSet(r)
	v.onboardings = readKeyed(r, 2, readSpan, func(s span) bool { return s.check(false) == OK })
	v.tickets = readKeyed(r, 2, readSpan, func(s span) bool { return s.check(true) == OK })
	v.revenue = r.U128()
	v.cost = r.U128()
	if r.Uvarint() != uint64(len(v.answers)) {
		r.Fail(wire.ErrInvalid)
	}
	for i := range v.answers {
		v.answers[i] = r.Uvarint()
	}
	readRejections(r, &v.rejected)
	r.Rejections(v.callsRej[:kpi.NumReasons])
	if uint64(len(v.endpoints)) > v.calls || (v.calls > 0 && len(v.endpoints) == 0) || v.callsRej[0] != 0 {
		r.Fail(wire.ErrInvalid)
	}
	if err := r.Err(); err != nil {
		return err
	}
	*a = v
	return nil
}

// MarshalBinary encodes g (wire.KindGovernance, version 1).
func (g *Governance) MarshalBinary() ([]byte, error) { return g.AppendBinary(nil) }

// AppendBinary appends the encoding of g to b: the market sums, the ID
// sets, the incidents by ID, the requirement and audit counts, the data
// stores and vulnerabilities by ID, then Rejections().
func (g *Governance) AppendBinary(b []byte) ([]byte, error) {
	b = wire.AppendHeader(b, wire.KindGovernance, 1)
	b = wire.AppendU128(b, g.own)
	b = wire.AppendU128(b, g.market)
	b = appendSet(b, g.products)
	b = appendSet(b, g.customers)
	b = appendKeyed(b, g.incidents, func(b []byte, i instant) []byte { return wire.AppendTime(b, i.at) })
	for _, n := range [...]uint64{g.applicable, g.met, g.audits, g.passed} {
		b = wire.AppendUvarint(b, n)
	}
	b = appendKeyed(b, g.stores, func(b []byte, s storeFacts) []byte {
		return append(b, boolBit(s.compliant)|boolBit(s.encrypted)<<1)
	})
	b = appendKeyed(b, g.vulns, appendSpan)
	return appendRejections(b, &g.rejected), nil
}

func boolBit(x bool) byte {
	if x {
		return 1
	}
	return 0
}

// UnmarshalBinary decodes an encoding of MarshalBinary into g, replacing
// it; on error g is unchanged. Parts must not exceed their wholes (own <=
// market, met <= applicable, passed <= audits) and every incident, data
// store and vulnerability must be a good record (ErrInvalid otherwise).
func (g *Governance) UnmarshalBinary(data []byte) error {
	r, _ := wire.NewReader(data, "monthly.Governance", wire.KindGovernance, 1)
	var v Governance
	v.own = r.U128()
	v.market = r.U128()
	v.products = readSet(r)
	v.customers = readSet(r)
	v.incidents = readKeyed(r, 1, func(r *wire.Reader) instant { return instant{r.Time()} },
		func(i instant) bool { return !i.at.IsZero() })
	for _, p := range [...]*uint64{&v.applicable, &v.met, &v.audits, &v.passed} {
		*p = r.Uvarint()
	}
	v.stores = readKeyed(r, 1, func(r *wire.Reader) storeFacts {
		x := r.Byte()
		if x > 3 {
			r.Fail(wire.ErrInvalid)
		}
		return storeFacts{x&1 != 0, x&2 != 0}
	}, func(storeFacts) bool { return true })
	v.vulns = readKeyed(r, 2, readSpan, func(s span) bool { return s.check(true) == OK })
	readRejections(r, &v.rejected)
	if v.own.Cmp(v.market) > 0 || v.met > v.applicable || v.passed > v.audits {
		r.Fail(wire.ErrInvalid)
	}
	if err := r.Err(); err != nil {
		return err
	}
	*g = v
	return nil
}
