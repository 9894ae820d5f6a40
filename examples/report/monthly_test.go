package main

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// readSheet reads a sheet written into dir: its header and rows.
func readSheet(t *testing.T, dir, name string) ([]string, [][]string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, name))
	require.NoError(t, err)
	recs, err := csv.NewReader(strings.NewReader(string(data))).ReadAll()
	require.NoError(t, err)
	return recs[0], recs[1:]
}

const monthlyCalls = "received_at,endpoint,status,ttlb_ms\n2026-03-01T10:00:00Z,GET /a,200,100\n"

// Sheet 2 from a small consent file, derived by hand (UTC, -rules cbb
// with -tz UTC):
//
//	c1 Redirection AIS, TPP Web (a browser), bank App: required, attempted,
//	   succeeded, confirmation required, accepted
//	c3 same combination: required, attempted, failed
//	c4 same combination: required, attempted, succeeded, then nothing:
//	   closed at the observation end as Succeeded (no confirmation step)
//	c2 Redirection AIS, TPP App (okhttp, Rule AF-3), bank Web: required,
//	   abandoned
//	c6 Decoupled PIS, App, App: required, succeeded (the attempt implied),
//	   confirmation required, no answer: closed as Rejected (2.14)
//	line 16: event "foo", a bad row.
//
// Rows, in the order date, authentication type, API, TPP channel, bank
// channel (Redirection < Decoupled, AIS < PIS, Web < App):
//
//	Redirection AIS Web App: required 3 = attempted 3 + abandoned 0;
//	    attempted 3 = succeeded 2 + failed 1; confirmations 1, accepted 1
//	Redirection AIS App Web: required 1 = attempted 0 + abandoned 1
//	Decoupled PIS App App: required 1 = attempted 1; succeeded 1;
//	    confirmations 1, rejected 1
func TestCBBSheet2(t *testing.T) {
	browser := `"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"`
	consents := strings.Join([]string{
		"consent_id,event,at,auth_type,api,tpp_channel,user_agent,bank_channel",
		"c1,required,2026-03-01T09:00:00Z,redirection,AIS,," + browser + ",app",
		"c1,attempted,2026-03-01T09:00:10Z,,,,,",
		"c1,succeeded,2026-03-01T09:00:20Z,,,,,",
		"c1,confirmation_required,2026-03-01T09:00:30Z,,,,,",
		"c1,accepted,2026-03-01T09:00:40Z,,,,,",
		"c2,required,2026-03-01T09:10:00Z,redirection,AIS,,okhttp/4.12,",
		"c2,abandoned,2026-03-01T09:10:30Z,,,,,web",
		"c3,required,2026-03-01T09:20:00Z,redirection,ais,web,,app",
		"c3,attempted,2026-03-01T09:20:10Z,,,,,",
		"c3,failed,2026-03-01T09:20:20Z,,,,,",
		"c4,required,2026-03-01T09:30:00Z,Redirection,AIS,web,,",
		"c4,attempted,2026-03-01T09:30:10Z,,,,,app",
		"c4,succeeded,2026-03-01T09:30:20Z,,,,,",
		"c6,required,2026-03-01T09:40:00Z,decoupled,PIS,app,,app",
		"c5,foo,2026-03-01T09:50:00Z,,,,,",
		"c6,succeeded,2026-03-01T09:40:10Z,,,,,",
		"c6,confirmation_required,2026-03-01T09:40:20Z,,,,,",
	}, "\n") + "\n"
	calls := writeFile(t, "calls.csv", monthlyCalls)
	in := writeFile(t, "consents.csv", consents)
	dir := t.TempDir()
	res := runCmd(t, "-rules", "cbb", "-tz", "UTC", "-out", dir, "-consents", in, calls)
	require.Equal(t, 2, res.status, "a bad row fails the run without -lenient")
	require.Contains(t, res.stderr, "consents.csv:16: event: \"foo\" is not one of")
	res = runCmd(t, "-rules", "cbb", "-tz", "UTC", "-out", dir, "-lenient", "-entity", "Bank", "-consents", in, calls)
	require.Equal(t, 0, res.status, res.stderr)
	require.Contains(t, res.stderr, "consents.csv:16: ")
	header, rows := readSheet(t, dir, "cbb_sheet2_authentication.csv")
	require.Equal(t, []string{"ReportDate", "Entity Name", "Authentication Type", "API Type", "API Request AISP / PISP Channel",
		"ASPSP Authentication Channel", "Consents requiring Authentication", "Authentications Attempted by users/customers",
		"Authentications Abandoned by users/customers", "Authentications Succeeded", "Authentications Failed",
		"Confirmations Required", "Confirmations Accepted by user/customer", "Confirmations Rejected by users/customers"}, header)
	require.Equal(t, [][]string{
		{"2026-03-01", "Bank", "Redirection", "AIS", "Web", "App", "3", "3", "0", "2", "1", "1", "1", "0"},
		{"2026-03-01", "Bank", "Redirection", "AIS", "App", "Web", "1", "0", "1", "0", "0", "0", "0", "0"},
		{"2026-03-01", "Bank", "Decoupled", "PIS", "App", "App", "1", "1", "0", "1", "0", "1", "0", "1"},
	}, rows)
	requireAF2(t, rows)
}

// requireAF2 checks Rule AF-2 on every sheet 2 row: required = attempted
// + abandoned; attempted = succeeded + failed; accepted + rejected <=
// confirmations required <= succeeded.
func requireAF2(t *testing.T, rows [][]string) {
	t.Helper()
	for _, row := range rows {
		n := make([]uint64, 8)
		for i := range n {
			v, err := strconv.ParseUint(row[6+i], 10, 64)
			require.NoError(t, err)
			n[i] = v
		}
		req, att, aband, succ, fail, conf, acc, rej := n[0], n[1], n[2], n[3], n[4], n[5], n[6], n[7]
		require.Equal(t, req, att+aband, "row %v", row)
		require.Equal(t, att, succ+fail, "row %v", row)
		require.LessOrEqual(t, acc+rej, conf, "row %v", row)
		require.LessOrEqual(t, conf, succ, "row %v", row)
	}
}

