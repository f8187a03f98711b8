/*
 * gen.c - pack add-requirement: a duty of the usual shape (a member's
 * count of one record kind against a minimum that is a parameter)
 * composed as text and appended to the pack's own files.
 *
 * The minimum is a parameter min_NAME; a start date becomes its dated
 * value (0 before, the minimum from then on), and the requirement applies
 * only while the minimum is above 0, so an earlier year is n/a without a
 * date in Lua.  The test cases are plain rows a clerk would import.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "gen.h"
#include "pack.h"
#include "record.h"

#define GEN_MAX_MIN 300      /* records of the test cases fit in one year */
#define GEN_MAX_FILES 8
#define GEN_MAX_WHERE 8

/* A file of the pack as it is and as it will be. */
struct gen_file {
	char *rel;                /* as pack.conf names it, or "pack.conf" */
	char *path;
	struct sbuf text;
	int changed, created;
};

/* One FIELD=VALUE of --where, VALUE as a Lua literal. */
struct gen_where {
	char *field;
	char *lua;
	char *raw;                /* VALUE as given */
};

/* What one run of the generator holds. */
struct gen {
	const struct gen_requirement *r;
	struct pack_info pi;
	const struct record_kind *kind;
	char *id, *name, *param;  /* "changji.x", "x", "min_x" */
	struct gen_where where[GEN_MAX_WHERE];
	size_t nwhere;
	struct gen_file files[GEN_MAX_FILES];
	size_t nfiles;
	struct gen_file *conf, *facts, *rules, *test;
	int year;                 /* the year of the test cases */
	struct error *e;
};

/* ---- text ---- */

/* Append FMT formatted, each ` in FMT written as a double quote: the
 * templates of Lua and pack.conf text stay readable. */
static void gen_put(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
gen_put(struct sbuf *b, const char *fmt, ...)
{
	char *f = xstrdup(fmt), *text;
	va_list ap;
	int n;

	for (char *q = f; (q = strchr(q, '`')) != NULL; q++)
		*q = '"';
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, f, ap);
	va_end(ap);
	text = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(text, (size_t)n + 1, f, ap);
	va_end(ap);
	sbuf_add(b, text, (size_t)n);
	free(text);
	free(f);
}

/* S escaped for the inside of a double-quoted Lua string. */
static void
gen_quote_in(struct sbuf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			sbuf_addf(b, "\\%c", *s);
		else if (*s == '\n')
			sbuf_adds(b, "\\n");
		else if ((unsigned char)*s < 0x20)
			sbuf_addf(b, "\\%03d", (unsigned char)*s);
		else
			sbuf_addc(b, *s);
	}
}

/* S as a double-quoted Lua string (also valid in pack.conf). */
static void
gen_quote(struct sbuf *b, const char *s)
{
	sbuf_addc(b, '"');
	gen_quote_in(b, s);
	sbuf_addc(b, '"');
}

/* Is S a name Lua and pack.conf take as it is: [a-z_][a-z0-9_]*? */
static int
gen_ident(const char *s)
{
	if (s == NULL || !((*s >= 'a' && *s <= 'z') || *s == '_'))
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}

/* VALUE as a Lua literal: true, false, a number, else a string. */
static char *
gen_literal(const char *value)
{
	struct sbuf b;
	char *end;

	if (strcmp(value, "true") == 0 || strcmp(value, "false") == 0)
		return xstrdup(value);
	errno = 0;
	strtod(value, &end);
	if (*value && *end == '\0' && errno == 0)
		return xstrdup(value);
	sbuf_init(&b);
	gen_quote(&b, value);
	return sbuf_detach(&b);
}

/* ---- checking the flags ---- */

