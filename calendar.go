package kpi

import (
	"fmt"
	"time"
)

// Date is a civil date: the number of days since 1970-01-01 in the
// proleptic Gregorian calendar. It names a reporting day without a
// location; a Calendar turns it into instants. Dates are small, ordered
// and usable as map keys; the zero value is 1970-01-01.
type Date int32

// DateOf returns the Date of year y, month m, day d. Out-of-range values
// are normalised as time.Date does (January 32 is February 1).
func DateOf(y int, m time.Month, d int) Date {
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return Date(floorDiv(t.Unix(), 86400))
}

// ParseDate parses "YYYY-MM-DD".
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, err
	}
	return DateOf(t.Date()), nil
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func (d Date) utc() time.Time { return time.Unix(int64(d)*86400, 0).UTC() }

// Civil returns the year, month and day of d.
func (d Date) Civil() (year int, month time.Month, day int) { return d.utc().Date() }

// String returns d as "YYYY-MM-DD".
func (d Date) String() string {
	y, m, dd := d.Civil()
	return fmt.Sprintf("%04d-%02d-%02d", y, int(m), dd)
}

// AppendFormat appends d as "YYYY-MM-DD" to b without allocating.
func (d Date) AppendFormat(b []byte) []byte {
	y, m, dd := d.Civil()
	b = appendInt(b, y, 4)
	b = append(b, '-')
	b = appendInt(b, int(m), 2)
	b = append(b, '-')
	return appendInt(b, dd, 2)
}

func appendInt(b []byte, v, width int) []byte {
	var buf [20]byte
	i := len(buf)
	for v > 0 || i > len(buf)-width {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
	}
	return append(b, buf[i:]...)
}

// AddDays returns d + n days.
func (d Date) AddDays(n int) Date { return d + Date(n) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.utc().Weekday() }

// ISOWeek returns the ISO 8601 year and week number of d.
func (d Date) ISOWeek() (year, week int) { return d.utc().ISOWeek() }

// Period is a run of whole local days [First, Last], such as an ISO week,
// a calendar month or a quarter (the shared model's DAY).
type Period struct {
	First, Last Date
}

// Days is the number of days in p.
func (p Period) Days() int { return int(p.Last-p.First) + 1 }

// Contains reports whether d is a day of p.
func (p Period) Contains(d Date) bool { return d >= p.First && d <= p.Last }

// Week returns the ISO week (Monday to Sunday) that holds d.
func Week(d Date) Period {
	off := (int(d.Weekday()) + 6) % 7 // days since Monday
	first := d - Date(off)
	return Period{First: first, Last: first + 6}
}

// Month returns the calendar month that holds d.
func Month(d Date) Period {
	y, m, _ := d.Civil()
	first := DateOf(y, m, 1)
	return Period{First: first, Last: DateOf(y, m+1, 1) - 1}
}

// Quarter returns the calendar quarter that holds d.
func Quarter(d Date) Period {
	y, m, _ := d.Civil()
	qm := time.Month((int(m)-1)/3*3 + 1)
	return Period{First: DateOf(y, qm, 1), Last: DateOf(y, qm+3, 1) - 1}
}

// Year returns the calendar year that holds d.
func Year(d Date) Period {
	y, _, _ := d.Civil()
	return Period{First: DateOf(y, time.January, 1), Last: DateOf(y+1, time.January, 1) - 1}
}

// Interval is the half-open span of instants [Start, End).
type Interval struct {
	Start, End time.Time
}

// Duration is End - Start (0 if End is not after Start).
func (iv Interval) Duration() time.Duration {
	if !iv.End.After(iv.Start) {
		return 0
	}
	return iv.End.Sub(iv.Start)
}

// Contains reports whether t is in [Start, End).
func (iv Interval) Contains(t time.Time) bool {
	return !t.Before(iv.Start) && t.Before(iv.End)
}

// Calendar maps instants to local reporting days in a time.Location
// (the shared model's DAY): a day is [00:00, 24:00) local time, 23 or 25 hours long
// on daylight-saving changes. The zero value is a calendar in UTC.
// A Calendar is a value, safe for concurrent use.
type Calendar struct {
	loc *time.Location
}

// NewCalendar returns the calendar of loc (nil: UTC).
func NewCalendar(loc *time.Location) Calendar { return Calendar{loc: loc} }

// Location returns the calendar's location.
func (c Calendar) Location() *time.Location {
	if c.loc == nil {
		return time.UTC
	}
	return c.loc
}

