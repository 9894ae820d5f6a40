// Package availability derives API downtime from calls and turns it into
// daily and period uptime, exactly as the rules below define them, with
// the evidence behind every second of downtime.
//
// Four ways in, one answer:
//
//   - Reference: a batch of calls in any order, all endpoints. The obvious
//     transcription of the rules, the oracle of the tests, and fine for a
//     report over a file.
//   - Tracker: one stream (an endpoint, or the interface) in ReceivedAt
//     order, in memory bounded by the calls in flight, zero allocations per
//     call.
//   - Segment: a stream cut into time spans summarised apart (goroutines,
//     machines, hours) and combined in any order.
//   - Probes / ProbeTracker: periodic status probes instead of calls.
//
// Their outages go to Days (one endpoint, or the interface) and
// InterfaceDays, then to Day.UptimePercent, PeriodUptimePercent and
// PeriodDowntime (a period's length and used downtime, for
// benchmark.DowntimeBudget).
//
// # Rules
//
// AV-CLOCK-1 (failure clock; CBUAE Open Finance standards, "API
// Availability", section 2): downtime is the union, over every failure f,
// of [t(f), s(f)), where s(f) is the first instant at or after t(f) at
// which a success was logged. The definition is a set, so it does not
// depend on the order of the calls; the streaming walk (Tracker, Segment)
// gives exactly the same set as Reference. Options.Rule Clock, the
// DEFAULT (classify.go, reference.go, clock.go).
//
// AV-CLOCK-2 (instants): a call is "logged" when its response was sent,
// t = ReceivedAt + TTLB, for failures and successes alike (DEFAULT).
// OPTION Options.ReceivedInstants uses ReceivedAt for both.
//
// AV-CLOCK-3 (open clock): a clock still running at the end of the data
// runs to the caller's observation end, asOf, and the outage says it is
// Ongoing.
//
// AV-CLOCK-4 (4xx): a 4xx neither starts nor stops the clock (DEFAULT; the
// standard says 4xx "SHOULD NOT be included"). OPTION
// Options.ClientErrorsStopClock: an attributable 4xx stops it, since the
// server answered.
//
// AV-CLOCK-5 (attribution): a call that is not attributable, of any class,
// is ignored by the clock: it neither starts nor stops it.
//
// AV-CLOCK-6 (no traffic to confirm): read literally, a clock runs until
// the next success however long nobody calls. The figure keeps that
// reading; Outage.Idle flags each outage in which no call reached the
// endpoint for more than Options.IdleSpan (DEFAULT 15 min) after the
// failure, telling the operator that synthetic monitoring calls (ordinary
// calls to this package) would have closed it sooner.
//
// AV-CONSEC-1 (five consecutive; CBB Open Banking operational guidelines,
// Table 1, and EBA/GL/2018/07 guideline 2.3): calls are walked in
// ReceivedAt order (equal instants by endpoint, then status, then TTLB, so
// the input order never matters). A series is N consecutive unanswered
// calls with no success between them (4xx and non-attributable calls are
// skipped whatever their TTLB: they neither count nor break a series)
// whose first and last ReceivedAt are at most W apart, inclusive;
// DEFAULT N = 5, W = 30 s (Options.N, Options.Window). In a longer run the
// series is the first window of N consecutive unanswered calls, sliding
// along the run, that fits in W. Downtime starts at the ReceivedAt of the
// series' first call and ends at ReceivedAt + TTLB of the next success;
// further unanswered calls keep it down; fewer than N before a success
// make none. OPTION Options.NoSpanCondition drops the span condition: N
// in a row is enough. Options.Rule Consecutive (classify.go, reference.go,
// consecutive.go).
//
// AV-CONSEC-2 (unanswered): a call is unanswered when it got no response
// (status 0), a 5xx, or a reply after more than W (strictly: a reply after
// 30 s is not one "within 30 seconds"); a success is a 2xx or 3xx within
// W. OPTIONS: Options.ServerErrorsAreReplies (only status 0 and late
// replies are unanswered) and Options.LateRepliesAreReplies (a late reply
// is a reply).
//
// AV-EVIDENCE-1: every outage carries its evidence: the instant and
// identity of the call that opened it and of the one that closed it
// (Outage.Opened, Outage.Closed), and, for each day's piece, which source
// it belongs to and whether a day boundary, a planned window or the
// observation end cut it (Piece.Source, Closed, CutAtStart, CutAtEnd).
// Whoever checks a report can find the calls behind each second of
// downtime.
//
// AV-EVIDENCE-2 (unobserved): a local day on which the scope (an endpoint,
// or the interface) received no call, and which no monitoring outage or
// probe result covers, has no availability evidence. Its downtime and
// uptime are computed as for any day (an outage or window that covers it
// counts), but Day.Observed reports false, and a benchmark judges such a
// day NO DATA, never a pass (a month or quarter is judged on its figures
// and says how many of its days were unobserved). Days cannot see calls:
// the caller sets Day.Calls from its count of the day's calls; Days sets
// Day.Monitored where a monitoring window or a probe-derived outage
// covers some of the day; InterfaceDays sums Calls and ors Monitored over
// the endpoints. A Calls left at 0 reads as no call: a missing count errs
// towards NO DATA.
//
// AV-BUDGET-1: for a period and a target (99.5 % over a quarter), the
// downtime used, allowed and left, in seconds. This package gives the
// period's length and used downtime (PeriodDowntime);
// benchmark.DowntimeBudget turns them into the budget.
//
// AV-WINDOW-1 (midnight): an outage is split at every day boundary and each
// day counts only its part (Days).
//
// AV-PCT-1 (daily): downtime % = downtime seconds in the day / day length ×
// 100, uptime % = 100 − downtime % (Day.UptimePercent). The day length is
// the real length of the local day (DEFAULT); OPTION
// Options.FixedDayLength uses 86,400 s, as the CBUAE text divides by
// (the same in a zone without daylight saving). Uptime never goes below
// 0 % (a 25-hour day under the fixed length).
//
// AV-PCT-2 (periods): monthly or quarterly uptime = 1 − downtime in the
// period / length of the period (PeriodUptimePercent), never the mean of
// daily percentages.
//
// AV-PLAN-1 (planned): planned maintenance windows are given as intervals
// and are downtime. Total = union(clock intervals, planned windows,
// monitoring outages); planned = total ∩ planned windows; unplanned =
// total − planned (Days, Day.PlannedSeconds, Day.UnplannedSeconds).
//
// AV-MON-1 (no traffic): connectivity failures that kept calls from
// arriving are given as outage intervals (from synthetic monitoring) and
// join the union as unplanned downtime.
//
// AV-SCOPE-1 (partial downtime): an endpoint's availability uses that
// endpoint's calls; the interface's is the union of its endpoints'
// downtime (partial downtime is downtime: the CBUAE counts the time "any
// element of the API interface is not available"), never an average
// (InterfaceDays). Under AV-CONSEC each endpoint's series are found in its
// own calls (DEFAULT); OPTION Options.InterfaceWide makes one walk over all
// the interface's calls together (the CBB counts requests "irrespective of
// whether these requests originate from one or multiple" TPPs). Under
// AV-CLOCK the option means one clock for all calls, a reading no
// regulator asks for.
//
// AV-MERGE-1 (scale): the clock needs time order within an endpoint. A
// time span of one stream (say an endpoint-hour) is summarised in bounded
// state (Segment: first success, leading failure, closed intervals,
// trailing open failure; under AV-CONSEC the up to N−1 unanswered calls at
// each edge), and segments of one stream combine by time, associatively
// and in any arrival order, to exactly what Reference gives on the whole
// stream (segment.go).
//
// RG-PLANNED-1 (planned downtime by regime): a profile says whether
// planned downtime is in the numerator (DEFAULT: CBUAE, CBB, UK) or removed
// from both numerator and denominator (OPTION Options.PlannedExcluded,
// Australia's CDR: (T − planned − unplanned) / (T − planned)) (uptime.go).
//
// RG-PROBE-1 (probes, Open Finance Brasil): availability from periodic
// probe results instead of calls: each failed probe adds one probe
// interval of downtime, cut short by the first OK probe (Probes,
// ProbeTracker; probe.go).
//
// RG-MINUTE-1 (minute slots, Open Finance Brasil monitoring): per endpoint
// and local minute, the valid calls are those answered 2xx, 5xx, 408 or
// 422 and the successes those answered 2xx or 422; a minute with a valid
// call is up when 100·successes >= 95·valid (exact integers). Daily
// availability = up minutes / minutes with a valid call (MinuteDay.Percent;
// no valid call: no data); long availability = the mean of the last 90
// daily values that have data (MinuteWindow.Percent). Planned windows are
// not exempt. Minute slots count whole minutes from the local day's start
// (MinuteOf), so a 25-hour day has 1,500 and zones such as +05:30 get
// their clock minutes. A MinuteDay is a 12 KB value without pointers;
// nothing allocates. DEFAULT: a no-response call is a valid error (the
// consumer reports a 408); OPTION MinuteOptions.NoResponseIgnored leaves
// it out (minute.go, reference_minute.go).
//
// # Decisions
//
//   - Streams. An outage belongs to one stream: the calls of one endpoint
//     (AV-SCOPE-1), or, under InterfaceWide, all calls (Endpoint ""). The
//     interface's downtime is the union of its endpoints' (Days with
//     endpoint "", or InterfaceDays), never an average.
//   - Maximal outages. Overlapping or touching intervals of one stream
//     merge into one Outage. AV-CLOCK intervals never touch (a failure at
//     the instant of a success adds nothing); AV-CONSEC ones can overlap,
//     since a series ends at ReceivedAt + TTLB of its success while the
//     next series may start before that. The merged outage keeps the first
//     opener and the evidence of the constituent that ends last (on a tie,
//     the later one).
//   - Ties. Under AV-CLOCK all events of one instant act together: a
//     success among them stops a running clock, and failures start a
//     stopped one only if no success shares their instant (so the result
//     is the set ∪[t(f), s(f)) whatever the input order). The opener is the
//     failure with the lowest ID at the opening instant; the closer the
//     success with the lowest ID at the closing instant. Under AV-CONSEC
//     the walk order is ReceivedAt, endpoint, status, TTLB, then ID.
//   - AV-CONSEC-2 with ServerErrorsAreReplies: a 5xx within W is a reply
//     but no success, so it neither counts nor breaks a series (as a 4xx:
//     only "a successful request ... to which a reply has been provided"
//     breaks one). A late 5xx stays unanswered unless LateRepliesAreReplies.
//   - AV-CLOCK-3 and asOf. An interval still open at the end of the data
//     runs to asOf and is Ongoing; if asOf is not after its start, it ends
//     at its start (no downtime, still reported as Ongoing). asOf is never
//     an error and never cuts a closed outage, even one whose success was
//     logged after asOf (callers that require asOf ≥ the last ReceivedAt
//     check it themselves, as the report command does).
//   - AV-CLOCK-6 idle instants. "A call reached the endpoint" at its
//     ReceivedAt, for every good call of the stream: any class, any
//     attribution, any status (bad input excluded). Under AV-CLOCK an
//     outage [Start, End) is Idle when, over the points Start, every
//     ReceivedAt strictly inside it, and End, two consecutive points are
//     more than IdleSpan apart. An ongoing one uses every ReceivedAt after
//     Start, then asOf. Under AV-CONSEC (the rule also runs until the next
//     success) the points are the ReceivedAt of the calls from the series'
//     first call to the closing success (or asOf); a merged outage is Idle
//     if any of its series is. The flag never changes a figure.
//   - Evidence IDs are indices in the Reference input, the ids given to
//     Tracker.Add / ProbeTracker.Add, or Summarize's ids; planned and
//     monitoring windows are identified by their index in their slice.
//   - Pieces. Each second of a day's downtime is attributed to one source:
//     a planned window if one covers it, else the outage (or monitoring
//     outage) already covering the time before, else the earliest-starting
//     one. A source keeps its time until it ends, a planned window takes
//     over, or the day ends; CutAtStart/CutAtEnd say which.
//   - Segments combine only within one stream and options, with disjoint
//     spans; non-adjacent spans may combine when no call of the stream has
//     an instant between them (Segment.Empty tells which to leave out).
//   - RG-PROBE-1: a failed probe at t adds [t, t + interval), cut short by
//     the first OK probe at or after t; a failed and an OK probe at the
//     same instant add nothing.
//   - AV-PCT-1: downtime % is not capped at 100 (a 25-hour day under
//     FixedDayLength); only uptime floors at 0.
//   - Period sums (AV-PCT-2, PeriodDowntime) are int64 nanoseconds: they
//     hold 280 years of days, so 128-bit sums would buy nothing;
//     days that overflow them, or carry negative durations, give no data.
//
// # Options
//
// Options is a value; its zero value is every DEFAULT. Each OPTION has a
// test and an Example on an input where the two readings differ:
//
//   - Rule: Clock (AV-CLOCK, DEFAULT) or Consecutive (AV-CONSEC).
//   - ReceivedInstants (AV-CLOCK-2): the clock uses ReceivedAt instead of
//     the logged ReceivedAt + TTLB.
//   - ClientErrorsStopClock (AV-CLOCK-4): an attributable 4xx stops the
//     clock.
//   - IdleSpan (AV-CLOCK-6): the idle flag's span, 15 min by default.
//   - N, Window (AV-CONSEC-1/2): 5 calls and 30 s by default.
//   - NoSpanCondition (AV-CONSEC-1): N in a row, however far apart.
//   - ServerErrorsAreReplies, LateRepliesAreReplies (AV-CONSEC-2).
//   - InterfaceWide (AV-SCOPE-1, AV-CONSEC's OPTION): one walk over all
//     the interface's calls. Under AV-CLOCK it also means one clock for all
//     calls, a reading no regulator asks for.
//   - FixedDayLength (AV-PCT-1): 86,400 s days in the percentages.
//   - PlannedExcluded (RG-PLANNED-1): planned downtime out of numerator and
//     denominator (Australia's CDR).
//   - MinuteOptions.NoResponseIgnored (RG-MINUTE-1): a call with no
//     response is not a valid call (DEFAULT: it is a valid error).
//
// Options of the other rule are ignored. Zero N, Window, IdleSpan mean the
// defaults; negative ones and unknown rules fail Options.Validate.
//
// # Units
//
// Instants are time.Time and durations time.Duration (integer
// nanoseconds). Percentages and seconds are kpi.Ratio, exact: built at read
// time from integer nanoseconds, rounded only by Ratio.Format. Names say
// the unit: UptimePercent, DowntimeSeconds, Outage.Seconds.
//
// # Days and time zones
//
// Outages are intervals of instants, independent of any zone. Days splits
// them at local midnight with a kpi.Calendar (AV-WINDOW-1), so a day in a
// daylight-saving zone is 23 or 25 hours long (Day.Length) and only its own
// part counts: Total ≤ Length always. UptimePercent divides by Length, or
// by 86,400 s under FixedDayLength, where a 25-hour day can hold more than
// 86,400 s of downtime: downtime then exceeds 100 % and uptime floors at
// 0 %. A period's uptime pools the seconds of its days (AV-PCT-2).
//
// # Instants
//
// Instants are wall-clock instants: a monotonic clock reading in a
// time.Time (one from time.Now) is ignored. A logged call has none, a
// gateway strips them, and the encoding drops them; every way in drops
// them on the way in (Reference, Tracker, Summarize/Segment: calls'
// ReceivedAt, spans, asOf; Probes and ProbeTracker: Probe.At), so they
// agree by construction, and no result carries one.
//
// Any time.Time is accepted: the Tracker compares instants as integers
// (seconds since year 1 and nanoseconds, time.Time's own count, not
// UnixNano's years 1678–2262). The package adds in one place (loggedAt):
// AV-CLOCK-2's logged instant ReceivedAt + TTLB, AV-CONSEC's end
// ReceivedAt + TTLB of the closing success, and RG-PROBE-1's t + interval.
// A sum past the last instant time.Time holds (its largest second,
// 999,999,999 ns) is that last instant, in every path alike, so a sum is
// never before its base and an outage never ends before it starts.
// (time.Time.Add is not used for them: it caps the seconds but lets the
// nanoseconds wrap, which in the last second lands before the base.) A
// Segment whose span ends at the last instant holds that instant, which
// no half-open span could.
//
// The zone of an instant is kept, except across the encoding (UTC):
// Outage.Start and Opened.At are in the zone of the call (or probe) that
// opened the outage; End and Closed.At in that of the call or probe that
// closed it (Kind ProbeInterval: the failed probe whose interval ran
// out). An ongoing outage's Closed.At (Kind ObservationEnd) is asOf, in
// asOf's zone, and so is its End, unless asOf is not after Start: End is
// then Start, in Start's zone.
//
// # Bad input
//
// BAD INPUT (package kpi): a bad call (kpi.Check) is never counted and never dropped
// silently. Reference and Summarize leave it out and return a
// *kpi.InputError naming it beside the result over the good calls
// (Summarize: every bad call of its whole input, whatever its span).
// Tracker.Add returns its kpi.Reason and counts it in Rejected. A call that
// is good but does not fit a Tracker's stream (another endpoint, received
// before the latest one, after Finish, or invalid options) is refused with
// a Refusal, counted in Refused. Probes with no instant are reported the
// same way (ProbeInputError, ZeroProbeTime). Nothing panics.
//
// # Encoding
//
// Segment, Tracker and ProbeTracker are encoding.BinaryMarshaler,
// encoding.BinaryAppender and encoding.BinaryUnmarshaler (encoding.go),
// in the library's shared format (internal/wire): a header
// ('K', the kind — wire.KindSegment, wire.KindTracker,
// wire.KindProbeTracker — and a version byte, 1 today), then varint fields
// in a fixed order. The format is portable (no machine or Go layout in
// it), versioned (a later release reads version 1 or refuses with
// wire.ErrVersion), and exact: a decoded value is the encoded state,
// field for field, and re-encodes to the same bytes.
//
//   - Segment (value receiver for MarshalBinary and AppendBinary, so both
//     Segment and *Segment are BinaryMarshalers; pointer receiver for
//     UnmarshalBinary): endpoint, the options that decide outages (its
//     outage key: the options Merge compares, so a decoded segment
//     combines with exactly the segments its original would, and refuses
//     the others with kpi.ErrOptionsDiffer), span, arrivals, first success,
//     leading and trailing runs with their evidence, the intervals closed
//     and open. A decoded segment combined with others gives the same
//     outages and days as the original.
//   - Tracker: its whole streaming state, so a gateway that restarts
//     mid-day continues the stream: options, endpoint, watermark, the
//     AV-CLOCK events held back (in heap order) and the open clock, the
//     AV-CONSEC calls of the current instant, run, open series and the
//     outage being merged, the outages finished but not collected, and the
//     Rejected and Refused counts. The zero Tracker encodes as such (and
//     decodes to the zero Tracker, default options).
//   - ProbeTracker: interval, endpoint, the probes of the current instant,
//     the open outage, the outages not collected, Refused.
//
// What is not kept: the capacity of buffers (a decoded Tracker regrows
// them), and the location of instants: instants decode in UTC (as Unix
// nanoseconds; instants outside 1678..2261 as seconds and nanoseconds).
// Nothing in this package depends on the location of an instant (it only
// compares, subtracts and adds instants; days are split by the
// kpi.Calendar's location), so every figure, flag and day is the same; only
// the Location of the instants in returned Outages is UTC where the
// original's may have been another zone (time.Time.Equal holds, == may
// not).
//
// Decoding fails with wire.ErrTruncated (every strict prefix of an
// encoding), wire.ErrForeign (another kind or not an encoding),
// wire.ErrVersion, wire.ErrTrailing, or wire.ErrInvalid when the state is
// one the package cannot reach and its methods rely on not seeing: options
// that are not normalized (or, for a Segment, not an outage key), an empty
// span, runs longer than N−1 calls, evidence or intervals out of order, an
// interval open where it must be closed (or the reverse), events held back
// out of heap order or before the watermark, state of the other rule,
// state before the first call or after Finish. A decoded value never makes
// a method panic (fuzzed). The receiver changes only on success. Encoding
// into a buffer with room does not allocate; decoding allocates the
// value's slices, never more than the input can describe.
//
// # Concurrency and allocation
//
// Options, Outage, Day, Evidence are plain values. Reference, Days,
// InterfaceDays, Combine, PeriodDowntime and the percentage functions are
// pure and safe for concurrent use on inputs nobody mutates. A Tracker,
// ProbeTracker or Segment is not safe for concurrent mutation: use one per
// goroutine and combine Segments. Tracker.Add, Tracker.Outages, Tracker.Reset,
// ProbeTracker.Add, Segment.Merge and Segment.Reset do not allocate in
// steady state (tested with testing.AllocsPerRun); the Tracker's buffers are
// bounded by the calls in flight (tested over 10^6 calls with an outage
// open throughout). Results (Ratios, Days) allocate at the edge.
package availability
