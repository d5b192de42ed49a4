/* Unit tests: the record loop every tool shares (filter.h). */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>

#include "filter.h"
#include "unit.h"

/*
 * The test tool: its block is "seen: {of: ID}".  A record with no id is
 * bad; an id starting with X gives status 1, as a patient not eligible.
 */
static int
process(void *ctx, struct record *rec, struct diag *d)
{
	const struct node *id = node_get(rec->doc, "id");
	struct node *b;

	(void)ctx;
	if (rec->doc->kind != NODE_MAPPING || id == NULL ||
	    id->kind != NODE_SCALAR) {
		diag_set(d, DIAG_DATA, rec->doc->line, rec->doc->col, "no id");
		return -1;
	}
	if ((b = node_collection(rec->arena, NODE_MAPPING, CSTYLE_BLOCK)) == NULL ||
	    node_map_add_text(rec->arena, b, "of", id->text) == -1) {
		diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
		return -1;
	}
	rec->block = b;
	rec->status = id->text[0] == 'X';
	rec->data = (void *)node_get(b, "of")->text;
	return 0;
}

/* A tool that puts a block in whatever document it is given. */
static int
process_any(void *ctx, struct record *rec, struct diag *d)
{
	(void)ctx;
	(void)d;
	rec->block = node_scalar(rec->arena, "any", STYLE_PLAIN);
	return 0;
}

static int
text(void *ctx, const struct record *rec, int color, struct buf *out)
{
	(void)ctx;
	return buf_printf(out, "%s%s\n", color ? "*" : "", (const char *)rec->data);
}

static const struct format text_format = {"text", text, NULL, NULL, NULL, 0};

#define FORMAT_YAML	(&filter_yaml)
#define FORMAT_JSON	(&filter_json)
#define FORMAT_TEXT	(&text_format)

static struct filter
test_filter(const struct format *fmt, int jobs)
{
	struct filter f;

	memset(&f, 0, sizeof(f));
	f.prog = "test";
	f.block = "seen";
	f.format = fmt;
	f.jobs = jobs;
	f.limits = limits_default;
	f.process = process;
	return f;
}

/* What a run gave. */
struct run {
	int status;
	char *out;
	size_t outlen;
	char *err;
};

static struct run
run_files(const struct filter *f, char *const *files, int n)
{
	FILE *out = tmpfile(), *err = tmpfile();
	struct run r;

	assert_non_null(out);
	assert_non_null(err);
	r.status = filter_run(f, files, n, out, err);
	r.out = read_stream(out, &r.outlen);
	r.err = read_stream(err, NULL);
	fclose(out);
	fclose(err);
	return r;
}

static void
run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

/* Temp files holding these texts; their names into names[i] (64 bytes). */
static void
make_files(const char *const *texts, int n, char (*names)[64], char **argv)
{
	for (int i = 0; i < n; i++) {
		temp_file(texts[i], strlen(texts[i]), names[i]);
		argv[i] = names[i];
	}
}

static void
remove_files(char (*names)[64], int n)
{
	for (int i = 0; i < n; i++)
		unlink(names[i]);
}

static void
test_order(void **state)
{
	static const char *const texts[] = {
		"id: a\nx: 1\n---\nid: b\n---\n# c\nid: c\nlist: [1, 2]\n",
		"id: d\n",
		"{\"id\": \"e\"}\n{\"id\": \"f\", \"n\": 007}\n",
	};
	static const char want[] =
	    "---\nid: a\nx: 1\nseen:\n  of: a\n"
	    "---\nid: b\nseen:\n  of: b\n"
	    "---\n# c\nid: c\nlist: [1, 2]\nseen:\n  of: c\n"
	    "---\nid: d\nseen:\n  of: d\n"
	    "--- {\"id\": \"e\", seen: {of: e}}\n"
	    "--- {\"id\": \"f\", \"n\": 007, seen: {of: f}}\n";
	struct filter f = test_filter(FORMAT_YAML, 1);
	char names[3][64], *argv[3];
	struct run r;

	(void)state;
	make_files(texts, 3, names, argv);
	r = run_files(&f, argv, 3);
	remove_files(names, 3);
	assert_string_equal(r.err, "");
	assert_int_equal(r.status, 0);
	/* The block is added after the record's last line, its comments kept
	 * (JSON objects, flow mappings, go through the emitter). */
	assert_string_equal(r.out, want);
	run_free(&r);
}

/*
 * A "%" line at column 0 above a "---" that is the text of a plain scalar
 * going on in a flow collection: split takes it for a directive, libyaml
 * for text.  The record goes on past that entry, so it is written by the
 * emitter, whole, not spliced short (found by fuzz_screen: it said "out
 * of memory").
 */
