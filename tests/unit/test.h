/*
 * test.h - the unit-test harness.  Each tests/unit/t_NAME.c defines
 * void test_NAME(void) that calls test_case() for each case; the runner
 * (tests/unit/main.c) is generated from the file list by the Makefile.
 * A case fails when any CHECK inside it fails; the run ends with
 * "unit: N passed, N failed".
 */
#ifndef BAODAO_TEST_H
#define BAODAO_TEST_H

#include <stddef.h>

void test_case(const char *name, void (*fn)(void));
int  test_check(int ok, const char *expr, const char *file, int line);
int  test_check_str(const char *got, const char *want, const char *expr,
         const char *file, int line);
int  test_check_int(long long got, long long want, const char *expr,
         const char *file, int line);
/* Print the summary line; 1 when any case failed. */
int  test_report(void);
/* A fresh empty directory for this case's files (removed at exit). */
const char *test_tmpdir(void);

/* A facts plan of the declarations a Lua CHUNK returns as a list of
 * { name, declaration }, each checked (t_facts.c). */
struct facts_plan;
void test_facts_plan(struct facts_plan *plan, const char *chunk);

#define CHECK(c)          test_check(!!(c), #c, __FILE__, __LINE__)
#define CHECK_STR(g, w)   test_check_str((g), (w), #g, __FILE__, __LINE__)
#define CHECK_INT(g, w)   test_check_int((long long)(g), (long long)(w), #g, __FILE__, __LINE__)

#endif
