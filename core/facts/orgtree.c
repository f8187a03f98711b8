/*
 * orgtree.c - the org table in memory: loaded once per evaluation or
 * report (one query), indexed by id, with the scope of --org marked by
 * walking parents; and the org record org rules see.
 */
#include <stdlib.h>
#include <string.h>

#include "orgtree.h"

static const char *const orgtree_kinds[ORGTREE_NKINDS] = {
	"province", "city", "county", "street", "community", "unit", "branch"
};

/* The ORGTREE_* kind named NAME, or -1. */
int
orgtree_kind(const char *name)
{
	for (int i = 0; i < ORGTREE_NKINDS; i++)
		if (strcmp(orgtree_kinds[i], name) == 0)
			return i;
	return -1;
}

/* Room for orgs with ids below N, all absent. */
static void
orgtree_alloc(struct orgtree *o, size_t n)
{
	o->n = n;
	o->code = xcalloc(n, sizeof *o->code);
	o->name = xcalloc(n, sizeof *o->name);
	o->kind_name = xcalloc(n, sizeof *o->kind_name);
	o->kind = xcalloc(n, sizeof *o->kind);
	o->parent = xcalloc(n, sizeof *o->parent);
	o->community = xcalloc(n, sizeof *o->community);
	o->liaison = xcalloc(n, sizeof *o->liaison);
	o->text = xcalloc(n * 5, sizeof *o->text);
	o->exists = xcalloc(n, 1);
	o->in_scope = xcalloc(n, 1);
}

/* The community the unit or branch id is linked to, else the one of the
 * first org above it that has one: a branch's designated community, a
 * unit's paired one (单位联系社区); 0 when none. */
static long long
orgtree_liaison_of(const struct orgtree *o, long long id)
{
	for (size_t depth = 0; orgtree_code(o, id)[0] != '\0' && depth < o->n; depth++) {
		if (o->community[id] > 0)
			return o->community[id];
		id = o->parent[id];
	}
	return 0;
}

/* Mark the org SCOPE and everything below it as in scope (all when NULL). */
static int
orgtree_scope(struct orgtree *o, const char *scope, struct error *e)
{
	long long root = -1;
	int changed = 1;

	if (scope == NULL) {
		memcpy(o->in_scope, o->exists, o->n);
		return 0;
	}
	for (size_t i = 0; i < o->n; i++)
		if (o->exists[i] && strcmp(o->code[i], scope) == 0)
			root = (long long)i;
	if (root < 0)
		return error_set(e, EXIT_USAGE, tr("unknown org '%s'", "组织 '%s' 不存在"), scope);
	o->in_scope[root] = 1;
	/* Parents may have larger ids than children: repeat until stable. */
	while (changed) {
		changed = 0;
		for (size_t i = 0; i < o->n; i++) {
			long long p = o->parent[i];

			if (o->exists[i] && !o->in_scope[i] && p > 0 && o->in_scope[p]) {
				o->in_scope[i] = 1;
				changed = 1;
			}
		}
	}
	return 0;
}

/* Read the org table into O (which owns every string) and mark the scope. */
int
orgtree_load(struct db *db, const char *scope, struct orgtree *o, struct error *e)
{
	sqlite3_stmt *st;
	long long max = db_int(db, "SELECT max(id) FROM org", 0);

	memset(o, 0, sizeof *o);
	orgtree_alloc(o, (size_t)max + 1);
	st = db_prepare(db, "SELECT id, code, name, kind, ifnull(parent_id, 0),"
	    " ifnull(community_id, 0), phone, qq_group, secretary, mobile, address FROM org", e);
	if (st == NULL) {
		orgtree_free(o);
		return -1;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);

		if (id <= 0 || id > max)
			continue;
		o->exists[id] = 1;
		o->code[id] = db_col_dup(st, 1);
		o->name[id] = db_col_dup(st, 2);
		o->kind_name[id] = db_col_dup(st, 3);
		o->kind[id] = orgtree_kind(o->kind_name[id]);
		o->parent[id] = sqlite3_column_int64(st, 4);
		o->community[id] = sqlite3_column_int64(st, 5);
		for (int k = 0; k < 5; k++)
			o->text[id * 5 + (size_t)k] = db_col_dup(st, 6 + k);
	}
	sqlite3_finalize(st);
	if (orgtree_scope(o, scope, e) != 0) {
		orgtree_free(o);
		return -1;
	}
	for (size_t id = 1; id < o->n; id++)
		o->liaison[id] = orgtree_liaison_of(o, (long long)id);
	return 0;
}

