package daily

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// table reads a CSV whose header names its columns (order free, unknown
// columns ignored, the required ones present, none twice), as the calls
// CSV is read: each record is handed to row with a getter of its fields;
// row returns "" for a good row or the reason it is bad, which onBad gets
// as file:line: reason. An empty file, a bad header or a read error fail
// the file.
func table(name string, in io.Reader, cols []string, required int, row func(get func(col int) []byte, line int) string, onBad func(BadRow)) error {
	rr := NewRecordReader(in)
	fields, line, err := rr.Read()
	if err == io.EOF {
		return fmt.Errorf("%s: empty file, want a header", name)
	}
	if err != nil {
		return fmt.Errorf("%s:%d: %v", name, line, err)
	}
	idx := make([]int, len(cols))
	for i := range idx {
		idx[i] = -1
	}
	width := len(fields)
	for i, f := range fields {
		for c, col := range cols {
			if string(f) == col {
				if idx[c] >= 0 {
					return fmt.Errorf("%s:%d: column %q appears twice", name, line, col)
				}
				idx[c] = i
			}
		}
	}
	for c := range required {
		if idx[c] < 0 {
			return fmt.Errorf("%s:%d: header has no %q column (want %s)", name, line, cols[c], strings.Join(cols, ","))
		}
	}
	var cur [][]byte
	get := func(c int) []byte {
		if idx[c] < 0 {
			return nil
		}
		return cur[idx[c]]
	}
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
		if len(fields) != width {
			onBad(BadRow{name, line, fmt.Sprintf("%d fields, the header has %d", len(fields), width)})
			continue
		}
		cur = fields
		if reason := row(get, line); reason != "" {
			onBad(BadRow{name, line, reason})
		}
	}
}

// instant parses an RFC 3339 instant of column col within the years a
// report handles.
func instant(col string, b []byte) (time.Time, string) {
	if len(b) == 0 {
		return time.Time{}, col + ": empty"
	}
	t, err := ParseRFC3339(b)
	if err != nil {
		return time.Time{}, col + ": " + err.Error()
	}
	if !InRange(t) {
		return time.Time{}, col + ": " + ErrYears.Error()
	}
	return t, ""
}

// word maps a field, compared case-insensitively, to its value among
// names; "" with ok true for an empty optional field.
func word[T any](col string, b []byte, names map[string]T, optional bool) (T, string) {
	var zero T
	if len(b) == 0 {
		if optional {
			return zero, ""
		}
		return zero, col + ": empty"
	}
	if v, ok := names[strings.ToLower(string(b))]; ok {
		return v, ""
	}
	keys := make([]string, 0, len(names))
	for k := range names {
		keys = append(keys, k)
	}
	sortStrings(keys)
	return zero, fmt.Sprintf("%s: %q is not one of %s", col, b, strings.Join(keys, ", "))
}
