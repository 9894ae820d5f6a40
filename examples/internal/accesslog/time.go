package accesslog

import (
	"time"

	"github.com/openfinance-kpi/kpi"
)

// stamp is a parsed timestamp: a civil time with or without its UTC
// offset, or an instant (epoch forms). The parsers do not allocate:
// time.Parse would allocate a zone for every offset.
type stamp struct {
	set                    bool
	epoch                  bool // unix/nsec hold the instant
	unix                   int64
	y, mo, d, h, mi, s, ns int
	off                    int // seconds east of UTC
	hasOff                 bool
}

const errNoOffset = "time: no UTC offset in the log; give -log-tz"

// instant is the stamp's instant; a civil time without offset is in loc.
func (st *stamp) instant(loc *time.Location) (time.Time, string) {
	if !st.set {
		return time.Time{}, "no time"
	}
	if st.epoch {
		return time.Unix(st.unix, int64(st.ns)), ""
	}
	date := kpi.DateOf(st.y, time.Month(st.mo), st.d)
	if y, m, d := date.Civil(); y != st.y || int(m) != st.mo || d != st.d || st.h > 23 || st.mi > 59 || st.s > 59 {
		return time.Time{}, "time: out of range"
	}
	if !st.hasOff {
		if loc == nil {
			return time.Time{}, errNoOffset
		}
		return time.Date(st.y, time.Month(st.mo), st.d, st.h, st.mi, st.s, st.ns, loc), ""
	}
	unix := int64(date)*86400 + int64(st.h*3600+st.mi*60+st.s) - int64(st.off)
	return time.Unix(unix, int64(st.ns)), ""
}

func dig(b []byte, i, n int) (int, bool) {
	if i+n > len(b) {
		return 0, false
	}
	v := 0
	for _, c := range b[i : i+n] {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

var months = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

func month(b []byte, i int) (int, bool) {
	if i+3 > len(b) {
		return 0, false
	}
	for m, name := range months {
		if b[i] == name[0] && b[i+1] == name[1] && b[i+2] == name[2] {
			return m + 1, true
		}
	}
	return 0, false
}

// frac parses "." and 1 to 9 digits at b[i:], into nanoseconds; n is the
// bytes read (0 when b[i] is not '.').
func frac(b []byte, i int) (ns, n int, ok bool) {
	if i >= len(b) || b[i] != '.' {
		return 0, 0, true
	}
	scale := 100_000_000
	j := i + 1
	for j < len(b) && b[j] >= '0' && b[j] <= '9' {
		if j-i > 9 {
			return 0, 0, false
		}
		ns += int(b[j]-'0') * scale
		scale /= 10
		j++
	}
	return ns, j - i, j > i+1
}

// offset parses "+hhmm", "+hh:mm" or "Z" at b[i:]; n is the bytes read.
func offset(b []byte, i int) (off, n int, ok bool) {
	if i < len(b) && b[i] == 'Z' {
		return 0, 1, true
	}
	if i >= len(b) || (b[i] != '+' && b[i] != '-') {
		return 0, 0, false
	}
	h, ok1 := dig(b, i+1, 2)
	j := i + 3
	if j < len(b) && b[j] == ':' {
		j++
	}
	m, ok2 := dig(b, j, 2)
	if !ok1 || !ok2 || h > 23 || m > 59 {
		return 0, 0, false
	}
	off = (h*60 + m) * 60
	if b[i] == '-' {
		off = -off
	}
	return off, j + 2 - i, true
}

// parseCLF parses the common log format's time, "02/Jan/2006:15:04:05"
// with optional fraction (HAProxy) and optional " -0700" (Apache, nginx).
// The whole of b must be read.
func parseCLF(b []byte, st *stamp) bool {
	d, ok1 := dig(b, 0, 2)
	mo, ok2 := month(b, 3)
	y, ok3 := dig(b, 7, 4)
	h, ok4 := dig(b, 12, 2)
	mi, ok5 := dig(b, 15, 2)
	s, ok6 := dig(b, 18, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || b[2] != '/' || b[6] != '/' || b[11] != ':' || b[14] != ':' || b[17] != ':' {
		return false
	}
	ns, n, ok := frac(b, 20)
	if !ok {
		return false
	}
	*st = stamp{set: true, y: y, mo: mo, d: d, h: h, mi: mi, s: s, ns: ns}
	i := 20 + n
	if i == len(b) {
		return true
	}
	if b[i] != ' ' {
		return false
	}
	off, n, ok := offset(b, i+1)
	st.off, st.hasOff = off, true
	return ok && i+1+n == len(b)
}

// parseISO parses "2006-01-02T15:04:05[.frac][Z|±hh:mm|±hhmm]", with 'T'
// or a space, offset optional (then the stamp is naive). The whole of b
// must be read.
func parseISO(b []byte, st *stamp) bool {
	y, ok1 := dig(b, 0, 4)
	mo, ok2 := dig(b, 5, 2)
	d, ok3 := dig(b, 8, 2)
	h, ok4 := dig(b, 11, 2)
	mi, ok5 := dig(b, 14, 2)
	s, ok6 := dig(b, 17, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || b[4] != '-' || b[7] != '-' || (b[10] != 'T' && b[10] != ' ') || b[13] != ':' || b[16] != ':' {
		return false
	}
	ns, n, ok := frac(b, 19)
	if !ok {
		return false
	}
	*st = stamp{set: true, y: y, mo: mo, d: d, h: h, mi: mi, s: s, ns: ns}
	i := 19 + n
	if i == len(b) {
		return true
	}
	off, n, ok := offset(b, i)
	st.off, st.hasOff = off, true
	return ok && i+n == len(b)
}

// parseEpoch parses decimal epoch time in units of unit (time.Second,
// time.Millisecond, time.Microsecond): "1430474722.629".
func parseEpoch(b []byte, unit time.Duration, st *stamp) bool {
	d, ok := parseDec(b, unit)
	if !ok {
		return false
	}
	*st = stamp{set: true, epoch: true, unix: int64(d / time.Second), ns: int(d % time.Second)}
	return true
}

// parseDec parses "digits[.digits]" in units of unit into a Duration,
// exactly: fraction digits finer than a nanosecond are refused, and so is
// a value of 2^62 ns or more.
func parseDec(b []byte, unit time.Duration) (time.Duration, bool) {
	var whole int64
	i := 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		if i >= 18 {
			return 0, false
		}
		whole = whole*10 + int64(b[i]-'0')
		i++
	}
	if i == 0 || whole > int64(1<<62)/int64(unit) {
		return 0, false
	}
	d := time.Duration(whole) * unit
	if i == len(b) {
		return d, true
	}
	if b[i] != '.' || i+1 == len(b) {
		return 0, false
	}
	scale := unit / 10
	for _, c := range b[i+1:] {
		if c < '0' || c > '9' || (scale == 0 && c != '0') {
			return 0, false
		}
		d += time.Duration(c-'0') * scale
		scale /= 10
	}
	return d, d < 1<<62
}
