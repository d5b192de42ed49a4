# Command tests: derma-plan (derma-plan(1), SPEC sections 3, 5 and 6).
# Sourced by run.sh, whose harness and variables it uses ("$@" is the
# example files; $tmp/stream.yaml the 5000 records of section 9).
# shellcheck shell=sh disable=SC2154,SC2034

dp=$bin/derma-plan

# --- 20. the example patients --------------------------------------------------

t="20 examples"
run "$dp" -d "$D" -f text "$@"
status "$t -f text" 0
golden "$t -f text" plan-examples.text "$out"
empty "$t -f text: stderr" "$err"
run "$dp" -d "$D" "$@"
status "$t -f yaml" 0
golden "$t -f yaml" plan-examples.yaml "$out"
cp "$out" "$tmp/planned.yaml"
run "$dp" -d "$D" -f json "$@"
golden "$t -f json" plan-examples.json "$out"

# The text view fits 80 columns but for the one-line refusals.
run "$dp" -d "$D" -f text "$@"
equal "$t: 80 columns" 0 "$(grep -v '  refused: ' "$out" | awk 'length($0) > 80' | wc -l | tr -d ' ')"

# The pipe: screened first or not, the same plans; planned again, the same
# bytes (the block is replaced, not added).
run sh -c '"$1" -d "$2" "$3" | "$4" -d "$2" -f text' sh "$ds" "$D" "$ex/clinic-day.yaml" "$dp"
cp "$out" "$tmp/piped.text"
run "$dp" -d "$D" -f text "$ex/clinic-day.yaml"
same "$t: derma-screen | derma-plan plans as derma-plan" "$tmp/piped.text" "$out"
run "$dp" -d "$D" "$tmp/planned.yaml"
same "$t: planned twice" "$tmp/planned.yaml" "$out"
equal "$t: one plan block a record" "$(count "$tmp/planned.yaml" '^id: ')" \
    "$(count "$out" '^plan:')"
# A screening block the input carries is passed on as it is.
run sh -c '"$1" -d "$2" "$3" | "$4" -d 2027-01-10' sh "$ds" "$D" "$ex/ana-souza.yaml" "$dp"
has "$t: the screening block of the input kept" "$out" "  date: $D"

# Clinically sound, by CLINICAL.md: dates on open days (Monday to Friday by
# default), at least 4 weeks apart, not before the patient is eligible.
t="20 sound"
run "$dp" -d "$D" -f json "$@"
awk '/"plan":\{"status":"planned"/ {
		n = split($0, parts, "\"n\":")
		for (i = 2; i <= n; i++) {
			d = parts[i]
			sub(/^[0-9]+,"date":"/, "", d)
			print substr(d, 1, 10)
		}
	}' "$out" >"$tmp/dates"
bad_days=0
while read -r d; do
	wd=$(date -d "$d" +%u)
	[ "$wd" -le 5 ] || bad_days=$((bad_days + 1))
	[ "$(echo "$d" | tr -d -)" -lt "$(echo "$D" | tr -d -)" ] &&
	    bad_days=$((bad_days + 1))
done <"$tmp/dates"
equal "$t: every session on an open day, not before the run's" 0 "$bad_days"
nonempty "$t: sessions planned" "$tmp/dates"
has "$t: ana-souza from her eligible day" "$out" '"date":"2027-02-15"'

# --- 21. options -------------------------------------------------------------

t="21 --areas"
run "$dp" -d "$D" -f text --areas cheeks,chin "$ex/bram-devries.yaml"
status "$t" 0
has "$t: the areas named" "$out" "cheeks 1.0, chin 0.5"
lacks "$t: only them" "$out" "forehead"
run "$dp" --areas cheeks,elbow "$ex/bram-devries.yaml"
status "$t elbow" 64
has "$t elbow: named" "$err" "unknown area 'elbow'"
empty "$t elbow: stdout" "$out"
run "$dp" --areas cheeks,Cheek "$ex/bram-devries.yaml"
status "$t twice" 64
run "$dp" --areas list
status "$t list" 0
equal "$t list" 18 "$(wc -l <"$out" | tr -d ' ')"
has "$t list: decolletage" "$out" "decolletage"

