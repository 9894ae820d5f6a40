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
	planned    string
	monitoring string   // -monitoring FILE: AV-MON-1 outages
	payments   []string // the -payment-endpoints items given; nil: the profile's
	// regimeCatalogue is the rule set's own catalogue (its groups and
	// payment endpoints, before -payment-endpoints), nil for a profile
	// without groups: what EP-2 lists endpoints against.
	regimeCatalogue *kpi.Catalogue
	format          string
	out             string
	lenient         bool
	entity          string
	files           []string
	sources         []source          // instead of files, for tests and benchmarks
	input           *accesslog.Reader // -input-format and its options; nil: the calls CSV
	regime          regimeFlags       // the regulators' formats' own flags (regime.go)
	// maxLineBytes is the longest input line read (-max-line-bytes; the
	// reader, input, has it too); a longer line is a bad row. maxBadListed
	// is the most bad rows listed (-max-bad-listed); every bad row is
	// counted.
	maxLineBytes int
	maxBadListed int
	// splitMin and splitInto say how a large uncompressed CSV is read on
	// several cores (split.go): an input of at least splitMin bytes is cut
	// into splitInto pieces; zero values are the defaults (defaultSplitMin,
	// GOMAXPROCS). Tests set them to cut small inputs.
	splitMin  int64
	splitInto int
	// chunkBytes is the size of a stream's chunks (split.go:
	// defaultChunkBytes when 0). Tests set it to cut small inputs.
	chunkBytes int
	// disorder is the disorder bound (-disorder): the book keeps the
	// records of this window only (book.Book.SetDisorder); 0 keeps every
	// record. A call later than the bound has the input read again
	// without it (aggregate.go).
	disorder time.Duration
	// partRows is the rows of a part of a stream under the bound
	// (defaultPartRows when 0). Tests set it to cut small inputs.
	partRows int

	monthlyFiles // -consents, -users, -tpps (monthly.go)
}

