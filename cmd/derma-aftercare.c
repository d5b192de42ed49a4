/*
 * derma-aftercare: the aftercare timeline of each patient, the reminders
 * due on a day (for a daily cron job), as records, a calendar or mail,
 * and sent exactly once through the clinic's mail command.
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "assess.h"
#include "front.h"
#include "mime.h"
#include "send.h"
#include "state.h"

enum { OPT_DUE = 0x100, OPT_SINCE, OPT_STATE, OPT_SEND, OPT_WAIT };

#define MAX_CATCH_UP	366	/* days a run looks back at most */
#define LISTED		10	/* patients named in the summary line */

struct ctx {
	const struct derma_data *data;
	struct assess_opts opts;
	struct ac_days days;
	int due, send, verbose, since_given, mail;
	long wait;
	date_t since;
	const char *state_path;
	int has_done;
	date_t done;		/* the state's last day done, when it has one */
	time_t now;		/* the Date: of the messages */
};

/* What the main thread keeps: the state, and what to say at the end. */
struct sink {
	struct state *state;
	int broken;		/* the mail command cannot run: send no more */
	int stopped;		/* a signal came: send no more */
	int has_failed;
	date_t failed;		/* the first day a message failed */
	int write_failed;
	size_t unmailable;
	char listed[LISTED][DIAG_ID_MAX + 1];
	size_t sent, skipped;
	int status;		/* of the messages: 0, 69 or 74 */
	int calendar;		/* -f ics wrote one: there were events */
};

/*
 * One item of a record's summary, then the message's id and the patient's
 * (each with its NUL), then its text: the message, or why there is none.
 */
struct item {
	uint32_t kind;		/* ITEM_MAIL or ITEM_UNMAILABLE */
	uint32_t idlen, patientlen;
	uint64_t len;
	date_t day;
};
enum { ITEM_MAIL = 1, ITEM_UNMAILABLE = 2 };

static struct ctx ctx;
static struct sink sink;
static volatile sig_atomic_t signalled;

static void
on_signal(int sig)
{
	signalled = sig;
}

/* --- per record, on the workers ------------------------------------------ */

/* Appends an item to a record's summary, 8-aligned. */
static int
add_item(struct buf *sum, uint32_t kind, date_t day, const char *id,
    const char *patient, const char *text, size_t len)
{
	struct item it = {kind, (uint32_t)strlen(id) + 1,
	    (uint32_t)strlen(patient) + 1, len, day};
	static const char pad[8];
	size_t size = sizeof(it) + it.idlen + it.patientlen + len;

	if (buf_add(sum, &it, sizeof(it)) == -1 ||
	    buf_add(sum, id, it.idlen) == -1 ||
	    buf_add(sum, patient, it.patientlen) == -1 ||
	    buf_add(sum, text, len) == -1)
		return -1;
	return buf_add(sum, pad, (8 - size % 8) % 8);
}

/* Whether an event of ac is due in the days. */
static int
anything_due(const struct aftercare *ac, const struct ac_days *days)
{
	for (size_t i = 0; i < ac->n; i++)
		if (aftercare_shown(&ac->events[i], days))
			return 1;
	return 0;
}

/*
 * Whether the treatment's own day is to be mailed though the run's days
 * start after it: a treatment entered after that day's run (the session in
 * the afternoon, cron in the morning), its first mail, the one that
 * matters most, would else never go.  It goes with the run of the day
 * after, while its events (no make-up, no sauna) still hold, and only
 * with a state, which says the day was done and keeps the mail from going
 * twice: one that went on the day has the same Message-ID.
 */
static int
late_treatment_day(const struct ctx *c, const struct aftercare *ac)
{
	return c->has_done && ac->has_treatment &&
	    ac->treatment + 1 == c->days.first && ac->treatment <= c->done;
}

/* Adds the message of day, when one is due then; -1 when memory runs out. */
static int
day_mail(const struct ctx *c, const struct assessment *x, date_t day,
    struct buf *msg, struct buf *sum)
{
	char id[512];
	int made;

