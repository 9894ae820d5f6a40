package volumes_test

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/volumes"
	"github.com/stretchr/testify/require"
)

// scenario is one worked example of testdata/VO-DAY-1.json: calls and the
// counts derived by hand (the arithmetic is in Why).
type scenario struct {
	ID    string
	Why   string
	Calls []struct {
		Endpoint        *string // nil: "GET /accounts"
		Status          int
		NotAttributable bool `json:"not_attributable"`
		Rejected        bool
	}
	Want struct {
		Successful         uint64
		SuccessfulOther2xx uint64 `json:"successful_other_2xx"`
		Redirects          uint64
		FailedBusiness     uint64 `json:"failed_business"`
		FailedTechnical    uint64 `json:"failed_technical"`
		Status5xx          uint64 `json:"status_5xx"`
		NoResponse         uint64 `json:"no_response"`
		Rejected           uint64
		Calls              uint64 `json:"total"`
		Responded          uint64
		BadInput           uint64 `json:"bad_input"`
	}
}

// Rule VO-DAY-1: every scenario of testdata/VO-DAY-1.json, through
// Reference and through a Counter.
func TestScenarios(t *testing.T) {
	b, err := os.ReadFile("testdata/VO-DAY-1.json")
	require.NoError(t, err)
	var scenarios []scenario
	require.NoError(t, json.Unmarshal(b, &scenarios))
	require.NotEmpty(t, scenarios)

	for _, s := range scenarios {
		t.Run(s.ID, func(t *testing.T) {
			var calls []kpi.Call
			for i, c := range s.Calls {
				ep := "GET /accounts"
				if c.Endpoint != nil {
					ep = *c.Endpoint
				}
				calls = append(calls, kpi.Call{
					ReceivedAt:      time.Date(2025, 3, 1, 10, 0, i, 0, time.UTC),
					Endpoint:        ep,
					Status:          c.Status,
					TTLB:            50 * time.Millisecond,
					NotAttributable: c.NotAttributable,
					Rejected:        c.Rejected,
				})
			}
			w := s.Want
			want := volumes.Figures{
				Successful: w.Successful, Redirects: w.Redirects, FailedBusiness: w.FailedBusiness,
				FailedTechnical: w.FailedTechnical, Status5xx: w.Status5xx, NoResponse: w.NoResponse,
				Rejected: w.Rejected, Calls: w.Calls, SuccessfulOther2xx: w.SuccessfulOther2xx,
			}

			got, err := volumes.Reference(calls)
			require.Equal(t, want, got, "Reference")
			if w.BadInput == 0 {
				require.NoError(t, err)
			} else {
				var ie *kpi.InputError
				require.ErrorAs(t, err, &ie)
				require.Len(t, ie.Calls, int(w.BadInput))
			}

			var d volumes.Counter
			for i := range calls {
				_ = d.Add(&calls[i])
			}
			require.Equal(t, want, d.Figures(), "Counter")
			require.Equal(t, w.Responded, d.Figures().Responded())
			rej := d.Rejections()
			require.Equal(t, w.BadInput, rej.Total())
		})
	}
}
