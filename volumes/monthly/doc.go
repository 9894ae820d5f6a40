// Package monthly implements the monthly volume rules: VO-USER-1 and
// VO-TPP-1 (users and TPPs, CBB reporting template sheets 3 and 4),
// VO-ADOPT-1 and VO-GOV-1 (a platform KPI dashboard's adoption, market,
// compliance and security figures), and the row shape of sheets 3 and 4
// (RP-CBB-1). The daily volumes (VO-DAY-1, sheet 5) are in package volumes.
//
// Each rule has a streaming accumulator (Users, TPPs, Adoption,
// Governance): route each record to the state of its month, Add it, Merge
// states of the same month, and read the figures. Each also has a
// reference function written for obviousness, batch over a slice
// (ReferenceUsers, ReferenceTPPs, ReferenceAdoption, ReferenceGovernance,
// in reference.go); rapid properties prove that the two agree under any
// split and merge order. NewCBBUserVolumeRows and NewCBBTPPVolumeRow only
// shape the sheet-3 and sheet-4 rows from those figures (they compute
// nothing, so they have no reference of their own; their tests run the
// worked examples through them). The worked examples are data:
// testdata/VO-USER-1.json, VO-TPP-1.json, VO-ADOPT-1.json and
// VO-GOV-1.json, each run through the reference and the accumulator.
//
// # Rules
//
// VO-USER-1 (users, CBB sheet 3, fields 3.4 to 3.13): per month and segment
// (Retail, Business), the unique users who authorised AIS for the first
// time, the total AIS users (first time, or accessed, or re-authenticated
// in the month), the same for PIS, users of both, and new and total online
// and mobile banking users. "First time" needs history: the caller says
// who was seen before (UserHistory); unique counts are exact (Users,
// ReferenceUsers). DEFAULT: a user of both services who had not used both
// before the month is new to both; OPTION UserOptions.BothFirstTimeIsBothNew
// counts only users new to each service in the month.
//
// VO-TPP-1 (TPPs, CBB sheet 4, fields 4.3 to 4.10): per month and role
// (AISP, PISP), registered at the 1st, additions, deregistrations, and
// cumulative at month end = registered at the 1st + additions −
// deregistrations (TPPs, ReferenceTPPs).
//
// VO-ADOPT-1 (adoption, the platform dashboard): monthly API calls, active
// APIs (ActiveEndpoints), unique developers, application registrations,
// active partners, partner retention rate, average onboarding time to go
// live, revenue per partner, cost per API call, ROI, NPS (promoters 9–10
// minus detractors 0–6, in points) and average support resolution time
// (Adoption, ReferenceAdoption).
//
// VO-GOV-1 (governance, the platform dashboard): market share, innovation
// index (new products enabled), customer acquisition through partners,
// ecosystem growth (period-over-period growth of developers and partners),
// compliance score (requirements met / applicable), audit success rate,
// data-protection and encryption coverage, security incidents (a count),
// and time to patch critical vulnerabilities (the mean, and the share
// within 24 h), each from caller-supplied records (Governance,
// GrowthPercent, ReferenceGovernance).
//
// RP-CBB-1 (report rows), sheets 3 and 4: rows shaped like the CBB
// reporting template, with its column names: sheet 3 (CBBUserVolumeRow,
// one per month and segment) and sheet 4 (CBBTPPVolumeRow, one per
// month). The package builds the rows; writing them is the caller's.
//
// # Options and decisions
//
// One OPTION, a field of UserOptions (passed to Users.Volumes and
// ReferenceUsers; the zero value is every DEFAULT):
//
//   - BothFirstTimeIsBothNew, CBB 3.8 "used both AIS and PIS for the
//     first time". DEFAULT (false): a user in BothTotal who had not used
//     both before the month (not seen for AIS, or not seen for PIS): a
//     user with AIS in the past and a first payment now counts. OPTION
//     (true): AISFirstTime ∩ PISFirstTime, a user new to both services in
//     the month. The worked example of testdata/VO-USER-1.json gives 2
//     and 1; ExampleUserOptions shows one user counted one way, not the
//     other.
//
// Decisions where the texts leave room:
//
//   - VO-USER-1 "first time" = a NewAuthorisation (new consent, payment
//     authorised, access granted; never a re-authorisation, CBB 3.4) in
//     the month by a user the caller's History has not seen for that
//     segment and service before the month. The segment is part of the
//     key everywhere: the same ID in Retail and in Business is two users,
//     for the counts and for the history (History.Seen and UserHistory.Add
//     take the segment). History is applied when the month is read
//     (Users.Volumes), so Users merge as plain set unions. A nil History
//     has seen nobody. UserHistory.Absorb rolls a month into the history
//     of the next, segment by segment.
//   - VO-USER-1 totals = users with any event of the service in the
//     month. For AIS that is CBB 3.5 (a), (b) and (c); a user who only
//     accessed or re-authenticated and whom the history has not seen is
//     still counted (the history, not the user, is incomplete).
//   - VO-USER-1 PIS accepts every kind: NewAuthorisation is a payment
//     authorised under a new consent (the only kind that can be a first
//     time), Accessed a payment initiated under an existing consent,
//     Reauthenticated a re-authentication; each counts the user in the
//     PIS total (CBB 3.7: users who used PIS in the month).
//   - VO-USER-1 online and mobile banking, DEFAULT: a grant of access
//     (NewAuthorisation) counts as use in its month, so a user granted
//     mobile banking who has not logged in yet is in MobileTotal (3.13)
//     as well as in MobileNew (3.11); so New <= Total always.
//   - VO-USER-1 users are credentials (CBB 3.6: a business's employees are
//     separate users).
//   - VO-TPP-1 is replayed from the whole event log: registered at the
//     1st = TPPs live at the first instant of the month, which needs the
//     events before it (or, for a bank without full history, one
//     Onboarded event per TPP live at a baseline instant before the first
//     reported month). Each role is a separate registration. A TPP
//     onboarded and deregistered in one month counts in both Additions
//     and Deregistrations. At one instant, onboarding is applied first
//     (the order events were added in plays no part): a TPP not live that
//     is onboarded and deregistered at one instant was live in between;
//     the consequence for a live TPP deregistered and re-registered at
//     the same instant is that the onboarding comes first, while it is
//     live, and is ignored (AlreadyRegistered), and the deregistration
//     then ends it: it is NOT live afterwards. Give a re-registration a
//     later instant (1 ns is enough). An onboarding of a TPP already
//     live, or a deregistration of a TPP not live, is a typed error
//     (AlreadyRegistered, NotRegistered): it changes nothing, the month's
//     IgnoredOnboardings / IgnoredDeregistrations count it,
//     TPPs.Conflicts and ReferenceTPPs name it. So Cumulative =
//     RegisteredAtFirst + Additions - Deregistrations holds for any
//     history.
//   - Records that carry an ID (onboardings by partner, tickets, data
//     stores, incidents, vulnerabilities) count once per ID, so two
//     states merge as a set union: an exact re-add is idempotent (nil, no
//     count). A different record for an ID already held is a conflict:
//     Add returns ConflictingRecord, and the state keeps every distinct
//     record of the ID but the figures use one, the least favourable: for
//     spans (onboarding, ticket, vulnerability) an open one (no
//     Resolved / Patched) first, then the longer, then the earlier start;
//     for a data store not compliant before compliant, then not encrypted
//     before encrypted; for an incident the earlier instant. The choice
//     depends only on the set of records, never on the order of Add or
//     Merge; Rejections()[ConflictingRecord] = sum over IDs of (distinct
//     records - 1), the same under any split. ReferenceAdoption and
//     ReferenceGovernance list each record that differs from every
//     earlier one of its ID. Requirements and audits carry no ID: each
//     Add counts.
//   - VO-ADOPT-1: monthly calls count every good call whatever its status
//     (a volume of calls received); active APIs = ActiveEndpoints, the
//     distinct endpoint keys (kpi.Call.Endpoint) with a good call in the
//     month: a caller who counts APIs as products passes the product's ID
//     as the endpoint key. Unique developers, applications and partners
//     are distinct IDs. Partner retention = |active at start ∩ active at
//     end| / |active at start| (feed the year's start and end for the
//     dashboard's annual rate). Revenue per partner divides by the
//     partners active at the end; ROI = (revenue - cost) / cost with cost
//     as the investment; both money sums are in one currency. Onboarding
//     time is mean(Live - Started) over partners; open tickets are in no
//     mean (OpenTickets counts them). Documentation score (BM-5 4.5/5) is
//     not in VO-ADOPT-1 and is not computed here.
//   - VO-GOV-1: market share sums the caller's own and market volumes (in
//     one unit of the caller's choice); growth is period over period,
//     GrowthPercent(start, end), with DeveloperGrowthPercent and
//     PartnerGrowthPercent over two Adoption states (a nil one is the zero
//     Adoption); "within 24 h" is Patched - Found <= 24 h (PatchTarget),
//     open vulnerabilities are in no mean or share; products and acquired
//     customers are counted once per ID.
//   - Adoption.Merge and Governance.Merge combine shards of the SAME
//     period (goroutines, machines, days of the month). They do not know
//     periods: merging two months gives neither month's figures. Compare
//     periods with GrowthPercent and friends.
//
// # Units
//
// Unique counts and record counts are uint64. Ratios are kpi.Ratio,
// EXACT, in the unit of the name and of BM-5's targets: Percent (0-100,
// ROI and growth may be negative or above 100), NPS in points (-100 to
// 100), AvgOnboardingDays (days of 24 h of elapsed time),
// AvgResolutionHours and AvgTimeToPatchHours (hours), money in minor
// currency units (int64 in, summed exactly, read as a fresh *big.Int by
// RevenueMinor and CostMinor; never float). Market volumes are read the
// same way (OwnVolume, MarketVolume). Time sums are integer nanoseconds.
// A ratio whose denominator is 0 is kpi.NoData. Calls (>= 10 M),
// AvgOnboardingDays (< 30), NPS (> 50), AvgResolutionHours (< 4),
// PartnerRetentionPercent (> 90) and ROIPercent (> 200) are the figures
// BM-5's targets read.
//
// # Months and time zones
//
// Months are kpi.Month periods of local days in the reporting
// kpi.Calendar (the CBB's "calendar month"): an event belongs to the
// month of cal.DateOf(At). Users, Adoption and Governance do not know
// the month: route each record to the state of its month (a
// kpi.DayCursor and kpi.Month do it), as ReferenceUsers shows. TPPs
// holds the whole log and takes the calendar and month when read:
// TPPs.Month(cal, month) starts the month at cal.Start(month.First), so
// 2025-02-28T22:00Z is a March event in Asia/Bahrain (for VO-USER-1 and
// VO-TPP-1 alike: both worked examples and both properties run in the
// bank's zone as well as in UTC).
//
// # Bad input
//
// Each record type has a Check function (CheckUserEvent, CheckTPPEvent,
// CheckOnboarding, CheckTicket, CheckIncident, CheckVulnerability)
// returning a Reason: empty ID, zero instant, unknown segment, service,
// role or event kind, a negative amount, an NPS score outside 0-10, an
// end before its start, a span beyond time.Duration, own volume above the
// market's. Add methods take a pointer to the record (a nil one is
// EmptyID), return the Reason (no allocation) and count it in
// Rejections() (a kpi.Rejections[Reason]); ConflictingRecord is returned
// for a record that conflicts with another of its ID, and its count is
// derived from the records held (see above). Adoption.AddCall returns a
// kpi.Reason and counts it in CallsRejections(). Reference functions return
// the figures of the good records beside an *InputError naming each bad
// one (a RecordError; errors.Is reaches the reason). Nothing panics; fuzz
// targets check it.
//
// # Concurrency and allocation
//
// None of Users, TPPs, Adoption, Governance or UserHistory is safe for
// concurrent use: give each goroutine its own and Merge. Their zero
// values are empty and the identity of Merge (a nil argument to Merge
// or Absorb is the zero value); Merge is associative and commutative
// and leaves its argument unchanged. Unique counts are exact sets of IDs
// (Go maps): Add and Merge allocate for an ID a state has not seen (one
// map entry per new user, which the exactness requires) and for a
// conflicting record, never for a known ID or an exact repeat; sums and
// counts never allocate. TPPs keeps its log as a sorted slice: Add and
// Merge allocate only when it grows. Reset keeps capacity and does not
// allocate. Reading (Volumes, Month, Figures and the figure methods)
// walks the sets and allocates the result's big values and, for TPPs, a
// map of states. Tests check 0 allocations with testing.AllocsPerRun.
//
// # Encoding
//
// Users, TPPs, Adoption and Governance implement MarshalBinary,
// AppendBinary and UnmarshalBinary with internal/wire (kinds KindUsers,
// KindTPPs, KindAdoption, KindGovernance, version 1): portable across
// machines and releases, and canonical (ID sets in increasing order,
// records by ID in increasing order of ID then of record, the TPP log in
// its canonical order), so equal states encode to identical bytes.
// Everything is kept: the ID sets, every distinct record of each ID,
// counts, sums, NPS answers by score, the TPP log with instants in UTC,
// and the rejection counts. Options (UserOptions) are not state: they
// are applied when reading. Decoding checks what the figures rely on
// (authorised users within the active set, a sorted log of good events,
// good records in order, parts no larger than their wholes, no stored
// count for a reason that is derived) and fails with wire.ErrInvalid
// otherwise; on any error the receiver is unchanged.
package monthly
