package book

import (
	"bytes"
	"errors"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/availability"
	"github.com/openfinance-kpi/kpi/errorrate"
	"github.com/openfinance-kpi/kpi/internal/wire"
	"github.com/openfinance-kpi/kpi/performance"
	"github.com/openfinance-kpi/kpi/volumes"
)

// EndpointDay is every per-call accumulator one endpoint needs for one
// local day (or, merged, the interface for one day): what daily.csv, the
// CBB sheets and a profile's targets read of that endpoint-day.
//
//   - Errors: ER-1 (errorrate.Counter);
//   - Volumes: VO-DAY-1 (volumes.Counter);
//   - Perf: PF-AVG-1, PF-PAGE-1, PF-MB-1, PF-MAX-1, PF-THR-1
//     (performance.Stats);
//   - Hist: PF-PCTL-1, the TTLB of responded calls (performance.Histogram);
//   - TPS: PF-TPS-1 peak calls per second (performance.Throughput);
//   - PIPS: PF-TPS-1 Max PIPS, on a payment endpoint only
//     (performance.PIPS; Payment says whether the endpoint is one; nil
//     on the others, whose endpoint-days have no use for its 200 bytes).
//
// Add checks the call once (kpi.Check) and hands the checked call and its
// class to each accumulator's AddChecked, so a call is never checked five
// times. A bad call is counted in Rejections by reason and changes nothing
// else.
//
// The zero value is an empty endpoint-day of a non-payment endpoint whose
// Stats count no PF-THR-1 threshold; NewEndpointDay sets both. Copying an
// EndpointDay shares its Histogram's pages (see performance.Histogram):
// build each one in place, or Merge into a fresh one. Not safe for
// concurrent use. Add, Merge and Reset do not allocate in steady state
// (Hist and the per-second tables allocate as they first reach a new page
// of values or seconds, Hist its page table at its second value, and a
// payment endpoint-day's PIPS is made at its first call or merge when
// nil). An endpoint-day of one call holds no histogram page and, off the
// payment endpoints, no PIPS: about 1.1 KB, what a log with a million
// endpoints of one call each holds a million of.
type EndpointDay struct {
	Errors  errorrate.Counter
	Volumes volumes.Counter
	Perf    performance.Stats
	Hist    performance.Histogram
	TPS     performance.Throughput
	// PIPS is nil until a payment endpoint-day needs it (NewEndpointDay
	// makes it for one; Add and Merge when Payment is set and it is nil).
	PIPS *performance.PIPS
	// Payment marks an endpoint of the profile's payment catalogue: only
	// then is PIPS fed (Max PIPS is no figure of other endpoints).
	Payment bool
	// Rejections counts the calls Add refused, by reason.
	Rejections kpi.Rejections[kpi.Reason]

	// The extras (see Extras; nil when off): RG-P95-2, RG-MEDIAN-1,
	// RG-MINUTE-1, RG-TIER-1 and the status codes by authentication.
	// Enable turns them on; Merge turns on those the other has.
	P95     *performance.P95
	Medians *performance.Medians
	Minutes *availability.MinuteDay
	Tiers   *performance.TierDay
	Codes   *volumes.Codes
	// Route is the endpoint's RG-TIER-1 route (Tiers reads it).
	Route performance.TierRoute
}

// NewEndpointDay returns an empty EndpointDay whose Stats use perf (the
// PF-THR-1 threshold, the PF-PAGE-1 page size) and whose PIPS is fed when
// payment is true.
func NewEndpointDay(perf performance.Options, payment bool) EndpointDay {
	e := EndpointDay{Perf: performance.NewStats(perf), Payment: payment}
	if payment {
		e.PIPS = new(performance.PIPS)
	}
	return e
}

// newEndpointDay is NewEndpointDay made in place on the heap (a Book's:
// no kilobyte copied from a value into it).
func newEndpointDay(perf performance.Options, payment bool) *EndpointDay {
	e := new(EndpointDay)
	e.Perf = performance.NewStats(perf)
	e.Payment = payment
	if payment {
		e.PIPS = new(performance.PIPS)
	}
	return e
}

// noPIPS is the empty PIPS a nil EndpointDay.PIPS reads as (never
// changed).
var noPIPS performance.PIPS

// pips returns e's PIPS to read: the empty one when nil.
func (e *EndpointDay) pips() *performance.PIPS {
	if e.PIPS == nil {
		return &noPIPS
	}
	return e.PIPS
}

