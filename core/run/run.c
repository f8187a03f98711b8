/*
 * run.c - stored runs: the compact subject rows, reading them back, and
 * listing, pinning and pruning runs.
 */
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "facts.h"
#include "emit.h"
#include "pack.h"
#include "run.h"
#include "spool.h"

/* ---- encoding ---- */

/* The stored JSON text of a document written through emit into B. */
static char *
run_json_text(struct emit *w, struct sbuf *b)
{
	if (emit_close_stored(w, b) != 0) {
		sbuf_free(b);
		return NULL;
	}
	return sbuf_detach(b);
}

/* One JSON array per subject; see schema/005_run_subject.sql (the writer
 * stores its elements once per run: 017_run_values.sql, and is told where
 * each ends).  Trailing nulls of an outcome are left out.  Written
 * straight into the buffer as emit's json back end writes it (its string
 * escapes and numbers): the worker encodes every member's outcomes, and
 * an emitter per member costs more than the rules.  value and target are
 * JSON scalars, as evaluate makes them. */
void
run_encode_outcome(struct sbuf *b, const struct run_outcome *o, const unsigned char *touched,
    size_t nfacts)
{
	char status[5] = { '[', '"', o->status, '"', '\0' };
	int any = 0, last, first = 1;

	for (size_t i = 0; touched && i < nfacts; i++)
		any |= touched[i];
	/* The last element present: 1 status .. 5 points, 6 touched. */
	last = any ? 6 : o->has_points ? 5 : o->message ? 4 : o->target ? 3 : o->value ? 2 : 1;
	sbuf_adds(b, status);
	if (last >= 2)
		sbuf_adds(b, o->value ? "," : ",null");
	if (last >= 2 && o->value)
		sbuf_adds(b, o->value);
	if (last >= 3)
		sbuf_adds(b, o->target ? "," : ",null");
	if (last >= 3 && o->target)
		sbuf_adds(b, o->target);
	if (last >= 4) {
		sbuf_addc(b, ',');
		emit_json_str(b, o->message);
	}
	if (last >= 5) {
		sbuf_addc(b, ',');
		if (o->has_points)
			emit_json_num(b, o->points);
		else
			sbuf_adds(b, "null");
	}
	if (last == 6) {
		sbuf_adds(b, ",[");
		for (size_t i = 0; i < nfacts; i++)
			if (touched[i]) {
				if (!first)
					sbuf_addc(b, ',');
				emit_json_int(b, (long long)i);
				first = 0;
			}
		sbuf_addc(b, ']');
	}
	sbuf_addc(b, ']');
}

/* ---- the encoder ---- */

void
run_encoder_begin(struct run_encoder *e, size_t n)
{
	if (n + 1 > e->cap) {
		e->cap = n + 1;
		e->end = xrealloc(e->end, e->cap * sizeof *e->end);
		e->hash = xrealloc(e->hash, e->cap * sizeof *e->hash);
	}
	sbuf_reset(&e->b);
	sbuf_addc(&e->b, '[');
}

/* One block: the ends, then the hashes, then the text, so that each
 * part is aligned for its type. */
struct run_enc
run_encoder_take(struct run_encoder *e, size_t n)
{
	struct run_enc enc;
	size_t ends = (n + 1) * sizeof *enc.end, hashes = (n + 1) * sizeof *enc.hash;
	char *block;

	sbuf_addc(&e->b, ']');
	block = xmalloc(ends + hashes + e->b.len + 1);
	enc.end = memcpy(block, e->end, n * sizeof *enc.end);
	enc.hash = memcpy(block + ends, e->hash, n * sizeof *enc.hash);
	enc.json = memcpy(block + ends + hashes, e->b.s, e->b.len + 1);
	enc.n = n;
	sbuf_reset(&e->b);
	return enc;
}

void
run_encoder_free(struct run_encoder *e)
{
	sbuf_free(&e->b);
	free(e->end);
	free(e->hash);
	memset(e, 0, sizeof *e);
}

/* The array of N outcomes, each as run_encode_outcome writes it. */
struct run_enc
run_encode_outcomes(struct run_encoder *e, enum run_level level, const struct run_outcome *o,
    size_t n, const unsigned char *touched, size_t nfacts)
{
	struct sbuf *b = &e->b;

	run_encoder_begin(e, n);
	for (size_t k = 0; k < n; k++) {
		size_t start;

		if (k)
			sbuf_addc(b, ',');
		start = b->len;
		run_encode_outcome(b, &o[k], touched ? touched + k * nfacts : NULL, nfacts);
		e->end[k] = b->len;
		e->hash[k] = run_outcome_hash(level, k, b->s + start, b->len - start);
	}
	return run_encoder_take(e, n);
}

/* One fact value; a whole number that is a float keeps its ".0" so it
 * reads back as a float. */
static void
run_encode_value(struct sbuf *b, const struct view_value *v)
{
	switch (v->type) {
	case VIEW_BOOL:
		sbuf_adds(b, v->i ? "true" : "false");
		break;
	case VIEW_INT:
		emit_json_int(b, v->i);
		break;
	case VIEW_NUM:
		emit_json_num(b, v->n);
		if (isfinite(v->n) && v->n == floor(v->n) && fabs(v->n) < 9e15)
			sbuf_adds(b, ".0");
		break;
	case VIEW_STR:
		emit_json_str(b, v->s);
		break;
	default:
		sbuf_adds(b, "null");
		break;
	}
}

/* The facts of a LEVEL subject the run keeps (run.h); json NULL when
 * none. */
struct run_enc
run_encode_facts(struct run_encoder *e, enum run_level level, const struct view_value *v,
    size_t nfacts, const unsigned char *keep, const unsigned char *touched, size_t n)
{
	struct run_enc none = { NULL, NULL, NULL, 0 };
	struct sbuf *b = &e->b;
	size_t last = 0, slots = 0;

	run_encoder_begin(e, nfacts);
	for (size_t i = 0; i < nfacts; i++) {
		int want = keep && keep[i];

		for (size_t k = 0; touched && k < n && !want; k++)
			want = touched[k * nfacts + i];
		if (!want)
			continue;
		/* nulls up to this slot, then its value */
		for (; last <= i; last++) {
			size_t start = b->len;

			if (last < i)
				sbuf_adds(b, "null");
			else
				run_encode_value(b, &v[i]);
			e->end[slots] = b->len;
			/* a null is numbered 0 unhashed (run_number_fact) */
			e->hash[slots] = last < i ? 0 :
			    run_fact_hash(level, slots, b->s + start, b->len - start);
			slots++;
			sbuf_addc(b, ',');
		}
	}
	if (slots == 0)
		return none;
	b->len--;                 /* the last ',' gives way to ']' */
	return run_encoder_take(e, slots);
}

/* Free what an encoder returned; ENC is left empty. */
void
run_enc_free(struct run_enc *enc)
{
	free(enc->end);           /* the block's start (run_encoder_take) */
	memset(enc, 0, sizeof *enc);
}

/* ---- writing ---- */

/*
 * The run's values, each distinct one once (schema/017_run_values.sql):
 * a hash of (part, JSON text) to its id within the part, which the writer
 * fills as subjects come and stores with the run.  Parts are few (one per
 * requirement and per fact slot), so their counters sit in a short list.
 */
struct run_dict_ent {          /* 24 bytes: a province's run has 10^5-10^6 */
	int part;                 /* -100001 - slot .. RUN_ORG_BASE + requirement */
	int id;
	unsigned hash;
	unsigned len;             /* of value: a probe compares bytes only then */
	char *value;              /* NULL: the slot is free */
};

struct run_dict {
	struct run_dict_ent *tab;
	size_t cap, n;            /* cap a power of two */
	struct run_dict_part { long long part; long next; } *parts;
	size_t nparts;
};

