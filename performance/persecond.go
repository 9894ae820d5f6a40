package performance

import (
	"encoding/binary"
	"math"
	"slices"
	"time"
	"unsafe"
)

// The packed per-second table behind Throughput and PIPS (Rule PF-TPS-1).
//
// A second is its key, the Unix second + secBias (36 bits). Keys are cut
// into blocks of 2^17 seconds (36.4 hours, so a day spans at most two
// blocks); a block keeps its base (key >> 17) once, and each second with
// traffic is one uint32 entry: the second within the block (17 bits) in
// the high bits and a count (15 bits) in the low bits, so that sorting the
// entries as integers sorts them by second, and a day with traffic in k
// distinct seconds costs 4·k bytes (plus slice slack and 32 bytes per
// block). A second with more than countMax calls (32,767) spills into
// further entries of the same second; every reading sums the entries of a
// second, so counts stay exact. (The first release packed second and count
// in a uint64, 8 bytes a second; the memory target is at most 4.)
const (
	blockBits = 17
	blockMask = 1<<blockBits - 1
	countBits = 32 - blockBits // 15
	countMax  = 1<<countBits - 1
	keyBits   = 36
	secBias   = 1 << (keyBits - 1)
	maxBase   = 1<<(keyBits-blockBits) - 1 // the largest block base

	// minTail is the unsorted tail length below which no compaction runs.
	minTail = 64
)

// secondKey returns the table key of t's Unix second, and false outside
// the span the table can hold: about 1970 ± 1088 years (882 to 3058).
func secondKey(t time.Time) (uint64, bool) {
	s := t.Unix()
	if s < -secBias || s >= secBias {
		return 0, false
	}
	return uint64(s + secBias), true
}

// keyTime returns the instant (UTC) of a key.
func keyTime(key uint64) time.Time { return time.Unix(int64(key)-secBias, 0).UTC() }

// secBlock is one block of seconds. e[:sorted] is canonical: sorted
// ascending, and each second holds at most one non-full entry, which sorts
// before its full ones. e[sorted:] is an unsorted tail of out-of-order
// seconds. A block in a table is never empty.
type secBlock struct {
	base   uint32 // key >> blockBits
	sorted int32
	e      []uint32
}

type perSecond struct {
	b     []secBlock // sorted by base, all non-empty
	total uint64     // every call counted, the pending ones included
	// A run of calls in one second is counted here and written to the
	// table when a call of another second arrives (or before any reading):
	// a gateway log in time order then costs a compare and an increment a
	// call. Measured on the combined ingest (the benchmark now
	// examples/internal/perfsuite's BenchmarkIngestDay, ten calls a second,
	// CPU time): Throughput's share went from 3.4 to 1.8 ns once add
	// (below) also fits the inliner's budget.
	curKey uint64 // the second of the pending calls
	curN   uint32 // pending calls in curKey (0 to countMax), not yet in b
}

func entrySec(e uint32) uint32   { return e >> countBits }
func entryCount(e uint32) uint32 { return e & countMax }

// add counts one call in second key: in the pending run when it is the
// pending second (an empty run is any second's), else it writes the run to
// the table and starts one. It is kept small enough to inline.
func (p *perSecond) add(key uint64) {
	p.total++
	if key != p.curKey || p.curN == countMax {
		p.newRun(key)
	}
	p.curN++
}

// newRun writes the pending run to the table and starts an empty one in
// key. A run in a new second after the last entry of the last block, with
// room to append (the usual case of a log in time order, sparse traffic
// included), is written here in place; every other run goes through
// addN. Measured on the perfsuite's BenchmarkIngestDay (one call every
// ~15 s: nearly every call starts a run), the chain flush, addN,
// secBlock.addN cost about 4 ns a call that this path does not.
func (p *perSecond) newRun(key uint64) {
	if n := p.curN; n != 0 {
		if p.isPacked() {
			p.unpack()
		}
		if nb := len(p.b); nb > 0 {
			b := &p.b[nb-1]
			base, sec := uint32(p.curKey>>blockBits), uint32(p.curKey)&blockMask
			ne := len(b.e)
			if b.base == base && int(b.sorted) == ne && ne > 0 && ne < cap(b.e) && entrySec(b.e[ne-1]) < sec {
				b.e = b.e[:ne+1]
				b.e[ne] = sec<<countBits | n
				b.sorted++
				p.curKey, p.curN = key, 0
				return
			}
		}
		p.addN(p.curKey, n)
	}
	p.curKey, p.curN = key, 0
}

