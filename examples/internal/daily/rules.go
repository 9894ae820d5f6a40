package daily

import (
	"fmt"
	"strings"

	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark"
)

// Rules returns the availability options and profile of a rule set
// (REPORT-CONTRACT.md "Invocation"): the profile says which downtime rule
// and day length its regime uses (cbuae: AV-CLOCK and the fixed 86,400 s
// day; cbb: AV-CONSEC and the real day; platform: AV-CLOCK and the real
// day), and every other rule stays at its DEFAULT.
func Rules(name string) (availability.Options, benchmark.Profile, error) {
	var p benchmark.Profile
	switch name {
	case "cbuae":
		p = benchmark.CBUAE()
	case "cbb":
		p = benchmark.CBB()
	case "platform":
		p = benchmark.Platform()
	default:
		return availability.Options{}, p, fmt.Errorf("-rules %q: want cbuae, cbb or platform", name)
	}
	return AvailabilityOptions(p), p, nil
}

// AvailabilityOptions returns the availability options of a profile: its
// downtime rule (AV-CONSEC for benchmark.FiveConsecutive, AV-CLOCK
// otherwise) and its day length (FixedDayLength), every other rule at its
// DEFAULT. Rules and the gateway example both use it.
func AvailabilityOptions(p benchmark.Profile) availability.Options {
	opts := availability.Options{Rule: availability.Clock, FixedDayLength: p.FixedDayLength}
	if p.Downtime == benchmark.FiveConsecutive {
		opts.Rule = availability.Consecutive
	}
	return opts
}

// PaymentSet returns the endpoint IDs counted for Max PIPS: list's items
// trimmed, empty ones dropped (REPORT-CONTRACT.md "-payment-endpoints").
func PaymentSet(list []string) map[string]bool {
	set := make(map[string]bool)
	for _, id := range list {
		if id = strings.TrimSpace(id); id != "" {
			set[id] = true
		}
	}
	return set
}
