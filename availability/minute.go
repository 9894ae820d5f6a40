package availability

import (
	"math"
	"math/big"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/sum"
)

// Rule RG-MINUTE-1 (the Open Finance Brasil monitoring rule): availability
// from one-minute slots of calls, per endpoint.
//
//   - A call is valid when it was answered 2xx, 5xx, 408 or 422; it is a
//     success when answered 2xx or 422 (MinuteValid, MinuteSuccess).
//   - A minute with at least one valid call is up when its successes are
//     at least 95 % of its valid calls, compared exactly in integers:
//     100·successes >= 95·valid.
//   - Daily availability = up minutes / minutes with a valid call, as a
//     percentage (MinuteDay.Percent); a day without a valid call has no
//     data.
//   - Long availability = the mean of the last 90 daily values that have
//     data (MinuteWindow.Percent).
//   - Planned windows are not exempt: the rule sees calls only.
//
// The rule lives in this package, not in performance, because what it
// yields is an availability (a share of time slots that were up, judged
// against the same kind of target as AV-PCT-1's uptime), even though it is
// computed from calls and not from outages.
//
// Minute slots count whole minutes from the start of the local day
// (kpi.Calendar.Start, local midnight): slot i is [Start + i min,
// Start + (i+1) min). In every zone whose offset is a whole number of
// minutes (all zones in use today, Asia/Kolkata's +05:30 and
// Asia/Kathmandu's +05:45 included) these are exactly the local clock
// minutes. A 25-hour daylight-saving day has 1,500 slots, the repeated
// local hour's minutes being distinct slots; a 23-hour day has 1,380
// (MinutesIn). Brazil has kept no daylight saving since 2019, so a
// calendar in America/Sao_Paulo gives 1,440 slots a day; Brazil's own
// queries group by UTC minute, which a calendar in UTC reproduces.
//
// Decisions where the rule is silent:
//
//   - A call with no response (Status 0) is a valid call and an error
//     (DEFAULT), as the consumer's report of it is a 408 (the client
//     gives up); OPTION MinuteOptions.NoResponseIgnored leaves it out,
//     reading the rule's status list literally.
//   - Attribution (kpi.Call.NotAttributable) plays no part: the rule
//     counts statuses.
//   - Calls answered 3xx, or 4xx other than 408 and 422, are not valid;
//     they are counted in MinuteDay.NotValid, never dropped silently.

// MaxMinuteSlots is the number of minute slots of the longest local day
// (25 hours).
const MaxMinuteSlots = 25 * 60

// MinutesIn returns the number of minute slots of local day d: 1,440, or
// 1,380 / 1,500 on daylight-saving changes (a part-minute at the end
// counts as a slot).
func MinutesIn(cal kpi.Calendar, d kpi.Date) int {
	return int((cal.Length(d) + time.Minute - 1) / time.Minute)
}

// MinuteOf returns the local day of t and its minute slot in that day, 0
// to MinutesIn(cal, day)-1. It does not allocate.
func MinuteOf(cal kpi.Calendar, t time.Time) (kpi.Date, int) {
	d := cal.DateOf(t)
	return d, int(t.Sub(cal.Start(d)) / time.Minute)
}

// MinuteValid reports whether a call answered status is valid under Rule
// RG-MINUTE-1: 2xx, 5xx, 408 or 422 (and, under the DEFAULT, no response,
// status 0).
func MinuteValid(status int, opts MinuteOptions) bool {
	switch {
	case status >= 200 && status <= 299, status >= 500 && status <= 599, status == 408, status == 422:
		return true
	case status == 0:
		return !opts.NoResponseIgnored
	}
	return false
}

// MinuteSuccess reports whether a call answered status is a success under
// Rule RG-MINUTE-1: 2xx or 422.
func MinuteSuccess(status int) bool { return (status >= 200 && status <= 299) || status == 422 }

// MinuteOptions are the ingest-time options of a MinuteDay. The zero value
// is the DEFAULT.
type MinuteOptions struct {
	// NoResponseIgnored is the OPTION: a call with no response (Status 0)
	// is not valid, as the rule's list of statuses reads. DEFAULT (false):
	// it is a valid call and an error.
	NoResponseIgnored bool
}

// MinuteError is an error of the RG-MINUTE-1 accumulators. Returning one
// does not allocate.
type MinuteError uint8

// The errors.
const (
	// ErrSlotOutOfRange: a minute slot outside [0, MaxMinuteSlots).
	ErrSlotOutOfRange MinuteError = iota + 1
	// The value of ErrMinuteOptions, replaced by kpi.ErrOptionsDiffer.
	_
	// ErrMinuteOverflow: a minute's count would pass 2^32 - 1.
	ErrMinuteOverflow
	// ErrDayTwice: a MinuteWindow already holds that day (merge the days'
	// MinuteDay states first: a day's figure is not additive).
	ErrDayTwice
)

func (e MinuteError) Error() string {
	switch e {
	case ErrSlotOutOfRange:
		return "availability: minute slot out of range"
	case ErrMinuteOverflow:
		return "availability: minute count overflow"
	case ErrDayTwice:
		return "availability: day already in the window"
	}
	return "availability: minute error"
}

