package perfsuite

import (
	"bytes"
	"errors"
)

// CSVBaseline is the report pipeline's baseline: a hand-written parse of
// the calls CSV (examples/report/README.md columns, as callgen writes them) into
// a Record per row, each added to a Baseline. It checks little (a bank's
// quick SQL job would check less), allocates nothing per row, and knows
// only the layout callgen writes: UTC timestamps with milliseconds.
type CSVBaseline struct {
	Base Baseline
	ids  map[string]uint16
	Rows int
}

// NewCSVBaseline interns the endpoint IDs in index order.
func NewCSVBaseline(endpoints []string) *CSVBaseline {
	b := &CSVBaseline{ids: make(map[string]uint16, len(endpoints))}
	for i, id := range endpoints {
		b.ids[id] = uint16(i)
	}
	return b
}

var errBadRow = errors.New("perfsuite: bad CSV row")

// Read parses data (with its header line) and adds every row.
func (b *CSVBaseline) Read(data []byte) error {
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		data = data[i+1:]
	}
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			i = len(data)
		}
		line := data[:i]
		data = data[min(i+1, len(data)):]
		var r Record
		var f []byte
		f, line = field(line)
		at, ok := parseUTC(f)
		if !ok {
			return errBadRow
		}
		r.ReceivedAt = at
		f, line = field(line)
		ep, ok := b.ids[string(f)] // no allocation: the compiler looks up without converting
		if !ok {
			return errBadRow
		}
		r.Endpoint = ep
		f, line = field(line)
		r.Status = uint16(parseInt(f))
		f, line = field(line)
		r.TTFB = parseMs(f)
		f, line = field(line)
		r.TTLB = parseMs(f)
		f, line = field(line)
		r.Bytes = parseInt(f)
		f, line = field(line)
		r.Records = int32(parseInt(f))
		_, line = field(line) // tpp_id
		f, line = field(line)
		if len(f) > 0 && f[0] == 'f' {
			r.Flags |= FlagNotAttributable
		}
		if len(line) > 0 && line[0] == 't' {
			r.Flags |= FlagRejected
		}
		b.Base.Add(&r)
		b.Rows++
	}
	return nil
}

func field(line []byte) (f, rest []byte) {
	if i := bytes.IndexByte(line, ','); i >= 0 {
		return line[:i], line[i+1:]
	}
	return line, nil
}

func parseInt(f []byte) int64 {
	var n int64
	for _, c := range f {
		n = n*10 + int64(c-'0')
	}
	return n
}

// parseMs parses "123" or "123.456" milliseconds into nanoseconds.
func parseMs(f []byte) int64 {
	ms, frac := f, []byte(nil)
	if i := bytes.IndexByte(f, '.'); i >= 0 {
		ms, frac = f[:i], f[i+1:]
	}
	ns := parseInt(ms) * 1e6
	scale := int64(1e5)
	for _, c := range frac {
		ns += int64(c-'0') * scale
		scale /= 10
	}
	return ns
}

// parseUTC parses "2006-01-02T15:04:05.000Z" into Unix nanoseconds.
func parseUTC(f []byte) (int64, bool) {
	if len(f) != 24 || f[4] != '-' || f[10] != 'T' || f[19] != '.' || f[23] != 'Z' {
		return 0, false
	}
	y, m, d := parseInt(f[0:4]), parseInt(f[5:7]), parseInt(f[8:10])
	secs := daysFromCivil(y, m, d)*86400 + parseInt(f[11:13])*3600 + parseInt(f[14:16])*60 + parseInt(f[17:19])
	return secs*1e9 + parseInt(f[20:23])*1e6, true
}

// daysFromCivil is Howard Hinnant's days_from_civil: days since 1970-01-01.
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400 // y >= 0 here
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}
