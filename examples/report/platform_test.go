package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// platformFile is a year of platform records (UTC), 2025 declared whole,
// with March 2025 full of records. The figures, by hand:
//
//	NPS, March: 10, 9, 9, 10 are 4 promoters; 8, 7, 7 are 3 passives;
//	  6, 3, 0 are 3 detractors: 100 × (4 - 3) / 10 = +10 points, FAIL
//	  against > 50 (margin -40). The answer of 2026-02 is in no declared
//	  month: in no figure.
//	Onboarding, March: p3 2025-02-20 to 03-12 = 8 + 12 = 20 days; p4
//	  2025-01-28 to 03-09 12:00 = 4 + 28 + 8 = 40 days + 12 h = 40.5
//	  days: mean (20 + 40.5) / 2 = 30.25 days, FAIL against < 30 (margin
//	  -0.25). p5 is not live: in no mean.
//	Support, March: t1 2 h, t2 4.5 h resolved in March, t3 resolved on
//	  April 1 (open at March's end): (2 + 4.5) / 2 = 3.25 h, PASS against
//	  < 4 (margin +0.75); April: t3 alone, 3 h.
//	Partner retention, 2025: live at 2025-01-01 p1, p2; at the year's end
//	  p1, p3, p4 (p2 offboarded 06-30): 100 × 1 / 2 = 50 %, FAIL against
//	  > 90 (margin -40).
//	ROI, 2025: revenue 1,500,000 + 1,500,000 = 3,000,000, cost 500,000 +
//	  500,000 = 1,000,000: 100 × (3,000,000 - 1,000,000) / 1,000,000 =
//	  200 %, FAIL against > 200 (strict; margin 0).
//	Compliance, 2025-Q1: r1..r3 met, r4 not: 100 × 3 / 4 = 75 %, FAIL
//	  against >= 100 (margin -25); 2025-Q2: r1 met, 100 %, PASS (margin 0).
//	Security, March: incident i1: 1, FAIL against <= 0 (margin -1); April:
//	  0, PASS. Critical v1 20 h and v2 30 h patched in March: (20 + 30) /
//	  2 = 25 h, FAIL against < 24 (margin -1); v3 is not critical.
//	t1 appears twice, the same: a repeat. p3 again with another live_at
//	  (line 47: the header, 12 months, 11 answers, then p1 on line 25)
//	  is a bad row conflicting with line 27 (one record an ID).
func platformFile(t *testing.T, conflict bool) string {
	rows := []string{"kind,id,month,at,score,amount,currency,onboarded_at,live_at,offboarded_at,opened_at,resolved_at,found_at,patched_at,met,passed,critical"}
	for m := 1; m <= 12; m++ {
		rows = append(rows, fmt.Sprintf("month,,2025-%02d,,,,,,,,,,,,,,", m))
	}
	for _, s := range []int{10, 9, 9, 10, 8, 7, 7, 6, 3, 0} {
		rows = append(rows, fmt.Sprintf("nps,,,2025-03-15T12:00:00Z,%d,,,,,,,,,,,,", s))
	}
	rows = append(rows,
		"nps,,,2026-02-01T12:00:00Z,10,,,,,,,,,,,,",
		"partner,p1,,,,,,2024-11-01T00:00:00Z,2024-12-01T00:00:00Z,,,,,,,,",
		"partner,p2,,,,,,2024-11-01T00:00:00Z,2024-12-15T00:00:00Z,2025-06-30T00:00:00Z,,,,,,,",
		"partner,p3,,,,,,2025-02-20T00:00:00Z,2025-03-12T00:00:00Z,,,,,,,,",
		"partner,p4,,,,,,2025-01-28T00:00:00Z,2025-03-09T12:00:00Z,,,,,,,,",
		"partner,p5,,,,,,2025-03-20T00:00:00Z,,,,,,,,,",
		"ticket,t1,,,,,,,,,2025-03-03T09:00:00Z,2025-03-03T11:00:00Z,,,,,",
		"ticket,t2,,,,,,,,,2025-03-04T09:00:00Z,2025-03-04T13:30:00Z,,,,,",
		"ticket,t3,,,,,,,,,2025-03-31T22:00:00Z,2025-04-01T01:00:00Z,,,,,",
		"ticket,t1,,,,,,,,,2025-03-03T09:00:00Z,2025-03-03T11:00:00Z,,,,,",
		"revenue,,2025-03,,,1500000,AED,,,,,,,,,,",
		"revenue,,2025-07,,,1500000,AED,,,,,,,,,,",
		"cost,,2025-03,,,500000,AED,,,,,,,,,,",
		"cost,,2025-11,,,500000,AED,,,,,,,,,,",
		"requirement,r1,,2025-03-31T10:00:00Z,,,,,,,,,,,true,,",
		"requirement,r2,,2025-03-31T10:00:00Z,,,,,,,,,,,true,,",
		"requirement,r3,,2025-03-31T10:00:00Z,,,,,,,,,,,true,,",
		"requirement,r4,,2025-03-31T10:00:00Z,,,,,,,,,,,false,,",
		"requirement,r1,,2025-06-15T10:00:00Z,,,,,,,,,,,true,,",
		"incident,i1,,2025-03-05T00:00:00Z,,,,,,,,,,,,,",
		"vulnerability,v1,,,,,,,,,,,2025-03-10T00:00:00Z,2025-03-10T20:00:00Z,,,true",
		"vulnerability,v2,,,,,,,,,,,2025-03-11T00:00:00Z,2025-03-12T06:00:00Z,,,",
		"vulnerability,v3,,,,,,,,,,,2025-03-01T00:00:00Z,2025-03-20T00:00:00Z,,,false",
	)
	if conflict {
		rows = append(rows, "partner,p3,,,,,,2025-02-20T00:00:00Z,2025-03-13T00:00:00Z,,,,,,,,")
	}
	return writeFile(t, "platform.csv", strings.Join(rows, "\n")+"\n")
}

