package main

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"reflect"
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
	"github.com/openfinance-kpi/kpi/benchmark/book"
	"github.com/openfinance-kpi/kpi/examples/internal/accesslog"
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
	// Log is the input format and its options, as the report's
	// -input-format, -log-format, -log-tz and -map: the zero value reads
	// the calls CSV (examples/internal/accesslog).
	Log accesslog.Options
}

// maxSegment is the longest --segment: a segment's calls are grouped on
// one worker, so the segment length is the pipeline's memory control.
const maxSegment = 24 * time.Hour

// settings are what a Config means, built on each worker: the report's
// settings (its book.Config: profile, availability options, payment
// endpoints, calendar) and the planned windows.
type settings struct {
	*daily.Settings
	planned []availability.Window
}

// avail returns the profile's availability options.
func (st *settings) avail() availability.Options { return st.Profile.Availability }

func (c *Config) settings() (*settings, error) {
	ds, err := daily.NewSettings(c.Rules, c.TZ, c.AsOf, c.Payments)
	if err != nil {
		return nil, err
	}
	st := &settings{Settings: ds}
	if c.Planned != "" {
		if st.planned, err = daily.ReadPlanned(c.PlanName, []byte(c.Planned)); err != nil {
			return nil, err
		}
	}
	if _, err := accesslog.New(c.Log); err != nil {
		return nil, err
	}
	if c.Segment <= 0 || c.Segment > maxSegment {
		return nil, fmt.Errorf("-segment %v: want a duration above 0 and at most %v", c.Segment, maxSegment)
	}
	return st, nil
}

func init() {
	register.DoFn4x1[context.Context, fileio.ReadableFile, func(kpi.Call), func(daily.BadRow), error](&parseFn{})
	register.Emitter1[kpi.Call]()
	register.Emitter1[daily.BadRow]()
	register.DoFn1x2[kpi.Call, string, kpi.Call](&dayKeyFn{})
	register.Function2x2(dropFanout)
	register.Function2x2(dropFanoutSeg)
	register.Function2x2(dateKey)
	register.Combiner3[dayAcc, kpi.Call, dayAcc](&dayFn{})
	beam.RegisterType(reflect.TypeOf((*mergeDayFn)(nil)).Elem()) // its methods take a context (counters): reflection
	register.DoFn2x3[string, dayAcc, string, []string, error](&rowFn{})
	register.DoFn2x0[kpi.Call, func(string, kpi.Call)](&segKeyFn{})
	register.Emitter2[string, kpi.Call]()
	register.Function1x1(receivedNs)
	register.DoFn2x3[string, func(*kpi.Call) bool, string, availability.Segment, error](&summarizeFn{})
	register.Iter1[kpi.Call]()
	register.Combiner3[segAcc, availability.Segment, segAcc](&segFn{})
	beam.RegisterType(reflect.TypeOf((*mergeSegFn)(nil)).Elem())
	register.Combiner3[bounds, int64, bounds](&boundsFn{})
	register.DoFn7x1[context.Context, []byte, func(*string, *[]string) bool, func(*string, *[]string) bool, func(*string, *availability.Segment) bool, func(*bounds) bool, func(*daily.BadRow) bool, error](&writeFn{})
	register.Iter2[string, []string]()
	register.Iter2[string, availability.Segment]()
	register.Iter1[bounds]()
	register.Iter1[daily.BadRow]()
}

