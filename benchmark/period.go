package benchmark

import (
	"fmt"

	"github.com/openfinance-kpi/kpi"
)

// PeriodKind is the length of period a target is measured over: a local
// day, a calendar month, quarter or year (kpi's DAY). The zero value is
// Daily.
type PeriodKind uint8

// The period kinds.
const (
	Daily     PeriodKind = iota // one local day [00:00, 24:00)
	Monthly                     // a calendar month
	Quarterly                   // a calendar quarter
	Yearly                      // a calendar year
	numPeriodKinds
)

var periodNames = [...]string{"day", "month", "quarter", "year"}

// Valid reports whether k is Daily, Monthly, Quarterly or Yearly.
func (k PeriodKind) Valid() bool { return k < numPeriodKinds }

// String returns "day", "month", "quarter" or "year".
func (k PeriodKind) String() string {
	if !k.Valid() {
		return fmt.Sprintf("PeriodKind(%d)", uint8(k))
	}
	return periodNames[k]
}

// PeriodOf returns the period of kind k that holds day d: the day itself,
// its calendar month, quarter or year. An invalid kind gives the day.
func PeriodOf(k PeriodKind, d kpi.Date) kpi.Period {
	switch k {
	case Monthly:
		return kpi.Month(d)
	case Quarterly:
		return kpi.Quarter(d)
	case Yearly:
		return kpi.Year(d)
	}
	return kpi.Period{First: d, Last: d}
}

// KindOf returns the kind of p: Daily for a single day, Monthly for a
// whole calendar month, Quarterly for a calendar quarter, Yearly for a
// calendar year. Any other run of days (an ISO week, a month to date)
// gives false: no target of the shipped kinds is judged on it.
func KindOf(p kpi.Period) (PeriodKind, bool) {
	for k := Daily; k < numPeriodKinds; k++ {
		if PeriodOf(k, p.First) == p {
			return k, true
		}
	}
	return 0, false
}

// formatPeriod writes p as "2024-03-10", "2024-03", "2024-Q1", "2024", or
// "2024-03-01..2024-03-07" for a run of days of no kind.
func formatPeriod(p kpi.Period) string {
	k, ok := KindOf(p)
	if !ok {
		return p.First.String() + ".." + p.Last.String()
	}
	y, m, _ := p.First.Civil()
	switch k {
	case Monthly:
		return fmt.Sprintf("%04d-%02d", y, int(m))
	case Quarterly:
		return fmt.Sprintf("%04d-Q%d", y, (int(m)-1)/3+1)
	case Yearly:
		return fmt.Sprintf("%04d", y)
	}
	return p.First.String()
}
