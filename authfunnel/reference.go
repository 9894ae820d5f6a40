package authfunnel

import "github.com/openfinance-kpi/kpi"

// Reference is the obvious batch version of Funnel (Rules AF-1, AF-2,
// RP-CBB-1), written to be read: it walks the events in slice order,
// keeps each consent's current journey as the list of its events, and
// counts every finished journey event by event in the row of the local
// day (of cal) of its AuthRequired.
//
// It returns the rows of the journeys that count, the events not counted
// by reason, and an *InputError naming every event that was bad input,
// came with no journey, or broke one (the other journeys still count),
// or nil.
func Reference(cal kpi.Calendar, entity string, events []Event) ([]CBBAuthenticationRow, Rejections, error) {
	type journey struct {
		row    cell
		events []Kind // in order; the last is the state
	}
	state := func(j *journey) Kind { return j.events[len(j.events)-1] }

	var (
		current = map[string]*journey{} // the consent's journey, until it closes or breaks
		done    []*journey              // journeys that count
		broken  = map[cell]uint64{}
		rej     Rejections
		bad     []*JourneyError
	)
	reject := func(i int, r Reason, dropped int) {
		e := &events[i]
		bad = append(bad, &JourneyError{Index: i, ConsentID: e.ConsentID, Kind: e.Kind, At: e.At, Reason: r, Dropped: dropped})
		rej[r] += uint64(dropped)
	}
	for i := range events {
		e := &events[i]
		if r := check(e); r != OK {
			reject(i, r, 1)
			continue
		}
		j := current[e.ConsentID]
		if e.Kind == AuthRequired {
			if j != nil {
				if open(state(j)) { // the open journey is broken; the new one counts
					reject(i, Interrupted, len(j.events))
					broken[j.row]++
				} else { // succeeded: a re-authentication starts a new journey
					done = append(done, j)
				}
			}
			current[e.ConsentID] = &journey{
				row:    cell{day: cal.DateOf(e.At), auth: e.AuthType, api: e.API, tpp: e.TPPChannel, bank: e.BankChannel},
				events: []Kind{AuthRequired},
			}
			continue
		}
		if j == nil {
			reject(i, NoJourney, 1)
			continue
		}
		if _, ok := next(state(j), e.Kind); !ok {
			reject(i, Unexpected, len(j.events)+1)
			broken[j.row]++
			delete(current, e.ConsentID)
			continue
		}
		j.events = append(j.events, e.Kind)
		if closed(e.Kind) {
			done = append(done, j)
			delete(current, e.ConsentID)
		}
	}
	for _, j := range current {
		done = append(done, j)
	}

	byRow := map[cell]*Counts{}
	get := func(c cell) *Counts {
		if byRow[c] == nil {
			byRow[c] = &Counts{}
		}
		return byRow[c]
	}
	for _, j := range done {
		c := get(j.row)
		for _, k := range j.events {
			switch k {
			case AuthRequired:
				c.Required++
			case AuthAttempted:
				c.Attempted++
			case AuthAbandoned:
				c.Abandoned++
			case AuthSucceeded:
				c.Succeeded++
			case AuthFailed:
				c.Failed++
			case ConfirmationRequired:
				c.ConfirmationsRequired++
			case ConfirmationAccepted:
				c.Accepted++
			case ConfirmationRejected:
				c.Rejected++
			}
		}
		switch state(j) {
		case AuthRequired:
			c.AwaitingAttempt++
		case AuthAttempted:
			c.AwaitingOutcome++
		case ConfirmationRequired:
			c.AwaitingConfirmation++
		}
	}
	for row, n := range broken {
		get(row).Broken += n
	}
	rows := make([]CBBAuthenticationRow, 0, len(byRow))
	for k, c := range byRow {
		rows = append(rows, CBBAuthenticationRow{
			ReportDate: k.day, EntityName: entity,
			AuthenticationType: k.auth, APIType: k.api, TPPChannel: k.tpp, BankChannel: k.bank,
			Counts: *c,
		})
	}
	sortRows(rows)
	if bad != nil {
		return rows, rej, &InputError{Events: bad}
	}
	return rows, rej, nil
}
