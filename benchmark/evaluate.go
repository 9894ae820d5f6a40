package benchmark

import (
	"fmt"
	"strings"

	"github.com/openfinance-kpi/kpi"
	"github.com/shopspring/decimal"
)

// Finding is the judgement of one target over one scope and one period
// (Rule BM-2): the EXACT measured value beside the threshold, comparison,
// verdict, margin and source (all in Target).
//
// The zero value is a NO DATA finding of the zero Target. A Finding is a
// plain value, safe to copy and share. Format or String prints it.
type Finding struct {
	Target Target
	// Scope is what was measured: the interface, the target's group, or
	// one endpoint for an endpoint-scoped target.
	Scope Scope
	// Period is the period judged; the zero Period when the measurements
	// held no period of the target's kind (see Note).
	Period kpi.Period
	// Measured is the exact value in the KPI's unit, or NoData.
	Measured kpi.Ratio
	Verdict  Verdict
	// Margin is how far inside (> 0) or outside (< 0) the threshold the
	// measured value lies, in the KPI's unit (see Target.Judge); NoData
	// when there is no measured value.
	Margin kpi.Ratio
	// Note says why a finding is NO DATA: "not measured", "no data",
	// "no endpoint measured", "no <kind> period measured",
	// "invalid target: ..." or UnobservedNote; followed, for a group
	// target none of whose endpoints the calls used (Measurements.SetSeen,
	// Rule EP-2), by "; no endpoint of group G seen". It is "" otherwise.
	Note string
	// Unobserved is the number of days of Period on which Scope had no
	// availability evidence (Rule AV-EVIDENCE-2, Measurements.SetUnobserved),
	// for UptimePercent targets. A single unobserved day is NO DATA with
	// Note UnobservedNote; a longer period is judged on its figures and
	// Format states how many of its days were unobserved.
	Unobserved int
}

// UnobservedNote is the Note of a finding on a single day that had no
// availability evidence (Rule AV-EVIDENCE-2).
const UnobservedNote = "unobserved: no call and no monitoring that day"

// Evaluate judges every target of p on the measurements m (Rule BM-2) and
// returns one finding per target, period and scope, in a fixed order:
// targets in profile order, then periods by date, then endpoints in byte
// order. The order of the Set calls does not matter.
//
// For each target, the periods judged are every period of the target's
// kind that m covers (Set or Cover). For each such period:
//
//   - an interface or group target gives one finding; it is NO DATA with
//     note "not measured" when m holds no value for it;
//   - an endpoint target gives one finding per endpoint that m holds a
//     value for (restricted to the target's group's catalogue when Group
//     is set); when there is none, one NO DATA finding on the group (or
//     the interface) with note "no endpoint measured".
//
// Rule AV-EVIDENCE-2: an UptimePercent finding on a single day that m
// records unobserved for its scope (Measurements.SetUnobserved) is NO DATA
// with Note UnobservedNote, its computed value kept in Measured; over a
// longer period it is judged on its figures, and Unobserved counts the
// period's unobserved days. Rule EP-2: once Measurements.SetSeen was
// called, every NO DATA finding of a target whose group had none of its
// endpoints seen gets "; no endpoint of group G seen" after its note.
//
// A target whose kind of period m does not cover at all still gives one
// NO DATA finding, with the zero Period and a note: silence would hide a
// gap. A target Profile.Validate would reject gives one NO DATA finding
// with note "invalid target: ...". NO DATA is never a pass.
//
// Evaluate reads p and m and changes neither; m may be nil (nothing
// measured).
func Evaluate(p Profile, m *Measurements) []Finding {
	byKind := make(map[PeriodKind][]kpi.Period)
	for _, per := range m.Periods() {
		if k, ok := KindOf(per); ok {
			byKind[k] = append(byKind[k], per)
		}
	}
	var out []Finding
	for _, t := range p.Targets {
		nominal := Interface()
		if t.Group != "" {
			nominal = Group(t.Group)
		}
		if problem := p.targetProblem(t); problem != "" {
			out = append(out, Finding{Target: t, Scope: nominal, Note: "invalid target: " + problem})
			continue
		}
		periods := byKind[t.Period]
		if len(periods) == 0 {
			out = append(out, Finding{Target: t, Scope: nominal, Note: "no " + t.Period.String() + " period measured"})
			continue
		}
		for _, per := range periods {
			first := len(out)
			if t.Scope != ScopeEndpoint {
				v, ok := m.Get(t.KPI, nominal, per)
				out = append(out, judge(t, nominal, per, v, ok, m))
			} else {
				n := 0
				for _, ep := range m.endpoints(t.KPI, per) {
					if t.Group != "" && !p.InGroup(t.Group, ep) {
						continue
					}
					v, _ := m.Get(t.KPI, Endpoint(ep), per)
					out = append(out, judge(t, Endpoint(ep), per, v, true, m))
					n++
				}
				if n == 0 {
					out = append(out, Finding{Target: t, Scope: nominal, Period: per, Note: "no endpoint measured"})
				}
			}
			if t.Group != "" && m.groupUnseen(p.Groups[t.Group]) {
				for i := first; i < len(out); i++ {
					if out[i].Verdict == Unjudged {
						out[i].Note += "; no endpoint of group " + t.Group + " seen"
					}
				}
			}
		}
	}
	return out
}

