/*
 * opt.c - parsing a command's argv against its declared options, the
 * usage errors every command shares, and the --help text.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "opt.h"

static opt_guard_fn opt_guard;

void
opt_set_guard(opt_guard_fn fn)
{
	opt_guard = fn;
}

/* Every usage error of every command has this one shape. */
int
opt_usage(const struct opt_cmd *c, struct error *e, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return error_set(e, EXIT_USAGE, tr("%s: %s (usage: baodao %s)",
	    "%s：%s（用法：baodao %s）"), c->name, msg, c->synopsis);
}

/* The declared option that argument A (up to an '=') names, or NULL. */
static const struct opt *
opt_find(const struct opt_cmd *c, const char *a, size_t len)
{
	for (const struct opt *o = c->opts; o && o->name; o++)
		if (strlen(o->name) == len && strncmp(o->name, a, len) == 0)
			return o;
	return NULL;
}

/* Every required option was given. */
static int
opt_required(const struct opt_args *a, struct error *e)
{
	for (const struct opt *o = a->cmd->opts; o && o->name; o++)
		if (o->required && !opt_has(a, o->name))
			return opt_usage(a->cmd, e, tr("%s %s is required", "需要 %s %s"), o->name,
			    o->arg ? o->arg : "");
	return 0;
}

/* "--name VALUE", "--name=VALUE" or a flag; "-" alone is an argument
 * (standard output, for -o). */
int
opt_parse(const struct opt_cmd *c, int argc, char **argv, struct opt_args *a,
    struct error *e)
{
	memset(a, 0, sizeof *a);
	a->cmd = c;
	a->hits = xcalloc((size_t)argc + 1, sizeof *a->hits);
	a->pos = xcalloc((size_t)argc + 1, sizeof *a->pos);
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i], *eq;
		const struct opt *o;

		if (s[0] != '-' || s[1] == '\0') {
			if (a->npos >= c->maxpos)
				return opt_usage(c, e, tr("unexpected argument '%s'", "多余的参数 '%s'"), s);
			a->pos[a->npos++] = argv[i];
			continue;
		}
		eq = strchr(s, '=');
		if ((o = opt_find(c, s, eq ? (size_t)(eq - s) : strlen(s))) == NULL)
			return opt_usage(c, e, tr("unknown option '%s'", "未知选项 '%s'"), s);
		a->hits[a->nhits].opt = o;
		if (o->arg == NULL)
			a->hits[a->nhits].val = "";
		else if (eq)
			a->hits[a->nhits].val = eq + 1;
		else if (i + 1 < argc)
			a->hits[a->nhits].val = argv[++i];
		else
			return opt_usage(c, e, tr("option '%s' needs a value", "选项 '%s' 缺少值"),
			    o->name);
		a->nhits++;
	}
	if (a->npos < c->minpos)
		return opt_usage(c, e, tr("needs %s", "需要 %s"), c->needs);
	if (opt_required(a, e) != 0)
		return -1;
	return opt_guard ? opt_guard(a, e) : 0;
}

/* The arrays only: values and arguments point into argv. */
void
opt_args_free(struct opt_args *a)
{
	free(a->hits);
	free(a->pos);
	memset(a, 0, sizeof *a);
}

/* Hits are in argv order, so repeated values come in the order given. */
const char *
opt_next(const struct opt_args *a, const char *name, int *i)
{
	for (; *i < a->nhits; (*i)++)
		if (strcmp(a->hits[*i].opt->name, name) == 0)
			return a->hits[(*i)++].val;
	return NULL;
}

/* The last one wins, as with most command lines. */
const char *
opt_get(const struct opt_args *a, const char *name)
{
	const char *v = NULL, *last = NULL;
	int i = 0;

	while ((v = opt_next(a, name, &i)) != NULL)
		last = v;
	return last;
}

/* A flag's value is "", never NULL. */
int
opt_has(const struct opt_args *a, const char *name)
{
	return opt_get(a, name) != NULL;
}

