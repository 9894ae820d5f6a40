package daily

import (
	"fmt"
	"strings"

	"github.com/openfinance-kpi/kpi/benchmark"
)

// RuleNames lists the rule sets Rules knows.
const RuleNames = "cbuae, cbb, platform, cdr, ofb, uk, eba or cbuae-nebras"

// Rules returns the benchmark profile of a rule set. The profile carries
// its regime's availability options (benchmark.Profile.Availability):
// cbuae the failure clock (AV-CLOCK) over the fixed 86,400 s day, cbb
// five unanswered within 30 s (AV-CONSEC) over the real day, platform the
// failure clock over the real day; every other rule at its DEFAULT. The
// other regimes: cdr (Australia's Consumer Data Right: monthly
// availability with planned outages excluded, hourly shares per
// performance tier), ofb (Open Finance Brasil: daily p95 and minute
// availability per endpoint), uk (OBIE: quarterly uptime, five in 30
// seconds), eba (PSD2 dedicated interfaces: no numeric target, five in 30
// seconds) and cbuae-nebras (the UAE operator's p95 and monthly
// availability). Each brings its zone (benchmark.Profile.Zone; UTC for
// eba).
func Rules(name string) (benchmark.Profile, error) {
	switch name {
	case "cdr":
		return benchmark.CDR(), nil
	case "ofb":
		return benchmark.OFB(), nil
	case "uk":
		return benchmark.UK(), nil
	case "eba":
		return benchmark.EBA(), nil
	case "cbuae-nebras":
		return benchmark.CBUAENebras(), nil
	case "cbuae":
		return benchmark.CBUAE(), nil
	case "cbb":
		return benchmark.CBB(), nil
	case "platform":
		return benchmark.Platform(), nil
	}
	return benchmark.Profile{}, fmt.Errorf("-rules %q: want %s", name, RuleNames)
}

// PaymentList returns the endpoint IDs of a -payment-endpoints list:
// items trimmed, empty ones dropped, repeats kept once, in the order
// given.
func PaymentList(list []string) []string {
	out := []string{}
	seen := make(map[string]bool)
	for _, id := range list {
		if id = strings.TrimSpace(id); id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
