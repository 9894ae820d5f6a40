// Command report computes the daily open-finance KPIs of the rulebook from
// API call records (CSV, or a gateway's access log) and evaluates a
// regulator's benchmark profile.
//
//	go run ./examples/report [flags] [calls.csv ...]
//
// With no file it reads its embedded sample: a generated week of calls on
// the CBUAE endpoint list (see sample/README.md). Input and output follow
// REPORT-CONTRACT.md; the flags:
//
//	-rules cbuae|cbb|platform   rule set and benchmark profile (cbuae)
//	-tz NAME                    IANA zone of the reporting day (the profile's); not Local
//	-asof RFC3339               observation end (the next local midnight after the last call)
//	-planned FILE               planned windows: start,end[,endpoint]
//	-payment-endpoints LIST     endpoint IDs counted for Max PIPS (the profile's catalogue)
//	-format text|csv|json       output format (text)
//	-out DIR                    write daily.csv (and, with -rules cbb, the CBB sheets) into DIR
//	-lenient                    skip bad rows instead of failing
//	-max-line-bytes N           longest input line read (1048576); a longer line is a
//	                            bad row, read and discarded in bounded memory
//	-max-bad-listed N           most bad rows listed on stderr and in JSON (1000);
//	                            every bad row is counted ("report: N bad rows, first M listed")
//	-input-format FORMAT        csv (default), apache, nginx, haproxy, envoy, alb or json
//	-log-format LINE            the server's LogFormat / log_format / Envoy format, or a
//	                            preset and more: 'combined %D', 'combined $request_time'
//	-log-tz ZONE                zone of log timestamps without offset (+02:00, Z, IANA name)
//	-map target=source,...      the json format's fields (received_at, endpoint, status, ttlb_ms, ...)
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
		if cfg.format == "csv" {
			fmt.Fprintf(stderr, "report: skipped %d bad row(s)\n", rep.badRows)
		}
	}
	if err := write(cfg, rep, stdout); err != nil {
		fmt.Fprintf(stderr, "report: %v\n", err)
		return 2
	}
	return 0
}
