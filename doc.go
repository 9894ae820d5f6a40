// Package kpi computes open-finance API KPIs exactly as regulators define
// them: availability, error rates, response times, volumes and
// authentication funnels, for the UAE (CBUAE), Bahrain (CBB), the EU/UK,
// Australia (CDR) and Brazil, from the calls a bank's API gateway logged.
//
// This root package holds what every rule shares: the call record (Call),
// its outcome classes, validation of bad input, the endpoint registry, the
// calendar of local days, weeks, months and quarters, and Ratio, the exact
// result type. The rules themselves live in sub-packages.
//
// # Rules
//
// Rule IDs are those of the project's rulebook (RULES.md); every doc
// comment and test cites the ID it implements.
//
//	§0 CALL, CLASS, DAY, EXACT, BAD INPUT    kpi (this package)
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
// built. Accumulator Add, Merge and Reset, Registry.Match, Check and
// DayCursor.DateOf do not allocate; tests assert it with
// testing.AllocsPerRun.
package kpi
