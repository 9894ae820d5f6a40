package benchmark

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi/availability"
)

// seedPath is where the regulators' texts live beside the repository
// (/work/shared/seeds); tests that read them skip when they are absent.
func seedText(t *testing.T, file string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "shared", "seeds", file))
	if err != nil {
		t.Skipf("seed %s not available: %v", file, err)
	}
	return string(b)
}

const (
	seed000 = "000_757f85091d1c5d62.txt"
	seed001 = "001_9f7672b5d090c62c.txt"
	seed002 = "002_2dc148ac3b931889.txt"
)

// shippedTarget is one target of a preset as transcribed by hand from its
// seed, with the seed's own words.
type shippedTarget struct {
	rule      string
	profile   func() Profile
	id        string
	kpi       KPI
	scope     ScopeKind
	group     string
	period    PeriodKind
	cmp       Comparison
	threshold string
	seed      string
	quote     string // a line (or the benchmark cell) of the seed, verbatim
}

var shipped = []shippedTarget{
	// Rule BM-3 (CBUAE, seed 001).
	{"BM-3", CBUAE, "cbuae.uptime", UptimePercent, ScopeInterface, "", Daily, AtLeast, "99.5", seed001,
		"Uptime of 99.5%."},
	{"BM-3", CBUAE, "cbuae.service-initiation.avg-ttlb", AvgTTLBMs, ScopeGroup, GroupServiceInitiation, Daily, AtMost, "500", seed001,
		"An average TTLB of 500ms per response across all service initiation APIs, excluding batch/file payments."},
	{"BM-3", CBUAE, "cbuae.bank-data.avg-ttlb-per-page", AvgTTLBPerPageMs, ScopeGroup, GroupBankData, Daily, AtMost, "500", seed001,
		"An average TTLB of 500ms per response across all bank data APIs, or per page of up to 100 records for large datasets."},
	{"BM-3", CBUAE, "cbuae.payment-execution", MaxPaymentExecutionMs, ScopeInterface, "", Daily, AtMost, "3000", seed001,
		"3 seconds per payment"},
	// Rule BM-4 (CBB, seed 002).
	{"BM-4", CBB, "cbb.uptime", UptimePercent, ScopeInterface, "", Quarterly, AtLeast, "99.5", seed002,
		"A quarterly uptime of 99.5%"},
	{"BM-4", CBB, "cbb.pisp.avg-ttlb", AvgTTLBMs, ScopeGroup, GroupPISP, Daily, AtMost, "750", seed002,
		"An average TTLB of 750 milliseconds per response for all but bulk/batch payments"},
	{"BM-4", CBB, "cbb.aisp.avg-ttlb-per-page", AvgTTLBPerPageMs, ScopeGroup, GroupAISP, Daily, AtMost, "750", seed002,
		"An Average TTLB of 750 milliseconds per response, or per page of results for up to 100 records for larger payloads"},
	{"BM-4", CBB, "cbb.cof.avg-ttlb", AvgTTLBMs, ScopeGroup, GroupCoF, Daily, AtMost, "300", seed002,
		"An average TTLB of 300 and a max of 500 ms per response"},
	{"BM-4", CBB, "cbb.cof.max-ttlb", MaxTTLBMs, ScopeEndpoint, GroupCoF, Daily, AtMost, "500", seed002,
		"An average TTLB of 300 and a max of 500 ms per response"},
	{"BM-4", CBB, "cbb.error-rate", ErrorRatePercent, ScopeInterface, "", Daily, AtMost, "0.5", seed002,
		"An average of 0.5% across all endpoints"},
	// Rule BM-5 (platform, seed 000).
	{"BM-5", Platform, "platform.uptime", UptimePercent, ScopeInterface, "", Daily, Above, "99.9", seed000,
		"**API Uptime**: Platform availability (Target: > 99.9%)"},
	{"BM-5", Platform, "platform.response-time", AvgTTLBMs, ScopeInterface, "", Daily, Below, "200", seed000,
		"**Response Time**: Average API response time (Target: < 200ms)"},
	{"BM-5", Platform, "platform.error-rate", ErrorRatePercent, ScopeInterface, "", Daily, Below, "1", seed000,
		"**Error Rate**: Percentage of failed API calls (Target: < 1%)"},
	{"BM-5", Platform, "platform.calls", Calls, ScopeInterface, "", Monthly, AtLeast, "10000000", seed000,
		"**API Calls Volume**: Total monthly API calls (Target: 10M+)"},
	{"BM-5", Platform, "platform.onboarding", OnboardingDays, ScopeInterface, "", Monthly, Below, "30", seed000,
		"**Onboarding Time**: Average time for developers to go live (Target: < 30 days)"},
	{"BM-5", Platform, "platform.nps", NPSPoints, ScopeInterface, "", Monthly, Above, "50", seed000,
		"**Developer Satisfaction**: Net Promoter Score from developer surveys (Target: > 50)"},
	{"BM-5", Platform, "platform.support-resolution", SupportResolutionHours, ScopeInterface, "", Monthly, Below, "4", seed000,
		"**Support Ticket Resolution**: Average time to resolve developer issues (Target: < 4 hours)"},
	{"BM-5", Platform, "platform.documentation", DocumentationScore, ScopeInterface, "", Monthly, Above, "4.5", seed000,
		"**Documentation Quality**: Developer-rated documentation score (Target: > 4.5/5.0)"},
	{"BM-5", Platform, "platform.partner-retention", PartnerRetentionPercent, ScopeInterface, "", Yearly, Above, "90", seed000,
		"**Partner Retention Rate**: Percentage of partners retained annually (Target: > 90%)"},
	{"BM-5", Platform, "platform.roi", ROIPercent, ScopeInterface, "", Yearly, Above, "200", seed000,
		"**ROI**: Return on platform investment (Target: > 200%)"},
	{"BM-5", Platform, "platform.compliance-score", ComplianceScorePercent, ScopeInterface, "", Quarterly, AtLeast, "100", seed000,
		"**Compliance Score**: Percentage of regulatory requirements met (Target: 100%)"},
	{"BM-5", Platform, "platform.consent-management", ConsentManagementPercent, ScopeInterface, "", Daily, Above, "99.9", seed000,
		"**Consent Management**: Proper consent handling rate (Target: > 99.9%)"},
	{"BM-5", Platform, "platform.security-incidents", SecurityIncidents, ScopeInterface, "", Monthly, AtMost, "0", seed000,
		"**Security Incidents**: Number of security breaches (Target: 0)"},
	{"BM-5", Platform, "platform.patch-time", PatchTimeHours, ScopeInterface, "", Monthly, Below, "24", seed000,
		"**Vulnerability Patching**: Time to patch critical vulnerabilities (Target: < 24 hours)"},
	{"BM-5", Platform, "platform.auth-success", AuthSuccessPercent, ScopeInterface, "", Daily, Above, "99.9", seed000,
		"**Authentication Success**: Successful authentication rate (Target: > 99.9%)"},
}

