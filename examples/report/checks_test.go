package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

// Rule EP-1 through the command: the embedded sample with every template
// parameter filled as a gateway logs it (an account ID, a consent ID glued
// to "payment-consents", a query string on every third call, a trailing
// slash on every fifth), read with -catalogue profile, gives the daily.csv
// of the templated sample byte for byte.
func TestCatalogueProfileOnRawPaths(t *testing.T) {
	r := csv.NewReader(strings.NewReader(string(sampleCalls)))
	recs, err := r.ReadAll()
	require.NoError(t, err)
	col := -1
	for i, h := range recs[0] {
		if h == "endpoint" {
			col = i
		}
	}
	require.GreaterOrEqual(t, col, 0)
	param := regexp.MustCompile(`\{[^}/]+\}`)
	for i, rec := range recs[1:] {
		raw := param.ReplaceAllString(rec[col], fmt.Sprintf("X%d", i))
		require.NotContains(t, raw, "{")
		switch {
		case i%5 == 0:
			raw += "/"
		case i%3 == 0:
			raw += "?page=2&from=2026-11-09"
		}
		rec[col] = raw
	}
	var b strings.Builder
	w := csv.NewWriter(&b)
	require.NoError(t, w.WriteAll(recs))
	rawFile := writeFile(t, "raw.csv", b.String())
	planned := writeFile(t, "planned.csv", string(samplePlanned))

	templated := runCmd(t, "-format", "csv")
	require.Equal(t, 0, templated.status, templated.stderr)
	got := runCmd(t, "-format", "csv", "-catalogue", "profile", "-planned", planned, rawFile)
	require.Equal(t, 0, got.status, got.stderr)
	require.Empty(t, got.stderr, "every raw path matches a template")
	require.Equal(t, templated.stdout, got.stdout)

	// Without the catalogue every raw path is its own endpoint: the
	// report says so before anything else (EP-2).
	plain := runCmd(t, "-catalogue", "none", rawFile)
	require.Equal(t, 0, plain.status, plain.stderr)
	i := strings.Index(plain.stdout, "Input checks")
	require.Positive(t, i)
	require.Less(t, i, strings.Index(plain.stdout, "2026-11-09 (Monday)"), "the checks come before the tables")
	require.Contains(t, plain.stdout, "not in the cbuae profile's catalogue (EP-2)")
}

const checksCSV = `received_at,endpoint,status,ttlb_ms
2026-03-01T10:00:00Z,GET /accounts/A1,200,100
2026-03-01T10:00:01Z,GET /accounts,200,100
2026-03-01T10:00:02Z,GET /favicon.ico,404,1
2026-03-03T10:00:00Z,GET /accounts,200,100
`

// Rule EP-1: calls outside the catalogue in force are in no figure and are
// listed with their counts. The catalogue file (one template, a comment)
// matches GET /accounts/A1 to GET /accounts/{AccountID}; GET /favicon.ico is
// outside: the 1 March ALL row counts 2 calls, not 3.
func TestCatalogueFileOutside(t *testing.T) {
	cat := writeFile(t, "cat.txt", "# the bank's API\nGET /accounts\nGET /accounts/{AccountID}\n")
	calls := writeFile(t, "calls.csv", checksCSV)
	res := runCmd(t, "-format", "json", "-tz", "UTC", "-catalogue", cat, calls)
	require.Equal(t, 0, res.status, res.stderr)
	var rep struct {
		Days []struct {
			Date, Endpoint string
			Calls          int
			Unobserved     bool
		}
		OutsideCatalogue []struct {
			Endpoint string
			Calls    int
		} `json:"outside_catalogue"`
		Warnings []struct{ Kind, Message string }
	}
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &rep))
	require.Equal(t, "2026-03-01", rep.Days[2].Date)
	require.Equal(t, "ALL", rep.Days[2].Endpoint)
	require.Equal(t, 2, rep.Days[2].Calls)
	require.Equal(t, "GET /accounts/{AccountID}", rep.Days[1].Endpoint, "the catalogue's spelling")
	require.Len(t, rep.OutsideCatalogue, 1)
	require.Equal(t, "GET /favicon.ico", rep.OutsideCatalogue[0].Endpoint)
	require.Equal(t, 1, rep.OutsideCatalogue[0].Calls)
	kinds := map[string]bool{}
	for _, w := range rep.Warnings {
		kinds[w.Kind] = true
	}
	require.True(t, kinds["outside-catalogue"])
	require.True(t, kinds["unobserved-days"], "2 March had no call")
	require.Equal(t, "2026-03-02", rep.Days[3].Date)
	require.Equal(t, "ALL", rep.Days[3].Endpoint)
	require.True(t, rep.Days[3].Unobserved)
	require.False(t, rep.Days[2].Unobserved)
}

