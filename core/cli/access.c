/*
 * access.c - the roles a user holds, the check of each command's declared
 * roles (the guard opt_parse() calls), and the shared group's umask.
 */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "access.h"
#include "db.h"
#include "opt.h"

/* Who runs the program, worked out once by access_setup(). */
static const struct config *access_cfg;
static char access_user[64];
static unsigned access_roles;

/* Is NAME in the list V of N? */
static int
access_listed(char *const *v, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], name) == 0)
			return 1;
	return 0;
}

/* The names of the groups USER (primary group GID) is in, as getgrouplist
 * gives them; the caller frees the array and its strings. */
static char **
access_groups(const char *user, gid_t gid, int *n)
{
	int cap = 32;
	gid_t *g = xcalloc((size_t)cap, sizeof *g);
	char **names;

	*n = cap;
	if (getgrouplist(user, gid, g, n) < 0) {
		g = xrealloc(g, (size_t)*n * sizeof *g);
		if (getgrouplist(user, gid, g, n) < 0)
			*n = 0;
	}
	names = xcalloc((size_t)*n + 1, sizeof *names);
	for (int i = 0; i < *n; i++) {
		const struct group *gr = getgrgid(g[i]);

		names[i] = gr ? xstrdup(gr->gr_name) : xasprintf("%ld", (long)g[i]);
	}
	free(g);
	return names;
}

/* The roles the user holds under CFG (CONFIG_ROLE_* bits); the user's
 * name into access_user. */
static unsigned
access_held(const struct config *cfg)
{
	const struct passwd *pw = getpwuid(getuid());
	unsigned held = 0;
	char **groups = NULL;
	int ngroups = 0;

	if (pw == NULL) {
		snprintf(access_user, sizeof access_user, "uid %ld", (long)getuid());
		return 0;
	}
	snprintf(access_user, sizeof access_user, "%s", pw->pw_name);
	groups = access_groups(pw->pw_name, pw->pw_gid, &ngroups);
	for (int r = 0; r < CONFIG_NROLES; r++) {
		const struct config_role *role = &cfg->roles[r];
		int has = access_listed(role->users, role->nusers, access_user);

		for (int i = 0; !has && i < ngroups; i++)
			has = access_listed(role->groups, role->ngroups, groups[i]);
		if (has)
			held |= 1u << r;
	}
	for (int i = 0; i < ngroups; i++)
		free(groups[i]);
	free(groups);
	return held;
}

/* "clerk or administrator" (SEP " or ") or "clerk, auditor" (", "). */
static void
access_names(unsigned bits, const char *sep, struct sbuf *b)
{
	int first = 1;

	for (int r = 0; r < CONFIG_NROLES; r++)
		if (bits & (1u << r)) {
			sbuf_addf(b, "%s%s", first ? "" : sep, config_role_names[r]);
			first = 0;
		}
}

/* "WHAT: needs role NEED (you are HELD: user U)", one line. */
static int
access_refuse(const char *what, unsigned need, struct error *e)
{
	struct sbuf n, h;
	int rc;

	sbuf_init(&n);
	sbuf_init(&h);
	access_names(need, tr(" or ", "或"), &n);
	access_names(access_roles, tr(", ", "、"), &h);
	if (need == 0)
		rc = error_set(e, EXIT_USAGE, tr("%s: no role may do this (reveal_roles in"
		    " baodao.conf names none; you are %s: user %s)", "%s：没有角色可以这样做"
		    "（baodao.conf 的 reveal_roles 未指定角色；您的角色：%s；用户 %s）"), what,
		    h.s ? h.s : tr("no role", "无"), access_user);
	else if (h.s)
		rc = error_set(e, EXIT_USAGE, tr("%s: needs role %s (you are %s: user %s)",
		    "%s：需要角色 %s（您的角色：%s；用户 %s）"), what, n.s, h.s, access_user);
	else
		rc = error_set(e, EXIT_USAGE, tr("%s: needs role %s (you have no role: user %s)",
		    "%s：需要角色 %s（您没有角色；用户 %s）"), what, n.s, access_user);
	sbuf_free(&n);
	sbuf_free(&h);
	return rc;
}

/* The guard of every command parsed: its declared roles, and for
 * --reveal the roles of reveal_roles. */
static int
access_guard(const struct opt_args *a, struct error *e)
{
	unsigned need = a->cmd->roles & ((1u << CONFIG_NROLES) - 1);
	char what[96];

	if (!access_cfg->roles_set)
		return 0;
	if (need != 0 && (access_roles & need) == 0)
		return access_refuse(a->cmd->name, need, e);
	if ((a->cmd->roles & OPT_REVEALS) && opt_has(a, "--reveal") &&
	    (access_roles & access_cfg->reveal_roles) == 0) {
		snprintf(what, sizeof what, "%s --reveal", a->cmd->name);
		return access_refuse(what, access_cfg->reveal_roles, e);
	}
	return 0;
}

/* The group's id, umask 007 so nothing is created world-readable, and
 * the database created group-owned. */
static int
access_share(const char *group, struct error *e)
{
	const struct group *gr = getgrnam(group);

	if (gr == NULL)
		return error_set(e, EXIT_USAGE, tr("baodao.conf: group '%s' does not exist",
		    "baodao.conf：用户组 '%s' 不存在"), group);
	umask(007);
	db_share((long)gr->gr_gid, group);
	return 0;
}

int
access_setup(const struct config *cfg, struct error *e)
{
	access_cfg = cfg;
	access_roles = access_held(cfg);
	opt_set_guard(access_guard);
	return cfg->group ? access_share(cfg->group, e) : 0;
}
