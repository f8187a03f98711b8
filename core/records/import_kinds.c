/*
 * import_kinds.c - what import does for a kind beyond its columns.
 *
 * Most kinds are read, checked and written from their record.c columns
 * alone.  A few check one column against another (a date not before
 * another, a cell that needs another); orgs are written parents first
 * (import_org.c), a wish's dates are its 三单制 states (import_wish.c) and
 * a member's changes are kept as history (import_member.c).
 * This file holds the checks the kinds share and the table of hooks.
 */
#include <stdlib.h>
#include <string.h>

#include "import_int.h"
#include "record.h"
#include "util.h"

/* The index of the kind's column NAME: the hooks name the columns they
 * check, so the record table alone says where each one is.  They ask for
 * every row, always with the same literals, so the answers are kept by
 * the name's address (a name not kept is looked up, as always). */
int
import_c(struct import_run *r, const char *name)
{
	int c;

	for (size_t i = 0; i < r->nnamed; i++)
		if (r->named[i].name == name)
			return r->named[i].c;
	if ((c = record_col_index(r->k, name)) < 0) {
		util_warnx("import: kind %s has no column %s", r->k->name, name);
		abort();
	}
	if (r->nnamed < IMPORT_MAXNAMED)
		r->named[r->nnamed++] = (struct import_named){ name, c };
	return c;
}

/* LATER's date may not come before EARLIER's (both read as ISO dates). */
void
import_check_order(struct import_run *r, int earlier, int later)
{
	const struct import_val *a = &r->val[earlier], *b = &r->val[later];

	if (a->type == SQLITE_TEXT && b->type == SQLITE_TEXT && strcmp(b->s, a->s) < 0)
		import_error(r, r->row, r->label[later], import_tr(
		    "%s %s is earlier than %s %s", "%s %s 早于%s %s"),
		    r->label[later], b->s, r->label[earlier], a->s);
}

/* A cell of column C may be filled only when one of NEEDS is too. */
void
import_check_needs(struct import_run *r, int c, int needs)
{
	if (r->val[c].given && !r->val[needs].given)
		import_error(r, r->row, r->label[c], import_tr("%s without %s",
		    "有%s却没有%s"), r->label[c], r->label[needs]);
}

static void
import_registration_check(struct import_run *r)
{
	import_check_order(r, import_c(r, "date"), import_c(r, "receipt"));
}

static void
import_pairing_check(struct import_run *r)
{
	import_check_order(r, import_c(r, "start"), import_c(r, "end"));
}

/* The kinds whose import needs code of its own; the others are read,
 * checked and written from their columns alone. */
static const struct import_hooks import_registration_hooks = {
	"registrations", NULL, NULL, import_registration_check, NULL, NULL
};
static const struct import_hooks import_pairing_hooks = {
	"pairings", NULL, NULL, import_pairing_check, NULL, NULL
};
static const struct import_hooks *const import_hook_table[] = {
	&import_org_hooks, &import_member_hooks, &import_registration_hooks,
	&import_wish_hooks, &import_pairing_hooks, NULL
};

/* The hooks of kind K: its entry, or none. */
const struct import_hooks *
import_hooks_of(const struct record_kind *k)
{
	static const struct import_hooks none;

	for (size_t i = 0; import_hook_table[i] != NULL; i++)
		if (strcmp(import_hook_table[i]->kind, k->name) == 0)
			return import_hook_table[i];
	return &none;
}
