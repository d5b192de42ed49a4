# bash completion for derma-screen(1)                      -*- shell-script -*-

_derma_screen()
{
	local cur prev i prefix=
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	COMPREPLY=()

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
			compopt -o filenames 2>/dev/null
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
			return 0
		fi
	done

	case $prev in
	-f | --format)
		mapfile -t COMPREPLY < <(compgen -W 'text yaml json' -- "$cur")
		COMPREPLY=("${COMPREPLY[@]/#/$prefix}")
		return 0
		;;
	--rules)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		COMPREPLY=("${COMPREPLY[@]/#/$prefix}")
		return 0
		;;
	--config)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		COMPREPLY=("${COMPREPLY[@]/#/$prefix}")
		return 0
		;;
	--color)
		mapfile -t COMPREPLY < <(compgen -W 'auto always never' -- "$cur")
		COMPREPLY=("${COMPREPLY[@]/#/$prefix}")
		return 0
		;;
	-d | --date)
		# YYYY-MM-DD, or a word for a day near today.
		mapfile -t COMPREPLY < <(compgen -W 'today yesterday tomorrow' -- "$cur")
		COMPREPLY=("${COMPREPLY[@]/#/$prefix}")
		return 0
		;;
	-j | --jobs)
		# A number of threads (1-64): nothing to offer.
		return 0
		;;
	esac

	case $cur in
	-*)
		mapfile -t COMPREPLY < <(compgen -W '-h --help --version -f --format
		    -d --date -j --jobs --rules --config --color --' -- "$cur")
		;;
	*)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		;;
	esac
	return 0
}
complete -F _derma_screen derma-screen
