package main

import (
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark/book"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

// defaultDisorder is -disorder's default: five minutes, far more than a
// log written as requests end holds (its disorder is the longest TTLB),
// and still a few megabytes of records for a large bank's traffic.
const defaultDisorder = 5 * time.Minute

// report is everything the writers print: the inputs read, the bad rows,
// and the closed book (rows, outages, findings).
type report struct {
	cfg        *config
	files      []string
	starts     [][]pieceStart // by input: its pieces after the first, in order (sourceLine)
	book       *book.Book
	res        *book.Result
	planned    []availability.Window
	monitoring []availability.Window
	bad        []daily.BadRow // the first cfg.maxBadListed bad rows
	badRows    int            // every bad row
	ids        idLabels       // the text output's endpoint labels
	seed       maphash.Seed   // of the row hashes
	hashes     [][]uint64     // one per parsed row, for the duplicate-rows check: each input's, sorted
	duplicates int
	// bound is the disorder bound of the pass (-disorder, or 0 on the
	// second pass); dups the duplicate-rows check under it; disorderNote
	// says why the input was read twice ("" when it was not).
	bound        time.Duration
	dups         dupWindow
	disorderNote string
	latest       int64         // the latest ReceivedAt read in the pass (checkOrder)
	freeKeys     chan []dupKey // the parts' keys, reused (readOne)
	seenAny      bool

	monthly  *monthlyInputs // -consents, -users, -tpps (monthly.go)
	partners *partners      // per tpp_id, for -format html (partners.go)
	// versions are the API versions of each endpoint-day (-format uk-mi).
	versions versionSet
}

// build reads every input into one book.Book and closes it.
func build(cfg *config) (*report, error) {
	r := &report{cfg: cfg, seed: maphash.MakeSeed()}
	if err := r.readPlanned(); err != nil {
		return nil, err
	}
	if cfg.monitoring != "" {
		ws, err := readWindowsFile("-monitoring", cfg.monitoring, daily.ReadMonitoring)
		if err != nil {
			return nil, err
		}
		r.monitoring = ws
	}
	srcs := cfg.sources
	if srcs == nil {
		srcs = sources(cfg.files)
	}
	late, err := r.read(srcs, cfg.disorder)
	if err != nil {
		return nil, err
	}
	if late != "" { // the input broke the bound: read it again, in memory
		for _, s := range srcs {
			if s.once {
				return nil, fmt.Errorf("the input is more out of order than -disorder %s allows, and %s is not a regular file, so it cannot be read a second time: run with -disorder 0 (every call in memory) or a larger -disorder", cfg.disorder, s.name)
			}
		}
		if _, err := r.read(srcs, 0); err != nil {
			return nil, err
		}
		r.disorderNote = late
	}
	_, last, ok := r.book.Span()
	if err := cfg.CheckAsOf(last, ok); err != nil {
		return r, err
	}
	if r.bound > 0 {
		r.duplicates = r.dups.finish()
	} else {
		r.duplicates = duplicates(r.hashes)
	}
	// What the reading held goes before Close, which needs the memory
	// more: the row hashes, the duplicate-rows window and the parts' keys
	// kept for reuse (a few megabytes each).
	r.hashes, r.dups, r.freeKeys = nil, dupWindow{}, nil
	res, err := r.book.Close(cfg.AsOf, r.planned, r.monitoring)
	if errors.Is(err, book.ErrAsOfBeforeLastCall) {
		return r, fmt.Errorf("-asof %s", strings.TrimPrefix(err.Error(), book.ErrAsOfBeforeLastCall.Error()+": "))
	}
	if err != nil {
		return r, err
	}
	r.res = res
	return r, r.readMonthly()
}

// read is one pass over the inputs with the disorder bound given (0:
// none), into a new book and a new count of bad rows, hashes, partners
// and versions; late is what came later than the bound, if anything did
// (readAll).
func (r *report) read(srcs []source, bound time.Duration) (late string, err error) {
	r.bound = bound
	r.book = book.New(r.cfg.bookConfig())
	r.book.SetWorkers(runtime.GOMAXPROCS(0)) // Close on every core: the same result
	if err := r.book.SetDisorder(bound); err != nil {
		return "", err
	}
	r.files, r.bad, r.badRows, r.hashes = nil, nil, 0, nil
	r.dups = dupWindow{d: int64(bound)}
	r.latest, r.seenAny = 0, false
	r.freeKeys = make(chan []dupKey, runtime.GOMAXPROCS(0)+2)
	r.versions, r.partners = nil, nil
	if r.cfg.format == formatUKMI {
		r.versions = versionSet{}
	}
	if r.cfg.format == "html" {
		r.partners = newPartners(r.cfg)
	}
	return r.readAll(srcs)
}

// readWindowsFile reads a windows file given with flag.
func readWindowsFile(flag, name string, read func(name string, data []byte) ([]availability.Window, error)) ([]availability.Window, error) {
	rc, err := openFile(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", flag, err)
	}
	data, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		return nil, fmt.Errorf("%s %s: %v", flag, name, err)
	}
	return read(name, data)
}

