package daily

import (
	"bytes"
	"encoding/csv"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/openfinance-kpi/kpi"
)

func readAll(t require.TestingT, s string) ([][]string, []int) {
	rr := NewRecordReader(strings.NewReader(s))
	var recs [][]string
	var lines []int
	for {
		f, line, err := rr.Read()
		if err == io.EOF {
			return recs, lines
		}
		require.NoError(t, err)
		var rec []string
		for _, b := range f {
			rec = append(rec, string(b))
		}
		recs = append(recs, rec)
		lines = append(lines, line)
	}
}

func TestRecordReader(t *testing.T) {
	recs, lines := readAll(t, "\xEF\xBB\xBFa,b,c\r\n\n1,,3\n\"x,y\",\"he said \"\"hi\"\"\",\"two\nlines\"\nlast,row,noeol")
	require.Equal(t, [][]string{{"a", "b", "c"}, {"1", "", "3"}, {"x,y", `he said "hi"`, "two\nlines"}, {"last", "row", "noeol"}}, recs)
	require.Equal(t, []int{1, 3, 4, 6}, lines)
}

func TestRecordReaderBadQuotes(t *testing.T) {
	for _, s := range []string{"a\"b,c\n", "\"ab\"c,d\n", "\"never closed\n"} {
		rr := NewRecordReader(strings.NewReader(s))
		_, _, err := rr.Read()
		require.ErrorIs(t, err, ErrQuote, s)
	}
}

// The reader agrees with encoding/csv on any well-formed input.
func TestRecordReaderMatchesEncodingCSV(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rows := rapid.SliceOfN(rapid.SliceOfN(rapid.StringMatching(`[a-z ,"\n]{0,6}`), 3, 3), 1, 6).Draw(t, "rows")
		var b strings.Builder
		w := csv.NewWriter(&b)
		require.NoError(t, w.WriteAll(rows))
		want, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
		require.NoError(t, err)
		got, _ := readAll(t, b.String())
		// encoding/csv drops a record that is one empty field (a blank line);
		// so does our reader.
		require.Equal(t, len(want), len(got), b.String())
		for i := range want {
			require.Equal(t, want[i], got[i])
		}
	})
}

func TestRecordReaderAllocs(t *testing.T) {
	data := strings.Repeat("2025-06-01T10:00:00Z,GET /accounts,200,,120.5,1000,,tpp\n", 1000)
	rr := NewRecordReader(strings.NewReader(data))
	_, _, err := rr.Read()
	require.NoError(t, err)
	allocs := testing.AllocsPerRun(500, func() {
		_, _, err := rr.Read()
		require.NoError(t, err)
	})
	require.Zero(t, allocs)
}

// step is one Read: the fields (nil for an error), the line, the error.
type step struct {
	rec  []string
	line int
	err  error
}

func readSteps(s string, max int) []step {
	rr := NewRecordReaderLimit(strings.NewReader(s), max)
	var out []step
	for {
		f, line, err := rr.Read()
		if err == io.EOF {
			return out
		}
		st := step{line: line, err: err}
		for _, b := range f {
			st.rec = append(st.rec, string(b))
		}
		out = append(out, st)
	}
}

// An unterminated quote is a bad record at its first line; the next
// physical line is read as a record again (it used to swallow the rest of
// the input as one field).
func TestRecordReaderResumesAfterBadQuote(t *testing.T) {
	got := readSteps("h,x\n1,\"GET /unclosed\n2,500\n3,500\n", 0)
	require.Len(t, got, 4)
	require.Equal(t, []string{"h", "x"}, got[0].rec)
	require.ErrorIs(t, got[1].err, ErrQuote)
	require.Equal(t, 2, got[1].line)
	require.Contains(t, got[1].err.Error(), "not closed at the end of the input")
	require.Equal(t, step{rec: []string{"2", "500"}, line: 3}, got[2])
	require.Equal(t, step{rec: []string{"3", "500"}, line: 4}, got[3])

	// A closing quote followed by text: bad, resume at the next line.
	got = readSteps("\"a\nb\"c,d\ne,f\n", 0)
	require.ErrorIs(t, got[0].err, ErrQuote)
	require.Equal(t, 1, got[0].line)
	require.ErrorIs(t, got[1].err, ErrQuote) // b"c,d: a quote inside an unquoted field
	require.Equal(t, 2, got[1].line)
	require.Equal(t, step{rec: []string{"e", "f"}, line: 3}, got[2])
}

// A quoted field spans at most MaxRecordLines lines: a quote opened on
// line 1 of 20 quote-free lines is a bad record at line 1, and lines 2 to
// 20 are read.
func TestRecordReaderRecordLineLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("\"open,1\n")
	for i := 2; i <= 20; i++ {
		b.WriteString("x,y\n")
	}
	got := readSteps(b.String(), 0)
	require.Len(t, got, 20)
	require.ErrorIs(t, got[0].err, ErrQuote)
	require.Contains(t, got[0].err.Error(), "not closed within 16 lines")
	for i, st := range got[1:] {
		require.Equal(t, step{rec: []string{"x", "y"}, line: i + 2}, st)
	}
	// Within the limit, a quoted field with line breaks is one record.
	got = readSteps("\"a\n\n\nb\",c\nd,e\n", 0)
	require.Equal(t, []step{{rec: []string{"a\n\n\nb", "c"}, line: 1}, {rec: []string{"d", "e"}, line: 5}}, got)
}