static void
test_percent_line_in_flow(void **state)
{
	static const char *const texts[] = {
		"id: a\nskin: {c: [wr\n%kAes]}\n---\nid: b\n",
	};
	struct filter f = test_filter(FORMAT_YAML, 1);
	char names[1][64], *argv[1];
	struct run r;

	(void)state;
	make_files(texts, 1, names, argv);
	r = run_files(&f, argv, 1);
	remove_files(names, 1);
	assert_string_equal(r.err, "");
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out, "---\nid: a\nskin: {c: [wr %kAes]}\nseen:\n"
	    "  of: a\n---\nid: b\nseen:\n  of: b\n");
	run_free(&r);
}

/*
 * A record ended by "..." and then bytes libyaml cannot read: the record
 * is whole and written, by the emitter, without them; the stream ends
 * there (found by fuzz_screen: the spliced record took them along, and
 * the output was not YAML).
 */
static void
test_end_marker_then_junk(void **state)
{
	static const char *const texts[] = {
		"# a\nid: a\nx: [1]\n... {y: 2}\nz: 3\n---\nid: b\n",
	};
	struct filter f = test_filter(FORMAT_YAML, 1);
	char names[1][64], *argv[1];
	struct run r;

	(void)state;
	make_files(texts, 1, names, argv);
	r = run_files(&f, argv, 1);
	remove_files(names, 1);
	assert_contains(r.err, ":4:5: invalid YAML");
	assert_int_equal(r.status, DIAG_DATA);
	assert_string_equal(r.out, "---\nid: a\nx: [1]\nseen:\n  of: a\n");
	run_free(&r);
}

static void
test_formats(void **state)
{
	static const char *const texts[] = {
		"id: a\nn: 007\nq: \"1\"\nb: yes\n---\nid: X-1\n",
	};
	struct filter f = test_filter(FORMAT_JSON, 1);
	char names[1][64], *argv[1];
	struct run r;

	(void)state;
	make_files(texts, 1, names, argv);
	r = run_files(&f, argv, 1);
	assert_string_equal(r.out,
	    "{\"id\":\"a\",\"n\":\"007\",\"q\":\"1\",\"b\":true,\"seen\":{\"of\":\"a\"}}\n"
	    "{\"id\":\"X-1\",\"seen\":{\"of\":\"X-1\"}}\n");
	assert_int_equal(r.status, 1);	/* the largest of the records' */
	run_free(&r);
	f = test_filter(FORMAT_TEXT, 1);
	r = run_files(&f, argv, 1);
	assert_string_equal(r.out, "a\nX-1\n");
	run_free(&r);
	f.color = 1;
	r = run_files(&f, argv, 1);
	assert_string_equal(r.out, "*a\n*X-1\n");
	run_free(&r);
	remove_files(names, 1);
}

/*
 * Records pass through as they were, but for the block: the bytes are
 * those of each record written on its own with the block set.
 */
static void
test_records_unchanged(void **state)
{
	static const char *const recs[] = {
		"id: a\nn: 007\nq: \"007\"\ns: 'single'\nd: 2026-11-10\n"
		    "e:\nt: ~\nu: Chlo\xc3\xa9\n",
		"id: b\nnote: |+\n  kept\n\n",
		"id: c\nbase: &B {x: 1, y: [a, b]}\ncopy: *B\ns: &S text\n"
		    "*S : key alias\n",
		"id: d\ntagged: !!str 123\nlocal: !custom v\nfold: >-\n  a\n  b\n"
		    "? [complex]\n: value\n",
		"{\"id\": \"e\", \"list\": [1, \"2\", true, null]}\n",
		"id: f\nseen: old\nlast: 1\n",
	};
	struct filter f = test_filter(FORMAT_YAML, 1);
	struct arena *a = arena_new();
	struct buf in = {0}, want = {0};
	char names[1][64], *argv[1];
	struct run r;
	struct diag d;

	(void)state;
	diag_clear(&d);
	for (size_t i = 0; i < NELEM(recs); i++) {
		struct node *doc = parse_yaml(a, recs[i]);
		struct node *b = node_collection(a, NODE_MAPPING, CSTYLE_BLOCK);

		buf_printf(&in, "---\n%s", recs[i]);
		node_map_add_text(a, b, "of", node_get(doc, "id")->text);
		struct node *old;

		node_map_set(a, doc, "seen", b, &old);
		assert_int_equal(emit_yaml(doc, &want, &d), 0);
	}
	{
		const char *texts[] = {buf_str(&in)};

		make_files(texts, 1, names, argv);
	}
	for (int jobs = 1; jobs <= 2; jobs++) {
		f.jobs = jobs;
		r = run_files(&f, argv, 1);
		assert_string_equal(r.err, "");
		assert_string_equal(r.out, buf_str(&want));
		run_free(&r);
	}
	remove_files(names, 1);
	buf_free(&in);
	buf_free(&want);
	arena_free(a);
}

