/*
 * cmd_pack.c - `baodao pack SUBCOMMAND`: rule packs listed, described,
 * installed (staged by store, tested by packtest, committed by store),
 * removed and rolled back; sealed, signed and verified (trust); tested,
 * linted and compared (packtest, lint, diff); a requirement added (gen).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "diff.h"
#include "emit.h"
#include "gen.h"
#include "lint.h"
#include "migrate.h"
#include "pack.h"
#include "packtest.h"
#include "store.h"
#include "trust.h"

#define CMD_PACK_END { NULL, NULL, NULL, 0 }

/* Read the pack that ID names: a folder, ID@VERSION, or an id, which is
 * the installed version in force in YEAR (else the development copy). */
static int
cmd_pack_read(struct cmd_ctx *c, const char *id, int year, struct pack_info *pi)
{
	struct db db;
	int have = cmd_open_if_any(c, &db);
	int rc;

	rc = store_read(&c->cfg, have ? &db : NULL, id, year, pi, &c->err);
	if (have)
		db_close(&db);
	return rc;
}

/* The year now (UTC): the year whose version in force info and verify show. */
static int
cmd_pack_this_year(void)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	return tm.tm_year + 1900;
}

/* The folder of the pack SPEC names, for the commands that work on a
 * folder (test, lint): ID@VERSION is that installed version's folder in
 * the store; a path or a plain id is found as pack_find() finds it. */
static int
cmd_pack_dir(struct cmd_ctx *c, const char *spec, char **dir)
{
	struct pack_info pi;

	if (strchr(spec, '@') == NULL || strchr(spec, '/') != NULL)
		return pack_find(&c->cfg, spec, dir, &c->err);
	if (cmd_pack_read(c, spec, 0, &pi) != 0)
		return -1;
	*dir = xstrdup(pi.dir);
	pack_info_free(&pi);
	return 0;
}

/* ---- list, info ---- */

static const struct opt_cmd cmd_pack_list = {
	"pack list", "pack list", "The development copies of the pack path and the versions"
	" installed\nin the database's pack store.", NULL, 0, 0, NULL,
	OPT_ANYONE
};

/* Without a database only the development copies are listed. */
static int
cmd_pack_list_run(struct cmd_ctx *c, const struct opt_args *a)
{
	struct db db;
	int rc;

	if (access(c->db_path, F_OK) != 0)
		return store_list(&c->cfg, NULL, &c->err);
	if (cmd_open_ro(c, &db) != 0)
		return -1;
	rc = store_list(&c->cfg, &db, &c->err);
	db_close(&db);
	return rc;
}

static const struct opt cmd_pack_info_opts[] = {
	{ "--effective", NULL, "every parameter and requirement in force, with its pack", 0 },
	CMD_PACK_END
};

static const struct opt_cmd cmd_pack_info = {
	"pack info", "pack info ID[@VERSION]|DIR [--effective]",
	"Parameters, requirements and facts of a pack (with the pack each comes\n"
	"from when it extends another): ID is the installed version in force this\n"
	"year (the development copy when none is installed), ID@VERSION one\n"
	"installed version, DIR a folder.", cmd_pack_info_opts, 1, 1, "ID",
	OPT_ANYONE
};

/* Parameters: only the pack's own, or with effective set every one in
 * force through inheritance, each with the pack it comes from. */
static void
cmd_pack_params(struct emit *w, const struct pack_info *pi, int effective)
{
	for (size_t i = 0; i < pi->nparams; i++) {
		const struct pack_param *pp = &pi->params[i];

		if (!effective && strcmp(pp->origin, pi->id) != 0)
			continue;
		emit_textf(w, "  %-28s = %-12s %s [%s]", pp->name, pp->dflt, pp->description,
		    pp->clause);
		if (effective)
			emit_textf(w, " (%s)", pp->origin);
		emit_text(w, "\n");
		for (size_t j = 0; j < pp->ndated; j++)
			emit_textf(w, "  %-28s   %s from %s%s%s%s\n", "", pp->dated[j].value,
			    pp->dated[j].from, *pp->dated[j].clause ? " [" : "",
			    pp->dated[j].clause, *pp->dated[j].clause ? "]" : "");
	}
}

