package authfunnel

import (
	"slices"
	"time"

	"github.com/openfinance-kpi/kpi"
)

// Reference is the obvious batch version of Funnel (Rules AF-1, AF-2,
// AF-4, RP-CBB-1), written to be read: it walks the events in slice
// order, keeps each consent's current journey as the list of its events,
// ends journeys as the rules say, then applies each Closing in order as
// Funnel.Close would, and counts every ended journey in the row of the
// local day (of cal) of its AuthRequired.
//
// It returns the Report (rows, totals, rejections) and an *InputError
// naming every event that was bad input, came with no journey, or broke
// one (the other journeys still count), or nil.
func Reference(cal kpi.Calendar, opts Options, entity string, events []Event, closings ...Closing) (Report, error) {
	rep, _, err := reference(cal, opts, entity, events, closings)
	return rep, err
}

// reference is Reference, also returning the number of events in
// journeys that count (ended or open), for the accounting property:
// len(events) = counted + Rejected.Total().
func reference(cal kpi.Calendar, opts Options, entity string, events []Event, closings []Closing) (Report, uint64, error) {
	// What may follow each live state (Rule AF-2).
	allowed := map[Kind][]Kind{
		AuthRequired:         {AuthAttempted, AuthAbandoned, AuthSucceeded, AuthFailed},
		AuthAttempted:        {AuthSucceeded, AuthFailed, AuthAbandoned},
		AuthSucceeded:        {ConfirmationRequired},
		ConfirmationRequired: {ConfirmationAccepted, ConfirmationRejected},
	}
	ends := []Kind{AuthAbandoned, AuthFailed, ConfirmationAccepted, ConfirmationRejected}

	type journey struct {
		opener int // index of its AuthRequired
		row    cell
		kinds  []Kind // its events, in order; the last is the state
		lastAt time.Time
	}
	var (
		current = map[string]*journey{} // the consent's live journey
		last    = map[string]Event{}    // the consent's previous event
		byRow   = map[cell]*Counts{}
		rej     kpi.Rejections[Reason]
		bad     []*JourneyError
		counted uint64
	)
	get := func(c cell) *Counts {
		if byRow[c] == nil {
			byRow[c] = &Counts{}
		}
		return byRow[c]
	}
	reject := func(i int, r Reason, dropped int) {
		e := &events[i]
		bad = append(bad, &JourneyError{Index: i, ConsentID: e.ConsentID, Kind: e.Kind, At: e.At, Reason: r, Dropped: dropped})
		rej[r] += uint64(dropped)
	}
	// finish counts journey j, ended with final step how.
	finish := func(j *journey, how Kind) {
		if j.row.bank == 0 {
			reject(j.opener, NoBankChannel, len(j.kinds))
			get(j.row).Broken++
			return
		}
		counted += uint64(len(j.kinds))
		c := get(j.row)
		c.Required++
		if how == AuthAbandoned {
			c.Abandoned++
			return
		}
		c.Attempted++
		if how == AuthFailed {
			c.Failed++
			return
		}
		c.Succeeded++
		switch how {
		case ConfirmationAccepted:
			c.ConfirmationsRequired++
			c.Accepted++
		case ConfirmationRejected:
			c.ConfirmationsRequired++
			c.Rejected++
		}
	}
	// leave ends a live journey as the customer left it.
	leave := func(j *journey) {
		switch j.kinds[len(j.kinds)-1] {
		case AuthRequired:
			finish(j, AuthAbandoned)
		case AuthAttempted:
			if opts.AttemptTimeoutIsFailure {
				finish(j, AuthFailed)
			} else {
				finish(j, AuthAbandoned)
			}
		case AuthSucceeded:
			finish(j, AuthSucceeded)
		case ConfirmationRequired:
			finish(j, ConfirmationRejected)
		}
	}

	for i := range events {
		e := &events[i]
		if r := check(e); r != OK {
			reject(i, r, 1)
			continue
		}
		if p, ok := last[e.ConsentID]; ok && p.Kind == e.Kind && p.At.Equal(e.At) &&
			p.AuthType == e.AuthType && p.API == e.API && p.TPPChannel == e.TPPChannel && p.BankChannel == e.BankChannel {
			rej[Duplicate]++ // not an error: counted only
			continue
		}
		last[e.ConsentID] = *e
		j := current[e.ConsentID]
		if e.Kind == AuthRequired {
			if j != nil {
				leave(j) // re-authentication ends the live journey
			}
			current[e.ConsentID] = &journey{
				opener: i,
				row:    cell{day: cal.DateOf(e.At), auth: e.AuthType, api: e.API, tpp: e.TPPChannel, bank: e.BankChannel},
				kinds:  []Kind{AuthRequired},
				lastAt: e.At,
			}
			continue
		}
		if j == nil {
			reject(i, NoJourney, 1)
			continue
		}
		if !slices.Contains(allowed[j.kinds[len(j.kinds)-1]], e.Kind) {
			reject(i, Unexpected, len(j.kinds)+1)
			get(j.row).Broken++
			delete(current, e.ConsentID)
			continue
		}
		j.kinds = append(j.kinds, e.Kind)
		j.lastAt = e.At
		if j.row.bank == 0 {
			j.row.bank = e.BankChannel
		}
		if slices.Contains(ends, e.Kind) {
			finish(j, e.Kind)
			delete(current, e.ConsentID)
		}
	}
	for _, c := range closings {
		cut := c.cutoff()
		for id, j := range current {
			if !j.lastAt.After(cut) {
				leave(j)
				delete(current, id)
			}
		}
	}
	for _, j := range current { // still open: Awaiting
		counted += uint64(len(j.kinds))
		get(j.row).addAwaiting(j.kinds[len(j.kinds)-1])
	}

	rep := reportOf(entity, byRow, rej)
	if bad == nil {
		return rep, counted, nil
	}
	slices.SortStableFunc(bad, func(a, b *JourneyError) int { return a.Index - b.Index })
	return rep, counted, &InputError{Events: bad}
}