/* A bad record is reported and skipped; the others come out. */
static void
test_bad_record(void **state)
{
	static const char *const texts[] = {
		"id: a\n"		/* 1 */
		"---\n"			/* 2 */
		"name: Zelda\n"		/* 3: no id */
		"---\n"			/* 4 */
		"id: c\n"		/* 5 */
		"---\n"			/* 6 */
		"id: d\n"		/* 7 */
		"ref: *nowhere\n"	/* 8: bad YAML-wise */
		"---\n"			/* 9 */
		"id: e\n",		/* 10 */
	};
	struct filter f = test_filter(FORMAT_YAML, 1);
	char names[1][64], *argv[1], want[512];
	struct run r;

	(void)state;
	make_files(texts, 1, names, argv);
	r = run_files(&f, argv, 1);
	remove_files(names, 1);
	assert_int_equal(r.status, 65);
	assert_string_equal(r.out,
	    "---\nid: a\nseen:\n  of: a\n"
	    "---\nid: c\nseen:\n  of: c\n"
	    "---\nid: e\nseen:\n  of: e\n");
	snprintf(want, sizeof(want),
	    "test: %s:3:1: no id\n"
	    "test: %s:8:6: alias to an unknown anchor (id d)\n", names[0], names[0]);
	assert_string_equal(r.err, want);
	run_free(&r);
}

/* Invalid YAML ends its file; what came before comes out, and the next file. */
static void
test_broken_stream(void **state)
{
	static const char *const texts[] = {
		"id: a\n---\nid: b\n---\nid: X-2\nbad: [\n---\nid: c\n",
		"id: d\n",
	};
	struct filter f = test_filter(FORMAT_YAML, 1);
	char names[2][64], *argv[2];
	struct run r;

	(void)state;
	make_files(texts, 2, names, argv);
	r = run_files(&f, argv, 2);
	remove_files(names, 2);
	assert_int_equal(r.status, 65);
	assert_string_equal(r.out,
	    "---\nid: a\nseen:\n  of: a\n"
	    "---\nid: b\nseen:\n  of: b\n"
	    "---\nid: d\nseen:\n  of: d\n");
	assert_contains(r.err, names[0]);
	assert_contains(r.err, "invalid YAML");
	assert_not_contains(r.err, names[1]);
	/* One message: the stream ends at its first error. */
	assert_ptr_equal(strchr(r.err, '\n'), r.err + strlen(r.err) - 1);
	run_free(&r);
}

static void
test_missing_file(void **state)
{
	static const char *const texts[] = {"id: a\n", "id: b\n---\nnot: ok\n"};
	struct filter f = test_filter(FORMAT_YAML, 1);
	char names[2][64], *argv[4], dir[64];
	struct run r;

	(void)state;
	make_files(texts, 2, names, argv);
	temp_dir(dir);
	argv[2] = argv[1];
	argv[1] = "/nonexistent/derma-unit.yaml";
	argv[3] = dir;
	r = run_files(&f, argv, 4);
	remove_files(names, 2);
	remove_dir(dir);
	assert_int_equal(r.status, 66);	/* the largest of 65 and 66 */
	assert_string_equal(r.out,
	    "---\nid: a\nseen:\n  of: a\n---\nid: b\nseen:\n  of: b\n");
	assert_contains(r.err, "test: /nonexistent/derma-unit.yaml: ");
	assert_contains(r.err, "No such file");
	assert_contains(r.err, ":3:1: no id\n");
	assert_contains(r.err, dir);
	assert_contains(r.err, "directory");
	run_free(&r);
}

/* The block already in a record is replaced where it is. */
static void
test_block_replaced(void **state)
{
	static const char *const texts[] = {
		"id: a\nseen: {of: old, extra: 1}\nz: 1\n"
		"---\n"
		"seen: stale\nid: b\n"
		"---\n"
		"id: c\nseen:\n  of: old\n",
	};
	struct filter f = test_filter(FORMAT_YAML, 1);
	char names[1][64], *argv[1];
	struct run r, again;
	char again_name[64];

	(void)state;
	make_files(texts, 1, names, argv);
	r = run_files(&f, argv, 1);
	remove_files(names, 1);
	assert_int_equal(r.status, 0);
	assert_string_equal(r.out,
	    "---\nid: a\nseen:\n  of: a\nz: 1\n"
	    "---\nseen:\n  of: b\nid: b\n"
	    "---\nid: c\nseen:\n  of: c\n");
	/* Run on its own output: the same again. */
	temp_file(r.out, r.outlen, again_name);
	argv[0] = again_name;
	again = run_files(&f, argv, 1);
	unlink(again_name);
	assert_string_equal(again.out, r.out);
	run_free(&r);
	run_free(&again);
}

/*
 * Another key that is an alias of the old block keeps the old block's
 * value, and the output stays valid YAML for the next tool.
 */
