# Command tests: derma-aftercare (derma-aftercare(1), SPEC sections 3, 5
# and 6).  Sourced by run.sh, whose harness and variables it uses.  The
# calendar and the mail are read back by Debian's python3-icalendar and
# Python's email package, and --send goes through Debian's msmtp into a
# real SMTP server on 127.0.0.1 (python3-aiosmtpd): .ci/install-deps
# installs them.  Fixtures in data/aftercare, golden files in
# expected/aftercare, helpers in aftercare/.
# shellcheck shell=sh disable=SC2154,SC2034

ac=$bin/derma-aftercare
acd=$data/aftercare
ach=$here/aftercare
py=/usr/bin/python3
w=$tmp/ac
mkdir -p "$w"
pats=$acd/patients.yaml
# The messages' Date: 2026-11-18 20:53:20 UTC.
epoch=1795000000
sender=rappels@tilleuls.example
T=2026-11-20	# the treatment day of the patients
S=2026-12-18	# the session booked for A-1

# acr ARGS...: derma-aftercare with the test clinic and a fixed clock.
acr() { run env SOURCE_DATE_EPOCH=$epoch "$ac" --config "$cfg" "$@"; }
cfg=$acd/clinic.yaml

# msgs FILE: how many messages an mbox holds.
msgs() { grep -c '^From ' "$1"; }
# mids FILE: the Message-IDs of an mbox or of a directory of messages.
mids() {
	if [ -d "$1" ]; then
		cat "$1"/*.eml 2>/dev/null | sed -n 's/^Message-ID: //p' | sort
	else
		sed -n 's/^Message-ID: //p' "$1" | sort
	fi
}
# kinds ID: the kinds of the aftercare block of ID in the JSON Lines $out.
kinds() {
	grep "^{\"id\":\"$1\"" "$out" | sed 's/.*"aftercare"://' |
	    grep -o '"kind":"[a-z-]*"' | sed 's/"kind":"//; s/"$//' |
	    tr '\n' ' ' | sed 's/ $//'
}
# lastday FILE: the last day the state at FILE completed, or "none".
lastday() { sed -n 's/^last //p' "$1" 2>/dev/null | grep . || echo none; }
# delivered DIR: how many messages a mail command script kept in DIR.
delivered() { find "$1" -name '*.eml' | wc -l | tr -d ' '; }

# A mail command of the tests': keeps each message in $1 as N.eml.  The
# variants: fail for one address; kill the run (SIGKILL or SIGTERM) at a
# message; wait for a file before taking the message.
cat >"$w/keep.sh" <<'EOF'
#!/bin/sh
# keep.sh DIR [fail ERE | kill N SIG | block | hang]: a sendmail -t
# stand-in.
dir=$1
n=$(($(cat "$dir/count" 2>/dev/null || echo 0) + 1))
echo "$n" >"$dir/count"
case ${2:-} in
fail)	cat >"$dir/in.$n"
	if grep -Eq "$3" "$dir/in.$n"; then
		echo "keep.sh: refused $n" >&2
		exit 75
	fi
	mv "$dir/in.$n" "$dir/$n.eml"
	exit 0 ;;
kill)	if [ "$n" -eq "$3" ]; then
		kill "-$4" "$PPID"
		[ "$4" = KILL ] && exit 1
	fi ;;
hang)	exec sleep 30 ;;
block)	: >"$dir/started"
	i=0
	while [ ! -e "$dir/go" ] && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done ;;
esac
cat >"$dir/$n.eml"
EOF
chmod +x "$w/keep.sh"

# withmail NAME COMMAND...: a copy of the clinic at $w/NAME.yaml whose mail
# command is COMMAND (one YAML flow list item per word).
withmail() {
	wmname=$1
	shift
	{
		cat "$acd/clinic.yaml"
		printf 'mail:\n  timeout: %s\n  command: [' "${wmtimeout:-20}"
		wmsep=
		for wmword; do
			printf '%s"%s"' "$wmsep" "$wmword"
			wmsep=", "
		done
		printf ']\n'
	} >"$w/$wmname.yaml"
}

if [ ! -x "$ac" ]; then
	bad "30 derma-aftercare: not built"
fi

# --- 30. the formats, golden ---------------------------------------------------

t="30 patients.yaml"
acr -d 2026-11-25 -f text "$pats"
status "$t -f text" 0
empty "$t -f text: stderr" "$err"
golden "$t -f text" aftercare/patients.text "$out"
equal "$t -f text: 80 columns at most" 1 \
    "$(LC_ALL=C.UTF-8 wc -L <"$out" | awk '{ print ($1 <= 80) }')"
has "$t -f text: a phone number on one line" "$out" "+32 2 123 45 67."
has "$t -f text: no address" "$out" "A-3  Hugo Martin  not mailed: no e-mail address"
has "$t -f text: consent off" "$out" "A-4  Ines Peeters  not mailed: reminders off"
has "$t -f text: a bad address" "$out" "A-6  Mallory  not mailed: not a valid e-mail address"
has "$t -f text: nothing due" "$out" "A-8  Lea Novak  <lea@example.si>  nothing due"
equal "$t -f text: no language: the clinic's (French)" \
    "  2026-11-20  no-makeup          Pas de maquillage le vendredi 20 novembre 2026" \
    "$(sed -n '/^A-3 /{n;p;}' "$out")"
has "$t -f text: the name escaped" "$out" 'A-5  Eve\r\nBcc: victim@evil.example  <eve@example.org>'
acr -d 2026-11-25 -f yaml "$pats"
status "$t -f yaml" 0
golden "$t -f yaml" aftercare/patients.yaml "$out"
equal "$t -f yaml: a block a record" 8 "$(count "$out" '^aftercare:')"
acr -d 2026-11-25 -f json "$pats"
status "$t -f json" 0
golden "$t -f json" aftercare/patients.json "$out"
equal "$t -f json: a line a record" 8 "$(wc -l <"$out" | tr -d ' ')"
acr -d 2026-11-25 -f ics "$pats"
status "$t -f ics" 0
golden "$t -f ics" aftercare/patients.ics "$out"
cp "$out" "$w/25.ics"
# No events at all: no calendar, as one of no component is not RFC 5545's
# (calcomponent = 1*...); the status is what it would be; -v says so.
acr -d 2026-11-25 -f ics "$ex/chloe-bernard.yaml"
status "$t -f ics, no events" 0
empty "$t -f ics, no events: stdout" "$out"
empty "$t -f ics, no events: stderr" "$err"
acr -d 2026-11-25 -f ics -v "$ex/chloe-bernard.yaml"
status "$t -f ics -v, no events" 0
empty "$t -f ics -v, no events: stdout" "$out"
has "$t -f ics -v, no events: said" "$err" "no events: no calendar written"
printf 'id: X-1\nskin: {fitzpatrick: 9}\n' >"$w/bad.yaml"
acr -d 2026-11-25 -f ics "$ex/chloe-bernard.yaml" "$w/bad.yaml"
status "$t -f ics, no events, a bad record" 65
empty "$t -f ics, no events, a bad record: stdout" "$out"
# A patient with none among others: the calendar as without.
acr -d 2026-11-25 -f ics -v "$ex/chloe-bernard.yaml" "$pats"
status "$t -f ics, one with no events first" 0
same "$t -f ics, one with no events first" "$w/25.ics" "$out"
lacks "$t -f ics -v, events: not said" "$err" "no calendar"
acr -d "$T" -f mail "$pats"
status "$t -f mail" 0
empty "$t -f mail: stderr (cron stays quiet)" "$err"
golden "$t -f mail" aftercare/patients.mbox "$out"
equal "$t -f mail: one message a patient mailed" 4 "$(msgs "$out")"
cp "$out" "$w/T.mbox"
# The languages: the record's, fr-BE as French, the clinic's for none or de.
has "$t: English for A-1" "$w/T.mbox" "Subject: Looking after your skin"
equal "$t: French for A-2 (fr-BE) and A-7 (de)" 2 \
    "$(count "$w/T.mbox" '^Subject: Prendre soin de votre peau')"
# Through the pipe: the screening block is passed on, the same timeline.
run sh -c '"$1" -d 2026-11-25 "$2" | SOURCE_DATE_EPOCH=$3 "$4" -d 2026-11-25 --config "$5" -f ics' \
    sh "$ds" "$pats" "$epoch" "$ac" "$cfg"
same "$t: derma-screen | derma-aftercare -f ics" "$w/25.ics" "$out"
# derma-plan's block books a session for each: before care for all.
run sh -c '"$1" -d 2026-11-25 --config "$2" "$3" | SOURCE_DATE_EPOCH=$4 "$5" -d 2026-11-25 --config "$2" -f json' \
    sh "$bin/derma-plan" "$cfg" "$pats" "$epoch" "$ac"
status "$t: derma-plan | derma-aftercare" 0
has "$t: derma-plan | derma-aftercare: A-2 now has a session" "$out" \
    '"kind":"appointment"'
equal "$t: derma-plan | derma-aftercare: A-1 and A-2 (the others have no concern to plan for)" 2 \
    "$(grep -c '"kind":"appointment"' "$out")"
# With threads, the same bytes.
acr -d "$T" -f mail -j 4 "$pats" "$pats" "$pats"
cp "$out" "$w/j4.mbox"
acr -d "$T" -f mail -j 1 "$pats" "$pats" "$pats"
same "$t -f mail -j 4" "$w/j4.mbox" "$out"
# Run on its own output: the block replaced, not added.
acr -d 2026-11-25 -f yaml "$pats"
cp "$out" "$w/once.yaml"
acr -d 2026-11-25 -f yaml "$w/once.yaml"
same "$t: run twice over, the same" "$w/once.yaml" "$out"

# --- 31. --due on the boundary days -------------------------------------------

t="31 --due"
while read -r day want; do
	[ "$want" = - ] && want=
	acr --due -d "$day" -f json "$pats"
	status "$t -d $day" 0
	equal "$t -d $day: A-1" "$(echo "$want" | tr , ' ')" "$(kinds A-1)"
done <<EOF
2026-11-19 -
2026-11-20 no-makeup,no-sauna,sun-protection
2026-11-21 do-not-pick
2026-11-22 -
2026-11-23 redness-check
2026-11-24 -
2026-11-27 soothed
2026-12-03 -
2026-12-04 results,prepare-sun
2026-12-11 prepare-waxing
2026-12-12 -
2026-12-13 prepare-retinoids
2026-12-15 prepare-nsaids
2026-12-16 -
2026-12-17 prepare-antiviral,appointment
2026-12-18 next-session
2026-12-19 -
EOF
# Before care only for what applies: A-2 has no plan, so none.
acr --due -d 2026-12-04 -f json "$pats"
equal "$t -d 2026-12-04: A-2 has no session" "results" "$(kinds A-2)"

# --- 32. --since: the days a run missed --------------------------------------

t="32 --since"
acr --due --since "$T" -d 2026-11-23 -f json "$pats"
status "$t" 0
equal "$t: the events that start in the days" \
    "no-makeup no-sauna sun-protection do-not-pick redness-check" "$(kinds A-1)"
acr --since "$T" -d 2026-11-23 -f mail "$pats"
status "$t -f mail" 0
equal "$t -f mail: a message a patient and day" 12 "$(msgs "$out")"
equal "$t -f mail: A-1's days" \
    "<derma.A-1.20261120.20261121.73a6c5d4@tilleuls.example> <derma.A-1.20261120.20261123.73a6c5d4@tilleuls.example> <derma.A-1.20261120.73a6c5d4@tilleuls.example>" \
    "$(mids "$out" | grep A-1 | tr '\n' ' ' | sed 's/ $//')"
acr --since 2026-11-24 -d 2026-11-23 "$pats"
status "$t after -d" 64
has "$t after -d: says so" "$err" "--since"

# --- 33. the calendar, read back by python3-icalendar ------------------------

t="33 ics"
if [ -x "$py" ] && "$py" -c 'import icalendar' 2>/dev/null; then
	run "$py" "$ach/check_ics.py" "$w/25.ics" "Clinique des Tilleuls" 2026-11-25
	status "$t: parsed" 0
	lacks "$t: no error" "$out" "error:"
	equal "$t: every event" "$(count "$w/25.ics" '^BEGIN:VEVENT')" "$(wc -l <"$out" | tr -d ' ')"
	has "$t: an all-day range, DTEND exclusive" "$out" \
	    "no-sauna.A-1.20261120.73a6c5d4@tilleuls.example 2026-11-20 2026-11-23 "
	has "$t: a session's event by its number" "$out" \
	    "appointment.A-1.s3.73a6c5d4@tilleuls.example 2026-12-17 2026-12-18 "
	cut -d ' ' -f 1 "$out" >"$w/uids.25"
	acr -d 2026-11-26 -f ics "$pats"
	cp "$out" "$w/26.ics"
	run "$py" "$ach/check_ics.py" "$w/26.ics" "Clinique des Tilleuls" 2026-11-26
	status "$t: the next day, DTSTAMP from --date" 0
	cut -d ' ' -f 1 "$out" >"$w/uids.26"
	same "$t: the same UIDs the next day" "$w/uids.25" "$w/uids.26"
	# Long lines folded at 75 octets, never inside a character.
	equal "$t: folded lines" 1 "$(grep -c '^ ' "$w/25.ics" | awk '{ print ($1 > 10) }')"
	# A clinic with a long name, all accents: the folds still fall between
	# characters.
	{
		echo 'clinic:'
		echo '  name: Clinique ééééééééééééééééééééééééééééééééééééééééééééééééééééé'
		echo '  email: rappels@tilleuls.example'
	} >"$w/long.yaml"
	run env SOURCE_DATE_EPOCH=$epoch "$ac" --config "$w/long.yaml" -d 2026-11-25 -f ics "$pats"
	cp "$out" "$w/long.ics"
	run "$py" "$ach/check_ics.py" "$w/long.ics" "Clinique ééééééééééééééééééééééééééééééééééééééééééééééééééééé" 2026-11-25
	status "$t: a long name of accents" 0
	lacks "$t: a long name of accents" "$out" "error:"
	# The calendar's alarms at the clinic's hour for reminders.
	{
		echo 'clinic: {name: Clinique des Tilleuls, email: rappels@tilleuls.example}'
		echo 'mail: {hour: 7}'
	} >"$w/hour.yaml"
	run env SOURCE_DATE_EPOCH=$epoch "$ac" --config "$w/hour.yaml" -d 2026-11-25 -f ics "$pats"
	cp "$out" "$w/hour.ics"
	run "$py" "$ach/check_ics.py" "$w/hour.ics" "Clinique des Tilleuls" 2026-11-25 7
	status "$t: alarms at mail.hour" 0
	lacks "$t: alarms at mail.hour" "$out" "error:"
	run "$py" "$ach/check_ics.py" "$w/hour.ics" "Clinique des Tilleuls" 2026-11-25 9
	has "$t: alarms at mail.hour, not 9" "$out" "expected 9 h after the start"
else
	bad "$t: /usr/bin/python3 with icalendar is missing (.ci/install-deps installs python3-icalendar)"
fi

# --- 34. the mail, read back by Python's email package, policy.strict -------

t="34 mail"
if [ -x "$py" ]; then
	run "$py" "$ach/check_mbox.py" "$w/T.mbox" "$epoch" "$sender"
	status "$t: parsed" 0
	lacks "$t: no error" "$out" "error:"
	golden "$t: Message-ID, To, Subject, greeting" aftercare/patients.mail "$out"
	has "$t: a name not ASCII, decoded" "$out" "|Zoë Ûrbañ-Ødegård <zoe@example.no>|"
	has "$t: CR LF and Bcc: in a name stay in the name" "$out" \
	    '|"Eve  Bcc: victim@evil.example" <eve@example.org>|'
	lacks "$t: no header from an address with a newline" "$w/T.mbox" "mallory"
	equal "$t: no Bcc: header" 0 "$(count "$w/T.mbox" '^Bcc:')"
	equal "$t: LF line ends" 0 "$(count "$w/T.mbox" "$(printf '\r')")"
	acr --since "$T" -d "$S" -f mail "$pats"
	cp "$out" "$w/all.mbox"
	run "$py" "$ach/check_mbox.py" "$w/all.mbox" "$epoch" "$sender"
	status "$t: every day from T to S" 0
	equal "$t: every day from T to S: messages" "$(msgs "$w/all.mbox")" "$(wc -l <"$out" | tr -d ' ')"
	has "$t: the appointment's subject" "$out" "|Your appointment tomorrow|"
	has "$t: getting ready" "$out" "|Getting ready for your next session|"
	for word in herpes ibuprofen tretinoin retinoid antiviral NSAID; do
		equal "$t: no '$word' in a subject" 0 "$(cut -d '|' -f 3 "$out" | grep -ci "$word")"
	done
else
	bad "$t: /usr/bin/python3 is missing (.ci/install-deps installs it)"
fi

# --- 35. consent, and the one line on standard error ------------------------

t="35 consent"
acr -d "$T" -f mail -v "$pats"
status "$t -v" 0
equal "$t -v: who cannot be mailed, on one line" \
    "derma-aftercare: 3 patients with reminders due cannot be mailed (no address, reminders off or not answered, or a bad address): A-3, A-4, A-6" \
    "$(head -n 1 "$err")"
has "$t -v: how many went" "$err" "4 messages written, 0 sent before"
lacks "$t -v: no patient's name" "$err" "Hugo"
lacks "$t -v: no patient's address" "$err" "mallory@"

# "reminders:" with no value was asked and not answered: not a yes, so
# no mail, and the text view says why (they were mailed before).
printf 'id: N-1\nname: Noor\ncontact:\n  email: noor@example.org\n  reminders:\ntreatments:\n  - {date: %s, areas: {forehead: 0.5}}\n---\nid: N-2\ncontact: {email: n2@example.org, reminders: ~}\ntreatments:\n  - {date: %s, areas: {forehead: 0.5}}\n' "$T" "$T" >"$w/unanswered.yaml"
t="35 consent not answered"
acr -d "$T" -f mail -v "$w/unanswered.yaml"
status "$t -f mail" 0
empty "$t -f mail: no message" "$out"
equal "$t -f mail: who cannot be mailed" \
    "derma-aftercare: 2 patients with reminders due cannot be mailed (no address, reminders off or not answered, or a bad address): N-1, N-2" \
    "$(head -n 1 "$err")"
acr -d "$T" -f text "$w/unanswered.yaml"
status "$t -f text" 0
has "$t -f text: why" "$out" "N-1  Noor  not mailed: reminders not answered"
has "$t -f text: why, flow style" "$out" "N-2  not mailed: reminders not answered"
acr -d "$T" -f mail "$pats"
empty "$t: without -v, nothing" "$err"

# A bad record has its place in the text view: the clinic phones them too.
printf 'id: B-1\nskin: {concerns: [elbows]}\n' >"$w/bad.yaml"
runin "$w" env SOURCE_DATE_EPOCH=$epoch "$ac" --config "$cfg" -d "$T" -f text \
    bad.yaml "$pats"
status "$t: a bad record, -f text" 65
equal "$t: a bad record, -f text: in its place" \
    "B-1  no reminders: bad record, see the error message for bad.yaml:2" \
    "$(head -n 1 "$out")"
has "$t: a bad record, -f text: the error" "$err" "derma-aftercare: bad.yaml:2:"
# A NUL in the address: not mailed to the part before it, a bad record.
printf 'id: B-2\ncontact: {email: "nul@example.org\\0x"}\ntreatments: [{date: %s}]\n' \
    "$T" >"$w/nul.yaml"
runin "$w" env SOURCE_DATE_EPOCH=$epoch "$ac" --config "$cfg" -d "$T" -f mail \
    nul.yaml
status "$t: a NUL in contact.email" 65
empty "$t: a NUL in contact.email: no message" "$out"
equal "$t: a NUL in contact.email: the error names the key" \
    "derma-aftercare: nul.yaml:2:18: email: a NUL in the value (id B-2)" \
    "$(cat "$err")"

# --- 36. --state: exactly once, catching up ---------------------------------

t="36 --state"
st=$w/state
acr -d "$T" -f mail --state "$st" "$pats"
status "$t: the first run" 0
empty "$t: the first run: stderr" "$err"
equal "$t: the first run: the day's messages" 4 "$(msgs "$out")"
equal "$t: the state's last day" "$T" "$(lastday "$st")"
equal "$t: FILE mode 0600" 600 "$(stat -c %a "$st")"
equal "$t: FILE.journal mode 0600" 600 "$(stat -c %a "$st.journal")"
equal "$t: FILE.lock mode 0600" 600 "$(stat -c %a "$st.lock")"
acr -d "$T" -f mail --state "$st" "$pats"
status "$t: the same day again" 0
empty "$t: the same day again: nothing twice" "$out"
# Two days missed: the next run catches them up by itself.
acr -d 2026-11-23 -f mail --state "$st" "$pats"
status "$t: two days later" 0
equal "$t: two days later: the 21st's and the 23rd's" 8 "$(msgs "$out")"
equal "$t: two days later: A-1's" \
    "<derma.A-1.20261120.20261121.73a6c5d4@tilleuls.example> <derma.A-1.20261120.20261123.73a6c5d4@tilleuls.example>" \
    "$(mids "$out" | grep A-1 | tr '\n' ' ' | sed 's/ $//')"
equal "$t: two days later: the last day" 2026-11-23 "$(lastday "$st")"
# Looking at what is due does not mark it done.
acr -d 2026-11-27 -f text --state "$st" "$pats"
status "$t: -f text" 0
equal "$t: -f text leaves the last day" 2026-11-23 "$(lastday "$st")"
acr -d 2026-11-27 -f mail --state "$st" "$pats"
equal "$t: -f mail after -f text still sends" 4 "$(msgs "$out")"
# A record skipped (bad data): its reminders are unknown, the day stays.
acr -d "$T" -f mail --state "$w/state-bad" "$pats" "$w/bad.yaml"
status "$t: a bad record" 65
equal "$t: a bad record: the others go" 4 "$(msgs "$out")"
equal "$t: a bad record: the day is not done" 2026-11-19 "$(lastday "$w/state-bad")"
acr -d "$T" -f mail --state "$w/state-bad" "$pats"
empty "$t: a bad record, then: nothing twice" "$out"
equal "$t: a bad record, then: the day done" "$T" "$(lastday "$w/state-bad")"
# A state directory that does not exist: nothing goes.
acr -d "$T" -f mail --state "$w/no/such/dir/state" "$pats"
status "$t: no such directory" 74
empty "$t: no such directory: nothing written" "$out"
# A state that is not one (written by hand, or another file named): an
# I/O error, 74, as derma-aftercare(1) says, and nothing goes.
printf 'last %s\nsomething else\n' "$T" >"$w/state-corrupt"
cp "$w/state-corrupt" "$w/state-corrupt.before"
acr -d 2026-11-21 -f mail --state "$w/state-corrupt" "$pats"
status "$t: a corrupt state" 74
empty "$t: a corrupt state: nothing written" "$out"
has "$t: a corrupt state: says where" "$err" "state-corrupt:2:1: not a line"
same "$t: a corrupt state: left as it was" "$w/state-corrupt.before" \
    "$w/state-corrupt"
# A state that cannot be written (a directory where its temporary file
# goes, which stops root too): 74, FILE whole, the journal kept.
st=$w/state-ro
acr -d "$T" -f mail --state "$st" "$pats"
cp "$st" "$w/state-ro.before"
mkdir "$st.tmp"
acr -d 2026-11-21 -f mail --state "$st" "$pats"
status "$t: cannot write the state" 74
equal "$t: cannot write the state: the messages went" 4 "$(msgs "$out")"
has "$t: cannot write the state: says which file" "$err" "state-ro.tmp"
same "$t: cannot write the state: FILE as it was" "$w/state-ro.before" "$st"
equal "$t: cannot write the state: the journal has them" 4 "$(count "$st.journal" '^sent ')"
rmdir "$st.tmp"
acr -d 2026-11-21 -f mail --state "$st" "$pats"
status "$t: cannot write the state, then" 0
empty "$t: cannot write the state, then: nothing twice" "$out"
equal "$t: cannot write the state, then: done" 2026-11-21 "$(lastday "$st")"
# A FILE.tmp a killed run left, as a symbolic link (root's cron in a
# directory others can write in) or of mode 0644: made afresh, mode 0600,
# the link's target untouched.
printf 'important data\n' >"$w/victim"
chmod 644 "$w/victim"
cp "$w/victim" "$w/victim.before"
st=$w/state-tmplink
ln -s victim "$st.tmp"
acr -d "$T" -f mail --state "$st" "$pats"
status "$t: a link as FILE.tmp" 0
equal "$t: a link as FILE.tmp: the messages went" 4 "$(msgs "$out")"
same "$t: a link as FILE.tmp: its target untouched" "$w/victim.before" "$w/victim"
if [ -f "$st" ] && [ ! -L "$st" ]; then
	ok
else
	bad "$t: a link as FILE.tmp: FILE is not a file of its own"
fi
equal "$t: a link as FILE.tmp: the state's last day" "$T" "$(lastday "$st")"
equal "$t: a link as FILE.tmp: FILE mode 0600" 600 "$(stat -c %a "$st")"
st=$w/state-wide
: >"$st.tmp"
chmod 644 "$st.tmp"
acr -d "$T" -f mail --state "$st" "$pats"
status "$t: a FILE.tmp of mode 0644" 0
equal "$t: a FILE.tmp of mode 0644: FILE mode 0600" 600 "$(stat -c %a "$st")"
# The three found wider (a chmod by hand): narrowed, by a run that only
# reads them too.
chmod 644 "$st" "$st.journal" "$st.lock"
acr -d 2026-11-21 -f text --state "$st" "$pats"
status "$t: wider than 0600" 0
for f in "" .journal .lock; do
	equal "$t: wider than 0600: FILE$f mode 0600" 600 "$(stat -c %a "$st$f")"
done
# FILE, FILE.journal or FILE.lock as a symbolic link: refused, 74, nothing
# sent; the target is not touched, nor made when it is not there.
st=$w/state-link
for f in "" .journal .lock; do
	rm -f "$st" "$st.journal" "$st.lock"
	case $f in
	.lock) what='cannot open the lock' ;;
	*) what='cannot read' ;;	# FILE and the journal are read first
	esac
	ln -s victim "$st$f"
	acr -d "$T" -f mail --state "$st" "$pats"
	status "$t: FILE$f a link" 74
	empty "$t: FILE$f a link: nothing sent" "$out"
	equal "$t: FILE$f a link: says so" \
	    "derma-aftercare: $st$f: $what: a symbolic link, not followed" \
	    "$(cat "$err")"
	same "$t: FILE$f a link: its target untouched" "$w/victim.before" "$w/victim"
	equal "$t: FILE$f a link: its target's mode" 644 "$(stat -c %a "$w/victim")"
	rm -f "$st$f"
	ln -s absent "$st$f"
	acr -d "$T" -f mail --state "$st" "$pats"
	status "$t: FILE$f a link to nothing" 74
	if [ -e "$w/absent" ]; then
		bad "$t: FILE$f a link to nothing: its target made"
	else
		ok
	fi
done
# A reminder before a first treatment, then the treatment on its day: the
# two messages have ids of their own, so the state sends both.
{
	printf 'id: N-1\ncontact: {email: n1@example.org}\n'
	printf 'skin: {fitzpatrick: 2, concerns: [wrinkles]}\n'
	printf 'plan: {status: planned, sessions: [{n: 1, date: %s}]}\n' "$S"
} >"$w/first.yaml"
cp "$w/first.yaml" "$w/treated.yaml"
printf 'treatments: [{date: %s}]\n' "$S" >>"$w/treated.yaml"
acr -d "$S" -f mail --state "$w/state-first" "$w/first.yaml"
status "$t: before a first treatment" 0
equal "$t: before a first treatment: its Message-ID" \
    "<derma.N-1.0.20261218.73a6c5d4@tilleuls.example>" "$(mids "$out")"
acr -d "$S" -f mail --state "$w/state-first" "$w/treated.yaml"
status "$t: the treatment the same day" 0
equal "$t: the treatment the same day: its mail, not taken as sent" \
    "<derma.N-1.20261218.73a6c5d4@tilleuls.example>" "$(mids "$out")"

# --- 37. --send through msmtp into a real SMTP server -----------------------

t="37 --send, msmtp, aiosmtpd"
if [ -x "$py" ] && "$py" -c 'import aiosmtpd' 2>/dev/null &&
    command -v msmtp >/dev/null 2>&1; then
	mkdir -p "$w/smtp"
	"$py" "$ach/smtpd.py" "$w/smtp" 2>"$w/smtpd.err" &
	smtpd=$!
	i=0
	while [ ! -s "$w/smtp/port" ] && [ $i -lt 200 ] && kill -0 "$smtpd" 2>/dev/null; do
		sleep 0.05
		i=$((i + 1))
	done
	port=$(cat "$w/smtp/port" 2>/dev/null)
	if [ -n "$port" ]; then
		ok
		printf 'account default\nhost 127.0.0.1\nport %s\nfrom %s\nauth off\ntls off\n' \
		    "$port" "$sender" >"$w/msmtprc"
		chmod 600 "$w/msmtprc"
		withmail msmtp msmtp -C "$w/msmtprc" -t
		cfg=$w/msmtp.yaml
		acr --due -d "$T" --state "$w/state-smtp" --send "$pats"
		status "$t" 0
		empty "$t: stdout (cron)" "$out"
		empty "$t: stderr (cron)" "$err"
		equal "$t: received" 4 "$(delivered "$w/smtp")"
		cat "$w/smtp"/*.env 2>/dev/null | sort >"$w/envelopes"
		printf '%s\n' chloe.dubois@example.be eve@example.org karl@example.de \
		    "$sender" "$sender" "$sender" "$sender" zoe@example.no |
		    sort >"$w/want"
		same "$t: the envelopes: From, and the patients only" "$w/want" "$w/envelopes"
		lacks "$t: no one in a Bcc:" "$w/envelopes" "victim"
		run "$py" "$ach/check_mbox.py" "$w/smtp" "$epoch" "$sender"
		status "$t: the messages received parse" 0
		sort "$out" >"$w/got"
		sort "$exp/aftercare/patients.mail" >"$w/want"
		same "$t: the messages received are those of -f mail" "$w/want" "$w/got"
		acr --due -d "$T" --state "$w/state-smtp" --send "$pats"
		status "$t: again" 0
		equal "$t: again: nothing twice" 4 "$(delivered "$w/smtp")"
		acr --due -d 2026-11-21 --state "$w/state-smtp" --send "$pats"
		equal "$t: the next day" 8 "$(delivered "$w/smtp")"
		cfg=$acd/clinic.yaml
	else
		bad "$t: the SMTP server did not start: $(head -n 1 "$w/smtpd.err")"
	fi
	kill "$smtpd" 2>/dev/null
	wait "$smtpd" 2>/dev/null
else
	bad "$t: needs /usr/bin/python3 with aiosmtpd and msmtp (.ci/install-deps installs them)"
fi

# --- 38. a mail command that fails ------------------------------------------

t="38 a failed send"
mkdir -p "$w/f1"
withmail fail1 "$w/keep.sh" "$w/f1" fail '^To: .*<zoe@example.no>'
cfg=$w/fail1.yaml
acr --due -d "$T" --state "$w/state-f" --send "$pats"
status "$t" 69
has "$t: says who and which day" "$err" \
    "derma-aftercare: A-1: the reminders of $T are not sent: $w/keep.sh failed (exit status 75)"
lacks "$t: no patient's address" "$err" "zoe@"
has "$t: and, as something went wrong, who is not mailed" "$err" "A-3, A-4, A-6"
equal "$t: the others still go" 3 "$(delivered "$w/f1")"
equal "$t: the state stops before the day" 2026-11-19 "$(lastday "$w/state-f")"
# The next day, with the command mending: the one that failed, then the day's.
rm -f "$w/f1"/*.eml "$w/f1/count"
withmail keep "$w/keep.sh" "$w/f1"
cfg=$w/keep.yaml
acr --due -d 2026-11-21 --state "$w/state-f" --send "$pats"
status "$t, then" 0
equal "$t, then: A-1's of the 20th and the four of the 21st" 5 "$(delivered "$w/f1")"
equal "$t, then: A-1's of the 20th" 1 "$(mids "$w/f1" | grep -c '^<derma.A-1.20261120.73a6c5d4@')"
equal "$t, then: the last day" 2026-11-21 "$(lastday "$w/state-f")"
# A send failed on the second day, and a bad record: the bad record
# keeps the first day from being done (69 must not hide 65).
withmail fail2 "$w/keep.sh" "$w/f1" fail '^Message-ID: <derma.A-1.20261120.20261121.'
cfg=$w/fail2.yaml
acr --since "$T" -d 2026-11-21 --state "$w/state-f2" --send "$pats" "$w/bad.yaml"
status "$t and a bad record" 69
equal "$t and a bad record: no day is done" 2026-11-19 "$(lastday "$w/state-f2")"
acr --since "$T" -d 2026-11-21 --state "$w/state-f3" --send "$pats"
status "$t on the second day" 69
equal "$t on the second day: the first is done" "$T" "$(lastday "$w/state-f3")"
# A command that names the recipient as it fails, as msmtp does: its
# words are not ours, and no address reaches standard error.
cat >"$w/noisy.sh" <<'EOF'
#!/bin/sh
to=$(sed -n 's/^To: //p')
echo "noisy.sh: recipient $to not accepted by the server" >&2
echo "noisy.sh: to $to"
exit 1
EOF
chmod +x "$w/noisy.sh"
withmail noisy "$w/noisy.sh"
cfg=$w/noisy.yaml
acr --due -d "$T" --send "$pats"
status "$t: a command that names the address" 69
has "$t: a command that names the address: who, and its status" "$err" \
    "derma-aftercare: A-1: the reminders of $T are not sent: $w/noisy.sh failed (exit status 1)"
lacks "$t: a command that names the address: not its words" "$err" "noisy.sh:"
lacks "$t: a command that names the address: no address" "$err" "@example"
empty "$t: a command that names the address: stdout" "$out"
# false(1): every message fails, each is said.
withmail false false
cfg=$w/false.yaml
acr --due -d "$T" --send "$pats"
status "$t: false" 69
equal "$t: false: each message" 4 "$(count "$err" 'are not sent: false failed')"
# A command that cannot run: said once, and no more tries.
withmail none "$w/no-such-sendmail"
cfg=$w/none.yaml
acr --due -d "$T" --state "$w/state-n" --send "$pats"
status "$t: no such command" 69
equal "$t: no such command: said once" 1 "$(count "$err" 'cannot run')"
equal "$t: no such command: the day is not done" 2026-11-19 "$(lastday "$w/state-n")"
cfg=$acd/clinic.yaml

# A command that takes too long: stopped, and said.
printf 'id: H-1\ncontact: {email: h1@example.org}\ntreatments: [{date: %s}]\n' \
    "$T" >"$w/one.yaml"
wmtimeout=1
withmail hang "$w/keep.sh" "$w/f1" hang
wmtimeout=20
cfg=$w/hang.yaml
acr --due -d "$T" --send "$w/one.yaml"
status "$t: too long" 69
has "$t: too long: stopped" "$err" "H-1: the reminders of $T are not sent: $w/keep.sh took more than 1 seconds and was stopped"
cfg=$acd/clinic.yaml

# --- 39. killed between two sends, and two runs at once ----------------------

t="39 SIGKILL between two sends"
mkdir -p "$w/k"
withmail kill "$w/keep.sh" "$w/k" kill 2 KILL
cfg=$w/kill.yaml
acr --due -d "$T" --state "$w/state-k" --send "$pats"
status "$t" 137
equal "$t: one went before the kill" 1 "$(delivered "$w/k")"
equal "$t: it is in the journal" 1 "$(count "$w/state-k.journal" '^sent ')"
withmail keepk "$w/keep.sh" "$w/k"
cfg=$w/keepk.yaml
acr --due -d "$T" --state "$w/state-k" --send "$pats"
status "$t, run again" 0
equal "$t, run again: the rest" 4 "$(delivered "$w/k")"
equal "$t, run again: each once" 4 "$(mids "$w/k" | uniq | wc -l | tr -d ' ')"
mids "$w/k" >"$w/got"
mids "$exp/aftercare/patients.mbox" >"$w/want"
same "$t, run again: exactly the day's" "$w/want" "$w/got"

t="39 SIGTERM during a send"
mkdir -p "$w/term"
withmail term "$w/keep.sh" "$w/term" kill 1 TERM
cfg=$w/term.yaml
acr --due -d "$T" --state "$w/state-t" --send "$pats"
status "$t" 143
equal "$t: the message being sent went" 1 "$(delivered "$w/term")"
has "$t: says so" "$err" "stopped by signal 15"
equal "$t: the day is not done" 2026-11-19 "$(lastday "$w/state-t")"
withmail keept "$w/keep.sh" "$w/term"
cfg=$w/keept.yaml
acr --due -d "$T" --state "$w/state-t" --send "$pats"
status "$t, run again" 0
equal "$t, run again: the rest, each once" 4 "$(mids "$w/term" | uniq | wc -l | tr -d ' ')"

t="39 two runs at once"
mkdir -p "$w/b"
withmail block "$w/keep.sh" "$w/b" block
env SOURCE_DATE_EPOCH=$epoch "$ac" --config "$w/block.yaml" --due -d "$T" \
    --state "$w/state-b" --send "$pats" >"$w/b.out" 2>"$w/b.err" &
first=$!
i=0
while [ ! -e "$w/b/started" ] && [ $i -lt 200 ]; do
	sleep 0.05
	i=$((i + 1))
done
cfg=$w/block.yaml
acr --due -d "$T" --state "$w/state-b" --send --wait 1 "$pats"
status "$t: the second" 75
has "$t: the second: says so" "$err" "another run holds the lock"
empty "$t: the second: stdout" "$out"
: >"$w/b/go"
wait "$first"
rc=$?
status "$t: the first" 0
equal "$t: the day's, once" 4 "$(delivered "$w/b")"
cfg=$acd/clinic.yaml

# --- 40. usage and configuration ---------------------------------------------

t="40 usage"
for a in "--wait -1" "--wait x" "--since 2026-02-30" "-f pdf" "--bogus"; do
	# shellcheck disable=SC2086 # the option and its argument
	acr $a "$pats"
	status "$t '$a'" 64
	empty "$t '$a': stdout" "$out"
done
acr -h
status "$t -h" 0
for o in --due --since --state --send --wait --verbose; do
	has "$t -h: $o" "$out" "$o"
done
printf 'clinic:\n  name: No Mail Clinic\n' >"$w/nomail.yaml"
run "$ac" --config "$w/nomail.yaml" -d "$T" -f mail "$pats"
status "$t: no address to send from" 78
empty "$t: no address to send from: stdout" "$out"
printf 'clinic:\n  email: info@localhost\n' >"$w/local.yaml"
run "$ac" --config "$w/local.yaml" -d "$T" -f mail "$pats"
status "$t: an address a header cannot carry" 78
run "$ac" --config "$w/local.yaml" -d "$T" -f yaml "$pats"
status "$t: -f yaml needs no address" 0
run env SOURCE_DATE_EPOCH=soon "$ac" --config "$acd/clinic.yaml" -d "$T" -f mail "$pats"
status "$t: SOURCE_DATE_EPOCH not a number" 64

# --- 41. a damaged plan block is a data error --------------------------------

# The next session comes from derma-plan's block: one that is not what
# derma-plan writes must not pass as a plan with no session (no reminder
# before it, and no word), nor its damaged session be skipped for the next.
t="41 a damaged plan block"
{
	for n in 0 1 2 3 4 5 6 7; do
		[ "$n" = 0 ] || echo ---
		printf 'id: D-%s\ncontact: {email: d%s@example.org}\n' "$n" "$n"
		printf 'skin: {fitzpatrick: 2, concerns: [wrinkles]}\n'
		printf 'treatments: [{date: %s}]\n' "$T"
		case $n in
		0) printf 'plan: {status: planned, sessions: [{n: 2, date: %s}]}\n' "$S" ;;
		1) printf 'plan: {status: planned, sessions: [{n: 2, date: 2026-12-32}]}\n' ;;
		2) printf 'plan:\n  status: planned\n  sessions:\n'
		   printf '    - {n: 2}\n    - {n: 3, date: 2027-01-15}\n' ;;
		3) printf 'plan: [x]\n' ;;
		4) printf 'plan: {status: plannned, sessions: [{n: 2, date: %s}]}\n' "$S" ;;
		5) printf 'plan: {status: planned, sessions: {date: %s}}\n' "$S" ;;
		6) printf 'plan:\n  status: planned\n  sessions:\n'
		   printf '    - n: 2\n      date: %s\n      date: 2027-01-15\n' "$S" ;;
		esac
	done
} >"$w/damaged.yaml"
cat >"$w/damaged.err" <<'EOF2'
derma-aftercare: damaged.yaml:11:49: plan: date: expected a real date as YYYY-MM-DD (id D-1)
derma-aftercare: damaged.yaml:20:7: plan: sessions: a session has no date (id D-2)
derma-aftercare: damaged.yaml:27:7: plan: expected {status: ..., sessions: ...}, as derma-plan writes it (id D-3)
derma-aftercare: damaged.yaml:33:16: plan: status: expected planned or refused (id D-4)
derma-aftercare: damaged.yaml:39:35: plan: sessions: expected a list (id D-5)
derma-aftercare: damaged.yaml:50:7: plan: date: given twice (id D-6)
EOF2
runin "$w" env SOURCE_DATE_EPOCH=$epoch "$ac" --config "$cfg" -d 2026-11-25 \
    -f json damaged.yaml
status "$t" 65
same "$t: one error each: file:line:col, the key, the id" "$w/damaged.err" "$err"
for v in 2026-12-32 2027-01-15 plannned x]; do
	lacks "$t: the error never shows the value $v" "$err" "$v"
done
equal "$t: the other records still come out" "D-0 D-7" \
    "$(jids "$out" | tr '\n' ' ' | sed 's/ $//')"
has "$t: D-0 still has its session" "$out" '"kind":"prepare-sun"'
runin "$w" env SOURCE_DATE_EPOCH=$epoch "$ac" --config "$cfg" -d 2026-11-25 \
    -f text damaged.yaml
status "$t, -f text" 65
equal "$t, -f text: each in its place" 6 \
    "$(count "$out" '^D-[1-6]  no reminders: bad record')"
# derma-plan owns the block: it replaces a damaged one, as any other.
runin "$w" "$bin/derma-plan" -d 2026-11-25 --config "$cfg" damaged.yaml
status "$t: derma-plan replaces it" 0
empty "$t: derma-plan replaces it: no error" "$err"
equal "$t: derma-plan replaces it: one block each" 8 "$(count "$out" '^plan:')"
cp "$out" "$w/replanned.yaml"
runin "$w" env SOURCE_DATE_EPOCH=$epoch "$ac" --config "$cfg" -d 2026-11-25 \
    -f json replanned.yaml
status "$t: derma-plan | derma-aftercare" 0
equal "$t: derma-plan | derma-aftercare: a session each" 8 \
    "$(count "$out" '"kind":"appointment"')"

# --- 42. a booked session given on its day -----------------------------------

# The last session a plan books, given on its day, was planned again with
# its treatment counted: a maintenance session 6 months on that the plan
# never booked, with its reminders (UIDs of a session 4).  Only a booked
# session is a next session: none after the last; after one that is not,
# the next booked, on its own day; one not yet recorded is still the next.
t="42 a session given on its day"
acr -d 2026-12-23 -f ics "$acd/given.yaml"
status "$t -f ics" 0
empty "$t -f ics: stderr" "$err"
golden "$t -f ics" aftercare/given.ics "$out"
lacks "$t -f ics: G-1, no session after the last" "$out" ".G-1.s"
has "$t -f ics: G-2, the next booked" "$out" "UID:next-session.G-2.s3."
acr -d 2026-12-23 -f json "$acd/given.yaml"
status "$t" 0
equal "$t: G-1, the treatment's reminders only" \
    "no-makeup no-sauna sun-protection do-not-pick redness-check soothed results" \
    "$(kinds G-1)"
has "$t: G-2, the next booked on its day" "$out" \
    '{"date":"2027-01-27","kind":"next-session"'
has "$t: G-3, booked for the day, not given yet" "$out" \
    '{"date":"2026-12-23","kind":"next-session"'
acr -d 2026-12-24 -f json "$acd/given.yaml"
equal "$t: G-1 the day after, the same" \
    "no-makeup no-sauna sun-protection do-not-pick redness-check soothed results" \
    "$(kinds G-1)"

# --- 42b. a session given before its day ----------------------------------

t="42b a session given early"
acr -d 2026-12-22 -f json "$acd/early.yaml"
status "$t" 0
empty "$t: stderr" "$err"
equal "$t: H-1, no session after the last" \
    "no-makeup no-sauna sun-protection do-not-pick redness-check soothed results" \
    "$(kinds H-1)"
lacks "$t: H-1, no maintenance session nobody booked" "$out" '"2027-06-2'
has "$t: H-2, the next booked" "$out" \
    '{"date":"2027-01-27","kind":"next-session"'
lacks "$t: H-2, not moved to four weeks after the early one" "$out" \
    '{"date":"2027-01-18","kind":"next-session"'
has "$t: H-3, a treatment of long ago is not session 2" "$out" \
    '{"date":"2026-12-23","kind":"next-session"'
acr -d 2026-12-22 -f ics "$acd/early.yaml"
lacks "$t -f ics: H-1, no appointment" "$out" "UID:appointment.H-1"
has "$t -f ics: H-2, session 3 as booked" "$out" "UID:next-session.H-2.s3."

# --- 43. a name of blanks is no name -------------------------------------------

t="43 blank name"
printf '%s\n' 'id: N-1' 'name: "   "' 'contact: {email: n1@example.org}' \
    'skin: {fitzpatrick: 2}' 'treatments: [{date: 2026-11-02}]' '---' \
    'id: N-2' 'name: "  Ana Souza \t"' 'contact: {email: n2@example.org}' \
    'skin: {fitzpatrick: 2}' 'treatments: [{date: 2026-11-02}]' >"$w/blank.yaml"
runin "$w" env SOURCE_DATE_EPOCH=$epoch "$ac" --config "$cfg" -d 2026-11-02 \
    -f mail blank.yaml
status "$t" 0
has "$t: no name in To:" "$out" "To: n1@example.org"
has "$t: the unnamed greeting, as the header has" "$out" "Bonjour,"
lacks "$t: no greeting of blanks" "$out" "Bonjour  "
has "$t: the name without the blanks around it, in To:" "$out" \
    'To: "Ana Souza" <n2@example.org>'
has "$t: and in the greeting" "$out" "Bonjour Ana Souza,"

# --- 44. the first of a month, in French -------------------------------------

t="44 le 1er"
printf '%s\n' 'id: F-1' 'language: fr' 'contact: {email: f1@example.org}' \
    'skin: {fitzpatrick: 2, concerns: [wrinkles]}' \
    'treatments: [{date: 2026-11-03}]' 'plan:' '  status: planned' \
    '  sessions:' '    - {n: 2, date: 2026-12-01}' >"$w/first.yaml"
acr -d 2026-11-24 -f json "$w/first.yaml"
status "$t" 0
has "$t: 1er, as French writes it" "$out" "mardi 1er décembre 2026"
lacks "$t: never 1 décembre" "$out" " 1 décembre"
has "$t: other days as they are" "$out" "mardi 17 novembre 2026"
printf '%s\n' 'id: E-1' 'language: en' 'skin: {fitzpatrick: 2, concerns: [wrinkles]}' \
    'treatments: [{date: 2026-11-03}]' 'plan:' '  status: planned' \
    '  sessions:' '    - {n: 2, date: 2026-12-01}' >"$w/first-en.yaml"
acr -d 2026-11-24 -f json "$w/first-en.yaml"
has "$t: English writes 1" "$out" "Tuesday 1 December 2026"

# --- 45. a treatment entered after the day's cron run ------------------------

# Cron runs in the morning; the session is in the afternoon and entered
# after it.  The state says the day was done, so the next run began the
# day after, and the treatment day's mail (no make-up, no sauna) never
# went.  It goes with the next day's run, once; a treatment entered in
# time has its mail once too; one entered two days late has none, its
# first days being over.
t="45 a treatment entered after the cron run"
printf '%s\n' 'id: K-1' 'language: en' 'contact: {email: k1@example.org}' \
    'skin: {fitzpatrick: 2}' >"$w/late-before.yaml"
cp "$w/late-before.yaml" "$w/late.yaml"
printf '%s\n' 'treatments: [{date: 2026-11-20}]' >>"$w/late.yaml"
st=$w/state-late
acr -d 2026-11-20 -f mail --state "$st" "$w/late-before.yaml"
status "$t: the day's run, before the treatment" 0
empty "$t: nothing then" "$out"
acr -d 2026-11-21 -f mail --state "$st" "$w/late.yaml"
status "$t: the next day" 0
equal "$t: the treatment day's mail, and the day's" \
    "<derma.K-1.20261120.20261121.73a6c5d4@tilleuls.example>
<derma.K-1.20261120.73a6c5d4@tilleuls.example>" "$(mids "$out")"
has "$t: its text names its days" "$out" \
    "No make-up on Friday 20 November 2026 and Saturday 21 November 2026"
acr -d 2026-11-21 -f mail --state "$st" "$w/late.yaml"
empty "$t: run again: nothing twice" "$out"
acr -d 2026-11-22 -f mail --state "$st" "$w/late.yaml"
lacks "$t: the day after: not the treatment day's again" "$out" \
    "derma.K-1.20261120.73a6c5d4"
# Entered in time: the day's run sent it, the next sends it not again.
st=$w/state-late2
acr -d 2026-11-20 -f mail --state "$st" "$w/late.yaml"
equal "$t: in time: on the day" "<derma.K-1.20261120.73a6c5d4@tilleuls.example>" \
    "$(mids "$out")"
acr -d 2026-11-21 -f mail --state "$st" "$w/late.yaml"
lacks "$t: in time: not again the day after" "$out" \
    "derma.K-1.20261120.73a6c5d4"
# Two days late: its first days are over, the mail of the day goes.
st=$w/state-late3
acr -d 2026-11-20 -f mail --state "$st" "$w/late-before.yaml"
acr -d 2026-11-21 -f mail --state "$st" "$w/late-before.yaml"
acr -d 2026-11-22 -f mail --state "$st" "$w/late.yaml"
lacks "$t: two days late: no treatment day's mail" "$out" \
    "derma.K-1.20261120.73a6c5d4"
# Without a state nothing says the day was done: a --due run gives the
# day's mail only, as before.
acr -d 2026-11-21 -f mail --due "$w/late.yaml"
equal "$t: --due without a state: the day's only" \
    "<derma.K-1.20261120.20261121.73a6c5d4@tilleuls.example>" "$(mids "$out")"
