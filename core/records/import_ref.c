/*
 * import_ref.c - the codes a file names, and the rows it has written.
 *
 * A reference column names an org, member, post or wish by its code; each
 * distinct code is looked up once and remembered, found or not (the org
 * prescan also registers the codes the file itself defines); members,
 * posts and wishes only up to IMPORT_MAXREFS at a time.  The
 * table rows the file wrote or matched are remembered, which is how two
 * rows with one natural key are found: those it inserted by runs of ids,
 * those it matched in a temporary table, so memory does not grow with the
 * rows.
 */
#include <stdlib.h>
#include <string.h>

#include "import_int.h"
#include "util.h"

/* The RECORD_K_* bit of an org kind as stored; 0 for anything else. */
unsigned
import_kind_bit(const char *kind)
{
	for (size_t i = 0; kind != NULL && i < RECORD_NORGKINDS; i++)
		if (strcmp(kind, record_org_kinds[i].name) == 0)
			return 1u << i;
	return 0;
}

/* FNV-1a: codes are short, and this spreads them well enough. */
static size_t
import_hash(const char *s)
{
	unsigned long long h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return (size_t)h;
}

/* The entry for CODE, or NULL. */
struct import_ref *
import_refs_find(const struct import_refs *m, const char *code)
{
	size_t i;

	if (m->cap == 0)
		return NULL;
	for (i = import_hash(code) & (m->cap - 1); m->slot[i].code != NULL;
	    i = (i + 1) & (m->cap - 1))
		if (strcmp(m->slot[i].code, code) == 0)
			return &m->slot[i];
	return NULL;
}

/* Add CODE, which is not there yet, as unknown; the map owns a copy.
 * Pointers into the map are valid only until the next add. */
static struct import_ref *
import_refs_add(struct import_refs *m, const char *code)
{
	size_t i;

	if (2 * (m->n + 1) > m->cap) {
		struct import_refs bigger = { NULL, m->cap ? 2 * m->cap : 256, m->n };

		bigger.slot = xcalloc(bigger.cap, sizeof *bigger.slot);
		for (size_t j = 0; j < m->cap; j++) {
			if (m->slot[j].code == NULL)
				continue;
			for (i = import_hash(m->slot[j].code) & (bigger.cap - 1);
			    bigger.slot[i].code != NULL; i = (i + 1) & (bigger.cap - 1))
				;
			bigger.slot[i] = m->slot[j];
		}
		free(m->slot);
		*m = bigger;
	}
	for (i = import_hash(code) & (m->cap - 1); m->slot[i].code != NULL;
	    i = (i + 1) & (m->cap - 1))
		;
	memset(&m->slot[i], 0, sizeof m->slot[i]);
	m->slot[i].code = xstrdup(code);
	m->n++;
	return &m->slot[i];
}

void
import_refs_free(struct import_refs *m)
{
	for (size_t i = 0; i < m->cap; i++) {
		free(m->slot[i].code);
		free(m->slot[i].hint);
	}
	free(m->slot);
	memset(m, 0, sizeof *m);
}

/* What CODE names among the things of TYPE: from the map, else from the
 * database (and then remembered, found or not). */
struct import_ref *
import_lookup(struct import_run *r, enum record_type type, const char *code)
{
	sqlite3_stmt *st = r->lookup[type];
	struct import_ref *ref;
	int rc;

	if ((ref = import_refs_find(&r->refs[type], code)) != NULL)
		return ref;
	/* Members, posts and wishes are forgotten now and then, so that a
	 * million of them do not stay in memory; a file names them mostly in
	 * runs, and one forgotten costs one query again.  Orgs stay: the
	 * prescan notes in them what the file defines. */
	if (type != RECORD_T_ORG && r->refs[type].n >= IMPORT_MAXREFS)
		import_refs_free(&r->refs[type]);
	ref = import_refs_add(&r->refs[type], code);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		ref->known = 1;
		ref->id = sqlite3_column_int64(st, 0);
		ref->kind = import_kind_bit((const char *)sqlite3_column_text(st, 1));
	} else if (rc != SQLITE_DONE)
		db_fail(r->db, r->e, "lookup");
	sqlite3_reset(st);
	return ref;
}

/*
 * Start remembering the rows the file writes or matches: the table's
 * largest id now (and whether it is empty), and an empty temporary table
 * for the rows matched.
 * Returns 0 or -1 (r->e set).
 */
int
import_seen_begin(struct import_run *r)
{
	struct import_seen *m = &r->seen;
	char *sql = xasprintf("SELECT max(id) FROM %s", r->k->table);

	m->top = db_int(r->db, sql, -1);
	free(sql);
	m->fresh = m->top < 0 && r->k->keyunique;
	if (m->top < 0)
		m->top = 0;
	if (db_exec(r->db, "CREATE TEMP TABLE IF NOT EXISTS import_seen"
	    " (id INTEGER PRIMARY KEY, row INTEGER NOT NULL);"
	    " DELETE FROM temp.import_seen;", r->e) != 0)
		return -1;
	m->add = db_prepare(r->db, "INSERT INTO temp.import_seen (id, row) VALUES (?1, ?2)"
	    " ON CONFLICT (id) DO NOTHING", r->e);
	m->get = db_prepare(r->db, "SELECT row FROM temp.import_seen WHERE id = ?1", r->e);
	return m->add != NULL && m->get != NULL ? 0 : -1;
}

