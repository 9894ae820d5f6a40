package callgen

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Calls gives, row by row, the calls Write prints.
func TestCallsAreTheCSVRows(t *testing.T) {
	for _, cfg := range []Config{Sample(), Bench(20_000)} {
		var buf bytes.Buffer
		require.NoError(t, Write(&buf, cfg))
		rows, err := csv.NewReader(&buf).ReadAll()
		require.NoError(t, err)
		calls := Calls(cfg)
		require.Len(t, calls, len(rows)-1)
		ms := func(s string) time.Duration {
			f, err := strconv.ParseFloat(s, 64)
			require.NoError(t, err)
			return time.Duration(f*1000+0.5) * time.Microsecond
		}
		for i, row := range rows[1:] {
			c := calls[i]
			at, err := time.Parse("2006-01-02T15:04:05.000Z07:00", row[0])
			require.NoError(t, err)
			require.True(t, at.Equal(c.ReceivedAt), "row %d", i)
			require.Equal(t, row[1], c.Endpoint)
			require.Equal(t, row[2], strconv.Itoa(c.Status))
			require.Equal(t, row[3] != "", c.HasTTFB)
			if row[3] != "" {
				require.Equal(t, ms(row[3]), c.TTFB, "row %d", i)
			}
			require.Equal(t, ms(row[4]), c.TTLB, "row %d", i)
			require.Equal(t, row[5], strconv.FormatInt(c.ResponseBytes, 10))
			if row[6] != "" {
				require.Equal(t, row[6], strconv.FormatInt(c.Records, 10))
			} else {
				require.Zero(t, c.Records)
			}
			require.Equal(t, row[7], c.TPP)
			require.Equal(t, row[8] == "false", c.NotAttributable)
			require.Equal(t, row[9] == "true", c.Rejected)
		}
	}
}
