#!/bin/sh
# Runs the fuzz targets built in B (make fuzz): first every input of
# tests/fuzz/regress/TARGET/ once, as a regression test; then, when
# SECONDS is not 0, each target for SECONDS seconds, two at a time.  New
# inputs go to B/corpus/TARGET (the checked-in seeds are only read); a
# crash, leak, timeout or OOM fails the run, and its input is copied to
# tests/fuzz/regress/TARGET/.
# usage: run.sh B SECONDS TARGET...
set -u
b=$1 seconds=$2
shift 2
here=tests/fuzz
fail=

flags="-rss_limit_mb=2048 -timeout=10"

echo "== fuzz: replaying $here/regress"
for t in "$@"; do
	dir=$here/regress/$t
	[ -d "$dir" ] || continue
	files=$(find "$dir" -type f | sort)
	[ -n "$files" ] || continue
	# shellcheck disable=SC2086
	if "$b/fuzz_$t" $flags $files >"$b/regress-$t.log" 2>&1; then
		echo "fuzz_$t: $(echo "$files" | wc -l) regression inputs pass"
	else
		echo "fuzz_$t: a regression input fails: see $b/regress-$t.log" >&2
		tail -n 30 "$b/regress-$t.log" >&2
		fail="$fail $t"
	fi
done
if [ "$seconds" = 0 ]; then
	[ -z "$fail" ] || { echo "make fuzz-regress: failed:$fail" >&2; exit 1; }
	exit 0
fi

# One target for SECONDS: its status in B/logs/TARGET.status.
run_one() {
	t=$1
	dict=$here/$t.dict
	[ -f "$dict" ] || dict=$here/records.dict
	mkdir -p "$b/corpus/$t" "$b/artifacts/$t" "$b/logs"
	rm -f "$b/artifacts/$t"/*
	# shellcheck disable=SC2086
	"$b/fuzz_$t" $flags -max_total_time="$seconds" -max_len=8192 \
	    -print_final_stats=1 -dict="$dict" -artifact_prefix="$b/artifacts/$t/" \
	    "$b/corpus/$t" "$here/corpus/$t" >"$b/logs/$t.log" 2>&1
	echo $? >"$b/logs/$t.status"
}

echo "== fuzz: $seconds seconds a target, two at a time"
rm -rf "$b/logs"
while [ $# -gt 0 ]; do
	run_one "$1" &
	p1=$!
	p2=
	if [ $# -gt 1 ]; then
		run_one "$2" &
		p2=$!
		shift
	fi
	shift
	wait "$p1"
	[ -z "$p2" ] || wait "$p2"
done

for log in "$b"/logs/*.log; do
	t=${log##*/}
	t=${t%.log}
	status=$(cat "$b/logs/$t.status" 2>/dev/null || echo 1)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	[ -n "$execs" ] || execs=$(sed -n 's/^#\([0-9]*\).*DONE.*/\1/p' "$log" | tail -n 1)
	printf 'fuzz_%-10s %12s executions  status %s\n' "$t" "${execs:-?}" "$status"
	[ "$status" = 0 ] && continue
	fail="$fail $t"
	mkdir -p "$here/regress/$t"
	found=
	for a in "$b/artifacts/$t"/crash-* "$b/artifacts/$t"/leak-* \
	    "$b/artifacts/$t"/timeout-* "$b/artifacts/$t"/oom-*; do
		[ -f "$a" ] || continue
		cp "$a" "$here/regress/$t/"
		echo "fuzz_$t: the input is saved in $here/regress/$t/${a##*/}" >&2
		found=1
	done
	[ -n "$found" ] || echo "fuzz_$t: failed with no input saved" >&2
	grep -a -E -A 12 'ERROR|runtime error|fuzz_[a-z]*:|^derma-[a-z]*: .*[(]status' "$log" | head -n 40 >&2
done
[ -z "$fail" ] || { echo "make fuzz: failed:$fail (logs in $b/logs)" >&2; exit 1; }
