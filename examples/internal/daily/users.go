package daily

import (
	"io"

	"github.com/openfinance-kpi/kpi/volumes/monthly"
)

// UserColumns are the columns of a user activity CSV (the report's
// -users): one row per thing a user did, for Rule VO-USER-1 (CBB sheet 3):
//
//	user_id   required: the user's credentials (a business's employees are
//	          separate users)
//	segment   required: retail or business
//	service   required: ais, pis, online or mobile (online and mobile
//	          banking)
//	event     required: new (a new consent, payment authorisation or grant
//	          of access: the only kind that can be a first time), accessed,
//	          reauthenticated; or prior: the user had used the service
//	          before the file's months (the history that decides "first
//	          time", counted in no month)
//	at        required, RFC 3339 with offset: the month is that of its
//	          local day
//
// A user is "first time" in a month when the history has not seen them
// for that segment and service: the prior rows, and the months of the
// file before it.
var UserColumns = []string{"user_id", "segment", "service", "event", "at"}

var (
	segments     = map[string]monthly.CustomerSegment{"retail": monthly.Retail, "business": monthly.Business}
	userServices = map[string]monthly.Service{"ais": monthly.AIS, "pis": monthly.PIS, "online": monthly.OnlineBanking, "mobile": monthly.MobileBanking}
	userKinds    = map[string]monthly.UserEventKind{"new": monthly.NewAuthorisation, "accessed": monthly.Accessed, "reauthenticated": monthly.Reauthenticated, "prior": 0}
)

// ReadUserEvents reads a user activity CSV (UserColumns). onEvent gets
// every good event (e is reused: copy it), whether it is a prior (history)
// row, and its line; onBad every bad row (file:line: reason), including
// those monthly.CheckUserEvent refuses.
func ReadUserEvents(name string, in io.Reader, intern func([]byte) string, onEvent func(e *monthly.UserEvent, prior bool, line int), onBad func(BadRow)) error {
	var e monthly.UserEvent
	return table(name, in, UserColumns, 5, func(get func(int) []byte, line int) string {
		e = monthly.UserEvent{}
		var bad string
		if id := get(0); len(id) == 0 {
			return "user_id: empty"
		} else {
			e.UserID = intern(id)
		}
		if e.Segment, bad = word("segment", get(1), segments, false); bad != "" {
			return bad
		}
		if e.Service, bad = word("service", get(2), userServices, false); bad != "" {
			return bad
		}
		if e.Kind, bad = word("event", get(3), userKinds, false); bad != "" {
			return bad
		}
		if e.At, bad = instant("at", get(4)); bad != "" {
			return bad
		}
		prior := e.Kind == 0
		if prior {
			e.Kind = monthly.NewAuthorisation // only to pass the check below
		}
		if r := monthly.CheckUserEvent(&e); r != monthly.OK {
			return r.String()
		}
		onEvent(&e, prior, line)
		return ""
	}, onBad)
}