// flush writes the pending run to the table.
func (p *perSecond) flush() {
	if p.curN != 0 {
		p.addN(p.curKey, p.curN)
		p.curKey, p.curN = 0, 0
	}
}

// addN counts n calls (1 to countMax) in second key of the table. Runs in
// time order touch only the last entry of the last block (increment or
// append). A late run for a second already in the sorted part fills its
// non-full entry in place (binary search) and puts the rest in the tail; a
// late run for a new second goes to the block's tail, which is sorted and
// compacted into the rest once it outgrows max(minTail, sorted/2):
// amortised O(log n) per run, no allocation once the slices have grown.
func (p *perSecond) addN(key uint64, n uint32) {
	if p.isPacked() {
		p.unpack()
	}
	base, sec := uint32(key>>blockBits), uint32(key)&blockMask
	var b *secBlock
	if nb := len(p.b); nb > 0 && p.b[nb-1].base == base {
		b = &p.b[nb-1]
	} else {
		b = p.block(base)
	}
	b.addN(sec, n)
}

func (b *secBlock) addN(sec, n uint32) {
	ne := len(b.e)
	if ne > 0 {
		if last := b.e[ne-1]; entrySec(last) == sec && entryCount(last) < countMax {
			// The last entry stays in order: only its count grows, and what
			// does not fit follows as a further entry.
			take := min(countMax-entryCount(last), n)
			b.e[ne-1] += take
			if n -= take; n == 0 {
				return
			}
			if int(b.sorted) == ne {
				// The entry is now full and n < countMax are left: the
				// non-full remainder goes first, as canonical form wants.
				b.e[ne-1] = sec<<countBits | n
				b.e = append(b.e, sec<<countBits|countMax)
				b.sorted++
				return
			}
		}
	}
	if int(b.sorted) == ne && (ne == 0 || entrySec(b.e[ne-1]) < sec) {
		b.e = append(b.e, sec<<countBits|n) // a new second, in order
		b.sorted++
		return
	}
	// A late run: its second may be in the sorted part, whose first entry
	// for a second is the non-full one, if there is one.
	i, _ := slices.BinarySearch(b.e[:b.sorted], sec<<countBits)
	if i < int(b.sorted) && entrySec(b.e[i]) == sec && entryCount(b.e[i]) < countMax {
		take := min(countMax-entryCount(b.e[i]), n)
		b.e[i] += take
		if n -= take; n == 0 {
			return
		}
	}
	b.e = append(b.e, sec<<countBits|n)
	if tail := len(b.e) - int(b.sorted); tail > minTail && tail > int(b.sorted)/2 {
		b.compact()
	}
}

// block returns the block of base, inserting an empty one in order if
// there is none. An inserted block reuses the entries' capacity of a block
// dropped by reset, if any.
func (p *perSecond) block(base uint32) *secBlock {
	i, found := slices.BinarySearchFunc(p.b, base, func(b secBlock, base uint32) int {
		return int(int64(b.base) - int64(base))
	})
	if found {
		return &p.b[i]
	}
	n := len(p.b)
	if n < cap(p.b) {
		p.b = p.b[:n+1]
	} else {
		p.b = append(p.b, secBlock{})
	}
	spare := p.b[n].e[:0] // capacity left by reset (or nil)
	copy(p.b[i+1:], p.b[i:n])
	p.b[i] = secBlock{base: base, e: spare}
	return &p.b[i]
}

// compact sorts the block and makes it canonical: the entries of each
// second are summed and written back as one non-full remainder entry (if
// any) followed by full entries. The rewrite is in place: a run of r
// entries holds at most r·countMax calls, so it needs at most r entries.
func (b *secBlock) compact() {
	slices.Sort(b.e)
	b.canonical()
}

// canonical rewrites sorted entries in canonical form (see compact).
func (b *secBlock) canonical() { b.canonicalFrom(0) }

