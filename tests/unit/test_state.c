/* Unit tests: derma-aftercare's state, journal and lock (state.h). */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "state.h"
#include "unit.h"

static char dir[] = "/tmp/derma-state-XXXXXX";
static char path[128];

static int
setup(void **state)
{
	(void)state;
	if (mkdtemp(dir) == NULL)
		fail_msg("mkdtemp: %s", strerror(errno));
	snprintf(path, sizeof(path), "%s/state", dir);
	return 0;
}

static void
remove_all(void)
{
	static const char *const suffixes[] = {"", ".journal", ".lock", ".tmp"};

	for (size_t i = 0; i < NELEM(suffixes); i++) {
		char p[160];

		snprintf(p, sizeof(p), "%s%s", path, suffixes[i]);
		unlink(p);
	}
}

static int
teardown(void **state)
{
	(void)state;
	remove_all();
	rmdir(dir);
	return 0;
}

static struct state *
open_state(void)
{
	struct state *s;
	struct diag d;

	diag_clear(&d);
	if (state_open(path, 1, &s, &d) != 0)
		fail_msg("state_open: %s", d.msg);
	return s;
}

static mode_t
mode_of(const char *suffix)
{
	char p[160];
	struct stat st;

	snprintf(p, sizeof(p), "%s%s", path, suffix);
	if (stat(p, &st) == -1)
		fail_msg("%s: %s", p, strerror(errno));
	return st.st_mode & 07777;
}

/* A new state is empty; what is recorded and finished is there next time. */
static void
test_round_trip(void **st)
{
	struct state *s;
	struct diag d;
	date_t last = 0;

	(void)st;
	remove_all();
	s = open_state();
	assert_int_equal(state_last(s, &last), 0);
	assert_false(state_sent(s, "a@x"));
	diag_clear(&d);
	assert_int_equal(state_record(s, "a@x", day_of("2026-11-24"), &d), 0);
	assert_int_equal(state_record(s, "b@x", day_of("2026-11-25"), &d), 0);
	assert_true(state_sent(s, "a@x"));
	assert_int_equal(state_finish(s, day_of("2026-11-25"), &d), 0);
	state_close(s);
	assert_int_equal(mode_of(""), 0600);
	assert_int_equal(mode_of(".journal"), 0600);
	assert_int_equal(mode_of(".lock"), 0600);

	s = open_state();
	assert_int_equal(state_last(s, &last), 1);
	assert_day(last, "2026-11-25");
	assert_true(state_sent(s, "a@x"));
	assert_true(state_sent(s, "b@x"));
	assert_false(state_sent(s, "c@x"));
	/* The last day never goes back. */
	assert_int_equal(state_finish(s, day_of("2026-11-20"), &d), 0);
	state_close(s);
	s = open_state();
	state_last(s, &last);
	assert_day(last, "2026-11-25");
	state_close(s);
	remove_all();
}

/* A run killed after a send: the journal has it, FILE does not. */
static void
test_killed(void **st)
{
	struct diag d;
	pid_t pid;
	int status;

	(void)st;
	remove_all();
	if ((pid = fork()) == 0) {
		struct state *s;

		diag_clear(&d);
		if (state_open(path, 1, &s, &d) != 0 ||
		    state_record(s, "one@x", day_of("2026-11-25"), &d) != 0)
			_exit(1);
		kill(getpid(), SIGKILL);	/* before state_finish() */
		_exit(2);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));
	{
		struct state *s = open_state();
		date_t last;

		assert_true(state_sent(s, "one@x"));
		assert_int_equal(state_last(s, &last), 0);
		state_close(s);
	}
	remove_all();
}

