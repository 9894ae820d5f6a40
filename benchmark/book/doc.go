// Package book is the whole daily computation as one library API: calls in,
// the daily figures, outages and a regulator's verdicts out.
//
//	b := book.New(book.Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(dubai)})
//	for i := range calls {
//		b.Add(&calls[i], int64(i)) // any order; i is the call's evidence ID
//	}
//	res, err := b.Close(time.Time{}, planned, monitoring)
//	for _, f := range res.Findings() { ... }
//
// It holds what every program built on the rule packages needs and would
// otherwise write again (the report command, a gateway's live page and a
// Beam pipeline all run on it):
//
//   - EndpointDay: every per-call accumulator one endpoint needs for one
//     local day (ER-1, VO-DAY-1, PF-AVG-1, PF-PAGE-1, PF-MB-1, PF-MAX-1,
//     PF-THR-1, PF-PCTL-1, PF-TPS-1 and Max PIPS on payment endpoints),
//     fed by one Add that checks the call once;
//   - Book: calls of any endpoints and days in any order, routed to their
//     endpoint-days under a benchmark.Profile and a kpi.Calendar, with the
//     compact record each call leaves for the availability rules; Merge
//     combines books from goroutines or machines;
//   - Book.Close: the availability rule of the profile (AV-CLOCK or
//     AV-CONSEC with every OPTION of Profile.Availability) over each
//     endpoint's calls in time order, downtime accounted per local day with
//     planned windows and monitoring outages (AV-WINDOW-1, AV-PLAN-1,
//     AV-MON-1, AV-SCOPE-1), and the Result: a Row per endpoint-day and per
//     day for the interface, the outages with their evidence
//     (AV-EVIDENCE-1), and the benchmark.Measurements the profile's targets
//     read (Result.Measurements, Result.Findings).
//
// A Result holds figures, and the evidence in the least memory that gives
// it back exactly: the outages packed (Result.Outages gives each as an
// availability.Outage), and no day's pieces. Result.Pieces derives a
// day's pieces when asked, from the outages and windows that touch it, as
// Close accounted the day. A log with one 5xx in a hundred calls opens an
// outage per hundred calls or so; held as values with every day's pieces,
// they were most of what a Result of 50,000,000 calls held.
//
// Every figure is computed by the package that owns its rule; this package
// only routes calls and assembles results, so each rule stays implemented
// once.
//
// # Why it lives here
//
// The daily computation needs every rule package and ends in
// benchmark.Measurements, so it imports them all and benchmark too. As a
// subpackage of benchmark it stays inside the library's top level,
// creates no import cycle (nothing it imports imports it), and keeps
// package benchmark itself free of calls: benchmark judges figures, book
// computes them.
//
// # Rules
//
// The rules are those of the packages it calls (see each package's
// documentation); what this package decides:
//
//   - DAY: a call belongs to the local day of its ReceivedAt in
//     Config.Calendar; an endpoint-day is keyed by the endpoint ID exactly
//     as written (byte for byte) and that day.
//   - Days covered: from the first call's day to the later of the last
//     call's day and the day of the instant 1 ns before asOf (so the
//     default asOf, the next local midnight after the last call, adds no
//     empty day). Rows: each day's endpoints in byte order that had calls
//     or downtime that day (the endpoints of the calls and those a window
//     names), then the interface row.
//   - AV-SCOPE-1: each endpoint is walked on its own calls; the interface's
//     downtime is the union of the endpoints' (availability.InterfaceDays).
//     The interface row's other figures are its endpoints' states merged
//     (ER-2 and PF-AVG-2: pooled sums, never means of rates).
//   - Evidence: the caller gives each call an int64 evidence ID; outages
//     name the calls that opened and closed them by it. Calls received at
//     the same instant are walked by ascending ID (then TTLB and status),
//     so the result never depends on the order of Add or Merge.
//   - Periods: a month, quarter or year is measured only when the days
//     covered include all of it (Result.Measurements).
//
// # Extras
//
// Config.Extras turns on, per endpoint-day, the figures of the regimes
// beyond the UAE and Bahrain: RG-P95-2 (performance.P95), RG-MEDIAN-1
// (performance.Medians), RG-MINUTE-1 (availability.MinuteDay), RG-TIER-1
// (performance.TierDay, each endpoint routed by benchmark.TierRoutes of
// the profile) and the status codes by authentication (volumes.Codes).
// ExtrasFor gives those a profile's targets read. They are off by
// default: a book without them costs what it did and gives the same rows.
// With them, Row.Figures carries their figures, Result.Measurements their
// KPIs (P95TTLBMs, MedianTTLBMs, MinuteAvailabilityPercent and
// LongMinuteAvailabilityPercent per endpoint, WorstHourWithinThresholdPercent
// per CDR tier group), and Row.State their states for the regulators'
// formats. The minute and hour slots are counted from the start of the
// call's local day in Config.Calendar (23 or 25 hours on daylight-saving
// days). An EndpointDay with extras has no binary encoding yet
// (ErrExtrasNotEncoded).
//
// # Options
//
// Config.Profile carries the availability rule and its OPTIONs
// (Profile.Availability); Config.Performance the Stats options. The
// error-rate OPTION (no-response in the numerator) and the performance
// bases are read from the states (Row.State) by callers who want them.
//
// # Units
//
// As the rule packages: percent as 99.5, milliseconds, seconds, calls,
// bytes, exact (kpi.Ratio, NoData where the rule says there is none).
// Field names carry their unit (Row.AvgTTLBMs, Row.DowntimeSeconds).
//
// # Bad input
//
// Book.Add refuses a call that fails kpi.Check (counted in Rejections by
// reason) and one whose ReceivedAt Unix nanoseconds cannot hold (years
// before 1678 or after 2262; counted in OutOfRange); Close reports both in
// the Result. Close refuses invalid availability options, an asOf
// before the last call, and a bounded book's late calls (ErrLate, see
// Memory). Merge refuses books of different configurations, and the
// merges of bounded books that cannot be exact (ErrBoundedMerge).
// Nothing is dropped silently, nothing panics.
//
// # Concurrency and allocation
//
// A Book or an EndpointDay is not safe for concurrent use: give each
// goroutine its own and Merge them (or Absorb them: the records move
// instead of being copied). Close may use several goroutines of its own
// (Book.SetWorkers; one by default): the endpoints' walks and the days'
// rows are independent, and the result is the same. EndpointDay.Add does
// not allocate in steady state (tested with testing.AllocsPerRun);
// Book.Add allocates only for a new endpoint or day and when a chunk of
// records fills (each new chunk holds a quarter of the endpoint's records
// so far, 64 to 8,192, after first chunks of 4, 8, 16 and 32 records: at
// most 40 bytes of chunk a record once an endpoint has 64 calls, 32 of
// them the record); a bounded book's Add allocates only while its buffer grows to
// the window (see Memory). Book.Add finds an endpoint given as the same string as before
// (an interned one) by the string's address, without hashing it or
// matching it against the catalogue. A Result is a plain value, safe to
// read from several goroutines.
//
// # Memory
//
// A Book keeps one 32-byte record per call until Close: the availability
// rules walk each endpoint's calls in time order, and calls may come in
// any order and from any number of books. Memory grows with the calls
// (32 MB per million, beside a few kilobytes per endpoint-day), not with
// the days: a quarter of a large bank's calls does not fit.
//
// Logs come nearly in time order, and that bounds what must be kept.
// Book.SetDisorder(d) sets a disorder bound: no call comes more than d
// after a call received later (a log written as requests end is out of
// order by its longest TTLB). A bounded book keeps its new records in one
// buffer; when the buffer has grown enough (4,096 records, or twice what
// it kept last time) it walks every record received more than d before
// the latest call seen through a streaming availability.Tracker per
// endpoint, keeps the outages they finish (packed), and drops those
// records. Each endpoint is walked on its own calls (AV-SCOPE-1), so the
// buffer is grouped by endpoint and each group sorted, and the groups are
// walked on the book's workers (SetWorkers); under
// Availability.InterfaceWide, whose one walk takes every call in one
// order, the buffer is sorted in that order and walked on one goroutine.
// A day no call can reach any more has its endpoint-days' per-second
// tables packed. Its memory is then the records of the last d (at most
// twice that, between walks), the trackers' open clocks, and the
// outages: it no longer grows with the calls. Close copies the trackers
// (availability.Tracker.Clone), walks the records still held and
// finishes at asOf, so the book can go on (its Result reads the outages
// the book holds, packed; a later Add or Close never changes it). The
// figures are those of a book without a bound: the walk order is the same.
//
// A call received at or before a call already walked cannot be placed
// any more (only a call later than the bound can be): the book counts it
// in every other figure, counts it as late (Late, with the smallest
// evidence ID of the late calls), and Close fails with ErrLate. The
// figures are never wrong: the caller reads its input again into a book
// without a bound (the report command does so, and says so in its input
// checks).
//
// The costs: on Add, a branch and a record appended to the buffer (no
// allocation once the buffer has grown to the window); per call walked,
// a share of a sort of nearly sorted records and the tracker's own cost;
// a second pass for input out of order beyond the bound. Merge is
// restricted: walks cannot be combined (AV-MERGE-1's Segment would need
// each book's calls cut into spans no other book's calls fall in), so a
// bounded book merges a book that has walked nothing (a book without a
// bound, or a bounded one still in its first window: its records join
// the buffer, as if added, and may be late), and a book that has walked
// calls merges only into an empty book; otherwise Merge and Absorb
// return ErrBoundedMerge and change nothing. A program reading one log
// on several goroutines reads consecutive pieces into books without a
// bound and absorbs them, in order, into one bounded book (the report
// command does, a few pieces at a time). A piece's reader that numbers
// its lines from 1, not knowing yet where the piece starts, can shift
// its book's evidence IDs by the lines before it (ShiftIDs) before it is
// absorbed, so the log is read once; IDs that need no shift are cheaper
// (the report command's count a piece's lines from its first byte
// offset, which grows with the lines as well). A bounded book with calls has
// no binary encoding (ErrBoundedEncoding), and its bound cannot be
// removed once it has walked calls (ErrBoundedWalked). Without
// SetDisorder a book behaves as it always did.
//
// # Encoding
//
// EndpointDay has MarshalBinary, AppendBinary and UnmarshalBinary in the
// library's versioned format (internal/wire), made of its accumulators'
// own encodings.
package book
