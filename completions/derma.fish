# fish completion for the derma tools: derma-screen(1), derma-plan(1).
# Installed once under each tool's name; loading it completes them all.

# The token being completed without its "--opt=": fish puts that back
# before each candidate itself, or it would be inserted twice.
function __derma_token -a opt
    commandline -ct | string replace -r -- "^--$opt=" ""
end

# The areas for --areas a,b,...: the items given, then each area.
function __derma_areas -a cmd
    set -l given (__derma_token areas | string replace -r '[^,]*$' '')
    for a in ($cmd --areas list 2>/dev/null)
        echo $given$a
    end
end

for c in derma-screen derma-plan
    complete -c $c -s h -l help -d 'Print usage and exit'
    complete -c $c -l version -d 'Print version and exit'
    complete -c $c -s f -l format -x -a 'text yaml json' -d 'Output format'
    complete -c $c -s d -l date -x -a 'today yesterday tomorrow' -d 'Day the run is for (YYYY-MM-DD)'
    complete -c $c -s j -l jobs -x -d 'Number of worker threads (1-64)'
    complete -c $c -l rules -x -a '(__fish_complete_directories (__derma_token rules))' -d 'Rules data directory'
    complete -c $c -l config -r -F -d 'Clinic configuration file'
    complete -c $c -l color -x -a 'auto always never' -d 'Colour in the text view'
end
complete -c derma-plan -l start -x -a 'today yesterday tomorrow' -d 'No session before this day'
complete -c derma-plan -l sessions -x -d 'Sessions to plan (1-20)'
complete -c derma-plan -l areas -x -a '(__derma_areas derma-plan)' -d 'Areas to treat'