/* A journal line cut short by a kill is not an error; a bad FILE is. */
static void
test_bad_files(void **st)
{
	char p[160];
	struct state *s;
	struct diag d;
	FILE *fp;

	(void)st;
	remove_all();
	snprintf(p, sizeof(p), "%s.journal", path);
	assert_non_null(fp = fopen(p, "w"));
	fputs("sent 2026-11-25 whole@x\nsent 2026-11-2", fp);
	fclose(fp);
	s = open_state();
	assert_true(state_sent(s, "whole@x"));
	state_close(s);
	remove_all();
	assert_non_null(fp = fopen(path, "w"));
	fputs("last 2026-11-25\nsomething else\n", fp);
	fclose(fp);
	diag_clear(&d);
	assert_int_equal(state_open(path, 1, &s, &d), -1);
	/* The tool's own file: 74, as derma-aftercare(1) says, not 65. */
	assert_int_equal(d.kind, DIAG_IO);
	assert_int_equal(d.line, 2);
	remove_all();
}

/*
 * A run killed while writing a journal line, then a run that sends one
 * more and is killed too: the line cut short must not swallow the next,
 * or a third run sends that message again.
 */
static void
test_cut_then_appended(void **st)
{
	char p[160];
	struct state *s;
	struct diag d;
	FILE *fp;

	(void)st;
	remove_all();
	snprintf(p, sizeof(p), "%s.journal", path);
	assert_non_null(fp = fopen(p, "w"));
	fputs("sent 2026-11-25 whole@x\nsent 2026-11-25 derma.P-1.2026", fp);
	fclose(fp);
	s = open_state();
	assert_true(state_sent(s, "whole@x"));
	assert_false(state_sent(s, "derma.P-1.2026"));
	diag_clear(&d);
	assert_int_equal(state_record(s, "next@x", day_of("2026-11-25"), &d), 0);
	state_close(s);		/* killed: no state_finish() */
	s = open_state();
	assert_true(state_sent(s, "whole@x"));
	assert_true(state_sent(s, "next@x"));
	state_close(s);
	/* FILE's last line without its newline keeps its last character. */
	remove_all();
	assert_non_null(fp = fopen(path, "w"));
	fputs("last 2026-11-25\nsent 2026-11-25 end@x", fp);
	fclose(fp);
	s = open_state();
	assert_true(state_sent(s, "end@x"));
	state_close(s);
	remove_all();
}

/* Two runs at once: the second waits, then gives up with DIAG_TEMPFAIL. */
static void
test_lock(void **st)
{
	int ready[2], done[2];
	struct state *s;
	struct diag d;
	pid_t pid;
	char c;

	(void)st;
	remove_all();
	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(done), 0);
	if ((pid = fork()) == 0) {
		struct state *held;

		diag_clear(&d);
		if (state_open(path, 1, &held, &d) != 0)
			_exit(1);
		if (write(ready[1], "x", 1) != 1 || read(done[0], &c, 1) != 1)
			_exit(2);
		state_close(held);
		_exit(0);
	}
	assert_int_equal(read(ready[0], &c, 1), 1);
	diag_clear(&d);
	assert_int_equal(state_open(path, 0, &s, &d), -1);
	assert_int_equal(d.kind, DIAG_TEMPFAIL);
	assert_int_equal(write(done[1], "x", 1), 1);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	/* Once the other run is over, the lock is free. */
	s = open_state();
	state_close(s);
	close(ready[0]);
	close(ready[1]);
	close(done[0]);
	close(done[1]);
	remove_all();
}

