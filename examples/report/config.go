package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/openfinance-kpi/kpi/examples/internal/accesslog"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

var errHelp = errors.New("help")

// defaultMaxBadListed is -max-bad-listed's default: a listed bad row
// costs about 150 bytes, so a file of bad rows cannot fill the memory.
const defaultMaxBadListed = 1000

// config is the parsed command line: the flags that change daily.csv
// (daily.Settings, shared with examples/beam) and the command's own.
type config struct {
	daily.Settings
	planned string
	format  string
	out     string
	lenient bool
	entity  string
	// maxLineBytes is the longest input line read (-max-line-bytes); a
	// longer line is a bad row. maxBadListed is the most bad rows listed
	// (-max-bad-listed); every bad row is counted.
	maxLineBytes int
	maxBadListed int
	files        []string
	sources      []source          // instead of files, for tests and benchmarks
	input        *accesslog.Reader // -input-format and its options; nil: the calls CSV
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: report [flags] [calls.csv ...]   (no file: the embedded sample)\n")
		fs.PrintDefaults()
	}
	rules := fs.String("rules", "cbuae", "rule set and benchmark profile: cbuae, cbb or platform")
	tz := fs.String("tz", "", "IANA zone of the reporting day (default: the profile's)")
	asOf := fs.String("asof", "", "observation end, RFC 3339 (default: the next local midnight after the last call)")
	planned := fs.String("planned", "", "CSV of planned windows: start,end[,endpoint]")
	payments := fs.String("payment-endpoints", "", "comma-separated endpoint IDs counted for Max PIPS (default: the profile's catalogue)")
	format := fs.String("format", "text", "output format: text, csv or json")
	out := fs.String("out", "", "write daily.csv (and the CBB sheets with -rules cbb) into this directory")
	lenient := fs.Bool("lenient", false, "skip bad rows (still listed and counted) instead of failing")
	entity := fs.String("entity", "", "reporting entity's name, for the CBB sheets' Entity Name")
	maxLine := fs.Int("max-line-bytes", daily.DefaultMaxLineBytes, "longest input line read, in bytes; a longer line is a bad row, read and discarded")
	maxBad := fs.Int("max-bad-listed", defaultMaxBadListed, "most bad rows listed (stderr, JSON); every bad row is counted")
	inputFormat := fs.String("input-format", "csv", "input format: "+strings.Join(accesslog.Formats, ", "))
	logFormat := fs.String("log-format", "", "the server's log format line (apache LogFormat, nginx log_format, envoy format), or a preset: 'combined %D'")
	logTZ := fs.String("log-tz", "", "zone of log timestamps without an offset: +02:00, Z or an IANA name")
	mapSpec := fs.String("map", "", "json fields: target=source.path,... (received_at, endpoint or method and path, status, ttlb_ms, ...)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, errHelp
		}
		return nil, err
	}
	var list []string // nil: the profile's catalogue
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "payment-endpoints" { // given, even empty: it replaces the catalogue
			list = strings.Split(*payments, ",")
		}
	})
	st, err := daily.NewSettings(*rules, *tz, *asOf, list)
	if err != nil {
		return nil, err
	}
	if *maxLine < 1 {
		return nil, fmt.Errorf("-max-line-bytes %d: want at least 1", *maxLine)
	}
	if *maxBad < 0 {
		return nil, fmt.Errorf("-max-bad-listed %d: want 0 or more", *maxBad)
	}
	in, err := accesslog.New(accesslog.Options{Format: *inputFormat, LogFormat: *logFormat, TZ: *logTZ, Map: *mapSpec, MaxLineBytes: *maxLine})
	if err != nil {
		return nil, err
	}
	if in.Format() != "csv" && fs.NArg() == 0 {
		return nil, fmt.Errorf("-input-format %s: give the log file(s) to read (the embedded sample is a calls CSV)", in.Format())
	}
	cfg := &config{Settings: *st, planned: *planned, format: *format, out: *out, lenient: *lenient, entity: *entity, files: fs.Args(), input: in,
		maxLineBytes: *maxLine, maxBadListed: *maxBad}
	switch cfg.format {
	case "text", "csv", "json":
	default:
		return nil, fmt.Errorf("-format %q: want text, csv or json", cfg.format)
	}
	return cfg, nil
}