void
import_seen_free(struct import_seen *m)
{
	sqlite3_finalize(m->add);
	sqlite3_finalize(m->get);
	free(m->span);
	memset(m, 0, sizeof *m);
}

/* Note that the current row inserted ID, one up from the last insert. */
static void
import_seen_insert(struct import_run *r, long long id)
{
	struct import_seen *m = &r->seen;
	struct import_span *last = m->nspan ? &m->span[m->nspan - 1] : NULL;

	if (last != NULL && id == last->id + last->n && r->row == last->row + last->n) {
		last->n++;
		return;
	}
	if (m->nspan == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 16;
		m->span = xrealloc(m->span, m->cap * sizeof *m->span);
	}
	m->span[m->nspan++] = (struct import_span){ id, r->row, 1 };
}

/* The file row that inserted ID, which this file did. */
static int
import_seen_row(const struct import_seen *m, long long id)
{
	size_t lo = 0, hi = m->nspan;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->span[mid].id <= id)
			lo = mid;
		else
			hi = mid;
	}
	return m->span[lo].row + (int)(id - m->span[lo].id);
}

/* The file row that matched ID, which was there before; 0 if none did,
 * and then the current row has. */
static int
import_seen_match(struct import_run *r, long long id)
{
	struct import_seen *m = &r->seen;
	int other = 0, rc;

	sqlite3_bind_int64(m->add, 1, id);
	sqlite3_bind_int(m->add, 2, r->row);
	rc = sqlite3_step(m->add);
	sqlite3_reset(m->add);
	if (rc != SQLITE_DONE)
		return db_fail(r->db, r->e, "import_seen"), -1;
	if (sqlite3_changes(r->db->h) > 0)
		return 0;
	sqlite3_bind_int64(m->get, 1, id);
	if (sqlite3_step(m->get) == SQLITE_ROW)
		other = sqlite3_column_int(m->get, 0);
	sqlite3_reset(m->get);
	return other;
}

/*
 * Remember that the current row wrote (INSERTED) or matched table row ID.
 * If another row of the file did already, the two share a natural key:
 * the later one is the duplicate (orgs are written out of file order).
 * Returns -1 then, or when the database fails (r->e set).
 */
int
import_seen(struct import_run *r, long long id, int inserted)
{
	const char *key = r->label[0];	/* every kind's key starts with column 0 */
	int other;

	if (inserted) {
		import_seen_insert(r, id);
		return 0;
	}
	if (id > r->seen.top && r->seen.nspan > 0)
		other = import_seen_row(&r->seen, id);
	else if ((other = import_seen_match(r, id)) <= 0)
		return other;
	import_error(r, other > r->row ? other : r->row, key,
	    import_tr("duplicate of row %d", "与第 %d 行重复"),
	    other < r->row ? other : r->row);
	return -1;
}

/* Whether CODE is what Excel makes of a number: digits, and at most one
 * point with digits after it. */
static int
import_numeric(const char *code)
{
	const char *p = code;

	while (*p >= '0' && *p <= '9')
		p++;
	if (p == code)
		return 0;
	if (*p == '.' && p[1] >= '0' && p[1] <= '9')
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
	return *p == '\0';
}

/*
 * The known code of TYPE that the unknown code REF names once its zeros
 * are back: Excel reads a code like 008.001 as the number 8.001 (and
 * 008.010 as 8.01), so a numeric code that is unknown may be one whose
 * leading or trailing zeros it dropped.  Looked for once per code; NULL
 * when there is none.
 */
const char *
import_zeros_hint(struct import_run *r, enum record_type type, struct import_ref *ref)
{
	const struct record_kind *k = record_ref_kind(type);
	const char *f;
	sqlite3_stmt *st;
	struct error ignored = { 0 };
	char *sql;

	if (ref->hinted || k == NULL || !import_numeric(ref->code))
		return ref->hint;
	ref->hinted = 1;
	f = k->cols[0].field;
	sql = xasprintf("SELECT %s FROM %s WHERE %s <> ?1 AND %s GLOB '[0-9]*' AND "
	    "%s NOT GLOB '*[^0-9.]*' AND CAST(%s AS REAL) = CAST(?1 AS REAL) ORDER BY %s LIMIT 1",
	    f, k->table, f, f, f, f, f);
	st = db_prepare(r->db, sql, &ignored);
	free(sql);
	if (st == NULL)
		return NULL;
	sqlite3_bind_text(st, 1, ref->code, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		ref->hint = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return ref->hint;
}
