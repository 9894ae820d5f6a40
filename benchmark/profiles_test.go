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

// source is a document the shipped profiles quote, as transcribed by hand
// into testdata/sources/NAME.txt: its name ("document: ..." line) and its
// benchmark sentences, one a line, "section: sentence".
type source struct {
	document string
	quotes   map[string]string // sentence -> section
	used     map[string]bool
}

func readSource(t *testing.T, name string) *source {
	t.Helper()
	src := &source{quotes: map[string]string{}, used: map[string]bool{}}
	for _, line := range readLines(t, filepath.Join("testdata", "sources", name+".txt")) {
		if doc, ok := strings.CutPrefix(line, "document: "); ok {
			src.document = doc
			continue
		}
		section, quote, ok := strings.Cut(line, ": ")
		require.True(t, ok, "line without section: %q", line)
		src.quotes[quote] = section
	}
	require.NotEmpty(t, src.document, name)
	require.NotEmpty(t, src.quotes, name)
	return src
}

// readLines returns the lines of a testdata file that are not comments.
func readLines(t *testing.T, path string) []string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var out []string
	for _, line := range strings.Split(strings.TrimRight(string(b), "\n"), "\n") {
		if !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

const (
	docCBUAE    = "cbuae"
	docCBB      = "cbb"
	docPlatform = "platform"
)

// shippedTarget is one target of a preset as transcribed by hand from the
// document it quotes, with the document's own words.
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
	doc       string // testdata/sources/doc.txt
	quote     string // the benchmark sentence of the document, verbatim
}

var shipped = []shippedTarget{
	// Rule BM-3 (CBUAE).
	{"BM-3", CBUAE, "cbuae.uptime", UptimePercent, ScopeInterface, "", Daily, AtLeast, "99.5", docCBUAE,
		"Uptime of 99.5%."},
	{"BM-3", CBUAE, "cbuae.service-initiation.avg-ttlb", AvgTTLBMs, ScopeGroup, GroupServiceInitiation, Daily, AtMost, "500", docCBUAE,
		"An average TTLB of 500ms per response across all service initiation APIs, excluding batch/file payments."},
	{"BM-3", CBUAE, "cbuae.bank-data.avg-ttlb-per-page", AvgTTLBPerPageMs, ScopeGroup, GroupBankData, Daily, AtMost, "500", docCBUAE,
		"An average TTLB of 500ms per response across all bank data APIs, or per page of up to 100 records for large datasets."},
	{"BM-3", CBUAE, "cbuae.payment-execution", MaxPaymentExecutionMs, ScopeInterface, "", Daily, AtMost, "3000", docCBUAE,
		"3 seconds per payment"},
	// Rule BM-4 (CBB).
	{"BM-4", CBB, "cbb.uptime", UptimePercent, ScopeInterface, "", Quarterly, AtLeast, "99.5", docCBB,
		"A quarterly uptime of 99.5%"},
	{"BM-4", CBB, "cbb.pisp.avg-ttlb", AvgTTLBMs, ScopeGroup, GroupPISP, Daily, AtMost, "750", docCBB,
		"An average TTLB of 750 milliseconds per response for all but bulk/batch payments"},
	{"BM-4", CBB, "cbb.aisp.avg-ttlb-per-page", AvgTTLBPerPageMs, ScopeGroup, GroupAISP, Daily, AtMost, "750", docCBB,
		"An Average TTLB of 750 milliseconds per response, or per page of results for up to 100 records for larger payloads"},
	{"BM-4", CBB, "cbb.cof.avg-ttlb", AvgTTLBMs, ScopeGroup, GroupCoF, Daily, AtMost, "300", docCBB,
		"An average TTLB of 300 and a max of 500 ms per response"},
	{"BM-4", CBB, "cbb.cof.max-ttlb", MaxTTLBMs, ScopeEndpoint, GroupCoF, Daily, AtMost, "500", docCBB,
		"An average TTLB of 300 and a max of 500 ms per response"},
	{"BM-4", CBB, "cbb.error-rate", ErrorRatePercent, ScopeInterface, "", Daily, AtMost, "0.5", docCBB,
		"An average of 0.5% across all endpoints"},
	// Rule BM-5 (platform dashboard).
	{"BM-5", Platform, "platform.uptime", UptimePercent, ScopeInterface, "", Daily, Above, "99.9", docPlatform,
		"**API Uptime**: Platform availability (Target: > 99.9%)"},
	{"BM-5", Platform, "platform.response-time", AvgTTLBMs, ScopeInterface, "", Daily, Below, "200", docPlatform,
		"**Response Time**: Average API response time (Target: < 200ms)"},
	{"BM-5", Platform, "platform.error-rate", ErrorRatePercent, ScopeInterface, "", Daily, Below, "1", docPlatform,
		"**Error Rate**: Percentage of failed API calls (Target: < 1%)"},
	{"BM-5", Platform, "platform.calls", Calls, ScopeInterface, "", Monthly, AtLeast, "10000000", docPlatform,
		"**API Calls Volume**: Total monthly API calls (Target: 10M+)"},
	{"BM-5", Platform, "platform.onboarding", OnboardingDays, ScopeInterface, "", Monthly, Below, "30", docPlatform,
		"**Onboarding Time**: Average time for developers to go live (Target: < 30 days)"},
	{"BM-5", Platform, "platform.nps", NPSPoints, ScopeInterface, "", Monthly, Above, "50", docPlatform,
		"**Developer Satisfaction**: Net Promoter Score from developer surveys (Target: > 50)"},
	{"BM-5", Platform, "platform.support-resolution", SupportResolutionHours, ScopeInterface, "", Monthly, Below, "4", docPlatform,
		"**Support Ticket Resolution**: Average time to resolve developer issues (Target: < 4 hours)"},
	{"BM-5", Platform, "platform.documentation", DocumentationScore, ScopeInterface, "", Monthly, Above, "4.5", docPlatform,
		"**Documentation Quality**: Developer-rated documentation score (Target: > 4.5/5.0)"},
	{"BM-5", Platform, "platform.partner-retention", PartnerRetentionPercent, ScopeInterface, "", Yearly, Above, "90", docPlatform,
		"**Partner Retention Rate**: Percentage of partners retained annually (Target: > 90%)"},
	{"BM-5", Platform, "platform.roi", ROIPercent, ScopeInterface, "", Yearly, Above, "200", docPlatform,
		"**ROI**: Return on platform investment (Target: > 200%)"},
	{"BM-5", Platform, "platform.compliance-score", ComplianceScorePercent, ScopeInterface, "", Quarterly, AtLeast, "100", docPlatform,
		"**Compliance Score**: Percentage of regulatory requirements met (Target: 100%)"},
	{"BM-5", Platform, "platform.consent-management", ConsentManagementPercent, ScopeInterface, "", Daily, Above, "99.9", docPlatform,
		"**Consent Management**: Proper consent handling rate (Target: > 99.9%)"},
	{"BM-5", Platform, "platform.security-incidents", SecurityIncidents, ScopeInterface, "", Monthly, AtMost, "0", docPlatform,
		"**Security Incidents**: Number of security breaches (Target: 0)"},
	{"BM-5", Platform, "platform.patch-time", PatchTimeHours, ScopeInterface, "", Monthly, Below, "24", docPlatform,
		"**Vulnerability Patching**: Time to patch critical vulnerabilities (Target: < 24 hours)"},
	{"BM-5", Platform, "platform.auth-success", AuthSuccessPercent, ScopeInterface, "", Daily, Above, "99.9", docPlatform,
		"**Authentication Success**: Successful authentication rate (Target: > 99.9%)"},
}

