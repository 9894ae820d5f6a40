package benchmark

import (
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/performance"
)

// The regimes beyond the UAE and Bahrain standards (Rules RG-PLANNED-1,
// RG-P95-2, RG-MINUTE-1, RG-TIER-1, RG-HOURLY-1, RG-MEDIAN-1): Australia's
// Consumer Data Right, Open Finance Brasil, the UK's Open Banking, the EU's
// EBA guidelines, and the UAE operator's newer policies. Each Source
// names the public document, its section and address, and quotes the
// words that carry the threshold.

// Group names of the CDR performance tiers (CDS non-functional
// requirements, Performance Requirements). A call's tier depends on its
// endpoint and on whether the customer was present, so the endpoints of
// the Banking and Common APIs appear in a customer-present tier (high or
// low priority) and in the unattended tier.
const (
	GroupCDRUnauthenticated = "cdr unauthenticated" // 1500 ms
	GroupCDRHighPriority    = "cdr high priority"   // 1000 ms
	GroupCDRLowPriority     = "cdr low priority"    // 1500 ms
	GroupCDRUnattended      = "cdr unattended"      // 4000 ms
	GroupCDRLargePayload    = "cdr large payload"   // 6000 ms
)

// Group names of the Open Finance Brasil latency classes (the SLA of the
// daily p95 by the endpoint's call frequency).
const (
	GroupOFBHighFrequency   = "ofb high frequency"   // high and medium-high: 1500 ms
	GroupOFBMediumFrequency = "ofb medium frequency" // 2000 ms
	GroupOFBLowFrequency    = "ofb low frequency"    // 4000 ms
)

// GroupOzoneConnect is the UAE operator's in-scope LFI endpoints
// (CBUAENebras).
const GroupOzoneConnect = "ozone connect"

const (
	cdsPerf  = "Consumer Data Standards 1.36.0, Non-functional Requirements, Performance Requirements (https://consumerdatastandardsaustralia.github.io/standards/#performance-requirements)"
	cdsAvail = "Consumer Data Standards 1.36.0, Non-functional Requirements, Availability Requirements (https://consumerdatastandardsaustralia.github.io/standards/#availability-requirements)"
	ofbP95   = `Open Finance Brasil, "Tempo de Resposta das APIs" (Confluence page 801996803, v6, 2025-03-25, https://openfinancebrasil.atlassian.net/wiki/spaces/OF/pages/801996803)`
	ofbDisp  = `Open Finance Brasil, "Disponibilidade de APIs" (Confluence page 795017220, v3, 2025-03-25, https://openfinancebrasil.atlassian.net/wiki/spaces/OF/pages/795017220)`
)

// cdrLowPriority are the Banking and Common endpoints whose customer
// present calls are low priority; their unattended calls are unattended.
func cdrLowPriority() []string {
	return []string{
		"GET /banking/accounts/{accountId}",
		"GET /banking/accounts/{accountId}/balance",
		"GET /banking/accounts/balances",
		"POST /banking/accounts/balances",
		"GET /banking/accounts/{accountId}/transactions",
		"GET /banking/accounts/{accountId}/transactions/{transactionId}",
		"GET /banking/payees",
		"GET /banking/payees/{payeeId}",
		"GET /banking/accounts/{accountId}/direct-debits",
		"GET /banking/accounts/{accountId}/payments/scheduled",
		"GET /banking/payments/scheduled",
		"POST /banking/payments/scheduled",
	}
}

// cdrHighPriorityPresent are the endpoints whose customer-present calls
// are high priority (and whose unattended calls are unattended).
func cdrHighPriorityPresent() []string {
	return []string{
		"GET /banking/accounts",
		"GET /common/customer",
		"GET /common/customer/detail",
	}
}

