package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/benchmark/book"
	"github.com/openfinance-kpi/kpi/performance"
	"github.com/openfinance-kpi/kpi/volumes"
)

// Australia's CDR Get Metrics v5 (ResponseMetricsListV5, Consumer Data
// Standards 1.36.0, GET /admin/metrics with period=ALL): one document. A
// conditional field whose figure is not available is left out (the
// schema's way of saying so); README.md lists what each field is made of.

// cdrRatePlaces is the number of digits after the point of the
// RateStrings written.
const cdrRatePlaces = 6

// tpsPlaces is the number of digits after the point of average TPS (a
// day of a few calls is a few millionths of a call per second).
const tpsPlaces = 6

type cdrDoc struct {
	Data  cdrData        `json:"data"`
	Links map[string]any `json:"links"`
	Meta  cdrMeta        `json:"meta"`
}

// cdrMeta says what the document leaves out (the schema's meta is a free
// object): the calls of the days written that fall in no tier.
type cdrMeta struct {
	CallsOfNoTier            uint64 `json:"callsOfNoTier"`
	CallsWithUnknownPresence uint64 `json:"callsWithUnknownPresence"`
}

type cdrData struct {
	RequestTime     string             `json:"requestTime"`
	Availability    cdrAvailability    `json:"availability"`
	Performance     cdrPerformance     `json:"performance"`
	Invocations     cdrTiers[cdrCount] `json:"invocations"`
	AverageResponse cdrTiers[cdrNum]   `json:"averageResponse"`
	SessionCount    cdrCount           `json:"sessionCount"`
	AverageTps      cdrSplit[cdrNum]   `json:"averageTps"`
	PeakTps         cdrSplit[cdrNum]   `json:"peakTps"`
	Errors          cdrErrors          `json:"errors"`
	Rejections      cdrRejections      `json:"rejections"`
	CustomerCount   uint64             `json:"customerCount"`
	RecipientCount  uint64             `json:"recipientCount"`
	Authorisations  cdrAuthorisations  `json:"authorisations"`
}

type cdrMonths struct {
	CurrentMonth   string   `json:"currentMonth,omitempty"`
	PreviousMonths []string `json:"previousMonths,omitempty"`
}

type cdrAvailability struct {
	Aggregate       cdrMonths `json:"aggregate"`
	Unauthenticated cdrMonths `json:"unauthenticated"`
	Authenticated   cdrMonths `json:"authenticated"`
}

type cdrRates struct {
	CurrentDay   string   `json:"currentDay,omitempty"`
	PreviousDays []string `json:"previousDays,omitempty"`
}

type cdrHours struct {
	CurrentDay   []string   `json:"currentDay,omitempty"`
	PreviousDays [][]string `json:"previousDays,omitempty"`
}

type cdrPerformance struct {
	Aggregate cdrRates `json:"aggregate"`
	cdrTiers[cdrHours]
}

type cdrTiers[T any] struct {
	Unauthenticated T `json:"unauthenticated"`
	HighPriority    T `json:"highPriority"`
	LowPriority     T `json:"lowPriority"`
	Unattended      T `json:"unattended"`
	LargePayload    T `json:"largePayload"`
}

func (t *cdrTiers[T]) of(tier performance.Tier) *T {
	switch tier {
	case performance.TierUnauthenticated:
		return &t.Unauthenticated
	case performance.TierHighPriority:
		return &t.HighPriority
	case performance.TierLowPriority:
		return &t.LowPriority
	case performance.TierUnattended:
		return &t.Unattended
	}
	return &t.LargePayload
}

type cdrCount struct {
	CurrentDay   *uint64  `json:"currentDay,omitempty"`
	PreviousDays []uint64 `json:"previousDays,omitempty"`
}

type cdrNum struct {
	CurrentDay   json.Number   `json:"currentDay,omitempty"`
	PreviousDays []json.Number `json:"previousDays,omitempty"`
}

type cdrSplit[T any] struct {
	Aggregate       T `json:"aggregate"`
	Unauthenticated T `json:"unauthenticated"`
	Authenticated   T `json:"authenticated"`
}

type cdrCodes struct {
	CurrentDay   map[string]uint64   `json:"currentDay,omitempty"`
	PreviousDays []map[string]uint64 `json:"previousDays,omitempty"`
}

type cdrErrors struct {
	Aggregate       cdrCount `json:"aggregate"`
	Unauthenticated cdrCodes `json:"unauthenticated"`
	Authenticated   cdrCodes `json:"authenticated"`
}

type cdrRejections struct {
	Authenticated   cdrCount `json:"authenticated"`
	Unauthenticated cdrCount `json:"unauthenticated"`
}

