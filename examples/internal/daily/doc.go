// Package daily is what the report command (examples/report) and the Beam
// pipeline (examples/beam) share, so that both write the same daily.csv
// from one implementation (examples/report/README.md):
//
//   - the flags that change daily.csv: Settings (NewSettings), and a
//     profile's availability options (AvailabilityOptions, also used by
//     the gateway example, examples/gateway);
//   - how the programs show an exact figure and a benchmark verdict in
//     JSON and as text: NumJSON, NumText, Num, Finding (FindingOf), also
//     used by the gateway's /kpi page;
//   - reading the calls CSV: ReadCalls (RecordReader: RFC 4180, no
//     allocation per record; ParseHeader; ParseRow: the contract's field
//     rules, then kpi.Check; BadRow), Interner, the field parsers,
//     ReadPlanned;
//   - what availability needs of a call: AvailStatus, AvailCall;
//   - the per endpoint-day state: Scope, the library's accumulators;
//   - the days a report covers (SpanOf), accounting an endpoint's outages
//     on them (EndpointDays), the endpoints with rows (Endpoints), and the
//     rows of daily.csv (Assemble, BuildRows, NewRow, Row.Record, SetDay,
//     WriteCSV, WriteRecords).
//
// How calls reach the accumulators (one pass on one machine, or a
// distributed engine's combiners) is the caller's business: a Scope's
// Merge and availability's segments give the same figures in any case.
package daily
