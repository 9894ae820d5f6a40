package live

import (
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/benchmark/book"
	"github.com/openfinance-kpi/kpi/errorrate"
	"github.com/openfinance-kpi/kpi/performance"
)

// maxHours is the most hours a local day has (25, the day daylight saving
// ends).
const maxHours = 25

// hours is one shard-day's calls by hour of the local day: the elapsed
// hours since the day's start (so a 23- or 25-hour day has 23 or 25), each
// an EndpointDay of the whole interface (volumes, ER-1 errors, TTLB
// statistics and histogram, peak TPS). The Store feeds it beside the book,
// for the page's charts of today's hours.
type hours struct {
	start time.Time // the local day's start
	by    [maxHours]*book.EndpointDay
}

func (h *hours) reset(start time.Time) {
	h.start = start
	for _, e := range h.by {
		if e != nil {
			e.Reset()
		}
	}
}

// add counts c in its hour; a call outside the day is not counted (the
// book counts it).
func (h *hours) add(c *kpi.Call, perf performance.Options) {
	k := int(c.ReceivedAt.Sub(h.start) / time.Hour)
	if k < 0 || k >= maxHours {
		return
	}
	if h.by[k] == nil {
		e := book.NewEndpointDay(perf, false)
		h.by[k] = &e
	}
	_ = h.by[k].Add(c) // a bad call is counted in its Rejections, as the book counts it
}

// Hour is the interface's figures for one hour of the day so far.
type Hour struct {
	Start            time.Time // in the Store's calendar location
	Calls            uint64
	Status2xx        uint64
	Status4xx        uint64
	Status5xx        uint64 // 5xx and no response (failed for technical reasons)
	ErrorRatePercent kpi.Ratio
	AvgTTLBMs        kpi.Ratio
	P95TTLBMs        kpi.Ratio // PF-PCTL-1 estimate, within 1/128
	PeakTPS          uint64
}

// hoursOf merges the shards' hours of one day and returns each hour from
// the day's start to its end (or to now, today).
func hoursOf(days []*hours, cal kpi.Calendar, d kpi.Date, now time.Time, perf performance.Options) []Hour {
	day := cal.Day(d)
	n := int(day.End.Sub(day.Start) / time.Hour)
	if now.Before(day.End) {
		n = int(now.Sub(day.Start)/time.Hour) + 1
	}
	n = max(0, min(n, maxHours))
	out := make([]Hour, n)
	for k := range out {
		e := book.NewEndpointDay(perf, false)
		for _, h := range days {
			if h.by[k] != nil {
				_ = e.Merge(h.by[k]) // one configuration
			}
		}
		v := e.Volumes.Figures()
		p95 := kpi.NoData
		if q, ok := e.Hist.Quantile(0.95); ok {
			p95 = kpi.RatioOf(uint64(q), uint64(time.Millisecond))
		}
		out[k] = Hour{
			Start: day.Start.Add(time.Duration(k) * time.Hour).In(cal.Location()), Calls: v.Calls,
			Status2xx: v.Successful, Status4xx: v.FailedBusiness, Status5xx: v.Status5xx + v.NoResponse,
			ErrorRatePercent: e.Errors.RatePercent(errorrate.Options{}), AvgTTLBMs: e.Perf.AvgTTLBMs(performance.Responded),
			P95TTLBMs: p95, PeakTPS: e.TPS.Peak(),
		}
	}
	return out
}
