#include "filter.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emit.h"
#include "patient.h"
#include "split.h"

#define CHUNK_TARGET (128 * 1024)
/*
 * The bytes of input the pool may hold at once, queued, being processed or
 * waiting to be written (one chunk always): 4 x jobs chunks of up to
 * BIG_CHUNK each must not make memory grow with the number of threads.
 */
#define POOL_BYTES (16 * 1024 * 1024)
/* A result buffer bigger than this is freed once written, not kept. */
#define KEEP_MAX (1024 * 1024)
/*
 * A chunk bigger than this (chunks are cut at about CHUNK_TARGET, so it
 * holds a record that big) is processed by the main thread, once the
 * pool wrote what came before it: memory for big records is then that of
 * one, not of one per thread, whose allocator keeps what it freed.
 */
#define BIG_CHUNK (1024 * 1024)

struct pool;

/* What processing one chunk gives: written in input order. */
struct result {
	struct buf out;		/* the records */
	struct buf err;		/* the messages */
	int status;
	int broken;		/* the stream ended in an error here */
};

/* A worker's own state, reused from chunk to chunk. */
struct worker {
	const struct filter *f;
	struct docs *docs;
	struct arena *arena;
	struct yaml_writer *yaml;	/* made when first needed */
	struct pool *pool;
};

static int
max(int a, int b)
{
	return a > b ? a : b;
}

static void
report(const struct filter *f, struct result *res, const struct diag *d)
{
	if (diag_format(d, f->prog, &res->err) == -1)
		res->status = max(res->status, DIAG_INTERNAL);
	res->status = max(res->status, (int)d->kind);
}

/* Writes a processed record in the filter's format; -1 with d filled. */
static int
write_record(struct worker *w, struct record *rec, struct buf *out,
    struct diag *d)
{
	const struct filter *f = w->f;
	size_t mark = out->len;
	int r;

	switch (f->format) {
	case FORMAT_YAML:
		if (w->yaml == NULL && (w->yaml = yaml_writer_new()) == NULL) {
			diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
			return -1;
		}
		if ((r = yaml_writer_doc(w->yaml, rec->doc, out, d)) == -1) {
			/* A writer that failed is spent: the next gets a new one. */
			yaml_writer_free(w->yaml);
			w->yaml = NULL;
		}
		break;
	case FORMAT_JSON:
		r = emit_json_within(rec->doc, &f->limits, out, d);
		break;
	default:
		if ((r = f->text(f->ctx, rec, f->color, out)) == -1)
			diag_set(d, DIAG_INTERNAL, rec->doc->line, rec->doc->col,
			    "out of memory");
		break;
	}
	if (r == -1)
		out->len = mark;	/* no half record */
	return r;
}

/* One record: process it, put its block in, write it. */
static void
one_record(struct worker *w, struct node *doc, struct result *res,
    struct diag *d)
{
	const struct filter *f = w->f;
	struct record rec = {doc, w->arena, NULL, 0, NULL};
	const char *id = patient_id(doc);
	const struct node *twice;
	struct node *old = NULL;
	int r;

	if (id != NULL)
		snprintf(d->id, sizeof(d->id), "%s", id);
	if (f->process(f->ctx, &rec, d) == -1) {
		report(f, res, d);
		node_release(doc);
		return;
	}
	/* Two blocks: replacing one would leave the other, stale, behind. */
	if (rec.block != NULL && (twice = node_get_key_again(doc, f->block))) {
		diag_set(d, DIAG_DATA, twice->line, twice->col, "%s: given twice",
		    f->block);
		report(f, res, d);
		node_release(doc);
		return;
	}
	if (rec.block != NULL &&
	    (r = node_map_set(w->arena, doc, f->block, rec.block, &old)) != 0) {
		if (r == -2) {
			const struct node *k = node_get_key(doc, f->block);

			diag_set(d, DIAG_DATA, k->line, k->col, "%s: cannot be "
			    "replaced: an alias points into it and an anchor name "
			    "is given twice", f->block);
		} else {
			diag_set(d, DIAG_INTERNAL, doc->line, doc->col,
			    "out of memory");
		}
		report(f, res, d);
		node_release(doc);
		node_release(old);
		return;
	}
	r = write_record(w, &rec, &res->out, d);
	if (f->format != FORMAT_YAML || r == -1)
		node_release(doc);	/* writing YAML spent the strings */
	node_release(old);
	if (r == -1)
		report(f, res, d);
	else
		res->status = max(res->status, rec.status);
}

