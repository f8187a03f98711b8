/*
 * config.c - finding and reading baodao.conf.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

#ifndef BAODAO_DATADIR
#define BAODAO_DATADIR "/usr/local/share/baodao"
#endif
#ifndef BAODAO_SYSCONFDIR
#define BAODAO_SYSCONFDIR "/etc"
#endif

const char *const config_role_names[CONFIG_NROLES] = {
	"clerk", "administrator", "policy", "auditor"
};

/* libconfuse reports through a callback without user data; configuration
 * is read on the main thread only, so one buffer serves. */
static char config_errbuf[1024];
static cfg_t *config_root;        /* the file's top level, for config_unknown() */

/* Edits (insert, delete, change a letter) from A to B, at most 3. */
static int
config_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int row[64], prev, best;

	if (la >= 64 || lb >= 64)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = (int)i;
		best = row[0];
		for (size_t j = 1; j <= lb; j++) {
			int sub = prev + (a[i - 1] != b[j - 1]), cur = row[j];

			row[j] = sub < cur + 1 ? sub : cur + 1;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			prev = cur;
			if (row[j] < best)
				best = row[j];
		}
		if (best > 3)
			return 99;
	}
	return row[lb];
}

/* Is NAME a key of the top level, while CFG is a section inside it? */
static int
config_is_top_key(const cfg_t *cfg, const char *name)
{
	if (config_root == NULL || cfg == config_root)
		return 0;
	for (const cfg_opt_t *o = config_root->opts; o && o->name; o++)
		if (strcmp(o->name, name) == 0)
			return 1;
	return 0;
}

/* libconfuse's "no such option 'KEY'" in words that say what to do: a
 * key of the top level inside a section means the section above is not
 * closed; else the nearest key, and the keys there are. */
static void
config_unknown(cfg_t *cfg, const char *key, char *msg, size_t n)
{
	const char *near = NULL;
	int best = 3, len;

	if (config_is_top_key(cfg, key)) {
		snprintf(msg, n, tr("'%s' inside the '%s' section: a '}' is missing before this"
		    " line", "'%s' 出现在 '%s' 一节之内：本行之前缺少一个 '}'"), key, cfg->name);
		return;
	}
	for (const cfg_opt_t *o = cfg->opts; o && o->name; o++) {
		int d = config_distance(key, o->name);

		if (d < best || (d == best && near == NULL && d <= 2)) {
			best = d;
			near = o->name;
		}
	}
	len = near ? snprintf(msg, n, tr("unknown key '%s' (did you mean '%s'?); ",
	    "未知的键 '%s'（是否应为 '%s'？）；"), key, near) :
	    snprintf(msg, n, tr("unknown key '%s'; ", "未知的键 '%s'；"), key);
	if (len > 0 && (size_t)len < n)
		len += cfg == config_root ?
		    snprintf(msg + len, n - (size_t)len, "%s", tr("the keys are: ", "可用的键：")) :
		    snprintf(msg + len, n - (size_t)len, tr("the keys of a %s section are: ",
		    "%s 一节可用的键："), cfg->name);
	for (const cfg_opt_t *o = cfg->opts; o && o->name && len > 0 && (size_t)len < n; o++)
		len += snprintf(msg + len, n - (size_t)len, "%s%s", o == cfg->opts ? "" : ", ",
		    o->name);
}

static void
config_errfunc(cfg_t *cfg, const char *fmt, va_list ap)
{
	char msg[768], key[128];

	if (config_errbuf[0] != '\0')
		return;
	vsnprintf(msg, sizeof msg, fmt, ap);
	if (cfg && sscanf(msg, "no such option '%127[^']'", key) == 1)
		config_unknown(cfg, key, msg, sizeof msg);
	if (cfg && cfg->filename && cfg->line > 0)
		snprintf(config_errbuf, sizeof config_errbuf, "%s:%d: %s",
		    cfg->filename, cfg->line, msg);
	else if (cfg && cfg->filename)
		snprintf(config_errbuf, sizeof config_errbuf, "%s: %s", cfg->filename, msg);
	else
		snprintf(config_errbuf, sizeof config_errbuf, "%s", msg);
}

int
config_parse(cfg_t *cfg, const char *path, struct error *e)
{
	int rc;

	config_errbuf[0] = '\0';
	config_root = cfg;
	cfg_set_error_function(cfg, config_errfunc);
	rc = cfg_parse(cfg, path);
	config_root = NULL;
	if (rc == CFG_SUCCESS)
		return 0;
	if (rc == CFG_FILE_ERROR)
		return error_set(e, EXIT_USAGE, "%s: %s", path, strerror(errno));
	return error_set(e, EXIT_USAGE, "%s",
	    config_errbuf[0] ? config_errbuf : "configuration error");
}

