/*
 * ledger.c - the 爱心银行 card: points earned and spent, never below zero.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "emit.h"
#include "ledger.h"

/* The lowest balance the card reaches from DATE on: what a spending on
 * DATE may use without any entry going below zero.  Entries are in one
 * total order, (date, id), the order `ledger show` prints: a new entry
 * comes after every entry of its day, so the balance it meets is the sum
 * of all entries up to and including DATE, and every later balance must
 * carry it too. */
static long long
ledger_headroom(struct db *db, long long member, const char *date)
{
	sqlite3_stmt *st = db_prepare(db, "WITH run AS (SELECT date, sum(points) OVER"
	    " (ORDER BY date, id) AS bal FROM ledger WHERE member_id = ?1)"
	    " SELECT min(b) FROM (SELECT ifnull((SELECT sum(points) FROM ledger"
	    " WHERE member_id = ?1 AND date <= ?2), 0) AS b UNION ALL SELECT bal FROM run"
	    " WHERE date > ?2)", NULL);
	long long v = 0;

	if (st == NULL)
		return 0;
	sqlite3_bind_int64(st, 1, member);
	sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Does MEMBER's balance stay a number with ADD more points?  sum() fails
 * on overflow, so a card already past the limit answers no too. */
static int
ledger_fits(struct db *db, long long member, long long add)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT ifnull(sum(points), 0) <= ?2 FROM ledger"
	    " WHERE member_id = ?1", NULL);
	int ok = 0;

	if (st == NULL)
		return 0;
	sqlite3_bind_int64(st, 1, member);
	sqlite3_bind_int64(st, 2, LLONG_MAX - add);
	if (sqlite3_step(st) == SQLITE_ROW)
		ok = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return ok;
}

static int
ledger_insert(struct db *db, long long member, const struct ledger_opts *a, struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "INSERT INTO ledger (member_id, date, points, reason)"
	    " VALUES (?, ?, ?, ?)", e);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, member);
	sqlite3_bind_text(st, 2, a->date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, a->sign * a->points);
	sqlite3_bind_text(st, 4, a->reason, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_DONE)
		rc = 0;
	else if (sqlite3_extended_errcode(db->h) == SQLITE_CONSTRAINT_TRIGGER)
		/* The schema's own guard: another writer spent first. */
		rc = error_set(e, EXIT_USAGE, tr("member %s: spending %lld points on %s would take"
		    " the card below zero (爱心银行 never goes below zero)",
		    "党员 %s：使用 %lld 分（%s）将使积分为负（爱心银行不可透支）"), a->member,
		    a->points, a->date);
	else
		rc = db_fail(db, e, "recording points");
	sqlite3_finalize(st);
	return rc;
}

static int
ledger_audit(struct db *db, const struct ledger_opts *a, struct error *e)
{
	char *detail = xasprintf("%s %+lld %s %s", a->member, a->sign * a->points, a->date,
	    a->reason);
	struct db_audit au = { .action = "ledger", .tbl = "ledger", .inserted = 1,
	    .detail = detail };
	int rc = db_audit(db, &au, e);

	free(detail);
	return rc;
}

static int
ledger_entry(struct db *db, long long member, const struct ledger_opts *a, struct error *e)
{
	long long room;

	if (db_begin(db, e) != 0)
		return -1;
	if (a->points > LEDGER_POINTS_MAX || (a->sign > 0 && !ledger_fits(db, member, a->points))) {
		db_rollback(db);
		return error_set(e, EXIT_USAGE, tr("member %s: %lld points would take the card past"
		    " its largest balance", "党员 %s：%lld 分将使积分超出上限"), a->member, a->points);
	}
	room = ledger_headroom(db, member, a->date);
	if (a->sign < 0 && room < a->points) {
		db_rollback(db);
		return error_set(e, EXIT_USAGE, tr("member %s has %lld points to spend on %s;"
		    " cannot spend %lld (爱心银行 never goes below zero)",
		    "党员 %s 可用积分 %lld（截至 %s），不能使用 %lld（爱心银行不可透支）"),
		    a->member, room, a->date, a->points);
	}
	if (ledger_insert(db, member, a, e) != 0 || ledger_audit(db, a, e) != 0 ||
	    db_commit(db, e) != 0) {
		db_rollback(db);
		return -1;
	}
	printf(tr("%s: %+lld points on %s (%s); balance %lld\n",
	    "%s：%+lld 分，%s（%s）；余额 %lld\n"), a->member, a->sign * a->points, a->date,
	    a->reason, db_int_text(db, "SELECT ifnull(sum(l.points), 0) FROM ledger l"
	    " JOIN member m ON m.id = l.member_id WHERE m.code = ?", a->member));
	return 0;
}

