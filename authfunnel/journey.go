package authfunnel

import "github.com/openfinance-kpi/kpi"

// The journey state machine (Rule AF-2). A live journey's state is the
// Kind of its last counted event; 0 means no live journey. AuthRequired
// opens a journey from any state (ending a live one first: see ledger.open);
// the other transitions are:
//
//	AuthRequired          -> AuthAttempted | AuthAbandoned | AuthSucceeded | AuthFailed
//	AuthAttempted         -> AuthSucceeded | AuthFailed | AuthAbandoned
//	AuthSucceeded         -> ConfirmationRequired
//	ConfirmationRequired  -> ConfirmationAccepted | ConfirmationRejected
//
// AuthRequired -> AuthSucceeded | AuthFailed implies the attempt (decoupled
// flows and logs that record only the outcome); AuthAttempted ->
// AuthAbandoned is an abandonment (CBB 2.8: attempted means "not
// abandoned"). AuthAbandoned, AuthFailed, ConfirmationAccepted and
// ConfirmationRejected end the journey. The live states (AuthRequired,
// AuthAttempted, AuthSucceeded, ConfirmationRequired) end when the journey
// is closed (Funnel.Close) or the consent's next AuthRequired starts a
// re-authentication, as closeOutcome says.

// next returns the state after event k (not AuthRequired) in live state
// s, and whether the state machine allows it.
func next(s, k Kind) (Kind, bool) {
	switch s {
	case AuthRequired:
		switch k {
		case AuthAttempted, AuthAbandoned, AuthSucceeded, AuthFailed:
			return k, true
		}
	case AuthAttempted:
		switch k {
		case AuthSucceeded, AuthFailed, AuthAbandoned:
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

// outcome is how a journey ended: the index of a tally.
type outcome uint8

const (
	oBroken    outcome = iota // broke the state machine, or ended with no bank channel
	oAbandoned                // 2.7, 2.9
	oFailed                   // 2.7, 2.8, 2.11
	oSucceeded                // 2.7, 2.8, 2.10 (no confirmation step)
	oAccepted                 // 2.7, 2.8, 2.10, 2.12, 2.13
	oRejected                 // 2.7, 2.8, 2.10, 2.12, 2.14
	numOutcomes
)

// endOf returns the outcome of a journey whose state machine reached k,
// and whether k ends it.
func endOf(k Kind) (outcome, bool) {
	switch k {
	case AuthAbandoned:
		return oAbandoned, true
	case AuthFailed:
		return oFailed, true
	case ConfirmationAccepted:
		return oAccepted, true
	case ConfirmationRejected:
		return oRejected, true
	}
	return 0, false
}

// closeOutcome is how a live journey in state s ends when it is closed or
// re-authenticated: awaiting an attempt -> Abandoned; attempted without an
// outcome -> Abandoned (Failed with Options.AttemptTimeoutIsFailure);
// succeeded with no confirmation step -> Succeeded; confirmation required
// with no answer -> Rejected (CBB 2.14: "did not proceed").
func closeOutcome(s Kind, o Options) outcome {
	switch s {
	case AuthAttempted:
		if o.AttemptTimeoutIsFailure {
			return oFailed
		}
		return oAbandoned
	case AuthSucceeded:
		return oSucceeded
	case ConfirmationRequired:
		return oRejected
	}
	return oAbandoned
}

// tally counts the ended journeys of one cell by outcome.
type tally [numOutcomes]uint64

func (t *tally) add(o *tally) {
	for i := range t {
		t[i] += o[i]
	}
}

// counts returns the AF-1 figures of t: each ended journey counts once in
// every template field its outcome implies, so they satisfy AF-2 exactly.
func (t *tally) counts() Counts {
	var c Counts
	c.Abandoned = t[oAbandoned]
	c.Failed = t[oFailed]
	c.Accepted = t[oAccepted]
	c.Rejected = t[oRejected]
	c.ConfirmationsRequired = c.Accepted + c.Rejected
	c.Succeeded = t[oSucceeded] + c.ConfirmationsRequired
	c.Attempted = c.Succeeded + c.Failed
	c.Required = c.Attempted + c.Abandoned
	c.Broken = t[oBroken]
	return c
}

// journey is a consent's live journey: its state (0: none), the number of
// its events so far, and its row (bank channel 0 until an event carries
// it).
type journey struct {
	state Kind
	n     uint8
	cell  cell
}

func (j *journey) live() bool { return j.state != 0 }

// addOpen counts a live journey in the Awaiting fields of c.
func (j *journey) addOpen(c *Counts) { c.addAwaiting(j.state) }

// addAwaiting counts one open journey whose last event was of kind k in
// the Awaiting field that k leaves it in (the definition of those fields,
// shared by the Funnel and Reference).
func (c *Counts) addAwaiting(k Kind) {
	switch k {
	case AuthRequired:
		c.AwaitingAttempt++
	case AuthAttempted:
		c.AwaitingOutcome++
	case AuthSucceeded:
		c.AwaitingEnd++
	case ConfirmationRequired:
		c.AwaitingConfirmation++
	}
}

// ledger is where journeys are counted as they end: a Funnel's own cells
// and rejections (Add, Close, Settle) or copies of them (results).
type ledger struct {
	cells map[cell]tally // not nil
	rej   *kpi.Rejections[Reason]
	opts  Options
}

// end counts journey j with outcome o and clears it. A journey that ends
// (not broken) with no bank channel is broken instead: NoBankChannel, all
// its events not counted.
func (l ledger) end(j *journey, o outcome) Reason {
	r := OK
	if o != oBroken && j.cell.bank == 0 {
		o, r = oBroken, NoBankChannel
		l.rej.AddN(NoBankChannel, uint64(j.n))
	}
	t := l.cells[j.cell]
	t[o]++
	l.cells[j.cell] = t
	*j = journey{}
	return r
}

// close ends live journey j as closeOutcome says; nothing when j is not
// live.
func (l ledger) close(j *journey) Reason {
	if !j.live() {
		return OK
	}
	return l.end(j, closeOutcome(j.state, l.opts))
}

// open ends j if it is live (a re-authentication) and opens a journey of
// row c in its place.
func (l ledger) open(j *journey, c cell) Reason {
	r := l.close(j)
	*j = journey{state: AuthRequired, n: 1, cell: c}
	return r
}

// step applies an event of kind k (not AuthRequired) carrying bank channel
// bank to journey j: NoJourney when j is not live, Unexpected (j broken,
// its events and this one not counted) when the state machine does not
// allow k; else it advances j, fills its bank channel if unset, and
// counts it if k ends it.
func (l ledger) step(j *journey, k Kind, bank Channel) Reason {
	if !j.live() {
		l.rej.AddN(NoJourney, 1)
		return NoJourney
	}
	t, ok := next(j.state, k)
	if !ok {
		l.rej.AddN(Unexpected, uint64(j.n)+1)
		l.end(j, oBroken)
		return Unexpected
	}
	j.n++
	if j.cell.bank == 0 {
		j.cell.bank = bank
	}
	if o, done := endOf(t); done {
		return l.end(j, o)
	}
	j.state = t
	return OK
}
