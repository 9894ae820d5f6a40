package book

import (
	"fmt"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/wire"
	"github.com/openfinance-kpi/kpi/performance"
)

// A Book on the wire (version 1) carries its state, not its Config: the
// counts (calls, first and last instants, out of range, rejections by
// reason, calls outside the catalogue by endpoint), then each endpoint's
// ID and availability records (instant, TTLB, evidence ID, status,
// attribution), then each endpoint-day (date, endpoint index, the
// EndpointDay's own encoding behind its length). Decode into a Book made
// with New from the same Config: the decoder checks what it can against
// it (payment endpoints) and refuses any state Add and Merge could not
// have built (a count that disagrees with the records, an endpoint twice,
// an endpoint-day of no endpoint or twice), allocating no more than a
// small constant factor of its input.

// AppendBinary appends the encoding of b's state to buf.
//
// A bounded book (SetDisorder) with calls has no encoding:
// ErrBoundedEncoding.
func (b *Book) AppendBinary(buf []byte) ([]byte, error) {
	if b.bnd != nil && !b.empty() {
		return nil, ErrBoundedEncoding
	}
	buf = wire.AppendHeader(buf, wire.KindBook, 1)
	buf = wire.AppendUvarint(buf, b.calls)
	buf = wire.AppendVarint(buf, b.first)
	buf = wire.AppendVarint(buf, b.last)
	buf = wire.AppendUvarint(buf, b.outOfRange)
	buf = wire.AppendRejections(buf, b.rejected[:], kpi.NumReasons)
	outside := b.outside.Sorted()
	buf = wire.AppendUvarint(buf, uint64(len(outside)))
	for _, c := range outside {
		buf = wire.AppendString(buf, c.Endpoint)
		buf = wire.AppendUvarint(buf, c.Calls)
	}
	buf = wire.AppendUvarint(buf, uint64(len(b.names)))
	for i, name := range b.names {
		buf = wire.AppendString(buf, name)
		buf = wire.AppendUvarint(buf, uint64(b.recs[i].n))
		// In walk order, so that a state encodes the same bytes whatever
		// the order its calls came in (sorting the chunks changes nothing
		// the book gives).
		_ = b.recs[i].each(func(r *record) error {
			buf = wire.AppendVarint(buf, r.at)
			buf = wire.AppendVarint(buf, r.ttlb)
			buf = wire.AppendVarint(buf, r.id)
			buf = wire.AppendUvarint(buf, uint64(r.status))
			buf = wire.AppendBool(buf, r.notAttr)
			return nil
		})
	}
	keys := b.dayKeys() // the same state always encodes the same bytes
	buf = wire.AppendUvarint(buf, uint64(len(keys)))
	var err error
	for _, k := range keys {
		buf = wire.AppendVarint(buf, int64(k.date))
		buf = wire.AppendUvarint(buf, uint64(k.ep))
		if buf, err = appendPart(buf, b.days[k.ep].get(k.date)); err != nil {
			return nil, err
		}
	}
	return buf, nil
}

// MarshalBinary returns the encoding of b's state.
func (b *Book) MarshalBinary() ([]byte, error) { return b.AppendBinary(nil) }

// errInvalid wraps wire.ErrInvalid with what is impossible.
func errInvalid(what string) error {
	return fmt.Errorf("book.Book: %w: %s", wire.ErrInvalid, what)
}

