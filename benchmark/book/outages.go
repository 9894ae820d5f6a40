package book

import (
	"encoding/binary"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/openfinance-kpi/kpi/availability"
)

// outageRec is one outage a bounded book's walk has finished, in the
// fixed form a list's bytes are decoded into. A bounded book holds every
// outage its walks finish until Close (the generator's 1 % of 5xx opens
// about 7,500 AV-CLOCK outages per million calls), so their size is most
// of what it holds beyond its per-second tables: a list keeps them as
// bytes (see outageList.put), some 17 bytes an outage where an outageRec takes
// 64 and an availability.Outage 184 (two time.Time, two Evidence with
// their own time.Time and endpoint string).
//
// The instants are Unix nanoseconds and the endpoints indices into the
// book's names (-1 for ""). An outage that does not come back exactly
// from that form (an instant outside the nanosecond range, or in another
// location than time.Unix gives, or an evidence kind past 15) is kept
// whole in outageList's odd, and its rec says where (flagOdd, start its
// index): unpack then gives every outage back as it was, field for field.
type outageRec struct {
	start, end         int64
	openedAt, closedAt int64
	openedID, closedID int64
	ep                 int32 // Outage.Endpoint
	openedEp, closedEp int32 // Opened.Endpoint, Closed.Endpoint
	openedKind         availability.EvidenceKind
	closedKind         availability.EvidenceKind
	flags              uint8
}

const (
	flagOngoing = 1 << iota
	flagIdle
	flagOdd // kept whole in outageList's odd[start]
	// The flags of the bytes alone (put): a field that is not the one it
	// usually equals follows.
	flagOpenedAt // openedAt != start
	flagClosedAt // closedAt != end
	flagOpenedEp // openedEp != ep
	flagClosedEp // closedEp != ep
	flagEp       // ep != the block's first's
	recFlags     = flagOngoing | flagIdle | flagOdd
)

// outBlock is the number of outages in a block of a list's bytes: each
// outage is written as differences from its block's first (the first
// from zero), so that outage k is decoded from its block's start, at
// most outBlock of them, and adding one decodes one.
const outBlock = 32

// outageList is the outages of one walk, in the order found: packed (b,
// n of them), then, in a Result's list, the ones its Close found
// unpacked (tail: those the pending records of a bounded book give, and
// those still open at asOf, a few). A Result's list shares a bounded
// book's bytes, odd and blocks, their capacity clipped: the book only
// appends to its own, so the outages it finds later are never written
// into an earlier Result's. A list is 40 bytes, its rare parts behind a
// pointer: a book and its Result hold one per endpoint, and a log of raw
// paths has a million.
type outageList struct {
	b []byte
	n int
	x *outageExtra // nil while the list has none of its parts
}

// outageExtra is the rare parts of an outageList: the outages kept whole
// (odd, which flagOdd recs index), the unpacked tail, and where each
// block of b but the first starts (blocks[k-1] for block k).
type outageExtra struct {
	odd, tail []availability.Outage
	blocks    []int
}

func (l *outageList) extra() *outageExtra {
	if l.x == nil {
		l.x = new(outageExtra)
	}
	return l.x
}

func (l *outageList) odd() []availability.Outage {
	if l.x == nil {
		return nil
	}
	return l.x.odd
}

func (l *outageList) tail() []availability.Outage {
	if l.x == nil {
		return nil
	}
	return l.x.tail
}

// len is the number of outages in l.
func (l *outageList) len() int { return l.n + len(l.tail()) }

// addUnpacked appends o to l's tail.
func (l *outageList) addUnpacked(o availability.Outage) {
	l.extra().tail = append(l.x.tail, o)
}

// add packs o into l. names are the book's endpoint names, ids their
// indices (the book's own map: Book.ids).
func (l *outageList) add(o *availability.Outage, names []string, ids map[string]int) {
	r := outageRec{
		start: o.Start.UnixNano(), end: o.End.UnixNano(),
		openedAt: o.Opened.At.UnixNano(), closedAt: o.Closed.At.UnixNano(),
		openedID: o.Opened.ID, closedID: o.Closed.ID,
		openedKind: o.Opened.Kind, closedKind: o.Closed.Kind,
	}
	var ok1, ok2, ok3 bool
	r.ep, ok1 = epIndex(o.Endpoint, ids)
	r.openedEp, ok2 = epIndex(o.Opened.Endpoint, ids)
	r.closedEp, ok3 = epIndex(o.Closed.Endpoint, ids)
	if o.Ongoing {
		r.flags |= flagOngoing
	}
	if o.Idle {
		r.flags |= flagIdle
	}
	if !ok1 || !ok2 || !ok3 || r.openedKind > 15 || r.closedKind > 15 || r.unpack(names) != *o {
		x := l.extra()
		r = outageRec{start: int64(len(x.odd)), flags: flagOdd}
		x.odd = append(x.odd, *o)
	}
	l.put(&r)
}