/* A state that cannot be written leaves the old one whole. */
static void
test_cannot_write(void **st)
{
	struct state *s;
	struct diag d;
	char p[160];
	date_t last = 0;

	(void)st;
	if (geteuid() == 0) {
		/* root writes anywhere: a directory in the temporary file's
		 * place stops the write instead. */
		remove_all();
		s = open_state();
		diag_clear(&d);
		assert_int_equal(state_finish(s, day_of("2026-11-24"), &d), 0);
		snprintf(p, sizeof(p), "%s.tmp", path);
		assert_int_equal(mkdir(p, 0700), 0);
		assert_int_equal(state_finish(s, day_of("2026-11-25"), &d), -1);
		assert_int_equal(d.kind, DIAG_IO);
		rmdir(p);
		state_close(s);
		s = open_state();
		state_last(s, &last);
		assert_day(last, "2026-11-24");
		state_close(s);
		remove_all();
		return;
	}
	/* Others: a directory it may not write in. */
	remove_all();
	s = open_state();
	diag_clear(&d);
	assert_int_equal(state_finish(s, day_of("2026-11-24"), &d), 0);
	assert_int_equal(chmod(dir, 0500), 0);
	assert_int_equal(state_finish(s, day_of("2026-11-25"), &d), -1);
	assert_int_equal(d.kind, DIAG_IO);
	assert_int_equal(chmod(dir, 0700), 0);
	state_close(s);
	s = open_state();
	state_last(s, &last);
	assert_day(last, "2026-11-24");
	state_close(s);
	remove_all();
}

/* Hundreds of messages, more than the first table holds: every one is
 * known after it is recorded and after the state is read again; one sent
 * again keeps its first day. */
static void
test_many(void **st)
{
	struct state *s;
	struct diag d;
	char id[32];

	(void)st;
	remove_all();
	s = open_state();
	diag_clear(&d);
	for (int i = 0; i < 300; i++) {
		snprintf(id, sizeof(id), "derma.P-%d.2026", i);
		assert_int_equal(state_record(s, id, day_of("2026-11-25"), &d), 0);
	}
	assert_int_equal(state_record(s, "derma.P-7.2026", day_of("2026-11-20"),
	    &d), 0);
	for (int i = 0; i < 300; i++) {
		snprintf(id, sizeof(id), "derma.P-%d.2026", i);
		assert_true(state_sent(s, id));
	}
	assert_false(state_sent(s, "derma.P-300.2026"));
	/* A year on, 2026-11-25 is kept and 2026-11-20 forgotten: P-7 is
	 * still there only if it kept its first day. */
	assert_int_equal(state_finish(s, day_of("2027-11-25"), &d), 0);
	state_close(s);
	s = open_state();
	for (int i = 0; i < 300; i++) {
		snprintf(id, sizeof(id), "derma.P-%d.2026", i);
		assert_true(state_sent(s, id));
	}
	assert_false(state_sent(s, "derma.P-300.2026"));
	state_close(s);
	remove_all();
}

/* What was sent more than a year before the last run is forgotten. */
static void
test_forgotten(void **st)
{
	struct state *s;
	struct diag d;

	(void)st;
	remove_all();
	s = open_state();
	diag_clear(&d);
	assert_int_equal(state_record(s, "old@x", day_of("2025-11-24"), &d), 0);
	assert_int_equal(state_record(s, "kept@x", day_of("2025-11-25"), &d), 0);
	assert_int_equal(state_finish(s, day_of("2026-11-25"), &d), 0);
	state_close(s);
	s = open_state();
	assert_false(state_sent(s, "old@x"));
	assert_true(state_sent(s, "kept@x"));
	state_close(s);
	remove_all();
}

/* Writes text to path with the mode given, whatever the umask. */
static void
put_file(const char *path, const char *text, mode_t mode)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL || fputs(text, fp) == EOF || fchmod(fileno(fp), mode) != 0 ||
	    fclose(fp) != 0)
		fail_msg("%s: %s", path, strerror(errno));
}

/* Asserts that path holds text, and has mode. */
static void
assert_file(const char *path, const char *text, mode_t mode)
{
	char got[256];
	struct stat st;
	FILE *fp = fopen(path, "r");
	size_t n;

	if (fp == NULL || fstat(fileno(fp), &st) != 0)
		fail_msg("%s: %s", path, strerror(errno));
	n = fread(got, 1, sizeof(got) - 1, fp);
	got[n] = '\0';
	fclose(fp);
	assert_string_equal(got, text);
	assert_int_equal(st.st_mode & 07777, mode);
}

/*
 * A FILE.tmp a killed run left, as a symbolic link or a file of mode
 * 0644: a new one is made, mode 0600, and the link's target is untouched
 * (root's cron in a directory others can write in).
 */
