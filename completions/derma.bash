# bash completion for the derma tools                       -*- shell-script -*-
# derma-screen(1), derma-plan(1), derma-aftercare(1), derma-report(1).
# Installed once under each tool's name;
# loading it completes them all.

# _derma_words WORDS: complete $cur from WORDS, each with $prefix before it.
_derma_words()
{
	mapfile -t COMPREPLY < <(compgen -W "$1" -- "$cur")
	COMPREPLY=("${COMPREPLY[@]/#/$prefix}")
}

# _derma_list WORDS: complete the last item of a comma-separated $cur.
_derma_list()
{
	local head=''
	[[ $cur == *,* ]] && head=${cur%,*},
	mapfile -t COMPREPLY < <(compgen -W "$1" -- "${cur##*,}")
	COMPREPLY=("${COMPREPLY[@]/#/$prefix$head}")
	compopt -o nospace 2>/dev/null
}

# _derma_files [-d]: complete file (or directory) names.
_derma_files()
{
	compopt -o filenames 2>/dev/null
	mapfile -t COMPREPLY < <(compgen "${1:--f}" -- "$cur")
	COMPREPLY=("${COMPREPLY[@]/#/$prefix}")
}

_derma()
{
	local cur prev i prefix='' cmd=${COMP_WORDS[0]##*/}
	local opts='-h --help --version -f --format -d --date -j --jobs --rules
	    --config --color --' formats='text yaml json'
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()

	case $cmd in
	derma-plan) opts="$opts --start --sessions --areas" ;;
	derma-aftercare)
		opts="$opts --due --since --state --wait --send -v --verbose"
		formats='text ics mail yaml json'
		;;
	derma-report)
		opts="$opts -r --report --from --to --weeks --patient --anonymize"
		formats='text csv json markdown html'
		;;
	esac

	# "--opt=arg": readline splits at '=' when it is in COMP_WORDBREAKS.
	if [[ $cur == = ]]; then
		cur=
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $cur == --*=* ]]; then
		prev=${cur%%=*}
		prefix=$prev=
		cur=${cur#*=}
	fi

	# After "--" every word is a file.
	for ((i = 1; i < COMP_CWORD; i++)); do
		if [[ ${COMP_WORDS[i]} == -- ]]; then
			prefix=
			_derma_files
			return 0
		fi
	done

	case $prev in
	-f | --format)
		_derma_words "$formats"
		return 0
		;;
	--rules)
		_derma_files -d
		return 0
		;;
	--config | --state)
		_derma_files
		return 0
		;;
	-r | --report)
		_derma_words 'summary treatments course patient'
		return 0
		;;
	--color)
		_derma_words 'auto always never'
		return 0
		;;
	-d | --date | --start | --since | --from | --to)
		# YYYY-MM-DD, or a word for a day near today.
		_derma_words 'today yesterday tomorrow'
		return 0
		;;
	--areas)
		# The areas of the vocabulary the tool reads.
		_derma_list "$("$cmd" --areas list 2>/dev/null)"
		return 0
		;;
	-j | --jobs | --sessions | --wait | --weeks | --patient)
		# A number or an id: nothing to offer.
		return 0
		;;
	esac

	case $cur in
	-*)
		mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
		;;
	*)
		# derma-report's first word may name the report.
		if [[ $cmd == derma-report ]] && ((COMP_CWORD == 1)); then
			mapfile -t COMPREPLY < <(compgen -W \
			    'summary treatments course patient' -- "$cur"
			    compgen -f -- "$cur")
			compopt -o filenames 2>/dev/null
			return 0
		fi
		_derma_files
		;;
	esac
	return 0
}
complete -F _derma derma-screen derma-plan derma-aftercare derma-report
