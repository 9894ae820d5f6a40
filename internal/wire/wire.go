// Package wire is the binary encoding every accumulator of the library
// shares (its encoding.BinaryMarshaler and BinaryUnmarshaler methods).
//
// An encoding is a header, then fields in a fixed order:
//
//	magic 'K' | kind (one byte per type, see the Kind constants) | version (one byte) | fields...
//
// Fields are unsigned varints (encoding/binary's Uvarint), zig-zag signed
// varints, U128 as two varints (high, low), instants as Unix nanoseconds
// (a signed varint, with a flag for the zero time.Time), strings and
// byte slices as a length then the bytes. Nothing in the format depends
// on the machine: encodings move between machines, runs and releases.
//
// A decoder reads with a Reader whose first error sticks: decoding
// functions read every field and check Err once at the end. Truncated
// input gives ErrTruncated, another kind's encoding or garbage gives
// ErrForeign, a version this release cannot read gives ErrVersion, bytes
// left over give ErrTrailing; a length that cannot be right (larger than
// the input left) gives ErrTruncated before anything is allocated, so a
// decoder never allocates more than its input can describe.
package wire

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/openfinance-kpi/kpi/internal/u128"
)

// Magic is the first byte of every encoding.
const Magic = 'K'

// Kind names the type an encoding holds. Values are part of the format:
// never renumber, only append.
type Kind byte

// The kinds of the library's encodings.
const (
	_ Kind = iota
	KindErrorCounter
	KindVolumesDaily
	KindStats
	KindHistogram
	KindThroughput
	KindPIPS
	KindExecution
	KindHourly
	KindSegment
	KindTracker
	KindProbeTracker
	KindFunnel
	KindUsers
	KindTPPs
	KindAdoption
	KindGovernance
	KindDailyRow // reserved for rows kept between runs
	KindEndpointDay
	KindBook
)

// Kinds from FirstProgramKind up are left to programs built on the
// library (the examples' own coders count down from 255); the library's
// kinds count up from 1 and stay below it.
const FirstProgramKind Kind = 200

// Errors a decoder returns, wrapped with the type's name.
var (
	ErrTruncated = errors.New("truncated encoding")
	ErrForeign   = errors.New("not an encoding of this type")
	ErrVersion   = errors.New("unsupported encoding version")
	ErrTrailing  = errors.New("trailing bytes after encoding")
	ErrInvalid   = errors.New("encoding holds an impossible value")
)

// AppendHeader appends the header of an encoding of kind k, version v.
func AppendHeader(b []byte, k Kind, v byte) []byte { return append(b, Magic, byte(k), v) }

// AppendUvarint appends x as an unsigned varint.
func AppendUvarint(b []byte, x uint64) []byte { return binary.AppendUvarint(b, x) }

// AppendVarint appends x as a zig-zag signed varint.
func AppendVarint(b []byte, x int64) []byte { return binary.AppendVarint(b, x) }

// AppendBool appends x as one byte, 0 or 1.
func AppendBool(b []byte, x bool) []byte {
	if x {
		return append(b, 1)
	}
	return append(b, 0)
}

// AppendU128 appends x as two unsigned varints: high, then low.
func AppendU128(b []byte, x u128.U128) []byte {
	return binary.AppendUvarint(binary.AppendUvarint(b, x.Hi), x.Lo)
}

// AppendTime appends an instant: a flag byte (0 for the zero time.Time,
// 1 otherwise) then Unix nanoseconds as a signed varint. The location is
// not kept (instants decode in UTC); instants outside the years 1678 to
// 2261, which Unix nanoseconds cannot hold, are kept as seconds and
// nanoseconds (flag 2).
func AppendTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return append(b, 0)
	}
	sec := t.Unix()
	if sec > math.MinInt64/int64(time.Second)+1 && sec < math.MaxInt64/int64(time.Second)-1 {
		return binary.AppendVarint(append(b, 1), t.UnixNano())
	}
	return binary.AppendUvarint(binary.AppendVarint(append(b, 2), sec), uint64(t.Nanosecond()))
}

// AppendDuration appends d as a signed varint of nanoseconds.
func AppendDuration(b []byte, d time.Duration) []byte { return binary.AppendVarint(b, int64(d)) }

// AppendString appends s as its length then its bytes.
func AppendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// AppendRejections appends the counts of a kpi.Rejections (all of them,
// r[:]), reason by reason, preceded by their number: the package's n
// reasons, so that the encoding does not grow with kpi.MaxReasons, and
// further ones only where a count is not 0 (a crafted state: nothing is
// dropped, and Reader.Rejections refuses them). A later release with
// more reasons still reads the counts.
func AppendRejections(b []byte, counts []uint64, n int) []byte {
	for i := n; i < len(counts); i++ {
		if counts[i] != 0 {
			n = i + 1
		}
	}
	b = binary.AppendUvarint(b, uint64(n))
	for _, c := range counts[:n] {
		b = binary.AppendUvarint(b, c)
	}
	return b
}

// Reader decodes fields from an encoding. Its first error sticks: every
// later read returns a zero value, and Err reports the error.
type Reader struct {
	b    []byte
	name string
	err  error
}

