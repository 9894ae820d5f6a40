package callgen

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"time"
)

// Month says what the monthly inputs of the report's sample hold: a month
// of consent journeys, user activity (with a prior history) and TPP
// registrations (with the TPPs live before the month), in the calls CSV's
// zone.
type Month struct {
	Seed             uint64
	Start            time.Time // the month's first local midnight
	Days             int
	JourneysPerDay   int
	Users            int // the pool of user credentials
	BrokenPer10000   int // journeys that break the state machine (AF-2), per 10,000
	TPPBaseline      time.Time
	AISPs, PISPs     int // live at the baseline
	AISPAdd, PISPAdd int // on-boarded during the month
	AISPDereg        int // de-registered during the month
}

// SampleMonth is the report's embedded sample: November 2026 in
// Asia/Dubai, around the week of calls of Sample.
func SampleMonth() Month {
	dubai := time.FixedZone("+04", 4*3600)
	return Month{
		Seed: 202611, Start: time.Date(2026, 11, 1, 0, 0, 0, 0, dubai), Days: 30,
		JourneysPerDay: 60, Users: 1500, BrokenPer10000: 15,
		TPPBaseline: time.Date(2026, 1, 15, 9, 0, 0, 0, dubai), AISPs: 8, PISPs: 5, AISPAdd: 2, PISPAdd: 1, AISPDereg: 1,
	}
}

// userAgents are x-customer-user-agent headers: browsers (Web) and apps
// (App) by Rule AF-3.
var userAgents = []string{
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
	"okhttp/4.12.0",
	"BudgetApp/3.2 (iOS 17.5; iPhone14,2) CFNetwork/1494 Darwin/23.5.0",
	"Mozilla/5.0 (Linux; Android 14; Pixel 8; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/126.0 Mobile Safari/537.36",
}

const stamp = "2006-01-02T15:04:05.000Z07:00"

// WriteConsents writes the month's consent journey events (the report's
// -consents columns): journeys opened through the day, abandoned, failed,
// succeeded, with or without a confirmation step, and a few broken ones
// (a second attempt after success).
func WriteConsents(w io.Writer, m Month) error {
	rng := rand.New(rand.NewPCG(m.Seed, 1))
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "consent_id,event,at,auth_type,api,user_agent,bank_channel")
	n := 0
	for d := range m.Days {
		day := m.Start.AddDate(0, 0, d)
		for range m.JourneysPerDay {
			n++
			id := fmt.Sprintf("c-%06d", n)
			at := day.Add(time.Duration(rng.Int64N(int64(24 * time.Hour))))
			auth, api := "redirection", "AIS"
			if rng.IntN(100) < 15 {
				auth = "decoupled"
			}
			if rng.IntN(100) < 30 {
				api = "PIS"
			}
			bank := "app"
			if rng.IntN(100) < 40 {
				bank = "web"
			}
			ua := userAgents[rng.IntN(len(userAgents))]
			line := func(kind string, at time.Time, extra string) {
				fmt.Fprintf(bw, "%s,%s,%s,%s\n", id, kind, at.Format(stamp), extra)
			}
			line("required", at, auth+","+api+",\""+ua+"\",")
			step := func() time.Duration { return time.Duration(2+rng.IntN(40)) * time.Second }
			r := rng.IntN(100)
			switch {
			case r < 6: // left before attempting
				at = at.Add(step())
				line("abandoned", at, ",,,"+bank)
				continue
			case r < 8: // attempted, then left
				at = at.Add(step())
				line("attempted", at, ",,,"+bank)
				at = at.Add(step())
				line("abandoned", at, ",,,")
				continue
			}
			at = at.Add(step())
			line("attempted", at, ",,,"+bank)
			at = at.Add(step())
			if r < 11 {
				line("failed", at, ",,,")
				continue
			}
			line("succeeded", at, ",,,")
			if rng.IntN(10000) < m.BrokenPer10000 {
				line("attempted", at.Add(time.Second), ",,,") // a second attempt after success: breaks the journey (AF-2)
				continue
			}
			if rng.IntN(100) < 30 {
				continue // no confirmation step
			}
			at = at.Add(step())
			line("confirmation_required", at, ",,,")
			at = at.Add(step())
			if rng.IntN(100) < 7 {
				line("rejected", at, ",,,")
			} else {
				line("accepted", at, ",,,")
			}
		}
	}
	return bw.Flush()
}