/* Requirements, like the parameters: own, or every one with its pack. */
static void
cmd_pack_reqs(struct emit *w, const struct pack *p, int effective)
{
	for (size_t i = 0; i < p->nreqs; i++) {
		const struct pack_req *r = &p->reqs[i];

		if (!effective && strcmp(r->origin, p->info->id) != 0)
			continue;
		emit_textf(w, "  %-34s %-6s %s [%s]", r->id,
		    r->level == PACK_LEVEL_ORG ? "org" : "member", r->title, r->clause);
		if (effective)
			emit_textf(w, " (%s)", r->origin);
		emit_text(w, "\n");
	}
}

/* The pack SPEC names (the installed version in force this year for an
 * id), loaded for this year. */
static int
cmd_pack_info_run(struct cmd_ctx *c, const struct opt_args *a)
{
	struct sandbox_limits lim = { c->cfg.memory_limit, c->cfg.instruction_limit };
	int effective = opt_has(a, "--effective");
	struct facts_period per;
	struct pack_info pi;
	struct pack p;
	struct emit *w;
	time_t now = time(NULL);
	struct tm tm;
	int rc = -1;

	gmtime_r(&now, &tm);
	if (cmd_pack_read(c, a->pos[0], tm.tm_year + 1900, &pi) != 0)
		return -1;
	facts_period_init(&per, tm.tm_year + 1900, NULL);
	w = emit_open_file(stdout, "text", &c->err);
	emit_textf(w, "%s %s — %s\n%s %s\n%s\nsha256 %s\n", pi.id, pi.version, pi.name,
	    pi.issuer, pi.document, pi.dir, pi.hash);
	if (!util_empty(pi.extends))
		emit_textf(w, "extends %s\n", pi.extends);
	emit_textf(w, "effective %s .. %s\n",
	    util_empty(pi.effective_from) ? "-" : pi.effective_from,
	    util_empty(pi.effective_to) ? "-" : pi.effective_to);
	emit_text(w, "parameters:\n");
	cmd_pack_params(w, &pi, effective);
	if (pack_load(&p, &pi, &lim, &per, &c->err) == 0) {
		emit_text(w, "requirements:\n");
		cmd_pack_reqs(w, &p, effective);
		emit_text(w, "facts:\n");
		for (size_t i = 0; i < p.plan.n; i++)
			emit_textf(w, "  %s\n", p.plan.specs[i].name);
		pack_free(&p);
		rc = 0;
	}
	if (emit_close(w) != 0)
		rc = -1;
	pack_info_free(&pi);
	return rc;
}

/* ---- install, remove, rollback ---- */

static const struct opt_cmd cmd_pack_install = {
	"pack install", "pack install DIR",
	"Verify, build and test a sealed pack, then install it into the database's\n"
	"pack store; on any failure nothing changes.", NULL, 1, 1, "DIR",
	CONFIG_ROLE_ADMIN
};
static const struct opt cmd_pack_remove_opts[] = {
	{ "--yes", NULL, "remove the version in force too", 0 },
	CMD_PACK_END
};

static const struct opt_cmd cmd_pack_remove = {
	"pack remove", "pack remove ID[@VERSION] [--yes]",
	"Remove installed versions; the version in force this year only with --yes\n"
	"(without it the removal is refused, naming what would be in force instead).",
	cmd_pack_remove_opts, 1, 1, "ID",
	CONFIG_ROLE_ADMIN
};
static const struct opt_cmd cmd_pack_rollback = {
	"pack rollback", "pack rollback ID",
	"The latest installed version steps back; the previous one is in force again.",
	NULL, 1, 1, "ID",
	CONFIG_ROLE_ADMIN
};

/* The pack's own tests must pass before it may be installed: the cases
 * policy staff wrote are the pack's contract.  Failures go to stderr. */
static int
cmd_pack_install_tests(const struct config *cfg, const struct pack_info *pi,
    struct error *e)
{
	struct packtest_opts o = { 0 };
	long passed = 0, failed = 0;

