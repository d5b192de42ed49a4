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

# Runs a command with its input from file $1 and its output to $out (or
# nowhere); prints "wall_s rss_kb": the best wall time of $runs runs and
# the peak RSS of the last.
measure() {
	in=$1
	shift
	best='' rss=''
	i=0
	while [ $i -lt "$runs" ]; do
		/usr/bin/time -f '%e %M' -o "$tmp/time" "$@" <"$in" \
		    >"${out:-/dev/null}" 2>"$tmp/stderr" || true
		r=$(tail -n 1 "$tmp/time")
		rss=${r#* }
		best=$(awk -v a="$best" -v b="${r% *}" \
		    'BEGIN{print (a == "" || b + 0 < a + 0) ? b : a}')
		i=$((i + 1))
	done
	echo "$best $rss"
}

# One line of the table: tool records wall_s rss_kb mb ratio matched
# parse (the ratio to floor-parse, the issue's yardstick).
row() {
	awk -v t="$1" -v n="$2" -v w="$3" -v r="$4" -v mb="$5" -v q="$6" \
	    -v m="$7" -v p="${8:--}" 'BEGIN{
		w = w > 0 ? w : 0.01;
		printf "%-18s %9d %8.2f %10.0f %7.1f %7.1f %6s %8s %6s\n", t, n, w,
		    n / w, mb / w, r / 1024, q, m, p }'
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a / (b > 0 ? b : 0.01)}'
}

printf '%-18s %9s %8s %10s %7s %7s %6s %8s %6s\n' tool records wall_s \
    records/s MB/s RSS_MB ratio matched parse
