package volumes

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/openfinance-kpi/kpi"
)

// CBBDailyVolumeRow is one row of sheet 5 ("Daily Volumes") of the CBB
// reporting template (Rule RP-CBB-1; template fields 5.1 to 5.7): the
// VO-DAY-1 counts of one endpoint on one day. It is a plain value the
// caller fills (NewCBBDailyVolumeRow) and writes out (Header, Record); the
// library writes no file.
//
// The zero value is a row of zeros for 1970-01-01 with no entity and no
// endpoint: fill it before writing it (its Header method is usable on the
// zero value). A row is a plain value, safe to copy and to share.
type CBBDailyVolumeRow struct {
	ReportDate kpi.Date // 5.1 ReportDate: the calendar day reported
	EntityName string   // 5.2 Entity Name: the reporting entity's name
	EndpointID string   // 5.3 Endpoint ID, as in the template's endpoint list

	SuccessfulCalls      uint64 // 5.4 Successful API Calls (200, 201 or 204 codes): Figures.Successful (every 2xx; see the package doc)
	FailedBusinessCalls  uint64 // 5.5 Failed API Calls Business Reasons (4xx Codes): Figures.FailedBusiness
	FailedTechnicalCalls uint64 // 5.6 Failed API Technical Calls Reasons (5xx Codes): Figures.FailedTechnical (5xx and no response)
	RejectedCalls        uint64 // 5.7 API Calls Rejected Status: Figures.Rejected (the business flag)
}

// NewCBBDailyVolumeRow returns the sheet-5 row of one endpoint-day's
// counts (Rule RP-CBB-1). Redirects have no column in sheet 5 and are left
// out; the four counts need not add up to c.Calls.
func NewCBBDailyVolumeRow(date kpi.Date, entity, endpoint string, c Figures) CBBDailyVolumeRow {
	return CBBDailyVolumeRow{
		ReportDate:           date,
		EntityName:           entity,
		EndpointID:           endpoint,
		SuccessfulCalls:      c.Successful,
		FailedBusinessCalls:  c.FailedBusiness,
		FailedTechnicalCalls: c.FailedTechnical,
		RejectedCalls:        c.Rejected,
	}
}

// Header returns the template's column names for sheet 5, in the order of
// Record, as the CBB writes them (CBB reporting template, fields 5.1 to 5.7). It returns
// a new slice each time.
func (CBBDailyVolumeRow) Header() []string {
	return []string{
		"ReportDate",
		"Entity Name",
		"Endpoint ID",
		"Successful API Calls (200, 201 or 204 codes)",
		"Failed API Calls Business Reasons (4xx Codes)",
		"Failed API Technical Calls Reasons (5xx Codes)",
		"API Calls Rejected Status",
	}
}

// Record returns r's fields as text in the order of Header: the date as
// YYYY-MM-DD and the counts in decimal, ready for encoding/csv.
func (r CBBDailyVolumeRow) Record() []string {
	return []string{
		r.ReportDate.String(),
		r.EntityName,
		r.EndpointID,
		strconv.FormatUint(r.SuccessfulCalls, 10),
		strconv.FormatUint(r.FailedBusinessCalls, 10),
		strconv.FormatUint(r.FailedTechnicalCalls, 10),
		strconv.FormatUint(r.RejectedCalls, 10),
	}
}

// CBBDailyVolumeRows returns one sheet-5 row per endpoint-day of counts
// (as ReferenceDaily returns them, or as a caller collects them from
// Counters), for entity, sorted by date and then endpoint ID so that the
// report is the same on every run.
func CBBDailyVolumeRows(entity string, counts map[Key]Figures) []CBBDailyVolumeRow {
	rows := make([]CBBDailyVolumeRow, 0, len(counts))
	for k, c := range counts {
		rows = append(rows, NewCBBDailyVolumeRow(k.Date, entity, k.Endpoint, c))
	}
	slices.SortFunc(rows, func(a, b CBBDailyVolumeRow) int {
		return cmp.Or(cmp.Compare(a.ReportDate, b.ReportDate), cmp.Compare(a.EndpointID, b.EndpointID))
	})
	return rows
}
