#!/usr/bin/env bash
# The library's benchmark suite: runs every family beside its baseline, keeps
# the raw output, prints benchstat's table (kpi column beside baseline) and
# each kpi figure as a multiple of its same-run baseline.
#
#   examples/internal/perfsuite/run.sh            # COUNT=6, about 2.5 minutes
#   COUNT=10 OUT=/tmp/perf.txt examples/internal/perfsuite/run.sh
#
# Needs only Go: benchstat comes through the module proxy at a pinned
# version and does not touch go.mod. The report pipeline runs on one core
# (-cpu 1), as its 1,000,000 rows/s target says, 5 iterations a sample
# (one takes about half a second).
set -euo pipefail

cd "$(dirname "$0")/../../.."
COUNT=${COUNT:-6}
OUT=${OUT:-${TMPDIR:-/tmp}/perfsuite-bench.txt}
BENCHSTAT=${BENCHSTAT:-golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da}

{
	echo "# $(go version); $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ //'); $(nproc 2>/dev/null) cores; load average $(cut -d" " -f1-3 /proc/loadavg 2>/dev/null); $(date -u +%Y-%m-%dT%H:%MZ)"
	go test -run '^$' -bench . -count "$COUNT" ./examples/internal/perfsuite/
	go test -run '^$' -bench Pipeline -cpu 1 -benchtime 5x -count "$COUNT" ./examples/report/
} | tee "$OUT"

echo
echo "== benchstat -col /impl (the kpi column's delta is its cost over the baseline)"
go run "$BENCHSTAT" -col /impl "$OUT" || echo "(benchstat failed; the ratios below do not need it)"

echo
echo "== ratio to the same-run baseline (medians of $COUNT runs; raw output in $OUT)"
go run ./examples/internal/perfsuite/ratio < "$OUT"
echo
echo "(load average at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown); took $((SECONDS / 60)) min $((SECONDS % 60)) s)"
