package performance

import (
	"errors"
	"math/big"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/sum"
	"github.com/openfinance-kpi/kpi/internal/u128"
)

// Rule RG-TIER-1 (Australia's Consumer Data Right, performance tiers):
//
//   - A call belongs to one tier by its endpoint and by whether the
//     customer was present (kpi.Call.CustomerPresent: the request carried
//     x-fapi-customer-ip-address). The endpoint gives a TierRoute: the
//     tier of its customer-present calls and that of its unattended ones
//     (the same tier for endpoints whose tier does not depend on it).
//   - Each tier has a threshold (TierThreshold): unauthenticated 1500 ms,
//     high priority 1000 ms, low priority 1500 ms, unattended 4000 ms,
//     large payload 6000 ms.
//   - Per tier and clock hour (hour slots as RG-HOURLY-1: kpi.Calendar.HourOf): the
//     invocations (every call of the tier), and the share of calls within
//     the threshold: 100 · (calls with a response whose TTLB is at most
//     the threshold) / (calls not rejected for traffic thresholds).
//   - Per tier and day: the average response, Σ TTLB / calls with a
//     response, in ms (writers turn it into seconds).
//   - Calls rejected for traffic thresholds (kpi.Call.TrafficRejected) are
//     left out of the within-threshold share and kept in the invocations
//     and the average response.
//
// Decisions where the rule is silent:
//
//   - "Within" is inclusive: a TTLB equal to the threshold is within.
//   - A call with no response (Status 0) is in the share's denominator
//     and never within it (it was not responded to at all), and out of
//     the average response (PF-AVG-1's population: calls with a response).
//   - A call whose tier depends on the customer's presence and whose
//     CustomerPresent is unknown has no tier: it is counted in
//     TierDay.PresenceUnknown, never guessed. A call to an endpoint of no
//     tier (TierRoute zero) is counted in TierDay.NoTier.
//   - A TrafficRejected flag that is unknown reads as not rejected (the
//     zero value is the rulebook's default, as for kpi.Call.Rejected).
//   - An hour without a call of the tier (outside rejections) has no share
//     (NoData), never 100 %.

// Tier is a performance tier of Rule RG-TIER-1. The zero value TierNone is
// no tier.
type Tier uint8

// The tiers, in the order of the CDR's Get Metrics documents.
const (
	TierNone Tier = iota
	TierUnauthenticated
	TierHighPriority
	TierLowPriority
	TierUnattended
	TierLargePayload
	numTiers
)

// Tiers lists the tiers (TierNone excluded).
var Tiers = [...]Tier{TierUnauthenticated, TierHighPriority, TierLowPriority, TierUnattended, TierLargePayload}

// String returns the tier's key in the CDR's Get Metrics documents
// ("highPriority"), "none" for TierNone.
func (t Tier) String() string {
	switch t {
	case TierUnauthenticated:
		return "unauthenticated"
	case TierHighPriority:
		return "highPriority"
	case TierLowPriority:
		return "lowPriority"
	case TierUnattended:
		return "unattended"
	case TierLargePayload:
		return "largePayload"
	}
	return "none"
}

// TierThreshold returns the threshold of tier t (0 for TierNone).
func TierThreshold(t Tier) time.Duration {
	switch t {
	case TierUnauthenticated, TierLowPriority:
		return 1500 * time.Millisecond
	case TierHighPriority:
		return 1000 * time.Millisecond
	case TierUnattended:
		return 4000 * time.Millisecond
	case TierLargePayload:
		return 6000 * time.Millisecond
	}
	return 0
}

// TierRoute is the tier of an endpoint's calls: Present for those with the
// customer present, Unattended for the others. An endpoint whose tier
// does not depend on the customer's presence has both equal; the zero
// value is an endpoint of no tier.
type TierRoute struct {
	Present, Unattended Tier
}

// Of returns the tier of a call with the given CustomerPresent, and false
// when the tier depends on the customer's presence and it is unknown.
func (r TierRoute) Of(present kpi.Flag) (Tier, bool) {
	switch {
	case r.Present == r.Unattended:
		return r.Present, true
	case present == kpi.FlagYes:
		return r.Present, true
	case present == kpi.FlagNo:
		return r.Unattended, true
	}
	return TierNone, false
}

// MaxHourSlots is the number of hour slots of the longest local day.
const MaxHourSlots = 25

// tierHour is one tier's counts in one hour slot.
type tierHour struct {
	calls  uint64 // invocations
	timed  uint64 // calls not rejected for traffic thresholds
	within uint64 // timed calls with a response within the threshold
}

// TierDay is the mergeable state of Rule RG-TIER-1 for one local day (of
// one endpoint, or of several merged): per tier and hour slot the
// invocations and the counts of the within-threshold share, and per tier
// the sum and count of response times. ReferenceTiers is the batch
// version it is tested against.
//
// The caller routes each call with its hour slot (kpi.Calendar.HourOf) and its
// endpoint's TierRoute. A TierDay is a value without pointers (about
// 3.7 KB): Add, Merge and Reset never allocate, and a copy is
// independent. The zero value is empty and ready to use. Not safe for
// concurrent use.
type TierDay struct {
	hours     [MaxHourSlots][numTiers]tierHour
	responded [numTiers]uint64
	sum       [numTiers]u128.U128 // Σ TTLB of responded calls, ns
	rejected  [numTiers]uint64    // calls rejected for traffic thresholds

	noTier, unknown, badSlot uint64
	bad                      kpi.Rejections[kpi.Reason]
}

