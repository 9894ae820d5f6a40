package daily

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Endpoint IDs are bytes, compared byte for byte: "GET /\xff" and
// "GET /\xfe" are two endpoints. json.Marshal replaces invalid UTF-8 with
// U+FFFD, which would write both as the same string, and a terminal or
// text/tabwriter acts on control bytes in a name (ANSI escapes, newlines,
// tabs, tabwriter's escape byte 0xff). IDJSON and IDText write an ID so
// that nothing is lost or acted on.

// IDJSON is the JSON value of an endpoint ID, lossless and reversible
// (ParseIDJSON):
//
//   - an ID that is valid UTF-8 is a JSON string of exactly its bytes
//     (json.Marshal, with the HTML-safe escapes \u003c, \u003e, \u0026,
//     which every JSON reader decodes back);
//   - any other ID is an object {"base64": "<its bytes in standard
//     base64>"}.
//
// A reader that sees a string has the ID; an object, the bytes of its
// "base64" field. The two forms cannot be confused (a string is never an
// object), and a valid UTF-8 ID never takes the object form, so each ID
// has exactly one encoding.
func IDJSON(id string) json.RawMessage {
	if utf8.ValidString(id) {
		b, _ := json.Marshal(id) // cannot fail on a string
		return b
	}
	b, _ := json.Marshal(struct {
		Base64 string `json:"base64"`
	}{base64.StdEncoding.EncodeToString([]byte(id))})
	return b
}

// ParseIDJSON reverses IDJSON.
func ParseIDJSON(v json.RawMessage) (string, error) {
	var s string
	if err := json.Unmarshal(v, &s); err == nil {
		return s, nil
	}
	var o struct {
		Base64 *string `json:"base64"`
	}
	if err := json.Unmarshal(v, &o); err != nil || o.Base64 == nil {
		return "", errors.New("endpoint ID: neither a string nor {\"base64\": ...}")
	}
	b, err := base64.StdEncoding.DecodeString(*o.Base64)
	if err != nil {
		return "", err
	}
	if utf8.Valid(b) {
		return "", errors.New("endpoint ID: valid UTF-8 in base64 form (not canonical)")
	}
	return string(b), nil
}

// IDText is an endpoint ID for text output (tables, logs, a terminal),
// one line, with nothing a terminal or text/tabwriter acts on, and
// reversible (ParseIDText):
//
//   - a backslash is written \\;
//   - a byte that is not part of valid UTF-8 (0xff, tabwriter's escape
//     byte, among them) is written \xNN (two lowercase hex digits);
//   - a rune that is not printable (unicode.IsPrint: the C0 and C1
//     controls, ESC of the ANSI sequences, newline, tab, DEL, the line and
//     paragraph separators, the bidirectional controls, ...) is written
//     as \xNN for each of its UTF-8 bytes;
//   - every other rune is written as is (the space included).
//
// An ID with none of these is written unchanged.
func IDText(id string) string {
	clean := true
	for _, r := range id {
		if r == '\\' || r == utf8.RuneError || !unicode.IsPrint(r) {
			clean = false
			break
		}
	}
	if clean {
		return id
	}
	var b strings.Builder
	const hex = "0123456789abcdef"
	for i := 0; i < len(id); {
		r, n := utf8.DecodeRuneInString(id[i:])
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case (r == utf8.RuneError && n == 1) || !unicode.IsPrint(r):
			for _, c := range []byte(id[i : i+n]) {
				b.WriteString(`\x`)
				b.WriteByte(hex[c>>4])
				b.WriteByte(hex[c&15])
			}
		default:
			b.WriteString(id[i : i+n])
		}
		i += n
	}
	return b.String()
}

// ParseIDText reverses IDText.
func ParseIDText(s string) (string, error) {
	if !strings.Contains(s, `\`) {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' {
			b.WriteByte(s[i])
			continue
		}
		switch {
		case i+1 < len(s) && s[i+1] == '\\':
			b.WriteByte('\\')
			i++
		case i+3 < len(s) && s[i+1] == 'x':
			v, err := strconv.ParseUint(s[i+2:i+4], 16, 8)
			if err != nil {
				return "", errors.New("endpoint ID: bad \\x escape")
			}
			b.WriteByte(byte(v))
			i += 3
		default:
			return "", errors.New("endpoint ID: lone backslash")
		}
	}
	return b.String(), nil
}
