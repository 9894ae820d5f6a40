package volumes

import (
	"encoding"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/sum"
	"github.com/openfinance-kpi/kpi/internal/wire"
)

// The binary encoding of Counter. It is versioned (the header is
// magic, wire.KindVolumesDaily, version 1) and portable (unsigned varints,
// nothing machine-dependent), and keeps the whole state: the count of
// every class (no response, 2xx, 3xx, 4xx, 5xx, in that order, preceded
// by their number), the 2xx other than 200/201/204, the calls flagged as
// business rejections, and the bad-input rejections by reason. A Counter
// has no options.

// AppendBinary appends the encoding of d to b (encoding.BinaryAppender).
func (d *Counter) AppendBinary(b []byte) ([]byte, error) {
	b = wire.AppendHeader(b, wire.KindVolumesDaily, 1)
	b = wire.AppendUvarint(b, uint64(len(d.class)))
	for _, n := range d.class {
		b = wire.AppendUvarint(b, n)
	}
	b = wire.AppendUvarint(b, d.other2xx)
	b = wire.AppendUvarint(b, d.businessRj)
	return wire.AppendRejections(b, d.rejected[:], kpi.NumReasons), nil
}

// MarshalBinary returns the encoding of d (AppendBinary(nil)).
func (d *Counter) MarshalBinary() ([]byte, error) { return d.AppendBinary(nil) }

// UnmarshalBinary sets d to the Counter data encodes. On error d is
// unchanged and the error wraps wire.ErrTruncated, ErrForeign (not a
// Counter's encoding), ErrVersion, ErrTrailing, or ErrInvalid for a state
// no sequence of Add and Merge makes: a number of classes other than five,
// more "other 2xx" than 2xx, more business rejections than calls, or a
// Calls past 2^64 (Figures would wrap).
func (d *Counter) UnmarshalBinary(data []byte) error {
	r, _ := wire.NewReader(data, "volumes.Counter", wire.KindVolumesDaily, 1)
	var n Counter
	k := r.Uvarint()
	for i := range n.class {
		n.class[i] = r.Uvarint()
	}
	n.other2xx = r.Uvarint()
	n.businessRj = r.Uvarint()
	r.Rejections(n.rejected[:kpi.NumReasons])
	if r.Err() != nil {
		return r.Err()
	}
	if k != uint64(len(n.class)) || !n.valid() {
		r.Fail(wire.ErrInvalid)
		return r.Err()
	}
	*d = n
	return nil
}

var (
	_ encoding.BinaryMarshaler   = (*Counter)(nil)
	_ encoding.BinaryAppender    = (*Counter)(nil)
	_ encoding.BinaryUnmarshaler = (*Counter)(nil)
)

// valid reports whether d is a state Add and Merge can make: the classes
// sum to a number of calls that fits in a uint64, at most as many "other 2xx" as
// 2xx, at most as many business rejections as calls.
func (d *Counter) valid() bool {
	var a sum.Adder
	var total uint64
	for _, x := range d.class {
		total = a.Add(total, x)
	}
	return !a.Overflow && d.other2xx <= d.class[kpi.Class2xx] && d.businessRj <= total
}
