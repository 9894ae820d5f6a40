// Package kpi computes open-finance API KPIs exactly as regulators define
// them: availability, error rates, response times, volumes and
// authentication funnels, for the UAE (CBUAE), Bahrain (CBB), the EU/UK,
// Australia (CDR) and Brazil, from the calls a bank's API gateway logged.
//
// This root package holds what every rule shares: the call record (Call),
// its outcome classes, validation of bad input, the endpoint catalogue and
// registry, the calendar of local days, weeks, months and quarters, and Ratio, the exact
// result type. The rules themselves live in sub-packages.
//
// # Rules
//
// Every rule has an ID; every doc comment and test cites the ID it
// implements, and the package that implements a rule states it, with its
// DEFAULT reading and its OPTIONs, in that package's documentation (the
// index is below). Where a regulator's text can be read two ways, the
// library picks one reading as the DEFAULT and offers the other as an
// OPTION: a field of an options value, documented where it lives and
// covered by a test on an input where the two readings differ. Other
// regimes are served by profiles and options over the same code, never by
// forks of it. This package holds the shared model.
//
// CALL: one API call as a gateway logged it (Call). ReceivedAt is the
// instant the request was fully received; Endpoint its endpoint ID, such as
// "GET /accounts/{AccountID}/balances"; Status the HTTP status, 0 when no
// response was sent (a timeout, a reset, a gateway that gave up); TTFB and
// TTLB the durations from ReceivedAt to the first and the last byte sent
// (for status 0, TTLB is how long until the gateway gave up), TTFB read
// only where HasTTFB says it was measured, so that a TTFB never set is
// unknown and left out of TTFB figures, never a measured 0 ms;
// ResponseBytes; Records, the records in a response page (0 unknown); TPP,
// the client, optional; Attributable, true unless the institution showed
// that a failure was outside its control (the TPP's software or
// connectivity); Rejected, a business rejection, for the volumes.
//
// CLASS: a call's outcome is one class of its status (Class, ClassOf): 2xx
// success, 3xx redirect (how an authorisation endpoint succeeds), 4xx
// client error, 5xx server error, 0 no response. A final status of 1xx is
// not the outcome of an API call and is bad input. A failure is an
// attributable 5xx or no-response call (Call.Failure); a success is a 2xx
// or 3xx (Call.Success); a 4xx is neither, whatever it says.
//
// DAY: a reporting day is [00:00, 24:00) local time in a time.Location (a
// Calendar), what the regulators write "00:00:00 to 23:59:59"; a call
// belongs to the day of its ReceivedAt. Weeks are ISO weeks; months and
// quarters are calendar ones, in the same location. In a daylight-saving
// zone a day lasts 23 or 25 hours, and Calendar.Length says so. Nothing in
// this module reads the clock: time is always an argument.
//
// EXACT: counts are integers and durations integer nanoseconds, summed in
// 128 bits (a quarter of a billion calls a day at 120 ms is 10^19 ns, past
// int64). Every ratio is a Ratio, an exact rational built when a result is
// read, never per call. Rounding happens only when presenting
// (Ratio.Format: the caller's number of places, 3 by default, half away
// from zero, from the exact numerator and denominator; never
// decimal.Decimal.Div, which stops at 16 digits). Benchmarks compare exact
// values: 99.4996 % prints as 99.500 and still fails ">= 99.5 %". A Ratio's
// zero value is NoData, which is not 0 % and never passes.
//
// BAD INPUT: a call with a zero ReceivedAt, an empty endpoint, a status
// outside 0 and 200-599 (1xx included), a negative duration or size, a
// TTFB after its TTLB, a non-zero TTFB not flagged HasTTFB (a measurement
// not said to be one), or (where a catalogue is in force) an unknown
// endpoint is bad input (Check, Reason). It is never counted and never
// dropped silently: reference functions return an *InputError naming
// every bad call and why beside the result over the good ones;
// accumulators return the Reason from Add and count it in their
// Rejections, which a report shows. Nothing panics on bad input.
//
// EP-1 (catalogue): a catalogue is a list of endpoint templates,
// "METHOD /segment/{Param}/...". A logged endpoint "METHOD /raw/path"
// matches a template when the methods are equal compared in upper case,
// and the path, without its query string (from "?") and one trailing "/",
// has the template's number of "/"-separated segments, each literal
// segment equal byte for byte, each "{Name}" segment matching one
// non-empty segment, and each mixed segment (literal text around one
// {Name}, as the UAE standard writes "payment-consents{ConsentId}")
// matching that text around a non-empty rest. Parameter names never
// matter: "{AccountID}" and "{AccountId}" make the same template, which a
// catalogue holds once, under its first spelling (another spelling is an
// error). Where templates compete, the first segment at which they differ
// decides: a literal wins over a mixed segment, a mixed one (the more
// literal text the better) over a bare parameter. A set of templates may
// have a path prefix ("/open-banking/v3.1/aisp" for "GET /accounts"),
// removed before matching. A matched call carries the catalogue's
// spelling of the ID. With a catalogue in force, a call that matches no
// template is outside the interface: it counts in no KPI, and it is
// counted by endpoint (EndpointCounts) in the list of calls outside the
// catalogue that a report shows. Catalogue implements the rule and
// ParseCatalogue reads the text form (one template a line, "#" comments,
// "prefix /path" lines); Registry interns IDs and matches requests with
// the same rule.
//
// EP-2 (no catalogue): without a catalogue in force, every endpoint ID
// counts as written; a report still names the endpoints, with their
// calls, that the profile's catalogue does not contain byte for byte
// (Catalogue.Unlisted), and says so beside every finding that has no data
// because no endpoint of its group was seen (package benchmark).
//
// # Rule index
//
// Every rule ID and the package whose documentation states it:
//
//	CALL, CLASS, DAY, EXACT, BAD INPUT, EP-1, EP-2     kpi (this package)
//	AV-CLOCK-1..6, AV-CONSEC-1..2, AV-EVIDENCE-1..2,
//	AV-BUDGET-1, AV-WINDOW-1, AV-PCT-1..2, AV-PLAN-1,
//	AV-MON-1, AV-SCOPE-1, AV-MERGE-1                   kpi/availability
//	RG-PLANNED-1, RG-PROBE-1, RG-MINUTE-1              kpi/availability
//	ER-1, ER-2, ER-3                                   kpi/errorrate
//	PF-AVG-1..2, PF-PAGE-1, PF-MB-1, PF-MAX-1,
//	PF-PCTL-1, PF-THR-1, PF-TPS-1, PF-EXEC-1           kpi/performance
//	RG-HOURLY-1, RG-P95-1..2, RG-MEDIAN-1, RG-TIER-1   kpi/performance
//	VO-DAY-1                                           kpi/volumes
//	VO-USER-1, VO-TPP-1, VO-ADOPT-1, VO-GOV-1          kpi/volumes/monthly
//	AF-1, AF-2, AF-3, AF-4                             kpi/authfunnel
//	BM-1..5, RG-FORMAT-1                               kpi/benchmark
//	RP-CBB-1 (the CBB reporting template's rows)       kpi/benchmark, and
//	                                                   the sheets: 2 in
//	                                                   kpi/authfunnel, 3 and
//	                                                   4 in kpi/volumes/monthly,
//	                                                   5 in kpi/volumes, 1 in
//	                                                   examples/report
//
// The command examples/report is the library's main job as a program: it
// reads gateway logs as CSV and writes the daily report (its contract is
// examples/report/README.md). Package benchmark/book assembles the whole
// daily computation from calls to verdicts.
//
// # How each rule is built
//
// Every rule has three parts:
//
//  1. a reference function, batch over a slice of calls, written to be
//     obviously right: this is what you check the rulebook against;
//  2. an accumulator, streaming, with no allocation per call, whose Merge
//     is associative and commutative with the zero value as identity:
//     this is what you run;
//  3. property tests (pgregory.net/rapid) proving that (1) and (2) agree
//     on any input, split and merge order.
//
// # Accumulators
//
// An accumulator is a type with Add methods and a Merge method (Stats,
// Counter, Funnel, Book, ...). Every accumulator of the module keeps this
// contract, which its own documentation does not restate:
//
//  1. The zero value is empty and ready to use, with the default options,
//     and it is the identity of Merge on either side. A type that needs
//     options has a constructor NewX(opts) (or New(cfg)); its zero value,
//     where usable, is NewX of the zero options.
//  2. Options are checked by their Validate method, which refuses a value
//     out of range (a negative size, an unknown enum) and never reads it
//     as the default; a zero field meaning "the default" is documented on
//     the field. An accumulator made with options that Validate refuses
//     refuses every Add with that package's error for bad options
//     (availability's BadOptions, performance's ErrBadOptions) and counts
//     nothing; its AddChecked fast path (below) trusts a caller that has
//     validated them.
//  3. A nil argument never panics. A nil record given to an Add (a nil
//     *Call, *Event, ...) is read as the zero record: bad input, returned
//     as the Reason the zero record gets (ZeroReceivedAt for a call, as
//     Check says; authfunnel.ZeroAt for an event; monthly.EmptyID for a
//     monthly record) and counted in Rejections. AddChecked, the fast path
//     for a caller that checked the call once (Check) and feeds several
//     accumulators, counts a nil call the same way.
//  4. Merge(nil) is a no-op and returns nil. Merge never changes its
//     argument, and either merges everything or changes nothing and
//     returns an error: ErrOptionsDiffer (or an error wrapping it: test
//     with errors.Is) when both sides hold data and were made with
//     different options or calendars, since their counts mean different
//     things (an empty side takes the other's options); ErrMergeOverflow
//     when a count would not fit (see ErrMergeOverflow). The exception:
//     the bundles of many accumulators (book.EndpointDay, book.Book) check
//     options and their own counts first, but a sum inside one of their
//     parts that overflows (crafted or decoded states only) may leave the
//     parts before it merged; their documentation says so.
//  5. Add, Merge and Reset do not allocate, except where a type keeps a
//     set, map or table that grows for a key it has not seen (its
//     documentation says which: a Book's endpoints, days and records, and
//     its Reset, which drops its maps; a Funnel's consents; a Histogram's
//     page per power of two, and its table of pages, made at its second
//     value or first rejection, since one value is held without one; an
//     availability.Tracker's AV-CONSEC walk and refusal counts, made at
//     the first call that needs them; a book.EndpointDay's PIPS, made at
//     a payment endpoint-day's first call or merge when nil); Merge is
//     associative and commutative.
//  6. Bad input is counted in one type, Rejections[R], indexed by the
//     package's reason type, read with the accumulator's Rejections
//     method; reason 0 (OK, PaymentOK, ...) means "not bad input" and is
//     never counted. Rejected, wherever it appears, is a business
//     rejection (Call.Rejected), never bad input.
//
// Package internal/contract's test finds every exported type with an Add
// method and a Merge method in the module's sources and checks this
// contract on each (kpitest.CheckContract); a new accumulator fails it
// until it is listed.
//
// # Days and time zones
//
// See DAY under # Rules: Calendar, Date, Period and DayCursor carry it.
//
// # Bad input
//
// See BAD INPUT under # Rules: Check, Reason, CallError and InputError
// carry it.
//
// # Concurrency and allocation
//
// Values (Ratio, Calendar, Date, Period, Interval) are safe for concurrent
// use. Accumulators are not: give each goroutine its own and Merge them,
// which is exact in any order. A Registry is safe for concurrent reads once
// built, and so is a Catalogue. Accumulator Add, Merge and Reset (with
// the exceptions of point 5 of # Accumulators), Catalogue.Match,
// Registry.Match, Check and DayCursor.DateOf do not allocate; tests assert
// it with testing.AllocsPerRun.
package kpi