static unsigned
run_dict_hash(long long part, const char *s, size_t len)
{
	unsigned h = 2166136261u ^ (unsigned)part;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* The next id of PART. */
static long
run_dict_next(struct run_dict *d, long long part)
{
	size_t i;

	for (i = 0; i < d->nparts; i++)
		if (d->parts[i].part == part)
			return d->parts[i].next++;
	d->parts = xrealloc(d->parts, (d->nparts + 1) * sizeof *d->parts);
	d->parts[d->nparts].part = part;
	d->parts[d->nparts++].next = 1;
	return 0;
}

/* Double the table and put every entry back. */
static void
run_dict_grow(struct run_dict *d)
{
	struct run_dict_ent *old = d->tab;
	size_t oldcap = d->cap;

	d->cap = d->cap ? d->cap * 2 : 1024;
	d->tab = xcalloc(d->cap, sizeof *d->tab);
	for (size_t i = 0; i < oldcap; i++) {
		size_t j;

		if (old[i].value == NULL)
			continue;
		for (j = old[i].hash & (d->cap - 1); d->tab[j].value; j = (j + 1) & (d->cap - 1))
			;
		d->tab[j] = old[i];
	}
	free(old);
}

/* The id of the value S (LEN bytes) of PART, whose run_dict_hash is H,
 * numbered when new. */
static long
run_dict_id(struct run_dict *d, long long part, const char *s, size_t len, unsigned h)
{
	struct run_dict_ent *t;
	size_t j;

	if (4 * (d->n + 1) > 3 * d->cap)
		run_dict_grow(d);
	for (j = h & (d->cap - 1); (t = &d->tab[j])->value; j = (j + 1) & (d->cap - 1))
		if (t->hash == h && t->part == part && t->len == len &&
		    memcmp(t->value, s, len) == 0)
			return t->id;
	t->part = (int)part;
	t->hash = h;
	t->len = (unsigned)len;
	t->value = xstrndup(s, len);
	t->id = (int)run_dict_next(d, part);
	d->n++;
	return t->id;
}

static void
run_dict_free(struct run_dict *d)
{
	for (size_t i = 0; i < d->cap; i++)
		free(d->tab[i].value);
	free(d->tab);
	free(d->parts);
	memset(d, 0, sizeof *d);
}

/* A subject's row, as the spool keeps it (run_spooled_put): its header,
 * then its grade, next band, outcomes and facts, NGRADE .. NFACTS bytes. */
struct run_spooled {
	long long subject;
	double score;
	int level, has_score, stars, award;
	unsigned ngrade, nband, nout, nfacts;
	int out_text;             /* outcomes as JSON text, not characters */
	int has_facts;
};

/* A finding as the spool keeps it: this header, then its pack, rule and
 * message. */
struct run_spooled_finding {
	long long subject;
	int level;
	unsigned npack, nrule, nmessage;
};

/* The most bytes a record's header takes in a spool: its length byte,
 * eight varints and a double. */
#define RUN_SPOOL_HEADER (1 + 8 * 10 + 8)
_Static_assert(RUN_SPOOL_HEADER <= 256, "a header's length fits its length byte");

/* Rows inserted a statement at a time: a step costs about as much as a
 * few rows, so the copy binds this many to each. */
#define RUN_COPY_ROWS 64

/* A row read back from the spool until its statement is stepped: its
 * bytes (grade, next band, outcomes, facts packed) at offsets in
 * run_copy.pend. */
struct run_pending {
	struct run_spooled h;
	size_t grade, band, out, facts, nfacts;
};

/* One copy of rows from the spool into a run (run_copy_rows). */
struct run_copy {
	sqlite3_stmt *st;         /* RUN_COPY_ROWS rows */
	struct run_pending rows[RUN_COPY_ROWS];
	size_t n;
	struct sbuf pend;         /* the bytes of rows */
};

struct run_writer {
	struct db *db;
	struct spool *rows, *findings;
	struct run_dict dict;
	struct sbuf ids;          /* the row being numbered */
	struct sbuf outcomes;     /* its outcomes' numbers, kept while ids has its facts */
	unsigned char *width[2];  /* per level and fact slot: bits of its numbers */
	size_t nwidth[2];
	long long base;           /* the row's level: 0, or RUN_ORG_BASE */
	long long copied;         /* the spool's bytes copied into the run */
	int stored[2];            /* per level: its rows are copied */
	/* A copy on a thread of its own (run_writer_store_start): the
	 * connection is the copy's until run_writer_wait joins it. */
	pthread_t copier;
	int copying, copy_rc;
	long long copy_run, copy_last;
	struct error copy_err;
};

/* The names of a fact schema as a JSON array, slot order. */
static char *
run_names_json(const struct view_schema *s)
{
	struct sbuf b;
	struct emit *w;

	sbuf_init(&b);
	w = emit_open_sbuf(&b, "json", NULL);
	emit_begin_array(w);
	for (size_t i = 0; i < s->n; i++)
		emit_str(w, s->names[i]);
	emit_end_array(w);
	return run_json_text(w, &b);
}

/* The requirements of the run, numbered per level as outcomes refer to them. */
static int
run_requirements(struct db *db, long long run, const struct pack *p, struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO run_requirement (run_id, no, req, level,"
	    " title, clause, origin) VALUES (?, ?, ?, ?, ?, ?, ?)", e);
	long n[2] = { 0, 0 };
	int rc = 0;

	if (st == NULL)
		return -1;
	for (size_t i = 0; i < p->nreqs && rc == 0; i++) {
		const struct pack_req *r = &p->reqs[i];
		int lv = r->level == PACK_LEVEL_ORG;

		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, run);
		sqlite3_bind_int64(st, 2, lv ? RUN_ORG_BASE + n[1]++ : n[0]++);
		sqlite3_bind_text(st, 3, r->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, lv ? "org" : "member", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, r->title, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, r->clause, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 7, r->origin, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(db, e, "writing the run's requirements");
	}
	sqlite3_finalize(st);
	return rc;
}

/* The run row (status running) and its requirements. */
long long
run_begin(struct db *db, const struct pack *p, const struct facts_period *per,
    const char *scope, struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO run (pack, pack_version, pack_hash, year,"
	    " as_of, scope, started, status, member_facts, org_facts) VALUES (?, ?, ?, ?, ?, ?,"
	    " strftime('%Y-%m-%dT%H:%M:%SZ','now'), 'running', ?, ?)", e);
	char *mf = run_names_json(&p->plan.member_schema);
	char *of = run_names_json(&p->plan.org_schema);
	long long id = -1;

	if (st != NULL) {
		sqlite3_bind_text(st, 1, p->info->id, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, p->info->version, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, p->info->hash, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 4, per->year);
		sqlite3_bind_text(st, 5, per->as_of, -1, SQLITE_STATIC);
		db_bind_text(st, 6, scope);
		sqlite3_bind_text(st, 7, mf, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 8, of, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_DONE)
			id = sqlite3_last_insert_rowid(db->h);
		else
			db_fail(db, e, "starting the run");
		sqlite3_finalize(st);
	}
	free(mf);
	free(of);
	if (id > 0 && run_requirements(db, id, p, e) != 0)
		id = -1;
	return id;
}

/* The writer of a run; NULL on error. */
struct run_writer *
run_writer_open(struct db *db, struct error *e)
{
	struct run_writer *w = xcalloc(1, sizeof *w);

	w->db = db;
	sbuf_init(&w->ids);
	sbuf_init(&w->outcomes);
	/* The rows of a province (a million members) are kept in a file, not
	 * in memory.  The main cache is smaller than a run of 100 000 members
	 * (6 MB): the copier's pages spill to the log as it fills them, and
	 * the peak is 4 MB lower (huaian, 100k, --jobs 2: 39-40 MB to 36 MB);
	 * the time did not move measurably, the commit being mostly its
	 * checkpoint.  A caller's transaction (pack test, pack diff: small
	 * runs) keeps its own. */
	if ((sqlite3_get_autocommit(db->h) &&
	    db_exec(db, "PRAGMA main.cache_size = -2048", e) != 0) ||
	    (w->rows = spool_open(e)) == NULL || (w->findings = spool_open(e)) == NULL) {
		run_writer_close(w);
		return NULL;
	}
	return w;
}

/* Outcome K's element, S (LEN bytes), as the run's dictionary hashes it:
 * a worker that has seen the same element before hands its hash over
 * with it, so the writer does not read it again. */
unsigned
run_outcome_hash(enum run_level level, size_t k, const char *s, size_t len)
{
	return run_dict_hash((level == RUN_ORG ? RUN_ORG_BASE : 0) + (long long)k, s, len);
}

unsigned
run_fact_hash(enum run_level level, size_t k, const char *s, size_t len)
{
	return run_dict_hash(-1 - (level == RUN_ORG ? RUN_ORG_BASE : 0) - (long long)k, s, len);
}

/* One outcome element: its id within its requirement's part; HASH its
 * run_outcome_hash, or NULL to compute it. */
static long
run_number_outcome(struct run_writer *w, size_t k, const char *s, size_t len,
    const unsigned *hash)
{
	long long part = w->base + (long long)k;

	return run_dict_id(&w->dict, part, s, len, hash ? hash[k] : run_dict_hash(part, s, len));
}

/* Outcome ids are stored as characters (schema/020_run_outcomes.sql),
 * which SQLite reads one by one in SQL: code point id + 1, the ids that
 * would fall on U+D800 and after moved up by RUN_CP_GAP to U+10000, as
 * SQLite reads U+D800..U+DFFF, U+FFFE and U+FFFF as U+FFFD. */
#define RUN_CP_SKIP 0xD800
#define RUN_CP_GAP  (0x10000 - RUN_CP_SKIP)
#define RUN_CP_LAST 0x10FFFF

/* Outcome id ID as its character in UTF-8, into C (4 bytes); its
 * length, 0 when it has none. */
static size_t
run_outcome_utf8(char *c, long long id)
{
	long long cp = id + 1;

	if (id < 0 || cp + RUN_CP_GAP > RUN_CP_LAST)
		return 0;
	return util_utf8_put(c, (unsigned long)(cp >= RUN_CP_SKIP ? cp + RUN_CP_GAP : cp));
}

/* Outcome id ID as its character in UTF-8, appended to B; -1 when it has
 * none. */
int
run_outcome_char(struct sbuf *b, long long id)
{
	char c[4];
	size_t len = run_outcome_utf8(c, id);

	if (len == 0)
		return -1;
	sbuf_add(b, c, len);
	return 0;
}

/* N as a varint into C (10 bytes): seven bits a byte, low bits first,
 * the high bit set on every byte but the last; its length. */
static size_t
run_varint_put(char *c, unsigned long long n)
{
	size_t len = 0;

	do {
		c[len] = (char)(n & 0x7f);
		n >>= 7;
		if (n)
			c[len] = (char)(c[len] | 0x80);
		len++;
	} while (n);
	return len;
}

/* Bytes made a few at a time for a row, added to the row's sbuf in
 * runs, not one call of sbuf_add each. */
struct run_bytes {
	char c[256];
	size_t n;
};

/* Add what R holds to B when it is nearly full (WANT: the most the next
 * write adds), or with WANT 0, all of it. */
static void
run_bytes_spill(struct run_bytes *r, struct sbuf *b, size_t want)
{
	if (r->n + want <= sizeof r->c && want)
		return;
	sbuf_add(b, r->c, r->n);
	r->n = 0;
}

/* The varint at *P (before END), advancing *P; what is missing reads
 * as 0. */
static unsigned long long
run_varint_get(const unsigned char **p, const unsigned char *end)
{
	unsigned long long n = 0;
	int shift = 0;

	while (*p < end && (**p & 0x80) && shift < 63) {
		n |= (unsigned long long)(*(*p)++ & 0x7f) << shift;
		shift += 7;
	}
	if (*p < end)
		n |= (unsigned long long)*(*p)++ << shift;
	return n;
}

/* A signed number as a varint's unsigned one, small either side of 0
 * (-1, "none", is one byte); and back. */
static unsigned long long
run_zigzag(long long v)
{
	return ((unsigned long long)v << 1) ^ (v < 0 ? ~0ull : 0);
}

static long long
run_unzigzag(unsigned long long u)
{
	return (long long)(u >> 1) ^ -(long long)(u & 1);
}

/* ---- the spool's records ----
 *
 * A record is a length byte, a header of that many bytes (varints, then
 * a double when there is a score), then the strings its header counts.
 * The header in memory is 56 bytes; here it is about 18, which takes
 * two fifths off the spool (at a million members, tens of megabytes of
 * temporary file and of writes). */

/* Varints V (N of them), then NX bytes of X, into C after its length
 * byte (RUN_SPOOL_HEADER bytes in all); the header's whole length. */
static size_t
run_header_put(char *c, const unsigned long long *v, size_t n, const void *x, size_t nx)
{
	size_t len = 1;

	for (size_t i = 0; i < n; i++)
		len += run_varint_put(c + len, v[i]);
	if (nx)
		memcpy(c + len, x, nx);
	len += nx;
	c[0] = (char)(len - 1);
	return len;
}

/* The N varints of the header at P (LEN bytes) into V; how many bytes
 * follow them, or -1 when the header ends inside them. */
static long
run_header_get(const unsigned char *p, size_t len, unsigned long long *v, size_t n)
{
	const unsigned char *end = p + len;

	for (size_t i = 0; i < n; i++) {
		if (p == end)
			return -1;
		v[i] = run_varint_get(&p, end);
	}
	return (long)(end - p);
}

/* Row header H into C; its length. */
static size_t
run_spooled_put(const struct run_spooled *h, char *c)
{
	unsigned long long v[8] = { run_zigzag(h->subject), (unsigned)(h->level == RUN_ORG) |
	    (unsigned)!!h->out_text << 1 | (unsigned)!!h->has_facts << 2, run_zigzag(h->stars),
	    run_zigzag(h->award), h->ngrade, h->nband, h->nout, h->nfacts };

	return run_header_put(c, v, 8, &h->score, h->has_score ? sizeof h->score : 0);
}

/* The row header at P (N bytes) into HV (a struct run_spooled), and the
 * bytes of the row after it into *BODY; 0, or -1 when it does not read
 * as one. */
static int
run_spooled_get(void *hv, const unsigned char *p, size_t n, size_t *body)
{
	struct run_spooled *h = hv;
	unsigned long long v[8];
	long left = run_header_get(p, n, v, 8);

	memset(h, 0, sizeof *h);
	if (left != 0 && left != (long)sizeof h->score)
		return -1;
	h->subject = run_unzigzag(v[0]);
	h->level = v[1] & 1 ? RUN_ORG : RUN_MEMBER;
	h->out_text = (v[1] >> 1) & 1;
	h->has_facts = (v[1] >> 2) & 1;
	h->stars = (int)run_unzigzag(v[2]);
	h->award = (int)run_unzigzag(v[3]);
	h->ngrade = (unsigned)v[4];
	h->nband = (unsigned)v[5];
	h->nout = (unsigned)v[6];
	h->nfacts = (unsigned)v[7];
	h->has_score = left > 0;
	if (h->has_score)
		memcpy(&h->score, p + n - sizeof h->score, sizeof h->score);
	*body = (size_t)h->ngrade + h->nband + h->nout + h->nfacts;
	return 0;
}

/* Finding header H into C; its length. */
static size_t
run_spooled_finding_put(const struct run_spooled_finding *h, char *c)
{
	unsigned long long v[5] = { run_zigzag(h->subject), (unsigned)(h->level == RUN_ORG),
	    h->npack, h->nrule, h->nmessage };

	return run_header_put(c, v, 5, NULL, 0);
}

/* The same of a finding (HV a struct run_spooled_finding). */
static int
run_spooled_finding_get(void *hv, const unsigned char *p, size_t n, size_t *body)
{
	struct run_spooled_finding *h = hv;
	unsigned long long v[5];

	memset(h, 0, sizeof *h);
	if (run_header_get(p, n, v, 5) != 0)
		return -1;
	h->subject = run_unzigzag(v[0]);
	h->level = v[1] & 1 ? RUN_ORG : RUN_MEMBER;
	h->npack = (unsigned)v[2];
	h->nrule = (unsigned)v[3];
	h->nmessage = (unsigned)v[4];
	*body = (size_t)h->npack + h->nrule + h->nmessage;
	return 0;
}

/* The bits N takes: 0 for 0. */
static unsigned
run_bits(unsigned long long n)
{
	unsigned b = 0;

	for (; n; n >>= 1)
		b++;
	return b;
}

/* One fact value: its id within its slot's part, plus one; 0 for none.
 * HASH the encoder's hashes (run_enc), or NULL to compute it. */
static unsigned long long
run_number_fact(struct run_writer *w, size_t k, const char *s, size_t len,
    const unsigned *hash)
{
	long long part = -1 - w->base - (long long)k;

	if (len == 4 && memcmp(s, "null", 4) == 0)
		return 0;
	return (unsigned long long)run_dict_id(&w->dict, part, s, len,
	    hash ? hash[k] : run_dict_hash(part, s, len)) + 1;
}

/* The row's facts as the numbers of their values plus one, a varint
 * each, 0 for none (schema/019_run_facts.sql), into w->ids: the spool
 * keeps them so until the run is stored, when the widths that pack them
 * (run_pack_facts) are known.  The elements are where the encoder says
 * they end: the text is not parsed again. */
static void
run_number_facts(struct run_writer *w, const struct run_enc *enc)
{
	struct run_bytes r;

	r.n = 0;
	sbuf_reset(&w->ids);
	sbuf_adds(&w->ids, "");
	for (size_t k = 0; k < enc->n; k++) {
		size_t start = k ? enc->end[k - 1] + 1 : 1;

		run_bytes_spill(&r, &w->ids, 10);
		r.n += run_varint_put(r.c + r.n, run_number_fact(w, k, enc->json + start,
		    enc->end[k] - start, enc->hash));
	}
	run_bytes_spill(&r, &w->ids, 0);
}

/* The row's outcomes as the numbers of their elements, into
 * w->outcomes: one character each (run_outcome_char), or with JSON set
 * a JSON array ("[0,3,1]"), as runs before schema 20 kept them.  0, or
 * -1 when some number has no character (over a million elements of one
 * requirement), and the row keeps the JSON. */
static int
run_number_outcomes(struct run_writer *w, const struct run_enc *enc, int json)
{
	struct sbuf *b = &w->outcomes;
	struct run_bytes r;
	int rc = 0;

	r.n = 0;
	sbuf_reset(b);
	sbuf_adds(b, "");
	for (size_t k = 0; enc && enc->json && k < enc->n; k++) {
		size_t start = k ? enc->end[k - 1] + 1 : 1;
		long id = run_number_outcome(w, k, enc->json + start, enc->end[k] - start,
		    enc->hash);
		size_t len;

		if (json) {
			sbuf_addc(b, k ? ',' : '[');
			emit_json_int(b, id);
			continue;
		}
		run_bytes_spill(&r, b, 4);
		if ((len = run_outcome_utf8(r.c + r.n, id)) == 0)
			rc = -1;
		r.n += len;
	}
	if (json)
		sbuf_adds(b, b->len ? "]" : "[]");
	else
		run_bytes_spill(&r, b, 0);
	return rc;
}

/* One subject's row, numbered now and spooled; the strings stay the
 * caller's. */
int
run_write_subject(struct run_writer *w, const struct run_row *r, struct error *e)
{
	struct run_spooled h;
	char head[RUN_SPOOL_HEADER];

	if (w->stored[r->level]) {
		const char *what = r->level == RUN_ORG ? "org" : "member";

		return error_set(e, EXIT_ENV, "a %s row after the run's %s rows were stored", what,
		    what);
	}
	w->base = r->level == RUN_ORG ? RUN_ORG_BASE : 0;
	memset(&h, 0, sizeof h);
	h.level = r->level;
	h.subject = r->subject;
	h.has_score = r->has_score;
	h.score = r->score;
	h.stars = r->stars;
	h.award = r->award;
	h.ngrade = r->grade ? (unsigned)strlen(r->grade) : 0;
	h.nband = r->next_band ? (unsigned)strlen(r->next_band) : 0;
	if (run_number_outcomes(w, r->outcomes, 0) != 0) {
		run_number_outcomes(w, r->outcomes, 1);
		h.out_text = 1;
	}
	h.nout = (unsigned)w->outcomes.len;
	if (r->facts && r->facts->json) {
		run_number_facts(w, r->facts);
		h.has_facts = 1;
		h.nfacts = (unsigned)w->ids.len;
	}
	return spool_add(w->rows, head, run_spooled_put(&h, head), e) == 0 &&
	    spool_add(w->rows, r->grade, h.ngrade, e) == 0 &&
	    spool_add(w->rows, r->next_band, h.nband, e) == 0 &&
	    spool_add(w->rows, w->outcomes.s, h.nout, e) == 0 &&
	    spool_add(w->rows, w->ids.s, h.nfacts, e) == 0 ? 0 : -1;
}

/* One rule error of one subject. */
int
run_write_finding(struct run_writer *w, enum run_level level, long long subject,
    const char *pack, const char *rule, const char *message, struct error *e)
{
	struct run_spooled_finding h = { subject, level, (unsigned)strlen(pack),
	    (unsigned)strlen(rule), (unsigned)strlen(message) };
	char head[RUN_SPOOL_HEADER];

	return spool_add(w->findings, head, run_spooled_finding_put(&h, head), e) == 0 &&
	    spool_add(w->findings, pack, h.npack, e) == 0 &&
	    spool_add(w->findings, rule, h.nrule, e) == 0 &&
	    spool_add(w->findings, message, h.nmessage, e) == 0 ? 0 : -1;
}

/* Order parts by their number, for run_dict_sorted. */
static int
run_part_cmp(const void *a, const void *b)
{
	long long x = ((const struct run_dict_part *)a)->part;
	long long y = ((const struct run_dict_part *)b)->part;

	return (x > y) - (x < y);
}

/* The dictionary's entries in key order of run_value (part, id): each
 * part's ids are 0 .. next - 1, so an entry's place is its part's
 * offset plus its id, and no sort of the entries is needed.  The caller
 * frees the array, of d->n entries. */
static const struct run_dict_ent **
run_dict_sorted(const struct run_dict *d)
{
	const struct run_dict_ent **out = xcalloc(d->n + 1, sizeof *out);
	struct run_dict_part *parts = xcalloc(d->nparts + 1, sizeof *parts);
	size_t *off = xcalloc(d->nparts + 1, sizeof *off);

	if (d->nparts)
		memcpy(parts, d->parts, d->nparts * sizeof *parts);
	qsort(parts, d->nparts, sizeof *parts, run_part_cmp);
	for (size_t i = 0; i < d->nparts; i++)
		off[i + 1] = off[i] + (size_t)parts[i].next;
	for (size_t i = 0; i < d->cap; i++) {
		const struct run_dict_ent *t = &d->tab[i];
		size_t lo = 0, hi = d->nparts;

		if (t->value == NULL)
			continue;
		while (lo + 1 < hi) {        /* its part's index: the last not above it */
			size_t mid = (lo + hi) / 2;

			if (parts[mid].part <= t->part)
				lo = mid;
			else
				hi = mid;
		}
		out[off[lo] + (size_t)t->id] = t;
	}
	free(off);
	free(parts);
	return out;
}

/* Rows a statement of run_store_values inserts at once: a step of an
 * insert costs about as much as a few rows (opening its cursors and
 * checking the run exists), so rows go in tens. */
#define RUN_VALUE_ROWS 64

/* The statement inserting N rows of run RUN: HEAD ("INSERT INTO t
 * (run_id, a, b) VALUES ") and (?1, ?, ?) N times, NCOLS columns after
 * the run, bound from ?2 on. */
static sqlite3_stmt *
run_rows_stmt(struct db *db, long long run, const char *head, int ncols, size_t n,
    struct error *e)
{
	struct sbuf b;
	sqlite3_stmt *st;

	sbuf_init(&b);
	sbuf_adds(&b, head);
	for (size_t i = 0; i < n; i++) {
		sbuf_adds(&b, i ? ", (?1" : "(?1");
		for (int k = 0; k < ncols; k++)
			sbuf_adds(&b, ", ?");
		sbuf_addc(&b, ')');
	}
	st = db_prepare(db, b.s, e);
	if (st != NULL)
		sqlite3_bind_int64(st, 1, run);
	sbuf_free(&b);
	return st;
}

static sqlite3_stmt *
run_values_stmt(struct db *db, long long run, size_t n, struct error *e)
{
	return run_rows_stmt(db, run, "INSERT INTO run_value (run_id, part, id, value) VALUES ",
	    3, n, e);
}

/* The run's values, from the writer's dictionary, in key order: each
 * row goes at the end of run_value, where a row in the order of the
 * hash table would land anywhere in it. */
static int
run_store_values(struct run_writer *w, long long run, struct error *e)
{
	const struct run_dict_ent **ent = run_dict_sorted(&w->dict);
	size_t n = w->dict.n, full = n - n % RUN_VALUE_ROWS;
	sqlite3_stmt *st = full ? run_values_stmt(w->db, run, RUN_VALUE_ROWS, e) : NULL;
	int rc = full && st == NULL ? -1 : 0;

	for (size_t i = 0; i < n && rc == 0; i += RUN_VALUE_ROWS) {
		size_t m = n - i < RUN_VALUE_ROWS ? n - i : RUN_VALUE_ROWS;

		if (i == full) {              /* the rest, fewer than a full statement */
			sqlite3_finalize(st);
			if ((st = run_values_stmt(w->db, run, m, e)) == NULL) {
				rc = -1;
				break;
			}
		}
		sqlite3_reset(st);
		for (size_t j = 0; j < m; j++) {
			const struct run_dict_ent *t = ent[i + j];

			sqlite3_bind_int64(st, (int)(3 * j + 2), t->part);
			sqlite3_bind_int64(st, (int)(3 * j + 3), t->id);
			sqlite3_bind_text(st, (int)(3 * j + 4), t->value, -1, SQLITE_STATIC);
		}
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(w->db, e, "writing the run's values");
	}
	sqlite3_finalize(st);
	free(ent);
	return rc;
}

/* The width of each fact slot's numbers, per level: the bits of the
 * count of its values (a number is an id plus one, 0 for none), which
 * the reader counts again in run_value. */
static void
run_fact_widths(struct run_writer *w)
{
	for (size_t i = 0; i < w->dict.nparts; i++) {
		long long part = w->dict.parts[i].part;
		int org = part <= -1 - RUN_ORG_BASE;
		size_t slot = (size_t)(org ? -1 - RUN_ORG_BASE - part : -1 - part);

		if (part >= 0)
			continue;
		if (slot >= w->nwidth[org]) {
			w->width[org] = xrealloc(w->width[org], slot + 1);
			memset(w->width[org] + w->nwidth[org], 0, slot + 1 - w->nwidth[org]);
			w->nwidth[org] = slot + 1;
		}
		w->width[org][slot] = (unsigned char)run_bits((unsigned long long)
		    w->dict.parts[i].next);
	}
}

/* A spooled row's fact numbers, a varint each (P, N bytes), packed in
 * their slots' widths (schema/020_run_outcomes.sql) onto B: low bits
 * first, the last byte's unused bits 0, no zero byte at the end.  Their
 * length. */
static size_t
run_pack_facts(const struct run_writer *w, int org, const unsigned char *p, size_t n,
    struct sbuf *b)
{
	const unsigned char *end = p + n;
	unsigned long long acc = 0;
	unsigned nacc = 0;
	size_t start = b->len, nout = 0;
	char out[256];            /* bytes made, added to B when nearly full */

	for (size_t i = 0; p < end; i++) {
		unsigned width = i < w->nwidth[org] ? w->width[org][i] : 0;
		unsigned long long v = run_varint_get(&p, end);

		acc |= (v & ((1ull << width) - 1)) << nacc;
		for (nacc += width; nacc >= 8; nacc -= 8, acc >>= 8)
			out[nout++] = (char)(acc & 0xff);
		if (nout > sizeof out - 16) {        /* a slot adds 8 bytes at most */
			sbuf_add(b, out, nout);
			nout = 0;
		}
	}
	if (nacc)
		out[nout++] = (char)(acc & 0xff);
	sbuf_add(b, out, nout);
	while (b->len > start && b->s[b->len - 1] == 0)
		b->len--;
	return b->len - start;
}

/* Bytes S (N) kept for a pending row in B; their offset. */
static size_t
run_pend_add(struct sbuf *b, const char *s, size_t n)
{
	size_t at = b->len;

	if (n)
		sbuf_add(b, s, n);
	return at;
}

/* Add spooled row H, its bytes at P, to copy C.  The facts of a row
 * whose outcomes are characters are packed, in the widths
 * run_fact_widths found; a row with JSON outcomes keeps its numbers. */
static void
run_copy_add(const struct run_writer *w, struct run_copy *c, const struct run_spooled *h,
    const char *p)
{
	struct run_pending *r = &c->rows[c->n++];
	const char *facts = p + h->ngrade + h->nband + h->nout;

	r->h = *h;
	r->grade = run_pend_add(&c->pend, p, h->ngrade);
	r->band = run_pend_add(&c->pend, p + h->ngrade, h->nband);
	r->out = run_pend_add(&c->pend, p + h->ngrade + h->nband, h->nout);
	r->facts = c->pend.len;
	r->nfacts = h->nfacts;
	if (h->has_facts && !h->out_text)
		r->nfacts = run_pack_facts(w, h->level == RUN_ORG, (const unsigned char *)facts,
		    h->nfacts, &c->pend);
	else
		run_pend_add(&c->pend, facts, h->nfacts);
}

/* Text N bytes at offset AT of PEND at column I, NULL when empty, not
 * copied: the statement is stepped before the bytes change. */
static void
run_bind_pend(sqlite3_stmt *st, int i, const struct sbuf *pend, size_t at, size_t n)
{
	if (n == 0)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, pend->s + at, (int)n, SQLITE_STATIC);
}

