package daily

import (
	"fmt"
	"io"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/volumes/monthly"
)

// PlatformColumns are the columns of a platform records CSV (the report's
// -platform): one business record a row, for the platform dashboard's
// monthly figures (package volumes: Adoption, Rule VO-ADOPT-1, and
// Governance, Rule VO-GOV-1). The kind column says what the row is and
// which other columns it reads; a column a kind does not read is ignored.
//
//	kind           required: month, partner, developer, application, nps,
//	               ticket, revenue, cost, requirement, audit, data_store,
//	               incident or vulnerability
//	id             the record's ID: required for every kind but month,
//	               revenue, cost and nps (there: the respondent, optional)
//	month          month, revenue, cost: the calendar month, YYYY-MM
//	at             when it happened, RFC 3339 with offset: developer and
//	               application (registered), nps (answered), requirement
//	               and audit (assessed), data_store (assessed), incident
//	score          nps: 0 to 10, the answer to "how likely are you to
//	               recommend us"
//	amount         revenue, cost: whole minor currency units (cents, fils),
//	               0 or more
//	currency       revenue, cost: the ISO 4217 code; one currency a file
//	onboarded_at   partner: the onboarding request
//	live_at        partner: the first day in production; empty: not live
//	offboarded_at  partner: the end of its live integration; empty: still
//	               live
//	opened_at      ticket: opened
//	resolved_at    ticket: resolved; empty: still open
//	found_at       vulnerability: found
//	patched_at     vulnerability: patched; empty: still open
//	met            requirement: true or false (yes/no, 1/0)
//	passed         audit: true or false
//	protected      data_store: complies with the data-protection rules
//	encrypted      data_store: its data is encrypted
//	critical       vulnerability: true (empty is true) or false; only
//	               critical ones count in the time to patch
//
// A month row says that the file holds every record of that month: the
// report computes and judges the figures of the months so declared (and
// of a quarter or year all of whose months are), and counts the records
// of other months in no figure. Order of rows and columns is free;
// unknown columns are ignored, as in the calls CSV.
var PlatformColumns = []string{"kind", "id", "month", "at", "score", "amount", "currency",
	"onboarded_at", "live_at", "offboarded_at", "opened_at", "resolved_at", "found_at", "patched_at",
	"met", "passed", "protected", "encrypted", "critical"}

// Column indexes of PlatformColumns.
const (
	pcKind = iota
	pcID
	pcMonth
	pcAt
	pcScore
	pcAmount
	pcCurrency
	pcOnboarded
	pcLive
	pcOffboarded
	pcOpened
	pcResolved
	pcFound
	pcPatched
	pcMet
	pcPassed
	pcProtected
	pcEncrypted
	pcCritical
)

// PlatformKind is what a platform record is (its kind column).
type PlatformKind uint8

// The platform record kinds.
const (
	PlatformMonth PlatformKind = iota + 1
	PlatformPartner
	PlatformDeveloper
	PlatformApplication
	PlatformNPS
	PlatformTicket
	PlatformRevenue
	PlatformCost
	PlatformRequirement
	PlatformAudit
	PlatformDataStore
	PlatformIncident
	PlatformVulnerability
)

var platformKinds = map[string]PlatformKind{
	"month": PlatformMonth, "partner": PlatformPartner, "developer": PlatformDeveloper, "application": PlatformApplication,
	"nps": PlatformNPS, "ticket": PlatformTicket, "revenue": PlatformRevenue, "cost": PlatformCost,
	"requirement": PlatformRequirement, "audit": PlatformAudit, "data_store": PlatformDataStore,
	"incident": PlatformIncident, "vulnerability": PlatformVulnerability,
}

// String returns the kind as the kind column writes it: "partner".
func (k PlatformKind) String() string {
	for name, v := range platformKinds {
		if v == k {
			return name
		}
	}
	return fmt.Sprintf("PlatformKind(%d)", uint8(k))
}

var booleans = map[string]bool{"true": true, "false": false, "yes": true, "no": false, "1": true, "0": false}

// PlatformRecord is one row of a platform records CSV. Which fields are
// set depends on Kind (see PlatformColumns); the others are zero.
type PlatformRecord struct {
	Kind     PlatformKind
	ID       string
	Month    kpi.Date  // month, revenue, cost: the month's first day
	At       time.Time // developer, application, nps, requirement, audit, data_store, incident
	Score    int       // nps
	Amount   int64     // revenue, cost: minor units
	Currency string    // revenue, cost
	// Start and End are a partner's onboarding request and go-live, a
	// ticket's opening and resolution, a vulnerability's finding and
	// patch; End is zero when not yet live, resolved or patched.
	Start, End time.Time
	Offboarded time.Time // partner; zero: still live
	Met        bool      // requirement met, audit passed
	Protected  bool      // data_store
	Encrypted  bool      // data_store
	Critical   bool      // vulnerability
}

