#!/bin/sh
# make bench: wall time, records/s, MB/s and peak RSS of the libyaml floors
# and of each derma tool, for 10,000, 100,000 and 1,000,000 records, with
# each tool's time as a ratio to its floor measured in the same run.
# usage: run.sh BUILD_DIR BIN_DIR [COUNTS...]
set -eu
build=$1 bin=$2
shift 2
counts=${*:-10000 100000 1000000}
tmp=${BENCH_TMP:-${TMPDIR:-/tmp}/derma-bench}
mkdir -p "$tmp"
date=2026-11-25

# Runs a command with its input from a file; prints "wall_s rss_kb".
measure() {
	in=$1
	shift
	/usr/bin/time -f '%e %M' -o "$tmp/time" "$@" <"$in" >/dev/null 2>"$tmp/stderr" || true
	tail -n 1 "$tmp/time"
}

printf '%-26s %9s %8s %10s %8s %9s %7s\n' tool records wall_s records/s MB/s RSS_MB ratio
for n in $counts; do
	in=$tmp/stream-$n.yaml
	[ -s "$in" ] || "$build/bench/gen" "$n" 42 >"$in"
	mb=$(wc -c <"$in" | awk '{printf "%.1f", $1 / 1048576}')
	floor_parse=
	floor_emit=
	for tool in floor-parse floor-emit screen-yaml screen-json screen-yaml-j1 \
	    screen-json-j1; do
		case $tool in
		floor-parse) set -- "$build/bench/floor-parse" ;;
		floor-emit) set -- "$build/bench/floor-emit" ;;
		screen-yaml) set -- "$bin/derma-screen" -d $date -f yaml ;;
		screen-json) set -- "$bin/derma-screen" -d $date -f json ;;
		screen-yaml-j1) set -- "$bin/derma-screen" -d $date -f yaml -j 1 ;;
		screen-json-j1) set -- "$bin/derma-screen" -d $date -f json -j 1 ;;
		esac
		r=$(measure "$in" "$@")
		wall=${r% *} rss=${r#* }
		case $tool in
		floor-parse) floor_parse=$wall ratio=1.00 ;;
		floor-emit) floor_emit=$wall ratio=1.00 ;;
		screen-json*) ratio=$(awk "BEGIN{printf \"%.2f\", $wall / $floor_parse}") ;;
		*) ratio=$(awk "BEGIN{printf \"%.2f\", $wall / $floor_emit}") ;;
		esac
		awk -v t="$tool" -v n="$n" -v w="$wall" -v r="$rss" -v mb="$mb" -v q="$ratio" 'BEGIN{
			w = w > 0 ? w : 0.01;
			printf "%-26s %9d %8.2f %10.0f %8.1f %9.1f %7s\n", t, n, w, n / w, mb / w, r / 1024, q }'
	done
done
echo "ratio: screen-json* to floor-parse; the others to floor-emit (parse and re-emit)."

# Start-up: loading the rules and vocabulary, for a cron job over one file.
runs=200
one=share/derma/examples/bram-devries.yaml
start=$(date +%s%N)
i=0
while [ $i -lt $runs ]; do
	"$bin/derma-screen" -d $date -f yaml "$one" >/dev/null
	i=$((i + 1))
done
end=$(date +%s%N)
awk -v ns=$((end - start)) -v n=$runs 'BEGIN{
	printf "start-up: %.2f ms a run (derma-screen on one record, %d runs)\n", ns / n / 1e6, n }'

