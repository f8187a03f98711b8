/*
 * t_run.c - stored runs: the compact encoding of a subject, written and
 * read back, and which runs prune removes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "emit.h"
#include "migrate.h"
#include "run.h"
#include "test.h"

void test_run(void);

static struct db db;
static struct error err;

static void
fresh(void)
{
	char path[512];
	int applied;

	snprintf(path, sizeof path, "%s/run.db", test_tmpdir());
	remove(path);
	error_clear(&err);
	CHECK(db_open(&db, path, DB_CREATE, &err) == 0);
	CHECK(migrate_apply(&db, &applied, &err) == 0);
}

/* Element K of S, hashed as the writer's dictionary would (HASH). */
static int
t_run_hashed(const struct run_enc *s, size_t k,
    unsigned (*hash)(enum run_level, size_t, const char *, size_t), enum run_level level)
{
	size_t start = k ? s->end[k - 1] + 1 : 1;

	return s->hash[k] == hash(level, k, s->json + start, s->end[k] - start);
}

static void
case_encode_outcomes(void)
{
	struct run_outcome o[3] = {
		{ 'p', (char *)"3", (char *)"2", NULL, 1, 10 },
		{ 'f', NULL, (char *)"\"x\"", (char *)"no \"b\"", 0, 0 },
		{ 'n', NULL, NULL, NULL, 0, 0 },
	};
	unsigned char touched[3 * 4] = { 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0 };
	struct run_encoder e = { 0 };
	struct run_enc s = run_encode_outcomes(&e, RUN_MEMBER, o, 3, NULL, 0), t;

	CHECK_STR(s.json, "[[\"p\",3,2,null,10],[\"f\",null,\"x\",\"no \\\"b\\\"\"],[\"n\"]]");
	/* Where each element ends: before the comma, or the array's "]". */
	CHECK_INT(s.n, 3);
	CHECK_INT(s.end[0], 18);
	CHECK_INT(s.end[1], 44);
	CHECK_INT(s.end[2], 50);
	/* each element hashed for its requirement and level */
	for (size_t k = 0; k < 3; k++)
		CHECK(t_run_hashed(&s, k, run_outcome_hash, RUN_MEMBER));
	t = run_encode_outcomes(&e, RUN_ORG, o, 3, NULL, 0);
	CHECK_STR(t.json, s.json);
	CHECK(t_run_hashed(&t, 2, run_outcome_hash, RUN_ORG) && t.hash[2] != s.hash[2]);
	run_enc_free(&t);
	run_enc_free(&s);
	s = run_encode_outcomes(&e, RUN_MEMBER, o, 3, touched, 4);
	CHECK_STR(s.json, "[[\"p\",3,2,null,10,[1,3]],[\"f\",null,\"x\",\"no \\\"b\\\"\"],[\"n\"]]");
	CHECK_INT(s.end[0], 24);
	CHECK(t_run_hashed(&s, 0, run_outcome_hash, RUN_MEMBER));
	run_enc_free(&s);
	s = run_encode_outcomes(&e, RUN_MEMBER, o, 0, NULL, 0);
	CHECK_STR(s.json, "[]");
	CHECK_INT(s.n, 0);
	run_enc_free(&s);
	CHECK(s.json == NULL && s.end == NULL && s.n == 0);
	run_encoder_free(&e);
}

