package benchmark

import (
	"errors"
	"fmt"
	"maps"
	"slices"

	"github.com/openfinance-kpi/kpi/availability"
)

// Profile is a regime's benchmarks as data (Rule BM-1): its targets, the
// endpoint catalogues its group targets refer to, and the settings a
// report under it uses.
//
// The presets CBUAE, CBB and Platform return fresh values: change a
// target, add a group or build a profile from scratch without touching
// anyone else's. The zero value is a profile with no targets: Evaluate
// returns no findings for it.
//
// A Profile is safe for concurrent use as long as nobody modifies it;
// Evaluate and the other functions of this package only read it. Its
// slices and map are shared between copies of the value: use Clone before
// changing a profile that someone else holds.
type Profile struct {
	// Name is the rule set's short name: "cbuae", "cbb", "platform".
	Name string
	// Targets in report order; IDs are unique.
	Targets []Target
	// Groups maps a group name to its endpoint IDs. IDs are matched byte
	// for byte, exactly as the regulator writes them (the CBUAE standard
	// writes "GET /payment-consents{ConsentId}" without a slash; so does
	// this catalogue).
	Groups map[string][]string
	// PaymentEndpoints are the payment-order POST endpoints counted for
	// Max PIPS (PF-TPS-1; the report command's contract,
	// examples/report/README.md).
	PaymentEndpoints []string
	// Zone is the IANA name of the default reporting zone; "" is UTC. This
	// package never loads it (that reads the zone database): the caller
	// does, with time.LoadLocation.
	Zone string
	// Availability is the regime's availability rule and OPTIONs: the
	// downtime rule (AV-CLOCK or AV-CONSEC, with N and W), the day length
	// (AV-PCT-1), whether planned downtime leaves the denominator
	// (RG-PLANNED-1), and the rest. It is the value a program hands to
	// package availability as it is: no program translates a profile
	// into options of its own.
	Availability availability.Options
}

// Clone returns a deep copy of p: its targets, groups and payment
// catalogue can be changed without affecting p.
func (p Profile) Clone() Profile {
	q := p
	q.Targets = slices.Clone(p.Targets)
	q.PaymentEndpoints = slices.Clone(p.PaymentEndpoints)
	if p.Groups != nil {
		q.Groups = make(map[string][]string, len(p.Groups))
		for g, eps := range p.Groups {
			q.Groups[g] = slices.Clone(eps)
		}
	}
	return q
}

// GroupOf returns the names of the groups endpoint belongs to, sorted; nil
// if none. Matching is byte for byte.
func (p Profile) GroupOf(endpoint string) []string {
	var out []string
	for g, eps := range p.Groups {
		if slices.Contains(eps, endpoint) {
			out = append(out, g)
		}
	}
	slices.Sort(out)
	return out
}

// InGroup reports whether endpoint is in group's catalogue (byte for
// byte). It does not allocate.
func (p Profile) InGroup(group, endpoint string) bool {
	return slices.Contains(p.Groups[group], endpoint)
}

// GroupNames returns the catalogue's group names, sorted.
func (p Profile) GroupNames() []string {
	return slices.Sorted(maps.Keys(p.Groups))
}

// Target returns the target with the given ID.
func (p Profile) Target(id string) (Target, bool) {
	for _, t := range p.Targets {
		if t.ID == id {
			return t, true
		}
	}
	return Target{}, false
}

// WithTarget returns a copy of p (see Clone) in which t replaces the
// target with the same ID, or is appended when p has none: the way to
// change one target of a preset without touching anyone else's.
func (p Profile) WithTarget(t Target) Profile {
	q := p.Clone()
	for i := range q.Targets {
		if q.Targets[i].ID == t.ID {
			q.Targets[i] = t
			return q
		}
	}
	q.Targets = append(q.Targets, t)
	return q
}

// UptimeTarget returns the profile's interface uptime target: the first
// UptimePercent target with ScopeInterface (AV-BUDGET-1 budgets against it).
func (p Profile) UptimeTarget() (Target, bool) {
	for _, t := range p.Targets {
		if t.KPI == UptimePercent && t.Scope == ScopeInterface {
			return t, true
		}
	}
	return Target{}, false
}

// Validate reports every problem of p that would make a finding
// meaningless: empty or duplicate target IDs, invalid KPI, comparison,
// scope or period, a group target without a group, a group missing from
// the catalogue, an empty source. It returns nil for a sound profile.
// Evaluate does not require a valid profile: it reports an unusable target
// as NO DATA with a note.
func (p Profile) Validate() error {
	var errs []error
	seen := make(map[string]bool, len(p.Targets))
	for i, t := range p.Targets {
		if t.ID == "" {
			errs = append(errs, fmt.Errorf("target %d: empty ID", i))
		} else if seen[t.ID] {
			errs = append(errs, fmt.Errorf("target %d: duplicate ID %q", i, t.ID))
		}
		seen[t.ID] = true
		if msg := p.targetProblem(t); msg != "" {
			errs = append(errs, fmt.Errorf("target %q: %s", t.ID, msg))
		}
		if t.Source == "" {
			errs = append(errs, fmt.Errorf("target %q: no source reference", t.ID))
		}
	}
	return errors.Join(errs...)
}

// targetProblem returns why t cannot be evaluated, or "".
func (p Profile) targetProblem(t Target) string {
	switch {
	case !t.KPI.Valid():
		return fmt.Sprintf("invalid KPI %d", uint8(t.KPI))
	case !t.Cmp.Valid():
		return fmt.Sprintf("invalid comparison %d", uint8(t.Cmp))
	case t.Scope >= numScopeKinds:
		return fmt.Sprintf("invalid scope %d", uint8(t.Scope))
	case !t.Period.Valid():
		return fmt.Sprintf("invalid period %d", uint8(t.Period))
	case t.Scope == ScopeGroup && t.Group == "":
		return "group target without a group"
	case t.Group != "" && p.Groups[t.Group] == nil:
		return fmt.Sprintf("group %q not in the catalogue", t.Group)
	}
	return ""
}
