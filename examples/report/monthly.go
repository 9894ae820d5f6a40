package main

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/authfunnel"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/examples/internal/daily"
	"github.com/openfinance-kpi/kpi/volumes/monthly"
)

// The embedded sample's month of consent journeys, user activity and TPP
// registrations (sample/README.md), read when no calls file is given.
var (
	//go:embed sample/consents.csv
	sampleConsents []byte
	//go:embed sample/users.csv
	sampleUsers []byte
	//go:embed sample/tpps.csv
	sampleTPPs []byte
)

// monthlyFiles are the -consents, -users, -tpps and -platform inputs.
type monthlyFiles struct {
	consents, users, tpps string
	platform              string // platform.go
}

// monthlyInputs is what the monthly inputs give: CBB sheets 2 (authentication,
// per day), 3 (users) and 4 (TPPs, per month), and the platform's
// authentication KPIs.
type monthlyInputs struct {
	hasConsents, hasUsers, hasTPPs bool

	funnel  authfunnel.Funnel
	auth    authfunnel.Report
	lastAt  time.Time // the last consent event
	events  uint64    // consent events read
	months  []kpi.Period
	users   map[kpi.Period]*monthly.Users
	prior   monthly.UserHistory
	userRes map[kpi.Period]monthly.UserMonth
	tpps    monthly.TPPs
	tppRes  map[kpi.Period]monthly.TPPMonth

	platform *platform // -platform (platform.go); nil when not read
}

// input returns the named file's bytes, or the embedded sample's when no
// calls file is given and the flag is not set.
func (r *report) monthlyInput(flag, name string, sample []byte) (string, []byte, error) {
	switch {
	case name != "":
		rc, err := openFile(name)
		if err != nil {
			return "", nil, fmt.Errorf("-%s: %v", flag, err)
		}
		defer rc.Close()
		data, err := io.ReadAll(rc)
		if err != nil {
			return "", nil, fmt.Errorf("-%s %s: %v", flag, name, err)
		}
		return name, data, nil
	case len(r.cfg.files) == 0 && r.cfg.sources == nil:
		return "sample/" + flag + ".csv", sample, nil
	}
	return "", nil, nil
}

// readMonthly reads the monthly inputs after the calls (the months of the
// report are those of the calls' days and of the events).
func (r *report) readMonthly() error {
	cal := r.cfg.Cal
	m := &monthlyInputs{users: map[kpi.Period]*monthly.Users{}, userRes: map[kpi.Period]monthly.UserMonth{}, tppRes: map[kpi.Period]monthly.TPPMonth{}}
	m.funnel = authfunnel.NewFunnel(cal, authfunnel.Options{})
	months := map[kpi.Period]bool{}
	if r.res != nil && r.res.Calls > 0 {
		for d := r.res.First; d <= r.res.Last; d++ {
			months[kpi.Month(d)] = true
		}
	}
	bad := r.addBad
	strs := make(daily.Interner)

	name, data, err := r.monthlyInput("consents", r.cfg.consents, sampleConsents)
	if err != nil {
		return err
	}
	if name != "" {
		m.hasConsents = true
		err := daily.ReadConsentEvents(name, bytes.NewReader(data), strs.Intern, func(e *authfunnel.Event, line int) {
			m.events++
			if e.At.After(m.lastAt) {
				m.lastAt = e.At
			}
			if e.Kind == authfunnel.AuthRequired {
				months[kpi.Month(cal.DateOf(e.At))] = true
			}
			// Journeys broken by an event (AF-2) are counted by the
			// funnel (Broken, Rejected); only bad input is a bad row.
			switch reason := m.funnel.Add(e); reason {
			case authfunnel.UnknownKind, authfunnel.ZeroAt, authfunnel.EmptyConsent, authfunnel.BadDimension:
				bad(daily.BadRow{File: name, Line: line, Reason: reason.Error()})
			}
		}, bad)
		if err != nil {
			return err
		}
	}

	name, data, err = r.monthlyInput("users", r.cfg.users, sampleUsers)
	if err != nil {
		return err
	}
	if name != "" {
		m.hasUsers = true
		err := daily.ReadUserEvents(name, bytes.NewReader(data), strs.Intern, func(e *monthly.UserEvent, prior bool, line int) {
			if prior {
				m.prior.Add(e.Segment, e.Service, e.UserID)
				return
			}
			month := kpi.Month(cal.DateOf(e.At))
			months[month] = true
			u := m.users[month]
			if u == nil {
				u = &monthly.Users{}
				m.users[month] = u
			}
			if reason := u.Add(e); reason != nil {
				bad(daily.BadRow{File: name, Line: line, Reason: reason.Error()})
			}
		}, bad)
		if err != nil {
			return err
		}
	}

	name, data, err = r.monthlyInput("tpps", r.cfg.tpps, sampleTPPs)
	if err != nil {
		return err
	}
	if name != "" {
		m.hasTPPs = true
		err := daily.ReadTPPEvents(name, bytes.NewReader(data), strs.Intern, func(e *monthly.TPPEvent, line int) {
			// An onboarding of a live TPP or a deregistration of one not
			// live is counted in the month's Ignored figures (VO-TPP-1).
			if reason := m.tpps.Add(e); reason != nil && reason != monthly.AlreadyRegistered && reason != monthly.NotRegistered {
				bad(daily.BadRow{File: name, Line: line, Reason: reason.Error()})
			}
		}, bad)
		if err != nil {
			return err
		}
	}

	for p := range months {
		m.months = append(m.months, p)
	}
	slices.SortFunc(m.months, func(a, b kpi.Period) int { return int(a.First - b.First) })
	if m.hasConsents {
		// Every journey still open at the observation end is closed as
		// the customer left it (authfunnel.Funnel.Close).
		asOf := m.lastAt
		if r.res != nil && r.res.AsOf.After(asOf) {
			asOf = r.res.AsOf
		}
		m.funnel.Close(asOf, 0)
		m.auth = m.funnel.Report(r.cfg.entity)
	}
	// VO-USER-1: each month read with the history of the prior rows and
	// of the months before it.
	hist := m.prior
	for _, p := range m.months {
		u := m.users[p]
		if u == nil {
			u = &monthly.Users{}
		}
		m.userRes[p] = u.Volumes(&hist, monthly.UserOptions{})
		hist.Absorb(u)
		m.tppRes[p] = m.tpps.Month(cal, p)
	}
	if err := r.readPlatform(m, strs.Intern); err != nil {
		return err
	}
	r.monthly = m
	return nil
}

