/* Unit tests: the clinic's configuration (config.h) and the weekdays it needs (date.h). */
#include "unit.h"

#include <sys/stat.h>

#include "config.h"

#define EXAMPLE DATA_DIR "/config.example.yaml"

/* A scratch directory under $TMPDIR, set up for each test that needs one. */
static char scratch[256];

/* Removes path and, when a directory, all under it; links are not followed. */
static void
remove_tree(const char *path)
{
	struct stat st;
	struct dirent *e;
	DIR *dp;

	if (lstat(path, &st) == -1)
		return;
	if (S_ISDIR(st.st_mode) && (dp = opendir(path)) != NULL) {
		while ((e = readdir(dp)) != NULL) {
			char sub[1024];

			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			if (snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name) <
			    (int)sizeof(sub))
				remove_tree(sub);
		}
		closedir(dp);
		rmdir(path);
	} else
		unlink(path);
}

/*
 * Each test starts with no configuration in its environment: HOME is an
 * empty scratch directory, so neither the user's own file nor the
 * machine's can change what a test sees.
 */
static int
setup(void **state)
{
	const char *tmp = getenv("TMPDIR");

	(void)state;
	snprintf(scratch, sizeof(scratch), "%s/derma-config-XXXXXX",
	    tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
	if (mkdtemp(scratch) == NULL)
		return -1;
	setenv("HOME", scratch, 1);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("XDG_DATA_HOME");
	unsetenv("DERMA_CONFIG");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	remove_tree(scratch);
	return 0;
}

/* scratch/rel, into out[512]. */
static const char *
in_scratch(const char *rel, char *out)
{
	if (snprintf(out, 512, "%s/%s", scratch, rel) >= 512)
		fail_msg("%s/%s: too long", scratch, rel);
	return out;
}

/* Makes scratch/rel with text in it, and the directories above it. */
static const char *
put(const char *rel, const char *text, char *out)
{
	char dir[512];
	FILE *fp;

	in_scratch(rel, out);
	for (char *p = strcpy(dir, out) + strlen(scratch) + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		mkdir(dir, 0700);
		*p = '/';
	}
	if ((fp = fopen(out, "w")) == NULL)
		fail_msg("%s: %s", out, strerror(errno));
	fputs(text, fp);
	fclose(fp);
	return out;
}

static struct config *
parse_ok(const char *yaml)
{
	struct config *c;
	struct diag d;

	diag_clear(&d);
	if (config_parse(yaml, strlen(yaml), "<test>", &c, &d) != 0)
		fail_msg("config_parse: %lu:%lu: %s\n%s", d.line, d.col, d.msg, yaml);
	assert_non_null(c);
	return c;
}

/* Parses n bytes of yaml, which must fail; its diag into *d. */
static void
parse_bad(const char *yaml, size_t n, struct diag *d)
{
	struct config *c = (struct config *)&c;

	diag_clear(d);
	if (config_parse(yaml, n, "<test>", &c, d) == 0)
		fail_msg("accepted:\n%s", yaml);
	assert_null(c);
	assert_int_equal(d->kind, DIAG_CONFIG);
	assert_string_equal(d->file, "<test>");
}

/* --- weekdays --- */

/* Zeller's congruence: another way to the weekday, to check against. */
static int
zeller(int y, int m, int d)
{
	int h;

	if (m < 3)
		m += 12, y--;
	h = (d + 13 * (m + 1) / 5 + y + y / 4 - y / 100 + y / 400) % 7;
	return (h + 5) % 7;	/* Zeller's 0 is Saturday; ours is Monday */
}

static void
test_weekday(void **state)
{
	static const struct {
		const char *day;
		int wd;
	} cases[] = {
		{"1970-01-01", 3},	/* day 0, a Thursday */
		{"1969-12-31", 2},	/* before day 0 */
		{"1970-01-04", 6},
		{"1970-01-05", 0},
		{"1900-02-28", 2},
		{"1900-03-01", 3},	/* 1900 had no February 29 */
		{"2000-02-29", 1},
		{"2024-02-29", 3},
		{"2100-02-28", 6},
		{"2100-03-01", 0},
		{"2026-11-25", 2},
		{"2027-01-01", 4},
		{"0001-01-01", 0},
		{"9999-12-31", 4},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++)
		if (date_weekday(day_of(cases[i].day)) != cases[i].wd)
			fail_msg("%s: weekday %d, expected %d", cases[i].day,
			    date_weekday(day_of(cases[i].day)), cases[i].wd);
	/* Every day the dates name, against Zeller. */
	for (date_t t = day_of("0001-01-01"); t <= DATE_MAX; t++) {
		int y, m, d;

		date_to_ymd(t, &y, &m, &d);
		if (date_weekday(t) != zeller(y, m, d))
			fail_msg("%04d-%02d-%02d: weekday %d, Zeller %d", y, m, d,
			    date_weekday(t), zeller(y, m, d));
	}
}

static void
test_weekday_names(void **state)
{
	static const struct {
		const char *s;
		int wd;
	} cases[] = {
		{"mon", 0}, {"Monday", 0}, {"MON", 0}, {"monday", 0},
		{"tue", 1}, {"Tuesday", 1}, {"wed", 2}, {"WEDNESDAY", 2},
		{"thu", 3}, {"tHuRsDaY", 3}, {"fri", 4}, {"Friday", 4},
		{"sat", 5}, {"saturday", 5}, {"sun", 6}, {"Sunday", 6},
		{"", -1}, {"m", -1}, {"mo", -1}, {"mond", -1}, {"tues", -1},
		{"thurs", -1}, {"monday ", -1}, {" mon", -1}, {"lundi", -1},
		{"mondays", -1}, {"7", -1},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++)
		if (date_weekday_parse(cases[i].s, strlen(cases[i].s)) != cases[i].wd)
			fail_msg("'%s': %d, expected %d", cases[i].s,
			    date_weekday_parse(cases[i].s, strlen(cases[i].s)),
			    cases[i].wd);
	/* Only the n bytes given are read. */
	assert_int_equal(date_weekday_parse("monday", 3), 0);
	assert_int_equal(date_weekday_parse("mo\0day", 6), -1);
	assert_string_equal(date_weekday_name(0), "Monday");
	assert_string_equal(date_weekday_name(6), "Sunday");
	assert_string_equal(date_weekday_name(date_weekday(day_of("2026-11-25"))),
	    "Wednesday");
}

/* --- contents --- */

static void
assert_defaults(const struct config *c)
{
	assert_null(c->clinic.name);
	assert_null(c->clinic.address);
	assert_null(c->clinic.phone);
	assert_null(c->clinic.email);
	assert_null(c->clinic.web);
	assert_string_equal(c->language, "en");
	assert_int_equal(c->open, 0x1f);	/* Monday to Friday */
	assert_int_equal(c->nclosed, 0);
	assert_int_equal(c->course.interval_weeks, 0);
	assert_int_equal(c->course.maintenance_months, 6);
	assert_string_equal(c->course.serum, "hyaluronic-acid");
	assert_int_equal(c->course.numbing_minutes, 45);
	assert_int_equal(c->course.session_minute, 600);
	assert_string_equal(c->course.session_time, "10:00");
	assert_int_equal(c->screening.approval_months, 0);
	assert_int_equal(c->mail.ncommand, 3);
	assert_string_equal(c->mail.command[0], "/usr/sbin/sendmail");
	assert_string_equal(c->mail.command[1], "-t");
	assert_string_equal(c->mail.command[2], "-oi");
	assert_null(c->mail.command[3]);
	assert_int_equal(c->mail.hour, 9);
	assert_int_equal(c->mail.timeout, 30);
	assert_null(c->mail.from);
}

static void
test_defaults(void **state)
{
	static const char *const empty[] = {
		"", "# nothing but a comment\n", "---\n", "~\n", "null\n", "--- {}\n",
		"{}", "clinic:\ncourse: ~\nmail: {}\nopen: ~\nclosed: ~\n",
		"clinic: {name: ~, phone: '', email: \"\"}\n",
	};
	struct config *c;
	struct diag d;
	char key[512];

	(void)state;
	diag_clear(&d);
	assert_int_equal(config_read(NULL, &c, &d), 0);
	assert_null(c->file);
	assert_defaults(c);
	assert_string_equal(c->report.key_file,
	    in_scratch(".local/share/derma/report.key", key));
	config_free(c);
	for (size_t i = 0; i < NELEM(empty); i++) {
		c = parse_ok(empty[i]);
		assert_string_equal(c->file, "<test>");
		assert_defaults(c);
		config_free(c);
	}
}

/* The key file's default follows XDG_DATA_HOME, then HOME. */
static void
test_default_key_file(void **state)
{
	struct config *c;

	(void)state;
	setenv("XDG_DATA_HOME", "/srv/data", 1);
	c = parse_ok("");
	assert_string_equal(c->report.key_file, "/srv/data/derma/report.key");
	config_free(c);
	setenv("XDG_DATA_HOME", "relative/data", 1);	/* ignored, as XDG says */
	setenv("HOME", "/home/clinic", 1);
	c = parse_ok("");
	assert_string_equal(c->report.key_file,
	    "/home/clinic/.local/share/derma/report.key");
	config_free(c);
	unsetenv("XDG_DATA_HOME");
	unsetenv("HOME");
	c = parse_ok("");
	assert_null(c->report.key_file);
	config_free(c);
	c = parse_ok("report: {key_file: /etc/derma/report.key}");
	assert_string_equal(c->report.key_file, "/etc/derma/report.key");
	config_free(c);
	setenv("HOME", "/home/clinic", 1);
	c = parse_ok("report: {key_file: ~/keys/report.key}");
	assert_string_equal(c->report.key_file, "/home/clinic/keys/report.key");
	config_free(c);
}

static void
test_everything(void **state)
{
	struct config *c = parse_ok(
	    "clinic:\n"
	    "  name: Huid & Zo\n"
	    "  address: |\n"
	    "    Lange Gasthuisstraat 3\n"
	    "    2000 Antwerpen\n"
	    "  phone: +32 3 555 01 02\n"
	    "  email: balie@huidenzo.example\n"
	    "  web: https://huidenzo.example/\n"
	    "language: NL\n"
	    "open: [Tue, wednesday, THU, sat]\n"
	    "closed: [2026-12-25]\n"
	    "course:\n"
	    "  interval_weeks: 6\n"
	    "  maintenance_months: 12\n"
	    "  serum: Polynucleotides\n"
	    "  numbing_minutes: 60\n"
	    "  session_time: 8:05\n"
	    "screening: {approval_months: 6}\n"
	    "mail:\n"
	    "  command: [/usr/bin/msmtp, --read-envelope-from, -t, '']\n"
	    "  hour: 0\n"
	    "  timeout: 3600\n"
	    "  from: herinnering@huidenzo.example\n"
	    "report: {key_file: /var/lib/derma/report.key}\n");

	(void)state;
	assert_string_equal(c->clinic.name, "Huid & Zo");
	assert_string_equal(c->clinic.address,
	    "Lange Gasthuisstraat 3\n2000 Antwerpen");	/* the last LF dropped */
	assert_string_equal(c->clinic.phone, "+32 3 555 01 02");
	assert_string_equal(c->clinic.email, "balie@huidenzo.example");
	assert_string_equal(c->clinic.web, "https://huidenzo.example/");
	assert_string_equal(c->language, "nl");
	assert_int_equal(c->open, 1u << 1 | 1u << 2 | 1u << 3 | 1u << 5);
	assert_int_equal(c->nclosed, 1);
	assert_int_equal(c->course.interval_weeks, 6);
	assert_int_equal(c->course.maintenance_months, 12);
	assert_string_equal(c->course.serum, "polynucleotides");
	assert_int_equal(c->course.numbing_minutes, 60);
	assert_int_equal(c->course.session_minute, 8 * 60 + 5);
	assert_string_equal(c->course.session_time, "08:05");
	assert_int_equal(c->screening.approval_months, 6);
	assert_int_equal(c->mail.ncommand, 4);
	assert_string_equal(c->mail.command[0], "/usr/bin/msmtp");
	assert_string_equal(c->mail.command[1], "--read-envelope-from");
	assert_string_equal(c->mail.command[2], "-t");
	assert_string_equal(c->mail.command[3], "");
	assert_null(c->mail.command[4]);
	assert_int_equal(c->mail.hour, 0);
	assert_int_equal(c->mail.timeout, 3600);
	assert_string_equal(c->mail.from, "herinnering@huidenzo.example");
	assert_string_equal(c->report.key_file, "/var/lib/derma/report.key");
	config_free(c);

	/* Lines that end in CR LF, as an editor on Windows writes them. */
	c = parse_ok("clinic:\r\n  name: A\r\n  address: |\r\n    B\r\n    C\r\n"
	    "open: [mon]\r\n");
	assert_string_equal(c->clinic.name, "A");
	assert_string_equal(c->clinic.address, "B\nC");
	assert_int_equal(c->open, 1);
	config_free(c);

	/* mail.from defaults to clinic.email. */
	c = parse_ok("clinic: {email: info@clinic.example}\n");
	assert_string_equal(c->mail.from, "info@clinic.example");
	config_free(c);
	/* Aliases stand for what they name. */
	c = parse_ok("clinic: {email: &e info@clinic.example, name: &n X}\n"
	    "mail: {from: *e}\nclosed: [&d 2026-12-25, *d]\ncourse: &c {serum: *n}\n");
	assert_string_equal(c->mail.from, "info@clinic.example");
	assert_int_equal(c->nclosed, 1);
	assert_string_equal(c->course.serum, "x");
	config_free(c);
}

/* The example in share/derma is what derma-config(5) says it is. */
static void
test_example(void **state)
{
	struct config *c;
	struct diag d;

	(void)state;
	diag_clear(&d);
	if (config_read(EXAMPLE, &c, &d) != 0)
		fail_msg("%s:%lu:%lu: %s", d.file, d.line, d.col, d.msg);
	assert_string_equal(c->file, EXAMPLE);
	assert_string_equal(c->clinic.name, "Clinique des Tilleuls");
	assert_string_equal(c->clinic.address, "Rue des Tilleuls 12\n1000 Bruxelles");
	assert_string_equal(c->clinic.email, "info@tilleuls.example");
	assert_string_equal(c->mail.from, "info@tilleuls.example");
	assert_string_equal(c->language, "fr");
	assert_int_equal(c->open, 0x1f);
	assert_int_equal(c->nclosed, 3);
	assert_int_equal(c->course.interval_weeks, 0);
	assert_string_equal(c->course.session_time, "09:30");
	assert_false(config_is_open(c, day_of("2026-11-11")));
	assert_false(config_is_open(c, day_of("2027-07-19")));
	assert_true(config_is_open(c, day_of("2027-08-09")));
	config_free(c);
}

/* The example in derma-config(5) is a configuration, read as it says. */
static void
test_man_example(void **state)
{
	char *man = read_file(DERMA_SRCDIR "/man/derma-config.5", NULL);
	char *start = strstr(man, "A clinic open from Tuesday to Saturday"), *end;
	struct config *c;

	(void)state;
	assert_non_null(start);
	start = strstr(start, ".Bd -literal -offset indent\n");
	assert_non_null(start);
	start += strlen(".Bd -literal -offset indent\n");
	end = strstr(start, ".Ed\n");
	assert_non_null(end);
	*end = '\0';
	assert_null(strchr(start, '\\'));	/* no roff escapes to undo */
	c = parse_ok(start);
	assert_string_equal(c->clinic.name, "Huid & Zo");
	assert_string_equal(c->language, "nl");
	assert_int_equal(c->open, 0x3e);	/* Tuesday to Saturday */
	assert_int_equal(c->nclosed, 1);
	assert_string_equal(c->course.session_time, "09:30");
	assert_string_equal(c->mail.command[0], "/usr/bin/msmtp");
	assert_int_equal(c->mail.hour, 8);
	assert_string_equal(c->mail.from, "balie@huidenzo.example");
	config_free(c);
	free(man);
}

/* --- errors --- */

static void
test_errors(void **state)
{
	static const struct {
		const char *yaml;
		unsigned long line, col;
		const char *msg;
	} cases[] = {
		/* shapes */
		{"- clinic\n", 1, 1, "expected a mapping of clinic, language, open, "
		    "closed, course, screening, mail, report"},
		{"just text\n", 1, 1, "expected a mapping of clinic"},
		{"clinic: x\n", 1, 9, "clinic: expected a mapping of name, address, "
		    "phone, email, web"},
		{"mail: [a]\n", 1, 7, "mail: expected a mapping of command, hour"},
		{"? [a]\n: 1\n", 1, 3, "a key must be a word"},
		{"clinic:\n  ? {a: 1}\n  : 1\n", 2, 5, "clinic: a key must be a word"},
		{"a: 1\n---\nb: 2\n", 3, 1, "a second document"},
		/* unknown keys, near misses */
		{"clinc: {}\n", 1, 1, "unknown key 'clinc': did you mean 'clinic'?"},
		{"Clinic: {}\n", 1, 1, "unknown key 'Clinic': did you mean 'clinic'?"},
		{"languages: fr\n", 1, 1, "did you mean 'language'?"},
		{"clinic:\n  Phone: 1\n", 2, 3,
		    "unknown key 'Phone' in clinic: did you mean 'phone'?"},
		{"clinic:\n  e-mail: a@b\n", 2, 3, "did you mean 'email'?"},
		{"clinic:\n  emial: a@b\n", 2, 3, "did you mean 'email'?"},
		{"course:\n  interval-weeks: 4\n", 2, 3,
		    "unknown key 'interval-weeks' in course: did you mean "
		    "'interval_weeks'?"},
		{"course:\n  Interval-Week: 4\n", 2, 3,	/* case, - and a letter */
		    "did you mean 'interval_weeks'?"},
		{"course:\n  intervals: 4\n", 2, 3, "(known: interval_weeks,"},
		{"course:\n  Maintenance-Months: 6\n", 2, 3,
		    "did you mean 'maintenance_months'?"},
		{"mail:\n  Time_Out: 6\n", 2, 3, "did you mean 'timeout'?"},
		{"report:\n  key-file: /k\n", 2, 3, "did you mean 'key_file'?"},
		{"clinic:\n  fax: 1\n", 2, 3, "unknown key 'fax' in clinic "
		    "(known: name, address, phone, email, web)"},
		{"holidays: []\n", 1, 1, "unknown key 'holidays' (known: clinic, "
		    "language, open, closed, course, screening, mail, report)"},
		{"clinic:\n  phone: 1\n  phone: 2\n", 3, 3, "clinic.phone given twice"},
		{"language: fr\nlanguage: nl\n", 2, 1, "language given twice"},
		/* text */
		{"clinic:\n  name: {a: 1}\n", 2, 9, "clinic.name: expected text"},
		{"clinic:\n  name: [X]\n", 2, 9, "clinic.name: expected text"},
		{"clinic:\n  name: \"A\\nB\"\n", 2, 9,
		    "clinic.name: a control character in the text (one line only)"},
		{"clinic:\n  name: \"A\\rB\"\n", 2, 9, "control character"},
		{"clinic:\n  phone: \"1\\t2\"\n", 2, 10, "control character"},
		{"clinic:\n  web: \"x\\x7f\"\n", 2, 8, "control character"},
		{"clinic:\n  address: \"A\\r\\nB\"\n", 2, 12,
		    "clinic.address: a control character in the text"},
		{"clinic:\n  name: \"A\\0B\"\n", 2, 9, "clinic.name: a NUL byte"},
		/* e-mail addresses */
		{"clinic:\n  email: info\n", 2, 10,
		    "clinic.email: 'info' is not an e-mail address"},
		{"clinic:\n  email: a@b@c\n", 2, 10, "not an e-mail address"},
		{"clinic:\n  email: \"@clinic.example\"\n", 2, 10, "not an e-mail"},
		{"clinic:\n  email: \"info@\"\n", 2, 10, "not an e-mail"},
		{"clinic:\n  email: \"info @clinic.example\"\n", 2, 10, "not an e-mail"},
		{"clinic:\n  email: \"in\\tfo@clinic.example\"\n", 2, 10,
		    "'in?fo@clinic.example' is not an e-mail"},
		{"clinic:\n  email: \"Info <info@clinic.example>\"\n", 2, 10,
		    "not an e-mail"},
		{"clinic:\n  email: \"a@b.example, c@d.example\"\n", 2, 10,
		    "not an e-mail"},
		{"clinic:\n  email: \"a@b.example\\nBcc: x@y\"\n", 2, 10,
		    "not an e-mail"},
		{"clinic:\n  email: [a@b]\n", 2, 10,
		    "clinic.email: expected an e-mail address"},
		{"mail:\n  from: clinic\n", 2, 9,
		    "mail.from: 'clinic' is not an e-mail address"},
		/* language */
		{"language: de\n", 1, 11, "language: expected en, fr or nl"},
		{"language: eng\n", 1, 11, "language: expected en, fr or nl"},
		{"language: [en]\n", 1, 11, "language: expected en, fr or nl"},
		/* open */
		{"open: []\n", 1, 7, "open: no open weekday"},
		{"open: mon\n", 1, 7, "open: expected a list of weekdays"},
		{"open: {mon: 1}\n", 1, 7, "open: expected a list of weekdays"},
		{"open: [mon, funday]\n", 1, 13, "open: 'funday' is not a weekday"},
		{"open: [mon, tues]\n", 1, 13, "'tues' is not a weekday"},
		{"open: [mon, Monday]\n", 1, 13, "open: Monday given twice"},
		{"open: [mon, {a: 1}]\n", 1, 13, "open: expected a weekday"},
		{"open:\n  - sat\n  - SUN\n  - sun\n", 4, 5, "Sunday given twice"},
		/* closed */
		{"closed: 2026-12-24\n", 1, 9, "closed: expected a list of dates"},
		{"closed: [2026-02-30]\n", 1, 10,
		    "closed: '2026-02-30' is not a date: expected YYYY-MM-DD"},
		{"closed: [2026-13-01]\n", 1, 10, "is not a date"},
		{"closed: [24/12/2026]\n", 1, 10, "'24/12/2026' is not a date"},
		{"closed: [2026-12-24, [2026-12-25]]\n", 1, 22,
		    "closed: expected a date"},
		{"closed:\n  - 2026-12-24\n  - {from: 2026-12-31, to: 2026-12-24}\n",
		    3, 28, "closed: to 2026-12-24 is before from 2026-12-31"},
		{"closed: [{from: 2026-12-24}]\n", 1, 10,
		    "closed: a range needs from and to"},
		{"closed: [{to: 2026-12-24}]\n", 1, 10, "a range needs from and to"},
		{"closed: [{from: 2026-12-24, to: 2027-02-29}]\n", 1, 33,
		    "'2027-02-29' is not a date"},
		{"closed: [{from: 2026-12-24, to: 2026-12-26, until: x}]\n", 1, 45,
		    "unknown key 'until' in closed (known: from, to)"},
		{"closed: [{form: 2026-12-24, to: 2026-12-26}]\n", 1, 11,
		    "unknown key 'form' in closed: did you mean 'from'?"},
		{"closed: [{from: 2026-12-24, to: 2026-12-26, to: 2026-12-27}]\n",
		    1, 45, "closed.to given twice"},
		/* numbers */
		{"mail:\n  hour: 24\n", 2, 9, "mail.hour: expected a whole number "
		    "from 0 to 23"},
		{"mail:\n  hour: -1\n", 2, 9, "from 0 to 23"},
		{"mail:\n  hour: 9.5\n", 2, 9, "from 0 to 23"},
		{"mail:\n  hour: nine\n", 2, 9, "from 0 to 23"},
		{"mail:\n  hour: ''\n", 2, 9, "from 0 to 23"},
		{"mail:\n  hour: 0x9\n", 2, 9, "from 0 to 23"},
		{"mail:\n  hour: [9]\n", 2, 9, "mail.hour: expected a whole number"},
		{"mail:\n  timeout: 0\n", 2, 12, "mail.timeout: expected a whole "
		    "number from 1 to 3600"},
		{"mail:\n  timeout: 99999999999999999999\n", 2, 12, "from 1 to 3600"},
		{"course:\n  interval_weeks: 1\n", 2, 19, "course.interval_weeks: "
		    "expected a whole number from 2 to 52"},
		{"course:\n  maintenance_months: 0\n", 2, 23, "from 1 to 36"},
		{"course:\n  maintenance_months: 37\n", 2, 23, "from 1 to 36"},
		{"course:\n  numbing_minutes: 5\n", 2, 20, "from 10 to 120"},
		{"screening:\n  approval_months: 0\n", 2, 20,
		    "screening.approval_months: expected a whole number from 1 to 60"},
		/* times and words */
		{"course:\n  session_time: \"24:00\"\n", 2, 17,
		    "course.session_time: no such time of day"},
		{"course:\n  session_time: \"10:60\"\n", 2, 17, "no such time of day"},
		{"course:\n  session_time: 10h\n", 2, 17,
		    "course.session_time: expected a time of day, HH:MM"},
		{"course:\n  session_time: 1000\n", 2, 17, "expected a time of day"},
		{"course:\n  session_time: \"10:0\"\n", 2, 17, "expected a time of day"},
		{"course:\n  session_time: \"010:00\"\n", 2, 17, "expected a time"},
		{"course:\n  serum: ''\n", 2, 10, "course.serum: expected a word"},
		{"course:\n  serum: [a]\n", 2, 10, "course.serum: expected a word"},
		/* the mail command */
		{"mail:\n  command: []\n", 2, 12, "mail.command: empty"},
		{"mail:\n  command: /usr/sbin/sendmail -t\n", 2, 12,
		    "mail.command: expected a list: the program and its arguments"},
		{"mail:\n  command: ['', -t]\n", 2, 13,
		    "mail.command: the program's name is empty"},
		{"mail:\n  command: [sendmail, [x]]\n", 2, 23,
		    "mail.command: expected a word of the command"},
		{"mail:\n  command: [sendmail, \"-\\0\"]\n", 2, 23, "a NUL byte"},
		/* the key file */
		{"report:\n  key_file: report.key\n", 2, 13,
		    "report.key_file: expected an absolute file name"},
		{"report:\n  key_file: \"~\"\n", 2, 13, "expected an absolute file name"},
		{"report:\n  key_file: ~clinic/k\n", 2, 13, "expected an absolute"},
		{"report:\n  key_file: ''\n", 2, 13, "expected an absolute"},
		/* invalid YAML */
		{"clinic: {name: [x\n", 2, 1, "invalid YAML"},
		{"clinic:\n\tname: x\n", 2, 1, "invalid YAML"},
		{"clinic: *nowhere\n", 1, 9, "alias to an unknown anchor"},
		{"clinic: {name: \xff}\n", 1, 16, "invalid YAML"},
	};

	(void)state;
	for (size_t i = 0; i < NELEM(cases); i++) {
		struct diag d;

		parse_bad(cases[i].yaml, strlen(cases[i].yaml), &d);
		if (d.line != cases[i].line || d.col != cases[i].col ||
		    strstr(d.msg, cases[i].msg) == NULL)
			fail_msg("%s\nexpected %lu:%lu: %s\ngot      %lu:%lu: %s",
			    cases[i].yaml, cases[i].line, cases[i].col, cases[i].msg,
			    d.line, d.col, d.msg);
	}
}

/* Every error message names a key or the problem; none is cut short. */
static void
test_error_format(void **state)
{
	struct buf out = {0};
	struct diag d;

	(void)state;
	parse_bad("clinic:\n  Phone: 1\n", 19, &d);
	assert_int_equal(diag_format(&d, "derma-plan", &out), 0);
	assert_string_equal(buf_str(&out), "derma-plan: <test>:2:3: unknown key "
	    "'Phone' in clinic: did you mean 'phone'?\n");
	buf_free(&out);
}

/* Input made to hurt: the parser's limits hold, and messages stay short. */
static void
test_hostile(void **state)
{
	static const char bomb[] =
	    "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	    "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
	    "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
	    "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
	    "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n";
	struct buf b = {0};
	struct config *c;
	struct diag d;

	(void)state;
	parse_bad(bomb, strlen(bomb), &d);
	assert_contains(d.msg, "alias expansions");

	/* Nested deeper than the parser goes. */
	assert_int_equal(buf_puts(&b, "clinic: "), 0);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(buf_putc(&b, '['), 0);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(buf_putc(&b, ']'), 0);
	parse_bad(b.p, b.len, &d);
	assert_contains(d.msg, "nested deeper than 64 levels");
	b.len = 0;

	/* Nested as deep as it may be, where text is expected. */
	assert_int_equal(buf_puts(&b, "clinic: {name: "), 0);
	for (int i = 0; i < 60; i++)
		assert_int_equal(buf_putc(&b, '['), 0);
	for (int i = 0; i < 60; i++)
		assert_int_equal(buf_putc(&b, ']'), 0);
	assert_int_equal(buf_puts(&b, "}"), 0);
	parse_bad(b.p, b.len, &d);
	assert_contains(d.msg, "clinic.name: expected text");
	b.len = 0;

	/* A scalar over the parser's 1 MiB. */
	assert_int_equal(buf_puts(&b, "clinic:\n  name: "), 0);
	for (int i = 0; i < 2 * 1024 * 1024; i++)
		assert_int_equal(buf_putc(&b, 'x'), 0);
	parse_bad(b.p, b.len, &d);
	assert_contains(d.msg, "scalar over 1 MiB");
	assert_int_equal(d.line, 2);
	b.len = 0;

	/* A long unknown key (explicit: libyaml takes no longer simple key
	 * than 1024 characters): the message shows its start. */
	assert_int_equal(buf_puts(&b, "? "), 0);
	for (int i = 0; i < 100000; i++)
		assert_int_equal(buf_putc(&b, 'k'), 0);
	assert_int_equal(buf_puts(&b, "\n: 1\n"), 0);
	parse_bad(b.p, b.len, &d);
	assert_contains(d.msg, "unknown key 'kkkk");
	assert_contains(d.msg, "...'");
	assert_true(strlen(d.msg) < sizeof(d.msg) - 1);
	b.len = 0;
	assert_int_equal(buf_puts(&b, "? k"), 0);
	for (int i = 0; i < 100; i++)
		assert_int_equal(buf_puts(&b, "\xc3\xa9"), 0);	/* é */
	assert_int_equal(buf_puts(&b, "\n: 1\n"), 0);
	parse_bad(b.p, b.len, &d);
	assert_contains(d.msg, "\xc3\xa9...'");
	b.len = 0;

	/* A key given a hundred thousand times. */
	assert_int_equal(buf_puts(&b, "clinic:\n"), 0);
	for (int i = 0; i < 100000; i++)
		assert_int_equal(buf_puts(&b, "  name: x\n"), 0);
	parse_bad(b.p, b.len, &d);
	assert_contains(d.msg, "clinic.name given twice");
	assert_int_equal(d.line, 3);
	b.len = 0;

	/* Many closed days, out of order: sorted and merged. */
	for (int i = 0; i < 20000; i++) {
		char day[DATE_STRLEN];

		date_format(day_of("2030-01-01") + (i * 7919) % 20000, day);
		assert_int_equal(buf_printf(&b, "%s- %s\n", i ? "" : "closed:\n", day), 0);
	}
	assert_int_equal(buf_puts(&b, ""), 0);
	c = parse_ok(buf_str(&b));
	assert_int_equal(c->nclosed, 1);
	assert_day(c->closed[0].from, "2030-01-01");
	assert_true(c->closed[0].to == day_of("2030-01-01") + 19999);
	config_free(c);
	buf_free(&b);

	/* No cycle: an alias inside the collection its anchor names is
	 * refused by the parser, so the reader never loops. */
	parse_bad("closed: &a [*a]\n", 16, &d);
	assert_contains(d.msg, "alias to an unknown anchor");
	parse_bad("clinic: &a {name: x, web: *a}\n", 30, &d);
	assert_contains(d.msg, "alias to an unknown anchor");
	assert_int_equal(d.col, 27);
	/* An alias to a section, where another section is wanted. */
	parse_bad("course: &a {serum: x}\nclinic: *a\n", 33, &d);
	assert_contains(d.msg, "unknown key 'serum' in clinic");
	/* Bytes that are not text. */
	parse_bad("clinic: {name: x}\0\n", 19, &d);
	assert_contains(d.msg, "invalid YAML");
}

/* --- open days --- */

static void
test_open_days(void **state)
{
	static const struct {
		const char *day;
		int open;
		const char *next;	/* NULL: none within the look-ahead */
	} cases[] = {
		{"2026-11-25", 1, "2026-11-25"},	/* a Wednesday */
		{"2026-11-27", 1, "2026-11-27"},	/* Friday */
		{"2026-11-28", 0, "2026-11-30"},	/* Saturday */
		{"2026-11-29", 0, "2026-11-30"},	/* Sunday */
		{"2026-05-01", 0, "2026-05-04"},	/* a closed Friday */
		{"2026-12-23", 1, "2026-12-23"},
		{"2026-12-24", 0, "2027-01-04"},	/* the range's first day */
		{"2026-12-25", 0, "2027-01-04"},	/* a day in it given again */
		{"2026-12-31", 0, "2027-01-04"},	/* across the year's end */
		{"2027-01-02", 0, "2027-01-04"},	/* its last day, a Saturday */
		{"2027-01-04", 1, "2027-01-04"},
		{"2027-02-26", 1, "2027-02-26"},
		{"2027-02-27", 0, "2027-03-02"},	/* weekend, then Monday March 1 closed */
		{"2028-02-28", 1, "2028-02-28"},
		{"2028-02-29", 0, "2028-03-01"},	/* a closed leap day */
	};
	struct config *c = parse_ok(
	    "open: [mon, tue, wed, thu, fri]\n"
	    "closed:\n"
	    "  - 2026-05-01\n"
	    "  - {from: 2026-12-24, to: 2027-01-02}\n"
	    "  - 2026-12-25\n"
	    "  - 2027-03-01\n"
	    "  - 2028-02-29\n");

	(void)state;
	assert_int_equal(c->nclosed, 4);
	for (size_t i = 0; i < NELEM(cases); i++) {
		date_t t = day_of(cases[i].day), next = 0;
		int r = config_next_open(c, t, &next);

		if (config_is_open(c, t) != cases[i].open)
			fail_msg("%s: open %d, expected %d", cases[i].day,
			    config_is_open(c, t), cases[i].open);
		if (cases[i].next == NULL)
			assert_int_equal(r, -1);
		else {
			char s[DATE_STRLEN];

			assert_int_equal(r, 0);
			if (strcmp(date_format(next, s), cases[i].next) != 0)
				fail_msg("after %s: %s, expected %s", cases[i].day, s,
				    cases[i].next);
			assert_true(config_is_open(c, next));
		}
	}
	config_free(c);
}

/* Ranges that overlap or touch are one; one day apart, two. */
static void
test_closed_merged(void **state)
{
	struct config *c = parse_ok(
	    "closed:\n"
	    "  - 2026-12-31\n"
	    "  - 2026-12-25\n"
	    "  - {from: 2026-12-24, to: 2026-12-26}\n"
	    "  - 2026-12-27\n"
	    "  - {from: 2026-12-20, to: 2026-12-22}\n"
	    "  - {from: 2026-12-21, to: 2026-12-21}\n");

	(void)state;
	assert_int_equal(c->nclosed, 3);
	assert_day(c->closed[0].from, "2026-12-20");
	assert_day(c->closed[0].to, "2026-12-22");
	assert_day(c->closed[1].from, "2026-12-24");
	assert_day(c->closed[1].to, "2026-12-27");
	assert_day(c->closed[2].from, "2026-12-31");
	assert_day(c->closed[2].to, "2026-12-31");
	assert_true(config_is_open(c, day_of("2026-12-23")));
	assert_false(config_is_open(c, day_of("2026-12-22")));
	assert_false(config_is_open(c, day_of("2026-12-24")));
	assert_true(config_is_open(c, day_of("2026-12-28")));
	config_free(c);
}

/* The search for an open day is bounded, and stops at 9999-12-31. */
static void
test_next_open_bounded(void **state)
{
	struct config *c;
	date_t t = 0;

	(void)state;
	c = parse_ok("closed: [{from: 2027-01-01, to: 2027-12-31}]\n");
	assert_int_equal(config_next_open(c, day_of("2026-12-31"), &t), 0);
	assert_day(t, "2026-12-31");
	/* 2028-01-03 is 367 days after 2027-01-01: past the look-ahead. */
	assert_int_equal(config_next_open(c, day_of("2027-01-01"), &t), -1);
	assert_int_equal(config_next_open(c, day_of("2027-01-02"), &t), 0);
	assert_day(t, "2028-01-03");
	assert_int_equal(config_next_open(c, day_of("2027-06-15"), &t), 0);
	assert_day(t, "2028-01-03");
	config_free(c);

	c = parse_ok("closed: [{from: 2027-01-01, to: 2028-12-31}]\n");
	assert_int_equal(config_next_open(c, day_of("2027-06-15"), &t), -1);
	assert_int_equal(config_next_open(c, day_of("2028-01-01"), &t), 0);
	assert_day(t, "2029-01-01");
	config_free(c);

	c = parse_ok("closed: [{from: 0001-01-01, to: 9999-12-31}]\nopen: [sun]\n");
	assert_false(config_is_open(c, day_of("2026-11-29")));
	assert_int_equal(config_next_open(c, day_of("0001-01-01"), &t), -1);
	assert_int_equal(config_next_open(c, DATE_MAX, &t), -1);
	config_free(c);

	c = parse_ok("open: [fri]\n");
	assert_int_equal(config_next_open(c, day_of("9999-12-31"), &t), 0);
	assert_day(t, "9999-12-31");
	assert_int_equal(config_next_open(c, day_of("9999-12-25"), &t), 0);
	assert_day(t, "9999-12-31");
	config_free(c);
	c = parse_ok("open: [sat]\n");	/* 9999-12-25 is the last Saturday */
	assert_int_equal(config_next_open(c, day_of("9999-12-26"), &t), -1);
	assert_int_equal(config_next_open(c, DATE_MAX + 10, &t), -1);
	config_free(c);

	/* Only Saturdays, one closed: the next one. */
	c = parse_ok("open: [sat]\nclosed: [2026-12-26]\n");
	assert_int_equal(config_next_open(c, day_of("2026-12-21"), &t), 0);
	assert_day(t, "2027-01-02");
	config_free(c);
}

/* --- finding and reading the file --- */

/* config_find() with etc in the scratch directory; the path or "". */
static int
find(const char *opt, char *path, struct diag *d)
{
	char etc[512];
	int r;

	diag_clear(d);
	path[0] = '\0';
	r = config_find(opt, in_scratch("etc", etc), path, 512, d);
	if (r == -1)
		assert_int_equal(d->kind, DIAG_CONFIG);
	return r;
}

static void
test_search_order(void **state)
{
	char path[512], home[512], xdg[512], etc[512], env[512], opt[512];
	char p[512];
	struct diag d;

	(void)state;
	/* Nothing anywhere: the built-in defaults. */
	assert_int_equal(find(NULL, path, &d), 0);
	assert_string_equal(path, "");

	put("etc/derma/config.yaml", "", etc);
	assert_int_equal(find(NULL, path, &d), 1);
	assert_string_equal(path, etc);

	put("home/.config/derma/config.yaml", "", home);
	setenv("HOME", in_scratch("home", p), 1);
	assert_int_equal(find(NULL, path, &d), 1);
	assert_string_equal(path, home);

	/* XDG_CONFIG_HOME takes the place of ~/.config: when its file is
	 * missing, the machine's is next, not the one in ~/.config. */
	setenv("XDG_CONFIG_HOME", in_scratch("xdg", p), 1);
	assert_int_equal(find(NULL, path, &d), 1);
	assert_string_equal(path, etc);
	put("xdg/derma/config.yaml", "", xdg);
	assert_int_equal(find(NULL, path, &d), 1);
	assert_string_equal(path, xdg);
	/* Empty or relative, it is not set. */
	setenv("XDG_CONFIG_HOME", "", 1);
	assert_int_equal(find(NULL, path, &d), 1);
	assert_string_equal(path, home);
	setenv("XDG_CONFIG_HOME", "xdg", 1);
	assert_int_equal(find(NULL, path, &d), 1);
	assert_string_equal(path, home);
	setenv("XDG_CONFIG_HOME", in_scratch("xdg", p), 1);

	/* DERMA_CONFIG before them, when set and not empty; it must exist. */
	put("env.yaml", "", env);
	setenv("DERMA_CONFIG", env, 1);
	assert_int_equal(find(NULL, path, &d), 1);
	assert_string_equal(path, env);
	setenv("DERMA_CONFIG", "", 1);
	assert_int_equal(find(NULL, path, &d), 1);
	assert_string_equal(path, xdg);
	setenv("DERMA_CONFIG", in_scratch("missing.yaml", p), 1);
	assert_int_equal(find(NULL, path, &d), -1);
	assert_string_equal(d.file, p);
	assert_contains(d.msg, "No such file or directory (given by DERMA_CONFIG)");
	assert_int_equal(d.line, 0);

	/* --config before all; it must exist. */
	put("opt.yaml", "", opt);
	assert_int_equal(find(opt, path, &d), 1);
	assert_string_equal(path, opt);
	assert_int_equal(find(in_scratch("nope.yaml", p), path, &d), -1);
	assert_string_equal(d.file, p);
	assert_contains(d.msg, "No such file or directory (given by --config)");
	assert_int_equal(find("", path, &d), -1);

	/* Without HOME and XDG_CONFIG_HOME, the machine's. */
	unsetenv("DERMA_CONFIG");
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	assert_int_equal(find(NULL, path, &d), 1);
	assert_string_equal(path, etc);
	setenv("HOME", "", 1);
	assert_int_equal(find(NULL, path, &d), 1);
	assert_string_equal(path, etc);
}

/* A place that is not there is skipped; one that is there but is no file
 * to read, or a link to nothing, is an error. */
static void
test_search_skips(void **state)
{
	char path[512], etc[512], p[512];
	struct config *c;
	struct diag d;

	(void)state;
	put("etc/derma/config.yaml", "language: nl\n", etc);
	/* ~/.config is a file: nothing can be under it. */
	put(".config", "", p);
	assert_int_equal(find(NULL, path, &d), 1);
	assert_string_equal(path, etc);
	unlink(p);
	/* ~/.config/derma/config.yaml is a directory. */
	put(".config/derma/config.yaml/x", "", p);
	assert_int_equal(find(NULL, path, &d), 1);
	assert_string_equal(path, in_scratch(".config/derma/config.yaml", p));
	assert_int_equal(config_read(path, &c, &d), -1);
	assert_null(c);
	assert_int_equal(d.kind, DIAG_CONFIG);
	assert_string_equal(d.file, path);
	assert_contains(d.msg, "Is a directory");
	remove_tree(in_scratch(".config", p));
	/* A link to nothing. */
	put(".config/derma/other.yaml", "", p);
	if (symlink(in_scratch("gone.yaml", p),
	    in_scratch(".config/derma/config.yaml", path)) == -1)
		fail_msg("symlink: %s", strerror(errno));
	assert_int_equal(find(NULL, path, &d), -1);
	assert_string_equal(d.file, in_scratch(".config/derma/config.yaml", p));
	assert_contains(d.msg, "a symbolic link to nothing");
	/* A link to a file is the file. */
	unlink(in_scratch(".config/derma/config.yaml", p));
	if (symlink(etc, p) == -1)
		fail_msg("symlink: %s", strerror(errno));
	assert_int_equal(find(NULL, path, &d), 1);
	assert_string_equal(path, p);
	assert_int_equal(config_read(path, &c, &d), 0);
	assert_string_equal(c->language, "nl");
	config_free(c);
}

static void
test_load(void **state)
{
	char path[512];
	struct buf big = {0};
	struct config *c;
	struct diag d;

	(void)state;
	diag_clear(&d);
	put("clinic.yaml", "clinic:\n  name: Tilleuls\nopen: [mon]\n", path);
	assert_int_equal(config_load(path, &c, &d), 0);
	assert_string_equal(c->file, path);
	assert_string_equal(c->clinic.name, "Tilleuls");
	assert_int_equal(c->open, 1);
	config_free(c);

	/* Through DERMA_CONFIG too. */
	setenv("DERMA_CONFIG", path, 1);
	assert_int_equal(config_load(NULL, &c, &d), 0);
	assert_string_equal(c->file, path);
	config_free(c);
	unsetenv("DERMA_CONFIG");

	/* An error names the file, line and column. */
	put("bad.yaml", "clinic:\n  name: Tilleuls\n  phnoe: 1\n", path);
	assert_int_equal(config_load(path, &c, &d), -1);
	assert_null(c);
	assert_int_equal(d.kind, DIAG_CONFIG);
	assert_string_equal(d.file, path);
	assert_int_equal(d.line, 3);
	assert_int_equal(d.col, 3);
	assert_string_equal(d.msg, "unknown key 'phnoe' in clinic: did you mean "
	    "'phone'?");
	put("broken.yaml", "clinic:\n  name: [\n", path);
	assert_int_equal(config_load(path, &c, &d), -1);
	assert_int_equal(d.kind, DIAG_CONFIG);
	assert_string_equal(d.file, path);
	assert_contains(d.msg, "invalid YAML");

	/* An empty file is the defaults, from that file. */
	put("empty.yaml", "", path);
	assert_int_equal(config_load(path, &c, &d), 0);
	assert_string_equal(c->file, path);
	assert_defaults(c);
	config_free(c);

	/* Too large to be a configuration file, though it is valid. */
	for (int i = 0; i < CONFIG_MAX_BYTES / 16 + 1; i++)
		assert_int_equal(buf_puts(&big, "# a comment ...\n"), 0);
	assert_int_equal(buf_puts(&big, ""), 0);
	put("big.yaml", buf_str(&big), path);
	buf_free(&big);
	assert_int_equal(config_load(path, &c, &d), -1);
	assert_int_equal(d.kind, DIAG_CONFIG);
	assert_contains(d.msg, "over 1024 KiB");

	/* A file that cannot be read (root reads it all the same). */
	put("secret.yaml", "", path);
	chmod(path, 0);
	if (geteuid() != 0) {
		assert_int_equal(config_load(path, &c, &d), -1);
		assert_int_equal(d.kind, DIAG_CONFIG);
		assert_contains(d.msg, "Permission denied");
	}
}

/* Merge keys are read as YAML 1.1 reads them, as in a patient record. */
static void
test_merge_keys(void **state)
{
	static const char text[] = "<<: {language: fr, clinic: {name: A}}\n"
	    "clinic: {name: B}\n";
	struct config *c;
	struct diag d;

	(void)state;
	diag_clear(&d);
	if (config_parse(text, sizeof(text) - 1, "<test>", &c, &d) != 0)
		fail_msg("%lu:%lu: %s", d.line, d.col, d.msg);
	assert_string_equal(c->language, "fr");
	assert_string_equal(c->clinic.name, "B");	/* its own key wins */
	config_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_weekday_names),
		cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_default_key_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_everything, setup, teardown),
		cmocka_unit_test_setup_teardown(test_example, setup, teardown),
		cmocka_unit_test_setup_teardown(test_man_example, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_merge_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_error_format, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_days, setup, teardown),
		cmocka_unit_test_setup_teardown(test_closed_merged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_open_bounded, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_skips, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
