package daily

import (
	"fmt"
	"io"

	"github.com/openfinance-kpi/kpi"
)

// ReadCallsTPP is ReadCalls that also keeps each good call's tpp_id in
// c.TPP (interned; "" when the column is absent or empty), for the
// report's usage by partner. ReadCalls leaves it out: no daily figure
// uses it.
func ReadCallsTPP(name string, in io.Reader, intern func([]byte) string, onCall func(c *kpi.Call, line int), onBad func(BadRow)) error {
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
		c.TPP = ""
		if i := h.col[colTPP]; i >= 0 && len(fields[i]) > 0 {
			c.TPP = intern(fields[i])
		}
		onCall(&c, line)
	}
}
