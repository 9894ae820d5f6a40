package benchmark

import (
	"strings"
	"testing"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/performance"
)

// The regime profiles: each is valid, and each target's threshold is
// pinned against the regulator's words carried in its own Source (the
// profile's text, inside the repository).

type regimeTarget struct {
	profile   func() Profile
	id        string
	kpi       KPI
	scope     ScopeKind
	group     string
	period    PeriodKind
	cmp       Comparison
	threshold string
	quote     string // words of the source, carried in Source, holding the threshold
}

var regimeTargets = []regimeTarget{
	// RG-PLANNED-1: CDR availability, monthly, planned outages excluded.
	{CDR, "cdr.availability", UptimePercent, ScopeInterface, "", Monthly, AtLeast, "99.5",
		"99.5% per month"},
	// RG-TIER-1 / RG-HOURLY-1: 95 % of calls per hour within the tier threshold.
	{CDR, "cdr.unauthenticated.hourly", WorstHourWithinThresholdPercent, ScopeGroup, GroupCDRUnauthenticated, Daily, AtLeast, "95",
		"95% of calls per hour responded to within a nominated threshold"},
	{CDR, "cdr.high-priority.hourly", WorstHourWithinThresholdPercent, ScopeGroup, GroupCDRHighPriority, Daily, AtLeast, "95",
		"95% of calls per hour responded to within a nominated threshold"},
	{CDR, "cdr.low-priority.hourly", WorstHourWithinThresholdPercent, ScopeGroup, GroupCDRLowPriority, Daily, AtLeast, "95",
		"95% of calls per hour responded to within a nominated threshold"},
	{CDR, "cdr.unattended.hourly", WorstHourWithinThresholdPercent, ScopeGroup, GroupCDRUnattended, Daily, AtLeast, "95",
		"95% of calls per hour responded to within a nominated threshold"},
	{CDR, "cdr.large-payload.hourly", WorstHourWithinThresholdPercent, ScopeGroup, GroupCDRLargePayload, Daily, AtLeast, "95",
		"95% of calls per hour responded to within a nominated threshold"},
	// RG-P95-2 and RG-MINUTE-1: Open Finance Brasil.
	{OFB, "ofb.p95.high", P95TTLBMs, ScopeEndpoint, GroupOFBHighFrequency, Daily, AtMost, "1500", "SLA 1500 ms (high and medium-high frequency)"},
	{OFB, "ofb.p95.medium", P95TTLBMs, ScopeEndpoint, GroupOFBMediumFrequency, Daily, AtMost, "2000", "SLA 2000 ms (medium frequency)"},
	{OFB, "ofb.p95.low", P95TTLBMs, ScopeEndpoint, GroupOFBLowFrequency, Daily, AtMost, "4000", "SLA 4000 ms (low frequency)"},
	{OFB, "ofb.availability.daily", MinuteAvailabilityPercent, ScopeEndpoint, "", Daily, AtLeast, "95", "at least 95% every day"},
	{OFB, "ofb.availability.long", LongMinuteAvailabilityPercent, ScopeEndpoint, "", Monthly, AtLeast, "99.5",
		"90-day moving average of the daily values, of at least 99.5%"},
	// UK OBIE.
	{UK, "uk.uptime", UptimePercent, ScopeInterface, "", Quarterly, AtLeast, "99.5", "uptime of 99.5% per quarter"},
	// UAE operator policies.
	{CBUAENebras, "cbuae-nebras.p95", P95TTLBMs, ScopeEndpoint, GroupOzoneConnect, Daily, AtMost, "500",
		"500 ms p95 per endpoint, per calendar day"},
	{CBUAENebras, "cbuae-nebras.availability", UptimePercent, ScopeInterface, "", Monthly, AtLeast, "99.5",
		"99.5% per calendar month"},
}

func TestRegimeProfilesValid(t *testing.T) {
	for _, p := range []Profile{CDR(), OFB(), UK(), EBA(), CBUAENebras()} {
		require.NoError(t, p.Validate(), p.Name)
		require.NotEmpty(t, p.Name)
	}
	require.Equal(t, availability.Consecutive, UK().Availability.Rule)
	require.Equal(t, availability.Consecutive, EBA().Availability.Rule)
	require.True(t, CDR().Availability.PlannedExcluded, "RG-PLANNED-1: CDR excludes planned outages")
	require.Equal(t, CBUAE().Availability, CBUAENebras().Availability)
	require.Empty(t, EBA().Targets, "EBA/GL/2018/07 sets no numeric target")
}

func TestRegimeTargetsPinned(t *testing.T) {
	n := map[string]int{}
	for _, want := range regimeTargets {
		p := want.profile()
		n[p.Name]++
		got, ok := p.Target(want.id)
		require.True(t, ok, want.id)
		require.Equal(t, want.kpi, got.KPI, want.id)
		require.Equal(t, want.scope, got.Scope, want.id)
		require.Equal(t, want.group, got.Group, want.id)
		require.Equal(t, want.period, got.Period, want.id)
		require.Equal(t, want.cmp, got.Cmp, want.id)
		require.True(t, got.Threshold.Equal(dec(want.threshold)), "%s: threshold %s", want.id, got.Threshold)
		require.Contains(t, got.Source, want.quote, want.id)
		require.Contains(t, want.quote, want.threshold, "%s: the quoted words carry the threshold", want.id)
	}
	for _, p := range []Profile{CDR(), OFB(), UK(), EBA(), CBUAENebras()} {
		require.Equal(t, len(p.Targets), n[p.Name], "%s: every target is pinned", p.Name)
	}
}