// put appends r to l's bytes: a flags byte (r's, and the flag* of the
// fields that follow only when they are not what they usually are), then
// for a kept-whole outage its index in odd, else the two evidence kinds
// in a byte and, as zigzag varints, start and openedID less the block's
// first's, end − start, closedID − openedID, and those that differ:
// openedAt − start, closedAt − end, the endpoint less the block first's,
// the evidence's endpoints. An outage of a walk that starts and ends at
// its calls, a second or two after the one before, takes about 17 bytes.
// (Differences are taken modulo 2^64, as decoding adds them back.)
func (l *outageList) put(r *outageRec) {
	var base outageRec
	if k := l.n % outBlock; k == 0 {
		if l.n > 0 {
			x := l.extra()
			x.blocks = append(x.blocks, len(l.b))
		}
	} else {
		base, _ = decodeRec(l.b, l.blockStart(l.n/outBlock), &outageRec{})
	}
	flags := r.flags
	if r.flags&flagOdd != 0 {
		l.b = binary.AppendUvarint(append(l.b, flags), uint64(r.start))
		l.n++
		return
	}
	if r.openedAt != r.start {
		flags |= flagOpenedAt
	}
	if r.closedAt != r.end {
		flags |= flagClosedAt
	}
	if r.openedEp != r.ep {
		flags |= flagOpenedEp
	}
	if r.closedEp != r.ep {
		flags |= flagClosedEp
	}
	if r.ep != base.ep {
		flags |= flagEp
	}
	b := append(l.b, flags, byte(r.openedKind)|byte(r.closedKind)<<4)
	b = binary.AppendVarint(b, r.start-base.start)
	b = binary.AppendVarint(b, r.end-r.start)
	b = binary.AppendVarint(b, r.openedID-base.openedID)
	b = binary.AppendVarint(b, r.closedID-r.openedID)
	if flags&flagOpenedAt != 0 {
		b = binary.AppendVarint(b, r.openedAt-r.start)
	}
	if flags&flagClosedAt != 0 {
		b = binary.AppendVarint(b, r.closedAt-r.end)
	}
	if flags&flagEp != 0 {
		b = binary.AppendVarint(b, int64(r.ep)-int64(base.ep))
	}
	if flags&flagOpenedEp != 0 {
		b = binary.AppendVarint(b, int64(r.openedEp))
	}
	if flags&flagClosedEp != 0 {
		b = binary.AppendVarint(b, int64(r.closedEp))
	}
	l.b = b
	l.n++
}

// blockStart is where block k of l's bytes starts.
func (l *outageList) blockStart(k int) int {
	if k == 0 {
		return 0
	}
	return l.x.blocks[k-1]
}

// decodeRec decodes the outage put wrote at b[off:] against its block's
// first, base (zero for the first itself), and returns it with the
// offset after it.
func decodeRec(b []byte, off int, base *outageRec) (outageRec, int) {
	varint := func() int64 {
		v, k := binary.Varint(b[off:])
		off += k
		return v
	}
	flags := b[off]
	off++
	r := outageRec{flags: flags & recFlags}
	if flags&flagOdd != 0 {
		v, k := binary.Uvarint(b[off:])
		r.start = int64(v)
		return r, off + k
	}
	r.openedKind, r.closedKind = availability.EvidenceKind(b[off]&15), availability.EvidenceKind(b[off]>>4)
	off++
	r.start = base.start + varint()
	r.end = r.start + varint()
	r.openedID = base.openedID + varint()
	r.closedID = r.openedID + varint()
	r.openedAt, r.closedAt = r.start, r.end
	if flags&flagOpenedAt != 0 {
		r.openedAt += varint()
	}
	if flags&flagClosedAt != 0 {
		r.closedAt += varint()
	}
	r.ep = base.ep
	if flags&flagEp != 0 {
		r.ep = int32(int64(base.ep) + varint())
	}
	r.openedEp, r.closedEp = r.ep, r.ep
	if flags&flagOpenedEp != 0 {
		r.openedEp = int32(varint())
	}
	if flags&flagClosedEp != 0 {
		r.closedEp = int32(varint())
	}
	return r, off
}

