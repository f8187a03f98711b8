/*
 * validate.c - running a pack's record checks over the database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>

#include "db.h"
#include "emit.h"
#include "facts.h"
#include "integrity.h"
#include "pack.h"
#include "record.h"
#include "store.h"
#include "validate.h"
#include "view.h"

struct validate_run {
	struct emit *out;
	struct pack *pack;
	lua_State *L;
	struct view rec, params;
	int ref_rec, ref_params;
	int year;                     /* --year: only its records; 0: all */
	const struct facts_period *per;
	long findings;
};

static void
validate_finding(struct validate_run *v, const char *record, const char *field,
    const char *msg, const struct pack_check *c)
{
	if (c)
		emit_textf(v->out, "%s: %s: %s [%s %s; %s]\n", record, field, msg,
		    tr("check", "检查"), c->name, c->clause);
	else
		emit_textf(v->out, "%s: %s: %s\n", record, field, msg);
	v->findings++;
}

/* A finding of check C in the words of the pack, made printable: no
 * escape sequence or forged line reaches the terminal. */
static void
validate_finding_text(struct validate_run *v, const char *record,
    const struct pack_check *c, const char *msg)
{
	char *m = util_printable(msg);

	validate_finding(v, record, c->field, m, c);
	free(m);
}

/* Ask check C about the record the view shows now. */
static void
validate_one(struct validate_run *v, const struct pack_check *c, const char *record)
{
	int args[2] = { v->ref_rec, v->ref_params };
	char err[512], *m;

	if (pack_call(v->pack, c->test_ref, args, 2, 2, err, sizeof err) != 0) {
		m = xasprintf("%s %s", tr("rule error:", "规则错误："), err);
		validate_finding_text(v, record, c, m);
		free(m);
		return;
	}
	if (!lua_toboolean(v->L, -2))
		validate_finding_text(v, record, c, lua_isstring(v->L, -1) ?
		    lua_tostring(v->L, -1) : c->title);
	lua_pop(v->L, 2);
}

static void
validate_each(struct validate_run *v, enum pack_record kind, const char *record)
{
	for (size_t i = 0; i < v->pack->nchecks; i++)
		if (v->pack->checks[i].record == kind)
			validate_one(v, &v->pack->checks[i], record);
}

/* Bind the record view to SCHEMA: the userdata learns its names when it
 * is made, so each kind of record gets its own. */
static void
validate_bind(struct validate_run *v, const struct view_schema *schema,
    struct view_value *values)
{
	v->rec.schema = schema;
	v->rec.values = values;
	view_push(v->L, &v->rec);
	v->ref_rec = luaL_ref(v->L, LUA_REGISTRYINDEX);
}

static int
validate_has(const struct pack *p, enum pack_record kind)
{
	for (size_t i = 0; i < p->nchecks; i++)
		if (p->checks[i].record == kind)
			return 1;
	return 0;
}

/* Members come through the fact cursor (with no facts), as rules see them. */
static int
validate_members(struct validate_run *v, struct db *db, const struct facts_period *per,
    struct error *e)
{
	struct facts_plan none;
	struct orgtree orgs;
	struct facts_cursor *cur;
	struct facts_member m;
	int rc = -1;

	if (!validate_has(v->pack, PACK_RECORD_MEMBER))
		return 0;
	facts_plan_init(&none);
	if (orgtree_load(db, NULL, &orgs, e) != 0) {
		facts_plan_free(&none);
		return -1;
	}
	validate_bind(v, facts_member_schema(), NULL);
	cur = facts_open(db, &none, per, &orgs, 0, 0, e);
	if (cur != NULL) {
		while ((rc = facts_next(cur, &m, e)) == 1) {
			char *record = xasprintf("%s %s", tr("member", "党员"), m.code);

			v->rec.values = m.fields;
			validate_each(v, PACK_RECORD_MEMBER, record);
			free(record);
		}
		facts_close(cur);
	}
	orgtree_free(&orgs);
	facts_plan_free(&none);
	return rc < 0 ? -1 : 0;
}

/* Activities and claims: one query each, a record at a time. */
static int
validate_rows(struct validate_run *v, struct db *db, enum pack_record kind,
    struct error *e)
{
	struct view_value val[FACTS_REC_MAXFIELDS];
	sqlite3_stmt *st;
	int rc;

	if (!validate_has(v->pack, kind))
		return 0;
	st = facts_record_open(db, kind == PACK_RECORD_CLAIM ? FACTS_REC_CLAIM : FACTS_REC_ACTIVITY,
	    v->year ? v->per : NULL, e);
	if (st == NULL)
		return -1;
	validate_bind(v, facts_record_schema(kind == PACK_RECORD_CLAIM ? FACTS_REC_CLAIM :
	    FACTS_REC_ACTIVITY), val);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char *record = facts_record_values(st, kind == PACK_RECORD_CLAIM ? FACTS_REC_CLAIM :
		    FACTS_REC_ACTIVITY, val);

