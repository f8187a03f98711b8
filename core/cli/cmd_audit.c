/*
 * cmd_audit.c - `baodao audit`: the audit trail, and with --verify the
 * check of its hash chain.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "cmd.h"
#include "date.h"
#include "emit.h"

static const struct opt cmd_audit_opts[] = {
	{ "--since", "DATE", "only the entries from this date on", 0 },
	{ "--verify", NULL, "check the hash chain instead of listing", 0 },
	{ "--format", "F", "text (the default), csv, md or json", 0 },
	{ NULL, NULL, NULL, 0 }
};

static const struct opt_cmd cmd_audit_decl = {
	"audit", "audit [--since DATE] [--verify] [--format text|csv|md|json]",
	"The audit trail, oldest first: every import, evaluate, pack install,\n"
	"remove and rollback, reveal of personal data, correction, wish and ledger\n"
	"step, backup and restore, with who, when and what.  Each entry carries\n"
	"the hash of the one before.  --verify checks the whole chain and prints\n"
	"one line per entry changed or deleted, naming its position (exit 1), or\n"
	"the number of entries and the newest entry's hash, which an auditor may\n"
	"note down: deleting the newest entries is found only against it.",
	cmd_audit_opts, 0, 0, NULL,
	CONFIG_ROLE_AUDITOR
};

static const char *const cmd_audit_cols[] = {
	"id", "at", "actor", "action", "table", "file", "file_sha256", "inserted",
	"updated", "detail", "prev_hash", "hash"
};

/* audit_each() callback: one entry, a line of prose or a row. */
static int
cmd_audit_entry(const struct audit_entry *a, void *arg)
{
	struct emit *w = arg;
	char id[24], ins[24], upd[24];
	const char *cells[12];

	if (emit_prose(w))
		return emit_textf(w, "%lld %s %s %s%s%s%s%s +%lld ~%lld%s%s\n", a->id, a->at,
		    a->actor, a->action, a->tbl ? " " : "", a->tbl ? a->tbl : "",
		    a->file ? " " : "", a->file ? a->file : "", a->inserted, a->updated,
		    a->detail ? ": " : "", a->detail ? a->detail : "") == 0 ? 0 : -1;
	snprintf(id, sizeof id, "%lld", a->id);
	snprintf(ins, sizeof ins, "%lld", a->inserted);
	snprintf(upd, sizeof upd, "%lld", a->updated);
	cells[0] = id;
	cells[1] = a->at;
	cells[2] = a->actor;
	cells[3] = a->action;
	cells[4] = a->tbl;
	cells[5] = a->file;
	cells[6] = a->file_sha256;
	cells[7] = ins;
	cells[8] = upd;
	cells[9] = a->detail;
	cells[10] = a->prev_hash;
	cells[11] = a->hash;
	return emit_row(w, cells, 12) == 0 ? 0 : -1;
}

/* The entries from SINCE on: prose in text and md, else a table. */
static int
cmd_audit_list(struct db *db, struct emit *w, const char *since, struct error *e)
{
	static const struct emit_table t = { .title = "audit", .columns = cmd_audit_cols,
	    .ncolumns = 12, .rows_key = "entries" };
	int table = !emit_prose(w);

	if (table)
		emit_begin_table(w, &t);
	if (audit_each(db, since, cmd_audit_entry, w, e) != 0)
		return -1;
	if (table)
		emit_end_table(w);
	return 0;
}

/* One break of the chain in words. */
static char *
cmd_audit_break_text(const struct audit_break *b)
{
	switch (b->problem) {
	case AUDIT_MODIFIED:
		return xasprintf(tr("audit entry %lld: changed after it was written (its hash"
		    " does not match its fields)", "审计记录 %lld：写入后被改动（其哈希与内容不符）"),
		    b->position);
	case AUDIT_RELINKED:
		return xasprintf(tr("audit entry %lld: changed and its hash rewritten (entry %lld"
		    " no longer follows it)", "审计记录 %lld：被改动且哈希被重写（记录 %lld"
		    " 不再与其衔接）"), b->position, b->last);
	case AUDIT_MISSING:
		if (b->last > b->position)
			return xasprintf(tr("audit entries %lld-%lld: missing (deleted)",
			    "审计记录 %lld-%lld：缺失（已被删除）"), b->position, b->last);
		return xasprintf(tr("audit entry %lld: missing (deleted)",
		    "审计记录 %lld：缺失（已被删除）"), b->position);
	}
	return xstrdup("?");
}

