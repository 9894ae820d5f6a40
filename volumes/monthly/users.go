package monthly

import (
	"time"

	"github.com/openfinance-kpi/kpi/internal/sum"

	"github.com/openfinance-kpi/kpi"
)

// CustomerSegment is the customer segment of CBB sheet 3 (field 3.3). The zero
// value is not a segment: an event without one is bad input
// (UnknownSegment).
type CustomerSegment uint8

// The segments.
const (
	Retail   CustomerSegment = 1
	Business CustomerSegment = 2
)

func (s CustomerSegment) String() string {
	switch s {
	case Retail:
		return "Retail"
	case Business:
		return "Business"
	}
	return "unknown segment"
}

// Service is what a user used (CBB sheet 3). The zero value is not a
// service (UnknownService).
type Service uint8

// The services.
const (
	AIS           Service = 1 // account information via an AISP (3.4, 3.5)
	PIS           Service = 2 // payment initiation via a PISP (3.6, 3.7)
	OnlineBanking Service = 3 // the bank's online banking (3.10, 3.12)
	MobileBanking Service = 4 // the bank's mobile banking (3.11, 3.13)
	numServices           = 4
)

func (s Service) String() string {
	switch s {
	case AIS:
		return "AIS"
	case PIS:
		return "PIS"
	case OnlineBanking:
		return "online banking"
	case MobileBanking:
		return "mobile banking"
	}
	return "unknown service"
}

// UserEventKind is what happened in a UserEvent. The zero value is not a
// kind (UnknownEvent). Every kind applies to every service.
type UserEventKind uint8

// The user event kinds.
const (
	// NewAuthorisation is a new consent or authorisation (not a
	// re-authorisation): an AIS consent given to an AISP, a payment
	// initiation authorised via a PISP, access to online or mobile banking
	// granted. Whether it is the user's FIRST is decided by the History.
	NewAuthorisation UserEventKind = 1
	// Accessed: an AISP accessed the user's account, a payment was
	// initiated via a PISP under an existing consent, or the user used
	// online or mobile banking.
	Accessed UserEventKind = 2
	// Reauthenticated: the user re-authenticated to refresh an existing
	// consent or access.
	Reauthenticated UserEventKind = 3
)

func (k UserEventKind) String() string {
	switch k {
	case NewAuthorisation:
		return "new authorisation"
	case Accessed:
		return "accessed"
	case Reauthenticated:
		return "re-authenticated"
	}
	return "unknown kind"
}

// UserEvent is one thing a user did in a month, for Rule VO-USER-1. The
// zero value is bad input (EmptyID); check one with CheckUserEvent.
type UserEvent struct {
	UserID  string // the user's credentials: a business's employees are separate users (CBB 3.6)
	Segment CustomerSegment
	Service Service
	Kind    UserEventKind
	At      time.Time // which month the event belongs to is the caller's routing (see the package doc)
}

// CheckUserEvent returns the first reason e is bad input, or OK.
// It does not allocate.
func CheckUserEvent(e *UserEvent) Reason {
	switch {
	case e.UserID == "":
		return EmptyID
	case e.At.IsZero():
		return ZeroInstant
	case e.Segment != Retail && e.Segment != Business:
		return UnknownSegment
	case e.Service < AIS || e.Service > MobileBanking:
		return UnknownService
	case e.Kind < NewAuthorisation || e.Kind > Reauthenticated:
		return UnknownEvent
	}
	return OK
}

// History says which users of a segment had used a service before the
// month reported: Rule VO-USER-1's "first time" is decided from it. The
// segment is part of the key, as it is of every VO-USER-1 count: the
// same ID in Retail and in Business is two users. Seen must return the
// same answer for the same arguments while a month is read. A nil
// History has seen nobody. UserHistory is the in-memory implementation; a
// bank can back one with its own store.
type History interface {
	Seen(seg CustomerSegment, s Service, userID string) bool
}

// UserHistory is a History held in memory: for each segment and service,
// the set of users seen before. The zero value has seen nobody and is
// ready to use. It is not safe for concurrent use while it is being
// changed.
type UserHistory struct {
	seen [2][numServices]idSet // [segment-1][service-1]
}

// Add records that userID, in segment seg, used s before the month. An
// unknown segment or service is ignored.
func (h *UserHistory) Add(seg CustomerSegment, s Service, userID string) {
	if validSegSvc(seg, s) {
		h.seen[seg-1][s-1].insert(userID)
	}
}

