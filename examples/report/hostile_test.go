package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi/internal/kpitest"

	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

// Regression tests for hostile and unlucky input: nothing lost, nothing
// amplified, no state that lies. Each is built from the failing case,
// scaled down (the scaling is said in each test).

// One unterminated quote used to swallow the rest of the file as one
// field: "skipped 1 bad row", and every call after it was gone (eight 500s
// disappeared and a 95.836 % FAIL day became 100.000 % PASS). Scaled
// down: one good call, the bad quote, two 500s and a 200 on GET /a.
//
// Failure clock over the real day (-rules platform, UTC): GET /a fails at
// 06:00 and next succeeds at 18:00, 12 h = 43,200 s down:
// uptime = 100 * (86,400 - 43,200) / 86,400 = 50.000 %. Calls: lines 2,
// 4, 5 and 6 = 4; line 3 is the one bad row.
func TestUnterminatedQuoteCostsOneRow(t *testing.T) {
	in := writeFile(t, "calls.csv", "received_at,endpoint,status,ttlb_ms\n"+
		"2024-10-10T00:00:00Z,GET /a,200,5\n"+
		"2024-10-10T00:00:01Z,\"GET /unclosed,200,5\n"+
		"2024-10-10T06:00:00Z,GET /a,500,5\n"+
		"2024-10-10T12:00:00Z,GET /a,500,5\n"+
		"2024-10-10T18:00:00Z,GET /a,200,5\n")
	res := runCmd(t, "-rules", "platform", "-tz", "UTC", "-format", "csv", "-lenient", in)
	require.Equal(t, 0, res.status, res.stderr)
	require.Contains(t, res.stderr, "calls.csv:3: malformed quoted field")
	require.Contains(t, res.stderr, "skipped 1 bad row")
	rows, _ := parseDaily(t, res.stdout)
	all := rows["2024-10-10 ALL"]
	require.Equal(t, "4", all["calls"])
	require.Equal(t, "2", all["status_5xx"])
	require.Equal(t, "43200.000", all["downtime_s"])
	require.Equal(t, "50.000", all["uptime_pct"])
}

// repeatReader yields n bytes of c, without holding them.
type repeatReader struct {
	c byte
	n int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	k := min(len(p), r.n)
	for i := range p[:k] {
		p[i] = r.c
	}
	r.n -= k
	return k, nil
}

// A line of 1 GB (from a 1 MB .gz) used to be held whole, and copied as it
// grew: 4 GB. Scaled down to a 64 MiB line (the default -max-line-bytes is
// 1 MiB): the line is one bad row, the good rows around it count, and the
// whole run allocates under 8 MiB (the line's bytes are discarded as they
// are read; measured: 3.4 MiB allocated, against 338 MiB before the
// limit, when the reader held the line whole).
func TestLongLineBoundedMemory(t *testing.T) {
	cfg, err := parseFlags([]string{"-rules", "platform", "-tz", "UTC", "-format", "csv", "-lenient"}, io.Discard)
	require.NoError(t, err)
	const lineBytes = 64 << 20
	cfg.files = []string{"long.csv"} // not the embedded sample's planned windows
	cfg.sources = []source{{name: "long.csv", open: func() (io.ReadCloser, error) {
		return io.NopCloser(io.MultiReader(
			strings.NewReader("received_at,endpoint,status,ttlb_ms\n2024-10-10T00:00:00Z,GET /a,200,5\n"),
			&repeatReader{'x', lineBytes},
			strings.NewReader("\n2024-10-10T00:00:01Z,GET /a,200,5\n"))), nil
	}}}
	var rep *report
	alloc := kpitest.AllocatedBy(func() {
		rep, err = build(cfg)
	})
	t.Logf("a %d-byte line: %d bytes allocated", lineBytes, alloc)
	require.NoError(t, err)
	require.Equal(t, uint64(2), rep.res.Calls, "lines 2 and 4")
	require.Equal(t, 1, rep.badRows)
	require.Equal(t, 3, rep.bad[0].Line)
	require.Equal(t, "line too long: over 1048576 bytes", rep.bad[0].Reason)
	require.Less(t, alloc, uint64(8<<20), "allocated %d bytes for a %d-byte line", alloc, lineBytes)
}