// Add ingests call c of hour slot slot (kpi.Calendar.HourOf) to an endpoint of route
// r. A call that fails kpi.Check is counted in Rejected and its Reason
// returned; a slot outside [0, MaxHourSlots) is counted in BadSlots and
// ErrHourSlot returned; a call of no tier is counted in NoTier, one
// whose tier depends on an unknown presence in PresenceUnknown. c must
// not be nil. Add does not allocate.
func (d *TierDay) Add(slot int, r TierRoute, c *kpi.Call) error {
	if k := kpi.Check(c); k != kpi.OK {
		d.bad.Add(k)
		return k
	}
	return d.AddChecked(slot, r, c)
}

// AddChecked is Add for a call that passed kpi.Check.
func (d *TierDay) AddChecked(slot int, r TierRoute, c *kpi.Call) error {
	if c == nil { // a nil call is the zero Call: bad input
		d.bad.Add(kpi.ZeroReceivedAt)
		return kpi.ZeroReceivedAt
	}
	if uint(slot) >= MaxHourSlots {
		d.badSlot++
		return ErrHourSlot
	}
	t, ok := r.Of(c.CustomerPresent)
	switch {
	case !ok:
		d.unknown++
		return nil
	case t == TierNone || t >= numTiers:
		d.noTier++
		return nil
	}
	h := &d.hours[slot][t]
	h.calls++
	if c.TrafficRejected == kpi.FlagYes {
		d.rejected[t]++
	} else {
		h.timed++
		if c.Status != 0 && c.TTLB <= TierThreshold(t) {
			h.within++
		}
	}
	if c.Status != 0 {
		d.responded[t]++
		d.sum[t].Add64(uint64(c.TTLB))
	}
	return nil
}

// ErrHourSlot is the error of a TierDay given an hour slot outside
// [0, MaxHourSlots).
var ErrHourSlot = errors.New("performance: hour slot out of range")

// Merge adds o into d, so that d reads as if it had been given the calls
// of both: exact, associative and commutative, with the empty TierDay as
// identity; a nil o is empty. It never changes o and does not allocate.
// When a count or a sum would not fit it returns kpi.ErrMergeOverflow and
// d is unchanged.
func (d *TierDay) Merge(o *TierDay) error {
	if o == nil {
		return nil
	}
	var a sum.Adder
	n := *d
	for s := range n.hours {
		for t := range n.hours[s] {
			h, oh := &n.hours[s][t], &o.hours[s][t]
			h.calls = a.Add(h.calls, oh.calls)
			h.timed = a.Add(h.timed, oh.timed)
			h.within = a.Add(h.within, oh.within)
		}
	}
	for t := range n.responded {
		n.responded[t] = a.Add(n.responded[t], o.responded[t])
		n.rejected[t] = a.Add(n.rejected[t], o.rejected[t])
		n.sum[t] = a.Add128(n.sum[t], o.sum[t])
	}
	n.noTier = a.Add(n.noTier, o.noTier)
	n.unknown = a.Add(n.unknown, o.unknown)
	n.badSlot = a.Add(n.badSlot, o.badSlot)
	if a.Overflow || n.bad.Merge(&o.bad) != nil {
		return kpi.ErrMergeOverflow
	}
	*d = n
	return nil
}

// Reset empties d.
func (d *TierDay) Reset() { *d = TierDay{} }

// NoTier is the number of calls to endpoints of no tier.
func (d *TierDay) NoTier() uint64 { return d.noTier }

// PresenceUnknown is the number of calls whose tier depends on the
// customer's presence, which they did not record.
func (d *TierDay) PresenceUnknown() uint64 { return d.unknown }

// BadSlots is the number of calls refused for an hour slot out of range.
func (d *TierDay) BadSlots() uint64 { return d.badSlot }

// Rejections returns the calls Add refused as bad input, by reason.
func (d *TierDay) Rejections() kpi.Rejections[kpi.Reason] { return d.bad }

// TierHour is one tier's figures in one hour slot.
type TierHour struct {
	Calls  uint64 // invocations
	Timed  uint64 // calls not rejected for traffic thresholds
	Within uint64 // of Timed, those responded to within the threshold
}

// WithinPercent is 100 · Within / Timed, NoData when Timed is 0.
func (h TierHour) WithinPercent() kpi.Ratio { return kpi.PercentOf(h.Within, h.Timed) }

// Hour returns tier t's figures in hour slot slot (zeros out of range).
func (d *TierDay) Hour(t Tier, slot int) TierHour {
	if uint(slot) >= MaxHourSlots || t >= numTiers {
		return TierHour{}
	}
	h := d.hours[slot][t]
	return TierHour{Calls: h.calls, Timed: h.timed, Within: h.within}
}