	if (packtest_pack(cfg, pi->dir, &o, stderr, &passed, &failed, e) != 0)
		return -1;
	if (failed > 0)
		return error_set(e, EXIT_FOUND, tr("pack %s: %ld of %ld test cases failed; not"
		    " installed", "规则包 %s：%ld/%ld 个测试用例未通过；未安装"), pi->id, failed,
		    passed + failed);
	if (passed == 0)
		return error_set(e, EXIT_USAGE, tr("pack %s has no test cases (tests/*.lua); an"
		    " untested pack is not installed", "规则包 %s 没有测试用例；未经测试的规则包不予安装"),
		    pi->id);
	return 0;
}

/* Staged, tested, committed: all or nothing. */
static int
cmd_pack_install_run(struct cmd_ctx *c, const struct opt_args *a)
{
	struct pack_info pi;
	struct db db;
	int rc = -1;

	if (cmd_open(c, &db) != 0)
		return -1;
	if (store_stage(&c->cfg, a->pos[0], &pi, &c->err) == 0) {
		if (cmd_pack_install_tests(&c->cfg, &pi, &c->err) == 0)
			rc = store_commit(&db, &pi, &c->err);
		pack_info_free(&pi);
	}
	db_close(&db);
	return rc;
}

/* pack remove ID[@VERSION] and pack rollback ID. */
static int
cmd_pack_store_run(struct cmd_ctx *c, const struct opt_args *a)
{
	struct db db;
	int rc;

	if (cmd_open(c, &db) != 0)
		return -1;
	if (a->cmd == &cmd_pack_remove)
		rc = store_remove(&c->cfg, &db, a->pos[0], opt_has(a, "--yes"), &c->err);
	else
		rc = store_rollback(&db, a->pos[0], &c->err);
	db_close(&db);
	return rc;
}

/* ---- new-version ---- */

static const struct opt cmd_pack_new_version_opts[] = {
	{ "--from", "DATE", "the day the new version comes into force", 0 },
	{ "--to", "DIR", "the folder to write (default ./ID-VERSION)", 0 },
	CMD_PACK_END
};

static const struct opt_cmd cmd_pack_new_version = {
	"pack new-version", "pack new-version ID --from DATE [--to DIR]",
	"An editable copy of the version in force on DATE (installed, else the\n"
	"development copy): MANIFEST and SIGNATURES dropped, the version bumped\n"
	"(1.0.0 -> 1.1.0), effective_from = DATE, a CHANGELOG entry started.",
	cmd_pack_new_version_opts, 1, 1, "ID",
	CONFIG_ROLE_POLICY
};

/* The database is read when there is one: its version in force is the
 * one copied. */
static int
cmd_pack_new_version_run(struct cmd_ctx *c, const struct opt_args *a)
{
	const char *from = opt_get(a, "--from");
	struct db db;
	int have, rc;

	if (from == NULL)
		return opt_usage(a->cmd, &c->err, "%s", "needs --from DATE");
	have = cmd_open_if_any(c, &db);
	rc = store_new_version(&c->cfg, have ? &db : NULL, a->pos[0], from, opt_get(a, "--to"),
	    &c->err);
	if (have)
		db_close(&db);
	return rc;
}

/* ---- seal, keygen, sign, verify ---- */

static const struct opt_cmd cmd_pack_seal = {
	"pack seal", "pack seal DIR", "Write DIR/MANIFEST: the SHA-256 of every file.", NULL,
	1, 1, "DIR",
	CONFIG_ROLE_POLICY
};
static const struct opt_cmd cmd_pack_keygen = {
	"pack keygen", "pack keygen NAME",
	"Write NAME.key (the secret key, mode 0600) and NAME.pub (Ed25519).", NULL, 1, 1,
	"NAME",
	OPT_ANYONE
};

static const struct opt cmd_pack_sign_opts[] = {
	{ "--key", "FILE", "the secret key (NAME.key)", 0 },
	{ "--as", "ROLE", "author (the default) or approver", 0 },
	CMD_PACK_END
};

static const struct opt_cmd cmd_pack_sign = {
	"pack sign", "pack sign DIR --key FILE [--as author|approver]",
	"Sign the sealed pack's MANIFEST, replacing an earlier signature by the same key.",
	cmd_pack_sign_opts, 0, 1, NULL,
	OPT_ANYONE
};
static const struct opt_cmd cmd_pack_verify = {
	"pack verify", "pack verify [ID[@VERSION]|DIR]",
	"Check a pack's manifest, signatures and trust policy, or every pack of the\n"
	"pack path; exit 1 when one fails.  ID is the installed version in force\n"
	"this year (the development copy when none is installed).", NULL, 0, 1, NULL,
	OPT_ANYONE
};

