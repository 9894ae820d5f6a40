package availability

// Refusal says why a Tracker, ProbeTracker or Segment could not use a value
// that is not bad input in the BAD INPUT sense of package kpi: it does not fit the stream.
// A Refusal is an error; returning it does not allocate.
type Refusal uint8

// The refusals.
const (
	// OutOfOrder: the call's ReceivedAt (a probe's At) is before the latest
	// one the tracker has seen; its stream is time-ordered.
	OutOfOrder Refusal = iota + 1
	// OtherEndpoint: the call belongs to another stream than the tracker's
	// (the endpoint of its first call), or segments of two streams.
	OtherEndpoint
	// AfterFinish: Add after Finish (call Reset to reuse the tracker).
	AfterFinish
	// BadOptions: the Options failed Validate.
	BadOptions
	// SegmentsOverlap: two segments' spans share an instant.
	SegmentsOverlap
	// The slot of a refusal since replaced by kpi.ErrOptionsDiffer (two
	// segments summarised with options that derive outages differently),
	// kept so that the encoding of Refusals does not change.
	_
	// EmptySpan: a segment's span has End not after Start.
	EmptySpan
	// ZeroProbeTime: a probe without an instant (BAD INPUT, package kpi).
	ZeroProbeTime
	// IDCount: Summarize was given ids of another length than its calls.
	IDCount

	numRefusals int = iota + 1
)

var refusalText = [...]string{
	OutOfOrder:      "availability: received before the stream's latest instant",
	OtherEndpoint:   "availability: endpoint of another stream",
	AfterFinish:     "availability: stream already finished",
	BadOptions:      "availability: invalid options",
	SegmentsOverlap: "availability: segment spans overlap",
	EmptySpan:       "availability: empty segment span",
	ZeroProbeTime:   "availability: probe with zero instant",
	IDCount:         "availability: ids and calls differ in length",
}

// Error implements error.
func (r Refusal) Error() string {
	if int(r) < len(refusalText) && refusalText[r] != "" {
		return refusalText[r]
	}
	return "availability: refusal"
}

// Refusals counts refused values by Refusal. The zero value is empty.
type Refusals [numRefusals]uint64

func (r *Refusals) add(x Refusal) {
	if int(x) < len(r) {
		r[x]++
	}
}

// Total is the number of refused values.
func (r *Refusals) Total() uint64 {
	var n uint64
	for _, v := range r {
		n += v
	}
	return n
}
