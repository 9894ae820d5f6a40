package performance

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/stretchr/testify/require"
)

func payment(acceptedAt, took time.Duration) Payment {
	a := t0.Add(acceptedAt)
	return Payment{Accepted: a, Executed: a.Add(took)}
}

// Rule PF-EXEC-1: execution times 1 s, 3 s, 3.001 s and 500 ms, plus one
// bad record.
func TestPF_EXEC_1_WorkedExample(t *testing.T) {
	ps := []Payment{
		payment(0, time.Second),
		payment(time.Minute, 3*time.Second), // on the limit: within
		payment(2*time.Minute, 3001*time.Millisecond),
		payment(3*time.Minute, 500*time.Millisecond),
		payment(4*time.Minute, -time.Millisecond), // executed before accepted
	}
	e := NewExecution(ExecutionOptions{})
	for i, p := range ps {
		err := e.Add(p)
		if i == 4 {
			require.ErrorIs(t, err, ExecutedBeforeAccepted)
		} else {
			require.NoError(t, err)
		}
	}
	// Count 4. Within 3 s (inclusive): 1 s, 3 s, 500 ms = 3 of 4 = 75 %.
	// Avg = (1000 + 3000 + 3001 + 500) / 4 = 7501/4 = 1875.25 ms.
	// Max = 3.001 s.
	require.Equal(t, uint64(4), e.Count())
	w, of := e.Within()
	require.Equal(t, [2]uint64{3, 4}, [2]uint64{w, of})
	requireRatio(t, "75", e.WithinPercent(), "within 3 s")
	requireRatio(t, "7501/4", e.AvgMs(), "avg")
	requireRatio(t, "7501", e.TotalMs(), "total")
	mx, ok := e.Max()
	require.True(t, ok)
	require.Equal(t, 3001*time.Millisecond, mx)
	rej := e.Rejections()
	require.Equal(t, uint64(1), rej[ExecutedBeforeAccepted])

	ref, err := ReferenceExecution(ps, ExecutionOptions{})
	var pe *PaymentInputError
	require.ErrorAs(t, err, &pe)
	require.Equal(t, 4, pe.Payments[0].Index)
	require.ErrorIs(t, err, ExecutedBeforeAccepted)
	require.Contains(t, err.Error(), "executed before accepted")
	require.True(t, ref.Equal(e.Figures()))

	// A limit of 1 s: within are 1 s and 500 ms, 2 of 4 = 50 %.
	e1 := NewExecution(ExecutionOptions{Limit: time.Second})
	for _, p := range ps {
		_ = e1.Add(p)
	}
	requireRatio(t, "50", e1.WithinPercent(), "within 1 s")
	require.Equal(t, time.Second, e1.Options().Limit)
	require.Equal(t, DefaultExecutionLimit, e.Options().Limit)

	require.ErrorIs(t, e.Merge(&e1), kpi.ErrOptionsDiffer)
	e.Reset()
	require.Equal(t, NewExecution(ExecutionOptions{Limit: 3 * time.Second}), e)
	requireRatio(t, "nodata", e.AvgMs(), "empty")
	requireRatio(t, "nodata", e.WithinPercent(), "empty")
	_, ok = e.Max()
	require.False(t, ok)
}

func TestCheckPayment(t *testing.T) {
	a := t0
	require.Equal(t, PaymentOK, CheckPayment(Payment{Accepted: a, Executed: a}))
	require.Equal(t, ZeroAccepted, CheckPayment(Payment{Executed: a}))
	require.Equal(t, ZeroExecuted, CheckPayment(Payment{Accepted: a}))
	require.Equal(t, ExecutedBeforeAccepted, CheckPayment(Payment{Accepted: a, Executed: a.Add(-1)}))
	far := Payment{Accepted: a, Executed: a.Add(math.MaxInt64).Add(time.Hour)}
	require.Equal(t, ExecutionOverflow, CheckPayment(far))
	require.Equal(t, "payment reason(99)", PaymentReason(99).String())
	require.True(t, errors.Is(ZeroAccepted, ZeroAccepted))
}
