# Command tests: the core every tool shares (the front end, the build and
# the install).  Sourced by run.sh, whose harness and variables it uses.
# shellcheck shell=sh disable=SC2154,SC2034

# --- 13. the front end ---------------------------------------------------------

# A bad option is one line naming it, and a pointer to --help.
for a in "-Zf text:-Z" "--bogus:--bogus" "--version=1:--version" \
    "-x:-x" "--format:--format" "--colour=always:--colour"; do
	opt=${a%%:*} named=${a#*:}
	# shellcheck disable=SC2086 # the option and its argument, split
	run "$ds" $opt
	status "13 '$opt'" 64
	equal "13 '$opt': two lines" 2 "$(wc -l <"$err" | tr -d ' ')"
	has "13 '$opt': names $named" "$err" "'$named'"
	has "13 '$opt': points to --help" "$err" "Try 'derma-screen --help'."
	lacks "13 '$opt': not the whole help" "$err" "usage:"
	empty "13 '$opt': stdout" "$out"
done
run "$ds" --version=1
has "13 --version=1: takes no argument" "$err" "takes no argument"

# A prefix of two long options is ambiguous, not unknown; of one, it is
# that option.
for a in "derma-screen --co:config,color" "derma-plan --s=1:start,sessions" \
    "derma-aftercare --s:since,state,send" "derma-aftercare --v:version,verbose" \
    "derma-report --r:rules,report" "derma-report --co=x:config,color"; do
	tool=${a%% *} a=${a#* } opt=${a%%:*} names=${a#*:}
	t="13 $tool $opt"
	run "$bin/$tool" "$opt"
	status "$t" 64
	equal "$t: two lines" 2 "$(wc -l <"$err" | tr -d ' ')"
	has "$t: ambiguous" "$err" "option '${opt%%=*}' is ambiguous; possibilities:"
	for n in $(echo "$names" | tr ',' ' '); do
		has "$t: names --$n" "$err" "'--$n'"
	done
	lacks "$t: not unknown" "$err" "unknown option"
	empty "$t: stdout" "$out"
done
run "$ds" --form=json -d "$D" "$ex/bram-devries.yaml"
status "13 --form=json: --format" 0
has "13 --form=json: json" "$out" '{"id":"P-0002"'
run "$ds" -d
has "13 -d: needs an argument" "$err" "option '-d' needs an argument"

# An empty name of a file, a directory or a record is a usage error that
# says which option, as an empty date or number is; --state '' made its
# lock and journal, .lock and .journal, in the working directory.
for a in "derma-screen --config:config:a file name" \
    "derma-plan --rules:rules:a directory" \
    "derma-aftercare --state:state:a file name" \
    "derma-report --patient:patient:a record's id"; do
	tool=${a%% *} a=${a#* } opt=${a%%:*} a=${a#*:} name=${a%%:*} what=${a#*:}
	for form in sep eq; do
		t="13 $tool $opt '' ($form)"
		rm -rf "$tmp/emptyname"
		mkdir "$tmp/emptyname"
		if [ "$form" = sep ]; then
			runin "$tmp/emptyname" "$bin/$tool" "$opt" '' "$ex/bram-devries.yaml"
		else
			runin "$tmp/emptyname" "$bin/$tool" "$opt=" "$ex/bram-devries.yaml"
		fi
		status "$t" 64
		equal "$t: two lines" 2 "$(wc -l <"$err" | tr -d ' ')"
		has "$t: says so" "$err" "$tool: $name '': expected $what"
		empty "$t: stdout" "$out"
		equal "$t: no file made" "" "$(ls -A "$tmp/emptyname")"
	done
done

# Dates: a day that does not exist says so; words for days near today.
run "$ds" -d 2026-02-30 "$ex/bram-devries.yaml"
status "13 -d 2026-02-30" 64
has "13 -d 2026-02-30: no such day" "$err" "'2026-02-30': no such day"
run "$ds" -d 25/11/2026 "$ex/bram-devries.yaml"
has "13 -d 25/11/2026: the form expected" "$err" "expected YYYY-MM-DD"
for w in today yesterday tomorrow; do
	# The day before and after the run: a run across midnight sees either.
	want1=$(date -d "$w" +%Y-%m-%d)
	run "$ds" -d "$w" "$ex/bram-devries.yaml"
	want2=$(date -d "$w" +%Y-%m-%d)
	got=$(sed -n 's/^  date: //p' "$out")
	if [ "$got" = "$want1" ] || [ "$got" = "$want2" ]; then
		ok
	else
		bad "13 -d $w: screening date '$got', expected $want1"
	fi
done

# --help and --version report a full disk (74), not success.
if [ -w /dev/full ]; then
	for o in --help --version; do
		"$ds" "$o" >/dev/full 2>"$err"
		rc=$?
		status "13 $o >/dev/full" 74
		has "13 $o >/dev/full: a message" "$err" "write error"
	done
fi

# Each tool's --help lists the exit statuses its man page does, and both
# list 78: every tool reads the clinic's configuration.
for tool in derma-screen derma-plan derma-aftercare derma-report; do
	t="13 $tool --help: exit statuses"
	run "$bin/$tool" --config "$tmp/no-such-config.yaml" "$ex/bram-devries.yaml"
	status "$t: a bad --config" 78
	run "$bin/$tool" --help
	sed -n '/^Exit status:/,$p' "$out" | tr -c '0-9' '\n' | grep . |
	    sort -n >"$tmp/help.st"
	sed -n '/^\.Sh EXIT STATUS/,/^\.Sh [^E]/s/^\.It \([0-9][0-9]*\)$/\1/p' \
	    "$root/man/$tool.1" | sort -n >"$tmp/man.st"
	same "$t: as in $tool.1" "$tmp/man.st" "$tmp/help.st"
	has "$t: 78" "$tmp/help.st" 78
done

# --color: always colours even into a pipe; never and NO_COLOR do not.
run "$ds" -f text --color=always -d "$D" "$ex/bram-devries.yaml"
has "13 --color=always" "$out" "$(printf '\033[')"
run "$ds" -f text --color=never -d "$D" "$ex/bram-devries.yaml"
lacks "13 --color=never" "$out" "$(printf '\033')"
run "$ds" -f text -d "$D" "$ex/bram-devries.yaml"
lacks "13 --color=auto, not a terminal" "$out" "$(printf '\033')"
run "$ds" --color=sometimes "$ex/bram-devries.yaml"
status "13 --color=sometimes" 64

# --- 14. the build and the install ---------------------------------------------

# The installed man pages name the installed paths, not /usr/local.
t="14 make install PREFIX"
inst2=$tmp/inst2
(cd "$root" && make -s install PREFIX="$inst2" DESTDIR=) >"$out" 2>"$err"
rc=$?
status "$t" 0
for m in man1/derma-screen.1 man7/derma.7; do
	has "$t: $m names PREFIX/share/derma" "$inst2/share/man/$m" "$inst2/share/derma"
	lacks "$t: $m: no /usr/local" "$inst2/share/man/$m" "/usr/local"
done
(cd "$root" && make -s uninstall PREFIX="$inst2" DESTDIR=) >/dev/null 2>&1

# The fish completion of --rules= does not repeat the option.
if command -v fish >/dev/null 2>&1; then
	mkdir -p "$tmp/fishdir/rules-a"
	(cd "$tmp/fishdir" && fish -c "source '$root/completions/derma.fish'; complete -C'derma-screen --rules='") >"$out" 2>"$err"
	has "14 fish --rules=" "$out" "--rules=rules-a/"
	lacks "14 fish --rules=: once" "$out" "--rules=--rules="
else
	skip "14 fish completion: no fish"
fi

# The bash completion knows each tool's own options and formats.
if command -v bash >/dev/null 2>&1; then
	# shellcheck disable=SC2016 # expanded by bash
	bash -c 'source "$1/completions/derma.bash"
	c() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _derma
	    echo "$* => ${COMPREPLY[*]}"; }
	c derma-aftercare -f ""; c derma-aftercare --s; c derma-report -f ""
	c derma-report --report co; c derma-screen -f ""; c derma-report --an' \
	    sh "$root" >"$out" 2>"$err"
	has "14 bash: aftercare formats" "$out" "derma-aftercare -f  => text ics mail yaml json"
	has "14 bash: aftercare options" "$out" "derma-aftercare --s => --since --state --send"
	has "14 bash: report formats" "$out" "derma-report -f  => text csv json markdown html"
	has "14 bash: report kinds" "$out" "derma-report --report co => course"
	has "14 bash: report options" "$out" "derma-report --an => --anonymize"
	has "14 bash: screen formats" "$out" "derma-screen -f  => text yaml json"
	lacks "14 bash: no error" "$err" "_derma"
fi
if command -v fish >/dev/null 2>&1; then
	fish -c "source '$root/completions/derma.fish'; complete -C'derma-report -f '; complete -C'derma-aftercare --se'" >"$out" 2>"$err"
	has "14 fish: report formats" "$out" "markdown"
	has "14 fish: aftercare --send" "$out" "--send"
fi
if command -v zsh >/dev/null 2>&1; then
	zsh -n "$root/completions/_derma" >"$out" 2>"$err"
	rc=$?
	status "14 zsh completion parses" 0
else
	skip "14 zsh completion: no zsh"
fi

# The clinic's configuration may shorten how long an approval counts.
t="14 screening.approval_months"
printf 'id: P-A\nmedications: [warfarin]\nconsultation: {date: 2026-09-01, approved: true}\n' >"$tmp/approved.yaml"
run "$ds" -d "$D" "$tmp/approved.yaml"
status "$t: by the rules, 12 months" 0
printf 'screening: {approval_months: 2}\n' >"$tmp/approval2.yaml"
run "$ds" -d "$D" --config "$tmp/approval2.yaml" "$tmp/approved.yaml"
status "$t: 2 months in the configuration" 1
has "$t: review" "$out" "verdict: review"

# --- 15. the text views escape what the record says ------------------------------

# A name holding ESC sequences, BEL, CR or LF cannot set the terminal's
# title, clear it or fake a line (../shared/cases/reader: text_inject.yaml,
# text_newline.yaml); every tool's view escapes it.
cd_=$here/data/core
for tool in "$ds" "$bin/derma-plan"; do
	for f in text_inject.yaml text_newline.yaml; do
		t="15 $(basename "$tool") -f text $f"
		run "$tool" -d "$D" -f text "$cd_/$f"
		lacks "$t: no ESC" "$out" "$(printf '\033')"
		lacks "$t: no BEL" "$out" "$(printf '\007')"
		lacks "$t: no CR" "$out" "$(printf '\r')"
		equal "$t: one line for the patient" 1 "$(grep -c 'P-T' "$out")"
	done
done
run "$ds" -d "$D" -f text "$cd_/text_inject.yaml"
has "15 text_inject.yaml: shown escaped" "$out" 'Eve\e]0;owned\x07\e[2J\rFAKE'
run "$ds" -d "$D" -f text "$cd_/text_newline.yaml"
has "15 text_newline.yaml: shown escaped" "$out" 'Eve\nP-T2  eligible'
