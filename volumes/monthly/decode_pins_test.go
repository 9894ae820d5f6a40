package monthly

import (
	"testing"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/u128"
	"github.com/openfinance-kpi/kpi/internal/wire"
	"github.com/stretchr/testify/require"
)

// Pins of the monthly decoders' validity rules not pinned by
// TestMonthlyEncodingInvalid: each input breaks exactly one rule (the
// rest of it is what the encoder writes for a good state) and must fail
// with wire.ErrInvalid; its good twin, one step inside the rule, decodes.
func TestMonthlyDecoderValidityPins(t *testing.T) {
	noRej := func(b []byte) []byte { return appendRejections(b, &kpi.Rejections[Reason]{}) }
	// users encodes the 16 sets of a Users (2 segments x 4 services x
	// {authorised, active}) with retail AIS active = ids, raw.
	users := func(ids ...string) []byte {
		b := wire.AppendHeader(nil, wire.KindUsers, 1)
		b = wire.AppendUvarint(b, 0) // retail AIS authorised: empty
		b = wire.AppendUvarint(b, uint64(len(ids)))
		for _, id := range ids {
			b = wire.AppendString(b, id)
		}
		for i := 2; i < 16; i++ {
			b = wire.AppendUvarint(b, 0)
		}
		return noRej(b)
	}
	// tpp encodes a TPPs log of one event, raw.
	tpp := func(id string, role Role, kind TPPEventKind) []byte {
		b := wire.AppendHeader(nil, wire.KindTPPs, 1)
		b = wire.AppendUvarint(b, 1)
		b = wire.AppendString(b, id)
		b = append(b, byte(role), byte(kind))
		b = wire.AppendTime(b, mar(5, 0, 0))
		return noRej(b)
	}
	// rejections replaces the monthly rejection counts at the end of a
	// good TPPs encoding (an empty log) with counts.
	rejections := func(counts ...uint64) []byte {
		b := wire.AppendHeader(nil, wire.KindTPPs, 1)
		b = wire.AppendUvarint(b, 0)
		b = wire.AppendUvarint(b, uint64(len(counts)))
		for _, n := range counts {
			b = wire.AppendUvarint(b, n)
		}
		return b
	}
	at := func(reason Reason) []uint64 {
		c := make([]uint64, numReasons)
		c[reason] = 1
		return c
	}
	beyond := make([]uint64, numReasons+1)
	beyond[numReasons] = 1 // a reason this release does not know

	type dec interface{ UnmarshalBinary([]byte) error }
	for name, tc := range map[string]struct {
		bad, good []byte
		v         func() dec
	}{
		// readSet: IDs non-empty and strictly increasing.
		"set: empty id":        {users(""), users("a"), func() dec { return new(Users) }},
		"set: ids not sorted":  {users("b", "a"), users("a", "b"), func() dec { return new(Users) }},
		"set: id repeated":     {users("a", "a"), users("a"), func() dec { return new(Users) }},
		"tpps: empty id":       {tpp("", AISP, Onboarded), tpp("t", AISP, Onboarded), func() dec { return new(TPPs) }},
		"tpps: unknown role":   {tpp("t", PISP+1, Onboarded), tpp("t", PISP, Onboarded), func() dec { return new(TPPs) }},
		"tpps: unknown kind":   {tpp("t", AISP, Deregistered+1), tpp("t", AISP, Deregistered), func() dec { return new(TPPs) }},
		"rejections: OK count": {rejections(at(OK)...), rejections(at(EmptyID)...), func() dec { return new(TPPs) }},
		// AlreadyRegistered and NotRegistered are derived when a month is
		// read, never stored.
		"rejections: AlreadyRegistered": {rejections(at(AlreadyRegistered)...), rejections(at(UnknownRole)...), func() dec { return new(TPPs) }},
		"rejections: NotRegistered":     {rejections(at(NotRegistered)...), rejections(at(NegativeAmount)...), func() dec { return new(TPPs) }},
		"rejections: unknown reason":    {rejections(beyond...), rejections(make([]uint64, numReasons+1)...), func() dec { return new(TPPs) }},
	} {
		require.ErrorIs(t, tc.v().UnmarshalBinary(tc.bad), wire.ErrInvalid, name)
		require.NoError(t, tc.v().UnmarshalBinary(tc.good), name+" (good twin)")
	}

	// Governance: own <= market, met <= applicable (passed <= audits is
	// pinned above), and a data store's facts byte at most 3.
	for name, tc := range map[string]struct{ bad, good Governance }{
		"governance: own above market":   {Governance{own: u128.From(2), market: u128.From(1)}, Governance{own: u128.From(1), market: u128.From(1)}},
		"governance: met above required": {Governance{applicable: 1, met: 2}, Governance{applicable: 2, met: 2}},
	} {
		require.ErrorIs(t, new(Governance).UnmarshalBinary(must(tc.bad.MarshalBinary())), wire.ErrInvalid, name)
		require.NoError(t, new(Governance).UnmarshalBinary(must(tc.good.MarshalBinary())), name+" (good twin)")
	}
	store := func(facts byte) []byte {
		g := Governance{stores: keyed[storeFacts]{"s": {first: storeFacts{true, true}}}}
		b := must(g.MarshalBinary())
		// The facts byte of the one store: after its ID "s" and count 1.
		i := indexAfter(t, b, []byte{1, 's', 1})
		require.Equal(t, byte(3), b[i], "compliant | encrypted<<1")
		b[i] = facts
		return b
	}
	require.ErrorIs(t, new(Governance).UnmarshalBinary(store(4)), wire.ErrInvalid, "governance: store facts 4")
	require.NoError(t, new(Governance).UnmarshalBinary(store(3)), "governance: store facts 3")

	// Adoption: no calls and no endpoints, or calls with at least one
	// endpoint (more endpoints than calls is pinned above); the NPS
	// answers are 11 counts (0 to 10).
	require.ErrorIs(t, new(Adoption).UnmarshalBinary(must((&Adoption{calls: 1}).MarshalBinary())), wire.ErrInvalid, "adoption: calls without endpoints")
	require.NoError(t, new(Adoption).UnmarshalBinary(must((&Adoption{calls: 1, endpoints: idSet{"e": {}}}).MarshalBinary())))
	answers := func(n uint64) []byte {
		b := must((&Adoption{}).MarshalBinary())
		// The empty Adoption: the header (3 bytes), calls 0 (1), five
		// empty sets (5), two empty keyed lists (2), revenue and cost (two
		// uvarints each: 4), so the answers' count 11 is at 3+1+5+2+4 = 15.
		i := 15
		require.Equal(t, byte(11), b[i], "the count of answers")
		out := append(append([]byte{}, b[:i]...), byte(n))
		out = append(out, make([]byte, n)...) // n zero counts
		return append(out, b[i+12:]...)
	}
	require.ErrorIs(t, new(Adoption).UnmarshalBinary(answers(10)), wire.ErrInvalid, "adoption: 10 answer counts")
	require.ErrorIs(t, new(Adoption).UnmarshalBinary(answers(12)), wire.ErrInvalid, "adoption: 12 answer counts")
	require.NoError(t, new(Adoption).UnmarshalBinary(answers(11)), "adoption: 11 answer counts")
}

// indexAfter returns the index just after the first occurrence of sub in
// b past the header (wire.HeaderLen bytes: the magic, kind and version).
func indexAfter(t *testing.T, b, sub []byte) int {
	for i := 3; i+len(sub) <= len(b); i++ {
		if string(b[i:i+len(sub)]) == string(sub) {
			return i + len(sub)
		}
	}
	t.Fatalf("% x not in % x", sub, b)
	return 0
}
