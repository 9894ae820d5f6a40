package daily

import (
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

func TestParseRFC3339(t *testing.T) {
	for _, s := range []string{
		"2025-06-01T10:00:00Z",
		"2025-06-01T10:00:00+04:00",
		"2025-06-01T10:00:00.5-03:30",
		"2015-05-01T10:05:22.629882+02:00",
		"2024-02-29T23:59:59.123456789Z",
		"1969-12-31T23:59:59Z",
	} {
		want, err := time.Parse(time.RFC3339Nano, s)
		require.NoError(t, err)
		got, err := ParseRFC3339([]byte(s))
		require.NoError(t, err, s)
		require.True(t, want.Equal(got), "%s: got %v want %v", s, got, want)
	}
	for _, s := range []string{
		"2025-06-01t10:00:00Z", "2025-06-01T10:00:00z", "2025-06-01T10:00:00", "2025-06-01 10:00:00Z",
		"2025-02-29T10:00:00Z", "2025-13-01T10:00:00Z", "2025-06-01T24:00:00Z", "2025-06-01T10:00:00.Z",
		"2025-06-01T10:00:00.1234567891Z", "2025-06-01T10:00:00+0400", "2025-06-01T10:00:00+04:00x", "",
	} {
		_, err := ParseRFC3339([]byte(s))
		require.Error(t, err, s)
	}
}

func TestParseRFC3339Property(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ns := rapid.Int64Range(-1e18, 4e18).Draw(t, "ns")
		off := rapid.IntRange(-23*60-59, 23*60+59).Draw(t, "offmin")
		at := time.Unix(0, ns).In(time.FixedZone("", off*60))
		s := at.Format(time.RFC3339Nano)
		got, err := ParseRFC3339([]byte(s))
		if err != nil || !got.Equal(at) {
			t.Fatalf("%s: %v %v", s, got, err)
		}
	})
}

func TestParseMillis(t *testing.T) {
	for s, want := range map[string]time.Duration{
		"0": 0, "120": 120 * time.Millisecond, "0.5": 500 * time.Microsecond,
		"73000.123456": 73*time.Second + 123456*time.Nanosecond, "1.000001": time.Millisecond + time.Nanosecond,
	} {
		got, err := ParseMillis([]byte(s))
		require.NoError(t, err, s)
		require.Equal(t, want, got, s)
	}
	for _, s := range []string{"", ".5", "5.", "-1", "+1", "1e3", "1.1234567", "1,5", " 1"} {
		_, err := ParseMillis([]byte(s))
		require.Error(t, err, s)
	}
}

func TestParseUint(t *testing.T) {
	v, err := ParseUint([]byte("0042"))
	require.NoError(t, err)
	require.Equal(t, int64(42), v)
	for _, s := range []string{"", "-1", "+1", "1.0", "1 ", "9999999999999999999"} {
		_, err := ParseUint([]byte(s))
		require.Error(t, err, s)
	}
}

// The accepted ranges of the calls CSV: integers of any number of leading
// zeros whose value fits in an int64 (so "0000000000000000200", 19
// characters, is 200 and 9223372036854775807 is the largest); decimal
// milliseconds below 2^62 ns = 4,611,686,018,427.387904 ms, and a long
// run of digits is "out of range", never "not decimal milliseconds".
func TestAcceptedRanges(t *testing.T) {
	v, err := ParseUint([]byte("0000000000000000200"))
	require.NoError(t, err)
	require.Equal(t, int64(200), v)
	v, err = ParseUint([]byte("00009223372036854775807"))
	require.NoError(t, err)
	require.Equal(t, int64(math.MaxInt64), v)
	_, err = ParseUint([]byte("9223372036854775808"))
	require.ErrorIs(t, err, errRange)
	_, err = ParseUint([]byte("0x10"))
	require.ErrorIs(t, err, errInteger)

	d, err := ParseMillis([]byte("4611686018427.387903"))
	require.NoError(t, err)
	require.Equal(t, time.Duration(1<<62-1), d)
	_, err = ParseMillis([]byte("4611686018427.387904"))
	require.ErrorIs(t, err, errRange)
	_, err = ParseMillis([]byte("1234567890123456789012"))
	require.ErrorIs(t, err, errRange)
}

// ttlb_ms of 19 digits and more used to say "not decimal milliseconds"
// while 18 digits over the bound said "out of range": both are out of
// range now; a 19-character non-number is still not an integer.
func TestParseMillisOutOfRangeConsistent(t *testing.T) {
	for _, s := range []string{
		"999999999999999999",     // 18 digits: over (2^62 ns) / 1 ms = 4,611,686,018,427 ms
		"1000000000000000000",    // 19 digits
		"12345678901234567890.5", // 20 digits and a fraction
	} {
		_, err := ParseMillis([]byte(s))
		require.ErrorIs(t, err, errRange, s)
		require.EqualError(t, err, "out of range", s)
	}
	_, err := ParseUint([]byte("123456789012345678x"))
	require.ErrorIs(t, err, errInteger)
	_, err = ParseMillis([]byte("1234567890123456789x"))
	require.ErrorIs(t, err, errMillis)
}

// -tz Local would make the report depend on the machine's zone: refused.
func TestSettingsRefuseLocal(t *testing.T) {
	_, err := NewSettings("cbuae", "Local", "", nil)
	require.ErrorContains(t, err, `-tz "Local": want an IANA zone name`)
	st, err := NewSettings("platform", "UTC", "", nil)
	require.NoError(t, err)
	require.Equal(t, "UTC", st.Cal.Location().String())
}

