package daily

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// RecordReader splits CSV (RFC 4180) into records without allocating per
// record: the fields it returns point into a buffer reused by the next
// call. Quoted fields may hold commas, doubled quotes and newlines. Blank
// lines are skipped; a UTF-8 byte-order mark before the first record is
// ignored (examples/report/README.md "Input").
type RecordReader struct {
	r      *bufio.Reader
	line   int // number of the last physical line read
	first  bool
	raw    []byte   // the physical line(s) of the record
	rec    []byte   // unquoted field bytes, for records with quotes
	ends   []int    // field ends in rec
	fields [][]byte // returned slices
}

// ErrQuote is the error of a malformed quoted field: the row is bad, the
// reader goes on with the next record.
var ErrQuote = errors.New("malformed quoted field")

// NewRecordReader returns a reader of r's records.
func NewRecordReader(r io.Reader) *RecordReader {
	return &RecordReader{r: bufio.NewReaderSize(r, 256<<10), first: true}
}

// readLine appends one physical line, without its line ending, to raw.
func (rr *RecordReader) readLine() (bool, error) {
	start := len(rr.raw)
	for {
		chunk, err := rr.r.ReadSlice('\n')
		rr.raw = append(rr.raw, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == io.EOF && len(rr.raw) > start {
			err = nil
		}
		if err != nil {
			return false, err
		}
		break
	}
	rr.line++
	n := len(rr.raw)
	if n > start && rr.raw[n-1] == '\n' {
		n--
		if n > start && rr.raw[n-1] == '\r' {
			n--
		}
	}
	rr.raw = rr.raw[:n]
	if rr.first {
		rr.first = false
		rr.raw = bytes.TrimPrefix(rr.raw, []byte("\xEF\xBB\xBF"))
	}
	return true, nil
}

// Read returns the next record's fields and the line number it starts on.
// A malformed record returns ErrQuote (with its line); io.EOF ends.
func (rr *RecordReader) Read() ([][]byte, int, error) {
	for {
		rr.raw = rr.raw[:0]
		ok, err := rr.readLine()
		if !ok {
			return nil, rr.line, err
		}
		if len(rr.raw) == 0 {
			continue // blank line
		}
		start := rr.line
		if bytes.IndexByte(rr.raw, '"') < 0 {
			rr.fields = rr.fields[:0]
			rest := rr.raw
			for {
				i := bytes.IndexByte(rest, ',')
				if i < 0 {
					rr.fields = append(rr.fields, rest)
					break
				}
				rr.fields = append(rr.fields, rest[:i])
				rest = rest[i+1:]
			}
			return rr.fields, start, nil
		}
		fields, err := rr.quoted()
		return fields, start, err
	}
}

// quoted parses a record that holds at least one quote, reading more
// physical lines while a quoted field is open.
func (rr *RecordReader) quoted() ([][]byte, error) {
	rr.rec, rr.ends = rr.rec[:0], rr.ends[:0]
	pos := 0
	for {
		// At the start of a field.
		if pos < len(rr.raw) && rr.raw[pos] == '"' {
			pos++
			for {
				if pos == len(rr.raw) { // the field goes on on the next line
					rr.rec = append(rr.rec, '\n')
					ok, err := rr.readLine()
					if !ok {
						if err == io.EOF {
							return nil, ErrQuote
						}
						return nil, err
					}
					continue
				}
				c := rr.raw[pos]
				pos++
				if c != '"' {
					rr.rec = append(rr.rec, c)
					continue
				}
				if pos < len(rr.raw) && rr.raw[pos] == '"' {
					rr.rec = append(rr.rec, '"')
					pos++
					continue
				}
				break // closing quote
			}
			if pos < len(rr.raw) && rr.raw[pos] != ',' {
				return nil, ErrQuote
			}
		} else {
			for pos < len(rr.raw) && rr.raw[pos] != ',' {
				if rr.raw[pos] == '"' {
					return nil, ErrQuote
				}
				rr.rec = append(rr.rec, rr.raw[pos])
				pos++
			}
		}
		rr.ends = append(rr.ends, len(rr.rec))
		if pos >= len(rr.raw) {
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
	return rr.fields, nil
}
