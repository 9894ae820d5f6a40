// Command gateway is a small runnable API gateway measuring every call with
// the library: a reverse proxy on loopback in front of a stub bank backend,
// whose middleware (package measure) records each call into sharded
// accumulators (package live), and which serves today's KPIs live at /kpi.
//
//	go run ./examples/gateway              # gateway on 127.0.0.1:8080, 20 req/s of load
//	open http://127.0.0.1:8080/kpi
//	curl -H 'Accept: application/json' http://127.0.0.1:8080/kpi
//
// See README.md for what is measured when.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net/http"
	"os"
	"os/signal"
	"time"
	_ "time/tzdata" // the reporting zone without the system's zone database

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/examples/gateway/backend"
	"github.com/openfinance-kpi/kpi/examples/gateway/measure"
	"github.com/openfinance-kpi/kpi/examples/internal/callgen"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gateway:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("gateway", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:8080", "gateway listen address (the stub bank takes a free loopback port)")
	load := fs.Float64("load", 20, "built-in load generator, requests per second (0: off)")
	speed := fs.Float64("speed", 1, "stub bank latency scale (1: medians of 90-900 ms; 0: instant)")
	tz := fs.String("tz", "", "IANA zone of the reporting day (default: the profile's, Asia/Dubai)")
	outage := fs.String("outage-endpoint", "POST /payments", "endpoint the stub bank fails for a while (\"\": none)")
	outageAfter := fs.Duration("outage-after", 15*time.Second, "when the outage starts")
	outageFor := fs.Duration("outage-for", 10*time.Second, "how long it lasts")
	duration := fs.Duration("duration", 0, "stop after this long (0: until interrupted)")
	bodyRead := fs.Bool("received-at-body-read", false, "a request is received when its body has been read (default: when the handler starts)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	profile := benchmark.CBUAE()
	zone := profile.Zone
	if *tz != "" {
		zone = *tz
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return err
	}
	g, err := newGateway(gatewayConfig{
		addr: *addr, calendar: kpi.NewCalendar(loc), profile: profile,
		backend: backend.Config{Endpoints: callgen.CBUAE, Speed: *speed, ClientErrors: 0.02, ServerErrors: 0.003},
		measure: measure.Options{ReceivedAtBodyRead: *bodyRead},
		logger:  log.New(os.Stderr, "gateway: ", log.LstdFlags),
	})
	if err != nil {
		return err
	}
	log.Printf("gateway on %s (stub bank on %s), profile %s, day in %s", g.url, g.bank.URL, profile.Name, zone)
	log.Printf("KPIs: %s/kpi (HTML; JSON with Accept: application/json)", g.url)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if *duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, *duration)
		defer cancel()
	}
	if *outage != "" && *outageFor > 0 {
		go func() {
			select {
			case <-ctx.Done():
				return
			case <-time.After(*outageAfter):
			}
			if err := g.backend.Fail(*outage, time.Now().Add(*outageFor)); err != nil {
				log.Print(err)
				return
			}
			log.Printf("stub bank: %s answers 503 for %s (watch its uptime on /kpi)", *outage, *outageFor)
		}()
	}
	loadDone := make(chan struct{})
	go func() {
		defer close(loadDone)
		if *load > 0 {
			log.Printf("load generator: %g requests/s over %d endpoints", *load, len(callgen.CBUAE))
		}
		loadGen(ctx, g.url, *load, callgen.CBUAE, &http.Client{Timeout: 30 * time.Second})
	}()
	<-ctx.Done()
	<-loadDone
	snap := g.store.Snapshot(time.Now())
	log.Printf("today: %d calls, uptime %s %%, error rate %s %%", snap.Interface.Calls,
		num{snap.Interface.UptimePercent}, num{snap.Interface.ErrorRatePercent})
	return g.Close()
}
