/*
 * outmemo.h - a worker's memo of the outcome elements it has encoded,
 * by what the rules returned for them.
 *
 * Most members of a run get, for a given requirement, an outcome some
 * member before them got already: the same status, value, target,
 * message, points and facts read.  Making that element (the message
 * checked printable, value, target and message written as JSON, the
 * element hashed for the run's dictionary) costs more than the rules;
 * the memo keeps, per requirement, the last elements made, keyed by the
 * bytes the rules returned, so an equal outcome takes the element
 * already made.  Keys are compared by content, never by address: a Lua
 * string may be collected and its address reused.  Masking personal
 * fields depends on the member, not on the bytes: the caller must not
 * use the memo for an outcome whose strings hold one.
 */
#ifndef BAODAO_OUTMEMO_H
#define BAODAO_OUTMEMO_H

#include <stddef.h>

/* A value a rule returned, as its bytes (s: not owned). */
enum outmemo_type { OUTMEMO_NIL, OUTMEMO_BOOL, OUTMEMO_INT, OUTMEMO_FLOAT, OUTMEMO_STR };

struct outmemo_piece {
	enum outmemo_type type;
	long long i;              /* a boolean or an integer */
	double n;                 /* a float */
	const char *s;            /* a string: LEN bytes */
	size_t len;
};

/* Everything an outcome element is made of. */
struct outmemo_key {
	char status;
	int has_points;
	double points;
	struct outmemo_piece value, target, message;
	const unsigned char *touched;   /* the memo's NFACTS flags, or NULL */
};

struct outmemo;

/* A memo for NREQS requirements whose keys hold NFACTS touched flags. */
struct outmemo *outmemo_new(size_t nreqs, size_t nfacts);
void  outmemo_free(struct outmemo *m);

/* The element made for requirement K from a key equal to KEY, *len bytes
 * and its *hash; NULL when none is kept.  Valid until the next
 * outmemo_put.  M may be NULL (no memo). */
const char *outmemo_find(struct outmemo *m, size_t k, const struct outmemo_key *key,
          size_t *len, unsigned *hash);

/* Keep ELEM (LEN bytes, hash HASH) as requirement K's element for KEY,
 * in place of an older one; the bytes are copied.  M may be NULL. */
void  outmemo_put(struct outmemo *m, size_t k, const struct outmemo_key *key,
          const char *elem, size_t len, unsigned hash);

#endif
