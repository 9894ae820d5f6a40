// Command duckdb computes, with DuckDB's SQL through its official Go
// client (github.com/duckdb/duckdb-go/v2), the part of the report's
// daily.csv that SQL expresses directly, for a whole-process comparison
// with the report command. It lives in a module of its own: the library
// never depends on DuckDB.
//
// Per endpoint and UTC day (and per day for the interface, endpoint
// "ALL") it computes calls, responded, the status classes, no_response,
// rejected, errors_5xx (attributable 5xx, Rule ER-1), error_rate_pct, the
// total, average and maximum TTLB of responded calls (PF-AVG-1, PF-MAX-1),
// total_response_bytes and peak_tps (the most calls received in one
// second, PF-TPS-1). The availability columns (AV-CLOCK, a walk of each
// endpoint's calls in time order with clocks that open and close), the
// percentiles and the per-page figures are left out: they are not one
// aggregate.
//
//	duckdb -csv calls.csv -check daily.csv   # compare with the report's daily.csv (run with -tz UTC)
//	duckdb -csv calls.csv -threads 2         # compute only (for timing)
//
// run.sh generates the data, checks the figures and times both.
package main

import (
	"database/sql"
	"encoding/csv"
	"flag"
	"fmt"
	"io"
	"math/big"
	"os"
	"strings"

	_ "github.com/duckdb/duckdb-go/v2"
)

// columns are daily.csv's columns this program computes, in query order.
var columns = []string{"calls", "responded", "status_2xx", "status_3xx", "status_4xx", "status_5xx", "no_response",
	"rejected", "errors_5xx", "error_rate_pct", "total_ttlb_ms", "avg_ttlb_ms", "max_ttlb_ms", "total_response_bytes", "peak_tps"}

// query is the SQL: the CSV read with exact decimal milliseconds, then one
// aggregate per endpoint-day and per day, and the busiest second.
const query = `
WITH calls AS (
  SELECT received_at, endpoint, status, ttlb_ms, coalesce(response_bytes, 0) AS response_bytes,
         coalesce(attributable, true) AS attributable, coalesce(rejected, false) AS rejected,
         CAST(received_at AS DATE) AS day, date_trunc('second', received_at) AS sec
  FROM read_csv(?, header = true, auto_detect = false, columns = {
    'received_at': 'TIMESTAMPTZ', 'endpoint': 'VARCHAR', 'status': 'INTEGER', 'ttfb_ms': 'DECIMAL(18,6)',
    'ttlb_ms': 'DECIMAL(18,6)', 'response_bytes': 'BIGINT', 'records': 'BIGINT', 'tpp_id': 'VARCHAR',
    'attributable': 'BOOLEAN', 'rejected': 'BOOLEAN'})
),
per_second AS (
  SELECT day, endpoint, sec, count(*) AS n FROM calls GROUP BY GROUPING SETS ((day, endpoint, sec), (day, sec))
),
peaks AS (
  SELECT day, coalesce(endpoint, 'ALL') AS endpoint, max(n) AS peak_tps FROM per_second
  GROUP BY day, endpoint
),
figures AS (
  SELECT day, coalesce(endpoint, 'ALL') AS endpoint,
    count(*) AS calls,
    count(*) FILTER (status <> 0) AS responded,
    count(*) FILTER (status BETWEEN 200 AND 299) AS status_2xx,
    count(*) FILTER (status BETWEEN 300 AND 399) AS status_3xx,
    count(*) FILTER (status BETWEEN 400 AND 499) AS status_4xx,
    count(*) FILTER (status BETWEEN 500 AND 599) AS status_5xx,
    count(*) FILTER (status = 0) AS no_response,
    count(*) FILTER (rejected) AS rejected,
    count(*) FILTER (status BETWEEN 500 AND 599 AND attributable) AS errors_5xx,
    sum(ttlb_ms) FILTER (status <> 0) AS total_ttlb_ms,
    max(ttlb_ms) FILTER (status <> 0) AS max_ttlb_ms,
    sum(response_bytes) AS total_response_bytes
  FROM calls GROUP BY GROUPING SETS ((day, endpoint), (day))
)
SELECT CAST(f.day AS VARCHAR), f.endpoint, f.calls, f.responded, f.status_2xx, f.status_3xx, f.status_4xx,
  f.status_5xx, f.no_response, f.rejected, f.errors_5xx,
  CAST(f.total_ttlb_ms AS VARCHAR), CAST(f.max_ttlb_ms AS VARCHAR), CAST(f.total_response_bytes AS VARCHAR), p.peak_tps
FROM figures f JOIN peaks p USING (day, endpoint)
ORDER BY 1, 2`

// row is one endpoint-day's figures as daily.csv writes them.
type row struct {
	key    string // "date endpoint"
	values map[string]string
}