// Rule AV-EVIDENCE-2 and AV-MON-1 through the command, CBUAE (fixed
// 86,400 s day) in UTC: 2 March has no call. Without -monitoring its
// uptime (100 % computed) is NO DATA; a monitoring outage of 600 s on it
// makes the day observed and down 600 s: 100 - 600/864 = 99.306 %, FAIL.
func TestMonitoringAndUnobservedDays(t *testing.T) {
	calls := writeFile(t, "calls.csv", checksCSV)
	res := runCmd(t, "-tz", "UTC", calls)
	require.Equal(t, 0, res.status, res.stderr)
	require.Contains(t, res.stdout, "NO DATA cbuae.uptime interface 2026-03-02: no data (computed 100.000 %)")
	require.Contains(t, res.stdout, "2026-03-02 (Monday)  UNOBSERVED")

	mon := writeFile(t, "mon.csv", "start,end\n2026-03-02T08:00:00Z,2026-03-02T08:10:00Z\n")
	res = runCmd(t, "-tz", "UTC", "-monitoring", mon, calls)
	require.Equal(t, 0, res.status, res.stderr)
	require.Contains(t, res.stdout, "FAIL cbuae.uptime interface 2026-03-02: 99.306 % >= 99.5 %")
	require.NotContains(t, res.stdout, "UNOBSERVED")

	bad := writeFile(t, "bad.csv", "start,end\n2026-03-02T08:00:00Z\n")
	res = runCmd(t, "-tz", "UTC", "-monitoring", bad, calls)
	require.Equal(t, 2, res.status)
	require.Contains(t, res.stderr, "-monitoring "+bad+": line 2")
}

// The side-input checks: a planned window on a misspelt endpoint and a
// -payment-endpoints item nobody calls are named; the same file given
// twice doubles every count and says how many rows repeat (4).
func TestSideInputWarnings(t *testing.T) {
	calls := writeFile(t, "calls.csv", checksCSV)
	planned := writeFile(t, "planned.csv", "start,end,endpoint\n2026-03-01T02:00:00Z,2026-03-01T03:00:00Z,GET /nope\n")
	res := runCmd(t, "-tz", "UTC", "-format", "csv", "-planned", planned, "-payment-endpoints", "POST /nope", calls, calls)
	require.Equal(t, 0, res.status, res.stderr)
	require.Contains(t, res.stderr, "-planned window on GET /nope")
	require.Contains(t, res.stderr, "-payment-endpoints item POST /nope")
	require.Contains(t, res.stderr, "report: warning: 4 row(s) equal in every field to an earlier row")
	rows, _ := parseDaily(t, res.stdout)
	require.Equal(t, "6", rows["2026-03-01 ALL"]["calls"], "both copies counted")
}

// Rule AV-SCOPE-1's OPTION through the command (-rules cbb): five 503s
// within 20 s spread over three endpoints (2 + 2 + 1) are no series on any
// endpoint, so the ALL row has no downtime by default; with -consec-scope
// interface the interface walk finds the series, from 10:00:00 to the
// success's 10:00:40 + 1 s: 41 s on ALL, none on the endpoints. The
// option is AV-CONSEC's: refused under the failure clock.
func TestConsecScopeInterface(t *testing.T) {
	calls := writeFile(t, "calls.csv", `received_at,endpoint,status,ttlb_ms
2026-03-01T10:00:00Z,GET /a,503,10
2026-03-01T10:00:05Z,GET /b,503,10
2026-03-01T10:00:10Z,GET /a,503,10
2026-03-01T10:00:15Z,GET /c,503,10
2026-03-01T10:00:20Z,GET /b,503,10
2026-03-01T10:00:40Z,GET /c,200,1000
`)
	for scope, want := range map[string]string{"endpoint": "0.000", "interface": "41.000"} {
		res := runCmd(t, "-rules", "cbb", "-tz", "UTC", "-format", "csv", "-consec-scope", scope, calls)
		require.Equal(t, 0, res.status, res.stderr)
		rows, _ := parseDaily(t, res.stdout)
		require.Equal(t, want, rows["2026-03-01 ALL"]["downtime_s"], scope)
		for _, ep := range []string{"GET /a", "GET /b", "GET /c"} {
			require.Equal(t, "0.000", rows["2026-03-01 "+ep]["downtime_s"], scope)
		}
	}
	res := runCmd(t, "-rules", "cbuae", "-consec-scope", "interface", calls)
	require.Equal(t, 2, res.status)
	require.Contains(t, res.stderr, "-consec-scope interface")
	_ = os.Remove(calls)
}