// Rules BM-3, BM-4, BM-5: every shipped target, transcribed by hand from
// the seed line quoted beside it; the quote is in the target's Source and
// (when the seeds are at hand) in the seed itself.
func TestShippedTargets(t *testing.T) {
	seen := map[string]bool{}
	for _, w := range shipped {
		t.Run(w.rule+"/"+w.id, func(t *testing.T) {
			tg, ok := w.profile().Target(w.id)
			require.True(t, ok, "target missing")
			require.Equal(t, w.kpi, tg.KPI)
			require.Equal(t, w.scope, tg.Scope)
			require.Equal(t, w.group, tg.Group)
			require.Equal(t, w.period, tg.Period)
			require.Equal(t, w.cmp, tg.Cmp)
			require.True(t, tg.Threshold.Equal(decimal.RequireFromString(w.threshold)), "threshold %s, want %s", tg.Threshold, w.threshold)
			require.Contains(t, tg.Source, w.quote)
			require.Contains(t, tg.Source, "seed "+w.seed[:3])
			require.Contains(t, seedText(t, w.seed), w.quote)
		})
		seen[w.id] = true
	}
	// No preset target escapes this table.
	for _, p := range []Profile{CBUAE(), CBB(), Platform()} {
		for _, tg := range p.Targets {
			require.True(t, seen[tg.ID], "target %s has no seed test", tg.ID)
		}
	}
}