/* Digits only (a leading '-' allowed), no space, no sign, no trailing
 * text, no overflow: "2024abc", " 7", "+7" and "1e3" are not numbers. */
static int
opt_digits(const char *s, long long *v)
{
	unsigned long long m = 0;
	int neg = *s == '-';

	s += neg;
	if (*s == '\0')
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || m > (ULLONG_MAX - 9) / 10)
			return -1;
		m = m * 10 + (unsigned long long)(*s - '0');
	}
	if (m > (unsigned long long)LLONG_MAX)
		return -1;
	*v = neg ? -(long long)m : (long long)m;
	return 0;
}

int
opt_int(const struct opt_cmd *c, const char *what, const char *s, long long min,
    long long max, long long *v, struct error *e)
{
	long long x;

	if (s == NULL || opt_digits(s, &x) != 0)
		return opt_usage(c, e, tr("%s '%s' is not a whole number",
		    "%s '%s' 不是整数"), what, s ? s : "");
	if (x < min || x > max)
		return opt_usage(c, e, tr("%s '%s' is out of range (%lld to %lld)",
		    "%s '%s' 超出范围（%lld 至 %lld）"), what, s, min, max);
	*v = x;
	return 0;
}

/* NULL is a missing --year. */
int
opt_year(const struct opt_cmd *c, const char *s, int *year, struct error *e)
{
	long long y;

	if (s == NULL)
		return opt_usage(c, e, "%s", tr("--year YEAR is required", "需要 --year 年份"));
	if (opt_digits(s, &y) != 0 || y < 1900 || y > 2999)
		return opt_usage(c, e, tr("bad year '%s'", "年份 '%s' 无效"), s);
	*year = (int)y;
	return 0;
}

/* --lang zh|en: the language of what a report or explain writes. */
int
opt_lang(const struct opt_args *a, int *en, struct error *e)
{
	const char *l = opt_get(a, "--lang");

	*en = l != NULL && strcmp(l, "en") == 0;
	if (l != NULL && !*en && strcmp(l, "zh") != 0)
		return opt_usage(a->cmd, e, tr("unknown language '%s' (zh, en)",
		    "未知语言 '%s'（zh、en）"), l);
	return 0;
}

/* Who may run C, when baodao.conf names roles: "roles: administrator or
 * policy", and whether its --reveal needs one. */
static void
opt_help_roles(const struct opt_cmd *c, FILE *f)
{
	int first = 1;

	if ((c->roles & ((1u << CONFIG_NROLES) - 1)) == 0 && !(c->roles & OPT_REVEALS))
		return;
	fprintf(f, "%s", tr("\nroles (when baodao.conf names roles): ",
	    "\n角色（baodao.conf 设置了角色时）："));
	for (int r = 0; r < CONFIG_NROLES; r++)
		if (c->roles & (1u << r)) {
			fprintf(f, "%s%s", first ? "" : tr(" or ", "或"), config_role_names[r]);
			first = 0;
		}
	if (c->roles & OPT_REVEALS)
		fprintf(f, "%s%s", first ? "" : "; ", tr("--reveal: those of reveal_roles",
		    "--reveal：reveal_roles 所列的角色"));
	fprintf(f, "\n");
}

/* Synopsis, help, then "--name ARG  help" per option. */
void
opt_help(const struct opt_cmd *c, FILE *f)
{
	fprintf(f, tr("usage: baodao %s\n", "用法：baodao %s\n"), c->synopsis);
	if (c->help)
		fprintf(f, "\n%s\n", opt_tr(c->help));
	opt_help_roles(c, f);
	if (c->opts == NULL || c->opts->name == NULL)
		return;
	fprintf(f, "%s", tr("\noptions:\n", "\n选项：\n"));
	for (const struct opt *o = c->opts; o->name; o++) {
		char head[64];

		snprintf(head, sizeof head, "%s%s%s", o->name, o->arg ? " " : "",
		    o->arg ? o->arg : "");
		fprintf(f, "  %-22s %s\n", head, opt_tr(o->help));
	}
}
