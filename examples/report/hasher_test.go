package main

import (
	"fmt"
	"hash/maphash"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/openfinance-kpi/kpi"
)

// Property: a callHasher that has hashed any rows before (its cache of
// string hashes filled, slots shared by strings of different addresses,
// strings of equal bytes at other addresses) gives every row the sum a
// fresh one gives, so that equal rows have equal sums wherever their
// strings lie; and a row changed in any one hashed field has another sum.
func TestPropCallHasher(t *testing.T) {
	seed := maphash.MakeSeed()
	rapid.Check(t, func(t *rapid.T) {
		var pool []string // 100 strings, some of equal bytes at different addresses
		for i := range 100 {
			s := fmt.Sprintf("GET /e%d", i%60)
			if i%3 == 0 {
				s = strings.Clone(s)
			}
			pool = append(pool, s, "")
		}
		h := callHasher{seed: seed}
		for i := range rapid.IntRange(1, 200).Draw(t, "rows") {
			c := kpi.Call{
				ReceivedAt:      time.Unix(0, rapid.Int64Range(0, 3).Draw(t, "at")),
				Endpoint:        rapid.SampledFrom(pool).Draw(t, "ep"),
				TPP:             rapid.SampledFrom(pool).Draw(t, "tpp"),
				Status:          rapid.IntRange(0, 2).Draw(t, "status"),
				TTFB:            time.Duration(rapid.Int64Range(0, 2).Draw(t, "ttfb")),
				TTLB:            time.Duration(rapid.Int64Range(0, 2).Draw(t, "ttlb")),
				ResponseBytes:   rapid.Int64Range(0, 2).Draw(t, "bytes"),
				Records:         rapid.Int64Range(0, 2).Draw(t, "records"),
				HasTTFB:         rapid.Bool().Draw(t, "hasTTFB"),
				NotAttributable: rapid.Bool().Draw(t, "notAttr"),
				Rejected:        rapid.Bool().Draw(t, "rejected"),
			}
			fresh := callHasher{seed: seed}
			got := h.sum(&c)
			require.Equal(t, fresh.sum(&c), got, "row %d", i)
			for _, change := range []func(c *kpi.Call){
				func(c *kpi.Call) { c.ReceivedAt = c.ReceivedAt.Add(1) },
				func(c *kpi.Call) { c.Endpoint += "x" },
				func(c *kpi.Call) { c.TPP += "x" },
				func(c *kpi.Call) { c.Endpoint, c.TPP = c.TPP, c.Endpoint },
				func(c *kpi.Call) { c.Status++ },
				func(c *kpi.Call) { c.TTFB++ },
				func(c *kpi.Call) { c.TTLB++ },
				func(c *kpi.Call) { c.ResponseBytes++ },
				func(c *kpi.Call) { c.Records++ },
				func(c *kpi.Call) { c.HasTTFB = !c.HasTTFB },
				func(c *kpi.Call) { c.NotAttributable = !c.NotAttributable },
				func(c *kpi.Call) { c.Rejected = !c.Rejected },
			} {
				d := c
				change(&d)
				if d != c {
					require.NotEqual(t, got, h.sum(&d), "row %d changed: %+v", i, d)
				}
			}
		}
	})
}
