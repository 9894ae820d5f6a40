// Package measure is an http.Handler middleware that measures every API call
// the way package kpi defines a CALL, and hands it to a Recorder: copy it into
// your gateway or import it.
//
//	h := measure.New(proxy, store, measure.Options{Registry: &reg})
//
// # Rules
//
// kpi's CALL and CLASS, measured at the server:
//
//	ReceivedAt  the instant the request was received (see below)
//	TTFB        ReceivedAt → the first Write, WriteHeader (final status),
//	            Flush or ReadFrom of the handler
//	TTLB        ReceivedAt → the handler returned and the response was
//	            flushed to the connection
//	Status      the final status the handler sent (200 when it wrote
//	            without WriteHeader, or wrote nothing at all); 500 when it
//	            panicked; 0 when the client went away first; 503 when an
//	            http.TimeoutHandler around it answered instead
//	ResponseBytes  body bytes written (headers not counted)
//	Records     Options.Records (PF-PAGE-1); 0, unknown, without it
//	Endpoint    the template of kpi.Registry.Match(method, path)
//
// # Options
//
// ReceivedAtBodyRead selects when a request is "received" (kpi's CALL: "the
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
// ClientGoneDeadline (Rule AV-CLOCK-5: non-attributable calls neither
// start nor stop the clock; a call is not attributable when the
// institution shows its failure was outside its control, such as TPP
// software or TPP connectivity). A client that goes away before the bank
// is past a deadline ended the call itself (its own timeout, software or
// connection): the status-0 call is NotAttributable, no failure of the
// bank. One that goes away once the call has run the deadline or longer
// gave up on a bank already late: attributable, a failure that starts the
// clock. DEFAULT (0): no deadline, every abandoned call NotAttributable
// (fifty TPP clients that time out after 20 ms do not turn an endpoint
// down). OPTION: the bank's own answer deadline, typically the gateway's
// upstream timeout; 1 ns makes every abandoned call attributable. The
// call's length is its TTLB, until the handler gave up: a handler that
// stops when the request is cancelled (httputil.ReverseProxy does) gives
// up when the client leaves.
//
// Records (PF-PAGE-1): a func that reads the number of records of a
// response, typically from a header the backend sets (RecordsHeader("X-Records")).
// Without it every call has Records 0 (unknown: one page).
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
//   - Client gone: a call is recorded with Status 0 (kpi's CLASS: no response
//     was sent) when the request's context was cancelled with
//     context.Canceled before the handler returned (net/http does that when
//     it sees the connection close, or HTTP/2 sees the stream reset;
//     context.Cause tells), or a Write or Flush failed. TTLB is then the
//     instant the handler returned ("how long until the gateway gave up");
//     TTFB is kept if a byte had been committed, else it is unknown
//     (kpi.Call.HasTTFB false). Not a client going away: write errors that
//     are handler bugs (http.ErrBodyNotAllowed, http.ErrContentLength); a
//     context that ended by a deadline (a per-request timeout: the handler
//     answers what it answers, and that is recorded) or with another cause
//     (context.WithCancelCause in an outer middleware).
//   - Delivered before the client left: a response whose header and whole
//     body (its declared Content-Length, all written; no body for HEAD, 204
//     and 304) had been handed to the connection by a successful flush (the
//     handler's, or the middleware's final one, which it attempts even when
//     the context is cancelled) is recorded with its status even if the
//     client closed before the handler returned; TTLB is the instant of
//     that flush. This is the common case of a keep-alive client that read
//     a large Content-Length response (written past the buffers) and closed
//     the connection before the handler had returned.
//   - What remains: the middleware sees the connection only through
//     net/http. A client that half-closes its side after sending the
//     request (shutdown(SHUT_WR)) makes net/http cancel the context although
//     it may still read: such a call is recorded as 0 unless its response
//     was complete as above. A flush that succeeded only put the bytes in
//     the kernel's buffer: a client that vanishes afterwards without a FIN
//     or RST is not seen, and one that gives up just as the last bytes of a
//     complete response are flushed may be counted as delivered (a write to
//     a socket whose peer has just closed can still succeed). A response without Content-Length (chunked) is
//     complete only when net/http writes its last chunk after the handler
//     returns, so a client leaving before that is recorded as 0.
//   - http.TimeoutHandler: put the middleware outside it, and the 503 it
//     sends is recorded like any status. Inside it, the handler's context
//     ends by a deadline and TimeoutHandler answers 503 itself: the
//     middleware sees it (a Write refused with http.ErrHandlerTimeout, or,
//     after the deadline, an empty Write that is) and records 503 with
//     TimedOut, TTFB = TTLB = the deadline, ResponseBytes 0 (the
//     TimeoutHandler's message is not seen).
//   - Panic: the call is recorded with Status 500 and the panic is
//     re-raised with the same value, so net/http logs it and closes the
//     connection as usual (http.ErrAbortHandler included). If no header had
//     been sent, the middleware first sends the 500 it records
//     (Content-Length set; Connection: close on HTTP/1 only, as HTTP/2
//     would shut the whole connection down), so that the status recorded is
//     the status sent. If a header had been sent, the client sees a
//     truncated response; the call is still a 500: an attributable server
//     failure (even if the response was complete). It is 0 instead if the
//     client had gone, a write had failed, or the middleware's own 500 could
//     not be written or flushed; Hijacked if the handler had hijacked the
//     connection; 503 if a TimeoutHandler had answered. runtime.Goexit in
//     the handler (t.FailNow in a test handler) is recorded as a panic but
//     not re-raised: Goexit goes on by itself.
//   - Hijack: once the handler hijacks the connection (WebSocket, CONNECT),
//     the middleware sees no more bytes and the exchange is no API call:
//     the Sample is marked Hijacked and the Recorder counts it apart.
//   - Unknown paths: a request no template matches is recorded with
//     Matched false, for the Recorder to count as kpi.UnknownEndpoint (kpi's
//     BAD INPUT: not counted, not dropped silently).
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
// The middleware never drops a call: every request reaches the Recorder
// exactly once, after the handler returned, panicked or called
// runtime.Goexit (if the Recorder itself panics, that panic goes on and
// the request is not recorded again). What the call rules refuse (an
// unknown endpoint, a final 1xx such as a 101 written without hijacking, a
// negative Records from Options.Records) is for the Recorder to count by
// reason.
//
// # Concurrency and allocation
//
// A Middleware is safe for concurrent use once built; the Registry must not
// change while it serves. Each request allocates one struct (the wrapped
// writer, with the Sample and body reader inside); nothing else on the path
// allocates, and the Recorder is called synchronously, on the request's
// goroutine, with a *Sample it must not keep after Record returns.
//
// Record runs after the handler returned, and the final flush comes before
// it: the client may already hold the whole response (and send its next
// request) when Record runs. A test that reads the Recorder right after its
// client got the response must wait for Record (a channel, a WaitGroup), not
// assume it has run.
//
// The request body's reader (ReceivedAtBodyRead) may be called on another
// goroutine than the handler's (httputil.ReverseProxy's transport sends the
// body from its own): the instant it notes is kept in an atomic.
// Measured (BenchmarkOverhead, 2 cores): see the gateway's README.
package measure