long long
config_parse_size(const char *s)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || end == s || v < 0)
		return -1;
	switch (*end) {
	case 'k': case 'K': v *= 1024; end++; break;
	case 'm': case 'M': v *= 1024 * 1024; end++; break;
	case 'g': case 'G': v *= 1024LL * 1024 * 1024; end++; break;
	default: break;
	}
	return *end == '\0' ? v : -1;
}

/* The numeric options and their ranges: one check serves them all, and
 * says the range in the words the manual uses. */
static const struct config_bound {
	const char *name;
	int size;                 /* a size like 64M, else a plain integer */
	long long min, max;
	const char *range;
} config_bounds[] = {
	{ "jobs", 0, 1, 256, "between 1 and 256" },
	{ "instruction_limit", 0, 1000, LLONG_MAX, "at least 1000" },
	{ "memory_limit", 1, 1024 * 1024, LLONG_MAX, "a size of at least 1M (like 64M)" },
	{ "busy_timeout", 0, 0, 86400, "0 to 86400 seconds" },
	{ "retention_years", 0, 1, 100, "1 to 100 years" },
	{ "max_import_bytes", 1, 1024, 64LL * 1024 * 1024 * 1024,
	  "a size from 1K to 64G (like 256M)" },
	{ "max_value_bytes", 1, 64, 16 * 1024 * 1024, "a size from 64 to 16M (like 4K)" },
	{ "max_day_hours", 0, 1, 24, "1 to 24 hours" },
	{ "max_day_verifications", 0, 1, 1000000, "1 to 1000000" },
	{ "max_sheet_rows", 0, 1, 1048576, "between 1 and 1048576" },
	{ "max_sheet_cells", 0, 1, 1LL << 34, "between 1 and 17179869184" },
};

static int
config_check_bound(cfg_t *cfg, cfg_opt_t *opt)
{
	const struct config_bound *b = NULL;
	const char *s = NULL;
	long long v;

	for (size_t i = 0; i < sizeof config_bounds / sizeof config_bounds[0]; i++)
		if (strcmp(config_bounds[i].name, opt->name) == 0)
			b = &config_bounds[i];
	if (b == NULL)
		return 0;
	if (b->size) {
		s = cfg_opt_getnstr(opt, 0);
		v = s ? config_parse_size(s) : -1;
	} else {
		v = cfg_opt_getnint(opt, 0);
	}
	if (v >= b->min && v <= b->max)
		return 0;
	if (b->size)
		cfg_error(cfg, "%s must be %s, not '%s'", b->name, b->range, s ? s : "");
	else
		cfg_error(cfg, "%s must be %s, not %lld", b->name, b->range, v);
	return -1;
}

static int
config_check_progress(cfg_t *cfg, cfg_opt_t *opt)
{
	const char *s = cfg_opt_getnstr(opt, 0);

	if (s && (strcmp(s, "auto") == 0 || strcmp(s, "always") == 0 ||
	    strcmp(s, "never") == 0))
		return 0;
	cfg_error(cfg, "progress must be auto, always or never, not '%s'", s ? s : "");
	return -1;
}

/* The bit of role NAME, or 0 when it is not one. */
static unsigned
config_role_bit(const char *name)
{
	for (int i = 0; i < CONFIG_NROLES; i++)
		if (name && strcmp(name, config_role_names[i]) == 0)
			return 1u << i;
	return 0;
}

/* "role NAME { ... }" and reveal_roles name known roles only. */
static int
config_check_role(cfg_t *cfg, cfg_opt_t *opt)
{
	unsigned n = cfg_opt_size(opt);

	for (unsigned i = opt->type == CFGT_SEC && n > 0 ? n - 1 : 0; i < n; i++) {
		const char *name = opt->type == CFGT_SEC ? cfg_title(cfg_opt_getnsec(opt, i)) :
		    cfg_opt_getnstr(opt, i);

		if (config_role_bit(name) == 0) {
			cfg_error(cfg, "unknown role '%s' (the roles are clerk, administrator,"
			    " policy, auditor)", name ? name : "");
			return -1;
		}
	}
	return 0;
}

