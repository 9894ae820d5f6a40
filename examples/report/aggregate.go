package main

import (
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark/book"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

// report is everything the writers print: the inputs read, the bad rows,
// and the closed book (rows, outages, findings).
type report struct {
	cfg        *config
	files      []string
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

	monthly  *monthlyInputs // -consents, -users, -tpps (monthly.go)
	partners *partners      // per tpp_id, for -format html (partners.go)
	// versions are the API versions of each endpoint-day (-format uk-mi).
	versions versionSet
}

// build reads every input into one book.Book and closes it.
func build(cfg *config) (*report, error) {
	r := &report{cfg: cfg, book: book.New(cfg.bookConfig()), seed: maphash.MakeSeed()}
	r.book.SetWorkers(runtime.GOMAXPROCS(0)) // Close on every core: the same result
	if cfg.format == formatUKMI {
		r.versions = versionSet{}
	}
	if cfg.format == "html" {
		r.partners = newPartners(cfg)
	}
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
	if err := r.readAll(srcs); err != nil {
		return nil, err
	}
	_, last, ok := r.book.Span()
	if err := cfg.CheckAsOf(last, ok); err != nil {
		return r, err
	}
	r.duplicates = duplicates(r.hashes)
	r.hashes = nil
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

// read streams one input: each row is parsed, checked and added to the
// book as it comes. The evidence ID of a call is its source's index and
// its line (evidenceID).
// part is what one input gives: its own book, bad rows and row hashes.
type part struct {
	book     *book.Book
	bad      []daily.BadRow
	hashes   []uint64   // sorted
	badRows  int        // every bad row of the input; bad holds the first maxBadListed
	partners *partners  // -format html only
	versions versionSet // -format uk-mi only
	err      error
}

// readAll reads every input, up to GOMAXPROCS at a time, each into a book
// of its own (a large uncompressed CSV in pieces, each into its own:
// split.go), and merges the books in input order. A book's figures do not
// depend on the order calls were added or books merged (benchmark/book's
// properties), so the report is byte for byte the same on one core or
// many; bad rows are listed by input, then line. The first input that
// fails (in input order) fails the run.
func (r *report) readAll(srcs []source) error {
	for _, src := range srcs {
		r.files = append(r.files, src.name)
	}
	jobs, closers := r.jobs(srcs)
	defer func() {
		for _, c := range closers {
			c.Close()
		}
	}()
	parts := make([]part, len(jobs))
	slots := make(chan struct{}, max(1, runtime.GOMAXPROCS(0)))
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			parts[i] = r.readOne(j)
		}()
	}
	wg.Wait()
	for i := range parts {
		p := &parts[i]
		name := jobs[i].s.name
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
		r.hashes = append(r.hashes, p.hashes)
		if p.partners != nil {
			if err := r.partners.merge(p.partners); err != nil {
				return fmt.Errorf("%s: %v", name, err)
			}
		}
		r.versions.merge(p.versions)
		parts[i] = part{} // let the input's book go
	}
	return nil
}

// readOne streams one job (an input, or a piece of one): each row is
// parsed, checked and added to the job's book as it comes. The evidence ID
// of a call is its input's index and its line (evidenceID).
func (r *report) readOne(j job) part {
	src, s := j.src, j.s
	p := part{book: book.New(r.cfg.bookConfig())}
	// -input-format's reader (the calls CSV is daily.ReadCallsWith, with
	// -max-line-bytes, and tpp_id kept for -format html's partners); a
	// piece of a large plain CSV after the first is read from its first
	// line on with the header already read.
	readCalls := r.cfg.input.Read
	var in io.Reader
	if j.ra != nil {
		in = io.NewSectionReader(j.ra, j.pc.from, j.pc.to-j.pc.from)
		if j.pc.first > 1 {
			opts := daily.ReadOptions{MaxLineBytes: r.cfg.maxLineBytes, KeepTPP: r.partners != nil}
			readCalls = func(name string, in io.Reader, intern func([]byte) string, onCall func(c *kpi.Call, line int), onBad func(daily.BadRow)) error {
				return daily.ReadCallsAt(name, in, opts, j.h, j.pc.first, intern, onCall, onBad)
			}
		}
	} else {
		rc, err := s.open()
		if err != nil {
			p.err = err
			return p
		}
		defer rc.Close()
		in = rc
	}
	if r.partners != nil {
		p.partners = newPartners(r.cfg)
	}
	if r.versions != nil {
		p.versions = versionSet{}
	}
	strs := daily.NewStrings()
	hasher := callHasher{seed: r.seed}
	var hashes hashList
	p.err = readCalls(s.name, in, strs.Intern,
		func(c *kpi.Call, line int) {
			hashes.add(hasher.sum(c))
			// The reader checked the call (kpi.Check and the years 1678 to
			// 2261): the book accepts it, or counts it outside the
			// catalogue in force (EP-1).
			if p.book.Add(c, evidenceID(src, line)) != nil {
				return
			}
			if p.partners != nil {
				p.partners.add(c)
			}
			if p.versions != nil {
				p.versions.add(r.cfg.Cal, c, r.cfg.Catalogue)
			}
		},
		func(b daily.BadRow) {
			p.badRows++
			if len(p.bad) < r.cfg.maxBadListed {
				p.bad = append(p.bad, b)
			}
		})
	p.hashes = hashes.sorted() // here, on the input's own goroutine
	return p
}

// addBad counts a bad row, and lists it while fewer than -max-bad-listed
// are (every bad row is counted; the first ones are listed).
func (r *report) addBad(b daily.BadRow) {
	r.badRows++
	if len(r.bad) < r.cfg.maxBadListed {
		r.bad = append(r.bad, b)
	}
}

// evidenceID is the evidence ID of line of source src: src<<32 | line.
// Sources up to 2^31 and lines up to 2^32 - 1 keep their own IDs.
func evidenceID(src, line int) int64 { return int64(src)<<32 | int64(uint32(line)) }

// sourceLine turns an evidence ID back into the file name and line.
func (r *report) sourceLine(id int64) (string, int) {
	name := "?"
	if src := int(id >> 32); src >= 0 && src < len(r.files) {
		name = r.files[src]
	}
	return name, int(uint32(id))
}

// rows returns the rows of daily.csv (none when no valid call was read).
func (r *report) rows() []book.Row {
	if r.res == nil {
		return nil
	}
	return r.res.Rows
}
