package accesslog

import (
	"strings"
	"testing"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

// Options.MaxLineBytes: a longer line is a bad line, said with the limit,
// and the lines after it are read. The limit is the good line's length,
// 84 bytes: a line of exactly the limit is read, its CRLF not counted.
func TestMaxLineBytes(t *testing.T) {
	good := `192.0.2.1 - - [10/Oct/2024:10:00:01 +0000] "GET /a HTTP/1.1" 200 1 "-" "-" 0.100 - -`
	long := `192.0.2.1 - - [10/Oct/2024:10:00:01 +0000] "GET /` + strings.Repeat("b", 200) + ` HTTP/1.1" 200 1 "-" "-" 0.100 - -`
	rd, err := New(Options{Format: "nginx", LogFormat: "combined $request_time $upstream_response_time $upstream_header_time", MaxLineBytes: len(good)})
	require.NoError(t, err)
	var calls []int
	var bad []daily.BadRow
	err = rd.Read("x.log", strings.NewReader(good+"\r\n"+long+"\n"+good+"\n"), make(daily.Interner).Intern,
		func(c *kpi.Call, line int) { calls = append(calls, line) },
		func(b daily.BadRow) { bad = append(bad, b) })
	require.NoError(t, err)
	require.Equal(t, []int{1, 3}, calls)
	require.Equal(t, []daily.BadRow{{File: "x.log", Line: 2, Reason: "line longer than 84 bytes"}}, bad)
}
