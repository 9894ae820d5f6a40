package authfunnel

import (
	"fmt"
	"slices"
	"strings"

	"github.com/openfinance-kpi/kpi"
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
// name, the rejections, the finished journeys per row, and every
// remembered consent's runs (head events, open journey and its row).
// Cells are written by row and consents by ID, so equal states encode to
// equal bytes.
func (f *Funnel) AppendBinary(b []byte) ([]byte, error) {
	b = wire.AppendHeader(b, wire.KindFunnel, encodingVersion)
	b = wire.AppendString(b, f.cal.Location().String())
	b = wire.AppendUvarint(b, uint64(len(f.rejected)))
	for _, n := range f.rejected {
		b = wire.AppendUvarint(b, n)
	}
	cells := make([]cell, 0, len(f.cells))
	for k := range f.cells {
		cells = append(cells, k)
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

func appendSegment(b []byte, s *segment) []byte {
	b = wire.AppendTime(b, s.first)
	b = append(b, s.headN)
	for _, k := range s.head[:s.headN] {
		b = append(b, byte(k))
	}
	b = wire.AppendUvarint(b, s.headMore)
	b = wire.AppendBool(b, s.opened)
	b = append(b, byte(s.tail))
	if s.tail != 0 {
		b = appendCell(b, s.cell)
	}
	return b
}

// UnmarshalBinary sets f to the state data encodes. It checks what later
// methods rely on (dimensions and kinds in range, rows and consents sorted
// and unique, runs in order, open journeys only in runs that opened one)
// and fails with wire.ErrInvalid otherwise; truncated data fails with
// wire.ErrTruncated and another type's encoding with wire.ErrForeign.
//
// The calendar is not rebuilt from its name (that would read the time
// zone database): f keeps its own, and the encoding's location name must
// match it (decode into NewFunnel(cal) with the calendar the encoding was
// made with; the zero Funnel is UTC). On error f is unchanged.
func (f *Funnel) UnmarshalBinary(data []byte) error {
	r, _ := wire.NewReader(data, "authfunnel.Funnel", wire.KindFunnel, encodingVersion)
	g := Funnel{cal: f.cal}
	loc := r.String()
	for i, n := 0, r.Len(1); i < n; i++ { // as wire.Reader.Rejections, for this package's reasons
		x := r.Uvarint()
		if i < len(g.rejected) {
			g.rejected[i] = x
		} else if x != 0 {
			r.Fail(fmt.Errorf("%w: count for unknown reason %d", wire.ErrInvalid, i))
		}
	}
	if n := r.Len(5 + numKinds); n > 0 {
		g.cells = make(map[cell]tally, n)
		var prev cell
		for i := 0; i < n; i++ {
			k := readCell(r)
			var t tally
			var nonzero bool
			for j := range t {
				t[j] = r.Uvarint()
				nonzero = nonzero || t[j] != 0
			}
			if !nonzero || (i > 0 && prev.compare(k) >= 0) {
				r.Fail(fmt.Errorf("%w: row %d empty or out of order", wire.ErrInvalid, i))
			}
			prev = k
			g.cells[k] = t
		}
	}
	if n := r.Len(8); n > 0 {
		g.consents = make(map[string]consent, n)
		prev := ""
		for i := 0; i < n; i++ {
			id := r.String()
			if id == "" || (i > 0 && strings.Compare(prev, id) >= 0) {
				r.Fail(fmt.Errorf("%w: consent %d empty or out of order", wire.ErrInvalid, i))
			}
			prev = id
			m := r.Len(5)
			if m == 0 {
				r.Fail(fmt.Errorf("%w: consent %q without a run", wire.ErrInvalid, id))
				break
			}
			segs := make([]segment, m)
			for j := range segs {
				segs[j] = readSegment(r)
				if j > 0 && segs[j-1].compare(&segs[j]) > 0 {
					r.Fail(fmt.Errorf("%w: runs of consent %q out of order", wire.ErrInvalid, id))
				}
			}
			c := consent{seg: segs[0]}
			if m > 1 {
				c.more = segs[1:]
			}
			g.consents[id] = c
		}
	}
	if err := r.Err(); err != nil {
		return err
	}
	if want := f.cal.Location().String(); loc != want {
		return fmt.Errorf("authfunnel.Funnel: %w: encoded for calendar %q, decoding into a Funnel of %q", wire.ErrInvalid, loc, want)
	}
	*f = g
	return nil
}

func readCell(r *wire.Reader) cell {
	d := r.Varint()
	k := cell{day: kpi.Date(d), auth: AuthType(r.Byte()), api: API(r.Byte()), tpp: Channel(r.Byte()), bank: Channel(r.Byte())}
	if int64(k.day) != d || !k.valid() {
		r.Fail(fmt.Errorf("%w: row date or dimension out of range", wire.ErrInvalid))
	}
	return k
}

func readSegment(r *wire.Reader) segment {
	var s segment
	s.first = r.Time()
	s.headN = r.Byte()
	if s.headN > headCap {
		r.Fail(fmt.Errorf("%w: head of %d events", wire.ErrInvalid, s.headN))
		return s
	}
	for i := range s.head[:s.headN] {
		k := Kind(r.Byte())
		if !k.Valid() || k == AuthRequired {
			r.Fail(fmt.Errorf("%w: head event kind %d", wire.ErrInvalid, k))
		}
		s.head[i] = k
	}
	s.headMore = r.Uvarint()
	s.opened = r.Bool()
	s.tail = Kind(r.Byte())
	if s.tail != 0 {
		s.cell = readCell(r)
	}
	switch {
	case s.first.IsZero(),
		s.headMore > 0 && s.headN < headCap,
		s.tail != 0 && (!live(s.tail) || !s.opened),
		!s.opened && s.headN == 0:
		r.Fail(fmt.Errorf("%w: impossible run", wire.ErrInvalid))
	}
	return s
}
