# Command tests: screening (SPEC sections 2 and 3, CLINICAL.md section 1,
# issue 10).  Sourced by run.sh, whose harness it uses; the fixtures are in
# data/screening.  Each case the clinical review found passed as eligible
# must come out safe: a data error naming the key, or not eligible.

# shellcheck disable=SC2154 # data, tmp, out, err, ds, D: run.sh sets them
sd=$data/screening
cat "$sd"/* | cksum >"$tmp/screening.before"

# ids_of FILE: the ids a YAML stream written by derma-screen holds, in one line.
ids_of() { ids "$1" | tr '\n' ' ' | sed 's/ $//'; }

# --- S0. the cases of the review: none is eligible any more -------------------------

t="S0 issue-10.yaml"
runin "$sd" "$ds" -d "$D" issue-10.yaml
status "$t" 65
summary "$out" >"$tmp/got"
same "$t: each given a verdict is not eligible" "$sd/issue-10.summary" "$tmp/got"
equal "$t: no record eligible" 0 "$(count "$out" '^  verdict: eligible$')"
for m in "5:1: Pregnant: did you mean 'pregnant'? (id R-Pregnant)" \
    "8:1: Medications: did you mean 'medications'? (id R-Medications)" \
    "11:8: Conditions: did you mean 'conditions'? (id R-skin-Conditions)" \
    "14:1: conditions: did you mean 'conditions' under 'skin'? (id R-conditions-top)" \
    "17:1: breastfeeding: did you mean 'lactating'? (id R-breastfeeding)" \
    "63:43: since: after stopped: one of the dates is wrong (id R-future-since)"; do
	has "$t: a data error" "$err" "derma-screen: issue-10.yaml:$m"
done
equal "$t: every record out or reported" 20 \
    "$(($(count "$out" '^id: ') + $(wc -l <"$err")))"

# --- S1. typed values are read whole -------------------------------------------

t="S1 nul-values.yaml"
runin "$sd" "$ds" -d "$D" nul-values.yaml
status "$t" 65
equal "$t: the good record only" "N-ok" "$(ids_of "$out")"
has "$t: pregnant \"no\\0yes\" is not false" "$err" \
    "nul-values.yaml:4:11: pregnant: expected true or false (yes/no) (id N-1)"
has "$t: fitzpatrick \"II\\0x\" is not II" "$err" \
    "nul-values.yaml:7:21: fitzpatrick: expected 1-6 or I-VI (id N-2)"
has "$t: lactating \"false\\0\" is not false" "$err" \
    "nul-values.yaml:10:12: lactating: expected true or false (yes/no) (id N-3)"
lacks "$t: no name in messages" "$err" "Zelda"

# --- S2. a rule's message uses only the placeholders its kind can fill ------------

# A flag rule has no date: "{date}" in its message would be written as it
# is.  It is an error in the rules data, at its file, line and column.
mkdir -p "$tmp/srules"
cp "$root"/share/derma/*.yaml "$tmp/srules/"
sed 's/^    message: pregnant$/    message: "pregnant since {date}"/' \
    "$root/share/derma/screening.yaml" >"$tmp/srules/screening.yaml"
ln=$(grep -n 'pregnant since {date}' "$tmp/srules/screening.yaml" | cut -d: -f1)
t="S2 a flag rule with {date}"
run "$ds" -d "$D" --rules "$tmp/srules" "$ex/bram-devries.yaml"
# 78, the clinic's configuration is bad: not 65, which says a patient's
# record was skipped and the others screened, when none was.
status "$t" 78
empty "$t: stdout" "$out"
has "$t: file, line and column" "$err" \
    "$tmp/srules/screening.yaml:$ln:14: message: placeholder {date} cannot be filled in a flag rule's message"

# Every other way the rules data can be bad is the same status: a file
# that is not YAML, a file missing, an empty file, no English texts.
cp "$root"/share/derma/*.yaml "$tmp/srules/"
printf 'rules: [\n' >>"$tmp/srules/screening.yaml"
t="S2 rules data not YAML"
run "$ds" -d "$D" --rules "$tmp/srules" "$ex/bram-devries.yaml"
status "$t" 78
empty "$t: stdout" "$out"
has "$t: the file" "$err" "$tmp/srules/screening.yaml:"
cp "$root"/share/derma/screening.yaml "$tmp/srules/"
rm "$tmp/srules/medications.yaml"
t="S2 rules data: a file missing"
run "$ds" -d "$D" --rules "$tmp/srules" "$ex/bram-devries.yaml"
status "$t" 78
has "$t: the file" "$err" "$tmp/srules/medications.yaml"
cp "$root"/share/derma/medications.yaml "$tmp/srules/"
: >"$tmp/srules/plan.yaml"
t="S2 rules data: an empty file"
run "$bin/derma-plan" -d "$D" --rules "$tmp/srules" "$ex/bram-devries.yaml"
status "$t" 78
has "$t: the file" "$err" "$tmp/srules/plan.yaml"
cp "$root"/share/derma/plan.yaml "$tmp/srules/"
rm "$tmp/srules"/aftercare.en.yaml
t="S2 rules data: no English texts"
run "$bin/derma-aftercare" -d "$D" --rules "$tmp/srules" "$ex/bram-devries.yaml"
status "$t" 78
has "$t: says so" "$err" "no aftercare.en.yaml"
rm -rf "$tmp/srules"

# --- S3. near misses of the record's keys -------------------------------------------

t="S3 near-miss.yaml"
runin "$sd" "$ds" -d "$D" near-miss.yaml
status "$t" 65
equal "$t: only the record with the user's own keys" "K-ok" "$(ids_of "$out")"
equal "$t: one message per near miss" 13 "$(wc -l <"$err" | tr -d ' ')"
for m in \
    "5:1: Pregnant: did you mean 'pregnant'? (id K-1)" \
    "8:1: Medications: did you mean 'medications'? (id K-2)" \
    "11:24: Conditions: did you mean 'conditions'? (id K-3)" \
    "14:1: conditions: did you mean 'conditions' under 'skin'? (id K-4)" \
    "17:1: breastfeeding: did you mean 'lactating'? (id K-5)" \
    "20:1: fitzpatrick: did you mean 'fitzpatrick' under 'skin'? (id K-6)" \
    "24:26: Stopped: did you mean 'stopped'? (id K-7)" \
    "27:28: when: did you mean 'date'? (id K-8)" \
    "30:34: Approved: did you mean 'approved'? (id K-9)" \
    "34:11: e-mail: did you mean 'email'? (id K-10)" \
    "39:3: history: did you mean 'history' at the top of the record? (id K-11)" \
    "42:1: lactating : did you mean 'lactating'? (id K-12)" \
    "45:1: meds: did you mean 'medications'? (id K-13)"; do
	has "$t" "$err" "derma-screen: near-miss.yaml:$m"
done
for w in Zelda Roaccutane warfarin acne keloid; do
	lacks "$t: no '$w' in messages" "$err" "$w"
done

# --- S4. medication names as people write them ------------------------------------

t="S4 names.yaml"
run "$ds" -d "$D" "$sd/names.yaml"
status "$t" 1
empty "$t: stderr" "$err"
summary "$out" >"$tmp/got"
same "$t: id verdict eligible_from rules" "$sd/names.summary" "$tmp/got"
has "$t: the name not recognised is named" "$out" \
    'message: "valerian root: not recognised; check it"'
equal "$t: one caution for the three names" 1 \
    "$(count "$out" '^ *message: .*not recognised')"

# --- S5. consistency: since after stopped, questions not answered ------------------

t="S5 consistency.yaml"
runin "$sd" "$ds" -d "$D" consistency.yaml
status "$t" 65
equal "$t: one message" 1 "$(wc -l <"$err" | tr -d ' ')"
has "$t: since after stopped" "$err" \
    "consistency.yaml:4:43: since: after stopped: one of the dates is wrong (id C-since-after-stopped)"
summary "$out" >"$tmp/got"
printf '%s\n' "C-pregnant-unanswered eligible - pregnancy-unanswered,skin-type-unknown" \
    "C-lactating-unanswered eligible - lactation-unanswered,skin-type-unknown" \
    "C-absent eligible - skin-type-unknown" >"$tmp/want"
same "$t: a null is asked and not answered, a caution" "$tmp/want" "$tmp/got"

# --- S6. anticoagulants after stopping -------------------------------------------------

t="S6 anticoagulants.yaml"
run "$ds" -d "$D" "$sd/anticoagulants.yaml"
status "$t" 1
empty "$t: stderr" "$err"
summary "$out" >"$tmp/got"
same "$t: id verdict eligible_from rules" "$sd/anticoagulants.summary" "$tmp/got"
has "$t: warfarin's 5 days" "$out" \
    "warfarin stopped 2026-11-21; it acts for 5 days after the last dose, so a doctor's consent is needed before 2026-11-26"

# --- S7. the approval's scope --------------------------------------------------------

t="S7 approval.yaml"
run "$ds" -d "$D" "$sd/approval.yaml"
status "$t" 1
empty "$t: stderr" "$err"
summary "$out" >"$tmp/got"
same "$t: id verdict eligible_from rules" "$sd/approval.summary" "$tmp/got"
for m in \
    "begun 2026-01-10, after the consultation of 2025-12-01, so its approval does not cover it" \
    "the approval of 2025-11-25 counts for 12 months and lapsed on 2026-11-25" \
    "the approval has no consultation date, so it does not count" \
    "the consultation of 2026-12-01 is still to come, so its approval does not count yet"; do
	has "$t: says why" "$out" "$m"
done
equal "$t: approved where it covers" 2 "$(count "$out" '^    approved: true$')"

# --- S8. messages a receptionist reads right ----------------------------------------

# messages.text holds what the text view must say, read line by line.
t="S8 messages.yaml"
run "$ds" -d "$D" -f text "$sd/messages.yaml"
status "$t" 1
empty "$t: stderr" "$err"
same "$t: the text view" "$sd/messages.text" "$out"
run "$ds" -d "$D" -f yaml "$sd/messages.yaml"
equal "$t: the same finding once" 1 \
    "$(awk '/^id: W-twice/ { r = 1 } r && /- rule:/ && !/skin-type-unknown/ { n++ } END { print n + 0 }' "$out")"
# No "until" a receptionist could read as the last day, anywhere.
for f in "$ex"/*.yaml "$data"/semantics.yaml "$sd"/*.yaml; do
	run "$ds" -d "$D" -f text "$f"
	lacks "$t: no 'until' for $(basename "$f")" "$out" "until"
	lacks "$t: no doubled brackets for $(basename "$f")" "$out" ") ("
done

# --- S9. a skipped record is seen in the text view ----------------------------------

t="S9 skipped.yaml"
runin "$sd" "$ds" -d "$D" -f text skipped.yaml
status "$t" 65
same "$t: a line in place for each skipped record" "$sd/skipped.text" "$out"
equal "$t: one error each" 3 "$(wc -l <"$err" | tr -d ' ')"
runin "$sd" "$ds" -d "$D" -f yaml skipped.yaml
lacks "$t: not in the yaml stream" "$out" "not screened"
equal "$t: yaml: the good records" "S-1 S-5" "$(ids_of "$out")"
runin "$sd" "$ds" -d "$D" -f text -j 4 skipped.yaml
same "$t, -j 4" "$sd/skipped.text" "$out"
run "$ds" -d "$D" -f text <"$sd/skipped.yaml"
has "$t on stdin: by position" "$out" \
    "<stdin>:9  not screened: bad record, see the error message"
# A record the YAML broke in (what follows is not read): its line too.
t="S9 broken stream"
printf '%s\n' 'id: B-1' 'skin: {fitzpatrick: 2}' '---' 'id: B-2' \
    'skin: {fitzpatrick: 2}' 'medications: [Roaccutane 20mg' '---' 'id: B-3' \
    >"$tmp/broken.yaml"
runin "$tmp" "$ds" -d "$D" -f text broken.yaml
status "$t" 65
equal "$t: B-1, then B-2 in its place" "B-1  eligible
B-2  not screened: bad record, see the error message for broken.yaml:7" \
    "$(cat "$out")"
has "$t: the error names it" "$err" "broken.yaml:7:1: invalid YAML"
has "$t: the error names it by id" "$err" "(id B-2)"

# --- S10. what begins after the day -----------------------------------------------

# The tretinoin washout ends on 2026-11-27, but isotretinoin begins on
# 2026-11-26: the patient is not eligible from 2026-11-27 (no end is
# known, or it is the isotretinoin's), and the text says why.
t="S10 a medication begun after the day"
printf '%s\n' 'id: L-1' 'skin: {fitzpatrick: 2}' 'medications:' '  - {name: tretinoin, stopped: 2026-11-22}' \
    '  - {name: isotretinoin, since: 2026-11-26}' '---' 'id: L-2' \
    'skin: {fitzpatrick: 2}' 'medications:' \
    '  - {name: tretinoin, stopped: 2026-11-22}' \
    '  - {name: isotretinoin, since: 2026-11-26, stopped: 2026-12-01}' \
    >"$tmp/later.yaml"
run "$ds" -d 2026-11-25 "$tmp/later.yaml"
status "$t" 1
summary "$out" >"$tmp/got"
printf '%s\n' "L-1 ineligible - retinoid-washout,isotretinoin-washout" \
    "L-2 ineligible 2027-06-01 retinoid-washout,isotretinoin-washout" >"$tmp/want"
same "$t: eligible from the end of both, or not known" "$tmp/want" "$tmp/got"
run "$ds" -d 2026-11-25 -f text "$tmp/later.yaml"
has "$t: the text says why" "$out" \
    "isotretinoin taken now; wait 6 months after the last dose; begins 2026-11-26, after the screening date"

# --- the end --------------------------------------------------------------------

cat "$sd"/* | cksum >"$tmp/screening.after"
same "S input files unchanged" "$tmp/screening.before" "$tmp/screening.after"
