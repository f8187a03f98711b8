/*
 * import_org.c - importing orgs: parents first, and parent cycles.
 *
 * A row may name a parent or a community defined further down the file,
 * so the file is read once ahead: every code it defines is registered,
 * each row whose parents lead back to itself is reported, and the rows
 * are put in an order that writes each after its parent and community.
 * Only a unit or a branch may have a community.
 */
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "import_int.h"
#include "model.h"
#include "record.h"
#include "util.h"

/* Only a unit or branch has a community (paired, or designated). */
static void
import_org_check(struct import_run *r)
{
	const struct import_val *kind = &r->val[import_c(r, "kind")];
	int community = import_c(r, "community");

	if (r->val[community].given && kind->type == SQLITE_TEXT &&
	    !(import_kind_bit(kind->s) & (RECORD_K_UNIT | RECORD_K_BRANCH)))
		import_error(r, r->row, r->label[community], "%s", tr(
		    "only a unit or a branch has a community",
		    "只有单位或党支部才有结对社区"));
}

/* An org row of the file as the prescan sees it. */
struct import_orgrow {
	struct import_pos at;
	int row;
	char *code, *parent, *community;
	int placed;			/* in r->order already */
};

struct import_orgscan {
	struct import_orgrow *row;
	size_t n, cap;
};

/* Note the current record's org and register its code, so that rows
 * above it may name it; the first row defining a code wins. */
static void
import_org_collect(struct import_run *r, struct import_orgscan *s)
{
	struct import_orgrow *o;
	struct import_ref *ref;
	const char *code;

	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->row = xrealloc(s->row, s->cap * sizeof *s->row);
	}
	o = &s->row[s->n++];
	o->at = r->at;
	o->row = r->row;
	o->code = xstrdup(code = import_cell(r, import_c(r, "code")));
	o->parent = xstrdup(import_cell(r, import_c(r, "parent")));
	o->community = xstrdup(import_cell(r, import_c(r, "community")));
	o->placed = 0;
	if (*code == '\0')
		return;
	ref = import_lookup(r, RECORD_T_ORG, code);
	if (ref->idx == 0) {
		ref->idx = (int)s->n;
		ref->known = 1;
		ref->kind = import_kind_bit(model_norm_org_kind(import_cell(r,
		    import_c(r, "kind"))));
	}
}

/* The parent code of org CODE: the file's word if the file defines it,
 * else the database's (into buf); "" when it has none. */
static const char *
import_org_parent(struct import_run *r, const struct import_orgscan *s,
    const char *code, struct sbuf *buf)
{
	const struct import_ref *ref = import_refs_find(&r->refs[RECORD_T_ORG], code);
	sqlite3_stmt *up = r->xst[0];

	if (ref != NULL && ref->idx != 0)
		return s->row[ref->idx - 1].parent;
	sqlite3_bind_text(up, 1, code, -1, SQLITE_TRANSIENT);
	sbuf_reset(buf);
	sbuf_add(buf, "", 0);
	if (sqlite3_step(up) == SQLITE_ROW)
		sbuf_adds(buf, (const char *)sqlite3_column_text(up, 0));
	sqlite3_reset(up);
	return buf->s;
}

/*
 * Report each row whose parents lead back to itself.  A walk that never
 * returns (a cycle above the row, reported at its own rows) stops after
 * LIMIT steps, more than any chain without a cycle can have.  Returns the
 * number of rows in cycles.
 */
static int
import_org_cycles(struct import_run *r, const struct import_orgscan *s)
{
	long limit = (long)s->n + (long)db_int(r->db, "SELECT count(*) FROM org", 0) + 1;
	struct sbuf buf;
	int cycles = 0;

	sbuf_init(&buf);
	for (size_t i = 0; i < s->n; i++) {
		const char *cur = s->row[i].parent;

		for (long step = 0; *cur != '\0' && step < limit; step++) {
			if (strcmp(cur, s->row[i].code) == 0) {
				import_error(r, s->row[i].row, r->label[import_c(r, "parent")],
				    import_tr("parent cycle through '%s'",
				    "上级关系成环（经过 '%s'）"), s->row[i].parent);
				cycles++;
				break;
			}
			cur = import_org_parent(r, s, cur, &buf);
		}
	}
	sbuf_free(&buf);
	return cycles;
}

