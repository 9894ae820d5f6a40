package monthly

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/openfinance-kpi/kpi"

	"github.com/openfinance-kpi/kpi/internal/badinput"
)

// Reason says why a record of the monthly rules (VO-USER-1,
// VO-TPP-1, VO-ADOPT-1, VO-GOV-1) is bad input (kpi's BAD INPUT). The
// zero value, OK, means the record is good. A Reason is an
// error: returning one from an Add method does not allocate.
type Reason uint8

// The reasons a monthly record is bad input.
const (
	OK                Reason = iota
	EmptyID                  // the user, TPP, partner, ticket, ... ID is ""
	ZeroInstant              // a required instant is the zero time.Time
	UnknownSegment           // Segment is not Retail or Business
	UnknownService           // Service is not AIS, PIS, OnlineBanking or MobileBanking
	UnknownEvent             // the event kind is not one the rule knows
	UnknownRole              // Role is not AISP or PISP
	ConflictingRecord        // a record whose ID already has a different record (see the package doc, # Monthly bad input)
	AlreadyRegistered        // onboarding of a TPP already live in that role (found when a month is read)
	NotRegistered            // deregistration of a TPP not live in that role (found when a month is read)
	NegativeAmount           // a revenue or cost below 0
	ScoreOutOfRange          // an NPS answer outside 0-10
	EndBeforeStart           // resolved before opened, patched before found, live before onboarding started
	DurationOverflow         // end - start does not fit a time.Duration (292 years)
	PartExceedsWhole         // a market-share record whose own volume exceeds the market's
	numReasons
)

var reasonText = [...]string{
	OK:                "ok",
	EmptyID:           "empty id",
	ZeroInstant:       "zero instant",
	UnknownSegment:    "unknown segment",
	UnknownService:    "unknown service",
	UnknownEvent:      "unknown event kind",
	UnknownRole:       "unknown role",
	ConflictingRecord: "conflicts with another record of the same id",
	AlreadyRegistered: "onboarding of a tpp already registered",
	NotRegistered:     "deregistration of a tpp not registered",
	NegativeAmount:    "negative amount",
	ScoreOutOfRange:   "score outside 0-10",
	EndBeforeStart:    "end before start",
	DurationOverflow:  "duration beyond 292 years",
	PartExceedsWhole:  "own volume exceeds the market volume",
}

// String returns a short text such as "negative amount".
func (r Reason) String() string {
	if int(r) < len(reasonText) {
		return reasonText[r]
	}
	return fmt.Sprintf("monthly reason(%d)", uint8(r))
}

// Error implements error; it does not allocate.
func (r Reason) Error() string { return r.String() }

// NumReasons is the length of kpi.Rejections[Reason].
const NumReasons = int(numReasons)

// RecordError is one bad monthly record: which (Index in the input slice,
// or -1 in streaming code), its kind of record, its ID and instant where
// it has them, and why. errors.Is reaches its Reason.
type RecordError struct {
	Index  int
	Record string // "user event", "tpp event", "ticket", ...
	ID     string
	At     time.Time
	Reason Reason
}

func (e *RecordError) Error() string {
	s := e.Record
	if e.Index >= 0 {
		s = fmt.Sprintf("%s %d", s, e.Index)
	}
	if e.ID != "" {
		s += fmt.Sprintf(" %q", e.ID)
	}
	if !e.At.IsZero() {
		s += " at " + e.At.Format(time.RFC3339Nano)
	}
	return s + ": " + e.Reason.String()
}

// Unwrap returns the Reason, so errors.Is(err, monthly.NegativeAmount)
// works.
func (e *RecordError) Unwrap() error { return e.Reason }

// InputError lists every bad record of a batch. The monthly
// reference functions return it beside the figures of the good records.
type InputError struct {
	Records []*RecordError
}

func (e *InputError) Error() string { return badinput.Summary("record", e.Records) }

// Unwrap returns the RecordErrors, for errors.Is and errors.As.
func (e *InputError) Unwrap() []error { return badinput.Errors(e.Records) }

// badList collects RecordErrors; err returns nil for none.
type badList []*RecordError

func (b *badList) add(i int, record, id string, at time.Time, r Reason) {
	*b = append(*b, &RecordError{Index: i, Record: record, ID: id, At: at, Reason: r})
}

func (b badList) err() error {
	if len(b) == 0 {
		return nil
	}
	return &InputError{Records: b}
}

// idSet is an exact set of IDs: unique counts merge as set unions. The
// zero value (nil) is the empty set; insert makes it on first use.
type idSet map[string]struct{}

// insert adds id; it allocates only for an ID not yet in the set.
func (s *idSet) insert(id string) {
	if _, ok := (*s)[id]; ok {
		return
	}
	if *s == nil {
		*s = make(idSet)
	}
	(*s)[id] = struct{}{}
}

// union adds every ID of o; it allocates only for IDs not yet in s.
func (s *idSet) union(o idSet) {
	for id := range o {
		s.insert(id)
	}
}

func (s idSet) has(id string) bool { _, ok := s[id]; return ok }

