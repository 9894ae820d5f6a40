package benchmark

import (
	"math/big"

	"github.com/openfinance-kpi/kpi"
)

// The reference roll-ups: batch functions over a slice, written for
// obviousness. The accumulators of rollup.go must give the same results
// on any input, any split and any merge order (see rollup_test.go).

// PeriodUptimePercent returns the uptime of the period made of days, in
// percent (Rule AV-PCT-2):
//
//	uptime % = 100 * (1 - sum(Downtime) / sum(Length)), at least 0
//
// over the good rows, with a *RowsError listing the bad ones (or nil). The
// period's length is the sum of the lengths given: pass every day of the
// period (DaysOf), the days without downtime too, or the result is the
// uptime of the days given (a quarter to date, say). NoData when no good
// row is given.
func PeriodUptimePercent(days []DailyDowntime) (kpi.Ratio, error) {
	downtime, length := new(big.Int), new(big.Int)
	var bad []*RowError
	for i := range days {
		if p := CheckDowntime(&days[i]); p != RowOK {
			bad = append(bad, &RowError{Index: i, Problem: p})
			continue
		}
		downtime.Add(downtime, big.NewInt(int64(days[i].Downtime)))
		length.Add(length, big.NewInt(int64(days[i].Length)))
	}
	return uptimePercent(downtime, length), rowsError(bad)
}

// TotalCalls returns the sum of the rows' calls (a month's call volume
// when given the month's days), exact; NoData for no rows.
func TotalCalls(days []DailyCalls) kpi.Ratio {
	if len(days) == 0 {
		return kpi.NoData
	}
	sum := new(big.Int)
	for _, d := range days {
		sum.Add(sum, new(big.Int).SetUint64(d.Calls))
	}
	return kpi.RatioOfBig(sum, big.NewInt(1))
}

// MeanPerPageMs returns sum of TTLB / sum of pages over the good rows, in
// ms (Rules PF-PAGE-1, PF-AVG-2), with a *RowsError listing the bad ones
// (or nil). NoData when no page is counted.
func MeanPerPageMs(rows []DailyPages) (kpi.Ratio, error) {
	ttlb, pages := new(big.Int), new(big.Int)
	var bad []*RowError
	for i := range rows {
		if p := CheckPages(&rows[i]); p != RowOK {
			bad = append(bad, &RowError{Index: i, Problem: p})
			continue
		}
		ttlb.Add(ttlb, big.NewInt(int64(rows[i].TTLB)))
		pages.Add(pages, new(big.Int).SetUint64(rows[i].Pages))
	}
	return perPageMs(ttlb, pages), rowsError(bad)
}

// GroupMeanPerPageMs is MeanPerPageMs over the rows whose endpoint is in
// group's catalogue of p (byte for byte); the other rows are not part of
// the group, not bad input. Indexes in the error are those of rows.
func GroupMeanPerPageMs(p Profile, group string, rows []DailyPages) (kpi.Ratio, error) {
	var in []DailyPages
	var index []int
	for i, r := range rows {
		if p.InGroup(group, r.Endpoint) {
			in = append(in, r)
			index = append(index, i)
		}
	}
	v, err := MeanPerPageMs(in)
	if re, ok := err.(*RowsError); ok {
		for _, e := range re.Rows {
			e.Index = index[e.Index]
		}
	}
	return v, err
}
