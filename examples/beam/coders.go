package main

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
	"github.com/openfinance-kpi/kpi/internal/wire"
)

// Beam moves elements and accumulators between workers as bytes. The
// library's accumulators keep their state unexported and give it out only
// through their binary encoding (MarshalBinary / UnmarshalBinary,
// internal/wire: versioned, portable), so these coders are thin wrappers
// around it: nothing here copies the accumulators' fields.
//
// The pipeline's own types are written in the same format (internal/wire:
// magic, kind, version, fields), under kinds private to this program,
// counted down from 255 within the range internal/wire leaves to
// programs (wire.FirstProgramKind and up), clear of the library's. A
// decoder refuses another type's bytes (wire.ErrForeign), a cut encoding
// (wire.ErrTruncated), a version it does not know (wire.ErrVersion) and
// trailing bytes, with the type's name in the error.
const (
	kindCall     wire.Kind = 255 - iota // kpi.Call
	kindScopeAcc                        // scopeAcc: a daily.Scope
	kindSegAcc                          // segAcc: sorted runs of Segments
	kindAvailRec                        // availRec
)

func init() {
	beam.RegisterCoder(reflect.TypeOf(kpi.Call{}), encodeCall, decodeCall)
	beam.RegisterCoder(reflect.TypeOf(scopeAcc{}), encodeScope, decodeScope)
	beam.RegisterCoder(reflect.TypeOf(availability.Segment{}), encodeSegment, decodeSegment)
	beam.RegisterCoder(reflect.TypeOf(segAcc{}), encodeSegAcc, decodeSegAcc)
	beam.RegisterCoder(reflect.TypeOf(availRec{}), encodeAvailRec, decodeAvailRec)
}

// A call on the wire (version 1): ReceivedAt (daily.ParseRow keeps only
// instants that fit in Unix nanoseconds, years 1678 to 2261), the
// endpoint, the status, the durations and counts, the flags in one byte,
// and the TPP (one byte when empty).
func encodeCall(c kpi.Call) []byte {
	b := make([]byte, 0, 48+len(c.Endpoint)+len(c.TPP))
	b = wire.AppendHeader(b, kindCall, 1)
	b = wire.AppendVarint(b, c.ReceivedAt.UnixNano())
	b = wire.AppendString(b, c.Endpoint)
	b = wire.AppendVarint(b, int64(c.Status))
	b = wire.AppendDuration(b, c.TTFB)
	b = wire.AppendDuration(b, c.TTLB)
	b = wire.AppendVarint(b, c.ResponseBytes)
	b = wire.AppendVarint(b, c.Records)
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
	b = append(b, flags)
	return wire.AppendString(b, c.TPP)
}

func decodeCall(b []byte) (kpi.Call, error) {
	var c kpi.Call
	r, _ := wire.NewReader(b, "beam.call", kindCall, 1)
	c.ReceivedAt = time.Unix(0, r.Varint())
	c.Endpoint = r.String()
	status := r.Varint()
	c.TTFB = r.Duration()
	c.TTLB = r.Duration()
	c.ResponseBytes = r.Varint()
	c.Records = r.Varint()
	flags := r.Byte()
	c.TPP = r.String()
	if int64(int(status)) != status || flags > 7 {
		r.Fail(wire.ErrInvalid)
	}
	if err := r.Err(); err != nil {
		return kpi.Call{}, err
	}
	c.Status = int(status)
	c.TTFBUnknown, c.NotAttributable, c.Rejected = flags&1 != 0, flags&2 != 0, flags&4 != 0
	return c, nil
}

// availRec is what availability needs of a call, 24 bytes (the report
// keeps the same, daily.AvailStatus): the endpoint travels in the key.
type availRec struct {
	At     int64  // ReceivedAt, Unix nanoseconds
	TTLB   int64  // nanoseconds
	Status uint16 // daily.AvailStatus: HTTP status, top bit = not attributable
}

func (a availRec) call(endpoint string) kpi.Call {
	return daily.AvailCall(endpoint, a.At, a.TTLB, a.Status)
}

func availRecCmp(a, b availRec) int {
	return cmp.Or(cmp.Compare(a.At, b.At), cmp.Compare(a.Status, b.Status), cmp.Compare(a.TTLB, b.TTLB))
}

