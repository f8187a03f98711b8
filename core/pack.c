/*
 * pack.c - reading a rule pack's description and building the pack in a
 * sandbox of its own.
 *
 * Loading is all-or-nothing: a struct pack is either fully built (every
 * declaration checked, parameters resolved, sandbox sealed) or freed.
 * The pack API the Lua files call (fact, requirement, score, grade,
 * stars, award) parses each declaration as it is made, so an error points
 * at the line of the pack that made it.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <lauxlib.h>
#include <sodium.h>

#include "date.h"
#include "pack.h"
#include "regex.h"
#include "trust.h"

/* ---- pack.conf ---- */

static const char *const pack_ptype_names[] = {
	"int", "number", "string", "bool", "date", "month_day"
};

static int
pack_ptype(const char *s)
{
	for (size_t i = 0; i < sizeof pack_ptype_names / sizeof pack_ptype_names[0]; i++)
		if (strcmp(pack_ptype_names[i], s) == 0)
			return (int)i;
	return -1;
}

static char *
pack_strdup_opt(cfg_t *cfg, const char *key)
{
	const char *v = cfg_getstr(cfg, key);

	return xstrdup(v ? v : "");
}

/* Does TEXT hold a value of the parameter's type within its range?  On
 * success *num gets the numeric value (for bands and range checks). */
static int
pack_param_value_ok(const struct pack_param *pp, const char *text, double *num)
{
	char buf[11], *end;
	double v = 0;

	switch (pp->type) {
	case PARAM_INT:
		v = (double)strtoll(text, &end, 10);
		if (end == text || *end)
			return 0;
		break;
	case PARAM_NUMBER:
		v = strtod(text, &end);
		if (end == text || *end || !isfinite(v))
			return 0;
		break;
	case PARAM_BOOL:
		return strcmp(text, "true") == 0 || strcmp(text, "false") == 0;
	case PARAM_DATE:
		return date_parse(text, buf) == 0 && strcmp(buf, text) == 0;
	case PARAM_MONTH_DAY:
		return date_parse_month_day(text, buf) == 0 && strcmp(buf, text) == 0;
	default:
		return 1;
	}
	if ((pp->has_min && v < pp->min) || (pp->has_max && v > pp->max))
		return 0;
	if (num)
		*num = v;
	return 1;
}

/* Read one parameter section as written; pack_param_check() judges it
 * once inheritance has filled in what an override leaves out. */
static int
pack_param_read(cfg_t *sec, struct pack_param *pp, const char *file, const char *id,
    struct error *e)
{
	const char *type = cfg_getstr(sec, "type");

	pp->name = xstrdup(cfg_title(sec));
	pp->origin = xstrdup(id);
	pp->override = cfg_getbool(sec, "override");
	pp->type = (enum pack_ptype)-1;
	if (type != NULL) {
		int t = pack_ptype(type);

		if (t < 0)
			return error_set(e, EXIT_USAGE, "%s: parameter %s: type must be int, number,"
			    " string, bool, date or month_day", file, pp->name);
		pp->type = (enum pack_ptype)t;
	}
	pp->dflt = cfg_getstr(sec, "default") ? xstrdup(cfg_getstr(sec, "default")) : NULL;
	pp->description = pack_strdup_opt(sec, "description");
	pp->clause = pack_strdup_opt(sec, "clause");
	pp->has_min = cfg_size(sec, "min") > 0;
	pp->has_max = cfg_size(sec, "max") > 0;
	pp->min = pp->has_min ? cfg_getfloat(sec, "min") : 0;
	pp->max = pp->has_max ? cfg_getfloat(sec, "max") : 0;
	pp->ndated = cfg_size(sec, "since");
	pp->dated = xcalloc(pp->ndated ? pp->ndated : 1, sizeof *pp->dated);
	for (size_t i = 0; i < pp->ndated; i++) {
		cfg_t *d = cfg_getnsec(sec, "since", (unsigned)i);
		char iso[11];

		pp->dated[i].value = pack_strdup_opt(d, "value");
		pp->dated[i].clause = pack_strdup_opt(d, "clause");
		if (date_parse(cfg_title(d), iso) != 0)
			return error_set(e, EXIT_USAGE, "%s: parameter %s: since '%s' is not a date",
			    file, pp->name, cfg_title(d));
		memcpy(pp->dated[i].from, iso, sizeof iso);
	}
	return 0;
}

/* A parameter complete and consistent: a type, a description and a clause,
 * a default and dated values of its type within its range. */
static int
pack_param_check(const struct pack_param *pp, const char *file, struct error *e)
{
	if ((int)pp->type < 0)
		return error_set(e, EXIT_USAGE, "%s: parameter %s: type must be int, number,"
		    " string, bool, date or month_day", file, pp->name);
	if (util_empty(pp->description) || util_empty(pp->clause))
		return error_set(e, EXIT_USAGE, "%s: parameter %s needs a description and a"
		    " clause (or \"local choice\")", file, pp->name);
	if (pp->dflt == NULL || !pack_param_value_ok(pp, pp->dflt, NULL))
		return error_set(e, EXIT_USAGE, "%s: parameter %s: default '%s' is not a valid"
		    " %s in range", file, pp->name, pp->dflt ? pp->dflt : "",
		    pack_ptype_names[pp->type]);
	for (size_t i = 0; i < pp->ndated; i++) {
		if (!pack_param_value_ok(pp, pp->dated[i].value, NULL))
			return error_set(e, EXIT_USAGE, "%s: parameter %s: value '%s' from %s is"
			    " not a valid %s in range", file, pp->name, pp->dated[i].value,
			    pp->dated[i].from, pack_ptype_names[pp->type]);
		if (i > 0 && strcmp(pp->dated[i - 1].from, pp->dated[i].from) >= 0)
			return error_set(e, EXIT_USAGE, "%s: parameter %s: since dates must rise",
			    file, pp->name);
	}
	return 0;
}

static char **
pack_list(cfg_t *cfg, const char *key, size_t *n)
{
	char **v;

	*n = cfg_size(cfg, key);
	v = xcalloc(*n ? *n : 1, sizeof *v);
	for (size_t i = 0; i < *n; i++)
		v[i] = xstrdup(cfg_getnstr(cfg, key, (unsigned)i));
	return v;
}

/* SHA-256 over each file's name and bytes, in load order: the identity of
 * what a run evaluated with. */
static int
pack_hash(struct pack_info *pi, struct error *e)
{
	crypto_hash_sha256_state st;
	unsigned char out[crypto_hash_sha256_BYTES];
	size_t len;

	if (sodium_init() < 0)
		return error_set(e, EXIT_ENV, "libsodium failed to initialise");
	crypto_hash_sha256_init(&st);
	if (pi->parent)
		crypto_hash_sha256_update(&st, (const unsigned char *)pi->parent->hash,
		    strlen(pi->parent->hash));
	for (size_t i = 0; i <= pi->nfiles; i++) {
		const char *name = i == 0 ? "pack.conf" : pi->files[i - 1];
		char *path = xasprintf("%s/%s", pi->dir, name);
		char *text = util_read_file(path, &len, e);

		free(path);
		if (text == NULL)
			return -1;
		crypto_hash_sha256_update(&st, (const unsigned char *)name, strlen(name) + 1);
		crypto_hash_sha256_update(&st, (const unsigned char *)text, len);
		free(text);
	}
	crypto_hash_sha256_final(&st, out);
	sodium_bin2hex(pi->hash, sizeof pi->hash, out, sizeof out);
	return 0;
}

