package kpi

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func goodCall() Call {
	return Call{
		ReceivedAt: time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC),
		Endpoint:   "GET /accounts",
		Status:     200,
		TTFB:       40 * time.Millisecond,
		HasTTFB:    true,
		TTLB:       120 * time.Millisecond,
	}
}

// Rule BAD INPUT: every case yields its own Reason, wrapped in a
// CallError that names the call.
func TestCheckEveryReason(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(*Call)
		want   Reason
	}{
		{"good", func(*Call) {}, OK},
		{"zero time", func(c *Call) { c.ReceivedAt = time.Time{} }, ZeroReceivedAt},
		{"no endpoint", func(c *Call) { c.Endpoint = "" }, EmptyEndpoint},
		{"1xx", func(c *Call) { c.Status = 101 }, BadStatus},
		{"199", func(c *Call) { c.Status = 199 }, BadStatus},
		{"600", func(c *Call) { c.Status = 600 }, BadStatus},
		{"negative", func(c *Call) { c.Status = -1 }, BadStatus},
		{"negative ttlb", func(c *Call) { c.TTLB = -1; c.HasTTFB = false }, NegativeTTLB},
		{"negative ttfb", func(c *Call) { c.TTFB, c.HasTTFB = -1, true }, NegativeTTFB},
		{"ttfb > ttlb", func(c *Call) { c.TTFB, c.HasTTFB = c.TTLB+1, true }, TTFBAfterTTLB},
		{"unflagged ttfb is bad input", func(c *Call) { c.TTFB = c.TTLB + 1; c.HasTTFB = false }, UnflaggedTTFB},
		{"unflagged negative ttfb is bad input", func(c *Call) { c.TTFB, c.HasTTFB = -1, false }, UnflaggedTTFB},
		{"unknown ttfb (0, not flagged) is fine", func(c *Call) { c.TTFB, c.HasTTFB = 0, false }, OK},
		{"measured 0 ms ttfb is fine", func(c *Call) { c.TTFB, c.HasTTFB = 0, true }, OK},
		{"negative bytes", func(c *Call) { c.ResponseBytes = -5 }, NegativeBytes},
		{"negative records", func(c *Call) { c.Records = -1 }, NegativeRecords},
		{"status 0 is a call", func(c *Call) { c.Status = 0 }, OK},
		{"599", func(c *Call) { c.Status = 599 }, OK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := goodCall()
			tc.mutate(&c)
			require.Equal(t, tc.want, Check(&c))
			err := Validate(7, &c)
			if tc.want == OK {
				require.NoError(t, err)
				return
			}
			var ce *CallError
			require.ErrorAs(t, err, &ce)
			require.Equal(t, 7, ce.Index)
			require.Equal(t, tc.want, ce.Reason)
			require.ErrorIs(t, err, tc.want)
			require.Contains(t, err.Error(), "call 7")
			require.Contains(t, err.Error(), tc.want.String())
		})
	}
}

func TestRegistryCheckUnknownEndpoint(t *testing.T) {
	var r Registry
	r.Intern("GET /accounts")
	c := goodCall()
	require.Equal(t, OK, r.Check(&c))
	c.Endpoint = "GET /cards"
	require.Equal(t, UnknownEndpoint, r.Check(&c))
	c.Status = 100
	require.Equal(t, BadStatus, r.Check(&c), "the call's own faults come first")
}

func TestValidCalls(t *testing.T) {
	good := goodCall()
	bad := goodCall()
	bad.Status = 150
	calls := []Call{good, bad, good, bad}
	kept, err := ValidCalls(calls)
	require.Len(t, kept, 2)
	var ie *InputError
	require.ErrorAs(t, err, &ie)
	require.Len(t, ie.Calls, 2)
	require.Equal(t, 1, ie.Calls[0].Index)
	require.Equal(t, 3, ie.Calls[1].Index)
	require.True(t, errors.Is(err, BadStatus))
	// CheckCalls lists the same bad calls without copying the good ones.
	err = CheckCalls(calls)
	require.ErrorAs(t, err, &ie)
	require.Equal(t, []int{1, 3}, []int{ie.Calls[0].Index, ie.Calls[1].Index})
	require.NoError(t, CheckCalls([]Call{good}))
	kept, err = ValidCalls([]Call{good})
	require.NoError(t, err)
	require.Len(t, kept, 1)
}

