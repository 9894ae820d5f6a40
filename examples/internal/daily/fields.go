package daily

import (
	"encoding/binary"
	"errors"
	"math"
	"time"
)

// Field parsers for the calls CSV.
// They work on the row's bytes and do not allocate: time.Parse would
// allocate a fixed zone for every offset that is not the machine's own.

var (
	errInteger   = errors.New("not an integer (digits only)")
	errMillis    = errors.New("not decimal milliseconds (digits, optionally '.' and 1-6 digits)")
	errBool      = errors.New("not true or false")
	errTimestamp = errors.New("not an RFC 3339 instant with offset")
	errRange     = errors.New("out of range")
	ErrYears     = errors.New("out of range (years 1678 to 2261)")
)

// InRange reports whether t can be held as Unix nanoseconds, as the
// report's availability records do: years 1678 to 2261 (of t's location).
// Instants from 1679 to 2260 in UTC are in range in every location (no
// offset reaches a day) and are answered without a calendar.
func InRange(t time.Time) bool {
	if s := t.Unix(); s >= inRangeFrom && s < inRangeTo {
		return true
	}
	y := t.Year()
	return y >= 1678 && y <= 2261
}

// The Unix seconds of 1679-01-01 and 2261-01-01 UTC: days from civil
// (-106,285 and 106,286 days from 1970-01-01) times 86,400.
const (
	inRangeFrom = -106285 * 86400
	inRangeTo   = 106286 * 86400
)

// daysIn returns the number of days of month in year (proleptic
// Gregorian, as package time).
func daysIn(year, month int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil returns the days from 1970-01-01 to a valid date of years
// 0 to 9999 (H. Hinnant's days_from_civil: years from March, eras of 400
// years).
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400 // y >= -1: the era of year -1 is 0 all the same here
	if y < 0 {
		era = -1
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era*146097 + doe - 719468)
}

// ParseUint parses digits only, no sign, into an int64: any number of
// leading zeros, then a value that fits in a signed 64-bit integer (a
// larger one is errRange, "out of range").
func ParseUint(b []byte) (int64, error) {
	if n := len(b); n > 0 && n <= 18 {
		// One pass: 18 digits are below 10^18 < 2^63, so no range check
		// and no leading-zero strip are needed (parseUintLong's answer).
		var v uint64
		for _, c := range b {
			d := c - '0'
			if d > 9 {
				return 0, errInteger
			}
			v = v*10 + uint64(d)
		}
		return int64(v), nil
	}
	return parseUintLong(b)
}

// parseUintLong is ParseUint for the empty input and inputs of more than
// 18 bytes, in three passes: digits only, leading zeros, range.
func parseUintLong(b []byte) (int64, error) {
	if len(b) == 0 {
		return 0, errInteger
	}
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, errInteger
		}
	}
	for len(b) > 1 && b[0] == '0' { // any number of leading zeros
		b = b[1:]
	}
	if len(b) > 19 {
		return 0, errRange
	}
	var v uint64
	for _, c := range b {
		v = v*10 + uint64(c-'0') // 19 digits fit in a uint64
	}
	if v > math.MaxInt64 {
		return 0, errRange
	}
	return int64(v), nil
}

// ParseMillis parses decimal milliseconds ("120", "0.5", "73000.123456")
// into exact nanoseconds: 6 fractional digits of a millisecond are a
// nanosecond, so no rounding ever happens.
func ParseMillis(b []byte) (time.Duration, error) {
	// One pass for the usual form: 1 to 12 integer digits (below 10^12 ms,
	// so below 10^18 < 2^62 ns with any fraction), then optionally '.' and
	// 1 to 6 digits. Anything else takes parseMillisSlow, whose answer
	// (value or error) this path gives on every input it accepts.
	var ms uint64
	i := 0
	for ; i < len(b) && i <= 12; i++ {
		d := b[i] - '0'
		if d > 9 {
			break
		}
		ms = ms*10 + uint64(d)
	}
	if i == 0 || i > 12 {
		return parseMillisSlow(b)
	}
	ns := ms * uint64(time.Millisecond)
	if i < len(b) {
		frac := b[i+1:]
		if b[i] != '.' || len(frac) == 0 || len(frac) > 6 {
			return parseMillisSlow(b)
		}
		for k, c := range frac {
			d := c - '0'
			if d > 9 {
				return parseMillisSlow(b)
			}
			ns += uint64(d) * fracScale[k]
		}
	}
	return time.Duration(ns), nil
}

// fracScale[k] is the nanoseconds of fractional digit k of a millisecond.
var fracScale = [6]uint64{100_000, 10_000, 1_000, 100, 10, 1}

