package daily

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
)

// RecordReader splits CSV (RFC 4180) into records without allocating per
// record: the fields it returns point into a buffer reused by the next
// call. Quoted fields may hold commas, doubled quotes and line breaks
// (kept byte for byte: a CRLF inside a quoted field stays CRLF). Blank
// lines are skipped; a UTF-8 byte-order mark before the first record is
// ignored.
//
// # Bad records, and where reading resumes
//
// A physical line is the bytes up to and including a "\n" (or the end of
// the input). A record is one physical line, or several when a quoted
// field holds a line break. Which of the two a stray quote means cannot
// be known from the quote alone, so the reader decides this way:
//
//   - a quoted field may go on over the next physical lines while the
//     text still makes a record: its closing quote is followed by a comma
//     or the line end, the record spans at most MaxRecordLines physical
//     lines, and all of them hold at most the line limit in bytes;
//   - otherwise (the quote is never closed before the end of the input or
//     those limits, a closing quote is followed by anything else, a quote
//     stands inside an unquoted field) the record is bad: Read returns an
//     error wrapping ErrQuote with the number of its first line, and the
//     next Read starts again at the physical line after that first line.
//     One bad quote costs one line, never the rest of the file;
//   - a caller that finds a multi-line record bad for its own reasons (a
//     field that does not parse) calls Reject: the record's other lines
//     are read again as records of their own.
//
// So every physical line is either part of a record the caller accepted
// or the first line of a bad record that was reported, with its line
// number: none is skipped without being counted. The price of resuming
// is bounded: a line is parsed at most MaxRecordLines times, and the
// reader holds at most the lines of one record.
//
// # Limits
//
// A physical line longer than the line limit (NewRecordReaderLimit;
// DefaultMaxLineBytes by default), its line ending not counted, is a bad
// record (ErrLineTooLong): its bytes are read and discarded without being
// held, and reading resumes at the next line.
type RecordReader struct {
	r     *bufio.Reader
	max   int   // line limit in bytes
	num   int   // number of the last physical line read from r
	bom   bool  // the next line is the input's first: a byte-order mark is dropped
	err   error // the error that ended r (io.EOF at its end)
	buf   []byte
	lines []physLine // queued lines: lines[head:]
	head  int
	used  int // queued lines of the record last returned; dropped by the next Read
	n     int // physical lines of the record last returned

	rec    []byte   // unquoted field bytes, for records with quotes
	ends   []int    // field ends in rec
	fields [][]byte // returned slices
}

// physLine is a physical line held in RecordReader.buf: its bytes
// buf[start:end], then its ending (endLen bytes: 0 at the end of the
// input, 1 for "\n", 2 for "\r\n").
type physLine struct {
	start, end, endLen int
	num                int
	long               bool // over the limit: its bytes were discarded
}

// DefaultMaxLineBytes is the line limit of NewRecordReader: 1 MiB.
const DefaultMaxLineBytes = 1 << 20

// MaxRecordLines is the most physical lines one record may span (a quoted
// field holding line breaks).
const MaxRecordLines = 16

// ErrQuote is the error of a malformed quoted field (wrapped with the
// detail): the record is bad, the reader goes on with the physical line
// after the record's first.
var ErrQuote = errors.New("malformed quoted field")

// ErrLineTooLong is the error of a physical line over the limit (wrapped
// with the limit): the record is bad, the reader goes on with the next
// line.
var ErrLineTooLong = errors.New("line too long")

// NewRecordReader returns a reader of r's records with the default line
// limit, DefaultMaxLineBytes.
func NewRecordReader(r io.Reader) *RecordReader { return NewRecordReaderLimit(r, 0) }