	msg->len = 0;
	made = aftercare_mail(c->data->aftercare, c->data->config, &x->patient,
	    &x->aftercare, day, c->now, msg, id, sizeof(id));
	if (made == 1)
		return add_item(sum, ITEM_MAIL, day, id, x->patient.id, msg->p,
		    msg->len);
	return made;
}

/* The messages of each day, or why the patient cannot be mailed. */
static int
make_mail(const struct ctx *c, const struct assessment *x, struct buf *sum)
{
	const struct aftercare *ac = &x->aftercare;
	const char *why;
	struct buf msg = {0};
	int r = 0;

	if (aftercare_address(&x->patient, &why) == NULL)
		return anything_due(ac, &c->days) ? add_item(sum, ITEM_UNMAILABLE,
		    c->days.last, "", x->patient.id, why, strlen(why)) : 0;
	if (late_treatment_day(c, ac))
		r = day_mail(c, x, ac->treatment, &msg, sum);
	for (date_t day = c->days.first; r == 0 && day <= c->days.last; day++)
		r = day_mail(c, x, day, &msg, sum);
	buf_free(&msg);
	return r;
}

static int
process(void *arg, struct record *rec, struct diag *d)
{
	const struct ctx *c = arg;
	struct assessment *x = arena_alloc(rec->arena, sizeof(*x));

	if (x == NULL)
		goto nomem;
	if (assess(c->data, rec->doc, &c->opts, ASSESS_AFTERCARE, rec->arena, x,
	    d) == -1)
		return -1;
	rec->data = x;
	if ((rec->block = aftercare_block(rec->arena, &x->aftercare,
	    &c->days)) == NULL)
		goto nomem;
	if (c->mail && make_mail(c, x, rec->summary) == -1)
		goto nomem;
	return 0;
nomem:
	diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
	return -1;
}

static int
text(void *arg, const struct record *rec, int color, struct buf *out)
{
	const struct ctx *c = arg;
	const struct assessment *x = rec->data;

	return aftercare_text(&x->patient, &x->aftercare, &c->days, color, out);
}

static int
ics(void *arg, const struct record *rec, int color, struct buf *out)
{
	const struct ctx *c = arg;
	const struct assessment *x = rec->data;

	(void)color;
	return aftercare_ics(c->data->aftercare, c->data->config, &x->patient,
	    &x->aftercare, &c->days, c->opts.day, out);
}

static int
ics_begin(void *arg, struct buf *out)
{
	(void)arg;
	return aftercare_ics_begin(ctx.data->config, out) == 0 ? 0 : DIAG_INTERNAL;
}

/* Called only when an event was written: the format is lazy. */
static int
ics_end(void *arg, struct buf *out, struct buf *err)
{
	struct sink *s = arg;

	(void)err;
	s->calendar = 1;
	return aftercare_ics_end(out) == 0 ? 0 : DIAG_INTERNAL;
}

/* --- on the main thread ------------------------------------------------- */

static void
say(struct buf *err, const char *fmt, const char *id, date_t day,
    const char *why)
{
	char ymd[DATE_STRLEN];

	buf_printf(err, "derma-aftercare: ");
	buf_printf(err, fmt, id, date_format(day, ymd), why);
	buf_putc(err, '\n');
}

/*
 * Writes a message to the mbox on standard output, as one sent.  With
 * write(2), not stdio: a failed write leaves no bytes in stdout's buffer
 * nor its error flag, which the filter would find at the end and report
 * a second time.
 */
static int
write_mbox(struct sink *s, const char *msg, size_t n)
{
	struct buf from = {0};
	char when[64];
	struct tm tm;
	int r;

	/* The mbox "From " line: the sender and the time, as asctime(3). */
	gmtime_r(&ctx.now, &tm);
	strftime(when, sizeof(when), "%a %b %e %H:%M:%S %Y", &tm);
	r = buf_printf(&from, "From %s %s\n", ctx.data->config->mail.from, when);
	if (r == -1)
		errno = ENOMEM;
	if (r == -1 || fflush(stdout) == EOF ||
	    write_all(STDOUT_FILENO, from.p, from.len) == -1 ||
	    write_all(STDOUT_FILENO, msg, n) == -1 ||
	    write_all(STDOUT_FILENO, "\n", 1) == -1) {
		s->write_failed = 1;
		r = -1;
	}
	buf_free(&from);
	return r;
}

