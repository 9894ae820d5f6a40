package availability

import (
	"errors"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
)

// decodeFuzz turns bytes into options and calls (6 bytes a call); calls go
// mostly forward in time, sometimes back (to exercise OutOfOrder).
func decodeFuzz(data []byte) (Options, []kpi.Call) {
	var o Options
	if len(data) > 0 {
		b := data[0]
		o.Rule = Rule(b & 1)
		o.ReceivedInstants = b&2 != 0
		o.ClientErrorsStopClock = b&4 != 0
		o.NoSpanCondition = b&8 != 0
		o.ServerErrorsAreReplies = b&16 != 0
		o.LateRepliesAreReplies = b&32 != 0
		o.N = int(b>>6) + 1
		data = data[1:]
	}
	statuses := []int{0, 200, 302, 404, 500, 503, 150, 700}
	ttlbs := []time.Duration{0, ms(1), sec(5), sec(30), sec(30) + 1, sec(31), time.Hour, -1}
	var calls []kpi.Call
	r := t0
	for len(data) >= 6 {
		d := data[:6]
		data = data[6:]
		step := time.Duration(d[1]) * 250 * time.Millisecond
		if d[5]&1 != 0 {
			step = -step
		}
		r = r.Add(step)
		c := kpi.Call{ReceivedAt: r, Endpoint: []string{"A", "A", "A", "B"}[d[0]&3], Status: statuses[d[2]&7],
			TTLB: ttlbs[d[3]&7], NotAttributable: d[4]&1 != 0}
		if d[5]&2 != 0 {
			c.ReceivedAt = time.Time{}
		}
		calls = append(calls, c)
	}
	return o, calls
}

// FuzzTracker feeds arbitrary calls to a Tracker: it never panics, every
// refusal or rejection is a typed error and counted, the outages are
// well-formed (ordered, disjoint, evidence at their ends, at most one
// ongoing, last), and they equal Reference over the calls it accepted.
func FuzzTracker(f *testing.F) {
	f.Add([]byte{0, 0, 4, 5, 0, 0, 0, 0, 4, 1, 0, 0, 0})
	f.Add([]byte{1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0})
	f.Add([]byte{0xff, 3, 200, 7, 7, 1, 3, 1, 9, 6, 6, 0, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		o, calls := decodeFuzz(data)
		asOf := t0.Add(time.Hour)
		tr := NewTracker(o)
		var accepted []kpi.Call
		var ids []int64
		var out []Outage
		var rejected, refused uint64
		for i := range calls {
			err := tr.Add(&calls[i], int64(i))
			var reason kpi.Reason
			var refusal Refusal
			switch {
			case err == nil:
				accepted = append(accepted, calls[i])
				ids = append(ids, int64(i))
			case errors.As(err, &reason):
				rejected++
			case errors.As(err, &refusal):
				refused++
			default:
				t.Fatalf("call %d: untyped error %v", i, err)
			}
			out = tr.Outages(out)
		}
		out = tr.Finish(asOf, out)
		rej, ref := tr.Rejections(), tr.Refused()
		if rej.Total() != rejected || ref.Total() != refused {
			t.Fatalf("counted %d rejected, %d refused; saw %d, %d", rej.Total(), ref.Total(), rejected, refused)
		}
		for i, x := range out {
			if x.End.Before(x.Start) || !x.Opened.At.Equal(x.Start) {
				t.Fatalf("outage %d malformed: %+v", i, x)
			}
			if !x.Ongoing && !x.Closed.At.Equal(x.End) {
				t.Fatalf("outage %d: closed at %v, ends %v", i, x.Closed.At, x.End)
			}
			if x.Ongoing && i != len(out)-1 {
				t.Fatalf("outage %d ongoing but not last", i)
			}
			if i > 0 && !x.Start.After(out[i-1].End) {
				t.Fatalf("outages %d and %d touch or overlap", i-1, i)
			}
		}
		want, err := Reference(accepted, asOf, o)
		if err != nil {
			t.Fatalf("accepted calls are bad input: %v", err)
		}
		for i := range want { // Reference's IDs index accepted
			want[i].Opened.ID = ids[want[i].Opened.ID]
			if want[i].Closed.Kind == Call {
				want[i].Closed.ID = ids[want[i].Closed.ID]
			}
		}
		if len(want) != len(out) {
			t.Fatalf("tracker %d outages, reference %d:\n%+v\n%+v", len(out), len(want), out, want)
		}
		for i := range want {
			if want[i] != out[i] {
				t.Fatalf("outage %d: tracker %+v, reference %+v", i, out[i], want[i])
			}
		}
	})
}
