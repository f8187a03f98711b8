/*
 * orgtree.h - the org table held in memory for one evaluation or report:
 * each org's code, name, kind, parent and community by id, and which orgs
 * lie in the scope (--org) of the run.  The member cursor of facts.h, the
 * org phase of eval, validate and the report forms read it.
 */
#ifndef BAODAO_ORGTREE_H
#define BAODAO_ORGTREE_H

#include <stddef.h>

#include "db.h"
#include "util.h"
#include "view.h"

struct orgtree {
	size_t n;                 /* max id + 1 */
	char **code, **name, **kind_name;
	int *kind;                /* ORGTREE_* */
	long long *parent, *community;
	long long *liaison;       /* orgtree_liaison of each id, made at the load */
	char **text;              /* phone qq_group secretary mobile address, 5 per org */
	unsigned char *exists, *in_scope;
};
enum { ORGTREE_PROVINCE, ORGTREE_CITY, ORGTREE_COUNTY, ORGTREE_STREET, ORGTREE_COMMUNITY,
	ORGTREE_UNIT, ORGTREE_BRANCH, ORGTREE_NKINDS };
int   orgtree_kind(const char *name);          /* -1 when unknown */

/* Load every org; those at or under the org SCOPE_CODE (NULL: all) are in
 * scope.  Returns 0, or -1 with e set (an unknown scope is a usage error). */
int   orgtree_load(struct db *db, const char *scope_code, struct orgtree *o,
          struct error *e);
void  orgtree_free(struct orgtree *o);

/* The code of org ID, or "" when there is no such org. */
const char *orgtree_code(const struct orgtree *o, long long id);

/* The name of org ID (KIND -1), or of the nearest org of KIND (an
 * ORGTREE_* kind) at or above it: a community's 街道 or 县区; "" when none. */
const char *orgtree_name_of(const struct orgtree *o, long long id, int kind);

/* The names of the org record handed to org rules as m, and its values
 * for org ID. */
const struct view_schema *orgtree_schema(void);
void  orgtree_fields(const struct orgtree *o, long long id, struct view_value *out);

/* "阿克苏市/阿克苏市公安局党委/特巡警大队党支部": the names of org ID and
 * of every org above it, top down, into *buf (grown as needed, owned by
 * the caller); "" when ID is no org. */
const char *orgtree_path(const struct orgtree *o, long long id, char **buf, size_t *cap);

/* The community org ID (a branch or unit) is linked to, or failing that
 * the one of the nearest org above it that has one; 0 when none. */
long long orgtree_liaison(const struct orgtree *o, long long id);

#endif
