package authfunnel

import "strings"

// ChannelOf classifies the TPP channel of a consent from its
// x-customer-user-agent header (Rule AF-3; CBB 2.5: "If the string cannot
// be mapped to a browser, then it will probably be a mobile app"): Web for
// a web browser, App for anything else, an absent or empty header
// included. It never returns the zero Channel and does not allocate.
//
// A browser is a user agent in the Mozilla/ (or legacy Opera/) family —
// Chrome, Firefox, Safari, Edge, Samsung Internet, Opera, on desktop and
// mobile — that is not an app's embedded web view:
//
//   - Android System WebView marks itself "; wv)": App;
//   - an iOS WKWebView has no "Safari/" token (every iOS browser, Chrome
//     "CriOS" and Firefox "FxiOS" included, has one): App.
//
// HTTP client stacks (okhttp, CFNetwork/Darwin, Dalvik, Alamofire, Dart,
// python-requests, curl, ...) are not browsers: App. The header is
// matched as sent (leading and trailing blanks ignored); prefixes are
// case-sensitive, as user agents are.
func ChannelOf(userAgent string) Channel {
	ua := strings.TrimSpace(userAgent)
	if !strings.HasPrefix(ua, "Mozilla/") && !strings.HasPrefix(ua, "Opera/") {
		return App
	}
	if strings.Contains(ua, "; wv)") {
		return App // Android WebView inside an app
	}
	if (strings.Contains(ua, "iPhone") || strings.Contains(ua, "iPad") || strings.Contains(ua, "iPod")) &&
		!strings.Contains(ua, "Safari/") {
		return App // iOS WKWebView inside an app
	}
	return Web
}