// Rules BM-3, BM-4, BM-5: every shipped target, transcribed by hand from
// the sentence quoted beside it. The sentence is in the hand transcription
// of its document (testdata/sources), and the target's Source names that
// document first, then the section, then quotes the sentence; every
// transcribed sentence is some target's.
func TestShippedTargets(t *testing.T) {
	sources := map[string]*source{}
	for _, name := range []string{docCBUAE, docCBB, docPlatform} {
		sources[name] = readSource(t, name)
	}
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
			src := sources[w.doc]
			section, ok := src.quotes[w.quote]
			require.True(t, ok, "quote not in testdata/sources/%s.txt: %q", w.doc, w.quote)
			src.used[w.quote] = true
			rest, ok := strings.CutPrefix(tg.Source, src.document)
			require.True(t, ok, "Source %q does not start with %q", tg.Source, src.document)
			i, j := strings.Index(rest, section), strings.Index(rest, w.quote)
			require.True(t, i >= 0, "Source %q lacks the section %q", tg.Source, section)
			require.True(t, j > i, "Source %q lacks the quote %q after the section", tg.Source, w.quote)
		})
		seen[w.id] = true
	}
	// No preset target escapes this table, and no transcribed sentence is
	// left unused.
	for _, p := range []Profile{CBUAE(), CBB(), Platform()} {
		for _, tg := range p.Targets {
			require.True(t, seen[tg.ID], "target %s has no source test", tg.ID)
		}
	}
	for name, src := range sources {
		for q := range src.quotes {
			require.True(t, src.used[q], "testdata/sources/%s.txt: %q quoted by no target", name, q)
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

// Section 4 of the CBUAE standard lists the endpoints (transcribed byte for
// byte in testdata/sources/cbuae-endpoints.txt); the CBUAE catalogue must
// hold exactly those, including "GET /payment-consents{ConsentId}" without
// the slash, each in one group.
func TestCBUAECatalogue(t *testing.T) {
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

	fromStandard := readLines(t, filepath.Join("testdata", "sources", "cbuae-endpoints.txt"))
	var inCatalogue []string
	for _, g := range p.GroupNames() {
		inCatalogue = append(inCatalogue, p.Groups[g]...)
	}
	slices.Sort(fromStandard)
	slices.Sort(inCatalogue)
	require.Equal(t, fromStandard, inCatalogue)
	require.Len(t, fromStandard, 30) // 11 bank data + 12 service initiation (7 + 5 file) + 2 CoP + 5 insurance
}

// The payment catalogues (Max PIPS, as the report command counts it) and
// default zones.
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