type cdrAuthorisations struct {
	ActiveAuthorisationCount struct {
		Individual    uint64 `json:"individual"`
		NonIndividual uint64 `json:"nonIndividual"`
	} `json:"activeAuthorisationCount"`
	NewAuthorisationCount     struct{} `json:"newAuthorisationCount"`
	RevokedAuthorisationCount struct{} `json:"revokedAuthorisationCount"`
	AmendedAuthorisationCount struct{} `json:"amendedAuthorisationCount"`
	ExpiredAuthorisationCount struct{} `json:"expiredAuthorisationCount"`
	AbandonedConsentFlowCount struct{} `json:"abandonedConsentFlowCount"`
	AbandonmentsByStage       struct {
		PreIdentification   struct{} `json:"preIdentification"`
		PreAuthentication   struct{} `json:"preAuthentication"`
		PreAccountSelection struct{} `json:"preAccountSelection"`
		PreAuthorisation    struct{} `json:"preAuthorisation"`
		Rejected            struct{} `json:"rejected"`
		FailedTokenExchange struct{} `json:"failedTokenExchange"`
	} `json:"abandonmentsByStage"`
}

// cdrTokenEndpoint is the endpoint whose successful calls are sessions
// ("a session is defined as the provisioning of an Access Token").
const cdrTokenEndpoint = "POST /token"

func writeCDRMetrics(w io.Writer, r *report) error {
	if r.cfg.Rules != "cdr" {
		return fmt.Errorf("-format %s: the tiers are the CDR profile's; use -rules cdr", formatCDR)
	}
	doc, err := cdrMetrics(r)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}

func cdrMetrics(r *report) (*cdrDoc, error) {
	res := r.res
	if res == nil || res.Calls == 0 {
		return nil, fmt.Errorf("-format %s: no call read", formatCDR)
	}
	cal := r.cfg.Cal
	rf := r.cfg.regime
	doc := &cdrDoc{Links: map[string]any{"self": rf.baseURL + "/admin/metrics"}}
	d := &doc.Data
	d.RequestTime = res.AsOf.In(cal.Location()).Format(time.RFC3339)
	d.CustomerCount, d.RecipientCount = rf.customers, rf.recipients
	d.Authorisations.ActiveAuthorisationCount.Individual = rf.individual
	d.Authorisations.ActiveAuthorisationCount.NonIndividual = rf.nonIndividual

	if err := cdrAvailabilityOf(res, &d.Availability.Aggregate); err != nil {
		return nil, err
	}
	cur, prev := days(res, 7)
	all := append([]kpi.Date{cur}, prev...)
	for i, day := range all {
		rw := interfaceRow(res, day)
		tiers := tierFigures(rw)
		// performance: hourly shares per tier, the day's share overall
		hours := cal.HoursIn(day)
		if i == 0 {
			hours = elapsedHours(res, cal, day)
		}
		doc.Meta.CallsOfNoTier += tiers.NoTier
		doc.Meta.CallsWithUnknownPresence += tiers.PresenceUnknown
		var within, timed uint64
		for _, t := range performance.Tiers {
			n := tierCalls(tiers, t)
			arr := []string{} // a day without a call of the tier: no hourly figure
			if n > 0 {
				arr = make([]string, hours)
				for s := range arr {
					h := tiers.Hours[s][t]
					arr[s] = cdrShare(h.Within, h.Timed)
				}
			}
			for s := range tiers.Hours {
				within += tiers.Hours[s][t].Within
				timed += tiers.Hours[s][t].Timed
			}
			ph := d.Performance.of(t)
			inv := d.Invocations.of(t)
			avg := d.AverageResponse.of(t)
			avgS := ratioDiv(tiers.AvgResponseMs[t], 1000)
			if i == 0 {
				if n > 0 {
					ph.CurrentDay = arr
				}
				inv.CurrentDay = &n
				if avgS.OK() {
					avg.CurrentDay = decimalNumber(avgS, 3)
				}
				continue
			}
			ph.PreviousDays = append(ph.PreviousDays, arr)
			inv.PreviousDays = append(inv.PreviousDays, n)
			if avgS.OK() && len(avg.PreviousDays) == i-1 { // contiguous: stops at the first day without an average
				avg.PreviousDays = append(avg.PreviousDays, decimalNumber(avgS, 3))
			}
		}
		share := ""
		if timed > 0 {
			share = cdrShare(within, timed)
		}
		// sessions, TPS, errors, rejections
		var calls, peak, sessions, errs5xx uint64
		if rw != nil {
			calls, peak, errs5xx = rw.Calls, rw.PeakTPS, rw.Status5xx
		}
		if tok := endpointRow(res, day, cdrTokenEndpoint); tok != nil {
			sessions = tok.Status2xx
		}
		secs := observedSeconds(res, cal, day)
		avgTps := decimalNumber(kpi.RatioOf(calls, secs), tpsPlaces)
		peakTps := json.Number(strconv.FormatUint(peak, 10))
		codes := codeFigures(rw)
		authKnown := len(codes.ByStatus[kpi.FlagUnknown]) == 0
		if i == 0 {
			d.Performance.Aggregate.CurrentDay = share // "" (no call in a tier): left out
			d.SessionCount.CurrentDay = ptr(sessions)
			d.AverageTps.Aggregate.CurrentDay = avgTps
			d.PeakTps.Aggregate.CurrentDay = peakTps
			d.Errors.Aggregate.CurrentDay = ptr(errs5xx)
		} else {
			if share != "" && len(d.Performance.Aggregate.PreviousDays) == i-1 { // contiguous
				d.Performance.Aggregate.PreviousDays = append(d.Performance.Aggregate.PreviousDays, share)
			}
			d.SessionCount.PreviousDays = append(d.SessionCount.PreviousDays, sessions)
			d.AverageTps.Aggregate.PreviousDays = append(d.AverageTps.Aggregate.PreviousDays, avgTps)
			d.PeakTps.Aggregate.PreviousDays = append(d.PeakTps.Aggregate.PreviousDays, peakTps)
			d.Errors.Aggregate.PreviousDays = append(d.Errors.Aggregate.PreviousDays, errs5xx)
		}
		// The authenticated splits: only on days every call recorded
		// whether it was authenticated, and only back to the first day
		// that did not (the arrays stay contiguous).
		if !authKnown || (i > 0 && len(d.Errors.Authenticated.PreviousDays) != i-1) {
			continue
		}
		for _, a := range []kpi.Flag{kpi.FlagYes, kpi.FlagNo} {
			codeMap := map[string]uint64{}
			var n uint64
			for st, v := range codes.ByStatus[a] {
				n += v
				if st >= 400 {
					codeMap[strconv.Itoa(st)] = v
				}
			}
			tps := decimalNumber(kpi.RatioOf(n, secs), tpsPlaces)
			errsOf, tpsOf, rejOf := &d.Errors.Authenticated, &d.AverageTps.Authenticated, &d.Rejections.Authenticated
			if a == kpi.FlagNo {
				errsOf, tpsOf, rejOf = &d.Errors.Unauthenticated, &d.AverageTps.Unauthenticated, &d.Rejections.Unauthenticated
			}
			rejected, known := codes.Rejected[a], codes.Known[a]
			rejAvailable := known == n && (i == 0 || len(rejOf.PreviousDays) == i-1)
			if i == 0 {
				errsOf.CurrentDay, tpsOf.CurrentDay = codeMap, tps
				if rejAvailable {
					rejOf.CurrentDay = ptr(rejected)
				}
				continue
			}
			errsOf.PreviousDays = append(errsOf.PreviousDays, codeMap)
			tpsOf.PreviousDays = append(tpsOf.PreviousDays, tps)
			if rejAvailable {
				rejOf.PreviousDays = append(rejOf.PreviousDays, rejected)
			}
		}
	}
	return doc, nil
}

