/*
 * correct_req.c - a member's request that a record of theirs be
 * corrected (the national volunteer-record rules let a volunteer ask),
 * entered, listed and resolved: accepted with the void or amend that
 * carries it out (or the correction already made since it was asked), or
 * rejected with why.  And the corrections a finished run did not see,
 * for explain.
 */
#include <stdlib.h>
#include <string.h>

#include "correct.h"
#include "correct_int.h"
#include "emit.h"

int
correct_request(struct db *db, const struct correct_opts *o, FILE *out, struct error *e)
{
	struct correct_rec r;
	sqlite3_stmt *st = NULL;
	long long member;
	char at[24], *line = NULL;
	int rc = -1;

	if (util_empty(o->reason))
		return error_set(e, EXIT_USAGE, "%s", tr("--reason TEXT must not be empty",
		    "--reason 不能为空"));
	if (correct_find(db, o, &r, e) != 0)
		goto out;
	member = db_int_text(db, "SELECT id FROM member WHERE code = ?", o->member);
	if (member == 0) {
		error_set(e, EXIT_USAGE, tr("unknown member '%s'", "党员 '%s' 不存在"), o->member);
		goto out;
	}
	if (r.level_org || r.v[r.sc].i != member) {
		error_set(e, EXIT_USAGE, tr("%s: not a record of member %s; a member asks for"
		    " their own records", "%s：不是党员 %s 的记录；党员只能申请更正本人的记录"),
		    r.what, o->member);
		goto out;
	}
	correct_now(db, at);
	if (db_begin(db, e) != 0 || (st = db_prepare(db, "INSERT INTO correction_request"
	    " (kind, record_id, label, member_id, reason, at, actor) VALUES (?, ?, ?, ?, ?, ?, ?)",
	    e)) == NULL)
		goto fail;
	sqlite3_bind_text(st, 1, r.k->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, r.id);
	sqlite3_bind_text(st, 3, r.label, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, member);
	sqlite3_bind_text(st, 5, o->reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, db_actor(), -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE) {
		db_fail(db, e, "recording the request");
		goto fail;
	}
	line = xasprintf(tr("request %lld: %s #%lld %s, asked by %s: open (%s)",
	    "申请 %lld：%s #%lld %s，%s 申请更正：待处理（%s）"),
	    (long long)sqlite3_last_insert_rowid(db->h), r.k->name, r.id, r.label, o->member,
	    o->reason);
	if (correct_audit(db, "record request", r.k->name, line, e) != 0 || db_commit(db, e) != 0)
		goto fail;
	rc = correct_say(out, line, e);
	goto out;
fail:
	db_rollback(db);
out:
	sqlite3_finalize(st);
	free(line);
	correct_rec_free(&r);
	return rc;
}

/* ---- the list ---- */

static const char *const correct_request_cols[] = {
	"request", "kind", "record", "label", "member", "reason", "at", "actor", "status",
	"resolved_at", "resolved_by", "resolution", "correction"
};
#define CORRECT_NREQCOLS 13

int
correct_requests(struct db *db, const struct correct_opts *o, FILE *out, struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT q.id, q.kind, '#' || q.record_id, q.label,"
	    " m.code, q.reason, q.at, q.actor, q.status, q.resolved_at, q.resolved_by,"
	    " q.resolution, q.correction_id FROM correction_request q"
	    " JOIN member m ON m.id = q.member_id WHERE ?1 = 0 OR q.status = 'open'"
	    " ORDER BY q.id", e);
	struct emit_table t = { .title = tr("Correction requests", "更正申请"),
	    .columns = correct_request_cols, .ncolumns = CORRECT_NREQCOLS, .rows_key = "requests" };
	int prose = strcmp(o->format, "text") == 0;
	struct emit *w;

	if (st == NULL)
		return -1;
	if ((w = emit_open_file(out, o->format, e)) == NULL) {
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_bind_int(st, 1, o->open_only);
	if (!prose)
		emit_begin_table(w, &t);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *c[CORRECT_NREQCOLS];

		for (int i = 0; i < CORRECT_NREQCOLS; i++)
			c[i] = (const char *)sqlite3_column_text(st, i);
		if (!prose)
			emit_row(w, c, CORRECT_NREQCOLS);
		else if (c[9] == NULL)
			emit_textf(w, tr("request %s  %s %s %s  asked by %s on %s: %s  [open]\n",
			    "申请 %s  %s %s %s  %s 于 %s 申请：%s  [待处理]\n"),
			    c[0], c[1], c[2], c[3], c[4], c[6], c[5]);
		else
			emit_textf(w, tr("request %s  %s %s %s  asked by %s on %s: %s  [%s by %s"
			    " on %s: %s%s%s]\n", "申请 %s  %s %s %s  %s 于 %s 申请：%s  [%s，%s"
			    " 于 %s：%s%s%s]\n"), c[0], c[1], c[2], c[3], c[4], c[6], c[5], c[8],
			    c[10], c[9], c[11], c[12] ? tr("; correction #", "；更正 #") : "",
			    c[12] ? c[12] : "");
	}
	sqlite3_finalize(st);
	if (!prose)
		emit_end_table(w);
	return emit_close(w);
}