// The accepted ranges at their edges: a 19-character status with leading
// zeros is 200; TTLB 2^62 ns is out of range and 2^62 - 1 ns is not; an
// -asof equal to its own default is accepted even in 2262 (calls on 31
// December 2261 UTC: the default is 1 January 2262, 00:00), one
// nanosecond later is refused; a local day of zero length (Pacific/Apia
// skipped 30 December 2011) has no row.
func TestAcceptedRangeEdges(t *testing.T) {
	edge := writeFile(t, "edge.csv", `received_at,endpoint,status,ttlb_ms
2026-03-01T10:00:00Z,GET /a,0000000000000000200,100
2026-03-01T10:00:01Z,GET /a,200,4611686018427.387904
2026-03-01T10:00:02Z,GET /a,200,4611686018427.387903
`)
	res := runCmd(t, "-format", "csv", "-tz", "UTC", edge)
	require.Equal(t, 2, res.status)
	require.Contains(t, res.stderr, "edge.csv:3: ttlb_ms: out of range")
	require.NotContains(t, res.stderr, "edge.csv:2:")
	require.NotContains(t, res.stderr, "edge.csv:4:")

	late := writeFile(t, "late.csv", "received_at,endpoint,status,ttlb_ms\n2261-12-31T10:00:00Z,GET /a,200,1\n")
	res = runCmd(t, "-format", "csv", "-tz", "UTC", "-asof", "2262-01-01T00:00:00Z", late)
	require.Equal(t, 0, res.status, res.stderr)
	res = runCmd(t, "-format", "csv", "-tz", "UTC", "-asof", "2262-01-01T00:00:00.000000001Z", late)
	require.Equal(t, 2, res.status)
	require.Contains(t, res.stderr, "out of range (years 1678 to 2261)")

	apia := writeFile(t, "apia.csv", "received_at,endpoint,status,ttlb_ms\n2011-12-29T10:00:00-10:00,GET /a,200,1\n2011-12-31T10:00:00+14:00,GET /a,200,1\n")
	res = runCmd(t, "-format", "csv", "-tz", "Pacific/Apia", apia)
	require.Equal(t, 0, res.status, res.stderr)
	require.NotContains(t, res.stdout, "2011-12-30")
	require.NotContains(t, res.stderr, "2011-12-30", "a skipped date is no unobserved day")
	rows, _ := parseDaily(t, res.stdout)
	require.Len(t, rows, 4)
}

// Every core: the inputs are read in parallel, each into a book of its
// own, and merged in input order. The embedded sample split into four
// files, rows dealt round-robin (so each file holds every day and
// endpoint) and each file's rows reversed, gives the sample's daily.csv
// byte for byte; and the whole JSON report (evidence, bad rows, findings)
// is the same under GOMAXPROCS=1 and GOMAXPROCS=4.
func TestParallelInputsSameReport(t *testing.T) {
	lines := strings.Split(strings.TrimSuffix(string(sampleCalls), "\n"), "\n")
	header, rows := lines[0], lines[1:]
	var files []string
	for f := range 4 {
		var part []string
		for i := f; i < len(rows); i += 4 {
			part = append(part, rows[i])
		}
		for i, j := 0, len(part)-1; i < j; i, j = i+1, j-1 {
			part[i], part[j] = part[j], part[i]
		}
		if f == 2 {
			part = append(part, "not,a,row") // a bad row, listed in order
		}
		files = append(files, writeFile(t, fmt.Sprintf("part%d.csv", f), header+"\n"+strings.Join(part, "\n")+"\n"))
	}
	planned := writeFile(t, "planned.csv", string(samplePlanned))
	whole := runCmd(t, "-format", "csv")
	split := runCmd(t, append([]string{"-format", "csv", "-lenient", "-planned", planned}, files...)...)
	require.Equal(t, 0, split.status, split.stderr)
	require.Equal(t, whole.stdout, split.stdout)

	var outs []string
	for _, procs := range []string{"1", "4"} {
		cmd := exec.Command(binary(t), append([]string{"-format", "json", "-lenient", "-planned", planned}, files...)...)
		cmd.Env = append(os.Environ(), "GOMAXPROCS="+procs)
		out, err := cmd.Output()
		require.NoError(t, err)
		outs = append(outs, string(out))
	}
	require.Equal(t, outs[0], outs[1])
	require.Contains(t, outs[0], "part2.csv")
}

