#include "filter.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "emit.h"
#include "escape.h"
#include "patient.h"
#include "splice.h"
#include "split.h"

/*
 * The bytes of input the pool may hold at once, queued, being processed or
 * waiting to be written (one chunk always): chunks of up to BIG_CHUNK each
 * must not make memory grow with the number of threads.
 */
#define POOL_BYTES (4 * 1024 * 1024)
/*
 * The ring's slots: 4 a thread, so that none waits for work, but no more
 * than RING_SLOTS unless the threads need them (2 more than threads).
 * Each slot keeps its result buffers from chunk to chunk, and those, more
 * than the chunks in flight, are what grew with -j: 18 MB at -j 8 with 32
 * slots, 11 MB with 16.
 */
#define RING_SLOTS 16
/* A result buffer bigger than this is freed once written, not kept. */
#define KEEP_MAX (1024 * 1024)
/*
 * A chunk bigger than this (chunks are cut at about FILTER_CHUNK_TARGET,
 * so it holds a record that big) is processed by the main thread, once the
 * pool wrote what came before it: memory for big records is then that of
 * one, not of one per thread, whose allocator keeps what it freed.
 */
#define BIG_CHUNK (1024 * 1024)

struct pool;

/* What processing one chunk gives: written in input order. */
struct result {
	struct buf out;		/* the records */
	struct buf err;		/* the messages */
	struct buf sums;	/* the summaries for collect(): each a header
				 * (struct sum) and its bytes, 8-aligned */
	int status;
	int broken;		/* the stream ended in an error here */
	size_t records;		/* documents read, good or bad */
};

/* Before each summary in result.sums. */
struct sum {
	size_t out_end;		/* result.out up to here comes before it */
	size_t len;		/* its bytes, after this header */
	size_t skipped;		/* a skipped record's: its bytes are its id
				 * and a NUL, or nothing when it has none */
};

#define SUM_ALIGN 8
#define NO_SUM ((size_t)-1)

/* A worker's own state, reused from chunk to chunk. */
struct worker {
	const struct filter *f;
	struct parse *docs;
	struct arena *arena;
	struct emit_writer *yaml;	/* made when first needed */
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

const struct format filter_yaml = {"yaml", NULL, NULL, NULL, NULL, 0};
const struct format filter_json = {"json", NULL, NULL, NULL, NULL, 0};

/* The record through libyaml's emitter: -1 with d filled. */
static int
emit_record(struct worker *w, const struct record *rec, struct buf *out,
    struct diag *d)
{
	int r;

