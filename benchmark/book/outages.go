package book

import (
	"math"
	"slices"
	"sort"
	"time"

	"github.com/openfinance-kpi/kpi/availability"
)

// outageRec is one outage a bounded book's walk has finished, packed: 64
// bytes where an availability.Outage takes 184 (two time.Time, two
// Evidence with their own time.Time and endpoint string). A bounded book
// holds every outage its walks finish until Close (the generator's 1 % of
// 5xx opens about 7,500 AV-CLOCK outages per million calls), so their
// size is most of what it holds beyond its per-second tables.
//
// The instants are Unix nanoseconds and the endpoints indices into the
// book's names (-1 for ""). An outage that does not come back exactly
// from that form (an instant outside the nanosecond range, or in another
// location than time.Unix gives) is kept whole in outageList's odd, and its
// rec says where (flagOdd, start its index): unpack then gives every
// outage back as it was, field for field.
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
)

// outageList is the outages of one walk, in the order found: packed
// (recs), then, in a Result's list, the ones its Close found unpacked
// (tail: those the pending records of a bounded book give, and those
// still open at asOf, a few). A Result's list shares a bounded book's recs
// and odd, their capacity clipped: the book only appends to its own, so
// the outages it finds later are never written into an earlier Result's.
// A list is 32 bytes, its rare parts behind a pointer: a book and its
// Result hold one per endpoint, and a log of raw paths has a million.
type outageList struct {
	recs []outageRec
	x    *outageExtra // nil while the list has neither
}

// outageExtra is the rare parts of an outageList: the outages kept whole
// (odd, which flagOdd recs index) and the unpacked tail.
type outageExtra struct {
	odd, tail []availability.Outage
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
func (l *outageList) len() int { return len(l.recs) + len(l.tail()) }

// addUnpacked appends o to l's tail.
func (l *outageList) addUnpacked(o availability.Outage) {
	if l.x == nil {
		l.x = new(outageExtra)
	}
	l.x.tail = append(l.x.tail, o)
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
	if !ok1 || !ok2 || !ok3 || r.unpack(names) != *o {
		if l.x == nil {
			l.x = new(outageExtra)
		}
		r = outageRec{start: int64(len(l.x.odd)), flags: flagOdd}
		l.x.odd = append(l.x.odd, *o)
	}
	l.recs = append(l.recs, r)
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
	if k >= len(l.recs) {
		return l.x.tail[k-len(l.recs)]
	}
	r := &l.recs[k]
	if r.flags&flagOdd != 0 {
		return l.x.odd[r.start]
	}
	return r.unpack(names)
}

// each calls yield with l's outages in order while it returns true, and
// reports whether it always did.
func (l *outageList) each(names []string, yield func(availability.Outage) bool) bool {
	for k := range l.len() {
		if !yield(l.at(k, names)) {
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
// (unpacked): its recs and odd are l's, their capacity clipped, so that
// what l packs later is never written into it.
func (l *outageList) view(more []availability.Outage) outageList {
	v := outageList{recs: slices.Clip(l.recs)}
	if l.x != nil || len(more) > 0 {
		v.x = &outageExtra{odd: slices.Clip(l.odd()), tail: append(slices.Clip(l.tail()), more...)}
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
	c := outageList{recs: slices.Clone(l.recs)}
	if l.x != nil {
		c.x = &outageExtra{odd: slices.Clone(l.x.odd), tail: slices.Clone(l.x.tail)}
	}
	return c
}
