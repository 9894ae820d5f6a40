package daily

import (
	"testing"
	"unsafe"

	"github.com/stretchr/testify/require"
)

// Strings gives each byte sequence one string, whatever the cache does:
// "GET /accounts/1/balances" and "GET /accounts/2/balances" share their
// first and last eight bytes and length, so they take the same slot and
// evict each other; short strings skip the cache.
func TestStringsIntern(t *testing.T) {
	s := NewStrings()
	words := []string{"GET /accounts/1/balances", "GET /accounts/2/balances", "GET /x", "", "POST /payments"}
	first := map[string]*byte{}
	for i := range 50 {
		w := words[i%len(words)]
		got := s.Intern([]byte(w))
		require.Equal(t, w, got)
		if w == "" {
			continue
		}
		if p, ok := first[w]; ok {
			require.Same(t, p, unsafe.StringData(got), w) // no new string
		} else {
			first[w] = unsafe.StringData(got)
		}
	}
	require.Len(t, s.m, len(words))
}
