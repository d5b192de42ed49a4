# Command tests: records written as they came (issue 11; SPEC section 4,
# derma(5)).  Sourced by run.sh, whose harness and variables it uses.
# shellcheck shell=sh disable=SC2154,SC2034

# --- 30. properties of -f yaml, on every fixture and generated streams ----------

# tests/cmd/verbatim.py states the properties: (a) the output reads back
# (PyYAML) as the input's records with the tool's block, that of -f json;
# (b) a tool on its own output gives the same bytes; (c) -j 1 and -j 4
# the same bytes; (d) a spliced record less its block is its input less
# the old block, byte for byte, but for a "---" line added, the BOM
# dropped, a line end after a last line that had none; (e) a record that
# must go through the emitter loses its comments.  Each failure is one
# line naming the input, the tool and the property.
py=
for p in /usr/bin/python3 python3; do
	if command -v "$p" >/dev/null 2>&1 &&
	    "$p" -c 'import yaml; yaml.CSafeLoader' >/dev/null 2>&1; then
		py=$p
		break
	fi
done
if [ -n "$py" ]; then
	mkdir -p "$tmp/verbatim"
	find "$data" "$ex" -type f \( -name '*.yaml' -o -name '*.json' -o \
	    -name '*.jsonl' \) | LC_ALL=C sort >"$tmp/verbatim.list"
	# Streams of gen(1) of the bench too, when it is built.
	if [ -x "$root/build/bench/gen" ]; then
		"$root/build/bench/gen" 300 7 >"$tmp/verbatim/bench-gen.yaml"
		echo "$tmp/verbatim/bench-gen.yaml" >>"$tmp/verbatim.list"
	fi
	# shellcheck disable=SC2046 # one file a line, no blanks in their names
	"$py" "$here/verbatim.py" "$bin" "$D" "$tmp/verbatim" \
	    $(cat "$tmp/verbatim.list") >"$tmp/verbatim.out" 2>&1
	rc=$?
	grep '^FAIL ' "$tmp/verbatim.out" | while IFS= read -r l; do
		printf '%s\n' "$l"
	done
	nf=$(grep -c '^FAIL ' "$tmp/verbatim.out")
	if [ "$rc" -eq 0 ] && [ "$nf" -eq 0 ]; then
		ok
	else
		fail=$((fail + nf))
		[ "$nf" -gt 0 ] ||
		    bad "30 verbatim.py: exit status $rc: $(tail -n 1 "$tmp/verbatim.out")"
	fi
	rm -rf "$tmp/verbatim" "$tmp/verbatim.list" "$tmp/verbatim.out"
else
	skip "30 properties of -f yaml: no python3 with PyYAML's C loader"
fi
