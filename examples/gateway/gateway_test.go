package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/examples/gateway/backend"
	"github.com/openfinance-kpi/kpi/examples/internal/callgen"
)

func startGateway(t *testing.T, bcfg backend.Config) *gateway {
	t.Helper()
	g, err := newGateway(gatewayConfig{
		addr: "127.0.0.1:0", calendar: kpi.NewCalendar(time.UTC), profile: benchmark.CBUAE(), backend: bcfg,
	})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, g.Close()) })
	return g
}

func get(t *testing.T, client *http.Client, url string) int {
	t.Helper()
	resp, err := client.Get(url)
	require.NoError(t, err)
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// Test1000ConcurrentCalls: 1,000 requests in flight at once through the
// proxy are all counted, once each (run with -race): 250 on each of four
// endpoints, 1,000 on the interface, none rejected.
func Test1000ConcurrentCalls(t *testing.T) {
	g := startGateway(t, backend.Config{Speed: 0})
	paths := []string{"/accounts", "/accounts/7/balances", "/payments/p1", "/payment-consents42"}
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 1000}}
	defer client.CloseIdleConnections()
	var wg sync.WaitGroup
	start := make(chan struct{})
	codes := make([]int, 1000)
	for i := range 1000 {
		wg.Go(func() {
			<-start
			resp, err := client.Get(g.url + paths[i%len(paths)])
			if err != nil {
				return // codes[i] stays 0 and fails the test below
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			codes[i] = resp.StatusCode
		})
	}
	close(start)
	wg.Wait()
	for i, c := range codes {
		require.Equal(t, 200, c, "request %d", i)
	}
	snap := g.store.Snapshot(time.Now())
	require.Equal(t, uint64(1000), snap.Interface.Calls)
	require.Zero(t, snap.Rejected.Total())
	got := map[string]uint64{}
	for _, f := range snap.Endpoints {
		got[f.Endpoint] = f.Calls
	}
	require.Equal(t, map[string]uint64{
		"GET /accounts": 250, "GET /accounts/{AccountID}/balances": 250,
		"GET /payments/{PaymentId}": 250, "GET /payment-consents{ConsentId}": 250,
	}, got)
	require.Equal(t, "0.000", snap.Interface.ErrorRatePercent.Format(3))
	require.Equal(t, "100.000", snap.Interface.UptimePercent.Format(3))
}

// TestClientGoneThroughProxy: the client gives up after 100 ms on a slow
// bank; the proxy's 502 never reaches it, and the call is recorded as status
// 0 (RULES §0): a failure, so the endpoint's clock is running (AV-CLOCK-3).
func TestClientGoneThroughProxy(t *testing.T) {
	g := startGateway(t, backend.Config{Speed: 100}) // medians of seconds
	client := &http.Client{Timeout: 100 * time.Millisecond}
	_, err := client.Get(g.url + "/accounts")
	require.Error(t, err)
	var snap = g.store.Snapshot(time.Now())
	for deadline := time.Now().Add(5 * time.Second); snap.Interface.Calls == 0 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond) // the gateway records when its handler returns
		snap = g.store.Snapshot(time.Now())
	}
	require.Equal(t, uint64(1), snap.Interface.Calls)
	require.True(t, snap.Endpoints[0].Down)
	require.Len(t, snap.Outages, 1)
	require.True(t, snap.Outages[0].Ongoing)
	require.Equal(t, "0.000", snap.Interface.ErrorRatePercent.Format(3), "ER-1 DEFAULT: a no-response is no 5xx")
}

// TestStatusPageJSON: /kpi with Accept: application/json.
func TestStatusPageJSON(t *testing.T) {
	g := startGateway(t, backend.Config{})
	for range 3 {
		require.Equal(t, 200, get(t, http.DefaultClient, g.url+"/accounts/1/balances"))
	}
	require.Equal(t, 404, get(t, http.DefaultClient, g.url+"/nowhere"))
	req, _ := http.NewRequest("GET", g.url+"/kpi", nil)
	req.Header.Set("Accept", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	var v struct {
		Profile   string `json:"profile"`
		Interface struct {
			Calls  uint64   `json:"calls"`
			Uptime *float64 `json:"uptime_percent"`
		} `json:"interface"`
		Endpoints []struct {
			Endpoint string   `json:"endpoint"`
			Calls    uint64   `json:"calls"`
			Avg      *float64 `json:"avg_ttlb_ms"`
		} `json:"endpoints"`
		Findings []struct {
			ID, Verdict string
		} `json:"findings"`
		Rejected map[string]uint64 `json:"rejected"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&v))
	require.Equal(t, "cbuae", v.Profile)
	require.Equal(t, uint64(3), v.Interface.Calls)
	require.NotNil(t, v.Interface.Uptime)
	require.Equal(t, 100.0, *v.Interface.Uptime)
	require.Len(t, v.Endpoints, 1)
	require.Equal(t, "GET /accounts/{AccountID}/balances", v.Endpoints[0].Endpoint)
	require.NotNil(t, v.Endpoints[0].Avg)
	require.NotEmpty(t, v.Findings)
	require.Equal(t, map[string]uint64{"endpoint not in the catalogue": 1}, v.Rejected)
}

// TestStatusPageChromium opens /kpi in headless Chromium and checks the
// rendered DOM shows the endpoints and figures.
func TestStatusPageChromium(t *testing.T) {
	var browser string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			browser = p
			break
		}
	}
	if browser == "" {
		t.Skip("no chromium, chromium-browser or google-chrome on PATH: .ci/run installs it with `apt-get install -y chromium`")
	}
	g := startGateway(t, backend.Config{})
	for range 4 {
		get(t, http.DefaultClient, g.url+"/accounts")
	}
	get(t, http.DefaultClient, g.url+"/payments/p9")
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-dev-shm-usage", "--user-data-dir="+t.TempDir(), "--dump-dom", g.url+"/kpi")
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, "chromium: %s", stderr.String())
	dom := string(out)
	for _, want := range []string{
		"Open-finance KPIs",
		`<tr class="all" data-endpoint="ALL"><td>ALL (interface)</td><td>5</td><td>100.000</td><td>0.000</td><td>0.000</td>`,
		`<tr data-endpoint="GET /accounts"><td>GET /accounts</td><td>4</td><td>100.000</td>`,
		`<tr data-endpoint="GET /payments/{PaymentId}"><td>GET /payments/{PaymentId}</td><td>1</td>`,
		"cbuae", "PASS",
	} {
		require.Contains(t, dom, want)
	}
	t.Logf("chromium rendered %d bytes of DOM", len(dom))
}

// TestPathOf: the load generator's paths match their templates.
func TestPathOf(t *testing.T) {
	g := startGateway(t, backend.Config{})
	for _, e := range callgen.CBUAE {
		m, p := pathOf(e.ID, rand.New(rand.NewPCG(1, 2)))
		got, ok := g.reg.Match(m, p)
		require.True(t, ok, "%s -> %s %s", e.ID, m, p)
		require.Equal(t, e.ID, g.reg.Name(got), fmt.Sprintf("%s %s", m, p))
	}
}
