/*
 * pack.c - building a rule pack in a sandbox of its own: resolving the
 * parameters in force on the as-of date, running the pack's Lua files
 * (parents first) with the pack API (pack_api.c) installed, verifying
 * what they declared, freezing the functions the core will call and
 * sealing the sandbox.  pack_conf.c reads the description it builds from.
 *
 * Loading is all-or-nothing: a struct pack is either fully built (every
 * declaration checked, parameters resolved, sandbox sealed) or freed.
 */
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "date.h"
#include "pack.h"
#include "pack_int.h"
#include "regex.h"

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
		case PACK_PARAM_INT:
			view_set_int(val, strtoll(v, NULL, 10));
			break;
		case PACK_PARAM_NUMBER:
			view_set_num(val, strtod(v, NULL));
			break;
		case PACK_PARAM_BOOL:
			view_set_bool(val, strcmp(v, "true") == 0);
			break;
		default:
			p->param_text[i] = xstrdup(v);
			view_set_str(val, p->param_text[i]);
			break;
		}
	}
}

/* ---- loading ---- */

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
			return error_set(e, EXIT_USAGE, tr("pack %s: %s", "规则包 %s：%s"), pi->id,
			    le.msg);
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

/* Every name in a form's facts list is a fact of the form's level. */
static int
pack_forms_resolve(struct pack *p, struct error *e)
{
	for (size_t i = 0; i < p->nforms; i++) {
		struct pack_form *f = &p->forms[i];
		const struct view_schema *s = f->rows == PACK_ROWS_ORG ? &p->plan.org_schema :
		    &p->plan.member_schema;

		for (size_t k = 0; k < f->nfacts; k++) {
			long slot = view_schema_find(s, f->facts[k]);

			if (slot < 0)
				return error_set(e, EXIT_USAGE, "pack %s: form '%s': facts: no %s-level"
				    " fact '%s'", p->info->id, f->name,
				    f->rows == PACK_ROWS_ORG ? "org" : "member", f->facts[k]);
			f->fact_slots[k] = (size_t)slot;
		}
	}
	return 0;
}

/* Freeze the function REF names, with what it closes over; LUA_NOREF:
 * none. */
static void
pack_freeze_ref(struct pack *p, int ref)
{
	lua_State *L = sandbox_lua(p->sb);

	if (ref == LUA_NOREF)
		return;
	lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
	sandbox_freeze(p->sb, -1);
	lua_pop(L, 1);
}

/* Every function the core will call is frozen with what it closes over:
 * the upvalue snapshot puts back after a call only the locals some
 * frozen code can assign (sandbox_assign.c), so a function left out
 * could change a local that is never put back. */
static void
pack_freeze_refs(struct pack *p)
{
	for (size_t i = 0; i < p->nreqs; i++) {
		pack_freeze_ref(p, p->reqs[i].check_ref);
		pack_freeze_ref(p, p->reqs[i].applies_ref);
	}
	for (size_t i = 0; i < p->nchecks; i++)
		pack_freeze_ref(p, p->checks[i].test_ref);
	for (size_t i = 0; i < p->nforms; i++) {
		const struct pack_form *f = &p->forms[i];

		pack_freeze_ref(p, f->when_ref);
		pack_freeze_ref(p, f->order_ref);
		for (size_t j = 0; j < f->ncols; j++)
			pack_freeze_ref(p, f->cols[j].fn_ref);
		for (size_t j = 0; j < f->nheading; j++)
			pack_freeze_ref(p, f->heading[j].fn_ref);
		for (size_t j = 0; j < f->nfoot; j++)
			pack_freeze_ref(p, f->foot[j].fn_ref);
	}
	pack_freeze_ref(p, p->score_ref);
	pack_freeze_ref(p, p->award_ref);
	pack_freeze_ref(p, p->cap_ref);
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
	if (p->decl_error != NULL) {
		/* A pcall in the pack caught it; the pack is still wrong. */
		error_set(e, EXIT_USAGE, "pack %s: %s", pi->id, p->decl_error);
		goto fail;
	}
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
	pack_draft_free(p);
	if (p->sb)
		sandbox_free(p->sb);
	memset(p, 0, sizeof *p);
}
