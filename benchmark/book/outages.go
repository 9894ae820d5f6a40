package book

import (
	"math"
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
// location than time.Unix gives) is kept whole in outageList.odd, and its
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
	flagOdd // kept whole in outageList.odd[start]
)

// outageList is the outages of one walk, packed, in the order found.
// shared, when not nil, holds the first ones unpacked, in a Result's
// Outages (Close): the list is shared then, recs the ones after.
type outageList struct {
	shared []availability.Outage // capacity clipped: appending copies
	recs   []outageRec
	odd    []availability.Outage
}

// len is the number of outages in l.
func (l *outageList) len() int { return len(l.shared) + len(l.recs) }

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
		r = outageRec{start: int64(len(l.odd)), flags: flagOdd}
		l.odd = append(l.odd, *o)
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

// appendTo appends l's outages, in order, to dst.
func (l *outageList) appendTo(dst []availability.Outage, names []string) []availability.Outage {
	dst = append(dst, l.shared...)
	for k := range l.recs {
		if r := &l.recs[k]; r.flags&flagOdd != 0 {
			dst = append(dst, l.odd[r.start])
		} else {
			dst = append(dst, r.unpack(names))
		}
	}
	return dst
}

// share makes l's outages the ones given (l's own, unpacked, in a
// Result's Outages): l drops its packed ones and holds out instead,
// its capacity clipped, so that the outages found later are packed after
// them and never written into out.
func (l *outageList) share(out []availability.Outage) {
	l.shared = out[:len(out):len(out)]
	l.recs, l.odd = nil, nil
}

// clone returns a copy of l whose packed outages are its own (the shared
// ones are read only).
func (l *outageList) clone() outageList {
	return outageList{shared: l.shared, recs: append([]outageRec(nil), l.recs...), odd: append([]availability.Outage(nil), l.odd...)}
}
