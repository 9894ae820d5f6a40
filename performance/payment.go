package performance

import (
	"fmt"
	"time"

	"github.com/openfinance-kpi/kpi/internal/badinput"
)

// DefaultExecutionLimit is the limit of Rule PF-EXEC-1 when
// ExecutionOptions.Limit is 0: CBUAE §5, "3 seconds per payment".
const DefaultExecutionLimit = 3 * time.Second

// Payment is one payment record for Rule PF-EXEC-1: the instant the
// institution accepted the payment order and the instant it executed it.
// Its execution time is Executed - Accepted. Which day a payment belongs
// to is the caller's choice (the day of Accepted is the natural one). The
// zero value is bad input (ZeroAccepted); check one with CheckPayment,
// record it with Execution.Add.
type Payment struct {
	Accepted, Executed time.Time
}

// PaymentReason says why a Payment is bad input. The zero value, PaymentOK,
// means it is good. A PaymentReason is an error; returning one does not
// allocate.
type PaymentReason uint8

const (
	PaymentOK              PaymentReason = iota
	ZeroAccepted                         // Accepted is the zero time
	ZeroExecuted                         // Executed is the zero time
	ExecutedBeforeAccepted               // Executed < Accepted
	ExecutionOverflow                    // Executed - Accepted exceeds time.Duration (292 years)
	numPaymentReasons
)

var paymentReasonText = [...]string{
	PaymentOK:              "ok",
	ZeroAccepted:           "zero accepted instant",
	ZeroExecuted:           "zero executed instant",
	ExecutedBeforeAccepted: "executed before accepted",
	ExecutionOverflow:      "execution time beyond 292 years",
}

func (r PaymentReason) String() string {
	if int(r) < len(paymentReasonText) {
		return paymentReasonText[r]
	}
	return fmt.Sprintf("payment reason(%d)", uint8(r))
}

func (r PaymentReason) Error() string { return r.String() }

// CheckPayment returns the first reason p is bad input, or PaymentOK. It
// does not allocate.
func CheckPayment(p Payment) PaymentReason {
	switch {
	case p.Accepted.IsZero():
		return ZeroAccepted
	case p.Executed.IsZero():
		return ZeroExecuted
	case p.Executed.Before(p.Accepted):
		return ExecutedBeforeAccepted
	case !p.Accepted.Add(p.Executed.Sub(p.Accepted)).Equal(p.Executed):
		return ExecutionOverflow // Sub saturated
	}
	return PaymentOK
}

// PaymentError is one bad payment of a batch: which, and why
// (ReferenceExecution lists them in a PaymentInputError). errors.Is
// reaches its Reason.
type PaymentError struct {
	Index   int
	Payment Payment
	Reason  PaymentReason
}

func (e *PaymentError) Error() string {
	return fmt.Sprintf("payment %d (accepted %s): %s", e.Index,
		e.Payment.Accepted.Format(time.RFC3339Nano), e.Reason)
}

// Unwrap returns the Reason, so errors.Is(err, ExecutedBeforeAccepted)
// works.
func (e *PaymentError) Unwrap() error { return e.Reason }

// PaymentInputError lists every bad payment of a batch; ReferenceExecution
// returns it beside the figures of the good payments.
type PaymentInputError struct {
	Payments []*PaymentError
}

func (e *PaymentInputError) Error() string { return badinput.Summary("payment", e.Payments) }

// Unwrap returns the PaymentErrors, for errors.Is and errors.As.
func (e *PaymentInputError) Unwrap() []error { return badinput.Errors(e.Payments) }
