# Command tests: faults (issue 15), for every tool: an output that cannot
# be written, a reader that goes away, a file that cannot be read, a state
# or key file that cannot be written, input in other encodings and line
# ends, a stream of 2 GiB (make check-large), cron's bare environment, and
# a SIGTERM in the middle of derma-aftercare --send.  Sourced by run.sh,
# whose harness and variables it uses; what t-reader.sh and run.sh check
# for derma-screen alone is not repeated here.
# shellcheck shell=sh disable=SC2154,SC2034

fw=$tmp/faults
mkdir -p "$fw"
tools="derma-screen derma-plan derma-aftercare derma-report"
fcfg=$data/aftercare/clinic.yaml	# a clinic that can send mail
fpats=$data/aftercare/patients.yaml	# 4 patients mailed on 2026-11-20
FT=2026-11-20
fepoch=1795000000

# statuses: what each tool exits with on the examples (derma-screen 1: some
# are not eligible).
want_ok() { if [ "$1" = derma-screen ]; then echo 1; else echo 0; fi; }

# 3000 patients, each with a treatment on $FT and an address: a lot of
# output from every tool, and 3000 messages for derma-aftercare -f mail.
awk -v d="$FT" 'BEGIN { for (i = 0; i < 3000; i++)
	printf "---\nid: F-%d\nname: Patient %d\ncontact: {email: f%d@example.org}\nskin: {fitzpatrick: 2, concerns: [wrinkles]}\ntreatments: [{date: %s, areas: {cheeks: 1.0}}]\n", i, i, i, d }' >"$fw/many.yaml"

# --- F1. standard output on a full disk ---------------------------------------

if [ -w /dev/full ]; then
	for tn in $tools; do
		for f in yaml text; do
			[ "$tn" = derma-report ] && [ "$f" = yaml ] && f=json
			t="F1 $tn -f $f >/dev/full"
			"$bin/$tn" -d "$D" -f "$f" "$fw/many.yaml" >/dev/full 2>"$err"
			rc=$?
			status "$t" 74
			has "$t: a message" "$err" "$tn: write error: No space left on device"
			equal "$t: one message" 1 "$(wc -l <"$err" | tr -d ' ')"
		done
	done
	# The mbox on a full disk: no message counted as written.
	t="F1 derma-aftercare -f mail --state >/dev/full"
	env SOURCE_DATE_EPOCH=$fepoch "$bin/derma-aftercare" --config "$fcfg" \
	    -d "$FT" -f mail --state "$fw/full.state" "$fpats" >/dev/full 2>"$err"
	rc=$?
	status "$t" 74
	has "$t: a message" "$err" "write error"
	equal "$t: one message" 1 "$(count "$err" 'write error')"
	equal "$t: nothing in the journal" 0 "$(grep -c '^sent ' "$fw/full.state.journal")"
	equal "$t: the day not done" 0 "$(grep -c "^last $FT" "$fw/full.state")"
else
	skip "F1 stdout on a full disk: no writable /dev/full"
fi

# --- F2. a reader that goes away ----------------------------------------------

# into_head TOOL ARGS...: the tool's output into head -c 1; its status
# in $rc, its stderr in $err.
# Under valgrind, $leaks says if leaks count: not for a tool SIGPIPE kills.
leaks=full
into_head() {
	{ env DERMA_VG_LEAKS=$leaks "$@" 2>"$err"; echo $? >"$fw/rc"; } | head -c 1 >/dev/null
	rc=$(cat "$fw/rc")
	vgcheck
}
# into_gone TOOL ARGS...: the same into a pipe whose reader has gone.
into_gone() {
	{ sleep 1; env DERMA_VG_LEAKS=$leaks "$@" 2>"$err"; echo $? >"$fw/rc"; } | true
	rc=$(cat "$fw/rc")
	vgcheck
}
# ignoring_sigpipe FUNCTION TOOL ARGS...: the same with SIGPIPE ignored,
# as a parent may leave it: the tool sees EPIPE instead.
ignoring_sigpipe() {
	(trap '' PIPE; "$@")
	rc=$(cat "$fw/rc")
	vgcheck
}

