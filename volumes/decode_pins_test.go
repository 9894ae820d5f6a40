package volumes

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/wire"
)

// encodeCounter writes a Counter's encoding field by field: the number of
// classes, the counts by class (no response, 2xx, 3xx, 4xx, 5xx), the
// other 2xx, the business rejections and empty rejections, for crafted
// states no Add or Merge makes.
func encodeCounter(classes []uint64, other2xx, businessRj uint64) []byte {
	return encodeCounterK(uint64(len(classes)), classes, other2xx, businessRj)
}

// encodeCounterK is encodeCounter with the number of classes given apart from
// the counts that follow.
func encodeCounterK(k uint64, classes []uint64, other2xx, businessRj uint64) []byte {
	b := wire.AppendHeader(nil, wire.KindVolumesDaily, 1)
	b = wire.AppendUvarint(b, k)
	for _, x := range classes {
		b = wire.AppendUvarint(b, x)
	}
	b = wire.AppendUvarint(b, other2xx)
	b = wire.AppendUvarint(b, businessRj)
	var rej kpi.Rejections[kpi.Reason]
	return wire.AppendRejections(b, rej[:], kpi.NumReasons)
}

// The Counter decoder's validity rules, each broken alone: the number of
// classes is five (a header saying four or six before the five counts
// fails); other 2xx at most the 2xx (2 of 2
// decodes, 3 of 2 fails); business rejections at most Calls (Calls
// 1+2+3+4+5 = 15: 15 decodes, 16 fails); Calls within 2^64 (MaxUint64
// + 1 fails). Every failure is ErrInvalid and leaves the receiver as it
// was.
func TestCounterDecoderValidity(t *testing.T) {
	five := []uint64{1, 2, 3, 4, 5}
	var d Counter
	require.NoError(t, d.UnmarshalBinary(encodeCounter(five, 2, 15)))
	require.Equal(t, uint64(15), d.Figures().Calls)
	require.Equal(t, uint64(15), d.Figures().Rejected)
	before := d
	for name, b := range map[string][]byte{
		"four classes":               encodeCounterK(4, five, 0, 0),
		"six classes":                encodeCounterK(6, five, 0, 0),
		"more other 2xx than 2xx":    encodeCounter(five, 3, 0),
		"more rejections than calls": encodeCounter(five, 0, 16),
		"a total past 2^64":          encodeCounter([]uint64{math.MaxUint64, 0, 0, 0, 1}, 0, 0),
	} {
		err := d.UnmarshalBinary(b)
		require.ErrorIs(t, err, wire.ErrInvalid, name)
		require.Equal(t, before, d, "%s: the receiver is unchanged", name)
	}
}