// -max-line-bytes on the command line; a line of exactly the limit is read.
// The header and "2024-10-10T00:00:00Z,GET /abc,200,5" are 35 bytes.
func TestMaxLineBytesFlag(t *testing.T) {
	in := writeFile(t, "calls.csv", "received_at,endpoint,status,ttlb_ms\n"+
		"2024-10-10T00:00:00Z,GET /abc,200,5\r\n"+
		"2024-10-10T00:00:00Z,GET /abcd,200,5\n")
	res := runCmd(t, "-rules", "platform", "-tz", "UTC", "-format", "csv", "-lenient", "-max-line-bytes", "35", in)
	require.Equal(t, 0, res.status, res.stderr)
	require.Contains(t, res.stderr, "calls.csv:3: line too long: over 35 bytes")
	rows, _ := parseDaily(t, res.stdout)
	require.Equal(t, "1", rows["2024-10-10 ALL"]["calls"])
	res = runCmd(t, "-max-line-bytes", "0")
	require.Equal(t, 2, res.status)
	require.Contains(t, res.stderr, "-max-line-bytes 0")
}

// Every bad row used to be kept (about 150 bytes each). Scaled down: 10
// bad rows, -max-bad-listed 3: three listed, all ten counted, said so.
func TestBadRowsListedUpToCap(t *testing.T) {
	var b strings.Builder
	b.WriteString("received_at,endpoint,status,ttlb_ms\n2024-10-10T00:00:00Z,GET /a,200,5\n")
	for range 10 {
		b.WriteString("bad\n")
	}
	in := writeFile(t, "calls.csv", b.String())
	res := runCmd(t, "-rules", "platform", "-format", "json", "-lenient", "-max-bad-listed", "3", in)
	require.Equal(t, 0, res.status, res.stderr)
	require.Equal(t, 3, strings.Count(res.stderr, "calls.csv:"), res.stderr)
	require.Contains(t, res.stderr, "calls.csv:5: ")
	require.NotContains(t, res.stderr, "calls.csv:6: ")
	require.Contains(t, res.stderr, "report: 10 bad rows, first 3 listed")
	var rep jsonReport
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &rep))
	require.Equal(t, 10, rep.SkippedRows)
	require.Len(t, rep.BadRows, 3)

	res = runCmd(t, "-rules", "platform", "-format", "csv", "-max-bad-listed", "3", in)
	require.Equal(t, 2, res.status)
	require.Contains(t, res.stderr, "report: 10 bad row(s); no report written")
}

// An empty .gz used to fail with a bare "EOF"; a 19-digit ttlb_ms said
// "not decimal milliseconds" where 18 digits said "out of range"; -tz
// Local was accepted.
func TestSmallRefusals(t *testing.T) {
	gz := writeFile(t, "calls.csv.gz", "")
	res := runCmd(t, "-format", "csv", gz)
	require.Equal(t, 2, res.status)
	require.Contains(t, res.stderr, "calls.csv.gz: empty file, not gzip data")
	res = runCmd(t, "-format", "csv", "-planned", gz)
	require.Equal(t, 2, res.status)
	require.Contains(t, res.stderr, "calls.csv.gz: empty file, not gzip data")

	in := writeFile(t, "calls.csv", "received_at,endpoint,status,ttlb_ms\n"+
		"2024-10-10T00:00:00Z,GET /a,200,999999999999999999\n"+
		"2024-10-10T00:00:00Z,GET /a,200,1000000000000000000\n")
	res = runCmd(t, "-rules", "platform", "-format", "csv", in)
	require.Equal(t, 2, res.status)
	require.Contains(t, res.stderr, "calls.csv:2: ttlb_ms: out of range")
	require.Contains(t, res.stderr, "calls.csv:3: ttlb_ms: out of range")

	res = runCmd(t, "-tz", "Local", "-format", "csv")
	require.Equal(t, 2, res.status)
	require.Contains(t, res.stderr, `-tz "Local": want an IANA zone name`)
}

