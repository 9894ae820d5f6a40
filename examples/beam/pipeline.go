package main

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

// Config is the pipeline's configuration: the report command's flags that
// change daily.csv, plus the input globs, the output and the segment
// length. It travels inside the DoFns (exported fields), so every worker
// sees the same.
type Config struct {
	Inputs   []string      // file globs (local paths, gs://, s3://, ...)
	Output   string        // daily.csv's path
	BadRows  string        // where bad rows are listed (default: beside Output)
	Rules    string        // cbuae, cbb or platform
	TZ       string        // IANA zone; "" = the profile's
	AsOf     string        // RFC 3339; "" = the next local midnight after the last call
	Planned  string        // the planned windows' CSV text (read at construction)
	PlanName string        // its file name, for messages
	Payments []string      // the payment catalogue; nil = the profile's
	Lenient  bool          // write daily.csv even with bad rows
	Segment  time.Duration // availability segment length (> 0)
	Fanout   int           // sub-keys per endpoint-day (hot-key fan-out); < 1 means 1
}

// settings are what a Config means, built on each worker.
type settings struct {
	cal      kpi.Calendar
	avail    availability.Options
	asOf     time.Time
	payments []string
	planned  []daily.PlannedWindow
}

func (c *Config) settings() (*settings, error) {
	opts, profile, err := daily.Rules(c.Rules)
	if err != nil {
		return nil, err
	}
	zone := profile.Zone
	if c.TZ != "" {
		zone = c.TZ
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, fmt.Errorf("-tz %q: %v", zone, err)
	}
	st := &settings{cal: kpi.NewCalendar(loc), avail: opts, payments: c.Payments}
	if st.payments == nil {
		st.payments = profile.PaymentEndpoints
	}
	if c.AsOf != "" {
		if st.asOf, err = daily.ParseRFC3339([]byte(c.AsOf)); err != nil {
			return nil, fmt.Errorf("-asof %q: %v", c.AsOf, err)
		}
		if !daily.InRange(st.asOf) {
			return nil, fmt.Errorf("-asof %q: %v", c.AsOf, daily.ErrYears)
		}
	}
	if c.Planned != "" {
		if st.planned, err = daily.ReadPlanned(c.PlanName, []byte(c.Planned)); err != nil {
			return nil, err
		}
	}
	if c.Segment <= 0 {
		return nil, fmt.Errorf("-segment %v: want a positive duration", c.Segment)
	}
	return st, nil
}

func init() {
	register.DoFn4x1[context.Context, fileio.ReadableFile, func(kpi.Call), func(string), error](&parseFn{})
	register.Emitter1[kpi.Call]()
	register.Emitter1[string]()
	register.DoFn1x2[kpi.Call, string, kpi.Call](&dayKeyFn{})
	register.Function2x2(dropFanout)
	register.Combiner3[scopeAcc, scopeAcc, scopeAcc](&mergeScopeFn{})
	register.DoFn2x0[kpi.Call, func(string, kpi.Call)](&segKeyFn{})
	register.Emitter2[string, kpi.Call]()
	register.Function1x1(receivedNs)
	register.DoFn2x3[string, func(*kpi.Call) bool, string, availability.Segment, error](&summarizeFn{})
	register.Iter1[kpi.Call]()
	register.Combiner3[scopeAcc, kpi.Call, scopeAcc](&scopeFn{})
	register.Combiner3[segAcc, availability.Segment, availability.Segment](&segFn{})
	register.Combiner3[bounds, int64, bounds](&boundsFn{})
	register.DoFn6x1[context.Context, []byte, func(*string, *scopeAcc) bool, func(*string, *availability.Segment) bool, func(*bounds) bool, func(*string) bool, error](&writeFn{})
	register.Iter2[string, scopeAcc]()
	register.Iter2[string, availability.Segment]()
	register.Iter1[bounds]()
	register.Iter1[string]()
}

