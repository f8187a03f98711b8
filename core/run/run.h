/*
 * run.h - stored runs: writing a run as evaluate produces it, reading it
 * back for explain, the results report and the forms, and listing,
 * pinning and pruning runs.
 *
 * A run is a row of the run table, its requirements (run_requirement),
 * one run_subject row per member and per org, and its findings.  A
 * subject's row holds its score, grade, stars, award, the outcome of
 * every requirement of its level (status, value, target, message,
 * points, and for a member the facts each rule read) and the facts the
 * pack's forms declare, encoded as schema/005_run_subject.sql describes;
 * the run stores each distinct outcome element and fact value once, and
 * the row their numbers (schema/017_run_values.sql), the facts' as
 * varints (schema/019_run_facts.sql), now the outcomes' as one
 * character each and the facts' packed in bits (schema/020_run_outcomes.sql);
 * a run stored before keeps its text or varints, and reads the same.
 * Every report reads a run this way; none evaluates.
 */
#ifndef BAODAO_RUN_H
#define BAODAO_RUN_H

#include <stddef.h>

#include "db.h"
#include "util.h"
#include "view.h"

struct emit;   /* emit.h: the writer run_facts_emit writes to */

struct pack;
struct pack_info;
struct facts_period;

/* Requirement numbers (run_requirement.no): org requirements count from
 * RUN_ORG_BASE so one numbering serves both levels. */
#define RUN_ORG_BASE 100000

enum run_level { RUN_MEMBER, RUN_ORG };

/* One requirement's outcome for one subject, as evaluate produces it. */
struct run_outcome {
	char status;              /* 'p' pass, 'f' fail, 'n' n/a */
	char *value, *target;     /* JSON scalars, or NULL */
	char *message;
	int has_points;
	double points;            /* what the requirement added to the score */
};

/* An array encoded for the run: its JSON text ("[e0,e1]", no white
 * space), where each element ends, so the writer numbers the elements
 * (schema/017_run_values.sql) without parsing the text back, and each
 * element's hash in the run's dictionary (run_outcome_hash; facts:
 * run_fact_hash), so the writer does not read them again.  Element k is
 * json[k ? end[k - 1] + 1 : 1 .. end[k]).  json NULL: no array.  The
 * three are one allocation (run_enc_free). */
struct run_enc {
	char *json;
	size_t *end;
	unsigned *hash;
	size_t n;
};

/* Where a worker encodes its subjects' arrays, kept from one subject to
 * the next: an array is made here and then copied out whole
 * (run_encoder_take), one allocation where a growing buffer and two
 * arrays were several.  Zeroed to begin; run_encoder_free at the end. */
struct run_encoder {
	struct sbuf b;
	size_t *end;
	unsigned *hash;
	size_t cap;               /* of end and hash */
};

/* Begin an array of up to N elements in E: b holds "[", end and hash
 * room for N.  The caller appends element k, sets end[k] and hash[k],
 * and separates elements with ','. */
void  run_encoder_begin(struct run_encoder *e, size_t n);
/* Close E's array of N elements with ']' and return it as one block;
 * E is ready to begin again. */
struct run_enc run_encoder_take(struct run_encoder *e, size_t n);
void  run_encoder_free(struct run_encoder *e);

/* Encode N outcomes of a LEVEL subject for run_subject.outcomes.
 * touched, when not NULL, holds N rows of NFACTS flags: the facts each
 * rule read.  The caller frees the result with run_enc_free.  Workers
 * encode, so the writer only numbers and binds. */
struct run_enc run_encode_outcomes(struct run_encoder *e, enum run_level level,
          const struct run_outcome *o, size_t n, const unsigned char *touched,
          size_t nfacts);
/* One element of that array, appended to B; touched NULL or NFACTS flags. */
void  run_encode_outcome(struct sbuf *b, const struct run_outcome *o,
          const unsigned char *touched, size_t nfacts);
/* The hash the writer's dictionary gives element S (LEN bytes) of
 * outcome K of LEVEL, for run_enc.hash. */
unsigned run_outcome_hash(enum run_level level, size_t k, const char *s, size_t len);
/* The same for fact slot K. */
unsigned run_fact_hash(enum run_level level, size_t k, const char *s, size_t len);

/* Outcome element number ID as the character run_subject.outcomes keeps
 * for it (schema/020_run_outcomes.sql), in UTF-8, appended to B.  0, or
 * -1 and nothing appended when ID has none (negative, or over 1 103 870). */
int   run_outcome_char(struct sbuf *b, long long id);

/* Encode the facts of a LEVEL subject whose keep flag (or whose row in
 * touched, as above, for any of N outcomes) is set, for
 * run_subject.facts, a null between them; json NULL when none. */
struct run_enc run_encode_facts(struct run_encoder *e, enum run_level level,
          const struct view_value *v, size_t nfacts, const unsigned char *keep,
          const unsigned char *touched, size_t n);

void  run_enc_free(struct run_enc *enc);

/* ---- writing ---- */

/* Start run of pack P over period PER (scope: the --org code or NULL):
 * the run row, with the names of the pack's facts, and its requirements.
 * Returns the run's id, or -1 with e set.  Inside the caller's
 * transaction. */
long long run_begin(struct db *db, const struct pack *p, const struct facts_period *per,
          const char *scope, struct error *e);

/* One subject's row, with outcomes and facts already encoded. */
struct run_row {
	enum run_level level;
	long long subject;
	int has_score;
	double score;
	const char *grade;        /* NULL when none */
	int stars, award;         /* -1 when none */
	const char *next_band;
	const struct run_enc *outcomes, *facts;   /* facts NULL, or json NULL: none */
};