/* pack seal DIR: says when old signatures had to go. */
static int
cmd_pack_seal_run(struct cmd_ctx *c, const struct opt_args *a)
{
	const char *dir = a->pos[0];
	size_t n;
	int dropped;

	if (trust_seal(dir, &n, &dropped, &c->err) != 0)
		return -1;
	printf(tr("%s/MANIFEST: %zu files sealed\n", "%s/MANIFEST：已封存 %zu 个文件\n"), dir, n);
	if (dropped)
		printf(tr("%s/SIGNATURES removed: its signatures were made over the old MANIFEST;"
		    " sign again\n", "%s/SIGNATURES 已删除：其中的签名针对旧的 MANIFEST，请重新签名\n"),
		    dir);
	return 0;
}

/* pack keygen NAME: says which file is which. */
static int
cmd_pack_keygen_run(struct cmd_ctx *c, const struct opt_args *a)
{
	const char *name = a->pos[0];

	if (trust_keygen(name, &c->err) != 0)
		return -1;
	printf(tr("%s.key: the secret key; keep it private\n%s.pub: the public key; list it"
	    " in trusted_keys where your packs are to be trusted\n", "%s.key：私钥，请妥善保管\n"
	    "%s.pub：公钥，信任您的规则包的一方将其列入 trusted_keys\n"), name, name);
	return 0;
}

/* pack sign DIR --key FILE [--as ROLE]: the role defaults to author. */
static int
cmd_pack_sign_run(struct cmd_ctx *c, const struct opt_args *a)
{
	const char *key = opt_get(a, "--key"), *role = opt_get(a, "--as");

	if (a->npos == 0 || key == NULL)
		return opt_usage(a->cmd, &c->err, "%s", "needs DIR and --key FILE");
	if (role == NULL)
		role = "author";
	if (strcmp(role, "author") != 0 && strcmp(role, "approver") != 0)
		return opt_usage(a->cmd, &c->err, "--as is author or approver, not '%s'", role);
	if (trust_sign(a->pos[0], key, role, &c->err) != 0)
		return -1;
	printf(tr("%s/SIGNATURES: signed as %s with %s\n", "%s/SIGNATURES：已以 %s 身份用 %s"
	    " 签名\n"), a->pos[0], role, key);
	return 0;
}

/* Verify the pack in DIR and print its line; LABEL names it when it
 * fails, which may be before its pack.conf could be read.  1 if it failed. */
static int
cmd_pack_verify_one(const char *dir, const char *label)
{
	struct trust_status st;
	struct pack_info pi;
	struct error le = { 0 };
	struct sbuf why;

	if (trust_verify(dir, &st, &le) != 0 || pack_info_read(dir, &pi, &le) != 0) {
		printf("%s: %s\n", label, le.msg);
		return 1;
	}
	sbuf_init(&why);
	trust_explain(&st, &why);
	if (st.nsigs == 0)
		printf(tr("%s %s: sealed, unsigned — %s\n", "%s %s：已封存，未签名 — %s\n"), pi.id,
		    pi.version, why.s);
	else
		printf(tr("%s %s: sealed, %zu signature%s, trusted: %s — %s\n",
		    "%s %s：已封存，签名 %zu 个%s，受信任：%s — %s\n"), pi.id, pi.version, st.nsigs,
		    util_lang_zh() || st.nsigs == 1 ? "" : "s",
		    st.ntrusted ? st.trusted : tr("none", "无"), why.s);
	sbuf_free(&why);
	pack_info_free(&pi);
	return 0;
}

/* Byte-wise order of folder names, so the output is the same everywhere. */
static int
cmd_pack_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Verify every pack folder of one pack path entry, in name order. */
static int
cmd_pack_verify_path(const char *root)
{
	DIR *d = opendir(root);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;
	int failed = 0;

	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = xrealloc(names, (n + 1) * sizeof *names);
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof *names, cmd_pack_name_cmp);
	for (size_t i = 0; i < n; i++) {
		char *dir = xasprintf("%s/%s", root, names[i]);
		struct error le = { 0 };

		if (trust_pack_dir(dir, &le) == 0)
			failed |= cmd_pack_verify_one(dir, names[i]);
		free(dir);
		free(names[i]);
	}
	free(names);
	return failed;
}

