package main

import (
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/openfinance-kpi/kpi/examples/internal/callgen"
)

// pathOf fills a template's {Name} segments with a random id:
// "GET /accounts/{AccountID}/balances" gives "GET", "/accounts/a17/balances",
// "GET /payment-consents{ConsentId}" gives "/payment-consents17".
func pathOf(template string, rnd *rand.Rand) (method, path string) {
	method, path, _ = strings.Cut(template, " ")
	var b strings.Builder
	for {
		open := strings.IndexByte(path, '{')
		if open < 0 {
			b.WriteString(path)
			return method, b.String()
		}
		close := strings.IndexByte(path[open:], '}')
		if close < 0 {
			b.WriteString(path)
			return method, b.String()
		}
		b.WriteString(path[:open])
		if open > 0 && path[open-1] == '/' {
			b.WriteByte('a')
		}
		b.WriteString(strconv.Itoa(1 + rnd.IntN(9999)))
		path = path[open+close+1:]
	}
}

// loadGen sends about rps requests a second to base, over the endpoints by
// their weights, until stop is done, and returns how many it sent. At most
// 256 are in flight. Stopping stops the issuing only: the requests in
// flight run to their end (each bounded by client's Timeout) before loadGen
// returns, so that a shutdown does not cancel them and the gateway does not
// record status-0 calls the demo caused itself.
func loadGen(stop context.Context, base string, rps float64, eps []callgen.Endpoint, client *http.Client) int {
	if rps <= 0 || len(eps) == 0 {
		return 0
	}
	var total float64
	for _, e := range eps {
		total += e.Weight
	}
	rnd := rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	pick := func() string {
		u := rnd.Float64() * total
		for _, e := range eps {
			if u -= e.Weight; u < 0 {
				return e.ID
			}
		}
		return eps[len(eps)-1].ID
	}
	tick := time.NewTicker(max(time.Duration(float64(time.Second)/rps), 1))
	defer tick.Stop()
	sem := make(chan struct{}, 256)
	var wg sync.WaitGroup
	defer wg.Wait()
	sent := 0
	for {
		select {
		case <-stop.Done():
			return sent
		case <-tick.C:
		}
		method, path := pathOf(pick(), rnd)
		select {
		case sem <- struct{}{}:
		default:
			continue // saturated: skip this tick rather than queue
		}
		sent++
		wg.Go(func() {
			defer func() { <-sem }()
			var body io.Reader
			if method == http.MethodPost || method == http.MethodPatch {
				body = strings.NewReader(`{"amount":"10.00"}`)
			}
			// Not stop: a request in flight is let finish.
			req, err := http.NewRequest(method, base+path, body)
			if err != nil {
				return
			}
			resp, err := client.Do(req)
			if err != nil {
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		})
	}
}