// NewRecordReaderLimit returns a reader of r's records whose physical
// lines may hold at most maxLineBytes bytes (line ending not counted);
// maxLineBytes <= 0 is DefaultMaxLineBytes.
func NewRecordReaderLimit(r io.Reader, maxLineBytes int) *RecordReader {
	if maxLineBytes <= 0 {
		maxLineBytes = DefaultMaxLineBytes
	}
	return &RecordReader{r: bufio.NewReaderSize(r, 256<<10), max: maxLineBytes, bom: true}
}

// NewRecordReaderAt is NewRecordReaderLimit for a piece of an input that
// starts at the input's line firstLine (> 1: no byte-order mark is looked
// for): the line numbers Read returns are the input's. Cut the input only
// where SafeCut says.
func NewRecordReaderAt(r io.Reader, maxLineBytes, firstLine int) *RecordReader {
	rr := NewRecordReaderLimit(r, maxLineBytes)
	rr.num = max(firstLine, 1) - 1
	rr.bom = rr.num == 0
	return rr
}

// SafeCut reports whether a reader of the whole input starts a record
// (or skips a blank line) at the line that follows before, bytes of the
// input that end at that line's start, so that the input may be cut there
// and the pieces read by readers of their own (NewRecordReaderAt) with
// the same records, errors and line numbers. It is so when none of the
// MaxRecordLines-1 lines before the cut holds a quote: only a record
// whose first line holds one can span several lines, and one that starts
// further back ends, or is found bad, before the cut. whole says before
// is all of the input up to the cut; otherwise, when before holds fewer
// than those lines, the answer is false (not known).
func SafeCut(before []byte, whole bool) bool {
	if len(before) == 0 || before[len(before)-1] != '\n' {
		return false
	}
	b := before[:len(before)-1]
	for range MaxRecordLines - 1 {
		i := bytes.LastIndexByte(b, '\n')
		if i < 0 && !whole {
			return false
		}
		if bytes.IndexByte(b[i+1:], '"') >= 0 {
			return false
		}
		if i < 0 {
			return true // the start of the input
		}
		b = b[:i]
	}
	return true
}

// MaxLineBytes returns the reader's line limit.
func (rr *RecordReader) MaxLineBytes() int { return rr.max }

// readPhys reads one physical line from r into buf and queues it.
func (rr *RecordReader) readPhys() error {
	if rr.err != nil {
		return rr.err
	}
	chunk, err := rr.r.ReadSlice('\n')
	return rr.queue(chunk, err)
}

