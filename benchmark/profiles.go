package benchmark

import (
	"github.com/shopspring/decimal"

	"github.com/openfinance-kpi/kpi/availability"
)

// Group names of the shipped catalogues.
const (
	// CBUAE (Open Finance standards, section 4 "API Performance").
	GroupBankData            = "bank data"
	GroupServiceInitiation   = "service initiation" // file payments excluded
	GroupFilePayments        = "file payments"      // the batch/file endpoints section 4 excludes
	GroupConfirmationOfPayee = "confirmation of payee"
	GroupInsurance           = "insurance"
	// CBB (operational guidelines, performance KPIs).
	GroupPISP         = "PISP" // bulk/batch excluded
	GroupAISP         = "AISP"
	GroupCoF          = "CoF"
	GroupBulkPayments = "bulk payments" // the bulk/batch endpoints PISP excludes
)

// The documents the shipped profiles quote (package doc, # Sources).
const (
	cbuaeSource    = `CBUAE Open Finance Standards, "Availability, Performance and Usage Benchmarks" (https://openfinanceuae.atlassian.net/wiki/spaces/standardsv1dot1final/pages/210800738)`
	cbbSource      = `CBB, Bahrain Open Banking Framework, Operational Guidelines (https://cbben.thomsonreuters.com/rulebook/gr-641-1)`
	platformSource = `Open Banking Platform Performance Metrics Dashboard`
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// CBUAE returns the profile of the UAE Central Bank Open Finance
// standards, "Availability, Performance and Usage Benchmarks" (Rule BM-3;
// see the package doc, # Sources), a fresh value on every call.
//
// Targets: daily interface uptime >= 99.5 %; average TTLB <= 500 ms over
// the service initiation group (file payments excluded); average TTLB per
// page of up to 100 records <= 500 ms over the bank data group; payment
// execution <= 3 s per payment (the slowest payment of the day).
//
// Catalogue: the endpoint lists of the standard's section 4, transcribed
// byte for byte (including the IDs it writes without a slash before the brace,
// such as "GET /payment-consents{ConsentId}"). The service initiation list
// is split: the five batch/file endpoints form "file payments" and the
// rest "service initiation", since the benchmark excludes batch/file
// payments. Confirmation of payee and insurance have catalogues but no
// benchmark in the standard, so no target.
func CBUAE() Profile {
	return Profile{
		Name: "cbuae",
		Targets: []Target{
			{
				ID: "cbuae.uptime", Title: "API availability",
				KPI: UptimePercent, Scope: ScopeInterface, Period: Daily, Cmp: AtLeast, Threshold: dec("99.5"),
				Source: cbuaeSource + `, section 2 "API Availability", benchmark: "Uptime of 99.5%."`,
			},
			{
				ID: "cbuae.service-initiation.avg-ttlb", Title: "Service initiation average TTLB",
				KPI: AvgTTLBMs, Scope: ScopeGroup, Group: GroupServiceInitiation, Period: Daily, Cmp: AtMost, Threshold: dec("500"),
				Source: cbuaeSource + `, section 4 "API Performance", benchmark: "An average TTLB of 500ms per response across all service initiation APIs, excluding batch/file payments."`,
			},
			{
				ID: "cbuae.bank-data.avg-ttlb-per-page", Title: "Bank data average TTLB per page",
				KPI: AvgTTLBPerPageMs, Scope: ScopeGroup, Group: GroupBankData, Period: Daily, Cmp: AtMost, Threshold: dec("500"),
				Source: cbuaeSource + `, section 4 "API Performance", benchmark: "An average TTLB of 500ms per response across all bank data APIs, or per page of up to 100 records for large datasets."`,
			},
			{
				ID: "cbuae.payment-execution", Title: "Payment execution",
				KPI: MaxPaymentExecutionMs, Scope: ScopeInterface, Period: Daily, Cmp: AtMost, Threshold: dec("3000"),
				Source: cbuaeSource + `, section 5 "Payment Execution", benchmark: "3 seconds per payment"`,
			},
		},
		Groups: map[string][]string{
			GroupBankData: {
				"GET /account-access-consents",
				"GET /accounts",
				"GET /accounts/{AccountID}/balances",
				"GET /accounts/{AccountID}/beneficiaries",
				"GET /accounts/{AccountID}/consents",
				"GET /accounts/{AccountID}/direct-debits",
				"GET /accounts/{AccountID}/parties",
				"GET /accounts/{AccountID}/product",
				"GET /accounts/{AccountID}/scheduled-payments",
				"GET /accounts/{AccountID}/standing-orders",
				"GET /accounts/{AccountID}/transactions",
			},
			GroupServiceInitiation: {
				"GET /payment-consents",
				"GET /payment-consents{ConsentId}",
				"GET /payment-consents{ConsentId}/refund",
				"PATCH /payment-consents{ConsentId}",
				"GET /payments/{PaymentId}",
				"POST /payments",
				"HEAD /payments",
			},
			GroupFilePayments: {
				"POST /payment-consents/{ConsentId}/file",
				"GET /file-payments/{PaymentId}",
				"POST /file-payments",
				"HEAD /file-payments",
				"GET /file-payments/{PaymentId}/report",
			},
			GroupConfirmationOfPayee: {
				"POST /confirmation",
				"POST /discovery",
			},
			GroupInsurance: {
				"GET /insurance-consents",
				"GET /insurance-consents{ConsentId}",
				"PATCH /insurance-consents{ConsentId}",
				"GET /insurance-policies",
				"GET /insurance-policies/{InsurancePolicyId}",
			},
		},
		PaymentEndpoints: []string{"POST /payments", "POST /file-payments"},
		Zone:             "Asia/Dubai",
		// CBUAE section 2: the failure clock (AV-CLOCK) and "86,400 seconds" a day.
		Availability: availability.Options{Rule: availability.Clock, FixedDayLength: true},
	}
}

// cbbPaymentOrders are the payment-order POST endpoints whose successes
// Max PIPS counts (CBB field 1.7), used by CBB and Platform.
func cbbPaymentOrders() []string {
	return []string{
		"POST /domestic-payments",
		"POST /domestic-scheduled-payments",
		"POST /domestic-standing-orders",
		"POST /international-payments",
		"POST /international-scheduled-payments",
		"POST /international-standing-orders",
		"POST /file-payments",
	}
}

// CBB returns the profile of the Central Bank of Bahrain Open Banking
// operational guidelines of the Bahrain Open Banking Framework (Rule BM-4;
// see the package doc, # Sources), a fresh value on every call.
//
// Targets: quarterly interface uptime >= 99.5 %; PISP average TTLB <=
// 750 ms (bulk/batch excluded); AISP average TTLB per page of up to 100
// records <= 750 ms; CoF average TTLB <= 300 ms over the group and maximum
// TTLB <= 500 ms on every CoF endpoint; daily error rate <= 0.5 % pooled
// over all endpoints.
//
// Catalogue: the guidelines elide their endpoint lists ("The following API
// endpoints should be included ...:" is followed by nothing), so the
// groups are this package's reading of the Bahrain Open Banking Framework
// API specifications: PISP = the POST and GET of each payment order (the
// guidelines: "Both the POST and the GET endpoints contain all information
// relating to the payment"), bulk/file payments in their own group;
// AISP = the per-account read endpoints; CoF = the funds-confirmation
// endpoints of payment consents (the guidelines' CoF is "(PISP)", a 'yes/no'
// confirmation). Replace them with the API Endpoint List of your
// reporting template where it differs. Where a CBB template is also one of
// CBUAE's (the account reads, the file payments), it is spelt as CBUAE
// spells it ({AccountID}, {PaymentId}): the Bahrain text forces no
// spelling, and one spelling lets the same logs match both catalogues
// byte for byte.
func CBB() Profile {
	perf := func(title, benchmark string) string {
		return cbbSource + `, performance KPIs, "` + title + `", recommended benchmark: "` + benchmark + `"`
	}
	return Profile{
		Name: "cbb",
		Targets: []Target{
			{
				ID: "cbb.uptime", Title: "Uptime of all interfaces",
				KPI: UptimePercent, Scope: ScopeInterface, Period: Quarterly, Cmp: AtLeast, Threshold: dec("99.5"),
				Source: cbbSource + `, Table 1 – Key Indicators for Availability, "The uptime per day of all interfaces", recommended benchmark: "A quarterly uptime of 99.5%"`,
			},
			{
				ID: "cbb.pisp.avg-ttlb", Title: "PISP response time",
				KPI: AvgTTLBMs, Scope: ScopeGroup, Group: GroupPISP, Period: Daily, Cmp: AtMost, Threshold: dec("750"),
				Source: perf("PISP response time", "An average TTLB of 750 milliseconds per response for all but bulk/batch payments"),
			},
			{
				ID: "cbb.aisp.avg-ttlb-per-page", Title: "AISP response time",
				KPI: AvgTTLBPerPageMs, Scope: ScopeGroup, Group: GroupAISP, Period: Daily, Cmp: AtMost, Threshold: dec("750"),
				Source: perf("AISP response time", "An Average TTLB of 750 milliseconds per response, or per page of results for up to 100 records for larger payloads"),
			},
			{
				ID: "cbb.cof.avg-ttlb", Title: "CoF response time (average)",
				KPI: AvgTTLBMs, Scope: ScopeGroup, Group: GroupCoF, Period: Daily, Cmp: AtMost, Threshold: dec("300"),
				Source: perf("Confirmation of Funds (CoF) response time (PISP)", "An average TTLB of 300 and a max of 500 ms per response"),
			},
			{
				ID: "cbb.cof.max-ttlb", Title: "CoF response time (maximum)",
				KPI: MaxTTLBMs, Scope: ScopeEndpoint, Group: GroupCoF, Period: Daily, Cmp: AtMost, Threshold: dec("500"),
				Source: perf("Confirmation of Funds (CoF) response time (PISP)", "An average TTLB of 300 and a max of 500 ms per response"),
			},
			{
				ID: "cbb.error-rate", Title: "Daily error response rate",
				KPI: ErrorRatePercent, Scope: ScopeInterface, Period: Daily, Cmp: AtMost, Threshold: dec("0.5"),
				Source: perf("Daily error response rate", "An average of 0.5% across all endpoints"),
			},
		},
		Groups: map[string][]string{
			GroupPISP: {
				"POST /domestic-payments",
				"GET /domestic-payments/{DomesticPaymentId}",
				"POST /domestic-scheduled-payments",
				"GET /domestic-scheduled-payments/{DomesticScheduledPaymentId}",
				"POST /domestic-standing-orders",
				"GET /domestic-standing-orders/{DomesticStandingOrderId}",
				"POST /international-payments",
				"GET /international-payments/{InternationalPaymentId}",
				"POST /international-scheduled-payments",
				"GET /international-scheduled-payments/{InternationalScheduledPaymentId}",
				"POST /international-standing-orders",
				"GET /international-standing-orders/{InternationalStandingOrderPaymentId}",
			},
			GroupBulkPayments: {
				"POST /file-payments",
				"GET /file-payments/{PaymentId}",
				"GET /file-payments/{PaymentId}/report-file",
			},
			GroupAISP: {
				"GET /accounts",
				"GET /accounts/{AccountID}",
				"GET /accounts/{AccountID}/balances",
				"GET /accounts/{AccountID}/transactions",
				"GET /accounts/{AccountID}/beneficiaries",
				"GET /accounts/{AccountID}/direct-debits",
				"GET /accounts/{AccountID}/standing-orders",
				"GET /accounts/{AccountID}/scheduled-payments",
				"GET /accounts/{AccountID}/product",
				"GET /accounts/{AccountID}/party",
				"GET /accounts/{AccountID}/statements",
				"GET /accounts/{AccountID}/statements/{StatementId}",
				"GET /accounts/{AccountID}/statements/{StatementId}/file",
				"GET /accounts/{AccountID}/statements/{StatementId}/transactions",
			},
			GroupCoF: {
				"GET /domestic-payment-consents/{ConsentId}/funds-confirmation",
				"GET /international-payment-consents/{ConsentId}/funds-confirmation",
				"GET /international-scheduled-payment-consents/{ConsentId}/funds-confirmation",
			},
		},
		PaymentEndpoints: cbbPaymentOrders(),
		Zone:             "Asia/Bahrain",
		// CBB Table 1: five unanswered requests within 30 s (AV-CONSEC),
		// the real length of the local day.
		Availability: availability.Options{Rule: availability.Consecutive},
	}
}

// Platform returns the targets of a platform KPI dashboard, the "Open
// Banking Platform Performance Metrics Dashboard" (Rule BM-5; it is an
// operator's document, not a regulator's), a fresh value on every call.
// The dashboard writes strict
// comparisons ("> 99.9%", "< 200ms"); they are kept strict: exactly at the
// threshold is a FAIL.
//
// Periods (the dashboard names a cadence, not a measurement period, for most
// targets; see the package documentation): uptime, response time, error
// rate, authentication success and consent management per day ("Daily:
// ... system health"); calls, onboarding, NPS, support resolution,
// documentation, security incidents and patch time per month ("Monthly:
// Business impact and strategic metrics"; "Total monthly API calls");
// compliance score per quarter ("Quarterly: Regulatory compliance");
// partner retention and ROI per year ("retained annually").
//
// Beyond BM-5's list, the dashboard also sets "Compliance Score ... (Target:
// 100%)", "Security Incidents ... (Target: 0)" and "Vulnerability Patching
// ... (Target: < 24 hours)"; they are included. The one-off "Success
// Targets" (500+ developers in the first year, $20M+ revenue) are not
// period targets and are left out.
//
// The platform has no endpoint groups: every target is on the interface
// (for business KPIs: the whole platform).
func Platform() Profile {
	t := func(id, title string, k KPI, period PeriodKind, cmp Comparison, thr, source string) Target {
		return Target{ID: id, Title: title, KPI: k, Scope: ScopeInterface, Period: period, Cmp: cmp,
			Threshold: dec(thr), Source: platformSource + ", " + source}
	}
	return Profile{
		Name: "platform",
		Targets: []Target{
			t("platform.uptime", "API uptime", UptimePercent, Daily, Above, "99.9",
				`Technical Performance: "**API Uptime**: Platform availability (Target: > 99.9%)"`),
			t("platform.response-time", "Response time", AvgTTLBMs, Daily, Below, "200",
				`Technical Performance: "**Response Time**: Average API response time (Target: < 200ms)"`),
			t("platform.error-rate", "Error rate", ErrorRatePercent, Daily, Below, "1",
				`Technical Performance: "**Error Rate**: Percentage of failed API calls (Target: < 1%)"`),
			t("platform.calls", "API calls volume", Calls, Monthly, AtLeast, "10000000",
				`API Usage and Adoption: "**API Calls Volume**: Total monthly API calls (Target: 10M+)"`),
			t("platform.onboarding", "Onboarding time", OnboardingDays, Monthly, Below, "30",
				`Developer Experience: "**Onboarding Time**: Average time for developers to go live (Target: < 30 days)"`),
			t("platform.nps", "Developer satisfaction (NPS)", NPSPoints, Monthly, Above, "50",
				`Developer Experience: "**Developer Satisfaction**: Net Promoter Score from developer surveys (Target: > 50)"`),
			t("platform.support-resolution", "Support ticket resolution", SupportResolutionHours, Monthly, Below, "4",
				`Developer Experience: "**Support Ticket Resolution**: Average time to resolve developer issues (Target: < 4 hours)"`),
			t("platform.documentation", "Documentation quality", DocumentationScore, Monthly, Above, "4.5",
				`Developer Experience: "**Documentation Quality**: Developer-rated documentation score (Target: > 4.5/5.0)"`),
			t("platform.partner-retention", "Partner retention rate", PartnerRetentionPercent, Yearly, Above, "90",
				`Partner Performance: "**Partner Retention Rate**: Percentage of partners retained annually (Target: > 90%)"`),
			t("platform.roi", "ROI", ROIPercent, Yearly, Above, "200",
				`Financial Performance: "**ROI**: Return on platform investment (Target: > 200%)"`),
			t("platform.compliance-score", "Compliance score", ComplianceScorePercent, Quarterly, AtLeast, "100",
				`Regulatory Compliance: "**Compliance Score**: Percentage of regulatory requirements met (Target: 100%)"`),
			t("platform.consent-management", "Consent management", ConsentManagementPercent, Daily, Above, "99.9",
				`Regulatory Compliance: "**Consent Management**: Proper consent handling rate (Target: > 99.9%)"`),
			t("platform.security-incidents", "Security incidents", SecurityIncidents, Monthly, AtMost, "0",
				`Security Performance: "**Security Incidents**: Number of security breaches (Target: 0)"`),
			t("platform.patch-time", "Vulnerability patching", PatchTimeHours, Monthly, Below, "24",
				`Security Performance: "**Vulnerability Patching**: Time to patch critical vulnerabilities (Target: < 24 hours)"`),
			t("platform.auth-success", "Authentication success", AuthSuccessPercent, Daily, Above, "99.9",
				`Security Performance: "**Authentication Success**: Successful authentication rate (Target: > 99.9%)"`),
		},
		PaymentEndpoints: cbbPaymentOrders(),
		Zone:             "UTC",
		// The dashboard's uptime: the failure clock, the real day length.
		Availability: availability.Options{Rule: availability.Clock},
	}
}
