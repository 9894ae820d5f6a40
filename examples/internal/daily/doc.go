// Package daily is the reading and writing that the report command
// (examples/report) and the Beam pipeline (examples/beam) share, so that
// both read the same inputs and write the same daily.csv; every figure is
// computed by the library (benchmark/book and the rule packages):
//
//   - the flags that change daily.csv: Settings (NewSettings; Config gives
//     the book's configuration, CheckAsOf the -asof range), Rules (the
//     rule set's profile), PaymentList;
//   - how the programs show an exact figure and a benchmark verdict in
//     JSON and as text: NumJSON, NumText, Num, Finding (FindingOf), also
//     used by the gateway's /kpi page; endpoint IDs byte for byte in JSON
//     and text (IDJSON, IDText);
//   - reading the calls CSV: ReadCalls and ReadCallsWith (ReadOptions:
//     the line limit; RecordReader: RFC 4180, a bad record costs its first
//     line only, no allocation per record; ParseHeader; ParseRow: the
//     field rules of the report's contract, the reserved endpoint ALL,
//     then kpi.Check; BadRow), Interner, the field parsers; the windows
//     files (ReadPlanned, ReadMonitoring, ReadWindows); the monthly inputs
//     of the CBB sheets;
//   - writing daily.csv from the book's rows: CSVHeader, Record, Endpoint,
//     WriteCSV, WriteRecords, and SetDay for an engine that accounts a
//     row's day apart from its state.
//
// The report's contract (inputs, outputs, ranges, warnings) is in
// examples/report's documentation.
package daily