static void
case_encode_facts(void)
{
	struct view_value v[4];
	unsigned char keep[4] = { 0, 0, 1, 0 }, touched[2 * 4] = { 0, 0, 0, 0, 0, 0, 0, 1 };
	struct run_encoder e = { 0 };
	struct run_enc s, t;

	view_set_int(&v[0], 7);
	view_set_num(&v[1], 8);
	view_set_str(&v[2], "a\"b");
	view_set_bool(&v[3], 1);
	s = run_encode_facts(&e, RUN_MEMBER, v, 4, NULL, NULL, 0);
	CHECK(s.json == NULL && s.n == 0);
	run_enc_free(&s);
	s = run_encode_facts(&e, RUN_MEMBER, v, 4, keep, NULL, 0);
	CHECK_STR(s.json, "[null,null,\"a\\\"b\"]");
	CHECK_INT(s.n, 3);
	CHECK_INT(s.end[0], 5);
	CHECK_INT(s.end[1], 10);
	CHECK_INT(s.end[2], 17);
	CHECK(t_run_hashed(&s, 2, run_fact_hash, RUN_MEMBER));
	run_enc_free(&s);
	keep[1] = 1;
	s = run_encode_facts(&e, RUN_MEMBER, v, 4, keep, touched, 2);
	CHECK_STR(s.json, "[null,8.0,\"a\\\"b\",true]");
	CHECK_INT(s.n, 4);
	CHECK_INT(s.end[3], 21);
	/* hashed per slot and level: the same text differs in other parts */
	CHECK(t_run_hashed(&s, 1, run_fact_hash, RUN_MEMBER));
	CHECK(t_run_hashed(&s, 3, run_fact_hash, RUN_MEMBER));
	CHECK(s.hash[1] != s.hash[3]);
	t = run_encode_facts(&e, RUN_ORG, v, 4, keep, touched, 2);
	CHECK_STR(t.json, s.json);
	CHECK(t_run_hashed(&t, 1, run_fact_hash, RUN_ORG) && t.hash[1] != s.hash[1]);
	/* a fact's hash is not an outcome's of the same number */
	CHECK(s.hash[1] != run_outcome_hash(RUN_MEMBER, 1, "8.0", 3));
	run_enc_free(&t);
	run_enc_free(&s);
	run_encoder_free(&e);
}

/* A run of pack "t" with two member requirements and facts a, b, c. */
/* The facts of outcome K as the json object explain writes. */
static char *
t_run_facts_json(const struct run_info *r, const struct run_subject *s, size_t k)
{
	struct sbuf b;
	struct emit *w;

	sbuf_init(&b);
	w = emit_open_sbuf(&b, "json", NULL);
	emit_begin_object(w);
	run_facts_emit(r, s, k, w);
	emit_end_object(w);
	CHECK_INT(emit_close_stored(w, &b), 0);
	return sbuf_detach(&b);
}

static long long
make_run(int year, const char *status)
{
	char sql[512];

	snprintf(sql, sizeof sql, "INSERT INTO run (pack, pack_version, pack_hash, year, as_of,"
	    " started, finished, status, member_facts, org_facts) VALUES ('t', '1', 'h', %d,"
	    " '%d-12-31', 'now', %s, '%s', '[\"a\",\"b\",\"c\"]', '[]')", year, year,
	    strcmp(status, "finished") == 0 ? "'now'" : "NULL", status);
	CHECK(db_exec(&db, sql, &err) == 0);
	return sqlite3_last_insert_rowid(db.h);
}

static void
case_write_and_read(void)
{
	struct run_outcome o[2] = {
		{ 'p', (char *)"3", (char *)"2", NULL, 1, 2.5 },
		{ 'f', (char *)"\"x\"", NULL, (char *)"short", 0, 0 },
	};
	unsigned char touched[2 * 3] = { 1, 0, 1, 0, 1, 0 };
	struct view_value v[3];
	struct run_writer *w;
	struct run_cursor *c;
	struct run_subject s;
	struct run_info r;
	long long id;
	struct run_enc enc, facts;
	struct run_encoder e = { 0 };
	char *t;

	fresh();
	id = make_run(2024, "finished");
	CHECK(db_exec(&db, "INSERT INTO run_requirement VALUES (1, 0, 't.a', 'member', 'A', 'c',"
	    " 't'), (1, 1, 't.b', 'member', 'B', 'c', 't')", &err) == 0);
	view_set_int(&v[0], 3);
	view_set_num(&v[1], 0.5);
	view_set_str(&v[2], "C001");
	enc = run_encode_outcomes(&e, RUN_MEMBER, o, 2, touched, 3);
	facts = run_encode_facts(&e, RUN_MEMBER, v, 3, NULL, touched, 2);
	w = run_writer_open(&db, &err);
	CHECK(w != NULL);
	CHECK(run_write_subject(w, &(struct run_row){ RUN_MEMBER, 42, 1, 12.5, "好", -1, 1,
	    NULL, &enc, &facts }, &err) == 0);
	/* Buffered: the run holds nothing until it is stored. */
	CHECK_INT(db_int(&db, "SELECT count(*) FROM run_subject", -1), 0);
	CHECK(run_writer_store(w, id, &err) == 0);
	run_writer_close(w);
	run_enc_free(&enc);
	run_enc_free(&facts);

	CHECK(run_open(&db, "t", 2024, 0, &r, &err) == 0);
	CHECK_INT(r.id, id);
	CHECK_INT(r.nmember_reqs, 2);
	CHECK_INT(r.nfacts[RUN_MEMBER], 3);
	c = run_subjects(&db, &r, RUN_MEMBER, 0, &err);
	CHECK(c != NULL);
	CHECK_INT(run_next(c, &s, &err), 1);
	CHECK_INT(s.id, 42);
	CHECK(s.has_score && s.score == 12.5);
	CHECK_STR(s.grade, "好");
	CHECK_INT(s.stars, -1);
	CHECK_INT(s.award, 1);
	CHECK_INT(s.nout, 2);
	CHECK_STR(s.out[0].status, "pass");
	CHECK_STR(s.out[0].value, "3");
	CHECK(s.out[0].has_points && s.out[0].points == 2.5);
	CHECK_STR(s.out[1].status, "fail");
	CHECK_STR(s.out[1].value, "\"x\"");
	CHECK(s.out[1].target == NULL);
	CHECK_STR(s.out[1].message, "short");
	CHECK_INT(s.out[1].ntouched, 1);
	CHECK_INT(s.facts[1].type, VIEW_NUM);
	CHECK_INT(s.facts[2].type, VIEW_STR);
	t = run_facts_read(&r, &s, 0);
	CHECK_STR(t, "a 3, c C001");
	free(t);
	t = t_run_facts_json(&r, &s, 1);
	CHECK_STR(t, "{\"b\":0.5}");
	free(t);
	CHECK_INT(run_next(c, &s, &err), 0);
	run_close(c);
	run_info_free(&r);
	db_close(&db);
	run_encoder_free(&e);
}