/* Exit 1 when any pack fails. */
static int
cmd_pack_verify_run(struct cmd_ctx *c, const struct opt_args *a)
{
	char *dir;
	int failed = 0;

	if (a->npos == 1) {
		struct pack_info pi;

		/* An id is its installed version in force this year. */
		if (strchr(a->pos[0], '/') != NULL) {
			if (pack_find(&c->cfg, a->pos[0], &dir, &c->err) != 0)
				return -1;
		} else if (cmd_pack_read(c, a->pos[0], cmd_pack_this_year(), &pi) == 0) {
			dir = xstrdup(pi.dir);
			pack_info_free(&pi);
		} else
			return -1;
		failed = cmd_pack_verify_one(dir, a->pos[0]);
		free(dir);
	} else {
		for (size_t i = 0; i < c->cfg.npack_path; i++)
			failed |= cmd_pack_verify_path(c->cfg.pack_path[i]);
	}
	return failed ? EXIT_FOUND : 0;
}

/* ---- test, lint, diff ---- */

static const struct opt cmd_pack_test_opts[] = {
	{ "--coverage", NULL, "list what the cases exercise", 0 },
	{ "--json", NULL, "one JSON document", 0 },
	CMD_PACK_END
};

static const struct opt_cmd cmd_pack_test = {
	"pack test", "pack test [ID[@VERSION]|DIR] [--coverage] [--json]",
	"Run a pack's own test cases (tests/*.lua), or every pack's of the pack path;\n"
	"exit 1 when a case fails.", cmd_pack_test_opts, 0, 1, NULL,
	CONFIG_ROLE_POLICY | CONFIG_ROLE_ADMIN
};

/* pack test [ID|DIR]: one pack, or every pack of the pack path. */
static int
cmd_pack_test_run(struct cmd_ctx *c, const struct opt_args *a)
{
	struct packtest_opts o = { 0, 0 };

	char *dir = NULL;
	int rc;

	o.json = opt_has(a, "--json");
	o.coverage = opt_has(a, "--coverage");
	if (a->npos && strchr(a->pos[0], '@') && cmd_pack_dir(c, a->pos[0], &dir) != 0)
		return -1;
	rc = packtest_packs(&c->cfg, dir ? dir : a->npos ? a->pos[0] : NULL, &o, &c->err);
	free(dir);
	return rc;
}

static const struct opt_cmd cmd_pack_lint = {
	"pack lint", "pack lint DIR|ID[@VERSION]",
	"Typos, undeclared parameters, band gaps: FILE:LINE: message per finding;\n"
	"exit 1 when there are findings.", NULL, 1, 1, "DIR or ID",
	CONFIG_ROLE_POLICY
};

/* pack lint ID|DIR: FILE:LINE: message per finding, then the count. */
static int
cmd_pack_lint_run(struct cmd_ctx *c, const struct opt_args *a)
{
	struct lint_result r;
	struct emit *w;
	char *dir;
	int rc;

	if (cmd_pack_dir(c, a->pos[0], &dir) != 0)
		return -1;
	rc = lint_pack(&c->cfg, dir, &r, &c->err);
	free(dir);
	if (rc != 0)
		return -1;
	w = emit_open_file(stdout, "text", &c->err);
	for (size_t i = 0; i < r.n; i++)
		emit_textf(w, "%s:%d: %s\n", r.findings[i].file, r.findings[i].line,
		    r.findings[i].msg);
	if (r.n == 0)
		emit_textf(w, "%s\n", tr("no findings", "没有问题"));
	else if (r.n == 1)
		emit_textf(w, "%s\n", tr("1 finding", "1 个问题"));
	else
		emit_textf(w, tr("%zu findings\n", "%zu 个问题\n"), r.n);
	rc = emit_close(w) != 0 ? -1 : r.n > 0 ? EXIT_FOUND : 0;
	lint_result_free(&r);
	return rc;
}

