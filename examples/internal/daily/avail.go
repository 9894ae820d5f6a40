package daily

import (
	"time"

	"github.com/openfinance-kpi/kpi"
)

// What availability needs of a call (AV-CLOCK, AV-CONSEC) is its instant,
// its TTLB, its status and whether it is attributable: both programs keep
// only these until the calls can be walked in time order (the report in
// 24-byte records, the Beam pipeline in the records it groups by
// segment). AvailStatus packs status and attribution into 16 bits,
// AvailCall makes the call back.

// notAttrBit marks a call that is not attributable in AvailStatus.
const notAttrBit = 1 << 15

// AvailStatus returns c's status with the top bit set when c is not
// attributable. ParseRow's calls have statuses 0 to 599.
func AvailStatus(c *kpi.Call) uint16 {
	st := uint16(c.Status)
	if c.NotAttributable {
		st |= notAttrBit
	}
	return st
}

// AvailCall returns the call availability sees: received at Unix
// nanoseconds at, TTLB ttlb nanoseconds, status as AvailStatus packs it,
// TTFB unknown.
func AvailCall(endpoint string, at, ttlb int64, status uint16) kpi.Call {
	return kpi.Call{
		ReceivedAt: time.Unix(0, at), Endpoint: endpoint,
		Status: int(status &^ notAttrBit), TTLB: time.Duration(ttlb), TTFBUnknown: true,
		NotAttributable: status&notAttrBit != 0,
	}
}
