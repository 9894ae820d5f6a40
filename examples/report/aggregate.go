package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark/book"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
)

// report is everything the writers print: the inputs read, the bad rows,
// and the closed book (rows, outages, findings).
type report struct {
	cfg     *config
	files   []string
	strs    daily.Interner
	book    *book.Book
	res     *book.Result
	planned []availability.Window
	bad     []daily.BadRow // the first cfg.maxBadListed bad rows
	badRows int            // every bad row
	ids     idLabels       // the text output's endpoint labels
}

// build reads every input into one book.Book and closes it.
func build(cfg *config) (*report, error) {
	r := &report{cfg: cfg, strs: make(daily.Interner), book: book.New(cfg.Config())}
	if err := r.readPlanned(); err != nil {
		return nil, err
	}
	srcs := cfg.sources
	if srcs == nil {
		srcs = sources(cfg.files)
	}
	for i, src := range srcs {
		rc, err := src.open()
		if err != nil {
			return nil, err
		}
		r.files = append(r.files, src.name)
		err = r.read(i, src.name, rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
	}
	res, err := r.book.Close(cfg.AsOf, r.planned, nil)
	if errors.Is(err, book.ErrAsOfBeforeLastCall) {
		return r, fmt.Errorf("-asof %s", strings.TrimPrefix(err.Error(), book.ErrAsOfBeforeLastCall.Error()+": "))
	}
	if err != nil {
		return r, err
	}
	r.res = res
	return r, nil
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
func (r *report) read(src int, name string, in io.Reader) error {
	readCalls := func(name string, in io.Reader, intern func([]byte) string, onCall func(c *kpi.Call, line int), onBad func(daily.BadRow)) error {
		return daily.ReadCallsWith(name, in, daily.ReadOptions{MaxLineBytes: r.cfg.maxLineBytes}, intern, onCall, onBad)
	}
	if r.cfg.input != nil { // -input-format: an access log reader (csv is daily.ReadCalls too)
		readCalls = r.cfg.input.Read
	}
	return readCalls(name, in, r.strs.Intern,
		func(c *kpi.Call, line int) {
			// The reader checked the call (kpi.Check and the years 1678 to
			// 2261): the book accepts it.
			_ = r.book.Add(c, evidenceID(src, line))
		},
		func(b daily.BadRow) {
			r.badRows++
			if len(r.bad) < r.cfg.maxBadListed {
				r.bad = append(r.bad, b)
			}
		})
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