// Rule BM-1: the presets are sound and fresh on every call.
func TestBM1PresetsValidAndFresh(t *testing.T) {
	for _, mk := range []func() Profile{CBUAE, CBB, Platform} {
		p := mk()
		require.NoError(t, p.Validate(), p.Name)
		// Change everything we can reach, then ask again.
		p.Targets[0].Threshold = decimal.NewFromInt(1)
		p.PaymentEndpoints[0] = "changed"
		for g := range p.Groups {
			p.Groups[g][0] = "changed"
		}
		q := mk()
		require.False(t, q.Targets[0].Threshold.Equal(decimal.NewFromInt(1)), p.Name)
		require.NotEqual(t, "changed", q.PaymentEndpoints[0])
		for g := range q.Groups {
			require.NotEqual(t, "changed", q.Groups[g][0], g)
		}
	}
}

// Rule BM-1: WithTarget changes one target of a copy, and Clone is deep.
func TestBM1WithTarget(t *testing.T) {
	p := CBUAE()
	monthly, _ := p.Target("cbuae.uptime")
	monthly.Period = Monthly
	q := p.WithTarget(monthly)
	got, _ := q.Target("cbuae.uptime")
	require.Equal(t, Monthly, got.Period)
	orig, _ := p.Target("cbuae.uptime")
	require.Equal(t, Daily, orig.Period, "the original profile is untouched")
	require.Len(t, q.Targets, len(p.Targets))

	extra := Target{ID: "bank.cop.avg", KPI: AvgTTLBMs, Scope: ScopeGroup, Group: GroupConfirmationOfPayee,
		Cmp: AtMost, Threshold: decimal.NewFromInt(400), Source: "internal SLA"}
	r := p.WithTarget(extra)
	require.Len(t, r.Targets, len(p.Targets)+1)
	require.NoError(t, r.Validate())
	require.Len(t, p.Targets, 4)

	c := p.Clone()
	c.Groups[GroupBankData][0] = "x"
	require.Equal(t, "GET /account-access-consents", p.Groups[GroupBankData][0])
}

// Rule BM-1: Validate names each kind of unusable target.
func TestBM1Validate(t *testing.T) {
	good := Target{ID: "a", KPI: AvgTTLBMs, Cmp: AtMost, Threshold: decimal.NewFromInt(1), Source: "s"}
	cases := []struct {
		name string
		t    Target
		want string
	}{
		{"empty ID", Target{KPI: AvgTTLBMs, Cmp: AtMost, Source: "s"}, "empty ID"},
		{"zero KPI", Target{ID: "b", Cmp: AtMost, Source: "s"}, "invalid KPI"},
		{"zero comparison", Target{ID: "b", KPI: AvgTTLBMs, Source: "s"}, "invalid comparison"},
		{"bad period", Target{ID: "b", KPI: AvgTTLBMs, Cmp: AtMost, Period: 9, Source: "s"}, "invalid period"},
		{"bad scope", Target{ID: "b", KPI: AvgTTLBMs, Cmp: AtMost, Scope: 7, Source: "s"}, "invalid scope"},
		{"group without name", Target{ID: "b", KPI: AvgTTLBMs, Cmp: AtMost, Scope: ScopeGroup, Source: "s"}, "without a group"},
		{"unknown group", Target{ID: "b", KPI: AvgTTLBMs, Cmp: AtMost, Scope: ScopeGroup, Group: "nope", Source: "s"}, `group "nope" not in the catalogue`},
		{"no source", Target{ID: "b", KPI: AvgTTLBMs, Cmp: AtMost}, "no source"},
		{"duplicate ID", good, "duplicate ID"},
	}
	for _, c := range cases {
		p := Profile{Targets: []Target{good, c.t}}
		err := p.Validate()
		require.Error(t, err, c.name)
		require.Contains(t, err.Error(), c.want, c.name)
	}
	require.NoError(t, Profile{}.Validate(), "the zero profile is empty, not wrong")
}

