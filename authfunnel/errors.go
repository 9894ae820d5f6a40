package authfunnel

import (
	"fmt"
	"time"

	"github.com/openfinance-kpi/kpi/internal/badinput"
)

// Reason says why an event is not counted (kpi's BAD INPUT, Rule
// AF-2). The zero value, OK, means the event is counted. A Reason is an
// error, so that Funnel.Add can return it without allocating.
type Reason uint8

// The reasons an event is not counted. The first four are bad input on
// the event itself; NoJourney, Unexpected and NoBankChannel are journeys
// that break Rule AF-2; Duplicate is an exact repeat, ignored.
const (
	OK            Reason = iota
	UnknownKind          // Kind is not one of the eight kinds
	ZeroAt               // At is the zero time.Time (or the event is nil)
	EmptyConsent         // ConsentID is ""
	BadDimension         // an AuthRequired without a valid AuthType, API or TPPChannel, or any event with a BankChannel other than Web, App or unset
	NoJourney            // an event other than AuthRequired with no journey in progress ("event before the journey started", or after it ended)
	Unexpected           // an event the journey's state does not allow: the journey is broken and none of its events count
	NoBankChannel        // the journey ended with no event telling its bank channel (CBB 2.6): none of its events count
	Duplicate            // the exact repeat (kind, instant, dimensions) of the consent's previous event: at-least-once delivery, ignored
	NumReasons    int    = iota
)

var reasonText = [...]string{
	OK:            "ok",
	UnknownKind:   "unknown event kind",
	ZeroAt:        "zero instant",
	EmptyConsent:  "empty consent id",
	BadDimension:  "authentication type, API type or channel not valid",
	NoJourney:     "event before the journey started or after it ended",
	Unexpected:    "event the journey's state does not allow (journey broken)",
	NoBankChannel: "journey ended with no bank channel (journey broken)",
	Duplicate:     "duplicate of the consent's previous event (ignored)",
}

// String returns a short text such as "event before the journey started".
func (r Reason) String() string {
	if int(r) < len(reasonText) {
		return reasonText[r]
	}
	return fmt.Sprintf("reason(%d)", uint8(r))
}

// Error implements error. Returning a Reason as an error does not allocate.
func (r Reason) Error() string { return r.String() }

// check returns the reason e is bad input on its own, or OK.
func check(e *Event) Reason {
	switch {
	case e == nil || e.At.IsZero():
		return ZeroAt
	case !e.Kind.Valid():
		return UnknownKind
	case e.ConsentID == "":
		return EmptyConsent
	case !e.BankChannel.known(),
		e.Kind == AuthRequired && !(cell{auth: e.AuthType, api: e.API, tpp: e.TPPChannel, bank: e.BankChannel}).opened():
		return BadDimension
	}
	return OK
}

// JourneyError names one event that was not counted, or that broke its
// journey (Rule AF-2): the consent, the event and why. For NoBankChannel
// it names the journey's AuthRequired (the journey may end at Close, with
// no event).
type JourneyError struct {
	// Index is the event's position in the input slice.
	Index     int
	ConsentID string
	Kind      Kind
	At        time.Time
	Reason    Reason
	// Dropped is how many events were not counted because of this one:
	// 1 for bad input and NoJourney, the broken journey's events for
	// Unexpected (this event included) and NoBankChannel.
	Dropped int
}

func (e *JourneyError) Error() string {
	at := "zero time"
	if !e.At.IsZero() {
		at = e.At.Format(time.RFC3339Nano)
	}
	return fmt.Sprintf("event %d (consent %q, %s at %s): %s", e.Index, e.ConsentID, e.Kind, at, e.Reason)
}

// Unwrap returns the Reason, so errors.Is(err, authfunnel.Unexpected) works.
func (e *JourneyError) Unwrap() error { return e.Reason }

// InputError lists every event of a batch that was bad input, came with
// no journey, or broke one (Unexpected; NoBankChannel names the journey's
// AuthRequired), in input order. Reference returns it beside the results
// of the journeys that do count. Duplicates are not errors: they are
// only counted (Rejections).
type InputError struct {
	Events []*JourneyError
}

func (e *InputError) Error() string { return badinput.Summary("event", e.Events) }

// Unwrap returns the JourneyErrors, for errors.As and errors.Is.
func (e *InputError) Unwrap() []error { return badinput.Errors(e.Events) }
