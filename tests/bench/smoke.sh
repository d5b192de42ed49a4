#!/bin/sh
# make check: the bench programs build and agree on a small stream, so
# that make bench, which CI does not run, cannot rot unseen.
# usage: smoke.sh BUILD_DIR
set -eu
b=$1
tmp=$(mktemp -d "${TMPDIR:-/tmp}/derma-smoke.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail=0

# expect WHAT WANT GOT
expect() {
	if [ "$2" = "$3" ]; then
		echo "ok: $1"
	else
		echo "FAIL: $1: expected '$2', got '$3'"
		fail=1
	fi
}

"$b/bench/gen" 200 7 >"$tmp/s.yaml"
"$b/bench/floor-parse" <"$tmp/s.yaml" 2>"$tmp/err"
expect "floor-parse counts the documents" "floor-parse: 200 documents" \
    "$(cat "$tmp/err")"
"$b/bench/reader" <"$tmp/s.yaml" 2>"$tmp/err"
expect "reader counts the records" "reader: 200 records" "$(cat "$tmp/err")"
"$b/bench/floor-emit" <"$tmp/s.yaml" >"$tmp/e.yaml"
"$b/bench/floor-parse" <"$tmp/e.yaml" 2>"$tmp/err"
expect "floor-emit writes every document" "floor-parse: 200 documents" \
    "$(cat "$tmp/err")"
"$b/bench/floor-json" <"$tmp/s.yaml" >"$tmp/j.json" 2>/dev/null
expect "floor-json writes a line a document" 200 \
    "$(wc -l <"$tmp/j.json" | tr -d ' ')"
st=0
printf 'id: P-1\n---\nid: [\n' | "$b/bench/reader" 2>"$tmp/err" || st=$?
expect "reader: invalid YAML is exit 65" 65 "$st"
expect "reader: the record before it counted" "reader: 1 records" \
    "$(tail -n 1 "$tmp/err")"
exit $fail
