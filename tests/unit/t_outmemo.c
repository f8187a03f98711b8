/*
 * t_outmemo.c - the memo of outcome elements: an equal key finds the
 * element made for it, by content; a key that differs in any part (a
 * target, the points, a fact read, a string's bytes) does not.
 */
#include <string.h>

#include "outmemo.h"
#include "run.h"
#include "test.h"

void test_outmemo(void);

static struct outmemo_key
key(const char *msg, long long target, const unsigned char *touched)
{
	struct outmemo_key k;

	memset(&k, 0, sizeof k);
	k.status = 'p';
	k.has_points = 1;
	k.points = 5;
	k.value.type = OUTMEMO_FLOAT;
	k.value.n = 2.5;
	k.target.type = OUTMEMO_INT;
	k.target.i = target;
	k.message.type = OUTMEMO_STR;
	k.message.s = msg;
	k.message.len = strlen(msg);
	k.touched = touched;
	return k;
}

static void
case_found_by_content(void)
{
	struct outmemo *m = outmemo_new(2, 3);
	unsigned char t1[3] = { 0, 1, 0 }, t2[3] = { 0, 1, 0 };
	char msg[32] = "short of 20 hours";
	struct outmemo_key k = key(msg, 20, t1);
	const char *el;
	size_t len = 0;
	unsigned h = 0;

	CHECK(outmemo_find(m, 0, &k, &len, &h) == NULL);
	outmemo_put(m, 0, &k, "[\"p\"]", 5, 77);
	/* The caller's bytes change after the put: the memo kept its own. */
	strcpy(msg, "short of 21 hours");
	k = key("short of 20 hours", 20, t2);
	el = outmemo_find(m, 0, &k, &len, &h);
	CHECK(el != NULL && len == 5 && memcmp(el, "[\"p\"]", 5) == 0 && h == 77);
	CHECK(outmemo_find(m, 1, &k, &len, &h) == NULL);
	k = key(msg, 20, t1);
	CHECK(outmemo_find(m, 0, &k, &len, &h) == NULL);
	k = key("short of 20 hours", 21, t1);
	CHECK(outmemo_find(m, 0, &k, &len, &h) == NULL);
	k = key("short of 20 hours", 20, t1);
	k.points = 6;
	CHECK(outmemo_find(m, 0, &k, &len, &h) == NULL);
	k.points = 5;
	k.status = 'f';
	CHECK(outmemo_find(m, 0, &k, &len, &h) == NULL);
	t2[2] = 1;
	k = key("short of 20 hours", 20, t2);
	CHECK(outmemo_find(m, 0, &k, &len, &h) == NULL);
	k = key("short of 20 hours", 20, NULL);
	CHECK(outmemo_find(m, 0, &k, &len, &h) == NULL);
	/* An integer and a float of the same value are different keys. */
	k = key("short of 20 hours", 20, t1);
	k.value.type = OUTMEMO_INT;
	k.value.i = 2;
	CHECK(outmemo_find(m, 0, &k, &len, &h) == NULL);
	outmemo_free(m);
	outmemo_free(NULL);
	CHECK(outmemo_find(NULL, 0, &k, &len, &h) == NULL);
}

/* An element put again for an equal key replaces the older. */
static void
case_replaced(void)
{
	struct outmemo *m = outmemo_new(1, 0);
	struct outmemo_key a = key("a", 1, NULL), b = key("a", 1, NULL);
	size_t len;
	unsigned h;

	outmemo_put(m, 0, &a, "A", 1, 1);
	outmemo_put(m, 0, &b, "B", 1, 2);
	CHECK(outmemo_find(m, 0, &a, &len, &h) != NULL && h == 2);
	outmemo_free(m);
}

/* The hash a worker hands over is the one the writer would compute:
 * the stored run does not depend on who hashed. */
static void
case_hash(void)
{
	CHECK(run_outcome_hash(RUN_MEMBER, 3, "[\"p\"]", 5) ==
	    run_outcome_hash(RUN_MEMBER, 3, "[\"p\"]x", 5));
	CHECK(run_outcome_hash(RUN_MEMBER, 3, "[\"p\"]", 5) !=
	    run_outcome_hash(RUN_ORG, 3, "[\"p\"]", 5));
}

void
test_outmemo(void)
{
	test_case("outmemo: an equal outcome finds its element, by content", case_found_by_content);
	test_case("outmemo: a newer element replaces an older", case_replaced);
	test_case("outmemo: the worker's hash is the writer's", case_hash);
}
