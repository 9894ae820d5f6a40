// Package benchmark judges KPI figures against the regulators' thresholds:
// a figure is only useful to a bank next to the threshold it must meet.
//
// A Profile is a regime's benchmarks as data: Targets (KPI, scope, period,
// comparison, threshold, source reference) and the endpoint catalogues
// their groups refer to. CBUAE, CBB and Platform return the shipped
// profiles as fresh values; change one target with Profile.WithTarget or
// build your own. The caller computes the figures with the other packages
// (availability, errorrate, performance, volumes, authfunnel), records
// them in Measurements, and Evaluate returns one Finding per target, scope
// and period: the EXACT measured value, the threshold and comparison,
// PASS / FAIL / NO DATA, the margin, and the source. This package never
// reads calls and computes no KPI: each rule is implemented once, in the
// package that owns it (AV-PCT-2 period uptime in availability, PF-PAGE-1
// and PF-AVG-2 group figures in performance, call totals in volumes), and
// Measurements takes their results. A Profile carries the
// availability.Options of its regime (Profile.Availability), so a program
// hands the profile's own value to package availability. The subpackage
// book assembles the whole daily computation from calls to Measurements.
//
// Beside evaluation it reports budgets (AV-BUDGET-1: downtime used,
// allowed and left; latency headroom per group).
//
// # Rules
//
// BM-1 (profiles are data): a profile is a list of targets, each a KPI, a
// scope (interface, group or endpoint), a period, a comparison (>=, >, <=,
// <), a threshold and the reference of the text it comes from (Profile,
// Target, KPI, ScopeKind, PeriodKind, Comparison). Profiles shipped:
// CBUAE, CBB, Platform and the regimes of regimes.go; callers build their
// own or change one target (Profile.WithTarget).
//
// BM-2 (findings): evaluation gives one finding per target, scope and
// period: the EXACT measured value, the threshold, PASS, FAIL or NO DATA,
// the margin and the reference (Evaluate, Finding, Verdict, Target.Judge).
// NO DATA is never a pass.
//
// BM-3 (CBUAE): uptime 99.5 %; an average TTLB of 500 ms across the
// service initiation APIs, file payments excluded; 500 ms across the bank
// data APIs per page of up to 100 records; payment execution 3 s (CBUAE).
//
// BM-4 (CBB): quarterly uptime 99.5 %; PISP and AISP average TTLB 750 ms
// (AISP per page of up to 100 records; bulk and batch payments excluded);
// Confirmation of Funds average 300 ms and maximum 500 ms; error rate
// 0.5 % (CBB).
//
// BM-5 (platform dashboard): uptime > 99.9 %, average response < 200 ms,
// error rate < 1 %, at least 10 M calls a month, onboarding < 30 days,
// NPS > 50, support resolution < 4 h, documentation > 4.5/5, partner
// retention > 90 %, ROI > 200 %, authentication success > 99.9 %, consent
// management > 99.9 % (Platform).
//
// AV-BUDGET-1 (budget; stated in package availability): downtime used,
// allowed and left for a period at the profile's uptime target, and the
// latency headroom per group (DowntimeBudget, Profile.DowntimeBudget,
// Budget, LatencyHeadroom).
//
// RP-CBB-1 (report rows): the CBB reporting template's rows are built by
// the packages that own their figures: sheet 2 (authentication) in
// authfunnel, sheets 3 to 5 (user volumes, AISP/PISP volumes, daily
// volumes) in volumes; sheet 1 (ReportDate, Entity Name, Endpoint ID,
// Uptime, Planned Downtime, Unplanned Downtime, Max PIPS, Average TTLB,
// Average TTFB, Total Number of API calls, Total TTLB, Total TTFB, Total
// Response Payload Size) is assembled by the report command
// (examples/report) from book.Result. Writing CSV or JSON is the caller's.
//
// RG-FORMAT-1 (regulators' formats): each regime's output is written to
// the regulator's published schema (the CDR Get Metrics v5 response, the
// Open Finance Brasil admin metrics 2.0.1 response, the UK OBIE MI
// template rows), and rates in the schema's own format (CDR RateString, 0
// to 1; Brazil d.dddddd), from the EXACT value, rounded half away from
// zero only at the digit the schema asks for. This package provides the
// rate spellings (CDRRateString, OFBRate);
// writing the documents is the caller's.
//
// The other regimes' profiles (regimes.go) judge the figures of
// RG-PLANNED-1, RG-TIER-1, RG-HOURLY-1, RG-P95-2, RG-MINUTE-1 and
// RG-MEDIAN-1, stated in packages availability and performance: CDR
// (Australia; monthly availability with planned outages excluded, and per
// day WorstHourWithinThresholdPercent, the lowest hourly share within the
// tier threshold), OFB (Open Finance Brasil; daily p95 per endpoint by
// frequency class on P95TTLBMs, daily and 90-day minute availability on
// MinuteAvailabilityPercent and LongMinuteAvailabilityPercent), UK (OBIE:
// quarterly uptime, five-in-30-seconds downtime; MedianTTLBMs for the MI
// medians), EBA (EBA/GL/2018/07: no numeric target, five-in-30-seconds
// downtime) and CBUAENebras (the UAE operator's 500 ms p95 per
// endpoint-day and 99.5 % per month).
//
// # Sources
//
// The shipped profiles quote, in each Target.Source, the sentence that
// sets the benchmark, from these public documents:
//
//   - CBUAE: Central Bank of the UAE, Open Finance Standards,
//     "Availability, Performance and Usage Benchmarks", sections 2 (API
//     Availability), 3 (Error Rates), 4 (API Performance) and 5 (Payment
//     Execution),
//     https://openfinanceuae.atlassian.net/wiki/spaces/standardsv1dot1final/pages/210800738
//     (a later version lives in the same site's standardsv1dot2final
//     space).
//   - CBB: Central Bank of Bahrain, Bahrain Open Banking Framework,
//     Operational Guidelines: Table 1 (Key Indicators for Availability),
//     the performance KPIs table, and the reporting template's field
//     descriptions (sheets 1 to 5); licensees must follow them under CBB
//     Rulebook GR-6.4.1, https://cbben.thomsonreuters.com/rulebook/gr-641-1.
//   - Platform: the "Open Banking Platform Performance Metrics Dashboard",
//     an operator's KPI dashboard, not a regulator's text; its targets
//     are quoted as it writes them.
//   - The other regimes' documents are named, with their addresses, in
//     regimes.go.
//
// Decisions where the rules and the regulators' texts are silent:
//
//   - Comparison. The CBUAE and CBB texts state a level to meet ("Uptime of
//     99.5%", "An average TTLB of 500ms"): >= for uptime, <= for times and
//     error rate; the threshold itself passes. The platform dashboard writes "> 99.9%"
//     and "< 200ms": kept strict; the threshold itself FAILs. "10M+" is
//     >= 10,000,000.
//   - Exactness. Measured values are kpi.Ratio and thresholds
//     decimal.Decimal, compared as exact rationals: 99.4996 % FAILs
//     ">= 99.5 %" although it prints as "99.500".
//   - Margin. measured - threshold for >= and >, threshold - measured for
//     <= and <, in the KPI's unit: positive is inside, negative outside,
//     0 at the threshold (PASS for >= and <=, FAIL for > and <). NO DATA
//     has no margin. Finding.Format prints the margin's sign from the
//     exact value, so -0.0004 shows as "-0.000".
//   - NO DATA is never a pass: a value recorded as kpi.NoData, a target
//     with no recorded value for a period the measurements cover ("not
//     measured"), and a target whose kind of period the measurements do
//     not cover at all (one finding, zero Period) all give NO DATA
//     findings. Silence would hide a gap.
//   - Scopes. An interface or group target gives one finding per period.
//     An endpoint target (CBB CoF "a max of 500 ms per response") gives
//     one finding per endpoint measured, restricted to its group's
//     catalogue: the endpoints with no calls are not reported (CBB: "must
//     only report endpoints that have gone live"), but if no endpoint of
//     the group was measured at all, one NO DATA finding on the group
//     says so.
//   - CBUAE uptime is judged per day: the standard computes uptime "For every
//     24 hours" and states the benchmark beside that calculation; its "just
//     under four hours per month" is read as the consequence, not a
//     monthly measurement. Change Target.Period to Monthly (and record
//     AV-PCT-2 monthly uptime) for the other reading.
//   - CBUAE payment execution "3 seconds per payment" bounds every
//     payment: the KPI is the slowest payment of the day
//     (MaxPaymentExecutionMs <= 3000).
//   - CBUAE groups are the standard's lists byte for byte. It writes
//     some IDs without a slash before the brace
//     ("GET /payment-consents{ConsentId}"); they are kept exactly so, as
//     IDs are matched byte for byte (Profile.Catalogue turns them into a
//     kpi.Catalogue, which matches raw logged paths to them, Rule EP-1).
//     Service initiation excludes the five batch/file endpoints
//     (POST /payment-consents/{ConsentId}/file and the /file-payments
//     ones), which form the group "file payments". Confirmation of payee
//     and insurance have groups but no target: the standard sets none.
//   - CBB: uptime is quarterly ("A quarterly uptime of 99.5%"); the error
//     rate "An average of 0.5% across all endpoints" is the pooled daily
//     interface rate of ER-2 (all 5xx over all requests, as the guidelines'
//     calculation says), not the mean of endpoint rates; PISP, AISP and
//     CoF averages are pooled over their groups (PF-AVG-2); AISP and
//     CBUAE bank data are judged per page of up to 100 records
//     (PF-PAGE-1; a small response is one page, so "per response" and
//     "per page" agree on it). The CBB guidelines elide their endpoint lists; the
//     CBB catalogue is this package's reading of the Bahrain OBF API
//     specifications (see CBB) and is meant to be replaced by the
//     template's API Endpoint List where it differs.
//   - Platform (the dashboard) periods: uptime, response time, error rate,
//     authentication success and consent management per day; calls,
//     onboarding, NPS, support resolution, documentation, security
//     incidents and patch time per month; compliance score per quarter;
//     partner retention and ROI per year (see Platform). The dashboard's
//     compliance score, security incident and patch-time targets are
//     included beside BM-5's list. Business KPIs use the interface scope,
//     meaning the whole platform.
//   - Budgets are computed at the profile's interface uptime target
//     applied to any period the caller asks for; a strict target (>) is
//     missed when the budget is exactly spent.
//
// # Options
//
// The rulebook names no OPTION for BM-1..5 or AV-BUDGET-1; the profile is
// the option. Every field of a Target can be changed (Profile.WithTarget),
// and the readings this package chose are one field away:
//
//   - Target.Cmp: AtLeast (>=) versus Above (>) decides the threshold
//     itself (99.5 % passes ">= 99.5" and fails "> 99.5").
//   - Target.Period: Daily versus Monthly CBUAE uptime.
//   - Profile.Availability: the downtime rule and every availability
//     OPTION of the regime, among them AV-PCT-1's fixed 86,400 s day,
//     which the budget honours (DEFAULT: the real length of the local
//     day, 23 or 25 h on daylight-saving changes). CBUAE sets it (its
//     text divides by 86,400); CBB and Platform do not.
//
// # Units
//
// Every measured value, threshold and margin is in its KPI's unit
// (KPI.Unit): percent as 99.5 (not 0.995), milliseconds, calls, days,
// NPS points, hours, a score out of 5, incidents. Budgets are in exact
// seconds, headroom in ms. Inputs at the boundary are time.Duration.
// Results are kpi.Ratio, exact; round only to present (Ratio.Format,
// half away from zero).
//
// # Evidence and catalogues
//
// Rule AV-EVIDENCE-2: a day on which a scope received no call and which no
// monitoring outage or probe result covers (availability.Day.Observed
// false) is recorded with Measurements.SetUnobserved. An UptimePercent
// target judged on that single day is NO DATA with Note UnobservedNote,
// never a pass, even though the day's uptime was computed (Format shows
// it as "computed"); a month or quarter is judged on its figures, and
// Finding.Unobserved, printed by Format, says how many of its days were
// unobserved. The other KPIs already give no data for a day without calls
// (ER-3, PF-AVG-1), so the marks concern uptime only.
//
// Rules EP-1 and EP-2: Profile.Catalogue gives the profile's groups and
// payment endpoints as a kpi.Catalogue of templates. With a catalogue in
// force the caller matches raw paths to it and lists the calls outside it
// (kpi.EndpointCounts); without one, Catalogue.Unlisted names the
// endpoints of the calls that the profile's catalogue does not contain,
// and Measurements.SetSeen lets Evaluate add "no endpoint of group G
// seen" to every NO DATA finding of a group none of whose endpoints the
// calls used. The shipped catalogues spell the templates they share alike
// (CBB uses CBUAE's {AccountID} and {PaymentId}).
//
// # Days and time zones
//
// Periods are kpi.Period runs of local days; a measurement's kind (day,
// month, quarter, year) is read from its dates (KindOf). The zone is the
// caller's: Profile.Zone names each regime's default (Asia/Dubai,
// Asia/Bahrain, UTC), which this package never loads (that reads files).
// Day lengths come from a kpi.Calendar (Profile.DowntimeBudget):
// 23 or 25 hours on daylight-saving changes unless the fixed-day option is
// set.
//
// # Bad input
//
// Evaluate never fails: an unusable target (zero KPI or comparison, group
// missing from the catalogue) gives a NO DATA finding that says why;
// Profile.Validate lists such problems up front. DowntimeBudget with a non-positive length, negative used time or a
// target outside [0, 100] returns the zero Budget (NO DATA). Nothing is
// dropped silently, nothing panics.
//
// # Concurrency and allocation
//
// Profiles, Targets, Findings and Budgets are values, safe to share while
// nobody modifies them; presets return deep copies. Measurements is not
// safe for concurrent use: fill it, then evaluate. Evaluate allocates its findings; it runs once per report,
// not per call. No function reads the clock, files or global state.
package benchmark