t="21 --sessions"
run "$dp" -d "$D" --sessions 5 "$ex/dev-patel.yaml"
equal "$t 5" 5 "$(count "$out" '^ *- n: ')"
for a in 0 21 x; do
	run "$dp" --sessions "$a" "$ex/dev-patel.yaml"
	status "$t $a" 64
done

t="21 --start"
run "$dp" -d "$D" --start 2027-01-02 -f json "$ex/dev-patel.yaml"
has "$t: a Saturday: the Monday after" "$out" '"n":1,"date":"2027-01-04"'
run "$dp" --start 2027-02-30 "$ex/dev-patel.yaml"
status "$t 2027-02-30" 64
has "$t 2027-02-30: no such day" "$err" "no such day"

# The clinic's configuration: closed days move sessions; a bad file is 78.
t="21 --config"
printf 'closed: [{from: 2026-11-23, to: 2026-11-29}]\n' >"$tmp/closed.yaml"
run "$dp" -d "$D" --config "$tmp/closed.yaml" -f json "$ex/dev-patel.yaml"
status "$t" 0
has "$t: closed this week" "$out" '"n":1,"date":"2026-11-30"'
printf 'clinic:\n  nmae: Huid\n' >"$tmp/bad-config.yaml"
run "$dp" --config "$tmp/bad-config.yaml" "$ex/dev-patel.yaml"
status "$t bad" 78
has "$t bad: file, line and column" "$err" "bad-config.yaml:2:3:"
empty "$t bad: stdout" "$out"
DERMA_CONFIG=$tmp/bad-config.yaml run "$dp" "$ex/dev-patel.yaml"
status "$t DERMA_CONFIG bad" 78
run "$ds" --config "$tmp/bad-config.yaml" "$ex/dev-patel.yaml"
status "$t bad, derma-screen too" 78

# --- 22. the record stream -------------------------------------------------------

t="22 -j"
run tmo "$dp" -d "$D" -j 1 "$tmp/stream.yaml"
status "$t 1" 65
equal "$t 1: records" 5000 "$(count "$out" '^plan:')"
cp "$out" "$tmp/p1.out"
cp "$err" "$tmp/p1.err"
run tmo "$dp" -d "$D" -j 4 "$tmp/stream.yaml"
same "$t 4: stdout as -j 1" "$tmp/p1.out" "$out"
same "$t 4: stderr as -j 1" "$tmp/p1.err" "$err"

# A bad record keeps its place in the text view, as in derma-screen's.
t="22 text: a skipped record"
printf -- '---\nid: P-1\nskin: {fitzpatrick: 2, concerns: [wrinkles]}\n---\nid: P-2\nskin: {fitzpatrick: 9}\n---\nid: P-3\nskin: {fitzpatrick: 2, concerns: [wrinkles]}\n' >"$tmp/plan-bad.yaml"
run "$dp" -d "$D" -f text "$tmp/plan-bad.yaml"
status "$t" 65
grep -v '^ ' "$out" >"$tmp/plan-bad.lines"
printf '%s\n' "P-1  planned, 3 sessions" \
    "P-2  not planned: bad record, see the error message for $tmp/plan-bad.yaml:6" \
    "P-3  planned, 3 sessions" >"$tmp/plan-bad.want"
same "$t: in its place" "$tmp/plan-bad.want" "$tmp/plan-bad.lines"
has "$t: the error" "$err" "plan-bad.yaml:6:21: fitzpatrick"

# --- the review's cases ---------------------------------------------------------

# A refused patient's reason once ran to 111-202 columns in the text
# view, whose man page promises 80: it wraps.
t="plan text, a long reason"
printf 'id: LR-1\nname: Farid Haddad\nskin: {concerns: [wrinkles]}\nmedications: [{name: warfarin, since: 2026-01-01}, doxycycline]\n' >"$tmp/long-reason.yaml"
run "$dp" -d "$D" -f text "$tmp/long-reason.yaml"
has "$t: refused" "$out" "LR-1  Farid Haddad  refused: not eligible:"
equal "$t: 80 columns" 0 "$(awk 'length($0) > 80' "$out" | wc -l | tr -d ' ')"
rm -f "$tmp/long-reason.yaml"

