package authfunnel

import (
	"fmt"
	"time"

	"github.com/openfinance-kpi/kpi"
)

// Kind is what happened to a consent in its authentication journey (Rule
// AF-1, CBB sheet 2 fields 2.7 to 2.14). The zero value is not a kind:
// an event carrying it is bad input (UnknownKind).
type Kind uint8

// The journey events, in the order a complete journey meets them.
const (
	AuthRequired         Kind       = iota + 1 // 2.7 the consent requires authentication: opens a journey
	AuthAttempted                              // 2.8 the customer tried to authenticate
	AuthAbandoned                              // 2.9 the customer abandoned (before an outcome)
	AuthSucceeded                              // 2.10 the authentication succeeded (an attempt is implied)
	AuthFailed                                 // 2.11 the authentication failed (an attempt is implied)
	ConfirmationRequired                       // 2.12 after success, a confirmation step was required
	ConfirmationAccepted                       // 2.13 the customer accepted (proceeded)
	ConfirmationRejected                       // 2.14 the customer rejected (cancelled)
	numKinds             = iota + 1            // index 0 is "no kind"
)

var kindNames = [numKinds]string{
	"kind(0)",
	"authentication required",
	"authentication attempted",
	"authentication abandoned",
	"authentication succeeded",
	"authentication failed",
	"confirmation required",
	"confirmation accepted",
	"confirmation rejected",
}

// String returns a short text such as "authentication attempted".
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// Valid reports whether k is one of the eight kinds.
func (k Kind) Valid() bool { return k >= AuthRequired && k <= ConfirmationRejected }

// AuthType is the authentication model of a journey (CBB 2.3). The zero
// value is unset: a journey opened without it is bad input.
type AuthType uint8

// The authentication types.
const (
	Redirect  AuthType = iota + 1 // the customer is redirected to the bank ("redirection")
	Decoupled                     // the customer authenticates on another device or app
)

// String returns the template's word: "Redirection" or "Decoupled".
func (a AuthType) String() string {
	switch a {
	case Redirect:
		return "Redirection"
	case Decoupled:
		return "Decoupled"
	}
	return fmt.Sprintf("authtype(%d)", uint8(a))
}

// API is the service a consent is for (CBB 2.4). The zero value is unset:
// a journey opened without it is bad input.
type API uint8

// The API types.
const (
	AIS API = iota + 1 // account information services
	PIS                // payment initiation services
)

// String returns "AIS" or "PIS".
func (a API) String() string {
	switch a {
	case AIS:
		return "AIS"
	case PIS:
		return "PIS"
	}
	return fmt.Sprintf("api(%d)", uint8(a))
}

// Channel is Web or App: the TPP channel the consent was initiated from
// (CBB 2.5, classified by ChannelOf, Rule AF-3) or the bank's
// authentication channel (CBB 2.6). The zero value is unset: a journey
// opened without a TPP channel is bad input; a bank channel may be filled
// by a later event (see Event). ChannelOf never returns it.
type Channel uint8

// The channels.
const (
	Web Channel = iota + 1 // a web browser
	App                    // a mobile or desktop application (anything that is not a browser)
)

// String returns "Web" or "App".
func (c Channel) String() string {
	switch c {
	case Web:
		return "Web"
	case App:
		return "App"
	}
	return fmt.Sprintf("channel(%d)", uint8(c))
}

// Event is one step of a consent's authentication journey, as the bank's
// authorisation server logged it.
//
// AuthType, API and TPPChannel are read from the event that opens the
// journey (AuthRequired) and ignored on the others: a journey counts in
// the combination it was opened with. BankChannel (CBB 2.6) may be unset
// on AuthRequired (the customer has not reached the bank yet): the first
// later event of the journey that carries it fills it in, and later
// values are ignored. A journey that ends with no bank channel is not
// counted (NoBankChannel). The zero value is not a valid event (no
// consent, no kind, no instant).
type Event struct {
	// ConsentID names the consent; a journey is the run of one consent's
	// events from an AuthRequired.
	ConsentID string
	Kind      Kind
	// At is the instant the event happened. The journey counts on the
	// local day of its AuthRequired event (see the package doc).
	At time.Time

	AuthType    AuthType // CBB 2.3, on AuthRequired
	API         API      // CBB 2.4, on AuthRequired
	TPPChannel  Channel  // CBB 2.5, on AuthRequired: ChannelOf(x-customer-user-agent)
	BankChannel Channel  // CBB 2.6: on AuthRequired or on the first later event that knows it; 0 = not known yet
}

// cell is the row a journey counts in: its day and its combination
// (Rule AF-1).
type cell struct {
	day  kpi.Date
	auth AuthType
	api  API
	tpp  Channel
	bank Channel
}

// valid reports whether c is a row of the template: every dimension set.
func (c cell) valid() bool { return c.opened() && c.bank != 0 }

// opened reports whether c is the cell of a journey as AuthRequired opens
// it: AuthType, API and TPP channel set, the bank channel set or not yet
// known (0).
func (c cell) opened() bool {
	return (c.auth == Redirect || c.auth == Decoupled) && (c.api == AIS || c.api == PIS) &&
		(c.tpp == Web || c.tpp == App) && c.bank.known()
}

// known reports whether c is Web, App or not yet known (0).
func (c Channel) known() bool { return c <= App }

func (c cell) compare(d cell) int {
	switch {
	case c.day != d.day:
		return cmp3(int64(c.day), int64(d.day))
	case c.auth != d.auth:
		return cmp3(int64(c.auth), int64(d.auth))
	case c.api != d.api:
		return cmp3(int64(c.api), int64(d.api))
	case c.tpp != d.tpp:
		return cmp3(int64(c.tpp), int64(d.tpp))
	}
	return cmp3(int64(c.bank), int64(d.bank))
}

func cmp3(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
