// Package callgen generates realistic, deterministic API call records in
// the calls CSV of examples/report/README.md: the embedded sample of the report
// command and the inputs of the benchmarks.
//
// Traffic follows a daily curve (quiet nights, a morning and an evening
// peak) over weighted endpoints; TTLB is log-normal per endpoint with a
// tail to seconds; statuses are about 97 % 2xx, 2 % 4xx and under 1 % 5xx;
// paged endpoints return records. Incidents add the shapes a report must
// get right: an outage across midnight, a burst of unanswered calls, a
// planned window. The same Config and seed give the same bytes.
package callgen

import (
	"bufio"
	"io"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"time"
)

// Endpoint is one endpoint's traffic profile.
type Endpoint struct {
	ID        string
	Weight    float64 // share of the traffic, relative to the others
	MedianMs  float64 // median TTLB
	Sigma     float64 // log-normal spread of TTLB
	Bytes     int     // typical response size
	PerRecord int     // bytes per record; > 0 makes the endpoint paged
}

// TTLBMs is the endpoint's log-normal TTLB in milliseconds for a standard
// normal draw z: MedianMs·e^(Sigma·z), before the slow tail, the 5 s cap
// and the paging time the generator adds. The gateway's stub bank
// (examples/gateway/backend) delays its answers by it.
func (e Endpoint) TTLBMs(z float64) float64 { return e.MedianMs * math.Exp(e.Sigma*z) }

// Incident forces the calls of one endpoint in [Start, End) to Status with
// TTLB (and, with Every > 0, adds a call every Every on top of the traffic).
type Incident struct {
	Endpoint   string
	Start, End time.Time
	Status     int
	TTLB       time.Duration
	Every      time.Duration
}

// Config says what to generate.
type Config struct {
	Seed        uint64
	Start       time.Time // the first day's local midnight
	Days        int
	CallsPerDay int
	Endpoints   []Endpoint
	TPPs        int
	Incidents   []Incident
	// Quiet windows have no traffic at all (e.g. a planned window).
	Quiet [][2]time.Time
	// ServerErrors is the share of isolated 5xx; 0 means 0.05 %.
	ServerErrors float64
}

type call struct {
	at       time.Time
	endpoint int
	status   int
	ttfb     time.Duration
	ttlb     time.Duration
	bytes    int
	records  int // -1: unknown (empty)
	tpp      int
	notAttr  bool
	rejected bool
}

// dayShape is the relative traffic of each hour of a local day.
var dayShape = [24]float64{2, 1, 1, 1, 1, 2, 4, 7, 10, 12, 12, 11, 10, 10, 11, 11, 10, 9, 9, 10, 9, 7, 5, 3}

// Write generates the calls of cfg and writes them as CSV, sorted by
// received_at, with the header of examples/report/README.md.
func Write(w io.Writer, cfg Config) error {
	calls := generate(cfg)
	bw := bufio.NewWriterSize(w, 64<<10)
	bw.WriteString("received_at,endpoint,status,ttfb_ms,ttlb_ms,response_bytes,records,tpp_id,attributable,rejected\n")
	var buf []byte
	for _, c := range calls {
		buf = appendCall(buf[:0], cfg, c)
		bw.Write(buf)
	}
	return bw.Flush()
}

// NginxFormat is the nginx log_format WriteNginx writes, as the report's
// -log-format takes it: combined, then the request's, the upstream's and
// the upstream header's times.
const NginxFormat = "combined $request_time $upstream_response_time $upstream_header_time"

// WriteNginx writes the calls of cfg as an nginx access log in NginxFormat,
// in the order they were received (nginx writes a line as a request ends:
// a real log is in the order of the ends). $time_local is the end, to the
// second; $request_time the TTLB; $upstream_header_time the TTFB and
// $upstream_response_time the TTLB, so that a reader's TTFB is the call's;
// a call without a response is a 499 with no upstream times. The client
// address is the TPP's. The calls CSV's other fields (records,
// attributable, rejected) have no place in the line.
func WriteNginx(w io.Writer, cfg Config) error {
	calls := generate(cfg)
	bw := bufio.NewWriterSize(w, 64<<10)
	var buf []byte
	for _, c := range calls {
		buf = appendNginx(buf[:0], cfg, c)
		bw.Write(buf)
	}
	return bw.Flush()
}

