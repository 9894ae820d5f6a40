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
// implements.
//
//	§0 CALL, CLASS, DAY, EXACT, BAD INPUT,
//	   EP-1, EP-2 endpoint catalogues        kpi (this package)
//	AV-*  availability, RG-PLANNED-1,
//	      RG-PROBE-1                         kpi/availability
//	ER-1..3 error rate                       kpi/errorrate
//	PF-* performance, RG-HOURLY-1, RG-P95-1  kpi/performance
//	VO-DAY-1 daily volumes                   kpi/volumes
//	BM-1..5 benchmark profiles               kpi/benchmark
//	RP-CBB-1 report rows                     kpi/volumes, examples/report
//
// The command examples/report is the library's main job as a program: it
// reads gateway logs as CSV and writes the daily report.
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
// # Endpoint catalogues
//
// Rule EP-1 (catalogue): a catalogue is a list of endpoint templates,
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
// Rule EP-2 (no catalogue): without a catalogue in force, every endpoint
// ID counts as written; a report still names the endpoints, with their
// calls, that the profile's catalogue does not contain byte for byte
// (Catalogue.Unlisted), and says so beside every finding that has no data
// because no endpoint of its group was seen (package benchmark).
//
// # Exact values
//
// Counts are integers and durations integer nanoseconds, summed in 128
// bits so that a quarter of a billion calls a day cannot overflow. Every
// ratio is a Ratio: an exact rational built when a result is read, never
// per call. Rounding happens only when presenting (Ratio.Format: N places,
// half away from zero, from the exact numerator and denominator), so
// 99.4996 % prints as 99.500 and still fails a ">= 99.5 %" benchmark.
// A Ratio's zero value is NoData, which is not 0 % and never passes.
//
// # Days and time zones
//
// A reporting day is [00:00, 24:00) local time in a time.Location (a
// Calendar); a call belongs to the day of its ReceivedAt. Days in a
// daylight-saving zone are 23 or 25 hours long, and Calendar.Length says
// so. Nothing in this module reads the clock: time is always an argument.
//
// # Bad input
//
// A call with a zero ReceivedAt, an empty endpoint, a status outside 0 and
// 200-599 (1xx included), a negative duration or size, a TTFB after its
// TTLB, or (where a catalogue is in force) an unknown endpoint is bad
// input. It is never counted and never dropped silently: reference
// functions return an *InputError naming every bad call beside the result
// over the good ones; accumulators return the Reason from Add and count it
// in their Rejections. Nothing panics on bad input.
//
// # Concurrency and allocation
//
// Values (Ratio, Calendar, Date, Period, Interval) are safe for concurrent
// use. Accumulators are not: give each goroutine its own and Merge them,
// which is exact in any order. A Registry is safe for concurrent reads once
// built, and so is a Catalogue. Accumulator Add, Merge and Reset,
// Catalogue.Match, Registry.Match, Check and
// DayCursor.DateOf do not allocate; tests assert it with
// testing.AllocsPerRun.
package kpi