// Endpoint IDs used to reach the terminal as written (ANSI escapes,
// newlines, tabs, tabwriter's escape byte 0xff), JSON wrote "GET /\xff"
// and "GET /\xfe" as the same string, and a CRLF inside a quoted endpoint
// became LF. Scaled down: three endpoints, one call each, 500 on the
// hostile one so that it also has an outage.
func TestHostileEndpointIDs(t *testing.T) {
	hostile := "GET /esc\x1b[2J\r\nnext\tcol\xff"
	in := writeFile(t, "calls.csv", "received_at,endpoint,status,ttlb_ms\n"+
		"2024-10-10T01:00:00Z,GET /\xff,200,5\n"+
		"2024-10-10T02:00:00Z,GET /\xfe,200,5\n"+
		"2024-10-10T03:00:00Z,\""+hostile+"\",500,5\n")
	ids := map[string]bool{"GET /\xff": true, "GET /\xfe": true, hostile: true, daily.AllEndpoints: true}

	// daily.csv: the IDs byte for byte (read back with the CRLF-keeping reader).
	res := runCmd(t, "-rules", "platform", "-tz", "UTC", "-format", "csv", in)
	require.Equal(t, 0, res.status, res.stderr)
	rr := daily.NewRecordReader(strings.NewReader(res.stdout))
	got := map[string]bool{}
	for {
		f, _, err := rr.Read()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		if string(f[0]) != "date" {
			got[string(f[1])] = true
		}
	}
	require.Equal(t, ids, got)

	// JSON: each ID decodes back to its own bytes, in the days and outages.
	res = runCmd(t, "-rules", "platform", "-tz", "UTC", "-format", "json", in)
	require.Equal(t, 0, res.status, res.stderr)
	var rep jsonReport
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &rep))
	got = map[string]bool{}
	for _, d := range rep.Days {
		id, err := daily.ParseIDJSON(d.Endpoint)
		require.NoError(t, err)
		got[id] = true
	}
	require.Equal(t, ids, got)
	require.Len(t, rep.Outages, 1)
	id, err := daily.ParseIDJSON(rep.Outages[0].Endpoint)
	require.NoError(t, err)
	require.Equal(t, hostile, id)

	// Text: nothing a terminal or tabwriter acts on; the IDs escaped.
	res = runCmd(t, "-rules", "platform", "-tz", "UTC", in)
	require.Equal(t, 0, res.status, res.stderr)
	for _, c := range []string{"\x1b", "\r", "\t", "\xff", "\xfe"} {
		require.NotContains(t, res.stdout, c)
	}
	require.Contains(t, res.stdout, `GET /esc\x1b[2J\x0d\x0anext\x09col\xff`)
	require.Contains(t, res.stdout, `GET /\xfe`)
	require.Contains(t, res.stdout, "  "+`GET /esc\x1b[2J\x0d\x0anext\x09col\xff`+"  2024-10-10T03:00:00.005 -> ", "the outage line (the failure counts from received_at + TTLB)")
}

// An endpoint literally named ALL used to collide with the interface row
// (two "ALL" rows a day in daily.csv, JSON and text). The name is
// reserved: such a row is a bad row, with its reason. Scaled down: one
// call on ALL between two on GET /a; the ALL row counts the 2 others.
func TestEndpointNamedALLRefused(t *testing.T) {
	in := writeFile(t, "calls.csv", "received_at,endpoint,status,ttlb_ms\n"+
		"2024-10-10T00:00:00Z,GET /a,200,5\n"+
		"2024-10-10T00:00:01Z,ALL,500,5\n"+
		"2024-10-10T00:00:02Z,\"GET /a\",200,5\n")
	res := runCmd(t, "-rules", "platform", "-tz", "UTC", "-format", "csv", in)
	require.Equal(t, 2, res.status)
	require.Contains(t, res.stderr, `calls.csv:3: endpoint: "ALL" is reserved for the interface row`)
	res = runCmd(t, "-rules", "platform", "-tz", "UTC", "-format", "csv", "-lenient", in)
	require.Equal(t, 0, res.status, res.stderr)
	rows, order := parseDaily(t, res.stdout)
	require.Equal(t, []string{"2024-10-10 GET /a", "2024-10-10 ALL"}, order)
	require.Equal(t, "2", rows["2024-10-10 ALL"]["calls"])
	require.Equal(t, "0", rows["2024-10-10 ALL"]["status_5xx"])

	planned := writeFile(t, "planned.csv", "start,end,endpoint\n2024-10-10T01:00:00Z,2024-10-10T02:00:00Z,ALL\n")
	res = runCmd(t, "-rules", "platform", "-tz", "UTC", "-format", "csv", "-lenient", "-planned", planned, in)
	require.Equal(t, 2, res.status)
	require.Contains(t, res.stderr, `line 2: endpoint: "ALL" is reserved for the interface row (leave the endpoint empty for every endpoint)`)
}

