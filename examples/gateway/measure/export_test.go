package measure

import "time"

// SetClock makes m read time from now instead of time.Now, so that tests
// can assert exact, hand-derived instants.
func SetClock(m *Middleware, now func() time.Time) { m.now = now }
