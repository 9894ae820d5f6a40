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

// loadGen sends about rps requests a second to base, over the endpoints by
// their weights, until stop is done, and returns how many it sent. At most
// 256 are in flight. Stopping stops the issuing only: the requests in
// flight run to their end (each bounded by client's Timeout) before loadGen
// returns, so that a shutdown does not cancel them and the gateway does not
// record status-0 calls the demo caused itself. Then it closes client's
// idle connections: a connection dialled but never used stays "new" on
// the server, and http.Server.Shutdown waits 5 s before it counts such a
// connection as idle.
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
	defer client.CloseIdleConnections() // after wg.Wait: defers run last first
	defer wg.Wait()
	sent := 0
	for {
		select {
		case <-stop.Done():
			return sent
		case <-tick.C:
		}
		method, path := callgen.RequestLine(pick(), "a-"+strconv.Itoa(1+rnd.IntN(9999)))
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