/* --where FIELD=VALUE[,...] into g->where. */
static int
gen_parse_where(struct gen *g)
{
	char *list, *item, *save = NULL;
	int rc = 0;

	if (g->r->where == NULL)
		return 0;
	list = xstrdup(g->r->where);
	for (item = strtok_r(list, ",", &save); item && rc == 0;
	    item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');

		if (eq == NULL || eq == item || g->nwhere == GEN_MAX_WHERE) {
			rc = error_set(g->e, EXIT_USAGE, tr("--where '%s': expected FIELD=VALUE",
			    "--where '%s'：应为 字段=值"), item);
			break;
		}
		*eq = '\0';
		if (!gen_ident(item)) {
			rc = error_set(g->e, EXIT_USAGE, tr("--where: '%s' is not a field name",
			    "--where：'%s' 不是字段名"), item);
			break;
		}
		g->where[g->nwhere].field = xstrdup(item);
		g->where[g->nwhere].raw = xstrdup(eq + 1);
		g->where[g->nwhere++].lua = gen_literal(eq + 1);
	}
	free(list);
	return rc;
}

/* The record kind --count names, by its facts source (activity) or its
 * import name (activities); it must be a member's record. */
static int
gen_kind(struct gen *g)
{
	const char *want = g->r->count;

	for (int k = 0; want && record_kinds[k].name; k++)
		if (record_kinds[k].source && (strcmp(record_kinds[k].source, want) == 0 ||
		    strcmp(record_kinds[k].name, want) == 0))
			g->kind = &record_kinds[k];
	if (g->kind == NULL)
		return error_set(g->e, EXIT_USAGE, tr("--count: '%s' is not a record kind"
		    " (activity, claim, suggestion, ...)", "--count：'%s' 不是记录类别"
		    "（activity、claim、suggestion 等）"), want ? want : "");
	if (record_col_index(g->kind, "member") < 0 || record_col_index(g->kind, "date") < 0)
		return error_set(g->e, EXIT_USAGE, tr("--count: %s records are not a member's"
		    " dated records; add-requirement counts those", "--count：%s 记录不是党员的"
		    "带日期记录，add-requirement 只统计这类记录"), g->kind->source);
	return 0;
}

/* The id (the pack's id put before a bare name), its name and parameter. */
static int
gen_names(struct gen *g)
{
	const char *id = g->r->id, *dot;

	if (util_empty(id) || util_empty(g->r->title) || util_empty(g->r->clause) ||
	    util_empty(g->r->count))
		return error_set(g->e, EXIT_USAGE, tr("pack add-requirement: --id, --title,"
		    " --clause and --count are required", "pack add-requirement：必须给出"
		    " --id、--title、--clause 和 --count"));
	g->id = strchr(id, '.') ? xstrdup(id) : xasprintf("%s.%s", g->pi.id, id);
	dot = strrchr(g->id, '.');
	g->name = xstrdup(dot + 1);
	g->param = xasprintf("min_%s", g->name);
	if (!gen_ident(g->name) || strncmp(g->id, g->pi.id, strlen(g->pi.id)) != 0 ||
	    g->id[strlen(g->pi.id)] != '.')
		return error_set(g->e, EXIT_USAGE, tr("--id '%s': expected %s.NAME, NAME in"
		    " lower case, digits and _", "--id '%s'：应为 %s.名称（小写字母、数字和 _）"),
		    id, g->pi.id);
	if (g->r->min < 1 || g->r->min > GEN_MAX_MIN)
		return error_set(g->e, EXIT_USAGE, tr("--min: a whole number from 1 to %d",
		    "--min：1 到 %d 的整数"), GEN_MAX_MIN);
	if (g->r->since && date_iso_days(g->r->since) < 0)
		return error_set(g->e, EXIT_USAGE, tr("--since '%s': expected a date YYYY-MM-DD",
		    "--since '%s'：应为日期 YYYY-MM-DD"), g->r->since);
	if (g->r->applies && !gen_ident(g->r->applies))
		return error_set(g->e, EXIT_USAGE, tr("--applies '%s' is not a function name",
		    "--applies '%s' 不是函数名"), g->r->applies);
	return 0;
}

