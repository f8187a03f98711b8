/*
 * wish.c - recording the 三单制 states of a 微心愿 one at a time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "model.h"
#include "wish.h"

static const char *const wish_states[] = {
	NULL, "ordered", "dispatched", "taken", "done", "rated"
};
static const char *const wish_states_zh[] = {
	NULL, "居民点单", "支部下单", "党员接单", "完成", "评价"
};

/* What the wish holds now: its row id, the last state and its date. */
struct wish_now {
	long long id;
	int step;
	char date[11];
};

static const char *
wish_state_name(int step)
{
	return util_lang_zh() ? wish_states_zh[step] : wish_states[step];
}

/* The id of the org CODE if it is of KIND, else 0 with e set. */
static long long
wish_org(struct db *db, const char *code, const char *kind, const char *what,
    struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT id, kind FROM org WHERE code = ?", e);
	long long id = 0;

	if (st == NULL)
		return 0;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW)
		error_set(e, EXIT_USAGE, tr("unknown %s '%s'", "%s '%s' 不存在"), what, code);
	else if (strcmp((const char *)sqlite3_column_text(st, 1), kind) != 0)
		error_set(e, EXIT_USAGE, tr("'%s' is a %s, not a %s", "'%s' 是%s，不是%s"), code,
		    (const char *)sqlite3_column_text(st, 1), kind);
	else
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

static int
wish_now(struct db *db, const char *code, struct wish_now *w, struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT w.id, ifnull(max(s.step), 0),"
	    " (SELECT date FROM wish_state WHERE wish_id = w.id ORDER BY step DESC LIMIT 1)"
	    " FROM wish w LEFT JOIN wish_state s ON s.wish_id = w.id WHERE w.code = ?"
	    " GROUP BY w.id", e);

	memset(w, 0, sizeof *w);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		w->id = sqlite3_column_int64(st, 0);
		w->step = sqlite3_column_int(st, 1);
		if (sqlite3_column_text(st, 2))
			snprintf(w->date, sizeof w->date, "%s", sqlite3_column_text(st, 2));
	}
	sqlite3_finalize(st);
	return 0;
}

/* Is this change the next state of the wish, on or after the last one? */
static int
wish_in_order(const struct wish_opts *a, const struct wish_now *w, struct error *e)
{
	if (a->step == 1 && w->id)
		return error_set(e, EXIT_USAGE, tr("wish %s already exists", "微心愿 %s 已存在"),
		    a->id);
	if (a->step > 1 && w->id == 0)
		return error_set(e, EXIT_USAGE, tr("unknown wish '%s'", "微心愿 '%s' 不存在"), a->id);
	if (a->step > 1 && w->step >= a->step)
		return error_set(e, EXIT_USAGE, tr("wish %s is already %s (三单制: no state twice)",
		    "微心愿 %s 已%s（三单制：不能重复）"), a->id, wish_state_name(a->step));
	if (a->step > 1 && w->step < a->step - 1)
		return error_set(e, EXIT_USAGE, tr("wish %s is %s; it must be %s before it can be %s"
		    " (三单制: no state skipped)", "微心愿 %s 处于“%s”；须先“%s”才能“%s”（三单制：不可跳过）"),
		    a->id, wish_state_name(w->step), wish_state_name(a->step - 1),
		    wish_state_name(a->step));
	if (a->step > 1 && strcmp(a->date, w->date) < 0)
		return error_set(e, EXIT_USAGE, tr("wish %s: %s is before it was %s (%s)",
		    "微心愿 %s：%s 早于“%s”的日期 %s"), a->id, a->date, wish_state_name(w->step),
		    w->date);
	return 0;
}

static long long
wish_member(struct db *db, const char *code, struct error *e)
{
	long long id = db_int_text(db, "SELECT id FROM member WHERE code = ?", code);

	if (id == 0)
		error_set(e, EXIT_USAGE, tr("unknown member '%s'", "党员 '%s' 不存在"), code);
	return id;
}

