// Package performance computes the open-finance performance KPIs (the
// PF-* rules, and the other regimes' RG-HOURLY-1, RG-P95-1, RG-P95-2,
// RG-MEDIAN-1 and RG-TIER-1 figures) exactly: average TTLB and
// TTFB, group averages, time per page and per MB, maximum TTLB, the share
// within a threshold (daily or per clock hour), percentiles, peak and
// average TPS, Max PIPS and payment execution times.
//
// Each rule has a streaming accumulator and a batch reference written for
// obviousness; the tests prove they agree on any input, any split and any
// merge order:
//
//	accumulator            reference                   rules
//	Stats                  Reference                   PF-AVG-1, PF-PAGE-1, PF-MB-1, PF-MAX-1, PF-THR-1
//	PooledAvgTTLBMs, Pool    ReferencePooledAvgTTLBMs    PF-AVG-2
//	Stats per hour         (Stats of the hour's calls) RG-HOURLY-1
//	Histogram              ExactQuantile               PF-PCTL-1, RG-P95-1
//	Throughput             ReferenceThroughput         PF-TPS-1 (peak and average TPS)
//	PIPS                   ReferencePIPS               PF-TPS-1 (Max PIPS)
//	Execution              ReferenceExecution          PF-EXEC-1
//	P95 (on Ranks)         ReferenceP95                RG-P95-2
//	Medians (on Ranks)     ReferenceMedians            RG-MEDIAN-1
//	TierDay                ReferenceTiers              RG-TIER-1 (with RG-HOURLY-1's hour slots)
//
// # Rules
//
// PF-AVG-1 (average; CBUAE Open Finance standards section 4 "API
// Performance", "Avg = T / V", and the CBB operational guidelines' mean
// TTLB): per endpoint and day, V = the calls that got a response (Status
// != 0), T = the sum of their TTLB, and the average TTLB = T / V in ms
// (Stats.AvgTTLBMs). The average TTFB is the same over the calls with a
// known TTFB (Stats.AvgTTFBMs). A no-response call's TTLB (how long until
// the gateway gave up) is not in T. DEFAULT: V is every responded call
// (Basis Responded); OPTION Options.Basis Only2xx takes V over 2xx only.
//
// PF-AVG-2 (groups): a group's average (for instance every service
// initiation endpoint except file and bulk payments) is ΣT / ΣV over the
// group, never the mean of its endpoints' averages (PooledAvgTTLBMs, or a
// Pool, then read).
//
// PF-PAGE-1 (per page): a response of R records counts as ceil(R / P)
// pages, P = 100 by default (Options.PageSize), and an unknown R (0) as
// one page; the average per page = T / Σ pages (AvgTTLBPerPageMs).
//
// PF-MB-1 (per MB, CBB): time per MB = T in ms / (Σ ResponseBytes / 10^6)
// (MsPerMB); zero bytes give no data. DEFAULT MB of 10^6 bytes; OPTION
// Options.ByteUnit MiB divides by 2^20.
//
// PF-MAX-1: the maximum TTLB of an endpoint's responded calls in a day
// (MaxTTLB); the CBB sets a 500 ms maximum for Confirmation of Funds.
//
// PF-PCTL-1: p50, p90, p95 and p99 of the TTLB from a mergeable
// log-linear Histogram whose relative error is at most 1/128 (the proof is
// on Histogram, and tests check it), or exactly from ExactQuantile
// (nearest rank: the value of rank ceil(q·n)).
//
// PF-THR-1 (within threshold, as Australia's CDR measures): the share of
// responded calls whose TTLB is at most Options.Threshold
// (WithinThresholdPercent; threshold 0 means not measured).
//
// PF-TPS-1 (throughput): per second of ReceivedAt, the peak calls in one
// second, and the average TPS = V / day length in seconds (Throughput).
// Max PIPS is the most successful payment-order POSTs in one second, a
// whole number (PIPS). DEFAULT: a success is any 2xx (Any2xx); OPTION
// PIPSOptions.Success CBBStrict counts only 200, 201 and 204, as CBB
// field 1.7 and sheet 5 name them.
//
// PF-EXEC-1 (payment execution, CBUAE section 5): from payment records
// (accepted instant, executed instant), the execution time of each
// payment, the share within ExecutionOptions.Limit (DEFAULT 3 s,
// inclusive), the average and the maximum (Execution).
//
// RG-HOURLY-1 (hourly, Australia's CDR): the within-threshold share of
// PF-THR-1 per clock hour, from one Stats per endpoint-hour
// (kpi.Calendar's HourOf, HoursIn, HourSpan): the same mergeable state as
// the daily figures, so the
// hours Merge into the day exactly.
//
// RG-P95-1: a daily 95th percentile per endpoint, with the Histogram's
// stated error bound, or exact (ExactQuantile, or RG-P95-2) where the
// caller asks for exact.
//
// RG-P95-2 (exact nearest rank, Open Finance Brasil monitoring): per
// endpoint-day, sort the n response times; k = round(0.95·n), half away
// from zero, clamped to [1, n]; p95 is the k-th smallest (P95, P95Rank).
// Calls answered 423, 429 or 529 are left out (P95Excluded, counted in
// P95.Excluded); every other status counts, a no-response call with its
// TTLB. The answer is always one of the times added: no interpolation, no
// bucket bound. n = 30 gives 28.5, rounded to 29. DEFAULT: the TTLB
// (MeasureTTLB); OPTION P95Options.Measure MeasureTTFB uses the time to
// the first byte, nearer Brazil's processTimespan.
//
// RG-MEDIAN-1 (UK Open Banking MI): per endpoint-day the lower median, the
// ceil(n/2)-th smallest (LowerMedianRank), of the TTLB, the TTFB and the
// response payload size, exact (Medians).
//
// RG-TIER-1 (performance tiers, Australia's CDR): each call belongs to one
// tier by its endpoint (TierRoute) and by whether the customer was present
// (the request carried x-fapi-customer-ip-address: kpi.Call.CustomerPresent);
// each tier has a threshold (TierThreshold: unauthenticated 1500 ms, high
// priority 1000 ms, low priority 1500 ms, unattended 4000 ms, large
// payload 6000 ms). Per tier and clock hour TierDay gives the invocations
// and the share within the tier's threshold; per tier and day the average
// response over the calls with a response. Calls rejected for traffic
// thresholds (kpi.Call.TrafficRejected) are left out of the share and kept
// in the average (tier.go states the remaining decisions). Which endpoint
// is in which tier, and the targets, are the CDR profile's (package
// benchmark); its availability is per calendar month with planned outages
// excluded (RG-PLANNED-1, package availability).
//
// Both rank rules keep a Ranks: a count per distinct value, so that any
// rank is exact. Its memory is per distinct value, 21 to 43 bytes each,
// not per call: a millisecond-resolution log bounds it by the slowest
// call in ms (a 60 s timeout: at most 60,001 values), and a simulated
// realistic day holds 1,521 (32,816 bytes; see Ranks, Memory).
//
// # Options
//
// The rules above name these OPTIONS; each has a DEFAULT and a test on one input
// where the two readings differ:
//
//   - PF-AVG-1 V over 2xx only: Basis Only2xx (DEFAULT Responded). A
//     reading-time option: a Stats keeps the sums of both populations.
//   - PF-MB-1 MiB: ByteUnit MiB (DEFAULT MB, 10^6 bytes). Reading time.
//   - PF-TPS-1 Max PIPS successes: PIPSOptions.Success CBBStrict (200,
//     201, 204, CBB 1.7; DEFAULT Any2xx). Fixed when the PIPS is made.
//   - RG-P95-2 response time: P95Options.Measure MeasureTTFB (the time to
//     the first byte, nearer Brazil's processTimespan; calls with an
//     unknown TTFB are counted apart) (DEFAULT MeasureTTLB). Fixed when
//     the P95 is made; Merge refuses different ones.
//
// Parameters (not readings of the texts, but values each regime sets):
// Options.PageSize (P, default 100), Options.Threshold (PF-THR-1; 0 = not
// measured), ExecutionOptions.Limit (default 3 s). They decide what is
// counted as calls arrive, so they are fixed when the accumulator is made,
// and Merge refuses (kpi.ErrOptionsDiffer) to add states made with different
// ones, unless one side is empty.
//
// Decisions where the rules are silent:
//
//   - PF-THR-1 counts over V (responded calls, or 2xx under Only2xx), the
//     population of the averages: a no-response call is not within and not
//     in the denominator (availability and error rate account for it). The
//     strict all-calls share is within / Calls(). "Within" is inclusive
//     (TTLB <= threshold).
//   - PF-MB-1 divides T of the responded calls by the bytes of every call
//     (CBB 1.13 totals the payload of "the Total Number of API calls");
//     no-response calls usually carry 0 bytes.
//   - PF-TPS-1's peak counts every call received, any class, no-response
//     included (the rule says "peak calls per second"), while its average
//     is the rule's V / day length with V of PF-AVG-1 (AvgTPS). AvgReceivedTPS
//     is the average of the calls the peak counts, for a load comparison.
//     An empty day is 0 TPS, not NoData.
//   - PF-TPS-1 seconds are whole Unix seconds of ReceivedAt
//     (time.Time.Unix), identical in every time zone.
//   - Max PIPS is NoData (false) when no payment-order call was given, as
//     CBB 1.7 reports NULL for AIS endpoints; 0 when some were and none
//     succeeded.
//   - PF-EXEC-1 "within 3 s" is inclusive (<= 3 s).
//   - Histogram answers rank 1 and rank n with the exact min and max.
//   - RG-P95-2 counts a no-response call (Status 0) with its TTLB, as the
//     rule leaves out only 423, 429 and 529; it does not drop zero times
//     (Brazil's queries keep processTimespan > 0 only: a caller who wants
//     that filters first).
//   - RG-MEDIAN-1 is over the responded calls (PF-AVG-1's V): a call with
//     no response has no response time or payload (counted in
//     Medians.NoResponse); the TTFB median is over the known TTFBs.
//
// # Units
//
// Durations are integer nanoseconds inside and time.Duration at the
// boundary; results are kpi.Ratio, exact, in the unit their name says: Ms
// (milliseconds, ns / 10^6 exactly), Percent (0-100), MsPerMB, TPS (calls
// per second). Counts are uint64. T, TTFB, bytes and page sums are 128-bit
// (internal/u128): a quarter of 10^9 calls a day at 120 ms is 1.1e19 ns,
// past int64, and does not overflow.
//
// # Days and time zones
//
// The accumulators hold no calendar: the caller routes each call to the
// Stats of its endpoint and local day (kpi.Calendar.DateOf of ReceivedAt),
// or of its endpoint-hour (kpi.Calendar.HourOf). Hour slots count whole hours from the
// local day's start, so a 25-hour daylight-saving day has 25 and a 23-hour
// day 23 (kpi.Calendar.HoursIn). Throughput and PIPS key on Unix seconds, which need no
// zone; AvgTPS takes the day length (kpi.Calendar.Length: 23, 24 or 25 h)
// from the caller. Payments belong to the day the caller chooses (that of
// Accepted is natural).
//
// # Bad input
//
// Add(c *kpi.Call) validates with kpi.Check. A bad call is not counted:
// Add returns its kpi.Reason (returning it does not allocate) and counts
// it in Rejections(). Reference functions use kpi.ValidCalls and return
// their figures over the good calls with the *kpi.InputError that lists
// the bad ones. Where a catalogue is in force, check the endpoint with
// kpi.Registry.Check before routing the call. Histogram.Add refuses a
// negative duration (kpi.NegativeTTLB). Throughput and PIPS refuse a
// ReceivedAt outside the years 882 to 3058 (ErrOutOfRange, counted in
// OutOfRange). The AddChecked methods leave kpi.Check to the caller (see
// Concurrency and allocation), who counts the bad calls; yet no
// AddChecked call can corrupt a state: each refuses, in one predictable
// branch, a class k that names none (k >= kpi.ClassInvalid, counted in
// its Rejected as kpi.BadStatus) and a bad value among those it sums
// (Stats: TTLB, TTFB, ResponseBytes; Histogram: TTLB), counted as
// kpi.Check's Reason for it (TestPropAddCheckedNeverCorrupts). Execution.Add refuses
// payments per CheckPayment (zero instants, Executed before Accepted) and
// counts them by PaymentReason. Nothing is dropped silently and nothing
// panics (a nil *kpi.Call is a programming error, not input).
//
// # Concurrency and allocation
//
// No type is safe for concurrent use: give each goroutine (or machine, or
// hour) its own accumulator and Merge them; Merge is exact, associative
// and commutative, has the empty value as identity, and leaves its
// argument unchanged. The package keeps no state of its own and never
// reads the clock: time is always an argument. Readings allocate only the
// Ratio they return.
//
// Stats and Execution are small values without pointers (a Stats is 328
// bytes, 128 of them its kpi.Rejections): Add, Merge and Reset never allocate, and a copy is independent.
//
// A Histogram keeps its 2,241 buckets in pages of 64 counters (512 bytes),
// one per power of two, allocated the first time a value of that power of
// two arrives, behind a table of page pointers and rejection counts (416
// bytes) made at the second value: a Histogram of one value is its
// 32-byte header alone. Copying a Histogram by assignment SHARES its
// table and pages (an Add into the copy changes the original): copy with
// Clone and compare with Equal. Add allocates at most 37 times in a
// Histogram's life (a realistic endpoint-day, TTLB around 120 ms with a
// tail to 5 s, touches 10 pages, 5,568 bytes, or 11, 6,080 bytes, with a
// value under 8.4 ms; the worst case is 18,880 bytes). Merge allocates the
// table when the receiver needs one and has none, and one page for each
// power of two its argument has and the receiver lacks: nothing once the
// receiver has the argument's pages (a receiver reused day after day, or
// Reset), one per page when it is fresh. Reset keeps the table and pages.
//
// Throughput and PIPS keep a table of one 4-byte entry per second with
// traffic (seconds of a 36.4-hour block share a base; a packed
// second-of-block and count per entry). While they ingest, the table also
// holds append's growth slack and, with late calls, an unsorted tail
// (4.74 bytes per active second for a day in time order, 6.07 with ten
// calls a second each up to 3 s late); Compact, at day close, clips it to
// exactly 4 bytes per active second plus a fixed 192 (PIPS 200) + 32 per
// block. Add does not allocate once the table has grown, Reset keeps its
// capacity, and their reading methods (and AppendBinary) may sort the
// table in place, so even reads must not be concurrent; copy them with
// Clone. RetainedBytes reports the memory of a Histogram, Throughput or
// PIPS.
//
// The combined ingest. Each accumulator's Add runs kpi.Check on its own.
// A gateway that feeds one call to several accumulators (errorrate.Counter,
// volumes.Counter, Stats, Histogram, Throughput, PIPS) checks it once,
// counts a bad call in its own kpi.Rejections[kpi.Reason], and hands a good one with
// its class to each AddChecked:
//
//	if r := kpi.Check(c); r != kpi.OK {
//		rejected.Add(r) // the caller's kpi.Rejections[kpi.Reason]: nothing dropped silently
//		continue
//	}
//	k := c.Class()
//	ctr.AddChecked(c, k)   // errorrate.Counter
//	daily.AddChecked(c, k) // volumes.Counter
//	st.AddChecked(c, k)
//	h.AddChecked(c, k, performance.Responded)
//	_ = tp.AddChecked(c, k) // ErrOutOfRange is still counted in OutOfRange
//
// The states equal those the Adds build, bad calls aside
// (TestPropAddCheckedEqualsAdd). Measured on a realistic day held in
// cache (CPU time per call on a shared 2-core AMD EPYC, median of 5 or 6,
// with the benchmark that is now examples/internal/perfsuite's
// BenchmarkIngestDay): about 13.6 ns a call for the five accumulators,
// against 28 ns through the five Adds and 1.6 to 1.8 ns for the
// baseline loop (perfsuite's csvbaseline); about 5 ns of it are kpi.Check, Class and reading the
// 104-byte kpi.Call itself. The AddChecked guards (Bad input) cost about
// 0.8 ns of it (12.8 to 13.6 ns, same run), nearly all in Stats' check of
// TTLB, TTFB and bytes; Histogram's rides in the branch that skips
// no-response calls. Merging two endpoint-day states (Counter, Daily,
// Stats, Histogram) takes about 0.2 us and allocates nothing once the
// receiving Histogram has the argument's pages (the perfsuite's
// BenchmarkMerge; a fresh receiver allocates its pages once, see
// Histogram.Merge). The README's Performance section has the current
// figures.
//
// # Encoding
//
// Stats, Histogram, Throughput, PIPS and Execution implement
// encoding.BinaryMarshaler, encoding.BinaryAppender and
// encoding.BinaryUnmarshaler with the library's shared format
// (internal/wire): versioned (a header of magic 'K', the kind —
// wire.KindStats, KindHistogram, KindThroughput, KindPIPS, KindExecution —
// and version 1), portable (varints, nothing machine-dependent), and
// complete: every count and sum, the options that decide what Add counts
// (Options, PIPSOptions, ExecutionOptions: so a decoded state merges, or
// refuses to merge with kpi.ErrOptionsDiffer, exactly as the original), and
// the rejections by reason. A Histogram keeps only its non-empty buckets;
// a per-second table its entries in canonical order (compacting the
// table first, as a reading does). Decoding reads into a fresh value and
// assigns the receiver only on success; a state that no sequence of Add
// and Merge makes (counts that do not add up, an average above the
// maximum, a table out of order, options not in canonical form) fails
// with wire.ErrInvalid, so a decoded value never makes a later method
// panic or lie. An encoder's output decodes and re-encodes to identical
// bytes (other inputs may decode too: a varint need not be minimal).
// RG-HOURLY-1's per-hour state is a Stats per endpoint-hour and encodes
// as one.
package performance