func (r *report) readPlanned() error {
	name, data := r.cfg.planned, []byte(nil)
	switch {
	case name != "":
		rc, err := openFile(name)
		if err != nil {
			return fmt.Errorf("-planned: %v", err)
		}
		data, err = io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return fmt.Errorf("-planned %s: %v", name, err)
		}
	case len(r.cfg.files) == 0:
		name, data = "sample/planned.csv", samplePlanned // the sample's own windows
	default:
		return nil
	}
	windows, err := daily.ReadPlanned(name, data)
	if err != nil {
		return err
	}
	r.planned = windows
	return nil
}

// part is what one job gives, in one piece or several: a book of its
// own, bad rows and row hashes.
type part struct {
	book     *book.Book
	bad      []daily.BadRow
	hashes   []uint64   // sorted (without a disorder bound)
	keys     []dupKey   // the rows' instants and hashes (with a bound)
	badRows  int        // every bad row of the part; bad holds the first maxBadListed
	partners *partners  // -format html only, on a job's last part
	versions versionSet // -format uk-mi only, on a job's last part
	lines    int        // a piece's lines, on its last part (its bad rows count them from 1: shift)
	from     int64      // the first byte of the part's piece (0 for a whole input)
	first    bool       // the first part of its piece
	order    keyOrder   // the keys' order before they were sorted (checkOrder)
	err      error
}

// shift adds delta to the line numbers of p's bad rows: a piece of an
// input, read with its lines numbered from 1, takes the numbers the whole
// input's reader gives (readAll knows the lines of the pieces before it
// once they are absorbed). Its calls' evidence IDs need no shift: they
// hold the piece's first byte (evidenceID).
func (p *part) shift(delta int) {
	if delta == 0 || p.err != nil {
		return
	}
	for k := range p.bad {
		p.bad[k].Line += delta
	}
}

