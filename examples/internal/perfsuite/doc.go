// Package perfsuite is the library's benchmark suite: what the library
// costs per call and per merge, as a ratio to a plain loop measured in the
// same run, on the same generated calls. The per-call and merge families
// time the library's own daily computation (benchmark/book), the code the
// report, the gateway and the Beam pipeline run, not a bundle of the
// suite's own.
//
// # Families
//
// Every family is a Benchmark with an impl=baseline sub-benchmark and one
// or more library ones (impl=kpi, and impl=endpointday where the
// book.EndpointDay alone is worth seeing beside it), so that
// `benchstat -col /impl` puts them side by side. Each family's baseline is
// plain Go doing the same job in the same unit, so that the ratio reads
// "the library costs N times the plain code":
//
//   - BenchmarkIngest: the combined per-call ingest over the whole week:
//     errorrate.Counter (ER-1), performance.Stats (PF-AVG-1 ..., PF-THR-1
//     at CBUAE's 500 ms: Threshold), performance.Histogram (PF-PCTL-1),
//     performance.Throughput (PF-TPS-1), performance.PIPS on the profile's
//     payment endpoints and volumes.Counter (VO-DAY-1), per endpoint-day.
//     impl=kpi is book.Book.Add (CBUAE's profile: NewBook), which also
//     finds the endpoint-day by endpoint ID and local day and keeps the
//     call's 32-byte availability record; a fresh Book per pass, as per
//     run of a program. impl=endpointday is book.EndpointDay.Add routed by
//     the suite's index (Days), warmed and Reset between passes. Baseline:
//     the plain loop (below) over the same calls. ns/op is per call.
//   - BenchmarkIngestDay: book.EndpointDay.Add on one endpoint-day held in
//     cache (the busiest endpoint's day, about 5,500 calls, again and
//     again). Baseline: the plain loop over the same calls. ns/op is per
//     call.
//   - BenchmarkTracker: availability.Tracker (AV-CLOCK, one tracker per
//     endpoint) fed in ReceivedAt order. Baseline: the plain loop. ns/op
//     is per call.
//   - BenchmarkMerge: one Merge of two endpoint-days (book.EndpointDay),
//     each a day of the busiest endpoint. impl=kpi is MergeCore, the part
//     the 1 µs target is about (Counter, Stats, Histogram, Daily,
//     Rejections); impl=endpointday is book.EndpointDay.Merge, per-second
//     table included. Baseline: the plain struct's merge of the same two
//     endpoint-days' totals (count, TTLB sum, TTLB max, 5xx count:
//     EndpointTotals.Merge). ns/op is per Merge.
//   - BenchmarkMergeThroughput: the same for the per-second Throughput
//     state, which the 1 µs target leaves out. Baseline: the same days'
//     per-second counts as sorted (second, count) pairs, merged
//     (MergeCounts). ns/op is per Merge.
//   - BenchmarkSegment: availability.Segment.Merge of the 24 hourly
//     segments of one endpoint-day (AV-MERGE-1). Baseline: 24
//     EndpointTotals.Merge of the same day's hourly totals. ns/op is per
//     day (24 merges), ns/merge per merge.
//   - BenchmarkMatch: kpi.Registry.Match of a concrete request
//     ("GET", "/accounts/a-123/balances") to its template. Baseline: the
//     plain loop (the per-call yardstick: matching is a per-call cost).
//     ns/op is per call.
//   - Beside a peer library: examples/hdrpeer (a module of its own, so
//     that this one does not depend on hdrhistogram-go) times
//     book.EndpointDay.Add and book.Book.Add beside HdrHistogram's
//     RecordValue on the same calls (the IngestDay endpoint-day).
//   - BenchmarkRetained (impl=kpi only): reports retained memory, see
//     Retained: CoreBytes of every book.EndpointDay (the part without
//     per-second tables), the mean (B/endpoint-day) and the largest
//     (B/endpoint-day-max); FullBytes, the whole book.EndpointDay after
//     Compact (B/endpoint-day-full, -full-max); and the Throughput tables'
//     heap per second with traffic, live and after Compact. Its ns/op
//     (building one endpoint-day) is not a target.
//   - The report pipeline (examples/report BenchmarkPipeline) has its own
//     impl=baseline: CSVBaseline, a hand-written parse of the same CSV into
//     Records followed by the plain loop. rows/s counts the rows read.
//
// # Baseline
//
// The per-call yardstick: a plain Go loop over 48-byte
// Records (Baseline.Add) that adds a count, a TTLB sum, a TTLB max and a
// 5xx count into an array indexed by endpoint. The merge families merge
// what that loop keeps (EndpointTotals) or, for throughput, the plain
// per-second counts a hand-written job would keep (SecondCount).
//
// Both sides read the same calls (Generate: callgen.Bench with a fixed
// seed, 262,143 calls over a week in UTC, 40 endpoints, 97 % 2xx, 2 % 4xx,
// 1 % 5xx, log-normal TTLB per endpoint with a tail to 5 s; the median of
// the whole mix is 150 ms, above the targets' "around 120 ms": the ten
// endpoints Bench adds have 120 ms medians, the CBUAE list's run from 40 to
// 900 ms, weighted by traffic), converted once, outside the timer, to []Record and
// []kpi.Call. The endpoint of each call is interned once (Data.EP) for
// both sides: the string-to-index cost is the Match family's.
//
// The week-long per-call families cycle through the whole slice, one call
// per iteration; the slice (27 MB of 104-byte kpi.Calls, 12.6 MB of
// Records) does not fit in the L2 cache, as a gateway's log would not.
// Ingest's impl=endpointday warms its state with one pass outside the
// timer, so that the figure is the steady state of a day already under way
// (Throughput's table has grown); impl=kpi starts each pass from a new
// Book, so its figure includes the allocations a week of calls makes.
// BenchmarkIngestDay is the in-cache figure.
//
// # Why examples/internal
//
// The suite lives under examples/internal so that it can use the
// generator examples/internal/callgen (an internal package of examples/),
// and so that it is no part of the library's API. It is not a library
// package: it reads runtime.MemStats to measure retained memory.
//
// # Running
//
// From the repository root: `examples/internal/perfsuite/run.sh` (COUNT
// runs of each benchmark, default 6; about 2.5 minutes, 2 min 18 s on the
// 2-core CI machine type at a load average of 1.5 to 3). The raw output
// goes to OUT (default $TMPDIR/perfsuite-bench.txt); benchstat, at a pinned
// version, prints the table with -col /impl; the ratio command prints each
// kpi figure's median as a multiple of its baseline's median. CI runs
// every benchmark once with -benchtime=1x. No test times anything: the
// tests check the suite's inputs and the promises that are not timings
// (percentile error, retained memory, counts equal to the baseline's, zero
// allocations).
package perfsuite