// UnmarshalBinary replaces b's state with the one data encodes, keeping
// b's Config. On error b is unchanged.
func (b *Book) UnmarshalBinary(data []byte) error {
	r, _ := wire.NewReader(data, "book.Book", wire.KindBook, 1)
	n := New(b.cfg)
	n.calls = r.Uvarint()
	n.first, n.last = r.Varint(), r.Varint()
	n.outOfRange = r.Uvarint()
	r.Rejections(n.rejected[:kpi.NumReasons])
	prev := ""
	for i := range r.Len(2) {
		ep, calls := r.String(), r.Uvarint()
		if !r.OK() {
			break
		}
		if (i > 0 && ep <= prev) || calls == 0 {
			return errInvalid("calls outside the catalogue out of order or zero")
		}
		n.outside.Add(ep, calls)
		prev = ep
	}
	var total uint64
	first, last := int64(0), int64(0)
	// An endpoint takes at least 8 bytes: its name (2 or more), its count
	// and a record (5 or more: Add makes an endpoint for a call). The
	// tables are sized once for the count, and each endpoint's records
	// take chunks of the size its count says, so that what is allocated
	// follows the bytes read.
	ne := r.Len(8)
	n.names = make([]string, 0, ne)
	n.recs = make([]records, 0, ne)
	n.days = make([]epDays, 0, ne)
	n.ids = make(map[string]int, ne)
	for range ne {
		name := r.String()
		if !r.OK() {
			break
		}
		if _, dup := n.ids[name]; dup || name == "" {
			return errInvalid("an endpoint empty or twice")
		}
		i := n.endpoint(name)
		m := r.Len(5) // a record takes at least 5 bytes
		if r.OK() && m == 0 {
			return errInvalid("an endpoint without records")
		}
		rs := &n.recs[i]
		for j := range m {
			if j%maxChunk == 0 {
				rs.chunks = append(rs.chunks, make([]record, 0, min(m-j, maxChunk)))
			}
			rec := record{at: r.Varint(), ttlb: r.Varint(), id: r.Varint()}
			st := r.Uvarint()
			rec.notAttr = r.Bool()
			if !r.OK() {
				break
			}
			if st > 599 || (st != 0 && st < 200) || rec.ttlb < 0 {
				return errInvalid("a record no checked call leaves")
			}
			rec.status = uint16(st)
			if total == 0 || rec.at < first {
				first = rec.at
			}
			if total == 0 || rec.at > last {
				last = rec.at
			}
			total++
			rs.chunks[len(rs.chunks)-1] = append(rs.chunks[len(rs.chunks)-1], rec)
			rs.n++
		}
	}
	probe := performance.NewStats(n.cfg.Performance)
	perf := probe.Options()                     // as a Stats holds them
	perEndpoint := make([]uint64, len(n.names)) // calls of each endpoint's days
	for range r.Len(3) {
		d, i := kpi.Date(r.Varint()), r.Uvarint()
		if !r.OK() {
			break
		}
		if i >= uint64(len(n.names)) || n.days[i].get(d) != nil {
			return errInvalid("an endpoint-day of no endpoint, or twice")
		}
		// The part is decoded before the endpoint-day is kept: a state is
		// allocated once, for a part that holds one.
		part := r.Bytes(r.Len(1))
		if !r.OK() {
			break
		}
		e, err := decodeEndpointDay(part)
		if err != nil {
			r.Fail(err)
			break
		}
		if e.Payment != n.payments[n.names[i]] {
			return errInvalid("an endpoint-day's payment flag against the configuration's payment endpoints")
		}
		if !e.Perf.Empty() && e.Perf.Options() != perf {
			return errInvalid("an endpoint-day's performance options against the configuration's")
		}
		n.setDay(d, int(i), e)
		perEndpoint[i] += e.Calls()
	}
	if err := r.Err(); err != nil {
		return err
	}
	if total != n.calls || (total > 0 && (first != n.first || last != n.last)) {
		return errInvalid("counts that disagree with the records")
	}
	for i := range n.names {
		if perEndpoint[i] != uint64(n.recs[i].n) {
			return errInvalid("an endpoint's records that disagree with its days' calls")
		}
	}
	if n.calls == 0 && (n.first != 0 || n.last != 0) {
		return errInvalid("instants without calls")
	}
	d := b.Disorder()
	*b = *n
	if d > 0 { // the decoded records join a bounded book's pending ones
		_ = b.SetDisorder(d)
	}
	return nil
}
