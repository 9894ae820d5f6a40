package daily

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/openfinance-kpi/kpi"
)

// readEvents reads input as ReadCallsWith does, or in pieces cut at cuts
// as the report command reads them: ReadHeader, then ReadCallsAt for each
// piece, the first with the header (h nil), each numbering its lines from
// 1 as if read in parallel; then, in order, each piece's line numbers are
// shifted by the last line ReadCallsAt returned for the pieces before. It
// returns every call and bad row in order as text.
func readEvents(t require.TestingT, input []byte, cuts []int) []string {
	var out []string
	shift := 0
	onCall := func(c *kpi.Call, line int) {
		out = append(out, fmt.Sprintf("%d call %s %s %d %d", line+shift, c.ReceivedAt.UTC().Format(time3339), c.Endpoint, c.Status, c.TTLB))
	}
	onBad := func(b BadRow) {
		b.Line += shift
		out = append(out, b.String())
	}
	opts := ReadOptions{MaxLineBytes: 60}
	if len(cuts) == 0 {
		if err := ReadCallsWith("f.csv", bytes.NewReader(input), opts, NewStrings().Intern, onCall, onBad); err != nil {
			out = append(out, "error "+err.Error())
		}
		return out
	}
	h, err := ReadHeader("f.csv", bytes.NewReader(input), opts)
	require.NoError(t, err)
	bounds := append(append([]int{0}, cuts...), len(input))
	for i := range len(bounds) - 1 {
		piece := bytes.NewReader(input[bounds[i]:bounds[i+1]])
		hh := &h
		if i == 0 {
			hh = nil // the piece with the header reads it
		}
		last, err := ReadCallsAt("f.csv", piece, opts, hh, 1, NewStrings().Intern, onCall, onBad)
		if err != nil {
			out = append(out, "error "+err.Error())
		}
		// The pieces but the last end at line ends: the lines before the
		// next are the line breaks so far.
		if i < len(bounds)-2 {
			require.Equal(t, bytes.Count(input[:bounds[i+1]], []byte("\n")), shift+last, "piece %d", i)
		}
		shift += last
	}
	return out
}

const time3339 = "2006-01-02T15:04:05.999999999Z07:00"

// Property: cut anywhere SafeCut allows (the bytes before the cut given
// whole, or only their last 200), the pieces read in order give exactly
// the calls, bad rows and line numbers of one reader of the whole input.
// The inputs mix good rows, quoted fields over several lines (closed or
// not), stray quotes, blank lines, CRLF, lines over the 60-byte limit and
// a byte-order mark mid-input, with or without a last line break.
func TestPropCutPiecesReadAsWhole(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		lines := []string{
			"2024-10-10T00:00:01Z,GET /a,200,5",
			"2024-10-10T00:00:02Z,\"GET /b\",500,7",
			"2024-10-10T00:00:03Z,\"GET /multi",
			"line\",200,9",
			"2024-10-10T00:00:04Z,GET /c\",200,5",
			"\"",
			"",
			"2024-10-10T00:00:05Z,GET /d,200,5\r",
			strings.Repeat("x", 70),
			"2024-10-10T00:00:06Z,GET /e,299,1",
			"\xEF\xBB\xBF2024-10-10T00:00:07Z,GET /f,200,1", // a byte-order mark only counts at the input's start
		}
		var b strings.Builder
		b.WriteString("received_at,endpoint,status,ttlb_ms\n")
		for range rapid.IntRange(0, 80).Draw(t, "n") {
			b.WriteString(rapid.SampledFrom(lines).Draw(t, "line"))
			b.WriteByte('\n')
		}
		input := []byte(b.String())
		if rapid.Bool().Draw(t, "no final line break") {
			input = bytes.TrimSuffix(input, []byte("\n"))
		}
		whole := readEvents(t, input, nil)
		var cuts []int
		for p := 1; p < len(input); p++ {
			if input[p-1] != '\n' || !rapid.Bool().Draw(t, "try") {
				continue
			}
			window := input[max(0, p-200):p]
			if SafeCut(window, p <= 200) {
				cuts = append(cuts, p)
			}
		}
		require.Equal(t, whole, readEvents(t, input, cuts), "cuts %v in %q", cuts, input)
	})
}

// SafeCut by hand: a quote in one of the 15 lines before the cut forbids
// it; a quote 16 lines back does not; a window without the line break
// before those 15 lines says no unless it is the whole input.
func TestSafeCut(t *testing.T) {
	clean := strings.Repeat("a,b\n", 15)
	require.False(t, SafeCut([]byte(clean), false)) // is the first line whole? not known
	require.True(t, SafeCut([]byte("x\n"+clean), false))
	require.True(t, SafeCut([]byte(clean), true))
	require.True(t, SafeCut([]byte("\"q\"\n"+clean), false)) // 16 lines back
	require.False(t, SafeCut([]byte("\"q\"\n"+clean[4:]), true))
	require.False(t, SafeCut([]byte(clean[4:]), false)) // 14 lines, not whole
	require.True(t, SafeCut([]byte(clean[4:]), true))
	require.False(t, SafeCut([]byte("a,b"), true)) // not at a line start
	require.False(t, SafeCut(nil, true))
}
