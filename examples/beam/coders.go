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
	"github.com/openfinance-kpi/kpi/benchmark/book"
	"github.com/openfinance-kpi/kpi/internal/wire"
)

// Beam moves elements and accumulators between workers as bytes. The
// library's accumulators keep their state unexported and give it out only
// through their binary encoding (MarshalBinary / UnmarshalBinary,
// internal/wire: versioned, portable), so these coders are thin wrappers
// around it: nothing here copies the accumulators' fields. An endpoint-day
// (dayAcc) travels as book.EndpointDay's own encoding.
//
// The pipeline's own types are written in the same format (internal/wire:
// magic, kind, version, fields), under kinds private to this program,
// counted down from 255 within the range internal/wire leaves to
// programs (wire.FirstProgramKind and up), clear of the library's. A
// decoder refuses another type's bytes (wire.ErrForeign), a cut encoding
// (wire.ErrTruncated), a version it does not know (wire.ErrVersion) and
// trailing bytes, with the type's name in the error.
const (
	kindCall   wire.Kind = 255 - iota // kpi.Call
	_                                 // retired: the pipeline's own endpoint-day bundle
	kindSegAcc                        // segAcc: sorted runs of Segments
)

func init() {
	beam.RegisterCoder(reflect.TypeOf(kpi.Call{}), encodeCall, decodeCall)
	beam.RegisterCoder(reflect.TypeOf(dayAcc{}), encodeDay, decodeDay)
	beam.RegisterCoder(reflect.TypeOf(availability.Segment{}), encodeSegment, decodeSegment)
	beam.RegisterCoder(reflect.TypeOf(segAcc{}), encodeSegAcc, decodeSegAcc)
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
	if !c.HasTTFB {
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
	c.HasTTFB, c.NotAttributable, c.Rejected = flags&1 == 0, flags&2 != 0, flags&4 != 0
	return c, nil
}

// availCmp orders an endpoint-segment's calls for availability.Summarize:
// by received_at, then by whatever else availability reads, so that the
// order (and the evidence IDs, indexes in the sorted calls) never depends
// on the order the engine delivered them in.
func availCmp(a, b kpi.Call) int {
	return cmp.Or(a.ReceivedAt.Compare(b.ReceivedAt), cmpBool(a.NotAttributable, b.NotAttributable),
		cmp.Compare(a.Status, b.Status), cmp.Compare(a.TTLB, b.TTLB))
}

func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// An endpoint-day on the wire is book.EndpointDay's encoding.
func encodeDay(a dayAcc) ([]byte, error) {
	if a.D == nil {
		return (&book.EndpointDay{}).MarshalBinary()
	}
	return a.D.MarshalBinary()
}

func decodeDay(b []byte) (dayAcc, error) {
	var d book.EndpointDay
	if err := d.UnmarshalBinary(b); err != nil {
		return dayAcc{}, err
	}
	return dayAcc{D: &d}, nil
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
func appendPart(b []byte, p interface {
	AppendBinary([]byte) ([]byte, error)
}) ([]byte, error) {
	part, err := p.AppendBinary(nil)
	if err != nil {
		return nil, err
	}
	return wire.AppendString(b, string(part)), nil
}

// readPart decodes a part appendPart wrote into p.
func readPart(r *wire.Reader, p interface{ UnmarshalBinary([]byte) error }) {
	part := r.String() // after a failure: "", which UnmarshalBinary refuses; r keeps the first error
	if err := p.UnmarshalBinary([]byte(part)); err != nil {
		r.Fail(err)
	}
}
