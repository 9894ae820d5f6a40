// Package live keeps today's KPIs of a running gateway: a measure.Recorder
// that records every call into sharded accumulators of the library and
// merges them when someone reads (Store.Snapshot).
//
// # Rules
//
// Per endpoint and for the interface, for the local day of each call:
//
//	AV-CLOCK / AV-CONSEC, AV-PCT-1, AV-SCOPE-1   UptimePercent (availability.Reference on read)
//	ER-1, ER-2, ER-3                             ErrorRatePercent (errorrate.Counter)
//	PF-AVG-1, PF-AVG-2, PF-PAGE-1, PF-MAX-1      AvgTTLBMs, MaxTTLBMs, group per-page averages (performance.Stats)
//	PF-PCTL-1                                    P95TTLB (performance.Histogram, within 1/128)
//	PF-TPS-1                                     PeakTPS (performance.Throughput)
//	BM-2                                         Findings (benchmark.Evaluate on the Config's Profile)
//
// # Options
//
// Config carries the rule options (availability.Options, errorrate.Options,
// performance.Options) and the benchmark.Profile; the gateway sets them from
// the profile (CBUAE: AV-CLOCK with the fixed 86,400 s day). Their meaning and
// their tests are those of the library packages.
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
// # Availability on read
//
// availability.Tracker needs each endpoint's calls in ReceivedAt order, and
// concurrent requests complete out of order. Rather than a reorder buffer
// released by a watermark (which needs a bound on how long a request may
// take, and loses exactness past it), each shard appends a 24-byte record per
// call (ReceivedAt, TTLB, endpoint, status, attribution), and Snapshot runs
// availability.Reference over the day's records: exact whatever the order.
// The cost: 24 bytes of memory per call of today and yesterday (10^6 calls a
// day: about 48 MB), and each read sorts and walks the day (10^6 calls: a few
// hundred ms and about 100 MB of transient kpi.Calls). For larger volumes,
// summarise closed hours into availability.Segments (AV-MERGE-1) and keep
// records only for the open hour.
//
// # Bad input
//
// Nothing is dropped silently: a Sample that matched no template is counted
// as kpi.UnknownEndpoint; one that fails kpi.Check (a final 1xx status, say)
// under its reason; a hijacked connection in Hijacked; a call for a day no
// longer kept in Late. Snapshot reports all four.
//
// # Concurrency and allocation
//
// Store is safe for concurrent use. Record picks a shard round robin with
// one atomic add and locks that shard's mutex; with 4 × GOMAXPROCS shards two
// requests rarely meet on one (there is no global lock on the hot path).
// Record does not allocate in steady state: an endpoint's accumulators are
// allocated on its first call in a shard, and the record slice and the
// throughput table grow by doubling and keep their capacity across days.
// Snapshot allocates (it merges into fresh accumulators and builds Ratios).
package live