// parseMillisSlow is ParseMillis for every input, the checks one by one.
func parseMillisSlow(b []byte) (time.Duration, error) {
	intPart, frac := b, []byte(nil)
	for i, c := range b {
		if c == '.' {
			intPart, frac = b[:i], b[i+1:]
			if len(frac) == 0 || len(frac) > 6 {
				return 0, errMillis
			}
			break
		}
	}
	if len(intPart) == 0 {
		return 0, errMillis
	}
	ms, err := parseUintLong(intPart) // not ParseUint's fast path: the property test compares the two
	if err == errRange {              // 19 digits and more, as 18 digits over the bound
		return 0, errRange
	}
	if err != nil {
		return 0, errMillis
	}
	if ms > int64(1<<62)/int64(time.Millisecond) {
		return 0, errRange
	}
	ns := ms * int64(time.Millisecond)
	scale := int64(100_000) // the first fractional digit is 0.1 ms
	for _, c := range frac {
		if c < '0' || c > '9' {
			return 0, errMillis
		}
		ns += int64(c-'0') * scale
		scale /= 10
	}
	if ns >= 1<<62 { // the contract: below 2^62 ns, so that sums stay exact
		return 0, errRange
	}
	return time.Duration(ns), nil
}

// ParseBool parses "true" or "false", lower case exactly.
func ParseBool(b []byte) (bool, error) {
	switch string(b) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, errBool
}

func digits(b []byte, n int) (int, bool) {
	if len(b) < n {
		return 0, false
	}
	v := 0
	for _, c := range b[:n] {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// ParseRFC3339 parses "2006-01-02T15:04:05[.fraction](Z|±hh:mm)" with
// upper-case T and Z and 1 to 9 fractional digits.
func ParseRFC3339(b []byte) (time.Time, error) { return parseRFC3339(b, nil) }

// minuteCache remembers the minute of the last instant parseRFC3339
// accepted: its first 16 bytes ("2006-01-02T15:04", whose digits,
// separators and ranges were checked) and their Unix seconds before the
// offset. A log's rows share their minute with the row before, so most
// rows check and convert only the seconds, fraction and offset. The zero
// value is empty.
type minuteCache struct {
	lo, hi uint64 // the bytes 0-7 and 8-15, little endian
	unix   int64  // date*86400 + hour*3600 + minute*60
	ok     bool
}

// parseRFC3339 is ParseRFC3339, with the minute of b taken from mc (nil:
// none) when b starts with the bytes of mc's minute; an accepted b's
// minute is kept in mc. Its answer (value or error) is ParseRFC3339's on
// every input: bytes 0 to 15 equal to an accepted instant's pass every
// check of those bytes, and the checks of the bytes after them come in
// the same order.
func parseRFC3339(b []byte, mc *minuteCache) (time.Time, error) {
	if len(b) < len("2006-01-02T15:04:05Z") {
		return time.Time{}, errTimestamp
	}
	lo, hi := binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[8:])
	if mc != nil && mc.ok && lo == mc.lo && hi == mc.hi {
		s0, s1 := b[17]-'0', b[18]-'0'
		if s0 > 9 || s1 > 9 || b[16] != ':' {
			return time.Time{}, errTimestamp
		}
		sec := int(s0)*10 + int(s1)
		if sec > 59 {
			return time.Time{}, errRange
		}
		return rfc3339Tail(b[19:], mc.unix+int64(sec))
	}
	year, ok1 := digits(b[0:], 4)
	month, ok2 := digits(b[5:], 2)
	day, ok3 := digits(b[8:], 2)
	hour, ok4 := digits(b[11:], 2)
	minute, ok5 := digits(b[14:], 2)
	sec, ok6 := digits(b[17:], 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' {
		return time.Time{}, errTimestamp
	}
	if month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, errRange // February 30, month 13, ...
	}
	start := daysFromCivil(year, month, day)*86400 + int64(hour*3600+minute*60)
	t, err := rfc3339Tail(b[19:], start+int64(sec))
	if err == nil && mc != nil {
		*mc = minuteCache{lo: lo, hi: hi, unix: start, ok: true}
	}
	return t, err
}

// rfc3339Tail parses the rest of an RFC 3339 instant after the seconds,
// "[.fraction](Z|±hh:mm)", and returns the instant whose date and time
// before the offset are local Unix seconds.
func rfc3339Tail(rest []byte, local int64) (time.Time, error) {
	nsec := 0
	if len(rest) > 0 && rest[0] == '.' {
		n := 1
		scale := 100_000_000
		for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
			if n > 9 {
				return time.Time{}, errTimestamp
			}
			nsec += int(rest[n]-'0') * scale
			scale /= 10
			n++
		}
		if n == 1 {
			return time.Time{}, errTimestamp
		}
		rest = rest[n:]
	}
	offset := 0
	switch {
	case len(rest) == 1 && rest[0] == 'Z':
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, okh := digits(rest[1:], 2)
		om, okm := digits(rest[4:], 2)
		if !okh || !okm || oh > 23 || om > 59 {
			return time.Time{}, errTimestamp
		}
		offset = (oh*60 + om) * 60
		if rest[0] == '-' {
			offset = -offset
		}
	default:
		return time.Time{}, errTimestamp
	}
	return time.Unix(local-int64(offset), int64(nsec)), nil
}
