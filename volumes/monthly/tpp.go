package monthly

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/openfinance-kpi/kpi/internal/sum"

	"github.com/openfinance-kpi/kpi"
)

// Role is the role a TPP is registered in (CBB sheet 4). A TPP with both
// roles is two registrations. The zero value is not a role (UnknownRole).
type Role uint8

// The roles.
const (
	AISP Role = 1
	PISP Role = 2
)

func (r Role) String() string {
	switch r {
	case AISP:
		return "AISP"
	case PISP:
		return "PISP"
	}
	return "unknown role"
}

// TPPEventKind is what happened to a TPP's registration. The zero value is
// not a kind (UnknownEvent).
type TPPEventKind uint8

// The TPP event kinds.
const (
	Onboarded    TPPEventKind = 1 // on-boarded into the live (production) environment
	Deregistered TPPEventKind = 2 // deregistered with the institution
)

func (k TPPEventKind) String() string {
	switch k {
	case Onboarded:
		return "onboarded"
	case Deregistered:
		return "deregistered"
	}
	return "unknown kind"
}

// TPPEvent is one onboarding or deregistration of a TPP in a role, for
// Rule VO-TPP-1. Events are applied in order of At; at one instant an
// onboarding is applied before a deregistration (so a same-instant
// deregistration and re-registration of a live TPP leaves it
// deregistered: give the re-registration a later instant). The zero value
// is bad input (EmptyID); check one with CheckTPPEvent.
type TPPEvent struct {
	TPPID string
	Role  Role
	Kind  TPPEventKind
	At    time.Time
}

// CheckTPPEvent returns the first reason e is bad input on its own, or
// OK. Whether the event fits the TPP's history (AlreadyRegistered,
// NotRegistered) is known only when a month is read. It does not allocate.
func CheckTPPEvent(e *TPPEvent) Reason {
	switch {
	case e.TPPID == "":
		return EmptyID
	case e.At.IsZero():
		return ZeroInstant
	case e.Role != AISP && e.Role != PISP:
		return UnknownRole
	case e.Kind != Onboarded && e.Kind != Deregistered:
		return UnknownEvent
	}
	return OK
}

// compareTPPEvents is the canonical order of TPPs' events: by instant,
// then role, TPP and kind. At one instant, Onboarded is applied before
// Deregistered, whatever order the events were added in: a TPP not live
// that is onboarded and deregistered at one instant was live in between
// (an addition and a deregistration). The consequence for a TPP that is
// live: a deregistration and a re-registration at the same instant read
// as an onboarding while live (ignored, AlreadyRegistered) then a
// deregistration, so the TPP ends NOT live. A caller who means
// "deregistered, then registered again" must give the re-registration a
// later instant (1 ns is enough).
func compareTPPEvents(a, b TPPEvent) int {
	return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Role, b.Role),
		strings.Compare(a.TPPID, b.TPPID), cmp.Compare(a.Kind, b.Kind))
}

// TPPVolumes are the VO-TPP-1 figures of one month and role (CBB sheet 4).
// The zero value is a month without TPPs.
//
// Invariant: Cumulative = RegisteredAtFirst + Additions - Deregistrations.
type TPPVolumes struct {
	RegisteredAtFirst uint64 // 4.3 / 4.7: live at the first instant of the month
	Additions         uint64 // 4.4 / 4.8: onboardings in the month
	Deregistrations   uint64 // 4.5 / 4.9: deregistrations in the month
	Cumulative        uint64 // 4.6 / 4.10: live at the end of the month

	// Events of the month that contradict the TPP's history and are in
	// no count (see Conflicts): an onboarding of a TPP already live, a
	// deregistration of a TPP not live.
	IgnoredOnboardings, IgnoredDeregistrations uint64
}

// TPPMonth is the VO-TPP-1 figures of a month, by role.
type TPPMonth struct {
	AISP, PISP TPPVolumes
}

// Role returns the figures of role r (the zero TPPVolumes for an unknown
// role).
func (m TPPMonth) Role(r Role) TPPVolumes {
	switch r {
	case AISP:
		return m.AISP
	case PISP:
		return m.PISP
	}
	return TPPVolumes{}
}

// TPPs is the mergeable VO-TPP-1 state: the log of TPP events, kept in
// canonical order (instant, role, TPP, kind). Unlike the other
// accumulators it is not the state of one month: "registered at the 1st"
// needs every event before the month, so a TPPs holds the whole history
// and Month reads any month of it. A bank without the full history adds,
// for each TPP live at some instant before the first month it reports, an
// Onboarded event at that instant (see the package doc).
//
// The zero value is an empty history, ready to use, and the identity of
// Merge. A TPPs is not safe for concurrent use.
//
// Reach for Add per event, Merge to combine logs, Month to read a month,
// Conflicts to list events that contradict the history, and
// NewCBBTPPVolumeRow to report.
type TPPs struct {
	events   []TPPEvent // canonical order; At in UTC without monotonic reading
	rejected kpi.Rejections[Reason]
}