// Seed 001 §4 lists the endpoints byte for byte; the CBUAE catalogue must
// hold exactly those, including "GET /payment-consents{ConsentId}" without
// the slash, each in one group.
func TestCBUAECatalogueIsSeed001(t *testing.T) {
	p := CBUAE()
	for _, id := range []string{
		"GET /payment-consents{ConsentId}",
		"GET /payment-consents{ConsentId}/refund",
		"PATCH /payment-consents{ConsentId}",
		"GET /insurance-consents{ConsentId}",
		"PATCH /insurance-consents{ConsentId}",
	} {
		require.Len(t, p.GroupOf(id), 1, id)
	}
	require.Equal(t, []string{GroupServiceInitiation}, p.GroupOf("POST /payments"))
	require.Equal(t, []string{GroupFilePayments}, p.GroupOf("POST /file-payments"))
	require.Equal(t, []string{GroupFilePayments}, p.GroupOf("POST /payment-consents/{ConsentId}/file"))
	require.Nil(t, p.GroupOf("GET /payment-consents/{ConsentId}"), "the slash form is a different ID")
	require.True(t, p.InGroup(GroupBankData, "GET /accounts/{AccountID}/transactions"))
	require.False(t, p.InGroup(GroupBankData, "GET /accounts/{AccountId}/transactions"), "byte for byte: AccountID, not AccountId")

	text := seedText(t, seed001)
	start := strings.Index(text, "\nBank Data\n")
	end := strings.Index(text, "For every 24 hours (from 00:00:00 to 23:59:59 every day), the average")
	require.True(t, start > 0 && end > start)
	var fromSeed []string
	for _, line := range strings.Split(text[start:end], "\n") {
		line = strings.TrimSpace(line)
		for _, m := range []string{"GET ", "POST ", "PATCH ", "HEAD ", "PUT ", "DELETE "} {
			if strings.HasPrefix(line, m) {
				fromSeed = append(fromSeed, line)
			}
		}
	}
	var inCatalogue []string
	for _, g := range p.GroupNames() {
		inCatalogue = append(inCatalogue, p.Groups[g]...)
	}
	slices.Sort(fromSeed)
	slices.Sort(inCatalogue)
	require.Equal(t, fromSeed, inCatalogue)
	require.Len(t, fromSeed, 30) // 11 bank data + 12 service initiation (7 + 5 file) + 2 CoP + 5 insurance
}

// REPORT-CONTRACT payment catalogues (Max PIPS) and default zones.
func TestPaymentCataloguesAndZones(t *testing.T) {
	require.Equal(t, []string{"POST /payments", "POST /file-payments"}, CBUAE().PaymentEndpoints)
	want := []string{
		"POST /domestic-payments", "POST /domestic-scheduled-payments", "POST /domestic-standing-orders",
		"POST /international-payments", "POST /international-scheduled-payments",
		"POST /international-standing-orders", "POST /file-payments",
	}
	require.Equal(t, want, CBB().PaymentEndpoints)
	require.Equal(t, want, Platform().PaymentEndpoints)
	require.Equal(t, "Asia/Dubai", CBUAE().Zone)
	require.Equal(t, "Asia/Bahrain", CBB().Zone)
	require.Equal(t, "UTC", Platform().Zone)
	// CBUAE §2: the failure clock over 86,400 s days; CBB Table 1: five
	// unanswered within 30 s over the real day; the dashboard: the
	// failure clock over the real day. Every other OPTION at its DEFAULT.
	require.Equal(t, availability.Options{Rule: availability.Clock, FixedDayLength: true}, CBUAE().Availability)
	require.Equal(t, availability.Options{Rule: availability.Consecutive}, CBB().Availability)
	require.Equal(t, availability.Options{Rule: availability.Clock}, Platform().Availability)

	// CBB: bulk payments are outside PISP; every payment order but the
	// bulk one is in PISP.
	c := CBB()
	for _, ep := range c.PaymentEndpoints {
		if ep == "POST /file-payments" {
			require.Equal(t, []string{GroupBulkPayments}, c.GroupOf(ep))
			continue
		}
		require.Equal(t, []string{GroupPISP}, c.GroupOf(ep), ep)
	}
}