/* Pending row R at columns I + 1 .. I + 9 of ST.  PEND's bytes are never
 * NULL (run_copy_rows): an empty array binds as empty, not as NULL. */
static void
run_bind_row(sqlite3_stmt *st, int i, const struct sbuf *pend, const struct run_pending *r)
{
	const struct run_spooled *h = &r->h;

	sqlite3_bind_int(st, i + 1, h->level);
	sqlite3_bind_int64(st, i + 2, h->subject);
	if (h->has_score)
		sqlite3_bind_double(st, i + 3, h->score);
	else
		sqlite3_bind_null(st, i + 3);
	run_bind_pend(st, i + 4, pend, r->grade, h->ngrade);
	if (h->stars >= 0)
		sqlite3_bind_int(st, i + 5, h->stars);
	else
		sqlite3_bind_null(st, i + 5);
	if (h->award >= 0)
		sqlite3_bind_int(st, i + 6, h->award);
	else
		sqlite3_bind_null(st, i + 6);
	run_bind_pend(st, i + 7, pend, r->band, h->nband);
	if (h->out_text)
		sqlite3_bind_text(st, i + 8, pend->s + r->out, (int)h->nout, SQLITE_STATIC);
	else
		sqlite3_bind_blob(st, i + 8, pend->s + r->out, (int)h->nout, SQLITE_STATIC);
	if (h->has_facts)
		sqlite3_bind_blob(st, i + 9, pend->s + r->facts, (int)r->nfacts, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i + 9);
}

