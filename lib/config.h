/*
 * config: the clinic's configuration, one YAML file every tool reads
 * (derma-config(5)): the clinic's name and address, the language of what
 * patients read, the open days, the course defaults, the mail command.
 * Every key is optional and has a default built in.  A loaded
 * configuration is read-only, so a tool's threads share it; it and its
 * strings live in one arena, freed by config_free().
 */
#ifndef DERMA_CONFIG_H
#define DERMA_CONFIG_H

#include <stddef.h>

#include "date.h"
#include "diag.h"

/* config_next_open() looks at the day and at most this many days after. */
#define CONFIG_LOOKAHEAD 366
/* A configuration file is small: more than this is the wrong file. */
#define CONFIG_MAX_BYTES (1024 * 1024)
/* Words in mail.command, the program included. */
#define CONFIG_COMMAND_MAX 64

/* The days from .from to .to, both included, the clinic is closed. */
struct config_closed {
	date_t from, to;
};

/*
 * The fields mirror the file's keys.  A text the file does not give is
 * NULL; every other field holds its default then.
 */
struct config {
	const char *file;	/* the file read; NULL for the built-in defaults */
	struct {
		const char *name;
		const char *address;	/* lines separated by LF */
		const char *phone;
		const char *email;	/* an addr-spec: info@clinic.example */
		const char *web;
	} clinic;
	const char *language;	/* "en" (the default), "fr" or "nl" */
	unsigned open;		/* bit date_weekday(t) set: open that weekday;
				 * never 0; default Monday to Friday */
	/* Sorted by day; no two overlap or touch (they are merged). */
	const struct config_closed *closed;
	size_t nclosed;
	struct {
		int interval_weeks;	/* 0: the planning table's interval */
		int maintenance_months;	/* 6 */
		const char *serum;	/* a word, as value_word() writes it */
		int numbing_minutes;	/* numbing cream on before: 45 */
		int session_minute;	/* the usual start, minutes after 00:00: 600 */
		char session_time[6];	/* the same as "HH:MM": "10:00" */
	} course;
	struct {
		int approval_months;	/* a consultation's approval counts;
					 * 0: as screening.yaml says */
	} screening;
	struct {
		/* argv of the program a message goes to on its standard
		 * input, NULL-terminated: /usr/sbin/sendmail -t -oi */
		const char *const *command;
		size_t ncommand;	/* words in it, at least 1 */
		int hour;		/* 0-23, when reminders go out: 9 */
		int timeout;		/* seconds for one message: 30 */
		const char *from;	/* mail.from, else clinic.email, else NULL */
	} mail;
	struct {
		/* The key of the pseudonyms: $XDG_DATA_HOME/derma/report.key
		 * or ~/.local/share/derma/report.key; NULL when neither
		 * XDG_DATA_HOME nor HOME is set. */
		const char *key_file;
	} report;
	struct arena *priv;	/* config_free()'s */
};

/*
 * Which file to read: opt (--config) when not NULL, else $DERMA_CONFIG
 * when set and not empty (each must exist), else the first of
 * $XDG_CONFIG_HOME/derma/config.yaml (~/.config/derma/config.yaml when
 * XDG_CONFIG_HOME is unset, empty or relative) and etc/derma/config.yaml
 * that exists; etc is the system's configuration directory, NULL for the
 * one built in (DERMA_SYSCONFDIR, /etc).  Returns 1 with the path in out
 * (n bytes), 0 when there is no file (the built-in defaults), or -1 with
 * d filled.
 */
int config_find(const char *opt, const char *etc, char *out, size_t n,
    struct diag *d);
/* Reads the file at path (NULL: the built-in defaults) into *out. */
int config_read(const char *path, struct config **out, struct diag *d);
/* The same from n bytes of text; file names it in c->file and in d. */
int config_parse(const char *text, size_t n, const char *file,
    struct config **out, struct diag *d);
/*
 * config_find() with the built-in etc, then config_read(): what a tool
 * calls at start with its --config argument (or NULL).  Returns 0, or -1
 * with d filled: kind DIAG_CONFIG with file, line and column for a file
 * that is missing, unreadable or bad; DIAG_INTERNAL when memory runs out.
 */
int config_load(const char *opt, struct config **out, struct diag *d);
void config_free(struct config *c);

/* Whether the clinic is open on day: an open weekday, not a closed day. */
int config_is_open(const struct config *c, date_t day);
/*
 * The first open day from day on (day itself when open): 0 with *out
 * set, or -1 when none is within CONFIG_LOOKAHEAD days or before
 * 9999-12-31.
 */
int config_next_open(const struct config *c, date_t day, date_t *out);

#endif
