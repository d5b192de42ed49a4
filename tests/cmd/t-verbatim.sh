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
	# Under valgrind, a tool run takes a second, and these properties are
	# of bytes, which the other runs check in full: the examples and four
	# generated streams (over a thousand runs otherwise).
	if [ "${VALGRIND:-0}" = 1 ]; then
		find "$ex" -type f -name '*.yaml' | LC_ALL=C sort >"$tmp/verbatim.list"
		VERBATIM_SEEDS=${VERBATIM_SEEDS:-4}
		export VERBATIM_SEEDS
	# Streams of gen(1) of the bench too, when it is built.
	elif [ -x "$root/build/bench/gen" ]; then
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

# --- 31. records the splice cannot take, among records it can ------------------

# vb_check NAME FILE LOST: FILE's records come out through derma-screen:
# the comment LOST (the fallback record's) is gone, the comments
# "# kept-before" and "# kept-after" of the records around it stay, the
# data are those of the input (-f json of the output is -f json of the
# input), and the output reads back as itself.
vb_check() {
	run "$ds" -d "$D" "$2"
	status "$1" 0
	empty "$1: stderr" "$err"
	lacks "$1: the record through the emitter: its comment lost" "$out" "$3"
	for c in "# kept-before" "# kept-after"; do
		has "$1: the records around it spliced: '$c'" "$out" "$c"
	done
	cp "$out" "$tmp/vb.out"
	run "$ds" -d "$D" -f json "$2"
	cp "$out" "$tmp/vb.in.json"
	run "$ds" -d "$D" -f json "$tmp/vb.out"
	status "$1: the output reads back" 0
	same "$1: the same data" "$tmp/vb.in.json" "$out"
	run "$ds" -d "$D" "$tmp/vb.out"
	same "$1: screened again, the same bytes" "$tmp/vb.out" "$out"
}

# vb_stream FILE RECORD: RECORD (printf format) between two records that
# take the splice, into FILE.
vb_stream() {
	# shellcheck disable=SC2059 # the record is a format: its breaks
	{
		printf -- '---\n# kept-before\nid: K-1\nskin: {fitzpatrick: 2}\n---\n'
		printf -- "$2"
		printf -- '---\n# kept-after\nid: K-2\nskin: {fitzpatrick: 2}\n'
	} >"$1"
}

f=$tmp/vb.yaml
vb_stream "$f" '{id: F-1,  # lost-flow\n skin: {fitzpatrick: 2}}\n'
vb_check "31 a flow-style top-level mapping" "$f" "# lost-flow"
has "31 a flow-style top-level mapping: still in flow style, the block in it" "$tmp/vb.out" \
    "--- {id: F-1, skin: {fitzpatrick: 2}, screening: {date: $D, verdict: eligible, findings: []}}"
vb_stream "$f" '# lost-json\n{"id": "F-2", "skin": {"fitzpatrick": 2}}\n'
vb_check "31 a JSON record" "$f" "# lost-json"
has "31 a JSON record: still in flow style, the block in it" "$tmp/vb.out" \
    "--- {\"id\": \"F-2\", \"skin\": {\"fitzpatrick\": 2}, screening: {date: $D, verdict: eligible, findings: []}}"