/* ---- the pack's files ---- */

/* The file REL of the pack, read (or empty when CREATE and absent). */
static struct gen_file *
gen_open(struct gen *g, const char *rel, int create)
{
	struct gen_file *f = &g->files[g->nfiles];
	size_t len;
	char *text;

	f->rel = xstrdup(rel);
	f->path = xasprintf("%s/%s", g->pi.dir, rel);
	sbuf_init(&f->text);
	g->nfiles++;
	if (create) {
		if (access(f->path, F_OK) == 0) {
			error_set(g->e, EXIT_USAGE, tr("%s exists already; choose another --id",
			    "%s 已存在；请换一个 --id"), f->path);
			return NULL;
		}
		f->created = 1;
		sbuf_adds(&f->text, "");
		return f;
	}
	if ((text = util_read_file(f->path, &len, g->e)) == NULL)
		return NULL;
	sbuf_add(&f->text, text, len);
	free(text);
	return f;
}

/* Does any Lua file of the pack hold TEXT? */
static int
gen_any_has(const struct gen *g, const char *text)
{
	for (size_t i = 0; i < g->nfiles; i++)
		if (g->files[i].text.s && &g->files[i] != g->conf && strstr(g->files[i].text.s, text))
			return 1;
	return 0;
}

/* Read pack.conf and the Lua files; choose where the fact and the
 * requirement go (the first file declaring facts, the last declaring
 * requirements); refuse names the pack has. */
static int
gen_read(struct gen *g)
{
	char *probe;
	int dup;

	if (g->pi.nfiles == 0 || g->pi.nfiles + 2 > GEN_MAX_FILES)
		return error_set(g->e, EXIT_USAGE, tr("pack %s: add-requirement needs 1 to %d"
		    " Lua files in pack.conf's files", "规则包 %s：add-requirement 需要 pack.conf"
		    " 的 files 列出 1 到 %d 个 Lua 文件"), g->pi.id, GEN_MAX_FILES - 2);
	if ((g->conf = gen_open(g, "pack.conf", 0)) == NULL)
		return -1;
	for (size_t i = 0; i < g->pi.nfiles; i++) {
		struct gen_file *f = gen_open(g, g->pi.files[i], 0);

		if (f == NULL)
			return -1;
		if (g->facts == NULL && strstr(f->text.s ? f->text.s : "", "fact \""))
			g->facts = f;
		if (strstr(f->text.s ? f->text.s : "", "requirement \""))
			g->rules = f;
	}
	if (g->rules == NULL)
		g->rules = &g->files[1];
	if (g->facts == NULL)
		g->facts = g->rules;
	probe = xasprintf("requirement \"%s\"", g->id);
	dup = gen_any_has(g, probe);
	free(probe);
	if (dup)
		return error_set(g->e, EXIT_USAGE, tr("pack %s has a requirement %s already",
		    "规则包 %s 已有要求 %s"), g->pi.id, g->id);
	probe = xasprintf("fact \"%s\"", g->name);
	dup = gen_any_has(g, probe);
	free(probe);
	if (dup)
		return error_set(g->e, EXIT_USAGE, tr("pack %s has a fact %s already; choose"
		    " another --id", "规则包 %s 已有事实 %s；请换一个 --id"), g->pi.id, g->name);
	probe = xasprintf("parameter %s ", g->param);
	dup = strstr(g->conf->text.s ? g->conf->text.s : "", probe) != NULL;
	free(probe);
	if (dup)
		return error_set(g->e, EXIT_USAGE, tr("pack %s has a parameter %s already;"
		    " choose another --id", "规则包 %s 已有参数 %s；请换一个 --id"), g->pi.id,
		    g->param);
	probe = xasprintf("tests/%s.lua", g->name);
	g->test = gen_open(g, probe, 1);
	free(probe);
	return g->test ? 0 : -1;
}

