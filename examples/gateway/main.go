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
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
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
	err := run(os.Args[1:], os.Stderr)
	var usage usageError
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
	case errors.As(err, &usage):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "gateway:", err)
		os.Exit(1)
	}
}

// usageError is a flag value refused at startup (exit status 2, as for a
// flag that does not parse).
type usageError struct{ error }

// maxLoad is the most requests a second the load generator accepts: one
// per nanosecond tick is what time.NewTicker can do at all.
const maxLoad = 1e9

// flags are the command's settings.
type flags struct {
	addr, tz, outage             string
	load, speed                  float64
	outageAfter, outageFor, dura time.Duration
	goneDeadline                 time.Duration
	bodyRead                     bool
}

// check refuses values that would otherwise be silently off, panic later, or
// fail only when first used.
func (f *flags) check() error {
	switch {
	case !(f.load >= 0 && f.load <= maxLoad): // also NaN
		return fmt.Errorf("-load %g: want 0 (off) to %g requests/s", f.load, float64(maxLoad))
	case !(f.speed >= 0) || math.IsInf(f.speed, 0):
		return fmt.Errorf("-speed %g: want a finite scale >= 0 (0: instant)", f.speed)
	case f.outageAfter < 0:
		return fmt.Errorf("-outage-after %v: want >= 0", f.outageAfter)
	case f.outageFor < 0:
		return fmt.Errorf("-outage-for %v: want >= 0 (0: no outage)", f.outageFor)
	case f.dura < 0:
		return fmt.Errorf("-duration %v: want >= 0 (0: until interrupted)", f.dura)
	case f.goneDeadline < 0:
		return fmt.Errorf("-client-gone-deadline %v: want >= 0 (0: no deadline)", f.goneDeadline)
	}
	if f.outage != "" {
		known := false
		for _, e := range callgen.CBUAE {
			known = known || e.ID == f.outage
		}
		if !known {
			return fmt.Errorf("-outage-endpoint %q: not in the catalogue (the CBUAE standard's templates, e.g. %q)", f.outage, "POST /payments")
		}
	}
	return nil
}

func run(args []string, stderr io.Writer) error {
	var f flags
	fs := flag.NewFlagSet("gateway", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.addr, "addr", "127.0.0.1:8080", "gateway listen address (the stub bank takes a free loopback port)")
	fs.Float64Var(&f.load, "load", 20, "built-in load generator, requests per second (0: off; at most 1e9)")
	fs.Float64Var(&f.speed, "speed", 1, "stub bank latency scale (1: medians of 90-900 ms; 0: instant)")
	fs.StringVar(&f.tz, "tz", "", "IANA zone of the reporting day (default: the profile's, Asia/Dubai)")
	fs.StringVar(&f.outage, "outage-endpoint", "POST /payments", "endpoint template the stub bank fails for a while (\"\": none)")
	fs.DurationVar(&f.outageAfter, "outage-after", 15*time.Second, "when the outage starts")
	fs.DurationVar(&f.outageFor, "outage-for", 10*time.Second, "how long it lasts (0: no outage)")
	fs.DurationVar(&f.dura, "duration", 0, "stop after this long (0: until interrupted)")
	fs.DurationVar(&f.goneDeadline, "client-gone-deadline", 0, "a client that leaves a call that has run this long is the bank's failure (0: no deadline, a client leaving is never the bank's failure)")
	fs.BoolVar(&f.bodyRead, "received-at-body-read", false, "a request is received when its body has been read (default: when the handler starts)")
	if err := fs.Parse(args); err != nil {
		return usageError{err} // flag has printed it, with the usage
	}
	if err := f.check(); err != nil {
		fmt.Fprintln(stderr, "gateway:", err)
		fs.Usage()
		return usageError{err}
	}
	profile := benchmark.CBUAE()
	zone := profile.Zone
	if f.tz != "" {
		zone = f.tz
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return err
	}
	logger := log.New(stderr, "gateway: ", log.LstdFlags)
	g, err := newGateway(gatewayConfig{
		addr: f.addr, calendar: kpi.NewCalendar(loc), profile: profile,
		backend: backend.Config{Endpoints: callgen.CBUAE, Speed: f.speed, ClientErrors: 0.02, ServerErrors: 0.003},
		measure: measure.Options{ReceivedAtBodyRead: f.bodyRead, ClientGoneDeadline: f.goneDeadline},
		logger:  logger,
	})
	if err != nil {
		return err
	}
	logger.Printf("gateway on %s (stub bank on %s), profile %s, day in %s", g.url, g.bank.URL, profile.Name, zone)
	logger.Printf("KPIs: %s/kpi (HTML; JSON with Accept: application/json)", g.url)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if f.dura > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, f.dura)
		defer cancel()
	}
	if f.outage != "" && f.outageFor > 0 {
		go func() {
			select {
			case <-ctx.Done():
				return
			case <-time.After(f.outageAfter):
			}
			if err := g.backend.Fail(f.outage, time.Now().Add(f.outageFor)); err != nil {
				logger.Print(err)
				return
			}
			logger.Printf("stub bank: %s answers 503 for %s (watch its uptime on /kpi)", f.outage, f.outageFor)
		}()
	}
	loadDone := make(chan int)
	go func() {
		if f.load > 0 {
			logger.Printf("load generator: %g requests/s over %d endpoints", f.load, len(callgen.CBUAE))
		}
		loadDone <- loadGen(ctx, g.url, f.load, callgen.CBUAE, &http.Client{Timeout: 30 * time.Second})
	}()
	<-ctx.Done()
	stop() // a second interrupt ends the process at once
	if f.load > 0 {
		logger.Printf("stopping: the load generator waits for its requests in flight (at most 30 s)")
	}
	sent := <-loadDone
	// Close first: Shutdown waits for the handlers, so every call the load
	// generator made has been recorded (Record runs after the client has
	// its response).
	closeErr := g.Close()
	snap := g.store.Snapshot(time.Now())
	logger.Printf("today: %d calls (%d sent by the load generator), uptime %s %%, error rate %s %%",
		snap.Interface.Calls, sent, num(snap.Interface.UptimePercent), num(snap.Interface.ErrorRatePercent))
	if r := snap.Rejections.Total(); r > 0 {
		logger.Printf("not counted: %d calls rejected as bad input", r)
	}
	return closeErr
}