/* A failed message: its day and the ones after stay for the next run. */
static void
failed(struct sink *s, date_t day)
{
	if (!s->has_failed || day < s->failed)
		s->failed = day;
	s->has_failed = 1;
}

static int
deliver(struct sink *s, const struct item *it, const char *id,
    const char *msg, const char *patient, struct buf *err)
{
	const struct config *cfg = ctx.data->config;
	struct diag d;
	int ran;

	diag_clear(&d);
	if (s->state != NULL && state_sent(s->state, id)) {
		s->skipped++;
		return 0;
	}
	if (signalled || s->broken || s->write_failed) {
		if (signalled && !s->stopped)
			buf_printf(err, "derma-aftercare: stopped by signal %d: what "
			    "is left goes with the next run\n", (int)signalled);
		s->stopped |= signalled != 0;
		failed(s, it->day);
		return 0;
	}
	if (ctx.send) {
		if (send_message(cfg->mail.command, msg, it->len, cfg->mail.timeout,
		    &ran, &d) == -1) {
			say(err, "%s: the reminders of %s are not sent: %s", patient,
			    it->day, d.msg);
			s->broken |= !ran;
			failed(s, it->day);
			return DIAG_UNAVAILABLE;
		}
	} else if (write_mbox(s, msg, it->len) == -1) {
		if (errno != EPIPE)	/* the reader went: as quiet as SIGPIPE */
			buf_printf(err, "derma-aftercare: write error: %s\n",
			    strerror(errno));
		failed(s, it->day);
		return DIAG_IO;
	}
	s->sent++;
	if (s->state != NULL && state_record(s->state, id, it->day, &d) == -1) {
		struct buf m = {0};

		diag_format(&d, "derma-aftercare", &m);
		buf_add(err, m.p, m.len);
		buf_free(&m);
		s->write_failed = 1;	/* send no more: it would not be noted */
		return DIAG_IO;
	}
	return 0;
}

/*
 * The messages' status is kept apart from the run's, and returned by
 * finish(): so that a failed send (69) cannot hide from finish() that a
 * record was skipped (65) or an input was missing (66).
 */
static int
collect(void *arg, const void *sum, size_t n, const char *skipped_id,
    struct buf *out, struct buf *err)
{
	struct sink *s = arg;
	const char *p = sum, *end;

	(void)skipped_id;
	(void)out;
	if (sum == NULL)
		return 0;	/* a record skipped */
	end = p + n;
	while (p < end) {
		struct item it;
		const char *id, *patient, *body;
		size_t size;
		int r;

		memcpy(&it, p, sizeof(it));
		id = p + sizeof(it);
		patient = id + it.idlen;
		body = patient + it.patientlen;
		size = sizeof(it) + it.idlen + it.patientlen + it.len;
		p += size + (8 - size % 8) % 8;
		if (it.kind == ITEM_UNMAILABLE) {
			if (s->unmailable < LISTED)
				snprintf(s->listed[s->unmailable],
				    sizeof(s->listed[0]), "%s", patient);
			s->unmailable++;
			continue;
		}
		if ((r = deliver(s, &it, id, body, patient, err)) > s->status)
			s->status = r;
	}
	return 0;
}

/* Who could not be mailed, on one line: said when something else is, or -v. */
static void
say_unmailable(const struct sink *s)
{
	if (s->unmailable == 0)
		return;
	fprintf(stderr, "derma-aftercare: %zu patient%s with reminders due "
	    "cannot be mailed (no address, reminders off or not answered, or a "
	    "bad address): ",
	    s->unmailable, s->unmailable == 1 ? "" : "s");
	for (size_t i = 0; i < s->unmailable && i < LISTED; i++)
		fprintf(stderr, "%s%s", i ? ", " : "", s->listed[i]);
	fprintf(stderr, "%s\n", s->unmailable > LISTED ? ", ..." : "");
}