// CDR returns the profile of Australia's Consumer Data Right for data
// holders (Rules RG-PLANNED-1, RG-TIER-1, RG-HOURLY-1), a fresh value on
// every call.
//
// Targets: availability >= 99.5 % per calendar month with planned outages
// excluded from both numerator and denominator (RG-PLANNED-1: (T −
// planned − unplanned) / (T − planned); the caller evaluates uptime with
// availability's PlannedExcluded option, which this profile's fields do
// not yet carry); and per performance tier, 95 % of the calls of every
// clock hour within the tier's threshold (1000, 1500, 4000 or 6000 ms).
// The hourly rule is judged per day on WorstHourWithinThresholdPercent,
// the lowest hourly share of the day: the day passes when every hour
// does.
//
// Catalogue: the tier table of the standard for the Banking, Common,
// Discovery, Admin and security endpoints, as endpoint IDs under the
// standard's base path. Customer-present and unattended calls to one
// endpoint fall in different tiers, so those endpoints appear in two
// groups; the tier of a call comes from its endpoint and the
// customer-present flag (the x-fapi-customer-ip-address header). Not
// transcribed: the Energy endpoints, the instalment-plan endpoints added
// in 1.35.0, and the secondary-request tiers (shared responsibility, energy only). The
// security endpoints' paths are the data holder's own (published in its
// OpenID discovery document); the catalogue gives the usual ones.
//
// Zone: the data holder's organisation's zone (the guidance asks for the
// organisation's date and time); Australia/Sydney is a default.
func CDR() Profile {
	hp := append(cdrHighPriorityPresent(),
		"POST /register",
		"GET /register/{clientId}",
		"PUT /register/{clientId}",
		"DELETE /register/{clientId}",
		"POST /token",
		"GET /authorise",
		"POST /par",
		"POST /introspect",
		"POST /revoke",
		"GET /userinfo",
		"GET /jwks",
		"GET /.well-known/openid-configuration",
		"POST /arrangements/revoke",
		"GET /discovery/status",
		"GET /discovery/outages",
	)
	unattended := append(append(cdrHighPriorityPresent(), cdrLowPriority()...),
		"POST /admin/register/metadata",
		"GET /admin/metrics",
	)
	tier := func(id, title, group, ms string) Target {
		return Target{
			ID: id, Title: title,
			KPI: WorstHourWithinThresholdPercent, Scope: ScopeGroup, Group: group, Period: Daily, Cmp: AtLeast, Threshold: dec("95"),
			Source: cdsPerf + `: "95% of calls per hour responded to within a nominated threshold"; tier threshold ` + ms + " ms.",
		}
	}
	return Profile{
		Name: "cdr",
		Targets: []Target{
			{
				ID: "cdr.availability", Title: "Availability (planned outages excluded)",
				KPI: UptimePercent, Scope: ScopeInterface, Period: Monthly, Cmp: AtLeast, Threshold: dec("99.5"),
				Source: cdsAvail + `: "Service availability requirement for data holders and secondary data holders: 99.5% per month" and "The availability requirement does not include planned outages."`,
			},
			tier("cdr.unauthenticated.hourly", "Unauthenticated tier, share within 1500 ms per hour", GroupCDRUnauthenticated, "1500"),
			tier("cdr.high-priority.hourly", "High priority tier, share within 1000 ms per hour", GroupCDRHighPriority, "1000"),
			tier("cdr.low-priority.hourly", "Low priority tier, share within 1500 ms per hour", GroupCDRLowPriority, "1500"),
			tier("cdr.unattended.hourly", "Unattended tier, share within 4000 ms per hour", GroupCDRUnattended, "4000"),
			tier("cdr.large-payload.hourly", "Large payload tier, share within 6000 ms per hour", GroupCDRLargePayload, "6000"),
		},
		Groups: map[string][]string{
			GroupCDRUnauthenticated: {"GET /banking/products", "GET /banking/products/{productId}"},
			GroupCDRHighPriority:    hp,
			GroupCDRLowPriority:     cdrLowPriority(),
			GroupCDRUnattended:      unattended,
			GroupCDRLargePayload:    {"GET /banking/accounts/direct-debits", "POST /banking/accounts/direct-debits"},
		},
		Zone: "Australia/Sydney",
		// RG-PLANNED-1: CDR's availability excludes planned outages from
		// both sides, (T - planned - unplanned) / (T - planned); the
		// failure clock derives the unplanned downtime from calls.
		Availability: availability.Options{Rule: availability.Clock, PlannedExcluded: true},
	}
}

