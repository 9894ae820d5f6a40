package authfunnel

import (
	"slices"
	"strconv"

	"github.com/openfinance-kpi/kpi"
)

// CBBAuthenticationRow is one row of sheet 2 ("Authentication") of the CBB
// reporting template (Rule RP-CBB-1; seed 002, fields 2.1 to 2.14): the
// AF-1 counts of one day and one combination of authentication type, API
// type, TPP channel and bank channel. It is a plain value the library
// builds (Funnel.Rows, Reference) and the caller writes out (Header,
// Record); the library writes no file.
//
// Counts is embedded: row.Succeeded is field 2.10, and the AF-4 rates are
// methods of the row. Its Awaiting and Broken fields have no column in
// the template: Header and Record leave them out.
//
// The zero value is a row of zeros for 1970-01-01 with no entity and unset
// dimensions; its Header method is usable. A row is a plain value, safe to
// copy and to share.
type CBBAuthenticationRow struct {
	ReportDate         kpi.Date // 2.1 ReportDate: the local day the journeys started
	EntityName         string   // 2.2 Entity Name
	AuthenticationType AuthType // 2.3 Authentication Type
	APIType            API      // 2.4 API Type
	TPPChannel         Channel  // 2.5 API Request AISP / PISP Channel (Rule AF-3)
	BankChannel        Channel  // 2.6 ASPSP Authentication Channel
	Counts                      // 2.7 to 2.14, and the journeys still open or broken
}

// Header returns the template's column names for sheet 2, in the order of
// Record, as the CBB writes them (seed 002, fields 2.1 to 2.14). It
// returns a new slice each time.
func (CBBAuthenticationRow) Header() []string {
	return []string{
		"ReportDate",
		"Entity Name",
		"Authentication Type",
		"API Type",
		"API Request AISP / PISP Channel",
		"ASPSP Authentication Channel",
		"Consents requiring Authentication",
		"Authentications Attempted by users/customers",
		"Authentications Abandoned by users/customers",
		"Authentications Succeeded",
		"Authentications Failed",
		"Confirmations Required",
		"Confirmations Accepted by user/customer",
		"Confirmations Rejected by users/customers",
	}
}

// Record returns r's template fields as text in the order of Header: the
// date as YYYY-MM-DD, the dimensions as "Redirection"/"Decoupled",
// "AIS"/"PIS", "Web"/"App", and the counts in decimal, ready for
// encoding/csv.
func (r CBBAuthenticationRow) Record() []string {
	u := func(n uint64) string { return strconv.FormatUint(n, 10) }
	return []string{
		r.ReportDate.String(),
		r.EntityName,
		r.AuthenticationType.String(),
		r.APIType.String(),
		r.TPPChannel.String(),
		r.BankChannel.String(),
		u(r.Required),
		u(r.Attempted),
		u(r.Abandoned),
		u(r.Succeeded),
		u(r.Failed),
		u(r.ConfirmationsRequired),
		u(r.Accepted),
		u(r.Rejected),
	}
}

func (r *CBBAuthenticationRow) cell() cell {
	return cell{day: r.ReportDate, auth: r.AuthenticationType, api: r.APIType, tpp: r.TPPChannel, bank: r.BankChannel}
}

// rowsOf turns tallies into sorted rows for entity.
func rowsOf(entity string, cells map[cell]tally) []CBBAuthenticationRow {
	rows := make([]CBBAuthenticationRow, 0, len(cells))
	for k, t := range cells {
		rows = append(rows, CBBAuthenticationRow{
			ReportDate:         k.day,
			EntityName:         entity,
			AuthenticationType: k.auth,
			APIType:            k.api,
			TPPChannel:         k.tpp,
			BankChannel:        k.bank,
			Counts:             t.counts(),
		})
	}
	sortRows(rows)
	return rows
}

func sortRows(rows []CBBAuthenticationRow) {
	slices.SortFunc(rows, func(a, b CBBAuthenticationRow) int { return a.cell().compare(b.cell()) })
}

// Rows returns the CBB sheet 2 rows of f for entity (Rules AF-1, RP-CBB-1):
// one per day and combination that has a journey (a broken one included),
// sorted by date, authentication type, API type, TPP channel and bank
// channel, so that a report is the same on every run. Journeys still open
// count in their current state and show in the Awaiting fields. It
// allocates (it joins the runs of every consent).
func (f *Funnel) Rows(entity string) []CBBAuthenticationRow {
	cells, _ := f.resolve()
	return rowsOf(entity, cells)
}

// Total adds the counts of rows together, for pooled AF-4 rates over days
// or combinations (the rate of a period is never the mean of daily rates).
func Total(rows []CBBAuthenticationRow) Counts {
	var c Counts
	for i := range rows {
		c.Add(rows[i].Counts)
	}
	return c
}
