package authfunnel

// The journey state machine (Rule AF-2). A journey's state is the Kind of
// its last counted event; 0 means no journey. AuthRequired opens a journey
// from any state (handled by the callers of step); the other transitions
// are:
//
//	AuthRequired          -> AuthAttempted | AuthAbandoned
//	AuthAttempted         -> AuthSucceeded | AuthFailed
//	AuthSucceeded         -> ConfirmationRequired
//	ConfirmationRequired  -> ConfirmationAccepted | ConfirmationRejected
//
// AuthAbandoned, AuthFailed, ConfirmationAccepted and ConfirmationRejected
// close the journey. AuthSucceeded is live but not open: a confirmation
// step may follow, and a new AuthRequired (re-authentication) ends it as
// it stands. The open states (AuthRequired, AuthAttempted,
// ConfirmationRequired) are waiting for the customer; a new AuthRequired
// there interrupts the journey (Interrupted).

// next returns the state after event k in state s, and whether the
// transition exists.
func next(s, k Kind) (Kind, bool) {
	switch s {
	case AuthRequired:
		if k == AuthAttempted || k == AuthAbandoned {
			return k, true
		}
	case AuthAttempted:
		if k == AuthSucceeded || k == AuthFailed {
			return k, true
		}
	case AuthSucceeded:
		if k == ConfirmationRequired {
			return k, true
		}
	case ConfirmationRequired:
		if k == ConfirmationAccepted || k == ConfirmationRejected {
			return k, true
		}
	}
	return s, false
}

// open reports whether a journey in state s waits for the customer: a new
// AuthRequired would interrupt it.
func open(s Kind) bool {
	return s == AuthRequired || s == AuthAttempted || s == ConfirmationRequired
}

// live reports whether a journey in state s can take another event.
func live(s Kind) bool { return open(s) || s == AuthSucceeded }

// closed reports whether s is a final state of a journey.
func closed(s Kind) bool {
	return s == AuthAbandoned || s == AuthFailed || s == ConfirmationAccepted || s == ConfirmationRejected
}

// pathLen is the number of events of a valid journey whose state is s.
var pathLen = [numKinds]uint64{
	AuthRequired:         1,
	AuthAttempted:        2,
	AuthAbandoned:        2,
	AuthSucceeded:        3,
	AuthFailed:           3,
	ConfirmationRequired: 4,
	ConfirmationAccepted: 5,
	ConfirmationRejected: 5,
}

// step applies event k (not AuthRequired) to a journey in state s. It
// returns the new state, and the Reason and number of events rejected:
// NoJourney (1, state unchanged) when no journey is live, Unexpected
// (the journey's events and this one, state 0) when the journey does not
// allow k.
func step(s, k Kind) (Kind, Reason, uint64) {
	if !live(s) {
		return s, NoJourney, 1
	}
	if t, ok := next(s, k); ok {
		return t, OK, 0
	}
	return 0, Unexpected, pathLen[s] + 1
}

// headCap is how many events before a segment's first AuthRequired are
// kept: from any state a journey takes at most 4 more events
// (attempted, succeeded, confirmation required, accepted) and is then
// closed or broken, so every later event of the head is NoJourney
// whatever the state it meets. Tested by the split properties.
const headCap = 4

// tally counts the journeys of one cell by final state: index 0 is broken
// journeys (Unexpected or Interrupted), index k the journeys whose last
// event was k.
type tally [numKinds]uint64

func (t *tally) add(o *tally) {
	for i := range t {
		t[i] += o[i]
	}
}

// counts returns the AF-1 figures of t: each journey counts once in every
// field its path went through.
func (t *tally) counts() Counts {
	var c Counts
	for k := AuthRequired; k <= ConfirmationRejected; k++ {
		c.Required += t[k]
	}
	c.Abandoned = t[AuthAbandoned]
	c.Failed = t[AuthFailed]
	c.Accepted = t[ConfirmationAccepted]
	c.Rejected = t[ConfirmationRejected]
	c.AwaitingConfirmation = t[ConfirmationRequired]
	c.ConfirmationsRequired = c.AwaitingConfirmation + c.Accepted + c.Rejected
	c.Succeeded = t[AuthSucceeded] + c.ConfirmationsRequired
	c.AwaitingOutcome = t[AuthAttempted]
	c.Attempted = c.AwaitingOutcome + c.Succeeded + c.Failed
	c.AwaitingAttempt = t[AuthRequired]
	c.Broken = t[0]
	return c
}
