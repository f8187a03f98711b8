/*
 * wishstate.c - the 三单制 state machine of a 微心愿: the states, the rules
 * a change or a row of states must follow, and the wish_state rows.
 *
 * The schema's triggers hold the same order (no state without the one
 * before it, none dated before it); the checks here come first so that a
 * refusal says what the wish is waiting for, and wishstate_plan() orders
 * its writes so that no trigger fires on a row that is right.
 */
#include <stdio.h>
#include <string.h>

#include "db.h"
#include "model.h"
#include "wishstate.h"

/* Each step, by its number: its stored name, its Chinese name, and what
 * it records besides its date. */
static const struct wishstate_def {
	const char *name, *zh;
	enum wishstate_actor actor;
} wishstate_defs[WISHSTATE_N + 1] = {
	{ "", "", WISHSTATE_ACTOR_NONE },
	{ "ordered", "居民点单", WISHSTATE_ACTOR_NONE },
	{ "dispatched", "支部下单", WISHSTATE_ACTOR_BRANCH },
	{ "taken", "党员接单", WISHSTATE_ACTOR_MEMBER },
	{ "done", "完成", WISHSTATE_ACTOR_NONE },
	{ "rated", "评价", WISHSTATE_ACTOR_RATING },
};

const char wishstate_sql_load[] =
    "SELECT step, date, branch_id, member_id, rating FROM wish_state"
    " WHERE wish_id = ?1";
const char wishstate_sql_insert[] =
    "INSERT INTO wish_state (wish_id, step, state, date, branch_id, member_id,"
    " rating) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
const char wishstate_sql_update[] =
    "UPDATE wish_state SET date = ?4, branch_id = ?5, member_id = ?6,"
    " rating = ?7 WHERE wish_id = ?1 AND step = ?2";

/* The definition of STEP; step 0 (none) for anything out of range. */
static const struct wishstate_def *
wishstate_def(int step)
{
	return &wishstate_defs[step >= 1 && step <= WISHSTATE_N ? step : 0];
}

const char *
wishstate_name(int step)
{
	return wishstate_def(step)->name;
}

const char *
wishstate_label(int step)
{
	const struct wishstate_def *d = wishstate_def(step);

	return util_lang_zh() ? d->zh : d->name;
}

enum wishstate_actor
wishstate_actor(int step)
{
	return wishstate_def(step)->actor;
}

/* The statement SQL, prepared into *HELD once and kept there when HELD is
 * not NULL (an import asks for every row), else prepared for one use. */
static sqlite3_stmt *
wishstate_stmt(struct db *db, const char *sql, sqlite3_stmt **held)
{
	if (held == NULL)
		return db_prepare(db, sql, NULL);
	if (*held == NULL)
		*held = db_prepare(db, sql, NULL);
	return *held;
}

/* Done with ST: reset when held, else finalized. */
static void
wishstate_stmt_done(sqlite3_stmt *st, sqlite3_stmt **held)
{
	if (held != NULL)
		sqlite3_reset(st);
	else
		sqlite3_finalize(st);
}

/* Why BRANCH may not dispatch a wish of COMMUNITY, in BUF; NULL when it
 * may: it is designated to the community, under it, or a branch of a unit
 * paired with it (orgs' community column). */
static const char *
wishstate_branch_refusal(struct db *db, long long branch, long long community, char *buf,
    size_t n, sqlite3_stmt **held)
{
	sqlite3_stmt *st = wishstate_stmt(db, "SELECT b.code, c.code, b.community_id = c.id"
	    " OR b.parent_id = c.id OR ifnull(u.community_id = c.id, 0) FROM org b"
	    " JOIN org c ON c.id = ?2 LEFT JOIN org u ON u.id = b.parent_id"
	    " WHERE b.id = ?1", held);
	const char *why = NULL;

	if (st == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, branch);
	sqlite3_bind_int64(st, 2, community);
	if (sqlite3_step(st) == SQLITE_ROW && !sqlite3_column_int(st, 2)) {
		snprintf(buf, n, tr("branch %s neither serves community %s nor belongs to a"
		    " unit paired with it", "支部 %s 既不属于社区 %s，也不属于与其结对的单位"),
		    sqlite3_column_text(st, 0), sqlite3_column_text(st, 1));
		why = buf;
	}
	wishstate_stmt_done(st, held);
	return why;
}

