package daily

import (
	"fmt"
	"io"

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

// BadRow is a row of a calls CSV that was not a good call: its file, its
// line (where the record starts) and why (examples/report/README.md "Bad input").
type BadRow struct {
	File   string
	Line   int
	Reason string
}

// String is the contract's listing of a bad row, "file:line: reason".
func (b BadRow) String() string { return fmt.Sprintf("%s:%d: %s", b.File, b.Line, b.Reason) }

// ReadCalls reads one calls CSV named name: the header (ParseHeader), then
// each record with ParseRow. onCall gets every good call (c is reused for
// the next one: copy what you keep) and the line it starts on; onBad every
// bad row. An empty file, a bad header or a read error fail the file.
func ReadCalls(name string, in io.Reader, intern func([]byte) string, onCall func(c *kpi.Call, line int), onBad func(BadRow)) error {
	rr := NewRecordReader(in)
	fields, line, err := rr.Read()
	if err == io.EOF {
		return fmt.Errorf("%s: empty file, want a header", name)
	}
	if err != nil {
		return fmt.Errorf("%s:%d: %v", name, line, err)
	}
	h, err := ParseHeader(fields)
	if err != nil {
		return fmt.Errorf("%s:%d: %v", name, line, err)
	}
	var c kpi.Call
	for {
		fields, line, err := rr.Read()
		if err == io.EOF {
			return nil
		}
		if err == ErrQuote {
			onBad(BadRow{name, line, err.Error()})
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
		if reason := ParseRow(&h, fields, &c, intern); reason != "" {
			onBad(BadRow{name, line, reason})
			continue
		}
		onCall(&c, line)
	}
}
