package benchmark

import "fmt"

// KPI names a measured quantity a Target compares against a threshold
// (Rule BM-1). Each KPI has one unit (Unit); a measurement recorded for it
// in Measurements must be in that unit.
//
// The zero value is not a KPI: Profile.Validate rejects it and Evaluate
// reports a target carrying it as NO DATA.
type KPI uint8

// The KPIs the shipped profiles use. The comment names the rule or package
// that computes each one; this package never computes them from calls.
const (
	_                               KPI = iota
	UptimePercent                       // %: AV-PCT-1 (day) or AV-PCT-2 (month, quarter), package availability
	AvgTTLBMs                           // ms: PF-AVG-1 / PF-AVG-2, T / V over responded calls
	AvgTTLBPerPageMs                    // ms: PF-PAGE-1, T / pages (pages of up to 100 records)
	MaxTTLBMs                           // ms: PF-MAX-1, the slowest responded call
	ErrorRatePercent                    // %: ER-1 / ER-2, pooled
	MaxPaymentExecutionMs               // ms: PF-EXEC-1, the slowest payment's execution time
	Calls                               // calls: calls received in the period (VO-ADOPT-1 monthly API calls)
	OnboardingDays                      // days: VO-ADOPT-1 average onboarding time to go-live
	NPSPoints                           // points: VO-ADOPT-1 net promoter score, -100..100
	SupportResolutionHours              // h: VO-ADOPT-1 average support resolution time
	DocumentationScore                  // /5: developer-rated documentation score (platform dashboard)
	PartnerRetentionPercent             // %: VO-ADOPT-1 partner retention rate
	ROIPercent                          // %: VO-ADOPT-1 return on platform investment
	AuthSuccessPercent                  // %: AF-4 authentication success rate
	ConsentManagementPercent            // %: AF-4 consent management rate
	ComplianceScorePercent              // %: VO-GOV-1 requirements met / applicable
	SecurityIncidents                   // incidents: VO-GOV-1 count of security incidents
	PatchTimeHours                      // h: VO-GOV-1 average time to patch critical vulnerabilities
	P95TTLBMs                           // ms: RG-P95-2, exact nearest-rank 95th percentile per endpoint-day (performance.P95)
	MinuteAvailabilityPercent           // %: RG-MINUTE-1, up minutes / minutes with a valid call (availability.MinuteDay)
	LongMinuteAvailabilityPercent       // %: RG-MINUTE-1, mean of the last 90 daily values with data (availability.MinuteWindow)
	WorstHourWithinThresholdPercent     // %: RG-TIER-1 / RG-HOURLY-1, the lowest hourly share of calls within the tier threshold in the period
	MedianTTLBMs                        // ms: RG-MEDIAN-1, lower median TTLB per endpoint-day (performance.Medians)
	numKPIs
)

var kpiInfo = [numKPIs]struct{ name, unit string }{
	UptimePercent:                   {"UptimePercent", "%"},
	AvgTTLBMs:                       {"AvgTTLBMs", "ms"},
	AvgTTLBPerPageMs:                {"AvgTTLBPerPageMs", "ms"},
	MaxTTLBMs:                       {"MaxTTLBMs", "ms"},
	ErrorRatePercent:                {"ErrorRatePercent", "%"},
	MaxPaymentExecutionMs:           {"MaxPaymentExecutionMs", "ms"},
	Calls:                           {"Calls", "calls"},
	OnboardingDays:                  {"OnboardingDays", "days"},
	NPSPoints:                       {"NPSPoints", "points"},
	SupportResolutionHours:          {"SupportResolutionHours", "h"},
	DocumentationScore:              {"DocumentationScore", "/5"},
	PartnerRetentionPercent:         {"PartnerRetentionPercent", "%"},
	ROIPercent:                      {"ROIPercent", "%"},
	AuthSuccessPercent:              {"AuthSuccessPercent", "%"},
	ConsentManagementPercent:        {"ConsentManagementPercent", "%"},
	ComplianceScorePercent:          {"ComplianceScorePercent", "%"},
	SecurityIncidents:               {"SecurityIncidents", "incidents"},
	PatchTimeHours:                  {"PatchTimeHours", "h"},
	P95TTLBMs:                       {"P95TTLBMs", "ms"},
	MinuteAvailabilityPercent:       {"MinuteAvailabilityPercent", "%"},
	LongMinuteAvailabilityPercent:   {"LongMinuteAvailabilityPercent", "%"},
	WorstHourWithinThresholdPercent: {"WorstHourWithinThresholdPercent", "%"},
	MedianTTLBMs:                    {"MedianTTLBMs", "ms"},
}

// Valid reports whether k is one of the KPIs above.
func (k KPI) Valid() bool { return k > 0 && k < numKPIs }

// String returns the constant's name, such as "UptimePercent", or
// "KPI(n)" for an invalid KPI.
func (k KPI) String() string {
	if !k.Valid() {
		return fmt.Sprintf("KPI(%d)", uint8(k))
	}
	return kpiInfo[k].name
}

// Unit returns the unit measurements and thresholds of k are in: "%",
// "ms", "calls", "days", "points", "h", "/5" or "incidents"; "" for an
// invalid KPI.
func (k KPI) Unit() string {
	if !k.Valid() {
		return ""
	}
	return kpiInfo[k].unit
}

// latency reports whether k is a response-time KPI (for LatencyHeadroom).
func (k KPI) latency() bool {
	return k == AvgTTLBMs || k == AvgTTLBPerPageMs || k == MaxTTLBMs || k == P95TTLBMs || k == MedianTTLBMs
}
