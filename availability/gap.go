package availability

import "time"

// gapRun summarises a time-ordered run of instants for AV-CLOCK-6: the
// first and last instant and the longest gap between consecutive ones. Runs
// concatenate (then), which makes idleness mergeable across segments. The
// zero value is the empty run.
type gapRun struct {
	ok          bool
	first, last time.Time
	max         time.Duration
}

func point(t time.Time) gapRun { return gapRun{ok: true, first: t, last: t} }

// then returns g followed by h.
func (g gapRun) then(h gapRun) gapRun {
	if !g.ok {
		return h
	}
	if !h.ok {
		return g
	}
	m := g.max
	if h.max > m {
		m = h.max
	}
	if d := h.first.Sub(g.last); d > m {
		m = d
	}
	return gapRun{ok: true, first: g.first, last: h.last, max: m}
}

// add appends instant t.
func (g *gapRun) add(t time.Time) {
	if !g.ok {
		*g = point(t)
		return
	}
	if d := t.Sub(g.last); d > g.max {
		g.max = d
	}
	g.last = t
}