static void
process_chunk(struct worker *w, const struct chunk *c, struct result *res)
{
	struct diag d;

	diag_clear(&d);
	docs_start(w->docs, c);
	for (;;) {
		struct node *doc;

		arena_reset(w->arena);
		switch (docs_next(w->docs, w->arena, &doc, &d)) {
		case DOCS_END:
			return;
		case DOCS_DOC:
			one_record(w, doc, res, &d);
			break;
		case DOCS_BAD:
			report(w->f, res, &d);
			break;
		case DOCS_BROKEN:
		case DOCS_FAIL:
			report(w->f, res, &d);
			res->broken = 1;
			return;
		}
		d.id[0] = '\0';
	}
}

static int
worker_init(struct worker *w, const struct filter *f)
{
	w->f = f;
	w->docs = docs_new(&f->limits);
	w->arena = arena_new();
	return w->docs != NULL && w->arena != NULL ? 0 : -1;
}

static void
worker_fini(struct worker *w)
{
	docs_free(w->docs);
	arena_free(w->arena);
	yaml_writer_free(w->yaml);
}

/*
 * The pool: a ring of chunks in input order.  The main thread fills it and
 * writes the oldest once it is done; workers take chunks in order.
 * Counters only grow; a chunk's slot is its counter modulo cap.
 */
struct slot {
	struct chunk chunk;
	struct result res;
	int file;		/* index of the input */
	int done;
};

struct pool {
	pthread_mutex_t mu;
	pthread_cond_t work;	/* a chunk to take, or closing */
	pthread_cond_t done;	/* a chunk is done */
	struct slot *slots;
	size_t cap;
	size_t head;		/* oldest not yet written */
	size_t claim;		/* next to be taken */
	size_t tail;		/* next to fill */
	size_t bytes;		/* of the chunks from head to tail */
	int closing;
	pthread_t *threads;
	struct worker *workers;
	int nthreads;
};

/* The run: the outputs, and the state across inputs. */
struct run {
	const struct filter *f;
	FILE *out, *err;
	int status;
	int broken_file;	/* the input whose stream broke, or -1 */
	int out_failed;		/* writing to out failed: said once, then no more */
	struct worker inline_worker;
	struct result inline_res;	/* reused from chunk to chunk */
	struct pool *pool;
	int jobs;		/* threads to use; 1 after they failed to start */
	struct chunk held;	/* the first chunk, until a second shows */
	int held_file;
	int holding;
	int stdin_closed;	/* fd 0 was closed when the run began */
};

/* A write to out failed: say so once; what follows is not written. */
static void
output_failed(struct run *run)
{
	if (!run->out_failed)
		fprintf(run->err, "%s: write error: %s\n", run->f->prog,
		    strerror(errno));
	run->out_failed = 1;
	run->status = max(run->status, DIAG_IO);
}

static void
write_result(struct run *run, int file, struct result *res)
{
	if (file != run->broken_file) {
		if (res->out.len > 0 && !run->out_failed &&
		    fwrite(res->out.p, 1, res->out.len, run->out) != res->out.len)
			output_failed(run);
		if (res->err.len > 0) {
			if (!run->out_failed && fflush(run->out) == EOF)
				output_failed(run);
			fwrite(res->err.p, 1, res->err.len, run->err);
		}
		run->status = max(run->status, res->status);
		if (res->broken)
			run->broken_file = file;
	}
	/* The buffers are kept for the next chunk: no malloc churn, flat RSS;
	 * but not those a big record made big. */
	res->out.len = res->err.len = 0;
	res->status = res->broken = 0;
	if (res->out.cap > KEEP_MAX)
		buf_free(&res->out);
	if (res->err.cap > KEEP_MAX)
		buf_free(&res->err);
}

static void
result_free(struct result *res)
{
	buf_free(&res->out);
	buf_free(&res->err);
}