func appendNginx(b []byte, cfg Config, c call) []byte {
	b = append(b, "192.0.2."...)
	b = strconv.AppendInt(b, int64(c.tpp+1), 10)
	b = append(b, " - - ["...)
	b = c.at.Add(c.ttlb).In(cfg.Start.Location()).AppendFormat(b, "02/Jan/2006:15:04:05 -0700")
	b = append(b, "] \""...)
	b = append(b, cfg.Endpoints[c.endpoint].ID...)
	b = append(b, " HTTP/1.1\" "...)
	status := c.status
	if status == 0 {
		status = 499
	}
	b = strconv.AppendInt(b, int64(status), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(c.bytes), 10)
	b = append(b, " \"-\" \"okhttp/4.9\" "...)
	b = appendSeconds(b, c.ttlb)
	if c.status == 0 {
		return append(b, " - -\n"...)
	}
	b = append(b, ' ')
	b = appendSeconds(b, c.ttlb)
	b = append(b, ' ')
	b = appendSeconds(b, c.ttfb)
	return append(b, '\n')
}

// appendSeconds appends d in seconds with three decimals, as nginx logs
// its times.
func appendSeconds(b []byte, d time.Duration) []byte {
	ms := d.Round(time.Millisecond) / time.Millisecond
	b = strconv.AppendInt(b, int64(ms/1000), 10)
	b = append(b, '.')
	s := strconv.FormatInt(int64(ms%1000)+1000, 10)
	return append(b, s[1:]...)
}

func appendMs(b []byte, d time.Duration) []byte {
	ms := d / time.Millisecond
	b = strconv.AppendInt(b, int64(ms), 10)
	if us := (d % time.Millisecond) / time.Microsecond; us != 0 {
		b = append(b, '.')
		s := strconv.FormatInt(int64(us)+1000, 10) // 3 digits with leading zeros
		b = append(b, s[1:]...)
	}
	return b
}

func appendCall(b []byte, cfg Config, c call) []byte {
	b = c.at.In(cfg.Start.Location()).AppendFormat(b, "2006-01-02T15:04:05.000Z07:00")
	b = append(b, ',')
	b = append(b, cfg.Endpoints[c.endpoint].ID...)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(c.status), 10)
	b = append(b, ',')
	if c.status != 0 {
		b = appendMs(b, c.ttfb)
	}
	b = append(b, ',')
	b = appendMs(b, c.ttlb)
	b = append(b, ',')
	b = strconv.AppendInt(b, int64(c.bytes), 10)
	b = append(b, ',')
	if c.records >= 0 {
		b = strconv.AppendInt(b, int64(c.records), 10)
	}
	b = append(b, ",tpp-"...)
	b = strconv.AppendInt(b, int64(c.tpp+1), 10)
	b = append(b, ',')
	if c.notAttr {
		b = append(b, "false"...)
	}
	b = append(b, ',')
	if c.rejected {
		b = append(b, "true"...)
	}
	return append(b, '\n')
}

