package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

var errHelp = errors.New("help")

// config is the parsed command line.
type config struct {
	rules    string
	profile  benchmark.Profile
	avail    availability.Options
	cal      kpi.Calendar
	asOf     time.Time // zero: the default
	planned  string
	payments map[string]bool
	format   string
	out      string
	lenient  bool
	entity   string
	files    []string
	sources  []source // instead of files, for tests and benchmarks
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
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, errHelp
		}
		return nil, err
	}
	cfg := &config{rules: *rules, planned: *planned, format: *format, out: *out, lenient: *lenient, entity: *entity, files: fs.Args()}
	var err error
	if cfg.avail, cfg.profile, err = daily.Rules(*rules); err != nil {
		return nil, err
	}
	switch cfg.format {
	case "text", "csv", "json":
	default:
		return nil, fmt.Errorf("-format %q: want text, csv or json", cfg.format)
	}
	zone := cfg.profile.Zone
	if *tz != "" {
		zone = *tz
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, fmt.Errorf("-tz %q: %v", zone, err)
	}
	cfg.cal = kpi.NewCalendar(loc)
	if *asOf != "" {
		if cfg.asOf, err = parseRFC3339([]byte(*asOf)); err != nil {
			return nil, fmt.Errorf("-asof %q: %v", *asOf, err)
		}
		if !inRange(cfg.asOf) {
			return nil, fmt.Errorf("-asof %q: %v", *asOf, errYears)
		}
	}
	list := cfg.profile.PaymentEndpoints
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "payment-endpoints" { // given, even empty: it replaces the catalogue
			list = strings.Split(*payments, ",")
		}
	})
	cfg.payments = daily.PaymentSet(list)
	return cfg, nil
}