# A closed pipe is the normal end of `| head`: the tool ends by SIGPIPE
# (status 141 in the shell), as any filter does, and says nothing; with
# SIGPIPE ignored, it is the output error (74) the write gets, said as
# little.
for tn in $tools; do
	if [ "$tn" != derma-report ]; then
		t="F2 $tn | head -c 1"
		leaks=no
		into_head "$bin/$tn" -d "$D" "$fw/many.yaml"
		leaks=full
		status "$t" 141
		empty "$t: stderr" "$err"
	fi
	t="F2 $tn into a pipe with no reader"
	leaks=no
	into_gone "$bin/$tn" -d "$D" "$fw/many.yaml"
	leaks=full
	status "$t" 141
	empty "$t: stderr" "$err"
	t="F2 $tn into a pipe with no reader, SIGPIPE ignored"
	ignoring_sigpipe into_gone "$bin/$tn" -d "$D" "$fw/many.yaml"
	status "$t" 74
	empty "$t: stderr" "$err"
done

# -f mail --state into head: what was written is in the journal, the
# message the pipe broke on is not, and the next run writes the rest:
# every message once.
for how in into_head "ignoring_sigpipe into_gone"; do
	t="F2 derma-aftercare -f mail --state, $how"
	rm -f "$fw/pipe.state"*
	leaks=full
	[ "$how" != into_head ] || leaks=no
	# shellcheck disable=SC2086 # the function and its wrapper
	$how env SOURCE_DATE_EPOCH=$fepoch "$bin/derma-aftercare" --config "$fcfg" \
	    -d "$FT" -f mail --state "$fw/pipe.state" "$fw/many.yaml"
	leaks=full
	case $rc in
	141 | 74) ok ;;
	*) bad "$t: exit status $rc, expected 141 or 74$(why)" ;;
	esac
	empty "$t: stderr" "$err"
	sent=$(grep -c '^sent ' "$fw/pipe.state.journal")
	if [ "$sent" -lt 3000 ]; then ok; else bad "$t: $sent messages noted, the pipe broke before 3000"; fi
	equal "$t: the day not done" 0 "$({ cat "$fw/pipe.state" 2>/dev/null || :; } | grep -c "^last $FT")"
	{ cat "$fw/pipe.state" "$fw/pipe.state.journal" 2>/dev/null || :; } |
	    sed -n 's/^sent [0-9-]* //p' >"$fw/noted.ids"
	run env SOURCE_DATE_EPOCH=$fepoch "$bin/derma-aftercare" --config "$fcfg" \
	    -d "$FT" -f mail --state "$fw/pipe.state" "$fw/many.yaml"
	status "$t, then to a file" 0
	equal "$t, then to a file: the rest" $((3000 - sent)) "$(grep -c '^From ' "$out")"
	sed -n 's/^Message-ID: <\(.*\)>$/\1/p' "$out" >"$fw/rest.ids"
	sort "$fw/noted.ids" "$fw/rest.ids" >"$fw/all.ids"
	equal "$t: every message once" "3000 0" \
	    "$(wc -l <"$fw/all.ids" | tr -d ' ') $(uniq -d "$fw/all.ids" | wc -l | tr -d ' ')"
	equal "$t, then: the day done" 1 "$(grep -c "^last $FT" "$fw/pipe.state")"
done

# --- F3. a file that cannot be read, among others ------------------------------

# As root, chmod 000 stops no one: the check runs as nobody then.
if [ "$(id -u)" -ne 0 ]; then
	as_user() { "$@"; }
elif setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
	as_user() { setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    env GCOV_PREFIX="$gnob" "$@"; }
else
	as_user=
