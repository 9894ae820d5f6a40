package benchmark_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/authfunnel"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/volumes/monthly"
)

// The platform profile's monthly and daily targets (Rule BM-5) fed from
// the packages that compute them: monthly.Adoption (VO-ADOPT-1) for a
// month and an authfunnel day (AF-4).
//
// By hand: NPS answers 10, 10, 9, 9, 9, 8, 7, 3 are 5 promoters, 2
// passives, 1 detractor: (5 - 1) / 8 = 50 points, which fails "> 50" with
// no margin. Onboarding: 2024-03-01 to 03-21 is 20 days, 2024-02-10 to
// 03-12 is 19 + 12 = 31 days (2024 is a leap year): 25.5 days < 30.
// Support: 2.5 h and 5 h resolve in 3.75 h on average < 4. The funnel day:
// 1,989 succeeded of 1,990 attempted = 99.9497... % > 99.9 %; consent
// management 2,000 / (2,000 + 1 broken) = 99.9500... % > 99.9 %.
func ExampleEvaluate_platformFromPackages() {
	utc := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) }
	var month monthly.Adoption
	for _, score := range []int{10, 10, 9, 9, 9, 8, 7, 3} {
		_ = month.AddSurveyAnswer(score)
	}
	_ = month.AddOnboarding(&monthly.Onboarding{PartnerID: "p-1", Started: utc(2024, 3, 1, 0, 0), Live: utc(2024, 3, 21, 0, 0)})
	_ = month.AddOnboarding(&monthly.Onboarding{PartnerID: "p-2", Started: utc(2024, 2, 10, 0, 0), Live: utc(2024, 3, 12, 0, 0)})
	_ = month.AddTicket(&monthly.Ticket{ID: "t-1", Opened: utc(2024, 3, 4, 9, 0), Resolved: utc(2024, 3, 4, 11, 30)})
	_ = month.AddTicket(&monthly.Ticket{ID: "t-2", Opened: utc(2024, 3, 5, 9, 0), Resolved: utc(2024, 3, 5, 14, 0)})

	funnelDay := authfunnel.Counts{Required: 2000, Attempted: 1990, Abandoned: 10, Succeeded: 1989, Failed: 1, Broken: 1}

	march := kpi.Month(kpi.DateOf(2024, time.March, 1))
	var m benchmark.Measurements
	m.Set(benchmark.NPSPoints, benchmark.Interface(), march, month.NPS())
	m.Set(benchmark.OnboardingDays, benchmark.Interface(), march, month.AvgOnboardingDays())
	m.Set(benchmark.SupportResolutionHours, benchmark.Interface(), march, month.AvgResolutionHours())
	m.SetDay(benchmark.AuthSuccessPercent, benchmark.Interface(), day, funnelDay.AuthenticationSuccessPercent())
	m.SetDay(benchmark.ConsentManagementPercent, benchmark.Interface(), day, funnelDay.ConsentManagementPercent())
	for _, f := range benchmark.Evaluate(benchmark.Platform(), &m) {
		if !strings.HasPrefix(f.String(), "NO DATA") {
			fmt.Println(f)
		}
	}
	// Output:
	// PASS platform.onboarding interface 2024-03: 25.500 days < 30 days (margin +4.500 days)
	// FAIL platform.nps interface 2024-03: 50.000 points > 50 points (margin 0.000 points)
	// PASS platform.support-resolution interface 2024-03: 3.750 h < 4 h (margin +0.250 h)
	// PASS platform.consent-management interface 2024-03-10: 99.950 % > 99.9 % (margin +0.050 %)
	// PASS platform.auth-success interface 2024-03-10: 99.950 % > 99.9 % (margin +0.050 %)
}
