// Command beam computes the report command's daily.csv on Apache Beam:
// the same file, byte for byte, as `go run ./examples/report -format csv`,
// but computed by a distributed engine from the library's accumulators
// (book.EndpointDay, availability.Segment) and their Merge (Rule
// AV-MERGE-1 and the Merge laws).
//
//	go run . --runner=prism [flags] calls.csv [more.csv 'gs://bucket/calls-*.csv.gz' ...]
//
// See README.md for the flags and for Dataflow, Flink and Spark.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
	_ "time/tzdata" // -tz works on workers without a zone database

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/s3"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	"github.com/openfinance-kpi/kpi/examples/internal/accesslog"
)

var (
	rules    = flag.String("rules", "cbuae", "rule set and benchmark profile: cbuae, cbb or platform")
	tz       = flag.String("tz", "", "IANA zone of the reporting day (default: the profile's)")
	asOf     = flag.String("asof", "", "observation end, RFC 3339 (default: the next local midnight after the last call)")
	planned  = flag.String("planned", "", "CSV of planned windows: start,end[,endpoint]")
	payments = flag.String("payment-endpoints", "", "comma-separated endpoint IDs counted for Max PIPS (default: the profile's catalogue)")
	output   = flag.String("output", "daily.csv", "daily.csv's path (local, gs://, s3://)")
	badRows  = flag.String("bad-rows", "", "where bad rows are listed (default: OUTPUT.bad_rows.txt)")
	lenient  = flag.Bool("lenient", false, "skip bad rows (still listed) instead of failing")
	segment  = flag.Duration("segment", time.Hour, "length of the time segments availability is summarised in")
	fanout   = flag.Int("fanout", 4, "sub-keys each endpoint-day's calls are spread over before the library's Merge joins them")
	inFormat = flag.String("input-format", "csv", "input format: "+strings.Join(accesslog.Formats, ", "))
	logFmt   = flag.String("log-format", "", "the server's log format line, or a preset and more: 'combined %D' (as the report's)")
	logTZ    = flag.String("log-tz", "", "zone of log timestamps without an offset: +02:00, Z or an IANA name")
	mapSpec  = flag.String("map", "", "json fields: target=source.path,... (as the report's)")
)

func main() {
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: beam --runner=prism|direct|dataflow|flink|spark [flags] calls.csv|glob ...\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	beam.Init() // on a worker this never returns
	cfg, err := configFromFlags(flag.CommandLine, flag.Args())
	if err == nil {
		err = run(context.Background(), cfg)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "beam: %v\n", err)
		os.Exit(2)
	}
}

// configFromFlags turns the parsed flags into a Config, reading the
// -planned file (small) at construction.
func configFromFlags(fs *flag.FlagSet, args []string) (Config, error) {
	cfg := Config{Inputs: args, Output: *output, BadRows: *badRows, Rules: *rules, TZ: *tz, AsOf: *asOf,
		Lenient: *lenient, Segment: *segment, Fanout: *fanout,
		Log: accesslog.Options{Format: *inFormat, LogFormat: *logFmt, TZ: *logTZ, Map: *mapSpec}}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "payment-endpoints" { // given, even empty: it replaces the catalogue
			cfg.Payments = strings.Split(*payments, ",")
			if cfg.Payments == nil {
				cfg.Payments = []string{}
			}
		}
	})
	if *planned != "" {
		data, err := readFile(context.Background(), *planned)
		if err != nil {
			return cfg, fmt.Errorf("-planned: %v", err)
		}
		cfg.Planned, cfg.PlanName = string(data), *planned
		if cfg.Planned == "" {
			return cfg, fmt.Errorf("-planned %s: empty file, want a header start,end[,endpoint]", *planned)
		}
	}
	if len(args) == 0 {
		return cfg, errors.New("no input: give one or more calls CSVs or globs")
	}
	return cfg, nil
}

// run builds the pipeline and runs it on the runner --runner names.
func run(ctx context.Context, cfg Config) error {
	p, s := beam.NewPipelineWithRoot()
	if err := Build(s, cfg); err != nil {
		return err
	}
	return beamx.Run(ctx, p)
}

func readFile(ctx context.Context, path string) ([]byte, error) {
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return nil, err
	}
	defer fs.Close()
	r, err := fs.OpenRead(ctx, path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}
