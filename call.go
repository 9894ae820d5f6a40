package kpi

import "time"

// Call is one API call as a gateway logged it (the shared model's CALL).
//
// The zero value is not a valid call: ReceivedAt must be set (see Check).
// Boolean fields are named so that their zero value is the safe default:
// a Call is attributable, not rejected, and without a measured TTFB unless
// it says so.
type Call struct {
	// ReceivedAt is the instant the request was fully received.
	ReceivedAt time.Time
	// Endpoint is the endpoint ID, e.g. "GET /accounts/{AccountID}/balances".
	Endpoint string
	// Status is the HTTP status sent; 0 means no response was sent
	// (timeout, reset, the gateway gave up).
	Status int
	// TTFB is the time from ReceivedAt to the first byte sent, read only
	// when HasTTFB says it was measured.
	TTFB time.Duration
	// TTLB is the time from ReceivedAt to the last byte sent; for Status 0,
	// how long until the gateway gave up.
	TTLB time.Duration
	// ResponseBytes is the size of the response payload.
	ResponseBytes int64
	// Records is the number of records in the response page; 0 = unknown.
	Records int64
	// TPP is the client identifier, optional.
	TPP string
	// HasTTFB says that TTFB holds a measurement. A Call built without it
	// is left out of every TTFB figure: a TTFB never set is unknown, never
	// a measured 0 ms (a gateway that measured 0 ms says so with HasTTFB).
	// A non-zero TTFB without HasTTFB is bad input (UnflaggedTTFB), so
	// that a forgotten flag is reported rather than the TTFB dropped.
	HasTTFB bool
	// NotAttributable marks a failure the institution shows was outside its
	// control (TPP software, TPP connectivity). It is the rulebook's
	// Attributable field inverted, so that the zero value is the default
	// (attributable).
	NotAttributable bool
	// Rejected flags a business rejection, counted by the volumes rules.
	Rejected bool

	// The optional facts below feed only the regimes that need them
	// (Australia's CDR performance tiers and Get Metrics, Rule RG-TIER-1;
	// the UK MI's per-version rows). Their zero value is "not recorded":
	// a figure that needs a fact no call recorded is not available, never
	// 0. kpi.Check does not look at them; a Flag other than FlagNo or
	// FlagYes reads as FlagUnknown.

	// CustomerPresent says whether the customer was present: the request
	// carried an x-fapi-customer-ip-address header (CDR: present if and
	// only if it carries a valid IP address; otherwise unattended).
	CustomerPresent Flag
	// Authenticated says whether the call was made with an access token
	// (CDR's authenticated and unauthenticated splits).
	Authenticated Flag
	// TrafficRejected says whether the call was refused for exceeding a
	// traffic threshold (CDR rejections; such calls are left out of the
	// within-threshold share of RG-TIER-1 and kept in its average).
	TrafficRejected Flag
	// APIVersion is the version of the API the call was made to (e.g.
	// "3.1"); "" unknown. No rule reads it; writers that report per
	// version (the UK MI) do.
	APIVersion string
}

// Flag is an optional yes-or-no fact about a call. The zero value is
// FlagUnknown: the log did not record it.
type Flag uint8

// The values of a Flag.
const (
	FlagUnknown Flag = iota // not recorded
	FlagNo
	FlagYes
)

// Known reports whether f is FlagNo or FlagYes.
func (f Flag) Known() bool { return f == FlagNo || f == FlagYes }

// FlagOf returns FlagYes for true and FlagNo for false.
func FlagOf(b bool) Flag {
	if b {
		return FlagYes
	}
	return FlagNo
}

func (f Flag) String() string {
	switch f {
	case FlagNo:
		return "no"
	case FlagYes:
		return "yes"
	}
	return "unknown"
}

// Class is the outcome class of an HTTP status (the shared model's CLASS).
type Class uint8

// The classes. ClassInvalid is any status that is not an API call's outcome
// (1xx, or outside 0 and 200-599).
const (
	ClassNoResponse Class = iota // status 0
	Class2xx                     // success
	Class3xx                     // success (how an authorisation endpoint succeeds)
	Class4xx                     // client error: never a failure, never a success
	Class5xx                     // server error
	ClassInvalid
)

var classNames = [...]string{"no response", "2xx", "3xx", "4xx", "5xx", "invalid"}

func (c Class) String() string {
	if int(c) < len(classNames) {
		return classNames[c]
	}
	return classNames[ClassInvalid]
}

// ClassOf returns the class of an HTTP status.
func ClassOf(status int) Class {
	switch {
	case status == 0:
		return ClassNoResponse
	case status >= 200 && status <= 299:
		return Class2xx
	case status >= 300 && status <= 399:
		return Class3xx
	case status >= 400 && status <= 499:
		return Class4xx
	case status >= 500 && status <= 599:
		return Class5xx
	}
	return ClassInvalid
}

// Class returns the class of c.Status.
func (c *Call) Class() Class { return ClassOf(c.Status) }

// Failure reports whether c is a failure: a 5xx or no response, and
// attributable (# Rules, CLASS).
func (c *Call) Failure() bool {
	if c.NotAttributable {
		return false
	}
	k := c.Class()
	return k == Class5xx || k == ClassNoResponse
}

// Success reports whether c is a success: a 2xx or 3xx (# Rules, CLASS).
// Attribution does not enter: it qualifies failures only.
func (c *Call) Success() bool {
	k := c.Class()
	return k == Class2xx || k == Class3xx
}

// Responded reports whether a response was sent (Status != 0).
func (c *Call) Responded() bool { return c.Status != 0 }