// queue copies the physical line whose first chunk (and its error) r's
// ReadSlice gave into buf, reading the rest of it, and queues it.
func (rr *RecordReader) queue(chunk []byte, err error) error {
	start := len(rr.buf)
	long := false
	total := 0
	for {
		total += len(chunk)
		if !long {
			if len(rr.buf)-start+len(chunk) > rr.max+2 { // +2: the line ending
				long = true
				rr.buf = rr.buf[:start]
			} else {
				rr.buf = append(rr.buf, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			chunk, err = rr.r.ReadSlice('\n')
			continue
		}
		if err == io.EOF && total > 0 {
			err = nil
		}
		if err != nil {
			rr.err = err
			return err
		}
		break
	}
	rr.num++
	l := physLine{start: start, end: len(rr.buf), num: rr.num, long: long}
	if !long {
		if l.end > start && rr.buf[l.end-1] == '\n' {
			l.end--
			l.endLen = 1
			if l.end > start && rr.buf[l.end-1] == '\r' {
				l.end--
				l.endLen = 2
			}
		}
		if l.end-l.start > rr.max {
			l.long, l.end, l.endLen = true, start, 0
			rr.buf = rr.buf[:start]
		}
	}
	if rr.bom {
		rr.bom = false
		if !l.long && bytes.HasPrefix(rr.buf[l.start:l.end], []byte("\xEF\xBB\xBF")) {
			l.start += 3
		}
	}
	rr.lines = append(rr.lines, l)
	return nil
}

// fetch makes sure the queue holds line i (0: its head); false at the end
// of the input or on a read error (returned).
func (rr *RecordReader) fetch(i int) (bool, error) {
	for len(rr.lines)-rr.head <= i {
		if err := rr.readPhys(); err != nil {
			return false, err
		}
	}
	return true, nil
}

// drop removes n lines from the head of the queue.
func (rr *RecordReader) drop(n int) {
	rr.head += n
	if rr.head >= len(rr.lines) {
		rr.lines, rr.head, rr.buf = rr.lines[:0], 0, rr.buf[:0]
		return
	}
	// Lines stay queued after a bad multi-line record: move them to the
	// front once the dropped ones hold most of the buffer.
	if off := rr.lines[rr.head].start; off > len(rr.buf)/2 {
		n := copy(rr.buf, rr.buf[off:])
		rr.buf = rr.buf[:n]
		k := copy(rr.lines, rr.lines[rr.head:])
		rr.lines, rr.head = rr.lines[:k], 0
		for i := range rr.lines {
			rr.lines[i].start -= off
			rr.lines[i].end -= off
		}
	}
}

// Reject says the record the last Read returned is bad after all (the
// caller could not use its fields): the lines it spanned after its first
// are read again as records of their own. It does nothing for a record
// of one line.
func (rr *RecordReader) Reject() {
	if rr.used > 1 {
		rr.used, rr.n = 1, 1
	}
}

// Lines returns the number of physical lines of the record the last Read
// returned.
func (rr *RecordReader) Lines() int { return rr.n }

// Read returns the next record's fields and the line number it starts on.
// A bad record returns an error wrapping ErrQuote or ErrLineTooLong, with
// its first line's number; the next Read goes on after that line. io.EOF
// ends; another error is the input's read error.
func (rr *RecordReader) Read() ([][]byte, int, error) {
	rr.drop(rr.used)
	rr.used, rr.n = 0, 0
	for {
		if rr.head == len(rr.lines) && rr.err == nil && rr.num > 0 {
			// The fast path: nothing queued, and a line past the first
			// (no byte-order mark) whole in r's buffer, within the limit
			// and without a quote, is split where it lies, not copied.
			line, err := rr.r.ReadSlice('\n')
			if err != nil || len(line) > rr.max+2 {
				if err := rr.queue(line, err); err != nil {
					return nil, rr.num, err
				}
			} else {
				raw := line[:len(line)-1]
				if len(raw) > 0 && raw[len(raw)-1] == '\r' {
					raw = raw[:len(raw)-1]
				}
				if len(raw) > rr.max {
					rr.num++
					return nil, rr.num, fmt.Errorf("%w: over %d bytes", ErrLineTooLong, rr.max)
				}
				fields, ok := splitUnquoted(rr.fields[:0], raw)
				if !ok { // a quote: the general path reads it
					_ = rr.queue(line, nil) // a whole line: no read, no error
				} else {
					rr.num++
					if len(raw) == 0 {
						continue // blank line
					}
					rr.fields, rr.n = fields, 1
					return fields, rr.num, nil
				}
			}
		}
		if ok, err := rr.fetch(0); !ok {
			return nil, rr.num, err
		}
		l := rr.lines[rr.head]
		if l.long {
			rr.drop(1)
			return nil, l.num, fmt.Errorf("%w: over %d bytes", ErrLineTooLong, rr.max)
		}
		raw := rr.buf[l.start:l.end]
		if len(raw) == 0 {
			rr.drop(1) // blank line
			continue
		}
		if fields, ok := splitUnquoted(rr.fields[:0], raw); ok {
			rr.fields, rr.used, rr.n = fields, 1, 1
			return fields, l.num, nil
		}
		fields, n, err := rr.quoted()
		if err != nil {
			if errors.Is(err, ErrQuote) {
				rr.drop(1) // resume at the line after the record's first
			}
			return nil, l.num, err
		}
		rr.used, rr.n = n, n
		return fields, l.num, nil
	}
}

// The bytes of a word, for splitUnquoted.
const (
	low7s  = 0x7F7F7F7F7F7F7F7F
	commas = 0x2C2C2C2C2C2C2C2C
	quotes = 0x2222222222222222
)

// zeroBytes returns the top bit of each zero byte of v, and nothing else.
func zeroBytes(v uint64) uint64 { return ^((v&low7s + low7s) | v | low7s) }

// splitUnquoted appends the comma-separated fields of raw to dst, eight
// bytes a step; false when raw holds a quote (the fields are then partial).
func splitUnquoted(dst [][]byte, raw []byte) ([][]byte, bool) {
	start, i := 0, 0
	for ; i+8 <= len(raw); i += 8 {
		x := binary.LittleEndian.Uint64(raw[i:])
		if zeroBytes(x^quotes) != 0 {
			return dst, false
		}
		for m := zeroBytes(x ^ commas); m != 0; m &= m - 1 {
			j := i + bits.TrailingZeros64(m)>>3
			dst = append(dst, raw[start:j])
			start = j + 1
		}
	}
	for ; i < len(raw); i++ {
		switch raw[i] {
		case '"':
			return dst, false
		case ',':
			dst = append(dst, raw[start:i])
			start = i + 1
		}
	}
	return append(dst, raw[start:]), true
}

func quoteErr(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrQuote}, args...)...)
}