// Build adds the pipeline to s: read the calls, key them by endpoint-day
// and by endpoint-segment, combine, and write daily.csv. It removes a
// daily.csv (and bad-row list) an earlier run left at the output paths,
// so that a failed run leaves none.
func Build(s beam.Scope, cfg Config) error {
	if _, err := cfg.settings(); err != nil { // fail at construction, not on a worker
		return err
	}
	if len(cfg.Inputs) == 0 {
		return fmt.Errorf("no input: give one or more files or globs")
	}
	for _, path := range []string{cfg.Output, cfg.badRowsPath()} {
		if err := removeStale(context.Background(), path); err != nil {
			return err
		}
	}
	var matched []beam.PCollection
	for _, glob := range cfg.Inputs {
		matched = append(matched, fileio.MatchFiles(s, glob, fileio.MatchEmptyDisallow()))
	}
	files := fileio.ReadMatches(s, beam.Flatten(s, matched...))
	calls, bad := beam.ParDo2(s, &parseFn{Log: cfg.Log}, files)

	// Per endpoint-day: book.EndpointDay, the library's accumulators of
	// one endpoint-day. The calls of an endpoint-day are spread over
	// Fanout sub-keys (one endpoint-day of a large bank is hundreds of
	// millions of calls: one key would be one worker), added on their own,
	// and the partial endpoint-days joined by EndpointDay.Merge
	// (mergeDayFn). Each endpoint-day is then reduced to its row's figures
	// (rowFn), and the endpoint-days of a date merged for its interface
	// (ALL) row: the writer holds rows, not accumulators.
	partial := beam.CombinePerKey(s, &dayFn{Cfg: cfg}, beam.ParDo(s, &dayKeyFn{Cfg: cfg}, calls))
	days := beam.CombinePerKey(s, &mergeDayFn{Cfg: cfg, Counter: "endpoint_day_joins"}, beam.ParDo(s, dropFanout, partial))
	epRows := beam.ParDo(s, &rowFn{Cfg: cfg}, days)
	allDays := beam.CombinePerKey(s, &mergeDayFn{Cfg: cfg, Counter: "interface_joins"}, beam.ParDo(s, dateKey, days))
	allRows := beam.ParDo(s, &rowFn{Cfg: cfg, All: true}, allDays)

	// Per endpoint: the calls grouped by time segment and summarised
	// (AV-MERGE-1), the segments spread over Fanout sub-keys and
	// combined there (segFn), the partial runs joined by Segment.Merge
	// (mergeSegFn): one Segment per endpoint.
	grouped := beam.GroupByKey(s, beam.ParDo(s, &segKeyFn{Cfg: cfg}, calls))
	parts := beam.CombinePerKey(s, &segFn{}, beam.ParDo(s, &summarizeFn{Cfg: cfg}, grouped))
	segments := beam.CombinePerKey(s, &mergeSegFn{}, beam.ParDo(s, dropFanoutSeg, parts))

	// The first and last call, for the days and the default -asof.
	bnds := beam.Combine(s, &boundsFn{}, beam.ParDo(s, receivedNs, calls))

	beam.ParDo0(s, &writeFn{Cfg: cfg}, beam.Impulse(s),
		beam.SideInput{Input: epRows}, beam.SideInput{Input: allRows}, beam.SideInput{Input: segments},
		beam.SideInput{Input: bnds}, beam.SideInput{Input: bad})
	return nil
}

// parseFn reads one input with the report's readers: the calls CSV
// (daily.ReadCalls) or a gateway's access log (accesslog, as the report's
// -input-format): good calls go to the first output, bad rows
// ("file:line: reason") to the second. A file is read whole by one worker
// (see README: the contract's quoted newlines, per-file headers and line
// numbers need the file from its start).
type parseFn struct {
	Log accesslog.Options
	rd  *accesslog.Reader
}

func (fn *parseFn) Setup() error {
	var err error
	fn.rd, err = accesslog.New(fn.Log)
	return err
}

func (fn *parseFn) ProcessElement(ctx context.Context, f fileio.ReadableFile, emit func(kpi.Call), bad func(daily.BadRow)) error {
	name := f.Metadata.Path
	rc, err := f.Open(ctx)
	if err != nil {
		return fmt.Errorf("%s: %v", name, err)
	}
	defer rc.Close()
	return fn.rd.Read(name, rc, make(daily.Interner).Intern, func(c *kpi.Call, _ int) { emit(*c) }, bad)
}

func receivedNs(c kpi.Call) int64 { return c.ReceivedAt.UnixNano() }

// spread returns the fan-out sub-key of x, 0 to n-1: x hashed
// (splitmix64's finaliser) before the modulo, since instants logged in
// seconds, milliseconds or microseconds are all multiples of 1000 ns and
// a bare modulo would put them on one sub-key. Any deterministic spread
// gives the same daily.csv; this one gives an even one.
func spread(x int64, n int) int64 {
	if n <= 1 {
		return 0
	}
	z := uint64(x) + 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	z ^= z >> 31
	return int64(z % uint64(n))
}