// WriteUsers writes the month's user activity (the report's -users
// columns): prior rows for the users who had used a service before the
// month, then the month's new authorisations, accesses and
// re-authentications. A user with a prior row who authorises anew is not
// a first time.
func WriteUsers(w io.Writer, m Month) error {
	rng := rand.New(rand.NewPCG(m.Seed, 2))
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "user_id,segment,service,event,at")
	type rec struct {
		at   time.Time
		line string
	}
	var recs []rec
	prior := m.Start.AddDate(0, -1, 0)
	services := []string{"ais", "pis", "online", "mobile"}
	priorShare := []int{50, 15, 80, 65} // % of users who used the service before
	useShare := []int{45, 20, 60, 70}   // % of users who use it in the month
	for u := 1; u <= m.Users; u++ {
		id := fmt.Sprintf("u-%05d", u)
		seg := "retail"
		if u%10 == 0 {
			seg = "business"
		}
		for k, s := range services {
			before := rng.IntN(100) < priorShare[k]
			if before {
				recs = append(recs, rec{prior, fmt.Sprintf("%s,%s,%s,prior,%s", id, seg, s, prior.Format(stamp))})
			}
			if rng.IntN(100) >= useShare[k] {
				continue
			}
			at := m.Start.Add(time.Duration(rng.Int64N(int64(m.Days) * int64(24*time.Hour))))
			kind := "new"
			if before {
				kind = []string{"accessed", "accessed", "reauthenticated", "new"}[rng.IntN(4)]
			}
			recs = append(recs, rec{at, fmt.Sprintf("%s,%s,%s,%s,%s", id, seg, s, kind, at.Format(stamp))})
		}
	}
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].at.Before(recs[j].at) })
	for _, r := range recs {
		fmt.Fprintln(bw, r.line)
	}
	return bw.Flush()
}

// WriteTPPs writes the TPP registrations (the report's -tpps columns): the
// TPPs live at the baseline, then the month's on-boardings and
// de-registrations. The TPP IDs tpp-1 ... match the calls' tpp_id.
func WriteTPPs(w io.Writer, m Month) error {
	rng := rand.New(rand.NewPCG(m.Seed, 3))
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "tpp_id,role,event,at")
	for i := 1; i <= m.AISPs; i++ {
		fmt.Fprintf(bw, "tpp-%d,AISP,onboarded,%s\n", i, m.TPPBaseline.Format(stamp))
	}
	for i := 1; i <= m.PISPs; i++ {
		fmt.Fprintf(bw, "tpp-%d,PISP,onboarded,%s\n", i, m.TPPBaseline.Format(stamp))
	}
	in := func() string {
		return m.Start.Add(time.Duration(rng.Int64N(int64(m.Days) * int64(24*time.Hour)))).Truncate(time.Second).Format(stamp)
	}
	for i := range m.AISPAdd {
		fmt.Fprintf(bw, "tpp-%d,AISP,onboarded,%s\n", m.AISPs+1+i, in())
	}
	for i := range m.PISPAdd {
		fmt.Fprintf(bw, "tpp-%d,PISP,onboarded,%s\n", m.AISPs+m.AISPAdd+1+i, in())
	}
	for i := range m.AISPDereg {
		fmt.Fprintf(bw, "tpp-%d,AISP,deregistered,%s\n", m.AISPs-i, in())
	}
	return bw.Flush()
}