static const char run_subject_head[] = "INSERT INTO run_subject (run_id, level, subject,"
    " score, grade, stars, award, next_band, outcomes, facts) VALUES ";

/* Insert the rows pending in C into run RUN, and empty it: RUN_COPY_ROWS
 * with C's statement, fewer (the last) with one of their own. */
static int
run_copy_step(struct run_writer *w, struct run_copy *c, long long run, struct error *e)
{
	sqlite3_stmt *st = c->n == RUN_COPY_ROWS ? c->st :
	    run_rows_stmt(w->db, run, run_subject_head, 9, c->n, e);
	int rc = 0;

	if (st == NULL)
		return -1;
	for (size_t j = 0; j < c->n; j++)
		run_bind_row(st, (int)(1 + 9 * j), &c->pend, &c->rows[j]);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_fail(w->db, e, "storing the run");
	if (st == c->st)
		sqlite3_reset(st);
	else
		sqlite3_finalize(st);
	c->n = 0;
	sbuf_reset(&c->pend);
	sbuf_adds(&c->pend, "");
	return rc;
}

/* The next record of reader RD: its header decoded by GET into H, and
 * the bytes after it, as many as GET says, returned; NULL with E set on
 * error.  The header is decoded before the bytes are read: a read moves
 * the reader's buffer. */
