package kpitest

import (
	"encoding"

	"github.com/openfinance-kpi/kpi/internal/wire"
	"github.com/stretchr/testify/require"
)

// Codec is what every accumulator's binary encoding offers: P
// is a pointer to T with MarshalBinary, AppendBinary and UnmarshalBinary.
type Codec[T any] interface {
	*T
	encoding.BinaryMarshaler
	encoding.BinaryAppender
	encoding.BinaryUnmarshaler
}

// CheckCodec checks on v the laws every binary encoding obeys (the format of
// internal/wire) and returns the value decoded from v's encoding:
//
//   - AppendBinary appends to the bytes it is given exactly what
//     MarshalBinary returns;
//   - decoding into a fresh value (new(T)) succeeds and same(v, decoded)
//     holds;
//   - re-encoding the decoded value (MarshalBinary and AppendBinary) gives
//     identical bytes;
//   - every strict prefix fails with wire.ErrTruncated, the header of every
//     other kind (see otherKinds) with wire.ErrForeign, and one trailing
//     byte with wire.ErrTrailing;
//   - each of those failures leaves the receiver unchanged, both a fresh
//     one (still require.Equal to new(T)) and one holding the decoded value
//     (still require.Equal to a copy taken before, and at the end still
//     same as v and encoding to the same bytes).
//
// same is where a package compares the value and every reading it has
// (require.Equal on the value, Equal for a Histogram, its results for
// each option, ...); it fails t itself. Worked byte layouts, invalid
// states and fuzz targets stay in each package.
func CheckCodec[T any, P Codec[T]](t require.TestingT, v P, same func(a, b P)) P {
	return CheckCodecInto(t, v, func() P { return new(T) }, same)
}

// CheckCodecInto is CheckCodec for types that decode only into a receiver
// set up beforehand (a Funnel checks its calendar): every fresh receiver
// comes from fresh, and the untouched ones are compared with another
// fresh().
func CheckCodecInto[T any, P Codec[T]](t require.TestingT, v P, fresh func() P, same func(a, b P)) P {
	b, err := v.MarshalBinary()
	require.NoError(t, err)
	ab, err := v.AppendBinary([]byte("xy"))
	require.NoError(t, err)
	require.Equal(t, append([]byte("xy"), b...), ab, "AppendBinary appends what MarshalBinary returns")

	got := fresh()
	require.NoError(t, got.UnmarshalBinary(b))
	same(v, got)
	again, err := got.MarshalBinary()
	require.NoError(t, err)
	require.Equal(t, b, again, "re-encoding gives identical bytes")
	again, err = got.AppendBinary([]byte("x"))
	require.NoError(t, err)
	require.Equal(t, append([]byte("x"), b...), again, "re-encoding with AppendBinary gives identical bytes")

	keep := *got
	fails := func(data []byte, want error, msg string, args ...any) {
		require.ErrorIs(t, got.UnmarshalBinary(data), want, append([]any{msg}, args...)...)
		require.Equal(t, keep, *got, append([]any{"decoded receiver unchanged on error: " + msg}, args...)...)
		z := fresh()
		require.ErrorIs(t, z.UnmarshalBinary(data), want, append([]any{msg}, args...)...)
		require.Equal(t, fresh(), z, append([]any{"fresh receiver unchanged on error: " + msg}, args...)...)
	}
	for n := range len(b) {
		fails(b[:n], wire.ErrTruncated, "prefix %d of %d", n, len(b))
	}
	foreign := append([]byte(nil), b...)
	for _, k := range otherKinds(wire.Kind(b[1])) {
		foreign[1] = byte(k)
		fails(foreign, wire.ErrForeign, "kind %d instead of %d", k, b[1])
	}
	fails(append(b[:len(b):len(b)], 0), wire.ErrTrailing, "one trailing byte")

	same(v, got)
	again, err = got.MarshalBinary()
	require.NoError(t, err)
	require.Equal(t, b, again, "the failed decodes left the decoded value as it was")
	return got
}

// otherKinds lists the kind bytes other than own that CheckCodec puts in
// the header: 0, every kind internal/wire names (1 to wire.KindDailyRow,
// one past it), the first program kind and 255.
func otherKinds(own wire.Kind) []wire.Kind {
	var ks []wire.Kind
	for k := wire.Kind(0); k <= wire.KindDailyRow+1; k++ {
		ks = append(ks, k)
	}
	ks = append(ks, wire.FirstProgramKind, 255)
	out := ks[:0]
	for _, k := range ks {
		if k != own {
			out = append(out, k)
		}
	}
	return out
}

// CheckMergeSound checks the principle of kpi.ErrMergeOverflow on two
// states a and b that decode (or were built by Add): merging b into a
// copy of a (decoded from a's encoding into fresh()) either fails, and
// then the copy still encodes to a's bytes (unchanged), or succeeds, and
// then the result encodes, decodes back to a value that encodes to the
// same bytes, and sound (the package's readers in range) holds on it. It
// returns whether the merge succeeded. b is left unchanged in both cases.
func CheckMergeSound[T any, P Codec[T]](t require.TestingT, a, b P, fresh func() P, merge func(into, from P) error, sound func(P)) bool {
	ab, err := a.MarshalBinary()
	require.NoError(t, err)
	bb, err := b.MarshalBinary()
	require.NoError(t, err)
	into := fresh()
	require.NoError(t, into.UnmarshalBinary(ab))
	mergeErr := merge(into, b)
	got, err := into.MarshalBinary()
	require.NoError(t, err)
	again, err := b.MarshalBinary()
	require.NoError(t, err)
	require.Equal(t, bb, again, "the argument is unchanged")
	if mergeErr != nil {
		require.Equal(t, ab, got, "a refused merge leaves the receiver unchanged")
		return false
	}
	back := fresh()
	require.NoError(t, back.UnmarshalBinary(got), "the merged state decodes")
	re, err := back.MarshalBinary()
	require.NoError(t, err)
	require.Equal(t, got, re, "the merged state decodes back to itself")
	sound(into)
	return true
}