// canonicalFrom is canonical for the entries from k on; those before k
// must be canonical already, and of seconds before the k-th's.
func (b *secBlock) canonicalFrom(k int) {
	w := k
	for i := k; i < len(b.e); {
		sec := entrySec(b.e[i])
		var sum uint64
		j := i
		for ; j < len(b.e) && entrySec(b.e[j]) == sec; j++ {
			sum += uint64(entryCount(b.e[j]))
		}
		if rem := sum % countMax; rem != 0 {
			b.e[w] = sec<<countBits | uint32(rem)
			w++
		}
		for range sum / countMax {
			b.e[w] = sec<<countBits | countMax
			w++
		}
		i = j
	}
	b.e = b.e[:w]
	b.sorted = int32(w)
}

// smallMerge: a block merged into one more than smallMerge times its size
// goes in entry by entry (see merge).
const smallMerge = 32

// mergeSorted merges sorted entries o into the sorted block b, both
// canonical. Only b's entries from o's first second on take part. When
// they are fewer than half of b's (the tables of consecutive pieces of a
// log, which meet in at most a second), o is appended (the slice grows
// as append grows it, amortised), the two runs are merged in place from
// the back, and that suffix alone is made canonical: the seconds before
// o's first are not touched, so the merge costs o's entries, not b's (a
// pass over the whole block at each merge made a day read in pieces
// quadratic: 0.33 s of the absorbing goroutine on the report's 10 M-row
// input). With room in b, in place too (Merge allocates only to grow a
// table); without, when the two share most seconds (an endpoint's day
// merged into the interface's), mergeSortedCopy.
func (b *secBlock) mergeSorted(o []uint32) {
	if len(o) == 0 {
		return
	}
	n := len(b.e)
	k, _ := slices.BinarySearch(b.e, entrySec(o[0])<<countBits) // the first entry of a second >= o's first
	if n-k >= n/2 && n > 0 && cap(b.e)-n < len(o) {
		b.mergeSortedCopy(o) // exact, where append would leave the slack of the shared seconds
		return
	}
	b.e = append(b.e, o...)
	i, j := n-1, len(o)-1
	for w := len(b.e) - 1; j >= 0; w-- {
		if i >= k && b.e[i] > o[j] {
			b.e[w] = b.e[i]
			i--
		} else {
			b.e[w] = o[j]
			j--
		}
	}
	b.canonicalFrom(k)
}

// mergeSortedCopy is mergeSorted in one forward pass into a new slice:
// the entries of each second of either are summed and written in
// canonical form (a canonical merge holds at most the entries of both: a
// second's r entries hold at most r·countMax calls), the same entries
// compact gives for the concatenation. The slice keeps their joint length
// as capacity, so that merging the same seconds again finds room (Merge
// allocates only to grow a table); a finished table is clipped or packed
// (Compact, Pack: Close does).
func (b *secBlock) mergeSortedCopy(o []uint32) {
	a := b.e
	out := make([]uint32, 0, len(a)+len(o))
	i, j := 0, 0
	for i < len(a) || j < len(o) {
		var sec uint32
		switch {
		case j == len(o):
			sec = entrySec(a[i])
		case i == len(a):
			sec = entrySec(o[j])
		default:
			sec = min(entrySec(a[i]), entrySec(o[j]))
		}
		var sum uint64
		for ; i < len(a) && entrySec(a[i]) == sec; i++ {
			sum += uint64(entryCount(a[i]))
		}
		for ; j < len(o) && entrySec(o[j]) == sec; j++ {
			sum += uint64(entryCount(o[j]))
		}
		if rem := sum % countMax; rem != 0 {
			out = append(out, sec<<countBits|uint32(rem))
		}
		for range sum / countMax {
			out = append(out, sec<<countBits|countMax)
		}
	}
	b.e = out
	b.sorted = int32(len(out))
}