/* A path in the file at CONF: relative to the file's folder. */
static char *
config_relative(const char *conf, const char *path)
{
	const char *slash = strrchr(conf, '/');

	if (path[0] == '/' || slash == NULL)
		return xstrdup(path);
	return xasprintf("%.*s/%s", (int)(slash - conf), conf, path);
}

/* Each trusted key file must be there; its content is read when a pack
 * is checked (trust.c), which names the file if it is not a key. */
static int
config_check_keys(cfg_t *cfg, cfg_opt_t *opt)
{
	for (unsigned i = 0; i < cfg_opt_size(opt); i++) {
		const char *s = cfg_opt_getnstr(opt, i);
		char *path = config_relative(cfg->filename, s ? s : "");
		struct stat st;
		int ok = s && *s && stat(path, &st) == 0 && S_ISREG(st.st_mode);

		if (!ok)
			cfg_error(cfg, "%s: '%s': %s", opt->name, s ? s : "",
			    s && *s ? "no such key file" : "empty path");
		free(path);
		if (!ok)
			return -1;
	}
	return 0;
}

char *
config_exe_dir(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
	char *slash;

	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	slash = strrchr(buf, '/');
	if (slash == NULL)
		return NULL;
	*slash = '\0';
	return xstrdup(buf);
}

/* Packs come from the source tree when the program runs from it (make
 * leaves ./baodao beside rules/, and the sanitizer build one folder
 * below), else from the installed share dir. */
static char *
config_default_pack_dir(void)
{
	static const char *const rel[] = { "rules", "../rules" };
	char *dir = config_exe_dir(), *p;
	struct stat st;

	for (size_t i = 0; dir != NULL && i < 2; i++) {
		p = xasprintf("%s/%s", dir, rel[i]);
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			free(dir);
			return p;
		}
		free(p);
	}
	free(dir);
	return xstrdup(BAODAO_DATADIR "/rules");
}

static int
config_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* The file to read, or NULL for defaults; e set if a named file is missing. */
static char *
config_find(const char *explicit_path, struct error *e)
{
	const char *env = getenv("BAODAO_CONFIG"), *xdg = getenv("XDG_CONFIG_HOME");
	const char *home = getenv("HOME");
	char *p;

	if (explicit_path || !util_empty(env)) {
		const char *named = explicit_path ? explicit_path : env;

		if (!config_exists(named)) {
			error_set(e, EXIT_USAGE, "%s: %s", named, strerror(ENOENT));
			return NULL;
		}
		return xstrdup(named);
	}
	if (config_exists("baodao.conf"))
		return xstrdup("baodao.conf");
	if (!util_empty(xdg))
		p = xasprintf("%s/baodao/baodao.conf", xdg);
	else if (!util_empty(home))
		p = xasprintf("%s/.config/baodao/baodao.conf", home);
	else
		p = NULL;
	if (p && config_exists(p))
		return p;
	free(p);
	p = xstrdup(BAODAO_SYSCONFDIR "/baodao/baodao.conf");
	if (config_exists(p))
		return p;
	free(p);
	return NULL;
}

static void
config_role_free(struct config_role *r)
{
	for (size_t i = 0; i < r->nusers; i++)
		free(r->users[i]);
	for (size_t i = 0; i < r->ngroups; i++)
		free(r->groups[i]);
	free(r->users);
	free(r->groups);
	memset(r, 0, sizeof *r);
}

/* Evaluate's workers when the configuration does not say: one per
 * processor, so that the year-end run uses the machine it is given; no
 * more than CONFIG_JOBS_AUTO_MAX, for each worker holds its own
 * connection, page cache and copy of the pack. */
static int
config_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < 1)
		return 1;
	return n > CONFIG_JOBS_AUTO_MAX ? CONFIG_JOBS_AUTO_MAX : (int)n;
}

static void
config_defaults(struct config *c)
{
	memset(c, 0, sizeof *c);
	c->database = xstrdup("baodao.db");
	c->jobs = config_default_jobs();
	c->instruction_limit = 10000000;
	c->memory_limit = 64 * 1024 * 1024;
	c->max_value_bytes = 4096;
	c->progress = CONFIG_PROGRESS_AUTO;
	c->allow_unsigned_packs = 1;
	c->busy_timeout_ms = CONFIG_BUSY_TIMEOUT * 1000;
	c->max_import_bytes = CONFIG_MAX_IMPORT;
	c->max_day_hours = CONFIG_MAX_DAY_HOURS;
	c->max_day_verifications = CONFIG_MAX_DAY_VERIFICATIONS;
	c->max_sheet_rows = CONFIG_MAX_SHEET_ROWS;
	c->max_sheet_cells = CONFIG_MAX_SHEET_CELLS;
}