/* Release what orgtree_load() allocated. */
void
orgtree_free(struct orgtree *o)
{
	for (size_t i = 0; i < o->n; i++) {
		free(o->code[i]);
		free(o->name[i]);
		free(o->kind_name[i]);
		for (int k = 0; k < 5; k++)
			free(o->text[i * 5 + (size_t)k]);
	}
	free(o->code);
	free(o->name);
	free(o->kind_name);
	free(o->kind);
	free(o->parent);
	free(o->community);
	free(o->liaison);
	free(o->text);
	free(o->exists);
	free(o->in_scope);
	memset(o, 0, sizeof *o);
}

/* Org ID's code; "" for 0 (none) or an id the table lacks. */
const char *
orgtree_code(const struct orgtree *o, long long id)
{
	if (id <= 0 || (size_t)id >= o->n || !o->exists[id])
		return "";
	return o->code[id];
}

/* See orgtree.h; the climb stops after n steps, whatever the parents say. */
const char *
orgtree_name_of(const struct orgtree *o, long long id, int kind)
{
	for (size_t depth = 0; orgtree_code(o, id)[0] != '\0' && depth < o->n; depth++) {
		if (kind < 0 || o->kind[id] == kind)
			return o->name[id];
		id = o->parent[id];
	}
	return "";
}

static char *orgtree_names[] = {
	"code", "name", "kind", "parent", "community", "phone", "qq_group", "secretary",
	"mobile", "address", "parent_name", "street_name", "county_name", "community_name",
};
static const struct view_schema orgtree_view_schema = {
	(char *)"org", orgtree_names, sizeof orgtree_names / sizeof orgtree_names[0]
};

/* The org record's names, static. */
const struct view_schema *
orgtree_schema(void)
{
	return &orgtree_view_schema;
}

/* Org ID's record; the strings stay owned by O. */
void
orgtree_fields(const struct orgtree *o, long long id, struct view_value *out)
{
	const char *t;

	view_set_str(&out[0], o->code[id]);
	view_set_str(&out[1], o->name[id]);
	view_set_str(&out[2], o->kind_name[id]);
	view_set_str(&out[3], orgtree_code(o, o->parent[id]));
	view_set_str(&out[4], orgtree_code(o, o->community[id]));
	for (int k = 0; k < 5; k++) {
		t = o->text[(size_t)id * 5 + (size_t)k];
		view_set_str(&out[5 + k], t ? t : "");
	}
	view_set_str(&out[10], orgtree_name_of(o, o->parent[id], -1));
	view_set_str(&out[11], orgtree_name_of(o, o->parent[id], ORGTREE_STREET));
	view_set_str(&out[12], orgtree_name_of(o, o->parent[id], ORGTREE_COUNTY));
	view_set_str(&out[13], orgtree_name_of(o, o->community[id], -1));
}

/* The names of org id and of every org above it, from the top down,
 * separated by '/' ("" when id is no org), written to *buf, which grows
 * as needed and belongs to the caller: member rules read it to tell where
 * a unit or a community lies (a branch under an exempt unit, a community
 * outside the city). */
const char *
orgtree_path(const struct orgtree *o, long long id, char **buf, size_t *cap)
{
	size_t len = 0, depth = 0, pos;
	long long p;

	for (p = id; orgtree_code(o, p)[0] != '\0' && depth < o->n; p = o->parent[p]) {
		len += strlen(o->name[p]) + 1;
		depth++;
	}
	if (depth == 0)
		return "";
	if (len > *cap) {
		free(*buf);
		*buf = xmalloc(len);
		*cap = len;
	}
	pos = len - 1;
	(*buf)[pos] = '\0';
	for (p = id; depth-- > 0; p = o->parent[p]) {
		size_t n = strlen(o->name[p]);

		pos -= n;
		memcpy(*buf + pos, o->name[p], n);
		if (pos > 0)
			(*buf)[--pos] = '/';
	}
	return *buf;
}

/* See orgtree.h: read from the table orgtree_load() made, since every
 * member asks it of its unit, and the climb is a cache miss a step. */
long long
orgtree_liaison(const struct orgtree *o, long long id)
{
	return id > 0 && (size_t)id < o->n ? o->liaison[id] : 0;
}