for n in $counts; do
	in=$tmp/stream-$n.yaml
	[ -s "$in" ] || "$build/bench/gen" "$n" 42 >"$in"
	mb=$(wc -c <"$in" | awk '{printf "%.1f", $1 / 1048576}')
	# Best of three runs; one is enough for the longest streams.
	runs=3
	[ "$n" -le 100000 ] || runs=1

	# derma-screen's own output: the same records with their block.
	screened=$tmp/out-$n.yaml
	out=$screened
	runs_was=$runs runs=1
	measure "$in" "$bin/derma-screen" -d $date -f yaml >/dev/null
	out='' runs=$runs_was

	# The floors over the input, and over that output.
	r=$(measure "$in" "$build/bench/floor-parse"); fp=${r% *} fp_rss=${r#* }
	r=$(measure "$in" "$build/bench/floor-emit"); fe=${r% *} fe_rss=${r#* }
	r=$(measure "$in" "$build/bench/floor-json"); fj=${r% *} fj_rss=${r#* }
	r=$(measure "$screened" "$build/bench/floor-parse"); op=${r% *}
	r=$(measure "$screened" "$build/bench/floor-emit"); oe=${r% *}
	r=$(measure "$screened" "$build/bench/floor-json"); oj=${r% *}
	# The matched floors: parse what comes in, write what goes out.
	me=$(awk -v a="$fp" -v b="$oe" -v c="$op" 'BEGIN{print a + b - c}')
	mj=$(awk -v a="$fp" -v b="$oj" -v c="$op" 'BEGIN{print a + b - c}')

	row floor-parse "$n" "$fp" "$fp_rss" "$mb" 1.00 -
	row floor-emit "$n" "$fe" "$fe_rss" "$mb" 1.00 -
	row floor-json "$n" "$fj" "$fj_rss" "$mb" 1.00 -
	# derma's reader alone: the part of every ratio that is not a tool's.
	r=$(measure "$in" "$build/bench/reader")
	row reader "$n" "${r% *}" "${r#* }" "$mb" "$(ratio "${r% *}" "$fp")" - \
	    "$(ratio "${r% *}" "$fp")"
	# Every record tool, -f yaml and -f json, at the default -j and -j 1.
	for tool in screen-yaml screen-json screen-yaml-j1 screen-json-j1 \
	    screen-yaml-j2 plan-yaml plan-json plan-yaml-j1 plan-json-j1 \
	    aftercare-yaml aftercare-json aftercare-yaml-j1 aftercare-json-j1; do
		what=${tool%%-*} how=${tool#*-}
		case $how in
		yaml) set -- -f yaml ;;
		json) set -- -f json ;;
		yaml-j1) set -- -f yaml -j 1 ;;
		json-j1) set -- -f json -j 1 ;;
		yaml-j2) set -- -f yaml -j 2 ;;
		esac
		r=$(measure "$in" "$bin/derma-$what" -d $date "$@")
		wall=${r% *}
		case $tool in
		*json*) floor=$fj matched=$mj ;;
		*) floor=$fe matched=$me ;;
		esac
		# The matched floor is derma-screen's output: only its rows.
		[ "$what" = screen ] || matched=''
		row "$tool" "$n" "$wall" "${r#* }" "$mb" "$(ratio "$wall" "$floor")" \
		    "${matched:+$(ratio "$wall" "$matched")}" "$(ratio "$wall" "$fp")"
	done
	# derma-report writes no records: its floor is floor-parse.
	for tool in report-text report-csv report-json report-markdown \
	    report-html report-j1 report-course report-course-j1; do
		case $tool in
		report-j1) set -- -f text -j 1 ;;
		report-course) set -- course -f text ;;
		report-course-j1) set -- course -f text -j 1 ;;
		*) set -- -f "${tool#report-}" ;;
		esac
		r=$(measure "$in" "$bin/derma-report" -d $date "$@")
		row "$tool" "$n" "${r% *}" "${r#* }" "$mb" "$(ratio "${r% *}" "$fp")" - \
		    "$(ratio "${r% *}" "$fp")"
	done
	# shellcheck disable=SC2016 # expanded by the inner sh
	r=$(measure "$in" sh -c '"$1/derma-screen" -d "$2" | "$1/derma-plan" -d "$2"' \
	    sh "$bin" $date)
	row pipe-screen-plan "$n" "${r% *}" "${r#* }" "$mb" "$(ratio "${r% *}" "$fp")" - \
	    "$(ratio "${r% *}" "$fp")"
	# shellcheck disable=SC2016 # expanded by the inner sh
	r=$(measure "$in" sh -c '"$1/derma-screen" -d "$2" | "$1/derma-plan" -d "$2" |
	    "$1/derma-aftercare" -d "$2" | "$1/derma-report" -d "$2"' sh "$bin" $date)
	row pipe-to-report "$n" "${r% *}" "${r#* }" "$mb" "$(ratio "${r% *}" "$fp")" - \
	    "$(ratio "${r% *}" "$fp")"
	rm -f "$screened"
done
cat <<'EOF'
ratio: to the floor over the same input: floor-emit (parse and re-emit
  every event) for -f yaml, floor-json (parse and write every event as
  JSON Lines) for -f json.
matched: to a floor that parses the input and writes what derma-screen
  writes, its screening block included: floor-parse, plus floor-emit (or
  floor-json) less floor-parse, both run over derma-screen's output.
parse: to floor-parse (parse only, write nothing), for every row.
reader: derma's splitter and parser alone, each record built as its tree
  and dropped (-j 1), to floor-parse: what every tool's -j 1 ratio holds
  before the tool's own work.
derma-plan and derma-aftercare rows: the same input as derma-screen's.
derma-report (report-*, with the default -j unless -j1): ratio to
  floor-parse, as it writes no records; pipe-screen-plan is derma-screen |
  derma-plan, to floor-parse; pipe-to-report is derma-screen |
  derma-plan | derma-aftercare | derma-report (its RSS: the largest).
Times are the best of 3 runs (of 1 above 100,000 records).
EOF

# Memory, where input could make it grow: "%YAML 1.1" before every
# document (the splitter must still cut the stream), and records of 15 MB
# each at -j 8 (the pool is bounded in bytes, not in chunks).
runs=1 out=''
n=${counts%% *}
in=$tmp/stream-$n.yaml
sed 's/^---$/%YAML 1.1\n---/' "$in" >"$tmp/directives.yaml"
plain=$(measure "$in" "$bin/derma-screen" -d $date -j 8)
dirs=$(measure "$tmp/directives.yaml" "$bin/derma-screen" -d $date -j 8)
awk -v a="${plain#* }" -v b="${dirs#* }" -v n="$n" 'BEGIN{
	printf "memory: %d records, -j 8: %.1f MB peak; with %%YAML before each: %.1f MB\n",
	    n, a / 1024, b / 1024 }'
rm -f "$tmp/directives.yaml"
awk 'BEGIN { for (r = 0; r < 16; r++) {
	printf "---\nid: P-%d\nskin: {fitzpatrick: 2, concerns: [wrinkles]}\nnotes:\n", r
	for (i = 0; i < 195000; i++)
		printf "- note %06d of a long record, padded with words to be a hundred\n", i } }' >"$tmp/big.yaml"
for j in 1 8; do
	r=$(measure "$tmp/big.yaml" "$bin/derma-screen" -d $date -j $j)
	awk -v r="${r#* }" -v w="${r% *}" -v j=$j 'BEGIN{
		printf "memory: 16 records of 15 MB, -j %d: %.1f MB peak, %.2f s\n",
		    j, r / 1024, w }'
done
rm -f "$tmp/big.yaml"

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
