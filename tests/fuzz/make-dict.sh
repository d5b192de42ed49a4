#!/bin/sh
# Writes tests/fuzz/records.dict: YAML's indicators, and the words of the
# rules (share/derma/*.yaml: keys, medications, conditions, areas...) as
# libFuzzer dictionary entries.  Run it again when the vocabulary changes.
set -eu
cd "$(dirname "$0")/../.."
{
	echo '# YAML indicators and the words of share/derma/*.yaml (make-dict.sh).'
	for w in '---' '...' '&a' '*a' '<<' '<<: *a' '!!str' '!!int' '!!merge' \
	    '!!binary' '!' '{' '}' '[' ']' ', ' ': ' '? ' '- ' '|' '|-' '|+' '>' \
	    '>-' '#' '%YAML 1.1' '%YAML 1.2' '%TAG ! tag:x,2026:' '\"' "'" "\\\\" \
	    '\\u00e9' '\\x85' '\x0d\x0a' '\x0d' '\xc2\x85' '\xe2\x80\xa8' '\xef\xbb\xbf' \
	    '\xff\xfe' '\xfe\xff' '~' 'null' 'true' 'false' 'yes' 'no' '.nan' \
	    '0x1F' '1e3' '2026-11-25' '2026-02-30' '12:30' '1.5'; do
		printf '"%s"\n' "$w"
	done
	sed -n 's/^ *\(- \)\{0,1\}\([A-Za-z][A-Za-z0-9_.-]*\):.*/\2/p' \
	    share/derma/*.yaml share/derma/examples/*.yaml
	sed -n 's/^ *[A-Za-z][A-Za-z0-9_.-]*: *\[\(.*\)\].*/\1/p' share/derma/*.yaml |
	    tr ',' '\n' | sed 's/^ *//; s/ *$//; s/^"\(.*\)"$/\1/' |
	    grep -E '^[A-Za-z0-9][A-Za-z0-9 _.-]*$'
} | awk 'NR == 1 { print; next } /^"/ { print; next } !seen[$0]++ { printf "\"%s\"\n", $0 }'