static int
ledger_show(struct db *db, long long member, struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT date, points, reason, sum(points) OVER"
	    " (ORDER BY date, id) FROM ledger WHERE member_id = ? ORDER BY date, id", e);
	struct emit *w;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, member);
	w = emit_open_file(stdout, "text", e);
	emit_textf(w, "%-10s  %6s  %6s  %s\n", tr("date", "日期"), tr("points", "积分"),
	    tr("balance", "余额"), tr("reason", "事由"));
	while (sqlite3_step(st) == SQLITE_ROW)
		emit_textf(w, "%s  %+6lld  %6lld  %s\n", sqlite3_column_text(st, 0),
		    sqlite3_column_int64(st, 1), sqlite3_column_int64(st, 3),
		    sqlite3_column_text(st, 2));
	sqlite3_finalize(st);
	return emit_close(w);
}

/* 活动享积分: credit POINTS to every member for each complete activity
 * record of YEAR not credited before (the entry names its activity, so
 * running it again credits nothing twice).  One transaction. */
int
ledger_credit(struct db *db, int year, long long points, struct error *e)
{
	char from[11], to[11];
	sqlite3_stmt *st;
	int rc = 0;
	long n;

	snprintf(from, sizeof from, "%04d-01-01", year);
	snprintf(to, sizeof to, "%04d-12-31", year);
	if (db_begin(db, e) != 0)
		return -1;
	st = db_prepare(db, "INSERT INTO ledger (member_id, date, points, reason, activity_id)"
	    " SELECT a.member_id, a.date, ?1, '活动享积分：' || a.content, a.id FROM activity a"
	    " WHERE a.complete AND a.voided IS NULL AND a.date BETWEEN ?2 AND ?3 AND NOT EXISTS"
	    " (SELECT 1 FROM ledger l WHERE l.activity_id = a.id) ORDER BY a.id", e);
	if (st == NULL) {
		db_rollback(db);
		return -1;
	}
	sqlite3_bind_int64(st, 1, points);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = db_fail(db, e, "crediting activities");
	n = (long)sqlite3_changes(db->h);
	sqlite3_finalize(st);
	if (rc == 0 && n > 0) {
		struct ledger_opts a = { .sign = 1, .member = "*", .points = points,
		    .reason = "活动享积分" };

		snprintf(a.date, sizeof a.date, "%s", to);
		rc = ledger_audit(db, &a, e);
	}
	if (rc != 0 || db_commit(db, e) != 0) {
		db_rollback(db);
		return -1;
	}
	printf(tr("%ld activities of %d credited with %lld points each\n",
	    "%ld 条 %d 年服务记录各计 %lld 分（活动享积分）\n"), n, year, points);
	return 0;
}

/* Show MEMBER's card, or make one entry on it. */
int
ledger_card(struct db *db, const struct ledger_opts *o, struct error *e)
{
	long long member = db_int_text(db, "SELECT id FROM member WHERE code = ?", o->member);

	if (member == 0)
		return error_set(e, EXIT_USAGE, tr("unknown member '%s'", "党员 '%s' 不存在"),
		    o->member);
	return o->sign == 0 ? ledger_show(db, member, e) : ledger_entry(db, member, o, e);
}
