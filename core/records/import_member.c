/*
 * import_member.c - what importing members does beyond their columns:
 * the checks across a row's cells (an exemption reason needs the
 * exemption; a status by which a member leaves needs its date), and the
 * member's history.
 *
 * The member row holds a member's latest status, unit and residence
 * community; member_history (schema 014) keeps every state they held,
 * each from its valid_from date on.  After a row is written its state is
 * compared with the member's latest history row, and a new history row is
 * appended when they differ.  The new row is dated by the file's since
 * cell, else by status_date when the status or its date changed, else by
 * the day of the import; no change may be dated before the last one, and
 * a deceased member's status is final.  A member the file adds starts
 * their history with the row as inserted; without a since column, those
 * first rows are all written by one statement once every row passed.
 */
#include <string.h>

#include "date.h"
#include "db.h"
#include "import.h"
#include "import_int.h"
#include "model.h"
#include "record.h"
#include "util.h"

/* An exemption reason needs the exemption (a CHECK of the schema); a
 * status by which the member left needs the day it happened. */
static void
import_member_check(struct import_run *r)
{
	int ex = import_c(r, "exempt"), why = import_c(r, "exempt_reason");
	int st = import_c(r, "status"), sd = import_c(r, "status_date");
	const struct import_val *exempt = &r->val[ex];

	if (r->val[why].given && r->pos[ex] >= 0 && exempt->type == SQLITE_INTEGER &&
	    exempt->i != 1)
		import_error(r, r->row, r->label[why], import_tr(
		    "%s given but %s is not 是", "填写了%s，但%s不是“是”"),
		    r->label[why], r->label[ex]);
	if (r->val[st].given && r->val[st].type == SQLITE_TEXT &&
	    model_status_gone(r->val[st].s) && !r->val[sd].given)
		import_error(r, r->row, r->label[st], import_tr(
		    "'%s' needs %s (the day the member left)",
		    "“%s”须填写%s（离开的日期）"), import_cell(r, st), r->pos[sd] >= 0 ? r->label[sd] : "status_date");
}

/* The member's latest history row beside its row (xst[0]), the new
 * history row, a copy of the member row as it stands now (xst[1]), and
 * the first history rows of all the members the file added (xst[2]). */
static const char *const import_member_sql[] = {
	"SELECT h.id, h.status, h.status_date, h.unit_id, h.community_id, h.valid_from,"
	" m.status IS NOT h.status, m.status_date IS NOT h.status_date,"
	" m.unit_id IS NOT h.unit_id OR m.community_id IS NOT h.community_id"
	" FROM member AS m LEFT JOIN member_history AS h ON h.id ="
	" (SELECT max(id) FROM member_history WHERE member_id = m.id) WHERE m.id = ?1",
	"INSERT INTO member_history (member_id, valid_from, status, status_date, unit_id,"
	" community_id, recorded, actor, file) SELECT id, ?2, status, status_date, unit_id,"
	" community_id, ?5, ?3, ?4 FROM member WHERE id = ?1",
	"INSERT INTO member_history (member_id, valid_from, status, status_date, unit_id,"
	" community_id, recorded, actor, file) SELECT id, NULL, status, status_date, unit_id,"
	" community_id, ?5, ?3, ?4 FROM member WHERE id > ?1 ORDER BY id",
	NULL
};

/* Whether the first history row of each member the file adds waits for
 * the end (import_member_finish): when the file has no since column, that
 * row is the member row as inserted, dated from before anything on
 * record, and one statement copies them all. */
static int
import_member_later(struct import_run *r)
{
	return r->pos[import_c(r, "since")] < 0;
}

/* Append the member's state to its history, from VALID_FROM (NULL: since
 * before anything on record). */
static int
import_member_history_add(struct import_run *r, long long id, const char *valid_from)
{
	sqlite3_stmt *ins = r->xst[1];

	sqlite3_bind_int64(ins, 1, id);
	db_bind_text(ins, 2, valid_from);
	sqlite3_bind_text(ins, 3, r->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 4, r->f.path, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 5, r->now, -1, SQLITE_STATIC);
	return import_exec(r, ins);
}