static const struct opt cmd_pack_diff_opts[] = {
	{ "--year", "Y", "the year both versions evaluate", 0 },
	{ "--set", "PARAM=VALUE", "a parameter of NEW set (repeatable)", 0 },
	{ "--org", "CODE", "only the members and orgs under this org", 0 },
	{ "--members", NULL, "each member and org whose outcomes change", 0 },
	{ "--json", NULL, "one JSON document", 0 },
	CMD_PACK_END
};

static const struct opt_cmd cmd_pack_diff = {
	"pack diff", "pack diff OLD NEW --year Y [--set PARAM=VALUE ...] [--org CODE] [--members]"
	" [--json]",
	"The grade and award moves between two versions of a pack (or with some\n"
	"parameters set), each requirement's counts before and after, and with\n"
	"--members who moves; the database is left as it was.  Exit 1 when a\n"
	"grade, award or outcome changes.",
	cmd_pack_diff_opts, 2, 2, "OLD and NEW",
	CONFIG_ROLE_POLICY | CONFIG_ROLE_ADMIN
};

/* Open the database, compare, print: stdout gets all or nothing. */
static int
cmd_pack_diff_in_db(struct cmd_ctx *c, const struct diff_opts *o)
{
	struct sbuf out;
	struct db db;
	int rc;

	if (cmd_open(c, &db) != 0)
		return -1;
	sbuf_init(&out);
	rc = diff_run(&db, &c->cfg, o, &out, &c->err);
	db_close(&db);
	if (rc >= 0 && out.s)
		fputs(out.s, stdout);
	sbuf_free(&out);
	return rc;
}

/* Read both packs, apply --set to the new one, compare; the packs are
 * freed on the one way out. */
static int
cmd_pack_diff_run(struct cmd_ctx *c, const struct opt_args *a)
{
	struct diff_opts o = { 0 };
	struct pack_info before, after;
	const char *set;
	int rc = -1, i = 0;

	if (opt_year(a->cmd, opt_get(a, "--year"), &o.year, &c->err) != 0 ||
	    cmd_pack_read(c, a->pos[0], o.year, &before) != 0)
		return -1;
	if (cmd_pack_read(c, a->pos[1], o.year, &after) != 0)
		goto out_old;
	while ((set = opt_next(a, "--set", &i)) != NULL)
		if (pack_info_set(&after, set, &c->err) != 0)
			goto out_new;
	o.old_pack = &before;
	o.new_pack = &after;
	o.org = opt_get(a, "--org");
	o.json = opt_has(a, "--json");
	o.members = opt_has(a, "--members");
	rc = cmd_pack_diff_in_db(c, &o);
out_new:
	pack_info_free(&after);
out_old:
	pack_info_free(&before);
	return rc;
}

/* ---- add-requirement ---- */

static const struct opt cmd_pack_addreq_opts[] = {
	{ "--id", "ID", "the requirement's id (PACK.NAME, or NAME)", 0 },
	{ "--title", "TEXT", "what the notice asks, in its words", 0 },
	{ "--clause", "TEXT", "the notice and clause it comes from", 0 },
	{ "--count", "KIND", "the record kind counted: activity, claim, suggestion, ...", 0 },
	{ "--where", "FIELD=VALUE[,...]", "only the records with these values", 0 },
	{ "--min", "N", "the least number a year (default 1): parameter min_NAME", 0 },
	{ "--since", "DATE", "the duty's start: n/a before it", 0 },
	{ "--applies", "FUNC", "a function of the rules file saying whom it binds", 0 },
	{ "--award", NULL, "add it to the award's DUTIES list", 0 },
	CMD_PACK_END
};

static const struct opt_cmd cmd_pack_addreq = {
	"pack add-requirement", "pack add-requirement DIR|ID --id ID --title TEXT --clause TEXT"
	" --count KIND [--where F=V,...] [--min N] [--since DATE] [--applies FUNC] [--award]",
	"Write a member's duty of the usual shape into a pack folder: the fact (a\n"
	"count of one record kind), the parameter min_NAME, the requirement, a\n"
	"passing and a failing test case, and with --award its place in the award.",
	cmd_pack_addreq_opts, 1, 1, "DIR or ID",
	CONFIG_ROLE_POLICY
};

