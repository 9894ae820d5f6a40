package kpi

import (
	"errors"
	"fmt"
	"time"

	"github.com/openfinance-kpi/kpi/internal/badinput"
)

// ErrMergeOverflow is the error of a Merge that would not fit: a count
// of the merged state would pass 2^64 − 1 (or a 128-bit sum 2^128 − 1).
//
// The principle every accumulator's Merge follows: two states that each
// decode (or were built by Add) merge into a state that encodes and
// decodes back to itself and whose readings stay in range (a rate at most
// 100 %, an average at most the maximum, rejected at most total,
// successes at most payments), or Merge returns an error wrapping
// ErrMergeOverflow and changes nothing. Every sum is checked before any
// is assigned; a count never wraps around. The states that reach the
// limit are crafted or absurd (2^64 calls is 584 years at a billion calls
// a second), but a state read from a file is input, and input is checked.
var ErrMergeOverflow = errors.New("merged counts would overflow")

// ErrOptionsDiffer is the error of a Merge whose two sides both hold data
// and were built with different options or calendars: their counts mean
// different things and cannot be added. Merge returns it (or an error
// wrapping it: test with errors.Is) and changes nothing. See the package
// documentation, section Accumulators.
var ErrOptionsDiffer = errors.New("merge of states built with different options")

// Reason says why a call is bad input (the shared model's BAD INPUT). The zero value,
// OK, means the call is good.
//
// A Reason is an error, so that streaming code can return it without
// allocating; reference functions wrap it in a CallError that names the call.
type Reason uint8

// The reasons a call is bad input.
const (
	OK              Reason = iota
	ZeroReceivedAt         // ReceivedAt is the zero time.Time
	EmptyEndpoint          // Endpoint is ""
	BadStatus              // Status is not 0 or 200-599 (1xx included)
	NegativeTTLB           // TTLB < 0
	NegativeTTFB           // TTFB < 0 (with HasTTFB)
	TTFBAfterTTLB          // TTFB > TTLB (with HasTTFB)
	NegativeBytes          // ResponseBytes < 0
	NegativeRecords        // Records < 0
	UnknownEndpoint        // Endpoint not in the catalogue in force
	UnflaggedTTFB          // TTFB != 0 without HasTTFB: a measurement not said to be one
	NumReasons      int    = iota
)

var reasonText = [...]string{
	OK:              "ok",
	ZeroReceivedAt:  "zero received_at",
	EmptyEndpoint:   "empty endpoint",
	BadStatus:       "status outside 0 and 200-599",
	NegativeTTLB:    "negative ttlb",
	NegativeTTFB:    "negative ttfb",
	TTFBAfterTTLB:   "ttfb greater than ttlb",
	NegativeBytes:   "negative response_bytes",
	NegativeRecords: "negative records",
	UnknownEndpoint: "endpoint not in the catalogue",
	UnflaggedTTFB:   "ttfb set without HasTTFB",
}

// String returns a short text such as "negative ttlb".
func (r Reason) String() string {
	if int(r) < len(reasonText) {
		return reasonText[r]
	}
	return fmt.Sprintf("reason(%d)", uint8(r))
}

// Error implements error. Returning a Reason as an error does not allocate.
func (r Reason) Error() string { return r.String() }

// Check returns the first reason c is bad input, or OK. A nil c reads as
// the zero Call, whose first fault is ZeroReceivedAt. It does not know any catalogue, so it never returns
// UnknownEndpoint (see Registry.Check). It does not allocate.
func Check(c *Call) Reason {
	countCheck()
	switch {
	case c == nil || c.ReceivedAt.IsZero():
		return ZeroReceivedAt
	case c.Endpoint == "":
		return EmptyEndpoint
	case ClassOf(c.Status) == ClassInvalid:
		return BadStatus
	case c.TTLB < 0:
		return NegativeTTLB
	case !c.HasTTFB && c.TTFB != 0:
		return UnflaggedTTFB
	case c.HasTTFB && c.TTFB < 0:
		return NegativeTTFB
	case c.HasTTFB && c.TTFB > c.TTLB:
		return TTFBAfterTTLB
	case c.ResponseBytes < 0:
		return NegativeBytes
	case c.Records < 0:
		return NegativeRecords
	}
	return OK
}

// CallError is the error for one bad call: which call, and why.
type CallError struct {
	// Index is the call's position in the input slice, or -1 where there
	// is no slice (streaming code).
	Index      int
	Endpoint   string
	ReceivedAt time.Time
	Reason     Reason
}

func (e *CallError) Error() string {
	at := "zero time"
	if !e.ReceivedAt.IsZero() {
		at = e.ReceivedAt.Format(time.RFC3339Nano)
	}
	if e.Index >= 0 {
		return fmt.Sprintf("call %d (%q at %s): %s", e.Index, e.Endpoint, at, e.Reason)
	}
	return fmt.Sprintf("call %q at %s: %s", e.Endpoint, at, e.Reason)
}

// Unwrap returns the Reason, so errors.Is(err, kpi.NegativeTTLB) works.
func (e *CallError) Unwrap() error { return e.Reason }

// Validate checks c and returns nil or a *CallError naming it (index i).
func Validate(i int, c *Call) error {
	if r := Check(c); r != OK {
		return &CallError{Index: i, Endpoint: c.Endpoint, ReceivedAt: c.ReceivedAt, Reason: r}
	}
	return nil
}

// InputError lists every bad call of a batch. Reference functions return
// it beside a result computed over the good calls: bad calls are never
// counted and never dropped silently.
type InputError struct {
	Calls []*CallError
}

func (e *InputError) Error() string { return badinput.Summary("call", e.Calls) }

// Unwrap returns the CallErrors, for errors.As and errors.Is.
func (e *InputError) Unwrap() []error { return badinput.Errors(e.Calls) }

// CheckCalls returns an *InputError listing every bad call of calls, or
// nil, without copying anything: for reference functions that skip bad
// calls as they walk the slice.
func CheckCalls(calls []Call) error {
	var bad []*CallError
	for i := range calls {
		if r := Check(&calls[i]); r != OK {
			bad = append(bad, &CallError{Index: i, Endpoint: calls[i].Endpoint, ReceivedAt: calls[i].ReceivedAt, Reason: r})
		}
	}
	if bad != nil {
		return &InputError{Calls: bad}
	}
	return nil
}

// ValidCalls returns the good calls of calls (a new slice) and an
// *InputError listing the bad ones, or nil. Reference functions use it so
// that every rule treats bad input the same way.
func ValidCalls(calls []Call) ([]Call, error) {
	good := make([]Call, 0, len(calls))
	for i := range calls {
		if Check(&calls[i]) == OK {
			good = append(good, calls[i])
		}
	}
	return good, CheckCalls(calls)
}