/* One id as run_outcome_char writes it, in hex; "" when it has none. */
static char *
t_run_char_hex(long long id)
{
	struct sbuf b, h;

	sbuf_init(&b);
	sbuf_init(&h);
	sbuf_adds(&h, "");
	if (run_outcome_char(&b, id) == 0)
		for (size_t i = 0; i < b.len; i++)
			sbuf_addf(&h, "%02X", (unsigned char)b.s[i]);
	else
		CHECK_INT(b.len, 0);
	sbuf_free(&b);
	return sbuf_detach(&h);
}

/* Outcome numbers as characters: one byte under 127, the ids from
 * U+D800 on moved past the code points SQLite reads as U+FFFD, none over
 * 1 103 870 (such a row keeps its JSON). */
static void
case_outcome_chars(void)
{
	static const struct { long long id; const char *hex; } c[] = {
		{ 0, "01" }, { 126, "7F" }, { 127, "C280" }, { 2046, "DFBF" }, { 2047, "E0A080" },
		{ 0xD7FE, "ED9FBF" }, { 0xD7FF, "F0908080" }, { 1103870, "F48FBFBF" },
		{ 1103871, "" }, { -1, "" },
	};

	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		char *h = t_run_char_hex(c[i].id);

		CHECK_STR(h, c[i].hex);
		free(h);
	}
}

/* Rows stored before schema 19 (outcomes a JSON array, facts as text),
 * before schema 20 (facts as varints) and now (characters, facts packed
 * in their slots' widths: 1, 0 and 1 bits here) read the same, through
 * run_next and through the outcome view, up to the largest id. */
