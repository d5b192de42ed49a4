# fish completion for the derma tools: derma-screen(1), derma-plan(1),
# derma-aftercare(1), derma-report(1).
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

for c in derma-screen derma-plan derma-aftercare derma-report
    complete -c $c -s h -l help -d 'Print usage and exit'
    complete -c $c -l version -d 'Print version and exit'
    complete -c $c -s d -l date -x -a 'today yesterday tomorrow' -d 'Day the run is for (YYYY-MM-DD)'
    complete -c $c -s j -l jobs -x -d 'Number of worker threads (1-64)'
    complete -c $c -l rules -x -a '(__fish_complete_directories (__derma_token rules))' -d 'Rules data directory'
    complete -c $c -l config -r -F -d 'Clinic configuration file'
    complete -c $c -l color -x -a 'auto always never' -d 'Colour in the text view'
end
complete -c derma-plan -l start -x -a 'today yesterday tomorrow' -d 'No session before this day'
complete -c derma-plan -l sessions -x -d 'Sessions to plan (1-20)'
complete -c derma-plan -l areas -x -a '(__derma_areas derma-plan)' -d 'Areas to treat'
for c in derma-screen derma-plan
    complete -c $c -s f -l format -x -a 'text yaml json' -d 'Output format'
end
complete -c derma-aftercare -s f -l format -x -a 'text ics mail yaml json' -d 'Output format'
complete -c derma-aftercare -l due -d 'Only the reminders due on the run\'s date'
complete -c derma-aftercare -l since -x -a 'today yesterday tomorrow' -d 'Every day from DATE to the run\'s date'
complete -c derma-aftercare -l state -r -F -d 'Remember what was sent'
complete -c derma-aftercare -l wait -x -d 'Seconds to wait for another run\'s lock'
complete -c derma-aftercare -l send -d 'Hand each message to the mail command'
complete -c derma-aftercare -s v -l verbose -d 'Say who cannot be mailed, and how many went'
complete -c derma-report -s f -l format -x -a 'text csv json markdown html' -d 'Output format'
complete -c derma-report -n __fish_is_first_arg -a 'summary treatments course patient' -d 'Report'
complete -c derma-report -s r -l report -x -a 'summary treatments course patient' -d 'The report'
complete -c derma-report -l from -x -a 'today yesterday tomorrow' -d 'Treatments from DATE'
complete -c derma-report -l to -x -a 'today yesterday tomorrow' -d 'Treatments to DATE'
complete -c derma-report -l weeks -x -d 'Course: sessions due in N weeks (1-52)'
complete -c derma-report -l patient -x -d 'The patient report of the record with this id'
complete -c derma-report -l anonymize -d 'Pseudonyms for ids; no names, contact details or notes'