static int
pack_info_check(struct pack_info *pi, const char *file, struct error *e)
{
	char iso[11];

	if (util_empty(pi->id) || util_empty(pi->name) || util_empty(pi->version))
		return error_set(e, EXIT_USAGE, "%s: id, name and version are required", file);
	for (const char *c = pi->id; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_'))
			return error_set(e, EXIT_USAGE, "%s: id '%s' must be lower-case letters,"
			    " digits and _", file, pi->id);
	if (pi->api != PACK_API_LEVEL)
		return error_set(e, EXIT_USAGE, "%s: pack %s needs Lua API level %d; this baodao"
		    " provides %d", file, pi->id, pi->api, PACK_API_LEVEL);
	if ((!util_empty(pi->effective_from) && date_parse(pi->effective_from, iso) != 0) ||
	    (!util_empty(pi->effective_to) && date_parse(pi->effective_to, iso) != 0))
		return error_set(e, EXIT_USAGE, "%s: effective_from/effective_to must be dates",
		    file);
	for (size_t i = 0; i < pi->nfiles; i++)
		if (strchr(pi->files[i], '/') || pi->files[i][0] == '.')
			return error_set(e, EXIT_USAGE, "%s: file '%s' must be a plain name inside"
			    " the pack", file, pi->files[i]);
	return 0;
}

static int pack_info_read_chain(const char *dir, struct pack_info *pi, const char *chain,
    int depth, struct error *e);
static int pack_is_dir_with_conf(const char *dir);

static char **pack_search_dirs;
static size_t pack_nsearch_dirs;

void
pack_set_search_path(const struct config *cfg)
{
	pack_search_dirs = cfg->pack_path;
	pack_nsearch_dirs = cfg->npack_path;
}

/* The folder of the pack a pack extends: beside it first (a region's packs
 * travel together), then in the pack path. */
static char *
pack_parent_dir(const struct pack_info *pi)
{
	char *d = xasprintf("%s/../%s", pi->dir, pi->extends);

	if (pack_is_dir_with_conf(d))
		return d;
	free(d);
	for (size_t i = 0; i < pack_nsearch_dirs; i++) {
		d = xasprintf("%s/%s", pack_search_dirs[i], pi->extends);
		if (pack_is_dir_with_conf(d))
			return d;
		free(d);
	}
	return NULL;
}

static int
pack_parent_read(struct pack_info *pi, const char *chain, int depth, struct error *e)
{
	char *dir, *below;
	int rc;

	if (util_empty(pi->extends))
		return 0;
	below = xasprintf("%s%s%s", chain, *chain ? " -> " : "", pi->id);
	if (strcmp(pi->extends, pi->id) == 0 || strstr(chain, pi->extends) != NULL ||
	    depth > 16) {
		rc = error_set(e, EXIT_USAGE, "pack %s: inheritance cycle: %s -> %s", pi->id,
		    below, pi->extends);
		free(below);
		return rc;
	}
	dir = pack_parent_dir(pi);
	if (dir == NULL) {
		free(below);
		return error_set(e, EXIT_USAGE, "pack %s extends '%s', which is not installed",
		    pi->id, pi->extends);
	}
	pi->parent = xcalloc(1, sizeof *pi->parent);
	rc = pack_info_read_chain(dir, pi->parent, below, depth + 1, e);
	if (rc != 0) {
		free(pi->parent);
		pi->parent = NULL;
	}
	free(dir);
	free(below);
	return rc;
}

static void
pack_param_copy(struct pack_param *to, const struct pack_param *from)
{
	*to = *from;
	to->name = xstrdup(from->name);
	to->dflt = from->dflt ? xstrdup(from->dflt) : NULL;
	to->description = xstrdup(from->description);
	to->clause = xstrdup(from->clause);
	to->origin = xstrdup(from->origin);
	to->dated = xcalloc(from->ndated ? from->ndated : 1, sizeof *to->dated);
	for (size_t i = 0; i < from->ndated; i++) {
		to->dated[i] = from->dated[i];
		to->dated[i].value = xstrdup(from->dated[i].value);
		to->dated[i].clause = xstrdup(from->dated[i].clause);
	}
}

static void pack_param_free(struct pack_param *pp);

/* An override keeps what it does not restate: type, range, description
 * and clause come from the parent; default and dated values replace. */
static void
pack_param_override(struct pack_param *own, const struct pack_param *parent)
{
	if ((int)own->type < 0)
		own->type = parent->type;
	if (!own->has_min) {
		own->has_min = parent->has_min;
		own->min = parent->min;
	}
	if (!own->has_max) {
		own->has_max = parent->has_max;
		own->max = parent->max;
	}
	if (util_empty(own->description)) {
		free(own->description);
		own->description = xstrdup(parent->description);
	}
	if (util_empty(own->clause)) {
		free(own->clause);
		own->clause = xstrdup(parent->clause);
	}
	if (own->dflt == NULL && parent->dflt != NULL)
		own->dflt = xstrdup(parent->dflt);
}

/* The effective parameters: the parent's, then this pack's own, where
 * redeclaring a parent's parameter must say override = true. */
static int
pack_params_merge(struct pack_info *pi, const char *file, struct error *e)
{
	const struct pack_info *par = pi->parent;
	size_t n = par ? par->nparams : 0, own = pi->nparams;
	struct pack_param *all = xcalloc(n + own + 1, sizeof *all);
	int rc = 0;

	for (size_t i = 0; i < n; i++)
		pack_param_copy(&all[i], &par->params[i]);
	for (size_t j = 0; j < own; j++) {
		struct pack_param *pp = &pi->params[j];
		size_t k;

		for (k = 0; k < n && strcmp(all[k].name, pp->name) != 0; k++)
			;
		if (k < n && !pp->override && rc == 0)
			rc = error_set(e, EXIT_USAGE, "%s: parameter %s is already declared by pack"
			    " %s; say override = true to replace it", file, pp->name, all[k].origin);
		else if (k == n && pp->override && rc == 0)
			rc = error_set(e, EXIT_USAGE, "%s: parameter %s overrides nothing (pack %s"
			    " extends %s)", file, pp->name, pi->id,
			    util_empty(pi->extends) ? "no pack" : pi->extends);
		if (k < n) {
			pack_param_override(pp, &all[k]);
			pack_param_free(&all[k]);
			all[k] = *pp;
		} else {
			all[n++] = *pp;
		}
		memset(pp, 0, sizeof *pp);
	}
	free(pi->params);
	pi->params = all;
	pi->nparams = n;
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (strcmp(all[i].origin, pi->id) == 0)
			rc = pack_param_check(&all[i], file, e);
	return rc;
}

/* A pack offers its parent's reports and its own. */
static void
pack_reports_merge(struct pack_info *pi)
{
	const struct pack_info *par = pi->parent;

	for (size_t i = 0; par && i < par->nreports; i++) {
		size_t j;

		for (j = 0; j < pi->nreports && strcmp(pi->reports[j], par->reports[i]) != 0; j++)
			;
		if (j < pi->nreports)
			continue;
		pi->reports = xrealloc(pi->reports, (pi->nreports + 1) * sizeof *pi->reports);
		pi->reports[pi->nreports++] = xstrdup(par->reports[i]);
	}
}

int
pack_info_read(const char *dir, struct pack_info *pi, struct error *e)
{
	return pack_info_read_chain(dir, pi, "", 0, e);
}

/* Read DIR's pack.conf; CHAIN lists the ids of the packs that extend it
 * (to catch a cycle), DEPTH how many. */
static int
pack_info_read_chain(const char *dir, struct pack_info *pi, const char *chain, int depth,
    struct error *e)
{
	cfg_opt_t since_opts[] = {
		CFG_STR("value", NULL, CFGF_NODEFAULT),
		CFG_STR("clause", NULL, CFGF_NONE),
		CFG_END()
	};
	cfg_opt_t param_opts[] = {
		CFG_STR("type", NULL, CFGF_NODEFAULT),
		CFG_STR("default", NULL, CFGF_NODEFAULT),
		CFG_FLOAT("min", 0, CFGF_NODEFAULT),
		CFG_FLOAT("max", 0, CFGF_NODEFAULT),
		CFG_STR("description", NULL, CFGF_NONE),
		CFG_STR("clause", NULL, CFGF_NONE),
		CFG_BOOL("override", cfg_false, CFGF_NONE),
		CFG_SEC("since", since_opts, CFGF_MULTI | CFGF_TITLE | CFGF_NO_TITLE_DUPES),
		CFG_END()
	};
	cfg_opt_t opts[] = {
		CFG_STR("id", NULL, CFGF_NONE), CFG_STR("name", NULL, CFGF_NONE),
		CFG_STR("version", NULL, CFGF_NONE), CFG_STR("issuer", "", CFGF_NONE),
		CFG_STR("document", "", CFGF_NONE), CFG_STR("effective_from", "", CFGF_NONE),
		CFG_STR("effective_to", "", CFGF_NONE), CFG_STR("extends", "", CFGF_NONE),
		CFG_INT("api", 1, CFGF_NONE),
		CFG_STR_LIST("files", "{rules.lua}", CFGF_NONE),
		CFG_STR_LIST("reports", "{results}", CFGF_NONE),
		CFG_SEC("parameter", param_opts, CFGF_MULTI | CFGF_TITLE | CFGF_NO_TITLE_DUPES),
		CFG_END()
	};
	char *file = xasprintf("%s/pack.conf", dir);
	cfg_t *cfg = cfg_init(opts, CFGF_NONE);
	int rc = -1;

	memset(pi, 0, sizeof *pi);
	pi->dir = xstrdup(dir);
	if (config_parse(cfg, file, e) != 0)
		goto out;
	pi->id = pack_strdup_opt(cfg, "id");
	pi->name = pack_strdup_opt(cfg, "name");
	pi->version = pack_strdup_opt(cfg, "version");
	pi->issuer = pack_strdup_opt(cfg, "issuer");
	pi->document = pack_strdup_opt(cfg, "document");
	pi->effective_from = pack_strdup_opt(cfg, "effective_from");
	pi->effective_to = pack_strdup_opt(cfg, "effective_to");
	pi->extends = pack_strdup_opt(cfg, "extends");
	pi->api = (int)cfg_getint(cfg, "api");
	pi->files = pack_list(cfg, "files", &pi->nfiles);
	pi->reports = pack_list(cfg, "reports", &pi->nreports);
	pi->nparams = cfg_size(cfg, "parameter");
	pi->params = xcalloc(pi->nparams ? pi->nparams : 1, sizeof *pi->params);
	for (size_t i = 0; i < pi->nparams; i++)
		if (pack_param_read(cfg_getnsec(cfg, "parameter", (unsigned)i), &pi->params[i],
		    file, pi->id, e) != 0)
			goto out;
	if (pack_info_check(pi, file, e) != 0 ||
	    pack_parent_read(pi, chain, depth, e) != 0 ||
	    pack_params_merge(pi, file, e) != 0 || pack_hash(pi, e) != 0)
		goto out;
	pack_reports_merge(pi);
	/* Trust (trust.c): a sealed pack whose files no longer match its
	 * MANIFEST, or a pack the configured policy does not trust, is
	 * refused here, where every pack is read, parents included. */
	if (trust_check(dir, pi->id, e) != 0)
		goto out;
	rc = 0;
out:
	cfg_free(cfg);
	free(file);
	if (rc != 0)
		pack_info_free(pi);
	return rc;
}

static void
pack_free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void
pack_param_free(struct pack_param *pp)
{
	free(pp->name);
	free(pp->dflt);
	free(pp->description);
	free(pp->clause);
	free(pp->origin);
	for (size_t j = 0; j < pp->ndated; j++) {
		free(pp->dated[j].value);
		free(pp->dated[j].clause);
	}
	free(pp->dated);
	memset(pp, 0, sizeof *pp);
}

void
pack_info_free(struct pack_info *pi)
{
	for (size_t i = 0; i < pi->nparams; i++)
		pack_param_free(&pi->params[i]);
	free(pi->params);
	pack_free_list(pi->files, pi->nfiles);
	pack_free_list(pi->reports, pi->nreports);
	free(pi->dir);
	free(pi->id);
	free(pi->name);
	free(pi->version);
	free(pi->issuer);
	free(pi->document);
	free(pi->effective_from);
	free(pi->effective_to);
	free(pi->extends);
	if (pi->parent) {
		pack_info_free(pi->parent);
		free(pi->parent);
	}
	memset(pi, 0, sizeof *pi);
}

static int
pack_is_dir_with_conf(const char *dir)
{
	char *conf = xasprintf("%s/pack.conf", dir);
	struct stat st;
	int ok = stat(conf, &st) == 0 && S_ISREG(st.st_mode);

	free(conf);
	return ok;
}

int
pack_find(const struct config *cfg, const char *id, char **dir, struct error *e)
{
	/* A path names a pack folder directly (pack test DIR, policy staff's
	 * edited copy); an id is looked up in the pack path. */
	if (strchr(id, '/') != NULL) {
		if (!pack_is_dir_with_conf(id))
			return error_set(e, EXIT_USAGE, tr("%s: not a pack folder (no pack.conf)",
			    "%s: 不是规则包目录（缺少 pack.conf）"), id);
		*dir = xstrdup(id);
		return 0;
	}
	for (size_t i = 0; i < cfg->npack_path; i++) {
		char *d = xasprintf("%s/%s", cfg->pack_path[i], id);

		if (pack_is_dir_with_conf(d)) {
			*dir = d;
			return 0;
		}
		free(d);
	}
	return error_set(e, EXIT_USAGE, tr("unknown pack '%s' (see 'baodao pack list')",
	    "规则包 '%s' 不存在（见 'baodao pack list'）"), id);
}

static int
pack_name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void
pack_each(const struct config *cfg, void (*fn)(const struct pack_info *, void *), void *arg)
{
	for (size_t i = 0; i < cfg->npack_path; i++) {
		DIR *d = opendir(cfg->pack_path[i]);
		struct dirent *de;
		char **names = NULL;
		size_t n = 0;

		if (d == NULL)
			continue;
		while ((de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			names = xrealloc(names, (n + 1) * sizeof *names);
			names[n++] = xasprintf("%s/%s", cfg->pack_path[i], de->d_name);
		}
		closedir(d);
		qsort(names, n, sizeof *names, pack_name_cmp);
		for (size_t j = 0; j < n; j++) {
			struct pack_info pi;
			struct error e = { 0 };

			if (pack_is_dir_with_conf(names[j]) && pack_info_read(names[j], &pi, &e) == 0) {
				fn(&pi, arg);
				pack_info_free(&pi);
			}
		}
		pack_free_list(names, n);
	}
}

/* ---- parameters in force ---- */

static const char *
pack_param_in_force(const struct pack_param *pp, const char *as_of)
{
	const char *v = pp->dflt;

	for (size_t i = 0; i < pp->ndated; i++)
		if (strcmp(pp->dated[i].from, as_of) <= 0)
			v = pp->dated[i].value;
	return v;
}

static void
pack_params_resolve(struct pack *p, const char *as_of)
{
	const struct pack_info *pi = p->info;

	view_schema_init(&p->param_schema, "parameter");
	p->param_values = xcalloc(pi->nparams ? pi->nparams : 1, sizeof *p->param_values);
	p->param_text = xcalloc(pi->nparams ? pi->nparams : 1, sizeof *p->param_text);
	for (size_t i = 0; i < pi->nparams; i++) {
		const struct pack_param *pp = &pi->params[i];
		const char *v = pack_param_in_force(pp, as_of);
		struct view_value *val = &p->param_values[i];

		view_schema_add(&p->param_schema, pp->name);
		switch (pp->type) {
		case PARAM_INT:
			view_set_int(val, strtoll(v, NULL, 10));
			break;
		case PARAM_NUMBER:
			view_set_num(val, strtod(v, NULL));
			break;
		case PARAM_BOOL:
			view_set_bool(val, strcmp(v, "true") == 0);
			break;
		default:
			p->param_text[i] = xstrdup(v);
			view_set_str(val, p->param_text[i]);
			break;
		}
	}
}

/* ---- the pack API, as seen from Lua ---- */

static double pack_band_bound(lua_State *L, struct pack *p, const char *what);

static struct pack *
pack_self(lua_State *L)
{
	return lua_touserdata(L, lua_upvalueindex(1));
}

/* The declaration functions exist only while the pack loads. */
static void
pack_check_loading(lua_State *L, struct pack *p, const char *what)
{
	if (sandbox_sealed(p->sb))
		luaL_error(L, "%s can only be declared while the pack loads", what);
}

/* fact "name" { ... }: the inner call. */
static int
pack_fact_body(lua_State *L)
{
	struct pack *p = pack_self(L);
	const char *name = lua_tostring(L, lua_upvalueindex(2));
	char err[256];

	pack_check_loading(L, p, "facts");
	luaL_checktype(L, 1, LUA_TTABLE);
	if (facts_declare(&p->plan, L, 1, name, err, sizeof err) != 0)
		return luaL_error(L, "fact '%s': %s", name, err);
	return 0;
}

/* Curry NAME: fact "x" returns the function that takes the table. */
static int
pack_curry(lua_State *L, lua_CFunction body)
{
	luaL_checkstring(L, 1);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushvalue(L, 1);
	lua_pushcclosure(L, body, 2);
	return 1;
}

static int
pack_fact(lua_State *L)
{
	return pack_curry(L, pack_fact_body);
}

static const char *const pack_req_keys[] = {
	"title", "clause", "reading", "level", "kinds", "applies", "check", "override",
	"points", NULL
};

static int
pack_id_ok(const char *id)
{
	const char *dot = strchr(id, '.');

	if (dot == NULL || dot == id || dot[1] == '\0')
		return 0;
	for (const char *c = id; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_' ||
		    *c == '.'))
			return 0;
	return 1;
}

static char *
pack_req_string(lua_State *L, const char *what, const char *id, const char *key,
    int required)
{
	const char *v;

	lua_getfield(L, 1, key);
	v = lua_tostring(L, -1);
	if (lua_type(L, -1) != LUA_TSTRING || (required && *v == '\0')) {
		if (required || !lua_isnil(L, -1))
			luaL_error(L, "%s '%s': %s must be a%s string", what, id, key,
			    required ? " non-empty" : "");
		lua_pop(L, 1);
		return NULL;
	}
	v = xstrdup(v);
	lua_pop(L, 1);
	return (char *)v;
}

static int
pack_req_function(lua_State *L, const char *what, const char *id, const char *key,
    int required)
{
	lua_getfield(L, 1, key);
	if (lua_isnil(L, -1) && !required) {
		lua_pop(L, 1);
		return LUA_NOREF;
	}
	if (!lua_isfunction(L, -1))
		luaL_error(L, "%s '%s': %s must be a function", what, id, key);
	return luaL_ref(L, LUA_REGISTRYINDEX);
}

/* Which org kinds an org-level requirement is evaluated for. */
static unsigned
pack_req_kinds(lua_State *L, const char *id)
{
	unsigned kinds = 0;

	if (lua_getfield(L, 1, "kinds") == LUA_TNIL) {
		lua_pop(L, 1);
		return 1u << ORG_UNIT;
	}
	luaL_checktype(L, -1, LUA_TTABLE);
	for (lua_Integer i = 1; i <= (lua_Integer)lua_rawlen(L, -1); i++) {
		int k;

		lua_rawgeti(L, -1, i);
		k = lua_type(L, -1) == LUA_TSTRING ? facts_org_kind(lua_tostring(L, -1)) : -1;
		if (k < 0)
			luaL_error(L, "requirement '%s': kinds lists org kinds (unit, branch,"
			    " community, ...)", id);
		kinds |= 1u << k;
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	return kinds;
}

/* Unknown keys are typos (claus, chek): refuse them. */
static void
pack_req_keys_check(lua_State *L, const char *id)
{
	lua_pushnil(L);
	while (lua_next(L, 1)) {
		const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : "?";
		int known = 0;

		for (int i = 0; pack_req_keys[i]; i++)
			known |= strcmp(pack_req_keys[i], k) == 0;
		if (!known)
			luaL_error(L, "requirement '%s': unknown key '%s'", id, k);
		lua_pop(L, 1);
	}
}

/* Free what a check owns but its name (an override keeps the name). */
static void
pack_check_clear(struct pack_check *c)
{
	free(c->title);
	free(c->clause);
	free(c->field);
	free(c->origin);
	c->title = c->clause = c->field = c->origin = NULL;
}

/* Free what a requirement owns but its id (an override keeps the id). */
static void
pack_req_clear(struct pack_req *r)
{
	free(r->title);
	free(r->clause);
	free(r->reading);
	free(r->origin);
	r->title = r->clause = r->reading = r->origin = NULL;
}

static int
pack_wants_override(lua_State *L)
{
	int yes;

	lua_getfield(L, 1, "override");
	yes = lua_toboolean(L, -1);
	lua_pop(L, 1);
	return yes;
}

/* Where requirement ID goes: a new slot, or, with override = true, the
 * slot of the parent's requirement it replaces (keeping its place, so
 * reports keep their column order).  Redefining without override, and
 * overriding what does not exist, are errors. */
static struct pack_req *
pack_req_slot(lua_State *L, struct pack *p, const char *id)
{
	int over = pack_wants_override(L);
	struct pack_req *r = NULL;

	for (size_t i = 0; i < p->nreqs; i++)
		if (strcmp(p->reqs[i].id, id) == 0)
			r = &p->reqs[i];
	if (r && !over)
		luaL_error(L, "requirement '%s' is already declared by pack %s; add"
		    " override = true to replace it", id, r->origin);
	if (!r && over)
		luaL_error(L, "requirement '%s' overrides nothing", id);
	if (r) {
		pack_req_clear(r);
	} else {
		/* Added before it is filled in, so pack_free() owns whatever a
		 * failing field leaves behind. */
		p->reqs = xrealloc(p->reqs, (p->nreqs + 1) * sizeof *p->reqs);
		r = &p->reqs[p->nreqs++];
		memset(r, 0, sizeof *r);
		r->id = xstrdup(id);
	}
	r->origin = xstrdup(p->loading->id);
	r->check_ref = r->applies_ref = LUA_NOREF;
	return r;
}

static int
pack_requirement_body(lua_State *L)
{
	struct pack *p = pack_self(L);
	const char *id = lua_tostring(L, lua_upvalueindex(2));
	struct pack_req *r;
	char *level;

	pack_check_loading(L, p, "requirements");
	luaL_checktype(L, 1, LUA_TTABLE);
	if (!pack_id_ok(id))
		return luaL_error(L, "requirement '%s': an id is PACK.NAME in lower case", id);
	pack_req_keys_check(L, id);
	r = pack_req_slot(L, p, id);
	level = pack_req_string(L, "requirement", id, "level", 0);
	if (level && strcmp(level, "member") != 0 && strcmp(level, "org") != 0) {
		free(level);
		return luaL_error(L, "requirement '%s': level is \"member\" or \"org\"", id);
	}
	r->level = level && strcmp(level, "org") == 0 ? LEVEL_ORG : LEVEL_MEMBER;
	free(level);
	r->kinds = r->level == LEVEL_ORG ? pack_req_kinds(L, id) : 0;
	r->title = pack_req_string(L, "requirement", id, "title", 1);
	r->clause = pack_req_string(L, "requirement", id, "clause", 1);
	r->reading = pack_req_string(L, "requirement", id, "reading", 0);
	r->check_ref = pack_req_function(L, "requirement", id, "check", 1);
	r->applies_ref = pack_req_function(L, "requirement", id, "applies", 0);
	if (lua_getfield(L, 1, "points") != LUA_TNIL) {
		char what[300];

		snprintf(what, sizeof what, "requirement '%s': points", id);
		r->points = pack_band_bound(L, p, what);
		r->has_points = 1;
		p->any_points = 1;
	}
	lua_pop(L, 1);
	return 0;
}

static int
pack_requirement(lua_State *L)
{
	return pack_curry(L, pack_requirement_body);
}

/* score(fn), award(fn): one hook each; a pack that extends another
 * replaces its parent's with score(fn, "override"). */
static int
pack_hook(lua_State *L, int *ref, const char *what)
{
	struct pack *p = pack_self(L);
	int over = lua_isstring(L, 2) && strcmp(lua_tostring(L, 2), "override") == 0;

	pack_check_loading(L, p, what);
	luaL_checktype(L, 1, LUA_TFUNCTION);
	if (*ref != LUA_NOREF && !over)
		return luaL_error(L, "%s is already declared; call %s(fn, \"override\") to"
		    " replace it", what, what);
	if (*ref == LUA_NOREF && over)
		return luaL_error(L, "%s overrides nothing", what);
	lua_pushvalue(L, 1);
	*ref = luaL_ref(L, LUA_REGISTRYINDEX);
	return 0;
}

static int
pack_score(lua_State *L)
{
	return pack_hook(L, &pack_self(L)->score_ref, "score");
}

static int
pack_award(lua_State *L)
{
	return pack_hook(L, &pack_self(L)->award_ref, "award");
}

/* A band's lower bound: a number, or the name of a numeric parameter. */
static double
pack_band_bound(lua_State *L, struct pack *p, const char *what)
{
	long slot;

	if (lua_type(L, -1) == LUA_TNUMBER)
		return lua_tonumber(L, -1);
	if (lua_type(L, -1) != LUA_TSTRING)
		luaL_error(L, "%s: a number or a parameter name is needed", what);
	slot = view_schema_find(&p->param_schema, lua_tostring(L, -1));
	if (slot < 0 || (p->param_values[slot].type != VIEW_INT &&
	    p->param_values[slot].type != VIEW_NUM))
		luaL_error(L, "%s: '%s' is not a numeric parameter of the pack", what,
		    lua_tostring(L, -1));
	return p->param_values[slot].type == VIEW_INT ?
	    (double)p->param_values[slot].i : p->param_values[slot].n;
}

/* bands = { {NAME, BOUND}, ... } in rising order of bound. */
static void
pack_bands(lua_State *L, struct pack *p, const char *what, struct pack_band **out,
    size_t *nout)
{
	size_t n;

	if (lua_getfield(L, 1, "bands") != LUA_TTABLE)
		luaL_error(L, "%s needs bands = { {name, from}, ... }", what);
	n = lua_rawlen(L, -1);
	if (n == 0)
		luaL_error(L, "%s needs at least one band", what);
	*out = xcalloc(n, sizeof **out);
	for (size_t i = 0; i < n; i++) {
		struct pack_band *b = &(*out)[i];

		lua_rawgeti(L, -1, (lua_Integer)i + 1);
		luaL_checktype(L, -1, LUA_TTABLE);
		lua_rawgeti(L, -1, 1);
		if (!lua_isstring(L, -1))
			luaL_error(L, "%s bands: band %d needs a name", what, (int)i + 1);
		b->name = xstrdup(lua_tostring(L, -1));
		*nout = i + 1;
		lua_pop(L, 1);
		lua_rawgeti(L, -1, 2);
		b->from = pack_band_bound(L, p, what[0] == 'g' ? "grade bands" : "stars bands");
		lua_pop(L, 2);
		if (i > 0 && b->from <= (*out)[i - 1].from)
			luaL_error(L, "%s bands must rise: '%s' starts at %f, not above '%s' at %f",
			    what, b->name, (lua_Number)b->from, (*out)[i - 1].name,
			    (lua_Number)(*out)[i - 1].from);
	}
	lua_pop(L, 1);
}

/* Bands are declared once; a pack that extends another replaces its
 * parent's with override = true. */
static void
pack_bands_replace(lua_State *L, const char *what, struct pack_band **b, size_t *n)
{
	int over = pack_wants_override(L);

	if (*b && !over)
		luaL_error(L, "%s is already declared; add override = true to replace it", what);
	if (!*b && over)
		luaL_error(L, "%s overrides nothing", what);
	for (size_t i = 0; i < *n; i++)
		free((*b)[i].name);
	free(*b);
	*b = NULL;
	*n = 0;
}

static int
pack_grade(lua_State *L)
{
	struct pack *p = pack_self(L);

	pack_check_loading(L, p, "grade");
	luaL_checktype(L, 1, LUA_TTABLE);
	pack_bands_replace(L, "grade", &p->grades, &p->ngrades);
	pack_bands(L, p, "grade", &p->grades, &p->ngrades);
	lua_getfield(L, 1, "cap");
	if (!lua_isnil(L, -1)) {
		luaL_checktype(L, -1, LUA_TFUNCTION);
		p->cap_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	} else {
		lua_pop(L, 1);
	}
	return 0;
}

static int
pack_stars(lua_State *L)
{
	struct pack *p = pack_self(L);

	pack_check_loading(L, p, "stars");
	luaL_checktype(L, 1, LUA_TTABLE);
	pack_bands_replace(L, "stars", &p->stars, &p->nstars);
	pack_bands(L, p, "stars", &p->stars, &p->nstars);
	for (size_t i = 0; i < p->nstars; i++) {
		const char *name = p->stars[i].name;

		if (name[0] < '0' || name[0] > '5' || name[1] != '\0')
			return luaL_error(L, "stars bands are named 0 to 5, not '%s'", name);
	}
	return 0;
}

static const char *const pack_records[] = { "member", "activity", "claim", NULL };

/* check "name" { record = "member", title, clause, field, test = fn }:
 * a record-level check that validate runs; an override replaces a
 * parent's check of the same name. */
static int
pack_check_body(lua_State *L)
{
	struct pack *p = pack_self(L);
	const char *name = lua_tostring(L, lua_upvalueindex(2));
	struct pack_check *c = NULL;
	int over, rec;

	pack_check_loading(L, p, "checks");
	luaL_checktype(L, 1, LUA_TTABLE);
	over = pack_wants_override(L);
	for (size_t i = 0; i < p->nchecks; i++)
		if (strcmp(p->checks[i].name, name) == 0)
			c = &p->checks[i];
	if (c && !over)
		return luaL_error(L, "check '%s' is already declared; add override = true to"
		    " replace it", name);
	if (!c && over)
		return luaL_error(L, "check '%s' overrides nothing", name);
	lua_getfield(L, 1, "record");
	for (rec = 0; pack_records[rec]; rec++)
		if (lua_type(L, -1) == LUA_TSTRING &&
		    strcmp(lua_tostring(L, -1), pack_records[rec]) == 0)
			break;
	if (pack_records[rec] == NULL)
		return luaL_error(L, "check '%s': record must be \"member\", \"activity\" or"
		    " \"claim\"", name);
	lua_pop(L, 1);
	if (c == NULL) {
		p->checks = xrealloc(p->checks, (p->nchecks + 1) * sizeof *p->checks);
		c = &p->checks[p->nchecks++];
		memset(c, 0, sizeof *c);
		c->name = xstrdup(name);
	}
	pack_check_clear(c);
	c->record = (enum pack_record)rec;
	c->origin = xstrdup(p->loading->id);
	c->title = pack_req_string(L, "check", name, "title", 1);
	c->clause = pack_req_string(L, "check", name, "clause", 1);
	c->field = pack_req_string(L, "check", name, "field", 1);
	c->test_ref = pack_req_function(L, "check", name, "test", 1);
	return 0;
}

static int
pack_check(lua_State *L)
{
	return pack_curry(L, pack_check_body);
}

static const char *const pack_rows_names[] = { "member", "activity", "org", "pairing",
	"ledger", "wish", NULL };

static void
pack_form_clear(struct pack_form *f)
{
	for (size_t i = 0; i < f->ncols; i++) {
		free(f->cols[i].header);
		free(f->cols[i].field);
	}
	free(f->cols);
	for (size_t i = 0; i < f->nfacts; i++)
		free(f->facts[i]);
	free(f->facts);
	free(f->fact_slots);
	f->facts = NULL;
	f->fact_slots = NULL;
	f->nfacts = 0;
	free(f->title);
	free(f->clause);
	free(f->origin);
	f->cols = NULL;
	f->ncols = 0;
	f->title = f->clause = f->origin = NULL;
}

/* One column: { "header", "field" | function [, personal = true] }. */
static void
pack_form_column(lua_State *L, const char *name, struct pack_column *col, int n)
{
	luaL_checktype(L, -1, LUA_TTABLE);
	lua_rawgeti(L, -1, 1);
	if (lua_type(L, -1) != LUA_TSTRING)
		luaL_error(L, "form '%s': column %d needs a header", name, n);
	col->header = xstrdup(lua_tostring(L, -1));
	lua_pop(L, 1);
	col->fn_ref = LUA_NOREF;
	lua_rawgeti(L, -1, 2);
	if (lua_type(L, -1) == LUA_TSTRING) {
		col->field = xstrdup(lua_tostring(L, -1));
		lua_pop(L, 1);
	} else if (lua_isfunction(L, -1)) {
		col->fn_ref = luaL_ref(L, LUA_REGISTRYINDEX);
	} else {
		luaL_error(L, "form '%s': column '%s' needs a field name or a function", name,
		    col->header);
	}
	lua_getfield(L, -1, "personal");
	col->personal = lua_toboolean(L, -1);
	lua_pop(L, 1);
}

enum facts_record
pack_form_record(const struct pack_form *f)
{
	return f->rows == ROWS_PAIRING ? FACTS_REC_PAIRING : f->rows == ROWS_LEDGER ?
	    FACTS_REC_LEDGER : f->rows == ROWS_WISH ? FACTS_REC_WISH : FACTS_REC_ACTIVITY;
}

/* A field column must name a field the rows have: checked now, not when
 * a clerk prints the form. */
static void
pack_form_fields(lua_State *L, const struct pack_form *f)
{
	const struct view_schema *s = f->rows == ROWS_MEMBER ? facts_member_schema() :
	    f->rows == ROWS_ORG ? facts_org_schema() : facts_record_schema(pack_form_record(f));

	for (size_t i = 0; i < f->ncols; i++)
		if (f->cols[i].field && view_schema_find(s, f->cols[i].field) < 0)
			luaL_error(L, "form '%s': column '%s': %s has no field '%s'", f->name,
			    f->cols[i].header, s->what, f->cols[i].field);
}

/* facts = { "name", ... }: the facts a member or org form's functions
 * read, which the run stores for it.  Checked against the pack's facts
 * when loading ends (pack_forms_resolve), as facts may be declared later. */
static void
pack_form_facts(lua_State *L, struct pack_form *f)
{
	size_t n;

	if (lua_getfield(L, 1, "facts") == LUA_TNIL) {
		lua_pop(L, 1);
		return;
	}
	if (!lua_istable(L, -1))
		luaL_error(L, "form '%s': facts must be a list of fact names", f->name);
	if (f->rows != ROWS_MEMBER && f->rows != ROWS_ORG)
		luaL_error(L, "form '%s': only member and org forms read facts", f->name);
	n = lua_rawlen(L, -1);
	f->facts = xcalloc(n + 1, sizeof *f->facts);
	f->fact_slots = xcalloc(n + 1, sizeof *f->fact_slots);
	for (size_t i = 0; i < n; i++) {
		lua_rawgeti(L, -1, (lua_Integer)i + 1);
		if (lua_type(L, -1) != LUA_TSTRING)
			luaL_error(L, "form '%s': facts must be a list of fact names", f->name);
		f->facts[f->nfacts++] = xstrdup(lua_tostring(L, -1));
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
}

/* Every name in a form's facts list is a fact of the form's level. */
static int
pack_forms_resolve(struct pack *p, struct error *e)
{
	for (size_t i = 0; i < p->nforms; i++) {
		struct pack_form *f = &p->forms[i];
		const struct view_schema *s = f->rows == ROWS_ORG ? &p->plan.org_schema :
		    &p->plan.member_schema;

		for (size_t k = 0; k < f->nfacts; k++) {
			long slot = view_schema_find(s, f->facts[k]);

			if (slot < 0)
				return error_set(e, EXIT_USAGE, "pack %s: form '%s': facts: no %s-level"
				    " fact '%s'", p->info->id, f->name,
				    f->rows == ROWS_ORG ? "org" : "member", f->facts[k]);
			f->fact_slots[k] = (size_t)slot;
		}
	}
	return 0;
}

/* form "name" { title, clause, rows = "member"|"activity"|"org", kinds, facts,
 * columns = { {header, field or function [, personal = true]}, ... } }. */
static int
pack_form_body(lua_State *L)
{
	struct pack *p = pack_self(L);
	const char *name = lua_tostring(L, lua_upvalueindex(2));
	struct pack_form *f = NULL;
	int over, rows;
	size_t n;

	pack_check_loading(L, p, "forms");
	luaL_checktype(L, 1, LUA_TTABLE);
	over = pack_wants_override(L);
	for (size_t i = 0; i < p->nforms; i++)
		if (strcmp(p->forms[i].name, name) == 0)
			f = &p->forms[i];
	if (f && !over)
		return luaL_error(L, "form '%s' is already declared; add override = true to"
		    " replace it", name);
	if (!f && over)
		return luaL_error(L, "form '%s' overrides nothing", name);
	lua_getfield(L, 1, "rows");
	for (rows = 0; pack_rows_names[rows]; rows++)
		if (lua_type(L, -1) == LUA_TSTRING &&
		    strcmp(lua_tostring(L, -1), pack_rows_names[rows]) == 0)
			break;
	if (pack_rows_names[rows] == NULL)
		return luaL_error(L, "form '%s': rows must be member, activity, org, pairing,"
		    " ledger or wish", name);
	lua_pop(L, 1);
	if (f == NULL) {
		p->forms = xrealloc(p->forms, (p->nforms + 1) * sizeof *p->forms);
		f = &p->forms[p->nforms++];
		memset(f, 0, sizeof *f);
		f->name = xstrdup(name);
	}
	pack_form_clear(f);
	f->rows = (enum pack_rows)rows;
	f->origin = xstrdup(p->loading->id);
	f->title = pack_req_string(L, "form", name, "title", 1);
	f->clause = pack_req_string(L, "form", name, "clause", 1);
	f->kinds = f->rows == ROWS_ORG ? pack_req_kinds(L, name) : 0;
	f->when_ref = pack_req_function(L, "form", name, "when", 0);
	f->order_ref = pack_req_function(L, "form", name, "order", 0);
	f->top = 0;
	if (lua_getfield(L, 1, "top") != LUA_TNIL) {
		char what[300];

		snprintf(what, sizeof what, "form '%s': top", name);
		f->top = pack_band_bound(L, p, what);
		if (f->order_ref == LUA_NOREF || f->top < 1)
			luaL_error(L, "form '%s': top needs order and a count of at least 1", name);
	}
	lua_pop(L, 1);
	if (lua_getfield(L, 1, "columns") != LUA_TTABLE || (n = lua_rawlen(L, -1)) == 0)
		return luaL_error(L, "form '%s' needs columns = { {header, field}, ... }", name);
	f->cols = xcalloc(n, sizeof *f->cols);
	for (size_t i = 0; i < n; i++) {
		lua_rawgeti(L, -1, (lua_Integer)i + 1);
		f->ncols = i + 1;
		pack_form_column(L, name, &f->cols[i], (int)i + 1);
		lua_pop(L, 1);
	}
	lua_pop(L, 1);
	pack_form_fields(L, f);
	pack_form_facts(L, f);
	return 0;
}

static int
pack_form(lua_State *L)
{
	return pack_curry(L, pack_form_body);
}

static const luaL_Reg pack_api[] = {
	{ "fact", pack_fact },
	{ "form", pack_form },
	{ "check", pack_check },
	{ "requirement", pack_requirement },
	{ "score", pack_score },
	{ "grade", pack_grade },
	{ "stars", pack_stars },
	{ "award", pack_award },
	{ NULL, NULL }
};

/* ---- loading ---- */

/* The declaration functions and `period` become globals of the sandbox. */
static void
pack_install_api(struct pack *p, const struct facts_period *per)
{
	lua_State *L = sandbox_lua(p->sb);

	lua_pushglobaltable(L);
	lua_pushlightuserdata(L, p);
	luaL_setfuncs(L, pack_api, 1);
	lua_createtable(L, 0, 4);
	lua_pushinteger(L, per->year);
	lua_setfield(L, -2, "year");
	lua_pushstring(L, per->start);
	lua_setfield(L, -2, "year_start");
	lua_pushfstring(L, "%d-12-31", per->year);
	lua_setfield(L, -2, "year_end");
	lua_pushstring(L, per->as_of);
	lua_setfield(L, -2, "as_of");
	lua_setfield(L, -2, "period");
	lua_pop(L, 1);
}

/* Run one pack's Lua files, in the order its pack.conf lists them. */
static int
pack_run_own_files(struct pack *p, const struct pack_info *pi, struct error *e)
{
	p->loading = pi;
	for (size_t i = 0; i < pi->nfiles; i++) {
		char *path = xasprintf("%s/%s", pi->dir, pi->files[i]);
		size_t len;
		char *text = util_read_file(path, &len, e);
		struct error le = { 0 };
		int rc;

		free(path);
		if (text == NULL)
			return -1;
		rc = sandbox_load(p->sb, pi->files[i], text, len, &le);
		free(text);
		if (rc != 0)
			return error_set(e, EXIT_USAGE, "pack %s: %s", pi->id, le.msg);
	}
	return 0;
}

/* The packs a pack extends run first, so its own files see, and may
 * override, everything they declared. */
static int
pack_run_files(struct pack *p, const struct pack_info *pi, struct error *e)
{
	if (pi->parent && pack_run_files(p, pi->parent, e) != 0)
		return -1;
	return pack_run_own_files(p, pi, e);
}

/* Every function the core will call is frozen with what it closes over. */
static void
pack_freeze_refs(struct pack *p)
{
	lua_State *L = sandbox_lua(p->sb);
	int refs[3] = { p->score_ref, p->award_ref, p->cap_ref };

	for (size_t i = 0; i < p->nreqs; i++) {
		lua_rawgeti(L, LUA_REGISTRYINDEX, p->reqs[i].check_ref);
		sandbox_freeze(p->sb, -1);
		lua_pop(L, 1);
		if (p->reqs[i].applies_ref != LUA_NOREF) {
			lua_rawgeti(L, LUA_REGISTRYINDEX, p->reqs[i].applies_ref);
			sandbox_freeze(p->sb, -1);
			lua_pop(L, 1);
		}
	}
	for (size_t i = 0; i < p->nchecks; i++) {
		lua_rawgeti(L, LUA_REGISTRYINDEX, p->checks[i].test_ref);
		sandbox_freeze(p->sb, -1);
		lua_pop(L, 1);
	}
	for (size_t i = 0; i < p->nforms; i++) {
		int hooks[2] = { p->forms[i].when_ref, p->forms[i].order_ref };

		for (int h = 0; h < 2; h++)
			if (hooks[h] != LUA_NOREF) {
				lua_rawgeti(L, LUA_REGISTRYINDEX, hooks[h]);
				sandbox_freeze(p->sb, -1);
				lua_pop(L, 1);
			}
		for (size_t j = 0; j < p->forms[i].ncols; j++)
			if (p->forms[i].cols[j].fn_ref != LUA_NOREF) {
				lua_rawgeti(L, LUA_REGISTRYINDEX, p->forms[i].cols[j].fn_ref);
				sandbox_freeze(p->sb, -1);
				lua_pop(L, 1);
			}
	}
	for (int i = 0; i < 3; i++)
		if (refs[i] != LUA_NOREF) {
			lua_rawgeti(L, LUA_REGISTRYINDEX, refs[i]);
			sandbox_freeze(p->sb, -1);
			lua_pop(L, 1);
		}
}

int
pack_load(struct pack *p, const struct pack_info *pi, const struct sandbox_limits *lim,
    const struct facts_period *per, struct error *e)
{
	memset(p, 0, sizeof *p);
	p->info = (struct pack_info *)pi;
	p->score_ref = p->award_ref = p->cap_ref = LUA_NOREF;
	facts_plan_init(&p->plan);
	pack_params_resolve(p, per->as_of);
	p->sb = sandbox_new(lim, e);
	if (p->sb == NULL)
		goto fail;
	sandbox_add_module(p->sb, "date", luaopen_date);
	sandbox_add_module(p->sb, "re", luaopen_re);
	pack_install_api(p, per);
	if (pack_run_files(p, pi, e) != 0)
		goto fail;
	if (p->nreqs == 0) {
		error_set(e, EXIT_USAGE, "pack %s declares no requirement", pi->id);
		goto fail;
	}
	if (pack_forms_resolve(p, e) != 0)
		goto fail;
	pack_freeze_refs(p);
	sandbox_seal(p->sb);
	return 0;
fail:
	pack_free(p);
	return -1;
}

void
pack_free(struct pack *p)
{
	for (size_t i = 0; i < p->nreqs; i++) {
		pack_req_clear(&p->reqs[i]);
		free(p->reqs[i].id);
	}
	free(p->reqs);
	for (size_t i = 0; i < p->nchecks; i++) {
		pack_check_clear(&p->checks[i]);
		free(p->checks[i].name);
	}
	free(p->checks);
	for (size_t i = 0; i < p->nforms; i++) {
		pack_form_clear(&p->forms[i]);
		free(p->forms[i].name);
	}
	free(p->forms);
	for (size_t i = 0; i < p->ngrades; i++)
		free(p->grades[i].name);
	for (size_t i = 0; i < p->nstars; i++)
		free(p->stars[i].name);
	free(p->grades);
	free(p->stars);
	if (p->info)
		for (size_t i = 0; i < p->info->nparams; i++)
			free(p->param_text ? p->param_text[i] : NULL);
	free(p->param_text);
	free(p->param_values);
	view_schema_free(&p->param_schema);
	facts_plan_free(&p->plan);
	if (p->sb)
		sandbox_free(p->sb);
	memset(p, 0, sizeof *p);
}

/* ---- parameters set from the command line (pack diff --set) ---- */

/* " in 0..365", " in 0..", " in ..1" or "": the range a value must be in. */
static void
pack_range_text(const struct pack_param *pp, char *buf, size_t n)
{
	char lo[32] = "", hi[32] = "";

	if (!pp->has_min && !pp->has_max) {
		buf[0] = '\0';
		return;
	}
	if (pp->has_min)
		snprintf(lo, sizeof lo, "%g", pp->min);
	if (pp->has_max)
		snprintf(hi, sizeof hi, "%g", pp->max);
	snprintf(buf, n, " in %s..%s", lo, hi);
}

/* The value now holds in every year: the dated values go. */
static void
pack_param_fix(struct pack_param *pp, const char *value)
{
	free(pp->dflt);
	pp->dflt = xstrdup(value);
	for (size_t j = 0; j < pp->ndated; j++) {
		free(pp->dated[j].value);
		free(pp->dated[j].clause);
	}
	pp->ndated = 0;
}

/* A modified pack must never pass for the pack as written: its version
 * says what was set, and its hash covers the assignment too. */
static void
pack_info_mark(struct pack_info *pi, const char *assignment)
{
	crypto_hash_sha256_state st;
	unsigned char out[crypto_hash_sha256_BYTES];
	char *version = xasprintf("%s+%s", pi->version, assignment);

	free(pi->version);
	pi->version = version;
	crypto_hash_sha256_init(&st);
	crypto_hash_sha256_update(&st, (const unsigned char *)pi->hash, strlen(pi->hash) + 1);
	crypto_hash_sha256_update(&st, (const unsigned char *)assignment, strlen(assignment));
	crypto_hash_sha256_final(&st, out);
	sodium_bin2hex(pi->hash, sizeof pi->hash, out, sizeof out);
}

int
pack_info_set(struct pack_info *pi, const char *assignment, struct error *e)
{
	const char *eq = strchr(assignment, '=');
	struct pack_param *pp = NULL;
	char range[80], *name;
	int rc = -1;

	if (eq == NULL || eq == assignment)
		return error_set(e, EXIT_USAGE, tr("--set '%s': expected PARAMETER=VALUE",
		    "--set '%s'：应为 参数=值"), assignment);
	name = xstrndup(assignment, (size_t)(eq - assignment));
	for (size_t i = 0; i < pi->nparams && pp == NULL; i++)
		if (strcmp(pi->params[i].name, name) == 0)
			pp = &pi->params[i];
	if (pp == NULL) {
		error_set(e, EXIT_USAGE, tr("pack %s has no parameter '%s'",
		    "规则包 %s 没有参数 '%s'"), pi->id, name);
	} else if (!pack_param_value_ok(pp, eq + 1, NULL)) {
		pack_range_text(pp, range, sizeof range);
		error_set(e, EXIT_USAGE, tr("pack %s: parameter %s: '%s' is not a valid %s%s",
		    "规则包 %s：参数 %s：'%s' 不是有效的 %s%s"), pi->id, name, eq + 1,
		    pack_ptype_names[pp->type], range);
	} else {
		pack_param_fix(pp, eq + 1);
		pack_info_mark(pi, assignment);
		rc = 0;
	}
	free(name);
	return rc;
}