static int
finish(struct front *fr, int status)
{
	struct diag d;
	date_t last = ctx.days.last;
	int own = sink.status;

	if (sink.unmailable > 0 && (ctx.verbose || status != 0 || own != 0 ||
	    sink.has_failed))
		say_unmailable(&sink);
	if (ctx.verbose && ctx.mail)
		fprintf(stderr, "derma-aftercare: %zu message%s %s, %zu sent before\n",
		    sink.sent, sink.sent == 1 ? "" : "s", ctx.send ? "sent" :
		    "written", sink.skipped);
	if (ctx.verbose && strcmp(fr->format->name, "ics") == 0 && !sink.calendar)
		fprintf(stderr, "derma-aftercare: no events: no calendar "
		    "written\n");
	if (sink.state == NULL)
		return own;
	/* The last day done: not one with a message that did not go, nor any
	 * of a run that skipped a record or an input (whose reminders are not
	 * known).  A run that mails nothing only reads the state. */
	if (sink.has_failed && sink.failed - 1 < last)
		last = sink.failed - 1;
	if (status != 0)
		last = ctx.days.first - 1;
	diag_clear(&d);
	if (ctx.mail && state_finish(sink.state, last, &d) == -1) {
		int io = front_diag(fr, &d);

		own = io > own ? io : own;
	}
	state_close(sink.state);
	sink.state = NULL;
	if (signalled)
		own = own > 128 + signalled ? own : 128 + signalled;
	return own;
}

/* --- the start of a run ---------------------------------------------- */

/* The time of the messages: SOURCE_DATE_EPOCH when set, for builds and
 * tests that must be reproducible; else the clock. */
static int
message_time(struct front *fr, time_t *out)
{
	const char *e = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (e == NULL || e[0] == '\0') {
		*out = time(NULL);
		return 0;
	}
	errno = 0;
	v = strtoll(e, &end, 10);
	if (*end != '\0' || errno != 0 || v < 0)
		return front_usage(fr, "SOURCE_DATE_EPOCH '%s': expected seconds "
		    "since 1970", e);
	*out = (time_t)v;
	return 0;
}

/* The days of the run: from --since, or the day after the state's last,
 * to -d; a year at most. */
static void
choose_days(struct front *fr)
{
	date_t last_done;

	ctx.days.last = fr->date;
	ctx.days.first = fr->date;
	if (ctx.since_given && ctx.since < ctx.days.first)
		ctx.days.first = ctx.since;
	if (sink.state != NULL && state_last(sink.state, &last_done)) {
		ctx.has_done = 1;
		ctx.done = last_done;
		if (last_done + 1 < ctx.days.first)
			ctx.days.first = last_done + 1;
	}
	if (ctx.days.last - ctx.days.first >= MAX_CATCH_UP)
		ctx.days.first = ctx.days.last - (MAX_CATCH_UP - 1);
	ctx.days.due_only = ctx.due || ctx.since_given || ctx.state_path != NULL ||
	    ctx.mail;
}

static const struct format mail_format = {"mail", NULL, NULL, NULL, NULL, 0};
static const struct format quiet_format = {"none", NULL, NULL, NULL, NULL, 0};

