package daily

import (
	"encoding/json"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// Two IDs that differ only in an invalid byte stay two IDs in JSON
// (json.Marshal alone writes both as "GET /\ufffd").
func TestIDJSONKeepsInvalidBytes(t *testing.T) {
	a, b := "GET /\xff", "GET /\xfe"
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	require.Equal(t, ja, jb, "the problem: json.Marshal replaces both with U+FFFD")

	require.NotEqual(t, IDJSON(a), IDJSON(b))
	// "GET /\xff" is the bytes 47 45 54 20 2f ff: base64 "R0VUIC//".
	require.JSONEq(t, `{"base64":"R0VUIC//"}`, string(IDJSON(a)))
	require.Equal(t, `"GET /accounts"`, string(IDJSON("GET /accounts")))
	for _, id := range []string{a, b, "GET /accounts", "", "<&>", "\x1b[31m"} {
		got, err := ParseIDJSON(IDJSON(id))
		require.NoError(t, err)
		require.Equal(t, id, got)
	}
}

// Control bytes are shown escaped, never written raw.
func TestIDTextEscapes(t *testing.T) {
	for id, want := range map[string]string{
		"GET /accounts":   "GET /accounts",
		"GET /\x1b[2Jx":   `GET /\x1b[2Jx`, // ANSI clear screen
		"GET /a\nPOST /b": `GET /a\x0aPOST /b`,
		"GET /a\tb":       `GET /a\x09b`,
		"GET /\xff":       `GET /\xff`, // tabwriter's escape byte
		`GET /a\x41`:      `GET /a\\x41`,
		"GET /caf\u00e9":  "GET /caf\u00e9",    // printable: as is
		"GET /\u0085":     `GET /\xc2\x85`,     // C1 control NEL
		"GET /\u202e":     `GET /\xe2\x80\xae`, // bidi override
	} {
		require.Equal(t, want, IDText(id), "%q", id)
		back, err := ParseIDText(IDText(id))
		require.NoError(t, err)
		require.Equal(t, id, back)
	}
}

// Any byte string round-trips through both, and IDText's output has no
// non-printable rune and no invalid UTF-8.
func TestPropIDEscapesRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		id := string(rapid.SliceOf(rapid.Byte()).Draw(t, "id"))
		got, err := ParseIDJSON(IDJSON(id))
		require.NoError(t, err)
		require.Equal(t, id, got)

		txt := IDText(id)
		require.True(t, utf8.ValidString(txt))
		for _, r := range txt {
			require.True(t, unicode.IsPrint(r), "%q in %q", r, txt)
		}
		back, err := ParseIDText(txt)
		require.NoError(t, err)
		require.Equal(t, id, back)
	})
}