	if (w->yaml == NULL && (w->yaml = emit_writer_new()) == NULL) {
		diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
		return -1;
	}
	if ((r = emit_writer_doc(w->yaml, rec->doc, out, d)) == -1) {
		/* A writer that failed is spent: the next gets a new one. */
		emit_writer_free(w->yaml);
		w->yaml = NULL;
	}
	return r;
}

/*
 * Writes a processed record in the filter's format; -1 with d filled.
 * YAML is the record as it came, block spliced in, where it can be
 * (src: where it is, aliased: its old block may not be cut out).
 */
static int
write_record(struct worker *w, struct record *rec, const struct source *src,
    int aliased, struct buf *out, struct diag *d)
{
	const struct filter *f = w->f;
	size_t mark = out->len;
	int r = 0;

	if (f->format == &filter_yaml && rec->block != NULL &&
	    splice_check(src, rec->doc, f->block, aliased) == SPLICE_OK) {
		if ((r = splice_write(out, src, rec->doc, f->block, rec->block)) == -1)
			diag_set(d, DIAG_INTERNAL, 0, 0, "out of memory");
	} else if (f->format == &filter_yaml) {
		r = emit_record(w, rec, out, d);
	} else if (f->format == &filter_json) {
		r = emit_json_within(rec->doc, &f->limits, out, d);
	} else if (f->format->record != NULL &&
	    (r = f->format->record(f->ctx, rec, f->color, out)) == -1) {
		diag_set(d, DIAG_INTERNAL, rec->doc->line, rec->doc->col,
		    "out of memory");
	}
	if (r == -1)
		out->len = mark;	/* no half record */
	return r;
}

/* A skipped record's place in the view, when the format shows one. */
static void
show_skipped(struct worker *w, const struct diag *d, struct result *res)
{
	const struct format *fmt = w->f->format;
	struct skipped s = {d->file[0] != '\0' ? d->file : NULL, d->line,
	    d->id[0] != '\0' ? d->id : NULL};

	if (fmt->skipped != NULL &&
	    fmt->skipped(w->f->ctx, &s, w->f->color, &res->out) == -1)
		res->status = max(res->status, DIAG_INTERNAL);
}

static int sum_open(struct buf *sums, size_t *at);
static void sum_close(struct buf *sums, size_t at, size_t out_end,
    int skipped);

/*
 * With collect(), a skipped record's summary: its id, so that collect()
 * hears of it in input order, and only when the chunk is written.
 */
static void
sum_skipped(struct worker *w, struct result *res, const struct diag *d)
{
	size_t at, n = strlen(d->id);

	if (w->f->collect == NULL)
		return;
	if (sum_open(&res->sums, &at) == -1 ||
	    (n > 0 && buf_add(&res->sums, d->id, n + 1) == -1)) {
		res->status = max(res->status, DIAG_INTERNAL);
		return;
	}
	sum_close(&res->sums, at, res->out.len, 1);
}

/* A record is skipped: reported, shown in its place, and collected. */
static void
skip(struct worker *w, struct result *res, const struct diag *d)
{
	report(w->f, res, d);
	show_skipped(w, d, res);
	sum_skipped(w, res, d);
}

/* Room for a summary's header at the end of sums; -1 when memory runs out. */
static int
sum_open(struct buf *sums, size_t *at)
{
	size_t pad = (SUM_ALIGN - sums->len % SUM_ALIGN) % SUM_ALIGN;
	struct sum h = {0, 0, 0};

	if (buf_grow(sums, pad + sizeof(h)) == -1)
		return -1;
	*at = sums->len;	/* before the padding: sum_drop() goes back here */
	memset(sums->p + sums->len, 0, pad);
	sums->len += pad;
	memcpy(sums->p + sums->len, &h, sizeof(h));
	sums->len += sizeof(h);
	return 0;
}

/* A summary of a record that was not written: gone. */
static void
sum_drop(struct buf *sums, size_t at)
{
	if (at != NO_SUM)
		sums->len = at;
}

/* Closes the summary opened at at: it comes after out_end bytes of out. */
static void
sum_close(struct buf *sums, size_t at, size_t out_end, int skipped)
{
	struct sum h;

	at += (SUM_ALIGN - at % SUM_ALIGN) % SUM_ALIGN;
	h.out_end = out_end;
	h.len = sums->len - at - sizeof(h);
	h.skipped = (size_t)skipped;
	memcpy(sums->p + at, &h, sizeof(h));
}

/* Whether the old block of key may not be cut out of the record as it came. */
static int
block_aliased(const struct node *doc, const char *key, const struct node *old,
    int moved)
{
	const struct node *k = node_get_key(doc, key);

	return moved || (k != NULL && k->anchor != NULL) ||
	    (old != NULL && old->kind != NODE_ALIAS && old->anchor != NULL);
}

/* One record: process it, put its block in, write it. */
static void
one_record(struct worker *w, struct node *doc, const struct source *src,
    struct result *res, struct diag *d)
{
	const struct filter *f = w->f;
	struct record rec = {doc, w->arena, d->file[0] != '\0' ? d->file : NULL,
	    NULL, 0, NULL, NULL};
	const char *id = patient_id(doc);
	const struct node *twice;
	struct node *old = NULL;
	size_t sum_at = NO_SUM;
	int r, moved = 0;

