package authfunnel

import "time"

// Options are the readings of Rule AF-2 a Funnel or Reference can take.
// The zero value is the package's DEFAULT reading (see the package doc,
// # Options). Options are part of a Funnel's state: they are encoded, and
// Merge keeps the receiver's.
type Options struct {
	// AttemptTimeoutIsFailure (OPTION): a journey attempted with no
	// outcome logged when it is closed (Funnel.Close) or re-authenticated
	// counts as Failed (2.11: the customer tried and did not get through)
	// instead of the DEFAULT Abandoned (2.8: attempted means "not
	// abandoned", so a customer who started and left has abandoned).
	AttemptTimeoutIsFailure bool
}

// Closing is one call of Funnel.Close, for Reference: every open journey
// whose last event is at or before AsOf − Idle ends.
type Closing struct {
	AsOf time.Time
	Idle time.Duration
}

// cutoff is the latest last-event instant a Closing ends; a negative
// Idle is taken as 0.
func (c Closing) cutoff() time.Time {
	if c.Idle < 0 {
		return c.AsOf
	}
	return c.AsOf.Add(-c.Idle)
}
