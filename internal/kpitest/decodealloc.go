package kpitest

import (
	"bytes"
	"encoding/binary"
	"runtime"

	"github.com/stretchr/testify/require"
)

// DecodeAllocFactor is the bound CheckDecodeAlloc puts on what a decoder
// allocates per input byte: the largest item a decoder materialises over
// its smallest encoding (an availability.Segment's middle interval, about
// 240 bytes from at least 16 bytes: 15; an outage, 200 bytes from 13), plus
// slack. A decoder that allocates for a count before checking it against
// the input left allocates without bound.
const DecodeAllocFactor = 16

// maxCount is the largest byte CheckDecodeAlloc takes for a count: the
// valid encodings it starts from hold a few items of each kind.
const maxCount = 16

// HostileSize is the size of the crafted inputs of CheckDecodeAlloc: 1 MiB
// (the bound is per byte, so the size matters only to make any constant
// overhead negligible).
const HostileSize = 1 << 20

// AllocatedBy returns the bytes f allocates on the heap: every
// allocation, freed or not, so an upper bound of the heap f added at its
// peak (runtime.MemStats TotalAlloc before and after: a running total,
// so no collection is needed; the caller runs no other goroutine). Memory
// tests bound it, never time.
func AllocatedBy(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// CheckDecodeAlloc crafts hostile inputs from enc, a valid encoding, and
// requires decode (an UnmarshalBinary into a fresh value) to allocate at
// most factor bytes per input byte on each. At every byte after the
// header that could be a count of a small state (at most maxCount), the
// byte is replaced by a count (a uvarint), followed by
// HostileSize bytes of padding (0x00, then 0x01: items
// of minimal size that parse as zeros or ones) and the rest of enc.
// The count is HostileSize / m for m of 1 to 32: as many items of m bytes
// as the padding holds, the most a decoder that checks counts against
// the input left (wire.Reader.Len) accepts for items of at least m bytes.
// So each count of the format, wherever it is, is tried with as many of
// the smallest items as the input can hold. It returns the largest
// bytes-per-input-byte ratio seen. Keep enc short (tens of bytes): each
// byte is tried 20 times with 1 MiB.
func CheckDecodeAlloc(t require.TestingT, enc []byte, decode func([]byte) error, factor float64) float64 {
	worst := 0.0
	for _, pad := range []byte{0x00, 0x01} {
		padding := bytes.Repeat([]byte{pad}, HostileSize)
		for p := 3; p < len(enc); p++ {
			if enc[p] > maxCount {
				continue // not a count of a small state
			}
			for _, m := range []int{1, 2, 3, 4, 5, 6, 8, 12, 16, 32} {
				in := make([]byte, 0, len(enc)+HostileSize+10)
				in = append(in, enc[:p]...)
				in = binary.AppendUvarint(in, uint64(HostileSize/m))
				in = append(in, padding...)
				in = append(in, enc[p+1:]...)
				got := AllocatedBy(func() { _ = decode(in) })
				ratio := float64(got) / float64(len(in))
				worst = max(worst, ratio)
				require.LessOrEqual(t, ratio, factor, "count %d at byte %d of %d, padding %#x: %d bytes allocated for %d input bytes",
					HostileSize/m, p, len(enc), pad, got, len(in))
			}
		}
	}
	return worst
}
