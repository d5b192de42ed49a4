# Command tests: derma-report (derma-report(1), SPEC sections 1, 3, 5 and 6).
# Sourced by run.sh, whose harness and variables it uses ("$@" is the
# example files; $tmp/stream.yaml the 5000 records of section 9).
# shellcheck shell=sh disable=SC2154,SC2034

dr=$bin/derma-report
rdata=$data/report
rhelp=$here/report
py=/usr/bin/python3
fig() { "$py" "$rhelp/figures.py" "$@"; }
formats="text csv json markdown html"
# The key of the pseudonyms goes to a scratch directory, never the user's.
XDG_DATA_HOME=$tmp/xdg-data
export XDG_DATA_HOME
have_py=
[ -x "$py" ] && have_py=1
have_jq=
command -v jq >/dev/null 2>&1 && have_jq=1

# --- 30. counts of the fixture, by hand ----------------------------------------

# clinic.yaml for 2026-11-25 (treatments from 2025-12-01): R-1 eligible,
# two sessions in the period (cheeks 1.0 and 1.5, forehead 0.5; redness
# twice, swelling); R-2 pregnant, ineligible, one session (cheeks 0.5;
# bruising and a formula, which is "other"); P-3 ineligible until
# 2026-12-10 (isotretinoin); R-4 eligible, one session in 2025, before
# the period; R-5 a bad record.
t="30 summary"
run "$dr" -d "$D" -f json "$rdata/clinic.yaml"
status "$t" 65
equal "$t: one message, the bad record" 1 "$(wc -l <"$err" | tr -d ' ')"
has "$t: the message names it" "$err" "(id R-5)"
cp "$out" "$tmp/summary.json"
if [ -n "$have_jq" ]; then
	equal "$t: patients, skipped" "4 1" \
	    "$(jq -r '"\(.patients) \(.skipped)"' "$out")"
	equal "$t: verdicts" "2 0 2" \
	    "$(jq -r '.verdicts | "\(.eligible) \(.review) \(.ineligible)"' "$out")"
	equal "$t: findings" "isotretinoin-washout 1,pregnancy 1" \
	    "$(jq -r '[.findings[] | "\(.rule) \(.patients)"] | sort | join(",")' "$out")"
	equal "$t: eligible soon" "P-3 2026-12-10 eligible" \
	    "$(jq -r '.eligible_soon[] | "\(.id) \(.eligible_from) \(.then)"' "$out")"
	equal "$t: the period" "2025-12-01 2026-11-25" \
	    "$(jq -r '"\(.period.from) \(.period.to)"' "$out")"
	equal "$t: sessions, patients treated" "3 2" \
	    "$(jq -r '.treatments | "\(.sessions) \(.patients)"' "$out")"
	equal "$t: the keys" "anonymized clinic date eligible_soon findings patients period report skipped treatments verdicts" \
	    "$(jq -r 'keys | join(" ")' "$out")"
else
	skip "$t: no jq"
fi

t="30 treatments"
run "$dr" treatments -d "$D" -f json "$rdata/clinic.yaml"
status "$t" 65
if [ -n "$have_jq" ]; then
	equal "$t: by month" "2026-01 1,2026-02 1,2026-10 1" \
	    "$(jq -r '[.treatments.by_month[] | select(.sessions > 0) | "\(.month) \(.sessions)"] | join(",")' "$out")"
	equal "$t: twelve months" 12 "$(jq '.treatments.by_month | length' "$out")"
	equal "$t: cheeks" "3 1 0.5 1.5" \
	    "$(jq -r '.treatments.by_area[] | select(.area == "cheeks") | "\(.sessions) \(.median_mm) \(.min_mm) \(.max_mm)"' "$out")"
	equal "$t: forehead" "1 0.5" \
	    "$(jq -r '.treatments.by_area[] | select(.area == "forehead") | "\(.sessions) \(.median_mm)"' "$out")"
	equal "$t: no neck (before the period)" "" \
	    "$(jq -r '.treatments.by_area[] | select(.area == "neck") | .area' "$out")"
	equal "$t: reactions" "redness 2 66.7,bruising 1 33.3,swelling 1 33.3,other 1 33.3" \
	    "$(jq -r '[.treatments.reactions[] | "\(.reaction) \(.sessions) \(.percent)"] | join(",")' "$out")"