func main() {
	in := flag.String("csv", "", "the calls CSV (gensample -bench)")
	check := flag.String("check", "", "the report's daily.csv (-tz UTC) to compare with; exit 1 on a difference")
	threads := flag.Int("threads", 0, "DuckDB threads (SET threads); 0: DuckDB's default")
	flag.Parse()
	if *in == "" {
		fmt.Fprintln(os.Stderr, "duckdb: -csv FILE is required")
		os.Exit(2)
	}
	rows, err := compute(*in, *threads)
	if err != nil {
		fmt.Fprintln(os.Stderr, "duckdb:", err)
		os.Exit(1)
	}
	if *check == "" {
		fmt.Printf("%d endpoint-day and day rows\n", len(rows))
		return
	}
	n, err := compare(rows, *check)
	if err != nil {
		fmt.Fprintln(os.Stderr, "duckdb:", err)
		os.Exit(1)
	}
	fmt.Printf("%d rows x %d columns equal to %s\n", n, len(columns), *check)
}

// compute runs the query over the CSV at path.
func compute(path string, threads int) ([]row, error) {
	db, err := sql.Open("duckdb", "")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1) // one connection: the SET below applies to the query
	if _, err := db.Exec("SET TimeZone = 'UTC'"); err != nil {
		return nil, err
	}
	if threads > 0 {
		if _, err := db.Exec(fmt.Sprintf("SET threads = %d", threads)); err != nil {
			return nil, err
		}
	}
	rs, err := db.Query(query, path)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var out []row
	for rs.Next() {
		var day, ep, total, maxTTLB, bytes string
		var calls, responded, s2, s3, s4, s5, noResp, rejected, errs, peak int64
		var totalN, maxN sql.NullString
		if err := rs.Scan(&day, &ep, &calls, &responded, &s2, &s3, &s4, &s5, &noResp, &rejected, &errs,
			&totalN, &maxN, &bytes, &peak); err != nil {
			return nil, err
		}
		total, maxTTLB = totalN.String, maxN.String
		v := map[string]string{
			"calls": fmt.Sprint(calls), "responded": fmt.Sprint(responded), "status_2xx": fmt.Sprint(s2),
			"status_3xx": fmt.Sprint(s3), "status_4xx": fmt.Sprint(s4), "status_5xx": fmt.Sprint(s5),
			"no_response": fmt.Sprint(noResp), "rejected": fmt.Sprint(rejected), "errors_5xx": fmt.Sprint(errs),
			"error_rate_pct":       fixed3(big.NewRat(100*errs, max(calls, 1))),
			"total_ttlb_ms":        "",
			"avg_ttlb_ms":          "",
			"max_ttlb_ms":          "",
			"total_response_bytes": bytes, "peak_tps": fmt.Sprint(peak),
		}
		if responded > 0 {
			t := decimalRat(total)
			v["total_ttlb_ms"] = fixed3(t)
			v["avg_ttlb_ms"] = fixed3(new(big.Rat).Quo(t, big.NewRat(responded, 1)))
			v["max_ttlb_ms"] = fixed3(decimalRat(maxTTLB))
		}
		out = append(out, row{key: day + " " + ep, values: v})
	}
	return out, rs.Err()
}

// decimalRat reads DuckDB's text of a DECIMAL exactly.
func decimalRat(s string) *big.Rat {
	r, ok := new(big.Rat).SetString(s)
	if !ok {
		return new(big.Rat)
	}
	return r
}

// fixed3 writes r with three fractional digits, rounded half away from
// zero, as daily.csv does.
func fixed3(r *big.Rat) string {
	scaled := new(big.Rat).Mul(r, big.NewRat(1000, 1))
	q, m := new(big.Int).QuoRem(scaled.Num(), scaled.Denom(), new(big.Int))
	if new(big.Int).Mul(m.Abs(m), big.NewInt(2)).Cmp(scaled.Denom()) >= 0 {
		if scaled.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	s := q.String()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for len(s) < 4 {
		s = "0" + s
	}
	s = s[:len(s)-3] + "." + s[len(s)-3:]
	if neg {
		s = "-" + s
	}
	return s
}

// compare checks every computed row against daily.csv's row of the same
// date and endpoint, column by column, and that daily.csv has no other
// row with calls.
func compare(rows []row, path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		return 0, err
	}
	want := map[string]map[string]string{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, err
		}
		m := map[string]string{}
		for i, h := range header {
			m[h] = rec[i]
		}
		if m["calls"] != "0" && m["calls"] != "" {
			want[m["date"]+" "+m["endpoint"]] = m
		}
	}
	var diffs []string
	for _, rw := range rows {
		w, ok := want[rw.key]
		if !ok {
			diffs = append(diffs, rw.key+": not in daily.csv")
			continue
		}
		delete(want, rw.key)
		for _, c := range columns {
			if rw.values[c] != w[c] {
				diffs = append(diffs, fmt.Sprintf("%s %s: duckdb %q, daily.csv %q", rw.key, c, rw.values[c], w[c]))
			}
		}
	}
	for k := range want {
		diffs = append(diffs, k+": in daily.csv only")
	}
	if len(diffs) > 0 {
		if len(diffs) > 10 {
			diffs = append(diffs[:10], fmt.Sprintf("... %d differences in all", len(diffs)))
		}
		return 0, fmt.Errorf("figures differ:\n%s", strings.Join(diffs, "\n"))
	}
	return len(rows), nil
}
