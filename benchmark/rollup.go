package benchmark

import (
	"math/big"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/internal/u128"
)

// PeriodUptime accumulates DailyDowntime rows into a period's uptime
// (Rule AV-PCT-2): 100 * (1 - sum of downtime / sum of day lengths), never
// the mean of daily percentages, and never below 0 %.
//
// The zero value is empty (Percent is NoData) and ready to use. Add, Merge
// and Reset do not allocate; sums are 128-bit and cannot overflow. Not
// safe for concurrent use: give each goroutine its own and Merge them.
// PeriodUptimePercent is the reference it must equal.
type PeriodUptime struct {
	downtime, length u128.U128
	rejected         RowRejections
}

// Add counts one day. A bad row (CheckDowntime) is not counted: Add
// returns its RowProblem and counts it in Rejected.
func (a *PeriodUptime) Add(r *DailyDowntime) error {
	if p := CheckDowntime(r); p != RowOK {
		a.rejected.Add(p)
		return p
	}
	a.downtime.Add64(uint64(r.Downtime))
	a.length.Add64(uint64(r.Length))
	return nil
}

// Merge adds o into a; o is unchanged. Merge is associative and
// commutative, and the zero value is its identity.
func (a *PeriodUptime) Merge(o *PeriodUptime) {
	a.downtime.Add(o.downtime)
	a.length.Add(o.length)
	a.rejected.Merge(&o.rejected)
}

// Reset empties a.
func (a *PeriodUptime) Reset() { *a = PeriodUptime{} }

// Rejected returns the rejected rows by problem.
func (a *PeriodUptime) Rejected() RowRejections { return a.rejected }

// Percent is the period's uptime in percent, exact; NoData when no day was
// counted. It allocates (the result edge).
func (a *PeriodUptime) Percent() kpi.Ratio {
	return uptimePercent(a.downtime.Big(), a.length.Big())
}

// DowntimeSeconds is the period's summed downtime in exact seconds;
// NoData when no day was counted.
func (a *PeriodUptime) DowntimeSeconds() kpi.Ratio {
	if a.length.IsZero() {
		return kpi.NoData
	}
	return kpi.RatioOfBig(a.downtime.Big(), big.NewInt(int64(time.Second)))
}

// uptimePercent is 100 * (length - downtime) / length, 0 when downtime >=
// length, NoData when length is 0.
func uptimePercent(downtime, length *big.Int) kpi.Ratio {
	if length.Sign() == 0 {
		return kpi.NoData
	}
	up := new(big.Int).Sub(length, downtime)
	if up.Sign() < 0 {
		up.SetInt64(0)
	}
	return kpi.RatioOfBig(up.Mul(up, big.NewInt(100)), length)
}

// CallVolume accumulates DailyCalls rows into a period's call volume (the
// monthly calls of VO-ADOPT-1 / BM-5 "≥ 10 M calls a month").
//
// The zero value is empty (Total is NoData: no day counted, which is not
// 0 calls) and ready to use. Add, Merge and Reset do not allocate. Not
// safe for concurrent use. TotalCalls is the reference.
type CallVolume struct {
	calls u128.U128
	rows  uint64
}

// Add counts one row. Every row is good input (a count cannot be
// negative), so Add returns nil; it returns an error for the symmetry of
// the accumulators.
func (a *CallVolume) Add(r *DailyCalls) error {
	a.calls.Add64(r.Calls)
	a.rows++
	return nil
}

// Merge adds o into a; o is unchanged. Associative, commutative, zero
// value as identity.
func (a *CallVolume) Merge(o *CallVolume) {
	a.calls.Add(o.calls)
	a.rows += o.rows
}

// Reset empties a.
func (a *CallVolume) Reset() { *a = CallVolume{} }

// Total is the number of calls counted, exact; NoData when no row was
// added (a row with 0 calls gives 0).
func (a *CallVolume) Total() kpi.Ratio {
	if a.rows == 0 {
		return kpi.NoData
	}
	return kpi.RatioOfBig(a.calls.Big(), big.NewInt(1))
}

// PageLatency accumulates DailyPages rows into a mean TTLB per page over a
// group and period (Rules PF-PAGE-1, PF-AVG-2): sum of TTLB / sum of
// pages, in ms, never the mean of daily or endpoint averages.
//
// The zero value is empty (MeanPerPageMs is NoData) and ready to use. Add,
// Merge and Reset do not allocate; sums are 128-bit. Not safe for
// concurrent use. MeanPerPageMs (the function) is the reference; filter
// rows to a group with Profile.InGroup, or use GroupMeanPerPageMs.
type PageLatency struct {
	ttlb, pages u128.U128
	rejected    RowRejections
}

// Add counts one row; a bad row (CheckPages) is rejected and counted.
func (a *PageLatency) Add(r *DailyPages) error {
	if p := CheckPages(r); p != RowOK {
		a.rejected.Add(p)
		return p
	}
	a.ttlb.Add64(uint64(r.TTLB))
	a.pages.Add64(r.Pages)
	return nil
}

// Merge adds o into a; o is unchanged. Associative, commutative, zero
// value as identity.
func (a *PageLatency) Merge(o *PageLatency) {
	a.ttlb.Add(o.ttlb)
	a.pages.Add(o.pages)
	a.rejected.Merge(&o.rejected)
}

// Reset empties a.
func (a *PageLatency) Reset() { *a = PageLatency{} }

// Rejected returns the rejected rows by problem.
func (a *PageLatency) Rejected() RowRejections { return a.rejected }

// MeanPerPageMs is sum of TTLB (ms) / sum of pages, exact; NoData when no
// page was counted.
func (a *PageLatency) MeanPerPageMs() kpi.Ratio {
	return perPageMs(a.ttlb.Big(), a.pages.Big())
}

// perPageMs is ttlbNs / 10^6 / pages, NoData when pages is 0.
func perPageMs(ttlbNs, pages *big.Int) kpi.Ratio {
	if pages.Sign() == 0 {
		return kpi.NoData
	}
	return kpi.RatioOfBig(ttlbNs, new(big.Int).Mul(pages, big.NewInt(int64(time.Millisecond))))
}