// sparseSpanInput is n endpoints with one call each on the first and the
// last day of a span of days days (from 2000-01-01, UTC).
func sparseSpanInput(n, days int) string {
	var b strings.Builder
	b.WriteString("received_at,endpoint,status,ttlb_ms\n")
	last := time.Date(2000, 1, 1, 12, 0, 0, 0, time.UTC).AddDate(0, 0, days-1).Format(time.RFC3339)
	for i := range n {
		fmt.Fprintf(&b, "2000-01-01T12:00:00Z,GET /e%d,200,5\n%s,GET /e%d,200,5\n", i, last, i)
	}
	return b.String()
}

// A 75 KB file of 1,000 endpoints with calls in 1678 and 2261 used to
// account every endpoint on every day of the 213,000-day span (days ×
// endpoints: out of memory). Scaled down to 200 endpoints over 10,000
// days (a 16 KB file): the rows are the 10,000 interface rows the contract
// asks for and the 400 endpoint-days with calls, and the run allocates
// under 64 MiB (measured: 19.7 MiB, against 255 MiB when every
// endpoint-day of the span was accounted).
func TestSparseSpanBoundedMemory(t *testing.T) {
	const endpoints, days = 200, 10_000
	data := sparseSpanInput(endpoints, days)
	cfg, err := parseFlags([]string{"-rules", "platform", "-tz", "UTC", "-format", "csv"}, io.Discard)
	require.NoError(t, err)
	cfg.files = []string{"span.csv"} // not the embedded sample's planned windows
	cfg.sources = []source{{name: "span.csv", open: func() (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(data)), nil
	}}}
	var rep *report
	alloc := kpitest.AllocatedBy(func() {
		rep, err = build(cfg)
	})
	t.Logf("%d input bytes: %d bytes allocated", len(data), alloc)
	require.NoError(t, err)
	iface := 0
	for i := range rep.res.Rows {
		if rep.res.Rows[i].Interface {
			iface++
		}
	}
	require.Equal(t, days, iface, "interface rows")
	require.Equal(t, 2*endpoints, len(rep.res.Rows)-iface, "endpoint rows")
	require.Less(t, alloc, uint64(64<<20))
}

// The text tables used to pad every row to the day's longest endpoint ID:
// 10 MB in, 1.03 GB printed. Scaled down: one endpoint with a 100,000-byte
// ID and 100 short ones, one call each on one day (a 104 KB file). Before,
// each of the 102 rows was padded to 100,000 bytes (10 MB printed); now
// the table cell is at most 64 runes and the ID is written whole once:
// the output is under the input's size plus 64 KB.
func TestTextOutputNotPaddedToLongestID(t *testing.T) {
	long := "GET /" + strings.Repeat("a", 100_000)
	var b strings.Builder
	b.WriteString("received_at,endpoint,status,ttlb_ms\n")
	fmt.Fprintf(&b, "2024-10-10T00:00:00Z,%s,500,5\n", long)
	for i := range 100 {
		fmt.Fprintf(&b, "2024-10-10T00:00:01Z,GET /e%d,200,5\n", i)
	}
	in := writeFile(t, "calls.csv", b.String())
	res := runCmd(t, "-rules", "platform", "-tz", "UTC", in)
	require.Equal(t, 0, res.status, res.stderr)
	require.Less(t, len(res.stdout), b.Len()+64<<10, "printed %d bytes from %d", len(res.stdout), b.Len())
	require.Equal(t, 1, strings.Count(res.stdout, long), "the long ID written whole once")
	require.Contains(t, res.stdout, "  [1] "+long+"\n")
	// Its cell: the first 58 runes, then "...[1]" (64 runes in all), in the
	// table and in the outage listing.
	require.Regexp(t, `\n  `+long[:58]+`\.\.\.\[1\] +1 +0 +1 `, res.stdout)
	require.Contains(t, res.stdout, "  "+long[:58]+"...[1]  2024-10-10T00:00:00.005 -> ")
	for _, line := range strings.Split(res.stdout, "\n") {
		if !strings.HasPrefix(line, "  [1] ") {
			require.Less(t, len(line), 400, "no line is padded to the long ID")
		}
	}
}