static void
config_take(struct config *c, cfg_t *cfg)
{
	const char *prog = cfg_getstr(cfg, "progress");
	unsigned n = cfg_size(cfg, "pack_path");

	free(c->database);
	c->database = xstrdup(cfg_getstr(cfg, "database"));
	c->jobs = (int)cfg_getint(cfg, "jobs");
	c->instruction_limit = cfg_getint(cfg, "instruction_limit");
	c->memory_limit = (size_t)config_parse_size(cfg_getstr(cfg, "memory_limit"));
	c->busy_timeout_ms = (int)cfg_getint(cfg, "busy_timeout") * 1000;
	c->max_import_bytes = (size_t)config_parse_size(cfg_getstr(cfg, "max_import_bytes"));
	c->max_value_bytes = (size_t)config_parse_size(cfg_getstr(cfg, "max_value_bytes"));
	c->max_day_hours = (int)cfg_getint(cfg, "max_day_hours");
	c->max_day_verifications = (int)cfg_getint(cfg, "max_day_verifications");
	c->max_sheet_rows = cfg_getint(cfg, "max_sheet_rows");
	c->max_sheet_cells = cfg_getint(cfg, "max_sheet_cells");
	c->retention_years = (int)cfg_getint(cfg, "retention_years");
	c->progress = strcmp(prog, "always") == 0 ? CONFIG_PROGRESS_ALWAYS :
	    strcmp(prog, "never") == 0 ? CONFIG_PROGRESS_NEVER : CONFIG_PROGRESS_AUTO;
	if (n > 0) {
		c->pack_path = xcalloc(n, sizeof *c->pack_path);
		for (unsigned i = 0; i < n; i++)
			c->pack_path[i] = xstrdup(cfg_getnstr(cfg, "pack_path", i));
		c->npack_path = n;
	}
}

/* A string list of the section CFG as a new array. */
static char **
config_take_list(cfg_t *cfg, const char *name, size_t *n)
{
	unsigned k = cfg_size(cfg, name);
	char **v = xcalloc(k ? k : 1, sizeof *v);

	for (unsigned i = 0; i < k; i++)
		v[i] = xstrdup(cfg_getnstr(cfg, name, i));
	*n = k;
	return v;
}

/* The group, the role sections and who may reveal personal data. */
static void
config_take_roles(struct config *c, cfg_t *cfg)
{
	const char *group = cfg_getstr(cfg, "group");
	unsigned n = cfg_size(cfg, "role");

	c->group = util_empty(group) ? NULL : xstrdup(group);
	c->roles_set = n > 0;
	for (unsigned i = 0; i < n; i++) {
		cfg_t *sec = cfg_getnsec(cfg, "role", i);
		unsigned bit = config_role_bit(cfg_title(sec));
		struct config_role *r;
		int k = 0;

		while (bit > 1u << k)
			k++;
		r = &c->roles[k];
		config_role_free(r);
		r->users = config_take_list(sec, "users", &r->nusers);
		r->groups = config_take_list(sec, "groups", &r->ngroups);
	}
	for (unsigned i = 0; i < cfg_size(cfg, "reveal_roles"); i++)
		c->reveal_roles |= config_role_bit(cfg_getnstr(cfg, "reveal_roles", i));
}

/* A list of paths (key files, plugin folders), each relative to the config
 * file PATH. */
static char **
config_take_keys(cfg_t *cfg, const char *name, const char *path, size_t *n)
{
	unsigned k = cfg_size(cfg, name);
	char **v = xcalloc(k ? k : 1, sizeof *v);

	for (unsigned i = 0; i < k; i++)
		v[i] = config_relative(path, cfg_getnstr(cfg, name, i));
	*n = k;
	return v;
}

/* The trust policy; key files are named relative to the config file. */
static void
config_take_trust(struct config *c, cfg_t *cfg, const char *path)
{
	c->allow_unsigned_packs = cfg_getbool(cfg, "allow_unsigned_packs");
	c->require_seal = cfg_getbool(cfg, "require_seal");
	c->require_approver = cfg_getbool(cfg, "require_approver");
	c->trusted_keys = config_take_keys(cfg, "trusted_keys", path, &c->ntrusted_keys);
	c->approver_keys = config_take_keys(cfg, "approver_keys", path, &c->napprover_keys);
}

