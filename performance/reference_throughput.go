package performance

import (
	"errors"
	"sort"
	"time"

	"github.com/openfinance-kpi/kpi"
)

// ThroughputFigures is what Throughput reports, as ReferenceThroughput
// computes it. The zero value is the figures of no call. A comparable
// value, safe to share.
type ThroughputFigures struct {
	Calls, Responded uint64
	Peak             uint64    // most calls in one second (0: no call)
	PeakAt           time.Time // first second with Peak (UTC); zero when none
}

// ReferenceThroughput is Rule PF-TPS-1 written for obviousness: a map from
// Unix second to calls, then the largest. Bad calls are left out and
// listed in a *kpi.InputError; calls outside the range a Throughput holds
// are left out too and ErrOutOfRange is joined to the error, as Throughput
// does.
func ReferenceThroughput(calls []kpi.Call) (ThroughputFigures, error) {
	good, err := kpi.ValidCalls(calls)
	perSecond := map[int64]uint64{}
	var f ThroughputFigures
	for _, c := range good {
		if _, ok := secondKey(c.ReceivedAt); !ok {
			err = errors.Join(err, ErrOutOfRange)
			continue
		}
		perSecond[c.ReceivedAt.Unix()]++
		f.Calls++
		if c.Status != 0 {
			f.Responded++
		}
	}
	f.Peak, f.PeakAt = largest(perSecond)
	return f, err
}

// largest returns the largest count of m and its earliest second.
func largest(m map[int64]uint64) (uint64, time.Time) {
	secs := make([]int64, 0, len(m))
	for s := range m {
		secs = append(secs, s)
	}
	sort.Slice(secs, func(i, j int) bool { return secs[i] < secs[j] })
	var best uint64
	var at time.Time
	for _, s := range secs {
		if m[s] > best {
			best, at = m[s], time.Unix(s, 0).UTC()
		}
	}
	return best, at
}

// PIPSFigures is what PIPS reports, as ReferencePIPS computes it. The zero
// value is the figures of no payment call (HasMax false). A comparable
// value, safe to share.
type PIPSFigures struct {
	Payments, Successful uint64
	Max                  uint64 // Max PIPS, valid when HasMax
	HasMax               bool   // false: no payment call at all
	MaxAt                time.Time
}

// ReferencePIPS is Max PIPS (Rule PF-TPS-1, CBB 1.7) written for
// obviousness: the successful calls (per opts) counted per Unix second in
// a map, then the largest. Bad input is handled as in ReferenceThroughput.
func ReferencePIPS(calls []kpi.Call, opts PIPSOptions) (PIPSFigures, error) {
	if err := opts.Validate(); err != nil {
		return PIPSFigures{}, err
	}
	good, err := kpi.ValidCalls(calls)
	strict := opts.Success == CBBStrict
	perSecond := map[int64]uint64{}
	var f PIPSFigures
	for _, c := range good {
		if _, ok := secondKey(c.ReceivedAt); !ok {
			err = errors.Join(err, ErrOutOfRange)
			continue
		}
		f.Payments++
		var success bool
		if strict {
			success = c.Status == 200 || c.Status == 201 || c.Status == 204
		} else {
			success = c.Status >= 200 && c.Status < 300
		}
		if success {
			f.Successful++
			perSecond[c.ReceivedAt.Unix()]++
		}
	}
	f.HasMax = f.Payments > 0
	f.Max, f.MaxAt = largest(perSecond)
	return f, err
}
