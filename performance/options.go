package performance

import (
	"fmt"
	"time"
)

// DefaultPageSize is P of Rule PF-PAGE-1 when Options.PageSize is 0: a page
// holds up to 100 records (CBUAE "per page of up to 100 records", CBB "per
// page of results for up to 100 records").
const DefaultPageSize = 100

// Options are the ingest-time parameters of a Stats: they decide what is
// counted as each call is added, so they are fixed when the Stats is made
// and two Stats merge only when their Options agree (see Stats.Merge).
//
// The zero value is the default: pages of 100 records, no threshold.
// Options is a comparable value, safe to share; compare with Equal, which
// treats the spellings of one default alike (PageSize 0 and 100).
// Validate refuses a negative PageSize or Threshold; a Stats made with
// such Options refuses every Add with ErrBadOptions.
type Options struct {
	// PageSize is P of Rule PF-PAGE-1: a response with R records counts as
	// ceil(R / P) pages. 0 means DefaultPageSize; a negative value is
	// invalid (Validate).
	PageSize int
	// Threshold is the limit of Rules PF-THR-1 and RG-HOURLY-1: a responded
	// call is within it when TTLB <= Threshold (inclusive). 0 means not
	// measured: WithinThreshold counts nothing and WithinThresholdPercent
	// is NoData. A negative value is invalid (Validate).
	Threshold time.Duration
}

// canonical returns o with each default spelled as its zero value, so that
// a Stats made with the default Options equals the zero Stats. Invalid
// values are kept as they are (Validate refuses them).
func (o Options) canonical() Options {
	if o.PageSize == DefaultPageSize {
		o.PageSize = 0
	}
	return o
}

// Validate reports a negative PageSize or Threshold: an error wrapping
// ErrBadOptions. The zero value is valid.
func (o Options) Validate() error {
	switch {
	case o.PageSize < 0:
		return fmt.Errorf("%w: negative PageSize %d", ErrBadOptions, o.PageSize)
	case o.Threshold < 0:
		return fmt.Errorf("%w: negative Threshold %v", ErrBadOptions, o.Threshold)
	}
	return nil
}

// bad reports whether Validate refuses o, without allocating.
func (o Options) bad() bool { return o.PageSize < 0 || o.Threshold < 0 }

// Equal reports whether o and p count alike (PageSize 0 equals 100).
func (o Options) Equal(p Options) bool { return o.canonical() == p.canonical() }

// Basis is the population a reading averages over (Rule PF-AVG-1). It is a
// reading-time option: a Stats keeps the sums of both populations, so one
// state serves both readings. The zero value is Responded, the DEFAULT; a
// value naming no basis reads as Responded.
type Basis uint8

const (
	// Responded is the DEFAULT of Rule PF-AVG-1: V counts every call that
	// got a response (Status != 0), whatever its class (2xx to 5xx), and T
	// sums their TTLB. A call with no response is in neither.
	Responded Basis = iota
	// Only2xx is the OPTION of Rule PF-AVG-1: V and T over 2xx responses
	// only.
	Only2xx
	numBases
)

func (b Basis) String() string {
	switch b {
	case Responded:
		return "responded"
	case Only2xx:
		return "2xx"
	}
	return "basis(?)"
}

// valid returns b, or Responded for a value that names no basis, so that
// no reading panics on a bad Basis.
func (b Basis) valid() Basis {
	if b >= numBases {
		return Responded
	}
	return b
}

// ByteUnit is the megabyte of Rule PF-MB-1 (Stats.MsPerMB). The zero value
// is MB, the DEFAULT; a value naming no unit reads as MB.
type ByteUnit uint8

const (
	// MB is the DEFAULT of Rule PF-MB-1: 10^6 bytes.
	MB ByteUnit = iota
	// MiB is the OPTION of Rule PF-MB-1: 2^20 = 1,048,576 bytes.
	MiB
)

// Bytes returns the number of bytes in one unit (an unknown unit is MB).
func (u ByteUnit) Bytes() uint64 {
	if u == MiB {
		return 1 << 20
	}
	return 1_000_000
}

func (u ByteUnit) String() string {
	if u == MiB {
		return "MiB"
	}
	return "MB"
}

// Error is an error of this package that is not about one call (for those,
// see kpi.Reason and PaymentReason). Returning an Error does not allocate;
// compare with errors.Is. The zero value is not an error this package
// returns.
type Error uint8

const (
	// ErrOutOfRange is returned by Throughput.Add and PIPS.Add for a call
	// whose ReceivedAt second lies outside the years 882 to 3058 that the
	// packed per-second table can hold. The call is counted in OutOfRange.
	ErrOutOfRange Error = iota + 2 // 1 was ErrOptionsDiffer, now kpi.ErrOptionsDiffer
	// ErrBadOptions is returned by the Validate method of an options value
	// (wrapped, naming the field) and by every Add of an accumulator made
	// with options Validate refuses (as is: no allocation). Such an
	// accumulator counts nothing: its options say nothing it could count
	// by.
	ErrBadOptions
)

func (e Error) Error() string {
	switch e {
	case ErrOutOfRange:
		return "performance: received_at outside the per-second table's range"
	case ErrBadOptions:
		return "performance: invalid options"
	}
	return "performance: unknown error"
}
