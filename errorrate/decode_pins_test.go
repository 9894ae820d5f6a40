package errorrate

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/wire"
)

// encodeCounter writes a Counter's encoding field by field, for crafted
// states no Add or Merge makes.
func encodeCounter(requests, attr5xx, attrNoResp, excl5xx, exclNoResp uint64) []byte {
	b := wire.AppendHeader(nil, wire.KindErrorCounter, 1)
	for _, x := range []uint64{requests, attr5xx, attrNoResp, excl5xx, exclNoResp} {
		b = wire.AppendUvarint(b, x)
	}
	var rej kpi.Rejections[kpi.Reason]
	return wire.AppendRejections(b, rej[:], kpi.NumReasons)
}

// The Counter decoder's validity rule: the four error counts add up,
// without wrapping, to at most Requests. At the limit (1+1+1+1 = 4 of 4)
// it decodes; one more error than requests (5 of 4), or counts whose sum
// wraps around 2^64 (2^63 + 2^63 = 0 after wrapping, of 4 requests), fail
// with ErrInvalid and leave the receiver unchanged.
func TestCounterDecoderValidity(t *testing.T) {
	var c Counter
	require.NoError(t, c.UnmarshalBinary(encodeCounter(4, 1, 1, 1, 1)))
	require.Equal(t, uint64(4), c.Calls())
	before := c
	for name, b := range map[string][]byte{
		"more errors than requests": encodeCounter(4, 2, 1, 1, 1),
		"errors that wrap":          encodeCounter(4, 1<<63, 0, 1<<63, 0),
		"errors past 2^64":          encodeCounter(math.MaxUint64, math.MaxUint64, 1, 0, 0),
	} {
		err := c.UnmarshalBinary(b)
		require.ErrorIs(t, err, wire.ErrInvalid, name)
		require.Equal(t, before, c, "%s: the receiver is unchanged", name)
	}
}