/* Why MEMBER may not take a wish on DATE, in BUF; NULL when it may. */
static const char *
wishstate_taker_refusal(struct db *db, long long member, const char *date, char *buf,
    size_t n, sqlite3_stmt **held)
{
	sqlite3_stmt *st = wishstate_stmt(db, "SELECT code, status = 'retired' AND"
	    " (status_date IS NULL OR status_date <= ?2), status_date, exempt, status,"
	    " status_date < ?2 FROM member WHERE id = ?1", held);
	const char *why = NULL;

	if (st == NULL)
		return NULL;
	sqlite3_bind_int64(st, 1, member);
	sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		const char *since = (const char *)sqlite3_column_text(st, 2);
		int gone = model_status_gone((const char *)sqlite3_column_text(st, 4)) &&
		    sqlite3_column_int(st, 5);

		/* A member who left is bound through the day of leaving. */
		if (gone)
			snprintf(buf, n, tr("member %s left on %s (%s), before %s: a member who"
			    " left takes no wish", "党员 %s 已于 %s 离开（%s），早于 %s：已离开的党员不能接单"),
			    code, since, sqlite3_column_text(st, 4), date);
		else if (sqlite3_column_int(st, 1))
			snprintf(buf, n, tr("member %s retired on %s, before %s: a retired member"
			    " takes no wish", "党员 %s 已于 %s 退休（早于 %s）：退休党员不能接单"),
			    code, since ? since : "?", date);
		else if (sqlite3_column_int(st, 3))
			snprintf(buf, n, tr("member %s is exempt: an exempt member takes no wish",
			    "党员 %s 已豁免：豁免的党员不能接单"), code);
		why = gone || sqlite3_column_int(st, 1) || sqlite3_column_int(st, 3) ? buf : NULL;
	}
	wishstate_stmt_done(st, held);
	return why;
}

const char *
wishstate_refusal(struct db *db, long long community, int step, const struct wishstate *s,
    const char *today, char *buf, size_t n, sqlite3_stmt *held[2])
{
	if (strcmp(s->date, today) > 0) {
		snprintf(buf, n, tr("%s is after today (%s): a wish's states are recorded"
		    " when they happened", "%s 晚于今天（%s）：微心愿的状态在发生后登记"),
		    s->date, today);
		return buf;
	}
	if (wishstate_actor(step) == WISHSTATE_ACTOR_BRANCH)
		return wishstate_branch_refusal(db, s->branch, community, buf, n,
		    held != NULL ? &held[0] : NULL);
	if (wishstate_actor(step) == WISHSTATE_ACTOR_MEMBER)
		return wishstate_taker_refusal(db, s->member, s->date, buf, n,
		    held != NULL ? &held[1] : NULL);
	return NULL;
}

/* Ordering a wish makes it; every later step is the one after the last. */
int
wishstate_check_next(const char *code, int exists, int last, const char *lastdate,
    int step, const char *date, struct error *e)
{
	if (step == WISHSTATE_ORDERED && exists)
		return error_set(e, EXIT_USAGE, tr("wish %s already exists", "微心愿 %s 已存在"),
		    code);
	if (step > WISHSTATE_ORDERED && !exists)
		return error_set(e, EXIT_USAGE, tr("unknown wish '%s'", "微心愿 '%s' 不存在"), code);
	if (step > WISHSTATE_ORDERED && last >= step)
		return error_set(e, EXIT_USAGE, tr("wish %s is already %s (三单制: no state twice)",
		    "微心愿 %s 已%s（三单制：不能重复）"), code, wishstate_label(step));
	if (step > WISHSTATE_ORDERED && last < step - 1)
		return error_set(e, EXIT_USAGE, tr("wish %s is %s; it must be %s before it can be %s"
		    " (三单制: no state skipped)", "微心愿 %s 处于“%s”；须先“%s”才能“%s”（三单制：不可跳过）"),
		    code, wishstate_label(last), wishstate_label(step - 1),
		    wishstate_label(step));
	if (step > WISHSTATE_ORDERED && strcmp(date, lastdate) < 0)
		return error_set(e, EXIT_USAGE, tr("wish %s: %s is before it was %s (%s)",
		    "微心愿 %s：%s 早于“%s”的日期 %s"), code, date, wishstate_label(last),
		    lastdate);
	return 0;
}