// dayKeyFn keys a call by a fan-out sub-key, its local day and endpoint:
// "sub|date|endpoint", the date as the number kpi.Date holds.
type dayKeyFn struct {
	Cfg Config
	cal kpi.Calendar
}

func (fn *dayKeyFn) Setup() error {
	st, err := fn.Cfg.settings()
	if err == nil {
		fn.cal = st.Cal
	}
	return err
}

func (fn *dayKeyFn) ProcessElement(c kpi.Call) (string, kpi.Call) {
	sub := spread(c.ReceivedAt.UnixNano(), fn.Cfg.Fanout)
	return strconv.FormatInt(sub, 10) + "|" + strconv.Itoa(int(fn.cal.DateOf(c.ReceivedAt))) + "|" + c.Endpoint, c
}

// dropFanout turns "sub|rest" into "rest".
func dropFanout(key string, a dayAcc) (string, dayAcc) { return dropSub(key), a }

func dropFanoutSeg(key string, a segAcc) (string, segAcc) { return dropSub(key), a }

func dropSub(key string) string { return key[strings.IndexByte(key, '|')+1:] }

// dateKey keys an endpoint-day by its date alone, for the interface row.
func dateKey(key string, a dayAcc) (string, dayAcc) { return key[:strings.IndexByte(key, '|')], a }

func splitKey(key string) (int64, string, error) {
	i := strings.IndexByte(key, '|')
	if i < 0 {
		return 0, "", fmt.Errorf("malformed key %q", key)
	}
	n, err := strconv.ParseInt(key[:i], 10, 64)
	return n, key[i+1:], err
}

// rowFn reduces an endpoint-day ("date|endpoint"), or with All a date's
// merged endpoint-days ("date"), to its daily.csv record (book.NewRow,
// daily.Record): every figure but the availability columns, which the
// writer sets from the endpoint's outages (daily.SetDay).
type rowFn struct {
	Cfg  Config
	All  bool
	opts availability.Options
}

func (fn *rowFn) Setup() error {
	st, err := fn.Cfg.settings()
	if err == nil {
		fn.opts = st.avail()
	}
	return err
}

func (fn *rowFn) ProcessElement(key string, a dayAcc) (string, []string, error) {
	k, ep := key, ""
	if !fn.All {
		var d int64
		var err error
		if d, ep, err = splitKey(key); err != nil {
			return "", nil, err
		}
		k = strconv.FormatInt(d, 10)
	}
	d, err := strconv.ParseInt(k, 10, 64)
	if err != nil {
		return "", nil, fmt.Errorf("malformed key %q", key)
	}
	return key, record(kpi.Date(d), ep, fn.All, a.D, &availability.Day{}, fn.opts), nil
}

// segKeyFn keys a call by endpoint and time segment, "k|endpoint" for the
// segment [k·L, (k+1)·L) of Unix time: once for the segment of its
// received_at (an arrival, and its instant under AV-CONSEC), and under
// AV-CLOCK once more for that of received_at + TTLB if it differs (its
// logged instant). availability.Summarize takes from each call the part
// in its span, so a segment sees every instant that falls in it.
type segKeyFn struct {
	Cfg   Config
	clock bool
}

func (fn *segKeyFn) Setup() error {
	st, err := fn.Cfg.settings()
	if err == nil {
		fn.clock = st.avail().Rule == availability.Clock && !st.avail().ReceivedInstants
	}
	return err
}

func segOf(ns int64, l time.Duration) int64 {
	k := ns / int64(l)
	if ns%int64(l) < 0 {
		k-- // floor
	}
	return k
}

func (fn *segKeyFn) ProcessElement(c kpi.Call, emit func(string, kpi.Call)) {
	at := c.ReceivedAt.UnixNano()
	k0 := segOf(at, fn.Cfg.Segment)
	emit(strconv.FormatInt(k0, 10)+"|"+c.Endpoint, c)
	if !fn.clock {
		return
	}
	if k1 := segOf(at+int64(c.TTLB), fn.Cfg.Segment); k1 != k0 {
		emit(strconv.FormatInt(k1, 10)+"|"+c.Endpoint, c)
	}
}

