/*
 * import_wish.c - importing wishes: a row's 三单制 states.
 *
 * A wishes row carries the wish and the dates of its states (ordered,
 * dispatched by a branch, taken by a member, done, rated).  Each state
 * needs the one before it and its actor, and is not dated before the one
 * it follows; the states the row gives are written as wish_state rows.
 */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "import_int.h"
#include "util.h"

/*
 * The 三单制 order: a state needs the one before it (and its actor), and
 * is not dated before it.
 */
static const char *const import_wish_needs[][2] = {
	{ "dispatched", "dispatcher" }, { "dispatcher", "dispatched" },
	{ "taken", "dispatched" }, { "taken", "taker" }, { "taker", "taken" },
	{ "done", "taken" }, { "rating", "done" },
};
static const char *const import_wish_order[][2] = {
	{ "ordered", "dispatched" }, { "dispatched", "taken" }, { "taken", "done" },
};

static void
import_wish_check(struct import_run *r)
{
	size_t i;

	for (i = 0; i < sizeof import_wish_needs / sizeof import_wish_needs[0]; i++)
		import_check_needs(r, import_c(r, import_wish_needs[i][0]),
		    import_c(r, import_wish_needs[i][1]));
	for (i = 0; i < sizeof import_wish_order / sizeof import_wish_order[0]; i++)
		import_check_order(r, import_c(r, import_wish_order[i][0]),
		    import_c(r, import_wish_order[i][1]));
}


/* The wish_state rows a wish row carries: the column that dates each and
 * the column that fills branch_id, member_id or rating (NULL: none). */
static const struct import_wish_step {
	const char *state;
	const char *date, *branch, *member, *rating;
} import_wish_steps[] = {
	{ "ordered",	"ordered",	NULL,		NULL,	NULL },
	{ "dispatched",	"dispatched",	"dispatcher",	NULL,	NULL },
	{ "taken",	"taken",	NULL,		"taker", NULL },
	{ "done",	"done",		NULL,		NULL,	NULL },
	{ "rated",	"done",		NULL,		NULL,	"rating" },
};
#define IMPORT_NSTEPS 5

static const char *const import_wish_sql[] = {
	"SELECT step, date, branch_id, member_id, rating FROM wish_state"
	" WHERE wish_id = ?1",
	"INSERT INTO wish_state (wish_id, step, state, date, branch_id, member_id,"
	" rating) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	"UPDATE wish_state SET date = ?4, branch_id = ?5, member_id = ?6,"
	" rating = ?7 WHERE wish_id = ?1 AND step = ?2",
	NULL
};

/* One wish_state row, as stored or as the file gives it. */
struct import_state {
	int have;
	char date[11];
	long long branch, member;	/* 0 for NULL */
	char rating[16];		/* "" for NULL */
};

/* The states the current row gives, in step order (index step - 1). */
static void
import_wish_wanted(const struct import_run *r, struct import_state *to)
{
	for (int i = 0; i < IMPORT_NSTEPS; i++) {
		const struct import_wish_step *w = &import_wish_steps[i];
		const struct import_val *date = &r->val[import_c(r, w->date)];
		const struct import_val *rating = w->rating ? &r->val[import_c(r, w->rating)] : NULL;

		memset(&to[i], 0, sizeof to[i]);
		to[i].have = rating == NULL ? date->type == SQLITE_TEXT :
		    rating->type == SQLITE_TEXT;
		if (!to[i].have)
			continue;
		snprintf(to[i].date, sizeof to[i].date, "%s", date->s);
		if (w->branch != NULL)
			to[i].branch = r->val[import_c(r, w->branch)].i;
		if (w->member != NULL)
			to[i].member = r->val[import_c(r, w->member)].i;
		if (rating != NULL)
			snprintf(to[i].rating, sizeof to[i].rating, "%s", rating->s);
	}
}

/* The states stored for wish ID.  Returns 0 or -1 (r->e set). */
static int
import_wish_stored(struct import_run *r, long long id, struct import_state *old)
{
	sqlite3_stmt *st = r->xst[0];
	int rc;

	memset(old, 0, IMPORT_NSTEPS * sizeof *old);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = import_step(r, st)) == SQLITE_ROW) {
		int step = sqlite3_column_int(st, 0);
		const char *rating = (const char *)sqlite3_column_text(st, 4);
		struct import_state *s;

		if (step < 1 || step > IMPORT_NSTEPS)
			continue;
		s = &old[step - 1];
		s->have = 1;
		snprintf(s->date, sizeof s->date, "%s", sqlite3_column_text(st, 1));
		s->branch = sqlite3_column_int64(st, 2);
		s->member = sqlite3_column_int64(st, 3);
		snprintf(s->rating, sizeof s->rating, "%s", rating ? rating : "");
	}
	sqlite3_reset(st);
	return rc == -1 ? -1 : 0;
}

/* Insert (ST = insert) or update (ST = update) state STEP of wish ID. */
static int
import_wish_put(struct import_run *r, sqlite3_stmt *st, long long id, int step,
    const struct import_state *s)
{
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, step);
	sqlite3_bind_text(st, 3, import_wish_steps[step - 1].state, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, s->date, -1, SQLITE_TRANSIENT);
	if (s->branch)
		sqlite3_bind_int64(st, 5, s->branch);
	else
		sqlite3_bind_null(st, 5);
	if (s->member)
		sqlite3_bind_int64(st, 6, s->member);
	else
		sqlite3_bind_null(st, 6);
	db_bind_text(st, 7, s->rating);
	return import_exec(r, st);
}

static int
import_state_differs(const struct import_state *a, const struct import_state *b)
{
	return strcmp(a->date, b->date) != 0 || a->branch != b->branch ||
	    a->member != b->member || strcmp(a->rating, b->rating) != 0;
}

/*
 * Bring wish ID's states in line with the row: insert the missing ones and
 * update the changed ones; states the row does not give are left alone.
 * The triggers check every write against its neighbours, so dates moving
 * earlier are written first to last and the others last to first: then no
 * step is ever, even for a moment, dated before the one it follows.
 */
static int
import_wish_after(struct import_run *r, long long id, int status)
{
	struct import_state want[IMPORT_NSTEPS], old[IMPORT_NSTEPS];
	int i, changed = 0, rc = 0;

	import_wish_wanted(r, want);
	if (import_wish_stored(r, id, old) == -1)
		return -1;
	for (i = 0; i < IMPORT_NSTEPS && rc == 0; i++)
		if (want[i].have && old[i].have && strcmp(want[i].date, old[i].date) < 0) {
			rc = import_wish_put(r, r->xst[2], id, i + 1, &want[i]);
			changed = 1;
		}
	for (i = IMPORT_NSTEPS - 1; i >= 0 && rc == 0; i--)
		if (want[i].have && old[i].have && strcmp(want[i].date, old[i].date) >= 0 &&
		    import_state_differs(&want[i], &old[i])) {
			rc = import_wish_put(r, r->xst[2], id, i + 1, &want[i]);
			changed = 1;
		}
	for (i = 0; i < IMPORT_NSTEPS && rc == 0; i++)
		if (want[i].have && !old[i].have) {
			rc = import_wish_put(r, r->xst[1], id, i + 1, &want[i]);
			changed = 1;
		}
	if (rc == -1)
		return -1;
	return status == IMPORT_UNCHANGED && changed ? IMPORT_UPDATED : status;
}

const struct import_hooks import_wish_hooks = {
	"wishes", import_wish_sql, NULL, import_wish_check, import_wish_after
};
