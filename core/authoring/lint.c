/*
 * lint.c - `baodao pack lint`: the checks that judge a pack's files, as
 * lint_scan() (lint_scan.c) reads them, against the sandbox, pack.conf
 * and the pack's tests.  Findings are collected, sorted by place and
 * deduplicated.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <lauxlib.h>

#include "date.h"
#include "facts.h"
#include "lint.h"
#include "pack.h"
#include "regex.h"
#include "sandbox.h"

/* ---- findings ---- */

static void lint_add(struct lint_result *r, const char *file, int line, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

/* Add the finding FILE:LINE: message; the result owns its copies. */
static void
lint_add(struct lint_result *r, const char *file, int line, const char *fmt, ...)
{
	struct lint_finding *f;
	va_list ap;
	char buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	r->findings = xrealloc(r->findings, (r->n + 1) * sizeof *r->findings);
	f = &r->findings[r->n++];
	f->file = xstrdup(file);
	f->line = line;
	f->msg = xstrdup(buf);
}

/* Is there a finding at FILE:LINE already? */
static int
lint_has(const struct lint_result *r, const char *file, int line)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->findings[i].line == line && strcmp(r->findings[i].file, file) == 0)
			return 1;
	return 0;
}

/* Add "FILE:LINE: message" as written by Lua; without a position it is
 * put at line 1 of FALLBACK. */
static void
lint_add_located(struct lint_result *r, const char *msg, const char *fallback, int dedupe)
{
	const char *colon = strchr(msg, ':');
	char *end, *file;
	long line = colon ? strtol(colon + 1, &end, 10) : 0;

	if (colon == NULL || line <= 0 || *end != ':') {
		lint_add(r, fallback, 1, "%s", msg);
		return;
	}
	file = xstrndup(msg, (size_t)(colon - msg));
	if (!dedupe || !lint_has(r, file, (int)line))
		lint_add(r, file, (int)line, "%s", end[1] == ' ' ? end + 2 : end + 1);
	free(file);
}

/* Order findings by file, line, then message. */
static int
lint_finding_cmp(const void *a, const void *b)
{
	const struct lint_finding *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	if (c == 0)
		c = (x->line > y->line) - (x->line < y->line);
	return c ? c : strcmp(x->msg, y->msg);
}

/* Sort by place and drop repeats (os.getenv(os.time()) names os twice). */
static void
lint_sort(struct lint_result *r)
{
	size_t k = 0;

	if (r->n == 0)
		return;
	qsort(r->findings, r->n, sizeof *r->findings, lint_finding_cmp);
	for (size_t i = 0; i < r->n; i++) {
		if (k > 0 && lint_finding_cmp(&r->findings[k - 1], &r->findings[i]) == 0) {
			free(r->findings[i].file);
			free(r->findings[i].msg);
			continue;
		}
		r->findings[k++] = r->findings[i];
	}
	r->n = k;
}

void
lint_result_free(struct lint_result *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->findings[i].file);
		free(r->findings[i].msg);
	}
	free(r->findings);
	memset(r, 0, sizeof *r);
}

/* ---- the pack ---- */

struct lint_file {
	char *name;
	char *text;
	size_t len;
	int own;                         /* of the pack being linted */
	struct lint_scan scan;
};

struct lint_ctx {
	const struct config *cfg;
	struct pack_info pi;
	char *conf;                      /* pack.conf's text */
	struct lint_file *files;         /* parents' first, in load order */
	size_t nfiles;
	struct sandbox *sb;              /* asked what the sandbox offers */
	struct lint_result *r;
};

static const char *const lint_pack_api[] = {
	"fact", "requirement", "check", "form", "score", "grade", "stars", "award", "period", NULL
};

/* The report the core always has; a pack's forms are the others. */
static const char *const lint_known_reports[] = { "results", NULL };