static const char *
run_spool_record(struct spool_reader *rd, void *h,
    int (*get)(void *, const unsigned char *, size_t, size_t *), struct error *e)
{
	const unsigned char *p = spool_read(rd, 1, e);
	size_t n, body;

	if (p == NULL)
		return NULL;
	n = *p;
	if ((p = spool_read(rd, n, e)) == NULL)
		return NULL;
	if (get(h, p, n, &body) != 0) {
		error_set(e, EXIT_ENV, "reading a temporary file: a record does not read back");
		return NULL;
	}
	return spool_read(rd, body, e);
}

/* Copy the spooled rows after byte w->copied up to byte LAST into run
 * RUN: every row of a level copied here is numbered already
 * (run_write_subject refuses one after). */
static int
run_copy_rows(struct run_writer *w, long long run, long long last, struct error *e)
{
	struct run_copy c;
	struct spool_reader rd;
	int rc = 0;

	memset(&c, 0, sizeof c);
	sbuf_init(&c.pend);
	sbuf_adds(&c.pend, "");
	spool_reader_init(&rd, w->rows, w->copied, last);
	if ((c.st = run_rows_stmt(w->db, run, run_subject_head, 9, RUN_COPY_ROWS, e)) == NULL)
		rc = -1;
	while (rc == 0 && !spool_reader_done(&rd)) {
		struct run_spooled h;
		const char *p = run_spool_record(&rd, &h, run_spooled_get, e);

		if (p == NULL)
			rc = -1;
		else
			run_copy_add(w, &c, &h, p);
		if (rc == 0 && c.n == RUN_COPY_ROWS)
			rc = run_copy_step(w, &c, run, e);
	}
	if (rc == 0 && c.n > 0)
		rc = run_copy_step(w, &c, run, e);
	sqlite3_finalize(c.st);
	spool_reader_free(&rd);
	sbuf_free(&c.pend);
	if (rc == 0)
		w->copied = last;
	return rc;
}

/* The spooled rows not yet copied end at byte *LAST; the widths of the
 * facts numbered so far are known. */
static int
run_copy_bounds(struct run_writer *w, long long *last, struct error *e)
{
	if (spool_flush(w->rows, last, e) != 0)
		return -1;
	run_fact_widths(w);
	return 0;
}

/* The spooled findings into run RUN, in the order they came. */
static int
run_store_findings(struct run_writer *w, long long run, struct error *e)
{
	struct spool_reader rd;
	sqlite3_stmt *st;
	long long end;
	int rc = 0;

	if (spool_flush(w->findings, &end, e) != 0)
		return -1;
	if (end == 0)
		return 0;
	st = db_prepare(w->db, "INSERT INTO finding (run_id, level, subject, pack, rule, message)"
	    " VALUES (?, ?, ?, ?, ?, ?)", e);
	if (st == NULL)
		return -1;
	spool_reader_init(&rd, w->findings, 0, end);
	while (rc == 0 && !spool_reader_done(&rd)) {
		struct run_spooled_finding h;
		const char *p = run_spool_record(&rd, &h, run_spooled_finding_get, e);

		if (p == NULL) {
			rc = -1;
			break;
		}
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, run);
		sqlite3_bind_text(st, 2, h.level == RUN_ORG ? "org" : "member", -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, h.subject);
		sqlite3_bind_text(st, 4, p, (int)h.npack, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, p + h.npack, (int)h.nrule, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, p + h.npack + h.nrule, (int)h.nmessage, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(w->db, e, "writing findings");
	}
	sqlite3_finalize(st);
	spool_reader_free(&rd);
	return rc;
}

static void *
run_copier_main(void *arg)
{
	struct run_writer *w = arg;

	w->copy_rc = run_copy_rows(w, w->copy_run, w->copy_last, &w->copy_err);
	return NULL;
}

/* Start copying the rows of LEVEL into run RUN on a thread of its own;
 * see run.h. */
int
run_writer_store_start(struct run_writer *w, long long run, enum run_level level,
    struct error *e)
{
	if (run_writer_wait(w, e) != 0 || run_copy_bounds(w, &w->copy_last, e) != 0)
		return -1;
	w->stored[level] = 1;
	w->copy_run = run;
	w->copy_rc = 0;
	memset(&w->copy_err, 0, sizeof w->copy_err);
	if (pthread_create(&w->copier, NULL, run_copier_main, w) != 0)
		return run_copy_rows(w, run, w->copy_last, e);
	w->copying = 1;
	return 0;
}

/* Wait for the copy run_writer_store_start began, if one runs; its error,
 * if it failed, is E's. */
int
run_writer_wait(struct run_writer *w, struct error *e)
{
	if (!w->copying)
		return 0;
	pthread_join(w->copier, NULL);
	w->copying = 0;
	if (w->copy_rc == 0)
		return 0;
	error_set(e, w->copy_err.code ? w->copy_err.code : EXIT_ENV, "%s", w->copy_err.msg);
	return -1;
}

/* Copy what is spooled and not copied yet into run RUN, its values and
 * its findings: inside the caller's write transaction, the only part of
 * a run that needs the lock. */
int
run_writer_store(struct run_writer *w, long long run, struct error *e)
{
	long long last;

	return run_writer_wait(w, e) == 0 && run_copy_bounds(w, &last, e) == 0 &&
	    run_store_values(w, run, e) == 0 && run_copy_rows(w, run, last, e) == 0 &&
	    run_store_findings(w, run, e) == 0 ? 0 : -1;
}

/* Free the writer, its spools gone with it; NULL is fine. */
void
run_writer_close(struct run_writer *w)
{
	if (w == NULL)
		return;
	if (w->copying)
		pthread_join(w->copier, NULL);
	run_dict_free(&w->dict);
	sbuf_free(&w->ids);
	sbuf_free(&w->outcomes);
	spool_close(w->rows);
	spool_close(w->findings);
	free(w->width[0]);
	free(w->width[1]);
	free(w);
}

/* Mark the run finished with its counts. */
int
run_finish(struct db *db, long long run, long members, long orgs, long findings,
    struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "UPDATE run SET status = 'finished',"
	    " finished = strftime('%Y-%m-%dT%H:%M:%SZ','now'), members = ?, orgs = ?,"
	    " findings = ? WHERE id = ?", e);
	int rc = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, members);
	sqlite3_bind_int64(st, 2, orgs);
	sqlite3_bind_int64(st, 3, findings);
	sqlite3_bind_int64(st, 4, run);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_fail(db, e, "finishing the run");
	sqlite3_finalize(st);
	return rc;
}

