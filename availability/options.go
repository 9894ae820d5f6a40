package availability

import (
	"fmt"
	"time"
)

// Rule selects how downtime is derived from calls.
type Rule uint8

// The rules.
const (
	// Clock is AV-CLOCK (CBUAE §2, DEFAULT): a failure starts the clock, the
	// next success stops it.
	Clock Rule = iota
	// Consecutive is AV-CONSEC (CBB Table 1, EBA GL/2018/07 2.3): N
	// consecutive unanswered calls within W start the downtime, the next
	// success ends it.
	Consecutive
)

// String returns "clock" or "consecutive".
func (r Rule) String() string {
	switch r {
	case Clock:
		return "clock"
	case Consecutive:
		return "consecutive"
	}
	return fmt.Sprintf("rule(%d)", uint8(r))
}

// The defaults that zero Options fields stand for.
const (
	DefaultIdleSpan = 15 * time.Minute    // AV-CLOCK-6
	DefaultN        = 5                   // AV-CONSEC-1
	DefaultWindow   = 30 * time.Second    // AV-CONSEC-1 W and AV-CONSEC-2
	NominalDay      = 86400 * time.Second // AV-PCT-1 OPTION FixedDayLength
)

// Options selects the rule and the rulebook OPTIONs. The zero value is the
// rulebook's DEFAULT everywhere: AV-CLOCK with logged instants, 4xx ignored,
// an idle span of 15 minutes, the real local day length, planned downtime
// counted as downtime. Options is a plain value, safe to copy and share.
//
// Fields that do not belong to the selected Rule are ignored (documented per
// field).
type Options struct {
	// Rule selects AV-CLOCK (the zero value) or AV-CONSEC.
	Rule Rule

	// ReceivedInstants is the AV-CLOCK-2 OPTION: the clock uses ReceivedAt
	// for failures and successes. DEFAULT (false): the "logged" instant
	// ReceivedAt + TTLB. AV-CLOCK only.
	ReceivedInstants bool
	// ClientErrorsStopClock is the AV-CLOCK-4 OPTION: an attributable 4xx
	// stops the clock like a success. DEFAULT (false): 4xx neither starts
	// nor stops it. AV-CLOCK only.
	ClientErrorsStopClock bool
	// IdleSpan is the AV-CLOCK-6 idle span: an outage is flagged Idle when
	// no call reached the stream for longer than this inside it. 0 means
	// 15 minutes; negative is invalid. It never changes a figure.
	IdleSpan time.Duration

	// N is the AV-CONSEC-1 series length; 0 means 5, negative is invalid.
	N int
	// Window is the AV-CONSEC-1 span W and the AV-CONSEC-2 reply deadline;
	// 0 means 30 s, negative is invalid.
	Window time.Duration
	// NoSpanCondition is the AV-CONSEC-1 OPTION: any N unanswered calls in
	// a row make a series, however far apart. DEFAULT (false): last − first
	// ≤ Window.
	NoSpanCondition bool
	// ServerErrorsAreReplies is an AV-CONSEC-2 OPTION: a 5xx sent within
	// Window is a reply, so it is not unanswered; being no success, it
	// neither counts nor breaks a series (like a 4xx). DEFAULT (false): a
	// 5xx is unanswered.
	ServerErrorsAreReplies bool
	// LateRepliesAreReplies is an AV-CONSEC-2 OPTION: a response sent after
	// Window is still a reply (a late 2xx/3xx is a success). DEFAULT
	// (false): TTLB > Window makes any response unanswered.
	LateRepliesAreReplies bool
	// InterfaceWide is the AV-SCOPE-1 OPTION: one walk over all the
	// interface's calls together, whatever their endpoint; outages carry
	// Endpoint "". DEFAULT (false): each endpoint is walked on its own
	// calls. The OPTION is AV-CONSEC's; under AV-CLOCK it means the same
	// thing (one clock for all calls: a success on any endpoint stops it),
	// which no regulator asks for.
	InterfaceWide bool

	// FixedDayLength is the AV-PCT-1 OPTION: a day is 86,400 s in the
	// percentages (CBUAE text). DEFAULT (false): the real local day length
	// (23 h or 25 h on daylight-saving changes).
	FixedDayLength bool
	// PlannedExcluded is RG-PLANNED-1 for profiles such as Australia's CDR:
	// planned downtime is removed from the numerator and the denominator,
	// uptime = (L − P − U) / (L − P). DEFAULT (false): planned downtime is
	// downtime (AV-PLAN-1, CBUAE, CBB, UK).
	PlannedExcluded bool
}

// Validate reports an unknown Rule or a negative N, Window or IdleSpan.
func (o Options) Validate() error {
	switch {
	case o.Rule != Clock && o.Rule != Consecutive:
		return fmt.Errorf("availability: unknown rule %d", uint8(o.Rule))
	case o.N < 0:
		return fmt.Errorf("availability: negative N %d", o.N)
	case o.Window < 0:
		return fmt.Errorf("availability: negative Window %v", o.Window)
	case o.IdleSpan < 0:
		return fmt.Errorf("availability: negative IdleSpan %v", o.IdleSpan)
	}
	return nil
}

// normalized fills the defaults in.
func (o Options) normalized() Options {
	if o.IdleSpan == 0 {
		o.IdleSpan = DefaultIdleSpan
	}
	if o.N == 0 {
		o.N = DefaultN
	}
	if o.Window == 0 {
		o.Window = DefaultWindow
	}
	return o
}

// outageKey is the part of the options that decides outages: two segments
// can be combined only if their keys are equal.
func (o Options) outageKey() Options {
	o = o.normalized()
	o.FixedDayLength, o.PlannedExcluded = false, false
	if o.Rule == Clock {
		o.N, o.Window, o.NoSpanCondition = 0, 0, false
		o.ServerErrorsAreReplies, o.LateRepliesAreReplies = false, false
	} else {
		o.ReceivedInstants, o.ClientErrorsStopClock = false, false
	}
	return o
}

// streamKey is the stream a call belongs to: its endpoint, or "" for the
// interface-wide walk.
func (o *Options) streamKey(endpoint string) string {
	if o.InterfaceWide {
		return ""
	}
	return endpoint
}