fi
run "$dr" treatments -d "$D" --from 2025-01-01 --to 2025-12-31 -f json "$rdata/clinic.yaml"
if [ -n "$have_jq" ]; then
	equal "30 --from --to: the 2025 session" "1 neck itching" \
	    "$(jq -r '.treatments | "\(.sessions) \(.by_area[0].area) \(.reactions[0].reaction)"' "$out")"
fi

t="30 course"
run "$dr" course -d "$D" -f json "$rdata/clinic.yaml"
status "$t" 65
if [ -n "$have_jq" ]; then
	equal "$t: figures" "3 2 0 1" \
	    "$(jq -r '.course | "\(.under_way) \(.overdue) \(.due) \(.on_hold)"' "$out")"
	equal "$t: the patients" "R-4 overdue,R-1 overdue,R-2 on-hold" \
	    "$(jq -r '[.course.patients[] | "\(.id) \(.status)"] | join(",")' "$out")"
fi
# A course due soon: one session a week ago.
printf 'id: K-1\nskin: {concerns: [wrinkles]}\ntreatments: [{date: 2026-11-18, areas: {cheeks: 1.0}}]\n' >"$tmp/k1.yaml"
run "$dr" course -d "$D" --weeks 4 -f csv "$tmp/k1.yaml"
status "30 course due" 0
has "30 course due: listed as due" "$out" "patients,1,K-1,status,due"
run "$dr" course -d "$D" --weeks 1 -f csv "$tmp/k1.yaml"
has "30 course due, --weeks 1: not yet" "$out" "patients,1,K-1,status,under-way"

t="30 patient"
run "$dr" --patient R-1 -d "$D" "$rdata/clinic.yaml"
status "$t" 65
has "$t: the name" "$out" "Rosa Secretname"
has "$t: a session" "$out" "2026-02-20        2  cheeks        1.50  redness, swelling"
has "$t: the plan" "$out" "Sessions planned"
run "$dr" -r patient --patient R-1 -d "$D" -f json "$ex/bram-devries.yaml"
status "$t not there" 65
has "$t not there: said" "$err" "no record has the id R-1"
[ -z "$have_jq" ] || equal "$t not there: null" null "$(jq -c .patient "$out")"

# --- 31. the formats agree ------------------------------------------------------

if [ -n "$have_py" ]; then
	for k in summary treatments course; do
		t="31 $k"
		for f in $formats; do
			run "$dr" "$k" -d "$D" -f "$f" "$rdata/clinic.yaml" "$@"
			status "$t -f $f" 65
			cp "$out" "$tmp/rep.$k.$f"
			run fig "$f" "$tmp/rep.$k.$f"
			status "$t -f $f: read back" 0
			cp "$out" "$tmp/fig.$k.$f"
		done
		nonempty "$t: figures" "$tmp/fig.$k.csv"
		for f in text json markdown html; do
			same "$t: -f $f has the figures of -f csv" "$tmp/fig.$k.csv" \
			    "$tmp/fig.$k.$f"
		done
	done
else
	skip "31 the formats agree: no /usr/bin/python3"
fi

