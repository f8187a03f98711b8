/*
 * pack_conf.c - a pack's description: finding packs in the pack path,
 * reading pack.conf (libconfuse) into a struct pack_info with the packs
 * it extends, merging their parameters and reports, checking parameters
 * and their dated values, the content hash that identifies what a run
 * evaluated with, and parameters set from the command line (pack diff
 * --set).  None of the pack's Lua code runs here.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "date.h"
#include "pack.h"
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
	case PACK_PARAM_INT:
		v = (double)strtoll(text, &end, 10);
		if (end == text || *end)
			return 0;
		break;
	case PACK_PARAM_NUMBER:
		v = strtod(text, &end);
		if (end == text || *end || !isfinite(v))
			return 0;
		break;
	case PACK_PARAM_BOOL:
		return strcmp(text, "true") == 0 || strcmp(text, "false") == 0;
	case PACK_PARAM_DATE:
		return date_parse(text, buf) == 0 && strcmp(buf, text) == 0;
	case PACK_PARAM_MONTH_DAY:
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

/*
 * One `vocabulary "KIND.COLUMN" { words = {...}  word W { aliases = {...} } }`
 * of pack.conf: the words a column whose words packs declare (record.h,
 * RECORD_T_VOCAB) may hold, with the spellings clerks type for them.
 */
static int
pack_vocab_read(cfg_t *sec, struct pack_info *pi, const char *file, struct error *e)
{
	const char *title = cfg_title(sec), *dot = strchr(title, '.');
	char *kind = xstrndup(title, dot ? (size_t)(dot - title) : strlen(title));
	const struct record_kind *k = record_kind(kind);
	int c = k && dot ? record_col_index(k, dot + 1) : -1;
	int rc = 0;

	if (c < 0 || k->cols[c].type != RECORD_T_VOCAB)
		rc = error_set(e, EXIT_USAGE, "%s: vocabulary %s: not a column whose words packs"
		    " declare (org_events.kind, member_events.kind)", file, title);
	for (unsigned i = 0; rc == 0 && i < cfg_size(sec, "words") + cfg_size(sec, "word"); i++) {
		unsigned nw = cfg_size(sec, "words");
		cfg_t *w = i < nw ? NULL : cfg_getnsec(sec, "word", i - nw);
		const char *word = w ? cfg_title(w) : cfg_getnstr(sec, "words", i);

		if (!record_is_word(word)) {
			rc = error_set(e, EXIT_USAGE, "%s: vocabulary %s: '%s' is not a lower-case"
			    " word ([a-z][a-z0-9_]*)", file, title, word);
			break;
		}
		record_vocab_add(&pi->vocab, kind, dot + 1, word, NULL, pi->id);
		for (unsigned j = 0; w && j < cfg_size(w, "aliases"); j++)
			record_vocab_add(&pi->vocab, kind, dot + 1, word,
			    cfg_getnstr(w, "aliases", j), pi->id);
	}
	free(kind);
	return rc;
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

/* An id (or the id extends names): a name the store and the pack path
 * use as a folder, so nothing that could step out of them. */
static int
pack_name_ok(const char *s)
{
	if (*s == '\0' || strlen(s) > 64)
		return 0;
	for (const char *c = s; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_'))
			return 0;
	return 1;
}

/* A version is a folder of the store too: [0-9A-Za-z][0-9A-Za-z._+-]*,
 * and no ".." anywhere. */
static int
pack_version_ok(const char *s)
{
	if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')) ||
	    strlen(s) > 64 || strstr(s, "..") != NULL)
		return 0;
	for (const char *c = s; *c; c++)
		if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z') ||
		    (*c >= 'A' && *c <= 'Z') || strchr("._+-", *c) != NULL))
			return 0;
	return 1;
}

static int
pack_info_check(struct pack_info *pi, const char *file, struct error *e)
{
	char iso[11];

	if (util_empty(pi->id) || util_empty(pi->name) || util_empty(pi->version))
		return error_set(e, EXIT_USAGE, "%s: id, name and version are required", file);
	if (!pack_name_ok(pi->id))
		return error_set(e, EXIT_USAGE, "%s: id '%s' must be lower-case letters,"
		    " digits and _", file, pi->id);
	if (!util_empty(pi->extends) && !pack_name_ok(pi->extends))
		return error_set(e, EXIT_USAGE, "%s: extends '%s' must be a pack id (lower-case"
		    " letters, digits and _)", file, pi->extends);
	if (!pack_version_ok(pi->version))
		return error_set(e, EXIT_USAGE, "%s: version '%s' must start with a letter or"
		    " digit and hold only letters, digits and . _ + - (no \"..\")", file,
		    pi->version);
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
 * travel together), then in the pack path.  A folder that a link leads
 * out of those places is not taken. */
