package benchmark

import (
	"fmt"
	"github.com/openfinance-kpi/kpi/internal/badinput"
	"github.com/openfinance-kpi/kpi/internal/sum"
	"time"

	"github.com/openfinance-kpi/kpi"
)

// The roll-ups (period uptime, call volume, per-page TTLB) take plain
// per-day numbers that the other packages produce, so that this package
// stays independent of them. This file holds those rows and their bad-input
// handling, the counterpart of kpi.Reason / kpi.Rejections for rows
// rather than calls.

// DailyDowntime is one local day's downtime (AV-PCT-1, AV-WINDOW-1: the
// part of each outage inside the day) and the day's length: the real
// length of the local day (kpi.Calendar.Length, the AV-PCT-1 DEFAULT) or
// 24 h (the AV-PCT-1 OPTION). DaysOf builds the rows of a period with the
// lengths filled in. The zero value is a bad row (no length): it is
// rejected, not counted.
type DailyDowntime struct {
	Date     kpi.Date
	Downtime time.Duration
	Length   time.Duration
}

// DailyCalls is the number of calls one endpoint (or "" for the whole
// interface) received on one day. The zero value is a day with 0 calls.
type DailyCalls struct {
	Date     kpi.Date
	Endpoint string
	Calls    uint64
}

// DailyPages is one endpoint's PF-PAGE-1 totals for one day: the summed
// TTLB of its responded calls and the pages they count as (a response of
// R records is ceil(R/100) pages; unknown R is 1 page). The zero value is
// a day with no responded call: counted, adding nothing.
type DailyPages struct {
	Date     kpi.Date
	Endpoint string
	TTLB     time.Duration
	Pages    uint64
}

// RowProblem says why a roll-up row is bad input (RULES §0 BAD INPUT). The
// zero value, RowOK, means the row is good. A RowProblem is an error;
// returning it does not allocate.
type RowProblem uint8

// The row problems.
const (
	RowOK             RowProblem = iota
	NegativeDowntime             // DailyDowntime.Downtime < 0
	NonPositiveLength            // DailyDowntime.Length <= 0
	NegativeRowTTLB              // DailyPages.TTLB < 0
	TTLBWithoutPages             // DailyPages.TTLB > 0 with Pages == 0
	numRowProblems
)

var rowProblemText = [numRowProblems]string{
	RowOK:             "ok",
	NegativeDowntime:  "negative downtime",
	NonPositiveLength: "day length not positive",
	NegativeRowTTLB:   "negative total ttlb",
	TTLBWithoutPages:  "ttlb without pages",
}

// String returns a short text such as "negative downtime".
func (p RowProblem) String() string {
	if p < numRowProblems {
		return rowProblemText[p]
	}
	return fmt.Sprintf("RowProblem(%d)", uint8(p))
}

// Error implements error without allocating.
func (p RowProblem) Error() string { return p.String() }

// CheckDowntime returns the first problem of r, or RowOK. A downtime
// longer than the day is not a problem: under the fixed 86,400 s day a
// 25-hour day can hold 25 hours of downtime, and uptime stops at 0 %.
func CheckDowntime(r *DailyDowntime) RowProblem {
	switch {
	case r.Downtime < 0:
		return NegativeDowntime
	case r.Length <= 0:
		return NonPositiveLength
	}
	return RowOK
}

// CheckPages returns the first problem of r, or RowOK.
func CheckPages(r *DailyPages) RowProblem {
	switch {
	case r.TTLB < 0:
		return NegativeRowTTLB
	case r.TTLB > 0 && r.Pages == 0:
		return TTLBWithoutPages
	}
	return RowOK
}

// RowRejections counts rejected rows by problem. The zero value is empty.
type RowRejections [numRowProblems]uint64

// Add counts one row rejected for p; RowOK is not counted.
func (r *RowRejections) Add(p RowProblem) {
	if p != RowOK && p < numRowProblems {
		r[p]++
	}
}

// Merge adds o's counts into r, or returns kpi.ErrMergeOverflow and
// changes nothing when a count would pass 2^64 − 1.
func (r *RowRejections) Merge(o *RowRejections) error {
	if !sum.Into(r[:], o[:]) {
		return kpi.ErrMergeOverflow
	}
	return nil
}

// Total is the number of rejected rows.
func (r RowRejections) Total() uint64 {
	var n uint64
	for _, v := range r {
		n += v
	}
	return n
}

// RowError names one bad row of a batch: its index in the caller's slice
// and its problem.
type RowError struct {
	Index   int
	Problem RowProblem
}

// Error returns "row <index>: <problem>".
func (e *RowError) Error() string { return fmt.Sprintf("row %d: %s", e.Index, e.Problem) }

// Unwrap returns the RowProblem, for errors.Is.
func (e *RowError) Unwrap() error { return e.Problem }

// RowsError lists every bad row of a batch. Reference roll-ups return it
// beside the result over the good rows: bad rows are never counted and
// never dropped silently.
type RowsError struct {
	Rows []*RowError
}

// Error lists the first three bad rows and how many more there are.
func (e *RowsError) Error() string { return badinput.Summary("row", e.Rows) }

// Unwrap returns the RowErrors, for errors.Is and errors.As.
func (e *RowsError) Unwrap() []error { return badinput.Errors(e.Rows) }

// rowsError returns nil for no bad rows (so that a nil *RowsError never
// hides inside a non-nil error).
func rowsError(bad []*RowError) error {
	if len(bad) == 0 {
		return nil
	}
	return &RowsError{Rows: bad}
}

// DaysOf returns one DailyDowntime per day of period p, with zero downtime
// and the day's length: its real length in cal (AV-PCT-1 DEFAULT; 23 or
// 25 h on daylight-saving changes), or 24 h when fixedDayLength is set
// (the AV-PCT-1 OPTION, the CBUAE "86,400"). Fill in the downtime of the
// days that had any and hand the rows to PeriodUptimePercent.
func DaysOf(cal kpi.Calendar, p kpi.Period, fixedDayLength bool) []DailyDowntime {
	if p.Last < p.First {
		return nil
	}
	out := make([]DailyDowntime, 0, p.Days())
	for d := p.First; d <= p.Last; d++ {
		l := 24 * time.Hour
		if !fixedDayLength {
			l = cal.Length(d)
		}
		out = append(out, DailyDowntime{Date: d, Length: l})
	}
	return out
}