/* Run SQL, an UPDATE of run ?1 setting a mark to ?2 (VAL), on run RUN. */
static int
run_mark(struct db *db, long long run, const char *sql, const char *val, struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, sql, e);
	int rc = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, run);
	db_bind_text(st, 2, val);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_fail(db, e, "marking the run");
	sqlite3_finalize(st);
	return rc;
}

int
run_mark_forced(struct db *db, long long run, struct error *e)
{
	return run_mark(db, run, "UPDATE run SET forced = 1 WHERE id = ?1", NULL, e);
}

int
run_mark_recorded(struct db *db, long long run, const char *when, struct error *e)
{
	return run_mark(db, run, "UPDATE run SET as_recorded = ?2 WHERE id = ?1", when, e);
}

/* A failed run's row, written after the rollback; errors are ignored. */
void
run_failed(struct db *db, const struct pack_info *pi, const struct facts_period *per,
    const char *msg)
{
	sqlite3_stmt *st;

	st = db_prepare(db, "INSERT INTO run (pack, pack_version, pack_hash, year, as_of,"
	    " started, status, error) VALUES (?, ?, ?, ?, ?,"
	    " strftime('%Y-%m-%dT%H:%M:%SZ','now'), 'failed', ?)", NULL);
	if (st == NULL)
		return;
	sqlite3_bind_text(st, 1, pi->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, pi->version, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, pi->hash, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, per->year);
	sqlite3_bind_text(st, 5, per->as_of, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, msg, -1, SQLITE_STATIC);
	sqlite3_step(st);
	sqlite3_finalize(st);
}

/* ---- reading ---- */

/* max(id) of the matching finished runs, 0 when none; PACK may be
 * ID@VERSION, for the runs of that version only. */
long long
run_latest(struct db *db, const char *pack, int year, enum run_level level, long long subject)
{
	sqlite3_stmt *st = db_prepare(db, subject == 0 ?
	    "SELECT max(id) FROM run WHERE pack = ?1 AND year = ?2 AND status = 'finished'"
	    " AND (?5 IS NULL OR pack_version = ?5)" :
	    "SELECT max(r.id) FROM run r JOIN run_subject s ON s.run_id = r.id"
	    " WHERE r.pack = ?1 AND r.year = ?2 AND r.status = 'finished'"
	    " AND (?5 IS NULL OR r.pack_version = ?5)"
	    " AND s.level = ?3 AND s.subject = ?4 AND (s.level = 0 OR s.outcomes <> '[]')", NULL);
	const char *at = strchr(pack, '@');
	long long id = 0;

	if (st == NULL)
		return 0;
	sqlite3_bind_text(st, 1, pack, at ? (int)(at - pack) : -1, SQLITE_STATIC);
	db_bind_text(st, 5, at ? at + 1 : NULL);
	sqlite3_bind_int(st, 2, year);
	if (subject) {
		sqlite3_bind_int(st, 3, level);
		sqlite3_bind_int64(st, 4, subject);
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

/* The fact names of one level, from the run's JSON array. */
static void
run_load_names(struct db *db, long long run, const char *col, char ***names, size_t *n)
{
	char sql[160];
	sqlite3_stmt *st;

	snprintf(sql, sizeof sql, "SELECT j.value FROM run r, json_each(r.%s) j WHERE r.id = ?"
	    " ORDER BY j.key", col);
	st = db_prepare(db, sql, NULL);
	if (st == NULL)
		return;
	sqlite3_bind_int64(st, 1, run);
	while (sqlite3_step(st) == SQLITE_ROW) {
		*names = xrealloc(*names, (*n + 1) * sizeof **names);
		(*names)[(*n)++] = db_col_dup(st, 0);
	}
	sqlite3_finalize(st);
}

/* The run's requirements by number: member ones first. */
static void
run_load_reqs(struct db *db, struct run_info *r)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT no, req, title, clause, origin FROM"
	    " run_requirement WHERE run_id = ? ORDER BY no", NULL);

	if (st == NULL)
		return;
	sqlite3_bind_int64(st, 1, r->id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct run_req *q;

		r->reqs = xrealloc(r->reqs, (r->nreqs + 1) * sizeof *r->reqs);
		q = &r->reqs[r->nreqs++];
		q->no = sqlite3_column_int64(st, 0);
		q->id = db_col_dup(st, 1);
		q->title = db_col_dup(st, 2);
		q->clause = db_col_dup(st, 3);
		q->origin = db_col_dup(st, 4);
		r->nmember_reqs += q->no < RUN_ORG_BASE;
	}
	sqlite3_finalize(st);
}

/* The run row, its requirements and its fact names. */
int
run_open(struct db *db, const char *pack, int year, long long id, struct run_info *r,
    struct error *e)
{
	sqlite3_stmt *st;

	memset(r, 0, sizeof *r);
	r->id = id ? id : run_latest(db, pack, year, RUN_MEMBER, 0);
	if (r->id == 0)
		return error_set(e, EXIT_USAGE, tr("no run of pack %s for year %d;"
		    " run 'baodao evaluate --pack %s --year %d' first",
		    "规则包 %s 没有 %d 年的评议结果；请先运行 'baodao evaluate --pack %s --year %d'"),
		    pack, year, pack, year);
	st = db_prepare(db, "SELECT pack, pack_version, as_of, pack_hash, year, forced FROM run"
	    " WHERE id = ?", e);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, r->id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		r->pack = db_col_dup(st, 0);
		r->version = db_col_dup(st, 1);
		r->as_of = db_col_dup(st, 2);
		r->hash = db_col_dup(st, 3);
		r->year = sqlite3_column_int(st, 4);
		r->forced = sqlite3_column_int(st, 5);
	}
	sqlite3_finalize(st);
	if (r->pack == NULL)
		return error_set(e, EXIT_USAGE, tr("no run %lld", "没有第 %lld 次评议"), r->id);
	run_load_reqs(db, r);
	run_load_names(db, r->id, "member_facts", &r->facts[RUN_MEMBER], &r->nfacts[RUN_MEMBER]);
	run_load_names(db, r->id, "org_facts", &r->facts[RUN_ORG], &r->nfacts[RUN_ORG]);
	return 0;
}

/* Free what run_open read. */
void
run_info_free(struct run_info *r)
{
	for (size_t i = 0; i < r->nreqs; i++) {
		free(r->reqs[i].id);
		free(r->reqs[i].title);
		free(r->reqs[i].clause);
		free(r->reqs[i].origin);
	}
	free(r->reqs);
	for (int l = 0; l < 2; l++) {
		for (size_t i = 0; i < r->nfacts[l]; i++)
			free(r->facts[l][i]);
		free(r->facts[l]);
	}
	free(r->pack);
	free(r->version);
	free(r->hash);
	free(r->as_of);
	memset(r, 0, sizeof *r);
}

/* A run's values of one level, as run_value holds them, decoded once:
 * the outcome elements of each requirement and the values of each fact
 * slot, by id.  Subjects point into them. */
struct run_values {
	struct run_stored **out;  /* [requirement][id] */
	size_t *nout;
	struct view_value **fact; /* [slot][id] */
	char ***text;             /* [slot][id]: storage of the string values */
	size_t *nfact;
};

struct run_cursor {
	sqlite3_stmt *subjects;
	size_t nreqs, nfacts;
	struct run_subject s;
	struct run_values v;
};

/* A JSON element as text, NULL for null or absent. */
static char *
run_json_dup(sqlite3_stmt *st, int col)
{
	const char *t = (const char *)sqlite3_column_text(st, col);

	return t == NULL || strcmp(t, "null") == 0 ? NULL : xstrdup(t);
}

/* "[0,3]" -> the slots. */
static void
run_parse_touched(const char *t, struct run_stored *o)
{
	o->touched = NULL;
	o->ntouched = 0;
	while (t && *t) {
		char *end;
		unsigned long v;

		if (*t < '0' || *t > '9') {
			t++;
			continue;
		}
		v = strtoul(t, &end, 10);
		o->touched = xrealloc(o->touched, (o->ntouched + 1) * sizeof *o->touched);
		o->touched[o->ntouched++] = v;
		t = end;
	}
}

/* Make room for id I in a row of N elements of SIZE bytes (zeroed). */
static void *
run_values_room(void *row, size_t *n, long long i, size_t size)
{
	size_t want = (size_t)i + 1;

	if (want <= *n)
		return row;
	row = xrealloc(row, want * size);
	memset((char *)row + *n * size, 0, (want - *n) * size);
	*n = want;
	return row;
}

/* The outcome elements of requirements base .. base + nreqs - 1. */
static int
run_values_outcomes(struct db *db, long long run, long long base, size_t nreqs,
    struct run_values *v, struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT part - ?2, id, value->>0, value->1, value->2,"
	    " value->>3, value->>4, value->5 FROM run_value WHERE run_id = ?1 AND part >= ?2"
	    " AND part < ?3 AND id >= 0", e);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, run);
	sqlite3_bind_int64(st, 2, base);
	sqlite3_bind_int64(st, 3, base + (long long)nreqs);
	while (sqlite3_step(st) == SQLITE_ROW) {
		size_t k = (size_t)sqlite3_column_int64(st, 0);
		long long id = sqlite3_column_int64(st, 1);
		const char *s = (const char *)sqlite3_column_text(st, 2);
		struct run_stored *o;

		v->out[k] = run_values_room(v->out[k], &v->nout[k], id, sizeof *v->out[k]);
		o = &v->out[k][id];
		o->status = s && *s == 'p' ? "pass" : s && *s == 'f' ? "fail" :
		    s && *s == 'e' ? "error" : "n/a";
		o->value = run_json_dup(st, 3);
		o->target = run_json_dup(st, 4);
		o->message = db_col_dup(st, 5);
		o->has_points = sqlite3_column_type(st, 6) != SQLITE_NULL;
		o->points = sqlite3_column_double(st, 6);
		run_parse_touched((const char *)sqlite3_column_text(st, 7), o);
	}
	sqlite3_finalize(st);
	return 0;
}