fi
# A build with --coverage (make coverage) writes its counters as the user
# who runs it: nobody writes them apart (as_user() says where), or the
# runtime's complaints would be on stderr.
gnob=$fw/gcov-nobody
mkdir -p "$gnob" && chmod 777 "$gnob"
if command -v as_user >/dev/null 2>&1; then
	chmod 711 "$tmp"	# nobody may pass, not list
	mkdir -p "$fw/nob"
	cp "$ex/bram-devries.yaml" "$ex/chloe-bernard.yaml" "$fw/nob/"
	cp "$ex/ana-souza.yaml" "$fw/nob/secret.yaml"
	chmod 755 "$fw/nob"
	chmod 644 "$fw/nob/bram-devries.yaml" "$fw/nob/chloe-bernard.yaml"
	chmod 000 "$fw/nob/secret.yaml"
	for tn in $tools; do
		t="F3 $tn: an unreadable file between two"
		runin "$fw/nob" as_user env HOME="$fw/nob" "$bin/$tn" -d "$D" -f json \
		    bram-devries.yaml secret.yaml chloe-bernard.yaml
		status "$t" 66
		equal "$t: the message" "$tn: secret.yaml: Permission denied" "$(cat "$err")"
		if [ "$tn" = derma-report ]; then
			has "$t: the others counted" "$out" '"patients":2'
		else
			equal "$t: the others" "P-0002 P-0003" "$(jids "$out" | tr '\n' ' ' | sed 's/ $//')"
		fi
	done
	chmod 700 "$tmp"
else
	skip "F3 an unreadable file: root, and no setpriv to be nobody"
fi

# --- F4. a state or key file that cannot be written ---------------------------

# The state's directory holds nothing new after a run that cannot write
# the state (its .tmp is a directory, which stops root too).
t="F4 derma-aftercare --state that cannot be written"
mkdir -p "$fw/st"
run env SOURCE_DATE_EPOCH=$fepoch "$bin/derma-aftercare" --config "$fcfg" \
    -d "$FT" -f mail --state "$fw/st/state" "$fpats"
status "$t: a first run" 0
cksum "$fw/st/state" >"$fw/st.before"
mkdir "$fw/st/state.tmp"
ls -a "$fw/st" >"$fw/st.ls.before"
run env SOURCE_DATE_EPOCH=$fepoch "$bin/derma-aftercare" --config "$fcfg" \
    -d 2026-11-21 -f mail --state "$fw/st/state" "$fpats"
status "$t" 74
cksum "$fw/st/state" >"$fw/st.after"
same "$t: the state as it was" "$fw/st.before" "$fw/st.after"
ls -a "$fw/st" >"$fw/st.ls.after"
same "$t: no file left behind" "$fw/st.ls.before" "$fw/st.ls.after"
rmdir "$fw/st/state.tmp"

