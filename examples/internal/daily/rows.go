package daily

import (
	"fmt"
	"math/big"
	"slices"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/errorrate"
	"github.com/openfinance-kpi/kpi/performance"
)

// Row is one line of daily.csv: a local day and an endpoint, or "ALL".
// Every figure is a library result; the writers only format.
type Row struct {
	Date     kpi.Date
	Endpoint string
	Scope    *Scope // nil: no calls that day
	Day      *availability.Day

	Calls, Responded                         uint64
	S2xx, S3xx, S4xx, S5xx, NoResp, Rejected uint64
	Errors5xx                                uint64
	ErrorRate                                kpi.Ratio
	TotalTTLB, AvgTTLB, MaxTTLB              kpi.Ratio
	TotalTTFB, AvgTTFB                       kpi.Ratio
	Bytes                                    *big.Int // nil when calls = 0
	MsPerMB                                  kpi.Ratio
	Downtime, Planned, Unplanned, Uptime     kpi.Ratio
	PeakTPS                                  uint64
	HasPeak                                  bool
	MaxPIPS                                  uint64
	HasPIPS                                  bool
}

// AllEndpoints is the endpoint column of a day's interface row.
const AllEndpoints = "ALL"

// NewRow computes the row of endpoint on d from its scope (nil: no calls)
// and its accounted day; opts are the availability options (AV-PCT-1's
// day length).
func NewRow(d kpi.Date, endpoint string, s *Scope, day *availability.Day, opts availability.Options) Row {
	rw := Row{Date: d, Endpoint: endpoint, Scope: s, Day: day}
	if s != nil {
		v := s.Vol.Counts()
		rw.Calls, rw.Responded = v.Total, v.Responded()
		rw.S2xx, rw.S3xx, rw.S4xx, rw.S5xx, rw.NoResp, rw.Rejected = v.Successful, v.Redirects, v.FailedBusiness, v.Status5xx, v.NoResponse, v.Rejected
		rw.Errors5xx = s.Errs.Errors(errorrate.Options{})
		rw.ErrorRate = s.Errs.RatePercent(errorrate.Options{})
		rw.TotalTTLB = s.Perf.TotalTTLBMs(performance.Responded)
		rw.AvgTTLB = s.Perf.AvgTTLBMs(performance.Responded)
		rw.MaxTTLB = s.Perf.MaxTTLBMs()
		rw.TotalTTFB = s.Perf.TotalTTFBMs(performance.Responded)
		rw.AvgTTFB = s.Perf.AvgTTFBMs(performance.Responded)
		if rw.Calls > 0 {
			rw.Bytes = s.Perf.ResponseBytes()
			rw.PeakTPS, rw.HasPeak = s.TPS.Peak(), true
		}
		rw.MsPerMB = s.Perf.MsPerMB(performance.MB)
		if s.Payment {
			rw.MaxPIPS, rw.HasPIPS = s.PIPS.Max()
		}
	}
	rw.setDay(day, opts)
	return rw
}

func (rw *Row) setDay(day *availability.Day, opts availability.Options) {
	rw.Day = day
	rw.Downtime = day.DowntimeSeconds()
	rw.Planned = day.PlannedSeconds()
	rw.Unplanned = day.UnplannedSeconds()
	rw.Uptime = day.UptimePercent(opts)
}

// Span is the days a report covers (REPORT-CONTRACT.md "Output"): from
// the first call's day to the later of the last call's day and the -asof
// day, the local day of the instant 1 ns before AsOf.
type Span struct {
	AsOf        time.Time // observation end: an outage still open runs to here
	First, Last kpi.Date
}

// SpanOf returns the span of calls received from first to last, observed
// until asOf (zero: the next local midnight after last). An asOf before
// last is an error.
func SpanOf(cal kpi.Calendar, first, last, asOf time.Time) (Span, error) {
	if asOf.IsZero() {
		asOf = cal.Start(cal.DateOf(last) + 1)
	} else if asOf.Before(last) {
		return Span{}, fmt.Errorf("-asof %s is before the last call (%s)", asOf.Format(time.RFC3339Nano), last.Format(time.RFC3339Nano))
	}
	return Span{AsOf: asOf, First: cal.DateOf(first), Last: max(cal.DateOf(last), cal.DateOf(asOf.Add(-time.Nanosecond)))}, nil
}

// EndpointDays accounts an endpoint's outages on the days of sp, with the
// planned windows that apply to it (AV-WINDOW-1, AV-PLAN-1).
func EndpointDays(cal kpi.Calendar, sp Span, endpoint string, outs []availability.Outage, planned []PlannedWindow) []availability.Day {
	return availability.Days(cal, sp.First, sp.Last, endpoint, outs, Windows(planned, endpoint), nil)
}

// Assemble walks the rows of daily.csv in order (REPORT-CONTRACT.md
// "Output"): for every day of sp, each endpoint i of n (in byte order)
// that had calls that day (hasCalls) or downtime, then the day's ALL row
// (i = -1). days(i) is endpoint i's accounted days from sp.First, iface
// the interface's (availability.InterfaceDays); emit gets each row's day.
func Assemble(sp Span, n int, hasCalls func(d kpi.Date, i int) bool, days func(i int) []availability.Day, iface []availability.Day, emit func(d kpi.Date, i int, day *availability.Day) error) error {
	for d := sp.First; d <= sp.Last; d++ {
		k := int(d - sp.First)
		for i := 0; i < n; i++ {
			if day := &days(i)[k]; hasCalls(d, i) || day.Total > 0 {
				if err := emit(d, i, day); err != nil {
					return err
				}
			}
		}
		if err := emit(d, -1, &iface[k]); err != nil {
			return err
		}
	}
	return nil
}

// BuildRows makes the rows of daily.csv (Assemble): endpoints are in byte
// order; scope(d, i) is endpoints[i]'s scope on d (nil: no calls), days(i)
// its accounted days from sp.First, iface the interface's. A day's ALL row
// is the Merge of its endpoints' scopes.
func BuildRows(sp Span, endpoints []string, scope func(d kpi.Date, i int) *Scope, days func(i int) []availability.Day, iface []availability.Day, opts availability.Options) ([]Row, error) {
	var rows []Row
	var all *Scope
	err := Assemble(sp, len(endpoints), func(d kpi.Date, i int) bool { return scope(d, i) != nil }, days, iface,
		func(d kpi.Date, i int, day *availability.Day) error {
			if i < 0 {
				rows = append(rows, NewRow(d, AllEndpoints, all, day, opts))
				all = nil
				return nil
			}
			s := scope(d, i)
			rows = append(rows, NewRow(d, endpoints[i], s, day, opts))
			if s == nil {
				return nil
			}
			if all == nil {
				all = &Scope{}
			}
			return all.Merge(s)
		})
	if err != nil {
		return nil, err
	}
	return rows, nil
}

// Endpoints returns the endpoints a report has rows for, in byte order:
// those that had calls (seen, in any order, repeats allowed) and those a
// planned window names (REPORT-CONTRACT.md "Output").
func Endpoints(seen []string, planned []PlannedWindow) []string {
	out := slices.Clone(seen)
	for _, w := range planned {
		if w.Endpoint != "" {
			out = append(out, w.Endpoint)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