static void *
pool_thread(void *arg)
{
	struct worker *w = arg;
	struct pool *p = w->pool;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		struct slot *s;

		while (p->claim == p->tail && !p->closing)
			pthread_cond_wait(&p->work, &p->mu);
		if (p->claim == p->tail)
			break;
		s = &p->slots[p->claim++ % p->cap];
		pthread_mutex_unlock(&p->mu);
		process_chunk(w, &s->chunk, &s->res);
		pthread_mutex_lock(&p->mu);
		s->done = 1;
		pthread_cond_broadcast(&p->done);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

static void pool_stop(struct pool *p);

static struct pool *
pool_start(const struct filter *f, int n)
{
	struct pool *p = calloc(1, sizeof(*p));

	if (p == NULL)
		return NULL;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	p->cap = (size_t)n * 4;
	p->slots = calloc(p->cap, sizeof(*p->slots));
	p->threads = calloc((size_t)n, sizeof(*p->threads));
	p->workers = calloc((size_t)n, sizeof(*p->workers));
	if (p->slots == NULL || p->threads == NULL || p->workers == NULL) {
		pool_stop(p);
		return NULL;
	}
	for (int i = 0; i < n; i++) {
		struct worker *w = &p->workers[i];

		if (worker_init(w, f) == -1) {
			worker_fini(w);
			break;
		}
		w->pool = p;
		if (pthread_create(&p->threads[i], NULL, pool_thread, w) != 0) {
			worker_fini(w);
			break;
		}
		p->nthreads++;
	}
	if (p->nthreads == 0) {
		pool_stop(p);
		return NULL;
	}
	return p;
}

#define ALL ((size_t)-1)

/*
 * Writes the done chunks at the head, and waits for more until a chunk of
 * room bytes fits in the ring (a slot free, and the bytes within
 * POOL_BYTES, or the ring empty); with room ALL, until every chunk given
 * is written.
 */
static void
pool_write(struct run *run, size_t room)
{
	struct pool *p = run->pool;

	pthread_mutex_lock(&p->mu);
	while (p->head < p->tail) {
		struct slot *s = &p->slots[p->head % p->cap];
		size_t len;

		if (!s->done) {
			if (room != ALL && p->tail - p->head < p->cap &&
			    p->bytes <= POOL_BYTES && room <= POOL_BYTES - p->bytes)
				break;
			pthread_cond_wait(&p->done, &p->mu);
			continue;
		}
		pthread_mutex_unlock(&p->mu);
		write_result(run, s->file, &s->res);
		len = s->chunk.len;
		chunk_free(&s->chunk);
		pthread_mutex_lock(&p->mu);
		s->done = 0;
		p->bytes -= len;
		p->head++;
	}
	pthread_mutex_unlock(&p->mu);
}

static void
pool_submit(struct run *run, struct chunk *c, int file)
{
	struct pool *p = run->pool;
	struct slot *s;

	pool_write(run, c->len);	/* makes room: waits while there is none */
	pthread_mutex_lock(&p->mu);
	s = &p->slots[p->tail % p->cap];
	s->chunk = *c;
	s->file = file;
	s->done = 0;
	p->bytes += c->len;
	p->tail++;
	pthread_cond_signal(&p->work);
	pthread_mutex_unlock(&p->mu);
}

static void
pool_stop(struct pool *p)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->mu);
	p->closing = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->mu);
	for (int i = 0; i < p->nthreads; i++) {
		pthread_join(p->threads[i], NULL);
		worker_fini(&p->workers[i]);
	}
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->work);
	pthread_cond_destroy(&p->done);
	for (size_t i = 0; i < p->cap; i++)
		result_free(&p->slots[i].res);
	free(p->slots);
	free(p->threads);
	free(p->workers);
	free(p);
}

static void
run_inline(struct run *run, struct chunk *c, int file)
{
	process_chunk(&run->inline_worker, c, &run->inline_res);
	write_result(run, file, &run->inline_res);
	chunk_free(c);
}

/*
 * Hands a chunk on.  Threads start only once a second chunk shows, so
 * small inputs are processed inline.
 */
static void
submit(struct run *run, struct chunk *c, int file)
{
	if (run->jobs <= 1 || c->len > BIG_CHUNK) {
		if (run->holding) {
			run->holding = 0;
			run_inline(run, &run->held, run->held_file);
		}
		if (run->pool != NULL)
			pool_write(run, ALL);
		run_inline(run, c, file);
		return;
	}
	if (run->pool == NULL && !run->holding) {
		run->held = *c;
		run->held_file = file;
		run->holding = 1;
		return;
	}
	if (run->pool == NULL &&
	    (run->pool = pool_start(run->f, run->jobs)) == NULL) {
		run->jobs = 1;	/* no threads: go on inline */
		run->holding = 0;
		run_inline(run, &run->held, run->held_file);
		run_inline(run, c, file);
		return;
	}
	if (run->holding) {
		run->holding = 0;
		pool_submit(run, &run->held, run->held_file);
	}
	pool_submit(run, c, file);
}