static void
test_block_replaced_alias(void **state)
{
	static const char *const texts[] = {
		"id: a\nseen: &old {of: stale}\ncopy: *old\n",
	};
	struct filter f = test_filter(FORMAT_YAML, 1);
	char names[1][64], *argv[1];
	struct arena *a = arena_new();
	struct node *doc = NULL;
	struct run r, j;
	struct diag d;
	enum parse_status st;
	char shown[512];
	int copy_ok, json_ok;

	(void)state;
	make_files(texts, 1, names, argv);
	r = run_files(&f, argv, 1);
	f.format = FORMAT_JSON;
	j = run_files(&f, argv, 1);
	remove_files(names, 1);
	diag_clear(&d);
	st = parse_string(r.out, r.outlen, "out", a, &doc, &d);
	copy_ok = st == PARSE_DOC &&
	    node_is_scalar(node_get(node_get(doc, "copy"), "of"), "stale") &&
	    node_is_scalar(node_get(node_get(doc, "seen"), "of"), "a");
	json_ok = strcmp(j.out, "{\"id\":\"a\",\"seen\":{\"of\":\"a\"},"
	    "\"copy\":{\"of\":\"stale\"}}\n") == 0;
	snprintf(shown, sizeof(shown), "%s(%s)\n%s", r.out,
	    st == PARSE_DOC ? "parsed" : d.msg, j.out);
	arena_free(a);
	run_free(&r);
	run_free(&j);
	if (!copy_ok || !json_ok)
		fail_msg("copy lost its value:\n%s", shown);
}

/* A stream of n records, ids R-0..., every 97th with no id. */
static char *
stream(int n, int json)
{
	struct buf b = {0};

	for (int i = 0; i < n; i++) {
		if (json)
			buf_printf(&b, "{\"%s\": \"R-%d\", \"name\": \"Patient %d\", "
			    "\"n\": %d, \"list\": [\"a\", \"b\", {\"c\": \"d\"}], "
			    "\"note\": \"line one\\nline two\"}\n",
			    i % 97 == 5 ? "ib" : "id", i, i, i);
		else
			buf_printf(&b, "---\n%s: %s-%d\nname: Patient %d\nn: %d\n"
			    "skin: {fitzpatrick: %d, concerns: [acne-scars]}\n"
			    "note: |\n  line one\n  line two\n",
			    i % 97 == 5 ? "ib" : "id", i % 89 == 3 ? "X" : "R", i, i,
			    i, i % 6 + 1);
	}
	return (char *)buf_str(&b);
}

/* jobs = 1 and jobs = 3 give the same bytes, status and messages. */
static void
test_jobs_same_output(void **state)
{
	static const struct format *const formats[] = {FORMAT_YAML, FORMAT_JSON};
	char *yaml = stream(3000, 0), *json = stream(3000, 1);
	char *broken;
	char names[3][64], *argv[3];

	(void)state;
	assert_true(strlen(yaml) > 2 * 128 * 1024);
	assert_true(strlen(json) > 2 * 128 * 1024);
	/* A third file whose stream breaks half way, after a few chunks. */
	{
		struct buf b = {0};
		const char *half = strstr(yaml + strlen(yaml) / 2, "---\n");

		assert_non_null(half);
		buf_add(&b, yaml, (size_t)(half - yaml));
		buf_puts(&b, "---\nid: broken\nbad: [\n");
		buf_puts(&b, half);
		broken = (char *)buf_str(&b);
	}
	{
		const char *texts[] = {yaml, json, broken};

		make_files(texts, 3, names, argv);
	}
	for (size_t k = 0; k < NELEM(formats); k++) {
		struct filter f1 = test_filter(formats[k], 1);
		struct filter f3 = test_filter(formats[k], 3);
		struct run r1 = run_files(&f1, argv, 3), r3 = run_files(&f3, argv, 3);
		const char *mark = formats[k] == FORMAT_YAML ? "of: " : "\"of\":";
		size_t records = 0;

		assert_int_equal(r1.status, 65);
		assert_int_equal(r3.status, r1.status);
		assert_int_equal(r3.outlen, r1.outlen);
		assert_memory_equal(r3.out, r1.out, r1.outlen);
		assert_string_equal(r3.err, r1.err);
		/* The good records of the first two files, and part of the third. */
		for (const char *p = r1.out; (p = strstr(p, mark)) != NULL; p++)
			records++;
		assert_true(records > 2 * (3000 - 31));
		assert_true(records < 3 * (3000 - 31));
		assert_contains(r1.err, "invalid YAML");
		assert_contains(r1.err, names[2]);
		run_free(&r1);
		run_free(&r3);
	}
	remove_files(names, 3);
	free(broken);
	free(json);
	free(yaml);
}