// MinuteDay is the mergeable state of Rule RG-MINUTE-1 for one
// endpoint-day: per minute slot, the valid calls and the successes.
// ReferenceMinutes is the batch version it is tested against.
//
// The caller routes each call to the MinuteDay of its endpoint and local
// day, with its slot from MinuteOf. A MinuteDay is a value without
// pointers, 12,000 bytes (two counts of 4 bytes for each of 1,500 slots)
// plus its counters: Add, Merge and Reset never allocate, and a copy is
// independent. The zero value is empty with the default options. Not safe
// for concurrent use.
type MinuteDay struct {
	opts     MinuteOptions
	valid    [MaxMinuteSlots]uint32
	ok       [MaxMinuteSlots]uint32
	calls    uint64 // calls accepted (valid or not)
	notValid uint64 // accepted calls that are not valid
	badSlot  uint64 // calls refused for their slot
	overflow uint64 // calls refused because their minute's count is full
	rejected kpi.Rejections[kpi.Reason]
}

// NewMinuteDay returns an empty MinuteDay that counts with opts.
func NewMinuteDay(opts MinuteOptions) MinuteDay { return MinuteDay{opts: opts} }

// Add ingests call c in minute slot slot of the day (MinuteOf). A call
// that fails kpi.Check is counted in Rejected and its Reason returned; a
// slot outside [0, MaxMinuteSlots) is counted in BadSlots and
// ErrSlotOutOfRange returned; a call whose minute already holds 2^32 - 1
// valid calls is counted in Overflowed and ErrMinuteOverflow returned. A
// call that is not valid is counted in
// NotValid. Add does not allocate.
func (m *MinuteDay) Add(slot int, c *kpi.Call) error {
	if r := kpi.Check(c); r != kpi.OK {
		m.rejected.Add(r)
		return r
	}
	return m.AddChecked(slot, c)
}

// AddChecked is Add for a call that passed kpi.Check.
func (m *MinuteDay) AddChecked(slot int, c *kpi.Call) error {
	if c == nil { // a nil call is the zero Call: bad input
		m.rejected.Add(kpi.ZeroReceivedAt)
		return kpi.ZeroReceivedAt
	}
	if uint(slot) >= MaxMinuteSlots {
		m.badSlot++
		return ErrSlotOutOfRange
	}
	if !MinuteValid(c.Status, m.opts) {
		m.calls++
		m.notValid++
		return nil
	}
	if m.valid[slot] == math.MaxUint32 {
		m.overflow++
		return ErrMinuteOverflow
	}
	m.calls++
	m.valid[slot]++
	if MinuteSuccess(c.Status) {
		m.ok[slot]++
	}
	return nil
}

// Merge adds o into m, so that m reads as if it had been given the calls
// of both: exact, associative and commutative, with the empty MinuteDay
// (no call accepted) as identity on either side; an empty m takes o's
// options. It returns kpi.ErrOptionsDiffer when both hold calls made with
// different options, and ErrMinuteOverflow when a minute's count would
// pass 2^32 - 1, kpi.ErrMergeOverflow when another count would pass
// 2^64 - 1; in every case m is unchanged. It never changes o and
// does not allocate.
func (m *MinuteDay) Merge(o *MinuteDay) error {
	if o == nil {
		return nil
	}
	if o.calls != 0 && m.calls != 0 && m.opts != o.opts {
		return kpi.ErrOptionsDiffer
	}
	for i := range m.valid {
		if uint64(m.valid[i])+uint64(o.valid[i]) > math.MaxUint32 {
			return ErrMinuteOverflow
		}
	}
	var a sum.Adder
	a.Add(m.calls, o.calls)
	a.Add(m.notValid, o.notValid)
	a.Add(m.badSlot, o.badSlot)
	a.Add(m.overflow, o.overflow)
	if a.Overflow || !sum.Fits(m.rejected[:], o.rejected[:]) {
		return kpi.ErrMergeOverflow
	}
	if m.calls == 0 && o.calls != 0 {
		m.opts = o.opts
	}
	for i := range m.valid {
		m.valid[i] += o.valid[i]
		m.ok[i] += o.ok[i]
	}
	m.calls += o.calls
	m.notValid += o.notValid
	m.badSlot += o.badSlot
	m.overflow += o.overflow
	_ = m.rejected.Merge(&o.rejected) // fits: checked above
	return nil
}

// Reset empties m and keeps its options.
func (m *MinuteDay) Reset() { *m = MinuteDay{opts: m.opts} }

// Options returns the options m counts with.
func (m *MinuteDay) Options() MinuteOptions { return m.opts }

// Calls is the number of calls accepted (valid or not).
func (m *MinuteDay) Calls() uint64 { return m.calls }

// NotValid is the number of accepted calls that are not valid (3xx, 4xx
// other than 408 and 422; no response under NoResponseIgnored).
func (m *MinuteDay) NotValid() uint64 { return m.notValid }

// BadSlots is the number of calls refused for a slot out of range.
func (m *MinuteDay) BadSlots() uint64 { return m.badSlot }