/* ---- composing ---- */

/* The filter in words for comments: " with kind = ethnic_unity". */
static void
gen_where_words(const struct gen *g, struct sbuf *b)
{
	for (size_t i = 0; i < g->nwhere; i++)
		sbuf_addf(b, "%s%s = %s", i ? ", " : " with ", g->where[i].field,
		    g->where[i].lua);
}

/* fact "NAME" { count = "KIND", where = { ... } } */
static void
gen_fact(struct gen *g, struct sbuf *out)
{
	struct sbuf *b = &g->facts->text;

	sbuf_addf(b, "\n-- %s (%s): written by 'baodao pack add-requirement'.\n",
	    g->id, g->r->clause);
	gen_put(b, "fact `%s` { count = `%s`", g->name, g->kind->source);
	if (g->nwhere) {
		sbuf_adds(b, ", where = {");
		for (size_t i = 0; i < g->nwhere; i++)
			sbuf_addf(b, "%s %s = %s", i ? "," : "", g->where[i].field, g->where[i].lua);
		sbuf_adds(b, " }");
	}
	sbuf_adds(b, " }\n");
	g->facts->changed = 1;
	sbuf_addf(out, tr("%s: fact %s (count of %s records", "%s：事实 %s（%s 记录数"),
	    g->facts->rel, g->name, g->kind->source);
	gen_where_words(g, out);
	sbuf_adds(out, tr(")\n", "）\n"));
}

/* parameter min_NAME, dated from --since when given. */
static void
gen_parameter(struct gen *g, struct sbuf *out)
{
	struct sbuf *b = &g->conf->text;

	sbuf_addf(b, "\n# %s: written by 'baodao pack add-requirement'.\n", g->id);
	gen_put(b, "parameter %s {\n\ttype = int\n\tdefault = `%ld`\n\tmin = 0\n"
	    "\tmax = 1000\n\tdescription = ", g->param, g->r->since ? 0L : g->r->min);
	gen_quote(b, g->r->title);
	sbuf_adds(b, "\n\tclause = ");
	gen_quote(b, g->r->clause);
	sbuf_adds(b, "\n");
	if (g->r->since)
		gen_put(b, "\tsince `%s` {\n\t\tvalue = `%ld`\n\t}\n", g->r->since, g->r->min);
	sbuf_adds(b, "}\n");
	g->conf->changed = 1;
	if (g->r->since)
		sbuf_addf(out, tr("pack.conf: parameter %s (0, and %ld from %s)\n",
		    "pack.conf：参数 %s（此前为 0，%ld 自 %s 起）\n"), g->param, g->r->min,
		    g->r->since);
	else
		sbuf_addf(out, tr("pack.conf: parameter %s (%ld)\n", "pack.conf：参数 %s（%ld）\n"),
		    g->param, g->r->min);
}

