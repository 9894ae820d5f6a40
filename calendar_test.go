package kpi

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	require.NoError(t, err)
	return loc
}

// Rule DAY: a daylight-saving day is 23 or 25 hours long.
func TestDayLengthEuropeLondon(t *testing.T) {
	cal := NewCalendar(mustLoad(t, "Europe/London"))
	for _, tc := range []struct {
		date string
		want time.Duration
	}{
		{"2025-03-29", 24 * time.Hour},
		{"2025-03-30", 23 * time.Hour}, // clocks go 01:00 GMT -> 02:00 BST
		{"2025-10-26", 25 * time.Hour}, // clocks go 02:00 BST -> 01:00 GMT
		{"2025-10-27", 24 * time.Hour},
	} {
		d, err := ParseDate(tc.date)
		require.NoError(t, err)
		require.Equal(t, tc.want, cal.Length(d), tc.date)
	}
	d, _ := ParseDate("2025-10-26")
	day := cal.Day(d)
	// 2025-10-26 00:00 BST is 2025-10-25 23:00 UTC; 2025-10-27 00:00 GMT is 00:00 UTC.
	require.Equal(t, time.Date(2025, 10, 25, 23, 0, 0, 0, time.UTC), day.Start.UTC())
	require.Equal(t, time.Date(2025, 10, 27, 0, 0, 0, 0, time.UTC), day.End.UTC())
}

// Rule DAY: where local midnight does not exist, the day starts at the
// change. America/Sao_Paulo moved 2018-11-04 00:00 -03 to 01:00 -02, so the
// day starts at 03:00 UTC and is 23 hours long.
func TestDayWithoutMidnight(t *testing.T) {
	cal := NewCalendar(mustLoad(t, "America/Sao_Paulo"))
	d := DateOf(2018, 11, 4)
	require.Equal(t, time.Date(2018, 11, 4, 3, 0, 0, 0, time.UTC), cal.Start(d).UTC())
	require.Equal(t, d, cal.DateOf(cal.Start(d)))
	require.Equal(t, d-1, cal.DateOf(cal.Start(d).Add(-time.Nanosecond)))
	require.Equal(t, 23*time.Hour, cal.Length(d))
	require.Equal(t, 24*time.Hour, cal.Length(d-1))
}

func TestDateCivil(t *testing.T) {
	require.Equal(t, Date(0), DateOf(1970, 1, 1))
	require.Equal(t, Date(-1), DateOf(1969, 12, 31))
	d := DateOf(2024, 2, 29)
	require.Equal(t, "2024-02-29", d.String())
	require.Equal(t, "2024-02-29", string(d.AppendFormat(nil)))
	require.Equal(t, "0099-01-02", DateOf(99, 1, 2).String())
	require.Equal(t, "2024-03-01", d.AddDays(1).String())
	y, w := d.ISOWeek()
	require.Equal(t, [2]int{2024, 9}, [2]int{y, w})
}

func TestPeriods(t *testing.T) {
	// 2025-01-01 is a Wednesday in ISO week 1 of 2025, which runs from
	// Monday 2024-12-30 to Sunday 2025-01-05.
	d := DateOf(2025, 1, 1)
	require.Equal(t, Period{DateOf(2024, 12, 30), DateOf(2025, 1, 5)}, Week(d))
	require.Equal(t, Period{DateOf(2025, 1, 1), DateOf(2025, 1, 31)}, Month(d))
	require.Equal(t, Period{DateOf(2025, 1, 1), DateOf(2025, 3, 31)}, Quarter(d))
	require.Equal(t, 90, Quarter(d).Days()) // 31 + 28 + 31
	require.Equal(t, 92, Quarter(DateOf(2025, 11, 21)).Days())
	require.Equal(t, 29, Month(DateOf(2024, 2, 10)).Days())
	// A quarter in Europe/London holds one 23-hour and no 25-hour day.
	cal := NewCalendar(mustLoad(t, "Europe/London"))
	q1 := cal.Span(Quarter(d))
	require.Equal(t, 90*24*time.Hour-time.Hour, q1.Duration())
}