// A CRLF inside a quoted field is kept as written (endpoint IDs survive
// byte for byte); a CRLF ending a record is no part of it.
func TestRecordReaderKeepsCRLFInField(t *testing.T) {
	got := readSteps("\"GET /a\r\nb\",1\r\n\"c\nd\",2\n", 0)
	require.Equal(t, []step{{rec: []string{"GET /a\r\nb", "1"}, line: 1}, {rec: []string{"c\nd", "2"}, line: 3}}, got)
}

// Lines over the limit are bad records, read and discarded; the limit
// counts the line's bytes without its ending. Limit 5 here.
func TestRecordReaderLineLimit(t *testing.T) {
	long := strings.Repeat("z", 300<<10) // longer than the bufio buffer
	got := readSteps("abcde\r\nabcdef\n"+long+"\nab,c\n\"ab\nc\",d\n", 5)
	require.Equal(t, step{rec: []string{"abcde"}, line: 1}, got[0])
	require.ErrorIs(t, got[1].err, ErrLineTooLong)
	require.Equal(t, 2, got[1].line)
	require.ErrorIs(t, got[2].err, ErrLineTooLong)
	require.Equal(t, 3, got[2].line)
	require.Equal(t, step{rec: []string{"ab", "c"}, line: 4}, got[3])
	// "ab\n (4 bytes) and c",d\n (6 bytes) make 10 bytes: over 5.
	require.ErrorIs(t, got[4].err, ErrQuote)
	require.Equal(t, 5, got[4].line)
	require.ErrorIs(t, got[5].err, ErrQuote) // c",d alone
	require.Equal(t, 6, got[5].line)
	require.Len(t, got, 6)
}

// Reject re-reads a multi-line record's other lines as records.
func TestRecordReaderReject(t *testing.T) {
	rr := NewRecordReader(strings.NewReader("\"a\nb\",c\nd,e\n"))
	f, line, err := rr.Read()
	require.NoError(t, err)
	require.Equal(t, 1, line)
	require.Len(t, f, 2)
	require.Equal(t, 2, rr.Lines())
	rr.Reject()
	_, line, err = rr.Read()
	require.ErrorIs(t, err, ErrQuote) // b",c
	require.Equal(t, 2, line)
	f, line, err = rr.Read()
	require.NoError(t, err)
	require.Equal(t, 3, line)
	require.Equal(t, "d", string(f[0]))
}

// ReadOptions.KeepTPP keeps tpp_id (interned) on the same reading path as
// every other option: a bad quote still costs its own line only.
func TestReadCallsKeepTPP(t *testing.T) {
	in := "received_at,endpoint,status,ttlb_ms,tpp_id\n" +
		"2026-03-01T10:00:00Z,GET /a,200,1,tpp-1\n" +
		"2026-03-01T10:00:01Z,\"GET /unclosed,200,1,tpp-2\n" +
		"2026-03-01T10:00:02Z,GET /a,200,1,\n"
	for _, keep := range []bool{false, true} {
		var tpps []string
		var bad int
		err := ReadCallsWith("x.csv", strings.NewReader(in), ReadOptions{KeepTPP: keep}, func(b []byte) string { return string(b) },
			func(c *kpi.Call, _ int) { tpps = append(tpps, c.TPP) }, func(BadRow) { bad++ })
		require.NoError(t, err)
		require.Equal(t, 1, bad)
		if keep {
			require.Equal(t, []string{"tpp-1", ""}, tpps)
		} else {
			require.Equal(t, []string{"", ""}, tpps)
		}
	}
}

// splitReference is splitUnquoted written for obviousness: no quote, and
// the fields are the bytes between commas.
func splitReference(raw []byte) ([][]byte, bool) {
	if bytes.IndexByte(raw, '"') >= 0 {
		return nil, false
	}
	return bytes.Split(raw, []byte(",")), true
}

// TestSplitUnquotedProperty: splitUnquoted (a word, or a block of eight
// words, a step) finds the fields and quotes splitReference finds, on
// lines of any length (the block, word and byte steps, and the ends of
// each) with commas and quotes anywhere, appended after fields already in
// dst.
func TestSplitUnquotedProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		raw := rapid.SliceOfN(rapid.SampledFrom([]byte("a,,\"\x00\xff\x2c\x22\xac\xa2,\n\r1")), 0, 300).Draw(t, "raw")
		if rapid.Bool().Draw(t, "noQuotes") {
			raw = bytes.ReplaceAll(raw, []byte(`"`), []byte("q"))
		}
		pre := [][]byte{[]byte("before")}
		got, ok := splitUnquoted(pre[:1:1], raw)
		want, wok := splitReference(raw)
		require.Equal(t, wok, ok, "%q", raw)
		if ok {
			require.Equal(t, append(pre, want...), got, "%q", raw)
			for i, f := range got[1:] { // the fields are raw's bytes, not copies
				if len(f) > 0 {
					require.Same(t, &want[i][0], &f[0], "%q field %d", raw, i)
				}
			}
		}
	})
}
