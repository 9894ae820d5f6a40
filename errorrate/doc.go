// Package errorrate computes the API error rate (CBUAE Open Finance
// standards, section 3 "Error Rates"; CBB Open Banking operational
// guidelines, "Daily error response rate"): attributable 5xx responses over all requests
// received, in percent, per scope, pooled across scopes and days.
//
// Reach for a Counter: one per scope (an endpoint-day, an interface-day, a
// month), Add every call of that scope, Merge counters to widen the scope,
// and read RatePercent. Reference is the obvious batch version over a
// slice; tests prove the two agree on any input, split and merge order.
//
// # Rules
//
// ER-1 (daily rate; CBUAE section 3 and CBB): per endpoint and day, rate =
// 100 × Errors / Requests, where Requests is every valid call received (2xx,
// 3xx, 4xx, 5xx and no response; attributable or not) and Errors is the
// attributable 5xx responses (DEFAULT). OPTION Options.CountNoResponse adds
// the attributable calls that got no response to Errors
// (Counter.RatePercent).
//
// ER-2 (aggregates): across endpoints or over a period the rate is pooled,
// the sum of numerators over the sum of denominators (Counter.Merge then
// RatePercent, or PooledRatePercent). The mean of daily rates is a
// different figure with its own name, MeanOfDailyRatesPercent.
//
// ER-3 (empty): a scope with no requests has no data (kpi.NoData), never
// 0 %.
//
// # Options
//
// Options is a value; its zero value is the rulebook's DEFAULT reading.
//
//	CountNoResponse  ER-1 OPTION. false (DEFAULT): the numerator is the
//	                 attributable 5xx responses ("the total number of all
//	                 5xx HTTP status codes", CBUAE §3 and CBB). true: it
//	                 also counts attributable calls that got no response
//	                 (status 0: timeout, reset, the gateway gave up), which
//	                 the CBUAE's "errors attributable to the LFI" arguably
//	                 includes. On calls {200, 500, 0, 404} the default
//	                 gives 1/4 = 25 % and the option 2/4 = 50 %.
//
// Options apply when a Counter is read, not when calls are added, so one
// Counter answers both readings and a report can show them side by side.
//
// Decisions where the rulebook is silent, as a bank engineer holding the
// regulator's text would expect:
//
//   - The denominator is every request received: 4xx, no-response and
//     non-attributable calls included ("the total number of TPP API
//     requests received"). Attribution only removes a call from the
//     numerator. NotAttributableErrors says how many errors attribution
//     removed, so that a report can show it.
//   - With CountNoResponse, a non-attributable status 0 stays out of the
//     numerator, as a non-attributable 5xx does (ER-1 says "attributable").
//   - The business Rejected flag and the durations play no part: a 5xx is
//     an error however fast, and a status 0 is a no-response however long
//     the gateway waited.
//   - MeanOfDailyRatesPercent gives every day with data the same weight,
//     whatever its traffic, and skips (nil) days and days with no requests
//     (no data is not 0 %, ER-3), including a day whose calls were all bad
//     input. It is NoData when no day has data. Which days are in the
//     slice is the caller's choice: a day with no traffic does not drag
//     the mean down, because it is not a 0 % day.
//
// # Units
//
// Rates are percent (0 to 100) as an exact kpi.Ratio built at read time
// from the integer counts: 1 error in 3 requests is exactly 100/3, which
// Format(3) presents as "33.333" and which compares exactly against a
// benchmark such as 0.5 %. Counts are uint64: a quarter of 10^9 calls a
// day is about 9.2 × 10^10, eight orders of magnitude below overflow, and
// the multiplication by 100 happens in big.Int when the Ratio is built.
//
// # Days and time zones
//
// A Counter does not know about days: it is the state of whatever scope
// the caller routes calls into. ER-1 is per local day [00:00, 24:00) in
// the reporting location, so route each call by kpi.Calendar.DateOf of
// its ReceivedAt (a kpi.DayCursor does it without allocating), one Counter
// per endpoint-day. ReferenceDaily and ReferenceMeanOfDailyRates show the
// routing in full. A 23- or 25-hour daylight-saving day needs nothing
// special: a rate is a ratio of counts, and the day's length does not
// enter it.
//
// # Bad input
//
// Counter.Add checks each call with kpi.Check. A bad call (zero
// ReceivedAt, empty endpoint, status outside 0 and 200-599, negative or
// inconsistent durations or sizes) is counted nowhere but in Rejections(),
// by reason, and Add returns the kpi.Reason as its error; it is in neither
// numerator nor denominator. A nil *kpi.Call is rejected as
// kpi.ZeroReceivedAt (it has no ReceivedAt). Reference and the other
// reference functions use kpi.ValidCalls: they return the result over the
// good calls beside an *kpi.InputError naming every bad one.
//
// Where a catalogue of endpoints is in force, the code that routes calls
// to per-endpoint Counters checks them with kpi.Registry.Check and counts
// kpi.UnknownEndpoint in its own kpi.Rejections[kpi.Reason]: a call for an unknown
// endpoint has no endpoint scope to be counted in.
//
// # Concurrency and allocation
//
// A Counter is not safe for concurrent use: give each goroutine (or
// machine, or day) its own and Merge them; Merge is exact, associative
// and commutative, and the zero Counter is its identity. Add, Merge and
// Reset do not allocate (tested with testing.AllocsPerRun). Reading a
// rate allocates the kpi.Ratio; read once per scope, not per call.
// Options and kpi.Ratio are values, safe for concurrent use.
//
// A gateway that feeds each call to several accumulators checks it once
// with kpi.Check, counts a bad call in its own kpi.Rejections[kpi.Reason], and hands a
// good one to Counter.AddChecked(c, c.Class()) (and to the AddChecked of
// volumes.Counter and of the performance types): the Counter is then the
// one Add builds, bad calls aside. The package doc of performance shows
// the loop and its measurements.
//
// # Encoding
//
// Counter implements encoding.BinaryMarshaler, encoding.BinaryAppender and
// encoding.BinaryUnmarshaler with the library's shared format
// (internal/wire): versioned (magic 'K', wire.KindErrorCounter, version
// 1), portable (unsigned varints, nothing machine-dependent), and
// complete: Calls, the four error counts (attributable or not, 5xx or
// no response) and the rejections by reason. Options are not encoded:
// they apply when reading, so one decoded Counter serves both readings.
// UnmarshalBinary decodes into a fresh value and assigns it only on
// success; error counts that add up to more than Calls fail with
// wire.ErrInvalid.
package errorrate
