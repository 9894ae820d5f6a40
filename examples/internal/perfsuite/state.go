package perfsuite

import (
	"slices"
	"time"
	"unsafe"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/benchmark/book"
	"github.com/openfinance-kpi/kpi/performance"
)

// Threshold is Rule PF-THR-1's threshold the suite's Stats count calls
// within: CBUAE's 500 ms, so that the within-threshold count is part of
// every measured Add and Merge.
const Threshold = 500 * time.Millisecond

// Perf returns the Stats options of every endpoint-day the suite builds:
// the PF-THR-1 Threshold, PF-PAGE-1's default page size.
func Perf() performance.Options { return performance.Options{Threshold: Threshold} }

// Profile is the regime the suite's books compute under: CBUAE, whose
// PaymentEndpoints ("POST /payments", "POST /file-payments", both in the
// data) are the endpoint-days that feed PIPS.
func Profile() benchmark.Profile { return benchmark.CBUAE() }

// NewBook returns an empty book.Book for d, the one the report, the
// gateway and the Beam pipeline build: CBUAE's profile, d's calendar and
// Perf().
func NewBook(d *Data) *book.Book {
	return book.New(book.Config{Profile: Profile(), Calendar: d.Cal, Performance: Perf()})
}

// Payment reports whether endpoint index ep of d is one of the profile's
// payment endpoints (as a Book decides it).
func (d *Data) Payment(ep int) bool {
	return slices.Contains(Profile().PaymentEndpoints, d.Endpoints[ep])
}

// NewEndpointDay returns the empty book.EndpointDay a Book makes for
// endpoint index ep of d: Stats at Perf(), PIPS fed on a payment endpoint.
func (d *Data) NewEndpointDay(ep int) book.EndpointDay {
	return book.NewEndpointDay(Perf(), d.Payment(ep))
}

// Days routes the calls of d to one book.EndpointDay per endpoint and day,
// by index ([day][endpoint], the day found with a kpi.DayCursor: calls
// arrive in ReceivedAt order, as in a log). It is what a Book does per
// call without its map look-ups and availability records, so that the
// two can be measured side by side; the accumulators are the library's.
type Days struct {
	cursor kpi.DayCursor
	first  kpi.Date
	Days   [][]book.EndpointDay // [day][endpoint]
}

// NewDays makes the endpoint-days of d.
func NewDays(d *Data) *Days {
	in := &Days{cursor: d.Cal.Cursor(), first: d.First}
	for range d.Days {
		row := make([]book.EndpointDay, len(d.Endpoints))
		for e := range row {
			row[e] = d.NewEndpointDay(e)
		}
		in.Days = append(in.Days, row)
	}
	return in
}

// Add adds c, whose endpoint index is ep, to its endpoint-day.
func (in *Days) Add(c *kpi.Call, ep uint16) error {
	day := int(in.cursor.DateOf(c.ReceivedAt) - in.first)
	return in.Days[day][ep].Add(c)
}

// Reset empties every endpoint-day, keeping capacity.
func (in *Days) Reset() {
	for d := range in.Days {
		for e := range in.Days[d] {
			in.Days[d][e].Reset()
		}
	}
}

// MergeCore merges into e the part of o the merge and memory targets are
// about: Errors (ER-1), Volumes (VO-DAY-1), Perf (PF-AVG-1 ...), Hist
// (PF-PCTL-1) and Rejected, the per-second TPS and PIPS left out (their
// merge is BenchmarkMergeThroughput's). book.EndpointDay.Merge does the
// same and then merges TPS and PIPS.
func MergeCore(e, o *book.EndpointDay) error {
	if err := e.Perf.Merge(&o.Perf); err != nil {
		return err
	}
	e.Errors.Merge(&o.Errors)
	e.Volumes.Merge(&o.Volumes)
	e.Hist.Merge(&o.Hist)
	e.Rejections.Merge(&o.Rejections)
	return nil
}

// CoreBytes is the memory the core of e holds (the part MergeCore
// merges): the Counter, Daily, Stats and Rejections values plus the
// Histogram's header and 512-byte pages (Histogram.RetainedBytes). The
// core refers to no other heap. The pages are one of Go's size classes:
// the heap holds exactly this, no rounding.
func CoreBytes(e *book.EndpointDay) int {
	return int(unsafe.Sizeof(e.Errors)+unsafe.Sizeof(e.Volumes)+unsafe.Sizeof(e.Perf)+unsafe.Sizeof(e.Rejections)) +
		e.Hist.RetainedBytes()
}

// FullBytes is the memory the whole of e holds: the book.EndpointDay
// struct, the Histogram's pages and the TPS and PIPS tables (their
// RetainedBytes: blocks and entries, spare capacity included, so call
// Compact first for a closed day's figure; a payment endpoint-day's PIPS
// is its own allocation).
func FullBytes(e *book.EndpointDay) int {
	n := int(unsafe.Sizeof(*e)-unsafe.Sizeof(e.Hist)-unsafe.Sizeof(e.TPS)) +
		e.Hist.RetainedBytes() + e.TPS.RetainedBytes()
	if e.PIPS != nil {
		n += e.PIPS.RetainedBytes()
	}
	return n
}