// An availRec on the wire (version 1): the three fields as varints.
func encodeAvailRec(a availRec) []byte {
	b := wire.AppendHeader(make([]byte, 0, 16), kindAvailRec, 1)
	b = wire.AppendVarint(b, a.At)
	b = wire.AppendVarint(b, a.TTLB)
	return wire.AppendUvarint(b, uint64(a.Status))
}

func decodeAvailRec(b []byte) (availRec, error) {
	r, _ := wire.NewReader(b, "beam.availRec", kindAvailRec, 1)
	a := availRec{At: r.Varint(), TTLB: r.Varint()}
	st := r.Uvarint()
	if st > 0xffff {
		r.Fail(wire.ErrInvalid)
	}
	a.Status = uint16(st)
	if err := r.Err(); err != nil {
		return availRec{}, err
	}
	return a, nil
}

// scopeAcc is the accumulator of an endpoint-day (daily.Scope).
type scopeAcc struct{ S *daily.Scope }

// empty reports whether a holds no call.
func (a scopeAcc) empty() bool { return a.S == nil || a.S.Vol.Counts().Total == 0 }

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

// A Scope on the wire (version 1): the payment flag, then each
// accumulator's own encoding with its length before it.
func encodeScope(a scopeAcc) ([]byte, error) {
	s := a.S
	if s == nil {
		s = &daily.Scope{}
	}
	b := wire.AppendHeader(nil, kindScopeAcc, 1)
	b = wire.AppendBool(b, s.Payment)
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
	r, _ := wire.NewReader(b, "beam.scopeAcc", kindScopeAcc, 1)
	s.Payment = r.Bool()
	_, dec := scopeParts(s)
	for _, p := range dec {
		readPart(r, p)
	}
	if err := r.Err(); err != nil {
		return scopeAcc{}, err
	}
	return scopeAcc{S: s}, nil
}

func encodeSegment(s availability.Segment) ([]byte, error) { return s.MarshalBinary() }

func decodeSegment(b []byte) (availability.Segment, error) {
	var s availability.Segment
	err := s.UnmarshalBinary(b)
	return s, err
}

// A segAcc on the wire (version 1): the number of runs, then each run's
// encoding with its length before it.
func encodeSegAcc(a segAcc) ([]byte, error) {
	b := wire.AppendHeader(nil, kindSegAcc, 1)
	b = wire.AppendUvarint(b, uint64(len(a.Runs)))
	for i := range a.Runs {
		var err error
		if b, err = appendPart(b, &a.Runs[i]); err != nil {
			return nil, err
		}
	}
	return b, nil
}

func decodeSegAcc(b []byte) (segAcc, error) {
	r, _ := wire.NewReader(b, "beam.segAcc", kindSegAcc, 1)
	n := r.Len(1)
	a := segAcc{Runs: make([]availability.Segment, n)}
	for i := range a.Runs {
		readPart(r, &a.Runs[i])
	}
	// What later methods rely on: runs sorted by span and disjoint.
	if !slices.IsSortedFunc(a.Runs, runCmp) {
		r.Fail(fmt.Errorf("%w: runs not sorted", wire.ErrInvalid))
	}
	for i := 1; i < len(a.Runs); i++ {
		if a.Runs[i].Span().Start.Before(a.Runs[i-1].Span().End) {
			r.Fail(fmt.Errorf("%w: runs overlap", wire.ErrInvalid))
		}
	}
	if err := r.Err(); err != nil {
		return segAcc{}, err
	}
	return a, nil
}

// appendPart appends p's encoding with its length before it.
func appendPart(b []byte, p binaryAppender) ([]byte, error) {
	part, err := p.AppendBinary(nil)
	if err != nil {
		return nil, err
	}
	return wire.AppendString(b, string(part)), nil
}

// readPart decodes a part appendPart wrote into p.
func readPart(r *wire.Reader, p binaryUnmarshaler) {
	part := r.String() // after a failure: "", which UnmarshalBinary refuses; r keeps the first error
	if err := p.UnmarshalBinary([]byte(part)); err != nil {
		r.Fail(err)
	}
}
