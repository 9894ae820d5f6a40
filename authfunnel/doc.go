// Package authfunnel counts how customers got through authentication
// (RULES §5): consent journeys built from per-consent events through a
// state machine, counted per day and combination of authentication type,
// API type, TPP channel and bank channel, shaped as sheet 2 of the CBB
// reporting template, with the funnel's rates.
//
// Reach for a Funnel: Add every journey event, Merge Funnels of other
// goroutines, machines or days, then read Rows (CBB sheet 2) and the AF-4
// rates of a row or of Totals. ChannelOf turns an x-customer-user-agent
// header into the TPP channel. Reference is the obvious batch version over
// a slice; tests prove the two agree on any input, split and merge order.
//
// # Rules
//
//	AF-1      per day and combination: consents requiring authentication,
//	          attempted, abandoned, succeeded, failed, confirmations
//	          required, accepted, rejected.        Funnel, Counts, Reference
//	AF-2      the journey state machine and its invariants; a broken
//	          journey is an error naming consent and event, the others
//	          still count.                 Funnel.Add, JourneyError, Counts.Check
//	AF-3      TPP channel from x-customer-user-agent: browser = Web,
//	          anything else or absent = App.                      ChannelOf
//	AF-4      authentication success, consent management and abandonment
//	          rates.                              Counts.*Percent methods
//	RP-CBB-1  sheet 2 rows with the template's column names.
//	                                                 CBBAuthenticationRow
//
// The state machine (journey.go): AuthRequired opens a journey; then
// AuthAttempted or AuthAbandoned; after an attempt AuthSucceeded or
// AuthFailed; after success, optionally ConfirmationRequired, then
// ConfirmationAccepted or ConfirmationRejected. A journey counts once in
// every field its path went through, so each row satisfies AF-2.
//
// # Options
//
// RULES names no option for §5, and this package adds none. Decisions
// where the rulebook and the CBB text leave room:
//
//   - The day: a journey counts on the local day of its AuthRequired
//     event, with the dimensions that event carries, even when the
//     customer finishes after midnight. Each row then satisfies AF-2 on
//     its own (a bank engineer checks required = attempted + abandoned
//     row by row), and a journey is never split across two rows. The
//     price: a day's row can still change while its journeys are open.
//   - Open journeys: a journey still waiting for the customer counts in
//     the fields it has reached and in AwaitingAttempt, AwaitingOutcome or
//     AwaitingConfirmation (not template columns). AF-2 holds with them:
//     required = attempted + abandoned + AwaitingAttempt, and so on
//     (Counts). With no open journey it is AF-2 as written.
//   - Re-authentication: an AuthRequired after a succeeded journey starts
//     a new journey of the same consent (the succeeded one counts as it
//     stands). An AuthRequired while the journey is still open
//     (required, attempted, or confirmation required) interrupts it: the
//     open journey is broken (Interrupted) and the new one counts.
//   - Broken journeys: an event the state does not allow (a second
//     attempt, a confirmation before success, ...) breaks the journey: no
//     event of it counts (Unexpected); the journey shows in its row's
//     Broken field only. An event with no journey in progress (before any
//     AuthRequired, or after the journey ended) is NoJourney.
//   - Events of one consent are taken in the order they are added; their
//     instants decide the day (of AuthRequired) and the order of runs at
//     Merge, nothing else.
//   - AF-4 rates (seed 000): authentication success = Succeeded /
//     Attempted (RULES); abandonment = Abandoned / Required (the share of
//     consents requiring authentication that the customer walked away
//     from); consent management ("proper consent handling rate") =
//     journeys brought through the state machine to a recorded end /
//     all journeys, i.e. (Required − Awaiting) / (Required + Broken): a
//     journey is handled properly when its events follow the state machine
//     and it reached an end (abandoned, failed, succeeded with no
//     confirmation step, confirmation accepted or rejected). Open and
//     broken journeys lower it. BM-5's targets are > 99.9 % for both
//     success and consent management.
//   - AF-3: see ChannelOf. Embedded web views of apps (Android "; wv)",
//     iOS without "Safari/") are App: the customer is in the TPP's app.
//   - Dimensions: AuthType, API and both channels have no default; an
//     AuthRequired without one of them is bad input (BadDimension). The
//     TPP channel of an absent header is App, via ChannelOf("").
//
// # Units
//
// Every figure is a count of journeys, a uint64. Rates are kpi.Ratio in
// percent (EXACT: built from the integer counts with kpi.PercentOf), and
// NoData when the denominator is 0.
//
// # Days and time zones
//
// Days are the local days [00:00, 24:00) of the Funnel's kpi.Calendar
// (NewFunnel; the zero Funnel is UTC); Reference takes the calendar as an
// argument. A journey's day is that of its AuthRequired event's instant.
// Time is always an argument: nothing reads the clock.
//
// # Bad input
//
// An event with no instant, an unknown kind, no consent ID, or an
// AuthRequired without valid dimensions is bad input; events that break
// the state machine are NoJourney, Unexpected or Interrupted. No event is
// dropped silently: each is either in a journey that counts or in
// Rejected() by reason (Rejections says how broken journeys count), and
// Funnel.Add returns the Reason (an error that does not allocate).
// Reference returns the rows of the journeys that count beside an
// *InputError listing a *JourneyError for every event that was bad input,
// came without a journey or broke one, naming the consent, the event's
// index, kind and instant. Events carry no amounts, so there is nothing
// negative to reject; nothing panics (fuzzed).
//
// # Concurrency and allocation
//
// A Funnel is not safe for concurrent use: give each goroutine its own and
// Merge them. Merge is associative and commutative with the zero Funnel
// as identity, and exact whenever no consent's events are interleaved
// between the Funnels merged (split by consent, or by time: see Merge).
// Journeys that cross a split are joined when results are read.
//
// A Funnel remembers every consent it has seen in one map (a few dozen
// bytes each): the one place it allocates, once per new consent (and per
// new row), never per event. Add of an event of a known consent, and
// Reset, do not allocate; Merge does not allocate when the argument brings
// no consent the receiver lacks (as for Funnels after Settle). Settle
// forgets the consents once their journeys are over, keeping the counts.
// Rows, Totals and Rejected allocate: they are the result edge. ChannelOf
// does not allocate. Tested with testing.AllocsPerRun.
//
// # Encoding
//
// Funnel implements encoding.BinaryMarshaler, BinaryAppender and
// BinaryUnmarshaler with the library's wire format (kind
// wire.KindFunnel, version 1): portable, versioned, and the same bytes
// for equal states. It keeps the calendar's location name (checked on
// decoding: decode into a Funnel of the same calendar), the rejections,
// the journeys counted per row, and each remembered consent's runs (so a
// decoded Funnel still joins journeys across a split). Instants decode in
// UTC, which changes no result.
package authfunnel