// authMeasurements adds the platform's daily authentication KPIs (Rule
// AF-4: authentication success and consent management, pooled over the
// day's sheet 2 rows) to ms.
func (r *report) authMeasurements(ms *benchmark.Measurements) {
	m := r.monthly
	if m == nil || !m.hasConsents {
		return
	}
	byDay := map[kpi.Date]*authfunnel.Counts{}
	var days []kpi.Date
	for _, row := range m.auth.Rows {
		c := byDay[row.ReportDate]
		if c == nil {
			c = &authfunnel.Counts{}
			byDay[row.ReportDate] = c
			days = append(days, row.ReportDate)
		}
		c.Add(row.Counts)
	}
	for _, d := range days {
		if first, last, ok := span(r); !ok || d < first || d > last {
			continue // judged on the report's days only: no day without calls is added
		}
		ms.SetDay(benchmark.AuthSuccessPercent, benchmark.Interface(), d, byDay[d].AuthenticationSuccessPercent())
		ms.SetDay(benchmark.ConsentManagementPercent, benchmark.Interface(), d, byDay[d].ConsentManagementPercent())
	}
}

// span returns the report's days.
func span(r *report) (first, last kpi.Date, ok bool) {
	if r.res == nil || r.res.Calls == 0 {
		return 0, 0, false
	}
	return r.res.First, r.res.Last, true
}

// writeCBBSheet2 writes sheet 2 (Authentication): a row per day and
// combination where a journey ended, with the template's field names.
func writeCBBSheet2(w io.Writer, r *report) error {
	cw := csv.NewWriter(w)
	cw.Write(authfunnel.CBBAuthenticationRow{}.Header())
	for _, row := range r.monthly.auth.Rows {
		cw.Write(row.Record())
	}
	cw.Flush()
	return cw.Error()
}

// writeCBBSheet3 writes sheet 3 (User/ Customer Volumes): Retail and
// Business rows for each month of the report.
func writeCBBSheet3(w io.Writer, r *report) error {
	cw := csv.NewWriter(w)
	cw.Write(monthly.CBBUserVolumeRow{}.Header())
	for _, p := range r.monthly.months {
		for _, row := range monthly.NewCBBUserVolumeRows(p, r.cfg.entity, r.monthly.userRes[p]) {
			cw.Write(row.Record())
		}
	}
	cw.Flush()
	return cw.Error()
}

// writeCBBSheet4 writes sheet 4 (AISP/PISP Volumes): a row for each month
// of the report.
func writeCBBSheet4(w io.Writer, r *report) error {
	cw := csv.NewWriter(w)
	cw.Write(monthly.CBBTPPVolumeRow{}.Header())
	for _, p := range r.monthly.months {
		cw.Write(monthly.NewCBBTPPVolumeRow(p, r.cfg.entity, r.monthly.tppRes[p]).Record())
	}
	cw.Flush()
	return cw.Error()
}
