/*
 * member.c - a member as a whole (member.h): the history of their status,
 * unit and community, and the purge of the personal data of members who
 * left the organisation longer ago than the retention years.
 *
 * Purge keeps the member row, its unit, residence community, status and
 * dates, and the closed categories forms count by (gender, membership,
 * unit kind, joined, leader, exempt), and every record and run that names
 * the member: counts per unit and year stay what they were.  It replaces
 * the name and the code (a code may be an ID number, 身份编号) and clears
 * every other column of the member kind and extra.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "emit.h"
#include "member.h"
#include "model.h"
#include "record.h"
#include "util.h"

/* ---- history ---- */

static const char *const member_history_cols[] = {
	"valid_from", "status", "status_date", "unit", "community", "recorded", "actor", "file"
};
#define MEMBER_NHISTORY (sizeof member_history_cols / sizeof member_history_cols[0])

int
member_history(struct db *db, const char *code, struct emit *out, struct error *e)
{
	struct emit_table t = { .columns = member_history_cols, .ncolumns = MEMBER_NHISTORY,
	    .rows_key = "history" };
	sqlite3_stmt *st;
	int rc;

	if (db_int_text(db, "SELECT count(*) FROM member WHERE code = ?", code) == 0)
		return error_set(e, EXIT_USAGE, tr("unknown member '%s'", "党员 '%s' 不存在"), code);
	st = db_prepare(db, "SELECT h.valid_from, h.status, h.status_date, u.code, c.code,"
	    " h.recorded, h.actor, h.file FROM member_history AS h"
	    " JOIN member AS m ON m.id = h.member_id JOIN org AS u ON u.id = h.unit_id"
	    " LEFT JOIN org AS c ON c.id = h.community_id WHERE m.code = ? ORDER BY h.id", e);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	emit_begin_table(out, &t);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *cells[MEMBER_NHISTORY];

		for (size_t i = 0; i < MEMBER_NHISTORY; i++)
			cells[i] = (const char *)sqlite3_column_text(st, (int)i);
		emit_row(out, cells, MEMBER_NHISTORY);
	}
	emit_end_table(out);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, e, "reading member history");
}

/* ---- purge ---- */

/* The member kind's columns purge keeps (by canonical name): what forms
 * and run summaries count by.  name and id are replaced, not kept. */
static const char *const member_kept[] = {
	"id", "name", "unit", "community", "status", "status_date", "gender", "joined",
	"membership", "unit_kind", "leader", "exempt", NULL
};

static int
member_is_kept(const char *name)
{
	for (size_t i = 0; member_kept[i] != NULL; i++)
		if (strcmp(member_kept[i], name) == 0)
			return 1;
	return 0;
}

/* The members a purge before YEAR takes: gone, left before 1 January. */
#define MEMBER_PURGE_WHERE \
	" WHERE m.purged IS NULL AND m.status_date < printf('%04d-01-01', ?1)" \
	" AND (m.status = 'transferred_out' OR m.status = 'deceased'" \
	" OR m.status = 'reassigned')"

/* The UPDATE that clears them: "SET name = ..., code = ..., phone = NULL,
 * ...", the cleared columns read from the member kind.  Caller frees. */
static char *
member_purge_sql(void)
{
	const struct record_kind *k = record_kind("members");
	struct sbuf b;

	sbuf_init(&b);
	sbuf_addf(&b, "UPDATE member AS m SET name = '%s', code = '%s' || id, extra = NULL,"
	    " purged = ?2", MEMBER_PURGED_NAME, MEMBER_PURGED_CODE);
	for (int c = 0; k->cols[c].name != NULL; c++)
		if (k->cols[c].field != NULL && !member_is_kept(k->cols[c].name))
			sbuf_addf(&b, ", %s = NULL", k->cols[c].field);
	sbuf_adds(&b, MEMBER_PURGE_WHERE);
	return sbuf_detach(&b);
}

/* What the purge takes, per unit, status and year of leaving, on o->out;
 * the number of members into *n. */
static int
member_purge_list(struct db *db, const struct member_purge_opts *o, long *n,
    struct error *e)
{
	static const char *const cols[] = { "unit", "status", "left", "members" };
	struct emit_table t = { .columns = cols, .ncolumns = 4, .rows_key = "members" };
	sqlite3_stmt *st = db_prepare(db, "SELECT u.code, m.status, substr(m.status_date, 1, 4),"
	    " count(*) FROM member AS m JOIN org AS u ON u.id = m.unit_id" MEMBER_PURGE_WHERE
	    " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3", e);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, o->before);
	*n = 0;
	emit_begin_table(o->out, &t);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *cells[4];

		for (int i = 0; i < 4; i++)
			cells[i] = (const char *)sqlite3_column_text(st, i);
		emit_row(o->out, cells, 4);
		*n += sqlite3_column_int(st, 3);
	}
	emit_end_table(o->out);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, e, "reading the members to purge");
}

/* Refuse a purge without the retention set, or of members too recent. */
static int
member_purge_allowed(const struct member_purge_opts *o, struct error *e)
{
	int latest = o->this_year - o->retention_years;

	if (o->retention_years <= 0)
		return error_set(e, EXIT_USAGE, tr(
		    "purge: retention_years is not set in baodao.conf (see baodao.conf(5)); nothing purged",
		    "purge：baodao.conf 未设置 retention_years（见 baodao.conf(5)）；未清除任何数据"));
	if (o->before > latest)
		return error_set(e, EXIT_USAGE, tr(
		    "purge: --before %d is too recent: retention_years = %d keeps the members"
		    " who left in %d or later; the latest allowed is --before %d",
		    "purge：--before %d 过近：retention_years = %d，%d 年及以后离开的党员须保留；"
		    "最晚只能 --before %d"), o->before, o->retention_years, latest, latest);
	return 0;
}

/* Clear them, in one transaction with the audit row (of the rows the
 * UPDATE changed, whatever was listed before). */
static int
member_purge_write(struct db *db, const struct member_purge_opts *o, struct error *e)
{
	char *sql = member_purge_sql(), detail[128];
	sqlite3_stmt *st;
	struct db_audit a = { .action = "purge", .tbl = "members", .detail = detail };
	int rc = -1;

	snprintf(detail, sizeof detail, "before %d; retention_years %d", o->before,
	    o->retention_years);
	if (db_begin(db, e) != 0) {
		free(sql);
		return -1;
	}
	if ((st = db_prepare(db, sql, e)) != NULL) {
		sqlite3_bind_int(st, 1, o->before);
		sqlite3_bind_text(st, 2, o->today, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			db_fail(db, e, "purging members");
		else if ((a.updated = sqlite3_changes(db->h)), db_audit(db, &a, e) == 0 &&
		    db_commit(db, e) == 0)
			rc = 0;
		sqlite3_finalize(st);
	}
	if (rc != 0)
		db_rollback(db);
	free(sql);
	return rc;
}

int
member_purge(struct db *db, const struct member_purge_opts *o, long *n, struct error *e)
{
	*n = 0;
	if (member_purge_allowed(o, e) != 0 || member_purge_list(db, o, n, e) != 0)
		return -1;
	if (!o->apply || *n == 0)
		return 0;
	return member_purge_write(db, o, e);
}
