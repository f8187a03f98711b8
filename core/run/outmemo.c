/*
 * outmemo.c - a worker's memo of outcome elements (outmemo.h): per
 * requirement, a small table indexed by a hash of the key's cheap parts,
 * and the slot used last, tried first.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "outmemo.h"
#include "util.h"

/* Slots per requirement: a requirement's distinct outcomes are mostly a
 * few dozen; one with thousands (a count in its message) only misses. */
#define OUTMEMO_SLOTS 64

struct outmemo_ent {
	struct outmemo_key key;   /* its strings and flags point into buf */
	const char *elem;         /* into buf */
	size_t elen;
	unsigned hash;
	int used;
	char *buf;                /* kept from one use of the slot to the next */
	size_t cap;
};

struct outmemo {
	struct outmemo_ent *ent;  /* nreqs rows of OUTMEMO_SLOTS */
	size_t *last;             /* per requirement, the slot found or kept last */
	size_t nreqs, nfacts;
};

struct outmemo *
outmemo_new(size_t nreqs, size_t nfacts)
{
	struct outmemo *m = xcalloc(1, sizeof *m);

	m->ent = xcalloc(nreqs * OUTMEMO_SLOTS + 1, sizeof *m->ent);
	m->last = xcalloc(nreqs + 1, sizeof *m->last);
	m->nreqs = nreqs;
	m->nfacts = nfacts;
	return m;
}

void
outmemo_free(struct outmemo *m)
{
	if (m == NULL)
		return;
	for (size_t i = 0; i < m->nreqs * OUTMEMO_SLOTS; i++)
		free(m->ent[i].buf);
	free(m->ent);
	free(m->last);
	free(m);
}

static unsigned
outmemo_mix(unsigned h, uint64_t x)
{
	h = (h ^ (unsigned)x) * 16777619u;
	return (h ^ (unsigned)(x >> 32)) * 16777619u;
}

/* A string's length and up to 8 bytes from each end: enough to tell
 * most outcomes apart without reading a long message. */
static unsigned
outmemo_mix_piece(unsigned h, const struct outmemo_piece *p)
{
	uint64_t a = 0, b = 0;

	h = outmemo_mix(h, (uint64_t)p->type);
	switch (p->type) {
	case OUTMEMO_BOOL:
	case OUTMEMO_INT:
		return outmemo_mix(h, (uint64_t)p->i);
	case OUTMEMO_FLOAT:
		memcpy(&a, &p->n, sizeof a);
		return outmemo_mix(h, a);
	case OUTMEMO_STR:
		memcpy(&a, p->s, p->len < 8 ? p->len : 8);
		if (p->len > 8)
			memcpy(&b, p->s + (p->len > 16 ? p->len - 8 : 8), p->len > 16 ? 8 : p->len - 8);
		return outmemo_mix(outmemo_mix(outmemo_mix(h, p->len), a), b);
	default:
		return h;
	}
}

/* The slot of KEY in its requirement's row. */
static size_t
outmemo_slot(const struct outmemo_key *key)
{
	unsigned h = 2166136261u;
	uint64_t pts;

	memcpy(&pts, &key->points, sizeof pts);
	h = outmemo_mix(h, (uint64_t)(unsigned char)key->status);
	h = outmemo_mix(h, key->has_points ? pts : 0);
	h = outmemo_mix_piece(h, &key->value);
	h = outmemo_mix_piece(h, &key->target);
	h = outmemo_mix_piece(h, &key->message);
	return (h ^ (h >> 16)) % OUTMEMO_SLOTS;
}

/* Are two pieces the same value?  Floats by their bits: -0 and 0 differ,
 * as they may when written. */
static int
outmemo_piece_eq(const struct outmemo_piece *a, const struct outmemo_piece *b)
{
	if (a->type != b->type)
		return 0;
	switch (a->type) {
	case OUTMEMO_BOOL:
	case OUTMEMO_INT:
		return a->i == b->i;
	case OUTMEMO_FLOAT:
		return memcmp(&a->n, &b->n, sizeof a->n) == 0;
	case OUTMEMO_STR:
		return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
	default:
		return 1;
	}
}

/* The parts that differ most often first, the long ones last. */
static int
outmemo_key_eq(const struct outmemo_key *a, const struct outmemo_key *b, size_t nfacts)
{
	if (a->status != b->status || a->has_points != b->has_points ||
	    (a->has_points && memcmp(&a->points, &b->points, sizeof a->points) != 0) ||
	    (a->touched == NULL) != (b->touched == NULL) ||
	    !outmemo_piece_eq(&a->value, &b->value) || !outmemo_piece_eq(&a->target, &b->target))
		return 0;
	return outmemo_piece_eq(&a->message, &b->message) &&
	    (a->touched == NULL || memcmp(a->touched, b->touched, nfacts) == 0);
}

const char *
outmemo_find(struct outmemo *m, size_t k, const struct outmemo_key *key, size_t *len,
    unsigned *hash)
{
	const struct outmemo_ent *t;
	size_t slot;

	if (m == NULL || k >= m->nreqs)
		return NULL;
	/* Most often the outcome the last member had: no slot to compute. */
	t = &m->ent[k * OUTMEMO_SLOTS + m->last[k]];
	if (!t->used || !outmemo_key_eq(&t->key, key, m->nfacts)) {
		slot = outmemo_slot(key);
		t = &m->ent[k * OUTMEMO_SLOTS + slot];
		if (!t->used || !outmemo_key_eq(&t->key, key, m->nfacts))
			return NULL;
		m->last[k] = slot;
	}
	*len = t->elen;
	*hash = t->hash;
	return t->elem;
}

/* Copy piece P's string to *at, pointing P there. */
static void
outmemo_copy_str(struct outmemo_piece *p, char **at)
{
	if (p->type != OUTMEMO_STR)
		return;
	memcpy(*at, p->s, p->len);
	p->s = *at;
	*at += p->len;
}

void
outmemo_put(struct outmemo *m, size_t k, const struct outmemo_key *key, const char *elem,
    size_t len, unsigned hash)
{
	struct outmemo_ent *t;
	size_t need, slot;
	char *at;

	if (m == NULL || k >= m->nreqs)
		return;
	slot = outmemo_slot(key);
	t = &m->ent[k * OUTMEMO_SLOTS + slot];
	m->last[k] = slot;
	need = len + (key->touched ? m->nfacts : 0);
	need += key->value.type == OUTMEMO_STR ? key->value.len : 0;
	need += key->target.type == OUTMEMO_STR ? key->target.len : 0;
	need += key->message.type == OUTMEMO_STR ? key->message.len : 0;
	if (need + 1 > t->cap) {
		free(t->buf);
		t->cap = need + 1 > 2 * t->cap ? need + 1 : 2 * t->cap;
		t->buf = xmalloc(t->cap);
	}
	t->key = *key;
	at = t->buf;
	outmemo_copy_str(&t->key.value, &at);
	outmemo_copy_str(&t->key.target, &at);
	outmemo_copy_str(&t->key.message, &at);
	if (key->touched) {
		memcpy(at, key->touched, m->nfacts);
		t->key.touched = (const unsigned char *)at;
		at += m->nfacts;
	}
	memcpy(at, elem, len);
	t->elem = at;
	t->elen = len;
	t->hash = hash;
	t->used = 1;
}
