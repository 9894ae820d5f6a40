package monthly

import (
	"fmt"
	"strconv"

	"github.com/openfinance-kpi/kpi"
)

// monthText writes the month of p as "YYYY-MM".
func monthText(p kpi.Period) string {
	y, m, _ := p.First.Civil()
	return fmt.Sprintf("%04d-%02d", y, int(m))
}

// CBBUserVolumeRow is one row of sheet 3 ("User/ Customer Volumes") of the
// CBB reporting template (Rule RP-CBB-1; template fields 3.1 to 3.13):
// the VO-USER-1 figures of one month and segment. It is a plain value the
// caller fills (NewCBBUserVolumeRows) and writes out (Header, Record).
//
// The zero value is a row of zeros with no month, entity or segment: fill
// it before writing it (Header is usable on the zero value). A row is a
// plain value, safe to copy and to share.
type CBBUserVolumeRow struct {
	ReportMonth kpi.Period      // 3.1 ReportMonth: the calendar month (kpi.Month), written YYYY-MM
	EntityName  string          // 3.2 Entity Name
	Segment     CustomerSegment // 3.3 Retail/Business user/customer
	UserVolumes                 // 3.4 to 3.13, in the order of UserVolumes' fields
}

// NewCBBUserVolumeRows returns the two sheet-3 rows of a month, Retail
// then Business (Rule RP-CBB-1).
func NewCBBUserVolumeRows(month kpi.Period, entity string, m UserMonth) []CBBUserVolumeRow {
	return []CBBUserVolumeRow{
		{ReportMonth: month, EntityName: entity, Segment: Retail, UserVolumes: m.Retail},
		{ReportMonth: month, EntityName: entity, Segment: Business, UserVolumes: m.Business},
	}
}

// Header returns the template's column names for sheet 3, in the order of
// Record (CBB reporting template, fields 3.1 to 3.13). It returns a new slice each time.
func (CBBUserVolumeRow) Header() []string {
	return []string{
		"ReportMonth",
		"Entity Name",
		"Retail/Business user/customer",
		"user/customer used AIS Services for the first time",
		"Total users/customers used AIS Services",
		"user/customer used PIS Services for the first time",
		"Total users/customers used PIS Services",
		"Unique users/customers used both AIS and PIS Services for the first time",
		"Total unique users/customers used both AIS and PIS Services",
		"Total new users/customers for Online Banking",
		"Total new users/customers for Mobile Banking",
		"Total number of users/customers used Online Banking",
		"Total number of users/customers used Mobile Banking",
	}
}

// Record returns r's fields as text in the order of Header: the month as
// YYYY-MM, the segment as "Retail" or "Business", counts in decimal.
func (r CBBUserVolumeRow) Record() []string {
	u := func(x uint64) string { return strconv.FormatUint(x, 10) }
	return []string{
		monthText(r.ReportMonth), r.EntityName, r.Segment.String(),
		u(r.AISFirstTime), u(r.AISTotal), u(r.PISFirstTime), u(r.PISTotal),
		u(r.BothFirstTime), u(r.BothTotal), u(r.OnlineNew), u(r.MobileNew),
		u(r.OnlineTotal), u(r.MobileTotal),
	}
}

// CBBTPPVolumeRow is one row of sheet 4 ("AISP/PISP Volumes") of the CBB
// reporting template (Rule RP-CBB-1; template fields 4.1 to 4.10): the
// VO-TPP-1 figures of one month for both roles. The zero value is a row of
// zeros with no month or entity. A row is a plain value, safe to copy and
// to share.
type CBBTPPVolumeRow struct {
	ReportMonth kpi.Period // 4.1 ReportMonth, written YYYY-MM
	EntityName  string     // 4.2 Entity Name
	TPPMonth               // AISP: 4.3 to 4.6, PISP: 4.7 to 4.10 (the Ignored* counts have no column)
}

// NewCBBTPPVolumeRow returns the sheet-4 row of a month (Rule RP-CBB-1).
// The Ignored* counts have no column: report TPPs.Conflicts apart.
func NewCBBTPPVolumeRow(month kpi.Period, entity string, m TPPMonth) CBBTPPVolumeRow {
	return CBBTPPVolumeRow{ReportMonth: month, EntityName: entity, TPPMonth: m}
}

// Header returns the template's column names for sheet 4, in the order of
// Record (CBB reporting template, fields 4.1 to 4.10). It returns a new slice each time.
func (CBBTPPVolumeRow) Header() []string {
	return []string{
		"ReportMonth",
		"Entity Name",
		"Total AISPs Registered (at 1st of the month)",
		"AISP Additions",
		"AISP Deregistrations",
		"Cumulative Monthly number of AISPs",
		"Total PISPs Registered (at 1st of the month)",
		"PISP Additions",
		"PISP Deregistrations",
		"Cumulative Monthly number of PISPs",
	}
}

// Record returns r's fields as text in the order of Header.
func (r CBBTPPVolumeRow) Record() []string {
	u := func(x uint64) string { return strconv.FormatUint(x, 10) }
	return []string{
		monthText(r.ReportMonth), r.EntityName,
		u(r.AISP.RegisteredAtFirst), u(r.AISP.Additions), u(r.AISP.Deregistrations), u(r.AISP.Cumulative),
		u(r.PISP.RegisteredAtFirst), u(r.PISP.Additions), u(r.PISP.Deregistrations), u(r.PISP.Cumulative),
	}
}