# As derma-screen says over the same input.
if [ -n "$have_jq" ]; then
	t="31 derma-screen -f json"
	"$ds" -d "$D" -f json "$rdata/clinic.yaml" "$@" >"$tmp/screened.json" 2>/dev/null
	run "$dr" -d "$D" -f json "$rdata/clinic.yaml" "$@"
	equal "$t: patients" "$(wc -l <"$tmp/screened.json" | tr -d ' ')" \
	    "$(jq .patients "$out")"
	for v in eligible review ineligible; do
		equal "$t: $v" \
		    "$(jq -s "[.[] | select(.screening.verdict == \"$v\")] | length" "$tmp/screened.json")" \
		    "$(jq ".verdicts.$v" "$out")"
	done
	equal "$t: findings, patients by rule" \
	    "$(jq -r '.screening.findings | map(.rule) | unique | .[]' "$tmp/screened.json" | sort | uniq -c | awk '{ print $2, $1 }' | sort)" \
	    "$(jq -r '.findings[] | "\(.rule) \(.patients)"' "$out" | sort)"
	run "$dr" -d "$D" -f json "$tmp/stream.yaml"
	"$ds" -d "$D" -f json "$tmp/stream.yaml" >"$tmp/screened.json" 2>/dev/null
	equal "$t, 5000 records: ineligible" \
	    "$(grep -c '"verdict":"ineligible"' "$tmp/screened.json")" \
	    "$(jq .verdicts.ineligible "$out")"
	equal "$t, 5000 records: skipped" 24 "$(jq .skipped "$out")"
fi

# The whole pipe: the blocks derma-screen, derma-plan and derma-aftercare
# add are not trusted, but the report is the same.
t="31 the pipe"
for k in summary treatments course; do
	"$dr" "$k" -d "$D" -f json "$@" >"$tmp/direct.json" 2>/dev/null
	run sh -c '"$1" -d "$2" "$3" "$4" "$5" "$6" "$7" | "$8" -d "$2" |
	    "$9" -d "$2" | "${10}" "${11}" -d "$2" -f json' sh "$ds" "$D" "$@" \
	    "$bin/derma-plan" "$bin/derma-aftercare" "$dr" "$k"
	same "$t: derma-screen | derma-plan | derma-aftercare | derma-report $k" \
	    "$tmp/direct.json" "$out"
done

# -j: the same report whatever the threads.
t="31 -j"
for f in json html; do
	"$dr" course -d "$D" -j 1 -f "$f" "$tmp/stream.yaml" >"$tmp/j1.$f" 2>/dev/null
	run "$dr" course -d "$D" -j 4 -f "$f" "$tmp/stream.yaml"
	status "$t 4 -f $f" 65
	same "$t 4 -f $f: as -j 1" "$tmp/j1.$f" "$out"
done

# --- 32. CSV, JSON, text ------------------------------------------------------

t="32 csv"
printf 'clinic:\n  name: "=HYPERLINK(\\"http://evil.example\\")"\n' >"$tmp/evil.yaml"
for k in summary treatments course; do
	run "$dr" "$k" --config "$tmp/evil.yaml" -d "$D" -f csv "$rdata/clinic.yaml"
	status "$t $k" 65
	if [ -n "$have_py" ]; then
		"$py" -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[0] == ["section", "row", "item", "measure", "value"], rows[0]
assert all(len(r) == 5 for r in rows), "a row of other than 5 fields"
bad = [c for r in rows for c in r if c[:1] in ("=", "+", "-", "@")]
assert not bad, bad
clinic = [r[4] for r in rows if r[2] == "clinic"]
assert clinic == ["\x27=HYPERLINK(\"http://evil.example\")"], clinic
' "$out" 2>"$tmp/py.err"
		rc=$?
		status "$t $k: read by csv: 5 fields, a header, no formula" 0
		[ "$rc" -eq 0 ] || cat "$tmp/py.err"
	fi
	lacks "$t $k: the formula as a formula" "$out" ',=HYPERLINK'
	equal "$t $k: CR LF line ends" "$(wc -l <"$out" | tr -d ' ')" \
	    "$(count "$out" "$(printf '\r')\$")"
done

if [ -n "$have_jq" ]; then
	for k in summary treatments course; do
		run "$dr" "$k" -d "$D" -f json "$@"
		status "32 json $k" 0
		equal "32 json $k: one object, read by jq" object "$(jq -r type "$out")"
		equal "32 json $k: the verdicts, each there" "true true true" \
		    "$(jq -r '.verdicts | "\(has("eligible")) \(has("review")) \(has("ineligible"))"' "$out")"
	done
	run "$dr" -d "$D" -f json "$ex/bram-devries.yaml"
	equal "32 json: a verdict no one has is 0" "1 0 0" \
	    "$(jq -r '.verdicts | "\(.eligible) \(.review) \(.ineligible)"' "$out")"
fi

t="32 text"
for k in summary treatments course; do
	for input in "$rdata/clinic.yaml" "$tmp/stream.yaml"; do
		run "$dr" "$k" -d "$D" "$input"
		equal "$t $k $(basename "$input"): 80 columns" 0 \
		    "$(awk 'length($0) > 80' "$out" | wc -l | tr -d ' ')"
	done
done
run "$dr" -d "$D" "$@"
status "$t examples" 0
golden "$t: the examples' summary" report-summary.text "$out"
run "$dr" treatments -d "$D" "$@"
golden "$t: the examples' treatments" report-treatments.text "$out"
run "$dr" --patient P-0002 -d "$D" "$@"
golden "$t: P-0002" report-patient.text "$out"

# --- 33. HTML: self-contained, escaped ------------------------------------------

t="33 html"
for k in summary treatments course patient; do
	set -- "$k"
	[ "$k" != patient ] || set -- --patient R-2
	run "$dr" "$@" -d "$D" -f html "$rdata/clinic.yaml"
	status "$t $k" 65
	cp "$out" "$tmp/report.$k.html"
	for s in '<script' '@import' 'url(' '<link' '<img' '<iframe' '<object' \
	    'http-equiv' 'src=' '<use' 'javascript:'; do
		lacks "$t $k: no '$s'" "$out" "$s"
	done
	equal "$t $k: href only to #" 0 "$(grep -o 'href="[^"]*"' "$out" | grep -vc '^href="#')"
	if [ -n "$have_py" ]; then
		"$py" -c '
import html.parser, sys
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text, self.bad = set(), [], []
    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for k, v in attrs:
            if k in ("src", "href", "xlink:href", "action", "data") and not (v or "").startswith("#"):
                self.bad.append((tag, k, v))
            if k.startswith("on"):
                self.bad.append((tag, k, v))
    def handle_data(self, d):
        self.text.append(d)
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
p.close()
assert "script" not in p.tags, "a script element"
assert not p.bad, p.bad
for need in ("html", "head", "style", "body", "table", "section", "h2"):
    assert need in p.tags, need
if sys.argv[2] == "patient":
    assert "<script>alert(1)</script>" in "".join(p.text), "the name as text"
if sys.argv[2] in ("summary", "treatments", "course"):
    assert "svg" in p.tags, "no chart"
' "$out" "$k" 2>"$tmp/py.err"
		rc=$?
		status "$t $k: html.parser: escaped, nothing external" 0
		[ "$rc" -eq 0 ] || cat "$tmp/py.err"
	fi
done
has "$t patient: the name escaped" "$tmp/report.patient.html" "&lt;script&gt;alert(1)&lt;/script&gt;"
has "$t: print CSS, a page a section" "$tmp/report.summary.html" "break-before:page"
set -- "$ex/ana-souza.yaml" "$ex/bram-devries.yaml" "$ex/chloe-bernard.yaml" \
    "$ex/clinic-day.yaml" "$ex/dev-patel.yaml"

# Rendered by Chromium, on screen and on paper.
t="33 chromium"
if command -v chromium >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then
	render() {
		rdir=$(mktemp -d "$tmp/chromium.XXXXXX")
		timeout 60 chromium --headless --no-sandbox --disable-gpu \
		    --disable-quic --no-first-run --disable-background-networking \
		    --disable-component-update --disable-sync \
		    --user-data-dir="$rdir" "$@" >/dev/null 2>&1
	}
	"$dr" treatments -d "$D" -f html "$tmp/stream.yaml" >"$tmp/render.html" 2>/dev/null
	render --window-size=1280,2000 --screenshot="$tmp/render.png" \
	    "file://$tmp/render.html"
	if [ -s "$tmp/render.png" ]; then ok; else bad "$t: no screenshot"; fi
	render --no-pdf-header-footer --print-to-pdf="$tmp/render.pdf" \
	    "file://$tmp/render.html"
	if [ -s "$tmp/render.pdf" ]; then ok; else bad "$t: no PDF"; fi
	pages=$(pdfinfo "$tmp/render.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
	# A page a section: the overview, months, areas, reactions.
	if [ "${pages:-0}" -ge 4 ]; then ok; else bad "$t: $pages pages, expected 4 or more"; fi
	pdftoppm -png -r 60 -f 1 -l 2 "$tmp/render.pdf" "$tmp/page" 2>/dev/null
	if [ -s "$tmp/page-1.png" ]; then ok; else bad "$t: pdftoppm gave no page"; fi
	# To look at them: DERMA_RENDER_DIR=dir make check.
	if [ -n "${DERMA_RENDER_DIR:-}" ]; then
		cp "$tmp/render.html" "$tmp/render.png" "$tmp/render.pdf" \
		    "$tmp"/page-*.png "$DERMA_RENDER_DIR"/
	fi
else
	skip "$t: no chromium or pdftoppm (.ci/install-deps installs them)"
fi

# --- 34. --anonymize ------------------------------------------------------------

t="34 --anonymize"
run "$dr" --anonymize -d "$D" "$rdata/clinic.yaml"
status "$t: the first run" 65
has "$t: the first run says it made the key" "$err" "made the key"
key=$XDG_DATA_HOME/derma/report.key
if [ -f "$key" ]; then ok; else bad "$t: no key at $key"; fi
equal "$t: the key's mode" 600 "$(stat -c %a "$key" 2>/dev/null)"
equal "$t: 32 bytes" 32 "$(wc -c <"$key" | tr -d ' ')"
for k in summary treatments course patient; do
	set -- "$k"
	[ "$k" != patient ] || set -- --patient R-1
	for f in $formats; do
		run "$dr" "$@" --anonymize -d "$D" -f "$f" "$rdata/clinic.yaml"
		status "$t $k -f $f" 65
		lacks "$t $k -f $f: no message of the key again" "$err" "made the key"
		for w in Rosa Secretname Formula Timer '&lt;script' alert \
		    rosa.secret example.org '+33' '11 22 33' 1980-04-02 1975-09-09 \
		    1990-01-01 1950-12-24 Prefers husband blue R-1 R-2 P-3 R-4 \
		    HYPERLINK; do
			lacks "$t $k -f $f: no '$w'" "$out" "$w"
		done
		cp "$out" "$tmp/anon.$k.$f"
		run "$dr" "$@" --anonymize -d "$D" -f "$f" "$rdata/clinic.yaml"
		same "$t $k -f $f: the same pseudonyms on the next run" \
		    "$tmp/anon.$k.$f" "$out"
	done
done
set -- "$ex/ana-souza.yaml" "$ex/bram-devries.yaml" "$ex/chloe-bernard.yaml" \
    "$ex/clinic-day.yaml" "$ex/dev-patel.yaml"
# The pseudonym of R-1 is the same in every report; another key, another.
p1=$(sed -n 's/^patients,[0-9]*,\([0-9a-f]*\),sessions,2\/3.*/\1/p' "$tmp/anon.course.csv")
equal "$t: R-1's pseudonym, 16 hex digits" 16 "${#p1}"
has "$t: R-1's pseudonym in the patient report too" "$tmp/anon.patient.text" "$p1"
printf 'report:\n  key_file: %s\n' "$tmp/other.key" >"$tmp/other.yaml"
run "$dr" course --anonymize --config "$tmp/other.yaml" -d "$D" -f csv "$rdata/clinic.yaml"
lacks "$t: another key, other pseudonyms" "$out" "$p1"
chmod 644 "$tmp/other.key"
run "$dr" course --anonymize --config "$tmp/other.yaml" -d "$D" "$rdata/clinic.yaml"
status "$t: a key others may read" 78
has "$t: a key others may read: said" "$err" "chmod 600"
empty "$t: a key others may read: no report" "$out"
# A symbolic link to nothing: the configuration names the wrong file.
ln -s "$tmp/nothing.key" "$tmp/dangling.key"
printf 'report:\n  key_file: %s\n' "$tmp/dangling.key" >"$tmp/dangling.yaml"
run "$dr" course --anonymize --config "$tmp/dangling.yaml" -d "$D" "$rdata/clinic.yaml"
status "$t: a key file that is a link to nothing" 78
has "$t: a link to nothing: said" "$err" "symbolic link"
empty "$t: a link to nothing: no report" "$out"
rm -f "$tmp/dangling.key" "$tmp/dangling.yaml"

# --- 35. progress, options, status ------------------------------------------------

t="35 progress"
run "$dr" -d "$D" "$tmp/stream.yaml"
lacks "$t: not to a file" "$err" "records/s"
if script -V 2>/dev/null | grep -q util-linux &&
    script -qec true /dev/null >/dev/null 2>&1; then
	# stderr at a terminal, stdout to a file.
	script -qec "\"$dr\" -d $D -f json \"$tmp/stream.yaml\" >\"$tmp/tty.json\"" \
	    /dev/null >"$out" 2>&1
	has "$t: at a terminal" "$out" "records/s"
	has "$t: cleared at the end" "$out" "$(printf '\r\033[K')"
	# A dumb terminal, or one TERM does not name, gets no ESC [ K: the
	# line is blanked with spaces.
	for term in dumb unset; do
		if [ "$term" = unset ]; then
			env -u TERM script -qec "\"$dr\" -d $D -f json \"$tmp/stream.yaml\" >/dev/null" \
			    /dev/null >"$out" 2>&1
		else
			TERM=$term script -qec "\"$dr\" -d $D -f json \"$tmp/stream.yaml\" >/dev/null" \
			    /dev/null >"$out" 2>&1
		fi
		has "$t: TERM $term: at a terminal" "$out" "records/s"
		lacks "$t: TERM $term: no escape" "$out" "$(printf '\033')"
		has "$t: TERM $term: cleared at the end" "$out" "$(printf ' \r')"
	done
	if [ -n "$have_jq" ]; then
		equal "$t: the report as without" 5000 "$(jq .patients "$tmp/tty.json")"
	fi
else
	skip "$t: no util-linux script(1), or no pseudo-terminal for it"
fi

t="35 usage"
for a in "-r bogus" "--report=bogus" "--weeks 0" "--weeks 53" "--from 2026-02-30" \
    "--from 2026-12-01 --to 2026-11-01" "-r summary --patient R-1" \
    "patient" "--from 1900-01-01 --to 2026-01-01" "-f yaml"; do
	# shellcheck disable=SC2086 # split the options
	run "$dr" $a -d "$D" "$ex/bram-devries.yaml"
	status "$t '$a'" 64
	empty "$t '$a': stdout" "$out"
done
# At most 100 years, by the days, both included: not by calendar months.
for a in "1926-11-26 2026-11-25" "1926-11-30 2026-11-01" "2026-01-01 2125-12-31"; do
	# shellcheck disable=SC2086 # split the dates
	set -- $a
	run "$dr" --from "$1" --to "$2" -d "$D" -f csv "$ex/bram-devries.yaml"
	status "$t --from $1 --to $2: 100 years or less" 0
done
for a in "1926-11-25 2026-11-25" "2026-01-01 2126-01-01"; do
	# shellcheck disable=SC2086 # split the dates
	set -- $a
	run "$dr" --from "$1" --to "$2" -d "$D" -f csv "$ex/bram-devries.yaml"
	status "$t --from $1 --to $2: a day over 100 years" 64
	has "$t --from $1 --to $2: said" "$err" "100 years at most"
done
set -- "$ex/ana-souza.yaml" "$ex/bram-devries.yaml" "$ex/chloe-bernard.yaml" \
    "$ex/clinic-day.yaml" "$ex/dev-patel.yaml"
run "$dr" -h
status "$t -h" 0
has "$t -h" "$out" "usage: derma-report"
run "$dr" --version
equal "$t --version" "derma-report 0.1.0" "$(cat "$out")"
# A file named like a report is read after -r, or as ./name.
cp "$ex/bram-devries.yaml" "$tmp/course"
runin "$tmp" "$dr" -r summary -d "$D" -f json course
status "$t: -r, then a file named course" 0
runin "$tmp" "$dr" -d "$D" -f json ./course
status "$t: ./course" 0
if [ -w /dev/full ]; then
	"$dr" -d "$D" "$@" >/dev/full 2>"$err"
	rc=$?
	status "$t: stdout is /dev/full" 74
fi

# --- 35. long ids in 80 columns; a patient not there -------------------------

# A course row with a long id, or a pseudonym's 16 hex digits, once ran to
# 83-92 columns: the id now goes on a line of its own.
t="35 course, long ids"
sed 's/^id: /id: CLINIC-LONDON-2026-/' "$rdata/clinic.yaml" >"$tmp/longid.yaml"
run "$dr" course -d "$D" "$tmp/longid.yaml"
equal "$t: 80 columns" 0 "$(awk 'length($0) > 80' "$out" | wc -l | tr -d ' ')"
equal "$t: the id on a line of its own" 1 \
    "$(grep -cx '  CLINIC-LONDON-2026-R-1' "$out")"
has "$t: its row under it" "$out" "    overdue  2/3    2026-02-20"
run "$dr" course --anonymize -d "$D" "$rdata/clinic.yaml"
equal "35 course, pseudonyms: 80 columns" 0 \
    "$(awk 'length($0) > 80' "$out" | wc -l | tr -d ' ')"
rm -f "$tmp/longid.yaml"

# The patient report of an id no record has says so in every table, not
# "Patients 5" and "no findings", which read as a clean screening.
t="35 patient not there"
for f in text markdown; do
	run "$dr" --patient NOPE -d "$D" -f "$f" "$rdata/clinic.yaml"
	status "$t -f $f" 65
	lacks "$t -f $f: no figures of the run" "$out" "Patients"
	lacks "$t -f $f: no clean screening" "$out" "no findings"
	equal "$t -f $f: each table says so" 4 "$(grep -c 'no record has this id' "$out")"
done

# The patient is the last record with the id; when that one is bad, an
# older one is not shown as the patient now (it once was, silently).
t="35 patient, the last record bad"
printf 'id: L-1\nname: Old Name\nskin: {concerns: [wrinkles]}\n---\nid: L-1\nname: New Name\nskin: {concerns: [elbows]}\n' >"$tmp/last-bad.yaml"
for f in text json; do
	run "$dr" --patient L-1 -d "$D" -f "$f" "$tmp/last-bad.yaml"
	status "$t -f $f" 65
	lacks "$t -f $f: not the older record" "$out" "Old Name"
	has "$t -f $f: said" "$err" "the last record with the id L-1 is bad"
done
run "$dr" --patient L-1 -d "$D" "$tmp/last-bad.yaml"
equal "$t: each table says so" 4 "$(grep -c 'the last record with this id is bad' "$out")"
[ -z "$have_jq" ] || {
	run "$dr" --patient L-1 -d "$D" -f json "$tmp/last-bad.yaml"
	equal "$t: null" null "$(jq -c .patient "$out")"
}
# A bad record before the last, good one: the good one is shown.
printf 'id: L-1\nskin: {concerns: [elbows]}\n---\nid: L-1\nname: New Name\n' >"$tmp/last-bad.yaml"
run "$dr" --patient L-1 -d "$D" "$tmp/last-bad.yaml"
status "$t: a bad one before" 65
has "$t: a bad one before: the last shown" "$out" "New Name"
lacks "$t: a bad one before: not said" "$err" "the last record"
rm -f "$tmp/last-bad.yaml"

# Invalid YAML in the last record: the parser gives it up, and the stream
# ends; that record is skipped as a bad one is, and counted.
t="35 a broken last record"
printf 'id: G-1\n---\nid: G-2\n  bad: [' >"$tmp/broken.yaml"
run "$dr" -d "$D" -f csv "$tmp/broken.yaml"
status "$t" 65
has "$t: said" "$err" "invalid YAML"
has "$t: the good one" "$out" "overview,1,patients,value,1"
has "$t: counted as skipped" "$out" "overview,2,skipped,value,1"
printf 'id: G-1\n---\nid: G-2\nbad: [' >"$tmp/broken.yaml"
run "$dr" -d "$D" "$tmp/broken.yaml"
has "$t, its id read: in the text" "$out" "Bad records skipped      1"
printf 'id: G-2\nname: Old Name\n---\nid: G-2\nbad: [' >"$tmp/broken.yaml"
run "$dr" --patient G-2 -d "$D" "$tmp/broken.yaml"
status "$t, the patient's" 65
lacks "$t, the patient's: not the older record" "$out" "Old Name"
has "$t, the patient's: said" "$err" "the last record with the id G-2 is bad"
rm -f "$tmp/broken.yaml"

# A session dated after the run's day has not been given as of that day:
# not counted, whatever --to says, and not listed as given; it is counted
# apart so that the date is looked at.
t="35 a session after the day"
printf 'id: F-1\nskin: {concerns: [wrinkles]}\ntreatments:\n  - {date: 2026-10-01, areas: {cheeks: 1.0}}\n  - {date: 2026-12-10, areas: {neck: 0.5}, reactions: [redness]}\n' >"$tmp/future.yaml"
run "$dr" treatments -d "$D" --to 2026-12-31 -f csv "$tmp/future.yaml"
status "$t" 0
has "$t: one session" "$out" "overview,3,sessions,value,1"
has "$t: counted apart" "$out" "overview,5,after_day,value,1"
has "$t: not in December" "$out" "by_month,12,2026-12,sessions,0"
lacks "$t: not its area" "$out" "neck"
lacks "$t: not its reaction" "$out" "redness"
if [ -n "$have_jq" ]; then
	run "$dr" treatments -d "$D" --to 2026-12-31 -f json "$tmp/future.yaml"
	equal "$t -f json" "1 1 0" \
	    "$(jq -r '.treatments | "\(.sessions) \(.after_day) \(.with_reactions)"' "$out")"
fi
run "$dr" --patient F-1 -d "$D" "$tmp/future.yaml"
status "$t: patient" 0
lacks "$t: patient: not given" "$out" "2026-12-10"
has "$t: patient: counted apart" "$out" "  Sessions after the day  1"
rm -f "$tmp/future.yaml"

# A patient under review whose relative findings all end on known days
# (warfarin stopped, its effect over in 5 days) becomes eligible then, and
# is listed; one whose finding has no end (warfarin taken) is not.
t="35 summary, review ending"
printf 'id: W-1\nmedications: [{name: warfarin, stopped: 2026-11-22}]\n---\nid: W-2\nmedications: [warfarin]\n' >"$tmp/review.yaml"
run "$dr" summary -d "$D" "$tmp/review.yaml"
status "$t" 0
has "$t: listed from the day the effect is over" "$out" "  W-1      2026-11-27  eligible  review"
lacks "$t: a finding with no end, not" "$out" "  W-2  "
rm -f "$tmp/review.yaml"
