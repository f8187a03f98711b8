/*
 * import_ref.c - the codes a file names, and the rows it has written.
 *
 * A reference column names an org, member, post or wish by its code; each
 * distinct code is looked up once per file and remembered, found or not
 * (the org prescan also registers the codes the file itself defines).  The
 * table rows the file wrote or matched are remembered by id, which is how
 * two rows with one natural key are found.
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
	for (size_t i = 0; i < m->cap; i++)
		free(m->slot[i].code);
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

/* A mix of the id's bits, for the seen map. */
static size_t
import_hash_id(long long id)
{
	return (size_t)(((unsigned long long)id * 0x9E3779B97F4A7C15ULL) >> 17);
}

/* Double the seen map. */
static void
import_seen_grow(struct import_seen *m)
{
	struct import_seen bigger = { NULL, m->cap ? 2 * m->cap : 1024, m->n };
	size_t i;

	bigger.slot = xcalloc(bigger.cap, sizeof *bigger.slot);
	for (size_t j = 0; j < m->cap; j++) {
		if (m->slot[j].id == 0)
			continue;
		for (i = import_hash_id(m->slot[j].id) & (bigger.cap - 1);
		    bigger.slot[i].id != 0; i = (i + 1) & (bigger.cap - 1))
			;
		bigger.slot[i] = m->slot[j];
	}
	free(m->slot);
	*m = bigger;
}

/*
 * Remember that the current row wrote or matched table row ID.  If another
 * row of the file did already, the two share a natural key: the later one
 * is the duplicate (orgs are written out of file order).  Returns -1 then.
 */
int
import_seen(struct import_run *r, long long id)
{
	struct import_seen *m = &r->seen;
	const char *key = r->label[0];	/* every kind's key starts with column 0 */
	size_t i;

	if (2 * (m->n + 1) > m->cap)
		import_seen_grow(m);
	for (i = import_hash_id(id) & (m->cap - 1); m->slot[i].id != 0;
	    i = (i + 1) & (m->cap - 1)) {
		int other = m->slot[i].row;

		if (m->slot[i].id != id)
			continue;
		import_error(r, other > r->row ? other : r->row, key,
		    import_tr("duplicate of row %d", "与第 %d 行重复"),
		    other < r->row ? other : r->row);
		return -1;
	}
	m->slot[i].id = id;
	m->slot[i].row = r->row;
	m->n++;
	return 0;
}
