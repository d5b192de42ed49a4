# fish completion for derma-screen(1)
complete -c derma-screen -s h -l help -d 'Print usage and exit'
complete -c derma-screen -l version -d 'Print version and exit'
complete -c derma-screen -s f -l format -x -a 'text yaml json' -d 'Output format'
complete -c derma-screen -s d -l date -x -d 'Day the screening is for (YYYY-MM-DD)'
complete -c derma-screen -s j -l jobs -x -d 'Number of worker threads (1-64)'
complete -c derma-screen -l rules -x -a '(__fish_complete_directories)' -d 'Rules data directory'
