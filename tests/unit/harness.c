/*
 * harness.c - counts cases and checks for the unit tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"

static int passed, failed, case_failed;
static const char *current;
static char tmproot[256];
static int tmpseq;

int
test_check(int ok, const char *expr, const char *file, int line)
{
	if (!ok) {
		fprintf(stderr, "FAIL %s: %s:%d: %s\n", current, file, line, expr);
		case_failed = 1;
	}
	return ok;
}

int
test_check_str(const char *got, const char *want, const char *expr,
    const char *file, int line)
{
	int ok = (got == NULL && want == NULL) ||
	    (got != NULL && want != NULL && strcmp(got, want) == 0);

	if (!ok) {
		fprintf(stderr, "FAIL %s: %s:%d: %s is \"%s\", want \"%s\"\n",
		    current, file, line, expr, got ? got : "(null)",
		    want ? want : "(null)");
		case_failed = 1;
	}
	return ok;
}

int
test_check_int(long long got, long long want, const char *expr,
    const char *file, int line)
{
	if (got != want) {
		fprintf(stderr, "FAIL %s: %s:%d: %s is %lld, want %lld\n",
		    current, file, line, expr, got, want);
		case_failed = 1;
	}
	return got == want;
}

const char *
test_tmpdir(void)
{
	static char path[300];

	if (tmproot[0] == '\0') {
		snprintf(tmproot, sizeof tmproot, "/tmp/baodao-unit.XXXXXX");
		if (mkdtemp(tmproot) == NULL) {
			perror("mkdtemp");
			exit(3);
		}
	}
	snprintf(path, sizeof path, "%s/%d", tmproot, ++tmpseq);
	if (mkdir(path, 0700) != 0) {
		perror(path);
		exit(3);
	}
	return path;
}

void
test_case(const char *name, void (*fn)(void))
{
	current = name;
	case_failed = 0;
	fn();
	if (case_failed)
		failed++;
	else
		passed++;
}

int
test_report(void)
{
	char cmd[300];

	if (tmproot[0] != '\0') {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmproot);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", tmproot);
	}
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
