// Command ratio reads `go test -bench` output (several -count runs, several
// packages) and prints, for every benchmark family with an impl=baseline
// sub-benchmark, the median of each metric of every other impl beside the
// baseline's median ns/op and their ratio ("x baseline"). Every family's
// baseline is in its kpi side's unit (per call, per merge or per day), so
// the ratio reads "costs N times the plain code doing the same job".
// Metrics that are not timings (B/op, allocs/op, rows/s, B/endpoint-day...)
// are printed as they are, the other metrics (rows/s...) as the median with
// the [min-max] range of the runs beside it when they differ. It is the
// plain reading of benchstat's table that the targets ask for.
//
//	go run ./examples/internal/perfsuite/ratio < bench.txt
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// name: BenchmarkFamily/impl=xxx-2 (the -N suffix is GOMAXPROCS, absent at 1)
var nameRE = regexp.MustCompile(`^(Benchmark[^/\s]+?)(?:/(.*?))?(?:-\d+)?$`)

type key struct{ family, impl string }

func main() {
	if err := run(os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "ratio:", err)
		os.Exit(1)
	}
}

func run(r io.Reader, w io.Writer) error {
	values := map[key]map[string][]float64{}
	var order []key
	var units []string
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		m := nameRE.FindStringSubmatch(f[0])
		if m == nil {
			continue
		}
		k := key{m[1], "impl=kpi"}
		if m[2] != "" {
			k.impl = m[2]
		}
		if values[k] == nil {
			values[k] = map[string][]float64{}
			order = append(order, k)
		}
		for i := 2; i+1 < len(f); i += 2 { // f[1] is the iteration count
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			values[k][f[i+1]] = append(values[k][f[i+1]], v)
			if !slices.Contains(units, f[i+1]) {
				units = append(units, f[i+1])
			}
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if len(order) == 0 {
		return fmt.Errorf("no benchmark lines on standard input")
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "family\timpl\tns/op\tbaseline ns/op\tx baseline\tB/op\tallocs/op\tother\truns\t")
	for _, k := range order {
		if k.impl == "impl=baseline" {
			continue
		}
		v := values[k]
		ns := median(v["ns/op"])
		base, ratio := "-", "-"
		if b, ok := values[key{k.family, "impl=baseline"}]; ok {
			bns := median(b["ns/op"])
			base = fmt.Sprintf("%.2f", bns)
			ratio = fmt.Sprintf("%.1fx", ns/bns)
		}
		var other []string
		for _, u := range units {
			if u == "ns/op" || u == "B/op" || u == "allocs/op" || u == "MB/s" || len(v[u]) == 0 {
				continue
			}
			other = append(other, fmt.Sprintf("%s%s %s", format(median(v[u])), spread(v[u]), u))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t\n", strings.TrimPrefix(k.family, "Benchmark"), strings.TrimPrefix(k.impl, "impl="),
			format(ns), base, ratio, formatOr(v["B/op"]), formatOr(v["allocs/op"]), strings.Join(other, ", "), len(v["ns/op"]))
	}
	return tw.Flush()
}

// formatOr formats the median of xs, or "-" when there is none.
func formatOr(xs []float64) string {
	if len(xs) == 0 {
		return "-"
	}
	return format(median(xs))
}

// spread is " [min-max]" of xs, or "" when all are equal.
func spread(xs []float64) string {
	lo, hi := slices.Min(xs), slices.Max(xs)
	if lo == hi {
		return ""
	}
	return fmt.Sprintf(" [%s-%s]", format(lo), format(hi))
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func format(v float64) string {
	switch {
	case v == float64(int64(v)):
		return strconv.FormatInt(int64(v), 10)
	case v >= 100_000:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 1, 64)
	default:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
}
