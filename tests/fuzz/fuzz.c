/* The fuzz targets' shared harness: see fuzz.h. */
#define _GNU_SOURCE
#include "fuzz.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "diag.h"
#include "filter.h"

uint64_t
fuzz_hash(const uint8_t *data, size_t size)
{
	uint64_t h = 0xcbf29ce484222325u;	/* FNV-1a */

	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 0x100000001b3u;
	return h ^ (h >> 29);
}

uint64_t
fuzz_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15u);	/* splitmix64 */

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

const struct derma_data *
fuzz_data(void)
{
	static struct derma_data dd;
	static int loaded;
	struct diag d;

	if (loaded)
		return &dd;
	/* A pipe whose reader went away is an error, not a signal. */
	signal(SIGPIPE, SIG_IGN);
	/* The Date: of the messages, the same in every run. */
	setenv("SOURCE_DATE_EPOCH", "1795000000", 1);
	diag_clear(&d);
	if (data_load(&dd, FUZZ_DATADIR, FUZZ_DATADIR "/config.example.yaml",
	    DATA_RULES | DATA_PLAN | DATA_AFTERCARE, &d) == -1) {
		fprintf(stderr, "fuzz: cannot load %s: %s\n", FUZZ_DATADIR, d.msg);
		abort();
	}
	loaded = 1;
	return &dd;
}

date_t
fuzz_day(uint64_t opts)
{
	static const int days[][3] = {
		{2026, 11, 25}, {2026, 11, 25}, {2026, 11, 25}, {2026, 11, 25},
		{2026, 12, 24}, {2025, 1, 1}, {2027, 7, 19}, {2031, 2, 28},
	};
	const int *d = days[opts % 8];

	return date_from_ymd(d[0], d[1], d[2]);
}

/* --- the pipe ----------------------------------------------------------- */

struct fuzz_feed {
	pthread_t thread;
	int rfd, wfd;
	const uint8_t *p;
	size_t n;
	uint64_t seed;
	atomic_int done;
};

static void *
writer(void *arg)
{
	struct fuzz_feed *f = arg;
	static const size_t most[] = {0, 3, 64, 4096};
	uint64_t st = f->seed;
	/* Seed 0: all at once. */
	size_t max = f->seed == 0 ? 0 : most[fuzz_rand(&st) % 4];
	size_t off = 0, pieces = 0;

	while (off < f->n && !atomic_load(&f->done)) {
		size_t len = f->n - off;
		ssize_t w;

		/* Small pieces for the first 64 writes, then the rest: each waits
		 * for the reader, which a loaded machine makes slow. */
		if (max > 0 && pieces < 64) {
			size_t r = 1 + fuzz_rand(&st) % max;

			len = r < len ? r : len;
		}
		if ((w = write(f->wfd, f->p + off, len)) == -1) {
			if (errno == EINTR)
				continue;
			break;
		}
		off += (size_t)w;
		pieces++;
		/* The next piece once this one was read: each read ends here. */
		while (max > 0 && !atomic_load(&f->done)) {
			int q = 0;

			if (ioctl(f->wfd, FIONREAD, &q) == -1 || q == 0)
				break;
			sched_yield();
		}
	}
	close(f->wfd);
	return NULL;
}

struct fuzz_feed *
fuzz_feed_start(const uint8_t *data, size_t size, uint64_t seed, int fd)
{
	struct fuzz_feed *f = calloc(1, sizeof(*f));
	int p[2];

	if (f == NULL)
		return NULL;
	if (pipe(p) == -1) {
		free(f);
		return NULL;
	}
	if (dup2(p[0], fd) == -1) {
		close(p[0]);
		close(p[1]);
		free(f);
		return NULL;
	}
	close(p[0]);
	f->rfd = fd;
	f->wfd = p[1];
	f->p = data;
	f->n = size;
	f->seed = seed;
	atomic_init(&f->done, 0);
	if (pthread_create(&f->thread, NULL, writer, f) != 0) {
		close(f->rfd);
		close(f->wfd);
		free(f);
		return NULL;
	}
	return f;
}

