package main

import (
	"io"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi/benchmark/book"
	"github.com/openfinance-kpi/kpi/errorrate"
	"github.com/openfinance-kpi/kpi/examples/internal/callgen"
	"github.com/openfinance-kpi/kpi/performance"
)

// A partner's usage has the figures of an endpoint-day fed the partner's
// calls (volumes by class, ER-1, average, maximum and p95 TTLB), whether
// its calls were counted in one place or in two merged; every call is
// counted once, in its partner's.
func TestPartnersUsage(t *testing.T) {
	cfg, err := parseFlags([]string{"-format", "html"}, io.Discard)
	require.NoError(t, err)
	gen := callgen.Bench(20_000)
	gen.TPPs = 7
	calls := callgen.Calls(gen)
	require.Greater(t, len(calls), 10_000)

	want := map[string]*book.EndpointDay{}
	whole, first, second := newPartners(cfg), newPartners(cfg), newPartners(cfg)
	for i := range calls {
		c := &calls[i]
		e := want[c.TPP]
		if e == nil {
			n := book.NewEndpointDay(cfg.Config().Performance, false)
			e = &n
			want[c.TPP] = e
		}
		require.NoError(t, e.Add(c))
		whole.addChecked(c)
		if i%3 == 0 {
			first.addChecked(c)
		} else {
			second.addChecked(c)
		}
	}
	require.NoError(t, first.merge(second))
	require.Len(t, want, 7)

	for name, p := range map[string]*partners{"one": whole, "merged": first} {
		require.Len(t, p.by, len(want), name)
		var total uint64
		for id, e := range want {
			u := p.by[id]
			require.NotNil(t, u, "%s: %s", name, id)
			require.Equal(t, e.Volumes.Figures(), u.Volumes.Figures(), "%s: %s", name, id)
			require.Equal(t, e.Errors.RatePercent(errorrate.Options{}), u.Errors.RatePercent(errorrate.Options{}), "%s: %s", name, id)
			require.Equal(t, e.Perf.AvgTTLBMs(performance.Responded), u.Perf.AvgTTLBMs(performance.Responded), "%s: %s", name, id)
			require.Equal(t, e.Perf.MaxTTLBMs(performance.Responded), u.Perf.MaxTTLBMs(performance.Responded), "%s: %s", name, id)
			require.Equal(t, p95(e), ms(u.Hist.Quantile(0.95)), "%s: %s", name, id)
			total += u.Volumes.Figures().Calls
		}
		require.Equal(t, uint64(len(calls)), total, name)
	}
}

// In the report, the partners count the calls the book counted and no
// other: not the bad rows, not the calls outside the catalogue in force
// (EP-1). The generated week with bad rows (mixedInput), in pieces, with
// the profile's catalogue in force: some of its endpoints are not in it.
func TestPartnersCountTheBooksCalls(t *testing.T) {
	flags := []string{"-rules", "cbuae", "-tz", "Asia/Dubai", "-format", "html", "-lenient", "-catalogue", "profile"}
	rep, err := readSplit(t, flags, []source{bytesSource("calls.csv", mixedInput(t))}, 1, 3, 0)
	require.NoError(t, err)
	require.Positive(t, rep.badRows)
	require.NotEmpty(t, rep.res.Outside)
	var partners uint64
	for _, u := range rep.partners.by {
		partners += u.Volumes.Figures().Calls
	}
	require.Equal(t, rep.res.Calls, partners)
}
