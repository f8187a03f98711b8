/*
 * wish.c - recording the 三单制 states of a 微心愿 one at a time.
 *
 * The states and their order are wishstate.c's; this file finds the wish,
 * the branch and the member a change names, and records the change.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "db.h"
#include "emit.h"
#include "model.h"
#include "wish.h"
#include "wishstate.h"

/* What the wish holds now: its row id, the last state and its date. */
struct wish_now {
	long long id;
	int step;
	char date[11];
};

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

static long long
wish_member(struct db *db, const char *code, struct error *e)
{
	long long id = db_int_text(db, "SELECT id FROM member WHERE code = ?", code);

	if (id == 0)
		error_set(e, EXIT_USAGE, tr("unknown member '%s'", "党员 '%s' 不存在"), code);
	return id;
}

/* The insert of the new state row, with the actor the state machine says
 * that state records. */
static int
wish_insert_state(struct db *db, const struct wish_opts *a, long long wish, struct error *e)
{
	enum wishstate_actor actor = wishstate_actor(a->step);
	struct wishstate s = { .have = 1 };
	char today[11], buf[256];
	const char *rating, *why;
	sqlite3_stmt *st;
	int rc = 0;

	if (actor == WISHSTATE_ACTOR_BRANCH && a->branch == NULL)
		return error_set(e, EXIT_USAGE, "wish dispatch: --branch CODE is required");
	if (actor == WISHSTATE_ACTOR_BRANCH && (s.branch = wish_org(db, a->branch, "branch",
	    tr("branch", "支部"), e)) == 0)
		return -1;
	if (actor == WISHSTATE_ACTOR_MEMBER && a->member == NULL)
		return error_set(e, EXIT_USAGE, "wish take: --member ID is required");
	if (actor == WISHSTATE_ACTOR_MEMBER && (s.member = wish_member(db, a->member, e)) == 0)
		return -1;
	if (actor == WISHSTATE_ACTOR_RATING) {
		if (a->rating == NULL || (rating = model_norm_rating(a->rating)) == NULL)
			return error_set(e, EXIT_USAGE, tr("wish rate: --rating must be 优, 良 or 一般",
			    "wish rate：--rating 应为 优、良 或 一般"));
		snprintf(s.rating, sizeof s.rating, "%s", rating);
	}
	snprintf(s.date, sizeof s.date, "%s", a->date);
	date_today(today);
	if ((why = wishstate_refusal(db, db_int_text(db, "SELECT community_id FROM wish"
	    " WHERE code = ?", a->id), a->step, &s, today, buf, sizeof buf, NULL)) != NULL)
		return error_set(e, EXIT_USAGE, tr("wish %s: %s", "微心愿 %s：%s"), a->id, why);
	if ((st = db_prepare(db, wishstate_sql_insert, e)) == NULL)
		return -1;
	wishstate_bind(st, wish, a->step, &s);
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
	char *detail = xasprintf("%s %s %s", a->id, wishstate_name(a->step), a->date);
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
	if (wish_now(db, a->id, &w, e) != 0 || wishstate_check_next(a->id, w.id != 0,
	    w.step, w.date, a->step, a->date, e) != 0)
		goto fail;
	id = a->step == 1 ? wish_insert(db, a, e) : w.id;
	if (id == 0 || wish_insert_state(db, a, id, e) != 0 || wish_audit(db, a, e) != 0 ||
	    db_commit(db, e) != 0)
		goto fail;
	printf(tr("%s: %s on %s\n", "%s：%s，%s\n"), a->id, wishstate_label(a->step), a->date);
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
	struct emit *w;
	int n = 0;

	if (st == NULL)
		return -1;
	w = emit_open_file(stdout, "text", e);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int step = sqlite3_column_int(st, 0);
		enum wishstate_actor actor = wishstate_actor(step);

		emit_textf(w, "%s  %-10s %s", sqlite3_column_text(st, 1), wishstate_label(step),
		    actor == WISHSTATE_ACTOR_BRANCH ? (const char *)sqlite3_column_text(st, 2) : "");
		if (actor == WISHSTATE_ACTOR_MEMBER)
			emit_textf(w, "%s %s", sqlite3_column_text(st, 3), sqlite3_column_text(st, 4));
		if (actor == WISHSTATE_ACTOR_RATING)
			emit_textf(w, "%s", sqlite3_column_text(st, 5));
		emit_text(w, "\n");
		n++;
	}
	sqlite3_finalize(st);
	if (emit_close(w) != 0)
		return -1;
	if (n == 0)
		return error_set(e, EXIT_USAGE, tr("unknown wish '%s'", "微心愿 '%s' 不存在"), code);
	return 0;
}

int
wish_run(struct db *db, const struct wish_opts *o, struct error *e)
{
	return o->step == WISH_SHOW ? wish_show(db, o->id, e) : wish_change(db, o, e);
}