/* Write R into DIR and say what was written, and what to run next. */
static int
cmd_pack_addreq_write(struct cmd_ctx *c, const char *dir, const struct gen_requirement *r)
{
	struct sbuf out;
	int rc;

	sbuf_init(&out);
	rc = gen_add_requirement(dir, r, &out, &c->err);
	if (rc == 0) {
		struct emit *w = emit_open_file(stdout, "text", &c->err);

		emit_textf(w, "%s", out.s);
		emit_textf(w, tr("next: baodao pack lint %s; baodao pack test %s\n",
		    "下一步：baodao pack lint %s；baodao pack test %s\n"), dir, dir);
		rc = emit_close(w) != 0 ? -1 : 0;
	}
	sbuf_free(&out);
	return rc;
}

/* The answers typed at the prompts, owned until the command ends. */
struct cmd_pack_answers {
	char *text[8];
	int n;
};

/* Ask QUESTION on the terminal when *V is unset; an empty answer (or the
 * end of input) leaves it unset. */
static void
cmd_pack_ask(struct cmd_pack_answers *ans, const char *question, const char **v)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	if (*v != NULL || ans->n == (int)(sizeof ans->text / sizeof *ans->text))
		return;
	fprintf(stderr, "%s: ", question);
	fflush(stderr);
	if ((len = getline(&line, &cap, stdin)) > 0) {
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len > 0) {
			ans->text[ans->n++] = line;
			*v = line;
			return;
		}
	}
	free(line);
}

/* When stdin is a terminal and a required flag is missing, ask for every
 * flag not given (the optional ones may be left empty). */
static void
cmd_pack_addreq_ask(struct cmd_pack_answers *ans, struct gen_requirement *r,
    const char **min)
{
	const char *award = NULL;

	if (!isatty(STDIN_FILENO) || (r->id && r->title && r->clause && r->count))
		return;
	cmd_pack_ask(ans, tr("requirement id (PACK.NAME or NAME)", "要求编号（规则包.名称 或 名称）"),
	    &r->id);
	cmd_pack_ask(ans, tr("title, in the notice's words", "标题（通知原文）"), &r->title);
	cmd_pack_ask(ans, tr("clause", "条款"), &r->clause);
	cmd_pack_ask(ans, tr("record kind counted (activity, claim, suggestion, ...)",
	    "统计的记录类别（activity、claim、suggestion 等）"), &r->count);
	cmd_pack_ask(ans, tr("only records with FIELD=VALUE[,...] (empty: all)",
	    "只统计 字段=值[,...] 的记录（留空：全部）"), &r->where);
	cmd_pack_ask(ans, tr("least number a year (empty: 1)", "每年至少几次（留空：1）"), min);
	cmd_pack_ask(ans, tr("start date YYYY-MM-DD (empty: always)",
	    "施行日期 YYYY-MM-DD（留空：一直适用）"), &r->since);
	if (!r->award) {
		cmd_pack_ask(ans, tr("add it to the award's duties? y/n (empty: n)",
		    "列入评优条件？y/n（留空：n）"), &award);
		r->award = award && (*award == 'y' || *award == 'Y');
	}
}

/* pack add-requirement: check the flags (asking for the missing ones on a
 * terminal), write the files, say what. */
static int
cmd_pack_addreq_run(struct cmd_ctx *c, const struct opt_args *a)
{
	struct gen_requirement r = { 0 };
	struct cmd_pack_answers ans = { { NULL }, 0 };
	const char *min = opt_get(a, "--min");
	long long n = 1;
	char *dir = NULL;
	int rc = -1;

	r.id = opt_get(a, "--id");
	r.title = opt_get(a, "--title");
	r.clause = opt_get(a, "--clause");
	r.count = opt_get(a, "--count");
	r.where = opt_get(a, "--where");
	r.since = opt_get(a, "--since");
	r.applies = opt_get(a, "--applies");
	r.award = opt_has(a, "--award");
	cmd_pack_addreq_ask(&ans, &r, &min);
	r.min = 1;
	if ((min == NULL || opt_int(a->cmd, "--min", min, 1, 300, &n, &c->err) == 0) &&
	    pack_find(&c->cfg, a->pos[0], &dir, &c->err) == 0) {
		r.min = (long)n;
		rc = cmd_pack_addreq_write(c, dir, &r);
	}
	free(dir);
	while (ans.n > 0)
		free(ans.text[--ans.n]);
	return rc;
}

