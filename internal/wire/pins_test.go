package wire

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
)

// reader returns a Reader over a KindStats header (version 1) and body.
func reader(body ...byte) *Reader {
	r, _ := NewReader(append(AppendHeader(nil, KindStats, 1), body...), "test", KindStats, 1)
	return r
}

// Each validity rule of the Reader, fed bytes that break exactly that
// rule, and the same bytes at the limit that still pass. After an error
// every read gives its zero value and the first error sticks.
func TestReaderRulesAtTheirLimits(t *testing.T) {
	t.Run("version at the maximum", func(t *testing.T) {
		_, v := NewReader(AppendHeader(nil, KindStats, 3), "test", KindStats, 3)
		require.Equal(t, byte(3), v)
		r, v := NewReader(AppendHeader(nil, KindStats, 4), "test", KindStats, 3)
		require.Zero(t, v)
		require.ErrorIs(t, r.Err(), ErrVersion)
	})
	t.Run("bool is 0 or 1", func(t *testing.T) {
		r := reader(0, 1)
		require.False(t, r.Bool())
		require.True(t, r.Bool())
		require.NoError(t, r.Err())
		r = reader(2)
		require.False(t, r.Bool(), "the documented value after an error")
		require.ErrorIs(t, r.Err(), ErrInvalid)
	})
	t.Run("time tag and nanoseconds", func(t *testing.T) {
		ok := AppendUvarint(AppendVarint([]byte{2}, 5), 999_999_999)
		r := reader(ok...)
		require.Equal(t, time.Unix(5, 999_999_999).UTC(), r.Time())
		require.NoError(t, r.Err())
		r = reader(AppendUvarint(AppendVarint([]byte{2}, 5), 1_000_000_000)...)
		require.True(t, r.Time().IsZero(), "the documented value after an error")
		require.ErrorIs(t, r.Err(), ErrInvalid)
		r = reader(3)
		require.True(t, r.Time().IsZero())
		require.ErrorIs(t, r.Err(), ErrInvalid)
	})
	t.Run("len at the bytes left", func(t *testing.T) {
		// 3 items of at least 2 bytes need 6 bytes: 6 left is enough, 5 is not.
		r := reader(append([]byte{3}, make([]byte, 6)...)...)
		require.Equal(t, 3, r.Len(2))
		require.True(t, r.OK())
		r = reader(append([]byte{3}, make([]byte, 5)...)...)
		require.Zero(t, r.Len(2), "the documented value after an error")
		require.ErrorIs(t, r.Err(), ErrTruncated)
	})
	t.Run("bytes within the input", func(t *testing.T) {
		r := reader(7, 8)
		require.Equal(t, []byte{7, 8}, r.Bytes(2))
		require.NoError(t, r.Err())
		r = reader(7, 8)
		require.Nil(t, r.Bytes(3))
		require.ErrorIs(t, r.Err(), ErrTruncated)
	})
	t.Run("rejections of unknown reasons only when zero", func(t *testing.T) {
		var rej kpi.Rejections[kpi.Reason]
		rej[1] = 4
		zero := AppendUvarint(AppendRejections(nil, rej[:], len(rej))[:0], uint64(len(rej)+1))
		for _, n := range rej {
			zero = AppendUvarint(zero, n)
		}
		r := reader(AppendUvarint(zero, 0)...) // one more reason, count 0
		var got kpi.Rejections[kpi.Reason]
		r.Rejections(got[:kpi.NumReasons])
		require.NoError(t, r.Err())
		require.Equal(t, rej, got)
		r = reader(AppendUvarint(zero, 1)...) // one more reason, count 1
		r.Rejections(got[:kpi.NumReasons])
		require.ErrorIs(t, r.Err(), ErrInvalid)
	})
	t.Run("a count past the package's reasons is written, and refused", func(t *testing.T) {
		// Two reasons asked for, a count of 7 at index 3: the encoder
		// writes 4 counts (0, 0, 0, 7) rather than drop it.
		var rej kpi.Rejections[kpi.Reason]
		rej[3] = 7
		require.Equal(t, []byte{4, 0, 0, 0, 7}, AppendRejections(nil, rej[:], 2))
		require.Equal(t, []byte{2, 0, 0}, AppendRejections(nil, make([]uint64, 16), 2), "zeros past n: n counts")
		var got kpi.Rejections[kpi.Reason]
		r := reader(AppendRejections(nil, rej[:], 2)...)
		r.Rejections(got[:2])
		require.ErrorIs(t, r.Err(), ErrInvalid)
	})
	t.Run("a count for OK is invalid", func(t *testing.T) {
		// Reason 0 is never counted, so a state that counts it was not
		// written by this module: two reasons, OK's count 1.
		var got kpi.Rejections[kpi.Reason]
		r := reader(2, 1, 0)
		r.Rejections(got[:kpi.NumReasons])
		require.ErrorIs(t, r.Err(), ErrInvalid)
		r = reader(2, 0, 3) // OK's count 0, reason 1's count 3
		r.Rejections(got[:kpi.NumReasons])
		require.NoError(t, r.Err())
		require.Equal(t, uint64(3), got[1])
	})
	t.Run("trailing bytes", func(t *testing.T) {
		r := reader(1, 2)
		require.Equal(t, uint64(1), r.Uvarint())
		require.ErrorIs(t, r.Err(), ErrTrailing)
	})
	t.Run("the first error sticks", func(t *testing.T) {
		r := reader(2, 5) // an invalid bool, then a varint 5
		r.Bool()
		r.Fail(ErrTruncated)
		require.Zero(t, r.Uvarint(), "every read after an error gives its zero value")
		require.Zero(t, r.Len(1))
		require.Equal(t, "", r.String())
		require.ErrorIs(t, r.Err(), ErrInvalid)
		require.NotErrorIs(t, r.Err(), ErrTruncated)
	})
}
