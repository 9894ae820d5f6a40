package authfunnel

import (
	"slices"
	"strconv"

	"github.com/openfinance-kpi/kpi"
)

// CBBAuthenticationRow is one row of sheet 2 ("Authentication") of the CBB
// reporting template (Rule RP-CBB-1; template fields 2.1 to 2.14): the
// AF-1 counts of one day and one combination of authentication type, API
// type, TPP channel and bank channel. It is a plain value the library
// builds (Funnel.Rows, Reference) and the caller writes out (Header,
// Record); the library writes no file.
//
// Counts is embedded: row.Succeeded is field 2.10, and the AF-4 rates are
// methods of the row. The template fields count the journeys that ENDED
// and satisfy AF-2 exactly; the Awaiting and Broken fields have no column
// in the template: Header and Record leave them out.
//
// The zero value is a row of zeros for 1970-01-01 with no entity and unset
// dimensions; its Header method is usable. A row is a plain value, safe to
// copy and to share.
type CBBAuthenticationRow struct {
	ReportDate         kpi.Date // 2.1 ReportDate: the local day of the journeys' AuthRequired
	EntityName         string   // 2.2 Entity Name
	AuthenticationType AuthType // 2.3 Authentication Type
	APIType            API      // 2.4 API Type
	TPPChannel         Channel  // 2.5 API Request AISP / PISP Channel (Rule AF-3)
	BankChannel        Channel  // 2.6 ASPSP Authentication Channel
	Counts                      // 2.7 to 2.14, and the journeys still open or broken
}

// Header returns the template's column names for sheet 2, in the order of
// Record, as the CBB writes them (CBB reporting template, fields 2.1 to 2.14). It
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

func sortRows(rows []CBBAuthenticationRow) {
	slices.SortFunc(rows, func(a, b CBBAuthenticationRow) int { return a.cell().compare(b.cell()) })
}

// Report is what a Funnel (Funnel.Report) or Reference gives: the CBB
// sheet 2 rows, the counts of every journey, and the events not counted.
// It is a plain value the caller owns.
type Report struct {
	// Rows holds one row per day and combination where at least one
	// journey ended (a template field is not 0), sorted by date,
	// authentication type, API type, TPP channel and bank channel, so that
	// a report is the same on every run. Each row also carries the
	// Awaiting and Broken journeys of its combination.
	Rows []CBBAuthenticationRow
	// Totals adds up every journey: the rows, and the open or broken
	// journeys of combinations with no row (a journey whose bank channel
	// is not known yet, say). Its template fields equal Total(Rows)'s.
	Totals Counts
	// Rejections counts the events not counted, by Reason.
	Rejections kpi.Rejections[Reason]
}

// reportOf turns resolved counts into a Report for entity.
func reportOf(entity string, cells map[cell]*Counts, rej kpi.Rejections[Reason]) Report {
	rep := Report{Rows: make([]CBBAuthenticationRow, 0, len(cells)), Rejections: rej}
	for k, c := range cells {
		rep.Totals.Add(*c)
		if c.Required == 0 {
			continue
		}
		rep.Rows = append(rep.Rows, CBBAuthenticationRow{
			ReportDate:         k.day,
			EntityName:         entity,
			AuthenticationType: k.auth,
			APIType:            k.api,
			TPPChannel:         k.tpp,
			BankChannel:        k.bank,
			Counts:             *c,
		})
	}
	sortRows(rep.Rows)
	return rep
}

// Report returns f's results for entity (Rules AF-1, AF-2, AF-4,
// RP-CBB-1): the CBB sheet 2 rows of the ended journeys, the totals and
// the rejections, joining the runs of every consent once. Journeys still
// open count only in the Awaiting fields: Close them first for a day's
// final report. It allocates: it is the result edge.
func (f *Funnel) Report(entity string) Report {
	cells, rej := f.resolve()
	return reportOf(entity, cells, rej)
}

// Rows returns Report(entity).Rows.
func (f *Funnel) Rows(entity string) []CBBAuthenticationRow { return f.Report(entity).Rows }

// Totals returns Report("").Totals: the counts of every journey, whose
// AF-4 rates are its methods.
func (f *Funnel) Totals() Counts { return f.Report("").Totals }

// Rejections returns Report("").Rejections: the events not counted, by
// Reason: bad input, duplicates, and the events of journeys that broke the
// state machine or ended with no bank channel (Rule AF-2).
func (f *Funnel) Rejections() kpi.Rejections[Reason] { return f.Report("").Rejections }

// Total adds the counts of rows together, for pooled AF-4 rates over days
// or combinations (the rate of a period is never the mean of daily rates).
func Total(rows []CBBAuthenticationRow) Counts {
	var c Counts
	for i := range rows {
		c.Add(rows[i].Counts)
	}
	return c
}