// Overflowed is the number of calls refused because their minute's count
// was full (2^32 - 1 valid calls).
func (m *MinuteDay) Overflowed() uint64 { return m.overflow }

// Rejections returns the calls Add refused as bad input, by reason.
func (m *MinuteDay) Rejections() kpi.Rejections[kpi.Reason] { return m.rejected }

// Slot returns the valid calls and successes of minute slot i (zeros for
// a slot out of range).
func (m *MinuteDay) Slot(i int) (valid, successes uint32) {
	if uint(i) >= MaxMinuteSlots {
		return 0, 0
	}
	return m.valid[i], m.ok[i]
}

// Minutes returns the up minutes and the minutes with at least one valid
// call (Rule RG-MINUTE-1): a minute is up when 100·successes >= 95·valid.
func (m *MinuteDay) Minutes() (up, active int) {
	for i, v := range m.valid {
		if v == 0 {
			continue
		}
		active++
		if 100*uint64(m.ok[i]) >= 95*uint64(v) {
			up++
		}
	}
	return up, active
}

// Percent is the daily availability of Rule RG-MINUTE-1: 100 · up minutes
// / minutes with a valid call; NoData when no call was valid.
func (m *MinuteDay) Percent() kpi.Ratio {
	up, active := m.Minutes()
	return kpi.PercentOf(uint64(up), uint64(active))
}

// LongDays is the number of daily values Rule RG-MINUTE-1's long
// availability averages: the last 90 that have data.
const LongDays = 90

// MinuteFigure is one day's RG-MINUTE-1 result: its up minutes and its
// minutes with a valid call (Active > 0: a day without data is never
// kept).
type MinuteFigure struct {
	Date       kpi.Date
	Up, Active int
}

// Percent is 100 · Up / Active, NoData when Active is 0.
func (f MinuteFigure) Percent() kpi.Ratio {
	if f.Up < 0 || f.Active <= 0 {
		return kpi.NoData
	}
	return kpi.PercentOf(uint64(f.Up), uint64(f.Active))
}

// MinuteWindow is the long availability of Rule RG-MINUTE-1: it keeps the
// figures of the latest 90 days (by date) that have data, and Percent is
// the mean of their daily percentages. ReferenceLongAvailability is the
// batch version.
//
// Add each closed day once (a day's figure is not additive: merge the
// MinuteDay states of one endpoint-day before taking Minutes). Merge is
// the union of two windows of different days, keeping the latest 90:
// associative and commutative, with the empty window as identity. A
// MinuteWindow is a value without pointers (90 figures, 1,460 bytes);
// nothing allocates.
type MinuteWindow struct {
	days [LongDays]MinuteFigure // ascending by Date; the first n are used
	n    int
}

// Add puts the figure of one day into the window. A figure without data
// (Active <= 0, or Up outside [0, Active]) is not kept (it returns false,
// nil); a day the window already holds gives ErrDayTwice and changes
// nothing. When the window is full, the earliest day leaves (or f, when
// it is earlier than all 90).
func (w *MinuteWindow) Add(f MinuteFigure) (bool, error) {
	if f.Active <= 0 || f.Up < 0 || f.Up > f.Active {
		return false, nil
	}
	i := 0
	for i < w.n && w.days[i].Date < f.Date {
		i++
	}
	if i < w.n && w.days[i].Date == f.Date {
		return false, ErrDayTwice
	}
	if w.n == LongDays {
		if i == 0 {
			return false, nil // earlier than the 90 days held
		}
		copy(w.days[:i-1], w.days[1:i]) // the earliest leaves
		w.days[i-1] = f
		return true, nil
	}
	copy(w.days[i+1:w.n+1], w.days[i:w.n])
	w.days[i] = f
	w.n++
	return true, nil
}

// Merge adds o's days into w, keeping the latest 90 (windows of
// different days: a day one window dropped as too early is not checked
// against the other's). When the two share a
// day it returns ErrDayTwice and changes nothing. It never changes o.
func (w *MinuteWindow) Merge(o *MinuteWindow) error {
	if o == nil {
		return nil
	}
	for _, f := range o.days[:o.n] {
		for _, g := range w.days[:w.n] {
			if f.Date == g.Date {
				return ErrDayTwice
			}
		}
	}
	for _, f := range o.days[:o.n] {
		_, _ = w.Add(f)
	}
	return nil
}

// Days returns the figures held, ascending by date (at most 90).
func (w *MinuteWindow) Days() []MinuteFigure { return append([]MinuteFigure(nil), w.days[:w.n]...) }

// Reset empties w.
func (w *MinuteWindow) Reset() { *w = MinuteWindow{} }

// Percent is the long availability of Rule RG-MINUTE-1: the mean of the
// daily percentages of the days held, exact; NoData when none is held.
func (w *MinuteWindow) Percent() kpi.Ratio {
	if w.n == 0 {
		return kpi.NoData
	}
	sum := new(big.Rat)
	for _, f := range w.days[:w.n] {
		sum.Add(sum, big.NewRat(int64(100*f.Up), int64(f.Active)))
	}
	return kpi.RatioOfRat(sum.Quo(sum, big.NewRat(int64(w.n), 1)))
}
