// Package authfunnel counts how customers got through authentication
// (the AF-* rules): consent journeys built from per-consent events through a
// state machine, counted when they end per day and combination of
// authentication type, API type, TPP channel and bank channel, shaped as
// sheet 2 of the CBB reporting template, with the funnel's rates.
//
// Reach for a Funnel: Add every journey event, Merge Funnels of other
// goroutines, machines or hours, Close the journeys the customers have
// left (time is an argument), then read Report (CBB sheet 2 rows, totals,
// rejections) and the AF-4 rates of a row or of the totals. Settle after
// Close bounds memory. ChannelOf turns an x-customer-user-agent header
// into the TPP channel. Reference is the obvious batch version over a
// slice; tests prove the two agree on any input, split, merge order and
// closing.
//
// # Rules
//
// AF-1 (funnel, CBB reporting template sheet 2, fields 2.1 to 2.14): per
// day and combination of authentication type (redirect, decoupled), API
// type (AIS, PIS), TPP channel and bank channel (Web, App): the consents
// requiring authentication, attempted, abandoned, succeeded, failed,
// confirmations required, accepted and rejected (Funnel, Counts,
// Reference).
//
// AF-2 (invariants): required = attempted + abandoned; attempted =
// succeeded + failed; accepted + rejected <= confirmations required <=
// succeeded; every row's template fields satisfy them exactly
// (Counts.Check). The counts are built from per-consent journey events
// through a state machine (below); a journey whose events break it is an
// error naming the consent and the event (JourneyError), and the other
// journeys still count (Funnel.Add, Funnel.Close).
//
// AF-3 (channel): the TPP channel comes from the x-customer-user-agent
// header: a browser's user agent is Web, anything else, or no header, is
// App (ChannelOf).
//
// AF-4 (rates, the platform dashboard): authentication success rate =
// succeeded / attempted, consent management rate, and abandonment rate
// (the Counts *Percent methods; their exact definitions are in
// # Options).
//
// RP-CBB-1 (report rows): sheet 2 of the CBB reporting template, with its
// column names (CBBAuthenticationRow). The package builds the rows; writing
// them is the caller's.
//
// No rule names an OPTION for the funnel; the DEFAULT readings this
// package chose where the texts are silent, and its one OPTION, are under
// # Options.
//
// The state machine (journey.go): AuthRequired opens a journey; then
// AuthAttempted, AuthAbandoned, or the outcome directly (AuthSucceeded or
// AuthFailed: the attempt is implied, as decoupled flows and logs that
// record only the outcome have it); after an attempt AuthSucceeded,
// AuthFailed or AuthAbandoned; after success, optionally
// ConfirmationRequired, then ConfirmationAccepted or ConfirmationRejected.
//
// # Options
//
// The AF-* rules name no option. The decisions below are this package's
// DEFAULT readings where the rules and the CBB text are silent; the one
// with two defensible readings is an OPTION (Options):
//
//   - A journey counts in the template fields (2.7 to 2.14) only when it
//     ENDS, so that every row satisfies AF-2 exactly as written above
//     (required = attempted + abandoned; attempted = succeeded + failed;
//     accepted + rejected <= confirmations required <= succeeded). The ends:
//     AuthFailed; AuthAbandoned; a confirmation accepted or rejected; and,
//     since nothing says when no confirmation is coming, a journey that
//     is still open ends when Funnel.Close finds it idle or when the
//     consent's next AuthRequired starts a re-authentication. It then ends
//     as the customer left it: awaiting an attempt -> Abandoned; attempted
//     with no outcome -> Abandoned (2.8: attempted means "not abandoned";
//     a customer who started and left has abandoned); succeeded with no
//     confirmation step -> Succeeded; confirmation required with no answer
//     -> Rejected (2.14: "did not proceed"). Until it ends a journey
//     counts only in the non-template fields AwaitingAttempt,
//     AwaitingOutcome, AwaitingEnd and AwaitingConfirmation. Rows never
//     hold a row whose template fields are all 0; Report.Totals counts
//     every journey.
//   - OPTION Options.AttemptTimeoutIsFailure: an attempt with no outcome
//     when its journey is closed or re-authenticated counts as Failed
//     (2.11) instead of the DEFAULT Abandoned.
//   - AuthRequired -> AuthSucceeded | AuthFailed is allowed: the attempt is
//     implied and counts in Attempted. AuthAttempted -> AuthAbandoned is
//     allowed: it counts as Abandoned, not Attempted.
//   - Re-authentication: a new AuthRequired of a consent whose journey is
//     open ends that journey as Close would (it is not broken) and opens a
//     new one. An event the state machine does not allow (a second
//     attempt, a confirmation before success, ...) breaks its journey
//     (Unexpected): the event is rejected with a JourneyError naming
//     consent and event, and the journey is dropped from the template
//     fields and counted in Broken. An event with no live journey is
//     NoJourney.
//   - Duplicates: the exact repeat of a consent's previous event (same
//     kind, instant and dimensions: at-least-once log delivery) is
//     ignored, counted as Duplicate, and breaks nothing. Only the
//     immediately repeated event is detected.
//   - The day and dimensions: a journey counts on the local day of its
//     AuthRequired, with the AuthType, API and TPPChannel that event
//     carries, even when it ends after midnight; it is never split across
//     rows. BankChannel (2.6) may be unset on AuthRequired: the first later
//     event of the journey that carries it fills it in (the customer lands
//     in the app or on the web page at the attempt); later values are
//     ignored. A journey that ends with no bank channel cannot be a row of
//     the template (there is no "unknown" channel): it is NoBankChannel, a
//     JourneyError naming its AuthRequired, counted in Broken (in Totals).
//   - AF-4 rates (the platform dashboard): authentication success =
//     Succeeded / Attempted (AF-4); abandonment = Abandoned / Required;
//     consent management (the dashboard's "proper consent handling rate") =
//     ended journeys that followed the state machine / (those + Broken),
//     i.e. Required / (Required + Broken); open journeys are in neither.
//     NoData when the denominator is 0. BM-5's targets are > 99.9 % for
//     success and consent management.
//   - AF-3: see ChannelOf. Embedded web views of a TPP's app (Android
//     "; wv)", iOS without "Safari/"), headless browsers, bots and Electron
//     apps are App; the in-app browsers of social apps (Facebook,
//     Instagram, LINE, Twitter) are Web: they show the TPP's web site.
//   - Events of one consent are taken in the order they are added; their
//     instants decide the day (of AuthRequired), Close, and the order of
//     runs at Merge.
//
// # Units
//
// Every figure is a count of journeys, a uint64. Rates are kpi.Ratio in
// percent (EXACT: built from the integer counts, the consent management
// denominator summed in big integers), and NoData when the denominator
// is 0.
//
// # Days and time zones
//
// Days are the local days [00:00, 24:00) of the Funnel's kpi.Calendar
// (NewFunnel; the zero Funnel is UTC); Reference takes the calendar as an
// argument. A journey's day is that of its AuthRequired event's instant.
// Time is always an argument: Close(asOf, idle) ends the journeys whose
// last event is at or before asOf − idle; nothing reads the clock.
//
// # Bad input
//
// An event with no instant, an unknown kind, no consent ID, an
// AuthRequired without a valid AuthType, API or TPPChannel, or any event
// with a BankChannel other than Web, App or unset, is bad input; events
// that break the state machine are NoJourney or Unexpected, and journeys
// that end with no bank channel NoBankChannel. No event is dropped
// silently: each is either in a journey that counts (ended or open) or in
// Rejections() by reason (Duplicate included). Funnel.Add returns the
// Reason (an error that does not allocate). Reference returns its Report
// beside an *InputError listing a *JourneyError for every event that was
// bad input, came without a journey or broke one, naming the consent, the
// event's index, kind and instant (duplicates are counted, not listed).
// Rates on counts from elsewhere never wrap around. Nothing panics
// (fuzzed).
//
// # Concurrency and allocation
//
// A Funnel is not safe for concurrent use: give each goroutine its own and
// Merge them. Merge is associative and commutative with the zero Funnel
// as identity, leaves its argument unchanged, and is exact whenever no
// consent's events are interleaved between the Funnels merged (split by
// consent, or by time): a consent's runs are ordered by the instants of
// their first and last events, then, for runs entirely at one instant, by
// the journey order of their first events' kinds (AuthRequired first).
// Journeys that cross a split are joined when results are read or at
// Close. Merge before Close: a journey closed in one Funnel cannot take
// another Funnel's events. f.Merge(f) merges a copy of f.
//
// A Funnel remembers every consent with an open journey (and, until
// Settle, every consent it has seen) in one map, a hundred-odd bytes
// each: the one place it allocates, once per new consent (and per new
// row), never per event. Add of an event of a known consent, Close (but
// for new rows) and Reset do not allocate. Merge does not allocate when
// its argument remembers no consent (after Close and Settle) and has no
// row the receiver lacks; a consent new to the receiver, or present in
// both (a second run), allocates. Report, Rows, Totals and Rejected
// allocate: they are the result edge. ChannelOf does not allocate. Tested
// with testing.AllocsPerRun.
//
// # Encoding
//
// Funnel implements encoding.BinaryMarshaler, BinaryAppender and
// BinaryUnmarshaler with the library's wire format (kind
// wire.KindFunnel, version 1): portable, versioned, and the same bytes
// for equal states. It keeps the calendar's location name (checked on
// decoding: decode into a Funnel of the same calendar), the options, the
// rejections, the ended journeys per row, and each remembered consent's
// runs (first and last events, head events, open journey), so a decoded
// Funnel still joins journeys across a split and detects duplicates.
// Instants decode in UTC, which changes no result.
package authfunnel