/* The fact values of slots 0 .. nfacts - 1 of the level at BASE, typed
 * as JSON types them. */
static int
run_values_facts(struct db *db, long long run, long long base, size_t nfacts,
    struct run_values *v, struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT -1 - ?2 - part, id, json_type(value),"
	    " value->>'$' FROM run_value WHERE run_id = ?1 AND part <= -1 - ?2"
	    " AND part > -1 - ?2 - ?3 AND id >= 0", e);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, run);
	sqlite3_bind_int64(st, 2, base);
	sqlite3_bind_int64(st, 3, (long long)nfacts);
	while (sqlite3_step(st) == SQLITE_ROW) {
		size_t i = (size_t)sqlite3_column_int64(st, 0);
		long long id = sqlite3_column_int64(st, 1);
		const char *type = (const char *)sqlite3_column_text(st, 2);
		size_t n = v->nfact[i];
		struct view_value *f;

		v->fact[i] = run_values_room(v->fact[i], &v->nfact[i], id, sizeof *v->fact[i]);
		v->text[i] = run_values_room(v->text[i], &n, id, sizeof *v->text[i]);
		f = &v->fact[i][id];
		if (type == NULL)
			continue;
		if (strcmp(type, "true") == 0 || strcmp(type, "false") == 0)
			view_set_bool(f, type[0] == 't');
		else if (strcmp(type, "integer") == 0)
			view_set_int(f, sqlite3_column_int64(st, 3));
		else if (strcmp(type, "real") == 0)
			view_set_num(f, sqlite3_column_double(st, 3));
		else if (strcmp(type, "text") == 0) {
			free(v->text[i][id]);
			v->text[i][id] = db_col_dup(st, 3);
			view_set_str(f, v->text[i][id]);
		}
	}
	sqlite3_finalize(st);
	return 0;
}

static void
run_values_free(struct run_values *v, size_t nreqs, size_t nfacts)
{
	for (size_t k = 0; v->out && k < nreqs; k++) {
		for (size_t id = 0; id < v->nout[k]; id++) {
			free(v->out[k][id].value);
			free(v->out[k][id].target);
			free(v->out[k][id].message);
			free(v->out[k][id].touched);
		}
		free(v->out[k]);
	}
	for (size_t i = 0; v->fact && i < nfacts; i++) {
		for (size_t id = 0; id < v->nfact[i]; id++)
			free(v->text[i][id]);
		free(v->fact[i]);
		free(v->text[i]);
	}
	free(v->out);
	free(v->nout);
	free(v->fact);
	free(v->text);
	free(v->nfact);
}

/* The subject query, and the run's values of the level, read once. */
struct run_cursor *
run_subjects(struct db *db, const struct run_info *r, enum run_level level, long long subject,
    struct error *e)
{
	struct run_cursor *c = xcalloc(1, sizeof *c);
	long long base = level == RUN_ORG ? RUN_ORG_BASE : 0;

	c->nreqs = level == RUN_ORG ? r->nreqs - r->nmember_reqs : r->nmember_reqs;
	c->nfacts = r->nfacts[level];
	c->s.out = xcalloc(c->nreqs + 1, sizeof *c->s.out);
	c->s.facts = xcalloc(c->nfacts + 1, sizeof *c->s.facts);
	c->v.out = xcalloc(c->nreqs + 1, sizeof *c->v.out);
	c->v.nout = xcalloc(c->nreqs + 1, sizeof *c->v.nout);
	c->v.fact = xcalloc(c->nfacts + 1, sizeof *c->v.fact);
	c->v.text = xcalloc(c->nfacts + 1, sizeof *c->v.text);
	c->v.nfact = xcalloc(c->nfacts + 1, sizeof *c->v.nfact);
	c->subjects = db_prepare(db, "SELECT subject, score, grade, stars, award, next_band,"
	    " outcomes, facts FROM run_subject WHERE run_id = ?1 AND level = ?2"
	    " AND (?3 = 0 OR subject = ?3) ORDER BY subject", e);
	if (c->subjects == NULL ||
	    run_values_outcomes(db, r->id, base, c->nreqs, &c->v, e) != 0 ||
	    run_values_facts(db, r->id, base, c->nfacts, &c->v, e) != 0) {
		run_close(c);
		return NULL;
	}
	sqlite3_bind_int64(c->subjects, 1, r->id);
	sqlite3_bind_int(c->subjects, 2, level);
	sqlite3_bind_int64(c->subjects, 3, subject);
	return c;
}

/* The current subject's strings freed; every fact back to nil.  Its
 * outcomes and facts belong to the cursor's values. */
static void
run_subject_clear(struct run_cursor *c)
{
	struct run_subject *s = &c->s;

	memset(s->out, 0, (c->nreqs + 1) * sizeof *s->out);
	s->nout = 0;
	free(s->grade);
	free(s->next_band);
	s->grade = s->next_band = NULL;
	for (size_t i = 0; i < c->nfacts; i++)
		view_set_nil(&s->facts[i]);
}

/* The next number of an array "[3,0]" at *p: 1 and *id, or 0 at its
 * end. */
static int
run_next_id(const char **p, long long *id)
{
	const char *t = *p;
	char *end;

	while (*t == '[' || *t == ',' || *t == ' ')
		t++;
	if (*t == '\0' || *t == ']')
		return 0;
	*id = strtoll(t, &end, 10);
	if (end == t)
		return 0;
	*p = end;
	return 1;
}

/* Outcome K of the current subject: element ID of its requirement. */
static void
run_decode_outcome(struct run_cursor *c, long long id)
{
	size_t k = c->s.nout++;

	if (id >= 0 && (size_t)id < c->v.nout[k])
		c->s.out[k] = c->v.out[k][id];
	else
		c->s.out[k].status = "n/a";
}

/* Outcomes by the numbers of their elements, as runs before schema 20
 * kept them: a JSON array. */
static void
run_decode_outcomes_json(struct run_cursor *c, const char *ids)
{
	long long id;

	while (ids && c->s.nout < c->nreqs && run_next_id(&ids, &id))
		run_decode_outcome(c, id);
}

/* The id of the character run_outcome_char wrote at *p, before END;
 * -1 for a byte that starts none (read as n/a). */
static long long
run_outcome_id(const unsigned char **p, const unsigned char *end)
{
	const unsigned char *t = *p;
	size_t len = *t < 0x80 ? 1 : *t >= 0xF0 ? 4 : *t >= 0xE0 ? 3 : *t >= 0xC0 ? 2 : 0;
	long long cp;

	if (len == 0 || (size_t)(end - t) < len) {
		*p = t + 1;
		return -1;
	}
	cp = len == 1 ? *t : *t & (0x3F >> (len - 1));
	for (size_t i = 1; i < len; i++)
		cp = cp << 6 | (t[i] & 0x3F);
	*p = t + len;
	if (cp >= RUN_CP_SKIP + RUN_CP_GAP)
		cp -= RUN_CP_GAP;
	return cp - 1;
}

/* Outcomes by the numbers of their elements, one character each. */
static void
run_decode_outcomes(struct run_cursor *c, const unsigned char *p, size_t len)
{
	const unsigned char *end = p ? p + len : p;

	while (p < end && c->s.nout < c->nreqs)
		run_decode_outcome(c, run_outcome_id(&p, end));
}

/* The fact value of slot I numbered ID, when the run has it. */
static void
run_decode_fact(struct run_cursor *c, size_t i, long long id)
{
	if (id >= 0 && (size_t)id < c->v.nfact[i])
		c->s.facts[i] = c->v.fact[i][id];
}

/* Fact values by slot as runs of schema 19 kept them: their numbers plus
 * one, a varint each (0: none in that slot). */
static void
run_decode_facts_varints(struct run_cursor *c, const unsigned char *p, size_t len)
{
	const unsigned char *end = p ? p + len : p;

	for (size_t i = 0; p < end && i < c->nfacts; i++) {
		unsigned long long n = run_varint_get(&p, end);

		if (n > 0 && n <= (unsigned long long)LLONG_MAX)
			run_decode_fact(c, i, (long long)n - 1);
	}
}

/* Fact values by slot from their numbers plus one packed in the slots'
 * widths, the bits of the count of each slot's values (run_pack_facts);
 * the bits after the last byte read as 0. */
static void
run_decode_facts(struct run_cursor *c, const unsigned char *p, size_t len)
{
	const unsigned char *end = p ? p + len : p;
	unsigned long long acc = 0;
	unsigned nacc = 0;

	for (size_t i = 0; i < c->nfacts && (p < end || acc); i++) {
		unsigned width = run_bits(c->v.nfact[i]);
		unsigned long long n;

		for (; nacc < width && p < end; nacc += 8)
			acc |= (unsigned long long)*p++ << nacc;
		n = acc & ((1ull << width) - 1);
		acc >>= width;
		nacc = nacc > width ? nacc - width : 0;
		if (n > 0)
			run_decode_fact(c, i, (long long)n - 1);
	}
}

/* Fact values by slot as runs before schema 19 kept them: their numbers,
 * comma-separated ("0,,5": none in slot 1). */
