package authfunnel

import (
	"fmt"

	"github.com/openfinance-kpi/kpi"
)

// Counts are the AF-1 figures of one row (a day and a combination), or of
// several rows added together (Add): CBB sheet 2 fields 2.7 to 2.14, and
// what a report needs beside them to be checked.
//
// Invariants (Rule AF-2, with the journeys still open made visible):
//
//	Required              = Attempted + Abandoned + AwaitingAttempt
//	Attempted             = Succeeded + Failed + AwaitingOutcome
//	ConfirmationsRequired = Accepted + Rejected + AwaitingConfirmation
//	ConfirmationsRequired <= Succeeded
//
// When no journey is open (the three Awaiting fields are 0) these are
// AF-2 as RULES writes it. Check verifies them. The zero value is a row
// with no journey; Counts is a plain value, safe to copy and to share.
type Counts struct {
	Required              uint64 // 2.7 consents requiring authentication (journeys opened)
	Attempted             uint64 // 2.8 authentications attempted
	Abandoned             uint64 // 2.9 authentications abandoned
	Succeeded             uint64 // 2.10 authentications succeeded
	Failed                uint64 // 2.11 authentications failed
	ConfirmationsRequired uint64 // 2.12 confirmations required
	Accepted              uint64 // 2.13 confirmations accepted
	Rejected              uint64 // 2.14 confirmations rejected

	AwaitingAttempt      uint64 // journeys still waiting for the customer to attempt or abandon
	AwaitingOutcome      uint64 // journeys attempted, outcome not logged yet
	AwaitingConfirmation uint64 // journeys waiting for the customer to accept or reject
	// Broken is the number of journeys that broke the state machine
	// (Unexpected, Interrupted) in this row's combination: they are in no
	// other field, and lower the consent management rate.
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
	c.AwaitingConfirmation += o.AwaitingConfirmation
	c.Broken += o.Broken
}

// Awaiting is the number of journeys still open: AwaitingAttempt +
// AwaitingOutcome + AwaitingConfirmation.
func (c Counts) Awaiting() uint64 {
	return c.AwaitingAttempt + c.AwaitingOutcome + c.AwaitingConfirmation
}

// Check returns nil when c satisfies Rule AF-2 (in the form of the Counts
// doc, with open journeys counted apart), or an error naming the first
// relation that fails. Use it on counts that come from elsewhere (a
// spreadsheet, another system); counts from this package always pass.
func (c Counts) Check() error {
	switch {
	case c.Required != c.Attempted+c.Abandoned+c.AwaitingAttempt:
		return fmt.Errorf("authfunnel: AF-2: required %d != attempted %d + abandoned %d + awaiting attempt %d",
			c.Required, c.Attempted, c.Abandoned, c.AwaitingAttempt)
	case c.Attempted != c.Succeeded+c.Failed+c.AwaitingOutcome:
		return fmt.Errorf("authfunnel: AF-2: attempted %d != succeeded %d + failed %d + awaiting outcome %d",
			c.Attempted, c.Succeeded, c.Failed, c.AwaitingOutcome)
	case c.ConfirmationsRequired != c.Accepted+c.Rejected+c.AwaitingConfirmation:
		return fmt.Errorf("authfunnel: AF-2: confirmations required %d != accepted %d + rejected %d + awaiting confirmation %d",
			c.ConfirmationsRequired, c.Accepted, c.Rejected, c.AwaitingConfirmation)
	case c.ConfirmationsRequired > c.Succeeded:
		return fmt.Errorf("authfunnel: AF-2: confirmations required %d > succeeded %d", c.ConfirmationsRequired, c.Succeeded)
	}
	return nil
}

// AuthenticationSuccessPercent is Rule AF-4's authentication success rate:
// 100 × Succeeded / Attempted (BM-5 target: > 99.9 %). NoData when nothing
// was attempted. A journey attempted but not yet concluded
// (AwaitingOutcome) is in the denominator: read the rate once the day's
// journeys have settled.
func (c Counts) AuthenticationSuccessPercent() kpi.Ratio {
	return kpi.PercentOf(c.Succeeded, c.Attempted)
}

// AbandonmentPercent is Rule AF-4's abandonment rate: 100 × Abandoned /
// Required, the share of consents requiring authentication that the
// customer abandoned before attempting. NoData when no consent required
// authentication.
func (c Counts) AbandonmentPercent() kpi.Ratio {
	return kpi.PercentOf(c.Abandoned, c.Required)
}

// ConsentManagementPercent is Rule AF-4's consent management rate (seed
// 000: "proper consent handling rate", BM-5 target > 99.9 %), as this
// package defines it: the share of authentication journeys that the bank
// brought through the state machine to a recorded end,
//
//	100 × (Required − Awaiting) / (Required + Broken)
//
// A journey is handled properly when its events follow the state machine
// and it reached an end: abandoned, failed, succeeded without a
// confirmation step, or confirmation accepted or rejected. Journeys that
// broke the state machine (Broken) and journeys left open (Awaiting)
// lower the rate. NoData when there is no journey.
func (c Counts) ConsentManagementPercent() kpi.Ratio {
	return kpi.PercentOf(c.Required-c.Awaiting(), c.Required+c.Broken)
}