// readAll reads every input, up to GOMAXPROCS jobs at a time (a large
// uncompressed CSV in pieces: split.go), each job into books of its own,
// and absorbs the books in input order into r.book. A book's figures do
// not depend on the order calls were added or books merged (benchmark/book's
// properties), so the report is byte for byte the same on one core or
// many; bad rows are listed by input, then line. The first input that
// fails (in input order) fails the run.
//
// With a disorder bound (r.bound, -disorder) r.book keeps the records
// of the bound's window only, and the inputs are read in small parts (a
// piece of at most boundedPiece bytes, or defaultPartRows rows of a stream),
// absorbed as they come: at most GOMAXPROCS + 1 jobs are started and not
// yet absorbed, so memory holds a few parts, not the input. A call
// (or a row, for the duplicate-rows check) later than the bound stops
// the reading: late is then what the report says of it, and the caller
// reads the input again without the bound.
func (r *report) readAll(srcs []source) (late string, err error) {
	if len(srcs) > maxSources {
		return "", fmt.Errorf("%d inputs: at most %d (evidenceID)", len(srcs), maxSources)
	}
	for _, src := range srcs {
		r.files = append(r.files, src.name)
	}
	jobs, closers := r.jobs(srcs)
	defer func() {
		for _, c := range closers {
			c.Close()
		}
	}()
	procs := max(1, runtime.GOMAXPROCS(0))
	outs := make([]chan part, len(jobs))
	for i := range outs {
		outs[i] = make(chan part, 1)
	}
	var abort atomic.Bool
	running := make(chan struct{}, procs)
	ahead := make(chan struct{}, procs+1)
	go func() { // start the jobs in order
		for i, j := range jobs {
			ahead <- struct{}{}
			if abort.Load() {
				close(outs[i])
				continue
			}
			// A stream read in chunks takes a slot a chunk, so that the
			// chunks of all the streams read at once are at most the
			// cores. Each chunk holds a buffer and a part, and a slot a
			// stream let P streams of P chunks each be in flight: the 10 M
			// rows as 7 gzip files took 133 MiB on two cores that way, 86
			// MiB this way (4.0 and 4.1 s).
			slots := min(max(j.chunks, 1), procs)
			for range slots {
				running <- struct{}{}
			}
			go func() {
				r.readOne(j, &abort, func(p part) { outs[i] <- p })
				close(outs[i])
				for range slots {
					<-running
				}
			}()
		}
	}()
	lines := make([]int, len(srcs)) // by input: the lines of its pieces absorbed
	r.starts = make([][]pieceStart, len(srcs))
	for i := range jobs {
		for p := range outs[i] { // after a failure or a late call: drained, unread
			if err != nil || late != "" {
				continue
			}
			// A piece's lines count from 1 (a whole input's: p.lines is 0,
			// and nothing is shifted). The pieces before it are absorbed:
			// where its lines start is known, for sourceLine.
			src := jobs[i].src
			if p.first && p.from > 0 {
				r.starts[src] = append(r.starts[src], pieceStart{from: p.from, before: lines[src]})
			}
			p.shift(lines[src])
			lines[src] += p.lines
			if late = r.checkOrder(&p); late != "" {
				abort.Store(true)
			} else if err = r.absorb(&p, jobs[i].s.name); err != nil {
				abort.Store(true)
			} else if late = r.lateNote(); late != "" {
				abort.Store(true)
			}
		}
		<-ahead
	}
	return late, err
}

// absorb adds a part to the report.
func (r *report) absorb(p *part, name string) error {
	if p.err != nil {
		return p.err
	}
	if err := r.book.Absorb(p.book); err != nil { // moves the records, no copy
		return fmt.Errorf("%s: %v", name, err)
	}
	for _, b := range p.bad {
		r.addBad(b)
	}
	r.badRows += p.badRows - len(p.bad) // addBad counted the listed ones
	if p.hashes != nil {
		r.hashes = append(r.hashes, p.hashes)
	}
	r.dups.add(p.keys)
	if p.keys != nil { // copied into the window: the next part's
		select {
		case r.freeKeys <- p.keys[:0]:
		default:
		}
	}
	if p.partners != nil {
		if err := r.partners.merge(p.partners); err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
	}
	r.versions.merge(p.versions)
	return nil
}

// checkOrder follows the rows' instants in input order (a part's keys,
// the parts in order) and returns the note of the first row received
// more than the bound before a row read earlier, "" when none is. What
// is late is then a property of the input and the bound alone, never of
// the parts it was read in (nor of the cores): a bounded book and the
// duplicate-rows window that take rows no later than that place every
// row (their own checks, lateNote, cannot fire; they are kept for
// safety).
//
// A row is late when it is more than the bound before a row of an
// earlier part (r.latest) or an earlier row of its own part; its reader
// found the first of the latter (keyOrder) before it sorted the keys by
// instant, so the rows before r.latest less the bound are the sorted
// keys' first ones, and the first of all in input order is the smallest
// evidence ID among them (IDs follow the lines within a part).
func (r *report) checkOrder(p *part) string {
	first, found := p.order.lateID, p.order.late
	if r.seenAny {
		s := r.latest - int64(r.bound)
		for _, k := range p.keys {
			if k.at >= s {
				break
			}
			if !found || k.id < first {
				first, found = k.id, true
			}
		}
	}
	if found {
		return r.note(first)
	}
	if len(p.keys) > 0 && (!r.seenAny || p.order.max > r.latest) {
		r.latest, r.seenAny = p.order.max, true
	}
	return ""
}

