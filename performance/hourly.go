package performance

import (
	"time"

	"github.com/openfinance-kpi/kpi"
)

// Rule RG-HOURLY-1 (CDR): the share of calls within a threshold per clock
// hour comes from the same mergeable state as the daily figures. A caller
// keeps one Stats per endpoint-hour, slot HourOf(cal, t), reads each
// hour's WithinThresholdPercent, and merges the hours of a day into the
// day's Stats (Merge is exact, so the day equals a Stats fed the whole
// day).
//
// Hours are counted from the start of the local day: hour i is
// [Start + i h, Start + (i+1) h), cut at the day's end. In a zone whose
// daylight-saving shift is a whole hour (all but Lord Howe Island) these
// are exactly the clock hours, and a 25-hour day has 25 of them: the
// repeated local hour (01:00 BST, then 01:00 GMT in London in October) is
// two slots, 1 and 2; a 23-hour day has 23.

// HoursIn returns the number of hour slots of local day d: 24, or 23 / 25
// on daylight-saving changes (a part-hour at the end counts as a slot).
func HoursIn(cal kpi.Calendar, d kpi.Date) int {
	n := cal.Length(d)
	return int((n + time.Hour - 1) / time.Hour)
}

// HourOf returns the local day of t and its hour slot in that day, 0 to
// HoursIn(cal, day)-1. It does not allocate.
func HourOf(cal kpi.Calendar, t time.Time) (kpi.Date, int) {
	d := cal.DateOf(t)
	return d, int(t.Sub(cal.Start(d)) / time.Hour)
}

// HourSpan returns hour slot i of local day d as an interval of instants
// (for labelling rows: HourSpan(...).Start.In(loc) is the local clock
// hour).
func HourSpan(cal kpi.Calendar, d kpi.Date, i int) kpi.Interval {
	day := cal.Day(d)
	start := day.Start.Add(time.Duration(i) * time.Hour)
	end := start.Add(time.Hour)
	if end.After(day.End) {
		end = day.End
	}
	return kpi.Interval{Start: start, End: end}
}
