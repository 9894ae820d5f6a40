package authfunnel

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
)

// A scenario file (testdata/<RULE-ID>.txt) holds worked examples derived
// by hand from the AF-* rules (package doc) and the CBB text; its format is described at
// the top of testdata/AF-1-2-worked.txt. Every scenario runs through
// Reference, one Funnel (checking what each Add returns), two Funnels cut
// at every position and merged both ways, three Funnels cut at every two
// positions and merged in two orders, a split by consent, and Close +
// Settle.

var scenarioT0 = time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)

type rates struct {
	target                           string // "totals" or "row<i>"
	success, abandonment, management string
}

type scenario struct {
	name     string
	cal      kpi.Calendar
	opts     Options
	events   []Event
	wantAdd  []Reason
	closings []Closing
	rows     []CBBAuthenticationRow
	totals   *Counts
	rejected kpi.Rejections[Reason]
	errs     []*JourneyError
	rates    []rates
}

var reasonNames = map[string]Reason{
	"ok": OK, "unknown-kind": UnknownKind, "zero-at": ZeroAt, "empty-consent": EmptyConsent,
	"bad-dimension": BadDimension, "no-journey": NoJourney, "unexpected": Unexpected,
	"no-bank-channel": NoBankChannel, "duplicate": Duplicate,
}

var kindNamesShort = map[string]Kind{
	"required": AuthRequired, "attempted": AuthAttempted, "abandoned": AuthAbandoned,
	"succeeded": AuthSucceeded, "failed": AuthFailed, "confirm": ConfirmationRequired,
	"accepted": ConfirmationAccepted, "rejected": ConfirmationRejected,
}