// Add adds one call: kpi.Check once, then every accumulator's AddChecked.
// A bad call is counted in Rejections and its kpi.Reason returned.
// performance.ErrOutOfRange is returned (and counted by the per-second
// tables) for a ReceivedAt outside the years 882 to 3058; a Book never
// passes one.
func (e *EndpointDay) Add(c *kpi.Call) error {
	if r := kpi.Check(c); r != kpi.OK {
		e.Rejections.Add(r)
		return r
	}
	err := e.addChecked(c, c.Class())
	if e.hasExtras() {
		if xerr := e.addExtras(c, -1); err == nil {
			err = xerr
		}
	}
	return err
}

// addCheckedAt feeds a call that passed kpi.Check, with its class k, to
// every accumulator and the extras (received sinceStart after its day's
// start; negative when unknown).
func (e *EndpointDay) addCheckedAt(c *kpi.Call, k kpi.Class, sinceStart time.Duration) error {
	err := e.addChecked(c, k)
	if e.hasExtras() {
		if xerr := e.addExtras(c, sinceStart); err == nil {
			err = xerr
		}
	}
	return err
}

// addChecked feeds a call that passed kpi.Check, with its class k.
func (e *EndpointDay) addChecked(c *kpi.Call, k kpi.Class) error {
	e.Errors.AddChecked(c, k)
	e.Volumes.AddChecked(c, k)
	e.Perf.AddChecked(c, k)
	e.Hist.AddChecked(c, k, performance.Responded)
	err := e.TPS.AddChecked(c, k)
	if e.Payment {
		if e.PIPS == nil {
			e.PIPS = new(performance.PIPS)
		}
		if perr := e.PIPS.AddChecked(c, k); err == nil {
			err = perr
		}
	}
	return err
}

// Calls is the number of calls counted (bad ones excluded).
func (e *EndpointDay) Calls() uint64 { return e.Volumes.Figures().Calls }

// Merge adds o into e; o is unchanged. It is exact, associative and
// commutative, and the zero EndpointDay is its identity. A payment
// endpoint-day merged in makes e one (the interface's day has Max PIPS
// when any of its endpoints has). It returns the first accumulator's
// refusal: kpi.ErrOptionsDiffer when the Stats or PIPS options
// differ (checked before anything changes), kpi.ErrMergeOverflow when a
// sum would leave the range its state can hold (see each accumulator's
// Merge; only crafted or decoded states get there). After an overflow e
// may hold part of o: merge into a copy when that matters.
func (e *EndpointDay) Merge(o *EndpointDay) error { return e.merge(o, true) }

// merge is Merge, with o's TPS left out unless tps is set (mergeTree sums
// the tables of all its states at once).
func (e *EndpointDay) merge(o *EndpointDay, tps bool) error {
	if o == nil {
		return nil
	}
	if e.Perf.Options() != o.Perf.Options() && !e.Perf.Empty() && !o.Perf.Empty() ||
		e.Payment && o.Payment && e.pips().Options() != o.pips().Options() && e.pips().Payments() != 0 && o.pips().Payments() != 0 {
		return kpi.ErrOptionsDiffer
	}
	if err := e.Perf.Merge(&o.Perf); err != nil {
		return err
	}
	if o.Payment {
		if e.PIPS == nil {
			e.PIPS = new(performance.PIPS)
		}
		if err := e.PIPS.Merge(o.pips()); err != nil {
			return err
		}
		e.Payment = true
	}
	var terr error
	if tps {
		terr = e.TPS.Merge(&o.TPS)
	}
	err := errors.Join(e.Errors.Merge(&o.Errors), e.Volumes.Merge(&o.Volumes), e.Hist.Merge(&o.Hist),
		terr, e.Rejections.Merge(&o.Rejections))
	if err == nil && o.hasExtras() {
		err = e.mergeExtras(o)
	}
	return err
}

// Reset empties e, keeping its options, Payment and the storage its
// accumulators keep on Reset.
func (e *EndpointDay) Reset() {
	e.Errors.Reset()
	e.Volumes.Reset()
	e.Perf.Reset()
	e.Hist.Reset()
	e.TPS.Reset()
	if e.PIPS != nil {
		e.PIPS.Reset()
	}
	e.Rejections = kpi.Rejections[kpi.Reason]{}
	e.resetExtras()
}