// Day returns tier t's figures over the whole day (the hours summed).
func (d *TierDay) Day(t Tier) TierHour {
	var out TierHour
	for s := range MaxHourSlots {
		h := d.Hour(t, s)
		out.Calls += h.Calls
		out.Timed += h.Timed
		out.Within += h.Within
	}
	return out
}

// TrafficRejected is the number of tier t's calls rejected for traffic
// thresholds.
func (d *TierDay) TrafficRejected(t Tier) uint64 {
	if t >= numTiers {
		return 0
	}
	return d.rejected[t]
}

// Responded is the number of tier t's calls with a response (the
// average's denominator).
func (d *TierDay) Responded(t Tier) uint64 {
	if t >= numTiers {
		return 0
	}
	return d.responded[t]
}

// AvgResponseMs is tier t's average response of the day, Σ TTLB / calls
// with a response, in ms, exact; NoData when no call of the tier got a
// response.
func (d *TierDay) AvgResponseMs(t Tier) kpi.Ratio {
	if t >= numTiers || d.responded[t] == 0 {
		return kpi.NoData
	}
	return perMs(d.sum[t], u128.From(d.responded[t]))
}

// WorstHourPercent is the lowest hourly share within the threshold among
// tier t's hour slots that have one (NoData when none has): the figure a
// daily verdict of "95 % of calls per hour" reads.
func (d *TierDay) WorstHourPercent(t Tier) kpi.Ratio {
	worst := kpi.NoData
	for s := range MaxHourSlots {
		p := d.Hour(t, s).WithinPercent()
		if !p.OK() {
			continue
		}
		if !worst.OK() || p.Cmp(worst) < 0 {
			worst = p
		}
	}
	return worst
}

// TierFigures are the figures of Rule RG-TIER-1 for one day: what a
// TierDay gives (TierDay.Figures) and ReferenceTiers computes. Arrays are
// indexed by Tier (index 0, TierNone, stays empty).
type TierFigures struct {
	Hours           [MaxHourSlots][numTiers]TierHour
	AvgResponseMs   [numTiers]kpi.Ratio
	Responded       [numTiers]uint64
	TrafficRejected [numTiers]uint64
	NoTier          uint64
	PresenceUnknown uint64
	BadSlots        uint64
}

// Figures returns d's figures.
func (d *TierDay) Figures() TierFigures {
	var f TierFigures
	for _, t := range Tiers {
		for s := range MaxHourSlots {
			f.Hours[s][t] = d.Hour(t, s)
		}
		f.AvgResponseMs[t] = d.AvgResponseMs(t)
		f.Responded[t] = d.responded[t]
		f.TrafficRejected[t] = d.rejected[t]
	}
	f.NoTier, f.PresenceUnknown, f.BadSlots = d.noTier, d.unknown, d.badSlot
	return f
}

// ReferenceTiers is Rule RG-TIER-1 written for obviousness, over the calls
// of local day day in cal: route gives each endpoint's TierRoute. Calls
// of other days are counted in BadSlots. Bad calls are left out and
// reported in a *kpi.InputError beside the figures of the good ones.
func ReferenceTiers(cal kpi.Calendar, day kpi.Date, calls []kpi.Call, route func(endpoint string) TierRoute) (TierFigures, error) {
	good, err := kpi.ValidCalls(calls)
	var f TierFigures
	type placed struct {
		c    kpi.Call
		slot int
		tier Tier
	}
	var in []placed
	for _, c := range good {
		d, slot := cal.HourOf(c.ReceivedAt)
		if d != day {
			f.BadSlots++
			continue
		}
		r := route(c.Endpoint)
		if r.Present != r.Unattended && c.CustomerPresent != kpi.FlagYes && c.CustomerPresent != kpi.FlagNo {
			f.PresenceUnknown++
			continue
		}
		t := r.Unattended
		if c.CustomerPresent == kpi.FlagYes {
			t = r.Present
		}
		if t == TierNone || t >= numTiers {
			f.NoTier++
			continue
		}
		in = append(in, placed{c, slot, t})
	}
	for _, t := range Tiers {
		total := new(big.Int)
		for s := range MaxHourSlots {
			var h TierHour
			for _, p := range in {
				if p.tier != t || p.slot != s {
					continue
				}
				h.Calls++
				if p.c.TrafficRejected == kpi.FlagYes {
					continue
				}
				h.Timed++
				if p.c.Status != 0 && p.c.TTLB <= TierThreshold(t) {
					h.Within++
				}
			}
			f.Hours[s][t] = h
		}
		for _, p := range in {
			if p.tier != t {
				continue
			}
			if p.c.TrafficRejected == kpi.FlagYes {
				f.TrafficRejected[t]++
			}
			if p.c.Status != 0 {
				f.Responded[t]++
				total.Add(total, big.NewInt(int64(p.c.TTLB)))
			}
		}
		f.AvgResponseMs[t] = kpi.RatioOfBig(total, new(big.Int).SetUint64(f.Responded[t]*uint64(time.Millisecond)))
	}
	return f, err
}
