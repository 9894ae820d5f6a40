package main

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi/examples/internal/callgen"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

// splitRun builds the report of data cut into up to n pieces (n = 1: one
// reader) and returns its daily.csv and JSON document, and the number of
// jobs the input made.
func splitRun(t *testing.T, rules string, data []byte, n int) (string, string, int) {
	t.Helper()
	cfg, err := parseFlags([]string{"-rules", rules, "-tz", "Asia/Dubai", "-format", "json", "-lenient", "-max-bad-listed", "5"}, io.Discard)
	require.NoError(t, err)
	cfg.sources = []source{bytesSource("a.csv", data), bytesSource("b.csv", data[:len(data)/3])}
	cfg.splitMin, cfg.splitInto = 1, n
	rep, err := build(cfg)
	require.NoError(t, err)
	jobs, _ := rep.jobs(cfg.sources)
	var csv, doc bytes.Buffer
	require.NoError(t, daily.WriteCSV(&csv, rep.rows()))
	require.NoError(t, writeJSON(&doc, rep))
	return csv.String(), doc.String(), len(jobs)
}

// An input read in pieces on several goroutines gives the report of one
// reader byte for byte: daily.csv and the JSON document (bad rows listed
// with their lines, their count, duplicate rows, outages with the lines
// that opened them). The inputs: the embedded sample, and a generated
// week with a quoted field over three lines, bad rows (a stray quote, a
// bad status, a field too many), blank lines, CRLF and a duplicated row
// spread through it. The second input is a prefix of the first cut
// mid-line (its last row bad), so both files' rows are in the duplicates.
func TestSplitGivesOneReadersReport(t *testing.T) {
	var gen bytes.Buffer
	require.NoError(t, callgen.Write(&gen, callgen.Bench(20_000)))
	lines := strings.SplitAfter(gen.String(), "\n")
	var b strings.Builder
	for i, l := range lines {
		b.WriteString(l)
		switch {
		case i == 0:
		case i%997 == 0:
			b.WriteString("2026-11-03T10:00:00Z,\"GET /multi\nline\nfield\",200,1,2,3,,t,,\n")
		case i%1009 == 0:
			b.WriteString("2026-11-03T10:00:00Z,GET /x\",200,1,2,3,,t,,\n")
		case i%1013 == 0:
			b.WriteString("2026-11-03T10:00:00Z,GET /x,99,1,2,3,,t,,\n\n")
		case i%1019 == 0:
			b.WriteString(strings.TrimSuffix(l, "\n") + ",extra\r\n")
		case i%1021 == 0:
			b.WriteString(l) // a duplicate row
		}
	}
	for _, in := range []struct {
		name, rules string
		data        []byte
	}{{"sample", "cbuae", sampleCalls}, {"sample", "cbb", sampleCalls}, {"generated", "cbuae", []byte(b.String())}} {
		wantCSV, wantDoc, jobs := splitRun(t, in.rules, in.data, 1)
		require.Equal(t, 2, jobs)
		require.Contains(t, wantDoc, `"line"`, "no bad row listed: the test would not test that")
		for _, n := range []int{2, 3, 8} {
			gotCSV, gotDoc, jobs := splitRun(t, in.rules, in.data, n)
			require.Greater(t, jobs, 2, "%s: not cut", in.name)
			require.Equal(t, wantCSV, gotCSV, "%s %s in %d pieces", in.name, in.rules, n)
			require.Equal(t, wantDoc, gotDoc, "%s %s in %d pieces", in.name, in.rules, n)
		}
	}
}

// splitInput cuts at line starts near even shares, never within 15 lines
// after a quote: 40 lines of 10 bytes ("row 00001\n" ...), header
// included, cut in 4 gives pieces at bytes 100, 200, 300 (lines 11, 21,
// 31); with a quote on line 12, the cut after byte 200 moves to the start
// of line 28 (12 + 16), byte 270.
func TestSplitInput(t *testing.T) {
	var b strings.Builder
	for i := range 40 {
		fmt.Fprintf(&b, "row %05d\n", i+1)
	}
	data := []byte(b.String())
	pieces, err := splitInput(bytes.NewReader(data), int64(len(data)), 4)
	require.NoError(t, err)
	require.Equal(t, []piece{{0, 100}, {100, 200}, {200, 300}, {300, 400}}, pieces)
	copy(data[110:], "\"ow 00012\n")
	pieces, err = splitInput(bytes.NewReader(data), int64(len(data)), 4)
	require.NoError(t, err)
	require.Equal(t, []piece{{0, 100}, {100, 270}, {270, 300}, {300, 400}}, pieces)
}

// Lines longer than the near window's 15 lines: the cut is found in the
// far window (its 64 KiB back hold SafeCut's lines), at the first line
// start from each share on.
func TestSplitInputLongLines(t *testing.T) {
	const line = 2048 // bytes, newline included: 4 lines in 8 KiB
	var b strings.Builder
	for i := range 100 {
		s := fmt.Sprintf("row %05d,", i+1)
		b.WriteString(s + strings.Repeat("x", line-len(s)-1) + "\n")
	}
	data := []byte(b.String())
	// Shares at 204,800 * k / 4: 51,200, 102,400, 153,600, each a line
	// start (lines 25, 50 and 75 from 0).
	pieces, err := splitInput(bytes.NewReader(data), int64(len(data)), 4)
	require.NoError(t, err)
	require.Equal(t, []piece{{0, 51200}, {51200, 102400}, {102400, 153600}, {153600, 204800}}, pieces)
	// A quote in line 45: the second cut waits for 15 lines without one
	// (46 to 60), at line 61's start, 61 * 2,048 = 124,928.
	data[45*line+3] = '"'
	pieces, err = splitInput(bytes.NewReader(data), int64(len(data)), 4)
	require.NoError(t, err)
	require.Equal(t, []piece{{0, 51200}, {51200, 124928}, {124928, 153600}, {153600, 204800}}, pieces)
}
