package authfunnel

import (
	"fmt"
	"slices"
	"strings"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/sum"
	"github.com/openfinance-kpi/kpi/internal/wire"
)

// encodingVersion is the version of the Funnel encoding this release
// writes and the highest it reads.
const encodingVersion = 1

// MarshalBinary returns f's state in the library's portable, versioned
// binary encoding (wire.KindFunnel, version 1). See AppendBinary.
func (f *Funnel) MarshalBinary() ([]byte, error) { return f.AppendBinary(nil) }

// AppendBinary appends f's encoding to b (encoding.BinaryAppender). It
// keeps everything later results and Merges use: the calendar's location
// name, the options, the rejections, the ended journeys per row, and
// every remembered consent's runs (first and last events, head events,
// live journey and its row). Rows are written in order and consents by
// ID, so equal states encode to equal bytes.
func (f *Funnel) AppendBinary(b []byte) ([]byte, error) {
	b = wire.AppendHeader(b, wire.KindFunnel, encodingVersion)
	b = wire.AppendString(b, f.cal.Location().String())
	b = wire.AppendBool(b, f.opts.AttemptTimeoutIsFailure)
	b = wire.AppendRejections(b, f.rejected[:], NumReasons)
	cells := make([]cell, 0, len(f.cells))
	for k, t := range f.cells {
		if t != (tally{}) {
			cells = append(cells, k)
		}
	}
	slices.SortFunc(cells, cell.compare)
	b = wire.AppendUvarint(b, uint64(len(cells)))
	for _, k := range cells {
		b = appendCell(b, k)
		t := f.cells[k]
		for _, n := range t {
			b = wire.AppendUvarint(b, n)
		}
	}
	ids := make([]string, 0, len(f.consents))
	for id := range f.consents {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	b = wire.AppendUvarint(b, uint64(len(ids)))
	for _, id := range ids {
		c := f.consents[id]
		b = wire.AppendString(b, id)
		b = wire.AppendUvarint(b, uint64(1+len(c.more)))
		b = appendSegment(b, &c.seg)
		for i := range c.more {
			b = appendSegment(b, &c.more[i])
		}
	}
	return b, nil
}

func appendCell(b []byte, k cell) []byte {
	b = wire.AppendVarint(b, int64(k.day))
	return append(b, byte(k.auth), byte(k.api), byte(k.tpp), byte(k.bank))
}

func appendEv(b []byte, e *ev) []byte {
	b = wire.AppendTime(b, e.at)
	return append(b, byte(e.kind), byte(e.auth), byte(e.api), byte(e.tpp), byte(e.bank))
}

func appendSegment(b []byte, s *segment) []byte {
	b = appendEv(b, &s.first)
	b = appendEv(b, &s.last)
	b = append(b, s.headN)
	for _, h := range s.head[:s.headN] {
		b = append(b, byte(h.kind), byte(h.bank))
	}
	b = wire.AppendUvarint(b, s.headMore)
	b = wire.AppendBool(b, s.opened)
	b = append(b, byte(s.tail.state))
	if s.tail.live() {
		b = append(b, s.tail.n)
		b = appendCell(b, s.tail.cell)
	}
	return b
}

// UnmarshalBinary sets f to the state data encodes. It checks what later
// methods rely on (no rejection counted for OK or for a reason this
// release does not know, dimensions, kinds and states in range, rows and
// consents sorted and unique, a row without a bank channel holding only
// broken journeys, runs in order and possible, each run's last event at
// or after its first) and fails with
// wire.ErrInvalid otherwise; truncated data fails with wire.ErrTruncated
// and another type's encoding with wire.ErrForeign.
//
// The calendar is not rebuilt from its name (that would read the time
// zone database): f keeps its own, and the encoding's location name must
// match it (decode into NewFunnel(cal, opts) with the calendar the
// encoding was made with; the zero Funnel is UTC). The options are
// decoded. On error f is unchanged.
func (f *Funnel) UnmarshalBinary(data []byte) error {
	r, _ := wire.NewReader(data, "authfunnel.Funnel", wire.KindFunnel, encodingVersion)
	g := Funnel{cal: f.cal}
	loc := r.String()
	g.opts.AttemptTimeoutIsFailure = r.Bool()
	r.Rejections(g.rejected[:NumReasons]) // no count for OK or a reason this release does not know
	if n := r.Len(5 + int(numOutcomes)); n > 0 {
		g.cells = make(map[cell]tally, n)
		var prev cell
		for i := 0; i < n && r.OK(); i++ { // the first error ends it: no error value made per row
			k := readCell(r)
			var t tally
			for j := range t {
				t[j] = r.Uvarint()
			}
			if t == (tally{}) || (i > 0 && prev.compare(k) >= 0) {
				r.Fail(fmt.Errorf("%w: row %d empty or out of order", wire.ErrInvalid, i))
			}
			if k.bank == 0 && t != (tally{oBroken: t[oBroken]}) {
				r.Fail(fmt.Errorf("%w: row %d ended journeys without a bank channel", wire.ErrInvalid, i))
			}
			prev = k
			g.cells[k] = t
		}
	}
	// A consent takes at least 33 bytes (its ID, 2 or more; its count of
	// runs; a run, 30 or more): the map is sized for what the input holds.
	if n := r.Len(2 + 1 + minSegment); n > 0 {
		g.consents = make(map[string]consent, n)
		prev := ""
		for i := 0; i < n && r.OK(); i++ {
			id := r.String()
			if id == "" || (i > 0 && strings.Compare(prev, id) >= 0) {
				r.Fail(fmt.Errorf("%w: consent %d empty or out of order", wire.ErrInvalid, i))
			}
			prev = id
			m := r.Len(minSegment)
			if m == 0 {
				r.Fail(fmt.Errorf("%w: consent %q without a run", wire.ErrInvalid, quoted(id)))
				break
			}
			segs := make([]segment, m)
			for j := 0; j < m && r.OK(); j++ {
				segs[j] = readSegment(r)
				if j > 0 && segs[j-1].compare(&segs[j]) > 0 {
					r.Fail(fmt.Errorf("%w: runs of consent %q out of order", wire.ErrInvalid, quoted(id)))
				}
			}
			c := consent{seg: segs[0]}
			if m > 1 {
				c.more = segs[1:]
			}
			g.consents[id] = c
		}
	}
	// Every journey the state holds, ended or open, counted once: the sums
	// results make cannot wrap around.
	var a sum.Adder
	g.journeys(&a)
	if a.Overflow {
		r.Fail(fmt.Errorf("%w: more journeys than a uint64 counts", wire.ErrInvalid))
	}
	if err := r.Err(); err != nil {
		return err
	}
	if want := f.cal.Location().String(); loc != want {
		return fmt.Errorf("authfunnel.Funnel: %w: encoded for calendar %q, decoding into a Funnel of %q", wire.ErrInvalid, quoted(loc), want)
	}
	*f = g
	return nil
}

func readCell(r *wire.Reader) cell {
	d := r.Varint()
	k := cell{day: kpi.Date(d), auth: AuthType(r.Byte()), api: API(r.Byte()), tpp: Channel(r.Byte()), bank: Channel(r.Byte())}
	if int64(k.day) != d || !k.opened() {
		r.Fail(fmt.Errorf("%w: row date or dimension out of range", wire.ErrInvalid))
	}
	return k
}

func readEv(r *wire.Reader) ev {
	e := ev{at: r.Time(), kind: Kind(r.Byte()), auth: AuthType(r.Byte()), api: API(r.Byte()), tpp: Channel(r.Byte()), bank: Channel(r.Byte())}
	ok := !e.at.IsZero() && e.kind.Valid() && e.bank.known()
	if e.kind == AuthRequired {
		ok = ok && (cell{auth: e.auth, api: e.api, tpp: e.tpp, bank: e.bank}).opened()
	}
	if !ok {
		r.Fail(fmt.Errorf("%w: event out of range", wire.ErrInvalid))
	}
	return e
}

// liveN is the number of events a live journey in a state can hold.
var liveN = map[Kind][2]uint8{AuthRequired: {1, 1}, AuthAttempted: {2, 2}, AuthSucceeded: {2, 3}, ConfirmationRequired: {3, 4}}

// quoted returns s cut to its first 64 bytes (and "..." when it was
// longer), for an error message: an ID read from hostile input may be a
// megabyte, and an error quoting it whole would be several.
func quoted(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}

// minSegment is the fewest bytes a run (segment) takes on the wire.
const minSegment = 30

func readSegment(r *wire.Reader) segment {
	var s segment
	s.first = readEv(r)
	s.last = readEv(r)
	s.headN = r.Byte()
	if s.headN > headCap {
		r.Fail(fmt.Errorf("%w: head of %d events", wire.ErrInvalid, s.headN))
		return s
	}
	for i := range s.head[:s.headN] {
		h := headEv{kind: Kind(r.Byte()), bank: Channel(r.Byte())}
		if !h.kind.Valid() || h.kind == AuthRequired || !h.bank.known() {
			r.Fail(fmt.Errorf("%w: head event %d out of range", wire.ErrInvalid, i))
		}
		s.head[i] = h
	}
	s.headMore = r.Uvarint()
	s.opened = r.Bool()
	s.tail.state = Kind(r.Byte())
	if s.tail.live() {
		s.tail.n = r.Byte()
		s.tail.cell = readCell(r)
		if n, ok := liveN[s.tail.state]; !ok || s.tail.n < n[0] || s.tail.n > n[1] {
			r.Fail(fmt.Errorf("%w: live journey state %d with %d events", wire.ErrInvalid, s.tail.state, s.tail.n))
		}
	}
	switch {
	case s.first.at.After(s.last.at), // a run's last event never precedes its first
		s.headMore > 0 && s.headN < headCap,
		s.tail.live() && !s.opened,
		!s.opened && s.headN == 0,
		s.headN > 0 && s.first.kind != s.head[0].kind,
		s.headN == 0 && s.first.kind != AuthRequired:
		r.Fail(fmt.Errorf("%w: impossible run", wire.ErrInvalid))
	}
	return s
}
