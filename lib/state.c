#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"

#define STATE_HEADER "# derma-aftercare state: written by derma-aftercare(1), " \
	"not by hand\n"
#define KEEP_DAYS 366	/* messages of older days are forgotten */
#define ID_MAX 512

struct sent {
	char *id;		/* NULL: an empty slot */
	date_t day;
};

struct state {
	char *path;
	int lock_fd;
	int journal_fd;
	int has_last;
	date_t last;
	struct sent *v;		/* open addressing */
	size_t cap, n;
	uint64_t seed;		/* the ids come from records: a seeded hash */
};

static uint64_t
hash(const struct state *s, const char *id)
{
	uint64_t h = 1469598103934665603ULL ^ s->seed;

	while (*id != '\0') {
		h ^= (unsigned char)*id++;
		h *= 1099511628211ULL;
	}
	return h ^ (h >> 29);
}

static struct sent *
slot(const struct state *s, const char *id)
{
	size_t i = (size_t)hash(s, id) & (s->cap - 1);

	while (s->v[i].id != NULL && strcmp(s->v[i].id, id) != 0)
		i = (i + 1) & (s->cap - 1);
	return &s->v[i];
}

static int
grow(struct state *s)
{
	size_t cap = s->cap ? s->cap * 2 : 256;
	struct sent *old = s->v, *v = calloc(cap, sizeof(*v));
	size_t oldcap = s->cap;

	if (v == NULL)
		return -1;
	s->v = v;
	s->cap = cap;
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].id != NULL)
			*slot(s, old[i].id) = old[i];
	free(old);
	return 0;
}

/* Adds id (copied) of day; a known id keeps its entry.  -1 out of memory. */
static int
add(struct state *s, const char *id, date_t day)
{
	struct sent *e;

	if (2 * (s->n + 1) > s->cap && grow(s) == -1)
		return -1;
	e = slot(s, id);
	if (e->id != NULL)
		return 0;
	if ((e->id = strdup(id)) == NULL)
		return -1;
	e->day = day;
	s->n++;
	return 0;
}

static int
io_error(struct diag *d, const char *path, const char *what)
{
	diag_set_file(d, path);
	diag_set(d, DIAG_IO, 0, 0, "%s: %s", what, strerror(errno));
	return -1;
}

/*
 * Opens one of the state's own files (FILE, FILE.journal, FILE.lock) as
 * open(2) does, but never through a symbolic link: run as root in a
 * directory others can write, a link would have any file written, or
 * its mode changed, in the state's place.  A file found with a mode wider
 * than 0600 (a chmod(1) by hand, an older version's) loses the group's
 * and others' bits: it holds patient ids and days, and derma-aftercare(1)
 * promises 0600.  -1 with errno set.
 */