// duplicates counts, over sorted runs, the hashes equal to an earlier one:
// runs {1,2,2}, {2,3}, {}, {5,5} merge to 1,2,2,2,3,5,5: the second and
// third 2 and the second 5 repeat an earlier one, 3 duplicates.
func TestDuplicatesOverRuns(t *testing.T) {
	require.Equal(t, 3, duplicates([][]uint64{{1, 2, 2}, {2, 3}, {}, {5, 5}}))
	require.Equal(t, 0, duplicates(nil))
	require.Equal(t, 0, duplicates([][]uint64{{7}, {8}, {9}}))
}

// duplicates on any sorted runs, walked together (up to mergeWays) or
// merged two by two (more): every hash after the first of its value is a
// duplicate, so the count is the number of hashes less the number of
// distinct values (counted here with a map, not by merging).
func TestDuplicatesAnyRuns(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		runs := rapid.SliceOfN(rapid.SliceOfN(rapid.Uint64Range(0, 20), 0, 30), 0, 2*mergeWays).Draw(t, "runs")
		total, distinct := 0, map[uint64]bool{}
		for _, r := range runs {
			slices.Sort(r)
			total += len(r)
			for _, x := range r {
				distinct[x] = true
			}
		}
		if got, want := duplicates(runs), total-len(distinct); got != want {
			t.Fatalf("duplicates = %d, want %d", got, want)
		}
	})
}

// hashList.sorted (radix from 4,096 hashes, over several chunks) sorts as
// slices.Sort does, top and bottom 16 bits included, and empties the list.
func TestHashListSorted(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 5, 4095, 4096, 100_000} {
		var h hashList
		var want []uint64
		for i := range n {
			x := rng.Uint64()
			if i%7 == 0 {
				x &= 0xFFFF // small values
			}
			if i%11 == 0 && i > 0 {
				x = want[i-1] // equal neighbours
			}
			want = append(want, x)
			h.add(x)
		}
		slices.Sort(want)
		got := h.sorted()
		require.Len(t, got, n)
		if n > 0 {
			require.Equal(t, want, got, "n=%d", n)
		}
		require.Zero(t, h.n)
	}
}

// Evidence names any number of inputs (hostile input, case 4): an ID is
// the input's index << 40 | the position, so input 65,536 (which a 16-bit
// index wrapped to input 0) and a line of 4,000,000,000 (which a 32-bit
// line wrapped) come back as themselves. Scaled down from 65,537 files to
// the IDs they produce.
func TestEvidenceIDsNameEveryInput(t *testing.T) {
	r := &report{}
	for i := range 70_000 {
		r.files = append(r.files, fmt.Sprintf("f%05d.csv", i))
	}
	for _, c := range []struct{ src, line int }{{0, 2}, {65_535, 7}, {65_536, 2}, {69_999, 4_000_000_000}, {69_999, 5_000_000_000}} {
		name, line := r.sourceLine(evidenceID(c.src, int64(c.line)))
		require.Equal(t, fmt.Sprintf("f%05d.csv", c.src), name)
		require.Equal(t, c.line, line)
	}
	require.NotEqual(t, evidenceID(0, 2), evidenceID(65_536, 2))
	require.NotEqual(t, evidenceID(0, 4_000_000_000), evidenceID(0, 4_000_000_000-1<<32))
	require.Equal(t, 1<<23, maxSources)
	require.Equal(t, int64(math.MaxInt64), evidenceID(maxSources-1, maxIDPos), "the last input's last position: the largest int64, not past it")
}