// summarizeFn summarises one endpoint-segment's calls
// (availability.Summarize, AV-MERGE-1) and keys the segment by a fan-out
// sub-key and its endpoint, "sub|endpoint".
type summarizeFn struct {
	Cfg   Config
	avail availability.Options
}

func (fn *summarizeFn) Setup() error {
	st, err := fn.Cfg.settings()
	if err == nil {
		fn.avail = st.avail()
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
	slices.SortFunc(calls, availCmp)
	l := int64(fn.Cfg.Segment)
	span := kpi.Interval{Start: time.Unix(0, k*l), End: time.Unix(0, (k+1)*l)}
	// An error is bad options or span (checked at construction) or bad
	// calls, which parseFn lets none through (daily.ParseRow runs kpi.Check).
	seg, err := availability.Summarize(calls, nil, endpoint, span, fn.avail)
	if err != nil {
		return "", availability.Segment{}, fmt.Errorf("availability: %s: %v", endpoint, err)
	}
	return strconv.FormatInt(spread(k, fn.Cfg.Fanout), 10) + "|" + endpoint, seg, nil
}

// writeFn runs once, on one worker, after everything is combined: the
// endpoint-day records, the ALL records, one combined segment per
// endpoint, the bounds and the bad rows arrive as side inputs (rows: a
// few thousand a year, whatever the number of calls). It builds the rows
// with the book's own steps, as book.Book.Close does: the span
// (book.SpanOf), the endpoints (book.Endpoints), each endpoint's outages
// accounted on the days (availability.Days, availability.InterfaceDays),
// the order of book.Result.Rows (book.Order); it sets the records'
// availability columns (daily.SetDay) and writes daily.csv.
type writeFn struct{ Cfg Config }

// maxBadKept is how many bad rows the writer keeps (the first in file and
// line order) to list; it counts them all.
const maxBadKept = 100_000

func (fn *writeFn) ProcessElement(ctx context.Context, _ []byte,
	epRows, allRows func(*string, *[]string) bool, segs func(*string, *availability.Segment) bool,
	bnds func(*bounds) bool, badRows func(*daily.BadRow) bool) error {
	st, err := fn.Cfg.settings()
	if err != nil {
		return err
	}
	if err := fn.writeBad(ctx, badRows); err != nil {
		return err
	}
	var b, one bounds
	for bnds(&one) {
		b = (&boundsFn{}).MergeAccumulators(b, one)
	}
	recs, err := records(st, b, epRows, allRows, segs)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if err := daily.WriteRecords(&out, recs); err != nil {
		return err
	}
	return writeFile(ctx, fn.Cfg.Output, out.Bytes())
}

// writeBad lists the bad rows, sorted by file and line ("file:line:
// reason"); without Lenient their presence fails the job.
func (fn *writeFn) writeBad(ctx context.Context, badRows func(*daily.BadRow) bool) error {
	cmpBad := func(a, b daily.BadRow) int {
		return cmp.Or(strings.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), strings.Compare(a.Reason, b.Reason))
	}
	var bad []daily.BadRow
	var row daily.BadRow
	total := 0
	for badRows(&row) {
		total++
		if bad = append(bad, row); len(bad) == 2*maxBadKept {
			slices.SortFunc(bad, cmpBad)
			bad = bad[:maxBadKept]
		}
	}
	if total == 0 {
		return nil
	}
	slices.SortFunc(bad, cmpBad)
	bad = bad[:min(len(bad), maxBadKept)]
	var list strings.Builder
	for _, b := range bad {
		list.WriteString(b.String() + "\n")
	}
	if total > len(bad) {
		fmt.Fprintf(&list, "... and %d more bad row(s)\n", total-len(bad))
	}
	path := fn.Cfg.badRowsPath()
	if err := writeFile(ctx, path, []byte(list.String())); err != nil {
		return err
	}
	if !fn.Cfg.Lenient {
		return fmt.Errorf("%d bad row(s), listed in %s; no report written (use -lenient to skip them)", total, path)
	}
	return nil
}