// merge adds o's counts into p; o is not changed (p.merge(p) doubles p).
// Block by block: two sorted blocks (the usual case: a block is sorted
// unless late seconds wait in its tail) are merged in place from the back
// and made canonical in one pass, linear in their entries; a block much
// smaller than the receiver's goes in as late runs, amortised O(log n) an
// entry. So merging k endpoints' days into the interface's no longer
// re-sorts the growing block at every merge (84 % of the report's CPU at
// 100,000 endpoints before; BenchmarkThroughputMergeManyEndpoints). A
// block with late seconds still waiting in its tail appends and re-sorts.
func (p *perSecond) merge(o *perSecond) {
	if o.total == 0 {
		return
	}
	if p.isPacked() {
		p.unpack() // o too, when p == o
	}
	if o.isPacked() { // read, not unpacked: o stays packed
		u := o.unpacked()
		if p.total == 0 && len(p.b) == 0 {
			*p = u // into an empty table (a copy's first merge): the copy is the merge
			return
		}
		o = &u
	}
	p.flush() // when p == o, this flushes o: the receiver's right
	p.total += o.total
	for i := range o.b { // by index: p.block may move p.b, and p may be o
		ob := &o.b[i]
		base := ob.base
		if p == o {
			ob.e = append(ob.e, ob.e...) // well defined on itself
			ob.compact()
			continue
		}
		b := p.block(base)
		if len(ob.e)*smallMerge < len(b.e) {
			// A few seconds into a large block: as late runs (amortised
			// O(log n) each), not a pass over the whole block.
			for _, e := range ob.e {
				b.addN(entrySec(e), entryCount(e))
			}
			continue
		}
		if int(b.sorted) == len(b.e) && int(ob.sorted) == len(ob.e) {
			if n := len(b.e); n == 0 || len(ob.e) == 0 || entrySec(b.e[n-1]) < entrySec(ob.e[0]) {
				// Into an empty block (the copy each endpoint-day takes
				// when a day's interface is merged), or all after it: two
				// canonical runs of distinct seconds in order are one, so
				// an append is the merge, without its two passes.
				b.e = append(b.e, ob.e...)
				b.sorted = int32(len(b.e))
				continue
			}
			b.mergeSorted(ob.e)
			continue
		}
		b.e = append(b.e, ob.e...)
		b.compact()
	}
	if o.curN != 0 { // o's pending run, read without flushing o
		p.addN(o.curKey, o.curN)
	}
}

// settle writes the pending run and compacts every block that has an
// unsorted tail.
func (p *perSecond) settle() {
	if p.isPacked() {
		p.unpack()
	}
	p.flush()
	for i := range p.b {
		if b := &p.b[i]; int(b.sorted) != len(b.e) {
			b.compact()
		}
	}
}

// clip settles p (sorted, canonical, the pending run written) and clips
// its capacity to its length: the entries of every block move into one
// allocation of exactly their number, each block's slice a window of it
// with no spare capacity, and the blocks into one of exactly theirs when
// their slice has spare room (as after a Reset). A table already clipped
// is left as it is, without allocating.
func (p *perSecond) clip() {
	if p.isPacked() && p.curN == 0 {
		return // packed is smaller still
	}
	p.settle()
	n, tight := 0, cap(p.b) == len(p.b)
	for i := range p.b {
		n += len(p.b[i].e)
		tight = tight && cap(p.b[i].e) == len(p.b[i].e)
	}
	if tight {
		return
	}
	if len(p.b) == 0 {
		p.b = nil
		return
	}
	b := p.b
	if cap(b) != len(b) {
		b = make([]secBlock, len(p.b))
		copy(b, p.b)
	}
	e := make([]uint32, n)
	off := 0
	for i := range b {
		m := copy(e[off:], b[i].e)
		b[i].e = e[off : off+m : off+m]
		off += m
	}
	p.b = b
}

// reset empties p and keeps the capacity of its slices (the blocks'
// entries included, for reuse by block).
func (p *perSecond) reset() {
	p.b = p.b[:0] // a packed table's bytes become entries' capacity (block)
	p.total = 0
	p.curKey, p.curN = 0, 0
}