// The platform records' figures, judged by the platform profile (text
// report), equal those derived by hand above; a conflicting record is a
// bad row, listed file:line: reason, and fails the run without -lenient.
func TestPlatformFindings(t *testing.T) {
	calls := writeFile(t, "calls.csv", monthlyCalls)
	res := runCmd(t, "-rules", "platform", "-platform", platformFile(t, true), calls)
	require.Equal(t, 2, res.status)
	require.Regexp(t, `platform\.csv:47: partner "p3": conflicts with line 27 \(one record an ID\)`, res.stderr)

	res = runCmd(t, "-rules", "platform", "-platform", platformFile(t, false), calls)
	require.Equal(t, 0, res.status, res.stderr)
	for _, want := range []string{
		"FAIL platform.nps interface 2025-03: 10.000 points > 50 points (margin -40.000 points)",
		"FAIL platform.onboarding interface 2025-03: 30.250 days < 30 days (margin -0.250 days)",
		"PASS platform.support-resolution interface 2025-03: 3.250 h < 4 h (margin +0.750 h)",
		"PASS platform.support-resolution interface 2025-04: 3.000 h < 4 h (margin +1.000 h)",
		"FAIL platform.partner-retention interface 2025: 50.000 % > 90 % (margin -40.000 %)",
		"FAIL platform.roi interface 2025: 200.000 % > 200 % (margin 0.000 %)",
		"FAIL platform.compliance-score interface 2025-Q1: 75.000 % >= 100 % (margin -25.000 %)",
		"PASS platform.compliance-score interface 2025-Q2: 100.000 % >= 100 % (margin 0.000 %)",
		"FAIL platform.security-incidents interface 2025-03: 1 incidents <= 0 incidents (margin -1 incidents)",
		"PASS platform.security-incidents interface 2025-04: 0 incidents <= 0 incidents (margin 0 incidents)",
		"FAIL platform.patch-time interface 2025-03: 25.000 h < 24 h (margin -1.000 h)",
		"NO DATA platform.nps interface 2025-04",
	} {
		require.Contains(t, res.stdout, want)
	}
	require.NotContains(t, res.stdout, "2026-02", "the answer of an undeclared month is in no figure")

	// Another profile's findings do not change: no platform KPI is judged.
	base := runCmd(t, "-rules", "cbuae", calls)
	with := runCmd(t, "-rules", "cbuae", "-platform", platformFile(t, false), calls)
	require.Equal(t, base.stdout, with.stdout)
}