static void
finish(struct run *run)
{
	if (run->holding) {
		run->holding = 0;
		run_inline(run, &run->held, run->held_file);
	}
	if (run->pool != NULL) {
		pool_write(run, ALL);
		pool_stop(run->pool);
		run->pool = NULL;
	}
}

/*
 * An input that cannot be opened or read: what the inputs before gave
 * comes out first, as with one thread, then the error.
 */
static void
input_error(struct run *run, struct diag *d)
{
	struct result res = {{0}, {0}, 0, 0};

	finish(run);
	report(run->f, &res, d);
	write_result(run, -2, &res);
	result_free(&res);
}

static int
open_input(struct run *run, const char *name, const char **shown)
{
	struct stat st;
	struct diag d;
	int fd;

	diag_clear(&d);
	if (strcmp(name, "-") == 0) {
		*shown = "<stdin>";
		if (!run->stdin_closed)
			return STDIN_FILENO;
		d.file = *shown;
		diag_set(&d, DIAG_IO, 0, 0, "cannot read: standard input is closed");
		input_error(run, &d);
		return -1;
	}
	*shown = name;
	d.file = name;
	if ((fd = open(name, O_RDONLY)) == -1)
		diag_set(&d, DIAG_NOINPUT, 0, 0, "%s", strerror(errno));
	else if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		diag_set(&d, DIAG_NOINPUT, 0, 0, "is a directory");
		close(fd);
		fd = -1;
	}
	if (fd == -1)
		input_error(run, &d);
	return fd;
}

/*
 * Reads a broken stream to its end, unread: a pipe's writer is not left
 * blocked, and a second "-" reads what follows the stream (nothing), not
 * the middle of it, however far the threads had read when it broke.
 */
static void
drain(int fd)
{
	char buf[16384];
	ssize_t n;

	if (lseek(fd, 0, SEEK_END) != -1)
		return;		/* a file: its end at once */
	while ((n = read(fd, buf, sizeof(buf))) > 0 || (n == -1 && errno == EINTR))
		;
}

static void
read_input(struct run *run, int fd, const char *name, int file)
{
	struct split *sp = split_new(fd, name, CHUNK_TARGET, run->f->limits.record);
	struct chunk c;
	struct diag d;
	int r = 0;

	diag_clear(&d);
	d.file = name;
	if (sp == NULL) {
		diag_set(&d, DIAG_INTERNAL, 0, 0, "out of memory");
		r = -1;
	} else {
		/* After a write error, nothing more is read. */
		while (run->broken_file != file && !run->out_failed &&
		    (r = split_next(sp, &c, &d)) == 1)
			submit(run, &c, file);
		if ((r != -1 && run->broken_file == file) ||
		    (r == -1 && d.kind == DIAG_DATA))
			drain(fd);
	}
	if (r == -1)
		input_error(run, &d);
	split_free(sp);
}

int
filter_run(const struct filter *f, char *const *files, int nfiles, FILE *out,
    FILE *err)
{
	static char *const stdin_only[] = {"-"};
	struct run run;

	memset(&run, 0, sizeof(run));
	run.f = f;
	run.out = out;
	run.err = err;
	run.broken_file = -1;
	run.jobs = f->jobs;
	/* Before any file is opened: one would get descriptor 0, and "-"
	 * would read it again. */
	run.stdin_closed = fcntl(STDIN_FILENO, F_GETFD) == -1 && errno == EBADF;
	if (worker_init(&run.inline_worker, f) == -1) {
		worker_fini(&run.inline_worker);
		fprintf(err, "%s: out of memory\n", f->prog);
		return DIAG_INTERNAL;
	}
	if (nfiles == 0) {
		files = stdin_only;
		nfiles = 1;
	}
	for (int i = 0; i < nfiles && !run.out_failed; i++) {
		const char *name;
		int fd = open_input(&run, files[i], &name);

		if (fd == -1)
			continue;
		read_input(&run, fd, name, i);
		if (strcmp(files[i], "-") != 0)
			close(fd);
	}
	finish(&run);
	worker_fini(&run.inline_worker);
	result_free(&run.inline_res);
	if (!run.out_failed && (fflush(out) == EOF || ferror(out)))
		output_failed(&run);
	return run.status;
}