// keyOrder is what checkOrder needs of a part's keys in input order,
// taken by its reader before it sorts them.
type keyOrder struct {
	max    int64 // the latest instant
	late   bool  // a row came more than the bound before an earlier row of the part
	lateID int64 // the first such row's evidence ID
}

// sortKeys takes the keys' order (keyOrder) and sorts them by instant
// and hash (dupCmp), on the reader's goroutine: the duplicate-rows
// window then merges sorted parts instead of sorting on the goroutine
// that absorbs them.
func sortKeys(keys []dupKey, bound time.Duration) keyOrder {
	var o keyOrder
	for i, k := range keys {
		if i > 0 && !o.late && k.at < o.max-int64(bound) {
			o.late, o.lateID = true, k.id
		}
		if i == 0 || k.at > o.max {
			o.max = k.at
		}
	}
	sortNearly(keys)
	return o
}

// sortNearly sorts keys by dupCmp. A log in time order but for rows of the
// same instant (their hashes in no order) or a few rows out of place is
// sorted by insertion, in a pass and a few moves (pdqsort took a tenth of
// the reading's samples on a log with one tie in a thousand rows); after
// more than len(keys)/8 + 64 moves the keys are far from sorted, and the
// rest is slices.SortFunc's (n log n).
func sortNearly(keys []dupKey) {
	budget := len(keys)/8 + 64
	for i := 1; i < len(keys); i++ {
		k := keys[i]
		if !dupLess(k, keys[i-1]) {
			continue
		}
		j := i
		for ; j > 0 && dupLess(k, keys[j-1]); j-- {
			if budget--; budget < 0 {
				keys[j] = k // keys[j] was moved up: k fills the gap, the keys stay a permutation
				slices.SortFunc(keys, dupCmp)
				return
			}
			keys[j] = keys[j-1]
		}
		keys[j] = k
	}
}

// dupLess is dupCmp(a, b) < 0.
func dupLess(a, b dupKey) bool { return a.at < b.at || a.at == b.at && a.h < b.h }

// lateNote says what came later than the disorder bound, "" when nothing
// did: a call the book could not place, or a row the duplicate-rows check
// could not.
func (r *report) lateNote() string {
	id, ok := int64(0), false
	if _, first, late := r.book.Late(); late {
		id, ok = first, true
	}
	if r.dups.late > 0 && (!ok || r.dups.firstLate < id) {
		id, ok = r.dups.firstLate, true
	}
	if !ok {
		return ""
	}
	return r.note(id)
}

// note is the input check of a pass stopped at the row of evidence ID id.
func (r *report) note(id int64) string {
	name, line := r.sourceLine(id)
	return fmt.Sprintf("the input is more out of order than -disorder %s allows (%s:%d was received more than %s before a row read earlier): it was read a second time with every call in memory; the figures are exact (a larger -disorder, or 0, reads it once)",
		r.bound, name, line, r.bound)
}

// Parts of a job under a disorder bound: a piece of a large plain CSV is
// at most boundedPiece bytes; a stream (a compressed or small input, an
// access log) gives a part every defaultPartRows rows.
const (
	boundedPiece    = 4 << 20
	defaultPartRows = 1 << 16 // 10 M rows on one core: max RSS 99 MiB (median of 5), 127 MiB with 1 << 17, in the same time
)

