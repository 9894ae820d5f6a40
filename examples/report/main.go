// Command report computes the daily open-finance KPIs of the rulebook from
// API call records (CSV, or a gateway's access log) and evaluates a
// regulator's benchmark profile.
//
//	go run ./examples/report [flags] [calls.csv ...]
//
// With no file it reads its embedded sample: a generated week of calls on
// the CBUAE endpoint list (examples/report/sample/README.md says how it was
// generated). The command's full input and output contract is
// examples/report/README.md; the flags:
//
//	-rules NAME                 rule set and benchmark profile: cbuae (default), cbb,
//	                            platform, cdr, ofb, uk, eba or cbuae-nebras
//	-tz NAME                    IANA zone of the reporting day (the profile's); not Local
//	-asof RFC3339               observation end (the next local midnight after the last call)
//	-planned FILE               planned windows: start,end[,endpoint]
//	-payment-endpoints LIST     endpoint IDs counted for Max PIPS (the profile's catalogue)
//	-format FORMAT              text (default), csv, json, html (the dashboard, one offline
//	                            page), or a regulator's format: cdr-metrics, ofb-metrics,
//	                            uk-mi (README.md in this directory)
//	-base-url URL               the API's base URL (cdr-metrics, ofb-metrics)
//	-cdr-counts LIST            customers=N,recipients=N,individual=N,nonIndividual=N (cdr-metrics)
//	-out DIR                    write daily.csv (and, with -rules cbb, the CBB sheets; with
//	                            -format html, dashboard.html) into DIR
//	-lenient                    skip bad rows instead of failing
//	-disorder D                 the input's disorder bound (5m): memory holds the calls of
//	                            this window; input more out of order is read a second
//	                            time in memory, and the input checks say so (0: one pass,
//	                            in memory)
//	-max-line-bytes N           longest input line read (1048576); a longer line is a
//	                            bad row, read and discarded in bounded memory
//	-max-bad-listed N           most bad rows listed on stderr and in JSON (1000);
//	                            every bad row is counted ("report: N bad rows, first M listed")
//	-input-format FORMAT        csv (default), apache, nginx, haproxy, envoy, alb or json
//	-log-format LINE            the server's LogFormat / log_format / Envoy format, or a
//	                            preset and more: 'combined %D', 'combined $request_time'
//	-log-tz ZONE                zone of log timestamps without offset (+02:00, Z, IANA name)
//	-map target=source,...      the json format's fields (received_at, endpoint, status, ttlb_ms, ...)
//	-consents FILE              consent journey events (CBB sheet 2, authentication KPIs)
//	-users FILE                 user activity with its history (CBB sheet 3)
//	-tpps FILE                  TPP on-boardings and de-registrations (CBB sheet 4)
//	-platform FILE              platform records: partners, developers, NPS, tickets, revenue,
//	                            cost, compliance, security (the platform profile's business KPIs)
//	-catalogue profile|none|FILE  the endpoint catalogue in force (none): raw paths are matched
//	                            to templates (Rule EP-1), calls outside it are listed, in no figure
//	-monitoring FILE            monitoring outages (Rule AV-MON-1): start,end[,endpoint]; unplanned
//	                            downtime, and evidence that a day was observed (AV-EVIDENCE-2)
//	-consec-scope endpoint|interface  AV-CONSEC's scope (Rule AV-SCOPE-1): interface adds one walk
//	                            over all calls to the ALL row; endpoint rows keep their own
//
// The monthly files' columns are documented by daily.ConsentColumns,
// daily.UserColumns, daily.TPPColumns and daily.PlatformColumns
// (examples/internal/daily).
//
// Before any table the text report lists its input checks (checks.go):
// endpoints outside the catalogue in force or the profile's, side inputs
// naming endpoints nobody called, duplicate rows, and days without any
// evidence; JSON carries them in "warnings", and -format csv prints them
// on stderr. They never change a figure or the exit status.
//
// Access logs are read by examples/internal/accesslog, whose documentation
// says how each format's fields become calls.
//
// Bad rows are listed as "file:line: reason" and counted; nothing is
// skipped without being counted. A malformed quote is a bad row at its
// first line, and reading resumes at the next physical line (a quoted
// field may hold line breaks only while it makes a good row of at most 16
// lines; see daily.RecordReader).
//
// The endpoint name ALL is reserved: the outputs call each day's interface
// row so. A call (or a -planned window) on an endpoint named ALL is a bad
// row, with the reason `endpoint: "ALL" is reserved for the interface
// row`; it is never renamed. Endpoint IDs are written byte for byte in
// daily.csv, losslessly in JSON (a string, or {"base64": ...} for one that
// is not UTF-8: daily.IDJSON) and escaped in text (\xNN for control and
// invalid bytes, \\ for a backslash: daily.IDText). A text table cuts an
// ID longer than 64 runes to "prefix...[n]" and writes it whole once, as
// "[n] ID", under the first table that shows it.
//
// The command parses, calls the library and formats: every figure is
// computed by the library packages. Errors exit with status 2 and write no
// report.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"

	_ "time/tzdata" // -tz works on machines without a zone database
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the whole command, for tests: it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		if err != errHelp {
			fmt.Fprintf(stderr, "report: %v\n", err)
		}
		return 2
	}
	rep, err := build(cfg)
	if rep != nil { // bad rows are listed even when the run then fails
		for _, b := range rep.bad {
			fmt.Fprintf(stderr, "%s\n", b)
		}
		if rep.badRows > len(rep.bad) {
			fmt.Fprintf(stderr, "report: %d bad rows, first %d listed (-max-bad-listed)\n", rep.badRows, len(rep.bad))
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "report: %v\n", err)
		return 2
	}
	if rep.badRows > 0 {
		if !cfg.lenient {
			fmt.Fprintf(stderr, "report: %d bad row(s); no report written (use -lenient to skip them)\n", rep.badRows)
			return 2
		}
		if cfg.format != "text" && cfg.format != "json" {
			fmt.Fprintf(stderr, "report: skipped %d bad row(s)\n", rep.badRows)
		}
	}
	if cfg.format != "text" && cfg.format != "json" { // text and json carry the input checks themselves
		// Buffered, and each check lists its first endpoints as the text
		// format does: a log of raw paths (a million endpoints outside the
		// profile's catalogue) wrote a million lines, a write each.
		w := bufio.NewWriter(stderr)
		for _, c := range rep.checks() {
			writeCheck(w, c, "report: warning: ", "report:   ")
		}
		w.Flush() // stderr's own errors are not reported (as before)
	}
	if err := write(cfg, rep, stdout); err != nil {
		fmt.Fprintf(stderr, "report: %v\n", err)
		return 2
	}
	return 0
}