/* ---- resolving ---- */

/* Request o->req: its record (into o2's kind and id) and whether it is
 * open; *asked gets when it was asked. */
static int
correct_req_load(struct db *db, const struct correct_opts *o, char **kind, char **id,
    char **asked, struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT kind, '#' || record_id, at, status,"
	    " resolved_at FROM correction_request WHERE id = ?", e);
	int rc = -1;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, o->req);
	if (sqlite3_step(st) != SQLITE_ROW)
		error_set(e, EXIT_USAGE, tr("no correction request %lld", "没有更正申请 %lld"),
		    o->req);
	else if (strcmp((const char *)sqlite3_column_text(st, 3), "open") != 0)
		error_set(e, EXIT_USAGE, tr("request %lld was already %s on %s",
		    "申请 %lld 已经处理（%s，%s）"), o->req, sqlite3_column_text(st, 3),
		    sqlite3_column_text(st, 4));
	else {
		*kind = db_col_dup(st, 0);
		*id = db_col_dup(st, 1);
		*asked = db_col_dup(st, 2);
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

/* The latest correction of R made since ASKED, or 0. */
static long long
correct_made_since(struct db *db, const struct correct_rec *r, const char *asked)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT max(id) FROM correction WHERE kind = ?"
	    " AND record_id = ? AND at >= ?", NULL);
	long long id = 0;

	if (st == NULL)
		return 0;
	sqlite3_bind_text(st, 1, r->k->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, r->id);
	sqlite3_bind_text(st, 3, asked, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return id;
}

/* Close request o->req with its outcome (CID 0: none). */
static int
correct_req_close(struct db *db, const struct correct_opts *o, long long cid,
    struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "UPDATE correction_request SET status = ?,"
	    " resolved_at = strftime('%Y-%m-%dT%H:%M:%SZ','now'), resolved_by = ?,"
	    " resolution = ?, correction_id = ? WHERE id = ? AND status = 'open'", e);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, o->accept ? "accepted" : "rejected", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, db_actor(), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, o->reason, -1, SQLITE_STATIC);
	if (cid != 0)
		sqlite3_bind_int64(st, 4, cid);
	sqlite3_bind_int64(st, 5, o->req);
	rc = sqlite3_step(st) == SQLITE_DONE && sqlite3_changes(db->h) == 1 ? 0 :
	    db_fail(db, e, "resolving the request");
	sqlite3_finalize(st);
	return rc;
}

/* Accepting: the void or amend asked for, or the correction made since. */
static int
correct_accept(struct db *db, const struct correct_opts *o, struct correct_rec *r,
    const char *asked, long long *cid, char **did, struct error *e)
{
	char *why = xasprintf(tr("request %lld: %s", "申请 %lld：%s"), o->req, o->reason);
	int rc;

	if (o->void_it)
		rc = correct_apply_void(db, r, why, cid, did, e);
	else if (o->nsets > 0)
		rc = correct_apply_amend(db, r, o, why, cid, did, e);
	else if ((*cid = correct_made_since(db, r, asked)) != 0) {
		*did = xasprintf(tr("%s #%lld %s: corrected by correction #%lld",
		    "%s #%lld %s：已由更正 #%lld 处理"), r->k->name, r->id, r->label, *cid);
		rc = 0;
	} else
		rc = error_set(e, EXIT_USAGE, tr("request %lld: accepting needs --void or"
		    " FIELD=VALUE (or a correction of %s #%lld made since it was asked)",
		    "申请 %lld：接受时需要 --void 或 字段=值（或该记录 %s #%lld 在申请后已有更正）"),
		    o->req, r->k->name, r->id);
	free(why);
	return rc;
}