void
fuzz_feed_end(struct fuzz_feed *f)
{
	if (f == NULL)
		return;
	atomic_store(&f->done, 1);
	close(f->rfd);		/* a writer blocked in write() gets EPIPE */
	pthread_join(f->thread, NULL);
	free(f);
}

/* --- a tool ------------------------------------------------------------- */

size_t
fuzz_nformats(const struct fuzz_tool *t)
{
	size_t n = 0;

	while (t->tool->formats != NULL && t->tool->formats[n] != NULL)
		n++;
	return n + (t->tool->block != NULL ? 2 : 0);
}

const struct format *
fuzz_format(const struct fuzz_tool *t, size_t i)
{
	size_t n = fuzz_nformats(t), own = 0;

	while (t->tool->formats != NULL && t->tool->formats[own] != NULL)
		own++;
	i %= n;
	if (i < own)
		return t->tool->formats[i];
	return i == own ? &filter_yaml : &filter_json;
}

static void
take(struct buf *b, char *p, size_t n)
{
	b->p = p;
	b->len = n;
	b->cap = n + 1;
}

void
fuzz_run_tool(const struct fuzz_tool *t, const struct format *fmt, int jobs,
    uint64_t opts, int nfiles, uint64_t seed, const uint8_t *data,
    size_t size, struct fuzz_result *res)
{
	static struct front fr;
	const struct front_tool *tool = t->tool;
	struct fuzz_feed *feeds[3] = {NULL, NULL, NULL};
	char names[3][32], *files[3];
	char *outp = NULL, *errp = NULL;
	size_t outn = 0, errn = 0;
	FILE *out, *err, *saved_out = stdout, *saved_err = stderr;
	int status;

	memset(&fr, 0, sizeof(fr));
	fr.data = *fuzz_data();
	fr.tool = tool;
	fr.date = fuzz_day(opts);
	fr.format = fmt;
	fr.format_given = 1;
	fr.jobs = jobs;
	fr.color = (opts >> 3) & 1;
	t->setup(&fr, opts >> 4);
	out = open_memstream(&outp, &outn);
	err = open_memstream(&errp, &errn);
	if (out == NULL || err == NULL)
		abort();
	/* What the tools print themselves goes where the filter's does. */
	stdout = out;
	stderr = err;
	status = tool->prepare != NULL ? tool->prepare(&fr) : 0;
	if (status == 0 && !fr.done) {
		struct filter f = {
			.prog = tool->prog, .block = tool->block,
			.format = fr.format, .jobs = fr.jobs,
			.color = fr.color, .limits = limits_default,
			.process = tool->process, .ctx = tool->ctx,
			.collect = tool->collect, .sink = tool->sink,
			.progress = tool->progress, .quiet = tool->quiet,
		};

		if (nfiles < 1 || nfiles > 3)
			nfiles = 1;
		for (int i = 0; i < nfiles; i++) {
			snprintf(names[i], sizeof(names[i]), "/dev/fd/%d", 100 + i);
			files[i] = names[i];
			if ((feeds[i] = fuzz_feed_start(data, size, seed + (uint64_t)i,
			    100 + i)) == NULL)
				abort();
		}
		status = filter_run(&f, files, nfiles, out, err);
		for (int i = 0; i < nfiles; i++)
			fuzz_feed_end(feeds[i]);
		if (tool->finish != NULL) {
			int own = tool->finish(&fr, status);

			status = own > status ? own : status;
		}
	}
	stdout = saved_out;
	stderr = saved_err;
	fclose(out);
	fclose(err);
	take(&res->out, outp, outn);
	take(&res->err, errp, errn);
	res->status = status;
}

void
fuzz_result_free(struct fuzz_result *res)
{
	buf_free(&res->out);
	buf_free(&res->err);
}
