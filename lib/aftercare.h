/*
 * aftercare: the timeline of reminders around a patient's treatments
 * (SPEC section 3, the aftercare block): after the latest treatment, what
 * to do and what is normal day by day; before the next planned session,
 * what to stop or start in time.  The offsets are share/derma/
 * aftercare.yaml, the patient's texts aftercare.LANG.yaml, one file a
 * language, each checked whole when loaded.  This module also writes a
 * patient's reminders of a day as a mail message and as calendar events.
 */
#ifndef DERMA_AFTERCARE_H
#define DERMA_AFTERCARE_H

#include <stddef.h>
#include <time.h>

#include "arena.h"
#include "buf.h"
#include "config.h"
#include "date.h"
#include "diag.h"
#include "node.h"
#include "patient.h"
#include "plan.h"

struct aftercare_data;

/* Loads aftercare.yaml and every aftercare.LANG.yaml of dir; NULL with d filled. */
struct aftercare_data *aftercare_load(const char *dir, struct diag *d);
void aftercare_free(struct aftercare_data *ad);
/* Whether the data has texts in language lang ("en", "fr"...). */
int aftercare_has_language(const struct aftercare_data *ad, const char *lang);

/* One reminder. */
struct ac_event {
	const char *kind;	/* "no-makeup", "appointment"... */
	date_t from;		/* its first day: it is due then */
	date_t to;		/* its last day (from for a one-day event) */
	int open;		/* it goes on past from: no last day */
	int before;		/* before a session, not after a treatment */
	const char *title;	/* short, in the patient's language */
	const char *text;	/* in the patient's language, filled in */
};

struct aftercare {
	int has_treatment;
	date_t treatment;	/* the latest treatment on or before the day */
	int has_session;
	date_t session;		/* the next planned session */
	int session_n;		/* its number in the course, from 1 */
	const char *language;	/* of the texts: the record's, the clinic's or en */
	struct ac_event *events;	/* by first day, then in the data's order */
	size_t n;
};

/*
 * The timeline of p on day: after its latest treatment on or before day,
 * and before the plan's next session (pl may be NULL or refused: none).
 * Memory from a.  Returns 0, or -1 with d filled (out of memory).
 */
int aftercare_patient(const struct aftercare_data *ad, const struct config *cfg,
    const struct patient *p, const struct plan *pl, date_t day,
    struct arena *a, struct aftercare *out, struct diag *d);
/* The days an event is due on: from first to last, both included. */
struct ac_days {
	date_t first, last;
	int due_only;		/* keep only the events due in the days */
};
/* Whether ev is to be shown for days. */
int aftercare_shown(const struct ac_event *ev, const struct ac_days *days);
/* The aftercare: block as a tree in a, with the events days shows; NULL
 * when memory runs out. */
struct node *aftercare_block(struct arena *a, const struct aftercare *ac,
    const struct ac_days *days);

/*
 * A patient's mail address, when the patient may be mailed: NULL with
 * *why set ("no e-mail address", "reminders off", "not a valid e-mail
 * address") when not.
 */
const char *aftercare_address(const struct patient *p, const char **why);
/*
 * The message of the events of ac due on day, as RFC 5322 text with LF
 * line ends, its Message-ID (without the brackets) into id (of size n).
 * date is the Date: header's time.  Returns 1 with the message appended,
 * 0 when nothing is due that day, -1 when memory runs out.
 */
int aftercare_mail(const struct aftercare_data *ad, const struct config *cfg,
    const struct patient *p, const struct aftercare *ac, date_t day,
    time_t date, struct buf *out, char *id, size_t n);
/* The calendar events (VEVENT) of ac that days shows; -1 when memory runs out. */
int aftercare_ics(const struct aftercare_data *ad, const struct config *cfg,
    const struct patient *p, const struct aftercare *ac,
    const struct ac_days *days, date_t stamp, struct buf *out);
/* The calendar's start (VCALENDAR and its properties) and end. */
int aftercare_ics_begin(const struct config *cfg, struct buf *out);
int aftercare_ics_end(struct buf *out);
/* The text view of ac for days: a line a reminder. */
int aftercare_text(const struct patient *p, const struct aftercare *ac,
    const struct ac_days *days, int color, struct buf *out);

#endif
