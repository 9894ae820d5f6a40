package kpitest

import (
	"errors"
	"testing"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
)

// Contract describes one accumulator type T for CheckContract: how to
// build values and call its methods. Every func field but the ones marked
// optional is required.
type Contract[T any] struct {
	// New returns an empty value with the default options (the zero value,
	// or NewX of the zero options).
	New func() *T
	// Fill adds the same few good inputs to x each time it is called.
	Fill func(x *T)
	// AddGood adds one good input to x; CheckContract calls it again and
	// again on a filled value to measure what Add allocates.
	AddGood func(x *T)
	// AddNil calls each Add method of x with a nil argument (one func per
	// method and nil argument) and returns what it returned (nil for a
	// method that returns nothing). Each must not panic, must return an
	// error (unless it returns nothing) and must count a rejection when
	// Rejections is set.
	AddNil []func(x *T) error
	// Rejections returns the bad input x counted (optional: nil for a type
	// that counts no bad input, or does not count a nil argument).
	Rejections func(x *T) uint64
	// Merge is x.Merge(o) (nil for a Merge that returns nothing).
	Merge func(x, o *T) error
	// Reset is x.Reset() (optional).
	Reset func(x *T)
	// Differ returns two filled values built with different options or
	// calendars (optional: nil for a type without options). Each call
	// returns fresh values with the same content.
	Differ func() (a, b *T)
	// MergeAllocates, when not empty, says why Merge allocates by design
	// (a copy of o's records, not only a new key): its allocations are
	// then not measured.
	MergeAllocates string
	// ResetAllocates, likewise, says why Reset allocates by design.
	ResetAllocates string
	// Same reports whether two values hold the same state (optional: by
	// default require.Equal, where unexported fields count; a type whose
	// equal states can differ in layout, such as a per-second table with a
	// pending second, passes its Equal).
	Same func(a, b *T) bool
}

// CheckContract checks the accumulator contract of package kpi (section
// Accumulators of its documentation) on c:
//
//   - each Add with a nil argument returns an error (or, for an Add
//     returning nothing, at least does not panic) and, where c.Rejections
//     is set, counts one rejection;
//   - Merge(nil) returns nil and leaves the receiver equal to a value
//     built the same way;
//   - Merge of two values built with different options (c.Differ) returns
//     an error wrapping kpi.ErrOptionsDiffer and leaves both unchanged;
//   - the empty value is Merge's identity on both sides;
//   - Add, Merge and Reset allocate nothing, measured in a steady state:
//     Add of an input like one already added, Merge of a value whose keys
//     the receiver already holds (a map or table may grow for a new key).
//
// Values are compared with require.Equal, so unexported fields count.
func CheckContract[T any](t *testing.T, c Contract[T]) {
	t.Helper()
	same := func(t *testing.T, want, got *T, msg string) {
		if c.Same == nil {
			require.Equal(t, want, got, msg)
			return
		}
		require.True(t, c.Same(want, got), "%s: got %+v, want %+v", msg, got, want)
	}
	t.Run("AddNil", func(t *testing.T) {
		for i, add := range c.AddNil {
			x := c.New()
			c.Fill(x)
			var before uint64
			if c.Rejections != nil {
				before = c.Rejections(x)
			}
			var err error
			require.NotPanics(t, func() { err = add(x) }, "nil Add %d", i)
			require.Error(t, err, "nil Add %d must return an error", i)
			if c.Rejections != nil {
				require.Equal(t, before+1, c.Rejections(x), "nil Add %d must count one rejection", i)
			}
		}
	})
	if c.Merge == nil {
		return
	}
	t.Run("MergeNil", func(t *testing.T) {
		x, want := c.New(), c.New()
		c.Fill(x)
		c.Fill(want)
		require.NotPanics(t, func() { require.NoError(t, c.Merge(x, nil)) })
		same(t, want, x, "Merge(nil) is a no-op")
		e := c.New()
		require.NotPanics(t, func() { require.NoError(t, c.Merge(e, nil)) })
		same(t, c.New(), e, "Merge(nil) on the empty value is a no-op")
	})
	t.Run("Identity", func(t *testing.T) {
		x, want := c.New(), c.New()
		c.Fill(x)
		c.Fill(want)
		require.NoError(t, c.Merge(x, c.New()), "x + 0")
		same(t, want, x, "x + 0")
		z, src := c.New(), c.New()
		c.Fill(src)
		require.NoError(t, c.Merge(z, src), "0 + x")
		same(t, want, z, "0 + x")
	})
	if c.Differ != nil {
		t.Run("OptionsDiffer", func(t *testing.T) {
			a, b := c.Differ()
			a0, b0 := c.Differ()
			require.NotEqual(t, a0, b0, "Differ must build values that differ")
			err := c.Merge(a, b)
			require.True(t, errors.Is(err, kpi.ErrOptionsDiffer), "Merge of different options: got %v, want kpi.ErrOptionsDiffer", err)
			same(t, a0, a, "receiver unchanged")
			same(t, b0, b, "argument unchanged")
			err = c.Merge(b, a)
			require.True(t, errors.Is(err, kpi.ErrOptionsDiffer), "Merge of different options (other way): got %v", err)
			same(t, b0, b, "receiver unchanged")
		})
	}
	t.Run("Allocs", func(t *testing.T) {
		x, o := c.New(), c.New()
		c.Fill(x)
		c.Fill(o)
		c.AddGood(x)
		require.Zero(t, testing.AllocsPerRun(50, func() { c.AddGood(x) }), "Add allocates")
		if c.MergeAllocates == "" {
			_ = c.Merge(x, o) // grows x for o's keys (an error such as a day held twice is fine here)
			require.Zero(t, testing.AllocsPerRun(50, func() { _ = c.Merge(x, o) }), "Merge allocates")
		}
		if c.Reset != nil && c.ResetAllocates == "" {
			require.Zero(t, testing.AllocsPerRun(50, func() { c.Reset(x) }), "Reset allocates")
		}
	})
}
