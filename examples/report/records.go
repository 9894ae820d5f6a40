package main

import (
	"cmp"
	"slices"
)

// availRec is what the availability rule needs of a call: rows need not be
// sorted, and AV-CLOCK/AV-CONSEC need each endpoint's calls in time order,
// so these are kept until the input ends: 24 bytes a call, against the
// row's hundred-odd bytes of text.
type availRec struct {
	at     int64  // ReceivedAt, Unix nanoseconds (years 1678 to 2262)
	ttlb   int64  // nanoseconds
	line   uint32 // line in its source, for evidence
	src    uint16 // index of the source file
	status uint16 // daily.AvailStatus: HTTP status, top bit = not attributable
}

// recChunks holds one endpoint's records in chunks that never move: a
// growing slice would copy everything at each growth (Go grows large
// slices by about 1.25x, so the copies add up to several times the final
// size; measured on the 1,000,000-row pipeline benchmark: 100 B allocated
// per row before, 24 after).
type recChunks struct {
	chunks [][]availRec
}

const maxChunk = 8192

func (c *recChunks) add(r availRec) {
	n := len(c.chunks)
	if n == 0 || len(c.chunks[n-1]) == cap(c.chunks[n-1]) {
		size := maxChunk
		if n == 0 {
			size = 64 // most endpoints of a small input stay small
		} else if prev := cap(c.chunks[n-1]); prev < maxChunk {
			size = prev * 4
		}
		c.chunks = append(c.chunks, make([]availRec, 0, size))
		n++
	}
	c.chunks[n-1] = append(c.chunks[n-1], r)
}

func recCmp(a, b availRec) int { return cmp.Compare(a.at, b.at) }

// each calls fn for every record in ReceivedAt order: each chunk is sorted
// (a sorted log costs one check), then the chunks are merged.
func (c *recChunks) each(fn func(r *availRec) error) error {
	heads := make([]int, len(c.chunks))
	for _, ch := range c.chunks {
		if !slices.IsSortedFunc(ch, recCmp) {
			slices.SortStableFunc(ch, recCmp)
		}
	}
	for {
		best := -1
		for i, ch := range c.chunks {
			if heads[i] < len(ch) && (best < 0 || ch[heads[i]].at < c.chunks[best][heads[best]].at) {
				best = i
			}
		}
		if best < 0 {
			return nil
		}
		if err := fn(&c.chunks[best][heads[best]]); err != nil {
			return err
		}
		heads[best]++
	}
}

// id is the evidence ID of the record: source<<32 | line.
func (r *availRec) id() int64 { return int64(r.src)<<32 | int64(r.line) }

// sourceLine turns an evidence ID back into the file name and line.
func (r *report) sourceLine(id int64) (string, int) {
	name := "?"
	if src := int(id >> 32); src < len(r.files) {
		name = r.files[src]
	}
	return name, int(id & 0xffffffff)
}