# The key of derma-report --anonymize, where it cannot be made: 74, no
# key, nothing left; an old key is never written to.
t="F4 derma-report --anonymize, a key that cannot be made"
: >"$fw/notadir"
printf 'report: {key_file: %s}\n' "$fw/notadir/key" >"$fw/key1.yaml"
run "$bin/derma-report" --anonymize --config "$fw/key1.yaml" -d "$D" "$ex/bram-devries.yaml"
status "$t (its directory is a file)" 74
has "$t (its directory is a file): says so" "$err" "$fw/notadir"
empty "$t (its directory is a file): no report" "$out"
mkdir -p "$fw/kd"
printf 'report: {key_file: %s}\n' "$fw/kd/key" >"$fw/key2.yaml"
mkdir "$fw/kd/key"	# a directory where the key goes
run "$bin/derma-report" --anonymize --config "$fw/key2.yaml" -d "$D" "$ex/bram-devries.yaml"
status "$t (a directory in its place)" 78
equal "$t (a directory in its place): nothing left" "key" "$(ls "$fw/kd")"
rmdir "$fw/kd/key"
run "$bin/derma-report" --anonymize --config "$fw/key2.yaml" -d "$D" "$ex/bram-devries.yaml"
status "$t: made" 0
cksum "$fw/kd/key" >"$fw/key.before"
chmod 400 "$fw/kd/key"
run "$bin/derma-report" --anonymize --config "$fw/key2.yaml" -d "$D" "$ex/bram-devries.yaml"
status "$t: a read-only key is read" 0
cksum "$fw/kd/key" >"$fw/key.after"
same "$t: the key untouched" "$fw/key.before" "$fw/key.after"
equal "$t: the key alone in its directory" "key" "$(ls "$fw/kd")"
if command -v as_user >/dev/null 2>&1; then
	chmod 711 "$tmp"
	chmod 755 "$fw" "$fw/kd"
	printf 'report: {key_file: %s}\n' "$fw/kd/other" >"$fw/key3.yaml"
	chmod 644 "$fw/key3.yaml"
	run as_user env HOME="$fw/kd" "$bin/derma-report" --anonymize --config "$fw/key3.yaml" -d "$D" \
	    "$ex/bram-devries.yaml"
	status "$t (a directory it may not write to)" 74
	equal "$t (a directory it may not write to): nothing left" "key" "$(ls "$fw/kd")"
	# The state, likewise: its directory is not the user's.
	mkdir -p "$fw/nst"
	chmod 755 "$fw/nst"
	run as_user env SOURCE_DATE_EPOCH=$fepoch HOME="$fw/nst" \
	    "$bin/derma-aftercare" --config "$fcfg" -d "$FT" -f mail \
	    --state "$fw/nst/state" "$fpats"
	status "F4 derma-aftercare --state in a directory it may not write to" 74
	empty "F4 derma-aftercare --state in a directory it may not write to: nothing written" "$out"
	equal "F4 derma-aftercare --state in a directory it may not write to: no file" "" "$(ls "$fw/nst")"
	chmod 700 "$tmp"
fi

# No tool has an output file of its own (-o): standard output only.

# --- F5. encodings and line ends -----------------------------------------------

# The same records, as UTF-8 with a BOM, UTF-16 LE and BE with theirs,
# CR LF and lone CR line ends, give every tool the same JSON as LF UTF-8.
cp "$ex/clinic-day.yaml" "$fw/lf.yaml"
{ printf '\357\273\277'; cat "$fw/lf.yaml"; } >"$fw/bom8.yaml"
iconv -f UTF-8 -t UTF-16LE <"$fw/lf.yaml" | { printf '\377\376'; cat; } >"$fw/utf16le.yaml"
iconv -f UTF-8 -t UTF-16BE <"$fw/lf.yaml" | { printf '\376\377'; cat; } >"$fw/utf16be.yaml"
sed 's/$/\r/' "$fw/lf.yaml" >"$fw/crlf.yaml"
tr '\n' '\r' <"$fw/lf.yaml" >"$fw/cr.yaml"
for tn in $tools; do
	run "$bin/$tn" -d "$D" -f json <"$fw/lf.yaml"
	cp "$out" "$fw/lf.$tn"
	for v in bom8 utf16le utf16be crlf cr; do
		t="F5 $tn: $v"
		run "$bin/$tn" -d "$D" -f json <"$fw/$v.yaml"
		status "$t" "$(want_ok "$tn")"
		empty "$t: stderr" "$err"
		same "$t: as LF UTF-8" "$fw/lf.$tn" "$out"
	done
done
for tn in derma-screen derma-plan derma-aftercare; do
	t="F5 $tn -f yaml: CR LF kept"
	run "$bin/$tn" -d "$D" -f yaml "$fw/crlf.yaml"
	equal "$t" "$(wc -l <"$out" | tr -d ' ')" "$(count "$out" "$(printf '\r')\$")"
	t="F5 $tn -f yaml: a BOM not written in the middle"
	run "$bin/$tn" -d "$D" -f yaml "$fw/lf.yaml" "$fw/bom8.yaml"
	equal "$t" 0 "$(count "$out" "$(printf '\357\273\277')")"
	cp "$out" "$fw/bom.out"
	run "$ds" -d "$D" -f json "$fw/bom.out"
	equal "$t: read back" 8 "$(wc -l <"$out" | tr -d ' ')"