static void
case_old_and_new_rows(void)
{
	struct run_cursor *c;
	struct run_subject s;
	struct run_info r;

	fresh();
	make_run(2024, "finished");
	CHECK(db_exec(&db, "INSERT INTO run_requirement VALUES (1, 0, 't.a', 'member', 'A', 'c',"
	    " 't'), (1, 1, 't.b', 'member', 'B', 'c', 't');"
	    "INSERT INTO run_value VALUES (1, 0, 127, '[\"p\",1,null,\"a127\"]'),"
	    " (1, 0, 55295, '[\"f\",2,null,\"a55295\"]'),"
	    " (1, 1, 1103870, '[\"n\",null,null,\"b-last\"]'),"
	    " (1, -1, 0, '7'), (1, -3, 0, '\"x\"');"
	    /* old: JSON ids and comma-separated fact ids */
	    "INSERT INTO run_subject (run_id, level, subject, outcomes, facts)"
	    " VALUES (1, 0, 1, '[127,1103870]', '0,,0'),"
	    /* schema 19: fact ids plus one as varints */
	    " (1, 0, 2, '[127,1103870]', x'010001'),"
	    /* new: the ids as characters, the facts' packed */
	    " (1, 0, 3, x'C280F48FBFBF', x'03'),"
	    /* new: the id after U+D7FF's, and no outcome of t.b */
	    " (1, 0, 4, x'F0908080', NULL),"
	    /* not written by baodao: a byte that starts no character, a cut one */
	    " (1, 0, 5, x'80F090', NULL)", &err) == 0);
	CHECK_INT(db_int(&db, "SELECT count(*) FROM run_subject WHERE typeof(outcomes) = 'blob'",
	    -1), 3);
	CHECK(run_open(&db, "t", 2024, 0, &r, &err) == 0);
	c = run_subjects(&db, &r, RUN_MEMBER, 0, &err);
	CHECK(c != NULL);
	for (int m = 1; m <= 3; m++) {
		CHECK_INT(run_next(c, &s, &err), 1);
		CHECK_INT(s.id, m);
		CHECK_INT(s.nout, 2);
		CHECK_STR(s.out[0].message, "a127");
		CHECK_STR(s.out[1].message, "b-last");
		CHECK_INT(s.facts[0].type, VIEW_INT);
		CHECK_INT(s.facts[1].type, VIEW_NIL);
		CHECK_STR(s.facts[2].s, "x");
	}
	CHECK_INT(run_next(c, &s, &err), 1);
	CHECK_INT(s.nout, 1);
	CHECK_STR(s.out[0].message, "a55295");
	CHECK_INT(run_next(c, &s, &err), 1);
	CHECK_INT(s.nout, 2);
	CHECK_STR(s.out[0].status, "n/a");
	CHECK_STR(s.out[1].status, "n/a");
	CHECK_INT(run_next(c, &s, &err), 0);
	run_close(c);
	run_info_free(&r);
	/* SQL reads both forms alike: the ids, and the outcomes they number. */
	CHECK_INT(db_int(&db, "SELECT group_concat(subject || ':' || no || '=' || id, ' ')"
	    " = '1:0=127 1:1=1103870 2:0=127 2:1=1103870 3:0=127 3:1=1103870 4:0=55295'"
	    " FROM (SELECT * FROM run_outcome WHERE subject < 5 ORDER BY subject, no)", -1), 1);
	CHECK_INT(db_int(&db, "SELECT group_concat(subject || ' ' || status || ' ' || message, ', ')"
	    " = '1 pass a127, 1 n/a b-last, 2 pass a127, 2 n/a b-last, 3 pass a127,"
	    " 3 n/a b-last, 4 fail a55295'"
	    " FROM (SELECT * FROM outcome WHERE subject < 5 ORDER BY subject, no)", -1), 1);
	db_close(&db);
}

/* Facts packed in the widths of their slots: 300 values of a take 9 bits,
 * b none, c one value 1 bit; member 300 stores a = 300 and c = 1 in bits
 * 0-8 and 9: 0x32C, low byte first. */
static void
case_facts_packed(void)
{
	struct run_outcome o = { 'p', NULL, NULL, NULL, 0, 0 };
	unsigned char keep[3] = { 1, 1, 1 };
	struct view_value v[3];
	struct run_writer *w;
	struct run_cursor *c;
	struct run_subject s;
	struct run_info r;
	long long id;
	struct run_enc enc;
	struct run_encoder e = { 0 };

	fresh();
	id = make_run(2024, "finished");
	CHECK(db_exec(&db, "INSERT INTO run_requirement VALUES (1, 0, 't.a', 'member', 'A', 'c',"
	    " 't')", &err) == 0);
	enc = run_encode_outcomes(&e, RUN_MEMBER, &o, 1, NULL, 0);
	w = run_writer_open(&db, &err);
	CHECK(w != NULL);
	view_set_nil(&v[1]);
	view_set_str(&v[2], "x");
	for (long long m = 1; m <= 300; m++) {
		struct run_enc facts;

		view_set_int(&v[0], m);
		facts = run_encode_facts(&e, RUN_MEMBER, v, 3, keep, NULL, 0);
		CHECK(run_write_subject(w, &(struct run_row){ RUN_MEMBER, m, 0, 0, NULL, -1, -1,
		    NULL, &enc, &facts }, &err) == 0);
		run_enc_free(&facts);
	}
	CHECK(run_writer_store(w, id, &err) == 0);
	run_writer_close(w);
	run_enc_free(&enc);
	CHECK_INT(db_int(&db, "SELECT count(*) FROM run_subject WHERE subject = 300"
	    " AND facts = x'2C03' AND outcomes = x'01'", -1), 1);
	CHECK_INT(db_int(&db, "SELECT count(*) FROM run_subject WHERE subject = 1"
	    " AND facts = x'0102'", -1), 1);
	CHECK(run_open(&db, "t", 2024, 0, &r, &err) == 0);
	c = run_subjects(&db, &r, RUN_MEMBER, 0, &err);
	CHECK(c != NULL);
	for (long long m = 1; m <= 300; m++) {
		CHECK_INT(run_next(c, &s, &err), 1);
		CHECK_INT(s.facts[0].type, VIEW_INT);
		CHECK_INT(s.facts[0].i, m);
		CHECK_INT(s.facts[1].type, VIEW_NIL);
		CHECK_STR(s.facts[2].s, "x");
	}
	run_close(c);
	run_info_free(&r);
	db_close(&db);
	run_encoder_free(&e);
}

