package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

// Beam moves elements and accumulators between workers as bytes. The
// library's accumulators keep their state unexported and give it out only
// through their binary encoding (MarshalBinary / UnmarshalBinary,
// internal/wire: versioned, portable), so these coders are thin wrappers
// around it: nothing here copies the accumulators' fields.

func init() {
	beam.RegisterCoder(reflect.TypeOf(kpi.Call{}), encodeCall, decodeCall)
	beam.RegisterCoder(reflect.TypeOf(scopeAcc{}), encodeScope, decodeScope)
	beam.RegisterCoder(reflect.TypeOf(availability.Segment{}), encodeSegment, decodeSegment)
	beam.RegisterCoder(reflect.TypeOf(segAcc{}), encodeSegAcc, decodeSegAcc)
}

var errCoder = errors.New("beam coder: malformed encoding")

// A call on the wire: ReceivedAt as Unix nanoseconds (daily.ParseRow
// keeps only instants that fit, years 1678 to 2261), the durations and
// counts as varints, the flags in one byte. TPP is not kept: no daily
// figure uses it (the report drops it too).
func encodeCall(c kpi.Call) []byte {
	b := make([]byte, 0, 48+len(c.Endpoint))
	b = binary.AppendVarint(b, c.ReceivedAt.UnixNano())
	b = binary.AppendUvarint(b, uint64(len(c.Endpoint)))
	b = append(b, c.Endpoint...)
	b = binary.AppendVarint(b, int64(c.Status))
	b = binary.AppendVarint(b, int64(c.TTFB))
	b = binary.AppendVarint(b, int64(c.TTLB))
	b = binary.AppendVarint(b, c.ResponseBytes)
	b = binary.AppendVarint(b, c.Records)
	var flags byte
	if c.TTFBUnknown {
		flags |= 1
	}
	if c.NotAttributable {
		flags |= 2
	}
	if c.Rejected {
		flags |= 4
	}
	return append(b, flags)
}

func decodeCall(b []byte) (kpi.Call, error) {
	var c kpi.Call
	d := decoder{b: b}
	c.ReceivedAt = time.Unix(0, d.varint())
	c.Endpoint = string(d.bytes())
	status := d.varint()
	c.TTFB = time.Duration(d.varint())
	c.TTLB = time.Duration(d.varint())
	c.ResponseBytes = d.varint()
	c.Records = d.varint()
	flags := d.byte()
	if d.err != nil || len(d.b) != 0 || status < math.MinInt32 || status > math.MaxInt32 || flags > 7 {
		return kpi.Call{}, errCoder
	}
	c.Status = int(status)
	c.TTFBUnknown, c.NotAttributable, c.Rejected = flags&1 != 0, flags&2 != 0, flags&4 != 0
	return c, nil
}

// scopeAcc is the accumulator of an endpoint-day (daily.Scope).
type scopeAcc struct{ S *daily.Scope }

// binaryAppender is what each library accumulator gives (issue 9).
type binaryAppender interface {
	AppendBinary([]byte) ([]byte, error)
}

type binaryUnmarshaler interface {
	UnmarshalBinary([]byte) error
}

// scopeParts lists a Scope's accumulators in their order on the wire.
func scopeParts(s *daily.Scope) ([]binaryAppender, []binaryUnmarshaler) {
	return []binaryAppender{&s.Errs, &s.Vol, &s.Perf, &s.TPS, &s.PIPS},
		[]binaryUnmarshaler{&s.Errs, &s.Vol, &s.Perf, &s.TPS, &s.PIPS}
}

// A Scope on the wire: the payment flag, then each accumulator's own
// encoding with its length before it.
func encodeScope(a scopeAcc) ([]byte, error) {
	s := a.S
	if s == nil {
		s = &daily.Scope{}
	}
	b := []byte{0}
	if s.Payment {
		b[0] = 1
	}
	enc, _ := scopeParts(s)
	for _, p := range enc {
		var err error
		if b, err = appendPart(b, p); err != nil {
			return nil, err
		}
	}
	return b, nil
}

func decodeScope(b []byte) (scopeAcc, error) {
	s := &daily.Scope{}
	d := decoder{b: b}
	switch d.byte() {
	case 0:
	case 1:
		s.Payment = true
	default:
		return scopeAcc{}, errCoder
	}
	_, dec := scopeParts(s)
	for _, p := range dec {
		part := d.bytes()
		if d.err != nil {
			return scopeAcc{}, d.err
		}
		if err := p.UnmarshalBinary(part); err != nil {
			return scopeAcc{}, err
		}
	}
	if d.err != nil || len(d.b) != 0 {
		return scopeAcc{}, errCoder
	}
	return scopeAcc{S: s}, nil
}

func encodeSegment(s availability.Segment) ([]byte, error) { return s.MarshalBinary() }

func decodeSegment(b []byte) (availability.Segment, error) {
	var s availability.Segment
	err := s.UnmarshalBinary(b)
	return s, err
}

// A segAcc on the wire: the number of runs, then each run's encoding with
// its length before it.
func encodeSegAcc(a segAcc) ([]byte, error) {
	b := binary.AppendUvarint(nil, uint64(len(a.Runs)))
	for i := range a.Runs {
		var err error
		if b, err = appendPart(b, &a.Runs[i]); err != nil {
			return nil, err
		}
	}
	return b, nil
}

func decodeSegAcc(b []byte) (segAcc, error) {
	d := decoder{b: b}
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.b)) {
		return segAcc{}, errCoder
	}
	a := segAcc{Runs: make([]availability.Segment, n)}
	for i := range a.Runs {
		part := d.bytes()
		if d.err != nil {
			return segAcc{}, d.err
		}
		if err := a.Runs[i].UnmarshalBinary(part); err != nil {
			return segAcc{}, err
		}
	}
	if len(d.b) != 0 {
		return segAcc{}, errCoder
	}
	// What later methods rely on: runs sorted by span and disjoint.
	if !slices.IsSortedFunc(a.Runs, runCmp) {
		return segAcc{}, fmt.Errorf("%w: runs not sorted", errCoder)
	}
	for i := 1; i < len(a.Runs); i++ {
		if a.Runs[i].Span().Start.Before(a.Runs[i-1].Span().End) {
			return segAcc{}, fmt.Errorf("%w: runs overlap", errCoder)
		}
	}
	return a, nil
}

// appendPart appends p's encoding with its length before it.
func appendPart(b []byte, p binaryAppender) ([]byte, error) {
	part, err := p.AppendBinary(nil)
	if err != nil {
		return nil, err
	}
	b = binary.AppendUvarint(b, uint64(len(part)))
	return append(b, part...), nil
}

// decoder reads varints and length-prefixed byte strings; the first
// failure sticks.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errCoder
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.err = errCoder
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) byte() byte {
	if d.err != nil || len(d.b) == 0 {
		d.err = errCoder
		return 0
	}
	v := d.b[0]
	d.b = d.b[1:]
	return v
}

func (d *decoder) bytes() []byte {
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.b)) {
		d.err = errCoder
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}
