package daily

import (
	"fmt"
	"strings"
	"testing"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
)

// FuzzReadCallsNoLoss: whatever bytes stand between a valid file and more
// valid rows, no valid row is lost. The input is a valid calls CSV (a
// header and 3 rows, endpoints P0 to P2), the fuzzed bytes, a line break,
// and 3 more valid, quote-free rows (S0 to S2). Every one of the 6 rows
// must be read as a call at its own line (lenient reading: bad rows are
// reported, not fatal); every bad row lies inside the fuzzed bytes, and
// no line is reported twice. The line limit is 80 bytes, so that long
// fuzzed lines exercise it.
func FuzzReadCallsNoLoss(f *testing.F) {
	for _, s := range []string{
		"", "\"", "2024-10-10T00:00:01Z,\"GET /unclosed,200,5", "\"a\nb\"c", "a,\"\"\"\n\"\n",
		"2024-10-10T00:00:01Z,\"GET /x\r\ny\",200,5", strings.Repeat("x", 200), "\xEF\xBB\xBF\"\r\r\n",
	} {
		f.Add([]byte(s))
	}
	const header = "received_at,endpoint,status,ttlb_ms\n"
	row := func(ep string) string { return "2024-10-10T00:00:00Z," + ep + ",200,5\n" }
	f.Fuzz(func(t *testing.T, garbage []byte) {
		prefix := header + row("P0") + row("P1") + row("P2")
		middle := prefix + string(garbage) + "\n"
		input := middle + row("S0") + row("S1") + row("S2")
		firstGarbage := strings.Count(prefix, "\n") + 1 // the garbage's first line
		firstSuffix := strings.Count(middle, "\n") + 1  // S0's line
		want := map[string]int{"P0": 2, "P1": 3, "P2": 4, "S0": firstSuffix, "S1": firstSuffix + 1, "S2": firstSuffix + 2}
		got := map[string]int{}
		badLines := map[int]bool{}
		err := ReadCallsWith("f.csv", strings.NewReader(input), ReadOptions{MaxLineBytes: 80}, make(Interner).Intern,
			func(c *kpi.Call, line int) {
				if _, ok := want[c.Endpoint]; ok {
					_, dup := got[c.Endpoint]
					require.False(t, dup, "%s read twice", c.Endpoint)
					got[c.Endpoint] = line
				}
			},
			func(b BadRow) {
				require.False(t, badLines[b.Line], "line %d reported twice", b.Line)
				badLines[b.Line] = true
				require.True(t, b.Line >= firstGarbage && b.Line < firstSuffix, fmt.Sprintf("bad row %v outside the fuzzed lines %d to %d", b, firstGarbage, firstSuffix-1))
			})
		require.NoError(t, err)
		require.Equal(t, want, got, "input %q", input)
	})
}