// daysFromCivil and daysIn agree with package time on every day of the
// years 0 to 9999 (3,652,425 days): the date's midnight UTC, in Unix days.
func TestDaysFromCivilEveryDay(t *testing.T) {
	at := time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)
	for at.Year() <= 9999 {
		y, m, d := at.Date()
		if got, want := daysFromCivil(y, int(m), d), at.Unix()/86400; got != want {
			t.Fatalf("%v: %d days, time says %d", at, got, want)
		}
		if d == 1 {
			last := at.AddDate(0, 1, -1).Day()
			require.Equal(t, last, daysIn(y, int(m)), "%v", at)
		}
		at = at.AddDate(0, 0, 1)
	}
}

// InRange's shortcut (1679 to 2260 in UTC) agrees with the years of the
// instant's own location at and around its edges, in zones of -12:00 and
// +14:00: 1678-01-01 in +14:00 is 1677 in UTC, and in range.
func TestInRangeEdges(t *testing.T) {
	for _, off := range []int{-12 * 3600, 0, 14 * 3600} {
		z := time.FixedZone("", off)
		for _, y := range []int{1677, 1678, 1679, 2260, 2261, 2262} {
			for _, at := range []time.Time{time.Date(y, 1, 1, 0, 0, 0, 0, z), time.Date(y, 12, 31, 23, 59, 59, 0, z)} {
				require.Equal(t, y >= 1678 && y <= 2261, InRange(at), "%v", at)
			}
		}
	}
	require.True(t, InRange(time.Unix(inRangeFrom, 0)))
	require.True(t, InRange(time.Unix(inRangeTo-1, 0)))
	require.Equal(t, 1679, time.Unix(inRangeFrom, 0).UTC().Year())
	require.Equal(t, 1678, time.Unix(inRangeFrom-1, 0).UTC().Year())
	require.Equal(t, 2261, time.Unix(inRangeTo, 0).UTC().Year())
}

// The one-pass ParseUint and ParseMillis give the answer of the
// check-by-check parsers (parseUintLong, parseMillisSlow: the first
// release's code) on any input: the same value, or the same error.
// Inputs are drawn from digits, '.', a sign and a letter, 0 to 25 bytes,
// so that every branch of both (fraction lengths, 12 and 13 integer
// digits, 18 and 19 digits, stray bytes) is reached.
func TestFastParsersAgree(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		b := []byte(rapid.OneOf(
			rapid.StringOfN(rapid.SampledFrom([]rune("0123456789012345678901234567890123456789.-x")), 0, 25, -1),
			rapid.StringOfN(rapid.RuneFrom([]rune("0123456789")), 11, 21, -1), // around 12, 18 and 19 digits
		).Draw(t, "s"))
		v, err := ParseUint(b)
		wv, werr := parseUintLong(b)
		if v != wv || err != werr {
			t.Fatalf("ParseUint(%q) = %d, %v; want %d, %v", b, v, err, wv, werr)
		}
		d, err := ParseMillis(b)
		wd, werr := parseMillisSlow(b)
		if d != wd || err != werr {
			t.Fatalf("ParseMillis(%q) = %d, %v; want %d, %v", b, d, err, wd, werr)
		}
	})
}

// TestMinuteCacheProperty: parseRFC3339 with a minute cache answers as
// ParseRFC3339 (value and error) on every input of a sequence, whatever
// the inputs before it left in the cache. The inputs are instants of a
// few minutes with one byte of their own changed (a digit, a separator,
// a range: "2025-02-29", hour 24, second 60) or cut, and a few bad
// ones that share a good one's minute, so that a cached
// minute meets inputs that share its 16 bytes and others that differ in
// a single byte.
func TestMinuteCacheProperty(t *testing.T) {
	bases := []string{
		"2025-06-01T10:00:00Z", "2025-06-01T10:00:59.5+04:00", "2025-06-01T10:01:00.123456789-03:30",
		"2024-02-29T23:59:59Z", "1969-12-31T23:59:01.1Z", "2025-06-01T10:00:07+00:00",
		"2025-06-01T10:00:60Z", "2025-06-01T10:00:5:Z", "2025-06-01T10:00.07Z", // bad after a good minute
	}
	rapid.Check(t, func(t *rapid.T) {
		var mc minuteCache
		for i := range rapid.IntRange(1, 30).Draw(t, "n") {
			b := []byte(rapid.SampledFrom(bases).Draw(t, fmt.Sprint("base", i)))
			switch rapid.IntRange(0, 3).Draw(t, fmt.Sprint("how", i)) {
			case 1: // one byte changed
				k := rapid.IntRange(0, len(b)-1).Draw(t, fmt.Sprint("at", i))
				b[k] = rapid.SampledFrom([]byte("0123456789:-T+Z.x\xff6")).Draw(t, fmt.Sprint("to", i))
			case 2: // cut
				b = b[:rapid.IntRange(0, len(b)).Draw(t, fmt.Sprint("len", i))]
			}
			want, werr := ParseRFC3339(b)
			got, gerr := parseRFC3339(b, &mc)
			if werr != gerr || got != want {
				t.Fatalf("%q: got %v, %v; ParseRFC3339 %v, %v", b, got, gerr, want, werr)
			}
		}
	})
}
