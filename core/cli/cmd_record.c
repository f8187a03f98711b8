/*
 * cmd_record.c - `baodao record`: corrections of a record with history
 * (void, amend, history) and members' requests for them (request,
 * requests, resolve).
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "correct.h"
#include "emit.h"
#include "record.h"

#define CMD_RECORD_REASON { "--reason", "TEXT", "why (kept in the history)", 1 }
#define CMD_RECORD_FORMAT { "--format", "F", "text (the default), csv, md or json", 0 }
#define CMD_RECORD_END { NULL, NULL, NULL, 0 }
#define CMD_RECORD_MAXSETS 32	/* FIELD=VALUE arguments: more than any kind's columns */

static const struct opt cmd_record_reason_opts[] = { CMD_RECORD_REASON, CMD_RECORD_END };
static const struct opt cmd_record_history_opts[] = { CMD_RECORD_FORMAT, CMD_RECORD_END };
static const struct opt cmd_record_request_opts[] = {
	{ "--by", "MEMBER", "the member who asks (the record's own member)", 1 },
	CMD_RECORD_REASON, CMD_RECORD_END
};
static const struct opt cmd_record_requests_opts[] = {
	{ "--open", NULL, "only the requests not yet resolved", 0 },
	CMD_RECORD_FORMAT, CMD_RECORD_END
};
static const struct opt cmd_record_resolve_opts[] = {
	CMD_RECORD_REASON,
	{ "--void", NULL, "accepted: void the record", 0 },
	CMD_RECORD_END
};

static const struct opt_cmd cmd_record_void = {
	"record void", "record void KIND ID --reason TEXT",
	"Void a wrong record: it stays, with its history, but counts no more.",
	cmd_record_reason_opts, 2, 2, "KIND and ID",
	CONFIG_ROLE_CLERK
};
static const struct opt_cmd cmd_record_amend = {
	"record amend", "record amend KIND ID FIELD=VALUE ... --reason TEXT",
	"Amend fields of a record; each VALUE is read as import reads the cell.",
	cmd_record_reason_opts, 3, 2 + CMD_RECORD_MAXSETS, "KIND, ID and FIELD=VALUE",
	CONFIG_ROLE_CLERK
};
static const struct opt_cmd cmd_record_history = {
	"record history", "record history KIND ID [--format F]",
	"The corrections of a record, oldest first: when, who, what, why.",
	cmd_record_history_opts, 2, 2, "KIND and ID",
	OPT_ANYONE
};
static const struct opt_cmd cmd_record_request = {
	"record request", "record request KIND ID --by MEMBER --reason TEXT",
	"A member asks for a record of theirs to be corrected.",
	cmd_record_request_opts, 2, 2, "KIND and ID",
	CONFIG_ROLE_CLERK
};
static const struct opt_cmd cmd_record_requests = {
	"record requests", "record requests [--open] [--format F]",
	"The members' correction requests and their outcome.",
	cmd_record_requests_opts, 0, 0, NULL,
	OPT_ANYONE
};
static const struct opt_cmd cmd_record_resolve = {
	"record resolve",
	"record resolve REQ accepted|rejected --reason TEXT [--void | FIELD=VALUE ...]",
	"Close a request: accepted, by voiding or amending the record (or with the\n"
	"correction already made since it was asked), or rejected.",
	cmd_record_resolve_opts, 2, 2 + CMD_RECORD_MAXSETS, "REQ and accepted or rejected",
	CONFIG_ROLE_CLERK
};

static const struct opt_cmd *const cmd_record_subs[] = {
	&cmd_record_void, &cmd_record_amend, &cmd_record_history, &cmd_record_request,
	&cmd_record_requests, &cmd_record_resolve, NULL
};

static const struct opt_cmd cmd_record_decl = {
	"record",
	"record void|amend|history|request|requests|resolve ...",
	"Corrections with history, and members' requests for them:\n"
	"  record void KIND ID --reason TEXT\n"
	"  record amend KIND ID FIELD=VALUE ... --reason TEXT\n"
	"  record history KIND ID [--format F]\n"
	"  record request KIND ID --by MEMBER --reason TEXT\n"
	"  record requests [--open] [--format F]\n"
	"  record resolve REQ accepted|rejected --reason TEXT [--void | FIELD=VALUE ...]\n"
	"KIND: registrations, claims, activities, suggestions, pairings, org_events,\n"
	"breaches or member_events.  ID: #N (the record's number, as history shows\n"
	"it) or the record's key as in the sheet, joined by /, e.g.\n"
	"M001/2024-04-06/service/C001 (trailing parts may be left out while one\n"
	"record matches).  FIELD: an import column of KIND.  Each correction keeps\n"
	"the old values, who (the OS user), when and why; a voided record stays but\n"
	"counts no more.  A stored run is not changed: explain flags the records\n"
	"corrected since it was made.",
	NULL, 0, 0, NULL,
	OPT_ANYONE
};

