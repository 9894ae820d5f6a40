// Command gensample writes the report command's embedded sample:
//
//	go run ./examples/gensample -dir examples/report/sample
//
// It writes calls.csv and planned.csv from callgen.Sample, and the month of
// consent journeys, user activity and TPP registrations around that week
// (consents.csv, users.csv, tpps.csv) from callgen.SampleMonth, and the platform
// records of January 2025 to November 2026 (platform.csv) from
// callgen.SamplePlatform, deterministically:
// the same source gives the same bytes, so the checked-in sample can be
// regenerated and compared.
//
// With -bench N it writes instead N generated calls over 40 endpoints and
// a week (callgen.Bench, the benchmarks' data) to calls.csv in -dir, for
// measuring the report at scale:
//
//	go run ./examples/gensample -bench 10000000 -dir /tmp/big
//
// -days spreads them over that many days instead of 7, so that a longer
// log can have the traffic's density of a shorter one (50,000,000 calls
// over 35 days are as dense as 10,000,000 over 7):
//
//	go run ./examples/gensample -bench 50000000 -days 35 -dir /tmp/big50long
//
// -nginx writes the -bench calls as an nginx access log instead, to
// access.log in -dir (callgen.WriteNginx), for the report's
// -input-format nginx -log-format "$(callgen.NginxFormat)":
//
//	go run ./examples/gensample -bench 5000000 -nginx -dir /tmp/nginx
package main

import (
	"bufio"
	"flag"
	"io"
	"log"
	"os"
	"path/filepath"

	"github.com/openfinance-kpi/kpi/examples/internal/callgen"
)

func main() {
	dir := flag.String("dir", "examples/report/sample", "output directory")
	bench := flag.Int("bench", 0, "write this many benchmark calls (callgen.Bench) instead of the sample")
	days := flag.Int("days", 7, "with -bench: the days the calls are spread over")
	nginx := flag.Bool("nginx", false, "with -bench: write them as an nginx access log (access.log; -log-format \""+callgen.NginxFormat+"\")")
	flag.Parse()
	cfg := callgen.Sample()
	if *bench > 0 {
		if *days < 1 {
			log.Fatal("gensample: -days must be at least 1")
		}
		cfg = callgen.Bench(*bench)
		cfg.Days, cfg.CallsPerDay = *days, *bench / *days
	}
	name, write := "calls.csv", callgen.Write
	if *nginx {
		if *bench == 0 {
			log.Fatal("gensample: -nginx writes the -bench calls: give -bench N")
		}
		name, write = "access.log", callgen.WriteNginx
	}
	f, err := os.Create(filepath.Join(*dir, name))
	if err != nil {
		log.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := write(w, cfg); err != nil {
		log.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	if *bench > 0 {
		return
	}
	if err := os.WriteFile(filepath.Join(*dir, "planned.csv"), []byte(callgen.PlannedCSV), 0o644); err != nil {
		log.Fatal(err)
	}
	f, err = os.Create(filepath.Join(*dir, "platform.csv"))
	if err != nil {
		log.Fatal(err)
	}
	if err := callgen.WritePlatform(f, callgen.SamplePlatform()); err != nil {
		log.Fatal(err)
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	for name, write := range map[string]func(io.Writer, callgen.Month) error{
		"consents.csv": callgen.WriteConsents, "users.csv": callgen.WriteUsers, "tpps.csv": callgen.WriteTPPs,
	} {
		f, err := os.Create(filepath.Join(*dir, name))
		if err != nil {
			log.Fatal(err)
		}
		if err := write(f, callgen.SampleMonth()); err != nil {
			log.Fatal(err)
		}
		if err := f.Close(); err != nil {
			log.Fatal(err)
		}
	}
}
