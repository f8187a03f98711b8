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

struct facts_orgs {
	size_t n;                 /* max id + 1 */
	char **code, **name, **kind_name;
	int *kind;                /* ORG_* */
	long long *parent, *community;
	char **text;              /* phone qq_group secretary mobile address, 5 per org */
	unsigned char *exists, *in_scope;
};
enum { ORG_PROVINCE, ORG_CITY, ORG_COUNTY, ORG_STREET, ORG_COMMUNITY, ORG_UNIT,
	ORG_BRANCH, ORG_NKINDS };
int   facts_org_kind(const char *name);          /* -1 when unknown */

/* Load every org; those at or under the org SCOPE_CODE (NULL: all) are in
 * scope.  Returns 0, or -1 with e set (an unknown scope is a usage error). */
int   facts_orgs_load(struct db *db, const char *scope_code, struct facts_orgs *o,
          struct error *e);
void  facts_orgs_free(struct facts_orgs *o);

/* The code of org ID, or "" when there is no such org. */
const char *facts_org_code(const struct facts_orgs *o, long long id);

/* The names of the org record handed to org rules as m, and its values
 * for org ID. */
const struct view_schema *facts_org_schema(void);
void  facts_org_fields(const struct facts_orgs *o, long long id, struct view_value *out);

#endif
