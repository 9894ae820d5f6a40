package kpitest

import (
	"errors"
	"testing"

	"github.com/openfinance-kpi/kpi/internal/wire"
	"github.com/stretchr/testify/require"
)

// pair is a two-field type encoded with wire; its flags break one law
// each, so that the tests below see CheckCodec catch it.
type pair struct {
	a, b uint64
	bug  string // "", "keep-trailing", "dirty", "append-drops"
}

func (p *pair) MarshalBinary() ([]byte, error) { return p.AppendBinary(nil) }

func (p *pair) AppendBinary(b []byte) ([]byte, error) {
	if p.bug == "append-drops" && len(b) > 0 {
		b = b[:0]
	}
	b = wire.AppendHeader(b, wire.KindErrorCounter, 1)
	return wire.AppendUvarint(wire.AppendUvarint(b, p.a), p.b), nil
}

func (p *pair) UnmarshalBinary(data []byte) error {
	r, _ := wire.NewReader(data, "kpitest.pair", wire.KindErrorCounter, 1)
	a := r.Uvarint()
	if p.bug == "dirty" {
		p.a = a // writes into the receiver before it knows the decode succeeds
	}
	b := r.Uvarint()
	if err := r.Err(); err != nil && (p.bug != "keep-trailing" || !errors.Is(err, wire.ErrTrailing)) {
		return err
	}
	p.a, p.b = a, b
	return nil
}

// recorder is a require.TestingT that records a failure instead of
// ending the test.
type recorder struct{ failed bool }

func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) FailNow()              { r.failed = true; panic(r) }

// fails reports whether check fails on rec.
func fails(check func(t require.TestingT)) (failed bool) {
	rec := &recorder{}
	defer func() {
		if x := recover(); x != nil && x != any(rec) {
			panic(x)
		}
		failed = rec.failed
	}()
	check(rec)
	return
}

func TestCheckCodec(t *testing.T) {
	same := func(t require.TestingT) func(x, y *pair) {
		return func(x, y *pair) { require.Equal(t, x.a, y.a); require.Equal(t, x.b, y.b) }
	}
	good := pair{a: 300, b: 7}
	require.False(t, fails(func(t require.TestingT) { CheckCodec(t, &good, same(t)) }), "a sound encoding passes")
	got := CheckCodec(t, &good, same(t))
	require.Equal(t, good, *got)

	for _, bug := range []string{"keep-trailing", "dirty", "append-drops"} {
		bad := pair{a: 300, b: 7, bug: bug}
		fresh := func() *pair { return &pair{bug: bug} }
		require.True(t, fails(func(t require.TestingT) { CheckCodecInto(t, &bad, fresh, same(t)) }), bug)
	}
	unlike := func(t require.TestingT) func(x, y *pair) {
		return func(x, y *pair) { require.Equal(t, x.a+1, y.a, "readings differ") }
	}
	require.True(t, fails(func(t require.TestingT) { CheckCodec(t, &good, unlike(t)) }), "same is called")
}
