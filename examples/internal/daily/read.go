package daily

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"

	"github.com/openfinance-kpi/kpi"
)

// Interner hands out one string per distinct byte sequence, so that a
// parsed row costs no allocation once its endpoint has been seen. The zero
// value is not ready: make it with make(Interner). Not safe for concurrent
// use.
type Interner map[string]string

// Intern returns the string for b, allocating only the first time.
func (m Interner) Intern(b []byte) string {
	if s, ok := m[string(b)]; ok {
		return s
	}
	s := string(b)
	m[s] = s
	return s
}

// Strings is an Interner with a small cache in front of its map: a row's
// endpoint is found by eight bytes of its start and end and its length,
// and one comparison, without hashing it all (interleaved logs of tens of
// endpoints hit the cache; others take the map). Make it with NewStrings.
// Not safe for concurrent use.
type Strings struct {
	m     Interner
	cache [1 << stringsCacheBits]string
}

const stringsCacheBits = 8

// NewStrings returns an empty Strings.
func NewStrings() *Strings { return &Strings{m: make(Interner)} }

// Intern returns the string for b, allocating only the first time.
func (s *Strings) Intern(b []byte) string {
	if len(b) < 8 {
		return s.m.Intern(b)
	}
	x := binary.LittleEndian.Uint64(b) ^ bits.RotateLeft64(binary.LittleEndian.Uint64(b[len(b)-8:]), 29) ^ uint64(len(b))
	slot := &s.cache[x*0x9E3779B97F4A7C15>>(64-stringsCacheBits)]
	if *slot == string(b) {
		return *slot
	}
	v := s.m.Intern(b)
	*slot = v
	return v
}

// BadRow is a row of a calls CSV that was not a good call: its file, its
// line (where the record starts) and why.
type BadRow struct {
	File   string
	Line   int
	Reason string
}

// String is the contract's listing of a bad row, "file:line: reason".
func (b BadRow) String() string { return fmt.Sprintf("%s:%d: %s", b.File, b.Line, b.Reason) }

// ReadOptions are the limits of ReadCallsWith.
type ReadOptions struct {
	// MaxLineBytes is the longest physical line read (its line ending not
	// counted); a longer one is a bad row, discarded in bounded memory.
	// Zero or less: DefaultMaxLineBytes.
	MaxLineBytes int
	// KeepTPP keeps each good call's tpp_id in c.TPP (interned; "" when the
	// column is absent or empty), for a report's usage by partner. No
	// daily figure uses it, so by default it is left out.
	KeepTPP bool
}

// ReadCalls is ReadCallsWith with the default limits.
func ReadCalls(name string, in io.Reader, intern func([]byte) string, onCall func(c *kpi.Call, line int), onBad func(BadRow)) error {
	return ReadCallsWith(name, in, ReadOptions{}, intern, onCall, onBad)
}

// ReadCallsWith reads one calls CSV named name: the header (ParseHeader),
// then each record with ParseRow. onCall gets every good call (c is reused
// for the next one: copy what you keep) and the line it starts on; onBad
// every bad row. An empty file, a bad header or a read error fail the
// file.
//
// Nothing is skipped uncounted: a malformed record (RecordReader: a bad
// quote, a line over the limit) is a bad row at its first line, and so is
// a record of several physical lines whose fields do not make a good row;
// in both cases reading resumes at the physical line after the bad row's
// first, so one stray quote costs one row, not the rest of the file.
func ReadCallsWith(name string, in io.Reader, opts ReadOptions, intern func([]byte) string, onCall func(c *kpi.Call, line int), onBad func(BadRow)) error {
	_, err := ReadCallsAt(name, in, opts, nil, 1, intern, onCall, onBad)
	return err
}

// ReadCallsAt reads a piece of a calls CSV that starts at the input's line
// firstLine and ends at a line end: with h nil, a piece that starts with
// the header (the input's start: ReadCallsWith); else a piece after the
// header h (which ReadHeader gives). The rows are those ReadCallsWith
// reads, numbered from firstLine on. It returns the number of the last
// physical line it read (firstLine - 1 for none), so that the next piece
// starts at that plus one: pieces read in parallel, each from line 1, are
// renumbered in order by the lines of those before. Cut the input where
// SafeCut says; then the pieces read in order give what ReadCallsWith
// gives for the whole.
func ReadCallsAt(name string, in io.Reader, opts ReadOptions, h *Header, firstLine int, intern func([]byte) string, onCall func(c *kpi.Call, line int), onBad func(BadRow)) (last int, err error) {
	rr := NewRecordReaderAt(in, opts.MaxLineBytes, firstLine)
	rr.bom = h == nil // the input's start, whatever its number
	if h == nil {
		fields, line, err := rr.Read()
		if err == io.EOF {
			return rr.num, fmt.Errorf("%s: empty file, want a header", name)
		}
		if err != nil {
			return rr.num, fmt.Errorf("%s:%d: %v", name, line, err)
		}
		hh, err := ParseHeader(fields)
		if err != nil {
			return rr.num, fmt.Errorf("%s:%d: %v", name, line, err)
		}
		h = &hh
	}
	err = readRows(name, rr, h, opts, intern, onCall, onBad)
	return rr.num, err
}

// ReadHeader reads the header of a calls CSV as ReadCallsWith does; an
// error is ReadCallsWith's for that input.
func ReadHeader(name string, in io.Reader, opts ReadOptions) (Header, error) {
	rr := NewRecordReaderLimit(in, opts.MaxLineBytes)
	fields, line, err := rr.Read()
	if err == io.EOF {
		return Header{}, fmt.Errorf("%s: empty file, want a header", name)
	}
	if err != nil {
		return Header{}, fmt.Errorf("%s:%d: %v", name, line, err)
	}
	h, err := ParseHeader(fields)
	if err != nil {
		return h, fmt.Errorf("%s:%d: %v", name, line, err)
	}
	return h, nil
}

// readRows reads the records after the header.
func readRows(name string, rr *RecordReader, h *Header, opts ReadOptions, intern func([]byte) string, onCall func(c *kpi.Call, line int), onBad func(BadRow)) error {
	var c kpi.Call
	var mc minuteCache
	for {
		fields, line, err := rr.Read()
		if err == io.EOF {
			return nil
		}
		if errors.Is(err, ErrQuote) || errors.Is(err, ErrLineTooLong) {
			onBad(BadRow{name, line, err.Error()})
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
		if reason := parseRow(h, fields, &c, intern, &mc); reason != "" {
			if n := rr.Lines(); n > 1 {
				// A quoted field held line breaks, but the record is no good
				// row: its other lines are read again as rows.
				rr.Reject()
				reason = fmt.Sprintf("%s (a record over %d lines; the next line is read as a row)", reason, n)
			}
			onBad(BadRow{name, line, reason})
			continue
		}
		c.TPP = ""
		if opts.KeepTPP {
			if i := h.col[colTPP]; i >= 0 && len(fields[i]) > 0 {
				c.TPP = intern(fields[i])
			}
		}
		onCall(&c, line)
	}
}
