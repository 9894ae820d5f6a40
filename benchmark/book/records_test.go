package book

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/benchmark"
)

// Property: each walks any records, added in any order and moved between
// sets by take, in recordCmp order: the order a plain sort gives. Runs of
// records in time order (a log) take the chunk-by-chunk walk, shuffled
// ones the heap; both are drawn.
func TestPropRecordsEachIsSorted(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 3000).Draw(t, "n")
		ordered := rapid.Bool().Draw(t, "ordered")
		parts := rapid.IntRange(1, 3).Draw(t, "parts")
		sets := make([]records, parts)
		var all []record
		for i := range n {
			at := int64(i / 3) // equal instants, told apart by id
			if !ordered {
				at = rapid.Int64Range(0, 500).Draw(t, "at")
			}
			r := record{at: at, id: int64(n - i), status: uint16(200 + i%3)}
			all = append(all, r)
			// In log order, part k holds the k-th run of the records.
			k := i * parts / max(n, 1)
			if !ordered {
				k = rapid.IntRange(0, parts-1).Draw(t, "part")
			}
			sets[k].add(r)
		}
		for k := 1; k < parts; k++ {
			sets[0].take(&sets[k])
			require.Zero(t, sets[k].n)
			require.Empty(t, sets[k].chunks)
		}
		require.Equal(t, n, sets[0].n)
		var got []record
		require.NoError(t, sets[0].each(func(r *record) error { got = append(got, *r); return nil }))
		slices.SortFunc(all, recordCmp)
		require.Equal(t, all, got)
	})
}

// The chunks of one endpoint hold at most a quarter more than its records,
// plus one smallest chunk: each new chunk holds a quarter of the records so
// far (at least 64, at most 8192), and only the last has room. At 5,000
// records (a busy endpoint's week in the performance suite) the old growth
// (64, 256, 1,024, 4,096, 8,192) held 13,632: 2.7 times the records.
func TestRecordsCapacityBounded(t *testing.T) {
	for _, n := range []int{1, 64, 65, 320, 5000, 25_000, 200_000} {
		var rs records
		for i := range n {
			rs.add(record{at: int64(i)})
		}
		c := 0
		for _, ch := range rs.chunks {
			c += cap(ch)
		}
		// n + n/4 + 64: e.g. n = 65: 64 + 64 = 128 <= 65 + 16 + 64 = 145.
		require.LessOrEqual(t, c, n+n/4+minChunk, "n=%d", n)
		require.Equal(t, n, rs.n)
	}
}

// The look-up cache keyed by the string's address gives the same
// endpoint as the map: strings with the same bytes at other addresses, a
// catalogue's raw paths (matched once, then cached) and paths outside it
// (refused every time, never cached).
func TestBookLookupCache(t *testing.T) {
	cat, err := kpi.NewCatalogue("GET /accounts/{AccountID}/balances", "GET /accounts")
	require.NoError(t, err)
	for _, c := range []*kpi.Catalogue{nil, cat} {
		b := New(Config{Profile: benchmark.CBUAE(), Calendar: kpi.NewCalendar(time.UTC), Catalogue: c})
		raw := []string{"GET /accounts/A1/balances", "GET /accounts", "GET /favicon.ico"}
		outside := 0
		for i := range 300 {
			ep := raw[i%3]
			if i%2 == 0 {
				ep = strings.Clone(ep) // another address
			}
			cl := call(ep, t0.Add(time.Duration(i)*time.Second), 200, time.Millisecond)
			err := b.Add(&cl, int64(i))
			if c != nil && i%3 == 2 {
				require.ErrorIs(t, err, ErrOutsideCatalogue)
				outside++
				continue
			}
			require.NoError(t, err)
		}
		res, err := b.Close(time.Time{}, nil, nil)
		require.NoError(t, err)
		if c == nil {
			require.Equal(t, []string{"GET /accounts", "GET /accounts/A1/balances", "GET /favicon.ico"}, res.Endpoints)
			require.Equal(t, uint64(300), res.Calls)
			continue
		}
		// 300 calls, one in three outside: 100 refused, 200 counted.
		require.Equal(t, []string{"GET /accounts", "GET /accounts/{AccountID}/balances"}, res.Endpoints)
		require.Equal(t, []kpi.EndpointCount{{Endpoint: "GET /favicon.ico", Calls: 100}}, res.Outside)
		require.Equal(t, uint64(200), res.Calls)
		require.Equal(t, 100, outside)
		for _, name := range res.Endpoints {
			require.Equal(t, uint64(100), b.EndpointDay(kpi.DateOf(2026, 3, 1), name).Calls(), name)
		}
	}
}

// Property: setCall turns the call of any record (r.call) into the call
// of any other (the walks reuse one call for a group's records), every
// field, so that no field of the record before stays behind.
func TestPropSetCallIsCall(t *testing.T) {
	rec := func(t *rapid.T, label string) record {
		return record{
			at:      rapid.Int64().Draw(t, label+"at"),
			ttlb:    rapid.Int64().Draw(t, label+"ttlb"),
			id:      rapid.Int64().Draw(t, label+"id"),
			status:  rapid.Uint16().Draw(t, label+"status"),
			notAttr: rapid.Bool().Draw(t, label+"notAttr"),
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		name := rapid.StringN(0, 5, -1).Draw(t, "name")
		a, b := rec(t, "a"), rec(t, "b")
		c := a.call(name)
		b.setCall(&c)
		require.Equal(t, b.call(name), c)
	})
}