# An NSAID that starts only after the session needs no "stop it" before
# it; one started before does.
t="plan notes, an NSAID started later"
for since in 2026-12-10 2026-11-30; do
	printf 'id: N-1\nskin: {concerns: [wrinkles]}\nmedications: [{name: ibuprofen, since: %s}]\n' "$since" >"$tmp/nsaid.yaml"
	run "$dp" -d "$D" --start 2026-12-01 "$tmp/nsaid.yaml"
	status "$t, since $since" 0
	cp "$out" "$tmp/nsaid.plan"
	run "$bin/derma-aftercare" -d "$D" "$tmp/nsaid.plan"
	if [ "$since" = 2026-12-10 ]; then
		lacks "$t, since $since: no note" "$tmp/nsaid.plan" "NSAIDs"
		lacks "$t, since $since: no reminder" "$out" "prepare-nsaids"
	else
		has "$t, since $since: the note" "$tmp/nsaid.plan" "NSAIDs) from 2026-11-28"
		has "$t, since $since: the reminder" "$out" "prepare-nsaids"
	fi
done
rm -f "$tmp/nsaid.yaml" "$tmp/nsaid.plan"

# --- a skin type not given ---------------------------------------------------------

# It may be IV-VI: needled as those are (1.5 x 0.75 on the cheeks at the
# deepest: 1.1), and both tools say it is not known.
t="20 no skin type"
printf '%s\n' 'id: K-1' 'skin: {concerns: [acne-scars]}' '---' 'id: K-4' \
    'skin: {fitzpatrick: 4, concerns: [acne-scars]}' '---' 'id: K-2' \
    'skin: {fitzpatrick: 2, concerns: [acne-scars]}' >"$tmp/type.yaml"
run "$dp" -d "$D" "$tmp/type.yaml"
status "$t" 0
equal "$t: deepest as type IV, not as type II" "1.1 1.1 1.5" \
    "$(sed -n 's/.*areas: {cheeks: \([0-9.]*\),.*/\1/p' "$out" |
    awk 'NR % 3 == 0' | tr '\n' ' ' | sed 's/ $//')"
run "$dp" -d "$D" -f text "$tmp/type.yaml"
has "$t: the plan says so" "$out" "  caution: skin type (Fitzpatrick) not given"
equal "$t: only where not given" 1 "$(count "$out" "not given")"
has "$t: darker skin's caution in the plan too" "$out" "  caution: Fitzpatrick IV"
run "$bin/derma-screen" -d "$D" "$tmp/type.yaml"
equal "$t: the screening's caution" "K-1" \
    "$(awk '/^id: /{id=$2} /rule: skin-type-unknown/{print id}' "$out")"
rm -f "$tmp/type.yaml"

# --- maintenance: an area never needled --------------------------------------

# A complete course's maintenance session gave an area no treatment had
# needled the deep end of its range (the thighs 2.0 mm after four sessions
# on the abdomen alone): it starts at the shallow end, as a first session
# does; an area treated goes on at its last depth.
t="20 maintenance, a new area"
run "$dp" -d "$D" -f text "$data/plan/maintenance.yaml"
status "$t" 0
empty "$t: stderr" "$err"
golden "$t -f text" plan-maintenance.text "$out"
has "$t: the thighs at the shallow end" "$out" "abdomen 1.5, thighs 1.5"
has "$t: forehead and chin at the shallow end" "$out" \
    "cheeks 1.5, forehead 0.5, chin 1.0"
has "$t: the crows-feet at the shallow end" "$out" \
    "forehead 0.5, crows-feet 0.3, perioral 0.3"

# --- a long name, within 80 columns ------------------------------------------

# The id, the name and the status made one line of 87 to 175 columns: the
# status goes on a line of its own when it would pass 80.
t="21 a long name"
long="María del Carmen Fernández de Córdoba y Rodríguez-Martínez"
printf '%s\n' 'id: W-1' "name: \"$long\"" \
    'skin: {fitzpatrick: 2, concerns: [wrinkles]}' '---' 'id: W-2' \
    "name: \"$long\"" 'pregnant: true' 'skin: {fitzpatrick: 2}' '---' \
    'id: W-3' 'name: Ana' 'skin: {fitzpatrick: 2, concerns: [wrinkles]}' \
    >"$tmp/long-name.yaml"