// records returns daily.csv's records, in order.
func records(st *settings, b bounds, epRows, allRows func(*string, *[]string) bool, segs func(*string, *availability.Segment) bool) ([][]string, error) {
	if !b.Has {
		return nil, nil // no valid call at all: the header only
	}
	sp, err := book.SpanOf(st.Cal, time.Unix(0, b.First), time.Unix(0, b.Last), st.AsOf)
	if errors.Is(err, book.ErrAsOfBeforeLastCall) { // worded as the report words it
		return nil, fmt.Errorf("-asof %s", strings.TrimPrefix(err.Error(), book.ErrAsOfBeforeLastCall.Error()+": "))
	}
	if err != nil {
		return nil, err
	}
	type dayEndpoint struct {
		d  kpi.Date
		ep string
	}
	byDay := make(map[dayEndpoint][]string)
	all := make(map[kpi.Date][]string)
	var names []string
	var key string
	var rec []string
	for epRows(&key, &rec) {
		d, ep, err := splitKey(key)
		if err != nil {
			return nil, err
		}
		byDay[dayEndpoint{kpi.Date(d), ep}] = slices.Clone(rec)
		names = append(names, ep)
	}
	for allRows(&key, &rec) {
		d, err := strconv.ParseInt(key, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("malformed key %q", key)
		}
		all[kpi.Date(d)] = slices.Clone(rec)
	}
	bySeg := make(map[string]availability.Segment)
	var seg availability.Segment
	for segs(&key, &seg) {
		bySeg[key] = seg.Clone()
		names = append(names, key)
	}
	endpoints := book.Endpoints(names, st.planned)
	perEndpoint := make([][]availability.Day, len(endpoints))
	for i, ep := range endpoints {
		s := bySeg[ep] // the zero Segment for an endpoint named only in the planned file
		perEndpoint[i] = availability.Days(st.Cal, sp.First, sp.Last, ep, s.Outages(sp.AsOf), st.planned, nil)
	}
	iface := availability.InterfaceDays(perEndpoint)
	var out [][]string
	opts := st.avail()
	err = book.Order(sp, len(endpoints), func(d kpi.Date, i int) bool { return byDay[dayEndpoint{d, endpoints[i]}] != nil },
		func(i int) []availability.Day { return perEndpoint[i] }, iface,
		func(d kpi.Date, i int, day *availability.Day) error {
			var rec []string
			if i < 0 {
				if rec = all[d]; rec == nil {
					rec = record(d, "", true, nil, day, opts)
				}
			} else if rec = byDay[dayEndpoint{d, endpoints[i]}]; rec == nil {
				rec = record(d, endpoints[i], false, nil, day, opts)
			}
			daily.SetDay(rec, day, opts)
			out = append(out, rec)
			return nil
		})
	return out, err
}

// record is the daily.csv record of book.NewRow: the row of endpoint on d
// (iface: the interface's row) from its state (nil: no call that day) and
// its accounted day.
func record(d kpi.Date, endpoint string, iface bool, s *book.EndpointDay, day *availability.Day, opts availability.Options) []string {
	rw := book.NewRow(d, endpoint, iface, s, day, opts)
	return daily.Record(&rw)
}

// removeStale removes what an earlier run left at path (a missing file is
// fine): a run that fails must not leave a daily.csv behind.
func removeStale(ctx context.Context, path string) error {
	fsys, err := filesystem.New(ctx, path)
	if err != nil {
		return err
	}
	defer fsys.Close()
	if _, err := fsys.Size(ctx, path); err != nil {
		return nil // nothing there (or nothing we can see)
	}
	rm, ok := fsys.(filesystem.Remover)
	if !ok {
		return fmt.Errorf("%s exists from an earlier run and its filesystem cannot remove it", path)
	}
	if err := rm.Remove(ctx, path); err != nil {
		return fmt.Errorf("removing %s from an earlier run: %v", path, err)
	}
	return nil
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