func generate(cfg Config) []call {
	rng := rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15))
	var cum []float64
	total := 0.0
	for _, e := range cfg.Endpoints {
		total += e.Weight
		cum = append(cum, total)
	}
	var hourCum [24]float64
	hsum := 0.0
	for h, v := range dayShape {
		hsum += v
		hourCum[h] = hsum
	}
	byID := make(map[string]int)
	for i, e := range cfg.Endpoints {
		byID[e.ID] = i
	}
	tpps := max(cfg.TPPs, 1)
	var calls []call
	for day := 0; day < cfg.Days; day++ {
		y, m, d := cfg.Start.Date()
		start := time.Date(y, m, d+day, 0, 0, 0, 0, cfg.Start.Location())
		end := time.Date(y, m, d+day+1, 0, 0, 0, 0, cfg.Start.Location())
		hours := end.Sub(start).Hours()
		for range cfg.CallsPerDay {
			// The hour by the day's curve, then uniform within it.
			u := rng.Float64() * hsum
			h := sort.SearchFloat64s(hourCum[:], u)
			off := (float64(h) + rng.Float64()) / 24 * hours
			at := start.Add(time.Duration(off * float64(time.Hour))).Truncate(time.Millisecond)
			if quiet(cfg, at) {
				continue
			}
			ep := sort.SearchFloat64s(cum, rng.Float64()*total)
			calls = append(calls, normalCall(rng, cfg.Endpoints[ep], ep, at, tpps, cfg.ServerErrors))
		}
	}
	for _, inc := range cfg.Incidents {
		ep, ok := byID[inc.Endpoint]
		if !ok {
			continue
		}
		if inc.Every > 0 {
			for at := inc.Start; at.Before(inc.End); at = at.Add(inc.Every) {
				c := normalCall(rng, cfg.Endpoints[ep], ep, at, tpps, cfg.ServerErrors)
				calls = append(calls, c)
			}
		}
		for i := range calls {
			c := &calls[i]
			if c.endpoint == ep && !c.at.Before(inc.Start) && c.at.Before(inc.End) {
				c.status, c.ttlb, c.records, c.rejected, c.notAttr = inc.Status, inc.TTLB, -1, false, false
				c.ttfb = c.ttlb
				c.bytes = 120
				if inc.Status == 0 {
					c.bytes = 0
				}
			}
		}
	}
	sort.SliceStable(calls, func(i, j int) bool { return calls[i].at.Before(calls[j].at) })
	return calls
}

func quiet(cfg Config, at time.Time) bool {
	for _, q := range cfg.Quiet {
		if !at.Before(q[0]) && at.Before(q[1]) {
			return true
		}
	}
	return false
}

func normalCall(rng *rand.Rand, e Endpoint, ep int, at time.Time, tpps int, serverErrors float64) call {
	if serverErrors == 0 {
		serverErrors = 0.0005
	}
	c := call{at: at, endpoint: ep, status: 200, tpp: rng.IntN(tpps), records: -1}
	if e.PerRecord > 0 {
		c.records = rng.IntN(350)
	}
	ms := e.TTLBMs(rng.NormFloat64())
	if rng.Float64() < 0.002 { // the tail: a slow downstream
		ms *= 8
	}
	ms = min(ms, 5000)
	ms += float64(max(c.records, 0)) * 0.6 // paging costs time
	c.ttlb = time.Duration(ms * float64(time.Millisecond)).Truncate(time.Microsecond)
	c.ttfb = time.Duration(float64(c.ttlb) * (0.3 + 0.5*rng.Float64())).Truncate(time.Microsecond)
	c.bytes = e.Bytes/2 + rng.IntN(e.Bytes+1)
	if c.records > 0 {
		c.bytes += c.records * e.PerRecord
	}
	switch u := rng.Float64(); {
	case u < 0.020: // client errors
		c.status = [...]int{400, 401, 403, 404, 429}[rng.IntN(5)]
		c.ttlb /= 3
		c.ttfb = c.ttlb
		c.bytes, c.records = 180, -1
	case u < 0.020+serverErrors: // isolated server errors: rare in the
		// sample, since under the literal failure clock one 5xx on a quiet
		// endpoint keeps it down until its next call
		c.status = [...]int{500, 502, 503}[rng.IntN(3)]
		c.ttfb = c.ttlb
		c.bytes, c.records = 150, -1
		c.notAttr = rng.IntN(4) == 0 // a TPP's connectivity, shown by the bank
	case u < 0.0202+serverErrors: // the gateway gave up
		c.status, c.bytes, c.records = 0, 0, -1
		c.ttlb = 30 * time.Second
	case u < 0.05 && e.ID[0] == 'P': // payment-style calls: a business rejection
		c.status = 201
		c.rejected = true
	default:
		if e.ID[0] == 'P' {
			c.status = 201
		}
	}
	return c
}