// An EndpointDay on the wire (version 1): the Payment flag, the rejection
// counts, then each accumulator's own encoding behind its length.

// AppendBinary appends the encoding of e to b.
func (e *EndpointDay) AppendBinary(b []byte) ([]byte, error) {
	if e.hasExtras() {
		return nil, ErrExtrasNotEncoded
	}
	b = wire.AppendHeader(b, wire.KindEndpointDay, 1)
	b = wire.AppendBool(b, e.Payment)
	b = wire.AppendRejections(b, e.Rejections[:], kpi.NumReasons)
	var err error
	for _, enc := range [...]interface {
		AppendBinary([]byte) ([]byte, error)
	}{&e.Errors, &e.Volumes, &e.Perf, &e.Hist, &e.TPS, e.pips()} {
		if b, err = appendPart(b, enc); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// appendPart appends enc's encoding behind its length.
func appendPart(b []byte, enc interface {
	AppendBinary([]byte) ([]byte, error)
}) ([]byte, error) {
	part, err := enc.AppendBinary(nil)
	if err != nil {
		return nil, err
	}
	b = wire.AppendUvarint(b, uint64(len(part)))
	return append(b, part...), nil
}

// MarshalBinary returns the encoding of e.
func (e *EndpointDay) MarshalBinary() ([]byte, error) { return e.AppendBinary(nil) }

// UnmarshalBinary replaces e with the EndpointDay data encodes. On error e
// is unchanged; the errors are internal/wire's (truncated, foreign kind,
// version, trailing bytes, impossible value), wrapped with the type name.
func (e *EndpointDay) UnmarshalBinary(data []byte) error {
	n, err := decodeEndpointDay(data)
	if err != nil {
		return err
	}
	*e = *n
	return nil
}

// decodeEndpointDay returns a new EndpointDay decoded from data (see
// UnmarshalBinary): the one value a decoder allocates for it.
func decodeEndpointDay(data []byte) (*EndpointDay, error) {
	r, _ := wire.NewReader(data, "book.EndpointDay", wire.KindEndpointDay, 1)
	n := new(EndpointDay)
	n.Payment = r.Bool()
	r.Rejections(n.Rejections[:kpi.NumReasons])
	var pips performance.PIPS
	for _, dec := range [...]interface{ UnmarshalBinary([]byte) error }{
		&n.Errors, &n.Volumes, &n.Perf, &n.Hist, &n.TPS, &pips,
	} {
		readPart(r, dec)
	}
	if err := r.Err(); err != nil {
		return nil, err
	}
	if !n.Payment && pips.Payments() != 0 {
		return nil, errors.Join(wire.ErrInvalid, errors.New("book.EndpointDay: payments counted on a non-payment endpoint"))
	}
	if n.Payment || !emptyPIPS(&pips) {
		n.PIPS = &pips
	}
	return n, nil
}

// emptyPIPS reports whether p encodes as the empty PIPS (nothing a nil
// EndpointDay.PIPS would lose).
func emptyPIPS(p *performance.PIPS) bool {
	a, errA := p.AppendBinary(nil)
	b, errB := noPIPS.AppendBinary(nil)
	return errA == nil && errB == nil && bytes.Equal(a, b)
}

// readPart decodes one length-prefixed part into dec, failing r on error.
func readPart(r *wire.Reader, dec interface{ UnmarshalBinary([]byte) error }) {
	n := r.Len(1)
	b := r.Bytes(n)
	if !r.OK() {
		return
	}
	if err := dec.UnmarshalBinary(b); err != nil {
		r.Fail(err)
	}
}

// pack packs the per-second tables (performance.Throughput.Pack,
// PIPS.Pack) and the exact ranks of the extras (P95.Pack, Medians.Pack)
// of a finished endpoint-day.
func (e *EndpointDay) pack() {
	e.TPS.Pack()
	if e.PIPS != nil {
		e.PIPS.Pack()
	}
	e.packRanks()
}

// packRanks packs the exact ranks of the extras (P95.Pack, Medians.Pack):
// packed, they take a few bytes a value where a table takes 21 to 43, and
// the merges into them keep them packed.
func (e *EndpointDay) packRanks() {
	if e.P95 != nil {
		e.P95.Pack()
	}
	if e.Medians != nil {
		e.Medians.Pack()
	}
}