/* requirement "ID" { ... }: applies while the minimum is above 0. */
static void
gen_rule(struct gen *g, struct sbuf *out)
{
	struct sbuf *b = &g->rules->text;

	sbuf_addf(b, "\n-- %s (%s): at least %s %s records of the year", g->id,
	    g->r->clause, g->param, g->kind->source);
	gen_where_words(g, b);
	sbuf_addf(b, ";\n-- n/a while %s is 0%s%s%s.  Written by 'baodao pack add-requirement'.\n",
	    g->param, g->r->since ? " (before " : "", g->r->since ? g->r->since : "",
	    g->r->since ? ")" : "");
	gen_put(b, "requirement `%s` {\n  title   = ", g->id);
	gen_quote(b, g->r->title);
	sbuf_adds(b, ",\n  clause  = ");
	gen_quote(b, g->r->clause);
	gen_put(b, ",\n  reading = `at least %s %s records dated in the year", g->param,
	    g->kind->source);
	for (size_t i = 0; i < g->nwhere; i++) {
		sbuf_addf(b, "%s%s ", i ? ", " : " with ", g->where[i].field);
		gen_quote_in(b, g->where[i].raw);
	}
	gen_put(b, "; n/a while %s is 0`,\n", g->param);
	sbuf_addf(b, "  applies = function(m, f, p)\n    if p.%s <= 0 then return false, ",
	    g->param);
	if (g->r->since)
		gen_put(b, "`%s 起施行` end\n", g->r->since);
	else
		gen_put(b, "`%s 为 0：不作要求` end\n", g->param);
	if (g->r->applies)
		sbuf_addf(b, "    return %s(m)\n  end,\n", g->r->applies);
	else
		sbuf_adds(b, "    return true\n  end,\n");
	sbuf_addf(b, "  check   = function(m, f, p)\n    return f.%s >= p.%s, f.%s, p.%s,\n"
	    "      string.format(\"%%d（要求至少 %%d）\", f.%s, p.%s)\n  end,\n}\n",
	    g->name, g->param, g->name, g->param, g->name, g->param);
	g->rules->changed = 1;
	sbuf_addf(out, tr("%s: requirement %s\n", "%s：要求 %s\n"), g->rules->rel, g->id);
}

/* --award: the id added to the award's `local DUTIES = { ... }` list. */
static int
gen_award(struct gen *g, struct sbuf *out)
{
	static const char list[] = "local DUTIES = {";
	struct sbuf *b = &g->rules->text;
	char *at = b->s ? strstr(b->s, list) : NULL, *close, *tail;
	size_t head;

	if (!g->r->award)
		return 0;
	if (at == NULL || (close = strchr(at, '}')) == NULL)
		return error_set(g->e, EXIT_USAGE, tr("pack %s: %s has no '%s ... }' list the"
		    " award reads; leave out --award and add %s to the award by hand",
		    "规则包 %s：%s 中没有评优读取的 '%s ... }' 列表；请去掉 --award，"
		    "手工把 %s 加入评优条件"), g->pi.id, g->rules->rel, list, g->id);
	head = (size_t)(close - b->s);
	while (head > 0 && (b->s[head - 1] == ' ' || b->s[head - 1] == '\t' ||
	    b->s[head - 1] == '\n'))
		head--;
	tail = xstrdup(b->s + head);
	b->len = head;
	b->s[head] = '\0';
	if (head > 0 && b->s[head - 1] != ',' && b->s[head - 1] != '{')
		sbuf_addc(b, ',');
	gen_put(b, "\n  `%s`,", g->id);
	sbuf_adds(b, tail);
	free(tail);
	sbuf_addf(out, tr("%s: %s added to the award's DUTIES\n", "%s：%s 已加入评优的 DUTIES\n"),
	    g->rules->rel, g->id);
	return 0;
}

/* The value a test row gives column C: the filter's, or one any record
 * of the kind may have; NULL when the generator has none. */
static const char *
gen_cell(const struct gen *g, const struct record_col *c, int *needs_post)
{
	for (size_t i = 0; i < g->nwhere; i++)
		if (strcmp(g->where[i].field, c->name) == 0)
			return g->where[i].lua;
	if (!(c->flags & RECORD_REQ) || c->fixture)
		return "";
	switch (c->type) {
	case RECORD_T_ACTKIND:
		return "\"service\"";
	case RECORD_T_MINUTES:
		return "1";
	case RECORD_T_BOOL:
		return "false";
	case RECORD_T_TEXT:
		return "\"x\"";
	case RECORD_T_POST:
		*needs_post = 1;
		return "\"P1\"";
	default:
		return NULL;
	}
}

/* The header row of the test records: member, date, the filtered and
 * required columns.  Refuses a kind whose rows it cannot make. */