/*
 * A row always has its ordered state (it is what makes the wish), so the
 * steps after it are checked: each needs the one before, a dispatch its
 * branch and a take its member (the rating is the rated state itself).
 */
void
wishstate_check_row(const struct wishstate_row *row,
    void (*report)(void *arg, enum wishstate_fault f, int step), void *arg)
{
	int s;

	for (s = WISHSTATE_DISPATCHED; s <= WISHSTATE_N; s++) {
		enum wishstate_actor a = wishstate_actor(s);

		if (s > WISHSTATE_DISPATCHED && row->given[s] && !row->given[s - 1])
			report(arg, WISHSTATE_WITHOUT_STEP, s);
		if (a != WISHSTATE_ACTOR_BRANCH && a != WISHSTATE_ACTOR_MEMBER)
			continue;
		if (row->given[s] && !row->actor[s])
			report(arg, WISHSTATE_WITHOUT_ACTOR, s);
		if (row->actor[s] && !row->given[s])
			report(arg, WISHSTATE_ACTOR_ALONE, s);
	}
	for (s = WISHSTATE_DISPATCHED; s <= WISHSTATE_N; s++)
		if (row->date[s] != NULL && row->date[s - 1] != NULL &&
		    strcmp(row->date[s], row->date[s - 1]) < 0)
			report(arg, WISHSTATE_EARLIER, s);
}

/* The rows of one wish, by step; a step outside 1-5 is skipped. */
int
wishstate_load(sqlite3_stmt *load, long long id, struct wishstate old[WISHSTATE_N])
{
	int rc;

	memset(old, 0, WISHSTATE_N * sizeof *old);
	sqlite3_bind_int64(load, 1, id);
	while ((rc = sqlite3_step(load)) == SQLITE_ROW) {
		int step = sqlite3_column_int(load, 0);
		const char *rating = (const char *)sqlite3_column_text(load, 4);
		struct wishstate *s;

		if (step < 1 || step > WISHSTATE_N)
			continue;
		s = &old[step - 1];
		s->have = 1;
		snprintf(s->date, sizeof s->date, "%s", sqlite3_column_text(load, 1));
		s->branch = sqlite3_column_int64(load, 2);
		s->member = sqlite3_column_int64(load, 3);
		snprintf(s->rating, sizeof s->rating, "%s", rating ? rating : "");
	}
	sqlite3_reset(load);
	return rc;
}

/* A 0 id or an empty rating binds as NULL: a step without that actor. */
void
wishstate_bind(sqlite3_stmt *st, long long id, int step, const struct wishstate *s)
{
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, step);
	sqlite3_bind_text(st, 3, wishstate_name(step), -1, SQLITE_STATIC);
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
}

/* Whether two states of one step differ in anything stored. */
static int
wishstate_differs(const struct wishstate *a, const struct wishstate *b)
{
	return strcmp(a->date, b->date) != 0 || a->branch != b->branch ||
	    a->member != b->member || strcmp(a->rating, b->rating) != 0;
}

/*
 * The triggers check every write against its neighbours, so dates moving
 * earlier are written first to last and the others last to first: then no
 * step is ever, even for a moment, dated before the one it follows.  New
 * states come last, first to last, each after the one it follows.
 */
int
wishstate_plan(const struct wishstate want[WISHSTATE_N],
    const struct wishstate old[WISHSTATE_N], struct wishstate_write out[WISHSTATE_N])
{
	int i, n = 0;

	for (i = 0; i < WISHSTATE_N; i++)
		if (want[i].have && old[i].have && strcmp(want[i].date, old[i].date) < 0)
			out[n++] = (struct wishstate_write){ i + 1, 0 };
	for (i = WISHSTATE_N - 1; i >= 0; i--)
		if (want[i].have && old[i].have && strcmp(want[i].date, old[i].date) >= 0 &&
		    wishstate_differs(&want[i], &old[i]))
			out[n++] = (struct wishstate_write){ i + 1, 0 };
	for (i = 0; i < WISHSTATE_N; i++)
		if (want[i].have && !old[i].have)
			out[n++] = (struct wishstate_write){ i + 1, 1 };
	return n;
}