/* A row of many slots packs whole however long: 1200 slots of two bits
 * each (two values a slot), 300 bytes, member 1 all 1s, member 2 all 2s. */
static void
case_facts_packed_long(void)
{
	struct run_outcome o = { 'p', NULL, NULL, NULL, 0, 0 };
	enum { N = 1200 };
	struct view_value *v = xcalloc(N, sizeof *v);
	unsigned char *keep = xcalloc(N, 1);
	struct run_writer *w;
	struct run_enc enc;
	struct run_encoder e = { 0 };
	long long id;

	fresh();
	id = make_run(2024, "finished");
	CHECK(db_exec(&db, "INSERT INTO run_requirement VALUES (1, 0, 't.a', 'member', 'A', 'c',"
	    " 't')", &err) == 0);
	enc = run_encode_outcomes(&e, RUN_MEMBER, &o, 1, NULL, 0);
	w = run_writer_open(&db, &err);
	CHECK(w != NULL);
	memset(keep, 1, N);
	for (long long m = 1; m <= 2; m++) {
		struct run_enc facts;

		for (size_t i = 0; i < N; i++)
			view_set_int(&v[i], m);
		facts = run_encode_facts(&e, RUN_MEMBER, v, N, keep, NULL, 0);
		CHECK(run_write_subject(w, &(struct run_row){ RUN_MEMBER, m, 0, 0, NULL, -1, -1,
		    NULL, &enc, &facts }, &err) == 0);
		run_enc_free(&facts);
	}
	CHECK(run_writer_store(w, id, &err) == 0);
	run_writer_close(w);
	run_enc_free(&enc);
	CHECK_INT(db_int(&db, "SELECT count(*) FROM run_subject WHERE subject = 1"
	    " AND hex(facts) = replace(hex(zeroblob(300)), '00', '55')", -1), 1);
	CHECK_INT(db_int(&db, "SELECT count(*) FROM run_subject WHERE subject = 2"
	    " AND hex(facts) = replace(hex(zeroblob(300)), '00', 'AA')", -1), 1);
	CHECK_INT(db_int(&db, "SELECT count(*) FROM run_value WHERE part < 0", -1), 2 * N);
	free(v);
	free(keep);
	db_close(&db);
	run_encoder_free(&e);
}

static void
case_no_run(void)
{
	struct run_info r;

	fresh();
	CHECK(run_open(&db, "t", 2024, 0, &r, &err) != 0);
	CHECK_INT(err.code, EXIT_USAGE);
	CHECK(strstr(err.msg, "no run of pack t for year 2024") != NULL);
	db_close(&db);
}

static void
case_prune(void)
{
	long removed;

	fresh();
	make_run(2024, "failed");      /* 1: older than the kept run: goes */
	make_run(2024, "finished");    /* 2: pinned: stays */
	make_run(2024, "finished");    /* 3: goes */
	make_run(2024, "finished");    /* 4: the newest: stays */
	make_run(2024, "failed");      /* 5: newer than the kept run: stays */
	make_run(2023, "finished");    /* 6: the newest of its year: stays */
	CHECK(run_pin(&db, 2, 1, &err) == 0);
	CHECK(run_pin(&db, 99, 1, &err) != 0);
	CHECK(run_prune(&db, 1, NULL, &removed, &err) == 0);
	CHECK_INT(removed, 2);
	CHECK_INT(db_int(&db, "SELECT count(*) FROM run", 0), 4);
	CHECK_INT(db_int(&db, "SELECT count(*) FROM run WHERE id IN (2, 4, 5, 6)", 0), 4);
	CHECK(run_prune(&db, 0, "other", &removed, &err) == 0);
	CHECK_INT(removed, 0);
	db_close(&db);
}

