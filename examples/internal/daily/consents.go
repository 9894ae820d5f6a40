package daily

import (
	"io"
	"slices"

	"github.com/openfinance-kpi/kpi/authfunnel"
)

// ConsentColumns are the columns of a consent events CSV (the report's
// -consents): one row per step of a consent's authentication journey, as
// the bank's authorisation server logs it (package authfunnel, Rules
// AF-1 to AF-4; CBB sheet 2):
//
//	consent_id    required; a journey is the run of one consent's events
//	event         required: required, attempted, abandoned, succeeded,
//	              failed, confirmation_required, accepted, rejected
//	at            required, RFC 3339 with offset: the journey counts on the
//	              local day of its "required" event
//	auth_type     on "required": redirection or decoupled (CBB 2.3)
//	api           on "required": AIS or PIS (CBB 2.4)
//	tpp_channel   on "required": web or app (CBB 2.5) ...
//	user_agent    ... or the x-customer-user-agent header, classified by
//	              authfunnel.ChannelOf (Rule AF-3) when tpp_channel is empty
//	bank_channel  web or app (CBB 2.6), on "required" or the first later
//	              event that knows it; may be empty
//
// Order of columns is free and unknown columns are ignored, as in the
// calls CSV. Rows are taken in file order (a consent's events in the order
// they happened).
var ConsentColumns = []string{"consent_id", "event", "at", "auth_type", "api", "tpp_channel", "user_agent", "bank_channel"}

var (
	consentKinds = map[string]authfunnel.Kind{
		"required": authfunnel.AuthRequired, "attempted": authfunnel.AuthAttempted, "abandoned": authfunnel.AuthAbandoned,
		"succeeded": authfunnel.AuthSucceeded, "failed": authfunnel.AuthFailed, "confirmation_required": authfunnel.ConfirmationRequired,
		"accepted": authfunnel.ConfirmationAccepted, "rejected": authfunnel.ConfirmationRejected,
	}
	authTypes = map[string]authfunnel.AuthType{"redirection": authfunnel.Redirect, "decoupled": authfunnel.Decoupled}
	apiTypes  = map[string]authfunnel.API{"ais": authfunnel.AIS, "pis": authfunnel.PIS}
	channels  = map[string]authfunnel.Channel{"web": authfunnel.Web, "app": authfunnel.App}
)

// ReadConsentEvents reads a consent events CSV (ConsentColumns). onEvent
// gets every well-formed event (e is reused: copy it) and its line; onBad
// every row that is not one (file:line: reason). A "required" event
// without its auth_type, api and a TPP channel (tpp_channel or user_agent)
// is a bad row. Events that break a journey are the state machine's
// business (authfunnel.Funnel.Add), not the reader's.
func ReadConsentEvents(name string, in io.Reader, intern func([]byte) string, onEvent func(e *authfunnel.Event, line int), onBad func(BadRow)) error {
	var e authfunnel.Event
	return table(name, in, ConsentColumns, 3, func(get func(int) []byte, line int) string {
		e = authfunnel.Event{}
		var bad string
		if id := get(0); len(id) == 0 {
			return "consent_id: empty"
		} else {
			e.ConsentID = intern(id)
		}
		if e.Kind, bad = word("event", get(1), consentKinds, false); bad != "" {
			return bad
		}
		if e.At, bad = instant("at", get(2)); bad != "" {
			return bad
		}
		required := e.Kind == authfunnel.AuthRequired
		if e.AuthType, bad = word("auth_type", get(3), authTypes, !required); bad != "" {
			return bad
		}
		if e.API, bad = word("api", get(4), apiTypes, !required); bad != "" {
			return bad
		}
		if e.TPPChannel, bad = word("tpp_channel", get(5), channels, true); bad != "" {
			return bad
		}
		if e.TPPChannel == 0 && len(get(6)) > 0 {
			e.TPPChannel = authfunnel.ChannelOf(string(get(6)))
		}
		if required && e.TPPChannel == 0 {
			return "tpp_channel: empty, and no user_agent to classify (Rule AF-3)"
		}
		if e.BankChannel, bad = word("bank_channel", get(7), channels, true); bad != "" {
			return bad
		}
		onEvent(&e, line)
		return ""
	}, onBad)
}

func sortStrings(s []string) { slices.Sort(s) }
