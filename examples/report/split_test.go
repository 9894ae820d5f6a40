package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi/examples/internal/callgen"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
	"github.com/openfinance-kpi/kpi/internal/kpitest"
)

// mixedInput is a generated week with a quoted field over three lines,
// bad rows (a stray quote, a bad status, a field too many), blank lines,
// CRLF and a duplicated row spread through it.
func mixedInput(t *testing.T) []byte {
	t.Helper()
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
	return []byte(b.String())
}

// readSplit builds the report of srcs with flags, read on n cores (n = 1:
// one reader each): files of at least splitMin bytes cut into pieces and
// streams into chunks of chunk bytes (0: the defaults).
func readSplit(t *testing.T, flags []string, srcs []source, splitMin int64, n, chunk int) (*report, error) {
	t.Helper()
	cfg, err := parseFlags(flags, io.Discard)
	require.NoError(t, err)
	cfg.sources = srcs
	cfg.splitMin, cfg.splitInto, cfg.chunkBytes = splitMin, n, chunk
	return build(cfg)
}

// outputs returns rep's daily.csv and JSON document.
func outputs(t *testing.T, rep *report) (string, string) {
	t.Helper()
	var csv, doc bytes.Buffer
	require.NoError(t, daily.WriteCSV(&csv, rep.rows()))
	require.NoError(t, writeJSON(&doc, rep))
	return csv.String(), doc.String()
}

// cuts is the number of pieces or chunks rep read its first input in.
func cuts(rep *report) int { return len(rep.starts[0]) + 1 }

// jsonFlags are the flags of the comparisons with one reader: JSON, so
// that bad rows with their lines and outages with their evidence lines
// are compared too.
func jsonFlags(rules string) []string {
	return []string{"-rules", rules, "-tz", "Asia/Dubai", "-format", "json", "-lenient", "-max-bad-listed", "5"}
}

