package daily

import (
	"io"

	"github.com/openfinance-kpi/kpi/volumes/monthly"
)

// TPPColumns are the columns of a TPP registrations CSV (the report's
// -tpps): one row per on-boarding into or de-registration from the live
// environment, for Rule VO-TPP-1 (CBB sheet 4):
//
//	tpp_id  required
//	role    required: AISP or PISP (a TPP in both roles is two
//	        registrations)
//	event   required: onboarded or deregistered
//	at      required, RFC 3339 with offset
//
// "Registered at the 1st of the month" needs the events before it: give
// the whole history, or one onboarded row per TPP live at a baseline
// instant before the first month reported.
var TPPColumns = []string{"tpp_id", "role", "event", "at"}

var (
	roles     = map[string]monthly.Role{"aisp": monthly.AISP, "pisp": monthly.PISP}
	tppEvents = map[string]monthly.TPPEventKind{"onboarded": monthly.Onboarded, "deregistered": monthly.Deregistered}
)

// ReadTPPEvents reads a TPP registrations CSV (TPPColumns). onEvent gets
// every good event (e is reused: copy it) and its line; onBad every bad
// row (file:line: reason), including those monthly.CheckTPPEvent refuses.
func ReadTPPEvents(name string, in io.Reader, intern func([]byte) string, onEvent func(e *monthly.TPPEvent, line int), onBad func(BadRow)) error {
	var e monthly.TPPEvent
	return table(name, in, TPPColumns, 4, func(get func(int) []byte, line int) string {
		e = monthly.TPPEvent{}
		var bad string
		if id := get(0); len(id) == 0 {
			return "tpp_id: empty"
		} else {
			e.TPPID = intern(id)
		}
		if e.Role, bad = word("role", get(1), roles, false); bad != "" {
			return bad
		}
		if e.Kind, bad = word("event", get(2), tppEvents, false); bad != "" {
			return bad
		}
		if e.At, bad = instant("at", get(3)); bad != "" {
			return bad
		}
		if r := monthly.CheckTPPEvent(&e); r != monthly.OK {
			return r.String()
		}
		onEvent(&e, line)
		return ""
	}, onBad)
}