	if (id != NULL)
		snprintf(d->id, sizeof(d->id), "%s", id);
	if (f->collect != NULL) {
		if (sum_open(&res->sums, &sum_at) == -1) {
			diag_set(d, DIAG_INTERNAL, doc->line, doc->col,
			    "out of memory");
			goto skipped;
		}
		rec.summary = &res->sums;
	}
	if (f->process(f->ctx, &rec, d) == -1)
		goto skipped;
	/* The block goes in a mapping, whatever process() made of it. */
	if (rec.block != NULL && doc->kind != NODE_MAPPING) {
		diag_set(d, DIAG_DATA, doc->line, doc->col,
		    "record: expected a mapping of keys");
		goto skipped;
	}
	/* Two blocks: replacing one would leave the other, stale, behind. */
	if (rec.block != NULL && (twice = node_get_key_again(doc, f->block))) {
		diag_set(d, DIAG_DATA, twice->line, twice->col, "%s: given twice",
		    f->block);
		goto skipped;
	}
	if (rec.block != NULL &&
	    (moved = node_map_set(w->arena, doc, f->block, rec.block, &old)) < 0) {
		if (moved == -2) {
			const struct node *k = node_get_key(doc, f->block);

			diag_set(d, DIAG_DATA, k->line, k->col, "%s: cannot be "
			    "replaced: an alias points into it and an anchor name "
			    "is given twice", f->block);
		} else {
			diag_set(d, DIAG_INTERNAL, doc->line, doc->col,
			    "out of memory");
		}
		goto skipped;
	}
	r = write_record(w, &rec, src, rec.block != NULL &&
	    block_aliased(doc, f->block, old, moved == 1), &res->out, d);
	if (r == -1) {
		report(f, res, d);
		sum_drop(&res->sums, sum_at);
		return;
	}
	res->status = max(res->status, rec.status);
	if (sum_at != NO_SUM)
		sum_close(&res->sums, sum_at, res->out.len, 0);
	return;
skipped:
	sum_drop(&res->sums, sum_at);
	skip(w, res, d);
}

static void
process_chunk(struct worker *w, const struct chunk *c, struct result *res)
{
	struct source src;
	struct diag d;

	diag_clear(&d);
	parse_start(w->docs, c);
	for (;;) {
		struct node *doc;

		arena_reset(w->arena);
		switch (parse_next(w->docs, w->arena, &doc, &d)) {
		case PARSE_END:
			return;
		case PARSE_DOC:
			res->records++;
			one_record(w, doc, parse_source(w->docs, &src) == 0 ? &src :
			    NULL, res, &d);
			break;
		case PARSE_BAD:
			res->records++;
			skip(w, res, &d);
			break;
		case PARSE_BROKEN:
			/* The record it broke in is lost: one skipped, as a bad
			 * one is, and shown in its place, so that a text view
			 * does not read as if it were not there (what follows is
			 * not read at all). */
			skip(w, res, &d);
			res->broken = 1;
			return;
		case PARSE_FAIL:
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
	w->docs = parse_new(&f->limits);
	w->arena = arena_new();
	return w->docs != NULL && w->arena != NULL ? 0 : -1;
}

static void
worker_fini(struct worker *w)
{
	parse_free(w->docs);
	arena_free(w->arena);
	emit_writer_free(w->yaml);
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
	size_t records;		/* read so far, for progress() */
	size_t bytes;
	struct buf scratch_out;	/* what collect(), begin() and end() give */
	struct buf head;	/* a lazy format's begin(), not yet written */
	int head_held;
	struct buf scratch_err;
	int stdin_closed;	/* fd 0 was closed when the run began */
};

/*
 * A write to out failed: say so once; what follows is not written.  A
 * reader that went away (EPIPE, when SIGPIPE is ignored) is the end of a
 * pipe like `| head`, as SIGPIPE is: 74, but nothing said.
 */
static void
output_failed(struct run *run)
{
	if (!run->out_failed && errno != EPIPE)
		fprintf(run->err, "%s: write error: %s\n", run->f->prog,
		    strerror(errno));
	run->out_failed = 1;
	run->status = max(run->status, DIAG_IO);
}

/* Writes n bytes to out, unless writing already failed. */
static void
put_bytes(struct run *run, const char *p, size_t n)
{
	if (n > 0 && !run->out_failed && fwrite(p, 1, n, run->out) != n)
		output_failed(run);
}

/* Writes n bytes to out, after a lazy format's begin() the first time. */
static void
put_out(struct run *run, const char *p, size_t n)
{
	if (n > 0 && run->head_held) {
		run->head_held = 0;
		put_bytes(run, run->head.p, run->head.len);
	}
	put_bytes(run, p, n);
}

/* Writes bytes from to to of b, whose p is NULL while it is empty. */
static void
put_range(struct run *run, const struct buf *b, size_t from, size_t to)
{
	if (to > from)
		put_out(run, b->p + from, to - from);
}

/* Writes messages, after what went to out before them. */
static void
put_err(struct run *run, const char *p, size_t n)
{
	if (n == 0)
		return;
	if (run->f->quiet != NULL)
		run->f->quiet(run->f->sink);	/* a progress line goes first */
	if (!run->out_failed && fflush(run->out) == EOF)
		output_failed(run);
	fwrite(p, 1, n, run->err);
}

/* How far the reading has come, when the tool shows it. */
static void
progress(struct run *run, size_t bytes)
{
	run->bytes += bytes;
	if (run->f->progress != NULL)
		run->f->progress(run->f->sink, run->records, run->bytes);
}

/* Hands one summary to collect(), and writes what it gave. */
static void
collect_one(struct run *run, const char *sum, size_t n, const char *id)
{
	struct buf *out = &run->scratch_out, *err = &run->scratch_err;

	out->len = err->len = 0;
	run->status = max(run->status, run->f->collect(run->f->sink, sum, n,
	    id, out, err));
	put_out(run, out->p, out->len);
	put_err(run, err->p, err->len);
}

static void
write_result(struct run *run, int file, struct result *res)
{
	if (file != run->broken_file) {
		size_t written = 0, at = 0;

		/* Each summary is collected right after its record's output. */
		while (at < res->sums.len) {
			struct sum h;

			at += (SUM_ALIGN - at % SUM_ALIGN) % SUM_ALIGN;
			memcpy(&h, res->sums.p + at, sizeof(h));
			put_range(run, &res->out, written, h.out_end);
			written = h.out_end;
			if (h.skipped)
				collect_one(run, NULL, 0, h.len > 0 ?
				    res->sums.p + at + sizeof(h) : NULL);
			else
				collect_one(run, res->sums.p + at + sizeof(h), h.len,
				    NULL);
			at += sizeof(h) + h.len;
		}
		put_range(run, &res->out, written, res->out.len);
		put_err(run, res->err.p, res->err.len);
		run->status = max(run->status, res->status);
		if (res->broken)
			run->broken_file = file;
	}
	run->records += res->records;
	res->records = 0;
	/* The buffers are kept for the next chunk: no malloc churn, flat RSS;
	 * but not those a big record made big. */
	res->out.len = res->err.len = res->sums.len = 0;
	res->status = res->broken = 0;
	if (res->out.cap > KEEP_MAX)
		buf_free(&res->out);
	if (res->err.cap > KEEP_MAX)
		buf_free(&res->err);
	if (res->sums.cap > KEEP_MAX)
		buf_free(&res->sums);
}

static void
result_free(struct result *res)
{
	buf_free(&res->out);
	buf_free(&res->err);
	buf_free(&res->sums);
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

/* The ring's size for n threads (RING_SLOTS). */
static size_t
ring_slots(int n)
{
	size_t want = (size_t)n * 4, least = (size_t)n + 2;

	if (want <= RING_SLOTS)
		return want;
	return least > RING_SLOTS ? least : RING_SLOTS;
}

static struct pool *
pool_start(const struct filter *f, int n)
{
	struct pool *p = calloc(1, sizeof(*p));

	if (p == NULL)
		return NULL;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->work, NULL);
	pthread_cond_init(&p->done, NULL);
	p->cap = ring_slots(n);
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
		progress(run, len);
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
	progress(run, c->len);
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
	struct result res = {{0}, {0}, {0}, 0, 0, 0};

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
		diag_set_file(&d, *shown);
		diag_set(&d, DIAG_IO, 0, 0, "cannot read: standard input is closed");
		input_error(run, &d);
		return -1;
	}
	*shown = name;
	diag_set_file(&d, name);
	/* An empty operand ('') names no file: say so, not a bare errno. */
	if (name[0] == '\0') {
		diag_set(&d, DIAG_NOINPUT, 0, 0, "'': an empty file name");
		input_error(run, &d);
		return -1;
	}
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
	struct split *sp = split_new(fd, name, FILTER_CHUNK_TARGET,
	    run->f->limits.record);
	struct chunk c;
	struct diag d;
	int r = 0;

	diag_clear(&d);
	diag_set_file(&d, name);
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

/* The format's start of the output, before any record. */
static void
begin_output(struct run *run)
{
	const struct format *fmt = run->f->format;
	struct buf *out = &run->scratch_out;

	if (fmt->begin == NULL)
		return;
	if (fmt->lazy) {
		run->status = max(run->status, fmt->begin(run->f->sink,
		    &run->head));
		run->head_held = 1;
		return;
	}
	out->len = 0;
	run->status = max(run->status, fmt->begin(run->f->sink, out));
	put_out(run, out->p, out->len);
}

/* The format's end of the output, after every record. */
static void
end_output(struct run *run)
{
	const struct format *fmt = run->f->format;
	struct buf *out = &run->scratch_out, *err = &run->scratch_err;

	if (fmt->end == NULL || (fmt->lazy && run->head_held))
		return;	/* a lazy format that had nothing to frame */
	out->len = err->len = 0;
	run->status = max(run->status, fmt->end(run->f->sink, out, err));
	put_out(run, out->p, out->len);
	put_err(run, err->p, err->len);
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
	begin_output(&run);
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
	end_output(&run);
	worker_fini(&run.inline_worker);
	result_free(&run.inline_res);
	buf_free(&run.scratch_out);
	buf_free(&run.head);
	buf_free(&run.scratch_err);
	if (!run.out_failed && (fflush(out) == EOF || ferror(out)))
		output_failed(&run);
	return run.status;
}

/* file:line, escaped for the terminal. */
static int
put_place(struct buf *out, const char *file, unsigned long line)
{
	int r = esc_term(out, file, strlen(file));

	return r == 0 && line > 0 ? buf_printf(out, ":%lu", line) : r;
}

int
filter_text_skipped(const char *what, const struct skipped *s, int color,
    struct buf *out)
{
	const char *on = color ? "\033[31m" : "", *off = color ? "\033[0m" : "";
	int r;

	/* Named as the error names it, so that the two are read together. */
	if (s->id != NULL)
		r = buf_puts(out, s->id);
	else if (s->file != NULL)
		r = put_place(out, s->file, s->line);
	else
		r = buf_puts(out, "a record");
	if (r == 0)
		r = buf_printf(out, "  %s%s%s: bad record, see the error message",
		    on, what, off);
	if (r == 0 && s->id != NULL && s->file != NULL && s->line > 0 &&
	    (r = buf_puts(out, " for ")) == 0)
		r = put_place(out, s->file, s->line);
	return r == 0 ? buf_putc(out, '\n') : -1;
}