/* The records of a big stream all come out, in order, with any jobs. */
static void
test_jobs_order(void **state)
{
	char *yaml = stream(2500, 0);
	char names[1][64], *argv[1];
	int jobs[] = {1, 3, 8};

	(void)state;
	{
		const char *texts[] = {yaml};

		make_files(texts, 1, names, argv);
	}
	for (size_t k = 0; k < NELEM(jobs); k++) {
		struct filter f = test_filter(FORMAT_TEXT, jobs[k]);
		struct run r = run_files(&f, argv, 1);
		const char *p = r.out;
		int bad = 0;

		assert_true(strlen(yaml) > 2 * 128 * 1024);
		for (int i = 0; i < 2500; i++) {
			char line[32];

			if (i % 97 == 5) {
				bad++;
				continue;
			}
			snprintf(line, sizeof(line), "%s-%d\n", i % 89 == 3 ? "X" : "R", i);
			if (strncmp(p, line, strlen(line)) != 0)
				fail_msg("jobs %d: record %d: got %.20s", jobs[k], i, p);
			p += strlen(line);
		}
		assert_int_equal(*p, '\0');
		assert_int_equal(r.status, 65);
		/* One message per bad record, in order. */
		{
			int msgs = 0;

			for (const char *q = r.err; (q = strchr(q, '\n')) != NULL; q++)
				msgs++;
			assert_int_equal(msgs, bad);
		}
		run_free(&r);
	}
	remove_files(names, 1);
	free(yaml);
}

/* "-" and no file at all read standard input, named <stdin>. */
static void
test_stdin(void **state)
{
	static const char s[] = "id: a\n---\nnope: 1\n";
	struct filter f = test_filter(FORMAT_TEXT, 1);
	char *dash[] = {"-"};
	int saved = dup(STDIN_FILENO);
	struct run r;

	(void)state;
	for (int k = 0; k < 2; k++) {
		int fd = string_fd(s, strlen(s));

		dup2(fd, STDIN_FILENO);
		close(fd);
		r = run_files(&f, dash, k);
		assert_string_equal(r.out, "a\n");
		assert_string_equal(r.err, "test: <stdin>:3:1: no id\n");
		assert_int_equal(r.status, 65);
		run_free(&r);
	}
	dup2(saved, STDIN_FILENO);
	close(saved);
}

/* A record over the limit is skipped; memory does not hold it. */
static void
test_record_limit(void **state)
{
	struct filter f = test_filter(FORMAT_TEXT, 1);
	struct buf b = {0};
	char names[1][64], *argv[1];
	struct run r;

	(void)state;
	f.limits.record = 4096;
	buf_puts(&b, "id: a\n---\nid: big\nnote: |\n");
	for (int i = 0; i < 1000; i++)
		buf_puts(&b, "  0123456789012345678901234567890123456789\n");
	buf_puts(&b, "---\nid: c\n");
	{
		const char *texts[] = {buf_str(&b)};

		make_files(texts, 1, names, argv);
	}
	r = run_files(&f, argv, 1);
	remove_files(names, 1);
	assert_string_equal(r.out, "a\nc\n");
	assert_contains(r.err, ":2:1: record over");
	assert_int_equal(r.status, 65);
	run_free(&r);
	buf_free(&b);
}

/*
 * With standard input closed, "-" is an input that cannot be read, not
 * the file that took descriptor 0 before it, read again.
 */
static void
test_stdin_closed(void **state)
{
	static const char *const texts[] = {"id: a\n"};
	struct filter f = test_filter(FORMAT_TEXT, 1);
	char names[1][64], *argv[3];
	FILE *out = tmpfile(), *err = tmpfile();
	int saved = dup(STDIN_FILENO), status;
	char *o, *e;

	(void)state;
	assert_non_null(out);
	assert_non_null(err);
	make_files(texts, 1, names, argv);
	argv[1] = "-";
	argv[2] = names[0];
	close(STDIN_FILENO);
	status = filter_run(&f, argv, 3, out, err);
	dup2(saved, STDIN_FILENO);
	close(saved);
	remove_files(names, 1);
	o = read_stream(out, NULL);
	e = read_stream(err, NULL);
	fclose(out);
	fclose(err);
	assert_string_equal(o, "a\na\n");
	assert_string_equal(e, "test: <stdin>: cannot read: standard input is closed\n");
	assert_int_equal(status, 74);
	free(o);
	free(e);
}

/* A writer of records without end, to a pipe, until the reader is gone. */
static void *
endless(void *arg)
{
	static const char rec[] = "---\nid: a\nnote: a record among many\n";
	int fd = *(int *)arg;

	while (write(fd, rec, sizeof(rec) - 1) > 0)
		;
	close(fd);
	return NULL;
}