/* Subjects that share outcomes and facts share their stored values: the
 * run holds each once, the rows their numbers, and each reads back whole. */
static void
case_values_once(void)
{
	struct run_outcome o[2] = {
		{ 'p', (char *)"3", (char *)"2", (char *)"3（要求至少 2）", 0, 0 },
		{ 'f', (char *)"0", (char *)"1", (char *)"a,b]\"", 0, 0 },
	};
	unsigned char touched[2 * 3] = { 1, 0, 0, 0, 0, 1 };
	struct view_value v[3];
	struct run_writer *w;
	struct run_cursor *c;
	struct run_subject s;
	struct run_info r;
	long long id;
	struct run_enc enc, facts, bare;
	struct run_encoder e = { 0 };

	fresh();
	id = make_run(2024, "finished");
	CHECK(db_exec(&db, "INSERT INTO run_requirement VALUES (1, 0, 't.a', 'member', 'A', 'c',"
	    " 't'), (1, 1, 't.b', 'member', 'B', 'c', 't')", &err) == 0);
	view_set_int(&v[0], 3);
	view_set_nil(&v[1]);
	view_set_str(&v[2], "x,y");
	enc = run_encode_outcomes(&e, RUN_MEMBER, o, 2, touched, 3);
	facts = run_encode_facts(&e, RUN_MEMBER, v, 3, NULL, touched, 2);
	w = run_writer_open(&db, &err);
	CHECK(w != NULL);
	bare = facts;
	bare.hash = NULL;
	for (long long m = 1; m <= 3; m++) {
		/* the third with its facts hashed as a worker hands them over,
		 * the first two hashed by the writer: the same values, found by
		 * the hash it brings */
		CHECK(run_write_subject(w, &(struct run_row){ RUN_MEMBER, m, 0, 0, NULL, -1, -1,
		    NULL, &enc, m == 3 ? &facts : &bare }, &err) == 0);
	}
	CHECK(run_writer_store(w, id, &err) == 0);
	run_writer_close(w);
	run_enc_free(&enc);
	run_enc_free(&facts);
	/* Two outcome elements and two fact values, once each. */
	CHECK_INT(db_int(&db, "SELECT count(*) FROM run_value", -1), 4);
	CHECK_INT(db_int(&db, "SELECT count(*) FROM run_subject WHERE outcomes = x'0101'"
	    " AND facts = x'03'", -1), 3);
	CHECK_INT(db_int(&db, "SELECT count(*) FROM outcome WHERE status = 'fail'"
	    " AND message = 'a,b]\"'", -1), 3);
	CHECK(run_open(&db, "t", 2024, 0, &r, &err) == 0);
	c = run_subjects(&db, &r, RUN_MEMBER, 0, &err);
	CHECK(c != NULL);
	for (int m = 1; m <= 3; m++) {
		CHECK_INT(run_next(c, &s, &err), 1);
		CHECK_INT(s.id, m);
		CHECK_INT(s.nout, 2);
		CHECK_STR(s.out[0].message, "3（要求至少 2）");
		CHECK_STR(s.out[1].status, "fail");
		CHECK_STR(s.out[1].message, "a,b]\"");
		CHECK_INT(s.facts[0].type, VIEW_INT);
		CHECK_INT(s.facts[1].type, VIEW_NIL);
		CHECK_STR(s.facts[2].s, "x,y");
	}
	CHECK_INT(run_next(c, &s, &err), 0);
	run_close(c);
	run_info_free(&r);
	db_close(&db);
	run_encoder_free(&e);
}

/* A fresh database with a finished run of 2024 that has a member
 * requirement t.a and an org requirement t.o; the run's id. */
