package kpi

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// entry is one (prefix, template) pair a catalogue was built from.
type entry struct{ prefix, template string }

// referenceMatch is Rule EP-1 written for obviousness: try every entry,
// keep those that match, and of two matches keep the one whose first
// differing segment ranks higher (literal, then mixed with more literal
// text, then bare parameter).
func referenceMatch(entries []entry, endpoint string) (string, bool) {
	method, path, ok := strings.Cut(endpoint, " ")
	if !ok || !strings.HasPrefix(path, "/") {
		return "", false
	}
	path, _, _ = strings.Cut(path, "?")
	path = strings.TrimSuffix(path, "/")
	raw := strings.Split(path, "/")[1:] // "" gives no segment
	var best []string
	bestID := ""
	for _, e := range entries {
		tm, tp, _ := strings.Cut(e.template, " ")
		if strings.ToUpper(tm) != upperASCIIRef(method) {
			continue
		}
		full := strings.TrimSuffix(strings.TrimSuffix(e.prefix, "/")+strings.TrimSuffix(tp, "/"), "/")
		segs := strings.Split(full, "/")[1:]
		if len(segs) != len(raw) {
			continue
		}
		fits := true
		for i := range segs {
			fits = fits && segmentFits(segs[i], raw[i])
		}
		if fits && (best == nil || outranks(segs, best)) {
			best, bestID = segs, e.template
		}
	}
	return bestID, best != nil
}

func upperASCIIRef(s string) string {
	var b strings.Builder
	for _, r := range []byte(s) {
		if r >= 'a' && r <= 'z' {
			r -= 32
		}
		b.WriteByte(r)
	}
	return b.String()
}

func segmentFits(tmpl, raw string) bool {
	open := strings.IndexByte(tmpl, '{')
	if open < 0 {
		return tmpl == raw
	}
	pre, suf := tmpl[:open], tmpl[strings.IndexByte(tmpl, '}')+1:]
	return len(raw) > len(pre)+len(suf) && strings.HasPrefix(raw, pre) && strings.HasSuffix(raw, suf)
}

// outranks reports whether a beats b at their first differing segment.
func outranks(a, b []string) bool {
	for i := range a {
		ka, kb := segmentRank(a[i]), segmentRank(b[i])
		if ka != kb {
			return ka.less(kb)
		}
	}
	return false
}

type rank struct {
	kind           int // 0 literal, 1 mixed, 2 bare parameter
	text, pre      int // literal bytes, leading literal bytes (mixed)
	prefix, suffix string
	literal        string
}

func segmentRank(s string) rank {
	open := strings.IndexByte(s, '{')
	if open < 0 {
		return rank{kind: 0, literal: s}
	}
	pre, suf := s[:open], s[strings.IndexByte(s, '}')+1:]
	if pre == "" && suf == "" {
		return rank{kind: 2}
	}
	return rank{kind: 1, text: len(pre) + len(suf), pre: len(pre), prefix: pre, suffix: suf}
}

func (a rank) less(b rank) bool {
	switch {
	case a.kind != b.kind:
		return a.kind < b.kind
	case a.text != b.text:
		return a.text > b.text
	case a.pre != b.pre:
		return a.pre > b.pre
	case a.prefix != b.prefix:
		return a.prefix < b.prefix
	}
	return a.suffix < b.suffix // literals that differ never both fit
}

// genSegment draws a template segment over a tiny alphabet, so that
// templates overlap often.
func genSegment(t *rapid.T, label string) string {
	lit := rapid.StringMatching(`[ab]{1,2}`)
	switch rapid.IntRange(0, 3).Draw(t, label+"kind") {
	case 0:
		return "{P}"
	case 1:
		return lit.Draw(t, label+"pre") + "{P}"
	case 2:
		return "{P}" + lit.Draw(t, label+"suf")
	}
	return lit.Draw(t, label+"lit")
}

// genCatalogue draws entries and builds a catalogue of those Add accepts.
func genCatalogue(t *rapid.T) (*Catalogue, []entry) {
	var c Catalogue
	var kept []entry
	n := rapid.IntRange(1, 12).Draw(t, "n")
	for i := range n {
		method := rapid.SampledFrom([]string{"GET", "POST", "get"}).Draw(t, "method")
		var b strings.Builder
		for j := range rapid.IntRange(0, 3).Draw(t, "segs") {
			b.WriteString("/" + genSegment(t, strings.Repeat("s", i)+strings.Repeat("t", j)))
		}
		path := b.String()
		if path == "" {
			path = "/"
		}
		prefix := rapid.SampledFrom([]string{"", "", "/a", "/b/a"}).Draw(t, "prefix")
		tmpl := method + " " + path
		if c.Add(prefix, tmpl) == nil {
			kept = append(kept, entry{prefix, tmpl})
		}
	}
	return &c, kept
}