// The IDs of an input read in pieces are positions: the piece's first byte
// plus the line within the piece. Input 1 of 2 cut at bytes 0, 1000 and
// 5000, its pieces having 30, 70 and 9 lines: line 12 of the second piece
// is position 1012 and line 30 + 12 = 42 of the input; line 1 of the third
// is position 5001 and line 30 + 70 + 1 = 101; line 30 of the first is
// position 30 and line 30. Input 0 was read whole: its positions are its
// lines. The positions grow with the input's lines (a piece of 1000 bytes
// has at most 1000 lines), so the IDs keep its order.
func TestEvidenceIDsOfPieces(t *testing.T) {
	r := &report{files: []string{"a.csv", "b.csv"}, starts: [][]pieceStart{nil, {{from: 1000, before: 30}, {from: 5000, before: 100}}}}
	for _, c := range []struct {
		src  int
		pos  int64
		line int
	}{{1, 1012, 42}, {1, 5001, 101}, {1, 5009, 109}, {1, 30, 30}, {1, 1, 1}, {1, 1070, 100}, {0, 1012, 1012}} {
		name, line := r.sourceLine(evidenceID(c.src, c.pos))
		require.Equal(t, r.files[c.src], name)
		require.Equal(t, c.line, line, "position %d of input %d", c.pos, c.src)
	}
	require.Less(t, evidenceID(1, 1000), evidenceID(1, 1001), "the first piece's last line (at most byte 1000) before the second's first")
}

// A log of raw paths (25 endpoints outside the profile's catalogue,
// /accounts/1000+i with i+1 calls): stderr lists 20 as the text format
// does, the busiest first (/accounts/1024 with 25 calls down to
// /accounts/1005 with 6), then how many more (5), not every one of a
// million.
func TestStderrListsTheBusiestEndpoints(t *testing.T) {
	var b strings.Builder
	b.WriteString("received_at,endpoint,status,ttlb_ms\n")
	for i := range 25 {
		for k := range i + 1 {
			fmt.Fprintf(&b, "2026-03-01T10:%02d:%02dZ,GET /accounts/%d,200,5\n", i, k, 1000+i)
		}
	}
	calls := writeFile(t, "raw.csv", b.String())
	for _, format := range []string{"csv", "text"} {
		res := runCmd(t, "-tz", "UTC", "-format", format, calls)
		require.Equal(t, 0, res.status, res.stderr)
		out, head, indent := res.stderr, "report: warning: ", "report:   "
		if format == "text" {
			out, head, indent = res.stdout, "  ! ", "      "
		}
		require.Contains(t, out, head+"25 endpoint(s) not in the cbuae profile's catalogue (EP-2)")
		var listed []string
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, indent+"GET /accounts/") || strings.HasPrefix(l, indent+"...") {
				listed = append(listed, strings.TrimPrefix(l, indent))
			}
		}
		require.Len(t, listed, 20+1, format)
		require.Equal(t, "GET /accounts/1024  25 call(s)", listed[0], format)
		require.Equal(t, "GET /accounts/1005  6 call(s)", listed[19], format)
		require.Equal(t, "... and 5 more (all of them in -format json)", listed[20], format)
	}
}

// farReaderAt serves data as the bytes of an input from byte base on.
type farReaderAt struct {
	base int64
	data []byte
}

func (f farReaderAt) ReadAt(p []byte, off int64) (int, error) {
	return bytes.NewReader(f.data).ReadAt(p, off-f.base)
}

// A piece whose lines pass the positions an ID can hold fails its input
// rather than wrap into another input's IDs: a piece starting 2 bytes
// before maxIDPos holds three rows, at positions maxIDPos - 1, maxIDPos and
// maxIDPos + 1; the third fails the part, naming its line (3).
func TestEvidenceIDsPastTheirRangeFail(t *testing.T) {
	cfg, err := parseFlags([]string{"-tz", "Asia/Dubai", "-format", "csv"}, io.Discard)
	require.NoError(t, err)
	r := &report{cfg: cfg, seed: maphash.MakeSeed()}
	head := "received_at,endpoint,status,ttfb_ms,ttlb_ms,response_bytes,records,tpp_id,attributable,rejected\n"
	h, err := daily.ReadHeader("far.csv", strings.NewReader(head), daily.ReadOptions{})
	require.NoError(t, err)
	row := "2026-11-03T10:00:00Z,GET /accounts,200,1,2,3,,t,,\n"
	data := []byte(row + row + row)
	base := int64(maxIDPos - 2)
	j := job{src: 0, s: source{name: "far.csv"}, ra: farReaderAt{base, data}, pc: piece{from: base, to: base + int64(len(data))}, h: &h}
	var parts []part
	var abort atomic.Bool
	r.readOne(j, &abort, func(p part) { parts = append(parts, p) })
	require.Len(t, parts, 1)
	require.ErrorContains(t, parts[0].err, "far.csv: line 3 of a piece")
	require.Equal(t, uint64(2), parts[0].book.Calls(), "the two rows before it counted, the third not")
}