done
# Bytes that are not UTF-8 after a good record: that record still comes
# out (or is counted), and the error names the place.
printf 'id: L-1\n---\nid: L-2\nname: Jos\351\n---\nid: L-3\n' >"$fw/latin1.yaml"
for tn in $tools; do
	t="F5 $tn: Latin-1"
	runin "$fw" "$bin/$tn" -d "$D" -f json latin1.yaml
	status "$t" 65
	has "$t: the place" "$err" "$tn: latin1.yaml:4:"
	has "$t: libyaml's reason" "$err" "invalid YAML: invalid trailing UTF-8 octet"
	if [ "$tn" = derma-report ]; then
		has "$t: the record before" "$out" '"patients":1'
	else
		equal "$t: the record before" "L-1" "$(jids "$out")"
	fi
done

# --- F6. a stream of 2 GiB, memory bounded (make check-large) ------------------

# About 150 s here (2 cores): only with DERMA_LARGE=1, and not under
# valgrind, where memory is valgrind's.  The stream is made on the fly.
if [ -n "${DERMA_LARGE:-}" ] && [ -z "$vg" ] && /usr/bin/time -f %M true >/dev/null 2>&1 &&
    ! grep -q __asan_init "$ds"; then
	t="F6 2 GiB into derma-screen"
	cat >"$fw/large.sh" <<'EOF'
awk -v bytes=2147483648 'BEGIN {
	rec = "id: P-%d\nname: Patient Number %d\nskin: {fitzpatrick: 3, concerns: [wrinkles, acne-scars]}\nmedications: [tretinoin]\nnotes: [a note of some length to pad the record out a little, and another]\n"
	for (i = 0; total < bytes; i++) {
		s = sprintf("---\n" rec, i, i)
		total += length(s)
		printf "%s", s
	} }' | /usr/bin/time -f %M -o "$2" "$1" -d 2026-11-25 -f json - | wc -l
EOF
	fstart=$(date +%s)
	run sh "$fw/large.sh" "$ds" "$fw/large.rss"
	echo "(F6: 2 GiB in $(($(date +%s) - fstart)) s, peak RSS $(tail -n 1 "$fw/large.rss") KB)"
	status "$t" 0
	empty "$t: stderr" "$err"
	frecs=$(tr -d ' ' <"$out")
	if [ "$frecs" -gt 11000000 ]; then ok; else bad "$t: $frecs records out"; fi
	frss=$(tail -n 1 "$fw/large.rss")
	if [ "$frss" -le 65536 ]; then ok; else bad "$t: peak RSS $frss KB, expected at most 65536"; fi
else
	skip "F6 2 GiB: make check-large (DERMA_LARGE=1, no valgrind, no sanitizers)"
fi

# --- F7. cron: no terminal, no session, no environment ------------------------

# setsid (no controlling terminal), stdin empty, env -i with a
# PATH: the tools write what they write to a file, nothing else, no colour.
# (An empty file of its own stands for /dev/null: a machine where
# /dev/null has become a file that others write to was seen.)
: >"$fw/empty"
cron() { setsid -w env -i PATH=/usr/bin:/bin "$@" <"$fw/empty"; }
esc=$(printf '\033')
for tn in $tools; do
	t="F7 $tn from cron"
	run "$bin/$tn" -d "$D" "$@"
	cp "$out" "$fw/cron.want"
	run cron "$bin/$tn" -d "$D" "$@"
	status "$t" "$(want_ok "$tn")"
	empty "$t: stderr" "$err"
	same "$t: the output of a run from a shell" "$fw/cron.want" "$out"
	run cron "$bin/$tn" -d "$D" -f text "$@"
	equal "$t -f text: no colour" 0 "$(count "$out" "$esc")"
	empty "$t -f text: stderr" "$err"
	run cron "$bin/$tn" -d "$D"
	status "$t, nothing on stdin" 0
	empty "$t, nothing on stdin: stderr" "$err"