static const char *const cmd_audit_problem[] = { "modified", "rewritten", "missing" };

/* audit_verify() callback: the break, as a line, a row or an object. */
static void
cmd_audit_break(const struct audit_break *b, void *arg)
{
	struct emit *w = arg;
	char *text = cmd_audit_break_text(b), pos[24], last[24];
	const char *cells[4] = { pos, cmd_audit_problem[b->problem], last, text };

	snprintf(pos, sizeof pos, "%lld", b->position);
	snprintf(last, sizeof last, "%lld", b->last ? b->last : b->position);
	if (emit_trees(w)) {
		emit_begin_object(w);
		emit_kint(w, "position", b->position);
		emit_kstr(w, "problem", cmd_audit_problem[b->problem]);
		emit_kint(w, "last", b->last ? b->last : b->position);
		emit_kstr(w, "message", text);
		emit_end_object(w);
		emit_break(w, 0);
	} else if (emit_prose(w)) {
		emit_textf(w, "%s\n", text);
	} else {
		emit_row(w, cells, 4);
	}
	free(text);
}

/* --verify: the breaks, then the summary; EXIT_FOUND when broken. */
static int
cmd_audit_verify(struct db *db, struct emit *w, struct error *e)
{
	static const char *const cols[] = { "position", "problem", "last", "message" };
	static const struct emit_table t = { .title = "audit", .columns = cols, .ncolumns = 4 };
	struct audit_summary s;
	int rc;

	if (emit_trees(w)) {
		emit_begin_object(w);
		emit_key(w, "breaks");
		emit_begin_array(w);
	} else if (!emit_prose(w)) {
		emit_begin_table(w, &t);
	}
	rc = audit_verify(db, cmd_audit_break, w, &s, e);
	if (emit_trees(w)) {
		emit_end_array(w);
		emit_kint(w, "entries", s.entries);
		emit_kbool(w, "intact", s.breaks == 0);
		emit_kstr(w, "head", s.head);
		emit_end_object(w);
	} else if (!emit_prose(w)) {
		emit_end_table(w);
	} else if (s.breaks == 0) {
		emit_textf(w, tr("audit: %ld entries, chain intact; head %s\n",
		    "审计：共 %ld 条记录，哈希链完整；最新哈希 %s\n"), s.entries,
		    s.entries ? s.head : "-");
	} else {
		emit_textf(w, tr("audit: %ld entries, %ld breaks in the chain\n",
		    "审计：共 %ld 条记录，哈希链断裂 %ld 处\n"), s.entries, s.breaks);
	}
	if (rc != 0)
		return -1;
	return s.breaks > 0 ? EXIT_FOUND : 0;
}

/* The listing or, with --verify, the check. */
static int
cmd_audit_write(struct db *db, struct emit *w, const struct opt_args *a, struct error *e)
{
	const char *since = opt_get(a, "--since");
	char iso[11];

	if (opt_has(a, "--verify"))
		return cmd_audit_verify(db, w, e);
	if (since)
		date_parse(since, iso);
	return cmd_audit_list(db, w, since ? iso : NULL, e);
}

/* audit [--since DATE] [--verify] [--format F] */
static int
cmd_audit_run(struct cmd_ctx *c, int argc, char **argv)
{
	const char *since;
	struct opt_args a;
	char iso[11];
	int rc = -1;

	if (opt_parse(&cmd_audit_decl, argc, argv, &a, &c->err) != 0)
		goto out;
	since = opt_get(&a, "--since");
	if (since && date_parse(since, iso) != 0)
		opt_usage(&cmd_audit_decl, &c->err, "bad date '%s'", since);
	else
		rc = cmd_read_emit(c, &a, cmd_audit_write);
out:
	opt_args_free(&a);
	return rc;
}

const struct cmd cmd_audit = { &cmd_audit_decl, cmd_audit_run, NULL, NULL };
