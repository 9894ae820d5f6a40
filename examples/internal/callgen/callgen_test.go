package callgen

import (
	"bytes"
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

// The checked-in sample is exactly what the generator writes: regenerate
// it with `go run ./examples/gensample` after changing either.
func TestSampleIsGenerated(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, Sample()))
	want, err := os.ReadFile("../../report/sample/calls.csv")
	require.NoError(t, err)
	require.True(t, bytes.Equal(want, buf.Bytes()), "examples/report/sample/calls.csv is stale: run go run ./examples/gensample")
	planned, err := os.ReadFile("../../report/sample/planned.csv")
	require.NoError(t, err)
	require.Equal(t, PlannedCSV, string(planned))
	require.Less(t, buf.Len(), 2<<20, "the sample stays under 2 MB")
}
