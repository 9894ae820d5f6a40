package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/benchmark/book"
)

// The regulators' formats (-format): see README.md in this directory for
// what each field is computed from and the decisions where the schemas
// are silent.
const (
	formatCDR  = "cdr-metrics" // Australia CDR Get Metrics v5, ResponseMetricsListV5
	formatOFB  = "ofb-metrics" // Open Finance Brasil admin metrics 2.0.1, ResponseMetricsList
	formatUKMI = "uk-mi"       // UK OBIE MI, Performance & Availability rows
)

// regimeFlags are the formats' own inputs that no call carries.
type regimeFlags struct {
	baseURL string
	// The CDR's point-in-time counts from the consent store (required
	// by ResponseMetricsListV5).
	customers, recipients, individual, nonIndividual uint64
}

func parseRegimeFlags(format, baseURL, cdrCounts string) (regimeFlags, error) {
	f := regimeFlags{baseURL: strings.TrimRight(baseURL, "/")}
	if format == formatCDR || format == formatOFB {
		u, err := url.Parse(f.baseURL)
		if f.baseURL == "" || err != nil || u.Scheme == "" || u.Host == "" {
			return f, fmt.Errorf("-format %s needs -base-url, an absolute URL such as https://api.bank.example/cds-au/v1", format)
		}
	}
	if format != formatCDR {
		return f, nil
	}
	got := map[string]*uint64{"customers": &f.customers, "recipients": &f.recipients, "individual": &f.individual, "nonIndividual": &f.nonIndividual}
	seen := 0
	for _, kv := range strings.Split(cdrCounts, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
		p := got[k]
		n, err := strconv.ParseUint(v, 10, 64)
		if !ok || p == nil || err != nil {
			return f, fmt.Errorf("-cdr-counts %q: want customers=N,recipients=N,individual=N,nonIndividual=N (the consent store's counts; the calls do not carry them)", cdrCounts)
		}
		*p = n
		seen++
	}
	if seen != len(got) {
		return f, fmt.Errorf("-cdr-counts %q: give all of customers, recipients, individual and nonIndividual", cdrCounts)
	}
	return f, nil
}

// bookConfig is the book's configuration: the settings' (daily.csv's),
// with the extras the profile's targets and the output format read.
func (c *config) bookConfig() book.Config {
	bc := c.Config()
	bc.Extras = book.ExtrasFor(c.Profile)
	switch c.format {
	case formatCDR:
		bc.Extras.Tiers, bc.Extras.Codes = true, true
	case formatOFB:
		bc.Extras.Codes = true
	case formatUKMI:
		bc.Extras.Medians = true
	}
	return bc
}

// regimeFile is the file -out writes for a regulator's format.
func regimeFile(cfg *config, r *report) (string, func(io.Writer) error) {
	switch cfg.format {
	case formatCDR:
		return "cdr_metrics.json", func(w io.Writer) error { return writeCDRMetrics(w, r) }
	case formatOFB:
		return "ofb_metrics.json", func(w io.Writer) error { return writeOFBMetrics(w, r) }
	case formatUKMI:
		return "uk_mi_performance_availability.csv", func(w io.Writer) error { return writeUKMI(w, r) }
	}
	return "", nil
}

// days returns the current day (the last day covered) and the previous
// days covered, yesterday first, at most max of them.
func days(res *book.Result, max int) (kpi.Date, []kpi.Date) {
	var prev []kpi.Date
	for d := res.Last - 1; d >= res.First && len(prev) < max; d-- {
		prev = append(prev, d)
	}
	return res.Last, prev
}

// interfaceRow returns the interface row of day d (nil when none).
func interfaceRow(res *book.Result, d kpi.Date) *book.Row {
	for i := range res.Rows {
		if rw := &res.Rows[i]; rw.Interface && rw.Date == d {
			return rw
		}
	}
	return nil
}

// endpointRow returns the row of endpoint ep on day d (nil when none).
func endpointRow(res *book.Result, d kpi.Date, ep string) *book.Row {
	for i := range res.Rows {
		if rw := &res.Rows[i]; !rw.Interface && rw.Date == d && rw.Endpoint == ep {
			return rw
		}
	}
	return nil
}

// observedSeconds is the length of day d that the report observed: the
// whole day, or up to AsOf on the day AsOf falls in (the current day of a
// report made before midnight).
func observedSeconds(res *book.Result, cal kpi.Calendar, d kpi.Date) uint64 {
	day := cal.Day(d)
	end := day.End
	if res.AsOf.Before(end) {
		end = res.AsOf
	}
	return uint64(end.Sub(day.Start) / time.Second)
}

// decimalNumber writes an exact ratio as a JSON number rounded half away
// from zero at places digits.
func decimalNumber(x kpi.Ratio, places int) json.Number {
	return json.Number(x.Format(places))
}

// ratioDiv returns x / n.
func ratioDiv(x kpi.Ratio, n int64) kpi.Ratio {
	r := x.Rat()
	if r == nil {
		return kpi.NoData
	}
	return kpi.RatioOfRat(r.Quo(r, big.NewRat(n, 1)))
}

// versionSet records the API versions of each endpoint-day (-format
// uk-mi): "" before any, the version when one, mixed when several.
type versionSet map[versionKey]string

type versionKey struct {
	date     kpi.Date
	endpoint string
}

const mixedVersions = "\x00mixed"

// add notes c's API version on its endpoint-day: the endpoint as the book
// counts it (the catalogue's template when one is in force).
func (v versionSet) add(cal kpi.Calendar, c *kpi.Call, cat *kpi.Catalogue) {
	if c.APIVersion == "" {
		return
	}
	ep := c.Endpoint
	if cat != nil {
		ep, _ = cat.Match(ep) // the book accepted it: it matches
	}
	v.note(versionKey{cal.DateOf(c.ReceivedAt), ep}, c.APIVersion)
}

func (v versionSet) note(k versionKey, version string) {
	switch old, ok := v[k]; {
	case !ok:
		v[k] = version
	case old != version:
		v[k] = mixedVersions
	}
}

// merge adds o's versions (one input's) into v.
func (v versionSet) merge(o versionSet) {
	for k, version := range o {
		v.note(k, version)
	}
}