/* After a write error, nothing more is read: an endless input ends. */
static void
test_write_error_stops(void **state)
{
	int jobs[] = {1, 4};

	(void)state;
	for (size_t k = 0; k < NELEM(jobs); k++) {
		struct filter f = test_filter(FORMAT_YAML, jobs[k]);
		FILE *full = fopen("/dev/full", "w"), *err = tmpfile();
		int saved = dup(STDIN_FILENO), fds[2], status;
		pthread_t th;
		char *e;

		if (full == NULL) {
			skip();
			return;
		}
		assert_int_equal(pipe(fds), 0);
		assert_int_equal(pthread_create(&th, NULL, endless, &fds[1]), 0);
		dup2(fds[0], STDIN_FILENO);
		close(fds[0]);
		alarm(60);	/* a run that never stops fails the test */
		status = filter_run(&f, NULL, 0, full, err);
		alarm(0);
		dup2(saved, STDIN_FILENO);	/* the writer's pipe closes */
		close(saved);
		pthread_join(th, NULL);
		fclose(full);
		e = read_stream(err, NULL);
		fclose(err);
		assert_int_equal(status, 74);
		assert_contains(e, "test: write error");
		free(e);
	}
}

/*
 * UTF-16 with a byte order mark is read, as libyaml reads it, and written
 * as UTF-8; without one it is refused with a reason.  The next input is
 * read all the same.
 */
static void
test_utf16(void **state)
{
	static const char le[] = "\xff\xfei\0d\0:\0 \0a\0\n\0-\0-\0-\0\n\0"
	    "i\0d\0:\0 \0\xe9\0\n\0";		/* a second, "é" */
	static const char be[] = "\xfe\xff\0i\0d\0:\0 \xd8\x3d\xde\x00\0\n";	/* U+1F600 */
	static const char nobom[] = "i\0d\0:\0 \0a\0\n\0";
	static const char half[] = "\xff\xfei\0d\0:\0 \0a\0\n\0-\0-\0-\0\n\0"
	    "i\0d\0:\0 \0\x00\xd8\n\0";	/* a high surrogate alone */
	struct filter f = test_filter(FORMAT_JSON, 1);
	char names[5][64], *argv[5];
	char want[512];
	struct run r;

	(void)state;
	temp_file(le, sizeof(le) - 1, names[0]);
	temp_file(be, sizeof(be) - 1, names[1]);
	temp_file(nobom, sizeof(nobom) - 1, names[2]);
	temp_file(half, sizeof(half) - 1, names[3]);
	temp_file("id: b\n", 6, names[4]);
	for (int i = 0; i < 5; i++)
		argv[i] = names[i];
	r = run_files(&f, argv, 5);
	remove_files(names, 5);
	assert_string_equal(r.out,
	    "{\"id\":\"a\",\"seen\":{\"of\":\"a\"}}\n"
	    "{\"id\":\"\xc3\xa9\",\"seen\":{\"of\":\"\xc3\xa9\"}}\n"
	    "{\"id\":\"\xf0\x9f\x98\x80\",\"seen\":{\"of\":\"\xf0\x9f\x98\x80\"}}\n"
	    "{\"id\":\"a\",\"seen\":{\"of\":\"a\"}}\n"
	    "{\"id\":\"b\",\"seen\":{\"of\":\"b\"}}\n");
	assert_int_equal(r.status, 65);
	snprintf(want, sizeof(want), "test: %s:1:1: UTF-16 or UTF-32 without a "
	    "byte order mark is not supported: convert it to UTF-8\n", names[2]);
	assert_contains(r.err, want);
	snprintf(want, sizeof(want), "test: %s:3:5: invalid YAML: invalid "
	    "Unicode character\n", names[3]);
	assert_contains(r.err, want);
	run_free(&r);
}

/*
 * Records over a megabyte, among small ones, come out in order with any
 * jobs: the main thread takes them, once the threads wrote what came
 * before.
 */
static void
test_big_records(void **state)
{
	struct buf b = {0};
	char names[1][64], *argv[1];
	struct run r1, r4;
	struct filter f1 = test_filter(FORMAT_YAML, 1), f4 = test_filter(FORMAT_YAML, 4);

	(void)state;
	for (int i = 0; i < 4000; i++) {
		buf_printf(&b, "---\nid: R-%d\n", i);
		if (i % 1000 == 500) {
			buf_puts(&b, "notes:\n");
			for (int k = 0; k < 30000; k++)
				buf_puts(&b, "- a line of a very long note, sixty bytes or so.\n");
		}
	}
	{
		const char *texts[] = {buf_str(&b)};

		make_files(texts, 1, names, argv);
	}
	r1 = run_files(&f1, argv, 1);
	r4 = run_files(&f4, argv, 1);
	remove_files(names, 1);
	assert_int_equal(r1.status, 0);
	assert_int_equal(r4.status, 0);
	assert_string_equal(r1.err, "");
	assert_string_equal(r4.err, "");
	assert_true(r1.outlen > b.len);
	assert_int_equal(r4.outlen, r1.outlen);
	assert_memory_equal(r4.out, r1.out, r1.outlen);
	run_free(&r1);
	run_free(&r4);
	buf_free(&b);
}