// Build adds the pipeline to s: read the calls, key them by endpoint-day
// and by endpoint-segment, combine, and write daily.csv.
func Build(s beam.Scope, cfg Config) error {
	if _, err := cfg.settings(); err != nil { // fail at construction, not on a worker
		return err
	}
	if len(cfg.Inputs) == 0 {
		return fmt.Errorf("no input: give one or more files or globs")
	}
	var matched []beam.PCollection
	for _, glob := range cfg.Inputs {
		matched = append(matched, fileio.MatchFiles(s, glob, fileio.MatchEmptyDisallow()))
	}
	files := fileio.ReadMatches(s, beam.Flatten(s, matched...))
	calls, bad := beam.ParDo2(s, &parseFn{}, files)

	// Per endpoint-day: the library's accumulators.
	// The calls of an endpoint-day are spread over Fanout sub-keys (one
	// endpoint-day of a large bank is hundreds of millions of calls: one key
	// would be one worker), added on their own, and the partial scopes
	// joined with the library's Merge.
	partial := beam.CombinePerKey(s, &scopeFn{Payments: mustSettings(cfg).payments}, beam.ParDo(s, &dayKeyFn{Cfg: cfg}, calls))
	scopes := beam.CombinePerKey(s, &mergeScopeFn{}, beam.ParDo(s, dropFanout, partial))

	// Per endpoint: availability segments, summarised per time segment and
	// combined.
	grouped := beam.GroupByKey(s, beam.ParDo(s, &segKeyFn{Cfg: cfg}, calls))
	segments := beam.CombinePerKey(s, &segFn{}, beam.ParDo(s, &summarizeFn{Cfg: cfg}, grouped))

	// The first and last call, for the days and the default -asof.
	bnds := beam.Combine(s, &boundsFn{}, beam.ParDo(s, receivedNs, calls))

	beam.ParDo0(s, &writeFn{Cfg: cfg}, beam.Impulse(s),
		beam.SideInput{Input: scopes}, beam.SideInput{Input: segments},
		beam.SideInput{Input: bnds}, beam.SideInput{Input: bad})
	return nil
}

func mustSettings(cfg Config) *settings {
	st, err := cfg.settings()
	if err != nil {
		panic(err) // Build checked it
	}
	return st
}

// parseFn reads one calls CSV with the report's rules (daily.ParseHeader,
// daily.ParseRow): good calls go to the first output, bad rows
// ("file:line: reason") to the second. A file is read whole by one worker
// (see README: the contract's quoted newlines, per-file headers and line
// numbers need the file from its start).
type parseFn struct{}

func (fn *parseFn) ProcessElement(ctx context.Context, f fileio.ReadableFile, emit func(kpi.Call), bad func(string)) error {
	name := f.Metadata.Path
	rc, err := f.Open(ctx)
	if err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	defer rc.Close()
	return parseCalls(name, rc, emit, bad)
}

