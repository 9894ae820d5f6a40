// Package hdrpeer holds a peer benchmark of the library's per-call ingest
// against github.com/HdrHistogram/hdrhistogram-go, the usual Go latency
// histogram, in a module of its own so that the library never depends on
// it:
//
//	cd examples/hdrpeer && go test -run '^$' -bench . -count 6
//
// BenchmarkPeer feeds the same calls (the busiest endpoint's day of the
// performance suite, examples/internal/perfsuite) to:
//
//   - impl=hdrhistogram: (*hdrhistogram.Histogram).RecordValue of the
//     call's TTLB in microseconds (1 µs to one hour, 3 significant
//     digits): one latency histogram, nothing else;
//   - impl=endpointday: book.EndpointDay.Add, every per-call figure of an
//     endpoint-day (ER-1 error counts, VO-DAY-1 volumes, PF-AVG-1 ...
//     Stats, the PF-PCTL-1 histogram, PF-TPS-1 per-second peaks);
//   - impl=book: book.Book.Add over the whole week, which also finds the
//     endpoint-day by endpoint and day and keeps the call's 32-byte
//     availability record.
//
// The target is impl=endpointday at most 1x impl=hdrhistogram in the same
// run. ns/op is per call.
package hdrpeer
