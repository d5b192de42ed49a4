# shellcheck shell=sh disable=SC2154,SC2034 # the harness of run.sh sets and reads these
# Command tests: the record reader (sourced by run.sh, whose harness it
# uses).  Every good record comes out exactly once, every error is said
# once at its place, nothing is hidden, memory stays bounded, however the
# input is cut by reads.  The cases of data/reader are those of issue 8;
# the large ones are made here.

rd=$data/reader
cat "$rd"/* | cksum >"$tmp/reader.before"

# peak_kb CMD...: runs CMD (output to /dev/null) and prints its peak RSS
# in KB, or nothing when GNU time is not there or the tool is built with
# AddressSanitizer or runs under valgrind, whose memory is no measure of
# the tool's.
peak_kb() {
	if /usr/bin/time -f %M true >/dev/null 2>&1 && [ -z "$vg" ] &&
	    ! grep -q __asan_init "$ds"; then
		/usr/bin/time -f %M -o "$tmp/peak" "$@" >/dev/null 2>&1
		tail -n 1 "$tmp/peak"
	fi
}

# at_most NAME LIMIT VALUE: a number no larger than LIMIT ("" is skipped).
at_most() {
	if [ -z "$3" ]; then
		skip "$1: no GNU time, or a sanitized build"
	elif [ "$3" -le "$2" ]; then
		ok
	else
		bad "$1: $3, expected at most $2"
	fi
}

# --- merge keys -----------------------------------------------------------------

t="13 merge_hidden.yaml (skin: {<<: *c})"
run "$ds" -d "$D" -f json "$rd/merge_hidden.yaml"
status "$t" 1
has "$t: the merged condition is seen" "$out" '"verdict":"ineligible"'
has "$t: skin-problem" "$out" '"rule":"skin-problem"'
# JSON has no merge keys: written as the mapping the tools read.
has "$t: written merged" "$out" \
    '"skin":{"fitzpatrick":2,"concerns":["wrinkles"],"conditions":["skin-infection"]}'
lacks "$t: no \"<<\" left" "$out" '"<<"'
t="13 merge_hidden2.yaml (<<: *r at the top)"
run "$ds" -d "$D" -f json "$rd/merge_hidden2.yaml"
status "$t" 1
has "$t: pregnant through the merge" "$out" '"rule":"pregnancy"'
for f in merge_hidden.yaml merge_hidden2.yaml; do
	run "$ds" -d "$D" -f yaml "$rd/$f"
	status "13 $f, yaml" 1
	sed -e 1d -e '/^screening:/,$d' "$out" >"$tmp/record"
	same "13 $f, yaml: the record as it came" "$rd/$f" "$tmp/record"
done
# Explicit keys win over merged ones; a list merges its first mapping first.
printf '%s\n' 'id: P-1' 'base: &b {pregnant: true, lactating: true}' \
    'ok: &o {pregnant: false}' '<<: [*o, *b]' 'lactating: false' \
    'skin: {fitzpatrick: 2, concerns: [wrinkles]}' >"$tmp/merge3.yaml"
run "$ds" -d "$D" -f json "$tmp/merge3.yaml"
status "13 merge: own keys win, then the first of a list" 0
has "13 merge, json: the merged keys in the place of \"<<\", those overridden left out" \
    "$out" '"ok":{"pregnant":false},"pregnant":false,"lactating":false,"skin":'
lacks "13 merge, json: no \"<<\" left" "$out" '"<<"'
cp "$out" "$tmp/merge3.json"
run "$ds" -d "$D" -f json "$tmp/merge3.json"
status "13 merge, json: screened again" 0
same "13 merge, json: screened again, the same" "$tmp/merge3.json" "$out"
sed 's/\[\*o, \*b\]/[*b, *o]/' "$tmp/merge3.yaml" >"$tmp/merge3b.yaml"
run "$ds" -d "$D" -f json "$tmp/merge3b.yaml"
status "13 merge, the other way round" 1
has "13 merge, the other way round: json" "$out" \
    '"ok":{"pregnant":false},"pregnant":true,"lactating":false,"skin":'
cp "$out" "$tmp/merge3b.json"
run "$ds" -d "$D" -f text <"$tmp/merge3b.json"
status "13 merge, the other way round: screened again" 1
has "13 merge, the other way round: screened again, pregnancy" "$out" "[pregnancy]"

# A pregnancy given by a merge key stays one through -f json: a "<<" key
# written in JSON is read back as an ordinary key (JSON has none), and the
# patient would be screened eligible and planned a course.
printf '%s\n' 'id: M1' 'defaults: &d {pregnant: true}' '<<: *d' \
    'skin: {fitzpatrick: 2, concerns: [wrinkles]}' >"$tmp/merge.yaml"
t="13 merge.yaml (<<: *d, pregnant), json"
run "$ds" -d "$D" -f text "$tmp/merge.yaml"
status "$t: the yaml, text" 1
cp "$out" "$tmp/merge.text"
run "$ds" -d "$D" -f json "$tmp/merge.yaml"
status "$t" 1
lacks "$t: no \"<<\"" "$out" '"<<"'
has "$t: pregnant" "$out" '"defaults":{"pregnant":true},"pregnant":true,"skin":'
cp "$out" "$tmp/merge.json"
run "$ds" -d "$D" -f text <"$tmp/merge.json"
status "$t: screened again" 1
has "$t: screened again, ineligible" "$out" "M1  ineligible"
has "$t: screened again, pregnancy" "$out" "[pregnancy]"
same "$t: screened again, as the yaml" "$tmp/merge.text" "$out"
run "$ds" -d "$D" -f json <"$tmp/merge.json"
same "$t: twice, the same" "$tmp/merge.json" "$out"
for tool in derma-plan derma-aftercare; do
	run "$bin/$tool" -d "$D" -f json "$tmp/merge.yaml"
	lacks "$t: $tool -f json: no \"<<\"" "$out" '"<<"'
	has "$t: $tool -f json: pregnant" "$out" '"pregnant":true'
done
run "$bin/derma-plan" -d "$D" -f json <"$tmp/merge.json"
has "$t: derma-plan on it: no course" "$out" \
    '"plan":{"status":"refused","reason":"not eligible: pregnant"}'
run "$bin/derma-report" -d "$D" -f json "$tmp/merge.yaml"
cp "$out" "$tmp/merge.report"
run "$bin/derma-report" -d "$D" -f json <"$tmp/merge.json"
same "$t: derma-report on it, as on the yaml" "$tmp/merge.report" "$out"
printf '%s\n' 'id: P-1' '<<: 42' >"$tmp/merge4.yaml"
run "$ds" -d "$D" "$tmp/merge4.yaml"
status "13 merge of a scalar" 65
has "13 merge of a scalar: the message" "$err" "merge4.yaml:2:1: <<: expected a mapping"
# A block mapping ends where the next document starts: the record after a
# bad merge is not skipped with it, at the top or nested, at any -j.
printf '%s\n' 'id: A-1' '<<: x' '---' 'id: A-2' '---' 'id: A-3' \
    'skin:' '  <<: [x]' '---' 'id: A-4' >"$tmp/merge5.yaml"
for j in 1 4; do
	run "$ds" -j "$j" -d "$D" "$tmp/merge5.yaml"
	status "13 bad merges, -j $j" 65
	equal "13 bad merges, -j $j: the records after them" "A-2 A-4" \
	    "$(ids "$out" | tr '\n' ' ' | sed 's/ $//')"
	has "13 bad merges, -j $j: the first" "$err" "merge5.yaml:2:1: <<:"
	has "13 bad merges, -j $j: the second" "$err" "merge5.yaml:8:3: <<:"
done

# --- every record once ----------------------------------------------------------

for c in utf8_names_bad.yaml:59 cjk_bad.yaml:399; do
	f=${c%:*} n=${c#*:}
	t="13 $f"
	run "$ds" -d "$D" "$rd/$f"
	status "$t" 65
	equal "$t: each good record once" "$n" "$(count "$out" '^id: ')"
	equal "$t: no record twice" "" "$(ids "$out" | sort | uniq -d | head -n 3)"
	equal "$t: one message" 1 "$(wc -l <"$err" | tr -d ' ')"
	cp "$out" "$tmp/j1.out"
	run "$ds" -d "$D" -j 4 "$rd/$f"
	same "$t, -j 4" "$tmp/j1.out" "$out"
done

# The records before an invalid byte or a control character all come out.
for c in badutf8_after100.yaml:100:403:'invalid leading UTF-8 octet' \
    ctrl_after100.yaml:100:403:'control characters are not allowed' \
    badutf8_after1000.yaml:1000:4003:'invalid leading UTF-8 octet'; do
	f=${c%%:*} c=${c#*:} n=${c%%:*} c=${c#*:} line=${c%%:*} msg=${c#*:}
	t="13 $f"
	runin "$rd" "$ds" -d "$D" "$f"
	status "$t" 65
	equal "$t: the records before" "$n" "$(count "$out" '^id: ')"
	has "$t: the error where it is" "$err" "$f:$line:"
	has "$t: libyaml's reason" "$err" "$msg"
	equal "$t: one message" 1 "$(wc -l <"$err" | tr -d ' ')"
	run "$ds" -d "$D" -j 4 - <"$rd/$f"
	equal "$t, -j 4 on stdin" "$n" "$(count "$out" '^id: ')"
done

# --- however reads are cut ------------------------------------------------------

# A lone CR, NEL or LS as the last byte read, through a pipe.
split_pipe() {
	{ head -c "$2" "$1"; sleep 0.2; tail -c +$(($2 + 1)) "$1"; } |
	    "$ds" -d "$D" -
}
for f in cr_split_pipe.yaml nel_split_pipe.yaml ls_split_pipe.yaml; do
	runin "$rd" "$ds" -d "$D" "$f"
	ids "$out" >"$tmp/want.ids"
	sed "s/$f/<stdin>/" "$err" >"$tmp/want.err"
	equal "13 $f: P-AFTER" "P-AFTER" "$(grep -x P-AFTER "$tmp/want.ids")"
	for n in 25 26; do
		t="13 $f, a read cut at byte $n"
		run split_pipe "$rd/$f" "$n"
		status "$t" 65
		ids "$out" >"$tmp/got.ids"
		same "$t: the records" "$tmp/want.ids" "$tmp/got.ids"
		same "$t: the message" "$tmp/want.err" "$err"
	done
done

# The same in a file read 64 KiB at a time, with the CR at byte 65535.
t="13 cr_at_64k.yaml"
runin "$rd" "$ds" -d "$D" cr_at_64k.yaml
status "$t" 65
equal "$t: the records" 968 "$(count "$out" '^id: ')"
has "$t: P-AFTER" "$out" "id: P-AFTER"
equal "$t: the message" "derma-screen: cr_at_64k.yaml:3855:4: alias to an unknown anchor (id P-BAD)" "$(cat "$err")"
t="13 cr_at_64k_lines.yaml"
runin "$rd" "$ds" -d "$D" cr_at_64k_lines.yaml
status "$t" 65
equal "$t: the records" 4963 "$(count "$out" '^id: ')"
has "$t: the line, a lone CR counted" "$err" "cr_at_64k_lines.yaml:19855:35: concerns"
cp "$out" "$tmp/j1.out"
run "$ds" -d "$D" -j 3 - <"$rd/cr_at_64k_lines.yaml"
same "$t, -j 3 on stdin" "$tmp/j1.out" "$out"

# --- where reading starts again -------------------------------------------------

t="13 pct_in_quote.yaml"
runin "$rd" "$ds" -d "$D" pct_in_quote.yaml
status "$t" 65
equal "$t: the records after the bad one" "P-2 P-3" "$(ids "$out" | tr '\n' ' ' | sed 's/ $//')"
equal "$t: one message, the bad record's" \
    "derma-screen: pct_in_quote.yaml:3:4: alias to an unknown anchor (id P-1)" "$(cat "$err")"

t="13 bom8_mid_pregnant.yaml"
runin "$rd" "$ds" -d "$D" bom8_mid_pregnant.yaml
status "$t" 65
equal "$t: P-2 is not screened" "P-1" "$(ids "$out")"
has "$t: P-2 is a data error" "$err" "(id P-2)"
equal "$t: one message" 1 "$(wc -l <"$err" | tr -d ' ')"

t="13 flow_apos.yaml (O'Brien in a flow mapping)"
run "$ds" -d "$D" "$rd/flow_apos.yaml"
status "$t" 0
empty "$t: stderr" "$err"
equal "$t: three records" 3 "$(count "$out" 'screening:')"
has "$t: the name" "$out" "name: O'Brien"

# --- JSON, empty documents, standard input ---------------------------------------

t="13 json_dupkeys.yaml"
run "$ds" -d "$D" -f json "$rd/json_dupkeys.yaml"
status "$t" 65
empty "$t: no record with a key lost" "$out"
has "$t: the message" "$err" 'json_dupkeys.yaml:4:1: two keys of a mapping are one key in JSON'
run "$ds" -d "$D" -f yaml "$rd/json_dupkeys.yaml"
status "$t, yaml: both keys kept" 0

t="13 alias_amp_json.yaml"
run tmo "$ds" -d "$D" -f json "$rd/alias_amp_json.yaml"
status "$t" 65
has "$t: the message" "$err" "aliases written out in full make the record over 16 MiB of JSON"
empty "$t: nothing half written" "$out"
at_most "$t: peak RSS in KB" 102400 "$(peak_kb "$ds" -d "$D" -f json "$rd/alias_amp_json.yaml")"

for f in lone_dash.yaml trailing_dash.yaml comments_docs.yaml; do
	run "$ds" -d "$D" "$rd/$f"
	status "13 $f: empty documents are no records" 0
	empty "13 $f: stderr" "$err"
done
run "$ds" -d "$D" "$rd/trailing_dash.yaml"
equal "13 trailing_dash.yaml: the record" "P-1" "$(ids "$out")"

t="13 good1.yaml - <&-"
run "$ds" -d "$D" "$rd/good1.yaml" - <&-
status "$t" 74
equal "$t: the file once" "P-1" "$(ids "$out")"
# Valgrind, started with no descriptor 0, leaves one of its own there: the
# tool cannot tell that it was closed, only that it cannot read it.
if [ -z "$vg" ]; then
	equal "$t: the message" "derma-screen: <stdin>: cannot read: standard input is closed" "$(cat "$err")"
else
	has "$t: the message" "$err" "derma-screen: <stdin>: "
fi

# UTF-16 (with a byte order mark) is read as libyaml reads it, cut as
# UTF-8 is, whatever its size: the same records as its UTF-8.
t="13 UTF-16 over 16 MiB"
awk 'BEGIN { for (i = 0; i < 150000; i++)
	printf "---\nid: P-%d\nname: Zoë Person %d\nskin: {fitzpatrick: 2}\n", i, i }' >"$tmp/utf8.yaml"
iconv -f UTF-8 -t UTF-16 <"$tmp/utf8.yaml" >"$tmp/utf16.yaml"
run "$ds" -d "$D" -j 1 "$tmp/utf8.yaml"
cp "$out" "$tmp/utf8.out"
run tmo "$ds" -d "$D" -j 4 "$tmp/utf16.yaml"
status "$t" 0
empty "$t: stderr" "$err"
same "$t: as its UTF-8" "$tmp/utf8.out" "$out"
iconv -f UTF-8 -t UTF-16BE <"$rd/good1.yaml" >"$tmp/nobom.yaml"
run "$ds" -d "$D" "$tmp/nobom.yaml" "$rd/good1.yaml"
status "13 UTF-16 without a byte order mark" 65
equal "13 UTF-16 without a byte order mark: the message" \
    "derma-screen: $tmp/nobom.yaml:1:1: UTF-16 or UTF-32 without a byte order mark is not supported: convert it to UTF-8" \
    "$(cat "$err")"
equal "13 UTF-16 without a byte order mark: the next file" "P-1" "$(ids "$out")"
rm -f "$tmp"/utf8.* "$tmp/utf16.yaml" "$tmp/nobom.yaml"

# --- memory and time --------------------------------------------------------------

# %YAML before every document: cut all the same, memory flat.
awk 'BEGIN { for (i = 0; i < 60000; i++)
	printf "%%YAML 1.1\n---\nid: P-%d\nname: Patient %d\nskin: {fitzpatrick: 2, concerns: [wrinkles]}\nnotes: [a note of some length, to pad the record]\n", i, i }' >"$tmp/pct.yaml"
t="13 %YAML before every document"
run tmo "$ds" -d "$D" -j 2 "$tmp/pct.yaml"
status "$t" 0
equal "$t: every record" 60000 "$(count "$out" '^screening:')"
at_most "$t: peak RSS in KB" 16384 "$(peak_kb "$ds" -d "$D" -j 2 "$tmp/pct.yaml")"
rm -f "$tmp/pct.yaml"

# Forty chunks at -j 8 and -j 20 (rings of 16 and of 22 slots, so each
# slot is used again and again): -j 1's bytes, and memory that does not
# grow with -j: 10.0-10.7 MB at -j 8, where a ring of 4 slots a thread
# took 13.7-16.6 MB.
awk 'BEGIN { for (i = 0; i < 40000; i++)
	printf "---\nid: P-%d\nname: Patient %d\nskin: {fitzpatrick: 2, concerns: [wrinkles]}\nnotes: [a note of some length, to pad the record]\n", i, i }' >"$tmp/many.yaml"
t="13 forty chunks"
run "$ds" -d "$D" -j 1 "$tmp/many.yaml"
status "$t, -j 1" 0
equal "$t, -j 1: every record" 40000 "$(count "$out" '^screening:')"
cp "$out" "$tmp/j1.out"
for j in 8 20; do
	run "$ds" -d "$D" -j $j "$tmp/many.yaml"
	status "$t, -j $j" 0
	same "$t, -j $j" "$tmp/j1.out" "$out"
done
at_most "$t, -j 8: peak RSS in KB" 12288 \
    "$(peak_kb "$ds" -d "$D" -j 8 "$tmp/many.yaml")"
rm -f "$tmp/many.yaml"

# Anchor names that collide under djb2 ("az" and "bY", and every string
# of such pairs): one record of 13 MB, with 8000 aliases.
awk 'BEGIN {
	printf "id: P-1\nskin: {fitzpatrick: 2}\nlist:\n"
	for (i = 0; i < 262144; i++) {
		s = ""
		for (b = 17; b >= 0; b--)
			s = s (int(i / 2 ^ b) % 2 ? "bY" : "az")
		printf "- &%s x\n", s
		if (i % 32 == 0) names[n++] = s
	}
	printf "refs:\n"
	for (k = 0; k < n; k++) printf "- *%s\n", names[k] }' >"$tmp/collide.yaml"
t="13 13 MB of colliding anchor names"
run tmo "$ds" -d "$D" -f json "$tmp/collide.yaml"
status "$t" 0
has "$t: the record" "$out" '"id":"P-1"'
rm -f "$tmp/collide.yaml"

# Records of 15 MB each at -j 8: memory is that of one record.
awk 'BEGIN { for (r = 0; r < 3; r++) {
	printf "---\nid: P-%d\nskin: {fitzpatrick: 2, concerns: [wrinkles]}\nnotes:\n", r
	for (i = 0; i < 195000; i++)
		printf "- note %06d of a long record, padded with words to be a hundred\n", i } }' >"$tmp/big.yaml"
at_most "13 records of 15 MB, -j 8: peak RSS in KB" 102400 \
    "$(peak_kb "$ds" -d "$D" -j 8 "$tmp/big.yaml")"
rm -f "$tmp/big.yaml"

# A write error ends the run: an input without end is not read to its end.
if [ -w /dev/full ]; then
	cat >"$tmp/endless.sh" <<'EOF'
yes 'id: P-1' | awk '{ print "---"; print }' | "$1" -d 2026-11-25 - >/dev/full
EOF
	t="13 stdout on /dev/full, an endless input"
	run tmo sh "$tmp/endless.sh" "$ds"
	status "$t" 74
	has "$t: the message" "$err" "derma-screen: write error"
fi

# --- the build --------------------------------------------------------------------

# A change of CFLAGS or PREFIX builds again what it changes, and only that.
t="13 make after a change of flags"
mkdir "$tmp/tree"
(cd "$root" && cp -R Makefile cmd lib .ci "$tmp/tree/")
# mk ARGS...: make bin in the copy; what it built since into $tmp/built.
mk() {
	touch "$tmp/mark"
	# Not the flags of a make that runs this (make check SANITIZE=1).
	(unset MAKEFLAGS MFLAGS MAKELEVEL; cd "$tmp/tree" && make -s bin "$@") \
	    >"$out" 2>&1
	rc=$?
	find "$tmp/tree/build/lib" -newer "$tmp/mark" -name '*.o' -exec basename {} \; |
	    sort >"$tmp/built"
}
mk CFLAGS=-O0 PREFIX=/opt/a
status "$t: a first build" 0
has "$t: PREFIX compiled in" "$tmp/tree/build/lib/datadir.o" "/opt/a/share/derma"
mk CFLAGS=-O0 PREFIX=/opt/a
equal "$t: the same flags build nothing" "" "$(cat "$tmp/built")"
mk CFLAGS=-O0 PREFIX=/opt/b
# The installed paths are compiled into datadir.o and config.o only.
equal "$t: a new PREFIX builds datadir.o and config.o" "config.o datadir.o" \
    "$(tr '\n' ' ' <"$tmp/built" | sed 's/ $//')"
has "$t: the new PREFIX compiled in" "$tmp/tree/build/lib/datadir.o" "/opt/b/share/derma"
mk CFLAGS="-O0 -DX=1" PREFIX=/opt/b
equal "$t: new CFLAGS build every object" "$(find "$root/lib" -name "*.c" | wc -l | tr -d ' ')" \
    "$(wc -l <"$tmp/built" | tr -d ' ')"
rm -rf "$tmp/tree"

cat "$rd"/* | cksum >"$tmp/reader.after"
same "13 reader inputs unchanged" "$tmp/reader.before" "$tmp/reader.after"

# --- 14. invalid YAML inside a record names its id, when read ------------------

# SPEC 5: "and the record's id when known".  Only inside a document: an
# error after a "..." is no record's.
t="14 invalid YAML"
printf 'id: P-1\nx: [\n' >"$tmp/badid.yaml"
run "$ds" -d "$D" "$tmp/badid.yaml"
status "$t in a flow list" 65
has "$t in a flow list: the id" "$err" "(id P-1)"
printf 'id: P-1\nx: 1\n y: 2\n' >"$tmp/badid.yaml"
run "$ds" -d "$D" "$tmp/badid.yaml"
has "$t, a key indented: the id" "$err" "(id P-1)"
printf 'id: P-1\n...\n]\n' >"$tmp/badid.yaml"
run "$ds" -d "$D" "$tmp/badid.yaml"
status "$t after ..." 65
lacks "$t after ...: no record's id" "$err" "(id"
rm -f "$tmp/badid.yaml"

# --- the id of a record libyaml cannot read to it --------------------------------

# libyaml decodes ahead of what it parses: a bad byte fails before the id
# is read, yet the message names the record (its id, from its bytes).
printf 'id: U-1\nname: "a\377"\n---\nid: U-2\n' >"$tmp/badbyte.yaml"
run "$ds" -d "$D" "$tmp/badbyte.yaml"
status "13 a bad byte" 65
has "13 a bad byte: the id" "$err" "badbyte.yaml:2:9: invalid YAML: invalid leading UTF-8 octet (id U-1)"
printf '{"id": "J-1", "name": "a\\uD800"}\n{"id": "J-2"}\n' >"$tmp/badesc.json"
run "$ds" -d "$D" -f json "$tmp/badesc.json"
status "13 a bad escape" 65
has "13 a bad escape: the id" "$err" "(id J-1)"
equal "13 a bad escape: the next record" "J-2" "$(jids "$out")"
printf 'skin: {id: Q-1}\nname: "a\377"\n' >"$tmp/badbyte2.yaml"
run "$ds" -d "$D" "$tmp/badbyte2.yaml"
lacks "13 a bad byte: no id but the record's" "$err" "Q-1"
rm -f "$tmp/badbyte.yaml" "$tmp/badesc.json" "$tmp/badbyte2.yaml"

# JSON allows blanks before a value: in JSON Lines, an object on an
# indented line is a record of its own, and leaves the one before it
# whole (it was read as that one's continuation, and both were lost).
t="13 JSON Lines, a line indented"
printf '{"id":"J1"}\n{"id":"J2"}\n {"id":"J3"}\n{"id":"J4"}\n' >"$tmp/indent.jsonl"
run "$ds" -d "$D" -f json "$tmp/indent.jsonl"
status "$t" 0
empty "$t: stderr" "$err"
equal "$t: every record, in order" "J1 J2 J3 J4" "$(jids "$out" | tr '\n' ' ' | sed 's/ $//')"
run "$ds" -d "$D" -f json <"$tmp/indent.jsonl"
equal "$t, on stdin" "J1 J2 J3 J4" "$(jids "$out" | tr '\n' ' ' | sed 's/ $//')"
printf '{"id":"J1"}\n {"id":"J2"}\n' >"$tmp/indent.jsonl"
run "$ds" -d "$D" -f json "$tmp/indent.jsonl"
status "$t, the last" 0
equal "$t, the last: both records" "J1 J2" "$(jids "$out" | tr '\n' ' ' | sed 's/ $//')"
printf '{"id":"J1"}\n  {\n    "id": "J2",\n    "skin": {"fitzpatrick": 2}\n  }\n{"id":"J3"}\n' >"$tmp/indent.jsonl"
run "$ds" -d "$D" -f json "$tmp/indent.jsonl"
status "$t, pretty-printed" 0
empty "$t, pretty-printed: stderr" "$err"
equal "$t, pretty-printed: every record" "J1 J2 J3" "$(jids "$out" | tr '\n' ' ' | sed 's/ $//')"
rm -f "$tmp/indent.jsonl"