func validSegSvc(seg CustomerSegment, s Service) bool {
	return (seg == Retail || seg == Business) && s >= AIS && s <= MobileBanking
}

// Seen implements History. A nil *UserHistory has seen nobody.
func (h *UserHistory) Seen(seg CustomerSegment, s Service, userID string) bool {
	return h != nil && validSegSvc(seg, s) && h.seen[seg-1][s-1].has(userID)
}

// Absorb adds every user u counts in a total (any event), segment by
// segment, to h: after it, h is the history for the month after u's. A
// nil u is the zero Users (nothing to absorb).
func (h *UserHistory) Absorb(u *Users) {
	if u == nil {
		return
	}
	for seg := range u.sets {
		for svc := range u.sets[seg] {
			h.seen[seg][svc].union(u.sets[seg][svc][active])
		}
	}
}

// UserOptions selects between the readings of VO-USER-1 where the
// regulator's text leaves room. The zero value is the DEFAULT reading of
// each; it is a plain value, safe to copy and share. Options play no part
// in Add or Merge: they are applied when a month is read (Users.Volumes,
// ReferenceUsers), so one state can be read both ways.
type UserOptions struct {
	// BothFirstTimeIsBothNew selects the reading of CBB 3.8 "used both
	// AIS and PIS for the first time".
	//
	// DEFAULT (false): a user in BothTotal who had not used both before
	// the month (not seen for AIS, or not seen for PIS): this month is
	// the first in which the user has used both. A user with AIS in the
	// past and a first payment now counts.
	//
	// OPTION (true): a user who is first-time for AIS AND first-time for
	// PIS in the month (AISFirstTime ∩ PISFirstTime): new to both
	// services at once. The user above does not count.
	BothFirstTimeIsBothNew bool
}

// UserVolumes are the VO-USER-1 figures of one month and segment (CBB
// sheet 3, fields 3.4 to 3.13). Every figure is an exact count of unique
// users. The zero value is a month without users.
//
// Invariants: each FirstTime or New figure <= its Total; BothTotal <=
// min(AISTotal, PISTotal); BothFirstTime <= BothTotal.
type UserVolumes struct {
	AISFirstTime  uint64 // 3.4: new AIS authorisation in the month, no AIS before
	AISTotal      uint64 // 3.5: any AIS event in the month (first time, accessed, re-authenticated)
	PISFirstTime  uint64 // 3.6: new PIS authorisation in the month, no PIS before
	PISTotal      uint64 // 3.7: any PIS event in the month (first time, payment under an existing consent, re-authenticated)
	BothFirstTime uint64 // 3.8: in BothTotal, and had not used both before the month (UserOptions: or new to both)
	BothTotal     uint64 // 3.9: in AISTotal and in PISTotal
	OnlineNew     uint64 // 3.10: granted online banking in the month, none before
	MobileNew     uint64 // 3.11: granted mobile banking in the month, none before
	OnlineTotal   uint64 // 3.12: any online banking event in the month (a grant counts as use)
	MobileTotal   uint64 // 3.13: any mobile banking event in the month (a grant counts as use)
}

// UserMonth is the VO-USER-1 figures of a month, by segment.
type UserMonth struct {
	Retail, Business UserVolumes
}

// Segment returns the figures of segment s (the zero UserVolumes for an
// unknown segment).
func (m UserMonth) Segment(s CustomerSegment) UserVolumes {
	switch s {
	case Retail:
		return m.Retail
	case Business:
		return m.Business
	}
	return UserVolumes{}
}

// Indices of the two sets Users keeps per segment and service.
const (
	authorised = 0 // users with a NewAuthorisation
	active     = 1 // users with any event
)

// Users is the mergeable VO-USER-1 state of one month: per segment and
// service, the exact set of users with a new authorisation and the exact
// set of users with any event. It does not know the month: route each
// event to the Users of its month (see the package doc). History plays
// no part until the month is read (Volumes), so Merge is a plain set
// union.
//
// The zero value is an empty month, ready to use, and the identity of
// Merge. A Users is not safe for concurrent use; give each goroutine its
// own and Merge them.
//
// Reach for Add per event, Merge to combine, Volumes with the History of
// the months before (and UserOptions) to read, and NewCBBUserVolumeRows to
// report.
type Users struct {
	sets     [2][numServices][2]idSet // [segment-1][service-1][authorised|active]
	rejected kpi.Rejections[Reason]
}