func loadScenarios(t *testing.T, path string) []*scenario {
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var out []*scenario
	var sc *scenario
	sn := bufio.NewScanner(f)
	for line := 1; sn.Scan(); line++ {
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("%s:%d: %s", path, line, fmt.Sprintf(format, args...))
		}
		offset := func(v string) time.Time {
			t.Helper()
			if v == "zero" {
				return time.Time{}
			}
			d, err := time.ParseDuration(v)
			if err != nil {
				fail("%v", err)
			}
			return scenarioT0.Add(d)
		}
		channel := func(v string) Channel {
			t.Helper()
			switch v {
			case "Web":
				return Web
			case "App":
				return App
			case "x":
				return 9
			case "-", "":
				return 0
			}
			fail("channel %q", v)
			return 0
		}
		auth := func(v string) AuthType {
			t.Helper()
			switch v {
			case "R":
				return Redirect
			case "D":
				return Decoupled
			case "x":
				return 9
			}
			fail("auth type %q", v)
			return 0
		}
		api := func(v string) API {
			t.Helper()
			switch v {
			case "AIS":
				return AIS
			case "PIS":
				return PIS
			case "x":
				return 9
			}
			fail("api %q", v)
			return 0
		}
		reason := func(v string) Reason {
			t.Helper()
			r, ok := reasonNames[v]
			if !ok {
				fail("reason %q", v)
			}
			return r
		}
		counts := func(fields []string) Counts {
			t.Helper()
			var c Counts
			ptr := map[string]*uint64{
				"required": &c.Required, "attempted": &c.Attempted, "abandoned": &c.Abandoned,
				"succeeded": &c.Succeeded, "failed": &c.Failed, "confirmations": &c.ConfirmationsRequired,
				"accepted": &c.Accepted, "rejected": &c.Rejected, "awaiting-attempt": &c.AwaitingAttempt,
				"awaiting-outcome": &c.AwaitingOutcome, "awaiting-end": &c.AwaitingEnd,
				"awaiting-confirmation": &c.AwaitingConfirmation, "broken": &c.Broken,
			}
			for _, kv := range fields {
				k, v, _ := strings.Cut(kv, "=")
				p := ptr[k]
				n, err := strconv.ParseUint(v, 10, 64)
				if p == nil || err != nil {
					fail("count %q", kv)
				}
				*p = n
			}
			return c
		}
		fields := strings.Fields(sn.Text())
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if fields[0] != "scenario" && sc == nil {
			fail("%q before any scenario", fields[0])
		}
		switch fields[0] {
		case "scenario":
			sc = &scenario{name: strings.Join(fields[1:], " ")}
			out = append(out, sc)
		case "options":
			for _, o := range fields[1:] {
				k, v, _ := strings.Cut(o, "=")
				switch k {
				case "failure":
					sc.opts.AttemptTimeoutIsFailure = true
				case "tz":
					h, err := strconv.Atoi(v)
					if err != nil {
						fail("tz %q", v)
					}
					sc.cal = kpi.NewCalendar(time.FixedZone("UTC"+v, h*3600))
				default:
					fail("option %q", o)
				}
			}
		case "event":
			if len(fields) < 4 {
				fail("event: %d fields", len(fields))
			}
			e := Event{ConsentID: fields[1], At: offset(fields[3])}
			if e.ConsentID == "-" {
				e.ConsentID = ""
			}
			if k, ok := kindNamesShort[fields[2]]; ok {
				e.Kind = k
			} else if n, err := strconv.Atoi(strings.TrimPrefix(fields[2], "k")); err == nil && strings.HasPrefix(fields[2], "k") {
				e.Kind = Kind(n)
			} else {
				fail("kind %q", fields[2])
			}
			want := OK
			for _, x := range fields[4:] {
				switch k, v, ok := strings.Cut(x, "="); {
				case ok && k == "bank":
					e.BankChannel = channel(v)
				case ok && k == "want":
					want = reason(v)
				case !ok:
					d := strings.SplitN(x, "-", 4)
					if len(d) != 4 {
						fail("dimensions %q", x)
					}
					e.AuthType, e.API, e.TPPChannel, e.BankChannel = auth(d[0]), api(d[1]), channel(d[2]), channel(d[3])
				default:
					fail("event field %q", x)
				}
			}
			sc.events = append(sc.events, e)
			sc.wantAdd = append(sc.wantAdd, want)
		case "close":
			if len(fields) != 3 {
				fail("close: %d fields", len(fields))
			}
			idle, err := time.ParseDuration(fields[2])
			if err != nil {
				fail("%v", err)
			}
			sc.closings = append(sc.closings, Closing{AsOf: offset(fields[1]), Idle: idle})
		case "row":
			if len(fields) < 6 {
				fail("row: %d fields", len(fields))
			}
			d, err := kpi.ParseDate(fields[1])
			if err != nil {
				fail("%v", err)
			}
			sc.rows = append(sc.rows, CBBAuthenticationRow{ReportDate: d, EntityName: "Bank",
				AuthenticationType: auth(fields[2]), APIType: api(fields[3]), TPPChannel: channel(fields[4]), BankChannel: channel(fields[5]),
				Counts: counts(fields[6:])})
		case "totals":
			c := counts(fields[1:])
			sc.totals = &c
		case "rejected":
			for _, kv := range fields[1:] {
				k, v, _ := strings.Cut(kv, "=")
				n, err := strconv.ParseUint(v, 10, 64)
				if err != nil {
					fail("%v", err)
				}
				sc.rejected[reason(k)] = n
			}
		case "error":
			if len(fields) != 4 {
				fail("error: %d fields", len(fields))
			}
			i, err1 := strconv.Atoi(fields[1])
			n, err2 := strconv.Atoi(fields[3])
			if err1 != nil || err2 != nil || i < 0 || i >= len(sc.events) {
				fail("error %q", fields[1:])
			}
			e := sc.events[i]
			sc.errs = append(sc.errs, &JourneyError{Index: i, ConsentID: e.ConsentID, Kind: e.Kind, At: e.At, Reason: reason(fields[2]), Dropped: n})
		case "rates":
			r := rates{target: fields[1]}
			for _, kv := range fields[2:] {
				k, v, _ := strings.Cut(kv, "=")
				switch k {
				case "success":
					r.success = v
				case "abandonment":
					r.abandonment = v
				case "management":
					r.management = v
				default:
					fail("rate %q", k)
				}
			}
			sc.rates = append(sc.rates, r)
		default:
			fail("unknown directive %q", fields[0])
		}
	}
	require.NoError(t, sn.Err())
	return out
}

func formatRate(r kpi.Ratio) string {
	if !r.OK() {
		return "none"
	}
	return r.Format(3)
}

// want is the Report the scenario expects.
func (sc *scenario) want() Report {
	rep := Report{Rows: sc.rows, Rejections: sc.rejected}
	if rep.Rows == nil {
		rep.Rows = []CBBAuthenticationRow{}
	}
	if sc.totals != nil {
		rep.Totals = *sc.totals
	} else {
		rep.Totals = Total(sc.rows)
	}
	return rep
}

func (sc *scenario) closeAll(f *Funnel) {
	for _, c := range sc.closings {
		f.Close(c.AsOf, c.Idle)
	}
}

