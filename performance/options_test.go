package performance

import (
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/wire"
	"github.com/stretchr/testify/require"
)

// Every options value of the package validates: a zero field is the
// DEFAULT, an out-of-range value is refused by Validate (wrapping
// ErrBadOptions), by every Add of an accumulator made with it (nothing
// counted) and by the reference function; it is never read as the
// default.
func TestOptionsValidate(t *testing.T) {
	good := &kpi.Call{ReceivedAt: t0, Endpoint: "POST /payments", Status: 201, TTLB: time.Millisecond}

	for _, o := range []Options{{}, {PageSize: 1, Threshold: 1}, {PageSize: DefaultPageSize}} {
		require.NoError(t, o.Validate(), "%+v", o)
	}
	for _, o := range []Options{{PageSize: -1}, {Threshold: -1}} {
		require.ErrorIs(t, o.Validate(), ErrBadOptions, "%+v", o)
		s := NewStats(o)
		require.ErrorIs(t, s.Add(good), ErrBadOptions)
		require.Zero(t, s.Calls())
		require.Equal(t, o, NewStats(o).opts, "kept as given, not clamped")
		_, err := Reference([]kpi.Call{*good}, o, Responded)
		require.ErrorIs(t, err, ErrBadOptions)
	}

	require.NoError(t, PIPSOptions{Success: CBBStrict}.Validate())
	badPIPS := PIPSOptions{Success: CBBStrict + 1}
	require.ErrorIs(t, badPIPS.Validate(), ErrBadOptions)
	p := NewPIPS(badPIPS)
	require.ErrorIs(t, p.Add(good), ErrBadOptions)
	require.Zero(t, p.Payments())
	_, err := ReferencePIPS([]kpi.Call{*good}, badPIPS)
	require.ErrorIs(t, err, ErrBadOptions)

	require.NoError(t, P95Options{Measure: MeasureTTFB}.Validate())
	badP95 := P95Options{Measure: MeasureTTFB + 1}
	require.ErrorIs(t, badP95.Validate(), ErrBadOptions)
	q := NewP95(badP95)
	require.ErrorIs(t, q.Add(good), ErrBadOptions)
	require.Zero(t, q.N())
	_, _, err = ReferenceP95([]kpi.Call{*good}, badP95)
	require.ErrorIs(t, err, ErrBadOptions)

	require.NoError(t, ExecutionOptions{Limit: time.Second}.Validate())
	badExec := ExecutionOptions{Limit: -time.Second}
	require.ErrorIs(t, badExec.Validate(), ErrBadOptions)
	e := NewExecution(badExec)
	require.ErrorIs(t, e.Add(Payment{Accepted: t0, Executed: t0.Add(time.Second)}), ErrBadOptions)
	require.Zero(t, e.n)
	_, err = ReferenceExecution([]Payment{{Accepted: t0, Executed: t0.Add(time.Second)}}, badExec)
	require.ErrorIs(t, err, ErrBadOptions)
}

// The decoders refuse options Validate refuses: an empty Stats whose
// encoded PageSize is -1, an empty Execution whose Limit is -1 ns.
func TestDecodeRefusesInvalidOptions(t *testing.T) {
	s := NewStats(Options{PageSize: -1})
	enc, err := s.MarshalBinary()
	require.NoError(t, err)
	require.ErrorIs(t, new(Stats).UnmarshalBinary(enc), wire.ErrInvalid)
	s = NewStats(Options{Threshold: -1})
	enc, err = s.MarshalBinary()
	require.NoError(t, err)
	require.ErrorIs(t, new(Stats).UnmarshalBinary(enc), wire.ErrInvalid)

	e := NewExecution(ExecutionOptions{Limit: -1})
	enc, err = e.MarshalBinary()
	require.NoError(t, err)
	require.ErrorIs(t, new(Execution).UnmarshalBinary(enc), wire.ErrInvalid)
}