// quoted parses the record at the head of the queue, which holds at least
// one quote, fetching more lines while a quoted field is open. It returns
// the fields and the number of lines the record spans.
func (rr *RecordReader) quoted() ([][]byte, int, error) {
	rr.rec, rr.ends = rr.rec[:0], rr.ends[:0]
	li := 0
	l := rr.lines[rr.head]
	raw := rr.buf[l.start:l.end]
	size := len(raw) + l.endLen
	pos := 0
	for {
		// At the start of a field.
		if pos < len(raw) && raw[pos] == '"' {
			pos++
			for {
				if pos == len(raw) { // the field goes on on the next line
					if li+1 >= MaxRecordLines {
						return nil, 0, quoteErr("quoted field not closed within %d lines", MaxRecordLines)
					}
					ok, err := rr.fetch(li + 1)
					if !ok {
						if err == io.EOF {
							return nil, 0, quoteErr("quoted field not closed at the end of the input")
						}
						return nil, 0, err
					}
					rr.rec = append(rr.rec, rr.buf[l.end:l.end+l.endLen]...) // the line break, as written
					li++
					l = rr.lines[rr.head+li]
					if l.long {
						return nil, 0, quoteErr("quoted field runs into a line over %d bytes", rr.max)
					}
					if size += l.end - l.start + l.endLen; size > rr.max {
						return nil, 0, quoteErr("quoted field not closed within %d bytes", rr.max)
					}
					raw, pos = rr.buf[l.start:l.end], 0
					continue
				}
				c := raw[pos]
				pos++
				if c != '"' {
					rr.rec = append(rr.rec, c)
					continue
				}
				if pos < len(raw) && raw[pos] == '"' {
					rr.rec = append(rr.rec, '"')
					pos++
					continue
				}
				break // closing quote
			}
			if pos < len(raw) && raw[pos] != ',' {
				return nil, 0, quoteErr("closing quote followed by %q, not a comma or the line end", raw[pos])
			}
		} else {
			for pos < len(raw) && raw[pos] != ',' {
				if raw[pos] == '"' {
					return nil, 0, quoteErr("quote inside an unquoted field")
				}
				rr.rec = append(rr.rec, raw[pos])
				pos++
			}
		}
		rr.ends = append(rr.ends, len(rr.rec))
		if pos >= len(raw) {
			break
		}
		pos++ // the comma
	}
	rr.fields = rr.fields[:0]
	prev := 0
	for _, e := range rr.ends {
		rr.fields = append(rr.fields, rr.rec[prev:e])
		prev = e
	}
	return rr.fields, li + 1, nil
}