static long long
two_levels(void)
{
	long long id;

	fresh();
	id = make_run(2024, "finished");
	CHECK(db_exec(&db, "INSERT INTO run_requirement VALUES (1, 0, 't.a', 'member', 'A', 'c',"
	    " 't'), (1, 100000, 't.o', 'org', 'O', 'c', 't')", &err) == 0);
	return id;
}

/* The member rows go into the run on a thread of their own while the
 * org rows go on to the spool (evaluate's org phase); a member row after
 * them is refused, a finding is spooled meanwhile, and the rest is
 * stored with the values of both levels. */
static void
case_store_members_first(void)
{
	struct run_outcome o[1] = { { 'p', (char *)"4", (char *)"4", NULL, 0, 0 } };
	struct view_value v[3];
	unsigned char keep[3] = { 1, 1, 1 };
	struct run_writer *w;
	struct run_cursor *c;
	struct run_subject s;
	struct run_info r;
	long long id;
	struct run_enc enc, facts;
	struct run_encoder e = { 0 };

	id = two_levels();
	enc = run_encode_outcomes(&e, RUN_MEMBER, o, 1, NULL, 0);
	w = run_writer_open(&db, &err);
	CHECK(w != NULL);
	for (long long m = 1; m <= 200; m++) {
		view_set_int(&v[0], m % 5);
		view_set_str(&v[1], m % 2 ? "odd" : "even");
		view_set_nil(&v[2]);
		facts = run_encode_facts(&e, RUN_MEMBER, v, 3, keep, NULL, 0);
		CHECK(run_write_subject(w, &(struct run_row){ RUN_MEMBER, m, 0, 0, NULL, -1, -1,
		    NULL, &enc, &facts }, &err) == 0);
		run_enc_free(&facts);
	}
	CHECK(db_begin(&db, &err) == 0);
	CHECK(run_writer_store_start(w, id, RUN_MEMBER, &err) == 0);
	for (long long g = 1; g <= 150; g++)
		CHECK(run_write_subject(w, &(struct run_row){ RUN_ORG, g, 1, (double)g, NULL, -1,
		    -1, NULL, &enc, NULL }, &err) == 0);
	CHECK(run_write_subject(w, &(struct run_row){ RUN_MEMBER, 201, 0, 0, NULL, -1, -1,
	    NULL, &enc, NULL }, &err) == -1);
	CHECK_STR(err.msg, "a member row after the run's member rows were stored");
	error_clear(&err);
	CHECK(run_write_finding(w, RUN_ORG, 7, "t", "t.o", "raised", &err) == 0);
	CHECK(run_writer_store(w, id, &err) == 0);
	CHECK(db_commit(&db, &err) == 0);
	run_writer_close(w);
	run_enc_free(&enc);
	CHECK_INT(db_int(&db, "SELECT count(*) FROM run_subject WHERE level = 0", -1), 200);
	CHECK_INT(db_int(&db, "SELECT count(*) FROM run_subject WHERE level = 1", -1), 150);
	CHECK_INT(db_int(&db, "SELECT count(*) FROM finding WHERE subject = 7", -1), 1);
	CHECK(run_open(&db, "t", 2024, 0, &r, &err) == 0);
	c = run_subjects(&db, &r, RUN_MEMBER, 0, &err);
	CHECK(c != NULL);
	for (int m = 1; m <= 200; m++) {
		CHECK_INT(run_next(c, &s, &err), 1);
		CHECK_INT(s.id, m);
		CHECK_INT(s.facts[0].i, m % 5);
		CHECK_STR(s.facts[1].s, m % 2 ? "odd" : "even");
		CHECK_INT(s.facts[2].type, VIEW_NIL);
	}
	CHECK_INT(run_next(c, &s, &err), 0);
	run_close(c);
	c = run_subjects(&db, &r, RUN_ORG, 0, &err);
	CHECK(c != NULL);
	for (int g = 1; g <= 150; g++) {
		CHECK_INT(run_next(c, &s, &err), 1);
		CHECK_INT(s.id, g);
		CHECK(s.has_score && s.score == g);
		CHECK_STR(s.out[0].status, "pass");
	}
	CHECK_INT(run_next(c, &s, &err), 0);
	run_close(c);
	run_info_free(&r);
	db_close(&db);
	run_encoder_free(&e);
}

/* The spool keeps a row's header in varints: the edges of each field
 * come back as they went, a subject past 32 bits, a negative score, a
 * grade long enough that its length takes two bytes, none of each; a
 * finding's message of 200 bytes the same. */