// abortReader stops a reader (a job after the run failed or a call came
// late) with errAborted.
type abortReader struct {
	r     io.Reader
	abort *atomic.Bool
}

var errAborted = errors.New("reading stopped")

func (a abortReader) Read(b []byte) (int, error) {
	if a.abort.Load() {
		return 0, errAborted
	}
	return a.r.Read(b)
}

// readOne streams one job (an input, or a piece of one): each row is
// parsed, checked and added to the part's book as it comes; emit gets
// the parts in order (with a disorder bound, one every defaultPartRows rows;
// else one). The evidence ID of a call is its input's index and its
// position (evidenceID). A job of a stream read in chunks (j.chunks > 1)
// is readChunks'.
func (r *report) readOne(j job, abort *atomic.Bool, emit func(part)) {
	if j.chunks > 1 {
		r.readChunks(j, abort, emit)
		return
	}
	src, s := j.src, j.s
	p := part{book: book.New(r.cfg.bookConfig()), from: j.pc.from, first: true}
	// -input-format's reader (the calls CSV is daily.ReadCallsWith, with
	// -max-line-bytes, and tpp_id kept for -format html's partners); a
	// piece of a file or a chunk of a stream is read from its first line
	// on (a calls CSV's after the first with the header already read, an
	// access log's by accesslog.Reader.ReadPiece), its lines counted.
	readCalls := r.cfg.input.Read
	var in io.Reader
	last := 0 // a piece's last line, numbered from 1 (daily.ReadCallsAt)
	if j.ra != nil || j.rd != nil {
		if in = j.rd; j.ra != nil {
			in = io.NewSectionReader(j.ra, j.pc.from, j.pc.to-j.pc.from)
		}
		h := j.h
		if j.pc.from == 0 {
			h = nil // the piece with the header reads it
		}
		opts := daily.ReadOptions{MaxLineBytes: r.cfg.maxLineBytes, KeepTPP: r.partners != nil}
		readCalls = func(name string, in io.Reader, intern func([]byte) string, onCall func(c *kpi.Call, line int), onBad func(daily.BadRow)) error {
			var err error
			if r.csvInput() {
				last, err = daily.ReadCallsAt(name, in, opts, h, 1, intern, onCall, onBad)
			} else {
				last, err = r.cfg.input.ReadPiece(name, in, j.pc.from == 0, intern, onCall, onBad)
			}
			return err
		}
	} else {
		rc, err := s.open()
		if err != nil {
			p.err = err
			emit(p)
			return
		}
		defer rc.Close()
		in = rc
	}
	in = abortReader{in, abort}
	var pp *partners
	var vv versionSet
	if r.partners != nil {
		pp = newPartners(r.cfg)
	}
	if r.versions != nil {
		vv = versionSet{}
	}
	strs := daily.NewStrings()
	hasher := callHasher{seed: r.seed}
	var hashes hashList
	rows, partRows := 0, r.cfg.partRows
	if partRows <= 0 {
		partRows = defaultPartRows
	}
	// next ends the part: its hashes sorted here, on the job's own
	// goroutine. Under a bound a part's keys come from freeKeys (absorb
	// puts them back): growing a slice for each part doubled the bytes a
	// row allocates.
	getKeys := func() {
		select {
		case p.keys = <-r.freeKeys:
		default:
			p.keys = make([]dupKey, 0, partRows) // no growth: a part has at most partRows rows
		}
	}
	next := func() {
		if r.bound == 0 {
			p.hashes = hashes.sorted()
		} else {
			p.order = sortKeys(p.keys, r.bound)
		}
		emit(p)
		p, rows = part{book: book.New(r.cfg.bookConfig()), from: j.pc.from}, 0
	}
	from := j.pc.from // the piece's first byte: its IDs' positions start after it (evidenceID)
	tooFar := 0       // the first line whose position an ID cannot hold
	err := readCalls(s.name, in, strs.Intern,
		func(c *kpi.Call, line int) {
			pos := from + int64(line)
			if pos > maxIDPos {
				if tooFar == 0 {
					tooFar = line
				}
				return
			}
			id := evidenceID(src, pos)
			if h := hasher.sum(c); r.bound > 0 {
				if p.keys == nil {
					getKeys()
				}
				p.keys = append(p.keys, dupKey{at: c.ReceivedAt.UnixNano(), h: h, id: id})
			} else {
				hashes.add(h)
			}
			// The reader checked the call (kpi.Check and the years 1678 to
			// 2261): the book accepts it, or counts it outside the
			// catalogue in force (EP-1).
			if p.book.Add(c, id) == nil {
				if pp != nil {
					pp.addChecked(c)
				}
				if vv != nil {
					vv.add(r.cfg.Cal, c, r.cfg.Catalogue)
				}
			}
			if rows++; r.bound > 0 && rows >= partRows {
				next()
			}
		},
		func(b daily.BadRow) {
			p.badRows++
			if len(p.bad) < r.cfg.maxBadListed {
				p.bad = append(p.bad, b)
			}
		})
	if tooFar > 0 && err == nil {
		where := fmt.Sprintf("line %d", tooFar)
		if from > 0 {
			where += fmt.Sprintf(" of a piece from byte %d", from)
		}
		err = fmt.Errorf("%s: %s: past the %d lines or bytes an input's evidence IDs can name (split the input)", s.name, where, int64(maxIDPos))
	}
	p.err, p.partners, p.versions, p.lines = err, pp, vv, last
	next()
}