static char *
pack_parent_dir(const struct pack_info *pi)
{
	char *up = xasprintf("%s/..", pi->dir);
	char *d = xasprintf("%s/%s", up, pi->extends);
	int in = pack_is_dir_with_conf(d) && util_path_inside(d, up);

	free(up);
	if (in)
		return d;
	free(d);
	for (size_t i = 0; i < pack_nsearch_dirs; i++) {
		d = xasprintf("%s/%s", pack_search_dirs[i], pi->extends);
		if (pack_is_dir_with_conf(d) && util_path_inside(d, pack_search_dirs[i]))
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

/*
 * libconfuse replaces ${VAR} and ${VAR:-default} in a file with the
 * environment's values: a pack would then read differently for each user
 * with the same hash, and could copy the environment into its outputs.
 * A pack.conf is refused when it holds "${" anywhere.
 */
static int
pack_conf_no_env(const char *file, struct error *e)
{
	FILE *fp = fopen(file, "r");
	char line[4096];
	int no = 0, rc = 0;

	if (fp == NULL)
		return 0;       /* config_parse() names the missing file */
	while (rc == 0 && fgets(line, sizeof line, fp) != NULL) {
		if (strchr(line, '\n') != NULL || feof(fp))
			no++;
		if (strstr(line, "${") != NULL)
			rc = error_set(e, EXIT_USAGE, tr("%s:%d: '${' is not allowed: a pack must"
			    " not read the environment", "%s:%d：不允许使用 '${'：规则包不能读取环境变量"),
			    file, no);
	}
	fclose(fp);
	return rc;
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
	cfg_opt_t word_opts[] = {
		CFG_STR_LIST("aliases", "{}", CFGF_NONE),
		CFG_END()
	};
	cfg_opt_t vocab_opts[] = {
		CFG_STR_LIST("words", "{}", CFGF_NONE),
		CFG_SEC("word", word_opts, CFGF_MULTI | CFGF_TITLE | CFGF_NO_TITLE_DUPES),
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
		CFG_SEC("vocabulary", vocab_opts, CFGF_MULTI | CFGF_TITLE | CFGF_NO_TITLE_DUPES),
		CFG_END()
	};
	char *file = xasprintf("%s/pack.conf", dir);
	cfg_t *cfg = cfg_init(opts, CFGF_NONE);
	int rc = -1;

	memset(pi, 0, sizeof *pi);
	pi->dir = xstrdup(dir);
	if (pack_conf_no_env(file, e) != 0 || config_parse(cfg, file, e) != 0)
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
	if (pack_info_check(pi, file, e) != 0)
		goto out;
	for (size_t i = 0; i < cfg_size(cfg, "vocabulary"); i++)
		if (pack_vocab_read(cfg_getnsec(cfg, "vocabulary", (unsigned)i), pi, file, e) != 0)
			goto out;
	/* Freed before the parent's pack.conf is read: libconfuse resets its
	 * lexer only there, and a file that ended inside a string or comment
	 * would leave the parent's cfg_init() to abort on its own defaults. */
	cfg_free(cfg);
	cfg = NULL;
	if (pack_parent_read(pi, chain, depth, e) != 0 ||
	    pack_params_merge(pi, file, e) != 0 || pack_hash(pi, e) != 0)
		goto out;
	pack_reports_merge(pi);
	/* A pack's vocabularies extend its parent's. */
	if (pi->parent != NULL)
		record_vocab_merge(&pi->vocab, &pi->parent->vocab);
	/* Trust (trust.c): a sealed pack whose files no longer match its
	 * MANIFEST, or a pack the configured policy does not trust, is
	 * refused here, where every pack is read, parents included. */
	if (trust_check(dir, pi->id, e) != 0)
		goto out;
	rc = 0;
out:
	if (cfg != NULL)
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
	record_vocab_free(&pi->vocab);
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
		if (n > 1)
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
