package volumes

import "github.com/openfinance-kpi/kpi"

// Reference is Rule VO-DAY-1 written for obviousness, batch over a slice:
// the volumes of the good calls in calls, each counted in the class of its
// status, and in Rejected when flagged.
//
//	200-299 Successful (and SuccessfulOther2xx unless 200, 201, 204)
//	300-399 Redirects
//	400-499 FailedBusiness
//	500-599 FailedTechnical and Status5xx
//	0       FailedTechnical and NoResponse
//
// Bad calls (kpi.ValidCalls) are in no count and are returned as an
// *kpi.InputError beside the counts of the good ones; err is nil when
// every call is good. Counter is the streaming version and must agree with
// Reference on any input.
func Reference(calls []kpi.Call) (Figures, error) {
	good, err := kpi.ValidCalls(calls)
	var n Figures
	for _, c := range good {
		switch s := c.Status; {
		case s >= 200 && s <= 299:
			n.Successful++
			if s != 200 && s != 201 && s != 204 {
				n.SuccessfulOther2xx++
			}
		case s >= 300 && s <= 399:
			n.Redirects++
		case s >= 400 && s <= 499:
			n.FailedBusiness++
		case s >= 500 && s <= 599:
			n.FailedTechnical++
			n.Status5xx++
		case s == 0:
			n.FailedTechnical++
			n.NoResponse++
		}
		n.Calls++
		if c.Rejected {
			n.Rejected++
		}
	}
	return n, err
}

// Key names one VO-DAY-1 scope: a local day and an endpoint ID. It is a
// comparable value, usable as a map key; the zero value names endpoint ""
// on 1970-01-01, which no good call has.
type Key struct {
	Date     kpi.Date
	Endpoint string
}

// ReferenceDaily is Rule VO-DAY-1 per endpoint and local day, written for
// obviousness: it groups the good calls by the local day of their
// ReceivedAt in cal and by endpoint, and returns Reference over each group.
// Scopes without a good call have no entry. Bad calls are returned as an
// *kpi.InputError, as Reference does.
func ReferenceDaily(calls []kpi.Call, cal kpi.Calendar) (map[Key]Figures, error) {
	good, err := kpi.ValidCalls(calls)
	groups := map[Key][]kpi.Call{}
	for _, c := range good {
		k := Key{Date: cal.DateOf(c.ReceivedAt), Endpoint: c.Endpoint}
		groups[k] = append(groups[k], c)
	}
	out := make(map[Key]Figures, len(groups))
	for k, g := range groups {
		out[k], _ = Reference(g) // g holds good calls only
	}
	return out, err
}
