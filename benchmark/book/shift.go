package book

import (
	"errors"
	"math"
)

// ErrIDRange is returned by ShiftIDs when an evidence ID would pass the
// int64 range.
var ErrIDRange = errors.New("book: an evidence ID shifted past the int64 range")

// ShiftIDs adds delta to the evidence ID of every call b holds: a program
// that reads the pieces of one log in parallel numbers each piece's lines
// from 1, before the lines of the pieces before it are known, and shifts
// each piece's book by them before absorbing the books in order (the
// report command does so, rather than reading the log twice to count its
// lines first). b's figures do not change: calls received at the same
// instant are walked in the order of their IDs, which a shift keeps; the
// IDs its outages name do. The IDs of calls a bounded book has walked
// already (SetDisorder) are in its outages and stay as they are. An ID
// that would pass the int64 range returns ErrIDRange and changes nothing.
func (b *Book) ShiftIDs(delta int64) error {
	if delta == 0 {
		return nil
	}
	lo, hi, found := int64(math.MaxInt64), int64(math.MinInt64), false
	b.eachRecord(func(r *record) {
		lo, hi, found = min(lo, r.id), max(hi, r.id), true
	})
	if b.bnd != nil && b.bnd.late > 0 {
		lo, hi, found = min(lo, b.bnd.firstLate), max(hi, b.bnd.firstLate), true
	}
	if !found {
		return nil
	}
	if delta > 0 && hi > math.MaxInt64-delta || delta < 0 && lo < math.MinInt64-delta {
		return ErrIDRange
	}
	b.eachRecord(func(r *record) { r.id += delta })
	if b.bnd != nil && b.bnd.late > 0 {
		b.bnd.firstLate += delta
	}
	return nil
}

// eachRecord calls fn for every record b keeps, in no particular order.
func (b *Book) eachRecord(fn func(r *record)) {
	if b.bnd != nil {
		for k := range b.bnd.pending {
			fn(&b.bnd.pending[k])
		}
		return
	}
	for i := range b.recs {
		for _, ch := range b.recs[i].chunks {
			for k := range ch {
				fn(&ch[k])
			}
		}
	}
}
