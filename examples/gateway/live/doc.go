// Package live keeps today's KPIs of a running gateway: a measure.Recorder
// that records every call into sharded accumulators of the library and
// merges them when someone reads (Store.Snapshot).
//
// # Rules
//
// Per endpoint and for the interface, for the local day of each call:
//
//	AV-CLOCK / AV-CONSEC, AV-PCT-1, AV-SCOPE-1   UptimePercent (book.Book.Close on read)
//	ER-1, ER-2, ER-3                             ErrorRatePercent (errorrate.Counter)
//	PF-AVG-1, PF-AVG-2, PF-PAGE-1, PF-MAX-1      AvgTTLBMs, MaxTTLBMs, group per-page averages (performance.Stats;
//	                                             Call.Records from measure.Options.Records, 0 = one page)
//	PF-PCTL-1                                    P95TTLB (performance.Histogram, within 1/128)
//	PF-TPS-1                                     PeakTPS (performance.Throughput)
//	BM-2                                         Findings (benchmark.Evaluate on the Config's Profile)
//
// # Options
//
// Config carries the benchmark.Profile, whose Availability are the
// availability rule and OPTIONs (CBUAE: AV-CLOCK with the fixed 86,400 s
// day), and the performance.Options. Every figure is read from the closed
// book (book.Result), as the report command reads its own: their meaning
// and their tests are those of the library packages.
//
// # Units
//
// Percent and milliseconds as exact kpi.Ratio; P95TTLB a time.Duration (an
// estimate, see performance.Histogram); PeakTPS calls in one second.
//
// # Days and time zones
//
// A call belongs to the local day (Config.Calendar) of its ReceivedAt. Each
// shard keeps two days, today and yesterday, in two slots chosen by the
// parity of the date: the first call of a new day resets the slot of the
// day before yesterday (Reset keeps capacity), so yesterday stays readable
// (SnapshotDay) until the next midnight, and a request received at 23:59:59.9
// that completes after midnight is still counted in its own day. A call for a
// day older than that is counted in Late and nowhere else. Today's uptime
// divides today's downtime so far by the whole day's length: the rest of the
// day counts as up until it has happened, and an outage still running runs
// to the instant of the read (AV-CLOCK-3, Figures.Down).
//
// Downtime crosses midnight even though calls do not: a 503 at 23:59:50 and
// the next success at 00:20 make today down from 00:00 to 00:20 (AV-CLOCK-1,
// AV-WINDOW-1), and a call received at 23:59:59.9 that fails at 00:00:00.4
// (AV-CLOCK-2's logged instant) puts today down from 00:00:00.4. So the
// availability of a day is derived from its records together with the day
// before's and the day after's, as far as the Store still holds them
// (see Store.SnapshotDay), and availability.Days clips it to the day. Today
// sees yesterday whole; yesterday's view cannot see the day before it,
// whose slot today reuses.
//
// # Availability on read
//
// Each shard keeps a book.Book (benchmark/book) per day: the library's
// endpoint-day accumulators and, per call, the 32-byte record the
// availability rules need (ReceivedAt, TTLB, status, attribution, evidence
// ID). availability needs each endpoint's calls in ReceivedAt order, and
// concurrent requests complete out of order; rather than a reorder buffer
// released by a watermark (which needs a bound on how long a request may
// take, and loses exactness past it), Snapshot merges the shards' books of
// the day and of the kept days beside it and closes the merged book, which
// sorts each endpoint's records: exact whatever the order. The cost: 32
// bytes of memory per call of today and yesterday (10^6 calls a day: about
// 64 MB), and each read of today copies, sorts and walks the records of
// today and yesterday. For larger volumes, summarise closed hours into
// availability.Segments (AV-MERGE-1) and keep records only for the open
// hour.
//
// # Bad input
//
// Nothing is dropped silently: a Sample that matched no template of the
// catalogue is outside the API (Rule EP-1) and counted in Outside, apart
// from every figure and from the rejections; one that fails kpi.Check (a final 1xx status, say)
// under its reason, in its day; one with no day at all (a zero ReceivedAt,
// which the middleware never sends) under kpi.ZeroReceivedAt in Undated; a
// hijacked connection in Hijacked; a call for a day no longer kept in Late.
// Snapshot reports all five.
//
// # Concurrency and allocation
//
// Store is safe for concurrent use. Record picks a shard at random with
// math/rand/v2's rand.Uint32 (the runtime's per-thread generator: no memory
// written by every request, unlike a shared round-robin counter) and locks
// that shard's mutex; with 4 × GOMAXPROCS shards two requests rarely meet on
// one (there is no global lock on the hot path).
// Record does not allocate in steady state: an endpoint-day's accumulators
// are allocated on its first call in a shard, availability records fill
// chunks that grow fourfold up to 8,192 records, and the throughput table
// grows by doubling.
// Snapshot allocates (it merges into fresh accumulators and builds Ratios).
package live
