package volumes

import (
	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/sum"
)

// Codes counts calls by HTTP status code and by whether they were
// authenticated (kpi.Call.Authenticated), with the calls rejected for
// traffic thresholds (kpi.Call.TrafficRejected): what Australia's CDR Get
// Metrics reports as errors per status code, rejections and the
// authenticated and unauthenticated splits (RG-FORMAT-1's inputs; the
// tiers are performance.TierDay's).
//
// A fact a call did not record is counted as unknown, never as "no": the
// authenticated splits and the rejections are figures only where calls
// recorded them (TrafficRejected's known count says so).
// ReferenceCodes is the batch version it is tested against.
//
// A Codes is a value without pointers (about 14 KB): Add, Merge and Reset
// never allocate and a copy is independent. The zero value is empty and
// ready. Not safe for concurrent use.
type Codes struct {
	n        [3][600]uint64 // by Authenticated (FlagUnknown, FlagNo, FlagYes) and status 0-599
	rej      [3]uint64      // calls with TrafficRejected FlagYes, by Authenticated
	rejKnown [3]uint64      // calls whose TrafficRejected is known, by Authenticated
	bad      kpi.Rejections[kpi.Reason]
}

func flagIndex(f kpi.Flag) int {
	if f.Known() {
		return int(f)
	}
	return int(kpi.FlagUnknown)
}

// Add counts one call. A call that fails kpi.Check is counted in Rejected
// and its Reason returned.
func (s *Codes) Add(c *kpi.Call) error {
	if r := kpi.Check(c); r != kpi.OK {
		s.bad.Add(r)
		return r
	}
	s.AddChecked(c)
	return nil
}

// AddChecked is Add for a call that passed kpi.Check (its status is 0 or
// 200 to 599).
func (s *Codes) AddChecked(c *kpi.Call) {
	if c == nil { // a nil call is the zero Call: bad input
		s.bad.Add(kpi.ZeroReceivedAt)
		return
	}
	a := flagIndex(c.Authenticated)
	if uint(c.Status) < 600 {
		s.n[a][c.Status]++
	}
	if c.TrafficRejected.Known() {
		s.rejKnown[a]++
		if c.TrafficRejected == kpi.FlagYes {
			s.rej[a]++
		}
	}
}

// Merge adds o into s: exact, associative and commutative, with the zero
// Codes as identity; a nil o is empty. It never changes o and does not
// allocate. When a count would pass 2^64 − 1 it returns
// kpi.ErrMergeOverflow and s is unchanged.
func (s *Codes) Merge(o *Codes) error {
	if o == nil {
		return nil
	}
	for a := range s.n {
		if !sum.Fits(s.n[a][:], o.n[a][:]) {
			return kpi.ErrMergeOverflow
		}
	}
	if !sum.Fits(s.rej[:], o.rej[:]) || !sum.Fits(s.rejKnown[:], o.rejKnown[:]) || !sum.Fits(s.bad[:], o.bad[:]) {
		return kpi.ErrMergeOverflow
	}
	for a := range s.n {
		for i := range s.n[a] {
			s.n[a][i] += o.n[a][i]
		}
		s.rej[a] += o.rej[a]
		s.rejKnown[a] += o.rejKnown[a]
	}
	_ = s.bad.Merge(&o.bad) // fits: checked above
	return nil
}

// Reset empties s.
func (s *Codes) Reset() { *s = Codes{} }

// Rejections returns the calls Add refused as bad input, by reason.
func (s *Codes) Rejections() kpi.Rejections[kpi.Reason] { return s.bad }

// Count is the number of calls answered status whose Authenticated is
// auth (a Flag other than FlagNo or FlagYes reads as FlagUnknown).
func (s *Codes) Count(auth kpi.Flag, status int) uint64 {
	if uint(status) >= 600 {
		return 0
	}
	return s.n[flagIndex(auth)][status]
}

// Calls is the number of calls whose Authenticated is auth.
func (s *Codes) Calls(auth kpi.Flag) uint64 {
	var n uint64
	for _, v := range s.n[flagIndex(auth)] {
		n += v
	}
	return n
}

// TrafficRejected is the number of calls whose Authenticated is auth that
// were rejected for traffic thresholds, and how many of those calls
// recorded whether they were (0: the figure is not available).
func (s *Codes) TrafficRejected(auth kpi.Flag) (rejected, known uint64) {
	a := flagIndex(auth)
	return s.rej[a], s.rejKnown[a]
}

// CodeFigures are the figures of a Codes in a plain shape: by
// Authenticated flag (indexed FlagUnknown, FlagNo, FlagYes), the count of
// each status code that occurred, the traffic rejections and the calls
// that recorded whether they were rejected.
type CodeFigures struct {
	ByStatus [3]map[int]uint64
	Rejected [3]uint64
	Known    [3]uint64
}

// Figures returns s's figures.
func (s *Codes) Figures() CodeFigures {
	var f CodeFigures
	for a := range s.n {
		f.ByStatus[a] = map[int]uint64{}
		for st, v := range s.n[a] {
			if v > 0 {
				f.ByStatus[a][st] = v
			}
		}
		f.Rejected[a], f.Known[a] = s.rej[a], s.rejKnown[a]
	}
	return f
}

// ReferenceCodes is Codes written for obviousness over a batch. Bad calls
// are left out and reported in a *kpi.InputError.
func ReferenceCodes(calls []kpi.Call) (CodeFigures, error) {
	good, err := kpi.ValidCalls(calls)
	var f CodeFigures
	for a := range f.ByStatus {
		f.ByStatus[a] = map[int]uint64{}
	}
	for _, c := range good {
		a := 0
		switch c.Authenticated {
		case kpi.FlagNo:
			a = 1
		case kpi.FlagYes:
			a = 2
		}
		f.ByStatus[a][c.Status]++
		switch c.TrafficRejected {
		case kpi.FlagYes:
			f.Rejected[a]++
			f.Known[a]++
		case kpi.FlagNo:
			f.Known[a]++
		}
	}
	return f, err
}