done
run cron "$bin/derma-report" --anonymize -d "$D" "$ex/bram-devries.yaml"
status "F7 derma-report --anonymize from cron, no HOME" 78
has "F7 derma-report --anonymize from cron, no HOME: says what to set" "$err" "report.key_file"

# --- F8. SIGTERM during derma-aftercare --send, msmtp, a slow server -----------

t="F8 SIGTERM during --send"
if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null &&
    command -v msmtp >/dev/null 2>&1; then
	mkdir -p "$fw/smtp"
	# Each message taken a second after it came: the run is still sending
	# when the signal comes.
	/usr/bin/python3 "$here/aftercare/smtpd.py" "$fw/smtp" 1 2>"$fw/smtpd.err" &
	fsmtpd=$!
	i=0
	while [ ! -s "$fw/smtp/port" ] && [ $i -lt 200 ] && kill -0 "$fsmtpd" 2>/dev/null; do
		sleep 0.05
		i=$((i + 1))
	done
	fport=$(cat "$fw/smtp/port" 2>/dev/null)
	if [ -n "$fport" ]; then
		printf 'account default\nhost 127.0.0.1\nport %s\nfrom rappels@tilleuls.example\nauth off\ntls off\n' \
		    "$fport" >"$fw/msmtprc"
		chmod 600 "$fw/msmtprc"
		{
			cat "$fcfg"
			printf 'mail:\n  command: [msmtp, -C, "%s", -t]\n' "$fw/msmtprc"
		} >"$fw/smtp.yaml"
		env SOURCE_DATE_EPOCH=$fepoch "$bin/derma-aftercare" --config "$fw/smtp.yaml" \
		    --due -d "$FT" --state "$fw/smtp.state" --send "$fpats" \
		    >"$fw/send.out" 2>"$fw/send.err" &
		fsend=$!
		i=0
		while [ ! -e "$fw/smtp/1.eml" ] && [ $i -lt 600 ]; do
			sleep 0.05
			i=$((i + 1))
		done
		kill -TERM "$fsend"
		wait "$fsend"
		rc=$?
		vgcheck
		status "$t" 143
		has "$t: says so" "$fw/send.err" "stopped by signal 15"
		got=$(find "$fw/smtp" -name '*.eml' | wc -l | tr -d ' ')
		if [ "$got" -ge 1 ] && [ "$got" -lt 4 ]; then
			ok
		else
			bad "$t: $got messages received, expected 1 to 3 (the signal mid-way)"
		fi
		cat "$fw/smtp"/*.eml | sed -n 's/^Message-ID: <\(.*\)>\r\{0,1\}$/\1/p' | sort >"$fw/received"
		sed -n 's/^sent [0-9-]* //p' "$fw/smtp.state" "$fw/smtp.state.journal" |
		    sort >"$fw/noted"
		same "$t: the state notes exactly the messages received" "$fw/received" "$fw/noted"
		run env SOURCE_DATE_EPOCH=$fepoch "$bin/derma-aftercare" --config "$fw/smtp.yaml" \
		    --due -d "$FT" --state "$fw/smtp.state" --send "$fpats"
		status "$t, run again" 0
		empty "$t, run again: stderr" "$err"
		cat "$fw/smtp"/*.eml | sed -n 's/^Message-ID: <\(.*\)>\r\{0,1\}$/\1/p' | sort >"$fw/received"
		equal "$t, run again: the rest, none twice" "4 0" \
		    "$(wc -l <"$fw/received" | tr -d ' ') $(uniq -d "$fw/received" | wc -l | tr -d ' ')"
		sed -n 's/^Message-ID: <\(.*\)>$/\1/p' "$exp/aftercare/patients.mbox" | sort >"$fw/want"
		same "$t, run again: exactly the day's" "$fw/want" "$fw/received"
	else
		bad "$t: the SMTP server did not start: $(head -n 1 "$fw/smtpd.err")"
	fi
	kill "$fsmtpd" 2>/dev/null
	wait "$fsmtpd" 2>/dev/null
else
	bad "$t: needs /usr/bin/python3 with aiosmtpd and msmtp (.ci/install-deps installs them)"
fi