/* Read the Lua files of PI and of the packs it extends, parents first. */
static int
lint_read_files(struct lint_ctx *c, const struct pack_info *pi, struct error *e)
{
	if (pi->parent && lint_read_files(c, pi->parent, e) != 0)
		return -1;
	for (size_t i = 0; i < pi->nfiles; i++) {
		char *path = xasprintf("%s/%s", pi->dir, pi->files[i]);
		struct lint_file *f;

		c->files = xrealloc(c->files, (c->nfiles + 1) * sizeof *c->files);
		f = &c->files[c->nfiles];
		memset(f, 0, sizeof *f);
		f->text = util_read_file(path, &f->len, e);
		free(path);
		if (f->text == NULL)
			return -1;
		f->name = xstrdup(pi->files[i]);
		f->own = pi == &c->pi;
		c->nfiles++;
	}
	return 0;
}

/* Compile each file as the sandbox does (text only) and scan those that
 * compile.  Returns how many files of the chain do not compile. */
static int
lint_compile(struct lint_ctx *c)
{
	lua_State *L = luaL_newstate();
	int broken = 0;

	if (L == NULL) {   /* as x*alloc() do when memory runs out */
		util_warnx("out of memory");
		exit(EXIT_ENV);
	}

	for (size_t i = 0; i < c->nfiles; i++) {
		struct lint_file *f = &c->files[i];
		char *chunk = xasprintf("=%s", f->name);

		if (luaL_loadbufferx(L, f->text, f->len, chunk, "t") == LUA_OK) {
			lint_scan(f->text, f->len, &f->scan);
		} else {
			const char *msg = lua_tostring(L, -1), *hint = sandbox_syntax_hint(msg);
			char *full = hint ? xasprintf(tr("%s (%s)", "%s（%s）"), msg, hint) : NULL;

			broken++;
			if (f->own)
				lint_add_located(c->r, full ? full : msg, f->name, 0);
			free(full);
		}
		lua_pop(L, 1);
		free(chunk);
	}
	lua_close(L);
	return broken;
}

