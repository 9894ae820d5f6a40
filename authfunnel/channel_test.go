package authfunnel

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// Rule AF-3: real x-customer-user-agent strings, browser = Web, anything
// else (an app's HTTP stack, an app's embedded web view, a bot, a headless
// or Electron browser, nothing) = App; the in-app browsers of social apps
// are Web.
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
	{"Android app, custom user agent", "MyBankTPP/3.2.1 (Android 14; Pixel 8)", App},
	{"Android app, custom user agent, lower case", "mytpp/1.0 (linux; android 12)", App},

	// Not a customer's browser: headless, bots and crawlers, Electron apps.
	{"HeadlessChrome", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.109 Safari/537.36", App},
	{"Googlebot", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", App},
	{"Googlebot smartphone", "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.118 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", App},
	{"bingbot", "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", App},
	{"Baiduspider", "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)", App},
	{"Bytespider", "Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)", App},
	{"MJ12bot", "Mozilla/5.0 (compatible; MJ12bot/v1.4.8; http://mj12bot.com/)", App},
	{"a crawler", "Mozilla/5.0 (compatible; proximic; +https://www.comscore.com/Web-Crawler)", App},
	{"Electron app", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Slack/4.36.140 Chrome/120.0.6099.56 Electron/28.0.0 Safari/537.36", App},

	// In-app browsers of social apps: the TPP's web site in a browser view.
	{"Facebook iOS", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/456.0.0.38.108;FBBV/580095720;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.4;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/582374516]", Web},
	{"Facebook Android", "Mozilla/5.0 (Linux; Android 14; SM-S918B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/460.0.0.48.109;]", Web},
	{"Instagram iOS", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 326.0.3.18.97 (iPhone14,2; iOS 17_4_1; en_US; en; scale=3.00; 1170x2532; 587829284)", Web},
	{"Instagram Android", "Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230805.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36 Instagram 326.0.0.42.90 Android (33/13; 420dpi; 1080x2400; Google/google; Pixel 7; panther; panther; en_US; 581375563)", Web},
	{"LINE iOS", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari Line/14.5.0", Web},
	{"Twitter for iPhone", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Twitter for iPhone/10.38", Web},

	// Case-insensitive tokens; a phone brand that ends in "bot".
	{"browser, lower case", "mozilla/5.0 (windows nt 10.0; win64; x64) applewebkit/537.36 (khtml, like gecko) chrome/124.0.0.0 safari/537.36", Web},
	{"Android WebView, upper case", "MOZILLA/5.0 (LINUX; ANDROID 13; SM-A536B; WV) APPLEWEBKIT/537.36 (KHTML, LIKE GECKO) VERSION/4.0 CHROME/124.0 MOBILE SAFARI/537.36", App},
	{"Cubot phone, Chrome", "Mozilla/5.0 (Linux; Android 11; CUBOT X50) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36", Web},
	{"offline is not LINE", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Offline/1.0", App},

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
