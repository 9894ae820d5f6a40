package performance

import (
	"math/big"
	"time"

	"github.com/openfinance-kpi/kpi"
)

// ReferenceExecution is Rule PF-EXEC-1 written for obviousness: each good
// payment's execution time in a slice, then count, sum (big.Int), max and
// the share within the limit. Bad payments are left out and listed in a
// *PaymentInputError.
func ReferenceExecution(payments []Payment, opts ExecutionOptions) (ExecutionFigures, error) {
	if err := opts.Validate(); err != nil {
		return ExecutionFigures{}, err
	}
	limit := opts.limit()
	var times []time.Duration
	var bad []*PaymentError
	for i, p := range payments {
		if r := CheckPayment(p); r != PaymentOK {
			bad = append(bad, &PaymentError{Index: i, Payment: p, Reason: r})
			continue
		}
		times = append(times, p.Executed.Sub(p.Accepted))
	}
	var f ExecutionFigures
	sum := new(big.Int)
	for _, d := range times {
		f.Count++
		sum.Add(sum, big.NewInt(int64(d)))
		if d <= limit {
			f.Within++
		}
		if !f.HasMax || d > f.Max {
			f.Max, f.HasMax = d, true
		}
	}
	if f.Count > 0 {
		n := new(big.Rat).SetInt(new(big.Int).SetUint64(f.Count))
		avg := new(big.Rat).Quo(new(big.Rat).SetInt(sum), n)
		f.AvgMs = kpi.RatioOfRat(avg.Quo(avg, big.NewRat(1_000_000, 1)))
		share := new(big.Rat).SetInt(new(big.Int).SetUint64(f.Within))
		f.WithinPercent = kpi.RatioOfRat(share.Mul(share.Quo(share, n), big.NewRat(100, 1)))
	}
	if bad != nil {
		return f, &PaymentInputError{Payments: bad}
	}
	return f, nil
}