// seconds calls f(key, count) for each second with traffic, in order,
// compacting first.
func (p *perSecond) seconds(f func(key, count uint64)) {
	if p.isPacked() && p.curN == 0 {
		p.packedSeconds(f) // read as packed: not unpacked
		return
	}
	p.settle()
	for bi := range p.b {
		b := &p.b[bi]
		for i := 0; i < len(b.e); {
			sec := entrySec(b.e[i])
			var sum uint64
			for ; i < len(b.e) && entrySec(b.e[i]) == sec; i++ {
				sum += uint64(entryCount(b.e[i]))
			}
			f(uint64(b.base)<<blockBits|uint64(sec), sum)
		}
	}
}

// peak returns the largest per-second count and its second (the earliest
// on a tie), compacting first. ok is false when the table is empty.
func (p *perSecond) peak() (count uint64, sec time.Time, ok bool) {
	var best, bestKey uint64
	p.seconds(func(key, n uint64) {
		if n > best {
			best, bestKey = n, key
		}
	})
	if best == 0 {
		return 0, time.Time{}, false
	}
	return best, keyTime(bestKey), true
}

// distinct is the number of distinct seconds with a count, compacting
// first.
func (p *perSecond) distinct() int {
	n := 0
	p.seconds(func(uint64, uint64) { n++ })
	return n
}

func (p *perSecond) clone() perSecond {
	c := perSecond{total: p.total, curKey: p.curKey, curN: p.curN}
	if len(p.b) > 0 {
		c.b = make([]secBlock, len(p.b))
		for i, b := range p.b {
			c.b[i] = secBlock{base: b.base, sorted: b.sorted, e: slices.Clone(b.e)}
		}
	}
	return c
}

// equal reports whether p and o hold the same counts per second (it
// compacts both).
func (p *perSecond) equal(o *perSecond) bool {
	p.settle()
	o.settle()
	if p.total != o.total || len(p.b) != len(o.b) {
		return false
	}
	for i := range p.b {
		if p.b[i].base != o.b[i].base || !slices.Equal(p.b[i].e, o.b[i].e) {
			return false
		}
	}
	return true
}

// retainedBytes is the memory the table holds beyond its header: the
// blocks and the capacity of every entries slice, spare ones included.
func (p *perSecond) retainedBytes() int {
	n := cap(p.b) * int(unsafe.Sizeof(secBlock{}))
	for _, b := range p.b[:cap(p.b)] {
		n += 4 * cap(b.e)
	}
	return n
}

// entries is the number of entries in use (4 bytes each).
func (p *perSecond) entries() int {
	if p.isPacked() {
		p.unpack()
	}
	p.flush()
	n := 0
	for _, b := range p.b {
		n += len(b.e)
	}
	return n
}

// The packed form (pack) of a finished table: each second with traffic
// in order, as the gap from the previous one (the first: from key 0) and
// the second's count (the sum of its entries), in one byte when they are
// small: a byte below 0x80 is (gap−1)<<5 | (count−1) for a gap of 1 to 4
// and a count of 1 to 32 (busy seconds close together), and a byte from
// 0x80 to 0xFE is 0x80 | (gap−1)<<2 | (count−1) for a gap of 1 to 32 and
// a count of 1 to 4 (quiet seconds further apart; the gap 32 with the
// count 4 is 0xFF's). Anything else is 0xFF, then the gap and the count as
// uvarints. The report's 40 endpoints over a week, about a third of
// their seconds busy, then take 1.03 bytes a second with traffic, and 5
// times their calls over the same week 1.00, where the entries take four
// (measured on the first day of gensample -bench 10000000 and 50000000;
// the first packed form, one byte for a gap of 1 to 3 with a count of 1
// to 63 alone, took 1.48 and 1.16).
const (
	packNearGap   = 4  // the largest gap of a byte below 0x80
	packNearCount = 32 // ... and its largest count
	packFarGap    = 32 // the largest gap of a byte from 0x80
	packFarCount  = 4  // ... and its largest count
	packEscape    = 0xFF
)

// A packed table is one block of base packedBase (no block of entries
// has it: bases stop at maxBase) whose entries hold the packed bytes,
// sorted their number: the table's header does not grow for it. Only the
// readings (seconds, peak, distinct) read it as it is; everything else
// unpacks it first (a Reset keeps its words as entries' capacity).
const packedBase = math.MaxUint32