// Sheets 3 and 4 from small files, derived by hand (UTC). The months are
// March (the calls' and events') and April (events).
//
// Users: u1 used AIS before (a prior row). March: u1 AIS new (not a first
// time: the history has u1), u2 AIS new and PIS new (first times), u3
// (Business) online new, mobile accessed. April: u2 AIS accessed, u4 AIS
// new (first), u1 PIS new (first time for PIS: u1's history is AIS only).
//
//	March Retail: AIS first 1 (u2), total 2 (u1, u2); PIS first 1, total 1
//	    (u2); both total 1 (u2), both first 1 (u2 had not used both);
//	    online and mobile 0.
//	March Business: online new 1, total 1; mobile new 0, total 1 (u3).
//	April Retail: AIS first 1 (u4), total 2 (u2, u4); PIS first 1, total 1
//	    (u1); both 0 (u1 has no AIS event in April).
//	April Business: zeros.
//
// TPPs: t1 AISP and t2 PISP on-boarded in December; t3 AISP on-boarded
// 10 March; t1 de-registered 5 April; t4 PISP on-boarded 20 April; a row
// with role XSP is bad.
//
//	March: AISP at the 1st 1, additions 1, de-registrations 0, cumulative 2;
//	       PISP 1, 0, 0, 1.
//	April: AISP 2, 0, 1, 1; PISP 1, 1, 0, 2.
func TestCBBSheets3And4(t *testing.T) {
	users := writeFile(t, "users.csv", strings.Join([]string{
		"user_id,segment,service,event,at",
		"u1,retail,ais,prior,2026-01-15T00:00:00Z",
		"u1,retail,ais,new,2026-03-02T10:00:00Z",
		"u2,retail,ais,new,2026-03-03T10:00:00Z",
		"u2,retail,pis,new,2026-03-04T10:00:00Z",
		"u3,business,online,new,2026-03-05T10:00:00Z",
		"u3,business,mobile,accessed,2026-03-06T10:00:00Z",
		"u2,retail,ais,accessed,2026-04-02T10:00:00Z",
		"u4,retail,ais,new,2026-04-03T10:00:00Z",
		"u1,retail,pis,new,2026-04-04T10:00:00Z",
	}, "\n")+"\n")
	tpps := writeFile(t, "tpps.csv", strings.Join([]string{
		"tpp_id,role,event,at",
		"t1,AISP,onboarded,2025-12-01T09:00:00Z",
		"t2,PISP,onboarded,2025-12-01T09:00:00Z",
		"t3,AISP,onboarded,2026-03-10T09:00:00Z",
		"t9,XSP,onboarded,2026-03-11T09:00:00Z",
		"t1,AISP,deregistered,2026-04-05T09:00:00Z",
		"t4,PISP,onboarded,2026-04-20T09:00:00Z",
	}, "\n")+"\n")
	calls := writeFile(t, "calls.csv", monthlyCalls)
	dir := t.TempDir()
	res := runCmd(t, "-rules", "cbb", "-tz", "UTC", "-out", dir, "-users", users, "-tpps", tpps, calls)
	require.Equal(t, 2, res.status)
	require.Contains(t, res.stderr, "tpps.csv:5: role: \"XSP\" is not one of aisp, pisp")
	res = runCmd(t, "-rules", "cbb", "-tz", "UTC", "-out", dir, "-lenient", "-users", users, "-tpps", tpps, calls)
	require.Equal(t, 0, res.status, res.stderr)
	_, rows := readSheet(t, dir, "cbb_sheet3_user_volumes.csv")
	require.Equal(t, [][]string{
		{"2026-03", "", "Retail", "1", "2", "1", "1", "1", "1", "0", "0", "0", "0"},
		{"2026-03", "", "Business", "0", "0", "0", "0", "0", "0", "1", "0", "1", "1"},
		{"2026-04", "", "Retail", "1", "2", "1", "1", "0", "0", "0", "0", "0", "0"},
		{"2026-04", "", "Business", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"},
	}, rows)
	header, rows := readSheet(t, dir, "cbb_sheet4_tpp_volumes.csv")
	require.Equal(t, "Total AISPs Registered (at 1st of the month)", header[2])
	require.Equal(t, [][]string{
		{"2026-03", "", "1", "1", "0", "2", "1", "0", "0", "1"},
		{"2026-04", "", "2", "0", "1", "1", "1", "1", "0", "2"},
	}, rows)
	// Without -rules cbb no sheet is written.
	dir2 := t.TempDir()
	res = runCmd(t, "-out", dir2, "-lenient", "-users", users, "-tpps", tpps, calls)
	require.Equal(t, 0, res.status, res.stderr)
	_, err := os.Stat(filepath.Join(dir2, "cbb_sheet3_user_volumes.csv"))
	require.True(t, os.IsNotExist(err))
}

// The embedded sample's sheet 2 satisfies AF-2 on every row.
func TestSampleSheet2AF2(t *testing.T) {
	dir := t.TempDir()
	res := runCmd(t, "-rules", "cbb", "-out", dir)
	require.Equal(t, 0, res.status, res.stderr)
	_, rows := readSheet(t, dir, "cbb_sheet2_authentication.csv")
	require.Greater(t, len(rows), 30)
	requireAF2(t, rows)
}