/* --- the output stage: a tool's formats, summaries and collect() ------- */

/*
 * A tool that sums: each record's summary is its id, of any length, so
 * that the summaries' padding varies; ids starting with B are bad.
 */
static int
process_sum(void *ctx, struct record *rec, struct diag *d)
{
	const struct node *id = node_get(rec->doc, "id");

	(void)ctx;
	if (id == NULL || id->kind != NODE_SCALAR || id->text[0] == 'B') {
		diag_set(d, DIAG_DATA, rec->doc->line, rec->doc->col, "bad");
		return -1;
	}
	rec->data = (void *)id->text;
	if (rec->summary != NULL && buf_add(rec->summary, id->text, id->len) == -1)
		return -1;
	return 0;
}

struct collected {
	size_t n;
	struct buf seen;	/* the summaries, each then a blank */
};

static int
collect_ids(void *sink, const void *sum, size_t n, const char *skipped_id,
    struct buf *out, struct buf *err)
{
	struct collected *c = sink;

	(void)err;
	if (sum == NULL)	/* a record skipped, in its place, by its id */
		return buf_printf(&c->seen, "-%s ", skipped_id != NULL ?
		    skipped_id : "") == 0 ? 0 : DIAG_INTERNAL;
	c->n++;
	/* Each summary is whole: the id, nothing before or after it. */
	if (buf_add(&c->seen, sum, n) == -1 || buf_putc(&c->seen, ' ') == -1)
		return DIAG_INTERNAL;
	return buf_printf(out, "<%.*s>\n", (int)n, (const char *)sum) == 0 ? 0 :
	    DIAG_INTERNAL;
}

static int
text_id(void *ctx, const struct record *rec, int color, struct buf *out)
{
	(void)ctx;
	(void)color;
	return buf_printf(out, "%s\n", (const char *)rec->data);
}

static int
skipped_line(void *ctx, const struct skipped *s, int color, struct buf *out)
{
	(void)ctx;
	(void)color;
	return buf_printf(out, "skipped %s:%lu\n", s->id ? s->id : "-", s->line);
}

static int
begin_mark(void *sink, struct buf *out)
{
	(void)sink;
	return buf_puts(out, "BEGIN\n") == 0 ? 0 : DIAG_INTERNAL;
}

static int
end_mark(void *sink, struct buf *out, struct buf *err)
{
	const struct collected *c = sink;

	buf_printf(err, "end: %zu collected\n", c->n);
	return buf_puts(out, "END\n") == 0 ? 0 : DIAG_INTERNAL;
}

static const struct format summing = {"sum", text_id, skipped_line,
    begin_mark, end_mark, 0};

/*
 * collect() gets every written record's summary, whole, in input order,
 * right after the record's output; begin() and end() come once, first and
 * last; a skipped record has its line in place and no summary (collect()
 * is given NULL in its place), also the last of a chunk after a summary
 * that needs padding.
 */
static void
test_collect(void **state)
{
	struct buf text = {0}, want = {0}, ids = {0};
	char name[64], *argv[1];
	int jobs[] = {1, 3};

	(void)state;
	assert_int_equal(buf_puts(&want, "BEGIN\n"), 0);
	for (int i = 0; i < 3000; i++) {
		char id[32];
		int len = 1 + i % 13;

		snprintf(id, sizeof(id), "%c%0*d", i % 7 == 6 ? 'B' : 'P', len, i);
		buf_printf(&text, "---\nid: %s\n", id);
		if (id[0] == 'B') {
			buf_printf(&want, "skipped %s:%d\n", id, 2 * i + 2);
			buf_printf(&ids, "-%s ", id);
			continue;
		}
		buf_printf(&want, "%s\n<%s>\n", id, id);
		buf_printf(&ids, "%s ", id);
	}
	/* The last is bad: no summary of its own, nothing read past the last. */
	buf_puts(&text, "---\nid: B-last\n");
	buf_printf(&want, "skipped B-last:6002\n");
	buf_puts(&ids, "-B-last ");
	assert_int_equal(buf_puts(&want, "END\n"), 0);
	temp_file(text.p, text.len, name);
	argv[0] = name;
	for (size_t k = 0; k < NELEM(jobs); k++) {
		struct filter f = test_filter(&summing, jobs[k]);
		struct collected *c = calloc(1, sizeof(*c));
		struct run r;

		f.process = process_sum;
		f.collect = collect_ids;
		f.sink = c;
		r = run_files(&f, argv, 1);
		assert_int_equal(r.status, DIAG_DATA);
		assert_string_equal(r.out, buf_str(&want));
		/* Every good id, once, in order, and each skipped one's place. */
		assert_int_equal(c->n, 3000 - 3000 / 7);
		assert_string_equal(buf_str(&c->seen), buf_str(&ids));
		assert_contains(r.err, "end: 2572 collected");
		run_free(&r);
		buf_free(&c->seen);
		free(c);
	}
	unlink(name);
	buf_free(&text);
	buf_free(&want);
	buf_free(&ids);
}

