package authfunnel

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Rule AF-3: real x-customer-user-agent strings, browser = Web, anything
// else (an app's HTTP stack, an embedded web view, nothing) = App.
var userAgents = []struct {
	name string
	ua   string
	want Channel
}{
	{"Chrome desktop Windows", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", Web},
	{"Chrome desktop macOS", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36", Web},
	{"Chrome Android", "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36", Web},
	{"Chrome iOS", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1", Web},
	{"Firefox desktop", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0", Web},
	{"Firefox Linux", "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:124.0) Gecko/20100101 Firefox/124.0", Web},
	{"Firefox Android", "Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0", Web},
	{"Firefox iOS", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/125.0 Mobile/15E148 Safari/605.1.15", Web},
	{"Safari macOS", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15", Web},
	{"Safari iPhone", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1", Web},
	{"Safari iPad", "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1", Web},
	{"Edge desktop", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.67", Web},
	{"Edge Android", "Mozilla/5.0 (Linux; Android 10; HD1913) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36 EdgA/124.0.2478.64", Web},
	{"Samsung Internet", "Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36", Web},
	{"Opera desktop", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 OPR/108.0.0.0", Web},
	{"Opera Mini legacy", "Opera/9.80 (J2ME/MIDP; Opera Mini/9.80 (S60; SymbOS; Opera Mobi/23.348; U; en) Presto/2.5.25 Version/10.54", Web},
	{"Internet Explorer 11", "Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko", Web},
	{"blanks around a browser", "  Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0 ", Web},

	{"okhttp", "okhttp/4.12.0", App},
	{"okhttp old", "okhttp/3.14.9", App},
	{"CFNetwork Darwin", "MyBankTPP/5.2.1 CFNetwork/1494.0.7 Darwin/23.4.0", App},
	{"CFNetwork bare", "CFNetwork/1240.0.4 Darwin/20.6.0", App},
	{"Dalvik", "Dalvik/2.1.0 (Linux; U; Android 13; Pixel 7 Build/TQ3A.230805.001)", App},
	{"Alamofire", "BudgetApp/3.4 (com.example.budget; build:812; iOS 17.4.1) Alamofire/5.9.1", App},
	{"Dart", "Dart/3.3 (dart:io)", App},
	{"python-requests", "python-requests/2.31.0", App},
	{"curl", "curl/8.4.0", App},
	{"Java HttpClient", "Java-http-client/17.0.10", App},
	{"Android WebView", "Mozilla/5.0 (Linux; Android 13; SM-A536B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36", App},
	{"iOS WKWebView", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148", App},
	{"absent header", "", App},
	{"blank header", "   ", App},
}

func TestChannelOfRealUserAgents(t *testing.T) { // Rule AF-3
	require.GreaterOrEqual(t, len(userAgents), 20)
	for _, tc := range userAgents {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, ChannelOf(tc.ua), tc.ua)
		})
	}
}

func TestChannelOfDoesNotAllocate(t *testing.T) { // Rule AF-3
	for _, tc := range userAgents {
		allocs := testing.AllocsPerRun(100, func() { _ = ChannelOf(tc.ua) })
		require.Zero(t, allocs, tc.name)
	}
}
