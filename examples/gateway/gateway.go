package main

import (
	"context"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"time"

	"github.com/openfinance-kpi/kpi"
	"github.com/openfinance-kpi/kpi/benchmark"
	"github.com/openfinance-kpi/kpi/examples/gateway/backend"
	"github.com/openfinance-kpi/kpi/examples/gateway/live"
	"github.com/openfinance-kpi/kpi/examples/gateway/measure"
	"github.com/openfinance-kpi/kpi/examples/internal/callgen"
)

// gateway is the running example: a stub bank on loopback, and in front
// of it a reverse proxy wrapped in the measuring middleware, beside the
// /kpi status page.
type gateway struct {
	reg     *kpi.Registry
	store   *live.Store
	backend *backend.Backend
	bank    *httptest.Server // the stub bank on 127.0.0.1
	srv     *http.Server
	ln      net.Listener
	url     string // http://127.0.0.1:port
	now     func() time.Time
	done    chan error
}

// gatewayConfig is what newGateway needs.
type gatewayConfig struct {
	addr     string // "127.0.0.1:0" for any port
	calendar kpi.Calendar
	profile  benchmark.Profile
	backend  backend.Config
	measure  measure.Options // Registry and Records are filled in
	logger   *log.Logger     // nil: discard the proxy's and server's logs
	now      func() time.Time
	// observe, when set, sees every Sample after the Store has recorded
	// it (tests wait on it: Record runs after the client has its response).
	observe func(*measure.Sample)
}

// newGateway starts the stub bank and the gateway on loopback.
func newGateway(cfg gatewayConfig) (*gateway, error) {
	if cfg.backend.Endpoints == nil {
		cfg.backend.Endpoints = callgen.CBUAE
	}
	if cfg.now == nil {
		cfg.now = time.Now
	}
	logger := cfg.logger
	if logger == nil {
		logger = log.New(io.Discard, "", 0)
	}
	reg := &kpi.Registry{}
	for _, e := range cfg.backend.Endpoints {
		reg.Intern(e.ID)
	}
	g := &gateway{reg: reg, now: cfg.now, done: make(chan error, 1)}
	g.store = live.New(live.Config{Registry: reg, Calendar: cfg.calendar, Profile: cfg.profile})
	g.backend = backend.New(cfg.backend)
	g.bank = httptest.NewUnstartedServer(g.backend)
	g.bank.Config.ErrorLog = logger
	g.bank.Start()

	target, _ := url.Parse(g.bank.URL)
	proxy := &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(target)
			pr.SetXForwarded()
		},
		Transport: &http.Transport{
			Proxy:               nil,
			MaxIdleConns:        1024,
			MaxIdleConnsPerHost: 1024,
			IdleConnTimeout:     90 * time.Second,
		},
		ErrorLog: logger,
	}
	mopts := cfg.measure
	mopts.Registry = reg
	mopts.Records = measure.RecordsHeader(backend.RecordsHeader) // PF-PAGE-1: the stub bank says how many records
	var rec measure.Recorder = g.store
	if observe := cfg.observe; observe != nil {
		rec = measure.RecorderFunc(func(s *measure.Sample) {
			g.store.Record(s)
			observe(s)
		})
	}
	mux := http.NewServeMux()
	mux.Handle("/kpi", &statusPage{store: g.store, cache: live.NewCache(g.store, pageEvery), now: cfg.now})
	mux.Handle("/", measure.New(proxy, rec, mopts))

	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		g.bank.Close()
		return nil, err
	}
	g.ln = ln
	g.url = "http://" + ln.Addr().String()
	g.srv = &http.Server{Handler: mux, ErrorLog: logger, ReadHeaderTimeout: 10 * time.Second}
	go func() { g.done <- g.srv.Serve(ln) }()
	return g, nil
}

// Close stops the gateway, then the stub bank.
func (g *gateway) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err := g.srv.Shutdown(ctx)
	if serr := <-g.done; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	g.bank.Close()
	return err
}
