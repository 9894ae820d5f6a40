#!/usr/bin/env bash
# Whole-process comparison of the report command with DuckDB (this
# directory's program) on gensample's benchmark calls:
#
#   examples/duckdb/run.sh                 # 1M and 10M rows, 3 runs each, threads = nproc
#   ROWS="1000000" RUNS=5 THREADS=1 examples/duckdb/run.sh
#
# For each size it generates the calls, runs the report (-rules cbuae
# -tz UTC -out), checks that DuckDB's figures equal daily.csv's columns
# (it stops on any difference), then times both, interleaved, with the
# same thread count (GOMAXPROCS for the report, SET threads for DuckDB),
# each reading the CSV from the page cache and writing its figures. It
# prints every run (wall s, user s, sys s, max RSS KiB, load average)
# and the medians. Needs cgo: DuckDB's Go client links its static
# library, which the module proxy serves.
set -euo pipefail
cd "$(dirname "$0")"
ROWS=${ROWS:-"1000000 10000000"}
RUNS=${RUNS:-3}
THREADS=${THREADS:-$(nproc)}
WORK=${WORK:-${TMPDIR:-/tmp}/kpi-duckdb}
mkdir -p "$WORK/bin"
go build -o "$WORK/bin/duckdb" .
(cd ../.. && go build -o "$WORK/bin/report" ./examples/report && go build -o "$WORK/bin/gensample" ./examples/gensample)
echo "# $(go version); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'); $(nproc) cores; threads $THREADS; $(date -u +%Y-%m-%dT%H:%MZ)"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for n in $ROWS; do
	dir="$WORK/$n"
	mkdir -p "$dir/out"
	[ -s "$dir/calls.csv" ] || "$WORK/bin/gensample" -bench "$n" -dir "$dir" >/dev/null
	"$WORK/bin/report" -rules cbuae -tz UTC -out "$dir/out" "$dir/calls.csv" >/dev/null 2>&1
	"$WORK/bin/duckdb" -csv "$dir/calls.csv" -check "$dir/out/daily.csv" -threads "$THREADS"
	: > "$dir/times"
	for i in $(seq "$RUNS"); do
		for who in report duckdb; do
			load=$(cut -d' ' -f1 /proc/loadavg)
			if [ $who = report ]; then
				GOMAXPROCS=$THREADS /usr/bin/time -f "report $n %e %U %S %M load=$load" -a -o "$dir/times" \
					"$WORK/bin/report" -rules cbuae -tz UTC -format csv "$dir/calls.csv" >/dev/null 2>&1
			else
				/usr/bin/time -f "duckdb $n %e %U %S %M load=$load" -a -o "$dir/times" \
					"$WORK/bin/duckdb" -csv "$dir/calls.csv" -threads "$THREADS" >/dev/null
			fi
		done
	done
	cat "$dir/times"
	for who in report duckdb; do
		echo "$who $n rows: median wall $(grep "^$who " "$dir/times" | cut -d' ' -f3 | median) s, user $(grep "^$who " "$dir/times" | cut -d' ' -f4 | median) s, max RSS $(grep "^$who " "$dir/times" | cut -d' ' -f6 | median) KiB"
	done
done
echo "# load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