// ReadPlatformRecords reads a platform records CSV (PlatformColumns).
// onRecord gets every good record (p is reused: copy it) and its line;
// onBad every bad row (file:line: reason), as the calls CSV's bad rows
// are listed: an unknown kind, a required field empty or malformed, a
// span ending before it starts (volumes' checks), a score outside 0 to
// 10, a negative amount, or money in a currency other than the file's
// first.
func ReadPlatformRecords(name string, in io.Reader, intern func([]byte) string, onRecord func(p *PlatformRecord, line int), onBad func(BadRow)) error {
	var p PlatformRecord
	var currency string
	var currencyLine int
	return table(name, in, PlatformColumns, 1, func(get func(int) []byte, line int) string {
		p = PlatformRecord{}
		var bad string
		if p.Kind, bad = word("kind", get(pcKind), platformKinds, false); bad != "" {
			return bad
		}
		if id := get(pcID); len(id) > 0 {
			p.ID = intern(id)
		}
		switch p.Kind {
		case PlatformMonth, PlatformRevenue, PlatformCost, PlatformNPS:
		default:
			if p.ID == "" {
				return "id: empty"
			}
		}
		at := func() string {
			p.At, bad = instant("at", get(pcAt))
			return bad
		}
		flag := func(col int, dst *bool, optional, dflt bool) string {
			v, bad := word(PlatformColumns[col], get(col), booleans, optional)
			if len(get(col)) == 0 {
				v = dflt
			}
			*dst = v
			return bad
		}
		// span reads a start (required) and an end (optional) instant.
		span := func(start, end int) string {
			if p.Start, bad = instant(PlatformColumns[start], get(start)); bad != "" {
				return bad
			}
			if len(get(end)) > 0 {
				p.End, bad = instant(PlatformColumns[end], get(end))
			}
			return bad
		}
		switch p.Kind {
		case PlatformMonth, PlatformRevenue, PlatformCost:
			if p.Month, bad = month(get(pcMonth)); bad != "" {
				return bad
			}
			if p.Kind == PlatformMonth {
				break
			}
			b := get(pcAmount)
			if len(b) > 0 && b[0] == '-' {
				return "amount: negative (net refunds before writing the month's amount)"
			}
			v, err := ParseUint(b)
			if err != nil {
				return "amount: " + err.Error()
			}
			p.Amount = v
			c := get(pcCurrency)
			if len(c) == 0 {
				return "currency: empty"
			}
			if currency == "" {
				currency, currencyLine = string(c), line
			} else if string(c) != currency {
				return fmt.Sprintf("currency: %q, but the file's money is in %q (line %d): one currency a file", c, currency, currencyLine)
			}
			p.Currency = currency
		case PlatformPartner:
			if bad = span(pcOnboarded, pcLive); bad != "" {
				return bad
			}
			if r := monthly.CheckOnboarding(&monthly.Onboarding{PartnerID: p.ID, Started: p.Start, Live: p.End}); !p.End.IsZero() && r != monthly.OK {
				return "live_at: " + r.String()
			}
			if len(get(pcOffboarded)) > 0 {
				if p.Offboarded, bad = instant("offboarded_at", get(pcOffboarded)); bad != "" {
					return bad
				}
				if p.End.IsZero() || p.Offboarded.Before(p.End) {
					return "offboarded_at: before live_at, or no live_at"
				}
			}
		case PlatformDeveloper, PlatformApplication, PlatformIncident:
			if bad = at(); bad != "" {
				return bad
			}
		case PlatformNPS:
			b := get(pcScore)
			v, err := ParseUint(b)
			if err != nil || v > 10 {
				return fmt.Sprintf("score: %q, want a whole number from 0 to 10", b)
			}
			p.Score = int(v)
			if bad = at(); bad != "" {
				return bad
			}
		case PlatformTicket:
			if bad = span(pcOpened, pcResolved); bad != "" {
				return bad
			}
			if r := monthly.CheckTicket(&monthly.Ticket{ID: p.ID, Opened: p.Start, Resolved: p.End}); r != monthly.OK {
				return "resolved_at: " + r.String()
			}
		case PlatformRequirement, PlatformAudit:
			col := pcMet
			if p.Kind == PlatformAudit {
				col = pcPassed
			}
			if bad = flag(col, &p.Met, false, false); bad != "" {
				return bad
			}
			if bad = at(); bad != "" {
				return bad
			}
		case PlatformDataStore:
			if bad = flag(pcProtected, &p.Protected, false, false); bad != "" {
				return bad
			}
			if bad = flag(pcEncrypted, &p.Encrypted, false, false); bad != "" {
				return bad
			}
			if bad = at(); bad != "" {
				return bad
			}
		case PlatformVulnerability:
			if bad = span(pcFound, pcPatched); bad != "" {
				return bad
			}
			if r := monthly.CheckVulnerability(&monthly.Vulnerability{ID: p.ID, Found: p.Start, Patched: p.End}); r != monthly.OK {
				return "patched_at: " + r.String()
			}
			if bad = flag(pcCritical, &p.Critical, true, true); bad != "" {
				return bad
			}
		}
		onRecord(&p, line)
		return ""
	}, onBad)
}

// month parses a calendar month, YYYY-MM, into its first day.
func month(b []byte) (kpi.Date, string) {
	if len(b) == 0 {
		return 0, "month: empty"
	}
	t, err := time.Parse("2006-01", string(b))
	if err != nil || !InRange(t) {
		return 0, fmt.Sprintf("month: %q, want YYYY-MM", b)
	}
	return kpi.DateOf(t.Year(), t.Month(), 1), ""
}
