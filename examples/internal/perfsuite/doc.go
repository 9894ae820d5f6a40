// Package perfsuite is the benchmark suite of issue 8: what the library
// costs per call and per merge, as a ratio to a plain loop measured in the
// same run, on the same generated calls.
//
// # Families
//
// Every family is a Benchmark with two sub-benchmarks, impl=baseline and
// impl=kpi, so that `benchstat -col /impl` puts them side by side:
//
//   - BenchmarkIngest: the combined per-call ingest of one endpoint-day
//     scope: errorrate.Counter (ER-1), performance.Stats (PF-AVG-1 ...),
//     performance.Histogram (PF-PCTL-1), performance.Throughput (PF-TPS-1)
//     and volumes.Daily (VO-DAY-1), the day found with a kpi.DayCursor.
//     ns/op is per call.
//   - BenchmarkTracker: availability.Tracker (AV-CLOCK, one tracker per
//     endpoint) fed in ReceivedAt order. ns/op is per call.
//   - BenchmarkMerge: one Merge of two endpoint-day states (Counter, Stats,
//     Histogram, Daily), each a day of the busiest endpoint. ns/op is per
//     Merge. BenchmarkMergeThroughput is the same for the per-second
//     Throughput state, which the target leaves out.
//   - BenchmarkSegment: availability.Segment.Merge of the 24 hourly segments
//     of one endpoint-day (AV-MERGE-1). ns/op is per day (24 merges).
//   - BenchmarkMatch: kpi.Registry.Match of a concrete request
//     ("GET", "/accounts/a-123/balances") to its template. ns/op is per call.
//   - BenchmarkRetained (impl=kpi only): reports the retained memory of an
//     endpoint-day without throughput (B/endpoint-day, the mean over the
//     data's endpoint-days; B/busiest-endpoint-day) and of the per-second
//     throughput state (B/active-second); see Retained. Its ns/op
//     (building one endpoint-day) is not a target.
//   - The report pipeline (examples/report BenchmarkPipeline) has its own
//     impl=baseline: CSVBaseline, a hand-written parse of the same CSV into
//     Records followed by the plain loop.
//
// # Baseline
//
// The baseline is issue 8's yardstick, the same in every family: a plain Go
// loop over 48-byte Records (Baseline.Add) that adds a count, a TTLB sum,
// a TTLB max and a 5xx count into an array indexed by endpoint. Its ns/op
// is always per call, so in the per-call families the ratio is the
// library's cost in baseline calls, and in the per-merge families it reads
// "one merge costs as much as N calls of the plain loop".
//
// Both sides read the same calls (Generate: callgen.Bench with a fixed
// seed, about 40 endpoints, 97 % 2xx, 2 % 4xx, 1 % 5xx, log-normal TTLB
// around 120 ms with a tail to 5 s, a week in UTC), converted once,
// outside the timer, to []Record and []kpi.Call. The endpoint of each call
// is interned once (Data.EP) for both sides: the string-to-index cost is
// the Match family's.
//
// Per-call families cycle through the whole slice, one call per iteration;
// the slice (about 31 MB of kpi.Calls, 12.5 MB of Records) does not fit in
// the L2 cache, as a gateway's log would not. The kpi side warms its state
// with one pass outside the timer, so that the figure is the steady state
// of a day already under way (Throughput's table has grown).
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
// runs of each benchmark, default 6, about 4 minutes). The raw output goes
// to OUT (default $TMPDIR/perfsuite-bench.txt); benchstat, at a pinned
// version, prints the table with -col /impl; the ratio command prints each
// kpi figure's median as a multiple of its baseline's median. CI runs
// every benchmark once with -benchtime=1x. No test times anything: the
// tests check the suite's inputs and the promises that are not timings
// (percentile error, retained memory, counts equal to the baseline's, zero
// allocations).
package perfsuite