// OFB returns the profile of Open Finance Brasil's monitoring of API
// performance and availability from call reports (Rules RG-P95-2 and
// RG-MINUTE-1), a fresh value on every call.
//
// Targets, per endpoint: the daily exact p95 (RG-P95-2) at most 1500 ms
// for the high and medium-high frequency endpoints, 2000 ms for the medium
// and 4000 ms for the low; the daily minute availability (RG-MINUTE-1) at
// least 95 % every day; and the long availability, the mean of the last
// 90 daily values, at least 99.5 %, judged on the month (the regulator
// takes it on the month's last day). The monthly tolerance of the p95
// rule (an endpoint passes the month on 90 % of its days and no day above
// 1.2 × SLA) is a reading over the daily findings, not a target here.
// Payment-initiation availability follows the Pix participant categories
// (A 99.5 %, B 99.0 %, C 98.5 %, D 95.0 %) and is left to the caller.
//
// Catalogue: the three frequency classes are empty groups: Open Finance
// Brasil assigns each endpoint (method + resource, per major version) to
// a class in its own tables, which the caller fills in (Clone the profile
// and set Groups). An endpoint in no class gets no p95 verdict.
//
// Zone: America/Sao_Paulo (the texts count Brasília time; Brazil's own
// queries group by UTC minute, a calendar in UTC reproduces them).
func OFB() Profile {
	p95 := func(id, title, group, ms, class string) Target {
		return Target{
			ID: id, Title: title,
			KPI: P95TTLBMs, Scope: ScopeEndpoint, Group: group, Period: Daily, Cmp: AtMost, Threshold: dec(ms),
			Source: ofbP95 + ": daily P95 per endpoint, SLA " + ms + " ms (" + class + ").",
		}
	}
	return Profile{
		Name: "ofb",
		Targets: []Target{
			p95("ofb.p95.high", "Daily p95, high and medium-high frequency", GroupOFBHighFrequency, "1500", "high and medium-high frequency"),
			p95("ofb.p95.medium", "Daily p95, medium frequency", GroupOFBMediumFrequency, "2000", "medium frequency"),
			p95("ofb.p95.low", "Daily p95, low frequency", GroupOFBLowFrequency, "4000", "low frequency"),
			{
				ID: "ofb.availability.daily", Title: "Daily availability (minute slots)",
				KPI: MinuteAvailabilityPercent, Scope: ScopeEndpoint, Period: Daily, Cmp: AtLeast, Threshold: dec("95"),
				Source: ofbDisp + ": daily availability of at least 95% every day.",
			},
			{
				ID: "ofb.availability.long", Title: "Long availability (90-day mean of daily values)",
				KPI: LongMinuteAvailabilityPercent, Scope: ScopeEndpoint, Period: Monthly, Cmp: AtLeast, Threshold: dec("99.5"),
				Source: ofbDisp + `: "long" availability, the 90-day moving average of the daily values, of at least 99.5%, taken on the last day of the month.`,
			},
		},
		Groups: map[string][]string{
			GroupOFBHighFrequency:   {},
			GroupOFBMediumFrequency: {},
			GroupOFBLowFrequency:    {},
		},
		Zone: "America/Sao_Paulo",
		// Open Finance Brasil judges availability by minute slots
		// (RG-MINUTE-1) and probes (RG-PROBE-1); the failure clock is the
		// call-derived downtime a report shows beside them.
		Availability: availability.Options{Rule: availability.Clock},
	}
}

// UK returns the profile of the UK's Open Banking (OBIE) operational
// guidelines, a fresh value on every call: interface uptime of at least
// 99.5 % per calendar quarter, downtime by the five-in-30-seconds rule
// (AV-CONSEC: the dedicated interface is down once five consecutive
// requests are not answered within 30 s), response times measured on the
// server side as TTLB (the MI template's "Median TTLB Response Time" and
// "Average TTLB Response Time", RG-MEDIAN-1 and PF-AVG-1, reported, with
// no threshold of their own).
//
// Catalogue: none. The OBIE MI template takes its endpoint IDs from the
// standard's predefined list; a caller that has it adds it as groups.
//
// The Source paraphrases the guideline: its own words were not checked
// when the profile was written.
func UK() Profile {
	return Profile{
		Name: "uk",
		Targets: []Target{
			{
				ID: "uk.uptime", Title: "Dedicated interface uptime",
				KPI: UptimePercent, Scope: ScopeInterface, Period: Quarterly, Cmp: AtLeast, Threshold: dec("99.5"),
				Source: "Open Banking Limited, Operational Guidelines, 2.1 Key Indicators for availability and performance (https://standards.openbanking.org.uk/operational-guidelines/): uptime of 99.5% per quarter (paraphrase).",
			},
		},
		Zone:         "Europe/London",
		Availability: availability.Options{Rule: availability.Consecutive},
	}
}

// EBA returns the profile of the EU's PSD2 dedicated interfaces under the
// EBA Guidelines on the exemption from the contingency mechanism
// (EBA/GL/2018/07), a fresh value on every call.
//
// The guidelines set no numeric target: the ASPSP computes daily
// statistics (uptime and downtime per day, response times for account
// information, payment initiation and confirmation of funds, error
// rates) for the dedicated interface and for its own customer interface,
// publishes them quarterly, and shows the dedicated interface is at least
// as good. Downtime is by the five-in-30-seconds rule (AV-CONSEC). The
// profile therefore has no targets; its fields select the downtime method
// and the reporting zone (UTC by default: the caller sets its own).
//
// Source: EBA, Guidelines on the conditions to benefit from an exemption
// from the contingency mechanism under Article 33(6) of Regulation (EU)
// 2018/389 (RTS on SCA & CSC), EBA/GL/2018/07, Guidelines 2.2 to 2.4,
// published on https://www.eba.europa.eu (the guideline's number
// identifies it).
func EBA() Profile {
	return Profile{
		Name:         "eba",
		Availability: availability.Options{Rule: availability.Consecutive},
	}
}

