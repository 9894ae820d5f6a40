package daily

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
)

// Each kind reads the columns PlatformColumns gives it; bad rows are
// listed file:line: reason, as bad call rows are, and reach no callback.
func TestReadPlatformRecords(t *testing.T) {
	in := "kind,id,month,at,score,amount,currency,onboarded_at,live_at,offboarded_at,opened_at,resolved_at,found_at,patched_at,met,passed,protected,encrypted,critical,extra\n" +
		"month,,2026-03,,,,,,,,,,,,,,,,,x\n" + // 2
		"partner,p1,,,,,,2026-02-01T00:00:00Z,2026-03-01T00:00:00+04:00,,,,,,,,,,,\n" + // 3
		"partner,p2,,,,,,2026-02-01T00:00:00Z,,,,,,,,,,,,\n" + // 4: not live yet
		"developer,d1,,2026-03-02T10:00:00Z,,,,,,,,,,,,,,,,\n" + // 5
		"nps,,,2026-03-02T10:00:00Z,9,,,,,,,,,,,,,,,\n" + // 6
		"ticket,t1,,,,,,,,,2026-03-02T09:00:00Z,,,,,,,,,\n" + // 7: open
		"revenue,,2026-03,,,150000,AED,,,,,,,,,,,,,\n" + // 8
		"cost,,2026-03,,,50000,AED,,,,,,,,,,,,,\n" + // 9
		"requirement,r1,,2026-03-31T00:00:00Z,,,,,,,,,,,YES,,,,,\n" + // 10
		"audit,a1,,2026-03-31T00:00:00Z,,,,,,,,,,,,0,,,,\n" + // 11
		"data_store,s1,,2026-03-31T00:00:00Z,,,,,,,,,,,,,true,false,,\n" + // 12
		"incident,i1,,2026-03-05T00:00:00Z,,,,,,,,,,,,,,,,\n" + // 13
		"vulnerability,v1,,,,,,,,,,,2026-03-05T00:00:00Z,2026-03-05T20:00:00Z,,,,,,\n" + // 14: critical by default
		"vulnerability,v2,,,,,,,,,,,2026-03-05T00:00:00Z,,,,,,false,\n" + // 15
		// bad rows
		"refund,x,,,,,,,,,,,,,,,,,,\n" + // 16
		"developer,,,2026-03-02T10:00:00Z,,,,,,,,,,,,,,,,\n" + // 17
		"nps,,,2026-03-02T10:00:00Z,11,,,,,,,,,,,,,,,\n" + // 18
		"revenue,,2026-03,,,-5,AED,,,,,,,,,,,,,\n" + // 19
		"cost,,2026-03,,,5,EUR,,,,,,,,,,,,,\n" + // 20
		"month,,2026-3,,,,,,,,,,,,,,,,,\n" + // 21
		"ticket,t2,,,,,,,,,2026-03-02T09:00:00Z,2026-03-02T08:00:00Z,,,,,,,,\n" + // 22
		"partner,p3,,,,,,2026-02-01T00:00:00Z,2026-03-01T00:00:00Z,2026-02-15T00:00:00Z,,,,,,,,,,\n" + // 23
		"requirement,r2,,2026-03-31T00:00:00Z,,,,,,,,,,,maybe,,,,,\n" + // 24
		"incident,i2,,,,,,,,,,,,,,,,,,\n" + // 25
		"vulnerability,v3,,2026-03-05T00:00:00Z\n" // 26: too few fields
	var got []PlatformRecord
	var lines []int
	var bad []string
	err := ReadPlatformRecords("p.csv", strings.NewReader(in), make(Interner).Intern,
		func(p *PlatformRecord, line int) { got = append(got, *p); lines = append(lines, line) },
		func(b BadRow) { bad = append(bad, b.String()) })
	require.NoError(t, err)
	require.Equal(t, []int{2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, lines)
	utc := func(d, h int) time.Time { return time.Date(2026, 3, d, h, 0, 0, 0, time.UTC) }
	march := kpi.DateOf(2026, time.March, 1)
	require.Equal(t, PlatformRecord{Kind: PlatformMonth, Month: march}, got[0])
	require.Equal(t, PlatformPartner, got[1].Kind)
	require.Equal(t, "p1", got[1].ID)
	require.True(t, got[1].End.Equal(time.Date(2026, 2, 28, 20, 0, 0, 0, time.UTC)), "live_at keeps its offset: 03-01 00:00 +04:00 is 02-28 20:00 UTC")
	require.True(t, got[2].End.IsZero())
	require.True(t, got[4].At.Equal(utc(2, 10)))
	got[4].At = time.Time{}
	require.Equal(t, PlatformRecord{Kind: PlatformNPS, Score: 9}, got[4])
	require.True(t, got[5].End.IsZero())
	require.Equal(t, PlatformRecord{Kind: PlatformRevenue, Month: march, Amount: 150000, Currency: "AED"}, got[6])
	require.Equal(t, int64(50000), got[7].Amount)
	require.True(t, got[8].Met, "YES is true")
	require.False(t, got[9].Met, "0 is false")
	require.Equal(t, [2]bool{true, false}, [2]bool{got[10].Protected, got[10].Encrypted})
	require.True(t, got[12].Critical, "empty critical is true")
	require.Equal(t, 20*time.Hour, got[12].End.Sub(got[12].Start))
	require.False(t, got[13].Critical)
	require.Equal(t, []string{
		`p.csv:16: kind: "refund" is not one of application, audit, cost, data_store, developer, incident, month, nps, partner, requirement, revenue, ticket, vulnerability`,
		"p.csv:17: id: empty",
		`p.csv:18: score: "11", want a whole number from 0 to 10`,
		"p.csv:19: amount: negative (net refunds before writing the month's amount)",
		`p.csv:20: currency: "EUR", but the file's money is in "AED" (line 8): one currency a file`,
		`p.csv:21: month: "2026-3", want YYYY-MM`,
		"p.csv:22: resolved_at: end before start",
		"p.csv:23: offboarded_at: before live_at, or no live_at",
		`p.csv:24: met: "maybe" is not one of 0, 1, false, no, true, yes`,
		"p.csv:25: at: empty",
		"p.csv:26: 4 fields, the header has 20",
	}, bad)

	err = ReadPlatformRecords("p.csv", strings.NewReader("id,month\n"), make(Interner).Intern, func(*PlatformRecord, int) {}, func(BadRow) {})
	require.ErrorContains(t, err, `p.csv:1: header has no "kind" column`)
}
