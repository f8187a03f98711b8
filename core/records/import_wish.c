/*
 * import_wish.c - importing wishes: a row's 三单制 states.
 *
 * A wishes row carries the wish and the dates of its states (ordered,
 * dispatched by a branch, taken by a member, done, rated).  Each state
 * needs the one before it and its actor, and is not dated before the one
 * it follows (wishstate.c judges the row; this file names its columns);
 * the states the row gives are written as wish_state rows.
 */
#include <stdio.h>
#include <string.h>

#include "date.h"
#include "import_int.h"
#include "wishstate.h"

/* The columns of each state, by step (index step - 1): the cell that
 * gives it, the cell that dates it (rated takes done's date), and the
 * cell naming its branch or member or holding its rating (NULL: none). */
static const struct import_wish_col {
	const char *given, *date, *actor;
} import_wish_cols[WISHSTATE_N] = {
	{ "ordered",	"ordered",	NULL },
	{ "dispatched",	"dispatched",	"dispatcher" },
	{ "taken",	"taken",	"taker" },
	{ "done",	"done",		NULL },
	{ "rating",	"done",		"rating" },
};

static const char *const import_wish_sql[] = {
	wishstate_sql_load, wishstate_sql_insert, wishstate_sql_update, NULL
};

/* Report a fault wishstate_check_row() found, naming the row's columns. */
static void
import_wish_fault(void *arg, enum wishstate_fault f, int step)
{
	struct import_run *r = arg;
	const struct import_wish_col *w = &import_wish_cols[step - 1];

	switch (f) {
	case WISHSTATE_WITHOUT_STEP:
		import_check_needs(r, import_c(r, w->given), import_c(r, w[-1].given));
		break;
	case WISHSTATE_WITHOUT_ACTOR:
		import_check_needs(r, import_c(r, w->given), import_c(r, w->actor));
		break;
	case WISHSTATE_ACTOR_ALONE:
		import_check_needs(r, import_c(r, w->actor), import_c(r, w->given));
		break;
	case WISHSTATE_EARLIER:
		import_check_order(r, import_c(r, w[-1].date), import_c(r, w->date));
		break;
	}
}

/* The 三单制 order of the row's states, as the state machine has it. */
static void
import_wish_check(struct import_run *r)
{
	struct wishstate_row row;

	memset(&row, 0, sizeof row);
	for (int s = WISHSTATE_ORDERED; s <= WISHSTATE_N; s++) {
		const struct import_wish_col *w = &import_wish_cols[s - 1];
		const struct import_val *date = &r->val[import_c(r, w->date)];

		row.given[s] = r->val[import_c(r, w->given)].given;
		row.actor[s] = w->actor != NULL && r->val[import_c(r, w->actor)].given;
		row.date[s] = date->type == SQLITE_TEXT ? date->s : NULL;
	}
	wishstate_check_row(&row, import_wish_fault, r);
}

/* The states the current row gives, in step order (index step - 1). */
static void
import_wish_wanted(struct import_run *r, struct wishstate *to)
{
	for (int i = 0; i < WISHSTATE_N; i++) {
		const struct import_wish_col *w = &import_wish_cols[i];
		const struct import_val *given = &r->val[import_c(r, w->given)];
		const struct import_val *actor = w->actor ? &r->val[import_c(r, w->actor)] : NULL;

		memset(&to[i], 0, sizeof to[i]);
		to[i].have = given->type == SQLITE_TEXT;
		if (!to[i].have)
			continue;
		snprintf(to[i].date, sizeof to[i].date, "%s", r->val[import_c(r, w->date)].s);
		switch (wishstate_actor(i + 1)) {
		case WISHSTATE_ACTOR_BRANCH:
			to[i].branch = actor->i;
			break;
		case WISHSTATE_ACTOR_MEMBER:
			to[i].member = actor->i;
			break;
		case WISHSTATE_ACTOR_RATING:
			snprintf(to[i].rating, sizeof to[i].rating, "%s", actor->s);
			break;
		case WISHSTATE_ACTOR_NONE:
			break;
		}
	}
}

/* The code of the branch or member that did state S (step STEP), into
 * BUF. */
static const char *
import_wish_actor(struct import_run *r, int step, const struct wishstate *s, char *buf,
    size_t n)
{
	int member = wishstate_actor(step) == WISHSTATE_ACTOR_MEMBER;
	sqlite3_stmt *st = db_prepare(r->db, member ? "SELECT code FROM member WHERE id = ?"
	    : "SELECT code FROM org WHERE id = ?", NULL);

	snprintf(buf, n, "?");
	if (st == NULL)
		return buf;
	sqlite3_bind_int64(st, 1, member ? s->member : s->branch);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(buf, n, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf;
}

/*
 * What the `wish` command refuses, the row may not do either: change who
 * dispatched or took a wish already dispatched or taken, date a state
 * after today, name a branch that does not serve the wish's community or
 * a taker retired or exempt.  Each refusal names its column; returns how
 * many.
 */
static int
import_wish_refuse(struct import_run *r, const struct wishstate want[WISHSTATE_N],
    const struct wishstate old[WISHSTATE_N])
{
	long long community = r->val[import_c(r, "community")].i;
	char today[11], buf[256], who[72];
	const char *why;
	int i, bad = 0;

	date_today(today);
	for (i = 0; i < WISHSTATE_N; i++) {
		const struct import_wish_col *w = &import_wish_cols[i];

		if (!want[i].have)
			continue;
		if (old[i].have && (old[i].branch != want[i].branch ||
		    old[i].member != want[i].member)) {
			import_error(r, r->row, r->label[import_c(r, w->actor)], import_tr(
			    "wish %s is already %s by %s (%s); the file names %s (三单制: no state"
			    " twice)", "微心愿 %s 已由 %s “%s”（%s）；文件中却是 %s（三单制：不能重复）"),
			    r->val[import_c(r, "id")].s, wishstate_label(i + 1),
			    import_wish_actor(r, i + 1, &old[i], who, sizeof who), old[i].date,
			    import_cell(r, import_c(r, w->actor)));
			bad++;
		} else if ((why = wishstate_refusal(r->db, community, i + 1, &want[i], today, buf,
		    sizeof buf, r->held)) != NULL) {
			import_error(r, r->row, r->label[import_c(r, strcmp(want[i].date, today) > 0 ?
			    w->date : w->actor)], "%s", why);
			bad++;
		}
	}
	return bad;
}

/*
 * Bring wish ID's states in line with the row: insert the missing ones and
 * update the changed ones, in the state machine's order; states the row
 * does not give are left alone.
 */
static int
import_wish_after(struct import_run *r, long long id, int status)
{
	struct wishstate want[WISHSTATE_N], old[WISHSTATE_N];
	struct wishstate_write w[WISHSTATE_N];
	int i, n, rc;

	import_wish_wanted(r, want);
	if ((rc = wishstate_load(r->xst[0], id, old)) != SQLITE_DONE)
		return import_fail(r, rc);
	if (import_wish_refuse(r, want, old) > 0)
		return -1;
	n = wishstate_plan(want, old, w);
	for (i = 0; i < n; i++) {
		sqlite3_stmt *st = w[i].insert ? r->xst[1] : r->xst[2];

		wishstate_bind(st, id, w[i].step, &want[w[i].step - 1]);
		if (import_exec(r, st) == -1)
			return -1;
	}
	return status == IMPORT_UNCHANGED && n > 0 ? IMPORT_UPDATED : status;
}

const struct import_hooks import_wish_hooks = {
	"wishes", import_wish_sql, NULL, import_wish_check, import_wish_after, NULL
};