// Add records one event (Rule VO-TPP-1). A bad event (CheckTPPEvent) is
// kept out of the log: Add returns its Reason and counts it in
// Rejections(). A nil event is rejected as EmptyID. The log is a slice: Add
// allocates only when it grows (never after Reset of a log as long).
func (t *TPPs) Add(e *TPPEvent) error {
	if e == nil {
		t.rejected.Add(EmptyID)
		return EmptyID
	}
	if r := CheckTPPEvent(e); r != OK {
		t.rejected.Add(r)
		return r
	}
	n := *e
	n.At = n.At.Round(0).UTC()
	i, _ := slices.BinarySearchFunc(t.events, n, compareTPPEvents)
	t.events = slices.Insert(t.events, i, n)
	return nil
}

// Merge adds o's events into t (a multiset union of the logs: an event
// in both is then in t twice, as if Added twice). It is associative and
// commutative, the zero TPPs is its identity and o is left unchanged. It
// allocates only when t's log must grow. When a rejection count would
// pass 2^64 − 1 it returns kpi.ErrMergeOverflow and t is unchanged.
func (t *TPPs) Merge(o *TPPs) error {
	if o == nil {
		return nil
	}
	if !sum.Fits(t.rejected[:], o.rejected[:]) {
		return kpi.ErrMergeOverflow
	}
	n := len(t.events)
	t.events = append(t.events, o.events...)
	// Both halves are sorted: merge them in place from the back.
	i, j, k := n-1, len(o.events)-1, len(t.events)-1
	for j >= 0 {
		if i >= 0 && compareTPPEvents(t.events[i], o.events[j]) > 0 {
			t.events[k] = t.events[i]
			i--
		} else {
			t.events[k] = o.events[j]
			j--
		}
		k--
	}
	_ = t.rejected.Merge(&o.rejected) // fits: checked above
	return nil
}

// Reset empties t and keeps the log's capacity. It does not allocate.
func (t *TPPs) Reset() {
	clear(t.events) // drop references to the IDs
	t.events = t.events[:0]
	t.rejected = kpi.Rejections[Reason]{}
}

// Rejections counts, by reason, the bad events Add refused.
func (t *TPPs) Rejections() kpi.Rejections[Reason] { return t.rejected }

// Len is the number of events in the log.
func (t *TPPs) Len() int { return len(t.events) }

// Month returns the VO-TPP-1 figures of month in cal (Rule VO-TPP-1): it
// replays the log in order up to the end of the month, each TPP and role
// being live or not:
//
//	RegisteredAtFirst = TPPs live at cal.Start(month.First)
//	Additions         = Onboarded events in the month of TPPs not live
//	Deregistrations   = Deregistered events in the month of TPPs live
//	Cumulative        = TPPs live at the end of the month
//	                  = RegisteredAtFirst + Additions - Deregistrations
//
// A TPP onboarded and deregistered in the same month is in both Additions
// and Deregistrations. An event that contradicts the TPP's state (an
// onboarding while live, a deregistration while not live) changes nothing
// and is counted in Ignored* when it falls in the month. Events at the
// same instant apply onboarding first (see TPPEvent's ordering in the
// package doc). Month allocates a map of the TPPs' states.
func (t *TPPs) Month(cal kpi.Calendar, month kpi.Period) TPPMonth {
	start, end := cal.Start(month.First), cal.Start(month.Last+1)
	type key struct {
		role Role
		id   string
	}
	live := map[key]bool{}
	var count [3]uint64 // live TPPs by role
	var out TPPMonth
	inMonth := false
	for _, e := range t.events {
		if !e.At.Before(end) {
			break
		}
		if !inMonth && !e.At.Before(start) {
			inMonth = true
			out.AISP.RegisteredAtFirst, out.PISP.RegisteredAtFirst = count[AISP], count[PISP]
		}
		v := &out.AISP
		if e.Role == PISP {
			v = &out.PISP
		}
		k := key{e.Role, e.TPPID}
		switch {
		case e.Kind == Onboarded && !live[k]:
			live[k] = true
			count[e.Role]++
			if inMonth {
				v.Additions++
			}
		case e.Kind == Deregistered && live[k]:
			delete(live, k)
			count[e.Role]--
			if inMonth {
				v.Deregistrations++
			}
		case inMonth && e.Kind == Onboarded:
			v.IgnoredOnboardings++
		case inMonth:
			v.IgnoredDeregistrations++
		}
	}
	if !inMonth {
		out.AISP.RegisteredAtFirst, out.PISP.RegisteredAtFirst = count[AISP], count[PISP]
	}
	out.AISP.Cumulative, out.PISP.Cumulative = count[AISP], count[PISP]
	return out
}

// Conflicts lists, in log order, every event that contradicts its TPP's
// history (AlreadyRegistered, NotRegistered), over the whole log; Index is
// -1. Such events are in no count. It returns nil when there is none.
func (t *TPPs) Conflicts() []*RecordError {
	type key struct {
		role Role
		id   string
	}
	live := map[key]bool{}
	var bad badList
	for _, e := range t.events {
		k := key{e.Role, e.TPPID}
		switch {
		case e.Kind == Onboarded && live[k]:
			bad.add(-1, "tpp event", e.TPPID, e.At, AlreadyRegistered)
		case e.Kind == Deregistered && !live[k]:
			bad.add(-1, "tpp event", e.TPPID, e.At, NotRegistered)
		default:
			live[k] = e.Kind == Onboarded
		}
	}
	return bad
}