static void
case_spool_header_edges(void)
{
	struct run_outcome o[1] = { { 'f', (char *)"0", NULL, NULL, 0, 0 } };
	char grade[301], message[201];
	struct run_writer *w;
	struct run_cursor *c;
	struct run_subject s;
	struct run_info r;
	struct run_enc enc;
	struct run_encoder e = { 0 };
	long long id, big = (1LL << 40) + 3;

	memset(grade, 'g', sizeof grade - 1);
	grade[sizeof grade - 1] = '\0';
	memset(message, 'm', sizeof message - 1);
	message[sizeof message - 1] = '\0';
	id = two_levels();
	enc = run_encode_outcomes(&e, RUN_MEMBER, o, 1, NULL, 0);
	w = run_writer_open(&db, &err);
	CHECK(w != NULL);
	CHECK(run_write_subject(w, &(struct run_row){ RUN_MEMBER, 1, 0, 0, NULL, -1, -1,
	    NULL, &enc, NULL }, &err) == 0);
	CHECK(run_write_subject(w, &(struct run_row){ RUN_MEMBER, big, 1, -0.25, grade, 5, 0,
	    "下一档", &enc, NULL }, &err) == 0);
	CHECK(run_write_subject(w, &(struct run_row){ RUN_ORG, 7, 1, 1e300, "", 0, 1,
	    NULL, &enc, NULL }, &err) == 0);
	CHECK(run_write_finding(w, RUN_MEMBER, big, "t", "t.a", message, &err) == 0);
	CHECK(db_begin(&db, &err) == 0);
	CHECK(run_writer_store(w, id, &err) == 0);
	CHECK(db_commit(&db, &err) == 0);
	run_writer_close(w);
	run_enc_free(&enc);

	CHECK(run_open(&db, "t", 2024, 0, &r, &err) == 0);
	c = run_subjects(&db, &r, RUN_MEMBER, 0, &err);
	CHECK(c != NULL);
	CHECK_INT(run_next(c, &s, &err), 1);
	CHECK_INT(s.id, 1);
	CHECK(!s.has_score && s.grade == NULL && s.next_band == NULL);
	CHECK_INT(s.stars, -1);
	CHECK_INT(s.award, -1);
	CHECK_STR(s.out[0].status, "fail");
	CHECK_INT(run_next(c, &s, &err), 1);
	CHECK(s.id == big);
	CHECK(s.has_score && s.score == -0.25);
	CHECK_STR(s.grade, grade);
	CHECK_STR(s.next_band, "下一档");
	CHECK_INT(s.stars, 5);
	CHECK_INT(s.award, 0);
	CHECK_INT(run_next(c, &s, &err), 0);
	run_close(c);
	c = run_subjects(&db, &r, RUN_ORG, 0, &err);
	CHECK(c != NULL);
	CHECK_INT(run_next(c, &s, &err), 1);
	CHECK_INT(s.id, 7);
	CHECK(s.has_score && s.score == 1e300);
	CHECK_INT(s.stars, 0);
	CHECK_INT(s.award, 1);
	CHECK_INT(run_next(c, &s, &err), 0);
	run_close(c);
	CHECK_INT(db_int(&db, "SELECT count(*) FROM finding WHERE level = 'member' AND subject ="
	    " 1099511627779 AND rule = 't.a' AND length(message) = 200", -1), 1);
	run_info_free(&r);
	db_close(&db);
	run_encoder_free(&e);
}

void
test_run(void)
{
	test_case("run: outcomes encoded compactly", case_encode_outcomes);
	test_case("run: facts kept or read, by slot", case_encode_facts);
	test_case("run: a subject written and read back", case_write_and_read);
	test_case("run: shared values stored once", case_values_once);
	test_case("run: member rows stored while org rows wait", case_store_members_first);
	test_case("run: a spooled header's edges come back", case_spool_header_edges);
	test_case("run: outcome numbers as characters", case_outcome_chars);
	test_case("run: rows stored before schema 20 read as new ones", case_old_and_new_rows);
	test_case("run: facts packed in their slots' widths", case_facts_packed);
	test_case("run: a row of many slots packed whole", case_facts_packed_long);
	test_case("run: no run said", case_no_run);
	test_case("run: prune keeps the newest, pinned and newer failed runs", case_prune);
}