func runScenario(t *testing.T, sc *scenario) {
	want := sc.want()
	for _, r := range want.Rows {
		require.NoError(t, r.Check(), "a row of the file breaks AF-2")
	}

	got, counted, err := reference(sc.cal, sc.opts, "Bank", sc.events, sc.closings)
	require.Equal(t, want, got, "Reference")
	require.Equal(t, uint64(len(sc.events)), counted+got.Rejections.Total(), "every event counted or rejected")
	if sc.errs == nil {
		require.NoError(t, err)
	} else {
		var ie *InputError
		require.True(t, errors.As(err, &ie), "Reference error %v", err)
		require.Equal(t, sc.errs, ie.Events)
	}
	for _, r := range sc.rates {
		c := got.Totals
		if r.target != "totals" {
			i, err := strconv.Atoi(strings.TrimPrefix(r.target, "row"))
			require.NoError(t, err)
			c = got.Rows[i].Counts
		}
		require.Equal(t, r.success, formatRate(c.AuthenticationSuccessPercent()), "success of %s", r.target)
		require.Equal(t, r.abandonment, formatRate(c.AbandonmentPercent()), "abandonment of %s", r.target)
		require.Equal(t, r.management, formatRate(c.ConsentManagementPercent()), "management of %s", r.target)
	}

	// One Funnel, checking what each Add returns.
	whole := NewFunnel(sc.cal, sc.opts)
	for i := range sc.events {
		err := whole.Add(&sc.events[i])
		if sc.wantAdd[i] == OK {
			require.NoError(t, err, "step %d: %s of %q", i, sc.events[i].Kind, sc.events[i].ConsentID)
		} else {
			require.ErrorIs(t, err, sc.wantAdd[i], "step %d: %s of %q", i, sc.events[i].Kind, sc.events[i].ConsentID)
		}
	}
	sc.closeAll(&whole)
	require.Equal(t, want, whole.Report("Bank"), "Funnel")
	whole.Settle()
	require.Equal(t, want, whole.Report("Bank"), "Funnel after Settle")

	// Cut at every position, merged both ways.
	for k := 0; k <= len(sc.events); k++ {
		a, b := NewFunnel(sc.cal, sc.opts), NewFunnel(sc.cal, sc.opts)
		for i := range sc.events {
			if i < k {
				_ = a.Add(&sc.events[i])
			} else {
				_ = b.Add(&sc.events[i])
			}
		}
		ab, ba := a.clone(), b.clone()
		ab.Merge(&b)
		ba.Merge(&a)
		for _, m := range []*Funnel{&ab, &ba} {
			sc.closeAll(m)
			require.Equal(t, want, m.Report("Bank"), "cut at %d", k)
		}
	}

	// Cut at every two positions into three Funnels, merged in two orders.
	for k1 := 0; k1 <= len(sc.events); k1++ {
		for k2 := k1; k2 <= len(sc.events); k2++ {
			p := [3]Funnel{NewFunnel(sc.cal, sc.opts), NewFunnel(sc.cal, sc.opts), NewFunnel(sc.cal, sc.opts)}
			for i := range sc.events {
				j := 0
				if i >= k2 {
					j = 2
				} else if i >= k1 {
					j = 1
				}
				_ = p[j].Add(&sc.events[i])
			}
			x, y := p[2].clone(), p[1].clone()
			x.Merge(&p[0])
			x.Merge(&p[1])
			y.Merge(&p[2])
			z := p[0].clone()
			z.Merge(&y)
			for _, m := range []*Funnel{&x, &z} {
				sc.closeAll(m)
				require.Equal(t, want, m.Report("Bank"), "cut at %d and %d", k1, k2)
			}
		}
	}

	// Split by consent into three Funnels.
	parts := [3]Funnel{NewFunnel(sc.cal, sc.opts), NewFunnel(sc.cal, sc.opts), NewFunnel(sc.cal, sc.opts)}
	for i := range sc.events {
		h := 0
		for _, c := range []byte(sc.events[i].ConsentID) {
			h = h*31 + int(c)
		}
		_ = parts[h%3].Add(&sc.events[i])
	}
	parts[2].Merge(&parts[0])
	parts[2].Merge(&parts[1])
	sc.closeAll(&parts[2])
	require.Equal(t, want, parts[2].Report("Bank"), "split by consent")
}

// TestScenarios runs every testdata/AF-*.txt file, one subtest per rule
// ID and scenario.
func TestScenarios(t *testing.T) {
	files, err := filepath.Glob("testdata/AF-*.txt")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, path := range files {
		rule := strings.TrimSuffix(filepath.Base(path), ".txt")
		for _, sc := range loadScenarios(t, path) {
			t.Run(fmt.Sprintf("%s/%s", rule, sc.name), func(t *testing.T) {
				runScenario(t, sc)
			})
		}
	}
}
