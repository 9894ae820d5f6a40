package authfunnel

import (
	"fmt"
	"math/big"
	"math/bits"

	"github.com/openfinance-kpi/kpi"
)

// Counts are the AF-1 figures of one row (a day and a combination), or of
// several rows added together (Add): CBB sheet 2 fields 2.7 to 2.14, over
// the journeys that have ENDED, and beside them what a report needs to be
// checked: the journeys still open (Awaiting*) and the journeys that broke
// the state machine (Broken), in no template field.
//
// The template fields satisfy Rule AF-2 exactly, as the package doc states it:
//
//	Required = Attempted + Abandoned
//	Attempted = Succeeded + Failed
//	Accepted + Rejected <= ConfirmationsRequired <= Succeeded
//
// Check verifies them. The zero value is a row with no journey; Counts is
// a plain value, safe to copy and to share.
type Counts struct {
	Required              uint64 // 2.7 consents requiring authentication (journeys ended)
	Attempted             uint64 // 2.8 authentications attempted (not abandoned)
	Abandoned             uint64 // 2.9 authentications abandoned
	Succeeded             uint64 // 2.10 authentications succeeded
	Failed                uint64 // 2.11 authentications failed
	ConfirmationsRequired uint64 // 2.12 confirmations required
	Accepted              uint64 // 2.13 confirmations accepted
	Rejected              uint64 // 2.14 confirmations rejected

	AwaitingAttempt      uint64 // open journeys: the customer has neither attempted nor abandoned yet
	AwaitingOutcome      uint64 // open journeys: attempted, outcome not logged yet
	AwaitingEnd          uint64 // open journeys: succeeded, a confirmation step may still follow
	AwaitingConfirmation uint64 // open journeys: confirmation required, no answer yet
	// Broken is the number of journeys that broke the state machine
	// (Unexpected) or ended with no bank channel (NoBankChannel): they are
	// in no other field, and lower the consent management rate.
	Broken uint64
}

// Add adds o's counts into c (for totals over days or combinations).
func (c *Counts) Add(o Counts) {
	c.Required += o.Required
	c.Attempted += o.Attempted
	c.Abandoned += o.Abandoned
	c.Succeeded += o.Succeeded
	c.Failed += o.Failed
	c.ConfirmationsRequired += o.ConfirmationsRequired
	c.Accepted += o.Accepted
	c.Rejected += o.Rejected
	c.AwaitingAttempt += o.AwaitingAttempt
	c.AwaitingOutcome += o.AwaitingOutcome
	c.AwaitingEnd += o.AwaitingEnd
	c.AwaitingConfirmation += o.AwaitingConfirmation
	c.Broken += o.Broken
}

// Awaiting is the number of journeys still open: AwaitingAttempt +
// AwaitingOutcome + AwaitingEnd + AwaitingConfirmation.
func (c Counts) Awaiting() uint64 {
	return c.AwaitingAttempt + c.AwaitingOutcome + c.AwaitingEnd + c.AwaitingConfirmation
}

// sumIs reports whether a + b == s without wrapping.
func sumIs(s, a, b uint64) bool {
	x, carry := bits.Add64(a, b, 0)
	return carry == 0 && x == s
}

// Check returns nil when c's template fields satisfy Rule AF-2 as the
// package doc states it, or an error naming the first relation that fails (sums are
// exact: no wrap-around). Use it on counts that come from elsewhere (a
// spreadsheet, another system); counts from this package always pass.
func (c Counts) Check() error {
	switch {
	case !sumIs(c.Required, c.Attempted, c.Abandoned):
		return fmt.Errorf("authfunnel: AF-2: required %d != attempted %d + abandoned %d", c.Required, c.Attempted, c.Abandoned)
	case !sumIs(c.Attempted, c.Succeeded, c.Failed):
		return fmt.Errorf("authfunnel: AF-2: attempted %d != succeeded %d + failed %d", c.Attempted, c.Succeeded, c.Failed)
	case c.Accepted > c.ConfirmationsRequired || c.Rejected > c.ConfirmationsRequired-c.Accepted:
		return fmt.Errorf("authfunnel: AF-2: accepted %d + rejected %d > confirmations required %d", c.Accepted, c.Rejected, c.ConfirmationsRequired)
	case c.ConfirmationsRequired > c.Succeeded:
		return fmt.Errorf("authfunnel: AF-2: confirmations required %d > succeeded %d", c.ConfirmationsRequired, c.Succeeded)
	}
	return nil
}

// AuthenticationSuccessPercent is Rule AF-4's authentication success rate:
// 100 × Succeeded / Attempted over ended journeys (BM-5 target: > 99.9 %).
// NoData when nothing was attempted.
func (c Counts) AuthenticationSuccessPercent() kpi.Ratio {
	return kpi.PercentOf(c.Succeeded, c.Attempted)
}

// AbandonmentPercent is Rule AF-4's abandonment rate: 100 × Abandoned /
// Required, the share of ended journeys the customer walked away from
// (before attempting, or after attempting with no outcome). NoData when no
// journey ended.
func (c Counts) AbandonmentPercent() kpi.Ratio {
	return kpi.PercentOf(c.Abandoned, c.Required)
}

// ConsentManagementPercent is Rule AF-4's consent management rate (seed
// 000: "proper consent handling rate", BM-5 target > 99.9 %), in this
// package's DEFAULT reading: the share of ended journeys that followed
// the state machine,
//
//	100 × Required / (Required + Broken)
//
// Required counts every journey that ended properly (abandoned, failed,
// succeeded, confirmation accepted or rejected); Broken those that broke
// the state machine or ended with no bank channel. Open journeys are in
// neither. The sum is taken in big integers (no wrap-around on counts
// from elsewhere). NoData when both are 0.
func (c Counts) ConsentManagementPercent() kpi.Ratio {
	num := new(big.Int).SetUint64(c.Required)
	den := new(big.Int).SetUint64(c.Broken)
	den.Add(den, num)
	return kpi.RatioOfBig(num.Mul(num, big.NewInt(100)), den)
}