vb_stream "$f" ' id: F-3\n # lost-indent\n skin: {fitzpatrick: 2}\n'
vb_check "31 top-level keys not at column 0" "$f" "# lost-indent"
equal "31 top-level keys not at column 0: now at column 0" 1 "$(count "$tmp/vb.out" '^id: F-3$')"
vb_stream "$f" 'id: F-4\n# lost-complex\n? [a, b]\n: c\nskin: {fitzpatrick: 2}\n'
vb_check "31 a complex key ? [a, b]" "$f" "# lost-complex"
vb_stream "$f" 'id: F-5\n# lost-alias\nscreening:\n  date: &d 2026-01-01\nseen: *d\nskin: {fitzpatrick: 2}\n'
vb_check "31 an alias into the old block" "$f" "# lost-alias"
has "31 an alias into the old block: its value kept" "$tmp/vb.out" "seen: &d 2026-01-01"
vb_stream "$f" 'id: F-6\n# lost-anchor\nscreening: &s {verdict: review}\nskin: {fitzpatrick: 2}\n'
vb_check "31 an anchored block" "$f" "# lost-anchor"
vb_stream "$f" 'id: F-6b\n# lost-anchored-key\n&k screening: old\nskin: {fitzpatrick: 2}\n'
vb_check "31 an anchored block key" "$f" "# lost-anchored-key"
vb_stream "$f" 'id: F-7\n# lost-cr\rskin: {fitzpatrick: 2}\n'
vb_check "31 a lone CR" "$f" "# lost-cr"
vb_stream "$f" 'id: F-8\n# lost-nel\302\205skin: {fitzpatrick: 2}\n'
vb_check "31 a NEL" "$f" "# lost-nel"
vb_stream "$f" 'id: F-9\n# lost-ls\342\200\250skin: {fitzpatrick: 2}\n'
vb_check "31 an LS" "$f" "# lost-ls"
# A block scalar last, with no line end: the one the new block needs
# would be the scalar's.
{
	printf -- '---\n# kept-before\nid: K-1\nskin: {fitzpatrick: 2}\n'
	printf -- '---\n# lost-literal\nid: F-10\nskin: {fitzpatrick: 2}\nnote: |\n  two\n  lines'
} >"$f"
printf -- '---\n# kept-after\nid: K-2\nskin: {fitzpatrick: 2}\n' >"$tmp/vb2.yaml"
run "$ds" -d "$D" -f json "$f"
has "31 a block scalar last, no line end: its value" "$out" '"note":"two\nlines"'
run "$ds" -d "$D" "$f" "$tmp/vb2.yaml"
cp "$out" "$tmp/vb.out"
lacks "31 a block scalar last, no line end: through the emitter" "$out" "# lost-literal"
has "31 a block scalar last, no line end: the record before spliced" "$out" "# kept-before"
run "$ds" -d "$D" -f json "$tmp/vb.out"
has "31 a block scalar last, no line end: the value read back" "$out" '"note":"two\nlines"'
# UTF-16: the file through the emitter, the files around it spliced.
if command -v iconv >/dev/null 2>&1; then
	printf -- '---\n# kept-before\nid: K-1\nskin: {fitzpatrick: 2}\n' >"$tmp/vb1.yaml"
	printf -- '# lost-utf16\nid: F-11\nname: Zoë\nskin: {fitzpatrick: 2}\n' |
	    iconv -f UTF-8 -t UTF-16 >"$tmp/vb16.yaml"
	t="31 UTF-16 input"
	run "$ds" -d "$D" "$tmp/vb1.yaml" "$tmp/vb16.yaml" "$tmp/vb2.yaml"
	status "$t" 0
	cp "$out" "$tmp/vb.out"
	lacks "$t: through the emitter" "$out" "# lost-utf16"
	has "$t: as UTF-8" "$out" "name: Zoë"
	has "$t: the file before spliced" "$out" "# kept-before"
	has "$t: the file after spliced" "$out" "# kept-after"
	run "$ds" -d "$D" "$tmp/vb.out"
	same "$t: screened again, the same bytes" "$tmp/vb.out" "$out"
fi

# --- 32. what the splice takes: comments kept -----------------------------------

