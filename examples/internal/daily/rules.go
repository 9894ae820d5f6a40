package daily

import (
	"fmt"
	"strings"

	"github.com/openfinance-kpi/kpi/benchmark"
)

// Rules returns the benchmark profile of a rule set. The profile carries
// its regime's availability options (benchmark.Profile.Availability):
// cbuae the failure clock (AV-CLOCK) over the fixed 86,400 s day, cbb
// five unanswered within 30 s (AV-CONSEC) over the real day, platform the
// failure clock over the real day; every other rule at its DEFAULT.
func Rules(name string) (benchmark.Profile, error) {
	switch name {
	case "cbuae":
		return benchmark.CBUAE(), nil
	case "cbb":
		return benchmark.CBB(), nil
	case "platform":
		return benchmark.Platform(), nil
	}
	return benchmark.Profile{}, fmt.Errorf("-rules %q: want cbuae, cbb or platform", name)
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
