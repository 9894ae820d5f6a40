// Package accesslog reads gateway access logs, as the servers write them,
// into the library's calls (kpi.Call): the report command's -input-format
// (examples/report) and, through the same Reader, any other program of
// the examples (examples/beam can call it: it has no dependency on a main
// package).
//
// A Reader is made by New from Options (format, the server's format line,
// the zone of naive timestamps, the JSON field map); New refuses options
// that cannot give a call and says what to add. Reader.Read has the shape
// of daily.ReadCalls: it streams one input, hands every good call to
// onCall with its line number, and every bad line to onBad as
// "file:line: reason", exactly as a bad CSV row. A line is bad when it
// does not match the format, a field does not parse, or the call fails
// kpi.Check (TTFB > TTLB, a status outside 0 and 200-599, ...) or falls
// outside the years 1678 to 2261. Blank lines are skipped; a line longer
// than 1 MiB is bad. Nothing is dropped silently.
//
// # Formats
//
//	csv      the calls CSV (daily.ReadCalls), the default
//	apache   mod_log_config, from its LogFormat
//	nginx    ngx_http_log_module, from its log_format
//	haproxy  HAProxy 'option httplog' lines, syslog prefix or not
//	envoy    Envoy's access log: its default text format, another text
//	         format, or a json_format object (-log-format '{...}')
//	alb      AWS Application Load Balancer access logs
//	json     one JSON object per line, with a field map (-map)
//
// # What every reader decides the same way
//
// Endpoint: the request's method, a space and its path, with the escapes
// of the log decoded (Apache's and nginx's \" \\ \xHH, HAProxy's #HH, JSON
// string escapes), the query (from the first '?') removed and an absolute
// URL's scheme and host removed ("GET http://h:80/a" is "GET /a"). Paths
// are not templated: "/accounts/123" is its own endpoint unless a
// catalogue matches it later. A raw space inside the path is kept (the
// path is everything between the first and the last space of the request
// line). A line without a request ("-", HAProxy's <BADREQ>) is a bad line:
// it is no API call, and is listed rather than dropped.
//
// Status 0: kpi.Call's status 0 means that the service sent no response.
// Each reader maps to it the events of its format where the client got
// nothing from the service: the client left before the response started
// (nginx 499, HAProxy C or c before the headers, Envoy response code 0,
// ALB 460), the proxy gave up on the service or lost its connection
// (nginx 504 or 502 with no upstream header, HAProxy s or S before the
// headers, Envoy UT UF UC UR LR, ALB 502 or 504 with target status "-"),
// and nginx's 444 (connection closed without a response). A response cut
// short after it started keeps its status. An error the proxy answers
// itself at once (nginx's or Envoy's 503 for no live upstream, a WAF's
// 403) keeps its status: it is a response.
//
// Response bytes: the body where the format has it (Apache %b %B, nginx
// $body_bytes_sent, Envoy %BYTES_SENT%), else the bytes sent with headers
// (Apache %O, nginx $bytes_sent, HAProxy bytes_read, ALB sent_bytes).
//
// Naive timestamps: a timestamp without a UTC offset is read in -log-tz
// (an offset such as +02:00, Z, or an IANA zone). New refuses a format
// whose timestamps never carry an offset (HAProxy, an Apache %{...}t
// without %z) without -log-tz; a JSON line with a naive time and no
// -log-tz is a bad line. In an IANA zone, a local time that occurs twice
// (the hour the clocks go back) is read as time.Date reads it; a log that
// matters there should carry its offset.
//
// Durations are read exactly (no float): "0.120" s is 120 ms.
//
// # Apache (-input-format apache)
//
// -log-format takes the LogFormat string, the whole configuration line
// (LogFormat "..." name), or a preset (common, combined, combinedio)
// followed by more directives ("combined %D"). The presets alone have no
// duration and are refused.
//
//   - Receive instant: %t (and %{...}t: strftime %Y %m %d %e %H %M %S %b
//     %h %z %T %F, sec, msec, usec, msec_frac, usec_frac) is when Apache
//     read the request line. Our reading: that is the receive instant. The
//     alternative, the instant the body was whole, is in no directive. With
//     only %{end:...}t the time is the end: ReceivedAt = end - TTLB.
//   - TTLB: %D (us), else %{us}T, %{ms}T, %T (whole seconds): from the
//     request to the last byte sent. TTFB: Apache logs none: unknown.
//   - Status: %>s (the final status), else %s. Status 0: our reading is
//     none. Apache cannot say whether a 502 or 504 came from mod_proxy or
//     from the backend, and %X "X" (connection aborted) comes after
//     Apache chose its status, often with bytes sent; both keep %>s. The
//     alternative, status 0 for %X "X" with %O 0 (nothing reached the
//     client), is not taken: it needs %X and %O in the format, and a
//     logged status is the one the report's other inputs would show.
//   - Refused without a duration ("add %D"), a time, a request (%r, or %m
//     and %U) or a status (%>s).
//
// # nginx (-input-format nginx)
//
// -log-format takes the log_format string, the whole directive
// (log_format name '...' '...';), or combined or main followed by more
// variables ("combined $request_time").
//
//   - Receive instant: nginx writes the line when the request ends; its
//     times ($time_local, $time_iso8601: whole seconds; $msec: ms) are that
//     end. ReceivedAt = time - $request_time ($msec is preferred when
//     present). $request_time starts at the first byte read from the
//     client, so this is the instant the request began to arrive; with
//     whole-second times it can be up to 1 s early. No directive gives the
//     instant the request was whole.
//   - TTLB: $request_time. TTFB: with $upstream_response_time and
//     $upstream_header_time, TTFB = $request_time - (response time -
//     header time) of the last upstream attempt: the request less the time
//     the answering upstream took after its header. Our reading; it counts
//     earlier attempts and the request read, and is never less than the
//     real TTFB when the body is streamed. The alternative, the header time
//     alone, leaves those out. Without both variables, or with "-" (no
//     upstream): unknown.
//   - Status 0: 499 (client closed), 444, and 502 or 504 whose last
//     $upstream_header_time is "-" (nginx's own: no header came from the
//     upstream). Without $upstream_header_time in the format a 502 or 504
//     is kept: whose it is cannot be told.
//   - Refused without $request_time, a time, a request or $status.
//
// # HAProxy (-input-format haproxy)
//
// The 'option httplog' line, with any syslog prefix before the client
// address. The timers are TR/Tw/Tc/Tr/Ta (HAProxy 1.9 and later) or
// Tq/Tw/Tc/Tr/Tt (before): the same reading serves both, since the date is
// then the request's (TR) or the connection's (Tq) start and Ta or Tt
// counts from it.
//
//   - Receive instant: accept_date + TR (the headers were whole). The
//     date has no offset: -log-tz is required.
//   - TTLB: Ta - TR. A "+" (option logasap) is read as the value: a lower
//     bound. TTFB: Tw + Tc + Tr (queue, connect, server headers), unknown
//     when one is -1.
//   - Status 0: status -1, and the termination states C and c (client
//     abort, timeout) or S and s (server error, timeout) whose second
//     letter is R, Q, C or H (before the response headers). CD, SD and the
//     like keep their status.
//   - TR of -1 (the request never came whole) and <BADREQ> are bad lines.
//   - Bytes: bytes_read, headers included.
//
// # Envoy (-input-format envoy)
//
// Envoy's default format, another text format (-log-format), or a
// json_format object (-log-format '{"start":"%START_TIME%",...}'; each
// value that is exactly one command gives its key path a meaning; nested
// objects are followed). Commands read: %START_TIME% (default layout
// only), %REQ(:METHOD)%, %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% or
// %REQ(:PATH)%, %RESPONSE_CODE%, %RESPONSE_FLAGS%, %BYTES_SENT%,
// %DURATION%, %RESPONSE_DURATION%, %RESPONSE_TX_DURATION%,
// %REQUEST_DURATION%.
//
//   - Receive instant: %START_TIME% (the first byte of the request), plus
//     %REQUEST_DURATION% when logged (then TTLB and TTFB count from that
//     instant).
//   - TTLB: %DURATION%, else %RESPONSE_DURATION% + %RESPONSE_TX_DURATION%.
//     TTFB: %RESPONSE_DURATION% (the first byte from the upstream, which
//     Envoy forwards at once); the default format has none: unknown.
//   - Status 0: response code 0, and the flags UT, UF, UC, UR, LR. Our
//     reading leaves SI and DT (idle or duration timeouts, often the
//     client's) and URX (the last attempt's status is kept) alone.
//   - A quoted field is read up to the next quote: Envoy does not escape
//     quotes in text formats (its JSON format does).
//
// # AWS ALB (-input-format alb)
//
//   - Receive instant: request_creation_time. Lines from before that
//     field: time - the sum of the three processing times.
//   - TTLB: time - request_creation_time (time is when the ALB answered;
//     microseconds). Our reading: the ALB logs no end of transfer, so this
//     is the best end it gives; the alternative, the sum of the processing
//     times, leaves out the time between the ALB's steps. TTFB: the sum of
//     request, target and response processing times (ms), unknown when one
//     is -1; within 2 ms above TTLB (rounding) it is TTLB.
//   - Status: elb_status_code (what the client got). Status 0: 460
//     (client closed), and 502 or 504 with target_status_code "-" (the
//     target did not answer), and an elb status of "-". target_status_code
//     is not the call's status: the client did not receive it.
//   - Endpoint: the request's absolute URL becomes its path.
//
// # JSON lines (-input-format json)
//
// -map target=source,... maps the calls CSV's columns to key paths
// (dotted for nested objects; a key with a dot cannot be named). Targets:
// received_at (RFC 3339, with or without offset, or dd/Mon/yyyy:hh:mm:ss
// ±hhmm as API Gateway's requestTime), received_at_unix_s,
// received_at_unix_ms, received_at_unix_us (one of these); endpoint
// ("METHOD /path"), or method and path; status; ttlb_ms, ttlb_s or ttlb_us;
// ttfb_ms, ttfb_s or ttfb_us (optional; -1 or "-" is unknown);
// response_bytes, records, attributable, rejected (optional). Numbers may
// be JSON numbers or strings of digits; null is absent. The time is taken
// as the receive instant: map a start time (API Gateway requestTimeEpoch,
// Kong started_at), not a log-write time. Status 0 is what the log says:
// the pipeline that wrote it owns that choice.
//
//	API Gateway:  -map received_at_unix_ms=requestTimeEpoch,method=httpMethod,path=path,status=status,ttlb_ms=responseLatency,response_bytes=responseLength
//	Kong file-log: -map received_at_unix_ms=started_at,method=request.method,path=request.uri,status=response.status,ttlb_ms=latencies.request,response_bytes=response.size
//
// # Concurrency and allocation
//
// A Reader is immutable: Read may run on many inputs at once. A Read
// allocates its buffers once (a 256 KiB reader, the endpoint buffer) and
// nothing per line once each endpoint has been interned. BenchmarkRead
// measures each format beside the calls CSV in the same run.
//
// # Dependencies
//
// None beyond the standard library. The well-kept parsers that would fit
// (a zero-allocation JSON scanner, a LogFormat-to-regexp library) would
// put a dependency in the root module, whose dependencies are limited to
// the library's own; regular expressions allocate and run far below a
// million lines a second; encoding/json allocates per line. The scanners
// here are a few hundred lines, tested line by line.
package accesslog