/* Whether row I may be written as far as org CODE is concerned: CODE is
 * empty, not defined by another row of the file, or that row is placed. */
static int
import_org_ready(struct import_run *r, const struct import_orgscan *s,
    size_t i, const char *code)
{
	const struct import_ref *ref;

	if (*code == '\0')
		return 1;
	ref = import_refs_find(&r->refs[RECORD_T_ORG], code);
	if (ref == NULL || ref->idx == 0 || (size_t)ref->idx - 1 == i)
		return 1;
	return s->row[ref->idx - 1].placed;
}

static void
import_org_place(struct import_run *r, struct import_orgrow *o)
{
	r->order[r->norder++] = o->at;
	o->placed = 1;
}

/*
 * Put the rows in writing order: each after the rows defining its parent
 * and its community, otherwise in file order.  Passes over the rows until
 * none moves; the hierarchy is a few levels deep, so there are few passes.
 * Rows left over wait on each other (a unit paired with a community below
 * it): reported, and placed anyway so their cells are still checked.
 */
static void
import_org_order(struct import_run *r, struct import_orgscan *s, int cycles)
{
	int moved;
	size_t i;

	r->order = xcalloc(s->n ? s->n : 1, sizeof *r->order);
	do {
		moved = 0;
		for (i = 0; i < s->n && !cycles; i++) {
			struct import_orgrow *o = &s->row[i];

			if (!o->placed && import_org_ready(r, s, i, o->parent) &&
			    import_org_ready(r, s, i, o->community)) {
				import_org_place(r, o);
				moved = 1;
			}
		}
	} while (moved);
	for (i = 0; i < s->n; i++) {
		if (s->row[i].placed)
			continue;
		if (!cycles)
			import_error(r, s->row[i].row, r->label[import_c(r, "community")], import_tr(
			    "parents and communities form a cycle through '%s'",
			    "上级与结对社区关系成环（经过 '%s'）"), s->row[i].community);
		import_org_place(r, &s->row[i]);
	}
}

/*
 * Read the whole orgs file ahead of the import: register every code it
 * defines (so a row may name a parent defined further down), find parent
 * cycles, and choose the writing order for import_rows().
 */
static void
import_org_prescan(struct import_run *r)
{
	struct import_orgscan s = { NULL, 0, 0 };
	size_t pos = csv_tell(&r->f);
	int row = r->f.row, cycles;

	while (import_record(r) == 1)
		import_org_collect(r, &s);
	csv_seek(&r->f, pos, row);
	cycles = import_org_cycles(r, &s);
	import_org_order(r, &s, cycles);
	for (size_t i = 0; i < s.n; i++) {
		free(s.row[i].code);
		free(s.row[i].parent);
		free(s.row[i].community);
	}
	free(s.row);
}

/* A written org's id, for the rows below it in the order. */
static int
import_org_after(struct import_run *r, long long id, int status)
{
	const char *code = r->val[import_c(r, "code")].s;
	struct import_ref *ref = import_refs_find(&r->refs[RECORD_T_ORG], code);

	if (ref != NULL)
		ref->id = id;
	return status;
}

/* The parent code of an org the database holds (xst[0]). */
static const char *const import_org_sql[] = {
	"SELECT p.code FROM org AS o JOIN org AS p ON p.id = o.parent_id"
	" WHERE o.code = ?1",
	NULL
};

const struct import_hooks import_org_hooks = {
	"orgs", import_org_sql, import_org_prescan, import_org_check, import_org_after,
	NULL
};
