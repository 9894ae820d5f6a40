package book

import (
	"cmp"
	"container/heap"
	"slices"
	"time"

	"github.com/openfinance-kpi/kpi"
)

// record is what the availability rules (AV-CLOCK, AV-CONSEC) need of a
// call: its instant, its TTLB, its status, whether it is attributable, and
// the caller's evidence ID (AV-EVIDENCE-1). Calls arrive in any order and
// the rules walk each endpoint's calls in time order, so a Book keeps one
// record per call until Close: 32 bytes, against the hundred-odd bytes of a
// kpi.Call and its strings.
type record struct {
	at      int64 // ReceivedAt, Unix nanoseconds
	ttlb    int64 // nanoseconds
	id      int64 // the caller's evidence ID
	status  uint16
	notAttr bool
	ep      uint32 // the endpoint's index, in a bounded book's pending records (in its padding)
}

// recordCmp is the walk order: ReceivedAt, then evidence ID, then TTLB and
// status, so that the order (and with it every evidence ID an outage
// names) never depends on the order calls were added or books merged.
func recordCmp(a, b record) int {
	if c := cmp.Compare(a.at, b.at); c != 0 {
		return c
	}
	if c := cmp.Compare(a.id, b.id); c != 0 {
		return c
	}
	if c := cmp.Compare(a.ttlb, b.ttlb); c != 0 {
		return c
	}
	if c := cmp.Compare(a.status, b.status); c != 0 {
		return c
	}
	switch {
	case a.notAttr == b.notAttr:
		return 0
	case a.notAttr:
		return 1
	}
	return -1
}

// call returns the call availability sees for r on endpoint (TTFB unknown:
// no availability rule reads it).
func (r *record) call(endpoint string) kpi.Call {
	return kpi.Call{
		ReceivedAt: time.Unix(0, r.at), Endpoint: endpoint, Status: int(r.status),
		TTLB: time.Duration(r.ttlb), NotAttributable: r.notAttr,
	}
}

// setCall sets the fields of c that call sets from r (all but the
// endpoint): a call made by r.call(endpoint) for another record becomes
// r.call(endpoint), without being zeroed and made again.
func (r *record) setCall(c *kpi.Call) {
	c.ReceivedAt, c.Status, c.TTLB, c.NotAttributable = time.Unix(0, r.at), int(r.status), time.Duration(r.ttlb), r.notAttr
}

// records holds one endpoint's records in chunks that never move: a
// growing slice would copy everything at each growth (Go grows large
// slices by about 1.25x, so the copies add up to several times the final
// size; measured on the report's 1,000,000-row pipeline benchmark: 100 B
// allocated per row before, 24 after).
//
// Each new chunk holds a quarter of the records so far, at least minChunk
// and at most maxChunk: the chunks grow geometrically, so their number
// stays logarithmic in the records, and the only chunk with room, the
// last, is at most a fifth of the capacity (plus minChunk), so a record
// costs at most 40 bytes of chunk once the endpoint has minChunk calls. (A
// chunk size jumping by 4x to 8192 left most of the last chunk empty: 85 B
// a record on a week of 40 endpoints.) An endpoint's first chunks double
// from firstChunk up to minChunk, so that an endpoint with one call costs
// 128 bytes, not 2 KiB: a million endpoints of a few calls each (raw
// paths, one per resource) cost 2 GiB of chunks where they called for
// 0.1. take moves another endpoint's
// chunks without copying; each may leave the previous last chunk part
// full, one per take.
type records struct {
	chunks [][]record
	n      int
}

const (
	firstChunk = 4
	minChunk   = 64
	maxChunk   = 8192
)

func (rs *records) add(r record) {
	n := len(rs.chunks)
	if n == 0 || len(rs.chunks[n-1]) == cap(rs.chunks[n-1]) {
		rs.chunks = append(rs.chunks, make([]record, 0, min(max(rs.n/4, min(firstChunk<<min(n, 4), minChunk)), maxChunk)))
		n++
	}
	rs.chunks[n-1] = append(rs.chunks[n-1], r)
	rs.n++
}

// merge appends a copy of o's records.
func (rs *records) merge(o *records) {
	for _, ch := range o.chunks {
		for _, r := range ch {
			rs.add(r)
		}
	}
}

// take moves o's chunks to rs and empties o.
func (rs *records) take(o *records) {
	if rs.n == 0 {
		*rs, *o = *o, records{}
		return
	}
	rs.chunks = append(rs.chunks, o.chunks...)
	rs.n += o.n
	*o = records{}
}

// each calls fn for every record in walk order (recordCmp): each chunk is
// sorted (a sorted log costs one check per record), then the chunks are
// walked one after the other when each starts at or after the previous
// one's end (a log in time order: n checks), else merged through a heap,
// O(n log chunks). The chunks stay sorted.
func (rs *records) each(fn func(r *record) error) error {
	h := make(chunkHeap, 0, len(rs.chunks))
	inOrder := true
	for _, ch := range rs.chunks {
		if !slices.IsSortedFunc(ch, recordCmp) {
			slices.SortFunc(ch, recordCmp)
		}
		if len(ch) > 0 {
			if len(h) > 0 {
				prev := h[len(h)-1]
				inOrder = inOrder && recordCmp(prev[len(prev)-1], ch[0]) <= 0
			}
			h = append(h, ch)
		}
	}
	if inOrder {
		for _, ch := range h {
			for i := range ch {
				if err := fn(&ch[i]); err != nil {
					return err
				}
			}
		}
		return nil
	}
	heap.Init(&h)
	for len(h) > 0 {
		if err := fn(&h[0][0]); err != nil {
			return err
		}
		if h[0] = h[0][1:]; len(h[0]) == 0 {
			heap.Pop(&h)
		} else {
			heap.Fix(&h, 0)
		}
	}
	return nil
}

// chunkHeap orders sorted chunks by their first record.
type chunkHeap [][]record

func (h chunkHeap) Len() int           { return len(h) }
func (h chunkHeap) Less(i, j int) bool { return recordCmp(h[i][0], h[j][0]) < 0 }
func (h chunkHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *chunkHeap) Push(x any)        { *h = append(*h, x.([]record)) }
func (h *chunkHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