func (p *perSecond) isPacked() bool { return len(p.b) == 1 && p.b[0].base == packedBase }

// packedBytes returns the bytes of a packed table.
func (p *perSecond) packedBytes() []byte {
	w := p.b[0].e
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(w))), 4*len(w))[:p.b[0].sorted]
}

// pack settles p and packs it when that is smaller than its entries.
// A packed table packs again without allocating.
func (p *perSecond) pack() {
	if p.isPacked() && p.curN == 0 {
		return
	}
	p.settle()
	n, prev := 0, uint64(0)
	p.seconds(func(key, count uint64) {
		n += packedLen(key-prev, count)
		prev = key
	})
	if n == 0 || n >= 4*p.entries() || n > math.MaxInt32 {
		p.clip() // no smaller packed: clipped, as Compact (a merge leaves room)
		return
	}
	w := make([]uint32, (n+3)/4)
	buf := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(w))), 4*len(w))[:0]
	prev = 0
	p.seconds(func(key, count uint64) {
		buf = appendPacked(buf, key-prev, count)
		prev = key
	})
	// In the blocks' own slice (no allocation but the bytes'), its other
	// blocks cleared so that it keeps none of their entries.
	clear(p.b[:cap(p.b)])
	p.b = append(p.b[:0], secBlock{base: packedBase, sorted: int32(n), e: w})
}

// packedByte returns the one byte that packs gap and count, or false.
func packedByte(gap, count uint64) (byte, bool) {
	switch {
	case gap < 1 || count < 1:
		return 0, false
	case gap <= packNearGap && count <= packNearCount:
		return byte((gap-1)<<5 | (count - 1)), true
	case gap <= packFarGap && count <= packFarCount && !(gap == packFarGap && count == packFarCount):
		return byte(0x80 | (gap-1)<<2 | (count - 1)), true
	}
	return 0, false
}

func packedLen(gap, count uint64) int {
	if _, ok := packedByte(gap, count); ok {
		return 1
	}
	return 1 + uvarintLen(gap) + uvarintLen(count)
}

func uvarintLen(x uint64) int {
	n := 1
	for ; x >= 0x80; x >>= 7 {
		n++
	}
	return n
}

func appendPacked(b []byte, gap, count uint64) []byte {
	if c, ok := packedByte(gap, count); ok {
		return append(b, c)
	}
	b = append(b, packEscape)
	b = binary.AppendUvarint(b, gap)
	return binary.AppendUvarint(b, count)
}

// packedSeconds calls f(key, count) for each second of the packed table,
// in order.
func (p *perSecond) packedSeconds(f func(key, count uint64)) {
	z := p.packedBytes()
	key := uint64(0)
	for i := 0; i < len(z); {
		var gap, count uint64
		switch c := z[i]; {
		case c < 0x80:
			gap, count = uint64(c>>5)+1, uint64(c&31)+1
			i++
		case c != packEscape:
			gap, count = uint64(c>>2&31)+1, uint64(c&3)+1
			i++
		default:
			var k int
			gap, k = binary.Uvarint(z[i+1:])
			i += 1 + k
			count, k = binary.Uvarint(z[i:])
			i += k
		}
		key += gap
		f(key, count)
	}
}

// unpacked returns p's table as entries (a new table; p is not changed).
func (p *perSecond) unpacked() perSecond {
	u := perSecond{total: p.total, curKey: p.curKey, curN: p.curN}
	var b *secBlock
	p.packedSeconds(func(key, count uint64) {
		base, sec := uint32(key>>blockBits), uint32(key)&blockMask
		if b == nil || b.base != base {
			u.b = append(u.b, secBlock{base: base})
			b = &u.b[len(u.b)-1]
		}
		// Canonical: the non-full remainder first, then full entries.
		if rem := count % countMax; rem != 0 {
			b.e = append(b.e, sec<<countBits|uint32(rem))
		}
		for range count / countMax {
			b.e = append(b.e, sec<<countBits|countMax)
		}
		b.sorted = int32(len(b.e))
	})
	return u
}

// unpack turns a packed p back into entries.
func (p *perSecond) unpack() {
	p.b = p.unpacked().b
}