static int
prepare(struct front *fr)
{
	struct diag d;

	ctx.data = &fr->data;
	ctx.opts.day = fr->date;
	ctx.mail = ctx.send || fr->format == &mail_format;
	if (ctx.since_given && ctx.since > fr->date)
		return front_usage(fr, "--since is after the run's date");
	if (ctx.mail && fr->data.config->mail.from == NULL)
		return front_error(fr, DIAG_CONFIG, "the clinic's configuration gives "
		    "no address to send from (clinic.email or mail.from): see "
		    "derma-config(5)");
	/* The configuration takes more than a header may hold (a domain of
	 * one label, a quoted local part): refuse it before any message. */
	if (ctx.mail && !mime_addr_ok(fr->data.config->mail.from,
	    strlen(fr->data.config->mail.from)))
		return front_error(fr, DIAG_CONFIG, "%s: the address to send from "
		    "(mail.from or clinic.email) is not one a message can carry: "
		    "expected local@domain.example", fr->data.config->file ?
		    fr->data.config->file : "the configuration");
	if (message_time(fr, &ctx.now) != 0)
		return DIAG_USAGE;
	/* Cron mails what a job prints: with --send, nothing unless asked. */
	if (ctx.send && !fr->format_given)
		fr->format = &quiet_format;
	if (ctx.state_path != NULL) {
		diag_clear(&d);
		if (state_open(ctx.state_path, (int)ctx.wait, &sink.state, &d) == -1)
			return front_diag(fr, &d);
	}
	if (ctx.send) {
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGHUP, &sa, NULL);
	}
	choose_days(fr);
	return 0;
}

static int
text_skipped(void *arg, const struct skipped *s, int color, struct buf *out)
{
	(void)arg;
	return filter_text_skipped("no reminders", s, color, out);
}

static const struct format text_format = {"text", text, text_skipped, NULL,
    NULL, 0};
static const struct format ics_format = {"ics", ics, NULL, ics_begin, ics_end,
    1};
static const struct format *const formats[] = {
	&text_format, &ics_format, &mail_format, NULL
};

static const struct option longopts[] = {
	{"due", no_argument, NULL, OPT_DUE},
	{"since", required_argument, NULL, OPT_SINCE},
	{"state", required_argument, NULL, OPT_STATE},
	{"send", no_argument, NULL, OPT_SEND},
	{"wait", required_argument, NULL, OPT_WAIT},
	{"verbose", no_argument, NULL, 'v'},
	{NULL, 0, NULL, 0}
};

static const struct front_tool tool = {
	.prog = "derma-aftercare",
	.synopsis = "[--due] [--since date] [--state file [--wait n]] [--send] [-v] "
	    "[options] [file ...]",
	.help = "      --due          only the reminders due on the run's date\n"
	    "      --since DATE   every day from DATE to the run's date\n"
	    "      --state FILE   remember what was sent; catch up the days "
	    "missed\n"
	    "      --wait N       wait N seconds for another run's lock "
	    "(default 10)\n"
	    "      --send         hand each message to the clinic's mail command\n"
	    "  -v, --verbose      say who cannot be mailed, and how many went\n",
	.exit_help = "Exit status: 0 success, 64 usage, 65 bad data, 66 cannot "
	    "open input,\n69 the mail command cannot run or failed, 70 internal "
	    "error,\n74 I/O error, 75 another run holds the lock, 78 bad "
	    "configuration.\n",
	.shortopts = "v",
	.longopts = longopts,
	.block = "aftercare",
	.formats = formats,
	.tty_format = "text",
	.pipe_format = "yaml",
	.data = DATA_AFTERCARE,
	.prepare = prepare,
	.process = process,
	.collect = collect,
	.finish = finish,
	.ctx = &ctx,
	.sink = &sink,
};

int
main(int argc, char *argv[])
{
	struct front fr;
	long n = 0;
	int ch;

	ctx.wait = 10;
	front_init(&fr, &tool, argc, argv);
	while ((ch = front_getopt(&fr)) != -1) {
		switch (ch) {
		case OPT_DUE:
			ctx.due = 1;
			break;
		case OPT_SINCE:
			if (front_date(&fr, "since", optarg, &ctx.since))
				return front_status(&fr);
			ctx.since_given = 1;
			break;
		case OPT_STATE:
			if (front_name(&fr, "state", optarg, "a file name"))
				return front_status(&fr);
			ctx.state_path = optarg;
			break;
		case OPT_SEND:
			ctx.send = 1;
			break;
		case OPT_WAIT:
			if (front_number(&fr, "wait", optarg, 0, 3600, &n))
				return front_status(&fr);
			ctx.wait = n;
			break;
		case 'v':
			ctx.verbose = 1;
			break;
		default:
			return front_status(&fr);
		}
	}
	return front_run(&fr, argc - optind, argv + optind);
}
