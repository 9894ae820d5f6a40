package monthly

import (
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/openfinance-kpi/kpi/internal/kpitest"
)

// keyedDecodeAllocFactor is the bound of the decoders of records by ID
// (Adoption's, Governance's): an ID's entry in its map is about 100 bytes
// (the ID's string header, a record of two instants, the slice of later
// records, at the map's load) from at least 5 bytes (a 1-byte ID, a
// count, a 2-byte record): 20, plus the slack of the map's sizing. Before
// the maps were sized for the IDs the input can hold rather than the count
// it claims, a Users set allocated 26.7 bytes per input byte.
const keyedDecodeAllocFactor = 32

// The monthly decoders (Users, TPPs, Adoption, Governance) allocate at
// most kpitest.DecodeAllocFactor bytes per input byte (the keyed ones
// keyedDecodeAllocFactor) on
// 1 MiB inputs crafted from a valid encoding of a few records (drawn from
// the property tests' generators with fixed seeds): each count of the
// format, wherever it is, claims as many of the smallest items as the
// input holds (IDs, records per ID, events).
func TestDecodeAllocatesBoundedByInput(t *testing.T) {
	check := func(name string, enc []byte, err error, decode func([]byte) error) {
		require.NoError(t, err)
		factor := float64(kpitest.DecodeAllocFactor)
		if name == "Adoption" || name == "Governance" {
			factor = keyedDecodeAllocFactor
		}
		worst := kpitest.CheckDecodeAlloc(t, enc, decode, factor)
		t.Logf("%s (%d bytes): at most %.2f bytes allocated per input byte", name, len(enc), worst)
	}
	var u Users
	for _, e := range rapid.SliceOfN(genUserEvent, 6, 6).Example(1) {
		_ = u.Add(&e)
	}
	enc, err := u.MarshalBinary()
	check("Users", enc, err, func(b []byte) error { var d Users; return d.UnmarshalBinary(b) })

	var s TPPs
	for _, e := range rapid.SliceOfN(genTPPEvent, 6, 6).Example(1) {
		_ = s.Add(&e)
	}
	enc, err = s.MarshalBinary()
	check("TPPs", enc, err, func(b []byte) error { var d TPPs; return d.UnmarshalBinary(b) })

	var a Adoption
	for _, op := range adoptionOps(genAdoptionRecords.Example(1)) {
		op(&a)
	}
	enc, err = a.MarshalBinary()
	check("Adoption", enc, err, func(b []byte) error { var d Adoption; return d.UnmarshalBinary(b) })

	var g Governance
	for _, op := range governanceOps(genGovernanceRecords.Example(1)) {
		op(&g)
	}
	enc, err = g.MarshalBinary()
	check("Governance", enc, err, func(b []byte) error { var d Governance; return d.UnmarshalBinary(b) })
}
