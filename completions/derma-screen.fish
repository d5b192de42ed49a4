# fish completion for derma-screen(1)
complete -c derma-screen -s h -l help -d 'Print usage and exit'
complete -c derma-screen -l version -d 'Print version and exit'
complete -c derma-screen -s f -l format -x -a 'text yaml json' -d 'Output format'
complete -c derma-screen -s d -l date -x -a 'today yesterday tomorrow' -d 'Day the screening is for (YYYY-MM-DD)'
complete -c derma-screen -s j -l jobs -x -d 'Number of worker threads (1-64)'
# fish puts "--rules=" back before each candidate itself: complete the
# token without it, or "--rules=" is inserted twice.
complete -c derma-screen -l rules -x -a '(__fish_complete_directories (commandline -ct | string replace -r -- "^--rules=" ""))' -d 'Rules data directory'
complete -c derma-screen -l config -r -F -d 'Clinic configuration file'
complete -c derma-screen -l color -x -a 'auto always never' -d 'Colour in the text view'