static int
gen_columns(struct gen *g, const struct record_col **cols, const char **vals, size_t *n,
    int *needs_post)
{
	*n = 0;
	for (const struct record_col *c = g->kind->cols; c->name; c++) {
		const char *v;

		if (strcmp(c->name, "member") == 0 || strcmp(c->name, "date") == 0)
			continue;
		if ((v = gen_cell(g, c, needs_post)) == NULL)
			return error_set(g->e, EXIT_USAGE, tr("%s records need a %s the generator"
			    " cannot make up; write the requirement by hand", "%s 记录需要生成器"
			    "无法编造的 %s；请手工编写该要求"), g->kind->source, c->name);
		if (*v) {
			cols[*n] = c;
			vals[(*n)++] = v;
		}
	}
	return 0;
}

/* One case: N records in YEAR, expecting STATUS. */
static void
gen_case(struct gen *g, const char *title, int year, long n, const char *status,
    const struct record_col **cols, const char **vals, size_t ncols, int needs_post)
{
	struct sbuf *b = &g->test->text;
	long first = date_days(year, 3, 1);
	char day[11];

	gen_put(b, "\ncase `%s` {\n  year = %d,\n", title, year);
	if (needs_post)
		gen_put(b, "  posts = { { code = `P1`, name = `P1` } },\n");
	gen_put(b, "  members = { { id = `M1` } },\n");
	if (n > 0) {
		gen_put(b, "  %s = {\n    { `member`, `date`", g->kind->name);
		for (size_t c = 0; c < ncols; c++)
			gen_put(b, ", `%s`", cols[c]->name);
		sbuf_adds(b, " },\n");
		for (long i = 0; i < n; i++) {
			date_iso(first + i, day);
			gen_put(b, "    { `M1`, `%s`", day);
			for (size_t c = 0; c < ncols; c++)
				sbuf_addf(b, ", %s", vals[c]);
			sbuf_adds(b, " },\n");
		}
		sbuf_adds(b, "  },\n");
	}
	gen_put(b, "  expect = { M1 = { [`%s`] = `%s` } },\n}\n", g->id, status);
}

/* tests/NAME.lua: a passing and a failing case in the duty's first year,
 * and with a start date an n/a case the year before. */
static int
gen_tests(struct gen *g, struct sbuf *out)
{
	const struct record_col *cols[RECORD_MAXCOLS];
	const char *vals[RECORD_MAXCOLS];
	size_t ncols;
	int needs_post = 0, before;
	long n = g->r->min;
	char *title;

	if (gen_columns(g, cols, vals, &ncols, &needs_post) != 0)
		return -1;
	sbuf_addf(&g->test->text, "-- %s (%s): %ld %s records a year", g->id, g->r->clause,
	    n, g->kind->source);
	gen_where_words(g, &g->test->text);
	sbuf_adds(&g->test->text, ".\n-- Written by 'baodao pack add-requirement'; columns"
	    " left out take pack test's defaults.\n");
	title = xasprintf("%s: %ld records pass", g->name, n);
	gen_case(g, title, g->year, n, "pass", cols, vals, ncols, needs_post);
	free(title);
	title = xasprintf("%s: %ld records fail", g->name, n - 1);
	gen_case(g, title, g->year, n - 1, "fail", cols, vals, ncols, needs_post);
	free(title);
	before = g->r->since && (util_empty(g->pi.effective_from) ||
	    date_year(g->pi.effective_from) < g->year);
	if (before) {
		title = xasprintf("%s: n/a before %s", g->name, g->r->since);
		gen_case(g, title, g->year - 1, n, "n/a", cols, vals, ncols, needs_post);
		free(title);
	}
	g->test->changed = 1;
	sbuf_addf(out, tr("%s: %d test cases (pass, fail%s)\n", "%s：%d 个测试用例（达到、"
	    "未达到%s）\n"), g->test->rel, before ? 3 : 2, before ? tr(", n/a before the start",
	    "、施行前不适用") : "");
	return 0;
}

/* ---- writing ---- */