run "$dp" -d "$D" -f text "$tmp/long-name.yaml"
status "$t" 0
equal "$t: no line over 80 columns" 0 \
    "$(LC_ALL=C.UTF-8 awk 'length($0) > 80' "$out" | wc -l | tr -d ' ')"
has "$t: the name on its own" "$out" "W-1  $long
  planned, 3 sessions"
has "$t: refused, on a line of its own" "$out" "W-2  $long
  refused: not eligible: pregnant"
has "$t: a short name keeps one line" "$out" "W-3  Ana  planned, 3 sessions"

# --- an approval that lapses during the course -------------------------------

# The consultation of 2026-01-20 approved the lupus; its approval lapses on
# 2027-01-20, the third session's day.  The whole course was refused,
# sessions 1 and 2 with it, which the approval covers: they are planned,
# and the plan says the third was not, and why.
t="22 approval lapses before session 3"
printf '%s\n' 'id: L-1' 'name: Ana' \
    'skin: {fitzpatrick: 2, concerns: [wrinkles]}' 'history: [lupus]' \
    'consultation: {date: 2026-01-20, approved: true}' '---' 'id: L-2' \
    'skin: {fitzpatrick: 2, concerns: [wrinkles]}' 'history: [lupus]' \
    'consultation: {date: 2025-11-20, approved: true}' >"$tmp/lapse.yaml"
run "$dp" -d "$D" "$tmp/lapse.yaml"
status "$t" 0
empty "$t: stderr" "$err"
equal "$t: L-1 planned, L-2 (lapsed already) refused" "L-1 planned
L-2 refused" "$(awk '/^id: /{id=$2} /^  status: /{print id, $2}' "$out")"
equal "$t: the sessions the approval covers" "2026-11-25
2026-12-23" "$(awk '/^id: L-1/{p=1} /^id: L-2/{p=0} p && /^ +date: /{print $2}' "$out")"
has "$t: a note names session 3 and why" "$out" \
    "- \"session 3 not planned: needs a dermatologist's approval: autoimmune (lupus): needs a doctor's consent; the approval of 2026-01-20 counts for 12 months and lapsed on 2027-01-20\""
cp "$out" "$tmp/lapse.plan"
run "$dp" -d "$D" -f text "$tmp/lapse.yaml"
has "$t: -f text says the course stops short" "$out" \
    "  stops short: session 3 not planned: needs a dermatologist's approval:"
# The block reads back: derma-aftercare finds the next session in it, and
# derma-plan on its own output gives the same bytes.
run "$bin/derma-aftercare" -d 2026-11-26 -f text "$tmp/lapse.plan"
status "$t: derma-aftercare reads the plan" 0
has "$t: the next session" "$out" "2026-12-23"
run "$dp" -d "$D" "$tmp/lapse.plan"
same "$t: derma-plan on its output" "$tmp/lapse.plan" "$out"
rm -f "$tmp/lapse.yaml" "$tmp/lapse.plan"

# --- the first days a date can name ------------------------------------------

# A session on 0001-01-02: two weeks before it is no day YYYY-MM-DD names.
# The notes said "from 0000-12-19", which no tool reads back; they hold
# from 0001-01-01, and derma-aftercare's calendar agrees.
t="23 a course in year 1"
printf '%s\n' 'id: Y-1' 'skin: {fitzpatrick: 2, concerns: [wrinkles]}' \
    'medications: [ibuprofen]' >"$tmp/year1.yaml"
run "$dp" -d 0001-01-01 --start 0001-01-02 "$tmp/year1.yaml"
status "$t" 0
empty "$t: stderr" "$err"
equal "$t: no year 0" 0 "$(grep -c '0000-' "$out")"
has "$t: sun from the first day" "$out" \
    "- avoid sun and tanning from 0001-01-01, two weeks before"
cp "$out" "$tmp/year1.plan"
run "$bin/derma-aftercare" -d 0001-01-01 -f ics "$tmp/year1.plan"
status "$t: derma-aftercare" 0
equal "$t: no calendar day in year 0" 0 "$(grep -c 'DATE:0000' "$out")"
has "$t: the reminders of the first day" "$out" "DTSTART;VALUE=DATE:00010101"
rm -f "$tmp/year1.yaml" "$tmp/year1.plan"
