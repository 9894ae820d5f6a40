// Package measure is an http.Handler middleware that measures every API call
// the way RULES §0 defines a CALL, and hands it to a Recorder: copy it into
// your gateway or import it.
//
//	h := measure.New(proxy, store, measure.Options{Registry: &reg})
//
// # Rules
//
// RULES §0 CALL and CLASS, measured at the server:
//
//	ReceivedAt  the instant the request was received (see below)
//	TTFB        ReceivedAt → the first Write, WriteHeader (final status),
//	            Flush or ReadFrom of the handler
//	TTLB        ReceivedAt → the handler returned and the response was
//	            flushed to the connection
//	Status      the final status the handler sent (200 when it wrote
//	            without WriteHeader, or wrote nothing at all); 500 when it
//	            panicked; 0 when the client went away first
//	ResponseBytes  body bytes written (headers not counted)
//	Endpoint    the template of kpi.Registry.Match(method, path)
//
// # Options
//
// ReceivedAtBodyRead selects when a request is "received" (RULES §0: "the
// instant the request was fully received"):
//
//   - DEFAULT (false): when the handler starts. net/http calls the handler
//     once the request line and headers are parsed; for a request without a
//     body (every GET) that is the instant it was fully received.
//   - OPTION (true): when the handler has read the body to its end (io.EOF),
//     if that happens before the first byte of the response. A 2 s upload of
//     a file payment then does not count as 2 s of TTLB. A handler that
//     answers before reading the whole body keeps the handler start. The
//     body reader is then wrapped (no extra allocation: it lives in the same
//     per-request struct).
//
// SkipFinalFlush: by DEFAULT the middleware flushes the response when the
// handler returns, so that TTLB is taken when the last byte has been handed
// to the connection, and a failed flush (the client is gone) is seen. The
// cost: a handler that wrote a small body without setting Content-Length
// gets a chunked response instead of net/http's computed Content-Length
// (a reverse proxy copies the backend's Content-Length, so it is unaffected).
// With SkipFinalFlush, TTLB is taken at the handler's return and net/http
// writes its last buffer (at most 4 KB) microseconds later.
//
// # Units
//
// Durations are time.Duration measured on the monotonic clock (immune to wall
// clock steps); ReceivedAt is a wall-clock time.Time with the monotonic
// reading stripped, so that it means the same thing on every machine.
// ResponseBytes are bytes.
//
// # Days and time zones
//
// The middleware knows no days: the Recorder routes each call to the local
// day of its ReceivedAt (package live does it with a kpi.Calendar).
//
// # What is measured when
//
//   - First byte: net/http buffers the header and up to 4 KB of body until
//     the buffer fills, the handler flushes, or it returns. The middleware
//     cannot see the socket, so TTFB is the instant the handler commits the
//     response (first Write, WriteHeader with a final status, Flush or
//     ReadFrom). A handler that streams flushes, and then that is the instant
//     the byte leaves (tested on loopback: within 2 ms of what the client
//     measures). Informational 1xx headers (100 Continue, 103 Early Hints)
//     are passed through and are not the first byte of the response.
//   - Last byte: after the handler returns, the middleware flushes (see
//     SkipFinalFlush) and takes TTLB.
//   - Client gone: a call is recorded with Status 0 (RULES §0: no response
//     was sent) when the request's context was cancelled before the handler
//     returned (net/http cancels it when it sees the connection close, or
//     HTTP/2 sees the stream reset), or a Write or the final Flush failed.
//     TTLB is then the instant the handler returned ("how long until the
//     gateway gave up"); TTFB is kept if a byte had been committed, else it
//     is unknown (kpi.Call.TTFBUnknown). Write errors that are handler bugs
//     (http.ErrBodyNotAllowed, http.ErrContentLength) are not a client going
//     away.
//   - Panic: the call is recorded with Status 500 (or 0 if the client had
//     gone) and the panic is re-raised with the same value, so net/http
//     logs it and closes the connection as usual (http.ErrAbortHandler
//     included). If no header had been sent, the middleware first sends
//     the 500 it records (Content-Length set, Connection: close), so that
//     the status recorded is the status sent. If a header had been sent,
//     the client sees a truncated response; the call is still a 500: an
//     attributable server failure.
//   - Hijack: once the handler hijacks the connection (WebSocket, CONNECT),
//     the middleware sees no more bytes and the exchange is no API call:
//     the Sample is marked Hijacked and the Recorder counts it apart.
//   - Unknown paths: a request no template matches is recorded with
//     Matched false, for the Recorder to count as kpi.UnknownEndpoint (RULES
//     §0 BAD INPUT: not counted, not dropped silently).
//
// The wrapper keeps http.Flusher (and FlushError), http.Hijacker and
// io.ReaderFrom (sendfile stays available), and has Unwrap, so
// http.ResponseController reaches SetReadDeadline, SetWriteDeadline and
// EnableFullDuplex of the server's writer. It claims Flusher and Hijacker
// even where the server's writer has not (HTTP/2 cannot hijack): the call
// then returns http.ErrNotSupported, as http.ResponseController does.
//
// # Bad input
//
// The middleware never drops a call: every request reaches the Recorder once,
// after the handler returned (or panicked). What the call rules refuse (an
// unknown endpoint, a final 1xx such as a 101 written without hijacking) is
// for the Recorder to count by reason.
//
// # Concurrency and allocation
//
// A Middleware is safe for concurrent use once built; the Registry must not
// change while it serves. Each request allocates one struct (the wrapped
// writer, with the Sample and body reader inside); nothing else on the path
// allocates, and the Recorder is called synchronously, on the request's
// goroutine, with a *Sample it must not keep after Record returns.
// Measured (BenchmarkOverhead, 2 cores): see the gateway's README.
package measure