// The dashboard's Platform KPIs section in headless Chromium: the tiles,
// the charts (with the threshold and the failing months) and the tables
// show the hand-derived figures of platformFile with their verdicts.
func TestPlatformDashboardChromium(t *testing.T) {
	browser := chromium(t)
	dir := t.TempDir()
	calls := writeFile(t, "calls.csv", monthlyCalls)
	res := runCmd(t, "-rules", "cbuae", "-tz", "UTC", "-format", "html", "-out", dir, "-platform", platformFile(t, false), calls)
	require.Equal(t, 0, res.status, res.stderr)
	page := filepath.Join(dir, "dashboard.html")
	dom := browse(t, browser, page, "--dump-dom")
	start := strings.Index(dom, `<section id="platform">`)
	require.GreaterOrEqual(t, start, 0)
	sec := dom[start:]
	sec = sec[:strings.Index(sec, "</section>")]

	require.Contains(t, sec, "12 months declared complete (4 quarters, 1 years whole); 1 dated records in no declared month, 1 vulnerabilities not critical, 1 repeated rows")
	tile := func(key string) string {
		m := regexp.MustCompile(`<div class="tile ([A-Z ]*)"><div class="k">` + regexp.QuoteMeta(key) + `</div><div class="v">([^<]*) <small>([^<]*)</small>`).FindStringSubmatch(sec)
		require.NotNil(t, m, "tile %s", key)
		return m[1] + ": " + m[2] + " " + m[3]
	}
	require.Equal(t, "FAIL: 50.000 %", tile("Partner retention (VO-ADOPT-1) (2025)"))
	require.Equal(t, "FAIL: 200.000 %", tile("ROI (VO-ADOPT-1) (2025)"))
	require.Equal(t, "NO DATA: no data %", tile("Compliance score (VO-GOV-1) (2025-Q4)"), "the latest quarter, 2025-Q4, assessed no requirement")
	for _, id := range []string{"platform-NPSPoints", "platform-OnboardingDays", "platform-SupportResolutionHours", "platform-PatchTimeHours", "platform-SecurityIncidents", "platform-money"} {
		fig := regexp.MustCompile(`(?s)<figure class="chart" id="` + id + `".*?</figure>`).FindString(sec)
		require.NotEmpty(t, fig, "chart %s", id)
		require.Contains(t, fig, "<svg")
		require.Contains(t, fig, `<table data-table="`)
	}
	require.Equal(t, []string{"10.000", "FAIL"}, tableRow(t, sec, "platform-NPSPoints", "2025-03"))
	require.Equal(t, []string{"30.250", "FAIL"}, tableRow(t, sec, "platform-OnboardingDays", "2025-03"))
	require.Equal(t, []string{"3.250", "PASS"}, tableRow(t, sec, "platform-SupportResolutionHours", "2025-03"))
	require.Equal(t, []string{"25.000", "FAIL"}, tableRow(t, sec, "platform-PatchTimeHours", "2025-03"))
	require.Equal(t, []string{"1500000", "500000"}, tableRow(t, sec, "platform-money", "2025-03"))
	row := regexp.MustCompile(`<tr data-month="2025-03">(.*?)</tr>`).FindStringSubmatch(sec)
	require.NotNil(t, row)
	require.Contains(t, row[1], "<td>4 / 3 / 3</td><td>10.000 FAIL</td>")
	require.Contains(t, row[1], "<td>2 / 1</td><td>3.250 PASS</td>")
	require.Contains(t, row[1], "<td>1500000</td><td>500000</td>")
	require.Contains(t, row[1], "<td>200.000</td>", "March's ROI: 100 × (1,500,000 - 500,000) / 500,000")
	require.Regexp(t, `<tr data-period="2025-Q1"><td>2025-Q1</td><td>75.000 FAIL</td>`, sec)
	require.Regexp(t, `<tr data-period="2025"><td>2025</td>(<td></td>){3}<td>50.000 FAIL</td><td>3000000</td><td>1000000</td><td>200.000 FAIL</td>`, sec)
	if d := os.Getenv("KPI_SCREENSHOTS"); d != "" {
		browse(t, browser, page, "--screenshot="+filepath.Join(d, "platform.png"))
	}
}