int
config_load(struct config *c, const char *explicit_path, struct error *e)
{
	cfg_opt_t role_opts[] = {
		CFG_STR_LIST("users", NULL, CFGF_NONE),
		CFG_STR_LIST("groups", NULL, CFGF_NONE),
		CFG_END()
	};
	cfg_opt_t opts[] = {
		CFG_STR("database", "baodao.db", CFGF_NONE),
		CFG_STR_LIST("pack_path", NULL, CFGF_NONE),
		CFG_STR_LIST("plugin_path", NULL, CFGF_NONE),
		CFG_INT("jobs", config_default_jobs(), CFGF_NONE),
		CFG_INT("instruction_limit", 10000000, CFGF_NONE),
		CFG_STR("memory_limit", "64M", CFGF_NONE),
		CFG_STR("max_value_bytes", "4K", CFGF_NONE),
		CFG_STR("progress", "auto", CFGF_NONE),
		CFG_STR_LIST("trusted_keys", NULL, CFGF_NONE),
		CFG_BOOL("allow_unsigned_packs", cfg_true, CFGF_NONE),
		CFG_BOOL("require_seal", cfg_false, CFGF_NONE),
		CFG_STR_LIST("approver_keys", NULL, CFGF_NONE),
		CFG_BOOL("require_approver", cfg_false, CFGF_NONE),
		CFG_INT("busy_timeout", CONFIG_BUSY_TIMEOUT, CFGF_NONE),
		CFG_STR("max_import_bytes", "256M", CFGF_NONE),
		CFG_INT("max_day_hours", CONFIG_MAX_DAY_HOURS, CFGF_NONE),
		CFG_INT("max_day_verifications", CONFIG_MAX_DAY_VERIFICATIONS, CFGF_NONE),
		CFG_INT("max_sheet_rows", CONFIG_MAX_SHEET_ROWS, CFGF_NONE),
		CFG_INT("max_sheet_cells", CONFIG_MAX_SHEET_CELLS, CFGF_NONE),
		CFG_INT("retention_years", 0, CFGF_NONE),
		CFG_STR("group", "", CFGF_NONE),
		CFG_SEC("role", role_opts, CFGF_MULTI | CFGF_TITLE | CFGF_NO_TITLE_DUPES),
		CFG_STR_LIST("reveal_roles", NULL, CFGF_NONE),
		CFG_END()
	};
	cfg_t *cfg;
	char *path;

	config_defaults(c);
	path = config_find(explicit_path, e);
	if (path == NULL && e->code)
		return -1;
	if (path != NULL) {
		cfg = cfg_init(opts, CFGF_NONE);
		for (size_t i = 0; i < sizeof config_bounds / sizeof config_bounds[0]; i++)
			cfg_set_validate_func(cfg, config_bounds[i].name, config_check_bound);
		cfg_set_validate_func(cfg, "progress", config_check_progress);
		cfg_set_validate_func(cfg, "trusted_keys", config_check_keys);
		cfg_set_validate_func(cfg, "approver_keys", config_check_keys);
		cfg_set_validate_func(cfg, "role", config_check_role);
		cfg_set_validate_func(cfg, "reveal_roles", config_check_role);
		if (config_parse(cfg, path, e) != 0) {
			cfg_free(cfg);
			free(path);
			return -1;
		}
		config_take(c, cfg);
		config_take_trust(c, cfg, path);
		config_take_roles(c, cfg);
		c->plugin_path = config_take_keys(cfg, "plugin_path", path, &c->nplugin_path);
		cfg_free(cfg);
		c->path = path;
	}
	if (c->npack_path == 0) {
		c->pack_path = xcalloc(1, sizeof *c->pack_path);
		c->pack_path[0] = config_default_pack_dir();
		c->npack_path = 1;
	}
	return 0;
}

void
config_free(struct config *c)
{
	for (size_t i = 0; i < c->npack_path; i++)
		free(c->pack_path[i]);
	free(c->pack_path);
	for (size_t i = 0; i < c->ntrusted_keys; i++)
		free(c->trusted_keys[i]);
	free(c->trusted_keys);
	for (size_t i = 0; i < c->napprover_keys; i++)
		free(c->approver_keys[i]);
	free(c->approver_keys);
	for (int i = 0; i < CONFIG_NROLES; i++)
		config_role_free(&c->roles[i]);
	free(c->group);
	for (size_t i = 0; i < c->nplugin_path; i++)
		free(c->plugin_path[i]);
	free(c->plugin_path);
	free(c->database);
	free(c->path);
	memset(c, 0, sizeof *c);
}
