package callgen

import (
	"strconv"
	"time"

	"github.com/openfinance-kpi/kpi"
)

// Calls generates the calls of cfg as kpi.Calls, sorted by ReceivedAt: the
// same calls, in the same order, that Write prints as CSV and the report
// command parses back (a blank ttfb_ms leaves HasTTFB false, a blank records is
// 0 = unknown, durations are whole microseconds as the CSV writes them).
// Endpoint and TPP strings are shared between calls, so the result costs
// one kpi.Call per call and nothing more.
func Calls(cfg Config) []kpi.Call {
	gen := generate(cfg)
	tpps := make([]string, max(cfg.TPPs, 1))
	for i := range tpps {
		tpps[i] = "tpp-" + strconv.Itoa(i+1)
	}
	calls := make([]kpi.Call, len(gen))
	for i, c := range gen {
		k := &calls[i]
		k.ReceivedAt = c.at.In(cfg.Start.Location())
		k.Endpoint = cfg.Endpoints[c.endpoint].ID
		k.Status = c.status
		k.TTLB = c.ttlb.Truncate(time.Microsecond) // as the CSV writes it
		if c.status != 0 {
			k.TTFB, k.HasTTFB = c.ttfb.Truncate(time.Microsecond), true
		}
		k.ResponseBytes = int64(c.bytes)
		k.Records = int64(max(c.records, 0))
		k.TPP = tpps[c.tpp]
		k.NotAttributable = c.notAttr
		k.Rejected = c.rejected
	}
	return calls
}
