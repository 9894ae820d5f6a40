package availability

import (
	"cmp"
	"time"

	"github.com/openfinance-kpi/kpi"
)

// clockRole is what a call does to the failure clock.
type clockRole uint8

const (
	clockNone clockRole = iota // neither starts nor stops it
	clockFail                  // starts it (AV-CLOCK-1)
	clockStop                  // stops it (a success, or a 4xx under AV-CLOCK-4 OPTION)
)

// Rule AV-CLOCK-1, AV-CLOCK-4, AV-CLOCK-5: a failure (attributable 5xx or no
// response) starts the clock, a success (2xx, 3xx) stops it; 4xx does
// neither unless ClientErrorsStopClock; a non-attributable call of any class
// does neither.
func clockRoleOf(c *kpi.Call, o *Options) clockRole {
	if c.NotAttributable {
		return clockNone
	}
	switch c.Class() {
	case kpi.Class5xx, kpi.ClassNoResponse:
		return clockFail
	case kpi.Class2xx, kpi.Class3xx:
		return clockStop
	case kpi.Class4xx:
		if o.ClientErrorsStopClock {
			return clockStop
		}
	}
	return clockNone
}

// Rule AV-CLOCK-2: the clock instant is the logged instant ReceivedAt + TTLB
// (DEFAULT), or ReceivedAt under ReceivedInstants.
func clockInstant(c *kpi.Call, o *Options) time.Time {
	if o.ReceivedInstants {
		return c.ReceivedAt
	}
	return loggedAt(c.ReceivedAt, c.TTLB) // saturating: see loggedAt
}

// consecRole is what a call does in an AV-CONSEC walk.
type consecRole uint8

const (
	consecSkip       consecRole = iota // neither counts nor breaks
	consecUnanswered                   // counts toward a series
	consecSuccess                      // breaks a series, ends downtime
)

// Rule AV-CONSEC-1, AV-CONSEC-2: 4xx and non-attributable calls are skipped
// whatever their TTLB. Status 0 is unanswered. A 5xx is unanswered (DEFAULT);
// under ServerErrorsAreReplies a 5xx within Window is a reply that is no
// success, so it is skipped like a 4xx. A 2xx/3xx is a success when TTLB ≤
// Window (or LateRepliesAreReplies), else unanswered. A late 5xx under
// ServerErrorsAreReplies is unanswered unless LateRepliesAreReplies.
func consecRoleOf(c *kpi.Call, o *Options) consecRole {
	if c.NotAttributable {
		return consecSkip
	}
	late := c.TTLB > o.Window && !o.LateRepliesAreReplies
	switch c.Class() {
	case kpi.ClassNoResponse:
		return consecUnanswered
	case kpi.Class5xx:
		if o.ServerErrorsAreReplies && !late {
			return consecSkip
		}
		return consecUnanswered
	case kpi.Class2xx, kpi.Class3xx:
		if late {
			return consecUnanswered
		}
		return consecSuccess
	}
	return consecSkip
}

// walkCmp is the AV-CONSEC-1 walk order: ReceivedAt, then endpoint, then
// status, then TTLB, then the caller's ID (so that evidence is
// deterministic too).
func walkCmp(ra, rb time.Time, ea, eb string, sa, sb int, ta, tb time.Duration, ia, ib int64) int {
	if c := ra.Compare(rb); c != 0 {
		return c
	}
	if c := cmp.Compare(ea, eb); c != 0 {
		return c
	}
	if c := cmp.Compare(sa, sb); c != 0 {
		return c
	}
	if c := cmp.Compare(ta, tb); c != 0 {
		return c
	}
	return cmp.Compare(ia, ib)
}
