package monthly

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
)

// The monthly accumulators refuse a merge whose counts would pass
// 2^64 − 1, and change nothing (compared by their canonical encodings).
func TestMergeRefusesWrap(t *testing.T) {
	var a1, a2 Adoption
	a1.calls, a2.calls = math.MaxUint64, 1
	var g1, g2 Governance
	g1.applicable, g2.applicable = math.MaxUint64, 1
	var u1, u2 Users
	u1.rejected[EmptyID], u2.rejected[EmptyID] = math.MaxUint64, 1
	var t1, t2 TPPs
	t1.rejected[EmptyID], t2.rejected[EmptyID] = math.MaxUint64, 1
	for _, c := range []struct {
		name  string
		enc   func() ([]byte, error)
		merge func() error
	}{
		{"Adoption", a1.MarshalBinary, func() error { return a1.Merge(&a2) }},
		{"Governance", g1.MarshalBinary, func() error { return g1.Merge(&g2) }},
		{"Users", u1.MarshalBinary, func() error { return u1.Merge(&u2) }},
		{"TPPs", t1.MarshalBinary, func() error { return t1.Merge(&t2) }},
	} {
		before, err := c.enc()
		require.NoError(t, err, c.name)
		require.ErrorIs(t, c.merge(), kpi.ErrMergeOverflow, c.name)
		after, err := c.enc()
		require.NoError(t, err, c.name)
		require.Equal(t, before, after, c.name)
	}
}