// Add records one event (Rule VO-USER-1). A bad event (CheckUserEvent) is
// in no set: Add returns its Reason and counts it in Rejections(). A
// nil event is rejected as EmptyID. Add allocates only when it meets a
// user for the first time in a set (a map insert); a user already in the
// sets costs no allocation.
func (u *Users) Add(e *UserEvent) error {
	if e == nil {
		u.rejected.Add(EmptyID)
		return EmptyID
	}
	if r := CheckUserEvent(e); r != OK {
		u.rejected.Add(r)
		return r
	}
	s := &u.sets[e.Segment-1][e.Service-1]
	if e.Kind == NewAuthorisation {
		s[authorised].insert(e.UserID)
	}
	s[active].insert(e.UserID)
	return nil
}

// Merge adds o's users into u: a set union, associative, commutative and
// idempotent; the zero Users is its identity and o is left unchanged. It
// allocates only for users u has not seen. A nil o is the zero Users.
// When a rejection count would pass 2^64 − 1 it returns
// kpi.ErrMergeOverflow and u is unchanged.
func (u *Users) Merge(o *Users) error {
	if o == nil {
		return nil
	}
	if !sum.Fits(u.rejected[:], o.rejected[:]) {
		return kpi.ErrMergeOverflow
	}
	for seg := range u.sets {
		for svc := range u.sets[seg] {
			for k := range u.sets[seg][svc] {
				u.sets[seg][svc][k].union(o.sets[seg][svc][k])
			}
		}
	}
	_ = u.rejected.Merge(&o.rejected) // fits: checked above
	return nil
}

// Reset empties u and keeps the sets' capacity. It does not allocate.
func (u *Users) Reset() {
	for seg := range u.sets {
		for svc := range u.sets[seg] {
			for k := range u.sets[seg][svc] {
				clear(u.sets[seg][svc][k])
			}
		}
	}
	u.rejected = kpi.Rejections[Reason]{}
}

// Rejections counts, by reason, the bad events Add refused.
func (u *Users) Rejections() kpi.Rejections[Reason] { return u.rejected }

// Volumes returns the VO-USER-1 figures of u's month, per segment, "first
// time" decided by h (users of the segment seen before the month; nil:
// nobody) and the readings by o:
//
//	XFirstTime = |{users with a NewAuthorisation for X in the month} \ {seen X before}|
//	XTotal     = |{users with any event for X in the month}|
//	BothTotal  = |AIS users ∩ PIS users of the month|
//	BothFirstTime (DEFAULT) = |{u in BothTotal : not (seen AIS before and seen PIS before)}|
//	BothFirstTime (o.BothFirstTimeIsBothNew) = |AIS first-time users ∩ PIS first-time users|
//
// It allocates nothing but what h does.
func (u *Users) Volumes(h History, o UserOptions) UserMonth {
	return UserMonth{Retail: u.volumes(Retail, h, o), Business: u.volumes(Business, h, o)}
}

func (u *Users) volumes(seg CustomerSegment, h History, o UserOptions) UserVolumes {
	s := &u.sets[seg-1]
	seen := func(svc Service, id string) bool { return h != nil && h.Seen(seg, svc, id) }
	firstTime := func(svc Service, id string) bool { return s[svc-1][authorised].has(id) && !seen(svc, id) }
	first := func(svc Service) uint64 {
		var n uint64
		for id := range s[svc-1][authorised] {
			if !seen(svc, id) {
				n++
			}
		}
		return n
	}
	v := UserVolumes{
		AISFirstTime: first(AIS),
		AISTotal:     uint64(len(s[AIS-1][active])),
		PISFirstTime: first(PIS),
		PISTotal:     uint64(len(s[PIS-1][active])),
		OnlineNew:    first(OnlineBanking),
		MobileNew:    first(MobileBanking),
		OnlineTotal:  uint64(len(s[OnlineBanking-1][active])),
		MobileTotal:  uint64(len(s[MobileBanking-1][active])),
	}
	for id := range s[AIS-1][active] {
		if !s[PIS-1][active].has(id) {
			continue
		}
		v.BothTotal++
		if o.BothFirstTimeIsBothNew {
			if firstTime(AIS, id) && firstTime(PIS, id) {
				v.BothFirstTime++
			}
		} else if !seen(AIS, id) || !seen(PIS, id) {
			v.BothFirstTime++
		}
	}
	return v
}