# vb_kept NAME FILE: every "# kept" comment of FILE comes out, the data are
# the input's, and a second run gives the same bytes.
vb_kept() {
	run "$ds" -d "$D" "$2"
	status "$1" 0
	empty "$1: stderr" "$err"
	equal "$1: every comment kept" "$(grep -c '# kept' "$2")" "$(grep -c '# kept' "$out")"
	cp "$out" "$tmp/vb.out"
	run "$ds" -d "$D" -f json "$2"
	cp "$out" "$tmp/vb.in.json"
	run "$ds" -d "$D" -f json "$tmp/vb.out"
	same "$1: the same data" "$tmp/vb.in.json" "$out"
	run "$ds" -d "$D" "$tmp/vb.out"
	same "$1: screened again, the same bytes" "$tmp/vb.out" "$out"
}
printf -- '---\n# kept-1\nid: S-1\nskin: {fitzpatrick: 2}  # kept-2\n...\n---\nid: S-2\n# kept-3\nskin: {fitzpatrick: 2}\n...\n' >"$f"
vb_kept "32 documents ending in ..." "$f"
has "32 documents ending in ...: the ... kept" "$tmp/vb.out" "..."
printf -- '---\r\n# kept-1\r\nid: S-1\r\nskin:\r\n  fitzpatrick: 2 # kept-2\r\n' >"$f"
vb_kept "32 CR LF" "$f"
equal "32 CR LF: every line ends in CR LF" "$(wc -l <"$tmp/vb.out" | tr -d ' ')" "$(grep -c "$(printf '\r')\$" "$tmp/vb.out")"
printf -- '---\n# kept-1\nid: S-1\nskin: {fitzpatrick: 2}  # kept-2' >"$f"
vb_kept "32 a last line with no line end" "$f"
printf -- '---\n# kept-1\nid: S-1\nremark: tabs\tin\tthe value  # kept-2\nskin: {fitzpatrick: 2}\n' >"$f"
vb_kept "32 tabs in values" "$f"
has "32 tabs in values: as they were" "$tmp/vb.out" "$(printf 'remark: tabs\tin\tthe value')"
printf '\357\273\277# kept-1\n---\nid: S-1\nskin: {fitzpatrick: 2}  # kept-2\n' >"$f"
vb_kept "32 a byte order mark" "$f"
lacks "32 a byte order mark: not in the output" "$tmp/vb.out" "$(printf '\357\273\277')"
printf '\357\273\277%%YAML 1.1\n---\n# kept-1\nid: S-1\nskin: {fitzpatrick: 2}\n' >"$f"
vb_kept "32 a byte order mark, then a directive" "$f"
# A comment on the old block's line goes with it; the next line's stays.
printf -- '---\n# kept-1\nid: S-1\nscreening: {verdict: review}  # gone\n# kept-2\nskin: {fitzpatrick: 2}\n' >"$f"
vb_kept "32 an old block in flow style" "$f"
lacks "32 an old block in flow style: its line's comment gone with it" "$tmp/vb.out" "# gone"
equal "32 an old block in flow style: replaced in its place" "id: S-1 screening:" \
    "$(sed -n '3,4p' "$tmp/vb.out" | tr '\n' ' ' | sed 's/ $//')"
printf '# kept-1\nid: S-1\n# kept-2\nskin: {fitzpatrick: 2}\n' >"$f"
vb_kept "32 no ---" "$f"
equal "32 no ---: '---' before the leading comments" "---" "$(head -n 1 "$tmp/vb.out")"
rm -f "$f" "$tmp"/vb*.yaml "$tmp"/vb.out "$tmp"/vb.in.json

# --- 33. files one after another: each record ends its last line ------------

# A file's last line with no line end (a comment, "...", a key after an
# old block) once had the next file's "---" written onto it: the two
# records became one, or invalid YAML, further down the pipe.
# vb_joined NAME FILE-BYTES: FILE then a second file, through derma-screen
# and then derma-plan: both records come out of each, and then apart.
vb_joined() {
	printf '%b' "$2" >"$tmp/vb1.yaml"
	printf 'id: S-2\n' >"$tmp/vb2.yaml"
	run "$ds" -d "$D" "$tmp/vb1.yaml" "$tmp/vb2.yaml"
	status "$1: screened" 0
	cp "$out" "$tmp/vb.out"
	equal "$1: two records, each with its --- on a line of its own" 2 \
	    "$(grep -c '^---$' "$tmp/vb.out")"
	run "$bin/derma-plan" -d "$D" -f json "$tmp/vb.out"
	status "$1: planned after" 0
	equal "$1: both records, apart" "S-1 S-2" \
	    "$(sed 's/^{"id":"\([^"]*\)".*/\1/' "$out" | tr '\n' ' ' | sed 's/ $//')"
}
vb_joined "33 a comment last" 'id: S-1\n# a comment'
vb_joined "33 ... last" 'id: S-1\n...'
vb_joined "33 a key after the old block last" 'id: S-1\nscreening: {}\nname: Z'
vb_joined "33 a block scalar after the old block last" 'id: S-1\nscreening: {}\nx: |+\n  a'
run "$ds" -d "$D" -f json "$tmp/vb1.yaml"
equal "33 a block scalar after the old block last: its value as it was" \
    '"x":"a"' "$(grep -o '"x":"[^"]*"' "$out")"
rm -f "$tmp"/vb1.yaml "$tmp"/vb2.yaml "$tmp"/vb.out