func parseCalls(name string, in io.Reader, emit func(kpi.Call), bad func(string)) error {
	rr := daily.NewRecordReader(in)
	fields, line, err := rr.Read()
	if err == io.EOF {
		return fmt.Errorf("%s: empty file, want a header", name)
	}
	if err != nil {
		return fmt.Errorf("%s:%d: %v", name, line, err)
	}
	h, err := daily.ParseHeader(fields)
	if err != nil {
		return fmt.Errorf("%s:%d: %v", name, line, err)
	}
	strs := make(map[string]string)
	intern := func(b []byte) string {
		if s, ok := strs[string(b)]; ok {
			return s
		}
		s := string(b)
		strs[s] = s
		return s
	}
	var c kpi.Call
	for {
		fields, line, err := rr.Read()
		if err == io.EOF {
			return nil
		}
		if err == daily.ErrQuote {
			bad(badRow(name, line, err.Error()))
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
		if reason := daily.ParseRow(&h, fields, &c, intern); reason != "" {
			bad(badRow(name, line, reason))
			continue
		}
		emit(c)
	}
}

func receivedNs(c kpi.Call) int64 { return c.ReceivedAt.UnixNano() }

// dayKeyFn keys a call by its local day and endpoint, and a sub-key:
// "sub|date|endpoint", the date as the number kpi.Date holds, the sub-key
// the call's received_at nanoseconds modulo Fanout (any deterministic
// spread would do).
type dayKeyFn struct {
	Cfg Config
	cal kpi.Calendar
}

func (fn *dayKeyFn) Setup() error {
	st, err := fn.Cfg.settings()
	if err == nil {
		fn.cal = st.cal
	}
	return err
}

func (fn *dayKeyFn) ProcessElement(c kpi.Call) (string, kpi.Call) {
	sub := int64(0)
	if fn.Cfg.Fanout > 1 {
		sub = c.ReceivedAt.UnixNano() % int64(fn.Cfg.Fanout)
		if sub < 0 {
			sub += int64(fn.Cfg.Fanout)
		}
	}
	return strconv.FormatInt(sub, 10) + "|" + strconv.Itoa(int(fn.cal.DateOf(c.ReceivedAt))) + "|" + c.Endpoint, c
}

// dropFanout turns "sub|date|endpoint" into "date|endpoint".
func dropFanout(key string, s scopeAcc) (string, scopeAcc) {
	return key[strings.IndexByte(key, '|')+1:], s
}

func splitKey(key string) (int64, string, error) {
	i := strings.IndexByte(key, '|')
	if i < 0 {
		return 0, "", fmt.Errorf("malformed key %q", key)
	}
	n, err := strconv.ParseInt(key[:i], 10, 64)
	return n, key[i+1:], err
}

// segKeyFn keys a call by endpoint and time segment, "k|endpoint" for the
// segment [k·L, (k+1)·L) of Unix time: once for the segment of its
// received_at (an arrival, and its instant under AV-CONSEC) and once more
// for that of received_at + TTLB if it differs (its logged instant under
// AV-CLOCK). availability.Summarize takes from each call the part in its
// span, so a segment sees every instant that falls in it.
type segKeyFn struct{ Cfg Config }

func segOf(t time.Time, l time.Duration) int64 {
	ns := t.UnixNano()
	k := ns / int64(l)
	if ns%int64(l) < 0 {
		k-- // floor
	}
	return k
}

func (fn *segKeyFn) ProcessElement(c kpi.Call, emit func(string, kpi.Call)) {
	k0 := segOf(c.ReceivedAt, fn.Cfg.Segment)
	emit(strconv.FormatInt(k0, 10)+"|"+c.Endpoint, c)
	if k1 := segOf(c.ReceivedAt.Add(c.TTLB), fn.Cfg.Segment); k1 != k0 {
		emit(strconv.FormatInt(k1, 10)+"|"+c.Endpoint, c)
	}
}

// summarizeFn summarises one endpoint-segment's calls
// (availability.Summarize, AV-MERGE-1) and keys the segment by endpoint.
type summarizeFn struct {
	Cfg   Config
	avail availability.Options
}

func (fn *summarizeFn) Setup() error {
	st, err := fn.Cfg.settings()
	if err == nil {
		fn.avail = st.avail
	}
	return err
}

func (fn *summarizeFn) ProcessElement(key string, iter func(*kpi.Call) bool) (string, availability.Segment, error) {
	k, endpoint, err := splitKey(key)
	if err != nil {
		return "", availability.Segment{}, err
	}
	var calls []kpi.Call
	var c kpi.Call
	for iter(&c) {
		calls = append(calls, c)
	}
	// The engine delivers a group in any order; sorting makes the evidence
	// IDs (indexes in calls) the same on every run. The figures do not
	// depend on them.
	slices.SortFunc(calls, callCmp)
	l := int64(fn.Cfg.Segment)
	span := kpi.Interval{Start: time.Unix(0, k*l), End: time.Unix(0, (k+1)*l)}
	// An error is bad options or span (checked at construction) or bad
	// calls, which parseFn lets none through (daily.ParseRow runs kpi.Check).
	seg, err := availability.Summarize(calls, nil, endpoint, span, fn.avail)
	if err != nil {
		return "", availability.Segment{}, fmt.Errorf("availability: %s: %v", endpoint, err)
	}
	return endpoint, seg, nil
}

func callCmp(a, b kpi.Call) int {
	return cmp.Or(a.ReceivedAt.Compare(b.ReceivedAt), cmp.Compare(a.Status, b.Status), cmp.Compare(a.TTLB, b.TTLB),
		cmp.Compare(a.TTFB, b.TTFB), cmp.Compare(a.ResponseBytes, b.ResponseBytes), cmp.Compare(a.Records, b.Records),
		boolCmp(a.TTFBUnknown, b.TTFBUnknown), boolCmp(a.NotAttributable, b.NotAttributable), boolCmp(a.Rejected, b.Rejected))
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// writeFn runs once, on one worker, after everything is combined: the
// per endpoint-day scopes, one combined segment per endpoint, the bounds
// and the bad rows arrive as side inputs (a few thousand elements a year,
// whatever the number of calls). It derives the days exactly as the report
// does (daily.SpanOf, daily.EndpointDays, availability.InterfaceDays,
// daily.BuildRows) and writes daily.csv with daily.WriteCSV.
type writeFn struct{ Cfg Config }

func (fn *writeFn) ProcessElement(ctx context.Context, _ []byte,
	scopes func(*string, *scopeAcc) bool, segs func(*string, *availability.Segment) bool,
	bnds func(*bounds) bool, badRows func(*string) bool) error {
	st, err := fn.Cfg.settings()
	if err != nil {
		return err
	}
	var bad []string
	var row string
	for badRows(&row) {
		bad = append(bad, row)
	}
	if len(bad) > 0 {
		slices.Sort(bad)
		var list strings.Builder
		for _, b := range bad {
			list.WriteString(formatBad(b) + "\n")
		}
		if err := writeFile(ctx, fn.Cfg.badRowsPath(), []byte(list.String())); err != nil {
			return err
		}
		if !fn.Cfg.Lenient {
			return fmt.Errorf("%d bad row(s), listed in %s; no report written (use -lenient to skip them)", len(bad), fn.Cfg.badRowsPath())
		}
	}
	var b, one bounds
	for bnds(&one) {
		b = (&boundsFn{}).MergeAccumulators(b, one)
	}
	var out bytes.Buffer
	rows, err := buildRows(st, b, scopes, segs)
	if err != nil {
		return err
	}
	if err := daily.WriteCSV(&out, rows); err != nil {
		return err
	}
	return writeFile(ctx, fn.Cfg.Output, out.Bytes())
}

func buildRows(st *settings, b bounds, scopes func(*string, *scopeAcc) bool, segs func(*string, *availability.Segment) bool) ([]daily.Row, error) {
	if !b.Has {
		return nil, nil // no valid call at all: the header only
	}
	sp, err := daily.SpanOf(st.cal, time.Unix(0, b.First), time.Unix(0, b.Last), st.asOf)
	if err != nil {
		return nil, err
	}
	type dayEndpoint struct {
		d  kpi.Date
		ep string
	}
	byDay := make(map[dayEndpoint]*daily.Scope)
	names := make(map[string]bool)
	var key string
	var acc scopeAcc
	for scopes(&key, &acc) {
		d, ep, err := splitKey(key)
		if err != nil {
			return nil, err
		}
		byDay[dayEndpoint{kpi.Date(d), ep}] = acc.S
		names[ep] = true
	}
	bySeg := make(map[string]availability.Segment)
	var seg availability.Segment
	for segs(&key, &seg) {
		bySeg[key] = seg.Clone()
		names[key] = true
	}
	for _, w := range st.planned {
		if w.Endpoint != "" {
			names[w.Endpoint] = true // endpoints named in the planned file get rows
		}
	}
	endpoints := make([]string, 0, len(names))
	for ep := range names {
		endpoints = append(endpoints, ep)
	}
	slices.Sort(endpoints)
	perEndpoint := make([][]availability.Day, len(endpoints))
	for i, ep := range endpoints {
		s := bySeg[ep] // the zero Segment for an endpoint named only in the planned file
		perEndpoint[i] = daily.EndpointDays(st.cal, sp, ep, s.Outages(sp.AsOf), st.planned)
	}
	iface := availability.InterfaceDays(perEndpoint)
	scope := func(d kpi.Date, i int) *daily.Scope { return byDay[dayEndpoint{d, endpoints[i]}] }
	days := func(i int) []availability.Day { return perEndpoint[i] }
	return daily.BuildRows(sp, endpoints, scope, days, iface, st.avail)
}

// badRow is a bad row as it travels: file, line and reason joined so that
// byte order is file, then line (formatBad makes "file:line: reason").
func badRow(file string, line int, reason string) string {
	return fmt.Sprintf("%s\x00%012d\x00%s", file, line, reason)
}

func formatBad(s string) string {
	f := strings.SplitN(s, "\x00", 3)
	if len(f) != 3 {
		return s
	}
	n, _ := strconv.Atoi(f[1])
	return fmt.Sprintf("%s:%d: %s", f[0], n, f[2])
}

func (c *Config) badRowsPath() string {
	if c.BadRows != "" {
		return c.BadRows
	}
	return c.Output + ".bad_rows.txt"
}

// writeFile writes data to path through Beam's filesystems (local, gs://,
// s3://, ...).
func writeFile(ctx context.Context, path string, data []byte) error {
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return err
	}
	defer fs.Close()
	w, err := fs.OpenWrite(ctx, path)
	if err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		w.Close()
		return err
	}
	return w.Close()
}