// The CDR tier table: Get Accounts is high priority when the customer is
// present and unattended otherwise; the large-payload endpoints are in no
// other tier.
func TestCDRCatalogue(t *testing.T) {
	p := CDR()
	require.Equal(t, []string{GroupCDRHighPriority, GroupCDRUnattended}, p.GroupOf("GET /banking/accounts"))
	require.Equal(t, []string{GroupCDRLowPriority, GroupCDRUnattended}, p.GroupOf("GET /banking/accounts/{accountId}/transactions"))
	require.Equal(t, []string{GroupCDRLargePayload}, p.GroupOf("GET /banking/accounts/direct-debits"))
	require.Equal(t, []string{GroupCDRUnattended}, p.GroupOf("GET /admin/metrics"))
	require.Equal(t, []string{GroupCDRHighPriority}, p.GroupOf("GET /discovery/status"))
	// Fresh values: changing one does not change the next.
	p.Groups[GroupCDRUnattended][0] = "x"
	require.NotEqual(t, "x", CDR().Groups[GroupCDRUnattended][0])
}

// Evaluate judges the new KPIs exactly. OFB p95 of 1500 ms passes (<=),
// 1500.001 ms fails; a CDR worst hour of 94.99 % fails 95 %; RG-MINUTE-1's
// 575/6 % (95.833) passes 95 %.
func TestEvaluateRegimeKPIs(t *testing.T) {
	day := kpi.DateOf(2025, 3, 10)
	p := OFB()
	p.Groups[GroupOFBHighFrequency] = []string{"GET /accounts/v2/accounts", "GET /accounts/v2/accounts/{accountId}/balances"}
	var m Measurements
	m.SetDay(P95TTLBMs, Endpoint("GET /accounts/v2/accounts"), day, kpi.RatioOf(1500, 1))
	m.SetDay(P95TTLBMs, Endpoint("GET /accounts/v2/accounts/{accountId}/balances"), day, kpi.RatioOf(1500001, 1000))
	m.SetDay(MinuteAvailabilityPercent, Endpoint("GET /accounts/v2/accounts"), day, kpi.RatioOf(575, 6))
	verdicts := map[string]Verdict{}
	for _, f := range Evaluate(p, &m) {
		if f.Scope.Kind == ScopeEndpoint {
			verdicts[f.Target.ID+" "+f.Scope.Name] = f.Verdict
		}
	}
	require.Equal(t, Pass, verdicts["ofb.p95.high GET /accounts/v2/accounts"])
	require.Equal(t, Fail, verdicts["ofb.p95.high GET /accounts/v2/accounts/{accountId}/balances"])
	require.Equal(t, Pass, verdicts["ofb.availability.daily GET /accounts/v2/accounts"])

	var c Measurements
	c.SetDay(WorstHourWithinThresholdPercent, Group(GroupCDRHighPriority), day, kpi.RatioOf(9499, 100))
	for _, f := range Evaluate(CDR(), &c) {
		if f.Target.ID == "cdr.high-priority.hourly" {
			require.Equal(t, Fail, f.Verdict)
			require.True(t, strings.HasPrefix(f.String(), "FAIL cdr.high-priority.hourly group cdr high priority"), f.String())
		}
	}
}

// The CDR tier table read by hand: Get Accounts is high priority with the
// customer present and unattended without; Get Payees low priority and
// unattended; the token endpoint high priority either way; Get Products
// unauthenticated; Get Bulk Direct Debits large payload; Get Metrics
// unattended either way (the Register calls it).
func TestTierRoutesCDR(t *testing.T) {
	r := TierRoutes(CDR())
	tr := func(p, u performance.Tier) performance.TierRoute {
		return performance.TierRoute{Present: p, Unattended: u}
	}
	require.Equal(t, tr(performance.TierHighPriority, performance.TierUnattended), r["GET /banking/accounts"])
	require.Equal(t, tr(performance.TierLowPriority, performance.TierUnattended), r["GET /banking/payees"])
	require.Equal(t, tr(performance.TierHighPriority, performance.TierHighPriority), r["POST /token"])
	require.Equal(t, tr(performance.TierUnauthenticated, performance.TierUnauthenticated), r["GET /banking/products"])
	require.Equal(t, tr(performance.TierLargePayload, performance.TierLargePayload), r["GET /banking/accounts/direct-debits"])
	require.Equal(t, tr(performance.TierUnattended, performance.TierUnattended), r["GET /admin/metrics"])
	require.Empty(t, TierRoutes(CBUAE()))
	require.Equal(t, GroupCDRLowPriority, TierGroup(performance.TierLowPriority))
}