/* The insert of the new state row, with what that state needs. */
static int
wish_insert_state(struct db *db, const struct wish_opts *a, long long wish, struct error *e)
{
	sqlite3_stmt *st;
	long long branch = 0, member = 0;
	const char *rating = NULL;
	int rc = 0;

	if (a->step == 2 && a->branch == NULL)
		return error_set(e, EXIT_USAGE, "wish dispatch: --branch CODE is required");
	if (a->step == 2 && (branch = wish_org(db, a->branch, "branch", tr("branch", "支部"),
	    e)) == 0)
		return -1;
	if (a->step == 3 && a->member == NULL)
		return error_set(e, EXIT_USAGE, "wish take: --member ID is required");
	if (a->step == 3 && (member = wish_member(db, a->member, e)) == 0)
		return -1;
	if (a->step == 5 && (a->rating == NULL || (rating = model_norm_rating(a->rating)) == NULL))
		return error_set(e, EXIT_USAGE, tr("wish rate: --rating must be 优, 良 or 一般",
		    "wish rate：--rating 应为 优、良 或 一般"));
	st = db_prepare(db, "INSERT INTO wish_state (wish_id, step, state, date, branch_id,"
	    " member_id, rating) VALUES (?, ?, ?, ?, nullif(?, 0), nullif(?, 0), ?)", e);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, wish);
	sqlite3_bind_int(st, 2, a->step);
	sqlite3_bind_text(st, 3, wish_states[a->step], -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, a->date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, branch);
	sqlite3_bind_int64(st, 6, member);
	db_bind_text(st, 7, rating);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_fail(db, e, "recording the wish");
	sqlite3_finalize(st);
	return rc;
}

static long long
wish_insert(struct db *db, const struct wish_opts *a, struct error *e)
{
	long long community;
	sqlite3_stmt *st;
	long long id = 0;

	if (a->community == NULL) {
		error_set(e, EXIT_USAGE, "wish order: --community CODE is required");
		return 0;
	}
	community = wish_org(db, a->community, "community", tr("community", "社区"), e);
	if (community == 0)
		return 0;
	st = db_prepare(db, "INSERT INTO wish (code, community_id, resident, content)"
	    " VALUES (?, ?, ?, ?)", e);
	if (st == NULL)
		return 0;
	sqlite3_bind_text(st, 1, a->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, community);
	db_bind_text(st, 3, a->resident);
	db_bind_text(st, 4, a->content);
	if (sqlite3_step(st) == SQLITE_DONE)
		id = sqlite3_last_insert_rowid(db->h);
	else
		db_fail(db, e, "recording the wish");
	sqlite3_finalize(st);
	return id;
}

static int
wish_audit(struct db *db, const struct wish_opts *a, struct error *e)
{
	char *detail = xasprintf("%s %s %s", a->id, wish_states[a->step], a->date);
	struct db_audit au = { .action = "wish", .tbl = "wish_state", .inserted = 1,
	    .detail = detail };
	int rc = db_audit(db, &au, e);

	free(detail);
	return rc;
}

/* One state change in one transaction. */
static int
wish_change(struct db *db, const struct wish_opts *a, struct error *e)
{
	struct wish_now w;
	long long id;

	if (db_begin(db, e) != 0)
		return -1;
	if (wish_now(db, a->id, &w, e) != 0 || wish_in_order(a, &w, e) != 0)
		goto fail;
	id = a->step == 1 ? wish_insert(db, a, e) : w.id;
	if (id == 0 || wish_insert_state(db, a, id, e) != 0 || wish_audit(db, a, e) != 0 ||
	    db_commit(db, e) != 0)
		goto fail;
	printf(tr("%s: %s on %s\n", "%s：%s，%s\n"), a->id, wish_state_name(a->step), a->date);
	return 0;
fail:
	db_rollback(db);
	return -1;
}

static int
wish_show(struct db *db, const char *code, struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT s.step, s.date, b.code, m.code, m.name,"
	    " s.rating FROM wish w JOIN wish_state s ON s.wish_id = w.id"
	    " LEFT JOIN org b ON b.id = s.branch_id LEFT JOIN member m ON m.id = s.member_id"
	    " WHERE w.code = ? ORDER BY s.step", e);
	int n = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int step = sqlite3_column_int(st, 0);

		printf("%s  %-10s %s", sqlite3_column_text(st, 1), wish_state_name(step),
		    step == 2 ? (const char *)sqlite3_column_text(st, 2) : "");
		if (step == 3)
			printf("%s %s", sqlite3_column_text(st, 3), sqlite3_column_text(st, 4));
		if (step == 5)
			printf("%s", sqlite3_column_text(st, 5));
		printf("\n");
		n++;
	}
	sqlite3_finalize(st);
	if (n == 0)
		return error_set(e, EXIT_USAGE, tr("unknown wish '%s'", "微心愿 '%s' 不存在"), code);
	return 0;
}

int
wish_run(struct db *db, const struct wish_opts *o, struct error *e)
{
	return o->step == WISH_SHOW ? wish_show(db, o->id, e) : wish_change(db, o, e);
}