/* A run is computed without the database's write lock: its rows go to a
 * spool (spool.h: a temporary file, one compact record per subject and
 * per finding), and run_writer_store() copies them into run RUN inside
 * the caller's write transaction, between run_begin() and run_finish().
 * Writing to the spool takes no lock of the database and no memory that
 * grows with the run. */
struct run_writer;
struct run_writer *run_writer_open(struct db *db, struct error *e);
int   run_write_subject(struct run_writer *w, const struct run_row *r, struct error *e);
int   run_write_finding(struct run_writer *w, enum run_level level, long long subject,
          const char *pack, const char *rule, const char *message, struct error *e);
/* Start copying the rows of LEVEL, every one of them spooled, into run
 * RUN inside the caller's write transaction, on a thread of its own: a
 * run's member rows go in while its orgs are evaluated.  No row of LEVEL
 * may follow; rows of the other level and findings may, to the spool.
 * Until run_writer_wait (run_writer_store) joins it, the copy has the
 * connection: the caller uses it for nothing else. */
int   run_writer_store_start(struct run_writer *w, long long run, enum run_level level,
          struct error *e);
int   run_writer_wait(struct run_writer *w, struct error *e);
/* Copy into run RUN what is not copied yet, the findings and the values. */
int   run_writer_store(struct run_writer *w, long long run, struct error *e);
void  run_writer_close(struct run_writer *w);

/* Mark run RUN as evaluated with a version outside its dates (evaluate
 * --force), inside the caller's write transaction. */
int   run_mark_forced(struct db *db, long long run, struct error *e);
/* Mark run RUN as evaluated with the records as they stood at WHEN
 * (evaluate --as-recorded), inside the caller's write transaction. */
int   run_mark_recorded(struct db *db, long long run, const char *when, struct error *e);

int   run_finish(struct db *db, long long run, long members, long orgs, long findings,
          struct error *e);

/* After a rollback: leave a 'failed' run row for the record. */
void  run_failed(struct db *db, const struct pack_info *pi, const struct facts_period *per,
          const char *msg);

/* ---- reading ---- */

struct run_req {
	long long no;
	char *id, *title, *clause, *origin;
};

struct run_info {
	long long id;
	char *pack, *version, *hash, *as_of;
	int year;
	int forced;               /* evaluate --force: a version outside its dates */
	struct run_req *reqs;     /* member requirements first, in number order */
	size_t nreqs, nmember_reqs;
	char **facts[2];          /* per level: slot -> fact name */
	size_t nfacts[2];
};

/* The latest finished run of PACK for YEAR (0 when none); with SUBJECT
 * (not 0), the latest that evaluated that subject of LEVEL (an org a run
 * keeps only for the forms, with no outcomes, was not evaluated). */
long long run_latest(struct db *db, const char *pack, int year, enum run_level level,
          long long subject);

/* Read run ID (0: the latest finished run of PACK for YEAR).  When there
 * is none, e says so and tells the user to evaluate (EXIT_USAGE). */
int   run_open(struct db *db, const char *pack, int year, long long id, struct run_info *r,
          struct error *e);
void  run_info_free(struct run_info *r);

/* A stored outcome; status is "pass", "fail" or "n/a". */
struct run_stored {
	const char *status;
	char *value, *target, *message;
	int has_points;
	double points;
	size_t *touched;          /* slots of the facts the rule read */
	size_t ntouched;
};

/* A subject as the run left it.  facts holds nfacts[level] values (nil
 * where not stored). */
struct run_subject {
	long long id;
	int has_score;
	double score;
	char *grade, *next_band;
	int stars, award;         /* -1 when none */
	struct run_stored *out;   /* one per requirement of the level */
	size_t nout;
	struct view_value *facts;
};

/* Subjects of LEVEL in ascending id order (SUBJECT not 0: that one only).
 * A subject stays valid until the next call. */
struct run_cursor;
struct run_cursor *run_subjects(struct db *db, const struct run_info *r, enum run_level level,
          long long subject, struct error *e);
int   run_next(struct run_cursor *c, struct run_subject *s, struct error *e); /* 1, 0, -1 */
void  run_close(struct run_cursor *c);

/* The facts outcome K of member S read, with their values, in plain
 * words (services 3, hours 8); "" when none; the caller frees. */
char *run_facts_read(const struct run_info *r, const struct run_subject *s, size_t k);
/* The same facts as members of the object open in w ("services":3). */
void  run_facts_emit(const struct run_info *r, const struct run_subject *s, size_t k,
          struct emit *w);
/* One fact value (nil as null). */
void  run_fact_emit(struct emit *w, const struct view_value *v);

/* ---- keeping ---- */

struct run_entry {
	long long id;
	const char *pack, *version, *as_of, *started, *finished, *status;
	int year, pinned, forced;
	long members;
};

/* Every run (of PACK, of YEAR when not NULL / 0), newest first. */
int   run_list(struct db *db, const char *pack, int year,
          void (*fn)(const struct run_entry *r, void *arg), void *arg, struct error *e);

/* Remove, in one transaction, all but the newest KEEP unpinned finished
 * runs of each pack and year (of PACK only when not NULL), and the failed
 * runs older than those kept.  *removed is how many went. */
int   run_prune(struct db *db, long keep, const char *pack, long *removed, struct error *e);

/* Pin (or unpin) run ID: a pinned run is never pruned. */
int   run_pin(struct db *db, long long id, int pinned, struct error *e);

#endif