static int
open_own(const char *path, int flags)
{
	struct stat st;
	int fd = open(path, flags | O_NOFOLLOW | O_CLOEXEC, 0600);
	int e;

	if (fd == -1)
		return -1;
	if (fstat(fd, &st) == 0 && ((st.st_mode & 077) == 0 ||
	    fchmod(fd, st.st_mode & 0700) == 0))
		return fd;
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

/* io_error() for open_own(): a symbolic link refused is said so. */
static int
own_error(struct diag *d, const char *path, const char *what)
{
	struct stat st;
	int e = errno;

	/* O_NOFOLLOW fails with ELOOP (EMLINK on FreeBSD), as a loop of
	 * links in the directories would: lstat(2) tells which. */
	if ((e == ELOOP || e == EMLINK) && lstat(path, &st) == 0 &&
	    S_ISLNK(st.st_mode)) {
		diag_set_file(d, path);
		diag_set(d, DIAG_IO, 0, 0, "%s: a symbolic link, not followed",
		    what);
		return -1;
	}
	errno = e;
	return io_error(d, path, what);
}

/* "sent YYYY-MM-DD ID" or "last YYYY-MM-DD": 0, or -1 when not one. */
static int
read_line(struct state *s, char *line, int *oom)
{
	date_t day;

	*oom = 0;
	if (line[0] == '#' || line[0] == '\0')
		return 0;
	if (strncmp(line, "last ", 5) == 0 &&
	    date_parse(line + 5, strlen(line + 5), &day) == 0) {
		s->has_last = 1;
		s->last = day;
		return 0;
	}
	if (strncmp(line, "sent ", 5) == 0 && strlen(line) > 16 &&
	    line[15] == ' ' && date_parse(line + 5, 10, &day) == 0) {
		if (add(s, line + 16, day) == -1)
			*oom = 1;
		return *oom ? -1 : 0;
	}
	return -1;
}

/*
 * Reads path's lines into s.  A journal's last line may be cut short by
 * a run killed while writing it: that line alone is not an error, and is
 * not taken (it may be part of an id).  *whole_len is the length of
 * the lines that are whole.
 */
static int
read_file(struct state *s, const char *path, int journal, off_t *whole_len,
    struct diag *d)
{
	int fd = open_own(path, O_RDONLY);
	FILE *fp = fd == -1 ? NULL : fdopen(fd, "r");
	char line[ID_MAX + 32];
	unsigned long n = 0;
	off_t at = 0;
	int oom;

	*whole_len = 0;
	if (fd == -1)
		return errno == ENOENT ? 0 : own_error(d, path, "cannot read");
	if (fp == NULL) {
		close(fd);
		return io_error(d, path, "cannot read");
	}
	while (fgets(line, sizeof(line), fp) != NULL) {
		size_t len = strlen(line);
		int whole = len > 0 && line[len - 1] == '\n';

		n++;
		at += (off_t)len;
		if (journal && !whole)
			break;
		if (whole)
			line[--len] = '\0';
		*whole_len = at;
		if (read_line(s, line, &oom) == 0)
			continue;
		if (oom) {
			fclose(fp);
			diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
			return -1;
		}
		fclose(fp);
		/* The tool's own file, not input data: an I/O error, as
		 * derma-aftercare(1) says (74), not a bad record (65). */
		diag_set_file(d, path);
		diag_set(d, DIAG_IO, n, 1, "not a line of a derma-aftercare "
		    "state");
		return -1;
	}
	if (ferror(fp)) {
		fclose(fp);
		return io_error(d, path, "read error");
	}
	fclose(fp);
	return 0;
}

/* Takes the lock, waiting up to wait seconds. */
static int
lock(struct state *s, const char *lockpath, int wait, struct diag *d)
{
	struct timespec pause = {0, 50 * 1000 * 1000};
	long tries = (long)wait * 20;

	s->lock_fd = open_own(lockpath, O_RDWR | O_CREAT);
	if (s->lock_fd == -1)
		return own_error(d, lockpath, "cannot open the lock");
	for (;;) {
		if (flock(s->lock_fd, LOCK_EX | LOCK_NB) == 0)
			return 0;
		if (errno != EWOULDBLOCK && errno != EINTR)
			return io_error(d, lockpath, "cannot lock");
		if (tries-- <= 0)
			break;
		nanosleep(&pause, NULL);
	}
	diag_set_file(d, s->path);
	diag_set(d, DIAG_TEMPFAIL, 0, 0, "another run holds the lock; waited "
	    "%d seconds", wait);
	return -1;
}

/* path with suffix, in a string of its own; NULL when memory runs out. */
static char *
with_suffix(const char *path, const char *suffix)
{
	size_t n = strlen(path), m = strlen(suffix);
	char *p = malloc(n + m + 1);

	if (p != NULL) {
		memcpy(p, path, n);
		memcpy(p + n, suffix, m + 1);
	}
	return p;
}

int
state_open(const char *path, int wait, struct state **out, struct diag *d)
{
	struct state *s = calloc(1, sizeof(*s));
	char *lockpath = NULL, *journal = NULL;
	struct timespec now;
	struct stat st;
	off_t whole;
	int r = -1;

	*out = NULL;
	if (s != NULL)
		s->lock_fd = s->journal_fd = -1;
	if (s == NULL || (s->path = strdup(path)) == NULL ||
	    (lockpath = with_suffix(path, ".lock")) == NULL ||
	    (journal = with_suffix(path, ".journal")) == NULL || grow(s) == -1) {
		diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
		goto done;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	s->seed = (uint64_t)now.tv_nsec * 2654435761ULL ^ (uint64_t)getpid();
	if (lock(s, lockpath, wait, d) == -1 ||
	    read_file(s, path, 0, &whole, d) == -1 ||
	    read_file(s, journal, 1, &whole, d) == -1)
		goto done;
	s->journal_fd = open_own(journal, O_WRONLY | O_APPEND | O_CREAT);
	if (s->journal_fd == -1) {
		own_error(d, journal, "cannot open the journal");
		goto done;
	}
	/* A line cut short goes, or the next one would be written onto it
	 * and read as one line with a wrong id. */
	if (fstat(s->journal_fd, &st) == -1 || (st.st_size > whole &&
	    (ftruncate(s->journal_fd, whole) == -1 || fsync(s->journal_fd) == -1))) {
		io_error(d, journal, "cannot repair the journal");
		goto done;
	}
	*out = s;
	s = NULL;
	r = 0;
done:
	free(lockpath);
	free(journal);
	if (s != NULL)
		state_close(s);
	return r;
}

int
state_last(const struct state *s, date_t *day)
{
	if (s->has_last)
		*day = s->last;
	return s->has_last;
}

int
state_sent(const struct state *s, const char *id)
{
	return slot(s, id)->id != NULL;
}

static int
put_sent(struct buf *b, const char *id, date_t day)
{
	char ymd[DATE_STRLEN];

	return buf_printf(b, "sent %s %s\n", date_format(day, ymd), id);
}

int
state_record(struct state *s, const char *id, date_t day, struct diag *d)
{
	struct buf b = {0};
	int r = -1;

	/* A newline in an id would forge a line: ids never hold one. */
	if (strlen(id) > ID_MAX || strpbrk(id, "\r\n") != NULL) {
		diag_set(d, DIAG_INTERNAL, 0, 0, "a Message-ID the state cannot hold");
		return -1;
	}
	if (add(s, id, day) == -1 || put_sent(&b, id, day) == -1) {
		diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
	} else if (write_all(s->journal_fd, b.p, b.len) == -1 ||
	    fsync(s->journal_fd) == -1) {
		char *journal = with_suffix(s->path, ".journal");

		io_error(d, journal ? journal : s->path, "cannot write the journal");
		free(journal);
	} else {
		r = 0;
	}
	buf_free(&b);
	return r;
}

/* Syncs the directory that holds path, so that a rename in it lasts. */
static int
sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[4096];
	int fd, r;

	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	r = fsync(fd);
	close(fd);
	return r;
}

/*
 * Makes FILE.tmp afresh, mode 0600.  One already there is a killed run's
 * (the lock is held): it goes, for a link in its place would be followed
 * and its target overwritten, and a file kept would keep its mode.
 */
static int
create_tmp(const char *tmp)
{
	if (unlink(tmp) == -1 && errno != ENOENT)
		return -1;
	return open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
}

/* The whole state as FILE holds it. */
static int
state_text(const struct state *s, date_t last, struct buf *b)
{
	char ymd[DATE_STRLEN];

	if (buf_puts(b, STATE_HEADER) == -1 ||
	    buf_printf(b, "last %s\n", date_format(last, ymd)) == -1)
		return -1;
	for (size_t i = 0; i < s->cap; i++)
		if (s->v[i].id != NULL && s->v[i].day > last - KEEP_DAYS &&
		    put_sent(b, s->v[i].id, s->v[i].day) == -1)
			return -1;
	return 0;
}

int
state_finish(struct state *s, date_t last, struct diag *d)
{
	char *tmp = with_suffix(s->path, ".tmp");
	struct buf b = {0};
	int fd = -1, r = -1;

	if (s->has_last && s->last > last)
		last = s->last;
	if (tmp == NULL || state_text(s, last, &b) == -1) {
		diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
		goto done;
	}
	if ((fd = create_tmp(tmp)) == -1 ||
	    write_all(fd, b.p, b.len) == -1 || fsync(fd) == -1) {
		io_error(d, tmp, "cannot write the state");
		goto done;
	}
	if (close(fd) == -1) {
		fd = -1;
		io_error(d, tmp, "cannot write the state");
		goto done;
	}
	fd = -1;
	if (rename(tmp, s->path) == -1 || sync_dir(s->path) == -1) {
		io_error(d, s->path, "cannot replace the state");
		goto done;
	}
	/* What the journal held is in FILE now. */
	if (ftruncate(s->journal_fd, 0) == -1 || fsync(s->journal_fd) == -1) {
		io_error(d, s->path, "cannot empty the journal");
		goto done;
	}
	s->has_last = 1;
	s->last = last;
	r = 0;
done:
	if (fd != -1)
		close(fd);
	if (r == -1 && tmp != NULL)
		unlink(tmp);	/* nothing half-written stays */
	free(tmp);
	buf_free(&b);
	return r;
}

void
state_close(struct state *s)
{
	if (s == NULL)
		return;
	if (s->journal_fd != -1)
		close(s->journal_fd);
	if (s->lock_fd != -1)
		close(s->lock_fd);	/* and the lock with it */
	for (size_t i = 0; i < s->cap; i++)
		free(s->v[i].id);
	free(s->v);
	free(s->path);
	free(s);
}
