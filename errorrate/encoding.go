package errorrate

import (
	"encoding"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/sum"
	"github.com/openfinance-kpi/kpi/internal/wire"
)

// AppendBinary appends the encoding of c to b (encoding.BinaryAppender):
// the header (wire.KindErrorCounter, version 1), then Calls,
// the attributable 5xx, attributable no-response, non-attributable 5xx and
// non-attributable no-response counts as unsigned varints, then the
// rejections by reason. A Counter has no ingest-time options (Options
// apply when reading), so none are encoded. See the package doc,
// Encoding.
func (c *Counter) AppendBinary(b []byte) ([]byte, error) {
	b = wire.AppendHeader(b, wire.KindErrorCounter, 1)
	b = wire.AppendUvarint(b, c.requests)
	b = wire.AppendUvarint(b, c.attr5xx)
	b = wire.AppendUvarint(b, c.attrNoResp)
	b = wire.AppendUvarint(b, c.excl5xx)
	b = wire.AppendUvarint(b, c.exclNoResp)
	return wire.AppendRejections(b, c.rejected[:], kpi.NumReasons), nil
}

// MarshalBinary returns the encoding of c (AppendBinary(nil)).
func (c *Counter) MarshalBinary() ([]byte, error) { return c.AppendBinary(nil) }

// UnmarshalBinary sets c to the Counter data encodes. On error c is
// unchanged and the error wraps wire.ErrTruncated, ErrForeign (not a
// Counter's encoding), ErrVersion, ErrTrailing, or ErrInvalid when the
// error counts add up to more than Calls (no sequence of Add and Merge
// makes that, and RatePercent would pass 100 %).
func (c *Counter) UnmarshalBinary(data []byte) error {
	r, _ := wire.NewReader(data, "errorrate.Counter", wire.KindErrorCounter, 1)
	var d Counter
	d.requests = r.Uvarint()
	d.attr5xx = r.Uvarint()
	d.attrNoResp = r.Uvarint()
	d.excl5xx = r.Uvarint()
	d.exclNoResp = r.Uvarint()
	r.Rejections(d.rejected[:kpi.NumReasons])
	if r.Err() != nil {
		return r.Err()
	}
	if !d.valid() {
		r.Fail(wire.ErrInvalid)
		return r.Err()
	}
	*c = d
	return nil
}

var (
	_ encoding.BinaryMarshaler   = (*Counter)(nil)
	_ encoding.BinaryAppender    = (*Counter)(nil)
	_ encoding.BinaryUnmarshaler = (*Counter)(nil)
)

// valid reports whether c is a state Add and Merge can make: the error
// counts add up (without wrapping) to at most Calls.
func (c *Counter) valid() bool {
	var a sum.Adder
	n := a.Add(a.Add(c.attr5xx, c.attrNoResp), a.Add(c.excl5xx, c.exclNoResp))
	return !a.Overflow && n <= c.requests
}