// DateOf returns the local day that holds instant t.
func (c Calendar) DateOf(t time.Time) Date {
	return DateOf(t.In(c.Location()).Date())
}

// Start returns the first instant of local day d. Where local midnight does
// not exist (a daylight-saving change at 00:00), the day starts at the
// change.
func (c Calendar) Start(d Date) time.Time {
	y, m, dd := d.Civil()
	t := time.Date(y, m, dd, 0, 0, 0, 0, c.Location())
	if c.DateOf(t) < d {
		// time.Date put a non-existent midnight before the change, in the
		// previous day (America/Sao_Paulo 2018-11-04): the day starts at
		// the end of that zone period.
		_, end := t.ZoneBounds()
		t = end
	}
	return t
}

// Day returns local day d as an interval of instants.
func (c Calendar) Day(d Date) Interval {
	return Interval{Start: c.Start(d), End: c.Start(d + 1)}
}

// Length returns the real length of local day d: 24 h, or 23 h / 25 h on
// daylight-saving changes (AV-PCT-1 DEFAULT).
func (c Calendar) Length(d Date) time.Duration {
	return c.Start(d + 1).Sub(c.Start(d))
}

// Span returns period p as an interval of instants.
func (c Calendar) Span(p Period) Interval {
	return Interval{Start: c.Start(p.First), End: c.Start(p.Last + 1)}
}

// Split calls fn for each local day that [iv.Start, iv.End) touches, with
// the part of the interval inside that day (AV-WINDOW-1). It calls fn
// nothing for an empty interval.
func (c Calendar) Split(iv Interval, fn func(d Date, part Interval)) {
	if !iv.End.After(iv.Start) {
		return
	}
	d := c.DateOf(iv.Start)
	start := iv.Start
	for {
		next := c.Start(d + 1)
		if !iv.End.After(next) {
			fn(d, Interval{Start: start, End: iv.End})
			return
		}
		fn(d, Interval{Start: start, End: next})
		start = next
		d++
	}
}

// DayCursor maps instants to local days quickly when consecutive instants
// fall on the same day, which they do in a log: it remembers the bounds of
// the last day it returned. The zero value is not usable; get one from
// Calendar.Cursor. A DayCursor is not safe for concurrent use.
type DayCursor struct {
	cal        Calendar
	date       Date
	start, end time.Time // the cached day, [start, end)
}

// Cursor returns a DayCursor over c.
func (c Calendar) Cursor() DayCursor {
	return DayCursor{cal: c} // start == end: the first call misses
}

// DateOf returns the local day that holds t. It does not allocate.
func (k *DayCursor) DateOf(t time.Time) Date {
	if !t.Before(k.start) && t.Before(k.end) {
		return k.date
	}
	d := k.cal.DateOf(t)
	k.date, k.start, k.end = d, k.cal.Start(d), k.cal.Start(d+1)
	return d
}

// Hour slots of a local day (RG-HOURLY-1, RG-TIER-1): hours are counted
// from the start of the local day, hour i being [Start + i h, Start +
// (i+1) h), cut at the day's end. In a zone whose daylight-saving shift
// is a whole hour (all but Lord Howe Island) these are exactly the clock
// hours, and a 25-hour day has 25 of them: the repeated local hour (01:00
// BST, then 01:00 GMT in London in October) is two slots, 1 and 2; a
// 23-hour day has 23.

// HoursIn returns the number of hour slots of local day d: 24, or 23 / 25
// on daylight-saving changes (a part-hour at the end counts as a slot).
func (c Calendar) HoursIn(d Date) int {
	n := c.Length(d)
	return int((n + time.Hour - 1) / time.Hour)
}

// HourOf returns the local day of t and its hour slot in that day, 0 to
// HoursIn(day)-1. It does not allocate.
func (c Calendar) HourOf(t time.Time) (Date, int) {
	d := c.DateOf(t)
	return d, int(t.Sub(c.Start(d)) / time.Hour)
}

// HourSpan returns hour slot i of local day d as an interval of instants
// (d.HourSpan(i).Start.In(loc) is the local clock hour).
func (c Calendar) HourSpan(d Date, i int) Interval {
	day := c.Day(d)
	start := day.Start.Add(time.Duration(i) * time.Hour)
	end := start.Add(time.Hour)
	if end.After(day.End) {
		end = day.End
	}
	return Interval{Start: start, End: end}
}