/* The name a changed file is written under before it replaces F. */
static char *
gen_new_path(const struct gen_file *f)
{
	return xasprintf("%s.new", f->path);
}

/* Replace every changed file.  All are written beside themselves first,
 * and renamed only when every one is written: a full disk or a
 * read-only file leaves the pack as it was, not half changed. */
static int
gen_write(struct gen *g)
{
	char *tests = xasprintf("%s/tests", g->pi.dir), *tmp;
	size_t i, n = 0;
	int rc = 0;

	if (mkdir(tests, 0755) != 0 && errno != EEXIST)
		rc = error_set(g->e, EXIT_ENV, "%s: %s", tests, strerror(errno));
	free(tests);
	/* n: the files tried, the last of them perhaps the one that failed */
	for (i = 0; rc == 0 && i < g->nfiles; i++) {
		n = i + 1;
		if (!g->files[i].changed)
			continue;
		tmp = gen_new_path(&g->files[i]);
		rc = util_write_file(tmp, g->files[i].text.s, g->files[i].text.len, g->e);
		if (rc != 0)
			unlink(tmp);
		free(tmp);
	}
	for (i = 0; i < n; i++) {
		if (!g->files[i].changed)
			continue;
		tmp = gen_new_path(&g->files[i]);
		if (rc != 0)
			unlink(tmp);
		else if (rename(tmp, g->files[i].path) != 0)
			rc = error_set(g->e, EXIT_ENV, "%s: %s", g->files[i].path, strerror(errno));
		free(tmp);
	}
	return rc;
}

/* Free what a run held. */
static void
gen_free(struct gen *g)
{
	for (size_t i = 0; i < g->nfiles; i++) {
		free(g->files[i].rel);
		free(g->files[i].path);
		sbuf_free(&g->files[i].text);
	}
	for (size_t i = 0; i < g->nwhere; i++) {
		free(g->where[i].field);
		free(g->where[i].lua);
		free(g->where[i].raw);
	}
	free(g->id);
	free(g->name);
	free(g->param);
	pack_info_free(&g->pi);
}

/* The year of the test cases: the start's, else the pack's, else this one. */
static int
gen_year(const struct gen *g)
{
	time_t now = time(NULL);
	struct tm tm;

	if (g->r->since)
		return date_year(g->r->since);
	if (!util_empty(g->pi.effective_from))
		return date_year(g->pi.effective_from);
	gmtime_r(&now, &tm);
	return tm.tm_year + 1900;
}

int
gen_add_requirement(const char *dir, const struct gen_requirement *r, struct sbuf *out,
    struct error *e)
{
	struct gen g = { .r = r, .e = e };
	char *manifest = xasprintf("%s/MANIFEST", dir);
	int sealed = access(manifest, F_OK) == 0, rc = -1;

	free(manifest);
	if (sealed)
		return error_set(e, EXIT_USAGE, tr("%s is sealed (MANIFEST): edit a copy without"
		    " MANIFEST and SIGNATURES, and seal it again when done", "%s 已封存（MANIFEST）："
		    "请在去掉 MANIFEST 和 SIGNATURES 的副本上修改，改完再封存"), dir);
	if (pack_info_read(dir, &g.pi, e) != 0)
		return -1;
	if (gen_names(&g) == 0 && gen_kind(&g) == 0 && gen_parse_where(&g) == 0 &&
	    gen_read(&g) == 0) {
		struct sbuf said;

		sbuf_init(&said);
		g.year = gen_year(&g);
		gen_fact(&g, &said);
		gen_parameter(&g, &said);
		gen_rule(&g, &said);
		if (gen_award(&g, &said) == 0 && gen_tests(&g, &said) == 0 && gen_write(&g) == 0) {
			sbuf_adds(out, said.s);
			rc = 0;
		}
		sbuf_free(&said);
	}
	gen_free(&g);
	return rc;
}