// fill draws a raw path from template (under prefix), each parameter
// filled with a non-empty value drawn by value, with random method case,
// trailing slash and query.
func fill(t *rapid.T, prefix, template string, value *rapid.Generator[string]) string {
	method, path, _ := strings.Cut(template, " ")
	var b strings.Builder
	for i, r := range []byte(method) {
		if rapid.Bool().Draw(t, "case"+string(rune('0'+i%10))) && r >= 'A' && r <= 'Z' {
			r += 32
		}
		b.WriteByte(r)
	}
	b.WriteByte(' ')
	if prefix != "/" {
		b.WriteString(strings.TrimSuffix(prefix, "/"))
	}
	tp := strings.TrimSuffix(path, "/")
	if tp == "" && (prefix == "" || prefix == "/") {
		b.WriteByte('/')
	}
	for _, seg := range strings.Split(tp, "/")[1:] {
		b.WriteByte('/')
		if open := strings.IndexByte(seg, '{'); open >= 0 {
			close := strings.IndexByte(seg, '}')
			seg = seg[:open] + value.Draw(t, "value") + seg[close+1:]
		}
		b.WriteString(seg)
	}
	if rapid.Bool().Draw(t, "slash") && !strings.HasSuffix(b.String(), "/") {
		b.WriteByte('/')
	}
	if rapid.Bool().Draw(t, "query") {
		b.WriteString("?" + rapid.StringMatching(`[a-z=&/?]{0,6}`).Draw(t, "q"))
	}
	return b.String()
}

// Rule EP-1: the trie agrees with the reference on random catalogues and
// on raw paths drawn from the same tiny alphabet (so that templates
// compete for them).
func TestCatalogueMatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c, entries := genCatalogue(t)
		for range 20 {
			var b strings.Builder
			b.WriteString(rapid.SampledFrom([]string{"GET", "get", "Post", "PUT"}).Draw(t, "m") + " ")
			for range rapid.IntRange(0, 5).Draw(t, "rawsegs") {
				b.WriteString("/" + rapid.StringMatching(`[ab7]{0,4}`).Draw(t, "raw"))
			}
			if b.Len() == len("GET ") || rapid.Bool().Draw(t, "rs") {
				b.WriteByte('/')
			}
			raw := b.String()
			want, wok := referenceMatch(entries, raw)
			got, ok := c.Match(raw)
			require.Equal(t, wok, ok, "%q", raw)
			require.Equal(t, want, got, "%q", raw)
		}
	})
}

// Rule EP-1: a raw path made from a template by filling its parameters with
// values that share no byte with the literals gives that template back.
func TestCatalogueFilledTemplateMatchesItself(t *testing.T) {
	value := rapid.StringMatching(`[0-9A-Z_.~%]{1,8}`)
	rapid.Check(t, func(t *rapid.T) {
		c, entries := genCatalogue(t)
		for _, e := range entries {
			raw := fill(t, e.prefix, e.template, value)
			got, ok := c.Match(raw)
			require.True(t, ok, "%q from %q under %q", raw, e.template, e.prefix)
			require.Equal(t, e.template, got, "%q under %q", raw, e.prefix)
		}
	})
}

// EndpointCounts: any split of the same additions, merged in any order,
// gives the counts of adding them all to one.
func TestEndpointCountsMergeProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		eps := rapid.SliceOf(rapid.SampledFrom([]string{"GET /a", "GET /b", "POST /a", ""})).Draw(t, "eps")
		parts := make([]EndpointCounts, 3)
		var whole EndpointCounts
		for i, e := range eps {
			whole.Add(e, uint64(i%3))
			parts[rapid.IntRange(0, 2).Draw(t, "part")].Add(e, uint64(i%3))
		}
		var left, right EndpointCounts // (p0+p1)+p2 against p2+(p1+p0)
		left.Merge(&parts[0])
		left.Merge(&parts[1])
		left.Merge(&parts[2])
		var inner EndpointCounts
		inner.Merge(&parts[1])
		inner.Merge(&parts[0])
		right.Merge(&parts[2])
		right.Merge(&inner)
		require.Equal(t, whole.Sorted(), left.Sorted())
		require.Equal(t, whole.Sorted(), right.Sorted())
	})
}