// addBad counts a bad row, and lists it while fewer than -max-bad-listed
// are (every bad row is counted; the first ones are listed).
func (r *report) addBad(b daily.BadRow) {
	r.badRows++
	if len(r.bad) < r.cfg.maxBadListed {
		r.bad = append(r.bad, b)
	}
}

// A call's evidence ID is its input's index and a position in the input:
// src<<idPosBits | pos. For an input read whole, pos is the line's
// number; for a piece of an input read in pieces (split.go), the
// piece's first byte offset plus the line's number within the piece. A
// piece of n bytes has at most n lines, so the positions grow with the
// lines either way: the IDs keep the input's order, which the book's
// walk follows for calls of the same instant, without waiting for the
// lines of the pieces before. (They were line numbers, and each piece's
// book was shifted by the lines before it when absorbed
// (book.Book.ShiftIDs): a pass over every record on the goroutine that
// absorbs, 3 % of the CPU on two cores.) sourceLine turns a position
// back into a line. Positions up to maxIDPos (1 TiB, or as many lines)
// and maxSources inputs keep their own IDs; past them the run fails
// (readOne, readAll) rather than name the wrong line.
const (
	idPosBits  = 40
	maxIDPos   = 1<<idPosBits - 1
	maxSources = 1 << (63 - idPosBits)
)

// evidenceID is the evidence ID of position pos of input src.
func evidenceID(src int, pos int64) int64 { return int64(src)<<idPosBits | pos }

// pieceStart is where a piece of an input after its first starts: its
// first byte, and the lines of the pieces before it.
type pieceStart struct {
	from   int64
	before int
}

// sourceLine turns an evidence ID back into the file name and line.
func (r *report) sourceLine(id int64) (string, int) {
	src, pos := int(id>>idPosBits), id&maxIDPos
	name := "?"
	if src >= 0 && src < len(r.files) {
		name = r.files[src]
	}
	if src >= 0 && src < len(r.starts) {
		// The piece is the last one that starts before pos (its lines
		// are at from+1 and on).
		ps := r.starts[src]
		if k := sort.Search(len(ps), func(k int) bool { return ps[k].from >= pos }); k > 0 {
			return name, ps[k-1].before + int(pos-ps[k-1].from)
		}
	}
	return name, int(pos)
}

// rows returns the rows of daily.csv (none when no valid call was read).
func (r *report) rows() []book.Row {
	if r.res == nil {
		return nil
	}
	return r.res.Rows
}