/* The date a change of the member takes effect: since, else the status
 * date when the status changed, else today (a move, or a status date
 * corrected: the day of death may be, the death not undone); into BUF. */
static const char *
import_member_valid_from(struct import_run *r, int status_changed, char buf[11])
{
	const struct import_val *since = &r->val[import_c(r, "since")];
	const struct import_val *sd = &r->val[import_c(r, "status_date")];

	if (since->given && since->type == SQLITE_TEXT)
		return since->s;
	if (status_changed && sd->given && sd->type == SQLITE_TEXT)
		return sd->s;
	date_today(buf);
	return buf;
}

/* Refuse what history forbids: a change dated before the last one, and
 * any change of a deceased member's status.  1 when refused. */
static int
import_member_refused(struct import_run *r, sqlite3_stmt *h, const char *from,
    int status_changed)
{
	const char *last = (const char *)sqlite3_column_text(h, 5);
	const char *was = (const char *)sqlite3_column_text(h, 1);

	if (status_changed && was != NULL && strcmp(was, "deceased") == 0) {
		import_error(r, r->row, r->label[import_c(r, "status")], import_tr(
		    "member %s is recorded deceased (去世) on %s; the status cannot change",
		    "党员 %s 已登记去世（%s），状态不能再变更"),
		    r->val[import_c(r, "id")].s, sqlite3_column_text(h, 2) ?
		    (const char *)sqlite3_column_text(h, 2) : "?");
		return 1;
	}
	if (last != NULL && strcmp(from, last) < 0) {
		import_error(r, r->row, r->label[import_c(r, "since")], import_tr(
		    "change dated %s is earlier than the member's last recorded change (%s)",
		    "变动日期 %s 早于该党员上一次登记的变动（%s）"), from, last);
		return 1;
	}
	return 0;
}

/* After a member row is written: keep its history. */
static int
import_member_after(struct import_run *r, long long id, int status)
{
	sqlite3_stmt *h = r->xst[0];
	const struct import_val *since = &r->val[import_c(r, "since")];
	int rc, status_changed, moved, ok = 0;
	char today[11];
	const char *from = NULL;

	if (status == IMPORT_INSERTED && import_member_later(r))
		return status;
	if (status == IMPORT_INSERTED)
		return import_member_history_add(r, id, since->given ? since->s : NULL) ?
		    -1 : status;
	if (status != IMPORT_UPDATED)
		return status;
	sqlite3_bind_int64(h, 1, id);
	if ((rc = sqlite3_step(h)) != SQLITE_ROW) {
		sqlite3_reset(h);
		return import_fail(r, rc);
	}
	if (sqlite3_column_type(h, 0) == SQLITE_NULL) {
		/* A member written before history was kept. */
		sqlite3_reset(h);
		return import_member_history_add(r, id, NULL) ? -1 : status;
	}
	status_changed = sqlite3_column_int(h, 6);
	moved = sqlite3_column_int(h, 7) || sqlite3_column_int(h, 8);
	if (status_changed || moved) {
		from = import_member_valid_from(r, status_changed, today);
		ok = import_member_refused(r, h, from, status_changed) ? -1 : 1;
	}
	sqlite3_reset(h);
	if (ok == 1)
		return import_member_history_add(r, id, from) ? -1 : status;
	return ok < 0 ? -1 : status;
}

/* Once every row passed: the first history row of each member the file
 * added, when import_member_later() kept them for now.  The members it
 * added are those above the largest id before it (ids only grow, and a
 * member is never deleted). */
static int
import_member_finish(struct import_run *r)
{
	sqlite3_stmt *ins = r->xst[2];

	if (!import_member_later(r) || r->st->inserted == 0)
		return 0;
	sqlite3_bind_int64(ins, 1, r->seen.top);
	sqlite3_bind_text(ins, 3, r->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 4, r->f.path, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 5, r->now, -1, SQLITE_STATIC);
	return import_exec(r, ins);
}

const struct import_hooks import_member_hooks = {
	"members", import_member_sql, NULL, import_member_check, import_member_after,
	import_member_finish
};