/* Is S in the NULL-terminated LIST? */
static int
lint_in(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

/* Does some file define NAME at its top level? */
static int
lint_defined(const struct lint_ctx *c, const char *name)
{
	for (size_t i = 0; i < c->nfiles; i++)
		for (size_t j = 0; j < c->files[i].scan.nglobals; j++) {
			const struct lint_global *g = &c->files[i].scan.globals[j];

			if (g->write && g->toplevel && strcmp(g->name, name) == 0)
				return 1;
		}
	return 0;
}

/* Index the table at 1 with the key at 2, through its metamethods. */
static int
lint_index_call(lua_State *L)
{
	lua_gettable(L, 1);
	return 1;
}

/* Look t[key] up as a rule would, through the sandbox's own __index (t at
 * -2, key at -1, both popped): 0 when it is there, 1 when it is missing,
 * 2 when the sandbox blocks it. */
static int
lint_probe(struct sandbox *sb)
{
	lua_State *L = sandbox_lua(sb);
	char err[256];
	int missing;

	lua_pushvalue(L, -2);
	lua_pushvalue(L, -2);
	lua_rawget(L, -2);
	missing = lua_isnil(L, -1);
	lua_pop(L, 2);
	if (!missing) {
		lua_pop(L, 2);
		return 0;
	}
	lua_pushcfunction(L, lint_index_call);
	lua_insert(L, -3);
	if (sandbox_call(sb, 2, 1, err, sizeof err) == 0) {
		lua_pop(L, 1);
		return 1;
	}
	return strstr(err, "blocked") != NULL ? 2 : 1;
}

/* Judge one free name of an own file against the sandbox. */
static void
lint_global(struct lint_ctx *c, const struct lint_file *f, const struct lint_global *g)
{
	lua_State *L = sandbox_lua(c->sb);
	int state;

	if (lint_in(lint_pack_api, g->name) || lint_defined(c, g->name))
		return;
	lua_pushglobaltable(L);
	lua_pushstring(L, g->name);
	state = lint_probe(c->sb);
	if (state == 2) {
		lint_add(c->r, f->name, g->line, tr("%s is blocked in the sandbox",
		    "沙箱中禁用 %s"), g->name);
	} else if (state == 1) {
		lint_add(c->r, f->name, g->line, tr("undefined global '%s'",
		    "未定义的全局变量 '%s'"), g->name);
	} else if (g->field) {
		lua_getglobal(L, g->name);
		if (lua_istable(L, -1)) {
			lua_pushstring(L, g->field);
			state = lint_probe(c->sb);
			if (state == 2)
				lint_add(c->r, f->name, g->line, tr("%s.%s is blocked in the sandbox",
				    "沙箱中禁用 %s.%s"), g->name, g->field);
			else if (state == 1)
				lint_add(c->r, f->name, g->line, tr("%s.%s does not exist",
				    "%s.%s 不存在"), g->name, g->field);
		} else {
			lua_pop(L, 1);
		}
	}
}

/* Judge every free name of the pack's own files. */
static void
lint_globals(struct lint_ctx *c)
{
	for (size_t i = 0; i < c->nfiles; i++)
		if (c->files[i].own)
			for (size_t j = 0; j < c->files[i].scan.nglobals; j++)
				lint_global(c, &c->files[i], &c->files[i].scan.globals[j]);
}

/* The line of the first line of TEXT that, blanks skipped, starts with
 * WORD followed by NAME (NULL: anything); 1 when there is none. */
static int
lint_conf_line(const char *text, const char *word, const char *name)
{
	int line = 1;

	for (const char *p = text; *p; line++) {
		const char *eol = strchr(p, '\n');
		size_t wl = strlen(word);

		p += strspn(p, " \t");
		if (strncmp(p, word, wl) == 0 && strchr(" \t={", p[wl])) {
			const char *q = p + wl + strspn(p + wl, " \t");

			if (name == NULL || (strncmp(q, name, strlen(name)) == 0 &&
			    strchr(" \t{", q[strlen(name)])))
				return line;
		}
		if (eol == NULL)
			break;
		p = eol + 1;
	}
	return 1;
}

/* The parameter NAME of the pack (merged with its parents'), or NULL. */
static const struct pack_param *
lint_param(const struct pack_info *pi, const char *name)
{
	for (size_t i = 0; i < pi->nparams; i++)
		if (strcmp(pi->params[i].name, name) == 0)
			return &pi->params[i];
	return NULL;
}

/* Does any file of the chain read parameter NAME, or use it as a bound? */
/* Is NAME given as a string to `points = "NAME"` or `top = "NAME"` (a
 * requirement's points, a ranked form's length) somewhere in TEXT? */
static int
lint_named_by_key(const char *text, const char *name)
{
	static const char *const keys[] = { "points", "top", NULL };
	size_t n = strlen(name);

	for (const char *q = strchr(text, '"'); q; q = strchr(q + 1, '"')) {
		const char *b = q;

		if (strncmp(q + 1, name, n) != 0 || q[n + 1] != '"')
			continue;
		while (b > text && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		if (b == text || *--b != '=')
			continue;
		while (b > text && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		for (int k = 0; keys[k]; k++) {
			size_t kl = strlen(keys[k]);

			if ((size_t)(b - text) >= kl && strncmp(b - kl, keys[k], kl) == 0)
				return 1;
		}
	}
	return 0;
}

static int
lint_param_read(const struct lint_ctx *c, const char *name)
{
	for (size_t i = 0; i < c->nfiles; i++) {
		const struct lint_scan *s = &c->files[i].scan;

		if (lint_named_by_key(c->files[i].text, name))
			return 1;
		for (size_t j = 0; j < s->nparams; j++)
			if (strcmp(s->params[j].name, name) == 0)
				return 1;
		for (size_t j = 0; j < s->nbands; j++)
			for (size_t k = 0; k < s->bands[j].n; k++)
				if (util_streq(s->bands[j].bands[k].param, name))
					return 1;
	}
	return 0;
}

/* Parameters an own file reads that pack.conf does not declare. */
static void
lint_undeclared(struct lint_ctx *c)
{
	for (size_t i = 0; i < c->nfiles; i++) {
		const struct lint_file *f = &c->files[i];

		for (size_t j = 0; f->own && j < f->scan.nparams; j++)
			if (lint_param(&c->pi, f->scan.params[j].name) == NULL)
				lint_add(c->r, f->name, f->scan.params[j].line, tr("parameter '%s' is"
				    " not declared in pack.conf: add a parameter %s { ... } section",
				    "参数 '%s' 未在 pack.conf 中声明：请添加 parameter %s { ... } 一节"),
				    f->scan.params[j].name, f->scan.params[j].name);
		for (size_t j = 0; f->own && j < f->scan.nbands; j++)
			for (size_t k = 0; k < f->scan.bands[j].n; k++) {
				const struct lint_band *b = &f->scan.bands[j].bands[k];

				if (b->param && lint_param(&c->pi, b->param) == NULL)
					lint_add(c->r, f->name, b->line, tr("parameter '%s' is not"
					    " declared in pack.conf", "参数 '%s' 未在 pack.conf 中声明"),
					    b->param);
			}
	}
}

/* Parameters this pack declares that no file of it or its parents reads. */
static void
lint_unused(struct lint_ctx *c)
{
	for (size_t i = 0; i < c->pi.nparams; i++) {
		const struct pack_param *pp = &c->pi.params[i];

		if (strcmp(pp->origin, c->pi.id) == 0 && !lint_param_read(c, pp->name))
			lint_add(c->r, "pack.conf", lint_conf_line(c->conf, "parameter", pp->name),
			    tr("parameter '%s' is declared but never used",
			    "参数 '%s' 已声明但从未使用"), pp->name);
	}
}

/* A band's bound, a parameter's default resolved; -1 when it is not a
 * number (an undeclared or non-numeric parameter, reported elsewhere). */
static int
lint_bound(const struct lint_ctx *c, const struct lint_band *b, double *v)
{
	const struct pack_param *pp;
	char *end;

	if (b->param == NULL) {
		*v = b->from;
		return 0;
	}
	pp = lint_param(&c->pi, b->param);
	if (pp == NULL || (pp->type != PACK_PARAM_INT && pp->type != PACK_PARAM_NUMBER) || !pp->dflt)
		return -1;
	*v = strtod(pp->dflt, &end);
	return *end ? -1 : 0;
}

/* Star bands are 1..5 or 0..5, each once, in order. */
static int
lint_stars_named(const struct lint_bands *bs)
{
	const char *first = bs->bands[0].name;

	if (strcmp(first, "0") != 0 && strcmp(first, "1") != 0)
		return 0;
	for (size_t i = 0; i < bs->n; i++) {
		const char *nm = bs->bands[i].name;

		if (nm[0] != first[0] + (int)i || nm[1] != '\0')
			return 0;
	}
	return strcmp(bs->bands[bs->n - 1].name, "5") == 0;
}

/* One grade or stars declaration: bounds rising from 0 or below, and
 * star names 0..5 or 1..5. */
static void
lint_band_set(struct lint_ctx *c, const struct lint_file *f, const struct lint_bands *bs)
{
	const char *what = bs->stars ? "stars" : "grade";
	double prev = 0, v;

	for (size_t i = 0; i < bs->n; i++) {
		if (lint_bound(c, &bs->bands[i], &v) != 0)
			return;
		if (i == 0 && v > 0)
			lint_add(c->r, f->name, bs->line, tr("%s bands leave a gap: a score below"
			    " %g falls in no band", "%s 档次有缺口：低于 %g 的分数不属于任何档次"),
			    what, v);
		if (i > 0 && v <= prev)
			lint_add(c->r, f->name, bs->line, tr("%s bands overlap: '%s' starts at %g,"
			    " not above '%s' at %g", "%s 档次重叠：'%s' 起点 %g 不高于 '%s' 的 %g"),
			    what, bs->bands[i].name, v, bs->bands[i - 1].name, prev);
		prev = v;
	}
	if (bs->stars && !lint_stars_named(bs))
		lint_add(c->r, f->name, bs->line, tr("stars bands leave a gap: they must be"
		    " named 1 to 5 (or 0 to 5) in order", "星级档次有缺口：应依次为 1 至 5"
		    "（或 0 至 5）"));
}

/* The band declarations of the pack's own files. */
static void
lint_bands(struct lint_ctx *c)
{
	for (size_t i = 0; i < c->nfiles; i++)
		for (size_t j = 0; c->files[i].own && j < c->files[i].scan.nbands; j++)
			lint_band_set(c, &c->files[i], &c->files[i].scan.bands[j]);
}

static int
lint_is_form(const struct pack *p, const char *name)
{
	for (size_t i = 0; i < p->nforms; i++)
		if (strcmp(p->forms[i].name, name) == 0)
			return 1;
	return 0;
}

/* Every report pack.conf lists must be results or a form the pack
 * declares (the form's own columns are checked when it is declared). */
static void
lint_reports(struct lint_ctx *c, const struct pack *p)
{
	for (size_t i = 0; i < c->pi.nreports; i++)
		if (!lint_in(lint_known_reports, c->pi.reports[i]) &&
		    !lint_is_form(p, c->pi.reports[i]))
			lint_add(c->r, "pack.conf", lint_conf_line(c->conf, "reports", NULL),
			    tr("report '%s' is not a known report", "报表 '%s' 不是已知报表"),
			    c->pi.reports[i]);
}

/* The text of every *.lua file in DIR/tests, one after another. */
static char *
lint_tests_text(const char *dir)
{
	char *tdir = xasprintf("%s/tests", dir);
	DIR *d = opendir(tdir);
	struct dirent *de;
	struct sbuf b;

	sbuf_init(&b);
	while (d && (de = readdir(d)) != NULL) {
		size_t nl = strlen(de->d_name), len;
		struct error e = { 0 };
		char *path, *text;

		if (nl < 5 || strcmp(de->d_name + nl - 4, ".lua") != 0)
			continue;
		path = xasprintf("%s/%s", tdir, de->d_name);
		text = util_read_file(path, &len, &e);
		if (text) {
			sbuf_add(&b, text, len);
			sbuf_addc(&b, '\n');
		}
		free(text);
		free(path);
	}
	if (d)
		closedir(d);
	free(tdir);
	sbuf_addc(&b, '\0');
	return sbuf_detach(&b);
}

/* The first QUOTED id in TEXT right after `requirement` (a fact may
 * name a requirement too), or NULL. */
static const char *
lint_declaration(const char *text, const char *quoted)
{
	for (const char *at = strstr(text, quoted); at; at = strstr(at + 1, quoted)) {
		const char *p = at;

		while (p > text && strchr(" \t(", p[-1]))
			p--;
		if (p - text >= 11 && strncmp(p - 11, "requirement", 11) == 0)
			return at;
	}
	return NULL;
}

/* The file and line where requirement ID is declared. */
static int
lint_req_line(const struct lint_ctx *c, const char *id, const char **file)
{
	char *quoted = xasprintf("\"%s\"", id);
	int line = 1;

	*file = "pack.conf";
	for (size_t i = 0; i < c->nfiles; i++) {
		const char *at = c->files[i].own ? lint_declaration(c->files[i].text, quoted) :
		    NULL;

		if (at) {
			*file = c->files[i].name;
			for (const char *p = c->files[i].text; p < at; p++)
				line += *p == '\n';
			break;
		}
	}
	free(quoted);
	return line;
}

/* A load error without the "pack ID: " the loader puts first, so that
 * it reads FILE:LINE: message like the other findings. */
static const char *
lint_load_message(const char *msg, const struct pack_info *pi)
{
	for (; pi; pi = pi->parent) {
		size_t n = strlen(pi->id);

		if (strncmp(msg, "pack ", 5) == 0 && strncmp(msg + 5, pi->id, n) == 0 &&
		    strncmp(msg + 5 + n, ": ", 2) == 0)
			return msg + 7 + n;
	}
	return msg;
}

/* Load the pack as an evaluation would; its requirements need tests. */
static void
lint_load(struct lint_ctx *c)
{
	struct sandbox_limits lim = { c->cfg->memory_limit, c->cfg->instruction_limit };
	struct facts_period per;
	struct error e = { 0 };
	struct pack p;
	time_t now = time(NULL);
	struct tm tm;
	char *tests;

	/* Loaded with the parameters in force this year: lint judges the
	 * pack as it stands, and no result depends on it. */
	gmtime_r(&now, &tm);
	facts_period_init(&per, tm.tm_year + 1900, NULL);
	if (pack_load(&p, &c->pi, &lim, &per, &e) != 0) {
		lint_add_located(c->r, lint_load_message(e.msg, &c->pi), "pack.conf", 1);
		return;
	}
	lint_reports(c, &p);
	tests = lint_tests_text(c->pi.dir);
	for (size_t i = 0; i < p.nreqs; i++) {
		const char *file;
		int line;

		if (strcmp(p.reqs[i].origin, c->pi.id) != 0 || strstr(tests, p.reqs[i].id))
			continue;
		line = lint_req_line(c, p.reqs[i].id, &file);
		lint_add(c->r, file, line, tr("requirement '%s' has no test in tests/",
		    "要求 '%s' 在 tests/ 中没有测试"), p.reqs[i].id);
	}
	free(tests);
	pack_free(&p);
}

/* Free everything the context holds (not the result). */
static void
lint_ctx_free(struct lint_ctx *c)
{
	for (size_t i = 0; i < c->nfiles; i++) {
		free(c->files[i].name);
		free(c->files[i].text);
		lint_scan_free(&c->files[i].scan);
	}
	free(c->files);
	free(c->conf);
	if (c->sb)
		sandbox_free(c->sb);
	pack_info_free(&c->pi);
}

int
lint_pack(const struct config *cfg, const char *dir, struct lint_result *r,
    struct error *e)
{
	struct sandbox_limits lim = { cfg->memory_limit, cfg->instruction_limit };
	struct lint_ctx c;
	char *path = xasprintf("%s/pack.conf", dir);
	size_t len;
	int rc = -1, broken;

	memset(&c, 0, sizeof c);
	memset(r, 0, sizeof *r);
	c.cfg = cfg;
	c.r = r;
	c.conf = util_read_file(path, &len, e);
	free(path);
	if (c.conf == NULL || pack_info_read(dir, &c.pi, e) != 0 ||
	    lint_read_files(&c, &c.pi, e) != 0 || (c.sb = sandbox_new(&lim, e)) == NULL)
		goto out;
	sandbox_add_module(c.sb, "date", luaopen_date);
	sandbox_add_module(c.sb, "re", luaopen_re);
	broken = lint_compile(&c);
	lint_globals(&c);
	lint_undeclared(&c);
	lint_bands(&c);
	if (!broken) {
		/* What a file that does not compile reads is unknown, and the
		 * load would fail on its syntax error again. */
		lint_unused(&c);
		lint_load(&c);
	}
	lint_sort(r);
	rc = 0;
out:
	if (rc != 0)
		lint_result_free(r);
	lint_ctx_free(&c);
	return rc;
}
