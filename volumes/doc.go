// Package volumes counts API call volumes: the daily volumes of VO-DAY-1
// (CBB reporting template, sheet 5) and the row shape of sheet 5
// (RP-CBB-1). The monthly rules (VO-USER-1, VO-TPP-1, VO-ADOPT-1,
// VO-GOV-1, and sheets 3 and 4) are in package volumes/monthly.
//
// Reach for a Counter: one per endpoint-day, Add every call of that scope,
// Merge to widen it, read Figures, and turn the Figures into a
// CBBDailyVolumeRow for the report. Reference is the obvious batch version
// over a slice; tests prove the two agree on any input, split and merge
// order.
//
// # Rules
//
// VO-DAY-1 (daily volumes, CBB sheet 5, fields 5.4 to 5.7): per endpoint
// and day, by the class of the final HTTP status: Successful (2xx),
// Redirects (3xx), FailedBusiness (4xx), FailedTechnical (5xx and no
// response, split into Status5xx and NoResponse), and Calls = the sum of
// those classes; Rejected counts the calls flagged kpi.Call.Rejected
// across the classes, so Rejected <= Calls (Counter, Figures). No OPTION: see
// # Options for why.
//
// RP-CBB-1 (report rows), sheet 5: rows shaped like the CBB reporting
// template, with its column names (ReportDate, Entity Name, Endpoint ID,
// successful, failed business, failed technical and rejected calls;
// CBBDailyVolumeRow). The package builds the rows; writing them is the
// caller's.
//
// # Options
//
// VO-DAY-1 has no option, and this package adds none. Decisions where the
// rulebook or the regulator's text leave room:
//
//   - Successful is every 2xx (VO-DAY-1, DEFAULT), although CBB 5.4
//     names "200, 201 or 204 codes". No option selects the strict codes:
//     the Bahrain standard's endpoints answer 200, 201 or 204 "depending
//     on the HTTP method", so the readings differ only on statuses the
//     standard does not produce; and the strict reading would leave a 202
//     or 206 in no column of sheet 5, breaking Calls = sum of the classes.
//     Instead Figures.SuccessfulOther2xx says how many of the Successful
//     calls had another 2xx: when it is 0 the two readings agree, and
//     when it is not, a report can show it (and a caller who must file
//     the strict figure files Successful - SuccessfulOther2xx).
//   - FailedTechnical is 5xx and no response (status 0), as VO-DAY-1 says;
//     CBB 5.6 names "5xx codes" and "500 Internal Server Error", and a
//     call that got no response failed for technical reasons just as
//     much. Status5xx and NoResponse give the two parts.
//   - Attribution plays no part: a non-attributable 5xx is still a
//     technical failure in the count (it is the error rate, not the
//     volume, that attribution qualifies).
//   - Redirects (3xx, how an authorisation endpoint succeeds) are counted
//     and in Calls, but sheet 5 has no column for them: a CBB row's four
//     counts need not add up to Calls.
//   - Durations, sizes and the TPP play no part in a count.
//
// # Units
//
// Every VO-DAY-1 figure is a count of calls, a uint64: a quarter of 10^9
// calls a day is about 9.2 × 10^10, eight orders of magnitude below
// overflow.
//
// # Days and time zones
//
// A Counter does not know about days: it is the state of whatever scope the
// caller routes calls into. VO-DAY-1 is per local day [00:00, 24:00) in the
// reporting location (the CBB's "each calendar day"), so route each call
// by kpi.Calendar.DateOf of its ReceivedAt (a kpi.DayCursor does it
// without allocating), one Counter per endpoint-day. ReferenceDaily shows
// the routing in full, and CBBDailyVolumeRows turns its result into sheet-5
// rows. A 23- or 25-hour daylight-saving day needs nothing special: its
// calls are simply counted.
//
// # Bad input
//
// Counter.Add checks each call with kpi.Check. A bad call (zero ReceivedAt,
// empty endpoint, status outside 0 and 200-599, negative or inconsistent
// durations or sizes) is in no count: Add returns the kpi.Reason as its
// error and counts it in Rejections(), by reason. A nil *kpi.Call is
// rejected as kpi.ZeroReceivedAt. Note the two meanings of "rejected":
// Counter.Rejections() is bad input refused by the library (kpi's BAD INPUT);
// Figures.Rejected is the business rejection flag of good calls (CBB 5.7).
// Reference and ReferenceDaily use kpi.ValidCalls: they return the counts
// of the good calls beside an *kpi.InputError naming every bad one.
//
// Where a catalogue of endpoints is in force (CBB 5.3: only endpoints of
// the template's list), the code that routes calls to per-endpoint Counters
// checks them with kpi.Registry.Check and counts kpi.UnknownEndpoint in its
// own kpi.Rejections[kpi.Reason]: a call for an unknown endpoint has no row to be
// counted in.
//
// # Concurrency and allocation
//
// A Counter is not safe for concurrent use: give each goroutine (or machine)
// its own and Merge them; Merge is exact, associative and commutative, and
// the zero Counter is its identity. Add, Merge, Reset and Figures do not
// allocate (tested with testing.AllocsPerRun). Figures and
// CBBDailyVolumeRow are plain values, safe to copy and share.
//
// Counter.AddChecked is Add for a caller that has already run kpi.Check on
// the call (once for all of an endpoint-day's accumulators) and counts
// bad calls itself: it skips the check and takes the call's class.
//
// # Encoding
//
// Counter implements MarshalBinary, AppendBinary and UnmarshalBinary with
// internal/wire (kind KindVolumesDaily, version 1): portable unsigned
// varints, nothing machine-dependent. The whole state is kept: the count
// of each class, the 2xx other than 200/201/204, the business
// rejections, and the bad-input rejections by reason. Truncated input,
// another type's encoding, an unknown version or trailing bytes are
// errors (wire.ErrTruncated, ErrForeign, ErrVersion, ErrTrailing); a
// failed decode leaves the receiver unchanged.
package volumes
