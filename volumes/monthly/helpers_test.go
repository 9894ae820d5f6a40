package monthly

import (
	"fmt"
	"math/big"
	"reflect"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// mar is an instant of March 2025 in UTC: day, hour, minute.
func mar(day, hour, minute int) time.Time {
	return time.Date(2025, 3, day, hour, minute, 0, 0, time.UTC)
}

var march = kpi.Month(kpi.DateOf(2025, 3, 1))

// rat is num/den as a Ratio (den != 0).
func rat(num, den int64) kpi.Ratio { return kpi.RatioOfBig(big.NewInt(num), big.NewInt(den)) }

// requireRatio checks got == want exactly (NoData == NoData).
func requireRatio(t require.TestingT, want, got kpi.Ratio, msg string) {
	require.True(t, want.Equal(got), "%s: want %s, got %s", msg, want, got)
}

// requireSameFigures compares two figure structs field by field, Ratios
// with Equal (their big.Rat insides need not be laid out alike).
func requireSameFigures(t require.TestingT, want, got any) {
	w, g := reflect.ValueOf(want), reflect.ValueOf(got)
	require.Equal(t, w.Type(), g.Type())
	for i := 0; i < w.NumField(); i++ {
		name := w.Type().Field(i).Name
		if !w.Type().Field(i).IsExported() { // u128 sums: compare their values
			require.Equal(t, fmt.Sprint(w.Field(i)), fmt.Sprint(g.Field(i)), name)
			continue
		}
		if r, ok := w.Field(i).Interface().(kpi.Ratio); ok {
			requireRatio(t, r, g.Field(i).Interface().(kpi.Ratio), name)
			continue
		}
		require.Equal(t, w.Field(i).Interface(), g.Field(i).Interface(), name)
	}
}

// monthlyState is what every monthly accumulator is: a pointer with
// Merge, Reset and a canonical encoding (equal states, equal bytes).
type monthlyState[T any] interface {
	*T
	Merge(*T) error
	Reset()
	MarshalBinary() ([]byte, error)
}

func enc[T any, P monthlyState[T]](t require.TestingT, x P) []byte {
	b, err := x.MarshalBinary()
	require.NoError(t, err)
	return b
}

// checkLaws checks Merge's laws on fresh states mk(0), mk(1),
// mk(2) (mk must build a new, independent state each call: the states
// hold maps), comparing canonical encodings: commutative, associative,
// zero identity on both sides, argument unchanged, Reset gives the zero
// value's encoding.
func checkLaws[T any, P monthlyState[T]](t require.TestingT, mk func(part int) P) {
	ab, ba := mk(0), mk(1)
	require.NoError(t, ab.Merge(mk(1)))
	require.NoError(t, ba.Merge(mk(0)))
	require.Equal(t, enc(t, ab), enc(t, ba), "commutative")

	left := mk(0)
	require.NoError(t, left.Merge(mk(1)))
	require.NoError(t, left.Merge(mk(2)))
	bc := mk(1)
	require.NoError(t, bc.Merge(mk(2)))
	right := mk(0)
	require.NoError(t, right.Merge(bc))
	require.Equal(t, enc(t, left), enc(t, right), "associative")

	zero := P(new(T))
	az := mk(0)
	require.NoError(t, az.Merge(zero))
	za := P(new(T))
	require.NoError(t, za.Merge(mk(0)))
	require.Equal(t, enc(t, mk(0)), enc(t, az), "a + 0")
	require.Equal(t, enc(t, mk(0)), enc(t, za), "0 + a")

	x, y := mk(0), mk(1)
	before := enc(t, y)
	require.NoError(t, x.Merge(y))
	require.Equal(t, before, enc(t, y), "argument unchanged")

	x.Reset()
	require.Equal(t, enc(t, zero), enc(t, x), "reset gives the zero value")
}

// splitMergeRecords deals items at random into up to six fresh states,
// then merges two random ones until one is left (every split and merge
// tree shape is reachable).
func splitMergeRecords[T any, P monthlyState[T], E any](t *rapid.T, items []E, add func(P, E)) P {
	k := rapid.IntRange(1, 6).Draw(t, "parts")
	parts := make([]P, k)
	for i := range parts {
		parts[i] = new(T)
	}
	for _, it := range items {
		add(parts[rapid.IntRange(0, k-1).Draw(t, "part")], it)
	}
	for len(parts) > 1 {
		i := rapid.IntRange(0, len(parts)-1).Draw(t, "i")
		j := rapid.IntRange(0, len(parts)-2).Draw(t, "j")
		if j >= i {
			j++
		}
		require.NoError(t, parts[i].Merge(parts[j]))
		parts = append(parts[:j], parts[j+1:]...)
	}
	return parts[0]
}

// partOf deals items into n parts by index, deterministically, for
// checkLaws' builders.
func partOf[E any](items []E, n, part int) []E {
	var out []E
	for i, it := range items {
		if i%n == part {
			out = append(out, it)
		}
	}
	return out
}

// genID draws an ID from a small pool so that sets overlap; "" (bad
// input) now and then.
func genID(t *rapid.T, label, prefix string) string {
	i := rapid.IntRange(0, 8).Draw(t, label)
	if i == 0 && rapid.IntRange(0, 5).Draw(t, label+"Empty") == 0 {
		return ""
	}
	return prefix + string(rune('a'+i))
}

// genInstant draws an instant from mid-January to mid-May 2025 (so
// around March, with March's edges likely: in UTC, 00:00Z, and in Bahrain,
// UTC+3, 21:00Z the day before), or the zero time now and then.
func genInstant(t *rapid.T, label string) time.Time {
	if rapid.IntRange(0, 40).Draw(t, label+"Zero") == 0 {
		return time.Time{}
	}
	off := func() time.Duration { return time.Duration(rapid.IntRange(-2, 2).Draw(t, label+"Off")) }
	switch rapid.IntRange(0, 6).Draw(t, label+"Edge") {
	case 0:
		return mar(1, 0, 0).Add(off())
	case 1:
		return mar(31, 0, 0).Add(24*time.Hour + off())
	case 2:
		return mar(1, 0, 0).Add(-3*time.Hour + off()) // March 1 00:00 in Bahrain
	case 3:
		return mar(31, 21, 0).Add(off()) // April 1 00:00 in Bahrain
	}
	return time.Date(2025, 1, 15, 0, 0, 0, 0, time.UTC).Add(time.Duration(rapid.Int64Range(0, 120*24*3600).Draw(t, label)) * time.Second)
}