func ptr[T any](v T) *T { return &v }

// cdrShare is a share within threshold as a RateString; an hour without
// a call of the tier outside the traffic rejections, on a day the tier
// had calls, is "1": no call missed the threshold (README.md, decisions).
func cdrShare(within, timed uint64) string {
	if timed == 0 {
		return "1"
	}
	s, _ := benchmark.CDRRateString(kpi.PercentOf(within, timed), cdrRatePlaces) // 0 to 100 %: never an error
	return s
}

// elapsedHours is the number of hour slots of the current day written:
// those begun before AsOf (all of them for a day observed to its end).
func elapsedHours(res *book.Result, cal kpi.Calendar, d kpi.Date) int {
	n := cal.HoursIn(d)
	if end := cal.Day(d).End; res.AsOf.Before(end) {
		_, slot := cal.HourOf(res.AsOf.Add(-time.Nanosecond))
		n = min(n, slot+1)
	}
	return n
}

func tierFigures(rw *book.Row) *performance.TierFigures {
	if rw == nil || rw.Tiers == nil {
		return &performance.TierFigures{}
	}
	return rw.Tiers
}

func codeFigures(rw *book.Row) *volumes.CodeFigures {
	if rw == nil || rw.Codes == nil {
		return &volumes.CodeFigures{}
	}
	return rw.Codes
}

func tierCalls(f *performance.TierFigures, t performance.Tier) uint64 {
	var n uint64
	for s := range f.Hours {
		n += f.Hours[s][t].Calls
	}
	return n
}

// cdrAvailabilityOf fills the interface's monthly availability: the
// current month over its days covered so far, and the previous months
// covered entirely, last month first, at most 12 (stopping at the first
// month not covered entirely). The profile's availability options apply
// (CDR: planned outages out of both sides).
func cdrAvailabilityOf(res *book.Result, out *cdrMonths) error {
	opts := res.Config.Profile.Availability
	month := kpi.Month(res.Last)
	if v := availability.PeriodUptimePercent(res.DaysIn(month), opts); v.OK() {
		s, err := benchmark.CDRRateString(v, cdrRatePlaces)
		if err != nil {
			return err
		}
		out.CurrentMonth = s
	}
	for len(out.PreviousMonths) < 12 {
		month = kpi.Month(month.First - 1)
		if month.First < res.First {
			break
		}
		v := availability.PeriodUptimePercent(res.DaysIn(month), opts)
		if !v.OK() {
			break
		}
		s, err := benchmark.CDRRateString(v, cdrRatePlaces)
		if err != nil {
			return err
		}
		out.PreviousMonths = append(out.PreviousMonths, s)
	}
	return nil
}
