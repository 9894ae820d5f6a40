package daily

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi/authfunnel"
	"github.com/openfinance-kpi/kpi/volumes/monthly"
)

// Bad rows of the monthly inputs are listed file:line: reason, as bad call
// rows are; good rows reach the callback; a bad header fails the file.
func TestMonthlyReaders(t *testing.T) {
	intern := make(Interner).Intern
	var bad []string
	onBad := func(b BadRow) { bad = append(bad, b.String()) }

	var events []authfunnel.Event
	err := ReadConsentEvents("c.csv", strings.NewReader(
		"at,event,consent_id,auth_type,api,user_agent\n"+
			"2026-03-01T10:00:00Z,required,c1,redirection,AIS,okhttp/4\n"+ // App by AF-3
			"2026-03-01T10:00:01Z,required,c2,redirection,AIS,\n"+ // no TPP channel
			"2026-03-01T10:00:02Z,attempted,,,,\n"+ // no consent
			"2026-03-01 10:00:03,attempted,c1,,,\n"+ // not RFC 3339
			"2026-03-01T10:00:04Z,required,c3,redirect,AIS,x\n"+ // unknown auth type
			"2026-03-01T10:00:05Z,attempted,c1,,\n"), // too few fields
		intern, func(e *authfunnel.Event, line int) { events = append(events, *e) }, onBad)
	require.NoError(t, err)
	require.Len(t, events, 1)
	require.Equal(t, authfunnel.App, events[0].TPPChannel)
	require.Equal(t, []string{
		"c.csv:3: tpp_channel: empty, and no user_agent to classify (Rule AF-3)",
		"c.csv:4: consent_id: empty",
		"c.csv:5: at: " + errTimestamp.Error(),
		`c.csv:6: auth_type: "redirect" is not one of decoupled, redirection`,
		"c.csv:7: 5 fields, the header has 6",
	}, bad)

	bad = nil
	var users, priors int
	err = ReadUserEvents("u.csv", strings.NewReader("user_id,segment,service,event,at\n"+
		"u1,retail,ais,prior,2026-01-01T00:00:00Z\n"+
		"u1,Retail,AIS,new,2026-03-01T00:00:00Z\n"+
		"u2,private,ais,new,2026-03-01T00:00:00Z\n"),
		intern, func(e *monthly.UserEvent, prior bool, line int) {
			if prior {
				priors++
			} else {
				users++
			}
		}, onBad)
	require.NoError(t, err)
	require.Equal(t, [2]int{1, 1}, [2]int{priors, users})
	require.Equal(t, []string{`u.csv:4: segment: "private" is not one of business, retail`}, bad)

	bad = nil
	var tpps int
	err = ReadTPPEvents("t.csv", strings.NewReader("tpp_id,role,event,at\nt1,AISP,onboarded,2026-01-01T00:00:00Z\nt1,AISP,left,2026-01-02T00:00:00Z\n"),
		intern, func(e *monthly.TPPEvent, line int) { tpps++ }, onBad)
	require.NoError(t, err)
	require.Equal(t, 1, tpps)
	require.Equal(t, []string{`t.csv:3: event: "left" is not one of deregistered, onboarded`}, bad)

	err = ReadTPPEvents("t.csv", strings.NewReader("tpp,role,event,at\n"), intern, func(*monthly.TPPEvent, int) {}, onBad)
	require.ErrorContains(t, err, `t.csv:1: header has no "tpp_id" column`)
}