func judge(t Target, s Scope, per kpi.Period, v kpi.Ratio, recorded bool, m *Measurements) Finding {
	f := Finding{Target: t, Scope: s, Period: per, Measured: v}
	f.Verdict, f.Margin = t.Judge(v)
	if t.KPI == UptimePercent {
		f.Unobserved = m.UnobservedDays(s, per)
	}
	switch {
	case !recorded:
		f.Note = "not measured"
	case !v.OK():
		f.Note = "no data"
	case f.Unobserved > 0 && per.First == per.Last:
		// Rule AV-EVIDENCE-2: a day without evidence is never judged.
		f.Verdict, f.Margin, f.Note = Unjudged, kpi.NoData, UnobservedNote
	}
	return f
}

// places returns the number of fractional digits to print for k: whole
// numbers for counts, the caller's choice otherwise.
func places(k KPI, want int) int {
	if k == Calls || k == SecurityIncidents {
		return 0
	}
	return want
}

// formatSigned writes r at the given places with an explicit sign taken
// from the exact value: a margin of -0.0004 prints as "-0.000", never as
// an unsigned "0.000" that would read as inside.
func formatSigned(r kpi.Ratio, n int) string {
	s := r.Format(n)
	switch sign := r.CmpDecimal(decimal.Zero); {
	case sign > 0:
		return "+" + s
	case sign < 0 && !strings.HasPrefix(s, "-"):
		return "-" + s
	}
	return s
}

// Format writes f on one line, measured value and margin rounded to the
// given places (half away from zero, from the exact value; counts as
// whole numbers):
//
//	PASS cbuae.uptime interface 2024-03-10: 99.600 % >= 99.5 % (margin +0.100 %)
//	NO DATA cbb.uptime interface 2024-Q1: no data, needs >= 99.5 % (not measured)
//	NO DATA cbuae.uptime interface 2024-03-11: no data (computed 100.000 %), needs >= 99.5 % (unobserved: no call and no monitoring that day)
//	PASS cbb.uptime interface 2024-Q1: 99.600 % >= 99.5 % (margin +0.100 %; 3 of 91 days unobserved)
//
// The source reference is in f.Target.Source.
func (f Finding) Format(n int) string {
	t := f.Target
	n = places(t.KPI, n)
	per := "-"
	if f.Note == "" || f.Period != (kpi.Period{}) {
		per = formatPeriod(f.Period)
	}
	unit := t.KPI.Unit()
	var b strings.Builder
	b.WriteString(f.Verdict.String())
	b.WriteString(" ")
	b.WriteString(t.ID)
	b.WriteString(" ")
	b.WriteString(f.Scope.String())
	b.WriteString(" ")
	b.WriteString(per)
	b.WriteString(": ")
	thr := t.Cmp.String() + " " + formatDecimal(t.Threshold) + " " + unit
	unobserved := ""
	if f.Unobserved > 0 && f.Period.Last > f.Period.First {
		unobserved = fmt.Sprintf("; %d of %d days unobserved", f.Unobserved, f.Period.Days())
	}
	switch {
	case f.Measured.OK() && f.Verdict != Unjudged:
		b.WriteString(f.Measured.Format(n) + " " + unit + " " + thr)
		b.WriteString(" (margin " + formatSigned(f.Margin, n) + " " + unit + unobserved + ")")
	default:
		b.WriteString("no data")
		if f.Measured.OK() { // computed, not judged (an unobserved day)
			b.WriteString(" (computed " + f.Measured.Format(n) + " " + unit + ")")
		}
		b.WriteString(", needs " + thr)
		if note := f.Note + unobserved; note != "" {
			b.WriteString(" (" + strings.TrimPrefix(note, "; ") + ")")
		}
	}
	return b.String()
}

// String is Format(3).
func (f Finding) String() string { return f.Format(3) }