/* --format: the writer's formats; text by default. */
static int
cmd_record_format(const struct opt_args *a, struct correct_opts *co, struct error *e)
{
	co->format = opt_get(a, "--format");
	if (co->format == NULL)
		co->format = "text";
	else if (!emit_format_known(co->format))
		return opt_usage(a->cmd, e, tr("unknown format '%s'", "未知的格式 '%s'"),
		    co->format);
	return 0;
}

/* resolve REQ accepted|rejected [FIELD=VALUE ...] */
static int
cmd_record_resolve_args(const struct opt_args *a, struct correct_opts *co, struct error *e)
{
	if (opt_int(a->cmd, "REQ", a->pos[0], 1, (long long)1 << 62, &co->req, e) != 0)
		return -1;
	if (strcmp(a->pos[1], "accepted") != 0 && strcmp(a->pos[1], "rejected") != 0)
		return opt_usage(a->cmd, e, tr("'%s': expected accepted or rejected",
		    "'%s'：应为 accepted 或 rejected"), a->pos[1]);
	co->accept = strcmp(a->pos[1], "accepted") == 0;
	co->void_it = opt_has(a, "--void");
	co->sets = a->pos + 2;
	co->nsets = a->npos - 2;
	return 0;
}

/* Read a subcommand's arguments into co. */
static int
cmd_record_args(const struct opt_args *a, struct correct_opts *co, struct error *e)
{
	co->reason = opt_get(a, "--reason");
	co->member = opt_get(a, "--by");
	co->open_only = opt_has(a, "--open");
	if (a->cmd == &cmd_record_resolve)
		return cmd_record_resolve_args(a, co, e);
	if (a->cmd == &cmd_record_requests || a->cmd == &cmd_record_history)
		if (cmd_record_format(a, co, e) != 0)
			return -1;
	if (a->npos >= 2) {
		co->kind = a->pos[0];
		co->id = a->pos[1];
	}
	co->sets = a->pos + 2;
	co->nsets = a->npos - 2;
	return 0;
}

/* The subcommand's work on the database. */
static int
cmd_record_do(struct cmd_ctx *c, const struct opt_args *a, struct correct_opts *co)
{
	struct record_vocab vocab = { 0 };
	int ro = a->cmd == &cmd_record_history || a->cmd == &cmd_record_requests;
	struct db db;
	int rc = -1;

	if ((ro ? cmd_open_ro(c, &db) : cmd_open(c, &db)) != 0)
		return -1;
	if (co->nsets > 0 && cmd_vocab(c, &db, co->kind, &vocab, &co->vocab) != 0)
		goto out;
	if (a->cmd == &cmd_record_void)
		rc = correct_void(&db, co, stdout, &c->err);
	else if (a->cmd == &cmd_record_amend)
		rc = correct_amend(&db, co, stdout, &c->err);
	else if (a->cmd == &cmd_record_history)
		rc = correct_history(&db, co, stdout, &c->err);
	else if (a->cmd == &cmd_record_request)
		rc = correct_request(&db, co, stdout, &c->err);
	else if (a->cmd == &cmd_record_requests)
		rc = correct_requests(&db, co, stdout, &c->err);
	else
		rc = correct_resolve(&db, co, stdout, &c->err);
out:
	record_vocab_free(&vocab);
	db_close(&db);
	return rc;
}

/* The subcommand argv[1] names, with its own options. */
static int
cmd_record_run(struct cmd_ctx *c, int argc, char **argv)
{
	const struct opt_cmd *sub = cmd_sub(&cmd_record, argc, argv);
	struct correct_opts co = { 0 };
	struct opt_args a;
	int rc = -1;

	if (sub == NULL)
		return opt_usage(&cmd_record_decl, &c->err, "%s", argc > 1 ?
		    tr("unknown subcommand", "未知的子命令") : tr("needs a subcommand", "需要子命令"));
	if (opt_parse(sub, argc - 1, argv + 1, &a, &c->err) == 0 &&
	    cmd_record_args(&a, &co, &c->err) == 0)
		rc = cmd_record_do(c, &a, &co);
	opt_args_free(&a);
	return rc;
}

const struct cmd cmd_record = { &cmd_record_decl, cmd_record_run, cmd_record_subs, NULL };