int
correct_resolve(struct db *db, const struct correct_opts *o, FILE *out, struct error *e)
{
	struct correct_opts ro = *o;
	struct correct_rec r;
	char *kind = NULL, *id = NULL, *asked = NULL, *did = NULL, *line = NULL;
	long long cid = 0;
	int rc = -1;

	memset(&r, 0, sizeof r);
	if (util_empty(o->reason))
		return error_set(e, EXIT_USAGE, "%s", tr("--reason TEXT must not be empty",
		    "--reason 不能为空"));
	if (!o->accept && (o->void_it || o->nsets > 0))
		return error_set(e, EXIT_USAGE, tr("request %lld: a rejection changes no record"
		    " (no --void or FIELD=VALUE)", "申请 %lld：驳回不更正记录（不能有 --void 或 字段=值）"),
		    o->req);
	if (o->void_it && o->nsets > 0)
		return error_set(e, EXIT_USAGE, tr("request %lld: --void or FIELD=VALUE, not both",
		    "申请 %lld：--void 与 字段=值 只能选一"), o->req);
	if (correct_req_load(db, o, &kind, &id, &asked, e) != 0)
		goto out;
	ro.kind = kind;
	ro.id = id;
	if (correct_find(db, &ro, &r, e) != 0 || db_begin(db, e) != 0)
		goto out;
	if ((!o->accept || correct_accept(db, &ro, &r, asked, &cid, &did, e) == 0) &&
	    correct_req_close(db, o, cid, e) == 0) {
		line = xasprintf(tr("request %lld: %s (%s)%s%s", "申请 %lld：%s（%s）%s%s"),
		    o->req, o->accept ? tr("accepted", "已接受") : tr("rejected", "已驳回"),
		    o->reason, did ? "; " : "", did ? did : "");
		rc = correct_audit(db, "record resolve", r.k->name, line, e);
	}
	if (rc == 0)
		rc = db_commit(db, e);
	if (rc != 0)
		db_rollback(db);
	else
		rc = correct_say(out, line, e);
out:
	free(kind);
	free(id);
	free(asked);
	free(did);
	free(line);
	correct_rec_free(&r);
	return rc;
}

/* ---- what a run did not see ---- */

int
correct_since(struct db *db, int org, long long subject, const char *as_of,
    const char *since, struct correct_changes *out, struct error *e)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT kind, record_id, label, action, at, actor,"
	    " reason FROM correction WHERE level = ?1 AND (subject = ?2 OR subject_new = ?2)"
	    " AND at >= ?3 AND (date <= ?4 OR date_new <= ?4) ORDER BY id", e);

	memset(out, 0, sizeof *out);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, org ? "org" : "member", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, subject);
	sqlite3_bind_text(st, 3, since, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, as_of, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct correct_change *c;

		out->c = xrealloc(out->c, (out->n + 1) * sizeof *out->c);
		c = &out->c[out->n++];
		c->kind = db_col_dup(st, 0);
		c->record = sqlite3_column_int64(st, 1);
		c->label = db_col_dup(st, 2);
		c->action = db_col_dup(st, 3);
		c->at = db_col_dup(st, 4);
		c->actor = db_col_dup(st, 5);
		c->reason = db_col_dup(st, 6);
	}
	sqlite3_finalize(st);
	return 0;
}

void
correct_changes_free(struct correct_changes *cs)
{
	for (size_t i = 0; i < cs->n; i++) {
		free(cs->c[i].kind);
		free(cs->c[i].label);
		free(cs->c[i].action);
		free(cs->c[i].at);
		free(cs->c[i].actor);
		free(cs->c[i].reason);
	}
	free(cs->c);
	memset(cs, 0, sizeof *cs);
}