// denseSpan is the widest span of seconds mergeMany sums in a dense array
// (8 bytes a second: 2^20 seconds, about 12 days, are 8 MiB).
const denseSpan = 1 << 20

// mergeMany adds every table of os into p, each as it was when called
// (nil tables are empty; p among them counts as it was, once each time),
// with the counts per second of p.merge(o) for each of those. When the seconds they hold are dense in the span they cover (an
// interface's day made of its endpoints' days: a third or more of the
// day's seconds busy on each), it sums every entry into a counter per
// second of the span and writes p's blocks once, canonical and clipped: a
// pass over each table, where merging them two by two passes over the
// growing sum at each level of the tree and unpacks every packed table
// into a new one. Otherwise it merges them one at a time.
func (p *perSecond) mergeMany(os []*perSecond) {
	lo, hi, n := uint64(math.MaxUint64), uint64(0), 0
	span := func(key uint64) { lo, hi = min(lo, key), max(hi, key) }
	for _, o := range os {
		if o != nil {
			o.keys(func(key, _ uint64) {
				span(key)
				n++
			})
		}
	}
	p.keys(func(key, _ uint64) {
		span(key)
		n++
	})
	if n == 0 {
		return
	}
	if w := hi - lo + 1; w > denseSpan || w > 8*uint64(n) {
		var self *perSecond // p as it was, for p among os
		for _, o := range os {
			if o == p && self == nil {
				c := p.clone()
				self = &c
			}
		}
		for _, o := range os {
			switch o {
			case nil:
			case p:
				p.merge(self)
			default:
				p.merge(o)
			}
		}
		return
	}
	p.mergeDense(os, lo, hi)
}

// keys calls f(key, count) for each entry of p, in no order (a second
// may come more than once: its entries, its pending run), with counts
// that sum to p's total; it changes nothing, and reads a packed table as
// it is.
func (p *perSecond) keys(f func(key, count uint64)) {
	if p.isPacked() {
		p.packedSeconds(f)
	} else {
		for i := range p.b {
			b := &p.b[i]
			for _, e := range b.e {
				f(uint64(b.base)<<blockBits|uint64(entrySec(e)), uint64(entryCount(e)))
			}
		}
	}
	if p.curN != 0 {
		f(p.curKey, uint64(p.curN))
	}
}

// mergeDense is mergeMany through a counter per second from lo to hi,
// which every key of p and os lies in.
func (p *perSecond) mergeDense(os []*perSecond, lo, hi uint64) {
	c := make([]uint64, hi-lo+1)
	total := p.total
	add := func(key, count uint64) { c[key-lo] += count }
	p.keys(add) // read before it is written: p may be among os
	for _, o := range os {
		if o != nil {
			total += o.total
			o.keys(add)
		}
	}
	// The entries and blocks of the sum, in canonical form, each block's
	// entries a window of one slice, as clip leaves them.
	entries, blocks, base := 0, 0, uint64(math.MaxUint64)
	for i, v := range c {
		if v == 0 {
			continue
		}
		if k := (lo + uint64(i)) >> blockBits; k != base {
			blocks++
			base = k
		}
		entries += int(v / countMax)
		if v%countMax != 0 {
			entries++
		}
	}
	e := make([]uint32, 0, entries)
	bs := make([]secBlock, 0, blocks)
	start := 0
	for i, v := range c {
		if v == 0 {
			continue
		}
		key := lo + uint64(i)
		if k := uint32(key >> blockBits); len(bs) == 0 || bs[len(bs)-1].base != k {
			if len(bs) > 0 {
				bs[len(bs)-1].e = e[start:len(e):len(e)]
				bs[len(bs)-1].sorted = int32(len(e) - start)
			}
			bs = append(bs, secBlock{base: k})
			start = len(e)
		}
		sec := uint32(key) & blockMask
		if rem := v % countMax; rem != 0 {
			e = append(e, sec<<countBits|uint32(rem))
		}
		for range v / countMax {
			e = append(e, sec<<countBits|countMax)
		}
	}
	bs[len(bs)-1].e = e[start:len(e):len(e)]
	bs[len(bs)-1].sorted = int32(len(e) - start)
	*p = perSecond{b: bs, total: total}
}
