package wire

import (
	"errors"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/u128"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

type fields struct {
	U   uint64
	I   int64
	B   bool
	W   u128.U128
	T   time.Time
	D   time.Duration
	S   string
	Rej kpi.Rejections[kpi.Reason]
}

func encode(f fields) []byte {
	b := AppendHeader(nil, KindStats, 1)
	b = AppendUvarint(b, f.U)
	b = AppendVarint(b, f.I)
	b = AppendBool(b, f.B)
	b = AppendU128(b, f.W)
	b = AppendTime(b, f.T)
	b = AppendDuration(b, f.D)
	b = AppendString(b, f.S)
	return AppendRejections(b, f.Rej[:], kpi.NumReasons)
}

func decode(b []byte) (fields, error) {
	r, _ := NewReader(b, "test", KindStats, 1)
	var f fields
	f.U = r.Uvarint()
	f.I = r.Varint()
	f.B = r.Bool()
	f.W = r.U128()
	f.T = r.Time()
	f.D = r.Duration()
	f.S = r.String()
	r.Rejections(f.Rej[:kpi.NumReasons])
	return f, r.Err()
}

func TestRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		f := fields{
			U: rapid.Uint64().Draw(t, "u"),
			I: rapid.Int64().Draw(t, "i"),
			B: rapid.Bool().Draw(t, "b"),
			W: u128.U128{Hi: rapid.Uint64().Draw(t, "hi"), Lo: rapid.Uint64().Draw(t, "lo")},
			D: time.Duration(rapid.Int64().Draw(t, "d")),
			S: rapid.String().Draw(t, "s"),
		}
		switch rapid.IntRange(0, 2).Draw(t, "timeKind") {
		case 1:
			f.T = time.Unix(0, rapid.Int64().Draw(t, "ns")).UTC()
		case 2: // outside what UnixNano holds: year 1 to 9999
			f.T = time.Unix(rapid.Int64Range(-62135596800+1, 253402300799).Draw(t, "sec"), rapid.Int64Range(0, 999999999).Draw(t, "nsec")).UTC()
		}
		for i := 1; i < kpi.NumReasons; i++ { // never OK, never past the reasons
			f.Rej[i] = rapid.Uint64().Draw(t, "rej")
		}
		b := encode(f)
		got, err := decode(b)
		require.NoError(t, err)
		require.Equal(t, f, got)
		// Every strict prefix fails with ErrTruncated, never a panic.
		for n := 0; n < len(b); n++ {
			_, err := decode(b[:n])
			require.ErrorIs(t, err, ErrTruncated, "prefix %d of %d", n, len(b))
		}
		_, err = decode(append(b, 0))
		require.ErrorIs(t, err, ErrTrailing)
	})
}

func TestHeaderErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []byte
		want error
	}{
		{"empty", nil, ErrTruncated},
		{"magic only", []byte{Magic}, ErrTruncated},
		{"wrong magic", []byte{'X', byte(KindStats), 1}, ErrForeign},
		{"wrong magic short", []byte{'X'}, ErrForeign},
		{"other kind", []byte{Magic, byte(KindHistogram), 1}, ErrForeign},
		{"other kind short", []byte{Magic, byte(KindHistogram)}, ErrForeign},
		{"version 0", []byte{Magic, byte(KindStats), 0}, ErrVersion},
		{"version from the future", []byte{Magic, byte(KindStats), 2}, ErrVersion},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, _ := NewReader(tc.in, "test", KindStats, 1)
			r.Uvarint()
			err := r.Err()
			require.ErrorIs(t, err, tc.want)
			require.Contains(t, err.Error(), "test: ")
		})
	}
}

func TestLenRefusesImpossibleCounts(t *testing.T) {
	b := AppendUvarint(AppendHeader(nil, KindStats, 1), 1<<40) // claims 2^40 items, has none
	r, _ := NewReader(b, "test", KindStats, 1)
	require.Zero(t, r.Len(8))
	require.True(t, errors.Is(r.Err(), ErrTruncated))
}

func FuzzDecode(f *testing.F) {
	f.Add(encode(fields{U: 7, S: "GET /accounts", T: time.Unix(1700000000, 5)}))
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := decode(b)
		if err != nil {
			return
		}
		again, err := decode(encode(got))
		require.NoError(t, err)
		require.Equal(t, got, again)
	})
}

// A varint longer than 64 bits is not truncated input but an impossible
// value (encoding/binary reports n < 0): ErrInvalid, for both kinds.
func TestVarintOverflow(t *testing.T) {
	over := []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}
	r, _ := NewReader(append(AppendHeader(nil, KindStats, 1), over...), "test", KindStats, 1)
	require.Zero(t, r.Uvarint())
	require.ErrorIs(t, r.Err(), ErrInvalid)
	r, _ = NewReader(append(AppendHeader(nil, KindStats, 1), over...), "test", KindStats, 1)
	require.Zero(t, r.Varint())
	require.ErrorIs(t, r.Err(), ErrInvalid)
}