func TestRejections(t *testing.T) {
	var a, b Rejections[Reason]
	a.Add(BadStatus)
	a.Add(OK) // not counted
	b.Add(BadStatus)
	b.Add(NegativeTTLB)
	a.Merge(&b)
	require.Equal(t, uint64(2), a[BadStatus])
	require.Equal(t, uint64(1), a[NegativeTTLB])
	require.Equal(t, uint64(3), a.Total())
	c := goodCall()
	c.Status = 42
	require.Zero(t, testing.AllocsPerRun(100, func() {
		var err error = Check(&c)
		_ = err
	}))
}

func TestClass(t *testing.T) {
	for status, want := range map[int]Class{0: ClassNoResponse, 200: Class2xx, 204: Class2xx, 302: Class3xx, 404: Class4xx, 503: Class5xx, 100: ClassInvalid, 700: ClassInvalid} {
		require.Equal(t, want, ClassOf(status), "status %d", status)
	}
	c := goodCall()
	require.True(t, c.Success())
	require.False(t, c.Failure())
	c.Status = 404 // CLASS: 4xx is never a failure and never a success
	require.False(t, c.Success())
	require.False(t, c.Failure())
	c.Status = 503
	require.True(t, c.Failure())
	c.NotAttributable = true
	require.False(t, c.Failure())
	c.Status = 0
	require.False(t, c.Failure())
	c.NotAttributable = false
	require.True(t, c.Failure())
	require.False(t, c.Responded())
}

func FuzzCheck(f *testing.F) {
	f.Add(int64(1748772000), "GET /accounts", 200, int64(40e6), int64(120e6), int64(10), int64(0), false)
	f.Add(int64(0), "", 101, int64(-1), int64(-2), int64(-3), int64(-4), true)
	f.Fuzz(func(t *testing.T, unix int64, ep string, status int, ttfb, ttlb, bytes, records int64, noTTFB bool) {
		c := Call{Endpoint: ep, Status: status, TTFB: time.Duration(ttfb), TTLB: time.Duration(ttlb),
			ResponseBytes: bytes, Records: records, HasTTFB: !noTTFB}
		if unix != 0 {
			c.ReceivedAt = time.Unix(unix, 0)
		}
		r := Check(&c)
		err := Validate(0, &c)
		if (r == OK) != (err == nil) {
			t.Fatalf("Check %v but Validate %v", r, err)
		}
		if r == OK {
			// A good call satisfies every BAD INPUT condition.
			if c.ReceivedAt.IsZero() || c.Endpoint == "" || c.TTLB < 0 || c.ResponseBytes < 0 || c.Records < 0 ||
				ClassOf(c.Status) == ClassInvalid || (c.HasTTFB && (c.TTFB < 0 || c.TTFB > c.TTLB)) {
				t.Fatalf("bad call passed: %+v", c)
			}
		}
	})
}

// Rejections.Merge refuses a count past 2^64 − 1 and changes nothing.
func TestRejectionsMergeOverflow(t *testing.T) {
	a := Rejections[Reason]{}
	a[BadStatus] = math.MaxUint64
	a[EmptyEndpoint] = 1
	b := Rejections[Reason]{}
	b[EmptyEndpoint] = 2
	b[BadStatus] = 1 // (2^64 − 1) + 1 = 2^64
	before := a
	require.ErrorIs(t, a.Merge(&b), ErrMergeOverflow)
	require.Equal(t, before, a)
	b[BadStatus] = 0
	require.NoError(t, a.Merge(&b))
	require.Equal(t, uint64(3), a[EmptyEndpoint])
}