func parseFlags(args []string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: report [flags] [calls.csv ...]   (no file: the embedded sample)\n")
		fs.PrintDefaults()
	}
	rules := fs.String("rules", "cbuae", "rule set and benchmark profile: "+daily.RuleNames)
	tz := fs.String("tz", "", "IANA zone of the reporting day (default: the profile's)")
	asOf := fs.String("asof", "", "observation end, RFC 3339 (default: the next local midnight after the last call)")
	planned := fs.String("planned", "", "CSV of planned windows: start,end[,endpoint]")
	payments := fs.String("payment-endpoints", "", "comma-separated endpoint IDs counted for Max PIPS (default: the profile's catalogue)")
	format := fs.String("format", "text", "output format: text, csv, json, html (the dashboard), or a regulator's: "+formatCDR+", "+formatOFB+", "+formatUKMI)
	out := fs.String("out", "", "write daily.csv (and the CBB sheets with -rules cbb) into this directory")
	lenient := fs.Bool("lenient", false, "skip bad rows (still listed and counted) instead of failing")
	entity := fs.String("entity", "", "reporting entity's name, for the CBB sheets' Entity Name")
	maxLine := fs.Int("max-line-bytes", daily.DefaultMaxLineBytes, "longest input line read, in bytes; a longer line is a bad row, read and discarded")
	maxBad := fs.Int("max-bad-listed", defaultMaxBadListed, "most bad rows listed (stderr, JSON); every bad row is counted")
	inputFormat := fs.String("input-format", "csv", "input format: "+strings.Join(accesslog.Formats, ", "))
	logFormat := fs.String("log-format", "", "the server's log format line (apache LogFormat, nginx log_format, envoy format), or a preset: 'combined %D'")
	logTZ := fs.String("log-tz", "", "zone of log timestamps without an offset: +02:00, Z or an IANA name")
	mapSpec := fs.String("map", "", "json fields: target=source.path,... (received_at, endpoint or method and path, status, ttlb_ms, ...)")
	catalogue := fs.String("catalogue", "none", "endpoint catalogue in force: profile, none, or a FILE of templates (EP-1)")
	monitoring := fs.String("monitoring", "", "CSV of monitoring outages (AV-MON-1): start,end[,endpoint]")
	consecScope := fs.String("consec-scope", "endpoint", "AV-CONSEC's scope (AV-SCOPE-1): endpoint, or interface for one more walk over all calls")
	consents := fs.String("consents", "", "CSV of consent journey events: CBB sheet 2 and the authentication KPIs")
	users := fs.String("users", "", "CSV of user activity, with the history that decides \"first time\": CBB sheet 3")
	tpps := fs.String("tpps", "", "CSV of TPP on-boardings and de-registrations: CBB sheet 4")
	platformFile := fs.String("platform", "", "CSV of platform records (partners, developers, NPS, tickets, revenue, compliance, security): the platform KPIs")
	baseURL := fs.String("base-url", "", "the API's base URL, for -format cdr-metrics (links.self) and ofb-metrics (endpoint URIs)")
	cdrCounts := fs.String("cdr-counts", "", "-format cdr-metrics: customers=N,recipients=N,individual=N,nonIndividual=N (the consent store's point-in-time counts)")
	disorder := fs.Duration("disorder", defaultDisorder, "the input's disorder bound: memory holds the calls of this window, not all; a call later than it has the input read a second time, in memory (0: read once, in memory)")
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
	given := list != nil
	preset, _ := daily.Rules(*rules) // NewSettings accepted the name
	if st.Catalogue, err = catalogueOf(*catalogue, preset); err != nil {
		return nil, err
	}
	var regime *kpi.Catalogue
	if len(preset.Groups) > 0 {
		if regime, err = preset.Catalogue(); err != nil {
			return nil, fmt.Errorf("-rules %s: its catalogue: %v", *rules, err)
		}
	}
	switch *consecScope {
	case "endpoint":
	case "interface":
		if st.Profile.Availability.Rule != availability.Consecutive {
			return nil, fmt.Errorf("-consec-scope interface: -rules %s derives downtime with the failure clock (AV-CLOCK); the scope option is AV-CONSEC's", *rules)
		}
		st.Profile.Availability.InterfaceWide = true
	default:
		return nil, fmt.Errorf("-consec-scope %q: want endpoint or interface", *consecScope)
	}
	if *maxLine < 1 {
		return nil, fmt.Errorf("-max-line-bytes %d: want at least 1", *maxLine)
	}
	if *disorder < 0 {
		return nil, fmt.Errorf("-disorder %s: want 0 or more", *disorder)
	}
	if *maxBad < 0 {
		return nil, fmt.Errorf("-max-bad-listed %d: want 0 or more", *maxBad)
	}
	in, err := accesslog.New(accesslog.Options{Format: *inputFormat, LogFormat: *logFormat, TZ: *logTZ, Map: *mapSpec, MaxLineBytes: *maxLine,
		KeepTPP: *format == "html"}) // the dashboard's usage by partner
	if err != nil {
		return nil, err
	}
	if in.Format() != "csv" && fs.NArg() == 0 {
		return nil, fmt.Errorf("-input-format %s: give the log file(s) to read (the embedded sample is a calls CSV)", in.Format())
	}
	cfg := &config{Settings: *st, planned: *planned, monitoring: *monitoring, payments: givenItems(given, st.Profile.PaymentEndpoints), regimeCatalogue: regime, format: *format, out: *out, lenient: *lenient, entity: *entity, files: fs.Args(), input: in,
		maxLineBytes: *maxLine, maxBadListed: *maxBad, disorder: *disorder}
	cfg.monthlyFiles = monthlyFiles{consents: *consents, users: *users, tpps: *tpps, platform: *platformFile}
	switch cfg.format {
	case "text", "csv", "json", "html":
	case formatCDR, formatOFB, formatUKMI:
		if cfg.regime, err = parseRegimeFlags(cfg.format, *baseURL, *cdrCounts); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("-format %q: want text, csv, json, html, %s, %s or %s", cfg.format, formatCDR, formatOFB, formatUKMI)
	}
	return cfg, nil
}

// catalogueOf resolves -catalogue: "none" (nil: Rule EP-2), "profile" (the
// profile's own catalogue) or a file of templates (kpi.ParseCatalogue: one
// template a line, # comments, "prefix /path" lines).
func catalogueOf(flag string, p benchmark.Profile) (*kpi.Catalogue, error) {
	switch flag {
	case "none", "":
		return nil, nil
	case "profile":
		if len(p.Groups) == 0 {
			return nil, fmt.Errorf("-catalogue profile: the %s profile has no endpoint catalogue (give a FILE)", p.Name)
		}
		c, err := p.Catalogue()
		if err != nil {
			return nil, fmt.Errorf("-catalogue profile: %v", err)
		}
		return c, nil
	}
	rc, err := openFile(flag)
	if err != nil {
		return nil, fmt.Errorf("-catalogue: %v", err)
	}
	defer rc.Close()
	data, err := io.ReadAll(rc)
	if err != nil {
		return nil, fmt.Errorf("-catalogue %s: %v", flag, err)
	}
	c, err := kpi.ParseCatalogue(data)
	if err != nil {
		return nil, fmt.Errorf("-catalogue %s: %v", flag, err)
	}
	return c, nil
}

// givenItems returns items when the flag was given, nil otherwise.
func givenItems(given bool, items []string) []string {
	if !given {
		return nil
	}
	return items
}