// NewReader returns a Reader over b that names the type name in its
// errors, after checking the header: magic, kind k, and a version from 1
// to maxVersion (returned).
func NewReader(b []byte, name string, k Kind, maxVersion byte) (*Reader, byte) {
	r := &Reader{b: b, name: name}
	if len(b) < 3 {
		if len(b) > 0 && (b[0] != Magic || (len(b) > 1 && Kind(b[1]) != k)) {
			r.fail(ErrForeign)
		} else {
			r.fail(ErrTruncated)
		}
		return r, 0
	}
	if b[0] != Magic || Kind(b[1]) != k {
		r.fail(ErrForeign)
		return r, 0
	}
	v := b[2]
	if v == 0 || v > maxVersion {
		r.fail(fmt.Errorf("%w %d (this release reads 1 to %d)", ErrVersion, v, maxVersion))
		return r, 0
	}
	r.b = b[3:]
	return r, v
}

func (r *Reader) fail(err error) {
	if r.err == nil {
		r.err = fmt.Errorf("%s: %w", r.name, err)
		r.b = nil
	}
}

// Fail records err (wrapped with the type's name) unless an error is
// already recorded. Decoders use it for values that cannot be right.
func (r *Reader) Fail(err error) { r.fail(err) }

// OK reports whether no error has been recorded so far (unlike Err, it
// does not count the bytes still to read as trailing).
func (r *Reader) OK() bool { return r.err == nil }

// Err returns the first error, or ErrTrailing if bytes are left over, or
// nil.
func (r *Reader) Err() error {
	if r.err == nil && len(r.b) > 0 {
		r.fail(fmt.Errorf("%w (%d bytes)", ErrTrailing, len(r.b)))
	}
	return r.err
}

// Uvarint reads an unsigned varint.
func (r *Reader) Uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	x, n := binary.Uvarint(r.b)
	if !r.advance(n) {
		return 0
	}
	return x
}

// Varint reads a zig-zag signed varint.
func (r *Reader) Varint() int64 {
	if r.err != nil {
		return 0
	}
	x, n := binary.Varint(r.b)
	if !r.advance(n) {
		return 0
	}
	return x
}

// advance moves past a varint of n bytes as encoding/binary reports it:
// n == 0 is a truncated input, n < 0 a varint that overflows 64 bits.
func (r *Reader) advance(n int) bool {
	switch {
	case n == 0:
		r.fail(ErrTruncated)
		return false
	case n < 0:
		r.fail(ErrInvalid)
		return false
	}
	r.b = r.b[n:]
	return true
}

// Byte reads one byte.
func (r *Reader) Byte() byte {
	if r.err != nil {
		return 0
	}
	if len(r.b) == 0 {
		r.fail(ErrTruncated)
		return 0
	}
	x := r.b[0]
	r.b = r.b[1:]
	return x
}

// Bool reads a byte that must be 0 or 1.
func (r *Reader) Bool() bool {
	switch r.Byte() {
	case 0:
		return false
	case 1:
		return true
	}
	r.fail(ErrInvalid)
	return false
}

// U128 reads two unsigned varints, high then low.
func (r *Reader) U128() u128.U128 {
	hi := r.Uvarint()
	lo := r.Uvarint()
	return u128.U128{Hi: hi, Lo: lo}
}

// Int reads a signed varint that must fit an int.
func (r *Reader) Int() int {
	x := r.Varint()
	if int64(int(x)) != x {
		r.fail(ErrInvalid)
		return 0
	}
	return int(x)
}

// Duration reads a signed varint of nanoseconds.
func (r *Reader) Duration() time.Duration { return time.Duration(r.Varint()) }

// Time reads an instant written by AppendTime, in UTC.
func (r *Reader) Time() time.Time {
	switch r.Byte() {
	case 0:
		return time.Time{}
	case 1:
		return time.Unix(0, r.Varint()).UTC()
	case 2:
		sec := r.Varint()
		ns := r.Uvarint()
		if ns >= 1e9 {
			r.fail(ErrInvalid)
			return time.Time{}
		}
		return time.Unix(sec, int64(ns)).UTC()
	}
	r.fail(ErrInvalid)
	return time.Time{}
}

// Len reads a count of items that each take at least minBytes bytes of
// the input, and fails with ErrTruncated if the input left cannot hold
// them. Decoders call it before allocating for the items.
func (r *Reader) Len(minBytes int) int {
	n := r.Uvarint()
	if r.err != nil {
		return 0
	}
	if minBytes < 1 {
		minBytes = 1
	}
	if n > uint64(len(r.b)/minBytes) {
		r.fail(ErrTruncated)
		return 0
	}
	return int(n)
}

// Bytes reads n bytes (a length read with Len), sharing r's input.
func (r *Reader) Bytes(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || n > len(r.b) {
		r.fail(ErrTruncated)
		return nil
	}
	b := r.b[:n:n]
	r.b = r.b[n:]
	return b
}

// String reads a length and that many bytes.
func (r *Reader) String() string {
	n := r.Len(1)
	if r.err != nil {
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}

// Rejections reads counts written by AppendRejections into out (the
// package's reasons of a kpi.Rejections: r[:kpi.NumReasons]). A count for
// reason 0 (OK, which is never counted) fails with ErrInvalid, and so do
// counts for reasons this release does not know unless they are zero.
func (r *Reader) Rejections(out []uint64) {
	n := r.Len(1)
	for i := 0; i < n; i++ {
		x := r.Uvarint()
		switch {
		case i == 0 && x != 0:
			r.fail(ErrInvalid)
		case i < len(out):
			out[i] = x
		case x != 0:
			r.fail(ErrInvalid)
		}
	}
}

// Remaining is the number of bytes not yet read.
func (r *Reader) Remaining() int { return len(r.b) }