static void
test_stale_tmp(void **st)
{
	char tmp[160], victim[160];
	struct state *s;
	struct stat sb;
	struct diag d;
	date_t last = 0;

	(void)st;
	remove_all();
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	snprintf(victim, sizeof(victim), "%s/victim", dir);
	put_file(victim, "important data\n", 0644);
	assert_int_equal(symlink("victim", tmp), 0);
	s = open_state();
	diag_clear(&d);
	assert_int_equal(state_record(s, "a@x", day_of("2026-11-25"), &d), 0);
	assert_int_equal(state_finish(s, day_of("2026-11-25"), &d), 0);
	state_close(s);
	assert_file(victim, "important data\n", 0644);
	assert_int_equal(lstat(path, &sb), 0);
	assert_true(S_ISREG(sb.st_mode));
	assert_int_equal(mode_of(""), 0600);
	s = open_state();
	assert_int_equal(state_last(s, &last), 1);
	assert_day(last, "2026-11-25");
	assert_true(state_sent(s, "a@x"));
	state_close(s);
	unlink(victim);
	remove_all();

	put_file(tmp, "", 0644);
	s = open_state();
	assert_int_equal(state_finish(s, day_of("2026-11-25"), &d), 0);
	state_close(s);
	assert_int_equal(mode_of(""), 0600);
	remove_all();
}

/*
 * FILE, FILE.journal or FILE.lock as a symbolic link: refused, an I/O
 * error, and neither the target nor its mode is touched, nor a target
 * that is not there made.
 */
static void
test_links(void **st)
{
	static const char *const suffixes[] = {"", ".journal", ".lock"};
	char p[160], victim[160], absent[160];
	struct state *s;
	struct diag d;

	(void)st;
	snprintf(victim, sizeof(victim), "%s/victim", dir);
	snprintf(absent, sizeof(absent), "%s/absent", dir);
	for (size_t i = 0; i < NELEM(suffixes); i++) {
		remove_all();
		snprintf(p, sizeof(p), "%s%s", path, suffixes[i]);
		put_file(victim, "last 2026-11-25\n", 0644);
		assert_int_equal(symlink("victim", p), 0);
		diag_clear(&d);
		assert_int_equal(state_open(path, 1, &s, &d), -1);
		assert_int_equal(d.kind, DIAG_IO);
		assert_string_equal(d.file, p);
		assert_non_null(strstr(d.msg, "a symbolic link, not followed"));
		assert_file(victim, "last 2026-11-25\n", 0644);
		unlink(p);
		assert_int_equal(symlink("absent", p), 0);
		assert_int_equal(state_open(path, 1, &s, &d), -1);
		assert_int_equal(d.kind, DIAG_IO);
		assert_int_equal(access(absent, F_OK), -1);
	}
	unlink(victim);
	remove_all();
}

/* The three files found wider than 0600 are narrowed to it, by a run
 * that only reads them too. */
static void
test_wide_modes(void **st)
{
	char p[160];
	struct state *s;

	(void)st;
	remove_all();
	put_file(path, "last 2026-11-25\n", 0644);
	snprintf(p, sizeof(p), "%s.journal", path);
	put_file(p, "sent 2026-11-25 a@x\n", 0666);
	snprintf(p, sizeof(p), "%s.lock", path);
	put_file(p, "", 0640);
	s = open_state();
	assert_true(state_sent(s, "a@x"));
	state_close(s);
	assert_int_equal(mode_of(""), 0600);
	assert_int_equal(mode_of(".journal"), 0600);
	assert_int_equal(mode_of(".lock"), 0600);
	remove_all();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_killed),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_cut_then_appended),
		cmocka_unit_test(test_lock),
		cmocka_unit_test(test_cannot_write),
		cmocka_unit_test(test_many),
		cmocka_unit_test(test_forgotten),
		cmocka_unit_test(test_stale_tmp),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_wide_modes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
