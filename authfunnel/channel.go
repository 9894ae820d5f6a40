package authfunnel

import "strings"

// ChannelOf classifies the TPP channel of a consent from its
// x-customer-user-agent header (Rule AF-3; CBB 2.5: "If the string cannot
// be mapped to a browser, then it will probably be a mobile app"): Web for
// a customer's web browser, App for anything else, an absent or empty
// header included. It never returns the zero Channel and does not
// allocate. Tokens are matched case-insensitively, leading and trailing
// blanks ignored; a token starts at the beginning of the header or after
// a character that is not a letter.
//
// In order:
//
//  1. Not a customer's browser, App: headless browsers (HeadlessChrome),
//     bots and crawlers (a letter run that is or ends in "bot", "spider"
//     or "crawler": Googlebot, bingbot, Baiduspider, ...; "Cubot", a phone
//     brand, excepted), and Electron desktop apps.
//  2. In-app browsers of social apps, Web: FBAN, FBAV, FB_IAB (Facebook),
//     Instagram, Line/, "Twitter for iPhone". The customer follows a link
//     to the TPP's web site, rendered in a browser view.
//  3. Not in the Mozilla/ (or legacy Opera/) family, App: an app's HTTP
//     stack (okhttp, CFNetwork/Darwin, Dalvik, Alamofire, Dart,
//     python-requests, curl, a custom "MyTPP/3.2 (Android 14)" ...).
//  4. Embedded web views of a TPP's own app, App: Android System WebView
//     ("; wv)"), and an iOS WKWebView (iPhone, iPad or iPod without a
//     "Safari/" token, which every iOS browser has, CriOS and FxiOS
//     included).
//  5. Otherwise Web: Chrome, Firefox, Safari, Edge, Samsung Internet,
//     Opera, Internet Explorer, on desktop and mobile.
func ChannelOf(userAgent string) Channel {
	ua := strings.TrimSpace(userAgent)
	switch {
	case hasToken(ua, "headlesschrome"), hasToken(ua, "electron/"), isBot(ua):
		return App
	case hasToken(ua, "fban"), hasToken(ua, "fbav"), hasToken(ua, "fb_iab"), hasToken(ua, "instagram"),
		hasToken(ua, "line/"), hasToken(ua, "twitter for iphone"):
		return Web
	case !hasPrefixFold(ua, "mozilla/") && !hasPrefixFold(ua, "opera/"):
		return App
	case containsFold(ua, "; wv)"):
		return App // Android WebView inside an app
	case (hasToken(ua, "iphone") || hasToken(ua, "ipad") || hasToken(ua, "ipod")) && !hasToken(ua, "safari/"):
		return App // iOS WKWebView inside an app
	}
	return Web
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// hasPrefixFold reports whether s starts with p (lower-case ASCII),
// ignoring ASCII case.
func hasPrefixFold(s, p string) bool {
	if len(s) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		if lower(s[i]) != p[i] {
			return false
		}
	}
	return true
}

// containsFold reports whether s contains p (lower-case ASCII), ignoring
// ASCII case.
func containsFold(s, p string) bool {
	for i := 0; i+len(p) <= len(s); i++ {
		if hasPrefixFold(s[i:], p) {
			return true
		}
	}
	return false
}

// hasToken reports whether s contains p (lower-case ASCII), ignoring
// ASCII case, at the start of s or after a character that is not a
// letter.
func hasToken(s, p string) bool {
	for i := 0; i+len(p) <= len(s); i++ {
		if (i == 0 || !isLetter(s[i-1])) && hasPrefixFold(s[i:], p) {
			return true
		}
	}
	return false
}

// isBot reports whether a letter run of s is or ends in "bot", "spider"
// or "crawler" (ASCII case ignored), other than "cubot".
func isBot(s string) bool {
	for i := 0; i < len(s); {
		if !isLetter(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isLetter(s[j]) {
			j++
		}
		w := s[i:j]
		for _, suf := range [...]string{"bot", "spider", "crawler"} {
			if len(w) >= len(suf) && hasPrefixFold(w[len(w)-len(suf):], suf) &&
				!(len(w) == 5 && hasPrefixFold(w, "cubot")) {
				return true
			}
		}
		i = j
	}
	return false
}