// splitRun builds the report of data cut into up to n pieces (n = 1: one
// reader) and returns its daily.csv and JSON document, and the number of
// jobs the input made.
func splitRun(t *testing.T, rules string, data []byte, n int) (string, string, int) {
	t.Helper()
	srcs := []source{bytesSource("a.csv", data), bytesSource("b.csv", data[:len(data)/3])}
	rep, err := readSplit(t, jsonFlags(rules), srcs, 1, n, 0)
	require.NoError(t, err)
	jobs, _ := rep.jobs(srcs)
	csv, doc := outputs(t, rep)
	return csv, doc, len(jobs)
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
	gen := mixedInput(t)
	for _, in := range []struct {
		name, rules string
		data        []byte
	}{{"sample", "cbuae", sampleCalls}, {"sample", "cbb", sampleCalls}, {"generated", "cbuae", gen}} {
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
	pieces, err := splitInput(bytes.NewReader(data), int64(len(data)), 4, daily.SafeCut)
	require.NoError(t, err)
	require.Equal(t, []piece{{0, 100}, {100, 200}, {200, 300}, {300, 400}}, pieces)
	copy(data[110:], "\"ow 00012\n")
	pieces, err = splitInput(bytes.NewReader(data), int64(len(data)), 4, daily.SafeCut)
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
	pieces, err := splitInput(bytes.NewReader(data), int64(len(data)), 4, daily.SafeCut)
	require.NoError(t, err)
	require.Equal(t, []piece{{0, 51200}, {51200, 102400}, {102400, 153600}, {153600, 204800}}, pieces)
	// A quote in line 45: the second cut waits for 15 lines without one
	// (46 to 60), at line 61's start, 61 * 2,048 = 124,928.
	data[45*line+3] = '"'
	pieces, err = splitInput(bytes.NewReader(data), int64(len(data)), 4, daily.SafeCut)
	require.NoError(t, err)
	require.Equal(t, []piece{{0, 51200}, {51200, 124928}, {124928, 153600}, {153600, 204800}}, pieces)
}

// streamSource is data as an input that can only be streamed (a gzip
// file or a pipe: no ReaderAt), through gzip when gz is set; fail, when
// not nil, is the error the stream ends with instead of io.EOF.
func streamSource(t *testing.T, name string, data []byte, gz bool, fail error) source {
	t.Helper()
	return source{name: name, open: func() (io.ReadCloser, error) {
		var in io.Reader = bytes.NewReader(data)
		if gz {
			var z bytes.Buffer
			w := gzip.NewWriter(&z)
			_, err := w.Write(data)
			require.NoError(t, err)
			require.NoError(t, w.Close())
			zr, err := gzip.NewReader(&z)
			require.NoError(t, err)
			in = zr
		}
		if fail != nil {
			in = io.MultiReader(in, errReader{fail})
		}
		return io.NopCloser(in), nil
	}}
}

// streamRun builds the report of srcs read with n cores (n = 1: one
// reader each) and chunks of chunk bytes, and returns its daily.csv and
// JSON document, the number of jobs read in chunks and of chunks the first
// input was cut into, and the error.
func streamRun(t *testing.T, rules string, srcs []source, n, chunk int) (string, string, int, int, error) {
	t.Helper()
	rep, err := readSplit(t, jsonFlags(rules), srcs, 0, n, chunk)
	if err != nil {
		return "", "", 0, 0, err
	}
	jobs, _ := rep.jobs(srcs)
	chunked := 0
	for _, j := range jobs {
		if j.chunks > 1 {
			chunked++
		}
	}
	csv, doc := outputs(t, rep)
	return csv, doc, chunked, cuts(rep), nil
}

// A stream read in chunks on several goroutines gives the report of one
// reader byte for byte (daily.csv and the JSON document: bad rows with
// their lines, duplicates, outages with the lines that opened them): the
// generated week of TestSplitGivesOneReadersReport (quoted fields over
// three lines, bad rows, blank lines, CRLF, duplicates) and the embedded
// sample, plain and through gzip, in chunks of 16 KiB and 64 KiB (the
// first a quarter of that, the second half), with the second input a
// prefix of the first cut mid-line. The generated input (2.1 MB) is cut
// all along: into more chunks than its bytes over the chunk size.
func TestChunksGiveOneReadersReport(t *testing.T) {
	gen := mixedInput(t)
	for _, in := range []struct {
		name string
		data []byte
	}{{"sample", sampleCalls}, {"generated", gen}} {
		for _, gz := range []bool{false, true} {
			srcs := []source{streamSource(t, "a.csv", in.data, gz, nil), streamSource(t, "b.csv", in.data[:len(in.data)/3], gz, nil)}
			wantCSV, wantDoc, chunked, _, err := streamRun(t, "cbuae", srcs, 1, 0)
			require.NoError(t, err)
			require.Zero(t, chunked)
			require.Contains(t, wantDoc, `"line"`, "no bad row listed: the test would not test that")
			for _, n := range []int{4, 8} {
				for _, chunk := range []int{16 << 10, 64 << 10} {
					gotCSV, gotDoc, chunked, chunks, err := streamRun(t, "cbuae", srcs, n, chunk)
					require.NoError(t, err)
					require.Equal(t, 2, chunked, "%s: not read in chunks", in.name)
					require.Greater(t, chunks, len(in.data)/chunk, "%s: cut into %d chunks of %d bytes", in.name, chunks, chunk)
					require.Equal(t, wantCSV, gotCSV, "%s gzip=%v, %d cores, chunks of %d", in.name, gz, n, chunk)
					require.Equal(t, wantDoc, gotDoc, "%s gzip=%v, %d cores, chunks of %d", in.name, gz, n, chunk)
				}
			}
		}
	}
}

// A stream that fails (a read error, a gzip file cut short) fails the
// run with the error one reader gives, after the chunks before it.
func TestChunksOfAFailingStream(t *testing.T) {
	gen := mixedInput(t)
	for _, c := range []struct {
		name string
		src  source
	}{
		{"read error", streamSource(t, "a.csv", gen, false, errors.New("disk on fire"))},
		{"gzip cut short", func() source {
			var z bytes.Buffer
			w := gzip.NewWriter(&z)
			_, err := w.Write(gen)
			require.NoError(t, err)
			require.NoError(t, w.Close())
			short := z.Bytes()[:z.Len()*2/3]
			return source{name: "a.csv.gz", open: func() (io.ReadCloser, error) {
				zr, err := gzip.NewReader(bytes.NewReader(short))
				require.NoError(t, err)
				return io.NopCloser(zr), nil
			}}
		}()},
	} {
		_, _, _, _, want := streamRun(t, "cbuae", []source{c.src}, 1, 0)
		require.Error(t, want, c.name)
		_, _, _, _, got := streamRun(t, "cbuae", []source{c.src}, 4, 64<<10)
		require.Error(t, got, c.name)
		require.Equal(t, want.Error(), got.Error(), c.name)
	}
}

// A long line after a few chunks of a stream ends the chunks: the rest is
// read as one stream, whose reader discards the line's bytes as it reads
// them (TestLongLineBoundedMemory), so the bytes allocated do not grow
// with the line: a line of 64 MiB allocates less than 1 MiB more than one
// of 8 MiB (held whole, it would be 56 MiB more; the runs differ a little
// as the parts' buffers are reused or not). The line is a
// bad row at its line in the whole input (the header, 2,000 rows, then the
// line: 2,002), and the rows after it count.
func TestChunksOfAStreamWithALongLine(t *testing.T) {
	row := "2024-10-10T00:00:00Z,GET /a,200,5\n"
	run := func(lineBytes int) (uint64, *report) {
		cfg, err := parseFlags([]string{"-rules", "platform", "-tz", "UTC", "-format", "csv", "-lenient"}, io.Discard)
		require.NoError(t, err)
		cfg.files = []string{"long.csv"}
		cfg.splitInto, cfg.chunkBytes = 4, 16<<10
		cfg.partRows = 1024 // the parts' keys are 24 KiB, not 1.5 MiB, when they are not reused
		cfg.sources = []source{{name: "long.csv", open: func() (io.ReadCloser, error) {
			return io.NopCloser(io.MultiReader(
				strings.NewReader("received_at,endpoint,status,ttlb_ms\n"+strings.Repeat(row, 2000)),
				&repeatReader{'x', lineBytes},
				strings.NewReader("\n"+strings.Repeat(row, 10)))), nil
		}}}
		jobs, _ := (&report{cfg: cfg}).jobs(cfg.sources)
		require.Equal(t, 4, jobs[0].chunks)
		var rep *report
		alloc := kpitest.AllocatedBy(func() { rep, err = build(cfg) })
		require.NoError(t, err)
		return alloc, rep
	}
	short, rep := run(8 << 20)
	require.Equal(t, uint64(2010), rep.res.Calls)
	require.Equal(t, 1, rep.badRows)
	require.Equal(t, 2002, rep.bad[0].Line)
	long, _ := run(64 << 20)
	t.Logf("allocated %d bytes with an 8 MiB line, %d with a 64 MiB one", short, long)
	require.Less(t, long, short+1<<20)
}

// A chunk is cut only where no quoted field spans the cut (daily.SafeCut):
// with chunks of 64 KiB the first buffer is 16 KiB and its cut is looked
// for from byte 14,336 on. A record whose quoted field spans three lines
// starts just before it, so the first line start after 14,336 is inside
// the field; the chunk is cut 15 lines after the quote instead, and the
// report (the record counted once, its line, no bad row) is one reader's.
func TestChunksCutWhereNoQuotedFieldSpans(t *testing.T) {
	const head = "received_at,endpoint,status,ttfb_ms,ttlb_ms,response_bytes,records,tpp_id,attributable,rejected\n"
	row := func(i int) string {
		return fmt.Sprintf("2026-11-03T10:%02d:%02d.000Z,GET /accounts,200,1,2,3,,t,,\n", i/60%60, i%60)
	}
	var b strings.Builder
	b.WriteString(head)
	i := 0
	for b.Len()+2*len(row(i)) <= 14_310 {
		b.WriteString(row(i))
		i++
	}
	pad := strings.Replace(row(i), ",t,", ","+strings.Repeat("t", 14_310-b.Len()-len(row(i))+1)+",", 1)
	b.WriteString(pad) // the quoted record starts at byte 14,310
	i++
	quoted := "2026-11-03T11:00:00.000Z,\"GET /multi\nline\nfield\",200,1,2,3,,t,,\n"
	require.Equal(t, 14_310, b.Len())
	require.Greater(t, b.Len()+strings.Index(quoted, "\n")+1, 14_336, "the field's second line starts after the target")
	b.WriteString(quoted)
	for range 3000 {
		b.WriteString(row(i))
		i++
	}
	data := []byte(b.String())
	srcs := []source{streamSource(t, "q.csv", data, false, nil)}
	wantCSV, wantDoc, _, _, err := streamRun(t, "cbuae", srcs, 1, 0)
	require.NoError(t, err)
	require.Contains(t, wantCSV, "GET /multi\nline\nfield")
	gotCSV, gotDoc, chunked, chunks, err := streamRun(t, "cbuae", srcs, 4, 64<<10)
	require.NoError(t, err)
	require.Equal(t, 1, chunked)
	require.Greater(t, chunks, 2)
	require.Equal(t, wantCSV, gotCSV)
	require.Equal(t, wantDoc, gotDoc)
}

// An access log is cut at any line start (its records are lines): read in
// pieces (a file) and in chunks (a stream, plain and gzip) on several
// goroutines, a generated nginx log gives the report of one reader byte
// for byte, daily.csv and the JSON document. The log: 30,000 lines over
// five hours with a byte-order mark, a 503 every 7 lines (outages and
// their evidence lines), a line that is not a log line every 997 (bad
// rows, their lines listed), a blank line every 1,009 and CRLF endings
// every 1,013.
func TestAccessLogPiecesAndChunksGiveOneReadersReport(t *testing.T) {
	var b strings.Builder
	b.WriteString("\xEF\xBB\xBF")
	for i := range 30_000 {
		status := 200
		if i%7 == 3 {
			status = 503
		}
		end := "\n"
		if i%1013 == 5 {
			end = "\r\n"
		}
		fmt.Fprintf(&b, "192.0.2.%d - - [10/Oct/2024:%02d:%02d:%02d +0000] \"GET /accounts/%d HTTP/1.1\" %d %d \"-\" \"curl/8.0\" 0.%03d 0.050 0.020%s",
			i%250, 10+i/6000, i/100%60, i%60, i%40, status, 100+i%900, 1+i%900, end)
		if i%997 == 500 {
			b.WriteString("not a log line\n")
		}
		if i%1009 == 17 {
			b.WriteString("\n")
		}
	}
	data := []byte(b.String())
	flags := append([]string{"-input-format", "nginx", "-log-format", nginxFormat}, jsonFlags("platform")...)
	flags = append(flags, "a.log") // a log to read: the embedded sample is a calls CSV
	run := func(srcs []source, n, chunk int) (string, string, int) {
		rep, err := readSplit(t, flags, srcs, 1, n, chunk)
		require.NoError(t, err)
		csv, doc := outputs(t, rep)
		return csv, doc, cuts(rep)
	}
	wantCSV, wantDoc, pieces := run([]source{bytesSource("a.log", data)}, 1, 0)
	require.Equal(t, 1, pieces)
	require.Contains(t, wantDoc, `"line"`)
	require.Contains(t, wantDoc, `"outages"`)
	for _, c := range []struct {
		name string
		src  source
	}{
		{"pieces", bytesSource("a.log", data)},
		{"chunks", streamSource(t, "a.log", data, false, nil)},
		{"gzip chunks", streamSource(t, "a.log", data, true, nil)},
	} {
		gotCSV, gotDoc, pieces := run([]source{c.src}, 4, 64<<10)
		require.Greater(t, pieces, 3, c.name)
		require.Equal(t, wantCSV, gotCSV, c.name)
		require.Equal(t, wantDoc, gotDoc, c.name)
	}
}

// -format html reads in pieces and chunks too: its usage by partner (one
// endpoint-day per tpp_id, merged as the books are) and every chart and
// table give one reader's page byte for byte, for the generated week read
// as a file cut in pieces and as a gzip stream cut in chunks.
func TestHTMLInPiecesAndChunks(t *testing.T) {
	gen := mixedInput(t)
	run := func(src source, n int) (string, int) {
		rep, err := readSplit(t, []string{"-rules", "cbuae", "-tz", "Asia/Dubai", "-format", "html", "-lenient"}, []source{src}, 1, n, 64<<10)
		require.NoError(t, err)
		require.NotNil(t, rep.partners)
		var page bytes.Buffer
		require.NoError(t, writeHTML(&page, rep))
		return page.String(), cuts(rep)
	}
	want, pieces := run(bytesSource("a.csv", gen), 1)
	require.Equal(t, 1, pieces)
	require.Contains(t, want, "tpp-1")
	for _, src := range []source{bytesSource("a.csv", gen), streamSource(t, "a.csv", gen, true, nil)} {
		got, pieces := run(src, 4)
		require.Greater(t, pieces, 3)
		require.Equal(t, want, got)
	}
}

// Which streams are read in chunks (jobs): one of unknown size (a pipe)
// or of at least minChunkedStream bytes on disk, on every core whatever
// the inputs (an input's parts are absorbed before the next's, so inputs
// of their own do not keep the cores busy); a smaller one only when the
// cores outnumber the inputs twice or more, on its share of them.
func TestStreamsChunkedBySize(t *testing.T) {
	sized := func(name string, size int64) source {
		s := streamSource(t, name, sampleCalls, false, nil)
		s.at = func() (io.ReaderAt, int64, io.Closer, error) { return nil, size, nil, nil }
		return s
	}
	srcs := []source{
		sized("large.csv.gz", minChunkedStream),
		sized("small.csv.gz", minChunkedStream-1),
		streamSource(t, "a pipe", sampleCalls, false, nil),
	}
	cfg, err := parseFlags(nil, io.Discard)
	require.NoError(t, err)
	for _, c := range []struct {
		cores int
		want  []int // chunks of each input's job
	}{
		{1, []int{0, 0, 0}},
		{2, []int{2, 0, 2}}, // 2 cores, 3 inputs: no share for the small one
		{6, []int{6, 2, 6}}, // 2 cores each
		{8, []int{8, 2, 8}},
	} {
		cfg.splitInto = c.cores
		jobs, closers := (&report{cfg: cfg}).jobs(srcs)
		require.Empty(t, closers)
		var got []int
		for _, j := range jobs {
			got = append(got, j.chunks)
		}
		require.Equal(t, c.want, got, "%d cores", c.cores)
	}
}
