package badinput

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSummary(t *testing.T) {
	items := []error{errors.New("a"), errors.New("b"), errors.New("c"), errors.New("d"), errors.New("e")}
	require.Equal(t, "5 bad call(s); a; b; c; and 2 more", Summary("call", items))
	require.Equal(t, "2 bad row(s); a; b", Summary("row", items[:2]))
	require.Equal(t, items[3], Errors(items)[3])
	require.True(t, errors.Is(errors.Join(Errors(items)...), items[4]))
}