/* ---- the group ---- */

static const struct opt_cmd *const cmd_pack_subs[] = {
	&cmd_pack_list, &cmd_pack_info, &cmd_pack_install, &cmd_pack_remove,
	&cmd_pack_rollback, &cmd_pack_new_version, &cmd_pack_seal, &cmd_pack_keygen,
	&cmd_pack_sign, &cmd_pack_verify, &cmd_pack_test, &cmd_pack_lint, &cmd_pack_diff,
	&cmd_pack_addreq, NULL
};

/* Each subcommand's run, in the order of cmd_pack_subs. */
static int (*const cmd_pack_runs[])(struct cmd_ctx *, const struct opt_args *) = {
	cmd_pack_list_run, cmd_pack_info_run, cmd_pack_install_run, cmd_pack_store_run,
	cmd_pack_store_run, cmd_pack_new_version_run, cmd_pack_seal_run, cmd_pack_keygen_run,
	cmd_pack_sign_run, cmd_pack_verify_run, cmd_pack_test_run, cmd_pack_lint_run,
	cmd_pack_diff_run, cmd_pack_addreq_run
};

_Static_assert(sizeof cmd_pack_runs / sizeof *cmd_pack_runs ==
    sizeof cmd_pack_subs / sizeof *cmd_pack_subs - 1, "a run for every pack subcommand");

static const struct opt_cmd cmd_pack_decl = {
	"pack", "pack SUBCOMMAND ...",
	"Rule packs.\n"
	"  pack list                      development copies and installed versions\n"
	"  pack info ID[@VERSION] [--effective]  parameters, requirements and facts (with the\n"
	"                                 pack each comes from when it extends another)\n"
	"  pack install DIR               verify, build and test a sealed pack, then\n"
	"                                 install it; on any failure nothing changes\n"
	"  pack remove ID[@VERSION] [--yes]  remove installed versions (the one in\n"
	"                                 force only with --yes)\n"
	"  pack rollback ID               the previous installed version in force again\n"
	"  pack new-version ID --from DATE [--to DIR]  an editable copy of the\n"
	"                                 version in force, for a revision\n"
	"  pack seal DIR                  write MANIFEST (SHA-256 of every file)\n"
	"  pack keygen NAME               NAME.key and NAME.pub (Ed25519)\n"
	"  pack sign DIR --key FILE [--as author|approver]\n"
	"  pack verify [ID|DIR]           manifest, signatures and trust policy\n"
	"  pack test [ID|DIR] [--coverage] [--json]   the pack's own test cases\n"
	"  pack lint ID|DIR               typos, undeclared parameters, band gaps\n"
	"  pack diff OLD NEW --year Y [--set P=V] [--members]   grade and award moves\n"
	"  pack add-requirement DIR --id ID --title T --clause C --count KIND\n"
	"      [--where F=V,...] [--min N] [--since DATE] [--award]   a new duty\n"
	"evaluate --pack ID uses the installed version in force in the year;\n"
	"ID@VERSION names one (in every pack command); a folder path uses that\n"
	"folder.  pack info ID and pack verify ID show the version in force now.\n"
	"'baodao pack SUBCOMMAND --help' describes one.",
	NULL, 0, 0, NULL,
	OPT_ANYONE
};

/* The subcommand argv[1] names, with its own options. */
static int
cmd_pack_run(struct cmd_ctx *c, int argc, char **argv)
{
	const struct opt_cmd *sub = cmd_sub(&cmd_pack, argc, argv);
	struct opt_args a;
	size_t k = 0;
	int rc = -1;

	if (sub == NULL)
		return opt_usage(&cmd_pack_decl, &c->err, "%s", "unknown pack subcommand");
	while (cmd_pack_subs[k] != sub)
		k++;
	if (opt_parse(sub, argc - 1, argv + 1, &a, &c->err) == 0)
		rc = cmd_pack_runs[k](c, &a);
	opt_args_free(&a);
	return rc;
}

const struct cmd cmd_pack = { &cmd_pack_decl, cmd_pack_run, cmd_pack_subs, NULL };