		validate_each(v, kind, record);
		free(record);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, e, "reading records");
}

/*
 * The query of the core's date check, from the record table: for each
 * kind whose dates are checked (record.h, enum record_dates), its rows
 * dated after ?1 and within ?2..?3 (the year checked, or every date), as
 * (table, member id, date).  The caller frees it.
 */
static char *
validate_dates_sql(void)
{
	struct sbuf b;

	sbuf_init(&b);
	for (const struct record_kind *k = record_kinds; k->name != NULL; k++) {
		int mc = record_key_col(k, RECORD_T_MEMBER), dc = record_key_col(k, RECORD_T_DATE);
		const char *member, *date;

		if (k->dates == RECORD_DATES_NONE || mc < 0 || dc < 0)
			continue;
		member = k->cols[mc].field;
		date = k->cols[dc].field;
		sbuf_addf(&b, "%sSELECT '%s', m.code, t.%s FROM %s t JOIN member m"
		    " ON m.id = t.%s WHERE t.%s > ?1 AND t.%s BETWEEN ?2 AND ?3%s",
		    b.len ? " UNION ALL " : "", k->table, date, k->table, member, date, date,
		    record_correctable(k) ? " AND t.voided IS NULL" : "");
	}
	sbuf_adds(&b, " ORDER BY 1, 2, 3");
	return sbuf_detach(&b);
}

/* The core's own check: nothing is dated after the as-of date (a typed
 * 2204 for 2024).  With --year only that year's records are looked at: a
 * database holds several years, and last year's records are not this
 * year's findings. */
static int
validate_dates(struct validate_run *v, struct db *db, const char *as_of, int year,
    struct error *e)
{
	char *sql = validate_dates_sql();
	sqlite3_stmt *st = db_prepare(db, sql, e);
	char from[11] = "0000-00-00", to[11] = "9999-99-99";

	free(sql);
	if (st == NULL)
		return -1;
	if (year) {
		snprintf(from, sizeof from, "%04d-01-01", year);
		snprintf(to, sizeof to, "%04d-12-31", year);
	}
	sqlite3_bind_text(st, 1, as_of, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, to, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *date = (const char *)sqlite3_column_text(st, 2);
		char *record = xasprintf("%s %s %s", sqlite3_column_text(st, 0),
		    sqlite3_column_text(st, 1), date);
		char *msg = xasprintf(tr("dated after %s: a record from the future",
		    "日期晚于 %s：记录日期不可能在未来"), as_of);

		validate_finding(v, record, "date", msg, NULL);
		free(record);
		free(msg);
	}
	sqlite3_finalize(st);
	return 0;
}

/* The core's checks that hours cannot be padded (integrity.h), on the
 * records of --year or all; a finding names its org in place of a clause. */
static int
validate_integrity(struct validate_run *v, struct db *db, const struct config *cfg, int year,
    struct error *e)
{
	struct integrity_opts io = { .year = year, .max_day_minutes = cfg->max_day_hours * 60,
	    .max_day_verifications = cfg->max_day_verifications };
	struct integrity_cursor *c = integrity_open(db, &io, e);
	const struct integrity_finding *f;
	int rc;

	if (c == NULL)
		return -1;
	while ((rc = integrity_next(c, &f, e)) == 1) {
		emit_textf(v->out, "%s: %s: %s [%s %s; %s %s]\n", f->label, f->field, f->message,
		    tr("check", "检查"), f->name, f->community ? tr("community", "社区") :
		    tr("unit", "单位"), f->org ? f->org : "-");
		v->findings++;
	}
	integrity_close(c);
	return rc;
}

int
validate_records(struct db *db, const struct config *cfg, const struct validate_opts *o,
    long *findings, struct error *e)
{
	const struct facts_period *per = &o->per;
	struct validate_run v = { 0 };
	struct pack_info pi;
	struct pack p;
	int rc;

	if (store_load(cfg, db, o->pack, per, &pi, &p, e) != 0)
		return -1;
	v.out = o->out;
	v.pack = &p;
	v.year = o->year;
	v.per = per;
	v.L = sandbox_lua(p.sb);
	v.params.schema = &p.param_schema;
	v.params.values = p.param_values;
	view_push(v.L, &v.params);
	v.ref_params = luaL_ref(v.L, LUA_REGISTRYINDEX);
	rc = validate_members(&v, db, per, e) == 0 &&
	    validate_rows(&v, db, PACK_RECORD_ACTIVITY, e) == 0 &&
	    validate_rows(&v, db, PACK_RECORD_CLAIM, e) == 0 &&
	    validate_dates(&v, db, per->as_of, o->year, e) == 0 &&
	    validate_integrity(&v, db, cfg, o->year, e) == 0 ? 0 : -1;
	*findings = v.findings;
	store_unload(&pi, &p);
	return rc;
}
