/*
 * state: what derma-aftercare --state remembers from run to run, so that
 * each reminder goes out exactly once: the last day a run completed, and
 * every message sent, by its Message-ID.
 *
 * Three files share the name FILE: FILE holds the last day and the
 * messages sent before it, replaced whole (a temporary file, fsync(2),
 * rename(2)); FILE.journal gets a line per message the moment it is sent,
 * each synced; FILE.lock is held with flock(2) for the whole run, so that
 * two runs never both send.  All are made mode 0600 (one found wider is
 * narrowed), none is followed as a symbolic link, and a FILE.tmp left by
 * a killed run is made anew.  A run killed at any point leaves FILE as it
 * was and the journal with every message that went, so the next run
 * sends what was not sent, and nothing that was.
 */
#ifndef DERMA_STATE_H
#define DERMA_STATE_H

#include <stddef.h>

#include "date.h"
#include "diag.h"

struct state;

/*
 * Locks and reads the state at path, waiting at most wait seconds for
 * another run's lock.  A state never written is empty.  Returns 0, or -1
 * with d filled: DIAG_TEMPFAIL when the lock stayed taken, DIAG_IO when a
 * file cannot be read or made, or is not a state (at the line that is not).
 */
int state_open(const char *path, int wait, struct state **out, struct diag *d);
/* The last day a run completed: 1 with *day set, 0 when none did yet. */
int state_last(const struct state *s, date_t *day);
/* Whether the message id was sent. */
int state_sent(const struct state *s, const char *id);
/* Notes that the message id of day was sent, synced before it returns. */
int state_record(struct state *s, const char *id, date_t day, struct diag *d);
/*
 * Writes the state whole with last as its last day (never before the one
 * it had), then empties the journal.  Messages of days more than a year
 * before last are forgotten.  Returns 0, or -1 with d filled (the old
 * state is then left as it was).
 */
int state_finish(struct state *s, date_t last, struct diag *d);
/* Unlocks and frees. */
void state_close(struct state *s);

#endif