// recs calls f with l's packed outages from k on, in order, while it
// returns true, and reports whether it always did.
func (l *outageList) recs(k int, f func(k int, r *outageRec) bool) bool {
	for k < l.n {
		blk := k / outBlock
		off := l.blockStart(blk)
		var first outageRec
		first, off = decodeRec(l.b, off, &outageRec{})
		for j := blk * outBlock; j < min(l.n, (blk+1)*outBlock); j++ {
			r := first
			if j > blk*outBlock {
				r, off = decodeRec(l.b, off, &first)
			}
			if j >= k {
				if !f(j, &r) {
					return false
				}
			}
		}
		k = (blk + 1) * outBlock
	}
	return true
}

// epIndex is the index of name in ids, -1 for ""; false when name is
// neither.
func epIndex(name string, ids map[string]int) (int32, bool) {
	if name == "" {
		return -1, true
	}
	i, ok := ids[name]
	return int32(i), ok && i <= math.MaxInt32
}

func epName(i int32, names []string) string {
	if i < 0 {
		return ""
	}
	return names[i]
}

// unpack returns the outage r packs (not for a flagOdd rec).
func (r *outageRec) unpack(names []string) availability.Outage {
	return availability.Outage{
		Endpoint: epName(r.ep, names),
		Start:    time.Unix(0, r.start), End: time.Unix(0, r.end),
		Opened:  availability.Evidence{Kind: r.openedKind, At: time.Unix(0, r.openedAt), Endpoint: epName(r.openedEp, names), ID: r.openedID},
		Closed:  availability.Evidence{Kind: r.closedKind, At: time.Unix(0, r.closedAt), Endpoint: epName(r.closedEp, names), ID: r.closedID},
		Ongoing: r.flags&flagOngoing != 0,
		Idle:    r.flags&flagIdle != 0,
	}
}

// at returns outage k of l (k < l.len()); names are the names its recs
// index.
func (l *outageList) at(k int, names []string) availability.Outage {
	if k >= l.n {
		return l.x.tail[k-l.n]
	}
	var o availability.Outage
	l.recs(k, func(_ int, r *outageRec) bool {
		o = l.rec(r, names)
		return false
	})
	return o
}

// rec returns the outage r gives.
func (l *outageList) rec(r *outageRec, names []string) availability.Outage {
	if r.flags&flagOdd != 0 {
		return l.x.odd[r.start]
	}
	return r.unpack(names)
}

// each calls yield with l's outages in order while it returns true, and
// reports whether it always did.
func (l *outageList) each(names []string, yield func(availability.Outage) bool) bool {
	if !l.recs(0, func(_ int, r *outageRec) bool { return yield(l.rec(r, names)) }) {
		return false
	}
	for _, o := range l.tail() {
		if !yield(o) {
			return false
		}
	}
	return true
}

// appendTo appends l's outages, in order, to dst.
func (l *outageList) appendTo(dst []availability.Outage, names []string) []availability.Outage {
	l.each(names, func(o availability.Outage) bool { dst = append(dst, o); return true })
	return dst
}

// view returns a list that reads l's outages as they are now, then more
// (unpacked): its bytes, odd and blocks are l's, their capacity clipped,
// so that what l packs later is never written into it.
func (l *outageList) view(more []availability.Outage) outageList {
	v := outageList{b: slices.Clip(l.b), n: l.n}
	if l.x != nil || len(more) > 0 {
		v.x = &outageExtra{odd: slices.Clip(l.odd()), tail: append(slices.Clip(l.tail()), more...)}
		if l.x != nil {
			v.x.blocks = slices.Clip(l.x.blocks)
		}
	}
	return v
}

// touching appends to dst, unpacked, l's outages that touch [start, end]:
// those that end at or after start and start at or before end (an outage
// of one walk starts after the one before it ends: both instants are
// sorted).
func (l *outageList) touching(dst []availability.Outage, start, end time.Time, names []string) []availability.Outage {
	n := l.len()
	lo := sort.Search(n, func(k int) bool { o := l.at(k, names); return !o.End.Before(start) })
	for k := lo; k < n; k++ {
		o := l.at(k, names)
		if o.Start.After(end) {
			break
		}
		dst = append(dst, o)
	}
	return dst
}

// clone returns a copy of l whose outages are its own.
func (l *outageList) clone() outageList {
	c := outageList{b: slices.Clone(l.b), n: l.n}
	if l.x != nil {
		c.x = &outageExtra{odd: slices.Clone(l.x.odd), tail: slices.Clone(l.x.tail), blocks: slices.Clone(l.x.blocks)}
	}
	return c
}