// Rule AV-WINDOW-1 relies on Split: an interval across two midnights is
// cut into three parts, one per local day.
func TestSplitAcrossMidnight(t *testing.T) {
	cal := NewCalendar(mustLoad(t, "Asia/Dubai")) // UTC+4, no DST
	start := time.Date(2025, 6, 1, 22, 0, 0, 0, cal.Location())
	end := time.Date(2025, 6, 3, 1, 30, 0, 0, cal.Location())
	var got []string
	var total time.Duration
	cal.Split(Interval{start, end}, func(d Date, part Interval) {
		got = append(got, d.String()+" "+part.Duration().String())
		total += part.Duration()
	})
	require.Equal(t, []string{"2025-06-01 2h0m0s", "2025-06-02 24h0m0s", "2025-06-03 1h30m0s"}, got)
	require.Equal(t, end.Sub(start), total)
	cal.Split(Interval{end, start}, func(Date, Interval) { t.Fatal("empty interval split") })
}

func TestSplitProperty(t *testing.T) {
	cal := NewCalendar(mustLoad(t, "Europe/London"))
	base := time.Date(2025, 3, 28, 0, 0, 0, 0, time.UTC).UnixNano()
	rapid.Check(t, func(t *rapid.T) {
		a := base + rapid.Int64Range(0, 10*86400e9).Draw(t, "a")
		b := a + rapid.Int64Range(0, 5*86400e9).Draw(t, "len")
		iv := Interval{time.Unix(0, a), time.Unix(0, b)}
		var sum time.Duration
		prev := Date(-1 << 31)
		cal.Split(iv, func(d Date, part Interval) {
			if d <= prev {
				t.Fatalf("days out of order")
			}
			prev = d
			day := cal.Day(d)
			if part.Start.Before(day.Start) || part.End.After(day.End) {
				t.Fatalf("part %v outside day %v", part, d)
			}
			sum += part.Duration()
		})
		if sum != iv.Duration() {
			t.Fatalf("parts sum %v, want %v", sum, iv.Duration())
		}
	})
}

func TestDayCursor(t *testing.T) {
	cal := NewCalendar(mustLoad(t, "Europe/London"))
	cur := cal.Cursor()
	rapid.Check(t, func(t *rapid.T) {
		ns := rapid.Int64Range(1.7e18, 1.8e18).Draw(t, "ns")
		at := time.Unix(0, ns)
		if got, want := cur.DateOf(at), cal.DateOf(at); got != want {
			t.Fatalf("cursor %v, calendar %v", got, want)
		}
	})
	at := time.Date(2025, 10, 26, 12, 0, 0, 0, time.UTC)
	cur.DateOf(at)
	allocs := testing.AllocsPerRun(100, func() { cur.DateOf(at) })
	require.Zero(t, allocs)
}

// Hour slots count whole hours from the local midnight: London's 25-hour
// day (2024-10-27) has 25 slots, the repeated 01:00 local hour being slots
// 1 (BST) and 2 (GMT); its 23-hour day (2024-03-31) has 23; an ordinary day
// 24. The year holds 1 January to 31 December.
func TestCalendarHoursAndYear(t *testing.T) {
	london, err := time.LoadLocation("Europe/London")
	require.NoError(t, err)
	cal := NewCalendar(london)
	long := DateOf(2024, time.October, 27)
	require.Equal(t, 25, cal.HoursIn(long))
	require.Equal(t, 23, cal.HoursIn(DateOf(2024, time.March, 31)))
	require.Equal(t, 24, cal.HoursIn(DateOf(2024, time.October, 28)))
	d, h := cal.HourOf(time.Date(2024, 10, 27, 1, 30, 0, 0, time.UTC)) // 01:30 GMT, the second 01:30
	require.Equal(t, long, d)
	require.Equal(t, 2, h)
	require.Equal(t, "01:00 BST", cal.HourSpan(long, 1).Start.In(london).Format("15:04 MST"))
	require.Equal(t, "01:00 GMT", cal.HourSpan(long, 2).Start.In(london).Format("15:04 MST"))
	require.Equal(t, Period{First: DateOf(2024, time.January, 1), Last: DateOf(2024, time.December, 31)}, Year(DateOf(2024, time.July, 9)))
	require.Equal(t, 366, Year(DateOf(2024, time.July, 9)).Days())
}