/*
 * A stream that breaks (invalid YAML) in its last record: that record is
 * one skipped for collect(), with the id read before the break, so that
 * a report counts it as it counts a bad record.
 */
static void
test_collect_broken(void **state)
{
	static const char text[] = "id: P1\n---\nid: P2\nbad: [\n";
	char name[64], *argv[1];
	int jobs[] = {1, 3};

	(void)state;
	temp_file(text, sizeof(text) - 1, name);
	argv[0] = name;
	for (size_t k = 0; k < NELEM(jobs); k++) {
		struct filter f = test_filter(&summing, jobs[k]);
		struct collected *c = calloc(1, sizeof(*c));
		struct run r;

		f.process = process_sum;
		f.collect = collect_ids;
		f.sink = c;
		r = run_files(&f, argv, 1);
		assert_int_equal(r.status, DIAG_DATA);
		assert_contains(r.err, "invalid YAML");
		assert_string_equal(buf_str(&c->seen), "P1 -P2 ");
		run_free(&r);
		buf_free(&c->seen);
		free(c);
	}
	unlink(name);
}

/* A block goes only in a mapping, whatever process() made of it. */
static void
test_block_needs_mapping(void **state)
{
	static const char *const texts[] = {"- id: a\n---\nid: b\n"};
	char names[1][64], *argv[1];
	struct filter f = test_filter(FORMAT_YAML, 1);
	struct run r;

	(void)state;
	make_files(texts, 1, names, argv);
	f.process = process_any;
	r = run_files(&f, argv, 1);
	assert_int_equal(r.status, DIAG_DATA);
	assert_contains(r.err, "1:1: record: expected a mapping of keys");
	assert_string_equal(r.out, "---\nid: b\nseen: any\n");
	run_free(&r);
	remove_files(names, 1);
}

/* Writes the records whose id starts with P only. */
static int
text_p(void *ctx, const struct record *rec, int color, struct buf *out)
{
	const char *id = rec->data;

	(void)ctx;
	(void)color;
	return id[0] == 'P' ? buf_printf(out, "%s\n", id) : 0;
}

static int
end_plain(void *sink, struct buf *out, struct buf *err)
{
	(void)sink;
	(void)err;
	return buf_puts(out, "END\n") == 0 ? 0 : DIAG_INTERNAL;
}

static const struct format lazy = {"lazy", text_p, NULL, begin_mark,
    end_plain, 1};

/*
 * A lazy format's begin() is written before the first record's output,
 * not before the first record; with no output, neither it nor end()'s.
 */
static void
test_lazy(void **state)
{
	static const char *const texts[] = {
		"id: a\n---\nid: b\n",
		"id: a\n---\nid: P1\n---\nid: P2\n",
	};
	static const char *const want[] = {"", "BEGIN\nP1\nP2\nEND\n"};
	char names[2][64], *argv[2];

	(void)state;
	make_files(texts, 2, names, argv);
	for (int jobs = 1; jobs <= 3; jobs += 2) {
		for (int i = 0; i < 2; i++) {
			struct filter f = test_filter(&lazy, jobs);
			struct run r = run_files(&f, argv + i, 1);

			assert_int_equal(r.status, 0);
			assert_string_equal(r.out, want[i]);
			run_free(&r);
		}
	}
	remove_files(names, 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_percent_line_in_flow),
		cmocka_unit_test(test_end_marker_then_junk),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_records_unchanged),
		cmocka_unit_test(test_bad_record),
		cmocka_unit_test(test_broken_stream),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_block_replaced),
		cmocka_unit_test(test_block_replaced_alias),
		cmocka_unit_test(test_jobs_same_output),
		cmocka_unit_test(test_jobs_order),
		cmocka_unit_test(test_stdin),
		cmocka_unit_test(test_record_limit),
		cmocka_unit_test(test_stdin_closed),
		cmocka_unit_test(test_write_error_stops),
		cmocka_unit_test(test_utf16),
		cmocka_unit_test(test_big_records),
		cmocka_unit_test(test_collect),
		cmocka_unit_test(test_collect_broken),
		cmocka_unit_test(test_block_needs_mapping),
		cmocka_unit_test(test_lazy),
	};

	/* A pipe's writer whose reader is gone gets EPIPE, not a signal. */
	signal(SIGPIPE, SIG_IGN);

	return cmocka_run_group_tests(tests, NULL, NULL);
}