// CBUAENebras returns the UAE variant built on the operator's newer LFI
// policies (Nebras, the UAE Open Finance platform operator), a fresh value
// on every call: the daily exact p95 of each in-scope endpoint (RG-P95-2)
// at most 500 ms, and availability of at least 99.5 % per calendar month.
// It sits beside CBUAE (the published standard: a mean TTLB and a daily
// uptime); which of the two the Central Bank enforces is not settled in
// the public texts, so both are shipped.
//
// The p95 is of the LFI's leg (the calls the platform makes to the LFI's
// Ozone Connect services), not end to end. Out of scope are the
// platform-operated endpoints (consent reads, authorisation, token),
// sandbox traffic, and the latency of the platform, the TPP and the
// internet.
//
// Catalogue: the CBUAE bank data, service initiation and file payment
// lists, plus confirmation of payee, products and leads, as the policy's
// examples list them. The policy pages were read only in part.
func CBUAENebras() Profile {
	base := CBUAE()
	var oc []string
	for _, g := range []string{GroupBankData, GroupServiceInitiation, GroupFilePayments} {
		oc = append(oc, base.Groups[g]...)
	}
	oc = append(oc, "POST /customers/action/cop-query", "GET /products", "POST /leads")
	return Profile{
		Name: "cbuae-nebras",
		Targets: []Target{
			{
				ID: "cbuae-nebras.p95", Title: "LFI response time, daily p95 per endpoint",
				KPI: P95TTLBMs, Scope: ScopeEndpoint, Group: GroupOzoneConnect, Period: Daily, Cmp: AtMost, Threshold: dec("500"),
				Source: `Nebras, LFI policy "Ozone Connect response time" (https://nebras-open-finance.com/policy/ozone-connect-response-time): "500 ms p95 per endpoint, per calendar day".`,
			},
			{
				ID: "cbuae-nebras.availability", Title: "LFI availability per month",
				KPI: UptimePercent, Scope: ScopeInterface, Period: Monthly, Cmp: AtLeast, Threshold: dec("99.5"),
				Source: `Nebras, LFI policy "Ozone Connect availability" (https://nebras-open-finance.com/policy/ozone-connect-availability): 99.5% per calendar month across Ozone Connect endpoints.`,
			},
		},
		Groups:           map[string][]string{GroupOzoneConnect: oc},
		PaymentEndpoints: base.PaymentEndpoints,
		Zone:             base.Zone,
		Availability:     base.Availability,
	}
}

// TierRoutes returns the RG-TIER-1 route (performance.TierRoute) of every
// endpoint of p's CDR tier groups (the CDR profile's; none for a profile
// without them): large payload and unauthenticated endpoints keep their
// tier; an endpoint of the unattended group has the unattended tier when
// the customer is absent and, when present, the high or low priority tier
// of the group that lists it (the unattended tier when none does: the
// Admin endpoints the Register calls); any other endpoint of the high or
// low priority group keeps that tier.
func TierRoutes(p Profile) map[string]performance.TierRoute {
	out := map[string]performance.TierRoute{}
	fixed := func(t performance.Tier) performance.TierRoute {
		return performance.TierRoute{Present: t, Unattended: t}
	}
	for _, id := range p.Groups[GroupCDRHighPriority] {
		out[id] = fixed(performance.TierHighPriority)
	}
	for _, id := range p.Groups[GroupCDRLowPriority] {
		out[id] = fixed(performance.TierLowPriority)
	}
	for _, id := range p.Groups[GroupCDRUnattended] {
		present := performance.TierUnattended
		if r, ok := out[id]; ok {
			present = r.Present
		}
		out[id] = performance.TierRoute{Present: present, Unattended: performance.TierUnattended}
	}
	for _, id := range p.Groups[GroupCDRUnauthenticated] {
		out[id] = fixed(performance.TierUnauthenticated)
	}
	for _, id := range p.Groups[GroupCDRLargePayload] {
		out[id] = fixed(performance.TierLargePayload)
	}
	return out
}

// TierGroup returns the CDR group name of tier t ("" for TierNone): the
// group whose WorstHourWithinThresholdPercent target judges it.
func TierGroup(t performance.Tier) string {
	switch t {
	case performance.TierUnauthenticated:
		return GroupCDRUnauthenticated
	case performance.TierHighPriority:
		return GroupCDRHighPriority
	case performance.TierLowPriority:
		return GroupCDRLowPriority
	case performance.TierUnattended:
		return GroupCDRUnattended
	case performance.TierLargePayload:
		return GroupCDRLargePayload
	}
	return ""
}