// sorted returns the IDs in increasing order (a new slice).
func (s idSet) sorted() []string {
	out := make([]string, 0, len(s))
	for id := range s {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

// duration returns end - start, or the reason it is bad input.
func duration(start, end time.Time) (time.Duration, Reason) {
	switch {
	case start.IsZero() || end.IsZero():
		return 0, ZeroInstant
	case end.Before(start):
		return 0, EndBeforeStart
	}
	d := end.Sub(start)
	if !start.Add(d).Equal(end) {
		return 0, DurationOverflow // Sub saturated
	}
	return d, OK
}

// joinErrors returns nil, the one non-nil error, or errors.Join of both.
func joinErrors(a, b error) error {
	switch {
	case a == nil:
		return b
	case b == nil:
		return a
	}
	return errors.Join(a, b)
}

// fact is what a record with an ID says, for keyed: comparable, so that
// an exact re-add is idempotent, and totally ordered by compare, so that
// a conflict has a deterministic winner (the least).
type fact[F any] interface {
	comparable
	compare(F) int
}

// addRecord is the Add of every record that carries an ID (onboardings,
// tickets, incidents, data stores, vulnerabilities): bad input (r, the
// record's Check, is not OK) is counted in rej and returned;
// otherwise the record's facts f join k under id, and a different record
// already there for id is a conflict, returned as ConflictingRecord
// (Rejected counts conflicts from the records themselves, so that the
// count is the same under any split).
func addRecord[F fact[F]](rej *kpi.Rejections[Reason], r Reason, k *keyed[F], id string, f F) error {
	if r != OK {
		rej.Add(r)
		return r
	}
	if k.add(id, f) {
		return ConflictingRecord
	}
	return nil
}

// addID inserts id into s, or counts and returns EmptyID for "".
func addID(rej *kpi.Rejections[Reason], s *idSet, id string) error {
	if id == "" {
		rej.Add(EmptyID)
		return EmptyID
	}
	s.insert(id)
	return nil
}

// records are the distinct records added under one ID: first is the one
// the figures use (the least in F's order), more the conflicting others
// in increasing order.
type records[F any] struct {
	first F
	more  []F
}

// keyed is an exact map from ID to the distinct records added under it,
// for records that carry an ID (onboardings, tickets, data stores,
// incidents, vulnerabilities): a record counts once per ID however often
// it is added, and two states merge as a set union. Its zero value (nil)
// is empty.
type keyed[F fact[F]] map[string]records[F]

// add records f under id and reports whether it conflicts: true when id
// already had a different record (an exact re-add is idempotent and
// returns false). It allocates for a new ID and for a conflict, never for
// an exact re-add.
func (k *keyed[F]) add(id string, f F) bool {
	e, ok := (*k)[id]
	if !ok {
		if *k == nil {
			*k = make(keyed[F])
		}
		(*k)[id] = records[F]{first: f}
		return false
	}
	if e.first == f || slices.Contains(e.more, f) {
		return false
	}
	if f.compare(e.first) < 0 {
		e.first, f = f, e.first
	}
	i, _ := slices.BinarySearchFunc(e.more, f, func(a, b F) int { return a.compare(b) })
	e.more = slices.Insert(e.more, i, f)
	(*k)[id] = e
	return true
}

// union adds every record of o (o is left unchanged). It allocates only
// for IDs and records k does not hold.
func (k *keyed[F]) union(o keyed[F]) {
	for id, e := range o {
		k.add(id, e.first)
		for _, f := range e.more {
			k.add(id, f)
		}
	}
}

// conflicts is the number of records that lost to another of their ID:
// sum over IDs of (distinct records - 1).
func (k keyed[F]) conflicts() uint64 {
	var n uint64
	for _, e := range k {
		n += uint64(len(e.more))
	}
	return n
}

// span is a record's start and end instants, in UTC without a monotonic
// reading (so that == is instant equality); a zero end is still open.
type span struct{ start, end time.Time }

func spanOf(start, end time.Time) span { return span{start.Round(0).UTC(), end.Round(0).UTC()} }

// compare orders spans least favourable first, which is the one a
// conflict keeps: an open span, then the longer, then the earlier start.
func (a span) compare(b span) int {
	ao, bo := a.end.IsZero(), b.end.IsZero()
	switch {
	case ao && !bo:
		return -1
	case !ao && bo:
		return 1
	case !ao:
		if c := cmp.Compare(b.end.Sub(b.start), a.end.Sub(a.start)); c != 0 {
			return c
		}
	}
	return a.start.Compare(b.start)
}

// check returns why s is bad input (zero start, end before start, a
// duration beyond time.Duration; a zero end too unless open is allowed).
func (a span) check(openOK bool) Reason {
	switch {
	case a.start.IsZero():
		return ZeroInstant
	case a.end.IsZero() && openOK:
		return OK
	}
	_, r := duration(a.start, a.end)
	return r
}

// length is end - start of a closed, checked span.
func (a span) length() time.Duration { return a.end.Sub(a.start) }
