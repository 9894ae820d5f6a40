package monthly

import (
	"testing"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
	"github.com/openfinance-kpi/kpi/internal/wire"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// Encoding round trips, built from random records with random splits:
// kpitest.CheckCodec (the encoding laws), with the decoded value equal in
// value and in every reading.
func TestPropUsersEncoding(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		events := rapid.SliceOfN(genUserEvent, 0, 40).Draw(t, "events")
		u := splitMergeRecords(t, events, func(u *Users, e UserEvent) { _ = u.Add(&e) })
		h := genHistory.Draw(t, "history")
		kpitest.CheckCodec(t, u, func(a, b *Users) {
			require.Equal(t, a, b)
			require.Equal(t, a.Volumes(h, UserOptions{}), b.Volumes(h, UserOptions{}))
			require.Equal(t, a.Rejections(), b.Rejections())
		})
	})
}

func TestPropTPPsEncoding(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		events := rapid.SliceOfN(genTPPEvent, 0, 40).Draw(t, "events")
		s := splitMergeRecords(t, events, func(s *TPPs, e TPPEvent) { _ = s.Add(&e) })
		if s.events != nil && len(s.events) == 0 {
			s.events = nil // a decoded empty log is nil
		}
		kpitest.CheckCodec(t, s, func(a, b *TPPs) {
			require.Equal(t, a, b)
			require.Equal(t, a.Month(kpi.Calendar{}, march), b.Month(kpi.Calendar{}, march))
			require.Equal(t, a.Conflicts(), b.Conflicts())
		})
	})
}

func TestPropAdoptionEncoding(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ops := adoptionOps(genAdoptionRecords.Draw(t, "records"))
		a := splitMergeRecords(t, ops, func(a *Adoption, op func(*Adoption)) { op(a) })
		kpitest.CheckCodec(t, a, func(x, y *Adoption) {
			require.Equal(t, x, y)
			requireSameFigures(t, x.Figures(), y.Figures())
		})
	})
}

func TestPropGovernanceEncoding(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ops := governanceOps(genGovernanceRecords.Draw(t, "records"))
		g := splitMergeRecords(t, ops, func(g *Governance, op func(*Governance)) { op(g) })
		kpitest.CheckCodec(t, g, func(a, b *Governance) {
			require.Equal(t, a, b)
			requireSameFigures(t, a.Figures(), b.Figures())
		})
	})
}

// Impossible values fail with ErrInvalid: an authorised user missing from
// the active set, a TPP log out of order, more active APIs than calls,
// more audits passed than held.
func TestEncodingInvalid(t *testing.T) {
	var u Users
	b := wire.AppendHeader(nil, wire.KindUsers, 1)
	b = appendSet(b, idSet{"x": {}}) // retail AIS authorised
	for i := 1; i < 16; i++ {
		b = appendSet(b, nil) // retail AIS active empty, and the rest
	}
	b = appendRejections(b, &kpi.Rejections[Reason]{})
	require.ErrorIs(t, u.UnmarshalBinary(b), wire.ErrInvalid)

	var s TPPs
	b = wire.AppendHeader(nil, wire.KindTPPs, 1)
	b = wire.AppendUvarint(b, 2)
	for _, day := range []int{5, 4} {
		b = wire.AppendString(b, "t")
		b = append(b, byte(AISP), byte(Onboarded))
		b = wire.AppendTime(b, mar(day, 0, 0))
	}
	b = appendRejections(b, &kpi.Rejections[Reason]{})
	require.ErrorIs(t, s.UnmarshalBinary(b), wire.ErrInvalid)

	a := Adoption{calls: 1, endpoints: idSet{"a": {}, "b": {}}}
	require.ErrorIs(t, new(Adoption).UnmarshalBinary(must(a.MarshalBinary())), wire.ErrInvalid)

	g := Governance{audits: 1, passed: 2}
	require.ErrorIs(t, new(Governance).UnmarshalBinary(must(g.MarshalBinary())), wire.ErrInvalid)

	// Keyed records: out of order (the kept one must be first), a bad
	// record, a ConflictingRecord count (derived, never stored).
	x, y := spanOf(mar(1, 0, 0), mar(1, 1, 0)), spanOf(mar(1, 0, 0), mar(1, 5, 0)) // y is longer: first
	g = Governance{vulns: keyed[span]{"v": {first: x, more: []span{y}}}}
	require.ErrorIs(t, new(Governance).UnmarshalBinary(must(g.MarshalBinary())), wire.ErrInvalid)
	g = Governance{vulns: keyed[span]{"v": {first: y, more: []span{x}}}}
	require.NoError(t, new(Governance).UnmarshalBinary(must(g.MarshalBinary())))
	g = Governance{vulns: keyed[span]{"v": {first: span{end: mar(1, 0, 0)}}}}
	require.ErrorIs(t, new(Governance).UnmarshalBinary(must(g.MarshalBinary())), wire.ErrInvalid)
	a = Adoption{}
	a.rejected[ConflictingRecord] = 1
	require.ErrorIs(t, new(Adoption).UnmarshalBinary(must(a.MarshalBinary())), wire.ErrInvalid)
}

// Decoders never panic; what they accept re-encodes and decodes to an
// equal value.
func fuzzDecoder[T any, P kpitest.Codec[T]](f *testing.F, seeds ...P) {
	for _, s := range seeds {
		f.Add(must(s.MarshalBinary()))
	}
	f.Add([]byte{wire.Magic})
	f.Fuzz(func(t *testing.T, data []byte) {
		x := P(new(T))
		if x.UnmarshalBinary(data) != nil {
			return
		}
		b := must(x.MarshalBinary())
		y := P(new(T))
		require.NoError(t, y.UnmarshalBinary(b))
		require.Equal(t, x, y)
	})
}

func FuzzUnmarshalUsers(f *testing.F) {
	events := userCaseNamed(f, "VO-USER-1/march-2025-bahrain").events
	var u Users
	for i := range events {
		_ = u.Add(&events[i])
	}
	fuzzDecoder(f, &u, &Users{})
}

func FuzzUnmarshalTPPs(f *testing.F) {
	events := tppCaseNamed(f, "VO-TPP-1/march-2025").events
	var s TPPs
	for i := range events {
		_ = s.Add(&events[i])
	}
	fuzzDecoder(f, &s, &TPPs{})
}

func FuzzUnmarshalAdoption(f *testing.F) {
	fuzzDecoder(f, adoptionOf(loadAdoptionCases(f)[0].in), &Adoption{})
}

func FuzzUnmarshalGovernance(f *testing.F) {
	fuzzDecoder(f, governanceOf(loadGovernanceCases(f)[0].in), &Governance{})
}