static void
run_decode_facts_text(struct run_cursor *c, const char *ids)
{
	for (size_t i = 0; ids && *ids && i < c->nfacts; i++) {
		char *end;
		long long id = strtoll(ids, &end, 10);

		if (end != ids)
			run_decode_fact(c, i, id);
		ids = strchr(end, ',');
		if (ids == NULL)
			break;
		ids++;
	}
}

/* Step to the next subject and decode it into the cursor. */
int
run_next(struct run_cursor *c, struct run_subject *s, struct error *e)
{
	sqlite3_stmt *st = c->subjects;
	int rc, packed;

	run_subject_clear(c);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return error_set(e, EXIT_ENV, "reading the run: %s",
		    sqlite3_errmsg(sqlite3_db_handle(st)));
	c->s.id = sqlite3_column_int64(st, 0);
	c->s.has_score = sqlite3_column_type(st, 1) != SQLITE_NULL;
	c->s.score = sqlite3_column_double(st, 1);
	c->s.grade = db_col_dup(st, 2);
	c->s.stars = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 3);
	c->s.award = sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 4);
	c->s.next_band = db_col_dup(st, 5);
	packed = sqlite3_column_type(st, 6) == SQLITE_BLOB;
	if (packed)
		run_decode_outcomes(c, sqlite3_column_blob(st, 6), (size_t)sqlite3_column_bytes(st, 6));
	else
		run_decode_outcomes_json(c, (const char *)sqlite3_column_text(st, 6));
	if (sqlite3_column_type(st, 7) == SQLITE_BLOB && packed)
		run_decode_facts(c, sqlite3_column_blob(st, 7), (size_t)sqlite3_column_bytes(st, 7));
	else if (sqlite3_column_type(st, 7) == SQLITE_BLOB)
		run_decode_facts_varints(c, sqlite3_column_blob(st, 7),
		    (size_t)sqlite3_column_bytes(st, 7));
	else
		run_decode_facts_text(c, (const char *)sqlite3_column_text(st, 7));
	*s = c->s;
	return 1;
}

/* Free the cursor, its last subject and the run's values. */
void
run_close(struct run_cursor *c)
{
	if (c == NULL)
		return;
	if (c->s.out)
		run_subject_clear(c);
	sqlite3_finalize(c->subjects);
	run_values_free(&c->v, c->nreqs, c->nfacts);
	free(c->s.out);
	free(c->s.facts);
	free(c);
}

/* The Ith fact outcome K of S read, with its name; NULL when there are
 * no more, and *name NULL for a slot the run has no name for. */
static const struct view_value *
run_fact_read(const struct run_info *r, const struct run_subject *s, size_t k, size_t i,
    const char **name)
{
	static const struct view_value none = { VIEW_NIL, 0, 0, NULL, 0 };
	const struct run_stored *o = k < s->nout ? &s->out[k] : NULL;
	size_t slot;

	if (o == NULL || i >= o->ntouched)
		return NULL;
	slot = o->touched[i];
	*name = slot < r->nfacts[RUN_MEMBER] ? r->facts[RUN_MEMBER][slot] : NULL;
	return *name ? &s->facts[slot] : &none;
}

/* The touched slots of outcome K, by name, with their stored values; a
 * number as json writes it. */
char *
run_facts_read(const struct run_info *r, const struct run_subject *s, size_t k)
{
	const struct view_value *v;
	const char *name;
	struct sbuf b;

	sbuf_init(&b);
	for (size_t i = 0; (v = run_fact_read(r, s, k, i, &name)) != NULL; i++) {
		if (name == NULL)
			continue;
		sbuf_addf(&b, "%s%s ", b.len ? ", " : "", name);
		if (v->type == VIEW_BOOL)
			sbuf_adds(&b, v->i ? "true" : "false");
		else if (v->type == VIEW_INT)
			sbuf_addf(&b, "%lld", v->i);
		else if (v->type == VIEW_NUM)
			emit_json_num(&b, v->n);
		else
			sbuf_adds(&b, v->type == VIEW_STR ? v->s : "-");
	}
	if (b.s == NULL)
		return xstrdup("");
	return sbuf_detach(&b);
}

/* The same facts as members of the object open in w: "services":3. */
void
run_facts_emit(const struct run_info *r, const struct run_subject *s, size_t k,
    struct emit *w)
{
	const struct view_value *v;
	const char *name;

	for (size_t i = 0; (v = run_fact_read(r, s, k, i, &name)) != NULL; i++)
		if (name) {
			emit_key(w, name);
			run_fact_emit(w, v);
		}
}

/* One stored fact value as json shows it (a number without its ".0"). */
void
run_fact_emit(struct emit *w, const struct view_value *v)
{
	if (v->type == VIEW_BOOL)
		emit_bool(w, v->i != 0);
	else if (v->type == VIEW_INT)
		emit_int(w, v->i);
	else if (v->type == VIEW_NUM)
		emit_num(w, v->n);
	else
		emit_str(w, v->type == VIEW_STR ? v->s : NULL);
}

/* ---- keeping ---- */

/* Each run's row handed to fn; the strings live during the call only. */
int
run_list(struct db *db, const char *pack, int year,
    void (*fn)(const struct run_entry *r, void *arg), void *arg, struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, pack, pack_version, year, as_of, started,"
	    " finished, status, members, pinned, forced FROM run WHERE (?1 IS NULL OR pack = ?1)"
	    " AND (?2 = 0 OR year = ?2) ORDER BY id DESC", e);

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, pack);
	sqlite3_bind_int(st, 2, year);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct run_entry r = {
			.id = sqlite3_column_int64(st, 0),
			.pack = (const char *)sqlite3_column_text(st, 1),
			.version = (const char *)sqlite3_column_text(st, 2),
			.year = sqlite3_column_int(st, 3),
			.as_of = (const char *)sqlite3_column_text(st, 4),
			.started = (const char *)sqlite3_column_text(st, 5),
			.finished = (const char *)sqlite3_column_text(st, 6),
			.status = (const char *)sqlite3_column_text(st, 7),
			.members = sqlite3_column_int(st, 8),
			.pinned = sqlite3_column_int(st, 9),
			.forced = sqlite3_column_int(st, 10),
		};

		fn(&r, arg);
	}
	sqlite3_finalize(st);
	return 0;
}

/* The runs prune removes: unpinned finished runs past the newest ?1 of
 * their pack and year, and unpinned failed runs older than the oldest
 * finished run kept (all of them when none is kept). */
static const char run_prune_sql[] =
	"CREATE TEMP TABLE IF NOT EXISTS run_gone (id INTEGER PRIMARY KEY);"
	"DELETE FROM temp.run_gone;";
static const char run_prune_pick[] =
	"INSERT INTO temp.run_gone (id)"
	" WITH ranked AS (SELECT id, pack, year, row_number() OVER"
	"  (PARTITION BY pack, year ORDER BY id DESC) AS k FROM run"
	"  WHERE status = 'finished' AND pinned = 0),"
	" kept AS (SELECT pack, year, min(id) AS oldest FROM ranked WHERE k <= ?1"
	"  GROUP BY pack, year)"
	" SELECT r.id FROM run r WHERE (?2 IS NULL OR r.pack = ?2) AND r.pinned = 0"
	" AND ((r.status = 'finished' AND r.id IN (SELECT id FROM ranked WHERE k > ?1))"
	"  OR (r.status <> 'finished' AND r.id < coalesce((SELECT oldest FROM kept"
	"   WHERE kept.pack = r.pack AND kept.year = r.year), 9223372036854775807)))";
static const char run_prune_delete[] =
	"DELETE FROM run_subject WHERE run_id IN (SELECT id FROM temp.run_gone);"
	"DELETE FROM run_value WHERE run_id IN (SELECT id FROM temp.run_gone);"
	"DELETE FROM finding WHERE run_id IN (SELECT id FROM temp.run_gone);"
	"DELETE FROM run_requirement WHERE run_id IN (SELECT id FROM temp.run_gone);"
	"DELETE FROM run WHERE id IN (SELECT id FROM temp.run_gone);";

/* Pick the runs into a temporary table, then delete them and theirs. */
int
run_prune(struct db *db, long keep, const char *pack, long *removed, struct error *e)
{
	sqlite3_stmt *st = NULL;

	*removed = 0;
	if (db_begin(db, e) != 0)
		return -1;
	if (db_exec(db, run_prune_sql, e) != 0 ||
	    (st = db_prepare(db, run_prune_pick, e)) == NULL)
		goto fail;
	sqlite3_bind_int64(st, 1, keep);
	db_bind_text(st, 2, pack);
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_fail(db, e, "choosing the runs to prune");
		goto fail;
	}
	*removed = sqlite3_changes(db->h);
	sqlite3_finalize(st);
	st = NULL;
	if (db_exec(db, run_prune_delete, e) != 0 || db_commit(db, e) != 0)
		goto fail;
	return 0;
fail:
	sqlite3_finalize(st);
	db_rollback(db);
	*removed = 0;
	return -1;
}

/* Set the pinned flag; an unknown run is a usage error. */
int
run_pin(struct db *db, long long id, int pinned, struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "UPDATE run SET pinned = ? WHERE id = ?", e);
	int rc = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, pinned != 0);
	sqlite3_bind_int64(st, 2, id);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_fail(db, e, "pinning the run");
	else if (sqlite3_changes(db->h) == 0)
		rc = error_set(e, EXIT_USAGE, tr("no run %lld", "没有第 %lld 次评议"), id);
	sqlite3_finalize(st);
	return rc;
}
